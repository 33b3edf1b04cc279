"""Who is committed to an actor, on a date, on what terms, and how we know (DESIGN §6).

A commitment is *in force* on D when its validity contains D (start inclusive, end exclusive; a date
known to a month or year counts from its first day). Before it enters into force, a commitment whose
basis was signed on or before D is ``signed``; after its end it is ``expired`` or ``terminated``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .backends import Backend, select
from .names import Names, compact
from .records import PartialDate
from .report import dated, describe
from .terms import Term

PREFIXES = """PREFIX pg: <https://w3id.org/pactgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
"""

_CORE = (
    PREFIXES
    + """SELECT ?c ?committer ?beneficiary ?obligation ?modality ?basis
       ?from_day ?to_day ?signed_day ?expired ?terminated
       ?from_approx ?from_uncertain ?to_approx ?to_uncertain ?from ?to ?succeeded
WHERE { VALUES ?beneficiary { %s }
  ?c a pg:Commitment ; pg:beneficiary ?beneficiary ; pg:committer ?committer ;
     pg:obligationType/skos:notation ?obligation ; pg:modality/skos:notation ?modality .
  OPTIONAL { ?c pg:basis ?basis
             OPTIONAL { ?basis pg:signedOnDay ?signed_day }
             OPTIONAL { ?basis pg:expiredOn ?expired }
             OPTIONAL { ?basis pg:terminatedOn ?terminated } }
  # One pattern per OPTIONAL: Oxigraph then joins them per commitment, instead of first
  # collecting every commitment's dates in the store (1.2 s rather than 10 ms with imports).
  OPTIONAL { ?c pg:validFrom ?from } OPTIONAL { ?c pg:validFromDay ?from_day }
  OPTIONAL { ?c pg:validTo ?to } OPTIONAL { ?c pg:validToDay ?to_day }
  OPTIONAL { ?c pg:approximateDate pg:validFrom BIND(true AS ?from_approx) }
  OPTIONAL { ?c pg:uncertainDate pg:validFrom BIND(true AS ?from_uncertain) }
  OPTIONAL { ?c pg:approximateDate pg:validTo BIND(true AS ?to_approx) }
  OPTIONAL { ?c pg:uncertainDate pg:validTo BIND(true AS ?to_uncertain) }
  OPTIONAL { ?c pg:succeededBy ?succeeded }
}"""
)

# What the sources of a commitment (and of its basis) vouch for: a dataset up to its coverage end,
# a curated source up to its date of issue.
_COVERAGE = (
    PREFIXES
    + """SELECT ?c ?document ?coverage ?issued WHERE {
  VALUES ?c { %s }
  { ?c prov:wasDerivedFrom ?document } UNION { ?c pg:basis/prov:wasDerivedFrom ?document }
  OPTIONAL { ?document pg:coverageEnd ?coverage }
  OPTIONAL { ?document dcterms:issued ?issued }
}"""
)

_DETAILS = (
    PREFIXES
    + """SELECT ?c ?article ?condition ?note ?trigger ?scope WHERE {
  VALUES ?c { %s }
  { ?c pg:basisArticle/rdfs:label ?article }
  UNION { ?c pg:hasCondition ?cond . ?cond pg:conditionType/rdfs:label ?condition
          OPTIONAL { ?cond rdfs:comment ?note } }
  UNION { ?c pg:trigger ?trigger } UNION { ?c pg:scope ?scope }
}"""
)

SOURCES = (
    PREFIXES
    + """SELECT ?c ?d ?document ?title ?label ?publisher ?date ?date_approx ?date_uncertain
       ?quote ?locator ?url WHERE {
  VALUES ?c { %s }
  ?c prov:qualifiedDerivation ?d . ?d prov:entity ?document ; pg:quote ?quote .
  OPTIONAL { ?d pg:locator ?locator }
  OPTIONAL { ?document dcterms:title ?title }
  OPTIONAL { ?document rdfs:label ?label }
  OPTIONAL { ?document dcterms:publisher/rdfs:label ?publisher }
  OPTIONAL { ?document dcterms:issued ?date }
  OPTIONAL { ?document pg:approximateDate dcterms:issued BIND(true AS ?date_approx) }
  OPTIONAL { ?document pg:uncertainDate dcterms:issued BIND(true AS ?date_uncertain) }
  OPTIONAL { ?document schema:url ?url }
}"""
)

_ASSESSMENTS = (
    PREFIXES
    + """SELECT ?c ?a ?reading ?confidence ?holder ?stated_in ?contested WHERE {
  VALUES ?c { %s }
  ?a pg:about ?c ; pg:reading ?reading ; pg:confidence/skos:notation ?confidence .
  OPTIONAL { ?a pg:heldBy/rdfs:label ?holder }
  OPTIONAL { ?a pg:statedIn ?stated_in }
  OPTIONAL { { ?a pg:disputes ?other } UNION { ?other pg:disputes ?a } BIND(true AS ?contested) }
}"""
)


class TraceError(ValueError):
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
) -> dict[str, Any]:
    """The answer as DESIGN §6's JSON object; actors may be given by any name or code."""
    from .vocab import CONCEPT_SCHEMES

    if obligation != "any" and obligation not in CONCEPT_SCHEMES["obligation"]:
        raise TraceError(
            f"unknown obligation '{obligation}' (choose any or one of: "
            f"{', '.join(CONCEPT_SCHEMES['obligation'])})"
        )
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
    return {
        "target": {"id": compact(who.iri), "label": who.label},
        "as_of": day.isoformat(),
        "obligation": obligation,
        # Unconfirmed ones in their own group, after the confirmed ones (DESIGN §6).
        "commitments": sorted(
            describe(
                backend,
                direct + indirect,
                graphs=graphs,
                details=(_DETAILS, SOURCES, _ASSESSMENTS),
            ),
            key=lambda entry: (bool(entry["via"]), entry["status"] == "unconfirmed"),
        ),
    }
