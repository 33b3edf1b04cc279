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
