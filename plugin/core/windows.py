"""Calendar time windows: the whole period, years, quarters or months."""

from __future__ import annotations

import pandas as pd

from .. import definitions as d

_FREQ = {d.WINDOW_YEAR: "YS", d.WINDOW_QUARTER: "QS", d.WINDOW_MONTH: "MS"}
# More windows than this is almost always a wrong date (1900, 2099) stretching the
# span: two such rows turned 885,000 events into 2,400 monthly windows, 2.7 M
# output features and 6 minutes. The caller may raise it on purpose.
MAX_WINDOWS = 1000


class TooManyWindows(ValueError):
    """The span and window kind give more windows than the limit; the message says why."""


def count_windows(start, end, kind: str) -> int:
    """How many windows ``make_windows`` gives, without making them."""
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    if kind == d.WINDOW_WHOLE or end < start:
        return 1
    per_year = {d.WINDOW_YEAR: 1, d.WINDOW_QUARTER: 4, d.WINDOW_MONTH: 12}[kind]

    def index(ts):
        return ts.year * per_year + (ts.month - 1) * per_year // 12

    return index(end) - index(start) + 1


def make_windows(
    start, end, kind: str, max_windows: int | None = MAX_WINDOWS
) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """Inclusive (first day, last day) windows covering [start, end].

    Calendar windows are whole periods (a year runs 1 January to 31 December) so
    that windows of different runs line up; the whole-period window is [start, end].
    More than ``max_windows`` windows (None: no limit) raise ``TooManyWindows``.
    """
    start, end = pd.Timestamp(start).normalize(), pd.Timestamp(end).normalize()
    if end < start:
        raise ValueError(f"the end date {end.date()} is before the start date {start.date()}")
    if kind in _FREQ and max_windows is not None:
        n = count_windows(start, end, kind)
        if n > max_windows:
            raise TooManyWindows(
                f"{n} {kind} windows from {start.date()} to {end.date()}, more than the limit "
                f"of {max_windows}: check the incidents' dates (one wrong date stretches the "
                "span), set a start and end date, choose longer windows, or raise the limit "
                "(advanced parameter MAX_WINDOWS)"
            )
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
