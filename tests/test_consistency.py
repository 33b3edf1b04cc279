"""HermiT's consistency check, the records it names, and the skip without Java."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, URIRef

from pactgraph.load.checks import PROBLEMS_FOUND, validate
from pactgraph.load.consistency import check_consistency, disjoint_kinds, hermit_view
from pactgraph.load.curated import read_records
from pactgraph.load.triples import records_to_graph
from pactgraph.model import vocab
from pactgraph.model.ontology import load_ontology

from .conftest import MINIMAL, write_data

LEADER = """\
    - id: affiliation/rus-leads-prk
      subject: state/RUS
      role: leader_of
      object: state/PRK
      sources:
        - document: document/source
          quote: leads
    """
CLASH = (
    "pgid:state/RUS is typed as both Person and State, which the ontology declares disjoint "
    "(a Person as the subject of 'leader of' state/PRK, actors.yaml:1)"
)


def graph_of(data: Path) -> tuple[Graph, tuple[object, ...]]:
    records = read_records(data)
    return records_to_graph(records) + load_ontology(), records


@pytest.mark.java
def test_a_state_that_leads_a_state_is_inconsistent(tmp_path: Path) -> None:
    """Only persons lead (the domain of 'leader of'), and states and persons are disjoint."""
    data = write_data(tmp_path / "data", {**MINIMAL, "affiliations.yaml": LEADER})
    report = validate(data_dir=data)
    assert report.exit_code == PROBLEMS_FOUND
    lines = report.text().splitlines()
    assert lines[0] == f"{data / 'actors.yaml'}:5: state/RUS: {CLASH}"
    assert lines[1].startswith("ontology and data are inconsistent (HermiT, ")
    assert lines[2] == (
        "1 problem in 6 records (checked schema, references, dates, statuses, ontology terms, "
        "shapes, consistency)"
    )


@pytest.mark.java
def test_the_minimal_data_is_consistent(minimal_data: Path) -> None:
    graph, records = graph_of(minimal_data)
    result = check_consistency(graph, records=records)  # type: ignore[arg-type]
    assert (result.verdict, result.problems) == ("consistent", ())
    assert result.note().startswith("ontology and data are consistent (HermiT, ")


def test_one_record_typed_as_two_disjoint_kinds_is_named(minimal_data: Path) -> None:
    """An RDF fixture: the loader gives each record one kind, an import might not."""
    graph, records = graph_of(minimal_data)
    graph.add((URIRef(vocab.instance("state/PRK")), RDF.type, URIRef(vocab.term("Agreement"))))
    found = [str(p) for p in disjoint_kinds(graph, records=records)]  # type: ignore[arg-type]
    assert found == [
        f"{minimal_data / 'actors.yaml'}:1: state/PRK: pgid:state/PRK is typed as both Actor and "
        "Agreement, which the ontology declares disjoint"
    ]


@pytest.mark.java
def test_hermit_agrees_that_it_is_inconsistent(minimal_data: Path) -> None:
    graph, records = graph_of(minimal_data)
    graph.add((URIRef(vocab.instance("state/PRK")), RDF.type, URIRef(vocab.term("Agreement"))))
    result = check_consistency(graph, records=records)  # type: ignore[arg-type]
    assert result.verdict == "inconsistent"
    assert [p.record for p in result.problems] == ["state/PRK"]


def test_without_java_the_check_is_skipped_and_says_how_to_get_it(
    minimal_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", "")
    report = validate(data_dir=minimal_data)
    assert report.exit_code == 0
    assert report.text().splitlines() == [
        "consistency check skipped: Java was not found; install a Java runtime "
        "(e.g. apt-get install default-jre-headless) to run it",
        "no problems in 5 records (checked schema, references, dates, statuses, ontology terms, "
        "shapes)",
    ]


def test_hermit_sees_no_dates_nor_date_ranges(minimal_data: Path) -> None:
    graph, _ = graph_of(minimal_data)
    view = hermit_view(graph)
    datatypes = {o.datatype for o in view.objects() if isinstance(o, Literal)}
    assert not {URIRef(vocab.XSD + n) for n in ("date", "gYear", "gYearMonth")} & datatypes
    assert (
        URIRef(vocab.term("validFromDay")),
        URIRef(str(vocab.PREFIXES["rdfs"]) + "range"),
        URIRef(vocab.XSD + "date"),
    ) not in view
    assert (URIRef(vocab.instance("state/RUS")), RDF.type, URIRef(vocab.term("State"))) in view


@pytest.mark.java
def test_a_class_that_can_have_no_members_is_named(minimal_data: Path) -> None:
    graph, records = graph_of(minimal_data)
    odd = URIRef(vocab.ONTOLOGY + "StatePerson")
    graph.add((odd, RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")))
    for kind in ("State", "Person"):
        graph.add(
            (
                odd,
                URIRef("http://www.w3.org/2000/01/rdf-schema#subClassOf"),
                URIRef(vocab.ONTOLOGY + kind),
            )
        )
    result = check_consistency(graph, records=records)  # type: ignore[arg-type]
    assert result.verdict == "inconsistent"
    assert [p.message for p in result.problems] == [
        "the class pg:StatePerson can have no members (unsatisfiable)"
    ]
