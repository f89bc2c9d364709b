"""The map's time filter: exact days, run as SQL, on new and old GeoPackages.

What a layer draws for a window is what QGIS's temporal filter keeps. Each count
here is compared with SQLite's own count of the events overlapping the window's
days (edge days and events spanning several days included), on the current
schema (dates stored as date-times) and on GeoPackages written before it (Date
fields), for the layers 'Load incidents' adds and for scored zones.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

import numpy as np
import pandas as pd
import pytest
from osgeo import ogr, osr
from qgis.core import (
    QgsExpression,
    QgsFeature,
    QgsFeatureRequest,
    QgsField,
    QgsGeometry,
    QgsMapRendererSequentialJob,
    QgsMapSettings,
    QgsPointXY,
    QgsProject,
    QgsProperty,
    QgsRectangle,
    QgsSymbolLayer,
    QgsVectorLayer,
    QgsVectorLayerTemporalContext,
)
from qgis.PyQt.QtCore import QDate, QSize, QVariant

from sahel_overlap.plugin import definitions as d
from sahel_overlap.plugin.gui import dock_common as dc
from sahel_overlap.plugin.io import readers
from sahel_overlap.plugin.io.schema import OGR_TYPES
from sahel_overlap.plugin.io.writers import bulk_insert_incidents, write_incidents_gpkg
from sahel_overlap.plugin.render import layers as L

from .test_heatmap import incident_frame

D = dt.date
SIDES = ["a", "b", "clash", "ambiguous"]


def edge_frame(n=4000, seed=11) -> pd.DataFrame:
    """Random events of 2019-2021 plus events planted on every month's first and last
    day, on 29 February, across a year's end, and spanning several days."""
    rng = np.random.default_rng(seed)
    days = pd.Timestamp("2019-01-01") + pd.to_timedelta(rng.integers(0, 1096, n), "D")
    rows = [
        (SIDES[k], -2 + 4 * rng.random(), 13 + 3 * rng.random(), day, 0)
        for k, day in zip(rng.integers(0, 4, n), days)
    ]
    for month in pd.date_range("2019-01-01", "2021-12-01", freq="MS"):
        end = month + pd.offsets.MonthEnd(0)
        rows += [("a", 0.1, 14.0, month, 1), ("b", 0.2, 14.1, end, 1), ("clash", 0.3, 14.2, end, 2)]
    rows += [("a", 0.4, 14.3, pd.Timestamp("2020-02-29"), 0)]
    frame = incident_frame(rows)
    # One event in twenty lasts 1 to 40 days (UCDP GED), some across a month's or year's end.
    spans = np.where(rng.random(len(frame)) < 0.05, rng.integers(1, 41, len(frame)), 0)
    frame[d.F_DATE_END] = frame[d.F_DATE] + pd.to_timedelta(spans, "D")
    extra = incident_frame([("b", 0.5, 14.4, "2019-12-30", 0), ("a", 0.6, 14.5, "2020-05-30", 0)])
    extra[d.F_EVENT_ID] = ["SPAN1", "SPAN2"]
    extra[d.F_DATE_END] = pd.to_datetime(["2020-01-02", "2020-06-02"])
    return pd.concat([frame, extra], ignore_index=True)


def write_old_schema(frame: pd.DataFrame, path) -> str:
    """A GeoPackage as the plugin wrote them before date-times: Date fields."""
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    lyr = ds.CreateLayer("incidents", srs, ogr.wkbPoint, ["SPATIAL_INDEX=YES"])
    for name, kind in d.INCIDENT_FIELDS:
        lyr.CreateField(ogr.FieldDefn(name, ogr.OFTDate if kind == "date" else OGR_TYPES[kind]))
    lyr = ds = None
    bulk_insert_incidents(str(path), frame)
    con = sqlite3.connect(str(path))  # and only the single-column indexes of then
    con.execute("DROP INDEX idx_incidents_event_date")
    con.execute("DROP INDEX idx_incidents_side")
    con.execute("CREATE INDEX idx_incidents_event_date ON incidents (event_date)")
    con.execute("CREATE INDEX idx_incidents_side ON incidents (side)")
    con.execute("DROP TABLE sqlite_stat1")
    con.commit()
    con.close()
    return str(path)


@pytest.fixture(scope="module")
def frame():
    return edge_frame()


@pytest.fixture(scope="module")
def gpkgs(frame, tmp_path_factory):
    folder = tmp_path_factory.mktemp("time")
    return {
        "new": write_incidents_gpkg(frame, folder / "new.gpkg"),
        "old": write_old_schema(frame, folder / "old.gpkg"),
    }


def sql_count(gpkg, first, last, side=None) -> int:
    """Events overlapping [first, last] (whole days), counted by SQLite on the day text."""
    where = "substr(date_end, 1, 10) >= ? AND substr(event_date, 1, 10) <= ?"
    args = [str(first), str(last)]
    if side is not None:
        where += " AND side = ?"
        args.append(side)
    con = sqlite3.connect(gpkg)
    try:
        return con.execute(f"SELECT count(*) FROM incidents WHERE {where}", args).fetchone()[0]
    finally:
        con.close()


def filter_of(layer, first, last, cumulative_from=None) -> str:
    ctx = QgsVectorLayerTemporalContext()
    ctx.setLayer(layer)
    rng = dc.qrange(cumulative_from or first, last)
    return layer.temporalProperties().createFilterString(ctx, rng)


def kept(layer, first, last) -> int:
    request = QgsFeatureRequest().setFilterExpression(filter_of(layer, first, last))
    return sum(1 for _ in layer.getFeatures(request))


def months(first="2019-01-01", last="2021-12-01"):
    for start in pd.date_range(first, last, freq="MS"):
        yield start.date(), (start + pd.offsets.MonthEnd(0)).date()


@pytest.mark.parametrize("schema", ["new", "old"])
def test_every_month_keeps_exactly_the_events_sql_counts(gpkgs, schema, qgis_new_project):
    gpkg = gpkgs[schema]
    layers = L.add_incident_layers(gpkg, QgsProject.instance(), "JNIM", "ISGS")
    by_side = {L.subset_side(lyr.subsetString()): lyr for lyr in layers}
    windows = [
        *months(),
        (D(2019, 1, 1), D(2019, 12, 31)),  # twelve months
        (D(2020, 2, 29), D(2020, 2, 29)),  # one day
        (D(2019, 12, 31), D(2020, 1, 1)),  # across a year's end
    ]
    for first, last in windows:
        for side, layer in by_side.items():
            assert kept(layer, first, last) == sql_count(gpkg, first, last, side), (
                schema,
                side,
                first,
            )
    # Planted edges: a window keeps its first and last day, not the day after.
    june = kept(by_side["a"], D(2020, 6, 1), D(2020, 6, 30))
    assert june == sql_count(gpkg, D(2020, 6, 1), D(2020, 6, 30), "a") > 0
    assert sql_count(gpkg, D(2020, 6, 1), D(2020, 6, 1), "a") >= 2  # planted 1st + span


def test_cumulative_windows_keep_everything_up_to_their_end(gpkgs, qgis_new_project):
    layers = L.add_incident_layers(gpkgs["new"], QgsProject.instance(), "JNIM", "ISGS")
    for layer in layers:
        side = L.subset_side(layer.subsetString())
        for _first, last in list(months())[::5]:
            expr = filter_of(layer, None, last, cumulative_from=D(2019, 1, 1))
            got = sum(1 for _ in layer.getFeatures(QgsFeatureRequest().setFilterExpression(expr)))
            assert got == sql_count(gpkgs["new"], D(2019, 1, 1), last, side)


@pytest.mark.parametrize("schema", ["new", "old"])
def test_the_filter_is_plain_sql_for_the_geopackage(gpkgs, schema, qgis_new_project):
    """No function on a field: QGIS hands the whole filter to SQLite (with to_date or
    make_datetime on a field it reads and tests every feature at every redraw)."""
    [layer, *_] = L.add_incident_layers(gpkgs[schema], QgsProject.instance(), "JNIM", "ISGS")
    expr = QgsExpression(filter_of(layer, D(2020, 6, 1), D(2020, 6, 30)))
    assert not expr.hasParserError()
    assert expr.referencedFunctions() == {"make_datetime"}  # of constants only: a literal
    assert expr.referencedColumns() == {d.F_DATE, d.F_DATE_END}
    props = layer.temporalProperties()
    if schema == "new":  # QGIS's own field mode, as an analyst would set it
        assert props.mode() == props.ModeFeatureDateTimeStartAndEndFromFields
        assert (props.startField(), props.endField()) == (d.F_DATE, d.F_DATE_END)


def test_the_new_schema_indexes_a_side_and_both_dates(gpkgs):
    con = sqlite3.connect(gpkgs["new"])
    plan = " ".join(
        str(r)
        for r in con.execute(
            "EXPLAIN QUERY PLAN SELECT fid FROM incidents WHERE side = 'a' AND "
            "event_date < '2020-07-01T00:00:00.000' AND date_end >= '2020-06-01T00:00:00.000'"
        )
    )
    con.close()
    assert "idx_incidents_side" in plan and "event_date<?" in plan


def test_drawn_features_are_the_window_s(gpkgs, qgis_new_project):
    """Count the features the renderer draws (a data-defined size evaluated per drawn
    feature) for windows whose first or last day holds planted events."""
    from qgis.core import qgsfunction

    drawn = set()

    @qgsfunction(args="auto", group="Custom", register=False)
    def sahel_test_drawn(fid, feature, parent):
        drawn.add(fid)
        return 2.0

    QgsExpression.registerFunction(sahel_test_drawn)
    try:
        layers = L.add_incident_layers(gpkgs["new"], QgsProject.instance(), "JNIM", "ISGS")
        layer = next(lyr for lyr in layers if L.subset_side(lyr.subsetString()) == "b")
        symbol = layer.renderer().symbol()
        symbol.symbolLayer(0).setDataDefinedProperty(
            QgsSymbolLayer.PropertySize, QgsProperty.fromExpression("sahel_test_drawn($id)")
        )
        settings = QgsMapSettings()
        settings.setLayers([layer])
        settings.setDestinationCrs(layer.crs())
        settings.setExtent(QgsRectangle(-3, 12, 3, 17.5))
        settings.setOutputSize(QSize(300, 300))
        settings.setIsTemporal(True)
        for first, last in [(D(2020, 6, 1), D(2020, 6, 30)), (D(2019, 12, 31), D(2020, 1, 31))]:
            drawn.clear()
            settings.setTemporalRange(dc.qrange(first, last))
            job = QgsMapRendererSequentialJob(settings)
            job.start()
            job.waitForFinished()
            assert len(drawn) == sql_count(gpkgs["new"], first, last, "b") > 0
    finally:
        QgsExpression.unregisterFunction("sahel_test_drawn")


def test_new_and_old_geopackages_read_as_the_same_frame(gpkgs):
    new = readers.read_incidents(gpkgs["new"], cache=False)
    old = readers.read_incidents(gpkgs["old"], cache=False)
    slow = readers.read_incidents(
        QgsVectorLayer(gpkgs["new"], "x", "ogr"), request=QgsFeatureRequest()
    )
    key = [d.F_EVENT_ID]
    for other in (old, slow):
        pd.testing.assert_frame_equal(
            new.sort_values(key).reset_index(drop=True),
            other.sort_values(key).reset_index(drop=True),
        )
    assert str(new[d.F_DATE].dtype) == "datetime64[ns]"
    assert (new[d.F_DATE] == new[d.F_DATE].dt.normalize()).all()  # days, no time of day


def test_a_field_name_with_a_quote_is_escaped():
    layer = QgsVectorLayer("Point?crs=EPSG:4326", "reports", "memory")
    layer.dataProvider().addAttributes(
        [QgsField('seen "on"', QVariant.Date), QgsField("to'", QVariant.Date)]
    )
    layer.updateFields()
    feats = []
    for day in (D(2020, 5, 31), D(2020, 6, 1), D(2020, 6, 30), D(2020, 7, 1)):
        feat = QgsFeature(layer.fields())
        q = QDate(day.year, day.month, day.day)
        feat.setAttributes([q, q])
        feat.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(0, 14)))
        feats.append(feat)
    layer.dataProvider().addFeatures(feats)
    L.set_day_range_temporal(layer, 'seen "on"', "to'")
    expr = QgsExpression(filter_of(layer, D(2020, 6, 1), D(2020, 6, 30)))
    assert not expr.hasParserError(), expr.parserErrorString()
    assert L.temporal_fields(layer) == {'seen "on"', "to'"}
    assert kept(layer, D(2020, 6, 1), D(2020, 6, 30)) == 2  # the first and the last day


@pytest.mark.real_data
def test_real_burkina_months_keep_exactly_the_sql_count(real_data, preset, tmp_path):
    from sahel_overlap.plugin.core import incidents as inc

    events, _report = inc.load_file(real_data / "acled_burkina_faso_2016_2020.csv", preset)
    gpkg = write_incidents_gpkg(events, tmp_path / "bfa.gpkg")
    old = write_old_schema(events, tmp_path / "bfa_old.gpkg")
    project = QgsProject.instance()
    project.clear()
    for path in (gpkg, old):
        layers = L.add_incident_layers(path, project, "JNIM", "ISGS")
        for layer in layers:
            side = L.subset_side(layer.subsetString())
            for first, last in months("2018-01-01", "2020-12-01"):
                assert kept(layer, first, last) == sql_count(path, first, last, side)
    project.clear()


def test_scored_zones_filter_by_sql_and_name_the_groups_at_once(plugin, gpkgs, tmp_path):
    """Monthly scored zones (Date window fields, as 'Score zones' writes them): each
    month keeps exactly its zone-windows, with a filter SQLite runs; styled after the
    toolbox added the layer (as its post-processor is), the Layers panel names the
    classes after the groups at once."""
    import processing
    from qgis.core import QgsLayerTreeModel

    from sahel_overlap.plugin.provider.alg_score import style_zone_layer

    out = str(tmp_path / "zones.gpkg")
    processing.run(
        "saheloverlap:scorezones",
        {"INCIDENTS": gpkgs["new"], "WINDOW": 3, "PERMUTATIONS": 0, "OUTPUT": out},
    )
    project = QgsProject.instance()
    project.clear()
    zones = QgsVectorLayer(out, "Scored zones", "ogr")
    project.addMapLayer(zones)
    model = QgsLayerTreeModel(project.layerTreeRoot())
    node = project.layerTreeRoot().findLayer(zones.id())
    style_zone_layer(zones)
    labels = {n.data(0) for n in model.layerLegendNodes(node)}
    assert {"JNIM only", "ISGS only", "Contested operation"} <= labels
    assert "Group A only" not in labels
    expr = QgsExpression(filter_of(zones, D(2020, 6, 1), D(2020, 6, 30)))
    assert expr.referencedFunctions() == {"make_datetime"}  # no function on a field: SQL
    con = sqlite3.connect(out)
    table = con.execute("SELECT table_name FROM gpkg_contents").fetchone()[0]
    for first, last in [*months("2019-12-01", "2020-03-01"), (D(2020, 2, 29), D(2020, 2, 29))]:
        sql = con.execute(
            f'SELECT count(*) FROM "{table}" WHERE window_start <= ? AND window_end >= ?',
            (str(last), str(first)),
        ).fetchone()[0]
        assert kept(zones, first, last) == sql > 0
    con.close()
    project.clear()
