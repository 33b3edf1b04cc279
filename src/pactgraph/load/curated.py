"""graph_data/: curated YAML, one file per kind of record, read into typed records."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

from pactgraph.errors import InputError, SetupError
from pactgraph.load.fields import FieldReader, Reference
from pactgraph.load.integrity import check_integrity
from pactgraph.load.pledges import derive, read_condition, read_pledge
from pactgraph.load.yamlfile import Mapping, Scalar, Sequence, describe, read_yaml
from pactgraph.model import records as r
from pactgraph.model.dates import PartialDate
from pactgraph.model.problems import Problem
from pactgraph.model.vocab import (
    ACTOR_CLASSES,
    ACTOR_ID_PREFIXES,
    AGREEMENT_CLASSES,
    CAPABILITY_CLASSES,
    DATE_EVENT_PROPERTIES,
)

ACTOR = ("state", "organization", "grouping", "person")
ANY = (
    *ACTOR,
    "agreement",
    "commitment",
    "capability",
    "transfer",
    "event",
    "assessment",
    "document",
    "affiliation",
)
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_STATE_CODE = re.compile(r"^[A-Z]{3}$")
_COMMON = frozenset({"id", "label", "description", "aliases", "sources"})


@dataclass(frozen=True)
class Curated:
    """Everything read from a graph_data directory: records, references and problems."""

    records: tuple[r.AnyRecord, ...]
    references: tuple[Reference, ...]
    problems: tuple[Problem, ...]
    unreadable: frozenset[str] = frozenset()  # id prefixes of files that could not be parsed
    notes: tuple[str, ...] = ()  # hand-written commitments that refine a derived pledge


class _Common(TypedDict):
    id: str
    label: str | None
    description: str | None
    aliases: tuple[str, ...]
    evidence: tuple[r.Evidence, ...]
    origin: r.Origin


def _common(
    reader: FieldReader, *, label_required: bool = True, sources_required: bool = True
) -> _Common:
    return {
        "id": reader.record,
        "label": reader.text("label", required=label_required),
        "description": reader.text("description"),
        "aliases": reader.texts("aliases"),
        "evidence": reader.evidence(required=sources_required),
        "origin": r.Origin(reader.path, reader.line),
    }


def _actor(reader: FieldReader) -> r.Actor:
    kind = reader.choice("kind", ACTOR_CLASSES)
    prefix = reader.record.split("/", 1)[0]
    if kind is not None and ACTOR_ID_PREFIXES[kind] != prefix:
        reader.problem(
            "id",
            reader.line,
            f"a {kind} has an id starting '{ACTOR_ID_PREFIXES[kind]}/', not '{prefix}/'",
        )
    return r.Actor(
        **_common(reader, sources_required=False),
        kind=kind or "state",
        wikidata=reader.wikidata(),
        cow_code=reader.integer("cow_code"),
        sipri_name=reader.text("sipri_name"),
        successor_of=reader.refs("successor_of", ("state",)),
    )


def _document(reader: FieldReader) -> r.Document:
    return r.Document(
        **_common(reader, sources_required=False),
        kind=reader.concept("kind", "document_type", required=True) or "article",
        title=reader.text("title"),
        publisher=reader.ref("publisher", ACTOR),
        authors=reader.refs("authors", ACTOR),
        date=reader.date("date"),
        url=reader.text("url"),
        license=reader.text("license"),
        citation=reader.text("citation"),
        coverage_end=reader.date("coverage_end"),
    )


def _article(reader: FieldReader) -> r.Article | None:
    number = reader.text("number", required=True)
    article = r.Article(
        number or "", reader.text("text"), reader.text("title"), reader.evidence(required=False)
    )
    reader.finish(frozenset())
    return article if number else None


def _participation(reader: FieldReader) -> r.Participation | None:
    """A party given as a mapping: ``{actor, joined, left, continues, sources}``."""
    actor = reader.ref("actor", ACTOR, required=True)
    joined, left = reader.date("joined"), reader.date("left")
    continues = reader.ref("continues", ACTOR)
    evidence = reader.evidence(required=bool(joined or left or continues))
    reader.finish(frozenset())
    if actor is None:
        return None
    if joined and left and left.last_day < joined.first_day:
        reader.problem("left", reader.line, f"left {left} is before joined {joined}")
    return r.Participation(
        actor, joined, left, continues, evidence, r.Origin(reader.path, reader.line)
    )


def _check_parties(
    reader: FieldReader,
    claims: tuple[r.DateClaim, ...],
    parties: tuple[str, ...],
    own_dates: tuple[r.Participation | None, ...],
) -> None:
    """Each party once; a party's own dates within the agreement's life (not before its
    signature or entry into force, not after its expiry or termination)."""
    dates = {claim.event: claim.date for claim in claims if claim.preferred}
    begins = dates.get("signed") or dates.get("entered_into_force")
    ends = dates.get("terminated") or dates.get("expired")
    for party in sorted({p for p in parties if parties.count(p) > 1}):
        reader.problem("parties", None, f"'{party}' is listed more than once")
    for index, own in enumerate(own_dates):
        if own is None:
            continue
        line = own.origin.line if own.origin else None
        for name, date in (("joined", own.joined), ("left", own.left)):
            field = f"parties[{index}].{name}"
            if date is not None and begins is not None and date.last_day < begins.first_day:
                reader.problem(
                    field, line, f"{name} {date} is before the agreement began ({begins})"
                )
            if date is not None and ends is not None and date.first_day > ends.last_day:
                reader.problem(field, line, f"{name} {date} is after the agreement ended ({ends})")


def _agreement(reader: FieldReader) -> r.Agreement:
    claims = tuple(c for event in DATE_EVENT_PROPERTIES for c in reader.date_claims(event))
    parties, own = reader.parties("parties", ACTOR, _participation)
    _check_parties(reader, claims, parties, own)
    participations = tuple(item for item in own if item is not None)
    return r.Agreement(
        **_common(reader),
        kind=reader.choice("kind", AGREEMENT_CLASSES) or "treaty",
        parties=parties,
        participations=participations,
        status=reader.concept("status", "status", required=True) or "signed",
        dates=claims,
        articles=reader.mappings("articles", _article),
        wikidata=reader.wikidata(),
        atop_id=reader.integer("atop_id"),
        predecessor=reader.ref("predecessor", ("agreement",)),
        obligations=reader.mappings("obligations", read_pledge),
    )


def _commitment(reader: FieldReader) -> r.Commitment:
    return r.Commitment(
        **_common(reader, label_required=False),
        committer=reader.ref("committer", ACTOR, required=True) or "",
        beneficiary=reader.ref("beneficiary", ACTOR, required=True) or "",
        obligation=reader.concept("obligation", "obligation", required=True) or "defense",
        modality=reader.concept("modality", "modality") or "binding",
        basis=reader.ref("basis", ("agreement",)),
        article=reader.text("article"),
        trigger=reader.text("trigger"),
        scope=reader.text("scope"),
        conditions=reader.mappings("conditions", read_condition),
        valid_from=reader.date("valid_from"),
        valid_to=reader.date("valid_to"),
    )


def _capability(reader: FieldReader) -> r.Capability:
    return r.Capability(
        **_common(reader),
        kind=reader.choice("kind", CAPABILITY_CLASSES) or "weapon_system",
        developer=reader.refs("developer", ACTOR),
        resembles=reader.refs("resembles", ("capability",)),
        variant_of=reader.refs("variant_of", ("capability",)),
        component_of=reader.refs("component_of", ("capability",)),
        manufactured_in=reader.refs("manufactured_in", ("state",)),
        wikidata=reader.wikidata(),
        start=reader.date("start"),
        end=reader.date("end"),
    )


def _transfer(reader: FieldReader) -> r.Transfer:
    return r.Transfer(
        **_common(reader),
        supplier=reader.ref("supplier", ACTOR),  # left out where the supplier is unknown
        recipient=reader.ref("recipient", ACTOR, required=True) or "",
        items=reader.refs("items", ("capability",), required=True),
        kind=reader.concept("kind", "transfer_kind", required=True) or "arms",
        status=reader.concept("status", "transfer_status", required=True) or "suspected",
        basis=reader.ref("basis", ("agreement",)),
        quantity=reader.text("quantity"),
        start=reader.date("start"),
        end=reader.date("end"),
    )


def _event(reader: FieldReader) -> r.Event:
    start = reader.date("start", required=True)
    return r.Event(
        **_common(reader),
        kind=reader.concept("kind", "event_type", required=True) or "statement",
        start=start or PartialDate("0001", "year"),
        end=reader.date("end"),
        participants=reader.refs("participants", ACTOR),
        about=reader.refs("about", ANY),
        location=reader.text("location"),
    )


def _assessment(reader: FieldReader) -> r.Assessment:
    return r.Assessment(
        **_common(reader),
        holders=reader.refs("holders", ACTOR),  # none: reported without attribution
        reading=reader.text("reading", required=True) or "",
        confidence=reader.concept("confidence", "confidence") or "unstated",
        about=reader.refs("about", ANY),
        disputes=reader.refs("disputes", ("assessment",)),
        stated_in=reader.ref("stated_in", ("document",)),
        date=reader.date("date"),
    )


def _affiliation(reader: FieldReader) -> r.Affiliation:
    return r.Affiliation(
        **_common(reader, label_required=False),
        subject=reader.ref("subject", ACTOR, required=True) or "",
        role=reader.concept("role", "role", required=True) or "member_of",
        object=reader.ref("object", ACTOR, required=True) or "",
        valid_from=reader.date("valid_from"),
        valid_to=reader.date("valid_to"),
    )


# file name -> (id prefixes allowed in it, reader); the order is the order records are emitted.
FILES: dict[str, tuple[tuple[str, ...], Callable[[FieldReader], r.AnyRecord]]] = {
    "documents.yaml": (("document",), _document),
    "actors.yaml": (ACTOR, _actor),
    "affiliations.yaml": (("affiliation",), _affiliation),
    "agreements.yaml": (("agreement",), _agreement),
    "commitments.yaml": (("commitment",), _commitment),
    "capabilities.yaml": (("capability",), _capability),
    "transfers.yaml": (("transfer",), _transfer),
    "events.yaml": (("event",), _event),
    "assessments.yaml": (("assessment",), _assessment),
}


def _load_curated(directory: Path) -> Curated:
    """Read every record file in ``directory``; problems are collected, never raised."""
    problems: list[Problem] = []
    references: list[Reference] = []
    found: list[r.AnyRecord] = []
    unreadable: set[str] = set()
    for path in sorted(directory.glob("*.y*ml")):
        if path.name not in FILES:
            problems.append(
                Problem(path, None, "unknown file: record files are " + ", ".join(FILES))
            )
    for name, (prefixes, read) in FILES.items():
        path = directory / name
        if path.exists():
            loaded = _load_file(path, prefixes, read, problems, references)
            if loaded is None:
                unreadable.update(prefixes)
            found.extend(loaded or [])
    return Curated(tuple(found), tuple(references), tuple(problems), frozenset(unreadable))


def _load_file(
    path: Path,
    prefixes: tuple[str, ...],
    read: Callable[[FieldReader], r.AnyRecord],
    problems: list[Problem],
    references: list[Reference],
) -> list[r.AnyRecord] | None:
    """The records of one file, or None when the file as a whole cannot be read."""
    root, file_problems = read_yaml(path)
    problems.extend(file_problems)
    if root is None:
        return None
    if not isinstance(root, Sequence):
        problems.append(
            Problem(path, root.line, f"expected a list of records, found {describe(root)}")
        )
        return None
    loaded: list[r.AnyRecord] = []
    previous = ""
    for item in root.items:
        if not isinstance(item, Mapping):
            problems.append(Problem(path, item.line, f"expected a record, found {describe(item)}"))
            continue
        record_id = _check_id(item, path, prefixes, problems)
        reader = FieldReader(
            item, path=path, record=record_id or "(no id)", problems=problems, references=references
        )
        record = read(reader)
        reader.finish(_COMMON)
        if record_id is None:
            continue
        if record_id < previous:
            problems.append(
                Problem(
                    path,
                    item.line,
                    f"records must be sorted by id: '{record_id}' comes after '{previous}'",
                    record_id,
                )
            )
        previous = max(previous, record_id)
        loaded.append(record)
    return loaded


def _check_id(
    item: Mapping, path: Path, prefixes: tuple[str, ...], problems: list[Problem]
) -> str | None:
    values = {key: value for key, value, _ in item.items}
    node = values.get("id")
    if not isinstance(node, Scalar) or node.type == "null" or not node.text.strip():
        problems.append(
            Problem(path, item.line, "required field is missing (or not text)", field="id")
        )
        return None
    record_id = node.text.strip()
    prefix, _, slug = record_id.partition("/")
    if prefix not in prefixes:
        problems.append(
            Problem(
                path,
                node.line,
                f"id must start with one of: {', '.join(p + '/' for p in prefixes)}",
                record_id,
                "id",
            )
        )
    elif not (_STATE_CODE if prefix == "state" else _SLUG).match(slug):
        rule = (
            "an ISO 3166 alpha-3 code such as PRK"
            if prefix == "state"
            else "lowercase words joined by hyphens"
        )
        problems.append(Problem(path, node.line, f"id slug must be {rule}", record_id, "id"))
    return record_id


def inspect(directory: Path) -> Curated:
    """Read a graph_data directory and check it: every problem, per file then across records."""
    if not directory.is_dir():
        raise SetupError(f"data directory not found: {directory}")
    if not any((directory / name).is_file() for name in FILES):
        raise SetupError(
            f"no record files in {directory}: a data directory holds at least one of "
            + ", ".join(FILES)
        )
    curated = _load_curated(directory)
    derivation = derive(curated.records)
    # References into a file that could not be read would all be reported as unknown: skip them.
    references = tuple(
        ref for ref in curated.references if ref.target.split("/", 1)[0] not in curated.unreadable
    )
    problems = sorted(
        [
            *curated.problems,
            *derivation.problems,
            *check_integrity(derivation.records, references),
        ],
        key=lambda p: (str(p.path), p.line or 0),
    )
    return Curated(
        derivation.records,
        curated.references,
        tuple(problems),
        curated.unreadable,
        derivation.notes,
    )


def read_records(directory: Path) -> tuple[r.AnyRecord, ...]:
    """The records of a graph_data directory; raises InputError listing every problem."""
    curated = inspect(directory)
    if curated.problems:
        raise InputError(curated.problems)
    return curated.records
