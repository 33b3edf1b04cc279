"""YAML read as nodes with lines; scalars stay text so that NO stays "NO"; alias bombs and huge
files refused."""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pactgraph.errors import InputError
from pactgraph.load.yamlfile import (
    MAX_ALIAS_NODES,
    MAX_FILE_BYTES,
    Mapping,
    Scalar,
    Sequence,
    read_yaml,
)


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


def test_an_alias_bomb_is_refused_at_the_alias_that_crosses_the_bound(tmp_path: Path) -> None:
    path = tmp_path / "actors.yaml"
    path.write_text(bomb(), encoding="utf-8")
    with pytest.raises(InputError) as raised:
        read_yaml(path)
    assert [str(p) for p in raised.value.problems] == [
        f"{path}:6: YAML aliases expand to more than {MAX_ALIAS_NODES:,} nodes (nested anchors "
        "and aliases): write the values out"
    ]


def bomb(levels: int = 10, aliases: int = 9) -> str:
    """Ten nested anchors of nine aliases each: 9¹⁰ (3.5 billion) nodes once expanded."""
    lines = ["- id: state/AAA", "  a0: &a0 [lol]"]
    for level in range(1, levels):
        lines.append(f"  a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * aliases) + "]")
    return "\n".join(lines) + "\n"


def test_validating_an_alias_bomb_is_bounded_in_time_and_memory(tmp_path: Path) -> None:
    """In a child process limited to 1 GiB of address space and 60 s: the unbounded expansion
    needed 1.4 GB, and minutes."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "actors.yaml").write_text(bomb(), encoding="utf-8")
    limit = 1 << 30
    done = subprocess.run(
        [sys.executable, "-m", "pactgraph", "--data", str(data), "validate"],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (limit, limit)),
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines() == [
        f"{data / 'actors.yaml'}:6: YAML aliases expand to more than {MAX_ALIAS_NODES:,} nodes "
        "(nested anchors and aliases): write the values out",
        "error: 1 problem in the input; nothing was written",
    ]


def test_an_alias_inside_the_node_it_names_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("- id: state/AAA\n  loop: &a\n    - *a\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        read_yaml(path)
    assert [str(p) for p in raised.value.problems] == [
        f"{path}:3: a YAML alias inside the node it names"
    ]


def test_a_few_aliases_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("- a: &s [x, y]\n  b: *s\n- c: *s\n", encoding="utf-8")
    root, problems = read_yaml(path)
    assert problems == []
    assert isinstance(root, Sequence)


def test_a_file_beyond_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    with path.open("wb") as stream:  # sparse: the size is what counts, not the content
        stream.truncate(MAX_FILE_BYTES + 1)
    started = time.monotonic()
    with pytest.raises(InputError) as raised:
        read_yaml(path)
    assert time.monotonic() - started < 1
    assert [str(p) for p in raised.value.problems] == [
        f"{path}:1: file is 10.0 MiB, more than the 10 MiB a record file may hold: split it, "
        "or bring large datasets in with 'pactgraph import'"
    ]


SAMPLES = {
    "scalars": "- a: NO\n  b: 'yes'\n  c: \"x\"\n  d: 2024-13-45\n  e: 1.5\n  f: ~\n  g: |\n    t",
    "aliases": "- &x {a: 1}\n- *x\n- [1, 2, *x]\n",
    "duplicate key": "- a: 1\n  a: 2\n",
    "syntax error": "a: [unclosed\n",
    "bad indent": "- key: value\n - bad indent\n",
    "self alias": "- x: &a [*a]\n",
    "empty": "",
}


@pytest.mark.parametrize(
    "path",
    [
        *sorted((Path(__file__).resolve().parents[1] / "graph_data").glob("*.yaml")),
        *SAMPLES,
    ],
    ids=str,
)
def test_libyaml_composes_what_pyyaml_composes(
    path: Path | str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fast composer (libyaml) and PyYAML's own give the same nodes, problems and errors."""
    import yaml

    if isinstance(path, str):
        text, path = SAMPLES[path], tmp_path / "sample.yaml"
        path.write_text(text, encoding="utf-8")

    def read() -> object:
        try:
            return read_yaml(path)
        except InputError as error:
            return str(error)

    assert hasattr(yaml, "CSafeLoader")  # PyYAML's wheels carry libyaml
    fast = read()
    monkeypatch.delattr(yaml, "CSafeLoader")
    assert read() == fast
