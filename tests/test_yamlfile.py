"""YAML read as nodes with lines; scalars stay text so that NO stays "NO"."""

from __future__ import annotations

from pathlib import Path

from pactgraph.load.yamlfile import Mapping, Scalar, Sequence, read_yaml


def test_scalars_keep_their_text_and_yaml_type(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("- code: NO\n  date: 2024-13-45\n  quoted: 'yes'\n  n: 731\n", encoding="utf-8")
    root, problems = read_yaml(path)
    assert problems == []
    assert isinstance(root, Sequence)
    record = root.items[0]
    assert isinstance(record, Mapping)
    values = {key: value for key, value, _ in record.items}
    assert values["code"] == Scalar("NO", "boolean", 1)
    assert values["date"] == Scalar("2024-13-45", "date", 2)
    assert values["quoted"] == Scalar("yes", "string", 3)
    assert values["n"] == Scalar("731", "integer", 4)


def test_a_key_given_twice_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("- id: a\n  label: x\n  label: y\n", encoding="utf-8")
    _, problems = read_yaml(path)
    assert [(p.line, p.field, p.message) for p in problems] == [
        (3, "label", "key appears twice in one mapping")
    ]


def test_unreadable_file(tmp_path: Path) -> None:
    root, problems = read_yaml(tmp_path / "missing.yaml")
    assert root is None
    assert problems[0].message.startswith("cannot read file: ")


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(b"\xef\xbb\xbf[]\n")
    root, problems = read_yaml(path)
    assert problems == []
    assert root == Sequence((), 1)
