"""Build output: deterministic N-Triples, every format readable, atomic writes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph

from pactgraph.errors import InputError, SetupError
from pactgraph.load.export import build, format_for, serialize, sorted_ntriples


def test_same_input_gives_byte_identical_ntriples_across_processes(tmp_path: Path) -> None:
    # Blank nodes in the ontology get fresh ids in every process: run two.
    outputs = []
    for name in ("a.nt", "b.nt"):
        subprocess.run(
            [sys.executable, "-m", "pactgraph", "build", "-o", str(tmp_path / name)],
            check=True,
            capture_output=True,
        )
        outputs.append((tmp_path / name).read_bytes())
    assert outputs[0] == outputs[1]
    lines = outputs[0].decode().splitlines()
    assert lines == sorted(lines)


@pytest.mark.parametrize("fmt", ["turtle", "nt", "jsonld", "xml"])
def test_every_format_reads_back_to_the_same_graph(minimal_data: Path, fmt: str) -> None:
    result, data = build(data_dir=minimal_data, format=fmt)
    parsed = Graph().parse(data=data, format={"jsonld": "json-ld"}.get(fmt, fmt))
    assert len(parsed) == result.triples


def test_sorted_ntriples_are_stable_for_blank_nodes() -> None:
    text = '_:x <http://e/p> _:y .\n_:y <http://e/q> "v" .\n'
    first = sorted_ntriples(Graph().parse(data=text, format="nt"))
    second = sorted_ntriples(Graph().parse(data=text, format="nt"))
    assert first == second
    assert first.count(b"\n") == 2


def test_format_follows_the_suffix_unless_given() -> None:
    assert format_for(Path("x.owl"), None) == "xml"
    assert format_for(Path("x.nt"), None) == "nt"
    assert format_for(Path("x.nt"), "turtle") == "turtle"
    assert format_for(None, None) == "turtle"


def test_unknown_format_is_refused(minimal_data: Path) -> None:
    with pytest.raises(SetupError, match="unknown format 'n3'"):
        build(data_dir=minimal_data, format="n3")


def test_failed_build_keeps_the_previous_output(minimal_data: Path, tmp_path: Path) -> None:
    output = tmp_path / "out" / "graph.nt"
    build(data_dir=minimal_data, output=output)
    before = output.read_bytes()
    (minimal_data / "actors.yaml").write_text("- id: state/PRK\n  kind: [\n", encoding="utf-8")
    with pytest.raises(InputError):
        build(data_dir=minimal_data, output=output)
    assert output.read_bytes() == before
    assert sorted(p.name for p in output.parent.iterdir()) == ["graph.nt"]


def test_build_summary_counts_records_by_kind(minimal_data: Path) -> None:
    result, _ = build(data_dir=minimal_data, format="nt")
    assert result.records == {"actor": 2, "agreement": 1, "commitment": 1, "document": 1}
    assert result.summary().startswith(f"wrote {result.triples} triples to stdout (nt): ")
    assert serialize(Graph(), "nt") == b""
