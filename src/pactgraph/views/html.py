"""Self-contained, offline HTML views of the network (the only module that imports pyvis).

pyvis builds the node and edge data; the page is the project's own template (pyvis's loads
Bootstrap from a CDN, leaves the title unescaped and copies ``lib/`` beside the file), with
vis-network inlined. Data reaches the page only as JSON inside a ``<script type=
"application/json">`` with ``<``, ``>`` and ``&`` escaped, and the page writes it with
``textContent``: a label such as ``<img src=x onerror=alert(1)>`` stays text.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pactgraph.ask.evidence import dated, fetch_sources
from pactgraph.ask.names import Names
from pactgraph.ask.network import project
from pactgraph.model.vocab import SPARQL_PREFIXES, compact
from pactgraph.store.backends import Backend, select

LAYOUT_ABOVE = 300  # nodes; beyond this positions are computed here and physics is off
KINDS = {
    "State": ("#1f77b4", "dot"),
    "InternationalOrganization": ("#2ca02c", "square"),
    "Grouping": ("#17becf", "triangle"),
    "Person": ("#9467bd", "diamond"),
    "NonStateOrganization": ("#8c564b", "square"),
    "GovernmentBody": ("#7f7f7f", "square"),
    "Agreement": ("#ff7f0e", "box"),
}
RELATION_COLOURS = {
    "commitment": "#d62728",
    "transfer": "#1f77b4",
    "membership": "#2ca02c",
    "party": "#ff7f0e",
}
_CONTESTED = (
    SPARQL_PREFIXES
    + """SELECT DISTINCT ?c WHERE { VALUES ?c { %s }
  ?a pg:about ?c . { ?a pg:disputes ?other } UNION { ?other pg:disputes ?a } }"""
)
_PRECISE = (
    SPARQL_PREFIXES
    + """SELECT ?c ?which ?value ?approx ?uncertain WHERE { VALUES ?c { %s }
  VALUES (?property ?which) { (pg:validFrom "start") (pg:startDate "start") (pg:validTo "end")
                              (pg:endDate "end") }
  ?c ?property ?value .
  OPTIONAL { ?c pg:approximateDate ?property BIND(true AS ?approx) }
  OPTIONAL { ?c pg:uncertainDate ?property BIND(true AS ?uncertain) } }"""
)
_ALIASES = (
    SPARQL_PREFIXES
    + """SELECT ?thing ?alias WHERE { VALUES ?thing { %s }
  { ?thing skos:altLabel ?alias } UNION { ?thing pg:isoCode ?alias } }"""
)


@dataclass(frozen=True)
class ViewResult:
    output: Path
    nodes: int
    edges: int
    bytes: int


def _template() -> str:
    return (Path(__file__).parent / "templates" / "network.html").read_text(encoding="utf-8")


def _vis_network() -> str:
    import pyvis

    path = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js"
    return path.read_text(encoding="utf-8").replace("</script", "<\\/script")


def script_json(value: object) -> str:
    """JSON that cannot close its <script> element or open another."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render_page(*, title: str, data: dict[str, Any]) -> str:
    """The page: title escaped, data as inert JSON, vis-network inline."""
    values = {"TITLE": html.escape(title), "DATA": script_json(data), "VIS": _vis_network()}
    parts = re.split(r"\$(TITLE|DATA|VIS)\b", _template())
    return "".join(values[part] if i % 2 else part for i, part in enumerate(parts))


def network_data(
    backend: Backend,
    *,
    graphs: Sequence[str],
    as_of: dt.date,
    focus: str | None = None,
    depth: int = 1,
    relations: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Nodes, edges, evidence and options for the page, built with pyvis."""
    import networkx as nx
    from pyvis.network import Network

    graph = project(backend, graphs=graphs, agreements=True, binding_only=False)
    if relations:
        graph.remove_edges_from(
            [
                (a, b, k)
                for a, b, k, d in graph.edges(keys=True, data=True)
                if d["relation"] not in relations
            ]
        )
    if focus:
        centre = Names(backend, graphs).resolve(focus, actors_only=True).iri
        near = (
            nx.single_source_shortest_path_length(
                graph.to_undirected(as_view=True), centre, cutoff=depth * 2
            )
            if centre in graph
            else {}
        )
        graph = graph.subgraph(near).copy()
    graph.remove_nodes_from([n for n in list(graph) if graph.degree(n) == 0])
    ids = list(graph.nodes)
    edge_ids = [key for _, _, key in graph.edges(keys=True)]
    # A party edge shows its agreement's evidence: the page looks it up under the agreement.
    evidence: dict[str, dict[str, Any]] = {}
    wanted = sorted({*ids, *(k.split("#party")[0] for k in edge_ids)})
    for iri, sources in fetch_sources(backend, wanted, graphs).items():
        evidence[compact(iri)] = {
            "sources": [{k: v for k, v in s.to_json().items() if v is not None} for s in sources]
        }
    contested = {r["c"].value for r in select(backend, _CONTESTED, edge_ids or ["urn:x"], graphs)}
    aliases: dict[str, list[str]] = {}
    for row in select(backend, _ALIASES, ids or ["urn:x"], graphs):
        aliases.setdefault(row["thing"].value, []).append(row["alias"].value)
    # The panel shows each date at its own precision (2023-09~), the slider compares first days.
    precise: dict[tuple[str, str], str] = {}
    dated_edges = sorted(k for k in edge_ids if "#party" not in k) or ["urn:x"]
    for row in select(backend, _PRECISE, dated_edges, graphs):
        text = dated(row["value"], row.get("approx"), row.get("uncertain"))
        precise[(row["c"].value, row["which"].value)] = text or ""
    for a, b, key, data in graph.edges(keys=True, data=True):
        for which in ("start", "end"):
            if data.get(which) and (key, which) in precise:
                graph.edges[a, b, key][which + "_text"] = precise[(key, which)]
    positions = sunflower(graph) if len(ids) > LAYOUT_ABOVE else {}
    net = Network(directed=True)
    net.nodes = [_node(n, graph.nodes[n], aliases.get(n, []), positions.get(n)) for n in ids]
    net.edges = [_edge(a, b, k, d, contested) for a, b, k, d in graph.edges(keys=True, data=True)]
    nodes, edges, *_ = net.get_network_data()
    # Absent fields are left out rather than written as null: a 1,000-node page stays small.
    nodes = [{k: v for k, v in n.items() if v is not None and v != []} for n in nodes]
    edges = [
        {k: v for k, v in e.items() if v is not None and v is not False and v != ""} for e in edges
    ]
    dates = [x for x in [*(e.get("start") for e in edges), *(e.get("end") for e in edges)] if x]
    first = min([*dates, as_of.isoformat()])
    return {
        "nodes": nodes,
        "edges": edges,
        "evidence": evidence,
        "as_of": as_of.isoformat(),
        "first_day": first[:4] + "-01-01",
        "last_day": dt.date.today().isoformat(),
        "relations": sorted({e["relation"] for e in edges}),
        "colours": RELATION_COLOURS,
        "kinds": {
            k: {"color": c, "shape": s}
            for k, (c, s) in KINDS.items()
            if any(n["kind"] == k for n in nodes)
        },
        "options": {
            "physics": {
                "enabled": not positions,
                "stabilization": {"iterations": 200},
                "barnesHut": {"springLength": 160, "avoidOverlap": 0.3},
            },
            "interaction": {"hover": True},
            "layout": {"randomSeed": 7},  # the same page draws the same way every time
            "edges": {"smooth": False, "font": {"size": 11}},
        },
    }


def sunflower(graph: Any, spacing: float = 40.0) -> dict[str, tuple[float, float]]:
    """Positions in O(n), best-linked nodes in the middle, spread on a golden-angle spiral.

    Force-directed layouts cost minutes (and numpy/scipy) at 10,000 nodes; this draws at once,
    and the hubs an analyst looks for sit at the centre.
    """
    golden = math.pi * (3 - math.sqrt(5))
    ordered = sorted(graph, key=lambda n: (-graph.degree(n), str(n)))
    return {
        node: (
            spacing * math.sqrt(i) * math.cos(i * golden),
            spacing * math.sqrt(i) * math.sin(i * golden),
        )
        for i, node in enumerate(ordered)
    }


def _node(iri: str, data: dict[str, Any], aliases: list[str], position: Any) -> dict[str, Any]:
    colour, shape = KINDS.get(data.get("kind", ""), ("#bbbbbb", "dot"))
    name = data.get("label", iri)
    short = name if len(name) <= 32 or data.get("kind") != "Agreement" else name[:31] + "…"
    node = {
        "id": compact(iri),
        "label": short,
        "name": name if name != short else None,
        "kind": data.get("kind"),
        "aliases": sorted(aliases),
        "color": colour,
        "shape": shape,
        "start": data.get("start"),
    }
    if position is not None:
        node.update(x=float(position[0]), y=float(position[1]), physics=False)
    return node


def _edge(
    source: str, target: str, key: str, data: dict[str, Any], contested: set[str]
) -> dict[str, Any]:
    loose = (
        data.get("modality") not in (None, "binding")
        or data.get("status") in ("offered", "suspected")
        or key in contested
    )
    # Label, colour, arrows and the needs-a-start rule follow from the relation: the page adds
    # them, which keeps a 1,000-node page under 2 MB.
    return {
        "id": compact(key),
        "from": compact(source),
        "to": compact(target),
        "relation": data["relation"],
        "kind": data["kind"],
        "status": data.get("status"),
        "modality": None if data.get("modality") == "binding" else data.get("modality"),
        "start": data.get("start"),
        "end": data.get("end"),
        "start_text": data.get("start_text")
        if data.get("start_text") != data.get("start")
        else None,
        "end_text": data.get("end_text") if data.get("end_text") != data.get("end") else None,
        "dashes": loose,
    }


def write_view(
    backend: Backend,
    *,
    output: Path,
    graphs: Sequence[str],
    as_of: dt.date | None = None,
    focus: str | None = None,
    depth: int = 1,
    relations: Sequence[str] | None = None,
    title: str = "pactgraph",
) -> ViewResult:
    """Write the page atomically; returns what it holds."""
    from pactgraph.load.export import write_atomic

    data = network_data(
        backend,
        graphs=graphs,
        as_of=as_of or dt.date.today(),
        focus=focus,
        depth=depth,
        relations=relations,
    )
    page = render_page(title=title, data=data).encode("utf-8")
    write_atomic(output, page)
    return ViewResult(output, len(data["nodes"]), len(data["edges"]), len(page))
