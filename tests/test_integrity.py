"""Checks across records: statuses against dates, articles, parties and successor states."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from pactgraph.load.curated import inspect

from .conftest import MINIMAL


@pytest.fixture(autouse=True)
def _inside_data(minimal_data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(minimal_data)


def problems_after(directory: Path, name: str, old: str, new: str) -> list[str]:
    text = textwrap.dedent(MINIMAL[name])
    assert old in text
    (directory / name).write_text(text.replace(old, new), encoding="utf-8")
    return [str(p) for p in inspect(directory).problems]


def test_in_force_needs_an_entry_into_force_date(minimal_data: Path) -> None:
    assert problems_after(
        minimal_data, "agreements.yaml", "  entered_into_force: 2024-12-04\n", ""
    ) == [
        "agreements.yaml:1: agreement/treaty: field 'status': status 'in_force' needs the date "
        "it was entered into force"
    ]


def test_signed_cannot_have_entered_into_force(minimal_data: Path) -> None:
    assert problems_after(
        minimal_data, "agreements.yaml", "status: in_force", "status: signed"
    ) == [
        "agreements.yaml:1: agreement/treaty: field 'status': status 'signed' (not in force) but "
        "it has entered_into_force"
    ]


def test_in_force_cannot_have_expired(minimal_data: Path) -> None:
    assert problems_after(
        minimal_data,
        "agreements.yaml",
        "  entered_into_force: 2024-12-04\n",
        "  entered_into_force: 2024-12-04\n  expired: 2025\n",
    ) == [
        "agreements.yaml:1: agreement/treaty: field 'status': status 'in_force' but the "
        "agreement has an expired date"
    ]


def test_commitment_article_must_exist_in_its_basis(minimal_data: Path) -> None:
    assert problems_after(minimal_data, "commitments.yaml", 'article: "4"', 'article: "5"') == [
        "commitments.yaml:1: commitment/ru-kp: field 'article': 'agreement/treaty' has no "
        "article '5' (articles recorded: 4)"
    ]


def test_committer_must_be_a_party_or_a_successor(minimal_data: Path) -> None:
    actors = textwrap.dedent(MINIMAL["actors.yaml"]) + (
        "- id: state/SUN\n  kind: state\n  label: Soviet Union\n"
    )
    (minimal_data / "actors.yaml").write_text(actors, encoding="utf-8")
    found = problems_after(
        minimal_data, "commitments.yaml", "committer: state/RUS", "committer: state/SUN"
    )
    assert found == [
        "commitments.yaml:1: commitment/ru-kp: field 'committer': committer 'state/SUN' is not "
        "a party to 'agreement/treaty' (nor the successor of one)"
    ]
    # A successor of a party may carry the commitment on (Russia of the Soviet Union).
    agreements = textwrap.dedent(MINIMAL["agreements.yaml"]).replace("state/RUS]", "state/SUN]")
    (minimal_data / "agreements.yaml").write_text(agreements, encoding="utf-8")
    actors = actors.replace("  label: Russia\n", "  label: Russia\n  successor_of: [state/SUN]\n")
    (minimal_data / "actors.yaml").write_text(actors, encoding="utf-8")
    (minimal_data / "commitments.yaml").write_text(
        textwrap.dedent(MINIMAL["commitments.yaml"]), encoding="utf-8"
    )
    assert [str(p) for p in inspect(minimal_data).problems] == []


def test_dates_of_different_precision_only_clash_when_certainly_inverted(
    minimal_data: Path,
) -> None:
    # Entry into force "2024" may well be after a signature on 19 June 2024.
    assert (
        problems_after(
            minimal_data,
            "agreements.yaml",
            "entered_into_force: 2024-12-04",
            "entered_into_force: 2024",
        )
        == []
    )
