"""What a new user meets first: `make demo` runs clean."""

from __future__ import annotations

import os
import subprocess
import sys

from .conftest import ROOT


def test_demo_runs_clean_and_writes_every_output(tmp_path):
    """A green demo prints no GDAL/QGIS ERROR line (they once came from a GeoPackage
    reopened for writing while read-only connections were open on it)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "demo.py"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    output = run.stdout + run.stderr
    assert run.returncode == 0, output[-3000:]
    assert "ERROR" not in output, output[-3000:]
    assert "Traceback" not in output
    for name in ["synthetic_incidents.gpkg", "synthetic_scored_zones.gpkg",
                 "synthetic_scored_hexagons.gpkg", "synthetic_overlap_heatmap.tif",
                 "overlap_map.pdf", "overlap_map.png"]:  # fmt: skip
        assert (tmp_path / name).stat().st_size > 0, name


def hold_lock(path, seconds: float) -> subprocess.Popen:
    """Another process holding an fcntl lock, as apt and dpkg do."""
    code = (
        "import fcntl, sys, time\n"
        f"f = open({str(path)!r}, 'w')\n"
        "fcntl.lockf(f, fcntl.LOCK_EX)\n"
        "print('locked', flush=True)\n"
        f"time.sleep({seconds})\n"
    )
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    return holder


def test_setup_waits_for_the_package_manager_lock_and_says_so(tmp_path):
    lock = tmp_path / "lock-frontend"
    lock.touch()
    env = dict(os.environ, DPKG_LOCKS=str(lock))
    script = str(ROOT / "scripts" / "wait_for_dpkg.sh")
    free = subprocess.run(["bash", script, "5"], env=env, capture_output=True, text=True)
    assert free.returncode == 0 and free.stderr == ""  # nothing held: silent, at once

    holder = hold_lock(lock, 3)
    try:
        run = subprocess.run(["bash", script, "30"], env=env, capture_output=True, text=True)
    finally:
        holder.wait()
        holder.stdout.close()
    assert run.returncode == 0, run.stderr
    assert f"another package manager holds {lock}" in run.stderr
    assert "lock is free after" in run.stderr

    holder = hold_lock(lock, 10)
    try:
        run = subprocess.run(["bash", script, "2"], env=env, capture_output=True, text=True)
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    assert run.returncode == 1
    assert "still held after 2 s" in run.stderr
    setup = (ROOT / "scripts" / "setup.sh").read_text(encoding="utf-8")
    assert "wait_for_dpkg.sh" in setup and "DPkg::Lock::Timeout" in setup
