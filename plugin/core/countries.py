"""Is an event's point in the country its row names, and how far outside? Outlines given
as rings (lon, lat).

The glue reads Natural Earth's countries (shipped with QGIS) into a
``CountryShapes``; without it, rough boxes around the Sahel countries stand in.
``check`` gives every point its geodesic distance in km to its stated country's
outline (0 inside), measured on the WGS84 ellipsoid (Vincenty's inverse formula), not
with a buffer in degrees: the import keeps every row and flags those more than a limit
out (``COUNTRY_KM``, 10 km by default: Natural Earth's generalised borders put real
border villages tens of metres to a few km "outside"). A point far out whose pair read
the other way round is inside is "swapped". Rows whose country is blank or unknown to
the table are not checked (and counted).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from matplotlib.path import Path

COUNTRY_KM = 10.0  # default limit: farther out, a row is listed for review
_CELL = 0.1  # degrees: grid of cells known to lie well inside an outline

# Point statuses of ``check`` (SYNTHETIC: set by the caller for generated rows). NEAR:
# outside by at most the limit; FAR: farther out.
INSIDE, NEAR, FAR, SWAPPED, UNKNOWN, BLANK, SYNTHETIC = range(7)

# WGS84
_A = 6378137.0
_F = 1 / 298.257223563
_B = _A * (1 - _F)
_E2 = _F * (2 - _F)

# Country names of ACLED and UCDP GED exports that Natural Earth spells otherwise
# (compared after ``normalise``; UCDP's "(former name)" suffixes are dropped first).
ALIASES = {
    "democratic republic of congo": "dem. rep. congo",
    "democratic republic of the congo": "dem. rep. congo",
    "dr congo": "dem. rep. congo",
    "republic of congo": "congo",
    "republic of the congo": "congo",
    "central african republic": "central african rep.",
    "ivory coast": "cote d'ivoire",
    "south sudan": "s. sudan",
    "equatorial guinea": "eq. guinea",
    "western sahara": "w. sahara",
    "cape verde": "cabo verde",
    "sao tome and principe": "sao tome and principe",
    "bosnia and herzegovina": "bosnia and herz.",
    "bosnia-herzegovina": "bosnia and herz.",
    "dominican republic": "dominican rep.",
    "czech republic": "czechia",
    "north macedonia": "macedonia",
    "united states": "united states of america",
    "solomon islands": "solomon is.",
    "swaziland": "eswatini",
    "the gambia": "gambia",
    "gambia, the": "gambia",
    "timor leste": "timor-leste",
    "east timor": "timor-leste",
}

# Rough boxes (lon_min, lat_min, lon_max, lat_max) when no outlines are at hand.
COUNTRY_BOXES = {
    "Mali": (-12.3, 10.1, 4.3, 25.1),
    "Burkina Faso": (-5.6, 9.4, 2.5, 15.1),
    "Niger": (0.1, 11.6, 16.0, 23.6),
    "Nigeria": (2.6, 4.2, 14.7, 13.9),
    "Chad": (13.4, 7.4, 24.0, 23.5),
    "Cameroon": (8.4, 1.6, 16.2, 13.1),
    "Mauritania": (-17.1, 14.7, -4.8, 27.3),
}


def normalise(name: str) -> str:
    """Country name for matching: no accents, no UCDP '(former name)', lower case."""
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode()
    text = re.sub(r"\s*\(.*\)\s*$", "", text)
    text = " ".join(text.replace("\u2019", "'").split()).casefold()
    return ALIASES.get(text, text)


@dataclass
class _Outline:
    parts: list  # per polygon part: list of rings (exterior first), (n, 2) arrays
    box: tuple  # lon_min, lat_min, lon_max, lat_max
    grid: np.ndarray | None = None  # cells well inside (bool, rows = lat)
    origin: tuple = (0.0, 0.0)
    edges: np.ndarray | None = None  # every ring's edges (``_edges``)


@dataclass
class CountryShapes:
    """Outlines by normalised country name; ``source`` says where they come from."""

    outlines: dict = field(default_factory=dict)
    source: str = ""

    @classmethod
    def from_rings(cls, shapes: dict, source: str) -> CountryShapes:
        """``shapes``: country name -> list of parts, each a list of rings."""
        out = cls(source=source)
        for name, parts in shapes.items():
            parts = [[np.asarray(r, dtype=float)[:, :2] for r in rings] for rings in parts if rings]
            parts = [rings for rings in parts if len(rings[0]) >= 3]
            if not parts:
                continue
            ext = np.concatenate([rings[0] for rings in parts])
            box = (ext[:, 0].min(), ext[:, 1].min(), ext[:, 0].max(), ext[:, 1].max())
            out.outlines[normalise(name)] = _Outline(parts, box)
        return out

    @classmethod
    def boxes(cls) -> CountryShapes:
        rings = {
            name: [[np.array([(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)])]]
            for name, (x0, y0, x1, y1) in COUNTRY_BOXES.items()
        }
        return cls.from_rings(rings, "rough boxes around the Sahel countries")


def _signed_area(ring: np.ndarray) -> float:
    x, y = ring[:, 0], ring[:, 1]
    return 0.5 * float(np.sum(x[:-1] * y[1:] - x[1:] * y[:-1]))


def _contains(outline: _Outline, pts: np.ndarray, grow: float = 0.0) -> np.ndarray:
    """Points inside the outline grown (or shrunk, ``grow`` < 0) by ``grow`` degrees
    (matplotlib offsets the path: positive radius grows counter-clockwise rings)."""
    inside = np.zeros(len(pts), dtype=bool)
    for rings in outline.parts:
        ext = rings[0]
        sign = 1.0 if _signed_area(ext) >= 0 else -1.0
        r = sign * grow if grow else 1e-9 * sign
        hit = Path(ext).contains_points(pts, radius=r)
        for hole in rings[1:]:
            if len(hole) >= 3:
                hsign = 1.0 if _signed_area(hole) >= 0 else -1.0
                # A grown outline has shrunk holes and the other way round.
                hr = -hsign * grow if grow else -1e-9 * hsign
                hit &= ~Path(hole).contains_points(pts, radius=hr)
        inside |= hit
    return inside


def _inner_grid(outline: _Outline) -> None:
    """Mark grid cells whose centre lies well inside (more than a cell diagonal):
    their points need no exact test (most of a country's events)."""
    x0, y0, x1, y1 = outline.box
    nx = max(1, int(np.ceil((x1 - x0) / _CELL)))
    ny = max(1, int(np.ceil((y1 - y0) / _CELL)))
    cx = x0 + (np.arange(nx) + 0.5) * _CELL
    cy = y0 + (np.arange(ny) + 0.5) * _CELL
    gx, gy = np.meshgrid(cx, cy)
    centres = np.column_stack([gx.ravel(), gy.ravel()])
    outline.grid = _contains(outline, centres, grow=-1.5 * _CELL).reshape(ny, nx)
    outline.origin = (x0, y0)


def _well_inside(outline: _Outline, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    if outline.grid is None:
        _inner_grid(outline)
    ny, nx = outline.grid.shape
    ix = np.floor((lon - outline.origin[0]) / _CELL).astype(np.int64)
    iy = np.floor((lat - outline.origin[1]) / _CELL).astype(np.int64)
    ok = (ix >= 0) & (ix < nx) & (iy >= 0) & (iy < ny)
    out = np.zeros(len(lon), dtype=bool)
    out[ok] = outline.grid[iy[ok], ix[ok]]
    return out


def geodesic_km(lon1, lat1, lon2, lat2) -> np.ndarray:
    """Geodesic distances in km on the WGS84 ellipsoid (Vincenty's inverse formula,
    vectorised; accurate to well under a millimetre for points not nearly antipodal)."""
    lon1, lat1, lon2, lat2 = (np.asarray(v, dtype=float) for v in (lon1, lat1, lon2, lat2))
    big_l = np.radians(lon2 - lon1)
    u1 = np.arctan((1 - _F) * np.tan(np.radians(lat1)))
    u2 = np.arctan((1 - _F) * np.tan(np.radians(lat2)))
    su1, cu1, su2, cu2 = np.sin(u1), np.cos(u1), np.sin(u2), np.cos(u2)
    lam = big_l.copy()
    for _ in range(200):
        sl, cl = np.sin(lam), np.cos(lam)
        ss = np.hypot(cu2 * sl, cu1 * su2 - su1 * cu2 * cl)
        cs = su1 * su2 + cu1 * cu2 * cl
        sig = np.arctan2(ss, cs)
        sa = cu1 * cu2 * sl / np.where(ss == 0, 1.0, ss)
        c2a = 1 - sa * sa
        c2sm = np.where(c2a == 0, 0.0, cs - 2 * su1 * su2 / np.where(c2a == 0, 1.0, c2a))
        c = _F / 16 * c2a * (4 + _F * (4 - 3 * c2a))
        new = big_l + (1 - c) * _F * sa * (sig + c * ss * (c2sm + c * cs * (-1 + 2 * c2sm**2)))
        done = np.all(np.abs(new - lam) < 1e-12)
        lam = new
        if done:
            break
    u_sq = c2a * (_A * _A - _B * _B) / (_B * _B)
    a = 1 + u_sq / 16384 * (4096 + u_sq * (-768 + u_sq * (320 - 175 * u_sq)))
    b = u_sq / 1024 * (256 + u_sq * (-128 + u_sq * (74 - 47 * u_sq)))
    dsig = (
        b
        * ss
        * (
            c2sm
            + b
            / 4
            * (cs * (-1 + 2 * c2sm**2) - b / 6 * c2sm * (-3 + 4 * ss**2) * (-3 + 4 * c2sm**2))
        )
    )
    return _B * a * (sig - dsig) / 1000.0


def _edges(outline: _Outline) -> np.ndarray:
    """Every edge of the outline's rings (holes included): (n, 4) lon0, lat0, lon1, lat1."""
    if outline.edges is None:
        rings = [r for rings in outline.parts for r in rings if len(r) >= 2]
        outline.edges = np.concatenate([np.column_stack([r[:-1], r[1:]]) for r in rings])
    return outline.edges


def distance_km(outline: _Outline, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Geodesic distance in km from each point to the outline's boundary.

    The nearest points are searched in a plane tangent at each point (degrees scaled by
    the ellipsoid's radii of curvature there; float32, a search only), the three nearest
    edges' points measured on the ellipsoid, the shortest kept: the plane's scale drifts
    by under 1 % over 200 km, so the edge it picks is the right one or one within that
    share of it. Points repeated (real data stacks on villages) are measured once."""
    pts, back = np.unique(np.column_stack([lon, lat]), axis=0, return_inverse=True)
    back = np.asarray(back).reshape(-1)
    edges = _edges(outline)
    e32 = edges.astype(np.float32)
    ex, ey = e32[:, 0], e32[:, 1]
    edx, edy = e32[:, 2] - ex, e32[:, 3] - ey
    out = np.empty(len(pts))
    rad = np.pi / 180.0
    # Points x edges in chunks of about a million pairs (some 40 MB of temporaries).
    step = max(1, 1_000_000 // max(len(edges), 1))
    k = min(3, len(edges))
    for lo in range(0, len(pts), step):
        x0, y0 = pts[lo : lo + step, :1], pts[lo : lo + step, 1:]
        s2 = np.sin(y0 * rad) ** 2
        kx = (_A / np.sqrt(1 - _E2 * s2) * np.cos(y0 * rad) * rad).astype(np.float32)
        ky = (_A * (1 - _E2) / (1 - _E2 * s2) ** 1.5 * rad).astype(np.float32)
        ax = (ex - x0.astype(np.float32)) * kx  # metres from the point to each edge's start
        ay = (ey - y0.astype(np.float32)) * ky
        dx, dy = edx * kx, edy * ky
        den = dx * dx + dy * dy
        den[den == 0] = 1.0
        t = np.clip(-(ax * dx + ay * dy) / den, 0.0, 1.0)
        d2 = (ax + t * dx) ** 2 + (ay + t * dy) ** 2
        best = np.argpartition(d2, k - 1, axis=1)[:, :k]
        tb = np.take_along_axis(t, best, axis=1).astype(float)
        e = edges[best]
        nx = e[..., 0] + tb * (e[..., 2] - e[..., 0])
        ny = e[..., 1] + tb * (e[..., 3] - e[..., 1])
        km = geodesic_km(np.broadcast_to(x0, nx.shape), np.broadcast_to(y0, ny.shape), nx, ny)
        out[lo : lo + step] = km.min(axis=1)
    return out[back]


def check(lon, lat, countries, shapes: CountryShapes, limit_km: float = COUNTRY_KM):
    """Status of each point (INSIDE, NEAR, FAR, SWAPPED, UNKNOWN, BLANK), its distance in
    km outside its stated country (0 inside, NaN where not checked) and the country names
    not found in ``shapes`` (with their row counts).

    Points with a non-finite or out-of-range coordinate get INSIDE here: the
    caller's range checks judge them.
    """
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    status = np.full(len(lon), INSIDE, dtype=np.int8)
    km = np.zeros(len(lon))
    codes, names = pd.factorize(pd.Series(countries, dtype=object).fillna("").astype(object))
    valid = np.isfinite(lon) & np.isfinite(lat) & (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
    km[~valid] = np.nan
    unknown: dict = {}
    for k, name in enumerate(names):
        rows = np.flatnonzero((codes == k) & valid)
        if not len(rows):
            continue
        if not str(name).strip():
            status[rows], km[rows] = BLANK, np.nan
            continue
        outline = shapes.outlines.get(normalise(name))
        if outline is None:
            status[rows], km[rows] = UNKNOWN, np.nan
            unknown[str(name)] = len(rows)
            continue
        x, y = lon[rows], lat[rows]
        todo = ~_well_inside(outline, x, y)
        if not todo.any():
            continue
        sub = rows[todo]
        pts = np.column_stack([lon[sub], lat[sub]])
        x0, y0, x1, y1 = outline.box
        in_box = (pts[:, 0] >= x0) & (pts[:, 0] <= x1) & (pts[:, 1] >= y0) & (pts[:, 1] <= y1)
        inside = np.zeros(len(sub), dtype=bool)
        inside[in_box] = _contains(outline, pts[in_box])
        out = ~inside
        if not out.any():
            continue
        dist = distance_km(outline, pts[out, 0], pts[out, 1])
        far = dist > limit_km
        swapped = np.zeros(len(dist), dtype=bool)
        if far.any():
            swapped[far] = _contains(outline, pts[out][far][:, ::-1])
        rows_out = sub[out]
        km[rows_out] = dist
        status[rows_out] = np.where(swapped, SWAPPED, np.where(far, FAR, NEAR))
    return status, km, unknown
