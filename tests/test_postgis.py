"""PostGIS as the incident store, on a real throw-away cluster (conftest ``pg_cluster``).

What the analyst relies on: an import lands in the table in bulk with its indexes
and coverage; a newer export of the same source replaces what it covers and keeps
the rest; every reader gets the same events from PostGIS as from a GeoPackage;
credentials come from QGIS's authentication manager or a service file and never
end up in a layer's source; hostile names and values never become SQL.
"""

from __future__ import annotations

import uuid

import pandas as pd
import pytest

from sahel_overlap.plugin import definitions as d

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


# --- fixtures ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def pg_authcfg(pg_cluster, qgis_app):
    """A QGIS authentication configuration (Basic) holding the cluster's credentials."""
    from qgis.core import QgsApplication, QgsAuthMethodConfig

    manager = QgsApplication.authManager()
    manager.setMasterPassword("sahel-test-master", True)
    config = QgsAuthMethodConfig()
    config.setName("sahel test cluster")
    config.setMethod("Basic")
    config.setConfig("username", pg_cluster.user)
    config.setConfig("password", pg_cluster.password)
    assert manager.storeAuthenticationConfig(config)[0]
    return config.id()


@pytest.fixture
def pg_table(pg_cluster, pg_authcfg):
    """A fresh table name in a fresh schema, reached through the auth configuration."""
    from sahel_overlap.plugin.io.postgis import PgTable

    schema = f"t_{uuid.uuid4().hex[:10]}"
    return PgTable(
        conn=(("host", pg_cluster.host), ("port", str(pg_cluster.port)), ("dbname", "sahel")),
        authcfg=pg_authcfg,
        schema=schema,
        table="incidents",
    )


@pytest.fixture(scope="session")
def sample_events():
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    import data

    return data.sample_events()


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(d.F_EVENT_ID, kind="stable").reset_index(drop=True)


def _query(cluster, text, params=None, dbname="sahel"):
    import psycopg2

    con = psycopg2.connect(cluster.dsn(dbname))
    try:
        with con.cursor() as cur:
            cur.execute(text, params)
            return cur.fetchall() if cur.description else None
    finally:
        con.commit()
        con.close()


# --- writing and reading -------------------------------------------------------------------


def test_import_then_read_gives_the_geopackage_frame(pg_table, sample_events, tmp_path, pg_cluster):
    """The table holds every event once, with its indexes, and reads back as the same
    frame (values, dtypes) as the GeoPackage of the same events."""
    from sahel_overlap.plugin.io import postgis
    from sahel_overlap.plugin.io.arrow import read_incidents_arrow
    from sahel_overlap.plugin.io.writers import write_incidents_gpkg

    report = postgis.write_incidents(pg_table, sample_events)
    assert report.created and report.inserted == len(sample_events) and report.replaced == 0
    gpkg = write_incidents_gpkg(sample_events, tmp_path / "same.gpkg")
    expected = _sorted(read_incidents_arrow(gpkg))
    got = _sorted(postgis.read_frame(pg_table))
    pd.testing.assert_frame_equal(got, expected)
    # Only some fields, as scoring asks: same again.
    fields = (d.F_DATE, d.F_DATE_END, d.F_SIDE, d.F_GROUP, d.F_FATALITIES, d.F_SOURCE)
    a = read_incidents_arrow(gpkg, fields=fields)
    b = postgis.read_frame(pg_table, fields=fields)
    key = [d.F_DATE, d.F_LON, d.F_LAT, d.F_SIDE]
    pd.testing.assert_frame_equal(
        b.sort_values(key).reset_index(drop=True), a.sort_values(key).reset_index(drop=True)
    )
    rows = _query(
        pg_cluster,
        "SELECT indexdef FROM pg_indexes WHERE schemaname = %s AND tablename = %s",
        (pg_table.schema, pg_table.table),
    )
    defs = " | ".join(r[0] for r in rows)
    assert "USING gist (geom)" in defs
    assert "(event_date)" in defs and "(side, event_date, date_end)" in defs
    assert "UNIQUE INDEX" in defs and "(source_ds, event_id)" in defs
    kinds = dict(
        _query(
            pg_cluster,
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = %s AND table_name = %s",
            (pg_table.schema, pg_table.table),
        )
    )
    assert kinds[d.F_DATE] == "timestamp without time zone"
    assert [c for c, _ in d.INCIDENT_FIELDS if c not in kinds] == []
