"""Writing an output file all or nothing, without harming what the path names.

A regular file (or a new path) is written to a temporary file beside it, then renamed over it, so a
reader never sees half a file and a failure leaves the old one. Anything else the path names — a
device (``/dev/null``, ``/dev/stdout``), a FIFO, a symlink to one — is written in place: renaming
over ``/dev/null`` as root would leave every process on the machine a regular file there.

Temporary files carry the writer's process id, so one left by a killed run is recognised and
removed by the next write beside it, and one still being written by a live process is not.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from pathlib import Path

from pactgraph.errors import UsageError


class OutputError(UsageError):
    """An output path that cannot be written (exit 2), named as the user gave it."""


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path``: renamed into place if a regular file, in place if a device or
    FIFO. Raises OutputError naming ``path`` when it cannot be written."""
    try:
        mode = path.stat().st_mode  # follows a symlink to what it names
    except FileNotFoundError:
        mode = None
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None
    if mode is not None and stat.S_ISDIR(mode):
        raise OutputError(f"cannot write {path}: it is a directory")
    try:
        if mode is not None and not stat.S_ISREG(mode):
            _write_in_place(path, data)
        else:
            _write_renamed(path, data)
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None


def _write_in_place(path: Path, data: bytes) -> None:
    with path.open("wb") as stream:
        stream.write(data)


def _write_renamed(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(path)
    handle, temporary = tempfile.mkstemp(
        prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).chmod(0o666 & ~_umask())  # mkstemp makes 0600; outputs are shared
        Path(temporary).replace(path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            Path(temporary).unlink()
        raise


def remove_leftovers(path: Path) -> list[Path]:
    """Remove the temporary files for ``path`` left by writers that are no longer running."""
    pattern = re.compile(rf"^\.{re.escape(path.name)}\.(\d+)\.[^.]+\.tmp$")
    removed = []
    with contextlib.suppress(OSError):
        for entry in path.parent.iterdir():
            found = pattern.match(entry.name)
            if found and not _running(int(found.group(1))):
                with contextlib.suppress(OSError):
                    entry.unlink()
                    removed.append(entry)
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's live process
        return True
    return True


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
