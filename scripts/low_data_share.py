"""How much of the real files' evidence the default zoning leaves in low_data zone-windows.

Runs 'Import incidents' and 'Score zones' headless on the real Mali (actor-based) and
Burkina Faso ACLED files in ../shared/data/real/ (never copied into the repository),
scored by year with the default zoning (no ZONES), and for comparison on plain hexagons
of 25, 50, 100 and 200 km. Prints, per file and zoning, the share of the two groups'
attributed events (own events, clashes and joint operations, each once; ambiguous ones
left out) that sit in low_data zone-windows, pooled over all years, and the zones' sizes.

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


def low_data_share(path) -> tuple[float, int, int, dict]:
    """(share of attributed events in low_data zone-windows, those events, all of them,
    events per zone size in km) of a scored-zones file."""
    from qgis.core import QgsVectorLayer

    from sahel_overlap.plugin import definitions as d

    layer = QgsVectorLayer(str(path), "scored", "ogr")
    has_km = "zone_km" in layer.fields().names()
    low = total = 0
    by_size: dict = {}
    for f in layer.getFeatures():
        n = f["events_a"] + f["events_b"] - f["events_clash"] - f["events_joint"]
        total += n
        if f["zone_class"] == d.Z_LOW_DATA:
            low += n
        size = f["zone_km"] if has_km else None
        by_size[size] = by_size.get(size, 0) + n
    return (low / total if total else 0.0), low, total, by_size


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
            share, low, total, by_size = out[(country, label)]
            sizes = ", ".join(f"{k:g} km {v}" for k, v in sorted(by_size.items()) if k) or ""
            log(
                f"{country:13s} {label:13s} {100 * share:5.1f} % ({low} of {total} events in "
                f"low_data){'; events by zone size: ' + sizes if sizes else ''}"
            )
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "real"))
    parser.add_argument("--window", type=int, default=1, help="1 year (default), 2 quarter")
    args = parser.parse_args()
    data = Path(args.data)
    if not data.is_dir():
        print(f"real data not found ({data}): nothing measured", file=sys.stderr)
        return 1
    sys.path.insert(0, str(ROOT / "scripts"))
    from headless import start_qgis

    app, plugin = start_qgis()
    measure(data, args.window)
    plugin.unload()
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
