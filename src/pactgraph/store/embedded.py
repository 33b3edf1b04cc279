"""The embedded Oxigraph store on disk, rebuilt when its inputs change, and the backend selector.

A store lives in ``{store_dir}/{hash of its inputs}``. A rebuild writes a new directory beside the
old one and renames it into place when complete, so a crash leaves the previous store usable and
readers (opened read-only, any number at once) never see a half-built one.

The store is a cache, so damage is repaired rather than reported: a directory without its READY
marker, or one RocksDB calls corrupt (at opening or in the middle of a query), is said to be so in
one line and rebuilt. Where the cache cannot be written (a read-only disk, no permission, a full
disk), commands answer from a store built in memory, and say so.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import threading
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pactgraph.model.ontology import ontology_path
from pactgraph.store.backends import (
    DEFAULT_TIMEOUT,
    Backend,
    DeadlineError,
    OxigraphBackend,
    RdflibBackend,
    StoreError,
    within_deadline,
)
from pactgraph.store.base import (
    READY,
    add_curated_to_base,
    build_atomically,
    content_hash,
    copy_base,
    ensure_base,
)
from pactgraph.store.dataset import graph_files, import_files, load_dataset, named_graphs

if TYPE_CHECKING:
    from pactgraph.store.graphstore import PushResult
    from pactgraph.store.reasoning import Inference

Progress = Callable[[str], None]


def default_store_dir() -> Path:
    """The user's cache directory, as XDG has it."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "pactgraph" / "store"


# The store's content is decided by the ontology, the data, the imports and the code that turns
# them into triples and inferences: every module of these layers (any edit there rebuilds).
_CODE_LAYERS = ("model", "load", "store")


def code_files() -> list[Path]:
    """The source files whose behaviour decides what a store holds."""
    package = Path(__file__).resolve().parent.parent
    layers = sorted(path for layer in _CODE_LAYERS for path in (package / layer).glob("*.py"))
    return [package / "errors.py", *layers]


def _inputs(data_dir: Path, store_dir: Path | None) -> list[Path]:
    imported = [p for ps in import_files(store_dir).values() for p in ps] if store_dir else []
    return [ontology_path(), *code_files(), *sorted(data_dir.glob("*.y*ml")), *imported]


def inputs_hash(*, data_dir: Path, store_dir: Path | None = None) -> str:
    """A content hash of everything the store is built from."""
    return content_hash(_inputs(data_dir, store_dir))


def _cached_hash(data_dir: Path, store_dir: Path) -> str:
    """The content hash, recomputed only when a file's path, size or mtime changed.

    Every command pays for this check, so it is kept cheap: no symlinks resolved, and the memo
    is named by a CRC of the files' signature and holds the signature itself, compared in full
    (hashlib's import alone cost 5 ms of a 240 ms trace).
    """
    lines = []
    for path in _inputs(data_dir, store_dir):
        stat = path.stat()
        lines.append(f"{path.absolute()}\0{stat.st_size}\0{stat.st_mtime_ns}")
    signature = "\n".join(lines)
    memo = store_dir / "hashes" / f"{zlib.crc32(signature.encode()):08x}-{len(lines)}"
    try:
        content, _, kept = memo.read_text(encoding="utf-8").partition("\n")
        if kept == signature:
            return content
    except OSError:
        pass
    content = inputs_hash(data_dir=data_dir, store_dir=store_dir)
    try:
        memo.parent.mkdir(parents=True, exist_ok=True)
        memo.write_text(f"{content}\n{signature}", encoding="utf-8")
    except OSError:
        pass  # a read-only cache still works, just without the shortcut
    return content


def ensure_store(*, data_dir: Path, store_dir: Path, progress: Progress | None = None) -> Path:
    """The directory of an up-to-date store, building it first if the inputs changed."""
    target = store_dir / _cached_hash(data_dir, store_dir)
    if (target / READY).exists():
        return target
    if target.exists():  # left by a crash outside pactgraph's rename, or copied by hand
        _say(progress, f"the store in {target} is incomplete (no {READY} marker): rebuilding it")
        _discard(target)
    elif progress:
        progress(f"building the store in {target} (its inputs changed)…")
    store_dir.mkdir(parents=True, exist_ok=True)
    build_atomically(
        target,
        lambda building: _load(building, data_dir=data_dir, store_dir=store_dir, progress=progress),
    )
    _remove_stale(store_dir, keep=target)
    return target


def _load(directory: Path, *, data_dir: Path, store_dir: Path, progress: Progress | None) -> None:
    import pyoxigraph as ox

    from pactgraph.store import snapshot
    from pactgraph.store.dataset import add_curated, compile_curated, default_graphs, load_imported

    curated = compile_curated(data_dir)  # bad graph_data is reported before any work
    imported = [path for paths in import_files(store_dir).values() for path in paths]
    pairs = None
    if imported:
        inputs = [ontology_path(), *code_files(), *imported]
        base = ensure_base(store_dir, inputs=inputs, progress=progress)
        store = copy_base(base, directory)
        _say(progress, "adding graph_data and reasoning over what it adds…")
        graphs = default_graphs(OxigraphBackend(store, description=""))
        inference, pairs = add_curated_to_base(store, base, curated=curated, graphs=graphs)
    else:
        store = ox.Store(str(directory))
        load_imported(store, store_dir=None)
        inference = add_curated(store, curated=curated, imports=False)
        graphs = default_graphs(OxigraphBackend(store, description=""))
    inference.save(directory)
    # The actor network and the name index, read once here rather than on every question.
    if imported:  # seconds with imports; instant without
        _say(progress, "indexing names and the actor network…")
    snapshot.build(store, directory, graphs, pairs=pairs)
    store.flush()
    if not imported:  # a copied base was optimised when made; the curated graph is small
        store.optimize()
    del store, pairs  # the pairs read the store lazily: both go, and the store closes
    # Opened once more and closed: RocksDB then deletes the write-ahead log the load left (20 MB
    # for the curated graph), which every read-only open would otherwise replay (50 ms a trace).
    # Should the store still be open here after all, the log stays, replayed at each open.
    with contextlib.suppress(OSError):
        ox.Store(str(directory))


def _say(progress: Progress | None, message: str) -> None:
    if progress:
        progress(message)


def _discard(directory: Path) -> None:
    """Take a damaged store out of the way at once (a rename), then delete it."""
    import shutil
    import tempfile

    aside = Path(tempfile.mkdtemp(prefix=".damaged-", dir=directory.parent))
    directory.rename(aside / directory.name)
    shutil.rmtree(aside, ignore_errors=True)


# Why a store cannot be written: answer from memory instead of failing.
_UNWRITABLE = {errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOSPC, errno.EDQUOT, errno.ENOTDIR}


def _is_damage(error: BaseException) -> bool:
    return isinstance(error, RuntimeError | OSError) and "Corruption" in str(error)


def _first_line(error: BaseException) -> str:
    """The gist of an error: its first line, RocksDB's corruption reports cut to what and where."""
    lines = str(error).strip().splitlines()
    text = lines[0] if lines else type(error).__name__
    damage = re.match(r"(Corruption: [^:]*?)(?:\s+sstable)?(?::| in /|$)", text)
    if damage is None:
        return text
    where = re.search(r"[\w.-]+\.sst\b", text)
    return damage.group(1) + (f" in {where.group()}" if where else "")


def _open_disk(
    data_dir: Path, store_dir: Path, progress: Progress | None
) -> tuple[Any, str, Path | None]:
    """A read-only pyoxigraph store, its description and directory (None: built in memory)."""
    import pyoxigraph as ox

    try:
        path = ensure_store(data_dir=data_dir, store_dir=store_dir, progress=progress)
        try:
            return ox.Store.read_only(str(path)), f"embedded store {path}", path
        except (OSError, RuntimeError) as error:
            _say(progress, f"the store in {path} is damaged ({_first_line(error)}): rebuilding it")
            _discard(path)
            path = ensure_store(data_dir=data_dir, store_dir=store_dir, progress=progress)
            return ox.Store.read_only(str(path)), f"embedded store {path}", path
    except OSError as error:
        if error.errno not in _UNWRITABLE:
            raise StoreError(f"cannot open the store in {store_dir}: {error}") from None
        reason = error.strerror or str(error)
        _say(
            progress,
            f"cannot write the store in {store_dir} ({reason}): answering from a store built "
            "in memory, not kept",
        )
        memory = _memory_store(data_dir, store_dir)
        return memory, "in-memory store (the cache is not writable)", None
    except RuntimeError as error:  # a store rebuilt just now and still unreadable
        raise StoreError(f"cannot open the store in {store_dir}: {_first_line(error)}") from None


_PROBE_SECONDS = 5.0


def _probe(store: Any) -> BaseException | None:
    """The error reading every quad of the store gives, if any (within _PROBE_SECONDS)."""

    def read_all(cancel: threading.Event) -> None:
        for count, _ in enumerate(store.quads_for_pattern(None, None, None, None)):
            if count % 65536 == 0 and cancel.is_set():
                return

    try:
        within_deadline(read_all, timeout=_PROBE_SECONDS, what="reading the store through")
    except (OSError, RuntimeError) as error:
        return error
    except DeadlineError:
        return None
    return None


def _memory_store(data_dir: Path, store_dir: Path) -> Any:
    import pyoxigraph as ox

    store = ox.Store()
    load_dataset(store, data_dir=data_dir, store_dir=store_dir if store_dir.is_dir() else None)
    return store


def _remove_stale(store_dir: Path, *, keep: Path) -> None:
    """Drop older complete stores, but the newest of them, which a reader may still have open."""
    import shutil

    others = sorted(
        (p for p in store_dir.iterdir() if p != keep and (p / READY).exists()),
        key=lambda p: p.stat().st_mtime,
    )
    for old in others[:-1]:
        shutil.rmtree(old, ignore_errors=True)


def open_store(
    *,
    data_dir: Path,
    store_dir: Path | None = None,
    progress: Progress | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    allow_service: bool = False,
) -> OxigraphBackend:
    """The embedded store, read-only, rebuilt first if needed (or repaired, see above)."""
    directory = store_dir or default_store_dir()
    store, description, path = _open_disk(data_dir, directory, progress)

    def recover(error: BaseException) -> tuple[Any, str] | None:
        """A store found damaged by a query: rebuilt, for the query to run once more.

        RocksDB reports a damaged block to a query that streams its rows; an aggregate over one
        has been seen to loop instead, until the deadline. So a query stopped at its deadline
        has the store read through (a few seconds at most): damage found there is repaired too.
        """
        if path is None:
            return None
        cause = error.cause if isinstance(error, StoreError) else None
        if isinstance(error, DeadlineError):
            cause = _probe(store)
        if cause is None or not _is_damage(cause):
            return None
        _say(progress, f"the store in {path} is damaged ({_first_line(cause)}): rebuilding it")
        with contextlib.suppress(OSError):  # then the rebuild below answers from memory
            _discard(path)
        rebuilt, again, _ = _open_disk(data_dir, directory, progress)
        return rebuilt, again

    return OxigraphBackend(
        store,
        description=description,
        timeout=timeout,
        allow_service=allow_service,
        recover=recover,
        path=path,
    )


def memory_backend(
    *,
    data_dir: Path,
    store_dir: Path | None = None,
    timeout: float | None = None,
    allow_service: bool = False,
) -> RdflibBackend:
    """The same dataset in an in-memory rdflib Dataset (no deadline unless ``timeout``)."""
    return RdflibBackend(
        named_graphs(data_dir=data_dir, store_dir=store_dir),
        timeout=timeout,
        allow_service=allow_service,
    )


def open_backend(
    *,
    data_dir: Path,
    store_dir: Path | None = None,
    endpoint: str | None = None,
    progress: Progress | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    allow_service: bool = False,
) -> Backend:
    """The backend a command runs on: an endpoint URL if given, else the embedded store.

    ``timeout`` bounds every query (seconds, None for no deadline); ``allow_service`` lets
    queries call other servers through SERVICE.
    """
    if endpoint is not None:  # an empty URL is an error, not a quiet fall back to the store
        from pactgraph.store.endpoint import EndpointBackend

        return EndpointBackend(endpoint, timeout=timeout, allow_service=allow_service)
    return open_store(
        data_dir=data_dir,
        store_dir=store_dir,
        progress=progress,
        timeout=timeout,
        allow_service=allow_service,
    )


def push_dataset(
    *,
    data_dir: Path,
    store_dir: Path | None = None,
    graph_store: str,
    progress: Progress | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> list[PushResult]:
    """Upload every graph of the embedded store, inferences included, to a Graph Store URL.

    ``timeout`` bounds each upload (a total deadline per graph, longer for a larger graph: see
    ``graphstore.put_deadline``); each graph is streamed from a temporary file.
    """
    from pactgraph.store.graphstore import push

    store, _, _ = _open_disk(data_dir, store_dir or default_store_dir(), progress)
    # Closed explicitly: a push that fails half-way leaves the generator, and its temporary
    # directory, to the garbage collector otherwise.
    with contextlib.closing(graph_files(store)) as files:
        return push(graphs=files, graph_store=graph_store, timeout=timeout, progress=progress)


def reason(
    *,
    data_dir: Path,
    store_dir: Path | None = None,
    output: Path | None = None,
    format: str | None = None,
    progress: Any = None,
) -> Inference:
    """The inferences of the embedded store (made when it was built); ``output`` gets the graph."""
    from pactgraph.load.export import format_for, serialize
    from pactgraph.load.output import write_atomic
    from pactgraph.store.reasoning import ENGINE, Inference, count_inferences, inferred_graph

    store, _, path = _open_disk(data_dir, store_dir or default_store_dir(), progress)
    found = Inference.load(path) if path is not None else None
    if found is None:  # a store built before this summary existed: count again
        found = Inference(count_inferences(store), ENGINE, 0.0, 0)
    if output is not None:
        write_atomic(output, serialize(inferred_graph(store), format_for(output, format)))
    return found
