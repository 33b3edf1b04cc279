"""HTML view speed: time to write, file size, and time to first drawing in headless Chromium.

    python benchmarks/bench_view.py --nodes 100 1000 10000

Graphs come from benchmarks/generate.py (states and treaties are the nodes). Needs Debian's
chromium at /usr/bin/chromium and the playwright package. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

from pactgraph.store.dataset import default_graphs
from pactgraph.store.embedded import open_store
from pactgraph.views.html import write_view

sys.path.insert(0, str(Path(__file__).parent))
from generate import TRIPLES_PER_TREATY, generate

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def only(url: str) -> Callable[[Any], None]:
    """A route handler that lets the page itself through and aborts everything else."""

    def handle(route: Any) -> None:
        if route.request.url == url:
            route.continue_()
        else:
            route.abort()

    return handle


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, nargs="+", default=[100, 1000, 10_000])
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="pactgraph-view-") as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        for wanted in args.nodes:
            treaties = max(2, int(wanted / 1.2))  # nodes: a treaty each, plus a state per 5
            data = generate(triples=treaties * TRIPLES_PER_TREATY, out=Path(tmp) / f"g{wanted}")
            backend = open_store(data_dir=data, store_dir=Path(tmp) / f"s{wanted}")
            output = Path(tmp) / f"view-{wanted}.html"
            start = time.perf_counter()
            result = write_view(
                backend, output=output, graphs=default_graphs(), as_of=dt.date(2000, 1, 1)
            )
            write_s = time.perf_counter() - start
            page = browser.new_page()
            page.route("**/*", only(output.as_uri()))
            page.goto(output.as_uri())
            page.wait_for_function("() => window.pactgraphDrawnAt !== undefined", timeout=120_000)
            drawn_ms = page.evaluate("() => window.pactgraphDrawnAt")
            page.close()
            rows.append(
                [
                    f"{result.nodes:,}",
                    f"{result.edges:,}",
                    f"{write_s:.2f}",
                    f"{result.bytes / 1e6:.2f}",
                    f"{drawn_ms / 1000:.2f}",
                ]
            )
        browser.close()
    print("| nodes | links | write s | HTML MB | first drawing s |")
    print("|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
