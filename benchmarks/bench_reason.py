"""Reasoning engines side by side: pactgraph's targeted OWL 2 RL rules, reasonable and owlrl.

For the curated graph and generated graphs of each size, the ontology and data are compiled once;
then each engine infers what the ontology marks as materialised, and the time is printed with the
number of inferred triples of the declared kinds (the same for every engine that is correct).
Nothing is asserted. owlrl runs only up to --owlrl-max triples (its closure is quadratic-ish).

    python benchmarks/bench_reason.py --sizes 10000 100000 1000000 --owlrl-max 20000 \
        --store ~/.cache/pactgraph/store   # with ATOP and SIPRI imported there
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from pactgraph.model.resources import default_data_dir
from pactgraph.store.dataset import named_graphs
from pactgraph.store.reasoning import materialise, reference_inferences

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate


def rules(graphs: dict[str, Graph]) -> tuple[float, int]:
    store = ox.Store()  # in memory: the build does the same in the store on disk
    for name, graph in graphs.items():
        data = graph.serialize(format="nt", encoding="utf-8")
        store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(name))
    result = materialise(store)
    return result.seconds, result.total


def reference(graphs: dict[str, Graph], engine: str) -> tuple[float, int]:
    union = Graph()
    for graph in graphs.values():
        union += graph
    start = time.perf_counter()
    found = reference_inferences(union, engine=engine)
    return time.perf_counter() - start, len(found)


def bench(label: str, data: Path, owlrl_max: int, store_dir: Path | None = None) -> list[str]:
    graphs = named_graphs(data_dir=data, store_dir=store_dir)
    size = sum(len(g) for g in graphs.values())
    cells = [label, f"{size:,}"]
    rules_s, rules_n = rules(graphs)
    cells += [f"{rules_s:.3f}", f"{rules_n:,}"]
    reasonable_s, reasonable_n = reference(graphs, "reasonable")
    cells += [f"{reasonable_s:.2f}", f"{reasonable_n:,}"]
    if size <= owlrl_max:
        owlrl_s, owlrl_n = reference(graphs, "owlrl")
        cells += [f"{owlrl_s:.1f}", f"{owlrl_n:,}"]
    else:
        cells += ["—", "—"]
    print("| " + " | ".join(cells) + " |", flush=True)
    return cells


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000])
    parser.add_argument("--owlrl-max", type=int, default=20_000)
    parser.add_argument(
        "--store", type=Path, default=None, help="also a store with imports (pactgraph import …)"
    )
    args = parser.parse_args()
    print(
        "| graph | triples | rules s | rules inferred | reasonable s | reasonable inferred "
        "| owlrl s | owlrl inferred |"
    )
    print("|---|---|---|---|---|---|---|---|")
    bench("curated", default_data_dir(), args.owlrl_max)
    if args.store:
        bench("curated + imports", default_data_dir(), args.owlrl_max, store_dir=args.store)
    with tempfile.TemporaryDirectory() as work:
        for size in args.sizes:
            data = generate(triples=size, out=Path(work) / f"gen-{size}")
            bench("generated", data, args.owlrl_max)


if __name__ == "__main__":
    main()
