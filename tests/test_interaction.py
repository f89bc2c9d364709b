"""Space-time interaction (two-group Knox test): planted behaviour, exact counts, p-value
size, the algorithm in QGIS (processing.run, qgis_process) and the real ACLED files."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from unittest import mock

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from qgis.core import QgsVectorLayer
from qgis.PyQt.QtGui import QImage

from sahel_overlap.plugin import definitions as d
from sahel_overlap.plugin.core import interaction as ki
from sahel_overlap.plugin.core import projection

from .conftest import QGIS_PROCESS

DAY0 = pd.Timestamp("2020-01-01")
YEAR = [(DAY0, pd.Timestamp("2020-12-31"))]
KM = 1000.0


# --- planted data (metres in an equal-area plane, days since DAY0) ------------------------


def zone_events(rng, kind: str, n_a=60, n_b=60, size=100 * KM, share=0.7):
    """One zone's A and B events: x, y (m), day (int), is_b.

    independent: B's places and dates drawn apart from A's.
    follow: ``share`` of B's events 1-5 days after an A event, within ~2 km of it.
    turns: 9 villages 30 km apart, both groups at each; in every village the groups
      take turns in 60-day blocks (each village its own phase), so the zone's
      calendars are flat but where one is, the other is not, at the time.
    """
    if kind == "turns":
        villages = np.array([(15 + 30 * i, 15 + 30 * j) for i in range(3) for j in range(3)]) * KM
        phase = rng.integers(0, 120, len(villages))

        def group(n, on):
            v = rng.integers(0, len(villages), n)
            day = np.empty(n, dtype=np.int64)
            for k in range(n):
                while True:
                    t = rng.integers(0, 360)
                    if (((t + phase[v[k]]) % 120) < 60) == on:
                        day[k] = t
                        break
            xy = villages[v] + rng.normal(0, 1 * KM, (n, 2))
            return xy, day

        (xa, ta), (xb, tb) = group(n_a, True), group(n_b, False)
    else:
        xa = rng.uniform(0, size, (n_a, 2))
        ta = rng.integers(0, 360, n_a)
        xb = rng.uniform(0, size, (n_b, 2))
        tb = rng.integers(0, 360, n_b)
        if kind == "follow":
            k = int(share * n_b)
            src = rng.integers(0, n_a, k)
            xb[:k] = xa[src] + rng.normal(0, 2 * KM, (k, 2))
            tb[:k] = ta[src] + rng.integers(1, 6, k)
    xy = np.vstack([xa, xb])
    return (
        xy[:, 0],
        xy[:, 1],
        np.concatenate([ta, tb]),
        np.r_[np.zeros(n_a, bool), np.ones(n_b, bool)],
    )


def stack(zones_events, spacing=1000 * KM):
    """Several zones side by side (far apart): arrays and the zone index of each event."""
    xs, ys, ts, bs, zs = [], [], [], [], []
    for z, (x, y, t, b) in enumerate(zones_events):
        xs.append(x + z * spacing)
        ys.append(y)
        ts.append(t)
        bs.append(b)
        zs.append(np.full(len(x), z))
    return tuple(np.concatenate(v) for v in (xs, ys, ts, bs, zs))


def dates(day):
    return (DAY0 + pd.to_timedelta(np.asarray(day), "D")).to_numpy()


def run_zones(x, y, day, is_b, zone, n_zones, windows=YEAR, **kw):
    params = ki.KnoxParams(**{"permutations": 199, **kw})
    return ki.knox_zones(x, y, dates(day), is_b, zone, n_zones, windows, params)


def brute(x, y, day, is_b, dist, days):
    """(space pairs, knox pairs, after, before) of all (A, B) pairs, by brute force."""
    a, b = np.flatnonzero(~is_b), np.flatnonzero(is_b)
    dd = np.hypot(x[a][:, None] - x[b][None, :], y[a][:, None] - y[b][None, :])
    dt = day[b][None, :] - day[a][:, None]
    near = dd <= dist
    close = near & (np.abs(dt) <= days)
    return (
        int(near.sum()),
        int(close.sum()),
        int((close & (dt > 0)).sum()),
        int((close & (dt < 0)).sum()),
    )


# --- exact counts ---------------------------------------------------------------------


COUNT_CASES = given(
    seed=st.integers(0, 10_000),
    dist_km=st.sampled_from([3.0, 10.0, 20.0, 30.0, 45.0, 80.0]),
    days=st.integers(0, 20),
)


@settings(max_examples=40, deadline=None)
@COUNT_CASES
def test_pair_counts_match_a_brute_force_count(seed, dist_km, days):
    """Small zone-windows compare all their pairs directly."""
    check_counts(seed, dist_km, days)


@settings(max_examples=40, deadline=None)
@COUNT_CASES
def test_pair_counts_through_the_kd_tree_match_a_brute_force_count(seed, dist_km, days):
    """Large zone-windows use kd-trees and recount their pairs in chunks (here forced for
    every zone-window, with chunks of 7 pairs that cut through the zones)."""
    with mock.patch.object(ki, "_DIRECT", 0), mock.patch.object(ki, "_CHUNK", 7):
        check_counts(seed, dist_km, days)


def check_counts(seed, dist_km, days):
    """Close pairs, far pairs (complement) and whole-zone cases, with points exactly at the
    distance and dates exactly DAYS apart (integer km and days: both inclusive)."""
    rng = np.random.default_rng(seed)
    n = 150
    x = rng.integers(0, 50, n) * KM
    y = rng.integers(0, 50, n) * KM
    day = rng.integers(0, 90, n)
    is_b = rng.random(n) < 0.45
    zone = rng.integers(-1, 3, n)  # -1: in no zone
    wins = [
        (DAY0, DAY0 + pd.Timedelta(days=44)),
        (DAY0 + pd.Timedelta(days=45), DAY0 + pd.Timedelta(days=89)),
    ]
    res = run_zones(
        x,
        y,
        day,
        is_b,
        zone,
        3,
        wins,
        distance_m=dist_km * KM,
        days=days,
        min_events=2,
        permutations=9,
    )
    for row in res.itertuples():
        w0 = (row.window_start - DAY0).days
        w1 = (row.window_end - DAY0).days
        sel = (zone == row.zone_idx) & (day >= w0) & (day <= w1)
        assert row.events_a == (sel & ~is_b).sum() and row.events_b == (sel & is_b).sum()
        if row.events_a < 2 or row.events_b < 2:
            assert row.interaction == d.I_LOW_DATA
            continue
        s, k, after, before = brute(x[sel], y[sel], day[sel], is_b[sel], dist_km * KM, days)
        assert row.knox_pairs == k
        if s in (0, row.events_a * row.events_b):
            assert row.interaction == d.I_LOW_DATA and row.knox_note
            continue
        assert row.space_pairs == s
        if after + before:
            assert row.b_after_a == pytest.approx(after / (after + before))


def test_hand_worked_zone_and_direction():
    """A at (0, 0) on day 10 and at (60 km, 0) on day 40; B 1 km from the first A on day 13
    (after), 2 km from it on day 8 (before), 1 km on day 10 (same day), and 100 km away.

    Pairs within 25 km: the three B events near the first A: knox_pairs = 3 (all within
    14 days), b_after_a = 1 / 2 (the same-day pair has no order). Expected: over the 2 x 4
    date pairs, |tb - ta| <= 14 holds for A day 10 with B days 13, 8, 10, 11 (4) and for A
    day 40 with none: q = 4/8, so knox_expected = 3 * 0.5 = 1.5 and the ratio 2. After:
    10->13, 10->11 (2/8); before: 10->8 (1/8): b_after_a_exp = 2/3.
    """
    x = np.array([0, 60, 1, 2, 1, 100]) * KM
    y = np.zeros(6)
    day = np.array([10, 40, 13, 8, 10, 11])
    is_b = np.array([False, False, True, True, True, True])
    res = run_zones(x, y, day, is_b, np.zeros(6, int), 1, min_events=1, permutations=99)
    row = res.iloc[0]
    assert (row.events_a, row.events_b, row.space_pairs, row.knox_pairs) == (2, 4, 3, 3)
    assert row.knox_expected == pytest.approx(1.5)
    assert row.knox_ratio == pytest.approx(2.0)
    assert row.b_after_a == pytest.approx(0.5)
    assert row.b_after_a_exp == pytest.approx(2 / 3)
    assert 0 < row.knox_p <= 1 and row.knox_q == row.knox_p  # one zone: q = p


def test_expected_is_the_mean_of_the_permutation_distribution():
    """knox_expected (exact) against the mean of 4,000 date permutations counted by brute force."""
    rng = np.random.default_rng(3)
    x, y, day, is_b = zone_events(rng, "independent", 25, 20)
    res = run_zones(x, y, day, is_b, np.zeros(len(x), int), 1)
    counts = []
    ia, ib = np.flatnonzero(~is_b), np.flatnonzero(is_b)
    for _ in range(4000):
        t = day.copy()
        t[ia] = rng.permutation(day[ia])
        t[ib] = rng.permutation(day[ib])
        counts.append(brute(x, y, t, is_b, 25 * KM, 14)[1])
    counts = np.asarray(counts)
    se = counts.std() / np.sqrt(len(counts))
    assert abs(counts.mean() - res.knox_expected.iloc[0]) < 4 * se


def five_and_five(near_a, far_a, b_days):
    """A zone of 10 A events (5 at (0, 0) on ``near_a``, 5 at (80 km, 0) on ``far_a``) and 5
    B events at (1 km, 0) on ``b_days``: 25 pairs close in space out of 50."""
    x = np.r_[np.zeros(5), np.full(5, 80 * KM), np.full(5, 1 * KM)]
    day = np.r_[near_a, far_a, b_days]
    return x, np.zeros(15), day, np.r_[np.zeros(10, bool), np.ones(5, bool)]


def test_too_few_expected_pairs_is_low_data_not_none():
    """Three hand-worked zones, each expecting 2.5 close pairs (25 pairs close in space, a
    share 5/50 of the date pairs within 14 days).

    blind: B's 5 events on days 35-39, matched only by the far A event of day 35; the near
    A events on days 0, 70, ... make no close pair (0 observed, the strongest avoidance
    possible), yet a permutation gives them day 35 half the time (count 5, else 0): a
    two-sided mid-p of about 0.5.
    The test could not have shown avoidance: low_data, with the note, not none.
    avoid: B on the far A's days 35, 105, ...: 0 observed where a permutation gives 0 only
    with probability 1/C(10, 5) = 1/252: avoidance shows even at 2.5 expected, and stays.
    follow: B one day after each near A: 5 observed, chance 1/252: attraction stays.
    """
    near = np.array([0, 70, 140, 210, 280])
    zones = [
        five_and_five(near, np.array([35, 60, 130, 200, 270]), np.arange(35, 40)),
        five_and_five(near, near + 35, near + 35),
        five_and_five(near, near + 20, near + 1),
    ]
    x, y, day, is_b, zone = stack(zones)
    res = run_zones(x, y, day, is_b, zone, 3, permutations=999)
    assert res.space_pairs.tolist() == [25, 25, 25]
    np.testing.assert_allclose(res.knox_expected, [2.5, 2.5, 2.5])
    assert res.knox_pairs.tolist() == [0, 0, 5]
    blind, avoid, follow = res.itertuples()
    assert blind.knox_p > 0.3 and blind.interaction == d.I_LOW_DATA
    assert blind.knox_note == ki.NOTE_FEW_EXPECTED.format(e=3)
    assert avoid.knox_p < 0.02 and avoid.interaction == d.I_AVOIDANCE
    assert follow.knox_p < 0.02 and follow.interaction == d.I_ATTRACTION
    # Raising the expectation above 3 (here by lowering the bar) gives none back.
    again = run_zones(x, y, day, is_b, zone, 3, permutations=999, min_expected=2.5)
    assert again.interaction.tolist() == [d.I_NONE, d.I_AVOIDANCE, d.I_ATTRACTION]
    assert ki.events_factor_needed([0.75], 3.0)[0] == pytest.approx(2.0)


def test_bh_qvalues_hand_worked():
    # Sorted 0.01, 0.03, 0.04, 0.2 (m = 4): 0.04, 0.06, 0.0533, 0.2, then the running
    # minimum from the top: 0.04, 0.0533, 0.0533, 0.2.
    q = ki.bh_qvalues(np.array([0.01, 0.04, np.nan, 0.03, 0.2]))
    np.testing.assert_allclose(q, [0.04, 0.16 / 3, np.nan, 0.16 / 3, 0.2])


# --- planted behaviour ----------------------------------------------------------------


def test_planted_follow_on_is_attraction_with_b_after_a():
    rng = np.random.default_rng(11)
    kinds = ["follow", "independent", "follow", "independent", "independent"]
    x, y, day, is_b, zone = stack([zone_events(rng, k) for k in kinds])
    res = run_zones(x, y, day, is_b, zone, len(kinds))
    for kind, row in zip(kinds, res.itertuples()):
        if kind == "follow":
            assert row.interaction == d.I_ATTRACTION, row
            # 42 planted pairs on top of ~45 expected by chance.
            assert row.knox_ratio > 1.4 and row.knox_q < 0.05
            # B comes after A in the planted pairs: the share is far above its expectation.
            assert row.b_after_a > 0.7 and row.b_after_a > row.b_after_a_exp + 0.15
            assert row.b_after_a_p < 0.05
        else:
            assert row.interaction == d.I_NONE, row


def test_planted_b_before_a_is_attraction_with_b_after_a_low():
    rng = np.random.default_rng(12)
    x, y, day, is_b = zone_events(rng, "follow")
    # The same planted pairs with the groups' roles swapped: A now follows B.
    res = run_zones(x, y, day, ~is_b, np.zeros(len(x), int), 1)
    row = res.iloc[0]
    assert row.interaction == d.I_ATTRACTION
    assert row.b_after_a < 0.3 and row.b_after_a_p < 0.05


def test_independent_timing_is_none_in_every_zone():
    rng = np.random.default_rng(13)
    x, y, day, is_b, zone = stack([zone_events(rng, "independent") for _ in range(12)])
    res = run_zones(x, y, day, is_b, zone, 12)
    assert (res.interaction == d.I_NONE).all(), res[["knox_ratio", "knox_p", "knox_q"]]
    assert res.knox_ratio.between(0.6, 1.6).all()


def test_planted_turn_taking_is_avoidance():
    rng = np.random.default_rng(14)
    kinds = ["turns", "turns", "independent"]
    x, y, day, is_b, zone = stack([zone_events(rng, k) for k in kinds])
    res = run_zones(x, y, day, is_b, zone, 3)
    assert list(res.interaction) == [d.I_AVOIDANCE, d.I_AVOIDANCE, d.I_NONE], res
    assert (res.knox_ratio.iloc[:2] < 0.5).all()


@pytest.mark.parametrize(
    "share, want, p_range",
    [(0.35, d.I_ATTRACTION, (0.005, 0.04)), (0.20, d.I_NONE, (0.07, 0.2))],
)
def test_weak_follow_on_near_the_threshold(share, want, p_range):
    """Weak follow-on either side of the threshold (one zone: q = p). 80 + 80 events in
    100 km, a share of B's events planted 1-5 days after an A event within ~2 km: 35 %
    lifts the close pairs from 92.5 expected to 114 (ratio 1.23), 20 % from 89.7 to 103
    (1.15). An independent brute-force count over 3,000 date permutations gave mid-p
    0.012 and 0.114 for these draws (seed 15), so 35 % is attraction and 20 % is not."""
    rng = np.random.default_rng(15)
    x, y, day, is_b = zone_events(rng, "follow", 80, 80, share=share)
    row = run_zones(x, y, day, is_b, np.zeros(len(x), int), 1, permutations=999).iloc[0]
    assert row.knox_pairs == brute(x, y, day, is_b, 25 * KM, 14)[1]
    assert 1.1 < row.knox_ratio < 1.3
    assert p_range[0] < row.knox_p < p_range[1]
    assert row.interaction == want


# --- sequential permutations, honest classes, the pooled answer (issue 23) ------------------


def planted_among(n_zones: int, kind: str = "follow", seed: int = 31, **kw):
    """One planted zone (the first) among ``n_zones`` - 1 with independent timing, 60 + 60
    events each. follow with share 0.5: 82 close pairs against 54.8 expected (ratio 1.50,
    z = 4.2), a p far below the 0.01 floor of 199 permutations."""
    rng = np.random.default_rng(seed)
    kinds = [kind] + ["independent"] * (n_zones - 1)
    return stack([zone_events(rng, k, 60, 60, **kw) for k in kinds])


@pytest.mark.parametrize("n_zones", [7, 12, 30])
def test_planted_follow_on_among_many_zones_is_attraction(n_zones):
    """With 199 permutations alone the smallest p is 0.01: among 7 tested zones BH needs
    p < 0.05 / 7 = 0.0071 for a zone alone, so the planted zone could not pass (the issue's
    failure). The sequential rounds give it the permutations its decision needs (more, the
    more zones are tested) and leave the null zones at 199."""
    x, y, day, is_b, zone = planted_among(n_zones, share=0.5)
    res = run_zones(x, y, day, is_b, zone, n_zones)
    planted, rest = res.iloc[0], res.iloc[1:]
    assert planted.interaction == d.I_ATTRACTION, planted
    assert planted.knox_ratio == pytest.approx(82 / 54.8333, rel=1e-3)
    assert planted.knox_q < 0.05 and planted.knox_p < 0.05 / n_zones
    # Settled: two Monte Carlo standard errors above p is still below alpha / n.
    assert planted.knox_perms > 199 and planted.knox_p + 2 * planted.knox_p_se < 0.05 / n_zones
    assert planted.knox_z > 3.5
    assert (rest.interaction == d.I_NONE).all(), rest[["knox_p", "knox_q", "knox_perms"]]
    assert (rest.knox_perms >= 199).all() and np.median(rest.knox_perms) == 199
    # Capped at the first pass, the zone cannot reach p < alpha / n: low_data, not none.
    capped = run_zones(x, y, day, is_b, zone, n_zones, max_permutations=199)
    assert (capped.interaction == d.I_LOW_DATA).all()
    note = ki.NOTE_FLOOR.format(n=n_zones, t=0.05 / n_zones, m=199)
    assert (capped.knox_note == note).all()


def test_zone_left_undecided_by_the_work_budget_is_low_data_not_none():
    """With no budget for sequential rounds, the planted zone among 7 keeps its first 199
    permutations: p at the floor 0.01, q 0.07, a decision the Monte Carlo error could
    flip. Not significant, yet not "none": low_data, undecided, counted in the pooled
    record."""
    x, y, day, is_b, zone = planted_among(7, share=0.5)
    with mock.patch.object(ki, "_SEQ_WORK", 0):
        res = run_zones(x, y, day, is_b, zone, 7)
    planted = res.iloc[0]
    assert planted.knox_perms == 199 and planted.knox_p == pytest.approx(0.01)
    assert planted.interaction == d.I_LOW_DATA
    assert planted.knox_note == ki.NOTE_UNSETTLED.format(m=199)
    assert res.attrs["pooled"].unsettled.iloc[0] >= 1
    assert (res.interaction.iloc[1:] != d.I_ATTRACTION).all()


def test_planted_turn_taking_among_twelve_zones_is_avoidance():
    x, y, day, is_b, zone = planted_among(12, "turns", seed=14)
    res = run_zones(x, y, day, is_b, zone, 12)
    assert res.interaction.iloc[0] == d.I_AVOIDANCE, res.iloc[0]
    assert res.knox_ratio.iloc[0] < 0.5 and res.knox_z.iloc[0] < -3
    assert (res.interaction.iloc[1:] == d.I_NONE).all()


def test_independent_timing_is_none_with_size_alpha_over_many_seeds():
    """300 data sets of 5 zones with independent timing, default parameters (sequential
    rounds included): a data set with any zone classed attraction or avoidance is a false
    discovery; Benjamini-Hochberg under the complete null bounds their share by alpha.
    Measured: 14 / 300 = 0.047; 94 % of the zones stop at 199 permutations, 4 of 1,500 are
    left undecided (low_data)."""
    runs, hits, undecided, perms = 300, 0, 0, []
    for s in range(runs):
        rng = np.random.default_rng(1000 + s)
        x, y, day, is_b, zone = stack([zone_events(rng, "independent", 30, 30) for _ in range(5)])
        res = run_zones(x, y, day, is_b, zone, 5, seed=s)
        hits += int(res.interaction.isin([d.I_ATTRACTION, d.I_AVOIDANCE]).any())
        # low_data only for a zone left undecided (a p right at its threshold).
        low = res[res.interaction == d.I_LOW_DATA]
        assert low.knox_note.str.startswith("undecided after").all(), low.knox_note
        undecided += len(low)
        perms.extend(res.knox_perms)
    rate, se = hits / runs, np.sqrt(0.05 * 0.95 / runs)
    assert 0.01 < rate < 0.05 + 3 * se, rate
    # Most null zones are settled by the first pass (Besag-Clifford's early stop), and
    # few are left undecided.
    assert np.mean(np.asarray(perms) == 199) > 0.9
    assert undecided <= 0.01 * runs * 5, undecided


def test_closed_form_variance_matches_the_permutations():
    """The exact permutation mean and variance of the count, against 40,000 brute-force
    permutations of a small zone (7 A, 9 B events, random pairs close in space); and the
    knox_z the algorithm writes is (K - E) / sd with them."""
    rng = np.random.default_rng(3)
    ta, tb = rng.integers(0, 60, 7), rng.integers(0, 60, 9)
    near = rng.random((7, 9)) < 0.4
    i, j = np.nonzero(near)
    mean, var = ki.knox_variance(ta, tb, 10, near.sum(axis=1), near.sum(axis=0))
    counts = np.array(
        [
            (np.abs(rng.permutation(ta)[i] - rng.permutation(tb)[j]) <= 10).sum()
            for _ in range(40_000)
        ]
    )
    assert mean == pytest.approx(len(i) * (np.abs(ta[:, None] - tb[None, :]) <= 10).mean())
    assert counts.mean() == pytest.approx(mean, abs=4 * np.sqrt(var / len(counts)))
    # The sample variance's standard error is about var * sqrt(2 / n) (near-normal counts).
    assert counts.var() == pytest.approx(var, rel=4 * np.sqrt(2 / len(counts)))
    x, y, day, is_b, zone = planted_among(3, share=0.3)
    res = run_zones(x, y, day, is_b, zone, 3)
    for z in range(3):
        sel = zone == z
        xa = np.c_[x[sel & ~is_b], y[sel & ~is_b]]
        xb = np.c_[x[sel & is_b], y[sel & is_b]]
        close = np.hypot(*(xa[:, None, :] - xb[None, :, :]).transpose(2, 0, 1)) <= 25 * KM
        m, v = ki.knox_variance(
            day[sel & ~is_b], day[sel & is_b], 14, close.sum(axis=1), close.sum(axis=0)
        )
        row = res.iloc[z]
        assert row.knox_expected == pytest.approx(m)
        assert row.knox_z == pytest.approx((row.knox_pairs - m) / np.sqrt(v))


def test_monte_carlo_standard_error_and_permutations_are_reported():
    x, y, day, is_b, zone = planted_among(5, share=0.5)
    res = run_zones(x, y, day, is_b, zone, 5)
    tail = res.knox_p / 2
    np.testing.assert_allclose(res.knox_p_se, 2 * np.sqrt(tail * (1 - tail) / res.knox_perms))
    assert res.knox_perms.iloc[0] > 199
    assert res.knox_perms.max() <= ki.KnoxParams().max_permutations


def test_a_zone_whose_extreme_count_cannot_be_significant_is_low_data():
    """Four zones alike: 5 B events on days 0-4 within a few km of one A event, the zone's
    4 other A events 60 km away on days 90, 180, 270, 360. Only the near A event's date
    matters: 5 close pairs when it gets day 0 (chance 1/5), else 0 (E = 1, sd = 2). Even
    the most extreme count, 5, is only 2 sd above E (normal tail 0.046, exact 0.4), short
    of the 0.05 / 4 a zone needs alone: low_data with the reason, not none."""
    zones = []
    for _ in range(4):
        x = np.r_[0.0, np.full(4, 60 * KM), np.linspace(1, 3, 5) * KM]
        day = np.r_[0, 90, 180, 270, 360, np.arange(5)]
        zones.append((x, np.zeros(10), day, np.r_[np.zeros(5, bool), np.ones(5, bool)]))
    x, y, day, is_b, zone = stack(zones)
    res = run_zones(x, y, day, is_b, zone, 4, min_expected=0)
    assert res.knox_expected.tolist() == [1.0] * 4 and res.knox_pairs.tolist() == [5] * 4
    np.testing.assert_allclose(res.knox_z, 2.0)
    assert np.isfinite(res.knox_p).all()
    assert (res.interaction == d.I_LOW_DATA).all(), res[["knox_z", "knox_p"]]
    assert (res.knox_note == ki.NOTE_EXTREME.format(n=4)).all()


def test_pooled_answer_finds_a_weak_signal_shared_by_zones():
    """Ten zones each with a weak follow-on (12 % of B's events 1-5 days after an A event
    nearby): no zone is significant alone, the pooled count is. Pooled = the sums of the
    zones' counts and expectations; its p from the same permutations (dates within each
    zone and group)."""
    rng = np.random.default_rng(44)
    x, y, day, is_b, zone = stack(
        [zone_events(rng, "follow", 60, 60, share=0.12) for _ in range(10)]
    )
    res = run_zones(x, y, day, is_b, zone, 10)
    pooled = res.attrs["pooled"].iloc[0]
    tested = np.isfinite(res.knox_p)
    assert pooled.zones == tested.sum() == 10
    assert pooled.knox_pairs == res.knox_pairs[tested].sum()
    assert pooled.knox_expected == pytest.approx(res.knox_expected[tested].sum())
    assert pooled.knox_ratio == pytest.approx(pooled.knox_pairs / pooled.knox_expected)
    assert (res.interaction != d.I_ATTRACTION).sum() >= 8
    assert pooled.knox_ratio > 1.1 and pooled.knox_p <= 0.02 and pooled.knox_z > 2.5
    assert pooled.permutations == 199
    # The same zones with independent timing: the pooled test finds nothing.
    rng = np.random.default_rng(45)
    x, y, day, is_b, zone = stack([zone_events(rng, "independent", 60, 60) for _ in range(10)])
    null = run_zones(x, y, day, is_b, zone, 10).attrs["pooled"].iloc[0]
    assert null.knox_p > 0.1 and abs(null.knox_z) < 2


# --- p-value size under the null ------------------------------------------------------------


@pytest.mark.parametrize("size_km", [100, 30])
def test_p_value_size_under_the_null(size_km):
    """1,500 null zones (independent dates), 199 permutations: knox_p <= alpha in a share
    alpha of them within Monte Carlo error (3 standard errors), at 0.05 and 0.10, and the
    same for the direction test.

    100 km zones count the pairs close in space. 30 km zones (most pairs within 25 km)
    count the few far pairs and subtract them: a statistic with few distinct values, which
    no deterministic test sizes exactly; there the test must not reject more than alpha,
    nor less than 70% of it.
    """
    rng = np.random.default_rng(21 + size_km)
    n_zones = 1500
    x, y, day, is_b, zone = stack(
        [zone_events(rng, "independent", 40, 40, size=size_km * KM) for _ in range(n_zones)]
    )
    res = run_zones(x, y, day, is_b, zone, n_zones, permutations=199)
    for col in ("knox_p", "b_after_a_p"):
        p = res[col].to_numpy()
        assert np.isfinite(p).mean() > 0.95
        p = p[np.isfinite(p)]
        for alpha in (0.05, 0.10):
            rate, se = (p <= alpha).mean(), np.sqrt(alpha * (1 - alpha) / len(p))
            if size_km == 100:
                assert abs(rate - alpha) < 3 * se, (col, alpha, rate)
            else:
                assert 0.7 * alpha < rate < alpha + 3 * se, (col, alpha, rate)


@pytest.mark.real_data
def test_p_value_size_on_real_coordinates_and_dates(real_data, preset):
    """Burkina Faso 2020, real places (many tied at one village) and real dates: 600 data sets
    drawn from the null by permuting each group's dates; the global test at 25 km / 14 days
    rejects in about 5% of them."""
    from sahel_overlap.plugin.core.incidents import load_file

    events, _ = load_file(real_data / "acled_burkina_faso_2016_2020.csv", preset)
    ev = events[(events[d.F_DATE].dt.year == 2020) & events[d.F_SIDE].isin(["a", "b"])]
    x, y = projection.to_metres(
        ev[d.F_LON].to_numpy(float), ev[d.F_LAT].to_numpy(float), projection.SAHEL_EQUAL_AREA
    )
    is_b = (ev[d.F_SIDE] == "b").to_numpy()
    day = (ev[d.F_DATE] - DAY0).dt.days.to_numpy()
    rng = np.random.default_rng(5)
    ps = []
    for _ in range(600):
        t = day.copy()
        t[~is_b] = rng.permutation(day[~is_b])
        t[is_b] = rng.permutation(day[is_b])
        params = ki.KnoxParams(global_permutations=199, seed=None)
        table = ki.knox_table(x, y, dates(t), is_b, YEAR, params)
        ps.append(table.loc[(table.distance_km == 25) & (table.days == 14), "p"].iloc[0])
    ps = np.asarray(ps)
    se = np.sqrt(0.05 * 0.95 / len(ps))
    assert abs((ps <= 0.05).mean() - 0.05) < 3 * se, (ps <= 0.05).mean()


# --- the global table -------------------------------------------------------------------------


@pytest.mark.parametrize("chunk", [65_536, 100])
def test_global_table_counts_match_brute_force_and_expectation_is_exact(chunk):
    rng = np.random.default_rng(31)
    x, y, day, is_b = zone_events(rng, "follow", 120, 100, size=150 * KM)
    with mock.patch.object(ki, "_CHUNK", chunk):
        params = ki.KnoxParams(global_permutations=49)
        table = ki.knox_table(x, y, dates(day), is_b, YEAR, params)
    assert len(table) == 16 and (table.events_share == 1).all()
    a, b = np.flatnonzero(~is_b), np.flatnonzero(is_b)
    for row in table.itertuples():
        s, k, _, _ = brute(x, y, day, is_b, row.distance_km * KM, row.days)
        assert row.pairs == k
        q = (np.abs(day[b][None, :] - day[a][:, None]) <= row.days).mean()
        assert row.expected == pytest.approx(s * q)
    planted = table[(table.distance_km == 5) & (table.days == 7)].iloc[0]
    assert planted.ratio > 3 and planted.p <= 0.04  # 2 / (49 + 1): the smallest two-sided p


def test_global_table_draws_a_share_above_the_pair_budget():
    rng = np.random.default_rng(32)
    x, y, day, is_b = zone_events(rng, "independent", 400, 400, size=60 * KM)
    full = brute(x, y, day, is_b, 50 * KM, 10_000)[0]
    params = ki.KnoxParams(global_permutations=19, global_pair_budget=full // 4)
    table = ki.knox_table(x, y, dates(day), is_b, YEAR, params)
    share = table.events_share.iloc[0]
    assert share == pytest.approx(0.5, abs=0.01)  # sqrt(1/4) of each group
    widest = table[(table.distance_km == 50) & (table.days == 30)].iloc[0]
    assert widest.events_a == 400 and widest.expected < full / 3


def test_cancel_stops_the_test():
    rng = np.random.default_rng(1)
    x, y, day, is_b = zone_events(rng, "independent")
    with pytest.raises(ki.Canceled):
        ki.knox_zones(
            x, y, dates(day), is_b, np.zeros(len(x), int), 1, YEAR, is_canceled=lambda: True
        )


def test_seed_makes_p_values_reproducible():
    rng = np.random.default_rng(2)
    x, y, day, is_b = zone_events(rng, "follow", share=0.1)
    zone = np.zeros(len(x), int)
    one = run_zones(x, y, day, is_b, zone, 1, seed=7).knox_p.iloc[0]
    again = run_zones(x, y, day, is_b, zone, 1, seed=7).knox_p.iloc[0]
    other = [run_zones(x, y, day, is_b, zone, 1, seed=s).knox_p.iloc[0] for s in range(8, 12)]
    assert one == again and any(v != one for v in other)


# --- the algorithm in QGIS ---------------------------------------------------------------------

ALG = "saheloverlap:interaction"
LOCAL_EA = "+proj=aea +lat_0=14 +lon_0=0 +lat_1=12 +lat_2=16 +datum=WGS84 +units=m +no_defs"


class LogFeedback:
    """A real QgsProcessingFeedback that keeps the log lines."""

    def __new__(cls):
        from qgis.core import QgsProcessingFeedback

        class _Feedback(QgsProcessingFeedback):
            def __init__(self):
                super().__init__()
                self.lines = []

            def pushInfo(self, info):
                self.lines.append(info)
                super().pushInfo(info)

            def reportError(self, error, fatalError=False):
                self.lines.append(error)
                super().reportError(error, fatalError)

            def text(self):
                return "\n".join(self.lines)

        return _Feedback()


def incident_frame(x, y, day, side, time_prec=None) -> pd.DataFrame:
    """Events in the standard schema (SYNTHETIC), from metres of LOCAL_EA."""
    lon, lat = projection.to_lonlat(x, y, LOCAL_EA)
    n = len(x)
    when = dates(day)
    group = {"a": "JNIM", "b": "ISGS", "clash": "JNIM vs ISGS", "joint": "JNIM + ISGS",
             "ambiguous": "ambiguous"}  # fmt: skip
    frame = pd.DataFrame(
        {
            d.F_EVENT_ID: [f"SYN{i}" for i in range(n)],
            d.F_DATE: when,
            d.F_DATE_END: when,
            d.F_GROUP: [group[s] for s in side],
            d.F_SIDE: side,
            d.F_CLASH: [int(s == "clash") for s in side],
            d.F_FATALITIES: 0,
            d.F_GEO_PREC: 1,
            d.F_TIME_PREC: 1 if time_prec is None else time_prec,
            d.F_SOURCE: d.SOURCE_SYNTHETIC,
            d.F_LAT: lat,
            d.F_LON: lon,
        }
    )
    for name, kind in d.INCIDENT_FIELDS:
        if name not in frame:
            frame[name] = "" if kind == "str" else 0
    return frame[d.INCIDENT_FIELD_NAMES]


def square_zones(path, names, size=100 * KM, spacing=1000 * KM):
    """Square polygons (EPSG:4326 GeoJSON) around the planted zones of ``stack``."""
    import json

    feats = []
    for z, name in enumerate(names):
        x0, x1 = z * spacing - 5 * KM, z * spacing + size + 5 * KM
        y0, y1 = -5 * KM, size + 5 * KM
        xs = np.array([x0, x1, x1, x0, x0])
        ys = np.array([y0, y0, y1, y1, y0])
        lon, lat = projection.to_lonlat(xs, ys, LOCAL_EA)
        ring = [[float(a), float(b)] for a, b in zip(lon, lat)]
        feats.append(
            {
                "type": "Feature",
                "properties": {"zone_name": name},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        )
    path.write_text(json.dumps({"type": "FeatureCollection", "features": feats}))
    return str(path)


@pytest.fixture(scope="module")
def planted_layer(plugin, tmp_path_factory):
    """Four 100 km zones, 2020 (SYNTHETIC):
    follow: 70% of ISGS's events 1-5 days after a JNIM event, within ~2 km;
    decoys: independent timing, plus 40 clashes, 40 joint operations and 40 ambiguous
      events placed on JNIM events' places and 1-3 days after them (attraction if they
      were counted);
    imprecise: like follow, but the followers have time_prec 2 (day not known);
    turns: the groups take turns in each village.
    """
    from sahel_overlap.plugin.io.writers import write_incidents_gpkg

    rng = np.random.default_rng(41)
    names = ["follow", "decoys", "imprecise", "turns"]
    parts = [zone_events(rng, k) for k in ("follow", "independent", "follow", "turns")]
    x, y, day, is_b, zone = stack(parts)
    side = np.where(is_b, "b", "a").astype(object)
    prec = np.ones(len(x), int)
    # The imprecise zone's followers (its first 42 B events) lose their day.
    b_imprecise = np.flatnonzero((zone == 2) & is_b)[:42]
    prec[b_imprecise] = 2
    # Decoys in zone 1: clashes, joint operations and ambiguous events right after
    # JNIM's events.
    a1 = np.flatnonzero((zone == 1) & ~is_b)[:40]
    extra_x = np.concatenate([x[a1], x[a1], x[a1]]) + 500.0
    extra_y = np.concatenate([y[a1], y[a1], y[a1]])
    extra_day = np.concatenate([day[a1], day[a1], day[a1]]) + rng.integers(1, 4, 120)
    extra_side = np.array(["clash"] * 40 + ["ambiguous"] * 40 + ["joint"] * 40, dtype=object)
    frame = incident_frame(
        np.concatenate([x, extra_x]),
        np.concatenate([y, extra_y]),
        np.concatenate([day, extra_day]),
        np.concatenate([side, extra_side]),
        np.concatenate([prec, np.ones(120, int)]),
    )
    folder = tmp_path_factory.mktemp("planted")
    gpkg = write_incidents_gpkg(frame, folder / "planted.gpkg")
    zones = square_zones(folder / "zones.geojson", names)
    return {"incidents": gpkg, "zones": zones, "names": names}


def layer_frame(layer) -> pd.DataFrame:
    names = layer.fields().names()
    rows = [dict(zip(names, f.attributes())) for f in layer.getFeatures()]
    out = pd.DataFrame(rows)
    for col in ("window_start", "window_end"):
        if col in out:
            out[col] = pd.to_datetime([v.toString("yyyy-MM-dd") for v in out[col]])
    for name, kind in [*ki.FIELDS, *ki.TABLE_FIELDS]:
        if kind in ("int", "float") and name in out:
            out[name] = pd.to_numeric(
                out[name].map(lambda v: v if isinstance(v, (int, float)) else None)
            )
    return out


def test_planted_layer_classes_exclusions_and_outputs(planted_layer, tmp_path):
    import processing

    feedback = LogFeedback()
    result = processing.run(
        ALG,
        {
            "INCIDENTS": planted_layer["incidents"],
            "ZONES": planted_layer["zones"],
            "OUTPUT": str(tmp_path / "ia.gpkg"),
            "KNOX_TABLE": str(tmp_path / "table.gpkg"),
            "KNOX_CHART": str(tmp_path / "knox.png"),
            "KNOX_CHART_SVG": str(tmp_path / "knox.svg"),
        },
        feedback=feedback,
    )
    got = layer_frame(QgsVectorLayer(result["OUTPUT"])).set_index("zone_name")
    assert got.loc["follow", "interaction"] == d.I_ATTRACTION
    follow = got.loc["follow"]
    assert follow.b_after_a > follow.b_after_a_exp + 0.1 and follow.b_after_a_p < 0.05
    # Clashes, joint operations and ambiguous events right after JNIM's are not ISGS's
    # follow-on.
    assert got.loc["decoys", "interaction"] == d.I_NONE
    assert got.loc["decoys", ["events_a", "events_b"]].tolist() == [60, 60]
    # The followers without a known day are left out by default.
    assert got.loc["imprecise", "events_b"] == 60 - 42
    assert got.loc["imprecise", "interaction"] != d.I_ATTRACTION
    assert got.loc["turns", "interaction"] == d.I_AVOIDANCE
    assert result["ZONES_ATTRACTION"] == 1 and result["ZONES_AVOIDANCE"] == 1
    log = feedback.text()
    assert "40 clashes between them, 40 joint operations, 40 ambiguous attributions" in log
    assert "Left out 42 events whose day is not known" in log
    assert set(got.group_a) == {"JNIM"} and set(got.source_ds) == {d.SOURCE_SYNTHETIC}

    # The global table: 16 cells for the one window; the planted pairs show at 5 km / 7 days.
    table = layer_frame(QgsVectorLayer(result["KNOX_TABLE"]))
    assert len(table) == 16 and set(table.distance_km) == {5, 10, 25, 50}
    assert set(table.days) == {3, 7, 14, 30} and (table.events_share == 1).all()
    cell = table[(table.distance_km == 5) & (table.days == 7)].iloc[0]
    assert cell.ratio > 2 and cell.p < 0.05
    # The charts open: a PNG QGIS reads, an SVG with the title and the SYNTHETIC label.
    image = QImage(result["KNOX_CHART"])
    assert not image.isNull() and image.width() > 400
    svg = ET.parse(result["KNOX_CHART_SVG"]).getroot()
    assert svg.tag.endswith("svg")
    # The label is on the chart itself (its footnote, which matplotlib keeps as the text
    # of the SVG's drawn glyphs), where a reader of the exported figure sees it.
    # (one SVG text per line: the label has its own line, never wrapped apart)
    text = (tmp_path / "knox.svg").read_text()
    assert f"<!-- {d.SYNTHETIC_LABEL}. -->" in text
    assert f"<!-- Data: {d.SOURCE_SYNTHETIC}. -->" in text
    assert "Two-group Knox test, JNIM × ISGS" in text

    # Kept on request, the followers make the imprecise zone attraction too.
    kept = processing.run(
        ALG,
        {
            "INCIDENTS": planted_layer["incidents"],
            "ZONES": planted_layer["zones"],
            "KEEP_IMPRECISE_DATES": True,
            "OUTPUT": "memory:",
        },
    )
    again = layer_frame(kept["OUTPUT"]).set_index("zone_name")
    assert again.loc["imprecise", "events_b"] == 60
    assert again.loc["imprecise", "interaction"] == d.I_ATTRACTION


def test_pooled_answer_and_permutation_advice_in_log_metadata_and_chart(planted_layer, tmp_path):
    """Four planted zones, every one tested: the pooled answer is the sum of their counts
    and expectations, in the log, the metadata and the chart. Capped at 99 permutations,
    a zone alone among 4 needs p < 0.05 / 4 = 0.0125 where the floor is 2 / 100 = 0.02:
    the log's advice is MAX_PERMUTATIONS = 160, the least M with 2 / (M + 1) < 0.0125
    (159 leaves q exactly at 0.05). Two zones at the floor pass together (q = 0.02 x 4 / 2);
    the others could not have passed alone: low_data, with the reason."""
    import processing

    from sahel_overlap.plugin.io.metadata import read_metadata

    feedback = LogFeedback()
    result = processing.run(
        ALG,
        {"INCIDENTS": planted_layer["incidents"], "ZONES": planted_layer["zones"],
         "PERMUTATIONS": 99, "MAX_PERMUTATIONS": 99, "OUTPUT": str(tmp_path / "ia.gpkg"),
         "KNOX_CHART_SVG": str(tmp_path / "knox.svg")},
        feedback=feedback,
    )  # fmt: skip
    got = layer_frame(QgsVectorLayer(result["OUTPUT"]))
    assert np.isfinite(got.knox_p.astype(float)).sum() == 4
    assert (got.knox_perms == 99).all()
    got = got.set_index("zone_name")
    assert got.loc["follow", "interaction"] == d.I_ATTRACTION
    assert got.loc["turns", "interaction"] == d.I_AVOIDANCE
    floor = ki.NOTE_FLOOR.format(n=4, t=0.05 / 4, m=99)
    for name in ("decoys", "imprecise"):
        assert got.loc[name, "interaction"] == d.I_LOW_DATA and got.loc[name, "knox_note"] == floor
    log = feedback.text()
    assert "MAX_PERMUTATIONS = 160 or more lifts that limit" in log
    assert 2 / (160 + 1) < 0.05 / 4 <= 2 / (159 + 1)
    pooled = read_metadata(result["OUTPUT"], d.META_PROVENANCE)["pooled"]
    assert len(pooled) == 1
    pool = pooled[0]
    assert pool["zones"] == 4 and pool["permutations"] == 99
    assert pool["knox_pairs"] == got.knox_pairs.sum()
    assert pool["knox_expected"] == pytest.approx(got.knox_expected.sum())
    assert pool["knox_ratio"] == pytest.approx(pool["knox_pairs"] / pool["knox_expected"])
    assert 0 < pool["knox_p"] <= 1 and np.isfinite(pool["knox_z"])
    assert "Pooled over 4 zones" in log and "2020-01-01 – " in log
    assert f"{pool['knox_pairs']} close pairs against {pool['knox_expected']:.1f} expected" in log
    text = (tmp_path / "knox.svg").read_text()
    assert f"pooled 25 km/14 d: {pool['knox_ratio']:.2f}×" in text


def test_hexagons_by_year_styled_and_time_aware(plugin, tmp_path):
    import processing
    from qgis.core import QgsDateTimeRange
    from qgis.PyQt.QtCore import QDate, QDateTime, QTime

    from sahel_overlap.plugin.render.interaction_style import style_interaction_layer

    incidents = tmp_path / "sample.gpkg"
    processing.run(
        "saheloverlap:importincidents", {"INPUT": str(d.SAMPLE_CSV), "OUTPUT": str(incidents)}
    )
    feedback = LogFeedback()
    result = processing.run(
        ALG,
        {"INCIDENTS": str(incidents), "WINDOW": 1, "OUTPUT": str(tmp_path / "hex.gpkg")},
        feedback=feedback,
    )
    layer = QgsVectorLayer(result["OUTPUT"], "interaction")
    got = layer_frame(layer)
    hexes = set(got.zone_id)
    assert all(h.startswith("AF100km_") for h in hexes)
    assert len(got) == len(hexes) * 6  # 2017-2022, every hexagon in every year
    assert set(got.interaction) <= set(d.INTERACTION_CLASSES)
    low = got[got.interaction == d.I_LOW_DATA]
    assert (low.knox_note != "").all() and got[got.interaction != d.I_LOW_DATA].knox_p.notna().all()
    assert "at least 5 events of each group (MIN_EVENTS)" in feedback.text()
    assert result["ZONES_TESTED"] == int(got.knox_p.notna().sum()) > 0

    style_interaction_layer(layer)
    renderer = layer.renderer()
    assert renderer.classAttribute() == "interaction"
    labels = {c.value(): c.label() for c in renderer.categories()}
    assert set(labels) == set(d.INTERACTION_CLASSES) and "JNIM and ISGS" in labels[d.I_ATTRACTION]
    props = layer.temporalProperties()
    assert props.isActive()
    # A frame inside 2019 shows the 2019 windows only.
    frame = QgsDateTimeRange(
        QDateTime(QDate(2019, 1, 1), QTime(0, 0)), QDateTime(QDate(2019, 1, 31), QTime(23, 59))
    )
    from qgis.core import QgsFeatureRequest, QgsVectorLayerTemporalContext

    ctx = QgsVectorLayerTemporalContext()
    ctx.setLayer(layer)
    expr = props.createFilterString(ctx, frame)
    years = {
        f["window_start"].year()
        for f in layer.getFeatures(QgsFeatureRequest().setFilterExpression(expr))
    }
    assert years == {2019}


def test_refuses_incidents_without_one_group(plugin, tmp_path):
    import processing
    from qgis.core import QgsProcessingException

    from sahel_overlap.plugin.io.writers import write_incidents_gpkg

    rng = np.random.default_rng(1)
    frame = incident_frame(
        rng.uniform(0, 1e5, 20), rng.uniform(0, 1e5, 20), rng.integers(0, 300, 20), ["a"] * 20
    )
    path = write_incidents_gpkg(frame, tmp_path / "only_a.gpkg")
    with pytest.raises(QgsProcessingException, match="no event of Group B left to test"):
        processing.run(ALG, {"INCIDENTS": path, "OUTPUT": "memory:"})


# --- the global chart ------------------------------------------------------------------------


def hand_table(significant_cells):
    """One window's 16 cells, ratio 2 everywhere; p = 0.01 in ``significant_cells``
    ((distance_km, days) pairs), else 0.5."""
    rows = []
    for dist in ki.DISTANCE_BANDS_KM:
        for days in ki.DAY_BANDS:
            p = 0.01 if (dist, days) in significant_cells else 0.5
            rows.append(
                {"window_start": DAY0, "window_end": pd.Timestamp("2020-12-31"),
                 "distance_km": float(dist), "days": days, "events_a": 50, "events_b": 40,
                 "events_share": 1.0, "pairs": 20, "expected": 10.0, "ratio": 2.0, "p": p,
                 "permutations": 99}
            )  # fmt: skip
    return pd.DataFrame(rows)


def test_knox_chart_marks_the_significant_cells_only(tmp_path):
    """Every cell is coloured 2x; only the two with p < 0.05 are outlined (a marked patch
    per significant cell in the SVG), and the legend says what the outline means."""
    from sahel_overlap.plugin.render.knox_chart import write_knox_chart

    path = write_knox_chart(hand_table({(5, 7), (25, 30)}), tmp_path / "k.svg", "JNIM", "ISGS")
    root = ET.parse(path).getroot()
    marked = [g for g in root.iter() if g.get("id", "").startswith("significant")]
    assert len(marked) == 2
    path = write_knox_chart(hand_table(set()), tmp_path / "none.svg", "JNIM", "ISGS")
    root = ET.parse(path).getroot()
    assert not [g for g in root.iter() if g.get("id", "").startswith("significant")]
    assert "p &lt; 0.05" in path.read_text() or "p < 0.05" in path.read_text()


def test_knox_chart_takes_group_names_with_dollar_signs(tmp_path):
    """A group name with $ signs (an alias table may hold one) is text, not mathematics:
    '$\\bad$' made matplotlib's mathtext fail and the chart was not written."""
    from sahel_overlap.plugin.render.knox_chart import knox_figure, write_knox_chart

    names = ("Katiba $\\bad$", "ISGS")
    path = write_knox_chart(hand_table(set()), tmp_path / "k.png", *names, note="cost $x$")
    assert not QImage(str(path)).isNull()
    fig = knox_figure(hand_table(set()), *names)
    shown = fig.texts[0].get_text() if fig.texts else fig._suptitle.get_text()
    assert "\\$\\bad\\$" in shown


# --- outputs: zone ids, staging, provenance, limits --------------------------------------------


def gpkg_zones(planted_layer, folder):
    """The planted zones as a GeoPackage: each zone carries its own fid (1..4)."""
    from osgeo import gdal

    path = folder / "zones.gpkg"
    gdal.VectorTranslate(str(path), planted_layer["zones"], format="GPKG", layerName="zones")
    return str(path)


def test_geopackage_zones_by_year_keep_their_fid_as_zone_fid(planted_layer, tmp_path):
    """Zones from a GeoPackage (their own fid) tested by year into a GeoPackage: the fid
    was copied into the output's fid, and the second window's rows of a zone were refused
    (UNIQUE constraint failed). It is written as zone_fid; every zone has both years."""
    import processing

    zones = gpkg_zones(planted_layer, tmp_path)
    fids = sorted(f.id() for f in QgsVectorLayer(zones).getFeatures())
    assert fids == [1, 2, 3, 4]
    result = processing.run(
        ALG,
        {"INCIDENTS": planted_layer["incidents"], "ZONES": zones, "WINDOW": 1,
         "START": "2019-01-01", "END": "2020-12-31", "OUTPUT": str(tmp_path / "ia.gpkg")},
    )  # fmt: skip
    got = layer_frame(QgsVectorLayer(result["OUTPUT"]))
    assert len(got) == 8 and sorted(set(got.zone_fid)) == fids
    assert (got.groupby("zone_fid").size() == 2).all()
    by = got.set_index(["zone_name", got.window_start.dt.year])
    assert by.loc[("follow", 2020), "zone_fid"] == 1 and by.loc[("turns", 2020), "zone_fid"] == 4
    # 2019 holds no event: low_data; 2020 keeps the planted classes.
    assert (by.xs(2019, level=1).interaction == d.I_LOW_DATA).all()
    assert by.loc[("follow", 2020), "interaction"] == d.I_ATTRACTION


def test_output_carries_its_provenance(planted_layer, tmp_path):
    """The output's metadata says how it was made (like scorezones): the algorithm, the
    plugin version, every parameter (seed, permutations, distance), the input's hash."""
    import json

    import processing

    from sahel_overlap.plugin.core.provenance import file_sha256, plugin_version
    from sahel_overlap.plugin.io.metadata import read_metadata

    result = processing.run(
        ALG,
        {"INCIDENTS": planted_layer["incidents"], "ZONES": planted_layer["zones"],
         "SEED": 7, "PERMUTATIONS": 99, "DISTANCE_KM": 20, "OUTPUT": str(tmp_path / "ia.gpkg")},
    )  # fmt: skip
    prov = read_metadata(result["OUTPUT"], d.META_PROVENANCE)
    assert prov is not None, "no provenance in the output's metadata"
    assert prov["algorithm"] == "saheloverlap:interaction" and prov["version"] == plugin_version()
    params = prov["parameters"]
    assert (params["SEED"], params["PERMUTATIONS"], params["DISTANCE_KM"]) == (7, 99, 20)
    assert params["WINDOW"] == d.WINDOW_WHOLE and params["min_expected"] == 3.0
    assert prov["input"]["sha256"] == file_sha256(planted_layer["incidents"])
    assert prov["groups"] == {"a": "JNIM", "b": "ISGS"}
    assert json.loads(result["PROVENANCE"]) == prov


def test_a_failed_chart_leaves_no_output_and_the_old_file_untouched(planted_layer, tmp_path):
    """The outputs are staged: when the last one (the chart) cannot be written, the run is
    an error, the zones and the table are not left behind, and a file the zones output
    would have replaced is as it was."""
    import hashlib

    import processing
    from qgis.core import QgsProcessingException

    out, table = tmp_path / "ia.gpkg", tmp_path / "table.gpkg"
    base = {"INCIDENTS": planted_layer["incidents"], "ZONES": planted_layer["zones"],
            "PERMUTATIONS": 19, "GLOBAL_PERMUTATIONS": 9}  # fmt: skip
    processing.run(ALG, {**base, "OUTPUT": str(out)})
    before = hashlib.sha256(out.read_bytes()).hexdigest()
    blocker = tmp_path / "not_a_folder"
    blocker.write_text("a file where the chart's folder should be")
    with pytest.raises(QgsProcessingException, match="Knox chart was not written"):
        processing.run(
            ALG,
            {**base, "OUTPUT": str(out), "KNOX_TABLE": str(table),
             "KNOX_CHART": str(blocker / "k.png")},
        )  # fmt: skip
    assert hashlib.sha256(out.read_bytes()).hexdigest() == before
    assert not table.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ia.gpkg", "not_a_folder"]


def test_full_disk_is_an_error_and_leaves_nothing(plugin, small_disk, tmp_path):
    """The sample by month on 25 km hexagons (several MB of zone-windows) onto a 1 MiB
    disk: an error, and nothing left there (no partial GeoPackage, no staging folder)."""
    import processing
    from qgis.core import QgsProcessingException

    incidents = tmp_path / "sample.gpkg"
    processing.run(
        "saheloverlap:importincidents", {"INPUT": str(d.SAMPLE_CSV), "OUTPUT": str(incidents)}
    )
    with pytest.raises(QgsProcessingException, match=r"disk|space|written|write"):
        processing.run(
            ALG,
            {"INCIDENTS": str(incidents), "CELL_SIZE_KM": 25, "WINDOW": 3, "PERMUTATIONS": 0,
             "GLOBAL_PERMUTATIONS": 0, "OUTPUT": str(small_disk / "ia.gpkg"),
             "KNOX_TABLE": str(small_disk / "t.gpkg"), "KNOX_CHART": str(small_disk / "k.png")},
        )  # fmt: skip
    assert list(small_disk.iterdir()) == []


def test_too_many_windows_is_a_clear_error(planted_layer):
    """A start date a century early asks for 1,212 monthly windows: a clear error naming
    the limit (was an uncaught TooManyWindows), and MAX_WINDOWS lifts it."""
    import processing
    from qgis.core import QgsProcessingException

    base = {"INCIDENTS": planted_layer["incidents"], "ZONES": planted_layer["zones"],
            "WINDOW": 3, "START": "1920-01-01", "END": "2020-12-31", "PERMUTATIONS": 0,
            "GLOBAL_PERMUTATIONS": 0, "KNOX_CHART": None, "KNOX_CHART_SVG": None,
            "OUTPUT": "memory:"}  # fmt: skip
    with pytest.raises(
        QgsProcessingException,
        match=r"1212 month windows from 1920-01-01 to 2020-12-31, more than the limit of 1000",
    ):
        processing.run(ALG, base)
    raised = processing.run(ALG, {**base, "MAX_WINDOWS": 1212})
    assert raised["OUTPUT"].featureCount() == 4 * 1212


# --- real ACLED files ------------------------------------------------------------------------------


def real_table(path, tmp_path, keep_imprecise=False, name="t"):
    """Import a real file, run the interaction by year; the global table as a frame."""
    import processing

    inc = tmp_path / f"{name}.gpkg"
    if not inc.exists():
        processing.run("saheloverlap:importincidents", {"INPUT": str(path), "OUTPUT": str(inc)})
    result = processing.run(
        ALG,
        {
            "INCIDENTS": str(inc),
            "WINDOW": 1,
            "PERMUTATIONS": 199,
            "GLOBAL_PERMUTATIONS": 999,
            "KEEP_IMPRECISE_DATES": keep_imprecise,
            "OUTPUT": "memory:",
            "KNOX_TABLE": "memory:",
        },
    )
    table = layer_frame(result["KNOX_TABLE"])
    table["year"] = table.window_start.dt.year
    return table.set_index(["year", "distance_km", "days"]), layer_frame(result["OUTPUT"])


@pytest.mark.real_data
def test_real_burkina_faso_2019_2020_issue_figures(plugin, real_data, tmp_path):
    """The issue's figures (1.55x in 2019, 0.25x in 2020 at 25 km / 14 days) come back when
    events without a known day are kept; by default (they are left out) 2019 is 1.32x and not
    significant, 2020 0.30x and significant. docs/methodology.md, section 7."""
    path = real_data / "acled_burkina_faso_2016_2020.csv"
    table, zones = real_table(path, tmp_path, name="bfa")
    y19, y20 = table.loc[(2019, 25, 14)], table.loc[(2020, 25, 14)]
    # 31 ISGS events: BFO1947 (JNIM only the army's associate) is ISGS's own, not a clash.
    assert (y19.events_a, y19.events_b, y19.pairs) == (212, 31, 17)
    assert y19.ratio == pytest.approx(1.324, abs=0.002) and y19.p > 0.1
    assert (y20.events_a, y20.events_b, y20.pairs) == (126, 168, 3)
    assert y20.ratio == pytest.approx(0.300, abs=0.002) and y20.p < 0.05
    assert table.loc[(2017, 25, 14)].events_b == 0  # ISGS absent: nothing to compare
    kept, _ = real_table(path, tmp_path, keep_imprecise=True, name="bfa")
    assert kept.loc[(2019, 25, 14)].ratio == pytest.approx(1.55, abs=0.005)
    assert kept.loc[(2020, 25, 14)].ratio == pytest.approx(0.25, abs=0.005)
    assert kept.loc[(2020, 25, 14)].p < 0.05
    # Per zone the file is thin: 100 km hexagons hold 5+ events of each group in 3 zone-years.
    # The two of 2020 expect 2.5 and 1.2 close pairs: too few for avoidance to show (even 0
    # observed would not be significant), so low_data with the note, not none. Soum's hexagon
    # in 2019 reaches 5 ISGS events with BFO1947 (ISGS's own, not a clash): 6 pairs for 4.9
    # expected, none.
    tested = zones[zones.knox_p.notna()].sort_values("knox_expected")
    assert len(tested) == 3 and list(tested.window_start.dt.year) == [2020, 2020, 2019]
    np.testing.assert_allclose(tested.knox_expected, [1.2, 2.5, 4.9], atol=0.05)
    y20z = tested[tested.window_start.dt.year == 2020]
    assert (y20z.interaction == d.I_LOW_DATA).all()
    assert (y20z.knox_note == ki.NOTE_FEW_EXPECTED.format(e=3)).all()
    assert tested.interaction.iloc[2] == d.I_NONE and tested.knox_pairs.iloc[2] == 6
    assert set(zones.interaction) == {d.I_LOW_DATA, d.I_NONE}


@pytest.mark.real_data
def test_real_burkina_faso_pooled_answer_by_year(plugin, real_data, tmp_path):
    """The pooled per-zone answer the issue expected: 2019 at 25 km / 14 days in 100 km
    hexagons, 10 close pairs over 6 zones; 2020 at 50 km / 30 days in 200 km hexagons, 36
    against 51.6 (0.70x, p 0.060). Since BFO1947 (Koutougou, JNIM only the army's associate)
    is an ISGS event and not a clash, 2019 expects 7.0 pairs (1.43x, p 0.20): the issue's
    1.4-1.7x holds, its p 0.03-0.07 came from that misread clash."""
    import json

    import processing

    inc = tmp_path / "bfa.gpkg"
    processing.run(
        "saheloverlap:importincidents",
        {"INPUT": str(real_data / "acled_burkina_faso_2016_2020.csv"), "OUTPUT": str(inc)},
    )

    def pooled(km, days, cell):
        result = processing.run(
            ALG,
            {"INCIDENTS": str(inc), "WINDOW": 1, "DISTANCE_KM": km, "DAYS": days,
             "CELL_SIZE_KM": cell, "PERMUTATIONS": 999, "GLOBAL_PERMUTATIONS": 0,
             "OUTPUT": "memory:"},
        )  # fmt: skip
        rows = json.loads(result["PROVENANCE"])["pooled"]
        return {int(r["window_start"][:4]): r for r in rows}

    y19 = pooled(25, 14, 100)[2019]
    assert (y19["zones"], y19["knox_pairs"]) == (6, 10)
    assert y19["knox_expected"] == pytest.approx(7.0, abs=0.05)
    assert 1.4 < y19["knox_ratio"] < 1.7 and 0.12 < y19["knox_p"] < 0.3
    y20 = pooled(50, 30, 200)[2020]
    assert y20["knox_pairs"] == 36 and y20["knox_expected"] == pytest.approx(51.6, abs=0.05)
    assert 0.65 < y20["knox_ratio"] < 0.75 and 0.03 < y20["knox_p"] < 0.1
    assert y20["knox_z"] == pytest.approx(-1.85, abs=0.01)


@pytest.mark.real_data
def test_real_mali_by_year(plugin, real_data, tmp_path):
    """Mali 2017-2020: the two groups' events rarely fall within 25 km and 14 days of each
    other, and no more or less often than their places and calendars imply."""
    table, zones = real_table(
        real_data / "acled_mali_2017_2020_actor_based.csv", tmp_path, name="mli"
    )
    y20 = table.loc[(2020, 25, 14)]
    # 101 ISGS events: MLI4547 (Aboungoulou, 6.3 km past Natural Earth's Mali) is kept.
    assert (y20.events_a, y20.events_b, y20.pairs) == (337, 101, 6)
    assert y20.ratio == pytest.approx(0.931, abs=0.002) and y20.p > 0.5
    assert table.loc[(2019, 25, 14)].pairs == 0
    # Within 25 km no year differs from chance in any time band ...
    assert (table.xs(25, level="distance_km").p > 0.25).all()
    # ... while at 50 km / 7 days 2019 holds 6 pairs for 1.6 expected (one of 64 cells).
    cell = table.loc[(2019, 50, 7)]
    assert (cell.pairs, round(cell.expected, 2)) == (6, 1.56) and cell.p < 0.01
    # One zone-window tested per zone (2020, 0 pairs for 0.2 expected): low_data, since
    # no pair at all is what chance gives 80 % of the time.
    tested = zones[zones.knox_p.notna()].iloc[0]
    assert tested.knox_pairs == 0 and tested.knox_expected == pytest.approx(0.2, abs=0.05)
    assert tested.interaction == d.I_LOW_DATA and zones.knox_p.notna().sum() == 1


@pytest.mark.real_data
def test_qgis_process_runs_the_interaction_on_real_data(real_data, tmp_path, qgis_process_env):
    env = qgis_process_env
    incidents = tmp_path / "bfa.gpkg"
    table = tmp_path / "table.csv"
    run = subprocess.run(
        [QGIS_PROCESS, "run", "saheloverlap:importincidents", "--",
         f"INPUT={real_data / 'acled_burkina_faso_2016_2020.csv'}", f"OUTPUT={incidents}"],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    run = subprocess.run(
        [QGIS_PROCESS, "run", ALG, "--", f"INCIDENTS={incidents}", "WINDOW=1",
         "GLOBAL_PERMUTATIONS=999", f"OUTPUT={tmp_path / 'ia.gpkg'}", f"KNOX_TABLE={table}",
         f"KNOX_CHART={tmp_path / 'knox.png'}", f"KNOX_CHART_SVG={tmp_path / 'knox.svg'}"],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    assert "ZONES_TESTED:\t3" in run.stdout  # Soum 2019 with BFO1947 as an ISGS event
    rows = pd.read_csv(table)
    cell = rows[
        (rows.window_start.str.startswith("2020")) & (rows.distance_km == 25) & (rows.days == 14)
    ]
    assert cell.ratio.iloc[0] == pytest.approx(0.300, abs=0.002) and cell.p.iloc[0] < 0.05
    assert QImage(str(tmp_path / "knox.png")).width() > 400
    assert (tmp_path / "knox.svg").stat().st_size > 10_000


def test_toolbox_run_loads_the_output_styled_and_time_aware(planted_layer, qgis_new_project):
    """What the analyst sees after a toolbox run: the layer in the project, styled by class
    with the groups' names (set on the main thread by the post-processor), time-aware."""
    import processing
    from qgis.core import QgsProject

    result = processing.runAndLoadResults(
        ALG,
        {
            "INCIDENTS": planted_layer["incidents"],
            "ZONES": planted_layer["zones"],
            "OUTPUT": "TEMPORARY_OUTPUT",
            "KNOX_TABLE": "TEMPORARY_OUTPUT",
        },
    )
    layer = QgsProject.instance().mapLayer(result["OUTPUT"])
    assert layer is not None and layer.featureCount() == 4
    renderer = layer.renderer()
    assert renderer.type() == "categorizedSymbol" and renderer.classAttribute() == "interaction"
    labels = {c.value(): c.label() for c in renderer.categories()}
    assert labels[d.I_AVOIDANCE] == d.interaction_label(d.I_AVOIDANCE, "JNIM", "ISGS")
    assert layer.temporalProperties().isActive()


def colour_pixels(path, colour: str, tol: int = 10) -> int:
    """Pixels of ``colour`` (within ``tol`` per channel) in a rendered image."""
    image = QImage(str(path)).convertToFormat(QImage.Format_RGB32)
    ptr = image.constBits()
    ptr.setsize(image.height() * image.bytesPerLine())
    arr = np.frombuffer(ptr, np.uint8).reshape(image.height(), image.bytesPerLine() // 4, 4)
    rgb = arr[:, : image.width(), 2::-1].astype(int)  # BGRA -> RGB
    want = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)])
    return int((np.abs(rgb - want) <= tol).all(axis=2).sum())


def test_exported_map_outlines_attraction_and_avoidance(planted_layer, tmp_path):
    """The optional layer on the exported map, as the reader sees it: the rendered page
    has the attraction (solid) and avoidance (dashed) outlines in their colours, the
    legend names them with the groups, and without the layer neither colour is drawn."""
    import processing

    common = {"INCIDENTS": planted_layer["incidents"], "ZONES": planted_layer["zones"]}
    zones = processing.run(
        "saheloverlap:scorezones", {**common, "OUTPUT": str(tmp_path / "z.gpkg")}
    )
    found = processing.run(ALG, {**common, "OUTPUT": str(tmp_path / "ia.gpkg")})
    pages = {}
    for name, extra in (("with", {"INTERACTION": found["OUTPUT"]}), ("without", {})):
        result = processing.run(
            "saheloverlap:exportmap",
            {"ZONES": zones["OUTPUT"], "INCIDENTS": planted_layer["incidents"], "FORMAT": 1,
             "DPI": 100, "OUTPUT": str(tmp_path / f"{name}.png"), **extra},
        )  # fmt: skip
        assert result["PAGES"] == 1
        pages[name] = result["OUTPUT"]
    for cls in (d.I_ATTRACTION, d.I_AVOIDANCE):
        colour = d.INTERACTION_COLOURS[cls]
        assert colour_pixels(pages["with"], colour) > 200, cls
        assert colour_pixels(pages["without"], colour) < 20, cls
    pdf = processing.run(
        "saheloverlap:exportmap",
        {"ZONES": zones["OUTPUT"], "INCIDENTS": planted_layer["incidents"], "FORMAT": 0,
         "INTERACTION": found["OUTPUT"], "OUTPUT": str(tmp_path / "map.pdf")},
    )  # fmt: skip
    text = subprocess.run(["pdftotext", pdf["OUTPUT"], "-"], capture_output=True, text=True)
    flat = " ".join(text.stdout.split())
    for cls in (d.I_ATTRACTION, d.I_AVOIDANCE):
        assert d.interaction_label(cls, "JNIM", "ISGS") in flat


def test_exportmap_refuses_a_layer_that_is_not_the_interaction_output(planted_layer, tmp_path):
    import processing
    from qgis.core import QgsProcessingException

    zones = processing.run(
        "saheloverlap:scorezones",
        {"INCIDENTS": planted_layer["incidents"], "ZONES": planted_layer["zones"], "OUTPUT": str(tmp_path / "z.gpkg")},
    )  # fmt: skip
    with pytest.raises(QgsProcessingException, match="no field 'interaction'"):
        processing.run(
            "saheloverlap:exportmap",
            {"ZONES": zones["OUTPUT"], "INCIDENTS": planted_layer["incidents"],
             "INTERACTION": zones["OUTPUT"], "OUTPUT": str(tmp_path / "m.pdf")},
        )  # fmt: skip


@pytest.mark.parametrize("at", [6, 76])
def test_cancel_during_the_test_writes_no_output(planted_layer, tmp_path, at):
    """Cancel pressed while the per-zone permutations (from 5 %) or the global table (from
    75 %) run: the run is an error saying it was canceled (a cancel that reported success
    would look like a finished analysis) and no output is left behind."""
    import processing
    from qgis.core import QgsProcessingException, QgsProcessingFeedback

    from sahel_overlap.plugin.provider.base import CANCELED

    class CancelInTest(QgsProcessingFeedback):
        def setProgress(self, progress):
            super().setProgress(progress)
            if progress > at:
                self.cancel()

    out = tmp_path / "ia.gpkg"
    feedback = CancelInTest()
    with pytest.raises(QgsProcessingException, match=CANCELED):
        processing.run(
            ALG,
            {"INCIDENTS": planted_layer["incidents"], "ZONES": planted_layer["zones"],
             "PERMUTATIONS": 999, "OUTPUT": str(out), "KNOX_TABLE": str(tmp_path / "t.gpkg"),
             "KNOX_CHART": str(tmp_path / "k.png")},
            feedback=feedback,
        )  # fmt: skip
    assert feedback.isCanceled()
    assert list(tmp_path.iterdir()) == []
