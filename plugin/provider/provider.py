"""The Sahel Overlap Processing provider."""

from qgis.core import QgsMessageLog, QgsProcessingModelAlgorithm, QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from .. import definitions as d


def plugin_icon() -> QIcon:
    return QIcon(str(d.RESOURCES_DIR / "icons" / "icon.svg"))


class SahelOverlapProvider(QgsProcessingProvider):
    """Algorithm ids are a public contract: never rename one once released."""

    def id(self):
        return d.PROVIDER_ID

    def name(self):
        return d.PROVIDER_NAME

    def longName(self):
        return f"{d.PROVIDER_NAME}: parallel and contested operation of armed groups"

    def icon(self):
        return plugin_icon()

    def svgIconPath(self):
        return str(d.RESOURCES_DIR / "icons" / "icon.svg")

    def loadAlgorithms(self):
        for alg in algorithms():
            self.addAlgorithm(alg)
        for model in models():
            self.addAlgorithm(model)


def algorithms():
    from .alg_export_map import ExportMapAlgorithm
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
    ]


def models():
    """The models shipped in resources/models, so analysts start from chains that run."""
    out = []
    for path in sorted((d.RESOURCES_DIR / "models").glob("*.model3")):
        model = QgsProcessingModelAlgorithm()
        if model.fromFile(str(path)):
            out.append(model)
        else:
            QgsMessageLog.logMessage(f"cannot read model {path}", d.PLUGIN_NAME)
    return out
