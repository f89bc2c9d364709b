"""Which zone holds each point: polygons given as rings of coordinates.

matplotlib's Path does the point-in-polygon test in C; a bounding-box filter
keeps each test to the points near the zone. Holes are subtracted. A point on
a shared border, or in overlapping zones, goes to the first zone in order.
"""

from __future__ import annotations

import numpy as np
from matplotlib.path import Path


def assign_points(x, y, zones: list[list[list[np.ndarray]]]) -> tuple[np.ndarray, int]:
    """Zone index per point (-1 for none) and the number of points in several zones.

    ``zones[z]`` is a list of polygon parts; each part is a list of rings
    (exterior first, then holes), each ring an (n, 2) array.
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    zone = np.full(len(x), -1, dtype=np.int64)
    hits = np.zeros(len(x), dtype=np.int32)
    pts = np.column_stack([x, y])
    for z, parts in enumerate(zones):
        inside = np.zeros(len(x), dtype=bool)
        for rings in parts:
            if not len(rings) or len(rings[0]) < 3:
                continue
            ext = np.asarray(rings[0], dtype=float)
            box = (
                (x >= ext[:, 0].min())
                & (x <= ext[:, 0].max())
                & (y >= ext[:, 1].min())
                & (y <= ext[:, 1].max())
            )
            cand = np.flatnonzero(box)
            if not len(cand):
                continue
            # radius > 0 counts points on the boundary as inside, whatever the ring's orientation
            ok = Path(ext).contains_points(pts[cand], radius=1e-9) | Path(
                ext[::-1]
            ).contains_points(pts[cand], radius=1e-9)
            for hole in rings[1:]:
                hole = np.asarray(hole, dtype=float)
                if len(hole) >= 3:
                    ok &= ~Path(hole).contains_points(pts[cand])
            inside[cand[ok]] = True
        hits += inside
        zone[(zone < 0) & inside] = z
    return zone, int((hits > 1).sum())
