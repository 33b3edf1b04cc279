"""What the record covers: the closing line of every answer, and the ``coverage`` command."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from pactgraph.ask.coverage import Scope, coverage, record_scope, two_years_ago
from pactgraph.graph import Graph
from pactgraph.model.vocab import INSTANCES

from .conftest import MINIMAL, write_data

Run = Callable[..., Result]

# MINIMAL has one document (2024-06-27) behind Russia's pledge to North Korea; a third state
# that nothing curated names, and an older source for a second, stale pledge.
EXTRA = {
    "documents.yaml": MINIMAL["documents.yaml"].rstrip(" ")
    + """\
        - id: document/source-old
          kind: article
          label: An old source
          date: "1999"
        """,
    "actors.yaml": MINIMAL["actors.yaml"].rstrip(" ")
    + """\
        - id: state/TWN
          kind: state
          label: Taiwan
        """,
    "agreements.yaml": """\
        - id: agreement/old-treaty
          kind: treaty
          label: An old treaty
          parties: [state/PRK, state/RUS]
          status: in_force
          entered_into_force: 1961-09-10
          sources:
            - document: document/source-old
              quote: an old treaty
"""
    + MINIMAL["agreements.yaml"],
    "commitments.yaml": MINIMAL["commitments.yaml"].rstrip(" ")
    + """\
        - id: commitment/ru-kp-2
          committer: state/PRK
          beneficiary: state/RUS
          obligation: defense
          basis: agreement/old-treaty
          sources:
            - document: document/source-old
              quote: an old word
        """,
}


@pytest.fixture
def graph(tmp_path: Path) -> Graph:
    data = write_data(tmp_path / "data", {**MINIMAL, **EXTRA})
    return Graph.open(data=data, store=tmp_path / "store")


def test_the_scope_spans_the_curated_sources_and_names_no_dataset(graph: Graph) -> None:
    scope = record_scope(graph.backend, graphs=graph.graphs)
    assert scope == Scope(curated_from="1999", curated_to="2024-06-27", datasets=())
    assert scope.text() == (
        "Record: curated sources dated 1999 to 2024-06-27; no dataset imported."
    )


def test_an_actor_nothing_curated_names_gets_the_import_hint(graph: Graph) -> None:
    taiwan = record_scope(graph.backend, graphs=graph.graphs, target=f"{INSTANCES}state/TWN")
    assert taiwan.hint is not None
    assert "pactgraph import atop DIR" in taiwan.hint
    korea = record_scope(graph.backend, graphs=graph.graphs, target=f"{INSTANCES}state/PRK")
    assert korea.hint is None


def test_the_scope_is_kept_beside_the_store_and_read_back(graph: Graph) -> None:
    first = record_scope(graph.backend, graphs=graph.graphs)
    kept = list(Path(str(graph.backend.path)).glob("scope-*.json"))  # type: ignore[attr-defined]
    assert len(kept) == 1
    assert json.loads(kept[0].read_text(encoding="utf-8"))["curated_to"] == "2024-06-27"
    kept[0].write_text(
        json.dumps({"curated_from": "1900", "curated_to": "1901", "datasets": []}),
        encoding="utf-8",
    )
    assert record_scope(graph.backend, graphs=graph.graphs).curated_to == "1901"
    assert first.curated_to == "2024-06-27"


def test_coverage_groups_stale_commitments_by_agreement(graph: Graph) -> None:
    # The 1999 source alone vouches for North Korea's pledge; the 2024 one for Russia's.
    found = coverage(graph.backend, stale_before=dt.date(2020, 1, 1), graphs=graph.graphs)
    assert [(g.agreement and g.agreement.id, g.actors, g.commitments) for g in found.groups] == [
        ("pgid:agreement/old-treaty", 2, 1)
    ]
    assert found.groups[0].latest_source == "1999"
    later = coverage(graph.backend, stale_before=dt.date(2025, 1, 1), graphs=graph.graphs)
    assert [(g.agreement and g.agreement.id, g.latest_source) for g in later.groups] == [
        ("pgid:agreement/old-treaty", "1999"),
        ("pgid:agreement/treaty", "2024-06-27"),
    ]
    earlier = coverage(graph.backend, stale_before=dt.date(1990, 1, 1), graphs=graph.graphs)
    assert earlier.groups == ()


def test_coverage_command_prints_the_scope_and_a_table(run: Run, tmp_path: Path) -> None:
    data = write_data(tmp_path / "data", {**MINIMAL, **EXTRA})
    result = run(
        "--data", str(data), "--store", str(tmp_path / "s"), "coverage", "--stale-before",
        "2020-01-01",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Record: curated sources dated 1999 to 2024-06-27; no dataset imported.\n"
        "\n"
        "Commitments not ended whose latest source predates 2020-01-01: 1 under 1 agreement(s)\n"
        "\n"
        "  actors  commitments  latest source  agreement\n"
        "       2            1  1999           An old treaty\n"
    )


def test_coverage_json_and_the_trace_record_line(run: Run, tmp_path: Path) -> None:
    data = write_data(tmp_path / "data", {**MINIMAL, **EXTRA})
    store = ["--data", str(data), "--store", str(tmp_path / "s")]
    answer = json.loads(run(*store, "coverage", "--format", "json").stdout)
    assert answer["record"]["datasets"] == []
    assert answer["stale_before"] == two_years_ago(dt.date.today()).isoformat()
    traced = run(*store, "trace", "--to", "Taiwan")
    assert traced.stdout.endswith(
        "Record: curated sources dated 1999 to 2024-06-27; no dataset imported. No curated "
        "commitment to or\n"
        "  from this actor: `pactgraph import atop DIR` adds ATOP 5.1's alliances, 1815-2018.\n"
    )
    as_json = json.loads(run(*store, "trace", "--to", "Russia", "--format", "json").stdout)
    assert as_json["record"] == {
        "curated_from": "1999",
        "curated_to": "2024-06-27",
        "datasets": [],
        "hint": None,
    }
