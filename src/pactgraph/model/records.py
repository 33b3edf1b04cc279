"""Typed records: what the curated YAML (and, later, the importers) say, before it is RDF.

Records hold record ids (``"state/PRK"``), not IRIs; :mod:`pactgraph.triples` turns them into RDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pactgraph.model.dates import PartialDate


@dataclass(frozen=True)
class Origin:
    """Where a record or a field was written: file and 1-based line."""

    path: Path
    line: int


@dataclass(frozen=True)
class Evidence:
    """A source document and the short verbatim quote in it that supports a statement."""

    document: str
    quote: str
    locator: str | None = None


@dataclass(frozen=True)
class DateClaim:
    """One source's date for an agreement event; several claims for one event are a dispute."""

    event: str
    date: PartialDate
    preferred: bool = True
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Article:
    number: str
    text: str | None = None
    title: str | None = None
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Phase:
    """A period of an agreement with one membership and set of obligations (ATOP's phases)."""

    number: int
    start: PartialDate | None = None
    end: PartialDate | None = None


@dataclass(frozen=True)
class Participation:
    """A party's own dates in a multilateral agreement: it joined later, or left (or both)."""

    actor: str
    joined: PartialDate | None = None
    left: PartialDate | None = None
    continues: str | None = None  # the party whose place it took (a continuator state)
    evidence: tuple[Evidence, ...] = ()
    origin: Origin | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Condition:
    kind: str
    note: str | None = None
    target: str | None = None


@dataclass(frozen=True, kw_only=True)
class Pledge:
    """An obligation an agreement declares once (DESIGN §4): every party to every other
    (``among_parties``), or from some parties to others. The loader derives one directed
    commitment per ordered pair (:mod:`pactgraph.load.pledges`)."""

    obligation: str
    among_parties: bool = False
    committers: tuple[str, ...] = ()
    beneficiaries: tuple[str, ...] = ()
    modality: str = "binding"
    article: str | None = None
    trigger: str | None = None
    scope: str | None = None
    conditions: tuple[Condition, ...] = ()
    valid_from: PartialDate | None = None
    valid_to: PartialDate | None = None
    evidence: tuple[Evidence, ...] = ()
    origin: Origin | None = field(default=None, compare=False)


@dataclass(frozen=True, kw_only=True)
class Record:
    id: str
    label: str | None = None
    description: str | None = None
    aliases: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    origin: Origin | None = field(default=None, compare=False)


@dataclass(frozen=True, kw_only=True)
class Actor(Record):
    kind: str
    wikidata: str | None = None
    cow_code: int | None = None
    sipri_name: str | None = None
    successor_of: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Document(Record):
    kind: str
    title: str | None = None
    publisher: str | None = None
    authors: tuple[str, ...] = ()
    date: PartialDate | None = None
    url: str | None = None
    license: str | None = None
    citation: str | None = None
    coverage_end: PartialDate | None = None  # a dataset's last day covered


@dataclass(frozen=True, kw_only=True)
class Agreement(Record):
    kind: str
    parties: tuple[str, ...]
    status: str
    dates: tuple[DateClaim, ...] = ()
    articles: tuple[Article, ...] = ()
    wikidata: str | None = None
    atop_id: int | None = None
    predecessor: str | None = None
    phases: tuple[Phase, ...] = ()
    secret: bool | None = None
    participations: tuple[Participation, ...] = ()
    obligations: tuple[Pledge, ...] = ()

    def participation(self, actor: str) -> Participation | None:
        """The party's own dates, where it joined later or left."""
        for item in self.participations:
            if item.actor == actor:
                return item
        return None

    def date_of(self, event: str) -> PartialDate | None:
        """The preferred date of an event (``"entered_into_force"``…), if recorded."""
        for claim in self.dates:
            if claim.event == event and claim.preferred:
                return claim.date
        return None


@dataclass(frozen=True, kw_only=True)
class Commitment(Record):
    committer: str
    beneficiary: str
    obligation: str
    modality: str = "binding"
    basis: str | None = None
    article: str | None = None
    trigger: str | None = None
    scope: str | None = None
    conditions: tuple[Condition, ...] = ()
    valid_from: PartialDate | None = None
    valid_to: PartialDate | None = None
    phase: int | None = None
    derived: bool = False  # made by the loader from an agreement's ``obligations``


@dataclass(frozen=True, kw_only=True)
class Capability(Record):
    kind: str
    developer: tuple[str, ...] = ()
    resembles: tuple[str, ...] = ()
    variant_of: tuple[str, ...] = ()
    component_of: tuple[str, ...] = ()
    manufactured_in: tuple[str, ...] = ()
    wikidata: str | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None


@dataclass(frozen=True, kw_only=True)
class Transfer(Record):
    supplier: str | None  # None: the supplier is unknown
    recipient: str
    items: tuple[str, ...]
    kind: str
    status: str
    basis: str | None = None
    quantity: str | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    # What SIPRI's register adds; curated transfers leave these out.
    ordered: int | None = None
    delivered: int | None = None
    delivery_years: str | None = None
    tiv_per_unit: str | None = None
    tiv_total_order: str | None = None
    tiv_delivered: str | None = None
    condition: str | None = None
    source_id: str | None = None
    estimated: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Event(Record):
    kind: str
    start: PartialDate
    end: PartialDate | None = None
    participants: tuple[str, ...] = ()
    about: tuple[str, ...] = ()
    location: str | None = None


@dataclass(frozen=True, kw_only=True)
class Assessment(Record):
    holders: tuple[str, ...]
    reading: str
    confidence: str = "unstated"
    about: tuple[str, ...] = ()
    disputes: tuple[str, ...] = ()
    stated_in: str | None = None
    date: PartialDate | None = None


@dataclass(frozen=True, kw_only=True)
class Affiliation(Record):
    subject: str
    role: str
    object: str
    valid_from: PartialDate | None = None
    valid_to: PartialDate | None = None


AnyRecord = (
    Actor
    | Document
    | Agreement
    | Commitment
    | Capability
    | Transfer
    | Event
    | Assessment
    | Affiliation
)
