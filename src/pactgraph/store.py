"""The embedded Oxigraph store on disk, rebuilt when its inputs change, and the backend selector.

A store lives in ``{store_dir}/{hash of its inputs}``. A rebuild writes a new directory beside the
old one and renames it into place when complete, so a crash leaves the previous store usable and
readers (opened read-only, any number at once) never see a half-built one.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from . import vocab
from .backends import Backend, EndpointError, OxigraphBackend, RdflibBackend
from .ontology import ontology_path

if TYPE_CHECKING:
    from rdflib import Graph

_READY = "READY"
# what shapes the triples
_CODE = ("triples.py", "vocab.py", "curated.py", "fields.py", "reasoning.py")
Progress = Callable[[str], None]


def default_store_dir() -> Path:
    """The user's cache directory, as XDG has it."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "pactgraph" / "store"


def named_graphs(*, data_dir: Path, store_dir: Path | None = None) -> dict[str, Graph]:
    """The graphs a store holds, by name: the ontology, the curated data and, when ``store_dir``
    is given, the datasets imported beside it (parsed here; the embedded store loads the files)."""
    from rdflib import Graph

    from .export import compile_graph
    from .ontology import load_ontology

    curated, _ = compile_graph(data_dir=data_dir, include_ontology=False)
    graphs = {vocab.GRAPH_ONTOLOGY: load_ontology(), vocab.GRAPH_CURATED: curated}
    for name, paths in import_files(store_dir).items() if store_dir else ():
        graphs[name] = Graph()
        for path in paths:
            graphs[name].parse(path, format="nt")
    return graphs


def _inputs(data_dir: Path, store_dir: Path | None) -> list[Path]:
    package = Path(__file__).parent
    imported = [p for ps in import_files(store_dir).values() for p in ps] if store_dir else []
    return [
        ontology_path(),
        *(package / name for name in _CODE),
        *sorted(data_dir.glob("*.y*ml")),
        *imported,
    ]


def inputs_hash(*, data_dir: Path, store_dir: Path | None = None) -> str:
    """A content hash of everything the store is built from."""
    digest = hashlib.sha256()
    for path in _inputs(data_dir, store_dir):
        digest.update(path.name.encode() + b"\0")
        with path.open("rb") as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
        digest.update(b"\0")
    return digest.hexdigest()[:20]


def _cached_hash(data_dir: Path, store_dir: Path) -> str:
    """The content hash, recomputed only when a file's path, size or mtime changed."""
    signature = hashlib.sha256()
    for path in _inputs(data_dir, store_dir):
        stat = path.stat()
        signature.update(f"{path.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    memo = store_dir / "hashes" / signature.hexdigest()[:32]
    try:
        return memo.read_text(encoding="ascii").strip()
    except OSError:
        content = inputs_hash(data_dir=data_dir, store_dir=store_dir)
    try:
        memo.parent.mkdir(parents=True, exist_ok=True)
        memo.write_text(content, encoding="ascii")
    except OSError:
        pass  # a read-only cache still works, just without the shortcut
    return content


def ensure_store(*, data_dir: Path, store_dir: Path, progress: Progress | None = None) -> Path:
    """The directory of an up-to-date store, building it first if the inputs changed."""
    target = store_dir / _cached_hash(data_dir, store_dir)
    if (target / _READY).exists():
        return target
    if progress:
        progress(f"building the store in {target} (its inputs changed)…")
    from .export import compile_graph
    from .ontology import load_ontology

    curated, _ = compile_graph(data_dir=data_dir, include_ontology=False)  # InputError first
    graphs = {vocab.GRAPH_ONTOLOGY: load_ontology(), vocab.GRAPH_CURATED: curated}
    store_dir.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=".building-", dir=store_dir))
    try:
        _load(building, graphs, import_files(store_dir))
        (building / _READY).write_text(target.name, encoding="utf-8")
        try:
            building.rename(target)
        except OSError:
            if not (target / _READY).exists():  # not a concurrent build that won the race
                raise
    finally:
        shutil.rmtree(building, ignore_errors=True)
    _remove_stale(store_dir, keep=target)
    return target


def _load(directory: Path, graphs: dict[str, Graph], files: dict[str, list[Path]]) -> None:
    import pyoxigraph as ox

    from .reasoning import materialise

    store = ox.Store(str(directory))
    for name, graph in graphs.items():
        data = graph.serialize(format="nt", encoding="utf-8")
        store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(name))
    for name, paths in files.items():
        for path in paths:
            store.bulk_load(path=path, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(name))
    materialise(store).save(directory)  # OWL RL inferences, in their own graph (reasoning.py)
    store.flush()
    store.optimize()
    del store


def _remove_stale(store_dir: Path, *, keep: Path) -> None:
    """Drop older complete stores, but the newest of them, which a reader may still have open."""
    others = sorted(
        (p for p in store_dir.iterdir() if p != keep and (p / _READY).exists()),
        key=lambda p: p.stat().st_mtime,
    )
    for old in others[:-1]:
        shutil.rmtree(old, ignore_errors=True)


def open_store(
    *, data_dir: Path, store_dir: Path | None = None, progress: Progress | None = None
) -> OxigraphBackend:
    """The embedded store, read-only, rebuilt first if needed."""
    import pyoxigraph as ox

    path = ensure_store(
        data_dir=data_dir, store_dir=store_dir or default_store_dir(), progress=progress
    )
    try:
        store = ox.Store.read_only(str(path))
    except OSError as error:
        raise EndpointError(f"cannot open the store in {path}: {error}") from error
    return OxigraphBackend(store, description=f"embedded store {path}")


def memory_backend(*, data_dir: Path, store_dir: Path | None = None) -> RdflibBackend:
    """The same graphs in an in-memory rdflib Dataset."""
    return RdflibBackend(named_graphs(data_dir=data_dir, store_dir=store_dir))


def open_backend(
    *,
    data_dir: Path,
    store_dir: Path | None = None,
    endpoint: str | None = None,
    progress: Progress | None = None,
) -> Backend:
    """The backend a command runs on: an endpoint URL if given, else the embedded store."""
    if endpoint:
        from .endpoint import EndpointBackend

        return EndpointBackend(endpoint)
    return open_store(data_dir=data_dir, store_dir=store_dir, progress=progress)


def default_graphs(backend: Backend | None = None, *, inferred: bool = True) -> list[str]:
    """The named graphs whose union commands query: ontology, curated data, the imports
    ``backend`` holds (none when no backend is given), and with ``inferred`` the reasoner's."""
    imported = [
        name
        for name in (backend.graph_names() if backend is not None else ())
        if name.startswith(vocab.import_graph(""))
    ]
    graphs = [vocab.GRAPH_ONTOLOGY, vocab.GRAPH_CURATED, *imported]
    return [*graphs, vocab.GRAPH_INFERRED] if inferred else graphs


def import_files(store_dir: Path) -> dict[str, list[Path]]:
    """The files of the datasets imported beside the store, by the graph they load into.

    The entities each import added (states, weapon systems…) all load into one graph, so that a
    state two datasets name is stated once: a query's default graph, a union of graphs, would
    otherwise match its triples once per graph.
    """
    from .imports import ENTITIES, ENTITIES_SUFFIX, imports_dir

    folder = imports_dir(store_dir)
    if not folder.is_dir():
        return {}
    files: dict[str, list[Path]] = {}
    for path in sorted(folder.glob("*.nt")):
        if path.name.endswith(ENTITIES_SUFFIX):
            files.setdefault(vocab.import_graph(ENTITIES), []).append(path)
        else:
            files.setdefault(vocab.import_graph(path.stem), []).append(path)
    return files
