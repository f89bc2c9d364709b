"""Add a finished table to an existing GeoPackage in place, in one SQLite transaction.

An output added to a user's GeoPackage (``ogr:dbname=… table=…``) is written to a
staged GeoPackage of its own first (checked, read back), then copied in here: its
table, spatial index, triggers, indexes and GeoPackage records, all or nothing. The
file is never replaced, so its other tables stay whatever happens, a program that has
it open keeps reading the same file, and two runs adding different tables at once
take turns on SQLite's write lock instead of renaming copies over each other. A table
of the same name (a layer, a plain SQLite table, a view) is refused unless the caller
asks for it to be replaced.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from urllib.parse import quote

from ..definitions import N_
from .writers import quote_identifier as _q

#: Seconds to wait for another writer (another run adding its table) to commit.
LOCK_TIMEOUT_S = 120.0
_SRS_COLUMNS = "srs_name, srs_id, organization, organization_coordsys_id, definition, description"


class TableExists(Exception):
    """The GeoPackage already holds a table (or view) of that name."""


def _uri(path) -> str:
    return "file:" + quote(str(path))


def existing_name(con, name: str, schema: str = "main") -> tuple[str, str] | None:
    """(type, name) of the table or view ``name`` (SQLite names ignore case), or None."""
    return con.execute(
        f"SELECT type, name FROM {schema}.sqlite_master "
        "WHERE type IN ('table', 'view') AND lower(name) = lower(?)",
        (name,),
    ).fetchone()


def table_in_file(path, name: str) -> tuple[str, str] | None:
    """``existing_name`` in the GeoPackage ``path`` (read-only), or None."""
    try:
        con = sqlite3.connect(_uri(path) + "?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        return existing_name(con, name)
    except sqlite3.Error:
        return None
    finally:
        con.close()


def describe(found: tuple[str, str], con_or_path, translate: Callable[[str], str] = str) -> str:
    """A table found by ``existing_name`` in words: a layer, a plain table, a view
    (``translate``: ``i18n.tr`` where the analyst reads it)."""
    kind, name = found
    if kind == "view":
        return translate(N_("a view {name}")).format(name=repr(name))
    try:
        con = (
            sqlite3.connect(_uri(con_or_path) + "?mode=ro", uri=True)
            if not isinstance(con_or_path, sqlite3.Connection)
            else con_or_path
        )
        row = con.execute(
            "SELECT data_type FROM gpkg_contents WHERE table_name = ?", (name,)
        ).fetchone()
    except sqlite3.Error:
        row = None
    if row is None:
        return translate(N_("a plain SQLite table {name} (not a GeoPackage layer)")).format(
            name=repr(name)
        )
    return translate(N_("a layer {name} ({kind})")).format(name=repr(name), kind=row[0])


def add_table(source, table: str, dest, overwrite: bool = False, timeout=LOCK_TIMEOUT_S) -> None:
    """Copy ``table`` of the GeoPackage ``source`` into the existing GeoPackage ``dest``.

    One transaction (``BEGIN IMMEDIATE``: it waits up to ``timeout`` s for another
    writer): a table of that name is refused (``TableExists``) or, with ``overwrite``,
    dropped with its index and records; every other table is left as it is.
    """
    con = sqlite3.connect(_uri(dest), uri=True, timeout=timeout, isolation_level=None)
    try:
        con.execute("ATTACH DATABASE ? AS s", (_uri(source) + "?mode=ro",))
        con.execute("BEGIN IMMEDIATE")
        try:
            found = existing_name(con, table)
            if found is not None:
                if not overwrite or found[0] != "table":
                    raise TableExists(
                        f"{describe(found, con)} is already in the GeoPackage"
                        + ("" if overwrite else " (OVERWRITE_TABLE replaces it)")
                    )
                _drop(con, found[1])
            _copy(con, table)
        except BaseException:
            if con.in_transaction:
                con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")
    finally:
        con.close()


def _has(con, schema: str, name: str) -> bool:
    return bool(
        con.execute(
            f"SELECT count(*) FROM {schema}.sqlite_master WHERE name = ?", (name,)
        ).fetchone()[0]
    )


def _rtrees(con, schema: str, table: str) -> list[str]:
    if not _has(con, schema, "gpkg_extensions"):
        return []
    rows = con.execute(
        f"SELECT column_name FROM {schema}.gpkg_extensions "
        "WHERE table_name = ? AND extension_name = 'gpkg_rtree_index'",
        (table,),
    ).fetchall()
    return [f"rtree_{table}_{col}" for (col,) in rows if _has(con, schema, f"rtree_{table}_{col}")]


def _drop(con, table: str) -> None:
    """The table, its spatial index (its triggers and indexes go with it) and records."""
    for rtree in _rtrees(con, "main", table):
        con.execute(f"DROP TABLE main.{_q(rtree)}")
    con.execute(f"DROP TABLE main.{_q(table)}")
    for meta in ("gpkg_contents", "gpkg_geometry_columns", "gpkg_extensions",
                 "gpkg_ogr_contents", "gpkg_data_columns", "gpkg_metadata_reference"):  # fmt: skip
        if _has(con, "main", meta):
            con.execute(f"DELETE FROM main.{meta} WHERE table_name = ?", (table,))


def _srs(con, srs_id: int) -> int:
    """The id in ``main`` of the staged table's CRS: the same row, or a new one."""
    row = con.execute(
        f"SELECT {_SRS_COLUMNS} FROM s.gpkg_spatial_ref_sys WHERE srs_id = ?", (srs_id,)
    ).fetchone()
    if row is None:
        return srs_id
    same = con.execute(
        "SELECT srs_id FROM main.gpkg_spatial_ref_sys WHERE definition = ? "
        "OR (upper(organization) = upper(?) AND organization_coordsys_id = ? "
        "AND upper(organization) <> 'NONE') ORDER BY srs_id <> ? LIMIT 1",
        (row[4], row[2], row[3], srs_id),
    ).fetchone()
    if same is not None:
        return same[0]
    taken = con.execute(
        "SELECT count(*) FROM main.gpkg_spatial_ref_sys WHERE srs_id = ?", (srs_id,)
    ).fetchone()[0]
    new = srs_id
    if taken:  # a custom CRS of the same number: the next free one
        new = con.execute("SELECT max(srs_id) + 1 FROM main.gpkg_spatial_ref_sys").fetchone()[0]
    con.execute(
        f"INSERT INTO main.gpkg_spatial_ref_sys ({_SRS_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
        (row[0], new, row[2], row[3], row[4], row[5]),
    )
    return new


def _copy_rows(con, meta: str, table: str, replace: dict | None = None) -> None:
    """The rows of ``s.meta`` about ``table`` into ``main.meta`` (common columns only)."""
    if not (_has(con, "s", meta) and _has(con, "main", meta)):
        return
    mine = [r[1] for r in con.execute(f"PRAGMA main.table_info({meta})")]
    theirs = {r[1] for r in con.execute(f"PRAGMA s.table_info({meta})")}
    cols = [c for c in mine if c in theirs]
    replace = replace or {}
    picked = ", ".join("?" if c in replace else _q(c) for c in cols)
    con.execute(
        f"INSERT INTO main.{meta} ({', '.join(_q(c) for c in cols)}) "
        f"SELECT {picked} FROM s.{meta} WHERE table_name = ?",
        (*[replace[c] for c in cols if c in replace], table),
    )


def _create_like(con, name: str) -> None:
    """Create ``main.name`` as ``s.name`` is (a GeoPackage table main lacks)."""
    sql = con.execute("SELECT sql FROM s.sqlite_master WHERE name = ?", (name,)).fetchone()
    if sql and sql[0]:
        con.execute(sql[0])


def _copy(con, table: str) -> None:
    """The staged ``s.table`` into ``main``: rows, spatial index, triggers, records."""
    row = con.execute(
        "SELECT sql FROM s.sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).fetchone()
    if row is None:
        raise RuntimeError(f"the staged output holds no table {table!r}")
    for meta in ("gpkg_geometry_columns", "gpkg_extensions"):
        if _has(con, "s", meta) and not _has(con, "main", meta):
            _create_like(con, meta)
    con.execute(row[0])  # CREATE TABLE, unqualified: made in main
    cols = ", ".join(_q(r[1]) for r in con.execute(f"PRAGMA s.table_info({_q(table)})"))
    con.execute(f"INSERT INTO main.{_q(table)} ({cols}) SELECT {cols} FROM s.{_q(table)}")
    srs = con.execute(
        "SELECT srs_id FROM s.gpkg_contents WHERE table_name = ?", (table,)
    ).fetchone()
    new_srs = _srs(con, srs[0]) if srs and srs[0] is not None else None
    fixed = {"srs_id": new_srs} if new_srs is not None else {}
    _copy_rows(con, "gpkg_contents", table, fixed)
    _copy_rows(con, "gpkg_geometry_columns", table, fixed)
    _copy_rows(con, "gpkg_extensions", table)
    _copy_rows(con, "gpkg_ogr_contents", table)
    _copy_rows(con, "gpkg_data_columns", table)
    for rtree in _rtrees(con, "s", table):
        _create_like(con, rtree)
        con.execute(f"INSERT INTO main.{_q(rtree)} SELECT * FROM s.{_q(rtree)}")
    for (sql,) in con.execute(
        "SELECT sql FROM s.sqlite_master WHERE type IN ('trigger', 'index') "
        "AND tbl_name = ? AND sql IS NOT NULL ORDER BY type",
        (table,),
    ).fetchall():
        con.execute(sql)
