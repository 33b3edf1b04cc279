"""CSV tables: columns checked first, rows located by their first line, SIPRI's quirks read."""

from __future__ import annotations

from pathlib import Path

import pytest

from pactgraph.errors import InputError
from pactgraph.importers.tables import RowError, detect_header, read_table


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_columns_are_named_with_the_header_found(tmp_path: Path) -> None:
    path = write(tmp_path / "t.csv", "a,b\n1,2\n")
    with pytest.raises(InputError) as caught:
        read_table(path, required=("a", "c", "d"))
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:1: missing columns c, d (the header has: a, b)"
    ]


def test_rows_know_their_first_line_even_after_a_multiline_cell(tmp_path: Path) -> None:
    path = write(tmp_path / "t.csv", 'a,b\n1,"two\nlines"\n\n3,4\n')
    rows = list(read_table(path, required=("a", "b")).rows())
    assert [(row.line, row.values["a"]) for row in rows] == [(2, "1"), (5, "3")]
    assert rows[0].text == '1,"two\nlines"'


def test_a_preamble_and_a_trailing_semicolon_are_skipped(tmp_path: Path) -> None:
    path = write(tmp_path / "t.csv", "Some title;\nnote;\nID,Name;\r\n7,x;\r\n")
    table = read_table(path, required=("ID", "Name"), header_starts="ID,", trailing=";")
    assert table.header_line == 3
    assert [(row.line, row.values) for row in table.rows()] == [(4, {"ID": "7", "Name": "x"})]


def test_a_row_with_too_many_cells_fails_when_read(tmp_path: Path) -> None:
    path = write(tmp_path / "t.csv", "a,b\n1,2,3\n")
    (row,) = read_table(path, required=("a",)).rows()
    with pytest.raises(RowError, match=r"t.csv:2: has 3 cells where the header has 2"):
        row.text_of("a")


@pytest.mark.parametrize(
    ("cell", "expected"), [("3", 3), ("3.0", 3), ("", None), ("NA", None), ("0", 0)]
)
def test_integers_accept_what_spreadsheets_write(
    tmp_path: Path, cell: str, expected: int | None
) -> None:
    (row,) = read_table(write(tmp_path / "t.csv", f"n,m\n{cell},x\n"), required=("n",)).rows()
    assert row.integer("n") == expected


def test_a_bad_number_names_line_and_column(tmp_path: Path) -> None:
    (row,) = read_table(write(tmp_path / "t.csv", "n,m\n1,3.5x\n"), required=("n",)).rows()
    with pytest.raises(RowError) as caught:
        row.decimal("m")
    assert str(caught.value.problem).endswith("t.csv:2: field 'm': '3.5x' is not a number")


def test_layouts_are_told_apart_by_their_header(tmp_path: Path) -> None:
    path = write(tmp_path / "t.csv", "preamble\nSIPRI AT Database ID,Supplier\n")
    layouts = {"register": "recipient,", "deliveries": "SIPRI AT Database ID,"}
    assert detect_header(path, layouts) == "deliveries"
    assert detect_header(write(tmp_path / "u.csv", "x,y\n"), layouts) is None
