"""The actor network: reified commitments, transfers and memberships as typed, dated edges.

One projection serves ``analyze``, ``explain`` and the HTML views. Edges keep the IRI of the node
they stand for, so that every edge can be explained with its evidence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pactgraph.ask.commitments import status_on
from pactgraph.model.terms import Term
from pactgraph.model.vocab import SPARQL_PREFIXES
from pactgraph.store.backends import Backend, Solutions, select

if TYPE_CHECKING:
    import networkx as nx

_ACTORS = (
    SPARQL_PREFIXES
    + """SELECT ?actor ?label ?class WHERE {
  ?actor a ?class ; rdfs:label ?label . ?class rdfs:subClassOf pg:Actor }"""
)

_COMMITMENTS = (
    SPARQL_PREFIXES
    + """SELECT ?c ?from ?to ?obligation ?modality ?basis ?label
       ?from_day ?to_day ?signed_day ?expired ?terminated ?valid_to WHERE {
  ?c a pg:Commitment ; pg:committer ?from ; pg:beneficiary ?to ; rdfs:label ?label ;
     pg:obligationType/skos:notation ?obligation ; pg:modality/skos:notation ?modality .
  OPTIONAL { ?c pg:basis ?basis
             OPTIONAL { ?basis pg:signedOnDay ?signed_day }
             OPTIONAL { ?basis pg:expiredOn ?expired }
             OPTIONAL { ?basis pg:terminatedOn ?terminated } }
  OPTIONAL { ?c pg:validFromDay ?from_day }
  OPTIONAL { ?c pg:validToDay ?to_day } OPTIONAL { ?c pg:validTo ?valid_to }
}"""
)

_TRANSFERS = (
    SPARQL_PREFIXES
    + """SELECT ?t ?from ?to ?kind ?status ?label ?start_day ?end_day WHERE {
  ?t a pg:Transfer ; pg:supplier ?from ; pg:recipient ?to ; rdfs:label ?label ;
     pg:transferKind/skos:notation ?kind ; pg:transferStatus/skos:notation ?status .
  OPTIONAL { ?t pg:startDateDay ?start_day }
  OPTIONAL { ?t pg:endDateDay ?end_day }
}"""
)

_MEMBERSHIPS = (
    SPARQL_PREFIXES
    + """SELECT ?a ?from ?to ?label ?from_day ?to_day WHERE {
  ?a a pg:Affiliation ; pg:roleHolder ?from ; pg:roleIn ?to ; rdfs:label ?label ;
     pg:roleType/skos:notation ?role .
  FILTER(?role = "member_of")
  OPTIONAL { ?a pg:validFromDay ?from_day }
  OPTIONAL { ?a pg:validToDay ?to_day }
}"""
)

_PARTIES = (
    SPARQL_PREFIXES
    + """SELECT ?agreement ?party ?label ?signed_day ?joined_day ?left_day WHERE {
  ?agreement pg:party ?party ; rdfs:label ?label
  OPTIONAL { ?agreement pg:signedOnDay ?signed_day }
  OPTIONAL { ?agreement pg:hasParticipation ?own . ?own pg:participationOf ?party
             OPTIONAL { ?own pg:joinedOnDay ?joined_day } OPTIONAL { ?own pg:leftOnDay ?left_day } }
}"""
)


def _rows(backend: Backend, query: str, graphs: Sequence[str]) -> list[dict[str, Term]]:
    answer = backend.run(query, graphs=graphs)
    assert isinstance(answer, Solutions)
    return answer.dicts()


def _day(row: dict[str, Term], name: str) -> dt.date | None:
    return dt.date.fromisoformat(row[name].value) if name in row else None


def _iso(row: dict[str, Term], name: str) -> str | None:
    return row[name].value if name in row else None


def _within(row: dict[str, Term], start: str, end: str, day: dt.date | None) -> bool:
    """Whether a period with optional ends contains ``day`` (no day: always)."""
    if day is None:
        return True
    first, last = _day(row, start), _day(row, end)
    return (first is None or first <= day) and (last is None or day < last)


def project(
    backend: Backend,
    *,
    graphs: Sequence[str],
    as_of: dt.date | None = None,
    obligation: str | None = None,
    agreements: bool = False,
    binding_only: bool = True,
    confirmed_only: bool = False,
) -> nx.MultiDiGraph:
    """Actors as nodes; commitments in force (or, without ``as_of``, all binding ones), transfers
    under way and memberships as directed, typed edges; agreement nodes with party edges when
    ``agreements`` is true (explain walks through them). ``confirmed_only`` drops transfers
    that are only offered or suspected."""
    import networkx as nx

    graph = nx.MultiDiGraph()
    for row in _rows(backend, _ACTORS, graphs):
        kind = row["class"].value.rsplit("#", 1)[-1]
        graph.add_node(row["actor"].value, label=row["label"].value, kind=kind)
    for row in _rows(backend, _COMMITMENTS, graphs):
        if obligation not in (None, "any", row["obligation"].value):
            continue
        status = status_on(row, as_of) if as_of else "in_force"
        if status != "in_force" or (binding_only and row["modality"].value != "binding"):
            continue
        graph.add_edge(
            row["from"].value,
            row["to"].value,
            key=row["c"].value,
            relation="commitment",
            kind=row["obligation"].value,
            modality=row["modality"].value,
            label=row["label"].value,
            basis=row["basis"].value if "basis" in row else None,
            start=_iso(row, "from_day"),
            end=_iso(row, "to_day"),
        )
    for row in _rows(backend, _TRANSFERS, graphs):
        if confirmed_only and row["status"].value in ("offered", "suspected"):
            continue
        if obligation in (None, "any") and _within(row, "start_day", "end_day", as_of):
            graph.add_edge(
                row["from"].value,
                row["to"].value,
                key=row["t"].value,
                relation="transfer",
                kind=row["kind"].value,
                status=row["status"].value,
                label=row["label"].value,
                start=_iso(row, "start_day"),
                end=_iso(row, "end_day"),
            )
    for row in _rows(backend, _MEMBERSHIPS, graphs):
        if obligation in (None, "any") and _within(row, "from_day", "to_day", as_of):
            graph.add_edge(
                row["from"].value,
                row["to"].value,
                key=row["a"].value,
                relation="membership",
                kind="member",
                label=row["label"].value,
                start=_iso(row, "from_day"),
                end=_iso(row, "to_day"),
            )
    if agreements:
        for row in _rows(backend, _PARTIES, graphs):
            signed = _day(row, "joined_day") or _day(row, "signed_day")
            if as_of is not None and signed is not None and signed > as_of:
                continue  # not yet signed (or joined) on the day asked about
            left = _day(row, "left_day")
            if as_of is not None and left is not None and left <= as_of:
                continue  # the party had left
            agreement = row["agreement"].value
            graph.add_node(
                agreement, label=row["label"].value, kind="Agreement", start=_iso(row, "signed_day")
            )
            graph.add_edge(
                row["party"].value,
                agreement,
                key=f"{agreement}#party-{row['party'].value.rsplit('/', 1)[-1]}",
                relation="party",
                kind="party to",
                label="party to",
                start=_iso(row, "joined_day") or _iso(row, "signed_day"),
                end=_iso(row, "left_day"),
            )
    return graph


def undirected_simple(graph: nx.MultiDiGraph, *, actors_only: bool = True) -> nx.Graph:
    """One undirected edge per linked pair (weight: how many links), for structural measures."""
    import networkx as nx

    simple = nx.Graph()
    simple.add_nodes_from(
        n
        for n, data in graph.nodes(data=True)
        if not actors_only or data.get("kind") != "Agreement"
    )
    for source, target, data in graph.edges(data=True):
        if source == target or source not in simple or target not in simple:
            continue
        weight = simple.get_edge_data(source, target, {}).get("weight", 0) + 1
        simple.add_edge(source, target, weight=weight, relation=data["relation"])
    return simple


def edge_summary(graph: nx.MultiDiGraph, source: str, target: str) -> list[dict[str, Any]]:
    """Every link between two nodes, either way round, as plain dicts."""
    found = []
    for a, b in ((source, target), (target, source)):
        for key, data in (graph.get_edge_data(a, b) or {}).items():
            found.append({"from": a, "to": b, "id": key, **data})
    return sorted(found, key=lambda e: (e["relation"], e["id"]))


_CAPABILITIES = (
    SPARQL_PREFIXES
    + """SELECT ?cap ?label ?class ?start_day ?end_day WHERE { VALUES ?cap { %s }
  ?cap rdfs:label ?label . OPTIONAL { ?cap a ?class . ?class rdfs:subClassOf* pg:Capability }
  OPTIONAL { ?cap pg:startDateDay ?start_day } OPTIONAL { ?cap pg:endDateDay ?end_day } }"""
)
_ITEMS = (
    SPARQL_PREFIXES
    + """SELECT ?t ?cap ?recipient ?kind ?status ?start_day ?end_day ?label WHERE {
  VALUES ?t { %s } ?t pg:item ?cap ; pg:recipient ?recipient ;
     pg:transferKind/skos:notation ?kind ; pg:transferStatus/skos:notation ?status .
  OPTIONAL { ?t rdfs:label ?label }
  OPTIONAL { ?t pg:startDateDay ?start_day } OPTIONAL { ?t pg:endDateDay ?end_day } }"""
)
_UNSUPPLIED = (
    SPARQL_PREFIXES + """SELECT ?t ?s WHERE { ?t a pg:Transfer OPTIONAL { ?t pg:supplier ?s } }"""
)
# Lineage: who develops a capability, what it resembles or is a variant or component of, and
# where it was made (provenance, not supply). Each link cites the capability's own evidence.
_LINEAGE = (
    SPARQL_PREFIXES
    + """SELECT ?cap ?property ?other WHERE { VALUES ?cap { %s }
  { ?cap pg:developedBy ?other BIND("developedBy" AS ?property) }
  UNION { ?cap pg:resembles ?other BIND("resembles" AS ?property) }
  UNION { ?cap pg:variantOf ?other BIND("variantOf" AS ?property) }
  UNION { ?cap pg:componentOf ?other BIND("componentOf" AS ?property) }
  UNION { ?cap pg:manufacturedIn ?other BIND("manufacturedIn" AS ?property) } }"""
)
LINEAGE = {
    "developedBy": ("develops", True),  # (the link's kind, drawn from the other node)
    "resembles": ("resembles", False),
    "variantOf": ("variant of", False),
    "componentOf": ("component of", False),
    "manufacturedIn": ("made in", False),
}


def _solutions(backend: Backend, query: str, graphs: Sequence[str]) -> list[dict[str, Term]]:
    answer = backend.run(query, graphs=graphs)
    assert isinstance(answer, Solutions)
    return answer.dicts()


def _value(row: dict[str, Term], name: str) -> str | None:
    return row[name].value if name in row else None


_ACTOR_VALUED = ("developedBy", "manufacturedIn")
_EVERY_CAPABILITY = (
    SPARQL_PREFIXES
    + "SELECT DISTINCT ?cap WHERE { ?cap a/rdfs:subClassOf* pg:Capability } LIMIT 1001"
)
_GENERAL = ("BallisticMissile", "WeaponSystem", "Capability")


def capabilities(
    backend: Backend, transfers: Sequence[str], *, graphs: Sequence[str], every: bool = False
) -> tuple[dict[str, dict[str, Any]], list[tuple[str, str, str, dict[str, Any]]]]:
    """The capabilities the given transfers move (with ``every``, all of the store's), and those
    transfers' items as edges.

    Returns capability nodes (label, kind: the most specific class, start, end) and edges:
    each transfer's supplier → item and item → recipient (relation ``transfer``, keyed
    ``{transfer}#item-{n}-from`` / ``-to``, carrying the transfer's kind, status and dates, and
    ``of``: the transfer), transfers with no known supplier from their item only, and the
    items' lineage among themselves and with actors (relation ``capability``). Edges keyed by
    the transfer's IRI before ``#`` show that transfer's evidence.
    """
    wanted = list(transfers) + [
        r["t"].value for r in _solutions(backend, _UNSUPPLIED, graphs) if "s" not in r
    ]
    edges: list[tuple[str, str, str, dict[str, Any]]] = []
    items: list[str] = []
    suppliers = {
        r["t"].value: r["s"].value
        for r in select(
            backend,
            SPARQL_PREFIXES + "SELECT ?t ?s WHERE { VALUES ?t { %s } ?t pg:supplier ?s }",
            wanted,
            graphs,
        )
    }
    numbered: dict[str, int] = {}
    for row in sorted(select(backend, _ITEMS, wanted, graphs), key=lambda r: r["cap"].value):
        transfer, item = row["t"].value, row["cap"].value
        items.append(item)
        number = numbered[transfer] = numbered.get(transfer, 0) + 1
        data = {
            "relation": "transfer",
            "kind": row["kind"].value,
            "status": row["status"].value,
            "label": row["label"].value if "label" in row else "",
            "start": _value(row, "start_day"),
            "end": _value(row, "end_day"),
            "of": transfer,
        }
        if transfer in suppliers:
            edges.append((suppliers[transfer], item, f"{transfer}#item-{number}-from", data))
        edges.append(
            (item, row["recipient"].value, f"{transfer}#item-{number}-to", {**data, "leg": "to"})
        )
    if every:
        items += [r["cap"].value for r in _solutions(backend, _EVERY_CAPABILITY, graphs)]
    for row in select(backend, _LINEAGE, items, graphs):
        if row["property"].value not in _ACTOR_VALUED:
            items.append(row["other"].value)
    classes: dict[str, set[str]] = {}
    nodes: dict[str, dict[str, Any]] = {}
    for row in select(backend, _CAPABILITIES, items, graphs):
        iri = row["cap"].value
        if "class" in row:
            classes.setdefault(iri, set()).add(row["class"].value.rsplit("#", 1)[-1])
        nodes[iri] = {
            "label": row["label"].value,
            "family": "Capability",
            "start": _value(row, "start_day"),
            "end": _value(row, "end_day"),
        }
    for iri, data in nodes.items():
        # The most specific class: a short-range ballistic missile rather than a weapon system.
        found = classes.get(iri, set())
        specific = sorted(found - set(_GENERAL)) or [k for k in _GENERAL if k in found]
        data["kind"] = specific[0] if specific else "Capability"
    for row in select(backend, _LINEAGE, list(nodes), graphs):
        cap, other = row["cap"].value, row["other"].value
        kind, reverse = LINEAGE[row["property"].value]
        if kind == "resembles" and other < cap:
            continue  # said both ways in the data: draw it once
        source, target = (other, cap) if reverse else (cap, other)
        edges.append(
            (
                source,
                target,
                f"{cap}#{kind.replace(' ', '-')}-{other.rsplit('/', 1)[-1]}",
                {"relation": "capability", "kind": kind, "label": kind, "of": cap,
                 "start": nodes[cap]["start"] if kind == "made in" else None},
            )
        )  # fmt: skip
    return nodes, edges
