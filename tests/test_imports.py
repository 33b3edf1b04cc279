"""Imports are named graphs beside the store: written whole, replaced, removed, always seen."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from rdflib import Literal, URIRef

from pactgraph.ask.trace import trace as _trace
from pactgraph.errors import InputError
from pactgraph.importers.imports import (
    import_atop,
    import_sipri,
    list_imports,
    ntriples,
    remove_import,
)
from pactgraph.model.vocab import import_graph
from pactgraph.store.backends import Solutions
from pactgraph.store.dataset import default_graphs
from pactgraph.store.embedded import inputs_hash, open_store

from .conftest import MINIMAL, write_data
from .datasets import CURATED_WITH_ATOP, write_shared

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def trace(*args: Any, **kwargs: Any) -> dict[str, Any]:
    """The answer as DESIGN §6's JSON object."""
    return _trace(*args, **kwargs).to_json()


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    return write_shared(tmp_path / "shared")


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return write_data(tmp_path / "data", {**MINIMAL, **CURATED_WITH_ATOP})


def test_an_import_is_a_named_graph_the_store_serves(
    tmp_path: Path, shared: Path, data: Path
) -> None:
    store_dir = tmp_path / "store"
    summary = import_atop(shared / "atop_5.1", data_dir=data, store_dir=store_dir)
    assert (summary.graph, summary.path) == (import_graph("atop"), store_dir / "imports/atop.nt")
    entities = summary.path.with_name("atop.entities.nt")
    assert summary.triples == sum(len(p.read_text().splitlines()) for p in (summary.path, entities))
    backend = open_store(data_dir=data, store_dir=store_dir)
    assert import_graph("atop") in default_graphs(backend)
    answer = trace(backend, target="North Korea", graphs=default_graphs(backend))
    committers = {c["committer"]["label"]: c for c in answer["commitments"]}
    assert sorted(committers) == ["China", "Russia"]
    # The curated Russian commitment now cites ATOP beside its curated source.
    titles = [s["title"] for s in committers["Russia"]["sources"]]
    assert "Alliance Treaty Obligations and Provisions (ATOP), version 5.1" in titles


def test_reimporting_replaces_and_remove_takes_out(
    tmp_path: Path, shared: Path, data: Path
) -> None:
    store_dir = tmp_path / "store"
    sipri = shared / "sipri_arms_transfers"
    first = import_sipri(sipri / "register.csv", data_dir=data, store_dir=store_dir)
    hash_one = inputs_hash(data_dir=data, store_dir=store_dir)
    again = import_sipri(sipri / "deliveries.csv", data_dir=data, store_dir=store_dir)
    assert again.path == first.path
    assert inputs_hash(data_dir=data, store_dir=store_dir) != hash_one
    listed = list_imports(store_dir=store_dir)
    assert [(item["name"], item["rows"], item["dataset"]) for item in listed] == [
        ("sipri", 2, "sipri")
    ]
    meta = json.loads(first.path.with_suffix(".json").read_text())
    assert meta["source"] == str((sipri / "deliveries.csv").resolve())
    remove_import(name="sipri", store_dir=store_dir)
    assert list_imports(store_dir=store_dir) == []
    backend = open_store(data_dir=data, store_dir=store_dir)
    assert default_graphs(backend) == default_graphs()


def test_removing_an_unknown_import_names_the_known_ones(
    tmp_path: Path, shared: Path, data: Path
) -> None:
    store_dir = tmp_path / "store"
    import_atop(shared / "atop_5.1", data_dir=data, store_dir=store_dir)
    with pytest.raises(InputError, match=r"no import named 'sipri' \(imported: atop\)"):
        remove_import(name="sipri", store_dir=store_dir)


def test_a_failed_import_leaves_the_earlier_one(tmp_path: Path, shared: Path, data: Path) -> None:
    store_dir = tmp_path / "store"
    summary = import_atop(shared / "atop_5.1", data_dir=data, store_dir=store_dir)
    before = summary.path.read_bytes()
    (shared / "atop_5.1" / "atop5_1a.csv").write_text("atopid\n1\n")
    with pytest.raises(InputError, match="missing columns"):
        import_atop(shared / "atop_5.1", data_dir=data, store_dir=store_dir)
    assert summary.path.read_bytes() == before


def test_curated_data_the_store_would_refuse_stops_the_import_before_it_writes(
    tmp_path: Path, shared: Path, data: Path
) -> None:
    """Once a regression: a dangling reference wrote atop.nt, then said nothing was written."""
    commitments = data / "commitments.yaml"
    commitments.write_text(
        commitments.read_text(encoding="utf-8").replace(
            "beneficiary: state/PRK", "beneficiary: state/PRKK"
        ),
        encoding="utf-8",
    )
    store_dir = tmp_path / "store"
    with pytest.raises(InputError, match="unknown id 'state/PRKK'"):
        import_atop(shared / "atop_5.1", data_dir=data, store_dir=store_dir)
    assert not (store_dir / "imports").exists()
    assert list_imports(store_dir=store_dir) == []


def test_missing_code_tables_are_named_with_their_option(tmp_path: Path, data: Path) -> None:
    atop = write_shared(tmp_path / "elsewhere") / "atop_5.1"
    (tmp_path / "elsewhere" / "crosswalks" / "countrycode_iso_cow_gw.csv").unlink()
    with pytest.raises(InputError, match="not found: give the code table with --crosswalk"):
        import_atop(atop, data_dir=data, store_dir=tmp_path / "store")


def test_bad_import_names_are_refused(tmp_path: Path, shared: Path, data: Path) -> None:
    with pytest.raises(InputError, match="lowercase letters, digits and '-'"):
        import_atop(shared / "atop_5.1", data_dir=data, store_dir=tmp_path / "s", name="../x")


def test_ntriples_escape_what_n_triples_must() -> None:
    subject, predicate = URIRef("https://example.org/s"), URIRef("https://example.org/p")
    lines = ntriples(
        [
            (subject, predicate, Literal('say "hi"\nback\\slash')),
            (subject, predicate, Literal("2", datatype=URIRef("http://x/dt"))),
            (subject, predicate, Literal("2", datatype=URIRef("http://x/dt"))),
        ]
    )
    assert lines == [
        '<https://example.org/s> <https://example.org/p> "say \\"hi\\"\\nback\\\\slash" .\n',
        '<https://example.org/s> <https://example.org/p> "2"^^<http://x/dt> .\n',
    ]


def test_a_state_two_imports_name_is_stated_once(tmp_path: Path, shared: Path, data: Path) -> None:
    store_dir = tmp_path / "store"
    import_atop(shared / "atop_5.1", data_dir=data, store_dir=store_dir)
    sipri = shared / "sipri_arms_transfers" / "register.csv"
    import_sipri(sipri, data_dir=data, store_dir=store_dir)  # its Soviet Union: ATOP's too
    backend = open_store(data_dir=data, store_dir=store_dir)
    graphs = default_graphs(backend)
    assert import_graph("entities") in graphs
    answer = backend.run(
        "SELECT ?label WHERE { <https://w3id.org/pactgraph/id/state/SUN> "
        "<http://www.w3.org/2000/01/rdf-schema#label> ?label }",
        graphs=graphs,
    )
    assert isinstance(answer, Solutions)
    assert [row["label"].value for row in answer.dicts()] == ["Soviet Union"]
    remove_import(name="atop", store_dir=store_dir)
    assert not (store_dir / "imports" / "atop.entities.nt").exists()
    with pytest.raises(InputError, match="'entities' is reserved"):
        import_sipri(sipri, data_dir=data, store_dir=store_dir, name="entities")


def test_a_header_only_member_file_is_refused_and_the_earlier_import_kept(
    tmp_path: Path, shared: Path, data: Path
) -> None:
    store_dir = tmp_path / "store"
    summary = import_atop(shared / "atop_5.1", data_dir=data, store_dir=store_dir)
    before = summary.path.read_bytes()
    members = shared / "atop_5.1" / "atop5_1m.csv"
    members.write_text(members.read_text().splitlines()[0] + "\n")
    with pytest.raises(InputError) as raised:
        import_atop(shared / "atop_5.1", data_dir=data, store_dir=store_dir)
    assert [str(p) for p in raised.value.problems] == [
        f"{members}:1: no rows below the header: an import that yields no records is refused; "
        "any earlier import of 'atop' is kept"
    ]
    assert summary.path.read_bytes() == before


def test_an_import_that_yields_no_records_is_refused(
    tmp_path: Path, shared: Path, data: Path
) -> None:
    register = shared / "sipri_arms_transfers" / "register.csv"
    register.write_text(register.read_text().split("\nRussia,")[0] + "\n")
    with pytest.raises(InputError) as raised:
        import_sipri(register, data_dir=data, store_dir=tmp_path / "store")
    assert [str(p) for p in raised.value.problems] == [
        f"{register}: 0 rows read, but nothing to import: an import that yields no records is "
        "refused; any earlier import of 'sipri' is kept"
    ]
    assert list_imports(store_dir=tmp_path / "store") == []
