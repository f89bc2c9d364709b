"""Parse the date spellings found in ACLED and UCDP exports.

Each distinct string is parsed once (exports repeat dates thousands of times),
trying explicit formats in order; anything else becomes NaT and the caller
counts it as an unparseable date. Explicit formats, not dateutil guessing,
because "03/04/2020" is ambiguous and must not be read silently.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

FORMATS = [
    "%Y-%m-%d",  # 2020-03-15 (ACLED API, UCDP GED)
    "%d %B %Y",  # 15 March 2020 (ACLED export tool)
    "%d-%B-%Y",  # 15-March-2020
    "%d %b %Y",  # 15 Mar 2020
    "%d-%b-%Y",  # 15-Mar-2020
    "%d-%b-%y",  # 16-Feb-21 (spreadsheet-saved ACLED files)
    "%Y-%m-%d %H:%M:%S",  # UCDP GED date_start with a time part
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%dT%H:%M:%S",
    "%Y/%m/%d",
]


def _parse_one(text: str) -> pd.Timestamp:
    text = text.strip()
    if not text:
        return pd.NaT
    for fmt in FORMATS:
        try:
            return pd.Timestamp(pd.to_datetime(text, format=fmt)).normalize()
        except (ValueError, TypeError):
            continue
    return pd.NaT


def parse_dates(values: pd.Series) -> pd.Series:
    """Parse a column of date strings to datetime64[ns] (dates only), NaT if unparseable."""
    codes, uniques = pd.factorize(values.fillna("").astype(str), sort=False)
    parsed = pd.DatetimeIndex([_parse_one(u) for u in uniques], dtype="datetime64[ns]")
    out = np.full(len(values), np.datetime64("NaT"), dtype="datetime64[ns]")
    ok = codes >= 0
    out[ok] = parsed.values[codes[ok]]
    return pd.Series(out, index=values.index)
