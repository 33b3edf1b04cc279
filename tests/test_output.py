"""Outputs: renamed into place when regular, written in place when a device or FIFO, errors that
name the path asked for, and temporary files of killed runs removed."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from pactgraph.load.output import OutputError, remove_leftovers, write_atomic


def test_a_regular_file_is_replaced_whole(tmp_path: Path) -> None:
    target = tmp_path / "out.ttl"
    target.write_bytes(b"old")
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["out.ttl"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "out.ttl"
    target.write_bytes(b"old")
    with pytest.raises(TypeError):
        write_atomic(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.ttl"]


def _read_fifo(path: Path, into: list[bytes]) -> threading.Thread:
    def read() -> None:
        with path.open("rb") as stream:
            into.append(stream.read())

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread


def test_a_fifo_is_written_in_place_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = _read_fifo(fifo, received)
    write_atomic(fifo, b"through the pipe")
    reader.join(timeout=10)
    assert received == [b"through the pipe"]
    assert fifo.is_fifo()


def test_a_symlink_to_a_device_stays_a_symlink_to_it(tmp_path: Path) -> None:
    link = tmp_path / "null"
    link.symlink_to("/dev/null")
    write_atomic(link, b"discarded")
    assert link.is_symlink()
    assert link.readlink() == Path("/dev/null")
    assert Path("/dev/null").is_char_device()


def test_a_directory_is_refused_by_name(tmp_path: Path) -> None:
    with pytest.raises(OutputError) as caught:
        write_atomic(tmp_path, b"x")
    assert str(caught.value) == f"cannot write {tmp_path}: it is a directory"
    assert caught.value.exit_code == 2


def test_an_unwritable_path_is_named_as_asked_not_as_its_temporary_file(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("a file, not a directory")
    target = tmp_path / "file" / "out.nt"
    with pytest.raises(OutputError) as caught:
        write_atomic(target, b"x")
    assert str(caught.value).startswith(f"cannot write {target}: ")
    assert ".tmp" not in str(caught.value)


def test_temporary_files_of_killed_runs_are_removed_and_live_ones_kept(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    left = tmp_path / f".out.nt.{dead.pid}.abc123.tmp"
    live = tmp_path / f".out.nt.{os.getppid()}.def456.tmp"
    other = tmp_path / f".other.nt.{dead.pid}.abc123.tmp"
    for path in (left, live, other):
        path.write_bytes(b"partial")
    assert remove_leftovers(tmp_path / "out.nt") == [left]
    write_atomic(tmp_path / "out.nt", b"done")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["out.nt", live.name, other.name])
