"""``pactgraph import``: exact summaries, errors with exit 2, listing and removal."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from .conftest import MINIMAL, write_data
from .datasets import CURATED_WITH_ATOP, write_shared
from .servers import OxigraphServer
from .test_shared_data import DATA

Run = Callable[..., Result]


@pytest.fixture
def world(tmp_path: Path) -> Path:
    write_shared(tmp_path / "shared")
    write_data(tmp_path / "data", {**MINIMAL, **CURATED_WITH_ATOP})
    return tmp_path


def seconds_free(text: str) -> str:
    return re.sub(r"in \d+\.\d s$", "in N s", text, flags=re.MULTILINE)


@pytest.mark.usefixtures("world")
def test_import_atop_prints_a_summary(run: Run) -> None:
    result = run("--data", "data", "--store", "st", "import", "atop", "shared/atop_5.1")
    assert result.exit_code == 0, result.output
    assert seconds_free(result.stdout) == (
        "imported atop into pgid:graph/import/atop: 13 rows, 13 records, 242 triples in N s\n"
        "matched to curated records: agreements 1, commitments 1\n"
    )
    assert "atop: 13 rows read, 10 records made, 3 entities added\n" in result.stderr


def test_import_sipri_lists_unresolved_names(run: Run, world: Path) -> None:
    result = run(
        "--data", "data", "--store", "st", "import", "sipri",
        "shared/sipri_arms_transfers/register.csv", "--accessed", "2026-01-02",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert seconds_free(result.stdout) == (
        "imported sipri into pgid:graph/import/sipri: 4 rows, 16 records, 177 triples in N s\n"
        "matched to curated records: weapon systems 1\n"
        "unresolved names (1), kept as plain actors:\n"
        "  unknown supplier(s) (1 row)\n"
    )
    listed = run("--data", "data", "--store", "st", "import")
    assert listed.stdout == (
        f"sipri: 177 triples from {world / 'shared/sipri_arms_transfers/register.csv'}\n"
    )
    query = run(
        "--data", "data", "--store", "st", "query", "suppliers-of", "-p", "system", "Hwasong-11",
        "--format", "csv",
    )  # fmt: skip
    assert query.stdout == (
        "supplier,recipient,item,status,start\n"
        "https://w3id.org/pactgraph/id/state/PRK,https://w3id.org/pactgraph/id/state/RUS,"
        "https://w3id.org/pactgraph/id/capability/kn-23,ongoing,2023?\n"  # uncertain order year
    )


@pytest.mark.usefixtures("world")
def test_remove_takes_the_graph_out(run: Run) -> None:
    run("--data", "data", "--store", "st", "import", "atop", "shared/atop_5.1")
    before = run("--data", "data", "--store", "st", "trace", "--to", "PRK", "--format", "json")
    assert '"label": "China"' in before.stdout
    removed = run("--data", "data", "--store", "st", "import", "--remove", "atop")
    assert (removed.exit_code, removed.stdout) == (0, "removed atop\n")
    after = run("--data", "data", "--store", "st", "trace", "--to", "PRK", "--format", "json")
    assert '"label": "China"' not in after.stdout
    assert run("--data", "data", "--store", "st", "import").stdout == "no datasets imported\n"


@pytest.mark.usefixtures("world")
def test_unknown_names_and_paths_exit_2(run: Run) -> None:
    result = run("--data", "data", "--store", "st", "import", "--remove", "nope")
    assert result.exit_code == 2
    assert result.stderr == (
        "st/imports/nope.nt: no import named 'nope' (imported: none)\n"
        "error: 1 problem in the input; nothing was written\n"
    )
    missing = run("--data", "data", "--store", "st", "import", "atop", "shared/nothere")
    assert missing.exit_code == 2
    assert missing.stderr.startswith("shared/nothere: is not a directory of ATOP files\n")


def test_wrong_columns_exit_2_and_import_nothing(run: Run, world: Path) -> None:
    path = world / "shared/atop_5.1/atop5_1aph.csv"
    path.write_text(path.read_text().replace("begyr", "beginyear", 1))
    result = run("--data", "data", "--store", "st", "import", "atop", "shared/atop_5.1")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0].startswith(
        "shared/atop_5.1/atop5_1aph.csv:1: missing column begyr (the header has: atopid, phase, "
    )
    assert not (world / "st" / "imports").exists()


@pytest.mark.usefixtures("world")
def test_import_refuses_an_endpoint(run: Run) -> None:
    result = run("--endpoint", "http://127.0.0.1:9/q", "import", "atop", "shared/atop_5.1")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: import writes the embedded store: drop --endpoint, then use push\n"
    )


@pytest.mark.endpoint
@pytest.mark.usefixtures("world")
def test_push_carries_imports_to_the_endpoint(run: Run, oxigraph_server: OxigraphServer) -> None:
    run("--data", "data", "--store", "st", "import", "atop", "shared/atop_5.1")
    pushed = run("--data", "data", "--store", "st", "push", "--endpoint", oxigraph_server.query_url)
    assert pushed.exit_code == 0, pushed.output
    # 242 triples in all, as the import said: the alliances, the states they added, and the
    # alpha-2 code of each state they link to (citing the crosswalk for the curated ones).
    lines = pushed.stdout.splitlines()
    assert "https://w3id.org/pactgraph/id/graph/import/entities: 36 triples" in lines
    assert "https://w3id.org/pactgraph/id/graph/import/atop: 206 triples" in lines
    # The endpoint's import graphs are found (graph_names) and queried with the curated data.
    traced = run(
        "--endpoint", oxigraph_server.query_url, "trace", "--to", "PRK", "--format", "json"
    )  # fmt: skip
    assert traced.exit_code == 0, traced.output
    committers = [c["committer"]["label"] for c in json.loads(traced.stdout)["commitments"]]
    assert committers == ["Russia", "China"]  # China unconfirmed: its sources end with ATOP


@pytest.mark.shared_data
@pytest.mark.skipif(not DATA.is_dir(), reason=f"{DATA} is absent (the real datasets)")
@pytest.mark.parametrize("command", [[], ["atop"], ["sipri"]])
def test_the_help_examples_name_real_files(run: Run, command: list[str]) -> None:
    """Once `import --help` showed trade_register.csv, a file the shared data does not have."""
    result = run("import", *command, "--help")
    assert result.exit_code == 0
    examples = result.stdout.replace("\\\n", " ")  # a shell line continuation
    paths = re.findall(r"\.\./shared/data/(\S+)", examples)
    assert paths
    for path in paths:
        assert (DATA / path).exists(), f"{path} is not in {DATA}"
