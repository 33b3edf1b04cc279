"""YAML read as a tree of nodes that remember their line, so that errors point at it.

Values are composed, not constructed: PyYAML would turn ``NO`` into ``False`` and ``2024-13-45``
into a crash, so scalars stay text and the field readers decide what they mean.

Data files may come from anyone, so two limits keep reading them cheap: a file larger than
MAX_FILE_BYTES is refused before it is read, and aliases (``*name``) may add at most
MAX_ALIAS_NODES nodes in all when expanded — ten nested anchors of nine aliases each would
otherwise expand to billions. An alias inside the node it names is refused too.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from pactgraph.errors import InputError
from pactgraph.model.problems import Problem

MAX_FILE_BYTES = 10 * 1024 * 1024  # 10 MiB: fifty times the largest curated file
MAX_ALIAS_NODES = 10_000

_TAGS = {
    "tag:yaml.org,2002:str": "string",
    "tag:yaml.org,2002:int": "integer",
    "tag:yaml.org,2002:float": "number",
    "tag:yaml.org,2002:bool": "boolean",
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:timestamp": "date",
}


@dataclass(frozen=True)
class Scalar:
    text: str
    type: str  # "string", "integer", "number", "boolean", "null", "date" as YAML would read it
    line: int


@dataclass(frozen=True)
class Sequence:
    items: tuple[Node, ...]
    line: int


@dataclass(frozen=True)
class Mapping:
    items: tuple[tuple[str, Node, int], ...]  # key, value, line of the key
    line: int

    def keys(self) -> list[str]:
        return [key for key, _, _ in self.items]


Node = Scalar | Sequence | Mapping


def describe(node: Node) -> str:
    """A node's type in the words of an error message."""
    if isinstance(node, Scalar):
        return "nothing" if node.type == "null" else f"a {node.type} ('{node.text}')"
    return "a list" if isinstance(node, Sequence) else "a mapping"


def read_yaml(path: Path) -> tuple[Node | None, list[Problem]]:
    """Read one YAML file; a file that cannot be read gives problems instead of a node.

    A file beyond the limits above raises InputError (exit 2): it is refused, not checked.
    """
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(
                [
                    Problem(
                        path,
                        1,
                        f"file is {size / 2**20:.1f} MiB, more than the "
                        f"{MAX_FILE_BYTES // 2**20} MiB a record file may hold: split it, or "
                        "bring large datasets in with 'pactgraph import'",
                    )
                ]
            )
        data = path.read_bytes()
    except OSError as error:
        return None, [Problem(path, None, f"cannot read file: {error.strerror or error}")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, [
            Problem(
                path,
                line,
                f"file is not UTF-8 (byte 0x{data[error.start]:02x} at offset "
                f"{error.start}); save it as UTF-8",
            )
        ]
    try:
        root = _compose(text)
    except _AliasError as error:
        raise InputError([Problem(path, error.line, str(error))]) from None
    except RecursionError:
        raise InputError([Problem(path, None, "YAML nested too deeply to read")]) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        reason = " ".join(filter(None, [error.context, error.problem]))
        return None, [
            Problem(path, mark.line + 1 if mark else None, f"YAML syntax error: {reason}")
        ]
    except yaml.YAMLError as error:
        return None, [Problem(path, None, f"YAML syntax error: {error}")]
    if root is None:
        return None, [Problem(path, 1, "file is empty: write a list of records, or [] for none")]
    problems: list[Problem] = []
    return _convert(root, path, problems), problems


def _compose(text: str) -> yaml.Node | None:
    """The document's node tree, its aliases' expansion checked.

    Composed by libyaml where PyYAML has it (the shipped graph_data in 0.1 s rather than 0.9 s); a
    document libyaml refuses, or whose aliases are refused, is composed again by PyYAML's own
    composer, which words the error as users know it and notes each alias's line.
    """
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        loader = fast(text)
        try:
            root: yaml.Node | None = loader.get_single_node()
            if root is not None:
                _Expansion([]).size(root)
            return root
        except (yaml.YAMLError, _AliasError, RecursionError):
            pass
        finally:
            loader.dispose()
    slow = _Loader(text)
    try:
        root = slow.get_single_node()
        if root is not None:
            _Expansion(slow.alias_lines).size(root)
        return root
    finally:
        slow.dispose()


class _Loader(yaml.SafeLoader):
    """PyYAML's safe composer, noting the line of each alias (``*name``) in document order."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.alias_lines: list[int] = []

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            self.alias_lines.append(event.start_mark.line + 1)
        return super().compose_node(parent, index)


class _AliasError(Exception):
    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line


class _Expansion:
    """Counts what aliases add once expanded, without expanding them.

    The walk visits the document as the composer read it: each node where it is written, and
    each alias as a node already seen (not entered again), so the k-th node seen twice is the
    k-th alias of the document, whose line the loader noted.
    """

    def __init__(self, alias_lines: list[int]) -> None:
        self.alias_lines = alias_lines
        self.sizes: dict[int, int] = {}
        self.open: set[int] = set()
        self.aliases = 0
        self.added = 0

    def _line(self) -> int | None:
        index = self.aliases - 1
        return self.alias_lines[index] if 0 <= index < len(self.alias_lines) else None

    def size(self, node: yaml.Node) -> int:
        key = id(node)
        if key in self.open or key in self.sizes:
            self.aliases += 1
            if key in self.open:
                raise _AliasError(self._line(), "a YAML alias inside the node it names")
            self.added += self.sizes[key]
            if self.added > MAX_ALIAS_NODES:
                raise _AliasError(
                    self._line(),
                    f"YAML aliases expand to more than {MAX_ALIAS_NODES:,} nodes "
                    "(nested anchors and aliases): write the values out",
                )
            return self.sizes[key]
        self.open.add(key)
        children: list[yaml.Node] = []
        if isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        total = 1 + sum(self.size(child) for child in children)
        self.open.discard(key)
        self.sizes[key] = total
        return total


def _convert(node: yaml.Node, path: Path, problems: list[Problem]) -> Node:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.ScalarNode):
        kind = "string" if node.style else _TAGS.get(node.tag, "string")
        return Scalar(node.value, kind, line)
    if isinstance(node, yaml.SequenceNode):
        return Sequence(tuple(_convert(item, path, problems) for item in node.value), line)
    assert isinstance(node, yaml.MappingNode)
    items: list[tuple[str, Node, int]] = []
    seen: set[str] = set()
    for key_node, value_node in node.value:
        key_line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode):
            problems.append(Problem(path, key_line, "a key must be a plain name"))
            continue
        if key_node.value in seen:
            problems.append(
                Problem(path, key_line, "key appears twice in one mapping", field=key_node.value)
            )
            continue
        seen.add(key_node.value)
        items.append((key_node.value, _convert(value_node, path, problems), key_line))
    return Mapping(tuple(items), line)
