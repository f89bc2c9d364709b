"""Parse the date spellings found in ACLED and UCDP exports.

Each distinct string is parsed once (exports repeat dates thousands of times)
against explicit patterns; anything else becomes NaT and the caller counts it
as an unparseable date. Explicit patterns, not dateutil guessing, because
"03/04/2020" is ambiguous and must not be read silently. Month names are
matched against an English table, never through strptime's %B/%b: those
follow the process locale, which QGIS sets from the system (a French desktop
would read no ACLED date at all).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for name in names
}

# 2020-03-15, 2020/03/15, optionally followed by a time (UCDP GED: "2020-03-15 00:00:00.000")
ISO = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
# 15 March 2020, 15-March-2020, 15 Mar 2020, 15-Mar-20 (spreadsheet-saved ACLED files)
NAMED = re.compile(r"^(\d{1,2})[ -]([A-Za-z]+)\.?[ -](\d{4}|\d{2})$")


def _parse_one(text: str) -> pd.Timestamp:
    text = text.strip()
    m = ISO.match(text)
    if m:
        year, month, day = (int(g) for g in m.groups())
    else:
        m = NAMED.match(text)
        if not m:
            return pd.NaT
        day, name, year_text = int(m.group(1)), m.group(2).casefold(), m.group(3)
        month = MONTHS.get(name)
        if month is None:
            return pd.NaT
        year = int(year_text)
        if len(year_text) == 2:
            year += 2000 if year < 70 else 1900
    try:
        return pd.Timestamp(year=year, month=month, day=day)
    except ValueError:  # 31 February and the like
        return pd.NaT


def parse_dates(values: pd.Series) -> pd.Series:
    """Parse a column of date strings to datetime64[ns] (dates only), NaT if unparseable."""
    codes, uniques = pd.factorize(values.fillna("").astype(str), sort=False)
    parsed = pd.DatetimeIndex([_parse_one(u) for u in uniques], dtype="datetime64[ns]")
    out = np.full(len(values), np.datetime64("NaT"), dtype="datetime64[ns]")
    ok = codes >= 0
    out[ok] = parsed.values[codes[ok]]
    return pd.Series(out, index=values.index)
