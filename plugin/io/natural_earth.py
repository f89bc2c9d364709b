"""Natural Earth country outlines from the GeoPackage QGIS ships, opened read-only.

QGIS installs ``resources/data/world_map.gpkg`` (Natural Earth 1:10m countries,
generalised). It belongs to the QGIS installation: it is opened through
SQLite's ``immutable`` mode (no lock, no journal, no WAL: the file's bytes
never change) and read once per session.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from urllib.parse import quote

from osgeo import ogr

from ..core.countries import CountryShapes

_LOCK = threading.Lock()
_CACHE: dict = {}
_ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}


def world_map_path() -> Path | None:
    """The world map GeoPackage of this QGIS installation, or None."""
    candidates = []
    try:
        from qgis.core import QgsApplication

        if QgsApplication.instance() is not None:
            data = Path(QgsApplication.pkgDataPath())
            candidates.append(data / "resources/data/world_map.gpkg")
    except ImportError:  # pragma: no cover - the glue always runs inside QGIS
        pass
    candidates.append(Path("/usr/share/qgis/resources/data/world_map.gpkg"))
    return next((p for p in candidates if p.is_file()), None)


def read_only_uri(path: str | Path) -> str:
    """An SQLite URI that can neither write ``path`` nor create a journal beside it."""
    return f"file:{quote(str(Path(path).resolve()))}?mode=ro&immutable=1"


def _rings(blob: bytes) -> list:
    """Polygon parts (lists of rings as [(lon, lat), ...]) of a GeoPackage geometry blob."""
    if not blob or blob[:2] != b"GP" or blob[3] & 0x10:  # not a geometry, or empty
        return []
    start = 8 + _ENVELOPE_BYTES.get((blob[3] >> 1) & 0x07, 0)
    geom = ogr.CreateGeometryFromWkb(bytes(blob[start:]))
    if geom is None:
        return []
    polygons = (
        [geom.GetGeometryRef(i) for i in range(geom.GetGeometryCount())]
        if ogr.GT_Flatten(geom.GetGeometryType()) == ogr.wkbMultiPolygon
        else [geom]
    )
    parts = []
    for poly in polygons:
        rings = [poly.GetGeometryRef(k).GetPoints() for k in range(poly.GetGeometryCount())]
        rings = [r for r in rings if r and len(r) >= 3]
        if rings:
            parts.append([[p[:2] for p in r] for r in rings])
    return parts


def country_shapes(path: str | Path | None = None) -> CountryShapes | None:
    """Country outlines by name (Natural Earth's NAME), or None when QGIS's world map
    is missing or unreadable (the loaders then fall back to rough boxes)."""
    path = Path(path) if path else world_map_path()
    if path is None:
        return None
    key = str(path)
    with _LOCK:
        if key in _CACHE:
            return _CACHE[key]
        try:
            con = sqlite3.connect(read_only_uri(path), uri=True)
            try:
                rows = con.execute('SELECT "NAME", "geom" FROM "countries"').fetchall()
            finally:
                con.close()
        except sqlite3.Error:
            _CACHE[key] = None
            return None
        shapes = {}
        for name, blob in rows:
            if name:
                parts = _rings(blob)
                if parts:
                    shapes.setdefault(name, []).extend(parts)
        result = CountryShapes.from_rings(shapes, f"Natural Earth countries ({path.name})")
        _CACHE[key] = result
        return result
