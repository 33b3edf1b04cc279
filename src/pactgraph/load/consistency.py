"""OWL consistency of ontology + data by HermiT (through owlready2), in an analyst's words.

HermiT knows only the OWL 2 datatype map: it rejects xsd:date, xsd:gYear and xsd:gYearMonth, and
IRIs with non-ASCII letters typed xsd:anyURI. It is given the ontology and data as N-Triples (the
only syntax besides RDF/XML that owlready2 reads) without literals of other datatypes and without
the rdfs:range axioms that name them: dates are checked by the loader and the SHACL shapes instead.
HermiT says only "inconsistent"; to name the records, a cheap pass then looks for an individual
whose kinds (asserted, or implied by a property's domain or range) include two disjoint classes.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pactgraph.errors import SetupError
from pactgraph.load.shapes import locate
from pactgraph.model import records as r
from pactgraph.model.ontology import ontology_path
from pactgraph.model.problems import Problem
from pactgraph.model.vocab import PREFIXES, compact

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

GET_JAVA = "install a Java runtime (e.g. apt-get install default-jre-headless) to run it"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_HERMIT_SAFE = {f"{_XSD}{name}" for name in ("string", "boolean", "integer", "decimal")}


@dataclass(frozen=True)
class Consistency:
    """HermiT's verdict: consistent, inconsistent or skipped, with the problems it explains."""

    verdict: str  # "consistent" | "inconsistent" | "skipped"
    seconds: float
    problems: tuple[Problem, ...] = ()

    def note(self) -> str:
        if self.verdict == "skipped":
            return f"consistency check skipped: Java was not found; {GET_JAVA}"
        return f"ontology and data are {self.verdict} (HermiT, {self.seconds:.1f} s)"


def hermit_view(graph: Graph) -> Graph:
    """The graph without what HermiT rejects (see the module docstring)."""
    from rdflib import RDFS, Graph, Literal, URIRef

    unsafe = {URIRef(f"{_XSD}{n}") for n in ("date", "gYear", "gYearMonth", "anyURI", "dateTime")}
    view = Graph()
    for prefix, namespace in PREFIXES.items():
        view.bind(prefix, namespace)
    for s, p, o in graph:
        if (
            isinstance(o, Literal)
            and o.datatype is not None
            and str(o.datatype) not in _HERMIT_SAFE
        ):
            continue
        if p == RDFS.range and o in unsafe:
            continue
        view.add((s, p, o))
    return view


def _hermit(path: Path) -> tuple[bool, list[str]]:
    """HermiT (the jar owlready2 ships) asked only for consistency and unsatisfiable classes.

    owlready2's ``sync_reasoner_hermit`` also classifies every property and realises every
    individual, which on 700 records took 80 s where this takes 10 s; nothing here needs more.
    """
    import subprocess

    import owlready2
    from owlready2.reasoning import _HERMIT_CLASSPATH

    command = [
        owlready2.JAVA_EXE,
        f"-Xmx{owlready2.reasoning.JAVA_MEMORY}M",
        "-cp",
        _HERMIT_CLASSPATH,
        "org.semanticweb.HermiT.cli.CommandLine",
        "-U",  # the classes equivalent to owl:Nothing; fails at once if inconsistent
        path.as_uri(),
    ]
    ran = subprocess.run(command, capture_output=True, text=True, check=False)
    if "InconsistentOntologyException" in ran.stderr:
        return False, []
    if ran.returncode != 0:
        raise SetupError(f"HermiT failed: {(ran.stderr.strip().splitlines() or ['?'])[0]}")
    return True, re.findall(r"^\t(\S+)$", ran.stdout, flags=re.M)


def check_consistency(graph: Graph, *, records: Iterable[r.AnyRecord] = ()) -> Consistency:
    """Run HermiT on ``graph`` (ontology and data); skipped, not failed, without Java."""
    import owlready2

    if shutil.which(owlready2.JAVA_EXE) is None:
        return Consistency("skipped", 0.0)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="pactgraph-hermit-") as work:
        path = Path(work) / "graph.owl"
        view = hermit_view(graph)
        path.write_bytes(view.serialize(format="xml", encoding="utf-8"))
        consistent, names = _hermit(path)
    # HermiT names classes with the document's prefixes (or as <IRI> where it has none).
    namespaces = {prefix: str(ns) for prefix, ns in view.namespaces()}
    unsatisfiable = []
    for name in names:
        prefix, _, local = name.strip("<>").partition(":")
        iri = name.strip("<>") if name.startswith("<") else namespaces.get(prefix, "") + local
        if iri != "http://www.w3.org/2002/07/owl#Nothing":
            unsatisfiable.append(iri)
    if not consistent:
        seconds = time.perf_counter() - started
        found = tuple(disjoint_kinds(graph, records=records))
        if not found:
            found = (
                Problem(
                    ontology_path(),
                    None,
                    "HermiT finds ontology and data "
                    "inconsistent; open `pactgraph build -o x.owl` in Protégé to see why",
                ),
            )
        return Consistency("inconsistent", seconds, found)
    seconds = time.perf_counter() - started
    problems = tuple(
        Problem(
            ontology_path(), None, f"the class {compact(c)} can have no members (unsatisfiable)"
        )
        for c in unsatisfiable
    )
    return Consistency("inconsistent" if problems else "consistent", seconds, problems)


def disjoint_kinds(graph: Graph, *, records: Iterable[r.AnyRecord] = ()) -> Iterator[Problem]:
    """Individuals of two disjoint classes, and why each class applies (asserted or implied)."""
    from rdflib import OWL, RDF, RDFS, URIRef

    records = tuple(records)
    disjoint: set[frozenset[Node]] = set()
    for group in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        members = list(graph.items(graph.value(group, OWL.members) or RDF.nil))
        disjoint |= {frozenset((a, b)) for a in members for b in members if a != b}
    disjoint |= {frozenset((a, b)) for a, b in graph.subject_objects(OWL.disjointWith)}
    domains = {p: d for p, d in graph.subject_objects(RDFS.domain) if isinstance(d, URIRef)}
    ranges = {p: c for p, c in graph.subject_objects(RDFS.range) if isinstance(c, URIRef)}
    kinds: dict[Node, dict[Node, str]] = {}  # individual -> class -> why

    def add(node: Node, cls: Node, why: str) -> None:
        known = kinds.setdefault(node, {})
        for ancestor in graph.transitive_objects(cls, RDFS.subClassOf):
            if ancestor is not None and (not why or ancestor not in known):
                known[ancestor] = why  # an asserted kind needs no explanation: it wins

    for s, p, o in graph:
        if p == RDF.type and (o, RDF.type, OWL.Class) in graph:
            add(s, o, "")
        elif p in domains:
            add(s, domains[p], f"as the subject of '{_name(graph, p)}' {_rid(o, records)}")
        if p in ranges and isinstance(o, URIRef) and (ranges[p], RDF.type, OWL.Class) in graph:
            add(o, ranges[p], f"as the '{_name(graph, p)}' of {_rid(s, records)}")
    for node, classes in sorted(kinds.items()):
        clashes = sorted(
            {tuple(sorted(pair, key=str)) for pair in disjoint if pair <= classes.keys()}, key=str
        )
        for first, second in clashes:
            reasons = "; ".join(
                f"a {_name(graph, c)} {classes[c]}" for c in (first, second) if classes[c]
            )
            path, line, record = locate(node, records)
            message = (
                f"{compact(str(node))} is typed as both {_name(graph, first)} and "
                f"{_name(graph, second)}, which the ontology declares disjoint"
                + (f" ({reasons})" if reasons else "")
            )
            yield Problem(path, line, message, record)


def _name(graph: Graph, term: Node) -> str:
    from rdflib import RDFS

    label = graph.value(term, RDFS.label)
    return str(label) if label is not None else compact(str(term))


def _rid(node: Node, records: Iterable[r.AnyRecord]) -> str:
    path, line, record = locate(node, records)
    where = f", {path.name}:{line}" if line else ""
    return f"{record}{where}"
