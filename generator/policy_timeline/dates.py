"""Partial dates: a year, a month or a day, optionally qualified, sorted and shown honestly.

"2023" must never be shown or sorted as 1 January 2023. A partial date sorts after every
more precise date it could be (February 2024 after 29 February 2024, before 1 March),
and reads as what the sources actually say ("April 2023", "c. 2023", "before 2024").
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

Precision = Literal["year", "month", "day"]
Qualifier = Literal["circa", "before", "after"]

PRECISIONS: tuple[Precision, ...] = ("day", "month", "year")
QUALIFIERS: tuple[Qualifier, ...] = ("circa", "before", "after")

_PATTERN = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?$", re.ASCII)
PATTERN_TEXT = r"^\d{4}(-\d{2}(-\d{2})?)?$"

MONTHS = (
    "January February March April May June July August September October November December"
).split()


@dataclass(frozen=True)
class PartialDate:
    """A calendar date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None
    qualifier: Qualifier | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9999:
            raise ValueError(f"year {self.year} is out of range (1 to 9999)")
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month} does not exist")
        if self.day is not None:
            last = calendar.monthrange(self.year, self.month)[1]  # type: ignore[arg-type]
            if not 1 <= self.day <= last:
                raise ValueError(
                    f"{MONTHS[self.month - 1]} {self.year} has no day {self.day}"  # type: ignore[operator]
                    f" (it has {last} days)"
                )
        if self.qualifier is not None and self.qualifier not in QUALIFIERS:
            raise ValueError(f"unknown qualifier {self.qualifier!r}")

    @classmethod
    def parse(cls, value: object, qualifier: Qualifier | None = None) -> PartialDate:
        """Read `2024`, `"2024-02"` or `"2024-02-26"` (a `datetime.date` is taken as a day)."""
        if isinstance(value, PartialDate):
            return value if qualifier is None else value.with_qualifier(qualifier)
        if isinstance(value, dt.datetime):
            raise ValueError("give a date without a time of day, e.g. 2024-02-26")
        if isinstance(value, dt.date):
            return cls(value.year, value.month, value.day, qualifier)
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise ValueError(
                f"expected a date like 2024, 2024-02 or 2024-02-26, got {type(value).__name__}"
            )
        text = str(value).strip()
        match = _PATTERN.match(text)
        if not match:
            raise ValueError(
                f"{text[:40]!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD"
            )
        month, day = match["month"], match["day"]
        return cls(
            int(match["year"]),
            int(month) if month else None,
            int(day) if day else None,
            qualifier,
        )

    def with_qualifier(self, qualifier: Qualifier | None) -> PartialDate:
        return PartialDate(self.year, self.month, self.day, qualifier)

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    def first_day(self) -> dt.date:
        """The earliest calendar day this date could be."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        """The latest calendar day this date could be."""
        if self.day is not None:
            return dt.date(self.year, self.month, self.day)  # type: ignore[arg-type]
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def iso(self) -> str:
        """`2024`, `2024-02` or `2024-02-26`: also a valid HTML `<time datetime>` value."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    def sort_key(self) -> tuple[int, int, int, str]:
        """A total order: by the last day the date could be, less precise after more precise.

        "before X" sorts just before X could start; "after X" just after X has surely ended.
        """
        if self.qualifier == "before":
            anchor, rank = self.first_day().toordinal() - 1, 3
        elif self.qualifier == "after":
            anchor, rank = self.last_day().toordinal(), 4
        else:
            anchor, rank = self.last_day().toordinal(), PRECISIONS.index(self.precision)
        circa = 1 if self.qualifier == "circa" else 0
        return (anchor, rank, circa, self.iso())

    def __lt__(self, other: PartialDate) -> bool:
        return self.sort_key() < other.sort_key()

    def __le__(self, other: PartialDate) -> bool:
        return self.sort_key() <= other.sort_key()

    def __gt__(self, other: PartialDate) -> bool:
        return self.sort_key() > other.sort_key()

    def __ge__(self, other: PartialDate) -> bool:
        return self.sort_key() >= other.sort_key()

    def plain(self) -> str:
        """The date alone: "26 February 2024", "February 2024" or "2024"."""
        if self.day is not None:
            return f"{self.day} {MONTHS[self.month - 1]} {self.year}"  # type: ignore[operator]
        if self.month is not None:
            return f"{MONTHS[self.month - 1]} {self.year}"
        return str(self.year)

    def display(self) -> str:
        """The date as a reader should see it, with its qualifier: "c. 2023", "before 2024"."""
        prefix = {"circa": "c. ", "before": "before ", "after": "after ", None: ""}
        return prefix[self.qualifier] + self.plain()

    def __str__(self) -> str:
        return self.display()

    def is_after(self, day: dt.date) -> bool:
        """True when the date is surely later than `day` (its earliest possible day is)."""
        if self.qualifier in ("before", "circa"):
            return False
        return self.first_day() > day

    def is_before(self, day: dt.date) -> bool:
        """True when the date is surely earlier than `day`."""
        if self.qualifier in ("after", "circa"):
            return False
        return self.last_day() < day


def display_range(start: PartialDate, end: PartialDate | None) -> str:
    """"8 to 9 December 2023" style ranges, falling back to "X – Y"."""
    if end is None:
        return start.display()
    if start.qualifier is None and end.qualifier is None and start.precision == end.precision == "day":
        if (start.year, start.month) == (end.year, end.month):
            return f"{start.day}–{end.display()}"
        if start.year == end.year:
            return f"{start.day} {MONTHS[start.month - 1]} – {end.display()}"  # type: ignore[operator]
    return f"{start.display()} – {end.display()}"
