"""Measured steps of the benchmark: the plugin's and QGIS's native tools on the same data.

Each step is ``step(ctx) -> dict`` with ``times`` (seconds, one per run) and
optional ``info``. Only the work itself is timed, not starting QGIS.

Run one step in its own process (what ``run.py`` does, so its peak memory
can be read)::

    python benchmarks/steps.py STEP '{"n": 100000, "gpkg": ..., ...}'

prints one JSON line with the result and ``maxrss_kb``/``base_rss_kb``.
"""

from __future__ import annotations

import cProfile
import io
import json
import os
import pstats
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SLIDER_STEPS = 12
WINDOW_EVENTS = 100_000


def import_plugin() -> None:
    """Make the checkout importable as sahel_overlap (as scripts/demo.py does)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from headless import ensure_importable

    ensure_importable()


def _timed(fn, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return times


def _out(ctx, stem: str, suffix: str) -> str:
    folder = Path(ctx["work"]) / "out"
    folder.mkdir(parents=True, exist_ok=True)
    k = 0
    while (folder / f"{stem}_{ctx['n']}_{k}{suffix}").exists():
        k += 1
    return str(folder / f"{stem}_{ctx['n']}_{k}{suffix}")


# --- reading ------------------------------------------------------------------------


def read_slow(ctx):
    from qgis.core import QgsFeatureRequest, QgsVectorLayer

    from sahel_overlap.plugin.io.readers import read_incidents

    layer = QgsVectorLayer(ctx["gpkg"], "incidents", "ogr")
    frames = []
    times = _timed(
        lambda: frames.append(len(read_incidents(layer, request=QgsFeatureRequest()))), ctx["runs"]
    )
    return {"times": times, "info": {"rows": frames[-1]}}


def read_fast(ctx):
    from sahel_overlap.plugin.io.arrow import read_incidents_arrow

    frames = []
    times = _timed(lambda: frames.append(len(read_incidents_arrow(ctx["gpkg"]))), ctx["runs"])
    return {"times": times, "info": {"rows": frames[-1]}}


# --- the plugin's algorithms ----------------------------------------------------------------


def _score_params(ctx):
    return {
        "INCIDENTS": ctx["gpkg"],
        "CELL_SIZE_KM": 25,
        "WINDOW": 0,
        "PERMUTATIONS": 99,
        "OUTPUT": _out(ctx, "zones", ".gpkg"),
    }


def _cold_and_warm(ctx, run) -> tuple[list[float], list[float], dict]:
    """``runs`` runs that read the file (cache emptied first), then ``runs`` re-runs on
    the unchanged file (what the plugin read is cached, as in a batch over windows)."""
    from sahel_overlap.plugin.io import gdal_files

    cold, warm, out = [], [], {}
    for _ in range(ctx["runs"]):
        gdal_files.clear_cache()
        t0 = time.perf_counter()
        out = run()
        cold.append(time.perf_counter() - t0)
    for _ in range(ctx["runs"]):
        t0 = time.perf_counter()
        out = run()
        warm.append(time.perf_counter() - t0)
    return cold, warm, out


def scorezones(ctx):
    import processing

    cold, warm, out = _cold_and_warm(
        ctx, lambda: processing.run("saheloverlap:scorezones", _score_params(ctx))
    )
    return {"times": cold, "warm": warm, "info": {"parallel": out.get("ZONES_PARALLEL")}}


def _interaction(ctx, window: int):
    import processing

    params = {
        "INCIDENTS": ctx["gpkg"],
        "CELL_SIZE_KM": 25,
        "WINDOW": window,
        "PERMUTATIONS": 199,
        "GLOBAL_PERMUTATIONS": 99,
    }

    def run():
        out = dict(params, OUTPUT=_out(ctx, "interaction", ".gpkg"))
        out["KNOX_TABLE"] = _out(ctx, "knox", ".gpkg")
        out["KNOX_CHART"] = _out(ctx, "knox", ".png")
        out["KNOX_CHART_SVG"] = _out(ctx, "knox", ".svg")
        return processing.run("saheloverlap:interaction", out)

    cold, warm, out = _cold_and_warm(ctx, run)
    info = {k: out.get(k) for k in ("ZONES_TESTED", "ZONES_ATTRACTION", "ZONES_AVOIDANCE")}
    return {"times": cold, "warm": warm, "info": info}


def interaction(ctx):
    """saheloverlap:interaction, the whole period as one window, 25 km hexagons."""
    return _interaction(ctx, 0)


def interaction_by_year(ctx):
    """saheloverlap:interaction by year, 25 km hexagons."""
    return _interaction(ctx, 1)


PROFILED = [
    ("read incidents (io.readers.read_incidents)", "readers.py", "read_incidents"),
    ("  of which GDAL Arrow read", "arrow.py", "read_incidents_arrow"),
    ("equal-area CRS fit", "projection.py", "equal_area_crs"),
    ("projection to metres / back (pyproj)", "projection.py", "_run"),
    ("hex binning (hexgrid.bin_points)", "hexgrid.py", "bin_points"),
    ("hexagon corners", "hexgrid.py", "hex_corners"),
    ("scoring.score_zones (all)", "scoring.py", "score_zones"),
    ("  scoring.score_window", "scoring.py", "score_window"),
    ("  colocation.colocation_tests (both tests)", "colocation.py", "colocation_tests"),
    ("    withinzone._within (within-zone test)", "withinzone.py", "_within"),
    ("      withinzone._weights (within-zone neighbours)", "withinzone.py", "_weights"),
    ("      withinzone._permute (within-zone permutations)", "withinzone.py", "_permute"),
    ("    colocation.canonical_order", "colocation.py", "canonical_order"),
    ("    colocation._permutation_test", "colocation.py", "_permutation_test"),
    ("    colocation._knn (kd-tree)", "colocation.py", "_knn"),
    ("    colocation._nn_b_share", "colocation.py", "_nn_b_share"),
    ("  scoring.classify (class rules, 3 times)", "scoring.py", "classify"),
    ("  scoring.class_reasons", "scoring.py", "class_reasons"),
    ("coverage (zone-country shares)", "zoning.py", "country_shares"),
    ("writing features: QgsFeatureSink.addFeature", "~", "addFeature"),
    ("writing features: QgsGeometry.fromPolygonXY", "~", "fromPolygonXY"),
]


def scorezones_profile(ctx):
    """One profiled run: where the time goes (cProfile cumulative seconds)."""
    import processing

    from sahel_overlap.plugin.io import gdal_files

    gdal_files.clear_cache()
    params = _score_params(ctx)
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.enable()
    processing.run("saheloverlap:scorezones", params)
    prof.disable()
    total = time.perf_counter() - t0
    stats = pstats.Stats(prof, stream=io.StringIO())
    rows = []
    for label, filename, func in PROFILED:
        cum = 0.0
        calls = 0
        for (fname, _line, name), (_cc, nc, _tt, ct, _callers) in stats.stats.items():
            if (fname == "~" and filename == "~" and func in name) or (
                fname.endswith(filename) and name == func
            ):
                cum += ct
                calls += nc
        rows.append([label, round(cum, 3), calls])
    return {"times": [total], "info": {"profile": rows}}


def _prepared(ctx):
    from sahel_overlap.plugin.io.arrow import read_incidents_arrow
    from sahel_overlap.plugin.render import heatmap_layer as hm

    return hm.PreparedIncidents(read_incidents_arrow(ctx["gpkg"]))


def overlapheatmap(ctx):
    import processing

    cold, warm, out = _cold_and_warm(
        ctx,
        lambda: processing.run(
            "saheloverlap:overlapheatmap",
            {"INCIDENTS": ctx["gpkg"], "OUTPUT": _out(ctx, "heat", ".tif")},
        ),
    )
    events = out.get("EVENTS_A", 0) + out.get("EVENTS_B", 0)
    return {"times": cold, "warm": warm, "info": {"events": events}}


def heatmap_window(ctx):
    """KDE of both groups + overlap + GeoTIFF for a window holding ~100,000 events."""
    import numpy as np

    from sahel_overlap.plugin.render import heatmap_layer as hm

    prepared = _prepared(ctx)
    first = prepared.start.min()
    starts = np.sort(prepared.start)
    last = starts[min(WINDOW_EVENTS, len(starts)) - 1]
    settings = hm.HeatmapSettings(bandwidth_km=50.0, cell_km=5.0)
    prepared.grid(settings)  # the grid is fixed once per layer, as in the dock

    def once():
        result = prepared.compute(first, last, settings)
        hm.write_raster(_out(ctx, "window", ".tif"), result)

    times = _timed(once, ctx["runs"])
    events = int(prepared.mask(first, last).sum())
    return {"times": times, "info": {"events_in_window": events}}


def slider(ctx):
    """The heatmap dock's part of a slider step: new window → compute → write → show
    (the map itself: ``slider_map``)."""
    import numpy as np
    import pandas as pd
    from qgis.core import QgsProject

    from sahel_overlap.plugin.render import heatmap_layer as hm

    prepared = _prepared(ctx)
    settings = hm.HeatmapSettings()
    prepared.grid(settings)
    project = QgsProject()
    layer = hm.HeatmapLayer(project)
    end = pd.Timestamp(prepared.end.max())
    windows = [
        (end - pd.DateOffset(months=12 + k) + pd.Timedelta(days=1), end - pd.DateOffset(months=k))
        for k in range(SLIDER_STEPS)
    ]
    folder = Path(_out(ctx, "slider", ""))
    folder.mkdir(parents=True, exist_ok=True)
    times, events = [], []
    for _run in range(ctx["runs"]):
        for k, (first, last) in enumerate(windows):
            t0 = time.perf_counter()
            result = prepared.compute(first, last, settings)
            path = str(folder / f"frame_{_run}_{k}.tif")
            hm.write_raster(path, result)
            layer.show(path, result.crs, 1.0)
            times.append(time.perf_counter() - t0)
            events.append(result.events_a + result.events_b)
    layer.remove()
    return {"times": times, "info": {"median_events_in_window": int(np.median(events))}}


MAP_SIZE = (1280, 800)
MAP_STEPS = 12  # consecutive slider steps timed per window kind and run


def _plugin_project(ctx):
    """A project holding what the plugin adds: the incident layers of 'Load incidents',
    monthly scored zones (styled and time-aware as the toolbox loads them) and the
    Natural Earth base map; and map settings zoomed to the incidents."""
    import processing
    from qgis.core import QgsMapSettings, QgsProject, QgsVectorLayer
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtGui import QColor

    from sahel_overlap.plugin.provider.alg_score import style_zone_layer
    from sahel_overlap.plugin.render import layers as L

    project = QgsProject.instance()
    project.clear()
    incidents = L.add_incident_layers(ctx["gpkg"], project, "JNIM", "ISGS")
    zones_path = _out(ctx, "map_zones", ".gpkg")
    params = {**_score_params(ctx), "WINDOW": 3, "PERMUTATIONS": 9, "OUTPUT": zones_path}
    processing.run("saheloverlap:scorezones", params)
    zones = QgsVectorLayer(zones_path, "Scored zones", "ogr")
    style_zone_layer(zones)
    L.add_base_map(project)
    L.add_above_base_map(project, zones)  # under the incidents, over the base map
    settings = QgsMapSettings()
    settings.setLayers(project.layerTreeRoot().checkedLayers())
    settings.setDestinationCrs(incidents[0].crs())
    settings.setExtent(L.incidents_extent(incidents, incidents[0].crs()))
    settings.setOutputSize(QSize(*MAP_SIZE))
    settings.setBackgroundColor(QColor("white"))
    settings.setIsTemporal(True)
    return project, settings, zones.featureCount()


def slider_map(ctx):
    """Slider steps as the analyst sees them: the temporal range set and the map fully
    drawn (offscreen QgsMapRendererParallelJob, every layer of the project), for a
    one-month window (the default), a 12-month window and cumulative windows."""
    import datetime as dt

    import numpy as np
    from qgis.core import QgsMapRendererParallelJob

    from sahel_overlap.plugin.core.timeline import Timeline
    from sahel_overlap.plugin.gui.dock_common import qrange
    from sahel_overlap.plugin.io.readers import read_incidents

    project, settings, n_zones = _plugin_project(ctx)
    frame = read_incidents(ctx["gpkg"], fields=("event_date",))  # a file or a PostGIS table
    first, last = frame["event_date"].min().date(), frame["event_date"].max().date()
    mid = first + (last - first) / 2
    kinds = {
        "month": Timeline(first, last, "month", "month"),
        "12m": Timeline(first, last, "year", "month"),
        "cum": Timeline(first, last, "month", "month", cumulative=True),
    }

    def draw(window):
        settings.setTemporalRange(qrange(*window))
        job = QgsMapRendererParallelJob(settings)
        job.start()
        job.waitForFinished()

    times, sizes = {}, {}
    for kind, tl in kinds.items():
        start = min(tl.index_at(mid - dt.timedelta(days=180)), max(tl.count - MAP_STEPS, 0))
        windows = [tl.window(i) for i in range(start, min(start + MAP_STEPS, tl.count))]
        if kind == "cum":  # the late half of the data: the most points drawn
            windows = [tl.window(i) for i in range(max(tl.count - MAP_STEPS, 0), tl.count)]
        draw(windows[0])  # the map as it stood before the slider moved
        times[kind] = []
        for _run in range(ctx["runs"] if ctx["n"] < 1_000_000 else 1):
            for window in windows:
                t0 = time.perf_counter()
                draw(window)
                times[kind].append(time.perf_counter() - t0)
        days = np.array([(w[1] - w[0]).days + 1 for w in windows])
        sizes[kind] = int(np.median(days))
    project.clear()
    return {
        "times": times["month"],
        "m12": times["12m"],
        "cum": times["cum"],
        "info": {"zones": n_zones, "window_days": sizes, "layers": len(settings.layers())},
    }


def importincidents(ctx):
    import processing

    times = []
    out = {}
    for _ in range(ctx["runs"]):
        params = {"INPUT": ctx["csv"], "OUTPUT": _out(ctx, "imported", ".gpkg")}
        t0 = time.perf_counter()
        out = processing.run("saheloverlap:importincidents", params)
        times.append(time.perf_counter() - t0)
    return {"times": times, "info": {"skipped": out.get("SKIPPED")}}


# --- QGIS's own tools -----------------------------------------------------------------


def native(ctx):
    """Reproject to UTM 30N, hexagon grid, count points ×2, heatmap KDE ×2, raster product.

    Everything in GeoPackages (memory layers have no spatial index: counting
    1M points in them takes minutes). Per-stage seconds in ``info``.
    """
    import processing
    from qgis.core import QgsVectorLayer

    stages: dict[str, list[float]] = {}

    def stage(name, alg, params):
        t0 = time.perf_counter()
        res = processing.run(alg, params)
        stages.setdefault(name, []).append(time.perf_counter() - t0)
        return res

    totals = []
    for _ in range(ctx["runs"]):
        t_start = time.perf_counter()
        utm = _out(ctx, "native_utm", ".gpkg")
        stage(
            "reproject",
            "native:reprojectlayer",
            {"INPUT": ctx["gpkg"], "TARGET_CRS": "EPSG:32630", "OUTPUT": utm},
        )
        ext = QgsVectorLayer(utm, "utm", "ogr").extent()
        extent = f"{ext.xMinimum()},{ext.xMaximum()},{ext.yMinimum()},{ext.yMaximum()} [EPSG:32630]"
        grid = _out(ctx, "native_grid", ".gpkg")
        stage(
            "create grid",
            "native:creategrid",
            {
                "TYPE": 4,
                "EXTENT": extent,
                "HSPACING": 25000,
                "VSPACING": 25000,
                "HOVERLAY": 0,
                "VOVERLAY": 0,
                "CRS": "EPSG:32630",
                "OUTPUT": grid,
            },
        )
        layer_name = Path(utm).stem
        points = {
            side: f"{utm}|layername={layer_name}|subset=side IN ('{side}', 'clash')"
            for side in ("a", "b")
        }
        counts = grid
        for side in ("a", "b"):
            nxt = _out(ctx, f"native_count_{side}", ".gpkg")
            stage(
                "count points ×2",
                "native:countpointsinpolygon",
                {"POLYGONS": counts, "POINTS": points[side], "FIELD": f"n_{side}", "OUTPUT": nxt},
            )
            counts = nxt
        heat = {}
        for side in ("a", "b"):
            heat[side] = _out(ctx, f"native_heat_{side}", ".tif")
            stage(
                "heatmap KDE ×2",
                "qgis:heatmapkerneldensityestimation",
                {
                    "INPUT": points[side],
                    "RADIUS": 50000,
                    "PIXEL_SIZE": 5000,
                    "KERNEL": 0,
                    "OUTPUT_VALUE": 0,
                    "OUTPUT": heat[side],
                },
            )
        name_a, name_b = Path(heat["a"]).stem, Path(heat["b"]).stem
        stage(
            "raster product",
            "qgis:rastercalculator",
            {
                "EXPRESSION": f'"{name_a}@1" * "{name_b}@1"',
                "LAYERS": [heat["a"], heat["b"]],
                "CELLSIZE": 5000,
                "CRS": "EPSG:32630",
                "OUTPUT": _out(ctx, "native_product", ".tif"),
            },
        )
        totals.append(time.perf_counter() - t_start)
    # The three stages issue 2 measures of; sum pairs per run.
    per_run = {}
    for name, values in stages.items():
        k = len(values) // ctx["runs"]
        per_run[name] = [sum(values[i * k : (i + 1) * k]) for i in range(ctx["runs"])]
    return {"times": totals, "info": {"stages": per_run}}


DESKTOP_EVENTS = 200_000


def desktop(ctx):
    """The real QGIS desktop under Xvfb with 200,000 SYNTHETIC events, driven by
    ``scripts/desktop_e2e.py``: the timings the analyst feels (dock opening,
    main-thread stalls while playing and changing options, heatmap of a new window
    until drawn), with their goals. One run: it takes a few minutes."""
    import tempfile

    sys.path.insert(0, str(ROOT / "scripts"))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import desktop_session

    import data

    if desktop_session.missing_tools():
        return {"times": [], "info": {"skipped": "qgis and xvfb-run are needed"}}
    csv = data.acled_csv(DESKTOP_EVENTS, Path(ctx["work"]) / f"acled_{DESKTOP_EVENTS}.csv")
    with tempfile.TemporaryDirectory(prefix="sahel_bench_desktop_") as tmp:
        tmp = Path(tmp)
        env = {
            "SAHEL_E2E_MODE": "scale",
            "SAHEL_E2E_CSV": str(csv),
            "SAHEL_E2E_RESULT": str(tmp / "result.json"),
            "SAHEL_E2E_SHOT": str(tmp / "shot.png"),
            "SAHEL_E2E_WORK": str(tmp / "work"),
            "SAHEL_E2E_TIMEOUT": "840",
            "SAHEL_E2E_RELOADS": "1",
        }
        output = desktop_session.run_qgis(
            ROOT / "scripts" / "desktop_e2e.py", tmp, env, "1600x1000", 900
        )
        result = tmp / "result.json"
        if not result.exists():
            raise RuntimeError(f"the desktop run wrote no result: {output}")
        state = json.loads(result.read_text(encoding="utf-8"))
    failed = [name for name, c in state["checks"].items() if not c["ok"]]
    return {
        "times": [],
        "info": {"measures": state["measures"], "failed_checks": failed, "events": DESKTOP_EVENTS},
    }


STEPS = {
    f.__name__: f
    for f in (
        read_slow,
        read_fast,
        scorezones,
        scorezones_profile,
        overlapheatmap,
        heatmap_window,
        slider,
        slider_map,
        importincidents,
        native,
        desktop,
        interaction,
        interaction_by_year,
    )
}


def start_qgis():
    """QGIS, Processing and the plugin, headless."""
    import_plugin()
    from headless import start_qgis as start

    return start()


def peak_rss_kb() -> int:
    """This process's peak RSS. VmHWM, not ru_maxrss: Linux carries the parent's
    ru_maxrss over fork+exec, so a child would report at least the parent's peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main() -> int:
    name, ctx = sys.argv[1], json.loads(sys.argv[2])
    _app, plugin = start_qgis()
    base = peak_rss_kb()
    result = STEPS[name](ctx)
    result["maxrss_kb"] = peak_rss_kb()
    result["base_rss_kb"] = base
    print("RESULT " + json.dumps(result))
    sys.stdout.flush()
    plugin.unload()
    os._exit(0)  # skip QGIS's slow teardown; nothing is left to flush


if __name__ == "__main__":
    sys.exit(main())
