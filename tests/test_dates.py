"""Partial dates: precision, EDTF qualifiers, the days they cover."""

from __future__ import annotations

import datetime as dt

import pytest

from pactgraph.model.dates import DateFormatError, PartialDate


@pytest.mark.parametrize(
    ("text", "precision", "first", "last"),
    [
        ("2024", "year", dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
        ("2024-02", "month", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ("2023-02", "month", dt.date(2023, 2, 1), dt.date(2023, 2, 28)),
        ("2024-06-19", "day", dt.date(2024, 6, 19), dt.date(2024, 6, 19)),
    ],
)
def test_precision_and_covered_days(
    text: str, precision: str, first: dt.date, last: dt.date
) -> None:
    date = PartialDate.parse(text)
    assert (date.precision, date.first_day, date.last_day) == (precision, first, last)
    assert not date.approximate
    assert not date.uncertain


@pytest.mark.parametrize(
    ("text", "approximate", "uncertain"),
    [("2023-09~", True, False), ("1961-09-10?", False, True), ("1996%", True, True)],
)
def test_edtf_qualifiers(text: str, approximate: bool, uncertain: bool) -> None:
    date = PartialDate.parse(text)
    assert (date.approximate, date.uncertain) == (approximate, uncertain)
    assert str(date) == text
    assert date.text == text[:-1]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2024-13-45", "impossible date (month must be in 1..12)"),
        ("2023-02-29", "impossible date (day is out of range for month)"),
        ("2024-13", "impossible date (month must be in 1..12)"),
        ("June 2024", "is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD"),
        ("24-06-19", "is not a date"),
    ],
)
def test_bad_dates_say_what_is_expected(text: str, message: str) -> None:
    with pytest.raises(DateFormatError, match=message.replace("(", r"\(").replace(")", r"\)")):
        PartialDate.parse(text)
