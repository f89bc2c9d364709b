"""Scored zones saved as a shapefile feed the plugin's own map export (issue 22, item 7):
documented short field names, the mapping in the shapefile's metadata, and the same map
as from a GeoPackage. SYNTHETIC sample."""

from __future__ import annotations

import subprocess

from qgis.core import QgsVectorLayer

from sahel_overlap.plugin import definitions as d
from sahel_overlap.plugin.core import scoring
from sahel_overlap.plugin.io import shapefile
from sahel_overlap.plugin.io.metadata import read_metadata


def test_short_names_are_unique_and_fit():
    long_ones = [n for n in scoring.SCORE_FIELD_NAMES if len(n) > 10]
    assert sorted(shapefile.SHORT_NAMES) == sorted(long_ones)
    shorts = [shapefile.short_name(n) for n in scoring.SCORE_FIELD_NAMES]
    assert len(set(shorts)) == len(shorts) and max(map(len, shorts)) <= 10


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout


def test_scored_zones_as_shapefile_make_the_same_map(plugin, tmp_path):
    import processing

    inc = tmp_path / "inc.gpkg"
    processing.run("saheloverlap:importincidents", {"INPUT": str(d.SAMPLE_CSV), "OUTPUT": str(inc)})
    maps = {}
    for ext in ("gpkg", "shp"):
        zones = tmp_path / f"scored.{ext}"
        processing.run(
            "saheloverlap:scorezones",
            {"INCIDENTS": str(inc), "ZONES": str(d.SAMPLE_ZONES), "WINDOW": 1,
             "OUTPUT": str(zones)},
        )  # fmt: skip
        out = processing.run(
            "saheloverlap:exportmap",
            {"ZONES": str(zones), "INCIDENTS": str(inc), "TITLE": "Same map",
             "OUTPUT": str(tmp_path / f"map_{ext}.pdf")},
        )  # fmt: skip
        maps[ext] = (out["PAGES"], pdf_text(out["OUTPUT"]))
    shp = QgsVectorLayer(str(tmp_path / "scored.shp"), "s", "ogr")
    names = shp.fields().names()
    assert max(map(len, names)) <= 10
    assert {"win_start", "cls_amb_a", "cls_amb_b", "zone_class"} <= set(names)
    assert read_metadata(str(tmp_path / "scored.shp"), shapefile.META_FIELDS) == (
        shapefile.SHORT_NAMES
    )
    prov = read_metadata(str(tmp_path / "scored.shp"), d.META_PROVENANCE)
    same = read_metadata(str(tmp_path / "scored.gpkg"), d.META_PROVENANCE)
    assert {k: v for k, v in prov.items() if k != "created"} == {
        k: v for k, v in same.items() if k != "created"
    }
    assert maps["shp"][0] == maps["gpkg"][0] == 6  # one page per year
    assert maps["shp"][1] == maps["gpkg"][1]
    assert "Same map" in maps["shp"][1]
