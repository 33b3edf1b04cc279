"""Collective commitments: an agreement states an obligation once, the loader writes it out.

``obligations: [{obligation: defense, article: "5", among: parties, …}]`` on an agreement means
every party pledges it to every other; ``from: […]`` / ``to: […]`` lists make it asymmetric (a
guarantor to the guaranteed). Each ordered pair becomes one ordinary directed commitment, with a
stable id (``commitment/{agreement slug}-{obligation}-{committer}-{beneficiary}``), valid over the
overlap of both parties' participation within the agreement's force (the rule
:func:`pactgraph.load.triples.commitment_validity` applies to every commitment), and evidenced by
the article's quote, the declaration's own sources and both parties' membership sources.

A hand-written commitment on the same basis, between the same pair, with the same obligation, is
kept only where it says more (a reservation, its own dates): one that says the same is a problem
naming both places; one that refines the derived pledge replaces it, and a note says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pactgraph.load.fields import FieldReader
from pactgraph.model import records as r
from pactgraph.model.problems import Problem, display_path

_ACTOR = ("state", "organization", "grouping", "person")


@dataclass(frozen=True)
class Derivation:
    """The records with every declared pledge written out, and what that found."""

    records: tuple[r.AnyRecord, ...]
    problems: tuple[Problem, ...]
    notes: tuple[str, ...]


def read_condition(reader: FieldReader) -> r.Condition | None:
    """One of a commitment's (or a pledge's) ATOP-style conditions."""
    kind = reader.concept("kind", "condition", required=True)
    condition = r.Condition(kind or "other", reader.text("note"), reader.ref("target", _ACTOR))
    reader.finish(frozenset())
    return condition if kind else None


def read_pledge(reader: FieldReader) -> r.Pledge | None:
    """One entry of an agreement's ``obligations`` list."""
    obligation = reader.concept("obligation", "obligation", required=True)
    among = reader.text("among")
    committers = reader.refs("from", _ACTOR)
    beneficiaries = reader.refs("to", _ACTOR)
    if among is not None and among != "parties":
        reader.problem("among", None, f"'{among}' is not understood: write 'among: parties'")
    if among is not None and (committers or beneficiaries):
        reader.problem("among", None, "give either 'among: parties' or 'from' and 'to', not both")
    elif among is None and not (committers and beneficiaries):
        reader.problem(
            "among", None, "say who pledges to whom: 'among: parties', or both 'from' and 'to'"
        )
    pledge = r.Pledge(
        obligation=obligation or "defense",
        among_parties=among == "parties",
        committers=committers,
        beneficiaries=beneficiaries,
        modality=reader.concept("modality", "modality") or "binding",
        article=reader.text("article"),
        trigger=reader.text("trigger"),
        scope=reader.text("scope"),
        conditions=reader.mappings("conditions", read_condition),
        valid_from=reader.date("valid_from"),
        valid_to=reader.date("valid_to"),
        evidence=reader.evidence(required=False),
        origin=r.Origin(reader.path, reader.line),
    )
    reader.finish(frozenset())
    return pledge if obligation else None


def derive(records: Iterable[r.AnyRecord]) -> Derivation:
    """Every record, with the pledges agreements declare written out as directed commitments."""
    records = tuple(records)
    by_id = {record.id: record for record in records}
    problems: list[Problem] = []
    derived: dict[str, r.Commitment] = {}
    for agreement in records:
        if isinstance(agreement, r.Agreement):
            for pledge in agreement.obligations:
                for commitment in _write_out(agreement, pledge, by_id, problems):
                    if commitment.id in derived:
                        problems.append(_problem(pledge, "declares a pair twice", commitment.id))
                    derived[commitment.id] = commitment
    by_pair = {_pair(c): c for c in derived.values()}
    notes: list[str] = []
    kept: list[r.AnyRecord] = []
    for record in records:
        same = by_pair.get(_pair(record)) if isinstance(record, r.Commitment) else None
        if same is None or not isinstance(record, r.Commitment):
            kept.append(record)
            continue
        del derived[same.id]
        if _says_more(record, same, by_id):
            kept.append(record)
            notes.append(
                f"{_where(record.origin)}: {record.id} refines the pledge {same.id} that "
                f"{_where(same.origin)} derives; the hand-written record replaces it"
            )
        else:
            problems.append(
                Problem(
                    record.origin.path if record.origin else _path(same),
                    record.origin.line if record.origin else None,
                    f"repeats the pledge {same.id} derived from {same.basis} "
                    f"({_where(same.origin)}): delete it, or say what it adds",
                    record.id,
                )
            )
    return Derivation((*kept, *derived.values()), tuple(problems), tuple(notes))


def _write_out(
    agreement: r.Agreement,
    pledge: r.Pledge,
    by_id: dict[str, r.AnyRecord],
    problems: list[Problem],
) -> list[r.Commitment]:
    parties = agreement.parties
    if pledge.article and pledge.article not in {a.number for a in agreement.articles}:
        known = ", ".join(a.number for a in agreement.articles) or "none"
        problems.append(
            _problem(
                pledge,
                f"article '{pledge.article}' is not one of the agreement's articles ({known})",
                agreement.id,
                "article",
            )
        )
    for actor in (*pledge.committers, *pledge.beneficiaries):
        if actor not in parties:
            problems.append(
                _problem(pledge, f"'{actor}' is not a party to the agreement", agreement.id)
            )
    article = next((a for a in agreement.articles if a.number == pledge.article), None)
    if not pledge.evidence and (article is None or not article.evidence):
        problems.append(
            _problem(
                pledge,
                "a pledge needs a source: quote its article, or give 'sources'",
                agreement.id,
                "sources",
            )
        )
    committers = parties if pledge.among_parties else pledge.committers
    beneficiaries = parties if pledge.among_parties else pledge.beneficiaries
    made = []
    for committer in committers:
        for beneficiary in beneficiaries:
            if committer == beneficiary or not _overlap(agreement, committer, beneficiary):
                continue
            made.append(_commitment(agreement, pledge, article, committer, beneficiary, by_id))
    return made


def _commitment(
    agreement: r.Agreement,
    pledge: r.Pledge,
    article: r.Article | None,
    committer: str,
    beneficiary: str,
    by_id: dict[str, r.AnyRecord],
) -> r.Commitment:
    slug = agreement.id.split("/", 1)[1]
    obligation = pledge.obligation.replace("_", "-")
    evidence: list[r.Evidence] = []
    for source in (
        *(article.evidence if article else ()),
        *pledge.evidence,
        *_membership(agreement, committer),
        *_membership(agreement, beneficiary),
    ):
        if source not in evidence:
            evidence.append(source)
    word = "defence" if pledge.obligation == "defense" else pledge.obligation.replace("_", " ")
    where = agreement.label or agreement.id
    if pledge.article:
        where += f", Article {pledge.article}"
    return r.Commitment(
        id=f"commitment/{slug}-{obligation}-{_short(committer)}-{_short(beneficiary)}",
        label=f"{_name(committer, by_id)} {word} commitment to "
        f"{_name(beneficiary, by_id)} ({where})",
        committer=committer,
        beneficiary=beneficiary,
        obligation=pledge.obligation,
        modality=pledge.modality,
        basis=agreement.id,
        article=pledge.article,
        trigger=pledge.trigger,
        scope=pledge.scope,
        conditions=pledge.conditions,
        valid_from=pledge.valid_from,
        valid_to=pledge.valid_to,
        evidence=tuple(evidence),
        origin=pledge.origin,
        derived=True,
    )


def _overlap(agreement: r.Agreement, a: str, b: str) -> bool:
    """Whether two parties were ever parties at the same time (one may have left before the
    other joined)."""
    one, other = agreement.participation(a), agreement.participation(b)
    for first, second in ((one, other), (other, one)):
        left = first.left if first else None
        joined = second.joined if second else None
        if left is not None and joined is not None and left.last_day <= joined.first_day:
            return False
    return True


def _membership(agreement: r.Agreement, actor: str) -> tuple[r.Evidence, ...]:
    own = agreement.participation(actor)
    return own.evidence if own is not None else ()


def _says_more(written: r.Commitment, derived: r.Commitment, by_id: dict[str, r.AnyRecord]) -> bool:
    from pactgraph.load.triples import commitment_validity

    return (
        written.modality,
        written.article,
        written.trigger,
        written.scope,
        written.conditions,
        commitment_validity(written, by_id),
    ) != (
        derived.modality,
        derived.article,
        derived.trigger,
        derived.scope,
        derived.conditions,
        commitment_validity(derived, by_id),
    )


def _pair(commitment: r.AnyRecord) -> tuple[str, ...]:
    if not isinstance(commitment, r.Commitment) or not commitment.basis:
        return ()
    return (commitment.basis, commitment.committer, commitment.beneficiary, commitment.obligation)


def _short(actor: str) -> str:
    return actor.split("/", 1)[1].lower()


def _name(actor: str, by_id: dict[str, r.AnyRecord]) -> str:
    record = by_id.get(actor)
    return (record.label if record is not None else None) or actor


def _where(origin: r.Origin | None) -> str:
    return f"{display_path(origin.path)}:{origin.line}" if origin else "(unknown place)"


def _path(commitment: r.Commitment) -> Path:
    return commitment.origin.path if commitment.origin else Path("graph_data")


def _problem(pledge: r.Pledge, message: str, record: str, field: str = "obligations") -> Problem:
    origin = pledge.origin
    return Problem(
        origin.path if origin else Path("graph_data"),
        origin.line if origin else None,
        message,
        record,
        field,
    )
