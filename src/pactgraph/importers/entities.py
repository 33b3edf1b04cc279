"""One node per state, organisation and weapon system, whichever dataset names it.

States come by COW code (ATOP) or by name (SIPRI). A curated actor with that code, SIPRI name, label
or alias wins; otherwise the code is looked up, at run time, in the COW↔ISO crosswalk (a state with
an ISO 3166 code becomes ``state/{ISO}``) and then in the COW state list (a historical state becomes
``state/cow-{code}``). COW code 365 is the Soviet Union before 26 December 1991 and Russia
from then on.

Every state an import links to, curated or added, also gets the ISO 3166-1 alpha-2 code that the
crosswalk row with its alpha-3 code gives (``KP`` for ``state/PRK``), so that commands find it by
that code too: the crosswalk is the only table of them, and it is read here, not copied.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from pactgraph.errors import InputError
from pactgraph.importers.tables import Row, RowError, read_table
from pactgraph.load.triples import Triple, alpha2_triples
from pactgraph.model import records as r
from pactgraph.model.dates import PartialDate

SOVIET_UNION, RUSSIA = "state/SUN", "state/RUS"
SOVIET_END = dt.date(1991, 12, 26)  # the USSR's dissolution; Russia continues its COW code 365
_SOVIET_CODE = 365
CROSSWALK_COLUMNS = ("country.name.en", "iso3c", "cown")
COW_STATES_COLUMNS = ("ccode", "statenme")
_ISO3 = re.compile(r"^[A-Z]{3}$")
_ISO2 = re.compile(r"^[A-Z]{2}$")
_ISO_STATE = re.compile(r"^state/([A-Z]{3})$")  # curated and crosswalk states alike
# Names the datasets spell differently from the code tables (folded, see :func:`fold`).
SPELLINGS = {
    "turkiye": "turkey",
    "palestine": "palestinian territories",
    "state of palestine": "palestinian territories",
    "viet nam": "vietnam",
    "lao pdr": "laos",
    "brunei darussalam": "brunei",
    "russian federation": "russia",
    "dr congo": "congo - kinshasa",
}


def slug(text: str) -> str:
    """A lowercase-hyphenated IRI slug (DESIGN §3) for names from imported files."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "unnamed"


def fold(text: str) -> str:
    """A name compared without case, accents, '&' for 'and', or a trailing '(…)' gloss."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"\s*\([^)]*\)\s*$", "", text.replace("&", " and "))
    return " ".join(text.casefold().split())


@dataclass(frozen=True)
class StateName:
    record_id: str
    label: str
    evidence: r.Evidence  # the code table's row it came from


# The code tables, cited as the source of the states they add.
CROSSWALK_DOCUMENT = r.Document(
    id="document/countrycode-codelist-0.6.0",
    kind="dataset",
    label="countrycode 0.6.0 code list (ISO 3166, COW and Gleditsch-Ward codes)",
    title="countrycode: convert country names and country codes",
    url="https://pypi.org/project/countrycode/0.6.0/",
    license="GPL-3.0-or-later",
    citation="Arel-Bundock, Vincent. countrycode 0.6.0 (Python port of the R package countrycode), "
    "its codelist table. https://pypi.org/project/countrycode/0.6.0/",
)
COW_DOCUMENT = r.Document(
    id="document/cow-state-system-2016",
    kind="dataset",
    label="Correlates of War State System Membership List, v2016",
    title="State System Membership List, v2016",
    date=PartialDate.parse("2017"),
    url="http://correlatesofwar.org",
    citation='Correlates of War Project. 2017. "State System Membership List, v2016." '
    "Online, http://correlatesofwar.org",
)


def read_state_names(*, crosswalk: Path, cow_states: Path) -> dict[int, StateName]:
    """COW code → the state id and label pactgraph gives it, from the two code tables."""
    names: dict[int, StateName] = {}
    for row in read_table(cow_states, required=COW_STATES_COLUMNS).rows():
        code = _code(row, "ccode")
        if code is not None:
            label = row.values["statenme"].strip()
            names.setdefault(code, StateName(f"state/cow-{code}", label, _quote(COW_DOCUMENT, row)))
    by_iso: dict[int, StateName] = {}
    for row in read_table(crosswalk, required=CROSSWALK_COLUMNS).rows():
        iso, code = row.values["iso3c"].strip(), _code(row, "cown")
        if code is not None and _ISO3.match(iso):
            label = row.values["country.name.en"].strip()
            by_iso.setdefault(
                code, StateName(f"state/{iso}", label, _quote(CROSSWALK_DOCUMENT, row))
            )
    return names | by_iso


def read_iso_names(crosswalk: Path) -> dict[str, StateName]:
    """Country name (case-folded) → state, for names that carry no COW code."""
    found: dict[str, StateName] = {}
    for row in read_table(crosswalk, required=CROSSWALK_COLUMNS).rows():
        iso = row.values["iso3c"].strip()
        if _ISO3.match(iso):
            name = row.values["country.name.en"].strip()
            found.setdefault(
                fold(name), StateName(f"state/{iso}", name, _quote(CROSSWALK_DOCUMENT, row))
            )
    return found


@dataclass(frozen=True)
class Alpha2:
    code: str
    evidence: r.Evidence  # the crosswalk row that pairs it with the alpha-3 code


def read_alpha2(crosswalk: Path) -> dict[str, Alpha2]:
    """ISO alpha-3 → alpha-2 code, for rows with both. A crosswalk without an ``iso2c`` column
    still places states (that is what it is required for): it only yields no alpha-2 codes."""
    found: dict[str, Alpha2] = {}
    for row in read_table(crosswalk, required=CROSSWALK_COLUMNS).rows():
        # Raw cells, not Row.integer's reading: Namibia's code is "NA", which is not "missing".
        iso3, iso2 = row.values["iso3c"].strip(), row.values.get("iso2c", "").strip()
        if _ISO3.match(iso3) and _ISO2.match(iso2):
            found.setdefault(iso3, Alpha2(iso2, _quote(CROSSWALK_DOCUMENT, row)))
    return found


def read_cow_names(cow_states: Path) -> dict[str, int]:
    """COW state name (folded) → COW code, for names that the crosswalk spells differently."""
    found = {}
    for row in read_table(cow_states, required=COW_STATES_COLUMNS).rows():
        code = _code(row, "ccode")
        if code is not None:
            found[fold(row.values["statenme"])] = code
    return found


def _code(row: Row, column: str) -> int | None:
    """A code table's number; a bad one makes the table unusable (an input error)."""
    try:
        return row.integer(column)
    except RowError as error:
        raise InputError([error.problem]) from None


def _quote(document: r.Document, row: Row) -> r.Evidence:
    return r.Evidence(document=document.id, quote=row.text, locator=f"line {row.line}")


@dataclass
class Resolver:
    """Maps codes and names to record ids, creating records for the states it had to add and
    keeping the states it linked to, whose alpha-2 codes the import states."""

    curated: tuple[r.AnyRecord, ...]
    states: dict[int, StateName]
    iso_names: dict[str, StateName]
    cow_names: dict[str, int] = field(default_factory=dict)
    alpha2: dict[str, Alpha2] = field(default_factory=dict)
    created: dict[str, r.AnyRecord] = field(default_factory=dict)
    unresolved: dict[str, int] = field(default_factory=dict)
    linked: set[str] = field(default_factory=set)  # the states given an alpha-2 code

    def __post_init__(self) -> None:
        self.by_id = {record.id: record for record in self.curated}
        self.by_cow: dict[int, str] = {}
        self.by_name: dict[str, str] = {}
        self.by_sipri: dict[str, str] = {}
        self.capabilities: dict[str, str] = {}
        for record in self.curated:
            if isinstance(record, r.Actor):
                if record.cow_code is not None and record.id not in (SOVIET_UNION, RUSSIA):
                    self.by_cow.setdefault(record.cow_code, record.id)
                if record.sipri_name:
                    self.by_sipri[record.sipri_name] = record.id
                for name in (record.label, *record.aliases):
                    if name:
                        self.by_name.setdefault(fold(name), record.id)
            elif isinstance(record, r.Capability):
                for name in (record.label, *record.aliases):
                    if name:
                        self.capabilities.setdefault(fold(name), record.id)

    def state(self, code: int, *, on: dt.date | None) -> str:
        """The state with COW ``code`` on a day (None: today); unknown codes are listed."""
        return self._link(self._state(code, on=on))

    def actor(self, name: str, *, on: dt.date | None, cow: int | None = None) -> str:
        """The actor a dataset's name (SIPRI marks non-state actors '*', organisations '**')."""
        return self._link(self._actor(name, on=on, cow=cow))

    def alpha2_statements(self) -> tuple[Triple, ...]:
        """The alpha-2 code of every state linked to, citing its crosswalk row unless the
        state's own record (one this import added from that row) cites it already."""
        found: list[Triple] = []
        for record_id in sorted(self.linked):
            code = self._alpha2_of(record_id)
            assert code is not None  # only states with one are linked
            cited = self._citing(record_id, code)
            found.extend(alpha2_triples(record_id, code=code.code, evidence=cited))
        return tuple(found)

    def _alpha2_of(self, record_id: str) -> Alpha2 | None:
        match = _ISO_STATE.match(record_id)
        record = self.by_id.get(record_id) or self.created.get(record_id)
        if match is None or not isinstance(record, r.Actor) or record.kind != "state":
            return None
        return self.alpha2.get(match.group(1))

    def _citing(self, record_id: str, code: Alpha2) -> tuple[r.Evidence, ...]:
        record = self.created.get(record_id)
        return () if record is not None and code.evidence in record.evidence else (code.evidence,)

    def _link(self, record_id: str) -> str:
        code = self._alpha2_of(record_id)
        if code is not None and record_id not in self.linked:
            self.linked.add(record_id)
            if self._citing(record_id, code):  # the document cited joins the added entities
                self.created.setdefault(CROSSWALK_DOCUMENT.id, CROSSWALK_DOCUMENT)
        return record_id

    def _state(self, code: int, *, on: dt.date | None) -> str:
        if code == _SOVIET_CODE:
            if on is not None and on < SOVIET_END:
                return self._ensure(SOVIET_UNION, "Soviet Union", code, None)
            return self._ensure(RUSSIA, "Russia", code, None)
        if code in self.by_cow:
            return self.by_cow[code]
        name = self.states.get(code)
        if name is None:  # ATOP codes a few polities outside the COW system (e.g. 8152)
            key = f"COW code {code}"
            self.unresolved[key] = self.unresolved.get(key, 0) + 1
            record_id = f"actor/cow-{code}"
            self.created.setdefault(
                record_id,
                r.Actor(id=record_id, kind="actor", label=f"{key} (not in the COW state list)"),
            )
            return record_id
        return self._ensure(name.record_id, name.label, code, name.evidence)

    def _actor(self, name: str, *, on: dt.date | None, cow: int | None) -> str:
        bare = name.rstrip("*").strip()
        for found in (self.by_sipri.get(name), self.by_name.get(fold(bare))):
            if found:
                return found
        if fold(bare) in SPELLINGS and not name.endswith("*"):
            bare = SPELLINGS[fold(bare)]
            found = self.by_name.get(fold(bare))
            if found:
                return found
        if cow is not None and (cow == _SOVIET_CODE or cow in self.by_cow or cow in self.states):
            return self.state(cow, on=on)
        if fold(bare) in self.iso_names:
            state = self.iso_names[fold(bare)]
            return self._ensure(state.record_id, state.label, None, state.evidence)
        if fold(bare) in self.cow_names:
            return self.state(self.cow_names[fold(bare)], on=on)
        kind = (
            "international_organization"
            if name.endswith("**")
            else "non_state_organization"
            if name.endswith("*")
            else None
        )
        if kind is None:
            self.unresolved[name] = self.unresolved.get(name, 0) + 1
        record_id = f"{'organization' if kind else 'actor'}/sipri-{slug(bare)}"
        if record_id not in self.created:
            self.created[record_id] = r.Actor(
                id=record_id, kind=kind or "actor", label=bare, sipri_name=name
            )
        return record_id

    def capability(self, designation: str, *, description: str | None) -> str:
        """The weapon system a designation names: a curated one (label or alias), else a new one."""
        found = self.capabilities.get(fold(designation))
        if found:
            return found
        record_id = f"capability/sipri-{slug(designation)}"
        if record_id not in self.created:
            self.created[record_id] = r.Capability(
                id=record_id, kind="weapon_system", label=designation, description=description
            )
        self.capabilities[fold(designation)] = record_id
        return record_id

    def _ensure(
        self, record_id: str, label: str, code: int | None, evidence: r.Evidence | None
    ) -> str:
        if record_id not in self.by_id and record_id not in self.created:
            self.created[record_id] = r.Actor(
                id=record_id,
                kind="state",
                label=label,
                cow_code=code,
                evidence=(evidence,) if evidence else (),
            )
            if evidence:
                document = {d.id: d for d in (COW_DOCUMENT, CROSSWALK_DOCUMENT)}[evidence.document]
                self.created.setdefault(document.id, document)
        return record_id
