"""core.timeline: the time slider's window arithmetic (no Qt)."""

from __future__ import annotations

import datetime as dt

import pytest

from sahel_overlap.plugin.core.timeline import Period, Timeline, add_months

D = dt.date


def test_period_parsing_and_calendar_arithmetic():
    assert Period.parse("month") == Period(1, "month")
    assert Period.parse("2 weeks") == Period(2, "week")
    assert Period.parse(10) == Period.parse("10") == Period(10, "day")
    assert add_months(D(2020, 1, 31), 1) == D(2020, 2, 29)
    assert add_months(D(2019, 11, 15), 3) == D(2020, 2, 15)
    assert Period(1, "quarter").snap(D(2020, 8, 17)) == D(2020, 7, 1)
    assert Period(1, "week").snap(D(2024, 5, 9)) == D(2024, 5, 6)  # a Monday
    with pytest.raises(ValueError):
        Period(1, "fortnight")
    with pytest.raises(ValueError):
        Period(0, "day")


def test_monthly_windows_are_whole_months_anchored_on_the_first():
    tl = Timeline(D(2020, 1, 15), D(2020, 12, 3), "month", "month")
    assert tl.count == 12
    assert tl.window(0) == (D(2020, 1, 1), D(2020, 1, 31))
    assert tl.window(1) == (D(2020, 2, 1), D(2020, 2, 29))
    assert tl.window(11) == (D(2020, 12, 1), D(2020, 12, 31))
    assert tl.is_simple()
    assert tl.label(1) == "2020-02-01 – 2020-02-29"
    with pytest.raises(IndexError):
        tl.window(12)


def test_window_longer_than_step_overlaps_the_next_frames():
    tl = Timeline(D(2020, 1, 1), D(2020, 12, 31), "quarter", "month")
    assert tl.count == 12 and not tl.is_simple()
    assert tl.window(0) == (D(2020, 1, 1), D(2020, 3, 31))
    assert tl.window(11) == (D(2020, 12, 1), D(2021, 2, 28))
    days = Timeline(D(2020, 1, 1), D(2020, 1, 20), 10, 5)
    assert days.windows() == [
        (D(2020, 1, 1), D(2020, 1, 10)),
        (D(2020, 1, 6), D(2020, 1, 15)),
        (D(2020, 1, 11), D(2020, 1, 20)),
        (D(2020, 1, 16), D(2020, 1, 25)),
    ]


def test_cumulative_mode_always_starts_at_the_anchor():
    tl = Timeline(D(2019, 3, 5), D(2021, 6, 1), "year", "year", cumulative=True)
    assert tl.windows() == [
        (D(2019, 1, 1), D(2019, 12, 31)),
        (D(2019, 1, 1), D(2020, 12, 31)),
        (D(2019, 1, 1), D(2021, 12, 31)),
    ]


def test_finding_the_frame_of_a_window_set_elsewhere():
    tl = Timeline(D(2020, 1, 1), D(2020, 12, 31), "month", "month")
    assert tl.index_at(D(2020, 5, 17)) == 4
    assert tl.index_at(D(2019, 5, 17)) == 0  # clamped
    assert tl.index_at(D(2025, 1, 1)) == 11
    assert tl.index_for(D(2020, 7, 1), D(2020, 7, 31)) == 6
    cum = Timeline(D(2020, 1, 1), D(2020, 12, 31), "month", "month", cumulative=True)
    assert cum.index_for(D(2020, 1, 1), D(2020, 9, 30)) == 8
    assert cum.index_for(D(2020, 1, 1), D(2020, 9, 28)) == 8  # nearest end


def test_a_single_day_span_has_one_frame():
    tl = Timeline(D(2020, 5, 5), D(2020, 5, 5), "week", "week")
    assert tl.count == 1 and tl.window(0) == (D(2020, 5, 4), D(2020, 5, 10))
    with pytest.raises(ValueError):
        Timeline(D(2020, 5, 5), D(2020, 5, 4))


def test_monthly_counts_of_the_two_groups_and_their_clashes():
    import pandas as pd

    from sahel_overlap.plugin.core.timeline import monthly_counts

    rows = [
        ("a", "2020-03-05"),
        ("b", "2020-03-20"),
        ("a", "2020-05-01"),
        ("clash", "2020-05-31"),
        ("ambiguous", "2019-01-01"),
        ("b", None),
        ("ambiguous", "2021-01-01"),
    ]
    frame = pd.DataFrame(rows, columns=["side", "event_date"])
    frame["event_date"] = pd.to_datetime(frame["event_date"])
    table = monthly_counts(frame)
    # March to May 2020: ambiguous events and undated ones neither count nor widen the range
    assert [str(p) for p in table.index] == ["2020-03", "2020-04", "2020-05"]
    assert table["a"].tolist() == [1, 0, 1]
    assert table["b"].tolist() == [1, 0, 0]
    assert table["clash"].tolist() == [0, 0, 1]
    assert monthly_counts(frame[frame.side == "ambiguous"]).empty
