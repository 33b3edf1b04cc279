"""``explain``: the shortest paths between two actors, each step with its evidence;
``timeline``: what started, ended or happened for an actor, in date order, with sources."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from itertools import islice, pairwise
from typing import Any

from .backends import Backend, select
from .names import Names, compact
from .network import edge_summary, project, undirected_simple
from .report import dated, evidence_order, source_entry
from .trace import PREFIXES, SOURCES
from .vocab import INSTANCES

# The actor's VALUES opens every branch, and each branch fetches its own labels: Oxigraph neither
# pushes a VALUES block into a UNION nor joins a pattern after one per row, so either way every
# commitment, transfer or label of an imported store was read (35 s, where this takes 30 ms).
# Each branch: the pattern (binding ?day, the first day, for ordering), what it is, the node that
# carries the date (and the evidence), and the date property (the date at its own precision).
_BRANCHES = (
    (
        "?subject pg:participant|pg:about ?actor . ?subject a pg:Event ; pg:startDateDay ?day ;"
        " pg:eventType/skos:notation ?type .",
        'CONCAT("event: ", ?type)',
        "?subject",
        "startDate",
    ),
    (
        # A party that joined later (or continued another's place) did not sign.
        "?subject pg:party ?actor ; pg:signedOnDay ?day . FILTER NOT EXISTS {"
        " ?subject pg:hasParticipation ?own . ?own pg:participationOf ?actor ; pg:joinedOn ?j }",
        '"agreement signed"',
        "?subject",
        "signedOn",
    ),
    (
        "?subject pg:hasParticipation ?own ."
        " ?own pg:participationOf ?actor ; pg:joinedOnDay ?day .",
        'IF(EXISTS { ?own pg:continues ?prior }, "continued as party", "joined agreement")',
        "?own",
        "joinedOn",
    ),
    (
        "?subject pg:hasParticipation ?own . ?own pg:participationOf ?actor ; pg:leftOnDay ?day .",
        '"left agreement"',
        "?own",
        "leftOn",
    ),
    (
        "?subject pg:committer|pg:beneficiary ?actor . ?subject a pg:Commitment ;"
        " pg:validFromDay ?day .",
        '"commitment starts"',
        "?subject",
        "validFrom",
    ),
    (
        "?subject pg:committer|pg:beneficiary ?actor . ?subject a pg:Commitment ;"
        " pg:validToDay ?day .",
        '"commitment ends"',
        "?subject",
        "validTo",
    ),
    (
        "?subject pg:supplier|pg:recipient ?actor . ?subject a pg:Transfer ;"
        " pg:startDateDay ?day .",
        '"transfer starts"',
        "?subject",
        "startDate",
    ),
)
_TIMELINE = (
    PREFIXES
    + "SELECT ?day ?what ?subject ?label ?cited ?date ?approx ?uncertain WHERE {\n  "
    + "\n  UNION ".join(
        f"{{ VALUES ?actor {{ %s }} {pattern} ?subject rdfs:label ?label . BIND({what} AS ?what)"
        f" {node} pg:{prop} ?date . BIND({node} AS ?cited)"
        f" OPTIONAL {{ {node} pg:approximateDate pg:{prop} BIND(true AS ?approx) }}"
        f" OPTIONAL {{ {node} pg:uncertainDate pg:{prop} BIND(true AS ?uncertain) }} }}"
        for pattern, what, node, prop in _BRANCHES
    )
    + "\n}"
)


class ExplainError(ValueError):
    """Two actors that cannot be explained (the same one twice, a bad limit)."""


def _evidence(backend: Backend, iris: Sequence[str], graphs: Sequence[str]) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {}
    for row in sorted(select(backend, SOURCES, list(iris), graphs), key=evidence_order):
        found.setdefault(row["c"].value, []).append(source_entry(row))
    return found


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
) -> dict[str, Any]:
    """The shortest paths from ``first`` to ``second`` over commitments in force, transfers,
    memberships and shared agreements, every step with the quote behind it."""
    import networkx as nx

    if max_paths < 1:
        raise ExplainError("--max-paths must be 1 or more")
    names = Names(backend, graphs)
    start = names.resolve(first, actors_only=True)
    end = names.resolve(second, actors_only=True)
    if start.iri == end.iri:
        raise ExplainError(f"'{first}' and '{second}' are the same actor")
    day = as_of or dt.date.today()
    network = project(backend, graphs=graphs, as_of=day, agreements=True)
    simple = undirected_simple(network, actors_only=False)
    paths: list[list[str]] = []
    if start.iri in simple and end.iri in simple:
        try:
            paths = list(islice(nx.all_shortest_paths(simple, start.iri, end.iri), max_paths))
        except nx.NetworkXNoPath:
            paths = []
    steps = [[edge_summary(network, a, b) for a, b in pairwise(path)] for path in paths]
    evidence = _evidence(
        backend,
        sorted(
            {cited for path in steps for step in path for link in step for cited in _cited(link)}
        ),
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
                            "sources": next(
                                (evidence[c] for c in _cited(link) if c in evidence), []
                            )[:1],
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
    evidence = _evidence(backend, sorted({row["cited"].value for row in rows}), graphs)
    entries = sorted(
        {
            (
                row["day"].value,
                row["what"].value,
                row["subject"].value,
                row["label"].value,
                row["cited"].value,
                dated(row["date"], row.get("approx"), row.get("uncertain")),
            )
            for row in rows
        }
    )
    return {
        "actor": {"id": compact(who.iri), "label": who.label},
        "from": start.isoformat() if start else None,
        "to": end.isoformat() if end else None,
        "entries": [
            {
                "date": date,
                "what": what,
                "id": compact(subject),
                "label": label,
                "sources": evidence.get(cited, [])[:1],
            }
            for _, what, subject, label, cited, date in entries
        ],
    }
