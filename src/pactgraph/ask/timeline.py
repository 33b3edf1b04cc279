"""``timeline``: what started, ended or happened for an actor, in date order, with sources.

The rows come from the named query ``actor-timeline`` (queries/actor-timeline.rq), so the command
and the query a user runs by name answer the same.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from pactgraph.ask.evidence import Ref, Result, Source, fetch_sources
from pactgraph.ask.names import Names, labels_for
from pactgraph.ask.queries import get_query, run
from pactgraph.store.backends import Backend, Solutions


@dataclass(frozen=True)
class Entry(Result):
    """One dated line of a timeline, with its first source."""

    date: str
    what: str
    id: str
    label: str
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Timeline(Result):
    actor: Ref
    from_: str | None
    to: str | None
    entries: tuple[Entry, ...]


def timeline(
    backend: Backend,
    *,
    actor: str,
    graphs: Sequence[str],
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Timeline:
    """Events, agreements, commitments and transfers that start or end for ``actor``."""
    who = Names(backend, graphs).resolve(actor, actors_only=True)
    answer = run(get_query("actor-timeline"), {"actor": who.iri}, backend=backend, graphs=graphs)
    assert isinstance(answer, Solutions)
    rows = {
        (
            row["day"].value,
            "event: " + row["type"].value if "type" in row else row["what"].value,
            row["subject"].value,
        )
        for row in answer.dicts()
        if (start is None or dt.date.fromisoformat(row["day"].value) >= start)
        and (end is None or dt.date.fromisoformat(row["day"].value) <= end)
    }
    subjects = sorted({subject for _, _, subject in rows})
    labels = labels_for(backend, subjects, graphs)
    evidence = fetch_sources(backend, subjects, graphs)
    entries = sorted(
        (day, what, subject, labels.get(subject, subject))
        for day, what, subject in rows
        if subject in labels
    )
    return Timeline(
        actor=Ref.of(who.iri, {who.iri: who.label}),
        from_=start.isoformat() if start else None,
        to=end.isoformat() if end else None,
        entries=tuple(
            Entry(
                date=day,
                what=what,
                id=Ref.of(subject, labels).id,
                label=label,
                sources=tuple(evidence.get(subject, [])[:1]),
            )
            for day, what, subject, label in entries
        ),
    )
