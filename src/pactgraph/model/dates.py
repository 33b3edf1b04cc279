"""Dates known to a year, a month or a day (EDTF level 1), kept apart from the records so
that commands reading dates from the store need not import every record class."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

Precision = Literal["year", "month", "day"]

# EDTF level 1 (ISO 8601-2): "~" approximate, "?" uncertain, "%" both.
_DATE = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?(?P<qual>[~?%])?$")


class DateFormatError(ValueError):
    """A date string that is not YYYY, YYYY-MM or YYYY-MM-DD (with an optional ~ ? %)."""


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to a year, a month or a day, possibly approximate or uncertain."""

    text: str
    precision: Precision
    approximate: bool = False
    uncertain: bool = False

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        match = _DATE.match(text.strip())
        if match is None:
            raise DateFormatError(
                f"'{text}' is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD, "
                "optionally followed by ~ for approximate or ? for uncertain)"
            )
        year, month, day = (match.group(name) for name in ("year", "month", "day"))
        qual = match.group("qual") or ""
        try:
            if day is not None:
                dt.date(int(year), int(month), int(day))
            elif month is not None and not 1 <= int(month) <= 12:
                raise ValueError("month must be in 1..12")
        except ValueError as error:
            raise DateFormatError(f"'{text}' is an impossible date ({error})") from None
        precision: Precision = "day" if day else "month" if month else "year"
        core = text.strip().rstrip("~?%")
        return cls(core, precision, approximate=qual in ("~", "%"), uncertain=qual in ("?", "%"))

    @property
    def first_day(self) -> dt.date:
        parts = [int(p) for p in self.text.split("-")]
        return dt.date(
            parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1
        )

    @property
    def last_day(self) -> dt.date:
        parts = [int(p) for p in self.text.split("-")]
        if len(parts) == 3:
            return dt.date(*parts)
        month = parts[1] if len(parts) == 2 else 12
        if month == 12:
            return dt.date(parts[0], 12, 31)
        return dt.date(parts[0], month + 1, 1) - dt.timedelta(days=1)

    def __str__(self) -> str:
        suffix = {(True, True): "%", (True, False): "~", (False, True): "?"}.get(
            (self.approximate, self.uncertain), ""
        )
        return self.text + suffix
