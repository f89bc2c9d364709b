"""The plugin's metadata in its output files: what a file covers and how it was made.

Where it lives: GDAL layer metadata items, one JSON document per key
(``definitions.META_IMPORT`` on imported incidents: per-country coverage, preset,
input, how same-side events were read with the uncertainty patterns' and the analyst's
override table's hashes; ``definitions.META_PROVENANCE`` on scored zones: version, every
parameter, hashes (override table included), coverage, hexagon grid). A GeoPackage keeps them in its ``gpkg_metadata``
table, linked to the layer's table: they travel with the file (copies, e-mail,
``qgis_process`` outputs, a project reopened) and any GDAL tool reads them
(``ogrinfo -so file.gpkg layer`` lists them). Layers without a GDAL file (memory
layers, temporary outputs) keep them as custom properties (``sahel_overlap/<key>``),
which a saved project keeps too. A shapefile keeps them in its QGIS metadata file
(``name.qmd``). Formats that cannot store layer metadata (CSV) get none; the writer
says so.
"""

from __future__ import annotations

import json
from pathlib import Path

from osgeo import gdal
from qgis.core import QgsProviderRegistry, QgsVectorLayer

PROPERTY_PREFIX = "sahel_overlap/"


def _file_and_layer(target) -> tuple[str, str | None]:
    text = target.source() if isinstance(target, QgsVectorLayer) else str(target or "")
    parts = QgsProviderRegistry.instance().decodeUri("ogr", text)
    return parts.get("path") or "", parts.get("layerName") or None


def _open(path: str, name: str | None, update: bool):
    if not path or not Path(path).is_file():
        return None, None
    flags = gdal.OF_VECTOR | (gdal.OF_UPDATE if update else gdal.OF_READONLY)
    ds = gdal.OpenEx(path, flags)
    if ds is None:
        return None, None
    lyr = ds.GetLayerByName(name) if name else ds.GetLayer(0)
    return ds, lyr


def write_metadata(target, key: str, value: dict) -> bool:
    """Store ``value`` (JSON-able) under ``key`` on a layer or an output path.

    Returns True when it was stored where it travels with the data (the file's
    metadata, or a memory layer's properties); False when the format cannot hold it.
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    if isinstance(target, QgsVectorLayer) and target.providerType() != "ogr":
        target.setCustomProperty(PROPERTY_PREFIX + key, text)
        return True
    path, name = _file_and_layer(target)
    if path.lower().endswith(".shp") and Path(path).is_file():
        return _write_qmd(path, key, text)
    if not path.lower().endswith((".gpkg", ".sqlite")):
        if isinstance(target, QgsVectorLayer):
            target.setCustomProperty(PROPERTY_PREFIX + key, text)
        return False
    ds, lyr = _open(path, name, update=True)
    if lyr is None:
        return False
    ok = lyr.SetMetadataItem(key, text) == 0
    del lyr, ds  # closes the file: the metadata is written now
    if isinstance(target, QgsVectorLayer):
        target.setCustomProperty(PROPERTY_PREFIX + key, text)
    return ok


def read_metadata(source, key: str) -> dict | None:
    """What ``write_metadata`` stored under ``key`` on a layer or a path, or None."""
    layer = source if isinstance(source, QgsVectorLayer) else None
    text = None
    if layer is None or layer.providerType() == "ogr":
        path, name = _file_and_layer(source)
        if path.lower().endswith(".shp"):
            text = _read_qmd(path, key)
        ds, lyr = _open(path, name, update=False)
        if lyr is not None and text is None:
            text = lyr.GetMetadataItem(key) or None
        del lyr, ds
    if text is None and layer is not None:
        text = layer.customProperty(PROPERTY_PREFIX + key) or None
    if not text:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _write_qmd(path: str, key: str, text: str) -> bool:
    """A shapefile keeps no GDAL metadata: the document goes into its QGIS metadata file
    (``name.qmd`` beside it, which QGIS shows in Layer Properties > Metadata), as a
    keyword list ``sahel_overlap/<key>`` holding the JSON."""
    layer = QgsVectorLayer(path, Path(path).stem, "ogr")
    if not layer.isValid():
        return False
    layer.loadDefaultMetadata()
    meta = layer.metadata()
    words = dict(meta.keywords())
    words[PROPERTY_PREFIX + key] = [text]
    meta.setKeywords(words)
    layer.setMetadata(meta)
    _msg, ok = layer.saveDefaultMetadata()
    return bool(ok)


def _read_qmd(path: str, key: str) -> str | None:
    qmd = Path(path).with_suffix(".qmd")
    if not qmd.is_file():
        return None
    layer = QgsVectorLayer(path, Path(path).stem, "ogr")
    if not layer.isValid():
        return None
    layer.loadDefaultMetadata()
    values = layer.metadata().keywords().get(PROPERTY_PREFIX + key) or []
    return values[0] if values else None


def write_output_metadata(dest_id: str, context, key: str, value: dict) -> bool:
    """``write_metadata`` on a Processing output: its file, or the memory layer the
    context holds for it."""
    from qgis.core import QgsProcessingUtils

    if str(dest_id).startswith("postgres://"):  # a PostGIS table: kept per source (issue 16)
        from .postgis import record_output_metadata

        return record_output_metadata(dest_id, key, value)
    path, _name = _file_and_layer(dest_id)
    if path and Path(path).is_file():
        return write_metadata(dest_id, key, value)
    layer = QgsProcessingUtils.mapLayerFromString(dest_id, context)
    return isinstance(layer, QgsVectorLayer) and write_metadata(layer, key, value)


def zone_provenance(layer) -> dict | None:
    """The provenance a scored-zones layer (or path) carries, or None."""
    from .. import definitions as d

    return read_metadata(layer, d.META_PROVENANCE)


def provenance_footer(layer, translate=str) -> str:
    """One line for a map's footer (plugin version, input and hashes, settings, coverage),
    from a scored-zones layer or path; "" when it carries none (``translate``: as in
    core.provenance.footer_line)."""
    from ..core.provenance import footer_line

    return footer_line(zone_provenance(layer), translate)
