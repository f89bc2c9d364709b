"""The time slider and overlap heatmap docks, instantiated directly with pytest-qgis's iface.

pytest-qgis's canvas has no temporal controller: each test gives it a fresh
QgsTemporalNavigationObject, as QGIS's desktop does.
"""

from __future__ import annotations

import datetime as dt
import threading
import time

import numpy as np
import pandas as pd
import pytest
from osgeo import gdal
from qgis.core import (
    QgsDateTimeRange,
    QgsProject,
    QgsRasterLayer,
    QgsSingleBandPseudoColorRenderer,
    QgsTemporalNavigationObject,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QCoreApplication, QDate, QDateTime, QEvent, QSize, Qt, QTime

from sahel_overlap.plugin.gui import dock_common as dc
from sahel_overlap.plugin.io.writers import write_incidents_gpkg
from sahel_overlap.plugin.render.layers import add_incident_layers, subset_side

from .test_heatmap import incident_frame

D = dt.date
_NAVS = []  # the canvas keeps a raw pointer: controllers must outlive the session


def wait_until(cond, timeout=30.0):
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        QCoreApplication.processEvents()
        time.sleep(0.005)


@pytest.fixture
def nav(qgis_iface):
    controller = QgsTemporalNavigationObject()
    _NAVS.append(controller)
    qgis_iface.mapCanvas().setTemporalController(controller)
    return controller


def year_of_events():
    """2020: JNIM drifts east and ISGS west month by month; one clash in June."""
    rows = []
    for m in range(1, 13):
        for k in range(3):
            rows.append(
                ("a", -2.0 + 0.25 * m + 0.05 * k, 15.0 + 0.1 * k, f"2020-{m:02d}-{5 + k}", k)
            )
            rows.append(
                ("b", 2.5 - 0.25 * m + 0.05 * k, 14.6 - 0.1 * k, f"2020-{m:02d}-{9 + k}", 1)
            )
    rows.append(("clash", 0.3, 14.8, "2020-06-15", 4))
    rows.append(("ambiguous", 0.0, 14.0, "2020-07-01", 0))
    return rows


@pytest.fixture
def incident_layers(qgis_new_project, tmp_path):
    gpkg = write_incidents_gpkg(incident_frame(year_of_events()), tmp_path / "inc.gpkg")
    return add_incident_layers(gpkg, QgsProject.instance(), "JNIM", "ISGS")


@pytest.fixture
def docks(qgis_iface):
    made = []
    yield made
    for dock in made:
        if hasattr(dock, "cleanup"):
            dock.cleanup()
        dock.close()
        dock.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    QCoreApplication.processEvents()


@pytest.fixture
def slider(qgis_iface, nav, incident_layers, docks):
    from sahel_overlap.plugin.gui.time_slider_dock import TimeSliderDock

    dock = TimeSliderDock(qgis_iface)
    docks.append(dock)
    wait_until(lambda: dock.timeline is not None)  # the events are read in a task
    dock.configure(length="month", step="month", cumulative=False)
    return dock


def canvas_dates(qgis_iface):
    return dc.range_dates(qgis_iface.mapCanvas().temporalRange())


def test_finds_the_incident_layers_and_spans_their_dates(slider):
    items = [slider.ui.layerList.item(i) for i in range(slider.ui.layerList.count())]
    checked = {i.text(): i.checkState() == Qt.Checked for i in items}
    assert checked == {
        "JNIM incidents": False,
        "ISGS incidents": False,
        "JNIM vs ISGS clashes": False,
        "Ambiguous JNIM/ISGS attribution": False,
        "All incidents (JNIM, ISGS, others)": True,  # the default everywhere
    }
    tl = slider.timeline
    assert (tl.start, tl.end, tl.count) == (D(2020, 1, 5), D(2020, 12, 11), 12)
    counts = slider.monthly_counts()
    assert counts["a"].tolist() == [3] * 12 and counts["clash"].sum() == 1
    assert "2020-01-01 – 2020-01-31" in slider.ui.windowLabel.text()


def test_slider_drives_the_temporal_controller_and_the_canvas(slider, nav, qgis_iface):
    seen = []
    slider.windowChanged.connect(lambda a, b: seen.append((a, b)))
    slider.ui.frameSlider.setValue(3)
    assert nav.navigationMode() == QgsTemporalNavigationObject.Animated
    assert nav.currentFrameNumber() == 3
    # QGIS's own panel shows the timeline's true ends (not a mid-month instant)...
    extents = nav.temporalExtents()
    assert extents.begin() == QDateTime(QDate(2020, 1, 1), QTime(0, 0))
    assert extents.end() == QDateTime(QDate(2021, 1, 1), QTime(0, 0))
    assert canvas_dates(qgis_iface) == (D(2020, 4, 1), D(2020, 4, 30))
    assert seen[-1] == (D(2020, 4, 1), D(2020, 4, 30))
    # The canvas filters the time-aware incident layers on that range.
    layer = next(
        lyr for lyr in QgsProject.instance().mapLayers().values() if lyr.name() == "JNIM incidents"
    )
    assert layer.temporalProperties().isVisibleInTemporalRange(
        qgis_iface.mapCanvas().temporalRange()
    )


def test_window_longer_than_the_step_sets_a_fixed_range(slider, nav, qgis_iface):
    slider.configure(length="quarter", step="month")
    slider.set_frame(2)
    assert nav.navigationMode() == QgsTemporalNavigationObject.FixedRange
    assert canvas_dates(qgis_iface) == (D(2020, 3, 1), D(2020, 5, 31))
    slider.configure(length=10, step=10)  # a number of days
    slider.set_frame(1)
    assert canvas_dates(qgis_iface) == (D(2020, 1, 15), D(2020, 1, 24))


def test_cumulative_mode_shows_everything_up_to_now(slider, nav, qgis_iface):
    slider.configure(cumulative=True)
    slider.set_frame(5)
    assert nav.temporalRangeCumulative()
    assert canvas_dates(qgis_iface) == (D(2020, 1, 1), D(2020, 6, 30))
    assert QgsProject.instance().timeSettings().isTemporalRangeCumulative()


def test_follows_qgis_own_temporal_controller(slider, nav, qgis_iface):
    slider.set_frame(1)
    nav.setCurrentFrameNumber(7)  # the user drags QGIS's Temporal Controller slider
    assert slider.index == 7 and slider.ui.frameSlider.value() == 7
    assert slider.shown == (D(2020, 8, 1), D(2020, 8, 31))
    nav.next()
    assert slider.index == 8
    nav.setNavigationMode(QgsTemporalNavigationObject.FixedRange)
    nav.setTemporalExtents(dc.qrange(D(2020, 10, 10), D(2020, 10, 20)))
    assert slider.index == 9
    assert slider.shown == (D(2020, 10, 10), D(2020, 10, 20))  # what the map shows
    slider.set_frame(2)  # and back: the slider drives the controller again
    assert canvas_dates(qgis_iface) == (D(2020, 3, 1), D(2020, 3, 31))


def test_a_layer_and_date_field_picked_by_the_user(slider):
    layer = QgsVectorLayer(
        "Point?crs=EPSG:4326&field=name:string&field=reported:date&field=seen:date",
        "reports",
        "memory",
    )
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY

    feat = QgsFeature(layer.fields())
    feat.setAttributes(["x", QDate(2021, 3, 2), QDate(2019, 11, 20)])
    feat.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(0, 14)))
    layer.dataProvider().addFeatures([feat])
    QgsProject.instance().addMapLayer(layer)
    slider.refresh_layers()
    names = {
        slider.ui.layerList.item(i).text(): slider.ui.layerList.item(i).checkState()
        for i in range(slider.ui.layerList.count())
    }
    assert names["reports"] == Qt.Unchecked  # not in the incident schema: the user decides
    assert slider.timeline.end == D(2020, 12, 11)
    slider.set_layer_checked(layer, True, date_field="seen")
    assert slider.timeline.start == D(2019, 11, 20)
    props = layer.temporalProperties()
    assert props.isActive() and '"seen"' in props.startExpression()
    from qgis.core import QgsDateTimeRange, QgsFeatureRequest, QgsVectorLayerTemporalContext
    from qgis.PyQt.QtCore import QDateTime, QTime

    ctx = QgsVectorLayerTemporalContext()
    ctx.setLayer(layer)
    day = QDateTime(QDate(2019, 11, 20), QTime(0, 0))
    expr = props.createFilterString(ctx, QgsDateTimeRange(day, day.addDays(1)))
    # shown in a frame that starts on the day it was seen
    assert len(list(layer.getFeatures(QgsFeatureRequest().setFilterExpression(expr)))) == 1
    slider.set_layer_checked(layer, True, date_field="reported")
    slider.rebuild()
    assert slider.timeline.end == D(2021, 3, 2)


def test_play_steps_and_loops(slider):
    slider.ui.loopCheck.setChecked(True)
    slider.set_frame(10)
    slider._tick()
    assert slider.index == 11
    slider._tick()
    assert slider.index == 0
    slider.ui.loopCheck.setChecked(False)
    slider.set_frame(11)
    slider.ui.playButton.setChecked(True)
    assert slider._timer.isActive()
    slider._tick()
    assert not slider._timer.isActive() and not slider.ui.playButton.isChecked()


def test_export_writes_numbered_frames_and_a_gif(slider, tmp_path):
    paths = slider.export_frames(tmp_path / "anim", QSize(160, 120))
    assert [p.rsplit("/", 1)[1] for p in paths[:2]] == ["frame_0001.png", "frame_0002.png"]
    assert len(paths) == 12
    from PIL import Image

    with Image.open(tmp_path / "anim" / "animation.gif") as gif:
        assert gif.n_frames == 12 and gif.size == (160, 120)
    first, june = (Image.open(paths[i]).convert("RGB") for i in (0, 5))
    assert first.tobytes() != june.tobytes()  # different events on the map


def heatmap_layers():
    return [
        lyr for lyr in QgsProject.instance().mapLayers().values() if lyr.name() == "Overlap heatmap"
    ]


def test_heatmap_follows_the_slider_with_one_fixed_scale_layer(slider, qgis_iface, docks):
    from sahel_overlap.plugin.gui.heatmap_dock import HeatmapDock

    heat = HeatmapDock(qgis_iface, slider=slider)
    docks.append(heat)
    wait_until(lambda: heat.shown_generation > 0 and heat.curve is not None)
    wait_until(lambda: heat.shown_generation == heat.generation)
    [layer] = heatmap_layers()
    assert isinstance(layer, QgsRasterLayer) and layer.isValid()
    assert "+proj=aea" in layer.crs().toProj()
    renderer = layer.renderer()
    assert isinstance(renderer, QgsSingleBandPseudoColorRenderer)
    assert renderer.classificationMax() == pytest.approx(heat.scale)
    windows, values = heat.curve
    assert len(windows) == 12 and values[0] < values[6]  # the groups converge
    first_source, first_index = layer.source(), heat.result.index
    assert f"<b>{first_index:.3f}</b>" in heat.ui.indexLabel.text()
    assert "January 2020" in heat.ui.indexLabel.text()

    slider.set_frame(6)
    wait_until(lambda: heat.result.window == (D(2020, 7, 1), D(2020, 7, 31)))
    [layer] = heatmap_layers()  # replaced, not piled up
    assert layer.source() != first_source
    assert heat.result.index == pytest.approx(values[6])
    assert layer.renderer().classificationMax() == pytest.approx(heat.scale)  # same scale
    ds = gdal.Open(layer.source())
    overlap = ds.GetRasterBand(1).ReadAsArray()
    assert overlap.max() > 0
    assert str(heat.folder).startswith(str(dc.d.ROOT)) is False  # never in the plugin or data


def test_a_stale_surface_is_never_shown(slider, qgis_iface, docks):
    from sahel_overlap.plugin.gui.heatmap_dock import HeatmapDock

    heat = HeatmapDock(qgis_iface)
    docks.append(heat)
    heat.set_window(D(2020, 2, 1), D(2020, 2, 29))
    heat._debounce.stop()
    heat._start_frame()
    heat.set_window(D(2020, 9, 1), D(2020, 9, 30))
    heat._debounce.stop()
    heat._start_frame()
    wait_until(lambda: not heat._tasks)
    assert heat.shown_generation == heat.generation
    assert heat.result.window == (D(2020, 9, 1), D(2020, 9, 30))
    [layer] = heatmap_layers()
    assert layer.source().endswith(f"overlap_{heat.generation:05d}.tif")


def test_heatmap_without_the_slider_follows_qgis_controller(
    qgis_iface, nav, incident_layers, docks
):
    from sahel_overlap.plugin.gui.heatmap_dock import HeatmapDock

    heat = HeatmapDock(qgis_iface)
    docks.append(heat)
    nav.setNavigationMode(QgsTemporalNavigationObject.FixedRange)
    nav.setTemporalExtents(
        QgsDateTimeRange(
            QDateTime(QDate(2020, 5, 1), QTime(0, 0)),
            QDateTime(QDate(2020, 5, 31), QTime(23, 59, 59)),
        )
    )
    assert heat.window == (D(2020, 5, 1), D(2020, 5, 31))
    wait_until(lambda: heat.result is not None and heat.shown_generation == heat.generation)
    assert heat.result.events_a == 3 and heat.result.events_b == 3


def test_per_side_layers_of_a_large_file_count_their_events(qgis_new_project, tmp_path):
    """QGIS counts a table of 100,000 rows or more its own way: a subset set after
    opening the whole table made the first per-side layer's count fail (-1)."""
    small = incident_frame(year_of_events())
    big = small.iloc[np.arange(120_000) % len(small)].reset_index(drop=True)
    big[dc.d.F_EVENT_ID] = "E" + pd.Series(np.arange(len(big))).astype(str)
    gpkg = write_incidents_gpkg(big, tmp_path / "big.gpkg")
    layers = add_incident_layers(gpkg, QgsProject.instance(), "JNIM", "ISGS")
    counts = {subset_side(lyr.subsetString()): lyr.featureCount() for lyr in layers}
    assert counts == {**big[dc.d.F_SIDE].value_counts().to_dict(), None: len(big)}


def test_the_docks_read_and_project_the_events_off_the_gui_thread(
    qgis_iface, nav, incident_layers, docks, monkeypatch
):
    """A million events take a second to read: the docks must not freeze QGIS meanwhile."""
    from sahel_overlap.plugin.gui.heatmap_dock import HeatmapDock
    from sahel_overlap.plugin.gui.time_slider_dock import TimeSliderDock
    from sahel_overlap.plugin.io import arrow, gdal_files
    from sahel_overlap.plugin.render import heatmap_layer as hm

    dc._FRAME_CACHE.clear()
    gdal_files.clear_cache()
    threads = {"read": [], "prepare": []}
    read, prepare = arrow.read_incidents_arrow, hm.PreparedIncidents

    def spy_read(*a, **k):
        threads["read"].append(threading.current_thread())
        return read(*a, **k)

    def spy_prepare(*a, **k):
        threads["prepare"].append(threading.current_thread())
        return prepare(*a, **k)

    monkeypatch.setattr(arrow, "read_incidents_arrow", spy_read)
    monkeypatch.setattr(hm, "PreparedIncidents", spy_prepare)
    slider = TimeSliderDock(qgis_iface)
    docks.append(slider)
    assert slider.timeline is None and slider.ui.windowLabel.text() == "Reading the incidents…"
    wait_until(lambda: slider.timeline is not None)
    # the span comes from the events read, not from min/max queries per layer
    assert (slider.timeline.start, slider.timeline.end) == (D(2020, 1, 5), D(2020, 12, 11))
    heat = HeatmapDock(qgis_iface, slider=slider)
    docks.append(heat)
    wait_until(lambda: heat.shown_generation > 0)
    assert len(threads["read"]) == 1 and len(threads["prepare"]) == 1  # read once for both
    assert threading.main_thread() not in threads["read"] + threads["prepare"]
    assert heat.result.events_a == 3 and heat.result.events_b == 3  # January: 3 of each group


def test_options_changed_during_the_read_keep_it(qgis_iface, nav, incident_layers, docks):
    """Changing the window while the events are read must not throw the read away."""
    from sahel_overlap.plugin.gui.time_slider_dock import TimeSliderDock
    from sahel_overlap.plugin.io import gdal_files

    dc.forget_frames()
    gdal_files.clear_cache()
    slider = TimeSliderDock(qgis_iface)
    docks.append(slider)
    slider.configure(length="quarter", step="month", cumulative=False)  # read under way
    wait_until(lambda: slider.timeline is not None)
    assert slider.frame is not None and len(slider.frame) == 74  # the chart has its events
    assert slider.timeline.length.unit == "quarter"
    counts = slider.monthly_counts()
    assert counts["b"].tolist() == [3] * 12


def test_a_read_for_layers_checked_again_meanwhile_is_dropped(slider):
    jnim = next(
        slider.ui.layerList.item(i)
        for i in range(slider.ui.layerList.count())
        if slider.ui.layerList.item(i).text() == "JNIM incidents"
    )
    jnim.setCheckState(Qt.Unchecked)  # a read of the other layers starts
    jnim.setCheckState(Qt.Checked)  # and the events of all of them are already read
    wait_until(lambda: not slider._tasks)
    assert len(slider.frame) == 74 and slider.monthly_counts()["a"].tolist() == [3] * 12


def test_a_failed_read_is_not_retried_on_every_window(
    qgis_iface, nav, incident_layers, docks, monkeypatch
):
    from sahel_overlap.plugin.gui.heatmap_dock import HeatmapDock

    calls = []

    def broken(jobs):
        calls.append(jobs)
        raise OSError("disk gone")

    dc.forget_frames()
    monkeypatch.setattr(dc, "build_frame", broken)
    heat = HeatmapDock(qgis_iface)
    docks.append(heat)
    for month in (2, 3, 4):
        heat.set_window(D(2020, month, 1), D(2020, month, 28))
        heat._debounce.stop()
        heat._start_frame()
        wait_until(lambda: not heat._tasks)
    assert len(calls) == 1 and heat.ui.statusLabel.text().endswith("disk gone")


def test_per_side_layers_of_one_file_are_read_in_one_scan(incident_layers, tmp_path, monkeypatch):
    """The docks' frame from the four 'Load incidents' layers: one read of their table,
    the same events as reading each layer; a layer of another file adds its events once."""
    from sahel_overlap.plugin.core import scoring
    from sahel_overlap.plugin.io import arrow, gdal_files, readers

    dc._FRAME_CACHE.clear()
    gdal_files.clear_cache()
    reads, real = [], arrow.read_incidents_arrow
    monkeypatch.setattr(
        arrow, "read_incidents_arrow", lambda *a, **k: reads.append(a[0]) or real(*a, **k)
    )
    shown = [
        lyr
        for lyr in incident_layers
        if subset_side(lyr.subsetString()) not in ("ambiguous", None)  # per-side layers
    ]
    frame = dc.build_frame(dc.plan_frame(shown))
    assert len(reads) == 1 and "subset" not in str(reads[0])
    per_layer = pd.concat([readers.read_incidents(lyr) for lyr in shown], ignore_index=True)
    cols = [*(f for f in scoring.FIELDS if f in frame), dc.d.F_LON, dc.d.F_LAT]
    key = [dc.d.F_DATE, dc.d.F_SIDE, dc.d.F_LON]
    pd.testing.assert_frame_equal(
        frame[cols].sort_values(key).reset_index(drop=True),
        per_layer[cols].sort_values(key).reset_index(drop=True),
    )
    assert set(frame[dc.d.F_SIDE]) == {"a", "b", "clash"}  # the ambiguous layer was left out

    # A second file: ids are read so that an event read twice is kept once.
    five = incident_frame(year_of_events()[:5])
    five[dc.d.F_EVENT_ID] = "X" + five[dc.d.F_EVENT_ID]
    other = write_incidents_gpkg(five, tmp_path / "o.gpkg")
    extra = QgsVectorLayer(str(other), "other", "ogr")
    twice = dc.build_frame(dc.plan_frame([*shown, extra, extra]))
    assert len(twice) == len(frame) + 5


def test_layout_copies_are_not_listed_by_the_slider(plugin, slider, qgis_iface, tmp_path):
    """'Export overlap map' adds hidden copies of the layers for its pages: the slider
    neither lists nor reads them."""
    import processing

    from sahel_overlap.plugin.gui.export_map import ExportMapController

    before = [slider.ui.layerList.item(i).text() for i in range(slider.ui.layerList.count())]
    everything = next(lyr for lyr in dc.default_incident_layers())
    zones_path = str(tmp_path / "zones.gpkg")
    processing.run(
        "saheloverlap:scorezones",
        {"INCIDENTS": everything, "WINDOW": 3, "PERMUTATIONS": 0, "OUTPUT": zones_path},
    )
    zones = QgsVectorLayer(zones_path, "Scored zones", "ogr")
    QgsProject.instance().addMapLayer(zones)
    project = QgsProject.instance()
    n_layers = len(project.mapLayers())
    ExportMapController(qgis_iface, project).build(zones, everything, "t", per_window=False)
    assert len(project.mapLayers()) > n_layers  # the layout's copies are in the project
    slider.refresh_layers()
    after = [slider.ui.layerList.item(i).text() for i in range(slider.ui.layerList.count())]
    assert after == before
    assert dc.default_incident_layers() == [everything]


def test_qgis_frames_past_the_last_window_are_refused(slider, nav):
    """QGIS counts 30-day months: its panel offers a 13th frame for a 12-month timeline;
    stepping there brings the map back to the last window (or the first, looping)."""
    assert nav.totalFrameCount() == 13 and slider.timeline.count == 12
    nav.setCurrentFrameNumber(12)
    wait_until(lambda: nav.currentFrameNumber() == 11)
    assert slider.index == 11 and slider.shown == (D(2020, 12, 1), D(2020, 12, 31))


def test_heatmap_dock_owns_one_layer_from_open_to_unload(slider, qgis_iface, docks, tmp_path):
    from sahel_overlap.plugin.gui.heatmap_dock import HeatmapDock
    from sahel_overlap.plugin.render import heatmap_layer as hm

    # A layer left by an earlier instance of the dock (a plugin reload) goes; the
    # algorithm's output of the same name, loaded by the analyst, stays.
    old = hm.cache_base() / "0123456789ab"
    old.mkdir(parents=True, exist_ok=True)
    leftover = QgsRasterLayer(str(old / "overlap_00007.tif"), "Overlap heatmap", "gdal")
    users = QgsRasterLayer(str(tmp_path / "heat.tif"), "Overlap heatmap", "gdal")
    QgsProject.instance().addMapLayers([leftover, users], False)
    heat = HeatmapDock(qgis_iface, slider=slider)
    docks.append(heat)
    assert heatmap_layers() == [users]
    QgsProject.instance().removeMapLayer(users.id())
    wait_until(lambda: heat.shown_generation > 0 and heat.shown_generation == heat.generation)
    [layer] = heatmap_layers()
    assert layer.customProperty(hm.ROLE) == hm.ROLE_HEATMAP
    # Closed: no layer, nothing computed on a slider move.
    heat.close()
    assert heatmap_layers() == []
    generation = heat.generation
    slider.set_frame(4)
    QCoreApplication.processEvents()
    time.sleep(0.3)
    QCoreApplication.processEvents()
    assert heat.generation == generation and heatmap_layers() == []
    # Shown again: the current window comes back.
    heat.show()
    wait_until(lambda: heat.result is not None and heat.result.window == slider.shown)
    assert len(heatmap_layers()) == 1
    # Unloaded: layer and cache folder gone.
    folder = heat.folder
    assert folder.is_dir() and any(folder.glob("*.tif"))
    heat.cleanup()
    assert heatmap_layers() == [] and not folder.exists()


def test_a_new_project_resets_the_docks_and_a_new_load_is_followed(
    slider, qgis_iface, docks, tmp_path
):
    from sahel_overlap.plugin.gui.heatmap_dock import HeatmapDock

    heat = HeatmapDock(qgis_iface, slider=slider)
    docks.append(heat)
    wait_until(lambda: heat.shown_generation > 0 and heat.curve is not None)
    QgsProject.instance().clear()  # what 'New Project' does
    assert slider.timeline is None and slider.ui.layerList.count() == 0
    assert heat.result is None and heat.window is None and heatmap_layers() == []
    # A fresh load of other events: both docks follow (a window equal to the last one's
    # and layers with the same names are no reason to keep the old surface).
    rows = [(s, x + 0.5, y, d.replace("2020", "2021"), f) for s, x, y, d, f in year_of_events()]
    gpkg = write_incidents_gpkg(incident_frame(rows[:40]), tmp_path / "other.gpkg")
    add_incident_layers(gpkg, QgsProject.instance(), "JNIM", "ISGS")
    wait_until(lambda: slider.timeline is not None and slider.frame is not None)
    assert slider.timeline.start.year == 2021 and len(slider.frame) == 40
    wait_until(lambda: heat.result is not None and heat.result.window == slider.shown)
    assert heat.result.window[0].year == 2021 and len(heatmap_layers()) == 1


def test_dead_sessions_cache_folders_are_pruned_live_ones_kept(tmp_path):
    import os
    import subprocess

    from sahel_overlap.plugin.render import heatmap_layer as hm

    proc = subprocess.Popen(["true"])
    proc.wait()
    for name, pid in [("dead", proc.pid), ("live", os.getpid()), ("old", None)]:
        folder = tmp_path / name
        folder.mkdir()
        (folder / "overlap_00001.tif").write_bytes(b"x")
        if pid is not None:
            (folder / hm.OWNER_FILE).write_text(str(pid))
    assert hm.prune_cache(tmp_path) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["live"]


def test_charts_draw_the_groups_in_their_colours(slider):
    """The slider's chart (painted without matplotlib): JNIM red, ISGS blue, the window
    shaded; its text at 8 pt."""
    from sahel_overlap.plugin.gui import charts

    chart = slider.chart
    chart.resize(400, 160)
    image = chart.grab().toImage()
    colours = {image.pixelColor(x, y).name() for x in range(400) for y in range(0, 160, 2)}
    assert dc.d.COLOUR_A in colours and dc.d.COLOUR_B in colours
    assert chart.span == slider.shown and chart.paints > 0
    assert charts.FONT_PT >= 8


def test_clash_stars_stand_out_on_contested_zones():
    """Contested zones share the clash purple: the star's white outline keeps it visible."""
    from qgis.core import (
        QgsFeature,
        QgsGeometry,
        QgsMapRendererSequentialJob,
        QgsMapSettings,
        QgsPointXY,
        QgsRectangle,
    )
    from qgis.PyQt.QtGui import QColor

    from sahel_overlap.plugin.render.layers import apply_style

    zone = QgsVectorLayer("Polygon?crs=EPSG:4326&field=zone_class:string", "z", "memory")
    feat = QgsFeature(zone.fields())
    feat.setAttributes([dc.d.Z_CONTESTED])
    feat.setGeometry(QgsGeometry.fromRect(QgsRectangle(-1, -1, 1, 1)))
    zone.dataProvider().addFeatures([feat])
    apply_style(zone, "zones.qml")
    star = QgsVectorLayer("Point?crs=EPSG:4326", "s", "memory")
    point = QgsFeature()
    point.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(0, 0)))
    star.dataProvider().addFeatures([point])
    apply_style(star, "incidents_clash.qml")
    settings = QgsMapSettings()
    settings.setLayers([star, zone])
    settings.setExtent(QgsRectangle(-0.5, -0.5, 0.5, 0.5))
    settings.setOutputSize(QSize(120, 120))
    settings.setOutputDpi(96)
    settings.setBackgroundColor(QColor("white"))
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    pixels = [image.pixelColor(x, y) for x in range(40, 80) for y in range(40, 80)]
    whiteish = [c for c in pixels if min(c.red(), c.green(), c.blue()) > 215]
    corner = image.pixelColor(5, 5)  # the zone's own fill, away from the star
    assert min(corner.red(), corner.green(), corner.blue()) < 200  # the zone is purple there
    assert len(whiteish) >= 15  # the star's outline, around its purple
