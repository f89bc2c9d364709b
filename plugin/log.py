"""One place to write to QGIS's message log (the plugin's tab)."""

from qgis.core import Qgis, QgsMessageLog

from . import definitions as d


def log(message: str, level=Qgis.Info) -> None:
    QgsMessageLog.logMessage(message, d.PLUGIN_NAME, level)
