"""End-to-end check inside the real QGIS desktop (run with ``qgis --code scripts/desktop_e2e.py``).

Drives the plugin as an analyst does and measures what they see. Modes
(``SAHEL_E2E_MODE``):

``scale`` (default)
    Loads a SYNTHETIC ACLED export (``SAHEL_E2E_CSV``, e.g. 200,000 events)
    through the plugin's own loader; opens the time slider and heatmap docks
    (time to open); plays at 2 frames/s counting the frames the canvas drew
    completely; moves the slider and times the heatmap of the new window until
    the map has drawn it; changes options; a heartbeat timer on the main thread
    records every stall meanwhile. Then closes and reopens the heatmap dock,
    reloads the plugin (``SAHEL_E2E_RELOADS`` times), starts a new project and
    loads the bundled sample with the docks open, and checks the layers, docks
    and labels after each.
``reloads``
    Loads the bundled sample, opens both docks, then reloads the plugin
    ``SAHEL_E2E_RELOADS`` times reopening the docks each time, and compares
    layers, heatmap cache folders, threads and memory with the state after the
    first load.

Writes a JSON result (``SAHEL_E2E_RESULT``: yes/no checks the tests assert, and
timings with their goals, which ``make bench`` reports), a screenshot
(``SAHEL_E2E_SHOT``) and quits QGIS; ``tests/test_desktop_e2e.py`` and the
``desktop`` benchmark step start QGIS (``scripts/desktop_session.py``) and read it.
"""

import contextlib
import json
import os
import threading
import time
import traceback
from pathlib import Path

from qgis.core import Qgis, QgsApplication, QgsProject
from qgis.PyQt.QtCore import QMetaObject, Qt, QThreadPool, QTimer
from qgis.PyQt.QtWidgets import QDockWidget
from qgis.utils import iface, plugins, reloadPlugin

RESULT = Path(os.environ.get("SAHEL_E2E_RESULT", "out/desktop_e2e.json"))
SHOT = Path(os.environ.get("SAHEL_E2E_SHOT", "out/desktop_screenshot.png"))
WORK = Path(os.environ.get("SAHEL_E2E_WORK", "out/desktop_e2e"))
MODE = os.environ.get("SAHEL_E2E_MODE", "scale")
CSV = os.environ.get("SAHEL_E2E_CSV", "")
RELOADS = int(os.environ.get("SAHEL_E2E_RELOADS", "5"))
PLAY_FRAMES = int(os.environ.get("SAHEL_E2E_PLAY_FRAMES", "16"))
TIMEOUT_S = float(os.environ.get("SAHEL_E2E_TIMEOUT", "900"))
PLUGIN = "sahel_overlap"
HEAT = "Overlap heatmap"

state = {
    "mode": MODE,
    "errors": [],
    "warnings": [],
    "steps": [],
    "ok": False,
    "checks": {},
    "measures": {},
}
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


def check(name, ok, **info):
    """A named yes/no the test asserts on, with what was seen."""
    state["checks"][name] = {"ok": bool(ok), **info}
    trace(f"check {name}: {bool(ok)} {info}")


def measure(name, value_ms, goal_ms, **info):
    """A timing the analyst feels, with its goal: reported (``make bench`` runs this
    script and tabulates them), never asserted, since a loaded machine is slower."""
    state["measures"][name] = {"ms": round(value_ms, 1), "goal_ms": goal_ms, **info}
    trace(f"measure {name}: {value_ms:.0f} ms (goal < {goal_ms} ms) {info}")


def finish(ok=True, error=None):
    if error:
        state["errors"].append(error)
    state["ok"] = bool(ok) and not state["errors"]
    RESULT.parent.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(json.dumps(state, indent=2, default=str), encoding="utf-8")
    trace("result written")
    QTimer.singleShot(200, quit_qgis)


def quit_qgis():
    trace("quit")
    QgsProject.instance().removeAllMapLayers()
    QgsProject.instance().setDirty(False)  # no "save the project?" question
    # Queued, so that no Python frame (holding the GIL) is on the stack while QGIS closes;
    # should a dialog still hold it open, the thread ends it: the result is written.
    threading.Timer(20.0, os._exit, [0]).start()
    QMetaObject.invokeMethod(iface.actionExit(), "trigger", Qt.QueuedConnection)


def poll(cond, then, what, every=20):
    """Call ``then`` once ``cond()`` holds, checking every ``every`` ms, without blocking."""

    def tick():
        try:
            if cond():
                then()
            elif time.monotonic() - started > TIMEOUT_S:
                finish(False, f"timed out waiting for {what}")
            else:
                QTimer.singleShot(every, tick)
        except Exception:
            finish(False, traceback.format_exc())

    QTimer.singleShot(every, tick)


def guarded(fn):
    def run(*args):
        try:
            fn(*args)
        except Exception:
            finish(False, traceback.format_exc())

    return run


# --- measuring ------------------------------------------------------------------------


class Heartbeat:
    """A 10 ms timer on the main thread: any gap longer than that is a stall. A
    watchdog thread records the main thread's Python stack during long stalls (what
    the plugin was doing), for the result file."""

    def __init__(self):
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._beat)
        self.gaps = []
        self.last = None
        self.stacks = []
        self.main_id = threading.get_ident()
        self.running = False

    def start(self):
        self.gaps, self.last, self.stacks = [], time.perf_counter(), []
        self.running = True
        self.timer.start()
        threading.Thread(target=self._watch, daemon=True).start()

    def _beat(self):
        now = time.perf_counter()
        self.gaps.append(now - self.last)
        self.last = now

    def _watch(self):
        import sys

        seen = None
        while self.running:
            time.sleep(0.02)
            last = self.last
            if time.perf_counter() - last > 0.06 and last != seen and len(self.stacks) < 20:
                seen = last
                frames = sys._current_frames()
                frame = frames.get(self.main_id)
                stack = traceback.format_stack(frame)[-6:] if frame is not None else []
                others = {
                    str(tid): traceback.format_stack(f)[-3:]
                    for tid, f in frames.items()
                    if tid not in (self.main_id, threading.get_ident())
                }
                self.stacks.append(
                    {
                        "after_s": round(time.monotonic() - started, 2),
                        "stalled_ms": round((time.perf_counter() - last) * 1000),
                        "stack": stack,
                        "other_threads": others,
                    }
                )

    def stop(self) -> dict:
        self.timer.stop()
        self.running = False
        gaps = sorted(self.gaps)
        worst = max(gaps, default=0.0) - 0.010
        state.setdefault("stall_stacks", []).extend(self.stacks)
        return {
            "beats": len(gaps),
            "max_stall_ms": round(max(worst, 0.0) * 1000, 1),
            "p99_gap_ms": round(gaps[int(0.99 * (len(gaps) - 1))] * 1000, 1) if gaps else None,
            "stalls_over_100ms": sum(g - 0.010 > 0.100 for g in gaps),
        }


class DrawnFrames:
    """The canvas ranges drawn to completion (mapCanvasRefreshed) while recording."""

    def __init__(self, canvas):
        self.canvas = canvas
        self.ranges = []
        self.log = []
        self.on = False
        canvas.mapCanvasRefreshed.connect(self._drawn)
        canvas.temporalRangeChanged.connect(self._range)

    def _range(self):
        if self.on:
            r = self.canvas.temporalRange()
            when = round(time.monotonic() - started, 3)
            self.log.append((when, "range", r.begin().toString("yyyy-MM-dd")))

    def _drawn(self):
        if self.on:
            r = self.canvas.temporalRange()
            self.ranges.append((r.begin().toString("yyyy-MM-dd"), r.end().toString("yyyy-MM-dd")))
            self.log.append((round(time.monotonic() - started, 3), "drawn", self.ranges[-1]))


def process_state() -> dict:
    """Threads and memory of this QGIS process, and what the plugin left behind.

    Memory is read after a garbage collection and glibc's malloc_trim, so that heap
    pages freed but kept by the allocator do not count as held (a leak still does).
    """
    import ctypes
    import gc

    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    tasks = len(os.listdir("/proc/self/task"))
    rss = 0
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            rss = int(line.split()[1]) // 1024
    project = QgsProject.instance()
    cache = Path(QgsApplication.qgisSettingsDirPath()) / PLUGIN / "heatmap_cache"
    return {
        "threads": tasks,
        "python_threads": threading.active_count(),
        "pool_active": QThreadPool.globalInstance().activeThreadCount(),
        "qgis_tasks": QgsApplication.taskManager().count(),
        "rss_mb": rss,
        "layers": sorted(lyr.name() for lyr in project.mapLayers().values()),
        "heatmap_layers": len(project.mapLayersByName(HEAT)),
        "cache_folders": sorted(p.name for p in cache.iterdir()) if cache.is_dir() else [],
        "docks": sorted(
            w.objectName()
            for w in iface.mainWindow().findChildren(QDockWidget)
            if w.objectName().startswith("SahelOverlap")
        ),
    }


def quiet(then, what="the plugin's tasks to finish"):
    """Wait until no task or pool thread is busy, then call ``then``."""
    poll(
        lambda: (
            QgsApplication.taskManager().count() == 0
            and QThreadPool.globalInstance().activeThreadCount() == 0
            and not iface.mapCanvas().isDrawing()
        ),
        then,
        what,
        every=100,
    )


# --- the plugin -----------------------------------------------------------------------


def plugin():
    return plugins[PLUGIN]


def docks():
    p = plugin()
    return p.docks.get("time_slider"), p.docks.get("heatmap")


def open_docks() -> dict:
    """Open both docks as the toolbar does; the main-thread time of each."""
    p = plugin()
    t0 = time.perf_counter()
    p.open_time_slider()
    t1 = time.perf_counter()
    p.open_heatmap()
    t2 = time.perf_counter()
    return {"slider_ms": round((t1 - t0) * 1000, 1), "heatmap_ms": round((t2 - t1) * 1000, 1)}


def heat_ready():
    slider, heat = docks()
    return (
        slider is not None
        and slider.timeline is not None
        and heat is not None
        and heat.result is not None
        and heat.shown_generation == heat.generation
        and heat.curve is not None
        and tuple(heat.result.window) == tuple(slider.shown or ())
    )


def load(csv, then):
    from sahel_overlap.plugin import definitions as d
    from sahel_overlap.plugin.core.presets import load_presets
    from sahel_overlap.plugin.gui.load_incidents import LoadIncidentsController

    WORK.mkdir(parents=True, exist_ok=True)
    ctrl = LoadIncidentsController(iface)
    t0 = time.monotonic()
    ctrl.start(str(csv), load_presets()[d.DEFAULT_PRESET], folder=WORK)
    ctx["loader"] = ctrl

    def loaded():
        step("incidents loaded", seconds=round(time.monotonic() - t0, 1), csv=str(csv))
        then(ctrl)

    poll(lambda: bool(ctrl.layers), loaded, "the incident layers", every=100)


# --- scale mode -------------------------------------------------------------------------


def start_scale():
    step("qgis started", version=Qgis.QGIS_VERSION)
    if PLUGIN not in plugins:
        finish(False, "the plugin is not loaded (plugins: " + ", ".join(plugins) + ")")
        return
    ctx["heartbeat"] = Heartbeat()
    ctx["drawn"] = DrawnFrames(iface.mapCanvas())
    load(CSV, guarded(scale_loaded))


def scale_loaded(ctrl):
    canvas = iface.mapCanvas()
    extent = canvas.extent()
    check(
        "zoomed to the incidents",
        extent.width() < 40 and -20 < extent.center().x() < 20,
        extent=[round(extent.xMinimum(), 2), round(extent.xMaximum(), 2)],
    )
    everything = [lyr for lyr in ctrl.layers if lyr.name().startswith("All incidents")]
    check("All incidents layer active", iface.activeLayer() in everything)
    import processing

    dialog = processing.createAlgorithmDialog("saheloverlap:scorezones", {})
    chosen = dialog.mainWidget().wrappers["INCIDENTS"].widgetValue()
    dialog.close()
    dialog.deleteLater()
    check(
        "Score zones from the toolbox preselects All incidents",
        everything and chosen == everything[0].id(),
        chosen=str(chosen),
    )
    hb = ctx["heartbeat"]
    hb.start()
    times = open_docks()
    ctx["open"] = times
    step("docks open", **times)
    QTimer.singleShot(500, guarded(fits_the_screen))
    poll(heat_ready, guarded(scale_first_frame), "the first heatmap and curve")


def fits_the_screen():
    """Both docks open: QGIS's window still fits the screen (status bar visible)."""
    from qgis.PyQt.QtWidgets import QApplication

    window = iface.mainWindow()
    screen = QApplication.primaryScreen().availableGeometry()
    bar = window.statusBar()
    bottom = bar.mapToGlobal(bar.rect().bottomLeft()).y()
    check(
        "main window fits the screen with both docks open",
        window.minimumSizeHint().height() <= screen.height()
        and window.frameGeometry().height() <= screen.height()
        and bottom <= screen.bottom(),
        screen=[screen.width(), screen.height()],
        window=[window.width(), window.height()],
        min_height=window.minimumSizeHint().height(),
        status_bar_bottom=bottom,
    )


def scale_first_frame():
    stalls = ctx["heartbeat"].stop()
    slider, heat = docks()
    step("first heatmap", window=heat.result.window, stalls=stalls, frames=slider.timeline.count)
    measure("first dock opening", max(ctx["open"].values()), 1000, **ctx["open"])
    # The read and the first surface then run in tasks: the longest stall meanwhile.
    measure("longest stall while the docks first read and compute", stalls["max_stall_ms"], 1000)
    quiet(guarded(play))


def play():
    slider, _heat = docks()
    slider.configure(length="month", step="month", cumulative=False)
    slider.set_frame(max(0, slider.timeline.count // 2 - PLAY_FRAMES // 2))
    quiet(guarded(play_now))


def play_now():
    slider, _heat = docks()
    ctx["played"] = []
    slider.windowChanged.connect(
        ctx.setdefault(
            "on_window",
            lambda a, b: (
                ctx["played"].append((a, b)),
                ctx["drawn"].log.append((round(time.monotonic() - started, 3), "window", str(a))),
            ),
        )
    )
    drawn = ctx["drawn"]
    drawn.ranges, drawn.log, drawn.on = [], [], True
    from sahel_overlap.plugin.gui.heatmap_dock import window_text

    ctx["labels"] = []

    def on_shown(_generation):
        heat = docks()[1]
        text = heat.ui.indexLabel.text()
        ok = window_text(*heat.result.window) in text and f"{heat.result.index:.3f}" in text
        ctx["labels"].append({"ok": ok, "label": text, "window": heat.result.window})

    ctx["on_shown"] = on_shown
    docks()[1].frameShown.connect(on_shown)
    slider.ui.speedSpin.setValue(2.0)
    slider.ui.loopCheck.setChecked(False)
    ctx["heartbeat"].start()
    ctx["play_start"] = time.monotonic()
    slider.ui.playButton.setChecked(True)  # as the analyst clicks Play
    poll(lambda: len(ctx["played"]) >= PLAY_FRAMES, guarded(stop_play), "the frames played", 50)


def stop_play():
    slider, _heat = docks()
    slider.ui.playButton.setChecked(False)
    seconds = time.monotonic() - ctx["play_start"]
    poll(
        lambda: not iface.mapCanvas().isDrawing(),
        guarded(lambda: played(seconds)),
        "the last frame",
    )


def played(seconds):
    slider, _heat = docks()
    stalls = ctx["heartbeat"].stop()
    drawn = ctx["drawn"]
    drawn.on = False
    from sahel_overlap.plugin.gui.dock_common import qrange

    played_ranges = []
    for first, last in ctx["played"]:
        r = qrange(first, last)
        played_ranges.append((r.begin().toString("yyyy-MM-dd"), r.end().toString("yyyy-MM-dd")))
    got = set(drawn.ranges)
    missing = [r for r in played_ranges if r not in got]
    slider.windowChanged.disconnect(ctx["on_window"])
    step(
        "played",
        frames=len(played_ranges),
        drawn=len(played_ranges) - len(missing),
        refreshes=len(drawn.ranges),
        seconds=round(seconds, 2),
        fps=round(len(played_ranges) / seconds, 2),
        stalls=stalls,
    )
    state["play_log"] = drawn.log
    check(
        "every frame played was drawn",
        not missing and len(played_ranges) >= PLAY_FRAMES,
        frames=len(played_ranges),
        missing=missing,
        fps=round(len(played_ranges) / seconds, 2),
    )
    measure("longest main-thread stall while playing", stalls["max_stall_ms"], 100, **stalls)
    # Stale labels: after play, the heatmap shows the last window and says so.
    poll(heat_ready, guarded(after_play), "the heatmap after play")


def after_play():
    slider, heat = docks()
    from sahel_overlap.plugin.gui.heatmap_dock import window_text

    text = heat.ui.indexLabel.text()
    stale = [seen for seen in ctx["labels"] if not seen["ok"]]
    check(
        "heatmap labels named the surface on the map at every frame",
        not stale and len(ctx["labels"]) > 0,
        frames_shown=len(ctx["labels"]),
        stale=stale,
    )
    heat.frameShown.disconnect(ctx["on_shown"])
    check(
        "heatmap labels are the shown window's after play",
        tuple(heat.result.window) == tuple(slider.shown)
        and window_text(*slider.shown) in text
        and f"{heat.result.index:.3f}" in text,
        label=text,
        shown=slider.shown,
    )
    ctx["latencies"] = []
    ctx["targets"] = [slider.index - 5, slider.index + 7, slider.index - 2, slider.index + 3, 1]
    quiet(guarded(next_latency))


def next_latency():
    slider, heat = docks()
    if not ctx["targets"]:
        lat = sorted(ctx["latencies"])
        step("heatmap latencies", ms=lat)
        check("the heatmap of every new window was drawn", len(lat) == 5, all_ms=lat)
        measure(
            "heatmap of the new window drawn after the slider stops (median)",
            lat[len(lat) // 2],
            500,
            all_ms=lat,
        )
        quiet(guarded(options))
        return
    target = ctx["targets"].pop(0)
    target = min(max(target, 0), slider.timeline.count - 1)
    refreshed = []
    canvas = iface.mapCanvas()
    handler = lambda: refreshed.append(time.perf_counter())  # noqa: E731
    canvas.mapCanvasRefreshed.connect(handler)
    t0 = time.perf_counter()
    slider.ui.frameSlider.setValue(target)  # the analyst lets go of the slider here
    window = slider.timeline.window(target)
    shown_at = []
    heat.frameShown.connect(lambda _g: shown_at.append(time.perf_counter()))

    def done():
        canvas.mapCanvasRefreshed.disconnect(handler)
        after = [t for t in refreshed if t >= shown_at[0]]
        ctx["latencies"].append(round((after[0] - t0) * 1000, 1))
        heat.frameShown.disconnect()
        quiet(guarded(next_latency))

    poll(
        lambda: (
            shown_at
            and tuple(heat.result.window) == tuple(window)
            and any(t >= shown_at[0] for t in refreshed)
        ),
        done,
        "the heatmap of the new window on the map",
        every=5,
    )


def options():
    """Change the window as the analyst does (a quarter, then back): no stall."""
    slider, _heat = docks()
    ctx["heartbeat"].start()
    slider.ui.lengthCombo.setCurrentText("quarter")
    QTimer.singleShot(600, guarded(lambda: slider.ui.cumulativeCheck.setChecked(True)))
    QTimer.singleShot(1200, guarded(lambda: slider.ui.cumulativeCheck.setChecked(False)))
    QTimer.singleShot(1800, guarded(lambda: slider.ui.lengthCombo.setCurrentText("month")))
    QTimer.singleShot(2400, guarded(lambda: quiet(guarded(options_done))))


def options_done():
    stalls = ctx["heartbeat"].stop()
    step("options changed", stalls=stalls)
    measure("longest main-thread stall while changing options", stalls["max_stall_ms"], 100)
    close_heatmap()


def close_heatmap():
    slider, heat = docks()
    heat.close()  # the dock's close button
    gen = heat.generation
    gone = not QgsProject.instance().mapLayersByName(HEAT)
    slider.set_frame(slider.index + 1)

    def after():
        check(
            "closed heatmap dock: no layer, nothing computed",
            gone and not QgsProject.instance().mapLayersByName(HEAT) and heat.generation == gen,
            generation=[gen, heat.generation],
        )
        plugin().open_heatmap()  # the toolbar button again
        poll(heat_ready, guarded(reopened), "the reopened heatmap")

    QTimer.singleShot(800, guarded(after))


def reopened():
    slider, heat = docks()
    check(
        "reopened heatmap dock shows the current window",
        len(QgsProject.instance().mapLayersByName(HEAT)) == 1
        and tuple(heat.result.window) == tuple(slider.shown),
        window=heat.result.window,
    )
    ctx["reload_left"] = RELOADS
    quiet(guarded(reload_once))


def expected_layers():
    """The project's layers as they should be: the same, with one heatmap layer."""
    names = [lyr.name() for lyr in QgsProject.instance().mapLayers().values()]
    return sorted([n for n in names if n != HEAT] + [HEAT])


def reload_once():
    if ctx["reload_left"] == 0:
        new_project()
        return
    ctx["reload_left"] -= 1
    before = expected_layers()
    reloadPlugin(PLUGIN)
    open_docks()

    def reloaded():
        st = process_state()
        st["ok"] = (
            st["layers"] == before
            and st["heatmap_layers"] == 1
            and len(st["cache_folders"]) == 1
            and len(st["docks"]) == 2
        )
        state.setdefault("reloads", []).append(st)
        quiet(guarded(reload_once))

    # deleteLater of the old docks runs in the event loop: let it before counting.
    poll(heat_ready, guarded(lambda: QTimer.singleShot(300, guarded(reloaded))), "a reload")


def new_project():
    reloads = state.get("reloads", [])
    check(
        "reloads keep exactly the expected layers and docks",
        len(reloads) == RELOADS and all(r["ok"] for r in reloads),
        bad=[r for r in reloads if not r["ok"]],
    )
    slider, heat = docks()
    ctx["old_events"] = len(slider.frame)
    iface.newProject(False)
    from sahel_overlap.plugin import definitions as d

    check(
        "new project: docks emptied",
        slider.timeline is None and heat.result is None and slider.ui.layerList.count() == 0,
    )
    load(d.SAMPLE_CSV, guarded(new_project_loaded))


def new_project_loaded(_ctrl):
    poll(
        lambda: (
            heat_ready()
            and docks()[0].frame is not None
            and len(docks()[0].frame) != ctx["old_events"]
        ),
        guarded(new_project_ready),
        "the docks on the new project's incidents",
    )


def new_project_ready():
    slider, heat = docks()
    layers = QgsProject.instance().mapLayersByName(HEAT)
    check(
        "new project and fresh load: heatmap and chart follow",
        len(layers) == 1 and heat.prepared is not None and len(slider.frame) < ctx["old_events"],
        events=len(slider.frame),
        heat_window=heat.result.window,
    )
    poll(lambda: not iface.mapCanvas().isDrawing(), guarded(shoot), "the last drawing")


def shoot():
    SHOT.parent.mkdir(parents=True, exist_ok=True)
    ok = iface.mainWindow().grab().save(str(SHOT))
    step("screenshot", path=str(SHOT), saved=ok)
    finish(all(c["ok"] for c in state["checks"].values()))


# --- reloads mode ---------------------------------------------------------------------


def start_reloads():
    from sahel_overlap.plugin import definitions as d

    step("qgis started", version=Qgis.QGIS_VERSION)
    ctx["state0"] = process_state()
    load(d.SAMPLE_CSV, guarded(reloads_loaded))


def reloads_loaded(_ctrl):
    open_docks()
    poll(heat_ready, guarded(lambda: quiet(guarded(reloads_baseline))), "the first heatmap")


def reloads_baseline():
    ctx["base"] = process_state()
    step("baseline", **ctx["base"])
    ctx["reload_left"] = RELOADS
    reload_cycle()


def reload_cycle():
    if ctx["reload_left"] == 0:
        # Settle as at the baseline: idle pool threads expire after 30 s in Qt.
        QTimer.singleShot(1000, guarded(lambda: quiet(guarded(reloads_done))))
        return
    ctx["reload_left"] -= 1
    state.setdefault("rss_mb", []).append(process_state()["rss_mb"])
    reloadPlugin(PLUGIN)
    open_docks()
    poll(heat_ready, guarded(lambda: quiet(guarded(reload_cycle))), "the docks after a reload")
    # (the old docks go with deleteLater, in the event loop the polls run in)


def reloads_done():
    import gc

    gc.collect()
    base, now = ctx["base"], process_state()
    step("after reloads", reloads=RELOADS, **now)
    state["baseline"], state["after"] = base, now
    check(
        "layers back to baseline",
        now["layers"] == base["layers"],
        base=base["layers"],
        now=now["layers"],
    )
    check("one heatmap cache folder", len(now["cache_folders"]) == 1, folders=now["cache_folders"])
    check(
        "threads back to baseline",
        now["python_threads"] <= base["python_threads"] and now["threads"] <= base["threads"] + 2,
        base=base["threads"],
        now=now["threads"],
    )
    growth = (now["rss_mb"] - base["rss_mb"]) / base["rss_mb"]
    check("memory within 10 %", growth < 0.10, base_mb=base["rss_mb"], now_mb=now["rss_mb"])
    # Unload removes what the plugin added: its docks, heatmap layer and cache folder.
    from qgis.utils import unloadPlugin

    unloadPlugin(PLUGIN)
    QTimer.singleShot(500, guarded(unloaded))


def unloaded():
    st = process_state()
    check(
        "unload removes the docks, the heatmap layer and its folder",
        st["heatmap_layers"] == 0 and not st["cache_folders"] and not st["docks"],
        state=st,
    )
    SHOT.parent.mkdir(parents=True, exist_ok=True)
    iface.mainWindow().grab().save(str(SHOT))
    finish(all(c["ok"] for c in state["checks"].values()))


def start():
    from qgis.PyQt.QtWidgets import QApplication

    window = iface.mainWindow()
    window.setGeometry(QApplication.primaryScreen().availableGeometry())  # no window manager
    window.showMaximized()
    (start_reloads if MODE == "reloads" else start_scale)()


QTimer.singleShot(1500, guarded(start))
