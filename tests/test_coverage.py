"""Coverage since ATOP's 2018 end: competency questions on dates either side of each curated change.

Every question is asked through the command line on the shipped (curated) data. The last test
imports the real ATOP 5.1 files and is skipped where ../shared/data (or $PACTGRAPH_SHARED/data)
is absent. ``test_every_extension_record_is_sourced`` reads graph_data itself: each record of the
extension cites at least one dated document, with a short verbatim quote for every source.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from pactgraph.cli import cli

NATO = "pgid:agreement/north-atlantic-treaty-1949"
AES = "pgid:agreement/liptako-gourma-charter-2023"
RU_UA = "pgid:agreement/ru-ua-friendship-cooperation-partnership-1997"
RU_IR = "pgid:agreement/ir-ru-comprehensive-strategic-partnership-2025"
SA_PK = "pgid:agreement/pk-sa-strategic-mutual-defence-2025"
FR_GR = "pgid:agreement/fr-gr-strategic-partnership-defence-security-2021"
AUKUS = "pgid:agreement/au-gb-us-aukus-joint-statement-2021"
PMAD = "pgid:agreement/ecowas-protocol-mutual-assistance-defence-1981"
CST = "pgid:agreement/collective-security-treaty-1992"
BY_RU = "pgid:agreement/by-ru-security-guarantees-union-state-2024"
FR_PL = "pgid:agreement/fr-pl-treaty-of-nancy-2025"

# The agreements of the extension; their commitments, the affiliations and events about them and
# the documents they cite make up the rest of it.
EXTENSION = {
    a.removeprefix("pgid:")
    for a in (NATO, AES, RU_UA, RU_IR, SA_PK, FR_GR, AUKUS, PMAD, CST, BY_RU, FR_PL)
}
ORGANISATIONS = {
    "organization/nato",
    "organization/ecowas",
    "organization/alliance-of-sahel-states",
}

GRAPH_DATA = Path(__file__).resolve().parents[1] / "graph_data"  # the shipped curated data
SHARED = Path(os.environ.get("PACTGRAPH_SHARED", Path(__file__).resolve().parents[2] / "shared"))
ATOP = SHARED / "data" / "atop_5.1"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One store for the module: the curated data does not change between questions."""
    return tmp_path_factory.mktemp("coverage-store")


def cli_json(store: Path, *args: str) -> Any:
    result = CliRunner().invoke(cli, ["--store", str(store), *args], prog_name="pactgraph")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def trace(store: Path, target: str, as_of: str, *options: str) -> list[dict[str, Any]]:
    answer = cli_json(
        store, "trace", "--to", target, "--as-of", as_of, "--format", "json", *options
    )
    assert answer["as_of"] == as_of
    return answer["commitments"]


def committers(commitments: list[dict[str, Any]], basis: str) -> set[str]:
    return {
        c["committer"]["id"].removeprefix("pgid:state/")
        for c in commitments
        if c["agreement"] and c["agreement"]["id"] == basis
    }


NATO_2020 = {
    "ALB", "BEL", "BGR", "CAN", "CZE", "DEU", "DNK", "ESP", "EST", "FRA", "GBR", "GRC", "HRV",
    "HUN", "ISL", "ITA", "LTU", "LUX", "LVA", "MNE", "NLD", "NOR", "POL", "PRT", "ROU", "SVK",
    "SVN", "TUR", "USA",
}  # fmt: skip


@pytest.mark.parametrize(
    ("newcomer", "day_before", "day_after", "allies"),
    [
        ("North Macedonia", "2020-03-26", "2020-03-28", NATO_2020),
        ("Finland", "2023-04-03", "2023-04-05", NATO_2020 | {"MKD"}),
        ("Sweden", "2024-03-06", "2024-03-08", NATO_2020 | {"MKD", "FIN"}),
    ],
)
def test_nato_accessions_bring_article_5_on_the_day_of_membership(
    store: Path, newcomer: str, day_before: str, day_after: str, allies: set[str]
) -> None:
    assert committers(trace(store, newcomer, day_before), NATO) == set()
    after = trace(store, newcomer, day_after)
    assert committers(after, NATO) == allies
    pledge = next(c for c in after if c["committer"]["id"] == "pgid:state/USA")
    assert (pledge["status"], pledge["article"], pledge["valid_to"]) == (
        "in_force",
        "Article 5",
        None,
    )
    assert any("Article 51" in condition for condition in pledge["conditions"])


def test_a_new_ally_also_defends_the_older_ones_from_its_own_accession(store: Path) -> None:
    assert "FIN" not in committers(trace(store, "Poland", "2023-04-03"), NATO)
    assert "FIN" in committers(trace(store, "Poland", "2023-04-05"), NATO)
    # Finland joined before Sweden, so Finland's pledge to Sweden starts with Sweden's accession.
    assert "FIN" not in committers(trace(store, "SWE", "2024-03-06"), NATO)


def test_signed_but_not_a_member_is_not_defended(store: Path) -> None:
    # North Macedonia's accession protocol was signed on 6 February 2019: no Article 5 yet.
    assert committers(trace(store, "MKD", "2019-06-01"), NATO) == set()
    listed = trace(store, "MKD", "2019-06-01", "--include-inactive")
    assert all(c["status"] != "in_force" for c in listed if c["agreement"]["id"] == NATO)


def test_a_pledge_to_a_later_member_did_not_exist_before_it_joined(store: Path) -> None:
    """Not "signed": the 1949 treaty was in force, and Finland not a party to it, in 2022."""
    assert committers(trace(store, "Finland", "2022-06-01", "--include-inactive"), NATO) == set()
    # Nor was Russia a party to the 1961 Soviet treaty before it continued the USSR's.
    old = trace(store, "North Korea", "1980-01-01", "--include-inactive")
    assert "pgid:state/RUS" not in {c["committer"]["id"] for c in old}
    # A treaty signed and not yet in force is still "signed" on that day (in force 2024-12-04).
    listed = trace(store, "North Korea", "2024-08-01", "--include-inactive")
    assert ("pgid:state/RUS", "signed") in {(c["committer"]["id"], c["status"]) for c in listed}


def test_sahel_states_defend_each_other_from_the_liptako_gourma_charter(store: Path) -> None:
    assert committers(trace(store, "Niger", "2023-09-15"), AES) == set()
    assert committers(trace(store, "Niger", "2023-09-17"), AES) == {"BFA", "MLI"}
    pledges = trace(store, "Mali", "2024-06-01", "--obligation", "non_aggression")
    assert committers(pledges, AES) == {"BFA", "NER"}


def test_the_1997_russia_ukraine_treaty_ends_on_1_april_2019(store: Path) -> None:
    before = trace(store, "Ukraine", "2019-03-31", "--obligation", "non_aggression")
    assert committers(before, RU_UA) == {"RUS"}
    assert (
        committers(trace(store, "Ukraine", "2019-04-01", "--obligation", "non_aggression"), RU_UA)
        == set()
    )
    ended = trace(
        store, "Ukraine", "2019-04-02", "--obligation", "non_aggression", "--include-inactive"
    )
    [pledge] = [c for c in ended if c["agreement"]["id"] == RU_UA]
    assert (pledge["status"], pledge["valid_to"]) == ("expired", "2019-04-01")


def test_russia_iran_treaty_is_neutrality_not_defence(store: Path) -> None:
    assert committers(trace(store, "Iran", "2025-12-01"), RU_IR) == set()
    neutral = trace(store, "Iran", "2025-12-01", "--obligation", "neutrality")
    assert committers(neutral, RU_IR) == {"RUS"}
    signed = trace(store, "Iran", "2025-09-01", "--obligation", "neutrality", "--include-inactive")
    assert [c["status"] for c in signed if c["agreement"]["id"] == RU_IR] == ["signed"]


def test_agreements_not_known_in_force_show_only_as_signed(store: Path) -> None:
    assert committers(trace(store, "Pakistan", "2025-10-01"), SA_PK) == set()
    listed = trace(store, "Pakistan", "2025-10-01", "--include-inactive")
    assert [
        (c["committer"]["id"], c["status"]) for c in listed if c["agreement"]["id"] == SA_PK
    ] == [("pgid:state/SAU", "signed")]
    greece = trace(store, "Greece", "2022-01-01", "--include-inactive")
    assert [c["status"] for c in greece if c["agreement"]["id"] == FR_GR] == ["signed"]
    # The date of signature is disputed (27 or 28 September 2021): the preferred one counts.
    assert [
        c
        for c in trace(store, "Greece", "2021-09-27", "--include-inactive")
        if c["agreement"]["id"] == FR_GR
    ] == []


def test_new_bilateral_guarantees_in_europe_are_signed_not_yet_known_in_force(store: Path) -> None:
    belarus = trace(store, "Belarus", "2025-03-01", "--include-inactive")
    assert [
        (c["committer"]["id"], c["status"]) for c in belarus if c["agreement"]["id"] == BY_RU
    ] == [("pgid:state/RUS", "signed")]
    umbrella = trace(
        store, "Belarus", "2025-03-01", "--obligation", "extended_deterrence", "--include-inactive"
    )
    assert committers(umbrella, BY_RU) == {"RUS"}
    assert [
        c
        for c in trace(store, "Belarus", "2024-12-05", "--include-inactive")
        if c["agreement"]["id"] == BY_RU
    ] == []
    poland = trace(store, "Poland", "2025-06-01", "--include-inactive")
    assert [
        (c["committer"]["id"], c["status"]) for c in poland if c["agreement"]["id"] == FR_PL
    ] == [("pgid:state/FRA", "signed")]


def test_aukus_is_called_an_alliance_but_is_not_in_a_defence_trace(store: Path) -> None:
    assert committers(trace(store, "Australia", "2024-01-01"), AUKUS) == set()
    anything = trace(store, "Australia", "2024-01-01", "--obligation", "any")
    aukus = [c for c in anything if c["agreement"]["id"] == AUKUS]
    assert {(c["committer"]["id"], c["obligation"], c["modality"]) for c in aukus} == {
        ("pgid:state/USA", "technology_transfer", "intended"),
        ("pgid:state/GBR", "technology_transfer", "intended"),
    }


def test_sahel_states_leave_ecowas_on_29_january_2025(store: Path) -> None:
    members = cli_json(
        store, "query", "grouping-members", "-p", "grouping", "ECOWAS", "--format", "json"
    )
    text = json.dumps(members)
    assert {m["member"].rsplit("/", 1)[1]: m["valid_to"] for m in members} == {
        "BFA": "2025-01-29",
        "MLI": "2025-01-29",
        "NER": "2025-01-29",
    }
    assert "2025-01-29" in text


def test_armenia_csto_freeze_is_recorded_as_a_disputed_reading(store: Path) -> None:
    answer = cli_json(store, "query", "assessments", "-p", "about", CST, "--format", "json")
    text = json.dumps(answer)
    assert "frozen" in text
    assert "official action" in text


def _records(name: str) -> list[dict[str, Any]]:
    with (GRAPH_DATA / f"{name}.yaml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle) or []


def test_every_extension_record_is_sourced() -> None:
    documents = {d["id"]: d for d in _records("documents")}
    agreements = [a for a in _records("agreements") if a["id"] in EXTENSION]
    assert {a["id"] for a in agreements} == EXTENSION
    records: list[tuple[str, list[dict[str, Any]]]] = []
    claims_: list[tuple[str, list[dict[str, Any]]]] = []  # dated claims: a quote each, dated or not
    for agreement in agreements:
        records.append((agreement["id"], agreement["sources"]))
        for party in agreement["parties"]:
            if isinstance(party, dict):
                records.append((f"{agreement['id']} party {party['actor']}", party["sources"]))
        for event in ("signed", "entered_into_force", "expired", "terminated", "ratified"):
            claims = agreement.get(event) or []
            for claim in claims if isinstance(claims, list) else [claims]:
                claims_.append((f"{agreement['id']} {event}", claim["sources"]))
    for kind, key, targets in (
        ("commitments", "basis", EXTENSION),
        ("affiliations", "object", ORGANISATIONS),
    ):
        records += [
            (r["id"], r["sources"])
            for r in _records(kind)
            if r.get(key) in targets and r.get("subject", "state/").startswith("state/")
        ]
    for kind in ("events", "assessments"):
        records += [
            (r["id"], r["sources"]) for r in _records(kind) if EXTENSION & set(r.get("about", []))
        ]
    assert len(records) > 250
    for record, sources in records + claims_:
        assert sources, record
        for source in sources:
            document = documents[source["document"]]
            assert 0 < len(source["quote"].strip()) < 600, (record, source)
            assert document.get("url"), (record, document["id"])
            assert document.get("label"), (record, document["id"])
    for record, sources in records:
        assert any(documents[s["document"]].get("date") for s in sources), (
            f"{record}: no dated source"
        )


def test_every_amended_atop_alliance_is_named_by_its_atop_id() -> None:
    ids = {a["id"]: a.get("atop_id") for a in _records("agreements")}
    assert ids["agreement/north-atlantic-treaty-1949"] == 3180
    assert ids["agreement/collective-security-treaty-1992"] == 4220
    assert ids["agreement/ru-ua-friendship-cooperation-partnership-1997"] == 4875
    assert ids["agreement/ecowas-protocol-mutual-assistance-defence-1981"] == 3895


@pytest.fixture(scope="module")
def combined(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the real ATOP 5.1 imported beside the curated data (about two minutes)."""
    if not ATOP.is_dir():
        pytest.skip(f"{ATOP} is absent (the real ATOP 5.1 files)")
    store = tmp_path_factory.mktemp("combined-store")
    result = CliRunner().invoke(
        cli, ["--store", str(store), "import", "atop", str(ATOP)], prog_name="pactgraph"
    )
    assert result.exit_code == 0, result.output
    return store


@pytest.mark.shared_data
def test_combined_store_answers_today_for_states_whose_alliances_changed(combined: Path) -> None:
    # NATO: the curated treaty is ATOP 3180, so ATOP's members and the newcomers meet in one node,
    # and the treaty's post-2018 sources confirm ATOP's pledges among the 2018 members.
    finland = trace(combined, "Finland", "2025-06-01")
    assert len(committers(finland, NATO)) == 31
    poland = [c for c in trace(combined, "Poland", "2025-06-01") if c["agreement"]["id"] == NATO]
    assert len({c["committer"]["id"] for c in poland}) == 31
    assert {c["status"] for c in poland} == {"in_force"}
    # The 1997 Russia-Ukraine treaty (ATOP 4875): the curated non-aggression pledges replace
    # ATOP's and end with the curated expiry.
    ukraine = trace(combined, "Ukraine", "2025-06-01", "--obligation", "non_aggression")
    assert committers(ukraine, RU_UA) == set()
    # The ECOWAS defence protocol (ATOP 3895) cites no post-2018 source: ATOP's pledges to Niger
    # are not confirmed in force today (Niger left ECOWAS on 29 January 2025).
    niger = trace(combined, "Niger", "2025-06-01")
    assert "in_force" not in {c["status"] for c in niger if c["agreement"]["id"] == PMAD}
    assert committers(niger, AES) == {"BFA", "MLI"}


@pytest.mark.shared_data
def test_imported_commitments_end_with_their_curated_basis(combined: Path) -> None:
    ukraine = trace(combined, "Ukraine", "2025-06-01", "--obligation", "consultation")
    assert committers(ukraine, RU_UA) == set()
