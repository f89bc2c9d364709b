"""Import rules of issue 21 (and items 9-10 of issue 22): clashes need the two groups as
opposing sides; the country check flags rows, never drops them; alias regexes cannot
hang the import; MultiPoint input is exploded."""

from __future__ import annotations

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
    ]
    events, report = inc.load_file(write(tmp_path, "bf.csv", lines), preset)
    assert sides_of(events) == {"K1": "b", "K2": "a", "C1": "clash", "C2": "clash", "L1": "a"}
    assert report.sides[d.SIDE_CLASH] == 2
    assert set(events.loc[events[d.F_CLASH] == 1, d.F_EVENT_ID]) == {"C1", "C2"}
    review = report.review.set_index(d.F_EVENT_ID)
    assert set(review.index) == {"K1", "K2"}
    assert review.loc["K1", "reason"] == f"JNIM named only as associate of {BF_ARMY}"
    assert review.loc["K2", "reason"] == f"ISGS named only as associate of {BF_ARMY}"
    assert (review.loc["K1", "plugin_reading"], review.loc["K1", d.F_SIDE]) == ("b", "b")
    assert report.joint["third_party"] == 2
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
