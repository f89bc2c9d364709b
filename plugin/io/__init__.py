"""QGIS glue for data in and out: the incident schema, readers, writers and the read cache."""
