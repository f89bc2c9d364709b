"""Overlap heatmap dock: the current window's overlap surface as one layer, and its curve.

Follows the time slider dock (or, without it, QGIS's temporal controller),
and reads the incident layers the slider has checked (without it, the
plugin's "All incidents" layers). Each window change is debounced (150 ms)
and computed in a QgsTask; every request gets a generation number and a
finished task whose number is not the latest is dropped, so a stale surface
never replaces a newer one, and the labels always describe the surface on the
map. The curve of the overlap index over all windows, and the fixed colour
scale shared by every frame, are computed once per (layers, settings,
timeline) in another task. The numbers come from :mod:`..core.kde`.

The dock owns one "Overlap heatmap" layer: closing the dock removes it (and
stops computing), reopening brings it back; a new project or layers added
or removed are followed; unloading the plugin removes the layer and the
dock's cache folder, and a new dock removes layers an old one left behind.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil

from qgis.core import Qgis, QgsApplication, QgsProject, QgsTask
from qgis.gui import QgsDockWidget, QgsPanelWidget
from qgis.PyQt.QtCore import QCoreApplication, QDate, Qt, QTimer, pyqtSignal
from qgis.PyQt.QtWidgets import QComboBox

from .. import definitions as d
from .. import i18n
from ..core.timeline import Timeline
from ..definitions import N_
from ..i18n import tr
from ..render import heatmap_layer as hm
from . import dock_common as dc
from .charts import ScaleBar, Series, TimeChart

FORM = dc.load_form("heatmap_panel.ui")
DEBOUNCE_MS = 150
# What the combos show (their index is the setting: hm.WEIGHTS, hm.METHODS).
WEIGHT_LABELS = {"events": N_("events"), "fatalities": N_("fatalities")}
METHOD_LABELS = {"min": N_("min"), "product": N_("product")}
UNITS = hm.UNITS  # marked for translation there


class FrameTask(QgsTask):
    """One window: densities, overlap and the GeoTIFF, off the main thread."""

    def __init__(self, prepared, window, settings, path, generation, on_done, maker=None):
        super().__init__(
            tr("{plugin}: overlap heatmap").format(plugin=d.PLUGIN_NAME), QgsTask.CanCancel
        )
        self.prepared, self.window, self.settings = prepared, window, settings
        self.path, self.generation, self.on_done = str(path), generation, on_done
        self.maker = maker  # HeatmapLayer, when the project has no heatmap layer yet
        self.layer = None
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
            if self.maker is not None:
                # Opened here, not on the main thread (a 0.1-0.3 s freeze the first time).
                self.layer = self.maker.make_layer(self.path, self.result.crs, self.vmax)
                self.layer.moveToThread(QCoreApplication.instance().thread())
            return True
        except Exception as err:  # a worker reports its failure, it must not die silently
            self.error = str(err)
            return False

    def finished(self, ok):
        dc.call_safely(self.on_done, self, ok)


class CurveTask(QgsTask):
    """The overlap index of every window and one colour scale for all of them."""

    def __init__(self, prepared, windows, settings, generation, on_done):
        super().__init__(
            tr("{plugin}: overlap over time").format(plugin=d.PLUGIN_NAME), QgsTask.CanCancel
        )
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
        # Group names, file names and errors are data: shown as text, never as markup.
        for label in (self.countsLabel, self.statusLabel):
            label.setTextFormat(Qt.PlainText)
            # One line each, reserved: the two share the line (HeatmapDock._status), so the
            # panel keeps its height while computing and fits 1366×768 beside the slider.
            label.setMinimumHeight(label.fontMetrics().height())
        self.statusLabel.hide()


def window_text(first, last) -> str:
    """A window as the labels name it: "June 2019", "2019", or its first and last day
    (month names in the installed language)."""
    if first is None or last is None:
        return tr("the whole period")
    first, last = dt.date.fromisoformat(str(first)[:10]), dt.date.fromisoformat(str(last)[:10])
    next_day = last + dt.timedelta(days=1)
    if first.day == 1 and next_day.day == 1:
        months = (next_day.year - first.year) * 12 + next_day.month - first.month
        if months == 1:
            return i18n.locale().toString(QDate(first.year, first.month, 1), "MMMM yyyy")
        if months == 12 and first.month == 1:
            return str(first.year)
    return f"{first} – {last}"


class HeatmapDock(QgsDockWidget):
    frameShown = pyqtSignal(int)  # generation of the surface now in the layer
    curveReady = pyqtSignal()

    def __init__(self, iface, project: QgsProject | None = None, slider=None, parent=None):
        super().__init__(tr("Sahel Overlap: overlap heatmap"), parent)
        self.setObjectName("SahelOverlapHeatmapDock")
        self.iface = iface
        self.project = project or QgsProject.instance()
        self.ui = HeatmapPanel(self)
        self.setWidget(dc.wrap_in_scroll(self.ui))
        ui = self.ui
        ui.weightCombo.addItems([tr(WEIGHT_LABELS[w]) for w in hm.WEIGHTS])
        ui.methodCombo.addItems([tr(METHOD_LABELS[m]) for m in hm.METHODS])
        ui.methodCombo.setItemData(0, tr("min(pA, pB): the overlap coefficient"), Qt.ToolTipRole)
        ui.methodCombo.setItemData(
            1, tr("sqrt(pA·pB): the Bhattacharyya coefficient"), Qt.ToolTipRole
        )
        for widget in (ui.bandwidthSpin, ui.cellSpin):
            widget.setMaximumWidth(84)  # the settings grid fits a 350 px dock
        for combo in (ui.weightCombo, ui.methodCombo):
            # As wide as its longest item in the installed language, never cut.
            combo.setSizeAdjustPolicy(QComboBox.AdjustToContents)
            combo.setMinimumWidth(combo.sizeHint().width())
        ui.methodCombo.setToolTip(
            tr(
                "min: high only where both groups are active (overlap coefficient); "
                "product: smoother (Bhattacharyya coefficient)"
            )
        )
        hm.remove_stale_layers(self.project)  # left by an earlier instance of the dock
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
        self.closed = False  # closed by the analyst: no layer, no computing
        self._tasks: set = set()
        self._nav = None

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self._start_frame)
        self._layers_timer = QTimer(self)
        self._layers_timer.setSingleShot(True)
        self._layers_timer.setInterval(150)
        self._layers_timer.timeout.connect(self._layers_changed)
        self.chart = TimeChart(ui, y_label=tr("overlap index", "chart axis"), height=110)
        ui.curveLayout.addWidget(self.chart)
        self.legend = ScaleBar(ui)
        ui.legendLayout.addWidget(self.legend)

        for w in (ui.bandwidthSpin, ui.cellSpin):
            w.valueChanged.connect(self._settings_changed)
        for w in (ui.weightCombo, ui.methodCombo):
            w.currentIndexChanged.connect(self._settings_changed)
        ui.showCheck.toggled.connect(self._show_toggled)
        self.visibilityChanged.connect(self._visibility_changed)
        self._connect_controller()
        self.project.cleared.connect(self._project_cleared)
        self.project.layersAdded.connect(self._layers_added)
        self.project.layersRemoved.connect(self._layers_timer.start)
        self.project.layerWillBeRemoved.connect(self._layer_will_be_removed)
        self._draw_curve()
        if slider is not None:
            self.attach_slider(slider)

    def _status(self, text: str) -> None:
        """Progress and errors take the counts' line while they last."""
        self.ui.statusLabel.setText(text)
        self.ui.statusLabel.setVisible(bool(text))
        self.ui.countsLabel.setVisible(not text)

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
        """Follow a time slider dock's window, timeline and layers."""
        self.slider = slider
        slider.windowChanged.connect(self.set_window)
        slider.timelineChanged.connect(self._slider_timeline)
        self.set_timeline(slider.timeline)
        if slider.shown:
            self.set_window(*slider.shown)

    def _slider_timeline(self, timeline):
        self.set_timeline(timeline)
        if timeline is None:
            self.window = None  # the next window is new, whatever it is
        else:
            self._layers_timer.start()  # its checked layers may be others now

    def incident_layers(self):
        """What the surface is computed from: the slider's checked incident layers,
        or, without the slider, the plugin's "All incidents" layers."""
        if self.slider is not None:
            with contextlib.suppress(RuntimeError):
                return self.slider.checked_incident_layers()
        return dc.default_incident_layers(self.project)

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
        self.chart.set_span(first, last)
        if self.result is not None and tuple(self.result.window) != self.window:
            self._status(tr("Computing {window}…").format(window=window_text(first, last)))
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
            self._stop()

    def _visibility_changed(self, visible):
        if visible and self.closed:
            self.reopen()

    def reopen(self):
        """The dock shown again after being closed: the current window's surface."""
        self.closed = False
        self.window = None  # set again below, and recomputed
        if self.slider is not None and self.slider.shown:
            self.set_window(*self.slider.shown)
        elif self.iface is not None:
            dates = dc.range_dates(self.iface.mapCanvas().temporalRange())
            if dates is not None:
                self.set_window(*dates)

    def closeEvent(self, event):
        """Closed by the analyst: its layer goes (it would show a window nobody
        follows any more) and nothing is computed until it is shown again."""
        self.closed = True
        self._stop()
        super().closeEvent(event)

    def _stop(self):
        self._debounce.stop()
        self.generation += 1  # a task under way is dropped when it ends
        for task in list(self._tasks):
            if isinstance(task, FrameTask):
                with contextlib.suppress(RuntimeError):
                    task.cancel()
        self.heat_layer.remove()
        self.result = None
        self.ui.indexLabel.setText(tr("Overlap index: –"))
        self.ui.countsLabel.setText("")
        self._status("")

    # --- data -------------------------------------------------------------------------
    def ensure_prepared(self) -> bool:
        """True when the incidents of the layers are read and projected; otherwise
        starts (or waits for) the task that does it, which then asks for the frame
        again."""
        layers = self.incident_layers()
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
                self._status(tr("Reading the incidents…"))
                task = dc.ReadIncidentsTask(layers, self._prepared_done, then=hm.PreparedIncidents)
                self._tasks.add(task)
                QgsApplication.taskManager().addTask(task)
                return False
            self._loading_key = None
            self._prepared_key = key
        if self.prepared is None or not len(self.prepared):
            self.heat_layer.remove()
            self.result = None
            self._status(tr("No incident layer with events of the two groups."))
            return False
        return True

    def _layers_added(self, layers):
        if any(dc.is_incident_layer(lyr) for lyr in layers):
            self._layers_timer.start()

    def _layer_will_be_removed(self, layer_id):
        if layer_id == self.heat_layer.layer_id:
            self.heat_layer.forget()  # removed by the analyst: a new one comes next frame

    def _layers_changed(self):
        """Incident layers came or went: if that changes what the surface is made
        of, read them again and redo the current window."""
        if self.closed or not self.ui.showCheck.isChecked():
            return
        key = dc.frame_key(self.incident_layers())
        if key not in (self._prepared_key, self._loading_key) and self.window is not None:
            self._start_frame()

    def _project_cleared(self):
        """A project closed (or a new one): its layers, even with the same ids, may
        hold other data; nothing read, computed or shown before is used."""
        self.prepared = None
        self._prepared_key = self._loading_key = self._failed_key = None
        self.generation += 1
        self.heat_layer.forget()  # removed with the project
        self.window = None
        self.result = None
        self.timeline = None
        self._invalidate_curve()
        self.ui.indexLabel.setText(tr("Overlap index: –"))
        self.ui.countsLabel.setText("")
        self._status("")
        self.legend.clear()

    def _prepared_done(self, task, ok: bool):
        self._tasks.discard(task)
        if task.key != self._loading_key:
            return  # the layers changed meanwhile: a newer read is under way
        self._loading_key = None
        if not ok:
            self._failed_key = task.key
            self._status(tr("Cannot read the incidents: {error}").format(error=task.error))
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
        if self.closed or not self.ui.showCheck.isChecked() or self.window is None:
            return
        if not self.ensure_prepared():
            return
        settings = self.settings()
        try:
            self.prepared.grid(settings)  # built here, not concurrently in two tasks
        except hm.HeatmapError as err:
            self._status(str(err))
            return
        if self.curve is None and self.curve_generation == 0:
            self._start_curve()
        if self.folder is None:
            self.folder = hm.cache_folder()
        self.generation += 1
        path = self.folder / f"overlap_{self.generation:05d}.tif"
        maker = self.heat_layer if self.heat_layer.layer() is None else None
        task = FrameTask(
            self.prepared, self.window, settings, path, self.generation, self._frame_done, maker
        )
        self._tasks.add(task)
        self._status(tr("Computing {window}…").format(window=window_text(*self.window)))
        QgsApplication.taskManager().addTask(task)

    def _frame_done(self, task: FrameTask, ok: bool):
        self._tasks.discard(task)
        if task.generation != self.generation or self.closed:
            return  # a newer window was asked for meanwhile: never show a stale surface
        if not ok:
            self._status(tr("Heatmap failed: {error}").format(error=task.error or tr("cancelled")))
            return
        r = task.result
        vmax = self.scale if self.scale is not None else task.vmax
        try:
            made = task.layer if self.heat_layer.layer() is None else None
            self.heat_layer.show(task.path, r.crs, vmax, made)
        except hm.HeatmapError as err:
            self._status(str(err))
            return
        self.result = r
        self.shown_generation = task.generation
        self._show_result_labels(r, vmax)
        self._status("")
        self.frameShown.emit(task.generation)

    def _show_result_labels(self, r, vmax):
        """Labels of the surface on the map (never of a window still computing)."""
        name_a, name_b = self.prepared.name_a, self.prepared.name_b
        self.ui.indexLabel.setText(
            tr("<b>{window}</b>: overlap index ({method}) <b>{index}</b>").format(
                window=window_text(*r.window),
                method=tr(METHOD_LABELS.get(r.settings.method, r.settings.method)),
                index=f"{r.index:.3f}",
            )
        )
        # One line (the settings are in the controls above): the dock fits 1366×768.
        self.ui.countsLabel.setText(
            tr("{a}: {events_a} events, {b}: {events_b} events").format(
                a=name_a, events_a=r.events_a, b=name_b, events_b=r.events_b
            )
        )
        self.ui.countsLabel.setToolTip(
            tr(
                "Clashes and joint operations count for both groups; {weight}, "
                "bandwidth {bandwidth} km, cells {cell} km"
            ).format(
                weight=tr(WEIGHT_LABELS.get(r.settings.weight, r.settings.weight)),
                bandwidth=f"{r.settings.bandwidth_km:g}",
                cell=f"{r.settings.cell_km:g}",
            )
        )
        self._draw_legend(vmax, provisional=self.scale is None)

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
        if self.result is not None:
            self._draw_legend(self.scale, provisional=False)
        self._draw_curve()
        self.curveReady.emit()

    def _draw_curve(self):
        if self.curve is None:
            self.chart.set_message(
                tr("overlap over time: computing…") if self.prepared is not None else ""
            )
            return
        windows, values = self.curve
        x = [a + (b - a) / 2 for a, b in windows]
        self.chart.set_series(
            [Series("", hm.RAMP[-1], x, list(values), "area")], y_range=(0.0, 1.0)
        )
        if self.window is not None:
            self.chart.set_span(*self.window)

    def _draw_legend(self, vmax: float, provisional: bool):
        """The colour scale with its numbers and units (per 1,000 km²)."""
        note = tr("this window's scale") if provisional else tr("one scale, all windows")
        self.legend.set_scale(
            hm.RAMP,
            (
                "0",
                hm.format_value(vmax / 2),
                tr("{value} or more").format(value=hm.format_value(vmax)),
            ),
            f"{tr(UNITS)}, {note}",
        )
        self.legend.setToolTip(
            tr(
                "Share of both groups' activity found in each place: the surface sums to "
                "the overlap index over the map."
            )
            + " "
            + (
                tr("The scale is this window's until the curve over time is computed.")
                if provisional
                else tr("One colour scale for every window, so that windows compare.")
            )
        )

    # --- clean-up ------------------------------------------------------------------------
    def cleanup(self):
        """Before the dock is deleted (plugin unload): stop, disconnect, and remove
        the layer and the cache folder."""
        for task in list(self._tasks):
            with contextlib.suppress(RuntimeError):
                task.cancel()
        self._tasks.clear()
        self.generation += 1
        self._loading_key = None  # a read still under way is dropped when it ends
        for signal, slot in [
            (self.project.cleared, self._project_cleared),
            (self.project.layersAdded, self._layers_added),
            (self.project.layersRemoved, self._layers_timer.start),
            (self.project.layerWillBeRemoved, self._layer_will_be_removed),
        ]:
            with contextlib.suppress(TypeError, RuntimeError):
                signal.disconnect(slot)
        self._debounce.stop()
        self._layers_timer.stop()
        if self.slider is not None:
            with contextlib.suppress(TypeError, RuntimeError):
                self.slider.windowChanged.disconnect(self.set_window)
            with contextlib.suppress(TypeError, RuntimeError):
                self.slider.timelineChanged.disconnect(self._slider_timeline)
            self.slider = None
        if self._nav is not None:
            with contextlib.suppress(TypeError, RuntimeError):
                self._nav.updateTemporalRange.disconnect(self._on_controller_range)
            self._nav = None
        self.remove_files(quiet=True)

    def remove_files(self, quiet: bool = False):
        """Remove the layer, then delete the cache folder it reads."""
        self.heat_layer.remove()
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None
        if self.iface is not None and not quiet:
            self.iface.messageBar().pushMessage(
                d.PLUGIN_NAME, tr("Overlap heatmap files removed"), Qgis.Info, 3
            )
