"""Zones in a projected CRS score like the same zones in WGS84 (issue 22, item 1).

Coverage used to reproject every country of QGIS's world map into the zones' CRS: far
from a UTM zone's meridian the boxes became inf/NaN and ``QgsSpatialIndex.addFeature``
crashed QGIS (exit 139). The sample's zones (SYNTHETIC) are densified (so an edge is
the same line in both CRSs to well under a metre), reprojected, and scored again.
"""

from __future__ import annotations

import numpy as np
import pytest
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsProcessingException,
    QgsProject,
    QgsVectorLayer,
)

from sahel_overlap.plugin import definitions as d

from .test_scoring import MODEL_ID, features


def zones_in(crs_id: str | None) -> QgsVectorLayer:
    """The sample's zones densified to ~200 m and written in ``crs_id`` (None: no CRS)."""
    src = QgsVectorLayer(str(d.SAMPLE_ZONES), "z", "ogr")
    uri = (
        f"MultiPolygon?crs={crs_id}&field=zone_id:string"
        if crs_id
        else ("MultiPolygon?field=zone_id:string")
    )
    out = QgsVectorLayer(uri, crs_id or "nocrs", "memory")
    target = QgsCoordinateReferenceSystem(crs_id) if crs_id else src.crs()
    xform = QgsCoordinateTransform(src.crs(), target, QgsProject.instance())
    feats = []
    for f in src.getFeatures():
        g = f.geometry().densifyByDistance(0.002)
        g.transform(xform)
        nf = QgsFeature(out.fields())
        nf.setAttributes([f["zone_id"]])
        nf.setGeometry(g)
        feats.append(nf)
    out.dataProvider().addFeatures(feats)
    return out


def scored(incidents, zones, **extra):
    import processing

    params = {"INCIDENTS": incidents, "ZONES": zones, "WINDOW": 1, "OUTPUT": "memory:"}
    params.update(extra)
    layer = processing.run("saheloverlap:scorezones", params)["OUTPUT"]
    return layer, features(layer).set_index(["zone_id", "window_start"]).sort_index()


@pytest.fixture(scope="module")
def sample_incidents(plugin, tmp_path_factory):
    import processing

    out = tmp_path_factory.mktemp("sample") / "incidents.gpkg"
    processing.run("saheloverlap:importincidents", {"INPUT": str(d.SAMPLE_CSV), "OUTPUT": str(out)})
    return str(out)


@pytest.fixture(scope="module")
def wgs84_run(sample_incidents):
    return scored(sample_incidents, zones_in("EPSG:4326"))[1]


# UTM 29N-32N and 28N (the crash of the issue: even the zone farthest from the data),
# a Lambert conformal conic over West Africa (ESRI:102024, Africa LCC) and a national
# grid (EPSG:2136, Ghana's Gold Coast grid, in feet).
@pytest.mark.parametrize(
    "crs_id", ["EPSG:32628", "EPSG:32630", "EPSG:32632", "ESRI:102024", "EPSG:2136"]
)
def test_projected_zones_score_and_cover_as_in_wgs84(
    plugin,
    sample_incidents,
    wgs84_run,
    crs_id,
):
    layer, got = scored(sample_incidents, zones_in(crs_id))
    assert layer.crs().authid() == crs_id
    want = wgs84_run
    assert list(got.index) == list(want.index)
    assert (got.events_a == want.events_a).all() and (got.events_b == want.events_b).all()
    assert (got.zone_class == want.zone_class).all()
    # Shares of each zone by country are worked out on the zones taken back to WGS84.
    np.testing.assert_allclose(got.coverage.to_numpy(), want.coverage.to_numpy(), atol=1e-6)
    # The sample's Niger export stops on 2022-06-30: a partial year shows in both runs.
    assert ((want.coverage > 0) & (want.coverage < 1)).any()


def test_model_runs_with_utm_zones(plugin, tmp_path, wgs84_run):
    import processing

    zones = zones_in("EPSG:32631")
    out = tmp_path / "model_zones.gpkg"
    result = processing.run(
        MODEL_ID,
        {
            "incidents_file": str(d.SAMPLE_CSV),
            "window": 1,
            "zones": zones,
            "import_incidents:incidents": "TEMPORARY_OUTPUT",
            "score_zones:zones": str(out),
            "overlap_heatmap:heatmap": str(tmp_path / "heat.tif"),
            "export_map:map": str(tmp_path / "map.pdf"),
        },
    )
    assert result["CHILD_RESULTS"]["export_map"]["PAGES"] == 6
    got = features(QgsVectorLayer(str(out))).set_index(["zone_id", "window_start"]).sort_index()
    assert (got.zone_class == wgs84_run.zone_class).all()
    np.testing.assert_allclose(got.coverage.to_numpy(), wgs84_run.coverage.to_numpy(), atol=1e-6)


def test_zones_without_crs_are_refused(plugin, sample_incidents, tmp_path):
    from osgeo import ogr

    # A shapefile without its .prj (UTM metres): read as WGS84 it scored nothing.
    path = tmp_path / "nocrs.shp"
    ds = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(str(path))
    lyr = ds.CreateLayer("nocrs", None, ogr.wkbPolygon)
    lyr.CreateField(ogr.FieldDefn("zone_id", ogr.OFTString))
    for f in zones_in("EPSG:32631").getFeatures():
        feat = ogr.Feature(lyr.GetLayerDefn())
        feat.SetField("zone_id", f["zone_id"])
        feat.SetGeometry(ogr.CreateGeometryFromWkb(bytes(f.geometry().asWkb())))
        lyr.CreateFeature(feat)
    lyr = ds = None
    assert not path.with_suffix(".prj").exists()
    zones = QgsVectorLayer(str(path), "nocrs", "ogr")
    assert zones.isValid() and not zones.crs().isValid()
    del zones  # a layer held by the error's traceback outlives QGIS and crashes the exit
    with pytest.raises(QgsProcessingException, match="has no coordinate reference system"):
        scored(sample_incidents, str(path))
