"""The permutation machinery shared by the co-location tests (``colocation``: theatre-
relative, ``withinzone``: within each zone): the points' checks, their canonical order
(row-order free ties), and the batch driver that runs the permutations on threads and
turns them into two-sided pseudo p-values with tie handling. Pure numpy."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np

#: Relative tolerance under which two nearest-neighbour distances count as tied.
TIE_RTOL = 1e-9

#: Target number of focal-neighbour pairs x permutations handled between two progress calls.
_BATCH_WORK = 8_000_000

#: Threads for the permutation loop (numpy and scipy release the GIL in its heavy parts).
_MAX_THREADS = 4


class Canceled(Exception):
    """Raised by the co-location tests when ``is_canceled()`` returns True."""


def prepare_points(xy, labels) -> tuple[np.ndarray, np.ndarray]:
    """Checked coordinates (n x 2, finite, contiguous) and labels as booleans (B)."""
    xy = np.asarray(xy, dtype=np.float64)
    if xy.ndim != 2 or xy.shape[1] != 2:
        raise ValueError(f"xy must have shape (n, 2), got {xy.shape}")
    lab = np.asarray(labels)
    if lab.shape != (len(xy),):
        raise ValueError(f"labels must have shape ({len(xy)},), got {lab.shape}")
    if lab.dtype != bool and not np.isin(lab, (0, 1)).all():
        raise ValueError("labels must be 0 (A) or 1 (B)")
    if not np.isfinite(xy).all():
        raise ValueError("xy contains non-finite coordinates")
    return np.ascontiguousarray(xy), lab.astype(bool)


_MORTON = [
    (16, 0x0000FFFF0000FFFF),
    (8, 0x00FF00FF00FF00FF),
    (4, 0x0F0F0F0F0F0F0F0F),
    (2, 0x3333333333333333),
    (1, 0x5555555555555555),
]


def _spread_bits(v: np.ndarray) -> np.ndarray:
    """Bits of 32-bit integers spread to the even bits of 64 (half a Morton code)."""
    v = v.astype(np.uint64)
    for shift, mask in _MORTON:
        v = (v | (v << np.uint64(shift))) & np.uint64(mask)
    return v


def canonical_order(xy: np.ndarray, zone=None, tiebreak=None) -> np.ndarray:
    """An order of the points that depends only on their (zone, x, y, tiebreak) values.

    Zone first (-1 before 0), then a Morton (Z-order) code of the coordinates, which keeps
    neighbours close in memory like a kd-tree's leaf order; points sharing a code are
    ordered by exact x, y and ``tiebreak`` (e.g. a hash of each event's own attributes).
    Points equal in all of these are interchangeable for every computation here, so any
    result computed in this order is the same for the input rows in any order.
    """
    n = len(xy)
    if n == 0:
        return np.zeros(0, dtype=np.intp)
    zr = np.zeros(n, dtype=np.uint64) if zone is None else (np.asarray(zone) + 1).astype(np.uint64)
    zone_bits = max(1, int(zr.max()).bit_length())
    coord_bits = min(31, (64 - zone_bits) // 2)
    lo = xy.min(axis=0)
    span = float((xy.max(axis=0) - lo).max()) or 1.0
    q = np.floor((xy - lo) * (((1 << coord_bits) - 1) / span))
    key = (
        (zr << np.uint64(2 * coord_bits))
        | _spread_bits(q[:, 0])
        | (_spread_bits(q[:, 1]) << np.uint64(1))
    )
    order = np.argsort(key)
    ks = key[order]
    same = ks[1:] == ks[:-1]
    if same.any():
        # Inside runs of one code (shared or very close coordinates): exact order.
        in_run = np.zeros(n, dtype=bool)
        in_run[1:] |= same
        in_run[:-1] |= same
        pos = np.flatnonzero(in_run)
        run = np.cumsum(~np.r_[False, same])[pos]
        pts = order[pos]
        tb = np.zeros(len(pts)) if tiebreak is None else np.asarray(tiebreak)[pts]
        sub = np.lexsort((tb, xy[pts, 1], xy[pts, 0], run))
        order[pos] = pts[sub]
    return order


def run_permutations(one, permutations, observed, tol, work, keep_stats, progress, is_canceled,
                     what):  # fmt: skip
    """Run ``one(i)`` (the statistics of permutation i, one per row) in thread batches
    sized to ``work`` (non-zeros per permutation); returns the two-sided p-values, the
    direction (+1 above the permutations' mean, -1 below) and, with ``keep_stats``, every
    permutation's statistics. Statistics within ``tol`` of the observed count as ties."""
    rows = len(observed)
    r_high = np.zeros(rows, dtype=np.int64)
    r_low = np.zeros(rows, dtype=np.int64)
    total = np.zeros(rows)
    kept = np.empty((permutations, rows)) if keep_stats else None
    workers = max(1, min(_MAX_THREADS, os.cpu_count() or 1))
    batch = max(workers, min(permutations, _BATCH_WORK // work))
    done = 0
    with ThreadPoolExecutor(max_workers=workers) as pool:
        while done < permutations:
            if is_canceled is not None and is_canceled():
                raise Canceled(f"{what} permutation test canceled")
            stop = min(permutations, done + batch)
            sts = np.array(list(pool.map(one, range(done, stop))))
            r_high += (sts >= observed - tol).sum(axis=0)
            r_low += (sts <= observed + tol).sum(axis=0)
            total += sts.sum(axis=0)
            if kept is not None:
                kept[done:stop] = sts
            done = stop
            if progress is not None:
                progress(done / permutations)
    # Two-sided: twice the smaller one-sided pseudo p-value, capped at 1, so that
    # p < alpha happens with probability alpha under random labelling.
    p = np.minimum(1.0, 2.0 * (np.minimum(r_high, r_low) + 1.0) / (permutations + 1.0))
    direction = np.where(observed > total / permutations, 1, -1).astype(np.int64)
    return p, direction, kept
