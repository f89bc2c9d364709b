"""saheloverlap:exportmap: the scored zones and incidents as a report-ready map."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ..definitions import N_
from ..io import shapefile
from ..io.schema import IncidentLayerError
from ..render import layout as lay
from .base import SahelAlgorithm, VectorLayerParameter, canceled_error

FORMAT_LABELS = [
    N_("PDF (one page per window)"),
    N_("PNG (one image per window)"),
    N_("SVG (one file per window; needs poppler's pdftocairo)"),
]


class ExportMapAlgorithm(SahelAlgorithm):
    ZONES = "ZONES"
    INCIDENTS = "INCIDENTS"
    TITLE = "TITLE"
    FORMAT = "FORMAT"
    PER_WINDOW = "PER_WINDOW"
    DPI = "DPI"
    INTERACTION = "INTERACTION"
    OUTPUT = "OUTPUT"
    FILES = "FILES"
    PAGES = "PAGES"

    def name(self):
        return "exportmap"

    def displayName(self):
        return self.tr("Export overlap map (PDF, PNG, SVG)")

    def group(self):
        return self.tr("Maps")

    def groupId(self):
        return "maps"

    def flags(self):
        # Layout export paints with QPainter and fonts: main thread only.
        return super().flags() | QgsProcessingAlgorithm.FlagNoThreading

    def shortHelpString(self):
        return self.tr(
            "Draws the scored zones (output of 'Score zones') and the incidents on the "
            "plugin's landscape A4 layout: zone classes with the groups' names in the "
            "legend (a pattern keeps each class apart on a greyscale print), zone names "
            "when the zones have a name field, group A's incidents red, group B's blue, "
            "clashes between them as dark stars, countries and admin regions from QGIS's "
            "Natural Earth map, scale bar, north arrow, locator inset, a chart of all "
            "groups' events per month, the data source with its attribution, the method, "
            "how the zones were scored (when their metadata says) and the export date. "
            "Every text is at least 7 pt at print size.\n\n"
            "One page per time window: each page's map shows only the zones and the "
            "incidents of its window. Unchecked, a single page shows the most recent "
            "window; score with the 'whole period' window for one map of everything. "
            "Whichever of the plugin's per-group layers you pick as INCIDENTS, the map "
            "and its chart show all groups.\n\n"
            "PDF: one file, one page per window, vector maps and chart, selectable text, "
            "title, subject and data source in its properties. PNG and SVG: one file per "
            "window, named <output>_<window><extension>, the window being 2019 (a year), "
            "2019-Q1 (a quarter), 2019-03 (a month) or 20170302-20221231 (any other "
            "range); OUTPUT is then the first file and FILES lists them all, separated "
            "by ';'. SVG pages are converted from the PDF with poppler's pdftocairo "
            "(Debian/Ubuntu: poppler-utils), because QGIS 3.22's own SVG export leaves "
            "the maps unclipped; without it the algorithm says so and writes nothing.\n\n"
            "The inputs are only read (never opened for writing). Names from the data "
            "(groups, zones, sources) are printed as they are, never evaluated as QGIS "
            "expressions.\n\n"
            "INTERACTION (optional): the output of 'Space-time interaction between the two "
            "groups', run with the same windows; zone-windows it classed attraction (solid) "
            "or avoidance (dashed) are outlined over the zone classes, with a legend entry.\n\n"
            "To edit the map before exporting, use the plugin menu's 'Export overlap "
            "map…', which opens the same layout in the layout designer."
        )

    def initAlgorithm(self, config=None):
        self.addParameter(
            VectorLayerParameter(
                self.ZONES, self.tr("Scored zones"), [QgsProcessing.TypeVectorPolygon]
            )
        )
        self.addParameter(
            VectorLayerParameter(
                self.INCIDENTS,
                self.tr("Incidents (standard schema)"),
                [QgsProcessing.TypeVectorPoint],
            )
        )
        self.addParameter(
            QgsProcessingParameterString(
                self.TITLE,
                self.tr("Title (default: '<A> and <B> in the Sahel: …')"),
                optional=True,
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
        self.addParameter(
            QgsProcessingParameterBoolean(
                self.PER_WINDOW, self.tr("One page per time window"), defaultValue=True
            )
        )
        dpi = QgsProcessingParameterNumber(
            self.DPI,
            self.tr("Resolution (dpi)"),
            QgsProcessingParameterNumber.Integer,
            defaultValue=200,
            minValue=30,
            maxValue=600,
        )
        dpi.setFlags(dpi.flags() | dpi.FlagAdvanced)
        self.addParameter(dpi)
        self.addParameter(
            VectorLayerParameter(
                self.INTERACTION,
                self.tr("Space-time interaction (optional; output of 'Space-time interaction')"),
                [QgsProcessing.TypeVectorPolygon],
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.OUTPUT,
                self.tr("Map file"),
                fileFilter="PDF (*.pdf);;PNG image (*.png);;SVG drawing (*.svg)",
            )
        )
        self.addOutput(QgsProcessingOutputString(self.FILES, self.tr("All files written (';')")))
        self.addOutput(QgsProcessingOutputNumber(self.PAGES, self.tr("Pages (time windows)")))

    def processAlgorithm(self, parameters, context, feedback):
        zones = self.parameterAsVectorLayer(parameters, self.ZONES, context)
        incidents = self.parameterAsVectorLayer(parameters, self.INCIDENTS, context)
        if zones is None or not zones.isValid():
            raise QgsProcessingException(self.tr("cannot open the scored zones layer"))
        if shapefile.has_short_names(zones):  # scored zones saved as a shapefile
            feedback.pushInfo(
                self.tr("The zones' shapefile field names are read as the full ones.")
            )
            zones = shapefile.with_long_names(zones)
        if incidents is None or not incidents.isValid():
            raise QgsProcessingException(self.tr("cannot open the incidents layer"))
        fmt = lay.FORMATS[self.parameterAsEnum(parameters, self.FORMAT, context)]
        title = self.parameterAsString(parameters, self.TITLE, context).strip()
        per_window = self.parameterAsBoolean(parameters, self.PER_WINDOW, context)
        dpi = self.parameterAsInt(parameters, self.DPI, context)
        interaction = self.parameterAsVectorLayer(parameters, self.INTERACTION, context)
        output = Path(self.parameterAsFileOutput(parameters, self.OUTPUT, context))
        if output.suffix.lower() != "." + fmt:
            feedback.pushInfo(
                self.tr("Writing {format}: the file name ends in .{extension}").format(
                    format=fmt.upper(), extension=fmt
                )
            )
            output = output.with_suffix("." + fmt)

        feedback.setProgressText(self.tr("Preparing the layers"))
        try:
            files = lay.export_overlap_map(
                zones, incidents, output, fmt, title, per_window, dpi, feedback, interaction
            )
        except lay.ExportCanceled as err:
            raise canceled_error() from err
        except (lay.LayoutError, IncidentLayerError) as err:
            raise QgsProcessingException(str(err)) from err
        if not files:
            raise QgsProcessingException(self.tr("no file was written"))
        for path in files:
            feedback.pushInfo(self.tr("Wrote {path}").format(path=path))
        windows = lay.zone_windows(zones)
        pages = len(windows) if per_window else 1
        feedback.setProgress(100)
        return {self.OUTPUT: files[0], self.FILES: ";".join(files), self.PAGES: pages}
