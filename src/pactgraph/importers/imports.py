"""Imported datasets, each its own named graph beside the store (``pgid:graph/import/{name}``).

An import reads the dataset, resolves it against the curated records, and writes
``{store}/imports/{name}.nt`` (to a temporary file, then renamed), with a summary beside it in
``{name}.json``. The store is content-hashed over these files, so the next command sees curated and
imported data together; importing under the same name again replaces the graph, and
:func:`remove_import` takes it out.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pactgraph.errors import InputError
from pactgraph.model import vocab
from pactgraph.model.problems import Problem
from pactgraph.store.dataset import ENTITIES, ENTITIES_SUFFIX, imports_dir

if TYPE_CHECKING:
    from rdflib.term import Node

    from pactgraph.importers.batch import Batch
    from pactgraph.importers.entities import Resolver

Progress = Callable[[str], None]
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
CROSSWALK = Path("crosswalks") / "countrycode_iso_cow_gw.csv"
COW_STATES = Path("cow_states_2016") / "states2016.csv"
SIPRI_NAMES = "sipri_name_to_cown_from_360info.csv"


@dataclass(frozen=True)
class ImportSummary:
    """What one import did: rows read, records and triples written, names it could not place."""

    name: str
    graph: str
    path: Path
    rows: int
    records: int
    triples: int
    bad_rows: tuple[Problem, ...]
    unresolved: dict[str, int]
    matched: dict[str, int]
    seconds: float


def list_imports(*, store_dir: Path) -> list[dict[str, Any]]:
    """The summaries of the datasets imported beside ``store_dir``."""
    folder = imports_dir(store_dir)
    found = []
    for path in sorted(folder.glob("*.nt")) if folder.is_dir() else ():
        if path.name.endswith(ENTITIES_SUFFIX):
            continue
        meta = path.with_suffix(".json")
        info = json.loads(meta.read_text(encoding="utf-8")) if meta.exists() else {}
        found.append({"name": path.stem, **info})
    return found


def remove_import(*, name: str, store_dir: Path) -> Path:
    """Take an imported dataset out; InputError names the imports there are when it is unknown."""
    path = imports_dir(store_dir) / f"{name}.nt"
    if not _NAME.match(name) or not path.exists():
        known = ", ".join(item["name"] for item in list_imports(store_dir=store_dir)) or "none"
        raise InputError([Problem(path, None, f"no import named '{name}' (imported: {known})")])
    path.unlink()
    path.with_suffix(".json").unlink(missing_ok=True)
    path.with_name(name + ENTITIES_SUFFIX).unlink(missing_ok=True)
    return path


def import_atop(
    directory: Path,
    *,
    data_dir: Path,
    store_dir: Path,
    name: str = "atop",
    crosswalk: Path | None = None,
    cow_states: Path | None = None,
    skip_bad_rows: bool = False,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import an ATOP release directory (alliance, phase and member files)."""
    from pactgraph.importers.atop import find_files, read_atop

    started = time.perf_counter()
    _check_name(name)
    _refuse_duplicate(name, directory, store_dir)
    _require_rows(find_files(directory).values(), name)
    resolver = _resolver(data_dir, directory.parent, crosswalk, cow_states)
    batch = read_atop(directory, resolver=resolver, skip_bad_rows=skip_bad_rows, progress=progress)
    return _save(batch, name, directory, data_dir, store_dir, started, progress)


def import_sipri(
    path: Path,
    *,
    data_dir: Path,
    store_dir: Path,
    name: str = "sipri",
    names: Path | None = None,
    crosswalk: Path | None = None,
    cow_states: Path | None = None,
    accessed: dt.date | None = None,
    skip_bad_rows: bool = False,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import a SIPRI trade-register or deliveries export."""
    from pactgraph.importers.sipri import read_names, read_sipri

    started = time.perf_counter()
    _check_name(name)
    _refuse_duplicate(name, path, store_dir)
    resolver = _resolver(data_dir, path.parent.parent, crosswalk, cow_states)
    names_file = names or path.parent / SIPRI_NAMES
    codes = read_names(names_file) if names or names_file.exists() else {}
    batch = read_sipri(
        path,
        resolver=resolver,
        names=codes,
        name=name,
        accessed=accessed,
        skip_bad_rows=skip_bad_rows,
        progress=progress,
    )
    return _save(batch, name, path, data_dir, store_dir, started, progress)


def _check_name(name: str) -> None:
    if name == ENTITIES:
        raise InputError(
            [Problem(Path(name), None, f"'{ENTITIES}' is reserved for added entities")]
        )
    if not _NAME.match(name):
        raise InputError(
            [Problem(Path(name), None, "an import name is lowercase letters, digits and '-'")]
        )


def source_digest(source: Path) -> str:
    """A content hash of an imported file, or of every file of an imported directory."""
    digest = hashlib.sha256()
    files = sorted(p for p in source.rglob("*") if p.is_file()) if source.is_dir() else [source]
    for path in files:  # a file's own name does not count: a renamed copy is the same data
        if path != source:
            digest.update(str(path.relative_to(source)).encode() + b"\0")
        with path.open("rb") as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()[:20]


def _refuse_duplicate(name: str, source: Path, store_dir: Path) -> None:
    """The same data imported under a second name would be every record twice (a trace went
    from 0.35 s to 26 s with one copy): refused, naming the import that holds it."""
    if not source.exists():
        return  # the reader reports a missing file
    digest = source_digest(source)
    for item in list_imports(store_dir=store_dir):
        if item["name"] == name:
            continue  # importing under the same name again replaces it
        same = item.get("digest") == digest or (
            "digest" not in item and item.get("source") == str(source.resolve())
        )
        if same:
            other = item["name"]
            raise InputError(
                [
                    Problem(
                        source,
                        None,
                        f"already imported as '{other}': the same data under a second name "
                        f"would count every record twice. Import it again as '{other}' "
                        f"(--name {other}) to replace it, or remove it first "
                        f"(pactgraph import --remove {other})",
                    )
                ]
            )


_REFUSED = "an import that yields no records is refused; any earlier import of '{}' is kept"


def _require_rows(paths: Iterable[Path], name: str) -> None:
    """Each table has a row below its header: an empty member file is a broken release."""
    empty = []
    for path in paths:
        with path.open("rb") as stream:
            lines = (line for line in stream if line.strip())
            if next(lines, None) is None or next(lines, None) is None:
                empty.append(Problem(path, 1, "no rows below the header: " + _REFUSED.format(name)))
    if empty:
        raise InputError(empty)


def _resolver(
    data_dir: Path, shared: Path, crosswalk: Path | None, cow_states: Path | None
) -> Resolver:
    """Curated records and the code tables, read at run time (never copied into the project)."""
    from pactgraph.importers.entities import (
        Resolver,
        read_alpha2,
        read_cow_names,
        read_iso_names,
        read_state_names,
    )
    from pactgraph.load.curated import read_records

    tables = {
        "--crosswalk": crosswalk or shared / CROSSWALK,
        "--cow-states": cow_states or shared / COW_STATES,
    }
    missing = [
        Problem(path, None, f"not found: give the code table with {option}")
        for option, path in tables.items()
        if not path.is_file()
    ]
    if missing:
        raise InputError(missing)
    # The same checked reading as the store's build: data the store would refuse is refused
    # here, before anything is written.
    records = read_records(data_dir)
    return Resolver(
        curated=records,
        states=read_state_names(crosswalk=tables["--crosswalk"], cow_states=tables["--cow-states"]),
        iso_names=read_iso_names(tables["--crosswalk"]),
        cow_names=read_cow_names(tables["--cow-states"]),
        alpha2=read_alpha2(tables["--crosswalk"]),
    )


def _save(
    batch: Batch,
    name: str,
    source: Path,
    data_dir: Path,
    store_dir: Path,
    started: float,
    progress: Progress | None,
) -> ImportSummary:
    """Write the graph and its summary, then bring the store up to date with it."""
    from pactgraph.load.output import write_atomic
    from pactgraph.load.triples import records_to_triples
    from pactgraph.model.records import Document
    from pactgraph.store.embedded import ensure_store

    if not batch.extra and all(isinstance(record, Document) for record in batch.records):
        raise InputError(
            [
                Problem(
                    source,
                    None,
                    f"{batch.rows:,} rows read, but nothing to import: " + _REFUSED.format(name),
                )
            ]
        )
    if progress:
        progress(f"{name}: writing the graph…")
    lines = ntriples([*records_to_triples(batch.records), *batch.extra])
    entities = ntriples([*records_to_triples(batch.entities), *batch.entity_extra])
    path = imports_dir(store_dir) / f"{name}.nt"
    summary = ImportSummary(
        name=name,
        graph=vocab.import_graph(name),
        path=path,
        rows=batch.rows,
        records=len(batch.records) + len(batch.entities),
        triples=len(lines) + len(entities),
        bad_rows=batch.bad_rows,
        unresolved=batch.unresolved,
        matched=batch.matched,
        seconds=0.0,
    )
    write_atomic(path.with_name(name + ENTITIES_SUFFIX), "".join(entities).encode("utf-8"))
    write_atomic(path, "".join(lines).encode("utf-8"))
    meta = {
        "dataset": batch.dataset,
        "source": str(source.resolve()),
        "digest": source_digest(source),
        "imported": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "rows": batch.rows,
        "records": summary.records,
        "triples": summary.triples,
        "bad_rows": len(batch.bad_rows),
        "unresolved": batch.unresolved,
    }
    write_atomic(path.with_suffix(".json"), json.dumps(meta, indent=2).encode("utf-8"))
    ensure_store(data_dir=data_dir, store_dir=store_dir, progress=progress)
    return replace(summary, seconds=time.perf_counter() - started)


def ntriples(triples: Iterable[tuple[Node, Node, Node]]) -> list[str]:
    """N-Triples lines, without duplicates, in first-seen order (deterministic for equal input)."""
    seen: dict[str, None] = {}
    for s, p, o in triples:
        seen.setdefault(f"{_term(s)} {_term(p)} {_term(o)} .\n")
    return list(seen)


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_STRING = vocab.XSD + "string"


def _term(node: Node) -> str:
    from rdflib import Literal, URIRef

    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        text = '"' + str(node).translate(_ESCAPES) + '"'
        if node.language:
            return f"{text}@{node.language}"
        if node.datatype is not None and str(node.datatype) != _STRING:
            return f"{text}^^<{node.datatype}>"
        return text
    raise TypeError(f"imports make no blank nodes: {node!r}")
