"""saheloverlap:scorezones: zones of parallel against contested operation, per window."""

from __future__ import annotations

import hashlib
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsField,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingLayerPostProcessorInterface,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDateTime,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QDate, QVariant

from .. import definitions as d
from ..core import adaptive, projection, provenance, scoring, windows
from ..core import coverage as cov
from ..definitions import N_
from ..i18n import tr
from ..io import gdal_files, shapefile
from ..io.metadata import provenance_footer, read_metadata, write_output_metadata
from ..io.readers import postgis_target, read_incidents
from ..io.schema import IncidentLayerError, group_names
from ..io.writers import SinkWriteError, WriteCanceled, add_features
from ..render.layers import apply_style, set_day_range_temporal
from ..render.zone_style import relabel_zone_classes
from . import pushdown
from .base import SahelAlgorithm, canceled_error, destination_of, input_file_sha256
from .events import Events
from .zoning import Zoning, adaptive_of, country_shares, output_fields, zones_for_events

_QTYPES = {
    "str": QVariant.String,
    "int": QVariant.Int,
    "float": QVariant.Double,
    "date": QVariant.Date,
}
WGS84 = QgsCoordinateReferenceSystem("EPSG:4326")
SCORED_SIDES = (d.SIDE_A, d.SIDE_B, d.SIDE_CLASH, d.SIDE_JOINT, d.SIDE_AMBIGUOUS)
GROUP_SIDES = {d.SIDE_A, d.SIDE_B, d.SIDE_CLASH, d.SIDE_JOINT}  # activity of a group
# Enum options in index order (0 adaptive, 1 plain): translated where shown.
ZONING_LABELS = [
    N_(
        "Adaptive: hexagons of CELL_SIZE_KM where the events allow, up to 8 times larger "
        "where they are few (the same zones in every window)"
    ),
    N_("Plain hexagons of CELL_SIZE_KM"),
]
# Where the coverage periods were read (kept English in the provenance, translated in
# the log).
COVERAGE_NOTES = {
    "parameters": N_("parameters"),
    "import metadata": N_("import metadata"),
}


def qdate(value) -> QDate:
    ts = pd.Timestamp(value)
    return QDate(ts.year, ts.month, ts.day)


def style_zone_layer(layer: QgsVectorLayer) -> None:
    """Class colours with the groups' names in the legend (unstable classes hatched);
    time-aware on the windows; the provenance line in the layer's metadata."""
    apply_style(layer, "zones.qml")
    names = layer.fields().names()
    feat = next(layer.getFeatures(), None)
    if feat is not None and "group_a" in names:
        # A new renderer, not labels edited in place: the Layers panel updates at once.
        relabel_zone_classes(layer, feat["group_a"], feat["group_b"])
    set_day_range_temporal(layer, "window_start", "window_end")
    footer = provenance_footer(layer, tr)
    if footer:
        meta = layer.metadata()
        meta.setAbstract(footer)
        layer.setMetadata(meta)
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
    ZONING = "ZONING"
    START = "START"
    END = "END"
    WINDOW = "WINDOW"
    PERMUTATIONS = "PERMUTATIONS"
    SEED = "SEED"
    MIN_EVENTS = "MIN_EVENTS"
    CLASH_SHARE = "CLASH_SHARE"
    MIN_CLASHES = "MIN_CLASHES"
    MIN_SHARE = "MIN_SHARE"
    GEO_PRECISION = "GEO_PRECISION"
    COVERAGE_START = "COVERAGE_START"
    COVERAGE_END = "COVERAGE_END"
    COVERAGE_COUNTRIES = "COVERAGE_COUNTRIES"
    MAX_WINDOWS = "MAX_WINDOWS"
    MIN_COVERAGE = "MIN_COVERAGE"
    THEATRE_CLQ = "THEATRE_CLQ"
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
            "Scores each zone (your polygons, or hexagons of a fixed equal-area grid) and each "
            "time window: does the source cover it, do the two groups of the incidents layer "
            "share ground, and where they do, do they fight?\n\n"
            "Without ZONES the zones are adaptive (ZONING): each place gets the finest cell of a "
            "fixed hierarchy, hexagons of CELL_SIZE_KM grouped about 4, 16 or 64 at a time (2, 4, 8 "
            "times the size), that its events can classify: a cell is split unless that "
            "would put more than 10 % of its events in low_data zone-windows. The zones are "
            "chosen once for the run, so each is the same in every window; zone_id names the "
            "same ground in every run, zone_hexagons lists its hexagons. ZONING 'plain' (or "
            "CELL_SIZE_KM given in a script without ZONING) gives plain hexagons of "
            "CELL_SIZE_KM.\n\n"
            "Classes, first rule that holds: no_data (the source does not cover the zone-window "
            "and it holds no event); inactive; unattributed (at least MIN_EVENTS events of the "
            "groups, all of them 'A and/or B'; fewer: low_data); contested (at least MIN_CLASHES clashes and a clash share of at "
            "least CLASH_SHARE/2, whatever the other events); skirmish (at least MIN_CLASHES "
            "clashes, a share under that line: clash evidence is never hidden); cooperative "
            "(at least 2 joint operations of the groups); low_data (fewer than MIN_EVENTS "
            "events); a_only / b_only (one group alone, or the other below MIN_SHARE, and no "
            "clash); undetermined (both present but too few events to rule out a clash share "
            "of CLASH_SHARE: the 95 % upper bound of its Clopper-Pearson interval is at or "
            "above it; or one clash with a minority group under MIN_SHARE; or own events of "
            "both in fewer than 2 common months); partitioned (the within-zone test finds both "
            "groups apart, p_wab and p_wba < 0.05, also with each group's place counted once "
            "and, with at least 5 precise events of each group, on precise events); parallel "
            "(both present with own events in at least 2 common months). Classes resting on "
            "an absence (inactive, unattributed, low_data, a_only, b_only, undetermined) need "
            "coverage of at least MIN_COVERAGE, else no_data; the others rest on events seen "
            "and stand at any coverage. class_reason says why in words, with the clashes and "
            "the coverage.\n\n"
            "Robust to stacked points: places_a/b (distinct coordinates of each group's own "
            "events), p_wab/wba_places (the within-zone test with each group's place counted "
            "once), p_wab/wba_precise (on geo_precision 1 events only; empty with fewer than 5 "
            "of each group); both run on the zone-windows partitioned on events (the only ones "
            "whose class they decide), empty elsewhere.\n\n"
            "Per zone and window also: counts and fatalities per group (a clash or a joint "
            "operation counts for both, once among the distinct events; events_joint, "
            "fatal_joint), "
            "clash share with its 90 % interval (clash_share_lo/hi), the within-zone co-location "
            "quotients (wclq_ab/ba: neighbours and expected mix taken inside the zone) with "
            "permutation p-values (p_wab/wba) and Benjamini-Hochberg q-values across the "
            "window's zones (q_wab/wba); with THEATRE_CLQ only, the theatre-relative quotients "
            "(lclq_ab/ba, colocation, clq_ab/ba_global and the CLQ_AB/BA outputs: the zone's "
            "mix against the whole dataset; about 45 % false positives under a within-zone "
            "shuffle, docs/methodology.md); coverage (share of the "
            "zone-window the source covers: from the import's metadata, or COVERAGE_START/END "
            "and COVERAGE_COUNTRIES); the class with the ambiguous events counted for A or for B "
            "(class_if_ambiguous_a/b, class_stable); the zone's previous class and transition.\n\n"
            "Clashes and joint operations are left out of the co-location tests, and joint "
            "operations stay joint in class_if_ambiguous_a/b. "
            "Events located only to a region (geo_precision 3) are left out of the co-location "
            "tests unless GEO_PRECISION is off. Events outside every zone are counted "
            "(EVENTS_OUTSIDE). The output's metadata records the plugin version, every "
            "parameter, the preset table's and the input's hashes, the coverage and the hexagon "
            "grid (PROVENANCE). INCIDENTS must be in the plugin's incident schema (output of "
            "'Import incidents'). Formulas and thresholds: docs/methodology.md."
        )

    def initAlgorithm(self, config=None):
        self.add_zone_window_parameters(cell_size_km=25.0)
        self.addParameter(
            QgsProcessingParameterEnum(
                self.ZONING,
                self.tr("Hexagons when no zones are given"),
                options=[self.tr(label) for label in ZONING_LABELS],
                defaultValue=0,
                optional=True,
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
        number = QgsProcessingParameterNumber
        self.addParameter(
            QgsProcessingParameterString(
                self.SOURCE,
                self.tr("Source to score when the incidents mix sources (a source_ds value)"),
                optional=True,
            )
        )
        advanced = [
            number(
                self.MIN_EVENTS,
                self.tr("Fewest events to classify a zone (else low_data)"),
                number.Integer,
                defaultValue=5,
                minValue=1,
            ),
            number(
                self.CLASH_SHARE,
                self.tr("Clash share at which contested_score reaches 1 (contested from half)"),
                number.Double,
                defaultValue=0.10,
                minValue=0.001,
                maxValue=1.0,
            ),
            number(
                self.MIN_CLASHES,
                self.tr("Fewest clashes for a contested zone"),
                number.Integer,
                defaultValue=2,
                minValue=1,
            ),
            number(
                self.MIN_SHARE,
                self.tr("Smallest share of the minority group for 'both present'"),
                number.Double,
                defaultValue=0.10,
                minValue=0.0,
                maxValue=0.5,
            ),
            QgsProcessingParameterBoolean(
                self.GEO_PRECISION,
                self.tr(
                    "Leave events located only to a region (geo_precision 3) out of the "
                    "co-location tests"
                ),
                defaultValue=True,
            ),
            QgsProcessingParameterDateTime(
                self.COVERAGE_START,
                self.tr("Source covers from (optional; default: the import's record)"),
                QgsProcessingParameterDateTime.Date,
                optional=True,
            ),
            QgsProcessingParameterDateTime(
                self.COVERAGE_END,
                self.tr("Source covers until (optional)"),
                QgsProcessingParameterDateTime.Date,
                optional=True,
            ),
            QgsProcessingParameterString(
                self.COVERAGE_COUNTRIES,
                self.tr("Countries the source covers, comma-separated (optional)"),
                optional=True,
            ),
            number(
                self.MAX_WINDOWS,
                self.tr("Most time windows scored (more is usually a wrong date)"),
                number.Integer,
                defaultValue=windows.MAX_WINDOWS,
                minValue=1,
            ),
            number(
                self.MIN_COVERAGE,
                self.tr(
                    "Least coverage (area share × day share) to claim an absence "
                    "(inactive, unattributed, low_data, one group only, undetermined)"
                ),
                number.Double,
                defaultValue=0.5,
                minValue=0.0,
                maxValue=1.0,
            ),
            QgsProcessingParameterBoolean(
                self.THEATRE_CLQ,
                self.tr(
                    "Also write the theatre-relative co-location (colocation, lclq_*, "
                    "clq_*_global; about 45 % false positives)"
                ),
                defaultValue=False,
            ),
        ]
        for param in advanced:
            param.setFlags(param.flags() | param.FlagAdvanced)
            self.addParameter(param)
        self.add_overwrite_table_parameter()
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT, self.tr("Scored zones"), QgsProcessing.TypeVectorPolygon
            )
        )
        for key, label in [
            ("ZONES_PARALLEL", N_("Zone-windows classed parallel")),
            ("ZONES_CONTESTED", N_("Zone-windows classed contested")),
            ("ZONES_COOPERATIVE", N_("Zone-windows classed cooperative (joint operations)")),
            ("CLQ_AB", N_("Global co-location quotient A to B (last window)")),
            ("CLQ_BA", N_("Global co-location quotient B to A (last window)")),
            ("EVENTS_OUTSIDE", N_("Events outside every zone")),
        ]:
            self.addOutput(QgsProcessingOutputNumber(key, self.tr(label)))
        self.addOutput(
            QgsProcessingOutputString("PROVENANCE", self.tr("Provenance (JSON, as in metadata)"))
        )

    # --- run --------------------------------------------------------------------
    def processAlgorithm(self, parameters, context, feedback):
        with ThreadPoolExecutor(max_workers=1) as background:
            events = self.read_events(parameters, context, feedback)
            input_hash = background.submit(input_sha256, events)
            zoning = self.make_zones(parameters, context, feedback, events)
            periods, coverage, cov_note = self.coverage(
                parameters, context, feedback, events, zoning
            )
            params = self.score_params(parameters, context)
            result = self.score(feedback, events, zoning, params, coverage)
            outside = self.count_outside(feedback, events, zoning)
            prov = self.provenance(
                parameters, context, events, zoning, periods, cov_note, outside,
                input_hash.result(),
            )  # fmt: skip
        if feedback.isCanceled():
            raise canceled_error()  # last chance to stop before the output file is opened
        dest_id = self.write(parameters, context, feedback, events, zoning, result, prov)
        return self.report(context, feedback, events, result, dest_id, outside, prov)

    # --- steps ------------------------------------------------------------------
    def read_events(self, parameters, context, feedback) -> Events:
        """The incidents of START..END with a place and a date, in metres; the windows."""
        source = self.parameterAsSource(parameters, self.INCIDENTS, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.INCIDENTS))
        feedback.setProgressText(self.tr("Reading incidents"))
        # The layer lets read_incidents use GDAL's Arrow stream (a source hides its file).
        layer = self.parameterAsVectorLayer(parameters, self.INCIDENTS, context)
        table = postgis_target(source, None, layer)
        if table is not None:  # PostGIS: counted in the database (issue 16)
            return pushdown.read_events(self, parameters, context, feedback, table)
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
        if not sides & GROUP_SIDES:
            raise QgsProcessingException(
                self.tr(
                    "no event of either group in the incidents (within START..END): "
                    "nothing to score"
                )
            )
        names = group_names(frame)
        for key, name in ((d.SIDE_A, names[0]), (d.SIDE_B, names[1])):
            if not sides & {key, d.SIDE_CLASH, d.SIDE_JOINT}:
                feedback.pushWarning(
                    self.tr(
                        "the incidents hold no event of {name}: every zone will be one-group "
                        "or inactive. Score the layer with all groups (the import's output), "
                        "not a per-group layer."
                    ).format(name=name)
                )
        lo = lo if lo is not None else frame[d.F_DATE].min()
        hi = hi if hi is not None else frame[d.F_DATE_END].max()
        wins = self.time_windows(parameters, context, lo, hi)
        path = None
        if layer is not None:
            file_path, _name, subset = (
                gdal_files.ogr_location(layer) if _is_ogr(layer) else ("", "", "")
            )
            path = file_path if file_path and Path(file_path).is_file() and not subset else None
        name = layer.name() if layer is not None else str(parameters.get(self.INCIDENTS))
        if path:
            name = Path(path).name
        meta = read_metadata(layer, d.META_IMPORT) if layer is not None else None
        return Events(frame, names, wins, meta, name, path)

    def make_zones(self, parameters, context, feedback, events: Events) -> Zoning:
        """The user's zones (any CRS, repaired) or the fixed hexagon grid."""
        if events.counted is not None:  # zoned in PostGIS when read
            return pushdown.make_zones(self, parameters, context, events)
        zones_source = self.parameterAsSource(parameters, self.ZONES, context)
        size_m = self.parameterAsDouble(parameters, self.CELL_SIZE_KM, context) * 1000.0
        frame = events.frame
        lon, lat = frame[d.F_LON].to_numpy(float), frame[d.F_LAT].to_numpy(float)
        zoning = zones_for_events(lon, lat, zones_source, size_m, feedback)
        if zones_source is None and self.wants_adaptive(parameters, context):
            counts = adaptive.counts_of_events(
                zoning.zone, frame[d.F_SIDE].to_numpy(dtype=object), frame[d.F_DATE],
                frame[d.F_DATE_END].fillna(frame[d.F_DATE]), events.windows, len(zoning.geoms),
            )  # fmt: skip
            periods = self.coverage_periods(parameters, context, events.import_meta,
                                            lambda: _span(events))[0]  # fmt: skip
            zoning = adaptive_of(zoning, counts, self.score_params(parameters, context), feedback,
                                 periods, events.windows)  # fmt: skip
        # Metres for the co-location tests: the grid's own equal-area CRS when hexagons
        # were built (one projection instead of two), else one fitted to the events.
        if zoning.grid is not None:
            events.x, events.y, events.crs_ea = zoning.x, zoning.y, zoning.grid.crs
        else:
            events.crs_ea = projection.equal_area_crs(lon, lat)
            events.x, events.y = projection.to_metres(lon, lat, events.crs_ea)
        layer = self.parameterAsVectorLayer(parameters, self.ZONES, context)
        if layer is not None and layer.dataProvider() is not None:
            names = layer.fields().names()
            zoning.pk_names = [names[i] for i in layer.dataProvider().pkAttributeIndexes()]
        return zoning

    def wants_adaptive(self, parameters, context) -> bool:
        """Adaptive hexagons (the default), unless ZONING says plain, or a caller that
        names no ZONING gives CELL_SIZE_KM (scripts written for plain hexagons keep them)."""
        if parameters.get(self.ZONING) is None:
            return parameters.get(self.CELL_SIZE_KM) is None
        return self.parameterAsEnum(parameters, self.ZONING, context) == 0

    def coverage(self, parameters, context, feedback, events: Events, zoning: Zoning):
        """Per country, what the source covers; per zone-window the share covered."""
        periods, note = self.coverage_periods(parameters, context, events.import_meta,
                                              lambda: _span(events))  # fmt: skip
        if not periods:
            feedback.pushInfo(
                self.tr(
                    "Coverage unknown: the incidents carry no import record (import them with "
                    "'Import incidents' into a GeoPackage, or give COVERAGE_START/END). No "
                    "zone is classed no_data; coverage is left empty."
                )
            )
            return {}, None, "unknown"
        for country, (a, b) in sorted(periods.items()):
            where = self.tr("everywhere") if country == cov.ALL_COUNTRIES else country
            feedback.pushInfo(
                self.tr("Source covers {where} from {start} to {end} ({note}).").format(
                    where=where, start=a, end=b, note=self.tr(COVERAGE_NOTES.get(note, note))
                )
            )
        countries = [c for c in periods if c != cov.ALL_COUNTRIES]
        shares = np.zeros((len(zoning.geoms), 0))
        if countries:
            shares, missing = country_shares(zoning, countries, feedback)
            for country in missing:
                feedback.pushWarning(
                    self.tr(
                        "coverage: no Natural Earth country matches {country}; zones there "
                        "count as not covered"
                    ).format(country=repr(country))
                )
        return periods, cov.zone_coverage(periods, shares, countries, events.windows), note

    def coverage_periods(self, parameters, context, import_meta, span) -> tuple[dict, str]:
        """Per country, the period the source covers ({}: unknown) and where that was
        read; ``span()``: the events' first and last day (ISO)."""
        first, last = self.date_range_params(
            parameters, self.COVERAGE_START, self.COVERAGE_END, context
        )
        listed = self.parameterAsString(parameters, self.COVERAGE_COUNTRIES, context) or ""
        listed = [c.strip() for c in listed.split(",") if c.strip()]
        imported = ((import_meta or {}).get("coverage") or {}).get("countries") or {}
        if first is not None or last is not None or listed:
            if listed and first is None and last is None and imported:
                periods = {c: tuple(imported[c]) for c in listed if c in imported}
                periods.update({c: span() for c in listed if c not in imported})
            else:
                lo = first if first is not None else span()[0]
                hi = last if last is not None else span()[1]
                periods = cov.user_coverage(lo, hi, listed)
            return periods, "parameters"
        if imported:
            return {c: tuple(v) for c, v in imported.items()}, "import metadata"
        return {}, "unknown"

    def score_params(self, parameters, context) -> scoring.ScoreParams:
        return scoring.ScoreParams(
            min_events=self.parameterAsInt(parameters, self.MIN_EVENTS, context),
            clash_share_full=self.parameterAsDouble(parameters, self.CLASH_SHARE, context),
            min_clashes=self.parameterAsInt(parameters, self.MIN_CLASHES, context),
            min_share=self.parameterAsDouble(parameters, self.MIN_SHARE, context),
            permutations=self.parameterAsInt(parameters, self.PERMUTATIONS, context),
            seed=self.parameterAsInt(parameters, self.SEED, context),
            exclude_geo_prec3=self.parameterAsBoolean(parameters, self.GEO_PRECISION, context),
            min_coverage=self.parameterAsDouble(parameters, self.MIN_COVERAGE, context),
            theatre_clq=self.parameterAsBoolean(parameters, self.THEATRE_CLQ, context),
        )

    def score(self, feedback, events: Events, zoning: Zoning, params, coverage):
        """The scoring core (``core.scoring``) on every window."""
        frame, n_zones = events.frame, len(zoning.geoms)
        if params.exclude_geo_prec3 and d.F_GEO_PREC in frame:
            own = frame[d.F_SIDE].isin([d.SIDE_A, d.SIDE_B]).to_numpy()
            coarse = int((own & (frame[d.F_GEO_PREC].to_numpy(float) == 3)).sum())
            feedback.pushInfo(
                self.tr(
                    "{n} events located only to a region (geo_precision 3) are left out of "
                    "the co-location tests (they are counted everywhere else)."
                ).format(n=coarse)
            )
        elif params.exclude_geo_prec3:
            feedback.pushInfo(
                self.tr("The incidents have no geo_prec field: no event is left out.")
            )
        n_win = len(events.windows)
        feedback.setProgressText(
            self.tr("Scoring {zones} zones in {windows} windows").format(
                zones=n_zones, windows=n_win
            )
        )
        try:
            result = scoring.score_zones(
                frame, events.x, events.y, zoning.zone, n_zones, events.windows, events.names,
                params, progress=lambda f: feedback.setProgress(5 + 85 * f),
                is_canceled=feedback.isCanceled, coverage=coverage,
                tallies=events.counted.tallies if events.counted else None,
                tiebreak=events.counted.tiebreak if events.counted else None,
            )  # fmt: skip
        except scoring.Canceled as err:
            raise canceled_error() from err
        sources = pd.unique(frame[d.F_SOURCE]) if d.F_SOURCE in frame else []
        result["source_ds"] = ", ".join(sorted(str(s) for s in sources)) or "unknown"
        empty = result.groupby("window_start")[["events_a", "events_b"]].sum().sum(axis=1)
        for ws in empty.index[empty == 0]:
            feedback.pushInfo(
                self.tr("The window starting {day} has no event.").format(
                    day=pd.Timestamp(ws).date()
                )
            )
        return result

    def count_outside(self, feedback, events: Events, zoning: Zoning) -> int:
        """Events of the groups (ambiguous included) in no zone: said, never dropped unseen."""
        side = events.frame[d.F_SIDE].to_numpy(dtype=object)
        out = (zoning.zone < 0) & np.isin(side, SCORED_SIDES)
        n = int(out.sum())
        if events.counted is not None:  # counted in PostGIS, every side
            outside = {k: v for k, v in events.counted.outside.items() if k in SCORED_SIDES}
            n = sum(outside.values())
        if n:
            by_side = outside if events.counted is not None else None
            by_side = by_side or pd.Series(side[out]).value_counts().to_dict()
            detail = ", ".join(f"{k} {v}" for k, v in sorted(by_side.items()))
            feedback.pushWarning(
                self.tr("{n} events lie outside every zone and are not scored ({detail}).").format(
                    n=n, detail=detail
                )
            )
        return n

    def provenance(
        self, parameters, context, events: Events, zoning: Zoning, periods, cov_note, outside,
        input_hash,
    ) -> dict:  # fmt: skip
        """How the output was made: the document written into its metadata."""
        imported = events.import_meta or {}
        table = imported.get("preset_table") or {
            "name": d.PRESETS_FILE.name,
            "sha256": provenance.file_sha256(d.PRESETS_FILE),
            "note": "no import record: the plugin's table is assumed",
        }
        zones_layer = self.parameterAsVectorLayer(parameters, self.ZONES, context)
        values = self.parameter_values(parameters, (self.INCIDENTS, self.ZONES))
        values["WINDOW"] = d.WINDOWS[self.parameterAsEnum(parameters, self.WINDOW, context)]
        # The zoning used, not the parameter's default: CELL_SIZE_KM alone means plain.
        values[self.ZONING] = None if zoning.grid is None else (0 if zoning.adaptive else 1)
        values.update(k=8, alpha=0.05, confidence=0.90, min_joint=scoring.ScoreParams.min_joint)
        return {
            "plugin": d.PLUGIN_NAME,
            "version": provenance.plugin_version(),
            "algorithm": f"{d.PROVIDER_ID}:{self.name()}",
            "created": provenance.now_utc(),
            "parameters": values,
            "input": {
                "name": events.input_name,
                "sha256": input_hash[0],
                "hash_of": input_hash[1],
                "events": events.counted.n_events if events.counted else len(events.frame),
                "import": imported.get("input"),
            },
            "groups": {"a": events.names[0], "b": events.names[1]},
            "preset": imported.get("preset"),
            "preset_table": table,
            # How same-side events were read: the uncertainty patterns' and the analyst's
            # override table's hashes, the counts (None: no import record).
            "cooperation": imported.get("cooperation"),
            "coverage": {"source": cov_note, "countries": {k: list(v) for k, v in periods.items()}},
            "zones": zones_layer.name()
            if zones_layer is not None
            else (
                "adaptive cells of the fixed hexagon grid"
                if zoning.adaptive
                else "fixed hexagon grid"
            ),
            "grid": zoning.grid_metadata(),
            "equal_area_crs": events.crs_ea,
            "events_outside": outside,
        }

    def write(self, parameters, context, feedback, events, zoning: Zoning, result, prov) -> str:
        """One feature per zone and window; the provenance into the file's metadata."""
        # A shapefile cuts names to 10 characters: the documented short names instead.
        dest = destination_of(parameters, self.OUTPUT, context)
        to_shp = dest.kind == "file" and shapefile.is_shapefile(dest.path)
        reserved = set(scoring.SCORE_FIELD_NAMES) | {"zone_idx"}
        if to_shp:
            reserved |= set(shapefile.SHORT_NAMES.values())
        out_fields, keep_idx = output_fields(zoning, reserved, feedback, zoning.pk_names)
        # The theatre-relative outputs only when asked for (THEATRE_CLQ).
        theatre = self.parameterAsBoolean(parameters, self.THEATRE_CLQ, context)
        written = [(n, k) for n, k in scoring.SCORE_FIELDS
                   if theatre or n not in scoring.THEATRE_FIELDS]  # fmt: skip
        names = [n for n, _ in written]
        for name, kind in written:
            out_fields.append(
                QgsField(shapefile.short_name(name) if to_shp else name, _QTYPES[kind])
            )
        if to_shp:
            feedback.pushInfo(
                self.tr(
                    "Shapefile: score fields longer than 10 characters get short names "
                    "({names}); the map export reads them. A .dbf cuts text at 254 characters "
                    "(long class_reason texts): a GeoPackage keeps the full names and texts."
                ).format(names=", ".join(f"{s} = {n}" for n, s in shapefile.SHORT_NAMES.items()))
            )
        # Written beside the destination, moved in once complete (nothing half-written).
        out = self.staged_sink(
            parameters, self.OUTPUT, context, out_fields, QgsWkbTypes.MultiPolygon, zoning.crs
        )
        dest_id = out.open()
        columns = _columns(result)
        zone_idx = result["zone_idx"].to_numpy()
        geoms, zattrs = zoning.geoms, zoning.attrs

        def features():
            for row in range(len(result)):
                z = zone_idx[row]
                feat = QgsFeature(out_fields)
                feat.setGeometry(geoms[z])
                feat.setAttributes(
                    [zattrs[z][i] for i in keep_idx] + [columns[n][row] for n in names]
                )
                yield feat

        try:
            add_features(out.sink, out.safe(features()), feedback)
            dest_id = out.commit(len(result), feedback)
        except SinkWriteError as err:
            out.discard()
            raise QgsProcessingException(
                self.tr("the scored zones were not written: {error}").format(error=err)
            ) from err
        except WriteCanceled as err:
            out.discard()
            raise canceled_error() from err
        except OSError as err:
            out.discard()
            raise QgsProcessingException(
                self.tr("the scored zones were not written: {error}").format(error=err)
            ) from err
        except BaseException:
            out.discard()
            raise
        # The output is complete and in place: its provenance goes into its metadata.
        if to_shp:
            write_output_metadata(dest_id, context, shapefile.META_FIELDS, shapefile.SHORT_NAMES)
        if not write_output_metadata(dest_id, context, d.META_PROVENANCE, prov):
            feedback.pushInfo(
                self.tr(
                    "The output format keeps no metadata: the provenance is in the PROVENANCE "
                    "output only (a GeoPackage keeps it)."
                )
            )
        return dest_id

    def report(self, context, feedback, events, result, dest_id, outside, prov) -> dict:
        counts = result["zone_class"].value_counts()
        names = events.names
        feedback.pushInfo(
            self.tr("Groups: a = {a}, b = {b}; equal-area CRS: {crs}").format(
                a=names[0], b=names[1], crs=events.crs_ea
            )
        )
        for cls in d.ZONE_CLASSES:
            feedback.pushInfo(
                self.tr("  {label}: {n} zone-windows").format(
                    label=d.zone_label(cls, *names, translate=self.tr),
                    n=int(counts.get(cls, 0)),
                )
            )
        unstable = int((result["class_stable"] == 0).sum())
        if unstable:
            feedback.pushInfo(
                self.tr(
                    "  {n} zone-windows change class when the ambiguous events are given "
                    "to one group (class_stable = 0)"
                ).format(n=unstable)
            )
        feedback.pushInfo(provenance.footer_line(prov, self.tr))
        if context.willLoadLayerOnCompletion(dest_id):
            details = context.layerToLoadOnCompletionDetails(dest_id)
            details.setPostProcessor(ZoneStyler.create())
        last = result[result["window_start"] == result["window_start"].max()]
        # (NaN without THEATRE_CLQ: the outputs stay declared for models, and are empty)
        clq_ab, clq_ba = last["clq_ab_global"].iloc[0], last["clq_ba_global"].iloc[0]
        return {
            self.OUTPUT: dest_id,
            "ZONES_PARALLEL": int(counts.get(d.Z_PARALLEL, 0)),
            "ZONES_CONTESTED": int(counts.get(d.Z_CONTESTED, 0)),
            "ZONES_COOPERATIVE": int(counts.get(d.Z_COOPERATIVE, 0)),
            "CLQ_AB": float(clq_ab) if np.isfinite(clq_ab) else None,
            "CLQ_BA": float(clq_ba) if np.isfinite(clq_ba) else None,
            "EVENTS_OUTSIDE": outside,
            "PROVENANCE": json.dumps(prov, ensure_ascii=False, sort_keys=True, default=str),
        }


# --- helpers ---------------------------------------------------------------------------


def _is_ogr(layer) -> bool:
    return hasattr(layer, "providerType") and layer.providerType() == "ogr"


def _span(events: Events) -> tuple[str, str]:
    if events.counted is not None:  # (the frame holds the two groups' own events only)
        return events.counted.span
    frame = events.frame
    return (
        pd.Timestamp(frame[d.F_DATE].min()).date().isoformat(),
        pd.Timestamp(frame[d.F_DATE_END].max()).date().isoformat(),
    )


def input_sha256(events: Events) -> tuple[str | None, str]:
    """SHA-256 of the input file (cached with what was read from it) and "file"; else of
    the events read (date, end, coordinates, fatalities, side) and "events read"."""
    digest = input_file_sha256(events.input_path)
    if digest is not None:
        return digest, "file"
    h = hashlib.sha256()
    frame = events.frame
    for col in (d.F_DATE, d.F_DATE_END, d.F_LON, d.F_LAT, d.F_FATALITIES):
        if col in frame:
            h.update(np.ascontiguousarray(frame[col].to_numpy()).tobytes())
    codes, sides = pd.factorize(frame[d.F_SIDE].to_numpy(dtype=object), sort=True)
    h.update(codes.astype(np.int8).tobytes() + "|".join(map(str, sides)).encode("utf-8"))
    return h.hexdigest(), "events read"


def _columns(result: pd.DataFrame) -> dict:
    """The score columns as QGIS values (dates, None for NaN)."""
    columns = {}
    for name, kind in scoring.SCORE_FIELDS:
        col = result[name]
        if kind == "date":
            columns[name] = [qdate(v) for v in col]
        elif kind == "float":
            columns[name] = [None if not np.isfinite(v) else float(v) for v in col.to_numpy(float)]
        elif kind == "int":
            columns[name] = [int(v) for v in col]
        else:
            columns[name] = [None if v is None else str(v) for v in col]
    return columns
