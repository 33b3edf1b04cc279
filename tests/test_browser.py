"""The HTML view in a real browser: Debian's Chromium driven by Playwright, offline.

Every test blocks any request that is not the page itself and fails on a page error, a blocked
request or a dialog. Without /usr/bin/chromium these tests skip, except where
PACTGRAPH_REQUIRE_BROWSER is set (CI), where they fail.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pactgraph.ask.network import project
from pactgraph.model.resources import default_data_dir
from pactgraph.store.dataset import default_graphs
from pactgraph.store.embedded import memory_backend
from pactgraph.views.html import write_view

from .conftest import MINIMAL, write_data

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AS_OF = dt.date(2025, 6, 1)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("PACTGRAPH_REQUIRE_BROWSER"):
            pytest.fail(f"Chromium is required here but missing at {CHROMIUM}")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium); CI runs these")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


class Page:
    """A page that records every problem; ``check()`` fails the test if there was one."""

    def __init__(self, browser: Any, path: Path) -> None:
        self.problems: list[str] = []
        self.page = browser.new_page()
        url = path.resolve().as_uri()

        def route(request: Any) -> None:
            if request.request.url == url:
                request.continue_()
            else:
                self.problems.append(f"blocked request {request.request.url}")
                request.abort()

        self.page.route("**/*", route)
        self.page.on("pageerror", lambda error: self.problems.append(f"page error {error}"))
        self.page.on(
            "dialog",
            lambda dialog: (self.problems.append(f"dialog {dialog.message}"), dialog.dismiss()),
        )
        self.page.goto(url)
        self.page.wait_for_function("() => window.network && window.network.body !== undefined")

    def js(self, script: str, arg: Any = None) -> Any:
        return self.page.evaluate(script, arg)

    def check(self) -> None:
        assert self.problems == []


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("view") / "pactgraph.html"
    backend = memory_backend(data_dir=default_data_dir())
    write_view(backend, output=output, graphs=default_graphs(), as_of=AS_OF)
    return output


VISIBLE = """() => ({
  nodes: window.network.body.data.nodes.get({filter: (n) => !n.hidden}).length,
  edges: window.network.body.data.edges.get({filter: (e) => !e.hidden}).length,
  drawnNodes: window.network.body.nodeIndices.length,
  drawnEdges: window.network.body.edgeIndices.length })"""


def test_counts_drawn_equal_the_graphs(browser: Any, shipped: Path) -> None:
    page = Page(browser, shipped)
    seen = page.js(VISIBLE)
    graph = project(
        memory_backend(data_dir=default_data_dir()),
        graphs=default_graphs(),
        as_of=AS_OF,
        agreements=True,
        binding_only=False,
    )
    linked = [n for n in graph if graph.degree(n) > 0]
    assert seen["edges"] == graph.number_of_edges()
    assert seen["drawnEdges"] == seen["edges"]
    assert seen["drawnNodes"] == seen["nodes"] <= len(linked)
    page.check()


def test_clicking_the_russia_north_korea_defence_edge_shows_article_4(
    browser: Any, shipped: Path
) -> None:
    page = Page(browser, shipped)
    ids = [
        "pgid:commitment/ru-kp-defense-2024",
        "pgid:commitment/kp-ru-defense-2024",
    ]
    # A user's way to a clear view: untick the other relations, then click on the edge's line
    # where nothing else is drawn (vis tells which edge a point hits).
    for relation in ("party", "membership", "transfer"):
        page.page.click(f"input[data-relation={relation}]")
    where = page.js(
        """(ids) => {
      window.network.stopSimulation();
      window.network.setOptions({physics: false});
      const e = window.network.body.edges[ids[0]];
      const box = document.getElementById("graph").getBoundingClientRect();
      const middle = {x: (e.from.x + e.to.x) / 2, y: (e.from.y + e.to.y) / 2};
      window.network.moveTo({position: middle, scale: 1.5, animation: false});
      for (const t of [0.5, 0.4, 0.6, 0.3, 0.7, 0.35, 0.65]) {
        const dom = window.network.canvasToDOM({x: e.from.x + t * (e.to.x - e.from.x),
                                                 y: e.from.y + t * (e.to.y - e.from.y)});
        if (ids.includes(window.network.getEdgeAt(dom))) {
          return {x: box.left + dom.x, y: box.top + dom.y};
        }
      }
      return null; }""",
        ids,
    )
    assert where is not None
    page.page.mouse.click(where["x"], where["y"])
    # Both directions of the mutual commitment share the line; either is the right answer.
    assert page.js("() => window.network.getSelectedEdges()")[0] in ids
    text = page.page.inner_text("#evidence")
    assert "in case any one of the two sides is put in a state of war" in text
    assert "Asia Pacific Initiative" in text
    page.check()


def test_the_slider_to_1990_hides_2024_and_shows_1961(browser: Any, shipped: Path) -> None:
    page = Page(browser, shipped)
    treaty = "pgid:agreement/"
    hidden = """(id) => window.network.body.data.nodes.get(id).hidden"""
    assert page.js(hidden, treaty + "ru-kp-comprehensive-strategic-partnership-2024") is False
    page.js("""() => { const s = document.getElementById('slider');
      s.value = Math.round(Date.parse('1990-01-01T00:00:00Z') / 86400000);
      s.dispatchEvent(new Event('input')); }""")
    assert page.page.inner_text("#day") == "1990-01-01"
    assert page.js(hidden, treaty + "ru-kp-comprehensive-strategic-partnership-2024") is True
    assert page.js(hidden, treaty + "cn-kp-friendship-cooperation-mutual-assistance-1961") is False
    assert page.js(hidden, treaty + "su-kp-friendship-cooperation-mutual-assistance-1961") is False
    edges = "(id) => window.network.body.data.edges.get(id).hidden"
    assert page.js(edges, "pgid:commitment/ru-kp-defense-2024") is True
    assert page.js(edges, "pgid:commitment/su-kp-defense-1961") is False
    page.check()


def test_search_finds_dprk(browser: Any, shipped: Path) -> None:
    page = Page(browser, shipped)
    page.page.fill("#search", "DPRK")
    page.page.dispatch_event("#search", "change")
    assert page.js("() => window.network.getSelectedNodes()") == ["pgid:state/PRK"]
    assert page.page.inner_text("#evidence h2") == "North Korea"
    page.check()


HOSTILE = "<img src=x onerror=alert(1)>"


def test_hostile_labels_quotes_and_title_stay_inert(browser: Any, tmp_path: Path) -> None:
    files = dict(MINIMAL)
    files["actors.yaml"] = MINIMAL["actors.yaml"].replace("label: Russia", f"label: '{HOSTILE}'")
    files["commitments.yaml"] = MINIMAL["commitments.yaml"].replace(
        "quote: shall provide military and other assistance",
        "quote: '</script><script>alert(2)</script>'",
    )
    backend = memory_backend(data_dir=write_data(tmp_path / "d", files))
    output = tmp_path / "hostile.html"
    write_view(
        backend,
        output=output,
        graphs=default_graphs(),
        as_of=AS_OF,
        title=f"{HOSTILE}</title><script>alert(3)</script>",
    )
    text = output.read_text(encoding="utf-8")
    assert "<img src=x" not in text
    assert "alert(2)</script>" not in text
    page = Page(browser, output)
    assert page.page.title() == f"{HOSTILE}</title><script>alert(3)</script>"
    page.js("() => window.pactgraphShow({nodes: [], edges: ['pgid:commitment/ru-kp']})")
    assert "</script><script>alert(2)</script>" in page.page.inner_text("#evidence")
    page.page.fill("#search", HOSTILE)
    page.page.dispatch_event("#search", "change")
    assert page.page.inner_text("#evidence h2") == HOSTILE
    assert page.js("() => document.querySelectorAll('img').length") == 0
    page.check()
