"""The real-data tables of docs/methodology.md, regenerated from the real ACLED files.

Runs 'Import incidents' and 'Score zones' headless on the Mali and Burkina Faso files
in ../shared/data/real/ (never copied into the repository), on Natural Earth's admin-1
units (from a copy of QGIS's world_map.gpkg) and on 25 km and 50 km hexagons, by year
and by quarter, with the defaults (99 permutations, seed 1). Writes docs/real_data_tables.md.

    .venv/bin/python scripts/real_tables.py [--data ../shared/data/real] [--out FILE]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FILES = {
    "Mali": ("acled_mali_2017_2020_actor_based.csv", "MLI"),
    "Burkina Faso": ("acled_burkina_faso_2016_2020.csv", "BFA"),
}
ZONINGS = [("admin-1", None), ("hex 25 km", 25.0), ("hex 50 km", 50.0)]
WINDOWS = [("year", 1), ("quarter", 2)]


def features(path):
    import pandas as pd
    from qgis.core import QgsVectorLayer

    layer = QgsVectorLayer(str(path), "z", "ogr")
    names = layer.fields().names()
    rows = []
    for f in layer.getFeatures():
        row = dict(zip(names, f.attributes()))
        row["window_start"] = pd.Timestamp(f["window_start"].toString("yyyy-MM-dd"))
        rows.append(row)
    frame = pd.DataFrame(rows)
    for col in frame.columns:
        frame[col] = frame[col].map(lambda v: None if type(v).__name__ == "QVariant" else v)
    return frame


def md_table(frame) -> list[str]:
    cols = [str(c) for c in frame.columns]
    out = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for row in frame.itertuples(index=False):
        out.append("| " + " | ".join("" if v is None else str(v) for v in row) + " |")
    return out


def clash_note(frame, d) -> str:
    """Where the clashes went: contested, or zone-windows with a single clash."""
    busy = frame[frame.events_clash > 0]
    low = busy[busy.zone_class == d.Z_LOW_DATA]
    text = f"{int(busy.events_clash.sum())} clashes, {int(busy[busy.zone_class == d.Z_CONTESTED].events_clash.sum())} of them in contested zone-windows"
    skirmish = busy[busy.zone_class == d.Z_SKIRMISH]
    if len(skirmish):
        text += f", {int(skirmish.events_clash.sum())} in {len(skirmish)} skirmish zone-windows"
    if len(low):
        text += (
            f"; {int(low.events_clash.sum())} in {len(low)} zone-windows classed low_data "
            f"(at most {int(low.events_clash.max())} clash each)"
        )
    return text + "."


def null_sizes(data: Path, d) -> list[str]:
    """Labels shuffled inside each zone (no within-zone effect by construction): how often
    each test says p < 0.05, on the real files' stacked coordinates, by zone size."""
    import numpy as np
    import pandas as pd

    from sahel_overlap.plugin.core import colocation, hexgrid, projection, withinzone
    from sahel_overlap.plugin.core.incidents import load_file
    from sahel_overlap.plugin.core.presets import load_presets

    preset = load_presets()[d.DEFAULT_PRESET]
    rows, stacked = [], {}
    for country, (name, _iso3) in FILES.items():
        events, _ = load_file(data / name, preset)
        own = events[events[d.F_SIDE].isin([d.SIDE_A, d.SIDE_B])]
        lon, lat = own[d.F_LON].to_numpy(float), own[d.F_LAT].to_numpy(float)
        grid = hexgrid.fixed_grid_for(lon, lat)
        x, y = projection.to_metres(lon, lat, grid.crs)
        xy = np.column_stack([x, y])
        _, counts = np.unique(xy, axis=0, return_counts=True)
        stacked[country] = counts[counts > 1].sum() / len(xy)
        lab = (own[d.F_SIDE] == d.SIDE_B).to_numpy().astype(int)
        for size in (25_000, 100_000):
            zone, keys = hexgrid.bin_points(x, y, size)
            rng = np.random.default_rng(size)
            for rep in range(20):
                shuffled = lab.copy()
                for z in range(len(keys)):
                    idx = np.flatnonzero(zone == z)
                    shuffled[idx] = rng.permutation(shuffled[idx])
                wz = withinzone.within_zone_colocation(xy, shuffled, zone, len(keys), seed=rep)
                th = colocation.zone_colocation(xy, shuffled, zone, len(keys), seed=rep)
                for z in np.flatnonzero(wz.p_wab.notna().to_numpy()):
                    n = int(wz.n_a[z] + wz.n_b[z])
                    for p_w, p_t in ((wz.p_wab[z], th.p_ab[z]), (wz.p_wba[z], th.p_ba[z])):
                        rows.append((n, p_w < 0.05, p_t < 0.05))
    frame = pd.DataFrame(rows, columns=["n", "within", "theatre"])
    frame["zone size"] = pd.cut(frame.n, [1, 10, 40, 100_000], labels=["2-10", "11-40", "41+"])
    table = frame.groupby("zone size", observed=True).agg(
        tests=("within", "size"), within=("within", "mean"), theatre=("theatre", "mean")
    )
    table.loc["all"] = [len(frame), frame.within.mean(), frame.theatre.mean()]
    table["within"] = (100 * table["within"]).map("{:.1f} %".format)
    table["theatre"] = (100 * table["theatre"]).map("{:.1f} %".format)
    table["tests"] = table["tests"].astype(int)
    share = ", ".join(f"{c} {100 * v:.0f} %" for c, v in stacked.items())
    return [
        "## The tests' size on the real files' coordinates",
        "",
        (
            "Own events of both groups, 25 km and 100 km hexagons, labels shuffled 20 times "
            "inside each hexagon (so that no within-zone effect exists), 99 permutations; share "
            f"of the tests with p < 0.05 (nominal 5 %). Events sharing coordinates: {share}."
        ),
        "",
        *md_table(table.reset_index()),
        "",
    ]


def window_name(ts, kind: str) -> str:
    return str(ts.year) if kind == "year" else f"{ts.year} Q{(ts.month - 1) // 3 + 1}"


def class_counts(frame, kind: str, d):
    import pandas as pd

    frame = frame.assign(window=[window_name(t, kind) for t in frame.window_start])
    table = pd.crosstab(frame.window, frame.zone_class).reindex(
        columns=[c for c in d.ZONE_CLASSES if c in set(frame.zone_class)], fill_value=0
    )
    table["unstable"] = frame.groupby("window").class_stable.apply(lambda s: int((s == 0).sum()))
    return table.reset_index()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "real"))
    parser.add_argument("--out", default=str(ROOT / "docs" / "real_data_tables.md"))
    args = parser.parse_args()
    data = Path(args.data)
    if not data.is_dir():
        print(f"real data not found ({data}): nothing regenerated", file=sys.stderr)
        return 1
    sys.path.insert(0, str(ROOT / "scripts"))
    from headless import start_qgis

    app, plugin = start_qgis()
    import processing
    from qgis.core import QgsApplication, QgsVectorLayer

    from sahel_overlap.plugin import definitions as d

    work = Path(tempfile.mkdtemp(prefix="real_tables_"))
    world = work / "world_map.gpkg"  # a copy: QGIS's own file is never opened
    shutil.copy(QgsApplication.pkgDataPath() + "/resources/data/world_map.gpkg", world)
    lines = [
        "# Real-data tables (ACLED, Mali and Burkina Faso)",
        "",
        (
            "Generated by `scripts/real_tables.py` from the real ACLED exports in "
            "`../shared/data/real/` (test fixtures, not shipped; ACLED's terms apply). "
            "Defaults: MIN_EVENTS 5, MIN_CLASHES 2, MIN_SHARE 0.10, CLASH_SHARE 0.10, 99 "
            "permutations, seed 1, geo_precision 3 left out of the co-location tests. Admin-1 "
            "units are Natural Earth's (QGIS's world_map.gpkg): Mali's 9 pre-2016 regions "
            "(Ménaka inside Gao), Burkina Faso's 45 provinces. Coverage comes from the import's "
            "record (first and last day of the kept rows, per country). `unstable`: zone-windows "
            "whose class changes when the ambiguous events are given to one group."
        ),
        "",
    ]
    for country, (name, iso3) in FILES.items():
        inc = work / f"{iso3}.gpkg"
        imported = processing.run(
            "saheloverlap:importincidents", {"INPUT": str(data / name), "OUTPUT": str(inc)}
        )
        lines += [
            f"## {country}: `{name}`",
            "",
            (
                f"Imported: {imported['EVENTS_A']} JNIM events, {imported['EVENTS_B']} ISGS events "
                f"(their own events: clashes and joint operations apart), "
                f"{imported['CLASHES']} clashes, "
                f"{imported['AMBIGUOUS']} ambiguous."
            ),
            "",
        ]
        regions = QgsVectorLayer(f"{world}|layername=states_provinces", "admin-1", "ogr")
        regions.setSubsetString(f"adm0_a3 = '{iso3}'")
        for zoning, size in ZONINGS:
            for kind, window in WINDOWS:
                params = {"INCIDENTS": str(inc), "WINDOW": window}
                params["OUTPUT"] = str(work / f"{iso3}_{zoning[:3]}{int(size or 0)}_{kind}.gpkg")
                if size is None:
                    params["ZONES"] = regions
                else:
                    params["CELL_SIZE_KM"] = size
                result = processing.run("saheloverlap:scorezones", params)
                frame = features(result["OUTPUT"])
                table = class_counts(frame, kind, d)
                lines += [f"### {country}, {zoning}, by {kind}", ""]
                lines += [*md_table(table), ""]
                lines += [
                    clash_note(frame, d)
                    + f" Events outside every zone: {result['EVENTS_OUTSIDE']}.",
                    "",
                ]
                if size is None and kind == "year":
                    detail = frame[(frame.events_a + frame.events_b + frame.events_ambiguous) > 0]
                    detail = detail.assign(year=detail.window_start.dt.year)[
                        ["name", "year", "events_a", "events_b", "events_clash",
                         "events_ambiguous", "zone_class", "class_if_ambiguous_a",
                         "class_if_ambiguous_b", "class_reason"]
                    ].sort_values(["name", "year"])  # fmt: skip
                    lines += [f"#### {country}, admin-1 by year: every unit with events", ""]
                    lines += [*md_table(detail), ""]
    lines += null_sizes(data, d)
    out = Path(args.out)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    shutil.rmtree(work, ignore_errors=True)
    plugin.unload()
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
