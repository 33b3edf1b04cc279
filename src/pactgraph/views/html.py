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

from pactgraph.ask.commitments import Link, confirmed_until
from pactgraph.ask.evidence import dated, fetch_sources
from pactgraph.ask.names import Names
from pactgraph.ask.network import Progress, busiest, capabilities, project, snapshot
from pactgraph.ask.timeline import timelines
from pactgraph.ask.trace import describe, readings
from pactgraph.errors import UsageError
from pactgraph.model import vocab
from pactgraph.model.dates import PartialDate
from pactgraph.model.vocab import SPARQL_PREFIXES, compact
from pactgraph.store.backends import Backend, select

LAYOUT_ABOVE = 300  # nodes; beyond this positions are computed here and physics is off
# Without --focus, a network larger than this many links (ATOP and SIPRI imported: 40,000) opens
# on the best-linked actors and their links in force on the day asked about; --all draws everything.
DEFAULT_LINKS = 2000
KINDS = {
    "State": ("#1f77b4", "dot"),
    "InternationalOrganization": ("#2ca02c", "square"),
    "Grouping": ("#17becf", "triangle"),
    "Person": ("#9467bd", "diamond"),
    "NonStateOrganization": ("#8c564b", "square"),
    "GovernmentBody": ("#7f7f7f", "square"),
    "Actor": ("#bbbbbb", "dot"),  # one an imported dataset could not place ("unknown supplier")
    "Agreement": ("#ff7f0e", "box"),
    # Capabilities: hexagons, coloured by what they are.
    "WeaponSystem": ("#e377c2", "hexagon"),
    "BallisticMissile": ("#e377c2", "hexagon"),
    "ShortRangeBallisticMissile": ("#e377c2", "hexagon"),
    "ICBM": ("#c5177b", "hexagon"),
    "CruiseMissile": ("#f7b6d2", "hexagon"),
    "Munition": ("#bcbd22", "hexagon"),
    "SpaceSystem": ("#17a2b8", "hexagon"),
    "Technology": ("#9c7ec4", "hexagon"),
    "Component": ("#c49c94", "hexagon"),
    "NuclearArsenal": ("#393b79", "hexagon"),
    "MilitaryForce": ("#ad494a", "hexagon"),
    "Capability": ("#e377c2", "hexagon"),
}
# The legend's words for each kind of node.
KIND_NAMES = {
    "State": "State",
    "InternationalOrganization": "International organisation",
    "Grouping": "Grouping (informal)",
    "Person": "Person",
    "NonStateOrganization": "Non-state organisation",
    "GovernmentBody": "Government body",
    "Actor": "Other actor",
    "Agreement": "Agreement (treaty, statement…)",
    "WeaponSystem": "Weapon system",
    "BallisticMissile": "Ballistic missile",
    "ShortRangeBallisticMissile": "Short-range ballistic missile",
    "ICBM": "Intercontinental ballistic missile",
    "CruiseMissile": "Cruise missile",
    "Munition": "Munition",
    "SpaceSystem": "Space system",
    "Technology": "Technology",
    "Component": "Component",
    "NuclearArsenal": "Nuclear arsenal",
    "MilitaryForce": "Military force",
    "Capability": "Capability",
}
RELATION_COLOURS = {
    "commitment": "#d62728",
    "transfer": "#1f77b4",
    "membership": "#2ca02c",
    "party": "#ff7f0e",
    "capability": "#8c8c8c",
}
TIMELINES_UP_TO = 300  # actors; beyond, the panel names the command that prints one
# Transfers routed through their items as nodes; a view with more (SIPRI imported: 30,000) keeps
# each transfer as one supplier → recipient link, lest weapon designations crowd out the actors.
CAPABILITY_NODES_UP_TO = 500
_CONTESTED = (
    SPARQL_PREFIXES
    + """SELECT DISTINCT ?c WHERE { VALUES ?c { %s }
  ?a pg:about ?c . { ?a pg:disputes ?other } UNION { ?other pg:disputes ?a } }"""
)
# One query per date property, the property written in: with the properties in a VALUES block
# Oxigraph scanned every triple of the store for ``?c ?property ?value`` (over 2 minutes with
# ATOP and SIPRI imported).
_PRECISE_BY = {"validFrom": "start", "startDate": "start", "validTo": "end", "endDate": "end"}
_PRECISE = (
    SPARQL_PREFIXES
    + """SELECT ?c ?value ?approx ?uncertain WHERE { VALUES ?c { %s }
  ?c pg:PROPERTY ?value .
  OPTIONAL { ?c pg:approximateDate ?approx FILTER(?approx = pg:PROPERTY) }
  OPTIONAL { ?c pg:uncertainDate ?uncertain FILTER(?uncertain = pg:PROPERTY) } }"""
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
    note: str | None = None  # how the view was narrowed, and how to widen it


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
    everything: bool = False,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Nodes, edges, evidence and options for the page, built with pyvis."""
    import networkx as nx
    from pyvis.network import Network

    snap = snapshot(backend, graphs, progress=progress)
    note = None
    if not focus and not everything and len(snap.rows) > DEFAULT_LINKS:
        # A large store opens on the best-linked actors and their links on the day asked about.
        within, count, links = busiest(snap, as_of=as_of, limit=DEFAULT_LINKS)
        graph = project(
            backend, graphs=graphs, as_of=as_of, agreements=True, binding_only=False,
            within=within, labels=False,
        )  # fmt: skip
        note = (
            f"the network has {len(snap.actors):,} actors and {len(snap.rows):,} links: showing "
            f"the {count:,} best-linked actors and their {links:,} links on "
            f"{as_of.isoformat()}; widen with --focus ACTOR --depth N, --kinds, or --all"
        )
    else:
        graph = project(backend, graphs=graphs, agreements=True, binding_only=False, labels=False)
    add_capabilities(backend, graph, graphs=graphs, every=graph.number_of_nodes() <= 1000)
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
        if len(near) < 2:
            raise ViewError(
                f"'{focus}' ({compact(centre)}) has no links to draw"
                + (f" of the kinds {', '.join(relations)}" if relations else "")
                + ": try without --focus, or another actor"
            )
        graph = graph.subgraph(near).copy()
    # Unlinked capabilities stay (what the sources discuss); other unlinked nodes go.
    graph.remove_nodes_from(
        [n for n in list(graph) if graph.degree(n) == 0 and graph.nodes[n].get("family") is None]
    )
    # Sorted: a subgraph iterates its node set in hash order, and the page's layout follows the
    # order of its nodes and links, so an unsorted page would be laid out differently each run.
    ids = sorted(graph.nodes)
    drawn = sorted(graph.edges(keys=True, data=True), key=lambda link: (link[2], link[0], link[1]))
    edge_ids = [key for _, _, key, _ in drawn]
    # A party edge shows its agreement's evidence: the page looks it up under the agreement.
    evidence: dict[str, dict[str, Any]] = {}
    wanted = sorted({*ids, *(k.split("#")[0] for k in edge_ids)})
    for iri, sources in fetch_sources(backend, wanted, graphs).items():
        evidence[compact(iri)] = {
            "sources": [{k: v for k, v in s.to_json().items() if v is not None} for s in sources]
        }
    contested = {
        r["c"].value
        for r in select(
            backend, _CONTESTED, sorted({k.split("#")[0] for k in edge_ids}) or ["urn:x"], graphs
        )
    }
    aliases: dict[str, list[str]] = {}
    for row in select(backend, _ALIASES, ids or ["urn:x"], graphs):
        aliases.setdefault(row["thing"].value, []).append(row["alias"].value)
    # The panel shows each date at its own precision (2023-09~), the slider compares first days.
    precise: dict[tuple[str, str], str] = {}
    dated_edges = sorted({k.split("#")[0] for k in edge_ids if "#party" not in k}) or ["urn:x"]
    for prop, which in _PRECISE_BY.items():
        for row in select(backend, _PRECISE.replace("PROPERTY", prop), dated_edges, graphs):
            text = dated(row["value"], row.get("approx"), row.get("uncertain"))
            precise[(row["c"].value, which)] = text or ""
    for a, b, key, data in graph.edges(keys=True, data=True):
        for which in ("start", "end"):
            if data.get(which) and (key.split("#")[0], which) in precise:
                graph.edges[a, b, key][which + "_text"] = precise[(key.split("#")[0], which)]
    positions = sunflower(graph) if len(ids) > LAYOUT_ABOVE else {}
    net = Network(directed=True)
    net.nodes = [_node(n, graph.nodes[n], aliases.get(n, []), positions.get(n)) for n in ids]
    net.edges = [_edge(a, b, k, d, contested) for a, b, k, d in drawn]
    nodes, edges, *_ = net.get_network_data()
    # Absent fields are left out rather than written as null: a 1,000-node page stays small.
    nodes = [{k: v for k, v in n.items() if v is not None and v != []} for n in nodes]
    edges = [
        {k: v for k, v in e.items() if v is not None and v is not False and v != ""} for e in edges
    ]
    dates = [x for x in [*(e.get("start") for e in edges), *(e.get("end") for e in edges)] if x]
    first = min([*dates, as_of.isoformat()])
    about, agreement_ends = describe_items(backend, graph, graphs=graphs)
    for node in nodes:
        if node["id"] in agreement_ends:
            node["end"] = agreement_ends[node["id"]]
    curated = [g for g in graphs if not g.startswith(vocab.import_graph(""))]
    actors = {
        n: d.get("label", n)
        for n, d in sorted(graph.nodes(data=True))
        if d.get("kind") != "Agreement" and d.get("family") is None
    }
    return {
        "note": note,
        "nodes": nodes,
        "edges": edges,
        "about": about,
        # An imported register gives the best-linked states thousands of dated lines each
        # (50,000 for 25 states with ATOP and SIPRI: minutes, and tens of MB): the panel
        # keeps to the curated record and names the command that prints the rest.
        "timelines": actor_timelines(backend, actors, graphs=curated),
        "timelines_leave_out_imports": len(curated) < len(graphs),
        "kind_names": KIND_NAMES,
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
                "stabilization": {"iterations": 600, "fit": False},
                "solver": "forceAtlas2Based",
                "forceAtlas2Based": {
                    "gravitationalConstant": -70,
                    "centralGravity": 0.02,
                    "springLength": 90,
                    "avoidOverlap": 0.5,
                },
            },
            "interaction": {"hover": True, "tooltipDelay": 150},
            "layout": {"randomSeed": 7},  # the same page draws the same way every time
            "nodes": {"size": 11, "font": {"size": 15}},
            "edges": {"smooth": False, "font": {"size": 10, "strokeWidth": 3}},
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
        "end": data.get("end") if data.get("family") else None,
        "family": data.get("family"),
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
        or key.split("#")[0] in contested
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
        "known": data.get("known"),
        "end": data.get("end"),
        "start_text": data.get("start_text")
        if data.get("start_text") != data.get("start")
        else None,
        "end_text": data.get("end_text") if data.get("end_text") != data.get("end") else None,
        "label": data["label"] if data["relation"] == "capability" else None,
        "leg": data.get("leg"),
        "dashes": loose,
    }


class ViewError(UsageError):
    """A view that would draw nothing (an actor with no links)."""


def add_capabilities(backend: Backend, graph: Any, *, graphs: Sequence[str], every: bool) -> None:
    """Capabilities as nodes: each transfer runs supplier → item → recipient (the direct
    supplier → recipient edge goes), with the items' lineage (developer, resemblance, component,
    origin). ``every`` adds the store's other capabilities too."""
    transfers = [
        (a, b, k) for a, b, k, d in graph.edges(keys=True, data=True) if d["relation"] == "transfer"
    ]
    if len(transfers) > CAPABILITY_NODES_UP_TO:
        return  # an imported register: transfers stay supplier → recipient links
    nodes, links = capabilities(backend, [k for _, _, k in transfers], graphs=graphs, every=every)
    moved = {link[3]["of"] for link in links if link[3]["relation"] == "transfer"}
    graph.remove_edges_from([edge for edge in transfers if edge[2] in moved])
    for iri, data in nodes.items():
        if iri not in graph:
            graph.add_node(iri, **data)
    for source, target, key, data in links:
        for end in (source, target):
            if end not in graph:
                graph.add_node(end, label=end.rsplit("/", 1)[-1], kind="Actor")
        graph.add_edge(source, target, key=key, **data)


# One branch per date property (Oxigraph and rdflib both read a VALUES of properties slowly).
_DATE_FACTS = "".join(
    f"""  UNION {{ ?x pg:{name} ?value BIND("{what}" AS ?what)
          OPTIONAL {{ ?x pg:approximateDate ?approx FILTER(?approx = pg:{name}) }}
          OPTIONAL {{ ?x pg:uncertainDate ?uncertain FILTER(?uncertain = pg:{name}) }} }}\n"""
    for name, what in (
        ("signedOn", "signed"),
        ("enteredIntoForceOn", "in force"),
        ("expiredOn", "expired"),
        ("terminatedOn", "terminated"),
        ("suspendedOn", "suspended"),
    )
)
_FACTS = (
    SPARQL_PREFIXES
    + """SELECT ?x ?what ?value ?approx ?uncertain WHERE { VALUES ?x { %s }
  { ?x rdfs:comment ?value BIND("description" AS ?what) }
  UNION { ?x a pg:Agreement ; pg:status/skos:notation ?value BIND("status" AS ?what) }
  UNION { ?x pg:quantity ?value BIND("quantity" AS ?what) }
  UNION { ?x pg:basis/rdfs:label ?value BIND("basis" AS ?what) }
"""
    + _DATE_FACTS
    + "}"
)
_FACT_ORDER = (
    *("status", "signed", "in force", "expired", "terminated", "suspended", "basis", "quantity"),
)


def describe_items(
    backend: Backend, graph: Any, *, graphs: Sequence[str]
) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    """What the evidence panel shows beyond the sources, by CURIE: a description, facts
    (agreements' status and dates at their own precision), readings (contested first) and, for a
    commitment, what ``trace`` shows (agreement, article, conditions, readings, confirmed until).
    Also each agreement's end (expiry or termination, first day) for the date slider."""
    statements = sorted({*graph.nodes, *(k.split("#")[0] for _, _, k in graph.edges(keys=True))})
    about: dict[str, dict[str, Any]] = {}
    ends: dict[str, str] = {}
    for row in select(backend, _FACTS, statements or ["urn:x"], graphs):
        entry = about.setdefault(compact(row["x"].value), {})
        what, value = row["what"].value, row["value"].value
        if what == "description":
            entry["description"] = value
            continue
        if what in ("expired", "terminated"):
            day = PartialDate.parse(value).first_day.isoformat()
            ends[compact(row["x"].value)] = min(day, ends.get(compact(row["x"].value), day))
        text = dated(row["value"], row.get("approx"), row.get("uncertain")) or value
        entry.setdefault("facts", {})[what] = text
    for entry in about.values():
        if "facts" in entry:
            entry["facts"] = sorted(entry["facts"].items(), key=lambda f: _FACT_ORDER.index(f[0]))
    for iri, found in readings(backend, statements, graphs).items():
        about.setdefault(compact(iri), {})["readings"] = [
            r.to_json() for r in sorted(found, key=lambda r: not r.contested)
        ]
    commitments = [
        Link(
            iri=key,
            committer=a,
            beneficiary=b,
            obligation=d["kind"],
            modality=d.get("modality") or "binding",
            basis=d.get("basis"),
            status="",
            valid_from=d.get("start_text") or d.get("start"),
            valid_to=d.get("end_text") or d.get("end"),
        )
        for a, b, key, d in graph.edges(keys=True, data=True)
        if d["relation"] == "commitment"
    ]
    vouched = confirmed_until(backend, [link.iri for link in commitments], graphs)
    for link, described in zip(
        commitments, describe(backend, commitments, graphs=graphs, merge=False), strict=True
    ):
        told = described.to_json()
        entry = about.setdefault(compact(link.iri), {})
        entry["commitment"] = {
            k: told[k] for k in ("agreement", "article", "conditions") if told[k]
        }
        if link.iri in vouched:
            entry["commitment"]["confirmed_until"] = str(vouched[link.iri])
    return dict(sorted(about.items())), ends


def actor_timelines(
    backend: Backend, actors: dict[str, str], *, graphs: Sequence[str]
) -> dict[str, list[dict[str, Any]]]:
    """What ``timeline`` prints for each actor drawn, by CURIE (none above TIMELINES_UP_TO)."""
    if not actors or len(actors) > TIMELINES_UP_TO:
        return {}
    return {
        compact(iri): [
            {k: v for k, v in entry.to_json().items() if v not in (None, [])}
            for entry in found.entries
        ]
        for iri, found in timelines(backend, actors, graphs=graphs).items()
        if found.entries
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
    everything: bool = False,
    progress: Progress | None = None,
) -> ViewResult:
    """Write the page atomically; returns what it holds."""
    from pactgraph.load.output import write_atomic

    data = network_data(
        backend,
        graphs=graphs,
        as_of=as_of or dt.date.today(),
        focus=focus,
        depth=depth,
        relations=relations,
        everything=everything,
        progress=progress,
    )
    page = render_page(title=title, data=data).encode("utf-8")
    write_atomic(output, page)
    return ViewResult(output, len(data["nodes"]), len(data["edges"]), len(page), data["note"])
