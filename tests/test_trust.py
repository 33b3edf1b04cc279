"""Issue 15, trustworthy answers: nothing stated more strongly than its source.

Every test asks through the command line (the library's signatures are about to change) and each
one failed on the data and code before the issue was worked.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from .conftest import MINIMAL, write_data
from .datasets import CURATED_WITH_ATOP, write_shared

Run = Callable[..., Result]
ID = "https://w3id.org/pactgraph/id/"


def answer(result: Result) -> Any:
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def entries_about(timeline: dict[str, Any], record: str) -> list[tuple[str, str]]:
    return [(e["date"], e["what"]) for e in timeline["entries"] if e["id"] == f"pgid:{record}"]


# -- the shipped data ------------------------------------------------------------------------


def test_a_party_that_joined_later_has_its_own_date(run: Run) -> None:
    charter = "agreement/un-charter-1945"
    japan = answer(run("timeline", "Japan", "--format", "json"))
    assert entries_about(japan, charter) == [("1956-12-18", "joined agreement")]
    assert japan["entries"][0]["sources"][0]["quote"].startswith("11 years later, on 18th December")
    north_korea = answer(run("timeline", "North Korea", "--format", "json"))
    assert entries_about(north_korea, charter) == [("1991-09-17", "joined agreement")]
    russia = answer(run("timeline", "Russia", "--format", "json"))
    assert entries_about(russia, charter) == [("1991-12-24", "continued as party")]
    soviet = answer(run("timeline", "USSR", "--format", "json"))
    assert entries_about(soviet, charter) == [
        ("1945-06-26", "agreement signed"),
        ("1991-12-24", "left agreement"),
    ]
    # The named query agrees.
    table = run("query", "actor-timeline", "-p", "actor", "Japan", "--format", "csv").stdout
    assert "1956-12-18,joined agreement" in table
    assert "1945-06-26" not in table


def test_where_a_component_was_made_is_not_who_supplied_it(run: Run) -> None:
    result = answer(run("explain", "Japan", "North Korea", "--format", "json"))
    relations = {link["relation"] for p in result["paths"] for s in p["steps"] for link in s}
    assert "transfer" not in relations
    for supplier in ("Japan", "Germany", "United States"):
        found = run("query", "transfers-between", "-p", "supplier", supplier, "--format", "json")
        assert answer(found) == []
    made = run(
        "query",
        "-e",
        f"SELECT ?state WHERE {{ <{ID}capability/foreign-civilian-components>"
        " pg:manufacturedIn ?state }",
        "--format",
        "csv",
    ).stdout
    assert sorted(made.split()[1:]) == sorted(
        ["https://w3id.org/pactgraph/id/state/" + c for c in ("DEU", "JPN", "USA")]
    )


def test_offers_and_remarks_show_in_trace_marked_by_modality(run: Run) -> None:
    result = answer(run("trace", "--to", "North Korea", "--obligation", "any", "--format", "json"))
    found = {(e["obligation"], e["modality"], e["valid_from"]) for e in result["commitments"]}
    assert ("arms_supply", "not_ruled_out", "2024-06-20") in found
    assert ("technology_transfer", "not_ruled_out", "2024-06-19") in found
    table = run("trace", "--to", "North Korea", "--obligation", "any").stdout
    assert "not ruled out 2024-06-19" in table
    assert "not ruled out 2024-06-20" in table


def test_dates_keep_their_precision_everywhere(run: Run, tmp_path: Path) -> None:
    soviet = answer(run("trace", "--to", "PRK", "--as-of", "1970-01-01", "--format", "json"))
    assert [e["valid_from"] for e in soviet["commitments"]] == ["1961-09-10", "1961-09-10?"]
    russia = answer(run("timeline", "Russia", "--format", "json"))
    assert ("2023-09~", "transfer starts") in [(e["date"], e["what"]) for e in russia["entries"]]
    assert "2023-09-01" not in json.dumps(russia)
    for format_ in ("table", "csv", "json"):
        text = run("query", "transfers-between", "-p", "supplier", "PRK", "--format", format_)
        assert "2023-09~" in text.stdout
        assert "2023-09-01" not in text.stdout
    events = run("query", "actor-timeline", "-p", "actor", "Japan", "--format", "csv").stdout
    assert "2022-02,event" in events
    assert "2022-02-01" not in events
    defended = run(
        "query", "defence-commitments-to", "-p", "target", "PRK", "-p", "as_of", "1970-01-01"
    )
    assert "1961-09-10?" in defended.stdout
    page = tmp_path / "network.html"
    assert run("viz", "--focus", "North Korea", "-o", str(page)).exit_code == 0
    assert '"start_text":"2023-09~"' in page.read_text(encoding="utf-8").replace(" ", "")


def test_the_soviet_commitment_passed_to_russia_and_gibler_disputes_it(run: Run) -> None:
    result = answer(
        run(
            "trace",
            "--to",
            "PRK",
            "--as-of",
            "1993-01-01",
            "--include-inactive",
            "--format",
            "json",
        )
    )
    by = {e["committer"]["label"]: e for e in result["commitments"]}
    assert (by["Soviet Union"]["status"], by["Soviet Union"]["article"]) == (
        "succeeded",
        "Article 1",
    )
    assert by["Russia"]["status"] == "in_force"
    readings = {a["by"]: a for a in by["Russia"]["assessments"]}
    assert "effectively ended" in readings["Douglas M. Gibler"]["reading"]
    assert readings["Douglas M. Gibler"]["contested"] is True


def test_the_2000_treaty_promised_consultation_and_the_2024_one_replaced_it(run: Run) -> None:
    in_2010 = answer(
        run("trace", "--to", "PRK", "--obligation", "consultation", "--as-of", "2010-01-01",
            "--format", "json")
    )  # fmt: skip
    assert [
        (e["committer"]["label"], e["agreement"]["id"], e["status"]) for e in in_2010["commitments"]
    ] == [
        (
            "Russia",
            "pgid:agreement/ru-kp-friendship-good-neighbourliness-cooperation-2000",
            "in_force",
        )
    ]
    defence_2010 = answer(run("trace", "--to", "PRK", "--as-of", "2010-01-01", "--format", "json"))
    assert [e["committer"]["label"] for e in defence_2010["commitments"]] == ["China"]
    later = answer(
        run("trace", "--to", "PRK", "--obligation", "consultation", "--as-of", "2025-06-01",
            "--include-inactive", "--format", "json")
    )  # fmt: skip
    assert [e["status"] for e in later["commitments"]] == ["terminated"]
    predecessor = run(
        "query", "-e",
        f"SELECT ?p WHERE {{ <{ID}agreement/ru-kp-comprehensive-strategic-partnership-2024>"
        " pg:predecessor ?p }",
        "--format", "csv",
    ).stdout  # fmt: skip
    assert "ru-kp-friendship-good-neighbourliness-cooperation-2000" in predecessor


def test_readings_belong_to_their_holders(run: Run) -> None:
    holders = run(
        "query", "-e",
        f"SELECT DISTINCT ?h WHERE {{ ?a pg:statedIn <{ID}document/cfr-how-japan-is-viewing-2024> ;"
        " pg:heldBy ?h }",
        "--format", "csv",
    ).stdout.split()[1:]  # fmt: skip
    assert holders == ["https://w3id.org/pactgraph/id/person/cfr-expert-brief-author"]
    disputes = run(
        "query", "-e",
        "SELECT ?a ?b WHERE { ?a pg:disputes ?b . ?a pg:statedIn ?d . ?b pg:statedIn ?e"
        " FILTER(?d != ?e)"
        " FILTER(CONTAINS(STR(?a), 'released') || CONTAINS(STR(?b), 'released')) }",
        "--format", "csv",
    ).stdout  # fmt: skip
    assert (
        "cfr-treaty-details-not-released,https://w3id.org/pactgraph/id/assessment/ogi-kcna"
        in disputes
    )
    assert (
        "ogi-kcna-reported-treaty-text,https://w3id.org/pactgraph/id/assessment/cfr-treaty"
        in disputes
    )
    organisations = run(
        "query", "-e",
        "SELECT DISTINCT ?o WHERE { ?o skos:altLabel ?a FILTER(?a IN ('API', 'IOG', 'IHJ')) }",
        "--format", "csv",
    ).stdout.split()[1:]  # fmt: skip
    assert len(organisations) == 3


def test_declarations_are_intended_and_quote_the_undertaking(run: Run) -> None:
    korea = answer(
        run("trace", "--to", "KOR", "--obligation", "extended_deterrence", "--format", "json")
    )
    (entry,) = korea["commitments"]
    assert entry["modality"] == "intended"
    assert "swift, overwhelming, and decisive response" in entry["sources"][0]["quote"]
    japan = answer(
        run("trace", "--to", "Japan", "--obligation", "extended_deterrence", "--format", "json")
    )
    assert [(e["committer"]["label"], e["modality"]) for e in japan["commitments"]] == [
        ("United States", "intended")
    ]
    assert "including nuclear" in japan["commitments"][0]["sources"][0]["quote"]


def test_the_security_council_has_its_permanent_members(run: Run) -> None:
    members = answer(
        run(
            "query", "grouping-members", "-p", "grouping", "UN Security Council", "--format", "json"
        )
    )
    seats = {m["member"].rsplit("/", 1)[1]: m for m in members}
    assert {"CHN", "RUS", "USA", "SUN"} <= set(seats)
    assert seats["RUS"]["valid_from"] == "1991-12-24"
    assert "valid_to" not in seats["RUS"]
    assert seats["SUN"]["valid_to"] == "1991-12-24"
    sanctions = answer(run("timeline", "North Korea", "--format", "json"))
    assert ("2006-10-14", "event: sanction") in [
        (e["date"], e["what"]) for e in sanctions["entries"]
    ]
    arsenals = run(
        "query", "-e",
        "SELECT ?who WHERE { ?c a pg:NuclearArsenal ; pg:developedBy ?who }",
        "--format", "csv",
    ).stdout  # fmt: skip
    for code in ("PRK", "RUS", "CHN", "USA"):
        assert f"state/{code}" in arsenals


# -- the loader and the model, on small hand-written data ---------------------------------------

JOINERS = {
    **MINIMAL,
    "actors.yaml": MINIMAL["actors.yaml"].rstrip(" ")
    + """\
        - id: state/UKR
          kind: state
          label: Ukraine
        """,
    "agreements.yaml": """\
        - id: agreement/treaty
          kind: treaty
          label: A treaty
          parties:
            - state/PRK
            - state/RUS
            - actor: state/UKR
              joined: 2025-03
              sources: [{document: document/source, quote: Ukraine joined}]
          status: in_force
          signed: 2024-06-19
          entered_into_force: 2024-12-04
          articles:
            - number: "4"
              text: the other side shall provide military and other assistance
          sources:
            - document: document/source
              quote: signed a treaty
        """,
    "commitments.yaml": MINIMAL["commitments.yaml"].rstrip(" ")
    + """\
        - id: commitment/ru-ua
          committer: state/RUS
          beneficiary: state/UKR
          obligation: defense
          basis: agreement/treaty
          article: "4"
          sources:
            - document: document/source
              quote: shall provide military and other assistance
        """,
}


def test_a_commitment_holds_for_a_party_only_from_when_it_joined(run: Run, tmp_path: Path) -> None:
    data = write_data(tmp_path / "data", JOINERS)

    def trace(day: str) -> list[tuple[str, str, str]]:
        result = answer(
            run("--data", str(data), "trace", "--to", "Ukraine", "--as-of", day,
                "--include-inactive", "--format", "json")
        )  # fmt: skip
        return [
            (e["committer"]["label"], e["status"], e["valid_from"]) for e in result["commitments"]
        ]

    # Not "signed": the agreement was in force, and Russia not yet a party to it.
    assert trace("2025-01-01") == []
    assert trace("2025-03-01") == [("Russia", "in_force", "2025-03")]
    timeline = answer(run("--data", str(data), "timeline", "Ukraine", "--format", "json"))
    assert [(e["date"], e["what"]) for e in timeline["entries"]] == [
        ("2025-03", "commitment starts"),
        ("2025-03", "joined agreement"),
    ]


def test_parties_dates_are_checked_with_file_and_line(run: Run, tmp_path: Path) -> None:
    bad = (
        JOINERS["agreements.yaml"]
        .replace(
            "              joined: 2025-03\n",
            "              joined: 2025-03\n              left: 2024\n",
        )
        .replace(
            "            - state/PRK\n",
            "            - state/PRK\n            - actor: state/RUS\n              joined: 2020\n",
        )
    )
    data = write_data(tmp_path / "data", {**JOINERS, "agreements.yaml": bad})
    result = run("--data", str(data), "validate")
    assert result.exit_code == 1
    path = "data/agreements.yaml"
    assert (
        f"{path}:6: agreement/treaty: field 'parties[1].sources': a statement needs"
        in result.stdout
    )
    assert (
        f"{path}:6: agreement/treaty: field 'parties[1].joined': joined 2020 is before the "
        "agreement began (2024-06-19)" in result.stdout
    )
    assert (
        f"{path}:9: agreement/treaty: field 'parties[3].left': left 2024 is before joined 2025-03"
        in result.stdout
    )
    assert "'state/RUS' is listed more than once" in result.stdout


# -- imported data does not outlive its source -------------------------------------------------


@pytest.fixture
def imported(run: Run, tmp_path: Path) -> Run:
    write_shared(tmp_path / "shared")
    write_data(tmp_path / "data", {**MINIMAL, **CURATED_WITH_ATOP})
    assert (
        run("--data", "data", "--store", "st", "import", "atop", "shared/atop_5.1").exit_code == 0
    )
    return lambda *args: run("--data", "data", "--store", "st", *args)


def test_a_commitment_known_only_from_atop_is_unconfirmed_after_2018(imported: Run) -> None:
    def trace(day: str) -> list[tuple[str, str, str | None]]:
        result = answer(imported("trace", "--to", "PRK", "--as-of", day, "--format", "json"))
        return [
            (e["committer"]["label"], e["status"], e["confirmed_until"])
            for e in result["commitments"]
        ]

    assert trace("2010-01-01") == [("China", "in_force", "2018-12-31")]
    # A curated source dated after ATOP's coverage (2024) confirms Russia's; China's is
    # unconfirmed, and listed after the confirmed ones.
    assert trace("2025-06-01") == [
        ("Russia", "in_force", None),
        ("China", "unconfirmed", "2018-12-31"),
    ]
    table = imported("trace", "--to", "PRK", "--as-of", "2025-06-01").stdout
    confirmed, _, unconfirmed = table.partition(
        "Unconfirmed (in force when their sources' coverage"
    )
    assert "Russia" in confirmed
    assert "China" not in confirmed
    assert "China" in unconfirmed
    assert "unconfirmed" in unconfirmed
    assert "confirmed until 2018-12-31 (the end of its sources' coverage)" in " ".join(
        unconfirmed.split()
    )


def test_every_imported_dataset_says_where_its_coverage_ends(run: Run, tmp_path: Path) -> None:
    write_shared(tmp_path / "shared")
    write_data(tmp_path / "data", MINIMAL)
    store = ("--data", "data", "--store", "st")
    assert run(*store, "import", "atop", "shared/atop_5.1").exit_code == 0
    sipri = run(*store, "import", "sipri", "shared/sipri_arms_transfers/register.csv",
                "--accessed", "2026-01-02")  # fmt: skip
    assert sipri.exit_code == 0, sipri.stderr
    ends = run(
        *store, "query", "-e", "SELECT ?d ?end WHERE { ?d pg:coverageEnd ?end } ORDER BY ?d",
        "--format", "csv",
    ).stdout  # fmt: skip
    assert "document/atop-5.1,2018-12-31" in ends
    # The register's last delivery year in the fixture is 2024.
    assert "document/sipri-arms-transfers-database,2024" in ends
