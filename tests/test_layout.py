"""The overlap map: template, one page per window, temporal filtering, exports, desktop layout."""

from __future__ import annotations

import contextlib
import csv
import hashlib
import itertools
import json
import os
import shutil
import sqlite3
import subprocess
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsFeatureRequest,
    QgsField,
    QgsGeometry,
    QgsLayoutExporter,
    QgsLayoutItemLabel,
    QgsLayoutItemMap,
    QgsLayoutItemPicture,
    QgsPointXY,
    QgsProject,
    QgsRectangle,
    QgsVectorFileWriter,
    QgsVectorLayer,
    QgsVectorLayerTemporalContext,
)
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QDate, QPointF, QSize, QSizeF, QVariant
from qgis.PyQt.QtGui import QColor, QImage

from sahel_overlap.plugin import definitions as d
from sahel_overlap.plugin.core.incidents import load_frame, read_table
from sahel_overlap.plugin.core.presets import load_presets
from sahel_overlap.plugin.io.writers import write_incidents_gpkg
from sahel_overlap.plugin.render import chart
from sahel_overlap.plugin.render import layout as lay
from sahel_overlap.plugin.render import print_style as ps
from sahel_overlap.plugin.render.layers import is_layout_copy

YEARS = range(2017, 2023)
ZONE_URI = (
    "Polygon?crs=EPSG:4326&field=zone_id:string&field=window_start:date"
    "&field=window_end:date&field=events_a:integer&field=events_b:integer"
    "&field=events_clash:integer&field=parallel_score:double&field=contested_score:double"
    "&field=zone_class:string&field=zone_label:string&field=group_a:string"
    "&field=group_b:string&field=source_ds:string&field=zone_name:string"
)


def planted() -> tuple[dict, dict]:
    """Zone rings (lon/lat) and the planted class of every zone and year."""
    rings = {
        f["properties"]["zone_id"]: f["geometry"]["coordinates"][0]
        for f in json.loads(d.SAMPLE_ZONES.read_text(encoding="utf-8"))["features"]
    }
    return rings, planted_classes()


def zone_names() -> dict:
    return {
        f["properties"]["zone_id"]: f["properties"]["zone_name"]
        for f in json.loads(d.SAMPLE_ZONES.read_text(encoding="utf-8"))["features"]
    }


def planted_classes() -> dict:
    with open(d.SAMPLE_LABELS, encoding="utf-8") as fh:
        return {(r["zone_id"], int(r["year"])): r["planted_class"] for r in csv.DictReader(fh)}


def centre(ring) -> QgsPointXY:
    return QgsGeometry.fromPolygonXY([[QgsPointXY(x, y) for x, y in ring]]).centroid().asPoint()


def planted_zones_layer(
    group_a="JNIM", group_b="ISGS", source=d.SOURCE_SYNTHETIC, names=None, years=YEARS
) -> QgsVectorLayer:
    """The planted zones as a scored-zones layer, with their planted classes."""
    rings, classes = planted()
    names = names or zone_names()
    zones = QgsVectorLayer(ZONE_URI, "scored zones", "memory")
    feats = []
    for zid, ring in rings.items():
        geom = QgsGeometry.fromPolygonXY([[QgsPointXY(x, y) for x, y in ring]])
        for year in years:
            cls = classes[(zid, year)]
            feat = QgsFeature(zones.fields())
            feat.setAttributes(
                [zid, QDate(year, 1, 1), QDate(year, 12, 31), 0, 0, 0, 0.0, 0.0, cls,
                 d.zone_label(cls, group_a, group_b), group_a, group_b, source, names[zid]]
            )  # fmt: skip
            feat.setGeometry(geom)
            feats.append(feat)
    ok, _ = zones.dataProvider().addFeatures(feats)
    assert ok
    zones.updateExtents()
    return zones


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """The synthetic sample's incidents and its planted zones as a scored-zones layer.

    The zones carry the planted class, so the test does not depend on the scorer.
    """
    folder = tmp_path_factory.mktemp("layout")
    raw, _skipped = read_table(d.SAMPLE_CSV)
    events, _report = load_frame(raw, load_presets()[d.DEFAULT_PRESET], "auto", None, True, False)
    incidents = write_incidents_gpkg(events, folder / "incidents.gpkg")
    zones = planted_zones_layer()
    layers = {"zones": zones, "incidents": QgsVectorLayer(incidents, "incidents", "ogr")}
    layers["events"] = events  # to write fresh files: tests may leave the shared one in WAL
    yield layers
    for layer in (layers["zones"], layers["incidents"]):  # before QGIS exits, or it crashes
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


def pdf_info(path) -> str:
    return subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout


def test_exports_pdf_pages_and_png_per_window_files(sample, tmp_path):
    pdf = lay.export_overlap_map(sample["zones"], sample["incidents"], tmp_path / "m.pdf", dpi=72)
    info = pdf_info(pdf[0])
    assert f"Pages:           {len(YEARS)}" in info
    assert "842 x 595" in info  # landscape A4
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


def test_pages_name_their_window_not_a_page_number(built):
    """A per-window PNG is a map of its own: "page 6 of 6" meant nothing there."""
    _project, layers, layout = built
    for page, window in enumerate(layers.windows):
        items = lay.page_items(layout, page)
        text = items[lay.ID_SUBTITLE].currentText()
        assert window.span in text and "page" not in text.lower()
        assert items[lay.ID_WINDOW].currentText() == window.label


def test_pdf_carries_title_subject_creator_and_data_source(sample, tmp_path):
    pdf = lay.export_overlap_map(
        sample["zones"], sample["incidents"], tmp_path / "m.pdf", per_window=False, dpi=60
    )
    info = pdf_info(pdf[0])
    fields = {
        k.strip(): v.strip() for k, v in (ln.split(":", 1) for ln in info.splitlines() if ":" in ln)
    }
    assert fields["Title"] == lay.default_title("JNIM", "ISGS")
    assert "SYNTHETIC" in fields["Subject"] and "2022" in fields["Subject"]
    assert "SYNTHETIC sample (ACLED format)" in fields["Keywords"]
    assert fields["Creator"].startswith(f"Sahel Overlap {lay.plugin_version()}")
    assert fields.get("Author", "") == ""  # never the system user's name
    # the chart is drawn as vectors: no image of its size in the file
    images = subprocess.run(
        ["pdfimages", "-list", pdf[0]], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    sizes = [(int(r.split()[3]), int(r.split()[4])) for r in images]
    assert not [wh for wh in sizes if wh[0] > 150 or wh[1] > 150], sizes  # pattern tiles only
    assert all(r.split()[8] != "jpeg" for r in images)


def as_array(path_or_image) -> np.ndarray:
    image = path_or_image if isinstance(path_or_image, QImage) else QImage(str(path_or_image))
    assert not image.isNull(), path_or_image
    image = image.convertToFormat(QImage.Format_RGB888)
    w, h = image.width(), image.height()
    ptr = image.constBits()
    ptr.setsize(image.bytesPerLine() * h)
    rows = np.frombuffer(ptr, np.uint8).reshape(h, image.bytesPerLine())
    return rows[:, : w * 3].reshape(h, w, 3).astype(float)


def block_differences(a: np.ndarray, b: np.ndarray, block: int = 12) -> np.ndarray:
    """Mean absolute difference (0..255) of each block of block x block pixels."""
    assert a.shape == b.shape, (a.shape, b.shape)
    diff = np.abs(a - b).mean(axis=2)
    hb, wb = diff.shape[0] // block, diff.shape[1] // block
    return diff[: hb * block, : wb * block].reshape(hb, block, wb, block).mean(axis=(1, 3))


def test_every_format_renders_like_the_png(sample, tmp_path):
    """PDF (poppler) and SVG (librsvg) drawn by their usual readers look like the PNG.

    QGIS 3.22's own SVG drew the base map unclipped over the whole page (title
    hidden, inset spilled out): the margins then differ from the PNG's white.
    """
    for tool in ("pdftoppm", "rsvg-convert"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} not installed (scripts/setup.sh installs it)")
    dpi = 72
    files = {
        fmt: lay.export_overlap_map(
            sample["zones"], sample["incidents"], tmp_path / f"m.{fmt}", fmt,
            per_window=False, dpi=dpi,
        )[0]
        for fmt in lay.FORMATS
    }  # fmt: skip
    reference = as_array(files["png"])
    h, w = reference.shape[:2]
    subprocess.run(
        ["pdftoppm", "-png", "-singlefile", "-scale-to-x", str(w), "-scale-to-y", str(h),
         files["pdf"], str(tmp_path / "pdf")], check=True,
    )  # fmt: skip
    subprocess.run(
        ["rsvg-convert", "-w", str(w), "-h", str(h), "-b", "white", files["svg"],
         "-o", str(tmp_path / "svg.png")], check=True,
    )  # fmt: skip
    svg_text = Path(files["svg"]).read_text(encoding="utf-8")
    assert "<svg" in svg_text and "clipPath" in svg_text
    mm = dpi / 25.4
    margin = int(4 * mm)  # the page's outer 4 mm are empty paper

    def dark_share(image, box):  # share of text-dark pixels in a box (x, y, w, h mm)
        x, y, bw, bh = (round(v * mm) for v in box)
        return (image[y : y + bh, x : x + bw].mean(axis=2) < 110).mean()

    title_box = (10, 6, 277, 10)
    assert dark_share(reference, title_box) > 0.05  # the title is there to compare
    for name in ("pdf", "svg"):
        drawn = as_array(tmp_path / f"{name}.png")
        blocks = block_differences(drawn, reference)
        # text is anti-aliased differently by each reader; a missing or misplaced
        # item (legend, chart, inset) makes whole regions differ
        assert blocks.mean() < 8, (name, blocks.mean())
        assert (blocks > 60).mean() < 0.01, (name, (blocks > 60).mean())
        for edge in (drawn[:margin], drawn[-margin:], drawn[:, :margin], drawn[:, -margin:]):
            assert edge.mean() > 253, name  # white: nothing spills off the map or the inset
        share = dark_share(drawn, title_box) / dark_share(reference, title_box)
        assert 0.8 < share < 1.25, (name, share)  # the title is not covered by the map


def test_svg_needs_pdftocairo_and_says_so(sample, tmp_path, monkeypatch):
    monkeypatch.setattr(lay.shutil, "which", lambda name: None)
    with pytest.raises(lay.LayoutError, match="poppler-utils"):
        lay.export_overlap_map(
            sample["zones"], sample["incidents"], tmp_path / "s.svg", "svg", per_window=False
        )
    assert not (tmp_path / "s.svg").exists()


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
    incidents = QgsVectorLayer(  # one of the desktop loader's layers (subset in the URI)
        f"{sample['incidents'].source()}|layername=incidents|subset=\"side\" = 'a'",
        "JNIM incidents",
        "ogr",
    )
    project.addMapLayers([zones, incidents])
    opened = []
    monkeypatch.setattr(qgis_iface, "openLayoutDesigner", opened.append, raising=False)
    controller = ExportMapController(qgis_iface, project)
    layout = controller.build(zones, incidents, "Briefing map", per_window=True)
    qgis_iface.openLayoutDesigner(layout)
    name = layout.name()
    # named for its groups, and a second map gets its own name (the template's name
    # "Sahel Overlap map" once overwrote both)
    assert name == "Sahel Overlap map: JNIM / ISGS"
    assert opened == [layout]
    assert project.layoutManager().layoutByName(name) is layout
    second = controller.build(zones, incidents, "Briefing map", per_window=False)
    assert second.name() == f"{name} (2)"
    project.layoutManager().removeLayout(second)
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
    assert len(last[lay.ID_MAP].layers()) == 7  # (the sample holds joint operations)
    assert isinstance(last[lay.ID_TITLE], QgsLayoutItemLabel)
    assert last[lay.ID_TITLE].text() == "Briefing map"
    assert isinstance(last[lay.ID_CHART], QgsLayoutItemPicture)
    assert last[lay.ID_CHART].picturePath().startswith("base64:")
    assert last[lay.ID_LEGEND].linkedMap() is last[lay.ID_MAP]
    project.clear()


def fingerprint(path) -> tuple[str, bytes]:
    """A file's MD5 and its SQLite header's journal bytes (1, 1: rollback; 2, 2: WAL)."""
    data = Path(path).read_bytes()
    return hashlib.md5(data).hexdigest(), data[18:20]


def write_gpkg(layer, path) -> Path:
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    error = QgsVectorFileWriter.writeAsVectorFormatV3(
        layer, str(path), QgsProject.instance().transformContext(), options
    )
    assert error[0] == QgsVectorFileWriter.NoError, error
    return Path(path)


def test_export_leaves_its_inputs_and_qgis_base_map_untouched(
    plugin, sample, tmp_path, monkeypatch
):
    """Reading is not writing: the inputs and QGIS's world_map.gpkg keep every byte.

    Opening a GeoPackage for writing switches it to WAL mode (header bytes 18-19
    become 2, 2) and, for QGIS's own file, breaks its package checksum.
    """
    import processing

    from sahel_overlap.plugin.render import layers as base

    world = tmp_path / "world_map.gpkg"
    shutil.copyfile(base.world_map_path(), world)
    with contextlib.closing(sqlite3.connect(world)) as db:  # as shipped, whatever
        db.execute("PRAGMA journal_mode=DELETE")  # another process did to QGIS's copy
    monkeypatch.setattr(base, "world_map_path", lambda: str(world))
    monkeypatch.setattr(lay, "world_map_path", lambda: str(world))
    zones = write_gpkg(sample["zones"], tmp_path / "zones.gpkg")
    incidents = write_incidents_gpkg(sample["events"], tmp_path / "incidents.gpkg")
    files = [zones, incidents, world]
    before = {f: fingerprint(f) for f in files}
    assert all(header == b"\x01\x01" for _md5, header in before.values())
    # the desktop loader's per-group layer (a filter in its URI), as the analyst picks it
    jnim = QgsVectorLayer(f"{incidents}|layername=incidents|subset=\"side\" = 'a'", "JNIM", "ogr")
    assert jnim.isValid()
    result = processing.run(
        "saheloverlap:exportmap",
        {"ZONES": str(zones), "INCIDENTS": jnim, "DPI": 30, "OUTPUT": str(tmp_path / "m.pdf")},
    )
    assert Path(result["OUTPUT"]).is_file()
    del jnim
    assert {f: fingerprint(f) for f in files} == before


def test_qgis_process_runs_the_export(sample, tmp_path, qgis_process_env):
    from .conftest import QGIS_PROCESS

    zones = write_gpkg(sample["zones"], tmp_path / "zones.gpkg")
    incidents = write_incidents_gpkg(sample["events"], tmp_path / "incidents.gpkg")
    before = {f: fingerprint(f) for f in (zones, incidents)}
    assert all(header == b"\x01\x01" for _md5, header in before.values())
    env = qgis_process_env
    out = tmp_path / "map.png"
    run = subprocess.run(
        [
            QGIS_PROCESS,
            "run",
            "saheloverlap:exportmap",
            "--",
            f"ZONES={zones}",
            f"INCIDENTS={incidents}",
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
    assert "ERROR" not in run.stdout + run.stderr
    # PROJ's complaint about the template's maps read before their CRS (issue 25)
    assert "proj_create" not in run.stdout + run.stderr, run.stderr
    assert "PAGES:\t1" in run.stdout
    assert not QImage(str(out)).isNull()
    assert {f: fingerprint(f) for f in before} == before  # inputs only read


# --- briefing grade: sizes, labels, classes, data as text --------------------------


def label_settings(layer):
    labeling = layer.labeling() if layer.labelsEnabled() else None
    return labeling.settings() if labeling is not None else None


def test_every_text_on_the_page_is_7_pt_or_more(built):
    from matplotlib.text import Text
    from qgis.core import QgsLegendStyle, QgsUnitTypes

    _project, layers, layout = built
    items = lay.page_items(layout, len(YEARS) - 1)
    for ident, item in items.items():
        if isinstance(item, QgsLayoutItemLabel):
            assert item.font().pointSizeF() >= ps.MIN_TEXT_PT, ident
    legend = items[lay.ID_LEGEND]
    for style in (QgsLegendStyle.Group, QgsLegendStyle.Subgroup, QgsLegendStyle.SymbolLabel):
        assert legend.style(style).font().pointSizeF() >= ps.MIN_TEXT_PT, style
    bar = items[lay.ID_SCALE_BAR].textFormat()
    assert bar.sizeUnit() == QgsUnitTypes.RenderPoints and bar.size() >= ps.MIN_TEXT_PT
    labelled = 0
    for layer in items[lay.ID_MAP].layers():
        settings = label_settings(layer)
        if settings is None or not settings.drawLabels:
            continue
        fmt = settings.format()
        assert fmt.sizeUnit() == QgsUnitTypes.RenderPoints, layer.name()
        assert fmt.size() >= ps.MIN_TEXT_PT, layer.name()
        labelled += 1
    assert labelled == 2  # countries and zone names (admin names would repeat them)
    size = items[lay.ID_CHART].sizeWithUnits()
    figure = chart.chart_figure(
        layers.monthly, layers.windows[-1], "JNIM", "ISGS", (size.width(), size.height())
    )
    texts = [t for t in figure.findobj(Text) if t.get_text().strip() and t.get_visible()]
    assert len(texts) > 10  # ticks, legend, title
    assert min(t.get_fontsize() for t in texts) >= ps.MIN_TEXT_PT
    # drawn at its printed size, so its points are the page's points
    w, h = figure.get_size_inches()
    assert (w * 25.4, h * 25.4) == pytest.approx((size.width(), size.height()))


def test_items_sit_on_the_page_without_overlapping(built):
    _project, _layers, layout = built
    page_rect = layout.pageCollection().page(0).rect()
    for page in range(len(YEARS)):
        items = lay.page_items(layout, page)
        origin = layout.pageCollection().page(page).pos()

        def rect(ident, items=items, origin=origin):
            r = items[ident].sceneBoundingRect()
            return r.translated(-origin.x(), -origin.y())

        for ident in items:
            assert page_rect.contains(rect(ident)), (page, ident)
        blocks = [lay.ID_TITLE, lay.ID_SUBTITLE, lay.ID_MAP, lay.ID_LEGEND, lay.ID_CHART,
                  lay.ID_INSET, lay.ID_SOURCE, lay.ID_METHOD, lay.ID_NOTE]  # fmt: skip
        for i, a in enumerate(blocks):
            for b in blocks[i + 1 :]:
                overlap = rect(a).intersected(rect(b))
                assert overlap.width() * overlap.height() < 0.5, (page, a, b)
        main = items[lay.ID_MAP]
        for ident in (lay.ID_SCALE_BAR, lay.ID_NORTH, lay.ID_WINDOW):
            assert rect(lay.ID_MAP).contains(rect(ident)), ident
            assert main.isLabelBlockingItem(items[ident]), ident  # map labels keep off it
        gap = rect(lay.ID_CHART).top() - rect(lay.ID_LEGEND).bottom()
        assert 0 <= gap < 6  # the chart follows the legend: no empty band under it


def map_rect(main: QgsLayoutItemMap, item) -> QgsRectangle:
    """A layout item's rectangle in the map's coordinates (the map is not rotated)."""
    extent, frame = main.extent(), main.sceneBoundingRect()
    r = item.sceneBoundingRect()

    def x(v):
        return extent.xMinimum() + (v - frame.left()) / frame.width() * extent.width()

    def y(v):
        return extent.yMaximum() - (v - frame.top()) / frame.height() * extent.height()

    return QgsRectangle(x(r.left()), y(r.bottom()), x(r.right()), y(r.top()))


def test_map_labels_collide_with_nothing_and_name_the_zones(built, tmp_path):
    _project, layers, layout = built
    page = len(YEARS) - 1
    items = lay.page_items(layout, page)
    main = items[lay.ID_MAP]
    settings = QgsLayoutExporter.ImageExportSettings()
    settings.dpi = 100
    settings.pages = [page]
    settings.exportMetadata = False
    settings.generateWorldFile = False
    exporter = QgsLayoutExporter(layout)
    assert exporter.exportToImage(str(tmp_path / "p.png"), settings) == QgsLayoutExporter.Success
    results = exporter.labelingResults()[main.uuid()]
    placed = [lb for lb in results.allLabels() if not lb.isUnplaced]
    assert len(placed) > 20
    for i, a in enumerate(placed):
        for b in placed[i + 1 :]:
            inter = a.labelRect.intersect(b.labelRect)
            assert inter.isEmpty() or inter.area() < 1e-6 * a.labelRect.area(), (
                a.labelText,
                b.labelText,
            )
    for ident in (lay.ID_SCALE_BAR, lay.ID_NORTH, lay.ID_WINDOW):
        blocker = map_rect(main, items[ident])
        hit = [lb.labelText for lb in placed if lb.labelRect.intersects(blocker)]
        assert not hit, (ident, hit)  # e.g. LIBERIA under the scale bar
    names = {lb.labelText for lb in placed if lb.layerID == layers.zones.id()}
    planted_names = set(zone_names().values())
    assert names <= planted_names
    # The synthetic sample packs 33 long names ("… (synthetic)") into Liptako-Gourma:
    # a name that would touch another is left out (the real regions: next test).
    assert len(names) >= 0.80 * len(planted_names), sorted(planted_names - names)


def swatch(symbol, dpi: int = 300, size_mm=(12, 8)) -> np.ndarray:
    """A symbol painted at print resolution, as grey levels (Qt's qGray weights)."""
    from qgis.core import QgsRenderContext
    from qgis.PyQt.QtCore import QRectF
    from qgis.PyQt.QtGui import QPainter, QPolygonF

    w, h = (round(v / 25.4 * dpi) for v in size_mm)
    image = QImage(w, h, QImage.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    context = QgsRenderContext.fromQPainter(painter)
    context.setScaleFactor(dpi / 25.4)
    context.setForceVectorOutput(True)
    symbol.startRender(context)
    symbol.renderPolygon(QPolygonF(QRectF(-5, -5, w + 10, h + 10)), [], None, context)
    symbol.stopRender(context)
    painter.end()
    rgb = as_array(image)
    return (rgb[..., 0] * 11 + rgb[..., 1] * 16 + rgb[..., 2] * 5) / 32


def test_each_class_stands_apart_in_greyscale():
    """On a greyscale print every class differs from every other by its tone or its
    fill pattern (a visible one), 'No activity' and 'Too few events' included."""
    grey = {cls: swatch(ps.zone_symbol(cls)) for cls in ps.zone_classes()}
    patterned = {}
    for cls, g in grey.items():
        pattern = ps.ZONE_PATTERNS.get(cls)
        if pattern:
            assert g.std() > 12, (cls, g.std())  # the pattern shows at print size
            patterned[cls] = pattern[:2]
        else:
            assert g.std() < 3, cls
    classes = list(grey)
    for i, a in enumerate(classes):
        for b in classes[i + 1 :]:
            tone = abs(grey[a].mean() - grey[b].mean())
            assert tone >= 12 or patterned.get(a) != patterned.get(b), (a, b, tone)


def test_legend_and_map_follow_the_class_list_of_definitions(sample, monkeypatch):
    """A class added to definitions appears on the map and in its legend, no layout edit."""
    new = "hypothetical"  # (cooperative, issue 17, came this way)
    monkeypatch.setattr(d, "ZONE_CLASSES", [*d.ZONE_CLASSES, new])
    monkeypatch.setattr(d, "ZONE_COLOURS", {**d.ZONE_COLOURS, new: "#1a9850"})
    label = d.zone_label
    monkeypatch.setattr(
        d,
        "zone_label",  # the map asks for its labels in the installed language (translate)
        lambda c, a, b, translate=str: "Hypothesis" if c == new else label(c, a, b, translate),
    )
    zones = planted_zones_layer(years=[2022])
    first = next(zones.getFeatures())
    zones.dataProvider().changeAttributeValues(
        {first.id(): {zones.fields().indexOf("zone_class"): new}}
    )
    project = QgsProject()
    layers = lay.prepare_layers(zones, sample["incidents"], project)
    layout = lay.build_layout(project, layers)
    try:
        legend = lay.page_items(layout, 0)[lay.ID_LEGEND]
        node = legend.model().rootGroup().findLayer(layers.zones)
        labels = [n.data(0) for n in legend.model().layerLegendNodes(node)]
        assert labels == [d.zone_label(c, "JNIM", "ISGS") for c in d.ZONE_CLASSES]
        assert labels[-1] == "Hypothesis"
        category = layers.zones.renderer().categories()[-1]
        assert category.value() == new and category.symbol().color().name() == "#1a9850"
    finally:
        lay.release_layout(layout, project)


HOSTILE_A = "[% env('HOME') %]"
HOSTILE_B = "<script>alert('x')</script> O'Brien \"B\""
HOSTILE_SOURCE = "[% env('PATH') %] feed"
HOSTILE_ZONE = "[% 6*7 %] zone"
HOSTILE_TITLE = "[% upper('briefing') %] title"


def test_text_from_data_is_shown_never_evaluated(sample, tmp_path):
    """Group, zone and source names and the title reach labels, legend and map
    labels as they are: expressions in them are not run, markup is not read."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) not installed")
    events = sample["events"].copy()
    group = events[d.F_GROUP].astype(str)
    side = events[d.F_SIDE].astype(str)
    events[d.F_GROUP] = np.where(side == d.SIDE_A, HOSTILE_A, group)
    events[d.F_GROUP] = np.where(side == d.SIDE_B, HOSTILE_B, events[d.F_GROUP])
    events[d.F_SOURCE] = HOSTILE_SOURCE
    incidents = write_incidents_gpkg(events, tmp_path / "hostile.gpkg")
    names = dict.fromkeys(zone_names(), HOSTILE_ZONE)
    zones = planted_zones_layer(HOSTILE_A, HOSTILE_B, HOSTILE_SOURCE, names, years=[2022])
    incidents_layer = QgsVectorLayer(incidents, "hostile", "ogr")
    project = QgsProject()
    layers = lay.prepare_layers(zones, incidents_layer, project)
    layout = lay.build_layout(project, layers, HOSTILE_TITLE)
    try:
        items = lay.page_items(layout, 0)
        shown = {i: ps.unplain(items[i].currentText()) for i in (lay.ID_TITLE, lay.ID_NOTE)}
        assert shown[lay.ID_TITLE] == HOSTILE_TITLE
        assert HOSTILE_A in shown[lay.ID_NOTE] and HOSTILE_B in shown[lay.ID_NOTE]
        assert "[% env('PATH') %] feed" in ps.unplain(items[lay.ID_SOURCE].currentText())
    finally:
        lay.release_layout(layout, project)
    pdf = lay.export_overlap_map(zones, incidents_layer, tmp_path / "h.pdf", "pdf",
                                 HOSTILE_TITLE, per_window=False, dpi=60)  # fmt: skip
    text = subprocess.run(
        ["pdftotext", "-layout", pdf[0], "-"], capture_output=True, text=True, check=True
    ).stdout
    text = unicodedata.normalize("NFKC", ps.unplain(text))  # ﬁ ligatures to fi
    flat = " ".join(text.split())
    for value in (HOSTILE_TITLE, HOSTILE_SOURCE, HOSTILE_ZONE, f"{HOSTILE_A} incidents",
                  f"{HOSTILE_A} only", "<script>alert('x')</script>"):  # fmt: skip
        assert value in flat, value
    for evaluated in (os.environ["HOME"] + " incidents", "BRIEFING", "42 zone"):
        assert evaluated not in flat, evaluated
    assert os.environ["PATH"] not in flat


def test_chart_counts_every_group_whatever_layer_is_picked(sample):
    """The analyst picks 'JNIM incidents' (a per-group layer): chart and legend
    still count both groups and their clashes, as the map shows them."""
    path = sample["incidents"].source()
    jnim = QgsVectorLayer(f"{path}|layername=incidents|subset=\"side\" = 'a'", "JNIM", "ogr")
    events = sample["events"]
    project = QgsProject()
    layers = lay.prepare_layers(sample["zones"], jnim, project)
    try:
        totals = layers.monthly.sum()
        for side in (d.SIDE_A, d.SIDE_B, d.SIDE_CLASH):
            assert totals[side] == (events[d.F_SIDE] == side).sum(), side
        figure = chart.chart_figure(layers.monthly, layers.windows[-1], "JNIM", "ISGS", (82, 50))
        legend = [t.get_text() for t in figure.axes[0].get_legend().get_texts()]
        assert {"JNIM", "ISGS", "JNIM vs ISGS clashes"} <= set(legend)
        lines = {ln.get_label(): ln.get_ydata().sum() for ln in figure.axes[0].get_lines()}
        assert lines["ISGS"] == totals[d.SIDE_B] > 0
    finally:
        project.clear()


def test_export_dialog_never_defaults_to_the_ambiguous_layer(qgis_new_project, sample):
    from sahel_overlap.plugin.gui.export_map import ExportMapDialog, default_incidents
    from sahel_overlap.plugin.render.layers import side_subset

    project = QgsProject.instance()
    path = sample["incidents"].source()

    def side_layer(side):
        uri = f"{path}|layername=incidents|subset={side_subset(side)}"
        return QgsVectorLayer(uri, side, "ogr")

    ambiguous = side_layer(d.SIDE_AMBIGUOUS)
    project.addMapLayers([ambiguous, side_layer(d.SIDE_CLASH), side_layer(d.SIDE_A)])
    chosen = default_incidents(project)
    assert chosen is not None and chosen is not ambiguous
    assert ExportMapDialog(project).incidents.currentLayer() is chosen
    every = QgsVectorLayer(path, "All incidents", "ogr")
    project.addMapLayer(every)
    assert default_incidents(project) is every  # all groups, unfiltered, first
    # the layout's own hidden copies are never offered
    layers = lay.prepare_layers(sample["zones"], every, project, group_name="copies")
    assert all(is_layout_copy(lyr) for lyr in layers.all())
    dialog = ExportMapDialog(project)
    assert not is_layout_copy(dialog.incidents.currentLayer())
    assert not is_layout_copy(dialog.zones.currentLayer())
    project.clear()


def test_footer_shows_the_scoring_provenance_when_the_zones_carry_it(sample):
    zones = planted_zones_layer(years=[2021, 2022])
    meta = zones.metadata()
    meta.setHistory(["Sahel Overlap 0.1.0", "WINDOW=year MIN_EVENTS=5 SEED=[% 1+1 %]"])
    zones.setMetadata(meta)
    project = QgsProject()
    layers = lay.prepare_layers(zones, sample["incidents"], project)
    layout = lay.build_layout(project, layers)
    try:
        for page in range(2):
            line = lay.page_items(layout, page)[lay.ID_PROVENANCE].currentText()
            assert ps.unplain(line) == (
                "Scoring: Sahel Overlap 0.1.0 · WINDOW=year MIN_EVENTS=5 SEED=[% 1+1 %]"
            )
    finally:
        lay.release_layout(layout, project)
    assert lay.provenance(sample["zones"]) == ""  # none recorded: the line stays empty


def test_zones_whose_class_ambiguous_events_decide_are_marked(sample):
    """With the scorer's class_stable field, unstable zones get a dashed outline layer
    and a legend entry; stable ones none."""
    zones = planted_zones_layer(years=[2022])
    zones.dataProvider().addAttributes([QgsField(ps.UNSTABLE_FIELD, QVariant.Int)])
    zones.updateFields()
    idx = zones.fields().indexOf(ps.UNSTABLE_FIELD)
    ids = [f.id() for f in zones.getFeatures()]
    changes = {fid: {idx: 0 if n < 3 else 1} for n, fid in enumerate(ids)}
    assert zones.dataProvider().changeAttributeValues(changes)
    project = QgsProject()
    layers = lay.prepare_layers(zones, sample["incidents"], project)
    layout = lay.build_layout(project, layers)
    try:
        assert layers.unstable is not None and layers.unstable.featureCount() == 3
        main = lay.page_items(layout, 0)[lay.ID_MAP]
        assert layers.unstable in main.layers()
        legend = lay.page_items(layout, 0)[lay.ID_LEGEND]
        assert legend.model().rootGroup().findLayer(layers.unstable) is not None
    finally:
        lay.release_layout(layout, project)
    other = QgsProject()
    assert lay.prepare_layers(sample["zones"], sample["incidents"], other).unstable is None
    other.clear()


@pytest.mark.parametrize(
    "first, last", [("2017-01", "2020-12"), ("2007-01", "2018-12"), ("2021-03", "2021-11"),
                    ("2019-01", "2020-06"), ("2020-05", "2020-05")]
)  # fmt: skip
def test_chart_texts_never_touch(first, last):
    """Tick labels, legend and title of the chart stay apart whatever the period
    (real files span months to decades: half-year ticks once ran into each other)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    months = pd.period_range(first, last, freq="M")
    counts = np.arange(len(months)) % 7 + 1
    monthly = pd.DataFrame(
        {d.SIDE_A: counts * 3, d.SIDE_B: counts, d.SIDE_CLASH: counts % 2}, index=months
    )
    window = lay.Window(months[-1].start_time.date(), months[-1].end_time.date())
    figure = chart.chart_figure(monthly, window, "JNIM", "ISGS", (82, 50))
    FigureCanvasAgg(figure).draw()
    renderer = figure.canvas.get_renderer()
    ax = figure.axes[0]
    low, high = ax.get_xlim()  # ticks outside the axis are not drawn
    ticks = zip(ax.get_xticklabels(), ax.get_xticks())
    labels = [t for t, at in ticks if t.get_text() and low <= at <= high]
    assert len(labels) >= 2, (first, last)
    boxes = [t.get_window_extent(renderer) for t in labels]
    for a, b in itertools.pairwise(boxes):
        assert a.x1 < b.x0, (first, last, [t.get_text() for t in labels])
    figure_box = figure.bbox
    for text in [*labels, ax.title, *ax.get_legend().get_texts()]:
        box = text.get_window_extent(renderer)
        assert figure_box.x0 - 1 <= box.x0 and box.x1 <= figure_box.x1 + 1, text.get_text()


def test_real_mali_regions_are_all_named_and_no_label_collides(plugin, real_data, tmp_path):
    """ACLED's real Mali export scored on Mali's Natural Earth regions by year: the
    2020 page names all nine regions, and no label touches another or the scale bar."""
    import processing

    incidents = tmp_path / "mali.gpkg"
    processing.run(
        "saheloverlap:importincidents",
        {
            "INPUT": str(real_data / "acled_mali_2017_2020_actor_based.csv"),
            "OUTPUT": str(incidents),
        },
    )
    regions = real_data / "boundaries" / "naturalearth_admin1_mli_bfa_ner.geojson"
    mali = QgsVectorLayer(f"{regions}|subset=\"adm0_a3\" = 'MLI'", "Mali", "ogr")  # read only
    zones = tmp_path / "regions.gpkg"
    processing.run(
        "saheloverlap:scorezones",
        {"INCIDENTS": str(incidents), "ZONES": mali.materialize(QgsFeatureRequest()),
         "WINDOW": 1, "OUTPUT": str(zones)},
    )  # fmt: skip
    project = QgsProject()
    layers = lay.prepare_layers(
        QgsVectorLayer(str(zones), "zones", "ogr"),
        QgsVectorLayer(str(incidents), "incidents", "ogr"),
        project,
    )
    layout = lay.build_layout(project, layers, per_window=False)
    try:
        assert layers.windows[-1].tag == "2020"
        items = lay.page_items(layout, 0)
        settings = QgsLayoutExporter.ImageExportSettings()
        settings.dpi = 100
        settings.exportMetadata = False
        settings.generateWorldFile = False
        exporter = QgsLayoutExporter(layout)
        assert exporter.exportToImage(str(tmp_path / "p.png"), settings) == 0
        placed = [
            lb
            for lb in exporter.labelingResults()[items[lay.ID_MAP].uuid()].allLabels()
            if not lb.isUnplaced
        ]
        names = {lb.labelText for lb in placed if lb.layerID == layers.zones.id()}
        expected = {f["name"] for f in mali.getFeatures()}
        assert len(expected) == 9 and names == expected
        for a, b in itertools.combinations(placed, 2):
            assert not a.labelRect.intersects(b.labelRect), (a.labelText, b.labelText)
        bar = map_rect(items[lay.ID_MAP], items[lay.ID_SCALE_BAR])
        assert not [lb.labelText for lb in placed if lb.labelRect.intersects(bar)]
    finally:
        lay.release_layout(layout, project)


def test_qgis_own_world_map_is_never_opened(sample, tmp_path):
    """The base map and the locator read the plugin's copy in the profile, in
    rollback-journal mode, made once; QGIS's file (which a writable opening turns
    to WAL) is in no layer's source."""
    from qgis.core import QgsApplication

    from sahel_overlap.plugin.render import layers as base

    path = Path(base.world_map_path())
    assert path.parent == Path(QgsApplication.qgisSettingsDirPath()) / d.PLUGIN_FOLDER
    assert path.read_bytes()[18:20] == b"\x01\x01"
    made = path.stat().st_mtime_ns
    assert base.world_map_path() == str(path) and path.stat().st_mtime_ns == made
    project = QgsProject()
    layers = lay.prepare_layers(sample["zones"], sample["incidents"], project)
    try:
        qgis_data = QgsApplication.pkgDataPath()
        sources = [layer.source() for layer in layers.all()]
        assert not [s for s in sources if s.startswith(qgis_data)]
        assert sum(str(path) in s for s in sources) == 3  # countries, regions, locator
        assert all(layer.isValid() and layer.featureCount() > 0 for layer in layers.all()[-3:])
    finally:
        project.clear()


def test_markers_thin_out_when_a_window_holds_many_events():
    """At 300,000 events (about 41,000 dots and 800 clash stars a year on a 210 x 180 mm
    map) full-size markers bury the zone classes: dots shrink to their floor, stars and
    triangles to the size at which they cover 2 % of the map. The sample's density changes nothing."""
    from sahel_overlap.plugin.render.print_style import marker_sizes, thinned_sizes

    A, B, C, J = d.SIDE_A, d.SIDE_B, d.SIDE_CLASH, d.SIDE_JOINT
    sizes = marker_sizes(10.0)  # dots 0.9 mm, stars 2.3 mm, triangles 1.955 mm
    area = 210.0 * 180.0
    sample = {A: 870, B: 500, C: 25, J: 2}  # a year of the bundled sample
    assert thinned_sizes(sizes, sample, area) == sizes
    dense = {A: 26_000, B: 15_000, C: 770, J: 70}
    thin = thinned_sizes(sizes, dense, area)
    # dots: sqrt(4 * 0.05 * 37,800 / (pi * 41,000)) = 0.24 mm, below the 0.3 mm floor
    assert thin[A] == thin[B] == 0.3
    # stars and triangles: sqrt(4 * 0.02 * 37,800 / (pi * 840)) = 1.0705 mm, above floors
    assert abs(thin[C] - 1.0705) < 1e-4 and thin[J] == thin[C]
    # a marker already smaller than the floor (tiny hexagons) is never enlarged
    assert thinned_sizes({A: 0.2}, dense, area)[A] == 0.2


def test_a_footer_line_too_long_even_at_its_smallest_size_is_cut_not_wrapped():
    """A long provenance line (many countries' coverage) wrapped over the note below in
    the desktop run: shrunk to TEXT_MIN_PT and still too wide, its end is cut with "…"
    (the whole record stays in the file's metadata); a short line is left whole."""
    from qgis.core import (
        QgsLayout,
        QgsLayoutItemLabel,
        QgsLayoutSize,
        QgsLayoutUtils,
        QgsProject,
        QgsUnitTypes,
    )
    from qgis.PyQt.QtGui import QFont

    layout = QgsLayout(QgsProject.instance())
    label = QgsLayoutItemLabel(layout)
    label.attemptResize(QgsLayoutSize(120, 5, QgsUnitTypes.LayoutMillimeters))
    font = QFont(label.font())
    font.setPointSizeF(9)
    label.setFont(font)
    long_text = "Scoring: v0.2.0 · [covered] " + " · ".join(f"country {n}" for n in range(60))
    label.setText(lay.plain(long_text))
    lay.fit_line(label)
    shown = ps.unplain(label.currentText())
    assert label.font().pointSizeF() == lay.TEXT_MIN_PT
    assert shown.endswith("…") and long_text.startswith(shown[:-1])
    width = label.sizeWithUnits().width()
    assert QgsLayoutUtils.textWidthMM(label.font(), shown) <= width
    assert len(shown) > 40  # cut at the box's edge, not far before it
    label.setFont(font)
    label.setText(lay.plain("Scoring: v0.2.0"))
    lay.fit_line(label)
    assert ps.unplain(label.currentText()) == "Scoring: v0.2.0" and label.font().pointSizeF() == 9
