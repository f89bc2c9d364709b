"""What ``scorezones`` asks of a PostGIS table, computed in the database: an
overview, medians, and per-window tallies with the two groups' own events.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ... import definitions as d
from .connection import PgError, PgTable, connect, psycopg2, sql
from .reader import _column_types, copy_out, lonlat_sql, point_sql

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
