"""`make demo`: the whole analysis on the bundled SYNTHETIC sample, results in out/.

Runs the plugin's Processing algorithms headless, as a model or qgis_process would.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def print_class_table(path: Path, d, title: str, planted: bool = True, table=True) -> None:
    """Zones per class and year, and (planted zones) agreement with the planted labels."""
    import pandas as pd
    from qgis.core import QgsVectorLayer

    layer = QgsVectorLayer(str(path), "zones", "ogr")
    rows = [
        (
            f["zone_id"],
            f["window_start"].year(),
            f["zone_class"],
            f["class_stable"],
            f["coverage"] if isinstance(f["coverage"], float) else None,
        )
        for f in layer.getFeatures()
    ]
    got = pd.DataFrame(rows, columns=["zone_id", "year", "zone_class", "stable", "coverage"])
    if table:
        counts = pd.crosstab(got.zone_class, got.year).reindex(d.ZONE_CLASSES, fill_value=0)
        print(f"\n  {title} per class and year:")
        print("\n".join("    " + line for line in counts.to_string().splitlines()))
        unstable = got[got.stable == 0]
        partial = got[got.coverage.notna() & (got.coverage > 0) & (got.coverage < 0.995)]
        print(
            f"  {len(unstable)} zone-years change class with the ambiguous events (hatched); "
            f"{len(partial)} are only partly covered by the source (see class_reason)"
        )
    else:
        print(f"\n  {title}:")
    if planted:
        labels = pd.read_csv(d.SAMPLE_LABELS).merge(got, on=["zone_id", "year"])
        agree = labels.planted_class == labels.zone_class
        print(
            f"  agreement with the planted classes: {agree.mean():.0%} of {len(labels)} zone-years"
        )
        for row in labels[~agree].itertuples(index=False):
            print(
                f"    {row.zone_id} {row.year}: planted {row.planted_class}, scored {row.zone_class}"
            )
    print()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default="out", help="output folder (default: out)")
    args = parser.parse_args()
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT / "scripts"))
    from headless import start_qgis

    app, plugin = start_qgis()
    import processing

    from sahel_overlap.plugin import definitions as d

    print(f"Sahel Overlap demo on the {d.SYNTHETIC_LABEL}")
    incidents = out / "synthetic_incidents.gpkg"
    zones = out / "synthetic_scored_zones.gpkg"
    hexes = out / "synthetic_scored_hexagons.gpkg"
    heatmap = out / "synthetic_overlap_heatmap.tif"
    maps = [out / "overlap_map.pdf", out / "overlap_map.png"]
    monadic_csv = out / "synthetic_acled_sahel_actor_based.csv"
    monadic_incidents = out / "synthetic_incidents_actor_based.gpkg"
    monadic_zones = out / "synthetic_scored_zones_actor_based.gpkg"
    review = out / "synthetic_same_side_review.csv"
    stale_files = [incidents, zones, hexes, heatmap, *maps]
    stale_files += [monadic_csv, monadic_incidents, monadic_zones, review]
    for stale in stale_files:
        if stale.exists():
            stale.unlink()  # out/ holds only what the demo itself wrote
    result = processing.run(
        "saheloverlap:importincidents",
        {"INPUT": str(d.SAMPLE_CSV), "OUTPUT": str(incidents), "REVIEW_TABLE": str(review)},
    )
    print(
        f"  incidents: {incidents} (JNIM {result['EVENTS_A']}, ISGS {result['EVENTS_B']}, "
        f"clashes {result['CLASHES']}, joint operations {result['JOINT']}, "
        f"ambiguous {result['AMBIGUOUS']})"
    )
    print(f"  same-side events for review (joint or ambiguous, and why): {review}")
    processing.run(
        "saheloverlap:scorezones",
        {
            "INCIDENTS": str(incidents),
            "ZONES": str(d.SAMPLE_ZONES),
            "WINDOW": 1,
            "OUTPUT": str(zones),
        },
    )
    print(f"  scored planted zones by year: {zones}")
    processing.run(
        "saheloverlap:scorezones",
        {"INCIDENTS": str(incidents), "CELL_SIZE_KM": 25, "WINDOW": 1, "OUTPUT": str(hexes)},
    )
    print(f"  scored 25 km hexagons by year: {hexes}")
    heat = processing.run(
        "saheloverlap:overlapheatmap",
        {
            "INCIDENTS": str(incidents),
            "BANDWIDTH_KM": 50,
            "CELL_SIZE_KM": 5,
            "OUTPUT": str(heatmap),
        },
    )
    print(
        f"  overlap heatmap, whole period: {heatmap} "
        f"(overlap index {heat.get('OVERLAP_INDEX', float('nan')):.2f})"
    )
    from sahel_overlap.plugin.render.layout import export_demo_maps

    files = export_demo_maps(zones, incidents, out)
    print(f"  overlap map: {files[0]} (one page per year), {files[-1]} (latest year)")
    print_class_table(zones, d, "Planted zones (SYNTHETIC)")
    print_class_table(hexes, d, "25 km hexagons (SYNTHETIC)", planted=False)
    # The same sample in ACLED's actor-based layout (one row per side): same classes.
    from sahel_overlap.devtools import synthetic

    synthetic.write_actor_based(monadic_csv)
    result = processing.run(
        "saheloverlap:importincidents",
        {"INPUT": str(monadic_csv), "OUTPUT": str(monadic_incidents)},
    )
    processing.run(
        "saheloverlap:scorezones",
        {
            "INCIDENTS": str(monadic_incidents),
            "ZONES": str(d.SAMPLE_ZONES),
            "WINDOW": 1,
            "OUTPUT": str(monadic_zones),
        },
    )
    print_class_table(
        monadic_zones, d,
        f"Planted zones from the actor-based layout ({monadic_csv.name}: clashes "
        f"{result['CLASHES']}, joint operations {result['JOINT']})",
        table=False,
    )  # fmt: skip
    plugin.unload()
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
