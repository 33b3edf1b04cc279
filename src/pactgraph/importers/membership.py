"""Curated membership bounds imported pledges (DESIGN §4): where a curated treaty names its ATOP
alliance, an imported pledge holds only between its curated parties, within their own dates and
the treaty's force; and a curated commitment that can be in force absorbs the ATOP row that
repeats it (ATOP becomes one of its sources)."""

from __future__ import annotations

from dataclasses import replace

from pactgraph.importers.entities import Resolver
from pactgraph.model import records as r
from pactgraph.model.dates import PartialDate


def curated_commitments(resolver: Resolver) -> dict[tuple[str, str, str, str], str]:
    """Curated commitments that an ATOP row confirms rather than repeats. One that can never be
    in force (its treaty has no entry into force on record: ``signed``, and no dates of its own)
    does not absorb ATOP's: ATOP's row stays a pledge of its own, in effect as ATOP codes it."""
    agreements = {rec.id: rec for rec in resolver.curated if isinstance(rec, r.Agreement)}
    found = {}
    for rec in resolver.curated:
        if not isinstance(rec, r.Commitment) or not rec.basis:
            continue
        basis = agreements.get(rec.basis)
        if rec.valid_from is None and basis and basis.date_of("entered_into_force") is None:
            continue
        found[(rec.committer, rec.beneficiary, rec.obligation, rec.basis)] = rec.id
    return found


def curated_parties(known: r.Agreement, resolver: Resolver) -> frozenset[str]:
    """The curated treaty's parties, and the states that carry a party on (``successor_of``:
    Russia under the 1961 Soviet treaty)."""
    parties = set(known.parties)
    for record in resolver.curated:
        if isinstance(record, r.Actor) and parties & set(record.successor_of):
            parties.add(record.id)
    return frozenset(parties)


def within_curated(
    commitment: r.Commitment, known: r.Agreement, parties: frozenset[str]
) -> r.Commitment | None:
    """Curated membership wins over ATOP's dates (DESIGN §4): a pledge holds only between two
    curated parties (or their continuators), while both take part (from the later one's joining
    or the treaty's entry into force, to the earlier one's leaving or the treaty's end), never
    outliving its basis although ATOP ends in 2018. None where nothing is left."""
    if not {commitment.committer, commitment.beneficiary} <= parties:
        return None
    start, end = commitment.valid_from, commitment.valid_to
    start = later(start, known.date_of("entered_into_force"))
    for other in (known.date_of("expired"), known.date_of("terminated")):
        end = earlier(end, other)
    for actor in (commitment.committer, commitment.beneficiary):
        own = known.participation(actor)
        if own is not None:
            start, end = later(start, own.joined), earlier(end, own.left)
    if end is not None and start is not None and end.first_day <= start.first_day:
        return None  # never both parties while the treaty was in force
    if (start, end) == (commitment.valid_from, commitment.valid_to):
        return commitment
    return replace(commitment, valid_from=start, valid_to=end)


def later(a: PartialDate | None, b: PartialDate | None) -> PartialDate | None:
    if a is None or b is None:
        return a or b
    return a if a.first_day >= b.first_day else b


def earlier(a: PartialDate | None, b: PartialDate | None) -> PartialDate | None:
    if a is None or b is None:
        return a or b
    return a if a.first_day <= b.first_day else b
