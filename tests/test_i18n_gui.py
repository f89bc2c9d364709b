"""The desktop GUI in French: docks (their Designer forms and their Python texts), chart
axes and month names, the plugin's menu actions and its message bar; English unchanged.

French is installed before the docks are built, as the plugin does when QGIS creates
it, and uninstalled after each test (the other tests read English).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import time

import pytest
from qgis.core import QgsProject, QgsSettings
from qgis.gui import QgsMessageBar
from qgis.PyQt.QtCore import QCoreApplication

from sahel_overlap.plugin import definitions as d
from sahel_overlap.plugin import i18n

from .conftest import ROOT
from .test_docks import docks, incident_layers, nav, wait_until  # noqa: F401 (fixtures)
from .test_reliability_gui import IfaceWithBar, _bar_texts

D = dt.date


def build_docks(iface, made):
    """Both docks, as the plugin opens them, with January 2020's surface computed."""
    from sahel_overlap.plugin.gui.heatmap_dock import HeatmapDock
    from sahel_overlap.plugin.gui.time_slider_dock import TimeSliderDock

    slider = TimeSliderDock(iface)
    made.append(slider)
    wait_until(lambda: slider.timeline is not None)
    slider.configure(length="month", step="month", cumulative=False)
    heat = HeatmapDock(iface, slider=slider)
    made.append(heat)
    wait_until(lambda: heat.shown_generation > 0 and heat.curve is not None)
    wait_until(lambda: heat.shown_generation == heat.generation)
    for chart in (slider.chart, heat.chart):
        chart.resize(330, 140)
        chart.grab()  # painted: its year/month axis labels are known
    return slider, heat


def combo_items(combo) -> list[str]:
    return [combo.itemText(i) for i in range(combo.count())]


def axis_labels(chart) -> list[str]:
    return [label for label, _left, _right in chart.x_labels]


def test_docks_read_french(french, qgis_iface, nav, incident_layers, docks):  # noqa: F811
    slider, heat = build_docks(qgis_iface, docks)
    ui = slider.ui
    assert slider.windowTitle() == "Sahel Overlap : curseur temporel"
    # The .ui strings, translated by uic's retranslateUi in the form's own context.
    assert ui.lengthLabel.text() == "Période"
    assert ui.stepLabel.text() == "Pas"
    assert ui.cumulativeCheck.text() == "Cumulé"
    assert ui.layersBox.title() == "Couches et champs de date"
    assert ui.rewindButton.toolTip() == "Première période"
    assert ui.nextButton.toolTip() == "Période suivante"
    assert ui.playButton.toolTip() == "Lecture"
    assert ui.speedSpin.suffix() == " i/s"
    assert ui.exportMapButton.text() == "Carte…"
    # Units shown in French, stored as the English unit (projects open in any language).
    units = ["jour", "semaine", "mois", "trimestre", "année", "nombre de jours"]
    assert combo_items(ui.lengthCombo) == units and combo_items(ui.stepCombo) == units
    slider.configure(length="quarter")
    assert ui.lengthCombo.currentText() == "trimestre"
    assert slider.settings.length == "quarter"
    assert QgsProject.instance().readEntry(d.PLUGIN_FOLDER, "slider/length")[0] == "quarter"
    slider.configure(length="month")
    slider.play(True)
    assert ui.playButton.toolTip() == "Pause"
    slider.play(False)
    assert ui.playButton.toolTip() == "Lecture"
    # Chart: axis label, legend entries and month names in French.
    assert slider.chart.y_label == "év. / mois"
    assert "affrontements" in [s.name for s in slider.chart.series]
    months = axis_labels(slider.chart)
    assert "janv. 2020" in months and {"avr.", "juil.", "oct."} & set(months), months

    hui = heat.ui
    assert heat.windowTitle() == "Sahel Overlap : carte de chaleur"
    assert hui.showCheck.text() == "Afficher sur la carte"
    assert hui.bandwidthLabel.text() == "Largeur"
    assert hui.cellLabel.text() == "Cellules"
    assert hui.bandwidthSpin.toolTip() == "Largeur de bande : écart type du noyau gaussien"
    assert combo_items(hui.weightCombo) == ["événements", "morts"]
    assert combo_items(hui.methodCombo) == ["min", "produit"]
    assert hui.methodCombo.toolTip().startswith("min : élevé seulement là où")
    assert heat.chart.y_label == "indice"
    index = hui.indexLabel.text()
    assert "<b>janvier 2020</b> : chevauchement (min)" in index, index
    assert "JNIM : 3 événements, ISGS : 3 événements" in hui.countsLabel.text()
    assert "largeur de bande 50 km, cellules 5 km" in hui.countsLabel.toolTip()
    assert heat.legend.note.startswith("probabilité partagée pour 1\u00a0000 km², ")
    assert heat.legend.labels[2].endswith(" ou plus")


def test_docks_english_unchanged(qgis_iface, nav, incident_layers, docks):  # noqa: F811
    from sahel_overlap.plugin.gui import heatmap_dock
    from sahel_overlap.plugin.render import heatmap_layer as hm

    assert i18n.language() == "en"
    slider, heat = build_docks(qgis_iface, docks)
    ui = slider.ui
    assert slider.windowTitle() == "Sahel Overlap: time slider"
    assert (ui.lengthLabel.text(), ui.cumulativeCheck.text()) == ("Window", "Cumulative")
    assert ui.rewindButton.toolTip() == "First window"
    assert combo_items(ui.lengthCombo) == ["day", "week", "month", "quarter", "year",
                                           "number of days"]  # fmt: skip
    assert slider.chart.y_label == "events / month"
    assert "Jan 2020" in axis_labels(slider.chart)
    assert heat.ui.bandwidthLabel.text() == "Bandwidth"
    assert combo_items(heat.ui.weightCombo) == ["events", "fatalities"]
    assert heat.chart.y_label == "overlap index"
    assert "<b>January 2020</b>: overlap index (min)" in heat.ui.indexLabel.text()
    assert "JNIM: 3 events, ISGS: 3 events" in heat.ui.countsLabel.text()
    # The dock's units line is the heatmap layer's units, the same English text.
    assert heatmap_dock.UNITS == hm.UNITS
    assert heat.legend.note == f"{hm.UNITS}, one scale, all windows"


@pytest.fixture
def french_setting():
    """QGIS set to French (Settings > Options > General > Override system locale)."""
    settings = QgsSettings()
    before = settings.value("locale/userLocale", None)
    settings.setValue("locale/userLocale", "fr_FR")
    try:
        yield
    finally:
        if before is None:
            settings.remove("locale/userLocale")
        else:
            settings.setValue("locale/userLocale", before)
        i18n.uninstall()


def make_plugin(iface, monkeypatch):
    import sahel_overlap

    # pytest-qgis 2.1's iface stub lacks these two (unload calls them).
    monkeypatch.setattr(iface, "removePluginMenu", lambda *_: None, raising=False)
    monkeypatch.setattr(iface, "removeDockWidget", lambda *_: None, raising=False)
    instance = sahel_overlap.classFactory(iface)
    instance.initGui()
    return instance


def test_menu_actions_follow_the_qgis_language(plugin, qgis_iface, monkeypatch, french_setting):
    plugin.unload()  # the session's copy: one provider at a time
    instance = make_plugin(qgis_iface, monkeypatch)
    try:
        assert i18n.language() == "fr"  # installed by the plugin from QGIS's setting
        assert [a.text() for a in instance.actions] == [
            "Charger des incidents…",
            "Évaluer les zones (parallèles ou disputées)…",
            "Curseur temporel",
            "Carte de chaleur des chevauchements",
            "Exporter la carte des chevauchements…",
            "Actualiser depuis ACLED",
        ]
    finally:
        instance.unload()
        plugin.initProcessing()
    assert i18n.language() == "en"  # unload gives English back


def test_menu_actions_english(plugin, qgis_iface, monkeypatch):
    plugin.unload()
    instance = make_plugin(qgis_iface, monkeypatch)
    try:
        assert [a.text() for a in instance.actions][:3] == [
            "Load incidents…",
            "Score zones (parallel vs contested)…",
            "Time slider",
        ]
    finally:
        instance.unload()
        plugin.initProcessing()


def test_message_bar_in_french(french, qgis_iface, qgis_new_project, tmp_path):
    from sahel_overlap.plugin.core.presets import load_presets
    from sahel_overlap.plugin.gui.acled_refresh import RefreshController
    from sahel_overlap.plugin.gui.load_incidents import LoadIncidentsController

    bar = QgsMessageBar()  # pytest-qgis's iface has a stand-in bar that renders nothing
    iface = IfaceWithBar(qgis_iface, bar)
    try:
        assert RefreshController(iface, QgsProject.instance()).start() is None
        assert any(
            "Aucune couche de ce projet n'a été récupérée d'ACLED : lancez d'abord" in t
            for t in _bar_texts(bar)
        ), _bar_texts(bar)
        ctrl = LoadIncidentsController(iface, QgsProject.instance())
        ctrl.start(str(d.SAMPLE_CSV), load_presets()[d.DEFAULT_PRESET], folder=tmp_path)
        deadline = time.monotonic() + 120
        while not ctrl.layers and time.monotonic() < deadline:
            QCoreApplication.processEvents()
            time.sleep(0.01)
        shown = [t for t in _bar_texts(bar) if "Chargés : JNIM " in t]
        assert shown and ", affrontements entre eux " in shown[-1], _bar_texts(bar)
        # counts grouped as French groups thousands ("5,235" would read as a decimal)
        # (the bar's rich text shows the no-break space as a plain one)
        assert re.search("JNIM 5[\u00a0 ]235, ISGS 2[\u00a0 ]977", shown[-1]), shown[-1]
    finally:
        bar.clearWidgets()


@pytest.mark.desktop
def test_french_docks_fit_a_1366x768_screen(tmp_path):
    """The 1366×768 check of tests/test_desktop_e2e.py with QGIS set to French (longer
    labels): neither dock scrolls, whole axes, the units line drawn whole, in French."""
    from .test_desktop_e2e import docks_fit_1366x768

    heat = docks_fit_1366x768(tmp_path, locale="fr_FR")
    assert heat["units_line"].startswith("probabilité partagée pour 1\u00a0000 km²")
    out = ROOT / "out"  # for a look (the desktop tests leave their screenshots there)
    out.mkdir(exist_ok=True)
    for name in ("docks_1366x768.png", "docks_column.png"):
        shutil.copy(tmp_path / name, out / f"fr_{name}")


def test_export_dialog_in_french(french, qgis_new_project):
    from qgis.PyQt.QtWidgets import QFormLayout

    from sahel_overlap.plugin.gui.export_map import ExportMapDialog

    dialog = ExportMapDialog(QgsProject.instance())
    form = dialog.findChild(QFormLayout)
    assert dialog.windowTitle() == "Sahel Overlap : exporter la carte des chevauchements"
    assert form.labelForField(dialog.zones).text() == "Zones évaluées"
    assert form.labelForField(dialog.title).text() == "Titre"
    assert dialog.per_window.text() == "Une page par période"
    hint = dialog.title.placeholderText()
    assert hint == "<A> et <B> au Sahel : opérations parallèles ou disputées ?"
    # The whole (longer) hint shows.
    assert dialog.title.minimumWidth() > dialog.title.fontMetrics().horizontalAdvance(hint)
