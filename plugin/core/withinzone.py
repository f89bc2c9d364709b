"""Within-zone co-location: are the two groups intermixed or apart *inside* each zone?

Pure numpy/scipy. The theatre-relative test (``colocation.zone_colocation``) compares a
zone's points with the whole dataset: a zone where group B is rare scores "segregated"
for A whatever A and B do inside it. This test asks the zone alone:

Statistic (per zone z, its own points only; N_z = N_Az + N_Bz)
    Neighbours are taken inside the zone: the k = min(8, N_z - 1) nearest other points of
    the zone, adaptive Gaussian kernel w = exp(-0.5 d^2 / b^2) with b the distance of the
    k-th neighbour (equal weights when the k nearest share the point's coordinates). The
    expected share is the zone's own mix:

        WCLQ_i(A->B) = (sum_j w_ij [j in B] / sum_j w_ij) / (N_Bz / (N_z - 1))

    ``wclq_ab`` is the mean over the zone's A points, ``wclq_ba`` the same for B points.
    Under random labelling of the zone's points its expectation is exactly 1; below 1 the
    groups keep apart inside the zone, above 1 they mix more than chance.

Ties (row-order free)
    Points sharing coordinates form a location. A point's neighbours are the other points
    of its location (distance 0), then other locations by distance. When the k-th slot
    falls inside a set of points at the same distance (a village with many events, or two
    villages at equal distance), every point of that set takes the same fraction of the
    remaining slots: the average over all ways of breaking the tie. Nothing depends on the
    order of the input rows, and a location's neighbours are the same for all its points.

Test (label permutation inside the zone)
    Labels are shuffled among the zone's points only (the zone's counts N_Az, N_Bz and its
    locations are kept): a uniformly random set of N_Bz of its points gets label B. The
    weights do not depend on the labels, so the test is exact whatever the ties: under
    random labelling p < alpha happens at most with probability alpha. Two-sided pseudo
    p-value as in ``permutation.run_permutations``: p = min(1, 2 (min(R_high, R_low) + 1) / (M + 1)).
    Each permutation draws from its own stream spawned from ``seed``; points are taken in
    the canonical order (zone, then space), so results do not depend on the input's order.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.spatial import cKDTree

from .permutation import TIE_RTOL, canonical_order, prepare_points, run_permutations

__all__ = ["benjamini_hochberg", "within_zone_colocation"]


@dataclass
class _Locations:
    """The tested points grouped by (zone, coordinates), in canonical order."""

    points: np.ndarray  # (n,) indices (into the caller's arrays) of the tested points
    start: np.ndarray  # (L,) first position in ``points`` of each location
    mult: np.ndarray  # (L,) points per location
    zone: np.ndarray  # (L,) zone of each location
    xy: np.ndarray  # (L, 2)
    b: np.ndarray  # (L,) observed B points per location
    of_point: np.ndarray  # (n,) location of each tested point


def _locations(xy, is_b, zone, tested) -> _Locations:
    points = np.flatnonzero((zone >= 0) & tested[np.maximum(zone, 0)])
    xs, zs = xy[points], zone[points]
    n = len(points)
    new = np.ones(n, dtype=bool)
    if n > 1:
        new[1:] = (xs[1:, 0] != xs[:-1, 0]) | (xs[1:, 1] != xs[:-1, 1]) | (zs[1:] != zs[:-1])
    start = np.flatnonzero(new)
    mult = np.diff(np.append(start, n))
    of_point = np.cumsum(new) - 1
    b = np.add.reduceat(is_b[points].astype(np.int64), start) if n else np.zeros(0, np.int64)
    return _Locations(points, start, mult, zs[start], xs[start], b, of_point)


def _rows_to_csr(n_rows, rows, cols, vals) -> sparse.csr_matrix:
    """CSR from entries already grouped by row in ascending order (no sort of the entries)."""
    counts = np.bincount(rows, minlength=n_rows)
    indptr = np.concatenate([[0], np.cumsum(counts)])
    return sparse.csr_matrix((vals, cols.astype(np.int32), indptr), shape=(n_rows, n_rows))


def _slow_neighbours(loc: _Locations, rows: np.ndarray, kz: np.ndarray):
    """Within-zone neighbour weights of locations ``rows`` (ascending), ties shared.

    Returns (row, col, weight) entries grouped by row (the location's own stack as a
    diagonal entry) and the normaliser Z of each row (sum of weights over points).
    """
    lxy, lzone, m = loc.xy, loc.zone, loc.mult.astype(np.float64)
    n_loc = len(lxy)
    need = kz[rows] - (loc.mult[rows] - 1)  # slots left after the point's own stack
    zsum = np.where(loc.mult[rows] > 1, loc.mult[rows] - 1.0, 0.0)
    out_r, out_c, out_w = [], [], []
    # a location's own stack (distance 0, weight 1 each)
    stacked = rows[loc.mult[rows] > 1]
    out_r.append(stacked)
    out_c.append(stacked)
    out_w.append(np.ones(len(stacked)))
    todo = np.flatnonzero(need > 0)
    if len(todo) and n_loc > 1:
        # Zones apart along a third axis: no neighbour query ever crosses a zone, and
        # in-zone distances stay exact (the third coordinates are equal).
        span = float(np.ptp(lxy, axis=0).max()) if n_loc else 0.0
        offset = 4.0 * span + 1.0
        pts3 = np.column_stack([lxy, lzone * offset])
        tree = cKDTree(pts3, leafsize=16, balanced_tree=False, compact_nodes=False)
        locs_in_zone = np.bincount(lzone)[lzone]
        kq = min(n_loc, int(kz.max()) + 2)
        while len(todo):
            r = rows[todo]
            d, j = tree.query(pts3[r], k=kq, workers=-1)
            d, j = d.reshape(len(r), kq)[:, 1:], j.reshape(len(r), kq)[:, 1:]  # col 0: self
            same = lzone[j] == lzone[r][:, None]
            cum = np.cumsum(np.where(same, m[j], 0.0), axis=1)
            reach = cum >= need[todo][:, None]
            exhausted = same.sum(axis=1) >= locs_in_zone[r] - 1
            c = reach.argmax(axis=1)
            d_c = d[np.arange(len(r)), c]
            band = TIE_RTOL * d_c
            tied = same & (np.abs(d - d_c[:, None]) <= band[:, None])
            full = same & (d < (d_c - band)[:, None])
            more = tied[:, -1] & ~exhausted & (kq < n_loc)
            ok = reach.any(axis=1) & ~more
            if ok.any():
                rr, jj, dd = r[ok], j[ok], d[ok]
                fu, ti = full[ok], tied[ok]
                mj = m[jj]
                before = np.where(fu, mj, 0.0).sum(axis=1)
                t_sum = np.where(ti, mj, 0.0).sum(axis=1)
                frac = (need[todo][ok] - before) / t_sum
                with np.errstate(invalid="ignore", divide="ignore"):
                    w = np.exp(-0.5 * (dd / d_c[ok][:, None]) ** 2)
                w = np.where(ti, w * frac[:, None], np.where(fu, w, 0.0))
                keep = fu | ti
                rows_idx = np.repeat(np.arange(len(rr)), keep.sum(axis=1))
                out_r.append(rr[rows_idx])
                out_c.append(jj[keep])
                out_w.append(w[keep])
                zsum[todo[ok]] += (w * mj).sum(axis=1)
            todo = todo[~ok]
            kq = min(n_loc, 2 * kq)
    r_all = np.concatenate(out_r)
    order = np.argsort(r_all, kind="stable")
    return r_all[order], np.concatenate(out_c)[order], np.concatenate(out_w)[order], zsum


@dataclass
class _Weights:
    """Row-normalised within-zone weights (locations x locations; the diagonal holds a
    location's own stack), as two CSR matrices: rows reused from the theatre test's query
    (k entries each) and rows queried here. Kept apart: merging them would cost a sort of
    millions of entries, while a second mat-vec over mostly empty rows costs little."""

    fast: sparse.csr_matrix
    slow: sparse.csr_matrix

    def __matmul__(self, b: np.ndarray) -> np.ndarray:
        return self.fast @ b + self.slow @ b

    def rmatvec(self, b: np.ndarray) -> np.ndarray:
        return self.fast.T @ b + self.slow.T @ b


def _weights(loc: _Locations, k: int, reuse=None) -> _Weights:
    """The within-zone weights of every location.

    ``reuse``: (loc_of_full, nbr, dist, weights) of a k+1 nearest-neighbour query over all
    points and the kernel weights of the first k (the theatre test's): a single point
    whose k nearest are single points of its zone, with no tie at the k-th, keeps those
    neighbours and weights (the same kernel) without a new query.
    """
    n_loc = len(loc.mult)
    n_z = np.bincount(loc.zone, weights=loc.mult, minlength=int(loc.zone.max()) + 1 if n_loc else 0)
    kz = np.minimum(k, n_z[loc.zone].astype(np.int64) - 1)
    fast = np.zeros(n_loc, dtype=bool)
    fast_cols = np.zeros(0, dtype=np.int32)
    fast_w = np.zeros(0, dtype=np.float32)
    if reuse is not None and n_loc:
        loc_of_full, nbr, dist, theatre_w = reuse
        cand = np.flatnonzero((loc.mult == 1) & (kz == k))
        if len(cand) and nbr.shape[1] > k:
            # Per point: the zone of its location when it is a single tested point, else -1.
            single_zone = np.full(len(loc_of_full), -1, dtype=np.int64)
            tested = loc_of_full >= 0
            lof = loc_of_full[tested]
            single_zone[tested] = np.where(loc.mult[lof] == 1, loc.zone[lof], -1)
            p = loc.points[loc.start[cand]]  # the point of each candidate location
            pn = nbr[p, :k]
            pd_ = dist[p]
            good = (single_zone[pn] == loc.zone[cand][:, None]).all(axis=1)
            good &= (pd_[:, k] > pd_[:, k - 1] * (1.0 + TIE_RTOL)) & (pd_[:, k - 1] > 0)
            rows = cand[good]
            fast[rows] = True
            fast_cols = loc_of_full[pn[good]].astype(np.int32).ravel()
            fast_w = theatre_w[p[good]].astype(np.float32).ravel()
    indptr = np.concatenate([[0], np.cumsum(np.where(fast, k, 0))])
    w_fast = sparse.csr_matrix((fast_w, fast_cols, indptr), shape=(n_loc, n_loc))
    slow = np.flatnonzero(~fast)
    r_s, c_s, w_s, z_s = _slow_neighbours(loc, slow, kz)
    with np.errstate(invalid="ignore", divide="ignore"):
        w_s = (w_s / z_s[np.searchsorted(slow, r_s)]).astype(np.float32)
    return _Weights(w_fast, _rows_to_csr(n_loc, r_s, c_s, w_s))


def _distinct_ranks(rng, counts: np.ndarray, draws: np.ndarray) -> np.ndarray:
    """For each group g, ``draws[g]`` distinct uniform integers in [0, counts[g]), as one
    array grouped by g (a uniformly random subset per group)."""
    grp = np.repeat(np.arange(len(counts)), draws)
    if not len(grp):
        return grp
    r = (rng.random(len(grp)) * counts[grp]).astype(np.int64)
    width = int(counts.max()) + 1
    while True:
        key = grp * width + r
        order = np.argsort(key, kind="stable")
        dup = np.zeros(len(key), dtype=bool)
        dup[order[1:]] = key[order[1:]] == key[order[:-1]]
        if not dup.any():
            return r
        # Redrawing the repeats is symmetric in the candidates: the set stays uniform.
        r[dup] = (rng.random(int(dup.sum())) * counts[grp[dup]]).astype(np.int64)


def within_zone_colocation(
    xy,
    labels,
    zone,
    n_zones: int,
    k: int = 8,
    permutations: int = 99,
    seed: int | None = None,
    progress: Callable[[float], object] | None = None,
    is_canceled: Callable[[], bool] | None = None,
) -> pd.DataFrame:
    """Per-zone within-zone co-location quotients and permutation p-values.

    ``zone[i]`` is the zone (0..n_zones-1) of point i, or -1. Returns a DataFrame indexed
    by zone with ``n_a, n_b, wclq_ab, wclq_ba, p_wab, p_wba, dir_wab, dir_wba``: NaN (and
    direction 0) where the zone lacks one of the groups.
    """
    xy, is_b = prepare_points(xy, labels)
    zone = np.asarray(zone).astype(np.int64)
    if zone.shape != (len(xy),):
        raise ValueError(f"zone must have shape ({len(xy)},), got {zone.shape}")
    order = canonical_order(xy, zone)
    return _within(
        xy[order], is_b[order], zone[order], int(n_zones), k, permutations, seed, None,
        progress, is_canceled,
    )[0]  # fmt: skip


def _within(
    xy, is_b, zone, n_zones, k, permutations, seed, reuse, progress, is_canceled,
    keep_stats=False,
) -> tuple[pd.DataFrame, np.ndarray | None]:  # fmt: skip
    """The test on points already in canonical order (see ``permutation.canonical_order``).

    ``reuse``: (nbr, dist, weights) of the theatre test's k+1 nearest neighbours of these
    points and its kernel weights of the first k.
    """
    if k < 1:
        raise ValueError("k must be >= 1")
    in_z = zone >= 0
    zi = np.where(in_z, zone, 0)
    nz_b = np.bincount(zi[in_z & is_b], minlength=n_zones)
    nz_a = np.bincount(zi[in_z & ~is_b], minlength=n_zones)
    tested = (nz_a > 0) & (nz_b > 0)
    out = pd.DataFrame(
        {
            "n_a": nz_a.astype(np.int64),
            "n_b": nz_b.astype(np.int64),
            "wclq_ab": np.nan,
            "wclq_ba": np.nan,
            "p_wab": np.nan,
            "p_wba": np.nan,
            "dir_wab": np.zeros(n_zones, dtype=np.int64),
            "dir_wba": np.zeros(n_zones, dtype=np.int64),
        },
        index=pd.RangeIndex(n_zones, name="zone"),
    )
    if not tested.any():
        if progress is not None:
            progress(1.0)
        return out, None
    loc = _locations(xy, is_b, zone, tested)
    if reuse is not None:
        nbr, dist, theatre_w = reuse
        loc_of_full = np.full(len(xy), -1, dtype=np.int64)
        loc_of_full[loc.points] = loc.of_point
        reuse = (loc_of_full, nbr, dist, theatre_w)
    w = _weights(loc, k, reuse)
    m = loc.mult.astype(np.float32)
    # The statistics are S_ab = sum_g (m_g - b_g) (W b)_g and S_ba = sum_g b_g (W (m - b))_g
    # per zone: with v = W^T m and c = W m both are a linear term minus q = sum_g b_g (W b)_g
    # (W never crosses zones), so one mat-vec and two reductions per permutation.
    lin_ab = w.rmatvec(m).astype(np.float64)
    lin_ba = (w @ m).astype(np.float64)
    zones_t = np.flatnonzero(tested)
    # locations are contiguous per zone, zones ascending
    zone_first = np.searchsorted(loc.zone, zones_t)
    n_a, n_b = nz_a[zones_t].astype(np.float64), nz_b[zones_t].astype(np.float64)
    scale = (n_a + n_b - 1.0) / (n_a * n_b)

    def stats(b_loc: np.ndarray) -> np.ndarray:
        """(A->B, B->A) of every tested zone for B counts per location (float32)."""
        q = np.add.reduceat(b_loc * (w @ b_loc), zone_first, dtype=np.float64)
        # (a zone with no mixed neighbours gives 0 up to rounding: never below it)
        ab = np.maximum((np.add.reduceat(b_loc * lin_ab, zone_first) - q) * scale, 0.0)
        ba = np.maximum((np.add.reduceat(b_loc * lin_ba, zone_first) - q) * scale, 0.0)
        return np.concatenate([ab, ba])

    observed = stats(loc.b.astype(np.float32))
    n_t = len(zones_t)
    wclq = observed
    out.loc[zones_t, "wclq_ab"] = wclq[:n_t]
    out.loc[zones_t, "wclq_ba"] = wclq[n_t:]
    stats_all = None
    if permutations > 0:
        p, direction, stats_all = _permute(
            loc, nz_b[zones_t], zone_first, stats, observed, permutations, seed, progress,
            is_canceled, keep_stats,
        )  # fmt: skip
        out.loc[zones_t, "p_wab"] = p[:n_t]
        out.loc[zones_t, "p_wba"] = p[n_t:]
        out.loc[zones_t, "dir_wab"] = direction[:n_t]
        out.loc[zones_t, "dir_wba"] = direction[n_t:]
    elif progress is not None:
        progress(1.0)
    return out, stats_all


def _permute(
    loc: _Locations, target_b, zone_first, stats, observed, permutations, seed, progress,
    is_canceled, keep_stats,
):  # fmt: skip
    n = len(loc.points)
    z_start = loc.start[zone_first]  # first tested point of each tested zone
    z_end = np.append(z_start[1:], n)
    size = z_end - z_start
    target = np.asarray(target_b, dtype=np.int64)
    # Marking rate per point: about the zone's share of B (the draw is corrected exactly).
    rate = np.clip(np.round(256.0 * target / size), 0, 255).astype(np.uint8)
    zone_rank = np.repeat(np.arange(len(size)), size)
    thr = rate[zone_rank]
    # B points per location: the first point of each location, plus the few others that
    # share its coordinates (a gather and a small scatter, not a cumulative sum of all).
    first_point = np.zeros(n, dtype=bool)
    first_point[loc.start] = True
    stacked = np.flatnonzero(~first_point)
    stacked_loc = loc.of_point[stacked]
    # A family of streams apart from the theatre test's (same seed, other spawn key).
    streams = np.random.SeedSequence(seed, spawn_key=(1,)).spawn(permutations)
    local = threading.local()

    def draw(rng) -> np.ndarray:
        if not hasattr(local, "marked"):
            local.marked = np.empty(n, dtype=bool)
        marked = local.marked
        np.less(rng.integers(0, 256, n, dtype=np.uint8), thr, out=marked)
        cs = np.cumsum(marked, dtype=np.int64)
        before = np.where(z_start > 0, cs[np.maximum(z_start - 1, 0)], 0)
        count = cs[z_end - 1] - before
        diff = count - target
        if diff.any():  # (rarely all zones: a small zone's count is often right)
            sur, dfc = np.flatnonzero(diff > 0), np.flatnonzero(diff < 0)
            unmarked = np.flatnonzero(~marked) if len(dfc) else None
            if len(sur):
                pos = np.flatnonzero(marked)
                r = _distinct_ranks(rng, count[sur], diff[sur])
                base = np.repeat(before[sur], diff[sur])
                marked[pos[base + r]] = False
            if len(dfc):
                free = size[dfc] - count[dfc]
                r = _distinct_ranks(rng, free, -diff[dfc])
                base = np.repeat(z_start[dfc] - before[dfc], -diff[dfc])
                marked[unmarked[base + r]] = True
        b_loc = marked[loc.start].astype(np.float32)
        if len(stacked) * 16 > len(b_loc):  # many stacked points (village-placed data)
            b_loc += np.bincount(stacked_loc, weights=marked[stacked], minlength=len(b_loc))
        elif len(stacked):
            np.add.at(b_loc, stacked_loc, marked[stacked])
        return b_loc

    def one(i: int) -> np.ndarray:
        return stats(draw(np.random.default_rng(streams[i])))

    # Ties: permuted statistics within float32 rounding of the observed one count both
    # as >= and <= (an arrangement equal to the observed one gives the very same number).
    tol = 1e-6 * np.abs(observed) + 1e-9
    work = max(1, len(loc.mult) * 9)
    return run_permutations(
        one, permutations, observed, tol, work, keep_stats, progress, is_canceled, "within-zone"
    )


def benjamini_hochberg(p) -> np.ndarray:
    """Benjamini-Hochberg q-values of ``p`` (NaN stays NaN, not counted as a test)."""
    p = np.asarray(p, dtype=float)
    q = np.full(p.shape, np.nan)
    ok = np.flatnonzero(np.isfinite(p))
    if not len(ok):
        return q
    order = ok[np.argsort(p[ok], kind="stable")]
    m = len(order)
    ranked = p[order] * m / np.arange(1, m + 1)
    q[order] = np.minimum(1.0, np.minimum.accumulate(ranked[::-1])[::-1])
    return q
