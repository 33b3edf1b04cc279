"""SHACL shapes: the shipped data conforms, and each shape catches its own violation.

The loader already rejects most of these in YAML (a missing committer, a bad date), so the
violations are made in RDF, as an importer or a hand-edited graph could produce them.
"""

from __future__ import annotations

import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.term import Node

from pactgraph.load.curated import read_records
from pactgraph.load.shapes import load_shapes, shape_problems
from pactgraph.load.triples import records_to_graph
from pactgraph.model import vocab
from pactgraph.model.ontology import load_ontology
from pactgraph.model.records import AnyRecord
from pactgraph.model.resources import default_data_dir

PG, ID = vocab.ONTOLOGY, vocab.INSTANCES
PROV = vocab.PROV


@pytest.fixture(scope="module")
def shipped() -> tuple[Graph, tuple[AnyRecord, ...]]:
    records = read_records(default_data_dir())
    return records_to_graph(records), records


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


def test_the_shipped_data_conforms(
    shipped: tuple[Graph, tuple[AnyRecord, ...]], ontology: Graph
) -> None:
    graph, records = shipped
    assert shape_problems(graph, ontology=ontology, records=records) == []


def test_one_shape_per_record_kind_and_the_evidence() -> None:
    shapes = load_shapes()
    targets = {
        str(o) for o in shapes.objects(None, URIRef("http://www.w3.org/ns/shacl#targetClass"))
    }
    kinds = ["Actor", "State", "Document", "Agreement", "Commitment", "Capability", "Transfer"]
    kinds += ["Event", "Assessment", "Affiliation", "Participation"]
    assert targets == {PG + k for k in kinds} | {PROV + "Derivation"}


def n(record: str) -> URIRef:
    return URIRef(ID + record)


def pg(name: str) -> URIRef:
    return URIRef(PG + name)


LABEL = URIRef("http://www.w3.org/2000/01/rdf-schema#label")
DAY = URIRef(vocab.XSD + "date")
COMMITMENT = n("commitment/ru-kp-defense-2024")
TREATY = n("agreement/ru-kp-comprehensive-strategic-partnership-2024")
Triple = tuple[URIRef, URIRef, URIRef | Literal | None]

# shape -> (triples removed, triples added, the problem expected, after "file:line: ")
CASES: dict[str, tuple[list[Triple], list[Triple], str]] = {
    "Actor": (
        [(n("grouping/quad"), LABEL, None)],
        [],
        "grouping/quad: field 'rdfs:label': required, but missing",
    ),
    "State": (
        [],
        [(n("state/PRK"), pg("isoCode"), Literal("KOR"))],
        "state/PRK: field 'ISO 3166 code': more than one value, where one is allowed",
    ),
    "Document": (
        [],
        [
            (
                n("document/38is-us-japan-treaty-1960"),
                URIRef(vocab.DCTERMS + "issued"),
                Literal("last year"),
            )
        ],
        "document/38is-us-japan-treaty-1960: field 'dcterms:issued': 'last year' is not a date "
        "(YYYY, YYYY-MM or YYYY-MM-DD)",
    ),
    "Agreement": (
        [(TREATY, pg("party"), None)],
        [],
        "agreement/ru-kp-comprehensive-strategic-partnership-2024: field 'has party': "
        "required, but missing",
    ),
    "Commitment": (
        [(COMMITMENT, pg("committer"), None)],
        [],
        "commitment/ru-kp-defense-2024: field 'committer': required, but missing",
    ),
    "Commitment dates": (
        [],
        [
            (COMMITMENT, pg("validTo"), Literal("2023", datatype=URIRef(vocab.XSD + "gYear"))),
            (COMMITMENT, pg("validToDay"), Literal("2023-01-01", datatype=DAY)),
        ],
        "commitment/ru-kp-defense-2024: ends (2023) before it starts (2024-12-04)",
    ),
    "Capability": (
        [],
        [(n("capability/kn-23"), pg("manufacturedIn"), n("grouping/quad"))],
        "capability/kn-23: field 'manufactured in': pgid:grouping/quad is not a pg:State",
    ),
    "Transfer": (
        [(n("transfer/foreign-components-kp"), pg("item"), None)],
        [],
        "transfer/foreign-components-kp: field 'item': required, but missing",
    ),
    "Event": (
        [(n("event/camp-david-summit-2023"), pg("eventType"), None)],
        [],
        "event/camp-david-summit-2023: field 'event type': required, but missing",
    ),
    "Assessment": (
        [(n("assessment/article-4-connotes-mutual-defense"), pg("reading"), None)],
        [],
        "assessment/article-4-connotes-mutual-defense: field 'reading': required, but missing",
    ),
    "Affiliation": (
        [(n("affiliation/asia-pacific-four-nato"), pg("roleIn"), None)],
        [(n("affiliation/asia-pacific-four-nato"), pg("roleIn"), TREATY)],
        "affiliation/asia-pacific-four-nato: field 'role in': "
        "pgid:agreement/ru-kp-comprehensive-strategic-partnership-2024 is not a pg:Actor",
    ),
    "Evidence present": (
        [(COMMITMENT, URIRef(PROV + "qualifiedDerivation"), None)],
        [],
        "commitment/ru-kp-defense-2024: field 'prov:qualifiedDerivation': has no source: cite a "
        "document and the quote that supports it",
    ),
    "Derivation": (
        [(URIRef(f"{COMMITMENT}/evidence/1"), pg("quote"), None)],
        [],
        "commitment/ru-kp-defense-2024, evidence 1: field 'quote': required, but missing",
    ),
}


def record_of(node: Node) -> str:
    """The record a node belongs to: itself, or the record whose part it is (its evidence)."""
    return "/".join(str(node).removeprefix(ID).split("/")[:2])


def neighbourhood(graph: Graph, subjects: set[URIRef], *, hops: int = 2) -> tuple[Graph, set[str]]:
    """The records within ``hops`` links of ``subjects``, each with all its parts, and the
    types of the nodes one link further, which shapes check classes against; and the ids of
    those records (problems elsewhere are the cut's own)."""
    near = {record_of(node) for node in subjects}
    frontier = set(near)
    for _ in range(hops):
        reached = {
            record_of(o)
            for s in graph.subjects()
            if record_of(s) in frontier
            for o in graph.objects(s)
            if not isinstance(o, Literal)
        }
        frontier = reached - near
        near |= reached
    found = Graph()
    for node, p, o in graph:
        if record_of(node) in near:
            found.add((node, p, o))
            if not isinstance(o, Literal):
                for kind in graph.objects(o, RDF.type):
                    found.add((o, RDF.type, kind))
    return found, near


@pytest.mark.parametrize("shape", sorted(CASES))
def test_each_shape_reports_its_violation_on_the_record(
    shipped: tuple[Graph, tuple[AnyRecord, ...]], ontology: Graph, shape: str
) -> None:
    graph, records = shipped
    remove, add, expected = CASES[shape]
    # The records around the one changed, not all 700 (pyshacl takes half a minute on those; the
    # shipped data's conformance is checked whole above).
    changed, whole = neighbourhood(graph, {triple[0] for triple in [*remove, *add]})
    for triple in remove:
        changed.remove(triple)
    for triple in add:
        changed.add(triple)  # type: ignore[arg-type]
    found = [
        p
        for p in shape_problems(changed, ontology=ontology, records=records)
        if p.record.split(",")[0] in whole
    ]
    assert [str(p).split(": ", 1)[1] for p in found] == [expected]
    assert found[0].line is not None
    assert found[0].path.name.endswith(".yaml")


def test_mixed_precision_is_not_an_inversion(
    shipped: tuple[Graph, tuple[AnyRecord, ...]], ontology: Graph
) -> None:
    """Valid from 2024-12-04 to "2024": the year 2024 does not end before December 4th."""
    graph, records = shipped
    changed, whole = neighbourhood(graph, {COMMITMENT})
    changed.add((COMMITMENT, pg("validTo"), Literal("2024", datatype=URIRef(vocab.XSD + "gYear"))))
    changed.add((COMMITMENT, pg("validToDay"), Literal("2024-01-01", datatype=DAY)))
    found = shape_problems(changed, ontology=ontology, records=records)
    assert [p for p in found if p.record.split(",")[0] in whole] == []
