"""Shared by the time-slider and heatmap docks: layer discovery, dates, charts, forms."""

from __future__ import annotations

import datetime as dt

import pandas as pd

# Imported here, on the main thread while a dock opens (about 0.05 s): imported by the
# first Arrow read inside a reading task instead, it holds Python's lock for that long
# and every Python slot of QGIS waits (a 0.3-0.4 s freeze measured under load).
from osgeo import gdal_array  # noqa: F401
from qgis.core import (
    QgsDateTimeRange,
    QgsInterval,
    QgsProject,
    QgsTask,
    QgsTemporalNavigationObject,
    QgsUnitTypes,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt import uic
from qgis.PyQt.QtCore import QDate, QDateTime, Qt, QTime, QVariant

from .. import definitions as d
from ..core.timeline import Period
from ..i18n import tr
from ..io import gdal_files, postgis
from ..io.readers import read_incidents
from ..render.layers import ROLE_ALL, is_layout_copy, role, subset_side

DATE_TYPES = (QVariant.Date, QVariant.DateTime)


def load_form(name: str):
    """The form class of a Designer file in ui/ (loaded once per import)."""
    return uic.loadUiType(str(d.UI_DIR / name))[0]


# --- layers -------------------------------------------------------------------------


def is_point_layer(layer) -> bool:
    return (
        isinstance(layer, QgsVectorLayer)
        and layer.isValid()
        and QgsWkbTypes.geometryType(layer.wkbType()) == QgsWkbTypes.PointGeometry
    )


def is_incident_layer(layer) -> bool:
    """A layer in the plugin's standard schema (an event date and a side)."""
    if not is_point_layer(layer):
        return False
    names = layer.fields().names()
    return d.F_DATE in names and d.F_SIDE in names


def find_incident_layers(project: QgsProject | None = None) -> list[QgsVectorLayer]:
    project = project or QgsProject.instance()
    return [
        lyr
        for lyr in project.mapLayers().values()
        if is_incident_layer(lyr) and not is_layout_copy(lyr)
    ]


def default_incident_layers(project: QgsProject | None = None) -> list[QgsVectorLayer]:
    """What the docks read when nobody chose: the plugin's "All incidents" layers;
    without them, incident layers that are not only ambiguous attributions."""
    layers = find_incident_layers(project)
    everything = [lyr for lyr in layers if role(lyr) == ROLE_ALL]
    if everything:
        return everything
    return [lyr for lyr in layers if subset_side(lyr.subsetString()) != d.SIDE_AMBIGUOUS]


def wrap_in_scroll(panel):
    """The panel in a frameless scroll area: the dock's minimum height is then small,
    so two docks never push QGIS's window past the screen."""
    from qgis.PyQt.QtWidgets import QFrame, QScrollArea

    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)  # labels wrap instead
    area.setWidget(panel)
    area.setMinimumHeight(120)
    return area


def date_fields(layer) -> list[str]:
    """Fields holding dates: Date/DateTime fields, then text fields named like a date."""
    out, texty = [], []
    for f in layer.fields():
        if f.type() in DATE_TYPES:
            out.append(f.name())
        elif f.type() == QVariant.String and "date" in f.name().lower():
            texty.append(f.name())
    if d.F_DATE in out:
        out.remove(d.F_DATE)
        out.insert(0, d.F_DATE)
    return out + texty


def to_date(value) -> dt.date | None:
    if isinstance(value, QDateTime):
        value = value.date()
    if isinstance(value, QDate):
        return value.toPyDate() if value.isValid() else None
    if value is None or (hasattr(value, "isNull") and value.isNull()):
        return None
    try:
        ts = pd.Timestamp(str(value))
    except (ValueError, TypeError):
        return None
    return None if pd.isna(ts) else ts.date()


def layer_date_span(layer, field: str) -> tuple[dt.date, dt.date] | None:
    idx = layer.fields().indexOf(field)
    if idx < 0:
        return None
    lo, hi = to_date(layer.minimumValue(idx)), to_date(layer.maximumValue(idx))
    if field == d.F_DATE and d.F_DATE_END in layer.fields().names():
        end = to_date(layer.maximumValue(layer.fields().indexOf(d.F_DATE_END)))
        hi = max(filter(None, [hi, end]), default=None)
    if lo is None or hi is None:
        return None
    return lo, hi


_FRAME_CACHE: dict = {}


_NO_IDS = tuple(
    f for f in (*d.REQUIRED_FOR_ANALYSIS, d.F_DATE_END, d.F_SOURCE) if f != d.F_EVENT_ID
)


def _by_table(layers):
    """Layers grouped by the OGR file and table they read ((None, [layer]) for others)."""
    groups: dict = {}
    for lyr in layers:
        try:
            if lyr.isModified():
                raise gdal_files.FastPathUnavailable("unsaved edits")
            path, name, _subset = gdal_files.ogr_location(lyr)
        except gdal_files.FastPathUnavailable:
            groups[("layer", lyr.id())] = (None, [lyr])
            continue
        table = path if name is None else f"{path}|layername={name}"
        groups.setdefault(("table", table), (table, []))[1].append(lyr)
    return list(groups.values())


def _layer_key(layer) -> tuple:
    return (layer.id(), layer.source(), layer.subsetString(), layer.featureCount())


def frame_key(layers) -> tuple:
    """What the frame of ``layers`` is cached under (per layer: id, source, subset and
    feature count)."""
    return tuple(sorted(_layer_key(lyr) for lyr in layers if is_incident_layer(lyr)))


def cached_frame(key) -> pd.DataFrame | None:
    """The frame read last for ``frame_key`` ``key``, if that is the one cached."""
    return _FRAME_CACHE.get(key)


def _thread_safe_source(layer) -> str | None:
    """The file|layername|subset a worker thread can read instead of ``layer`` (QGIS
    layers belong to the GUI thread), or None (not a saved OGR layer)."""
    if postgis.is_postgis(layer) and not layer.isModified():  # read by binary COPY
        return "postgres://" + postgis.PgTable.from_layer(layer).uri()
    try:
        path, name, subset = gdal_files.ogr_location(layer)
    except gdal_files.FastPathUnavailable:
        return None
    if any("|" in part for part in (path, name or "", subset)):  # would not round-trip
        return None
    parts = (
        [path] + ([f"layername={name}"] if name else []) + ([f"subset={subset}"] if subset else [])
    )
    return "|".join(parts)


def plan_frame(layers) -> list[tuple]:
    """How to read the events of the standard-schema ``layers`` (GUI thread: it asks
    the layers). Layers that only QGIS can read (other providers, unsaved edits) are
    read here and now; the rest is left to ``build_frame``, which any thread may run.
    """
    layers = [lyr for lyr in layers if is_incident_layer(lyr)]
    groups = _by_table(layers)
    jobs = []
    for table, group in groups:
        sides = [subset_side(lyr.subsetString()) for lyr in group]
        ids = _NO_IDS if len(groups) == 1 else None
        if table is not None and any(not lyr.subsetString() for lyr in group):
            # The whole table (an "All incidents" layer) holds every other layer of it.
            jobs.append(("table", table, None, ids))
            continue
        if table is not None and len(group) > 1 and None not in sides:
            # Per-side layers of one table: one scan of the table and a filter here
            # are 3x faster than one indexed read per side (SQLite walks the side
            # index row by row for a side holding half the table).
            # Event ids only serve to drop events read twice: one read needs none.
            jobs.append(("table", table, sides, ids))
            continue
        for lyr in group:
            source = _thread_safe_source(lyr)
            jobs.append(("source", source) if source else ("frame", read_incidents(lyr)))
    return jobs


def build_frame(jobs) -> pd.DataFrame:
    """The frame ``plan_frame`` planned; events read through several layers kept once."""
    frames = []
    for job in jobs:
        if job[0] == "table":
            whole = read_incidents(job[1], fields=job[3])
            frames.append(whole if job[2] is None else whole[whole[d.F_SIDE].isin(job[2])])
        elif job[0] == "source":
            frames.append(read_incidents(job[1]))
        else:
            frames.append(job[1])
    frames = [f for f in frames if len(f)]
    if len(frames) == 1:
        return frames[0].reset_index(drop=True)
    if frames:
        frame = pd.concat(frames, ignore_index=True)
        return frame.drop_duplicates(subset=[d.F_EVENT_ID, d.F_SIDE], ignore_index=True)
    return pd.DataFrame(columns=[*d.REQUIRED_FOR_ANALYSIS, d.F_DATE_END, d.F_LON, d.F_LAT]).astype(
        {d.F_DATE: "datetime64[ns]", d.F_DATE_END: "datetime64[ns]"}
    )


_EPOCH = [0]  # bumped by forget_frames: reads begun before it are not cached


def forget_frames() -> None:
    """Empty the docks' cache (unload, project closed); reads under way are not kept."""
    _FRAME_CACHE.clear()
    _EPOCH[0] += 1


def _remember(key, frame) -> None:
    _FRAME_CACHE.clear()  # one layer set at a time is enough
    _FRAME_CACHE[key] = frame


class ReadIncidentsTask(QgsTask):
    """The docks' read of the incident layers (and what they derive from it, ``then``)
    off the GUI thread: a million events take about a second to read."""

    def __init__(self, layers, on_done, then=None):
        super().__init__(
            tr("{plugin}: reading incidents").format(plugin=d.PLUGIN_NAME), QgsTask.Flags()
        )
        self.key = frame_key(layers)
        self.epoch = _EPOCH[0]
        self.jobs = None if self.key in _FRAME_CACHE else plan_frame(layers)
        self.frame = _FRAME_CACHE.get(self.key)
        self.on_done, self.then = on_done, then
        self.value = None
        self.error = None

    def run(self):
        try:
            if self.frame is None:
                self.frame = build_frame(self.jobs)
            if self.then is not None:
                self.value = self.then(self.frame)
            return True
        except Exception as err:  # a worker reports its failure, it must not die silently
            self.error = str(err)
            return False

    def finished(self, ok):
        if ok and self.epoch == _EPOCH[0]:
            _remember(self.key, self.frame)
        call_safely(self.on_done, self, ok)


# --- temporal controller ------------------------------------------------------------


def nav_mode(name: str):
    """Navigation mode enum (moved to Qgis.TemporalNavigationMode in 3.36)."""
    from qgis.core import Qgis

    enum = getattr(Qgis, "TemporalNavigationMode", None)
    if enum is not None and hasattr(enum, name):
        return getattr(enum, name)
    return getattr(QgsTemporalNavigationObject, name)


def qdatetime(day: dt.date) -> QDateTime:
    return QDateTime(QDate(day.year, day.month, day.day), QTime(0, 0))


def qrange(first: dt.date, last: dt.date) -> QgsDateTimeRange:
    """Inclusive dates as the half-open range QGIS's animation frames use: [first, last + 1 day)."""
    nxt = last + dt.timedelta(days=1)
    return QgsDateTimeRange(
        QDateTime(QDate(first.year, first.month, first.day), QTime(0, 0)),
        QDateTime(QDate(nxt.year, nxt.month, nxt.day), QTime(0, 0)),
        True,
        False,
    )


def range_dates(rng: QgsDateTimeRange) -> tuple[dt.date, dt.date] | None:
    """Inclusive first and last dates of a QGIS range (None for an unbounded range)."""
    begin, end = rng.begin(), rng.end()
    if not (begin.isValid() and end.isValid()):
        return None
    first = begin.date().toPyDate()
    last_dt = end.toPyDateTime()
    if not rng.includeEnd() or (end.time() == QTime(0, 0) and end > begin):
        last_dt -= dt.timedelta(seconds=1)
    return first, max(first, last_dt.date())


def interval(period: Period) -> QgsInterval:
    units = {
        "day": (1, QgsUnitTypes.TemporalDays),
        "week": (1, QgsUnitTypes.TemporalWeeks),
        "month": (1, QgsUnitTypes.TemporalMonths),
        "quarter": (3, QgsUnitTypes.TemporalMonths),
        "year": (1, QgsUnitTypes.TemporalYears),
    }
    k, unit = units[period.unit]
    return QgsInterval(k * period.n, unit)


# --- callbacks -----------------------------------------------------------------------


def call_safely(callback, *args) -> None:
    """Run a task's completion callback; an exception here must not reach Qt."""
    try:
        callback(*args)
    except Exception as err:  # logged for the analyst instead of aborting QGIS
        from qgis.core import Qgis, QgsMessageLog

        QgsMessageLog.logMessage(
            tr("{callback} failed: {error}").format(callback=repr(callback), error=repr(err)),
            d.PLUGIN_NAME,
            Qgis.Critical,
        )
