"""QGIS glue for the overlap map: a print layout from the template, one page per window.

The template (``resources/layouts/overlap_map.qpt``, landscape A4, written by
``scripts/make_layout.py``) holds the items; code finds them by their ids
(``ITEM_IDS``), fills in the texts, layers, chart and time range, and repeats the
template's items on one page per time window of the scored zones. Print layouts
ignore the canvas temporal controller (QGIS 3.22), so each page's map gets its own
temporal range; the zones and incidents layers are made time-aware so that range
filters them.

The print styles (``print_style``: zone classes from ``definitions``, incidents,
labels, data shown as text) and the chart (``chart``) have their own modules.
"""

from __future__ import annotations

import base64
import configparser
import math
import re
import shutil
import subprocess
import tempfile
import textwrap
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from xml.etree import ElementTree

import pandas as pd
from qgis.core import (
    Qgis,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsDateTimeRange,
    QgsFeatureRequest,
    QgsFillSymbol,
    QgsLayoutExporter,
    QgsLayoutItem,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemMap,
    QgsLayoutItemPage,
    QgsLayoutItemPicture,
    QgsLayoutItemScaleBar,
    QgsLayoutPoint,
    QgsLayoutRenderContext,
    QgsLayoutSize,
    QgsLayoutUtils,
    QgsLegendRenderer,
    QgsLegendStyle,
    QgsMapLayerLegendUtils,
    QgsPrintLayout,
    QgsProject,
    QgsProviderRegistry,
    QgsReadWriteContext,
    QgsRectangle,
    QgsRenderContext,
    QgsSingleSymbolRenderer,
    QgsUnitTypes,
    QgsVectorLayer,
)
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QDate, QDateTime, QSize, Qt, QTime
from qgis.PyQt.QtGui import QColor, QFont, QImage
from qgis.PyQt.QtXml import QDomDocument

from .. import definitions as d
from .. import i18n
from ..core.projection import SAHEL_EQUAL_AREA
from ..core.timeline import monthly_counts
from ..definitions import N_
from ..i18n import tr
from ..io.metadata import provenance_footer
from ..io.readers import read_incidents
from ..io.replace import move_into_place
from ..io.schema import group_names
from .chart import chart_svg
from .interaction_style import PRINTED as PRINTED_INTERACTION
from .interaction_style import print_interaction
from .layers import (
    COPY_PROPERTY,
    SAHEL_ADM0,
    base_map_layers,
    clashes_title,
    incidents_title,
    joint_title,
    set_day_range_temporal,
    set_incident_temporal,
    subset_side,
    world_map_path,
)
from .print_style import (
    DOT_MM,
    INK,
    PRINT_MARKERS,
    UNSTABLE_FIELD,
    label_field,
    marker_sizes,
    obstacle,
    plain,
    print_labels,
    style_zones,
    text_format,
    thinned_sizes,
    unplain,
    zone_name_field,
    zone_width_mm,
)

TEMPLATE = d.RESOURCES_DIR / "layouts" / "overlap_map.qpt"
METHOD_NAME = N_("Co-location quotient + clash share, Sahel Overlap")
LAYOUT_NAME = N_("Sahel Overlap map")  # shown in the layout manager: tr(LAYOUT_NAME)

# Item ids of the template: stable, code and tests find items by them.
ID_TITLE = "title"
ID_SUBTITLE = "subtitle"
ID_MAP = "main_map"
ID_INSET = "inset_map"
ID_WINDOW = "window_badge"
ID_LEGEND = "legend"
ID_CHART = "chart"
ID_SCALE_BAR = "scale_bar"
ID_NORTH = "north_arrow"
ID_SOURCE = "source"
ID_METHOD = "method"
ID_PROVENANCE = "provenance"
ID_EXPORT_DATE = "export_date"
ID_NOTE = "note"
ITEM_IDS = [
    ID_TITLE,
    ID_SUBTITLE,
    ID_MAP,
    ID_INSET,
    ID_WINDOW,
    ID_LEGEND,
    ID_CHART,
    ID_SCALE_BAR,
    ID_NORTH,
    ID_SOURCE,
    ID_METHOD,
    ID_PROVENANCE,
    ID_EXPORT_DATE,
    ID_NOTE,
]
REQUIRED_IDS = [ID_MAP, ID_LEGEND, ID_TITLE]

FORMATS = ["pdf", "png", "svg"]
# West Africa, for the locator inset (lon/lat).
INSET_EXTENT = QgsRectangle(-18.5, 3.5, 16.5, 25.5)
WGS84 = QgsCoordinateReferenceSystem("EPSG:4326")

# Translated where shown (attribution), never at import: N_ only marks them.
ATTRIBUTION = {
    d.SOURCE_ACLED: N_("Data: ACLED (Armed Conflict Location & Event Data Project), acleddata.com"),
    d.SOURCE_UCDP: N_("Data: UCDP Georeferenced Event Dataset (GED), ucdp.uu.se"),
    d.SOURCE_SYNTHETIC: N_(
        "SYNTHETIC sample data — not real events (generated in the ACLED format by Sahel Overlap)"
    ),
    d.SOURCE_MAPPED: N_("Data: user-supplied incident table"),
}


class LayoutError(ValueError):
    """The inputs cannot make a map; the message says why."""


def plugin_version() -> str:
    meta = configparser.ConfigParser(interpolation=None)
    meta.read(d.ROOT / "metadata.txt", encoding="utf-8")
    return meta.get("general", "version", fallback="?")


# --- time windows ---------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    """A time window of the scored zones: first and last day, both included."""

    start: date
    end: date

    @property
    def kind(self) -> str:
        s, e = self.start, self.end
        if s.day == 1 and e + timedelta(days=1) == _add_months(s, 12) and s.month == 1:
            return d.WINDOW_YEAR
        if s.day == 1 and e + timedelta(days=1) == _add_months(s, 3) and s.month % 3 == 1:
            return d.WINDOW_QUARTER
        if s.day == 1 and e + timedelta(days=1) == _add_months(s, 1):
            return d.WINDOW_MONTH
        return d.WINDOW_WHOLE

    @property
    def tag(self) -> str:
        """File name suffix: 2019, 2019-Q1, 2019-03 or 20170302-20221231."""
        kind, s = self.kind, self.start
        if kind == d.WINDOW_YEAR:
            return f"{s:%Y}"
        if kind == d.WINDOW_QUARTER:
            return f"{s:%Y}-Q{(s.month - 1) // 3 + 1}"
        if kind == d.WINDOW_MONTH:
            return f"{s:%Y-%m}"
        return f"{s:%Y%m%d}-{self.end:%Y%m%d}"

    @property
    def label(self) -> str:
        """Short name for the page: 2019, 2019 Q1, March 2019 or a date range."""
        kind, s = self.kind, self.start
        if kind == d.WINDOW_YEAR:
            return f"{s:%Y}"
        if kind == d.WINDOW_QUARTER:
            return tr("{year} Q{quarter}").format(year=s.year, quarter=(s.month - 1) // 3 + 1)
        if kind == d.WINDOW_MONTH:  # month names in the installed language
            return i18n.locale().toString(QDate(s.year, s.month, 1), "MMMM yyyy")
        return self.span

    @property
    def span(self) -> str:
        return f"{_long_date(self.start)} – {_long_date(self.end)}"

    def range(self) -> QgsDateTimeRange:
        return QgsDateTimeRange(
            QDateTime(QDate(self.start.year, self.start.month, self.start.day), QTime(0, 0)),
            QDateTime(QDate(self.end.year, self.end.month, self.end.day), QTime(23, 59, 59)),
        )


def _add_months(day: date, months: int) -> date:
    m = day.month - 1 + months
    return date(day.year + m // 12, m % 12 + 1, 1)


def _long_date(day: date) -> str:
    """1 March 2019 (1 mars 2019 in French): the installed language's month names."""
    return i18n.locale().toString(QDate(day.year, day.month, day.day), "d MMMM yyyy")


def _as_date(value) -> date | None:
    if isinstance(value, QDateTime):
        value = value.date()
    if isinstance(value, QDate):
        return date(value.year(), value.month(), value.day()) if value.isValid() else None
    if value is None or (hasattr(value, "isNull") and value.isNull()):
        return None
    ts = pd.to_datetime(str(value), errors="coerce")
    return None if pd.isna(ts) else ts.date()


def zone_windows(zones: QgsVectorLayer) -> list[Window]:
    """The distinct time windows of a scored-zones layer, in order.

    The scorer writes inclusive last days; an end that equals the next window's
    start is read as exclusive, so both conventions give non-overlapping pages.
    """
    names = zones.fields().names()
    for f in ("window_start", "window_end"):
        if f not in names:
            raise LayoutError(
                tr(
                    "the zones layer has no field {field}: use the output of "
                    "'Score zones' (saheloverlap:scorezones)"
                ).format(field=repr(f))
            )
    request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)
    request.setSubsetOfAttributes(["window_start", "window_end"], zones.fields())
    pairs = set()
    for feat in zones.getFeatures(request):
        start, end = _as_date(feat["window_start"]), _as_date(feat["window_end"])
        if start is not None:
            pairs.add((start, end or start))
    if not pairs:
        raise LayoutError(tr("the zones layer has no features with a window_start date"))
    ordered = sorted(pairs)
    starts = {s for s, _ in ordered}
    return [Window(s, e - timedelta(days=1) if (e in starts and e > s) else e) for s, e in ordered]


# --- texts ------------------------------------------------------------------------


def attribution(sources) -> tuple[str, bool]:
    """The source line for the datasets in ``sources`` and whether any is synthetic.

    Returned as data (not yet made ``plain``): a source name is the file's text.
    """
    sources = sorted({str(s) for s in sources if s not in (None, "") and str(s) != "NULL"})
    synthetic = any("SYNTHETIC" in s.upper() for s in sources)
    if synthetic:
        return tr(ATTRIBUTION[d.SOURCE_SYNTHETIC]), True
    if not sources:
        return tr("Data: source not recorded in the layers"), False
    return "; ".join(
        tr(ATTRIBUTION[s]) if s in ATTRIBUTION else tr("Data: {source}").format(source=s)
        for s in sources
    ), False


def _distinct(layer: QgsVectorLayer, name: str, limit: int = 20) -> list:
    idx = layer.fields().indexOf(name)
    if idx < 0:
        return []
    return [v for v in layer.uniqueValues(idx, limit) if v is not None and str(v) != "NULL"]


def provenance(zones: QgsVectorLayer) -> str:
    """How the zones were scored, from the zones layer's metadata when it says so.

    Uses the layer's QGIS metadata (``history`` entries, else its abstract); the
    scorer records the plugin version and every parameter there. Empty when the
    layer carries none (the footer line then stays empty).
    """
    meta = zones.metadata()
    lines = [str(h).strip() for h in meta.history() if str(h).strip()]
    # (a scored file carries its provenance as GDAL metadata: io.metadata)
    text = " · ".join(lines) or meta.abstract().strip() or provenance_footer(zones, tr)
    return " ".join(text.split())


# --- layers -----------------------------------------------------------------------


def _copy_layer(layer: QgsVectorLayer, name: str, subset: str = "") -> QgsVectorLayer:
    """A new layer on the same data, so our styles never touch the analyst's layer.

    The copy only reads: for a file, the filter goes into the URI, because
    setSubsetString reopens a GeoPackage for writing (its header turns to WAL
    mode, and read-only connections already open on it fail with "unable to
    open database file").
    """
    if layer.providerType() == "memory":
        copy = layer.materialize(QgsFeatureRequest())
        copy.setName(name)
        if subset:
            copy.setSubsetString(subset)
        return copy
    source = layer.source()
    if layer.providerType() == "ogr":
        registry = QgsProviderRegistry.instance()
        parts = registry.decodeUri("ogr", source)
        parts["subset"] = subset
        source = registry.encodeUri("ogr", parts)
    copy = QgsVectorLayer(source, name, layer.providerType())
    if not copy.isValid():
        raise LayoutError(tr("cannot open {source} again").format(source=layer.source()))
    if layer.providerType() != "ogr" and (subset or copy.subsetString()):
        copy.setSubsetString(subset)  # (a PostGIS layer's own filter is in its source)
    copy.setReadOnly(True)
    return copy


def _and(*clauses: str) -> str:
    clauses = [c for c in clauses if c]
    return " AND ".join(f"({c})" for c in clauses)


def _set_zone_temporal(layer: QgsVectorLayer) -> None:
    """A zone belongs to the page whose range holds its window's first day (a filter
    the data source runs, as on the canvas)."""
    set_day_range_temporal(layer, "window_start", "window_start")


@dataclass
class MapLayers:
    """The layers of the overlap map and what the pages say about them."""

    zones: QgsVectorLayer
    incidents: dict  # side -> layer, drawn in this order bottom to top
    countries: QgsVectorLayer
    regions: QgsVectorLayer
    countries_inset: QgsVectorLayer
    group_a: str
    group_b: str
    windows: list
    sources: list = field(default_factory=list)
    monthly: pd.DataFrame | None = None
    unstable: QgsVectorLayer | None = None  # zones whose class ambiguous events decide
    interaction: QgsVectorLayer | None = None  # optional: the Knox test's findings
    provenance: str = ""
    markers_sized: bool = False

    def zone_layers(self) -> list:
        return [self.unstable, self.zones] if self.unstable is not None else [self.zones]

    def main_map_layers(self) -> list:
        """Top to bottom, as QgsLayoutItemMap.setLayers wants them."""
        order = (d.SIDE_CLASH, d.SIDE_JOINT, d.SIDE_B, d.SIDE_A)
        incidents = [self.incidents[s] for s in order if s in self.incidents]
        extra = [self.interaction] if self.interaction is not None else []
        return [*incidents, *extra, *self.zone_layers(), self.regions, self.countries]

    def legend_layers(self) -> list:
        order = (d.SIDE_A, d.SIDE_B, d.SIDE_CLASH, d.SIDE_JOINT)
        incidents = [self.incidents[s] for s in order if s in self.incidents]
        extra = [self.interaction] if self.interaction is not None else []
        return [self.zones, *([self.unstable] if self.unstable else []), *extra, *incidents]

    def all(self) -> list:
        return [*self.main_map_layers(), self.countries_inset]


def _zone_layers(zones: QgsVectorLayer, name_a: str, name_b: str):
    """The zones styled by class (named when they have a name field) and, when the
    scorer says so, the zones whose class ambiguous events decide, outlined."""
    zone_copy = _copy_layer(zones, tr("Zone class"), zones.subsetString())
    style_zones(zone_copy, name_a, name_b)
    _set_zone_temporal(zone_copy)
    name_field = zone_name_field(zone_copy)
    if name_field:
        label_field(zone_copy, name_field, text_format(7.5, INK, bold=True), priority=10)
    unstable = None
    if UNSTABLE_FIELD in zones.fields().names():
        unstable = _copy_layer(
            zones,
            tr("Class decided by ambiguous attributions"),
            _and(zones.subsetString(), f'"{UNSTABLE_FIELD}" = 0'),
        )
        outline = {"style": "no", "outline_color": INK, "outline_width": "0.45",
                   "outline_style": "dash"}  # fmt: skip
        unstable.setRenderer(QgsSingleSymbolRenderer(QgsFillSymbol.createSimple(outline)))
        _set_zone_temporal(unstable)
    return zone_copy, unstable, bool(name_field)


def _interaction_layer(layer, name_a: str, name_b: str):
    """The zone-windows where the space-time interaction test found attraction or
    avoidance (output of saheloverlap:interaction), outlined over the zone classes."""
    if layer is None:
        return None
    shown = ", ".join(f"'{c}'" for c in PRINTED_INTERACTION)
    copy = _copy_layer(
        layer, tr("Space-time interaction (Knox test)"),
        _and(layer.subsetString(), f'"interaction" IN ({shown})'),
    )  # fmt: skip
    print_interaction(copy, name_a, name_b, plain, translate=tr)
    _set_zone_temporal(copy)
    return copy


def _incident_layers(
    incidents, base_subset: str, name_a: str, name_b: str, joint: bool = False
) -> dict:
    """One print-styled, time-aware copy per side, all groups whatever was picked; joint
    operations (drawn and in the legend) when the incidents hold any."""
    titles = {
        d.SIDE_A: incidents_title(name_a),
        d.SIDE_B: incidents_title(name_b),
        d.SIDE_CLASH: clashes_title(name_a, name_b),
    }
    if joint:
        titles[d.SIDE_JOINT] = joint_title(name_a, name_b)
    per_side = {}
    for side, title in titles.items():
        layer = _copy_layer(
            incidents, plain(title), _and(base_subset, f"\"{d.F_SIDE}\" = '{side}'")
        )
        layer.setRenderer(QgsSingleSymbolRenderer(PRINT_MARKERS[side](DOT_MM[1])))
        # Labels keep off clash stars and joint triangles above all; dots only nudge them.
        obstacle(layer, 1.0 if side in (d.SIDE_CLASH, d.SIDE_JOINT) else 0.1)
        set_incident_temporal(layer)
        per_side[side] = layer
    return per_side


def _base_layers(zones_named: bool):
    """Natural Earth countries and regions (read only) at print size, and the inset's."""
    countries, regions = base_map_layers(SAHEL_ADM0)
    print_labels(countries, 8, INK, caps=True, priority=6)
    if zones_named:  # the zones' own names place the map; admin names would repeat them
        regions.setLabelsEnabled(False)
    else:
        print_labels(regions, 7, "#6b6b6b", italic=True, priority=2)
    world = world_map_path()
    inset = QgsVectorLayer(f"{world}|layername=countries", tr("Locator (Natural Earth)"), "ogr")
    if not inset.isValid():
        raise LayoutError(tr("cannot open QGIS's base map {path}").format(path=world))
    inset.renderer().setSymbol(
        QgsFillSymbol.createSimple(
            {"color": "#ebe7de", "outline_color": "#9a9a9a", "outline_width": "0.1"}
        )
    )
    return countries, regions, inset


def prepare_layers(
    zones: QgsVectorLayer,
    incidents: QgsVectorLayer,
    project: QgsProject,
    group_name: str = "",
    interaction: QgsVectorLayer | None = None,
) -> MapLayers:
    """Styled, time-aware copies of the inputs plus the base map, added to ``project``.

    Whatever per-group layer of the plugin's the analyst picked, the map, its
    chart and its legend show all groups. With ``group_name`` the copies go into
    a collapsed, unchecked layer-tree group (the layout's maps draw their own
    locked layer set); otherwise they are added without a legend entry (a
    headless export's private project).
    """
    if zones is None or not zones.isValid():
        raise LayoutError(tr("the zones layer is missing or invalid"))
    if incidents is None or not incidents.isValid():
        raise LayoutError(tr("the incidents layer is missing or invalid"))
    if "zone_class" not in zones.fields().names():
        raise LayoutError(
            tr("the zones layer has no field 'zone_class': use the output of 'Score zones'")
        )
    if interaction is not None and (
        not interaction.isValid() or "interaction" not in interaction.fields().names()
    ):  # checked before any copy is made (a copy left behind crashes QGIS at exit)
        raise LayoutError(
            tr(
                "the interaction layer has no field 'interaction': use the output of "
                "'Space-time interaction between the two groups'"
            )
        )
    windows = zone_windows(zones)
    base_subset = incidents.subsetString()
    if subset_side(base_subset) is not None:
        base_subset = ""  # one of the plugin's per-group layers: take all groups
    every_group = _copy_layer(incidents, "incidents", base_subset)
    frame = read_incidents(every_group)
    name_a = (_distinct(zones, "group_a", 1) or [""])[0]
    name_b = (_distinct(zones, "group_b", 1) or [""])[0]
    if not (name_a and name_b):
        name_a, name_b = group_names(frame)
    name_a, name_b = str(name_a), str(name_b)
    zone_copy, unstable, named = _zone_layers(zones, name_a, name_b)
    has_joint = bool((frame[d.F_SIDE] == d.SIDE_JOINT).any()) if len(frame) else False
    per_side = _incident_layers(incidents, base_subset, name_a, name_b, has_joint)
    # Read from the fresh copies: the analyst's layer may share a stale connection.
    sources = _distinct(zone_copy, d.F_SOURCE) + _distinct(every_group, d.F_SOURCE)
    countries, regions, inset = _base_layers(named)
    layers = MapLayers(
        zones=zone_copy,
        incidents=per_side,
        countries=countries,
        regions=regions,
        countries_inset=inset,
        group_a=name_a,
        group_b=name_b,
        windows=windows,
        sources=sources,
        monthly=monthly_counts(frame),
        unstable=unstable,
        interaction=_interaction_layer(interaction, name_a, name_b),
        provenance=provenance(zones),
    )
    del every_group
    for layer in layers.all():
        layer.setCustomProperty(COPY_PROPERTY, True)
    if group_name:
        group = project.layerTreeRoot().insertGroup(0, group_name)
        for layer in layers.all():
            project.addMapLayer(layer, False)
            group.addLayer(layer)
        group.setItemVisibilityChecked(False)
        group.setExpanded(False)
    else:
        for layer in layers.all():
            project.addMapLayer(layer, False)
    return layers


# --- the layout -------------------------------------------------------------------


def _template() -> QDomDocument:
    doc = QDomDocument()
    text = TEMPLATE.read_text(encoding="utf-8")
    if not doc.setContent(text):
        raise LayoutError(f"cannot read the layout template {TEMPLATE}")
    return doc


def page_items(layout, page: int = 0) -> dict[str, QgsLayoutItem]:
    """Items of one page by their template id."""
    found = {}
    for item in layout.items():
        if (
            isinstance(item, QgsLayoutItem)
            and not isinstance(item, QgsLayoutItemPage)
            and item.id() in ITEM_IDS
            and item.page() == page
        ):
            found.setdefault(item.id(), item)
    return found


def _add_template_page(layout: QgsPrintLayout, doc: QDomDocument, index: int) -> dict:
    context = QgsReadWriteContext()
    if index == 0:
        _items, ok = layout.loadFromTemplate(doc, context)
        if not ok:
            raise LayoutError(f"cannot load the layout template {TEMPLATE}")
    else:
        pages = layout.pageCollection()
        page = QgsLayoutItemPage(layout)
        page.setPageSize(pages.page(0).pageSize())
        pages.addPage(page)
        origin = pages.page(index).pos()
        layout.addItemsFromXml(doc.documentElement(), doc, context, origin, True)
    items = page_items(layout, index)
    missing = [i for i in REQUIRED_IDS if i not in items]
    if missing:
        raise LayoutError(f"the layout template has no item with id {', '.join(missing)}")
    return items


def _set_text(items: dict, ident: str, text: str) -> None:
    """Set a label's text; ``text`` must already be ``plain`` where it holds data."""
    item = items.get(ident)
    if isinstance(item, QgsLayoutItemLabel):
        item.setText(text)


def subtitle(window: Window) -> str:
    return tr("Zones scored per time window, with the window's incidents · {span}").format(
        span=window.span
    )


def note(name_a: str, name_b: str) -> str:
    a, b = plain(name_a), plain(name_b)
    return tr(
        "Parallel: both {a} and {b} active in a zone, few or no fights between them. "
        "Contested: both active and clashing. Cooperation: joint operations (both named on "
        "one side, no doubt in the notes). Incidents shown are those of the window; "
        "ambiguous attributions are left out."
    ).format(a=a, b=b)


def _fill_page(items: dict, layers: MapLayers, window: Window, title: str) -> None:
    main = _fill_maps(items, layers, window)
    legend = _fill_legend(items, layers, main)
    _fill_texts(items, layers, window, title)
    _fill_chart(items, layers, window, legend)
    for item in items.values():
        item.refresh()
    _fit_scale_bar(items.get(ID_SCALE_BAR), main)


def _fill_maps(items: dict, layers: MapLayers, window: Window) -> QgsLayoutItemMap:
    """The main map (the window's time range, labels kept off the items over it)
    and the locator inset."""
    crs = QgsCoordinateReferenceSystem.fromProj(SAHEL_EQUAL_AREA)
    main = items[ID_MAP]
    main.setCrs(crs)
    main.setLayers(layers.main_map_layers())
    main.setKeepLayerSet(True)
    main.setKeepLayerStyles(False)
    _fit(main, _main_extent(layers, crs))
    main.setIsTemporal(True)
    main.setTemporalRange(window.range())
    if not layers.markers_sized:  # the layers are shared by every page: once
        n_windows = max(1, len(zone_windows(layers.zones)))
        per_window = {s: lyr.featureCount() / n_windows for s, lyr in layers.incidents.items()}
        map_mm2 = main.rect().width() * main.rect().height()
        sizes = thinned_sizes(marker_sizes(zone_width_mm(layers.zones, main)), per_window, map_mm2)
        for side, size in sizes.items():
            if side in layers.incidents:
                layers.incidents[side].renderer().symbol().setSize(size)
        layers.markers_sized = True
    for ident in (ID_SCALE_BAR, ID_NORTH, ID_WINDOW):
        if ident in items and _overlaps(items[ident], main):
            main.addLabelBlockingItem(items[ident])
    for ident in (ID_SCALE_BAR, ID_NORTH):
        item = items.get(ident)
        if isinstance(item, (QgsLayoutItemScaleBar, QgsLayoutItemPicture)):
            item.setLinkedMap(main)
    inset = items.get(ID_INSET)
    if isinstance(inset, QgsLayoutItemMap):
        inset.setCrs(crs)
        inset.setLayers([layers.countries_inset])
        inset.setKeepLayerSet(True)
        xform = QgsCoordinateTransform(WGS84, crs, QgsProject.instance())
        _fit(inset, xform.transformBoundingBox(INSET_EXTENT))
        inset.overview().setLinkedMap(main)
    return main


def _fill_legend(items: dict, layers: MapLayers, main) -> QgsLayoutItemLegend:
    legend = items[ID_LEGEND]
    legend.setLinkedMap(main)
    legend.setAutoUpdateModel(False)
    legend.setTitle("")
    legend.setWrapString("")  # a character in a name never splits a line
    root = legend.model().rootGroup()
    root.removeAllChildren()
    for layer in layers.legend_layers():
        root.addLayer(layer)
    # The title spans the page between its margins: its right edge is the page's.
    title = items.get(ID_TITLE)
    if title is not None:
        right = title.pagePositionWithUnits().x() + title.sizeWithUnits().width()
    else:
        page = legend.layout().pageCollection().page(legend.page()).sizeWithUnits()
        right = page.width() - PAGE_MARGIN
    _wrap_legend(legend, right - legend.pagePositionWithUnits().x())
    legend.adjustBoxSize()
    legend.refresh()
    return legend


PAGE_MARGIN = 10.0  # mm, the template's
LEGEND_WRAP_MIN = 18  # characters: labels are never broken shorter than this


def _wrap_legend(legend: QgsLayoutItemLegend, width_mm: float) -> None:
    """Break legend labels (layer titles and class labels hold group names) into lines
    until the legend fits ``width_mm``: long names ran off the page. The labels are
    the legend's own (custom labels); the layers keep their names."""
    model = legend.model()
    nodes = [n for n in model.rootGroup().findLayers() if n.layer() is not None]
    originals = {}
    for node in nodes:
        labels = [
            str(item.data(Qt.DisplayRole) or "") for item in model.layerOriginalLegendNodes(node)
        ]
        originals[node.layerId()] = (node.layer().name(), labels)
    longest = max(
        (len(t) for title, labels in originals.values() for t in [title, *labels]), default=0
    )
    limit = longest
    while True:
        _fit_legend(legend)
        if legend.sizeWithUnits().width() <= width_mm or limit <= LEGEND_WRAP_MIN:
            return
        limit = max(LEGEND_WRAP_MIN, int(limit * 0.85))
        for node in nodes:
            title, labels = originals[node.layerId()]
            if len(title) > limit:
                node.setCustomProperty("legend/title-label", "\n".join(textwrap.wrap(title, limit)))
            for index, label in enumerate(labels):
                if len(label) > limit:
                    QgsMapLayerLegendUtils.setLegendNodeUserLabel(
                        node, index, "\n".join(textwrap.wrap(label, limit))
                    )
            model.refreshLayerLegend(node)


TEXT_LINE_SPACING = 1.2  # a wrapped label's line height, as a multiple of the font's
TITLE_MIN_PT = 9.0  # a long title shrinks down to this, then breaks into lines
TEXT_MIN_PT = 7.0  # the footer's one-line texts shrink down to this (print_style.MIN_TEXT_PT)


def wrap_to_width(text: str, font: QFont, width_mm: float) -> list[str]:
    """``text`` broken at spaces into lines no wider than ``width_mm`` in ``font``
    (a word wider than that alone is broken between characters)."""
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and QgsLayoutUtils.textWidthMM(font, candidate) <= width_mm:
            lines[-1] = candidate
            continue
        while QgsLayoutUtils.textWidthMM(font, word) > width_mm and len(word) > 1:
            cut = len(word) - 1
            while cut > 1 and QgsLayoutUtils.textWidthMM(font, word[:cut]) > width_mm:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        lines.append(word)
    return lines or [""]


def fit_label(label: QgsLayoutItemLabel, text: str, min_pt: float = TITLE_MIN_PT) -> None:
    """Show ``text`` whole inside the label's box: the template's font while the text
    fits on one line, else smaller, down to ``min_pt``, and broken into as many lines
    as the box holds (a long group name overprinted the subtitle)."""
    box = label.sizeWithUnits()
    margin = label.marginX() if hasattr(label, "marginX") else label.margin()
    width = box.width() - 2 * margin - 0.5  # half a millimetre against rounding
    font = QFont(label.font())
    size = font.pointSizeF()
    while True:
        font.setPointSizeF(size)
        lines = wrap_to_width(text, font, width)
        tall = len(lines) * QgsLayoutUtils.fontHeightMM(font) * TEXT_LINE_SPACING
        if tall <= box.height() or size <= min_pt:
            break
        size = max(min_pt, size - 0.5)
    label.setFont(font)
    label.setText("\n".join(lines))
    if tall > box.height():  # at the smallest size: the box grows down instead
        label.attemptResize(QgsLayoutSize(box.width(), tall, QgsUnitTypes.LayoutMillimeters))


def fit_line(label, min_pt: float = TEXT_MIN_PT) -> None:
    """Keep a one-line label's text on its one line: its font shrinks, half a point at a
    time down to ``min_pt``, while the text is wider than the box (French runs longer
    than English: the source line wrapped over the method line)."""
    if not isinstance(label, QgsLayoutItemLabel):
        return
    margin = label.marginX() if hasattr(label, "marginX") else label.margin()
    width = label.sizeWithUnits().width() - 2 * margin - 0.5
    font = QFont(label.font())
    text = unplain(label.currentText())
    while font.pointSizeF() > min_pt and QgsLayoutUtils.textWidthMM(font, text) > width:
        font.setPointSizeF(max(min_pt, font.pointSizeF() - 0.5))
    label.setFont(font)
    if QgsLayoutUtils.textWidthMM(font, text) > width:
        # Still too wide at the smallest size (a long provenance line): cut its end with
        # "…" rather than wrap over the line below; the file's metadata keeps it whole.
        keep, top = 0, len(text)
        while keep < top:
            mid = (keep + top + 1) // 2
            if QgsLayoutUtils.textWidthMM(font, text[:mid].rstrip() + "…") <= width:
                keep = mid
            else:
                top = mid - 1
        label.setText(plain(text[:keep].rstrip() + "…"))


def _fill_texts(items: dict, layers: MapLayers, window: Window, title: str) -> None:
    """Title, window, source, method, provenance and note; data always ``plain``."""
    if isinstance(items.get(ID_TITLE), QgsLayoutItemLabel):
        fit_label(items[ID_TITLE], plain(title))
    _set_text(items, ID_SUBTITLE, subtitle(window))
    _set_text(items, ID_WINDOW, window.label)
    text, synthetic = attribution(layers.sources)
    _set_text(items, ID_SOURCE, plain(tr("{source}. Base map: Natural Earth.").format(source=text)))
    if synthetic and isinstance(items.get(ID_SOURCE), QgsLayoutItemLabel):
        font = QFont(items[ID_SOURCE].font())
        font.setBold(True)
        items[ID_SOURCE].setFont(font)
        items[ID_SOURCE].setFontColor(QColor(d.COLOUR_A))
    _set_text(
        items,
        ID_METHOD,
        tr("Method: {method} {version}").format(method=tr(METHOD_NAME), version=plugin_version()),
    )
    # The date is an expression, evaluated at each export, in the installed language.
    when = f"[% format_date(now(), 'd MMMM yyyy', '{i18n.locale().name()[:2]}') %]"
    _set_text(items, ID_EXPORT_DATE, tr("Exported {date}").format(date=when))
    line = items.get(ID_PROVENANCE)
    if layers.provenance:  # the provenance itself is data (English, as in the file)
        _set_text(
            items,
            ID_PROVENANCE,
            plain(tr("Scoring: {provenance}").format(provenance=layers.provenance)),
        )
    elif isinstance(line, QgsLayoutItemLabel):
        _set_text(items, ID_PROVENANCE, "")
        if ID_NOTE in items:  # no empty line in the footer
            items[ID_NOTE].attemptMove(line.positionWithUnits())
    _set_text(items, ID_NOTE, note(layers.group_a, layers.group_b))
    for ident in (ID_SUBTITLE, ID_SOURCE, ID_METHOD, ID_PROVENANCE, ID_EXPORT_DATE):
        fit_line(items.get(ident))
    badge = items.get(ID_WINDOW)
    if isinstance(badge, QgsLayoutItemLabel):
        badge.adjustSizeToText()


def _fill_chart(items: dict, layers: MapLayers, window: Window, legend) -> None:
    chart = items.get(ID_CHART)
    if not isinstance(chart, QgsLayoutItemPicture):
        return
    _place_chart(chart, legend, items.get(ID_INSET))
    size = chart.sizeWithUnits()
    svg = chart_svg(
        layers.monthly, window, layers.group_a, layers.group_b, (size.width(), size.height())
    )
    chart.setPicturePath(
        "base64:" + base64.b64encode(svg).decode("ascii"), QgsLayoutItemPicture.FormatSVG
    )


def _fit_scale_bar(bar, main) -> None:
    """Shortest bar, kept inside the map's bottom edge whatever its height."""
    if not isinstance(bar, QgsLayoutItemScaleBar):
        return
    bar.update()
    bar.resizeToMinimumWidth()
    if _overlaps(bar, main):
        edge = main.pagePositionWithUnits().y() + main.sizeWithUnits().height()
        y = edge - SCALE_BAR_INSET - bar.sizeWithUnits().height()
        x = bar.pagePositionWithUnits().x()
        bar.attemptMove(
            QgsLayoutPoint(x, y, QgsUnitTypes.LayoutMillimeters), True, False, bar.page()
        )


def _overlaps(item: QgsLayoutItem, other: QgsLayoutItem) -> bool:
    return item.sceneBoundingRect().intersects(other.sceneBoundingRect())


CHART_GAP = 3.0  # mm between legend, chart and inset
SCALE_BAR_INSET = 2.5  # mm between the scale bar and the map's bottom edge
CHART_MIN_HEIGHT = 38.0


CHART_FLOOR = 28.0  # mm: the shortest chart still readable (its text stays 7 pt)
# A tall legend (many classes, the interaction and unstable layers) is set tighter before
# the chart shrinks: label font (pt), symbol height, space above each symbol (mm).
LEGEND_TIGHT = (7.0, 3.0, 0.7)


def _place_chart(chart, legend, inset) -> None:
    """Put the chart right under the legend, as tall as the room above the inset allows.

    The legend's height depends on the classes and the layers: a fixed chart left a
    large gap under a short legend. A legend too tall for a chart of
    ``CHART_MIN_HEIGHT`` is set tighter (``LEGEND_TIGHT``, text never under 7 pt),
    then the chart shrinks down to ``CHART_FLOOR``; the legend stays in one column
    (two columns of these labels ran off the page).
    """
    if inset is None or not isinstance(legend, QgsLayoutItemLegend):
        return
    page_top = chart.pagePositionWithUnits()
    bottom = inset.pagePositionWithUnits().y() - CHART_GAP
    top = legend.pagePositionWithUnits().y()

    def legend_bottom():
        _fit_legend(legend)
        return top + legend.sizeWithUnits().height() + CHART_GAP

    if bottom - legend_bottom() < CHART_MIN_HEIGHT:
        _tighten_legend(legend)
    y = legend_bottom()
    height = max(CHART_FLOOR, bottom - y)
    page = chart.page()
    chart.attemptMove(
        QgsLayoutPoint(page_top.x(), y, QgsUnitTypes.LayoutMillimeters), True, False, page
    )
    chart.attemptResize(
        QgsLayoutSize(chart.sizeWithUnits().width(), height, QgsUnitTypes.LayoutMillimeters)
    )


def _tighten_legend(legend: QgsLayoutItemLegend) -> None:
    size, symbol_height, space = LEGEND_TIGHT
    label_font = legend.styleFont(QgsLegendStyle.SymbolLabel)
    label_font.setPointSizeF(size)
    legend.setStyleFont(QgsLegendStyle.SymbolLabel, label_font)
    for style in (QgsLegendStyle.Group, QgsLegendStyle.Subgroup):
        heading = legend.styleFont(style)
        heading.setPointSizeF(min(heading.pointSizeF(), size + 0.5))
        legend.setStyleFont(style, heading)
        legend.setStyleMargin(style, QgsLegendStyle.Top, 1.2)
    legend.setSymbolHeight(symbol_height)
    legend.setStyleMargin(QgsLegendStyle.Symbol, QgsLegendStyle.Top, space)


def _fit_legend(legend: QgsLayoutItemLegend) -> None:
    """Size the legend to its content now (adjustBoxSize waits for a first paint)."""
    context = QgsLayoutUtils.createRenderContextForLayout(legend.layout(), None)
    size = QgsLegendRenderer(legend.model(), legend.legendSettings()).minimumSize(context)
    if size.isValid():
        legend.attemptResize(QgsLayoutSize(size.width(), size.height()))


def _fit(item: QgsLayoutItemMap, extent: QgsRectangle) -> None:
    """Show ``extent`` whole, grown to the item's shape (zoomToExtent fails on a map
    whose template extent is empty, and setExtent would resize the item)."""
    rect = item.rect()
    ratio = rect.width() / rect.height()
    w, h = extent.width(), extent.height()
    if w / h < ratio:
        w = h * ratio
    else:
        h = w / ratio
    c = extent.center()
    item.setExtent(QgsRectangle(c.x() - w / 2, c.y() - h / 2, c.x() + w / 2, c.y() + h / 2))


def _main_extent(layers: MapLayers, crs) -> QgsRectangle:
    extent = QgsRectangle(layers.zones.extent())
    source_crs = layers.zones.crs()
    if extent.isEmpty():
        extent = QgsRectangle(layers.incidents[d.SIDE_A].extent())
        source_crs = layers.incidents[d.SIDE_A].crs()
    xform = QgsCoordinateTransform(source_crs, crs, QgsProject.instance())
    extent = xform.transformBoundingBox(extent)
    extent.scale(1.12)
    return extent


def default_title(name_a: str, name_b: str) -> str:
    return tr("{a} and {b} in the Sahel: parallel or contested operation?").format(
        a=name_a, b=name_b
    )


def build_layout(
    project: QgsProject,
    layers: MapLayers,
    title: str = "",
    per_window: bool = True,
    name: str = "",
    feedback=None,
) -> QgsPrintLayout:
    """A print layout of the template with one page per window (or the latest window).

    The layout is not added to the project's layout manager: the caller decides.
    ``title`` is shown as typed (it is never evaluated as an expression).
    """
    windows = layers.windows if per_window else layers.windows[-1:]
    title = title or default_title(layers.group_a, layers.group_b)
    layout = QgsPrintLayout(project)
    doc = _template()
    for n, window in enumerate(windows):
        if feedback is not None:
            if feedback.isCanceled():
                break
            feedback.setProgressText(
                tr("Page {page} of {pages}: {window}").format(
                    page=n + 1, pages=len(windows), window=window.label
                )
            )
        items = _add_template_page(layout, doc, n)
        _fill_page(items, layers, window, title)
    # After the pages: loading the template sets the layout's name to the template's.
    layout.setName(name or tr(LAYOUT_NAME))
    layout.setCustomProperty("sahel_overlap/windows", ";".join(w.tag for w in windows))
    layout.setCustomProperty("sahel_overlap/title", title)
    return layout


def layout_windows(layout) -> list[str]:
    """The window tags of a layout's pages, as build_layout stored them."""
    value = layout.customProperty("sahel_overlap/windows", "")
    return [t for t in str(value).split(";") if t]


# --- export -----------------------------------------------------------------------


def _check(result, path) -> None:
    if result != QgsLayoutExporter.Success:
        names = {
            QgsLayoutExporter.FileError: tr("cannot write the file"),
            QgsLayoutExporter.MemoryError: tr("out of memory (try a lower resolution)"),
            QgsLayoutExporter.PrintError: tr("printing failed"),
            QgsLayoutExporter.SvgLayerError: tr("SVG layer error"),
            QgsLayoutExporter.Canceled: tr("canceled"),
        }
        raise LayoutError(
            tr("exporting {path} failed: {why}").format(path=path, why=names.get(result, result))
        )


def pdf_settings(dpi: int) -> QgsLayoutExporter.PdfExportSettings:
    settings = QgsLayoutExporter.PdfExportSettings()
    settings.dpi = dpi
    settings.rasterizeWholeImage = False
    settings.forceVectorOutput = True  # maps and the chart stay vector
    # QGIS 3.22 fills patterns with small image tiles (clipped to the zone as
    # vectors): keep them lossless, not JPEG.
    settings.flags = settings.flags | QgsLayoutRenderContext.FlagLosslessImageRendering
    settings.textRenderFormat = QgsRenderContext.TextFormatAlwaysText  # selectable text
    settings.appendGeoreference = True
    settings.exportMetadata = True
    return settings


def set_pdf_metadata(project: QgsProject, layers: MapLayers, title: str, per_window: bool) -> None:
    """Title, subject (with the data source), keywords and no user name as author.

    QGIS writes the project's metadata into the PDF; a headless export's private
    project would otherwise carry the system user's name.
    """
    text, _synthetic = attribution(layers.sources)
    windows = layers.windows if per_window else layers.windows[-1:]
    span = windows[0].span if len(windows) == 1 else f"{windows[0].label} – {windows[-1].label}"
    meta = project.metadata()
    meta.setTitle(title)
    meta.setAuthor("")
    meta.setAbstract(
        tr(
            "Zones of parallel and contested operation of {a} and {b}, {span} "
            "({pages} page(s), one per time window). {source}."
        ).format(a=layers.group_a, b=layers.group_b, span=span, pages=len(windows), source=text)
    )
    meta.setKeywords(
        {
            "Sahel Overlap": [layers.group_a, layers.group_b, tr("zone classes"), tr("incidents")],
            tr("Data source"): sorted({str(s) for s in layers.sources}) or [tr("not recorded")],
        }
    )
    meta.setCreationDateTime(QDateTime.currentDateTime())
    project.setMetadata(meta)


def _stamp_creator(pdf: Path) -> None:
    """QGIS names itself as the PDF's creator: name the plugin too."""
    from osgeo import gdal

    gdal.PushErrorHandler("CPLQuietErrorHandler")
    try:
        ds = gdal.Open(str(pdf), gdal.GA_Update)
        if ds is not None:
            ds.SetMetadataItem(
                "CREATOR", f"Sahel Overlap {plugin_version()} (QGIS {Qgis.version()})"
            )
            ds = None
    finally:
        gdal.PopErrorHandler()


_PDF_INFO_KEYS = {
    "TITLE": "Title",
    "SUBJECT": "Subject",
    "KEYWORDS": "Keywords",
    "AUTHOR": "Author",
    "PRODUCER": "Producer",
    "CREATION_DATE": "CreationDate",
}


def _pdf_text(value: str) -> bytes:
    return b"<FEFF" + str(value).encode("utf-16-be").hex().upper().encode() + b">"


def _pdf_metadata(pdf: Path) -> dict:
    from osgeo import gdal

    gdal.PushErrorHandler("CPLQuietErrorHandler")
    try:
        ds = gdal.Open(str(pdf))
        return dict((ds.GetMetadata() or {}) if ds is not None else {})
    finally:
        ds = None
        gdal.PopErrorHandler()


def _restamp_joined_pdf(pdf: Path, meta: dict) -> None:
    """Give a PDF pdfunite joined the document information QGIS wrote in its parts
    (``meta``, as GDAL reads it; pdfunite drops it), with the plugin as creator,
    as an incremental update (GDAL's own update damages pdfunite's files)."""
    data = pdf.read_bytes()
    tail = data[-4096:]
    start = re.findall(rb"startxref\s+(\d+)\s+%%EOF", tail)
    size = re.findall(rb"/Size\s+(\d+)", tail)
    root = re.findall(rb"/Root\s+(\d+\s+\d+\s+R)", tail)
    if not (start and size and root):
        raise LayoutError(f"{pdf.name}: the joined PDF has no readable trailer")
    info = {_PDF_INFO_KEYS[k]: v for k, v in meta.items() if k in _PDF_INFO_KEYS and v}
    info["Creator"] = f"Sahel Overlap {plugin_version()} (QGIS {Qgis.version()})"
    # pdfunite numbers some objects past its trailer's /Size: take the next free one.
    highest = max((int(n) for n in re.findall(rb"(?m)^(\d+) 0 obj", data)), default=0)
    number = max(int(size[-1]), highest + 1)
    body = b" ".join(b"/" + k.encode() + b" " + _pdf_text(v) for k, v in info.items())
    obj = b"\n%d 0 obj\n<< " % number + body + b" >>\nendobj\n"
    offset = len(data) + 1  # after the newline that opens ``obj``
    xref = len(data) + len(obj)
    update = obj + b"xref\n%d 1\n%010d 00000 n \n" % (number, offset)
    update += b"trailer\n<< /Size %d /Root %s /Info %d 0 R /Prev %s >>\n" % (
        number + 1,
        root[-1],
        number,
        start[-1],
    )
    update += b"startxref\n%d\n%%%%EOF\n" % xref
    with open(pdf, "ab") as fh:
        fh.write(update)


class ExportCanceled(LayoutError):
    """The export was canceled: nothing was written."""


def export_layout(
    layout: QgsPrintLayout,
    path,
    fmt: str = "pdf",
    per_window: bool = True,
    dpi: int = 150,
    feedback=None,
) -> list[str]:
    """Export the layout; the list of files written.

    PDF: one file, one page per window. PNG/SVG: one file per page; with
    ``per_window`` each is named ``<stem>_<window><suffix>`` (window 2019,
    2019-Q1, 2019-03 or 20170302-20221231), otherwise only ``path``.
    SVG pages are converted from the PDF with poppler's pdftocairo: QGIS 3.22's
    own SVG export does not clip maps (the base map covered the whole page) and
    drops pattern fills.

    Pages are written in a hidden folder beside ``path`` and moved into place only
    when all of them are: a failure (a full disk) or a cancel (``ExportCanceled``)
    leaves nothing behind, and files of an earlier export untouched.
    """
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise LayoutError(
            tr("unknown format {format}; use one of {formats}").format(
                format=repr(fmt), formats=", ".join(FORMATS)
            )
        )
    path = Path(path).with_suffix("." + fmt)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".sahel-overlap-", dir=path.parent))
    except OSError as err:
        raise LayoutError(
            tr("cannot write in {folder}: {why}").format(
                folder=path.parent, why=err.strerror or err
            )
        ) from err
    try:
        staged = _export_pages(layout, staging / path.name, fmt, per_window, dpi, feedback)
        if feedback is not None and feedback.isCanceled():
            raise ExportCanceled(tr("the export was canceled; nothing was written"))
        pages = layout.pageCollection().pageCount()
        for page in staged:
            check_written(Path(page), fmt, pages)
        written = []
        for page in staged:
            target = path.parent / Path(page).name
            try:
                move_into_place(page, target)
            except OSError as err:
                raise LayoutError(
                    tr("cannot write {path}: {why}").format(path=target, why=err.strerror or err)
                ) from err
            written.append(str(target))
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _incomplete(path: Path, why: str) -> LayoutError:
    return LayoutError(
        tr(
            "{name} was not written completely ({why}; the disk may be full): nothing was kept"
        ).format(name=path.name, why=why)
    )


def check_written(path: Path, fmt: str, pages: int) -> None:
    """Read a staged page file back: QGIS and pdftocairo report success over a file a
    full disk truncated. A PDF must end with its %%EOF trailer and hold ``pages``
    pages (poppler's pdfinfo, when installed); an SVG must parse as XML; a PNG must
    load as an image."""
    try:
        size = path.stat().st_size
    except OSError as err:
        raise _incomplete(
            path, tr("it cannot be read: {why}").format(why=err.strerror or err)
        ) from err
    if size == 0:
        raise _incomplete(path, tr("it is empty"))
    if fmt == "pdf":
        with open(path, "rb") as fh:
            fh.seek(max(0, size - 1024))
            if b"%%EOF" not in fh.read().rstrip()[-16:]:
                raise _incomplete(path, tr("its end (%%EOF) is missing"))
        pdfinfo = shutil.which("pdfinfo")
        if pdfinfo is not None:
            info = subprocess.run([pdfinfo, str(path)], capture_output=True, text=True)
            found = re.search(r"^Pages:\s+(\d+)", info.stdout, re.M)
            if info.returncode != 0 or found is None or int(found.group(1)) != pages:
                said = found.group(0) if found else info.stderr.strip()[:200]
                raise _incomplete(path, f"pdfinfo reads {said or 'nothing'}, not {pages} pages")
    elif fmt == "svg":
        try:
            ElementTree.parse(path)
        except ElementTree.ParseError as err:
            raise _incomplete(
                path, tr("it is not a whole SVG document: {why}").format(why=err)
            ) from err
    elif QImage(str(path)).isNull():
        raise _incomplete(path, tr("it does not load as an image"))


PDF_MERGE_TOOL = "pdfunite"
# Pages are rendered in this many parts at most: each QGIS export call has a cost of
# its own (one part per page made 24 pages 1.6 times slower), and a cancel waits at
# most for one part.
PDF_PARTS = 6


def _export_pdf(layout, path: Path, dpi: int, feedback) -> None:
    """The layout as one PDF. QGIS renders a whole PDF in one call that cannot be
    canceled (a minute for 72 monthly pages): with a feedback to poll and poppler's
    pdfunite at hand, pages are rendered a few at a time beside ``path`` (the others
    excluded from the export), the feedback checked between parts, then joined; the
    document's metadata are those QGIS wrote in the first part (pdfunite drops them)."""
    collection = layout.pageCollection()
    pages = collection.pageCount()
    unite = shutil.which(PDF_MERGE_TOOL)
    if pages == 1 or unite is None or feedback is None:
        _check(QgsLayoutExporter(layout).exportToPdf(str(path), pdf_settings(dpi)), path)
        _stamp_creator(path)
        return
    parts = []
    step = max(1, math.ceil(pages / PDF_PARTS))
    try:
        for n in range(0, pages, step):
            if feedback.isCanceled():
                raise ExportCanceled(tr("the export was canceled; nothing was written"))
            last = min(n + step, pages)
            feedback.setProgressText(
                tr("PDF page {page} of {pages}").format(page=n + 1, pages=pages)
            )
            feedback.setProgress(100.0 * n / pages)
            for m in range(pages):
                collection.page(m).setExcludeFromExports(not n <= m < last)
            part = path.with_name(f".page-{n:05d}.pdf")
            _check(QgsLayoutExporter(layout).exportToPdf(str(part), pdf_settings(dpi)), path)
            parts.append(part)
    finally:
        for m in range(pages):
            collection.page(m).setExcludeFromExports(False)
    if feedback.isCanceled():
        raise ExportCanceled(tr("the export was canceled; nothing was written"))
    meta = _pdf_metadata(parts[0])
    run = subprocess.run([unite, *map(str, parts), str(path)], capture_output=True, text=True)
    for part in parts:
        part.unlink(missing_ok=True)
    if run.returncode != 0:
        raise LayoutError(
            tr("exporting {path} failed: {why}").format(
                path=path.name, why=run.stderr.strip() or run.returncode
            )
        )
    _restamp_joined_pdf(path, meta)


def _export_pages(layout, path: Path, fmt: str, per_window: bool, dpi: int, feedback):
    exporter = QgsLayoutExporter(layout)
    pages = layout.pageCollection().pageCount()
    tags = layout_windows(layout) or [str(n + 1) for n in range(pages)]
    if fmt == "pdf":
        _export_pdf(layout, path, dpi, feedback)
        return [str(path)]
    if fmt == "svg":
        return _export_svg(layout, path, tags, per_window, dpi, feedback)
    written = []
    for page in range(pages):
        if feedback is not None:
            if feedback.isCanceled():
                break
            feedback.setProgress(100.0 * page / pages)
        target = path.with_name(f"{path.stem}_{tags[page]}{path.suffix}") if per_window else path
        image = exporter.renderPageToImage(page, QSize(), dpi)
        if image.isNull():
            raise LayoutError(
                tr("exporting {path} failed: {why}").format(
                    path=target.name, why=tr("out of memory (lower the dpi)")
                )
            )
        dots_per_metre = round(dpi / 0.0254)
        image.setDotsPerMeterX(dots_per_metre)
        image.setDotsPerMeterY(dots_per_metre)
        if not image.save(str(target), "PNG"):
            raise LayoutError(
                tr("exporting {path} failed: {why}").format(
                    path=target.name, why=tr("cannot write the file")
                )
            )
        written.append(str(target))
        if not per_window:
            break
    return written


SVG_TOOL = "pdftocairo"


def svg_available() -> bool:
    return shutil.which(SVG_TOOL) is not None


def _export_svg(layout, path: Path, tags, per_window: bool, dpi: int, feedback) -> list[str]:
    tool = shutil.which(SVG_TOOL)
    if tool is None:
        raise LayoutError(
            tr(
                "SVG export needs poppler's pdftocairo (Debian/Ubuntu: apt install "
                "poppler-utils), because QGIS 3.22's own SVG export draws the maps unclipped "
                "over the whole page. Export a PDF instead: Inkscape and Illustrator open it "
                "as vector drawings."
            )
        )
    pages = layout.pageCollection().pageCount()
    written = []
    with tempfile.TemporaryDirectory(prefix="sahel_overlap_svg_") as tmp:
        pdf = Path(tmp) / "pages.pdf"
        _check(QgsLayoutExporter(layout).exportToPdf(str(pdf), pdf_settings(dpi)), path)
        for page in range(pages):
            if feedback is not None:
                if feedback.isCanceled():
                    break
                feedback.setProgress(100.0 * page / pages)
            target = path.with_name(f"{path.stem}_{tags[page]}.svg") if per_window else path
            number = str(page + 1)
            run = subprocess.run(
                [tool, "-svg", "-f", number, "-l", number, str(pdf), str(target)],
                capture_output=True,
                text=True,
            )
            if run.returncode != 0 or not target.is_file():
                raise LayoutError(
                    tr("exporting {path} failed: {why}").format(
                        path=target, why=run.stderr.strip() or run.returncode
                    )
                )
            written.append(str(target))
            if not per_window:
                break
    return written


def export_overlap_map(
    zones: QgsVectorLayer,
    incidents: QgsVectorLayer,
    path,
    fmt: str = "pdf",
    title: str = "",
    per_window: bool = True,
    dpi: int = 150,
    feedback=None,
    interaction: QgsVectorLayer | None = None,
) -> list[str]:
    """Headless export (algorithm, demo): layers and layout live in a private project."""
    project = QgsProject()
    # A map item's rotation is read from the template before its own CRS, while it
    # still falls back to the project's: an empty CRS there made PROJ print
    # "proj_create: unrecognized format / unknown name" per map item and page.
    project.setCrs(QgsCoordinateReferenceSystem.fromProj(SAHEL_EQUAL_AREA))
    layout = None
    try:
        layers = prepare_layers(zones, incidents, project, interaction=interaction)
        layout = build_layout(project, layers, title, per_window, feedback=feedback)
        if feedback is not None and feedback.isCanceled():
            raise ExportCanceled(tr("the export was canceled; nothing was written"))
        title = title or default_title(layers.group_a, layers.group_b)
        set_pdf_metadata(project, layers, title, per_window)
        return export_layout(layout, path, fmt, per_window, dpi, feedback)
    finally:
        release_layout(layout, project)


def release_layout(layout, project: QgsProject) -> None:
    """Delete a layout before its project: the other order crashes at exit."""
    if layout is not None and not sip.isdeleted(layout):
        sip.delete(layout)
    project.clear()


def export_demo_maps(zones_path, incidents_path, out_dir) -> list[str]:
    """``make demo``: out/overlap_map.pdf (a page per window) and .png (latest window)."""
    out_dir = Path(out_dir)
    zones = QgsVectorLayer(str(zones_path), "zones", "ogr")
    incidents = QgsVectorLayer(str(incidents_path), "incidents", "ogr")
    pdf = export_overlap_map(zones, incidents, out_dir / "overlap_map.pdf", "pdf")
    png = export_overlap_map(zones, incidents, out_dir / "overlap_map.png", "png", per_window=False)
    return pdf + png
