"""Reading the fields of one YAML record: every problem is collected, none stops the reading."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from pactgraph.load.yamlfile import Mapping, Node, Scalar, Sequence, describe
from pactgraph.model.dates import DateFormatError, PartialDate
from pactgraph.model.problems import Problem
from pactgraph.model.records import DateClaim, Evidence
from pactgraph.model.vocab import CONCEPT_SCHEMES

T = TypeVar("T")

MAX_QUOTE = 600  # a quote supports a statement; it does not copy the source
_QID = re.compile(r"^Q[1-9]\d*$")


@dataclass(frozen=True)
class Reference:
    """A field's pointer to another record, checked once every file has been read."""

    target: str
    kinds: tuple[str, ...]  # accepted first id segments, e.g. ("state", "organization")
    path: Path
    line: int
    record: str
    field: str


class FieldReader:
    """Reads the fields of one mapping; call :meth:`finish` to report fields nobody asked for."""

    def __init__(
        self,
        mapping: Mapping,
        *,
        path: Path,
        record: str,
        problems: list[Problem],
        references: list[Reference],
        prefix: str = "",
    ) -> None:
        self._values = {key: (value, line) for key, value, line in mapping.items}
        self._used: set[str] = set()
        self.path, self.record, self.line = path, record, mapping.line
        self._problems, self._references, self._prefix = problems, references, prefix

    # -- plumbing -------------------------------------------------------------------------
    def problem(self, name: str, line: int | None, message: str) -> None:
        self._problems.append(
            Problem(self.path, line or self.line, message, self.record, self._prefix + name)
        )

    def _take(self, name: str, required: bool) -> tuple[Node, int] | None:
        self._used.add(name)
        found = self._values.get(name)
        if found is None or (isinstance(found[0], Scalar) and found[0].type == "null"):
            if required:
                self.problem(name, found[1] if found else None, "required field is missing")
            return None
        return found

    def finish(self, allowed: frozenset[str]) -> None:
        for key, (_, line) in self._values.items():
            if key not in self._used and key not in allowed:
                known = ", ".join(sorted(self._used | allowed))
                self.problem(key, line, f"unknown field (known fields: {known})")

    def nested(self, mapping: Mapping, prefix: str) -> FieldReader:
        return FieldReader(
            mapping,
            path=self.path,
            record=self.record,
            problems=self._problems,
            references=self._references,
            prefix=self._prefix + prefix,
        )

    def _scalar(self, name: str, node: Node, line: int, what: str) -> Scalar | None:
        if isinstance(node, Scalar):
            return node
        self.problem(name, line, f"expected {what}, found {describe(node)}")
        return None

    # -- scalars --------------------------------------------------------------------------
    def text(self, name: str, *, required: bool = False) -> str | None:
        found = self._take(name, required)
        if found is None:
            return None
        node = self._scalar(name, *found, "text")
        if node is None:
            return None
        if not node.text.strip():
            self.problem(name, found[1], "must not be empty")
            return None
        return node.text.strip()

    def integer(self, name: str, *, required: bool = False) -> int | None:
        found = self._take(name, required)
        if found is None:
            return None
        node = self._scalar(name, *found, "a whole number")
        if node is None:
            return None
        if node.type != "integer":
            self.problem(name, found[1], f"expected a whole number, found {describe(node)}")
            return None
        return int(node.text)

    def boolean(self, name: str, *, default: bool) -> bool:
        found = self._take(name, False)
        if found is None:
            return default
        node = self._scalar(name, *found, "true or false")
        if node is None or node.type != "boolean" or node.text not in ("true", "false"):
            if node is not None:
                self.problem(name, found[1], f"expected true or false, found {describe(node)}")
            return default
        return node.text == "true"

    def concept(self, name: str, scheme: str, *, required: bool = False) -> str | None:
        value = self.text(name, required=required)
        return self._check_concept(name, scheme, value)

    def _check_concept(self, name: str, scheme: str, value: str | None) -> str | None:
        allowed = CONCEPT_SCHEMES[scheme]
        if value is not None and value not in allowed:
            line = self._values[name][1] if name in self._values else None
            self.problem(name, line, f"'{value}' is not one of: {', '.join(allowed)}")
            return None
        return value

    def choice(self, name: str, options: dict[str, str], *, required: bool = True) -> str | None:
        value = self.text(name, required=required)
        if value is not None and value not in options:
            self.problem(
                name, self._values[name][1], f"'{value}' is not one of: {', '.join(options)}"
            )
            return None
        return value

    def wikidata(self, name: str = "wikidata") -> str | None:
        value = self.text(name)
        if value is not None and not _QID.match(value):
            self.problem(name, self._values[name][1], f"'{value}' is not a Wikidata QID like Q423")
            return None
        return value

    def date(self, name: str, *, required: bool = False) -> PartialDate | None:
        found = self._take(name, required)
        if found is None:
            return None
        node = self._scalar(name, *found, "a date")
        return None if node is None else self._parse_date(name, node)

    def _parse_date(self, name: str, node: Scalar) -> PartialDate | None:
        try:
            return PartialDate.parse(node.text)
        except DateFormatError as error:
            self.problem(name, node.line, str(error))
            return None

    # -- references -----------------------------------------------------------------------
    def ref(self, name: str, kinds: tuple[str, ...], *, required: bool = False) -> str | None:
        value = self.text(name, required=required)
        if value is not None:
            self._refer(name, value, kinds, self._values[name][1])
        return value

    def _refer(self, name: str, target: str, kinds: tuple[str, ...], line: int) -> None:
        self._references.append(
            Reference(target, kinds, self.path, line, self.record, self._prefix + name)
        )

    # -- lists ----------------------------------------------------------------------------
    def _items(self, name: str, required: bool) -> list[Node]:
        found = self._take(name, required)
        if found is None:
            return []
        node, line = found
        if not isinstance(node, Sequence):
            self.problem(name, line, f"expected a list, found {describe(node)}")
            return []
        if required and not node.items:
            self.problem(name, line, "must list at least one entry")
        return list(node.items)

    def texts(self, name: str, *, required: bool = False) -> tuple[str, ...]:
        return tuple(text for text, _ in self._texts_with_lines(name, required))

    def _texts_with_lines(self, name: str, required: bool) -> list[tuple[str, int]]:
        values = []
        for item in self._items(name, required):
            scalar = self._scalar(name, item, item.line, "text")
            if scalar is not None and scalar.type != "null" and scalar.text.strip():
                values.append((scalar.text.strip(), item.line))
            elif scalar is not None:
                self.problem(name, item.line, "list entries must not be empty")
        return values

    def refs(self, name: str, kinds: tuple[str, ...], *, required: bool = False) -> tuple[str, ...]:
        values = self._texts_with_lines(name, required)
        for value, line in values:
            self._refer(name, value, kinds, line)
        return tuple(value for value, _ in values)

    def parties(
        self, name: str, kinds: tuple[str, ...], read: Callable[[FieldReader], T | None]
    ) -> tuple[tuple[str, ...], tuple[T | None, ...]]:
        """A list whose entries are ids, or mappings read through ``read`` (each with an
        ``actor``): every id, and beside each the mapping's value (None for a plain id)."""
        ids: list[str] = []
        values: list[T | None] = []
        for index, item in enumerate(self._items(name, True)):
            if isinstance(item, Mapping):
                nested = self.nested(item, f"{name}[{index}].")
                actor = nested._values.get("actor")
                value = read(nested)
                if value is not None and isinstance(actor, tuple) and isinstance(actor[0], Scalar):
                    ids.append(actor[0].text.strip())
                    values.append(value)
                continue
            scalar = self._scalar(name, item, item.line, "an id or a mapping")
            if scalar is not None and scalar.type != "null" and scalar.text.strip():
                ids.append(scalar.text.strip())
                values.append(None)
                self._refer(name, ids[-1], kinds, item.line)
            elif scalar is not None:
                self.problem(name, item.line, "list entries must not be empty")
        return tuple(ids), tuple(values)

    def mappings(
        self, name: str, read: Callable[[FieldReader], T | None], *, required: bool = False
    ) -> tuple[T, ...]:
        """Read a list of nested mappings, each through ``read``."""
        values: list[T] = []
        for index, item in enumerate(self._items(name, required)):
            if not isinstance(item, Mapping):
                self.problem(name, item.line, f"expected a mapping, found {describe(item)}")
                continue
            value = read(self.nested(item, f"{name}[{index}]."))
            if value is not None:
                values.append(value)
        return tuple(values)

    # -- evidence and dated claims ------------------------------------------------------------
    def evidence(self, name: str = "sources", *, required: bool = True) -> tuple[Evidence, ...]:
        node, line = self._values.get(name, (None, None))
        empty = node is None or (isinstance(node, Scalar) and node.type == "null")
        if required and (empty or (isinstance(node, Sequence) and not node.items)):
            self.problem(name, line, "a statement needs at least one source with a quote")
        return self.mappings(name, _read_evidence)

    def date_claims(self, event: str) -> tuple[DateClaim, ...]:
        """A date field given as a bare date, a {date, sources} mapping, or a list of those."""
        found = self._take(event, False)
        if found is None:
            return ()
        node, line = found
        if isinstance(node, Scalar):
            date = self._parse_date(event, node)
            return (DateClaim(event, date),) if date else ()
        items = node.items if isinstance(node, Sequence) else (node,)
        claims = []
        for index, item in enumerate(items):
            if not isinstance(item, Mapping):
                self.problem(
                    event, item.line, f"expected a date or a mapping, found {describe(item)}"
                )
                continue
            prefix = f"{event}[{index}]." if isinstance(node, Sequence) else f"{event}."
            claims.append(_read_claim(self.nested(item, prefix), event, len(items) > 1))
        if len(claims) > 1 and sum(c.preferred for c in claims if c) != 1:
            self.problem(event, line, "several dates are given: mark exactly one 'preferred: true'")
        return tuple(c for c in claims if c is not None)


def _read_evidence(reader: FieldReader) -> Evidence | None:
    document = reader.ref("document", ("document",), required=True)
    quote = reader.text("quote", required=True)
    locator = reader.text("locator")
    reader.finish(frozenset())
    if quote is not None and len(quote) > MAX_QUOTE:
        reader.problem(
            "quote",
            reader.line,
            f"quote is {len(quote)} characters; keep it under "
            f"{MAX_QUOTE} (the words that support the statement)",
        )
    if document is None or quote is None:
        return None
    return Evidence(document, " ".join(quote.split()), locator)


def _read_claim(reader: FieldReader, event: str, disputed: bool) -> DateClaim | None:
    date = reader.date("date", required=True)
    preferred = reader.boolean("preferred", default=not disputed)
    evidence = reader.evidence(required=disputed)
    reader.finish(frozenset())
    return DateClaim(event, date, preferred, evidence) if date else None
