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
from pactgraph.model.vocab import compact
from pactgraph.store.dataset import default_graphs
from pactgraph.store.embedded import memory_backend, open_store
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
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
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
        self.page.wait_for_function("() => window.pactgraphReady === true", timeout=120_000)

    def js(self, script: str, arg: Any = None) -> Any:
        return self.page.evaluate(script, arg)

    def check(self) -> None:
        assert self.problems == []


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The shipped data in an embedded Oxigraph store (rdflib takes minutes for the page)."""
    return open_store(data_dir=default_data_dir(), store_dir=tmp_path_factory.mktemp("store"))


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory, store: Any) -> Path:
    output = tmp_path_factory.mktemp("view") / "pactgraph.html"
    # Focused on North Korea: the shipped network of every defence pact draws too slowly for a
    # test, and its default view opens on the best-linked states, far from the seed articles.
    write_view(store, output=output, graphs=default_graphs(), as_of=AS_OF, focus="North Korea")
    return output


VISIBLE = """() => ({
  nodes: window.network.body.data.nodes.get({filter: (n) => !n.hidden}).length,
  edges: window.network.body.data.edges.get({filter: (e) => !e.hidden}).length,
  drawnNodes: window.network.body.nodeIndices.length,
  drawnEdges: window.network.body.edgeIndices.length })"""


def test_counts_drawn_equal_the_graphs(browser: Any, shipped: Path, store: Any) -> None:
    page = Page(browser, shipped)
    seen = page.js(VISIBLE)
    graph = project(store, graphs=default_graphs(), as_of=AS_OF, agreements=True)
    drawn = page.js(
        """() => window.network.body.data.edges.get({filter: (e) => !e.hidden})
                   .filter((e) => e.relation === "commitment").map((e) => e.id)"""
    )
    # Every binding commitment in force on the date between two actors on the page is drawn.
    shown = set(page.js("() => window.pactgraphState.shown"))
    binding = {
        compact(k)
        for u, v, k, d in graph.edges(keys=True, data=True)
        if d["relation"] == "commitment" and {compact(u), compact(v)} <= shown
    }
    assert len(binding) >= 20
    assert binding <= set(drawn)
    assert seen["drawnEdges"] == seen["edges"]
    assert seen["drawnNodes"] == seen["nodes"] >= 40
    page.check()


def test_capabilities_and_transfers_are_drawn(browser: Any, shipped: Path) -> None:
    page = Page(browser, shipped)
    shown = set(page.js("() => window.pactgraphState.shown"))
    for capability in (
        "kn-23",
        "iskander",
        # (ISR satellites: only an assessment names them, no transfer carries them here.)
        "north-korean-ammunition",
        "foreign-civilian-components",
        "satellite-launch-engine-technology",
    ):
        assert f"pgid:capability/{capability}" in shown
    legs = page.js(
        """() => window.network.body.data.edges.get({filter: (e) => !e.hidden
             && e.id.startsWith("pgid:transfer/kp-ru-missiles-2023#")})
             .map((e) => [e.from, e.to])"""
    )
    assert sorted(legs) == [
        ["pgid:capability/kn-23", "pgid:state/RUS"],
        ["pgid:state/PRK", "pgid:capability/kn-23"],
    ]
    origin = page.js(
        """() => window.network.body.data.edges.get({filter: (e) =>
             e.from === "pgid:capability/foreign-civilian-components" && e.kind === "made in"})
             .map((e) => e.to).sort()"""
    )
    assert origin == ["pgid:state/DEU", "pgid:state/JPN", "pgid:state/USA"]
    page.check()


def test_first_draw_has_no_overlaps_and_fits_the_window(browser: Any, shipped: Path) -> None:
    page = Page(browser, shipped)
    boxes = page.js(
        """() => { const n = window.network;
      const box = document.getElementById("graph").getBoundingClientRect();
      return n.body.data.nodes.get({filter: (x) => !x.hidden}).map((x) => {
        const b = n.getBoundingBox(x.id);
        const tl = n.canvasToDOM({x: b.left, y: b.top});
        const br = n.canvasToDOM({x: b.right, y: b.bottom});
        return {id: x.id, l: tl.x, t: tl.y, r: br.x, b: br.y, w: box.width, h: box.height};
      }); }"""
    )
    assert len(boxes) >= 40
    for box in boxes:
        assert min(box["l"], box["t"]) >= 0, box
        assert box["b"] <= box["h"], box
        assert box["r"] <= box["w"], box
    overlapping = [
        (a["id"], b["id"])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if min(a["r"], b["r"]) > max(a["l"], b["l"]) and min(a["b"], b["b"]) > max(a["t"], b["t"])
    ]
    assert overlapping == []
    page.check()


def test_parallel_link_labels_do_not_print_on_each_other(browser: Any, shipped: Path) -> None:
    page = Page(browser, shipped)
    labels = page.js(
        """() => { const n = window.network; n.redraw();
      return n.body.edgeIndices.map((id) => n.body.edges[id])
        .filter((e) => e.options.label && e.labelModule.size.width > 0)
        .map((e) => ({pair: [e.fromId, e.toId].sort().join(" "), id: e.id,
                      l: e.labelModule.size.left, t: e.labelModule.size.top,
                      r: e.labelModule.size.left + e.labelModule.size.width,
                      b: e.labelModule.size.top + e.labelModule.size.height})); }"""
    )
    pairs: dict[str, list[dict[str, Any]]] = {}
    for label in labels:
        pairs.setdefault(label["pair"], []).append(label)
    # Parallel links keep their labels apart, either on bent links or joined into one label.
    assert any(len(group) > 1 for group in pairs.values()) or any(
        "\n" in label
        for label in page.js("() => window.network.body.data.edges.get().map((e) => e.label || '')")
    )
    for group in pairs.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                apart = min(a["r"], b["r"]) <= max(a["l"], b["l"]) or min(a["b"], b["b"]) <= max(
                    a["t"], b["t"]
                )
                assert apart, (a, b)
    page.check()


def test_colliding_labels_are_joined_and_the_cleared_one_is_not_drawn(
    browser: Any, shipped: Path
) -> None:
    page = Page(browser, shipped)
    # Japan moved next to the United States: the two bent links' labels now print on each other.
    drawn = page.js(
        """() => { const n = window.network;
      const usa = n.getPositions(["pgid:state/USA"])["pgid:state/USA"];
      n.moveNode("pgid:state/JPN", usa.x + 8, usa.y + 8); n.redraw();
      window.pactgraphJoinCollidingLabels();
      return n.body.data.edges.get({filter: (e) => [e.from, e.to].sort().join(" ")
          === "pgid:state/JPN pgid:state/USA"})
        .map((e) => [e.label || "", n.body.edges[e.id].options.label || ""]); }"""
    )
    assert [given for given, _ in drawn if given] == ["mutual defense\nextended deterrence"]
    # What the page's data says is what is drawn (vis-network keeps a label updated to "").
    assert [shown for _, shown in drawn] == [given for given, _ in drawn]
    page.check()


def test_legend_names_every_kind_and_link_style(browser: Any, shipped: Path) -> None:
    page = Page(browser, shipped)
    kinds = page.js("() => [...new Set(window.network.body.data.nodes.get().map((n) => n.kind))]")
    relations = page.js(
        "() => [...new Set(window.network.body.data.edges.get().map((e) => e.relation))]"
    )
    for kind in kinds:
        assert page.page.locator(f"#legend input[data-kind={kind}]").count() == 1
    for relation in relations:
        assert page.page.locator(f"#legend input[data-relation={relation}]").count() == 1
    assert {"commitment", "membership", "party", "transfer", "capability"} <= set(relations)
    text = page.page.inner_text("#legend")
    for words in ("offered or suspected", "contested", "not in force", "Short-range ballistic"):
        assert words in text
    # A kind's toggle hides its nodes.
    page.page.click("#legend input[data-kind=Agreement]")
    assert page.js(
        "() => window.network.body.data.nodes.get({filter: (n) => n.kind === 'Agreement'})"
        ".every((n) => n.hidden)"
    )
    page.check()


def test_hovering_a_node_shows_a_tooltip(browser: Any, shipped: Path) -> None:
    page = Page(browser, shipped)
    where = page.js(
        """() => { const p = window.network.getPositions(["pgid:state/PRK"])["pgid:state/PRK"];
      const d = window.network.canvasToDOM(p);
      const box = document.getElementById("graph").getBoundingClientRect();
      return {x: box.left + d.x, y: box.top + d.y}; }"""
    )
    page.page.mouse.move(where["x"] - 30, where["y"] - 30)
    page.page.mouse.move(where["x"], where["y"])
    page.page.wait_for_selector(".vis-tooltip", state="visible", timeout=5000)
    text = page.page.inner_text(".vis-tooltip")
    assert "North Korea" in text
    assert "State" in text
    page.check()


def test_evidence_panel_shows_what_trace_shows(browser: Any, shipped: Path) -> None:
    page = Page(browser, shipped)
    page.js(
        "() => window.pactgraphShow({nodes: [], edges: ['pgid:commitment/ru-kp-defense-2024']})"
    )
    text = page.page.inner_text("#evidence")
    assert "Russia \u2192 North Korea" in text
    assert "in force on 2025-06-01" in text
    assert "Article 4" in text
    assert "Treaty on Comprehensive Strategic Partnership" in text
    assert "connotes mutual defence obligations" in text  # a reading, with its holder
    assert "Hirohito Ogi" in text
    assert "confidence: moderate" in text
    first = page.js("() => document.querySelector('#evidence .reading').className")
    assert "contested" in first  # contested readings come first
    assert "Asia Pacific Initiative" in text
    # A source with a URL is a link that opens in a new tab, without access to this page.
    key = page.js(
        """() => { const data = JSON.parse(document.getElementById("graph-data").textContent);
      return Object.keys(data.evidence).find((k) => data.evidence[k].sources.some((s) => s.url)
        && window.network.body.data.nodes.get(k)); }"""
    )
    page.js("(k) => window.pactgraphShow({nodes: [k], edges: []})", key)
    link = page.page.locator("#evidence a[href]").first
    assert link.get_attribute("href").startswith("http")
    assert link.get_attribute("target") == "_blank"
    assert "noopener" in link.get_attribute("rel")
    page.check()


def test_today_hides_the_soviet_union_and_greys_on_request(browser: Any, shipped: Path) -> None:
    page = Page(browser, shipped)
    assert page.page.inner_text("#day") == AS_OF.isoformat()  # the page opens on --as-of
    node = "(id) => window.network.body.data.nodes.get(id)"
    treaty = "pgid:agreement/su-kp-friendship-cooperation-mutual-assistance-1961"
    assert page.js(node, "pgid:state/SUN")["hidden"] is True
    assert page.js(node, treaty)["hidden"] is True
    assert page.js(node, "pgid:state/PRK")["hidden"] is False
    page.page.click("#grey")
    sun = page.js(node, "pgid:state/SUN")
    assert sun["hidden"] is False
    assert sun["color"]["background"] == "#eeeeee"
    assert page.js(node, "pgid:state/PRK")["color"] == "#1f77b4"
    page.check()


def test_selecting_an_actor_shows_its_timeline(browser: Any, shipped: Path, store: Any) -> None:
    from pactgraph.ask.timeline import timeline

    expected = timeline(store, actor="North Korea", graphs=default_graphs())
    page = Page(browser, shipped)
    page.js("() => window.pactgraphShow({nodes: ['pgid:state/PRK'], edges: []})")
    text = page.page.text_content("#timeline") or ""
    assert f"Timeline: North Korea ({len(expected.entries)})" in text
    assert page.page.locator("#timeline li").count() == len(expected.entries)
    assert "1961-07-11" in text
    assert "agreement signed" in text
    page.check()


def test_screenshot_of_the_demo_page_is_not_blank(
    browser: Any, shipped: Path, tmp_path: Path
) -> None:
    page = Page(browser, shipped)
    page.page.wait_for_timeout(300)
    canvas = page.js(
        """() => { const c = document.querySelector("#graph canvas");
      const pixels = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
      const colours = new Set(); let inked = 0;
      for (let i = 0; i < pixels.length; i += 4) {
        if (pixels[i + 3] > 0 && (pixels[i] < 240 || pixels[i + 1] < 240 || pixels[i + 2] < 240)) {
          inked++; colours.add((pixels[i] << 16) | (pixels[i + 1] << 8) | pixels[i + 2]);
        }
      }
      return {inked: inked / (c.width * c.height), colours: colours.size}; }"""
    )
    assert canvas["inked"] > 0.02, canvas
    assert canvas["colours"] > 50, canvas
    # The picture in the README: Russia's defence commitment to North Korea selected.
    page.js(
        """() => { const id = "pgid:commitment/ru-kp-defense-2024";
      window.network.selectEdges([id]); window.pactgraphShow({nodes: [], edges: [id]}); }"""
    )
    page.page.wait_for_timeout(300)
    target = Path(os.environ.get("PACTGRAPH_SCREENSHOT", tmp_path / "screenshot.png"))
    page.page.screenshot(path=str(target))
    assert target.stat().st_size > 50_000
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
      const e = window.network.body.edges[ids[0]];
      const box = document.getElementById("graph").getBoundingClientRect();
      // Parallel links bend apart: points along the drawn curve.
      window.network.moveTo({position: e.edgeType.getPoint(0.5), scale: 1.5, animation: false});
      for (const t of [0.5, 0.4, 0.6, 0.3, 0.7, 0.35, 0.65]) {
        const dom = window.network.canvasToDOM(e.edgeType.getPoint(t));
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
    # A source URL from imported data is a link only when it is http(s).
    files["documents.yaml"] = MINIMAL["documents.yaml"].rstrip(" ") + (
        "          url: 'javascript:alert(4)'\n"
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
    assert "javascript:alert(4)" in page.page.inner_text("#evidence")
    assert page.js("() => document.querySelectorAll('#evidence a[href]').length") == 0
    page.page.fill("#search", HOSTILE)
    page.page.dispatch_event("#search", "change")
    assert page.page.inner_text("#evidence h2") == HOSTILE
    assert page.js("() => document.querySelectorAll('img').length") == 0
    page.check()
