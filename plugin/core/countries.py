"""Is an event's point in the country its row names? Outlines given as rings (lon, lat).

The glue reads Natural Earth's countries (shipped with QGIS) into a
``CountryShapes``; without it, rough boxes around the Sahel countries stand in.
A point in its country's outline is fine; within ``TOLERANCE`` degrees outside
it (border events: ACLED places some a few km across a generalised border) it
is kept and counted; farther out it is skipped, as "swapped" when the pair read
the other way round is inside. Rows whose country is blank or unknown to the
table are not checked (and counted).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from matplotlib.path import Path

TOLERANCE = 0.1  # degrees (~11 km at the equator)
_CELL = 0.1  # degrees: grid of cells known to lie well inside an outline

# Point statuses of ``check`` (SYNTHETIC: set by the caller for generated rows).
INSIDE, NEAR, FAR, SWAPPED, UNKNOWN, BLANK, SYNTHETIC = range(7)

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


def check(lon, lat, countries, shapes: CountryShapes, tolerance: float = TOLERANCE):
    """Status of each point (INSIDE, NEAR, FAR, SWAPPED, UNKNOWN, BLANK) and the
    country names not found in ``shapes`` (with their row counts).

    Points with a non-finite or out-of-range coordinate get INSIDE here: the
    caller's range checks judge them.
    """
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    status = np.full(len(lon), INSIDE, dtype=np.int8)
    codes, names = pd.factorize(pd.Series(countries, dtype=object).fillna("").astype(object))
    valid = np.isfinite(lon) & np.isfinite(lat) & (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
    unknown: dict = {}
    for k, name in enumerate(names):
        rows = np.flatnonzero((codes == k) & valid)
        if not len(rows):
            continue
        if not str(name).strip():
            status[rows] = BLANK
            continue
        outline = shapes.outlines.get(normalise(name))
        if outline is None:
            status[rows] = UNKNOWN
            unknown[str(name)] = len(rows)
            continue
        x, y = lon[rows], lat[rows]
        todo = ~_well_inside(outline, x, y)
        if not todo.any():
            continue
        sub = rows[todo]
        pts = np.column_stack([lon[sub], lat[sub]])
        x0, y0, x1, y1 = outline.box
        t = tolerance
        in_box = (pts[:, 0] >= x0 - t) & (pts[:, 0] <= x1 + t)
        in_box &= (pts[:, 1] >= y0 - t) & (pts[:, 1] <= y1 + t)
        inside = np.zeros(len(sub), dtype=bool)
        inside[in_box] = _contains(outline, pts[in_box])
        out = ~inside
        if not out.any():
            continue
        near = np.zeros(len(sub), dtype=bool)
        cand = out & in_box
        near[cand] = _contains(outline, pts[cand], grow=tolerance)
        far = out & ~near
        swapped = np.zeros(len(sub), dtype=bool)
        if far.any():
            flipped = pts[far][:, ::-1]
            swapped[far] = _contains(outline, flipped)
        status[sub[near]] = NEAR
        status[sub[far & ~swapped]] = FAR
        status[sub[swapped]] = SWAPPED
    return status, unknown
