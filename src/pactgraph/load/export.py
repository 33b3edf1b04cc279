"""Compiling ontology + graph_data into one RDF graph, and writing it all or nothing."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pactgraph.errors import SetupError
from pactgraph.load.curated import read_records
from pactgraph.load.output import write_atomic
from pactgraph.model import records as r
from pactgraph.model.ontology import load_ontology

if TYPE_CHECKING:
    from rdflib import Graph

FORMATS = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld", "xml": "xml"}
SUFFIXES = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".jsonld": "jsonld",
    ".json": "jsonld",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
}


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote: where, in which format, and how much."""

    output: Path | None
    format: str
    triples: int
    records: dict[str, int]

    def summary(self) -> str:
        counts = ", ".join(f"{n} {kind}" for kind, n in sorted(self.records.items()))
        where = str(self.output) if self.output else "stdout"
        return f"wrote {self.triples} triples to {where} ({self.format}): {counts}"


def compile_graph(
    *, data_dir: Path, include_ontology: bool = True
) -> tuple[Graph, tuple[r.AnyRecord, ...]]:
    """Ontology plus curated records as one graph; raises InputError on any data problem."""
    from pactgraph.load.triples import records_to_graph

    records = read_records(data_dir)
    graph = records_to_graph(records)
    if include_ontology:
        graph += load_ontology()
    return graph, records


def serialize(graph: Graph, format: str) -> bytes:
    """The graph in one of FORMATS; N-Triples are sorted, so the same input gives the same bytes."""
    if format not in FORMATS:
        raise SetupError(f"unknown format '{format}' (choose from {', '.join(FORMATS)})")
    if format == "nt":
        return sorted_ntriples(graph)
    return graph.serialize(format=FORMATS[format], encoding="utf-8")


def sorted_ntriples(graph: Graph) -> bytes:
    """Sorted N-Triples, blank nodes given labels derived from their content (not parse order)."""
    from rdflib import BNode, Graph
    from rdflib.compare import to_canonical_graph

    plain, with_blanks = Graph(), Graph()
    for triple in graph:
        (with_blanks if any(isinstance(term, BNode) for term in triple) else plain).add(triple)
    lines = plain.serialize(format="nt", encoding="utf-8").splitlines()
    if len(with_blanks):
        canonical = to_canonical_graph(with_blanks)
        lines += canonical.serialize(format="nt", encoding="utf-8").splitlines()
    return b"".join(line + b"\n" for line in sorted(set(lines)) if line.strip())


def format_for(output: Path | None, format: str | None) -> str:
    """The explicit format, else the one the output's suffix names, else Turtle."""
    if format:
        return format
    if output is not None and output.suffix.lower() in SUFFIXES:
        return SUFFIXES[output.suffix.lower()]
    return "turtle"


def build(
    *, data_dir: Path, output: Path | None = None, format: str | None = None
) -> tuple[BuildResult, bytes]:
    """Compile and serialise; writes ``output`` atomically when given, else returns the bytes."""
    chosen = format_for(output, format)
    if chosen not in FORMATS:
        raise SetupError(f"unknown format '{chosen}' (choose from {', '.join(FORMATS)})")
    graph, records = compile_graph(data_dir=data_dir)
    data = serialize(graph, chosen)
    if output is not None:
        write_atomic(output, data)
    kinds = Counter(type(record).__name__.lower() for record in records)
    return BuildResult(output, chosen, len(graph), dict(kinds)), data
