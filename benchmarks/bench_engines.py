"""Engines side by side in one run: the embedded store, Oxigraph server and Virtuoso 7.

For a built store (``--store``, e.g. one with ATOP and SIPRI imported; by default the shipped data
is built into a temporary one) each graph is dumped to N-Triples once, then loaded into each engine
two ways, timed: ``push`` (Graph Store Protocol over HTTP, what most users will do) and the
engine's bulk loader (pyoxigraph's ``bulk_load`` for the embedded store, ``oxigraph load`` for the
server's database, Virtuoso's ``ld_add`` + ``rdf_loader_run()`` + ``checkpoint`` through isql).
Then ``trace`` and the named query ``alliance-links`` run on each, through the same library calls
the CLI makes, and their answers are compared with the embedded store's. Medians of several runs,
after one warm-up; nothing is asserted. Servers get their own temporary databases and loopback
ports, and are stopped by PID.

    python benchmarks/bench_engines.py --store ~/.cache/pactgraph/store --repeat 5
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from pactgraph.ask.queries import get_query
from pactgraph.graph import Graph
from pactgraph.model.resources import default_data_dir
from pactgraph.store.backends import Solutions
from pactgraph.store.dataset import graph_files
from pactgraph.store.embedded import ensure_store
from pactgraph.store.endpoint import EndpointBackend
from pactgraph.store.graphstore import guess_graph_store, push

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.servers import VIRTUOSO, OxigraphServer, VirtuosoServer, free_port, oxigraph_binary


def median_time(action: Callable[[], object], repeat: int) -> tuple[float, object]:
    answer = action()  # warm up (and the answer to compare)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), answer


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def dump_graphs(store_dir: Path, data: Path, out: Path) -> dict[str, Path]:
    """Each named graph of the built store as an N-Triples file in ``out``."""
    built = ensure_store(data_dir=data, store_dir=store_dir)
    store = ox.Store.read_only(str(built))
    files = {}
    for number, (name, path) in enumerate(graph_files(store)):
        kept = out / f"{number}.nt"
        shutil.copyfile(path, kept)
        files[name] = kept
    return files


def bulk_load_embedded(files: dict[str, Path], location: Path) -> None:
    store = ox.Store(str(location))
    for graph, path in files.items():
        store.bulk_load(path=path, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph))
    store.flush()


def oxigraph_load(files: dict[str, Path], location: Path) -> None:
    """`oxigraph load`, the server's bulk loader, into a database it then serves."""
    for graph, path in files.items():
        command = ["load", "--location", str(location), "--file", str(path), "--graph", graph]
        subprocess.run([oxigraph_binary(), *command], check=True, capture_output=True)


def isql(server: VirtuosoServer, sql_port: int, statements: str) -> None:
    """Statements run by Virtuoso's isql (isql-vt on Debian) as dba."""
    client = shutil.which("isql-vt") or shutil.which("isql") or "isql-vt"
    subprocess.run(
        [client, str(sql_port), server.user, server.password, f"exec={statements}"],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def ask(graph: Graph, target: str) -> dict[str, Callable[[], object]]:
    alliance = get_query("alliance-links")
    return {
        "trace": lambda: json.dumps(graph.trace(target).to_json(), sort_keys=True),
        "alliance-links": lambda: _rows(graph.query(alliance)),
    }


def _rows(answer: object) -> object:
    assert isinstance(answer, Solutions)
    return sorted(answer.rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, help="a built store [default: shipped data, fresh]")
    parser.add_argument("--data", type=Path, default=default_data_dir())
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--target", default="North Korea")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-engines-"))
    try:
        run(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(args: argparse.Namespace, work: Path) -> None:
    store_dir = args.store or work / "store"
    files = dump_graphs(store_dir, args.data, work)
    triples = sum(path.read_bytes().count(b"\n") for path in files.values())
    size = sum(path.stat().st_size for path in files.values())
    print(f"{triples:,} triples in {len(files)} graphs ({size / 1e6:,.1f} MB of N-Triples)")
    print(f"machine: {platform.node()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    rows: list[list[str]] = []
    reference: dict[str, object] = {}

    # The embedded store: pyoxigraph's bulk loader into a fresh store on disk.
    load = timed(lambda: bulk_load_embedded(files, work / "embedded"))
    local = Graph.open(data=args.data, store=store_dir)
    rows.append(measure("embedded (pyoxigraph)", f"{load:.1f}", "—", local, args, reference))

    # Oxigraph server: push over HTTP into one database, `oxigraph load` into another.
    bulk = timed(lambda: oxigraph_load(files, work / "oxigraph-bulk"))
    server = OxigraphServer.start(work / "oxigraph", free_port())
    try:
        store = guess_graph_store(server.query_url)
        pushed = timed(lambda: push(graphs=files.items(), graph_store=store, timeout=None))
        remote = Graph.of(EndpointBackend(server.query_url, timeout=None))
        rows.append(
            measure("Oxigraph server", f"{bulk:.1f}", f"{pushed:.1f}", remote, args, reference)
        )
    finally:
        server.stop()

    if not Path(VIRTUOSO).exists():
        print("Virtuoso 7 is not installed (apt-get install virtuoso-opensource): skipped")
    else:
        rows.append(virtuoso(files, work, args, reference))

    header = ["engine", "bulk load s", "push s", "trace ms", "alliance-links ms", "same answers"]
    print_table(header, rows)


def virtuoso(
    files: dict[str, Path], work: Path, args: argparse.Namespace, reference: dict[str, object]
) -> list[str]:
    """Push into one Virtuoso database; the bulk loader into another (DirsAllowed has it)."""
    sql_port, folder = free_port(), work / "virtuoso-bulk"
    bulk_server = VirtuosoServer.start(folder, http_port=free_port(), sql_port=sql_port)
    try:
        for number, path in enumerate(files.values()):
            shutil.copyfile(path, folder / f"load-{number}.nt")
        adds = " ".join(
            f"ld_add('{folder / f'load-{n}.nt'}', '{g}');" for n, g in enumerate(files)
        )  # graph names are pactgraph's own IRIs, never user input
        bulk = timed(lambda: isql(bulk_server, sql_port, f"{adds} rdf_loader_run(); checkpoint;"))
    finally:
        bulk_server.stop()
    server = VirtuosoServer.start(work / "virtuoso", http_port=free_port(), sql_port=free_port())
    try:
        os.environ["PACTGRAPH_ENDPOINT_USER"] = server.user
        os.environ["PACTGRAPH_ENDPOINT_PASSWORD"] = server.password
        store = guess_graph_store(server.query_url)
        pushed = timed(lambda: push(graphs=files.items(), graph_store=store, timeout=None))
        remote = Graph.of(EndpointBackend(server.query_url, timeout=None))
        return measure("Virtuoso 7", f"{bulk:.1f}", f"{pushed:.1f}", remote, args, reference)
    finally:
        server.stop()


def measure(
    engine: str,
    bulk: str,
    pushed: str,
    graph: Graph,
    args: argparse.Namespace,
    reference: dict[str, object],
) -> list[str]:
    """The row of one engine: load times given, query times measured, answers compared with the
    first engine's (the embedded store's)."""
    cells = [engine, bulk, pushed]
    same = True
    for name, action in ask(graph, args.target).items():
        try:
            seconds, answer = median_time(action, args.repeat)
        except Exception as error:  # a benchmark reports a failing engine and goes on
            print(f"{engine}, {name}: {type(error).__name__}: {error}", file=sys.stderr)
            cells.append("error")
            same = False
            continue
        cells.append(f"{seconds * 1000:,.0f}")
        same = same and reference.setdefault(name, answer) == answer
    cells.append("yes" if same else "NO")
    print(" | ".join(cells), file=sys.stderr, flush=True)  # as it goes: a long run shows progress
    return cells


def print_table(header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, ["-" * w for w in widths], *rows]:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")


if __name__ == "__main__":
    main()
