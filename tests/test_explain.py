"""explain and timeline on the hand-made world of test_trace."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from pactgraph.ask.explain import ExplainError
from pactgraph.ask.explain import explain as _explain
from pactgraph.ask.timeline import timeline as _timeline
from pactgraph.store.backends import Backend
from pactgraph.store.dataset import default_graphs
from pactgraph.store.embedded import memory_backend

from .conftest import write_data
from .test_trace import WORLD


def explain(*args: Any, **kwargs: Any) -> dict[str, Any]:
    """The answer as DESIGN §6's JSON object."""
    return _explain(*args, **kwargs).to_json()


def timeline(*args: Any, **kwargs: Any) -> dict[str, Any]:
    return _timeline(*args, **kwargs).to_json()


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Backend:
    return memory_backend(data_dir=write_data(tmp_path_factory.mktemp("world"), WORLD))


def hops(result: dict[str, object]) -> list[list[str]]:
    return [[n["label"] for n in path["nodes"]] for path in result["paths"]]  # type: ignore[attr-defined]


def test_a_chain_of_commitments(world: Backend) -> None:
    result = explain(
        world, first="Aland", second="Target", as_of=dt.date(2006, 1, 1), graphs=default_graphs()
    )
    assert hops(result) == [["Aland", "Bland", "Target"]]
    (first_step,) = result["paths"][0]["steps"][0]  # type: ignore[index]
    assert first_step["relation"] == "commitment"
    assert first_step["sources"][0]["quote"] == "a defends b"


def test_a_treaty_signed_but_not_in_force_still_connects_its_parties(world: Backend) -> None:
    result = explain(
        world, first="Cland", second="Target", as_of=dt.date(2021, 1, 1), graphs=default_graphs()
    )
    assert hops(result) == [["Cland", "C-T treaty", "Target"]]
    step = result["paths"][0]["steps"][0][0]  # type: ignore[index]
    assert (step["relation"], step["sources"][0]["quote"]) == ("party", "c and t")


def test_not_connected(world: Backend) -> None:
    result = explain(
        world, first="Aland", second="Cland", as_of=dt.date(1990, 1, 1), graphs=default_graphs()
    )
    assert result["paths"] == []


def test_the_same_actor_twice(world: Backend) -> None:
    with pytest.raises(ExplainError, match="the same actor"):
        explain(world, first="TTT", second="Target", graphs=default_graphs())


def test_timeline_in_date_order_with_sources(world: Backend) -> None:
    result = timeline(world, actor="Target", graphs=default_graphs())
    assert [(e["date"], e["what"]) for e in result["entries"]] == [  # type: ignore[attr-defined]
        ("1999", "agreement signed"),
        ("2000-01-01", "commitment starts"),
        ("2010-01-01", "commitment ends"),
        ("2020-05-05", "agreement signed"),
    ]
    assert result["entries"][1]["sources"][0]["quote"] == "b defends t"  # type: ignore[index]


def test_timeline_window(world: Backend) -> None:
    result = timeline(
        world,
        actor="Target",
        start=dt.date(2000, 1, 1),
        end=dt.date(2010, 1, 1),
        graphs=default_graphs(),
    )
    assert [e["date"] for e in result["entries"]] == ["2000-01-01", "2010-01-01"]  # type: ignore[attr-defined]
