"""Who is committed to an actor, on a date, on what terms, and how we know (DESIGN §6)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from pactgraph.ask.commitments import Link, chains, check_obligation
from pactgraph.ask.coverage import ATOP_HINT, Scope, record_scope
from pactgraph.ask.evidence import Reading, Ref, Result, Source, fetch_sources
from pactgraph.ask.names import Names, labels_for
from pactgraph.model.terms import Term
from pactgraph.model.vocab import SPARQL_PREFIXES
from pactgraph.store.backends import Backend, select

_DETAILS = (
    SPARQL_PREFIXES
    + """SELECT ?c ?article ?condition ?note ?trigger ?scope WHERE {
  VALUES ?c { %s }
  { ?c pg:basisArticle/rdfs:label ?article }
  UNION { ?c pg:hasCondition ?cond . ?cond pg:conditionType/rdfs:label ?condition
          OPTIONAL { ?cond rdfs:comment ?note } }
  UNION { ?c pg:trigger ?trigger } UNION { ?c pg:scope ?scope }
}"""
)

_ASSESSMENTS = (
    SPARQL_PREFIXES
    + """SELECT ?c ?a ?reading ?confidence ?holder ?stated_in ?contested WHERE {
  VALUES ?c { %s }
  ?a pg:about ?c ; pg:reading ?reading ; pg:confidence/skos:notation ?confidence .
  OPTIONAL { ?a pg:heldBy/rdfs:label ?holder }
  OPTIONAL { ?a pg:statedIn ?stated_in }
  OPTIONAL { { ?a pg:disputes ?other } UNION { ?other pg:disputes ?a } BIND("yes" AS ?contested) }
}"""
)


@dataclass(frozen=True)
class Commitment(Result):
    """One commitment in a trace's answer (DESIGN §6), with its evidence merged."""

    committer: Ref
    beneficiary: Ref
    obligation: str
    modality: str
    status: str
    agreement: Ref | None
    article: str | None
    valid_from: str | None
    valid_to: str | None
    confirmed_until: str | None
    conditions: tuple[str, ...]
    assessments: tuple[Reading, ...]
    sources: tuple[Source, ...]
    via: tuple[Commitment, ...]


@dataclass(frozen=True)
class Trace(Result):
    """Who is committed to ``target`` on ``as_of``: DESIGN §6's JSON object."""

    target: Ref
    as_of: str
    obligation: str
    commitments: tuple[Commitment, ...]
    record: Scope | None = None  # what the record answered from covers


def trace(
    backend: Backend,
    *,
    target: str,
    committer: str | None = None,
    obligation: str = "defense",
    as_of: dt.date | None = None,
    include_inactive: bool = False,
    depth: int = 1,
    graphs: Sequence[str],
) -> Trace:
    """Who is committed to ``target``; actors may be given by any name or code."""
    check_obligation(obligation)
    names = Names(backend, graphs)
    who = names.resolve(target, actors_only=True)
    source = names.resolve(committer, actors_only=True).iri if committer else None
    day = as_of or dt.date.today()
    direct, indirect = chains(
        backend,
        target=who.iri,
        obligation=obligation,
        day=day,
        depth=depth,
        include_inactive=include_inactive,
        graphs=graphs,
    )
    if source is not None:
        direct = [link for link in direct if link.committer == source]
        indirect = [link for link in indirect if link.committer == source]
    return Trace(
        target=Ref.of(who.iri, {who.iri: who.label}),
        as_of=day.isoformat(),
        obligation=obligation,
        # Unconfirmed ones in their own group, after the confirmed ones (DESIGN §6).
        commitments=tuple(
            sorted(
                describe(backend, direct + indirect, graphs=graphs),
                key=lambda entry: (bool(entry.via), entry.status == "unconfirmed"),
            )
        ),
        record=_record(
            backend, graphs=graphs, target=who.iri, found=bool(direct), every=include_inactive
        ),
    )


def _record(
    backend: Backend, *, graphs: Sequence[str], target: str, found: bool, every: bool
) -> Scope:
    """The record's line; where nothing answers and nothing is imported, what else to try."""
    scope = record_scope(backend, graphs=graphs, target=None if found else target)
    if found or scope.hint or scope.datasets or every:
        return scope
    # Curated commitments name the actor, but none is in force here: "none recorded" alone
    # would read as "none exist" (Kenya's 1964 pact with Ethiopia is curated as signed only).
    return dataclasses.replace(
        scope,
        hint="Nothing curated is in force here; --include-inactive adds what is signed, "
        f"ended or unconfirmed, and {ATOP_HINT}",
    )


_RANK = {"in_force": 3, "unconfirmed": 2, "signed": 1}


def describe(
    backend: Backend, links: Sequence[Link], *, graphs: Sequence[str], merge: bool = True
) -> tuple[Commitment, ...]:
    """One commitment per committer, basis and obligation (and chain), with evidence merged
    (several sources, a dataset's row and a curated record, for one pledge); without
    ``merge``, one per link, in the order given (the HTML view describes each edge)."""
    every = sorted({link.iri for link in links} | {v.iri for link in links for v in link.via})
    articles: dict[str, str] = {}
    conditions: dict[str, set[str]] = {}
    for row in select(backend, _DETAILS, every, graphs):
        if "article" in row:
            articles[row["c"].value] = row["article"].value
        if "condition" in row:
            note = row.get("note")
            text = row["condition"].value + (f": {note.value}" if note else "")
            conditions.setdefault(row["c"].value, set()).add(text)
    sources = fetch_sources(backend, every, graphs)
    found = readings(backend, every, graphs)
    chained = [*links, *(v for link in links for v in link.via)]
    named = [iri for link in chained for iri in (link.committer, link.beneficiary, link.basis)]
    labels = labels_for(backend, [iri for iri in named if iri], graphs)

    def one(link: Link) -> Commitment:
        return Commitment(
            committer=Ref.of(link.committer, labels),
            beneficiary=Ref.of(link.beneficiary, labels),
            obligation=link.obligation,
            modality=link.modality,
            status=link.status,
            agreement=Ref.of(link.basis, labels) if link.basis else None,
            article=articles.get(link.iri),
            valid_from=link.valid_from,
            valid_to=link.valid_to,
            confirmed_until=link.confirmed_until,
            conditions=tuple(sorted(conditions.get(link.iri, ()))),
            assessments=tuple(found.get(link.iri, ())),
            sources=tuple(sources.get(link.iri, ())),
            via=tuple(one(v) for v in link.via),
        )

    if not merge:
        return tuple(one(link) for link in links)
    merged: dict[tuple[str, ...], Commitment] = {}
    for link in links:
        # Never merged across obligations: under ``any`` each obligation is its own row.
        key = (link.committer, link.basis or link.iri, link.obligation, *(v.iri for v in link.via))
        if key in merged:
            other, known = one(link), merged[key].sources
            extra = tuple(s for s in other.sources if s not in known)
            merged[key] = dataclasses.replace(merged[key], sources=known + extra)
            if _RANK.get(other.status, 0) > _RANK.get(merged[key].status, 0):
                # The more current record speaks for the pledge: a curated source keeps current
                # what a dataset alone could not; a dataset's pledge in effect outranks a curated
                # treaty with no entry into force on record.
                merged[key] = dataclasses.replace(
                    merged[key],
                    status=other.status,
                    valid_from=other.valid_from,
                    valid_to=other.valid_to,
                    confirmed_until=other.confirmed_until,
                )
        else:
            merged[key] = one(link)
    return tuple(merged.values())


def readings(
    backend: Backend, iris: Sequence[str], graphs: Sequence[str]
) -> dict[str, list[Reading]]:
    """The readings about each statement (commitment, transfer, agreement, actor, capability),
    in assessment order, their holders joined."""
    found: dict[str, dict[str, tuple[set[str], Term, Term, bool]]] = {}
    for row in select(backend, _ASSESSMENTS, iris, graphs):
        held = row["holder"].value if "holder" in row else "unattributed"
        by_assessment = found.setdefault(row["c"].value, {})
        holders, reading, confidence, contested = by_assessment.get(
            row["a"].value, (set(), row["reading"], row["confidence"], False)
        )
        holders.add(held)
        by_assessment[row["a"].value] = (
            holders,
            reading,
            confidence,
            contested or "contested" in row,
        )
    return {
        iri: [
            Reading(", ".join(sorted(h)), r.value, c.value, contested)
            for _, (h, r, c, contested) in sorted(by_assessment.items())
        ]
        for iri, by_assessment in found.items()
    }
