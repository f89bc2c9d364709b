"""Two outputs of one run on the same file or table, or an output on an input, are
refused before anything is written (issue 22, item 3). Inputs are the SYNTHETIC sample."""

from __future__ import annotations

import os
import stat

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


def test_an_output_that_is_a_pipe_is_kept_not_replaced(plugin, tmp_path):
    """A FIFO (or device) named as an output was replaced by a regular file, exit 0 (as
    root, a link to /dev/null would have replaced the device): refused, the pipe kept."""
    pipe = tmp_path / "review.csv"
    os.mkfifo(pipe)
    refused(
        "saheloverlap:importincidents",
        {"INPUT": str(d.SAMPLE_CSV), "OUTPUT": str(tmp_path / "x.gpkg"), "REVIEW_TABLE": str(pipe)},
        "REVIEW_TABLE: review.csv is not a regular file",
    )
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode) and not (tmp_path / "x.gpkg").exists()


def test_geopackage_bookkeeping_names_are_refused_as_tables(plugin, incidents, tmp_path):
    """OVERWRITE_TABLE replaced another layer's spatial index ('rtree_<layer>_geom'):
    names GeoPackage keeps for itself are refused, with or without it."""
    import shutil

    target = tmp_path / "u.gpkg"
    shutil.copy(incidents, target)
    for name in ("rtree_incidents_geom", "gpkg_contents", "sqlite_sequence"):
        refused(
            "saheloverlap:scorezones",
            {"INCIDENTS": incidents, "WINDOW": 0, "OVERWRITE_TABLE": True,
             "OUTPUT": f"ogr:dbname='{target}' table=\"{name}\" (geom)"},
            "a name GeoPackage keeps for its own tables",
        )  # fmt: skip


def test_replacing_a_geopackage_keeps_a_users_plain_table(plugin, incidents, tmp_path):
    """A GeoPackage whose only layer is named like the file was replaced whole, and a
    plain SQLite table the user kept in it was lost (exit 0): refused, the table kept."""
    import shutil
    import sqlite3

    target = tmp_path / "incidents.gpkg"  # its one layer, "incidents", is named like it
    shutil.copy(incidents, target)
    con = sqlite3.connect(target)
    con.execute("CREATE TABLE notes(x)")
    con.execute("INSERT INTO notes VALUES ('precious')")
    con.commit()
    con.close()
    refused(
        "saheloverlap:scorezones",
        {"INCIDENTS": incidents, "WINDOW": 0, "OUTPUT": str(target)},
        "already holds other layers or tables",
    )
    con = sqlite3.connect(target)
    assert con.execute("SELECT x FROM notes").fetchall() == [("precious",)]
    con.close()
