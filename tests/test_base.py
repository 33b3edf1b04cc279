"""The base a store with imports is rebuilt from: reused across curated edits, and the store it
makes holds exactly what a build from nothing holds."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from pactgraph.importers.imports import import_atop, import_sipri
from pactgraph.store import snapshot
from pactgraph.store.backends import OxigraphBackend
from pactgraph.store.base import SCANS, bases_dir
from pactgraph.store.dataset import default_graphs, load_dataset
from pactgraph.store.embedded import ensure_store
from pactgraph.store.pairs import oxigraph_pairs

from .conftest import MINIMAL, write_data
from .datasets import CURATED_WITH_ATOP, write_shared


def quads(store: ox.Store) -> tuple[int, set[str]]:
    """How many quads, and those without blank nodes (whose labels differ between loads)."""
    every = [str(q) for q in store.quads_for_pattern(None, None, None)]
    return len(every), {q for q in every if "_:" not in q}


def from_nothing(data: Path, store_dir: Path) -> set[str]:
    store = ox.Store()
    load_dataset(store, data_dir=data, store_dir=store_dir)
    return quads(store)


def assert_network_read_afresh(directory: Path) -> None:
    """The network and names kept with a store are what reading its every graph again gives."""
    store = ox.Store.read_only(str(directory))
    graphs = default_graphs(OxigraphBackend(store, description=""))
    network, names = snapshot.extract(oxigraph_pairs(store, graphs))
    assert snapshot.load_network(directory, graphs, labels=True) == network
    assert snapshot.load_names(directory, graphs) == names
    assert any(link.relation == "commitment" for link in network.links)


def test_a_curated_edit_reuses_the_base_and_builds_what_a_build_from_nothing_builds(
    tmp_path: Path,
) -> None:
    shared = write_shared(tmp_path / "shared")
    data = write_data(tmp_path / "data", {**MINIMAL, **CURATED_WITH_ATOP})
    store_dir = tmp_path / "store"
    import_atop(shared / "atop_5.1", data_dir=data, store_dir=store_dir)
    first = ensure_store(data_dir=data, store_dir=store_dir)
    (base,) = bases_dir(store_dir).iterdir()
    made = base.stat().st_mtime_ns

    actors = data / "actors.yaml"
    actors.write_text(actors.read_text().replace("label: Russia", "label: Russian Federation"))
    second = ensure_store(data_dir=data, store_dir=store_dir)
    assert second != first
    assert [p.name for p in bases_dir(store_dir).iterdir()] == [base.name]
    assert base.stat().st_mtime_ns == made
    built = quads(ox.Store.read_only(str(second)))
    assert any("Russian Federation" in quad for quad in built[1])
    assert any("/graph/import/atop>" in quad for quad in built[1])
    assert any("/graph/inferred>" in quad for quad in built[1])
    assert built == from_nothing(data, store_dir)
    assert (base / SCANS).is_file()  # the network was read from the base's scans
    # No write-ahead log left behind: what reasoning wrote is in the tables already.
    assert [log.stat().st_size for log in base.glob("*.log")] == [0]
    assert [log.stat().st_size for log in second.glob("*.log")] == [0]  # nor in the store
    assert_network_read_afresh(second)


def test_a_new_import_makes_a_new_base_and_drops_the_old(tmp_path: Path) -> None:
    shared = write_shared(tmp_path / "shared")
    data = write_data(tmp_path / "data", {**MINIMAL, **CURATED_WITH_ATOP})
    store_dir = tmp_path / "store"
    import_atop(shared / "atop_5.1", data_dir=data, store_dir=store_dir)
    ensure_store(data_dir=data, store_dir=store_dir)
    (old,) = bases_dir(store_dir).iterdir()
    import_sipri(
        shared / "sipri_arms_transfers" / "register.csv", data_dir=data, store_dir=store_dir
    )
    store = ensure_store(data_dir=data, store_dir=store_dir)
    (new,) = bases_dir(store_dir).iterdir()
    assert new.name != old.name
    assert quads(ox.Store.read_only(str(store))) == from_nothing(data, store_dir)
    assert_network_read_afresh(store)
