"""Equal-area projections for the density work (pure pyproj, no Qt/QGIS).

Kernel densities are computed in metres on a projected grid. The projection
must be *equal-area* so that "events per km²" means the same thing in every
cell: a cell of the grid covers the same ground area in Mali and in Niger.
We use an Albers Equal Area Conic on the WGS84 ellipsoid, fitted to the extent
of the points (standard parallels at 1/6 and 5/6 of the latitude range, the
classic rule of thumb that keeps the scale error small across the extent).

All functions are deterministic: the same points give the same PROJ string,
so rasters produced in different runs line up.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from pyproj import CRS, Transformer

__all__ = [
    "SAHEL_EQUAL_AREA",
    "WGS84",
    "equal_area_crs",
    "to_lonlat",
    "to_metres",
]

WGS84 = "EPSG:4326"

# Central Sahel (Mali, Burkina Faso, Niger): used when there are no points.
SAHEL_EQUAL_AREA = "+proj=aea +lat_0=14 +lon_0=0 +lat_1=8 +lat_2=20 +datum=WGS84 +units=m +no_defs"

# Below this latitude span (degrees) the 1/6-5/6 rule would put the standard
# parallels closer than 2 degrees apart; we then use centre +/- 1 degree.
# The two rules agree exactly at this span (1/6 of 3 = 0.5 = 1.5 - 1).
_MIN_LAT_SPAN = 3.0


def _fmt(value: float) -> str:
    """Format a degree value compactly and deterministically (0.01 degree)."""
    v = round(float(value), 2) + 0.0  # + 0.0 turns -0.0 into 0.0
    text = f"{v:.2f}".rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"


def equal_area_crs(lon, lat) -> str:
    """PROJ string of an Albers Equal Area projection fitted to the points.

    Parameters
    ----------
    lon, lat : array-like of float
        Longitudes and latitudes in degrees (WGS84). Non-finite values are
        ignored. When no finite point is left, :data:`SAHEL_EQUAL_AREA` is
        returned.

    Returns
    -------
    str
        ``+proj=aea`` on the WGS84 datum, units metres, with

        * ``lon_0`` = centre of the longitude range rounded to 0.5 degree,
        * ``lat_0`` = centre of the latitude range,
        * ``lat_1``, ``lat_2`` = 1/6 and 5/6 of the latitude range, or
          centre -/+ 1 degree when the range is under 3 degrees,

        latitudes rounded to 0.01 degree. The antimeridian is not handled
        (irrelevant for the Sahel).

        If the two standard parallels are symmetric about the equator the
        Albers cone degenerates; a Lambert cylindrical equal-area projection
        (``+proj=cea``) is returned instead, which is also equal-area.
    """
    lon = np.asarray(lon, dtype=float).ravel()
    lat = np.asarray(lat, dtype=float).ravel()
    if lon.shape != lat.shape:
        raise ValueError("lon and lat must have the same number of values")
    ok = np.isfinite(lon) & np.isfinite(lat)
    if not ok.any():
        return SAHEL_EQUAL_AREA
    lon, lat = lon[ok], lat[ok]
    lon_min, lon_max = float(lon.min()), float(lon.max())
    lat_min, lat_max = float(np.clip(lat.min(), -89.0, 89.0)), float(np.clip(lat.max(), -89, 89))

    lon_0 = float(np.floor((lon_min + lon_max) + 0.5)) / 2.0  # centre to 0.5 deg, half up
    lat_c = (lat_min + lat_max) / 2.0
    span = lat_max - lat_min
    if span < _MIN_LAT_SPAN:
        lat_1, lat_2 = lat_c - 1.0, lat_c + 1.0
    else:
        lat_1, lat_2 = lat_min + span / 6.0, lat_max - span / 6.0

    if abs(round(lat_1, 2) + round(lat_2, 2)) < 0.5:
        # Cone constant n = (sin lat_1 + sin lat_2)/2 ~ 0: use the cylinder.
        lat_ts = (lat_2 - lat_1) / 2.0
        return (
            f"+proj=cea +lon_0={_fmt(lon_0)} +lat_ts={_fmt(lat_ts)} +datum=WGS84 +units=m +no_defs"
        )
    return (
        f"+proj=aea +lat_0={_fmt(lat_c)} +lon_0={_fmt(lon_0)} "
        f"+lat_1={_fmt(lat_1)} +lat_2={_fmt(lat_2)} "
        "+datum=WGS84 +units=m +no_defs"
    )


# --- transformations ---------------------------------------------------------
# pyproj Transformer objects must not be shared between threads (QGIS runs
# processing algorithms in worker threads), so the cache is per thread.
_local = threading.local()


def _crs_key(crs) -> str:
    if isinstance(crs, CRS):
        return crs.to_wkt()
    return str(crs)


def _transformer(src: str, dst: str) -> Transformer:
    cache = getattr(_local, "cache", None)
    if cache is None:
        cache = _local.cache = {}
    key = (src, dst)
    tr = cache.get(key)
    if tr is None:
        if len(cache) >= 16:
            cache.clear()
        tr = cache[key] = Transformer.from_crs(src, dst, always_xy=True)
    return tr


_SPLIT = 200_000  # from this many points, two threads (PROJ releases the GIL)
_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def _two_threads() -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="sahel-proj")
        return _pool


def _run(src: str, dst: str, a, b) -> tuple[np.ndarray, np.ndarray]:
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    a, b = np.broadcast_arrays(a, b)
    fa, fb = np.ascontiguousarray(a).ravel(), np.ascontiguousarray(b).ravel()
    n = fa.size
    if n >= _SPLIT and (os.cpu_count() or 1) > 1:
        # Each thread uses its own transformer (they must not be shared).
        parts = list(
            _two_threads().map(
                lambda sl: _transformer(src, dst).transform(fa[sl], fb[sl]),
                [slice(0, n // 2), slice(n // 2, n)],
            )
        )
        xa = np.concatenate([np.asarray(p[0], dtype=float) for p in parts])
        xb = np.concatenate([np.asarray(p[1], dtype=float) for p in parts])
    else:
        xa, xb = _transformer(src, dst).transform(fa, fb)
    return (
        np.asarray(xa, dtype=float).reshape(a.shape),
        np.asarray(xb, dtype=float).reshape(b.shape),
    )


def to_metres(lon, lat, crs) -> tuple[np.ndarray, np.ndarray]:
    """Project WGS84 lon/lat (degrees) to ``crs`` (x, y in metres).

    Vectorised; returns float64 arrays of the broadcast input shape. ``crs``
    is a PROJ/WKT/"EPSG:..." string or a :class:`pyproj.CRS`. Points the
    projection cannot represent come back as ``inf``.
    """
    return _run(WGS84, _crs_key(crs), lon, lat)


def to_lonlat(x, y, crs) -> tuple[np.ndarray, np.ndarray]:
    """Inverse of :func:`to_metres`: ``crs`` x/y (metres) to WGS84 lon/lat."""
    return _run(_crs_key(crs), WGS84, x, y)
