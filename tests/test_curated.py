"""The graph_data loader: records from YAML, and a clear problem for every kind of bad input."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from pactgraph.errors import InputError, SetupError
from pactgraph.load.curated import inspect, read_records
from pactgraph.model import records as r

from .conftest import MINIMAL, write_data


@pytest.fixture(autouse=True)
def _inside_data(minimal_data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Problems name files relative to the working directory; work where the data is."""
    monkeypatch.chdir(minimal_data)


def problems_for(directory: Path, name: str, text: str) -> list[str]:
    """Replace one file of a valid dataset and return the problems, as printed."""
    (directory / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return [str(p) for p in inspect(directory).problems]


def test_minimal_data_loads_into_typed_records(minimal_data: Path) -> None:
    records = {record.id: record for record in read_records(minimal_data)}
    treaty = records["agreement/treaty"]
    assert isinstance(treaty, r.Agreement)
    assert treaty.parties == ("state/PRK", "state/RUS")
    assert treaty.date_of("entered_into_force") == r.PartialDate("2024-12-04", "day")
    assert treaty.articles[0].number == "4"
    commitment = records["commitment/ru-kp"]
    assert isinstance(commitment, r.Commitment)
    assert commitment.evidence == (
        r.Evidence("document/source", "shall provide military and other assistance"),
    )
    assert commitment.origin is not None
    assert commitment.origin.line == 1


def test_shipped_data_is_clean() -> None:
    from pactgraph.model.resources import default_data_dir

    assert inspect(default_data_dir()).problems == ()


def test_unknown_field_names_file_line_record_and_field(minimal_data: Path) -> None:
    found = problems_for(
        minimal_data,
        "actors.yaml",
        """\
        - id: state/PRK
          kind: state
          label: North Korea
          capital: Pyongyang
        - id: state/RUS
          kind: state
          label: Russia
        """,
    )
    assert len(found) == 1
    assert found[0].startswith("actors.yaml:4: state/PRK: field 'capital': unknown field (known")


def test_missing_required_field(minimal_data: Path) -> None:
    found = problems_for(
        minimal_data,
        "commitments.yaml",
        """\
        - id: commitment/ru-kp
          committer: state/RUS
          obligation: defense
          sources:
            - document: document/source
              quote: shall provide
        """,
    )
    assert found == [
        "commitments.yaml:1: commitment/ru-kp: field 'beneficiary': required field is missing"
    ]


def test_wrong_type(minimal_data: Path) -> None:
    found = problems_for(
        minimal_data,
        "actors.yaml",
        """\
        - id: state/PRK
          kind: state
          label: North Korea
          aliases: DPRK
          cow_code: seven-three-one
        - id: state/RUS
          kind: state
          label: [Russia]
        """,
    )
    assert found == [
        "actors.yaml:4: state/PRK: field 'aliases': expected a list, found a string ('DPRK')",
        "actors.yaml:5: state/PRK: field 'cow_code': expected a whole number, found a string "
        "('seven-three-one')",
        "actors.yaml:8: state/RUS: field 'label': expected text, found a list",
    ]


def test_duplicate_id(minimal_data: Path) -> None:
    found = problems_for(
        minimal_data,
        "actors.yaml",
        """\
        - id: state/PRK
          kind: state
          label: North Korea
        - id: state/PRK
          kind: state
          label: DPRK
        - id: state/RUS
          kind: state
          label: Russia
        """,
    )
    assert found == ["actors.yaml:4: state/PRK: field 'id': duplicate id (first at line 1)"]


def test_unknown_reference_suggests_close_ids(minimal_data: Path) -> None:
    found = problems_for(
        minimal_data,
        "commitments.yaml",
        """\
        - id: commitment/ru-kp
          committer: state/RUS
          beneficiary: state/PRKK
          obligation: defense
          sources:
            - document: document/source
              quote: shall provide
        """,
    )
    assert found == [
        "commitments.yaml:3: commitment/ru-kp: field 'beneficiary': unknown id 'state/PRKK'; "
        "did you mean 'state/PRK'?"
    ]


def test_reference_to_the_wrong_kind(minimal_data: Path) -> None:
    found = problems_for(
        minimal_data,
        "commitments.yaml",
        """\
        - id: commitment/ru-kp
          committer: state/RUS
          beneficiary: document/source
          obligation: defense
          sources:
            - document: document/source
              quote: shall provide
        """,
    )
    assert found == [
        "commitments.yaml:3: commitment/ru-kp: field 'beneficiary': 'document/source' is a "
        "document; expected state or organization or grouping or person"
    ]


def test_impossible_date(minimal_data: Path) -> None:
    found = problems_for(
        minimal_data,
        "documents.yaml",
        """\
        - id: document/source
          kind: article
          label: A source
          date: 2024-13-45
        """,
    )
    assert found == [
        "documents.yaml:4: document/source: field 'date': '2024-13-45' is an impossible date "
        "(month must be in 1..12)"
    ]


def test_end_before_start(minimal_data: Path) -> None:
    found = problems_for(
        minimal_data,
        "commitments.yaml",
        """\
        - id: commitment/ru-kp
          committer: state/RUS
          beneficiary: state/PRK
          obligation: defense
          valid_from: 2024-12-04
          valid_to: 2024-06
          sources:
            - document: document/source
              quote: shall provide
        """,
    )
    assert found == [
        "commitments.yaml:1: commitment/ru-kp: field 'valid_to': valid_to 2024-06 is before "
        "valid_from 2024-12-04"
    ]


def test_agreement_dates_out_of_order(minimal_data: Path) -> None:
    text = MINIMAL["agreements.yaml"].replace("signed: 2024-06-19", "signed: 2025-01-01")
    found = problems_for(minimal_data, "agreements.yaml", text)
    assert found == [
        "agreements.yaml:1: agreement/treaty: field 'entered_into_force': entered_into_force "
        "2024-12-04 is before signed 2025-01-01"
    ]


def test_statement_without_source(minimal_data: Path) -> None:
    found = problems_for(
        minimal_data,
        "commitments.yaml",
        """\
        - id: commitment/ru-kp
          committer: state/RUS
          beneficiary: state/PRK
          obligation: defense
        """,
    )
    assert found == [
        "commitments.yaml:1: commitment/ru-kp: field 'sources': a statement needs at least one "
        "source with a quote"
    ]


def test_source_without_quote(minimal_data: Path) -> None:
    found = problems_for(
        minimal_data,
        "commitments.yaml",
        """\
        - id: commitment/ru-kp
          committer: state/RUS
          beneficiary: state/PRK
          obligation: defense
          sources:
            - document: document/source
        """,
    )
    assert found == [
        "commitments.yaml:6: commitment/ru-kp: field 'sources[0].quote': required field is missing"
    ]


def test_yaml_syntax_error(minimal_data: Path) -> None:
    found = problems_for(
        minimal_data,
        "actors.yaml",
        """\
        - id: state/PRK
          kind: state
          label: "North Korea
        """,
    )
    assert len(found) == 1
    assert found[0].startswith("actors.yaml:4: YAML syntax error: ")


def test_empty_file(minimal_data: Path) -> None:
    found = problems_for(minimal_data, "documents.yaml", "")
    assert found[0] == "documents.yaml:1: file is empty: write a list of records, or [] for none"


def test_file_that_is_not_utf8(minimal_data: Path) -> None:
    (minimal_data / "actors.yaml").write_bytes(
        b"- id: state/PRK\n  kind: state\n  label: Cor\xe9e du Nord\n"
    )
    found = [str(p) for p in inspect(minimal_data).problems]
    assert found[0] == (
        "actors.yaml:3: file is not UTF-8 (byte 0xe9 at offset 42); save it as UTF-8"
    )


def test_every_problem_is_reported_not_just_the_first(minimal_data: Path) -> None:
    found = problems_for(
        minimal_data,
        "actors.yaml",
        """\
        - id: state/PRK
          kind: nation
          label: North Korea
          wikidata: 423
        - id: state/rus
          kind: state
        """,
    )
    assert found == [
        "actors.yaml:2: state/PRK: field 'kind': 'nation' is not one of: state, "
        "international_organization, grouping, person, non_state_organization, government_body, "
        "actor",
        "actors.yaml:4: state/PRK: field 'wikidata': '423' is not a Wikidata QID like Q423",
        "actors.yaml:5: state/rus: field 'id': id slug must be an ISO 3166 alpha-3 code such as "
        "PRK",
        "actors.yaml:5: state/rus: field 'label': required field is missing",
        "agreements.yaml:4: agreement/treaty: field 'parties': unknown id 'state/RUS'; "
        "did you mean 'state/rus'?",
        "commitments.yaml:2: commitment/ru-kp: field 'committer': unknown id 'state/RUS'; "
        "did you mean 'state/rus'?",
    ]


def test_records_must_be_sorted_by_id(minimal_data: Path) -> None:
    found = problems_for(
        minimal_data,
        "actors.yaml",
        """\
        - id: state/RUS
          kind: state
          label: Russia
        - id: state/PRK
          kind: state
          label: North Korea
        """,
    )
    assert found == [
        "actors.yaml:4: state/PRK: records must be sorted by id: 'state/PRK' comes after "
        "'state/RUS'"
    ]


def test_unknown_file_is_reported(minimal_data: Path) -> None:
    (minimal_data / "agreement.yaml").write_text("[]\n", encoding="utf-8")
    assert [str(p) for p in inspect(minimal_data).problems] == [
        "agreement.yaml: unknown file: record files are documents.yaml, actors.yaml, "
        "affiliations.yaml, agreements.yaml, commitments.yaml, capabilities.yaml, "
        "transfers.yaml, events.yaml, assessments.yaml"
    ]


def test_disputed_dates_need_one_preferred_claim(minimal_data: Path) -> None:
    claims = (
        "  signed:\n"
        "    - {date: 2024-06-19, sources: [{document: document/source, quote: signed}]}\n"
        "    - {date: 2024-06-20, sources: [{document: document/source, quote: signed}]}\n"
    )
    text = textwrap.dedent(MINIMAL["agreements.yaml"]).replace("  signed: 2024-06-19\n", claims)
    found = problems_for(minimal_data, "agreements.yaml", text)
    assert found == [
        "agreements.yaml:6: agreement/treaty: field 'signed': several dates are given: mark "
        "exactly one 'preferred: true'"
    ]


def test_read_records_raises_with_every_problem(minimal_data: Path) -> None:
    (minimal_data / "documents.yaml").write_text("", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_records(minimal_data)
    # References into the unreadable file are not reported as unknown ids on top.
    assert [str(p) for p in caught.value.problems] == [
        "documents.yaml:1: file is empty: write a list of records, or [] for none"
    ]


def test_missing_directory_cannot_run(tmp_path: Path) -> None:
    with pytest.raises(SetupError, match="data directory not found"):
        inspect(tmp_path / "nowhere")


def test_a_directory_without_record_files_cannot_run(tmp_path: Path) -> None:
    """Such as the repository root, given as --data by mistake: not "0 records, no problems"."""
    (tmp_path / "README.md").write_text("# not data\n", encoding="utf-8")
    with pytest.raises(SetupError) as raised:
        inspect(tmp_path)
    assert str(raised.value) == (
        f"no record files in {tmp_path}: a data directory holds at least one of documents.yaml, "
        "actors.yaml, affiliations.yaml, agreements.yaml, commitments.yaml, capabilities.yaml, "
        "transfers.yaml, events.yaml, assessments.yaml"
    )


def test_records_outside_any_file_kind_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    directory = write_data(
        tmp_path / "d", {"actors.yaml": "- id: document/x\n  kind: state\n  label: X\n"}
    )
    assert str(inspect(directory).problems[0]) == (
        "d/actors.yaml:1: document/x: field 'id': id must start with one of: state/, "
        "organization/, grouping/, person/"
    )
