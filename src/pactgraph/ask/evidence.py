"""The evidence behind every answer: sources with their quotes, and the readings of assessors.

Trace, explain, timeline and the HTML view all fetch evidence here, with one query, so that each
shows a statement's sources the same way (in the order the curator gave them: best first).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pactgraph.model.terms import Term
from pactgraph.model.vocab import SPARQL_PREFIXES, compact
from pactgraph.store.backends import Backend, select

# Sources in two steps: each statement's derivations, then the few documents they cite. One query
# joining both re-read a document's details for every quote: viz's 1,500 links took 3x as long.
_DERIVATIONS = (
    SPARQL_PREFIXES
    + """SELECT ?c ?d ?document ?quote ?locator WHERE {
  VALUES ?c { %s }
  ?c prov:qualifiedDerivation ?d . ?d prov:entity ?document ; pg:quote ?quote .
  OPTIONAL { ?d pg:locator ?locator }
}"""
)
_DOCUMENTS = (
    SPARQL_PREFIXES
    + """SELECT ?document ?title ?label ?publisher ?date ?date_approx ?date_uncertain ?url WHERE {
  VALUES ?document { %s }
  ?document a pg:Document .  # rdflib drops the OPTIONALs after a bare VALUES block
  OPTIONAL { ?document dcterms:title ?title }
  OPTIONAL { ?document rdfs:label ?label }
  OPTIONAL { ?document dcterms:publisher/rdfs:label ?publisher }
  OPTIONAL { ?document dcterms:issued ?date }
  OPTIONAL { ?document pg:approximateDate ?date_approx FILTER(?date_approx = dcterms:issued) }
  OPTIONAL { ?document pg:uncertainDate ?date_uncertain FILTER(?date_uncertain = dcterms:issued) }
  OPTIONAL { ?document schema:url ?url }
}"""
)


class Result:
    """A question's answer: a frozen dataclass that turns into DESIGN §6's JSON shapes.

    Fields named with a trailing underscore (``from_``) are keywords in Python; JSON drops the
    underscore.
    """

    def to_json(self) -> dict[str, Any]:
        value = _jsonable(self)
        assert isinstance(value, dict)
        return value


def _jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            field.name.rstrip("_"): _jsonable(getattr(value, field.name))
            for field in dataclasses.fields(value)
        }
    if isinstance(value, tuple | list):
        return [_jsonable(item) for item in value]
    return value


@dataclass(frozen=True)
class Ref(Result):
    """A node named in an answer: its CURIE and label."""

    id: str
    label: str

    @classmethod
    def of(cls, iri: str, labels: dict[str, str]) -> Ref:
        return cls(compact(iri), labels.get(iri, compact(iri)))


@dataclass(frozen=True)
class Source(Result):
    """One source of a statement, with the short quote that supports it."""

    title: str
    publisher: str | None
    date: str | None
    quote: str
    locator: str | None
    url: str | None

    def citation(self) -> str:
        """Publisher, title and date, as a footnote gives them."""
        return ", ".join(x for x in (self.publisher, self.title, self.date) if x)


@dataclass(frozen=True)
class Reading(Result):
    """An assessor's reading of a statement, and whether another reading disputes it."""

    by: str
    reading: str
    confidence: str
    contested: bool


def dated(value: Term | None, approx: Term | None, uncertain: Term | None) -> str | None:
    """A date literal at its own precision, with EDTF's ~ (approximate), ? (uncertain) or %.

    The markers are bound in OPTIONALs as the string "yes", read only for being there: Virtuoso 7
    drops a ``BIND(true AS ?x)`` inside an OPTIONAL inside a UNION branch (the timeline's), and
    answers ``true`` as the integer 1 elsewhere; a string is the same on every engine.
    """
    if value is None:
        return None
    suffix = {(True, True): "%", (True, False): "~", (False, True): "?"}.get(
        (approx is not None, uncertain is not None), ""
    )
    return value.value + suffix


def fetch_sources(
    backend: Backend, iris: Sequence[str], graphs: Sequence[str]
) -> dict[str, list[Source]]:
    """The sources of each statement, best first, by the statement's IRI."""
    rows = select(backend, _DERIVATIONS, sorted(set(iris)), graphs)
    documents: dict[str, dict[str, Term]] = {}
    for row in select(backend, _DOCUMENTS, sorted({r["document"].value for r in rows}), graphs):
        documents.setdefault(row["document"].value, row)
    found: dict[str, list[Source]] = {}
    for row in sorted(rows, key=_evidence_order):
        merged = {**documents.get(row["document"].value, {}), **row}
        found.setdefault(row["c"].value, []).append(_source(merged))
    return found


def _evidence_order(row: dict[str, Term]) -> tuple[str, int, str]:
    prefix, _, number = row["d"].value.rpartition("/evidence/")
    return prefix, int(number) if number.isdigit() else 0, row["d"].value


def _source(row: dict[str, Term]) -> Source:
    def text(key: str) -> str | None:
        return row[key].value if key in row else None

    return Source(
        title=(row.get("title") or row.get("label") or row["document"]).value,
        publisher=text("publisher"),
        date=dated(row.get("date"), row.get("date_approx"), row.get("date_uncertain")),
        quote=row["quote"].value,
        locator=text("locator"),
        url=text("url"),
    )
