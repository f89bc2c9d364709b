"""Adaptive hexagon zones: each place at the finest cell of a fixed hierarchy with evidence.

The hierarchy nests exactly: a level-0 cell is a hexagon of the fixed grid
(``core.hexgrid``, the finest size); the parent of a level-k cell (size s) is the
hexagon of size 2s that holds its centre. A level-k cell is therefore a fixed set of
about 4**k finest hexagons, named by the grid alone (``cell_id``), the same in every
run, file and window.

Zones are chosen top-down, once for the whole run (every window gets the same zones,
so a zone can be compared across windows): a cell of the coarsest level is split into
its children unless the split would move more than ``SPLIT_TOLERANCE`` of the cell's
attributed events into thin zone-windows (those ``scoring`` calls low_data: fewer than
MIN_EVENTS distinct events, fewer than MIN_CLASHES clashes and fewer than min_joint
joint operations) or into zone-windows the source covers less than ``min_coverage``
(``core.coverage``: those ``scoring`` cannot read an absence in, no_data), so a cell
straddling ground the file never covers is split when its covered children keep more
evidence readable. Only counts and coverage decide, so the zones are deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import definitions as d
from . import hexgrid
from .windows import in_window

#: Coarsest level: cells up to 2**3 = 8 times the finest size (25 -> 200 km).
MAX_LEVEL = 3
#: Largest share of a cell's events that splitting it may move into thin zone-windows.
SPLIT_TOLERANCE = 0.10


@dataclass
class Cells:
    """The chosen cells: ``level``, ``q``, ``r`` per cell (sorted by level, q, r) and the
    cell index of each finest hexagon given."""

    level: np.ndarray
    q: np.ndarray
    r: np.ndarray
    of_hexagon: np.ndarray


def parents(q, r, size: float, levels: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """(q, r) of the finest hexagons' cell at each level 0..levels (level 0: themselves)."""
    q, r = np.asarray(q, dtype=np.int64), np.asarray(r, dtype=np.int64)
    out = [(q, r)]
    for k in range(levels):
        cx, cy = hexgrid.hex_centre(q, r, size * 2**k)
        q, r = hexgrid.hex_index(cx, cy, size * 2 ** (k + 1))
        out.append((q, r))
    return out


def cell_id(grid: hexgrid.FixedGrid, size: float, level: int, q: int, r: int) -> str:
    """Level 0: the hexagon's own id (``AF25km_12_-3``); level k: ``AF100km/25_3_-1``,
    the 100 km cell of 25 km hexagons."""
    if level == 0:
        return hexgrid.hex_id(grid, size, q, r)
    return f"{grid.code}{size * 2**level / 1000.0:g}km/{size / 1000.0:g}_{int(q)}_{int(r)}"


def members(level: int, q: int, r: int, size: float) -> np.ndarray:
    """(n, 2) (q, r) of every finest hexagon of a cell (sorted), events or not."""
    if level == 0:
        return np.array([[q, r]], dtype=np.int64)
    cx, cy = hexgrid.hex_centre(np.array([q]), np.array([r]), size * 2**level)
    q0, r0 = hexgrid.hex_index(cx, cy, size)
    reach = 2**level + 2  # the cell's hexagons lie within this many steps of its centre
    dq, dr = np.meshgrid(np.arange(-reach, reach + 1), np.arange(-reach, reach + 1))
    dq, dr = dq.ravel(), dr.ravel()
    near = np.abs(dq + dr) <= reach
    cq, cr = q0[0] + dq[near], r0[0] + dr[near]
    pq, pr = parents(cq, cr, size, level)[level]
    mine = (pq == q) & (pr == r)
    found = np.column_stack([cq[mine], cr[mine]])
    return found[np.lexsort((found[:, 1], found[:, 0]))]


def thin(distinct, clashes, joint, min_events: int, min_clashes: int, min_joint: int):
    """Zone-windows that ``scoring`` would call low_data (too few events to classify)."""
    return (distinct < min_events) & (clashes < min_clashes) & (joint < min_joint)


def choose_cells(
    qr: np.ndarray,
    distinct: np.ndarray,
    clashes: np.ndarray,
    joint: np.ndarray,
    size: float,
    min_events: int,
    min_clashes: int,
    min_joint: int = 2,
    max_level: int = MAX_LEVEL,
    tolerance: float = SPLIT_TOLERANCE,
    coverage=None,
    min_coverage: float = 0.5,
) -> Cells:
    """The adaptive cells of the finest hexagons ``qr`` ((n, 2) q, r).

    ``distinct``, ``clashes``, ``joint``: (windows x hexagons) counts of the two groups'
    distinct events, clashes and joint operations in each hexagon and window.
    ``coverage``: None (unknown: counts alone decide) or ``coverage(level, q, r)``, the
    (windows x cells) coverage of the cells (q, r) of ``level``; events in zone-windows
    covered less than ``min_coverage`` count as lost, like events in thin ones (unless
    their clashes or joint operations class them, as ``scoring`` does without coverage).
    """
    qr = np.asarray(qr, dtype=np.int64).reshape(-1, 2)
    n = len(qr)
    counts = [np.asarray(a, dtype=float).reshape(-1, n) for a in (distinct, clashes, joint)]
    chain = parents(qr[:, 0], qr[:, 1], size, max_level)
    codes = [pd.factorize((q << 32) + (r & 0xFFFFFFFF))[0] for q, r in chain]

    def per_cell(level: int):
        """Events in thin zone-windows and all events, per cell of ``level``."""
        k = codes[level].max() + 1 if n else 0
        sums = []
        for a in counts:
            agg = np.zeros((k, a.shape[0]))
            np.add.at(agg, codes[level], a.T)
            sums.append(agg)
        d, c, j = sums
        lost = thin(d, c, j, min_events, min_clashes, min_joint)
        if coverage is not None and k:
            first = np.unique(codes[level], return_index=True)[1]
            q, r = chain[level]
            cov = np.asarray(coverage(level, q[first], r[first]), dtype=float).reshape(-1, k)
            # under min_coverage scoring keeps only the classes clashes or joint operations
            # prove (presence); the rest rest on an absence and become no_data
            lost |= np.less(cov.T, min_coverage) & (c < min_clashes) & (j < min_joint)
        low = np.where(lost, d, 0.0).sum(axis=1)
        return low, d.sum(axis=1)

    low = [per_cell(level) for level in range(max_level + 1)]
    chosen = np.zeros(n, dtype=np.int64)
    undecided = np.ones(n, dtype=bool)
    for level in range(max_level, 0, -1):
        own_low, total = low[level]
        # The children's thin events summed per parent cell (each hexagon's child once).
        kids = pd.DataFrame({"parent": codes[level], "child": codes[level - 1]}).drop_duplicates()
        kid_low = np.bincount(
            kids["parent"], weights=low[level - 1][0][kids["child"]], minlength=len(own_low)
        )
        split = kid_low - own_low <= tolerance * total + 1e-9
        stop = undecided & ~split[codes[level]]
        chosen[stop] = level
        undecided &= ~stop
    key = pd.DataFrame(
        {
            "level": chosen,
            "q": np.choose(chosen, [c[0] for c in chain]) if n else chosen,
            "r": np.choose(chosen, [c[1] for c in chain]) if n else chosen,
        }
    )
    uniq = key.drop_duplicates().sort_values(["level", "q", "r"]).reset_index(drop=True)
    index = pd.MultiIndex.from_frame(uniq).get_indexer(pd.MultiIndex.from_frame(key))
    return Cells(
        level=uniq["level"].to_numpy(np.int64),
        q=uniq["q"].to_numpy(np.int64),
        r=uniq["r"].to_numpy(np.int64),
        of_hexagon=np.asarray(index, dtype=np.int64),
    )


def counts_of_events(zone, side, start, end, windows, n_hex: int):
    """(windows x hexagons) distinct events, clashes and joint operations of the two
    groups, an event counted in every window it overlaps (as ``scoring`` counts it)."""
    codes, names = pd.factorize(np.asarray(side, dtype=object))
    # 0: own event, 1: clash, 2: joint operation, -1: anything else (ambiguous...)
    kinds = {d.SIDE_A: 0, d.SIDE_B: 0, d.SIDE_CLASH: 1, d.SIDE_JOINT: 2}
    kind = np.array([kinds.get(n, -1) for n in names] + [-1], dtype=np.int8)[codes]
    zone = np.asarray(zone, dtype=np.int64)
    keep = (kind >= 0) & (zone >= 0)  # integer compares: object ones cost ~20 ms a million
    zone, kind = zone[keep], kind[keep]
    start = np.asarray(start, dtype="datetime64[ns]")[keep]
    end = np.asarray(end, dtype="datetime64[ns]")[keep]
    out = np.zeros((3, len(windows), n_hex))
    for w, (ws, we) in enumerate(windows):
        sel = in_window(start, end, np.datetime64(ws, "ns"), np.datetime64(we, "ns"))
        z, k = zone[sel], kind[sel]
        out[0, w] = np.bincount(z, minlength=n_hex)
        out[1, w] = np.bincount(z[k == 1], minlength=n_hex)
        out[2, w] = np.bincount(z[k == 2], minlength=n_hex)
    return out[0], out[1], out[2]


def counts_of_tallies(tallies, n_hex: int):
    """``counts_of_events`` from per-window ``scoring.Tally`` rows (``zone`` = hexagon)."""
    out = np.zeros((3, len(tallies), n_hex))
    for w, t in enumerate(tallies):
        side = np.asarray(t.side, dtype=object)
        group = np.isin(side, [d.SIDE_A, d.SIDE_B, d.SIDE_CLASH, d.SIDE_JOINT]) & (t.zone >= 0)
        for k, mask in enumerate((group, side == d.SIDE_CLASH, side == d.SIDE_JOINT)):
            mask = mask & group
            out[k, w] = np.bincount(t.zone[mask], weights=t.n[mask], minlength=n_hex)
    return out[0], out[1], out[2]
