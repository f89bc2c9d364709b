"""plugin.io: the Arrow read gives the getFeatures frame; the bulk writer a sound GeoPackage."""

from __future__ import annotations

import pandas as pd
import pytest
from qgis.core import QgsFeatureRequest, QgsVectorLayer

from sahel_overlap.plugin import definitions as d
from sahel_overlap.plugin.io import arrow, gdal_files, readers, writers


@pytest.fixture(scope="module")
def sample_gpkg(tmp_path_factory, plugin):
    """The bundled sample imported to a GeoPackage (through the bulk writer)."""
    import processing

    out = tmp_path_factory.mktemp("io") / "sample_incidents.gpkg"
    processing.run("saheloverlap:importincidents", {"INPUT": str(d.SAMPLE_CSV), "OUTPUT": str(out)})
    return out


def slow(layer, request=None) -> pd.DataFrame:
    """The getFeatures path, forced by passing a feature request."""
    return readers.read_incidents(layer, request=request or QgsFeatureRequest())


def same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    key = [d.F_EVENT_ID]
    a = a.sort_values(key).reset_index(drop=True)
    b = b.sort_values(key).reset_index(drop=True)
    assert list(a.columns) == list(b.columns)
    assert a.dtypes.to_dict() == b.dtypes.to_dict()
    pd.testing.assert_frame_equal(a, b)


def test_fast_and_slow_reads_give_identical_frames(sample_gpkg):
    layer = QgsVectorLayer(str(sample_gpkg), "incidents", "ogr")
    assert layer.isValid()
    fast = arrow.read_incidents_arrow(layer)
    assert len(fast) == layer.featureCount() > 1000
    assert str(fast[d.F_DATE].dtype) == "datetime64[ns]"
    same(fast, slow(layer))
    same(arrow.read_incidents_arrow(str(sample_gpkg)), fast)
    same(readers.read_incidents(layer), fast)  # read_incidents takes the fast path


@pytest.mark.parametrize(
    "subset", ["\"side\" = 'a'", "side IN ('b', 'clash') AND event_date >= '2020-01-01'"]
)
def test_subset_string_is_honoured(sample_gpkg, subset):
    layer = QgsVectorLayer(str(sample_gpkg), "incidents", "ogr")
    layer.setSubsetString(subset)
    fast = arrow.read_incidents_arrow(layer)
    assert 0 < len(fast) == layer.featureCount()
    same(fast, slow(layer))


def test_reprojected_layer_comes_out_in_lonlat(sample_gpkg, tmp_path):
    import processing

    utm = str(tmp_path / "utm.gpkg")
    processing.run(
        "native:reprojectlayer",
        {"INPUT": str(sample_gpkg), "TARGET_CRS": "EPSG:32630", "OUTPUT": utm},
    )
    fast = arrow.read_incidents_arrow(utm)
    base = arrow.read_incidents_arrow(str(sample_gpkg))
    assert (fast[d.F_LON] - base[d.F_LON]).abs().max() < 1e-7
    assert (fast[d.F_LAT] - base[d.F_LAT]).abs().max() < 1e-7


def test_memory_layer_falls_back(sample_gpkg):
    layer = QgsVectorLayer(str(sample_gpkg), "incidents", "ogr")
    mem = layer.materialize(QgsFeatureRequest())
    assert mem.providerType() == "memory"
    with pytest.raises(gdal_files.FastPathUnavailable):
        arrow.read_incidents_arrow(mem)
    same(readers.read_incidents(mem), arrow.read_incidents_arrow(layer))


def test_sql_subset_and_edits_fall_back(sample_gpkg):
    layer = QgsVectorLayer(str(sample_gpkg), "incidents", "ogr")
    assert layer.setSubsetString("SELECT * FROM sample_incidents WHERE side = 'a'") or True
    with pytest.raises(gdal_files.FastPathUnavailable):
        arrow.read_incidents_arrow(str(sample_gpkg) + "|subset=SELECT 1")
    layer.setSubsetString("")
    layer.startEditing()
    layer.deleteFeature(next(layer.getFeatures()).id())
    with pytest.raises(gdal_files.FastPathUnavailable):
        arrow.read_incidents_arrow(layer)
    assert len(readers.read_incidents(layer)) == layer.featureCount()
    layer.rollBack()


def test_bulk_written_gpkg_matches_the_sink(sample_gpkg, plugin):
    """Fast GeoPackage output and the feature-sink output hold the same features."""
    import processing

    mem = processing.run(
        "saheloverlap:importincidents",
        {"INPUT": str(d.SAMPLE_CSV), "OUTPUT": "TEMPORARY_OUTPUT"},
    )["OUTPUT"]
    layer = QgsVectorLayer(str(sample_gpkg), "incidents", "ogr")
    assert layer.featureCount() == mem.featureCount()
    assert layer.hasSpatialIndex() == layer.SpatialIndexPresent
    assert [f.typeName() for f in layer.fields()][1:4] == ["String", "DateTime", "DateTime"]
    rows = sorted([*f.attributes()[1:], f.geometry().asWkt(6)] for f in layer.getFeatures())
    expected = sorted([*f.attributes(), f.geometry().asWkt(6)] for f in mem.getFeatures())
    assert rows == expected
    import sqlite3

    con = sqlite3.connect(str(sample_gpkg))
    names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    count = con.execute("SELECT feature_count FROM gpkg_ogr_contents").fetchone()[0]
    con.close()
    assert {f"idx_sample_incidents_{d.F_DATE}", f"idx_sample_incidents_{d.F_SIDE}"} <= names
    assert count == layer.featureCount()


def test_bulk_written_spatial_index_is_sound_and_kept_up_to_date(sample_gpkg, tmp_path):
    """The bulk-loaded R-tree passes SQLite's check, answers QGIS's box requests like a
    scan, and the GeoPackage triggers are back: an edit in QGIS updates it."""
    import shutil
    import sqlite3

    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsRectangle

    path = tmp_path / "copy.gpkg"
    shutil.copy(sample_gpkg, path)
    table, geom, _srs = writers.gpkg_table(str(path))
    rtree = f"rtree_{table}_{geom}"
    con = sqlite3.connect(str(path))
    assert con.execute(f"SELECT rtreecheck('{rtree}')").fetchone()[0] == "ok"
    triggers = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
    con.close()
    assert {f"{rtree}_insert", f"{rtree}_delete", f"{rtree}_update1"} <= triggers

    layer = QgsVectorLayer(str(path), "copy", "ogr")
    points = {f.id(): f.geometry().asPoint() for f in layer.getFeatures()}
    box = QgsRectangle(-2.0, 13.0, 1.0, 15.5)
    got = {f.id() for f in layer.getFeatures(QgsFeatureRequest().setFilterRect(box))}
    want = {i for i, p in points.items() if box.contains(p)}
    assert want and got == want

    assert layer.startEditing()
    feat = QgsFeature(layer.fields())
    feat.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(-1.5, 13.5)))
    assert layer.addFeature(feat)
    assert layer.commitChanges()
    layer.reload()
    got = {f.id() for f in layer.getFeatures(QgsFeatureRequest().setFilterRect(box))}
    assert len(got) == len(want) + 1
    con = sqlite3.connect(str(path))
    assert con.execute(f'SELECT count(*) FROM "{rtree}"').fetchone()[0] == len(points) + 1
    assert con.execute(f"SELECT rtreecheck('{rtree}')").fetchone()[0] == "ok"
    con.close()


def test_reading_fewer_fields_gives_those_columns_of_the_full_frame(sample_gpkg):
    from sahel_overlap.plugin.core import scoring
    from sahel_overlap.plugin.render import heatmap_layer as hm

    layer = QgsVectorLayer(str(sample_gpkg), "incidents", "ogr")
    full = arrow.read_incidents_arrow(layer)
    for fields in (hm.FIELDS, scoring.FIELDS):
        fast = arrow.read_incidents_arrow(layer, fields=fields)
        expected = [f for f in full.columns if f in fields or f in (d.F_LON, d.F_LAT)]
        assert list(fast.columns) == expected and d.F_EVENT_ID not in fast
        pd.testing.assert_frame_equal(fast, full[expected])
        request = QgsFeatureRequest()
        pd.testing.assert_frame_equal(
            readers.read_incidents(layer, request=request, fields=fields), full[expected]
        )


def counting_reads(monkeypatch) -> list:
    """Patch the Arrow read to record each call: a cache hit makes none."""
    calls, real = [], arrow.read_incidents_arrow

    def read(*args, **kwargs):
        calls.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(arrow, "read_incidents_arrow", read)
    return calls


def test_cached_reads_follow_the_file_and_cannot_be_spoiled(sample_gpkg, tmp_path, monkeypatch):
    """A re-read comes from the cache only while the file is unchanged; what the caller
    does to its frame never reaches the next caller."""
    import shutil

    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY

    path = tmp_path / "cached.gpkg"
    shutil.copy(sample_gpkg, path)
    gdal_files.clear_cache()
    reads = counting_reads(monkeypatch)
    first = readers.read_incidents(str(path))
    first.loc[:, d.F_SIDE] = "spoiled"
    again = readers.read_incidents(str(path))
    assert (again[d.F_SIDE] != "spoiled").all() and len(again) == len(first)
    assert len(reads) == 1  # the second read was a cache hit

    layer = QgsVectorLayer(str(path), "cached", "ogr")
    assert layer.startEditing()
    feat = QgsFeature(layer.fields())
    head = [None, "NEW1", None, None, "ISGS", "b", 0]
    feat.setAttributes(head + [None] * (layer.fields().count() - len(head)))
    feat.setAttribute(d.F_DATE, "2021-06-01")
    feat.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(1.0, 14.0)))
    assert layer.addFeature(feat) and layer.commitChanges()
    after = readers.read_incidents(str(path))
    assert len(reads) == 2  # the file changed: read again
    assert len(after) == len(first) + 1
    assert after[d.F_EVENT_ID].iloc[-1] == "NEW1"
    del layer


def _empty_incidents_gpkg(path):
    """An empty standard-schema table with GDAL's spatial index and triggers."""
    from sahel_overlap.plugin.core import incidents as inc
    from sahel_overlap.plugin.core.presets import load_presets

    events, _ = inc.load_file(d.SAMPLE_CSV, load_presets()[d.DEFAULT_PRESET])
    return writers.write_incidents_gpkg(events.head(0), path)


def _triggers(path):
    import sqlite3

    con = sqlite3.connect(path)
    try:
        return sorted(
            r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='trigger'")
        )
    finally:
        con.close()


def test_a_failed_bulk_insert_leaves_the_file_as_it_was(tmp_path, monkeypatch):
    """All or nothing: no rows, and the spatial-index triggers are all still there."""
    from sahel_overlap.plugin.io import gpkg_rtree

    path = _empty_incidents_gpkg(tmp_path / "empty.gpkg")
    before = _triggers(path)
    assert any(t.startswith("rtree_incidents_geom") for t in before)
    from sahel_overlap.plugin.core import incidents as inc
    from sahel_overlap.plugin.core.presets import load_presets

    events, _ = inc.load_file(d.SAMPLE_CSV, load_presets()[d.DEFAULT_PRESET])
    frame = events.head(100)

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(gpkg_rtree, "write_packed", broken)  # after the rows are in
    with pytest.raises(OSError, match="disk full"):
        writers.bulk_insert_incidents(path, frame)
    assert _triggers(path) == before
    assert QgsVectorLayer(path, "x", "ogr").featureCount() == 0

    monkeypatch.undo()
    assert writers.bulk_insert_incidents(path, frame) == 100
    assert _triggers(path) == before
    with pytest.raises(gdal_files.FastPathUnavailable, match="already holds rows"):
        writers.bulk_insert_incidents(path, frame)  # its index would cover the new rows only


@pytest.mark.parametrize("guess_wrong", [False, True])
def test_spatial_index_ids_follow_an_autoincrement_table(tmp_path, monkeypatch, guess_wrong):
    """A table whose ids start above 1 (a feature added and deleted before): the index
    holds the rows' real ids, whether the first id was foreseen or not."""
    import sqlite3

    from osgeo import ogr

    from sahel_overlap.plugin.core import incidents as inc
    from sahel_overlap.plugin.core.presets import load_presets

    path = _empty_incidents_gpkg(tmp_path / "used.gpkg")
    ds = ogr.Open(path, 1)
    lyr = ds.GetLayer(0)
    for _ in range(3):
        feat = ogr.Feature(lyr.GetLayerDefn())
        feat.SetGeometry(ogr.CreateGeometryFromWkt("POINT (1 14)"))
        assert lyr.CreateFeature(feat) == 0
    for fid in (1, 2, 3):
        lyr.DeleteFeature(fid)
    ds = None
    if guess_wrong:
        monkeypatch.setattr(writers, "_next_rowid", lambda con, table: 1)
    events, _ = inc.load_file(d.SAMPLE_CSV, load_presets()[d.DEFAULT_PRESET])
    writers.bulk_insert_incidents(path, events.head(500))
    con = sqlite3.connect(path)
    fids = {r[0] for r in con.execute("SELECT fid FROM incidents")}
    indexed = {r[0] for r in con.execute("SELECT id FROM rtree_incidents_geom")}
    check = con.execute("SELECT rtreecheck('rtree_incidents_geom')").fetchone()[0]
    con.close()
    assert min(fids) == 4 and indexed == fids and check == "ok"


# --- Natural Earth outlines: read-only, and the border events of a real file ----------


def test_world_map_is_read_without_a_change_to_its_bytes():
    from sahel_overlap.plugin.io import natural_earth

    path = natural_earth.world_map_path()
    if path is None:
        pytest.skip("QGIS's world_map.gpkg is not installed")
    import hashlib

    before = (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
    natural_earth._CACHE.clear()
    shapes = natural_earth.country_shapes()
    after = (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
    assert before == after
    assert {"mali", "burkina faso", "niger", "dem. rep. congo"} <= set(shapes.outlines)
    from sahel_overlap.plugin.core import countries as cty

    # ACLED's and UCDP's spellings find Natural Earth's outlines.
    for name in ("Democratic Republic of Congo", "DR Congo (Zaire)", "Ivory Coast", "Mali"):
        assert cty.normalise(name) in shapes.outlines


@pytest.mark.real_data
def test_real_burkina_border_events_are_kept_and_counted(real_data):
    """The issue's count: 10 of 1,193 real Burkina Faso events lie just outside
    Natural Earth's outline (up to ~0.015 degrees): kept, counted, none skipped."""
    from sahel_overlap.plugin.core import incidents as inc
    from sahel_overlap.plugin.core.presets import load_presets
    from sahel_overlap.plugin.io.natural_earth import country_shapes

    shapes = country_shapes()
    if shapes is None:
        pytest.skip("QGIS's world_map.gpkg is not installed")
    preset = load_presets()[d.DEFAULT_PRESET]
    path = real_data / "acled_burkina_faso_2016_2020.csv"
    events, report = inc.load_file(path, preset, checks=inc.Checks(countries=shapes))
    assert len(events) == report.events
    assert report.rows_read == 1193 and report.accounted() == 1193
    assert report.checks[inc.N_NEAR] == 10
    assert report.skipped == {} and report.far == 0
