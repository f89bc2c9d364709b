"""`make bench`: the plugin against QGIS's own tools on the same SYNTHETIC data.

Generates 10,000 / 100,000 / 1,000,000 events in the Sahel (``--small``: the
first two only), runs every step in its own process (to read its peak
memory) and writes ``benchmarks/results.md`` (medians, peak memory, machine,
ratios and goals met or not) and ``benchmarks/README_section.md``.

    make bench                      # all sizes, ~10 minutes on 2 cores
    make bench BENCH_ARGS=--small   # 10k and 100k only, ~2 minutes
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import steps  # noqa: E402

SIZES = [10_000, 100_000, 1_000_000]
SMALL = [10_000, 100_000]
LARGE = 1_000_000  # native steps run once from this size on (~1 minute per run)
GIB = 1024**3

# (step, label) in table order
ROWS = [
    ("read_slow", "Read layer: getFeatures (QGIS API)"),
    ("read_fast", "Read layer: GDAL Arrow stream"),
    ("importincidents", "saheloverlap:importincidents, ACLED CSV → GeoPackage"),
    (
        "scorezones",
        "saheloverlap:scorezones (whole period, 25 km hexagons, 99 permutations, both tests)",
    ),
    ("scorezones:warm", "  re-run on the unchanged file (its read cached)"),
    ("native", "Native pipeline: reproject + grid + count ×2 + heatmap ×2 + product"),
    ("native:kde", "  of which native heatmap KDE ×2 + raster calculator product"),
    ("overlapheatmap", "saheloverlap:overlapheatmap (whole period, 50 km, 5 km cells)"),
    ("overlapheatmap:warm", "  re-run on the unchanged file (its projection cached)"),
    ("heatmap_window", "Heatmap of a window of ≤100,000 events (compute + GeoTIFF)"),
    ("slider", "Heatmap dock step, 12-month window (compute + GeoTIFF + layer update)"),
    (
        "slider_map",
        "Slider step to map drawn, 1-month window (every plugin layer + zones + base map)",
    ),
    ("slider_map:12m", "  12-month window"),
    ("slider_map:cum", "  cumulative window (late half: most points)"),
    ("interaction", "saheloverlap:interaction (one window, 25 km hexagons, 199 + 99 permutations)"),
    ("interaction:warm", "  re-run on the unchanged file (its read cached)"),
    (
        "interaction_by_year",
        "saheloverlap:interaction by year (25 km hexagons, 199 + 99 permutations)",
    ),
    ("interaction_by_year:warm", "  re-run on the unchanged file (its read cached)"),
]


def fmt_s(v: float | None) -> str:
    if v is None:
        return "–"
    return f"{v * 1000:.0f} ms" if v < 1 else f"{v:.2f} s"


def fmt_mib(kb: int | None) -> str:
    return "–" if kb is None else f"{kb / 1024:.0f} MiB"


def machine() -> dict:
    from osgeo import gdal
    from qgis.core import Qgis

    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kb / 1024**2:.1f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "memory": mem,
        "qgis": Qgis.QGIS_VERSION,
        "gdal": gdal.__version__,
        "python": platform.python_version(),
        "os": platform.platform(),
        "date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
    }


def run_step(name: str, ctx: dict, in_process: bool) -> dict:
    if in_process:
        return steps.STEPS[name](ctx)
    cmd = [sys.executable, str(HERE / "steps.py"), name, json.dumps(ctx)]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[7:])
    raise RuntimeError(f"step {name} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")


def median(values):
    return statistics.median(values) if values else None


def evaluate(res: dict, sizes: list[int]) -> list[list[str]]:
    """Goals as rows: goal, measured, met."""

    def med(step, n):
        r = res.get((step, n))
        return None if r is None else median(r["times"])

    big = max(sizes)
    at = f" (at {big:,} events; goal stated at 1,000,000)" if big < LARGE else ""
    goals = []

    def rerun(step, base):
        w = med(f"{step}:warm", big)
        return f"; re-run on the same file {fmt_s(w)}: {base / w:.1f}×" if w else ""

    # Judged on runs that read the file; re-runs (read cached) are shown beside them.
    sc, nat = med("scorezones", big), med("native", big)
    if sc and nat:
        ratio = nat / sc
        goals.append(
            [
                "1. scorezones with the within-zone test, coverage and ambiguity classes "
                "≥ 10× faster than the native pipeline and < 5 s" + at,
                f"{fmt_s(sc)} vs {fmt_s(nat)}: {ratio:.1f}×{rerun('scorezones', nat)}",
                "met" if ratio >= 10 and sc < 5 else "NOT met",
            ]
        )
    oh, kde = med("overlapheatmap", big), med("native:kde", big)
    if oh and kde:
        ratio = kde / oh
        warm = med("overlapheatmap:warm", big)
        # Restated goal: a first run reads the GeoPackage (the read is its floor), so it
        # is judged at 12x; re-runs on the unchanged file at 50x.
        warm_ratio = kde / warm if warm else 0.0
        if ratio >= 12 and warm_ratio >= 50:
            status = "met"
        elif ratio >= 12:
            status = "NOT met (re-runs)"
        else:
            status = "NOT met (first run)"
        goals.append(
            [
                "2a. overlapheatmap ≥ 12× faster than native KDE ×2 + product on a first "
                "run, ≥ 50× on re-runs" + at,
                f"{fmt_s(oh)} vs {fmt_s(kde)}: {ratio:.1f}×{rerun('overlapheatmap', kde)}",
                status,
            ]
        )
    hw = res.get(("heatmap_window", big))
    if hw:
        ev = hw["info"]["events_in_window"]
        v = median(hw["times"])
        goals.append(
            [
                f"2b. heatmap of a window of 100,000 events < 100 ms (window held {ev:,})",
                fmt_s(v),
                "met" if v < 0.1 and ev >= 100_000 else ("NOT met" if v >= 0.1 else "not measured"),
            ]
        )
    imp = med("importincidents", big)
    if imp:
        goals.append(
            [
                "3. import of a 1,000,000-row ACLED CSV < 15 s" + at,
                fmt_s(imp),
                "met"
                if imp < 15 and big >= LARGE
                else ("NOT met" if imp >= 15 else "not measured"),
            ]
        )
    for n, limit in ((100_000, 0.3), (LARGE, 1.0)):
        sm = med("slider_map", n)
        if sm is None:
            continue
        m12, cum = med("slider_map:12m", n), med("slider_map:cum", n)
        goals.append(
            [
                f"4. slider step to map drawn at {n:,} events (1 month, 1280×800) < {fmt_s(limit)}",
                f"{fmt_s(sm)} (12-month {fmt_s(m12)}, cumulative {fmt_s(cum)})",
                "met" if sm < limit else "NOT met",
            ]
        )
    sl = med("slider", 100_000)
    if sl:
        ev = res[("slider", 100_000)]["info"]["median_events_in_window"]
        goals.append(
            [
                f"4b. heatmap dock step for 100,000 events < 150 ms (median window {ev:,} events)",
                fmt_s(sl),
                "met" if sl < 0.15 else "NOT met",
            ]
        )
    desk = next((r for (step, _n), r in res.items() if step == "desktop"), None)
    for name, m in ((desk or {}).get("info", {}).get("measures") or {}).items():
        events = desk["info"]["events"]
        goals.append(
            [
                f"4c. desktop, {events:,} events: {name} < {fmt_s(m['goal_ms'] / 1000)}",
                fmt_s(m["ms"] / 1000),
                "met" if m["ms"] < m["goal_ms"] else "NOT met",
            ]
        )
    if desk and desk["info"].get("failed_checks"):
        goals.append(
            [
                "4c. desktop run: every behaviour check passed",
                ", ".join(desk["info"]["failed_checks"]),
                "NOT met",
            ]
        )
    for step, stated, limit, label in (
        ("interaction", 100_000, 8.0, "6a. interaction, 100,000 events in one window"),
        ("interaction_by_year", LARGE, 30.0, "6b. interaction, 1,000,000 events by year"),
    ):
        n = stated if (step, stated) in res else big
        v = med(step, n)
        if v:
            note = f" (at {n:,} events; goal stated at {stated:,})" if n != stated else ""
            status = "met" if v < limit else "NOT met"
            if n < stated and v < limit:
                status = "not measured"
            goals.append(
                [f"{label}, 25 km hexagons, 199 permutations < {limit:g} s{note}", fmt_s(v), status]
            )
    peaks = [
        (r["maxrss_kb"], step)
        for (step, n), r in res.items()
        if n == big and r.get("maxrss_kb") and step not in ("native", "scorezones_profile")
    ]
    if peaks:
        kb, step = max(peaks)
        goals.append(
            [
                "5. peak memory of every plugin step at 1,000,000 events < 2 GiB" + at,
                f"{fmt_mib(kb)} ({step})",
                "met"
                if kb * 1024 < 2 * GIB and big >= LARGE
                else ("NOT met" if kb * 1024 >= 2 * GIB else "not measured"),
            ]
        )
    else:
        goals.append(
            [
                "5. peak memory of every plugin step at 1,000,000 events < 2 GiB",
                "–",
                "not measured (--in-process)",
            ]
        )
    return goals


def table(header, rows) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return out


def timing_rows(res, sizes):
    rows = []
    for step, label in ROWS:
        cells = []
        for n in sizes:
            r = res.get((step, n))
            if r is None:
                cells.append("–")
                continue
            per_step = step == "slider" or step.startswith("slider_map")
            runs = r.get("runs", 1) if per_step else len(r["times"])
            cells.append(f"{fmt_s(median(r['times']))} ({runs}×)")
        rows.append([label, *cells])
    return rows


def report(res, sizes, info, args, wall) -> tuple[str, str]:
    cmd = "make bench" + (" BENCH_ARGS=--small" if sizes == SMALL else "")
    if args.sizes:
        cmd = f"make bench BENCH_ARGS='--sizes {','.join(map(str, sizes))}'"
    head = [f"Size (events) → {n:,}" for n in sizes]
    timings = table(["Step", *head], timing_rows(res, sizes))
    mem_rows = []
    for step, label in ROWS:
        if step.startswith("native:") or step.endswith(":warm"):
            continue  # measured inside another step's process
        cells = [fmt_mib(res.get((step, n), {}).get("maxrss_kb")) for n in sizes]
        mem_rows.append([label, *cells])
    base = [r.get("base_rss_kb") for r in res.values() if r.get("base_rss_kb")]
    ratio_rows = []
    for n in sizes:
        g = {
            k: median(res[(k, n)]["times"])
            for k in (
                "read_slow",
                "read_fast",
                "scorezones",
                "scorezones:warm",
                "native",
                "native:kde",
                "overlapheatmap",
                "overlapheatmap:warm",
            )
            if (k, n) in res
        }
        cells = [f"{n:,}"]
        for a, b in (
            ("read_slow", "read_fast"),
            ("native", "scorezones"),
            ("native", "scorezones:warm"),
            ("native:kde", "overlapheatmap"),
            ("native:kde", "overlapheatmap:warm"),
        ):
            cells.append(f"{g[a] / g[b]:.1f}×" if g.get(a) and g.get(b) else "–")
        ratio_rows.append(cells)
    goals = evaluate(res, sizes)
    lines = [
        "# Benchmark results",
        "",
        (
            f"Generated by `{cmd}` ({wall / 60:.1f} min) on {info['date']}. SYNTHETIC data "
            "generated at run time from the bundled sample (benchmarks/data.py): not real events."
        ),
        "",
        (
            f"Machine: {info['cores']} cores ({info['cpu']}), {info['memory']}; QGIS {info['qgis']}, "
            f"GDAL {info['gdal']}, Python {info['python']}; {info['os']}."
        ),
        "",
        "## Median wall time",
        "",
        (
            f"Medians of {args.runs} runs, except (1×): QGIS's native pipeline runs once from "
            f"{LARGE:,} events on (about a minute per run). The heatmap step is the median of "
            f"{steps.SLIDER_STEPS} steps per run; slider steps to the map drawn are medians of "
            f"{steps.MAP_STEPS} consecutive steps per window kind and run (one run from {LARGE:,} "
            "events), each timed from setting the temporal range to the last layer drawn. Times exclude starting QGIS; reading is included "
            "in each algorithm. scorezones and overlapheatmap run twice over: first with the "
            "plugin's cache emptied before each run (they read the GeoPackage: the figure the "
            "goals are judged on), then as re-runs on the unchanged file (a batch over windows, "
            "a second bandwidth), which take the events from the cache."
        ),
        "",
        *timings,
        "",
        "## Ratios (same run, same data)",
        "",
        *table(
            [
                "Events",
                "Arrow read vs getFeatures",
                "scorezones vs native pipeline",
                "  re-run",
                "overlapheatmap vs native KDE ×2 + product",
                "  re-run",
            ],
            ratio_rows,
        ),
        "",
        "## Goals",
        "",
        *table(["Goal", "Measured", "Status"], goals),
        "",
        "## Peak memory (peak RSS of the step's process, QGIS included)",
        "",
        (
            f"A bare QGIS + Processing + plugin process peaks at about {fmt_mib(int(median(base)))}."
            if base
            else "Not measured (--in-process)."
        ),
        "",
        *table(["Step", *head], mem_rows),
        "",
    ]
    nat = [(n, res[("native", n)]["info"]["stages"]) for n in sizes if ("native", n) in res]
    if nat:
        n, stages = nat[-1]
        lines += [
            f"## Native pipeline by stage ({n:,} events)",
            "",
            *table(
                ["Stage", "Seconds (median)"], [[k, fmt_s(median(v))] for k, v in stages.items()]
            ),
            "",
            (
                "Native heatmaps write nodata where a group has no point, so their product is "
                "nodata there too; the plugin's surfaces are 0 there."
            ),
            "",
        ]
    prof = [(n, res[("scorezones_profile", n)]) for n in sizes if ("scorezones_profile", n) in res]
    if prof:
        n, r = prof[-1]
        lines += [
            f"## Where scorezones spends its time ({n:,} events, one cProfile run, {fmt_s(r['times'][0])} with the profiler)",
            "",
            *table(["Function", "Cumulative s", "Calls"], r["info"]["profile"]),
            "",
        ]
    section = [
        "## Performance",
        "",
        (
            "Against QGIS's own tools on the same synthetic data, in the same run "
            f"({info['cores']} cores, QGIS {info['qgis']}, GDAL {info['gdal']}, {info['date'][:10]}):"
        ),
        "",
        *timings,
        "",
        *table(["Goal", "Measured", "Status"], goals),
        "",
        (
            f"Reproduce with `{cmd}` (all sizes: `make bench`, about 10 minutes; "
            "`make bench BENCH_ARGS=--small` for 10k and 100k events only). Full results, "
            "peak memory and a profile: `benchmarks/results.md`."
        ),
        "",
    ]
    return "\n".join(lines), "\n".join(section)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--small", action="store_true", help="10,000 and 100,000 events only")
    parser.add_argument("--sizes", help="comma-separated event counts (overrides --small)")
    parser.add_argument("--runs", type=int, default=5, help="runs per step (default 5)")
    parser.add_argument("--steps", help="comma-separated steps to run (default all)")
    parser.add_argument("--work", default=str(ROOT / "build" / "bench"), help="scratch folder")
    parser.add_argument("--out", default=str(HERE / "results.md"))
    parser.add_argument("--readme", default=str(HERE / "README_section.md"))
    parser.add_argument(
        "--in-process",
        action="store_true",
        help="no subprocesses (no memory figures); QGIS must be running",
    )
    args = parser.parse_args(argv)
    sizes = (
        [int(s) for s in args.sizes.split(",")] if args.sizes else (SMALL if args.small else SIZES)
    )
    wanted = args.steps.split(",") if args.steps else list(steps.STEPS)
    work = Path(args.work)
    if not args.in_process:
        steps.import_plugin()
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from qgis.core import QgsApplication  # noqa: F401  (versions for the report)
    import data

    shutil.rmtree(work / "out", ignore_errors=True)
    work.mkdir(parents=True, exist_ok=True)
    t_start = time.perf_counter()
    info = machine()
    events = data.sample_events()
    res: dict = {}
    for n in sizes:
        t0 = time.perf_counter()
        csv = data.acled_csv(n, work / f"acled_{n}.csv")
        gpkg = data.incidents_gpkg(n, work / f"incidents_{n}.gpkg", events=events)
        print(f"[{n:,}] data generated in {time.perf_counter() - t0:.1f} s", flush=True)
        for step in wanted:
            if step == "scorezones_profile" and n != max(sizes):
                continue
            if step == "slider" and n != 100_000 and 100_000 in sizes:
                continue
            if step == "slider_map" and n < 100_000 and 100_000 in sizes:
                continue
            if step == "desktop" and n != max(sizes):
                continue  # one run with its own 200,000 events
            runs = (
                1
                if step == "scorezones_profile" or (step == "native" and n >= LARGE)
                else args.runs
            )
            ctx = {"n": n, "csv": str(csv), "gpkg": str(gpkg), "work": str(work), "runs": runs}
            t0 = time.perf_counter()
            r = run_step(step, ctx, args.in_process)
            r["runs"] = runs
            res[(step, n)] = r
            if "warm" in r:
                res[(f"{step}:warm", n)] = {"times": r["warm"], "info": {}, "runs": runs}
            for extra in ("m12", "cum"):
                if extra in r:
                    name = f"{step}:{'12m' if extra == 'm12' else extra}"
                    res[(name, n)] = {"times": r[extra], "info": {}, "runs": r.get("runs", runs)}
            if step == "native":
                kde = [
                    sum(v)
                    for v in zip(
                        r["info"]["stages"]["heatmap KDE ×2"], r["info"]["stages"]["raster product"]
                    )
                ]
                res[("native:kde", n)] = {"times": kde, "info": {}, "runs": runs}
            print(
                f"[{n:,}] {step}: median {fmt_s(median(r['times']))} ({time.perf_counter() - t0:.0f} s with start-up)",
                flush=True,
            )
        for f in work.glob(f"*_{n}.*"):
            f.unlink()
        shutil.rmtree(work / "out", ignore_errors=True)
    text, section = report(res, sizes, info, args, time.perf_counter() - t_start)
    Path(args.out).write_text(text)
    Path(args.readme).write_text(section)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
