"""plugin.gpkg_rtree: a bulk-loaded R*Tree that SQLite itself accepts and queries correctly."""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest

from sahel_overlap.plugin.io import gpkg_rtree

RTREE = "rtree_t_geom"


def bulk_load_points(con, rtree, fids, x, y) -> int:
    """Pack and write, as the GeoPackage writer does (there the packing overlaps the insert)."""
    size = gpkg_rtree.node_size(con, rtree)
    return gpkg_rtree.write_packed(con, rtree, gpkg_rtree.pack_points(fids, x, y, size))


def empty_rtree(node_size: int | None = None) -> sqlite3.Connection:
    con = sqlite3.connect(":memory:")
    if node_size:  # SQLite sizes nodes from the page size: pick it to test other capacities
        con.execute(f"PRAGMA page_size = {node_size + 64}")
    con.execute(f'CREATE VIRTUAL TABLE "{RTREE}" USING rtree(id, minx, maxx, miny, maxy)')
    return con


def check(con):
    assert con.execute(f"SELECT rtreecheck('{RTREE}')").fetchone()[0] == "ok"


def query(con, x0, x1, y0, y1) -> set[int]:
    rows = con.execute(
        f'SELECT id FROM "{RTREE}" WHERE minx <= ? AND maxx >= ? AND miny <= ? AND maxy >= ?',
        (x1, x0, y1, y0),
    )
    return {r[0] for r in rows}


@pytest.mark.parametrize("n", [0, 1, 50, 51, 52, 2601, 20_000])
@pytest.mark.parametrize("node_size", [None, 1024 - 64])
def test_tree_is_valid_and_answers_box_queries_like_a_scan(n, node_size):
    rng = np.random.default_rng(n)
    x = rng.uniform(-12.0, 16.0, n)
    y = rng.uniform(-3.0, 25.0, n)
    fids = rng.permutation(np.arange(1, n + 1) * 3)  # sparse, unordered ids
    con = empty_rtree(node_size)
    with con:
        assert bulk_load_points(con, RTREE, fids, x, y) == n
    check(con)
    assert con.execute(f'SELECT count(*) FROM "{RTREE}"').fetchone()[0] == n
    for _ in range(25):
        x0, y0 = rng.uniform(-13, 15), rng.uniform(-4, 24)
        x1, y1 = x0 + rng.uniform(0, 4), y0 + rng.uniform(0, 4)
        inside = (x >= x0) & (x <= x1) & (y >= y0) & (y <= y1)
        got = query(con, x0, x1, y0, y1)
        assert set(fids[inside].tolist()) <= got  # never misses a point
        # float32 boxes may add points within ~1e-6 degrees of the edge, no more
        near = (x >= x0 - 1e-5) & (x <= x1 + 1e-5) & (y >= y0 - 1e-5) & (y <= y1 + 1e-5)
        assert got <= set(fids[near].tolist())


def test_boxes_round_outward_like_sqlite():
    """Values that float32 cannot hold are stored exactly as SQLite's own insert stores them."""
    x = np.array([0.1, -0.1, 12.3456789, -7.00000001, 1e-30, -1e-30, 0.0])
    y = np.array([14.7, -14.7, 3.3333333, 2.0, 0.0, 5e-8, -0.0])
    fids = np.arange(1, len(x) + 1)
    bulk = empty_rtree()
    with bulk:
        bulk_load_points(bulk, RTREE, fids, x, y)
    one_by_one = empty_rtree()
    with one_by_one:
        one_by_one.executemany(
            f'INSERT INTO "{RTREE}" VALUES (?, ?, ?, ?, ?)',
            [(int(i), float(a), float(a), float(b), float(b)) for i, a, b in zip(fids, x, y)],
        )
    sql = f'SELECT id, minx, maxx, miny, maxy FROM "{RTREE}" ORDER BY id'
    assert bulk.execute(sql).fetchall() == one_by_one.execute(sql).fetchall()
    for i, minx, maxx, miny, maxy in bulk.execute(sql):
        assert minx <= x[i - 1] <= maxx and miny <= y[i - 1] <= maxy


def test_points_without_coordinates_are_left_out_and_the_tree_stays_editable():
    x = np.array([1.0, np.nan, 3.0, 4.0])
    y = np.array([1.0, 2.0, np.inf, 4.0])
    con = empty_rtree()
    with con:
        assert bulk_load_points(con, RTREE, [1, 2, 3, 4], x, y) == 2
    assert sorted(r[0] for r in con.execute(f'SELECT id FROM "{RTREE}"')) == [1, 4]
    rng = np.random.default_rng(7)
    with con:
        bulk_load_points(
            con, RTREE, np.arange(1, 5001), rng.uniform(0, 1, 5000), rng.uniform(0, 1, 5000)
        )
        # SQLite's own inserts, updates and deletes work on the packed tree (node splits etc.)
        con.executemany(
            f'INSERT INTO "{RTREE}" VALUES (?, ?, ?, ?, ?)',
            [(10_000 + i, 0.5, 0.5, 0.5, 0.5) for i in range(500)],
        )
        con.execute(f'DELETE FROM "{RTREE}" WHERE id <= 2500')
    check(con)
    assert con.execute(f'SELECT count(*) FROM "{RTREE}"').fetchone()[0] == 3000
    assert len(query(con, 0.49, 0.51, 0.49, 0.51)) >= 500


def test_refuses_a_table_that_is_not_an_rtree():
    con = sqlite3.connect(":memory:")
    con.execute('CREATE TABLE "x_node" (nodeno INTEGER PRIMARY KEY, data)')
    with pytest.raises(ValueError, match="root node"):
        bulk_load_points(con, "x", [1], np.array([0.0]), np.array([0.0]))


class _NoJson:
    """A connection whose SQLite lacks json_each (as some builds do)."""

    def __init__(self, con):
        self.con = con

    def execute(self, sql, *args):
        if "json_each" in sql:
            raise sqlite3.OperationalError("no such table: json_each")
        return self.con.execute(sql, *args)

    def executemany(self, sql, rows):
        return self.con.executemany(sql, rows)


def test_without_json_support_the_rows_go_in_one_by_one():
    rng = np.random.default_rng(5)
    x, y = rng.uniform(0, 1, 3000), rng.uniform(0, 1, 3000)
    con = empty_rtree()
    with con:
        assert bulk_load_points(_NoJson(con), RTREE, np.arange(1, 3001), x, y) == 3000
    check(con)
    assert con.execute(f'SELECT count(*) FROM "{RTREE}_rowid"').fetchone()[0] == 3000
    inside = (x >= 0.2) & (x <= 0.3) & (y >= 0.2) & (y <= 0.3)
    assert set((np.flatnonzero(inside) + 1).tolist()) <= query(con, 0.2, 0.3, 0.2, 0.3)
