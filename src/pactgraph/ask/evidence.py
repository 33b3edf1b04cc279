"""Trace results as DESIGN §6's JSON objects, and as a table with a footnote of evidence per row."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pactgraph.ask.names import compact, labels_for
from pactgraph.store.backends import select

if TYPE_CHECKING:
    from pactgraph.ask.trace import Link
    from pactgraph.store.backends import Backend

_PREFIXES = """PREFIX pg: <https://w3id.org/pactgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
"""

# The evidence of many links in two steps: their derivations, then the few documents they cite
# (one query joining both re-read each document's details per quote: 3x slower at 1,500 links).
_DERIVATIONS = (
    _PREFIXES
    + """SELECT ?c ?d ?document ?quote ?locator WHERE { VALUES ?c { %s }
  ?c prov:qualifiedDerivation ?d . ?d prov:entity ?document ; pg:quote ?quote .
  OPTIONAL { ?d pg:locator ?locator } }"""
)
_DOCUMENTS = (
    _PREFIXES
    + """SELECT ?document ?title ?label ?publisher ?date ?url WHERE { VALUES ?document { %s }
  OPTIONAL { ?document dcterms:title ?title }
  OPTIONAL { ?document rdfs:label ?label }
  OPTIONAL { ?document dcterms:publisher/rdfs:label ?publisher }
  OPTIONAL { ?document dcterms:issued ?date }
  OPTIONAL { ?document schema:url ?url } }"""
)


def source_rows(
    backend: Backend, iris: Sequence[str], graphs: Sequence[str]
) -> list[dict[str, Any]]:
    """The rows ``trace.SOURCES`` answers (each derivation of each IRI, with its document's
    title, publisher, date and URL), in two quick queries."""
    rows = select(backend, _DERIVATIONS, iris, graphs)
    documents: dict[str, dict[str, Any]] = {}
    for row in select(backend, _DOCUMENTS, sorted({r["document"].value for r in rows}), graphs):
        documents.setdefault(row["document"].value, row)
    return [{**documents.get(row["document"].value, {}), **row} for row in rows]


WIDTH = 100
SHOWN_READINGS = 2
STATUS_WORDS = {
    "in_force": "in force",
    "signed": "signed",
    "expired": "expired",
    "terminated": "terminated",
    "suspended": "suspended",
}


def describe(
    backend: Backend,
    links: Sequence[Link],
    *,
    graphs: Sequence[str],
    details: tuple[str, str, str],
) -> list[dict[str, Any]]:
    """One object per committer and basis (and chain), with evidence merged."""

    every = {link.iri for link in links} | {v.iri for link in links for v in link.via}
    detail, sources, assessments = ({}, {}, {})  # type: tuple[dict[str, Any], dict[str, Any], dict[str, Any]]
    for row in select(backend, details[0], sorted(every), graphs):
        entry = detail.setdefault(row["c"].value, {"article": None, "conditions": []})
        if "article" in row:
            entry["article"] = row["article"].value
        if "condition" in row:
            note = row.get("note")
            entry["conditions"].append(row["condition"].value + (f": {note.value}" if note else ""))
    # Sources keep the order the curator gave them (evidence/1, evidence/2, …): best first.
    rows = sorted(select(backend, details[1], sorted(every), graphs), key=evidence_order)
    for row in rows:
        sources.setdefault(row["c"].value, []).append(source_entry(row))
    for row in select(backend, details[2], sorted(every), graphs):
        held = row["holder"].value if "holder" in row else "unattributed"
        by_assessment = assessments.setdefault(row["c"].value, {})
        item = by_assessment.setdefault(
            row["a"].value,
            {
                "by": [],
                "reading": row["reading"].value,
                "confidence": row["confidence"].value,
                "contested": False,
            },
        )
        item["contested"] = item["contested"] or "contested" in row
        if held not in item["by"]:
            item["by"].append(held)
    chained = [*links, *(v for link in links for v in link.via)]
    named = [iri for link in chained for iri in (link.committer, link.beneficiary, link.basis)]
    labels = labels_for(backend, [iri for iri in named if iri], graphs)

    def one(link: Link) -> dict[str, Any]:
        found = detail.get(link.iri, {"article": None, "conditions": []})
        return {
            "committer": _ref(link.committer, labels),
            "beneficiary": _ref(link.beneficiary, labels),
            "obligation": link.obligation,
            "modality": link.modality,
            "status": link.status,
            "agreement": _ref(link.basis, labels) if link.basis else None,
            "article": found["article"],
            "valid_from": link.valid_from,
            "valid_to": link.valid_to,
            "conditions": sorted(set(found["conditions"])),
            "assessments": [
                {**a, "by": ", ".join(sorted(a["by"]))}
                for _, a in sorted(assessments.get(link.iri, {}).items())
            ],
            "sources": sources.get(link.iri, []),
            "via": [one(v) for v in link.via],
        }

    merged: dict[tuple[str, ...], dict[str, Any]] = {}
    for link in links:
        key = (link.committer, link.basis or link.iri, *(v.iri for v in link.via))
        if key in merged:
            extra = one(link)["sources"]
            merged[key]["sources"] += [s for s in extra if s not in merged[key]["sources"]]
        else:
            merged[key] = one(link)
    return list(merged.values())


def evidence_order(row: dict[str, Any]) -> tuple[str, int, str]:
    prefix, _, number = row["d"].value.rpartition("/evidence/")
    return prefix, int(number) if number.isdigit() else 0, row["d"].value


def _ref(iri: str, labels: dict[str, str]) -> dict[str, str]:
    return {"id": compact(iri), "label": labels.get(iri, compact(iri))}


def source_entry(row: dict[str, Any]) -> dict[str, Any]:
    title = (row.get("title") or row.get("label") or row["document"]).value
    return {
        "title": title,
        "publisher": row["publisher"].value if "publisher" in row else None,
        "date": row["date"].value if "date" in row else None,
        "quote": row["quote"].value,
        "locator": row["locator"].value if "locator" in row else None,
        "url": row["url"].value if "url" in row else None,
    }


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _basis(entry: dict[str, Any]) -> str:
    if entry["agreement"] is None:
        return "(no agreement)"
    article = f", {entry['article']}" if entry["article"] else ""
    return str(entry["agreement"]["label"]) + article


def render_trace(result: dict[str, Any]) -> str:
    """A table readable in 100 columns, a footnote per row with the quote and its source."""
    target = result["target"]
    what = (
        "Commitments"
        if result["obligation"] == "any"
        else (result["obligation"].replace("_", " ").capitalize() + " commitments")
    )
    lines = [f"{what} to {target['label']} ({target['id']}) as of {result['as_of']}", ""]
    direct = [e for e in result["commitments"] if not e["via"]]
    indirect = [e for e in result["commitments"] if e["via"]]
    if not direct:
        lines.append("  none recorded")
    rows = [_row(n, e, chain=False) for n, e in enumerate(direct, start=1)]
    rows += [_row(n, e, chain=True) for n, e in enumerate(indirect, start=len(direct) + 1)]
    header = (
        f"  {'#':>2}  {'committer':<14} {'obligation':<11} {'basis':<40} {'status':<10} "
        f"{'since':<11} src"
    )
    if direct:
        lines += [header, *rows[: len(direct)]]
    if indirect:
        lines += [
            "",
            "Indirect (committed to a state that is committed to the target):",
            header,
            *rows[len(direct) :],
        ]
    notes = [_footnote(n, e) for n, e in enumerate(direct + indirect, start=1)]
    return "\n".join(lines + (["", *notes] if notes else [])) + "\n"


def _row(number: int, entry: dict[str, Any], *, chain: bool) -> str:
    basis = _basis(entry)
    if chain:
        basis = f"→ {entry['beneficiary']['label']}: " + basis
    status = STATUS_WORDS.get(entry["status"], entry["status"])
    if entry["modality"] != "binding":
        status = entry["modality"].replace("_", " ")
    return (
        f"  {number:>2}  {_cut(entry['committer']['label'], 14):<14} "
        f"{_cut(entry['obligation'].replace('_', ' '), 11):<11} {_cut(basis, 40):<40} "
        f"{_cut(status, 10):<10} {entry['valid_from'] or '—':<11} {len(entry['sources'])}"
    )


def _footnote(number: int, entry: dict[str, Any]) -> str:
    prefix = f"[{number}] "
    parts = [f"{entry['committer']['label']} → {entry['beneficiary']['label']}, {_basis(entry)}"]
    if entry["valid_to"]:
        parts.append(f"valid {entry['valid_from'] or '?'} to {entry['valid_to']}")
    if entry["conditions"]:
        parts.append("conditions: " + "; ".join(entry["conditions"]))
    for via in entry["via"]:
        parts.append(
            f"via {via['committer']['label']} → {via['beneficiary']['label']} ({_basis(via)})"
        )
    text = ". ".join(parts) + "."
    if entry["sources"]:
        source = entry["sources"][0]
        by = ", ".join(x for x in (source["publisher"], source["title"], source["date"]) if x)
        text += f' "{source["quote"]}" ({by})'
    # Contested readings first; the rest are counted, and listed in --format json.
    readings = sorted(entry["assessments"], key=lambda a: not a["contested"])
    for assessment in readings[:SHOWN_READINGS]:
        by = assessment["by"]
        who = "Unattributed reading" if by == "unattributed" else f"Reading by {by}"
        text += f" {who}: {assessment['reading']} (confidence: {assessment['confidence']})."
    if len(readings) > SHOWN_READINGS:
        text += f" (+{len(readings) - SHOWN_READINGS} more readings: --format json)"
    filled: str = textwrap.fill(
        text,
        WIDTH,
        initial_indent=prefix,
        subsequent_indent=" " * len(prefix),
        break_on_hyphens=False,
    )
    return filled
