"""Sahel Overlap plugin code: core (no Qt), QGIS glue, GUI."""
