"""The real-data tables of docs/methodology.md section 8.7 (saheloverlap:interaction by year).

Runs the import and the interaction algorithm on the real ACLED files of
``../shared/data/real`` (never copied into the repository), by year, and prints the
tables; ``--write`` replaces them in docs/methodology.md between the markers
``<!-- interaction-real:begin -->`` and ``<!-- interaction-real:end -->``.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/interaction_real_data.py [--write]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "data" / "real"
DOC = ROOT / "docs" / "methodology.md"
BEGIN, END = "<!-- interaction-real:begin -->", "<!-- interaction-real:end -->"
FILES = [
    ("Burkina Faso", "acled_burkina_faso_2016_2020.csv", "BFA"),
    ("Mali", "acled_mali_2017_2020_actor_based.csv", "MLI"),
]
PERMUTATIONS = 999


def features(layer):
    import pandas as pd

    names = layer.fields().names()
    rows = [dict(zip(names, f.attributes())) for f in layer.getFeatures()]
    out = pd.DataFrame(rows)
    out["year"] = [v.year() for v in out["window_start"]]
    for col in out.columns:
        if col not in ("window_start", "window_end"):
            out[col] = out[col].map(
                lambda v: None if v is not None and type(v).__name__ == "QVariant" else v
            )
    return out


def regions(adm0: str):
    """Natural Earth admin-1 units of a country, from the plugin's copy of QGIS's
    world_map.gpkg (QGIS's own file is never opened: a filter set on an open layer
    reopens it for writing), filtered in the layer's URI."""
    from qgis.core import QgsVectorLayer

    from sahel_overlap.plugin.render.layers import world_map_path

    uri = f"{world_map_path()}|layername=states_provinces|subset=\"adm0_a3\" = '{adm0}'"
    return QgsVectorLayer(uri, "regions", "ogr")


def run(incidents: str, keep_imprecise: bool, cell_km: float, zones=None, km=25.0, days=14):
    """(global table, zones, pooled answer per year) of one run."""
    import json

    import pandas as pd
    import processing

    result = processing.run(
        "saheloverlap:interaction",
        {
            "INCIDENTS": incidents,
            "ZONES": zones,
            "WINDOW": 1,
            "CELL_SIZE_KM": cell_km,
            "DISTANCE_KM": km,
            "DAYS": days,
            "PERMUTATIONS": PERMUTATIONS,
            "GLOBAL_PERMUTATIONS": PERMUTATIONS,
            "KEEP_IMPRECISE_DATES": keep_imprecise,
            "OUTPUT": "memory:",
            "KNOX_TABLE": "memory:",
        },
    )
    pooled = pd.DataFrame(json.loads(result["PROVENANCE"])["pooled"])
    pooled["year"] = [int(v[:4]) for v in pooled["window_start"]]
    return features(result["KNOX_TABLE"]), features(result["OUTPUT"]), pooled.set_index("year")


def fmt(v, spec=".2f"):
    return "–" if v is None or v != v else format(v, spec)


def pooled_cell(pooled, year) -> str:
    if year not in pooled.index or pooled.loc[year, "knox_p"] is None:
        return "–"
    r = pooled.loc[year]
    if r.knox_p is None or r.knox_p != r.knox_p:
        return f"zones: {int(r.zones)}, {int(r.knox_pairs)} vs {r.knox_expected:.1f}: no test"
    return (
        f"zones: {int(r.zones)}, {int(r.knox_pairs)} vs {r.knox_expected:.1f}, "
        f"{r.knox_ratio:.2f}×, p {r.knox_p:.3f}, z {r.knox_z:.2f}"
    )


def zone_summary(z) -> str:
    tested = z[z.knox_p.notna()]
    notes = z.loc[z.knox_note != "", "knox_note"].value_counts()
    shown = ", ".join(
        f"{r.zone}: {int(r.knox_pairs)} vs {r.knox_expected:.1f} ({r.knox_ratio:.2f}×, "
        f"p {r.knox_p:.2f}, {int(r.knox_perms)} perm.)"
        for r in tested.itertuples()
    )
    return (
        f"{len(z)} | {len(tested)}{': ' + shown if shown else ''} | "
        f"{int((z.interaction == 'attraction').sum())} / "
        f"{int((z.interaction == 'avoidance').sum())} | "
        + ", ".join(f"{n} {note}" for note, n in notes.items())
    )


def tables(folder: Path) -> str:
    import processing

    global_rows, hex_rows, region_rows, pooled_rows = [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for country, name, adm0 in FILES:
            inc = str(Path(tmp) / f"{Path(name).stem}.gpkg")  # (a dot in the stem fails the import)
            processing.run(
                "saheloverlap:importincidents", {"INPUT": str(folder / name), "OUTPUT": inc}
            )
            table, hexes, pool = run(inc, False, 100.0)
            kept, _, pool_kept = run(inc, True, 100.0)
            _, units, _ = run(inc, False, 100.0, regions(adm0))
            _, _, pool_50 = run(inc, False, 200.0, km=50.0, days=30)
            hexes["zone"] = hexes["zone_id"]
            units["zone"] = units["name"]
            for year in sorted(set(table.year)):
                t = table[table.year == year].set_index(["distance_km", "days"])
                k = kept[kept.year == year].set_index(["distance_km", "days"])
                c, ck = t.loc[(25, 14)], k.loc[(25, 14)]
                if c.events_a == 0 or c.events_b == 0:
                    continue
                sig = t[t.p < 0.05]
                cells = ", ".join(
                    f"{int(dk)} km/{int(dd)} d {r.ratio:.2f}× (p {r.p:.3f})"
                    for (dk, dd), r in sig.iterrows()
                )
                global_rows.append(
                    f"| {country} {year} | {int(c.events_a)} / {int(c.events_b)} | {int(c.pairs)} | "
                    f"{fmt(c.expected)} | {fmt(c.ratio)}× | {fmt(c.p, '.3f')} | "
                    f"{int(ck.events_a)} / {int(ck.events_b)}: {fmt(ck.ratio)}×, p {fmt(ck.p, '.3f')} | "
                    f"{cells or 'none'} |"
                )
                hex_rows.append(f"| {country} {year} | {zone_summary(hexes[hexes.year == year])} |")
                region_rows.append(
                    f"| {country} {year} | {zone_summary(units[units.year == year])} |"
                )
                pooled_rows.append(
                    f"| {country} {year} | {pooled_cell(pool, year)} | "
                    f"{pooled_cell(pool_kept, year)} | {pooled_cell(pool_50, year)} |"
                )
    head_g = (
        "| file, year | events JNIM / ISGS | pairs ≤ 25 km, ≤ 14 d | expected | ratio | p | "
        "keeping imprecise dates | cells of the 4 × 4 table with p < 0.05 |\n"
        "|---|---|---|---|---|---|---|---|"
    )
    head_z = (
        "| file, year | zones | tested (pairs vs expected) | attraction / avoidance | "
        "low_data, why |\n|---|---|---|---|---|"
    )
    head_p = (
        "| file, year | 25 km / 14 d, 100 km hexagons | the same, keeping imprecise dates | "
        "50 km / 30 d, 200 km hexagons |\n|---|---|---|---|"
    )
    return (
        f"Pooled per-zone answer by year ({PERMUTATIONS} permutations, seed 1; close pairs "
        "summed over the zones with pairs to permute, dates permuted within each zone and "
        "group):\n\n"
        + head_p
        + "\n"
        + "\n".join(pooled_rows)
        + f"\n\nGlobal table by year ({PERMUTATIONS} permutations, seed 1), at 25 km / 14 days:\n\n"
        + head_g
        + "\n"
        + "\n".join(global_rows)
        + f"\n\nPer zone, 100 km hexagons, by year ({PERMUTATIONS} permutations):\n\n"
        + head_z
        + "\n"
        + "\n".join(hex_rows)
        + "\n\nPer zone, Natural Earth admin-1 units (Mali's regions, Burkina Faso's provinces), "
        + "by year:\n\n"
        + head_z
        + "\n"
        + "\n".join(region_rows)
        + "\n"
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(REAL), help="folder of the real ACLED files")
    parser.add_argument("--write", action="store_true", help="update docs/methodology.md")
    args = parser.parse_args(argv)
    folder = Path(args.data)
    if not all((folder / name).is_file() for _, name, _ in FILES):
        print(f"real ACLED files not found in {folder}", file=sys.stderr)
        return 1
    sys.path.insert(0, str(ROOT / "scripts"))
    from headless import start_qgis

    _app, _plugin = start_qgis()
    text = tables(folder)
    print(text)
    if args.write:
        doc = DOC.read_text(encoding="utf-8")
        start, stop = doc.index(BEGIN) + len(BEGIN), doc.index(END)
        DOC.write_text(doc[:start] + "\n" + text + doc[stop:], encoding="utf-8")
        print(f"updated {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
