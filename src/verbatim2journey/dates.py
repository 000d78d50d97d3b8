"""The date range of an export: find its date column and follow its first and last dates.

A column is taken for dates only if its name looks like a date AND its values read as
dates: a name alone would take "jour_ouvre" (yes/no), values alone an id like 20260713.
The format is chosen once, on the first chunk, so every later chunk is parsed in one
vectorised call.
"""

from __future__ import annotations

import re

import pandas as pd

from .errors import V2JError, one_of
from .normalize import fold_accents

DATE_NAME = re.compile(r"date|jour|day|time|horodat|timestamp|created|cree|periode|period|\bdt\b|(^|_)dt(_|$)")
# Tried in this order; day-first before month-first, as French exports write dates.
DATE_FORMATS = ("ISO8601", "%d/%m/%Y", "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%y",
                "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d")
MIN_PARSED_SHARE = 0.9
SNIFF_VALUES = 200
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre")


def french_date(day) -> str:
    """`2026-07-02` -> `2 juillet 2026`."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _values(column: pd.Series) -> pd.Series:
    values = column.dropna()
    if not pd.api.types.is_datetime64_any_dtype(values):
        values = values.astype(str).str.strip()
        values = values[values != ""]
    return values


def _parse(values: pd.Series, fmt: str) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(values):
        return values.dt.tz_localize(None) if values.dt.tz is not None else values
    parsed = pd.to_datetime(values, format=fmt, errors="coerce", utc=True)
    return parsed.dt.tz_localize(None)


def date_format(column: pd.Series) -> str | None:
    """The first format that reads most of the column's first values, or None."""
    sample = _values(column).head(SNIFF_VALUES)
    if not len(sample):
        return None
    if pd.api.types.is_datetime64_any_dtype(sample):
        return "datetime"
    if not sample.str.contains(r"\d", regex=True).all():
        return None
    for fmt in DATE_FORMATS:
        if _parse(sample, fmt).notna().mean() >= MIN_PARSED_SHARE:
            return fmt
    return None


class DateRange:
    """First and last date seen in one column of a stream of chunks.

    `column=None` detects the column on the first chunk; a named column must exist and
    hold dates, or an error says so.
    """

    def __init__(self, column: str | None = None, *, source: str = "the tagged file"):
        self.forced = column
        self.column: str | None = None
        self.fmt: str | None = None
        self.source = source
        self.first = self.last = None
        self.n_dated = self.n_undated = 0
        self._decided = False

    def _decide(self, chunk: pd.DataFrame) -> None:
        self._decided = True
        if self.forced is not None:
            if self.forced not in chunk.columns:
                raise V2JError("E004", column=self.forced, path=self.source,
                               columns=one_of(str(c) for c in chunk.columns))
            fmt = date_format(chunk[self.forced])
            if fmt is None:
                values = _values(chunk[self.forced])
                value = values.iloc[0] if len(values) else ""
                row = int(values.index[0]) + 1 if len(values) else 1
                raise V2JError("E023", column=self.forced, path=self.source, value=str(value), row=row)
            self.column, self.fmt = self.forced, fmt
            return
        named = [c for c in chunk.columns if DATE_NAME.search(fold_accents(str(c)).lower())]
        # A column called "date" is a better bet than "date_naissance_client".
        named.sort(key=lambda c: fold_accents(str(c)).lower() != "date")
        for column in named:
            fmt = date_format(chunk[column])
            if fmt is not None:
                self.column, self.fmt = column, fmt
                return

    def add(self, chunk: pd.DataFrame) -> None:
        if not self._decided:
            self._decide(chunk)
        if self.column is None:
            return
        values = _values(chunk[self.column])
        parsed = _parse(values, self.fmt).dropna()
        self.n_undated += len(chunk) - len(parsed)
        self.n_dated += len(parsed)
        if len(parsed):
            first, last = parsed.min(), parsed.max()
            self.first = first if self.first is None else min(self.first, first)
            self.last = last if self.last is None else max(self.last, last)
