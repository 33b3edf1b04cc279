"""NetworkX analyses of the actor network: centrality, blocs and brokers.

Exact algorithms run up to EXACT_LIMIT actors; above it betweenness is estimated from a sample of
pivots, and the result says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from pactgraph.ask.names import compact
from pactgraph.ask.network import actor_graph
from pactgraph.errors import UsageError
from pactgraph.store.backends import Backend

EXACT_LIMIT = 2000  # exact betweenness on 2,000 states took 29 s (DESIGN §8); beyond, sample
SAMPLE = 500
ANALYSES = ("centrality", "blocs", "brokers")


class AnalysisError(UsageError):
    """An analysis that does not exist."""


def analyze(
    backend: Backend,
    *,
    analysis: str,
    graphs: Sequence[str],
    as_of: dt.date | None = None,
    obligation: str | None = None,
    seed: int = 7,
) -> dict[str, Any]:
    """Run one analysis on the network in force on ``as_of`` (default: today)."""
    if analysis not in ANALYSES:
        raise AnalysisError(f"unknown analysis '{analysis}' (choose from {', '.join(ANALYSES)})")
    day = as_of or dt.date.today()
    simple, labels = actor_graph(
        backend, graphs=graphs, as_of=day, obligation=obligation, confirmed_only=True
    )
    simple.remove_nodes_from([n for n in list(simple) if simple.degree(n) == 0])
    run = {"centrality": centrality, "blocs": blocs, "brokers": brokers}[analysis]
    result = run(simple, labels=labels, seed=seed)
    return {
        "analysis": analysis,
        "as_of": day.isoformat(),
        "obligation": obligation or "any",
        "actors": simple.number_of_nodes(),
        "links": simple.number_of_edges(),
        **result,
    }


def _actor(node: str, labels: dict[str, str]) -> dict[str, str]:
    return {"id": compact(node), "label": labels[node]}


def centrality(simple: Any, *, labels: dict[str, str], seed: int) -> dict[str, Any]:
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
    return {
        "method": "exact" if exact else f"betweenness estimated from {SAMPLE} sampled pivots",
        "rows": [
            {
                **_actor(n, labels),
                "degree": simple.degree(n),
                "degree_centrality": round(degree[n], 4),
                "betweenness": round(betweenness[n], 4),
            }
            for n in rows
        ],
    }


def blocs(simple: Any, *, labels: dict[str, str], seed: int) -> dict[str, Any]:
    import networkx as nx

    communities = nx.community.louvain_communities(simple, weight="weight", seed=seed)
    ordered = sorted(communities, key=lambda c: (-len(c), sorted(labels[n] for n in c)))
    return {
        "method": "Louvain modularity communities (seeded, so repeatable)",
        "rows": [
            {
                "bloc": number,
                "members": [_actor(n, labels) for n in sorted(c, key=lambda n: labels[n])],
            }
            for number, c in enumerate(ordered, start=1)
        ],
    }


def brokers(simple: Any, *, labels: dict[str, str], seed: int) -> dict[str, Any]:
    import networkx as nx

    del seed
    points = sorted(nx.articulation_points(simple), key=lambda n: labels[n])
    bridges = sorted(
        (tuple(sorted((a, b), key=lambda n: labels[n])) for a, b in nx.bridges(simple)),
        key=lambda e: (labels[e[0]], labels[e[1]]),
    )
    return {
        "method": "articulation points and bridges of the undirected network",
        "rows": [
            {
                **_actor(n, labels),
                "separates": nx.number_connected_components(nx.restricted_view(simple, [n], []))
                - nx.number_connected_components(simple)
                + 1,
            }
            for n in points
        ],
        "bridges": [[_actor(a, labels), _actor(b, labels)] for a, b in bridges],
    }
