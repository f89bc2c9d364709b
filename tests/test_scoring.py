"""Zone scoring: planted truth, properties, hand-worked cases, QGIS runs, bad input."""

from __future__ import annotations

import json
import subprocess

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsGeometry,
    QgsPointXY,
    QgsProcessingException,
    QgsProject,
    QgsVectorLayer,
)
from scipy import stats

from sahel_overlap.plugin import definitions as d
from sahel_overlap.plugin.core import provenance, scoring, windows
from sahel_overlap.plugin.core.incidents import load_file
from sahel_overlap.plugin.io.metadata import read_metadata

from .conftest import QGIS_PROCESS

MODEL_ID = "saheloverlap:full_analysis"


# --- the core on small frames ----------------------------------------------------------


def frame(sides, xs_km, dates=None, fat=None, geo=None):
    n = len(sides)
    dates = pd.to_datetime(dates or ["2020-01-15"] * n)
    out = pd.DataFrame(
        {
            d.F_SIDE: sides,
            d.F_FATALITIES: fat or [1] * n,
            d.F_DATE: dates,
            d.F_DATE_END: dates,
        }
    )
    if geo is not None:
        out[d.F_GEO_PREC] = geo
    return out, np.asarray(xs_km, float) * 1000.0


def run_core(
    sides, xs_km, zone, n_zones=1, dates=None, params=None, kind=d.WINDOW_WHOLE, ys_km=None,
    coverage=None, geo=None, wins=None,
):  # fmt: skip
    ev, x = frame(sides, xs_km, dates, geo=geo)
    y = np.zeros_like(x) if ys_km is None else np.asarray(ys_km, float) * 1000.0
    wins = wins or windows.make_windows(ev[d.F_DATE].min(), ev[d.F_DATE].max(), kind)
    params = params or scoring.ScoreParams(permutations=19, min_events=1)
    return scoring.score_zones(
        ev, x, y, np.asarray(zone), n_zones, wins, ("JNIM", "ISGS"), params, coverage=coverage
    )


def months(n, year=2020, first=1):
    """n dates, one per month from ``first`` on (wrapping), mid-month."""
    return [f"{year}-{(first - 1 + i) % 12 + 1:02d}-15" for i in range(n)]


def mixed(n_a, n_b, n_clash=0, year=2020, n_amb=0):
    """Events of both groups interleaved on a line 1 km apart, spread over the months:
    intermixed (never partitioned), every group in many common months."""
    keys = [((i + 0.5) / n_a, "a") for i in range(n_a)] + [
        ((j + 0.5) / n_b, "b") for j in range(n_b)
    ]
    sides = [side for _, side in sorted(keys)]  # the minority spread evenly among the rest
    sides += ["clash"] * n_clash + ["ambiguous"] * n_amb
    dates = [f"{year}-{(i // 2) % 12 + 1:02d}-{1 + i % 28:02d}" for i in range(len(sides))]
    return sides, list(range(len(sides))), dates


def test_hand_worked_counts_shares_and_global_clq():
    # Points on a line (km): A0 B1 A3 B4, and a clash at 10.
    # Nearest neighbours: A0->B1, B1->A0, A3->B4, B4->A3, so C(A->B) = 2 with N_A = N_B = 2,
    # N = 4 A/B points: CLQ(A->B) = (2/2) / (2/3) = 1.5, and CLQ(B->A) = 1.5 likewise.
    out = run_core(["a", "b", "a", "b", "clash"], [0, 1, 3, 4, 10], [0, 0, 0, 0, 0])
    row = out.iloc[0]
    assert (row.events_a, row.events_b, row.events_clash) == (3, 3, 1)
    assert row.clq_ab_global == pytest.approx(1.5) and row.clq_ba_global == pytest.approx(1.5)
    # 5 distinct events, 1 clash: share 0.2 >= 0.05 but a single clash is not a contest;
    # its 90 % interval is (1 - 0.95^(1/5), 1 - 0.05^(1/5)) ... for k = 1: beta quantiles.
    assert row.clash_share == pytest.approx(0.2)
    assert row.clash_share_lo == pytest.approx(stats.beta.ppf(0.05, 1, 5))
    assert row.clash_share_hi == pytest.approx(stats.beta.ppf(0.95, 2, 4))  # 0.657
    assert row.contested_score == 0.0  # fewer than MIN_CLASHES clashes: no contest score
    assert row.zone_class == d.Z_UNDETERMINED
    assert row.class_reason.startswith("1 clash in 5 events: a 66 % clash share cannot be")
    assert row.parallel_score == 0.0  # not parallel: no parallel score


def test_clopper_pearson_bounds_by_hand():
    # 0 in n: upper one-sided 95 % bound 1 - 0.05^(1/n): 24 % at 11, 10.1 % at 28, 9.8 % at 29
    lo, hi = scoring.clopper_pearson([0, 0, 0, 3, 11], [11, 28, 29, 3, 0])
    np.testing.assert_allclose(hi[:3], [1 - 0.05 ** (1 / n) for n in (11, 28, 29)])
    assert hi[0] == pytest.approx(0.2384, abs=1e-4)
    assert lo[3] == pytest.approx(0.05 ** (1 / 3)) and hi[3] == 1.0  # 3 in 3
    assert np.isnan(lo[4]) and np.isnan(hi[4])


@pytest.mark.parametrize(
    "n_a, n_b, want",
    [
        (15, 13, d.Z_UNDETERMINED),  # 0 clashes in 28: a 10.1 % share cannot be ruled out
        (15, 14, d.Z_PARALLEL),  # 0 in 29: at most 9.8 %
        (5, 6, d.Z_UNDETERMINED),  # the example: 0 in 11, 24 %
    ],
)
def test_undetermined_until_enough_events_rule_out_a_contest(n_a, n_b, want):
    sides, xs, dates = mixed(n_a, n_b)
    row = run_core(sides, xs, [0] * len(sides), dates=dates, params=scoring.ScoreParams()).iloc[0]
    assert row.zone_class == want, row.class_reason
    # Either side of the line the reason says where the line is, and that it is not the
    # contested one: the bound must clear 10 %, while 5 % (and 2 clashes) make a contest.
    rule = "10 % a parallel zone must rule out; contested needs 2 clashes and a 5.0 % share"
    if want == d.Z_PARALLEL:
        assert row.class_reason.startswith(
            "both active in 12 common months; 0 clashes in 29 events, clash share at most "
            f"9.8 % (95 % bound, below the {rule})"
        ), row.class_reason
        assert 0.5 < row.parallel_score <= 1.0 and row.contested_score == 0.0
    else:
        assert row.class_reason == (
            f"0 clashes in {n_a + n_b} events: a {100 * (1 - 0.05 ** (1 / (n_a + n_b))):.0f} % "
            "clash share cannot be ruled out (parallel needs its 95 % bound below 10 %; "
            "contested needs 2 clashes and a 5.0 % share)"
        )


@pytest.mark.parametrize(
    "n_a, n_b, n_clash, want",
    [
        # (own events of A, own events of B, clashes): distinct = their sum
        (19, 18, 2, d.Z_CONTESTED),  # 2 in 39 distinct: 5.1 % >= 5 %
        (19, 19, 2, d.Z_CONTESTED),  # 2 in 40: exactly 5 %
        (20, 19, 2, d.Z_SKIRMISH),  # 2 in 41: 4.9 %, under the line, but clashes are shown
        (60, 60, 2, d.Z_SKIRMISH),  # 2 in 122: a skirmish, never parallel or partitioned
        (3, 3, 1, d.Z_UNDETERMINED),  # one clash is not a contest
        (0, 0, 3, d.Z_CONTESTED),  # a hex of 3 clashes is contested, whatever else
        (0, 0, 2, d.Z_CONTESTED),  # MIN_CLASHES clashes and nothing else
        (0, 0, 1, d.Z_LOW_DATA),  # one clash alone: too few
        (1, 0, 2, d.Z_CONTESTED),  # 2 clashes in 3 events: clash evidence beats low_data
    ],
)
def test_contested_threshold_and_clash_only_small_zones(n_a, n_b, n_clash, want):
    sides, xs, dates = mixed(n_a, n_b, n_clash)
    row = run_core(sides, xs, [0] * len(sides), dates=dates, params=scoring.ScoreParams()).iloc[0]
    assert row.zone_class == want, row.class_reason
    assert (row.contested_score >= 0.5) == (want == d.Z_CONTESTED)


@pytest.mark.parametrize(
    "n_a, n_b, want",
    [(36, 4, d.Z_PARALLEL), (37, 4, d.Z_A_ONLY), (4, 36, d.Z_PARALLEL), (4, 37, d.Z_B_ONLY)],
)
def test_min_share_boundary(n_a, n_b, want):
    # 4 of 40 is exactly 10 % (both present); 4 of 41 is 9.8 % (one group)
    sides, xs, dates = mixed(n_a, n_b)
    row = run_core(sides, xs, [0] * len(sides), dates=dates, params=scoring.ScoreParams()).iloc[0]
    assert row.zone_class == want, row.class_reason


@pytest.mark.parametrize("n, want", [(4, d.Z_LOW_DATA), (5, d.Z_A_ONLY)])
def test_min_events_boundary(n, want):
    row = run_core(["a"] * n, range(n), [0] * n, params=scoring.ScoreParams()).iloc[0]
    assert row.zone_class == want
    assert row.class_reason == ("4 events, fewer than 5" if n == 4 else "no event of ISGS")


def test_parallel_needs_own_events_of_both_in_two_common_months():
    params = scoring.ScoreParams(permutations=0)
    # 30 A events Jan-Jun, 10 B events Jul-Dec: both present, enough events, no month
    # with both: not shown to operate in parallel.
    sides = ["a"] * 30 + ["b"] * 10
    dates = [f"2020-{1 + i % 6:02d}-10" for i in range(30)] + [
        f"2020-{7 + i % 6:02d}-10" for i in range(10)
    ]
    row = run_core(sides, range(40), [0] * 40, dates=dates, params=params).iloc[0]
    assert row.zone_class == d.Z_UNDETERMINED
    assert "own events of both in only 0 months" in row.class_reason
    # One month in common (June) is still not enough in a year...
    dates[-1] = "2020-06-20"
    row = run_core(sides, range(40), [0] * 40, dates=dates, params=params).iloc[0]
    assert row.zone_class == d.Z_UNDETERMINED and "only 1 month " in row.class_reason
    # ...two are.
    dates[-2] = "2020-05-20"
    row = run_core(sides, range(40), [0] * 40, dates=dates, params=params).iloc[0]
    assert row.zone_class == d.Z_PARALLEL and row.months_both == 2
    # In a window of one month, the same month is enough.
    june = [f"2020-06-{1 + i % 28:02d}" for i in range(40)]
    row = run_core(sides, range(40), [0] * 40, dates=june, params=params, kind=d.WINDOW_MONTH)
    assert row.iloc[0].zone_class == d.Z_PARALLEL


def test_clash_months_do_not_make_common_months():
    # A and B each active alone in different months; a clash month is not co-presence
    # through own events (but months_both, as before, counts it).
    params = scoring.ScoreParams(permutations=0)
    sides = ["a"] * 36 + ["b"] * 8 + ["clash"]
    dates = [f"2020-{1 + i % 6:02d}-10" for i in range(36)] + [
        f"2020-{7 + i % 6:02d}-10" for i in range(8)
    ] + ["2020-03-03"]  # fmt: skip
    row = run_core(sides, range(45), [0] * 45, dates=dates, params=params).iloc[0]
    assert row.months_both == 1 and row.zone_class == d.Z_UNDETERMINED


def test_partitioned_against_parallel_by_the_within_zone_test():
    # 40 events each side, no clash, same months. Apart: A west, B east of the zone's
    # middle. Intermixed: alternating. Only the within-zone test tells them apart.
    params = scoring.ScoreParams(permutations=99, seed=3)
    rng = np.random.default_rng(0)
    xs_apart = np.r_[rng.uniform(0, 10, 40), rng.uniform(12, 22, 40)]
    ys = rng.uniform(0, 10, 80)
    sides = ["a"] * 40 + ["b"] * 40
    dates = months(80)
    apart = run_core(sides, xs_apart, [0] * 80, dates=dates, params=params, ys_km=ys).iloc[0]
    assert apart.zone_class == d.Z_PARTITIONED, apart.class_reason
    assert apart.wclq_ab < 0.3 and apart.p_wab == pytest.approx(0.02)
    assert apart.p_wba == pytest.approx(0.02) and apart.parallel_score == 0.0
    assert apart.class_reason.startswith("each group on its own ground inside the zone")
    perm = rng.permutation(80)
    mixed_ = run_core(
        sides, xs_apart[perm], [0] * 80, dates=dates, params=params, ys_km=ys[perm]
    ).iloc[0]
    assert mixed_.zone_class == d.Z_PARALLEL and mixed_.p_wab > 0.05
    # The parallel reason gives the within-zone result it rests on, numbers and words.
    assert mixed_.class_reason.endswith(
        f"; within-zone co-location {mixed_.wclq_ab:.2f} (p {mixed_.p_wab:.2f}) and "
        f"{mixed_.wclq_ba:.2f} (p {mixed_.p_wba:.2f}): neither intermixed nor apart beyond "
        "chance inside the zone"
    ), mixed_.class_reason


def test_class_rules_partitioned_needs_both_directions_below_one():
    base = {
        "n_a": np.array([30] * 4), "n_b": np.array([30] * 4), "n_clash": np.zeros(4, int),
        "own_a": np.array([30] * 4), "own_b": np.array([30] * 4),
        "months_common": np.array([6] * 4), "months_needed": 2, "coverage": np.ones(4),
        "p_wab": np.array([0.04, 0.04, 0.06, 0.04]), "p_wba": np.array([0.04, 0.06, 0.04, 0.04]),
        "wclq_ab": np.array([0.5, 0.5, 0.5, 1.3]), "wclq_ba": np.array([0.5, 0.5, 0.5, 0.5]),
    }  # fmt: skip
    got = scoring.classify(scoring.Evidence(**base), scoring.ScoreParams())
    assert got.tolist() == [d.Z_PARTITIONED, d.Z_PARALLEL, d.Z_PARALLEL, d.Z_PARALLEL]
    names = [
        name for name, _, _ in scoring.class_rules(scoring.Evidence(**base), scoring.ScoreParams())
    ]
    assert names == [c for c in d.ZONE_CLASSES if c != d.Z_B_ONLY]  # one ordered list
    # The parallel zones' reasons say what the within-zone test found, direction by
    # direction (A's events and their B neighbours first).
    reasons = scoring.class_reasons(
        got, scoring.Evidence(**base), scoring.ScoreParams(), ("JNIM", "ISGS"),
        np.zeros(4, int), np.ones(4, bool),
    )  # fmt: skip
    within = [r.split("; ", 1)[1].split("share); ", 1)[1] for r in reasons[1:]]
    lean = "lean the same way, not significantly (partitioned needs both directions apart)"
    mix = "events nearby than the zone's mix predicts"
    head = "within-zone co-location"
    first = f"{head} 0.50 (p 0.04) and 0.50 (p 0.06): JNIM's events have fewer ISGS {mix}"
    second = f"{head} 0.50 (p 0.06) and 0.50 (p 0.04): ISGS's events have fewer JNIM {mix}"
    both = f"{head} 1.30 (p 0.04) and 0.50 (p 0.04): JNIM's events have more ISGS {mix}"
    assert within == [
        f"{first}; ISGS's {lean}",
        f"{second}; JNIM's {lean}",
        f"{both}; ISGS's events have fewer JNIM {mix}",
    ]


def test_coverage_no_data_partial_and_unknown():
    # Zone 0 uncovered and empty, zone 1 half covered and empty, zone 2 half covered with
    # events, zone 3 uncovered but holding events (classed by them, not hidden).
    sides, xs, dates = mixed(20, 20)
    zone = [2] * 40
    sides += ["a"] * 6
    xs += list(range(100, 106))
    dates += months(6)
    zone += [3] * 6
    cov = np.array([[0.0, 0.5, 0.5, 0.0]])
    out = run_core(sides, xs, zone, 4, dates=dates, coverage=cov, params=scoring.ScoreParams())
    # zone 3: six JNIM events where the source does not look say nothing of ISGS there
    assert out.zone_class.tolist() == [d.Z_NO_DATA, d.Z_INACTIVE, d.Z_PARALLEL, d.Z_NO_DATA]
    assert out.coverage.tolist() == [0.0, 0.5, 0.5, 0.0]
    assert out.class_reason[0] == "the source does not cover this zone in this window"
    assert out.class_reason[1].endswith(
        "the source covers 50 % of this zone (share of its area covered × share of the "
        "window's days)"
    )
    assert out.class_reason[3] == (
        "6 JNIM events; the source does not cover this zone in this window"
    )
    unknown = run_core(sides, xs, zone, 4, dates=dates, params=scoring.ScoreParams())
    assert unknown.zone_class[0] == d.Z_INACTIVE and unknown.coverage.isna().all()


def test_ambiguous_events_that_flip_a_class():
    # 36 JNIM, 3 ISGS (7.7 %: JNIM only) and 8 "JNIM and/or ISGS". Counted for B:
    # 11 of 47 (23 %), enough events, intermixed: parallel. Counted for A: JNIM only.
    sides, xs, dates = mixed(36, 3, n_amb=8)
    out = run_core(sides, xs, [0] * len(sides), dates=dates, params=scoring.ScoreParams())
    row = out.iloc[0]
    assert row.zone_class == d.Z_A_ONLY and row.events_ambiguous == 8
    assert row.class_if_ambiguous_a == d.Z_A_ONLY
    assert row.class_if_ambiguous_b == d.Z_PARALLEL
    assert row.class_stable == 0
    assert row.class_reason.endswith("; 8 ambiguous events could change the class")
    # 37 JNIM, 3 ISGS and one ambiguous event: counted for B, 4 of 41 (9.8 %): still JNIM only.
    sides, xs, dates = mixed(37, 3, n_amb=1)
    row = run_core(sides, xs, [0] * len(sides), dates=dates, params=scoring.ScoreParams()).iloc[0]
    assert row.class_stable == 1 and row.class_if_ambiguous_b == d.Z_A_ONLY


def test_an_event_spanning_two_months_counts_once_in_a_monthly_window():
    ev, x = frame(["a", "b"], [0, 1], ["2019-12-20", "2020-01-10"])
    ev.loc[0, d.F_DATE_END] = pd.Timestamp("2020-01-03")  # a GED event over New Year
    wins = windows.make_windows("2019-12-01", "2020-01-31", d.WINDOW_MONTH)
    params = scoring.ScoreParams(permutations=0, min_events=1)
    out = scoring.score_zones(ev, x, np.zeros(2), np.zeros(2, int), 1, wins, ("A", "B"), params)
    jan = out.iloc[1]
    assert (jan.events_a, jan.events_b) == (1, 1)
    assert (jan.months_a, jan.months_b, jan.months_both) == (1, 1, 1)
    assert jan.copresence == pytest.approx(1.0)


def test_months_of_co_presence_turnover_and_transitions_across_years():
    dates = ["2019-01-05", "2019-01-20", "2019-02-03", "2020-03-01", "2020-03-02", "2020-04-01"]
    sides = ["a", "b", "a", "b", "b", "a"]
    out = run_core(sides, [0, 1, 2, 3, 4, 5], [0] * 6, dates=dates, kind=d.WINDOW_YEAR)
    y19, y20 = out.iloc[0], out.iloc[1]
    assert (y19.months_a, y19.months_b, y19.months_both) == (2, 1, 1)
    assert y19.copresence == pytest.approx(0.5)
    assert y19.dominance > 0 and y20.dominance < 0
    assert (y19.turnover, y20.turnover) == (0, 1)


def test_previous_class_and_transition():
    # A zone parallel in 2019 and contested in 2020; another JNIM-only both years.
    s19, x19, d19 = mixed(20, 20, year=2019)
    s20, x20, d20 = mixed(20, 20, n_clash=4, year=2020)
    sides = s19 + s20 + ["a"] * 10
    xs = x19 + x20 + list(range(200, 210))
    dates = d19 + d20 + months(5, 2019) + months(5, 2020)
    zone = [0] * (len(s19) + len(s20)) + [1] * 10
    out = run_core(
        sides, xs, zone, 2, dates=dates, kind=d.WINDOW_YEAR, params=scoring.ScoreParams()
    )
    assert out.zone_class.tolist() == [d.Z_PARALLEL, d.Z_A_ONLY, d.Z_CONTESTED, d.Z_A_ONLY]
    assert out.previous_class.tolist() == [None, None, d.Z_PARALLEL, d.Z_A_ONLY]
    assert out.transition.tolist() == [None, None, "parallel→contested", None]


def test_geo_precision_3_events_are_left_out_of_the_colocation_tests_only():
    # Intermixed groups, plus 10 B events stacked on a region's centroid among the A's.
    sides, xs, dates = mixed(20, 20)
    sides += ["b"] * 10
    xs += [3.0] * 10
    dates += months(10)
    geo = [1] * 40 + [3] * 10
    on = run_core(sides, xs, [0] * 50, dates=dates, geo=geo, params=scoring.ScoreParams(seed=2))
    off = run_core(
        sides, xs, [0] * 50, dates=dates, geo=geo,
        params=scoring.ScoreParams(seed=2, exclude_geo_prec3=False),
    )  # fmt: skip
    base = run_core(
        sides[:40], xs[:40], [0] * 40, dates=dates[:40], params=scoring.ScoreParams(seed=2)
    )
    assert on.events_b[0] == off.events_b[0] == 30  # still counted
    assert on.wclq_ab[0] == pytest.approx(base.wclq_ab[0])  # the tests ignore them
    assert off.wclq_ab[0] != pytest.approx(base.wclq_ab[0])


def test_classes_inactive_low_data_and_one_group():
    """Zone 3 holds 3 "JNIM and/or ISGS" events and nothing attributed: not inactive like
    the empty zone 2, and too few (under MIN_EVENTS) for unattributed ("Only uncertain
    attributions"): low_data, its reason counting the ambiguous events."""
    sides = ["a"] * 6 + ["b"] * 2 + ["a"] + ["ambiguous"] * 3
    zone = [0] * 6 + [1] * 2 + [-1] + [3] * 3
    params = scoring.ScoreParams(permutations=9)
    out = run_core(sides, np.arange(12), zone, n_zones=4, params=params)
    assert out.zone_class.tolist() == [
        d.Z_A_ONLY, d.Z_LOW_DATA, d.Z_INACTIVE, d.Z_LOW_DATA
    ]  # fmt: skip
    assert out.zone_label.tolist() == [
        "JNIM only", "Too few events", "No attributed activity", "Too few events"
    ]  # fmt: skip
    assert out.events_ambiguous.tolist() == [0, 0, 0, 3]
    assert out.class_reason[2] == "no event of JNIM or ISGS"
    assert out.class_reason[3] == (
        "3 events, all 'JNIM and/or ISGS' (fewer than 5: too few to read as only uncertain "
        "attributions)"
    ), out.class_reason[3]


def test_shuffled_rows_give_identical_scores():
    rng = np.random.default_rng(12)
    n = 600
    sides = rng.choice(["a", "b", "clash", "ambiguous"], n, p=[0.5, 0.35, 0.05, 0.1]).tolist()
    xs = np.round(rng.uniform(0, 60, n) / 3) * 3  # villages: many shared coordinates
    ys = np.round(rng.uniform(0, 60, n) / 3) * 3
    zone = (xs // 20).astype(int) * 3 + (ys // 20).astype(int)
    zone = np.minimum(zone, 8)
    dates = [f"20{19 + i % 2}-{1 + i % 12:02d}-{1 + i % 27:02d}" for i in range(n)]
    geo = rng.choice([1, 2, 3], n, p=[0.5, 0.4, 0.1])
    params = scoring.ScoreParams(permutations=49)
    base = run_core(
        sides, xs, zone, 9, dates=dates, ys_km=ys, geo=geo, params=params, kind=d.WINDOW_YEAR
    )
    perm = rng.permutation(n)
    again = run_core(
        [sides[i] for i in perm], xs[perm], zone[perm], 9, dates=[dates[i] for i in perm],
        ys_km=ys[perm], geo=geo[perm], params=params, kind=d.WINDOW_YEAR,
    )  # fmt: skip
    pd.testing.assert_frame_equal(base, again, check_exact=False, rtol=1e-12)
    assert (base.zone_class != d.Z_INACTIVE).sum() >= 10


sides_st = st.lists(st.sampled_from(["a", "b", "clash", "ambiguous"]), min_size=2, max_size=60)


@settings(max_examples=40, deadline=None)
@given(sides=sides_st, seed=st.integers(0, 10), data=st.data())
def test_properties_swap_remove_clashes_one_group_scores(sides, seed, data):
    n = len(sides)
    xs = data.draw(st.lists(st.integers(0, 40), min_size=n, max_size=n))
    zone = data.draw(st.lists(st.integers(-1, 2), min_size=n, max_size=n))
    params = scoring.ScoreParams(permutations=9, seed=seed, min_events=1)
    base = run_core(sides, xs, zone, n_zones=3, params=params)
    # Swapping the groups swaps a_only/b_only and the directional measures.
    swap = {"a": "b", "b": "a"}
    swapped = run_core([swap.get(s, s) for s in sides], xs, zone, n_zones=3, params=params)
    mirror = {d.Z_A_ONLY: d.Z_B_ONLY, d.Z_B_ONLY: d.Z_A_ONLY}
    assert swapped.zone_class.tolist() == [mirror.get(c, c) for c in base.zone_class]
    assert swapped.class_if_ambiguous_a.tolist() == [
        mirror.get(c, c) for c in base.class_if_ambiguous_b
    ]
    assert swapped.events_a.tolist() == base.events_b.tolist()
    # (the within-zone kernel weights are single precision: equal to ~1e-7)
    np.testing.assert_allclose(swapped.wclq_ab, base.wclq_ba, rtol=1e-6, equal_nan=True)
    # The theatre test takes 8 of a larger stack's events as neighbours in an order of the
    # events' own attributes (side included, so that it is free of row order): with more
    # than 9 events on one point its quotients are mirrored only on average.
    if max(xs.count(v) for v in set(xs)) <= 9:
        np.testing.assert_allclose(swapped.lclq_ab, base.lclq_ba, equal_nan=True)
    np.testing.assert_allclose(swapped.clq_ab_global, base.clq_ba_global, equal_nan=True)
    # Same seed, same answer.
    again = run_core(sides, xs, zone, n_zones=3, params=params)
    pd.testing.assert_frame_equal(base, again)
    # Scores never contradict the class.
    assert ((base.contested_score >= 0.5) == (base.zone_class == d.Z_CONTESTED)).all()
    assert ((base.parallel_score > 0) == (base.zone_class == d.Z_PARALLEL)).all()
    assert ((base.clash_share_lo <= base.clash_share) | base.clash_share_lo.isna()).all()
    assert ((base.clash_share <= base.clash_share_hi) | base.clash_share_hi.isna()).all()
    assert (base.class_stable == (
        (base.zone_class == base.class_if_ambiguous_a) & (base.zone_class == base.class_if_ambiguous_b)
    )).all()  # fmt: skip
    # Without clash events no zone is contested.
    keep = [i for i, s in enumerate(sides) if s != "clash"]
    if len(keep) >= 2:
        no_clash = run_core(
            [sides[i] for i in keep],
            [xs[i] for i in keep],
            [zone[i] for i in keep],
            3,
            params=params,
        )
        assert d.Z_CONTESTED not in set(no_clash.zone_class)
    # A zone with events of one group only is never parallel, partitioned or contested.
    one = base[(base.events_a == 0) | (base.events_b == 0)]
    assert not set(one.zone_class) & {d.Z_PARALLEL, d.Z_PARTITIONED}
    assert not set(one[one.events_clash == 0].zone_class) & {d.Z_CONTESTED}


# --- the algorithm in QGIS on the synthetic sample ----------------------------------------


@pytest.fixture(scope="module")
def sample_incidents(plugin, tmp_path_factory):
    import processing

    out = tmp_path_factory.mktemp("sample") / "incidents.gpkg"
    processing.run("saheloverlap:importincidents", {"INPUT": str(d.SAMPLE_CSV), "OUTPUT": str(out)})
    return str(out)


@pytest.fixture(scope="module")
def planted_by_year(sample_incidents):
    """The bundled sample scored on its planted zones, year by year (a memory layer)."""
    import processing

    result = processing.run(
        "saheloverlap:scorezones",
        {
            "INCIDENTS": sample_incidents,
            "ZONES": str(d.SAMPLE_ZONES),
            "WINDOW": 1,
            "OUTPUT": "memory:",
        },
    )
    return result["OUTPUT"]


def features(layer) -> pd.DataFrame:
    names = layer.fields().names()
    rows = [dict(zip(names, f.attributes())) for f in layer.getFeatures()]
    out = pd.DataFrame(rows)
    fields = [(n, k) for n, k in scoring.SCORE_FIELDS if n in out]  # (THEATRE_CLQ: optional)
    for name, kind in fields:
        if kind == "str":  # NULL comes back as a QVariant, not None
            out[name] = out[name].map(lambda v: v if isinstance(v, str) else None)
    for col in ("window_start", "window_end"):
        out[col] = pd.to_datetime([v.toString("yyyy-MM-dd") for v in out[col]])
    for name, kind in fields:
        if kind in ("int", "float"):
            # NULL comes back as a QVariant, not None
            out[name] = pd.to_numeric(
                out[name].map(lambda v: v if isinstance(v, (int, float)) else None)
            )
    return out


def test_planted_zones_are_classified_as_planted_by_year(planted_by_year, sample_incidents):
    got = features(planted_by_year)
    got["year"] = got.window_start.dt.year
    labels = pd.read_csv(d.SAMPLE_LABELS)
    merged = labels.merge(got, on=["zone_id", "year"], how="left")
    # 34 zones x 6 years, every one as planted (the sample is built to sit clear of the
    # thresholds; a zone that drifts is a regression, not noise).
    assert len(labels) == 204 and merged.zone_class.notna().all()
    # An absence planted where the source covers under MIN_COVERAGE (Niger's half-covered
    # 2022: 181 of 365 days) is not claimed: no_data.
    unseen = merged.planted_class.isin(d.ABSENCE_CLASSES) & (merged.coverage < 0.5)
    assert set(merged.loc[unseen, "year"]) == {2022}
    want = merged.planted_class.where(~unseen, d.Z_NO_DATA)
    wrong = merged.loc[want != merged.zone_class]
    assert wrong.empty, wrong[["zone_id", "year", "planted_class", "zone_class", "class_reason"]]
    # Every planted class shows up; skirmish and unattributed are planted in the core tests
    # (test_clash_evidence_is_never_hidden, test_ambiguous_only_zone_is_unattributed).
    assert set(labels.planted_class) == set(d.ZONE_CLASSES) - {d.Z_SKIRMISH, d.Z_UNATTRIBUTED}
    cls = got.set_index(["zone_id", "year"])
    for year in range(2017, 2023):
        assert cls.loc[("Z30", year), "zone_class"] == d.Z_PARTITIONED  # apart inside the zone
        assert cls.loc[("Z30", year), "p_wab"] < 0.05 and cls.loc[("Z30", year), "wclq_ab"] < 1
        assert cls.loc[("Z31", year), "zone_class"] == d.Z_UNDETERMINED  # too few to tell
        assert "clash share cannot be ruled out" in cls.loc[("Z31", year), "class_reason"]
        assert cls.loc[("Z32", year), "zone_class"] == d.Z_NO_DATA  # Mauritania: not covered
        assert cls.loc[("Z32", year), "coverage"] == 0.0
        # JNIM with a few ISGS events and many ambiguous ones: unstable
        assert cls.loc[("Z33", year), "zone_class"] == d.Z_A_ONLY
        assert cls.loc[("Z33", year), "class_stable"] == 0
        assert cls.loc[("Z33", year), "class_if_ambiguous_b"] != d.Z_A_ONLY
    # Joint operations (issue 17): Tarkint cooperative in 2018-2019; contested in 2020 with
    # its 2 joint operations reported; its 2017 same-side "JNIM or ISGS" events, and
    # Hombori's every year, stay ambiguous (read as joint, they would make it cooperative).
    tarkint = got[got.zone_id == "Z34"].set_index("year")
    assert tarkint.zone_class.tolist() == [
        d.Z_PARALLEL,
        *[d.Z_COOPERATIVE] * 2,
        *[d.Z_CONTESTED] * 3,
    ]
    assert tarkint.events_joint.tolist() == [0, 6, 5, 2, 0, 0]
    assert (tarkint.loc[2018, "transition"], tarkint.loc[2020, "transition"]) == (
        "parallel→cooperative", "cooperative→contested"
    )  # fmt: skip
    assert tarkint.loc[2018, "class_reason"].startswith("6 joint operations of JNIM and ISGS in")
    assert "; 2 joint operations of the two groups" in tarkint.loc[2020, "class_reason"]
    assert tarkint.loc[2017, "events_ambiguous"] >= 3
    hombori = got[got.zone_id == "Z14"]
    assert (hombori.zone_class == d.Z_PARALLEL).all() and (hombori.events_joint == 0).all()
    assert (hombori.events_ambiguous >= 2).all()
    # Niger's export ends on 30 June 2022: its zones are half covered that year.
    niger = got[(got.zone_id == "Z27")].set_index("year")
    assert niger.loc[2022, "coverage"] == pytest.approx(181 / 365)
    # (181 of 365 days is under MIN_COVERAGE: no event there is no evidence of inactivity)
    assert niger.loc[2022, "zone_class"] == d.Z_NO_DATA
    assert niger.loc[2022, "class_reason"] == (
        "the source covers 50 % of this zone (share of its area covered × share of the "
        "window's days), below the 50 % needed to read an absence"
    )
    assert niger.loc[2021, "coverage"] == 1.0
    # Torodi (Niger, parallel 2020-2022) has events in its half-covered 2022: its counts
    # are those of the incidents inside its polygon in January-June (the export ends
    # there, no event after it), and its common months are those six at most.
    torodi = got[(got.zone_id == "Z25") & (got.year == 2022)].iloc[0]
    polygon = next(
        f.geometry()
        for f in QgsVectorLayer(str(d.SAMPLE_ZONES)).getFeatures()
        if f["zone_id"] == "Z25"
    )
    inside = [
        (f[d.F_SIDE], f[d.F_DATE].toString("yyyy-MM-dd"))
        for f in QgsVectorLayer(sample_incidents).getFeatures()
        if polygon.contains(f.geometry())
    ]
    inside = [(side, day) for side, day in inside if day.startswith("2022")]
    assert inside and max(day for _, day in inside) <= "2022-06-30"
    sides = pd.Series([side for side, _ in inside]).value_counts()
    assert torodi.events_a == sides.get("a", 0) + sides.get("clash", 0) + sides.get("joint", 0)
    assert torodi.events_b == sides.get("b", 0) + sides.get("clash", 0) + sides.get("joint", 0)
    assert torodi.events_ambiguous == sides.get("ambiguous", 0)
    assert (torodi.events_a, torodi.events_b, torodi.events_ambiguous) == (22, 18, 3)
    own_months = [
        {day[:7] for side, day in inside if side == s} for s in ("a", "b")
    ]  # fmt: skip
    assert torodi.months_both == len(own_months[0] & own_months[1]) == 6
    assert torodi.coverage == pytest.approx(181 / 365) and torodi.zone_class == d.Z_PARALLEL
    assert torodi.class_reason.startswith("both active in 6 common months; 0 clashes in 40")
    assert torodi.class_reason.endswith(
        "the source covers 50 % of this zone (share of its area covered × share of the "
        "window's days); 3 ambiguous events (JNIM and/or ISGS), the class the same when they "
        "are counted for either group"
    )
    # The planted switch: zones parallel in 2019 are contested from 2020.
    switch = labels[(labels.year == 2019) & (labels.planted_class == "parallel")].merge(
        labels[(labels.year == 2020) & (labels.planted_class == "contested")], on="zone_id"
    )
    assert len(switch) >= 4
    for zid in switch.zone_id:
        rows = got[got.zone_id == zid].set_index("year")
        assert rows.loc[2019, "zone_class"] == d.Z_PARALLEL
        assert rows.loc[2020, "zone_class"] == d.Z_CONTESTED
        assert rows.loc[2020, "transition"] == "parallel→contested"
        assert rows.loc[2020, "previous_class"] == d.Z_PARALLEL
        assert rows.loc[2019, "events_clash"] == 0 and rows.loc[2020, "events_clash"] >= 2
    # Zone attributes are carried unchanged; windows are whole calendar years.
    assert set(got.zone_name) == {
        f["zone_name"] for f in QgsVectorLayer(str(d.SAMPLE_ZONES)).getFeatures()
    }
    assert (got.window_end - got.window_start).dt.days.isin([364, 365]).all()
    assert set(got.group_a) == {"JNIM"} and set(got.group_b) == {"ISGS"}
    assert set(got.source_ds) == {d.SOURCE_SYNTHETIC}


def test_events_outside_every_zone_are_counted(plugin, sample_incidents):
    import processing
    from qgis.core import QgsFeatureRequest, QgsSpatialIndex

    result = processing.run(
        "saheloverlap:scorezones",
        {"INCIDENTS": sample_incidents, "ZONES": str(d.SAMPLE_ZONES), "OUTPUT": "memory:"},
    )
    # Independently: incidents of the groups (ambiguous included) in no planted polygon.
    zones = QgsVectorLayer(str(d.SAMPLE_ZONES))
    index = QgsSpatialIndex(zones.getFeatures())
    geoms = {f.id(): f.geometry() for f in zones.getFeatures()}
    outside = 0
    request = QgsFeatureRequest().setFilterExpression("side <> 'other'")
    for feat in QgsVectorLayer(sample_incidents).getFeatures(request):
        pt = feat.geometry()
        hits = index.intersects(pt.boundingBox())
        outside += not any(geoms[i].intersects(pt) for i in hits)
    assert outside > 1000 and result["EVENTS_OUTSIDE"] == outside


def test_hexagons_cover_every_event_and_output_is_time_aware(plugin, sample_incidents, tmp_path):
    import processing

    out = tmp_path / "hex.gpkg"
    result = processing.run(
        "saheloverlap:scorezones",
        {"INCIDENTS": sample_incidents, "CELL_SIZE_KM": 50, "OUTPUT": str(out), "PERMUTATIONS": 19},
    )
    got = features(QgsVectorLayer(result["OUTPUT"]))
    layer = QgsVectorLayer(sample_incidents)
    sides = [f[d.F_SIDE] for f in layer.getFeatures()]
    both = sides.count("clash") + sides.count("joint")  # activity of both groups
    assert got.events_a.sum() == sides.count("a") + both
    assert got.events_b.sum() == sides.count("b") + both
    assert got.events_clash.sum() == sides.count("clash")
    assert got.events_joint.sum() == sides.count("joint") > 0
    assert got.zone_id.is_unique and got.zone_id.str.match(r"^AF\d+km_-?\d+_-?\d+$").all()
    # About 2165 km² per 50 km hexagon: check one polygon's area on the ellipsoid.
    from qgis.core import QgsDistanceArea

    da = QgsDistanceArea()
    da.setEllipsoid("WGS84")
    da.setSourceCrs(
        QgsCoordinateReferenceSystem("EPSG:4326"), QgsProject.instance().transformContext()
    )
    geom = next(QgsVectorLayer(result["OUTPUT"]).getFeatures()).geometry()
    assert da.measureArea(geom) / 1e6 == pytest.approx(np.sqrt(3) / 2 * 50**2, rel=0.02)


def test_seed_reproducible_and_permutations_change_p(plugin, sample_incidents):
    import processing

    def run(seed):
        r = processing.run(
            "saheloverlap:scorezones",
            {
                "INCIDENTS": sample_incidents,
                "ZONES": str(d.SAMPLE_ZONES),
                "SEED": seed,
                "OUTPUT": "memory:",
            },
        )
        return features(r["OUTPUT"]).sort_values("zone_id").reset_index(drop=True)

    a, b, c = run(7), run(7), run(8)
    pd.testing.assert_frame_equal(a, b)
    assert not np.allclose(a.p_wab.fillna(-1), c.p_wab.fillna(-1))


def test_zones_in_another_crs_and_invalid_geometry(plugin, sample_incidents):
    import processing

    src = QgsVectorLayer(str(d.SAMPLE_ZONES), "z", "ogr")
    merc = QgsVectorLayer("MultiPolygon?crs=EPSG:3857&field=zone_id:string", "merc", "memory")
    xform = QgsCoordinateTransform(src.crs(), merc.crs(), QgsProject.instance())
    feats = []
    for f in src.getFeatures():
        g = QgsGeometry(f.geometry())
        g.transform(xform)
        nf = QgsFeature(merc.fields())
        nf.setAttributes([f["zone_id"]])
        nf.setGeometry(g)
        feats.append(nf)
    # A self-intersecting "bow tie" far from any event: repaired.
    bow = QgsFeature(merc.fields())
    bow.setAttributes(["BOWTIE"])
    bow.setGeometry(
        QgsGeometry.fromPolygonXY(
            [[QgsPointXY(x, y) for x, y in [(0, 0), (1e4, 1e4), (1e4, 0), (0, 1e4), (0, 0)]]]
        )
    )
    feats.append(bow)
    merc.dataProvider().addFeatures(feats)
    r_merc = processing.run(
        "saheloverlap:scorezones",
        {"INCIDENTS": sample_incidents, "ZONES": merc, "OUTPUT": "memory:"},
    )
    r_wgs = processing.run(
        "saheloverlap:scorezones",
        {"INCIDENTS": sample_incidents, "ZONES": src, "OUTPUT": "memory:"},
    )
    a = features(r_merc["OUTPUT"]).set_index("zone_id")
    b = features(r_wgs["OUTPUT"]).set_index("zone_id")
    assert r_merc["OUTPUT"].crs().authid() == "EPSG:3857"
    # Edges are straight in different CRSs, so a few border events may differ.
    common = b.index
    assert (a.loc[common, "events_a"] - b.loc[common, "events_a"]).abs().max() <= 3
    assert (a.loc[common, "zone_class"] == b.loc[common, "zone_class"]).mean() >= 0.95
    # Repaired; at sea off (0, 0), in no country the source covers: no data, not "inactive"
    assert a.loc["BOWTIE", "zone_class"] == d.Z_NO_DATA and a.loc["BOWTIE", "coverage"] == 0


def test_window_without_events_and_empty_range(plugin, sample_incidents):
    import processing
    from qgis.PyQt.QtCore import QDate

    r = processing.run(
        "saheloverlap:scorezones",
        {
            "INCIDENTS": sample_incidents,
            "ZONES": str(d.SAMPLE_ZONES),
            "START": QDate(2016, 1, 1),
            "END": QDate(2017, 12, 31),
            "WINDOW": 1,
            "OUTPUT": "memory:",
        },
    )
    got = features(r["OUTPUT"])
    # Windows are clipped to START..END
    assert got.window_start.min() == pd.Timestamp("2016-01-01")
    assert got.window_end.max() == pd.Timestamp("2017-12-31")
    y2016 = got[got.window_start.dt.year == 2016]
    assert len(y2016) == len(pd.read_csv(d.SAMPLE_LABELS).zone_id.unique()) == 34
    # 2016 lies before the export's first day: nothing is covered, nothing is inactive
    assert (y2016.zone_class == d.Z_NO_DATA).all() and (y2016.coverage == 0).all()
    with pytest.raises(QgsProcessingException, match=r"END \(2017-01-01\) is before START"):
        processing.run(
            "saheloverlap:scorezones",
            {
                "INCIDENTS": sample_incidents,
                "START": QDate(2018, 1, 1),
                "END": QDate(2017, 1, 1),
                "OUTPUT": "memory:",
            },
        )
    with pytest.raises(QgsProcessingException, match="no event of either group"):
        processing.run(
            "saheloverlap:scorezones",
            {
                "INCIDENTS": sample_incidents,
                "START": QDate(2010, 1, 1),
                "END": QDate(2010, 12, 31),
                "OUTPUT": "memory:",
            },
        )


def test_incidents_without_standard_fields_are_refused(plugin):
    import processing

    layer = QgsVectorLayer(
        "Point?crs=EPSG:4326&field=event_date:date&field=who:string", "x", "memory"
    )
    f = QgsFeature(layer.fields())
    f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(0, 14)))
    layer.dataProvider().addFeatures([f])
    with pytest.raises(
        QgsProcessingException, match="missing fields event_id, side, actor_grp, clash, fatalities"
    ):
        processing.run("saheloverlap:scorezones", {"INCIDENTS": layer, "OUTPUT": "memory:"})


def test_model_runs_headless(plugin, tmp_path):
    import processing
    from osgeo import gdal

    out = tmp_path / "model_zones.gpkg"
    result = processing.run(
        MODEL_ID,
        {
            "incidents_file": str(d.SAMPLE_CSV),
            "window": 1,
            "import_incidents:incidents": "TEMPORARY_OUTPUT",
            "score_zones:zones": str(out),
            "overlap_heatmap:heatmap": str(tmp_path / "heat.tif"),
            "export_map:map": str(tmp_path / "map.pdf"),
        },
    )
    children = result["CHILD_RESULTS"]
    assert children["import_incidents"]["CLASHES"] == 152
    assert children["import_incidents"]["JOINT"] == 13  # Tarkint's planted joint operations
    layer = QgsVectorLayer(str(out))
    zones = {f["zone_id"] for f in layer.getFeatures()}
    # adaptive hexagons (the default): the same zones in each of the 6 years
    assert "zone_hexagons" in layer.fields().names()
    assert len(zones) > 100 and layer.featureCount() == len(zones) * 6
    # adaptive zones: contests show (clashes are direct evidence); a few thin places
    # stay low_data or undetermined.
    classes = {f["zone_class"] for f in layer.getFeatures()}
    assert {d.Z_CONTESTED, d.Z_LOW_DATA, d.Z_UNDETERMINED} <= classes
    # The import's coverage record travelled through the model's temporary (memory) layer.
    coverage = [f["coverage"] for f in layer.getFeatures()]
    assert all(isinstance(c, float) for c in coverage) and max(coverage) == 1.0
    assert read_metadata(str(out), d.META_PROVENANCE)["coverage"]["source"] == "import metadata"
    raster = gdal.Open(str(tmp_path / "heat.tif"))
    assert raster.RasterCount == 3 and 0 < children["overlap_heatmap"]["OVERLAP_INDEX"] < 1
    assert children["export_map"]["PAGES"] == 6  # one page per year, 2017-2022
    pages = subprocess.run(["pdfinfo", str(tmp_path / "map.pdf")], capture_output=True, text=True)
    assert "Pages:           6" in pages.stdout


def test_qgis_process_scores_zones_and_the_metadata_travels(tmp_path, qgis_process_env):
    env = qgis_process_env
    incidents = tmp_path / "inc.gpkg"
    zones = tmp_path / "zones.gpkg"
    run = subprocess.run(
        [QGIS_PROCESS, "run", "saheloverlap:importincidents", "--", f"INPUT={d.SAMPLE_CSV}", f"OUTPUT={incidents}"],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    run = subprocess.run(
        [QGIS_PROCESS, "run", "saheloverlap:scorezones", "--", f"INCIDENTS={incidents}",
         f"ZONES={d.SAMPLE_ZONES}", "WINDOW=1", f"OUTPUT={zones}"],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    planted = pd.read_csv(d.SAMPLE_LABELS).planted_class.value_counts()
    assert f"ZONES_CONTESTED:\t{planted[d.Z_CONTESTED]}\n" in run.stdout  # 18
    assert f"ZONES_COOPERATIVE:\t{planted[d.Z_COOPERATIVE]}\n" in run.stdout  # 2
    assert "EVENTS_OUTSIDE:\t" in run.stdout and "PROVENANCE:\t{" in run.stdout
    assert QgsVectorLayer(str(zones)).featureCount() == 34 * 6
    # The import's coverage and the scoring's provenance are in the files (GDAL metadata),
    # readable after the process ended, from a copy too.
    copy = tmp_path / "copy.gpkg"
    copy.write_bytes(zones.read_bytes())
    imported = read_metadata(str(incidents), d.META_IMPORT)
    covered = imported["coverage"]["countries"]
    assert set(covered) == {"Mali", "Burkina Faso", "Niger"}  # Mauritania: no row
    assert all("2017-01-01" <= first <= "2017-01-07" for first, _ in covered.values())
    assert covered["Niger"][1] == "2022-06-30"  # the export stops there for Niger
    assert covered["Mali"][1] == covered["Burkina Faso"][1] == "2022-12-31"
    prov = read_metadata(str(copy), d.META_PROVENANCE)
    assert prov["parameters"]["WINDOW"] == "year" and prov["parameters"]["SEED"] == 1
    assert prov["input"]["sha256"] == provenance.file_sha256(incidents)
    assert prov["preset_table"]["sha256"] == provenance.file_sha256(d.PRESETS_FILE)
    assert prov["coverage"]["countries"]["Niger"][1] == "2022-06-30"
    assert prov["version"] == provenance.plugin_version() and prov["grid"] is None
    footer = provenance.footer_line(prov)
    assert "seed 1, 99 permutations · min. events 5, clashes 2, share 0.1" in footer
    assert footer.endswith("..2022-12-31, Niger to 2022-06-30")  # the export's end apart
    assert f"inc.gpkg (sha256 {prov['input']['sha256'][:8]})" in footer


def test_geopackage_zones_into_a_geopackage_write_every_row(plugin, sample_incidents, tmp_path):
    """The regression: regions from a GeoPackage (with their own fid) scored by year into a
    GeoPackage kept only the first window (UNIQUE constraint failed on fid)."""
    import shutil

    import processing
    from qgis.core import QgsApplication

    world = tmp_path / "world_map.gpkg"  # a copy: QGIS's own file is never opened here
    shutil.copy(QgsApplication.pkgDataPath() + "/resources/data/world_map.gpkg", world)
    regions = QgsVectorLayer(f"{world}|layername=states_provinces", "regions", "ogr")
    regions.setSubsetString("adm0_a3 IN ('MLI', 'BFA', 'NER')")
    n_regions = regions.featureCount()
    fids = sorted(f.id() for f in regions.getFeatures())
    out = tmp_path / "scored.gpkg"
    result = processing.run(
        "saheloverlap:scorezones",
        {"INCIDENTS": sample_incidents, "ZONES": regions, "WINDOW": 1, "OUTPUT": str(out)},
    )
    layer = QgsVectorLayer(result["OUTPUT"])
    got = features(layer)
    assert layer.featureCount() == n_regions * 6 == len(got)  # every zone, every year
    assert sorted(set(got.zone_fid)) == fids  # the regions' own ids, kept
    assert (got.groupby("zone_fid").size() == 6).all()
    assert "fid" not in got.columns or got["fid"].is_unique
    # Counts add up: every event of the groups is in one region-year or counted outside.
    inc = QgsVectorLayer(sample_incidents)
    own = sum(1 for f in inc.getFeatures() if f["side"] in ("a", "clash"))
    assert got.events_a.sum() <= own and got.events_a.sum() > 0.9 * own


def test_loader_counts_on_the_sample_match_the_planted_csv(preset):
    events, report = load_file(d.SAMPLE_CSV, preset)
    raw = pd.read_csv(d.SAMPLE_CSV, dtype=str)
    assert report.rows_read == len(raw)
    assert (events[d.F_SOURCE] == d.SOURCE_SYNTHETIC).all()


@pytest.mark.real_data
def test_real_mali_regions_and_hexagons(plugin, real_data, tmp_path):
    """The history written down in docs/methodology.md section 5."""
    import shutil

    import processing
    from qgis.core import QgsApplication

    inc = tmp_path / "mali.gpkg"
    processing.run(
        "saheloverlap:importincidents",
        {"INPUT": str(real_data / "acled_mali_2017_2020_actor_based.csv"), "OUTPUT": str(inc)},
    )
    world = tmp_path / "world_map.gpkg"
    shutil.copy(QgsApplication.pkgDataPath() + "/resources/data/world_map.gpkg", world)
    regions = QgsVectorLayer(f"{world}|layername=states_provinces", "regions", "ogr")
    regions.setSubsetString("adm0_a3 = 'MLI'")
    result = processing.run(
        "saheloverlap:scorezones",
        {"INCIDENTS": str(inc), "ZONES": regions, "WINDOW": 1, "OUTPUT": str(tmp_path / "r.gpkg")},
    )
    got = features(QgsVectorLayer(result["OUTPUT"]))
    got["year"] = got.window_start.dt.year
    assert len(got) == regions.featureCount() * 4  # every region-year written
    cls = got.set_index(["name", "year"]).zone_class
    # 2018: in Timbuktu region both groups active, no clash: parallel. Not intermixed:
    # ISGS's events have about half the JNIM neighbours the region's mix predicts
    # (0.52, p 0.02), JNIM's lean the same way without significance (0.68, p 0.14), so
    # not partitioned either (both directions needed). In Gao (Ménaka included) both
    # are active but each on its own ground: partitioned.
    assert cls["Timbuktu", 2018] == d.Z_PARALLEL and cls["Gao", 2018] == d.Z_PARTITIONED
    timbuktu = got.set_index(["name", "year"]).loc[("Timbuktu", 2018)]
    assert (timbuktu.events_a, timbuktu.events_b, timbuktu.events_clash) == (25, 8, 0)
    assert timbuktu.wclq_ab == pytest.approx(0.68, abs=0.005) and timbuktu.p_wab == 0.14
    assert timbuktu.wclq_ba == pytest.approx(0.52, abs=0.005) and timbuktu.p_wba == 0.02
    assert timbuktu.class_reason.endswith(
        "within-zone co-location 0.68 (p 0.14) and 0.52 (p 0.02): ISGS's events have fewer "
        "JNIM events nearby than the zone's mix predicts; JNIM's lean the same way, not "
        "significantly (partitioned needs both directions apart)"
    ), timbuktu.class_reason
    assert cls["Mopti", 2018] == d.Z_A_ONLY
    for region in ("Gao", "Timbuktu", "Mopti"):
        assert cls[region, 2020] == d.Z_CONTESTED
    assert got[got.year == 2018].events_clash.sum() == 0
    assert got[got.year == 2020].events_clash.sum() == 70  # 70 of the 71 clashes are in 2020
    # 25 km hexagons, 2020: no hexagon with two clashes or more is "too few events"
    # (clashes are direct evidence), and Mali's hexagons are covered all year.
    hexes = processing.run(
        "saheloverlap:scorezones",
        {
            "INCIDENTS": str(inc),
            "WINDOW": 1,
            "CELL_SIZE_KM": 25,
            "OUTPUT": str(tmp_path / "h.gpkg"),
        },
    )
    hx = features(QgsVectorLayer(hexes["OUTPUT"]))
    y20 = hx[hx.window_start.dt.year == 2020]
    assert not ((y20.zone_class == d.Z_LOW_DATA) & (y20.events_clash >= 2)).any()
    assert y20.events_clash.sum() == 70
    assert (
        y20[y20.zone_class == d.Z_LOW_DATA].events_clash.sum()
        <= ((y20.zone_class == d.Z_LOW_DATA) & (y20.events_clash == 1)).sum()
    )
    prov = read_metadata(hexes["OUTPUT"], d.META_PROVENANCE)
    assert prov["grid"]["crs"] == "Africa Albers Equal Area Conic (ESRI:102022)"
    assert prov["grid"]["cell_size_km"] == 25.0 and hx.zone_id.str.startswith("AF25km_").all()


def test_scored_layer_style_names_the_groups_and_follows_time(planted_by_year):
    from sahel_overlap.plugin.provider.alg_score import style_zone_layer

    layer = planted_by_year
    style_zone_layer(layer)
    rules = {r.description(): r for r in layer.renderer().rootRule().children()}
    assert rules[d.Z_A_ONLY].label() == "JNIM only" and rules[d.Z_B_ONLY].label() == "ISGS only"
    assert rules[d.Z_CONTESTED].symbol().color().name() == d.ZONE_COLOURS[d.Z_CONTESTED]
    assert set(rules) == {*d.ZONE_CLASSES, "class_stable"}
    # Unstable zones get the hatch on top of their class colour; stable ones do not.
    from qgis.core import QgsRenderContext

    ctx = QgsRenderContext()
    layer.renderer().startRender(ctx, layer.fields())
    unstable = next(f for f in layer.getFeatures() if f["class_stable"] == 0)
    stable = next(f for f in layer.getFeatures() if f["class_stable"] == 1)
    hatch = rules["class_stable"].symbol()
    assert hatch in layer.renderer().symbolsForFeature(unstable, ctx)
    assert len(layer.renderer().symbolsForFeature(unstable, ctx)) == 2
    assert len(layer.renderer().symbolsForFeature(stable, ctx)) == 1
    layer.renderer().stopRender(ctx)
    assert rules["class_stable"].label() == d.UNSTABLE_LABEL
    props = layer.temporalProperties()
    assert props.isActive() and '"window_start"' in props.startExpression()
    from qgis.core import QgsDateTimeRange
    from qgis.PyQt.QtCore import QDate, QDateTime, QTime

    june_2020 = QgsDateTimeRange(
        QDateTime(QDate(2020, 6, 1), QTime(0, 0)), QDateTime(QDate(2020, 6, 30), QTime(0, 0))
    )
    from qgis.core import QgsFeatureRequest, QgsVectorLayerTemporalContext

    ctx = QgsVectorLayerTemporalContext()
    ctx.setLayer(layer)
    expr = props.createFilterString(ctx, june_2020)
    shown = list(layer.getFeatures(QgsFeatureRequest().setFilterExpression(expr)))
    # The time slider shows exactly one feature per zone: the 2020 window.
    assert len(shown) == 34 and {f["window_start"].year() for f in shown} == {2020}
    # A frame that is only the window's last day still shows it (QGIS 3.22 compares a
    # Date field with midnight wrongly in the field modes).
    last_day = QgsDateTimeRange(
        QDateTime(QDate(2020, 12, 31), QTime(0, 0)), QDateTime(QDate(2020, 12, 31), QTime(0, 0))
    )
    expr = props.createFilterString(ctx, last_day)
    shown = list(layer.getFeatures(QgsFeatureRequest().setFilterExpression(expr)))
    assert len(shown) == 34 and {f["window_start"].year() for f in shown} == {2020}


@pytest.mark.parametrize("n_zones", [7, 2_100_000])  # presence table; x 24 months: the sort
def test_distinct_months_counts_each_zone_month_once(n_zones):
    rng = np.random.default_rng(8)
    zone = rng.integers(-1, 7, 2_000)
    months = rng.integers(600, 624, 2_000)
    got = scoring._distinct_months(zone, months, n_zones)
    want = [len({m for z, m in zip(zone, months) if z == k}) for k in range(7)]
    assert got[:7].tolist() == want and not got[7:].any() and len(got) == n_zones


def test_shuffled_rows_of_a_layer_give_an_identical_scored_layer(plugin, tmp_path, preset):
    """The same events in another row order: every scored field is the same (ties and random
    draws follow a canonical order of the events, not the file's)."""
    import processing

    from sahel_overlap.plugin.io.writers import write_incidents_gpkg

    events, _ = load_file(d.SAMPLE_CSV, preset)
    shuffled = events.sample(frac=1.0, random_state=3).reset_index(drop=True)
    runs = []
    for name, frame_ in (("in_order", events), ("shuffled", shuffled)):
        path = write_incidents_gpkg(frame_, tmp_path / f"{name}.gpkg")
        result = processing.run(
            "saheloverlap:scorezones",
            {"INCIDENTS": path, "ZONES": str(d.SAMPLE_ZONES), "WINDOW": 1, "OUTPUT": "memory:"},
        )
        got = features(result["OUTPUT"]).sort_values(["zone_id", "window_start"])
        runs.append(got.reset_index(drop=True))
    assert (runs[0].p_wab.notna()).sum() > 50
    pd.testing.assert_frame_equal(runs[0], runs[1], check_exact=False, rtol=1e-9)


def test_coverage_given_as_parameters(plugin, sample_incidents):
    """The analyst's own coverage (an export of Mali, January to June 2020) overrides the
    import's record: Kita (inactive, Mali) is no_data outside it and half covered in 2020."""
    import processing
    from qgis.PyQt.QtCore import QDate

    result = processing.run(
        "saheloverlap:scorezones",
        {
            "INCIDENTS": sample_incidents,
            "ZONES": str(d.SAMPLE_ZONES),
            "WINDOW": 1,
            "COVERAGE_START": QDate(2020, 1, 1),
            "COVERAGE_END": QDate(2020, 6, 30),
            "COVERAGE_COUNTRIES": "Mali, BFA",  # a name and an ISO code
            "OUTPUT": "memory:",
        },
    )
    got = features(result["OUTPUT"]).assign(year=lambda f: f.window_start.dt.year)
    kita = got[got.zone_id == "Z26"].set_index("year")
    assert kita.loc[2019, "zone_class"] == d.Z_NO_DATA and kita.loc[2019, "coverage"] == 0
    # 182 of 366 days, under MIN_COVERAGE (0.5): no event there says nothing
    assert kita.loc[2020, "zone_class"] == d.Z_NO_DATA
    assert kita.loc[2020, "coverage"] == pytest.approx(182 / 366)
    assert kita.loc[2020, "class_reason"] == (
        "the source covers 50 % of this zone (share of its area covered × share of the "
        "window's days), below the 50 % needed to read an absence"
    )
    dosso = got[got.zone_id == "Z27"]  # Niger: not in the list
    assert (dosso.coverage == 0).all() and (dosso.zone_class == d.Z_NO_DATA).all()
    soum = got[(got.zone_id == "Z20") & (got.year == 2020)].iloc[0]  # Burkina Faso, by code
    assert soum.coverage == pytest.approx(182 / 366) and soum.zone_class == d.Z_CONTESTED
    prov = json.loads(result["PROVENANCE"])
    assert prov["coverage"]["source"] == "parameters"
    assert prov["coverage"]["countries"] == {
        "Mali": ["2020-01-01", "2020-06-30"],
        "BFA": ["2020-01-01", "2020-06-30"],
    }
