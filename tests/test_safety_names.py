"""Names from the data are made inert before QGIS shows them (issue 22, item 8): a group
named ``[% env('HOME') %]`` printed the home folder in a print layout legend the analyst
made. SYNTHETIC sample, hostile group names."""

from __future__ import annotations

import subprocess

import pytest
from qgis.core import (
    QgsLayoutExporter,
    QgsLayoutItemLegend,
    QgsLayoutItemMap,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsPrintLayout,
    QgsProject,
    QgsRectangle,
    QgsRenderContext,
    QgsUnitTypes,
    QgsVectorLayer,
)

from sahel_overlap.plugin import definitions as d
from sahel_overlap.plugin.render import layers as render_layers
from sahel_overlap.plugin.render.text import plain, unplain
from sahel_overlap.plugin.render.zone_style import relabel_zone_classes

HOSTILE_A = "[% env('HOME') %]"
HOSTILE_B = "[% 6*7 %] cell"


def test_plain_is_inert_and_idempotent():
    assert unplain(plain(HOSTILE_A)) == HOSTILE_A
    assert plain(plain(HOSTILE_A)) == plain(HOSTILE_A)
    assert "[%" not in plain(HOSTILE_A) and plain("JNIM") == "JNIM"


def legend_text(project: QgsProject, tmp_path) -> str:
    """A layout the analyst makes: a map and a legend of every layer, printed to PDF."""
    layout = QgsPrintLayout(project)
    layout.initializeDefaults()
    layout.setName("analyst's own")
    project.layoutManager().addLayout(layout)
    page_map = QgsLayoutItemMap(layout)
    page_map.attemptMove(QgsLayoutPoint(5, 5, QgsUnitTypes.LayoutMillimeters))
    page_map.attemptResize(QgsLayoutSize(100, 100, QgsUnitTypes.LayoutMillimeters))
    page_map.setExtent(QgsRectangle(-6, 10, 5, 18))
    layout.addLayoutItem(page_map)
    legend = QgsLayoutItemLegend(layout)
    legend.setLinkedMap(page_map)
    legend.setAutoUpdateModel(True)
    legend.attemptMove(QgsLayoutPoint(110, 5, QgsUnitTypes.LayoutMillimeters))
    layout.addLayoutItem(legend)
    legend.adjustBoxSize()
    pdf = tmp_path / "legend.pdf"
    settings = QgsLayoutExporter.PdfExportSettings()
    settings.textRenderFormat = QgsRenderContext.TextFormatAlwaysText  # text as text
    assert QgsLayoutExporter(layout).exportToPdf(str(pdf), settings) == 0
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    return unplain(text)


@pytest.fixture
def project():
    project = QgsProject.instance()
    project.clear()
    yield project
    project.clear()


def test_a_user_layout_legend_prints_hostile_names_as_written(
    plugin, project, tmp_path, monkeypatch
):
    import processing

    monkeypatch.setenv("HOME", "/srv/secret-home-4242")
    inc = tmp_path / "inc.gpkg"
    processing.run("saheloverlap:importincidents", {"INPUT": str(d.SAMPLE_CSV), "OUTPUT": str(inc)})
    incidents = QgsVectorLayer(str(inc), "incidents", "ogr")
    project.addMapLayer(incidents)
    # The import's presenter: per-side layers, named and labelled after the groups.
    render_layers.present_imported(incidents, project, HOSTILE_A, HOSTILE_B, "[% 'label' %]")
    scored = processing.run(
        "saheloverlap:scorezones",
        {"INCIDENTS": str(inc), "ZONES": str(d.SAMPLE_ZONES), "OUTPUT": "memory:"},
    )["OUTPUT"]
    render_layers.apply_style(scored, "zones.qml")
    relabel_zone_classes(scored, HOSTILE_A, HOSTILE_B)
    scored.setName("scored zones")
    project.addMapLayer(scored)
    # A control: a name the plugin did not make is evaluated by the same legend.
    control = QgsVectorLayer("Point?crs=EPSG:4326", "control [% 6*7 %]", "memory")
    project.addMapLayer(control)

    text = legend_text(project, tmp_path)
    assert "control 42" in text  # the legend does evaluate what it is given
    assert "secret-home-4242" not in text
    assert "42 cell" not in text
    flat = " ".join(text.split())
    assert f"{HOSTILE_A} incidents" in flat
    assert f"{HOSTILE_A} only" in flat or f"Only {HOSTILE_A}" in flat or HOSTILE_A in flat
    assert HOSTILE_B in flat
