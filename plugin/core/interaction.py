"""Space-time interaction between two groups: a two-group Knox test per zone and window.

Per zone and window, over the (A, B) pairs with both events in the zone-window:

    knox_pairs   pairs within ``distance_m`` in space and ``days`` in time
    space_pairs  pairs within ``distance_m`` (whatever their dates)

The null hypothesis permutes the event dates *within each group* among that group's
own events of the zone-window: each group keeps its places and its calendar, and
only the link between where one group strikes and when the other does is broken.
Under it, a given pair gets a date drawn uniformly from A's dates and, independently,
one drawn from B's, so the expectation is exact::

    knox_expected = space_pairs * q,   q = #{(s, t) in dates_A x dates_B : |s - t| <= days}
                                           / (n_A * n_B)

(what the mean over permutations estimates, without its Monte Carlo noise). The
p-value is Monte Carlo and two-sided: ``min(1, 2 (min(R_high, R_low) + 1) / (M + 1))``
with R_high = #{permuted >= observed}, R_low = #{permuted <= observed}.

Direction: among the pairs close in space and time on different days, the share in
which B's event comes after A's (``b_after_a``), tested against the same permutations.

Speed: the pairs close in space are found once per zone-window (kd-trees, or all pairs
compared directly in small zone-windows); a permutation then only recounts their time
condition (two gathers of 16-bit day numbers, a comparison and a byte sum per pair). When most of a zone's pairs are close in space, the count is taken
as "all pairs close in time" (permutation-invariant, counted from sorted dates) minus
the few pairs *far* in space that are close in time, so only those are recounted.

A zone no wider than the distance has every pair close in space: the count is then
fixed by the two calendars and the test cannot tell anything (``low_data``).

The global table (:func:`knox_table`) counts the pairs of the whole window for distance
bands x time bands, with dates permuted within each group over the whole window.

References: Knox, E. G. (1964). The detection of space-time interactions. Journal of
the Royal Statistical Society C 13(1). Mantel, N. (1967). The detection of disease
clustering and a generalized regression approach. Cancer Research 27(2).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from .. import definitions as d
from ..definitions import N_

__all__ = [
    "DAY_BANDS",
    "DISTANCE_BANDS_KM",
    "FIELDS",
    "TABLE_FIELDS",
    "Canceled",
    "KnoxParams",
    "bh_qvalues",
    "knox_table",
    "knox_variance",
    "knox_zones",
]

#: Bands of the global table (the classic Knox picture).
DISTANCE_BANDS_KM = (5, 10, 25, 50)
DAY_BANDS = (3, 7, 14, 30)

#: Threads for the permutation loop (numpy releases the GIL in gathers and bincounts).
_MAX_THREADS = 2
#: Pairs x permutations handled between two progress / cancel checks.
_BATCH_WORK = 20_000_000
#: Pairs of one zone-window compared at once in the brute-force pass for far pairs.
_BLOCK = 4_000_000
#: Zone-windows with at most this many (A, B) pairs compare them all, without kd-trees.
_DIRECT = 250_000
#: Pairs recounted at once: the temporaries stay in the CPU cache (2-4x faster than one
#: pass over millions of pairs, and much less hurt by other processes on the machine).
_CHUNK = 65_536
#: Undecided zones with at most this many pairs + events are permuted many at a time, as
#: the rows of one array (_permute_rows), with at most _ROWS_WORK elements per batch.
_ROWS_MAX = 10_000
_ROWS_WORK = 4_000_000
#: Pairs + events x permutations the sequential rounds of one window may recount (under
#: a second on a loaded machine): a zone whose p sits right at its threshold goes on to
#: MAX_PERMUTATIONS at a cost that grows with its size. Zones still undecided then are
#: counted ("unsettled") and, unless significant on their p, low_data.
_SEQ_WORK = 50_000_000


class Canceled(Exception):
    """Raised when ``is_canceled()`` returns True."""


@dataclass
class KnoxParams:
    distance_m: float = 25_000.0
    days: int = 14
    permutations: int = 199
    #: Cap on the permutations a zone-window gets when its decision is not settled after
    #: the first ``permutations`` (sequential Monte Carlo, below).
    max_permutations: int = 99_999
    seed: int | None = 1
    min_events: int = 5  # per group, else low_data
    alpha: float = 0.05  # on the BH q-value
    #: Fewest close pairs a zone-window must expect for avoidance to be able to show:
    #: with E expected (Poisson), even 0 observed pairs has a two-sided mid-p of about
    #: exp(-E), below alpha = 0.05 only when E > ln(20) = 3.0. Below it, a zone-window
    #: that is not significant attraction is low_data, not "none".
    min_expected: float = 3.0
    global_permutations: int = 99
    #: Pairs within the widest band above which the global table draws a random share
    #: of each group's events (seeded; the share is in the table and the log).
    global_pair_budget: int = 2_000_000
    #: Chance that a zone's Monte Carlo interval misses its true p, per zone and round of
    #: the sequential test (Clopper-Pearson intervals).
    resampling_risk: float = 1e-3


# Output columns per zone-window, in order (zone attributes are added by the caller).
FIELDS = [
    ("window_start", "date"),
    ("window_end", "date"),
    ("group_a", "str"),
    ("group_b", "str"),
    ("events_a", "int"),
    ("events_b", "int"),
    ("distance_km", "float"),
    ("days", "int"),
    ("space_pairs", "int"),
    ("knox_pairs", "int"),
    ("knox_expected", "float"),
    ("knox_ratio", "float"),
    ("knox_p", "float"),
    ("knox_p_se", "float"),
    ("knox_perms", "int"),
    ("knox_z", "float"),
    ("knox_q", "float"),
    ("b_after_a", "float"),
    ("b_after_a_exp", "float"),
    ("b_after_a_p", "float"),
    ("interaction", "str"),
    ("knox_note", "str"),
    ("source_ds", "str"),
]
FIELD_NAMES = [n for n, _ in FIELDS]

# Columns of the global table.
TABLE_FIELDS = [
    ("window_start", "date"),
    ("window_end", "date"),
    ("distance_km", "float"),
    ("days", "int"),
    ("events_a", "int"),
    ("events_b", "int"),
    ("events_share", "float"),
    ("pairs", "int"),
    ("expected", "float"),
    ("ratio", "float"),
    ("p", "float"),
    ("permutations", "int"),
]

# Notes on the zone-windows that cannot be tested (knox_note: English in the output, in
# the user's language in the log, ``note_text``).
NOTE_FEW = N_("fewer than {m} events of {who}")
NOTE_FEW_EITHER = N_("fewer than {m} events of either group")  # NOTE_FEW's log text, both
NOTE_NO_PAIR = N_("no pair within {km:g} km")
NOTE_ALL_CLOSE = N_("every pair within {km:g} km: the calendars fix the count")
NOTE_NO_VARIATION = N_("the permuted dates never change the count")
NOTE_NO_PERMUTATIONS = N_("no permutations (PERMUTATIONS = 0)")
NOTE_FEW_EXPECTED = N_("under {e:g} close pairs expected: avoidance could not show")
NOTE_FLOOR = N_(
    "alone among {n} tested zones it needs p < {t:.2g}: beyond {m} permutations' reach "
    "(MAX_PERMUTATIONS)"
)
NOTE_EXTREME = N_("even the most extreme count would not be significant among {n} tested zones")
NOTE_UNSETTLED = N_("undecided after {m} permutations: p within Monte Carlo error of its threshold")
_NOTES = [
    NOTE_FEW,
    NOTE_NO_PAIR,
    NOTE_ALL_CLOSE,
    NOTE_NO_VARIATION,
    NOTE_NO_PERMUTATIONS,
    NOTE_FEW_EXPECTED,
    NOTE_FLOOR,
    NOTE_EXTREME,
    NOTE_UNSETTLED,
]
_FIELD = re.compile(r"\{(\w+)(?::[^{}]*)?\}")


def _note_pattern(template: str) -> re.Pattern:
    parts = re.split(r"(\{\w+(?::[^{}]*)?\})", template)
    body = "".join(
        f"(?P<{_FIELD.match(part).group(1)}>.+?)" if _FIELD.fullmatch(part) else re.escape(part)
        for part in parts
    )
    return re.compile(f"^{body}$", re.S)


def note_text(note: str, translate: Callable[[str], str] = str) -> str:
    """A knox_note as the log shows it: ``translate``d, its numbers and group names as
    written in the note (the output keeps the English note)."""
    for template in _NOTES:
        found = _note_pattern(template).match(note)
        if found is None:
            continue
        values = found.groupdict()
        if template is NOTE_FEW and values["who"] == "either group":
            template, values = NOTE_FEW_EITHER, {"m": values["m"]}
        # The values are the note's text already formatted: no format spec applies.
        return _FIELD.sub(r"{\1}", translate(template)).format(**values)
    return note


# Columns of the pooled answer per window (``knox_zones(...).attrs["pooled"]``).
POOLED_FIELDS = [
    "window_start",
    "window_end",
    "distance_km",
    "days",
    "zones",
    "knox_pairs",
    "knox_expected",
    "knox_ratio",
    "knox_p",
    "knox_z",
    "permutations",
    "unsettled",
]


def events_factor_needed(expected, min_expected: float) -> np.ndarray:
    """How many times more events of each group a zone-window needs to expect
    ``min_expected`` close pairs (the expectation grows with n_A x n_B)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.sqrt(min_expected / np.asarray(expected, dtype=float))


def _check(check: Callable[[], bool] | None) -> None:
    if check is not None and check():
        raise Canceled("interaction test canceled")


def bh_qvalues(p: np.ndarray) -> np.ndarray:
    """Benjamini-Hochberg q-values of the finite entries of ``p`` (NaN stays NaN)."""
    p = np.asarray(p, dtype=float)
    q = np.full(p.shape, np.nan)
    ok = np.flatnonzero(np.isfinite(p))
    m = len(ok)
    if m == 0:
        return q
    order = ok[np.argsort(p[ok], kind="stable")]
    ranked = p[order] * m / np.arange(1, m + 1)
    q[order] = np.minimum(1.0, np.minimum.accumulate(ranked[::-1])[::-1])
    return q


def _two_sided(r_high, r_low, m) -> np.ndarray:
    """Two-sided Monte Carlo p-value from R_high = #{permuted >= observed} and R_low =
    #{permuted <= observed} among m permutations.

    Each tail is a mid-rank p-value: the observed ranks among the m + 1 values with
    its T ties (T = R_high + R_low - m) counted half, (R + 1 - T/2) / (m + 1). Counting
    ties whole would make counts of a few dozen pairs, which tie often, a conservative test
    (p <= 0.05 in 3.8% of null zones instead of 5%). Twice the smaller tail, at most 1.
    """
    m = np.asarray(m, dtype=float)
    r_high = np.asarray(r_high, dtype=float)
    r_low = np.asarray(r_low, dtype=float)
    ties = r_high + r_low - m
    with np.errstate(divide="ignore", invalid="ignore"):
        tail = (np.minimum(r_high, r_low) - ties / 2.0 + 1.0) / (m + 1.0)
        p = np.minimum(1.0, 2.0 * tail)
    return np.where(m > 0, p, np.nan)


def _date_pair_counts(ta: np.ndarray, tb: np.ndarray, days: int) -> tuple[int, int, int]:
    """Over all (A, B) date pairs: (#|tb - ta| <= days, #0 < tb - ta <= days, #-days <= tb - ta < 0)."""
    tb = np.sort(tb)
    hi = np.searchsorted(tb, ta + days, side="right")
    lo = np.searchsorted(tb, ta - days, side="left")
    at_r = np.searchsorted(tb, ta, side="right")
    at_l = np.searchsorted(tb, ta, side="left")
    return int((hi - lo).sum()), int((hi - at_r).sum()), int((at_l - lo).sum())


def knox_variance(ta, tb, days: int, deg_a, deg_b) -> tuple[float, float]:
    """Exact permutation mean and variance of the two-group Knox count.

    ``deg_a[i]`` / ``deg_b[j]``: how many pairs close in space A event i / B event j is in
    (S = their sum). Under the null, A's events get a uniformly random permutation of
    ``ta`` and, independently, B's of ``tb``. With K(u, v) = 1{|ta[u] - tb[v]| <= days},
    r_u = sum_v K(u, v), c_v = sum_u K(u, v), k = sum K:

        E[X] = S k / (nA nB)
        E[X^2] = S k / (nA nB)                                  (the same pair)
               + sum_i deg_a[i](deg_a[i] - 1) sum_u r_u(r_u - 1) / (nA nB (nB - 1))
               + sum_j deg_b[j](deg_b[j] - 1) sum_v c_v(c_v - 1) / (nB nA (nA - 1))
               + N_other (k^2 - sum r_u^2 - sum c_v^2 + k) / (nA (nA - 1) nB (nB - 1))

    (two pairs sharing their A event, their B event, or neither; N_other = S^2 - S - the
    two sums of deg (deg - 1)).
    """
    ta = np.asarray(ta, dtype=np.int64)
    tb = np.asarray(tb, dtype=np.int64)
    na, nb = len(ta), len(tb)
    deg_a = np.asarray(deg_a, dtype=float)
    deg_b = np.asarray(deg_b, dtype=float)
    s = float(deg_a.sum())
    sa, sb = np.sort(ta), np.sort(tb)
    r = (np.searchsorted(sb, ta + days, "right") - np.searchsorted(sb, ta - days, "left")).astype(
        float
    )
    c = (np.searchsorted(sa, tb + days, "right") - np.searchsorted(sa, tb - days, "left")).astype(
        float
    )
    k = float(r.sum())
    mean = s * k / (na * nb)
    n_i = float((deg_a * (deg_a - 1)).sum())
    n_j = float((deg_b * (deg_b - 1)).sum())
    n_o = s * s - s - n_i - n_j
    # A term whose pairs of pairs cannot occur (one event in a group) is 0, not 0 / 0.
    e2 = mean
    if n_i > 0:
        e2 += n_i * float((r * (r - 1)).sum()) / (na * nb * (nb - 1))
    if n_j > 0:
        e2 += n_j * float((c * (c - 1)).sum()) / (nb * na * (na - 1))
    if n_o > 0:
        both = k * k - float((r * r).sum()) - float((c * c).sum()) + k
        e2 += n_o * both / (na * (na - 1) * nb * (nb - 1))
    var = e2 - mean * mean
    # Rounding of two large, equal moments is not variance: a count that cannot move is 0.
    return mean, var if var > 1e-9 * max(1.0, e2) else 0.0


def _far_pairs(xa: np.ndarray, xb: np.ndarray, dist2: float) -> tuple[np.ndarray, np.ndarray]:
    """(i, j) of the pairs farther apart than sqrt(dist2), by brute force in blocks."""
    rows = max(1, _BLOCK // max(1, len(xb)))
    out_i, out_j = [], []
    for s in range(0, len(xa), rows):
        blk = xa[s : s + rows]
        dx = blk[:, 0:1] - xb[None, :, 0]
        dy = blk[:, 1:2] - xb[None, :, 1]
        i, j = np.nonzero(dx * dx + dy * dy > dist2)
        out_i.append(i + s)
        out_j.append(j)
    return np.concatenate(out_i), np.concatenate(out_j)


def _close_pairs(tree_a: cKDTree, tree_b: cKDTree, dist: float) -> tuple[np.ndarray, np.ndarray]:
    sdm = tree_a.sparse_distance_matrix(tree_b, dist, output_type="ndarray")
    return sdm["i"], sdm["j"]


def _space_pairs(xa: np.ndarray, xb: np.ndarray, dist: float):
    """(pairs within ``dist``, i, j, sign) of one zone-window's A and B events.

    sign +1: (i, j) are the pairs close in space; -1: the pairs far in space (fewer than
    the close ones, so a permutation recounts them and subtracts); 0: none or all pairs
    are close, (i, j) are None.
    """
    n_all = len(xa) * len(xb)
    dist2 = dist * dist
    lo = np.minimum(xa.min(axis=0), xb.min(axis=0))
    hi = np.maximum(xa.max(axis=0), xb.max(axis=0))
    if float(((hi - lo) ** 2).sum()) <= dist2:
        return n_all, None, None, 0  # the events are no wider apart than the distance
    if n_all <= _DIRECT:
        # Few pairs: comparing them all is faster than building and walking two trees.
        dx = xa[:, 0:1] - xb[None, :, 0]
        dy = xa[:, 1:2] - xb[None, :, 1]
        near = dx * dx + dy * dy <= dist2
        s_pairs = int(np.count_nonzero(near))
        if s_pairs in (0, n_all):
            return s_pairs, None, None, 0
        if 2 * s_pairs <= n_all:
            return (s_pairs, *np.nonzero(near), 1)
        return (s_pairs, *np.nonzero(~near), -1)
    tree_a, tree_b = cKDTree(xa), cKDTree(xb)
    s_pairs = int(tree_a.count_neighbors(tree_b, dist))
    if s_pairs in (0, n_all):
        return s_pairs, None, None, 0
    if 2 * s_pairs <= n_all:
        i, j = _close_pairs(tree_a, tree_b, dist)
        s_pairs, sign = len(i), 1
    else:
        i, j = _far_pairs(xa, xb, dist2)
        s_pairs, sign = n_all - len(i), -1
    if s_pairs in (0, n_all):  # the tree's count and the exact pass disagree at the edge
        return s_pairs, None, None, 0
    return s_pairs, i, j, sign


def _segment_shuffle(rng: np.random.Generator, seg: np.ndarray) -> np.ndarray:
    """A uniformly random permutation within each run of equal, sorted ``seg`` values.

    A random permutation, then a stable sort on the segment (a radix sort for 16-bit
    keys): within a segment, events keep the random order. O(n), ~4x faster than
    sorting random keys.
    """
    g = rng.permutation(len(seg))
    if seg.dtype.itemsize <= 2:
        return g[np.argsort(seg[g], kind="stable")]
    s = seg[g]
    low = np.argsort((s & 0xFFFF).astype(np.uint16), kind="stable")
    high = np.argsort((s[low] >> 16).astype(np.uint16), kind="stable")
    return g[low[high]]


def _seg_dtype(n_segments: int):
    return np.int16 if n_segments < 2**15 else np.int32


@dataclass
class _Tested:
    """The zone-windows of one window that are tested, and their pairs to recount."""

    zones: np.ndarray  # zone index of each slot
    ta: np.ndarray  # days (since the window's first event) of A events, grouped by slot
    tb: np.ndarray
    seg_a: np.ndarray  # slot of each A event
    seg_b: np.ndarray
    pa: np.ndarray  # pairs to recount, grouped by slot: index into ta
    pb: np.ndarray  # and into tb
    starts: np.ndarray  # first pair of each slot
    chunks: list  # (first pair, end, run starts within the chunk) of _CHUNK pairs
    run_starts: np.ndarray  # first run of each slot among all chunks' runs
    sign: np.ndarray  # +1: pairs close in space; -1: pairs far in space (complement)
    base: np.ndarray  # (slots, 3) all-pairs (close, after, before) counts, 0 when sign = +1
    days: int


def _small_days(t: np.ndarray, first: int) -> np.ndarray:
    """Days since ``first`` in the smallest dtype that holds their differences (fast gathers)."""
    span = int(t.max() - first) if len(t) else 0
    return (t - first).astype(np.int16 if span < 2**14 else np.int32)


def _counts(dd: np.ndarray, days: int, starts: np.ndarray) -> np.ndarray:
    """(runs, 3): pairs with |dd| <= days, with 0 < dd <= days, with -days <= dd < 0 per run."""
    close = np.abs(dd) <= days
    flags = (close, close & (dd > 0), close & (dd < 0))
    if len(starts) == 1:  # one run (a chunk inside a large zone): plain counts
        return np.array([[np.count_nonzero(f) for f in flags]], dtype=np.int64)
    # Summing the bytes of a boolean array is ~2x faster than a bincount of codes.
    return np.stack(
        [np.add.reduceat(f.view(np.uint8), starts, dtype=np.int64) for f in flags], axis=1
    )


def _chunks(starts: np.ndarray, n_pairs: int) -> tuple[list, np.ndarray]:
    """Cut the pairs into chunks of at most _CHUNK; a run is a slot's part of one chunk."""
    cuts = np.union1d(starts, np.arange(0, n_pairs, _CHUNK))
    slot_of_run = np.searchsorted(starts, cuts, side="right") - 1
    chunks = []
    for c0 in range(0, n_pairs, _CHUNK):
        c1 = min(n_pairs, c0 + _CHUNK)
        local = cuts[(cuts >= c0) & (cuts < c1)] - c0
        chunks.append((c0, c1, local))
    run_starts = np.searchsorted(slot_of_run, np.arange(len(starts)), side="left")
    return chunks, run_starts


def _count(t: _Tested, ta: np.ndarray, tb: np.ndarray) -> np.ndarray:
    """(slots, 3) counts (close, after, before) of the tested zones for these dates."""
    runs = [_counts(tb[t.pb[c0:c1]] - ta[t.pa[c0:c1]], t.days, local) for c0, c1, local in t.chunks]
    raw = np.add.reduceat(np.concatenate(runs), t.run_starts, axis=0)
    return t.base + t.sign[:, None] * raw


def _subset(t: _Tested, keep: np.ndarray) -> _Tested:
    """The tested zones ``keep`` (slot indices) alone: the sequential rounds recount only
    the zones still undecided, so a round costs what their pairs and events cost."""
    a_off = np.r_[0, np.cumsum(np.bincount(t.seg_a, minlength=len(t.zones)))]
    b_off = np.r_[0, np.cumsum(np.bincount(t.seg_b, minlength=len(t.zones)))]
    p_off = np.r_[t.starts, len(t.pa)]
    ta_l, tb_l, pa_l, pb_l = [], [], [], []
    na = nb = 0
    for s in keep:
        ta_l.append(t.ta[a_off[s] : a_off[s + 1]])
        tb_l.append(t.tb[b_off[s] : b_off[s + 1]])
        pa_l.append(t.pa[p_off[s] : p_off[s + 1]] - a_off[s] + na)
        pb_l.append(t.pb[p_off[s] : p_off[s + 1]] - b_off[s] + nb)
        na += len(ta_l[-1])
        nb += len(tb_l[-1])
    sdt = _seg_dtype(len(keep))
    n_pairs = np.array([len(v) for v in pa_l])
    starts = np.concatenate([[0], np.cumsum(n_pairs)[:-1]])
    chunks, run_starts = _chunks(starts, int(n_pairs.sum()))
    return _Tested(
        zones=t.zones[keep],
        ta=np.concatenate(ta_l),
        tb=np.concatenate(tb_l),
        seg_a=np.repeat(np.arange(len(keep), dtype=sdt), [len(v) for v in ta_l]),
        seg_b=np.repeat(np.arange(len(keep), dtype=sdt), [len(v) for v in tb_l]),
        pa=np.concatenate(pa_l),
        pb=np.concatenate(pb_l),
        starts=starts,
        chunks=chunks,
        run_starts=run_starts,
        sign=t.sign[keep],
        base=t.base[keep],
        days=t.days,
    )


@dataclass
class _Tally:
    """Permutation counts per tested zone (and for their sum, the pooled count)."""

    perms: np.ndarray
    r_high: np.ndarray
    r_low: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    d_high: np.ndarray
    d_low: np.ndarray
    d_valid: np.ndarray
    pooled_high: int = 0
    pooled_low: int = 0

    @classmethod
    def empty(cls, n: int) -> _Tally:
        z = [np.zeros(n, np.int64) for _ in range(6)]
        return cls(
            z[0], z[1], z[2], np.full(n, np.iinfo(np.int64).max),
            np.full(n, np.iinfo(np.int64).min), z[3], z[4], z[5],
        )  # fmt: skip


def _add(tally: _Tally, reps: np.ndarray, obs, slots, pooled) -> None:
    """Add a batch of permuted counts ``reps`` (b, slots, 3) to the tally's rows ``slots``."""
    tot_obs = obs[:, 1] + obs[:, 2]
    r = reps[:, :, 0]
    tally.r_high[slots] += (r >= obs[:, 0]).sum(axis=0)
    tally.r_low[slots] += (r <= obs[:, 0]).sum(axis=0)
    tally.lo[slots] = np.minimum(tally.lo[slots], r.min(axis=0))
    tally.hi[slots] = np.maximum(tally.hi[slots], r.max(axis=0))
    if pooled is not None:
        tot = r.sum(axis=1)
        tally.pooled_high += int((tot >= pooled).sum())
        tally.pooled_low += int((tot <= pooled).sum())
    # Direction: after / (after + before), compared exactly by cross-multiplying.
    tot = reps[:, :, 1] + reps[:, :, 2]
    valid = tot > 0
    lhs = reps[:, :, 1] * tot_obs
    rhs = obs[:, 1] * tot
    tally.d_valid[slots] += valid.sum(axis=0)
    tally.d_high[slots] += (valid & (lhs >= rhs)).sum(axis=0)
    tally.d_low[slots] += (valid & (lhs <= rhs)).sum(axis=0)
    tally.perms[slots] += len(reps)


def _permute(t: _Tested, obs, m: int, seeds, tally: _Tally, slots, pooled, work) -> None:
    """Add ``m`` permutations of ``t``'s zones (tally rows ``slots``), one at a time on
    two threads; ``work(k)`` reports progress and checks for a cancel. ``pooled``: the
    observed sum of the zones' counts, or None."""

    def one(k: int) -> np.ndarray:
        rng = np.random.default_rng(seeds[k])
        ta = t.ta[_segment_shuffle(rng, t.seg_a)]
        tb = t.tb[_segment_shuffle(rng, t.seg_b)]
        return _count(t, ta, tb)

    workers = max(1, min(_MAX_THREADS, os.cpu_count() or 1))
    per = max(1, len(t.pa) + len(t.ta) + len(t.tb))
    batch = max(workers, min(m, _BATCH_WORK // per))
    done = 0
    with ThreadPoolExecutor(max_workers=workers) as pool:
        while done < m:
            work(0)
            stop = min(m, done + batch)
            reps = np.stack(list(pool.map(one, range(done, stop))))  # (b, slots, 3)
            _add(tally, reps, obs, slots, pooled)
            work(stop - done)
            done = stop


def _permute_zone(t: _Tested, obs, m: int, seeds: np.random.SeedSequence, tally, slot, work):
    """``m`` permutations of one zone (``t`` holds it alone), a batch at a time as the rows
    of one array: ``Generator.permuted`` shuffles each row in O(n), no sort and no
    thread pool (~100 us a permutation, more than a small zone's recount)."""
    per = max(1, len(t.pa) + len(t.ta) + len(t.tb))
    batch = max(1, min(m, _ROWS_WORK // per))
    slots = np.array([slot])
    done = 0
    while done < m:
        work(0)
        b = min(batch, m - done)
        rng = np.random.default_rng(seeds.spawn(1)[0])
        ta = rng.permuted(np.tile(t.ta, (b, 1)), axis=1)
        tb = rng.permuted(np.tile(t.tb, (b, 1)), axis=1)
        dd = tb[:, t.pb] - ta[:, t.pa]
        close = np.abs(dd) <= t.days
        raw = np.stack(
            [
                np.count_nonzero(close, axis=1),
                np.count_nonzero(close & (dd > 0), axis=1),
                np.count_nonzero(close & (dd < 0), axis=1),
            ],
            axis=1,
        )[:, None, :]  # (b, 1, 3)
        _add(tally, t.base + t.sign[:, None] * raw, obs, slots, None)
        work(b)
        done += b


def _small(t: _Tested) -> bool:
    return len(t.pa) + len(t.ta) + len(t.tb) <= _ROWS_MAX


def _permute_rows(
    t: _Tested, obs, m: int, seeds: np.random.SeedSequence, tally, slots, pooled, work
):
    """The same as ``_permute`` for few events and pairs (small windows, and the zones
    left undecided after the first pass): a batch of permutations as the rows of one array, so that numpy's
    per-call cost (~100 us a permutation, most of it the thread pool's) is paid per batch.
    Within-zone shuffles: sort random keys offset by the zone's slot."""
    per = max(1, len(t.pa) + len(t.ta) + len(t.tb))
    batch = max(1, min(m, _ROWS_WORK // per))
    done = 0
    while done < m:
        work(0)
        b = min(batch, m - done)
        rng = np.random.default_rng(seeds.spawn(1)[0])
        ia = np.argsort(rng.random((b, len(t.ta))) + t.seg_a, axis=1)
        ib = np.argsort(rng.random((b, len(t.tb))) + t.seg_b, axis=1)
        dd = t.tb[ib][:, t.pb] - t.ta[ia][:, t.pa]
        close = np.abs(dd) <= t.days
        flags = (close, close & (dd > 0), close & (dd < 0))
        raw = np.stack(
            [np.add.reduceat(f.view(np.uint8), t.starts, axis=1, dtype=np.int64) for f in flags],
            axis=2,
        )  # (b, slots, 3)
        _add(tally, t.base + t.sign[:, None] * raw, obs, slots, pooled)
        work(b)
        done += b


def _tail(tally: _Tally) -> np.ndarray:
    """The smaller tail's count, ties counted half (the numerator of ``_two_sided``)."""
    ties = tally.r_high + tally.r_low - tally.perms
    return np.minimum(tally.r_high, tally.r_low) - ties / 2.0


def _p_bounds(tally: _Tally, risk: float) -> tuple[np.ndarray, np.ndarray]:
    """Clopper-Pearson bounds (each side ``risk / 2``) on the two-sided p = 2 x tail."""
    from scipy.stats import beta

    m = tally.perms.astype(float)
    c = _tail(tally)
    lo_c, hi_c = np.floor(c), np.ceil(c)
    with np.errstate(invalid="ignore"):
        low = np.where(lo_c > 0, beta.ppf(risk / 2, np.maximum(lo_c, 1), m - lo_c + 1), 0.0)
        high = np.where(hi_c < m, beta.ppf(1 - risk / 2, hi_c + 1, np.maximum(m - hi_c, 1)), 1.0)
    return np.minimum(1.0, 2.0 * low), np.minimum(1.0, 2.0 * high)


def _bh_rejects(p: np.ndarray, alpha: float) -> np.ndarray:
    return bh_qvalues(p) < alpha


def _unsettled(tally: _Tally, family: np.ndarray, p: KnoxParams) -> np.ndarray:
    """Zones of ``family`` (tested alone: the q-values' family) whose Benjamini-Hochberg
    decision the Monte Carlo error could still flip, whatever their permutations.

    After Gandy & Hahn's MMCTest, simplified: a zone is settled significant when
    Benjamini-Hochberg rejects it even with every p at its upper bound; settled not
    significant when its lower bound exceeds alpha (R + 1) / N, the threshold it would
    face if it joined the R zones rejected on the p-values (Besag & Clifford's stop for
    clearly null zones is the common case). MMCTest's own rule for the second (not
    rejected even with every p at its lower bound) is stricter: with it, the per-zone test
    of the 1,000,000-event benchmark by year took 40 s instead of 11 s before sequential
    permutations, most of it resampling zones far from any threshold.
    """
    low, high = _p_bounds(tally, p.resampling_risk)
    low[~family], high[~family] = np.nan, np.nan
    point = _two_sided(tally.r_high, tally.r_low, tally.perms)
    point[~family] = np.nan
    n = int(family.sum())
    rejected = int(_bh_rejects(point, p.alpha).sum())
    with np.errstate(invalid="ignore"):
        accept = low > p.alpha * (rejected + 1) / max(1, n)
    return family & ~(_bh_rejects(high, p.alpha) | accept)


def _undecided(tally: _Tally, family: np.ndarray, active: np.ndarray, p: KnoxParams):
    """Zones still to resample: unsettled (``_unsettled``), active and under the cap."""
    return active & _unsettled(tally, family, p) & (tally.perms < p.max_permutations)


def _window(
    x, y, day, is_b, zone, n_zones, p: KnoxParams, names, seed_key, progress, is_canceled
) -> tuple[pd.DataFrame, dict]:
    """Per-zone statistics of one window's events (already restricted to it), and the
    pooled answer of the window."""
    out = {
        "events_a": np.zeros(n_zones, np.int64),
        "events_b": np.zeros(n_zones, np.int64),
        "space_pairs": np.zeros(n_zones, np.int64),
        "knox_pairs": np.zeros(n_zones, np.int64),
        "knox_perms": np.zeros(n_zones, np.int64),
    }
    for name in (
        "knox_expected", "knox_ratio", "knox_p", "knox_p_se", "knox_z", "knox_var",
        "b_after_a", "b_after_a_exp",
    ):  # fmt: skip
        out[name] = np.full(n_zones, np.nan)
    out["b_after_a_p"] = np.full(n_zones, np.nan)
    out["unsettled"] = np.zeros(n_zones, bool)
    notes = np.full(n_zones, "", dtype=object)
    is_a = ~is_b
    na = np.bincount(zone[is_a], minlength=n_zones)
    nb = np.bincount(zone[is_b], minlength=n_zones)
    out["events_a"][:], out["events_b"][:] = na, nb
    km = p.distance_m / 1000.0
    few = (na < p.min_events) | (nb < p.min_events)
    notes[few & (na < p.min_events) & (nb < p.min_events)] = NOTE_FEW.format(
        m=p.min_events, who="either group"
    )
    notes[few & (na < p.min_events) & (nb >= p.min_events)] = NOTE_FEW.format(
        m=p.min_events, who=names[0]
    )
    notes[few & (na >= p.min_events) & (nb < p.min_events)] = NOTE_FEW.format(
        m=p.min_events, who=names[1]
    )

    ia = np.flatnonzero(is_a)
    ia = ia[np.argsort(zone[ia], kind="stable")]
    ib = np.flatnonzero(is_b)
    ib = ib[np.argsort(zone[ib], kind="stable")]
    a_start = np.concatenate([[0], np.cumsum(na)[:-1]])
    b_start = np.concatenate([[0], np.cumsum(nb)[:-1]])

    slots, ta_l, tb_l, pa_l, pb_l, sign_l, base_l = [], [], [], [], [], [], []
    off_a = off_b = 0
    # Zones with fewer than MIN_EVENTS of a group are not tested alone, but their pairs
    # count in the pooled answer of the window.
    candidates = np.flatnonzero((na > 0) & (nb > 0))
    for k, z in enumerate(candidates):
        if k % 64 == 0:
            _check(is_canceled)
        sa = ia[a_start[z] : a_start[z] + na[z]]
        sb = ib[b_start[z] : b_start[z] + nb[z]]
        xa = np.column_stack([x[sa], y[sa]])
        xb = np.column_stack([x[sb], y[sb]])
        ta, tb = day[sa], day[sb]
        n_all = int(na[z]) * int(nb[z])
        all_close, all_after, all_before = _date_pair_counts(ta, tb, p.days)
        s_pairs, i, j, sign = _space_pairs(xa, xb, p.distance_m)
        q_close, q_after, q_before = (v / n_all for v in (all_close, all_after, all_before))
        if few[z] and s_pairs in (0, n_all):
            continue  # nothing for the pooled answer either: the count cannot change
        if s_pairs == 0:
            out["knox_expected"][z] = 0.0
            notes[z] = NOTE_NO_PAIR.format(km=km)
            continue
        if s_pairs == n_all:
            out["space_pairs"][z], out["knox_pairs"][z] = n_all, all_close
            out["knox_expected"][z] = n_all * q_close
            notes[z] = NOTE_ALL_CLOSE.format(km=km)
            continue
        base = (0, 0, 0) if sign > 0 else (all_close, all_after, all_before)
        out["space_pairs"][z] = s_pairs
        out["knox_expected"][z] = s_pairs * q_close
        deg_a = np.bincount(i, minlength=len(ta))
        deg_b = np.bincount(j, minlength=len(tb))
        if sign < 0:  # (i, j) are the far pairs
            deg_a, deg_b = len(tb) - deg_a, len(ta) - deg_b
        out["knox_var"][z] = knox_variance(ta, tb, p.days, deg_a, deg_b)[1]
        ea, eb = s_pairs * q_after, s_pairs * q_before
        out["b_after_a_exp"][z] = ea / (ea + eb) if ea + eb > 0 else np.nan
        slots.append(z)
        ta_l.append(ta)
        tb_l.append(tb)
        pa_l.append(i.astype(np.int64) + off_a)
        pb_l.append(j.astype(np.int64) + off_b)
        sign_l.append(sign)
        base_l.append(base)
        off_a += len(ta)
        off_b += len(tb)
        if progress is not None and k % 64 == 0:
            progress(0.2 * k / max(1, len(candidates)))

    pooled = {"zones": len(slots), "knox_pairs": 0, "knox_expected": 0.0, "permutations": 0}
    pooled["unsettled"] = 0
    pooled.update(knox_ratio=np.nan, knox_p=np.nan, knox_z=np.nan)
    if slots:
        n_s = len(slots)
        sdt = _seg_dtype(n_s)
        seg_a = np.repeat(np.arange(n_s, dtype=sdt), [len(v) for v in ta_l])
        seg_b = np.repeat(np.arange(n_s, dtype=sdt), [len(v) for v in tb_l])
        n_pairs = np.array([len(v) for v in pa_l])
        starts = np.concatenate([[0], np.cumsum(n_pairs)[:-1]])
        chunks, run_starts = _chunks(starts, int(n_pairs.sum()))
        ta_all, tb_all = np.concatenate(ta_l), np.concatenate(tb_l)
        first = int(min(ta_all.min(), tb_all.min()))
        tested = _Tested(
            zones=np.asarray(slots),
            ta=_small_days(ta_all, first),
            tb=_small_days(tb_all, first),
            seg_a=seg_a,
            seg_b=seg_b,
            pa=np.concatenate(pa_l),
            pb=np.concatenate(pb_l),
            starts=starts,
            chunks=chunks,
            run_starts=run_starts,
            sign=np.asarray(sign_l, dtype=np.int64),
            base=np.asarray(base_l, dtype=np.int64).reshape(n_s, 3),
            days=int(p.days),
        )
        alone = ~few[tested.zones]
        _permutation_test(tested, out, notes, p, seed_key, progress, is_canceled, pooled, alone)

    with np.errstate(divide="ignore", invalid="ignore"):
        out["knox_ratio"] = np.where(
            out["knox_expected"] > 0, out["knox_pairs"] / out["knox_expected"], np.nan
        )
        sd = np.sqrt(out.pop("knox_var"))
        out["knox_z"] = np.where(sd > 0, (out["knox_pairs"] - out["knox_expected"]) / sd, np.nan)
    unsettled = out.pop("unsettled")
    frame = pd.DataFrame(out)
    frame["knox_q"] = bh_qvalues(frame["knox_p"].to_numpy())
    sig = frame["knox_q"].to_numpy() < p.alpha
    more = frame["knox_pairs"].to_numpy() > frame["knox_expected"].to_numpy()
    cls = np.full(n_zones, d.I_NONE, dtype=object)
    cls[sig & more] = d.I_ATTRACTION
    cls[sig & ~more] = d.I_AVOIDANCE
    cls[~np.isfinite(frame["knox_p"].to_numpy())] = d.I_LOW_DATA
    # Too few close pairs expected for avoidance to show: "none" would claim more than
    # the test can tell (attraction can still show, and stays).
    blind = (cls == d.I_NONE) & (frame["knox_expected"].to_numpy() < p.min_expected)
    cls[blind] = d.I_LOW_DATA
    notes[blind] = NOTE_FEW_EXPECTED.format(e=p.min_expected)
    # "none" only where significance was within reach: a zone alone among n tested needs
    # p < alpha / n (Benjamini-Hochberg's first step). Out of reach when even the smallest
    # Monte Carlo p of MAX_PERMUTATIONS, or the normal tail of the most extreme count the
    # zone's pairs allow (0 or all of them close in time), is not below it.
    n_tested = int(np.isfinite(frame["knox_p"].to_numpy()).sum())
    if n_tested:
        need = p.alpha / n_tested
        floor = cls == d.I_NONE
        cap = max(p.permutations, p.max_permutations)
        if 2.0 / (cap + 1) >= need:
            notes[floor] = NOTE_FLOOR.format(n=n_tested, t=need, m=cap)
            cls[floor] = d.I_LOW_DATA
        e, s_, sd = frame["knox_expected"], frame["space_pairs"], sd
        with np.errstate(divide="ignore", invalid="ignore"):
            z_ext = np.fmax((s_ - e) / sd, e / sd).to_numpy()
        from scipy.stats import norm

        out_of_reach = (cls == d.I_NONE) & ~(2.0 * norm.sf(z_ext) < need)
        notes[out_of_reach] = NOTE_EXTREME.format(n=n_tested)
        cls[out_of_reach] = d.I_LOW_DATA
    # Not significant on a p still within Monte Carlo error of its threshold (at the cap or
    # the work budget): the test did not decide, so not "none" either.
    pending = unsettled & (cls == d.I_NONE)
    notes[pending] = [NOTE_UNSETTLED.format(m=int(m)) for m in frame["knox_perms"][pending]]
    cls[pending] = d.I_LOW_DATA
    frame["knox_note"] = notes
    frame["interaction"] = cls
    return frame, pooled


def _permutation_test(
    t: _Tested, out, notes, p: KnoxParams, seed_key, progress, is_canceled, pooled, alone
):
    """First PERMUTATIONS for every zone (and the pooled count), then more for the zones
    tested ``alone`` whose decision is not settled, doubling each round, up to
    MAX_PERMUTATIONS. Zones not tested alone (too few events) feed the pooled count only."""
    obs = _count(t, t.ta, t.tb)
    z = t.zones
    out["knox_pairs"][z] = obs[:, 0]
    tot_obs = obs[:, 1] + obs[:, 2]
    with np.errstate(divide="ignore", invalid="ignore"):
        out["b_after_a"][z] = np.where(tot_obs > 0, obs[:, 1] / tot_obs, np.nan)
    m = p.permutations
    pooled["knox_pairs"] = int(obs[:, 0].sum())
    pooled["knox_expected"] = float(out["knox_expected"][z].sum())
    var = float(np.nansum(out["knox_var"][z]))
    out["knox_var"][z[~alone]] = np.nan  # no z-score for a zone not tested alone
    if pooled["knox_expected"] > 0:
        pooled["knox_ratio"] = pooled["knox_pairs"] / pooled["knox_expected"]
    if var > 0:
        pooled["knox_z"] = (pooled["knox_pairs"] - pooled["knox_expected"]) / np.sqrt(var)
    if m <= 0:
        notes[z[alone]] = NOTE_NO_PERMUTATIONS
        return
    n_s = len(z)
    tally = _Tally.empty(n_s)
    seeds = np.random.SeedSequence(seed_key)
    # Progress: the first pass is 80 % of the window's bar; the sequential rounds (their
    # number unknown beforehand) leave it full and only check for a cancel.
    span = {"done": 0, "m": m, "lo": 0.2, "hi": 1.0}

    def work(k: int) -> None:
        _check(is_canceled)
        span["done"] += k
        if progress is not None:
            frac = min(1.0, span["done"] / max(1, span["m"]))
            progress(span["lo"] + (span["hi"] - span["lo"]) * frac)

    all_slots = np.arange(n_s)
    if _small(t):
        _permute_rows(t, obs, m, seeds, tally, all_slots, pooled["knox_pairs"], work)
    else:
        _permute(t, obs, m, seeds.spawn(m), tally, all_slots, pooled["knox_pairs"], work)
    # The exact variance is 0 only when no permutation can change the pooled count.
    if var > 0:
        pooled["knox_p"] = float(_two_sided(tally.pooled_high, tally.pooled_low, m)[()])
    pooled["permutations"] = m
    flat = (tally.lo == tally.hi) & (tally.hi == obs[:, 0])
    family = ~flat & alone
    active = family.copy()
    # Pairs + events of each zone: a round's cost per permutation.
    size = np.diff(np.r_[t.starts, len(t.pa)])
    size = size + np.bincount(t.seg_a, minlength=n_s) + np.bincount(t.seg_b, minlength=n_s)
    budget = _SEQ_WORK
    while p.max_permutations > m:
        keep = np.flatnonzero(_undecided(tally, family, active, p))
        if len(keep) == 0:
            break
        # Every undecided zone has had the same number of permutations (a zone once
        # settled is not taken back up): double it, within the cap.
        have = int(tally.perms[keep[0]])
        extra = min(have + 1, p.max_permutations - have)
        cost = extra * int(size[keep].sum())
        if cost > budget:  # the window's work budget: these zones stay unsettled
            break
        budget -= cost
        span.update(done=0, m=extra * len(keep), lo=1.0, hi=1.0)  # cancel checks only
        for k in keep:
            _permute_zone(_subset(t, np.array([k])), obs[[k]], extra, seeds, tally, k, work)
        active = np.zeros(n_s, bool)
        active[keep] = True
    pending = _unsettled(tally, family, p)
    pooled["unsettled"] = int(pending.sum())
    out["unsettled"][z] = pending
    pk = _two_sided(tally.r_high, tally.r_low, tally.perms)
    pk[flat | ~alone] = np.nan
    notes[z[flat & alone]] = NOTE_NO_VARIATION
    out["knox_p"][z] = pk
    tail = np.clip(pk / 2.0, 0.0, 1.0)
    out["knox_p_se"][z] = 2.0 * np.sqrt(tail * (1 - tail) / tally.perms)
    out["knox_perms"][z] = np.where(alone, tally.perms, 0)
    pd_ = _two_sided(tally.d_high, tally.d_low, tally.d_valid)
    pd_[(tot_obs == 0) | ~alone] = np.nan
    out["b_after_a_p"][z] = pd_


def _days(values) -> np.ndarray:
    return np.asarray(values, dtype="datetime64[D]").astype(np.int64)


def knox_zones(
    x: np.ndarray,
    y: np.ndarray,
    dates,
    is_b: np.ndarray,
    zone: np.ndarray,
    n_zones: int,
    windows: list[tuple[pd.Timestamp, pd.Timestamp]],
    params: KnoxParams | None = None,
    progress: Callable[[float], None] | None = None,
    is_canceled: Callable[[], bool] | None = None,
    names: tuple[str, str] = ("group A", "group B"),
) -> pd.DataFrame:
    """One row per zone and window (zones fastest); ``zone_idx`` links to the zones.

    ``x``/``y`` are the events in metres of an equal-area projection, ``dates`` their
    dates (day precision), ``is_b`` True for group B's events and False for A's (clashes,
    ambiguous and imprecisely dated events already left out by the caller), ``zone``
    their zone index (-1: in no zone). An event belongs to the window holding its date.
    """
    p = params or KnoxParams()
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    day = _days(dates)
    is_b = np.asarray(is_b, dtype=bool)
    zone = np.asarray(zone, dtype=np.int64)
    frames, pooled = [], []
    for w, (ws, we) in enumerate(windows):
        _check(is_canceled)
        sel = (day >= _days(ws)) & (day <= _days(we)) & (zone >= 0)

        def sub(frac, w=w):
            if progress is not None:
                progress((w + frac) / len(windows))

        seed_key = None if p.seed is None else [int(p.seed) & 0xFFFFFFFF, w]
        part, pool = _window(
            x[sel], y[sel], day[sel], is_b[sel], zone[sel], n_zones, p, names, seed_key, sub,
            is_canceled,
        )  # fmt: skip
        pooled.append({"window_start": pd.Timestamp(ws), "window_end": pd.Timestamp(we), **pool})
        part.insert(0, "zone_idx", np.arange(n_zones))
        part.insert(1, "window_start", pd.Timestamp(ws))
        part.insert(2, "window_end", pd.Timestamp(we))
        frames.append(part)
        sub(1.0)
    out = pd.concat(frames, ignore_index=True)
    out["distance_km"] = p.distance_m / 1000.0
    out["days"] = int(p.days)
    pooled = pd.DataFrame(pooled)
    pooled["distance_km"], pooled["days"] = p.distance_m / 1000.0, int(p.days)
    out.attrs["pooled"] = pooled[POOLED_FIELDS]
    return out


# --- the global table ---------------------------------------------------------------------


def _estimate_pairs(xa, xb, dist: float, rng, budget: int) -> float:
    """Pairs within ``dist``: 0 when they cannot exceed ``budget``, exact for small groups,
    else estimated from up to 20,000 events of each group (only the budget decision uses it)."""
    if len(xa) * len(xb) <= budget:
        return 0.0
    sa = min(1.0, 20_000 / len(xa))
    sb = min(1.0, 20_000 / len(xb))
    ka = rng.choice(len(xa), max(1, round(sa * len(xa))), replace=False)
    kb = rng.choice(len(xb), max(1, round(sb * len(xb))), replace=False)
    count = cKDTree(xa[ka]).count_neighbors(cKDTree(xb[kb]), dist)
    return float(count) * (len(xa) / len(ka)) * (len(xb) / len(kb))


def _table_window(x, y, day, is_b, p: KnoxParams, seed_key, progress, is_canceled) -> dict:
    bands = np.asarray(DISTANCE_BANDS_KM, dtype=float) * 1000.0
    n_d, n_t = len(DISTANCE_BANDS_KM), len(DAY_BANDS)
    res = {
        "events_a": int((~is_b).sum()),
        "events_b": int(is_b.sum()),
        "events_share": 1.0,
        "pairs": np.zeros((n_d, n_t), np.int64),
        "expected": np.full((n_d, n_t), np.nan),
        "p": np.full((n_d, n_t), np.nan),
        "permutations": 0,
    }
    xa = np.column_stack([x[~is_b], y[~is_b]])
    xb = np.column_stack([x[is_b], y[is_b]])
    ta, tb = day[~is_b], day[is_b]
    if len(ta) == 0 or len(tb) == 0:
        return res
    rng = np.random.default_rng(np.random.SeedSequence(seed_key).spawn(1)[0])
    widest = _estimate_pairs(xa, xb, bands[-1], rng, p.global_pair_budget)
    if widest > p.global_pair_budget:
        share = np.sqrt(p.global_pair_budget / widest)
        keep_a = np.sort(rng.choice(len(ta), max(1, round(float(share) * len(ta))), replace=False))
        keep_b = np.sort(rng.choice(len(tb), max(1, round(float(share) * len(tb))), replace=False))
        xa, ta, xb, tb = xa[keep_a], ta[keep_a], xb[keep_b], tb[keep_b]
        res["events_share"] = (len(ta) + len(tb)) / (res["events_a"] + res["events_b"])
    # Spatially coherent order (kd-tree leaves), pairs sorted by distance band then by
    # A event: the gathers of each permutation then read memory nearly in order.
    oa, ob = cKDTree(xa).indices, cKDTree(xb).indices
    xa, ta, xb, tb = xa[oa], ta[oa], xb[ob], tb[ob]
    tree_a, tree_b = cKDTree(xa), cKDTree(xb)
    sdm = tree_a.sparse_distance_matrix(tree_b, bands[-1], output_type="ndarray")
    dband = np.searchsorted(bands, sdm["v"], side="left").astype(np.int8)  # 0: within 5 km
    order = np.argsort(dband, kind="stable")  # a radix sort; pairs stay in tree order
    i, j = sdm["i"][order], sdm["j"][order]
    cuts = np.cumsum(np.bincount(dband, minlength=n_d))  # pairs within each distance
    first = int(min(ta.min(), tb.min()))
    ta, tb = _small_days(ta, first), _small_days(tb, first)
    limits = np.asarray(DAY_BANDS)

    pieces = [  # (first pair, end, band): chunks of _CHUNK pairs within one band
        (c0, min(c0 + _CHUNK, stop), band)
        for band, (start, stop) in enumerate(zip(np.r_[0, cuts[:-1]], cuts))
        for c0 in range(int(start), int(stop), _CHUNK)
    ]

    def table(ta_, tb_) -> np.ndarray:
        out = np.zeros((n_d, n_t), np.int64)
        for c0, c1, band in pieces:
            ad = np.abs(tb_[j[c0:c1]] - ta_[i[c0:c1]])
            for b, days in enumerate(limits):
                out[band, b] += np.count_nonzero(ad <= days)
        return out.cumsum(axis=0)

    obs = table(ta, tb)
    res["pairs"] = obs
    q = np.array([_date_pair_counts(ta, tb, t)[0] for t in DAY_BANDS]) / (len(ta) * len(tb))
    res["expected"] = cuts[:, None] * q[None, :]
    m = p.global_permutations
    if m <= 0 or len(i) == 0:
        return res
    streams = np.random.SeedSequence(seed_key).spawn(m + 1)[1:]

    def one(k: int) -> np.ndarray:
        g = np.random.default_rng(streams[k])
        return table(ta[g.permutation(len(ta))], tb[g.permutation(len(tb))])

    r_high = np.zeros((n_d, n_t), np.int64)
    r_low = np.zeros((n_d, n_t), np.int64)
    lo = np.full((n_d, n_t), np.iinfo(np.int64).max)
    hi = np.full((n_d, n_t), np.iinfo(np.int64).min)
    workers = max(1, min(_MAX_THREADS, os.cpu_count() or 1))
    batch = max(workers, min(m, _BATCH_WORK // max(1, len(i) + len(ta) + len(tb))))
    done = 0
    with ThreadPoolExecutor(max_workers=workers) as pool:
        while done < m:
            _check(is_canceled)
            stop = min(m, done + batch)
            reps = np.stack(list(pool.map(one, range(done, stop))))
            r_high += (reps >= obs).sum(axis=0)
            r_low += (reps <= obs).sum(axis=0)
            lo = np.minimum(lo, reps.min(axis=0))
            hi = np.maximum(hi, reps.max(axis=0))
            done = stop
            if progress is not None:
                progress(done / m)
    res["p"] = _two_sided(r_high, r_low, np.full((n_d, n_t), m))
    # No pair within the band, or dates that never change the count: nothing to test.
    res["p"][(lo == hi) & (hi == obs)] = np.nan
    res["permutations"] = m
    return res


def knox_table(
    x: np.ndarray,
    y: np.ndarray,
    dates,
    is_b: np.ndarray,
    windows: list[tuple[pd.Timestamp, pd.Timestamp]],
    params: KnoxParams | None = None,
    progress: Callable[[float], None] | None = None,
    is_canceled: Callable[[], bool] | None = None,
) -> pd.DataFrame:
    """The global Knox table: one row per window, distance band and time band.

    Pairs are counted over the whole window (across zones); the null permutes each
    group's dates among its own events of the window. Above ``global_pair_budget``
    pairs within the widest band, a seeded random share of each group's events is
    used (``events_share``); the test is then exact for that sample.
    """
    p = params or KnoxParams()
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    day = _days(dates)
    is_b = np.asarray(is_b, dtype=bool)
    rows = []
    for w, (ws, we) in enumerate(windows):
        _check(is_canceled)
        sel = (day >= _days(ws)) & (day <= _days(we))

        def sub(frac, w=w):
            if progress is not None:
                progress((w + frac) / len(windows))

        seed_key = None if p.seed is None else [int(p.seed) & 0xFFFFFFFF, w, 1]
        res = _table_window(x[sel], y[sel], day[sel], is_b[sel], p, seed_key, sub, is_canceled)
        for a, dist in enumerate(DISTANCE_BANDS_KM):
            for b, days in enumerate(DAY_BANDS):
                pairs, exp = int(res["pairs"][a, b]), float(res["expected"][a, b])
                rows.append(
                    {
                        "window_start": pd.Timestamp(ws),
                        "window_end": pd.Timestamp(we),
                        "distance_km": float(dist),
                        "days": int(days),
                        "events_a": res["events_a"],
                        "events_b": res["events_b"],
                        "events_share": res["events_share"],
                        "pairs": pairs,
                        "expected": exp,
                        "ratio": pairs / exp if exp > 0 else np.nan,
                        "p": float(res["p"][a, b]),
                        "permutations": res["permutations"],
                    }
                )
        sub(1.0)
    return pd.DataFrame(rows, columns=[n for n, _ in TABLE_FIELDS])
