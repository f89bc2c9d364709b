"""saheloverlap:importincidents: ACLED / UCDP GED / any table to the standard schema."""

from __future__ import annotations

import contextlib
import math
import sqlite3
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
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QDate, QDateTime, QVariant

from .. import definitions as d
from ..core import incidents as inc
from ..core import joint
from ..core.countries import COUNTRY_KM
from ..core.csvfile import inspect
from ..core.presets import PresetError, load_presets
from ..core.provenance import import_record
from ..definitions import N_
from ..i18n import error_text, tr
from ..io import postgis
from ..io.gdal_files import FastPathUnavailable
from ..io.metadata import write_output_metadata
from ..io.natural_earth import country_shapes
from ..io.replace import move_into_place
from ..io.schema import incident_fields
from ..io.writers import (
    SinkWriteError,
    WriteCanceled,
    add_features,
    bulk_insert_incidents,
    frame_to_features,
)
from ..render.layers import IncidentsPresenter
from .base import SahelAlgorithm, VectorLayerParameter, canceled_error, write_error_hint

WGS84 = QgsCoordinateReferenceSystem("EPSG:4326")

FORMAT_LABELS = [
    N_("Auto-detect from the header"),
    N_("ACLED export"),
    N_("UCDP GED CSV"),
    N_("Mapped fields"),
]
FORMAT_CODES = [inc.FORMAT_AUTO, inc.FORMAT_ACLED, inc.FORMAT_UCDP, inc.FORMAT_MAPPED]
VECTOR_SUFFIXES = {".gpkg", ".shp", ".geojson", ".json", ".fgb", ".sqlite", ".gml", ".kml"}
# (parameter, schema field, description) for the mapped format.
MAPPING_PARAMS = [
    ("FIELD_DATE", d.F_DATE, N_("Date field (mapped format)")),
    ("FIELD_ACTOR1", d.F_ACTOR1, N_("First actor field (mapped format)")),
    ("FIELD_ACTOR2", d.F_ACTOR2, N_("Second actor field (mapped format)")),
    ("FIELD_LAT", d.F_LAT, N_("Latitude field (mapped CSV; layers use their geometry)")),
    ("FIELD_LON", d.F_LON, N_("Longitude field (mapped CSV; layers use their geometry)")),
    ("FIELD_ID", d.F_EVENT_ID, N_("Event id field (mapped format)")),
    ("FIELD_FATALITIES", d.F_FATALITIES, N_("Fatalities field (mapped format)")),
    ("FIELD_EVENT_TYPE", d.F_EVENT_TYPE, N_("Event type field (mapped format)")),
    ("FIELD_NOTES", d.F_NOTES, N_("Notes field (mapped format; tells joint operations apart)")),
]


def preset_names() -> list[str]:
    try:
        return list(load_presets())
    except PresetError:
        return [d.DEFAULT_PRESET]


def _as_text(value) -> str:
    """A layer attribute as the text a CSV export would hold: dates as ISO dates
    (str() of a QDate is "PyQt5.QtCore.QDate(2020, 1, 5)"), NULL as empty."""
    if value is None or (isinstance(value, QVariant) and value.isNull()):
        return ""
    if isinstance(value, QDateTime):
        return value.date().toString("yyyy-MM-dd") if value.isValid() else ""
    if isinstance(value, QDate):
        return value.toString("yyyy-MM-dd") if value.isValid() else ""
    return str(value)


def _the_point(geom, fid: int):
    """The feature's one point. A MultiPoint of several points is refused: its centroid
    would move events by up to degrees, and one event per point would need ids the
    plugin cannot make up."""
    if not geom.isMultipart():
        return geom.asPoint()
    points = geom.asMultiPoint()
    if len(points) != 1:
        raise inc.IncidentFormatError(
            tr(
                "feature {fid} is a MultiPoint of {n} points: one event has one place. Split it "
                "first (Vector geometry > Multipart to singleparts, "
                "native:multiparttosingleparts) and give each part its own event id"
            ).format(fid=fid, n=len(points))
        )
    return points[0]


def layer_to_frame(layer: QgsVectorLayer, feedback=None) -> pd.DataFrame:
    """Attributes as text plus 'latitude'/'longitude' from point geometry (EPSG:4326)."""
    names = layer.fields().names()
    xform = None
    if layer.isSpatial() and layer.crs() != WGS84:
        xform = QgsCoordinateTransform(layer.crs(), WGS84, layer.transformContext())
    rows, lat, lon = [], [], []
    total = max(layer.featureCount(), 1)
    for n, feat in enumerate(layer.getFeatures()):
        if feedback is not None and n % 10_000 == 0:
            if feedback.isCanceled():
                raise inc.Canceled()
            feedback.setProgress(40.0 * n / total)
        rows.append([_as_text(v) for v in feat.attributes()])
        geom = feat.geometry()
        if layer.isSpatial() and geom is not None and not geom.isEmpty():
            pt = _the_point(geom, feat.id())
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
    PRESET_NAME = "PRESET_NAME"
    INCLUDE_AFFILIATES = "INCLUDE_AFFILIATES"
    KEEP_OTHER = "KEEP_OTHER"
    OVERRIDES = "OVERRIDES"
    UNCERTAINTY_PATTERNS = "UNCERTAINTY_PATTERNS"
    REVIEW_TABLE = "REVIEW_TABLE"
    COUNTRY_KM = "COUNTRY_KM"
    OUTPUT = "OUTPUT"
    REPLACE_SCOPE = "REPLACE_SCOPE"
    CONFIRM_DELETE = "CONFIRM_DELETE"

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
            "(data/actor_presets.csv, or your own in 'Alias table': the preset is then the "
            "one named in 'Preset name', else the chosen 'Actor preset' if the table has it, "
            "else the table's only preset). Each event gets a side: "
            "a, b, clash (the two groups fight each other), joint (a joint operation: see "
            "below), ambiguous ('A and/or B' attributions, never counted for either group) "
            "or other.\n\n"
            "Both groups named on the same side (actor and associate actor; in UCDP GED both "
            "in one side's actor list) is a joint operation only when the event's notes "
            "express no doubt about who acted: notes holding a word of the uncertainty table "
            "(data/uncertainty_patterns.csv or your own: 'or', 'presumed', 'suspected', "
            "'ou', 'présumés', ...) leave it ambiguous, as do an 'and/or' name or a group on "
            "both sides. The log says how many were read each way and why. 'Review table' "
            "writes these events (place, date, actors, notes, reading, reason) as a CSV; "
            "fill in its 'override' column (joint, ambiguous or clash) and give it back as "
            "'Overrides' to correct the reading; its hash goes into the provenance.\n\n"
            "ACLED's actor-based layout repeats an event once per actor: rows sharing "
            "event_id_cnty are merged into one event, and a row for each group under one id "
            "is a clash. UCDP GED: a non-state (type 2) event between the groups is a clash.\n\n"
            "A group named only as associate of a third party (the army, a militia, "
            "civilians) makes no clash and no joint operation: the event is the other "
            "group's own, listed in the review table with the reason; an override 'clash' "
            "restores the clash.\n\n"
            "Every row with valid coordinates is kept. Field country_km holds the geodesic "
            "distance (WGS84 ellipsoid) from the point to its stated country's outline "
            "(Natural Earth; 0 inside, empty where not checked); rows more than 'COUNTRY_KM' "
            "(default 10 km) out are counted in the log and listed in the review table. UCDP "
            "GED's country is the state at the time of the event: compared where Natural "
            "Earth has an outline of that name, said so where not.\n\n"
            "Rows that cannot be used (date not understood, coordinates missing, out of range "
            "or swapped, text not UTF-8, duplicate ids, lines with the wrong number of fields) "
            "are skipped and counted by reason in the log. The input file is never modified.\n\n"
            "Into a PostGIS table that already holds events, an import adds the new events "
            "and updates changed ones by (source, event id); it deletes nothing, so a "
            "filtered export (some actors, a sample) never removes what it does not hold. "
            "'Replace scope' (REPLACE_SCOPE, e.g. 'Burkina Faso;Mali 2019-01-01/2022-12-31') "
            "says the export is complete for those countries and days, every actor and event "
            "type: the source's events there that it does not hold are deleted, the log says "
            "how many, and an import that would delete more events than it holds there is "
            "refused unless 'Confirm deletions' (CONFIRM_DELETE) is set."
        )

    def add_reading_parameters(self) -> list:
        """The parameters that say how rows become events (preset, affiliates, other
        actors, overrides), shared with saheloverlap:fetchacled; returns the advanced ones
        (uncertainty patterns, alias table, preset name) for the caller to add."""
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
        self.addParameter(
            QgsProcessingParameterFile(
                self.OVERRIDES,
                self.tr("Overrides of the joint / ambiguous reading (CSV: event_id, override)"),
                optional=True,
                fileFilter="CSV (*.csv *.txt)",
            )
        )
        return [
            QgsProcessingParameterFile(
                self.UNCERTAINTY_PATTERNS,
                self.tr("Uncertainty patterns (CSV; default: the plugin's)"),
                optional=True,
                fileFilter="CSV (*.csv)",
            ),
            QgsProcessingParameterFile(
                self.PRESET_TABLE,
                self.tr("Alias table (CSV; default: the plugin's)"),
                optional=True,
                fileFilter="CSV (*.csv)",
            ),
            QgsProcessingParameterString(
                self.PRESET_NAME,
                self.tr("Preset name (a preset of your alias table; overrides 'Actor preset')"),
                optional=True,
            ),
        ]

    def initAlgorithm(self, config=None):
        self.addParameter(
            VectorLayerParameter(
                self.INPUT,
                self.tr("Incident file (CSV export) or point layer"),
                [QgsProcessing.TypeVector],
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                self.FORMAT,
                self.tr("Format"),
                options=[self.tr(label) for label in FORMAT_LABELS],
                defaultValue=0,
            )
        )
        advanced = [
            *self.add_reading_parameters(),
            QgsProcessingParameterString(
                self.REPLACE_SCOPE,
                self.tr(
                    "Replace scope (PostGIS: the export is complete for 'Country;Country "
                    "FIRST/LAST'; the source's events there it does not hold are deleted)"
                ),
                optional=True,
            ),
            QgsProcessingParameterBoolean(
                self.CONFIRM_DELETE,
                self.tr("Confirm deletions (a replace scope may delete more than it writes)"),
                defaultValue=False,
            ),
        ]
        advanced.append(
            QgsProcessingParameterNumber(
                self.COUNTRY_KM,
                self.tr("Flag rows farther than this outside their stated country (km)"),
                QgsProcessingParameterNumber.Double,
                defaultValue=COUNTRY_KM,
                minValue=0.0,
            )
        )
        for key, _field, label in MAPPING_PARAMS:
            advanced.append(QgsProcessingParameterString(key, self.tr(label), optional=True))
        for param in advanced:
            param.setFlags(param.flags() | param.FlagAdvanced)
            self.addParameter(param)
        self.add_overwrite_table_parameter()
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT, self.tr("Incidents"), QgsProcessing.TypeVectorPoint
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.REVIEW_TABLE,
                self.tr("Review table of the events to check (CSV)"),
                fileFilter="CSV (*.csv)",
                optional=True,
                createByDefault=False,
            )
        )
        for key, label in [
            ("EVENTS_A", N_("Events of group A")),
            ("EVENTS_B", N_("Events of group B")),
            ("CLASHES", N_("Clashes between the groups")),
            ("JOINT", N_("Joint operations of the groups")),
            ("AMBIGUOUS", N_("Ambiguous attributions")),
            ("SKIPPED", N_("Rows skipped")),
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

    def checkParameterValues(self, parameters, context):
        # The framework would load a CSV path through OGR and, for a broken file,
        # only say "Incorrect parameter value"; our reader gives the real reason.
        path = self._input_file(parameters.get(self.INPUT))
        if path is None:
            return super().checkParameterValues(parameters, context)
        try:
            inspect(path, full=False)
        except inc.IncidentFormatError as err:
            return False, f"{self.INPUT}: {error_text(err)}"
        problem = self.output_problems(parameters, context)
        if problem:
            return False, problem
        for param in self.parameterDefinitions():
            name = param.name()
            value = parameters.get(name)
            if (
                name != self.INPUT
                and name in parameters
                and not param.checkValueIsAcceptable(value, context)
            ):
                return False, self.tr("Incorrect parameter value for {name}").format(name=name)
        return True, ""

    def _record_coverage(
        self, parameters, context, feedback, dest_id, report, preset, table, rules=None
    ):
        """What the source covers, per country, and how same-side events were read, into
        the output's metadata (scoring reads it)."""
        value = parameters.get(self.INPUT)
        path = self._input_file(value)
        layer = None if path else self.parameterAsVectorLayer(parameters, self.INPUT, context)
        name = path.name if path else (layer.name() if layer else str(value))
        source = path or (Path(layer.source().split("|")[0]) if layer else None)
        record = import_record(
            report, preset, table, name, source if source and source.is_file() else None, rules
        )
        for country, (first, last) in sorted(report.coverage.items()):
            feedback.pushInfo(
                self.tr("  covers {country} from {first} to {last}").format(
                    country=country, first=first, last=last
                )
            )
        if not write_output_metadata(dest_id, context, d.META_IMPORT, record):
            feedback.pushInfo(
                self.tr(
                    "The output format keeps no metadata: 'Score zones' will not know what the "
                    "source covers (save as GeoPackage, or give the coverage when scoring)."
                )
            )

    # --- run: options, read and check, log, write ----------------------------------
    def processAlgorithm(self, parameters, context, feedback):
        options = self._options(parameters, context)
        self._replace_scope(parameters, context)  # a malformed scope stops before reading
        country_km = self.parameterAsDouble(parameters, self.COUNTRY_KM, context)
        if not math.isfinite(country_km) or country_km < 0:
            # NaN passes Processing's range check and would switch the flagging off
            raise QgsProcessingException(
                self.tr("{key}: a distance in km, 0 or more (got {value})").format(
                    key=self.COUNTRY_KM, value=country_km
                )
            )
        checks = inc.Checks(
            countries=country_shapes(), is_canceled=feedback.isCanceled, country_km=country_km
        )
        review = None
        try:
            events, report = self._load(parameters, context, feedback, options, checks)
            self._log(report, feedback)
            review = self._stage_review(report, parameters, context)
            dest_id = self._write(events, parameters, context, feedback, report)
            self._record_coverage(
                parameters, context, feedback, dest_id, report, options["preset"].name,
                self.parameterAsFile(parameters, self.PRESET_TABLE, context) or None,
                options["rules"],
            )  # fmt: skip
            review_path = self._commit_review(review, report, feedback)
            review = None
            self._present(events, options["preset"], dest_id, context)
        except (inc.Canceled, WriteCanceled) as err:
            raise canceled_error() from err
        except postgis.PgError as err:  # only the record can fail here: the rows are in
            raise QgsProcessingException(
                self.tr(
                    "the incidents were written, but not their import record (coverage): "
                    "{error}; import again to record it"
                ).format(error=err)
            ) from err
        except (OSError, sqlite3.Error) as err:  # a full disk, a file gone, a lock...
            raise QgsProcessingException(
                self.tr("the incidents were not written: {error}{hint}; nothing was kept").format(
                    error=err, hint=write_error_hint(err)
                )
            ) from err
        finally:
            if review is not None:  # staged but never moved in: leave nothing behind
                with contextlib.suppress(OSError):
                    review[0].unlink()
        return {
            self.OUTPUT: dest_id,
            "EVENTS_A": report.sides[d.SIDE_A],
            "EVENTS_B": report.sides[d.SIDE_B],
            "CLASHES": report.sides[d.SIDE_CLASH],
            "JOINT": report.sides[d.SIDE_JOINT],
            "AMBIGUOUS": report.sides[d.SIDE_AMBIGUOUS],
            "SKIPPED": sum(report.skipped.values()),
            self.REVIEW_TABLE: review_path,
        }

    def _stage_review(self, report, parameters, context):
        """The review table of the same-side events, written beside its destination
        (moved in once the incidents are written): (staged path, destination) or None."""
        target = self.parameterAsFileOutput(parameters, self.REVIEW_TABLE, context)
        if not target:
            return None
        target = Path(target)
        if target.suffix.lower() != ".csv":
            target = target.with_suffix(".csv")
        staged = target.with_name(f".{target.name}.partial")
        joint.write_review(report.review, staged)
        return staged, target

    def _commit_review(self, review, report, feedback) -> str | None:
        if review is None:
            return None
        staged, target = review
        move_into_place(staged, target)
        n = len(report.review)
        if n == 1:
            text = self.tr(
                "Review table: {path} (1 event to check; fill in its 'override' column and "
                "give it back as 'Overrides' to correct a reading)"
            )
        else:
            text = self.tr(
                "Review table: {path} ({n} events to check; fill in its 'override' column and "
                "give it back as 'Overrides' to correct a reading)"
            )
        feedback.pushInfo(text.format(path=target, n=n))
        return str(target)

    @staticmethod
    def _present(events, preset, dest_id: str, context) -> None:
        """The toolbox loads styled, time-aware layers, as 'Load incidents' does."""
        if context.willLoadLayerOnCompletion(dest_id):
            synthetic = bool((events[d.F_SOURCE] == d.SOURCE_SYNTHETIC).any())
            context.layerToLoadOnCompletionDetails(dest_id).setPostProcessor(
                IncidentsPresenter.create(
                    preset.group_a, preset.group_b, "SYNTHETIC" if synthetic else ""
                )
            )

    def _preset_name(self, parameters, context, presets: dict, table) -> str:
        """The preset to use: PRESET_NAME if given; else the PRESET choice (a list fixed
        when QGIS starts, from the plugin's table) if the alias table has it; else a
        custom table's only preset."""
        named = self.parameterAsString(parameters, self.PRESET_NAME, context).strip()
        chosen = named or self.parameterAsEnumString(parameters, self.PRESET, context)
        if chosen in presets:
            return chosen
        if not named and table and len(presets) == 1:
            return next(iter(presets))
        if table:
            where = self.tr("the alias table {file}").format(file=Path(table).name)
        else:
            where = self.tr("the plugin's alias table")
        if named:
            text = self.tr("no preset {name} in {where}; its presets: {presets}")
        else:
            text = self.tr(
                "no preset {name} in {where}; its presets: {presets} (name one in 'Preset "
                "name', PRESET_NAME)"
            )
        raise QgsProcessingException(
            text.format(name=repr(chosen), where=where, presets=", ".join(presets))
        )

    def _options(self, parameters, context) -> dict:
        table = self.parameterAsFile(parameters, self.PRESET_TABLE, context) or None
        try:
            presets = load_presets(table)
        except PresetError as err:
            raise QgsProcessingException(error_text(err)) from err
        preset_name = self._preset_name(parameters, context, presets, table)
        mapping = {}
        for key, field, _label in MAPPING_PARAMS:
            col = self.parameterAsString(parameters, key, context)
            if col:
                mapping[field] = col
        try:
            rules = joint.Rules.from_files(
                self.parameterAsFile(parameters, self.UNCERTAINTY_PATTERNS, context) or None,
                self.parameterAsFile(parameters, self.OVERRIDES, context) or None,
            )
        except joint.JointRulesError as err:
            raise QgsProcessingException(str(err)) from err
        return {
            "rules": rules,
            "preset": presets[preset_name],
            "fmt": FORMAT_CODES[self.parameterAsEnum(parameters, self.FORMAT, context)],
            "mapping": mapping,
            "include": self.parameterAsBoolean(parameters, self.INCLUDE_AFFILIATES, context),
            "keep_other": self.parameterAsBoolean(parameters, self.KEEP_OTHER, context),
        }

    def _load(self, parameters, context, feedback, options, checks):
        """Read the input and check every row: (events, report). 0-50 % of the progress."""
        feedback.setProgressText(self.tr("Reading the input"))
        fmt, mapping = options["fmt"], dict(options["mapping"])
        try:
            path = self._input_file(parameters.get(self.INPUT))
            if path is None:
                frame = self._read_layer(parameters, context, feedback)
                mapping.setdefault(d.F_LAT, "latitude")
                mapping.setdefault(d.F_LON, "longitude")
                report = inc.ImportReport(rows_read=len(frame))
                if fmt == inc.FORMAT_AUTO and inc.detect_format(frame.columns) != inc.FORMAT_MAPPED:
                    mapping = {}
            else:
                columns = inc.columns_used(fmt, inc.read_header(path), mapping or None)
                frame, skipped = inc.read_table(
                    path, columns, feedback.isCanceled, lambda f: feedback.setProgress(40 * f)
                )
                report = inc.ImportReport(
                    skipped=skipped, rows_read=len(frame) + sum(skipped.values())
                )
            feedback.setProgressText(self.tr("Checking rows"))
            feedback.setProgress(40)
            events, report = inc.load_frame(
                frame,
                options["preset"],
                fmt,
                mapping or None,
                options["include"],
                options["keep_other"],
                report,
                checks,
                options["rules"],
            )
        except (inc.IncidentFormatError, PresetError) as err:  # PresetError: a slow regex
            raise QgsProcessingException(error_text(err)) from err
        feedback.setProgress(50)
        return events, report

    def _read_layer(self, parameters, context, feedback) -> pd.DataFrame:
        layer = self.parameterAsVectorLayer(parameters, self.INPUT, context)
        if layer is None or not layer.isValid():
            raise QgsProcessingException(
                self.tr("{key}: cannot open {value} as a table or a vector layer").format(
                    key=self.INPUT, value=repr(parameters.get(self.INPUT))
                )
            )
        if (
            layer.isSpatial()
            and QgsWkbTypes.geometryType(layer.wkbType()) != QgsWkbTypes.PointGeometry
        ):
            raise QgsProcessingException(
                self.tr("{layer} is not a point layer").format(layer=layer.name())
            )
        return layer_to_frame(layer, feedback)

    def _log(self, report: inc.ImportReport, feedback) -> None:
        for line in report.lines(self.tr):
            feedback.pushInfo(line)
        if report.skipped:  # the run succeeds: a warning, not an error
            feedback.pushWarning(
                self.tr("{n} rows skipped; see the reasons above").format(
                    n=sum(report.skipped.values())
                )
            )
        if report.far:
            feedback.pushWarning(
                self.tr(
                    "{n} events lie farther outside their stated country than COUNTRY_KM: kept "
                    "(field country_km); the review table (REVIEW_TABLE) lists them"
                ).format(n=report.far)
            )

    def _replace_scope(self, parameters, context):
        try:
            return postgis.ReplaceScope.parse(
                self.parameterAsString(parameters, self.REPLACE_SCOPE, context)
            )
        except ValueError as err:
            raise QgsProcessingException(f"{self.REPLACE_SCOPE}: {err}") from err

    def _write_postgis(self, table, events, parameters, context, feedback, report) -> str:
        try:
            return postgis.write_output(
                table, events, self.parameterDefinition(self.OUTPUT), parameters.get(self.OUTPUT),
                context, feedback, getattr(report, "coverage", None) or None,
                scope=self._replace_scope(parameters, context),
                confirm_delete=self.parameterAsBoolean(parameters, self.CONFIRM_DELETE, context),
            )  # fmt: skip
        except postgis.WriteCanceledError as err:
            raise WriteCanceled() from err
        except postgis.PgError as err:
            raise QgsProcessingException(
                self.tr("the incidents were not written: {error}").format(error=err)
            ) from err

    def _write(self, events: pd.DataFrame, parameters, context, feedback, report=None) -> str:
        """Write the events (50-100 % of the progress); returns the output's id.

        A GeoPackage output is filled in bulk, any other through the sink; either
        way the output is staged beside its destination and moved in once its
        feature count is read back (``StagedSink``): a cancel, a full disk or any
        failure leaves nothing behind.
        """
        try:
            pg_table = postgis.destination_table(
                self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
            )
        except postgis.PgError as err:  # a name QGIS's parser cannot read back, too long
            raise QgsProcessingException(f"{self.OUTPUT}: {err}") from err
        if pg_table is not None:  # PostGIS: COPY, then an upsert (issue 22)
            return self._write_postgis(pg_table, events, parameters, context, feedback, report)
        if self._replace_scope(parameters, context) is not None:
            raise QgsProcessingException(
                self.tr(
                    "{key} applies to a PostGIS table output (a file output is written whole); "
                    "leave it empty"
                ).format(key=self.REPLACE_SCOPE)
            )
        feedback.setProgressText(self.tr("Writing incidents"))
        out = self.staged_sink(
            parameters, self.OUTPUT, context, incident_fields(), QgsWkbTypes.Point, WGS84
        )
        out.open()
        try:
            written = False
            if out.path is not None and out.path.suffix.lower() == ".gpkg":
                out.close_sink()  # rows go into the empty table the sink made, in bulk
                try:
                    bulk_insert_incidents(
                        str(out.path),
                        events,
                        out.table,
                        is_canceled=feedback.isCanceled,
                        progress=lambda f: feedback.setProgress(50 + 45 * f),
                    )
                    written = True
                except FastPathUnavailable as err:
                    feedback.pushInfo(
                        self.tr("Writing feature by feature ({reason})").format(reason=err)
                    )
                    out.discard()
                    out = self.staged_sink(
                        parameters,
                        self.OUTPUT,
                        context,
                        incident_fields(),
                        QgsWkbTypes.Point,
                        WGS84,
                    )
                    out.open()
            if not written:
                total = len(events)
                progress = _Progress(feedback, 50, 45)
                try:
                    add_features(
                        out.sink, out.safe(frame_to_features(events)), progress, total=total
                    )
                except SinkWriteError as err:
                    raise QgsProcessingException(
                        self.tr("the incidents were not written: {error}").format(error=err)
                    ) from err
            if feedback.isCanceled():
                raise WriteCanceled()
            feedback.setProgressText(self.tr("Checking the output"))
            dest_id = out.commit(len(events), feedback)
        except BaseException:
            out.discard()
            raise
        feedback.setProgress(100)
        return dest_id


class _Progress:
    """A feedback whose progress maps 0-100 onto ``start``..``start + span``."""

    def __init__(self, feedback, start: float, span: float):
        self._feedback, self._start, self._span = feedback, start, span

    def isCanceled(self) -> bool:
        return self._feedback.isCanceled()

    def setProgress(self, value: float) -> None:
        self._feedback.setProgress(self._start + self._span * value / 100.0)
