"""Processing provider and algorithms (QGIS glue)."""
