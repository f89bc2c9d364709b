"""Import rules of issue 21 (and items 9-10 of issue 22): clashes need the two groups as
opposing sides; the country check flags rows, never drops them; alias regexes cannot
hang the import; MultiPoint input is exploded."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from sahel_overlap.plugin import definitions as d
from sahel_overlap.plugin.core import incidents as inc
from sahel_overlap.plugin.core import joint

from .test_cooperation import ACTOR_BASED_HEADER, UCDP_HEADER, monadic_row, sides_of, ucdp_row
from .test_incidents import ISGS, JNIM, write

BF_ARMY = "Military Forces of Burkina Faso (2015-)"
CIVILIANS = "Civilians (Burkina Faso)"
DYADIC_HEADER = (
    "event_id_cnty,event_date,event_type,sub_event_type,actor1,assoc_actor_1,actor2,"
    "assoc_actor_2,country,admin1,admin2,location,latitude,longitude,geo_precision,"
    "time_precision,source_scale,notes,fatalities"
)
PLAIN = "Militants attacked a military camp."


def dyadic(eid, a1, assoc1="", a2="", assoc2="", notes=PLAIN, lat=14.0, lon=-1.5, country=""):
    country = country or "Burkina Faso"
    return (
        f'{eid},19 August 2019,Battles,Armed clash,"{a1}","{assoc1}","{a2}","{assoc2}",'
        f'{country},Sahel,Soum,Koutougou,{lat},{lon},1,1,National,"{notes}",5'
    )


# --- clashes need the two groups as opposing sides ----------------------------------------


def test_a_group_named_only_as_associate_of_the_army_makes_no_clash(tmp_path, preset):
    """BFO1947's pattern: ISGS attacks the army, JNIM is listed as the army's associate.
    Not a fight between the groups: ISGS's own event, in the review table with the
    reason; the fights with each group as a side's principal stay clashes."""
    lines = [
        DYADIC_HEADER,
        dyadic("K1", ISGS, a2=BF_ARMY, assoc2=JNIM),  # the Koutougou pattern
        dyadic("K2", BF_ARMY, assoc1=ISGS, a2=JNIM),  # mirrored: JNIM's own event
        dyadic("C1", ISGS, a2=JNIM),  # principal against principal
        dyadic("C2", "Katiba Macina", assoc1=JNIM, a2=ISGS),  # JNIM as its affiliate's associate
        dyadic("L1", BF_ARMY, a2=CIVILIANS, assoc2=JNIM),  # one group alone: as today
        dyadic("U1", ISGS, a2="", assoc2=JNIM),  # JNIM the associate of no named actor
    ]
    events, report = inc.load_file(write(tmp_path, "bf.csv", lines), preset)
    assert sides_of(events) == {
        "K1": "b", "K2": "a", "C1": "clash", "C2": "clash", "L1": "a", "U1": "b"
    }  # fmt: skip
    assert report.sides[d.SIDE_CLASH] == 2
    assert set(events.loc[events[d.F_CLASH] == 1, d.F_EVENT_ID]) == {"C1", "C2"}
    review = report.review.set_index(d.F_EVENT_ID)
    assert set(review.index) == {"K1", "K2", "U1"}
    assert review.loc["U1", "reason"] == "JNIM named only as associate of an unnamed actor"
    assert review.loc["K1", "reason"] == f"JNIM named only as associate of {BF_ARMY}"
    assert review.loc["K2", "reason"] == f"ISGS named only as associate of {BF_ARMY}"
    assert (review.loc["K1", "plugin_reading"], review.loc["K1", d.F_SIDE]) == ("b", "b")
    assert report.joint["third_party"] == 3
    assert any("named only as associate of" in line for line in report.lines())
    assert report.accounted() == report.rows_read


def test_the_override_table_can_restore_the_clash(tmp_path, preset):
    lines = [DYADIC_HEADER, dyadic("K1", ISGS, a2=BF_ARMY, assoc2=JNIM), dyadic("K3", ISGS)]
    path = write(tmp_path, "bf.csv", lines)
    overrides = tmp_path / "over.csv"
    overrides.write_text("event_id,override\nK1,clash\n", encoding="utf-8")
    rules = joint.Rules.from_files(None, overrides)
    events, report = inc.load_file(path, preset, rules=rules)
    k1 = events.set_index(d.F_EVENT_ID).loc["K1"]
    assert (k1[d.F_SIDE], k1[d.F_CLASH], k1[d.F_GROUP]) == ("clash", 1, "JNIM vs ISGS")
    assert report.sides[d.SIDE_CLASH] == 1 and report.overrides_unused == []
    assert report.review.set_index(d.F_EVENT_ID).loc["K1", "override"] == "clash"


def test_no_joint_operation_from_a_third_partys_associates(tmp_path, preset):
    """Both groups listed as the army's associates: no joint operation, whatever the notes
    say; one group as principal with the other as its associate: read as before."""
    clean = "JNIM and ISGS militants jointly attacked an army post near Boni."
    lines = [
        DYADIC_HEADER,
        dyadic("T1", BF_ARMY, assoc1=f"{JNIM}; {ISGS}", a2=CIVILIANS, notes=clean),
        dyadic("T2", BF_ARMY, assoc1=JNIM, a2=CIVILIANS, assoc2=ISGS, notes=clean),
        dyadic("J1", JNIM, assoc1=ISGS, a2=BF_ARMY, notes=clean),
    ]
    events, report = inc.load_file(write(tmp_path, "t.csv", lines), preset)
    assert sides_of(events) == {"T1": "ambiguous", "T2": "ambiguous", "J1": "joint"}
    why = report.review.set_index(d.F_EVENT_ID)["reason"]
    both = f"JNIM named only as associate of {BF_ARMY}; ISGS named only as associate of "
    assert why["T1"] == both + BF_ARMY
    assert why["T2"] == both + CIVILIANS
    assert report.sides[d.SIDE_CLASH] == 0 and report.sides[d.SIDE_JOINT] == 1


def test_actor_based_associate_of_the_army_makes_no_clash(tmp_path, preset):
    lines = [
        ACTOR_BASED_HEADER,
        monadic_row("K1", "19 August 2019", ISGS, notes=PLAIN),
        monadic_row("K1", "19 August 2019", "Military Forces of Mali (2013-2021)", assoc=JNIM),
        monadic_row("C1", "20 August 2019", ISGS, notes=PLAIN),
        monadic_row("C1", "20 August 2019", JNIM, notes=PLAIN),
    ]
    events, report = inc.load_file(write(tmp_path, "ab.csv", lines), preset)
    assert sides_of(events) == {"K1": "b", "C1": "clash"}
    why = report.review.set_index(d.F_EVENT_ID)["reason"]
    assert why["K1"] == "JNIM named only as associate of Military Forces of Mali (2013-2021)"
    assert report.accounted() == report.rows_read


def test_ucdp_first_listed_actor_is_the_principal(tmp_path, preset):
    """GED: a side lists its principal first. JNIM listed after the government on a side
    facing IS is no JNIM-IS clash."""
    gov = "Government of Mali"
    lines = [
        UCDP_HEADER,
        ucdp_row(1, 2, "JNIM", "IS"),
        ucdp_row(2, 1, f"{gov}, JNIM", "IS"),
    ]
    events, report = inc.load_file(write(tmp_path, "ged.csv", lines), preset)
    assert sides_of(events) == {"1": "clash", "2": "b"}
    assert report.review.set_index(d.F_EVENT_ID).loc["2", "reason"] == (
        f"JNIM named only as associate of {gov}"
    )


@pytest.mark.real_data
def test_real_burkina_koutougou_is_no_clash(real_data, preset):
    events, report = inc.load_file(real_data / "acled_burkina_faso_2016_2020.csv", preset)
    assert report.sides[d.SIDE_CLASH] == 53
    bfo1947 = events.set_index(d.F_EVENT_ID).loc["BFO1947"]
    assert (bfo1947[d.F_SIDE], bfo1947[d.F_CLASH]) == (d.SIDE_B, 0)


@pytest.mark.real_data
def test_real_soum_2019_q3_is_not_contested(plugin, real_data, tmp_path):
    """Scored by quarter on Natural Earth's admin-1 units, Soum in 2019 Q3 (Koutougou's
    quarter) is not contested."""
    import processing
    from qgis.core import QgsVectorLayer

    from .test_scoring import features

    incidents = tmp_path / "bf.gpkg"
    processing.run(
        "saheloverlap:importincidents",
        {"INPUT": str(real_data / "acled_burkina_faso_2016_2020.csv"), "OUTPUT": str(incidents)},
    )
    regions = QgsVectorLayer(
        str(real_data / "boundaries" / "naturalearth_admin1_mli_bfa_ner.geojson"), "r", "ogr"
    )
    regions.setSubsetString("\"adm0_a3\" = 'BFA'")
    result = processing.run(
        "saheloverlap:scorezones",
        {
            "INCIDENTS": str(incidents),
            "ZONES": regions,
            "WINDOW": 2,  # quarters
            "START": "2019-01-01",
            "END": "2019-12-31",
            "OUTPUT": str(tmp_path / "q.gpkg"),
        },
    )
    got = features(QgsVectorLayer(result["OUTPUT"]))
    soum = got[(got["name"] == "Soum") & (got.window_start == pd.Timestamp("2019-07-01"))]
    assert len(soum) == 1
    # One clash left (there were two with BFO1947's 57 deaths).
    assert int(soum.events_clash.iloc[0]) == 1
    assert soum.zone_class.iloc[0] != d.Z_CONTESTED, soum.class_reason.iloc[0]


# --- the country check flags, never drops ---------------------------------------------------

A_WGS84 = 6378137.0
E2_WGS84 = (1 / 298.257223563) * (2 - 1 / 298.257223563)


def meridian_km(lat1: float, lat2: float) -> float:
    """Meridian arc between two latitudes on WGS84, by Simpson's rule (independent of the
    plugin's Vincenty formula)."""
    import numpy as np

    phi = np.radians(np.linspace(lat1, lat2, 2001))
    m = A_WGS84 * (1 - E2_WGS84) / (1 - E2_WGS84 * np.sin(phi) ** 2) ** 1.5
    h = (phi[-1] - phi[0]) / 2000
    return float(abs(h / 3 * (m[0] + m[-1] + 4 * m[1:-1:2].sum() + 2 * m[2:-1:2].sum()))) / 1000


def lat_south_of(lat0: float, km: float) -> float:
    """The latitude ``km`` south of ``lat0`` along a meridian (bisection)."""
    lo, hi = lat0 - 3.0, lat0
    for _ in range(80):
        mid = (lo + hi) / 2
        lo, hi = (lo, mid) if meridian_km(mid, lat0) < km else (mid, hi)
    return (lo + hi) / 2


def planted_country():
    """A planted country: the box 0..2 E, 10..12 N."""
    from sahel_overlap.plugin.core import countries as cty

    ring = [(0, 10), (2, 10), (2, 12), (0, 12), (0, 10)]
    return cty.CountryShapes.from_rings({"Testland": [[ring]]}, "planted")


def test_rows_outside_their_country_are_kept_with_their_distance(tmp_path, preset):
    """Rows 1 m, 5 km and 200 km south of the planted country's southern edge (a parallel:
    the nearest border point is due north, so the true distance is the meridian arc) are
    all kept; country_km is right to 1 mm (Vincenty is good to well under that, and the
    nearest point on a parallel is found exactly); only the 200 km one is listed."""
    planted = {"M1": 0.001, "K5": 5.0, "K200": 200.0}
    lines = [DYADIC_HEADER, dyadic("IN", ISGS, lat=11.0, lon=1.0, country="Testland")]
    for eid, km in planted.items():
        lat = lat_south_of(10.0, km)
        lines.append(dyadic(eid, ISGS, lat=f"{lat:.10f}", lon=1.0, country="Testland"))
    checks = inc.Checks(countries=planted_country())
    events, report = inc.load_file(write(tmp_path, "t.csv", lines), preset, checks=checks)
    assert report.skipped == {} and len(events) == 4
    km = events.set_index(d.F_EVENT_ID)[d.F_COUNTRY_KM]
    assert km["IN"] == 0.0
    for eid, want in planted.items():
        assert km[eid] == pytest.approx(want, abs=1e-6), eid
    listed = report.review.set_index(d.F_EVENT_ID)
    assert list(listed.index) == ["K200"]
    assert listed.loc["K200", "reason"].startswith("200.0 km outside Testland")
    assert report.checks[inc.N_FAR] == 1 and report.checks[inc.N_NEAR] == 2
    # A stricter limit lists the 5 km row too.
    strict = inc.Checks(countries=planted_country(), country_km=1.0)
    _events, report = inc.load_file(write(tmp_path, "t.csv", lines), preset, checks=strict)
    assert set(report.review[d.F_EVENT_ID]) == {"K5", "K200"}
    assert report.checks[inc.n_far(1.0)] == 2


def test_issue_distances_past_a_border_are_kept(tmp_path, preset):
    """0.057 and 0.058 degrees east of the planted border (the two Ménaka rows' distances
    in the issue; about 6.2 km at 11 N) and 2 m, 614 m, 1.16 km out: all kept, none
    listed (under 10 km)."""
    lines = [DYADIC_HEADER]
    for k, dlon in enumerate([0.057, 0.058, 0.000018, 0.0056, 0.0106]):
        lines.append(dyadic(f"E{k}", JNIM, lat=11.0, lon=2.0 + dlon, country="Testland"))
    events, report = inc.load_file(
        write(tmp_path, "e.csv", lines), preset, checks=inc.Checks(countries=planted_country())
    )
    assert len(events) == 5 and report.skipped == {} and report.review.empty
    km = events.set_index(d.F_EVENT_ID)[d.F_COUNTRY_KM]
    # 1 degree of longitude at 11 N is 109.3 km on WGS84: N cos(phi) pi / 180.
    assert km["E0"] == pytest.approx(0.057 * 109.28, rel=2e-3)
    assert km["E2"] == pytest.approx(0.002, abs=1e-4)


def test_distance_to_a_slanted_edge_matches_a_dense_geodesic_search():
    """Against pyproj's geodesics to 2,001 points along the edge: the plane search picks
    the right edge point (error under 0.1 %, the sampling's own step included)."""
    pyproj = pytest.importorskip("pyproj")
    import numpy as np

    from sahel_overlap.plugin.core import countries as cty

    ring = [(0, 10), (4, 14), (0, 14), (0, 10)]
    shapes = cty.CountryShapes.from_rings({"Slant": [[ring]]}, "planted")
    lon = np.array([2.5, 3.0, 1.0])
    lat = np.array([11.0, 10.5, 9.0])
    _status, km, _unknown = cty.check(lon, lat, ["Slant"] * 3, shapes)
    geod = pyproj.Geod(ellps="WGS84")
    t = np.linspace(0, 1, 2001)
    for i in range(3):
        truth = []
        for x0, y0, x1, y1 in cty._edges(shapes.outlines["slant"]):
            ex, ey = x0 + t * (x1 - x0), y0 + t * (y1 - y0)
            _f, _b, dist = geod.inv(np.full_like(ex, lon[i]), np.full_like(ex, lat[i]), ex, ey)
            truth.append(dist.min() / 1000)
        assert km[i] == pytest.approx(min(truth), rel=1e-3)


def test_ucdp_country_without_an_outline_is_said_so(tmp_path, preset):
    lines = [UCDP_HEADER, ucdp_row(1, 2, "JNIM", "IS")]
    lines[1] = lines[1].replace(",Mali,", ",Upper Volta,")
    events, report = inc.load_file(
        write(tmp_path, "g.csv", lines), preset, checks=inc.Checks(countries=planted_country())
    )
    assert len(events) == 1 and pd.isna(events[d.F_COUNTRY_KM].iloc[0])
    assert report.checks[f"{inc.N_UCDP_COUNTRY} (Upper Volta)"] == 1


@pytest.mark.real_data
def test_real_mali_rows_near_the_menaka_border_are_kept(real_data, preset):
    """The two real border rows the 0.1-degree buffer dropped (MLI4547 Aboungoulou near
    Ménaka, MLI3524 Ouami; 0.057 and 0.058 degrees outside Natural Earth's Mali) are kept,
    6.3 and 6.5 km out (under 10 km: border events, not listed); no row of the file is
    lost to the country check."""
    from sahel_overlap.plugin.io.natural_earth import country_shapes

    shapes = country_shapes()
    if shapes is None:
        pytest.skip("QGIS's world_map.gpkg is not installed")
    events, report = inc.load_file(
        real_data / "acled_mali_2017_2020_actor_based.csv",
        preset,
        checks=inc.Checks(countries=shapes),
    )
    km = events.set_index(d.F_EVENT_ID)[d.F_COUNTRY_KM]
    assert km["MLI4547"] == pytest.approx(6.34, abs=0.01)
    assert km["MLI3524"] == pytest.approx(6.46, abs=0.01)
    assert report.skipped == {} and report.far == 0
    assert report.events == 1309 and report.accounted() == report.rows_read == 1386
    assert report.checks[inc.N_NEAR] == 10


# --- alias regexes cannot hang the import (issue 22, item 9) ---------------------------------

PRESET_HEAD = "preset,group_key,group,match,pattern,source\n"


@pytest.mark.parametrize(
    "pattern, why",
    [
        ("^(a+)+$", "a repeated group holding another repeat"),
        ("^(a|aa)*$", "a repeated group holding alternatives"),
        (".*.*.*.*x", "more than 3 unbounded or wide repeats"),
    ],
)
def test_a_catastrophic_alias_regex_is_refused_with_its_row(tmp_path, pattern, why):
    import time

    from sahel_overlap.plugin.core.presets import PresetError, load_presets

    table = tmp_path / "presets.csv"
    table.write_text(
        PRESET_HEAD + f"P,a,A,exact,JNIM,acled\nP,b,B,regex,{pattern},acled\n", encoding="utf-8"
    )
    t0 = time.perf_counter()
    with pytest.raises(PresetError, match=rf"presets.csv:3: regex .* refused: {why}"):
        load_presets(table)
    assert time.perf_counter() - t0 < 1.0


def test_the_issue_pattern_through_processing_fails_fast_with_the_row(plugin, tmp_path):
    """``^(a+)+$`` against a 35-character actor hangs plain ``re``; the import refuses
    the pattern before matching anything."""
    import time

    import processing
    from qgis.core import QgsProcessingException

    table = tmp_path / "presets.csv"
    table.write_text(PRESET_HEAD + "P,a,A,exact,JNIM,acled\nP,b,B,regex,^(a+)+$,acled\n")
    csv = write(tmp_path, "a.csv", [DYADIC_HEADER, dyadic("R1", "a" * 35 + "!", a2=JNIM)])
    t0 = time.perf_counter()
    with pytest.raises(QgsProcessingException, match=r"presets.csv:3: regex '\^\(a\+\)\+\$'"):
        processing.run(
            "saheloverlap:importincidents",
            {"INPUT": str(csv), "PRESET_TABLE": str(table), "OUTPUT": str(tmp_path / "o.gpkg")},
        )
    assert time.perf_counter() - t0 < 5.0
    assert not (tmp_path / "o.gpkg").exists()


def test_a_catastrophic_uncertainty_regex_is_refused_with_its_row(tmp_path):
    table = tmp_path / "patterns.csv"
    table.write_text("pattern,match\nor,word\n(x+)+y,regex\n", encoding="utf-8")
    with pytest.raises(joint.JointRulesError, match=r"patterns.csv:3: regex '\(x\+\)\+y' refused"):
        joint.load_patterns(table)


def test_cancel_is_polled_while_actor_names_are_matched():
    from sahel_overlap.plugin.core.csvfile import Canceled
    from sahel_overlap.plugin.core.presets import Alias, side_membership

    names = pd.Series([f"actor {k}" for k in range(5000)])
    dates = pd.Series(pd.to_datetime(["2020-01-01"] * 5000))
    calls = []

    def canceled():
        calls.append(1)
        return len(calls) > 3  # the user cancels while names are being matched

    aliases = [Alias("a", "regex", "^actor 4999$", "acled")]
    with pytest.raises(Canceled):
        side_membership([names], dates, aliases, is_canceled=canceled)
    assert len(calls) == 4  # stopped at the fourth poll, a few hundred names in


def test_a_slow_alias_match_is_refused_with_its_row(monkeypatch):
    """A pattern inside the safe subset that is still slow on some actor name: the time
    limit names it rather than letting the import crawl."""
    from sahel_overlap.plugin.core import presets

    monkeypatch.setattr(presets, "SLOW_MATCH_SECONDS", 0.0)
    aliases = [presets.Alias("a", "regex", "a.*b.*c", "acled", where="mine.csv:7")]
    with pytest.raises(presets.PresetError, match=r"mine.csv:7: regex 'a.\*b.\*c' took over"):
        presets.side_membership([pd.Series(["x" * 50])], pd.Series([pd.Timestamp(0)]), aliases)


# --- MultiPoint input (issue 22, item 10) ------------------------------------------------


def _multipoint_layer(wkts):
    from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer

    layer = QgsVectorLayer(
        "MultiPoint?crs=EPSG:4326&field=eid:string&field=day:string&field=who:string"
        "&field=whom:string",
        "mp",
        "memory",
    )
    feats = []
    for k, wkt in enumerate(wkts):
        feat = QgsFeature(layer.fields())
        feat.setAttributes([f"M{k}", "2020-03-01", ISGS, JNIM])
        feat.setGeometry(QgsGeometry.fromWkt(wkt))
        feats.append(feat)
    assert layer.dataProvider().addFeatures(feats)[0]
    return layer


MAPPED = {"FORMAT": 3, "FIELD_ID": "eid", "FIELD_DATE": "day", "FIELD_ACTOR1": "who"}


def test_a_one_point_multipoint_is_read_at_its_point(plugin, tmp_path):
    """A MultiPoint layer of one point per feature (as many GeoPackages store points):
    each event at its own point, not a centroid."""
    import processing
    from qgis.core import QgsVectorLayer

    layer = _multipoint_layer(["MultiPoint((1.25 14.5))", "MultiPoint((-2 12.75))"])
    out = tmp_path / "mp.gpkg"
    processing.run("saheloverlap:importincidents", {"INPUT": layer, **MAPPED, "OUTPUT": str(out)})
    got = {
        f["event_id"]: (f.geometry().asPoint().x(), f.geometry().asPoint().y())
        for f in QgsVectorLayer(str(out)).getFeatures()
    }
    assert got == {"M0": (1.25, 14.5), "M1": (-2.0, 12.75)}


def test_a_multipoint_of_several_points_is_refused_with_the_reason(plugin, tmp_path):
    """Its centroid would move the event (here by 2.5 degrees): refused, naming the
    feature and the tool that splits it; nothing written."""
    import processing
    from qgis.core import QgsProcessingException

    layer = _multipoint_layer(["MultiPoint((1 14))", "MultiPoint((0 12), (5 12))"])
    out = tmp_path / "mp.gpkg"
    with pytest.raises(QgsProcessingException, match=r"feature 2 is a MultiPoint of 2 points"):
        processing.run(
            "saheloverlap:importincidents", {"INPUT": layer, **MAPPED, "OUTPUT": str(out)}
        )
    assert not out.exists()


# --- one import record, whichever way the events were loaded ----------------------------------


def _square_zones(squares):
    from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer

    layer = QgsVectorLayer("Polygon?crs=EPSG:4326&field=name:string", "zones", "memory")
    feats = []
    for name, (x, y) in squares.items():
        feat = QgsFeature(layer.fields())
        feat.setAttributes([name])
        feat.setGeometry(
            QgsGeometry.fromWkt(
                f"POLYGON(({x} {y},{x + 1} {y},{x + 1} {y + 1},{x} {y + 1},{x} {y}))"
            )
        )
        feats.append(feat)
    assert layer.dataProvider().addFeatures(feats)[0]
    return layer


def test_load_incidents_writes_the_import_record_and_scores_alike(
    plugin, qgis_iface, tmp_path, preset
):
    """The menu's Load incidents writes the Processing import's record (coverage, preset
    and table hash, input and its hash): a Mali-only file scored on a Mali and a Niger
    zone gives no_data in Niger (the source never looked there) either way."""
    import time

    import processing
    from qgis.core import QgsProject, QgsVectorLayer
    from qgis.PyQt.QtCore import QCoreApplication

    from sahel_overlap.plugin.gui.load_incidents import LoadIncidentsController
    from sahel_overlap.plugin.io.metadata import read_metadata

    from .test_scoring import features

    lines = [DYADIC_HEADER]
    for k in range(8):
        who = JNIM if k % 2 else ISGS
        lines.append(
            dyadic(f"E{k}", who, a2=CIVILIANS, lat=15.2 + k / 100, lon=-1.5, country="Mali")
        )
    csv = write(tmp_path, "mali.csv", lines)
    by_alg = tmp_path / "alg.gpkg"
    processing.run("saheloverlap:importincidents", {"INPUT": str(csv), "OUTPUT": str(by_alg)})
    ctrl = LoadIncidentsController(qgis_iface, QgsProject.instance())
    task = ctrl.start(str(csv), preset, folder=tmp_path / "menu")
    by_menu = Path(task.gpkg)
    deadline = time.monotonic() + 60
    while not ctrl.layers and time.monotonic() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.01)
    assert ctrl.layers, "Load incidents did not finish"
    records = [read_metadata(str(p), d.META_IMPORT) for p in (by_alg, by_menu)]
    for rec in records:
        assert rec is not None
        rec.pop("created")
    assert records[0] == records[1]
    assert records[1]["coverage"]["countries"] == {"Mali": ["2019-08-19", "2019-08-19"]}
    classes = []
    for src in (by_alg, by_menu):
        out = processing.run(
            "saheloverlap:scorezones",
            {
                "INCIDENTS": str(src),
                "ZONES": _square_zones({"mali": (-2, 15), "niger": (8, 15)}),
                "PERMUTATIONS": 0,
                "OUTPUT": str(tmp_path / f"z_{src.stem}.gpkg"),
            },
        )
        got = features(QgsVectorLayer(out["OUTPUT"]))
        classes.append(dict(zip(got["name"], got["zone_class"])))
    assert classes[0] == classes[1] and classes[1]["niger"] == d.Z_NO_DATA
    for layer in ctrl.layers + ctrl.base_layers:
        QgsProject.instance().removeMapLayer(layer.id())


def test_a_temporary_scored_layer_keeps_its_provenance_for_the_map_footer(plugin, tmp_path):
    """Scored into a temporary (memory) layer and loaded as the toolbox loads it (the
    zone style applied on completion): the provenance survives the style and the printed
    map's footer shows "Scoring: ..."."""
    import processing
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback, QgsProject, QgsVectorLayer

    from sahel_overlap.plugin.provider.alg_score import ZoneStyler
    from sahel_overlap.plugin.render import layout as lay
    from sahel_overlap.plugin.render import print_style as ps

    incidents = tmp_path / "inc.gpkg"
    processing.run(
        "saheloverlap:importincidents", {"INPUT": str(d.SAMPLE_CSV), "OUTPUT": str(incidents)}
    )
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    feedback = QgsProcessingFeedback()
    out = processing.run(
        "saheloverlap:scorezones",
        {"INCIDENTS": str(incidents), "WINDOW": 1, "PERMUTATIONS": 0, "OUTPUT": "TEMPORARY_OUTPUT"},
        context=context,
        feedback=feedback,
    )
    zones = out["OUTPUT"]  # processing.run hands back the memory layer itself
    assert zones is not None and zones.providerType() == "memory"
    ZoneStyler.create().postProcessLayer(zones, context, feedback)
    project = QgsProject()
    project.addMapLayer(zones)
    layers = lay.prepare_layers(zones, QgsVectorLayer(str(incidents), "inc", "ogr"), project)
    layout = lay.build_layout(project, layers)
    try:
        line = ps.unplain(lay.page_items(layout, 0)[lay.ID_PROVENANCE].currentText())
    finally:
        lay.release_layout(layout, project)
    assert line.startswith("Scoring: v") and "inc.gpkg (sha256" in line, line


def test_import_algorithm_keeps_far_rows_and_lists_them_in_the_review_table(plugin, tmp_path):
    """Through Processing, Natural Earth's outlines: a 'Mali' row placed in Niger (about
    400 km east of Mali) is written with its distance and listed; COUNTRY_KM 1000 lists
    nothing."""
    import processing
    from qgis.core import QgsVectorLayer

    lines = [
        DYADIC_HEADER,
        dyadic("IN", JNIM, a2=CIVILIANS, lat=14.5, lon=-4.0, country="Mali"),
        dyadic("FAR", JNIM, a2=CIVILIANS, lat=15.0, lon=8.0, country="Mali"),
    ]
    csv = write(tmp_path, "far.csv", lines)
    for limit, listed in ((10, ["FAR"]), (1000, [])):
        out, review = tmp_path / f"o{limit}.gpkg", tmp_path / f"r{limit}.csv"
        processing.run(
            "saheloverlap:importincidents",
            {
                "INPUT": str(csv),
                "COUNTRY_KM": limit,
                "OUTPUT": str(out),
                "REVIEW_TABLE": str(review),
            },
        )
        km = {f["event_id"]: f["country_km"] for f in QgsVectorLayer(str(out)).getFeatures()}
        assert km["IN"] == 0.0 and 300 < km["FAR"] < 500
        rows = pd.read_csv(review, dtype=str, keep_default_na=False)
        assert list(rows[d.F_EVENT_ID]) == listed


def test_country_km_that_is_not_a_number_is_refused(plugin, tmp_path):
    """COUNTRY_KM=nan passed Processing's range check and switched the flagging off while
    the log said "up to nan km": refused before anything is written."""
    import processing
    from qgis.core import QgsProcessingException

    from sahel_overlap.plugin import definitions as d

    out = tmp_path / "o.gpkg"
    with pytest.raises(QgsProcessingException, match="COUNTRY_KM: a distance in km"):
        processing.run(
            "saheloverlap:importincidents",
            {"INPUT": str(d.SAMPLE_CSV), "COUNTRY_KM": "nan", "OUTPUT": str(out)},
        )
    assert not out.exists()


def test_wide_bounded_repeats_count_as_unbounded():
    """``^.{0,99}…Q$`` (13 bounded repeats) ran for 100 s on a 24-character actor: a wide
    bounded repeat backtracks like ``.*`` and counts toward the limit; narrow ones don't."""
    from sahel_overlap.plugin.core.presets import unsafe_regex

    assert "wide repeats" in unsafe_regex("^" + ".{0,99}" * 13 + "Q$")
    assert "wide repeats" in unsafe_regex(".{0,99}.{0,99}.*.*")
    assert unsafe_regex(r"^JNIM.{0,3}\s+\d{2,4}$") is None
