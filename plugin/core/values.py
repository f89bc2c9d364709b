"""Numbers in incident exports: counts and codes parsed strictly, every repair counted.

Each distinct text is parsed once (exports repeat values thousands of times).
A count is a whole number from 0 to ``MAX_COUNT``; what can be read as one
without guessing (``3,000``, ``12 (est.)``, ``12.0``) is, and counted; anything
else (``abc``, ``-5``, ``2.7``, ``inf``, ``1e20``) is left empty (NULL), never 0,
and counted by reason. A code (precision 1..n) outside its range becomes 0,
the schema's "unknown", and is counted.
"""

from __future__ import annotations

import math
import re
from collections import Counter

import numpy as np
import pandas as pd

MAX_COUNT = 1_000_000  # above any single event's death toll in ACLED or UCDP GED

_INT = re.compile(r"^\+?[0-9]+$")
_THOUSANDS = re.compile(r"^[0-9]{1,3}(?:[,\u00a0\u202f ][0-9]{3})+$")
_WHOLE_DECIMAL = re.compile(r"^\+?[0-9]+\.0*$")
_NUMBER = re.compile(
    r"^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$|^[+-]?(?:inf|infinity|nan)$", re.I
)
_ANNOTATED = re.compile(
    r"^([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)\s*"
    r"(?:\(.*\)|\[.*\]|\+|\?|\*|~|est\.?|approx\.?|estimated)$",
    re.IGNORECASE,
)


def _reasons(label: str) -> dict:
    return {
        "thousands": f"{label}: thousands separators removed (3,000 read as 3000)",
        "annotated": f"{label}: number followed by a note read as the number (12 (est.) read as 12)",
        "empty": f"{label}: empty, left empty (NULL)",
        "not_number": f"{label}: not a number, left empty (NULL)",
        "negative": f"{label}: negative, left empty (NULL)",
        "fraction": f"{label}: not a whole number, left empty (NULL)",
        "large": f"{label}: implausibly large (over {MAX_COUNT:,}), left empty (NULL)",
    }


def parse_count_text(text: str) -> tuple[float, str | None]:
    """(value or NaN, reason key or None) of one cell."""
    t = str(text).strip()
    if not t:
        return math.nan, "empty"
    reason = None
    if _INT.match(t) or _WHOLE_DECIMAL.match(t):
        value = float(t)
    elif _THOUSANDS.match(t):
        value, reason = float(re.sub(r"\D", "", t)), "thousands"
    else:
        m = _ANNOTATED.match(t)
        if m:
            value, reason = float(m.group(1).replace(",", "")), "annotated"
        else:
            if not _NUMBER.match(t):
                return math.nan, "not_number"
            value = float(t)
            if not math.isfinite(value):
                return math.nan, "not_number"
            if value < 0:
                return math.nan, "negative"
            if value != int(value):
                return math.nan, "fraction"
    if value > MAX_COUNT:
        return math.nan, "large"
    return value, reason


def _text_values(values) -> tuple[np.ndarray, list]:
    """(codes, distinct texts) of a column of text or categories; NaN as ''."""
    s = values if isinstance(values, pd.Series) else pd.Series(values, dtype=object)
    if isinstance(s.dtype, pd.CategoricalDtype):
        codes = s.cat.codes.to_numpy().copy()
        uniques = [*list(s.cat.categories.to_numpy(dtype=object)), ""]
        codes[codes < 0] = len(uniques) - 1
        return codes, uniques
    codes, uniques = pd.factorize(s.fillna("").astype(object))
    uniques = [*list(uniques), ""]
    codes = codes.copy()
    codes[codes < 0] = len(uniques) - 1
    return codes, uniques


def parse_counts(values, label: str, notes: Counter, count_empty: bool = True) -> pd.Series:
    """A column of counts as nullable integers (``Int64``; <NA> where not a count);
    every repaired or refused value counted in ``notes`` by reason."""
    codes, uniques = _text_values(values)
    parsed = [parse_count_text(u) for u in uniques]
    lut = np.array([v for v, _r in parsed], dtype=float)
    reasons = _reasons(label)
    used = np.bincount(codes, minlength=len(uniques)) if len(codes) else np.zeros(len(uniques))
    for k, (_v, reason) in enumerate(parsed):
        if reason is not None and used[k] and (reason != "empty" or count_empty):
            notes[reasons[reason]] += int(used[k])
    out = lut[codes] if len(codes) else np.array([], dtype=float)
    return pd.Series(out).astype("Int64")


def parse_codes(values, label: str, low: int, high: int, notes: Counter) -> np.ndarray:
    """A column of codes ``low``..``high`` as integers; empty cells and anything else
    (``inf``, ``x``, ``9``) 0, the latter counted."""
    codes, uniques = _text_values(values)
    lut = np.zeros(len(uniques), dtype=np.int64)
    bad = np.zeros(len(uniques), dtype=bool)
    for k, u in enumerate(uniques):
        t = str(u).strip()
        if not t:
            continue
        value, reason = parse_count_text(t)
        if reason is not None or not (low <= value <= high):
            bad[k] = True
            continue
        lut[k] = int(value)
    used = np.bincount(codes, minlength=len(uniques)) if len(codes) else np.zeros(len(uniques))
    n_bad = int(used[bad].sum())
    if n_bad:
        notes[f"{label}: not a code {low} to {high}, stored as 0 (unknown)"] += n_bad
    return lut[codes] if len(codes) else np.array([], dtype=np.int64)
