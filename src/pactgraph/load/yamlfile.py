"""YAML read as a tree of nodes that remember their line, so that errors point at it.

Values are composed, not constructed: PyYAML would turn ``NO`` into ``False`` and ``2024-13-45``
into a crash, so scalars stay text and the field readers decide what they mean.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from pactgraph.model.problems import Problem

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
    """Read one YAML file; a file that cannot be read gives problems instead of a node."""
    try:
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
        root = yaml.compose(text, Loader=yaml.SafeLoader)
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
