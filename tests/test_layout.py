"""The overlap map: template, one page per window, temporal filtering, exports, desktop layout."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsFeatureRequest,
    QgsGeometry,
    QgsLayoutExporter,
    QgsLayoutItemLabel,
    QgsLayoutItemMap,
    QgsLayoutItemPicture,
    QgsPointXY,
    QgsProject,
    QgsVectorFileWriter,
    QgsVectorLayer,
    QgsVectorLayerTemporalContext,
)
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QDate, QPointF, QSize, QSizeF
from qgis.PyQt.QtGui import QColor, QImage

from sahel_overlap.plugin import definitions as d
from sahel_overlap.plugin.core.incidents import load_frame, read_table
from sahel_overlap.plugin.core.presets import load_presets
from sahel_overlap.plugin.io.writers import write_incidents_gpkg
from sahel_overlap.plugin.render import layout as lay

YEARS = range(2017, 2023)
ZONE_URI = (
    "Polygon?crs=EPSG:4326&field=zone_id:string&field=window_start:date"
    "&field=window_end:date&field=events_a:integer&field=events_b:integer"
    "&field=events_clash:integer&field=parallel_score:double&field=contested_score:double"
    "&field=zone_class:string&field=zone_label:string&field=group_a:string"
    "&field=group_b:string&field=source_ds:string"
)


def planted() -> tuple[dict, dict]:
    """Zone rings (lon/lat) and the planted class of every zone and year."""
    rings = {
        f["properties"]["zone_id"]: f["geometry"]["coordinates"][0]
        for f in json.loads(d.SAMPLE_ZONES.read_text(encoding="utf-8"))["features"]
    }
    with open(d.SAMPLE_LABELS, encoding="utf-8") as fh:
        classes = {(r["zone_id"], int(r["year"])): r["planted_class"] for r in csv.DictReader(fh)}
    return rings, classes


def centre(ring) -> QgsPointXY:
    return QgsGeometry.fromPolygonXY([[QgsPointXY(x, y) for x, y in ring]]).centroid().asPoint()


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """The synthetic sample's incidents and its planted zones as a scored-zones layer.

    The zones carry the planted class, so the test does not depend on the scorer.
    """
    folder = tmp_path_factory.mktemp("layout")
    raw, _skipped = read_table(d.SAMPLE_CSV)
    events, _report = load_frame(raw, load_presets()[d.DEFAULT_PRESET], "auto", None, True, False)
    incidents = write_incidents_gpkg(events, folder / "incidents.gpkg")
    rings, classes = planted()
    zones = QgsVectorLayer(ZONE_URI, "scored zones", "memory")
    feats = []
    for zid, ring in rings.items():
        geom = QgsGeometry.fromPolygonXY([[QgsPointXY(x, y) for x, y in ring]])
        for year in YEARS:
            cls = classes[(zid, year)]
            feat = QgsFeature(zones.fields())
            feat.setAttributes(
                [
                    zid,
                    QDate(year, 1, 1),
                    QDate(year, 12, 31),
                    0,
                    0,
                    0,
                    0.0,
                    0.0,
                    cls,
                    d.zone_label(cls, "JNIM", "ISGS"),
                    "JNIM",
                    "ISGS",
                    d.SOURCE_SYNTHETIC,
                ]
            )
            feat.setGeometry(geom)
            feats.append(feat)
    zones.dataProvider().addFeatures(feats)
    zones.updateExtents()
    layers = {"zones": zones, "incidents": QgsVectorLayer(incidents, "incidents", "ogr")}
    yield layers
    for layer in layers.values():  # before QGIS exits, or the interpreter's exit crashes
        if not sip.isdeleted(layer):
            sip.delete(layer)


@pytest.fixture(scope="module")
def built(sample):
    """Layers and a layout of the sample in a private project (one page per year)."""
    project = QgsProject()
    layers = lay.prepare_layers(sample["zones"], sample["incidents"], project)
    layout = lay.build_layout(project, layers)
    yield project, layers, layout
    lay.release_layout(layout, project)


def page_pixel(layout, image: QImage, page: int, lon: float, lat: float, dpi: float) -> QPointF:
    """Where a lon/lat point of page ``page``'s main map lands in that page's image."""
    main = lay.page_items(layout, page)[lay.ID_MAP]
    xform = QgsCoordinateTransform(
        QgsCoordinateReferenceSystem("EPSG:4326"), main.crs(), QgsProject.instance()
    )
    p = xform.transform(QgsPointXY(lon, lat))
    item_xy = main.mapToItemCoords(QPointF(p.x(), p.y()))
    page_pos = layout.pageCollection().page(page).pos()
    x_mm = main.pos().x() - page_pos.x() + item_xy.x()
    y_mm = main.pos().y() - page_pos.y() + item_xy.y()
    return QPointF(x_mm / 25.4 * dpi, y_mm / 25.4 * dpi)


def dominant(image: QImage, at: QPointF, radius: int = 10) -> tuple[int, int]:
    """Counts of clearly red and clearly blue pixels around a point."""
    red = blue = 0
    for dx in range(-radius, radius + 1):
        for dy in range(-radius, radius + 1):
            c = QColor(image.pixel(int(at.x()) + dx, int(at.y()) + dy))
            r, g, b = c.red(), c.green(), c.blue()
            if r > 170 and r - b > 90 and r - g > 90:
                red += 1
            if b > 150 and b - r > 70:
                blue += 1
    return red, blue


def test_template_has_every_item_id():
    text = lay.TEMPLATE.read_text(encoding="utf-8")
    for ident in lay.ITEM_IDS:
        assert f'id="{ident}"' in text, ident


def test_windows_and_file_tags():
    w = lay.Window(lay.date(2019, 1, 1), lay.date(2019, 12, 31))
    assert (w.tag, w.label) == ("2019", "2019")
    q = lay.Window(lay.date(2020, 4, 1), lay.date(2020, 6, 30))
    assert (q.tag, q.label) == ("2020-Q2", "2020 Q2")
    m = lay.Window(lay.date(2021, 3, 1), lay.date(2021, 3, 31))
    assert m.tag == "2021-03"
    whole = lay.Window(lay.date(2017, 3, 2), lay.date(2022, 12, 31))
    assert whole.tag == "20170302-20221231"
    assert "SYNTHETIC" in lay.attribution([d.SOURCE_SYNTHETIC])[0]
    assert lay.attribution([d.SOURCE_ACLED]) == (lay.ATTRIBUTION[d.SOURCE_ACLED], False)
    assert "acleddata.com" in lay.ATTRIBUTION[d.SOURCE_ACLED]


def test_one_page_per_window_with_its_own_time_range(built):
    _project, layers, layout = built
    assert [w.tag for w in layers.windows] == [str(y) for y in YEARS]
    assert layout.pageCollection().pageCount() == len(YEARS)
    for page, year in enumerate(YEARS):
        items = lay.page_items(layout, page)
        assert set(items) == set(lay.ITEM_IDS)
        main = items[lay.ID_MAP]
        assert main.isTemporal()
        assert main.temporalRange().begin().date() == QDate(year, 1, 1)
        assert main.temporalRange().end().date() == QDate(year, 12, 31)
        assert str(year) in items[lay.ID_SUBTITLE].text()
        assert "JNIM" in items[lay.ID_TITLE].text() and "ISGS" in items[lay.ID_TITLE].text()
        assert "SYNTHETIC" in items[lay.ID_SOURCE].text()
        assert lay.METHOD_NAME in items[lay.ID_METHOD].text()
        assert items[lay.ID_LEGEND].linkedMap() is main
        assert items[lay.ID_SCALE_BAR].linkedMap() is main


def test_the_page_range_filters_zones_and_incidents(built):
    """What each page's map renders: only its window's zones and incidents."""
    _project, layers, layout = built
    rings, classes = planted()

    def rendered(layer, settings):
        tctx = QgsVectorLayerTemporalContext()
        tctx.setLayer(layer)
        expr = layer.temporalProperties().createFilterString(tctx, settings.temporalRange())
        return list(layer.getFeatures(QgsFeatureRequest().setFilterExpression(expr)))

    for page, year in enumerate(YEARS):
        main = lay.page_items(layout, page)[lay.ID_MAP]
        settings = main.mapSettings(main.extent(), QSizeF(100, 100), 96, False)
        assert settings.isTemporal()
        zones = rendered(layers.zones, settings)
        assert {f["zone_id"]: f["zone_class"] for f in zones} == {
            z: classes[(z, year)] for z in rings
        }
        clashes = rendered(layers.incidents[d.SIDE_CLASH], settings)
        assert all(f[d.F_DATE].date().year() == year for f in clashes)
        assert (len(clashes) > 0) == (year >= 2020)  # no clash before 2020 in the sample
        jnim = rendered(layers.incidents[d.SIDE_A], settings)
        assert {f[d.F_DATE].date().year() for f in jnim} == {year}
        # none lost at the window's ends (a date compared with 00:00 of its day)
        expected = QgsFeatureRequest().setFilterExpression(f'year("{d.F_DATE}") = {year}')
        assert len(jnim) == sum(1 for _ in layers.incidents[d.SIDE_A].getFeatures(expected))


def test_legend_names_the_classes_with_the_group_names(built):
    _project, _layers, layout = built
    legend = lay.page_items(layout, 0)[lay.ID_LEGEND]
    model = legend.model()
    labels = []
    for node in model.rootGroup().findLayers():
        labels.append(node.layer().name())
        for legend_node in model.layerLegendNodes(node):
            labels.append(legend_node.data(0))
    for cls in d.ZONE_CLASSES:
        assert d.zone_label(cls, "JNIM", "ISGS") in labels
    assert {"JNIM incidents", "ISGS incidents", "JNIM vs ISGS clashes"} <= set(labels)


def test_png_shows_red_and_blue_where_the_sample_puts_the_groups(built, tmp_path):
    _project, _layers, layout = built
    rings, classes = planted()
    dpi = 80
    page = len(YEARS) - 1  # 2022
    image = QgsLayoutExporter(layout).renderPageToImage(page, QSize(), dpi)
    assert not image.isNull()
    a_only = [z for z in rings if classes[(z, 2022)] == "a_only"]
    b_only = [z for z in rings if classes[(z, 2022)] == "b_only"]
    assert a_only and b_only
    for zone in a_only:
        c = centre(rings[zone])
        red, blue = dominant(image, page_pixel(layout, image, page, c.x(), c.y(), dpi))
        assert red > 10 and red > 3 * blue, (zone, red, blue)
    for zone in b_only:
        c = centre(rings[zone])
        red, blue = dominant(image, page_pixel(layout, image, page, c.x(), c.y(), dpi))
        assert blue > 10 and blue > 3 * red, (zone, red, blue)
    # A contested zone of 2022 is purple on its page and yellow (parallel) in 2017.
    zone = next(z for z in rings if classes[(z, 2022)] == "contested")
    assert classes[(zone, 2017)] == "parallel"
    first = QgsLayoutExporter(layout).renderPageToImage(0, QSize(), dpi)
    c = centre(rings[zone])
    ring = rings[zone]
    edge_lon = (c.x() + max(x for x, _ in ring)) / 2  # between the centre and the rim
    colours = []
    for img, pg in [(first, 0), (image, page)]:
        at = page_pixel(layout, img, pg, edge_lon, c.y(), dpi)
        colours.append(QColor(img.pixel(int(at.x()), int(at.y()))))
    assert colours[0].name() != colours[1].name()


def test_exports_pdf_pages_png_and_svg_files(sample, tmp_path):
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo (poppler-utils) not installed")
    pdf = lay.export_overlap_map(sample["zones"], sample["incidents"], tmp_path / "m.pdf", dpi=72)
    info = subprocess.run(["pdfinfo", pdf[0]], capture_output=True, text=True, check=True)
    assert f"Pages:           {len(YEARS)}" in info.stdout
    assert "landscape" in info.stdout.lower() or "842 x 595" in info.stdout
    png = lay.export_overlap_map(
        sample["zones"], sample["incidents"], tmp_path / "m.png", "png", dpi=40
    )
    assert [Path(p).name for p in png] == [f"m_{y}.png" for y in YEARS]
    image = QImage(png[0])
    assert not image.isNull() and image.width() > image.height()
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, 300, 7)}
    assert len(colours) > 50  # not blank
    single = lay.export_overlap_map(
        sample["zones"], sample["incidents"], tmp_path / "one.png", "png", per_window=False, dpi=40
    )
    assert single == [str(tmp_path / "one.png")]
    svg = lay.export_overlap_map(
        sample["zones"], sample["incidents"], tmp_path / "s.svg", "svg", per_window=False, dpi=40
    )
    assert Path(svg[0]).read_text(encoding="utf-8")[:400].find("<svg") >= 0


def test_algorithm_exports_and_reports_bad_zones(plugin, sample, tmp_path):
    import processing
    from qgis.core import QgsProcessingException

    alg = processing.core.Processing.QgsApplication.processingRegistry().algorithmById(
        "saheloverlap:exportmap"
    )
    assert alg is not None and alg.shortHelpString()
    assert alg.flags() & alg.FlagNoThreading
    QgsProject.instance().addMapLayers([sample["zones"], sample["incidents"]], False)
    try:
        result = processing.run(
            "saheloverlap:exportmap",
            {
                "ZONES": sample["zones"].id(),
                "INCIDENTS": sample["incidents"].id(),
                "TITLE": "Test title",
                "FORMAT": 1,
                "PER_WINDOW": True,
                "DPI": 30,
                "OUTPUT": str(tmp_path / "alg.pdf"),
            },
        )
        assert result["OUTPUT"] == str(tmp_path / "alg_2017.png")
        assert result["PAGES"] == len(YEARS)
        assert len(result["FILES"].split(";")) == len(YEARS)
        assert all(Path(p).is_file() for p in result["FILES"].split(";"))
        # the analyst's layers are untouched
        assert not sample["zones"].temporalProperties().isActive()
        points = QgsVectorLayer("Polygon?crs=EPSG:4326&field=x:int", "not zones", "memory")
        QgsProject.instance().addMapLayer(points, False)
        with pytest.raises(QgsProcessingException, match="Score zones"):
            processing.run(
                "saheloverlap:exportmap",
                {
                    "ZONES": points.id(),
                    "INCIDENTS": sample["incidents"].id(),
                    "OUTPUT": str(tmp_path / "bad.pdf"),
                },
            )
    finally:
        for layer in QgsProject.instance().mapLayers().values():
            if layer.name() in ("not zones",):
                QgsProject.instance().removeMapLayer(layer.id())
        QgsProject.instance().takeMapLayer(sample["zones"])
        QgsProject.instance().takeMapLayer(sample["incidents"])


def test_desktop_layout_survives_saving_and_reopening_the_project(
    qgis_iface, qgis_new_project, sample, tmp_path, monkeypatch
):
    from sahel_overlap.plugin.gui.export_map import ExportMapController

    project = QgsProject.instance()
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    QgsVectorFileWriter.writeAsVectorFormatV3(
        sample["zones"], str(tmp_path / "zones.gpkg"), project.transformContext(), options
    )
    zones = QgsVectorLayer(str(tmp_path / "zones.gpkg"), "Scored zones", "ogr")
    incidents = QgsVectorLayer(sample["incidents"].source(), "JNIM incidents", "ogr")
    incidents.setSubsetString("\"side\" = 'a'")  # one of the desktop loader's layers
    project.addMapLayers([zones, incidents])
    opened = []
    monkeypatch.setattr(qgis_iface, "openLayoutDesigner", opened.append, raising=False)
    controller = ExportMapController(qgis_iface, project)
    layout = controller.build(zones, incidents, "Briefing map", per_window=True)
    qgis_iface.openLayoutDesigner(layout)
    name = layout.name()
    assert opened == [layout]
    assert project.layoutManager().layoutByName(name) is layout
    # all groups are on the map although the analyst's layer showed JNIM only
    main = lay.page_items(layout, 0)[lay.ID_MAP]
    assert {lyr.name() for lyr in main.layers()} >= {"ISGS incidents", "JNIM vs ISGS clashes"}

    path = tmp_path / "project.qgz"
    assert project.write(str(path))
    project.clear()
    assert project.layoutManager().layoutByName(name) is None
    assert project.read(str(path))
    again = project.layoutManager().layoutByName(name)
    assert again is not None
    assert again.pageCollection().pageCount() == len(YEARS)
    last = lay.page_items(again, len(YEARS) - 1)
    assert set(last) == set(lay.ITEM_IDS)
    assert isinstance(last[lay.ID_MAP], QgsLayoutItemMap)
    assert last[lay.ID_MAP].isTemporal()
    assert last[lay.ID_MAP].temporalRange().begin().date() == QDate(2022, 1, 1)
    assert len(last[lay.ID_MAP].layers()) == 6
    assert isinstance(last[lay.ID_TITLE], QgsLayoutItemLabel)
    assert last[lay.ID_TITLE].text() == "Briefing map"
    assert isinstance(last[lay.ID_CHART], QgsLayoutItemPicture)
    assert last[lay.ID_CHART].picturePath().startswith("base64:")
    assert last[lay.ID_LEGEND].linkedMap() is last[lay.ID_MAP]
    project.clear()


def test_qgis_process_runs_the_export(sample, tmp_path, qgis_process_env):
    from .conftest import QGIS_PROCESS

    zones = tmp_path / "zones.gpkg"
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    QgsVectorFileWriter.writeAsVectorFormatV3(
        sample["zones"], str(zones), QgsProject.instance().transformContext(), options
    )
    env = qgis_process_env
    out = tmp_path / "map.png"
    run = subprocess.run(
        [
            QGIS_PROCESS,
            "run",
            "saheloverlap:exportmap",
            "--",
            f"ZONES={zones}",
            f"INCIDENTS={sample['incidents'].source()}",
            "FORMAT=1",
            "PER_WINDOW=false",
            "DPI=30",
            f"OUTPUT={out}",
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert "PAGES:\t1" in run.stdout
    assert not QImage(str(out)).isNull()
