"""QGIS glue for incident layers: frames to layers and back, styles, time.

Thin on purpose: the analysis lives in ``plugin.core``; here we only convert.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
from osgeo import ogr, osr
from qgis.core import (
    Qgis,
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsDateTimeRange,
    QgsFeature,
    QgsFeatureRequest,
    QgsField,
    QgsFields,
    QgsFillSymbol,
    QgsGeometry,
    QgsPalLayerSettings,
    QgsPointXY,
    QgsProject,
    QgsTextBufferSettings,
    QgsTextFormat,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
    QgsVectorLayerTemporalProperties,
)
from qgis.PyQt.QtCore import QDate, QDateTime, QTime, QVariant
from qgis.PyQt.QtGui import QColor, QFont

from . import definitions as d

WGS84 = QgsCoordinateReferenceSystem("EPSG:4326")
_QTYPES = {
    "str": QVariant.String,
    "int": QVariant.Int,
    "float": QVariant.Double,
    "date": QVariant.Date,
}
_OGR_TYPES = {
    "str": ogr.OFTString,
    "int": ogr.OFTInteger,
    "float": ogr.OFTReal,
    "date": ogr.OFTDate,
}
STYLE_FILES = {
    d.SIDE_A: "incidents_a.qml",
    d.SIDE_B: "incidents_b.qml",
    d.SIDE_CLASH: "incidents_clash.qml",
    d.SIDE_AMBIGUOUS: "incidents_ambiguous.qml",
}


class IncidentLayerError(ValueError):
    """A layer is not in the standard incident schema; the message says why."""


def incident_fields() -> QgsFields:
    fields = QgsFields()
    for name, kind in d.INCIDENT_FIELDS:
        fields.append(QgsField(name, _QTYPES[kind]))
    return fields


def _qdate(value) -> QDate:
    if value is None or pd.isna(value):
        return QDate()
    ts = pd.Timestamp(value)
    return QDate(ts.year, ts.month, ts.day)


def frame_to_features(frame: pd.DataFrame, fields: QgsFields | None = None):
    """Yield QgsFeatures (EPSG:4326 points) for a frame in the standard schema."""
    fields = fields or incident_fields()
    kinds = dict(d.INCIDENT_FIELDS)
    columns = []
    for name in d.INCIDENT_FIELD_NAMES:
        values = frame[name].to_numpy()
        kind = kinds[name]
        if kind == "date":
            columns.append([_qdate(v) for v in values])
        elif kind == "int":
            columns.append([int(v) for v in values])
        elif kind == "float":
            columns.append([float(v) for v in values])
        else:
            columns.append([str(v) for v in values])
    lon = frame[d.F_LON].to_numpy(dtype=float)
    lat = frame[d.F_LAT].to_numpy(dtype=float)
    for i, attrs in enumerate(zip(*columns)):
        feat = QgsFeature(fields)
        feat.setAttributes(list(attrs))
        feat.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(lon[i], lat[i])))
        yield feat


def write_incidents_gpkg(
    frame: pd.DataFrame, path: str | Path, layer_name: str = "incidents"
) -> str:
    """Write the frame to a new GeoPackage, with its spatial, date and side indexes.

    The table is created with GDAL, the rows go in through the bulk writer
    (``fastio.bulk_insert_incidents``, as the import algorithm's output does).
    Refuses to overwrite an existing file: the caller picks a free name.
    """
    from . import fastio

    path = Path(path)
    if path.exists():
        raise FileExistsError(f"{path} exists; not overwriting it")
    path.parent.mkdir(parents=True, exist_ok=True)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    lyr = ds.CreateLayer(layer_name, srs, ogr.wkbPoint, ["SPATIAL_INDEX=YES"])
    for name, kind in d.INCIDENT_FIELDS:
        lyr.CreateField(ogr.FieldDefn(name, _OGR_TYPES[kind]))
    lyr = ds = None
    fastio.bulk_insert_incidents(str(path), frame, layer_name)
    return str(path)


def free_path(folder: str | Path, stem: str, suffix: str = ".gpkg") -> Path:
    """A path in ``folder`` that does not exist yet: stem.gpkg, stem_2.gpkg, ..."""
    folder = Path(folder)
    candidate = folder / f"{stem}{suffix}"
    n = 2
    while candidate.exists():
        candidate = folder / f"{stem}_{n}{suffix}"
        n += 1
    return candidate


# --- reading incident layers back -----------------------------------------------


def check_incident_fields(field_names) -> None:
    missing = [f for f in d.REQUIRED_FOR_ANALYSIS if f not in field_names]
    if missing:
        raise IncidentLayerError(
            "the incidents layer is not in the standard incident schema (run "
            "'Import incidents' first): missing fields "
            + ", ".join(missing)
            + "; fields found: "
            + ", ".join(list(field_names)[:30])
        )


def _to_timestamp(value):
    if isinstance(value, QDateTime):
        value = value.date()
    if isinstance(value, QDate):
        return pd.Timestamp(value.year(), value.month(), value.day()) if value.isValid() else pd.NaT
    if value is None or (hasattr(value, "isNull") and value.isNull()):
        return pd.NaT
    return pd.to_datetime(str(value), errors="coerce")


class _CanceledRead(Exception):
    def __init__(self, frame):
        super().__init__("canceled")
        self.frame = frame


def fast_target(source, request=None, layer=None):
    """What GDAL can read directly for ``source`` (a path or an OGR layer), or None.

    A Processing source hides its file; ``layer`` (``parameterAsVectorLayer``)
    stands in for it when the source is the whole layer.
    """
    if request is not None:
        return None
    if isinstance(source, (str, Path, QgsVectorLayer)):
        return source
    if (
        isinstance(layer, QgsVectorLayer)
        and layer.featureCount() == source.featureCount()
        and layer.crs() == source.sourceCrs()
    ):
        return layer
    return None


def read_incidents(
    source,
    feedback=None,
    request: QgsFeatureRequest | None = None,
    layer=None,
    fields=None,
    cache: bool = True,
) -> pd.DataFrame:
    """Read a point source in the standard schema into a frame (lon/lat in EPSG:4326).

    Only the fields the analysis uses are read (``fields``: fewer of them, e.g.
    no event ids for a heatmap; event_date and side always), without geometry
    objects where the layer allows it. ``source`` is a feature source, a vector layer or a
    path. OGR-backed layers and paths are read through GDAL's Arrow stream
    (``fastio``, same frame, ~30x faster), and kept in a small cache while
    the file is unchanged (``cache=False``: for callers that cache what they
    build from the frame); others feature by feature. A Processing source
    hides its file: pass ``layer`` too (see ``fast_target``).
    """
    from . import fastio

    target = fast_target(source, request, layer)
    if target is not None:
        try:
            key = fastio.file_identity(target) if cache else None
            if key is None:
                return fastio.read_incidents_arrow(target, feedback, fields)

            # Cached per file state: batch runs and re-runs on one layer read it once.
            def build():
                frame = fastio.read_incidents_arrow(target, feedback, fields)
                if feedback is not None and feedback.isCanceled():
                    raise _CanceledRead(frame)  # partial: hand it back, never cache it
                return frame

            key = (key, "frame", None if fields is None else tuple(sorted(fields)))
            return fastio.cached(key, build).copy()
        except _CanceledRead as canceled:
            return canceled.frame
        except fastio.FastPathUnavailable:
            pass
    if isinstance(source, (str, Path)):
        source = QgsVectorLayer(str(source), "incidents", "ogr")
        if not source.isValid():
            raise IncidentLayerError("cannot open the incidents file as a vector layer")
    names = source.fields().names()
    check_incident_fields(names)
    wanted = fastio.analysis_fields(names, fields)
    idx = [names.index(f) for f in wanted]
    request = QgsFeatureRequest(request) if request else QgsFeatureRequest()
    request.setSubsetOfAttributes(idx)
    xform = None
    if source.sourceCrs() != WGS84:
        xform = QgsCoordinateTransform(source.sourceCrs(), WGS84, QgsProject.instance())
    rows, xs, ys = [], [], []
    total = max(source.featureCount(), 1)
    for n, feat in enumerate(source.getFeatures(request)):
        if feedback is not None and n % 5000 == 0:
            if feedback.isCanceled():
                break
            feedback.setProgress(min(100.0, 100.0 * n / total))
        geom = feat.geometry()
        if geom is None or geom.isEmpty():
            continue
        pt = geom.asPoint() if not geom.isMultipart() else geom.asMultiPoint()[0]
        if xform is not None:
            pt = xform.transform(pt)
        attrs = feat.attributes()
        rows.append([attrs[i] for i in idx])
        xs.append(pt.x())
        ys.append(pt.y())
    frame = pd.DataFrame(rows, columns=wanted)
    for f in (d.F_DATE, d.F_DATE_END):
        if f in frame.columns:
            frame[f] = pd.to_datetime(frame[f].map(_to_timestamp))
    fastio._fill_date_end(frame, fields)
    if d.F_FATALITIES in frame.columns:
        frame[d.F_FATALITIES] = pd.to_numeric(frame[d.F_FATALITIES], errors="coerce").fillna(0)
    if d.F_CLASH in frame.columns:
        frame[d.F_CLASH] = pd.to_numeric(frame[d.F_CLASH], errors="coerce").fillna(0).astype(int)
    for f in (d.F_SIDE, d.F_GROUP, d.F_EVENT_ID):
        if f in frame.columns:
            frame[f] = frame[f].astype(str)
    if d.F_SOURCE in frame.columns:
        frame[d.F_SOURCE] = frame[d.F_SOURCE].fillna("").astype(str)
    frame[d.F_LON] = np.asarray(xs, dtype=float)
    frame[d.F_LAT] = np.asarray(ys, dtype=float)
    return frame


def group_names(frame: pd.DataFrame) -> tuple[str, str]:
    """Names of groups A and B as the import wrote them in the layer."""

    # The first row of each side, found through one factorize (not a string
    # comparison per row and side: 0.1 s at a million events).
    codes, sides = pd.factorize(frame[d.F_SIDE].to_numpy(dtype=object))
    rows = np.flatnonzero(codes >= 0)
    first_row = np.empty(len(sides), dtype=np.int64)
    first_row[codes[rows][::-1]] = rows[::-1]  # the last write, the earliest row, wins
    firsts = dict(zip(sides, first_row))
    groups = frame[d.F_GROUP].to_numpy(dtype=object)

    def first(side, fallback):
        return str(groups[firsts[side]]) if side in firsts else fallback

    name_a, name_b = first(d.SIDE_A, ""), first(d.SIDE_B, "")
    if not (name_a and name_b):
        clash = first(d.SIDE_CLASH, "")
        if " vs " in clash:
            ca, cb = clash.split(" vs ", 1)
            name_a, name_b = name_a or ca, name_b or cb
    return name_a or "Group A", name_b or "Group B"


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
    return QgsApplication.pkgDataPath() + "/resources/data/world_map.gpkg"


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
    regions = QgsVectorLayer(
        f"{world}|layername=states_provinces", "Admin regions (Natural Earth)", "ogr"
    )
    if not (countries.isValid() and regions.isValid()):
        raise IncidentLayerError(f"cannot open QGIS's base map {world}")
    if adm0:
        regions.setSubsetString('"adm0_a3" IN (' + ", ".join(f"'{c}'" for c in adm0) + ")")
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
        QDateTime(_qdate(lo), QTime(0, 0)), QDateTime(_qdate(hi), QTime(23, 59, 59))
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
