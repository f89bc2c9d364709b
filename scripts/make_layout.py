"""Write resources/layouts/overlap_map.qpt, the overlap map's landscape A4 template.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/make_layout.py
Built with the API, not by hand, so the file is what QGIS 3.22 itself writes and
its geometry can be read here. Code finds the items by their ids (plugin.render.
layout.ITEM_IDS) and fills them in; analysts may edit the template in the layout
designer. Every text is 7 pt or more at print size.
"""

import sys
from pathlib import Path

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemMap,
    QgsLayoutItemPage,
    QgsLayoutItemPicture,
    QgsLayoutItemScaleBar,
    QgsLayoutMeasurement,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsLegendStyle,
    QgsPrintLayout,
    QgsProject,
    QgsReadWriteContext,
    QgsScaleBarSettings,
    QgsTextFormat,
    QgsUnitTypes,
)
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QColor, QFont

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "resources" / "layouts" / "overlap_map.qpt"
FONT = "DejaVu Sans"
INK, GREY = "#222222", "#555555"

# (x, y, width, height) in mm on the 297 x 210 mm page.
TITLE = (10, 6, 277, 10)
SUBTITLE = (10, 16, 277, 6)
MAP = (10, 24, 190, 160)
RIGHT = 205  # right column: legend, chart (placed under the legend by code), inset
LEGEND = (RIGHT, 24, 82, 70)
CHART = (RIGHT, 96, 82, 54)
INSET = (RIGHT, 154, 82, 30)
BADGE = (13, 27, 26, 8)
NORTH = (189, 27, 8, 11)
SCALE_BAR = (13, 175, 50, 7)
SOURCE = (10, 186.5, 190, 4)
EXPORT_DATE = (RIGHT, 186.5, 82, 4)
METHOD = (10, 190.5, 277, 4)
PROVENANCE = (10, 194.5, 277, 4)
NOTE = (10, 198.5, 277, 8)


def font(size: float, bold: bool = False, italic: bool = False) -> QFont:
    f = QFont(FONT)
    f.setPointSizeF(size)
    f.setBold(bold)
    f.setItalic(italic)
    return f


def place(item, rect) -> None:
    x, y, w, h = rect
    item.attemptMove(QgsLayoutPoint(x, y, QgsUnitTypes.LayoutMillimeters))
    item.attemptResize(QgsLayoutSize(w, h, QgsUnitTypes.LayoutMillimeters))


def label(layout, ident, text, rect, size, colour=INK, bold=False, italic=False, align=None):
    item = QgsLayoutItemLabel(layout)
    item.setId(ident)
    item.setText(text)
    item.setFont(font(size, bold, italic))
    item.setFontColor(QColor(colour))
    item.setMode(QgsLayoutItemLabel.ModeFont)  # plain text: data never becomes HTML
    item.setMarginX(0)
    item.setMarginY(0)
    item.setVAlign(Qt.AlignTop)
    if align is not None:
        item.setHAlign(align)
    layout.addLayoutItem(item)
    place(item, rect)
    return item


def build(layout: QgsPrintLayout) -> None:
    layout.initializeDefaults()
    layout.setName("Sahel Overlap map")
    layout.pageCollection().page(0).setPageSize("A4", QgsLayoutItemPage.Landscape)

    label(layout, "title", "Group A and Group B in the Sahel: parallel or contested operation?",
          TITLE, 17, bold=True)  # fmt: skip
    label(layout, "subtitle", "Zones scored per time window, with the window's incidents",
          SUBTITLE, 10, GREY)  # fmt: skip

    wgs84 = QgsCoordinateReferenceSystem("EPSG:4326")  # a valid CRS; code sets the map's own
    main = QgsLayoutItemMap(layout)
    main.setId("main_map")
    main.setCrs(wgs84)
    main.setFrameEnabled(True)
    main.setFrameStrokeWidth(QgsLayoutMeasurement(0.3))
    main.setBackgroundColor(QColor("#dfe9f0"))  # sea, where Natural Earth has no land
    main.setLabelMargin(QgsLayoutMeasurement(1.5))
    main.setMapFlags(main.mapFlags() & ~QgsLayoutItemMap.ShowPartialLabels)
    layout.addLayoutItem(main)
    place(main, MAP)

    badge = label(layout, "window_badge", "[window]", BADGE, 13, bold=True)
    badge.setBackgroundEnabled(True)
    badge.setBackgroundColor(QColor(255, 255, 255, 225))
    badge.setMarginX(2)
    badge.setMarginY(1)

    north = QgsLayoutItemPicture(layout)
    north.setId("north_arrow")
    north.setPicturePath(":/images/north_arrows/layout_default_north_arrow.svg")
    north.setSvgFillColor(QColor(INK))
    north.setNorthMode(QgsLayoutItemPicture.GridNorth)
    north.setLinkedMap(main)
    layout.addLayoutItem(north)
    place(north, NORTH)

    bar = QgsLayoutItemScaleBar(layout)
    bar.setId("scale_bar")
    bar.setStyle("Single Box")
    bar.setLinkedMap(main)
    bar.setUnits(QgsUnitTypes.DistanceKilometers)
    bar.setUnitLabel("km")
    bar.setNumberOfSegments(2)
    bar.setNumberOfSegmentsLeft(0)
    bar.setUnitsPerSegment(100)
    bar.setSegmentSizeMode(QgsScaleBarSettings.SegmentSizeFitWidth)
    bar.setMinimumBarWidth(20)
    bar.setMaximumBarWidth(45)
    bar.setHeight(1.5)
    bar.setBoxContentSpace(1.2)
    text = QgsTextFormat()
    text.setFont(font(7))
    text.setSize(7)
    text.setSizeUnit(QgsUnitTypes.RenderPoints)
    text.setColor(QColor(INK))
    bar.setTextFormat(text)
    bar.setBackgroundEnabled(True)
    bar.setBackgroundColor(QColor(255, 255, 255, 215))
    layout.addLayoutItem(bar)
    place(bar, SCALE_BAR)

    legend = QgsLayoutItemLegend(layout)
    legend.setId("legend")
    legend.setTitle("")
    legend.setLinkedMap(main)
    legend.setAutoUpdateModel(False)
    legend.setWrapString("")  # a character in a group's name must never split a line
    legend.setSymbolWidth(6)
    legend.setSymbolHeight(3.8)
    legend.setMinimumSymbolSize(1.8)  # incident dots shrink on small zones; not here
    legend.setBoxSpace(1)
    legend.setResizeToContents(True)
    legend.setBackgroundEnabled(False)
    legend.setFrameEnabled(False)
    legend.setStyleFont(QgsLegendStyle.Title, font(9, bold=True))
    legend.setStyleFont(QgsLegendStyle.Group, font(8.5, bold=True))
    legend.setStyleFont(QgsLegendStyle.Subgroup, font(8.5, bold=True))
    legend.setStyleFont(QgsLegendStyle.SymbolLabel, font(8))
    legend.setStyleMargin(QgsLegendStyle.Subgroup, QgsLegendStyle.Top, 2.5)
    legend.setStyleMargin(QgsLegendStyle.Symbol, QgsLegendStyle.Top, 1.4)
    legend.setStyleMargin(QgsLegendStyle.SymbolLabel, QgsLegendStyle.Left, 2)
    legend.setFontColor(QColor(INK))
    layout.addLayoutItem(legend)
    place(legend, LEGEND)

    chart = QgsLayoutItemPicture(layout)
    chart.setId("chart")
    chart.setResizeMode(QgsLayoutItemPicture.Zoom)
    layout.addLayoutItem(chart)
    place(chart, CHART)

    inset = QgsLayoutItemMap(layout)
    inset.setId("inset_map")
    inset.setCrs(wgs84)
    inset.setFrameEnabled(True)
    inset.setFrameStrokeWidth(QgsLayoutMeasurement(0.25))
    inset.setBackgroundColor(QColor("#dfe9f0"))
    layout.addLayoutItem(inset)
    place(inset, INSET)

    label(layout, "source", "Data: [source]", SOURCE, 8)
    label(layout, "export_date", "Exported [% format_date(now(), 'd MMMM yyyy') %]",
          EXPORT_DATE, 7.5, GREY, align=Qt.AlignRight)  # fmt: skip
    label(layout, "method", "Method: [method]", METHOD, 7.5, GREY)
    label(layout, "provenance", "", PROVENANCE, 7, GREY)
    label(layout, "note", "[note]", NOTE, 7, GREY, italic=True)


def main() -> int:
    sys.path.insert(0, str(ROOT / "scripts"))
    from headless import start_qgis

    app, plugin = start_qgis()
    project = QgsProject()
    layout = QgsPrintLayout(project)
    build(layout)
    if not layout.saveAsTemplate(str(TEMPLATE), QgsReadWriteContext()):
        raise SystemExit(f"could not write {TEMPLATE}")
    print("wrote", TEMPLATE.relative_to(ROOT))
    plugin.unload()
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
