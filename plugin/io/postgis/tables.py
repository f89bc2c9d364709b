"""The incident table's DDL: creation (one importer at a time), index and constraint
names, indexes, and the per-source records in ``sahel_overlap_meta``.
"""

from __future__ import annotations

import hashlib
import json

from ... import definitions as d
from .connection import (
    META_TABLE,
    NAME_BYTES,
    PG_TYPES,
    SRID,
    PgError,
    PgTable,
    check_names,
    connect,
    psycopg2,
    sql,
)

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


def _drop_indexes(cur, table: PgTable) -> None:
    """Drop this table's own indexes of ``index_names`` (found in the catalogue by
    their columns, never by a name another table could share)."""
    have = _table_indexes(cur, table)
    for method, cols in index_names(table).values():
        name = have.get((method, tuple(cols)))
        if name is not None:
            cur.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(table.schema, name)))


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


def import_metadata(table: PgTable, source: str | None) -> dict | None:
    """What scorezones reads as the import's record for ``source``: its last import's
    document with the coverage of every import of that source so far."""
    if source is None:
        return None
    con = connect(table)
    try:
        with con.cursor() as cur:
            record = dict(read_meta(cur, table, source, d.META_IMPORT) or {})
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
