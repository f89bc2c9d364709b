"""Files as the user has them (issue 22, item 10): a FIFO given as input, replaced
outputs' mode and group, symlinked outputs, the umask for charts, and messages that say
what is true. SYNTHETIC sample."""

from __future__ import annotations

import os
import stat
import subprocess

import pytest
from qgis.core import QgsProcessingException

from sahel_overlap.plugin import definitions as d
from sahel_overlap.plugin.core import incidents as inc
from sahel_overlap.plugin.core.presets import load_presets

from .conftest import QGIS_PROCESS
from .test_scoring import MODEL_ID


@pytest.fixture(scope="module")
def incidents(plugin, tmp_path_factory):
    import processing

    out = tmp_path_factory.mktemp("sample") / "incidents.gpkg"
    processing.run("saheloverlap:importincidents", {"INPUT": str(d.SAMPLE_CSV), "OUTPUT": str(out)})
    return str(out)


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "export.csv"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize(
    "alg, key",
    [("saheloverlap:importincidents", "INPUT"), ("saheloverlap:scorezones", "INCIDENTS")],
)
def test_a_fifo_input_is_refused_not_waited_on(fifo, tmp_path, qgis_process_env, alg, key):
    # QGIS's own parameter check opened the layer, and GDAL waited on the pipe forever.
    proc = subprocess.run(
        [QGIS_PROCESS, "run", alg, "--", f"{key}={fifo}", f"OUTPUT={tmp_path / 'o.gpkg'}"],
        env=qgis_process_env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode != 0
    assert f"{key}: export.csv is not a regular file (a pipe" in proc.stdout + proc.stderr
    assert not (tmp_path / "o.gpkg").exists()


def test_a_fifo_given_to_the_model_is_refused(plugin, fifo, tmp_path, qgis_process_env):
    import processing

    proc = subprocess.run(
        [QGIS_PROCESS, "run", MODEL_ID, "--", f"incidents_file={fifo}",
         "import_incidents:incidents=TEMPORARY_OUTPUT", f"score_zones:zones={tmp_path}/z.gpkg",
         f"overlap_heatmap:heatmap={tmp_path}/h.tif", f"export_map:map={tmp_path}/m.pdf"],
        env=qgis_process_env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode != 0
    assert "incidents_file: export.csv is not a regular file" in proc.stdout + proc.stderr

    with pytest.raises(QgsProcessingException, match="is not a regular file"):
        processing.run(
            MODEL_ID,
            {
                "incidents_file": str(fifo),
                "import_incidents:incidents": "TEMPORARY_OUTPUT",
                "score_zones:zones": str(tmp_path / "z.gpkg"),
                "overlap_heatmap:heatmap": str(tmp_path / "h.tif"),
                "export_map:map": str(tmp_path / "m.pdf"),
            },
        )


def run_import(output, **extra):
    import processing

    params = {"INPUT": str(d.SAMPLE_CSV), "OUTPUT": str(output)}
    params.update(extra)
    return processing.run("saheloverlap:importincidents", params)


def test_a_replaced_output_keeps_its_mode_and_group(plugin, tmp_path):
    out, review = tmp_path / "incidents.csv", tmp_path / "review.csv"
    for path in (out, review):
        path.write_text("old\n")
        os.chmod(path, 0o640)
        os.chown(path, -1, 4242)  # a team's group (we run as root: any gid will do)
    run_import(out, REVIEW_TABLE=str(review))
    for path in (out, review):
        st = path.stat()
        assert stat.S_IMODE(st.st_mode) == 0o640 and st.st_gid == 4242, path
        assert path.read_text() != "old\n"


def test_a_symlinked_output_is_written_through_the_link(plugin, tmp_path):
    real = tmp_path / "shared" / "incidents.csv"
    real.parent.mkdir()
    real.write_text("old\n")
    link = tmp_path / "mine.csv"
    link.symlink_to(real)
    result = run_import(link)
    assert link.is_symlink() and link.resolve() == real
    assert real.read_text().startswith("event_id,")  # the new incidents, in the target
    assert sorted(os.listdir(real.parent)) == ["incidents.csv"]
    assert sorted(os.listdir(tmp_path)) == ["mine.csv", "shared"]
    assert result["OUTPUT"].startswith(str(link))


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o002, 0o664)])
def test_knox_charts_honour_the_umask(plugin, incidents, tmp_path, umask, mode):
    import processing

    old = os.umask(umask)
    try:
        processing.run(
            "saheloverlap:interaction",
            {
                "INCIDENTS": incidents,
                "PERMUTATIONS": 19,
                "GLOBAL_PERMUTATIONS": 19,
                "OUTPUT": str(tmp_path / "i.gpkg"),
                "KNOX_TABLE": str(tmp_path / "knox.csv"),
                "KNOX_CHART": str(tmp_path / "knox.png"),
                "KNOX_CHART_SVG": str(tmp_path / "knox.svg"),
            },
        )
    finally:
        os.umask(old)
    for name in ("knox.png", "knox.svg", "knox.csv", "i.gpkg"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == mode, name


def test_a_mapped_import_says_which_column_the_mapping_lacks(tmp_path):
    path = tmp_path / "m.csv"
    path.write_text("event_date,who,y,x\n2020-01-02,JNIM,14,-1\n", encoding="utf-8")
    preset = load_presets()[d.DEFAULT_PRESET]
    with pytest.raises(inc.IncidentFormatError) as err:
        inc.load_file(path, preset, inc.FORMAT_MAPPED, {d.F_ACTOR1: "who", d.F_LAT: "y"})
    text = str(err.value)
    assert "needs a column mapped to each of: event_date, longitude" in text
    assert "the file has columns named event_date, but the field mapping does not name" in text


def test_a_read_only_folder_is_not_called_a_full_disk(plugin, tmp_path, read_only_dir):
    with pytest.raises(QgsProcessingException) as err:
        run_import(tmp_path / "out.gpkg", REVIEW_TABLE=str(read_only_dir / "review.csv"))
    text = str(err.value)
    assert "read-only" in text and "disk" not in text
    assert not (tmp_path / "out.gpkg").exists()
