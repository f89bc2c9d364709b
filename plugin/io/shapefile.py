"""Scored zones in a shapefile: readable short field names, and the way back.

A shapefile's .dbf holds field names of at most 10 characters: GDAL cuts longer ones
(``window_start`` -> ``window_sta``, ``class_if_ambiguous_a`` and ``_b`` to
``class_if_a``/``class_if_1``), and the plugin's map export could not find them. Scored
zones written as a shapefile get the documented names below instead (README, "Shapefile
outputs"); the mapping is also written into the shapefile's QGIS metadata (``.qmd``),
and ``with_long_names`` turns such a layer back into the full names for the export.
"""

from __future__ import annotations

from qgis.core import QgsFeature, QgsField, QgsFields, QgsMemoryProviderUtils

#: Score fields longer than 10 characters -> their shapefile names (unique, <= 10).
SHORT_NAMES = {
    "window_start": "win_start",
    "events_clash": "ev_clash",
    "events_ambiguous": "ev_ambig",
    "fatal_clash": "fat_clash",
    "months_both": "mon_both",
    "clash_share": "clash_shr",
    "clq_ab_global": "clq_ab_glb",
    "clq_ba_global": "clq_ba_glb",
    "parallel_score": "parallel_s",
    "contested_score": "contest_s",
    "clash_share_lo": "clash_lo",
    "clash_share_hi": "clash_hi",
    "class_reason": "cls_reason",
    "class_if_ambiguous_a": "cls_amb_a",
    "class_if_ambiguous_b": "cls_amb_b",
    "class_stable": "cls_stable",
    "previous_class": "prev_class",
    "events_joint": "ev_joint",
    "fatal_joint": "fat_joint",
    "p_wab_places": "p_wab_pl",
    "p_wba_places": "p_wba_pl",
    "p_wab_precise": "p_wab_pr",
    "p_wba_precise": "p_wba_pr",
}
LONG_NAMES = {short: long for long, short in SHORT_NAMES.items()}
#: The metadata key under which a shapefile output records the mapping.
META_FIELDS = "SAHEL_OVERLAP_SHAPEFILE_FIELDS"


def is_shapefile(path) -> bool:
    return str(path or "").lower().endswith(".shp")


def short_name(name: str) -> str:
    return SHORT_NAMES.get(name, name)


def has_short_names(layer) -> bool:
    """A scored-zones layer written with ``SHORT_NAMES`` (the full names absent)."""
    names = set(layer.fields().names())
    return "win_start" in names and "window_start" not in names


def with_long_names(layer):
    """A memory copy of a shapefile of scored zones with the full field names (the
    layer itself when it already has them)."""
    if not has_short_names(layer):
        return layer
    fields = QgsFields()
    for f in layer.fields():
        field = QgsField(f)
        field.setName(LONG_NAMES.get(f.name(), f.name()))
        fields.append(field)
    copy = QgsMemoryProviderUtils.createMemoryLayer(
        layer.name(), fields, layer.wkbType(), layer.crs()
    )
    feats = []
    for feat in layer.getFeatures():
        out = QgsFeature(fields)
        out.setGeometry(feat.geometry())
        out.setAttributes(feat.attributes())
        feats.append(out)
    copy.dataProvider().addFeatures(feats)
    # The provenance (the map's footer) travels with the copy, as a memory layer keeps it.
    from .. import definitions as d
    from .metadata import read_metadata, write_metadata

    for key in (d.META_PROVENANCE, META_FIELDS):
        value = read_metadata(layer, key)
        if value is not None:
            write_metadata(copy, key, value)
    return copy
