"""`make bench`, PostGIS part (issue 16): the plugin against a PostGIS store.

On SYNTHETIC ACLED exports of 100,000 / 1,000,000 / 5,000,000 rows (``--sizes``),
in a throw-away PostgreSQL 15 + PostGIS cluster (scripts/pg_cluster.py, settings
``TUNED``) reached through a pg_service.conf service:

- importincidents: CSV → PostGIS table (COPY), and CSV → GeoPackage beside it;
- scorezones by year on 25 km hexagons of the fixed grid, from PostGIS (counted in
  the database) and from the GeoPackage of the same import;
- slider step to map drawn (1-month windows) with every plugin layer on PostGIS.

Every step runs in its own process (peak memory = VmHWM of the QGIS process).
Database time is the CPU time of the cluster's server processes during the step;
QGIS time is the CPU time of the QGIS process; both beside the wall time.
Writes ``benchmarks/postgis_results.md``.

    python benchmarks/postgis_bench.py --sizes 100000,1000000,5000000
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "scripts"))

SIZES = [100_000, 1_000_000, 5_000_000]
SERVICE = "sahel_bench"
GIB = 1024**3
TICK = os.sysconf("SC_CLK_TCK")


# --- measuring ---------------------------------------------------------------------------


def server_cpu(data_dir: str) -> float:
    """CPU seconds used so far by the cluster's processes (postmaster and children)."""
    pid = int(Path(data_dir, "postmaster.pid").read_text().split()[0])
    total = 0.0
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            stat = (proc / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        ppid = int(fields[1])
        if int(proc.name) == pid or ppid == pid:
            # utime, stime, and the children's (background workers already reaped)
            total += sum(int(v) for v in fields[11:15]) / TICK
    return total


def self_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def peak_rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


# --- steps (each in its own process) ---------------------------------------------------------


def _measure(ctx, fn):
    """Wall, QGIS CPU and database CPU seconds of ``fn()``; its result."""
    db0, cpu0, t0 = server_cpu(ctx["data_dir"]), self_cpu(), time.perf_counter()
    out = fn()
    wall = time.perf_counter() - t0
    return {
        "wall": wall,
        "qgis_cpu": self_cpu() - cpu0,
        "db_cpu": server_cpu(ctx["data_dir"]) - db0,
        "load": load(),
        "out": out,
    }


def step_import(ctx):
    import processing

    dest = ctx["pg"] if ctx["target"] == "pg" else ctx["gpkg"]
    if ctx["target"] == "pg":
        from sahel_overlap.plugin.io import postgis

        table = postgis.PgTable.from_uri(dest)
        con = postgis.connect(table)
        with con.cursor() as cur:  # a fresh table per run
            cur.execute(f'DROP TABLE IF EXISTS "{table.schema}"."{table.table}"')
        con.commit()
        con.close()
    elif Path(dest).exists():
        Path(dest).unlink()
    res = _measure(
        ctx,
        lambda: processing.run(
            "saheloverlap:importincidents",
            {"INPUT": ctx["csv"], "OUTPUT": dest},
        )["EVENTS_A"],
    )
    return res


def step_score(ctx):
    import processing

    from sahel_overlap.plugin.io import gdal_files

    gdal_files.clear_cache()
    source = ctx["pg"] if ctx["target"] == "pg" else ctx["gpkg"]
    out = str(Path(ctx["work"]) / f"zones_{ctx['target']}_{ctx['n']}_{time.time_ns()}.gpkg")
    params = {"INCIDENTS": source, "CELL_SIZE_KM": 25, "WINDOW": 1, "PERMUTATIONS": 99,
              "OUTPUT": out}  # fmt: skip
    return _measure(
        ctx, lambda: processing.run("saheloverlap:scorezones", params)["ZONES_PARALLEL"]
    )


def step_slider(ctx):
    import steps

    res = steps.slider_map({**ctx, "gpkg": ctx["pg"], "runs": 1})
    return {"wall": statistics.median(res["times"]), "times": res["times"],
            "m12": res["m12"], "cum": res["cum"], "load": load(), "out": res["info"]}  # fmt: skip


STEPS = {"import": step_import, "score": step_score, "slider": step_slider}


def child(name: str, ctx: dict) -> None:
    from headless import start_qgis

    _app, plugin = start_qgis()
    base = peak_rss_kb()
    result = STEPS[name](ctx)
    result["peak_kb"] = peak_rss_kb()
    result["base_kb"] = base
    print("RESULT " + json.dumps(result, default=str))
    sys.stdout.flush()
    plugin.unload()
    os._exit(0)


def run_child(name: str, ctx: dict, env: dict) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--step", name, json.dumps(ctx)]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[7:])
    raise RuntimeError(f"step {name} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")


# --- the run -------------------------------------------------------------------------------


def fmt_s(v):
    return "–" if v is None else (f"{v * 1000:.0f} ms" if v < 1 else f"{v:.1f} s")


def med(rows, key):
    vals = [r[key] for r in rows if r.get(key) is not None]
    return statistics.median(vals) if vals else None


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--runs", type=int, default=3, help="runs per step below 5M (default 3)")
    parser.add_argument("--big-runs", type=int, default=2, help="runs per step at 5M")
    parser.add_argument("--work", default=str(ROOT / "build" / "bench_pg"))
    parser.add_argument("--out", default=str(HERE / "postgis_results.md"))
    parser.add_argument("--step", help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args(argv)
    if args.step:
        child(args.step, json.loads(rest[0]))
        return 0
    import importlib

    import pg_cluster
    from headless import ensure_importable

    ensure_importable()
    data = importlib.import_module("data")  # after the plugin is importable
    sizes = [int(s) for s in args.sizes.split(",")]
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    t_start = time.perf_counter()
    # A stopped run still stops its cluster (the finally below).
    previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    cluster = pg_cluster.Cluster.start(pg_cluster.TUNED)
    results: dict = {}
    try:
        cluster.create_database("sahel")
        service = work / "pg_service.conf"
        service.write_text(
            f"[{SERVICE}]\nhost={cluster.host}\nport={cluster.port}\ndbname=sahel\n"
            f"user={cluster.user}\n"
        )
        pgpass = work / "pgpass"
        pgpass.write_text(f"{cluster.host}:{cluster.port}:*:{cluster.user}:{cluster.password}\n")
        pgpass.chmod(0o600)
        env = dict(os.environ, PGSERVICEFILE=str(service), PGPASSFILE=str(pgpass),
                   QT_QPA_PLATFORM="offscreen")  # fmt: skip
        for n in sizes:
            t0 = time.perf_counter()
            csv = data.acled_csv(n, work / f"acled_{n}.csv")
            print(f"[{n:,}] CSV generated in {time.perf_counter() - t0:.0f} s", flush=True)
            pg = (
                f"postgres://service='{SERVICE}' key='fid' table=\"bench\".\"incidents_{n}\" (geom)"
            )
            ctx = {"n": n, "csv": str(csv), "pg": pg, "gpkg": str(work / f"incidents_{n}.gpkg"),
                   "work": str(work), "data_dir": str(cluster.data)}  # fmt: skip
            runs = args.big_runs if n >= 5_000_000 else args.runs
            for step, target in (("import", "pg"), ("import", "gpkg"), ("score", "pg"),
                                 ("score", "gpkg"), ("slider", "pg")):  # fmt: skip
                if step == "slider" and n < 1_000_000:
                    continue
                k = 1 if step == "slider" else runs
                rows = []
                for _ in range(k):
                    rows.append(run_child(step, {**ctx, "target": target}, env))
                    r = rows[-1]
                    print(f"[{n:,}] {step} {target}: {fmt_s(r['wall'])}, QGIS CPU "
                          f"{fmt_s(r.get('qgis_cpu'))}, DB CPU {fmt_s(r.get('db_cpu'))}, peak "
                          f"{r['peak_kb'] / 1024:.0f} MiB, load {r['load']}", flush=True)  # fmt: skip
                results[(step, target, n)] = rows
            csv.unlink()
    finally:
        cluster.stop()
        # Run in-process (the smoke test), the caller's own handler comes back.
        signal.signal(signal.SIGTERM, previous)
    write_report(results, sizes, Path(args.out), time.perf_counter() - t_start)
    print(Path(args.out).read_text())
    return 0


def write_report(results, sizes, out: Path, wall: float) -> None:
    from osgeo import gdal
    from qgis.core import Qgis

    head = ["Step", *[f"{n:,} events" for n in sizes]]

    def row(label, step, target, key, fmt=fmt_s):
        cells = []
        for n in sizes:
            rows = results.get((step, target, n))
            cells.append(fmt(med(rows, key)) if rows else "–")
        return [label, *cells]

    def mib(v):
        return "–" if v is None else f"{v / 1024:.0f} MiB"

    rows = [
        row("importincidents → PostGIS (wall)", "import", "pg", "wall"),
        row("  database CPU", "import", "pg", "db_cpu"),
        row("  QGIS process CPU", "import", "pg", "qgis_cpu"),
        row("  QGIS peak memory", "import", "pg", "peak_kb", mib),
        row("importincidents → GeoPackage (wall)", "import", "gpkg", "wall"),
        row("scorezones by year, 25 km hexagons, from PostGIS (wall)", "score", "pg", "wall"),
        row("  database CPU", "score", "pg", "db_cpu"),
        row("  QGIS process CPU", "score", "pg", "qgis_cpu"),
        row("  QGIS peak memory", "score", "pg", "peak_kb", mib),
        row("scorezones by year, from the GeoPackage (wall)", "score", "gpkg", "wall"),
        row("  QGIS process CPU", "score", "gpkg", "qgis_cpu"),
        row("  QGIS peak memory", "score", "gpkg", "peak_kb", mib),
        row("Slider step to map drawn, PostGIS layers, 1-month window", "slider", "pg", "wall"),
    ]
    ones = [float(r["load"].split()[0]) for rs in results.values() for r in rs]
    loads = f"{min(ones):.1f} to {max(ones):.1f}" if ones else "not read"
    goals = []
    big = max(sizes)
    for label, step, target, limit in (
        ("import of 5,000,000 events into PostGIS < 90 s", "import", "pg", 90),
        ("scorezones by year from PostGIS at 5,000,000 < 30 s", "score", "pg", 30),
    ):
        v = med(results.get((step, target, big), []), "wall")
        met = "met" if v is not None and v < limit and big >= 5_000_000 else "NOT met"
        goals.append([label + (f" (largest size run: {big:,})" if big < 5_000_000 else ""),
                      fmt_s(v), met if v is not None else "not measured"])  # fmt: skip
    peak = med(results.get(("score", "pg", big), []), "peak_kb")
    goals.append(["QGIS peak memory of that run < 2 GiB", mib(peak),
                  "met" if peak is not None and peak * 1024 < 2 * GIB else "NOT met"])  # fmt: skip
    for n in (1_000_000, 5_000_000):
        v = med(results.get(("slider", "pg", n), []), "wall")
        if v is not None:
            goals.append([f"slider step to map drawn at {n:,} events in PostGIS < 1 s", fmt_s(v),
                          "met" if v < 1 else "NOT met"])  # fmt: skip

    def table(header, body):
        return ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)] + [
            "| " + " | ".join(map(str, r)) + " |" for r in body
        ]

    lines = [
        "# PostGIS benchmark (issue 16)",
        "",
        (
            f"Generated by `python benchmarks/postgis_bench.py --sizes {','.join(map(str, sizes))}` "
            f"({wall / 60:.1f} min) on {dt.datetime.now():%Y-%m-%d %H:%M}; {os.cpu_count()} cores "
            f"shared with other sessions (1-minute load average during the steps: {loads}). "
            f"QGIS {Qgis.QGIS_VERSION}, "
            f"GDAL {gdal.__version__}, PostgreSQL 15 + PostGIS 3 (throw-away cluster, "
            "scripts/pg_cluster.py TUNED settings). SYNTHETIC data (benchmarks/data.py): not real "
            "events."
        ),
        "",
        (
            "Medians of the runs (3 per step, 2 at 5,000,000; the slider: median of 12 consecutive "
            "1-month steps). Database CPU = CPU seconds of the cluster's server processes during "
            "the step; QGIS process CPU = the QGIS process's own. Wall time includes both and the "
            "waiting between them."
        ),
        "",
        *table(head, rows),
        "",
        "## Goals",
        "",
        *table(["Goal", "Measured", "Status"], goals),
        "",
    ]
    out.write_text("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
