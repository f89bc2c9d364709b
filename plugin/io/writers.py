"""Write incident frames: QGIS features, new GeoPackages, bulk SQL into a sink's table.

``bulk_insert_incidents`` fills the empty GeoPackage table a Processing sink
created with one SQLite ``executemany`` instead of one feature at a time, then
bulk-loads the spatial index (``gpkg_rtree``) and builds the date/side indexes.
"""

from __future__ import annotations

import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
from osgeo import ogr, osr
from qgis.core import QgsFeature, QgsFeatureSink, QgsFields, QgsGeometry, QgsPointXY

from .. import definitions as d
from . import gpkg_rtree
from .gdal_files import FastPathUnavailable
from .schema import OGR_TYPES, incident_fields, to_qdatetime


class SinkWriteError(RuntimeError):
    """A sink refused features: the output is incomplete and must not be reported."""


class WriteCanceled(Exception):
    """``feedback`` asked to stop while features were being written."""


def quote_identifier(name: str) -> str:
    """An SQL identifier in double quotes, its own quotes doubled (a table named after
    a file called ``a"b.gpkg`` is ``"a""b"``)."""
    return '"' + str(name).replace('"', '""') + '"'


_q = quote_identifier
BULK_CHUNK = 50_000  # rows per executemany: a cancel is honoured between chunks


def add_features(sink, features, feedback=None, chunk: int = 1000, total: int = 0) -> int:
    """Add ``features`` to ``sink`` in chunks, checking every result.

    A refused chunk raises ``SinkWriteError`` with the sink's own message (a
    GeoPackage that rejects a row, a full disk): a failed write is an error,
    never a partial output reported as success. ``feedback`` gets progress when
    ``total`` is given; its cancel request raises ``WriteCanceled`` between
    chunks. Returns the number of features written.
    """
    written, batch = 0, []

    def flush():
        nonlocal written
        if feedback is not None and feedback.isCanceled():
            raise WriteCanceled()
        if batch and not sink.addFeatures(batch, QgsFeatureSink.FastInsert):
            detail = sink.lastError() if hasattr(sink, "lastError") else ""
            raise SinkWriteError(
                f"could not write features {written + 1}..{written + len(batch)}"
                + (f": {detail}" if detail else "")
            )
        written += len(batch)
        batch.clear()
        if feedback is not None and total:
            feedback.setProgress(100.0 * written / total)

    for feat in features:
        batch.append(feat)
        if len(batch) >= chunk:
            flush()
    flush()
    return written


def frame_to_features(frame: pd.DataFrame, fields: QgsFields | None = None, chunk: int = 5000):
    """Yield QgsFeatures (EPSG:4326 points) for a frame in the standard schema.

    Attribute values are converted ``chunk`` rows at a time, so a consumer that
    stops (a cancel) stops within a chunk and memory follows the chunk.
    """
    fields = fields or incident_fields()
    kinds = dict(d.INCIDENT_FIELDS)
    lon = frame[d.F_LON].to_numpy(dtype=float)
    lat = frame[d.F_LAT].to_numpy(dtype=float)
    for start in range(0, len(frame), chunk):
        part = frame.iloc[start : start + chunk]
        columns = []
        for name in d.INCIDENT_FIELD_NAMES:
            values = part[name].to_numpy()
            kind = kinds[name]
            if kind == "date":
                columns.append([to_qdatetime(v) for v in values])
            elif kind == "int":
                columns.append([None if pd.isna(v) else int(v) for v in values])
            elif kind == "float":  # "" or NaN (e.g. country_km not measured) as NULL
                v = pd.to_numeric(pd.Series(values), errors="coerce").tolist()
                columns.append([None if x != x else x for x in v])
            else:
                columns.append([str(v) for v in values])
        for i, attrs in enumerate(zip(*columns), start):
            feat = QgsFeature(fields)
            feat.setAttributes(list(attrs))
            feat.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(lon[i], lat[i])))
            yield feat


def write_incidents_gpkg(
    frame: pd.DataFrame, path: str | Path, layer_name: str = "incidents"
) -> str:
    """Write the frame to a new GeoPackage, with its spatial, date and side indexes.

    The table is created with GDAL, the rows go in through the bulk writer
    (``bulk_insert_incidents``, as the import algorithm's output does).
    Refuses to overwrite an existing file: the caller picks a free name.
    """
    path = Path(path)
    if path.exists():
        raise FileExistsError(f"{path} exists; not overwriting it")
    path.parent.mkdir(parents=True, exist_ok=True)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    lyr = ds.CreateLayer(layer_name, srs, ogr.wkbPoint, ["SPATIAL_INDEX=YES"])
    for name, kind in d.INCIDENT_FIELDS:
        lyr.CreateField(ogr.FieldDefn(name, OGR_TYPES[kind]))
    lyr = ds = None
    bulk_insert_incidents(str(path), frame, layer_name)
    return str(path)


def free_path(folder: str | Path, stem: str, suffix: str = ".gpkg") -> Path:
    """A path in ``folder`` that does not exist yet: stem.gpkg, stem_2.gpkg, ..."""
    folder = Path(folder)
    candidate = folder / f"{stem}{suffix}"
    n = 2
    while candidate.exists():
        candidate = folder / f"{stem}_{n}{suffix}"
        n += 1
    return candidate


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


# How GDAL writes a day into a GeoPackage column of each declared type (a date-time
# at midnight without a zone, as OGR writes one with an unknown zone).
DAY_FORMATS = {"DATE": "%Y-%m-%d", "DATETIME": "%Y-%m-%dT%H:%M:%S.000"}


def _column_values(frame: pd.DataFrame, name: str, kind: str, declared: str = "DATETIME") -> list:
    s = frame[name]
    if kind == "date":  # formatted once per distinct day
        codes, days = pd.factorize(pd.to_datetime(s).dt.normalize())
        fmt = DAY_FORMATS.get(declared.upper(), DAY_FORMATS["DATETIME"])
        text = np.append(days.strftime(fmt).to_numpy(dtype=object), None)
        return text[codes].tolist()
    if kind == "int":
        if s.isna().any():  # nullable counts (fatalities not understood): NULL
            return [None if pd.isna(v) else int(v) for v in s.to_numpy(dtype=object)]
        return s.to_numpy(dtype=np.int64).tolist()
    if kind == "float":  # "" or NaN (country_km not measured): NULL, as in PostGIS
        v = pd.to_numeric(s, errors="coerce").to_numpy(dtype=float)
        if not np.isnan(v).any():
            return v.tolist()
        return [None if x != x else x for x in v.tolist()]
    return s.astype(str).tolist()  # as frame_to_features: str() of every value


def gpkg_table(path: str, table: str | None = None) -> tuple[str, str, int]:
    """(table, geometry column, srs id) of the feature table ``table`` of a GeoPackage,
    or of its single feature table."""
    con = sqlite3.connect(path)
    try:
        rows = con.execute(
            "SELECT table_name, column_name, srs_id FROM gpkg_geometry_columns"
        ).fetchall()
    finally:
        con.close()
    if table is not None:
        rows = [r for r in rows if r[0] == table]
        if not rows:
            raise FastPathUnavailable(f"{path} has no feature table {table!r}")
    if len(rows) != 1:
        raise FastPathUnavailable(f"{path} holds {len(rows)} feature tables, not 1")
    return rows[0]


def bulk_insert_incidents(
    path: str,
    frame: pd.DataFrame,
    table: str | None = None,
    is_canceled=None,
    progress=None,
) -> int:
    """Fill the empty feature table of a GeoPackage with the frame (standard schema,
    EPSG:4326).

    Meant for the table a Processing sink has just created and closed (a table
    that holds rows is refused: its spatial index is rebuilt from the new rows
    only). In one SQLite transaction, all or nothing: the table's triggers
    (spatial index and feature count upkeep, which would fire once per row) are
    set aside, rows go in ``BULK_CHUNK`` at a time, the spatial index is
    bulk-loaded (``gpkg_rtree``), the extent and count are set, the triggers
    are put back and the date/side indexes (which speed up the temporal
    controller's filters, qgis #37801) are built.

    ``is_canceled`` is polled between chunks and, through SQLite's progress
    handler, inside every long statement: a cancel rolls everything back and
    raises ``WriteCanceled``. ``progress`` gets the fraction of rows written.
    Every identifier is quoted (``quote_identifier``), every value bound.
    """
    path = str(path)
    t_name, g_col, srs_id = gpkg_table(path, table)
    rtree = f"rtree_{t_name}_{g_col}"
    is_canceled = is_canceled or (lambda: False)
    # Autocommit mode and an explicit BEGIN: Python's sqlite3 would otherwise commit
    # each DROP TRIGGER on its own, and a failure later would leave them dropped.
    con = sqlite3.connect(path, isolation_level=None)
    try:
        info = con.execute(f"PRAGMA table_info({_q(t_name)})").fetchall()
        cols = [r[1] for r in info]
        pk = next((r[1] for r in info if r[5] == 1), None)
        if pk is None:
            raise FastPathUnavailable(f"{t_name} has no integer primary key")
        if con.execute(f"SELECT count(*) FROM {_q(t_name)}").fetchone()[0]:
            raise FastPathUnavailable(f"{t_name} already holds rows")
        fields = [f for f in d.INCIDENT_FIELD_NAMES if f in cols]
        declared = {r[1]: r[2] for r in info}  # a sink of an older schema has DATE columns
        lon = frame[d.F_LON].to_numpy(dtype=float)
        lat = frame[d.F_LAT].to_numpy(dtype=float)
        # A long statement (index builds, the R-tree's tables) stops within ~10 ms.
        con.set_progress_handler(lambda: 1 if is_canceled() else 0, 100_000)
        con.execute("BEGIN IMMEDIATE")
        try:
            target = _Target(t_name, g_col, pk, rtree, srs_id, fields, declared)
            _fill(con, target, frame, lon, lat, is_canceled, progress)
        except BaseException as err:
            con.set_progress_handler(None, 0)
            if con.in_transaction:  # an interrupted statement has rolled it back already
                con.execute("ROLLBACK")
            if isinstance(err, sqlite3.OperationalError) and is_canceled():
                raise WriteCanceled() from err
            raise
        con.set_progress_handler(None, 0)
        con.execute("COMMIT")
    finally:
        con.close()
    return len(frame)


class _Target:
    """The table ``bulk_insert_incidents`` fills and its SQL, identifiers quoted."""

    def __init__(self, table, geom, pk, rtree, srs_id, fields, declared):
        self.table, self.geom, self.pk, self.rtree = table, geom, pk, rtree
        self.srs_id, self.fields, self.declared = srs_id, fields, declared
        names = ", ".join(_q(c) for c in [*fields, geom])
        marks = ", ".join("?" * (len(fields) + 1))
        self.insert = f"INSERT INTO {_q(table)} ({names}) VALUES ({marks})"


def _next_rowid(con, table: str) -> int:
    """The id SQLite gives the next row of an empty table (AUTOINCREMENT counts on)."""
    try:
        row = con.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)).fetchone()
    except sqlite3.OperationalError:  # no AUTOINCREMENT table in the file
        row = None
    return (int(row[0]) if row and row[0] is not None else 0) + 1


def _fill(con, target: _Target, frame, lon, lat, is_canceled, progress) -> None:
    """The body of ``bulk_insert_incidents``' transaction."""
    t_name, pk, rtree = target.table, target.pk, target.rtree
    kinds = dict(d.INCIDENT_FIELDS)
    triggers = con.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?",
        (t_name,),
    ).fetchall()
    for name, _sql in triggers:
        con.execute(f"DROP TRIGGER {_q(name)}")
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
            packing = pool.submit(gpkg_rtree.pack_points, fids, lon, lat, size, is_canceled)
        try:
            for start in range(0, n, BULK_CHUNK):
                if is_canceled():
                    raise WriteCanceled()
                part = frame.iloc[start : start + BULK_CHUNK]
                values = [
                    _column_values(part, f, kinds[f], target.declared[f]) for f in target.fields
                ]
                values.append(
                    _gpkg_point_blobs(
                        lon[start : start + BULK_CHUNK],
                        lat[start : start + BULK_CHUNK],
                        target.srs_id,
                    )
                )
                con.executemany(target.insert, zip(*values))
                if progress is not None:
                    progress(min(n, start + BULK_CHUNK) / max(n, 1))
        finally:
            try:
                packed = packing.result() if packing is not None else None
            except gpkg_rtree.PackCanceled:
                packed = None
    if is_canceled():
        raise WriteCanceled()
    # Rows inserted in order into an empty table: consecutive ids.
    low, high, count = con.execute(
        f"SELECT min({_q(pk)}), max({_q(pk)}), count(*) FROM {_q(t_name)}"
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
    create_time_indexes(con, target.table, target.fields)


def create_time_indexes(con, t_name: str, fields) -> None:
    """Indexes for the temporal controller's filters (qgis #37801), and their statistics.

    A per-side layer's window is ``side = ? AND event_date < ? AND date_end >= ?``:
    led by the side and holding both dates, one index range answers it without
    touching the rows outside the window. The whole table (the hidden "All
    incidents" layer) has the event date's index. ANALYZE lets SQLite pick them
    (without statistics it walks every row of the side).
    """

    dates = [f for f in (d.F_DATE, d.F_DATE_END) if f in fields]
    for lead, cols in ((d.F_DATE, [d.F_DATE]), (d.F_SIDE, [d.F_SIDE, *dates])):
        if lead not in fields:
            continue
        listed = ", ".join(_q(c) for c in cols)
        con.execute(
            f"CREATE INDEX IF NOT EXISTS {_q(f'idx_{t_name}_{lead}')} ON {_q(t_name)} ({listed})"
        )
    con.execute(f"ANALYZE {_q(t_name)}")
