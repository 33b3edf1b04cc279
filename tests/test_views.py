"""The HTML page: self-contained, escaped, and carrying the network pyvis built."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

from pactgraph.model.resources import default_data_dir
from pactgraph.store.dataset import default_graphs
from pactgraph.store.embedded import memory_backend
from pactgraph.views.html import network_data, render_page, script_json, write_view

from .conftest import MINIMAL, write_data


def test_script_json_cannot_close_its_element() -> None:
    text = script_json({"label": "</script><script>alert(1)</script> & <b>"})
    assert "<" not in text
    assert ">" not in text
    assert json.loads(text) == {"label": "</script><script>alert(1)</script> & <b>"}


def test_page_is_self_contained_and_escapes_the_title() -> None:
    page = render_page(title="<b>T</b> & $DATA", data={"nodes": [], "edges": []})
    assert "<title>&lt;b&gt;T&lt;/b&gt; &amp; $DATA</title>" in page
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=", page)
    assert "vis.Network" in page
    # vis-network, the data, the page's own code
    assert len(re.findall(r"^<script", page, flags=re.MULTILINE)) == 3


def test_network_data_is_built_from_the_projection(tmp_path: Path) -> None:
    backend = memory_backend(data_dir=write_data(tmp_path / "d", MINIMAL))
    data = network_data(backend, graphs=default_graphs(), as_of=dt.date(2025, 1, 1))
    ids = {n["id"].removeprefix("pgid:") for n in data["nodes"]}
    assert ids == {"state/PRK", "state/RUS", "agreement/treaty"}
    commitment = next(e for e in data["edges"] if e["relation"] == "commitment")
    assert (commitment["start"], commitment.get("dashes")) == ("2024-12-04", None)
    assert data["evidence"][commitment["id"]]["sources"][0]["quote"] == (
        "shall provide military and other assistance"
    )
    prk = next(n for n in data["nodes"] if n["id"].endswith("state/PRK"))
    assert prk["aliases"] == ["DPRK", "PRK"]


def test_focus_and_kinds_narrow_the_view(tmp_path: Path) -> None:
    from pactgraph.store.embedded import open_store

    backend = open_store(data_dir=default_data_dir(), store_dir=tmp_path / "store")
    every = network_data(
        backend, graphs=default_graphs(), as_of=dt.date(2025, 1, 1), everything=True
    )
    focused = network_data(
        backend,
        graphs=default_graphs(),
        as_of=dt.date(2025, 1, 1),
        focus="Ukraine",
        depth=1,
        relations=["commitment"],
    )
    assert {e["relation"] for e in focused["edges"]} == {"commitment"}
    assert len(focused["nodes"]) < len(every["nodes"])
    assert any(n["id"].endswith("state/UKR") for n in focused["nodes"])


def test_write_view_is_atomic_and_readable(tmp_path: Path) -> None:
    backend = memory_backend(data_dir=write_data(tmp_path / "d", MINIMAL))
    output = tmp_path / "out" / "view.html"
    result = write_view(backend, output=output, graphs=default_graphs())
    assert result.bytes == output.stat().st_size
    assert output.stat().st_mode & 0o044  # readable by others, not mkstemp's 0600
    assert output.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_large_views_are_laid_out_hubs_first() -> None:
    import networkx as nx

    from pactgraph.views.html import LAYOUT_ABOVE, sunflower

    graph = nx.star_graph(LAYOUT_ABOVE + 5)
    positions = sunflower(graph)
    assert positions[0] == (0.0, 0.0)  # the hub sits in the middle
    assert len(set(positions.values())) == len(positions)


def test_capabilities_are_nodes_and_transfers_run_through_them(tmp_path: Path) -> None:
    from pactgraph.store.embedded import open_store

    backend = open_store(data_dir=default_data_dir(), store_dir=tmp_path / "store")
    # The whole network: the default view of a large one opens on its best-linked states.
    data = network_data(
        backend, graphs=default_graphs(), as_of=dt.date(2025, 1, 1), everything=True
    )
    kinds = {n["id"]: n["kind"] for n in data["nodes"]}
    assert kinds["pgid:capability/kn-23"] == "ShortRangeBallisticMissile"
    assert kinds["pgid:capability/isr-satellites"] == "SpaceSystem"
    legs = sorted(
        (e["from"], e["to"])
        for e in data["edges"]
        if e["id"].startswith("pgid:transfer/kp-ru-missiles-2023#")
    )
    assert legs == [
        ("pgid:capability/kn-23", "pgid:state/RUS"),
        ("pgid:state/PRK", "pgid:capability/kn-23"),
    ]
    # The panel's data: trace's details for a commitment, readings contested first, timelines.
    about = data["about"]["pgid:commitment/ru-kp-defense-2024"]
    assert about["commitment"]["article"] == "Article 4"
    assert about["readings"][0]["contested"] is True
    treaty = data["about"]["pgid:agreement/su-kp-friendship-cooperation-mutual-assistance-1961"]
    assert ("expired", "1996-09-10") in [tuple(f) for f in treaty["facts"]]
    assert any(e["what"] == "agreement signed" for e in data["timelines"]["pgid:state/PRK"])


_WRITE_FOCUSED = """
import sys
from pathlib import Path
from pactgraph.store.dataset import default_graphs
from pactgraph.store.embedded import memory_backend
from pactgraph.views.html import write_view
backend = memory_backend(data_dir=Path(sys.argv[1]))
write_view(backend, output=Path(sys.argv[2]), graphs=default_graphs(), focus="North Korea")
"""


def test_the_same_graph_writes_the_same_page(tmp_path: Path) -> None:
    # The layout follows the order of nodes and links: a page written in hash order (a focused
    # view is a subgraph, iterated as a set) would be drawn differently on each run.
    data = write_data(tmp_path / "d", MINIMAL)
    pages = []
    for seed in ("1", "2", "3", "4"):
        output = tmp_path / f"view{seed}.html"
        subprocess.run(
            [sys.executable, "-c", _WRITE_FOCUSED, str(data), str(output)],
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        pages.append(output.read_bytes())
    assert pages[1:] == pages[:-1]
