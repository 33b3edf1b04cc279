"""validate(): the report and its exit codes, as the CLI documents them."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, URIRef

from pactgraph.checks import CLEAN, PROBLEMS_FOUND, undeclared_terms, validate
from pactgraph.ontology import load_ontology
from pactgraph.problems import SetupError
from pactgraph.records import Actor


def test_clean_data_reports_no_problems(minimal_data: Path) -> None:
    report = validate(data_dir=minimal_data)
    assert report.exit_code == CLEAN
    assert report.text() == (
        "no problems in 5 records (checked schema, references, dates, statuses, ontology terms)"
    )


def test_problems_found(minimal_data: Path) -> None:
    (minimal_data / "documents.yaml").write_text("", encoding="utf-8")
    report = validate(data_dir=minimal_data)
    assert report.exit_code == PROBLEMS_FOUND
    assert report.text().splitlines()[-1].startswith("1 problem in 4 records")


def test_cannot_run_without_data(tmp_path: Path) -> None:
    with pytest.raises(SetupError):
        validate(data_dir=tmp_path / "absent")


def test_terms_the_ontology_does_not_declare_are_reported() -> None:
    actor = Actor(id="state/XXX", label="X", kind="state")
    ontology = load_ontology()
    assert undeclared_terms((actor,), ontology) == []

    state = URIRef("https://w3id.org/pactgraph/ontology#State")
    ontology.remove((state, RDF.type, None))
    found = undeclared_terms((actor,), ontology)
    assert [p.message for p in found] == [
        f"the data uses <{state}>, which the ontology does not declare"
    ]
