"""The plugin in the real QGIS desktop set to French, as a francophone analyst meets it.

Run by tests/test_desktop_e2e.py (``test_the_desktop_in_french``) as ``qgis --code
scripts/desktop_fr.py`` on an Xvfb screen, QGIS's language set to fr_FR in its profile:
loads the bundled SYNTHETIC sample through the plugin, opens both docks, opens the
*Score zones* dialog and the export-map dialog, scores the zones by year and exports the
map to PDF through Processing, opens the layout designer, and saves a PNG of each window
(``SAHEL_FR_OUT``) with a JSON report of the texts shown (menu actions, window titles,
dock titles, layer names) and of any Python error.
"""

import json
import os
import threading
import time
import traceback
from pathlib import Path

from qgis.core import Qgis, QgsApplication, QgsProject
from qgis.PyQt.QtCore import QMetaObject, Qt, QTimer
from qgis.PyQt.QtWidgets import QApplication, QDockWidget
from qgis.utils import iface, plugins

OUT = Path(os.environ.get("SAHEL_FR_OUT", "build/desktop_fr"))
CSV = os.environ.get("SAHEL_FR_CSV", "")  # default: the bundled SYNTHETIC sample
WORK = OUT / "work"
started = time.monotonic()
report = {"errors": [], "shots": {}, "log": []}


def note(message):
    report["log"].append(f"{time.monotonic() - started:.1f} {message}")


def on_message(message, tag, level):
    if level == Qgis.Critical or "Traceback" in message:
        report["errors"].append(f"[{tag}] {message}"[:2000])


QgsApplication.messageLog().messageReceived.connect(on_message)


def finish():
    (OUT / "report.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))
    QgsProject.instance().removeAllMapLayers()
    QgsProject.instance().setDirty(False)
    threading.Timer(20.0, os._exit, [0]).start()
    QMetaObject.invokeMethod(iface.actionExit(), "trigger", Qt.QueuedConnection)


def guarded(fn):
    def run(*args):
        try:
            fn(*args)
        except Exception:
            report["errors"].append(traceback.format_exc())
            finish()

    return run


def poll(cond, then, what, timeout=240):
    @guarded
    def tick():
        if cond():
            then()
        elif time.monotonic() - started > timeout:
            report["errors"].append(f"timed out waiting for {what}")
            finish()
        else:
            QTimer.singleShot(100, tick)

    QTimer.singleShot(100, tick)


def shoot(widget, name):
    QApplication.processEvents()
    path = OUT / f"{name}.png"
    widget.grab().save(str(path))
    report["shots"][name] = str(path)


@guarded
def start():
    OUT.mkdir(parents=True, exist_ok=True)
    window = iface.mainWindow()
    window.setGeometry(QApplication.primaryScreen().availableGeometry())
    window.showMaximized()
    for name in ("Browser", "Browser2"):
        dock = window.findChild(QDockWidget, name)
        if dock is not None:
            dock.hide()
    from sahel_overlap.plugin import definitions as d
    from sahel_overlap.plugin import i18n
    from sahel_overlap.plugin.core.presets import load_presets
    from sahel_overlap.plugin.gui.load_incidents import LoadIncidentsController

    plugin = plugins["sahel_overlap"]
    report["language"] = i18n.language()
    report["menu_actions"] = [action.text() for action in plugin.actions]
    ctrl = LoadIncidentsController(iface)
    ctrl.start(CSV or str(d.SAMPLE_CSV), load_presets()[d.DEFAULT_PRESET], folder=WORK)
    poll(lambda: bool(ctrl.layers), loaded, "the incidents")


@guarded
def loaded():
    plugin = plugins["sahel_overlap"]
    plugin.open_time_slider()
    plugin.open_heatmap()
    heat = plugin.docks["heatmap"]
    poll(
        lambda: heat.result is not None and heat.shown_generation == heat.generation,
        lambda: QTimer.singleShot(1000, docks_ready),
        "the heatmap",
    )


@guarded
def docks_ready():
    plugin = plugins["sahel_overlap"]
    report["dock_titles"] = {key: dock.windowTitle() for key, dock in plugin.docks.items()}
    shoot(iface.mainWindow(), "main_window")
    import processing

    from sahel_overlap.plugin.gui.dock_common import default_incident_layers

    incidents = default_incident_layers()[0]
    dialog = processing.createAlgorithmDialog(
        "saheloverlap:scorezones", {"INCIDENTS": incidents.id()}
    )
    dialog.resize(1100, 760)
    dialog.show()
    QTimer.singleShot(1000, lambda: score_dialog_shown(dialog, incidents))


@guarded
def score_dialog_shown(dialog, incidents):
    report["score_dialog_title"] = dialog.windowTitle()
    shoot(dialog, "score_dialog")
    dialog.close()
    import processing

    zones = processing.run(
        "saheloverlap:scorezones",
        {"INCIDENTS": incidents, "WINDOW": 1, "OUTPUT": str(WORK / "zones.gpkg")},
    )["OUTPUT"]
    from qgis.core import QgsVectorLayer

    layer = QgsVectorLayer(zones, "zones", "ogr")
    report["zones_valid"] = layer.isValid() and layer.featureCount() > 0
    pdf = OUT / "map.pdf"
    processing.run(
        "saheloverlap:exportmap",
        {"ZONES": layer, "INCIDENTS": incidents, "FORMAT": 0, "OUTPUT": str(pdf)},
    )
    report["pdf"] = str(pdf)
    from sahel_overlap.plugin.gui.export_map import ExportMapDialog

    QgsProject.instance().addMapLayer(layer)
    export_dialog = ExportMapDialog(QgsProject.instance(), iface.mainWindow())
    export_dialog.show()
    report["export_dialog_title"] = export_dialog.windowTitle()
    QTimer.singleShot(500, lambda: export_dialog_shown(export_dialog, layer, incidents))


@guarded
def export_dialog_shown(export_dialog, zones, incidents):
    shoot(export_dialog, "export_dialog")
    export_dialog.close()
    from sahel_overlap.plugin.gui.export_map import ExportMapController

    layout = ExportMapController(iface).build(zones, incidents, "", True)
    report["layout_name"] = layout.name()
    designer = iface.openLayoutDesigner(layout)
    window = designer.window()
    window.resize(1300, 900)
    QTimer.singleShot(2000, lambda: designer_shown(designer, layout))


@guarded
def designer_shown(designer, layout):
    window = designer.window()
    # The first page filling the view, as the analyst reads it before exporting.
    page = layout.pageCollection().page(0).sceneBoundingRect()
    designer.view().fitInView(page, Qt.KeepAspectRatio)
    QApplication.processEvents()
    shoot(window, "layout_designer")
    window.close()
    report["layers"] = sorted(layer.name() for layer in QgsProject.instance().mapLayers().values())
    finish()


QTimer.singleShot(1500, start)
