"""Incident and base-map layers in the project: styles, time, the Natural Earth base map."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
from pathlib import Path

import pandas as pd
from qgis.core import (
    Qgis,
    QgsApplication,
    QgsDateTimeRange,
    QgsExpression,
    QgsFillSymbol,
    QgsPalLayerSettings,
    QgsProcessingLayerPostProcessorInterface,
    QgsProject,
    QgsRectangle,
    QgsTextBufferSettings,
    QgsTextFormat,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
    QgsVectorLayerTemporalProperties,
)
from qgis.PyQt.QtCore import QDateTime, QTime, QVariant
from qgis.PyQt.QtGui import QColor, QFont

from .. import definitions as d
from ..i18n import tr
from ..io.schema import IncidentLayerError, to_qdate
from .text import plain

STYLE_FILES = {
    d.SIDE_A: "incidents_a.qml",
    d.SIDE_B: "incidents_b.qml",
    d.SIDE_CLASH: "incidents_clash.qml",
    d.SIDE_JOINT: "incidents_joint.qml",
    d.SIDE_AMBIGUOUS: "incidents_ambiguous.qml",
}


# Layer names and legend headings, in the installed language (group names are data).
def joint_title(name_a: str, name_b: str) -> str:
    return tr("{a} + {b} joint operations").format(a=name_a, b=name_b)


def incidents_title(name: str) -> str:
    return tr("{group} incidents").format(group=name)


def clashes_title(name_a: str, name_b: str) -> str:
    return tr("{a} vs {b} clashes").format(a=name_a, b=name_b)


def ambiguous_title(name_a: str, name_b: str) -> str:
    return tr("Ambiguous {a}/{b} attribution").format(a=name_a, b=name_b)


# The loaders pass this label for the generated sample: its mark stays in every language.
SYNTHETIC_MARK = "SYNTHETIC"


def layer_label(label: str) -> str:
    """A layer name's suffix label as shown: the SYNTHETIC mark translated (SYNTHÉTIQUE),
    any other label (from data) as it is."""
    return tr("SYNTHETIC") if label == SYNTHETIC_MARK else label


# --- styling and time -------------------------------------------------------------


def style_path(name: str) -> str:
    return str(d.RESOURCES_DIR / "styles" / name)


def apply_style(layer: QgsVectorLayer, qml_name: str) -> bool:
    # A style file replaces the layer's custom properties: keep the plugin's own (the
    # provenance of a memory layer lives there, io.metadata).
    kept = {k: layer.customProperty(k) for k in layer.customPropertyKeys()}
    kept = {k: v for k, v in kept.items() if k.startswith("sahel_overlap/")}
    _msg, ok = layer.loadNamedStyle(style_path(qml_name))
    for key, value in kept.items():
        if layer.customProperty(key) != value:  # a change signal only where one was lost
            layer.setCustomProperty(key, value)
    layer.triggerRepaint()
    return bool(ok)


def day_expression(expr: str, clock: str = "0, 0, 0") -> str:
    """A date (field or expression) as a date-time at ``clock`` ("h, m, s").

    Slow on large layers: QGIS cannot hand these functions to the data source, so
    it evaluates them on every feature at every redraw. ``day_start`` is the fast form.
    """
    day = f"to_date({expr})"
    return f"make_datetime(year({day}), month({day}), day({day}), {clock})"


def set_temporal_expressions(layer: QgsVectorLayer, start: str, end: str) -> None:
    props = layer.temporalProperties()
    props.setIsActive(True)
    props.setMode(QgsVectorLayerTemporalProperties.ModeFeatureDateTimeStartAndEndFromExpressions)
    props.setStartExpression(start)
    props.setEndExpression(end)
    if hasattr(props, "setLimitMode"):
        # Default drops a feature that falls exactly on a frame's end.
        props.setLimitMode(Qgis.VectorTemporalLimitMode.IncludeBeginIncludeEnd)


# A GeoPackage stores a Date as text ('2019-06-01'); QGIS compiles a date-time literal
# to text with milliseconds ('2019-06-01T00:00:00.000'). Appending the time to the
# stored day makes SQLite's text comparison the exact chronological one.
MIDNIGHT_SUFFIX = "T00:00:00.000"


def day_start(layer: QgsVectorLayer, field: str) -> str:
    """An expression for midnight at the start of the day held in ``field``.

    Date-times are used as they are; a Date becomes its text plus ``MIDNIGHT_SUFFIX``,
    which QGIS compiles to SQL (fast on a GeoPackage) and which it also compares
    correctly with a date-time when it evaluates it itself (memory layers). Text
    fields go through ``to_date`` (exact but evaluated by QGIS feature by feature).
    """
    column = QgsExpression.quotedColumnRef(field)
    kind = layer.fields().field(field).type() if field in layer.fields().names() else None
    if kind == QVariant.DateTime:
        return column
    if kind == QVariant.Date:
        return f"{column} || {QgsExpression.quotedString(MIDNIGHT_SUFFIX)}"
    return day_expression(column)


def set_day_range_temporal(layer: QgsVectorLayer, start_field: str, end_field: str) -> None:
    """Features last from the start of their first day to the end of their last day,
    with filters QGIS runs as SQL in the data source.

    Date-time fields (midnight of the day, the incident schema) use QGIS's field
    mode; with "include end" a feature ending at midnight of a window's first day
    is kept, and a window ``[first, last + 1 day)`` keeps exactly the features
    overlapping its days. Date fields cannot use the field mode: QGIS 3.22's SQL
    compares them as text and shifts every window by a day. They get the same
    comparison through ``day_start`` expressions instead (no function calls: still SQL).
    """
    props = layer.temporalProperties()
    names = layer.fields().names()
    kinds = {layer.fields().field(f).type() for f in (start_field, end_field) if f in names}
    if kinds == {QVariant.DateTime} and {start_field, end_field} <= set(names):
        props.setIsActive(True)
        props.setMode(QgsVectorLayerTemporalProperties.ModeFeatureDateTimeStartAndEndFromFields)
        props.setStartField(start_field)
        props.setEndField(end_field)
        props.setStartExpression("")
        props.setEndExpression("")
        if hasattr(props, "setLimitMode"):
            props.setLimitMode(Qgis.VectorTemporalLimitMode.IncludeBeginIncludeEnd)
        return
    set_temporal_expressions(layer, day_start(layer, start_field), day_start(layer, end_field))


def set_single_day_temporal(layer: QgsVectorLayer) -> None:
    """Events of one day each (date_end = event_date, midnight): QGIS's instant mode with
    a one-day duration, exact for them, whose SQL is a two-sided range on event_date
    (``event_date > window start - 1 day AND event_date < window end``) that an index
    answers in time proportional to the window; the start/end mode's SQL bounds each
    date on one side only, which a database answers by reading half the table."""
    from qgis.core import QgsUnitTypes

    props = layer.temporalProperties()
    props.setIsActive(True)
    props.setMode(QgsVectorLayerTemporalProperties.ModeFeatureDateTimeInstantFromField)
    props.setStartField(d.F_DATE)
    props.setEndField("")
    props.setFixedDuration(1)
    props.setDurationUnits(QgsUnitTypes.TemporalDays)
    if hasattr(props, "setLimitMode"):  # begin excluded: an event of the day before is out
        props.setLimitMode(Qgis.VectorTemporalLimitMode.IncludeBeginExcludeEnd)


def set_incident_temporal(layer: QgsVectorLayer) -> None:
    """Events last from their start date to their end date, whole days included."""
    names = layer.fields().names()
    end = d.F_DATE_END if d.F_DATE_END in names else d.F_DATE
    set_day_range_temporal(layer, d.F_DATE, end)


def temporal_fields(layer: QgsVectorLayer) -> set[str]:
    """The fields a layer's temporal filter reads (empty when it has none)."""
    props = layer.temporalProperties()
    if not props.isActive():
        return set()
    mode = props.mode()
    if mode == QgsVectorLayerTemporalProperties.ModeFeatureDateTimeStartAndEndFromExpressions:
        out = set()
        for text in (props.startExpression(), props.endExpression()):
            out |= set(QgsExpression(text).referencedColumns()) if text else set()
        return out
    return {f for f in (props.startField(), props.endField()) if f}


# --- base map ----------------------------------------------------------------------

BASE_FONT = "DejaVu Sans"
BASE_GROUP = "Base map (Natural Earth)"  # English name (projects saved before 0.2)
# Marks the base map's group, so that it is found whatever language named it (not ROLE:
# the docks take layers with a role for the plugin's incident layers).
BASE_PROPERTY = f"{d.PLUGIN_FOLDER}/base_map"
SAHEL_ADM0 = ("MLI", "BFA", "NER")


def world_map_path() -> str:
    """QGIS's Natural Earth map, read from the plugin's copy in the profile.

    QGIS's own file is never opened: a writable opening (root, or a layer filter set
    after opening) turns it to WAL mode, breaks its package checksum, and a file
    left in WAL mode by any program makes read-only readers fail ("unable to open
    database file"). The copy is made once, in rollback-journal mode.
    """
    source = Path(QgsApplication.pkgDataPath()) / "resources" / "data" / "world_map.gpkg"
    copy = Path(QgsApplication.qgisSettingsDirPath()) / d.PLUGIN_FOLDER / "world_map.gpkg"
    if copy.is_file() and copy.stat().st_size == source.stat().st_size:
        return str(copy)
    copy.parent.mkdir(parents=True, exist_ok=True)
    partial = copy.with_name(f"world_map.{os.getpid()}.part")  # processes may race
    shutil.copyfile(source, partial)
    with contextlib.closing(sqlite3.connect(partial)) as db:
        db.execute("PRAGMA journal_mode=DELETE")
        # Dates GeoPackage wants (GDAL warned "Non-conformant content" on each open).
        with db:
            db.execute(
                "UPDATE layer_styles SET update_time = substr(update_time, 1, 19) || '.000Z' "
                "WHERE update_time LIKE '____-__-__T__:__:__Z'"
            )
    os.replace(partial, copy)
    return str(copy)


def _label(layer: QgsVectorLayer, expr: str, size: float, colour: str, italic: bool, caps: bool):
    fmt = QgsTextFormat()
    font = QFont(BASE_FONT)
    font.setItalic(italic)
    font.setBold(caps)
    if caps:
        font.setCapitalization(QFont.AllUppercase)
        font.setLetterSpacing(QFont.AbsoluteSpacing, 1.2)
    fmt.setFont(font)
    fmt.setSize(size)
    fmt.setColor(QColor(colour))
    buffer = QgsTextBufferSettings()
    buffer.setEnabled(True)
    buffer.setSize(0.7)
    buffer.setColor(QColor(255, 255, 255, 200))
    fmt.setBuffer(buffer)
    settings = QgsPalLayerSettings()
    settings.fieldName = expr
    settings.isExpression = True
    settings.setFormat(fmt)
    settings.placement = QgsPalLayerSettings.OverPoint
    settings.priority = 10 if caps else 3
    layer.setLabeling(QgsVectorLayerSimpleLabeling(settings))
    layer.setLabelsEnabled(True)


def base_map_layers(adm0=SAHEL_ADM0) -> tuple[QgsVectorLayer, QgsVectorLayer]:
    """Countries and admin-1 regions (of ``adm0`` countries) from QGIS's Natural Earth."""
    world = world_map_path()
    countries = QgsVectorLayer(
        f"{world}|layername=countries", tr("Countries (Natural Earth)"), "ogr"
    )
    # The filter goes in the URI: setSubsetString reopens a GeoPackage for writing,
    # which turns QGIS's own file to WAL mode and breaks the read-only connections
    # already open on it ("sqlite3_step(): unable to open database file").
    subset = ('|subset="adm0_a3" IN (' + ", ".join(f"'{c}'" for c in adm0) + ")") if adm0 else ""
    regions = QgsVectorLayer(
        f"{world}|layername=states_provinces{subset}", tr("Admin regions (Natural Earth)"), "ogr"
    )
    if not (countries.isValid() and regions.isValid()):
        raise IncidentLayerError(f"cannot open QGIS's base map {world}")
    countries.renderer().setSymbol(
        QgsFillSymbol.createSimple(
            {"color": "#f6f3ec", "outline_color": "#8c8c8c", "outline_width": "0.3"}
        )
    )
    regions.renderer().setSymbol(
        QgsFillSymbol.createSimple(
            {
                "style": "no",
                "outline_color": "#a8a8a8",
                "outline_width": "0.15",
                "outline_style": "dash",
            }
        )
    )
    _label(countries, '"NAME"', 8.5, "#4d4d4d", italic=False, caps=True)
    _label(regions, '"name"', 6.0, "#7a7a7a", italic=True, caps=False)
    return countries, regions


def add_base_map(project: QgsProject) -> list[QgsVectorLayer]:
    """Put the Natural Earth base map under everything, once per project (found by its
    group's mark, or its English name in older projects: its name follows the language)."""
    if base_map_group(project) is not None or project.mapLayersByName("Countries (Natural Earth)"):
        return []
    layers = base_map_layers()
    group = project.layerTreeRoot().addGroup(tr("Base map (Natural Earth)"))
    group.setCustomProperty(BASE_PROPERTY, True)
    for layer in reversed(layers):
        project.addMapLayer(layer, False)
        group.addLayer(layer)
    return list(layers)


def base_map_group(project: QgsProject):
    """The base map's layer-tree group, whatever language named it, or None."""
    root = project.layerTreeRoot()
    for group in root.findGroups():
        if group.customProperty(BASE_PROPERTY, False):
            return group
    return root.findGroup(BASE_GROUP)


def date_range(frame: pd.DataFrame) -> QgsDateTimeRange | None:
    if frame.empty:
        return None
    lo, hi = frame[d.F_DATE].min(), frame[d.F_DATE_END].max()
    return QgsDateTimeRange(
        QDateTime(to_qdate(lo), QTime(0, 0)), QDateTime(to_qdate(hi), QTime(23, 59, 59))
    )


_SIDE_SUBSET = re.compile(r"""^\s*"?""" + re.escape(d.F_SIDE) + r""""?\s*=\s*'([a-z_]+)'\s*$""")


def side_subset(side: str) -> str:
    """The subset string of a per-side incident layer ('Load incidents')."""
    return f"\"{d.F_SIDE}\" = '{side}'"


def subset_side(subset: str | None) -> str | None:
    """The side a subset string shows if it is exactly a side filter, else None."""
    m = _SIDE_SUBSET.match(subset or "")
    return m.group(1) if m else None


# Set on every layer the print layout adds to a project (its styled, hidden copies),
# so that docks and dialogs leave them out of their layer lists.
COPY_PROPERTY = f"{d.PLUGIN_FOLDER}/layout_copy"


def is_layout_copy(layer) -> bool:
    return bool(layer is not None and layer.customProperty(COPY_PROPERTY, False))


ROLE = f"{d.PLUGIN_FOLDER}/role"  # custom property naming what a layer is for the plugin
ROLE_ALL = "all_incidents"


def role(layer) -> str:
    """What the plugin added ``layer`` as ("all_incidents", "incidents_a", ...), or ""."""
    try:
        return str(layer.customProperty(ROLE, "") or "")
    except (AttributeError, RuntimeError):
        return ""


def relabel_categories(layer: QgsVectorLayer, labels: dict) -> None:
    """Category labels by value, through a new renderer: the Layers panel and any
    legend redraw at once (editing the categories in place notifies nobody)."""
    renderer = layer.renderer()
    if not hasattr(renderer, "categories"):
        return
    renderer = renderer.clone()
    for i, cat in enumerate(renderer.categories()):
        if cat.value() in labels:
            renderer.updateCategoryLabel(i, labels[cat.value()])
    layer.setRenderer(renderer)
    layer.triggerRepaint()


def style_all_incidents(layer: QgsVectorLayer, name_a: str, name_b: str) -> None:
    """Every event of the table, one colour per side (ambiguous and other unticked)."""
    name_a, name_b = plain(name_a), plain(name_b)
    apply_style(layer, "incidents_all.qml")
    relabel_categories(
        layer,
        {
            d.SIDE_A: name_a,
            d.SIDE_B: name_b,
            d.SIDE_CLASH: clashes_title(name_a, name_b),
            d.SIDE_JOINT: joint_title(name_a, name_b),
            d.SIDE_AMBIGUOUS: ambiguous_title(name_a, name_b),
            d.SIDE_OTHER: tr("Other actors"),  # the style's own label, in the language
        },
    )
    set_incident_temporal(layer)
    layer.setCustomProperty(ROLE, ROLE_ALL)


def all_incidents_name(name_a: str, name_b: str, label: str = "") -> str:
    name_a, name_b, label = plain(name_a), plain(name_b), plain(layer_label(label))
    name = tr("All incidents ({a}, {b}, others)").format(a=name_a, b=name_b)
    return name + (f" ({label})" if label else "")


def add_incident_layers(
    gpkg: str,
    project: QgsProject,
    name_a: str,
    name_b: str,
    label: str = "",
    layer_name="incidents",
    all_layer: QgsVectorLayer | None = None,
) -> list[QgsVectorLayer]:
    """Add one styled, time-aware layer per group plus clashes, joint operations and
    ambiguous events, and the whole table as "All incidents" (hidden: the per-side
    layers draw it).

    The All layer is last in the list; it is what the scoring dialog and the docks
    take by default. ``all_layer``: an existing layer of the whole table to use as
    such (the output of the import algorithm) instead of opening a new one.
    """
    # Names from the data become layer and group names: made inert (``render.text``).
    name_a, name_b = plain(name_a), plain(name_b)
    shown = plain(layer_label(label))
    suffix = f" ({shown})" if shown else ""
    specs = [
        (d.SIDE_CLASH, clashes_title(name_a, name_b)),
        (d.SIDE_JOINT, joint_title(name_a, name_b)),
        (d.SIDE_B, incidents_title(name_b)),
        (d.SIDE_A, incidents_title(name_a)),
        (d.SIDE_AMBIGUOUS, ambiguous_title(name_a, name_b)),
    ]
    layers = []
    root = project.layerTreeRoot()
    group = root.insertGroup(0, incidents_title(f"{name_a} / {name_b}") + suffix)
    for side, title in specs:
        # The subset goes in the URI: opening the whole table and filtering it next
        # made QGIS fail its first count on a large GeoPackage ("unable to open
        # database file", feature count unknown).
        layer = _table_layer(gpkg, layer_name, side_subset(side), title + suffix)
        if not layer.isValid():
            raise IncidentLayerError(f"cannot open {gpkg} as an incidents layer")
        apply_style(layer, STYLE_FILES[side])
        set_incident_temporal(layer)
        layer.setCustomProperty(ROLE, f"incidents_{side}")
        project.addMapLayer(layer, False)
        node = group.addLayer(layer)
        if side == d.SIDE_AMBIGUOUS:
            node.setItemVisibilityChecked(False)
        layers.append(layer)
    everything = all_layer
    if everything is None:
        everything = _table_layer(gpkg, layer_name, "", "all")
        if not everything.isValid():
            raise IncidentLayerError(f"cannot open {gpkg} as an incidents layer")
        project.addMapLayer(everything, False)
        node = group.addLayer(everything)
    else:  # already in the project: move its node into the group
        old = root.findLayer(everything.id())
        node = group.addLayer(everything)
        if old is not None and old.parent() is not None:
            old.parent().removeChildNode(old)
    everything.setName(all_incidents_name(name_a, name_b, label))
    style_all_incidents(everything, name_a, name_b)
    if str(gpkg).startswith("postgres://"):
        from ..io.postgis import PgTable, single_day

        if single_day(PgTable.from_uri(gpkg)):  # an index range per window (issue 16)
            for layer in [*layers, everything]:
                set_single_day_temporal(layer)
    node.setItemVisibilityChecked(False)
    layers.append(everything)
    return layers


def _table_layer(source: str, layer_name, subset: str, title: str) -> QgsVectorLayer:
    """A layer of an incident table: a GeoPackage's (``ogr``) or, for a ``postgres://``
    source, a PostGIS table's (the subset then runs in the database, as the time filter)."""
    if str(source).startswith("postgres://"):
        from ..io.postgis import PgTable

        return QgsVectorLayer(PgTable.from_uri(source).uri(subset), title, "postgres")
    uri = f"{source}|layername={layer_name}" + (f"|subset={subset}" if subset else "")
    return QgsVectorLayer(uri, title, "ogr")


def incidents_extent(layers, crs) -> QgsRectangle:
    """The layers' extent in ``crs``, with a margin (for zooming to them)."""
    from qgis.core import QgsCoordinateTransform

    extent = QgsRectangle()
    for layer in layers:
        box = layer.extent()
        if box.isEmpty() and box.width() == 0 and box.height() == 0:
            continue
        if layer.crs() != crs and crs.isValid():
            xform = QgsCoordinateTransform(layer.crs(), crs, QgsProject.instance())
            box = xform.transformBoundingBox(box)
        extent.combineExtentWith(box)
    if not extent.isEmpty():
        extent.scale(1.08)
    return extent


def show_loaded(iface, layers) -> None:
    """Zoom the map to freshly loaded incidents and make their "All incidents" layer
    the active one (what the toolbox's dialogs then offer first)."""
    if iface is None or not layers:
        return
    canvas = iface.mapCanvas()
    bridge = getattr(iface, "layerTreeCanvasBridge", lambda: None)()
    if bridge is not None:
        # The bridge zooms to the full extent (the world map) when the first layers
        # arrive, a moment later: apply that now, so the zoom below is the last word.
        bridge.setCanvasLayers()
    extent = incidents_extent(layers, canvas.mapSettings().destinationCrs())
    if not extent.isEmpty():
        canvas.setExtent(extent)
        canvas.refresh()
    everything = [lyr for lyr in layers if role(lyr) == ROLE_ALL]
    iface.setActiveLayer(everything[0] if everything else layers[0])


def present_imported(layer: QgsVectorLayer, project: QgsProject, name_a, name_b, label=""):
    """Present the import algorithm's output as 'Load incidents' does: per-side layers
    in a group with the output as their "All incidents" layer, and the base map.

    An output Processing wrote to a GeoPackage gets the per-side layers (read from
    the same table); another output (a temporary layer) cannot be opened twice and
    stays one visible layer, categorised by side. Returns the layers.
    """
    from ..io.gdal_files import FastPathUnavailable, ogr_location

    if layer.providerType() == "postgres" and not layer.subsetString():
        from ..io.postgis import PgTable

        source = "postgres://" + PgTable.from_layer(layer).uri("")
        layers = add_incident_layers(source, project, name_a, name_b, label, all_layer=layer)
        add_base_map(project)
        return layers
    try:
        path, table, subset = ogr_location(layer)
        file_backed = not subset and str(path).lower().endswith(".gpkg")
    except FastPathUnavailable:
        file_backed = False
    if file_backed and table is None:  # the file's only table, named after the file
        from ..io.writers import gpkg_table

        try:
            table = gpkg_table(str(path))[0]
        except (FastPathUnavailable, OSError, sqlite3.Error):
            file_backed = False
    if file_backed:
        layers = add_incident_layers(
            str(path), project, name_a, name_b, label, table, all_layer=layer
        )
    else:
        layer.setName(all_incidents_name(name_a, name_b, label))
        style_all_incidents(layer, name_a, name_b)
        layers = [layer]
    add_base_map(project)
    return layers


class IncidentsPresenter(QgsProcessingLayerPostProcessorInterface):
    """Runs on the main thread when the toolbox loads the import's output."""

    _alive: tuple = ()  # QGIS does not own Python post-processors: keep the last few

    def __init__(self, name_a: str, name_b: str, label: str = ""):
        super().__init__()
        self.names = (name_a, name_b, label)

    @classmethod
    def create(cls, name_a: str, name_b: str, label: str = "") -> IncidentsPresenter:
        presenter = cls(name_a, name_b, label)
        cls._alive = (*cls._alive[-7:], presenter)
        return presenter

    def postProcessLayer(self, layer, context, feedback):
        if not isinstance(layer, QgsVectorLayer):
            return
        project = context.project() or QgsProject.instance()
        layers = present_imported(layer, project, *self.names)
        try:
            from qgis.utils import iface
        except ImportError:  # pragma: no cover - Processing outside QGIS's Python
            iface = None
        show_loaded(iface, layers)


def add_above_base_map(project: QgsProject, layer) -> None:
    """Add a layer under the others but above the opaque base map, if there is one."""
    root = project.layerTreeRoot()
    project.addMapLayer(layer, False)
    group = base_map_group(project)
    index = root.children().index(group) if group is not None else len(root.children())
    root.insertLayer(index, layer)
