"""The overlap map's print styles: zone classes, incidents, labels; data shown as text.

Built here, from ``definitions`` (the zone classes, their colours and names), so
a class added there appears on the map and in its legend without a template
edit. A fill pattern keeps classes of similar grey apart on a greyscale print.
Every text that comes from data or files goes through ``plain`` before it
reaches a layout label or a legend, which QGIS would otherwise evaluate as an
expression.
"""

from __future__ import annotations

import math

import pandas as pd
from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsCoordinateTransform,
    QgsFeatureRequest,
    QgsFillSymbol,
    QgsLayoutItemMap,
    QgsLinePatternFillSymbolLayer,
    QgsMarkerSymbol,
    QgsPalLayerSettings,
    QgsProject,
    QgsRendererCategory,
    QgsTextBufferSettings,
    QgsTextFormat,
    QgsUnitTypes,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
)
from qgis.PyQt.QtGui import QColor, QFont

from .. import definitions as d
from ..i18n import tr
from .text import WORD_JOINER, plain, unplain  # noqa: F401  (re-exported)

FONT = "DejaVu Sans"
MIN_TEXT_PT = 7.0  # no text on the printed page is smaller
INK = "#222222"


# --- data as text -------------------------------------------------------------------

# ``plain``/``unplain`` live in ``render.text`` (the project's layers use them too).


# --- zones, incidents and labels ---------------------------------------------------

# Classes the scorer is adding (issue 12), named here until definitions has them.
Z_NO_DATA = getattr(d, "Z_NO_DATA", "no_data")
Z_UNDETERMINED = getattr(d, "Z_UNDETERMINED", "undetermined")
Z_PARTITIONED = getattr(d, "Z_PARTITIONED", "partitioned")
Z_SKIRMISH = getattr(d, "Z_SKIRMISH", "skirmish")
Z_UNATTRIBUTED = getattr(d, "Z_UNATTRIBUTED", "unattributed")

# Fill patterns over the class colour, on paper and on screen, so classes of similar
# grey stay apart in a greyscale print and for colour-blind readers: (kind "lines" or
# "cross", angle, colour). Classes not listed are plain fills. QGIS 3.22 paints pattern
# fills as small image tiles, clipped to the zone as vectors (the PDF keeps them
# lossless: layout.pdf_settings).
ZONE_PATTERNS = {
    d.Z_B_ONLY: ("lines", 135, "#2c6d94"),
    d.Z_LOW_DATA: ("lines", 0, "#9a9a9a"),
    Z_NO_DATA: ("lines", 45, "#8a8a8a"),  # "not looked at": a hatch, never a plain white
    Z_UNDETERMINED: ("cross", 45, "#6a3d7c"),
    Z_PARTITIONED: ("lines", 90, "#7f6a1f"),
    Z_SKIRMISH: ("lines", 45, "#7b3294"),  # the contested purple, as a hatch
    Z_UNATTRIBUTED: ("cross", 0, "#8a7fa3"),
}
# Quiet fills for "nothing to tell" classes, lighter on paper than on screen: on a
# hexagon grid they are most of the map.
PRINT_FILLS = {
    d.Z_INACTIVE: "#ffffff",
    d.Z_LOW_DATA: "#cfcfcf",
    Z_NO_DATA: "#ffffff",
    Z_UNATTRIBUTED: "#d8d5de",
}
ZONE_OUTLINE = "#8a8a8a"
CLASH_FILL = "#1a1a1a"  # dark stars stay visible on every class, contested purple included
UNSTABLE_FIELD = getattr(d, "F_CLASS_STABLE", "class_stable")


def zone_colour(zone_class: str) -> str:
    return PRINT_FILLS.get(zone_class) or d.ZONE_COLOURS.get(zone_class, "#cccccc")


def zone_symbol(zone_class: str) -> QgsFillSymbol:
    """The printed symbol of a zone class: its colour, a thin outline, maybe a pattern."""
    symbol = QgsFillSymbol.createSimple(
        {"color": zone_colour(zone_class), "outline_color": ZONE_OUTLINE, "outline_width": "0.1"}
    )
    add_pattern(symbol, zone_class)
    return symbol


def add_pattern(symbol: QgsFillSymbol, zone_class: str) -> None:
    """The class's fill pattern (ZONE_PATTERNS) over the symbol's fill, if it has one."""
    kind, angle, colour = ZONE_PATTERNS.get(zone_class, (None, 0, ""))
    if kind in ("lines", "cross"):
        for a in (angle, angle + 90) if kind == "cross" else (angle,):
            lines = QgsLinePatternFillSymbolLayer()
            lines.setLineAngle(a)
            lines.setDistance(1.1)
            lines.setLineWidth(0.22)
            lines.setColor(QColor(colour))
            symbol.insertSymbolLayer(1, lines)


def zone_classes() -> list[str]:
    """The classes the map shows, in the legend's order (definitions' order)."""
    return list(d.ZONE_CLASSES)


def style_zones(layer: QgsVectorLayer, name_a: str, name_b: str) -> None:
    """Zone classes by ``zone_class``, labelled with the groups' names (in the installed
    language: the classes' values stay English)."""
    categories = [
        QgsRendererCategory(
            cls, zone_symbol(cls), plain(d.zone_label(cls, name_a, name_b, translate=tr))
        )
        for cls in zone_classes()
    ]
    layer.setRenderer(QgsCategorizedSymbolRenderer("zone_class", categories))


def _with_alpha(colour: str, alpha: int) -> str:
    c = QColor(colour)
    return f"{c.red()},{c.green()},{c.blue()},{alpha}"


def marker(
    shape: str, colour: str, size: float, outline: str = "", width: float = 0
) -> QgsMarkerSymbol:
    props = {"name": shape, "color": colour, "size": str(size)}
    if outline:
        props.update({"outline_color": outline, "outline_width": str(width)})
    else:
        props["outline_style"] = "no"
    return QgsMarkerSymbol.createSimple(props)


# Incidents are context on paper: small dots, clashes as dark stars, joint operations
# as dark teal triangles (white-edged: they stay visible on the cooperative teal); all
# shrink with the zones (marker_sizes), so that small hexagons keep their colour visible.
PRINT_MARKERS = {
    d.SIDE_A: lambda size: marker("circle", _with_alpha(d.COLOUR_A, 217), size),
    d.SIDE_B: lambda size: marker("circle", _with_alpha(d.COLOUR_B, 217), size),
    d.SIDE_CLASH: lambda size: marker("star", CLASH_FILL, size, "#ffffff", 0.15),
    d.SIDE_JOINT: lambda size: marker("triangle", d.COLOUR_JOINT, size, "#ffffff", 0.15),
}
DOT_MM, STAR_MM = (0.5, 0.9), (1.6, 2.3)  # smallest and largest sizes on paper


def marker_sizes(zone_mm: float) -> dict:
    """Incident marker sizes (mm) for zones about ``zone_mm`` wide on paper: a dot
    covers at most a fifth of a zone's width, a star about half."""
    dot = min(DOT_MM[1], max(DOT_MM[0], 0.2 * zone_mm))
    star = min(STAR_MM[1], max(STAR_MM[0], 0.5 * zone_mm))
    return {d.SIDE_A: dot, d.SIDE_B: dot, d.SIDE_CLASH: star, d.SIDE_JOINT: 0.85 * star}


# At hundreds of thousands of events a window's dots and stars bury the zone classes:
# markers shrink until, on average, a window's dots cover at most DOT_COVER of the map
# and its clashes and joint operations STAR_COVER (never below the floors).
DOT_COVER, STAR_COVER = 0.05, 0.02
DENSE_FLOOR_MM = {d.SIDE_A: 0.3, d.SIDE_B: 0.3, d.SIDE_CLASH: 1.0, d.SIDE_JOINT: 0.85}


def thinned_sizes(sizes: dict, per_window: dict, map_mm2: float) -> dict:
    """``sizes`` (mm, from marker_sizes) capped so that ``per_window`` markers (a
    window's mean count per side) cover about DOT_COVER / STAR_COVER of ``map_mm2``."""
    out = dict(sizes)
    for sides, cover in (
        ((d.SIDE_A, d.SIDE_B), DOT_COVER),
        ((d.SIDE_CLASH, d.SIDE_JOINT), STAR_COVER),
    ):
        n = sum(per_window.get(side, 0) for side in sides)
        if n <= 0 or map_mm2 <= 0:
            continue
        cap = math.sqrt(4.0 * cover * map_mm2 / (math.pi * n))  # diameter at that cover
        for side in sides:
            if side in out:
                out[side] = max(min(out[side], cap), min(out[side], DENSE_FLOOR_MM[side]))
    return out


def zone_width_mm(zones: QgsVectorLayer, main: QgsLayoutItemMap, sample: int = 300) -> float:
    """Median width of the zones on the page's map, in mm."""
    xform = QgsCoordinateTransform(zones.crs(), main.crs(), QgsProject.instance())
    request = QgsFeatureRequest().setLimit(sample).setNoAttributes()
    widths = []
    for feat in zones.getFeatures(request):
        if feat.hasGeometry():
            box = xform.transformBoundingBox(feat.geometry().boundingBox())
            widths.append(box.width())
    if not widths or main.extent().width() <= 0:
        return 10.0
    metres_per_mm = main.extent().width() / main.rect().width()
    return float(pd.Series(widths).median()) / metres_per_mm


def text_format(size: float, colour: str, bold=False, italic=False, caps=False) -> QgsTextFormat:
    font = QFont(FONT)
    font.setBold(bold)
    font.setItalic(italic)
    if caps:
        font.setCapitalization(QFont.AllUppercase)
        font.setLetterSpacing(QFont.AbsoluteSpacing, 1.0)
    fmt = QgsTextFormat()
    fmt.setFont(font)
    fmt.setSize(size)
    fmt.setSizeUnit(QgsUnitTypes.RenderPoints)
    fmt.setColor(QColor(colour))
    buffer = QgsTextBufferSettings()
    buffer.setEnabled(True)
    buffer.setSize(0.6)
    buffer.setColor(QColor(255, 255, 255, 215))
    fmt.setBuffer(buffer)
    return fmt


def label_field(layer: QgsVectorLayer, field_name: str, fmt: QgsTextFormat, priority: int) -> None:
    """Label features with a field's values (shown as they are, never evaluated)."""
    settings = QgsPalLayerSettings()
    settings.fieldName = field_name
    settings.isExpression = False
    settings.setFormat(fmt)
    settings.priority = priority
    if layer.geometryType() == 2:
        # Around the zone's centre, so a name can step aside from another name.
        settings.placement = QgsPalLayerSettings.AroundPoint
        settings.centroidInside = True
        settings.dist = 0.5
    layer.setLabeling(QgsVectorLayerSimpleLabeling(settings))
    layer.setLabelsEnabled(True)


def obstacle(layer: QgsVectorLayer, factor: float) -> None:
    """Labels of other layers keep off this layer's symbols where they can."""
    settings = QgsPalLayerSettings()
    settings.drawLabels = False
    settings.fieldName = "''"
    settings.isExpression = True
    obstacle = settings.obstacleSettings()
    obstacle.setIsObstacle(True)
    obstacle.setFactor(factor)
    settings.setObstacleSettings(obstacle)
    layer.setLabeling(QgsVectorLayerSimpleLabeling(settings))
    layer.setLabelsEnabled(True)


ZONE_NAME_FIELDS = ["zone_name", "name", "NAME", "shapeName", "ADM2_EN", "ADM1_EN", "admin1"]


def zone_name_field(layer: QgsVectorLayer) -> str | None:
    """The field that names the analyst's zones; hexagons have none and stay unlabelled."""
    names = layer.fields().names()
    return next((f for f in ZONE_NAME_FIELDS if f in names), None)


def print_labels(layer, size, colour, italic=False, caps=False, priority=5) -> None:
    """The base map's names at print size (the desktop's smaller ones would be < 7 pt)."""
    labeling = layer.labeling()
    if labeling is None:
        return
    settings = QgsPalLayerSettings(labeling.settings())
    settings.setFormat(text_format(size, colour, bold=caps, italic=italic, caps=caps))
    settings.priority = priority
    layer.setLabeling(QgsVectorLayerSimpleLabeling(settings))
