"""Answers as text for a 100-column terminal: trace's table with a footnote of evidence per row,
explain's paths, timeline's dated lines and the analyses' tables."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pactgraph.ask.analysis import Analysis
    from pactgraph.ask.coverage import Coverage, Scope
    from pactgraph.ask.evidence import Source
    from pactgraph.ask.explain import Explanation, Step
    from pactgraph.ask.timeline import Timeline
    from pactgraph.ask.trace import Commitment, Trace

WIDTH = 100
SHOWN_READINGS = 2
STATUS_WORDS = {
    "in_force": "in force",
    "signed": "signed",
    "expired": "expired",
    "terminated": "terminated",
    "suspended": "suspended",
    "succeeded": "succeeded",
    "unconfirmed": "unconfirmed",
}


def _wrap(text: str, indent: str = "    ") -> str:
    filled: str = textwrap.fill(
        text, WIDTH, initial_indent=indent, subsequent_indent=indent + "  ", break_on_hyphens=False
    )
    return filled


def _quote(sources: Sequence[Source]) -> str:
    if not sources:
        return ""
    return f' "{sources[0].quote}" ({sources[0].citation()})'


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _basis(entry: Commitment) -> str:
    if entry.agreement is None:
        return "(no agreement)"
    article = f", {entry.article}" if entry.article else ""
    return entry.agreement.label + article


def render_trace(result: Trace) -> str:
    """A table readable in 100 columns, a footnote per row with the quote and its source."""
    target = result.target
    what = (
        "Commitments"
        if result.obligation == "any"
        else (result.obligation.replace("_", " ").capitalize() + " commitments")
    )
    lines = [f"{what} to {target.label} ({target.id}) as of {result.as_of}", ""]
    every = [e for e in result.commitments if not e.via]
    # Unconfirmed ones (in force when their sources end, not confirmed since) come after the rest.
    direct = [e for e in every if e.status != "unconfirmed"]
    unconfirmed = [e for e in every if e.status == "unconfirmed"]
    indirect = [e for e in result.commitments if e.via]
    if not direct:
        lines.append("  none recorded")
    ordered = direct + unconfirmed + indirect
    rows = [_row(n, e, chain=bool(e.via)) for n, e in enumerate(ordered, start=1)]
    header = (
        f"  {'#':>2}  {'committer':<14} {'obligation':<11} {'basis':<37} {'status':<13} "
        f"{'since':<11} src"
    )
    if direct:
        lines += [header, *rows[: len(direct)]]
    if unconfirmed:
        lines += [
            "",
            "Unconfirmed (in force when their sources' coverage ends; no later source confirms"
            " them):",
            header,
            *rows[len(direct) : len(direct) + len(unconfirmed)],
        ]
    if indirect:
        lines += [
            "",
            "Indirect (committed to a state that is committed to the target):",
            header,
            *rows[len(direct) + len(unconfirmed) :],
        ]
    notes = [_footnote(n, e) for n, e in enumerate(ordered, start=1)]
    return "\n".join(lines + (["", *notes] if notes else []) + _scope(result.record)) + "\n"


def _scope(record: Scope | None) -> list[str]:
    """The closing line that says what the record answered from covers."""
    return ["", _wrap(record.text(), indent="")] if record is not None else []


def _row(number: int, entry: Commitment, *, chain: bool) -> str:
    basis = _basis(entry)
    if chain:
        basis = f"→ {entry.beneficiary.label}: " + basis
    status = STATUS_WORDS.get(entry.status, entry.status)
    if entry.modality != "binding":
        status = entry.modality.replace("_", " ")
    return (
        f"  {number:>2}  {_cut(entry.committer.label, 14):<14} "
        f"{_cut(entry.obligation.replace('_', ' '), 11):<11} {_cut(basis, 37):<37} "
        f"{_cut(status, 13):<13} {entry.valid_from or '—':<11} {len(entry.sources)}"
    )


def _footnote(number: int, entry: Commitment) -> str:
    prefix = f"[{number}] "
    parts = [f"{entry.committer.label} → {entry.beneficiary.label}, {_basis(entry)}"]
    if entry.valid_to:
        parts.append(f"valid {entry.valid_from or '?'} to {entry.valid_to}")
    if entry.confirmed_until:
        parts.append(f"confirmed until {entry.confirmed_until} (the end of its sources' coverage)")
    if entry.conditions:
        parts.append("conditions: " + "; ".join(entry.conditions))
    for via in entry.via:
        parts.append(f"via {via.committer.label} → {via.beneficiary.label} ({_basis(via)})")
    text = ". ".join(parts) + "."
    if entry.sources:
        text += _quote(entry.sources)
    # Contested readings first; the rest are counted, and listed in --format json.
    readings = sorted(entry.assessments, key=lambda a: not a.contested)
    for assessment in readings[:SHOWN_READINGS]:
        by = assessment.by
        who = "Unattributed reading" if by == "unattributed" else f"Reading by {by}"
        text += f" {who}: {assessment.reading} (confidence: {assessment.confidence})."
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


def _kind(link: Step) -> str:
    return ", ".join(x for x in (link.kind, link.status) if x)


def render_explain(result: Explanation) -> str:
    head = f"{result.from_.label} and {result.to.label} as of {result.as_of}"
    if not result.paths:
        return "\n".join([f"{head}: not connected", *_scope(result.record)]) + "\n"
    lines = [f"{head}: {len(result.paths)} shortest path(s) of {result.paths[0].length} step(s)"]
    for number, path in enumerate(result.paths, start=1):
        lines += ["", f"Path {number}: " + " — ".join(n.label for n in path.nodes)]
        for step in path.steps:
            for link in step:
                arrow = f"{link.from_.label} → {link.to.label}"
                lines.append(
                    _wrap(
                        f"{arrow}: {link.relation} ({_kind(link)}), "
                        f"{link.label}.{_quote(link.sources)}"
                    )
                )
    return "\n".join(lines + _scope(result.record)) + "\n"


def render_timeline(result: Timeline) -> str:
    lines = [f"Timeline of {result.actor.label} ({result.actor.id})"]
    if not result.entries:
        lines.append("  nothing recorded")
    for entry in result.entries:
        text = f"{entry.date}  {entry.what}: {entry.label}.{_quote(entry.sources)}"
        lines.append(_wrap(text, indent="  "))
    return "\n".join(lines + _scope(result.record)) + "\n"


def render_analysis(result: Analysis) -> str:
    from pactgraph.ask.analysis import Bloc, Broker, Score

    lines = [
        f"{result.analysis.capitalize()} as of {result.as_of} "
        f"({result.actors} actors, {result.links} links; {result.method})",
        "",
    ]
    if result.analysis == "centrality":
        lines.append(f"  {'actor':<40} {'degree':>6} {'degree c.':>10} {'betweenness':>12}")
        lines += [
            f"  {r.label[:40]:<40} {r.degree:>6} {r.degree_centrality:>10.4f} "
            f"{r.betweenness:>12.4f}"
            for r in result.rows
            if isinstance(r, Score)
        ]
    elif result.analysis == "blocs":
        lines += [
            _wrap(
                f"bloc {r.bloc} ({len(r.members)}): " + ", ".join(m.label for m in r.members),
                indent="  ",
            )
            for r in result.rows
            if isinstance(r, Bloc)
        ]
    else:
        lines.append("  Brokers (removing one splits the network):")
        lines += [
            f"    {r.label} (into {r.separates} parts)"
            for r in result.rows
            if isinstance(r, Broker)
        ]
        lines.append("  Bridges (the only link between two parts):")
        lines += [f"    {a.label} — {b.label}" for a, b in result.bridges]
    return "\n".join(lines) + "\n"


def render_coverage(result: Coverage) -> str:
    """The record's line, then a table of the agreements whose commitments have gone stale."""
    groups = result.groups
    lines = [
        result.record.text(),
        "",
        f"Commitments not ended whose latest source predates {result.stale_before}: "
        f"{sum(g.commitments for g in groups):,} under {len(groups):,} agreement(s)",
    ]
    if groups:
        lines += ["", f"  {'actors':>6}  {'commitments':>11}  {'latest source':<13}  agreement"]
    for group in groups:
        name = group.agreement.label if group.agreement else "(no agreement)"
        lines.append(
            f"  {group.actors:>6}  {group.commitments:>11}  {group.latest_source:<13}  "
            + _cut(name, WIDTH - 40)
        )
    return "\n".join(lines) + "\n"
