"""Issue 13: bad input, outputs over inputs or other layers, full disks, cancels, SIGINT.

Every file of tests/data/bad goes through ``processing.run`` and ``qgis_process``:
the behaviour in cases.json, no traceback, the right exit code, the input's bytes
unchanged. Full disks are a small tmpfs (when this user may mount one) and a
file-size limit (``RLIMIT_FSIZE``, any user): the run fails, and nothing it
wrote, nor a journal, stays. Cancels are sent at every stage of the import.
"""

from __future__ import annotations

import hashlib
import json
import re
import resource
import shutil
import signal
import sqlite3
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pytest
from qgis.core import (
    QgsApplication,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsVectorLayer,
)

from sahel_overlap.plugin import definitions as d
from sahel_overlap.plugin.core import windows
from sahel_overlap.plugin.provider.base import STAGING_PREFIX

from .conftest import QGIS_PROCESS

BAD = Path(__file__).resolve().parent / "data" / "bad"
CASES = json.loads((BAD / "cases.json").read_text(encoding="utf-8"))
IMPORT = "saheloverlap:importincidents"
SCORE = "saheloverlap:scorezones"


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


class Recorder(QgsProcessingFeedback):
    """Keeps what an algorithm logs; cancels when ``stage`` begins (after ``delay`` s)."""

    def __init__(self, stage: str | None = None, delay: float = 0.0):
        super().__init__()
        self.lines: list[str] = []
        self.stages: list[tuple[float, str]] = []
        self.stage, self.delay = stage, delay
        self.canceled_at: float | None = None
        self.last_progress = 0.0

    def pushInfo(self, info):
        self.lines.append(info)
        super().pushInfo(info)

    def reportError(self, error, fatalError=False):
        self.lines.append(error)
        super().reportError(error, fatalError)

    def setProgress(self, progress):
        self.last_progress = progress
        super().setProgress(progress)

    def setProgressText(self, text):
        self.stages.append((time.perf_counter(), text))
        super().setProgressText(text)
        if self.stage and text.startswith(self.stage) and self.canceled_at is None:

            def cancel():
                time.sleep(self.delay)
                self.canceled_at = time.perf_counter()
                self.cancel()

            threading.Thread(target=cancel, daemon=True).start()


@pytest.fixture
def tracebacks():
    """Critical messages QGIS logs (a Python exception escaping an algorithm is one)."""
    found: list[str] = []

    def keep(message, tag, level):
        if "Traceback" in message:
            found.append(message)

    log = QgsApplication.messageLog()
    log.messageReceived.connect(keep)
    yield found
    log.messageReceived.disconnect(keep)


def run_import(params: dict, feedback=None):
    import processing

    return processing.run(IMPORT, params, feedback=feedback or Recorder())


def staging_left(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(STAGING_PREFIX)]


# --- every bad file, through processing.run ------------------------------------------


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_file_through_processing_run(plugin, tmp_path, tracebacks, name):
    case = CASES[name]
    src = tmp_path / name
    shutil.copy(BAD / name, src)
    before = sha256(src)
    out = tmp_path / "out.gpkg"
    feedback = Recorder()
    params = {"INPUT": str(src), "OUTPUT": str(out), **case.get("params", {})}
    if case["expect"] == "error":
        with pytest.raises(QgsProcessingException) as err:
            run_import(params, feedback)
        said = str(err.value) + "\n" + "\n".join(feedback.lines)
        assert re.search(case["message"], said), said
        assert not out.exists()
    else:
        result = run_import(params, feedback)
        assert {k: result[k] for k in case["results"]} == case["results"]
        log = "\n".join(feedback.lines)
        for line in case.get("log", []):
            assert line in log, f"{line!r} not in the log:\n{log}"
        layer = QgsVectorLayer(result["OUTPUT"], "out", "ogr")
        kept = sum(case["results"][k] for k in ("EVENTS_A", "EVENTS_B", "CLASHES"))
        assert layer.isValid() and layer.featureCount() == kept
        feats = {f[d.F_EVENT_ID]: f for f in layer.getFeatures()}
        for eid in case.get("null_fatalities", []):
            assert feats[eid][d.F_FATALITIES] is None or str(feats[eid][d.F_FATALITIES]) == "NULL"
        for eid, value in case.get("fatalities", {}).items():
            got = feats[eid][d.F_FATALITIES]
            assert (got if value is not None else (None if str(got) == "NULL" else got)) == value
        for eid, place in case.get("locations", {}).items():
            assert feats[eid][d.F_LOCATION] == place
    assert sha256(src) == before
    assert not tracebacks
    assert not staging_left(tmp_path)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.mkdir(), "is a folder, not a file"),
        (lambda p: None, "file not found"),
    ],
)
def test_missing_or_folder_input_is_named_with_its_problem(plugin, tmp_path, make, message):
    path = tmp_path / "export.csv"
    make(path)
    with pytest.raises(QgsProcessingException, match=f"INPUT: .*{message}"):
        run_import({"INPUT": str(path), "OUTPUT": str(tmp_path / "o.gpkg")})


# --- every bad file, through qgis_process ------------------------------------------------


def qgis_process(env, alg: str, params: dict, timeout=300, **popen):
    args = [QGIS_PROCESS, "run", alg, "--"] + [f"{k}={v}" for k, v in params.items()]
    return subprocess.run(args, env=env, capture_output=True, text=True, timeout=timeout, **popen)


def test_bad_files_through_qgis_process(tmp_path, qgis_process_env):
    """All cases at once (two at a time): exit code, message, no traceback, input intact."""
    jobs = {}
    for name, case in CASES.items():
        folder = tmp_path / name.replace(".", "_")
        folder.mkdir()
        shutil.copy(BAD / name, folder / name)
        params = {"INPUT": folder / name, "OUTPUT": folder / "out.gpkg", **case.get("params", {})}
        jobs[name] = (folder, sha256(folder / name), params)
    folder_input = tmp_path / "a_folder.csv"
    folder_input.mkdir()

    def run(name):
        _folder, _h, params = jobs[name]
        return qgis_process(qgis_process_env, IMPORT, params)

    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = dict(zip(jobs, pool.map(run, jobs)))
        as_folder = pool.submit(
            qgis_process,
            qgis_process_env,
            IMPORT,
            {"INPUT": folder_input, "OUTPUT": tmp_path / "f.gpkg"},
        ).result()
    problems = []
    for name, proc in runs.items():
        case, (folder, before, _p) = CASES[name], jobs[name]
        said = proc.stdout + proc.stderr
        if "Traceback" in said:
            problems.append(f"{name}: traceback\n{said[-2000:]}")
        if sha256(folder / name) != before:
            problems.append(f"{name}: the input changed")
        if staging_left(folder):
            problems.append(f"{name}: staging folder left behind")
        if case["expect"] == "error":
            if proc.returncode != 1 or not re.search(case["message"], said):
                problems.append(f"{name}: rc {proc.returncode}, expected 1 and {case['message']!r}")
            if (folder / "out.gpkg").exists():
                problems.append(f"{name}: an output was written")
        else:
            if proc.returncode != 0:
                problems.append(f"{name}: rc {proc.returncode}\n{said[-1500:]}")
                continue
            for key, value in case["results"].items():
                if f"{key}:\t{value}\n" not in proc.stdout:
                    problems.append(f"{name}: {key} is not {value}")
            for line in case.get("log", []):
                if line not in said:
                    problems.append(f"{name}: {line!r} not logged")
    assert as_folder.returncode == 1 and "is a folder, not a file" in as_folder.stderr
    assert not problems, "\n".join(problems)


# --- outputs that would destroy data -----------------------------------------------------


def test_output_over_the_input_is_refused(plugin, tmp_path):
    src = tmp_path / "export.csv"
    shutil.copy(d.SAMPLE_CSV, src)
    before = sha256(src)
    with pytest.raises(QgsProcessingException, match="OUTPUT is the file INPUT reads"):
        run_import({"INPUT": str(src), "OUTPUT": str(src)})
    assert sha256(src) == before


def test_scoring_incidents_onto_themselves_is_refused(plugin, tmp_path):
    import processing

    incidents = tmp_path / "incidents.gpkg"
    run_import({"INPUT": str(d.SAMPLE_CSV), "OUTPUT": str(incidents)})
    before = sha256(incidents)
    with pytest.raises(QgsProcessingException, match="OUTPUT is the file INCIDENTS reads"):
        processing.run(SCORE, {"INCIDENTS": str(incidents), "OUTPUT": str(incidents)})
    assert sha256(incidents) == before
    assert QgsVectorLayer(str(incidents), "x", "ogr").featureCount() > 7000


def test_output_over_the_input_through_qgis_process(tmp_path, qgis_process_env):
    src = tmp_path / "export.csv"
    shutil.copy(d.SAMPLE_CSV, src)
    before = sha256(src)
    proc = qgis_process(qgis_process_env, IMPORT, {"INPUT": src, "OUTPUT": src})
    assert proc.returncode == 1 and "OUTPUT is the file INPUT reads" in proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr and sha256(src) == before


def _table_rows(path: Path) -> dict:
    con = sqlite3.connect(path)
    try:
        tables = [r[0] for r in con.execute("SELECT table_name FROM gpkg_contents")]
        return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        con.close()


@pytest.fixture
def two_layer_gpkg(plugin, tmp_path) -> Path:
    """A GeoPackage with two layers of the analyst's own (roads, villages)."""
    import processing

    path = tmp_path / "project_data.gpkg"
    for table, n in (("roads", 3), ("villages", 5)):
        pts = "\n".join(f"{i},{14 + i / 10},{-1 - i / 10}" for i in range(n))
        csv = tmp_path / f"{table}.csv"
        csv.write_text("id,y,x\n" + pts + "\n", encoding="utf-8")
        processing.run(
            "native:createpointslayerfromtable",
            {
                "INPUT": str(csv),
                "XFIELD": "x",
                "YFIELD": "y",
                "TARGET_CRS": "EPSG:4326",
                "OUTPUT": f"ogr:dbname='{path}' table=\"{table}\" (geom)",
            },
        )
    assert _table_rows(path) == {"roads": 3, "villages": 5}
    return path


def test_existing_multi_layer_geopackage_is_not_wiped(two_layer_gpkg):
    before = sha256(two_layer_gpkg)
    with pytest.raises(
        QgsProcessingException, match="already holds other layers or tables \\(roads, villages\\)"
    ):
        run_import({"INPUT": str(d.SAMPLE_CSV), "OUTPUT": str(two_layer_gpkg)})
    assert sha256(two_layer_gpkg) == before


def test_a_table_is_added_to_an_existing_geopackage_when_asked(two_layer_gpkg):
    uri = f"ogr:dbname='{two_layer_gpkg}' table=\"incidents\" (geom)"
    result = run_import({"INPUT": str(d.SAMPLE_CSV), "OUTPUT": uri})
    rows = _table_rows(two_layer_gpkg)
    assert rows["roads"] == 3 and rows["villages"] == 5
    layer = QgsVectorLayer(result["OUTPUT"], "x", "ogr")
    assert layer.isValid() and layer.featureCount() == rows["incidents"] > 7000
    assert result["OUTPUT"].endswith("|layername=incidents")
    con = sqlite3.connect(two_layer_gpkg)
    assert con.execute("SELECT rtreecheck('rtree_incidents_geom')").fetchone()[0] == "ok"
    con.close()
    assert not staging_left(two_layer_gpkg.parent)


def test_a_quote_in_the_output_name(plugin, tmp_path):
    """The table is named after the file; SQL quotes it (it broke the bulk insert)."""
    import processing

    out = tmp_path / 'say "hello".gpkg'
    result = run_import({"INPUT": str(d.SAMPLE_CSV), "OUTPUT": str(out)})
    layer = QgsVectorLayer(result["OUTPUT"], "x", "ogr")
    assert layer.isValid() and layer.featureCount() == sum(
        result[k] for k in ("EVENTS_A", "EVENTS_B", "CLASHES", "JOINT", "AMBIGUOUS")
    )
    zones = tmp_path / 'zones "v2".gpkg'
    scored = processing.run(SCORE, {"INCIDENTS": str(out), "PERMUTATIONS": 0, "OUTPUT": str(zones)})
    assert QgsVectorLayer(scored["OUTPUT"], "z", "ogr").featureCount() > 0


@pytest.mark.parametrize("name", ["incidents.v2.gpkg", "sahel.2020.q1.gpkg"])
def test_dots_in_the_output_name(plugin, tmp_path, name):
    """QGIS names a new GeoPackage's table up to the file name's first dot; the staged
    output reads the name back instead of guessing it (it failed: no such table)."""
    import processing

    out = tmp_path / name
    result = run_import({"INPUT": str(d.SAMPLE_CSV), "OUTPUT": str(out)})
    layer = QgsVectorLayer(result["OUTPUT"], "x", "ogr")
    assert layer.isValid() and layer.featureCount() == sum(
        result[k] for k in ("EVENTS_A", "EVENTS_B", "CLASHES", "JOINT", "AMBIGUOUS")
    )
    zones = tmp_path / ("zones." + name)
    scored = processing.run(SCORE, {"INCIDENTS": str(out), "PERMUTATIONS": 0, "OUTPUT": str(zones)})
    assert QgsVectorLayer(scored["OUTPUT"], "z", "ogr").featureCount() > 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, zones.name])


def test_a_point_layer_given_as_zones_is_named(plugin, tmp_path):
    import processing

    incidents = tmp_path / "incidents.gpkg"
    run_import({"INPUT": str(d.SAMPLE_CSV), "OUTPUT": str(incidents)})
    with pytest.raises(QgsProcessingException, match=r"ZONES must be a polygon layer.*point"):
        processing.run(
            SCORE,
            {"INCIDENTS": str(incidents), "ZONES": str(incidents), "OUTPUT": "TEMPORARY_OUTPUT"},
        )


# --- windows --------------------------------------------------------------------------


def test_window_count_matches_the_windows_made():
    for start, end in [
        ("2017-03-05", "2020-11-02"),
        ("2019-12-31", "2020-01-01"),
        ("2020-02-01", "2020-02-29"),
    ]:
        for kind in (d.WINDOW_YEAR, d.WINDOW_QUARTER, d.WINDOW_MONTH):
            made = windows.make_windows(start, end, kind, None)
            assert windows.count_windows(start, end, kind) == len(made)


def test_more_than_a_thousand_windows_need_the_limit_raised(plugin, tmp_path):
    """Two events 1940 and 2023 (a wrong date): 1,000 monthly windows are the limit."""
    import processing

    from sahel_overlap.plugin.io.writers import write_incidents_gpkg

    from .test_heatmap import incident_frame

    rows = [("a", -1.0, 15.0, "1940-01-15", 1), ("b", -1.1, 15.1, "2023-04-15", 1)]
    path = write_incidents_gpkg(incident_frame(rows), tmp_path / "span.gpkg")
    assert windows.count_windows("1940-01-15", "2023-04-15", d.WINDOW_MONTH) == 1000
    base = {"INCIDENTS": path, "WINDOW": 3, "PERMUTATIONS": 0, "MIN_EVENTS": 1}
    ok = processing.run(SCORE, {**base, "OUTPUT": "TEMPORARY_OUTPUT"})  # exactly the limit
    assert ok["OUTPUT"].featureCount() >= 1000
    rows[1] = ("b", -1.1, 15.1, "2023-05-15", 1)  # 1,001 months
    path = write_incidents_gpkg(incident_frame(rows), tmp_path / "span2.gpkg")
    base["INCIDENTS"] = path
    with pytest.raises(
        QgsProcessingException, match=r"1001 month windows .* more than the limit of 1000"
    ):
        processing.run(SCORE, {**base, "OUTPUT": "TEMPORARY_OUTPUT"})
    raised = processing.run(SCORE, {**base, "MAX_WINDOWS": 1001, "OUTPUT": "TEMPORARY_OUTPUT"})
    assert raised["OUTPUT"].featureCount() >= 1001


# --- full disks -------------------------------------------------------------------------


def test_full_disk_while_importing_is_an_error_and_leaves_nothing(plugin, small_disk, tracebacks):
    with pytest.raises(QgsProcessingException, match=r"disk|space|write|written"):
        run_import({"INPUT": str(d.SAMPLE_CSV), "OUTPUT": str(small_disk / "incidents.gpkg")})
    assert list(small_disk.iterdir()) == []
    assert not tracebacks


def test_full_disk_keeps_the_previous_output(plugin, small_disk, tmp_path):
    """An earlier, smaller output survives a failed re-run onto it."""
    few = tmp_path / "few.csv"
    lines = d.SAMPLE_CSV.read_text(encoding="utf-8").splitlines()
    few.write_text("\n".join(lines[:200]) + "\n", encoding="utf-8")
    out = small_disk / "incidents.gpkg"
    first = run_import({"INPUT": str(few), "OUTPUT": str(out)})
    before, n = sha256(out), QgsVectorLayer(first["OUTPUT"], "x", "ogr").featureCount()
    with pytest.raises(QgsProcessingException):
        run_import({"INPUT": str(d.SAMPLE_CSV), "OUTPUT": str(out)})
    assert sha256(out) == before and QgsVectorLayer(str(out), "x", "ogr").featureCount() == n
    assert [p.name for p in small_disk.iterdir()] == ["incidents.gpkg"]


def test_full_disk_while_writing_csv_or_scoring(plugin, small_disk, tmp_path):
    import processing

    with pytest.raises(QgsProcessingException):
        run_import({"INPUT": str(d.SAMPLE_CSV), "OUTPUT": str(small_disk / "incidents.csv")})
    assert list(small_disk.iterdir()) == []
    incidents = tmp_path / "incidents.gpkg"
    run_import({"INPUT": str(d.SAMPLE_CSV), "OUTPUT": str(incidents)})
    with pytest.raises(QgsProcessingException):
        processing.run(
            SCORE,
            {
                "INCIDENTS": str(incidents),
                "CELL_SIZE_KM": 5,
                "WINDOW": 3,
                "PERMUTATIONS": 0,
                "OUTPUT": str(small_disk / "zones.gpkg"),
            },
        )
    assert list(small_disk.iterdir()) == []


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    """The sample imported and scored by year (inputs of the heatmap and the map)."""
    import processing

    folder = tmp_path_factory.mktemp("scored")
    incidents = folder / "incidents.gpkg"
    run_import({"INPUT": str(d.SAMPLE_CSV), "OUTPUT": str(incidents)})
    zones = folder / "zones.gpkg"
    processing.run(
        SCORE,
        {"INCIDENTS": str(incidents), "ZONES": str(d.SAMPLE_ZONES), "WINDOW": 1,
         "PERMUTATIONS": 0, "OUTPUT": str(zones)},
    )  # fmt: skip
    return incidents, zones


def test_full_disk_while_writing_a_heatmap_or_a_map(plugin, small_disk, scored):
    """The raster and the map pages are written beside their target and renamed in
    only when complete: a full disk leaves nothing, and an earlier file untouched."""
    import processing

    incidents, zones = scored
    raster = small_disk / "heat.tif"
    small = processing.run(
        "saheloverlap:overlapheatmap",
        {"INCIDENTS": str(incidents), "CELL_SIZE_KM": 50, "OUTPUT": str(raster)},
    )
    before = sha256(Path(small["OUTPUT"]))
    with pytest.raises(QgsProcessingException, match=r"disk|written|write"):
        processing.run(
            "saheloverlap:overlapheatmap",
            {"INCIDENTS": str(incidents), "CELL_SIZE_KM": 1, "OUTPUT": str(raster)},
        )
    assert [p.name for p in small_disk.iterdir()] == ["heat.tif"] and sha256(raster) == before
    raster.unlink()
    with pytest.raises(QgsProcessingException):
        processing.run(
            "saheloverlap:exportmap",
            {"ZONES": str(zones), "INCIDENTS": str(incidents), "FORMAT": 1, "DPI": 200,
             "OUTPUT": str(small_disk / "map.png")},
        )  # fmt: skip
    assert list(small_disk.iterdir()) == []


@pytest.mark.parametrize("alg", ["saheloverlap:overlapheatmap", "saheloverlap:exportmap"])
def test_canceled_heatmap_or_map_is_an_error_and_writes_nothing(plugin, scored, tmp_path, alg):
    import processing

    incidents, zones = scored
    out = tmp_path / "out"
    out.mkdir()
    params = {"INCIDENTS": str(incidents), "OUTPUT": str(out / "heat.tif")}
    if alg.endswith("exportmap"):
        params = {"ZONES": str(zones), "INCIDENTS": str(incidents), "OUTPUT": str(out / "m.pdf")}
    feedback = QgsProcessingFeedback()
    feedback.cancel()
    with pytest.raises(QgsProcessingException, match="Canceled"):
        processing.run(alg, params, feedback=feedback)
    assert list(out.iterdir()) == []


def _file_size_limit(limit: int):
    def preexec():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return preexec


@pytest.mark.parametrize("alg", [IMPORT, SCORE])
def test_qgis_process_with_a_full_disk_exits_1_and_leaves_nothing(tmp_path, qgis_process_env, alg):
    """A fake full disk (no file may grow past 1 MiB) under the real qgis_process."""
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    if alg == IMPORT:
        params = {"INPUT": d.SAMPLE_CSV, "OUTPUT": out_dir / "incidents.gpkg"}
    else:
        incidents = tmp_path / "incidents.gpkg"
        made = qgis_process(qgis_process_env, IMPORT, {"INPUT": d.SAMPLE_CSV, "OUTPUT": incidents})
        assert made.returncode == 0, made.stderr
        params = {
            "INCIDENTS": incidents,
            "CELL_SIZE_KM": 5,
            "WINDOW": 3,
            "PERMUTATIONS": 0,
            "OUTPUT": out_dir / "zones.gpkg",
        }
    proc = qgis_process(qgis_process_env, alg, params, preexec_fn=_file_size_limit(1 << 20))
    said = proc.stdout + proc.stderr
    assert proc.returncode == 1, said[-2000:]
    assert "Traceback" not in said
    assert list(out_dir.iterdir()) == []


# --- cancel at every stage ---------------------------------------------------------------


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory) -> Path:
    """~200,000 SYNTHETIC rows (the sample 24 times, new ids): each stage lasts a while."""
    raw = pd.read_csv(d.SAMPLE_CSV, dtype=str, keep_default_na=False)
    parts = []
    for k in range(24):
        part = raw.copy()
        part["event_id_cnty"] = part["event_id_cnty"] + f"x{k}"
        parts.append(part)
    path = tmp_path_factory.mktemp("big") / "synthetic_200k.csv"
    pd.concat(parts).to_csv(path, index=False)
    return path


STAGES = ["Reading the input", "Checking rows", "Writing incidents"]


@pytest.mark.parametrize("suffix", [".gpkg", ".csv"])
def test_cancel_at_every_stage_stops_the_import_and_leaves_nothing(
    plugin, big_csv, tmp_path, suffix
):
    """Each stage canceled shortly after it begins: the run fails with 'Canceled', no
    later stage begins, nothing stays in the output folder, and the time from the
    cancel to the end is a small part of a whole run (ratio, not a fixed time)."""
    out = tmp_path / f"incidents{suffix}"
    full = Recorder()
    t0 = time.perf_counter()
    run_import({"INPUT": str(big_csv), "OUTPUT": str(out)}, full)
    whole = time.perf_counter() - t0
    out.unlink()
    stage_starts = {text: t for t, text in full.stages}
    for stage in STAGES:
        feedback = Recorder(stage, delay=0.2)
        with pytest.raises(QgsProcessingException) as err:
            run_import({"INPUT": str(big_csv), "OUTPUT": str(out)}, feedback)
        done = time.perf_counter()
        assert feedback.canceled_at is not None, f"{stage} never began"
        assert "Canceled" in str(err.value) + "\n".join(feedback.lines)
        later = [text for t, text in feedback.stages if t > feedback.canceled_at]
        assert later == [], f"canceled in {stage!r}, yet {later} began"
        assert list(tmp_path.iterdir()) == [], f"{stage}: {list(tmp_path.iterdir())}"
        assert (done - feedback.canceled_at) < 0.5 * whole, (
            stage,
            done - feedback.canceled_at,
            whole,
        )
    assert set(STAGES) <= set(stage_starts)


def _wait_for(proc, text: str, timeout: float) -> str:
    """Read ``proc``'s stdout until ``text`` shows (returns what was read)."""
    seen = ""
    end = time.time() + timeout
    while time.time() < end:
        chunk = proc.stdout.read1(4096).decode(errors="replace") if proc.stdout else ""
        if not chunk and proc.poll() is not None:
            break
        seen += chunk
        if text in seen:
            return seen
    raise AssertionError(f"{text!r} never showed: {seen[-1000:]}")


@pytest.mark.parametrize("stage", ["Reading the input", "Writing incidents"])
def test_sigint_cancels_qgis_process_with_exit_code_1(big_csv, tmp_path, qgis_process_env, stage):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    args = [QGIS_PROCESS, "run", IMPORT, "--", f"INPUT={big_csv}", f"OUTPUT={out_dir / 'o.gpkg'}"]
    proc = subprocess.Popen(
        args, env=qgis_process_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        _wait_for(proc, stage, timeout=240)
        proc.send_signal(signal.SIGINT)
        _out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 1, err.decode(errors="replace")[-2000:]
    assert "Canceled" in err.decode(errors="replace")
    assert list(out_dir.iterdir()) == []


# --- the README says what each message means ------------------------------------------


def test_readme_troubleshooting_covers_every_message():
    """Each error of tests/data/bad and each skip, note and repair the import counts
    has a line in the README's Troubleshooting section."""
    from sahel_overlap.plugin.core import csvfile
    from sahel_overlap.plugin.core import incidents as inc
    from sahel_overlap.plugin.provider import base

    text = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = text.split("## Troubleshooting", 1)[1].split("\n## ", 1)[0]
    phrases = [case["readme"] for case in CASES.values() if case["expect"] == "error"]
    reasons = [
        value
        for module in (inc, csvfile)
        for name, value in vars(module).items()
        if re.fullmatch(r"[RN]_[A-Z0-9_]+", name) and isinstance(value, str)
    ]
    phrases += [r.split(" (")[0] for r in reasons if r != inc.R_NOT_PRESET]
    phrases += [base.CANCELED, "is the file", "already holds other layers", "more than the limit"]
    missing = [p for p in phrases if p not in section]
    assert not missing, missing


def test_a_staged_output_is_still_loaded_into_the_project_when_asked(plugin, tmp_path):
    """The dialog's 'Open output file after running': the final file (not the staging
    one) is what the project loads, and scorezones' styler is attached to it."""
    import processing
    from qgis.core import (
        QgsProcessingContext,
        QgsProcessingOutputLayerDefinition,
        QgsProject,
    )

    incidents = tmp_path / "incidents.gpkg"
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    out = QgsProcessingOutputLayerDefinition(str(incidents), QgsProject.instance())
    result = processing.run(IMPORT, {"INPUT": str(d.SAMPLE_CSV), "OUTPUT": out}, context=context)
    loads = context.layersToLoadOnCompletion()
    assert list(loads) == [result["OUTPUT"]] and str(incidents) in result["OUTPUT"]
    assert STAGING_PREFIX not in result["OUTPUT"]
    assert QgsVectorLayer(result["OUTPUT"], "x", "ogr").isValid()

    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    zones = QgsProcessingOutputLayerDefinition(str(tmp_path / "zones.gpkg"), QgsProject.instance())
    scored = processing.run(
        SCORE, {"INCIDENTS": result["OUTPUT"], "PERMUTATIONS": 0, "OUTPUT": zones}, context=context
    )
    assert context.willLoadLayerOnCompletion(scored["OUTPUT"])
    details = context.layerToLoadOnCompletionDetails(scored["OUTPUT"])
    assert details.postProcessor() is not None


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("garbage.gpkg", "INCIDENTS: garbage.gpkg is not a GeoPackage"),
        ("empty.gpkg", r"INCIDENTS: empty.gpkg is empty \(0 bytes\)"),
    ],
)
def test_scoring_names_an_unreadable_incidents_file(plugin, tmp_path, name, message):
    import processing

    shutil.copy(BAD / name, tmp_path / name)
    with pytest.raises(QgsProcessingException, match=message):
        processing.run(SCORE, {"INCIDENTS": str(tmp_path / name), "OUTPUT": "TEMPORARY_OUTPUT"})
