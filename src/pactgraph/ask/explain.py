"""``explain``: the shortest paths between two actors, each step with its evidence."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from pactgraph.ask.coverage import Scope, record_scope
from pactgraph.ask.evidence import Ref, Result, Source, fetch_sources
from pactgraph.ask.names import Names
from pactgraph.ask.network import edge_summary, shortest_paths
from pactgraph.errors import UsageError
from pactgraph.model.vocab import INSTANCES, compact
from pactgraph.store.backends import Backend


class ExplainError(UsageError):
    """Two actors that cannot be explained (the same one twice, a bad limit)."""


@dataclass(frozen=True)
class Step(Result):
    """One link of a path: a commitment, transfer, membership or shared agreement."""

    from_: Ref
    to: Ref
    relation: str
    kind: str
    status: str | None
    label: str
    id: str
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Path(Result):
    """A shortest path; each step holds the parallel links between the same two nodes."""

    length: int
    nodes: tuple[Ref, ...]
    steps: tuple[tuple[Step, ...], ...]


@dataclass(frozen=True)
class Explanation(Result):
    from_: Ref
    to: Ref
    as_of: str
    paths: tuple[Path, ...]
    record: Scope | None = None  # what the record answered from covers


def _cited(link: dict[str, Any]) -> list[str]:
    """Where a step's evidence is: a party's own dates first (its participation), else the
    agreement or the commitment, transfer or membership itself."""
    node = link["id"].split("#party")[0]
    if link["relation"] != "party":
        return [node]
    party = link["from"] if link["to"] == node else link["to"]
    own = f"{node}/participation/{party.removeprefix(INSTANCES).replace('/', '-')}"
    return [own, node]


def explain(
    backend: Backend,
    *,
    first: str,
    second: str,
    graphs: Sequence[str],
    as_of: dt.date | None = None,
    max_paths: int = 3,
) -> Explanation:
    """The shortest paths from ``first`` to ``second`` over commitments in force, transfers,
    memberships and shared agreements, every step with the quote behind it."""
    if max_paths < 1:
        raise ExplainError("--max-paths must be 1 or more")
    names = Names(backend, graphs)
    start = names.resolve(first, actors_only=True)
    end = names.resolve(second, actors_only=True)
    if start.iri == end.iri:
        raise ExplainError(f"'{first}' and '{second}' are the same actor")
    day = as_of or dt.date.today()
    network, paths = shortest_paths(
        backend,
        graphs=graphs,
        start=start.iri,
        end=end.iri,
        as_of=day,
        max_paths=max_paths,
    )
    steps = [[edge_summary(network, a, b) for a, b in pairwise(path)] for path in paths]
    evidence = fetch_sources(
        backend,
        sorted(
            {cited for path in steps for step in path for link in step for cited in _cited(link)}
        ),
        graphs,
    )

    def node(iri: str, fallback: str | None = None) -> Ref:
        if iri in network:
            return Ref(compact(iri), network.nodes[iri].get("label", iri))
        return Ref(compact(iri), fallback or iri)

    def step(link: dict[str, Any]) -> Step:
        statement = link["id"].split("#party")[0]
        return Step(
            from_=node(link["from"]),
            to=node(link["to"]),
            relation=link["relation"],
            kind=link["kind"],
            status=link.get("status"),
            label=link["label"],
            id=compact(statement),
            sources=tuple(next((evidence[c] for c in _cited(link) if c in evidence), [])[:1]),
        )

    return Explanation(
        record=record_scope(backend, graphs=graphs),
        from_=node(start.iri, start.label),
        to=node(end.iri, end.label),
        as_of=day.isoformat(),
        paths=tuple(
            Path(
                length=len(path) - 1,
                nodes=tuple(node(n) for n in path),
                steps=tuple(tuple(step(link) for link in links) for links in steps[number]),
            )
            for number, path in enumerate(paths)
        ),
    )
