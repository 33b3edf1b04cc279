"""Commitments toward actors on a date: the one place the "in force on D" rule is applied.

A commitment is *in force* on D when its validity contains D (start inclusive, end exclusive; a date
known to a month or year counts from its first day). Before it enters into force, a commitment whose
basis was signed on or before D, and was not yet in force, is ``signed``; after its end it is
``expired`` or ``terminated``. One that starts after D under an agreement already in force on D
did not exist yet: a party that joined later (Finland's Article 5 pledges under the 1949 treaty),
or a continuator (Russia's under the 1961 Soviet treaty, from 26 December 1991).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from pactgraph.ask.evidence import dated
from pactgraph.errors import UsageError
from pactgraph.model.dates import PartialDate
from pactgraph.model.terms import Term
from pactgraph.model.vocab import CONCEPT_SCHEMES, SPARQL_PREFIXES
from pactgraph.store.backends import Backend, select

_CORE = (
    SPARQL_PREFIXES
    + """SELECT ?c ?committer ?beneficiary ?obligation ?modality ?basis
       ?from_day ?to_day ?signed_day ?in_force ?expired ?terminated
       ?from_approx ?from_uncertain ?to_approx ?to_uncertain ?from ?to ?succeeded
WHERE { VALUES ?beneficiary { %s }
  ?c a pg:Commitment ; pg:beneficiary ?beneficiary ; pg:committer ?committer ;
     pg:obligationType/skos:notation ?obligation ; pg:modality/skos:notation ?modality .
  OPTIONAL { ?c pg:basis ?basis
             OPTIONAL { ?basis pg:signedOnDay ?signed_day }
             OPTIONAL { ?basis pg:enteredIntoForceOn ?in_force }
             OPTIONAL { ?basis pg:expiredOn ?expired }
             OPTIONAL { ?basis pg:terminatedOn ?terminated } }
  # One pattern per OPTIONAL: Oxigraph then joins them per commitment, instead of first
  # collecting every commitment's dates in the store (1.2 s rather than 10 ms with imports).
  OPTIONAL { ?c pg:validFrom ?from } OPTIONAL { ?c pg:validFromDay ?from_day }
  OPTIONAL { ?c pg:validTo ?to } OPTIONAL { ?c pg:validToDay ?to_day }
  OPTIONAL { ?c pg:approximateDate ?from_approx FILTER(?from_approx = pg:validFrom) }
  OPTIONAL { ?c pg:uncertainDate ?from_uncertain FILTER(?from_uncertain = pg:validFrom) }
  OPTIONAL { ?c pg:approximateDate ?to_approx FILTER(?to_approx = pg:validTo) }
  OPTIONAL { ?c pg:uncertainDate ?to_uncertain FILTER(?to_uncertain = pg:validTo) }
  OPTIONAL { ?c pg:succeededBy ?succeeded }
}"""
)

# What the sources of a commitment (and of its basis) vouch for: a dataset up to its coverage end,
# a curated source up to its date of issue.
_COVERAGE = (
    SPARQL_PREFIXES
    + """SELECT ?c ?document ?coverage ?issued WHERE {
  VALUES ?c { %s }
  { ?c prov:wasDerivedFrom ?document } UNION { ?c pg:basis/prov:wasDerivedFrom ?document }
  OPTIONAL { ?document pg:coverageEnd ?coverage }
  OPTIONAL { ?document dcterms:issued ?issued }
}"""
)


class TraceError(UsageError):
    """A trace that cannot be asked as given (a bad obligation or depth)."""


@dataclass
class Link:
    """One commitment found by the trace, with the status it has on the date asked about."""

    iri: str
    committer: str
    beneficiary: str
    obligation: str
    modality: str
    basis: str | None
    status: str
    valid_from: str | None
    valid_to: str | None
    via: list[Link] = field(default_factory=list)
    confirmed_until: str | None = None


def status_on(row: dict[str, Term], day: dt.date) -> str | None:
    """The commitment's status on ``day``, or None when it did not exist yet."""
    start = dt.date.fromisoformat(row["from_day"].value) if "from_day" in row else None
    end = dt.date.fromisoformat(row["to_day"].value) if "to_day" in row else None
    if end is not None and day >= end:
        # Ended with its agreement's expiry, or otherwise (terminated, replaced, a party gone),
        # or passed to a continuator state.
        if "succeeded" in row:
            return "succeeded"
        expired = row.get("expired")
        return "expired" if expired is not None and expired == row.get("to") else "terminated"
    if start is not None and start <= day:
        return "in_force"
    in_force = row.get("in_force")
    if in_force is not None and PartialDate.parse(in_force.value).last_day <= day:
        return None  # its agreement was in force without it: a later party, or a continuator
    signed = row.get("signed_day")
    if signed is not None and dt.date.fromisoformat(signed.value) <= day:
        return "signed"
    return None


ACTIVE = ("in_force", "unconfirmed")


def confirmed_until(
    backend: Backend, commitments: Sequence[str], graphs: Sequence[str]
) -> dict[str, PartialDate]:
    """The last date the sources of each commitment vouch for it, for those known from a dataset
    whose coverage ends (ATOP, SIPRI) and not confirmed by a curated source dated after that end;
    commitments a curated source keeps current are left out."""
    coverage: dict[str, PartialDate] = {}
    curated: dict[str, list[PartialDate]] = {}
    if not commitments:
        return {}
    for row in select(backend, _COVERAGE, list(commitments), graphs):
        key = row["c"].value
        if "coverage" in row:
            end = PartialDate.parse(row["coverage"].value)
            if key not in coverage or end.last_day > coverage[key].last_day:
                coverage[key] = end
        elif "issued" in row:
            curated.setdefault(key, []).append(PartialDate.parse(row["issued"].value))
    return {
        key: end
        for key, end in coverage.items()
        if not any(date.first_day > end.last_day for date in curated.get(key, ()))
    }


def find_links(
    backend: Backend,
    *,
    targets: Sequence[str],
    obligation: str,
    day: dt.date,
    include_inactive: bool,
    graphs: Sequence[str],
) -> list[Link]:
    """Commitments toward any of ``targets`` with the given obligation (or ``any``)."""
    rows: dict[str, dict[str, Term]] = {}
    for row in select(backend, _CORE, targets, graphs):
        if obligation != "any" and row["obligation"].value != obligation:
            continue
        rows.setdefault(row["c"].value, row)  # one row per commitment (several successors)
    vouched = confirmed_until(backend, sorted(rows), graphs)
    links = []
    for row in rows.values():
        status = status_on(row, day)
        until = vouched.get(row["c"].value)
        if status == "in_force" and until is not None and day > until.last_day:
            status = "unconfirmed"  # in force when its sources end, not confirmed since
        if status is None or (status not in ACTIVE and not include_inactive):
            continue
        links.append(
            Link(
                iri=row["c"].value,
                committer=row["committer"].value,
                beneficiary=row["beneficiary"].value,
                obligation=row["obligation"].value,
                modality=row["modality"].value,
                basis=row["basis"].value if "basis" in row else None,
                status=status,
                valid_from=dated(
                    row.get("from"), row.get("from_approx"), row.get("from_uncertain")
                ),
                valid_to=dated(row.get("to"), row.get("to_approx"), row.get("to_uncertain")),
                confirmed_until=str(until) if until is not None else None,
            )
        )
    return sorted(links, key=lambda link: (link.committer, link.basis or "", link.iri))


def chains(
    backend: Backend,
    *,
    target: str,
    obligation: str,
    day: dt.date,
    depth: int,
    include_inactive: bool,
    graphs: Sequence[str],
) -> tuple[list[Link], list[Link]]:
    """Direct links to ``target``, and indirect ones up to ``depth`` hops, each with its ``via``."""
    if depth < 1:
        raise TraceError("--depth must be 1 or more")
    direct = find_links(
        backend,
        targets=[target],
        obligation=obligation,
        day=day,
        include_inactive=include_inactive,
        graphs=graphs,
    )
    indirect: list[Link] = []
    frontier = [link for link in direct if link.status == "in_force"]
    for _ in range(depth - 1):
        by_beneficiary: dict[str, list[Link]] = {}
        for link in frontier:
            by_beneficiary.setdefault(link.committer, []).append(link)
        found = find_links(
            backend,
            targets=list(by_beneficiary),
            obligation=obligation,
            day=day,
            include_inactive=False,
            graphs=graphs,
        )
        frontier = []
        for link in found:
            for onward in by_beneficiary[link.beneficiary]:
                seen = {onward.committer, onward.beneficiary, *(v.committer for v in onward.via)}
                if link.committer in seen or link.committer == target:
                    continue  # a chain back through itself says nothing new
                chained = Link(**{**link.__dict__, "via": [onward, *onward.via]})
                indirect.append(chained)
                frontier.append(chained)
    return direct, indirect


def check_obligation(obligation: str, *, allow_any: bool = True) -> str:
    """An obligation type the ontology knows (or ``any``); every command checks it here."""
    known = list(CONCEPT_SCHEMES["obligation"])
    if (allow_any and obligation == "any") or obligation in known:
        return obligation
    choices = (["any"] if allow_any else []) + known
    raise TraceError(f"unknown obligation '{obligation}' (choose one of: {', '.join(choices)})")
