"""The viz command."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

Run = Callable[..., Result]


def test_viz_writes_the_page(run: Run, minimal_data: Path, tmp_path: Path) -> None:
    result = run(
        "--data",
        str(minimal_data),
        "--store",
        str(tmp_path / "s"),
        "viz",
        "-o",
        "view.html",
        "--title",
        "Test",
    )
    assert result.exit_code == 0, result.output
    size = (tmp_path / "view.html").stat().st_size
    assert result.stderr.splitlines()[-1] == f"wrote view.html: 3 nodes, 3 links, {size:,} bytes"


def test_unknown_kind_exits_2(run: Run, minimal_data: Path, tmp_path: Path) -> None:
    result = run(
        "--data",
        str(minimal_data),
        "--store",
        str(tmp_path / "s"),
        "viz",
        "--kinds",
        "commitment,alliance",
    )
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1].startswith("error: unknown kind 'alliance'")
    assert not (tmp_path / "pactgraph.html").exists()


def test_focus_on_an_actor_without_links_exits_2_with_a_message(run: Run, tmp_path: Path) -> None:
    from .conftest import MINIMAL, write_data

    files = dict(MINIMAL)
    files["actors.yaml"] = MINIMAL["actors.yaml"].rstrip(" ") + (
        "        - id: state/SAU\n          kind: state\n          label: Saudi Arabia\n"
    )
    data = write_data(tmp_path / "d", files)
    result = run(
        "--data", str(data), "--store", str(tmp_path / "s"), "viz", "--focus", "Saudi Arabia"
    )
    assert result.exit_code == 2
    assert "'Saudi Arabia' (pgid:state/SAU) has no links to draw" in result.stderr
    assert not (tmp_path / "pactgraph.html").exists()
