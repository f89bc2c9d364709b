"""Zone scoring: planted truth, properties, hand-worked cases, QGIS runs, bad input."""

from __future__ import annotations

import subprocess

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsGeometry,
    QgsPointXY,
    QgsProcessingException,
    QgsProject,
    QgsVectorLayer,
)

from sahel_overlap.plugin import definitions as d
from sahel_overlap.plugin.core import scoring, windows
from sahel_overlap.plugin.core.incidents import load_file

from .conftest import QGIS_PROCESS

MODEL_ID = "saheloverlap:full_analysis"


# --- the core on small frames ----------------------------------------------------------


def frame(sides, xs_km, dates=None, fat=None):
    n = len(sides)
    dates = pd.to_datetime(dates or ["2020-01-15"] * n)
    return pd.DataFrame(
        {
            d.F_SIDE: sides,
            d.F_FATALITIES: fat or [1] * n,
            d.F_DATE: dates,
            d.F_DATE_END: dates,
        }
    ), np.asarray(xs_km, float) * 1000.0


def run_core(sides, xs_km, zone, n_zones=1, dates=None, params=None, kind=d.WINDOW_WHOLE):
    ev, x = frame(sides, xs_km, dates)
    wins = windows.make_windows(ev[d.F_DATE].min(), ev[d.F_DATE].max(), kind)
    params = params or scoring.ScoreParams(permutations=19, min_events=1)
    return scoring.score_zones(
        ev, x, np.zeros_like(x), np.asarray(zone), n_zones, wins, ("JNIM", "ISGS"), params
    )


def test_hand_worked_counts_shares_and_global_clq():
    # Points on a line (km): A0 B1 A3 B4, and a clash at 10.
    # Nearest neighbours: A0->B1, B1->A0, A3->B4, B4->A3, so C(A->B) = 2 with N_A = N_B = 2,
    # N = 4 A/B points: CLQ(A->B) = (2/2) / (2/3) = 1.5, and CLQ(B->A) = 1.5 likewise.
    out = run_core(["a", "b", "a", "b", "clash"], [0, 1, 3, 4, 10], [0, 0, 0, 0, 0])
    row = out.iloc[0]
    assert (row.events_a, row.events_b, row.events_clash) == (3, 3, 1)
    assert row.clq_ab_global == pytest.approx(1.5) and row.clq_ba_global == pytest.approx(1.5)
    # 5 distinct events, 1 clash: share 0.2 >= 0.10 but a single clash is not enough.
    assert row.clash_share == pytest.approx(0.2)
    assert row.contested_score == pytest.approx(0.0)
    assert row.zone_class == d.Z_PARALLEL
    assert row.balance == pytest.approx(1.0) and row.copresence == pytest.approx(1.0)
    assert row.parallel_score == pytest.approx(1.0)  # (1 - 0) * sqrt(1 * 1)


def test_two_clashes_make_a_shared_zone_contested_and_shares_are_right():
    sides = ["a"] * 10 + ["b"] * 6 + ["clash"] * 2
    out = run_core(sides, np.arange(18), [0] * 18)
    row = out.iloc[0]
    # n_a = 12, n_b = 8, distinct = 18, clash share = 2/18
    assert row.clash_share == pytest.approx(2 / 18)
    assert row.contested_score == pytest.approx(min(1.0, (2 / 18) / 0.10))
    assert row.zone_class == d.Z_CONTESTED and row.zone_label == "Contested operation"
    assert row.dominance == pytest.approx((12 - 8) / 20)


def test_an_event_spanning_two_months_counts_once_in_a_monthly_window():
    ev, x = frame(["a", "b"], [0, 1], ["2019-12-20", "2020-01-10"])
    ev.loc[0, d.F_DATE_END] = pd.Timestamp("2020-01-03")  # a GED event over New Year
    wins = windows.make_windows("2019-12-01", "2020-01-31", d.WINDOW_MONTH)
    params = scoring.ScoreParams(permutations=0, min_events=1)
    out = scoring.score_zones(ev, x, np.zeros(2), np.zeros(2, int), 1, wins, ("A", "B"), params)
    jan = out.iloc[1]
    assert (jan.events_a, jan.events_b) == (1, 1)
    assert (jan.months_a, jan.months_b, jan.months_both) == (1, 1, 1)
    assert jan.copresence == pytest.approx(1.0)


def test_months_of_co_presence_and_turnover_across_years():
    dates = ["2019-01-05", "2019-01-20", "2019-02-03", "2020-03-01", "2020-03-02", "2020-04-01"]
    sides = ["a", "b", "a", "b", "b", "a"]
    out = run_core(sides, [0, 1, 2, 3, 4, 5], [0] * 6, dates=dates, kind=d.WINDOW_YEAR)
    y19, y20 = out.iloc[0], out.iloc[1]
    assert (y19.months_a, y19.months_b, y19.months_both) == (2, 1, 1)
    assert y19.copresence == pytest.approx(0.5)
    assert y19.dominance > 0 and y20.dominance < 0
    assert (y19.turnover, y20.turnover) == (0, 1)


def test_classes_inactive_low_data_and_one_group():
    sides = ["a"] * 6 + ["b"] * 2 + ["a"]
    zone = [0] * 6 + [1] * 2 + [-1]
    out = run_core(sides, np.arange(9), zone, n_zones=3, params=scoring.ScoreParams(permutations=9))
    assert out.zone_class.tolist() == [d.Z_A_ONLY, d.Z_LOW_DATA, d.Z_INACTIVE]
    assert out.zone_label.tolist() == ["JNIM only", "Too few events", "No activity"]


sides_st = st.lists(st.sampled_from(["a", "b", "clash", "ambiguous"]), min_size=2, max_size=60)


@settings(max_examples=40, deadline=None)
@given(sides=sides_st, seed=st.integers(0, 10), data=st.data())
def test_properties_swap_remove_clashes_one_group(sides, seed, data):
    n = len(sides)
    xs = data.draw(st.lists(st.integers(0, 40), min_size=n, max_size=n))
    zone = data.draw(st.lists(st.integers(-1, 2), min_size=n, max_size=n))
    params = scoring.ScoreParams(permutations=9, seed=seed, min_events=1)
    base = run_core(sides, xs, zone, n_zones=3, params=params)
    # Swapping the groups swaps a_only/b_only and the directional measures.
    swap = {"a": "b", "b": "a"}
    swapped = run_core([swap.get(s, s) for s in sides], xs, zone, n_zones=3, params=params)
    mirror = {d.Z_A_ONLY: d.Z_B_ONLY, d.Z_B_ONLY: d.Z_A_ONLY}
    assert swapped.zone_class.tolist() == [mirror.get(c, c) for c in base.zone_class]
    assert swapped.events_a.tolist() == base.events_b.tolist()
    np.testing.assert_allclose(swapped.lclq_ab, base.lclq_ba, equal_nan=True)
    np.testing.assert_allclose(swapped.clq_ab_global, base.clq_ba_global, equal_nan=True)
    # Same seed, same answer.
    again = run_core(sides, xs, zone, n_zones=3, params=params)
    pd.testing.assert_frame_equal(base, again)
    # Without clash events no zone is contested.
    keep = [i for i, s in enumerate(sides) if s != "clash"]
    if len(keep) >= 2:
        no_clash = run_core(
            [sides[i] for i in keep],
            [xs[i] for i in keep],
            [zone[i] for i in keep],
            3,
            params=params,
        )
        assert d.Z_CONTESTED not in set(no_clash.zone_class)
    # A zone with events of one group only is never parallel or contested.
    one = base[(base.events_a == 0) | (base.events_b == 0)]
    assert not set(one.zone_class) & {d.Z_PARALLEL, d.Z_CONTESTED}


# --- the algorithm in QGIS on the synthetic sample ----------------------------------------


@pytest.fixture(scope="module")
def sample_incidents(plugin, tmp_path_factory):
    import processing

    out = tmp_path_factory.mktemp("sample") / "incidents.gpkg"
    processing.run("saheloverlap:importincidents", {"INPUT": str(d.SAMPLE_CSV), "OUTPUT": str(out)})
    return str(out)


@pytest.fixture(scope="module")
def planted_by_year(sample_incidents):
    """The bundled sample scored on its planted zones, year by year (a memory layer)."""
    import processing

    result = processing.run(
        "saheloverlap:scorezones",
        {
            "INCIDENTS": sample_incidents,
            "ZONES": str(d.SAMPLE_ZONES),
            "WINDOW": 1,
            "OUTPUT": "memory:",
        },
    )
    return result["OUTPUT"]


def features(layer) -> pd.DataFrame:
    names = layer.fields().names()
    rows = [dict(zip(names, f.attributes())) for f in layer.getFeatures()]
    out = pd.DataFrame(rows)
    for col in ("window_start", "window_end"):
        out[col] = pd.to_datetime([v.toString("yyyy-MM-dd") for v in out[col]])
    for name, kind in scoring.SCORE_FIELDS:
        if kind in ("int", "float"):
            # NULL comes back as a QVariant, not None
            out[name] = pd.to_numeric(
                out[name].map(lambda v: v if isinstance(v, (int, float)) else None)
            )
    return out


def test_planted_zones_are_classified_as_planted_by_year(planted_by_year):
    got = features(planted_by_year)
    got["year"] = got.window_start.dt.year
    labels = pd.read_csv(d.SAMPLE_LABELS)
    merged = labels.merge(got, on=["zone_id", "year"], how="left")
    agreement = (merged.planted_class == merged.zone_class).mean()
    assert agreement >= 0.95, merged.loc[merged.planted_class != merged.zone_class]
    # The planted switch: zones parallel in 2019 are contested from 2020.
    switch = labels[(labels.year == 2019) & (labels.planted_class == "parallel")].merge(
        labels[(labels.year == 2020) & (labels.planted_class == "contested")], on="zone_id"
    )
    assert len(switch) >= 4
    for zid in switch.zone_id:
        rows = got[got.zone_id == zid].set_index("year")
        assert rows.loc[2019, "zone_class"] == d.Z_PARALLEL
        assert rows.loc[2020, "zone_class"] == d.Z_CONTESTED
        assert rows.loc[2019, "events_clash"] == 0 and rows.loc[2020, "events_clash"] >= 2
    # Zone attributes are carried unchanged; windows are whole calendar years.
    assert set(got.zone_name) == {
        f["zone_name"] for f in QgsVectorLayer(str(d.SAMPLE_ZONES)).getFeatures()
    }
    assert (got.window_end - got.window_start).dt.days.isin([364, 365]).all()
    assert set(got.group_a) == {"JNIM"} and set(got.group_b) == {"ISGS"}
    assert set(got.source_ds) == {d.SOURCE_SYNTHETIC}


def test_hexagons_cover_every_event_and_output_is_time_aware(plugin, sample_incidents, tmp_path):
    import processing

    out = tmp_path / "hex.gpkg"
    result = processing.run(
        "saheloverlap:scorezones",
        {"INCIDENTS": sample_incidents, "CELL_SIZE_KM": 50, "OUTPUT": str(out), "PERMUTATIONS": 19},
    )
    got = features(QgsVectorLayer(result["OUTPUT"]))
    layer = QgsVectorLayer(sample_incidents)
    sides = [f[d.F_SIDE] for f in layer.getFeatures()]
    assert got.events_a.sum() == sides.count("a") + sides.count("clash")
    assert got.events_b.sum() == sides.count("b") + sides.count("clash")
    assert got.events_clash.sum() == sides.count("clash")
    assert got.zone_id.is_unique and got.zone_id.str.match(r"^AF\d+km_-?\d+_-?\d+$").all()
    # About 2165 km² per 50 km hexagon: check one polygon's area on the ellipsoid.
    from qgis.core import QgsDistanceArea

    da = QgsDistanceArea()
    da.setEllipsoid("WGS84")
    da.setSourceCrs(
        QgsCoordinateReferenceSystem("EPSG:4326"), QgsProject.instance().transformContext()
    )
    geom = next(QgsVectorLayer(result["OUTPUT"]).getFeatures()).geometry()
    assert da.measureArea(geom) / 1e6 == pytest.approx(np.sqrt(3) / 2 * 50**2, rel=0.02)


def test_seed_reproducible_and_permutations_change_p(plugin, sample_incidents):
    import processing

    def run(seed):
        r = processing.run(
            "saheloverlap:scorezones",
            {
                "INCIDENTS": sample_incidents,
                "ZONES": str(d.SAMPLE_ZONES),
                "SEED": seed,
                "OUTPUT": "memory:",
            },
        )
        return features(r["OUTPUT"]).sort_values("zone_id").reset_index(drop=True)

    a, b, c = run(7), run(7), run(8)
    pd.testing.assert_frame_equal(a, b)
    assert not np.allclose(a.p_ab.fillna(-1), c.p_ab.fillna(-1))


def test_zones_in_another_crs_and_invalid_geometry(plugin, sample_incidents):
    import processing

    src = QgsVectorLayer(str(d.SAMPLE_ZONES), "z", "ogr")
    merc = QgsVectorLayer("MultiPolygon?crs=EPSG:3857&field=zone_id:string", "merc", "memory")
    xform = QgsCoordinateTransform(src.crs(), merc.crs(), QgsProject.instance())
    feats = []
    for f in src.getFeatures():
        g = QgsGeometry(f.geometry())
        g.transform(xform)
        nf = QgsFeature(merc.fields())
        nf.setAttributes([f["zone_id"]])
        nf.setGeometry(g)
        feats.append(nf)
    # A self-intersecting "bow tie" far from any event: repaired, and inactive.
    bow = QgsFeature(merc.fields())
    bow.setAttributes(["BOWTIE"])
    bow.setGeometry(
        QgsGeometry.fromPolygonXY(
            [[QgsPointXY(x, y) for x, y in [(0, 0), (1e4, 1e4), (1e4, 0), (0, 1e4), (0, 0)]]]
        )
    )
    feats.append(bow)
    merc.dataProvider().addFeatures(feats)
    r_merc = processing.run(
        "saheloverlap:scorezones",
        {"INCIDENTS": sample_incidents, "ZONES": merc, "OUTPUT": "memory:"},
    )
    r_wgs = processing.run(
        "saheloverlap:scorezones",
        {"INCIDENTS": sample_incidents, "ZONES": src, "OUTPUT": "memory:"},
    )
    a = features(r_merc["OUTPUT"]).set_index("zone_id")
    b = features(r_wgs["OUTPUT"]).set_index("zone_id")
    assert r_merc["OUTPUT"].crs().authid() == "EPSG:3857"
    # Edges are straight in different CRSs, so a few border events may differ.
    common = b.index
    assert (a.loc[common, "events_a"] - b.loc[common, "events_a"]).abs().max() <= 3
    assert (a.loc[common, "zone_class"] == b.loc[common, "zone_class"]).mean() >= 0.95
    assert a.loc["BOWTIE", "zone_class"] == d.Z_INACTIVE


def test_window_without_events_and_empty_range(plugin, sample_incidents):
    import processing
    from qgis.PyQt.QtCore import QDate

    r = processing.run(
        "saheloverlap:scorezones",
        {
            "INCIDENTS": sample_incidents,
            "ZONES": str(d.SAMPLE_ZONES),
            "START": QDate(2016, 1, 1),
            "END": QDate(2017, 12, 31),
            "WINDOW": 1,
            "OUTPUT": "memory:",
        },
    )
    got = features(r["OUTPUT"])
    # Windows are clipped to START..END
    assert got.window_start.min() == pd.Timestamp("2016-01-01")
    assert got.window_end.max() == pd.Timestamp("2017-12-31")
    y2016 = got[got.window_start.dt.year == 2016]
    assert len(y2016) == 29 and (y2016.zone_class == d.Z_INACTIVE).all()
    with pytest.raises(QgsProcessingException, match=r"END \(2017-01-01\) is before START"):
        processing.run(
            "saheloverlap:scorezones",
            {
                "INCIDENTS": sample_incidents,
                "START": QDate(2018, 1, 1),
                "END": QDate(2017, 1, 1),
                "OUTPUT": "memory:",
            },
        )
    with pytest.raises(QgsProcessingException, match="no event of either group"):
        processing.run(
            "saheloverlap:scorezones",
            {
                "INCIDENTS": sample_incidents,
                "START": QDate(2010, 1, 1),
                "END": QDate(2010, 12, 31),
                "OUTPUT": "memory:",
            },
        )


def test_incidents_without_standard_fields_are_refused(plugin):
    import processing

    layer = QgsVectorLayer(
        "Point?crs=EPSG:4326&field=event_date:date&field=who:string", "x", "memory"
    )
    f = QgsFeature(layer.fields())
    f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(0, 14)))
    layer.dataProvider().addFeatures([f])
    with pytest.raises(
        QgsProcessingException, match="missing fields event_id, side, actor_grp, clash, fatalities"
    ):
        processing.run("saheloverlap:scorezones", {"INCIDENTS": layer, "OUTPUT": "memory:"})


def test_model_runs_headless(plugin, tmp_path):
    import processing
    from osgeo import gdal

    out = tmp_path / "model_zones.gpkg"
    result = processing.run(
        MODEL_ID,
        {
            "incidents_file": str(d.SAMPLE_CSV),
            "window": 1,
            "import_incidents:incidents": "TEMPORARY_OUTPUT",
            "score_zones:zones": str(out),
            "overlap_heatmap:heatmap": str(tmp_path / "heat.tif"),
            "export_map:map": str(tmp_path / "map.pdf"),
        },
    )
    children = result["CHILD_RESULTS"]
    assert children["import_incidents"]["CLASHES"] == 143
    layer = QgsVectorLayer(str(out))
    hexes = {f["zone_id"] for f in layer.getFeatures()}
    assert len(hexes) > 700 and layer.featureCount() == len(hexes) * 6  # 25 km, by year
    assert {"parallel", "contested"} <= {f["zone_class"] for f in layer.getFeatures()}
    raster = gdal.Open(str(tmp_path / "heat.tif"))
    assert raster.RasterCount == 3 and 0 < children["overlap_heatmap"]["OVERLAP_INDEX"] < 1
    assert children["export_map"]["PAGES"] == 6  # one page per year, 2017-2022
    pages = subprocess.run(["pdfinfo", str(tmp_path / "map.pdf")], capture_output=True, text=True)
    assert "Pages:           6" in pages.stdout


def test_qgis_process_scores_zones(tmp_path, qgis_process_env):
    env = qgis_process_env
    incidents = tmp_path / "inc.gpkg"
    zones = tmp_path / "zones.gpkg"
    run = subprocess.run(
        [QGIS_PROCESS, "run", "saheloverlap:importincidents", "--", f"INPUT={d.SAMPLE_CSV}", f"OUTPUT={incidents}"],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    run = subprocess.run(
        [QGIS_PROCESS, "run", "saheloverlap:scorezones", "--", f"INCIDENTS={incidents}",
         f"ZONES={d.SAMPLE_ZONES}", "WINDOW=1", f"OUTPUT={zones}"],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "ZONES_CONTESTED:\t15" in run.stdout
    assert QgsVectorLayer(str(zones)).featureCount() == 29 * 6


def test_loader_counts_on_the_sample_match_the_planted_csv(preset):
    events, report = load_file(d.SAMPLE_CSV, preset)
    raw = pd.read_csv(d.SAMPLE_CSV, dtype=str)
    assert report.rows_read == len(raw)
    assert (events[d.F_SOURCE] == d.SOURCE_SYNTHETIC).all()


@pytest.mark.real_data
def test_real_mali_regions_2018_parallel_2020_contested(plugin, real_data, tmp_path):
    """The history written down in docs/methodology.md section 4."""
    import processing
    from qgis.core import QgsApplication

    inc = tmp_path / "mali.gpkg"
    processing.run(
        "saheloverlap:importincidents",
        {"INPUT": str(real_data / "acled_mali_2017_2020_actor_based.csv"), "OUTPUT": str(inc)},
    )
    regions = QgsVectorLayer(
        QgsApplication.pkgDataPath() + "/resources/data/world_map.gpkg|layername=states_provinces",
        "regions",
        "ogr",
    )
    regions.setSubsetString("adm0_a3 = 'MLI'")
    result = processing.run(
        "saheloverlap:scorezones",
        {"INCIDENTS": str(inc), "ZONES": regions, "WINDOW": 1, "OUTPUT": "memory:"},
    )
    got = features(result["OUTPUT"])
    got["year"] = got.window_start.dt.year
    cls = got.set_index(["name", "year"]).zone_class
    assert cls["Gao", 2018] == d.Z_PARALLEL and cls["Timbuktu", 2018] == d.Z_PARALLEL
    assert cls["Mopti", 2018] == d.Z_A_ONLY
    for region in ("Gao", "Timbuktu", "Mopti"):
        assert cls[region, 2020] == d.Z_CONTESTED
    assert got[got.year == 2018].events_clash.sum() == 0
    assert got[got.year == 2020].events_clash.sum() == 70  # 70 of the 71 clashes are in 2020


def test_scored_layer_style_names_the_groups_and_follows_time(planted_by_year):
    from sahel_overlap.plugin.provider.alg_score import style_zone_layer

    layer = planted_by_year
    style_zone_layer(layer)
    cats = {c.value(): c for c in layer.renderer().categories()}
    assert cats[d.Z_A_ONLY].label() == "JNIM only" and cats[d.Z_B_ONLY].label() == "ISGS only"
    assert cats[d.Z_CONTESTED].symbol().color().name() == d.ZONE_COLOURS[d.Z_CONTESTED]
    props = layer.temporalProperties()
    assert props.isActive() and '"window_start"' in props.startExpression()
    from qgis.core import QgsDateTimeRange
    from qgis.PyQt.QtCore import QDate, QDateTime, QTime

    june_2020 = QgsDateTimeRange(
        QDateTime(QDate(2020, 6, 1), QTime(0, 0)), QDateTime(QDate(2020, 6, 30), QTime(0, 0))
    )
    from qgis.core import QgsFeatureRequest, QgsVectorLayerTemporalContext

    ctx = QgsVectorLayerTemporalContext()
    ctx.setLayer(layer)
    expr = props.createFilterString(ctx, june_2020)
    shown = list(layer.getFeatures(QgsFeatureRequest().setFilterExpression(expr)))
    # The time slider shows exactly one feature per zone: the 2020 window.
    assert len(shown) == 29 and {f["window_start"].year() for f in shown} == {2020}
    # A frame that is only the window's last day still shows it (QGIS 3.22 compares a
    # Date field with midnight wrongly in the field modes).
    last_day = QgsDateTimeRange(
        QDateTime(QDate(2020, 12, 31), QTime(0, 0)), QDateTime(QDate(2020, 12, 31), QTime(0, 0))
    )
    expr = props.createFilterString(ctx, last_day)
    shown = list(layer.getFeatures(QgsFeatureRequest().setFilterExpression(expr)))
    assert len(shown) == 29 and {f["window_start"].year() for f in shown} == {2020}


@pytest.mark.parametrize("n_zones", [7, 2_100_000])  # presence table; x 24 months: the sort
def test_distinct_months_counts_each_zone_month_once(n_zones):
    rng = np.random.default_rng(8)
    zone = rng.integers(-1, 7, 2_000)
    months = rng.integers(600, 624, 2_000)
    got = scoring._distinct_months(zone, months, n_zones)
    want = [len({m for z, m in zip(zone, months) if z == k}) for k in range(7)]
    assert got[:7].tolist() == want and not got[7:].any() and len(got) == n_zones
