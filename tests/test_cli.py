"""The command line: exact output, exit codes, help everywhere, fast start."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import click
import pytest
from click.testing import Result

from pactgraph.cli import cli

Run = Callable[..., Result]


def all_commands() -> list[str]:
    assert isinstance(cli, click.Group)
    return sorted(cli.commands)


@pytest.mark.parametrize("command", all_commands())
def test_every_command_has_help_with_an_example(run: Run, command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.output
    assert f"pactgraph {command}" in result.output
    assert cli.commands[command].help  # type: ignore[attr-defined]


def test_top_level_help_lists_commands(run: Run) -> None:
    result = run("--help")
    assert result.exit_code == 0
    for command in all_commands():
        assert f"  {command} " in result.output


def test_version_lists_the_libraries(run: Run) -> None:
    result = run("--version")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "pactgraph 0.1.0"
    for name in ("rdflib", "pyoxigraph", "owlready2", "networkx", "pyvis"):
        assert any(line.startswith(f"  {name} ") for line in lines), name


@pytest.mark.java
def test_validate_clean(run: Run, minimal_data: Path) -> None:
    result = run("--data", str(minimal_data), "validate")
    assert (result.exit_code, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("ontology and data are consistent (HermiT, ")
    assert lines[1] == (
        "no problems in 5 records (checked schema, references, dates, statuses, ontology terms, "
        "shapes, consistency)"
    )


def test_validate_without_java_says_so_and_exits_0(
    run: Run, minimal_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", "")
    result = run("--data", str(minimal_data), "validate")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == (
        "consistency check skipped: Java was not found; install a Java runtime "
        "(e.g. apt-get install default-jre-headless) to run it"
    )


def test_validate_reports_every_problem_and_exits_1(run: Run, minimal_data: Path) -> None:
    (minimal_data / "actors.yaml").write_text(
        "- id: state/PRK\n  kind: state\n  label: North Korea\n  colour: red\n"
        "- id: state/RUS\n  kind: state\n",
        encoding="utf-8",
    )
    result = run("validate", "--data", str(minimal_data))  # global option after the command
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    assert lines[0] == (
        "data/actors.yaml:4: state/PRK: field 'colour': unknown field (known "
        "fields: aliases, cow_code, description, id, kind, label, sipri_name, "
        "sources, successor_of, wikidata)"
    )
    assert lines[1] == "data/actors.yaml:5: state/RUS: field 'label': required field is missing"
    assert lines[2] == (
        "2 problems in 5 records (checked schema, references, dates, statuses, ontology terms)"
    )


def test_validate_without_data_exits_2(run: Run, tmp_path: Path) -> None:
    result = run("--data", str(tmp_path / "absent"), "validate")
    assert result.exit_code == 2
    assert result.stderr == f"error: data directory not found: {tmp_path / 'absent'}\n"
    assert "Traceback" not in result.output


def test_build_writes_the_file_and_says_so(run: Run, minimal_data: Path, tmp_path: Path) -> None:
    result = run("--data", str(minimal_data), "build", "-o", "out/graph.nt")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    triples = (tmp_path / "out" / "graph.nt").read_bytes().count(b"\n")
    lines = result.stderr.splitlines()
    assert lines[0] == (
        f"wrote {triples} triples to out/graph.nt (nt): 2 actor, "
        "1 agreement, 1 commitment, 1 document"
    )
    assert lines[1].startswith("building the store in ")  # build refreshes the store
    assert len(lines) == 2


def test_build_to_stdout(run: Run, minimal_data: Path) -> None:
    result = run("--data", str(minimal_data), "build", "--format", "jsonld")
    assert result.exit_code == 0
    assert isinstance(json.loads(result.stdout), list | dict)


def test_bad_input_exits_2_without_traceback_and_keeps_output(
    run: Run, minimal_data: Path, tmp_path: Path
) -> None:
    assert run("--data", str(minimal_data), "build", "-o", "graph.ttl").exit_code == 0
    before = (tmp_path / "graph.ttl").read_bytes()
    (minimal_data / "documents.yaml").write_text(
        "- id: document/source\n  kind: article\n  label: A source\n  date: 2024-13-45\n",
        encoding="utf-8",
    )
    result = run("--data", str(minimal_data), "build", "-o", "graph.ttl")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == "error: 1 problem in the input; nothing was written"
    assert (
        "documents.yaml:4: document/source: field 'date': '2024-13-45' is an impossible date"
        in result.stderr
    )
    assert "Traceback" not in result.stderr
    assert (tmp_path / "graph.ttl").read_bytes() == before


def test_debug_shows_the_traceback(run: Run, tmp_path: Path) -> None:
    result = run("--debug", "--data", str(tmp_path / "absent"), "validate")
    assert result.exit_code == 1  # the exception escaped to click's runner
    assert result.exception is not None
    assert type(result.exception).__name__ == "SetupError"


def test_help_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys\n"
        "from pactgraph.cli import cli\n"
        "try:\n"
        "    cli(['--help'], prog_name='pactgraph')\n"
        "except SystemExit:\n"
        "    pass\n"
        "names = ('pyvis', 'owlready2', 'networkx', 'rdflib')\n"
        "heavy = sorted(m for m in names if m in sys.modules)\n"
        "print(','.join(heavy), file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stderr.strip() == ""
    assert "Usage: pactgraph" in result.stdout


def test_python_dash_m_runs_the_cli() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pactgraph", "--version"], capture_output=True, text=True, check=True
    )
    assert result.stdout.startswith("pactgraph 0.1.0\n")


def test_reason_summarises_and_writes_the_inferred_graph(
    run: Run, minimal_data: Path, tmp_path: Path
) -> None:
    result = run("--data", str(minimal_data), "reason", "-o", "out/inferred.ttl")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0].startswith("building the store in ")
    assert lines[1].startswith("inferred 8 triples in ")
    assert lines[1].endswith(
        "1 pg:BindingDefenseCommitment, 1 pg:DefenseCommitment, 1 pg:DefensePact, "
        "1 pg:SecurityCommitment, 1 pg:TreatyAlly, 1 pg:basisOf, 1 pg:committedTo, "
        "1 pg:makesCommitment; wrote out/inferred.ttl"
    )
    text = (tmp_path / "out" / "inferred.ttl").read_text(encoding="utf-8")
    assert "pg:TreatyAlly" in text


@pytest.mark.java
def test_validate_names_the_records_of_an_inconsistency_and_exits_1(
    run: Run, minimal_data: Path
) -> None:
    (minimal_data / "affiliations.yaml").write_text(
        "- id: affiliation/rus-leads-prk\n  subject: state/RUS\n  role: leader_of\n"
        "  object: state/PRK\n  sources: [{document: document/source, quote: leads}]\n",
        encoding="utf-8",
    )
    result = run("--data", str(minimal_data), "validate")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "data/actors.yaml:5: state/RUS: pgid:state/RUS is typed as both Person and State, which "
        "the ontology declares disjoint (a Person as the subject of 'leader of' state/PRK, "
        "actors.yaml:1)"
    )
    assert lines[1].startswith("ontology and data are inconsistent (HermiT, ")
    assert lines[2].startswith("1 problem in 6 records")
