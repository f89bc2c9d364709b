"""Co-location quotients (CLQ) of two groups of point events, global, local and per zone.

Pure numpy/scipy; no Qt or QGIS imports.  Points are in metres in an equal-area projection
and carry a binary label: 0 = group A (JNIM), 1 = group B (ISGS).  N = N_A + N_B.

Global CLQ (Leslie & Kronenfeld 2011)
    For each point i of A take its nearest neighbour(s) j != i.  With v_i neighbours tied
    at the nearest distance (points sharing i's coordinates count, and then only they are
    nearest, at distance 0) each counts 1/v_i:

        C_{A->B}   = sum_{i in A} sum_{j in NN(i)} [j in B] / v_i
        CLQ_{A->B} = (C_{A->B} / N_A) / (N_B / (N - 1))

    and symmetrically for B->A.  Ties are exact: duplicate coordinates are grouped, and
    distinct locations tie when their distances differ by at most ``TIE_RTOL`` (relative),
    so that decimal coordinates which are equidistant on paper also tie after rounding.
    CLQ = 1: A's nearest neighbours are B as often as under random labelling; < 1: less
    (segregation); > 1: more (attraction).  NaN when a group is empty or N < 2.

Local CLQ (Cromley et al. 2014; Wang et al. 2017), adaptive Gaussian kernel
    For each point i its k nearest neighbours j != i (k = min(k, N - 1)), bandwidth
    b_i = distance to the k-th neighbour, w_ij = exp(-0.5 d_ij^2 / b_i^2) (equal weights when
    b_i = 0, i.e. at least k other points share i's coordinates), and

        LCLQ_i = (sum_j w_ij [label_j != label_i] / sum_j w_ij) / (N_other / (N - 1))

    where N_other is the size of the group i does not belong to: A->B for an A point, B->A
    for a B point.  Ties at the k-th distance are broken deterministically: inside a stack of
    more than k points at one coordinate each point takes the next k stack members (in a
    fixed cyclic order, so every member is a neighbour exactly k times); elsewhere the
    kd-tree decides.

Zone test (conditional permutation, Anselin 1995 style)
    The statistic of a zone is the mean LCLQ of its A points (A->B) or of its B points
    (B->A).  Focal labels stay fixed; in each of M permutations the labels of the focal
    points' neighbours are drawn without replacement from the labels of the N - 1 *other*
    points.  All focal points of one permutation share a single random relabelling of the
    points (a neighbour shared by several focal points gets the same random label for all
    of them, as the overlapping neighbourhoods of a zone require): the points given the
    minority label are a uniformly random set of its size.  To make the draw exclude the
    focal point i exactly: in a random permutation i's own label lands on a point drawn
    uniformly among those given that label; when that point is a neighbour of i, it reads
    the label given to i instead ("removing i from its cycle", which maps a uniform
    permutation of N points onto a uniform permutation of the N - 1 others), so there is
    no 1/N bias.  The landing points are drawn for each focal point independently, and
    only for the ~2k focal points per permutation where one can be a neighbour: each focal
    point's draw is exact, while two focal points may now share a landing point, which one
    permutation would not allow (a difference of order (k / N)^2 in how the focal points
    of a zone depend on each other).
    The pseudo p-value is two-sided: twice the smaller one-sided value (sfdep reports
    the smaller one-sided value itself, which would double the false positives at alpha):

        p = min(1, 2 (min(R_high, R_low) + 1) / (M + 1))

    with R_high = #{permuted >= observed}, R_low = #{permuted <= observed}; ``dir`` is +1
    when the observed statistic exceeds the mean of the permuted ones, else -1 (0 when the
    statistic is undefined).  Since the zone mean is linear in the neighbours' labels, the
    kernel weights are summed once into a sparse (zones x points) matrix and each
    permutation costs one sparse mat-vec.  Each permutation has its own random stream
    spawned from ``seed`` (numpy SeedSequence), so results are identical for identical
    inputs and seed whatever the thread scheduling.

References
    Leslie, T. F., & Kronenfeld, B. J. (2011). The colocation quotient: a new measure of
    spatial association between categorical subsets of points. Geographical Analysis 43(3).
    Cromley, R. G., Hanink, D. M., & Bentley, G. C. (2014). Geographically weighted
    colocation quotients: specification and application. The Professional Geographer 66(1).
    Wang, F., Hu, Y., Wang, S., & Li, X. (2017). Local indicator of colocation quotient with
    a statistical significance test: examining spatial association of crime and facilities.
    The Professional Geographer 69(1).
    Anselin, L. (1995). Local indicators of spatial association - LISA. Geographical
    Analysis 27(2).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.spatial import cKDTree

from .permutation import TIE_RTOL, Canceled, canonical_order, prepare_points, run_permutations
from .withinzone import _within

_prepare = prepare_points  # (the name its callers knew)

__all__ = [
    "TIE_RTOL",
    "Canceled",
    "LocalCLQ",
    "canonical_order",
    "colocation_tests",
    "global_clq",
    "local_clq",
    "zone_colocation",
]


@dataclass
class LocalCLQ:
    """Local co-location quotients of every point.

    ``neighbours[i]`` are the k nearest other points of i (int32), ``weights[i]`` their
    Gaussian kernel weights normalised to sum 1, ``lclq[i]`` the LCLQ of i (A->B for an A
    point, B->A for a B point; NaN when the other group is empty or N < 2).
    """

    neighbours: np.ndarray
    weights: np.ndarray
    lclq: np.ndarray
    k: int


def _spatial_order(xy: np.ndarray) -> np.ndarray:
    """Leaf order of a kd-tree: a spatially coherent ordering of the points.

    Working in this order makes the neighbour queries and the permutation mat-vecs
    cache friendly; results are mapped back to the caller's order.
    """
    return cKDTree(xy, balanced_tree=False, compact_nodes=False).indices


def _tree(xs: np.ndarray) -> cKDTree:
    return cKDTree(xs, leafsize=16, balanced_tree=False, compact_nodes=False)


@dataclass
class _Groups:
    """Points grouped by identical coordinates (groups contiguous in ``order``)."""

    order: np.ndarray  # (n,) point indices, grouped by location, then by index
    start: np.ndarray  # (u,) position in ``order`` of each group's first point
    mult: np.ndarray  # (u,) number of points of each group
    grp: np.ndarray  # (n,) group of each point
    pos: np.ndarray  # (n,) rank of each point within its group
    uxy: np.ndarray  # (u, 2) coordinates of each group


def _groups(xs: np.ndarray) -> _Groups:
    """Group identical coordinates: a hash of the coordinate bits, checked point by point
    (2x faster than sorting by coordinates); sorting if two locations ever collide."""
    n = len(xs)
    xz = xs + 0.0  # -0.0 and 0.0 are one location
    bits = np.ascontiguousarray(xz).view(np.uint64).reshape(n, 2)
    key = bits[:, 0] * np.uint64(0x9E3779B97F4A7C15) ^ bits[:, 1]
    codes, uniq = pd.factorize(key)
    first = np.empty(len(uniq), dtype=np.int64)
    first[codes[::-1]] = np.arange(n - 1, -1, -1)
    if not (xz[first[codes]] == xz).all():
        return _groups_sorted(xs)
    # Groups in order of first appearance, points within a group by index.
    order = np.argsort(codes, kind="stable")
    mult = np.bincount(codes, minlength=len(uniq))
    start = np.concatenate([[0], np.cumsum(mult)[:-1]]).astype(np.intp)
    grp = codes.astype(np.intp)
    pos = np.empty(n, dtype=np.intp)
    pos[order] = np.arange(n) - start[grp[order]]
    return _Groups(order=order, start=start, mult=mult, grp=grp, pos=pos, uxy=xz[first])


def _groups_sorted(xs: np.ndarray) -> _Groups:
    n = len(xs)
    order = np.lexsort((xs[:, 1], xs[:, 0]))
    s = xs[order]
    new = np.ones(n, dtype=bool)
    new[1:] = (s[1:] != s[:-1]).any(axis=1)
    start = np.flatnonzero(new)
    mult = np.diff(np.append(start, n))
    g_sorted = np.cumsum(new) - 1
    grp = np.empty(n, dtype=np.intp)
    grp[order] = g_sorted
    pos = np.empty(n, dtype=np.intp)
    pos[order] = np.arange(n) - start[g_sorted]
    return _Groups(order=order, start=start, mult=mult, grp=grp, pos=pos, uxy=s[new])


def _knn(xs: np.ndarray, k: int, groups: _Groups) -> tuple[np.ndarray, np.ndarray]:
    """k nearest neighbours j != i of every point: (int32 indices, float64 distances).

    Points with more than k others at their coordinates ("stacks") get k stack-mates,
    chosen cyclically (rank + 1 .. rank + k within the stack) so that every member of a
    stack is the neighbour of exactly k others.  The kd-tree holds at most k + 1 points per
    location, which is all any query can need: a large stack would otherwise be one
    unsplittable leaf scanned by every query that reaches it.
    """
    n = len(xs)
    m = groups.mult[groups.grp]
    stacked = np.flatnonzero(m > k)
    rest = np.flatnonzero(m <= k)
    if len(rest):
        rep = np.flatnonzero(groups.pos <= k)
        d, j = _tree(xs[rep]).query(xs[rest], k=k + 1, workers=-1)
        if len(rep) < n:
            j = rep[j]
        j = j.astype(np.int32, copy=False)
        # At most k points share the coordinates of a point of ``rest``, so it is returned
        # itself (at distance 0); drop it. Usually it comes first: slice those rows (no
        # boolean masks over the whole n x (k+1) arrays), mask only the others.
        first = j[:, 0] == rest
        if len(rest) == n and first.all():
            return j[:, 1:], d[:, 1:]  # views: no copies of the n x k arrays
    nbr = np.empty((n, k), dtype=np.int32)
    dist = np.zeros((n, k))
    if len(stacked):
        g = groups.grp[stacked]
        slot = (groups.pos[stacked][:, None] + 1 + np.arange(k)) % m[stacked][:, None]
        nbr[stacked] = groups.order[groups.start[g][:, None] + slot]
    if len(rest):
        nbr[rest[first]] = j[first, 1:]
        dist[rest[first]] = d[first, 1:]
        other = np.flatnonzero(~first)
        if len(other):
            jo, do = j[other], d[other]
            is_self = jo == rest[other][:, None]
            is_self[~is_self.any(axis=1), -1] = True  # defensive, cannot happen
            keep = ~is_self
            nbr[rest[other]] = jo[keep].reshape(-1, k)
            dist[rest[other]] = do[keep].reshape(-1, k)
    return nbr, dist


def _nn_b_share(
    xs: np.ndarray, is_b: np.ndarray, nbr: np.ndarray, dist: np.ndarray, groups: _Groups
) -> np.ndarray:
    """For each point, sum_{j in NN(i)} [j in B] / v_i over its tied nearest neighbours.

    ``nbr``/``dist`` are the point's k nearest other points.  Where the tie at the nearest
    distance is not cut off by the k-th neighbour the answer is read from them; otherwise
    stacks are counted whole and the nearest distinct locations are queried with a
    growing k.
    """
    n, k = nbr.shape
    thr = dist[:, :1] * (1.0 + TIE_RTOL)
    tied = dist <= thr
    cnt = tied.sum(axis=1)
    cnt_b = (tied & is_b[nbr]).sum(axis=1)
    share = cnt_b / cnt
    if k >= n - 1:
        return share
    pending = np.flatnonzero(tied[:, -1])
    if not len(pending):
        return share

    grp, uxy = groups.grp, groups.uxy
    u = len(uxy)
    mult = groups.mult.astype(np.float64)
    mult_b = np.bincount(grp, weights=is_b, minlength=u)

    # Stacked points: the others at the same coordinates are the nearest neighbours.
    dup = pending[dist[pending, 0] == 0.0]
    g = grp[dup]
    share[dup] = (mult_b[g] - is_b[dup]) / (mult[g] - 1.0)

    # Single points: all points stacked at the nearest distinct location(s).
    single = pending[dist[pending, 0] > 0.0]
    if len(single):
        locs = grp[single]
        share_loc = np.empty(len(single))
        tree = cKDTree(uxy)
        todo = np.arange(len(single))
        kk = min(8, u)
        while len(todo):
            # Bound memory: at most ~4M neighbour slots per query.
            chunk = max(1, 4_000_000 // kk)
            left = []
            for c0 in range(0, len(todo), chunk):
                rows = todo[c0 : c0 + chunk]
                d, j = tree.query(uxy[locs[rows]], k=kk, workers=-1)
                # Column 0 is the location itself (locations are distinct).
                d, j = d[:, 1:], j[:, 1:]
                t = d <= d[:, :1] * (1.0 + TIE_RTOL)
                done = ~t[:, -1] if kk < u else np.ones(len(rows), dtype=bool)
                jd, td = j[done], t[done]
                n_tied = np.where(td, mult[jd], 0.0).sum(axis=1)
                share_loc[rows[done]] = np.where(td, mult_b[jd], 0.0).sum(axis=1) / n_tied
                left.append(rows[~done])
            todo = np.concatenate(left)
            kk = min(2 * kk, u)
        share[single] = share_loc
    return share


def _clq_from_share(share: np.ndarray, is_b: np.ndarray) -> tuple[float, float]:
    n = len(is_b)
    n_b = int(is_b.sum())
    n_a = n - n_b
    c_ab = float(share[~is_b].sum())
    c_ba = float((1.0 - share[is_b]).sum())
    clq_ab = (c_ab / n_a) / (n_b / (n - 1))
    clq_ba = (c_ba / n_b) / (n_a / (n - 1))
    return clq_ab, clq_ba


def global_clq(xy, labels) -> tuple[float, float]:
    """Global co-location quotients ``(CLQ_{A->B}, CLQ_{B->A})`` with exact tie handling."""
    xy, is_b = _prepare(xy, labels)
    n = len(xy)
    n_b = int(is_b.sum())
    if n < 2 or n_b in (0, n):
        return float("nan"), float("nan")
    order = _spatial_order(xy)
    xs, lab = xy[order], is_b[order]
    groups = _groups(xs)
    nbr, dist = _knn(xs, min(4, n - 1), groups)
    return _clq_from_share(_nn_b_share(xs, lab, nbr, dist, groups), lab)


def _local(
    xs: np.ndarray, is_b: np.ndarray, k: int, extra: int = 0
) -> tuple[LocalCLQ, np.ndarray | None, _Groups | None, np.ndarray | None]:
    """Local CLQ in the (spatially sorted) order of ``xs``; also the kNN distances and the
    coordinate groups (None when N < 2). With ``extra`` = 1 the neighbour query goes one
    further (when there are enough points) and the (n, k + 1) neighbours are returned last
    (the within-zone test reuses them); the quotients use the first k."""
    n = len(xs)
    k = int(min(k, n - 1)) if n >= 2 else 0
    if k < 1:
        empty = LocalCLQ(
            neighbours=np.zeros((n, 0), dtype=np.int32),
            weights=np.zeros((n, 0)),
            lclq=np.full(n, np.nan),
            k=0,
        )
        return empty, None, None, None
    groups = _groups(xs)
    kq = k + extra if k + extra <= n - 1 else k
    nbr_all, dist_all = _knn(xs, kq, groups)
    nbr, dist = (nbr_all, dist_all) if kq == k else (nbr_all[:, :k], dist_all[:, :k])
    b = dist[:, -1:]
    # w = exp(-0.5 (d / b)^2) in place, without masked copies of the n x k arrays
    with np.errstate(invalid="ignore", divide="ignore"):
        w = np.divide(dist, b)
    w *= w
    w *= -0.5
    np.exp(w, out=w)
    w[b[:, 0] == 0] = 1.0  # equal weights inside a stack of more than k points
    w /= w.sum(axis=1, keepdims=True)
    other = is_b[nbr] != is_b[:, None]  # (not 1 - share of B: keeps exact zeros)
    frac = np.einsum("ij,ij->i", w, other)
    n_b = int(is_b.sum())
    expected = np.where(is_b, n - n_b, n_b) / (n - 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        lclq = np.where(expected > 0, frac / expected, np.nan)
    loc = LocalCLQ(neighbours=nbr, weights=w, lclq=lclq, k=k)
    return loc, dist, groups, ((nbr_all, dist_all) if kq > k else None)


def local_clq(xy, labels, k: int = 8) -> LocalCLQ:
    """Local CLQ of every point with an adaptive Gaussian kernel over its k neighbours."""
    if k < 1:
        raise ValueError("k must be >= 1")
    xy, is_b = _prepare(xy, labels)
    n = len(xy)
    if n < 2:
        return _local(xy, is_b, k)[0]
    order = _spatial_order(xy)
    loc = _local(xy[order], is_b[order], k)[0]
    nbr = np.empty_like(loc.neighbours)
    nbr[order] = order.astype(np.int32)[loc.neighbours]
    w = np.empty_like(loc.weights)
    w[order] = loc.weights
    lclq = np.empty_like(loc.lclq)
    lclq[order] = loc.lclq
    return LocalCLQ(neighbours=nbr, weights=w, lclq=lclq, k=loc.k)


def zone_colocation(
    xy,
    labels,
    zone,
    n_zones: int,
    k: int = 8,
    permutations: int = 99,
    seed: int | None = None,
    progress: Callable[[float], object] | None = None,
    is_canceled: Callable[[], bool] | None = None,
    tiebreak=None,
) -> pd.DataFrame:
    """Per-zone mean local CLQ with conditional-permutation pseudo p-values.

    ``zone[i]`` is the zone index (0..n_zones-1) of point i, or -1 for none.  Returns a
    DataFrame indexed by zone with columns ``n_a, n_b, lclq_ab, lclq_ba, p_ab, p_ba,
    dir_ab, dir_ba``; ``df.attrs`` holds ``clq_ab``, ``clq_ba`` (global CLQs), ``n``,
    ``n_a``, ``n_b``, ``k`` (effective), ``permutations`` and ``seed``. ``tiebreak``: an
    order-free key per point (see ``canonical_order``) for points sharing coordinates.
    """
    return colocation_tests(
        xy, labels, zone, n_zones, k, permutations, seed, tiebreak, False, progress, is_canceled
    )[0]


def colocation_tests(
    xy,
    labels,
    zone,
    n_zones: int,
    k: int = 8,
    permutations: int = 99,
    seed: int | None = None,
    tiebreak=None,
    within: bool = True,
    progress: Callable[[float], object] | None = None,
    is_canceled: Callable[[], bool] | None = None,
    theatre: bool = True,
) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """The theatre-relative test (``zone_colocation``) and, with ``within``, the
    within-zone test (``withinzone``) on one canonical ordering and one neighbour query.
    Without ``theatre`` the theatre-relative quotients and p-values are NaN (not run)."""
    return _zone_colocation(
        xy, labels, zone, n_zones, k, permutations, seed, progress, is_canceled,
        tiebreak=tiebreak, within=within, theatre=theatre,
    )[:2]  # fmt: skip


def _zone_colocation(
    xy, labels, zone, n_zones, k, permutations, seed, progress, is_canceled, keep_stats=False,
    tiebreak=None, within=False, theatre=True,
) -> tuple[pd.DataFrame, pd.DataFrame | None, np.ndarray | None]:  # fmt: skip
    """:func:`colocation_tests`; with ``keep_stats`` also the theatre test's permuted
    statistics (M x 2 n_zones: A->B of each zone, then B->A of each zone), for tests."""
    if k < 1:
        raise ValueError("k must be >= 1")
    if permutations < 0:
        raise ValueError("permutations must be >= 0")
    n_zones = int(n_zones)
    if n_zones < 0:
        raise ValueError("n_zones must be >= 0")
    xy, is_b = _prepare(xy, labels)
    n = len(xy)
    zone = np.asarray(zone)
    if zone.shape != (n,):
        raise ValueError(f"zone must have shape ({n},), got {zone.shape}")
    if n and not np.issubdtype(zone.dtype, np.integer):
        raise ValueError("zone must be an integer array")
    zone = zone.astype(np.int64)
    if n and (zone.min() < -1 or zone.max() >= n_zones):
        raise ValueError("zone values must be in -1..n_zones-1")

    n_b = int(is_b.sum())
    n_a = n - n_b
    # A canonical order (zone, then space): spatially coherent (faster) and free of the
    # input's row order, so ties and random draws do not depend on it.
    if n >= 2:
        order = canonical_order(xy, zone, tiebreak)
        xy, is_b, zone = xy[order], is_b[order], zone[order]
    loc, dist, groups, wider = _local(xy, is_b, k, extra=1 if within else 0)
    k_eff = loc.k
    if theatre and n_a > 0 and n_b > 0 and dist is not None and groups is not None:
        share = _nn_b_share(xy, is_b, loc.neighbours, dist, groups)
        clq_ab, clq_ba = _clq_from_share(share, is_b)
    else:
        clq_ab = clq_ba = float("nan")
    del dist, groups

    in_zone = zone >= 0
    f_a = np.flatnonzero(in_zone & ~is_b)
    f_b = np.flatnonzero(in_zone & is_b)
    nz_a = np.bincount(zone[f_a], minlength=n_zones)
    nz_b = np.bincount(zone[f_b], minlength=n_zones)
    with np.errstate(invalid="ignore", divide="ignore"):
        lclq_ab = np.bincount(zone[f_a], weights=loc.lclq[f_a], minlength=n_zones) / nz_a
        lclq_ba = np.bincount(zone[f_b], weights=loc.lclq[f_b], minlength=n_zones) / nz_b

    def part(lo, hi):
        if progress is None:
            return None
        share = 0.5 if within else 1.0
        return lambda f: progress(lo * share + f * (hi - lo) * share)

    p = np.full(2 * n_zones, np.nan)
    direction = np.zeros(2 * n_zones, dtype=np.int64)
    stats = None
    if not theatre:  # (the neighbour query above still serves the within-zone test)
        lclq_ab = np.full(n_zones, np.nan)
        lclq_ba = np.full(n_zones, np.nan)
        if progress is not None:
            progress(0.5 if within else 1.0)
    elif permutations > 0 and n_a > 0 and n_b > 0 and k_eff > 0 and len(f_a) + len(f_b) > 0:
        p, direction, stats = _permutation_test(
            loc, is_b, zone, f_a, f_b, nz_a, nz_b, n_zones, permutations, seed,
            part(0.0, 1.0), is_canceled, keep_stats,
        )  # fmt: skip
    elif progress is not None:
        progress(0.5 if within else 1.0)

    df = pd.DataFrame(
        {
            "n_a": nz_a.astype(np.int64),
            "n_b": nz_b.astype(np.int64),
            "lclq_ab": lclq_ab,
            "lclq_ba": lclq_ba,
            "p_ab": p[:n_zones],
            "p_ba": p[n_zones:],
            "dir_ab": direction[:n_zones],
            "dir_ba": direction[n_zones:],
        },
        index=pd.RangeIndex(n_zones, name="zone"),
    )
    df.attrs.update(
        clq_ab=clq_ab,
        clq_ba=clq_ba,
        n=n,
        n_a=n_a,
        n_b=n_b,
        k=k_eff,
        permutations=int(permutations),
        seed=seed,
    )
    within_df = None
    if within:
        done = (lambda f: progress(0.5 + 0.5 * f)) if progress is not None else None
        reuse = None if wider is None else (*wider, loc.weights)
        within_df = _within(
            xy, is_b, zone, n_zones, k, permutations, seed, reuse, done, is_canceled
        )[0]
    return df, within_df, stats


def _permutation_test(
    loc: LocalCLQ,
    is_b: np.ndarray,
    zone: np.ndarray,
    f_a: np.ndarray,
    f_b: np.ndarray,
    nz_a: np.ndarray,
    nz_b: np.ndarray,
    n_zones: int,
    permutations: int,
    seed: int | None,
    progress: Callable[[float], object] | None,
    is_canceled: Callable[[], bool] | None,
    keep_stats: bool,
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    n = len(is_b)
    n_b = int(is_b.sum())
    n_a = n - n_b
    k = loc.k
    rows_total = 2 * n_zones

    # Focal points: the points in a zone; the A points of zone z make row z (A->B, "other"
    # = B), its B points row Z + z (B->A).  Per point (in point order: no n x k gathers):
    # row, and scale = 1 / (expected share * points of the zone); sign +1 counts B, -1
    # counts A, through stat = offset + sum_j W_zj [j in B] with offset = sum_j |W_zj| for
    # the B->A rows.
    in_zone = zone >= 0
    zi = np.where(in_zone, zone, 0)
    point_row = np.where(in_zone, zi + np.where(is_b, n_zones, 0), -1)
    with np.errstate(divide="ignore"):
        expected = np.where(is_b, n_a * nz_b[zi], n_b * nz_a[zi]).astype(np.float64)
        point_scale = np.where(in_zone, (n - 1) / expected, 0.0)
    signed = np.where(is_b, -point_scale, point_scale)
    # (rows x points indicator of the focal points) @ (points x points weights), both built
    # straight in compressed form (k weights per point): no COO triplets to sort.
    weights_all = sparse.csr_matrix(
        (
            (loc.weights * signed[:, None]).ravel(),
            loc.neighbours.astype(np.int32).ravel(),
            np.arange(0, n * k + 1, k),
        ),
        shape=(n, n),
    )
    focal_rows = point_row[in_zone]
    rows_of = sparse.csc_matrix(
        (np.ones(len(focal_rows)), focal_rows, np.concatenate([[0], np.cumsum(in_zone)])),
        shape=(rows_total, n),
    ).tocsr()
    # (the product has one entry per row and column already; sorting its indices would
    # cost 60 ms at 1M events and not speed up the mat-vecs)
    mat = rows_of @ weights_all
    del weights_all, rows_of, signed
    offset = np.zeros(rows_total)
    offset[n_zones:] = -np.asarray(mat[n_zones:].sum(axis=1)).ravel()

    lab_b = is_b.astype(np.float64)
    observed = offset + mat @ lab_b

    # The relabelling draws the positions of the minority label (ties: the label of
    # point 0), so that swapping the two labels mirrors every draw and every p-value.
    minority_b = n_b < n_a or (n_b == n_a and bool(is_b[0]))
    n_min = n_b if minority_b else n_a
    threshold = round(256 * n_min / n)  # <= 128
    # Focal points by label class, in point order (which does not depend on the labels),
    # with the size of their label and the rate at which the exclusion step visits them.
    classes = []
    for is_min in (True, False):
        pts = np.sort(f_b if is_min == minority_b else f_a)
        size = n_min if is_min else n - n_min
        classes.append((pts, size, min(1.0, k / size)))
    neighbours, weights = loc.neighbours, loc.weights

    # One independent stream per permutation (spawned from ``seed``), so the result does
    # not depend on how permutations are spread over threads.
    streams = np.random.SeedSequence(seed).spawn(permutations)
    local = threading.local()

    def one(m: int) -> np.ndarray:
        rng = np.random.default_rng(streams[m])
        # Buffers reused per thread: fresh 1-8 MB arrays per permutation cost page faults.
        if not hasattr(local, "bufs"):
            local.bufs = (np.empty(n, dtype=bool), np.empty(n))
        marked, perm_lab = local.bufs
        # A uniformly random set of exactly n_min positions for the minority label, as a
        # random permutation of the labels gives, without the cost of a shuffle: mark each
        # position with probability ~ n_min / n, then unmark (or mark) a uniformly random
        # subset of the surplus (or deficit).  Given its size a Bernoulli set is uniform,
        # so the corrected set is uniform among the sets of size n_min.
        np.less(rng.integers(0, 256, n, dtype=np.uint8), threshold, out=marked)
        count = int(np.count_nonzero(marked))
        if count != n_min:
            pos = np.flatnonzero(marked if count > n_min else ~marked)
            flip = rng.choice(len(pos), abs(count - n_min), replace=False, shuffle=False)
            marked[pos[flip]] = count < n_min
        if minority_b:
            np.copyto(perm_lab, marked)
        else:
            np.subtract(1.0, marked, out=perm_lab)
        st = offset + mat @ perm_lab
        # Exact exclusion of each focal point i from its own draw.  In a random
        # permutation i's own label lands on a position drawn uniformly among the N_l
        # positions that carry that label; when it is one of i's neighbours, that
        # neighbour must read the label at i instead (i "removed from its cycle").  That
        # happens with probability c_i / N_l, c_i the neighbours carrying i's label: visit
        # focal points at rate q = min(1, k / N_l) >= c_i / N_l, accept a visit with
        # probability c_i / (q N_l) and take one of those c_i neighbours at random.
        # Only about 2k focal points are visited per permutation.
        for pts, size, q in classes:
            if not len(pts):
                continue
            if q < 1.0:
                n_visit = rng.binomial(len(pts), q)
                pts = pts[rng.choice(len(pts), n_visit, replace=False, shuffle=False)]
            if not len(pts):
                continue
            val = perm_lab[pts]  # the label at i (1 = B)
            own = float(is_b[pts[0]])
            same = perm_lab[neighbours[pts]] == own
            c = same.sum(axis=1)
            u = rng.random((len(pts), 2))
            hit = u[:, 0] * (q * size) < c
            if not hit.any():
                continue
            pts, same, c, u, val = pts[hit], same[hit], c[hit], u[hit], val[hit]
            # the r-th of i's neighbours carrying its label, r uniform in 0..c_i - 1
            r = np.minimum((u[:, 1] * c).astype(np.int64), c - 1)
            slot = (np.cumsum(same, axis=1) > r[:, None]).argmax(axis=1)
            # An A row counts B neighbours, a B row counts A neighbours.
            gain = 1.0 - val if own else val
            np.add.at(st, point_row[pts], weights[pts, slot] * point_scale[pts] * gain)
        return st

    # Ties: permuted statistics within a rounding tolerance of the observed one count both
    # as >= and <= (they are computed along the same path, but can differ in the last bits).
    tol = 1e-9 * np.abs(observed) + 1e-12
    work = max(1, len(focal_rows) * k)
    p, direction, stats = run_permutations(
        one, permutations, observed, tol, work, keep_stats, progress, is_canceled, "co-location"
    )
    empty = np.concatenate([nz_a == 0, nz_b == 0])
    p[empty] = np.nan
    direction[empty] = 0
    return p, direction, stats
