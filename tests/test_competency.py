"""Competency questions: what the curated graph must answer, each asked as an analyst would.

Every question is the docstring; every answer comes through the public API (trace) or a named
query on the embedded store, and is asserted from the two source articles (and, for dates the
articles do not spell out, the public record cited in graph_data).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from pactgraph.ask.queries import get_query, run
from pactgraph.ask.trace import trace as _trace
from pactgraph.model.resources import default_data_dir
from pactgraph.store.backends import Backend, Solutions
from pactgraph.store.dataset import default_graphs
from pactgraph.store.embedded import open_store

GRAPHS = default_graphs()
ID = "https://w3id.org/pactgraph/id/"


def trace(*args: Any, **kwargs: Any) -> dict[str, Any]:
    """The answer as DESIGN §6's JSON object."""
    return _trace(*args, **kwargs).to_json()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Backend:
    return open_store(data_dir=default_data_dir(), store_dir=tmp_path_factory.mktemp("store"))


def ask(store: Backend, name: str, **params: str) -> list[dict[str, str]]:
    answer = run(get_query(name), params, backend=store, graphs=GRAPHS)
    assert isinstance(answer, Solutions)
    return [{k: v.value.removeprefix(ID) for k, v in row.items()} for row in answer.dicts()]


def sparql(store: Backend, text: str) -> list[dict[str, str]]:
    answer = store.run(
        "PREFIX pg: <https://w3id.org/pactgraph/ontology#>\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n" + text,
        graphs=GRAPHS,
    )
    assert isinstance(answer, Solutions)
    return [{k: v.value.removeprefix(ID) for k, v in row.items()} for row in answer.dicts()]


def defenders(store: Backend, day: str, **options: Any) -> list[tuple[str, str]]:
    result = trace(
        store, target="North Korea", as_of=dt.date.fromisoformat(day), graphs=GRAPHS, **options
    )
    return [(c["committer"]["id"], c["status"]) for c in result["commitments"]]


def test_who_commits_defence_to_north_korea_today(store: Backend) -> None:
    """Which states are bound to defend North Korea today, and under which treaties?"""
    result = trace(store, target="DPRK", as_of=dt.date(2026, 11, 22), graphs=GRAPHS)
    assert [
        (c["committer"]["label"], c["agreement"]["id"], c["article"]) for c in result["commitments"]
    ] == [
        (
            "China",
            "pgid:agreement/cn-kp-friendship-cooperation-mutual-assistance-1961",
            "Article II",
        ),
        ("Russia", "pgid:agreement/ru-kp-comprehensive-strategic-partnership-2024", "Article 4"),
    ]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("1960-12-31", []),
        ("1975-01-01", [("pgid:state/CHN", "in_force"), ("pgid:state/SUN", "in_force")]),
        ("1993-06-01", [("pgid:state/CHN", "in_force"), ("pgid:state/RUS", "in_force")]),
        ("2005-01-01", [("pgid:state/CHN", "in_force")]),
        ("2024-12-03", [("pgid:state/CHN", "in_force")]),
        ("2024-12-04", [("pgid:state/CHN", "in_force"), ("pgid:state/RUS", "in_force")]),
    ],
)
def test_who_committed_defence_to_north_korea_across_the_treaties_lives(
    store: Backend, day: str, expected: list[tuple[str, str]]
) -> None:
    """Who was bound to defend North Korea before, during and after each treaty's life?"""
    assert defenders(store, day) == expected


def test_the_2024_treaty_was_signed_before_it_was_in_force(store: Backend) -> None:
    """In the summer of 2024, was Russia's new commitment already in force?"""
    assert ("pgid:state/RUS", "signed") in defenders(store, "2024-07-01", include_inactive=True)


def test_after_1996_china_was_the_only_defender(store: Backend) -> None:
    """Ever since 1996, has China been the only country promising to defend North Korea?"""
    for day in ("1997-01-01", "2010-06-01", "2023-12-31"):
        assert defenders(store, day) == [("pgid:state/CHN", "in_force")]
    inactive = defenders(store, "1997-01-01", include_inactive=True)
    assert ("pgid:state/RUS", "expired") in inactive
    assert ("pgid:state/SUN", "succeeded") in inactive  # passed to Russia (issue 15)


def test_what_article_4_says_and_who_reported_it(store: Backend) -> None:
    """What does Article 4 of the 2024 treaty provide, and according to whom?"""
    rows = sparql(
        store,
        """SELECT ?text WHERE {
        <https://w3id.org/pactgraph/id/agreement/ru-kp-comprehensive-strategic-partnership-2024>
            pg:hasArticle ?a . ?a pg:articleNumber "4" ; pg:articleText ?text }""",
    )
    assert "military and other assistance with all means in its possession" in rows[0]["text"]
    evidence = ask(store, "evidence-for", record="pgid:commitment/ru-kp-defense-2024")
    assert {e["document"] for e in evidence} >= {
        "document/api-trilateral-cooperation-russia-north-korea-2024"
    }


def test_when_the_old_soviet_treaty_ended_is_disputed(store: Backend) -> None:
    """When did the 1961 Soviet–North Korean treaty end, and do sources agree?"""
    rows = [
        r
        for r in ask(store, "disputed-dates")
        if r["agreement"] == "agreement/su-kp-friendship-cooperation-mutual-assistance-1961"
    ]
    assert {(r["date"], r["preferred"]) for r in rows} == {
        ("1996-09-10", "true"),
        ("1995-09-07", "false"),
    }


def test_what_north_korea_supplies_to_russia(store: Backend) -> None:
    """What has North Korea been supplying to Russia, and since when?"""
    rows = ask(store, "transfers-between", supplier="North Korea", recipient="Russia")
    items = {r["item"] for r in rows}
    assert {"capability/kn-23", "capability/north-korean-ammunition"} <= items
    assert {r["start"] for r in rows if r["item"] == "capability/kn-23"} == {"2023-09~"}


def test_what_flows_from_russia_to_north_korea(store: Backend) -> None:
    """What does Russia give or offer North Korea in return?"""
    rows = ask(store, "transfers-between", supplier="Russia", recipient="North Korea")
    assert {(r["kind"], r["status"]) for r in rows} >= {
        ("technology", "suspected"),
        ("arms", "offered"),
    }


def test_who_supplies_the_hwasong_11(store: Backend) -> None:
    """Who supplies the Hwasong-11 (the KN-23), and to whom?"""
    rows = ask(store, "suppliers-of", system="Hwasong-11")
    assert {(r["supplier"], r["recipient"]) for r in rows} == {("state/PRK", "state/RUS")}


def test_what_the_kn23_resembles(store: Backend) -> None:
    """Which Russian missile does the KN-23 resemble, and what is built into it?"""
    rows = ask(store, "capability-lineage", capability="KN-23")
    assert {"resembles": "capability/iskander"}.items() <= {
        r["relation"]: r["related"] for r in rows
    }.items()
    assert ("has component", "capability/foreign-civilian-components") in {
        (r["relation"], r["related"]) for r in rows
    }


def test_where_the_components_in_missile_debris_were_made(store: Backend) -> None:
    """Which countries manufactured the civilian components found in North Korean missiles?"""
    rows = sparql(
        store,
        """SELECT ?state WHERE {
        <https://w3id.org/pactgraph/id/capability/foreign-civilian-components>
            pg:manufacturedIn ?state }""",
    )
    assert {r["state"] for r in rows} == {"state/USA", "state/DEU", "state/JPN"}


def test_who_ended_the_un_panel_of_experts(store: Backend) -> None:
    """Who stopped the UN Panel of Experts on North Korea sanctions, and when?"""
    rows = sparql(
        store,
        """SELECT ?who ?day WHERE {
        ?e pg:eventType/skos:notation "veto" ; pg:participant ?who ; pg:startDateDay ?day }""",
    )
    assert rows == [{"who": "state/RUS", "day": "2024-03-28"}]


def test_which_readings_of_article_4_are_disputed(store: Backend) -> None:
    """Does Article 4 mandate automatic intervention? Who reads it how?"""
    rows = ask(store, "assessments", about="pgid:commitment/ru-kp-defense-2024")
    disputes = {(r["assessment"], r.get("disputes")) for r in rows}
    assert (
        "assessment/article-4-no-automatic-intervention",
        "assessment/article-4-connotes-mutual-defense",
    ) in disputes
    holders = {r["assessment"]: r.get("holder") for r in rows}
    assert holders["assessment/article-4-connotes-mutual-defense"] == "person/hirohito-ogi"
    assert holders["assessment/article-4-no-automatic-intervention"] is None  # unattributed


def test_how_reliable_the_kn23_is(store: Backend) -> None:
    """What did Ukrainian authorities report about KN-23 launches, and when?"""
    rows = sparql(
        store,
        """SELECT ?reading ?holder WHERE {
        <https://w3id.org/pactgraph/id/assessment/ukraine-half-kn23-malfunctioned>
            pg:reading ?reading ; pg:heldBy ?holder }""",
    )
    assert rows[0]["holder"] == "state/UKR"
    assert "half" in rows[0]["reading"]


def test_how_japans_strategy_describes_north_korea_and_russia(store: Backend) -> None:
    """How does Japan's 2022 National Security Strategy describe North Korea and Russia?"""
    rows = sparql(
        store,
        """SELECT ?reading WHERE {
        ?a pg:heldBy <https://w3id.org/pactgraph/id/state/JPN> ;
           pg:statedIn ?strategy ; pg:reading ?reading .
        FILTER(STRENDS(STR(?strategy), "/document/japan-national-security-strategy-2022")) }""",
    )
    readings = " ".join(r["reading"] for r in rows)
    assert '"imminent threat"' in readings
    assert '"strong security concern"' in readings


def test_informal_groupings_versus_treaty_organisations(store: Backend) -> None:
    """Which of the Quad and NATO is an informal grouping, and who sits in the Quad?"""
    kinds = {
        r["x"]: r["class"]
        for r in sparql(
            store,
            """SELECT ?x ?class WHERE {
        VALUES ?x { <https://w3id.org/pactgraph/id/grouping/quad>
                    <https://w3id.org/pactgraph/id/organization/nato> } ?x a ?class }""",
        )
    }
    assert kinds["grouping/quad"].endswith("#Grouping")
    assert kinds["organization/nato"].endswith("#InternationalOrganization")
    members = {r["member"] for r in ask(store, "grouping-members", grouping="Quad")}
    assert members == {"state/AUS", "state/IND", "state/JPN", "state/USA"}


def test_what_russia_offers_without_binding_itself(store: Backend) -> None:
    """Which of Russia's undertakings to North Korea are only offers or not ruled out?"""
    rows = ask(store, "commitments-by", committer="Russia")
    loose = {
        (r["obligation"], r["modality"])
        for r in rows
        if r["modality"] != "binding" and r["beneficiary"] == "state/PRK"
    }
    # "I do not exclude this" (supplying weapons) is no firmer than "does not rule out".
    assert loose == {("arms_supply", "not_ruled_out"), ("technology_transfer", "not_ruled_out")}


def test_extended_deterrence_to_south_korea(store: Backend) -> None:
    """Does the United States extend deterrence to South Korea, and since when? Older than the
    2023 Washington Declaration that restated it: the sources read date it to 1978."""
    result = trace(
        store,
        target="South Korea",
        obligation="extended_deterrence",
        as_of=dt.date(2024, 6, 27),
        graphs=GRAPHS,
    )
    assert [
        (c["committer"]["id"], c["agreement"] and c["agreement"]["id"], c["valid_from"])
        for c in result["commitments"]
    ] == [("pgid:state/USA", None, "1978")]


def test_us_alliances_with_japan_and_south_korea(store: Backend) -> None:
    """Which treaties stand behind the U.S.-Japan and U.S.-South Korea alliances?"""
    links = {(r["state1"], r["state2"]): r["agreement"] for r in ask(store, "alliance-links")}
    assert links[("state/JPN", "state/USA")] == "agreement/us-jp-mutual-cooperation-security-1960"
    assert links[("state/KOR", "state/USA")] == "agreement/us-kr-mutual-defense-1953"


def test_what_china_said_about_the_treaty(store: Backend) -> None:
    """How did China answer when asked about the Russia–North Korea treaty?"""
    rows = sparql(
        store,
        """SELECT ?reading ?holder WHERE {
        <https://w3id.org/pactgraph/id/assessment/china-bilateral-matter>
            pg:reading ?reading ; pg:heldBy ?holder }""",
    )
    assert rows[0]["holder"] == "organization/chinese-foreign-ministry"
    assert "bilateral matter" in rows[0]["reading"]


def test_sanctions_and_designations_against_japan(store: Backend) -> None:
    """How did Russia respond to Japan's sanctions?"""
    rows = sparql(
        store,
        """SELECT ?type WHERE {
        ?e pg:participant <https://w3id.org/pactgraph/id/state/RUS> ;
           pg:about <https://w3id.org/pactgraph/id/state/JPN> ;
           pg:eventType/skos:notation ?type }""",
    )
    assert {r["type"] for r in rows} == {"designation", "sanction"}


def test_the_evidence_behind_china_s_commitment(store: Backend) -> None:
    """On what evidence does the graph say China is committed to defend North Korea?"""
    result = trace(store, target="PRK", committer="China", as_of=dt.date(2026, 1, 1), graphs=GRAPHS)
    (entry,) = result["commitments"]
    assert entry["sources"][0]["quote"].startswith("Ever since 1996, China has been the only")
    assert all(source["quote"] for source in entry["sources"])


def test_north_korea_s_timeline(store: Backend) -> None:
    """What happened to North Korea's alliances, in order?"""
    rows = ask(store, "actor-timeline", actor="North Korea")
    days = [r["day"] for r in rows]
    assert days == sorted(days)
    assert ("2024-06-19", "agreement signed") in {(r["day"], r["what"]) for r in rows}
    assert ("2023-12-18", "event") in {(r["day"], r["what"]) for r in rows}


def test_who_is_indirectly_committed_to_south_korea(store: Backend) -> None:
    """Through whom is Japan tied to South Korea's defence?"""
    result = trace(store, target="South Korea", depth=2, as_of=dt.date(2025, 1, 1), graphs=GRAPHS)
    chains = [
        (c["committer"]["id"], [v["committer"]["id"] for v in c["via"]])
        for c in result["commitments"]
        if c["via"]
    ]
    assert ("pgid:state/JPN", ["pgid:state/USA"]) in chains
    direct = [c["committer"]["id"] for c in result["commitments"] if not c["via"]]
    assert "pgid:state/USA" in direct


def test_how_japan_and_north_korea_are_connected(store: Backend) -> None:
    """How is Japan connected to North Korea, and on what evidence?"""
    from pactgraph.ask.explain import explain

    result = explain(
        store, first="Japan", second="North Korea", as_of=dt.date(2025, 1, 1), graphs=GRAPHS
    ).to_json()
    (path,) = result["paths"][:1]
    assert path["nodes"][0]["id"] == "pgid:state/JPN"
    assert path["nodes"][-1]["id"] == "pgid:state/PRK"
    for step in path["steps"]:
        assert all(link["sources"] and link["sources"][0]["quote"] for link in step)
