"""Overlap heatmap dock: the current window's overlap surface as one layer, and its curve.

Follows the time slider dock (or, without it, QGIS's temporal controller).
Each window change is debounced (150 ms) and computed in a QgsTask; every
request gets a generation number and a finished task whose number is not the
latest is dropped, so a stale surface never replaces a newer one. The curve
of the overlap index over all windows, and the fixed colour scale shared by
every frame, are computed once per (layers, settings, timeline) in another
task. The numbers come from :mod:`..heatmap` / :mod:`..core.kde`.
"""

from __future__ import annotations

import contextlib
import shutil

import pandas as pd
from qgis.core import Qgis, QgsApplication, QgsProject, QgsTask
from qgis.gui import QgsDockWidget, QgsPanelWidget
from qgis.PyQt.QtCore import Qt, QTimer, pyqtSignal
from qgis.PyQt.QtGui import QColor, QFont, QLinearGradient, QPainter, QPixmap

from .. import definitions as d
from ..core.timeline import Timeline
from ..render import heatmap_layer as hm
from . import dock_common as dc

FORM = dc.load_form("heatmap_panel.ui")
DEBOUNCE_MS = 150


class FrameTask(QgsTask):
    """One window: densities, overlap and the GeoTIFF, off the main thread."""

    def __init__(self, prepared, window, settings, path, generation, on_done):
        super().__init__(f"{d.PLUGIN_NAME}: overlap heatmap", QgsTask.CanCancel)
        self.prepared, self.window, self.settings = prepared, window, settings
        self.path, self.generation, self.on_done = str(path), generation, on_done
        self.result = None
        self.error = None
        self.vmax = 1.0

    def run(self):
        try:
            self.result = self.prepared.compute(*self.window, self.settings)
            if self.isCanceled():
                return False
            hm.write_raster(self.path, self.result)
            self.vmax = hm.kde.fixed_scale([self.result.overlap], 0.99)
            return True
        except Exception as err:  # a worker reports its failure, it must not die silently
            self.error = str(err)
            return False

    def finished(self, ok):
        dc.call_safely(self.on_done, self, ok)


class CurveTask(QgsTask):
    """The overlap index of every window and one colour scale for all of them."""

    def __init__(self, prepared, windows, settings, generation, on_done):
        super().__init__(f"{d.PLUGIN_NAME}: overlap over time", QgsTask.CanCancel)
        self.prepared, self.windows, self.settings = prepared, windows, settings
        self.generation, self.on_done = generation, on_done
        self.values = None
        self.vmax = None
        self.error = None

    def run(self):
        try:
            self.values, self.vmax = self.prepared.curve(
                self.windows, self.settings, self.isCanceled, self.setProgress
            )
            return self.values is not None
        except Exception as err:  # a worker reports its failure, it must not die silently
            self.error = str(err)
            return False

    def finished(self, ok):
        dc.call_safely(self.on_done, self, ok)


class HeatmapPanel(QgsPanelWidget, FORM):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setupUi(self)


class HeatmapDock(QgsDockWidget):
    frameShown = pyqtSignal(int)  # generation of the surface now in the layer
    curveReady = pyqtSignal()

    def __init__(self, iface, project: QgsProject | None = None, slider=None, parent=None):
        super().__init__("Sahel Overlap: overlap heatmap", parent)
        self.setObjectName("SahelOverlapHeatmapDock")
        self.iface = iface
        self.project = project or QgsProject.instance()
        self.ui = HeatmapPanel(self)
        self.setWidget(self.ui)
        ui = self.ui
        ui.weightCombo.addItems(["events", "fatalities"])
        ui.methodCombo.addItems(["min (overlap coefficient)", "product (Bhattacharyya)"])
        self.heat_layer = hm.HeatmapLayer(self.project)
        self.folder = None
        self.generation = 0
        self.shown_generation = 0
        self.curve_generation = 0
        self.window = None
        self.timeline: Timeline | None = None
        self.slider = None
        self.prepared = None
        self._prepared_key = None
        self._loading_key = None
        self._failed_key = None
        self.scale = None  # the fixed colour-scale maximum, once the curve is known
        self.curve = None  # (windows, values)
        self.result = None
        self._tasks: set = set()
        self._nav = None

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self._start_frame)
        self.fig, self.chart = dc.make_chart(ui.curveLayout, height=1.4)
        self._marker = None

        for w in (ui.bandwidthSpin, ui.cellSpin):
            w.valueChanged.connect(self._settings_changed)
        for w in (ui.weightCombo, ui.methodCombo):
            w.currentIndexChanged.connect(self._settings_changed)
        ui.showCheck.toggled.connect(self._show_toggled)
        self._connect_controller()
        self.project.cleared.connect(self._project_cleared)
        if slider is not None:
            self.attach_slider(slider)

    # --- inputs ---------------------------------------------------------------------
    def settings(self) -> hm.HeatmapSettings:
        ui = self.ui
        return hm.HeatmapSettings(
            bandwidth_km=ui.bandwidthSpin.value(),
            cell_km=ui.cellSpin.value(),
            weight=hm.WEIGHTS[ui.weightCombo.currentIndex()],
            method=hm.METHODS[ui.methodCombo.currentIndex()],
        )

    def attach_slider(self, slider):
        """Follow a time slider dock's window and timeline."""
        self.slider = slider
        slider.windowChanged.connect(self.set_window)
        slider.timelineChanged.connect(self.set_timeline)
        self.set_timeline(slider.timeline)
        if slider.shown:
            self.set_window(*slider.shown)

    def _connect_controller(self):
        canvas = self.iface.mapCanvas() if self.iface is not None else None
        nav = canvas.temporalController() if canvas is not None else None
        if nav is not None and nav is not self._nav:
            nav.updateTemporalRange.connect(self._on_controller_range)
            self._nav = nav

    def _on_controller_range(self, rng):
        if self.slider is not None:
            return  # the slider forwards what the map shows
        dates = dc.range_dates(rng)
        if dates is not None:
            self.set_window(*dates)

    def set_window(self, first, last):
        if (first, last) == self.window:
            return
        self.window = (first, last)
        self.ui.windowLabel.setText(f"Window: {first} – {last}")
        self._draw_marker()
        self._debounce.start()

    def set_timeline(self, timeline):
        if timeline == self.timeline:
            return
        self.timeline = timeline
        self._invalidate_curve()

    def _settings_changed(self, *_):
        self._invalidate_curve()
        self._debounce.start()

    def _show_toggled(self, on):
        if on:
            self._debounce.start()
        else:
            self.heat_layer.remove()

    # --- data -------------------------------------------------------------------------
    def ensure_prepared(self) -> bool:
        """True when the incidents of the project's layers are read and projected;
        otherwise starts (or waits for) the task that does it, which then asks for
        the frame again."""
        layers = dc.find_incident_layers(self.project)
        key = dc.frame_key(layers)
        if key != self._prepared_key:
            if key == self._loading_key:
                return False  # being read
            if key == self._failed_key:
                return False  # the message stays; retried when the layers change
            self.prepared = None
            self._prepared_key = None  # nothing prepared until this read ends
            self.generation += 1  # a surface of the previous layers is never shown
            self._invalidate_curve()
            if layers:
                self._loading_key = key
                self.ui.statusLabel.setText("Reading the incidents…")
                task = dc.ReadIncidentsTask(layers, self._prepared_done, then=hm.PreparedIncidents)
                self._tasks.add(task)
                QgsApplication.taskManager().addTask(task)
                return False
            self._loading_key = None
            self._prepared_key = key
        if self.prepared is None or not len(self.prepared):
            self.ui.statusLabel.setText("No incident layer with events of the two groups.")
            return False
        return True

    def _project_cleared(self):
        """A project closed (or reopened): its layers may come back with the same ids
        and other data; nothing read or under way before is used."""
        self.prepared = None
        self._prepared_key = self._loading_key = self._failed_key = None
        self.generation += 1

    def _prepared_done(self, task, ok: bool):
        self._tasks.discard(task)
        if task.key != self._loading_key:
            return  # the layers changed meanwhile: a newer read is under way
        self._loading_key = None
        if not ok:
            self._failed_key = task.key
            self.ui.statusLabel.setText(f"Cannot read the incidents: {task.error}")
            return
        self._failed_key = None
        self._prepared_key = task.key
        self.prepared = task.value
        self._start_frame()

    def _windows(self):
        if self.timeline is not None:
            return self.timeline.windows()
        span = self.prepared.date_span()
        return Timeline(span[0], span[1], "month", "month").windows()

    # --- the current frame ------------------------------------------------------------
    def _start_frame(self):
        if not self.ui.showCheck.isChecked() or self.window is None:
            return
        if not self.ensure_prepared():
            return
        settings = self.settings()
        try:
            self.prepared.grid(settings)  # built here, not concurrently in two tasks
        except hm.HeatmapError as err:
            self.ui.statusLabel.setText(str(err))
            return
        if self.curve is None and self.curve_generation == 0:
            self._start_curve()
        if self.folder is None:
            self.folder = hm.cache_folder()
        self.generation += 1
        path = self.folder / f"overlap_{self.generation:05d}.tif"
        task = FrameTask(
            self.prepared, self.window, settings, path, self.generation, self._frame_done
        )
        self._tasks.add(task)
        self.ui.statusLabel.setText("Computing…")
        QgsApplication.taskManager().addTask(task)

    def _frame_done(self, task: FrameTask, ok: bool):
        self._tasks.discard(task)
        if task.generation != self.generation:
            return  # a newer window was asked for meanwhile: never show a stale surface
        if not ok:
            self.ui.statusLabel.setText(f"Heatmap failed: {task.error or 'cancelled'}")
            return
        r = task.result
        vmax = self.scale if self.scale is not None else task.vmax
        try:
            self.heat_layer.show(task.path, r.crs, vmax)
        except hm.HeatmapError as err:
            self.ui.statusLabel.setText(str(err))
            return
        self.result = r
        self.shown_generation = task.generation
        name_a, name_b = self.prepared.name_a, self.prepared.name_b
        self.ui.indexLabel.setText(f"Overlap index ({r.settings.method}): {r.index:.3f}")
        font = QFont(self.ui.indexLabel.font())
        font.setBold(True)
        font.setPointSize(max(font.pointSize(), 11))
        self.ui.indexLabel.setFont(font)
        self.ui.countsLabel.setText(
            f"{name_a}: {r.events_a} events, {name_b}: {r.events_b} events "
            f"(clashes count for both); {r.settings.weight}, bandwidth "
            f"{r.settings.bandwidth_km:g} km, cells {r.settings.cell_km:g} km"
        )
        self._draw_legend(vmax, provisional=self.scale is None)
        self.ui.statusLabel.setText("")
        self.frameShown.emit(task.generation)

    # --- the curve over time -----------------------------------------------------------
    def _invalidate_curve(self):
        self.curve = None
        self.scale = None
        self.curve_generation = 0
        self._draw_curve()

    def _start_curve(self):
        windows = self._windows()
        self.curve_generation = self.generation + 1
        task = CurveTask(
            self.prepared, windows, self.settings(), self.curve_generation, self._curve_done
        )
        task.window_list = windows
        self._tasks.add(task)
        QgsApplication.taskManager().addTask(task)

    def _curve_done(self, task: CurveTask, ok: bool):
        self._tasks.discard(task)
        if task.generation != self.curve_generation or not ok:
            return
        self.curve = (task.window_list, task.values)
        self.scale = task.vmax
        self.heat_layer.restyle(self.scale)
        self._draw_legend(self.scale, provisional=False)
        self._draw_curve()
        self.curveReady.emit()

    def _draw_curve(self):
        if self.fig is None:
            return
        self.fig.clear()
        self._marker = None
        ax = self.fig.add_subplot(111)
        self._curve_ax = ax
        if self.curve is None:
            ax.text(0.5, 0.5, "overlap over time: computing…", ha="center", va="center")
            ax.set_axis_off()
        else:
            windows, values = self.curve
            x = [pd.Timestamp(a) + (pd.Timestamp(b) - pd.Timestamp(a)) / 2 for a, b in windows]
            ax.plot(x, values, color=hm.RAMP[-1], lw=1.3)
            ax.fill_between(x, values, color=hm.RAMP[2], alpha=0.4)
            ax.set_ylim(0, 1)
            ax.set_ylabel("overlap index", fontsize=7)
            ax.tick_params(labelsize=7)
            ax.margins(x=0.01)
        self._draw_marker()

    def _draw_marker(self):
        if self.fig is None:
            return
        if self.curve is not None and self.window is not None:
            self._marker = dc.shade_window(self._curve_ax, self._marker, *self.window)
        elif self._marker is not None:
            self._marker.remove()
            self._marker = None
        self.chart.draw_idle()

    def _draw_legend(self, vmax: float, provisional: bool):
        w, h = 260, 34
        pix = QPixmap(w, h)
        pix.fill(Qt.transparent)
        p = QPainter(pix)
        grad = QLinearGradient(0, 0, w, 0)
        grad.setColorAt(0.0, QColor(255, 255, 255, 0))
        for k, colour in enumerate(hm.RAMP, start=1):
            grad.setColorAt(k / len(hm.RAMP), QColor(colour))
        p.fillRect(0, 0, w, 14, grad)
        p.setPen(QColor("#333333"))
        p.drawRect(0, 0, w - 1, 14)
        font = QFont(p.font())
        font.setPointSize(7)
        p.setFont(font)
        p.drawText(0, 16, w, 18, Qt.AlignLeft, "0")
        p.drawText(0, 16, w, 18, Qt.AlignRight, f"{hm.format_value(vmax)}+")
        p.end()
        self.ui.legendLabel.setPixmap(pix)
        note = " (this window's scale until all windows are computed)" if provisional else ""
        self.ui.legendLabel.setToolTip(
            f"Shared probability per km², fixed scale 0 – {hm.format_value(vmax)} for every "
            f"window{note}"
        )

    # --- clean-up ------------------------------------------------------------------------
    def cleanup(self):
        for task in list(self._tasks):
            with contextlib.suppress(RuntimeError):
                task.cancel()
        self._tasks.clear()
        self.generation += 1
        self._loading_key = None  # a read still under way is dropped when it ends
        with contextlib.suppress(TypeError, RuntimeError):
            self.project.cleared.disconnect(self._project_cleared)
        self._debounce.stop()
        if self.slider is not None:
            with contextlib.suppress(TypeError, RuntimeError):
                self.slider.windowChanged.disconnect(self.set_window)
                self.slider.timelineChanged.disconnect(self.set_timeline)
            self.slider = None
        if self._nav is not None:
            with contextlib.suppress(TypeError, RuntimeError):
                self._nav.updateTemporalRange.disconnect(self._on_controller_range)
            self._nav = None

    def closeEvent(self, event):
        self._debounce.stop()
        super().closeEvent(event)

    def remove_files(self):
        """Delete the cache folder (after removing the layer that reads it)."""
        self.heat_layer.remove()
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None
        if self.iface is not None:
            self.iface.messageBar().pushMessage(
                d.PLUGIN_NAME, "Overlap heatmap files removed", Qgis.Info, 3
            )
