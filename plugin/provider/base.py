"""Shared bits of the plugin's algorithms."""

from qgis.core import QgsProcessingAlgorithm
from qgis.PyQt.QtCore import QCoreApplication

from .provider import plugin_icon


class SahelAlgorithm(QgsProcessingAlgorithm):
    """Base class: icon, translation and a fresh instance per run (modeler safe)."""

    def tr(self, text):
        return QCoreApplication.translate(type(self).__name__, text)

    def createInstance(self):
        return type(self)()

    def icon(self):
        return plugin_icon()

    def helpUrl(self):
        return "https://example.org/sahel-overlap/sahel_overlap/blob/main/docs/methodology.md"
