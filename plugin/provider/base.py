"""Shared bits of the plugin's algorithms."""

import pandas as pd
from qgis.core import QgsProcessingAlgorithm, QgsProcessingException
from qgis.PyQt.QtCore import QCoreApplication

from .provider import docs_url, plugin_icon

# The documentation shipped with the plugin that the Processing "Help" button opens
# (a local file: it works offline, and the project has no public site yet).
HELP_DOCS = {"scorezones": "methodology.md", "overlapheatmap": "methodology.md"}


class SahelAlgorithm(QgsProcessingAlgorithm):
    """Base class: icon, translation and a fresh instance per run (modeler safe)."""

    def tr(self, text):
        return QCoreApplication.translate(type(self).__name__, text)

    def createInstance(self):
        return type(self)()

    def icon(self):
        return plugin_icon()

    def helpUrl(self):
        return docs_url(HELP_DOCS.get(self.name(), "README.md"))

    def date_range_params(self, parameters, start_key, end_key, context):
        """Optional START/END date parameters as Timestamps (None when unset), checked."""

        def get(key):
            if not parameters.get(key):
                return None
            value = self.parameterAsDateTime(parameters, key, context)
            if not value.isValid():
                return None
            return pd.Timestamp(value.date().toString("yyyy-MM-dd"))

        first, last = get(start_key), get(end_key)
        if first is not None and last is not None and last < first:
            raise QgsProcessingException(
                f"{end_key} ({last.date()}) is before {start_key} ({first.date()})"
            )
        return first, last
