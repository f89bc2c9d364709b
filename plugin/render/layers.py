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
    QgsFillSymbol,
    QgsPalLayerSettings,
    QgsProject,
    QgsTextBufferSettings,
    QgsTextFormat,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
    QgsVectorLayerTemporalProperties,
)
from qgis.PyQt.QtCore import QDateTime, QTime
from qgis.PyQt.QtGui import QColor, QFont

from .. import definitions as d
from ..io.schema import IncidentLayerError, to_qdate

STYLE_FILES = {
    d.SIDE_A: "incidents_a.qml",
    d.SIDE_B: "incidents_b.qml",
    d.SIDE_CLASH: "incidents_clash.qml",
    d.SIDE_AMBIGUOUS: "incidents_ambiguous.qml",
}


# --- styling and time -------------------------------------------------------------


def style_path(name: str) -> str:
    return str(d.RESOURCES_DIR / "styles" / name)


def apply_style(layer: QgsVectorLayer, qml_name: str) -> bool:
    _msg, ok = layer.loadNamedStyle(style_path(qml_name))
    layer.triggerRepaint()
    return bool(ok)


def day_expression(expr: str, clock: str = "0, 0, 0") -> str:
    """A date (field or expression) as a date-time at ``clock`` ("h, m, s")."""
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


def set_day_range_temporal(layer: QgsVectorLayer, start_field: str, end_field: str) -> None:
    """Features last from the start of their first day to the end of their last day.

    Expressions on purpose: in QGIS 3.22 a Date field compared with a date-time at
    midnight of the same day is false, so the field modes drop every feature
    dated on a frame's first day.
    """
    end = f'coalesce("{end_field}", "{start_field}")'
    set_temporal_expressions(
        layer, day_expression(f'"{start_field}"'), day_expression(end, "23, 59, 59")
    )


def set_incident_temporal(layer: QgsVectorLayer) -> None:
    """Events last from their start date to their end date, whole days included."""
    names = layer.fields().names()
    end = d.F_DATE_END if d.F_DATE_END in names else d.F_DATE
    set_day_range_temporal(layer, d.F_DATE, end)


# --- base map ----------------------------------------------------------------------

BASE_FONT = "DejaVu Sans"
BASE_GROUP = "Base map (Natural Earth)"
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
    countries = QgsVectorLayer(f"{world}|layername=countries", "Countries (Natural Earth)", "ogr")
    # The filter goes in the URI: setSubsetString reopens a GeoPackage for writing,
    # which turns QGIS's own file to WAL mode and breaks the read-only connections
    # already open on it ("sqlite3_step(): unable to open database file").
    subset = ('|subset="adm0_a3" IN (' + ", ".join(f"'{c}'" for c in adm0) + ")") if adm0 else ""
    regions = QgsVectorLayer(
        f"{world}|layername=states_provinces{subset}", "Admin regions (Natural Earth)", "ogr"
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
    """Put the Natural Earth base map under everything, once per project."""
    if project.mapLayersByName("Countries (Natural Earth)"):
        return []
    layers = base_map_layers()
    group = project.layerTreeRoot().addGroup(BASE_GROUP)
    for layer in reversed(layers):
        project.addMapLayer(layer, False)
        group.addLayer(layer)
    return list(layers)


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


def add_incident_layers(
    gpkg: str,
    project: QgsProject,
    name_a: str,
    name_b: str,
    label: str = "",
    layer_name="incidents",
) -> list[QgsVectorLayer]:
    """Add one styled, time-aware layer per group plus clashes and ambiguous events."""
    suffix = f" ({label})" if label else ""
    specs = [
        (d.SIDE_CLASH, f"{name_a} vs {name_b} clashes"),
        (d.SIDE_B, f"{name_b} incidents"),
        (d.SIDE_A, f"{name_a} incidents"),
        (d.SIDE_AMBIGUOUS, f"Ambiguous {name_a}/{name_b} attribution"),
    ]
    layers = []
    root = project.layerTreeRoot()
    group = root.insertGroup(0, f"{name_a} / {name_b} incidents{suffix}")
    for side, title in specs:
        # The subset goes in the URI: opening the whole table and filtering it next
        # made QGIS fail its first count on a large GeoPackage ("unable to open
        # database file", feature count unknown).
        uri = f"{gpkg}|layername={layer_name}|subset={side_subset(side)}"
        layer = QgsVectorLayer(uri, title + suffix, "ogr")
        if not layer.isValid():
            raise IncidentLayerError(f"cannot open {gpkg} as an incidents layer")
        apply_style(layer, STYLE_FILES[side])
        set_incident_temporal(layer)
        project.addMapLayer(layer, False)
        node = group.addLayer(layer)
        if side == d.SIDE_AMBIGUOUS:
            node.setItemVisibilityChecked(False)
        layers.append(layer)
    return layers


def add_above_base_map(project: QgsProject, layer) -> None:
    """Add a layer under the others but above the opaque base map, if there is one."""
    root = project.layerTreeRoot()
    project.addMapLayer(layer, False)
    group = root.findGroup(BASE_GROUP)
    index = root.children().index(group) if group is not None else len(root.children())
    root.insertLayer(index, layer)
