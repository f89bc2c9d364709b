"""Time slider dock: windows over the incident layers' dates, driving QGIS's temporal controller.

The window arithmetic is :mod:`..core.timeline`; this dock only turns it into
widgets, a chart and calls on ``iface.mapCanvas().temporalController()``.

When windows are exactly steps (a monthly window moved by a month), the
controller runs in *animated* mode with the same frames, so QGIS's own
Temporal Controller slider and this one are interchangeable; its range is
the timeline's, from the first window's first day to the day after the last
window. QGIS 3.22 counts frames with 30-day months, so it may offer a frame
or two past the last window: the dock steps back (or loops) when QGIS goes
there. Other windows (a quarter moved by a month) cannot be expressed as QGIS
frames; the dock then sets a *fixed range* per window. Either way the canvas
range is ``[first day, last day + 1)``, and moving QGIS's controller moves
this slider.

Playing waits for the map: a frame is stepped on when the timer fires *and*
the canvas has drawn the previous one, so no frame is skipped half-drawn.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd
from qgis.core import (
    Qgis,
    QgsApplication,
    QgsDateTimeRange,
    QgsMapLayer,
    QgsMapRendererParallelJob,
    QgsMapSettings,
    QgsProject,
    QgsRectangle,
)
from qgis.gui import QgsDockWidget, QgsPanelWidget
from qgis.PyQt.QtCore import QSize, Qt, QTimer, pyqtSignal
from qgis.PyQt.QtGui import QColor, QFont, QPainter
from qgis.PyQt.QtWidgets import QFileDialog, QListWidgetItem

from .. import definitions as d
from ..core.timeline import UNITS, Period, Timeline, monthly_counts
from ..definitions import N_
from ..i18n import tr
from ..render.layers import ROLE, is_layout_copy, set_day_range_temporal, temporal_fields
from . import dock_common as dc
from .charts import Series, TimeChart

FORM = dc.load_form("time_slider_panel.ui")
CUSTOM_DAYS = "number of days"
# What the window and step combos show; their item data (saved in the project) is the
# unit itself, so a project saved in one language opens in another.
UNIT_LABELS = {
    "day": N_("day"),
    "week": N_("week"),
    "month": N_("month"),
    "quarter": N_("quarter"),
    "year": N_("year"),
    CUSTOM_DAYS: N_("number of days"),
}
MAX_WAIT_S = 5.0  # play steps on after this even if the map never finished a frame
SCOPE = d.PLUGIN_FOLDER


@dataclass
class SliderSettings:
    """What the dock remembers, saved into the project."""

    length: str = "month"
    length_days: int = 30
    step: str = "month"
    step_days: int = 30
    cumulative: bool = False
    loop: bool = True
    speed: float = 2.0

    def save(self, project: QgsProject) -> None:
        for key, value in asdict(self).items():
            project.writeEntry(SCOPE, f"slider/{key}", str(value))

    @classmethod
    def load(cls, project: QgsProject) -> SliderSettings:
        s = cls()
        for key, default in asdict(s).items():
            text, ok = project.readEntry(SCOPE, f"slider/{key}", "")
            if not ok or text == "":
                continue
            try:
                if isinstance(default, bool):
                    value = text == "True"
                else:
                    value = type(default)(float(text) if isinstance(default, int) else text)
            except ValueError:
                continue
            setattr(s, key, value)
        return s


def chart_data(frame: pd.DataFrame | None):
    """What the chart draws from a frame: monthly counts and the two groups' names
    (worked out in the reading task: 0.1 s at a million events)."""
    from ..io.schema import group_names

    if frame is None or frame.empty:
        return None, None
    table = monthly_counts(frame)
    if table.empty:
        return None, None
    return table, group_names(frame)


class TimeSliderPanel(QgsPanelWidget, FORM):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setupUi(self)
        self.statusLabel.setTextFormat(Qt.PlainText)  # messages hold file names: data


def select_unit(combo, unit: str) -> None:
    """Show ``unit`` (a Period unit or CUSTOM_DAYS) in a window or step combo."""
    index = combo.findData(unit)
    if index >= 0:
        combo.setCurrentIndex(index)


def media_icon(name: str):
    """QGIS's own Temporal Controller icons (so both controllers look alike)."""
    return QgsApplication.getThemeIcon(f"/temporal_navigation/{name}.svg")


class TimeSliderDock(QgsDockWidget):
    windowChanged = pyqtSignal(object, object)  # first, last (datetime.date, inclusive)
    timelineChanged = pyqtSignal(object)  # Timeline or None
    exportMapRequested = pyqtSignal()  # the plugin opens its map export

    def __init__(self, iface, project: QgsProject | None = None, parent=None):
        super().__init__(tr("Sahel Overlap: time slider"), parent)
        self.setObjectName("SahelOverlapTimeSliderDock")
        self.iface = iface
        self.project = project or QgsProject.instance()
        self.ui = TimeSliderPanel(self)
        self.setWidget(dc.wrap_in_scroll(self.ui))
        self.timeline: Timeline | None = None
        self.index = 0
        self.shown: tuple | None = None  # the window the map shows
        self.frame = None  # incidents of the standard layers, for the chart and the span
        self._frame_key = None
        self._loading_key = None
        self._failed_key = None
        self._tasks: set = set()
        self._listed: list[str] | None = None  # ids of the layers in the list
        self._chart_data = (None, None, None)  # frame, monthly counts, group names
        self.date_field: dict[str, str] = {}
        self.unchecked: set[str] = set()
        self._nav = None
        self._pushing = False
        self._span = None
        self._tick_due = False  # the play timer fired while the map was still drawing
        self._awaiting = None  # (canvas range, since): the frame play waits to see drawn
        self.settings = SliderSettings.load(self.project)

        ui = self.ui
        for combo in (ui.lengthCombo, ui.stepCombo):
            for unit in (*UNITS, CUSTOM_DAYS):
                combo.addItem(tr(UNIT_LABELS[unit]), unit)
        self._apply_settings()
        for button, icon in [
            (ui.rewindButton, "rewindToStart"),
            (ui.prevButton, "previous"),
            (ui.playButton, "forward"),
            (ui.nextButton, "next"),
            (ui.endButton, "skipToEnd"),
        ]:
            button.setIcon(media_icon(icon))
        ui.loopCheck.setIcon(QgsApplication.getThemeIcon("/mActionRefresh.svg"))
        ui.refreshButton.setIcon(QgsApplication.getThemeIcon("/mActionRefresh.svg"))
        ui.exportButton.setIcon(QgsApplication.getThemeIcon("/mActionSaveMapAsImage.svg"))
        ui.exportMapButton.setIcon(QgsApplication.getThemeIcon("/mActionNewLayout.svg"))
        self.chart = TimeChart(ui, y_label=tr("events / month", "chart axis"), height=120)
        ui.chartLayout.addWidget(self.chart)

        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self._layers_timer = QTimer(self)
        self._layers_timer.setSingleShot(True)
        self._layers_timer.setInterval(100)
        self._layers_timer.timeout.connect(lambda: self.refresh_layers(force=False))

        ui.frameSlider.valueChanged.connect(lambda i: self.set_frame(i))
        ui.rewindButton.clicked.connect(lambda: self.set_frame(0))
        ui.prevButton.clicked.connect(lambda: self.set_frame(self.index - 1))
        ui.nextButton.clicked.connect(lambda: self.set_frame(self.index + 1))
        ui.endButton.clicked.connect(
            lambda: self.set_frame(self.timeline.count - 1 if self.timeline else 0)
        )
        ui.playButton.toggled.connect(self.play)
        ui.speedSpin.valueChanged.connect(self._speed_changed)
        ui.loopCheck.toggled.connect(self._save_settings)
        for w in (ui.lengthCombo, ui.stepCombo):
            w.currentIndexChanged.connect(self._options_changed)
        for w in (ui.lengthDays, ui.stepDays):
            w.valueChanged.connect(self._options_changed)
        ui.cumulativeCheck.toggled.connect(self._options_changed)
        ui.layerList.itemChanged.connect(self._layer_toggled)
        ui.layerList.currentItemChanged.connect(self._show_date_field)
        ui.dateFieldCombo.activated.connect(self._date_field_picked)
        ui.refreshButton.clicked.connect(lambda: self.refresh_layers())
        ui.exportButton.clicked.connect(self._ask_export)
        ui.exportMapButton.clicked.connect(self.exportMapRequested)
        self.project.layersAdded.connect(self._layers_timer.start)
        self.project.cleared.connect(self._project_cleared)
        self.project.layersRemoved.connect(self._layers_timer.start)
        canvas = self._canvas()
        if canvas is not None:
            canvas.mapCanvasRefreshed.connect(self._map_drawn)
        self.refresh_layers()

    # --- settings ---------------------------------------------------------------
    def _apply_settings(self):
        s, ui = self.settings, self.ui
        widgets = [
            ui.lengthCombo,
            ui.stepCombo,
            ui.lengthDays,
            ui.stepDays,
            ui.cumulativeCheck,
            ui.loopCheck,
            ui.speedSpin,
        ]
        for w in widgets:
            w.blockSignals(True)
        select_unit(ui.lengthCombo, s.length)
        select_unit(ui.stepCombo, s.step)
        ui.lengthDays.setValue(s.length_days)
        ui.stepDays.setValue(s.step_days)
        ui.cumulativeCheck.setChecked(s.cumulative)
        ui.loopCheck.setChecked(s.loop)
        ui.speedSpin.setValue(s.speed)
        for w in widgets:
            w.blockSignals(False)
        ui.lengthDays.setVisible(s.length == CUSTOM_DAYS)
        ui.stepDays.setVisible(s.step == CUSTOM_DAYS)

    def _read_settings(self) -> SliderSettings:
        ui = self.ui
        return SliderSettings(
            length=ui.lengthCombo.currentData(),
            length_days=ui.lengthDays.value(),
            step=ui.stepCombo.currentData(),
            step_days=ui.stepDays.value(),
            cumulative=ui.cumulativeCheck.isChecked(),
            loop=ui.loopCheck.isChecked(),
            speed=ui.speedSpin.value(),
        )

    def configure(self, length=None, step=None, cumulative=None) -> None:
        """Set the window from code (tests, scripts): ``"month"``, ``"quarter"``, 10 (days)…"""
        ui = self.ui
        for value, combo, spin in [
            (length, ui.lengthCombo, ui.lengthDays),
            (step, ui.stepCombo, ui.stepDays),
        ]:
            if value is None:
                continue
            p = Period.parse(value)
            combo.blockSignals(True)
            spin.blockSignals(True)
            if p.n == 1 and p.unit != "day":
                select_unit(combo, p.unit)
            else:
                select_unit(combo, CUSTOM_DAYS)
                spin.setValue(p.n * {"day": 1, "week": 7}.get(p.unit, 30))
            combo.blockSignals(False)
            spin.blockSignals(False)
        if cumulative is not None:
            ui.cumulativeCheck.blockSignals(True)
            ui.cumulativeCheck.setChecked(bool(cumulative))
            ui.cumulativeCheck.blockSignals(False)
        self._options_changed()

    def _save_settings(self, *_):
        """Loop and speed: saved, nothing else changes."""
        self.settings = self._read_settings()
        self.settings.save(self.project)

    def _options_changed(self, *_):
        self.settings = self._read_settings()
        self.settings.save(self.project)
        self.ui.lengthDays.setVisible(self.settings.length == CUSTOM_DAYS)
        self.ui.stepDays.setVisible(self.settings.step == CUSTOM_DAYS)
        self.rebuild()

    def _period(self, text: str, days: int) -> Period:
        return Period(days, "day") if text == CUSTOM_DAYS else Period(1, text)

    # --- layers -----------------------------------------------------------------
    def _listable(self, layer) -> bool:
        return (
            dc.is_point_layer(layer) and not is_layout_copy(layer) and bool(dc.date_fields(layer))
        )

    def refresh_layers(self, force: bool = True):
        """List point layers with a date field (not the print layout's copies).

        Checked by default: the plugin's "All incidents" layers (without them, the
        incident layers other than ambiguous attributions); other layers are the
        user's to check. Without ``force`` (layers added to or removed from the
        project) nothing is redone when the list would not change, e.g. for the
        heatmap's raster layer.
        """
        listed = [lyr for lyr in self.project.mapLayers().values() if self._listable(lyr)]
        ids = [layer.id() for layer in listed]
        if not force and ids == self._listed:
            return
        self._listed = ids
        default = {lyr.id() for lyr in dc.default_incident_layers(self.project)}
        ui = self.ui
        ui.layerList.blockSignals(True)
        ui.layerList.clear()
        for layer in listed:
            fields = dc.date_fields(layer)
            if layer.id() not in self.date_field:
                self.date_field[layer.id()] = fields[0]
                if layer.id() not in default:
                    self.unchecked.add(layer.id())
            item = QListWidgetItem(layer.name())
            item.setData(Qt.UserRole, layer.id())
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Unchecked if layer.id() in self.unchecked else Qt.Checked)
            ui.layerList.addItem(item)
        ui.layerList.blockSignals(False)
        if ui.layerList.count():
            ui.layerList.setCurrentRow(0)
        self.rebuild(reread=True)

    def _project_cleared(self):
        """A project closed (or a new one): nothing of the old one is shown or kept;
        its layers may come back with the same ids but other data."""
        self.play(False)
        self._listed = None
        self._frame_key = None
        self._loading_key = None  # a read begun before is dropped when it ends
        self._failed_key = None
        self.frame = None
        self._chart_data = (None, None, None)
        self.date_field.clear()
        self.unchecked.clear()
        self.shown = None
        dc.forget_frames()
        self.ui.layerList.clear()
        self._set_timeline(None)

    def checked_layers(self):
        out = []
        for row in range(self.ui.layerList.count()):
            item = self.ui.layerList.item(row)
            layer = self.project.mapLayer(item.data(Qt.UserRole))
            if layer is not None and item.checkState() == Qt.Checked:
                out.append(layer)
        return out

    def checked_incident_layers(self):
        """The checked layers in the incident schema (what the heatmap reads too)."""
        return [lyr for lyr in self.checked_layers() if dc.is_incident_layer(lyr)]

    def set_layer_checked(self, layer, checked: bool = True, date_field: str | None = None):
        """Use a layer (and its date field) for the range, as the user would."""
        if date_field:
            self.date_field[layer.id()] = date_field
        for row in range(self.ui.layerList.count()):
            item = self.ui.layerList.item(row)
            if item.data(Qt.UserRole) == layer.id():
                item.setCheckState(Qt.Checked if checked else Qt.Unchecked)

    def _layer_toggled(self, item):
        lid = item.data(Qt.UserRole)
        if item.checkState() == Qt.Checked:
            self.unchecked.discard(lid)
        else:
            self.unchecked.add(lid)
        self.rebuild(reread=True)

    def _show_date_field(self, item, _previous=None):
        combo = self.ui.dateFieldCombo
        combo.clear()
        layer = self.project.mapLayer(item.data(Qt.UserRole)) if item else None
        if layer is None:
            return
        combo.addItems(dc.date_fields(layer))
        combo.setCurrentText(self.date_field.get(layer.id(), ""))

    def _date_field_picked(self, _index):
        item = self.ui.layerList.currentItem()
        if item is not None:
            self.date_field[item.data(Qt.UserRole)] = self.ui.dateFieldCombo.currentText()
            self.rebuild(reread=True)

    def _make_time_aware(self, layer, field):
        """A layer picked by the user follows the controller through its date field."""
        props = layer.temporalProperties()
        if dc.is_incident_layer(layer) and props.isActive():
            return
        if field in temporal_fields(layer):
            return
        set_day_range_temporal(layer, field, field)

    # --- timeline ---------------------------------------------------------------
    def rebuild(self, reread: bool = False):
        """Timeline and chart from the checked layers. The incident layers' events are
        read in a task (a million take a second) unless already read; the timeline
        follows when they are."""
        layers = self.checked_layers()
        for layer in layers:
            field = self.date_field.get(layer.id())
            if field:
                self._make_time_aware(layer, field)
        standard = [lyr for lyr in layers if dc.is_incident_layer(lyr)]
        key = dc.frame_key(standard)
        if key == self._loading_key:
            return  # being read: the timeline follows, with the options as they are then
        retry = standard and self.frame is None and key != self._failed_key
        if reread or key != self._frame_key or retry:
            self._frame_key = key
            self.frame = dc.cached_frame(key) if standard else None
            if standard and self.frame is None:
                self._loading_key = key
                self.ui.windowLabel.setText(tr("Reading the incidents…"))
                self.chart.set_message(tr("Reading the incidents…"))
                task = dc.ReadIncidentsTask(standard, self._frame_read, then=chart_data)
                self._tasks.add(task)
                QgsApplication.taskManager().addTask(task)
                return
        self._loading_key = None  # a read of other layers still under way is dropped
        self._build_timeline(layers)

    def _frame_read(self, task, ok: bool):
        self._tasks.discard(task)
        if task.key != self._loading_key:
            return  # the checked layers changed meanwhile
        self._loading_key = None
        self._failed_key = None if ok else task.key  # retried on a refresh, not on every change
        if not ok:
            # The timeline then comes from the layers' own dates, without the chart.
            if self.iface is not None:
                self.iface.messageBar().pushMessage(
                    d.PLUGIN_NAME,
                    html.escape(tr("Cannot read the incidents: {error}").format(error=task.error)),
                    Qgis.Warning,
                    8,
                )
            self.frame = None
        else:
            self.frame = task.frame
            self._chart_data = (task.frame, *task.value)
        self._build_timeline(self.checked_layers())

    def _frame_span(self) -> tuple[dt.date, dt.date] | None:
        """First and last day of the incident layers' events (as read for the chart)."""
        f = self.frame
        if f is None or f.empty:
            return None
        first = f[d.F_DATE].min()
        last = max(f[d.F_DATE].max(), f[d.F_DATE_END].max())
        return (first.date(), last.date()) if pd.notna(first) and pd.notna(last) else None

    def _set_timeline(self, timeline):
        self.timeline = timeline
        slider = self.ui.frameSlider
        slider.blockSignals(True)
        slider.setEnabled(timeline is not None)
        if timeline is not None:
            slider.setRange(0, timeline.count - 1)
        slider.blockSignals(False)
        for button in (
            self.ui.rewindButton,
            self.ui.prevButton,
            self.ui.playButton,
            self.ui.nextButton,
            self.ui.endButton,
        ):
            button.setEnabled(timeline is not None)
        if timeline is None:
            self._span = None
            self.play(False)
            self.ui.windowLabel.setText(tr("No layer with dates: load incidents first"))
        self.timelineChanged.emit(timeline)
        self._draw_chart()

    def _build_timeline(self, layers):
        dated = [(lyr, self.date_field.get(lyr.id())) for lyr in layers]
        dated = [(lyr, field) for lyr, field in dated if field]
        standard = [lyr for lyr, _ in dated if dc.is_incident_layer(lyr)]
        # The incident layers' events are all in the frame: when each is dated by its
        # event date, their span is the frame's (no min/max queries, 1 s at 1M events).
        by_frame = (
            self.frame is not None
            and standard
            and all(f == d.F_DATE for lyr, f in dated if lyr in standard)
        )
        spans = [self._frame_span()] if by_frame else []
        for layer, field in dated:
            if by_frame and layer in standard:
                continue
            spans.append(dc.layer_date_span(layer, field))
        spans = [s for s in spans if s]
        old_first = self.shown[0] if self.shown else None
        if not spans:
            self._set_timeline(None)
            return
        s = self.settings
        self._span = (min(a for a, _ in spans), max(b for _, b in spans))
        self._set_timeline(
            Timeline(
                self._span[0],
                self._span[1],
                self._period(s.length, s.length_days),
                self._period(s.step, s.step_days),
                s.cumulative,
            )
        )
        index = self.timeline.index_at(old_first) if old_first else 0
        self.index = -1  # force a push with the new settings
        self.set_frame(index)

    def current_window(self) -> tuple[dt.date, dt.date] | None:
        if self.timeline is None:
            return None
        return self.timeline.window(self.index)

    def set_frame(self, i: int, push: bool = True):
        if self.timeline is None:
            return
        i = min(max(int(i), 0), self.timeline.count - 1)
        changed = i != self.index
        self.index = i
        slider = self.ui.frameSlider
        if slider.value() != i:
            slider.blockSignals(True)
            slider.setValue(i)
            slider.blockSignals(False)
        first, last = self.timeline.window(i)
        self.ui.windowLabel.setText(
            f"<b>{self.timeline.label(i)}</b> &nbsp;({i + 1}/{self.timeline.count})"
        )
        if push:
            self._push(first, last)
        if changed or self.shown != (first, last):
            self._show(first, last)

    def _show(self, first, last):
        self.shown = (first, last)
        self.chart.set_span(first, last)
        self.windowChanged.emit(first, last)

    # --- the QGIS temporal controller --------------------------------------------
    def _canvas(self):
        return self.iface.mapCanvas() if self.iface is not None else None

    def controller(self):
        canvas = self._canvas()
        nav = canvas.temporalController() if canvas is not None else None
        if nav is not self._nav:
            if self._nav is not None:
                with contextlib.suppress(TypeError, RuntimeError):
                    self._nav.updateTemporalRange.disconnect(self._on_controller_range)
            self._nav = nav
            if nav is not None:
                nav.updateTemporalRange.connect(self._on_controller_range)
        return nav

    def animation_extents(self) -> QgsDateTimeRange | None:
        """QGIS's animation range for this timeline: first window's first day to the
        day after the last window (what QGIS's own panel then shows)."""
        tl = self.timeline
        if tl is None:
            return None
        end = tl.step.add(tl.frame_start(tl.count - 1))
        return QgsDateTimeRange(dc.qdatetime(tl.anchor), dc.qdatetime(end))

    def _push(self, first, last):
        nav = self.controller()
        if nav is None or self.timeline is None:
            return
        tl = self.timeline
        self._pushing = True
        try:
            if tl.is_simple():
                extents = self.animation_extents()
                duration = dc.interval(tl.step)
                if nav.navigationMode() != dc.nav_mode("Animated"):
                    nav.setNavigationMode(dc.nav_mode("Animated"))
                if nav.temporalExtents() != extents:
                    nav.setTemporalExtents(extents)
                fd = nav.frameDuration()
                if (fd.originalDuration(), fd.originalUnit()) != (
                    duration.originalDuration(),
                    duration.originalUnit(),
                ):
                    nav.setFrameDuration(duration)
                if nav.temporalRangeCumulative() != tl.cumulative:
                    nav.setTemporalRangeCumulative(tl.cumulative)
                want = dc.qrange(first, last)
                if nav.currentFrameNumber() != self.index:
                    nav.setCurrentFrameNumber(self.index)
                elif self._canvas_range() != want:
                    # Same frame number after new extents: the canvas needs the range again.
                    nav.updateTemporalRange.emit(nav.dateTimeRangeForFrameNumber(self.index))
            else:
                if nav.navigationMode() != dc.nav_mode("FixedRange"):
                    nav.setNavigationMode(dc.nav_mode("FixedRange"))
                nav.setTemporalExtents(dc.qrange(first, last))
            project_time = self.project.timeSettings()
            if project_time.isTemporalRangeCumulative() != tl.cumulative:
                project_time.setIsTemporalRangeCumulative(tl.cumulative)
        finally:
            self._pushing = False

    def _canvas_range(self):
        canvas = self._canvas()
        return canvas.temporalRange() if canvas is not None else None

    def _on_controller_range(self, rng):
        """QGIS's own controller moved: follow it (without pushing back)."""
        if self._pushing or self.timeline is None:
            return
        dates = dc.range_dates(rng)
        if dates is None:
            return
        last_window = self.timeline.window(self.timeline.count - 1)
        if dates[0] > last_window[1] and not self.timeline.cumulative:
            # One of the frames QGIS counts past the last window (30-day months).
            QTimer.singleShot(0, self._past_the_end)
            return
        i = self.timeline.index_for(*dates)
        self.set_frame(i, push=False)
        if self.shown != dates:
            self._show(*dates)  # the heatmap shows what the map shows

    def _past_the_end(self):
        nav = self.controller()
        if nav is None or self.timeline is None:
            return
        loop = nav.isLooping() and nav.animationState() != nav.Idle
        if not loop:
            nav.pause()
        self.set_frame(0 if loop else self.timeline.count - 1)

    # --- play -----------------------------------------------------------------------
    def play(self, on: bool = True):
        button = self.ui.playButton
        button.setIcon(media_icon("pause" if on else "forward"))
        button.setToolTip(tr("Pause") if on else tr("Play"))
        self._tick_due = False
        self._awaiting = None
        if on and self.timeline is not None:
            self._timer.start(int(1000 / max(self.ui.speedSpin.value(), 0.1)))
        else:
            self._timer.stop()
            if button.isChecked():
                button.blockSignals(True)
                button.setChecked(False)
                button.blockSignals(False)
                button.setIcon(media_icon("forward"))
                button.setToolTip(tr("Play"))

    def _speed_changed(self, value):
        self._save_settings()
        if self._timer.isActive():
            self._timer.setInterval(int(1000 / max(value, 0.1)))

    def _tick(self):
        waited = time.monotonic() - self._awaiting[1] if self._awaiting else 0.0
        if self._awaiting is not None and waited < MAX_WAIT_S:
            self._tick_due = True  # stepped on as soon as the map has drawn this frame
            return
        self._step_on()

    def _map_drawn(self):
        """The canvas finished drawing: if it drew the frame play waits for, go on."""
        canvas = self._canvas()
        if self._awaiting is not None and canvas.temporalRange() == self._awaiting[0]:
            self._awaiting = None
            if self._tick_due and self._timer.isActive():
                self._tick_due = False
                self._step_on()

    def _step_on(self):
        if self.timeline is None:
            self.play(False)
            return
        if self.index + 1 < self.timeline.count:
            self.set_frame(self.index + 1)
        elif self.ui.loopCheck.isChecked():
            self.set_frame(0)
        else:
            self.play(False)
            return
        canvas = self._canvas()
        # A map refresh (the heatmap layer updated) may cancel a drawing and restart
        # it: wait for a drawing of this frame's range to complete, not for any.
        if self._timer.isActive() and canvas is not None and canvas.isVisible():
            self._awaiting = (canvas.temporalRange(), time.monotonic())

    # --- chart ------------------------------------------------------------------------
    def monthly_counts(self) -> pd.DataFrame | None:
        """Events per month (columns a, b, clash, joint), months as the index."""
        return chart_data(self.frame)[0]

    def _draw_chart(self):
        if self._chart_data[0] is not self.frame:  # counted once per frame read
            self._chart_data = (self.frame, *chart_data(self.frame))
        _frame, table, names = self._chart_data
        if table is None or self.timeline is None:
            self.chart.set_message(tr("no incident layer") if self.timeline is None else "")
            return
        name_a, name_b = names
        months = [p.to_timestamp().date() + dt.timedelta(days=14) for p in table.index]
        clash = table[d.SIDE_CLASH].tolist()
        series = [
            Series(name_a, d.COLOUR_A, months, table[d.SIDE_A].tolist()),
            Series(name_b, d.COLOUR_B, months, table[d.SIDE_B].tolist()),
            Series(tr("clashes"), d.COLOUR_CLASH, months, clash, "stars", [c > 0 for c in clash]),
        ]
        joint = table[d.SIDE_JOINT].tolist() if d.SIDE_JOINT in table else []
        if any(joint):  # marked only where the data has joint operations
            series.append(
                Series(tr("joint operations", "chart legend"), d.COLOUR_JOINT, months, joint,
                       "triangles", [j > 0 for j in joint])
            )  # fmt: skip
        self.chart.set_series(series)
        if self.shown:
            self.chart.set_span(*self.shown)

    # --- export -------------------------------------------------------------------------
    def _ask_export(self):
        folder = QFileDialog.getExistingDirectory(self, tr("Export the animation to a folder"))
        if folder:
            self.export_frames(folder)

    def _render_settings(self, size: QSize) -> QgsMapSettings:
        canvas = self.iface.mapCanvas()
        settings = QgsMapSettings(canvas.mapSettings())

        def drawn(lyr: QgsMapLayer) -> bool:
            return lyr.customProperty(ROLE) != "heatmap"  # the dock's layer: one window only

        layers = [lyr for lyr in canvas.layers() if drawn(lyr)] or [
            lyr for lyr in self.project.layerTreeRoot().checkedLayers() if drawn(lyr)
        ]
        settings.setLayers(layers)
        extent = canvas.extent()
        if not canvas.layers() and layers:
            settings.setDestinationCrs(layers[0].crs())
            extent = QgsRectangle()
            for lyr in layers:
                extent.combineExtentWith(settings.layerExtentToOutputExtent(lyr, lyr.extent()))
            extent.scale(1.1)
        settings.setOutputSize(size)
        settings.setExtent(extent)
        settings.setBackgroundColor(QColor("white"))
        return settings

    def export_frames(self, folder, size: QSize | None = None, gif: bool = True) -> list[str]:
        """Numbered PNG frames of the map, one per window (rendered offscreen), and a GIF.

        The overlap heatmap layer shows one window only and is left out of the frames.
        """
        if self.timeline is None:
            return []
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        size = size or QSize(800, 600)
        base = self._render_settings(size)
        paths = []
        bar = self.iface.messageBar() if self.iface is not None else None
        for i, (first, last) in enumerate(self.timeline.windows()):
            settings = QgsMapSettings(base)
            settings.setIsTemporal(True)
            settings.setTemporalRange(dc.qrange(first, last))
            job = QgsMapRendererParallelJob(settings)
            job.start()
            job.waitForFinished()
            image = job.renderedImage()
            painter = QPainter(image)
            painter.setFont(QFont("Sans", 14, QFont.Bold))
            painter.setPen(QColor("#222222"))
            painter.drawText(12, 28, self.timeline.label(i))
            painter.end()
            path = folder / f"frame_{i + 1:04d}.png"
            if not image.save(str(path)):
                raise OSError(tr("could not write {path}").format(path=path))
            paths.append(str(path))
        message = tr("{n} frames written to {folder}").format(n=len(paths), folder=folder)
        gif_path = None
        if gif and paths:
            gif_path = self._make_gif(paths, folder / "animation.gif")
            message += (
                tr("; GIF: {path}").format(path=gif_path)
                if gif_path
                else tr("; no GIF (Pillow is not installed)")
            )
        if bar is not None:
            level = Qgis.Success if not gif or gif_path else Qgis.Warning
            bar.pushMessage(d.PLUGIN_NAME, html.escape(message), level, 10)
        self.ui.statusLabel.setText(message)
        return paths

    def _make_gif(self, paths, out: Path) -> str | None:
        try:
            from PIL import Image
        except ImportError:
            return None
        frames = [Image.open(p).convert("P", palette=Image.ADAPTIVE) for p in paths]
        frames[0].save(
            out,
            save_all=True,
            append_images=frames[1:],
            duration=int(1000 / max(self.ui.speedSpin.value(), 0.1)),
            loop=0 if self.ui.loopCheck.isChecked() else 1,
        )
        return str(out)

    def cleanup(self):
        """Stop playing and listening (before the dock is deleted)."""
        self.play(False)
        self._loading_key = None  # a read still under way is dropped when it ends
        for task in list(self._tasks):
            with contextlib.suppress(RuntimeError):
                task.cancel()
        self._tasks.clear()
        self._layers_timer.stop()
        canvas = self._canvas()
        for signal, slot in [
            (self.project.cleared, self._project_cleared),
            (self.project.layersAdded, self._layers_timer.start),
            (self.project.layersRemoved, self._layers_timer.start),
            (canvas.mapCanvasRefreshed if canvas is not None else None, self._map_drawn),
        ]:
            if signal is not None:
                with contextlib.suppress(TypeError, RuntimeError):
                    signal.disconnect(slot)
        if self._nav is not None:
            with contextlib.suppress(TypeError, RuntimeError):
                self._nav.updateTemporalRange.disconnect(self._on_controller_range)
            self._nav = None

    def closeEvent(self, event):
        self.play(False)
        super().closeEvent(event)
