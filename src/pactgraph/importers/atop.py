"""ATOP 5.1 (Alliance Treaty Obligations and Provisions): alliances, phases and member obligations.

Each alliance is an Agreement with its phases; each member's obligation (defence, offence,
neutrality, non-aggression, consultation) becomes one directed commitment to every other member of
the same phase, valid while both are members. A curated treaty that names its ATOP id is the same
node: its curated commitments gain ATOP as a source instead of being repeated.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from pactgraph.errors import InputError
from pactgraph.importers.batch import Batch, Progress, RowLog
from pactgraph.importers.entities import SOVIET_END, Resolver
from pactgraph.importers.membership import (
    curated_commitments,
    curated_parties,
    earlier,
    later,
    within_curated,
)
from pactgraph.importers.tables import Row, RowError, read_table
from pactgraph.load.triples import Triple, evidence_triples, phase_triples
from pactgraph.model import records as r
from pactgraph.model.dates import DateFormatError, PartialDate
from pactgraph.model.problems import Problem

DOCUMENT = r.Document(
    id="document/atop-5.1",
    kind="dataset",
    label="ATOP 5.1: Alliance Treaty Obligations and Provisions, 1815-2018",
    title="Alliance Treaty Obligations and Provisions (ATOP), version 5.1",
    date=PartialDate.parse("2022-08"),
    coverage_end=PartialDate.parse("2018-12-31"),  # what it records as in force, it vouches to here
    url="http://www.atopdata.org",
    license="free for research with citation",
    citation="Leeds, Brett Ashley, Jeffrey M. Ritter, Sara McLaughlin Mitchell, and Andrew G. "
    'Long. 2002. "Alliance Treaty Obligations and Provisions, 1815-1944." International '
    "Interactions 28: 237-260. Codebook: Leeds, B. A. 2022, ATOP Codebook (atopdata.org).",
)
# ATOP obligation column -> (obligation concept, prefix of its condition columns).
OBLIGATIONS = {
    "defense": ("defense", "def"),
    "offense": ("offense", "off"),
    "neutral": ("neutrality", "neu"),
    "nonagg": ("non_aggression", None),
    "consul": ("consultation", "con"),
}
# Condition column suffix -> (condition concept, what ATOP conditions the obligation on).
CONDITIONS = {
    "coadv": ("specific_adversary", "a specific adversary"),
    "coloc": ("location", "the location of the conflict"),
    "conpr": ("non_provocation", "the ally not provoking the attack"),
    "cocon": ("other", "a specific conflict"),
    "conum": ("other", "the number of adversaries"),
    "codem": ("other", "non-compliance with demands"),
    "coatt": ("other", "an attack (see the ATOP codebook)"),
    "coreq": ("other", "a request (see the ATOP codebook)"),
}
_DATES = ("begyr", "begmo", "begday", "endyr", "endmo", "endday")
ALLIANCE_COLUMNS = ("atopid", *_DATES, "ineffect", "pubsecr")
PHASE_COLUMNS = ("atopid", "phase", *_DATES)
_MEMBER_DATES = ("yrent", "moent", "dayent", "yrexit", "moexit", "dayexit")
MEMBER_COLUMNS = ("atopid", "member", "phase", *_MEMBER_DATES, *OBLIGATIONS)
FILES = {"alliances": "atop*a.csv", "phases": "atop*aph.csv", "members": "atop*m.csv"}
_SOVIET_END = PartialDate.parse(SOVIET_END.isoformat())


def find_files(directory: Path) -> dict[str, Path]:
    """The alliance, phase and member files in an ATOP release directory."""
    if not directory.is_dir():
        raise InputError([Problem(directory, None, "is not a directory of ATOP files")])
    found, problems = {}, []
    for role, pattern in FILES.items():
        matches = sorted(p for p in directory.glob(pattern) if "inst" not in p.name)
        if len(matches) == 1:
            found[role] = matches[0]
        else:
            what = "no file" if not matches else f"{len(matches)} files"
            problems.append(Problem(directory, None, f"has {what} matching {pattern} ({role})"))
    if problems:
        raise InputError(problems)
    return found


def read_atop(
    directory: Path,
    *,
    resolver: Resolver,
    skip_bad_rows: bool = False,
    progress: Progress | None = None,
) -> Batch:
    """The records of an ATOP release; InputError for wrong columns or (unskipped) bad rows."""
    files = find_files(directory)
    tables = {
        "alliances": read_table(files["alliances"], required=ALLIANCE_COLUMNS),
        "phases": read_table(files["phases"], required=PHASE_COLUMNS),
        "members": read_table(files["members"], required=member_columns()),
    }
    log = RowLog("atop", skip_bad_rows, progress)
    curated = {rec.atop_id: rec for rec in resolver.curated if isinstance(rec, r.Agreement)}
    commitments = curated_commitments(resolver)
    members: dict[int, list[Row]] = defaultdict(list)
    for row in log.each(tables["members"].rows()):
        with log.reading(row):
            members[_int(row, "atopid")].append(row)
    phases: dict[int, list[r.Phase]] = defaultdict(list)
    for row in log.each(tables["phases"].rows()):
        with log.reading(row):
            start, end = _span(row, "begyr", "begmo", "begday", "endyr", "endmo", "endday")
            phases[_int(row, "atopid")].append(
                r.Phase(number=_int(row, "phase"), start=start, end=end)
            )
    out: list[r.AnyRecord] = [DOCUMENT]
    extra: list[Triple] = []
    matched = {"agreements": 0, "commitments": 0}
    for row in log.each(tables["alliances"].rows()):
        with log.reading(row):
            atop_id = _int(row, "atopid")
            known = curated.get(atop_id)
            agreement_id = known.id if known else f"agreement/atop-{atop_id}"
            made = _commitments(agreement_id, atop_id, members.get(atop_id, []), resolver)
            if known:
                allowed = curated_parties(known, resolver)
                made = [
                    c for c in (within_curated(c, known, allowed) for c in made) if c is not None
                ]
            for commitment in made:
                key = (commitment.committer, commitment.beneficiary, commitment.obligation)
                same = commitments.get((*key, agreement_id))
                if same is None:
                    out.append(commitment)
                    continue
                matched["commitments"] += 1
                extra.extend(evidence_triples(same, commitment.evidence, path="/atop"))
            evidence = (_evidence(row, ("atopid", *_DATES, "ineffect", "pubsecr")),)
            if known:
                matched["agreements"] += 1
                extra.extend(phase_triples(agreement_id, phases.get(atop_id, ())))
                extra.extend(evidence_triples(agreement_id, evidence, path="/atop"))
                continue
            parties = _parties(members.get(atop_id, []), resolver)
            out.append(
                _agreement(row, agreement_id, parties, phases.get(atop_id, ()), evidence, resolver)
            )
    bad = log.finish()
    if progress:
        added = len(resolver.created)
        progress(
            f"atop: {log.rows:,} rows read, {len(out):,} records made, {added:,} entities added"
        )
    return Batch(
        dataset="atop",
        records=tuple(out),
        entities=tuple(resolver.created.values()),
        extra=tuple(extra),
        entity_extra=resolver.alpha2_statements(),
        rows=log.rows,
        bad_rows=bad,
        unresolved=dict(resolver.unresolved),
        matched=matched,
    )


def member_columns() -> tuple[str, ...]:
    columns = list(MEMBER_COLUMNS)
    for _, prefix in OBLIGATIONS.values():
        for suffix in CONDITIONS:
            if prefix and _has_condition(prefix, suffix):
                columns.append(prefix + suffix)
    return tuple(columns)


def _has_condition(prefix: str, suffix: str) -> bool:
    """Which condition columns ATOP codes for which obligation (its member-level file)."""
    if suffix == "coatt":
        return prefix == "neu"
    if suffix == "coreq":
        return prefix == "con"
    if suffix == "conpr":
        return prefix in ("def", "neu")
    if suffix in ("conum", "codem"):
        return prefix in ("def", "off", "neu")
    return True


def _int(row: Row, column: str) -> int:
    value = row.integer(column)
    if value is None:
        raise RowError(row.problem("is empty", column=column))
    return value


def _date(row: Row, year: str, month: str, day: str) -> PartialDate | None:
    """An ATOP date: year 0 means none (still in effect, for an end); month or day 0 is unknown."""
    y = row.integer(year, zero_is_none=True)
    if y is None:
        return None
    m, d = row.integer(month, zero_is_none=True), row.integer(day, zero_is_none=True)
    text = f"{y:04d}" + (f"-{m:02d}" if m else "") + (f"-{d:02d}" if m and d else "")
    try:
        return PartialDate.parse(text)
    except DateFormatError as error:
        raise RowError(row.problem(str(error), column=year)) from None


def _span(row: Row, *columns: str) -> tuple[PartialDate | None, PartialDate | None]:
    start, end = _date(row, *columns[:3]), _date(row, *columns[3:])
    if start is not None and end is not None and end.last_day < start.first_day:
        raise RowError(row.problem(f"ends ({end}) before it begins ({start})", column=columns[3]))
    return start, end


def _evidence(row: Row, columns: tuple[str, ...]) -> r.Evidence:
    """The row's own cells, verbatim, as the quote behind what was made of it."""
    quote = "; ".join(f"{column} {row.values[column]}" for column in columns)
    return r.Evidence(document=DOCUMENT.id, quote=quote, locator=f"{row.path.name} line {row.line}")


def _commitments(
    agreement_id: str, atop_id: int, rows: list[Row], resolver: Resolver
) -> list[r.Commitment]:
    by_phase: dict[int, list[Row]] = defaultdict(list)
    for row in rows:
        by_phase[_int(row, "phase")].append(row)
    made: list[r.Commitment] = []
    seen: dict[str, int] = {}
    for phase, members in sorted(by_phase.items()):
        spans = [(row, *_span(row, *_MEMBER_DATES)) for row in members]
        for committer, c_start, c_end in spans:
            for column, (obligation, prefix) in OBLIGATIONS.items():
                if not committer.integer(column):
                    continue
                conditions = _conditions(committer, prefix)
                quote = _evidence(committer, ("atopid", "member", "phase", column, *_MEMBER_DATES))
                for beneficiary, b_start, b_end in spans:
                    if beneficiary.values["member"] == committer.values["member"]:
                        continue
                    start, end = later(c_start, b_start), earlier(c_end, b_end)
                    if start is not None and end is not None and end.first_day <= start.first_day:
                        continue  # never members at the same time
                    for seg_start, seg_end in _split_at_succession(
                        start, end, committer, beneficiary
                    ):
                        on = seg_start.first_day if seg_start else None
                        who = resolver.state(_int(committer, "member"), on=on)
                        whom = resolver.state(_int(beneficiary, "member"), on=on)
                        base = f"commitment/atop-{atop_id}-p{phase}-"
                        slug = f"{base}{_short(who)}-{_short(whom)}-{obligation.replace('_', '-')}"
                        seen[slug] = seen.get(slug, 0) + 1
                        made.append(
                            r.Commitment(
                                id=slug if seen[slug] == 1 else f"{slug}-{seen[slug]}",
                                label=f"{_label(resolver, who)} {obligation.replace('_', ' ')} "
                                f"commitment to {_label(resolver, whom)} (ATOP)",
                                committer=who,
                                beneficiary=whom,
                                obligation=obligation,
                                basis=agreement_id,
                                conditions=conditions,
                                valid_from=seg_start,
                                valid_to=seg_end,
                                phase=phase,
                                evidence=(quote,),
                            )
                        )
    return made


def _conditions(row: Row, prefix: str | None) -> tuple[r.Condition, ...]:
    if prefix is None:
        return ()
    found = []
    for suffix, (kind, what) in CONDITIONS.items():
        column = prefix + suffix
        if column in row.values and row.integer(column):
            found.append(r.Condition(kind=kind, note=f"conditional on {what} (ATOP {column})"))
    return tuple(found)


def _split_at_succession(
    start: PartialDate | None, end: PartialDate | None, *rows: Row
) -> list[tuple[PartialDate | None, PartialDate | None]]:
    """One span, or two when a COW 365 member's span crosses the Soviet Union's end."""
    crosses = (start is None or start.first_day < SOVIET_END) and (
        end is None or end.first_day > SOVIET_END
    )
    if crosses and any(row.values["member"].strip() in ("365", "365.0") for row in rows):
        return [(start, _SOVIET_END), (_SOVIET_END, end)]
    return [(start, end)]


def _short(record_id: str) -> str:
    return record_id.rsplit("/", 1)[1].lower()


def _label(resolver: Resolver, record_id: str) -> str:
    record = resolver.by_id.get(record_id) or resolver.created.get(record_id)
    return (record.label if record else None) or record_id


def _parties(rows: list[Row], resolver: Resolver) -> list[str]:
    found = set()
    for row in rows:
        start, end = _span(row, *_MEMBER_DATES)
        for seg_start, _ in _split_at_succession(start, end, row):
            on = seg_start.first_day if seg_start else None
            found.add(resolver.state(_int(row, "member"), on=on))
    return sorted(found)


def _agreement(
    row: Row,
    agreement_id: str,
    parties: list[str],
    phases: list[r.Phase] | tuple[r.Phase, ...],
    evidence: tuple[r.Evidence, ...],
    resolver: Resolver,
) -> r.Agreement:
    atop_id = _int(row, "atopid")
    start, _ = _span(row, *_DATES)
    names = sorted(_label(resolver, party) for party in parties)
    who = f"{len(names)} members" if len(names) > 4 else ", ".join(names)
    in_effect = row.integer("ineffect") == 1
    secret = row.integer("pubsecr")
    return r.Agreement(
        id=agreement_id,
        kind="treaty",  # ATOP codes written agreements signed by states
        label=f"ATOP alliance {atop_id} ({who}; {start.text[:4] if start else 'undated'})",
        description="In effect at the end of ATOP 5.1's coverage (2018)." if in_effect else None,
        parties=tuple(parties),
        status="in_force" if in_effect else "ended",
        atop_id=atop_id,
        phases=tuple(sorted(phases, key=lambda p: p.number)),
        secret=None if secret is None else secret > 0,
        evidence=evidence,
    )
