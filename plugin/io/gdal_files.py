"""Where a layer's data lives (file, table, subset) and a small cache of what was read.

Readers key what they build on ``file_identity``: any write to the file (or its
WAL) means a fresh read.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from pathlib import Path

from osgeo import gdal


class FastPathUnavailable(Exception):
    """This layer must be read (or written) the slow way; the message says why."""


# --- where a layer's data lives -----------------------------------------------------


def ogr_location(path_or_layer) -> tuple[str, str | None, str]:
    """(file path, layer name or None, attribute filter) of a path or an OGR layer.

    Raises FastPathUnavailable for what GDAL alone cannot read exactly as
    QGIS shows it.
    """
    if isinstance(path_or_layer, (str, Path)):
        text = str(path_or_layer)
        parts = text.split("|")
        path, name, subset = parts[0], None, ""
        for part in parts[1:]:
            key, _, value = part.partition("=")
            if key == "layername":
                name = value
            elif key == "subset":
                subset = value
            elif key == "layerid":
                name = None if value in ("", "0") else _raise(f"layerid={value}")
        return path, name, subset
    layer = path_or_layer
    if not hasattr(layer, "providerType") or layer.providerType() != "ogr":
        raise FastPathUnavailable("not an OGR-backed layer")
    if layer.isEditable() and layer.isModified():
        raise FastPathUnavailable("the layer has unsaved edits")
    from qgis.core import QgsProviderRegistry

    parts = QgsProviderRegistry.instance().decodeUri("ogr", layer.source())
    path = parts.get("path") or ""
    name = parts.get("layerName") or None
    if name is None and parts.get("layerId") not in (None, "", 0, "0"):
        raise FastPathUnavailable("layer chosen by id")
    return path, name, layer.subsetString() or ""


def _raise(message):
    raise FastPathUnavailable(message)


def open_layer(path: str, name: str | None):
    if not path or not Path(path).exists():
        raise FastPathUnavailable(f"not a local file: {path!r}")
    ds = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_READONLY)
    if ds is None:
        raise FastPathUnavailable(f"GDAL cannot open {path}")
    lyr = ds.GetLayerByName(name) if name else ds.GetLayer(0)
    if lyr is None:
        raise FastPathUnavailable(f"no layer {name!r} in {path}")
    return ds, lyr


# --- a small cache of what was read, per file state --------------------------------

_CACHE: OrderedDict = OrderedDict()
_CACHE_LOCK = threading.Lock()  # algorithms run in task threads
CACHE_ENTRIES = 3  # a frame and a heatmap's arrays of one or two layers (~150 MB at 1M)


def file_identity(path_or_layer) -> tuple | None:
    """Path, layer, subset and the file's (and its WAL's) mtime and size; None when
    the data does not live in one local file GDAL can read (no caching then)."""
    try:
        path, name, subset = ogr_location(path_or_layer)
    except FastPathUnavailable:
        return None
    if not path or not os.path.isfile(path):
        return None
    parts: list = [os.path.realpath(path), name, subset]
    for p in (path, path + "-wal"):  # QGIS edits GeoPackages in WAL mode
        try:
            st = os.stat(p)
            parts += [st.st_mtime_ns, st.st_size]
        except OSError:
            parts += [None, None]
    return tuple(parts)


def cached(key, build):
    """``build()`` once per key (a ``file_identity`` plus what is built from it).

    Callers must not modify what they get (copy it if needed).
    """
    with _CACHE_LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    value = build()  # outside the lock: two threads may build one key, both correctly
    with _CACHE_LOCK:
        _CACHE[key] = value
        while len(_CACHE) > CACHE_ENTRIES:
            _CACHE.popitem(last=False)
    return value


def clear_cache() -> None:
    with _CACHE_LOCK:
        _CACHE.clear()
