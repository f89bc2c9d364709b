"""The plugin in QGIS: load/unload, the import algorithm, qgis_process, the desktop loader."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest
from qgis.core import (
    QgsApplication,
    QgsCategorizedSymbolRenderer,
    QgsProject,
    QgsRectangle,
    QgsVectorLayer,
)

from sahel_overlap.plugin import definitions as d

from .conftest import QGIS_PROCESS

ACLED_HEADER = (
    "event_id_cnty,event_date,event_type,sub_event_type,actor1,assoc_actor_1,actor2,"
    "assoc_actor_2,country,admin1,admin2,location,latitude,longitude,geo_precision,"
    "time_precision,source_scale,notes,fatalities"
)
JNIM = "JNIM: Group for Support of Islam and Muslims"
ISGS = "Islamic State (Greater Sahara)"


@pytest.fixture
def small_acled(tmp_path) -> Path:
    rows = [
        ACLED_HEADER,
        f'MLI1,15 March 2020,Battles,Armed clash,{JNIM},,{ISGS},,Mali,Mopti,Douentza,Boni,15.0,-1.9,1,1,National,"a, b",4',
        f"MLI2,16 March 2020,Violence against civilians,Attack,{JNIM},,Civilians (Mali),,Mali,Mopti,Douentza,Boni,15.1,-1.8,1,1,National,x,2",
        f"MLI3,17 March 2020,Violence against civilians,Attack,{ISGS},,Civilians (Mali),,Mali,Gao,Menaka,Menaka,15.9,2.4,1,1,National,x,9",
        f"MLI4,17 March 2020,Violence against civilians,Attack,{ISGS},,Civilians (Mali),,Mali,Gao,Menaka,Menaka,not-a-number,2.4,1,1,National,x,9",
    ]
    path = tmp_path / "small.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def provider_ids():
    return [p.id() for p in QgsApplication.processingRegistry().providers()]


def test_load_unload_load_leaves_qgis_as_it_was(plugin, qgis_iface, monkeypatch, tmp_path):
    import sahel_overlap
    from sahel_overlap.plugin.core import incidents as inc
    from sahel_overlap.plugin.core.presets import load_presets
    from sahel_overlap.plugin.io import gdal_files
    from sahel_overlap.plugin.io.readers import read_incidents
    from sahel_overlap.plugin.io.writers import write_incidents_gpkg

    events, _ = inc.load_file(d.SAMPLE_CSV, load_presets()[d.DEFAULT_PRESET])
    gpkg = str(write_incidents_gpkg(events.head(50), tmp_path / "few.gpkg"))

    # Start from a QGIS without the session's copy of the plugin; restore it after.
    plugin.unload()
    assert d.PROVIDER_ID not in provider_ids()

    removed_menu, removed_docks = [], []
    # pytest-qgis 2.1's iface stub lacks these two; record what unload asks for.
    monkeypatch.setattr(
        qgis_iface, "removePluginMenu", lambda m, a: removed_menu.append(a), raising=False
    )
    monkeypatch.setattr(qgis_iface, "removeDockWidget", removed_docks.append, raising=False)
    before = provider_ids()
    for _ in range(2):
        instance = sahel_overlap.classFactory(qgis_iface)
        instance.initGui()
        instance.initGui()  # a second initGui must not register the provider twice
        assert provider_ids().count(d.PROVIDER_ID) == 1
        alg = QgsApplication.processingRegistry().algorithmById(f"{d.PROVIDER_ID}:importincidents")
        assert alg is not None and alg.shortHelpString()
        fetch = QgsApplication.processingRegistry().algorithmById(f"{d.PROVIDER_ID}:fetchacled")
        assert fetch is not None and fetch.shortHelpString()
        actions = list(instance.actions)
        assert "Load incidents…" in [a.text() for a in actions]
        assert "Refresh from ACLED" in [a.text() for a in actions]
        assert len({a.text() for a in actions}) == len(actions)  # no duplicate entries
        asked = []
        monkeypatch.setattr(instance, "export_map", lambda asked=asked: asked.append(1))
        instance.open_time_slider()
        instance.open_heatmap()
        docks = list(instance.docks.values())
        assert len(docks) == 2
        # The slider dock's "Export overlap map" button reaches the plugin's export
        # (patched before the dock was made, so the wiring in main.py is what runs).
        instance.docks["time_slider"].ui.exportMapButton.click()
        assert asked == [1]
        removed_menu.clear()
        removed_docks.clear()
        read_incidents(gpkg)
        assert gdal_files._CACHE
        instance.unload()
        assert not gdal_files._CACHE  # the read incidents' memory is given back
        assert provider_ids() == before
        assert removed_menu == actions  # every menu entry removed
        assert removed_docks == docks  # every dock removed
        assert instance.actions == [] and instance.docks == {} and instance.provider is None
    plugin.initProcessing()
    assert d.PROVIDER_ID in provider_ids()


def test_import_algorithm_writes_standard_schema(plugin, small_acled, tmp_path):
    import processing

    out = str(tmp_path / "incidents.gpkg")
    result = processing.run(
        "saheloverlap:importincidents", {"INPUT": str(small_acled), "OUTPUT": out}
    )
    assert (result["EVENTS_A"], result["EVENTS_B"], result["CLASHES"], result["SKIPPED"]) == (
        1,
        1,
        1,
        1,
    )
    layer = QgsVectorLayer(result["OUTPUT"], "x", "ogr")
    assert layer.isValid() and layer.featureCount() == 3
    assert layer.crs().authid() == "EPSG:4326"
    assert layer.fields().names()[1:] == d.INCIDENT_FIELD_NAMES  # after the GeoPackage fid
    by_id = {f[d.F_EVENT_ID]: f for f in layer.getFeatures()}
    assert by_id["MLI1"][d.F_SIDE] == "clash" and by_id["MLI1"][d.F_CLASH] == 1
    assert by_id["MLI3"][d.F_FATALITIES] == 9
    assert by_id["MLI2"][d.F_DATE].toString("yyyy-MM-dd") == "2020-03-16"
    pt = by_id["MLI3"].geometry().asPoint()
    assert (round(pt.x(), 4), round(pt.y(), 4)) == (2.4, 15.9)


def test_import_algorithm_reports_missing_columns(plugin, tmp_path):
    import processing
    from qgis.core import QgsProcessingException

    bad = tmp_path / "bad.csv"
    bad.write_text("event_id_cnty,event_date,actor1\n1,2,3\n", encoding="utf-8")
    with pytest.raises(QgsProcessingException, match="missing columns latitude, longitude"):
        processing.run(
            "saheloverlap:importincidents", {"INPUT": str(bad), "OUTPUT": "TEMPORARY_OUTPUT"}
        )


def test_import_from_a_point_layer_with_mapped_fields(plugin, tmp_path):
    import processing

    layer = QgsVectorLayer(
        "Point?crs=EPSG:32630&field=when:string&field=who:string&field=whom:string", "pts", "memory"
    )
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY

    feat = QgsFeature(layer.fields())
    feat.setAttributes(["2021-06-01", ISGS, JNIM])
    # About 1.9 W, 15 N in UTM 30N: reprojected to EPSG:4326 by the import.
    feat.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(611000, 1658000)))
    layer.dataProvider().addFeatures([feat])
    QgsProject.instance().addMapLayer(layer)
    try:
        result = processing.run(
            "saheloverlap:importincidents",
            {
                "INPUT": layer.id(),
                "FORMAT": 3,
                "FIELD_DATE": "when",
                "FIELD_ACTOR1": "who",
                "FIELD_ACTOR2": "whom",
                "OUTPUT": "TEMPORARY_OUTPUT",
            },
        )
        out = result["OUTPUT"]
        feats = list(out.getFeatures())
        assert [f[d.F_SIDE] for f in feats] == ["clash"]
        assert abs(feats[0].geometry().asPoint().y() - 15.0) < 0.1
    finally:
        QgsProject.instance().removeMapLayer(layer.id())


def test_qgis_process_lists_and_runs_the_import(tmp_path, small_acled, qgis_process_env):
    env = qgis_process_env
    listing = subprocess.run([QGIS_PROCESS, "list"], env=env, capture_output=True, text=True)
    assert "saheloverlap:importincidents" in listing.stdout
    out = tmp_path / "out.gpkg"
    run = subprocess.run(
        [
            QGIS_PROCESS,
            "run",
            "saheloverlap:importincidents",
            "--",
            f"INPUT={small_acled}",
            f"OUTPUT={out}",
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert "CLASHES:\t1" in run.stdout
    assert QgsVectorLayer(str(out), "x", "ogr").featureCount() == 3


def test_desktop_load_adds_styled_time_aware_layers(
    qgis_iface, qgis_new_project, small_acled, tmp_path
):
    from qgis.PyQt.QtCore import QCoreApplication

    from sahel_overlap.plugin.core.presets import load_presets
    from sahel_overlap.plugin.gui.load_incidents import LoadIncidentsController

    project = QgsProject.instance()
    ctrl = LoadIncidentsController(qgis_iface, project)
    task = ctrl.start(str(small_acled), load_presets()[d.DEFAULT_PRESET], folder=tmp_path)
    gpkg = Path(task.gpkg)  # the task manager deletes the task once it has finished
    deadline = time.monotonic() + 60
    while not ctrl.layers and time.monotonic() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.01)
    names = sorted(layer.name() for layer in ctrl.layers)
    all_name = "All incidents (JNIM, ISGS, others)"
    assert names == sorted(
        [
            "JNIM incidents",
            "ISGS incidents",
            "JNIM vs ISGS clashes",
            "JNIM + ISGS joint operations",
            "Ambiguous JNIM/ISGS attribution",
            all_name,
        ]
    )
    counts = {layer.name(): sum(1 for _ in layer.getFeatures()) for layer in ctrl.layers}
    assert counts["JNIM incidents"] == 1 and counts["JNIM vs ISGS clashes"] == 1
    assert counts[all_name] == 3  # every event of the file, what scoring takes
    per_side = [lyr for lyr in ctrl.layers if lyr.name() != all_name]
    colours = {layer.name(): layer.renderer().symbol().color().name() for layer in per_side}
    assert colours["JNIM incidents"] == d.COLOUR_A and colours["ISGS incidents"] == d.COLOUR_B
    assert colours["JNIM vs ISGS clashes"] == d.COLOUR_CLASH
    assert colours["JNIM + ISGS joint operations"] == d.COLOUR_JOINT
    for layer in ctrl.layers:
        assert layer.temporalProperties().isActive()
    # The All layer: hidden (the per-side layers draw it), active (the toolbox's
    # dialogs offer it first), one category per side named after the groups.
    everything = project.mapLayersByName(all_name)[0]
    root = project.layerTreeRoot()
    assert not root.findLayer(everything.id()).itemVisibilityChecked()
    assert qgis_iface.activeLayer() is everything
    from qgis.core import QgsLayerTreeModel

    model = QgsLayerTreeModel(root)
    legend = [n.data(0) for n in model.layerLegendNodes(root.findLayer(everything.id()))]
    assert {"JNIM", "ISGS", "JNIM vs ISGS clashes", "JNIM + ISGS joint operations"} <= set(legend)
    shown = {c.value(): c.renderState() for c in everything.renderer().categories()}
    assert shown == {
        "a": True, "b": True, "clash": True, "joint": True, "ambiguous": False, "other": False
    }  # fmt: skip
    assert small_acled.read_text(encoding="utf-8").count("\n") == 5  # input untouched
    assert gpkg.parent == tmp_path
    # The Natural Earth base map goes under the incidents, once.
    assert [lyr.name() for lyr in ctrl.base_layers] == [
        "Countries (Natural Earth)",
        "Admin regions (Natural Earth)",
    ]
    order = [lyr.name() for lyr in project.layerTreeRoot().layerOrder()]
    assert order.index("JNIM incidents") < order.index("Countries (Natural Earth)")


def test_incident_layers_show_events_on_a_frames_first_day(plugin, small_acled, tmp_path):
    import processing
    from qgis.core import QgsDateTimeRange, QgsFeatureRequest, QgsVectorLayerTemporalContext
    from qgis.PyQt.QtCore import QDate, QDateTime, QTime

    from sahel_overlap.plugin.render.layers import set_incident_temporal

    out = str(tmp_path / "inc.gpkg")
    processing.run("saheloverlap:importincidents", {"INPUT": str(small_acled), "OUTPUT": out})
    layer = QgsVectorLayer(out, "inc", "ogr")
    set_incident_temporal(layer)
    ctx = QgsVectorLayerTemporalContext()
    ctx.setLayer(layer)

    def ids(day_from, day_to):
        rng = QgsDateTimeRange(
            QDateTime(QDate(2020, 3, day_from), QTime(0, 0)),
            QDateTime(QDate(2020, 3, day_to), QTime(0, 0)),
        )
        expr = layer.temporalProperties().createFilterString(ctx, rng)
        return sorted(
            f[d.F_EVENT_ID]
            for f in layer.getFeatures(QgsFeatureRequest().setFilterExpression(expr))
        )

    assert ids(16, 16) == ["MLI2"]  # a one-day frame on the event's day
    assert ids(16, 17) == ["MLI2", "MLI3"]  # frame starting on an event's day keeps it
    assert ids(18, 20) == []


def test_heatmap_layer_goes_above_the_base_map(qgis_new_project):
    from sahel_overlap.plugin.render.layers import add_above_base_map, add_base_map

    project = QgsProject.instance()
    marker = QgsVectorLayer("Point?crs=EPSG:4326", "incidents", "memory")
    project.addMapLayer(marker)
    add_base_map(project)
    assert add_base_map(project) == []  # once per project
    overlay = QgsVectorLayer("Polygon?crs=EPSG:4326", "overlay", "memory")
    add_above_base_map(project, overlay)
    order = [lyr.name() for lyr in project.layerTreeRoot().layerOrder()]
    assert (
        order.index("incidents") < order.index("overlay") < order.index("Countries (Natural Earth)")
    )


@pytest.mark.parametrize("output", ["gpkg", "TEMPORARY_OUTPUT"])
def test_toolbox_import_loads_layers_like_load_incidents(
    plugin, qgis_iface, qgis_new_project, small_acled, tmp_path, output
):
    """Run from the Processing toolbox (results loaded, post-processor run), the import
    gives what 'Load incidents' gives: styled, time-aware layers, the base map, the map
    zoomed to the events and the layer of all events active."""
    import processing

    from sahel_overlap.plugin.render import layers as L

    project = QgsProject.instance()
    dest = str(tmp_path / "toolbox.gpkg") if output == "gpkg" else output
    qgis_iface.mapCanvas().setExtent(QgsRectangle(-180, -90, 180, 90))
    processing.runAndLoadResults(
        "saheloverlap:importincidents", {"INPUT": str(small_acled), "OUTPUT": dest}
    )
    layers = [lyr for lyr in project.mapLayers().values() if L.role(lyr)]
    everything = [lyr for lyr in layers if L.role(lyr) == L.ROLE_ALL]
    assert len(everything) == 1 and everything[0].featureCount() == 3
    assert everything[0].name() == "All incidents (JNIM, ISGS, others)"
    assert isinstance(everything[0].renderer(), QgsCategorizedSymbolRenderer)
    assert all(lyr.temporalProperties().isActive() for lyr in layers)
    if output == "gpkg":  # the per-side layers, read from the same table
        sides = sorted(L.subset_side(lyr.subsetString()) or "" for lyr in layers)
        assert sides == ["", "a", "ambiguous", "b", "clash", "joint"]
        node = project.layerTreeRoot().findLayer(everything[0].id())
        assert node.parent().name() == "JNIM / ISGS incidents"
        assert len(project.layerTreeRoot().findLayers()) == len(project.mapLayers())
    else:  # a temporary layer cannot be opened twice: one layer shows every side
        assert layers == everything
    assert project.mapLayersByName("Countries (Natural Earth)")
    assert qgis_iface.activeLayer() is everything[0]
    extent = qgis_iface.mapCanvas().extent()
    assert extent.width() < 20 and -10 < extent.center().x() < 10  # the Sahel, not the world
