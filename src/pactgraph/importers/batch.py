"""What one import produces, before it becomes a named graph, and how rows are counted."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from pactgraph.errors import InputError
from pactgraph.importers.tables import Row, RowError
from pactgraph.load.triples import Triple
from pactgraph.model import records as r
from pactgraph.model.problems import Problem

Progress = Callable[[str], None]
_EVERY = 5000  # rows between progress messages


@dataclass(frozen=True)
class Batch:
    """Records for the dataset's own nodes, the entities it had to add (states from the code
    tables, weapon systems, organisations), statements about curated nodes it matched, and
    statements about the states it links to (their alpha-2 codes), which go with the entities."""

    dataset: str
    records: tuple[r.AnyRecord, ...]
    entities: tuple[r.AnyRecord, ...]
    extra: tuple[Triple, ...]
    entity_extra: tuple[Triple, ...]
    rows: int
    bad_rows: tuple[Problem, ...]
    unresolved: dict[str, int]
    matched: dict[str, int]


@dataclass
class RowLog:
    """Counts rows, keeps the bad ones, and says how far it got."""

    name: str
    skip_bad_rows: bool
    progress: Progress | None = None
    rows: int = 0
    bad: list[Problem] = field(default_factory=list)

    def each(self, rows: Iterable[Row]) -> Iterator[Row]:
        """Every row, counted, with a progress message now and then."""
        for row in rows:
            self.rows += 1
            if self.progress and self.rows % _EVERY == 0:
                self.progress(f"{self.name}: {self.rows:,} rows read…")
            yield row

    @contextmanager
    def reading(self, _row: Row) -> Iterator[None]:
        """Read one row: a RowError inside is recorded and the rest of the row skipped."""
        try:
            yield
        except RowError as error:
            self.bad.append(error.problem)

    def finish(self) -> tuple[Problem, ...]:
        """The bad rows, or InputError listing them when bad rows are not to be skipped."""
        if self.bad and not self.skip_bad_rows:
            raise InputError(
                [
                    *self.bad,
                    Problem(
                        self.bad[0].path,
                        None,
                        f"{len(self.bad)} bad row{'s' if len(self.bad) > 1 else ''}: "
                        "nothing imported (pass --skip-bad-rows to import the rest)",
                    ),
                ]
            )
        return tuple(self.bad)
