"""Calendar time windows: the whole period, years, quarters or months."""

from __future__ import annotations

import pandas as pd

from .. import definitions as d

_FREQ = {d.WINDOW_YEAR: "YS", d.WINDOW_QUARTER: "QS", d.WINDOW_MONTH: "MS"}


def make_windows(start, end, kind: str) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """Inclusive (first day, last day) windows covering [start, end].

    Calendar windows are whole periods (a year runs 1 January to 31 December) so
    that windows of different runs line up; the whole-period window is [start, end].
    """
    start, end = pd.Timestamp(start).normalize(), pd.Timestamp(end).normalize()
    if end < start:
        raise ValueError(f"the end date {end.date()} is before the start date {start.date()}")
    if kind == d.WINDOW_WHOLE:
        return [(start, end)]
    if kind not in _FREQ:
        raise ValueError(f"unknown window kind {kind!r}")
    first = pd.Period(start, freq=_FREQ[kind][0]).start_time
    starts = pd.date_range(first, end, freq=_FREQ[kind])
    return [
        (s, (s + pd.tseries.frequencies.to_offset(_FREQ[kind])) - pd.Timedelta(days=1))
        for s in starts
    ]


def in_window(start_dates, end_dates, w_start, w_end):
    """Events overlapping the window (an event lasting several days counts once)."""
    return (start_dates <= w_end) & (end_dates >= w_start)
