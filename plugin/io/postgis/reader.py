"""Reading a PostGIS incident table: binary ``COPY ... TO STDOUT`` of fixed-width
columns parsed with numpy into the frame ``io.readers.read_incidents`` gives.
"""

from __future__ import annotations

import struct

import numpy as np
import pandas as pd

from ... import definitions as d
from ..schema import IncidentLayerError, analysis_fields, check_incident_fields, fill_date_end
from .connection import SRID, PgError, PgTable, connect, psycopg2, sql
from .copy_in import _COPY_HEADER

# --- binary COPY out -----------------------------------------------------------------


class _Into:
    """A file-like that copies COPY's chunks into one preallocated buffer.

    psycopg2 calls ``write`` once per row (millions of calls): one memoryview slice
    assignment each, and the cancel poll every 4096 rows.
    """

    def __init__(self, size: int, feedback=None):
        self.buffer = np.empty(size, dtype=np.uint8)
        self.view = memoryview(self.buffer)
        self.pos = 0
        self.calls = 0
        self.feedback = feedback

    def write(self, chunk) -> int:
        n = len(chunk)
        end = self.pos + n
        if end > len(self.buffer):  # rows added meanwhile: grow
            grown = np.empty(max(2 * len(self.buffer), end), dtype=np.uint8)
            grown[: self.pos] = self.buffer[: self.pos]
            self.buffer, self.view = grown, memoryview(grown)
        self.view[self.pos : end] = chunk
        self.pos = end
        self.calls += 1
        if not self.calls & 0xFFF and self.feedback is not None and self.feedback.isCanceled():
            raise ReadCanceledError()
        return n


class ReadCanceledError(Exception):
    """``feedback`` asked to stop during a read."""


def copy_out(cur, query: sql.Composable, fields: list[tuple[str, str]], rows: int, feedback=None):
    """Run ``query`` (every column fixed-width and never NULL) as a binary COPY and
    return its columns as numpy arrays (native byte order) named by ``fields``
    [(name, numpy big-endian format)]."""
    dtype = np.dtype([("__fields", ">i2")] + [x for name, fmt in fields for x in
                     ((f"{name}__len", ">i4"), (name, fmt))])  # fmt: skip
    header = 19
    sink = _Into(header + rows * dtype.itemsize + 2, feedback)
    cur.copy_expert(sql.SQL("COPY ({}) TO STDOUT WITH (FORMAT binary)").format(query), sink)
    data = sink.buffer[: sink.pos]
    if len(data) < header + 2 or bytes(data[:11]) != _COPY_HEADER[:11]:
        raise PgError("the server sent no binary COPY data")
    ext = struct.unpack("!i", bytes(data[15:19]))[0]
    body = data[19 + ext : len(data) - 2]
    if len(body) % dtype.itemsize:
        raise PgError("binary COPY rows are not of the expected width (a NULL value?)")
    rec = body.view(dtype)
    return {name: rec[name].astype(np.dtype(fmt).newbyteorder("=")) for name, fmt in fields}


def _column_types(cur, table: PgTable) -> dict:
    cur.execute(
        "SELECT column_name, data_type, udt_name FROM information_schema.columns "
        "WHERE table_schema = %s AND table_name = %s",
        (table.schema, table.table),
    )
    return {name: (dtype, udt) for name, dtype, udt in cur.fetchall()}


def _geometry_srid(cur, table: PgTable) -> tuple[int, str]:
    cur.execute(
        "SELECT srid, type FROM geometry_columns WHERE f_table_schema = %s "
        "AND f_table_name = %s AND f_geometry_column = %s",
        (table.schema, table.table, table.geom),
    )
    row = cur.fetchone()
    return (int(row[0]), str(row[1]).upper()) if row else (0, "GEOMETRY")


def point_sql(cur, table: PgTable) -> sql.Composable:
    """SQL of each row's point in EPSG:4326 (a multipoint's first point)."""
    srid, gtype = _geometry_srid(cur, table)
    g = sql.Identifier(table.geom)
    point = sql.SQL("ST_GeometryN({}, 1)").format(g) if gtype.startswith("MULTI") else g
    if srid not in (0, SRID):
        point = sql.SQL("ST_Transform({}, {})").format(point, sql.Literal(SRID))
    return point


def lonlat_sql(cur, table: PgTable) -> tuple[sql.Composable, sql.Composable]:
    """SQL of the longitude and latitude of each row's point (EPSG:4326; NaN if none)."""
    srid, gtype = _geometry_srid(cur, table)
    g = sql.Identifier(table.geom)
    point = sql.SQL("ST_GeometryN({}, 1)").format(g) if gtype.startswith("MULTI") else g
    if srid not in (0, SRID):
        point = sql.SQL("ST_Transform({}, {})").format(point, sql.Literal(SRID))
    nan = sql.SQL("'NaN'::float8")
    return (
        sql.SQL("coalesce(ST_X({}), {})").format(point, nan),
        sql.SQL("coalesce(ST_Y({}), {})").format(point, nan),
    )


_NULL_DAY = -(2**31)
_TEXT_CODED = (d.F_SIDE, d.F_GROUP, d.F_SOURCE)


def read_frame(table: PgTable, fields=None, feedback=None, con=None) -> pd.DataFrame:
    """The frame ``io.readers.read_incidents`` gives for a file, from a PostGIS table
    (its subset applied in the database): one binary COPY of fixed-width columns.

    Text columns with few values (side, group, source) come as codes of the values
    a first aggregate query found; event ids as zero-padded bytes.
    """
    own = con is None
    con = connect(table) if own else con
    try:
        with con.cursor() as cur:
            return _read_frame(cur, table, fields, feedback)
    except psycopg2.Error as err:
        raise PgError(f"reading {table.name()} failed: {str(err).strip()}") from err
    finally:
        if own:
            con.rollback()
            con.close()


def _read_frame(cur, table: PgTable, fields, feedback) -> pd.DataFrame:
    types = _column_types(cur, table)
    if not types:
        raise IncidentLayerError(f"PostGIS table {table.name()} does not exist")
    names = list(types)
    check_incident_fields(names)
    wanted = analysis_fields(names, fields)
    ident = sql.Identifier
    # First pass: the few values of the coded text columns, NULLs and the id width.
    coded = [f for f in _TEXT_CODED if f in wanted]
    numeric = [f for f in wanted if f not in (*coded, d.F_EVENT_ID, d.F_DATE, d.F_DATE_END)]
    groups = sql.SQL(", ").join(ident(f) for f in coded) if coded else sql.SQL("")
    aggs = [sql.SQL("count(*)")]
    aggs += [sql.SQL("bool_or({} IS NULL)").format(ident(f)) for f in numeric]
    aggs.append(
        sql.SQL("max(octet_length({}))").format(ident(d.F_EVENT_ID))
        if d.F_EVENT_ID in wanted
        else sql.SQL("0")
    )
    select = sql.SQL(", ").join([*(ident(f) for f in coded), *aggs])
    cur.execute(
        sql.SQL("SELECT {} FROM {}{}{}").format(
            select,
            table.ident(),
            table.where(),
            sql.SQL(" GROUP BY {}").format(groups) if coded else sql.SQL(""),
        )
    )
    stats = cur.fetchall()
    k = len(coded)
    rows = sum(r[k] for r in stats)
    values = {f: sorted({r[i] for r in stats if r[i] is not None}) for i, f in enumerate(coded)}
    had_null = {f: any(r[k + 1 + i] for r in stats) for i, f in enumerate(numeric)}
    id_width = max([r[-1] or 0 for r in stats] + [4])  # "NULL" is 4 bytes

    lon, lat = lonlat_sql(cur, table)
    cols = [(lon, d.F_LON, ">f8"), (lat, d.F_LAT, ">f8")]
    for f in wanted:
        if f in (d.F_DATE, d.F_DATE_END):
            expr = sql.SQL("coalesce(({}::date - DATE '1970-01-01'), {})::int4").format(
                ident(f), sql.Literal(_NULL_DAY)
            )
            cols.append((expr, f, ">i4"))
        elif f in coded:
            expr = sql.SQL("coalesce(array_position({}::text[], {}::text), 0)::int2").format(
                sql.Literal(values[f]), ident(f)
            )
            cols.append((expr, f, ">i2"))
        elif f == d.F_EVENT_ID:
            pad = sql.Literal(b"\x00" * id_width)
            text = sql.SQL("convert_to(coalesce({}::text, 'NULL'), 'UTF8')").format(ident(f))
            expr = sql.SQL("substring({} || {}::bytea from 1 for {})").format(
                text, pad, sql.Literal(id_width)
            )
            cols.append((expr, f, f"S{id_width}"))
        else:
            expr = sql.SQL("coalesce({}::float8, 'NaN'::float8)").format(ident(f))
            cols.append((expr, f, ">f8"))
    query = sql.SQL("SELECT {} FROM {}{}").format(
        sql.SQL(", ").join(c[0] for c in cols), table.ident(), table.where()
    )
    arrays = copy_out(cur, query, [(c[1], c[2]) for c in cols], rows, feedback)
    if feedback is not None:
        feedback.setProgress(100.0)
    x, y = arrays[d.F_LON], arrays[d.F_LAT]
    keep = np.isfinite(x) & np.isfinite(y)
    sel = slice(None) if keep.all() else keep
    frame = pd.DataFrame(index=pd.RangeIndex(int(keep.sum())))
    for f in wanted:
        col = arrays[f][sel]
        if f in (d.F_DATE, d.F_DATE_END):
            days = col.astype("datetime64[D]").astype("datetime64[ns]")
            days[col == _NULL_DAY] = np.datetime64("NaT")
            frame[f] = days
        elif f in coded:
            labels = np.array(["NULL", *values[f]], dtype=object)
            frame[f] = labels[col]
        elif f == d.F_EVENT_ID:
            frame[f] = col.astype(str).astype(object)
        elif f == d.F_CLASH:
            frame[f] = np.nan_to_num(col, nan=0.0).astype(int)
        elif had_null.get(f):
            frame[f] = np.nan_to_num(col, nan=0.0)
        else:
            frame[f] = col.astype(np.int64) if _is_integer(types.get(f)) else col
    fill_date_end(frame, fields)
    frame[d.F_LON] = x[sel]
    frame[d.F_LAT] = y[sel]
    return frame


def _is_integer(pg_type) -> bool:
    return bool(pg_type) and pg_type[1] in ("int2", "int4", "int8")


def single_day(table: PgTable) -> bool:
    """True when every event of the table lasts one day (date_end is event_date or NULL)
    and dates are at midnight; False when any does not, or the table cannot be read."""
    try:
        con = connect(table)
    except PgError:
        return False
    try:
        with con.cursor() as cur:
            cur.execute(
                sql.SQL(
                    "SELECT NOT EXISTS (SELECT 1 FROM {} WHERE coalesce({}, {}) <> {} "
                    "OR {}::time <> '00:00')"
                ).format(
                    table.ident(),
                    sql.Identifier(d.F_DATE_END),
                    sql.Identifier(d.F_DATE),
                    sql.Identifier(d.F_DATE),
                    sql.Identifier(d.F_DATE),
                )
            )
            return bool(cur.fetchone()[0])
    except psycopg2.Error:
        return False
    finally:
        con.rollback()
        con.close()
