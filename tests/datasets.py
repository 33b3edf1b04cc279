"""Small dataset fixtures, written by hand in the column layouts of ATOP 5.1, SIPRI and the code
tables (no rows copied from the real files, which tests read only from ../shared/data)."""

from __future__ import annotations

from pathlib import Path

from pactgraph.importers.atop import ALLIANCE_COLUMNS, PHASE_COLUMNS, member_columns

from .conftest import MINIMAL

# Invented alliances between real COW codes: 9001 is bilateral, 710 (China) and 731 (North
# Korea), with a defence obligation conditioned on location; 9002 has the Soviet Union / Russia
# (365) across 26 December 1991 with North Korea, non-aggression only; 9003 is the curated test
# treaty (atop_id 9003 in CURATED_WITH_ATOP), defence both ways.
ALLIANCES = [
    {
        "atopid": "9001",
        "begyr": "1961",
        "begmo": "7",
        "begday": "11",
        "endyr": "0",
        "ineffect": "1",
    },
    {"atopid": "9002", "begyr": "1980", "begmo": "1", "begday": "", "endyr": "1995", "endmo": "6"},
    {
        "atopid": "9003",
        "begyr": "2024",
        "begmo": "6",
        "begday": "19",
        "endyr": "0",
        "ineffect": "1",
    },
]
PHASES = [
    {"atopid": "9001", "phase": "0", "begyr": "1961", "begmo": "7", "begday": "11", "endyr": "0"},
    {"atopid": "9002", "phase": "1", "begyr": "1980", "begmo": "1", "endyr": "1990", "endmo": "1"},
    {"atopid": "9002", "phase": "2", "begyr": "1990", "begmo": "1", "endyr": "1995", "endmo": "6"},
    {"atopid": "9003", "phase": "0", "begyr": "2024", "begmo": "6", "begday": "19", "endyr": "0"},
]
_BILATERAL = {"yrent": "1961", "moent": "7", "dayent": "11", "yrexit": "0", "defense": "1"}
MEMBERS = [
    {"atopid": "9001", "member": "710", "phase": "0", **_BILATERAL, "defcoloc": "1"},
    {"atopid": "9001", "member": "731", "phase": "0", **_BILATERAL},
    {"atopid": "9002", "member": "365", "phase": "2", "yrent": "1990", "moent": "1",
     "yrexit": "1995", "moexit": "6", "nonagg": "1"},
    {"atopid": "9002", "member": "731", "phase": "2", "yrent": "1990", "moent": "1",
     "yrexit": "1995", "moexit": "6", "nonagg": "1"},
    {"atopid": "9003", "member": "365", "phase": "0", "yrent": "2024", "moent": "6",
     "dayent": "19", "yrexit": "0", "defense": "1"},
    {"atopid": "9003", "member": "731", "phase": "0", "yrent": "2024", "moent": "6",
     "dayent": "19", "yrexit": "0", "defense": "1"},
]  # fmt: skip

CROSSWALK = """\
country.name.en,iso3c,iso2c,iso3n,cowc,cown,cow.name,gwc,gwn,p5n,vdem
China,CHN,CN,156.0,CHN,710.0,China,CHN,710.0,710.0,110.0
North Korea,PRK,KP,408.0,PRK,731.0,North Korea,PRK,731.0,731.0,41.0
Russia,RUS,RU,643.0,RUS,365.0,Russia,RUS,365.0,365.0,11.0
Serbia,SRB,RS,688.0,,,,,,,
Czechoslovakia,,,,CZE,315.0,Czechoslovakia,CZE,315.0,315.0,
"""
COW_STATES = """\
stateabb,ccode,statenme,styear,stmonth,stday,endyear,endmonth,endday,version
CHN,710,China,1860,1,1,2016,12,31,2016
PRK,731,North Korea,1948,9,9,2016,12,31,2016
RUS,365,Russia,1816,1,1,2016,12,31,2016
CZE,315,Czechoslovakia,1918,11,18,1992,12,31,2016
YAR,678,Yemen Arab Republic,1926,9,2,1990,5,21,2016
"""

REGISTER = """\
recipient,supplier,order_year,order_year_uncertain,number_ordered,number_ordered_uncertain,\
weapon_designation,weapon_description,number_delivered,number_delivered_uncertain,delivery_years,\
status,comments,tiv_per_unit,tiv_total_order,tiv_delivered
Russia,North Korea,2023,?,,,Hwasong-11,surface-to-surface missile,50,?,2023; 2024,New,,2,,100
Czechoslovakia,Soviet Union,1970,,10,,T-55,tank,10,,1971; 1972,New,"Made under licence,
partly",0.5,5,5
Yemen Arab Republic (North Yemen),Serbia,2010,,4,,Widget-1,trainer aircraft,,,,Second hand,,1,4,
Hezbollah (Lebanon)*,unknown supplier(s),2006,?,20,?,Widget-2,anti-tank missile,20,,2006,New,,\
0.1,2,2
"""

DELIVERIES = """\
Transfers of major conventional arms. Deals with deliveries made for the years '2023' to '2024';
A '?' in a column indicates uncertain data.;
Source: SIPRI Arms Transfers Database (c) SIPRI.;
Data generated: 12 Feb 2026 12:26:12 PM;
SIPRI AT Database ID,Supplier,Recipient,Designation,Description,Armament category,Order date,\
Order date is estimate,Numbers delivered,Numbers delivered is estimate,Delivery year,\
Delivery year is estimate,Status,SIPRI estimate,TIV deal unit,TIV delivery values,Local production;
101,North Korea,Russia,Hwasong-11,surface-to-surface missile,Missiles,2023,Yes,5,Yes,2023,No,New,\
2.5,2.5,12.5,No;
101,North Korea,Russia,Hwasong-11,surface-to-surface missile,Missiles,2023,Yes,10,No,2024,,New,\
2.5,2.5,25,No;
"""

NAMES = """\
sipri_name,cown
North Korea,731.0
Russia,365.0
Soviet Union,365.0
African Union**,
"""

# The conftest MINIMAL data's agreement/treaty, with an ATOP id; and the KN-23 with its alias.
CURATED_WITH_ATOP = {
    "agreements.yaml": MINIMAL["agreements.yaml"].replace(
        "  status: in_force", "  atop_id: 9003\n          status: in_force", 1
    ),
    "capabilities.yaml": """\
        - id: capability/kn-23
          kind: short_range_ballistic_missile
          label: KN-23
          aliases: [Hwasong-11]
          sources:
            - document: document/source
              quote: the KN-23
        """,
}


def csv_text(columns: tuple[str, ...], rows: list[dict[str, str]]) -> str:
    """A CSV with ATOP's convention: absent numbers are 0."""
    lines = [",".join(columns)]
    lines += [",".join(row.get(column, "0") for column in columns) for row in rows]
    return "\n".join(lines) + "\n"


def write_atop(directory: Path, *, members: list[dict[str, str]] | None = None) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "atop5_1a.csv").write_text(csv_text(ALLIANCE_COLUMNS, ALLIANCES))
    (directory / "atop5_1aph.csv").write_text(csv_text(PHASE_COLUMNS, PHASES))
    (directory / "atop5_1m.csv").write_text(
        csv_text(member_columns(), MEMBERS if members is None else members)
    )
    return directory


def write_shared(root: Path) -> Path:
    """A ../shared/data-like folder: ATOP, SIPRI and the code tables, side by side."""
    write_atop(root / "atop_5.1")
    (root / "crosswalks").mkdir(parents=True)
    (root / "crosswalks" / "countrycode_iso_cow_gw.csv").write_text(CROSSWALK)
    (root / "cow_states_2016").mkdir()
    (root / "cow_states_2016" / "states2016.csv").write_text(COW_STATES)
    sipri = root / "sipri_arms_transfers"
    sipri.mkdir()
    (sipri / "register.csv").write_text(REGISTER)
    (sipri / "deliveries.csv").write_bytes(DELIVERIES.replace("\n", "\r\n").encode())
    (sipri / "sipri_name_to_cown_from_360info.csv").write_text(NAMES)
    return root


def imported_terms() -> set[str]:
    """The ontology terms (properties and classes) the importers write for these fixtures."""
    import tempfile

    from pactgraph.importers.atop import read_atop
    from pactgraph.importers.entities import (
        Resolver,
        read_alpha2,
        read_cow_names,
        read_iso_names,
        read_state_names,
    )
    from pactgraph.importers.sipri import read_names, read_sipri
    from pactgraph.load.curated import read_records
    from pactgraph.load.triples import records_to_triples
    from pactgraph.model.vocab import ONTOLOGY

    from .conftest import write_data

    terms: set[str] = set()
    with tempfile.TemporaryDirectory() as folder:
        root = write_shared(Path(folder) / "shared")
        data = write_data(Path(folder) / "data", {**MINIMAL, **CURATED_WITH_ATOP})
        crosswalk = root / "crosswalks" / "countrycode_iso_cow_gw.csv"
        cow = root / "cow_states_2016" / "states2016.csv"
        sipri = root / "sipri_arms_transfers"
        for read in (
            lambda resolver: read_atop(root / "atop_5.1", resolver=resolver),
            *(
                lambda resolver, name=name: read_sipri(
                    sipri / name,
                    resolver=resolver,
                    names=read_names(sipri / "sipri_name_to_cown_from_360info.csv"),
                )
                for name in ("register.csv", "deliveries.csv")
            ),
        ):
            resolver = Resolver(
                curated=read_records(data),
                states=read_state_names(crosswalk=crosswalk, cow_states=cow),
                iso_names=read_iso_names(crosswalk),
                cow_names=read_cow_names(cow),
                alpha2=read_alpha2(crosswalk),
            )
            batch = read(resolver)
            made = [*batch.records, *batch.entities]
            for _, p, o in [*records_to_triples(made), *batch.extra, *batch.entity_extra]:
                terms.add(str(p))
                if str(p).endswith("#type") or str(p).endswith("estimatedValue"):
                    terms.add(str(o))
    return {t.removeprefix(ONTOLOGY) for t in terms if t.startswith(ONTOLOGY)}
