"""Curated membership bounds imported pledges: parties, their own dates, the treaty's force."""

from __future__ import annotations

from pactgraph.importers.membership import within_curated
from pactgraph.model import records as r
from pactgraph.model.dates import PartialDate


def day(text: str) -> PartialDate:
    return PartialDate.parse(text)


TREATY = r.Agreement(
    id="agreement/pact",
    kind="treaty",
    parties=("state/AAA", "state/BBB", "state/CCC"),
    status="in_force",
    dates=(
        r.DateClaim("signed", day("1949-04-04")),
        r.DateClaim("entered_into_force", day("1949-08-24")),
    ),
    participations=(
        r.Participation("state/CCC", joined=day("1999-03-12")),
        r.Participation("state/BBB", left=day("2020-01-31")),
    ),
)
PARTIES = frozenset(TREATY.parties)


def pledge(committer: str, beneficiary: str, start: str, end: str | None) -> r.Commitment:
    return r.Commitment(
        id="commitment/atop",
        committer=committer,
        beneficiary=beneficiary,
        obligation="defense",
        basis=TREATY.id,
        valid_from=day(start),
        valid_to=day(end) if end else None,
    )


def span(found: r.Commitment | None) -> tuple[str | None, str | None] | None:
    if found is None:
        return None
    return (
        str(found.valid_from) if found.valid_from else None,
        str(found.valid_to) if found.valid_to else None,
    )


def test_an_imported_pledge_starts_when_the_later_party_joined() -> None:
    # ATOP dates the newcomer's entry to its accession protocol (1997-12-16).
    found = within_curated(pledge("state/AAA", "state/CCC", "1997-12-16", None), TREATY, PARTIES)
    assert span(found) == ("1999-03-12", None)


def test_an_imported_pledge_ends_when_a_party_left() -> None:
    found = within_curated(pledge("state/AAA", "state/BBB", "1949-04-04", None), TREATY, PARTIES)
    # Not before the treaty's entry into force either.
    assert span(found) == ("1949-08-24", "2020-01-31")


def test_nothing_is_left_where_the_parties_never_overlapped() -> None:
    found = within_curated(
        pledge("state/BBB", "state/CCC", "1997-12-16", "1998-12-31"), TREATY, PARTIES
    )
    assert found is None


def test_a_pledge_to_a_state_the_curated_treaty_does_not_list_is_dropped() -> None:
    found = within_curated(pledge("state/AAA", "state/DDD", "1950-01-01", None), TREATY, PARTIES)
    assert found is None
    kept = within_curated(
        pledge("state/AAA", "state/DDD", "1950-01-01", None), TREATY, PARTIES | {"state/DDD"}
    )
    assert span(kept) == ("1950-01-01", None)


def test_a_pledge_within_every_bound_is_returned_unchanged() -> None:
    inside = pledge("state/AAA", "state/CCC", "2000-01-01", "2010-01-01")
    assert within_curated(inside, TREATY, PARTIES) is inside
