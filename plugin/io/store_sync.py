"""Applying a sync plan (``core.acled_sync.SyncPlan``) to an incident store in place.

GeoPackage: in one transaction through OGR (its SQLite functions keep the spatial
index, the feature count and the extent right), only the listed events removed and
the new ones added; other tables, styles and metadata in the file are left as they
are. PostGIS: the import's writer (``io.postgis.write_output``: upsert by source and
event id and the listed ids deleted, in one transaction).
"""

from __future__ import annotations

import math
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pandas as pd
from osgeo import gdal, ogr

from .. import definitions as d
from .schema import OGR_TYPES
from .writers import quote_identifier

_q = quote_identifier


class StoreError(RuntimeError):
    """The store cannot be updated; the message says why. Nothing was changed."""


class StoreCanceled(Exception):
    pass


@dataclass
class GpkgStore:
    """An incident table in an existing GeoPackage: its event ids with their row ids,
    and the newest ACLED timestamp it holds (None: none, or no such column)."""

    path: Path
    table: str
    fids: dict  # event id -> [fid, ...]
    newest: int | None
    has_timestamp: bool

    @property
    def ids(self) -> list[str]:
        return list(self.fids)


def open_gpkg_store(path: Path, table: str | None = None) -> GpkgStore | None:
    """The incident table of an existing GeoPackage (``table``, else the one named like
    the file, else its only feature table), or None when there is none to update.
    Raises ``StoreError`` for a table that is not in the incident schema."""
    path = Path(path)
    if not path.is_file():
        return None
    try:
        con = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True)
    except sqlite3.Error as err:
        raise StoreError(f"{path.name} cannot be read: {err}") from err
    try:
        try:
            tables = [r[0] for r in con.execute("SELECT table_name FROM gpkg_geometry_columns")]
        except sqlite3.Error:
            return None  # not a GeoPackage: the import's writer says what it makes of it
        if table is None:
            table = path.stem if path.stem in tables else (tables[0] if len(tables) == 1 else None)
        if table is None or table not in tables:
            return None
        info = con.execute(f"PRAGMA table_info({_q(table)})").fetchall()
        cols = {r[1] for r in info}
        missing = [f for f in d.REQUIRED_FOR_ANALYSIS if f not in cols]
        if missing:
            raise StoreError(
                f"the table {table!r} of {path.name} is not an incident store (no "
                f"{', '.join(missing)}); choose a new file or another table"
            )
        pk = next((r[1] for r in info if r[5] == 1), None)
        if pk is None:
            raise StoreError(f"the table {table!r} of {path.name} has no integer primary key")
        fids: dict = {}
        for fid, eid in con.execute(f"SELECT {_q(pk)}, {_q(d.F_EVENT_ID)} FROM {_q(table)}"):
            fids.setdefault(str(eid), []).append(int(fid))
        has_ts = d.F_ACLED_TS in cols
        newest = None
        if has_ts:
            row = con.execute(
                f"SELECT max({_q(d.F_ACLED_TS)}) FROM {_q(table)} WHERE {_q(d.F_SOURCE)} = ?",
                (d.SOURCE_ACLED,),
            ).fetchone()
            newest = int(row[0]) if row and row[0] is not None else None
    finally:
        con.close()
    return GpkgStore(path, table, fids, newest, has_ts)


def _set_fields(feat, defn, row, names, kinds) -> None:
    for name in names:
        value = row[name]
        idx = defn.GetFieldIndex(name)
        kind = kinds[name]
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            feat.SetFieldNull(idx)
        elif kind == "date":
            ts = pd.Timestamp(value)
            feat.SetField(idx, ts.year, ts.month, ts.day, 0, 0, 0, 0)
        elif kind == "int":
            feat.SetField(idx, int(value))
        elif kind == "float":
            feat.SetField(idx, float(value))
        else:
            feat.SetField(idx, str(value))


def apply_gpkg(store: GpkgStore, remove_ids, events: pd.DataFrame, is_canceled=None) -> None:
    """Remove the stored rows of ``remove_ids`` and add ``events``, all or nothing."""
    is_canceled = is_canceled or (lambda: False)
    ds = gdal.OpenEx(str(store.path), gdal.OF_VECTOR | gdal.OF_UPDATE)
    if ds is None:
        raise StoreError(f"{store.path.name} cannot be opened for writing (is it read-only?)")
    try:
        lyr = ds.GetLayerByName(store.table)
        if ds.StartTransaction() != 0:
            raise StoreError(f"{store.path.name}: cannot start a transaction")
        try:
            # A store from before timestamps were kept gets the field.
            new_field = ogr.FieldDefn(d.F_ACLED_TS, OGR_TYPES["int"])
            if not store.has_timestamp and lyr.CreateField(new_field) != 0:
                raise StoreError(f"cannot add the field {d.F_ACLED_TS} to {store.table}")
            for n, eid in enumerate(remove_ids):
                if n % 1000 == 0 and is_canceled():
                    raise StoreCanceled()
                for fid in store.fids.get(str(eid), []):
                    if lyr.DeleteFeature(fid) != 0:
                        raise StoreError(f"cannot remove event {eid} from {store.table}")
            defn = lyr.GetLayerDefn()
            have = {defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())}
            names = [f for f in d.INCIDENT_FIELD_NAMES if f in have]
            kinds = dict(d.INCIDENT_FIELDS)
            for n, row in enumerate(events.to_dict("records")):
                if n % 1000 == 0 and is_canceled():
                    raise StoreCanceled()
                feat = ogr.Feature(defn)
                _set_fields(feat, defn, row, names, kinds)
                lon, lat = float(row[d.F_LON]), float(row[d.F_LAT])
                if math.isfinite(lon) and math.isfinite(lat):
                    point = ogr.Geometry(ogr.wkbPoint)
                    point.AddPoint_2D(lon, lat)
                    feat.SetGeometry(point)
                if lyr.CreateFeature(feat) != 0:
                    raise StoreError(
                        f"cannot add event {row[d.F_EVENT_ID]} to {store.table}: "
                        f"{gdal.GetLastErrorMsg()}"
                    )
            if is_canceled():
                raise StoreCanceled()
            if ds.CommitTransaction() != 0:
                raise StoreError(f"{store.path.name}: the changes could not be saved")
        except BaseException:
            ds.RollbackTransaction()
            raise
    finally:
        lyr = ds = None


# --- PostGIS ---------------------------------------------------------------------------


def postgis_ids(table, source: str) -> tuple[list[str], int | None]:
    """The event ids of ``source`` in a PostGIS table and its newest ACLED timestamp
    (([], None) when the table does not exist yet)."""
    from psycopg2 import sql

    from . import postgis

    con = postgis.connect(table)
    try:
        with con.cursor() as cur:
            cur.execute("SELECT to_regclass(%s)", (f"{table.schema}.{table.table}",))
            if cur.fetchone()[0] is None:
                return [], None
            cur.execute(
                "SELECT 1 FROM information_schema.columns WHERE table_schema = %s "
                "AND table_name = %s AND column_name = %s",
                (table.schema, table.table, d.F_ACLED_TS),
            )
            has_ts = cur.fetchone() is not None
            cur.execute(
                sql.SQL("SELECT {} FROM {} WHERE {} = %s").format(
                    sql.Identifier(d.F_EVENT_ID), table.ident(), sql.Identifier(d.F_SOURCE)
                ),
                (source,),
            )
            ids = [str(r[0]) for r in cur.fetchall()]
            newest = None
            if has_ts:
                cur.execute(
                    sql.SQL("SELECT max({}) FROM {} WHERE {} = %s").format(
                        sql.Identifier(d.F_ACLED_TS), table.ident(), sql.Identifier(d.F_SOURCE)
                    ),
                    (source,),
                )
                value = cur.fetchone()[0]
                newest = int(value) if value is not None else None
        con.rollback()
    finally:
        con.close()
    return ids, newest
