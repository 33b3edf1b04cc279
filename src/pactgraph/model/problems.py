"""Problems found in input, each naming its file, line, record and field."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, located as precisely as the input allows."""

    path: Path
    line: int | None
    message: str
    record: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = display_path(self.path) + (f":{self.line}" if self.line else "")
        parts = [where]
        if self.record:
            parts.append(self.record)
        if self.field:
            parts.append(f"field '{self.field}'")
        return ": ".join(parts) + ": " + self.message


def display_path(path: Path) -> str:
    """A path relative to the working directory when it lies below it, else as given."""
    try:
        return os.path.relpath(path) if Path(path).is_absolute() and _below_cwd(path) else str(path)
    except ValueError:  # another drive on Windows
        return str(path)


def _below_cwd(path: Path) -> bool:
    return Path(path).resolve().is_relative_to(Path.cwd().resolve())
