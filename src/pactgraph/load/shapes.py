"""SHACL shapes (ontology/shapes.ttl) run by pyshacl, each result a Problem at its record's line.

pyshacl is called as a library: its command line exits 1 both for "does not conform" and for
"could not parse". The data graph is the union of data and ontology, with no inference: the
ontology gives the subclass links that sh:class and sh:targetClass follow, and leaving RDFS
inference off keeps sh:class honest (a range would otherwise type any value as the class asked for).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from pactgraph.errors import SetupError
from pactgraph.model import records as r
from pactgraph.model.ontology import ontology_path
from pactgraph.model.problems import Problem
from pactgraph.model.vocab import compact

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

SH = "http://www.w3.org/ns/shacl#"


def shapes_path() -> Path:
    return ontology_path().with_name("shapes.ttl")


def load_shapes(path: Path | None = None) -> Graph:
    from rdflib import Graph
    from rdflib.plugins.parsers.notation3 import BadSyntax

    source = path or shapes_path()
    try:
        return Graph().parse(source, format="turtle")
    except (OSError, BadSyntax) as error:
        raise SetupError(f"cannot read the shapes {source}: {error}") from error


def locate(node: Node, records: Iterable[r.AnyRecord]) -> tuple[Path, int | None, str | None]:
    """The file, line and id of the record a node belongs to (its evidence, articles, claims)."""
    from pactgraph.model.vocab import INSTANCES

    text = str(node).removeprefix(INSTANCES)
    best: r.AnyRecord | None = None
    for record in records:
        if (text == record.id or text.startswith(record.id + "/")) and (
            best is None or len(record.id) > len(best.id)
        ):
            best = record
    if best is None or best.origin is None:
        return Path("<graph>"), None, text if text != str(node) else f"<{node}>"
    return best.origin.path, best.origin.line or None, best.id


def shape_problems(
    data: Graph, *, ontology: Graph, records: Iterable[r.AnyRecord] = ()
) -> list[Problem]:
    """Every SHACL violation of ``data`` (ontology terms come from ``ontology``)."""
    import pyshacl
    from rdflib import RDFS, Graph, URIRef

    from pactgraph.model.vocab import INSTANCES

    union = Graph()
    union += data
    union += ontology
    shapes = load_shapes()
    conforms, report, _ = pyshacl.validate(
        union, shacl_graph=shapes, inference="none", advanced=True
    )
    if conforms:
        return []
    assert isinstance(report, Graph)
    records = tuple(records)
    problems = []
    for result in report.objects(None, URIRef(SH + "result")):  # not the nested sh:detail
        focus = report.value(result, URIRef(SH + "focusNode"))
        assert focus is not None  # every result has one
        path = report.value(result, URIRef(SH + "resultPath"))
        label = ontology.value(path, RDFS.label) if path is not None else None
        field = str(label) if label is not None else _short(path) if path is not None else None
        message = _message(report, result, shapes)
        where, line, record = locate(focus, records)
        part = str(focus).removeprefix(f"{INSTANCES}{record}/")
        if part != str(focus):  # a part of the record (its evidence, an article): say which
            record = f"{record}, {part.replace('/', ' ')}"
        problems.append(Problem(where, line, message, record, field))
    return sorted(set(problems), key=lambda p: (str(p.path), p.line or 0, p.message))


def _short(node: Node) -> str:
    return compact(str(node))


def _message(report: Graph, result: Node, shapes: Graph) -> str:
    """The failure in words: the shape's own sh:message where it has one."""
    from rdflib import Literal, URIRef

    def get(graph: Graph, subject: Node | None, name: str) -> Node | None:
        return graph.value(subject, URIRef(SH + name)) if subject is not None else None

    shape = get(report, result, "sourceShape")
    own = get(shapes, shape, "message")
    if own is not None or get(report, result, "sourceConstraint") is not None:
        return str(get(report, result, "resultMessage") or own)  # SPARQL: sh:message, filled in
    component = str(get(report, result, "sourceConstraintComponent")).removeprefix(SH)
    value = get(report, result, "value")
    shown = f"'{value}'" if isinstance(value, Literal) else _short(value) if value else ""
    expected = get(shapes, shape, "class")
    datatype = get(shapes, shape, "datatype")
    words = {
        "MinCountConstraintComponent": "required, but missing",
        "MaxCountConstraintComponent": "more than one value, where one is allowed",
        "ClassConstraintComponent": f"{shown} is not a {_short(expected) if expected else '?'}",
        "NodeConstraintComponent": f"{shown} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)",
        "DatatypeConstraintComponent": f"{shown} is not a {_short(datatype) if datatype else '?'}",
        "MinLengthConstraintComponent": "empty",
        "MaxLengthConstraintComponent": "too long: a quote supports a statement, it does not "
        "copy the source",
        "PatternConstraintComponent": f"{shown} does not match {get(shapes, shape, 'pattern')}",
    }
    return words.get(component, str(get(report, result, "resultMessage") or component))
