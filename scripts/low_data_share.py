"""How much of the real files' evidence the default zoning leaves in low_data or no_data.

Runs 'Import incidents' and 'Score zones' headless on the real Mali (actor-based) and
Burkina Faso ACLED files in ../shared/data/real/ (never copied into the repository),
scored by year with the default zoning (no ZONES), and for comparison on plain hexagons
of 25, 50, 100 and 200 km. Prints, per file and zoning, the share of the two groups'
attributed events (own events, clashes and joint operations, each once; ambiguous ones
left out) that sit in low_data zone-windows, in no_data ones (the source covers under
MIN_COVERAGE of the zone-window: covered evidence merged with uncovered ground is lost
there) and the two together, pooled over all windows, and the zones' sizes; by year and
by quarter unless --window picks one.

    .venv/bin/python scripts/low_data_share.py [--data ../shared/data/real] [--window 1]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FILES = {
    "Mali": "acled_mali_2017_2020_actor_based.csv",
    "Burkina Faso": "acled_burkina_faso_2016_2020.csv",
}
PLAIN_KM = (25.0, 50.0, 100.0, 200.0)


def low_data_share(path) -> dict:
    """Of a scored-zones file: ``low`` and ``no_data``, the shares of attributed events in
    low_data and no_data zone-windows; ``low_n``, ``no_data_n``, ``total`` the events;
    ``by_size`` the events per zone size in km."""
    from qgis.core import QgsVectorLayer

    from sahel_overlap.plugin import definitions as d

    layer = QgsVectorLayer(str(path), "scored", "ogr")
    has_km = "zone_km" in layer.fields().names()
    low = no_data = total = 0
    by_size: dict = {}
    for f in layer.getFeatures():
        n = f["events_a"] + f["events_b"] - f["events_clash"] - f["events_joint"]
        total += n
        if f["zone_class"] == d.Z_LOW_DATA:
            low += n
        elif f["zone_class"] == d.Z_NO_DATA:
            no_data += n
        size = f["zone_km"] if has_km else None
        by_size[size] = by_size.get(size, 0) + n
    return {
        "low": low / total if total else 0.0,
        "no_data": no_data / total if total else 0.0,
        "low_n": low,
        "no_data_n": no_data,
        "total": total,
        "by_size": by_size,
    }


def measure(data: Path, window: int, plain=PLAIN_KM, log=print) -> dict:
    """{(country, zoning): low_data_share(...)}; QGIS and the plugin already started."""
    import processing

    work = Path(tempfile.mkdtemp(prefix="low_data_share_"))
    out = {}
    for country, name in FILES.items():
        inc = work / f"{country[:3]}.gpkg"
        processing.run(
            "saheloverlap:importincidents", {"INPUT": str(data / name), "OUTPUT": str(inc)}
        )
        runs = [("default", {})] + [(f"plain {km:g} km", {"CELL_SIZE_KM": km}) for km in plain]
        for label, extra in runs:
            target = work / f"{country[:3]}_{label.replace(' ', '_')}.gpkg"
            params = {"INCIDENTS": str(inc), "WINDOW": window, "OUTPUT": str(target), **extra}
            processing.run("saheloverlap:scorezones", params)
            out[(country, label)] = low_data_share(target)
            got = out[(country, label)]
            sizes = ", ".join(f"{k:g} km {v}" for k, v in sorted(got["by_size"].items()) if k)
            log(
                f"{country:13s} {label:13s} low_data {100 * got['low']:5.1f} % "
                f"({got['low_n']} of {got['total']}), no_data {100 * got['no_data']:5.1f} % "
                f"({got['no_data_n']}), both {100 * (got['low'] + got['no_data']):5.1f} %"
                f"{'; events by zone size: ' + sizes if sizes else ''}"
            )
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "real"))
    parser.add_argument("--window", type=int, help="1 year, 2 quarter (default: both)")
    args = parser.parse_args()
    data = Path(args.data)
    if not data.is_dir():
        print(f"real data not found ({data}): nothing measured", file=sys.stderr)
        return 1
    sys.path.insert(0, str(ROOT / "scripts"))
    from headless import start_qgis

    app, plugin = start_qgis()
    for window in [args.window] if args.window else [1, 2]:
        print(f"--- by {'year' if window == 1 else 'quarter' if window == 2 else window}")
        measure(data, window)
    plugin.unload()
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
