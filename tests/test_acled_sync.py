"""core.acled_sync: the pure part of keeping a store in step with ACLED (no QGIS)."""

from __future__ import annotations

import pandas as pd

from sahel_overlap.plugin import definitions as d
from sahel_overlap.plugin.core import acled_sync as sync


def events(*ids) -> pd.DataFrame:
    return pd.DataFrame({d.F_EVENT_ID: list(ids), d.F_SIDE: ["a"] * len(ids)})


def test_plan_upserts_by_event_id_and_counts_each_way():
    # Stored A B C D; fetched B (kept: changed), D (no longer kept), E (new);
    # deleted upstream: C (stored), Z (never stored), E (deleted, then restored).
    plan = sync.plan_sync(["A", "B", "C", "D"], ["B", "D", "E"], events("B", "E"), ["C", "Z", "E"])
    assert plan.remove_ids == ["B", "C", "D"]
    assert list(plan.insert[d.F_EVENT_ID]) == ["B", "E"]
    assert plan.counts() == {"added": 1, "updated": 1, "deleted": 1, "dropped": 1, "unchanged": 1}
    assert plan.line() == (
        "added 1, updated 1, deleted 1, unchanged 1 (and 1 removed: their new version is no "
        "longer kept)"
    )


def test_plan_of_a_new_store_adds_everything():
    plan = sync.plan_sync([], ["X1", "X2", "X3"], events("X1", "X3"), [])
    assert plan.remove_ids == [] and (plan.added, plan.unchanged, plan.dropped) == (2, 0, 0)


def test_rows_frame_is_the_csv_readers_text_table():
    rows = [
        {"event_id_cnty": "MLI1", "actor1": "JNIM", "actor2": "X", "fatalities": "3"},
        {"event_id_cnty": "MLI2", "actor1": "ISGS", "fatalities": None, "notes": "n"},
    ]
    frame = sync.rows_frame(rows, sync.LAYOUT_DYADIC)
    assert list(frame.columns) == ["event_id_cnty", "actor1", "actor2", "fatalities", "notes"]
    assert frame.loc[1, "actor2"] == "" and frame.loc[1, "fatalities"] == ""
    assert frame.attrs["header"] == list(frame.columns)
    # The actor-based layout has no second actor: a stray one must not make it dyadic.
    assert "actor2" not in sync.rows_frame(rows, sync.LAYOUT_ACTOR_BASED).columns


def test_filters_use_acleds_names():
    q = sync.query_filters(["Mali", "Niger"], "2019-01-01", "2020-06-30", "actor-based", 1700)
    assert q == {
        "_format": "json",
        "export_type": "monadic",
        "country": "Mali|Niger",
        "event_date": "2019-01-01|2020-06-30",
        "event_date_where": "BETWEEN",
        "timestamp": "1700",
        "timestamp_where": ">",
    }
    assert "timestamp" not in sync.query_filters(["Mali"], None, "2020-01-01", "dyadic")
    assert sync.deletion_filters(1700)["deleted_timestamp_where"] == ">"


def test_coverage_is_the_asked_window_merged_with_earlier_fetches():
    asked = sync.requested_coverage(["Mali", "Niger"], None, "2020-12-31")
    # Without a start ACLED was asked from its first day: a country without events is
    # covered all along (absence there is evidence), not unknown.
    assert asked == {"Mali": ["1997-01-01", "2020-12-31"], "Niger": ["1997-01-01", "2020-12-31"]}
    assert sync.query_filters(["Mali"], None, "2020-12-31", "dyadic")["event_date"] == (
        "1997-01-01|2020-12-31"
    )
    merged = sync.merge_coverage(
        {"Mali": ["2019-01-01", "2021-06-30"]},
        sync.requested_coverage(["Mali"], "2020-01-01", "2021-12-31"),
    )
    assert merged["Mali"] == ["2019-01-01", "2021-12-31"]
    assert sync.newest_timestamp(["", None, "17", "1700000000", "x"]) == 1700000000


def test_inside_window_keeps_the_window_and_unreadable_dates():
    frame = sync.rows_frame(
        [
            {"event_id_cnty": "A", "event_date": "2016-12-31"},
            {"event_id_cnty": "B", "event_date": "2017-01-01"},
            {"event_id_cnty": "C", "event_date": "2020-12-31"},
            {"event_id_cnty": "D", "event_date": "2021-01-01"},
            {"event_id_cnty": "E", "event_date": "sometime"},  # the import skips and counts it
        ],
        sync.LAYOUT_DYADIC,
    )
    kept, outside = sync.inside_window(frame, "2017-01-01", "2020-12-31")
    assert list(kept["event_id_cnty"]) == ["B", "C", "E"] and outside == 2
    assert kept.attrs["header"] == ["event_id_cnty", "event_date"]
    assert sync.inside_window(frame, None, "2016-12-31")[1] == 3  # A kept: from 1997-01-01
