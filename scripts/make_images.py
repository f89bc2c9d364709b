"""Regenerate the README's pictures from the code, so they never drift from it.

- docs/images/overlap_map.png: the overlap map's latest page (2022) of the bundled
  SYNTHETIC sample, its planted zones scored by year, exported as make demo does.
- docs/images/docks_1366x768.png and docks_column.png: the real QGIS desktop under
  Xvfb (1366 x 768) with the sample loaded and both docks open
  (scripts/make_screenshots.py, also `make screenshots`).

Run: .venv/bin/python scripts/make_images.py [--only map|desktop] [--out docs/images]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAP_DPI = 110  # 1284 x 909 px: sharp on GitHub, small in the zip
SCREEN = "1366x768x24"


def overlap_map(out: Path) -> Path:
    sys.path.insert(0, str(ROOT / "scripts"))
    from headless import start_qgis

    app, plugin = start_qgis()
    import processing

    from sahel_overlap.plugin import definitions as d
    from sahel_overlap.plugin.render import layout as lay

    with tempfile.TemporaryDirectory(prefix="sahel_images_") as tmp:
        incidents, zones = Path(tmp) / "incidents.gpkg", Path(tmp) / "zones.gpkg"
        processing.run(
            "saheloverlap:importincidents", {"INPUT": str(d.SAMPLE_CSV), "OUTPUT": str(incidents)}
        )
        processing.run(
            "saheloverlap:scorezones",
            {"INCIDENTS": str(incidents), "ZONES": str(d.SAMPLE_ZONES), "WINDOW": 1,
             "OUTPUT": str(zones)},
        )  # fmt: skip
        from qgis.core import QgsVectorLayer

        target = out / "overlap_map.png"
        lay.export_overlap_map(
            QgsVectorLayer(str(zones), "zones", "ogr"),
            QgsVectorLayer(str(incidents), "incidents", "ogr"),
            target,
            "png",
            per_window=False,
            dpi=MAP_DPI,
        )
    plugin.unload()
    app.exitQgis()
    return target


def desktop(out: Path) -> Path:
    """The docks in the real QGIS desktop under Xvfb (``make_screenshots.py``)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import make_screenshots

    if make_screenshots.main() != 0:
        raise SystemExit("the desktop screenshots failed (qgis and xvfb-run are needed)")
    return out / "docks_1366x768.png"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["map", "desktop"])
    parser.add_argument("--out", default=str(ROOT / "docs" / "images"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if args.only in (None, "map"):
        print("wrote", overlap_map(out))
    if args.only in (None, "desktop"):
        print("wrote", desktop(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
