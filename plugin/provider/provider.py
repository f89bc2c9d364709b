"""The Sahel Overlap Processing provider: the plugin's algorithms and its shipped models."""

from qgis.core import (
    QgsApplication,
    QgsMessageLog,
    QgsProcessingModelAlgorithm,
    QgsProcessingProvider,
)

from .. import definitions as d
from ..definitions import N_
from ..i18n import tr
from .resources import docs_url, plugin_icon

# Shipped models: model name (the id's second part, no spaces) -> name in the toolbox.
MODELS = {"full_analysis": N_("Full analysis (model): import, score, heatmap, map")}
MODELS_GROUP = N_("Models")
# The texts the shipped .model3 files hold (group, help, inputs, outputs, options),
# marked here so the extractor sees them: a model copy shows them through tr() (a text
# changed in the file without changing it here stays English, and the i18n test says so).
MODEL_TEXTS = [
    N_(
        "Imports an ACLED or UCDP GED export, scores zones of parallel against contested "
        "operation per time window (your polygons, or 25 km hexagons; by year unless you "
        "choose another window), tests the space-time interaction between the two groups in "
        "the same windows (your polygons, or 100 km hexagons), computes the overlap heatmap "
        "of the whole period and exports the map as a PDF, one page per window, with the "
        "interaction's findings outlined. Open it in the Graphical Modeler to change a step's "
        "settings or add steps.\n\n"
        "Command line: qgis_process.bin run saheloverlap:full_analysis -- "
        "incidents_file=acled.csv window=1 import_incidents:incidents=incidents.gpkg "
        "score_zones:zones=zones.gpkg overlap_heatmap:heatmap=heatmap.tif "
        "export_map:map=overlap_map.pdf"
    ),
    N_("Incident export (ACLED / UCDP GED CSV)"),
    N_("Zones (optional)"),
    N_("Overlap map (PDF, one page per window)"),
    N_("Incidents (GeoPackage)"),
    N_("Global Knox chart (PNG)"),
    N_("Global Knox table"),
    N_("Overlap heatmap (GeoTIFF)"),
    N_("Scored zones"),
    N_("Time windows"),  # its options are base.WINDOW_LABELS
]


class SahelOverlapProvider(QgsProcessingProvider):
    """Algorithm ids are a public contract: never rename one once released."""

    def id(self):
        return d.PROVIDER_ID

    def name(self):
        return d.PROVIDER_NAME

    def longName(self):
        return tr("{name}: parallel and contested operation of armed groups").format(
            name=d.PROVIDER_NAME
        )

    def icon(self):
        return plugin_icon()

    def svgIconPath(self):
        return str(d.RESOURCES_DIR / "icons" / "icon.svg")

    def loadAlgorithms(self):
        for alg in algorithms():
            self.addAlgorithm(alg)
        # A model finds its steps through the registry: read while this provider is
        # not registered yet (QgsProcessingRegistry.addProvider loads it first), the
        # registered model has no steps, hence no outputs, and fails when run by its
        # id (processing.run's fresh copy hid it). Read the models once we are in.
        registry = QgsApplication.processingRegistry()
        if registry.providerById(self.id()) is self:
            for model in models():
                self.addAlgorithm(model)
        else:
            registry.providerAdded.connect(self._registered)

    def _registered(self, provider_id: str) -> None:
        if provider_id != self.id():
            return
        registry = QgsApplication.processingRegistry()
        registry.providerAdded.disconnect(self._registered)
        if registry.providerById(self.id()) is self:
            self.refreshAlgorithms()


class ShippedModel(QgsProcessingModelAlgorithm):
    """A model read from resources/models: an id without spaces, a readable name.

    QGIS 3.22 uses a model's name both as its id and as its name in the toolbox;
    the registered model shows the name of MODELS instead. Runs use QGIS's own
    copies (createInstance), which keep the help and its link.
    """

    def displayName(self):
        name = MODELS.get(self.name())
        return tr(name) if name else self.name()

    def group(self):
        return tr(super().group())

    def shortHelpString(self):
        text = super().shortHelpString()
        description = self.helpContent().get("ALG_DESC")
        return text.replace(description, tr(description)) if description else text

    def createInstance(self):
        # A ShippedModel, not QGIS's plain copy: runs keep the output check below.
        model = ShippedModel()
        model.loadVariant(self.toVariant())
        model.setSourceFilePath(self.sourceFilePath())
        model.localise()
        model.guard_inputs()
        return model

    def localise(self) -> None:
        """Descriptions and options in the user's language: of each copy (a run, the
        dialog) and of the registered model (``qgis_process help`` and
        ``processing.algorithmHelp`` read it; QGIS offers no "Edit model" for a plugin's
        model, and the modeler opens a copy anyway). The file is never written. Names
        and option order are unchanged."""
        for child in self.childAlgorithms().values():
            outputs = child.modelOutputs()
            for output in outputs.values():
                output.setDescription(tr(output.description()))
            child.setModelOutputs(outputs)
            self.setChildAlgorithm(child)
        self.updateDestinationParameters()  # the model's outputs take those descriptions
        # In place, not removed and added again: a removed parameter's Python wrapper
        # outlives it (the model keeps the wrappers of parameters added from Python), and
        # a new parameter at the freed address then came back as that wrapper, of the
        # wrong class ('QgsProcessingParameterEnum' object has no attribute 'dataTypes').
        for param in self.parameterDefinitions():
            if param.isDestination():
                continue
            param.setDescription(tr(param.description()))
            if param.type() == "enum":
                param.setOptions([tr(option) for option in param.options()])

    def guard_inputs(self) -> None:
        """The model's layer inputs as the plugin's own (``base.VectorLayerParameter``...):
        QGIS's check of a layer input opens it, and a pipe given there waited forever."""
        from .base import FeatureSourceParameter, VectorLayerParameter, _NoSpecialFiles

        params = [p for p in self.parameterDefinitions() if not p.isDestination()]
        kinds = {"vector": VectorLayerParameter, "source": FeatureSourceParameter}
        if not any(p.type() in kinds and not isinstance(p, _NoSpecialFiles) for p in params):
            return
        # Every input taken out and put back in order: the dialog's order stays (the
        # dialog lists outputs apart).
        copies = []
        for param in params:
            if param.type() in kinds and not isinstance(param, _NoSpecialFiles):
                copy = kinds[param.type()](
                    param.name(), param.description(), param.dataTypes(), param.defaultValue()
                )
                copy.setFlags(param.flags())
                copy.setMetadata(param.metadata())
                copy.setHelp(param.help())
            else:
                copy = param.clone()
            copies.append(copy)
        for param in params:
            self.removeParameter(param.name())
        for copy in copies:
            self.addParameter(copy, False)

    def checkParameterValues(self, parameters, context):
        # Each step checks its own outputs; two of the model's outputs (or an output
        # and the model's input) on one file are seen only here, before any step runs.
        from .base import clashing_outputs, describe_input_problem, special_file

        problem = clashing_outputs(self, parameters, context)
        for param in self.parameterDefinitions():
            if problem or param.isDestination():
                continue
            path = special_file(parameters.get(param.name()))
            if path:
                problem = f"{param.name()}: {describe_input_problem(path)}"
        if problem:
            return False, problem
        return super().checkParameterValues(parameters, context)

    def helpUrl(self):
        return docs_url("guide.html", "command-line-the-whole-pipeline")


def algorithms():
    from .alg_export_map import ExportMapAlgorithm
    from .alg_fetch_acled import FetchAcledAlgorithm
    from .alg_heatmap import OverlapHeatmapAlgorithm
    from .alg_import import ImportIncidentsAlgorithm
    from .alg_interaction import InteractionAlgorithm
    from .alg_score import ScoreZonesAlgorithm

    return [
        ImportIncidentsAlgorithm(),
        OverlapHeatmapAlgorithm(),
        ScoreZonesAlgorithm(),
        ExportMapAlgorithm(),
        InteractionAlgorithm(),
        FetchAcledAlgorithm(),
    ]


def models():
    """The models shipped in resources/models, so analysts start from chains that run."""
    out = []
    for path in sorted((d.RESOURCES_DIR / "models").glob("*.model3")):
        model = ShippedModel()
        if not model.fromFile(str(path)):
            QgsMessageLog.logMessage(
                tr("cannot read model {path}").format(path=path), d.PLUGIN_NAME
            )
            continue
        missing = [c.algorithmId() for c in model.childAlgorithms().values() if not c.algorithm()]
        if missing:
            QgsMessageLog.logMessage(
                tr("model {file}: steps not available: {steps}").format(
                    file=path.name, steps=", ".join(missing)
                ),
                d.PLUGIN_NAME,
            )
            continue
        model.guard_inputs()
        model.localise()
        help_content = dict(model.helpContent())
        help_content["HELP_URL"] = docs_url("guide.html", "command-line-the-whole-pipeline")
        model.setHelpContent(help_content)
        out.append(model)
    return out
