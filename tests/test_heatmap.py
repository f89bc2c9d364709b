"""saheloverlap:overlapheatmap: the raster it writes, checked against hand-computed numbers."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from osgeo import gdal, osr
from qgis.core import QgsFeature, QgsProcessingException, QgsVectorLayer

from sahel_overlap.plugin import definitions as d
from sahel_overlap.plugin.io.schema import incident_fields
from sahel_overlap.plugin.io.writers import frame_to_features

ALG = "saheloverlap:overlapheatmap"


def incident_frame(rows) -> pd.DataFrame:
    """rows: (side, lon, lat, date, fatalities) → a frame in the standard schema."""
    records = []
    for n, (side, lon, lat, date, fat) in enumerate(rows):
        group = {"a": "JNIM", "b": "ISGS", "clash": "JNIM vs ISGS"}.get(side, side)
        # Text fields empty, other fields NULL (a number field cannot hold "").
        rec = {name: "" if kind == "str" else None for name, kind in d.INCIDENT_FIELDS}
        rec.update(
            {
                d.F_EVENT_ID: f"T{n}",
                d.F_DATE: pd.Timestamp(date),
                d.F_DATE_END: pd.Timestamp(date),
                d.F_GROUP: group,
                d.F_SIDE: side,
                d.F_CLASH: int(side == "clash"),
                d.F_FATALITIES: fat,
                d.F_GEO_PREC: 1,
                d.F_TIME_PREC: 1,
                d.F_LAT: lat,
                d.F_LON: lon,
            }
        )
        records.append(rec)
    return pd.DataFrame(records)


def memory_layer(rows, name="incidents") -> QgsVectorLayer:
    layer = QgsVectorLayer("Point?crs=EPSG:4326", name, "memory")
    layer.dataProvider().addAttributes(list(incident_fields()))
    layer.updateFields()
    layer.dataProvider().addFeatures(list(frame_to_features(incident_frame(rows))))
    return layer


def run(layer, tmp_path, **params):
    import processing

    out = str(tmp_path / f"heat_{len(list(tmp_path.iterdir()))}.tif")
    return processing.run(ALG, {"INCIDENTS": layer, "OUTPUT": out, **params})


def read_band(path, band):
    ds = gdal.Open(path)
    arr = ds.GetRasterBand(band).ReadAsArray().astype(float)
    return ds, arr


A_POINTS = [(-1.0, 15.0, 2), (-0.7, 15.2, 5), (-1.25, 14.8, 1)]
B_POINTS = [(1.5, 14.0, 3), (1.8, 14.3, 0)]


def rows_ab(date="2020-03-10"):
    return [("a", x, y, date, f) for x, y, f in A_POINTS] + [
        ("b", x, y, date, f) for x, y, f in B_POINTS
    ]


@pytest.mark.parametrize("weight", [0, 1])
def test_density_band_matches_a_hand_computed_gaussian_sum(plugin, tmp_path, weight):
    h_km = 40.0
    result = run(
        memory_layer(rows_ab()),
        tmp_path,
        BANDWIDTH_KM=h_km,
        CELL_SIZE_KM=4.0,
        WEIGHT=weight,
    )
    assert (result["EVENTS_A"], result["EVENTS_B"]) == (3, 2)
    ds, dens_a = read_band(result["OUTPUT"], 2)
    assert ds.GetRasterBand(2).GetDescription() == "density_a"
    gt = ds.GetGeoTransform()
    srs = osr.SpatialReference(wkt=ds.GetProjection())
    wgs = osr.SpatialReference()
    wgs.ImportFromEPSG(4326)
    for s in (srs, wgs):
        s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    assert "Albers" in srs.ExportToWkt() or "aea" in srs.ExportToProj4()
    to_m = osr.CoordinateTransformation(wgs, srs)
    pts = [to_m.TransformPoint(x, y)[:2] for x, y, _ in A_POINTS]
    weights = [1.0] * 3 if weight == 0 else [float(f) for _, _, f in A_POINTS]
    # Cells under and between the points, each a hand-computed Gaussian sum.
    for px, py in [pts[0], pts[1], ((pts[0][0] + pts[2][0]) / 2, pts[2][1] - 30_000)]:
        col = int((px - gt[0]) // gt[1])
        row = int((py - gt[3]) // gt[5])
        cx, cy = gt[0] + (col + 0.5) * gt[1], gt[3] + (row + 0.5) * gt[5]
        expected = sum(
            w * math.exp(-((cx - x) ** 2 + (cy - y) ** 2) / (2 * (h_km * 1000) ** 2))
            for (x, y), w in zip(pts, weights)
        ) / (2 * math.pi * h_km**2)
        assert dens_a[row, col] == pytest.approx(expected, rel=0.01)
    # The whole surface integrates to the total weight (events or fatalities).
    cell_km2 = (gt[1] / 1000) ** 2
    assert dens_a.sum() * cell_km2 == pytest.approx(sum(weights), rel=1e-3)


def test_overlap_is_zero_for_groups_far_apart(plugin, tmp_path):
    rows = [("a", -10 + 0.1 * i, 15, "2021-01-05", 1) for i in range(4)]
    rows += [("b", 10 + 0.1 * i, 14, "2021-01-06", 1) for i in range(4)]
    result = run(memory_layer(rows), tmp_path)
    assert result["OVERLAP_INDEX"] == 0.0
    _, overlap = read_band(result["OUTPUT"], 1)
    assert not overlap.any()
    _, db = read_band(result["OUTPUT"], 3)
    assert db.max() > 0


@pytest.mark.parametrize("method", [0, 1])
def test_overlap_is_maximal_for_identical_groups(plugin, tmp_path, method):
    pts = [(-1.0, 15.0), (-0.5, 15.3), (0.2, 14.1), (2.0, 13.5)]
    rows = [("a", x, y, "2021-02-01", 1) for x, y in pts] + [
        ("b", x, y, "2021-02-02", 1) for x, y in pts
    ]
    result = run(memory_layer(rows), tmp_path, METHOD=method)
    assert result["OVERLAP_INDEX"] == pytest.approx(1.0, abs=1e-9)
    ds, overlap = read_band(result["OUTPUT"], 1)
    _, da = read_band(result["OUTPUT"], 2)
    cell_km2 = (ds.GetGeoTransform()[1] / 1000) ** 2
    assert overlap.sum() * cell_km2 == pytest.approx(1.0, rel=1e-4)
    # Identical groups: the overlap is group A's own probability surface.
    np.testing.assert_allclose(overlap, da / da.sum() / cell_km2, rtol=1e-4, atol=1e-12)


def test_window_filters_events_and_grids_line_up(plugin, tmp_path):
    rows = [*rows_ab("2020-03-10"), ("clash", -1.0, 15.0, "2020-06-01", 3)]
    layer = memory_layer(rows)
    march = run(layer, tmp_path, START="2020-03-01", END="2020-03-31")
    june = run(layer, tmp_path, START="2020-06-01", END="2020-06-30")
    everything = run(layer, tmp_path)
    assert (march["EVENTS_A"], march["EVENTS_B"]) == (3, 2)
    # A clash is activity of both groups: the same place, so the overlap is complete.
    assert (june["EVENTS_A"], june["EVENTS_B"]) == (1, 1)
    assert june["OVERLAP_INDEX"] == pytest.approx(1.0)
    assert (everything["EVENTS_A"], everything["EVENTS_B"]) == (4, 3)
    gts = {gdal.Open(r["OUTPUT"]).GetGeoTransform() for r in (march, june, everything)}
    assert len(gts) == 1
    meta = gdal.Open(march["OUTPUT"]).GetMetadata()
    assert meta["window_start"] == "2020-03-01" and meta["window_end"] == "2020-03-31"


def test_clear_errors_for_an_empty_window_and_a_foreign_layer(plugin, tmp_path):
    with pytest.raises(QgsProcessingException, match="no events of JNIM or ISGS"):
        run(memory_layer(rows_ab()), tmp_path, START="2019-01-01", END="2019-12-31")
    other = QgsVectorLayer("Point?crs=EPSG:4326&field=when:date", "other", "memory")
    with pytest.raises(QgsProcessingException, match="missing fields"):
        run(other, tmp_path)


def test_the_algorithm_is_registered_with_help(plugin):
    from qgis.core import QgsApplication

    alg = QgsApplication.processingRegistry().algorithmById(ALG)
    assert alg is not None and "equal-area" in alg.shortHelpString()
    names = [p.name() for p in alg.parameterDefinitions()]
    for name in ["INCIDENTS", "START", "END", "BANDWIDTH_KM", "CELL_SIZE_KM", "WEIGHT", "OUTPUT"]:
        assert name in names
    assert alg.parameterDefinition("BANDWIDTH_KM").defaultValue() == 50
    assert alg.parameterDefinition("CELL_SIZE_KM").defaultValue() == 5
    assert alg.parameterDefinition("WEIGHT").options() == [
        "Events (each counts 1)",
        "Fatalities",
    ]


def test_runs_on_a_file_reuse_its_projection_until_the_file_changes(plugin, tmp_path, monkeypatch):
    """Batch runs over windows read a GeoPackage once; a change to the file is seen."""
    from sahel_overlap.plugin.io import arrow, gdal_files
    from sahel_overlap.plugin.io.writers import write_incidents_gpkg

    path = tmp_path / "incidents.gpkg"
    write_incidents_gpkg(incident_frame(rows_ab("2020-03-10")), path)
    gdal_files.clear_cache()
    reads, real = [], arrow.read_incidents_arrow
    monkeypatch.setattr(
        arrow, "read_incidents_arrow", lambda *a, **k: reads.append(1) or real(*a, **k)
    )
    first = run(str(path), tmp_path, START="2020-03-01", END="2020-03-31")
    again = run(str(path), tmp_path, START="2020-03-01", END="2020-03-31")
    assert len(reads) == 1  # same file state: the second run read nothing
    _, band_1 = read_band(first["OUTPUT"], 3)
    _, band_2 = read_band(again["OUTPUT"], 3)
    assert np.array_equal(band_1, band_2)

    # Another B event at the A events: the file changes, the overlap grows.
    layer = QgsVectorLayer(str(path), "incidents", "ogr")
    assert layer.startEditing()
    (template,) = frame_to_features(incident_frame([("b", -1.0, 15.0, "2020-03-12", 1)]))
    feat = QgsFeature(layer.fields())  # the GeoPackage adds fid: set fields by name
    for field in template.fields():
        feat.setAttribute(field.name(), template[field.name()])
    feat.setGeometry(template.geometry())
    feats = [feat]
    assert layer.addFeatures(feats) and layer.commitChanges()
    del layer
    changed = run(str(path), tmp_path, START="2020-03-01", END="2020-03-31")
    assert len(reads) == 2
    assert changed["EVENTS_B"] == first["EVENTS_B"] + 1
    assert changed["OVERLAP_INDEX"] > first["OVERLAP_INDEX"]


def test_a_canceled_run_is_an_error_writes_and_caches_nothing(plugin, tmp_path):
    import processing
    from qgis.core import QgsProcessingException, QgsProcessingFeedback

    from sahel_overlap.plugin.io import gdal_files
    from sahel_overlap.plugin.io.writers import write_incidents_gpkg

    path = str(write_incidents_gpkg(incident_frame(rows_ab()), tmp_path / "incidents.gpkg"))
    gdal_files.clear_cache()
    feedback = QgsProcessingFeedback()
    feedback.cancel()
    out = str(tmp_path / "canceled.tif")
    with pytest.raises(QgsProcessingException, match="Canceled"):
        processing.run(ALG, {"INCIDENTS": path, "OUTPUT": out}, feedback=feedback)
    assert not gdal_files._CACHE and list(tmp_path.iterdir()) == [Path(path)]
    full = run(path, tmp_path)
    assert (full["EVENTS_A"], full["EVENTS_B"]) == (3, 2)
