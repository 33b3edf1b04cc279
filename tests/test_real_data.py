"""Issue 13 on a small imported fixture: every node has a kind and a label, names resolve as a
human would, undated links count from their first known date, a dataset is imported once, the
network and the name index are kept beside the store, and progress shows only on a terminal."""

from __future__ import annotations

import datetime as dt
import io
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from pactgraph.ask.analysis import analyze
from pactgraph.ask.explain import explain
from pactgraph.ask.names import NameLookupError, Names
from pactgraph.ask.network import project, snapshot
from pactgraph.errors import InputError
from pactgraph.importers.imports import import_sipri, list_imports
from pactgraph.store.dataset import default_graphs
from pactgraph.store.embedded import open_store

from .conftest import MINIMAL, write_data
from .datasets import CURATED_WITH_ATOP, write_shared

TURKEY_ROWS = """\
Turkiye,Russia,2017,,4,,S-400,SAM system,4,,2019,New,,10,40,40
Palestine,Russia,2010,,2,,Widget-3,armoured car,2,,2011,New,,0.1,0.2,0.2
"""
# A grouping whose membership carries no date: its source was published on 2024-06-27.
UNDATED = {
    "actors.yaml": textwrap.dedent("""\
        - id: grouping/pact
          kind: grouping
          label: Northern Pact
        """)
    + textwrap.dedent(MINIMAL["actors.yaml"]),
    "affiliations.yaml": """\
        - id: affiliation/prk-pact
          subject: state/PRK
          role: member_of
          object: grouping/pact
          sources:
            - document: document/source
              quote: North Korea joined the pact
        """,
}


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    root = write_shared(tmp_path / "shared")
    crosswalk = root / "crosswalks" / "countrycode_iso_cow_gw.csv"
    crosswalk.write_text(
        crosswalk.read_text()
        + "Turkey,TUR,TR,792.0,TUR,640.0,Turkey,TUR,640.0,640.0,99.0\n"
        + "Palestinian Territories,PSE,PS,275.0,,,,,,,138.0\n"
    )
    register = root / "sipri_arms_transfers" / "register.csv"
    register.write_text(register.read_text() + TURKEY_ROWS)
    return root


@pytest.fixture
def store(tmp_path: Path, shared: Path) -> tuple[Path, Path]:
    """Curated data (with an undated membership) and the SIPRI register imported."""
    data = write_data(tmp_path / "data", {**MINIMAL, **CURATED_WITH_ATOP, **UNDATED})
    store_dir = tmp_path / "store"
    import_sipri(
        shared / "sipri_arms_transfers" / "register.csv", data_dir=data, store_dir=store_dir
    )
    return data, store_dir


def test_every_node_has_a_kind_and_a_label(store: tuple[Path, Path]) -> None:
    data, store_dir = store
    backend = open_store(data_dir=data, store_dir=store_dir)
    graphs = default_graphs(backend)
    network = project(backend, graphs=graphs, agreements=True, binding_only=False)
    unknown = "https://w3id.org/pactgraph/id/actor/sipri-unknown-supplier-s"
    assert network.nodes[unknown] == {"label": "unknown supplier(s)", "kind": "Actor"}
    assert all(data.get("kind") and data.get("label") for _, data in network.nodes(data=True))
    brokers = analyze(
        backend, analysis="brokers", graphs=graphs, as_of=dt.date(2025, 1, 1)
    ).to_json()
    labels = [row["label"] for row in brokers["rows"]]
    assert labels
    assert not any(label.startswith("http") for label in labels)


def test_turkiye_is_turkey_and_palestine_resolves(store: tuple[Path, Path]) -> None:
    data, store_dir = store
    (summary,) = list_imports(store_dir=store_dir)
    assert "Turkiye" not in summary["unresolved"]
    assert "Palestine" not in summary["unresolved"]
    backend = open_store(data_dir=data, store_dir=store_dir)
    graphs = default_graphs(backend)
    network = project(backend, graphs=graphs)
    turkey = "https://w3id.org/pactgraph/id/state/TUR"
    russia = "https://w3id.org/pactgraph/id/state/RUS"
    assert network.nodes[turkey]["label"] == "Turkey"
    assert network.has_edge(russia, turkey)
    assert "https://w3id.org/pactgraph/id/state/PSE" in network


def test_names_resolve_in_any_case_by_code_and_with_suggestions(
    store: tuple[Path, Path],
) -> None:
    data, store_dir = store
    backend = open_store(data_dir=data, store_dir=store_dir)
    names = Names(backend, default_graphs(backend))
    korea = "https://w3id.org/pactgraph/id/state/PRK"
    assert names.resolve("north KOREA", actors_only=True).iri == korea
    assert names.resolve("dprk", actors_only=True).iri == korea
    with pytest.raises(NameLookupError) as error:
        names.resolve("North Kora", actors_only=True)
    assert "North Korea" in error.value.candidates


def test_undated_links_count_from_their_first_known_date(store: tuple[Path, Path]) -> None:
    data, store_dir = store
    backend = open_store(data_dir=data, store_dir=store_dir)
    graphs = default_graphs(backend)
    korea = "https://w3id.org/pactgraph/id/state/PRK"
    pact = "https://w3id.org/pactgraph/id/grouping/pact"
    before = project(backend, graphs=graphs, as_of=dt.date(1800, 1, 1))
    after = project(backend, graphs=graphs, as_of=dt.date(2024, 7, 1))
    assert not before.has_edge(korea, pact)
    assert after.has_edge(korea, pact)
    early = analyze(
        backend, analysis="centrality", graphs=graphs, as_of=dt.date(1800, 1, 1)
    ).to_json()
    assert early["rows"] == []
    old = explain(backend, first="North Korea", second="Northern Pact", graphs=graphs,
                  as_of=dt.date(1900, 1, 1)).to_json()  # fmt: skip
    assert old["paths"] == []
    now = explain(backend, first="North Korea", second="Northern Pact", graphs=graphs,
                  as_of=dt.date(2025, 1, 1)).to_json()  # fmt: skip
    assert [p["length"] for p in now["paths"]] == [1]


def test_the_network_is_kept_beside_the_store(store: tuple[Path, Path]) -> None:
    data, store_dir = store
    backend = open_store(data_dir=data, store_dir=store_dir)
    assert backend.path is not None
    kept = sorted(p.name.split("-")[0] for p in backend.path.glob("*.pickle"))
    assert kept == ["actor", "labels", "names", "network"]
    graphs = default_graphs(backend)
    assert snapshot(backend, graphs) == snapshot(backend, graphs)
    # Another selection of graphs is read from the store, then kept too.
    fewer = default_graphs(backend, inferred=False)
    assert snapshot(backend, fewer).links
    assert len(list(backend.path.glob("network-*.pickle"))) == 2


def test_explain_finds_every_shortest_path_networkx_finds(store: tuple[Path, Path]) -> None:
    import networkx as nx

    from pactgraph.ask.network import shortest_paths, undirected_simple

    data, store_dir = store
    backend = open_store(data_dir=data, store_dir=store_dir)
    graphs = default_graphs(backend)
    day = dt.date(2025, 1, 1)
    simple = undirected_simple(
        project(backend, graphs=graphs, as_of=day, agreements=True), actors_only=False
    )
    nodes = sorted(n for n in simple if simple.degree(n))
    for a in nodes:
        for b in nodes:
            if a == b:
                continue
            _, found = shortest_paths(
                backend, graphs=graphs, start=a, end=b, as_of=day, max_paths=50
            )
            try:
                expected = sorted(nx.all_shortest_paths(simple, a, b))
            except nx.NetworkXNoPath:
                expected = []
            assert sorted(found) == expected


def test_the_same_dataset_under_two_names_is_refused(
    store: tuple[Path, Path], shared: Path, run: Callable[..., Result]
) -> None:
    data, store_dir = store
    register = shared / "sipri_arms_transfers" / "register.csv"
    with pytest.raises(InputError, match="already imported as 'sipri'"):
        import_sipri(register, data_dir=data, store_dir=store_dir, name="sipri-again")
    copy = register.with_name("copy.csv")
    copy.write_bytes(register.read_bytes())  # the same content under another file name
    with pytest.raises(InputError, match="already imported as 'sipri'"):
        import_sipri(copy, data_dir=data, store_dir=store_dir, name="sipri-again")
    result = run("--data", str(data), "--store", str(store_dir), "import", "sipri",
                 str(register), "--name", "other")  # fmt: skip
    assert result.exit_code == 2
    assert "already imported as 'sipri'" in result.stderr
    assert [item["name"] for item in list_imports(store_dir=store_dir)] == ["sipri"]
    # The same name again replaces, as before.
    import_sipri(register, data_dir=data, store_dir=store_dir)


class _Stream(io.StringIO):
    def __init__(self, *, terminal: bool) -> None:
        super().__init__()
        self.terminal = terminal

    def isatty(self) -> bool:
        return self.terminal


@pytest.mark.parametrize("terminal", [True, False])
def test_progress_shows_on_a_terminal_and_is_silent_when_piped(
    terminal: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pactgraph.cli import options

    stream = _Stream(terminal=terminal)
    monkeypatch.setattr(options.Status, "DELAY", 0.0)
    with options.Status("explain: searching…", stream=stream) as status:
        time.sleep(0.2)
        status("explain: found")
        time.sleep(0.6)
    written = stream.getvalue()
    if terminal:
        assert "explain: searching… 0 s" in written
        assert "explain: found" in written
        assert written.endswith("\r\x1b[K")  # the line is erased when done
    else:
        assert written == ""
    # Steps of a store build: on a terminal, all; piped, the rebuild notice and summaries only.
    err = _Stream(terminal=terminal)
    monkeypatch.setattr(options.sys, "stderr", err)
    monkeypatch.setattr("click.utils._default_text_stderr", lambda: err)
    for message in ("building the store in x (its inputs changed)…", "loading atop.nt…",
                    "atop: 13 rows read"):  # fmt: skip
        options.progress(message)
    shown = err.getvalue().splitlines()
    expected = ["building the store in x (its inputs changed)…", "atop: 13 rows read"]
    assert shown == (
        ["building the store in x (its inputs changed)…", "loading atop.nt…", "atop: 13 rows read"]
        if terminal
        else expected
    )


def test_viz_of_a_large_network_opens_on_a_default_view(
    store: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pactgraph.views import html

    data, store_dir = store
    backend = open_store(data_dir=data, store_dir=store_dir)
    graphs = default_graphs(backend)
    monkeypatch.setattr(html, "DEFAULT_LINKS", 3)
    narrowed = html.write_view(backend, output=tmp_path / "a.html", graphs=graphs)
    assert narrowed.note is not None
    assert "--all" in narrowed.note
    assert narrowed.edges <= 3
    whole = html.write_view(backend, output=tmp_path / "b.html", graphs=graphs, everything=True)
    assert whole.note is None
    assert whole.edges > narrowed.edges


def test_the_explorer_timelines_keep_to_the_curated_record(store: tuple[Path, Path]) -> None:
    """An imported register would give each drawn state thousands of lines (tens of MB)."""
    from pactgraph.ask.timeline import timeline
    from pactgraph.views.html import network_data

    data, store_dir = store
    backend = open_store(data_dir=data, store_dir=store_dir)
    graphs = default_graphs(backend)
    page = network_data(backend, graphs=graphs, as_of=dt.date(2025, 1, 1), everything=True)
    assert page["timelines_leave_out_imports"] is True
    russia = "https://w3id.org/pactgraph/id/state/RUS"
    full = timeline(backend, actor=russia, graphs=graphs).entries
    drawn = page["timelines"]["pgid:state/RUS"]
    assert any(entry.id.startswith("pgid:transfer/sipri-") for entry in full)
    assert not any(entry["id"].startswith("pgid:transfer/sipri-") for entry in drawn)
    assert [entry["id"] for entry in drawn] == [
        entry.id for entry in full if not entry.id.startswith("pgid:transfer/sipri-")
    ]
