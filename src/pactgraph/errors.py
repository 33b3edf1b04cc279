"""The errors pactgraph raises: one base, one subclass per exit code (DESIGN §6).

The library raises these; the command line maps them to exit codes in one place
(``PactgraphError.exit_code``), so a new error kind needs no list kept by hand.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol


class PactgraphError(Exception):
    """Anything pactgraph reports to its user as a message rather than a traceback."""

    exit_code = 2


class UsageError(PactgraphError):
    """Fix your input or options: a bad option, an unknown name, bad SPARQL, bad data (exit 2)."""

    exit_code = 2


class SetupError(UsageError):
    """The work cannot start: a missing data directory, an unreadable ontology, a bad option."""


class _Located(Protocol):
    def __str__(self) -> str: ...


class InputError(UsageError):
    """Input that cannot be used; carries every problem found, not just the first."""

    def __init__(self, problems: Iterable[_Located]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class EndpointError(PactgraphError):
    """The store or endpoint cannot be reached, is damaged, or refused the request (exit 3)."""

    exit_code = 3
