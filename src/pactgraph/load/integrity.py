"""Checks across records: unique ids, references that resolve, dates in order, consistent status."""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Iterator
from pathlib import Path

from pactgraph.load.fields import Reference
from pactgraph.model import records as r
from pactgraph.model.dates import PartialDate
from pactgraph.model.problems import Problem

# The order an agreement's dates must follow where both are known.
_DATE_ORDER = ("signed", "ratified", "entered_into_force", "suspended", "expired", "terminated")


def check_integrity(
    records: tuple[r.AnyRecord, ...], references: tuple[Reference, ...]
) -> list[Problem]:
    """Every cross-record problem, in file order."""
    by_id: dict[str, r.AnyRecord] = {}
    problems: list[Problem] = []
    for record in records:
        if record.id in by_id:
            first = by_id[record.id].origin
            where = f" (first at line {first.line})" if first else ""
            problems.append(_at(record, f"duplicate id{where}", "id"))
        else:
            by_id[record.id] = record
    problems.extend(_check_references(references, by_id))
    for record in records:
        problems.extend(_check_dates(record))
        if isinstance(record, r.Agreement):
            problems.extend(_check_status(record))
        if isinstance(record, r.Commitment):
            problems.extend(_check_basis(record, by_id))
    return sorted(problems, key=lambda p: (str(p.path), p.line or 0))


def _at(record: r.AnyRecord, message: str, field: str | None = None) -> Problem:
    origin = record.origin or r.Origin(Path("<unknown>"), 0)
    return Problem(origin.path, origin.line or None, message, record.id, field)


def _check_references(
    references: tuple[Reference, ...], by_id: dict[str, r.AnyRecord]
) -> Iterator[Problem]:
    for ref in references:
        kind = ref.target.split("/", 1)[0]
        if ref.target not in by_id:
            folded = {known.casefold(): known for known in by_id}
            close = [
                folded[match]
                for match in difflib.get_close_matches(
                    ref.target.casefold(), list(folded), n=3, cutoff=0.8
                )
            ]
            hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
            yield Problem(
                ref.path, ref.line, f"unknown id '{ref.target}'{hint}", ref.record, ref.field
            )
        elif kind not in ref.kinds:
            yield Problem(
                ref.path,
                ref.line,
                f"'{ref.target}' is a {kind}; expected {' or '.join(ref.kinds)}",
                ref.record,
                ref.field,
            )


def _intervals(record: r.AnyRecord) -> Iterator[tuple[str, PartialDate, str, PartialDate]]:
    if isinstance(record, r.Commitment | r.Affiliation):
        if record.valid_from and record.valid_to:
            yield "valid_from", record.valid_from, "valid_to", record.valid_to
    elif isinstance(record, r.Transfer | r.Event | r.Capability):
        if record.start and record.end:
            yield "start", record.start, "end", record.end
    elif isinstance(record, r.Agreement):
        known = {c.event: c.date for c in record.dates if c.preferred}
        events = [e for e in _DATE_ORDER if e in known]
        for earlier, later in itertools.pairwise(events):
            yield earlier, known[earlier], later, known[later]


def _check_dates(record: r.AnyRecord) -> Iterator[Problem]:
    for start_name, start, end_name, end in _intervals(record):
        # Dates of different precision overlap; only a definite inversion is an error.
        if end.last_day < start.first_day:
            yield _at(record, f"{end_name} {end} is before {start_name} {start}", end_name)


def _check_status(agreement: r.Agreement) -> Iterator[Problem]:
    known = {c.event for c in agreement.dates}
    needs = {
        "in_force": ("entered_into_force",),
        "expired": ("expired",),
        "terminated": ("terminated",),
        "suspended": ("suspended",),
        "signed": ("signed",),
    }.get(agreement.status, ())
    missing = [event for event in needs if event not in known]
    if missing:
        yield _at(
            agreement,
            f"status '{agreement.status}' needs the date it was {missing[0].replace('_', ' ')}",
            "status",
        )
    ended = known & {"expired", "terminated"}
    if agreement.status in ("in_force", "signed") and ended:
        yield _at(
            agreement,
            f"status '{agreement.status}' but the agreement has an {sorted(ended)[0]} date",
            "status",
        )
    if agreement.status == "signed" and "entered_into_force" in known:
        yield _at(
            agreement, "status 'signed' (not in force) but it has entered_into_force", "status"
        )


def _check_basis(commitment: r.Commitment, by_id: dict[str, r.AnyRecord]) -> Iterator[Problem]:
    basis = by_id.get(commitment.basis or "")
    if not isinstance(basis, r.Agreement):
        if commitment.article:
            yield _at(commitment, "an article needs a basis agreement", "article")
        return
    if commitment.article and commitment.article not in {a.number for a in basis.articles}:
        numbers = ", ".join(a.number for a in basis.articles) or "none"
        yield _at(
            commitment,
            f"'{basis.id}' has no article '{commitment.article}' (articles recorded: {numbers})",
            "article",
        )
    parties = set(basis.parties)
    committer = by_id.get(commitment.committer)
    successor_of = set(committer.successor_of) if isinstance(committer, r.Actor) else set()
    if commitment.committer not in parties and not successor_of & parties:
        yield _at(
            commitment,
            f"committer '{commitment.committer}' is not a party to "
            f"'{basis.id}' (nor the successor of one)",
            "committer",
        )
