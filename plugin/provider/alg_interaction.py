"""saheloverlap:interaction: does one group's violence follow the other's, nearby, within days?"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path

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
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QDate, QVariant

from .. import definitions as d
from .. import i18n
from ..core import interaction as knox
from ..core import projection, provenance, windows
from ..definitions import N_
from ..io import gdal_files
from ..io.metadata import write_output_metadata
from ..io.readers import read_incidents
from ..io.replace import move_into_place
from ..io.schema import IncidentLayerError, group_names
from ..io.writers import SinkWriteError, WriteCanceled, add_features
from ..render.interaction_style import style_interaction_layer
from ..render.knox_chart import write_knox_charts
from .base import SahelAlgorithm, StagedSink, canceled_error, input_file_sha256
from .zoning import Zoning, output_fields, zones_for_events

_QTYPES = {
    "str": QVariant.String,
    "int": QVariant.Int,
    "float": QVariant.Double,
    "date": QVariant.Date,
}
FIELDS = (d.F_DATE, d.F_SIDE, d.F_GROUP, d.F_SOURCE, d.F_TIME_PREC)
#: ACLED time_precision / GED date_prec: 1 = the day is known. 0 = not given by the source.
EXACT_DAY = 1


def qdate(value) -> QDate:
    ts = pd.Timestamp(value)
    return QDate(ts.year, ts.month, ts.day)


class InteractionStyler(QgsProcessingLayerPostProcessorInterface):
    """Runs on the main thread when the toolbox loads the output."""

    instance = None

    def postProcessLayer(self, layer, context, feedback):
        if isinstance(layer, QgsVectorLayer):
            style_interaction_layer(layer)

    @classmethod
    def create(cls):
        # Keep a reference: QGIS does not own Python post-processors.
        cls.instance = cls()
        return cls.instance


def _column(values, kind):
    if kind == "date":
        return [qdate(v) for v in values]
    if kind == "float":
        return [None if not np.isfinite(v) else float(v) for v in np.asarray(values, float)]
    if kind == "int":
        return [int(v) for v in values]
    return [str(v) for v in values]


class InteractionAlgorithm(SahelAlgorithm):
    INCIDENTS = "INCIDENTS"
    ZONES = "ZONES"
    CELL_SIZE_KM = "CELL_SIZE_KM"
    START = "START"
    END = "END"
    WINDOW = "WINDOW"
    DISTANCE_KM = "DISTANCE_KM"
    DAYS = "DAYS"
    PERMUTATIONS = "PERMUTATIONS"
    MAX_PERMUTATIONS = "MAX_PERMUTATIONS"
    SEED = "SEED"
    MIN_EVENTS = "MIN_EVENTS"
    KEEP_IMPRECISE_DATES = "KEEP_IMPRECISE_DATES"
    GLOBAL_PERMUTATIONS = "GLOBAL_PERMUTATIONS"
    MAX_WINDOWS = "MAX_WINDOWS"
    OUTPUT = "OUTPUT"
    KNOX_TABLE = "KNOX_TABLE"
    KNOX_CHART = "KNOX_CHART"
    KNOX_CHART_SVG = "KNOX_CHART_SVG"

    def name(self):
        return "interaction"

    def displayName(self):
        return self.tr("Space-time interaction between the two groups")

    def group(self):
        return self.tr("Analysis")

    def groupId(self):
        return "analysis"

    def shortHelpString(self):
        return self.tr(
            "Does one group's violence follow the other's, nearby, within days? A two-group "
            "Knox test per zone and time window.\n\n"
            "Per zone (your polygons, or hexagons of the fixed equal-area grid) and window: the "
            "number of (A, B) pairs of events within DISTANCE_KM and DAYS of each other "
            "(knox_pairs), its expectation when the dates are permuted within each group among "
            "that group's own events of the zone-window (knox_expected: each group keeps its "
            "places and its calendar), their ratio, a two-sided Monte Carlo p-value (knox_p; "
            "PERMUTATIONS and SEED make it reproducible) with its Monte Carlo standard error "
            "(knox_p_se) and the permutations it got (knox_perms), a z-score from the exact "
            "permutation variance (knox_z) and Benjamini-Hochberg q-values across the zones of "
            "the window (knox_q). Zones whose decision the first PERMUTATIONS leave unsettled "
            "(a p at or near the floor for the number of zones tested) get more, doubling, up "
            "to MAX_PERMUTATIONS; clearly null zones stop at the first pass. Direction: among the close pairs on different "
            "days, the share in which B's event comes after A's (b_after_a), its expectation "
            "and its own test (b_after_a_p).\n\n"
            "Classes (interaction): attraction / avoidance (knox_q < 0.05, more / fewer close "
            "pairs than chance), none (not significant, though significance was within reach), "
            "low_data (fewer than MIN_EVENTS events of a group, no pair within DISTANCE_KM, "
            "every pair within it, under 3 close pairs expected and nothing significant: "
            "even no close pair at all would not have shown avoidance, or a zone that could "
            "not be significant alone among the zones tested even with MAX_PERMUTATIONS or at "
            "its most extreme count; knox_note says which).\n\n"
            "Pooled answer per window: the close pairs summed over the tested zones, dates "
            "permuted within each zone and group; ratio, p and z in the log, the output's "
            "metadata and the Knox chart's panel titles.\n\n"
            "Zones must be several times wider than DISTANCE_KM: the test compares pairs close "
            "in space with the zone's other pairs, so in a zone no wider than the distance the "
            "two calendars alone fix the count. Hence 100 km hexagons by default, not the 25 km "
            "of scorezones: give both the same ZONES to compare them zone by zone.\n\n"
            "Left out: clashes between the groups, their joint operations (both contact, "
            "not sequence: one event of both groups is no pair of events) and ambiguous "
            "attributions (uncertainty), and events whose day is not known (ACLED "
            "time_precision 2-3, GED date_prec 2+) unless KEEP_IMPRECISE_DATES.\n\n"
            "Second output: the global Knox table of each window (distance bands 5/10/25/50 km "
            "x time bands 3/7/14/30 days: pairs, expected, ratio, p; dates permuted within each "
            "group over the whole window, GLOBAL_PERMUTATIONS), as a table and a heat-map "
            "chart (PNG and SVG; cells with p < 0.05 outlined). The output's metadata and the "
            "PROVENANCE output record how it was made. Fields and limits: docs/methodology.md."
        )

    def initAlgorithm(self, config=None):
        self.add_zone_window_parameters(cell_size_km=100.0)
        self.addParameter(
            QgsProcessingParameterNumber(
                self.DISTANCE_KM,
                self.tr("Close in space: at most this many km apart"),
                QgsProcessingParameterNumber.Double,
                defaultValue=25.0,
                minValue=0.01,
                maxValue=1000.0,
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.DAYS,
                self.tr("Close in time: at most this many days apart"),
                QgsProcessingParameterNumber.Integer,
                defaultValue=14,
                minValue=0,
                maxValue=3650,
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.PERMUTATIONS,
                self.tr("Permutations for the per-zone test"),
                QgsProcessingParameterNumber.Integer,
                defaultValue=199,
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
        advanced = [
            QgsProcessingParameterNumber(
                self.MIN_EVENTS,
                self.tr("Fewest events of each group to test a zone (else low_data)"),
                QgsProcessingParameterNumber.Integer,
                defaultValue=5,
                minValue=2,
            ),
            QgsProcessingParameterNumber(
                self.MAX_PERMUTATIONS,
                self.tr("Most permutations a zone gets when its decision is not settled"),
                QgsProcessingParameterNumber.Integer,
                defaultValue=knox.KnoxParams.max_permutations,
                minValue=0,
                maxValue=9_999_999,
            ),
            QgsProcessingParameterBoolean(
                self.KEEP_IMPRECISE_DATES,
                self.tr("Keep events whose day is not known (ACLED time_precision 2-3)"),
                defaultValue=False,
            ),
            QgsProcessingParameterNumber(
                self.GLOBAL_PERMUTATIONS,
                self.tr("Permutations for the global table"),
                QgsProcessingParameterNumber.Integer,
                defaultValue=99,
                minValue=0,
                maxValue=9999,
            ),
            QgsProcessingParameterNumber(
                self.MAX_WINDOWS,
                self.tr("Most time windows tested (more is usually a wrong date)"),
                QgsProcessingParameterNumber.Integer,
                defaultValue=windows.MAX_WINDOWS,
                minValue=1,
            ),
        ]
        for param in advanced:
            param.setFlags(param.flags() | param.FlagAdvanced)
            self.addParameter(param)
        self.add_overwrite_table_parameter()
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT,
                self.tr("Space-time interaction by zone"),
                QgsProcessing.TypeVectorPolygon,
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.KNOX_TABLE,
                self.tr("Global Knox table"),
                QgsProcessing.TypeVector,
                optional=True,
                createByDefault=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.KNOX_CHART,
                self.tr("Global Knox chart (PNG)"),
                "PNG files (*.png)",
                optional=True,
                createByDefault=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.KNOX_CHART_SVG,
                self.tr("Global Knox chart (SVG)"),
                "SVG files (*.svg)",
                optional=True,
                createByDefault=True,
            )
        )
        for key, label in [
            ("ZONES_TESTED", N_("Zone-windows tested")),
            ("ZONES_ATTRACTION", N_("Zone-windows classed attraction")),
            ("ZONES_AVOIDANCE", N_("Zone-windows classed avoidance")),
        ]:
            self.addOutput(QgsProcessingOutputNumber(key, self.tr(label)))
        self.addOutput(
            QgsProcessingOutputString("PROVENANCE", self.tr("Provenance (JSON, as in metadata)"))
        )

    # --- steps ------------------------------------------------------------------
    def _read(self, parameters, context):
        source = self.parameterAsSource(parameters, self.INCIDENTS, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.INCIDENTS))
        try:
            # The layer lets read_incidents use GDAL's Arrow stream (a source hides its file).
            layer = self.parameterAsVectorLayer(parameters, self.INCIDENTS, context)
            return read_incidents(source, layer=layer, fields=FIELDS)
        except IncidentLayerError as err:
            raise QgsProcessingException(str(err)) from err

    def _select(self, frame, lo, hi, keep_imprecise, names, feedback) -> pd.DataFrame:
        """Events of A and B with a known day in START..END; the log says what was left out."""
        side = frame[d.F_SIDE].to_numpy(dtype=object)
        ok = np.isfinite(frame[d.F_LON].to_numpy(float)) & frame[d.F_DATE].notna().to_numpy()
        if lo is not None:
            ok &= (frame[d.F_DATE] >= lo).to_numpy()
        if hi is not None:
            ok &= (frame[d.F_DATE] <= hi).to_numpy()
        groups = ok & ((side == d.SIDE_A) | (side == d.SIDE_B))
        if d.F_TIME_PREC in frame.columns:
            prec = pd.to_numeric(frame[d.F_TIME_PREC], errors="coerce").fillna(0).to_numpy()
        else:
            prec = np.zeros(len(frame))
        imprecise = groups & (prec > EXACT_DAY)
        unknown = groups & (prec <= 0)
        left_out = (d.SIDE_CLASH, d.SIDE_JOINT, d.SIDE_AMBIGUOUS, d.SIDE_OTHER)
        counts = {s: int((ok & (side == s)).sum()) for s in left_out}
        feedback.pushInfo(
            self.tr(
                "Left out of {a} and {b}: {clashes} clashes between them, {joint} joint "
                "operations, {ambiguous} ambiguous attributions and {other} events of other "
                "actors (contact and uncertainty, not sequence)."
            ).format(
                a=names[0],
                b=names[1],
                clashes=counts[d.SIDE_CLASH],
                joint=counts[d.SIDE_JOINT],
                ambiguous=counts[d.SIDE_AMBIGUOUS],
                other=counts[d.SIDE_OTHER],
            )
        )
        if keep_imprecise:
            feedback.pushInfo(
                self.tr(
                    "Kept {n} events whose day is not known (time precision 2+): their dates "
                    "are the first day of a week or month, which blurs DAYS."
                ).format(n=int(imprecise.sum()))
            )
        else:
            feedback.pushInfo(
                self.tr(
                    "Left out {n} events whose day is not known (ACLED time_precision 2-3, GED "
                    "date_prec 2+); KEEP_IMPRECISE_DATES keeps them."
                ).format(n=int(imprecise.sum()))
            )
            groups &= ~imprecise
        if unknown.any():
            feedback.pushInfo(
                self.tr(
                    "{n} events carry no date precision (0: not given by the source); they are "
                    "kept as if their day were known."
                ).format(n=int(unknown.sum()))
            )
        return frame.loc[groups].reset_index(drop=True)

    def _log_scale(self, zoning, distance_km, params, result, feedback):
        if zoning.cell_size_m is not None and zoning.cell_size_m < 2.0 * distance_km * 1000.0:
            feedback.reportError(
                self.tr(
                    "Hexagons of {km:g} km are less than twice DISTANCE_KM ({distance:g} km): "
                    "most pairs of a hexagon are close in space, so the per-zone test has "
                    "little to compare. Use hexagons of 3-4 x DISTANCE_KM or a smaller "
                    "DISTANCE_KM."
                ).format(km=zoning.cell_size_m / 1000, distance=distance_km),
                False,
            )
        # knox_note is the output field's text (data, English); the log translates it.
        notes = result.loc[result["knox_note"] != "", "knox_note"].value_counts()
        for note, n in notes.items():
            feedback.pushInfo(
                self.tr("  low_data: {n} zone-windows: {note}").format(
                    n=n, note=knox.note_text(note, self.tr)
                )
            )
        few = result["knox_note"].str.startswith("fewer than")
        if few.any():
            feedback.pushInfo(
                self.tr(
                    "A zone-window is tested when it holds at least {m} events of each group "
                    "(MIN_EVENTS): {n} zone-windows hold fewer."
                ).format(m=params.min_events, n=int(few.sum()))
            )
        blind = result["knox_note"] == knox.NOTE_FEW_EXPECTED.format(e=params.min_expected)
        if blind.any():
            factor = knox.events_factor_needed(
                result.loc[blind, "knox_expected"], params.min_expected
            )
            factor = factor[np.isfinite(factor)]
            feedback.pushInfo(
                self.tr(
                    "{n} zone-windows expect fewer than {e:g} close pairs: even no close pair "
                    "at all would not be significant, so avoidance could not show there "
                    "(low_data, not none). To expect {e:g} they need about {median:.1f} times "
                    "the events of each group (median; up to {most:.1f}), or longer windows, "
                    "or a larger DISTANCE_KM or DAYS."
                ).format(
                    n=int(blind.sum()),
                    e=params.min_expected,
                    median=np.median(factor),
                    most=factor.max(),
                )
            )

    def _log_power(self, result, params, feedback):
        cap = max(params.permutations, params.max_permutations)
        tested = result[np.isfinite(result["knox_p"].to_numpy(float))]
        if cap <= 0 or tested.empty:
            return
        perms = tested["knox_perms"].to_numpy()
        more = perms > params.permutations
        if more.any():
            feedback.pushInfo(
                self.tr(
                    "Sequential permutations: {more} of {tested} tested zone-windows were not "
                    "settled by the first {first} and got more (up to {most}); {capped} "
                    "reached MAX_PERMUTATIONS. A zone still undecided then is classed on its p "
                    "if significant, else low_data (knox_p_se gives the p's Monte Carlo error)."
                ).format(
                    more=int(more.sum()),
                    tested=len(tested),
                    first=params.permutations,
                    most=i18n.integer(perms.max()),
                    capped=int((perms >= cap).sum()),
                )
            )
        worst = int(tested.groupby("window_start").size().max())
        alpha = params.alpha
        smallest = 2.0 / (cap + 1)
        # A zone alone among N passes Benjamini-Hochberg when N p < alpha (strictly).
        if smallest * worst >= alpha:
            need = int(np.floor(2.0 * worst / alpha))  # the least M with 2 / (M + 1) < alpha / N
            feedback.pushInfo(
                self.tr(
                    "With up to {cap} permutations the smallest p-value is {smallest:.3g}; "
                    "Benjamini-Hochberg across up to {worst} tested zones of a window needs "
                    "p < {threshold:.2g} for a zone significant alone, so only a pattern shared "
                    "by many zones can pass, and zones that are not are low_data. "
                    "MAX_PERMUTATIONS = {need} or more lifts that limit."
                ).format(
                    cap=cap, smallest=smallest, worst=worst, threshold=alpha / worst, need=need
                )
            )

    def _log_pooled(self, pooled: pd.DataFrame, feedback) -> None:
        for row in pooled.itertuples():
            when = (
                f"{pd.Timestamp(row.window_start).date()} – {pd.Timestamp(row.window_end).date()}"
            )
            if not np.isfinite(row.knox_p):
                feedback.pushInfo(self.tr("Pooled, {when}: no zone tested.").format(when=when))
                continue
            feedback.pushInfo(
                self.tr(
                    "Pooled over {zones} zones (those with pairs to permute, MIN_EVENTS or "
                    "not), {when}: {pairs} close pairs against {expected:.1f} expected (ratio "
                    "{ratio:.2f}), p = {p:.3g} ({perms} permutations, dates within each zone "
                    "and group), z = {z:.2f}."
                ).format(
                    zones=row.zones,
                    when=when,
                    pairs=row.knox_pairs,
                    expected=row.knox_expected,
                    ratio=row.knox_ratio,
                    p=row.knox_p,
                    perms=row.permutations,
                    z=row.knox_z,
                )
            )
            if row.unsettled:
                feedback.pushInfo(
                    self.tr(
                        "  {n} zones of this window were still undecided when the sequential "
                        "permutations reached their work budget or MAX_PERMUTATIONS: "
                        "significant on their p, or else low_data (knox_perms and knox_p_se "
                        "say how sure the p is)."
                    ).format(n=row.unsettled)
                )

    def _zone_pks(self, parameters, context) -> list:
        """The user's zones' primary-key fields (renamed zone_fid & co. in the output)."""
        layer = self.parameterAsVectorLayer(parameters, self.ZONES, context)
        if layer is None or layer.dataProvider() is None:
            return []
        names = layer.fields().names()
        return [names[i] for i in layer.dataProvider().pkAttributeIndexes()]

    def _stage_zones(self, parameters, context, result, zoning: Zoning, feedback) -> StagedSink:
        """The zone-windows written beside the destination (moved in by ``commit``)."""
        out_fields, keep_idx = output_fields(
            zoning, set(knox.FIELD_NAMES) | {"zone_idx"}, feedback, zoning.pk_names
        )
        for name, kind in knox.FIELDS:
            out_fields.append(QgsField(name, _QTYPES[kind]))
        out = self.staged_sink(
            parameters, self.OUTPUT, context, out_fields, QgsWkbTypes.MultiPolygon, zoning.crs
        )
        out.open()
        columns = {name: _column(result[name], kind) for name, kind in knox.FIELDS}
        zone_idx = result["zone_idx"].to_numpy()

        def features():
            for row in range(len(result)):
                z = zone_idx[row]
                feat = QgsFeature(out_fields)
                feat.setGeometry(zoning.geoms[z])
                feat.setAttributes(
                    [zoning.attrs[z][i] for i in keep_idx]
                    + [columns[n][row] for n in knox.FIELD_NAMES]
                )
                yield feat

        self._fill(out, features(), self.tr("the interaction zones"), feedback)
        return out

    def _stage_table(self, parameters, context, table, feedback) -> StagedSink | None:
        """The global table written beside its destination; None when not asked for."""
        if not parameters.get(self.KNOX_TABLE):
            return None
        fields = QgsFields()
        spec = [("group_a", "str"), ("group_b", "str"), *knox.TABLE_FIELDS]
        for name, kind in spec:
            fields.append(QgsField(name, _QTYPES[kind]))
        out = self.staged_sink(
            parameters, self.KNOX_TABLE, context, fields, QgsWkbTypes.NoGeometry,
            QgsCoordinateReferenceSystem(),
        )  # fmt: skip
        out.open()
        columns = [_column(table[name], kind) for name, kind in spec]

        def features():
            for row in range(len(table)):
                feat = QgsFeature(fields)
                feat.setAttributes([col[row] for col in columns])
                yield feat

        self._fill(out, features(), self.tr("the global Knox table"), feedback)
        return out

    def _fill(self, out: StagedSink, features, what: str, feedback) -> None:
        try:
            add_features(out.sink, out.safe(features), feedback)
        except SinkWriteError as err:
            out.discard()
            raise QgsProcessingException(
                self.tr("{what} was not written: {error}").format(what=what, error=err)
            ) from err
        except WriteCanceled as err:
            out.discard()
            raise canceled_error() from err
        except BaseException:
            out.discard()
            raise

    def _stage_charts(self, parameters, context, table, names, note, pooled=None) -> dict:
        """The charts drawn into hidden files beside their destinations: {key: (staged, final)}."""
        wanted = {}
        for key in (self.KNOX_CHART, self.KNOX_CHART_SVG):
            path = self.parameterAsFileOutput(parameters, key, context)
            if path:
                wanted[key] = Path(path)
        staged = {}
        try:
            for key, final in wanted.items():
                final.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(
                    prefix=".sahel-overlap-", suffix=final.suffix, dir=final.parent
                )
                os.close(fd)
                staged[key] = (Path(tmp), final)
            if staged:
                paths = [tmp for tmp, _final in staged.values()]
                write_knox_charts(table, paths, names[0], names[1], note, pooled)
        except (OSError, ValueError) as err:
            _remove([tmp for tmp, _final in staged.values()])
            raise QgsProcessingException(
                self.tr("the Knox chart was not written: {error}").format(error=err)
            ) from err
        return staged

    def provenance(self, parameters, context, events, names, zoning, crs_ea, params) -> dict:
        """How the output was made: the document written into its metadata."""
        values = self.parameter_values(parameters, (self.INCIDENTS, self.ZONES))
        values["WINDOW"] = d.WINDOWS[self.parameterAsEnum(parameters, self.WINDOW, context)]
        values.update(alpha=params.alpha, min_expected=params.min_expected)
        layer = self.parameterAsVectorLayer(parameters, self.INCIDENTS, context)
        path, name = _input_file(layer)
        digest = input_file_sha256(path)
        zones_layer = self.parameterAsVectorLayer(parameters, self.ZONES, context)
        return {
            "plugin": d.PLUGIN_NAME,
            "version": provenance.plugin_version(),
            "algorithm": f"{d.PROVIDER_ID}:{self.name()}",
            "created": provenance.now_utc(),
            "parameters": values,
            "input": {
                "name": name or str(parameters.get(self.INCIDENTS)),
                "sha256": digest,
                "hash_of": "file" if digest else None,
                "events": len(events),
            },
            "groups": {"a": names[0], "b": names[1]},
            "zones": zones_layer.name() if zones_layer is not None else "fixed hexagon grid",
            "grid": zoning.grid_metadata(),
            "equal_area_crs": crs_ea,
        }

    # --- run --------------------------------------------------------------------
    def processAlgorithm(self, parameters, context, feedback):
        feedback.setProgressText(self.tr("Reading incidents"))
        frame = self._read(parameters, context)
        if feedback.isCanceled():
            raise canceled_error()
        lo, hi = self.date_range_params(parameters, self.START, self.END, context)
        names = group_names(frame)
        keep_imprecise = self.parameterAsBoolean(parameters, self.KEEP_IMPRECISE_DATES, context)
        events = self._select(frame, lo, hi, keep_imprecise, names, feedback)
        is_b = (events[d.F_SIDE] == d.SIDE_B).to_numpy()
        if not (~is_b).any() or not is_b.any():
            missing = names[0] if not (~is_b).any() else names[1]
            raise QgsProcessingException(
                self.tr(
                    "no event of {group} left to test (within START..END, dated to the day): "
                    "the test needs both groups. Use the layer with all groups (the import's "
                    "output)."
                ).format(group=missing)
            )
        lo = lo if lo is not None else events[d.F_DATE].min()
        hi = hi if hi is not None else events[d.F_DATE].max()
        wins = self.time_windows(parameters, context, lo, hi)
        lon, lat = events[d.F_LON].to_numpy(float), events[d.F_LAT].to_numpy(float)
        crs_ea = projection.equal_area_crs(lon, lat)
        x, y = projection.to_metres(lon, lat, crs_ea)
        size_m = self.parameterAsDouble(parameters, self.CELL_SIZE_KM, context) * 1000.0
        zones_source = self.parameterAsSource(parameters, self.ZONES, context)
        zoning = zones_for_events(lon, lat, zones_source, size_m, feedback)
        zoning.pk_names = self._zone_pks(parameters, context)
        distance_km = self.parameterAsDouble(parameters, self.DISTANCE_KM, context)
        params = knox.KnoxParams(
            distance_m=distance_km * 1000.0,
            days=self.parameterAsInt(parameters, self.DAYS, context),
            permutations=self.parameterAsInt(parameters, self.PERMUTATIONS, context),
            max_permutations=self.parameterAsInt(parameters, self.MAX_PERMUTATIONS, context),
            seed=self.parameterAsInt(parameters, self.SEED, context),
            min_events=self.parameterAsInt(parameters, self.MIN_EVENTS, context),
            global_permutations=self.parameterAsInt(parameters, self.GLOBAL_PERMUTATIONS, context),
        )
        n_zones = len(zoning.geoms)
        feedback.setProgressText(
            self.tr("Knox test: {zones} zones, {windows} windows, {perms} permutations").format(
                zones=n_zones, windows=len(wins), perms=params.permutations
            )
        )
        dates = events[d.F_DATE].to_numpy(dtype="datetime64[D]")
        try:
            result = knox.knox_zones(
                x, y, dates, is_b, zoning.zone, n_zones, wins, params,
                progress=lambda f: feedback.setProgress(5 + 70 * f),
                is_canceled=feedback.isCanceled, names=names,
            )  # fmt: skip
            pooled = result.attrs["pooled"]
            feedback.setProgressText(self.tr("Global Knox table"))
            in_zone = zoning.zone >= 0
            table = knox.knox_table(
                x[in_zone], y[in_zone], dates[in_zone], is_b[in_zone], wins, params,
                progress=lambda f: feedback.setProgress(75 + 20 * f),
                is_canceled=feedback.isCanceled,
            )  # fmt: skip
        except knox.Canceled as err:
            raise canceled_error() from err
        source_ds = ", ".join(sorted(pd.unique(events[d.F_SOURCE]))) if d.F_SOURCE in events else ""
        result["group_a"], result["group_b"] = names
        result["source_ds"] = source_ds or "unknown"
        table.insert(0, "group_a", names[0])
        table.insert(1, "group_b", names[1])
        self._log_scale(zoning, distance_km, params, result, feedback)
        self._log_power(result, params, feedback)
        self._log_pooled(pooled, feedback)
        prov = self.provenance(parameters, context, events, names, zoning, crs_ea, params)
        prov["pooled"] = pooled_records(pooled)
        if feedback.isCanceled():
            raise canceled_error()  # last chance to stop before the outputs are opened
        note = self._chart_note(table, source_ds, params, feedback)
        out = self._write(parameters, context, result, zoning, table, names, note, feedback, pooled)
        if not write_output_metadata(out[self.OUTPUT], context, d.META_PROVENANCE, prov):
            feedback.pushInfo(
                self.tr(
                    "The output format keeps no metadata: the provenance is in the PROVENANCE "
                    "output only (a GeoPackage keeps it)."
                )
            )
        return self._report(
            context, feedback, result, names, crs_ea, distance_km, params, out, prov
        )

    def _chart_note(self, table, source_ds, params, feedback) -> str:
        shares = table.groupby("window_start")["events_share"].first()
        # The note is printed under the Knox chart: in the user's language.
        note = self.tr("Data: {source}.").format(source=source_ds or self.tr("unknown source"))
        if d.SOURCE_SYNTHETIC in source_ds:
            # (the same source text as definitions.SYNTHETIC_LABEL, so one translation)
            synthetic = self.tr("SYNTHETIC sample data (generated, not real events)")
            note = f"{synthetic}.\n" + note  # its own line: never wrapped apart
        if (shares < 1).any():
            note += self.tr(
                " Where the window's pairs within 50 km exceed {budget}, a seeded random "
                "share of each group's events is used."
            ).format(budget=i18n.integer(params.global_pair_budget))
            feedback.pushInfo(
                self.tr(
                    "Global table: {n} windows use a random share of the events (smallest "
                    "{share:.0%}) to keep the pairs within 50 km under {budget}."
                ).format(
                    n=int((shares < 1).sum()),
                    share=shares.min(),
                    budget=i18n.integer(params.global_pair_budget),
                )
            )
        return note

    def _write(
        self, parameters, context, result, zoning, table, names, note, feedback, pooled=None
    ) -> dict:
        """Every output staged first, then moved into place: a failure or a cancel on the
        way leaves none of them (and the files that were there before untouched)."""
        staged, charts = [], {}
        try:
            zones_out = self._stage_zones(parameters, context, result, zoning, feedback)
            staged.append((self.OUTPUT, zones_out, len(result)))
            table_out = self._stage_table(parameters, context, table, feedback)
            if table_out is not None:
                staged.append((self.KNOX_TABLE, table_out, len(table)))
            charts = self._stage_charts(parameters, context, table, names, note, pooled)
            if feedback.isCanceled():
                raise canceled_error()
            out = {}
            for key, sink, expected in staged:
                out[key] = sink.commit(expected, feedback)
            for key, (tmp, final) in charts.items():
                move_into_place(tmp, final)
                out[key] = str(final)
                feedback.pushInfo(self.tr("Knox chart written: {path}").format(path=final))
        except OSError as err:
            self._discard(staged, charts)
            raise QgsProcessingException(
                self.tr("the interaction outputs were not written: {error}").format(error=err)
            ) from err
        except BaseException:
            self._discard(staged, charts)
            raise
        return out

    @staticmethod
    def _discard(staged, charts) -> None:
        for _key, sink, _n in staged:
            sink.discard()
        _remove([tmp for tmp, _final in charts.values()])

    def _report(self, context, feedback, result, names, crs_ea, distance_km, params, out, prov):
        counts = result["interaction"].value_counts()
        feedback.pushInfo(
            self.tr(
                "Groups: a = {a}, b = {b}; equal-area CRS: {crs}; close = within {km:g} km "
                "and {days} days."
            ).format(a=names[0], b=names[1], crs=crs_ea, km=distance_km, days=params.days)
        )
        for cls in d.INTERACTION_CLASSES:
            # The class value as in the output's interaction field (not translated).
            feedback.pushInfo(
                self.tr("  {cls}: {n} zone-windows").format(cls=cls, n=int(counts.get(cls, 0)))
            )
        feedback.pushInfo(provenance.footer_line(prov, self.tr))
        dest_id = out[self.OUTPUT]
        if context.willLoadLayerOnCompletion(dest_id):
            context.layerToLoadOnCompletionDetails(dest_id).setPostProcessor(
                InteractionStyler.create()
            )
        out["ZONES_TESTED"] = int(np.isfinite(result["knox_p"].to_numpy(float)).sum())
        out["ZONES_ATTRACTION"] = int(counts.get(d.I_ATTRACTION, 0))
        out["ZONES_AVOIDANCE"] = int(counts.get(d.I_AVOIDANCE, 0))
        out["PROVENANCE"] = json.dumps(prov, ensure_ascii=False, sort_keys=True, default=str)
        return out


def pooled_records(pooled: pd.DataFrame) -> list:
    """The pooled answer per window as plain values for the provenance document."""
    records = []
    for row in pooled.to_dict("records"):
        rec = {}
        for key, value in row.items():
            if isinstance(value, pd.Timestamp):
                value = value.date().isoformat()
            elif isinstance(value, (np.integer, int)):
                value = int(value)
            elif isinstance(value, (np.floating, float)):
                value = float(value) if np.isfinite(value) else None
            rec[key] = value
        records.append(rec)
    return records


def _remove(paths) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            Path(path).unlink(missing_ok=True)


def _input_file(layer) -> tuple[str | None, str]:
    """The incidents' file (None when not a whole local file) and a name for it."""
    if layer is None:
        return None, ""
    if layer.providerType() == "ogr":
        try:
            path, _layer, subset = gdal_files.ogr_location(layer)
        except Exception:  # what GDAL alone cannot read: no file to hash
            return None, layer.name()
        if path and Path(path).is_file() and not subset:
            return path, Path(path).name
    return None, layer.name()
