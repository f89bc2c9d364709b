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
  transaction: an upsert by (source, event id) that deletes nothing, unless the
  analyst gives a ``ReplaceScope`` where the export is complete; binary ``COPY``,
  indexes on date, side, geometry and (source, event) unique, named with a hash
  of the full table name (``object_name``).
- ``upsert_incidents`` and ``delete_events``: the same upsert, and deleting listed
  event ids of one source (ACLED's deletions list), for the live ACLED update.
- ``read_frame``: the frame ``io.readers.read_incidents`` gives for a file,
  read from a table through one binary ``COPY`` of fixed-width columns.
- Coverage and import records per table and source in ``sahel_overlap_meta``.

Every identifier goes through ``psycopg2.sql.Identifier`` and every value is a
bound parameter; the only SQL text taken as it is, is a layer's own subset
string (which QGIS itself sends to the server as written).
"""

from __future__ import annotations

import hashlib
import json
import re
import struct
import threading
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .. import definitions as d
from .schema import IncidentLayerError, analysis_fields, check_incident_fields, fill_date_end

try:  # python3-psycopg2 (scripts/setup.sh); a clear error when it is missing
    import psycopg2
    import psycopg2.errors
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
        _check_table_clause(text, uri)
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
        table = cls(
            conn=tuple((k, str(v)) for k, v in conn.items() if v),
            authcfg=uri.authConfigId() or "",
            schema=uri.schema() or "public",
            table=uri.table(),
            geom=uri.geometryColumn() or GEOM,
            key=(uri.keyColumn() or KEY).strip('"'),
            subset=uri.sql() if subset is None else subset,
            password=uri.password() or "",
        )
        check_names(table)
        return table

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


NAME_BYTES = 63  # PostgreSQL cuts longer identifiers (NAMEDATALEN - 1), silently


def check_names(table: PgTable) -> None:
    """Refuse names PostgreSQL would cut (and so point at another object) or cannot hold."""
    for what, name in (("schema", table.schema), ("table", table.table),
                       ("geometry column", table.geom), ("key column", table.key)):  # fmt: skip
        size = len(name.encode("utf-8"))
        if not name or size > NAME_BYTES or "\x00" in name:
            raise PgError(
                f"the PostGIS {what} name {name!r} cannot be used: PostgreSQL names hold 1 to "
                f"{NAME_BYTES} bytes (UTF-8) and no NUL; this one has {size}"
            )


def _check_table_clause(text: str, uri) -> None:
    """The ``table=`` clause must read back as what QGIS parsed from it: QGIS's parser
    stops at a quote it does not expect (``"quo""te"`` gives ``quo``), and an import into
    a table other than the one named must not happen."""
    from qgis.core import QgsDataSourceUri

    at = re.search(r"(?:^|\s)table=", text)
    if at is None:
        return  # no table clause: from_uri says so
    clause = text[at.end() :]
    expected = QgsDataSourceUri()
    expected.setDataSource(uri.schema(), uri.table(), "")
    quoted = expected.quotedTablename()  # how QGIS itself writes the name back
    plain = uri.table() if not uri.schema() else f"{uri.schema()}.{uri.table()}"
    for form in (quoted, plain, f"'{plain}'"):
        if clause.startswith(form) and (len(clause) == len(form) or clause[len(form)].isspace()):
            return
    shown = clause.split(" (", 1)[0].split(" sql=", 1)[0]
    raise PgError(
        f"the PostGIS table {shown!r} cannot be read without guessing (QGIS reads it as "
        f'{quoted}); quote the name with double quotes, a quote inside it as \\"'
    )


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


def _lock_key(*parts: str) -> int:
    """A 64-bit advisory lock key for a name (stable across sessions and servers)."""
    digest = hashlib.sha1("\x00".join(("sahel_overlap", *parts)).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def _tolerating_a_race(cur, statement) -> None:
    """DDL that another session may be running at the same moment (a schema, the meta
    table): whoever comes second finds the object made, instead of PostgreSQL's raw
    ``pg_namespace``/``pg_type`` unique violation."""
    cur.execute("SAVEPOINT sahel_ddl")
    try:
        cur.execute(statement)
    except (psycopg2.errors.UniqueViolation, psycopg2.errors.DuplicateObject,
            psycopg2.errors.DuplicateSchema, psycopg2.errors.DuplicateTable):  # fmt: skip
        cur.execute("ROLLBACK TO SAVEPOINT sahel_ddl")
    else:
        cur.execute("RELEASE SAVEPOINT sahel_ddl")


def ensure_table(cur, table: PgTable) -> bool:
    """Create the incident table if missing (columns from ``INCIDENT_FIELDS``), add
    fields the schema has gained since; True when the table was created.

    Importers of one table take turns from here to the end of their transaction (an
    advisory lock on its name): a second first import into a new table waits for the
    first and then adds to the table it made.
    """
    check_names(table)
    cur.execute("SELECT pg_advisory_xact_lock(%s)", (_lock_key(table.schema, table.table),))
    cur.execute(
        "SELECT 1 FROM information_schema.tables WHERE table_schema = %s AND table_name = %s",
        (table.schema, table.table),
    )
    exists = cur.fetchone() is not None
    cur.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (table.schema,))
    if cur.fetchone() is None:  # (a writer may own its schema without CREATE on the database)
        _tolerating_a_race(cur, sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(
            sql.Identifier(table.schema)))  # fmt: skip
    if not exists:
        columns = [sql.SQL("{} bigserial CONSTRAINT {} PRIMARY KEY").format(
            sql.Identifier(table.key), sql.Identifier(object_name(table, "pkey")))]  # fmt: skip
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


def object_name(table: PgTable, role: str) -> str:
    """The name of one of the table's indexes or constraints: the start of the table's
    name (to read), a short hash of its full schema-qualified name (two tables sharing
    a long prefix, or one name in two schemas, never share an index name), the role;
    at most 63 bytes, cut on a character boundary."""
    digest = hashlib.sha1(f"{table.schema}\x00{table.table}".encode()).hexdigest()[:10]
    tail = f"_{digest}_{role}"
    head = table.table.encode("utf-8")[: NAME_BYTES - len(tail)]
    return head.decode("utf-8", "ignore") + tail


# role -> (method, columns); the unique one is what upserts key on.
_INDEXES = {
    "date_idx": ("btree", [d.F_DATE]),
    "side_date_idx": ("btree", [d.F_SIDE, d.F_DATE]),
    "geom_gist": ("gist", None),  # the table's geometry column
    "source_event_key": ("unique", [d.F_SOURCE, d.F_EVENT_ID]),
}


def index_names(table: PgTable) -> dict:
    """The incident table's indexes: name -> (method, columns)."""
    return {
        object_name(table, role): (method, cols or [table.geom])
        for role, (method, cols) in _INDEXES.items()
    }


def _table_indexes(cur, table: PgTable) -> dict:
    """The table's plain (not partial, no expression) indexes: (method, columns) -> name;
    method "unique" for a unique btree, primary keys left out."""
    cur.execute(
        "SELECT c.relname, am.amname, i.indisunique, array(SELECT a.attname FROM "
        "unnest(i.indkey) WITH ORDINALITY AS k(attnum, n) JOIN pg_attribute a ON "
        "a.attrelid = i.indrelid AND a.attnum = k.attnum ORDER BY k.n) FROM pg_index i "
        "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam "
        "JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace s ON s.oid = t.relnamespace "
        "WHERE s.nspname = %s AND t.relname = %s AND NOT i.indisprimary "
        "AND i.indpred IS NULL AND i.indexprs IS NULL",
        (table.schema, table.table),
    )
    out = {}
    for name, method, unique, cols in cur.fetchall():
        kind = "unique" if unique and method == "btree" else method
        out.setdefault((kind, tuple(cols)), name)
    return out


def create_indexes(cur, table: PgTable) -> None:
    """Date (the All layer's time filter), side + date (per-side layers: a window of
    one-day events is one range of it), geometry, and one row per (source, event).

    An index this table already has under another name (made by an older version,
    whose names came from the first 40 characters of the table name) is renamed,
    not built twice.
    """
    have = _table_indexes(cur, table)
    for name, (method, cols) in index_names(table).items():
        old = have.get((method, tuple(cols)))
        if old == name:
            continue
        if old is not None:
            cur.execute(sql.SQL("ALTER INDEX {} RENAME TO {}").format(
                sql.Identifier(table.schema, old), sql.Identifier(name)))  # fmt: skip
            continue
        listed = sql.SQL(", ").join(sql.Identifier(c) for c in cols)
        unique = sql.SQL("UNIQUE ") if method == "unique" else sql.SQL("")
        using = sql.SQL("gist") if method == "gist" else sql.SQL("btree")
        statement = sql.SQL("CREATE {}INDEX {} ON {} USING {} ({})").format(
            unique, sql.Identifier(name), table.ident(), using, listed
        )
        if method != "unique":
            cur.execute(statement)
            continue
        try:
            cur.execute(statement)
        except psycopg2.errors.UniqueViolation as err:
            raise PgError(
                f"{table.name()} holds the same ({d.F_SOURCE}, {d.F_EVENT_ID}) more than once, "
                "so it cannot get its unique index back (older versions dropped it when "
                "another table's name began with the same 40 characters): remove the "
                "duplicate rows, then import again"
            ) from err


def ensure_meta_table(cur, schema: str) -> None:
    _tolerating_a_race(
        cur,
        sql.SQL(
            "CREATE TABLE IF NOT EXISTS {} (table_name text NOT NULL, source_ds text NOT NULL, "
            "key text NOT NULL, document jsonb NOT NULL, updated timestamptz DEFAULT now(), "
            "PRIMARY KEY (table_name, source_ds, key))"
        ).format(sql.Identifier(schema, META_TABLE)),
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


def _from_payloads(payloads: list[bytes], codes: np.ndarray) -> _Tokens:
    """Tokens of the distinct values' bytes and a NULL token last (code ``len(payloads)``);
    the length prefixes are written as one array, not one ``struct.pack`` per value."""
    n = len(payloads)
    size = np.fromiter(map(len, payloads), dtype=np.int64, count=n)
    widest = int(size.max()) if n else 0
    table = np.zeros((n + 1, 4 + widest), dtype=np.uint8)
    table[:n, :4] = size.astype(">i4").view(np.uint8).reshape(n, 4)
    table[n, :4] = np.frombuffer(_NULL, dtype=np.uint8)
    if widest:
        table[:n, 4:] = np.array(payloads, dtype=f"S{widest}").view(np.uint8).reshape(n, widest)
    return _Tokens(table, np.append(size + 4, 4), codes.astype(np.int32))


def _field(data: bytes) -> bytes:
    return struct.pack("!i", len(data)) + data


def _text_tokens(values) -> _Tokens:
    """A text column: each distinct value encoded once (UTF-8); None/NaN as NULL."""
    values = np.asarray(values, dtype=object)
    listed = values.tolist()
    if len(set(listed)) == len(listed) and not pd.isna(values).any():
        # Every value distinct (event ids): hashing them in pandas costs more than
        # encoding each once (~3 s at 5,000,000; Python's set is ~5x cheaper).
        payloads = [str(u).encode("utf-8") for u in listed]
        return _from_payloads(payloads, np.arange(len(listed)))
    codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    payloads = [str(u).encode("utf-8") for u in uniques]
    return _from_payloads(payloads, np.where(codes < 0, len(uniques), codes))


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


@dataclass(frozen=True)
class ReplaceScope:
    """Where an export is complete, by the analyst's word: these countries, events
    starting from ``first`` to ``last`` (days included), every actor and event type.
    Rows of the export's source in the scope that the export does not hold are deleted.

    Written ``Country;Other country FIRST/LAST`` (ISO days, the ISO 8601 interval), one
    string that a model input or ``qgis_process`` passes as it is, e.g.
    ``Burkina Faso;Mali 2019-01-01/2022-12-31``.
    """

    countries: tuple
    first: str  # ISO day
    last: str  # ISO day

    FORM = "Country;Other country FIRST/LAST, e.g. 'Burkina Faso;Mali 2019-01-01/2022-12-31'"

    @classmethod
    def parse(cls, text: str | None) -> ReplaceScope | None:
        text = (text or "").strip()
        if not text:
            return None
        match = re.fullmatch(r"(.+?)\s+(\d{4}-\d{2}-\d{2})\s*/\s*(\d{4}-\d{2}-\d{2})", text)
        if match is None:
            raise ValueError(f"replace scope {text!r} is not of the form {cls.FORM}")
        countries = []
        for name in match.group(1).split(";"):
            name = name.strip()
            if not name:
                raise ValueError(f"replace scope {text!r} has an empty country ({cls.FORM})")
            if name not in countries:
                countries.append(name)
        try:
            first, last = (pd.Timestamp(match.group(k)).date() for k in (2, 3))
        except ValueError as err:
            raise ValueError(f"replace scope {text!r}: {err}") from err
        if last < first:
            raise ValueError(f"replace scope {text!r} ends before it starts")
        return cls(tuple(countries), first.isoformat(), last.isoformat())

    def __str__(self) -> str:
        return f"{';'.join(self.countries)} {self.first}/{self.last}"


class DeleteRefusedError(PgError):
    """A scope replace would delete more events than the export holds in the scope."""


@dataclass
class WriteReport:
    table: PgTable
    created: bool
    inserted: int  # events new to the table
    updated: int = 0  # events the table held with other values (same source and id)
    unchanged: int = 0  # events the table held as they are
    deleted: int = 0  # rows deleted: absent from the export in its replace scope, or listed
    kept: int = 0  # rows of the table not touched
    in_scope: int = 0  # events of the export inside the replace scope
    deleted_by_country: dict = field(default_factory=dict)
    scope_unmatched: list = field(default_factory=list)  # scope countries found nowhere
    seconds_copy: float = 0.0
    seconds_total: float = 0.0

    @property
    def written(self) -> int:
        return self.inserted + self.updated


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


def _frame_source(frame: pd.DataFrame) -> str | None:
    sources = sorted(set(frame[d.F_SOURCE].astype(str))) if len(frame) else []
    if len(sources) > 1:
        raise PgError(f"one import holds one source, not {', '.join(sources)}")
    ids = frame[[d.F_SOURCE, d.F_EVENT_ID]]
    if ids[d.F_EVENT_ID].isna().any():
        raise PgError(f"{int(ids[d.F_EVENT_ID].isna().sum())} events have no {d.F_EVENT_ID}")
    twice = ids[ids.duplicated()][d.F_EVENT_ID]
    if len(twice):
        shown = ", ".join(map(str, twice.iloc[:5]))
        raise PgError(f"{len(twice)} event ids come more than once in one import ({shown})")
    return sources[0] if sources else None


def write_incidents(
    table: PgTable,
    frame: pd.DataFrame,
    coverage: dict | None = None,
    record: dict | None = None,
    feedback=None,
    *,
    scope: ReplaceScope | None = None,
    confirm_delete: bool = False,
    delete_ids=(),
) -> WriteReport:
    """Put an import's events into ``table`` (created if missing), all or nothing.

    By default an upsert by (source, event id): events new to the table are added,
    events it holds with other values are updated in place (their ``fid`` kept), and
    nothing is deleted, so a filtered or partial export never removes what it does not
    claim. Sources stay apart (one import holds one source).

    ``scope`` (the analyst's word that the export is complete there) also deletes the
    source's rows in the scope that the export does not hold; refused with
    ``DeleteRefusedError`` when that is more than the export's own events in the scope,
    unless ``confirm_delete``. ``delete_ids``: event ids of the frame's source to delete
    in the same transaction (ACLED's deletions list; ids the frame holds are kept).
    ``record`` (the import's metadata document) is kept per source beside the merged
    coverage (``coverage``, default: the frame's countries and days).
    """
    import time

    require_driver()
    t0 = time.perf_counter()
    source = _frame_source(frame)
    if source is None and (scope is not None or len(delete_ids)):
        raise PgError("an empty import names no source whose events to delete")
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
            report = WriteReport(table, created, 0)
            if before == 0:
                # An empty table: rows straight in, indexes built once afterwards.
                _drop_indexes(cur, table)
                _copy_frame(cur, table.ident(), frame, feedback)
                report.inserted = len(frame)
                if scope is not None:
                    report.in_scope = _count_in_scope(cur, table.ident(), source, scope)
                    held = set(frame[d.F_COUNTRY].astype(str))
                    report.scope_unmatched = [c for c in scope.countries if c not in held]
                create_indexes(cur, table)
            else:
                create_indexes(cur, table)  # the upsert keys on the unique index
                _upsert(cur, table, frame, source, scope, delete_ids, report, feedback)
                if scope is not None and report.deleted > report.in_scope and not confirm_delete:
                    raise DeleteRefusedError(
                        f"replacing {source} in {scope} would delete {report.deleted} events "
                        f"this export does not hold, more than the {report.in_scope} it holds "
                        "there: nothing was written. If the export is complete for that "
                        "scope (every actor and event type), set CONFIRM_DELETE; otherwise "
                        "import without a replace scope (adds and updates, deletes nothing)"
                    )
            report.kept = before - report.updated - report.unchanged - report.deleted
            t_copy = time.perf_counter() - t1
            if source is not None:
                _merge_coverage(cur, table, source, coverage, record)
            cur.execute(sql.SQL("ANALYZE {}").format(table.ident()))
        con.commit()
    except (WriteCanceledError, PgError):
        con.rollback()
        raise
    except psycopg2.Error as err:
        con.rollback()
        raise PgError(f"writing {table.name()} failed: {str(err).strip()}") from err
    finally:
        con.close()
    report.seconds_copy, report.seconds_total = t_copy, time.perf_counter() - t0
    return report


def upsert_incidents(
    table: PgTable, frame: pd.DataFrame, coverage=None, record=None, feedback=None
) -> WriteReport:
    """Add the frame's new events and update the changed ones, by (source, event id);
    delete nothing. One transaction; the table is created if missing."""
    return write_incidents(table, frame, coverage, record, feedback)


def delete_events(table: PgTable, source: str, event_ids) -> int:
    """Delete the rows of ``source`` with these event ids (one transaction); returns how
    many were deleted. Other sources' rows are never touched."""
    require_driver()
    ids = sorted({str(i) for i in event_ids})
    con = connect(table)
    try:
        with con.cursor() as cur:
            cur.execute(
                "SELECT 1 FROM information_schema.tables WHERE table_schema = %s "
                "AND table_name = %s",
                (table.schema, table.table),
            )
            if cur.fetchone() is None:
                raise PgError(f"PostGIS table {table.name()} does not exist")
            cur.execute(sql.SQL("LOCK TABLE {} IN SHARE ROW EXCLUSIVE MODE").format(table.ident()))
            deleted = _delete_ids(cur, table, source, ids)
        con.commit()
    except PgError:
        con.rollback()
        raise
    except psycopg2.Error as err:
        con.rollback()
        raise PgError(f"deleting from {table.name()} failed: {str(err).strip()}") from err
    finally:
        con.close()
    return deleted


def _delete_ids(cur, table: PgTable, source: str, ids: list) -> int:
    if not ids:
        return 0
    cur.execute(
        sql.SQL("DELETE FROM {} WHERE {} = %s AND {} = ANY(%s::text[])").format(
            table.ident(), sql.Identifier(d.F_SOURCE), sql.Identifier(d.F_EVENT_ID)
        ),
        (source, ids),
    )
    return cur.rowcount


def _drop_indexes(cur, table: PgTable) -> None:
    """Drop this table's own indexes of ``index_names`` (found in the catalogue by
    their columns, never by a name another table could share)."""
    have = _table_indexes(cur, table)
    for method, cols in index_names(table).values():
        name = have.get((method, tuple(cols)))
        if name is not None:
            cur.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(table.schema, name)))


def _scope_sql(alias: sql.Composable) -> sql.Composable:
    return sql.SQL(
        "{a}.{src} = %(source)s AND {a}.{country} = ANY(%(countries)s::text[]) "
        "AND {a}.{date} >= %(first)s::date AND {a}.{date} < %(last)s::date + 1"
    ).format(a=alias, src=sql.Identifier(d.F_SOURCE), country=sql.Identifier(d.F_COUNTRY),
             date=sql.Identifier(d.F_DATE))  # fmt: skip


def _scope_params(source: str, scope: ReplaceScope) -> dict:
    return {"source": source, "countries": list(scope.countries), "first": scope.first,
            "last": scope.last}  # fmt: skip


def _count_in_scope(cur, target, source: str, scope: ReplaceScope) -> int:
    cur.execute(
        sql.SQL("SELECT count(*) FROM {} AS s WHERE ").format(target) + _scope_sql(sql.SQL("s")),
        _scope_params(source, scope),
    )
    return int(cur.fetchone()[0])


def _upsert(cur, table: PgTable, frame, source, scope, delete_ids, report, feedback) -> None:
    """Stage the frame; insert its new events, update the changed ones in place; with a
    scope, delete the source's rows in it that the frame does not hold; then the listed
    ids. Counts go into ``report``."""
    names = [n for n, _ in d.INCIDENT_FIELDS]
    cols = [sql.Identifier(c) for c in [*names, GEOM]]
    listed = sql.SQL(", ").join(cols)
    stage = sql.Identifier("sahel_stage")
    cur.execute(
        sql.SQL("CREATE TEMP TABLE {} ON COMMIT DROP AS SELECT {} FROM {} WITH NO DATA").format(
            stage, listed, table.ident()
        )
    )
    _copy_frame(cur, stage, frame, feedback)
    cur.execute(sql.SQL("ANALYZE {}").format(stage))
    ex = sql.SQL(", ").join(sql.SQL("EXCLUDED.{}").format(c) for c in cols)
    old = sql.SQL(", ").join(sql.SQL("t.{}").format(c) for c in cols)
    # xmax = 0 on the returned row: it was inserted, not updated. Rows whose values are
    # all the same are not rewritten (no dead tuples, no WAL) and not returned.
    cur.execute(
        sql.SQL(
            "WITH up AS (INSERT INTO {t} AS t ({cols}) SELECT {cols} FROM {stage} "
            "ON CONFLICT ({src}, {eid}) DO UPDATE SET ({cols}) = ROW({ex}) "
            "WHERE ROW({old}) IS DISTINCT FROM ROW({ex}) RETURNING (t.xmax = 0) AS new) "
            "SELECT count(*) FILTER (WHERE new), count(*) FILTER (WHERE NOT new) FROM up"
        ).format(
            t=table.ident(),
            cols=listed,
            stage=stage,
            src=sql.Identifier(d.F_SOURCE),
            eid=sql.Identifier(d.F_EVENT_ID),
            ex=ex,
            old=old,
        )
    )
    report.inserted, report.updated = (int(v) for v in cur.fetchone())
    report.unchanged = len(frame) - report.inserted - report.updated
    if scope is not None:
        report.in_scope = _count_in_scope(cur, stage, source, scope)
        cur.execute(
            sql.SQL("SELECT DISTINCT {c} FROM {t} WHERE {s} = %s AND {c} = ANY(%s::text[])").format(
                c=sql.Identifier(d.F_COUNTRY), t=table.ident(), s=sql.Identifier(d.F_SOURCE)
            ),
            (source, list(scope.countries)),
        )
        known = {r[0] for r in cur.fetchall()} | set(frame[d.F_COUNTRY].astype(str))
        report.scope_unmatched = [c for c in scope.countries if c not in known]
        cur.execute(
            sql.SQL(
                "WITH gone AS (DELETE FROM {t} AS t WHERE {inside} AND NOT EXISTS (SELECT 1 "
                "FROM {stage} AS s WHERE s.{src} = t.{src} AND s.{eid} = t.{eid}) "
                "RETURNING t.{country}) SELECT {country}, count(*) FROM gone GROUP BY 1"
            ).format(
                t=table.ident(),
                inside=_scope_sql(sql.SQL("t")),
                stage=stage,
                src=sql.Identifier(d.F_SOURCE),
                eid=sql.Identifier(d.F_EVENT_ID),
                country=sql.Identifier(d.F_COUNTRY),
            ),
            _scope_params(source, scope),
        )
        report.deleted_by_country = {str(c): int(n) for c, n in cur.fetchall()}
        report.deleted = sum(report.deleted_by_country.values())
    held = set(frame[d.F_EVENT_ID].astype(str))
    report.deleted += _delete_ids(cur, table, source, sorted({str(i) for i in delete_ids} - held))


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
# ... and the table written, with the password its destination gave (the output id has none).
_OUTPUT_TABLES: dict = {}


def record_output_metadata(dest_id: str, key: str, document: dict) -> bool:
    """The import's metadata document (``definitions.META_IMPORT``) of a PostGIS output,
    kept per source in ``sahel_overlap_meta``; its coverage merged into the source's."""
    table = _OUTPUT_TABLES.pop(dest_id, None) or PgTable.from_uri(dest_id, subset="")
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


# --- Processing outputs ----------------------------------------------------------------


def write_output(table: PgTable, events: pd.DataFrame, parameter, value, context, feedback,
                 coverage=None, record=None, scope=None, confirm_delete=False) -> str:  # fmt: skip
    """The import's output into a PostGIS table (``write_incidents``: an upsert, plus the
    replace ``scope`` when given); returns the
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
    report = write_incidents(table, events, coverage, record, feedback, scope=scope,
                             confirm_delete=confirm_delete)  # fmt: skip
    feedback.pushInfo(
        f"PostGIS {table.name()}: {report.inserted} new events, {report.updated} updated, "
        f"{report.unchanged} unchanged (by source and event id), {report.deleted} deleted, "
        f"{report.kept} other rows kept ({report.seconds_total:.1f} s, "
        f"COPY {report.seconds_copy:.1f} s)"
    )
    if scope is not None:
        by_country = ", ".join(f"{c} {n}" for c, n in sorted(report.deleted_by_country.items()))
        feedback.pushWarning(
            f"Replace scope {scope}: {report.deleted} events of this source deleted because "
            f"this export does not hold them ({by_country or 'none'}); the export holds "
            f"{report.in_scope} events there"
        )
        for country in report.scope_unmatched:
            feedback.pushWarning(
                f"Replace scope: no event of this source in {country!r}, in the table or in "
                "this export (a country is written as in the data: "
                f"{', '.join(sorted(set(events[d.F_COUNTRY].astype(str)))[:6])})"
            )
    dest_id = "postgres://" + table.uri(subset="")
    _OUTPUT_SOURCES[dest_id] = sorted(set(events[d.F_SOURCE].astype(str)))
    _OUTPUT_TABLES[dest_id] = table
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
            # Events are first counted per zone, month, side and span of windows (few
            # groups), then each group is spread over its windows: no per-event series.
            cur.execute(
                sql.SQL(
                    "CREATE TEMP TABLE sahel_tally ON COMMIT DROP AS SELECT w::int4, {keys}, "
                    "greatest(ms, (%(months)s::int4[])[w])::int4 AS month, side, "
                    "sum(n)::int8 AS n, sum(fat)::int8 AS fat FROM (SELECT {keys}, ms, side, "
                    "greatest(width_bucket(s, %(starts)s::int4[]), 1) AS w0, "
                    "width_bucket(e, %(starts)s::int4[]) AS w1, count(*) AS n, sum(fat) AS fat "
                    "FROM sahel_ev GROUP BY {keys}, ms, side, w0, w1) g, generate_series(w0, w1) "
                    "AS w GROUP BY w, {keys}, month, side"
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
