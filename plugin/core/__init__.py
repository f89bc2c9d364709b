"""Analysis core: numpy and pandas only, no Qt and no QGIS imports."""
