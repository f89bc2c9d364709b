"""Outputs that must not lie: a destination GeoPackage open elsewhere, full disks
under PDF/SVG exports, shapefile attributes read back, cancels and read-only
folders for the heatmap and the map, inputs the import must take (dates, presets)
and data text shown as text, never as markup.

Everything runs through the real ``processing.run`` and writes real files.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pandas as pd
import pytest
from osgeo import gdal
from qgis.core import (
    QgsFeature,
    QgsField,
    QgsGeometry,
    QgsPointXY,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QDate, QDateTime, QTime, QVariant
from qgis.PyQt.QtGui import QImage

from sahel_overlap.plugin import definitions as d

from .test_reliability import (  # noqa: F401  (pytest fixtures)
    IMPORT,
    SCORE,
    Recorder,
    _file_size_limit,
    qgis_process,
    run_import,
    scored,
    sha256,
    staging_left,
    tracebacks,
)


def score(incidents: Path, output, **extra):
    import processing

    params = {"INCIDENTS": str(incidents), "CELL_SIZE_KM": 50, "WINDOW": 3, "PERMUTATIONS": 0}
    return processing.run(SCORE, {**params, **extra, "OUTPUT": output})


def integrity(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()


# --- A. a destination GeoPackage open in another program (WAL mode) ---------------------


@pytest.fixture
def wal_destination(plugin, scored, tmp_path):  # noqa: F811
    """zones.gpkg written by scorezones, then opened in WAL mode by another connection
    that has committed a table (still in the -wal only) and holds a read open."""
    incidents, _zones = scored
    dest = tmp_path / "zones.gpkg"
    score(incidents, str(dest))
    writer = sqlite3.connect(dest)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("CREATE TABLE notes(x)")
    writer.execute("INSERT INTO notes VALUES ('kept')")
    writer.commit()
    reader = sqlite3.connect(dest)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM notes").fetchone()
    assert Path(f"{dest}-wal").exists()
    yield incidents, dest, (writer, reader)
    for con in (reader, writer):
        con.close()


# Adding a table is written in place in one transaction (safe in WAL mode too:
# test_safety_gpkg); replacing the file is what an open log would corrupt.
@pytest.mark.parametrize("how", ["replace"])
def test_a_geopackage_open_in_wal_mode_is_refused_not_corrupted(wal_destination, how):
    incidents, dest, cons = wal_destination
    zones_before = QgsVectorLayer(f"{dest}|layername=zones", "z", "ogr").featureCount()
    output = str(dest)
    with pytest.raises(QgsProcessingException, match="is open in another program"):
        score(incidents, output)
    assert not staging_left(dest.parent)
    for con in cons:
        con.close()
    assert not Path(f"{dest}-wal").exists()  # the last connection folded the log in
    assert integrity(dest) == "ok"
    con = sqlite3.connect(dest)
    assert con.execute("SELECT x FROM notes").fetchall() == [("kept",)]
    assert [r[0] for r in con.execute("SELECT table_name FROM gpkg_contents")] == ["zones"]
    con.close()
    assert QgsVectorLayer(f"{dest}|layername=zones", "z", "ogr").featureCount() == zones_before


def test_a_log_left_by_a_closed_program_is_folded_in_first(wal_destination, tmp_path):
    """A -wal with nobody attached (a copy, a crashed program) holds committed data: it is
    checkpointed into the file before a table is added, and nothing is lost."""
    incidents, dest, _cons = wal_destination
    copy = tmp_path / "copy"
    copy.mkdir()
    for suffix in ("", "-wal", "-shm"):
        shutil.copy(f"{dest}{suffix}", f"{copy / dest.name}{suffix}")
    target = copy / dest.name
    result = score(incidents, f"ogr:dbname='{target}' table=second (geom)")
    assert result["OUTPUT"] == f"{target}|layername=second"
    assert sorted(os.listdir(copy)) == ["zones.gpkg"]
    assert integrity(target) == "ok"
    con = sqlite3.connect(target)
    assert con.execute("SELECT x FROM notes").fetchall() == [("kept",)]
    con.close()
    assert QgsVectorLayer(result["OUTPUT"], "s", "ogr").featureCount() > 0


# --- B. PDF and SVG maps on a full disk ---------------------------------------------------


def export_map(zones, incidents, output, fmt: int, feedback=None, **extra):
    import processing

    params = {"ZONES": str(zones), "INCIDENTS": str(incidents), "FORMAT": fmt, **extra}
    return processing.run(
        "saheloverlap:exportmap", {**params, "OUTPUT": str(output)}, feedback=feedback
    )


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))


@pytest.mark.parametrize(("fmt", "name"), [(0, "map.pdf"), (2, "map.svg")])
def test_a_map_on_a_full_disk_is_an_error_and_leaves_nothing(
    plugin,
    scored,  # noqa: F811
    small_disk,
    tracebacks,  # noqa: F811
    fmt,
    name,
):
    """The pages do not fit on a 1 MiB disk: the run fails and no truncated file stays
    (the same map on a roomy disk is checked to be a whole document first)."""
    incidents, zones = scored
    roomy = small_disk.parent / "roomy"
    roomy.mkdir(exist_ok=True)
    made = export_map(zones, incidents, roomy / name, fmt, PER_WINDOW=fmt == 0, DPI=300)
    whole = Path(made["OUTPUT"])
    if fmt == 0:
        assert pdf_pages(whole) == made["PAGES"] > 1
    else:
        ElementTree.parse(whole)
    assert whole.stat().st_size > 1 << 20, "the map must be larger than the small disk"
    with pytest.raises(QgsProcessingException, match=r"disk|written|write"):
        export_map(zones, incidents, small_disk / name, fmt, PER_WINDOW=fmt == 0, DPI=300)
    assert list(small_disk.iterdir()) == []
    assert not tracebacks


# --- D. shapefiles: the attribute table is read back too ----------------------------------


def test_a_shapefile_on_a_full_disk_is_an_error_and_leaves_nothing(
    plugin,
    small_disk,
    tracebacks,  # noqa: F811
):
    """The .dbf (attributes) outgrows the disk while the .shx (geometry index, what a
    feature count reads) fits: the output is incomplete and must not be kept."""
    with pytest.raises(QgsProcessingException, match=r"disk|written|write"):
        run_import({"INPUT": str(d.SAMPLE_CSV), "OUTPUT": str(small_disk / "incidents.shp")})
    assert list(small_disk.iterdir()) == []
    assert not tracebacks


def test_a_shapefile_whose_attributes_are_cut_short_is_an_error(tmp_path, qgis_process_env):
    """Under qgis_process with no file allowed past 1 MiB, the .shp and .shx fit and
    only the .dbf is cut: a count of the .shx alone said the output was whole."""
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    params = {"INPUT": d.SAMPLE_CSV, "OUTPUT": out_dir / "incidents.shp"}
    proc = qgis_process(qgis_process_env, IMPORT, params, preexec_fn=_file_size_limit(1 << 20))
    said = proc.stdout + proc.stderr
    assert proc.returncode == 1, said[-2000:]
    assert "Traceback" not in said
    assert list(out_dir.iterdir()) == []
    whole = tmp_path / "whole"
    whole.mkdir()
    made = qgis_process(qgis_process_env, IMPORT, {**params, "OUTPUT": whole / "incidents.shp"})
    assert made.returncode == 0, made.stderr[-2000:]
    assert (
        (whole / "incidents.dbf").stat().st_size
        > 1 << 20
        > (whole / "incidents.shp").stat().st_size
    )


# --- E. a point layer whose dates are Date or DateTime fields ---------------------------


def _layer_with_typed_dates(rows: pd.DataFrame, date_type) -> QgsVectorLayer:
    """The sample's rows as a point layer whose event_date field is a real Date or
    DateTime (as a GeoPackage or a database gives it), not text."""
    layer = QgsVectorLayer("Point?crs=EPSG:4326", "incidents", "memory")
    fields = [
        QgsField(name, date_type if name == "event_date" else QVariant.String)
        for name in rows.columns
        if name not in ("latitude", "longitude")
    ]
    layer.dataProvider().addAttributes(fields)
    layer.updateFields()
    feats = []
    for rec in rows.to_dict("records"):
        feat = QgsFeature(layer.fields())
        for field in fields:
            value = rec[field.name()]
            if field.name() == "event_date":
                day = pd.Timestamp(value)
                value = QDate(day.year, day.month, day.day)
                if date_type == QVariant.DateTime:
                    value = QDateTime(value, QTime(14, 30))
            feat[field.name()] = value
        feat.setGeometry(
            QgsGeometry.fromPointXY(QgsPointXY(float(rec["longitude"]), float(rec["latitude"])))
        )
        feats.append(feat)
    assert layer.dataProvider().addFeatures(feats)
    return layer


@pytest.mark.parametrize("date_type", [QVariant.Date, QVariant.DateTime])
@pytest.mark.parametrize("store", ["memory", "gpkg"])
def test_import_from_a_layer_with_date_fields(plugin, tmp_path, date_type, store):
    """The same 600 rows imported from the CSV and from a layer with typed dates give the
    same events, clashes and dates."""
    import processing

    rows = pd.read_csv(d.SAMPLE_CSV, dtype=str, keep_default_na=False).iloc[:600]
    csv = tmp_path / "rows.csv"
    rows.to_csv(csv, index=False)
    layer = _layer_with_typed_dates(rows, date_type)
    if store == "gpkg":
        saved = processing.run(
            "native:savefeatures", {"INPUT": layer, "OUTPUT": str(tmp_path / "typed.gpkg")}
        )["OUTPUT"]
        layer = QgsVectorLayer(saved, "typed", "ogr")
        assert layer.fields().field("event_date").type() == date_type
    from_csv = run_import({"INPUT": str(csv), "OUTPUT": str(tmp_path / "a.gpkg")})
    from_layer = run_import({"INPUT": layer, "OUTPUT": str(tmp_path / "b.gpkg")})
    keys = ("EVENTS_A", "EVENTS_B", "CLASHES", "JOINT", "AMBIGUOUS")
    assert [from_layer[k] for k in keys] == [from_csv[k] for k in keys]
    assert sum(from_csv[k] for k in keys) > 50
    dates = {}
    for name, result in (("csv", from_csv), ("layer", from_layer)):
        got = QgsVectorLayer(result["OUTPUT"], name, "ogr")
        dates[name] = sorted(f[d.F_DATE].toString("yyyy-MM-dd") for f in got.getFeatures())
    assert dates["layer"] == dates["csv"]


# --- F. heatmap: cancels at every stage, and formats with sidecar files -------------------


class CancelAt(QgsProcessingFeedback):
    """Cancels (in the algorithm's own thread) when a stage whose text starts with
    ``stage`` begins."""

    def __init__(self, stage: str):
        super().__init__()
        self.stage = stage

    def setProgressText(self, text):
        super().setProgressText(text)
        if text.startswith(self.stage):
            self.cancel()


@pytest.mark.parametrize("stage", ["Kernel densities", "Writing the raster"])
def test_a_heatmap_canceled_while_computing_or_writing_leaves_nothing(
    plugin,
    scored,  # noqa: F811
    tmp_path,
    stage,
):
    import processing

    incidents, _zones = scored
    out = tmp_path / "out"
    out.mkdir()
    (out / "heat.tif").write_bytes(b"an older raster")
    with pytest.raises(QgsProcessingException, match="Canceled"):
        processing.run(
            "saheloverlap:overlapheatmap",
            {"INCIDENTS": str(incidents), "CELL_SIZE_KM": 5, "OUTPUT": str(out / "heat.tif")},
            feedback=CancelAt(stage),
        )
    assert sorted(os.listdir(out)) == ["heat.tif"]
    assert (out / "heat.tif").read_bytes() == b"an older raster"


@pytest.mark.parametrize("suffix", [".bil", ".tif"])
def test_a_heatmap_in_a_format_with_sidecars_is_whole_and_leaves_no_partial_file(
    plugin,
    scored,  # noqa: F811
    tmp_path,
    suffix,
):
    """ENVI/EHdr rasters keep their header in a .hdr beside the data: it must arrive
    under the output's name (the raster opens with its three bands) and no staging
    file may stay."""
    import processing

    incidents, _zones = scored
    target = tmp_path / f"heat{suffix}"
    result = processing.run(
        "saheloverlap:overlapheatmap",
        {"INCIDENTS": str(incidents), "CELL_SIZE_KM": 50, "OUTPUT": str(target)},
    )
    left = [p for p in os.listdir(tmp_path) if "partial" in p or p.startswith(".")]
    assert left == []
    ds = gdal.Open(result["OUTPUT"])
    assert ds is not None and ds.RasterCount == 3
    overlap = ds.GetRasterBand(1).ReadAsArray()
    assert overlap.max() > 0
    if suffix == ".bil":
        assert (tmp_path / "heat.hdr").is_file()
    else:
        assert sorted(os.listdir(tmp_path)) == ["heat.tif"]


# --- G. a read-only output folder: a clear error, not a traceback -------------------------


@pytest.mark.parametrize("alg", ["overlapheatmap", "exportmap"])
def test_a_read_only_output_folder_is_a_clear_error(
    plugin,
    scored,  # noqa: F811
    read_only_dir,
    tracebacks,  # noqa: F811
    alg,
):
    import processing

    incidents, zones = scored
    if alg == "overlapheatmap":
        params = {"INCIDENTS": str(incidents), "CELL_SIZE_KM": 50}
        out = read_only_dir / "heat.tif"
    else:
        params = {"ZONES": str(zones), "INCIDENTS": str(incidents), "PER_WINDOW": False}
        out = read_only_dir / "map.pdf"
    with pytest.raises(QgsProcessingException, match=r"cannot write in .*read_only: Read-only"):
        processing.run(f"saheloverlap:{alg}", {**params, "OUTPUT": str(out)})
    assert not tracebacks


# --- H. a missing relative input path --------------------------------------------------


@pytest.mark.parametrize("relative", ["exports/acled_2020.csv", "acled_2020.csv"])
def test_a_missing_relative_input_is_named_with_the_full_path(
    plugin, tmp_path, monkeypatch, relative
):
    monkeypatch.chdir(tmp_path)
    looked_for = re.escape(str(tmp_path / relative))
    with pytest.raises(QgsProcessingException, match=f"INPUT: file not found: {looked_for}"):
        run_import({"INPUT": relative, "OUTPUT": str(tmp_path / "o.gpkg")})


def test_a_relative_input_that_exists_is_read(plugin, tmp_path, monkeypatch):
    (tmp_path / "exports").mkdir()
    shutil.copy(d.SAMPLE_CSV, tmp_path / "exports" / "sample.csv")
    monkeypatch.chdir(tmp_path)
    result = run_import({"INPUT": "exports/sample.csv", "OUTPUT": str(tmp_path / "o.gpkg")})
    assert QgsVectorLayer(result["OUTPUT"], "x", "ogr").featureCount() > 7000


def test_a_missing_relative_input_through_qgis_process(tmp_path, qgis_process_env):
    proc = qgis_process(
        qgis_process_env,
        IMPORT,
        {"INPUT": "exports/missing.csv", "OUTPUT": tmp_path / "o.gpkg"},
        cwd=tmp_path,
    )
    said = proc.stdout + proc.stderr
    assert proc.returncode == 1
    assert f"file not found: {tmp_path / 'exports' / 'missing.csv'}" in said, said[-1500:]
    assert "Traceback" not in said


# --- K. a custom alias table's presets can be chosen --------------------------------------

ISGS = "Islamic State (Greater Sahara)"
CUSTOM_PRESETS = {
    "ISGS vs armies (custom)": [
        ("a", "ISGS", "exact", ISGS),
        ("b", "Army", "regex", "^Military Forces of"),
    ],
    "JNIM vs armies (custom)": [
        ("a", "JNIM", "exact", "JNIM: Group for Support of Islam and Muslims"),
        ("b", "Army", "regex", "^Military Forces of"),
    ],
}


def _alias_table(path: Path, names) -> Path:
    rows = [
        {"preset": name, "group_key": key, "group": group, "match": match, "pattern": pattern,
         "source": "acled", "affiliate": 0, "valid_from": "", "valid_to": "", "note": "test"}
        for name in names
        for key, group, match, pattern in CUSTOM_PRESETS[name]
    ]  # fmt: skip
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def _isgs_army_clashes() -> int:
    """Worked out from the CSV: events with ISGS on one side (actor or associate actor)
    and a national army on the other, each side led by ISGS or an army (a group named
    only as associate of a third party makes no clash)."""
    rows = pd.read_csv(d.SAMPLE_CSV, dtype=str, keep_default_na=False)

    def side(actor, assoc):
        names = [actor, *(n.strip() for n in assoc.split(";") if n.strip())]
        own = actor == ISGS or actor.startswith("Military Forces of")
        return ISGS in names and own, any(n.startswith("Military Forces of") for n in names) and own

    clashes = set()
    for rec in rows.itertuples():
        isgs1, army1 = side(rec.actor1, rec.assoc_actor_1)
        isgs2, army2 = side(rec.actor2, rec.assoc_actor_2)
        if (isgs1 and army2 and not isgs2) or (isgs2 and army1 and not isgs1):
            clashes.add(rec.event_id_cnty)
    return len(clashes)


@pytest.mark.parametrize("how", ["by name", "the only preset"])
def test_a_custom_alias_tables_preset_is_used(plugin, tmp_path, how):
    names = list(CUSTOM_PRESETS) if how == "by name" else ["ISGS vs armies (custom)"]
    table = _alias_table(tmp_path / "aliases.csv", names)
    params = {"INPUT": str(d.SAMPLE_CSV), "PRESET_TABLE": str(table)}
    if how == "by name":
        params["PRESET_NAME"] = "ISGS vs armies (custom)"
    result = run_import({**params, "OUTPUT": str(tmp_path / "o.gpkg")})
    assert result["CLASHES"] == _isgs_army_clashes() > 300
    layer = QgsVectorLayer(result["OUTPUT"], "x", "ogr")
    sides = {f[d.F_SIDE] for f in layer.getFeatures()}
    assert d.SIDE_CLASH in sides


def test_a_custom_table_with_several_presets_needs_a_name(plugin, tmp_path):
    table = _alias_table(tmp_path / "aliases.csv", list(CUSTOM_PRESETS))
    params = {"INPUT": str(d.SAMPLE_CSV), "PRESET_TABLE": str(table)}
    with pytest.raises(QgsProcessingException, match=r"ISGS vs armies \(custom\), JNIM vs"):
        run_import({**params, "OUTPUT": str(tmp_path / "o.gpkg")})
    with pytest.raises(QgsProcessingException, match="no preset 'Nope' in the alias table"):
        run_import({**params, "PRESET_NAME": "Nope", "OUTPUT": str(tmp_path / "o.gpkg")})
    assert not (tmp_path / "o.gpkg").exists()


# --- J. long group names on the A4 page -----------------------------------------------------

LONG_A = "Jama'at Nusrat al-Islam wal-Muslimin and allied katibas of Macina"
LONG_B = "Islamic State Sahel Province and the Greater Sahara faction units"


@pytest.fixture(scope="module")
def long_names(tmp_path_factory):
    """The sample imported with the default preset's groups renamed (65 characters
    each, an alias table of the user's), and scored by year on the sample zones."""
    import processing

    folder = tmp_path_factory.mktemp("long_names")
    table = pd.read_csv(d.PRESETS_FILE, dtype=str, keep_default_na=False)
    table["group"] = table["group"].replace({"JNIM": LONG_A, "ISGS": LONG_B})
    table.to_csv(folder / "aliases.csv", index=False)
    incidents, zones = folder / "incidents.gpkg", folder / "zones.gpkg"
    run_import(
        {"INPUT": str(d.SAMPLE_CSV), "PRESET_TABLE": str(folder / "aliases.csv"),
         "OUTPUT": str(incidents)}
    )  # fmt: skip
    processing.run(
        SCORE,
        {"INCIDENTS": str(incidents), "ZONES": str(d.SAMPLE_ZONES), "WINDOW": 1,
         "PERMUTATIONS": 0, "OUTPUT": str(zones)},
    )  # fmt: skip
    return incidents, zones


def test_long_group_names_stay_inside_their_boxes_and_the_page(plugin, long_names, tmp_path):
    from qgis.core import QgsLayoutItemLabel, QgsLayoutUtils, QgsProject

    from sahel_overlap.plugin.render import layout as lay
    from sahel_overlap.plugin.render.print_style import unplain

    incidents, zones = long_names
    project = QgsProject()
    layers = lay.prepare_layers(
        QgsVectorLayer(str(zones), "z", "ogr"), QgsVectorLayer(str(incidents), "i", "ogr"), project
    )
    assert (layers.group_a, layers.group_b) == (LONG_A, LONG_B)
    layout = lay.build_layout(project, layers, "", per_window=False)
    try:
        page = layout.pageCollection().page(0).sizeWithUnits()
        items = lay.page_items(layout, 0)

        def box(ident):
            pos, size = items[ident].pagePositionWithUnits(), items[ident].sizeWithUnits()
            return pos.x(), pos.y(), pos.x() + size.width(), pos.y() + size.height()

        for ident in items:
            left, top, right, bottom = box(ident)
            assert left >= 0 and top >= 0, ident
            assert right <= page.width() and bottom <= page.height(), ident
        title = items[lay.ID_TITLE]
        assert isinstance(title, QgsLayoutItemLabel)
        lines = title.text().split("\n")
        assert " ".join(unplain(t) for t in lines) == lay.default_title(LONG_A, LONG_B)
        width = title.sizeWithUnits().width() - 2 * title.marginX()
        font = title.font()
        assert font.pointSizeF() >= lay.TITLE_MIN_PT
        assert all(QgsLayoutUtils.textWidthMM(font, line) <= width for line in lines)
        tall = len(lines) * QgsLayoutUtils.fontHeightMM(font) * lay.TEXT_LINE_SPACING
        assert tall <= title.sizeWithUnits().height()
        assert box(lay.ID_TITLE)[3] <= box(lay.ID_SUBTITLE)[1]  # no overprint
        right_edge = box(lay.ID_TITLE)[2]  # the page's right margin
        assert box(lay.ID_LEGEND)[2] <= right_edge
        assert box(lay.ID_LEGEND)[3] <= box(lay.ID_CHART)[1] <= box(lay.ID_INSET)[1]
    finally:
        lay.release_layout(layout, project)
    made = export_map(zones, incidents, tmp_path / "map.png", 1, PER_WINDOW=False, DPI=100)
    assert QImage(made["OUTPUT"]).width() > 1000


def test_short_names_keep_the_template_title(plugin, scored):  # noqa: F811
    from qgis.core import QgsProject

    from sahel_overlap.plugin.render import layout as lay

    incidents, zones = scored
    project = QgsProject()
    layers = lay.prepare_layers(
        QgsVectorLayer(str(zones), "z", "ogr"), QgsVectorLayer(str(incidents), "i", "ogr"), project
    )
    layout = lay.build_layout(project, layers, "", per_window=False)
    try:
        title = lay.page_items(layout, 0)[lay.ID_TITLE]
        assert title.font().pointSizeF() == 17.0 and "\n" not in title.text()
    finally:
        lay.release_layout(layout, project)


def test_readme_troubleshooting_names_these_messages():
    text = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = text.split("## Troubleshooting", 1)[1].split("\n## ", 1)[0]
    phrases = [
        "is open in another program (its write-ahead log",
        "writing to it now would corrupt it",
        "the attribute table ….dbf holds N of M rows",
        "was not written completely",
        "not a whole SVG document",
        "PRESET_NAME",
        "a relative path is read from the current folder",
        "cannot write <file>",
    ]
    assert [p for p in phrases if p not in section] == []


# --- M. a PDF map is canceled between its pages -----------------------------------------------


class PageRecorder(CancelAt):
    def __init__(self, stage: str):
        super().__init__(stage)
        self.pages: list[str] = []

    def setProgressText(self, text):
        if text.startswith("PDF page"):
            self.pages.append(text)
        super().setProgressText(text)


def test_a_pdf_map_is_canceled_between_pages(plugin, scored, tmp_path):  # noqa: F811
    """Six yearly pages; a cancel while page 2 renders stops the export before page 3
    (QGIS's single PDF call rendered all pages first), and nothing is written."""
    incidents, zones = scored
    out = tmp_path / "out"
    out.mkdir()
    feedback = PageRecorder("PDF page 2 of")
    with pytest.raises(QgsProcessingException, match="Canceled"):
        export_map(zones, incidents, out / "map.pdf", 0, feedback=feedback, DPI=72)
    assert feedback.pages == ["PDF page 1 of 6", "PDF page 2 of 6"]
    assert list(out.iterdir()) == []


def test_a_pdf_map_joined_from_its_pages_is_whole(plugin, scored, tmp_path):  # noqa: F811
    incidents, zones = scored
    made = export_map(zones, incidents, tmp_path / "map.pdf", 0, feedback=PageRecorder("-"), DPI=72)
    pdf = Path(made["OUTPUT"])
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    assert "Error" not in info.stderr, info.stderr
    assert pdf_pages(pdf) == made["PAGES"] == 6
    fields = dict(line.split(":", 1) for line in info.stdout.splitlines() if ":" in line)
    assert fields["Creator"].strip().startswith("Sahel Overlap")
    assert "parallel or contested operation" in fields["Title"]
    assert "SYNTHETIC" in fields["Subject"]
    text = subprocess.run(
        ["pdftotext", "-f", "6", "-l", "6", str(pdf), "-"], capture_output=True, text=True
    ).stdout
    assert "1 January 2022 – 31 December 2022" in text
    assert sorted(os.listdir(tmp_path)) == ["map.pdf"]


# --- low: skipped rows are a warning; a FIFO is refused -----------------------------------------


def test_skipped_rows_are_a_warning_not_an_error(tmp_path, qgis_process_env):
    rows = d.SAMPLE_CSV.read_text(encoding="utf-8").splitlines()
    broken = rows[1].replace("01 January 2017", "sometime in 2017", 1)
    assert broken != rows[1]
    csv = tmp_path / "some_bad.csv"
    csv.write_text("\n".join([rows[0], broken, *rows[2:400]]) + "\n", encoding="utf-8")
    proc = qgis_process(qgis_process_env, IMPORT, {"INPUT": csv, "OUTPUT": tmp_path / "o.gpkg"})
    said = proc.stdout + proc.stderr
    assert proc.returncode == 0, said[-2000:]
    assert "1 rows skipped; see the reasons above" in said
    assert "ERROR" not in said, said[-2000:]
    assert "WARNING" in said


def test_a_fifo_as_input_is_refused_at_once(plugin, tmp_path):
    fifo = tmp_path / "incidents.csv"
    os.mkfifo(fifo)
    with pytest.raises(
        QgsProcessingException, match=r"INPUT: incidents\.csv is not a regular file"
    ):
        run_import({"INPUT": str(fifo), "OUTPUT": str(tmp_path / "o.gpkg")})
    assert sorted(os.listdir(tmp_path)) == ["incidents.csv"]


def test_decimal_comma_coordinates_are_named_with_the_fix(plugin, tmp_path):
    rows = pd.read_csv(d.SAMPLE_CSV, dtype=str, keep_default_na=False).iloc[:300]
    comma = rows.copy()
    for col in ("latitude", "longitude"):
        comma[col] = comma[col].str.replace(".", ",", regex=False)
    every = tmp_path / "all_comma.csv"
    comma.to_csv(every, sep=";", index=False)
    with pytest.raises(QgsProcessingException, match=r"decimal comma \(13,9135\): re-save"):
        run_import({"INPUT": str(every), "OUTPUT": str(tmp_path / "a.gpkg")})
    mixed = tmp_path / "some_comma.csv"
    pd.concat([rows.iloc[:200], comma.iloc[200:]]).to_csv(mixed, sep=";", index=False)
    log = Recorder()
    run_import({"INPUT": str(mixed), "OUTPUT": str(tmp_path / "b.gpkg")}, log)
    said = "\n".join(log.lines)
    assert "note: coordinates written with a decimal comma" in said
    assert "skipped 100: coordinates missing or not numbers" in said
    run_import(
        {"INPUT": str(d.SAMPLE_CSV), "OUTPUT": str(tmp_path / "c.gpkg")}, clean := Recorder()
    )
    assert "decimal comma" not in "\n".join(clean.lines)
