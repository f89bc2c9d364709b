"""Fast paths for incident layers: GDAL's Arrow stream to read, bulk SQL to write.

``read_incidents_arrow`` gives the same frame as ``layers.read_incidents``
(same columns, dtypes, values and order) but reads whole columns through
``ogr.Layer.GetArrowStreamAsNumPy`` (GDAL >= 3.6) instead of one QgsFeature
at a time: about 30x faster at a million events. It serves OGR-backed layers
(GeoPackage, shapefile, ...) and paths; anything it cannot serve exactly
(memory layers, unsaved edits, SQL subsets, text dates) raises
``FastPathUnavailable`` so the caller falls back to the getFeatures path.

``bulk_insert_incidents`` fills the empty GeoPackage table a Processing sink
created with one SQLite ``executemany`` instead of one feature at a time, then
bulk-loads the spatial index (``gpkg_rtree``) and builds the date/side indexes.
"""

from __future__ import annotations

import os
import re
import sqlite3
import threading
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
from osgeo import gdal, ogr, osr

from . import definitions as d
from . import gpkg_rtree


class FastPathUnavailable(Exception):
    """This layer must be read (or written) the slow way; the message says why."""


_DATE_TYPES = (ogr.OFTDate, ogr.OFTDateTime)
_NUM_TYPES = (ogr.OFTInteger, ogr.OFTInteger64, ogr.OFTReal)
_STR_FIELDS = (d.F_EVENT_ID, d.F_SIDE, d.F_GROUP, d.F_SOURCE)
_NUM_FIELDS = (d.F_CLASH, d.F_FATALITIES)
_SQL_START = re.compile(r"^\s*(select|with)\b", re.IGNORECASE)


# --- where a layer's data lives -----------------------------------------------------


def ogr_location(path_or_layer) -> tuple[str, str | None, str]:
    """(file path, layer name or None, attribute filter) of a path or an OGR layer.

    Raises FastPathUnavailable for what GDAL alone cannot read exactly as
    QGIS shows it.
    """
    if isinstance(path_or_layer, (str, Path)):
        text = str(path_or_layer)
        parts = text.split("|")
        path, name, subset = parts[0], None, ""
        for part in parts[1:]:
            key, _, value = part.partition("=")
            if key == "layername":
                name = value
            elif key == "subset":
                subset = value
            elif key == "layerid":
                name = None if value in ("", "0") else _raise(f"layerid={value}")
        return path, name, subset
    layer = path_or_layer
    if not hasattr(layer, "providerType") or layer.providerType() != "ogr":
        raise FastPathUnavailable("not an OGR-backed layer")
    if layer.isEditable() and layer.isModified():
        raise FastPathUnavailable("the layer has unsaved edits")
    from qgis.core import QgsProviderRegistry

    parts = QgsProviderRegistry.instance().decodeUri("ogr", layer.source())
    path = parts.get("path") or ""
    name = parts.get("layerName") or None
    if name is None and parts.get("layerId") not in (None, "", 0, "0"):
        raise FastPathUnavailable("layer chosen by id")
    return path, name, layer.subsetString() or ""


def _raise(message):
    raise FastPathUnavailable(message)


def _open_layer(path: str, name: str | None):
    if not path or not Path(path).exists():
        raise FastPathUnavailable(f"not a local file: {path!r}")
    ds = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_READONLY)
    if ds is None:
        raise FastPathUnavailable(f"GDAL cannot open {path}")
    lyr = ds.GetLayerByName(name) if name else ds.GetLayer(0)
    if lyr is None:
        raise FastPathUnavailable(f"no layer {name!r} in {path}")
    return ds, lyr


# --- a small cache of what was read, per file state --------------------------------

_CACHE: OrderedDict = OrderedDict()
_CACHE_LOCK = threading.Lock()  # algorithms run in task threads
CACHE_ENTRIES = 3  # a frame and a heatmap's arrays of one or two layers (~150 MB at 1M)


def file_identity(path_or_layer) -> tuple | None:
    """Path, layer, subset and the file's (and its WAL's) mtime and size; None when
    the data does not live in one local file GDAL can read (no caching then)."""
    try:
        path, name, subset = ogr_location(path_or_layer)
    except FastPathUnavailable:
        return None
    if not path or not os.path.isfile(path):
        return None
    parts: list = [os.path.realpath(path), name, subset]
    for p in (path, path + "-wal"):  # QGIS edits GeoPackages in WAL mode
        try:
            st = os.stat(p)
            parts += [st.st_mtime_ns, st.st_size]
        except OSError:
            parts += [None, None]
    return tuple(parts)


def cached(key, build):
    """``build()`` once per key (a ``file_identity`` plus what is built from it).

    Callers must not modify what they get (copy it if needed).
    """
    with _CACHE_LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    value = build()  # outside the lock: two threads may build one key, both correctly
    with _CACHE_LOCK:
        _CACHE[key] = value
        while len(_CACHE) > CACHE_ENTRIES:
            _CACHE.popitem(last=False)
    return value


def clear_cache() -> None:
    with _CACHE_LOCK:
        _CACHE.clear()


# --- reading ----------------------------------------------------------------------


#: A little-endian 2D WKB point: byte order, geometry type, x, y (21 bytes, unaligned).
_WKB_POINT = np.dtype([("order", "u1"), ("kind", "<u4"), ("x", "<f8"), ("y", "<f8")])


def _points(wkb: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """x, y and a 'has a point' mask from a column of WKB geometries."""
    n = len(wkb)
    if n and wkb.dtype.kind == "V" and wkb.dtype.itemsize == 21 and not np.ma.isMaskedArray(wkb):
        rec = np.ascontiguousarray(wkb).view(_WKB_POINT)  # fields read in place, no copies
        if (rec["order"] == 1).all() and (rec["kind"] == 1).all():
            x, y = rec["x"].astype(np.float64), rec["y"].astype(np.float64)
            return x, y, np.isfinite(x) & np.isfinite(y)
    # Mixed or unusual geometries (multipoints, 3D, nulls): one by one.
    x = np.full(n, np.nan)
    y = np.full(n, np.nan)
    ok = np.zeros(n, dtype=bool)
    mask = np.ma.getmaskarray(wkb) if np.ma.isMaskedArray(wkb) else np.zeros(n, dtype=bool)
    data = np.ma.getdata(wkb)
    for i in range(n):
        if mask[i] or data[i] is None:
            continue
        geom = ogr.CreateGeometryFromWkb(bytes(data[i]))
        if geom is None or geom.IsEmpty():
            continue
        if geom.GetGeometryCount() > 0:  # multipoint: its first point, as read_incidents
            geom = geom.GetGeometryRef(0)
        x[i], y[i], ok[i] = geom.GetX(), geom.GetY(), True
    return x, y, ok


def _strings(col: np.ndarray) -> np.ndarray:
    """Arrow text column (bytes) → object array of str; NULL as QGIS prints it."""
    mask = np.ma.getmaskarray(col) if np.ma.isMaskedArray(col) else None
    data = np.ma.getdata(col)
    if data.dtype.kind == "S":
        out = _few_strings(data)
        if out is None:
            try:
                out = data.astype(str).astype(object)
            except UnicodeDecodeError:
                out = np.char.decode(data, "utf-8", errors="replace").astype(object)
    else:
        out = np.array(
            [v.decode("utf-8", "replace") if isinstance(v, bytes) else str(v) for v in data],
            dtype=object,
        )
    if mask is not None and mask.any():
        out[mask] = "NULL"  # str() of a NULL attribute in PyQGIS
    return out


def _few_strings(data: np.ndarray) -> np.ndarray | None:
    """Decode a low-cardinality bytes column once per distinct value (10x faster).

    The bytes are hashed as 64-bit words; the result is checked against the
    input, so a hash collision or a high cardinality just returns None.
    """
    n = len(data)
    if n < 1000:
        return None
    width = -(-data.dtype.itemsize // 8) * 8
    words = data.astype(f"S{width}").view("<u8").reshape(n, -1)
    key = words[:, 0].copy()
    for j in range(1, words.shape[1]):
        key = key * np.uint64(1000003) ^ words[:, j]
    codes, uniques = pd.factorize(key)
    if len(uniques) > max(64, n // 100):
        return None
    first = np.empty(len(uniques), dtype=np.int64)
    first[codes[::-1]] = np.arange(n - 1, -1, -1)
    reps = data[first]
    if not (reps[codes] == data).all():
        return None
    text = np.array([r.decode("utf-8", "replace") for r in reps], dtype=object)
    return text[codes]


def _dates(col: np.ndarray) -> np.ndarray:
    data = np.ma.getdata(col).astype("datetime64[D]").astype("datetime64[ns]")
    if np.ma.isMaskedArray(col):
        data[np.ma.getmaskarray(col)] = np.datetime64("NaT")
    return data


def _numbers(col: np.ndarray) -> tuple[np.ndarray, bool]:
    data = np.ma.getdata(col)
    if np.ma.isMaskedArray(col) and np.ma.getmaskarray(col).any():
        out = data.astype(float)
        out[np.ma.getmaskarray(col)] = np.nan
        return out, True
    return data, False


def read_incidents_arrow(path_or_layer, feedback=None, fields=None) -> pd.DataFrame:
    """The frame ``layers.read_incidents`` gives, read through GDAL's Arrow stream.

    ``path_or_layer``: a file path (``path|layername=name`` accepted) or an
    OGR-backed QgsVectorLayer, whose subset string is applied as an OGR
    attribute filter (QGIS does the same). ``fields``: the analysis fields to
    read (default all; see ``layers.read_incidents``). Raises
    FastPathUnavailable when the layer must be read through QGIS instead.
    """
    from .layers import check_incident_fields

    if not hasattr(ogr.Layer, "GetArrowStreamAsNumPy"):
        raise FastPathUnavailable("GDAL older than 3.6")
    path, name, subset = ogr_location(path_or_layer)
    if subset and _SQL_START.match(subset):
        raise FastPathUnavailable("the subset string is an SQL statement")
    ds, lyr = _open_layer(path, name)
    defn = lyr.GetLayerDefn()
    if defn.GetGeomFieldCount() != 1:
        raise FastPathUnavailable("not a layer with one geometry column")
    if ogr.GT_Flatten(lyr.GetGeomType()) not in (ogr.wkbPoint, ogr.wkbMultiPoint):
        raise FastPathUnavailable("not a point layer")
    types = {}
    for i in range(defn.GetFieldCount()):
        fd = defn.GetFieldDefn(i)
        types[fd.GetName()] = fd.GetType()
    names = list(types)
    check_incident_fields(names)
    wanted = analysis_fields(names, fields)
    for f in wanted:
        kind = types[f]
        ok = (
            kind in _DATE_TYPES
            if f in (d.F_DATE, d.F_DATE_END)
            else kind in _NUM_TYPES
            if f in _NUM_FIELDS
            else kind == ogr.OFTString
        )
        if not ok:
            raise FastPathUnavailable(f"field {f} has OGR type {ogr.GetFieldTypeName(kind)}")
    srs = lyr.GetSpatialRef()
    if srs is None:
        raise FastPathUnavailable("the layer has no CRS")
    lyr.SetIgnoredFields([f for f in names if f not in wanted] + ["OGR_STYLE"])
    if subset and lyr.SetAttributeFilter(subset) != 0:
        raise FastPathUnavailable(f"OGR does not understand the subset {subset!r}")
    if feedback is not None and feedback.isCanceled():
        return pd.DataFrame(columns=[*wanted, d.F_LON, d.F_LAT])
    geom_col = lyr.GetGeometryColumn() or "wkb_geometry"
    batches: dict[str, list] = {}
    stream = lyr.GetArrowStreamAsNumPy(options=["INCLUDE_FID=NO"])
    if stream is None:
        raise FastPathUnavailable("GDAL gave no Arrow stream")
    for batch in stream:
        for key, values in batch.items():
            batches.setdefault(key, []).append(values)
    del stream, lyr, ds
    if not batches:
        cols = {f: np.array([], dtype=object) for f in wanted}
        cols[geom_col] = np.array([], dtype="V21")
    else:
        cols = {}
        for key, parts in batches.items():
            masked = any(np.ma.isMaskedArray(p) for p in parts)
            cols[key] = np.ma.concatenate(parts) if masked else np.concatenate(parts)
    if geom_col not in cols:
        geom_keys = [k for k in cols if k not in wanted]
        if len(geom_keys) != 1:
            raise FastPathUnavailable("cannot find the geometry column in the Arrow stream")
        geom_col = geom_keys[0]
    x, y, has_point = _points(cols.pop(geom_col))
    keep = has_point
    if not srs.IsGeographic() or not srs.IsSame(_wgs84()):
        x, y = _to_wgs84(srs, x, y)

    frame = pd.DataFrame(index=pd.RangeIndex(int(keep.sum())))
    if keep.all():  # (indexing by an all-true mask would copy every column)
        keep = slice(None)
    for f in wanted:
        col = cols[f]
        if f in (d.F_DATE, d.F_DATE_END):
            frame[f] = _dates(col)[keep]
        elif f in _NUM_FIELDS:
            values, had_null = _numbers(col)
            values = values[keep]
            if f == d.F_CLASH:
                frame[f] = np.nan_to_num(values.astype(float), nan=0.0).astype(int)
            elif had_null:
                frame[f] = np.nan_to_num(values.astype(float), nan=0.0)
            elif values.dtype.kind == "f":
                frame[f] = values.astype(float)
            else:
                frame[f] = values.astype(np.int64)
        else:
            frame[f] = _strings(col)[keep]
    _fill_date_end(frame, fields)
    frame[d.F_LON] = x[keep]
    frame[d.F_LAT] = y[keep]
    if feedback is not None:
        feedback.setProgress(100.0)
    return frame


def analysis_fields(names, fields=None) -> list[str]:
    """The fields to read from a layer with fields ``names``: those of ``fields``
    (default: every analysis field; event_date and side always) that the layer
    has, in schema order."""
    every = [*d.REQUIRED_FOR_ANALYSIS, d.F_DATE_END, d.F_SOURCE]
    always = (d.F_DATE, d.F_SIDE)
    chosen = every if fields is None else [f for f in every if f in fields or f in always]
    return [f for f in chosen if f in names]


def _fill_date_end(frame: pd.DataFrame, fields=None) -> None:
    """date_end as read, its blanks (or the whole column if absent) from event_date."""
    if fields is not None and d.F_DATE_END not in fields:
        return
    if d.F_DATE_END not in frame.columns:
        frame[d.F_DATE_END] = frame[d.F_DATE]
    frame[d.F_DATE_END] = frame[d.F_DATE_END].fillna(frame[d.F_DATE])


def _wgs84() -> osr.SpatialReference:
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    return srs


def _to_wgs84(srs: osr.SpatialReference, x: np.ndarray, y: np.ndarray):
    from pyproj import CRS, Transformer

    tr = Transformer.from_crs(CRS.from_wkt(srs.ExportToWkt()), "EPSG:4326", always_xy=True)
    lon, lat = tr.transform(x, y)
    return np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)


# --- writing ----------------------------------------------------------------------


def _gpkg_point_blobs(lon: np.ndarray, lat: np.ndarray, srs_id: int) -> list:
    """GeoPackage geometry blobs (header without envelope + WKB point), None if no point."""
    n = len(lon)
    rec = np.zeros(
        n,
        dtype=[
            ("magic", "S2"),
            ("version", "u1"),
            ("flags", "u1"),
            ("srs", "<i4"),
            ("order", "u1"),
            ("kind", "<u4"),
            ("x", "<f8"),
            ("y", "<f8"),
        ],
    )
    rec["magic"] = b"GP"
    rec["flags"] = 1  # little endian, no envelope, not empty
    rec["srs"] = srs_id
    rec["order"] = 1
    rec["kind"] = 1
    rec["x"] = lon
    rec["y"] = lat
    buf = rec.tobytes()
    size = rec.dtype.itemsize  # 29
    ok = np.isfinite(lon) & np.isfinite(lat)
    return [buf[i * size : (i + 1) * size] if ok[i] else None for i in range(n)]


def _column_values(frame: pd.DataFrame, name: str, kind: str) -> list:
    s = frame[name]
    if kind == "date":  # formatted once per distinct day
        codes, days = pd.factorize(pd.to_datetime(s))
        text = np.append(days.strftime("%Y-%m-%d").to_numpy(dtype=object), None)
        return text[codes].tolist()
    if kind == "int":
        return s.to_numpy(dtype=np.int64).tolist()
    if kind == "float":
        return s.to_numpy(dtype=float).tolist()
    return s.astype(str).tolist()  # as frame_to_features: str() of every value


def gpkg_table(path: str) -> tuple[str, str, int]:
    """(table, geometry column, srs id) of the single feature table in a GeoPackage."""
    con = sqlite3.connect(path)
    try:
        rows = con.execute(
            "SELECT table_name, column_name, srs_id FROM gpkg_geometry_columns"
        ).fetchall()
    finally:
        con.close()
    if len(rows) != 1:
        raise FastPathUnavailable(f"{path} holds {len(rows)} feature tables, not 1")
    return rows[0]


def bulk_insert_incidents(path: str, frame: pd.DataFrame, table: str | None = None) -> int:
    """Fill the empty feature table of a GeoPackage with the frame (standard schema,
    EPSG:4326).

    Meant for the table a Processing sink has just created and closed (a table
    that holds rows is refused: its spatial index is rebuilt from the new rows
    only). In one SQLite transaction, all or nothing: the table's triggers
    (spatial index and feature count upkeep, which would fire once per row) are
    set aside, rows go in with one executemany, the spatial index is
    bulk-loaded (``gpkg_rtree``), the extent and count are set, the triggers
    are put back and the date/side indexes (which speed up the temporal
    controller's filters, qgis #37801) are built.
    """
    path = str(path)
    t_name, g_col, srs_id = gpkg_table(path)
    if table and table != t_name:
        raise FastPathUnavailable(f"{path} has table {t_name}, not {table}")
    kinds = dict(d.INCIDENT_FIELDS)
    rtree = f"rtree_{t_name}_{g_col}"
    # Autocommit mode and an explicit BEGIN: Python's sqlite3 would otherwise commit
    # each DROP TRIGGER on its own, and a failure later would leave them dropped.
    con = sqlite3.connect(path, isolation_level=None)
    try:
        info = con.execute(f'PRAGMA table_info("{t_name}")').fetchall()
        cols = [r[1] for r in info]
        pk = next((r[1] for r in info if r[5] == 1), None)
        if pk is None:
            raise FastPathUnavailable(f"{t_name} has no integer primary key")
        if con.execute(f'SELECT count(*) FROM "{t_name}"').fetchone()[0]:
            raise FastPathUnavailable(f"{t_name} already holds rows")
        fields = [f for f in d.INCIDENT_FIELD_NAMES if f in cols]
        values = [_column_values(frame, f, kinds[f]) for f in fields]
        lon = frame[d.F_LON].to_numpy(dtype=float)
        lat = frame[d.F_LAT].to_numpy(dtype=float)
        values.append(_gpkg_point_blobs(lon, lat, srs_id))
        names = ", ".join(f'"{c}"' for c in [*fields, g_col])
        marks = ", ".join("?" * (len(fields) + 1))
        con.execute("BEGIN IMMEDIATE")
        try:
            _fill(con, t_name, g_col, pk, rtree, fields, names, marks, values, lon, lat)
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")
    finally:
        con.close()
    return len(frame)


def _next_rowid(con, table: str) -> int:
    """The id SQLite gives the next row of an empty table (AUTOINCREMENT counts on)."""
    try:
        row = con.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)).fetchone()
    except sqlite3.OperationalError:  # no AUTOINCREMENT table in the file
        row = None
    return (int(row[0]) if row and row[0] is not None else 0) + 1


def _fill(con, t_name, g_col, pk, rtree, fields, names, marks, values, lon, lat) -> None:
    """The body of ``bulk_insert_incidents``' transaction."""
    triggers = con.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?",
        (t_name,),
    ).fetchall()
    for name, _sql in triggers:
        con.execute(f'DROP TRIGGER "{name}"')
    n = len(lon)
    has_rtree = con.execute(
        "SELECT count(*) FROM sqlite_master WHERE name = ?", (rtree,)
    ).fetchone()[0]
    first = _next_rowid(con, t_name)
    with ThreadPoolExecutor(max_workers=1) as pool:
        # The spatial index is packed (numpy, no SQLite) while the rows go in.
        packing = None
        if has_rtree:
            size = gpkg_rtree.node_size(con, rtree)
            fids = np.arange(first, first + n, dtype=np.int64)
            packing = pool.submit(gpkg_rtree.pack_points, fids, lon, lat, size)
        con.executemany(f'INSERT INTO "{t_name}" ({names}) VALUES ({marks})', zip(*values))
        packed = packing.result() if packing is not None else None
    # One statement into an empty table: consecutive ids.
    low, high, count = con.execute(
        f'SELECT min("{pk}"), max("{pk}"), count(*) FROM "{t_name}"'
    ).fetchone()
    if count != n or (n and high - low + 1 != n):
        raise RuntimeError(f"{t_name}: inserted ids are not consecutive")
    if packed is not None:
        if n and low != first:  # ids not where expected: pack again with the real ones
            fids = np.arange(low, low + n, dtype=np.int64)
            packed = gpkg_rtree.pack_points(fids, lon, lat, packed.node_size)
        gpkg_rtree.write_packed(con, rtree, packed)
    ok = np.isfinite(lon) & np.isfinite(lat)
    if ok.any():
        con.execute(
            "UPDATE gpkg_contents SET min_x=?, min_y=?, max_x=?, max_y=? WHERE table_name=?",
            (
                float(lon[ok].min()),
                float(lat[ok].min()),
                float(lon[ok].max()),
                float(lat[ok].max()),
                t_name,
            ),
        )
    if con.execute("SELECT count(*) FROM sqlite_master WHERE name='gpkg_ogr_contents'").fetchone()[
        0
    ]:
        con.execute(
            "UPDATE gpkg_ogr_contents SET feature_count=? WHERE table_name=?", (count, t_name)
        )
    for _name, sql in triggers:
        con.execute(sql)
    for f in (d.F_DATE, d.F_SIDE):
        if f in fields:
            con.execute(f'CREATE INDEX IF NOT EXISTS "idx_{t_name}_{f}" ON "{t_name}" ("{f}")')
