"""PostGIS as the team's incident store: connections, the bulk COPY writer, the binary reader.

Where things run: the database filters, counts and indexes; QGIS receives only
the columns (and, for push-down, the rows) it needs, as binary ``COPY``
streams parsed with numpy (no ``getFeatures`` row by row).

- ``PgTable``: where an incident table lives (connection keywords without any
  password, QGIS authentication configuration id, schema, table, subset).
  Credentials come from QGIS's authentication manager (``authcfg``) or a
  ``pg_service.conf`` service that libpq reads; nothing here writes a password
  anywhere (layer URIs made here never hold one).
- ``write_incidents``: the import's frame into a table made from
  ``definitions.INCIDENT_FIELDS`` (new fields become new columns), in one
  transaction: rows of the same source inside the new export's coverage
  (country and period) and rows of the same events are replaced, the rest kept;
  binary ``COPY``, indexes on date, side, geometry and (source, event) unique.
- ``read_frame``: the frame ``io.readers.read_incidents`` gives for a file,
  read from a table through one binary ``COPY`` of fixed-width columns.
- Coverage and import records per table and source in ``sahel_overlap_meta``.

Every identifier goes through ``psycopg2.sql.Identifier`` and every value is a
bound parameter; the only SQL text taken as it is, is a layer's own subset
string (which QGIS itself sends to the server as written).
"""

from __future__ import annotations

import json
import struct
import threading
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .. import definitions as d
from .schema import IncidentLayerError, analysis_fields, check_incident_fields, fill_date_end

try:  # python3-psycopg2 (scripts/setup.sh); a clear error when it is missing
    import psycopg2
    from psycopg2 import sql
except ImportError:  # pragma: no cover - reported when a PostGIS table is used
    psycopg2 = None
    sql = None

META_TABLE = "sahel_overlap_meta"
PROVIDER = "postgres"
GEOM = "geom"
KEY = "fid"
SRID = 4326
PG_TYPES = {"str": "text", "int": "integer", "float": "double precision", "date": "timestamp"}
APPLICATION = "Sahel Overlap"
_PG_EPOCH_DAYS = 10957  # 2000-01-01 (PostgreSQL's epoch) in days since 1970-01-01


class PgError(RuntimeError):
    """A PostGIS table cannot be used; the message says why (never a password)."""


def require_driver() -> None:
    if psycopg2 is None:
        raise PgError(
            "PostGIS needs the psycopg2 module (Debian: python3-psycopg2; Windows: it ships "
            "with QGIS's Python)"
        )


# --- where a table lives ------------------------------------------------------------

# libpq keywords a QgsDataSourceUri may carry (password deliberately absent).
_CONN_KEYS = ("service", "host", "port", "dbname", "user", "sslmode")
_SSL_MODES = {0: None, 1: "disable", 2: "allow", 3: "prefer", 4: "require", 5: "verify-ca",
              6: "verify-full"}  # fmt: skip


@dataclass(frozen=True)
class PgTable:
    """An incident table: connection keywords, auth config, schema, table, subset."""

    conn: tuple  # ((libpq keyword, value), ...) without a password
    authcfg: str = ""
    schema: str = "public"
    table: str = "incidents"
    geom: str = GEOM
    key: str = KEY
    subset: str = ""
    # A password given in a URI (never written anywhere by the plugin; kept out of
    # equality and repr so it does not reach logs or caches' keys).
    password: str = field(default="", compare=False, repr=False)

    @classmethod
    def from_uri(cls, text: str, subset: str | None = None) -> PgTable:
        """From a postgres layer source or a Processing destination
        (``postgres://…``, ``postgis:…``)."""
        from qgis.core import QgsDataSourceUri

        for prefix in ("postgres://", "postgis:", "postgres:"):
            if text.startswith(prefix):
                text = text[len(prefix) :]
                break
        uri = QgsDataSourceUri(text)
        conn = {
            "service": uri.service(),
            "host": uri.host(),
            "port": uri.port(),
            "dbname": uri.database(),
            "user": uri.username(),
            "sslmode": _SSL_MODES.get(int(uri.sslMode())),
        }
        if not uri.table():
            raise PgError("the PostGIS destination names no table")
        return cls(
            conn=tuple((k, str(v)) for k, v in conn.items() if v),
            authcfg=uri.authConfigId() or "",
            schema=uri.schema() or "public",
            table=uri.table(),
            geom=uri.geometryColumn() or GEOM,
            key=(uri.keyColumn() or KEY).strip('"'),
            subset=uri.sql() if subset is None else subset,
            password=uri.password() or "",
        )

    @classmethod
    def from_layer(cls, layer) -> PgTable:
        return cls.from_uri(layer.source(), layer.subsetString() or "")

    def with_subset(self, subset: str) -> PgTable:
        return PgTable(self.conn, self.authcfg, self.schema, self.table, self.geom, self.key,
                       subset, self.password)  # fmt: skip

    def uri(self, subset: str | None = None) -> str:
        """A QGIS postgres layer source for the table (never with a password)."""
        from qgis.core import QgsDataSourceUri

        conn = dict(self.conn)
        uri = QgsDataSourceUri()
        if conn.get("service"):
            uri.setConnection(conn["service"], conn.get("dbname", ""), conn.get("user", ""), "",
                              QgsDataSourceUri.SslPrefer, self.authcfg)  # fmt: skip
        else:
            uri.setConnection(conn.get("host", ""), conn.get("port", ""), conn.get("dbname", ""),
                              conn.get("user", ""), "", QgsDataSourceUri.SslPrefer,
                              self.authcfg)  # fmt: skip
        if conn.get("sslmode"):
            modes = {v: k for k, v in _SSL_MODES.items() if v}
            uri.setSslMode(QgsDataSourceUri.SslMode(modes[conn["sslmode"]]))
        uri.setDataSource(self.schema, self.table, self.geom,
                          self.subset if subset is None else subset, self.key)  # fmt: skip
        uri.setSrid(str(SRID))
        uri.setWkbType(1)  # QgsWkbTypes.Point: QGIS need not scan the table for it
        return uri.uri(False)

    def name(self) -> str:
        return f"{self.schema}.{self.table}"

    def ident(self):
        return sql.Identifier(self.schema, self.table)

    def where(self) -> sql.Composable:
        """The layer's subset as a WHERE clause (its own SQL, as QGIS sends it)."""
        return sql.SQL(" WHERE ({})").format(sql.SQL(self.subset)) if self.subset else sql.SQL("")


def is_postgis(layer) -> bool:
    return hasattr(layer, "providerType") and layer.providerType() == PROVIDER


def destination_table(destination: str) -> PgTable | None:
    """The table a Processing destination string names, or None (not PostGIS)."""
    text = str(destination or "")
    if text.startswith(("postgres://", "postgis:", "postgres:")):
        return PgTable.from_uri(text, subset="")
    return None


# --- connections ---------------------------------------------------------------------

_AUTH_LOCK = threading.Lock()


def _credentials(authcfg: str) -> tuple[str, str]:
    """User name and password of a QGIS authentication configuration (Basic method)."""
    from qgis.core import QgsApplication, QgsAuthMethodConfig

    manager = QgsApplication.authManager()
    config = QgsAuthMethodConfig()
    with _AUTH_LOCK:  # the manager's database is not made for concurrent readers
        ok = manager.loadAuthenticationConfig(authcfg, config, True)
    if not ok or not config.isValid():
        raise PgError(
            f"QGIS authentication configuration {authcfg!r} cannot be read (unknown id, or "
            "the master password is not set)"
        )
    if config.method() != "Basic":
        raise PgError(
            f"QGIS authentication configuration {authcfg!r} uses {config.method()}; "
            "PostGIS tables need a Basic (user name and password) configuration"
        )
    return config.config("username"), config.config("password")


def connect(table: PgTable):
    """A psycopg2 connection for ``table`` (credentials from QGIS or libpq's service)."""
    require_driver()
    kw = dict(table.conn)
    if table.authcfg:
        user, password = _credentials(table.authcfg)
        if user:
            kw["user"] = user
        kw["password"] = password
    elif table.password:
        kw["password"] = table.password
    try:
        con = psycopg2.connect(application_name=APPLICATION, connect_timeout=15, **kw)
    except psycopg2.Error as err:
        where = kw.get("service") or f"{kw.get('host', 'localhost')}:{kw.get('port', 5432)}"
        # libpq's message names the host and the user, never the password.
        raise PgError(f"cannot connect to PostGIS ({where}): {str(err).strip()}") from err
    with con.cursor() as cur:
        cur.execute("SET TIME ZONE 'UTC'")  # timestamps without zone: no shifts
        # PostGIS functions carry high planner costs, which set off JIT compilation:
        # a second or more per query and per parallel worker, for nothing here.
        cur.execute("SET jit = off")
    con.commit()
    return con


# --- the table -------------------------------------------------------------------------


def _column_type(kind: str) -> sql.SQL:
    return sql.SQL(PG_TYPES[kind])


def ensure_table(cur, table: PgTable) -> bool:
    """Create the incident table if missing (columns from ``INCIDENT_FIELDS``), add
    fields the schema has gained since; True when the table was created."""
    cur.execute(
        "SELECT 1 FROM information_schema.tables WHERE table_schema = %s AND table_name = %s",
        (table.schema, table.table),
    )
    exists = cur.fetchone() is not None
    cur.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (table.schema,))
    if cur.fetchone() is None:  # (a writer may own its schema without CREATE on the database)
        cur.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(table.schema)))
    if not exists:
        columns = [sql.SQL("{} bigserial PRIMARY KEY").format(sql.Identifier(table.key))]
        columns += [
            sql.SQL("{} {}").format(sql.Identifier(name), _column_type(kind))
            for name, kind in d.INCIDENT_FIELDS
        ]
        columns.append(
            sql.SQL("{} geometry(Point, {})").format(sql.Identifier(table.geom), sql.Literal(SRID))
        )
        cur.execute(
            sql.SQL("CREATE TABLE {} ({})").format(table.ident(), sql.SQL(", ").join(columns))
        )
        return True
    cur.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_schema = %s AND table_name = %s",
        (table.schema, table.table),
    )
    have = {r[0] for r in cur.fetchall()}
    if table.geom not in have or d.F_EVENT_ID not in have:
        raise PgError(
            f"{table.name()} exists and is not an incident table (no {table.geom!r} or "
            f"{d.F_EVENT_ID!r} column): choose another table name"
        )
    for name, kind in d.INCIDENT_FIELDS:
        if name not in have:
            cur.execute(
                sql.SQL("ALTER TABLE {} ADD COLUMN {} {}").format(
                    table.ident(), sql.Identifier(name), _column_type(kind)
                )
            )
    return False


def index_names(table: PgTable) -> dict:
    """The incident table's indexes: name -> (method, columns)."""
    base = table.table[:40]  # identifiers are cut at 63 bytes
    return {
        f"{base}_event_date_idx": ("btree", [d.F_DATE]),
        f"{base}_side_date_idx": ("btree", [d.F_SIDE, d.F_DATE]),
        f"{base}_{table.geom[:10]}_gist": ("gist", [table.geom]),
        f"{base}_source_event_key": ("unique", [d.F_SOURCE, d.F_EVENT_ID]),
    }


def create_indexes(cur, table: PgTable) -> None:
    """Date (the All layer's time filter), side + date (per-side layers: a window of
    one-day events is one range of it), geometry, and one row per (source, event)."""
    for name, (method, cols) in index_names(table).items():
        listed = sql.SQL(", ").join(sql.Identifier(c) for c in cols)
        unique = sql.SQL("UNIQUE ") if method == "unique" else sql.SQL("")
        using = sql.SQL("gist") if method == "gist" else sql.SQL("btree")
        cur.execute(
            sql.SQL("CREATE {}INDEX IF NOT EXISTS {} ON {} USING {} ({})").format(
                unique, sql.Identifier(name), table.ident(), using, listed
            )
        )


def ensure_meta_table(cur, schema: str) -> None:
    cur.execute(
        sql.SQL(
            "CREATE TABLE IF NOT EXISTS {} (table_name text NOT NULL, source_ds text NOT NULL, "
            "key text NOT NULL, document jsonb NOT NULL, updated timestamptz DEFAULT now(), "
            "PRIMARY KEY (table_name, source_ds, key))"
        ).format(sql.Identifier(schema, META_TABLE))
    )


# --- binary COPY in ------------------------------------------------------------------

_COPY_HEADER = b"PGCOPY\n\xff\r\n\x00" + struct.pack("!ii", 0, 0)
_COPY_TRAILER = struct.pack("!h", -1)
_NULL = struct.pack("!i", -1)


@dataclass
class _Tokens:
    """One column as a table of encoded values (4-byte length + bytes, zero-padded to the
    widest), the length of each, and the value of each row."""

    table: np.ndarray  # (values, width) uint8
    length: np.ndarray  # (values,) int64
    code: np.ndarray  # (rows,) int32 index into table


def _from_values(encoded: list[bytes], codes: np.ndarray) -> _Tokens:
    """Tokens of the distinct values, each already with its 4-byte length prefix."""
    length = np.fromiter((len(b) for b in encoded), dtype=np.int64, count=len(encoded))
    width = int(length.max()) if len(length) else 4
    table = np.array(encoded, dtype=f"S{width}").view(np.uint8).reshape(len(encoded), width)
    return _Tokens(table, length, codes.astype(np.int32))


def _field(data: bytes) -> bytes:
    return struct.pack("!i", len(data)) + data


def _text_tokens(values) -> _Tokens:
    """A text column: each distinct value encoded once (UTF-8); None/NaN as NULL."""
    codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    encoded = [_field(str(u).encode("utf-8")) for u in uniques] + [_NULL]
    codes = np.where(codes < 0, len(uniques), codes)
    return _from_values(encoded, codes)


def _per_row(rec: np.ndarray, ok: np.ndarray) -> _Tokens:
    """A fixed-width column, one table row per row (``rec``: length + value records),
    rows where ``ok`` is False as NULL."""
    n, width = len(rec), rec.dtype.itemsize
    table = rec.view(np.uint8).reshape(n, width)
    length = np.full(n + 1, width, dtype=np.int64)
    length[n] = 4
    null = np.zeros((1, width), dtype=np.uint8)
    null[0, :4] = np.frombuffer(_NULL, dtype=np.uint8)
    code = np.where(ok, np.arange(n, dtype=np.int32), np.int32(n))
    return _Tokens(np.concatenate([table, null]), length, code)


def _fixed_tokens(values: np.ndarray, fmt: str, null: np.ndarray | None = None) -> _Tokens:
    """A fixed-width column: 4-byte length + big-endian value per row."""
    rec = np.empty(len(values), dtype=[("len", ">i4"), ("v", fmt)])
    rec["len"] = np.dtype(fmt).itemsize
    rec["v"] = values
    return _per_row(rec, np.ones(len(values), dtype=bool) if null is None else ~null)


def _point_tokens(lon: np.ndarray, lat: np.ndarray) -> _Tokens:
    """EWKB points with SRID 4326 (25 bytes); rows without a point are NULL."""
    n = len(lon)
    rec = np.empty(n, dtype=[("len", ">i4"), ("order", "u1"), ("kind", "<u4"), ("srid", "<u4"),
                             ("x", "<f8"), ("y", "<f8")])  # fmt: skip
    rec["len"], rec["order"], rec["kind"], rec["srid"] = 25, 1, 0x20000001, SRID
    rec["x"], rec["y"] = lon, lat
    return _per_row(rec, np.isfinite(lon) & np.isfinite(lat))


def _day_tokens(values) -> _Tokens:
    """Days as timestamps at midnight (microseconds since 2000-01-01), few distinct."""
    days = pd.to_datetime(pd.Series(values)).dt.normalize()
    codes, uniques = pd.factorize(days, use_na_sentinel=True)
    micros = (uniques.asi8 // 1000) - _PG_EPOCH_DAYS * 86_400_000_000
    encoded = [_field(struct.pack("!q", int(m))) for m in micros] + [_NULL]
    return _from_values(encoded, np.where(codes < 0, len(uniques), codes))


def _int_tokens(values) -> _Tokens:
    num = pd.to_numeric(pd.Series(values), errors="coerce")
    codes, uniques = pd.factorize(num, use_na_sentinel=True)
    encoded = [_field(struct.pack("!i", int(u))) for u in uniques] + [_NULL]
    return _from_values(encoded, np.where(codes < 0, len(uniques), codes))


def column_tokens(frame: pd.DataFrame, name: str, kind: str) -> _Tokens:
    s = frame[name]
    if kind == "date":
        return _day_tokens(s)
    if kind == "int":
        return _int_tokens(s)
    if kind == "float":
        v = pd.to_numeric(s, errors="coerce").to_numpy(dtype=float)
        return _fixed_tokens(v, ">f8", ~np.isfinite(v))
    return _text_tokens(s.to_numpy(dtype=object))


def copy_chunks(columns: list[_Tokens], n: int, chunk_bytes: int = 48 << 20):
    """Binary COPY data of ``n`` rows of the token columns, in chunks of rows.

    A chunk is one matrix of rows (the field count, then each column's token padded to
    its widest) gathered with one index per column, and the padding dropped with one
    boolean mask: no Python work per row.
    """
    header = np.frombuffer(struct.pack("!h", len(columns)), dtype=np.uint8)
    width = 2 + sum(c.table.shape[1] for c in columns)
    step = max(1024, chunk_bytes // width)
    yield _COPY_HEADER
    for lo in range(0, n, step):
        hi = min(n, lo + step)
        m = hi - lo
        blocks = [np.broadcast_to(header, (m, 2))]
        keep = [np.ones((m, 2), dtype=bool)]
        for col in columns:
            code = col.code[lo:hi]
            blocks.append(col.table[code])
            keep.append(np.arange(col.table.shape[1]) < col.length[code][:, None])
        yield np.hstack(blocks)[np.hstack(keep)].tobytes()
    yield _COPY_TRAILER


class _ChunkReader:
    """A file-like over the chunks, for psycopg2's copy_expert (reads whole chunks)."""

    def __init__(self, chunks, feedback=None, total: int = 0):
        from concurrent.futures import ThreadPoolExecutor

        self.chunks = iter(chunks)
        self.buffer = b""
        self.feedback = feedback
        # The next chunk is encoded while the server parses this one.
        self.pool = ThreadPoolExecutor(max_workers=1)
        self.next = self.pool.submit(next, self.chunks, b"")

    def read(self, size: int = -1) -> bytes:
        if self.feedback is not None and self.feedback.isCanceled():
            self.pool.shutdown(wait=True)
            raise WriteCanceledError()
        if not self.buffer:
            self.buffer = self.next.result()
            if self.buffer:
                self.next = self.pool.submit(next, self.chunks, b"")
            else:
                self.pool.shutdown(wait=False)
        if size is None or size < 0 or size >= len(self.buffer):
            out, self.buffer = self.buffer, b""
        else:
            out, self.buffer = self.buffer[:size], self.buffer[size:]
        return out

    readline = read


class WriteCanceledError(Exception):
    """The import was canceled during the COPY; the transaction is rolled back."""


@dataclass
class WriteReport:
    table: PgTable
    created: bool
    inserted: int
    replaced: int  # rows of the table the new export replaced (deleted)
    kept: int  # rows of the table left as they were
    seconds_copy: float = 0.0
    seconds_total: float = 0.0


def _copy_frame(cur, target, frame: pd.DataFrame, feedback=None) -> None:
    """COPY the frame (standard schema) into ``target`` (a table identifier)."""
    names = [n for n, _ in d.INCIDENT_FIELDS]
    columns = [column_tokens(frame, n, k) for n, k in d.INCIDENT_FIELDS]
    columns.append(
        _point_tokens(frame[d.F_LON].to_numpy(dtype=float), frame[d.F_LAT].to_numpy(dtype=float))
    )
    listed = sql.SQL(", ").join(sql.Identifier(c) for c in [*names, GEOM])
    statement = sql.SQL("COPY {} ({}) FROM STDIN WITH (FORMAT binary)").format(target, listed)
    cur.copy_expert(statement, _ChunkReader(copy_chunks(columns, len(frame)), feedback),
                    size=1 << 20)  # fmt: skip


def coverage_of(frame: pd.DataFrame) -> dict:
    """Per country, the first and last day of the frame's events (ISO dates)."""
    if frame.empty:
        return {}
    country = frame[d.F_COUNTRY].fillna("").astype(str)
    start = pd.to_datetime(frame[d.F_DATE])
    end = pd.to_datetime(frame[d.F_DATE_END]).fillna(start)
    spans = pd.DataFrame({"c": country, "s": start, "e": end}).groupby("c")
    first, last = spans["s"].min(), spans["e"].max()
    return {
        str(c): (first[c].date().isoformat(), last[c].date().isoformat())
        for c in first.index
        if c and pd.notna(first[c])
    }


def write_incidents(
    table: PgTable,
    frame: pd.DataFrame,
    coverage: dict | None = None,
    record: dict | None = None,
    feedback=None,
) -> WriteReport:
    """Put an import's events into ``table`` (created if missing), all or nothing.

    Sources stay apart: only rows of the frame's own source (``source_ds``) are
    touched. Of those, rows inside the export's ``coverage`` ({country: (first,
    last)}, default: the frame's own countries and days) and rows of the same
    events (event ids) are replaced by the frame's; everything else is kept. The
    table then holds one row per (source, event). ``record`` (the import's
    metadata document) is kept per source beside the merged coverage.
    """
    import time

    require_driver()
    t0 = time.perf_counter()
    sources = sorted(set(frame[d.F_SOURCE].astype(str))) if len(frame) else []
    if len(sources) > 1:
        raise PgError(f"one import holds one source, not {', '.join(sources)}")
    coverage = coverage_of(frame) if coverage is None else coverage
    con = connect(table)
    try:
        with con.cursor() as cur:
            created = ensure_table(cur, table)
            ensure_meta_table(cur, table.schema)
            # One importer at a time per table (a second waits), readers go on reading.
            cur.execute(sql.SQL("LOCK TABLE {} IN SHARE ROW EXCLUSIVE MODE").format(table.ident()))
            cur.execute(sql.SQL("SELECT count(*) FROM {}").format(table.ident()))
            before = cur.fetchone()[0]
            t1 = time.perf_counter()
            if before == 0:
                # An empty table: rows straight in, indexes built once afterwards.
                _drop_indexes(cur, table)
                _copy_frame(cur, table.ident(), frame, feedback)
                replaced = 0
            else:
                replaced = _replace(cur, table, frame, sources, coverage, feedback)
            t_copy = time.perf_counter() - t1
            create_indexes(cur, table)
            for source in sources:
                _merge_coverage(cur, table, source, coverage, record)
            cur.execute(sql.SQL("ANALYZE {}").format(table.ident()))
        con.commit()
    except WriteCanceledError:
        con.rollback()
        raise
    except psycopg2.Error as err:
        con.rollback()
        raise PgError(f"writing {table.name()} failed: {str(err).strip()}") from err
    finally:
        con.close()
    return WriteReport(table, created, len(frame), replaced, before - replaced, t_copy,
                       time.perf_counter() - t0)  # fmt: skip


def _drop_indexes(cur, table: PgTable) -> None:
    for name in index_names(table):
        cur.execute(sql.SQL("DROP INDEX IF EXISTS {}").format(sql.Identifier(table.schema, name)))


def _replace(cur, table: PgTable, frame, sources, coverage, feedback) -> int:
    """Stage the frame, delete what it replaces, insert it; returns rows deleted."""
    names = [n for n, _ in d.INCIDENT_FIELDS]
    cols = sql.SQL(", ").join(sql.Identifier(c) for c in [*names, GEOM])
    stage = sql.Identifier("sahel_stage")
    cur.execute(
        sql.SQL("CREATE TEMP TABLE {} ON COMMIT DROP AS SELECT {} FROM {} WITH NO DATA").format(
            stage, cols, table.ident()
        )
    )
    _copy_frame(cur, stage, frame, feedback)
    cur.execute(sql.SQL("ANALYZE {}").format(stage))
    countries = sorted(coverage)
    firsts = [coverage[c][0] for c in countries]
    lasts = [coverage[c][1] for c in countries]
    cur.execute(
        sql.SQL(
            "DELETE FROM {t} AS t WHERE t.{src} = ANY(%(sources)s) AND ("
            " EXISTS (SELECT 1 FROM unnest(%(countries)s::text[], %(firsts)s::date[],"
            "   %(lasts)s::date[]) AS c(country, first, last)"
            "   WHERE t.{country} = c.country AND t.{date} >= c.first"
            "   AND t.{date} < c.last + 1)"
            " OR EXISTS (SELECT 1 FROM {stage} AS s WHERE s.{src} = t.{src}"
            "   AND s.{eid} = t.{eid}))"
        ).format(
            t=table.ident(),
            stage=stage,
            src=sql.Identifier(d.F_SOURCE),
            country=sql.Identifier(d.F_COUNTRY),
            date=sql.Identifier(d.F_DATE),
            eid=sql.Identifier(d.F_EVENT_ID),
        ),
        {"sources": sources, "countries": countries, "firsts": firsts, "lasts": lasts},
    )
    replaced = cur.rowcount
    cur.execute(
        sql.SQL("INSERT INTO {} ({}) SELECT {} FROM {}").format(table.ident(), cols, cols, stage)
    )
    return replaced


def _merge_coverage(cur, table: PgTable, source: str, coverage: dict, record) -> None:
    """The source's coverage per country: the span of every import so far."""
    old = read_meta(cur, table, source, "coverage") or {}
    merged = {c: list(v) for c, v in (old.get("countries") or {}).items()}
    for country, (first, last) in coverage.items():
        if country in merged:
            merged[country] = [min(merged[country][0], first), max(merged[country][1], last)]
        else:
            merged[country] = [first, last]
    write_meta(cur, table, source, "coverage", {"countries": merged})
    if record is not None:
        write_meta(cur, table, source, "import", record)


def write_meta(cur, table: PgTable, source: str, key: str, document: dict) -> None:
    cur.execute(
        sql.SQL(
            "INSERT INTO {} (table_name, source_ds, key, document) VALUES (%s, %s, %s, %s) "
            "ON CONFLICT (table_name, source_ds, key) DO UPDATE "
            "SET document = EXCLUDED.document, updated = now()"
        ).format(sql.Identifier(table.schema, META_TABLE)),
        (table.table, source, key, json.dumps(document, ensure_ascii=False, default=str)),
    )


def read_meta(cur, table: PgTable, source: str, key: str) -> dict | None:
    cur.execute(
        "SELECT 1 FROM information_schema.tables WHERE table_schema = %s AND table_name = %s",
        (table.schema, META_TABLE),
    )
    if cur.fetchone() is None:
        return None
    cur.execute(
        sql.SQL(
            "SELECT document FROM {} WHERE table_name = %s AND source_ds = %s AND key = %s"
        ).format(sql.Identifier(table.schema, META_TABLE)),
        (table.table, source, key),
    )
    row = cur.fetchone()
    return row[0] if row else None


def table_coverage(table: PgTable, source: str | None = None) -> dict:
    """{source: {country: [first, last]}} of the table (one source when given)."""
    con = connect(table)
    try:
        with con.cursor() as cur:
            out = {}
            for src in [source] if source else sources(cur, table):
                doc = read_meta(cur, table, src, "coverage")
                if doc:
                    out[src] = doc.get("countries") or {}
            return out
    finally:
        con.close()


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


# Processing outputs written by ``write_output``: their source, for the import's record.
_OUTPUT_SOURCES: dict = {}


def record_output_metadata(dest_id: str, key: str, document: dict) -> bool:
    """The import's metadata document (``definitions.META_IMPORT``) of a PostGIS output,
    kept per source in ``sahel_overlap_meta``; its coverage merged into the source's."""
    table = PgTable.from_uri(dest_id, subset="")
    con = connect(table)
    try:
        with con.cursor() as cur:
            ensure_meta_table(cur, table.schema)
            for source in _OUTPUT_SOURCES.pop(dest_id, None) or sources(cur, table):
                countries = ((document.get("coverage") or {}).get("countries")) or {}
                _merge_coverage(cur, table, source, {c: tuple(v) for c, v in countries.items()},
                                None)  # fmt: skip
                write_meta(cur, table, source, key, document)
        con.commit()
        return True
    except psycopg2.Error as err:
        con.rollback()
        raise PgError(f"writing the metadata of {table.name()} failed: {err}") from err
    finally:
        con.close()


def import_metadata(table: PgTable, source: str | None) -> dict | None:
    """What scorezones reads as the import's record for ``source``: its last import's
    document with the coverage of every import of that source so far."""
    if source is None:
        return None
    from .. import definitions as defs

    con = connect(table)
    try:
        with con.cursor() as cur:
            record = dict(read_meta(cur, table, source, defs.META_IMPORT) or {})
            coverage = read_meta(cur, table, source, "coverage")
    finally:
        con.rollback()
        con.close()
    if not record and not coverage:
        return None
    if coverage:
        record["coverage"] = {
            "source": "imports into PostGIS: per country, the first and last day of all",
            "countries": coverage.get("countries") or {},
        }
    return record


def sources(cur, table: PgTable) -> list[str]:
    """The distinct sources (``source_ds``) of the table's rows within its subset."""
    cur.execute(
        sql.SQL("SELECT DISTINCT {} FROM {}{}").format(
            sql.Identifier(d.F_SOURCE), table.ident(), table.where()
        )
    )
    return sorted("" if r[0] is None else r[0] for r in cur.fetchall())


# --- binary COPY out -----------------------------------------------------------------


class _Into:
    """A file-like that copies COPY's chunks into one preallocated buffer."""

    def __init__(self, size: int, feedback=None):
        self.buffer = np.empty(size, dtype=np.uint8)
        self.pos = 0
        self.feedback = feedback

    def write(self, chunk) -> int:
        n = len(chunk)
        if self.pos + n > len(self.buffer):  # rows added meanwhile: grow
            grown = np.empty(max(2 * len(self.buffer), self.pos + n), dtype=np.uint8)
            grown[: self.pos] = self.buffer[: self.pos]
            self.buffer = grown
        self.buffer[self.pos : self.pos + n] = np.frombuffer(chunk, dtype=np.uint8)
        self.pos += n
        if self.feedback is not None and self.feedback.isCanceled():
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


# --- Processing outputs ----------------------------------------------------------------


def write_output(table: PgTable, events: pd.DataFrame, parameter, value, context, feedback,
                 coverage=None, record=None) -> str:  # fmt: skip
    """The import's output into a PostGIS table (``write_incidents``); returns the
    output's id (``postgres://`` + a layer source without a password) and asks the
    context to load it when the user asked for the output to be opened."""
    from qgis.core import QgsProcessingContext, QgsProcessingOutputLayerDefinition

    if table.password and not table.authcfg:
        feedback.reportError(
            "The PostGIS destination carries a password: the loaded layer will not (store "
            "credentials in QGIS's authentication manager or a pg_service.conf service).",
            False,
        )
    feedback.setProgressText(f"Writing incidents into PostGIS table {table.name()} (COPY)")
    report = write_incidents(table, events, coverage, record, feedback)
    feedback.pushInfo(
        f"PostGIS {table.name()}: {report.inserted} events written, {report.replaced} replaced "
        f"(same source, inside the export's coverage or same event id), {report.kept} kept "
        f"({report.seconds_total:.1f} s, COPY {report.seconds_copy:.1f} s)"
    )
    dest_id = "postgres://" + table.uri(subset="")
    _OUTPUT_SOURCES[dest_id] = sorted(set(events[d.F_SOURCE].astype(str)))
    if isinstance(value, QgsProcessingOutputLayerDefinition) and value.destinationProject:
        name = value.destinationName or parameter.description()
        details = QgsProcessingContext.LayerDetails(
            name, value.destinationProject, parameter.name()
        )
        context.addLayerToLoadOnCompletion(dest_id, details)
    return dest_id


# --- push-down: what scorezones asks of a PostGIS table ---------------------------------


@dataclass
class Selection:
    """The events scorezones scores: the table (and its subset), START..END, one source."""

    table: PgTable
    first: pd.Timestamp | None = None  # events ending on or after this day
    last: pd.Timestamp | None = None  # events starting on or before this day
    source: str | None = None

    def where(self, cur) -> tuple[sql.Composable, dict]:
        """WHERE clause and parameters: a point, a start day, the range, the source."""
        lon, _lat = lonlat_sql(cur, self.table)
        parts = [sql.SQL("{} IS NOT NULL").format(sql.Identifier(d.F_DATE))]
        parts.append(sql.SQL("{} <> 'NaN'::float8").format(lon))
        params = {}
        if self.table.subset:
            parts.insert(0, sql.SQL("({})").format(sql.SQL(self.table.subset)))
        if self.first is not None:
            parts.append(sql.SQL("coalesce({}, {}) >= %(first)s").format(
                sql.Identifier(d.F_DATE_END), sql.Identifier(d.F_DATE)))  # fmt: skip
            params["first"] = pd.Timestamp(self.first).to_pydatetime()
        if self.last is not None:
            parts.append(sql.SQL("{} < %(after_last)s").format(sql.Identifier(d.F_DATE)))
            params["after_last"] = (pd.Timestamp(self.last) + pd.Timedelta(days=1)).to_pydatetime()
        if self.source is not None:
            parts.append(sql.SQL("{} = %(source)s").format(sql.Identifier(d.F_SOURCE)))
            params["source"] = self.source
        return sql.SQL(" WHERE ") + sql.SQL(" AND ").join(parts), params


@dataclass
class Overview:
    """One aggregate pass: per (side, group, source) row counts, first row, extent, days."""

    groups: pd.DataFrame  # side, group, source, n, first_fid, lon/lat min/max, first, last
    seconds: float = 0.0

    @property
    def sources(self) -> list[str]:
        return sorted({"" if s is None else str(s) for s in self.groups["source"]})

    @property
    def sides(self) -> set:
        return set(self.groups["side"])

    def first_rows(self) -> pd.DataFrame:
        """One row per (side, group) in table order, for ``schema.group_names``."""
        g = self.groups.sort_values("first_fid", kind="stable")
        return pd.DataFrame({d.F_SIDE: g["side"].to_numpy(), d.F_GROUP: g["group"].to_numpy()})


def overview(sel: Selection) -> Overview:
    import time

    t0 = time.perf_counter()
    con = connect(sel.table)
    try:
        with con.cursor() as cur:
            where, params = sel.where(cur)
            lon, lat = lonlat_sql(cur, sel.table)
            i = sql.Identifier
            cur.execute(
                sql.SQL(
                    "SELECT {side}, {grp}, {src}, count(*), min({key}), min({lon}), max({lon}), "
                    "min({lat}), max({lat}), min({date}::date), max(coalesce({end}, {date})::date) "
                    "FROM {t}{where} GROUP BY 1, 2, 3"
                ).format(
                    side=i(d.F_SIDE),
                    grp=i(d.F_GROUP),
                    src=i(d.F_SOURCE),
                    key=i(sel.table.key),
                    lon=lon,
                    lat=lat,
                    date=i(d.F_DATE),
                    end=i(d.F_DATE_END),
                    t=sel.table.ident(),
                    where=where,
                ),
                params,
            )
            rows = cur.fetchall()
    except psycopg2.Error as err:
        raise PgError(f"reading {sel.table.name()} failed: {str(err).strip()}") from err
    finally:
        con.rollback()
        con.close()
    cols = ["side", "group", "source", "n", "first_fid", "lon_min", "lon_max", "lat_min",
            "lat_max", "first", "last"]  # fmt: skip
    groups = pd.DataFrame(rows, columns=cols)
    for c in ("side", "group"):
        groups[c] = groups[c].map(lambda v: "NULL" if v is None else str(v))
    return Overview(groups, time.perf_counter() - t0)


def medians(sel: Selection) -> tuple[float, float]:
    """Median longitude and latitude of the selected events (the fixed grid's choice)."""
    con = connect(sel.table)
    try:
        with con.cursor() as cur:
            where, params = sel.where(cur)
            lon, lat = lonlat_sql(cur, sel.table)
            cur.execute(
                sql.SQL(
                    "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY {}), "
                    "percentile_cont(0.5) WITHIN GROUP (ORDER BY {}) FROM {}{}"
                ).format(lon, lat, sel.table.ident(), where),
                params,
            )
            mx, my = cur.fetchone()
    finally:
        con.rollback()
        con.close()
    return float(mx), float(my)


@dataclass
class Pushed:
    """What the database computed for scorezones: per-window tallies (counts and
    fatalities per zone, month and side) and the two groups' own events (points)."""

    tallies: pd.DataFrame  # window, zone (or q, r), month, side, n, fatalities
    points: pd.DataFrame  # lon, lat, event_date, date_end, side, fatalities (+ q, r)
    seconds: float = 0.0


_SIDE_CODES = [d.SIDE_A, d.SIDE_B, d.SIDE_CLASH, d.SIDE_AMBIGUOUS, d.SIDE_OTHER, d.SIDE_JOINT]
_SQRT3 = float(np.sqrt(3.0))


def _hex_sql(x: sql.Composable, y: sql.Composable) -> tuple[sql.Composable, sql.Composable]:
    """q and r of ``core.hexgrid.hex_index`` in SQL, the same float operations in the same
    order (PostgreSQL's round() of a float8 is rint(): halves to even, as numpy)."""
    xx = sql.SQL("({} / %(radius)s)").format(x)
    yy = sql.SQL("({} / %(radius)s)").format(y)
    qf = sql.SQL("(%(c_q)s * {} - {} / 3.0::float8)").format(xx, yy)
    rf = sql.SQL("(%(c_r)s * {})").format(yy)
    return qf, rf


def _transform(cur, point, crs_text: str, auth: tuple | None, params: dict, name: str):
    """``ST_Transform`` of ``point`` to a CRS: by its SRID when ``spatial_ref_sys`` has
    its authority code (PostGIS then reuses one PROJ transformation: ~30x faster than a
    PROJ string, which is set up again for every row), else by the PROJ/WKT text."""
    if auth:
        cur.execute(
            "SELECT srid FROM spatial_ref_sys WHERE upper(auth_name) = upper(%s) "
            "AND auth_srid = %s",
            (auth[0], int(auth[1])),
        )
        row = cur.fetchone()
        if row:
            return sql.SQL("ST_Transform({}, {})").format(point, sql.Literal(int(row[0])))
    params[name] = crs_text
    return sql.SQL("ST_Transform({}, %({})s::text)").format(point, sql.SQL(name))


def pushdown(
    sel: Selection,
    windows: list,
    grid_crs: str | None = None,
    size_m: float | None = None,
    zones: list | None = None,
    zones_crs: str | None = None,
    feedback=None,
    grid_auth: tuple | None = None,
    zones_auth: tuple | None = None,
) -> Pushed:
    """Tallies per window and the two groups' own events, computed in the database.

    One pass over the table puts each selected event's zone (q and r of the fixed
    hexagon grid ``grid_crs``/``size_m``, with ``core.hexgrid``'s arithmetic; or the
    first of ``zones`` [WKB in ``zones_crs``, uploaded] that holds it, borders
    included), days, month and side into a temporary table; the tallies are one
    GROUP BY of it, the points one binary COPY of its rows of sides a and b.
    """
    import time

    t0 = time.perf_counter()
    i = sql.Identifier
    day0 = np.datetime64("1970-01-01", "D")
    starts = [int((np.datetime64(pd.Timestamp(ws).date(), "D") - day0).astype(int))
              for ws, _we in windows]  # fmt: skip
    months = [int(np.datetime64(pd.Timestamp(ws).date(), "M").astype(int)) for ws, _we in windows]
    con = connect(sel.table)
    try:
        with con.cursor() as cur:
            cur.execute("SET temp_buffers = '256MB'")  # before the session's first temp table
            where, params = sel.where(cur)
            point = point_sql(cur, sel.table)
            params.update(sides=_SIDE_CODES)
            has_geo = d.F_GEO_PREC in _column_types(cur, sel.table)
            geo = sql.SQL("coalesce({}::float8, 'NaN'::float8)").format(i(d.F_GEO_PREC))
            geo = geo if has_geo else sql.SQL("'NaN'::float8")
            columns = sql.SQL(
                "coalesce(array_position(%(sides)s::text[], {side}::text), 0)::int2 AS side, "
                "coalesce({fat}, 0)::int4 AS fat, "
                "({date}::date - DATE '1970-01-01')::int4 AS s, "
                "(coalesce({end}, {date})::date - DATE '1970-01-01')::int4 AS e, "
                "((date_part('year', {date})::int4 - 1970) * 12 "
                "+ date_part('month', {date})::int4 - 1) AS ms, "
                "{key}::int8 AS row_key, ST_X({pt}) AS lon, ST_Y({pt}) AS lat, {geo} AS geo"
            ).format(side=i(d.F_SIDE), fat=i(d.F_FATALITIES), date=i(d.F_DATE),
                     end=i(d.F_DATE_END), key=i(sel.table.key), pt=point,
                     geo=geo)  # fmt: skip
            if zones is None:
                params.update(radius=size_m / _SQRT3, c_q=_SQRT3 / 3.0, c_r=2.0 / 3.0)
                proj = _transform(cur, point, grid_crs, grid_auth, params, "grid")
                events = sql.SQL(
                    "SELECT side, fat, s, e, ms, row_key, lon, lat, geo, "
                    "(CASE WHEN dq > dr AND dq > ds THEN -r0 - s0 ELSE q0 END)::int4 AS q, "
                    "(CASE WHEN NOT (dq > dr AND dq > ds) AND dr > ds THEN -q0 - s0 ELSE r0 END)"
                    "::int4 AS r FROM (SELECT *, abs(q0 - qf) AS dq, abs(r0 - rf) AS dr, "
                    "abs(s0 - (-qf - rf)) AS ds FROM (SELECT *, round(qf) AS q0, round(rf) AS r0, "
                    "round(-qf - rf) AS s0 FROM (SELECT *, %(c_q)s * xx - yy / 3.0::float8 AS qf, "
                    "%(c_r)s * yy AS rf FROM (SELECT *, ST_X(pp) / %(radius)s AS xx, "
                    "ST_Y(pp) / %(radius)s AS yy FROM (SELECT {cols}, {proj} AS pp FROM {t}{where} "
                    # fences: the projection runs once per row, not once per reference
                    "OFFSET 0) p OFFSET 0) a) b) c) f"
                ).format(cols=columns, proj=proj, t=sel.table.ident(), where=where)
                keys = [("q", ">i4"), ("r", ">i4")]
            else:
                cur.execute("CREATE TEMP TABLE sahel_zones (idx int4, g geometry) ON COMMIT DROP")
                cur.executemany(
                    "INSERT INTO sahel_zones VALUES (%s, ST_SetSRID(ST_GeomFromWKB(%s), 0))",
                    [(k, psycopg2.Binary(w)) for k, w in enumerate(zones)],
                )
                cur.execute("CREATE INDEX ON sahel_zones USING gist (g)")
                cur.execute("ANALYZE sahel_zones")
                pz = point
                if zones_crs:
                    pz = _transform(cur, point, zones_crs, zones_auth, params, "zcrs")
                events = sql.SQL(
                    "SELECT b.side, b.fat, b.s, b.e, b.ms, b.row_key, b.lon, b.lat, b.geo, "
                    "coalesce(z.idx, -1)::int4 AS zone FROM (SELECT {cols}, ST_SetSRID({pz}, 0) "
                    "AS pz FROM {t}{where}) b LEFT JOIN LATERAL (SELECT idx FROM sahel_zones "
                    "WHERE ST_Intersects(g, b.pz) ORDER BY idx LIMIT 1) z ON true"
                ).format(cols=columns, pz=pz, t=sel.table.ident(), where=where)
                keys = [("zone", ">i4")]
            cur.execute(sql.SQL("CREATE TEMP TABLE sahel_ev ON COMMIT DROP AS ") + events, params)
            t_pass = time.perf_counter() - t0
            key_names = sql.SQL(", ").join(sql.Identifier(k) for k, _ in keys)
            # Windows of each event: from the one holding its start (or the first) to the
            # one holding its end; the month counted is that of max(start, window start).
            cur.execute(
                sql.SQL(
                    "CREATE TEMP TABLE sahel_tally ON COMMIT DROP AS SELECT w::int4, {keys}, "
                    "greatest(ms, (%(months)s::int4[])[w])::int4 AS month, side, "
                    "count(*)::int8 AS n, sum(fat)::int8 AS fat FROM sahel_ev, generate_series("
                    "greatest(width_bucket(s, %(starts)s::int4[]), 1), "
                    "width_bucket(e, %(starts)s::int4[])) AS w GROUP BY w, {keys}, month, side"
                ).format(keys=key_names),
                {"months": months, "starts": starts},
            )
            n_rows = cur.rowcount
            tally_fields = [("window", ">i4"), *keys, ("month", ">i4"), ("side", ">i2"),
                            ("n", ">i8"), ("fatalities", ">i8")]  # fmt: skip
            out = copy_out(cur, sql.SQL("SELECT * FROM sahel_tally"), tally_fields, n_rows)
            tallies = pd.DataFrame(out)
            tallies["side"] = np.array(["NULL", *_SIDE_CODES], dtype=object)[tallies["side"]]
            # The two groups' own events, for the co-location tests.
            own = sql.SQL("side IN (1, 2)")
            cur.execute(sql.SQL("SELECT count(*) FROM sahel_ev WHERE ") + own)
            n_points = cur.fetchone()[0]
            fields = [(d.F_LON, ">f8"), (d.F_LAT, ">f8"), (d.F_DATE, ">i4"),
                      (d.F_DATE_END, ">i4"), ("is_b", ">i2"), (d.F_FATALITIES, ">i4"),
                      (d.F_GEO_PREC, ">f8"), *keys, ("row_key", ">i8")]  # fmt: skip
            pts = sql.SQL(
                "SELECT lon, lat, s, e, (side = 2)::int4::int2, fat, geo, {}, row_key "
                "FROM sahel_ev WHERE "
            ).format(key_names)
            arrays = copy_out(cur, pts + own, fields, n_points, feedback)
            outside = {}
            if zones is not None:  # events in no zone, per side (every side)
                cur.execute("SELECT side, count(*) FROM sahel_ev WHERE zone < 0 GROUP BY side")
                labels = ["NULL", *_SIDE_CODES]
                outside = {labels[k]: int(n) for k, n in cur.fetchall()}
    except psycopg2.Error as err:
        raise PgError(f"scoring in {sel.table.name()} failed: {str(err).strip()}") from err
    finally:
        con.rollback()
        con.close()
    # Table order (the key), as a file is read: the tests' random draws follow it.
    order = np.argsort(arrays.pop("row_key"), kind="stable")
    arrays = {k: v[order] for k, v in arrays.items()}
    points = pd.DataFrame(
        {
            d.F_DATE: arrays[d.F_DATE].astype("datetime64[D]").astype("datetime64[ns]"),
            d.F_DATE_END: arrays[d.F_DATE_END].astype("datetime64[D]").astype("datetime64[ns]"),
            d.F_SIDE: np.where(arrays["is_b"] == 1, d.SIDE_B, d.SIDE_A).astype(object),
            d.F_FATALITIES: arrays[d.F_FATALITIES].astype(float),
            d.F_LON: arrays[d.F_LON],
            d.F_LAT: arrays[d.F_LAT],
        }
    )
    if has_geo:
        points[d.F_GEO_PREC] = arrays[d.F_GEO_PREC]
    for k, _fmt in keys:
        points[k] = arrays[k].astype(np.int64)
    tallies = tallies.astype({k: np.int64 for k, _ in keys})
    pushed = Pushed(tallies, points, time.perf_counter() - t0)
    pushed.seconds_pass = t_pass
    pushed.outside = outside
    return pushed
