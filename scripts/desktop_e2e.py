"""End-to-end check inside the real QGIS desktop (run with ``qgis --code scripts/desktop_e2e.py``).

Loads the bundled SYNTHETIC sample through the plugin's own loader, opens the
time slider and overlap heatmap docks, moves the slider, checks the heatmap
layer exists and changes, takes a screenshot, collects Python errors from the
QGIS log, writes a JSON result and quits QGIS. ``tests/test_desktop_e2e.py``
starts QGIS with a throw-away profile and reads the JSON.

Environment: SAHEL_E2E_RESULT (JSON path), SAHEL_E2E_SHOT (PNG path),
SAHEL_E2E_WORK (folder for the imported GeoPackage).
"""

import hashlib
import json
import os
import threading
import time
import traceback
from pathlib import Path

from qgis.core import Qgis, QgsApplication, QgsProject, QgsRectangle
from qgis.PyQt.QtCore import QMetaObject, Qt, QTimer
from qgis.utils import iface, plugins

RESULT = Path(os.environ.get("SAHEL_E2E_RESULT", "out/desktop_e2e.json"))
SHOT = Path(os.environ.get("SAHEL_E2E_SHOT", "out/desktop_screenshot.png"))
WORK = Path(os.environ.get("SAHEL_E2E_WORK", "out/desktop_e2e"))
TIMEOUT_S = 150

state = {"errors": [], "warnings": [], "steps": [], "ok": False}
started = time.monotonic()
ctx = {}


def on_message(message, tag, level):
    if tag == "Python error" or (tag == "Sahel Overlap" and level >= Qgis.Critical):
        state["errors"].append(f"[{tag}] {message}")
    elif tag == "Sahel Overlap" and level >= Qgis.Warning:
        state["warnings"].append(message)


QgsApplication.messageLog().messageReceived.connect(on_message)


def trace(message):
    with open(str(RESULT) + ".trace", "a", encoding="utf-8") as f:
        f.write(f"{time.monotonic() - started:.2f} {message}\n")


def step(name, **info):
    trace(name)
    state["steps"].append({"step": name, "t": round(time.monotonic() - started, 2), **info})


def finish(ok=True, error=None):
    state["ok"] = bool(ok) and not state["errors"]
    if error:
        state["errors"].append(error)
    RESULT.parent.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(json.dumps(state, indent=2, default=str), encoding="utf-8")
    trace("result written")
    QTimer.singleShot(200, quit_qgis)


def quit_qgis():
    trace("quit")
    # Layers under /tmp count as temporary and QGIS would ask before losing them.
    QgsProject.instance().removeAllMapLayers()
    QgsProject.instance().setDirty(False)  # no "save the project?" question
    # Queued, so that no Python frame (holding the GIL) is on the stack while QGIS closes;
    # should a dialog still hold it open, the thread ends it: the result is written.
    threading.Timer(20.0, os._exit, [0]).start()
    QMetaObject.invokeMethod(iface.actionExit(), "trigger", Qt.QueuedConnection)


def band_digest(path):
    from osgeo import gdal

    ds = gdal.Open(path)
    data = ds.GetRasterBand(1).ReadAsArray()
    return hashlib.sha1(data.tobytes()).hexdigest()[:12], float(data.max())


def poll(cond, then, what):
    """Call ``then`` once ``cond()`` holds, checking every 100 ms, without blocking QGIS."""

    def check():
        try:
            if cond():
                then()
            elif time.monotonic() - started > TIMEOUT_S:
                finish(False, f"timed out waiting for {what}")
            else:
                QTimer.singleShot(100, check)
        except Exception:
            finish(False, traceback.format_exc())

    QTimer.singleShot(100, check)


def start():
    step("qgis started", version=Qgis.QGIS_VERSION)
    iface.mainWindow().resize(1600, 1000)
    iface.mainWindow().showMaximized()
    if "sahel_overlap" not in plugins:
        finish(False, "the plugin is not loaded (plugins: " + ", ".join(plugins) + ")")
        return
    plugin = plugins["sahel_overlap"]
    ctx["plugin"] = plugin
    from sahel_overlap.plugin import definitions as d
    from sahel_overlap.plugin.core.presets import load_presets
    from sahel_overlap.plugin.gui.load_incidents import LoadIncidentsController

    WORK.mkdir(parents=True, exist_ok=True)
    ctrl = LoadIncidentsController(iface)
    ctrl.start(str(d.SAMPLE_CSV), load_presets()[d.DEFAULT_PRESET], folder=WORK)
    ctx["loader"] = ctrl
    step("import started")
    poll(lambda: bool(ctrl.layers), loaded, "the incident layers")


def loaded():
    layers = ctx["loader"].layers
    step("incidents loaded", layers=[lyr.name() for lyr in layers])
    canvas = iface.mapCanvas()
    plugin = ctx["plugin"]
    plugin.open_time_slider()
    plugin.open_heatmap()
    extent = QgsRectangle()
    for lyr in layers:
        extent.combineExtentWith(lyr.extent())
    extent.scale(1.02)
    canvas.setExtent(extent)
    slider, heat = plugin.docks["time_slider"], plugin.docks["heatmap"]
    ctx.update(slider=slider, heat=heat)
    step(
        "docks open",
        frames=slider.timeline.count if slider.timeline else 0,
        controller=type(canvas.temporalController()).__name__,
    )
    poll(lambda: heat.shown_generation > 0 and heat.curve is not None, first_frame, "a heatmap")


def heat_layers():
    return [
        lyr for lyr in QgsProject.instance().mapLayers().values() if lyr.name() == "Overlap heatmap"
    ]


def first_frame():
    heat = ctx["heat"]
    poll(lambda: heat.shown_generation == heat.generation, first_frame_shown, "the first frame")


def first_frame_shown():
    heat, slider = ctx["heat"], ctx["slider"]
    [layer] = heat_layers()
    digest, vmax = band_digest(layer.source())
    ctx["first"] = (layer.source(), digest, heat.result.index, heat.result.window)
    step(
        "first heatmap",
        source=layer.source(),
        digest=digest,
        max=vmax,
        index=heat.result.index,
        window=heat.result.window,
        scale=heat.scale,
        curve_points=len(heat.curve[1]),
    )
    # A quarter moved by a month, then jump to a later frame as a user would.
    slider.configure(length="quarter", step="month")
    target = min(slider.timeline.count - 1, int(slider.timeline.count * 0.62))
    slider.ui.frameSlider.setValue(target)
    window = slider.timeline.window(target)
    ctx["target"] = window
    canvas_range = iface.mapCanvas().temporalRange()
    step(
        "slider moved",
        frame=target,
        window=window,
        canvas_range=[canvas_range.begin().toString("yyyy-MM-dd"), canvas_range.end().toString()],
    )
    poll(
        lambda: (
            heat.result is not None
            and tuple(heat.result.window) == tuple(window)
            and heat.shown_generation == heat.generation
            and heat.curve is not None
        ),
        moved,
        "the heatmap of the new window",
    )


def moved():
    heat = ctx["heat"]
    layers = heat_layers()
    src, digest0, index0, _ = ctx["first"]
    digest, vmax = band_digest(layers[0].source())
    changed = digest != digest0 and layers[0].source() != src
    step(
        "second heatmap",
        layers=len(layers),
        source=layers[0].source(),
        digest=digest,
        max=vmax,
        index=heat.result.index,
        changed=changed,
        renderer=type(layers[0].renderer()).__name__,
        scale=heat.scale,
    )
    state["heatmap_layers"] = len(layers)
    state["heatmap_changed"] = changed
    state["index_first"], state["index_second"] = index0, heat.result.index
    iface.mapCanvas().refreshAllLayers()
    QTimer.singleShot(2500, shoot)


def shoot():
    try:
        SHOT.parent.mkdir(parents=True, exist_ok=True)
        ok = iface.mainWindow().grab().save(str(SHOT))
        step("screenshot", path=str(SHOT), saved=ok)
        finish(ok and state["heatmap_layers"] == 1 and state["heatmap_changed"])
    except Exception:
        finish(False, traceback.format_exc())


QTimer.singleShot(1500, start)
