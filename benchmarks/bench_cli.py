"""Whole CLI runs on a store with ATOP and SIPRI imported, against the floor, side by side.

Each command of issue 13's table runs as its own process (as an analyst runs it), in rounds: in
every round the floor (``python -c "import click, pyoxigraph"`` in the same interpreter) runs
first, then each command, then, where one exists, the same question as a bare pyoxigraph process
(open the store read-only, run the SPARQL). Medians over the rounds; the ratio to the floor is
what the budgets are stated in. Nothing is asserted: it prints a markdown table.

    python benchmarks/bench_cli.py --store STORE [--curated-store DIR] [--repeat 5] [--rebuild]

``STORE`` holds the imports (``pactgraph --store STORE import atop …``, ``import sipri …``).
``--rebuild`` also times a store rebuild after a one-line edit of a copy of the curated YAML,
imports present (in a scratch copy of STORE's imports).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from pactgraph.ask.queries import get_query
from pactgraph.model.resources import default_data_dir
from pactgraph.store.dataset import default_graphs
from pactgraph.store.embedded import ensure_store, open_store

PY = sys.executable
FLOOR = [PY, "-c", "import click, pyoxigraph"]
# The command as an analyst runs it: the installed script, not ``python -m`` (whose runpy and
# importlib.util cost 3-5 ms that no user pays).
_SCRIPT = Path(PY).parent / "pactgraph"
PACTGRAPH = [str(_SCRIPT)] if _SCRIPT.exists() else [PY, "-m", "pactgraph"]
BARE = """import sys, pyoxigraph as ox
store = ox.Store.read_only(sys.argv[1])
graphs = [ox.NamedNode(g) for g in sys.argv[2].split()]
for row in store.query(open(sys.argv[3], encoding="utf-8").read(), default_graph=graphs):
    pass
"""
NORTH_KOREA_CORE = """PREFIX pg: <https://w3id.org/pactgraph/ontology#>
SELECT ?c ?committer WHERE {
  VALUES ?beneficiary { <https://w3id.org/pactgraph/id/state/PRK> }
  ?c pg:beneficiary ?beneficiary ; pg:committer ?committer }"""


@dataclass
class Case:
    """One command, its budget (times the floor), and the bare pyoxigraph query it compares with."""

    label: str
    args: list[str]
    budget: float
    store: str = "combined"
    bare: str | None = None  # SPARQL text for the bare pyoxigraph process
    ok_codes: tuple[int, ...] = (0,)
    times: list[float] = field(default_factory=list)
    bare_times: list[float] = field(default_factory=list)


# As a user's shell runs them: Python caches compiled modules (some sandboxes turn that off,
# which charges every command ~60 ms of compiling that the floor, all bytecode, never pays).
_ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run_once(command: list[str], ok_codes: tuple[int, ...] = (0,)) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, check=False, env=_ENVIRONMENT)
    seconds = time.perf_counter() - started
    if done.returncode not in ok_codes:
        message = done.stderr.decode(errors="replace")[-2000:]
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{message}")
    return seconds


def cases(viz_output: Path) -> list[Case]:
    links = get_query("alliance-links").text
    cited = get_query("documents-cited").text
    return [
        Case("`viz` (default view)", ["viz", "-o", str(viz_output)], 60),
        Case('`explain Japan "North Korea"`', ["explain", "Japan", "North Korea"], 10),
        Case("`analyze centrality`", ["analyze", "centrality"], 30),
        Case("`analyze brokers`", ["analyze", "brokers"], 30),
        Case("`query alliance-links`", ["query", "alliance-links"], 15, bare=links),
        Case("`query documents-cited`", ["query", "documents-cited"], 10, bare=cited),
        Case('`timeline "North Korea"`', ["timeline", "North Korea"], 5),
        Case('`trace --to "north korea"`', ["trace", "--to", "north korea"], 3),
        Case("`trace --to kp` (ISO alpha-2, any case)", ["trace", "--to", "kp"], 3),
        Case(
            '`trace --to "North Kora"` (a typo: exit 2, suggestions)',
            ["trace", "--to", "North Kora"],
            3,
            ok_codes=(2,),
        ),
        Case(
            '`trace --to "North Korea"`',
            ["trace", "--to", "North Korea"],
            3,
            bare=NORTH_KOREA_CORE,
        ),
        Case(
            '`trace --to "North Korea"`, curated store',
            ["trace", "--to", "North Korea"],
            2,
            store="curated",
            bare=NORTH_KOREA_CORE,
        ),
    ]


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


def draw_seconds(page: Path) -> float:
    """From navigation to vis-network's first drawing, in Debian's Chromium (as bench_view)."""
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(Path(__file__).parent))
    from bench_view import FLAGS, only

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        tab = browser.new_page()
        tab.route("**/*", only(page.as_uri()))
        tab.goto(page.as_uri())
        tab.wait_for_function("() => window.pactgraphDrawnAt !== undefined", timeout=120_000)
        drawn_ms = float(tab.evaluate("() => window.pactgraphDrawnAt"))
        browser.close()
    return drawn_ms / 1000


def rebuild_seconds(store: Path) -> tuple[float, float]:
    """A store rebuild after a one-line YAML edit, imports present: (first build, rebuild)."""
    with tempfile.TemporaryDirectory() as scratch:
        data = Path(scratch) / "graph_data"
        shutil.copytree(default_data_dir(), data)
        target = Path(scratch) / "store"
        shutil.copytree(store / "imports", target / "imports")
        command = [*PACTGRAPH, "--data", str(data), "--store", str(target)]
        command += ["trace", "--to", "North Korea"]
        first = run_once(command)
        actors = data / "actors.yaml"
        text = actors.read_text(encoding="utf-8")
        actors.write_text(text.replace("\n", "\n# a one-line edit\n", 1), encoding="utf-8")
        return first, run_once(command)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, required=True, help="a store with the imports")
    parser.add_argument("--curated-store", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--only", default=None, help="only cases whose label contains this")
    parser.add_argument("--draw", action="store_true", help="time the viz page in Chromium")
    options = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="bench-cli-"))
    curated = options.curated_store or scratch / "curated"
    data = default_data_dir()
    paths = {}
    for name, store in (("combined", options.store), ("curated", curated)):
        paths[name] = (store, ensure_store(data_dir=data, store_dir=store))
    graph_lists = {
        name: " ".join(default_graphs(open_store(data_dir=data, store_dir=store)))
        for name, (store, _) in paths.items()
    }
    viz_output = scratch / "pactgraph.html"
    chosen = [c for c in cases(viz_output) if not options.only or options.only in c.label]
    floor: list[float] = []
    for case in chosen:
        if case.bare:
            (scratch / f"{id(case)}.rq").write_text(case.bare, encoding="utf-8")
    for _ in range(options.repeat + 1):  # the first round warms caches and is not counted
        floor.append(run_once(FLOOR))
        for case in chosen:
            store, built = paths[case.store]
            command = [*PACTGRAPH, "--store", str(store), *case.args]
            case.times.append(run_once(command, case.ok_codes))
            if case.bare:
                bare = [PY, "-c", BARE, str(built), graph_lists[case.store]]
                case.bare_times.append(run_once([*bare, str(scratch / f"{id(case)}.rq")]))
    floor_ms = statistics.median(floor[1:]) * 1000
    page = viz_output.stat().st_size if viz_output.exists() else None
    drawn = draw_seconds(viz_output) if options.draw and page is not None else None

    print(f"Machine: {machine()}; {dt.date.today().isoformat()}; medians of {options.repeat}.")
    print(f'Floor, `python -c "import click, pyoxigraph"`: {floor_ms:.0f} ms.\n')
    print("| command | ms | x floor | budget | bare pyoxigraph ms | x bare | within |")
    print("|---|---|---|---|---|---|---|")
    for case in chosen:
        ms = statistics.median(case.times[1:]) * 1000
        ratio = ms / floor_ms
        bare = statistics.median(case.bare_times[1:]) * 1000 if case.bare_times else None
        print(
            f"| {case.label} | {ms:,.0f} | {ratio:.1f} | ≤ {case.budget:g}x | "
            f"{f'{bare:,.0f}' if bare else '—'} | {f'{ms / bare:.1f}' if bare else '—'} | "
            f"{'yes' if ratio <= case.budget else 'NO'} |"
        )
    if page is not None:
        drawing = f"; first drawing in Chromium {drawn:.2f} s (budget ≤ 5 s)" if drawn else ""
        print(f"\n`viz` page: {page / 1e6:.1f} MB (budget ≤ 15 MB){drawing}.")
    if options.rebuild:
        first, again = rebuild_seconds(options.store)
        print(
            f"\nStore rebuild after a one-line YAML edit, imports present: {again:.1f} s "
            f"(budget ≤ 15 s; the first build of that copy: {first:.1f} s)."
        )
    shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
