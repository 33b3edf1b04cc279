"""The trace command: exact table and JSON output, names and dates that fail clearly."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from .conftest import MINIMAL, write_data
from .datasets import CURATED_WITH_ATOP, write_shared
from .test_trace import WORLD

Run = Callable[..., Result]


@pytest.fixture
def world(run: Run, tmp_path: Path) -> Run:
    """Any command, run on the hand-made world of test_trace."""
    data = write_data(tmp_path / "world", WORLD)

    def invoke(*args: str) -> Result:
        return run("--data", str(data), "--store", str(tmp_path / "store"), *args)

    return invoke


@pytest.fixture
def trace(world: Run) -> Run:
    return lambda *args: world("trace", *args)


def test_table_with_an_indirect_chain_and_footnotes(trace: Run) -> None:
    result = trace("--to", "target", "--as-of", "2006-01-01", "--depth", "2")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Defense commitments to Target (pgid:state/TTT) as of 2006-01-01\n"
        "\n"
        "   #  committer      obligation  basis                                 status        "
        "since       src\n"
        "   1  Bland          defense     B-T treaty, Article 5                 in force      "
        "2000-01-01  2\n"
        "\n"
        "Indirect (committed to a state that is committed to the target):\n"
        "   #  committer      obligation  basis                                 status        "
        "since       src\n"
        "   2  Aland          defense     → Bland: A-B treaty                   in force      "
        "2005-01-01  1\n"
        "\n"
        "[1] Bland → Target, B-T treaty, Article 5. valid 2000-01-01 to 2010-01-01. conditions: "
        "location: in\n"
        '    Europe. "b defends t" (A report)\n'
        '[2] Aland → Bland, A-B treaty. via Bland → Target (B-T treaty, Article 5). "a defends b" '
        "(A report)\n"
        "\n"
        "Record: no dated curated source; no dataset imported.\n"
    )
    assert max(len(line) for line in result.stdout.splitlines()) <= 100


def test_json(trace: Run) -> None:
    result = trace("--to", "TTT", "--as-of", "1999-06-01", "--include-inactive", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["as_of"] == "1999-06-01"
    assert [(c["committer"]["id"], c["status"]) for c in document["commitments"]] == [
        ("pgid:state/BBB", "signed")
    ]


def test_none_in_force_says_where_else_to_look(trace: Run) -> None:
    """TTT's only commitment is signed: "none recorded" alone would read as "none exist"."""
    result = trace("--to", "TTT", "--as-of", "1999-06-01")
    assert result.exit_code == 0
    assert "  none recorded\n" in result.stdout
    tail = " ".join(result.stdout.split("Record:", 1)[1].split())
    assert "Nothing curated is in force here; --include-inactive adds what is signed" in tail
    assert "`pactgraph import atop DIR` adds ATOP 5.1's alliances, 1815-2018." in tail
    shown = trace("--to", "TTT", "--as-of", "1999-06-01", "--include-inactive")
    assert "Nothing curated is in force here" not in shown.stdout


def test_nothing_in_force_is_still_a_success(trace: Run) -> None:
    result = trace("--to", "Target", "--as-of", "1990-01-01")
    assert result.exit_code == 0
    assert "  none recorded\n" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--to", "Targt"], "error: unknown actor 'Targt'; did you mean 'Target'?"),
        (["--to", "A report"], "error: unknown actor 'A report'"),
        (  # nothing is imported, so no alpha-2 codes are known
            ["--to", "TT"],
            "error: unknown actor 'TT' (two-letter ISO codes are known once a dataset is imported",
        ),
        (
            ["--to", "TTT", "--as-of", "2024-13-01"],
            "Error: Invalid value for '--as-of': '2024-13-01' is not a date: expected YYYY-MM-DD",
        ),
        (["--to", "TTT", "--obligation", "love"], "error: unknown obligation 'love'"),
        (  # a name that would retitle the terminal and reverse the line: shown, not obeyed
            ["--to", "\x1b]0;pwned\x07Targ\u202et"],
            "error: unknown actor '\\x1b]0;pwned\\x07Targ\\u202et'",
        ),
    ],
)
def test_bad_names_and_dates_exit_2(trace: Run, args: list[str], message: str) -> None:
    result = trace(*args)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1].startswith(message)


def test_an_import_lets_every_command_name_a_state_by_its_alpha2_code(
    run: Run, tmp_path: Path
) -> None:
    """Issue 13: `trace --to KP` answers as `trace --to "North Korea"` does, in any case."""
    write_shared(tmp_path / "shared")
    write_data(tmp_path / "data", {**MINIMAL, **CURATED_WITH_ATOP})
    imported = run("--data", "data", "--store", "st", "import", "atop", "shared/atop_5.1")
    assert imported.exit_code == 0, imported.output

    def answer(*args: str) -> str:
        result = run("--data", "data", "--store", "st", *args)
        assert result.exit_code == 0, result.output
        return result.stdout

    day = ("--as-of", "2025-01-01")
    by_name = answer("trace", "--to", "North Korea", *day, "--format", "json")
    assert json.loads(by_name)["target"] == {"id": "pgid:state/PRK", "label": "North Korea"}
    assert [c["committer"]["label"] for c in json.loads(by_name)["commitments"]] == [
        "Russia",
        "China",
    ]
    for code in ("KP", "kp", "Kp"):  # exact, then through the kept name index
        assert answer("trace", "--to", code, *day, "--format", "json") == by_name
    assert answer("explain", "kp", "CN", *day) == answer("explain", "North Korea", "China", *day)
    assert answer("timeline", "kp") == answer("timeline", "North Korea")


@pytest.mark.parametrize("command", [["trace", "--to", "TTT"], ["analyze", "centrality"]])
def test_every_command_refuses_an_unknown_obligation_alike(world: Run, command: list[str]) -> None:
    """Once a regression: analyze --obligation bogus printed an empty table and exit 0."""
    result = world(*command, "--obligation", "bogus")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1].startswith("error: unknown obligation 'bogus' (choose")
    assert result.stdout == ""


def test_explain_table(world: Run) -> None:
    result = world(
        "explain",
        "Aland",
        "TTT",
        "--as-of",
        "2006-01-01",
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Aland and Target as of 2006-01-01: 1 shortest path(s) of 2 step(s)\n"
        "\n"
        "Path 1: Aland — Bland — Target\n"
        "    Aland → Bland: commitment (defense), Aland defense commitment to Bland. "
        '"a defends b" (A report)\n'
        "    Bland → Target: commitment (defense), Bland defense commitment to Target. "
        '"b defends t" (A\n'
        "      report)\n"
        "\n"
        "Record: no dated curated source; no dataset imported.\n"
    )


def test_timeline_json(world: Run) -> None:
    result = world(
        "timeline",
        "Target",
        "--from",
        "2010-01-01",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    assert [e["what"] for e in json.loads(result.stdout)["entries"]] == [
        "commitment ends",
        "agreement signed",
    ]


def test_timeline_refuses_a_period_that_ends_before_it_starts(world: Run) -> None:
    result = world("timeline", "Target", "--from", "2010-01-01", "--to", "2009-12-31")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "error: the period starts (2010-01-01, --from) after it ends (2009-12-31, --to)\n"
    )
    same_day = world("timeline", "Target", "--from", "2010-01-01", "--to", "2010-01-01")
    assert same_day.exit_code == 0, same_day.output


def test_analyze_brokers_table(run: Run, tmp_path: Path) -> None:
    from .test_analysis import triangles

    data = write_data(tmp_path / "tri", triangles())
    result = run(
        "--data",
        str(data),
        "--store",
        str(tmp_path / "s"),
        "analyze",
        "brokers",
        "--as-of",
        "2001-01-01",
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Brokers as of 2001-01-01 (6 actors, 7 links; articulation points and bridges of the "
        "undirected network)\n"
        "\n"
        "  Brokers (removing one splits the network):\n"
        "    R (into 2 parts)\n"
        "    S (into 2 parts)\n"
        "  Bridges (the only link between two parts):\n"
        "    R — S\n"
    )


def test_explain_same_actor_exits_2(world: Run) -> None:
    result = world(
        "explain",
        "TTT",
        "Target",
    )
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == "error: 'TTT' and 'Target' are the same actor"


@pytest.mark.parametrize(
    "args",
    [
        ["trace", "--to", "North Korea"],
        ["explain", "Russia", "North Korea"],
        ["timeline", "North Korea"],
        ["analyze", "centrality"],
    ],
)
def test_every_read_command_takes_inferred_or_not(run: Run, args: list[str]) -> None:
    with_inferred = run(*args, "--as-of", "2025-01-01") if args[0] != "timeline" else run(*args)
    without = (
        run(*args, "--as-of", "2025-01-01", "--no-inferred")
        if args[0] != "timeline"
        else run(*args, "--no-inferred")
    )
    assert (with_inferred.exit_code, without.exit_code) == (0, 0)
    assert with_inferred.stdout == without.stdout  # they read asserted kinds only
