"""validate(): the report and its exit codes, as the CLI documents them."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, URIRef

from pactgraph.errors import SetupError
from pactgraph.load.checks import CLEAN, PROBLEMS_FOUND, undeclared_terms, validate
from pactgraph.model.ontology import load_ontology
from pactgraph.model.records import Actor


@pytest.mark.java
def test_clean_data_reports_no_problems(minimal_data: Path) -> None:
    report = validate(data_dir=minimal_data)
    assert report.exit_code == CLEAN
    lines = report.text().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("ontology and data are consistent (HermiT, ")
    assert lines[1] == (
        "no problems in 5 records (checked schema, references, dates, statuses, ontology terms, "
        "shapes, consistency)"
    )


def test_problems_found(minimal_data: Path) -> None:
    (minimal_data / "documents.yaml").write_text("", encoding="utf-8")
    report = validate(data_dir=minimal_data)
    assert report.exit_code == PROBLEMS_FOUND
    assert report.text().splitlines()[-1] == (
        "1 problem in 4 records (checked schema, references, dates, statuses, ontology terms)"
    )  # shapes and consistency run on clean records only


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


def test_the_shipped_data_uses_only_declared_terms() -> None:
    from pactgraph.load.curated import read_records
    from pactgraph.model.resources import default_data_dir

    assert undeclared_terms(read_records(default_data_dir()), load_ontology()) == []
