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
