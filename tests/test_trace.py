"""trace(): statuses across a commitment's life, indirect chains, and DESIGN §6's JSON shape."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from pactgraph.ask.commitments import TraceError, status_on
from pactgraph.ask.names import NameLookupError
from pactgraph.ask.trace import trace as _trace
from pactgraph.model.terms import Term
from pactgraph.store.backends import Backend
from pactgraph.store.dataset import default_graphs
from pactgraph.store.embedded import memory_backend

from .conftest import write_data

# A hand-made world: B defends T under a treaty in force 2000–2010 (then expired); A defends B
# under another from 2005 (signed 2004); C's treaty with T is signed in 2020, never in force.
WORLD = {
    "documents.yaml": """\
        - id: document/d
          kind: report
          label: A report
        """,
    "actors.yaml": "".join(
        f"- id: state/{code}\n  kind: state\n  label: {name}\n"
        for code, name in (("AAA", "Aland"), ("BBB", "Bland"), ("CCC", "Cland"), ("TTT", "Target"))
    ),
    "agreements.yaml": """\
        - id: agreement/a-b
          kind: treaty
          label: A-B treaty
          parties: [state/AAA, state/BBB]
          status: in_force
          signed: 2004-03
          entered_into_force: 2005-01-01
          sources: [{document: document/d, quote: a and b}]
        - id: agreement/b-t
          kind: treaty
          label: B-T treaty
          parties: [state/BBB, state/TTT]
          status: expired
          signed: 1999
          entered_into_force: 2000-01-01
          expired: 2010-01-01
          articles: [{number: "5", text: an armed attack on one}]
          sources: [{document: document/d, quote: b and t}]
        - id: agreement/c-t
          kind: treaty
          label: C-T treaty
          parties: [state/CCC, state/TTT]
          status: signed
          signed: 2020-05-05
          sources: [{document: document/d, quote: c and t}]
        """,
    "commitments.yaml": """\
        - id: commitment/a-b
          committer: state/AAA
          beneficiary: state/BBB
          obligation: defense
          basis: agreement/a-b
          sources: [{document: document/d, quote: a defends b}]
        - id: commitment/b-t
          committer: state/BBB
          beneficiary: state/TTT
          obligation: defense
          basis: agreement/b-t
          article: "5"
          conditions: [{kind: location, note: in Europe}]
          sources:
            - {document: document/d, quote: b defends t}
            - {document: document/d, quote: b really defends t}
        - id: commitment/c-t
          committer: state/CCC
          beneficiary: state/TTT
          obligation: consultation
          basis: agreement/c-t
          sources: [{document: document/d, quote: c consults t}]
        """,
}


def trace(*args: Any, **kwargs: Any) -> dict[str, Any]:
    """The answer as DESIGN §6's JSON object."""
    return _trace(*args, **kwargs).to_json()


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Backend:
    return memory_backend(data_dir=write_data(tmp_path_factory.mktemp("world"), WORLD))


def committers(result: dict[str, object]) -> list[tuple[str, str, int]]:
    return [
        (c["committer"]["label"], c["status"], len(c["via"]))  # type: ignore[index]
        for c in result["commitments"]
    ]  # type: ignore[attr-defined]


def run(world: Backend, day: str, **options: object) -> dict[str, object]:
    return trace(
        world, target="Target", as_of=dt.date.fromisoformat(day), graphs=default_graphs(), **options
    )  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("1999-06-01", []),  # signed, not in force: hidden by default
        ("2000-01-01", [("Bland", "in_force", 0)]),  # start is inclusive
        ("2009-12-31", [("Bland", "in_force", 0)]),
        ("2010-01-01", []),  # end is exclusive
    ],
)
def test_in_force_on_a_date(world: Backend, day: str, expected: list[object]) -> None:
    assert committers(run(world, day)) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("1998-01-01", []),  # not even signed yet
        ("1999-06-01", [("Bland", "signed", 0)]),
        ("2012-01-01", [("Bland", "expired", 0)]),
    ],
)
def test_include_inactive(world: Backend, day: str, expected: list[object]) -> None:
    assert committers(run(world, day, include_inactive=True)) == expected


def test_other_obligations_and_any(world: Backend) -> None:
    assert committers(
        run(world, "2021-01-01", include_inactive=True, obligation="consultation")
    ) == [("Cland", "signed", 0)]
    assert [
        c[0] for c in committers(run(world, "2021-01-01", include_inactive=True, obligation="any"))
    ] == ["Bland", "Cland"]


def test_depth_two_adds_an_indirect_chain(world: Backend) -> None:
    result = run(world, "2006-01-01", depth=2)
    assert committers(result) == [("Bland", "in_force", 0), ("Aland", "in_force", 1)]
    chain = result["commitments"][1]  # type: ignore[index]
    assert chain["beneficiary"]["label"] == "Bland"
    assert [v["committer"]["label"] for v in chain["via"]] == ["Bland"]
    assert chain["via"][0]["agreement"]["label"] == "B-T treaty"
    # Before A's treaty entered into force there is no chain.
    assert committers(run(world, "2004-06-01", depth=2)) == [("Bland", "in_force", 0)]


def test_json_shape_follows_the_design(world: Backend) -> None:
    result = run(world, "2005-06-01")
    assert result["target"] == {"id": "pgid:state/TTT", "label": "Target"}
    assert result["as_of"] == "2005-06-01"
    assert result["obligation"] == "defense"
    entry = result["commitments"][0]  # type: ignore[index]
    assert entry == {
        "committer": {"id": "pgid:state/BBB", "label": "Bland"},
        "beneficiary": {"id": "pgid:state/TTT", "label": "Target"},
        "obligation": "defense",
        "modality": "binding",
        "status": "in_force",
        "agreement": {"id": "pgid:agreement/b-t", "label": "B-T treaty"},
        "article": "Article 5",
        "valid_from": "2000-01-01",
        "valid_to": "2010-01-01",
        "confirmed_until": None,
        "conditions": ["location: in Europe"],
        "assessments": [],
        "sources": [
            {
                "title": "A report",
                "publisher": None,
                "date": None,
                "quote": "b defends t",
                "locator": None,
                "url": None,
            },
            {
                "title": "A report",
                "publisher": None,
                "date": None,
                "quote": "b really defends t",
                "locator": None,
                "url": None,
            },
        ],
        "via": [],
    }


def test_from_keeps_one_committer(world: Backend) -> None:
    result = run(world, "2006-01-01", depth=2, committer="AAA")
    assert committers(result) == [("Aland", "in_force", 1)]


def test_bad_questions(world: Backend) -> None:
    with pytest.raises(TraceError, match="unknown obligation 'love'"):
        run(world, "2006-01-01", obligation="love")
    with pytest.raises(NameLookupError, match="unknown actor 'Targt'; did you mean 'Target'"):
        trace(world, target="Targt", graphs=default_graphs())
    with pytest.raises(TraceError, match="--depth must be 1 or more"):
        run(world, "2006-01-01", depth=0)


def test_status_on_month_precision_counts_from_the_first_day() -> None:
    row = {"from_day": Term.literal("2023-09-01"), "signed_day": Term.literal("2023-01-01")}
    assert status_on(row, dt.date(2023, 9, 1)) == "in_force"
    assert status_on(row, dt.date(2023, 8, 31)) == "signed"
    assert status_on(row, dt.date(2022, 12, 31)) is None


def test_the_world_fixture_is_valid(tmp_path: Path) -> None:
    from pactgraph.load.curated import inspect

    assert inspect(write_data(tmp_path / "w", WORLD)).problems == ()
