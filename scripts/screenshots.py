"""README screenshots of the docks, taken inside the real QGIS desktop.

Run by ``scripts/make_screenshots.py`` (``make screenshots``) as
``qgis --code scripts/screenshots.py`` on a 1366×768 Xvfb screen: loads the
bundled SYNTHETIC sample through the plugin, opens the time slider and the
overlap heatmap docks on the right and QGIS's own Temporal Controller under the
map, moves to September 2020, waits until the heatmap and the map are drawn,
and saves the main window (``docs/images/docks_1366x768.png``) and the dock
column at full size (``docs/images/docks_column.png``). Generated, so the
README never shows docks that no longer look like that.
"""

import json
import os
import threading
import time
import traceback
from pathlib import Path

from qgis.core import QgsProject
from qgis.PyQt.QtCore import QMetaObject, Qt, QTimer
from qgis.PyQt.QtWidgets import QDockWidget
from qgis.utils import iface, plugins

OUT = Path(os.environ.get("SAHEL_SHOTS_OUT", "docs/images"))
WORK = Path(os.environ.get("SAHEL_SHOTS_WORK", "build/screenshots"))
LOG = OUT / "screenshots.log"
REPORT = os.environ.get("SAHEL_SHOTS_REPORT", "")  # JSON: does each dock fit its room?
started = time.monotonic()


def log(message):
    OUT.mkdir(parents=True, exist_ok=True)
    with open(LOG, "a", encoding="utf-8") as f:
        f.write(f"{time.monotonic() - started:.1f} {message}\n")


def quit_qgis():
    QgsProject.instance().removeAllMapLayers()
    QgsProject.instance().setDirty(False)
    threading.Timer(20.0, os._exit, [0]).start()
    QMetaObject.invokeMethod(iface.actionExit(), "trigger", Qt.QueuedConnection)


def poll(cond, then, what, timeout=180):
    def tick():
        try:
            if cond():
                then()
            elif time.monotonic() - started > timeout:
                log(f"timed out waiting for {what}")
                quit_qgis()
            else:
                QTimer.singleShot(100, tick)
        except Exception:
            log(traceback.format_exc())
            quit_qgis()

    QTimer.singleShot(100, tick)


def start():
    from qgis.PyQt.QtWidgets import QApplication

    window = iface.mainWindow()
    window.setGeometry(QApplication.primaryScreen().availableGeometry())  # no window manager
    window.showMaximized()
    for name in ("Browser", "Browser2"):  # room for the map at 1366×768
        dock = window.findChild(QDockWidget, name)
        if dock is not None:
            dock.hide()
    from sahel_overlap.plugin import definitions as d
    from sahel_overlap.plugin.core.presets import load_presets
    from sahel_overlap.plugin.gui.load_incidents import LoadIncidentsController

    ctrl = LoadIncidentsController(iface)
    ctrl.start(str(d.SAMPLE_CSV), load_presets()[d.DEFAULT_PRESET], folder=WORK)
    poll(lambda: bool(ctrl.layers), loaded, "the incidents")


def loaded():
    plugin = plugins["sahel_overlap"]
    plugin.open_time_slider()
    plugin.open_heatmap()
    window = iface.mainWindow()
    temporal = window.findChild(QDockWidget, "Temporal Controller")
    if temporal is not None:
        window.addDockWidget(Qt.BottomDockWidgetArea, temporal)
        temporal.setFloating(False)
        temporal.show()
        window.resizeDocks([temporal], [110], Qt.Vertical)
    slider = plugin.docks["time_slider"]
    poll(lambda: slider.timeline is not None, lambda: to_september(slider), "the timeline")


def to_september(slider):
    import datetime as dt

    slider.configure(length="month", step="month", cumulative=False)
    slider.set_frame(slider.timeline.index_at(dt.date(2020, 9, 1)))
    heat = plugins["sahel_overlap"].docks["heatmap"]
    poll(
        lambda: (
            heat.result is not None
            and tuple(heat.result.window) == tuple(slider.shown)
            and heat.curve is not None
            and heat.shown_generation == heat.generation
        ),
        lambda: QTimer.singleShot(1500, settle),
        "the heatmap",
    )


def settle():
    poll(lambda: not iface.mapCanvas().isDrawing(), shoot, "the map")


def shoot():
    window = iface.mainWindow()
    OUT.mkdir(parents=True, exist_ok=True)
    full = window.grab()
    full.save(str(OUT / "docks_1366x768.png"))
    plugin = plugins["sahel_overlap"]
    docks = [plugin.docks["time_slider"], plugin.docks["heatmap"]]
    top = min(dock.geometry().top() for dock in docks)
    bottom = max(dock.geometry().bottom() for dock in docks)
    left = min(dock.geometry().left() for dock in docks)
    right = max(dock.geometry().right() for dock in docks)
    full.copy(left, top, right - left + 1, bottom - top + 1).save(str(OUT / "docks_column.png"))
    log(f"saved {full.width()}x{full.height()} and the dock column {right - left + 1} px wide")
    if REPORT:
        report = {"screen": [window.width(), window.height()], "docks": {}}
        for key, dock in plugin.docks.items():
            report["docks"][key] = fit_report(dock)
        Path(REPORT).write_text(json.dumps(report, indent=1), encoding="utf-8")
    quit_qgis()


def fit_report(dock) -> dict:
    """What the analyst sees of a dock: whether its panel needs scrolling, and whether
    its chart's axis row and its units line are drawn whole."""
    from qgis.PyQt.QtGui import QFont, QFontMetrics
    from qgis.PyQt.QtWidgets import QScrollArea

    from sahel_overlap.plugin.gui import charts

    area = dock.widget()
    scroll = area.verticalScrollBar() if isinstance(area, QScrollArea) else None
    chart = dock.chart
    font = QFont(chart.font())
    font.setPointSizeF(charts.FONT_PT)
    fm = QFontMetrics(font)
    chart_top = chart.mapTo(area.viewport(), chart.rect().topLeft()).y()
    out = {
        "dock": [dock.width(), dock.height()],
        "viewport": area.viewport().height() if scroll else None,
        "panel_min": dock.ui.minimumSizeHint().height(),
        "scrolls": bool(scroll and scroll.maximum() > 0),
        "chart": [chart.width(), chart.height()],
        "chart_bottom_visible": chart_top + chart.height() <= area.viewport().height(),
        "chart_plot_height": chart.height() - (fm.height() + 4) - (fm.height() + 4),
        "text_height": fm.height(),
        "x_labels": [list(label) for label in chart.x_labels],
    }
    legend = getattr(dock, "legend", None)
    if legend is not None and legend.note:
        lfont = QFont(legend.font())
        lfont.setPointSizeF(charts.FONT_PT)
        out["units_line"] = legend.note
        out["units_line_fits"] = QFontMetrics(lfont).horizontalAdvance(legend.note) <= (
            legend.width() - 1
        )
        out["units_lines_drawn"] = legend.lines_needed()
        out["units_room_lines"] = round(
            (legend.height() - 12 - 1 - QFontMetrics(lfont).height()) / QFontMetrics(lfont).height()
        )
    return out


QTimer.singleShot(1500, start)
