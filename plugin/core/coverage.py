"""What the source covers, and how much of each zone-window that is (pure numpy/pandas).

An incident file is not a census: an export filtered to Mali says nothing about Niger,
and a file that ends in February says nothing about March. "No event" must not be read as
"no activity" there. The import records, per country, the first and last date of the
rows it kept (every actor, invalid rows left out); the analyst can give a period and a
country list instead. A zone-window's ``coverage`` is then the share of the window's days
that are covered, averaged over the countries the zone lies in, weighted by the zone's
area in each (a hexagon 70 % in covered Mali and 30 % in uncovered Niger: 0.7 of the days
of a fully covered window). ``ALL_COUNTRIES`` stands for "everywhere".
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

import numpy as np
import pandas as pd

#: Country key meaning "every country" (a period given without a country list).
ALL_COUNTRIES = "*"


def source_coverage(countries, start_dates, end_dates=None) -> dict[str, tuple[str, str]]:
    """Per country, the first and last day of the rows given (ISO dates).

    ``countries``: the country of each kept row; rows without a country or a date are
    ignored. An event lasting several days covers up to its end date.
    """
    names = pd.Series(countries, dtype=object).fillna("").astype(str).str.strip().to_numpy()
    start = pd.to_datetime(pd.Series(start_dates), errors="coerce").to_numpy("datetime64[D]")
    end = start
    if end_dates is not None:
        end = pd.to_datetime(pd.Series(end_dates), errors="coerce").to_numpy("datetime64[D]")
        end = np.where(np.isnat(end), start, end)
    ok = (names != "") & ~np.isnat(start)
    codes, uniq = pd.factorize(names[ok])
    if not len(uniq):
        return {}
    days_start = start[ok].astype(np.int64)
    days_end = end[ok].astype(np.int64)
    first = pd.Series(days_start).groupby(codes).min().to_numpy()
    last = pd.Series(days_end).groupby(codes).max().to_numpy()
    day = np.datetime64("1970-01-01", "D")
    return {
        str(c): (str(day + int(f)), str(day + int(la)))
        for c, f, la in sorted(zip(uniq, first, last))
    }


def user_coverage(start, end, countries: Iterable[str] = ()) -> dict[str, tuple[str, str]]:
    """The analyst's period for each listed country (or everywhere when none is listed)."""
    first = pd.Timestamp(start).date().isoformat()
    last = pd.Timestamp(end).date().isoformat()
    names = [c.strip() for c in countries if c and c.strip()]
    return dict.fromkeys(names, (first, last)) if names else {ALL_COUNTRIES: (first, last)}


def normalise_name(name: str) -> str:
    """Country names compared without case, accents, punctuation or spaces."""
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode("ascii")
    return "".join(ch for ch in text.lower() if ch.isalnum())


# ACLED / UCDP spellings that differ from Natural Earth's names, by ISO 3166 alpha-3.
ALIASES = {
    "ivorycoast": "CIV",
    "cotedivoire": "CIV",
    "democraticrepublicofcongo": "COD",
    "drc": "COD",
    "republicofcongo": "COG",
    "congo": "COG",
    "centralafricanrepublic": "CAF",
    "southsudan": "SSD",
    "eswatini": "SWZ",
    "swaziland": "SWZ",
    "gambia": "GMB",
    "thegambia": "GMB",
    "guineabissau": "GNB",
    "equatorialguinea": "GNQ",
    "westernsahara": "ESH",
    "capeverde": "CPV",
    "caboverde": "CPV",
    "saotomeandprincipe": "STP",
    "tanzania": "TZA",
}


def match_countries(wanted, names, iso3) -> dict[str, int]:
    """Index in (``names``, ``iso3``) of each wanted country, by name or ISO code, without
    case or accents; ACLED's spellings through ``ALIASES``. Unmatched names are absent."""
    by_name = {normalise_name(n): i for i, n in enumerate(names) if n}
    by_iso = {str(c).upper(): i for i, c in enumerate(iso3) if c}
    out = {}
    for country in wanted:
        key = normalise_name(country)
        i = by_name.get(key)
        if i is None:
            i = by_iso.get(str(country).strip().upper(), by_iso.get(ALIASES.get(key, "")))
        if i is not None:
            out[country] = i
    return out


def covered_days(periods: dict[str, tuple[str, str]], countries: list[str], windows) -> np.ndarray:
    """(windows x countries) share of each window's days inside each country's period."""
    out = np.zeros((len(windows), len(countries)))
    for j, country in enumerate(countries):
        if country not in periods:
            continue
        first, last = (pd.Timestamp(v) for v in periods[country])
        for i, (ws, we) in enumerate(windows):
            ws, we = pd.Timestamp(ws), pd.Timestamp(we)
            days = (we - ws).days + 1
            lo, hi = max(ws, first), min(we, last)
            out[i, j] = max(0, (hi - lo).days + 1) / days if days > 0 else 0.0
    return out


def zone_coverage(
    periods: dict[str, tuple[str, str]], shares: np.ndarray, countries: list[str], windows
) -> np.ndarray:
    """(windows x zones) coverage: ``shares[z, c]`` is the share of zone z's land area in
    country ``countries[c]`` (rows sum to at most 1; a zone at sea has 0)."""
    if ALL_COUNTRIES in periods:
        everywhere = covered_days(periods, [ALL_COUNTRIES], windows)[:, 0]
        return np.repeat(everywhere[:, None], shares.shape[0], axis=1)
    return covered_days(periods, countries, windows) @ shares.T
