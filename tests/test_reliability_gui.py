"""Text from the data (group names, file names) is shown as text in the docks and
the message bar, never interpreted as markup (a name with ``<b>`` or ``<img>``)."""

from __future__ import annotations

import dataclasses
import time

from qgis.core import QgsDateTimeRange, QgsProject, QgsTemporalNavigationObject
from qgis.gui import QgsMessageBar
from qgis.PyQt.QtCore import QCoreApplication, QDate, QDateTime, Qt, QTime
from qgis.PyQt.QtWidgets import QTextBrowser

from sahel_overlap.plugin import definitions as d
from sahel_overlap.plugin.io.writers import write_incidents_gpkg
from sahel_overlap.plugin.render.layers import add_incident_layers

from .test_docks import docks, nav, wait_until, year_of_events  # noqa: F401  (fixtures)
from .test_heatmap import incident_frame

NAME_A = "<b>JNIM</b>"
NAME_B = '<img src="/nonexistent.png">ISGS'


def test_the_heatmap_dock_shows_group_names_as_text(
    qgis_iface,
    qgis_new_project,
    nav,  # noqa: F811
    docks,  # noqa: F811
    tmp_path,
):
    from sahel_overlap.plugin.gui.heatmap_dock import HeatmapDock

    frame = incident_frame(year_of_events())
    frame[d.F_GROUP] = frame[d.F_GROUP].replace({"JNIM": NAME_A, "ISGS": NAME_B})
    gpkg = write_incidents_gpkg(frame, tmp_path / "inc.gpkg")
    add_incident_layers(gpkg, QgsProject.instance(), NAME_A, NAME_B)
    heat = HeatmapDock(qgis_iface)
    docks.append(heat)
    nav.setNavigationMode(QgsTemporalNavigationObject.FixedRange)
    nav.setTemporalExtents(
        QgsDateTimeRange(
            QDateTime(QDate(2020, 5, 1), QTime(0, 0)),
            QDateTime(QDate(2020, 5, 31), QTime(23, 59, 59)),
        )
    )
    wait_until(lambda: heat.result is not None and heat.shown_generation == heat.generation)
    label = heat.ui.countsLabel
    assert f"{NAME_A}: 3 events, {NAME_B}: 3 events" in label.text()
    assert label.textFormat() == Qt.PlainText  # the tags show as typed
    assert heat.ui.statusLabel.textFormat() == Qt.PlainText


class IfaceWithBar:
    def __init__(self, iface, bar):
        self._iface, self._bar = iface, bar

    def messageBar(self):
        return self._bar

    def __getattr__(self, name):
        return getattr(self._iface, name)


def _bar_texts(bar) -> list[str]:
    """What the message bar's items show (their text browsers' plain text)."""
    shown = []
    for browser in bar.findChildren(QTextBrowser):
        shown.append(browser.toPlainText())
    return shown


def test_the_message_bar_shows_group_names_as_text(qgis_iface, qgis_new_project, tmp_path):
    from sahel_overlap.plugin.core.presets import load_presets
    from sahel_overlap.plugin.gui.load_incidents import LoadIncidentsController

    bar = QgsMessageBar()  # pytest-qgis's iface has a stand-in bar that renders nothing
    preset = dataclasses.replace(load_presets()[d.DEFAULT_PRESET], group_a=NAME_A, group_b=NAME_B)
    ctrl = LoadIncidentsController(IfaceWithBar(qgis_iface, bar), QgsProject.instance())
    ctrl.start(str(d.SAMPLE_CSV), preset, folder=tmp_path)
    deadline = time.monotonic() + 120
    while not ctrl.layers and time.monotonic() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.01)
    assert ctrl.layers
    shown = [t for t in _bar_texts(bar) if "Loaded" in t]
    assert shown and NAME_A in shown[-1] and NAME_B in shown[-1], _bar_texts(bar)
    bar.clearWidgets()
