"""NetworkX analyses of the actor network: centrality, blocs and brokers.

Exact algorithms run up to EXACT_LIMIT actors; above it betweenness is estimated from a sample of
pivots, and the result says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pactgraph.ask.commitments import check_obligation
from pactgraph.ask.evidence import Ref, Result
from pactgraph.ask.network import project, undirected_simple
from pactgraph.errors import UsageError
from pactgraph.model.vocab import compact
from pactgraph.store.backends import Backend

EXACT_LIMIT = 2000  # exact betweenness on 2,000 states took 29 s (DESIGN §8); beyond, sample
SAMPLE = 500
ANALYSES = ("centrality", "blocs", "brokers")


class AnalysisError(UsageError):
    """An analysis that does not exist."""


@dataclass(frozen=True)
class Score(Result):
    """An actor's place in the network (centrality)."""

    id: str
    label: str
    degree: int
    degree_centrality: float
    betweenness: float


@dataclass(frozen=True)
class Bloc(Result):
    bloc: int
    members: tuple[Ref, ...]


@dataclass(frozen=True)
class Broker(Result):
    """An articulation point: removing it splits the network into ``separates`` parts."""

    id: str
    label: str
    separates: int


@dataclass(frozen=True)
class Analysis(Result):
    analysis: str
    as_of: str
    obligation: str
    actors: int
    links: int
    method: str
    rows: tuple[Score | Bloc | Broker, ...]
    bridges: tuple[tuple[Ref, Ref], ...] = ()


def analyze(
    backend: Backend,
    *,
    analysis: str,
    graphs: Sequence[str],
    as_of: dt.date | None = None,
    obligation: str | None = None,
    seed: int = 7,
) -> Analysis:
    """Run one analysis on the network in force on ``as_of`` (default: today)."""
    if analysis not in ANALYSES:
        raise AnalysisError(f"unknown analysis '{analysis}' (choose from {', '.join(ANALYSES)})")
    if obligation is not None:
        check_obligation(obligation, allow_any=False)
    day = as_of or dt.date.today()
    network = project(backend, graphs=graphs, as_of=day, obligation=obligation, confirmed_only=True)
    simple = undirected_simple(network)
    simple.remove_nodes_from([n for n in list(simple) if simple.degree(n) == 0])
    labels = {node: network.nodes[node].get("label", node) for node in simple}
    run = {"centrality": centrality, "blocs": blocs, "brokers": brokers}[analysis]
    method, rows, bridges = run(simple, labels=labels, seed=seed)
    return Analysis(
        analysis=analysis,
        as_of=day.isoformat(),
        obligation=obligation or "any",
        actors=simple.number_of_nodes(),
        links=simple.number_of_edges(),
        method=method,
        rows=rows,
        bridges=bridges,
    )


Found = tuple[str, tuple[Score | Bloc | Broker, ...], tuple[tuple[Ref, Ref], ...]]


def _actor(node: str, labels: dict[str, str]) -> Ref:
    return Ref(compact(node), labels[node])


def centrality(simple: Any, *, labels: dict[str, str], seed: int) -> Found:
    import networkx as nx

    exact = simple.number_of_nodes() <= EXACT_LIMIT
    degree = (
        nx.degree_centrality(simple) if simple.number_of_nodes() > 1 else dict.fromkeys(simple, 0.0)
    )
    betweenness = nx.betweenness_centrality(
        simple,
        k=None if exact else min(SAMPLE, simple.number_of_nodes()),
        seed=seed,
        normalized=True,
    )
    rows = sorted(simple, key=lambda n: (-betweenness[n], -degree[n], labels[n]))
    method = "exact" if exact else f"betweenness estimated from {SAMPLE} sampled pivots"
    scores = tuple(
        Score(
            compact(n),
            labels[n],
            simple.degree(n),
            round(degree[n], 4),
            round(betweenness[n], 4),
        )
        for n in rows
    )
    return method, scores, ()


def blocs(simple: Any, *, labels: dict[str, str], seed: int) -> Found:
    import networkx as nx

    communities = nx.community.louvain_communities(simple, weight="weight", seed=seed)
    ordered = sorted(communities, key=lambda c: (-len(c), sorted(labels[n] for n in c)))
    found = tuple(
        Bloc(number, tuple(_actor(n, labels) for n in sorted(c, key=lambda n: labels[n])))
        for number, c in enumerate(ordered, start=1)
    )
    return "Louvain modularity communities (seeded, so repeatable)", found, ()


def brokers(simple: Any, *, labels: dict[str, str], seed: int) -> Found:
    import networkx as nx

    del seed
    points = sorted(nx.articulation_points(simple), key=lambda n: labels[n])
    bridges = sorted(
        (tuple(sorted((a, b), key=lambda n: labels[n])) for a, b in nx.bridges(simple)),
        key=lambda e: (labels[e[0]], labels[e[1]]),
    )
    parts = nx.number_connected_components(simple)
    found = tuple(
        Broker(
            compact(n),
            labels[n],
            nx.number_connected_components(nx.restricted_view(simple, [n], [])) - parts + 1,
        )
        for n in points
    )
    pairs = tuple((_actor(a, labels), _actor(b, labels)) for a, b in bridges)
    return "articulation points and bridges of the undirected network", found, pairs
