"""``timeline``: what started, ended or happened for an actor, in date order, with sources.

The named query ``actor-timeline`` asks the same for a user's own SPARQL; this one opens every
branch with the actor (bound there, not in one VALUES block before a UNION) because Oxigraph
would otherwise read every dated statement of an imported store.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from pactgraph.ask.coverage import Scope, record_scope
from pactgraph.ask.evidence import Ref, Result, Source, dated, fetch_sources
from pactgraph.ask.names import Names
from pactgraph.errors import UsageError
from pactgraph.model.vocab import SPARQL_PREFIXES
from pactgraph.store.backends import Backend, select

# The actor's VALUES opens every branch, and each branch fetches its own labels: Oxigraph neither
# pushes a VALUES block into a UNION nor joins a pattern after one per row, so either way every
# commitment, transfer or label of an imported store was read (35 s, where this takes 30 ms).
# Each branch: the pattern (binding ?day, the first day, for ordering), what it is, the node that
# carries the date (and the evidence), and the date property (the date at its own precision).
# The BINDs come after every pattern: a pattern after a BIND is read on its own and joined
# (every dated statement of SIPRI, 0.8 s for one actor).
_BRANCHES = (
    (
        "?subject pg:participant|pg:about ?actor . ?subject a pg:Event ; pg:startDateDay ?day ;"
        " pg:eventType/skos:notation ?type .",
        'CONCAT("event: ", ?type)',
        "?subject",
        "startDate",
    ),
    (
        # A party that joined later (or continued another's place) did not sign.
        "?subject pg:party ?actor ; pg:signedOnDay ?day . FILTER NOT EXISTS {"
        " ?subject pg:hasParticipation ?own . ?own pg:participationOf ?actor ; pg:joinedOn ?j }",
        '"agreement signed"',
        "?subject",
        "signedOn",
    ),
    (
        "?subject pg:hasParticipation ?own ."
        " ?own pg:participationOf ?actor ; pg:joinedOnDay ?day .",
        'IF(EXISTS { ?own pg:continues ?prior }, "continued as party", "joined agreement")',
        "?own",
        "joinedOn",
    ),
    (
        "?subject pg:hasParticipation ?own . ?own pg:participationOf ?actor ; pg:leftOnDay ?day .",
        '"left agreement"',
        "?own",
        "leftOn",
    ),
    (
        "?subject pg:committer|pg:beneficiary ?actor . ?subject a pg:Commitment ;"
        " pg:validFromDay ?day .",
        '"commitment starts"',
        "?subject",
        "validFrom",
    ),
    (
        "?subject pg:committer|pg:beneficiary ?actor . ?subject a pg:Commitment ;"
        " pg:validToDay ?day .",
        '"commitment ends"',
        "?subject",
        "validTo",
    ),
    (
        "?subject pg:supplier|pg:recipient ?actor . ?subject a pg:Transfer ;"
        " pg:startDateDay ?day .",
        '"transfer starts"',
        "?subject",
        "startDate",
    ),
)
_TIMELINE = (
    SPARQL_PREFIXES
    + "SELECT ?actor ?day ?what ?subject ?label ?cited ?date ?approx ?uncertain WHERE {\n  "
    + "\n  UNION ".join(
        f"{{ VALUES ?actor {{ %s }} {pattern} ?subject rdfs:label ?label . {node} pg:{prop} ?date ."
        f" BIND({what} AS ?what) BIND({node} AS ?cited)"
        # Markers by BIND, not FILTER: Virtuoso 7 then ignores the FILTER NOT EXISTS of the
        # branch "agreement signed" (a state that joined later would be said to have signed).
        f' OPTIONAL {{ {node} pg:approximateDate pg:{prop} BIND("yes" AS ?approx) }}'
        f' OPTIONAL {{ {node} pg:uncertainDate pg:{prop} BIND("yes" AS ?uncertain) }} }}'
        for pattern, what, node, prop in _BRANCHES
    )
    + "\n}"
)


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
    record: Scope | None = None  # what the record answered from covers


def timeline(
    backend: Backend,
    *,
    actor: str,
    graphs: Sequence[str],
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Timeline:
    """Events, agreements, commitments and transfers that start or end for ``actor``."""
    check_period(start, end)
    who = Names(backend, graphs).resolve(actor, actors_only=True)
    found = timelines(backend, {who.iri: who.label}, graphs=graphs, start=start, end=end)[who.iri]
    return dataclasses.replace(found, record=record_scope(backend, graphs=graphs, target=who.iri))


def check_period(start: dt.date | None, end: dt.date | None) -> None:
    """Raise UsageError for a period that ends before it starts (it would answer "nothing")."""
    if start and end and start > end:
        raise UsageError(f"the period starts ({start}, --from) after it ends ({end}, --to)")


def timelines(
    backend: Backend,
    actors: dict[str, str],
    *,
    graphs: Sequence[str],
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> dict[str, Timeline]:
    """The timelines of several actors (IRI → label) in two queries (the HTML view's panel)."""
    rows = [
        row
        for row in select(backend, _TIMELINE, list(actors), graphs)
        if (start is None or dt.date.fromisoformat(row["day"].value) >= start)
        and (end is None or dt.date.fromisoformat(row["day"].value) <= end)
    ]
    evidence = fetch_sources(backend, sorted({row["cited"].value for row in rows}), graphs)
    by_actor: dict[str, set[tuple[str, ...]]] = {iri: set() for iri in actors}
    for row in rows:
        by_actor[row["actor"].value].add(
            (
                row["day"].value,
                row["what"].value,
                row["subject"].value,
                row["label"].value,
                row["cited"].value,
                dated(row["date"], row.get("approx"), row.get("uncertain")) or row["day"].value,
            )
        )
    return {
        iri: Timeline(
            actor=Ref.of(iri, actors),
            from_=start.isoformat() if start else None,
            to=end.isoformat() if end else None,
            entries=tuple(
                Entry(
                    date=date,
                    what=what,
                    id=Ref.of(subject, {}).id,
                    label=label,
                    sources=tuple(evidence.get(cited, [])[:1]),
                )
                for _, what, subject, label, cited, date in sorted(found)
            ),
        )
        for iri, found in by_actor.items()
    }
