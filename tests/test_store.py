"""The embedded store: built once per content, rebuilt on change, safe against crashes, repaired
when damaged, built in memory when the cache cannot be written."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from pactgraph.errors import InputError
from pactgraph.store.backends import OxigraphBackend, Solutions
from pactgraph.store.dataset import default_graphs
from pactgraph.store.embedded import code_files, ensure_store, inputs_hash, open_store

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/pactgraph/ontology#State> }"


def states(backend: OxigraphBackend) -> int:
    result = backend.run(COUNT, graphs=default_graphs())
    assert isinstance(result, Solutions)
    assert result.rows[0][0] is not None
    return int(result.rows[0][0].value)


def test_built_once_then_reused(minimal_data: Path, tmp_path: Path) -> None:
    messages: list[str] = []
    first = ensure_store(data_dir=minimal_data, store_dir=tmp_path / "s", progress=messages.append)
    second = ensure_store(data_dir=minimal_data, store_dir=tmp_path / "s", progress=messages.append)
    assert first == second
    assert len(messages) == 1
    assert messages[0].startswith("building the store in ")


def test_a_built_store_leaves_no_write_ahead_log(minimal_data: Path, tmp_path: Path) -> None:
    """What the build wrote is in the tables: a read-only open has no log to replay."""
    path = ensure_store(data_dir=minimal_data, store_dir=tmp_path / "s")
    assert [log.stat().st_size for log in path.glob("*.log")] == [0]


def test_rebuilt_when_the_data_changes(minimal_data: Path, tmp_path: Path) -> None:
    store_dir = tmp_path / "s"
    assert states(open_store(data_dir=minimal_data, store_dir=store_dir)) == 2
    with (minimal_data / "actors.yaml").open("a", encoding="utf-8") as stream:
        stream.write("- id: state/SUN\n  kind: state\n  label: Soviet Union\n")
    assert states(open_store(data_dir=minimal_data, store_dir=store_dir)) == 3


def test_bad_data_leaves_the_previous_store_usable(minimal_data: Path, tmp_path: Path) -> None:
    store_dir = tmp_path / "s"
    good = ensure_store(data_dir=minimal_data, store_dir=store_dir)
    (minimal_data / "actors.yaml").write_text("- id: [\n", encoding="utf-8")
    with pytest.raises(InputError):
        ensure_store(data_dir=minimal_data, store_dir=store_dir)
    assert sorted(p.name for p in store_dir.iterdir() if p.name != "hashes") == [good.name]


def test_a_crash_mid_build_leaves_no_half_store(minimal_data: Path, tmp_path: Path) -> None:
    store_dir = tmp_path / "s"
    good = ensure_store(data_dir=minimal_data, store_dir=store_dir)
    (minimal_data / "actors.yaml").write_text(
        (minimal_data / "actors.yaml").read_text(encoding="utf-8") + "# changed\n", encoding="utf-8"
    )
    code = (
        "import os, pactgraph.store.embedded as s\n"
        "def die(*a, **k): os._exit(9)\n"
        "s._load = die\n"
        f"s.ensure_store(data_dir=__import__('pathlib').Path({str(minimal_data)!r}), "
        f"store_dir=__import__('pathlib').Path({str(store_dir)!r}))\n"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 9
    # The killed build left its temporary directory; the good store is untouched and used.
    complete = [p for p in store_dir.iterdir() if (p / "READY").exists()]
    assert complete == [good]
    assert (
        states(open_store(data_dir=minimal_data.parent / minimal_data.name, store_dir=store_dir))
        == 2
    )


def test_two_processes_read_at_once(minimal_data: Path, tmp_path: Path) -> None:
    store_dir = tmp_path / "s"
    ensure_store(data_dir=minimal_data, store_dir=store_dir)
    code = (
        "import pathlib, pactgraph.store.embedded as s, pactgraph.store.dataset as d\n"
        f"b = s.open_store(data_dir=pathlib.Path({str(minimal_data)!r}), "
        f"store_dir=pathlib.Path({str(store_dir)!r}))\n"
        f"print(len(b.run({COUNT!r}, graphs=d.default_graphs()).rows))\n"
    )
    readers = [
        subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    held = open_store(data_dir=minimal_data, store_dir=store_dir)  # and this process too
    outputs = [reader.communicate(timeout=60)[0] for reader in readers]
    assert outputs == ["1\n"] * 3
    assert states(held) == 2


def test_the_hash_shortcut_notices_edits(minimal_data: Path, tmp_path: Path) -> None:
    store_dir = tmp_path / "s"
    first = ensure_store(data_dir=minimal_data, store_dir=store_dir)
    path = minimal_data / "events.yaml"
    path.write_text("[]\n", encoding="utf-8")
    assert ensure_store(data_dir=minimal_data, store_dir=store_dir) != first


def test_hash_covers_every_input(minimal_data: Path) -> None:
    before = inputs_hash(data_dir=minimal_data)
    (minimal_data / "events.yaml").write_text("[]\n", encoding="utf-8")
    assert inputs_hash(data_dir=minimal_data) != before


def test_the_cache_key_covers_every_module_a_build_runs() -> None:
    """Once a regression: editing records.py or yamlfile.py served a stale store."""
    code = (
        "import sys, tempfile, pathlib, pactgraph.store.embedded as s\n"
        "from pactgraph.model.resources import default_data_dir\n"
        "s.ensure_store(data_dir=default_data_dir(), store_dir=pathlib.Path(tempfile.mkdtemp()))\n"
        "print('\\n'.join(m.__file__ for n, m in sorted(sys.modules.items())"
        " if n.startswith('pactgraph') and getattr(m, '__file__', None)))\n"
    )
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = {Path(line).resolve() for line in ran.stdout.split()}
    hashed = {path.resolve() for path in code_files()}
    package = Path(pactgraph_file()).parent
    built_by = {p for p in loaded if p.parent != package or p.name == "errors.py"}
    assert {p.name for p in built_by} >= {"records.py", "yamlfile.py", "triples.py", "dataset.py"}
    assert built_by - hashed == set()


def pactgraph_file() -> str:
    import pactgraph

    return pactgraph.__file__ or ""


# --- a damaged or unwritable store ---------------------------------------------------------------

ALL = "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def quads(backend: OxigraphBackend) -> int:
    result = backend.run(ALL, graphs=[])
    assert isinstance(result, Solutions)
    return len(result.rows)


def damage(directory: Path, *, whole: bool) -> None:
    """Zero every table file (found at opening), or flip bytes inside them (found by reading)."""
    for table in directory.glob("*.sst"):
        raw = bytearray(table.read_bytes())
        if whole:
            raw = bytearray(len(raw))
        else:
            for i in range(len(raw) // 4, len(raw) // 4 + 64):
                raw[i] ^= 0xFF
        table.write_bytes(bytes(raw))


def test_a_store_without_its_ready_marker_is_rebuilt(minimal_data: Path, tmp_path: Path) -> None:
    store_dir = tmp_path / "s"
    path = ensure_store(data_dir=minimal_data, store_dir=store_dir)
    expected = quads(open_store(data_dir=minimal_data, store_dir=store_dir))
    (path / "READY").unlink()
    messages: list[str] = []
    backend = open_store(data_dir=minimal_data, store_dir=store_dir, progress=messages.append)
    assert messages == [f"the store in {path} is incomplete (no READY marker): rebuilding it"]
    assert quads(backend) == expected
    assert (path / "READY").exists()


def test_a_store_damaged_at_opening_is_rebuilt(minimal_data: Path, tmp_path: Path) -> None:
    store_dir = tmp_path / "s"
    path = ensure_store(data_dir=minimal_data, store_dir=store_dir)
    expected = quads(open_store(data_dir=minimal_data, store_dir=store_dir))
    damage(path, whole=True)
    messages: list[str] = []
    backend = open_store(data_dir=minimal_data, store_dir=store_dir, progress=messages.append)
    assert len(messages) == 2
    assert messages[0].startswith(f"the store in {path} is damaged (Corruption: Bad table magic")
    assert messages[0].endswith("): rebuilding it")
    assert messages[1] == f"building the store in {path} (its inputs changed)…"
    assert quads(backend) == expected


def test_a_store_damaged_under_a_query_is_rebuilt_and_the_query_answered(
    minimal_data: Path, tmp_path: Path
) -> None:
    store_dir = tmp_path / "s"
    expected = quads(open_store(data_dir=minimal_data, store_dir=tmp_path / "elsewhere"))
    messages: list[str] = []
    backend = open_store(data_dir=minimal_data, store_dir=store_dir, progress=messages.append)
    path = Path(backend.description.removeprefix("embedded store "))
    damage(path, whole=False)  # after opening, before any read: the blocks are not cached
    messages.clear()
    assert quads(backend) == expected
    assert messages[0].startswith(f"the store in {path} is damaged (Corruption: ")
    assert messages[1:] == [f"building the store in {path} (its inputs changed)…"]


def test_an_aggregate_stuck_on_damage_is_answered_after_a_rebuild(
    minimal_data: Path, tmp_path: Path
) -> None:
    """pyoxigraph loops, rather than failing, when COUNT meets a damaged block: the deadline
    stops it, a read through the store finds the damage, and the query runs on a rebuilt store.
    In a child process, which ends the abandoned loop when it exits."""
    expected = quads(open_store(data_dir=minimal_data, store_dir=tmp_path / "elsewhere"))
    script = f"""
import json, pathlib, sys
sys.path.insert(0, {str(Path(__file__).parent.parent)!r})
from tests.test_store import damage
from pactgraph.store.embedded import open_store
messages = []
backend = open_store(data_dir=pathlib.Path({str(minimal_data)!r}),
    store_dir=pathlib.Path({str(tmp_path / "s")!r}), progress=messages.append, timeout=1)
damage(pathlib.Path(backend.description.removeprefix("embedded store ")), whole=False)
messages.clear()
answer = backend.run({COUNT_ALL!r}, graphs=[])
print(json.dumps([answer.rows[0][0].value, messages]))
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    count, messages = json.loads(done.stdout)
    assert int(count) == expected
    assert "is damaged (Corruption: " in messages[0]


@contextlib.contextmanager
def read_only(directory: Path) -> Iterator[None]:
    """The directory made unwritable: a read-only bind mount as root, permissions otherwise."""
    directory.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        directory.chmod(0o555)
        try:
            yield
        finally:
            directory.chmod(0o755)
        return
    mounted = subprocess.run(
        ["mount", "--bind", "-o", "ro", str(directory), str(directory)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot make a read-only directory here: {mounted.stderr.decode().strip()}")
    try:
        yield
    finally:
        subprocess.run(["umount", "--lazy", str(directory)], check=True)  # a store may be open


def test_a_read_only_cache_answers_from_memory(minimal_data: Path, tmp_path: Path) -> None:
    store_dir = tmp_path / "s"
    expected = quads(open_store(data_dir=minimal_data, store_dir=tmp_path / "elsewhere"))
    messages: list[str] = []
    with read_only(store_dir):
        backend = open_store(data_dir=minimal_data, store_dir=store_dir, progress=messages.append)
        assert quads(backend) == expected
    assert messages[-1] == (
        f"cannot write the store in {store_dir} (Read-only file system): answering from a store "
        "built in memory, not kept"
    ) or messages[-1] == (
        f"cannot write the store in {store_dir} (Permission denied): answering from a store "
        "built in memory, not kept"
    )
    assert backend.description == "in-memory store (the cache is not writable)"


def test_a_complete_store_on_a_read_only_disk_is_read(minimal_data: Path, tmp_path: Path) -> None:
    store_dir = tmp_path / "s"
    path = ensure_store(data_dir=minimal_data, store_dir=store_dir)
    messages: list[str] = []
    with read_only(store_dir):
        backend = open_store(data_dir=minimal_data, store_dir=store_dir, progress=messages.append)
        assert quads(backend) > 0
        assert backend.description == f"embedded store {path}"
    assert messages == []
