"""Query speed, side by side in one run: rdflib in memory, a bare pyoxigraph store, and pactgraph.

For each size the generator writes graph_data, pactgraph builds its store from it (timed), the same
quads go into a bare pyoxigraph store and an rdflib Dataset, and each question runs on all three:
pactgraph through its named query (name resolution, bound parameters, typed results), the others
with the same SPARQL and the answer's IRI written in. Then whole CLI runs are timed against a bare
``python -c "import click, pyoxigraph"``. Medians of several runs; nothing is asserted.

    python benchmarks/bench_query.py --sizes 10000 100000 1000000
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from pactgraph.ask.queries import get_query, run
from pactgraph.store.dataset import default_graphs
from pactgraph.store.embedded import ensure_store, open_store

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate

TARGET, AS_OF = "AAB", "2000-01-01"
RDFLIB_QUERIES = {"defence-commitments-to"}
IRI = f"<https://w3id.org/pactgraph/id/state/{TARGET}>"
DATE = f'"{AS_OF}"^^<http://www.w3.org/2001/XMLSchema#date>'


def median_time(action: Callable[[], object], repeat: int) -> float:
    action()  # warm up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def inline(name: str) -> str:
    """The named query with the parameters written in, for the engines without binding."""
    text = get_query(name).text
    if name == "defence-commitments-to":
        brace = text.index("{", text.index("WHERE"))
        text = (
            text[: brace + 1] + f" VALUES (?target ?as_of) {{ ({IRI} {DATE}) }}" + text[brace + 1 :]
        )
    return text


def bench_size(size: int, work: Path, repeat: int, rdflib_max: int) -> list[list[str]]:
    data = generate(triples=size, out=work / f"gen-{size}")
    store_dir = work / f"store-{size}"
    start = time.perf_counter()
    built = ensure_store(data_dir=data, store_dir=store_dir)
    build_s = time.perf_counter() - start
    quads = ox.Store.read_only(str(built)).dump(format=ox.RdfFormat.N_QUADS)
    triples = quads.count(b"\n")
    bare = ox.Store(str(work / f"bare-{size}"))
    bare.bulk_load(quads, format=ox.RdfFormat.N_QUADS)
    graphs = default_graphs()
    default = [ox.NamedNode(g) for g in graphs]
    ours = open_store(data_dir=data, store_dir=store_dir)
    dataset = None
    if triples <= rdflib_max:
        from rdflib import Dataset

        dataset = Dataset(default_union=True)
        dataset.parse(data=quads, format="nquads")
    rows = []
    for name, params in (
        ("defence-commitments-to", {"target": TARGET, "as_of": AS_OF}),
        ("alliance-links", {}),
    ):
        text = inline(name)
        bare_s = median_time(lambda t=text: list(bare.query(t, default_graph=default)), repeat)
        ours_s = median_time(
            lambda n=name, p=params: run(get_query(n), p, backend=ours, graphs=graphs), repeat
        )
        # rdflib's join order makes alliance-links take minutes even at 10k triples (296 s
        # measured): it is timed on the selective question only.
        rdflib_s = (
            median_time(lambda t=text: list(dataset.query(t)), max(1, repeat // 3))
            if dataset is not None and name in RDFLIB_QUERIES
            else None
        )
        rows.append(
            [
                f"{triples:,}",
                name,
                f"{build_s:.1f}",
                f"{rdflib_s * 1000:.1f}" if rdflib_s else "—",
                f"{bare_s * 1000:.2f}",
                f"{ours_s * 1000:.2f}",
                f"{ours_s / bare_s:.2f}",
                f"{rdflib_s / ours_s:.0f}x" if rdflib_s else "—",
            ]
        )
    return rows


def cli_times(data: Path, store: Path, repeat: int, target: str) -> list[list[str]]:
    commands = {
        'python -c "import click, pyoxigraph"': [sys.executable, "-c", "import click, pyoxigraph"],
        f'pactgraph query defence-commitments-to -p target "{target}"': [
            "pactgraph",
            "--data",
            str(data),
            "--store",
            str(store),
            "query",
            "defence-commitments-to",
            "-p",
            "target",
            target,
        ],
        f'pactgraph trace --to "{target}"': [
            "pactgraph",
            "--data",
            str(data),
            "--store",
            str(store),
            "trace",
            "--to",
            target,
        ],
    }
    results = {
        label: median_time(lambda c=cmd: subprocess.run(c, check=True, capture_output=True), repeat)
        for label, cmd in commands.items()
    }
    base = next(iter(results.values()))
    return [
        [label, f"{seconds * 1000:.0f}", f"{seconds / base:.2f}"]
        for label, seconds in results.items()
    ]


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument(
        "--rdflib-max",
        type=int,
        default=1_100_000,
        help="skip rdflib above this many triples (it needs minutes and GBs)",
    )
    args = parser.parse_args()
    from pactgraph.model.resources import default_data_dir

    with tempfile.TemporaryDirectory(prefix="pactgraph-bench-") as tmp:
        work = Path(tmp)
        rows = [
            row
            for size in args.sizes
            for row in bench_size(size, work, args.repeat, args.rdflib_max)
        ]
        print(
            table(
                [
                    "triples",
                    "query",
                    "pactgraph build s",
                    "rdflib ms",
                    "bare pyoxigraph ms",
                    "pactgraph ms",
                    "pactgraph / bare",
                    "rdflib / pactgraph",
                ],
                rows,
            )
        )
        print()
        curated = work / "curated-store"
        ensure_store(data_dir=default_data_dir(), store_dir=curated)
        print("CLI on the curated graph (warm store):\n")
        print(
            table(
                ["command", "median ms", "x bare import"],
                cli_times(default_data_dir(), curated, args.repeat, "North Korea"),
            )
        )
        biggest = max(args.sizes)
        print(f"\nCLI on the generated {biggest:,}-triple graph (warm store):\n")
        rows = cli_times(work / f"gen-{biggest}", work / f"store-{biggest}", args.repeat, TARGET)
        print(table(["command", "median ms", "x bare import"], rows))


if __name__ == "__main__":
    main()
