"""Analyses on a hand-made network whose right answers were worked out by hand.

Two triangles of mutual defence treaties, P-Q-R and S-T-U, joined by one treaty R-S:

    P       T
    | \\     / |
    |  R - S  |
    | /     \\ |
    Q       U

Degree: R and S 3, the others 2 (degree centrality = degree / 5). Betweenness (normalised by
10 pairs): every shortest path between {P, Q} and {S, T, U} runs through R (6 pairs), and between
{T, U} and {P, Q, R} through S (6 pairs): 0.6 each, 0 for the others. R and S are the
articulation points (each splits the network in two), R-S the only bridge, and the two
triangles the two blocs.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from pactgraph.ask.analysis import AnalysisError
from pactgraph.ask.analysis import analyze as _analyze
from pactgraph.store.backends import Backend
from pactgraph.store.dataset import default_graphs
from pactgraph.store.embedded import memory_backend

from .conftest import write_data

PAIRS = [
    ("PPP", "QQQ"),
    ("PPP", "RRR"),
    ("QQQ", "RRR"),
    ("RRR", "SSS"),
    ("SSS", "TTT"),
    ("SSS", "UUU"),
    ("TTT", "UUU"),
]


def analyze(*args: Any, **kwargs: Any) -> dict[str, Any]:
    """The answer as DESIGN §6's JSON object."""
    return _analyze(*args, **kwargs).to_json()


def triangles() -> dict[str, str]:
    source = "[{document: document/d, quote: q}]"
    agreements, commitments = [], []
    for one, other in PAIRS:
        agreements.append(
            f"- id: agreement/{one.lower()}-{other.lower()}\n  kind: treaty\n"
            f"  label: {one}-{other}\n  parties: [state/{one}, state/{other}]\n"
            f"  status: in_force\n  signed: 2000-01-01\n  entered_into_force: 2000-06-01\n"
            f"  sources: {source}\n"
        )
        for a, b in ((one, other), (other, one)):
            commitments.append(
                f"- id: commitment/{a.lower()}-{b.lower()}\n  committer: state/{a}\n"
                f"  beneficiary: state/{b}\n  obligation: defense\n"
                f"  basis: agreement/{one.lower()}-{other.lower()}\n  sources: {source}\n"
            )
    states = sorted({s for pair in PAIRS for s in pair})
    return {
        "documents.yaml": "- id: document/d\n  kind: report\n  label: D\n",
        "actors.yaml": "".join(
            f"- id: state/{s}\n  kind: state\n  label: {s[0]}\n" for s in states
        ),
        "agreements.yaml": "".join(sorted(agreements)),
        "commitments.yaml": "".join(sorted(commitments)),
    }


@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory) -> Backend:
    return memory_backend(data_dir=write_data(tmp_path_factory.mktemp("tri"), triangles()))


def run(backend: Backend, analysis: str, day: str = "2001-01-01", **kw: str) -> dict[str, object]:
    return analyze(
        backend, analysis=analysis, as_of=dt.date.fromisoformat(day), graphs=default_graphs(), **kw
    )  # type: ignore[arg-type]


def test_centrality(network: Backend) -> None:
    result = run(network, "centrality")
    assert result["method"] == "exact"
    rows = {
        r["label"]: (r["degree"], r["degree_centrality"], r["betweenness"]) for r in result["rows"]
    }  # type: ignore[attr-defined]
    assert rows == {
        "R": (3, 0.6, 0.6),
        "S": (3, 0.6, 0.6),
        "P": (2, 0.4, 0.0),
        "Q": (2, 0.4, 0.0),
        "T": (2, 0.4, 0.0),
        "U": (2, 0.4, 0.0),
    }
    assert [r["label"] for r in result["rows"]][:2] == ["R", "S"]  # type: ignore[attr-defined]


def test_blocs(network: Backend) -> None:
    result = run(network, "blocs")
    assert [[m["label"] for m in r["members"]] for r in result["rows"]] == [  # type: ignore[attr-defined]
        ["P", "Q", "R"],
        ["S", "T", "U"],
    ]


def test_brokers(network: Backend) -> None:
    result = run(network, "brokers")
    assert [(r["label"], r["separates"]) for r in result["rows"]] == [  # type: ignore[attr-defined]
        ("R", 2),
        ("S", 2),
    ]
    assert [[a["label"], b["label"]] for a, b in result["bridges"]] == [["R", "S"]]  # type: ignore[attr-defined]


def test_nothing_in_force_before_the_treaties(network: Backend) -> None:
    result = run(network, "centrality", day="2000-03-01")  # signed, not yet in force
    assert (result["actors"], result["links"], result["rows"]) == (0, 0, [])


def test_obligation_filter(network: Backend) -> None:
    assert run(network, "brokers", obligation="consultation")["links"] == 0
    assert run(network, "brokers", obligation="defense")["links"] == 7


def test_unknown_analysis(network: Backend) -> None:
    with pytest.raises(AnalysisError, match="unknown analysis 'pagerank'"):
        run(network, "pagerank")


def test_the_fixture_is_valid(tmp_path: Path) -> None:
    from pactgraph.load.curated import inspect

    assert inspect(write_data(tmp_path / "t", triangles())).problems == ()
