"""Hexagon binning in projected metres (pointy-top hexagons, axial coordinates).

The cell size is the distance between the centres of neighbouring hexagons,
which is also the distance between opposite edges; a hexagon's area is
(sqrt(3)/2) * size**2 (25 km -> about 541 km²).

Fixed grids: hexagons are laid in a documented equal-area CRS with the origin
(0, 0) of that CRS as the centre of hexagon (0, 0), never fitted to the data,
so a hexagon id names the same ground in every run and every file (a 2020-only
run and a 2017-2020 run put an event in the same hexagon). African data use
Africa Albers Equal Area Conic (ESRI:102022); anything else Equal Earth
(EPSG:8857). The grid is chosen from the median event, so one region's runs
always get the same grid.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

SQRT3 = np.sqrt(3.0)


@dataclass(frozen=True)
class FixedGrid:
    """An equal-area CRS whose origin is the centre of hexagon (0, 0)."""

    code: str  # short prefix of hexagon ids
    name: str  # for logs and metadata
    crs: str  # PROJ string (pyproj and QGIS both read it)


AFRICA_ALBERS = FixedGrid(
    "AF",
    "Africa Albers Equal Area Conic (ESRI:102022)",
    "+proj=aea +lat_0=0 +lon_0=25 +lat_1=20 +lat_2=-23 +x_0=0 +y_0=0 +datum=WGS84 "
    "+units=m +no_defs",
)
EQUAL_EARTH = FixedGrid(
    "EE", "Equal Earth (EPSG:8857)", "+proj=eqearth +lon_0=0 +datum=WGS84 +units=m +no_defs"
)
#: Africa with its islands (lon_min, lat_min, lon_max, lat_max).
AFRICA_BOX = (-26.0, -47.0, 64.0, 38.0)


def fixed_grid_for(lon, lat) -> FixedGrid:
    """Africa Albers when the median event lies in Africa's box, else Equal Earth."""
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    ok = np.isfinite(lon) & np.isfinite(lat)
    if not ok.any():
        return AFRICA_ALBERS
    mx, my = float(np.median(lon[ok])), float(np.median(lat[ok]))
    x0, y0, x1, y1 = AFRICA_BOX
    return AFRICA_ALBERS if (x0 <= mx <= x1 and y0 <= my <= y1) else EQUAL_EARTH


def hex_id(grid: FixedGrid, size: float, q: int, r: int) -> str:
    """A hexagon's id, unique across grids and sizes: ``AF25km_12_-3``."""
    return f"{grid.code}{size / 1000.0:g}km_{int(q)}_{int(r)}"


def hex_index(x, y, size: float) -> tuple[np.ndarray, np.ndarray]:
    """Axial (q, r) of the hexagon holding each point (cube rounding)."""
    radius = size / SQRT3  # centre to corner
    x = np.asarray(x, dtype=float) / radius
    y = np.asarray(y, dtype=float) / radius
    qf = SQRT3 / 3.0 * x - y / 3.0
    rf = 2.0 / 3.0 * y
    sf = -qf - rf
    q, r, s = np.round(qf), np.round(rf), np.round(sf)
    dq, dr, ds = np.abs(q - qf), np.abs(r - rf), np.abs(s - sf)
    fix_q = (dq > dr) & (dq > ds)
    fix_r = ~fix_q & (dr > ds)
    q = np.where(fix_q, -r - s, q)
    r = np.where(fix_r, -q - s, r)
    return q.astype(np.int64), r.astype(np.int64)


def hex_centre(q, r, size: float) -> tuple[np.ndarray, np.ndarray]:
    radius = size / SQRT3
    q, r = np.asarray(q, dtype=float), np.asarray(r, dtype=float)
    return radius * SQRT3 * (q + r / 2.0), radius * 1.5 * r


def hex_corners(q, r, size: float) -> np.ndarray:
    """(n, 7, 2) closed rings of corner coordinates, counter-clockwise."""
    cx, cy = hex_centre(q, r, size)
    radius = size / SQRT3
    angles = np.deg2rad(30.0 + 60.0 * np.arange(7))
    xs = cx[:, None] + radius * np.cos(angles)[None, :]
    ys = cy[:, None] + radius * np.sin(angles)[None, :]
    return np.stack([xs, ys], axis=-1)


def hex_area(size: float) -> float:
    return SQRT3 / 2.0 * size * size


def bin_points(x, y, size: float) -> tuple[np.ndarray, np.ndarray]:
    """Zone index of each point and the (q, r) of each occupied hexagon, sorted."""
    q, r = hex_index(x, y, size)
    # One int64 key per hexagon: 1-D unique is far faster than unique(axis=0).
    key = ((q << 32) + (r & 0xFFFFFFFF)).ravel()
    # np.unique(key, return_inverse=True) by hashing, then sorting the few hexagons only
    # (a sort of a million keys took 60 ms).
    codes, found = pd.factorize(key)
    order = np.argsort(found)
    rank = np.empty(len(found), dtype=np.int64)
    rank[order] = np.arange(len(found))
    uniq, zone = found[order], rank[codes]
    r_raw = uniq & 0xFFFFFFFF
    r_u = np.where(r_raw >= 2**31, r_raw - 2**32, r_raw)
    return zone.ravel().astype(np.int64), np.column_stack([(uniq - r_raw) >> 32, r_u])
