"""Adding a table to an existing GeoPackage (issue 22, item 4): in place, in one SQLite
transaction; a table of the same name refused unless OVERWRITE_TABLE; every other table
kept; concurrent runs both kept; an open connection not cut off. SYNTHETIC sample."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

import pytest
from osgeo import ogr, osr
from qgis.core import QgsProcessingException, QgsVectorLayer

from sahel_overlap.plugin import definitions as d

from .conftest import QGIS_PROCESS


@pytest.fixture(scope="module")
def incidents(plugin, tmp_path_factory):
    import processing

    out = tmp_path_factory.mktemp("sample") / "incidents.gpkg"
    processing.run("saheloverlap:importincidents", {"INPUT": str(d.SAMPLE_CSV), "OUTPUT": str(out)})
    return str(out)


@pytest.fixture
def store(tmp_path) -> Path:
    """A user's GeoPackage: a layer "villages" (3 points, UTM 31N), a plain SQLite table
    "notes" and a plain table whose name only differs in case from a later output."""
    path = tmp_path / "store.gpkg"
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32631)
    lyr = ds.CreateLayer("villages", srs, ogr.wkbPoint)
    lyr.CreateField(ogr.FieldDefn("name", ogr.OFTString))
    for i in range(3):
        f = ogr.Feature(lyr.GetLayerDefn())
        f.SetField("name", f"v{i}")
        f.SetGeometry(ogr.CreateGeometryFromWkt(f"POINT ({300000 + i} {1600000 + i})"))
        lyr.CreateFeature(f)
    lyr = ds = None
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE notes (x TEXT)")
    con.execute("INSERT INTO notes VALUES ('kept')")
    con.commit()
    con.close()
    return path


def score(incidents, output, **extra):
    import processing

    params = {"INCIDENTS": incidents, "ZONES": str(d.SAMPLE_ZONES), "OUTPUT": output}
    params.update(extra)
    return processing.run("saheloverlap:scorezones", params)


def uri(path, table) -> str:
    return f"ogr:dbname='{path}' table=\"{table}\" (geom)"


def user_data(path) -> tuple:
    con = sqlite3.connect(path)
    try:
        return (
            con.execute("SELECT x FROM notes").fetchall(),
            QgsVectorLayer(f"{path}|layername=villages", "v", "ogr").featureCount(),
            con.execute("PRAGMA integrity_check").fetchone()[0],
        )
    finally:
        con.close()


def test_a_table_is_added_in_place_and_everything_else_kept(incidents, store):
    inode = store.stat().st_ino
    result = score(incidents, uri(store, "scored"))
    assert store.stat().st_ino == inode  # the same file, written in place
    assert user_data(store) == ([("kept",)], 3, "ok")
    layer = QgsVectorLayer(result["OUTPUT"], "s", "ogr")
    assert layer.isValid() and layer.featureCount() == 34  # the sample's 34 zones
    con = sqlite3.connect(store)
    assert con.execute("SELECT rtreecheck('rtree_scored_geom')").fetchone()[0] == "ok"
    srs = con.execute("SELECT srs_id FROM gpkg_contents WHERE table_name='scored'").fetchone()
    assert srs == (4326,)
    con.close()
    assert sorted(os.listdir(store.parent)) == ["store.gpkg"]


@pytest.mark.parametrize(
    "table, what",
    [("villages", "a layer 'villages'"), ("NOTES", "a plain SQLite table 'notes'")],
)
def test_a_table_of_the_same_name_is_refused(incidents, store, table, what):
    before = store.read_bytes()
    with pytest.raises(QgsProcessingException, match=f"already holds {what}"):
        score(incidents, uri(store, table))
    assert store.read_bytes() == before


def test_overwrite_table_replaces_only_that_layer(incidents, store):
    score(incidents, uri(store, "villages"), OVERWRITE_TABLE=True)
    con = sqlite3.connect(store)
    assert con.execute("SELECT x FROM notes").fetchall() == [("kept",)]
    assert con.execute("SELECT count(*) FROM villages").fetchone()[0] == 34
    assert con.execute("SELECT rtreecheck('rtree_villages_geom')").fetchone()[0] == "ok"
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    layer = QgsVectorLayer(f"{store}|layername=villages", "v", "ogr")
    assert layer.crs().authid() == "EPSG:4326" and "zone_class" in layer.fields().names()
    # A plain SQLite table is not a layer: OVERWRITE_TABLE still keeps it.
    with pytest.raises(QgsProcessingException, match="a plain SQLite table 'notes'"):
        score(incidents, uri(store, "notes"))


def test_a_connection_in_rollback_journal_mode_is_not_cut_off(incidents, store):
    reader = sqlite3.connect(store)
    assert reader.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert reader.execute("SELECT x FROM notes").fetchall() == [("kept",)]
    score(incidents, uri(store, "scored"))
    # The same connection sees the new table: the file it has open is the file written.
    assert reader.execute("SELECT count(*) FROM scored").fetchone()[0] == 34
    reader.execute("INSERT INTO notes VALUES ('after')")
    reader.commit()
    reader.close()
    con = sqlite3.connect(store)
    assert con.execute("SELECT x FROM notes").fetchall() == [("kept",), ("after",)]
    con.close()


def test_a_table_is_added_beside_a_connection_in_wal_mode(incidents, store):
    """Another program with the file open in WAL mode, a committed change still in the
    log and a read transaction open: the table goes in, nothing is lost or corrupted."""
    writer = sqlite3.connect(store)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("INSERT INTO notes VALUES ('in the log')")
    writer.commit()
    reader = sqlite3.connect(store)
    reader.execute("BEGIN")
    assert reader.execute("SELECT count(*) FROM notes").fetchone()[0] == 2
    assert Path(f"{store}-wal").exists()
    score(incidents, uri(store, "scored"))
    assert reader.execute("SELECT count(*) FROM notes").fetchone()[0] == 2
    reader.close()
    writer.close()
    con = sqlite3.connect(store)
    assert con.execute("SELECT x FROM notes").fetchall() == [("kept",), ("in the log",)]
    assert con.execute("SELECT count(*) FROM scored").fetchone()[0] == 34
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()


def test_two_runs_adding_tables_at_once_both_survive(incidents, store, qgis_process_env):
    runs = [
        subprocess.Popen(
            [
                QGIS_PROCESS,
                "run",
                "saheloverlap:interaction",
                "--",
                f"INCIDENTS={incidents}",
                f"OUTPUT={uri(store, name)}",
                "KNOX_CHART=",
                "KNOX_CHART_SVG=",
                "KNOX_TABLE=",
                "PERMUTATIONS=19",
                "GLOBAL_PERMUTATIONS=19",
            ],
            env=qgis_process_env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("first", "second")
    ]
    for proc in runs:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, out + err
    con = sqlite3.connect(store)
    tables = {r[0] for r in con.execute("SELECT table_name FROM gpkg_contents")}
    assert tables == {"villages", "first", "second"}
    n = [con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("first", "second")]
    assert n[0] == n[1] > 0
    con.close()
    assert user_data(store) == ([("kept",)], 3, "ok")


def test_a_table_is_added_to_geopackages_only(incidents, tmp_path):
    path = tmp_path / "data.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE notes (x TEXT)")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(QgsProcessingException, match=r"GeoPackage \(\.gpkg\) only"):
        score(incidents, uri(path, "scored"))
    assert path.read_bytes() == before and sorted(os.listdir(tmp_path)) == ["data.sqlite"]
