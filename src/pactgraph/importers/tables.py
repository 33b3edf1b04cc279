"""CSV tables with the columns checked up front and every row located by its line in the file."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from pactgraph.errors import InputError
from pactgraph.model.problems import Problem


@dataclass(frozen=True)
class Row:
    """One data row: its first line in the file (1-based) and its values by column name."""

    path: Path
    line: int
    values: dict[str, str]
    text: str
    broken: Problem | None = None  # cells that do not line up with the header

    def check(self) -> None:
        """Raise the row's own problem, if its cells do not line up with the header."""
        if self.broken is not None:
            raise RowError(self.broken)

    def problem(self, message: str, *, column: str | None = None) -> Problem:
        return Problem(self.path, self.line, message, field=column)

    def text_of(self, column: str) -> str | None:
        self.check()
        value = self.values.get(column, "").strip()
        return value or None

    def integer(self, column: str, *, zero_is_none: bool = False) -> int | None:
        """An integer cell; ATOP writes 0 or 'NA' for unknown, spreadsheets write 3.0."""
        value = self.text_of(column)
        if value is None or value.upper() in ("NA", "NAN"):
            return None
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise RowError(self.problem(f"'{value}' is not a number", column=column)) from None
        if number != number.to_integral_value():
            raise RowError(self.problem(f"'{value}' is not a whole number", column=column))
        return None if zero_is_none and number == 0 else int(number)

    def decimal(self, column: str) -> str | None:
        """A decimal cell as canonical text (kept as text so no float rounding creeps in)."""
        value = self.text_of(column)
        if value is None:
            return None
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise RowError(self.problem(f"'{value}' is not a number", column=column)) from None
        if not number.is_finite():
            raise RowError(self.problem(f"'{value}' is not a number", column=column))
        return str(number)


class RowError(ValueError):
    """A row that cannot be imported; carries the problem naming file, line and column."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


@dataclass(frozen=True)
class Table:
    """A CSV file whose header has been found and checked."""

    path: Path
    columns: tuple[str, ...]
    header_line: int
    lines: tuple[str, ...]
    trailing: str = ""

    def rows(self) -> Iterator[Row]:
        body = self.lines[self.header_line :]
        reader = csv.reader(io.StringIO("".join(_strip(line, self.trailing) for line in body)))
        first = self.header_line + 1
        for values in reader:
            line = first
            first = self.header_line + reader.line_num + 1
            if not any(value.strip() for value in values):
                continue
            text = "".join(self.lines[line - 1 : first - 1]).strip()
            if len(values) != len(self.columns):
                message = f"has {len(values)} cells where the header has {len(self.columns)}"
                yield Row(self.path, line, {}, text, Problem(self.path, line, message))
                continue
            yield Row(self.path, line, dict(zip(self.columns, values, strict=True)), text)


def _strip(line: str, trailing: str) -> str:
    if not trailing:
        return line
    end = len(line) - len(line.rstrip("\r\n"))
    body = line[: len(line) - end] if end else line
    return (body[: -len(trailing)] if body.endswith(trailing) else body) + line[len(body) :]


def read_table(
    path: Path,
    *,
    required: Sequence[str],
    header_starts: str | None = None,
    trailing: str = "",
    encoding: str = "utf-8",
) -> Table:
    """Open ``path`` and check that its header has every ``required`` column.

    ``header_starts`` finds the header below a preamble (SIPRI's exports have one); ``trailing`` is
    a character the export appends to every line (SIPRI's newer export ends lines with ';').
    """
    try:
        lines = tuple(path.read_text(encoding=encoding).splitlines(keepends=True))
    except FileNotFoundError:
        raise InputError([Problem(path, None, "no such file")]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError([Problem(path, None, f"cannot be read: {error}")]) from None
    header_line = 1
    if header_starts is not None:
        found = [n for n, line in enumerate(lines, 1) if line.startswith(header_starts)]
        if not found:
            raise InputError(
                [Problem(path, None, f"has no header line starting '{header_starts}'")]
            )
        header_line = found[0]
    if not lines:
        raise InputError([Problem(path, None, "is empty")])
    columns = tuple(
        name.strip() for name in next(csv.reader([_strip(lines[header_line - 1], trailing)]))
    )
    missing = [name for name in required if name not in columns]
    if missing:
        raise InputError(
            [
                Problem(
                    path,
                    header_line,
                    f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
                    f"(the header has: {', '.join(columns)})",
                )
            ]
        )
    return Table(path, columns, header_line, lines, trailing)


def detect_header(path: Path, candidates: dict[str, str], *, encoding: str = "utf-8") -> str | None:
    """Which layout a file has: the key of the first candidate whose header start appears in it."""
    try:
        with path.open(encoding=encoding) as handle:
            head = [next(handle, "") for _ in range(40)]
    except FileNotFoundError:
        raise InputError([Problem(path, None, "no such file")]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError([Problem(path, None, f"cannot be read: {error}")]) from None
    for layout, start in candidates.items():
        if any(line.startswith(start) for line in head):
            return layout
    return None
