"""The base a store with imports is rebuilt from: the ontology and the imported datasets.

With ATOP and SIPRI imported, loading their triples, reasoning over them and reading the actor
network out of them took 70 s of a 90 s rebuild, and none of it depends on graph_data. So the
graphs that do not depend on graph_data are kept in a store of their own,
``{store_dir}/bases/{hash}``, keyed by the content hash of the ontology, the code and the import
files, with their inferences and the scans the network is read with (:mod:`.pairs`). A rebuild
after a curated edit copies it (a RocksDB checkpoint: hard links, a fraction of a second), adds
the curated graph, infers only what that adds (:func:`.reasoning.materialise_change`) and reads
the network from the base's scans plus the curated graph's. A test checks that the store and
the network it makes are what a build from nothing makes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pactgraph.model import vocab
from pactgraph.store.dataset import load_imported

if TYPE_CHECKING:
    import pyoxigraph as ox

    from pactgraph.store.pairs import Pairs
    from pactgraph.store.reasoning import Inference

Progress = Callable[[str], None]
READY = "READY"  # the marker of a complete store or base directory
SCANS = "scans.pickle"  # beside a base's data: the scans its network was read with


def bases_dir(store_dir: Path) -> Path:
    return store_dir / "bases"


def content_hash(paths: Sequence[Path]) -> str:
    """A hash of the files' names and contents, in order: what a store is keyed by."""
    import hashlib

    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode() + b"\0")
        with path.open("rb") as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
        digest.update(b"\0")
    return digest.hexdigest()[:20]


def build_atomically(target: Path, fill: Callable[[Path], None]) -> None:
    """Have ``fill`` write a store into a new directory beside ``target``, then rename it into
    place with its READY marker: a crash leaves no half store, and of two concurrent builds
    the first to finish wins."""
    import shutil
    import tempfile

    building = Path(tempfile.mkdtemp(prefix=".building-", dir=target.parent))
    try:
        fill(building)
        (building / READY).write_text(target.name, encoding="utf-8")
        try:
            building.rename(target)
        except OSError:
            if not (target / READY).exists():  # not a concurrent build that won the race
                raise
    finally:
        shutil.rmtree(building, ignore_errors=True)


def ensure_base(
    store_dir: Path, *, inputs: Sequence[Path], progress: Progress | None = None
) -> Path:
    """The directory of the base for these inputs (the ontology, code and import files),
    built first when there is none; older bases are removed."""
    import shutil

    import pyoxigraph as ox

    folder = bases_dir(store_dir)
    target = folder / content_hash(inputs)
    if (target / READY).exists():
        return target
    folder.mkdir(parents=True, exist_ok=True)

    def fill(building: Path) -> None:
        from pactgraph.store import snapshot
        from pactgraph.store.pairs import Recorder, oxigraph_pairs
        from pactgraph.store.reasoning import materialise

        store = ox.Store(str(building))
        load_imported(store, store_dir=store_dir, progress=progress)
        if progress:
            progress("reasoning over the imported datasets (OWL RL rules)…")
        materialise(store)
        if progress:
            progress("indexing the imported datasets…")
        recorder = Recorder(oxigraph_pairs(store, [g.value for g in store.named_graphs()]))
        snapshot.extract(recorder)
        recorder.save(building / SCANS)
        store.flush()
        store.optimize()  # once here, rather than in every store copied from this one

    def fill_and_close(building: Path) -> None:
        fill(building)  # its store is closed when it returns
        # Opened once more and closed: RocksDB then deletes the write-ahead log the reasoning
        # left, which it no longer needs (83 MB with ATOP and SIPRI; 0.1 s).
        ox.Store(str(building))

    build_atomically(target, fill_and_close)
    for other in folder.iterdir():
        if other != target and not other.name.startswith("."):
            shutil.rmtree(other, ignore_errors=True)
    return target


def copy_base(base: Path, target: Path) -> ox.Store:
    """A writable store in ``target`` (absent or empty) holding what the base holds."""
    import pyoxigraph as ox

    if target.exists():
        target.rmdir()  # a checkpoint is written into a directory it creates
    ox.Store.read_only(str(base)).backup(str(target))
    (target / READY).unlink(missing_ok=True)  # copied only if it was in RocksDB's directory
    return ox.Store(str(target))


def add_curated_to_base(
    store: ox.Store, base: Path, *, curated: list[ox.Quad], graphs: Sequence[str]
) -> tuple[Inference, Pairs | None]:
    """Add the curated graph to a copy of ``base`` and infer what it adds; the pairs that read
    the network out of the result over ``graphs`` (None: no scans kept, scan the store)."""

    from pactgraph.store.pairs import joined, load_scans, oxigraph_pairs, replayed, triple_pairs
    from pactgraph.store.reasoning import materialise_change

    store.bulk_extend(curated)
    inference, new = materialise_change(store, changed=vocab.GRAPH_CURATED)
    scans = load_scans(base / SCANS)
    if scans is None:
        return inference, None
    added = joined(oxigraph_pairs(store, [vocab.GRAPH_CURATED]), triple_pairs(new))
    return inference, replayed(scans, added=added, everything=oxigraph_pairs(store, graphs))
