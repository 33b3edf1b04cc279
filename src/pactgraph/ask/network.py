"""The actor network: reified commitments, transfers and memberships as typed, dated edges.

One projection serves ``analyze``, ``explain`` and the HTML views. Edges keep the IRI of the node
they stand for, so that every edge can be explained with its evidence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from pactgraph.model.terms import Term
from pactgraph.model.vocab import CAPABILITY_CLASS_VALUES, SPARQL_PREFIXES
from pactgraph.store.backends import Backend, OxigraphBackend, Solutions, select

if TYPE_CHECKING:
    import networkx as nx

    from pactgraph.store.snapshot import Snapshot

Progress = Callable[[str], None]
Edge = tuple[str, str, str, dict[str, Any]]


def snapshot(
    backend: Backend,
    graphs: Sequence[str],
    *,
    labels: bool = False,
    progress: Progress | None = None,
) -> Snapshot:
    """The network's raw links, as kept beside the embedded store (made when it was built);
    read from the backend when there is no store (an endpoint) or no copy for these graphs.
    ``labels`` adds each link's label (a larger file: only views that show them ask)."""
    from pactgraph.store import snapshot as kept

    directory = getattr(backend, "path", None)
    if directory is not None:
        found = kept.load_network(directory, graphs, labels=labels)
        if found is not None:
            return found
    if progress:
        progress("reading the actor network out of the store (kept for next time)…")
    if directory is not None and isinstance(backend, OxigraphBackend):
        return kept.build(backend.store, directory, graphs)[0]
    from pactgraph.store.pairs import backend_pairs

    return kept.extract(backend_pairs(backend, graphs))[0]


# Positions in a snapshot row (the fields of store.snapshot.Link), read without building tuples.
_IRI, _RELATION, _SOURCE, _TARGET, _KIND, _START, _END, _KNOWN, _MODALITY, _STATUS, _BASIS = range(
    11
)
Row = tuple[Any, ...]


def _select(
    snap: Snapshot,
    *,
    as_of: dt.date | None,
    obligation: str | None,
    agreements: bool,
    binding_only: bool,
    confirmed_only: bool,
) -> Iterator[Row]:
    """The links of the network on ``as_of``. A commitment counts while in force (DESIGN §4:
    started, not ended; undated: never); a transfer, membership or party link from its first
    known date (its start, else the earliest date its evidence vouches for it) to its end.
    ISO days compare as text."""
    day = as_of.isoformat() if as_of is not None else None
    every = obligation in (None, "any")
    for row in snap.rows:
        relation = row[_RELATION]
        if relation == "commitment":
            if not every and row[_KIND] != obligation:
                continue
            if binding_only and row[_MODALITY] != "binding":
                continue
            if day is not None:
                start, end = row[_START], row[_END]
                if start is None or start > day or (end is not None and day >= end):
                    continue
        else:
            if relation == "party":
                if not agreements:
                    continue
            elif not every:
                continue  # an obligation asked for: transfers and memberships drop out
            elif confirmed_only and row[_STATUS] in ("offered", "suspected"):
                continue
            if day is not None:
                first, end = row[_KNOWN], row[_END]
                if (first is not None and first > day) or (end is not None and day >= end):
                    continue
        yield row


def _data(row: Row, labels: dict[str, str] | None) -> dict[str, Any]:
    """The attributes of one edge, as the networkx projection carries them."""
    relation = row[_RELATION]
    label = labels.get(row[_IRI], "") if labels is not None else ""
    if relation == "commitment":
        data = {
            "relation": relation,
            "kind": row[_KIND],
            "modality": row[_MODALITY],
            "label": label,
            "basis": row[_BASIS],
            "start": row[_START],
            "end": row[_END],
        }
    elif relation == "transfer":
        data = {
            "relation": relation,
            "kind": row[_KIND],
            "status": row[_STATUS],
            "label": label,
            "start": row[_START],
            "end": row[_END],
        }
    elif relation == "membership":
        data = {
            "relation": relation,
            "kind": "member",
            "label": label,
            "start": row[_START],
            "end": row[_END],
        }
    else:
        data = {
            "relation": "party",
            "kind": "party to",
            "label": "party to",
            "start": row[_START],
            "end": row[_END],
        }
    if row[_START] is None and row[_KNOWN] is not None:
        data["known"] = row[_KNOWN]  # when the evidence first vouches for it
    return data


def _agreement(snap: Snapshot, iri: str) -> dict[str, Any]:
    label, signed = snap.agreements[iri]
    return {"label": label, "kind": "Agreement", "start": signed}


def edges(
    snap: Snapshot,
    *,
    as_of: dt.date | None = None,
    obligation: str | None = None,
    agreements: bool = False,
    binding_only: bool = True,
    confirmed_only: bool = False,
) -> tuple[dict[str, dict[str, Any]], list[Edge]]:
    """The agreement nodes and the typed, dated edges of the network on ``as_of``."""
    nodes: dict[str, dict[str, Any]] = {}
    found: list[Edge] = []
    for row in _select(
        snap,
        as_of=as_of,
        obligation=obligation,
        agreements=agreements,
        binding_only=binding_only,
        confirmed_only=confirmed_only,
    ):
        if row[_RELATION] == "party" and row[_TARGET] not in nodes:
            nodes[row[_TARGET]] = _agreement(snap, row[_TARGET])
        found.append((row[_SOURCE], row[_TARGET], row[_IRI], _data(row, snap.labels)))
    return nodes, found


def project(
    backend: Backend,
    *,
    graphs: Sequence[str],
    as_of: dt.date | None = None,
    obligation: str | None = None,
    agreements: bool = False,
    binding_only: bool = True,
    confirmed_only: bool = False,
    within: set[str] | None = None,
    labels: bool = True,
    progress: Progress | None = None,
) -> nx.MultiDiGraph:
    """Actors as nodes; commitments in force (or, without ``as_of``, all binding ones), transfers
    under way and memberships as directed, typed edges; agreement nodes with party edges when
    ``agreements`` is true (explain walks through them). ``confirmed_only`` drops transfers
    that are only offered or suspected. Every node has a label and a kind. ``within`` keeps only
    the links between those nodes (and their agreements); without ``labels`` the links carry
    an empty label (quicker: the labels are a file of their own)."""
    import networkx as nx

    snap = snapshot(backend, graphs, labels=labels, progress=progress)
    extra, found = edges(
        snap,
        as_of=as_of,
        obligation=obligation,
        agreements=agreements,
        binding_only=binding_only,
        confirmed_only=confirmed_only,
    )
    if within is not None:
        found = [e for e in found if e[0] in within and e[1] in within]
        extra = {iri: data for iri, data in extra.items() if iri in within}
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(
        (iri, {"label": label, "kind": kind})
        for iri, (label, kind) in snap.actors.items()
        if within is None or iri in within
    )
    graph.add_nodes_from(extra.items())
    graph.add_edges_from(found)
    return graph


def actor_graph(
    backend: Backend,
    *,
    graphs: Sequence[str],
    as_of: dt.date | None = None,
    obligation: str | None = None,
    confirmed_only: bool = False,
    progress: Progress | None = None,
) -> tuple[nx.Graph, dict[str, str]]:
    """The undirected actor network of :func:`undirected_simple` (one edge per linked pair,
    weighted by how many links), built straight from the kept links; and every actor's label."""
    import networkx as nx

    snap = snapshot(backend, graphs, progress=progress)
    simple = nx.Graph()
    # Nodes and edges go in sorted: Louvain and sampled betweenness follow insertion order, so
    # the same links in another order (an endpoint answers in its own) would give other blocs.
    simple.add_nodes_from(sorted(snap.actors))
    adjacency = simple.adj
    links = _select(
        snap,
        as_of=as_of,
        obligation=obligation,
        agreements=False,
        binding_only=True,
        confirmed_only=confirmed_only,
    )
    for source, target, relation in sorted(
        (*sorted((row[_SOURCE], row[_TARGET])), row[_RELATION]) for row in links
    ):
        if source == target or source not in adjacency or target not in adjacency:
            continue
        weight = adjacency[source].get(target, {}).get("weight", 0) + 1
        simple.add_edge(source, target, weight=weight, relation=relation)
    return simple, {iri: label for iri, (label, _) in snap.actors.items()}


def busiest(snap: Snapshot, *, as_of: dt.date, limit: int) -> tuple[set[str], int, int]:
    """The best-linked actors whose links on ``as_of`` (with the agreements two of them are
    parties to) number at most ``limit``: (those nodes, how many actors, how many links)."""
    alive = list(
        _select(
            snap,
            as_of=as_of,
            obligation=None,
            agreements=True,
            binding_only=False,
            confirmed_only=False,
        )
    )
    # Best-linked: the most distinct partners (a dozen parallel ATOP commitments between two
    # allies count once), so that the hubs of arms and alliances come first.
    partners: dict[str, set[str]] = {}
    for row in alive:
        if row[_RELATION] != "party" and row[_SOURCE] != row[_TARGET]:
            partners.setdefault(row[_SOURCE], set()).add(row[_TARGET])
            partners.setdefault(row[_TARGET], set()).add(row[_SOURCE])
    ranked = sorted(partners, key=lambda n: (-len(partners[n]), n))

    def among(count: int) -> tuple[set[str], int]:
        chosen = set(ranked[:count])
        parties: dict[str, int] = {}
        for row in alive:
            if row[_RELATION] == "party" and row[_SOURCE] in chosen:
                parties[row[_TARGET]] = parties.get(row[_TARGET], 0) + 1
        shared = {agreement for agreement, n in parties.items() if n >= 2}
        nodes = chosen | shared
        links = sum(1 for row in alive if row[_SOURCE] in nodes and row[_TARGET] in nodes)
        return nodes, links

    count = len(ranked)
    nodes, links = among(count)
    while count > 1 and links > limit:
        count = max(1, count * 3 // 4)
        nodes, links = among(count)
    return nodes, count, links


class Network:
    """The few nodes and links a search found, read like the networkx projection
    (``in``, ``nodes[iri]``, ``get_edge_data``), without importing networkx."""

    def __init__(self, nodes: dict[str, dict[str, Any]], found: list[Edge]) -> None:
        self.nodes = nodes
        self._links: dict[tuple[str, str], dict[str, dict[str, Any]]] = {}
        for source, target, key, data in found:
            self._links.setdefault((source, target), {})[key] = data

    def __contains__(self, iri: object) -> bool:
        return iri in self.nodes

    def get_edge_data(self, source: str, target: str) -> dict[str, dict[str, Any]] | None:
        return self._links.get((source, target))


def shortest_paths(
    backend: Backend,
    *,
    graphs: Sequence[str],
    start: str,
    end: str,
    as_of: dt.date,
    max_paths: int,
    progress: Progress | None = None,
) -> tuple[Network, list[list[str]]]:
    """Up to ``max_paths`` shortest paths between two actors over commitments in force,
    transfers, memberships and shared agreements: a breadth-first search from both ends over the
    kept network (no networkx, no full projection), then the links of the paths found."""
    from pactgraph.ask.names import labels_for

    snap = snapshot(backend, graphs, progress=progress)
    alive = list(
        _select(
            snap,
            as_of=as_of,
            obligation=None,
            agreements=True,
            binding_only=True,
            confirmed_only=False,
        )
    )
    adjacency: dict[str, dict[str, None]] = {}
    for row in alive:
        source, target = row[_SOURCE], row[_TARGET]
        if source != target:
            adjacency.setdefault(source, {})[target] = None
            adjacency.setdefault(target, {})[source] = None
    paths = _search(adjacency, start, end, max_paths)
    on_path = {node for path in paths for node in path} | {start, end}
    nodes = {
        iri: {"label": label, "kind": kind}
        for iri, (label, kind) in snap.actors.items()
        if iri in on_path
    }
    nodes.update((iri, _agreement(snap, iri)) for iri in on_path if iri in snap.agreements)
    steps = {(a, b) for path in paths for a, b in pairwise(path)}
    rows = [
        r for r in alive if (r[_SOURCE], r[_TARGET]) in steps or (r[_TARGET], r[_SOURCE]) in steps
    ]
    labels = labels_for(backend, [r[_IRI] for r in rows if r[_RELATION] != "party"], graphs)
    kept = [(r[_SOURCE], r[_TARGET], r[_IRI], _data(r, labels)) for r in rows]
    return Network(nodes, kept), paths


def _search(
    adjacency: dict[str, dict[str, None]], start: str, end: str, limit: int
) -> list[list[str]]:
    """All shortest paths (up to ``limit``), found by growing both ends' frontiers in turn."""
    if start not in adjacency or end not in adjacency:
        return []
    seen = [{start: 0}, {end: 0}]
    frontier = [[start], [end]]
    meet: list[str] = []
    while frontier[0] and frontier[1] and not meet:
        side = 0 if len(frontier[0]) <= len(frontier[1]) else 1
        grown: list[str] = []
        for node in frontier[side]:
            for near in adjacency[node]:
                if near not in seen[side]:
                    seen[side][near] = seen[side][node] + 1
                    grown.append(near)
        frontier[side] = grown
        meet = [n for n in grown if n in seen[1 - side]]
    if not meet:
        return []
    length = min(seen[0][n] + seen[1][n] for n in meet)
    # Walk forward from the start through nodes that lie on a shortest path.
    distance_to_end = _distances(adjacency, end, length, seen[0])
    paths: list[list[str]] = []

    def walk(path: list[str]) -> None:
        if len(paths) >= limit:
            return
        node = path[-1]
        if node == end:
            paths.append(list(path))
            return
        step = len(path)  # hops so far + 1
        for near in sorted(adjacency[node]):
            if distance_to_end.get(near) == length - step:
                path.append(near)
                walk(path)
                path.pop()

    walk([start])
    return paths


def _distances(
    adjacency: dict[str, dict[str, None]], end: str, length: int, from_start: dict[str, int]
) -> dict[str, int]:
    """Hops to ``end`` for every node within ``length`` of it (a bounded BFS)."""
    found = {end: 0}
    layer = [end]
    for hops in range(1, length + 1):
        grown = []
        for node in layer:
            for near in adjacency[node]:
                if near not in found:
                    found[near] = hops
                    grown.append(near)
        layer = grown
    del from_start
    return found


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
  ?cap rdfs:label ?label . OPTIONAL { ?cap a ?class . VALUES ?class { """
    + CAPABILITY_CLASS_VALUES
    + """ } }
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
# MINUS, an anti-join by hash: an OPTIONAL looked each of SIPRI's 30,000 transfers up (1 s).
_UNSUPPLIED = (
    SPARQL_PREFIXES + """SELECT ?t WHERE { ?t a pg:Transfer MINUS { ?t pg:supplier ?s } }"""
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
    + "SELECT DISTINCT ?cap WHERE { ?cap a ?class "
    + f"VALUES ?class {{ {CAPABILITY_CLASS_VALUES} }} }} LIMIT 1001"
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
    wanted = list(transfers) + [r["t"].value for r in _solutions(backend, _UNSUPPLIED, graphs)]
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
