"""saheloverlap:scorezones: zones of parallel against contested operation, per window."""

from __future__ import annotations

import numpy as np
import pandas as pd
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsField,
    QgsFields,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingLayerPostProcessorInterface,
    QgsProcessingOutputNumber,
    QgsProcessingParameterDateTime,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QDate, QVariant

from .. import definitions as d
from ..core import projection, scoring, windows
from ..io.readers import postgis_target, read_incidents
from ..io.schema import IncidentLayerError, group_names
from ..io.writers import SinkWriteError, WriteCanceled, add_features
from ..render.layers import apply_style, relabel_categories, set_day_range_temporal
from . import pushdown
from .base import SahelAlgorithm, canceled_error
from .zoning import zones_for_events

WINDOW_LABELS = ["Whole period", "Year", "Quarter", "Month"]
_QTYPES = {
    "str": QVariant.String,
    "int": QVariant.Int,
    "float": QVariant.Double,
    "date": QVariant.Date,
}
WGS84 = QgsCoordinateReferenceSystem("EPSG:4326")


def qdate(value) -> QDate:
    ts = pd.Timestamp(value)
    return QDate(ts.year, ts.month, ts.day)


def style_zone_layer(layer: QgsVectorLayer) -> None:
    """Class colours with the groups' names in the legend; time-aware on the windows."""
    apply_style(layer, "zones.qml")
    names = layer.fields().names()
    feat = next(layer.getFeatures(), None)
    if feat is not None and "group_a" in names:
        # A new renderer, not labels edited in place: the Layers panel updates at once.
        a, b = feat["group_a"], feat["group_b"]
        relabel_categories(layer, {c: d.zone_label(c, a, b) for c in d.ZONE_CLASSES})
    set_day_range_temporal(layer, "window_start", "window_end")
    layer.triggerRepaint()


class ZoneStyler(QgsProcessingLayerPostProcessorInterface):
    """Runs on the main thread when the toolbox loads the output."""

    instance = None

    def postProcessLayer(self, layer, context, feedback):
        if isinstance(layer, QgsVectorLayer):
            style_zone_layer(layer)

    @classmethod
    def create(cls):
        # Keep a reference: QGIS does not own Python post-processors.
        cls.instance = cls()
        return cls.instance


class ScoreZonesAlgorithm(SahelAlgorithm):
    INCIDENTS = "INCIDENTS"
    ZONES = "ZONES"
    CELL_SIZE_KM = "CELL_SIZE_KM"
    START = "START"
    END = "END"
    WINDOW = "WINDOW"
    PERMUTATIONS = "PERMUTATIONS"
    SEED = "SEED"
    MIN_EVENTS = "MIN_EVENTS"
    CLASH_SHARE = "CLASH_SHARE"
    MAX_WINDOWS = "MAX_WINDOWS"
    SOURCE = "SOURCE"
    OUTPUT = "OUTPUT"

    def name(self):
        return "scorezones"

    def displayName(self):
        return self.tr("Score zones: parallel vs contested operation")

    def group(self):
        return self.tr("Analysis")

    def groupId(self):
        return "analysis"

    def shortHelpString(self):
        return self.tr(
            "Scores each zone (your polygons, or hexagons built in an equal-area projection) "
            "and each time window: do the two groups of the incidents layer share ground, "
            "and where they do, do they fight?\n\n"
            "Per zone and window: events and fatalities per group (a clash counts for both), "
            "clashes between them, months in which each and both were active, the local "
            "co-location quotient in both directions (adaptive Gaussian kernel, 8 neighbours) "
            "with a conditional permutation test (pseudo p-values; PERMUTATIONS and SEED make "
            "it reproducible), the global co-location quotients of the window, the clash share, "
            "turnover of the dominant group, parallel_score and contested_score (0..1).\n\n"
            "Classes: inactive (no event); low_data (fewer than MIN_EVENTS events); contested "
            "(at least 2 clashes and a clash share of at least half CLASH_SHARE); parallel "
            "(both groups present, the smaller with at least 10% of the events); a_only / "
            "b_only. Ambiguous attributions are counted in events_ambiguous only.\n\n"
            "INCIDENTS must be in the plugin's incident schema (output of 'Import incidents'). "
            "Zones in any CRS are handled; invalid geometries are repaired. One output feature "
            "per zone per window with window_start/window_end, time-aware for the Temporal "
            "Controller. Formulas and thresholds: docs/methodology.md."
        )

    def initAlgorithm(self, config=None):
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.INCIDENTS,
                self.tr("Incidents (standard schema)"),
                [QgsProcessing.TypeVectorPoint],
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.ZONES,
                self.tr("Zones (optional; hexagons when empty)"),
                [QgsProcessing.TypeVectorPolygon],
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.CELL_SIZE_KM,
                self.tr("Hexagon size when no zones are given (km between centres)"),
                QgsProcessingParameterNumber.Double,
                defaultValue=25.0,
                minValue=0.5,
                maxValue=1000.0,
            )
        )
        for key, label in [(self.START, "Start date"), (self.END, "End date")]:
            self.addParameter(
                QgsProcessingParameterDateTime(
                    key, self.tr(label), QgsProcessingParameterDateTime.Date, optional=True
                )
            )
        self.addParameter(
            QgsProcessingParameterEnum(
                self.WINDOW, self.tr("Time windows"), options=WINDOW_LABELS, defaultValue=0
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.PERMUTATIONS,
                self.tr("Permutations for the significance test"),
                QgsProcessingParameterNumber.Integer,
                defaultValue=99,
                minValue=0,
                maxValue=9999,
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.SEED,
                self.tr("Random seed"),
                QgsProcessingParameterNumber.Integer,
                defaultValue=1,
            )
        )
        self.addParameter(
            QgsProcessingParameterString(
                self.SOURCE,
                self.tr("Source to score when the incidents mix sources (a source_ds value)"),
                optional=True,
            )
        )
        advanced = [
            QgsProcessingParameterNumber(
                self.MIN_EVENTS,
                self.tr("Fewest events to classify a zone (else low_data)"),
                QgsProcessingParameterNumber.Integer,
                defaultValue=5,
                minValue=1,
            ),
            QgsProcessingParameterNumber(
                self.CLASH_SHARE,
                self.tr("Clash share at which contested_score reaches 1"),
                QgsProcessingParameterNumber.Double,
                defaultValue=0.10,
                minValue=0.001,
                maxValue=1.0,
            ),
            QgsProcessingParameterNumber(
                self.MAX_WINDOWS,
                self.tr("Most time windows scored (more is usually a wrong date)"),
                QgsProcessingParameterNumber.Integer,
                defaultValue=windows.MAX_WINDOWS,
                minValue=1,
            ),
        ]
        for param in advanced:
            param.setFlags(param.flags() | param.FlagAdvanced)
            self.addParameter(param)
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT, self.tr("Scored zones"), QgsProcessing.TypeVectorPolygon
            )
        )
        for key, label in [
            ("ZONES_PARALLEL", "Zone-windows classed parallel"),
            ("ZONES_CONTESTED", "Zone-windows classed contested"),
            ("CLQ_AB", "Global co-location quotient A to B (last window)"),
            ("CLQ_BA", "Global co-location quotient B to A (last window)"),
        ]:
            self.addOutput(QgsProcessingOutputNumber(key, self.tr(label)))

    # --- run --------------------------------------------------------------------
    def windows_for(self, parameters, context, lo, hi) -> list:
        kind = d.WINDOWS[self.parameterAsEnum(parameters, self.WINDOW, context)]
        try:
            limit = self.parameterAsInt(parameters, self.MAX_WINDOWS, context)
            wins = windows.make_windows(lo, hi, kind, limit)
        except windows.TooManyWindows as err:
            raise QgsProcessingException(str(err)) from err
        if parameters.get(self.START) or parameters.get(self.END):
            # Windows say what was scored: clip the first and last to START..END.
            wins = [(max(ws, lo), min(we, hi)) for ws, we in wins]
        return wins

    def processAlgorithm(self, parameters, context, feedback):
        source = self.parameterAsSource(parameters, self.INCIDENTS, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.INCIDENTS))
        feedback.setProgressText(self.tr("Reading incidents"))
        # The layer lets read_incidents use GDAL's Arrow stream (a source hides its file).
        layer = self.parameterAsVectorLayer(parameters, self.INCIDENTS, context)
        table = postgis_target(source, None, layer)
        if table is not None:  # PostGIS: counted in the database (issue 16)
            return self._score(parameters, context, feedback, *pushdown.prepare(
                self, parameters, context, feedback, table))  # fmt: skip
        try:
            frame = read_incidents(source, layer=layer, fields=scoring.FIELDS)
        except IncidentLayerError as err:
            raise QgsProcessingException(str(err)) from err
        if feedback.isCanceled():
            raise canceled_error()
        lo, hi = self.date_range_params(parameters, self.START, self.END, context)
        keep = np.isfinite(frame[d.F_LON].to_numpy(float)) & frame[d.F_DATE].notna().to_numpy()
        if lo is not None:
            keep &= (frame[d.F_DATE_END] >= lo).to_numpy()
        if hi is not None:
            keep &= (frame[d.F_DATE] <= hi).to_numpy()
        chosen = self.parameterAsString(parameters, self.SOURCE, context) or None
        if d.F_SOURCE in frame and pushdown.pick_source(frame.loc[keep, d.F_SOURCE], chosen):
            keep &= (frame[d.F_SOURCE] == chosen).to_numpy()
        if not keep.all():  # (a copy of a million rows otherwise)
            frame = frame.loc[keep].reset_index(drop=True)
        sides = set(pd.unique(frame[d.F_SIDE]))
        if not sides & {d.SIDE_A, d.SIDE_B, d.SIDE_CLASH}:
            raise QgsProcessingException(
                "no event of either group in the incidents (within START..END): nothing to score"
            )
        names = group_names(frame)
        lo = lo if lo is not None else frame[d.F_DATE].min()
        hi = hi if hi is not None else frame[d.F_DATE_END].max()
        wins = self.windows_for(parameters, context, lo, hi)
        for key, name in ((d.SIDE_A, names[0]), (d.SIDE_B, names[1])):
            if not sides & {key, d.SIDE_CLASH}:
                feedback.reportError(
                    f"the incidents hold no event of {name}: every zone will be one-group or "
                    "inactive. Score the layer with all groups (the import's output), not a "
                    "per-group layer.",
                    False,
                )

        crs_ea = projection.equal_area_crs(frame[d.F_LON], frame[d.F_LAT])
        x, y = projection.to_metres(
            frame[d.F_LON].to_numpy(float), frame[d.F_LAT].to_numpy(float), crs_ea
        )
        zones_source = self.parameterAsSource(parameters, self.ZONES, context)
        size_m = self.parameterAsDouble(parameters, self.CELL_SIZE_KM, context) * 1000.0
        lon, lat = frame[d.F_LON].to_numpy(float), frame[d.F_LAT].to_numpy(float)
        zoning = zones_for_events(lon, lat, zones_source, size_m, feedback)
        return self._score(parameters, context, feedback, frame, x, y, zoning, wins, names, crs_ea)

    def _score(self, parameters, context, feedback, frame, x, y, zoning, wins, names, crs_ea,
               tallies=None):  # fmt: skip
        """Score the zones and write them (``tallies``: counts the database made)."""
        zone, geoms, zfields, zattrs, out_crs = (
            zoning.zone,
            zoning.geoms,
            zoning.fields,
            zoning.attrs,
            zoning.crs,
        )
        n_zones = len(geoms)

        params = scoring.ScoreParams(
            min_events=self.parameterAsInt(parameters, self.MIN_EVENTS, context),
            clash_share_full=self.parameterAsDouble(parameters, self.CLASH_SHARE, context),
            permutations=self.parameterAsInt(parameters, self.PERMUTATIONS, context),
            seed=self.parameterAsInt(parameters, self.SEED, context),
        )
        feedback.setProgressText(self.tr(f"Scoring {n_zones} zones in {len(wins)} windows"))
        try:
            result = scoring.score_zones(
                frame, x, y, zone, n_zones, wins, names, params,
                progress=lambda f: feedback.setProgress(5 + 85 * f),
                is_canceled=feedback.isCanceled, tallies=tallies,
            )  # fmt: skip
        except scoring.Canceled as err:
            raise canceled_error() from err
        source_ds = ", ".join(sorted(pd.unique(frame[d.F_SOURCE]))) if d.F_SOURCE in frame else ""
        if not source_ds:
            source_ds = "unknown"
        result["source_ds"] = source_ds
        empty = result.groupby("window_start")[["events_a", "events_b"]].sum().sum(axis=1)
        for ws in empty.index[empty == 0]:
            feedback.pushInfo(
                f"The window starting {pd.Timestamp(ws).date()} has no event: all zones inactive."
            )

        if feedback.isCanceled():
            raise canceled_error()  # last chance to stop before the output file is opened
        out_fields = QgsFields()
        score_names = set(scoring.SCORE_FIELD_NAMES)
        keep_idx = []
        for i, field in enumerate(zfields):
            if field.name() in score_names or field.name() == "zone_idx":
                feedback.reportError(
                    f"zone attribute {field.name()!r} has the name of a score field; it is left out",
                    False,
                )
                continue
            keep_idx.append(i)
            out_fields.append(field)
        for name, kind in scoring.SCORE_FIELDS:
            out_fields.append(QgsField(name, _QTYPES[kind]))
        # Written beside the destination, moved in once complete (nothing half-written).
        out = self.staged_sink(
            parameters, self.OUTPUT, context, out_fields, QgsWkbTypes.MultiPolygon, out_crs
        )
        dest_id = out.open()
        columns = {}
        for name, kind in scoring.SCORE_FIELDS:
            col = result[name]
            if kind == "date":
                columns[name] = [qdate(v) for v in col]
            elif kind == "float":
                columns[name] = [
                    None if not np.isfinite(v) else float(v) for v in col.to_numpy(float)
                ]
            elif kind == "int":
                columns[name] = [int(v) for v in col]
            else:
                columns[name] = [str(v) for v in col]
        zone_idx = result["zone_idx"].to_numpy()

        def features():
            for row in range(len(result)):
                z = zone_idx[row]
                feat = QgsFeature(out_fields)
                feat.setGeometry(geoms[z])
                feat.setAttributes(
                    [zattrs[z][i] for i in keep_idx]
                    + [columns[n][row] for n in scoring.SCORE_FIELD_NAMES]
                )
                yield feat

        try:
            add_features(out.sink, features(), feedback)
            dest_id = out.commit(len(result), feedback)
        except SinkWriteError as err:
            out.discard()
            raise QgsProcessingException(f"the scored zones were not written: {err}") from err
        except WriteCanceled as err:
            out.discard()
            raise canceled_error() from err
        except OSError as err:
            out.discard()
            raise QgsProcessingException(f"the scored zones were not written: {err}") from err
        except BaseException:
            out.discard()
            raise

        counts = result["zone_class"].value_counts()
        feedback.pushInfo(f"Groups: a = {names[0]}, b = {names[1]}; equal-area CRS: {crs_ea}")
        for cls in d.ZONE_CLASSES:
            feedback.pushInfo(
                f"  {d.zone_label(cls, *names)}: {int(counts.get(cls, 0))} zone-windows"
            )
        if context.willLoadLayerOnCompletion(dest_id):
            details = context.layerToLoadOnCompletionDetails(dest_id)
            details.setPostProcessor(ZoneStyler.create())
        last = result[result["window_start"] == result["window_start"].max()]
        clq_ab, clq_ba = last["clq_ab_global"].iloc[0], last["clq_ba_global"].iloc[0]
        return {
            self.OUTPUT: dest_id,
            "ZONES_PARALLEL": int(counts.get(d.Z_PARALLEL, 0)),
            "ZONES_CONTESTED": int(counts.get(d.Z_CONTESTED, 0)),
            "CLQ_AB": float(clq_ab) if np.isfinite(clq_ab) else None,
            "CLQ_BA": float(clq_ba) if np.isfinite(clq_ba) else None,
        }
