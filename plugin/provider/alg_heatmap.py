"""saheloverlap:overlapheatmap: kernel densities of both groups and their overlap, one window."""

from __future__ import annotations

from typing import ClassVar

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingLayerPostProcessorInterface,
    QgsProcessingOutputNumber,
    QgsProcessingParameterDateTime,
    QgsProcessingParameterEnum,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsRasterFileWriter,
)

from ..definitions import N_
from ..io import gdal_files
from ..io.readers import fast_target, read_incidents
from ..io.schema import IncidentLayerError
from ..render import heatmap_layer as hm
from .base import FeatureSourceParameter, SahelAlgorithm, canceled_error


class _Canceled(Exception):
    """The user canceled while the incidents were read."""


WEIGHT_LABELS = [N_("Events (each counts 1)"), N_("Fatalities")]
METHOD_LABELS = [
    N_("min(pA, pB): overlap coefficient (share of activity in common)"),
    N_("sqrt(pA·pB): Bhattacharyya coefficient (smoother)"),
]


class _Styler(QgsProcessingLayerPostProcessorInterface):
    """Pseudo-colour style for the output when it is loaded into the project."""

    instances: ClassVar[list] = []  # QGIS does not own Python post-processors: keep them alive

    def __init__(self, vmax: float):
        super().__init__()
        self.vmax = vmax

    def postProcessLayer(self, layer, context, feedback):
        hm.style_heatmap(layer, self.vmax)

    @classmethod
    def create(cls, vmax):
        inst = cls(vmax)
        cls.instances = [*cls.instances[-9:], inst]
        return inst


class OverlapHeatmapAlgorithm(SahelAlgorithm):
    INCIDENTS = "INCIDENTS"
    START = "START"
    END = "END"
    BANDWIDTH_KM = "BANDWIDTH_KM"
    CELL_SIZE_KM = "CELL_SIZE_KM"
    WEIGHT = "WEIGHT"
    METHOD = "METHOD"
    OUTPUT = "OUTPUT"

    def name(self):
        return "overlapheatmap"

    def displayName(self):
        return self.tr("Overlap heatmap (kernel density of both groups)")

    def group(self):
        return self.tr("Overlap")

    def groupId(self):
        return "overlap"

    def shortHelpString(self):
        return self.tr(
            "Kernel density surfaces of the two groups' activity in a time window and the "
            "surface where they overlap, computed in an equal-area (Albers) projection fitted "
            "to the incidents.\n\n"
            "Input: incidents in the plugin's standard schema (run 'Import incidents' first). "
            "A group's activity is its own events plus the clashes between the two groups and "
            "their joint operations; "
            "ambiguous attributions are left out. Events lasting several days count in every "
            "window they overlap. Start and end are optional (inclusive dates).\n\n"
            "Gaussian kernel, bandwidth = its standard deviation in km (cut at 4 bandwidths). "
            "Weight: each event counts 1, or its number of fatalities.\n\n"
            "Output: a GeoTIFF with 3 bands in the equal-area projection: 1 the overlap "
            "surface (shared probability per km²; it sums, times the cell area, to the overlap "
            "index), 2 and 3 the densities of group A and B (events or fatalities per km²). "
            "The grid covers all events of the layer (padded by 4 bandwidths) whatever the "
            "window, so rasters of different windows line up cell for cell.\n\n"
            "Method: min(pA, pB) gives the overlap coefficient (0 = never in the same places, "
            "1 = identical spatial pattern); sqrt(pA·pB) the Bhattacharyya coefficient. "
            "OVERLAP_INDEX returns that figure for use in models."
        )

    def initAlgorithm(self, config=None):
        self.addParameter(
            FeatureSourceParameter(
                self.INCIDENTS,
                self.tr("Incidents (standard schema)"),
                [QgsProcessing.TypeVectorPoint],
            )
        )
        for key, label in [
            (self.START, N_("Window start (optional, inclusive)")),
            (self.END, N_("Window end (optional, inclusive)")),
        ]:
            self.addParameter(
                QgsProcessingParameterDateTime(
                    key,
                    self.tr(label),
                    type=QgsProcessingParameterDateTime.Date,
                    optional=True,
                )
            )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.BANDWIDTH_KM,
                self.tr("Bandwidth (km, Gaussian standard deviation)"),
                QgsProcessingParameterNumber.Double,
                defaultValue=50.0,
                minValue=0.001,
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.CELL_SIZE_KM,
                self.tr("Cell size (km)"),
                QgsProcessingParameterNumber.Double,
                defaultValue=5.0,
                minValue=0.001,
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                self.WEIGHT,
                self.tr("Weight"),
                options=[self.tr(label) for label in WEIGHT_LABELS],
                defaultValue=0,
            )
        )
        method = QgsProcessingParameterEnum(
            self.METHOD,
            self.tr("Overlap measure"),
            options=[self.tr(label) for label in METHOD_LABELS],
            defaultValue=0,
        )
        method.setFlags(method.flags() | method.FlagAdvanced)
        self.addParameter(method)
        self.addParameter(
            QgsProcessingParameterRasterDestination(self.OUTPUT, self.tr("Overlap heatmap"))
        )
        for key, label in [
            ("OVERLAP_INDEX", N_("Overlap index (0 = apart, 1 = identical)")),
            ("EVENTS_A", N_("Events of group A in the window (clashes included)")),
            ("EVENTS_B", N_("Events of group B in the window (clashes included)")),
            ("SCALE_MAX", N_("Suggested colour-scale maximum")),
        ]:
            self.addOutput(QgsProcessingOutputNumber(key, self.tr(label)))

    def processAlgorithm(self, parameters, context, feedback):
        source = self.parameterAsSource(parameters, self.INCIDENTS, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.INCIDENTS))
        first, last = self.date_range_params(parameters, self.START, self.END, context)
        try:
            settings = hm.HeatmapSettings(
                bandwidth_km=self.parameterAsDouble(parameters, self.BANDWIDTH_KM, context),
                cell_km=self.parameterAsDouble(parameters, self.CELL_SIZE_KM, context),
                weight=hm.WEIGHTS[self.parameterAsEnum(parameters, self.WEIGHT, context)],
                method=hm.METHODS[self.parameterAsEnum(parameters, self.METHOD, context)],
            )
        except hm.HeatmapError as err:
            raise QgsProcessingException(str(err)) from err

        feedback.setProgressText(self.tr("Reading incidents"))
        layer = self.parameterAsVectorLayer(parameters, self.INCIDENTS, context)

        def prepare():
            frame = read_incidents(source, feedback, layer=layer, fields=hm.FIELDS, cache=False)
            if feedback.isCanceled():
                raise _Canceled  # a partial read must never be cached
            return hm.PreparedIncidents(frame)

        try:
            # Projected once per file state: batch runs over windows reuse it.
            key = gdal_files.file_identity(fast_target(source, layer=layer) or "")
            prepared = gdal_files.cached((key, "heatmap"), prepare) if key else prepare()
        except _Canceled as err:
            raise canceled_error() from err
        except IncidentLayerError as err:
            raise QgsProcessingException(str(err)) from err
        n_a, n_b = prepared.counts(first, last)
        span = self.tr("between {first} and {last}").format(
            first=self.tr("the first event") if first is None else first.date(),
            last=self.tr("the last event") if last is None else last.date(),
        )
        if n_a + n_b == 0:
            if len(prepared):
                text = self.tr(
                    "no events of {a} or {b} {span}; the layer has events from {first} to {last}"
                )
            else:
                text = self.tr("no events of {a} or {b} {span}")
            first_day, last_day = prepared.date_span() if len(prepared) else (None, None)
            raise QgsProcessingException(
                text.format(
                    a=prepared.name_a,
                    b=prepared.name_b,
                    span=span,
                    first=first_day,
                    last=last_day,
                )
            )
        for n, name in [(n_a, prepared.name_a), (n_b, prepared.name_b)]:
            if n == 0:
                feedback.reportError(
                    self.tr("no events of {name} {span}: the overlap is 0").format(
                        name=name, span=span
                    ),
                    False,
                )
        if settings.weight == "fatalities":
            m = prepared.mask(first, last)
            for group, name in [(prepared.is_a, prepared.name_a), (prepared.is_b, prepared.name_b)]:
                if prepared.fatalities[m & group].sum() == 0:
                    feedback.reportError(
                        self.tr("no fatalities of {name} {span}: its surface is 0").format(
                            name=name, span=span
                        ),
                        False,
                    )
        feedback.setProgress(40)
        feedback.setProgressText(self.tr("Kernel densities"))
        try:
            result = prepared.compute(first, last, settings, feedback.isCanceled)
        except hm.HeatmapCanceled as err:
            raise canceled_error() from err
        except hm.HeatmapError as err:
            raise QgsProcessingException(str(err)) from err
        if feedback.isCanceled():
            raise canceled_error()
        feedback.setProgress(80)
        out = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        ext = out.rsplit(".", 1)[-1] if "." in out else "tif"
        driver = QgsRasterFileWriter.driverForExtension(ext) or "GTiff"
        feedback.setProgressText(self.tr("Writing the raster"))
        try:
            hm.write_raster(out, result, driver, feedback.isCanceled)
        except hm.HeatmapCanceled as err:
            raise canceled_error() from err
        except hm.HeatmapError as err:
            raise QgsProcessingException(str(err)) from err
        vmax = hm.kde.fixed_scale([result.overlap], 0.99)
        feedback.pushInfo(
            self.tr(
                "{a}: {n_a} events, {b}: {n_b} events {span}; overlap index ({method}) = "
                "{index}; grid {nx} x {ny} cells of {cell} km in {crs}"
            ).format(
                a=prepared.name_a,
                n_a=n_a,
                b=prepared.name_b,
                n_b=n_b,
                span=span,
                method=settings.method,
                index=f"{result.index:.3f}",
                nx=result.grid.nx,
                ny=result.grid.ny,
                cell=f"{settings.cell_km:g}",
                crs=result.crs,
            )
        )
        if context.willLoadLayerOnCompletion(out):
            context.layerToLoadOnCompletionDetails(out).setPostProcessor(_Styler.create(vmax))
        feedback.setProgress(100)
        return {
            self.OUTPUT: out,
            "OVERLAP_INDEX": result.index,
            "EVENTS_A": n_a,
            "EVENTS_B": n_b,
            "SCALE_MAX": vmax,
        }
