"""Records to RDF: n-ary commitments, evidence as PROV derivations, dates with their precision."""

from __future__ import annotations

from pathlib import Path

from rdflib import RDF, XSD, BNode, Literal, URIRef

from pactgraph.load.curated import read_records
from pactgraph.load.triples import PG, PROV, commitment_validity, iri, records_to_graph
from pactgraph.model.dates import PartialDate
from pactgraph.model.records import Commitment, Evidence


def test_commitment_is_a_node_with_validity_from_its_basis(minimal_data: Path) -> None:
    graph = records_to_graph(read_records(minimal_data))
    node = iri("commitment/ru-kp")
    assert (node, RDF.type, PG.Commitment) in graph
    assert graph.value(node, PG.committer) == iri("state/RUS")
    assert graph.value(node, PG.beneficiary) == iri("state/PRK")
    assert graph.value(node, PG.obligationType) == URIRef(
        "https://w3id.org/pactgraph/id/concept/obligation/defense"
    )
    assert graph.value(node, PG.basisArticle) == URIRef(f"{iri('agreement/treaty')}/article/4")
    assert graph.value(node, PG.validFrom) == Literal("2024-12-04", datatype=XSD.date)
    assert graph.value(node, PG.validTo) is None


def test_generated_label_names_both_sides(minimal_data: Path) -> None:
    graph = records_to_graph(read_records(minimal_data))
    assert str(
        graph.value(iri("commitment/ru-kp"), URIRef("http://www.w3.org/2000/01/rdf-schema#label"))
    ) == ("Russia defense commitment to North Korea")


def test_evidence_is_a_qualified_derivation_with_the_quote(minimal_data: Path) -> None:
    graph = records_to_graph(read_records(minimal_data))
    node = iri("commitment/ru-kp")
    derivation = graph.value(node, PROV.qualifiedDerivation)
    assert derivation == URIRef(f"{node}/evidence/1")
    assert graph.value(derivation, PROV.entity) == iri("document/source")
    assert graph.value(derivation, PG.quote) == Literal(
        "shall provide military and other assistance"
    )
    assert (node, PROV.wasDerivedFrom, iri("document/source")) in graph


def test_no_blank_nodes_in_data(minimal_data: Path) -> None:
    graph = records_to_graph(read_records(minimal_data))
    assert not [t for t in graph if any(isinstance(term, BNode) for term in t)]


def test_dates_keep_precision_and_approximation() -> None:
    commitment = Commitment(
        id="commitment/x",
        committer="state/PRK",
        beneficiary="state/RUS",
        obligation="arms_supply",
        valid_from=PartialDate.parse("2023-09~"),
        valid_to=PartialDate.parse("2025"),
        evidence=(Evidence("document/a", "q"),),
    )
    graph = records_to_graph([commitment])
    node = iri("commitment/x")
    assert graph.value(node, PG.validFrom) == Literal("2023-09", datatype=XSD.gYearMonth)
    assert graph.value(node, PG.validTo) == Literal("2025", datatype=XSD.gYear)
    assert (node, PG.approximateDate, PG.validFrom) in graph
    assert (node, PG.approximateDate, PG.validTo) not in graph


def test_own_validity_wins_over_the_basis(minimal_data: Path) -> None:
    records = {record.id: record for record in read_records(minimal_data)}
    commitment = records["commitment/ru-kp"]
    assert isinstance(commitment, Commitment)
    own = Commitment(
        id="commitment/y",
        committer="state/RUS",
        beneficiary="state/PRK",
        obligation="defense",
        basis="agreement/treaty",
        valid_to=PartialDate.parse("2030"),
    )
    assert commitment_validity(own, records) == (
        PartialDate("2024-12-04", "day"),
        PartialDate("2030", "year"),
    )


def test_an_alpha2_code_cites_its_row_apart_from_the_records_own_evidence() -> None:
    from rdflib import Graph

    from pactgraph.load.triples import alpha2_triples

    row = Evidence(document="document/codes", quote="North Korea,PRK,KP", locator="line 3")
    graph = Graph()
    for triple in alpha2_triples("state/PRK", code="KP", evidence=(row,)):
        graph.add(triple)
    node = iri("state/PRK")
    assert list(graph.objects(node, PG.isoAlpha2Code)) == [Literal("KP")]
    derivation = graph.value(node, PROV.qualifiedDerivation)
    assert derivation == URIRef(f"{node}/iso-alpha-2/evidence/1")  # not the curated evidence/1
    assert graph.value(derivation, PG.quote) == Literal("North Korea,PRK,KP")
    uncited = list(alpha2_triples("state/PRK", code="KP", evidence=()))
    assert uncited == [(node, PG.isoAlpha2Code, Literal("KP"))]
