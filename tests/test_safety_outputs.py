"""Two outputs of one run on the same file or table, or an output on an input, are
refused before anything is written (issue 22, item 3). Inputs are the SYNTHETIC sample."""

from __future__ import annotations

import os

import pytest
from qgis.core import QgsProcessingException

from sahel_overlap.plugin import definitions as d

from .test_scoring import MODEL_ID


@pytest.fixture(scope="module")
def incidents(plugin, tmp_path_factory):
    import processing

    out = tmp_path_factory.mktemp("sample") / "incidents.gpkg"
    processing.run("saheloverlap:importincidents", {"INPUT": str(d.SAMPLE_CSV), "OUTPUT": str(out)})
    return str(out)


def refused(alg, params, match):
    import processing

    with pytest.raises(QgsProcessingException, match=match):
        processing.run(alg, params)


def test_import_output_and_review_table_on_one_csv(plugin, tmp_path):
    target = tmp_path / "x.csv"
    target.write_text("kept\n")
    refused(
        "saheloverlap:importincidents",
        {"INPUT": str(d.SAMPLE_CSV), "OUTPUT": str(target), "REVIEW_TABLE": str(target)},
        "REVIEW_TABLE and OUTPUT are the same file",
    )
    assert target.read_text() == "kept\n" and os.listdir(tmp_path) == ["x.csv"]


def test_a_symlink_to_another_output_is_the_same_file(plugin, tmp_path):
    (tmp_path / "real.csv").write_text("kept\n")
    os.symlink(tmp_path / "real.csv", tmp_path / "link.csv")
    refused(
        "saheloverlap:importincidents",
        {
            "INPUT": str(d.SAMPLE_CSV),
            "OUTPUT": str(tmp_path / "link.csv"),
            "REVIEW_TABLE": str(tmp_path / "real.csv"),
        },
        "are the same file",
    )
    assert (tmp_path / "real.csv").read_text() == "kept\n"


@pytest.mark.parametrize(
    "extra, match",
    [
        ({"OUTPUT": "{t}/x.gpkg", "KNOX_TABLE": "{t}/x.gpkg"}, "KNOX_TABLE and OUTPUT"),
        # A shapefile is several files: its .dbf is the shapefile.
        ({"OUTPUT": "{t}/z.shp", "KNOX_TABLE": "{t}/z.dbf"}, "KNOX_TABLE and OUTPUT"),
        ({"KNOX_CHART": "{t}/c.png", "KNOX_CHART_SVG": "{t}/c.png"}, "KNOX_CHART_SVG and KNOX"),
        # Two tables of a GeoPackage that does not exist yet: each would create the file.
        (
            {
                "OUTPUT": "ogr:dbname='{t}/new.gpkg' table=\"a\" (geom)",
                "KNOX_TABLE": "ogr:dbname='{t}/new.gpkg' table=\"b\" (geom)",
            },
            "KNOX_TABLE and OUTPUT are the same file",
        ),
        ({"OUTPUT": "{inc}"}, "OUTPUT is the file INCIDENTS reads"),
    ],
)
def test_interaction_outputs_on_one_file(plugin, incidents, tmp_path, extra, match):
    params = {"INCIDENTS": incidents, "KNOX_CHART": "", "KNOX_CHART_SVG": ""}
    params.update({k: v.format(t=tmp_path, inc=incidents) for k, v in extra.items()})
    params.setdefault("OUTPUT", str(tmp_path / "out.gpkg"))
    refused("saheloverlap:interaction", params, match)
    assert os.listdir(tmp_path) == []


def test_same_table_of_an_existing_geopackage_twice(plugin, incidents, tmp_path):
    import shutil

    gpkg = tmp_path / "store.gpkg"
    shutil.copy(incidents, gpkg)
    before = gpkg.read_bytes()
    uri = f"ogr:dbname='{gpkg}' table=\"Knox\" (geom)"
    refused(
        "saheloverlap:interaction",
        {
            "INCIDENTS": incidents,
            "OUTPUT": uri,
            "KNOX_TABLE": uri.replace("Knox", "knox"),  # SQLite names ignore case
        },
        "the same table 'knox' of file",
    )
    assert gpkg.read_bytes() == before


def test_score_heatmap_and_map_outputs_on_their_input(plugin, incidents, tmp_path):
    refused(
        "saheloverlap:scorezones",
        {"INCIDENTS": incidents, "ZONES": str(d.SAMPLE_ZONES), "OUTPUT": str(d.SAMPLE_ZONES)},
        "OUTPUT is the file ZONES reads",
    )
    refused(
        "saheloverlap:overlapheatmap",
        {"INCIDENTS": incidents, "OUTPUT": incidents},
        "OUTPUT is the file INCIDENTS reads",
    )
    refused(
        "saheloverlap:exportmap",
        {"ZONES": str(d.SAMPLE_ZONES), "OUTPUT": str(d.SAMPLE_ZONES)},
        "OUTPUT is the file ZONES reads",
    )


def test_the_models_outputs_on_one_file(plugin, tmp_path):
    import processing

    same = str(tmp_path / "same.gpkg")
    params = {
        "incidents_file": str(d.SAMPLE_CSV),
        "window": 1,
        "import_incidents:incidents": "TEMPORARY_OUTPUT",
        "score_zones:zones": same,
        "overlap_heatmap:heatmap": str(tmp_path / "heat.tif"),
        "export_map:map": same,
    }
    with pytest.raises(QgsProcessingException, match="are the same file"):
        processing.run(MODEL_ID, params)
    params["export_map:map"] = str(d.SAMPLE_CSV)
    params["score_zones:zones"] = str(tmp_path / "zones.gpkg")
    with pytest.raises(QgsProcessingException, match="export_map:map is the file incidents_file"):
        processing.run(MODEL_ID, params)
    assert os.listdir(tmp_path) == []
