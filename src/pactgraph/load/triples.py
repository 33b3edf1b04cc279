"""Records to RDF triples: pure and deterministic (no blank nodes, no clocks, no randomness)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from pactgraph.model import records as r
from pactgraph.model import vocab
from pactgraph.model.dates import PartialDate

PG = Namespace(vocab.ONTOLOGY)
PROV = Namespace(vocab.PROV)
DCTERMS = Namespace(vocab.DCTERMS)
SKOS = Namespace(vocab.SKOS)
SCHEMA = Namespace(vocab.SCHEMA)

Triple = tuple[Node, Node, Node]

# States without an ISO 3166 code (e.g. historical ones imported by COW code) have other slugs.
_ISO_CODE = re.compile(r"^state/[A-Z]{3}$")

_DATATYPES = {"year": XSD.gYear, "month": XSD.gYearMonth, "day": XSD.date}
# Dates of mixed precision do not compare in SPARQL; these get an xsd:date companion holding the
# first day of their period, which is what "in force on D" and timelines compare.
_DAY_COMPANIONS = {"validFrom", "validTo", "startDate", "endDate", "signedOn", "joinedOn", "leftOn"}
_ROLE_SHORTCUTS = {
    "member_of": PG.memberOf,
    "leader_of": PG.leaderOf,
    "part_of": PG.partOf,
    "affiliated_with": PG.affiliatedWith,
}


def iri(record_id: str) -> URIRef:
    return URIRef(vocab.instance(record_id))


def concept(scheme: str, key: str) -> URIRef:
    return URIRef(vocab.concept(scheme, key))


def date_literal(date: PartialDate) -> Literal:
    return Literal(date.text, datatype=_DATATYPES[date.precision])


def records_to_graph(records: Iterable[r.AnyRecord]) -> Graph:
    """The RDF for a set of records, ready to merge with the ontology."""
    graph = Graph()
    for prefix, namespace in vocab.PREFIXES.items():
        graph.bind(prefix, namespace)
    for triple in records_to_triples(records):
        graph.add(triple)
    return graph


def records_to_triples(records: Iterable[r.AnyRecord]) -> Iterator[Triple]:
    records = tuple(records)
    by_id = {record.id: record for record in records}
    succeeded = successors(records)
    for record in records:
        yield from _record(record, by_id)
        for other in sorted(succeeded.get(record.id, ())):
            yield iri(record.id), PG.succeededBy, iri(other)


def _label(record: r.AnyRecord, by_id: dict[str, r.AnyRecord]) -> str:
    if record.label:
        return record.label

    def name(record_id: str) -> str:
        other = by_id.get(record_id)
        return other.label if other is not None and other.label else record_id

    if isinstance(record, r.Commitment):
        what = record.obligation.replace("_", " ")
        return f"{name(record.committer)} {what} commitment to {name(record.beneficiary)}"
    if isinstance(record, r.Affiliation):
        return f"{name(record.subject)} {record.role.replace('_', ' ')} {name(record.object)}"
    return record.id


def _record(record: r.AnyRecord, by_id: dict[str, r.AnyRecord]) -> Iterator[Triple]:
    node = iri(record.id)
    yield node, RDFS.label, Literal(_label(record, by_id))
    for alias in record.aliases:
        yield node, SKOS.altLabel, Literal(alias)
    if record.description:
        yield node, RDFS.comment, Literal(record.description)
    yield from _evidence(node, record.evidence)
    specific = _SPECIFIC[type(record)]
    yield from specific(node, record, by_id)


def _evidence(node: URIRef, evidence: tuple[r.Evidence, ...], path: str = "") -> Iterator[Triple]:
    for number, item in enumerate(evidence, start=1):
        document = iri(item.document)
        derivation = URIRef(f"{node}{path}/evidence/{number}")
        yield node, PROV.wasDerivedFrom, document
        yield node, PROV.qualifiedDerivation, derivation
        yield derivation, RDF.type, PROV.Derivation
        yield derivation, PROV.entity, document
        yield derivation, PG.quote, Literal(item.quote)
        if item.locator:
            yield derivation, PG.locator, Literal(item.locator)


def _date(node: URIRef, prop: URIRef, date: PartialDate | None) -> Iterator[Triple]:
    if date is None:
        return
    yield node, prop, date_literal(date)
    local = str(prop).removeprefix(vocab.ONTOLOGY)
    if local in _DAY_COMPANIONS:
        yield node, PG[local + "Day"], Literal(date.first_day.isoformat(), datatype=XSD.date)
    if date.approximate:
        yield node, PG.approximateDate, prop
    if date.uncertain:
        yield node, PG.uncertainDate, prop


def _links(node: URIRef, prop: URIRef, targets: Iterable[str | None]) -> Iterator[Triple]:
    for target in targets:
        if target:
            yield node, prop, iri(target)


def _text(node: URIRef, prop: URIRef, value: str | int | None) -> Iterator[Triple]:
    if value is not None:
        yield node, prop, Literal(value)


def _wikidata(node: URIRef, qid: str | None) -> Iterator[Triple]:
    if qid:
        yield node, SKOS.exactMatch, URIRef(vocab.wikidata(qid))


def _actor(node: URIRef, actor: r.Actor, _: dict[str, r.AnyRecord]) -> Iterator[Triple]:
    yield node, RDF.type, PG[vocab.ACTOR_CLASSES[actor.kind]]
    if actor.kind == "state" and _ISO_CODE.match(actor.id):
        yield node, PG.isoCode, Literal(actor.id.split("/", 1)[1])
    yield from _wikidata(node, actor.wikidata)
    yield from _text(node, PG.cowCode, actor.cow_code)
    yield from _text(node, PG.sipriName, actor.sipri_name)
    yield from _links(node, PG.successorOf, actor.successor_of)


def _document(node: URIRef, doc: r.Document, _: dict[str, r.AnyRecord]) -> Iterator[Triple]:
    yield node, RDF.type, PG.Document
    yield node, PG.documentType, concept("document_type", doc.kind)
    yield from _text(node, DCTERMS.title, doc.title)
    yield from _links(node, DCTERMS.publisher, [doc.publisher])
    yield from _links(node, DCTERMS.creator, doc.authors)
    yield from _date(node, DCTERMS.issued, doc.date)
    if doc.url:
        yield node, SCHEMA.url, Literal(doc.url, datatype=XSD.anyURI)
    if doc.license:
        yield node, DCTERMS.license, Literal(doc.license)
    yield from _text(node, DCTERMS.bibliographicCitation, doc.citation)
    yield from _date(node, PG.coverageEnd, doc.coverage_end)


def _agreement(
    node: URIRef, agreement: r.Agreement, by_id: dict[str, r.AnyRecord]
) -> Iterator[Triple]:
    yield node, RDF.type, PG[vocab.AGREEMENT_CLASSES[agreement.kind]]
    yield node, PG.status, concept("status", agreement.status)
    for party in agreement.parties:
        yield node, PG.party, iri(party)
        yield iri(party), PG.partyTo, node
    yield from _wikidata(node, agreement.wikidata)
    yield from _text(node, PG.atopId, agreement.atop_id)
    yield from _links(node, PG.predecessor, [agreement.predecessor])
    if agreement.secret is not None:
        yield node, PG.hasSecretProvisions, Literal(agreement.secret)
    yield from phase_triples(agreement.id, agreement.phases)
    for item in agreement.participations:
        slug = item.actor.replace("/", "-")
        participation = URIRef(f"{node}/participation/{slug}")
        yield node, PG.hasParticipation, participation
        yield participation, RDF.type, PG.Participation
        known = by_id.get(item.actor)
        name = known.label if known is not None and known.label else item.actor
        yield participation, RDFS.label, Literal(f"{name} in {_label(agreement, by_id)}")
        yield participation, PG.participationOf, iri(item.actor)
        yield from _date(participation, PG.joinedOn, item.joined)
        yield from _date(participation, PG.leftOn, item.left)
        yield from _links(participation, PG.continues, [item.continues])
        yield from _evidence(participation, item.evidence)
    counts: dict[str, int] = {}
    for claim in agreement.dates:
        counts[claim.event] = counts.get(claim.event, 0) + 1
        slug = claim.event.replace("_", "-")
        claim_node = URIRef(f"{node}/date/{slug}-{counts[claim.event]}")
        yield node, PG.hasDateClaim, claim_node
        yield claim_node, RDF.type, PG.DateClaim
        yield claim_node, PG.dateEvent, concept("date_event", claim.event)
        yield from _date(claim_node, PG.date, claim.date)
        yield claim_node, PG.preferred, Literal(claim.preferred)
        yield from _evidence(claim_node, claim.evidence)
        if claim.preferred:
            yield from _date(node, PG[vocab.DATE_EVENT_PROPERTIES[claim.event]], claim.date)
    for article in agreement.articles:
        article_node = article_iri(agreement.id, article.number)
        yield node, PG.hasArticle, article_node
        yield article_node, RDF.type, PG.AgreementArticle
        yield article_node, RDFS.label, Literal(f"Article {article.number}")
        yield article_node, PG.articleNumber, Literal(article.number)
        yield from _text(article_node, PG.articleText, article.text)
        yield from _evidence(article_node, article.evidence)


def phase_triples(agreement_id: str, phases: Iterable[r.Phase]) -> Iterator[Triple]:
    """An agreement's phases; importers also add them to curated agreements."""
    node = iri(agreement_id)
    for phase in phases:
        phase_node = phase_iri(agreement_id, phase.number)
        yield node, PG.hasPhase, phase_node
        yield phase_node, RDF.type, PG.AgreementPhase
        yield phase_node, RDFS.label, Literal(f"phase {phase.number}")
        yield phase_node, PG.phaseNumber, Literal(phase.number)
        yield from _date(phase_node, PG.validFrom, phase.start)
        yield from _date(phase_node, PG.validTo, phase.end)


def evidence_triples(
    record_id: str, evidence: tuple[r.Evidence, ...], *, path: str
) -> Iterator[Triple]:
    """Evidence for a record another graph defines; ``path`` keeps its derivation IRIs apart."""
    yield from _evidence(iri(record_id), evidence, path)


def alpha2_triples(
    state_id: str, *, code: str, evidence: tuple[r.Evidence, ...]
) -> Iterator[Triple]:
    """A state's ISO 3166-1 alpha-2 code, which only the importers' code table holds; its
    derivations sit under ``…/iso-alpha-2`` so that they say which statement they support."""
    node = iri(state_id)
    yield node, PG.isoAlpha2Code, Literal(code)
    yield from _evidence(node, evidence, "/iso-alpha-2")


def phase_iri(agreement_id: str, number: int) -> URIRef:
    return URIRef(f"{iri(agreement_id)}/phase/{number}")


def article_iri(agreement_id: str, number: str) -> URIRef:
    slug = "".join(ch if ch.isalnum() else "-" for ch in number.lower())
    return URIRef(f"{iri(agreement_id)}/article/{slug}")


def commitment_validity(
    commitment: r.Commitment, by_id: dict[str, r.AnyRecord]
) -> tuple[PartialDate | None, PartialDate | None]:
    """A commitment's own dates, else those of its basis: entry into force to expiry or end."""
    basis = by_id.get(commitment.basis or "")
    start, end = commitment.valid_from, commitment.valid_to
    if isinstance(basis, r.Agreement):
        start = start or basis.date_of("entered_into_force")
        end = end or basis.date_of("terminated") or basis.date_of("expired")
        # Not in force for a party before it joined, nor after it left.
        for actor in (commitment.committer, commitment.beneficiary):
            own = basis.participation(actor)
            joined = own.joined if own is not None else None
            left = own.left if own is not None else None
            if joined is not None and (start is None or joined.first_day > start.first_day):
                start = joined
            if left is not None and (end is None or left.first_day < end.first_day):
                end = left
    return start, end


def successors(records: Iterable[r.AnyRecord]) -> dict[str, list[str]]:
    """Commitment id -> the commitments on the same basis that a continuator state carries on
    from it (its committer or beneficiary is the ``successor_of`` the original's)."""
    actors = {rec.id: rec for rec in records if isinstance(rec, r.Actor)}
    groups: dict[tuple[str, str], list[r.Commitment]] = {}
    for rec in records:
        if isinstance(rec, r.Commitment) and rec.basis:
            groups.setdefault((rec.basis, rec.obligation), []).append(rec)

    def succeeds(later: str, earlier: str) -> bool:
        actor = actors.get(later)
        return actor is not None and earlier in actor.successor_of

    found: dict[str, list[str]] = {}
    for group in groups.values():
        for old in group:
            if old.valid_to is None:
                continue
            for new in group:
                if (
                    new.beneficiary == old.beneficiary and succeeds(new.committer, old.committer)
                ) or (
                    new.committer == old.committer and succeeds(new.beneficiary, old.beneficiary)
                ):
                    found.setdefault(old.id, []).append(new.id)
    return found


def _commitment(
    node: URIRef, item: r.Commitment, by_id: dict[str, r.AnyRecord]
) -> Iterator[Triple]:
    yield node, RDF.type, PG.Commitment
    yield node, PG.committer, iri(item.committer)
    yield node, PG.beneficiary, iri(item.beneficiary)
    yield node, PG.obligationType, concept("obligation", item.obligation)
    yield node, PG.modality, concept("modality", item.modality)
    yield from _links(node, PG.basis, [item.basis])
    if item.basis and item.article:
        yield node, PG.basisArticle, article_iri(item.basis, item.article)
    yield from _text(node, PG.trigger, item.trigger)
    yield from _text(node, PG.scope, item.scope)
    for number, condition in enumerate(item.conditions, start=1):
        condition_node = URIRef(f"{node}/condition/{number}")
        yield node, PG.hasCondition, condition_node
        yield condition_node, RDF.type, PG.Condition
        yield condition_node, PG.conditionType, concept("condition", condition.kind)
        yield from _text(condition_node, RDFS.comment, condition.note)
        yield from _links(condition_node, PG.conditionTarget, [condition.target])
    if item.basis and item.phase is not None:
        yield node, PG.underPhase, phase_iri(item.basis, item.phase)
    start, end = commitment_validity(item, by_id)
    yield from _date(node, PG.validFrom, start)
    yield from _date(node, PG.validTo, end)


def _capability(node: URIRef, item: r.Capability, _: dict[str, r.AnyRecord]) -> Iterator[Triple]:
    yield node, RDF.type, PG[vocab.CAPABILITY_CLASSES[item.kind]]
    yield from _links(node, PG.developedBy, item.developer)
    for other in item.resembles:  # symmetric: say it both ways so queries need no reasoner
        yield node, PG.resembles, iri(other)
        yield iri(other), PG.resembles, node
    yield from _links(node, PG.variantOf, item.variant_of)
    yield from _links(node, PG.componentOf, item.component_of)
    yield from _links(node, PG.manufacturedIn, item.manufactured_in)
    yield from _wikidata(node, item.wikidata)
    yield from _date(node, PG.startDate, item.start)
    yield from _date(node, PG.endDate, item.end)


def _transfer(node: URIRef, item: r.Transfer, _: dict[str, r.AnyRecord]) -> Iterator[Triple]:
    yield node, RDF.type, PG.Transfer
    yield from _links(node, PG.supplier, [item.supplier])  # none: the supplier is unknown
    yield node, PG.recipient, iri(item.recipient)
    yield from _links(node, PG.item, item.items)
    yield node, PG.transferKind, concept("transfer_kind", item.kind)
    yield node, PG.transferStatus, concept("transfer_status", item.status)
    yield from _links(node, PG.basis, [item.basis])
    yield from _text(node, PG.quantity, item.quantity)
    yield from _date(node, PG.startDate, item.start)
    yield from _date(node, PG.endDate, item.end)
    yield from _text(node, PG.numberOrdered, item.ordered)
    yield from _text(node, PG.numberDelivered, item.delivered)
    yield from _text(node, PG.deliveryYears, item.delivery_years)
    for prop, value in (
        (PG.tivPerUnit, item.tiv_per_unit),
        (PG.tivTotalOrder, item.tiv_total_order),
        (PG.tivDelivered, item.tiv_delivered),
    ):
        if value is not None:
            yield node, prop, Literal(value, datatype=XSD.decimal)
    yield from _text(node, PG.itemCondition, item.condition)
    yield from _text(node, PG.sourceRecordId, item.source_id)
    for name in item.estimated:
        yield node, PG.estimatedValue, PG[name]


def _event(node: URIRef, item: r.Event, _: dict[str, r.AnyRecord]) -> Iterator[Triple]:
    yield node, RDF.type, PG.Event
    yield node, PG.eventType, concept("event_type", item.kind)
    yield from _date(node, PG.startDate, item.start)
    yield from _date(node, PG.endDate, item.end)
    yield from _links(node, PG.participant, item.participants)
    yield from _links(node, PG.about, item.about)
    yield from _text(node, PG.location, item.location)


def _assessment(node: URIRef, item: r.Assessment, _: dict[str, r.AnyRecord]) -> Iterator[Triple]:
    yield node, RDF.type, PG.Assessment
    yield from _links(node, PG.heldBy, item.holders)
    yield node, PG.reading, Literal(item.reading)
    yield node, PG.confidence, concept("confidence", item.confidence)
    yield from _links(node, PG.about, item.about)
    yield from _links(node, PG.disputes, item.disputes)
    yield from _links(node, PG.statedIn, [item.stated_in])
    yield from _date(node, PG.date, item.date)


def _affiliation(node: URIRef, item: r.Affiliation, _: dict[str, r.AnyRecord]) -> Iterator[Triple]:
    yield node, RDF.type, PG.Affiliation
    yield node, PG.roleHolder, iri(item.subject)
    yield node, PG.roleIn, iri(item.object)
    yield node, PG.roleType, concept("role", item.role)
    yield iri(item.subject), _ROLE_SHORTCUTS[item.role], iri(item.object)
    yield from _date(node, PG.validFrom, item.valid_from)
    yield from _date(node, PG.validTo, item.valid_to)


_SPECIFIC: dict[type, Callable[[URIRef, Any, dict[str, r.AnyRecord]], Iterator[Triple]]] = {
    r.Actor: _actor,
    r.Document: _document,
    r.Agreement: _agreement,
    r.Commitment: _commitment,
    r.Capability: _capability,
    r.Transfer: _transfer,
    r.Event: _event,
    r.Assessment: _assessment,
    r.Affiliation: _affiliation,
}

__all__ = [
    "OWL",
    "article_iri",
    "commitment_validity",
    "evidence_triples",
    "phase_triples",
    "records_to_graph",
    "records_to_triples",
]
