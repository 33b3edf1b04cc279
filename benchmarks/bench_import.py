"""Importing ATOP 5.1 and the SIPRI register, and querying curated + imported data, side by side.

Imports both datasets from ../shared/data into a fresh store (each import refreshes the store,
reasoning included, as the CLI does), then times on the curated-only store and on the combined one:
``trace --to "North Korea"`` (in process, and as a whole CLI run) and the alliance-links named
query; the same SPARQL on a bare pyoxigraph store holding the same quads; and, where it finishes
in reasonable time, the same through rdflib. Medians of several runs; nothing is asserted.

    python benchmarks/bench_import.py [--shared ../shared/data] [--repeat 5] [--rdflib]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from pactgraph.ask.commitments import _CORE
from pactgraph.ask.queries import get_query, run
from pactgraph.ask.trace import trace
from pactgraph.importers.imports import import_atop, import_sipri
from pactgraph.model.resources import default_data_dir
from pactgraph.store.dataset import default_graphs
from pactgraph.store.embedded import ensure_store, open_store

sys.path.insert(0, str(Path(__file__).parent))
from bench_query import median_time

HERE = Path(__file__).resolve().parent
PRK = "<https://w3id.org/pactgraph/id/state/PRK>"


def size_of(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def cli_time(store_dir: Path, repeat: int) -> float:
    command = [sys.executable, "-m", "pactgraph", "--store", str(store_dir)]
    command += ["trace", "--to", "North Korea"]
    return median_time(lambda: subprocess.run(command, check=True, capture_output=True), repeat)


def measure(label: str, store_dir: Path, repeat: int, with_rdflib: bool) -> dict[str, str]:
    data = default_data_dir()
    path = ensure_store(data_dir=data, store_dir=store_dir)
    backend = open_store(data_dir=data, store_dir=store_dir)
    graphs = default_graphs(backend)
    quads = ox.Store.read_only(str(path)).dump(format=ox.RdfFormat.N_QUADS)
    bare = ox.Store()
    bare.bulk_load(quads, format=ox.RdfFormat.N_QUADS)
    default = [ox.NamedNode(g) for g in graphs]
    links = get_query("alliance-links").text
    named = get_query("alliance-links")

    def ms(action: Callable[[], object]) -> str:
        return f"{median_time(action, repeat) * 1000:.0f} ms"

    lines = quads.count(b"\n")
    result = {
        "store": label,
        "quads": f"{lines:,}",
        "store MB": f"{size_of(path) / 1e6:.0f}",
        "trace (in process)": ms(lambda: trace(backend, target="PRK", graphs=graphs)),
        "trace query, bare pyoxigraph": ms(
            lambda: list(bare.query(_CORE % PRK, default_graph=default))
        ),
        "trace CLI": f"{cli_time(store_dir, repeat) * 1000:.0f} ms",
        "alliance-links": ms(lambda: run(named, {}, backend=backend, graphs=graphs)),
        "alliance-links, bare pyoxigraph": ms(
            lambda: list(bare.query(links, default_graph=default))
        ),
    }
    if with_rdflib:
        from pactgraph.store.backends import RdflibBackend
        from pactgraph.store.dataset import named_graphs

        start = time.perf_counter()
        memory = RdflibBackend(named_graphs(data_dir=data, store_dir=store_dir))
        result["rdflib load"] = f"{time.perf_counter() - start:.1f} s"
        rdflib_trace = median_time(lambda: trace(memory, target="PRK", graphs=graphs), 1)
        result["trace, rdflib"] = f"{rdflib_trace * 1000:.0f} ms"
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=HERE.parents[1] / "shared" / "data")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rdflib", action="store_true", help="also time trace through rdflib")
    args = parser.parse_args()
    shared = args.shared
    register = shared / "sipri_arms_transfers" / "sipri_trade_register_1950_2024_clean.csv"
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        data = default_data_dir()
        curated_store = work / "curated"
        start = time.perf_counter()
        ensure_store(data_dir=data, store_dir=curated_store)
        print(f"curated store built in {time.perf_counter() - start:.1f} s")
        store_dir = work / "combined"
        start = time.perf_counter()
        atop = import_atop(shared / "atop_5.1", data_dir=data, store_dir=store_dir)
        sipri = import_sipri(register, data_dir=data, store_dir=store_dir)
        both = time.perf_counter() - start
        print("| import | rows | records | triples | seconds (store refresh included) |")
        print("|---|---|---|---|---|")
        for summary in (atop, sipri):
            print(
                f"| {summary.name} | {summary.rows:,} | {summary.records:,} | "
                f"{summary.triples:,} | {summary.seconds:.1f} |"
            )
        print(f"| both | | | | {both:.1f} |")
        print()
        rows = [
            measure("curated", curated_store, args.repeat, args.rdflib),
            measure("curated + ATOP + SIPRI", store_dir, args.repeat, args.rdflib),
        ]
        columns = list(rows[0])
        print("| " + " | ".join(columns) + " |")
        print("|" + "---|" * len(columns))
        for row in rows:
            print("| " + " | ".join(row.get(c, "") for c in columns) + " |")


if __name__ == "__main__":
    main()
