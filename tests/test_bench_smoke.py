"""The benchmark harness still runs end to end (tiny size, one run, nothing timed here)."""

from __future__ import annotations

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"


def test_bench_harness_writes_the_results_table(plugin, tmp_path):
    sys.path.insert(0, str(BENCH))
    try:
        import run
    finally:
        sys.path.remove(str(BENCH))
    out, readme = tmp_path / "results.md", tmp_path / "README_section.md"
    argv = ["--sizes", "2000", "--runs", "1", "--in-process", "--work", str(tmp_path / "w")]
    assert run.main([*argv, "--out", str(out), "--readme", str(readme)]) == 0

    text = out.read_text()
    for _step, label in run.ROWS:
        row = next((line for line in text.splitlines() if line.startswith(f"| {label} |")), None)
        assert row is not None, f"no row for {label}"
        assert "–" not in row, f"step without a figure: {row}"
    for heading in ("## Median wall time", "## Ratios", "## Goals", "## Peak memory"):
        assert heading in text
    for goal in ("1. scorezones", "2a. overlapheatmap", "2b. heatmap", "3. import", "5. peak"):
        assert f"| {goal}" in text
    for goal in ("6a. interaction", "6b. interaction"):
        assert f"| {goal}" in text
    assert "| 2,000 |" in text  # the ratio row of the size that ran
    section = readme.read_text()
    assert section.startswith("## Performance")
    assert "make bench" in section


def test_postgis_bench_harness_writes_its_table(plugin, tmp_path):
    """benchmarks/postgis_bench.py runs end to end on a tiny size (its own cluster, one run
    per step, each step in its own QGIS process) and fills its table."""
    sys.path.insert(0, str(BENCH))
    try:
        import postgis_bench
    finally:
        sys.path.remove(str(BENCH))
    from pg_cluster import start_or_reason

    probe, why = start_or_reason()
    if probe is None:
        import pytest

        pytest.skip(f"no PostgreSQL/PostGIS: {why}")
    probe.stop()
    out = tmp_path / "pg.md"
    argv = ["--sizes", "3000", "--runs", "1", "--work", str(tmp_path / "w"), "--out", str(out)]
    assert postgis_bench.main(argv) == 0
    text = out.read_text()
    labels = (
        "importincidents → PostGIS (wall)",
        "scorezones by year, 25 km hexagons, from PostGIS (wall)",
        "  database CPU",
        "scorezones by year, from the GeoPackage",
    )
    for label in labels:
        row = next(line for line in text.splitlines() if line.startswith(f"| {label}"))
        assert "–" not in row, row
    assert "## Goals" in text and "SYNTHETIC" in text
