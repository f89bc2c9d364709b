"""saheloverlap:importincidents: ACLED / UCDP GED / any table to the standard schema."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFile,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorLayer,
    QgsProviderRegistry,
    QgsVectorLayer,
    QgsWkbTypes,
)

from .. import definitions as d
from ..core import incidents as inc
from ..core.presets import PresetError, load_presets
from ..io import postgis
from ..io.gdal_files import FastPathUnavailable
from ..io.schema import incident_fields
from ..io.writers import (
    SinkWriteError,
    WriteCanceled,
    add_features,
    bulk_insert_incidents,
    frame_to_features,
)
from ..render.layers import IncidentsPresenter
from .base import SahelAlgorithm

FORMAT_LABELS = ["Auto-detect from the header", "ACLED export", "UCDP GED CSV", "Mapped fields"]
FORMAT_CODES = [inc.FORMAT_AUTO, inc.FORMAT_ACLED, inc.FORMAT_UCDP, inc.FORMAT_MAPPED]
VECTOR_SUFFIXES = {".gpkg", ".shp", ".geojson", ".json", ".fgb", ".sqlite", ".gml", ".kml"}
# (parameter, schema field, description) for the mapped format.
MAPPING_PARAMS = [
    ("FIELD_DATE", d.F_DATE, "Date field (mapped format)"),
    ("FIELD_ACTOR1", d.F_ACTOR1, "First actor field (mapped format)"),
    ("FIELD_ACTOR2", d.F_ACTOR2, "Second actor field (mapped format)"),
    ("FIELD_LAT", d.F_LAT, "Latitude field (mapped CSV; layers use their geometry)"),
    ("FIELD_LON", d.F_LON, "Longitude field (mapped CSV; layers use their geometry)"),
    ("FIELD_ID", d.F_EVENT_ID, "Event id field (mapped format)"),
    ("FIELD_FATALITIES", d.F_FATALITIES, "Fatalities field (mapped format)"),
    ("FIELD_EVENT_TYPE", d.F_EVENT_TYPE, "Event type field (mapped format)"),
]


def preset_names() -> list[str]:
    try:
        return list(load_presets())
    except PresetError:
        return [d.DEFAULT_PRESET]


def layer_to_frame(layer: QgsVectorLayer) -> pd.DataFrame:
    """Attributes as text plus 'latitude'/'longitude' from point geometry (EPSG:4326)."""
    names = layer.fields().names()
    wgs84 = QgsCoordinateReferenceSystem("EPSG:4326")
    xform = None
    if layer.isSpatial() and layer.crs() != wgs84:
        xform = QgsCoordinateTransform(layer.crs(), wgs84, layer.transformContext())
    rows, lat, lon = [], [], []
    for feat in layer.getFeatures():
        rows.append(["" if v is None else str(v) for v in feat.attributes()])
        geom = feat.geometry()
        if layer.isSpatial() and geom is not None and not geom.isEmpty():
            pt = geom.centroid().asPoint()
            if xform is not None:
                pt = xform.transform(pt)
            lon.append(str(pt.x()))
            lat.append(str(pt.y()))
        else:
            lon.append("")
            lat.append("")
    frame = pd.DataFrame(rows, columns=names, dtype=object)
    if layer.isSpatial():
        frame["latitude"] = lat
        frame["longitude"] = lon
    return frame


class ImportIncidentsAlgorithm(SahelAlgorithm):
    INPUT = "INPUT"
    FORMAT = "FORMAT"
    PRESET = "PRESET"
    PRESET_TABLE = "PRESET_TABLE"
    INCLUDE_AFFILIATES = "INCLUDE_AFFILIATES"
    KEEP_OTHER = "KEEP_OTHER"
    OUTPUT = "OUTPUT"

    def name(self):
        return "importincidents"

    def displayName(self):
        return self.tr("Import incidents (ACLED, UCDP GED or mapped)")

    def group(self):
        return self.tr("Incidents")

    def groupId(self):
        return "incidents"

    def shortHelpString(self):
        return self.tr(
            "Reads an ACLED export (dyadic or actor-based), a UCDP GED CSV or any table or "
            "point layer with mapped fields, and writes one point per event in the plugin's "
            "standard incident schema (EPSG:4326).\n\n"
            "Actors are matched to the preset's two groups with the editable alias table "
            "(data/actor_presets.csv, or your own in 'Alias table'). Each event gets a side: "
            "a, b, clash (the two groups fight each other), ambiguous ('A and/or B' "
            "attributions, never counted for either group) or other.\n\n"
            "ACLED's actor-based layout repeats an event once per actor: rows sharing "
            "event_id_cnty are merged into one event, and a row for each group under one id "
            "is a clash. UCDP GED: a non-state (type 2) event between the groups is a clash.\n\n"
            "Rows that cannot be used (date not understood, coordinates missing, out of range "
            "or swapped, text not UTF-8, duplicate ids, lines with the wrong number of fields) "
            "are skipped and counted by reason in the log. The input file is never modified."
        )

    def initAlgorithm(self, config=None):
        self.addParameter(
            QgsProcessingParameterVectorLayer(
                self.INPUT,
                self.tr("Incident file (CSV export) or point layer"),
                [QgsProcessing.TypeVector],
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                self.FORMAT, self.tr("Format"), options=FORMAT_LABELS, defaultValue=0
            )
        )
        names = preset_names()
        self.addParameter(
            QgsProcessingParameterEnum(
                self.PRESET,
                self.tr("Actor preset (group A vs group B)"),
                options=names,
                defaultValue=d.DEFAULT_PRESET if d.DEFAULT_PRESET in names else names[0],
                usesStaticStrings=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterBoolean(
                self.INCLUDE_AFFILIATES,
                self.tr("Count affiliated groups (e.g. Katiba Macina as JNIM)"),
                defaultValue=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterBoolean(
                self.KEEP_OTHER, self.tr("Keep events of other actors"), defaultValue=False
            )
        )
        advanced = [
            QgsProcessingParameterFile(
                self.PRESET_TABLE,
                self.tr("Alias table (CSV; default: the plugin's)"),
                optional=True,
                fileFilter="CSV (*.csv)",
            )
        ]
        for key, _field, label in MAPPING_PARAMS:
            advanced.append(QgsProcessingParameterString(key, self.tr(label), optional=True))
        for param in advanced:
            param.setFlags(param.flags() | param.FlagAdvanced)
            self.addParameter(param)
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT, self.tr("Incidents"), QgsProcessing.TypeVectorPoint
            )
        )
        for key, label in [
            ("EVENTS_A", "Events of group A"),
            ("EVENTS_B", "Events of group B"),
            ("CLASHES", "Clashes between the groups"),
            ("AMBIGUOUS", "Ambiguous attributions"),
            ("SKIPPED", "Rows skipped"),
        ]:
            self.addOutput(QgsProcessingOutputNumber(key, self.tr(label)))

    @staticmethod
    def _input_file(value) -> Path | None:
        """A CSV/table path is read by the plugin itself, not through OGR."""
        if isinstance(value, str) and value and Path(value).is_file():
            path = Path(value)
            if path.suffix.lower() not in VECTOR_SUFFIXES:
                return path
        return None

    @staticmethod
    def _gpkg_file(dest_id: str) -> str | None:
        """The GeoPackage file a sink writes to, or None (memory and other outputs)."""
        parts = QgsProviderRegistry.instance().decodeUri("ogr", dest_id or "")
        path = parts.get("path") or ""
        if path.lower().endswith(".gpkg") and Path(path).is_file():
            return path
        return None

    def checkParameterValues(self, parameters, context):
        # The framework would load a CSV path through OGR and, for a broken file,
        # only say "Incorrect parameter value"; our reader gives the real reason.
        if self._input_file(parameters.get(self.INPUT)) is not None:
            rest = {k: v for k, v in parameters.items() if k != self.INPUT}
            for param in self.parameterDefinitions():
                name = param.name()
                if name in rest and not param.checkValueIsAcceptable(rest[name], context):
                    return False, f"Incorrect parameter value for {name}"
            return True, ""
        return super().checkParameterValues(parameters, context)

    def _read_input(self, parameters, context) -> tuple[pd.DataFrame | None, Path | None]:
        path = self._input_file(parameters.get(self.INPUT))
        if path is not None:
            return None, path
        layer = self.parameterAsVectorLayer(parameters, self.INPUT, context)
        if layer is None or not layer.isValid():
            raise QgsProcessingException("cannot open the input as a table or a vector layer")
        if (
            layer.isSpatial()
            and QgsWkbTypes.geometryType(layer.wkbType()) != QgsWkbTypes.PointGeometry
        ):
            raise QgsProcessingException(f"{layer.name()} is not a point layer")
        return layer_to_frame(layer), None

    def _write_postgis(self, table, events, report, parameters, context, feedback) -> str:
        try:
            return postgis.write_output(
                table, events, self.parameterDefinition(self.OUTPUT), parameters.get(self.OUTPUT),
                context, feedback, getattr(report, "coverage", None) or None,
            )  # fmt: skip
        except (postgis.PgError, postgis.WriteCanceledError) as err:
            raise QgsProcessingException(f"the incidents were not written: {err}") from err

    def processAlgorithm(self, parameters, context, feedback):
        fmt = FORMAT_CODES[self.parameterAsEnum(parameters, self.FORMAT, context)]
        table = self.parameterAsFile(parameters, self.PRESET_TABLE, context) or None
        try:
            presets = load_presets(table)
        except PresetError as err:
            raise QgsProcessingException(str(err)) from err
        preset_name = self.parameterAsEnumString(parameters, self.PRESET, context)
        if preset_name not in presets:
            raise QgsProcessingException(
                f"no preset {preset_name!r} in the alias table; presets: {', '.join(presets)}"
            )
        preset = presets[preset_name]
        mapping = {}
        for key, field, _label in MAPPING_PARAMS:
            col = self.parameterAsString(parameters, key, context)
            if col:
                mapping[field] = col
        include = self.parameterAsBoolean(parameters, self.INCLUDE_AFFILIATES, context)
        keep_other = self.parameterAsBoolean(parameters, self.KEEP_OTHER, context)

        feedback.setProgressText(self.tr("Reading the input"))
        try:
            frame, path = self._read_input(parameters, context)
            if frame is not None:
                mapping.setdefault(d.F_LAT, "latitude")
                mapping.setdefault(d.F_LON, "longitude")
                report = inc.ImportReport(rows_read=len(frame))
                if fmt == inc.FORMAT_AUTO and inc.detect_format(frame.columns) != inc.FORMAT_MAPPED:
                    mapping = None
                events, report = inc.load_frame(
                    frame, preset, fmt, mapping, include, keep_other, report
                )
            else:
                columns = inc.columns_used(fmt, inc.read_header(path), mapping or None)
                raw, skipped = inc.read_table(path, columns)
                report = inc.ImportReport(
                    skipped=skipped, rows_read=len(raw) + sum(skipped.values())
                )
                events, report = inc.load_frame(
                    raw, preset, fmt, mapping or None, include, keep_other, report
                )
        except inc.IncidentFormatError as err:
            raise QgsProcessingException(str(err)) from err
        for line in report.lines():
            feedback.pushInfo(line)
        if report.skipped:
            feedback.reportError(
                f"{sum(report.skipped.values())} rows skipped; see the reasons above", False
            )
        if feedback.isCanceled():
            return {}

        def open_sink():
            return self.parameterAsSink(
                parameters,
                self.OUTPUT,
                context,
                incident_fields(),
                QgsWkbTypes.Point,
                QgsCoordinateReferenceSystem("EPSG:4326"),
            )

        pg_table = postgis.destination_table(
            self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        )
        if pg_table is not None:  # PostGIS: COPY, replacing what the export covers (issue 16)
            dest_id = self._write_postgis(pg_table, events, report, parameters, context, feedback)
            sink = None
        else:
            sink, dest_id = open_sink()
            if sink is None:
                raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        feedback.setProgressText(self.tr("Writing incidents"))
        gpkg = self._gpkg_file(dest_id)
        if gpkg is not None:
            del sink  # closes the empty table the sink created; rows go in in bulk
            try:
                bulk_insert_incidents(gpkg, events)
                sink = None
            except FastPathUnavailable as err:
                feedback.pushInfo(f"Writing feature by feature ({err})")
                sink, dest_id = open_sink()
        if sink is not None:
            try:
                add_features(sink, frame_to_features(events), feedback, total=len(events))
            except SinkWriteError as err:
                raise QgsProcessingException(f"the incidents were not written: {err}") from err
            except WriteCanceled:
                return {}
        if context.willLoadLayerOnCompletion(dest_id):
            # The toolbox then loads styled, time-aware layers, as 'Load incidents' does.
            synthetic = bool((events[d.F_SOURCE] == d.SOURCE_SYNTHETIC).any())
            context.layerToLoadOnCompletionDetails(dest_id).setPostProcessor(
                IncidentsPresenter.create(
                    preset.group_a, preset.group_b, "SYNTHETIC" if synthetic else ""
                )
            )
        return {
            self.OUTPUT: dest_id,
            "EVENTS_A": report.sides[d.SIDE_A],
            "EVENTS_B": report.sides[d.SIDE_B],
            "CLASHES": report.sides[d.SIDE_CLASH],
            "AMBIGUOUS": report.sides[d.SIDE_AMBIGUOUS],
            "SKIPPED": sum(report.skipped.values()),
        }
