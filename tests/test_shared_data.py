"""The real datasets in ../shared/data, imported whole: counts and facts checked against the files.

Skipped where ../shared/data (or $PACTGRAPH_SHARED/data) is absent: a user's clone has no copy.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest

from pactgraph.ask.trace import trace as _trace
from pactgraph.importers.imports import ImportSummary, import_atop, import_sipri
from pactgraph.load.curated import read_records
from pactgraph.model.records import Agreement, Commitment
from pactgraph.model.resources import default_data_dir
from pactgraph.model.terms import Term
from pactgraph.model.vocab import import_graph
from pactgraph.store.backends import OxigraphBackend, Solutions
from pactgraph.store.dataset import default_graphs
from pactgraph.store.embedded import open_store

SHARED = Path(os.environ.get("PACTGRAPH_SHARED", Path(__file__).resolve().parents[2] / "shared"))
DATA = SHARED / "data"
REGISTER = DATA / "sipri_arms_transfers" / "sipri_trade_register_1950_2024_clean.csv"
PG = "PREFIX pg: <https://w3id.org/pactgraph/ontology#>\n"

pytestmark = [
    pytest.mark.shared_data,
    pytest.mark.skipif(not DATA.is_dir(), reason=f"{DATA} is absent (the real datasets)"),
]


def trace(*args: Any, **kwargs: Any) -> dict[str, Any]:
    """The answer as DESIGN §6's JSON object."""
    return _trace(*args, **kwargs).to_json()


@pytest.fixture(scope="module")
def combined(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[OxigraphBackend, dict[str, ImportSummary]]:
    store_dir = tmp_path_factory.mktemp("store")
    summaries = {
        "atop": import_atop(DATA / "atop_5.1", data_dir=default_data_dir(), store_dir=store_dir),
        "sipri": import_sipri(REGISTER, data_dir=default_data_dir(), store_dir=store_dir),
    }
    return open_store(data_dir=default_data_dir(), store_dir=store_dir), summaries


def rows(backend: OxigraphBackend, query: str, graphs: list[str]) -> list[dict[str, Term]]:
    answer = backend.run(PG + query, graphs=graphs)
    assert isinstance(answer, Solutions)
    return answer.dicts()


def count(backend: OxigraphBackend, query: str, graphs: list[str]) -> int:
    (row,) = rows(backend, query, graphs)
    return int(row["n"].value)


def test_every_alliance_and_deal_is_imported(
    combined: tuple[OxigraphBackend, dict[str, ImportSummary]],
) -> None:
    backend, summaries = combined
    graphs = default_graphs(backend)
    assert import_graph("atop") in graphs
    assert import_graph("sipri") in graphs
    alliances = "SELECT (COUNT(DISTINCT ?id) AS ?n) WHERE { ?a pg:atopId ?id }"
    assert count(backend, alliances, graphs) == 789
    deals = "SELECT (COUNT(?t) AS ?n) WHERE { ?t a pg:Transfer }"
    assert count(backend, deals, [import_graph("sipri")]) == 29_515
    assert summaries["atop"].rows == 789 + 849 + 2_510
    assert summaries["sipri"].rows == 29_515
    # Every curated treaty that names its ATOP alliance is that alliance's node; ATOP's rows
    # become sources of the curated pledges they repeat, never more than there are of those.
    records = read_records(default_data_dir())
    named = [a for a in records if isinstance(a, Agreement) and a.atop_id is not None]
    assert summaries["atop"].matched["agreements"] == len(named)
    absorbing = [
        c for c in records if isinstance(c, Commitment) and c.basis in {a.id for a in named}
    ]
    assert 0 < summaries["atop"].matched["commitments"] <= len(absorbing)
    assert summaries["atop"].bad_rows == summaries["sipri"].bad_rows == ()


def test_curated_treaties_gain_atop_as_a_source(
    combined: tuple[OxigraphBackend, dict[str, ImportSummary]],
) -> None:
    backend, _ = combined
    answer = trace(backend, target="PRK", as_of=None, graphs=default_graphs(backend))
    china = next(c for c in answer["commitments"] if c["committer"]["label"] == "China")
    assert china["agreement"]["id"] == (
        "pgid:agreement/cn-kp-friendship-cooperation-mutual-assistance-1961"
    )
    atop = [s for s in china["sources"] if s["locator"] and s["locator"].startswith("atop5_1m")]
    # atop5_1m.csv: alliance 3445, member 710 (China), defence obligation, joined 11 July 1961.
    assert [s["quote"] for s in atop] == [
        "atopid 3445; member 710; phase 0; defense 1; yrent 1961; moent 7; dayent 11; "
        "yrexit 0; moexit 0; dayexit 0"
    ]
    labels = [c["committer"]["label"] for c in answer["commitments"]]
    assert "Russia" in labels
    assert labels.count("China") == 1  # one committer per basis: ATOP merged, not repeated


def test_the_soviet_union_and_russia_split_on_26_december_1991(
    combined: tuple[OxigraphBackend, dict[str, ImportSummary]],
) -> None:
    backend, _ = combined
    # ATOP 3440 (member 365 from 1961-07-06 to 1996-09-10): its non-aggression obligations.
    query = (
        "SELECT ?who ?from ?to WHERE { ?c pg:basis ?a ; pg:committer ?who ; "
        "pg:beneficiary <https://w3id.org/pactgraph/id/state/PRK> ; "
        "pg:obligationType <https://w3id.org/pactgraph/id/concept/obligation/non-aggression> ; "
        "pg:validFrom ?from ; pg:validTo ?to . ?a pg:atopId 3440 } ORDER BY ?from"
    )
    spans = [
        (row["who"].value.rsplit("/", 1)[1], row["from"].value, row["to"].value)
        for row in rows(backend, query, default_graphs(backend))
    ]
    # Within the curated treaty's force: from its entry into force (10 September 1961, marked
    # uncertain), not ATOP's begin (its signature, 6 July); Russia from the continuation.
    assert spans == [("SUN", "1961-09-10", "1991-12-26"), ("RUS", "1991-12-26", "1996-09-10")]


def test_sipri_hwasong_11_is_the_curated_kn_23(
    combined: tuple[OxigraphBackend, dict[str, ImportSummary]],
) -> None:
    backend, _ = combined
    # The register's row: Russia,North Korea,2023,?,,,Hwasong-11,…,100,,2023; 2024,…
    query = (
        "SELECT ?supplier ?recipient ?delivered WHERE { ?t pg:item "
        "<https://w3id.org/pactgraph/id/capability/kn-23> ; pg:supplier ?supplier ; "
        "pg:recipient ?recipient ; pg:numberDelivered ?delivered }"
    )
    found = rows(backend, query, [import_graph("sipri")])
    assert [
        (r["supplier"].value[-3:], r["recipient"].value[-3:], r["delivered"].value) for r in found
    ] == [("PRK", "RUS", "100")]


# Curated treaties whose record differs from ATOP's on purpose, each said in its description:
# the instrument curated is not the one whose date ATOP gives, or the parties follow the text.
KNOWN_DIFFERENCES = {
    (4175, "begin"): "the TEU as amended at Lisbon (2007), whose Article 42(7) is the clause",
    (4985, "begin"): "the SADC Mutual Defence Pact (2003), whose members match ATOP's",
    (5055, "begin"): "signed at Abuja on 31 January 2005; ATOP begins on 7 March 2005",
    (4678, "begin"): "signed on 15 December 1995; ATOP begins on 15 March 1995",
    (4678, "members"): "the treaty's text names Costa Rica and Panama among its parties",
    (3150, "members"): "Canada, a member of the OAS since 1990, is a party to its Charter",
    (4865, "begin"): "the Union State treaty (1999), which replaced ATOP's 1997 Union treaty",
}


def test_curated_atop_ids_name_the_same_treaties() -> None:
    """Each curated atop_id: ATOP's members include the parties' COW codes, and its begin is the
    signature (to the precision the curated date has), except for the differences listed above."""
    import csv

    from pactgraph.load.curated import read_records
    from pactgraph.model import records as r

    records = read_records(default_data_dir())
    cow = {rec.id: rec.cow_code for rec in records if isinstance(rec, r.Actor)}
    with (DATA / "atop_5.1" / "atop5_1a.csv").open(encoding="utf-8") as handle:
        alliances = {row["atopid"]: row for row in csv.DictReader(handle)}
    with (DATA / "atop_5.1" / "atop5_1m.csv").open(encoding="utf-8") as handle:
        members: dict[str, set[int]] = {}
        for row in csv.DictReader(handle):
            members.setdefault(row["atopid"], set()).add(int(row["member"]))
    checked, differences = [], set()
    for agreement in records:
        if not isinstance(agreement, r.Agreement) or agreement.atop_id is None:
            continue
        row = alliances[str(agreement.atop_id)]
        begin = f"{int(row['begyr']):04d}-{int(row['begmo']):02d}-{int(row['begday']):02d}"
        signed = agreement.date_of("signed")
        assert signed is not None, agreement.id
        if not begin.startswith(signed.text.rstrip("~?%")):
            differences.add((agreement.atop_id, "begin"))
        # The parties ATOP could know (those that joined by its end in 2018) are its members; a
        # curated multilateral treaty may list fewer, leaving the rest to the import.
        known = {
            party
            for party in agreement.parties
            if (own := agreement.participation(party)) is None
            or own.joined is None
            or own.joined.first_day <= dt.date(2018, 12, 31)
        }
        codes = {cow.get(party) for party in known}
        assert None not in codes, agreement.id
        if not codes <= members[str(agreement.atop_id)]:
            differences.add((agreement.atop_id, "members"))
        checked.append(agreement.atop_id)
    assert differences == set(KNOWN_DIFFERENCES)
    assert len(checked) >= 37
    assert {3180, 3240, 3375, 3440, 3445, 3895, 4220, 4875} <= set(checked)


# Answers on the combined store that the speed work (issue 13) must not change, and the
# corrections it made: labels for unplaced actors, Turkiye = Turkey, nothing before it existed.
@pytest.mark.parametrize(
    ("day", "committers"),
    [
        ("1990-01-01", [("China", "in_force"), ("Cuba", "in_force"), ("Soviet Union", "in_force")]),
        ("2010-01-01", [("China", "in_force"), ("Cuba", "in_force")]),
        # ATOP 5.1 ends in 2018; the curated Cuba-DPRK treaty (ATOP 3975) cites a 2023 Pyongyang
        # Times article on it, which confirms ATOP's Cuban pledge past ATOP's end.
        ("2025-01-01", [("China", "in_force"), ("Cuba", "in_force"), ("Russia", "in_force")]),
    ],
)
def test_trace_north_korea_on_three_dates(
    combined: tuple[OxigraphBackend, dict[str, ImportSummary]],
    day: str,
    committers: list[tuple[str, str]],
) -> None:
    backend, _ = combined
    answer = trace(
        backend,
        target="north korea",  # any case: the name index
        as_of=dt.date.fromisoformat(day),
        graphs=default_graphs(backend),
    )
    found = sorted((c["committer"]["label"], c["status"]) for c in answer["commitments"])
    assert found == committers


def test_explain_japan_north_korea(
    combined: tuple[OxigraphBackend, dict[str, ImportSummary]],
) -> None:
    from pactgraph.ask.explain import explain

    backend, _ = combined
    graphs = default_graphs(backend)
    answer = explain(
        backend, first="Japan", second="North Korea", graphs=graphs, as_of=dt.date(2025, 6, 1)
    ).to_json()
    (path,) = answer["paths"]
    assert [n["label"] for n in path["nodes"]] == ["Japan", "North Korea"]
    assert sorted(link["id"] for step in path["steps"] for link in step) == [
        "pgid:commitment/atop-3755-p0-jpn-prk-non-aggression",
        "pgid:commitment/atop-3755-p0-prk-jpn-non-aggression",
    ]
    # Before any of these links existed, nothing connects them.
    early = explain(
        backend, first="Japan", second="North Korea", graphs=graphs, as_of=dt.date(1900, 1, 1)
    ).to_json()
    assert early["paths"] == []


def test_brokers_are_labelled_and_nothing_counts_before_it_existed(
    combined: tuple[OxigraphBackend, dict[str, ImportSummary]],
) -> None:
    from pactgraph.ask.analysis import analyze

    backend, _ = combined
    graphs = default_graphs(backend)
    brokers = analyze(
        backend, analysis="brokers", graphs=graphs, as_of=dt.date(2025, 6, 1)
    ).to_json()
    labels = [row["label"] for row in brokers["rows"]]
    assert {"China", "United States", "unknown supplier(s)"} <= set(labels)
    assert not [label for label in labels if label.startswith("http")]
    early = analyze(
        backend, analysis="centrality", graphs=graphs, as_of=dt.date(1800, 1, 1)
    ).to_json()
    assert early["rows"] == []


def test_turkiye_is_turkey(combined: tuple[OxigraphBackend, dict[str, ImportSummary]]) -> None:
    backend, summaries = combined
    assert "Turkiye" not in summaries["sipri"].unresolved
    us_to_turkey = """SELECT (COUNT(*) AS ?n) WHERE {
      ?t pg:supplier <https://w3id.org/pactgraph/id/state/USA> ;
         pg:recipient <https://w3id.org/pactgraph/id/state/TUR> }"""
    assert count(backend, us_to_turkey, default_graphs(backend)) > 300


def test_iso_alpha_2_codes_name_the_states_the_imports_touch(
    combined: tuple[OxigraphBackend, dict[str, ImportSummary]],
) -> None:
    """Read from the real crosswalk: KP is North Korea, TR Turkey (SIPRI's Turkiye), in any case."""
    backend, _ = combined
    graphs = default_graphs(backend)
    day = dt.date(2025, 1, 1)
    by_name = trace(backend, target="North Korea", as_of=day, graphs=graphs)
    for code in ("KP", "kp"):
        assert trace(backend, target=code, as_of=day, graphs=graphs) == by_name
    turkey = trace(backend, target="tr", as_of=day, graphs=graphs)
    assert turkey["target"]["label"] == "Turkey"
