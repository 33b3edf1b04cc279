"""``explain``: the shortest paths between two actors, each step with its evidence;
``timeline``: what started, ended or happened for an actor, in date order, with sources."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from itertools import pairwise
from typing import Any

from pactgraph.ask.evidence import evidence_order, source_entry, source_rows
from pactgraph.ask.names import Names, compact
from pactgraph.ask.network import edge_summary, shortest_paths
from pactgraph.ask.trace import PREFIXES
from pactgraph.errors import UsageError
from pactgraph.store.backends import Backend, select

# The actor's VALUES opens every branch, and each branch fetches its own labels: Oxigraph neither
# pushes a VALUES block into a UNION nor joins a pattern after one per row, so either way every
# commitment, transfer or label of an imported store was read (35 s, where this takes 30 ms).
_BRANCHES = (
    (
        "?subject pg:participant|pg:about ?actor . ?subject a pg:Event ; pg:startDateDay ?day ;"
        " pg:eventType/skos:notation ?type .",
        'CONCAT("event: ", ?type)',
    ),
    ("?subject pg:party ?actor ; pg:signedOnDay ?day .", '"agreement signed"'),
    (
        "?subject pg:committer|pg:beneficiary ?actor . ?subject a pg:Commitment ;"
        " pg:validFromDay ?day .",
        '"commitment starts"',
    ),
    (
        "?subject pg:committer|pg:beneficiary ?actor . ?subject a pg:Commitment ;"
        " pg:validToDay ?day .",
        '"commitment ends"',
    ),
    (
        "?subject pg:supplier|pg:recipient ?actor . ?subject a pg:Transfer ;"
        " pg:startDateDay ?day .",
        '"transfer starts"',
    ),
)
_TIMELINE = (
    PREFIXES
    + "SELECT ?day ?what ?subject ?label WHERE {\n  "
    + "\n  UNION ".join(
        f"{{ VALUES ?actor {{ %s }} {pattern} ?subject rdfs:label ?label . BIND({what} AS ?what) }}"
        for pattern, what in _BRANCHES
    )
    + "\n}"
)


class ExplainError(UsageError):
    """Two actors that cannot be explained (the same one twice, a bad limit)."""


def _evidence(backend: Backend, iris: Sequence[str], graphs: Sequence[str]) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {}
    for row in sorted(source_rows(backend, list(iris), graphs), key=evidence_order):
        found.setdefault(row["c"].value, []).append(source_entry(row))
    return found


def explain(
    backend: Backend,
    *,
    first: str,
    second: str,
    graphs: Sequence[str],
    as_of: dt.date | None = None,
    max_paths: int = 3,
) -> dict[str, Any]:
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
    evidence = _evidence(
        backend,
        sorted({link["id"].split("#party")[0] for path in steps for step in path for link in step}),
        graphs,
    )

    def node(iri: str) -> dict[str, str]:
        return {"id": compact(iri), "label": network.nodes[iri].get("label", iri)}

    return {
        "from": node(start.iri)
        if start.iri in network
        else {"id": compact(start.iri), "label": start.label},
        "to": node(end.iri) if end.iri in network else {"id": compact(end.iri), "label": end.label},
        "as_of": day.isoformat(),
        "paths": [
            {
                "length": len(path) - 1,
                "nodes": [node(n) for n in path],
                "steps": [
                    [
                        {
                            "from": node(link["from"]),
                            "to": node(link["to"]),
                            "relation": link["relation"],
                            "kind": link["kind"],
                            "status": link.get("status"),
                            "label": link["label"],
                            "id": compact(link["id"].split("#party")[0]),
                            "sources": evidence.get(link["id"].split("#party")[0], [])[:1],
                        }
                        for link in step
                    ]
                    for step in steps[number]
                ],
            }
            for number, path in enumerate(paths)
        ],
    }


def timeline(
    backend: Backend,
    *,
    actor: str,
    graphs: Sequence[str],
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> dict[str, Any]:
    """Events, agreements and commitments that start or end for ``actor``, in date order."""
    who = Names(backend, graphs).resolve(actor, actors_only=True)
    rows = [
        row
        for row in select(backend, _TIMELINE, [who.iri], graphs)
        if (start is None or dt.date.fromisoformat(row["day"].value) >= start)
        and (end is None or dt.date.fromisoformat(row["day"].value) <= end)
    ]
    evidence = _evidence(backend, sorted({row["subject"].value for row in rows}), graphs)
    entries = sorted(
        {
            (row["day"].value, row["what"].value, row["subject"].value, row["label"].value)
            for row in rows
        }
    )
    return {
        "actor": {"id": compact(who.iri), "label": who.label},
        "from": start.isoformat() if start else None,
        "to": end.isoformat() if end else None,
        "entries": [
            {
                "date": day,
                "what": what,
                "id": compact(subject),
                "label": label,
                "sources": evidence.get(subject, [])[:1],
            }
            for day, what, subject, label in entries
        ],
    }
