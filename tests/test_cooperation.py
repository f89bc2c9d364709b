"""Joint operations (issue 17): told apart from uncertain attribution, reviewed, overridden,
scored, drawn and mapped."""

from __future__ import annotations

import pytest

from sahel_overlap.plugin import definitions as d
from sahel_overlap.plugin.core import incidents as inc
from sahel_overlap.plugin.core import joint

from .test_incidents import ACLED_HEADER, ISGS, ISGS_WA, JNIM, acled_row, write

ARMY = "Military Forces of Mali (2013-2021)"
CIVILIANS = "Civilians (Mali)"
CLEAN = "JNIM and ISGS militants jointly attacked an army post near Boni."
ACTOR_BASED_HEADER = (
    "event_id_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,"
    "assoc_actor_1,inter1,interaction,country,admin1,admin2,location,latitude,longitude,"
    "geo_precision,source,source_scale,notes,fatalities"
)
UCDP_HEADER = (
    "id,relid,year,type_of_violence,dyad_name,side_a,side_b,where_prec,where_coordinates,"
    "adm_1,adm_2,latitude,longitude,country,date_prec,date_start,date_end,best"
)


def monadic_row(eid, date, actor, assoc="", notes=CLEAN, lat=15.0, lon=-1.0):
    return (
        f'{eid},{date},2020,1,Battles,Armed clash,"{actor}","{assoc}",2,12,Mali,Mopti,'
        f'Douentza,Boni,{lat},{lon},1,Test,Test,"{notes}",3'
    )


def ucdp_row(gid, tov, side_a, side_b, date="2020-05-01"):
    return (
        f'{gid},MLI-{gid},2020,{tov},"{side_a} - {side_b}","{side_a}","{side_b}",1,Boni,'
        f"Mopti region,Douentza cercle,15.0,-1.0,Mali,1,{date},{date},4"
    )


def sides_of(events):
    return dict(zip(events[d.F_EVENT_ID], events[d.F_SIDE]))


@pytest.fixture(scope="module")
def patterns():
    return joint.load_patterns()


# --- the uncertainty patterns ---------------------------------------------------------------


@pytest.mark.parametrize(
    "notes, found",
    [
        ("On 19 July, JNIM or ISGS militants attacked a GATIA column.", "or"),
        ("Presumed ISGS or JNIM militants attacked.", "Presumed"),  # the earliest word
        ("JNIM and/or ISGS militants attacked the camp.", "or"),
        ("Militants attacked a force for the second time near Mopti and Gorom-Gorom.", None),
        ("Ordered: militants, Oran, ORTM and Boro forces.", None),  # 'or' inside words
        ("OR", "or"),
        ("Des djihadistes présumés du JNIM et de l'EIGS.", "présumés"),
        ("des djihadistes PRESUMES", "présumés"),  # an accent-less spelling is found
        ("Le camp où vivent les déplacés a été attaqué.", None),  # 'ou' is not 'où'
        ("JNIM ou EIGS", "ou"),
        ("des hommes soupconnes d'appartenir au JNIM", "soupçonnés"),
        ("suspected\nJNIM militants", "suspected"),
        ("it is believed  to be a JNIM unit", "believed to be"),  # any run of spaces
        ("JNIM and ISGS militants jointly attacked an army post.", None),
    ],
)
def test_doubt_words_are_found_as_whole_words(patterns, notes, found):
    got = joint.doubt(notes, patterns)
    if found is None:
        assert got is None, got
    else:
        assert got is not None and got.casefold() == found.casefold(), got


def test_pattern_table_is_editable_and_checked(tmp_path):
    table = tmp_path / "patterns.csv"
    table.write_text("pattern;match\nclaimed;word\nattribu(é|e)s? à;regex\n", encoding="utf-8")
    pats = joint.load_patterns(table)
    assert joint.doubt("JNIM claimed the attack", pats) == "claimed"
    assert joint.doubt("attaque attribuée à JNIM", pats) is None  # regexes: as written
    assert joint.doubt("attaque attribués à JNIM", pats) == "attribu(é|e)s? à"
    assert joint.doubt("JNIM or ISGS", pats) is None  # only the table's patterns
    table.write_text("pattern,match\nx,fuzzy\n", encoding="utf-8")
    with pytest.raises(joint.JointRulesError, match="match must be"):
        joint.load_patterns(table)
    table.write_text("word\nor\n", encoding="utf-8")
    with pytest.raises(joint.JointRulesError, match="no 'pattern' column"):
        joint.load_patterns(table)


# --- the import: dyadic, actor-based, UCDP GED ----------------------------------------------


def test_dyadic_joint_attacks_and_what_stays_ambiguous(tmp_path, preset):
    lines = [
        ACLED_HEADER,
        # actor + associate actor, either way round, notes without doubt: joint
        acled_row("J1", "15 March 2020", JNIM, ARMY, assoc1=ISGS, notes=CLEAN),
        acled_row("J2", "16 March 2020", ISGS_WA, CIVILIANS, assoc1="Katiba Macina", notes=CLEAN),
        # the notes say "or" / "presumed": uncertain attribution
        acled_row(
            "U1",
            "17 March 2020",
            JNIM,
            ARMY,
            assoc1=ISGS,
            notes="Two rockets fired by JNIM or ISGS militants struck the airport.",
        ),
        acled_row(
            "U2",
            "18 March 2020",
            ISGS,
            ARMY,
            assoc1=JNIM,
            notes="Presumed ISGS and JNIM militants attacked a column.",
        ),
        acled_row("U3", "18 March 2020", ISGS, ARMY, assoc1=JNIM, notes=""),  # nothing to read
        # an "A and/or B" name on the side (or alone): ambiguous
        acled_row("U4", "19 March 2020", JNIM, ARMY, assoc1=f"{ISGS}; {JNIM} and/or {ISGS}"),
        acled_row("U5", "19 March 2020", f"{JNIM} and/or {ISGS}", CIVILIANS, notes=CLEAN),
        # a group on both sides: not a joint operation
        acled_row("U6", "20 March 2020", JNIM, ISGS, assoc1=ISGS, notes=CLEAN),
        # the two groups against each other: still a clash, whatever the notes say
        acled_row("C1", "21 March 2020", JNIM, ISGS, notes="JNIM or ISGS? fighting"),
        acled_row("C2", "21 March 2020", ISGS_WA, JNIM, notes=CLEAN),
    ]
    events, report = inc.load_file(write(tmp_path, "dyadic.csv", lines), preset)
    assert sides_of(events) == {
        "J1": "joint", "J2": "joint", "U1": "ambiguous", "U2": "ambiguous", "U3": "ambiguous",
        "U4": "ambiguous", "U5": "ambiguous", "U6": "ambiguous", "C1": "clash", "C2": "clash",
    }  # fmt: skip
    joint_rows = events[events[d.F_SIDE] == d.SIDE_JOINT]
    assert joint_rows[d.F_GROUP].unique().tolist() == ["JNIM + ISGS"]
    assert joint_rows[d.F_CLASH].tolist() == [0, 0]
    assert report.sides[d.SIDE_JOINT] == 2 and report.sides[d.SIDE_CLASH] == 2
    review = report.review.set_index(d.F_EVENT_ID)
    assert sorted(review.index) == ["J1", "J2", "U1", "U2", "U3", "U4", "U6"]  # not U5
    assert review.loc["U1", "reason"] == "notes say 'or'"
    assert review.loc["U2", "reason"] == "notes say 'presumed'"  # as the table writes it
    assert review.loc["U3", "reason"] == joint.WHY_NO_NOTES
    assert review.loc["U4", "reason"] == joint.WHY_AND_OR
    assert review.loc["U6", "reason"] == joint.WHY_BOTH_SIDES
    assert review.loc["J1", "reason"] == joint.WHY_CLEAN
    assert review.loc["J1", d.F_NOTES] == CLEAN and review.loc["J1", d.F_DATE] == "2020-03-15"
    assert report.joint["same_side"] == 7 and report.joint["joint"] == 2
    assert report.joint["ambiguous_why"]["notes say 'or'"] == 1
    lines = "\n".join(report.lines())
    assert "joint operations: 2" in lines
    assert "read as joint operations: 2; left ambiguous: 5" in lines
    assert "ambiguous 1: notes say 'or'" in lines


def test_joint_on_the_second_side_and_one_name_for_both_groups(tmp_path, preset):
    """The state as actor1, the groups as actor2 and assoc_actor_2: joint. A name that
    matches aliases of both groups is one actor, not two."""
    header = ACLED_HEADER
    row = acled_row("J3", "15 March 2020", ARMY, JNIM, notes=CLEAN)
    row = row.replace(f'"{JNIM}",,2', f'"{JNIM}","{ISGS}",2')  # assoc_actor_2 = ISGS
    events, report = inc.load_file(write(tmp_path, "second.csv", [header, row]), preset)
    assert sides_of(events) == {"J3": "joint"}
    assert events.loc[0, d.F_ASSOC2] == ISGS

    from sahel_overlap.plugin.core.presets import load_presets

    table = tmp_path / "presets.csv"
    table.write_text(
        "preset,group_key,group,match,pattern,source\n"
        "P,a,A,regex,^Jama,acled\n"
        "P,b,B,regex,Front$,acled\n",
        encoding="utf-8",
    )
    both = load_presets(table)["P"]
    rows = [
        ACLED_HEADER,
        acled_row("X1", "15 March 2020", "Jama Front", ARMY, assoc1="Jama Front", notes=CLEAN),
        acled_row(
            "X2", "15 March 2020", "Jama Group", ARMY, assoc1="Liberation Front", notes=CLEAN
        ),
    ]
    events, report = inc.load_file(write(tmp_path, "one.csv", rows), both)
    assert sides_of(events) == {"X1": "ambiguous", "X2": "joint"}
    assert report.review.set_index(d.F_EVENT_ID).loc["X1", "reason"] == joint.WHY_ONE_NAME


def test_actor_based_joint_attack_and_clash(tmp_path, preset):
    """Actor-based: a joint attack is one row naming both groups (actor + associate
    actor) and the target's row; a clash is a row for each group."""
    lines = [
        ACTOR_BASED_HEADER,
        monadic_row("J1", "15 March 2020", ARMY, notes=CLEAN),
        monadic_row("J1", "15 March 2020", ISGS, assoc=JNIM, notes=CLEAN),
        monadic_row("J2", "16 March 2020", JNIM, assoc=f"Katiba Macina; {ISGS}", notes=CLEAN),
        monadic_row("U1", "17 March 2020", JNIM, assoc=ISGS, notes="JNIM or ISGS militants"),
        monadic_row("U1", "17 March 2020", ARMY, notes="JNIM or ISGS militants"),
        monadic_row("C1", "18 March 2020", JNIM, notes=CLEAN),
        monadic_row("C1", "18 March 2020", ISGS, notes=CLEAN),
        monadic_row("A1", "19 March 2020", JNIM, notes=CLEAN),
        monadic_row("A1", "19 March 2020", CIVILIANS, notes=CLEAN),
    ]
    events, report = inc.load_file(write(tmp_path, "monadic.csv", lines), preset)
    assert report.layout == "actor-based"
    assert sides_of(events) == {
        "J1": "joint", "J2": "joint", "U1": "ambiguous", "C1": "clash", "A1": "a"
    }  # fmt: skip
    j1 = events.set_index(d.F_EVENT_ID).loc["J1"]
    # the row naming both groups is the event's first side, the army its other party
    assert (j1[d.F_ACTOR1], j1[d.F_ASSOC1], j1[d.F_ACTOR2]) == (ISGS, JNIM, ARMY)
    assert report.merged == 4 and report.accounted() == report.rows_read
    assert report.joint == {
        "same_side": 3, "joint": 2, "ambiguous": 1, "ambiguous_why": {"notes say 'or'": 1},
        "overrides_applied": 0, "overrides_changed": 0,
    }  # fmt: skip


def test_ucdp_both_groups_in_one_sides_list_is_joint(tmp_path, preset):
    lines = [
        UCDP_HEADER,
        ucdp_row(1, 1, "Government of Mali", "JNIM, IS"),  # joint, against the state
        ucdp_row(2, 3, "IS; JNIM", "Civilians"),  # one-sided violence by both
        ucdp_row(3, 2, "JNIM", "IS"),  # non-state: a clash between them
        ucdp_row(4, 1, "Government of Mali", "JNIM"),
        ucdp_row(5, 2, "JNIM, IS", "IS"),  # IS on both sides: not joint
    ]
    events, report = inc.load_file(write(tmp_path, "ged.csv", lines), preset)
    assert report.source == d.SOURCE_UCDP
    assert sides_of(events) == {
        "1": "joint",
        "2": "joint",
        "3": "clash",
        "4": "a",
        "5": "ambiguous",
    }
    review = report.review.set_index(d.F_EVENT_ID)
    assert review.loc["1", "reason"] == joint.WHY_GED
    assert review.loc["5", "reason"] == joint.WHY_BOTH_SIDES


def test_mapped_table_reads_notes_only_when_mapped(tmp_path, preset):
    path = write(
        tmp_path,
        "mapped.csv",
        [
            "when,who,with,target,lat,lon,text",
            f'2020-03-15,"{JNIM}","{ISGS}",{ARMY},15,-1,"{CLEAN}"',
            f'2020-03-16,"{JNIM}","{ISGS}",{ARMY},15,-1,"suspected JNIM"',
        ],
    )
    mapping = {
        d.F_DATE: "when", d.F_ACTOR1: "who", d.F_ASSOC1: "with", d.F_ACTOR2: "target",
        d.F_LAT: "lat", d.F_LON: "lon",
    }  # fmt: skip
    events, _ = inc.load_file(path, preset, inc.FORMAT_MAPPED, mapping)
    assert events[d.F_SIDE].tolist() == ["ambiguous", "ambiguous"]  # no notes: cannot tell
    events, _ = inc.load_file(path, preset, inc.FORMAT_MAPPED, {**mapping, d.F_NOTES: "text"})
    assert events[d.F_SIDE].tolist() == ["joint", "ambiguous"]


def test_long_or_damaged_notes_never_cost_the_event(tmp_path, preset):
    """Notes are read now, but the cell checks still spare them: a 150 KB note, a NUL or a
    stray byte in the notes keeps the event (and the doubt word is still found)."""
    long_note = "x " * 75_000 + " JNIM or ISGS"
    lines = [
        ACLED_HEADER,
        acled_row("L1", "15 March 2020", JNIM, ARMY, assoc1=ISGS, notes=long_note),
        acled_row("L2", "15 March 2020", JNIM, ARMY, notes="bad \x00 byte"),
        acled_row("L3", "15 March 2020", JNIM, ARMY, assoc1=ISGS, notes=CLEAN),
    ]
    path = tmp_path / "long.csv"
    data = ("\n".join(lines) + "\n").encode("utf-8").replace(b"bad ", b"bad \xff")
    path.write_bytes(data)
    events, report = inc.load_file(path, preset)
    assert sides_of(events) == {"L1": "ambiguous", "L2": "a", "L3": "joint"}
    assert report.skipped == {}
    # a long cell in a column that is bounded still skips its row
    lines.append(acled_row("L4", "15 March 2020", JNIM, "y" * 150_000, notes=CLEAN))
    events, report = inc.load_file(write(tmp_path, "long2.csv", lines[:1] + lines[-2:]), preset)
    assert report.skipped == {inc.R_LONG: 1} and sides_of(events) == {"L3": "joint"}


# --- overrides ---------------------------------------------------------------------------------


def test_an_override_flips_one_event_and_unknown_ids_are_reported(tmp_path, preset):
    lines = [
        ACLED_HEADER,
        acled_row("J1", "15 March 2020", JNIM, ARMY, assoc1=ISGS, notes=CLEAN),
        acled_row("U1", "16 March 2020", JNIM, ARMY, assoc1=ISGS, notes="5 or 6 soldiers died"),
        acled_row("U2", "17 March 2020", JNIM, ARMY, assoc1=ISGS, notes="JNIM or ISGS"),
        acled_row("A1", "18 March 2020", JNIM, ARMY, notes=CLEAN),
    ]
    path = write(tmp_path, "events.csv", lines)
    _events, report = inc.load_file(path, preset)
    # The analyst reads U1's notes: the doubt is about the toll, not the actors. The
    # review table itself, its override column filled in, is the override file.
    review = report.review.copy()
    review.loc[review[d.F_EVENT_ID] == "U1", "override"] = "joint"
    table = joint.write_review(review, tmp_path / "review.csv")
    rules = joint.Rules.from_files(overrides_file=table)
    events, report = inc.load_file(path, preset, rules=rules)
    assert sides_of(events) == {"J1": "joint", "U1": "joint", "U2": "ambiguous", "A1": "a"}
    row = report.review.set_index(d.F_EVENT_ID).loc["U1"]
    assert (row["plugin_reading"], row["override"], row[d.F_SIDE]) == (
        "ambiguous",
        "joint",
        "joint",
    )
    assert report.joint["overrides_applied"] == 1 and report.joint["overrides_changed"] == 1
    # Overriding a joint reading, in a hand-written semicolon file (Excel in French).
    hand = tmp_path / "hand.csv"
    hand.write_text("event_id;override;comment\nJ1;Ambiguous;a guess\nA1;joint;\nZZ9;joint;\n")
    events, report = inc.load_file(path, preset, rules=joint.Rules.from_files(overrides_file=hand))
    assert sides_of(events)["J1"] == "ambiguous"
    assert sides_of(events)["A1"] == "a"  # not a same-side event: an override cannot make it one
    assert report.overrides_unused == ["A1", "ZZ9"]
    assert "2 overrides name no same-side event of this file and were ignored: A1, ZZ9" in (
        "\n".join(report.lines())
    )
    assert report.joint["ambiguous_why"][joint.WHY_OVERRIDE.format("ambiguous")] == 1


@pytest.mark.parametrize(
    "text, message",
    [
        ("event_id,override\nJ1,maybe\n", "override must be 'joint' or 'ambiguous'"),
        ("event_id,override\nJ1,joint\nJ1,ambiguous\n", "overridden both ways"),
        ("id,reading\nJ1,joint\n", "lacks columns event_id, override"),
        (",override\n,joint\n", "lacks columns event_id"),
    ],
)
def test_bad_override_tables_are_refused_with_the_reason(tmp_path, text, message):
    path = tmp_path / "o.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(joint.JointRulesError, match=message):
        joint.load_overrides(path)


# --- the real files ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, same_side, clashes",
    [
        ("acled_mali_2017_2019.csv", 3, 0),
        ("acled_mali_2017_2020_actor_based.csv", 3, 71),
        ("acled_burkina_faso_2016_2020.csv", 0, 54),
        ("acled_g5sahel_mli_bfa_ner_2007_2018.csv", 1, 0),
        ("acled_burkina_faso_sample_2019_2022.csv", 0, 0),
    ],
)
def test_real_files_give_no_joint_event_and_the_same_clashes(
    real_data, preset, name, same_side, clashes
):
    """Every same-side JNIM+ISGS row of the real files (Gao/Ménaka 2018) says "JNIM or
    ISGS" or "presumed ISGS or JNIM": none is read as a joint operation, and the clash
    counts of the README (71 Mali, 54 Burkina Faso) are unchanged."""
    _events, report = inc.load_file(real_data / name, preset)
    assert report.sides[d.SIDE_JOINT] == 0
    assert report.sides[d.SIDE_CLASH] == clashes
    assert report.joint["same_side"] == same_side == report.joint["ambiguous"]
    assert set(report.review["reason"]) <= {"notes say 'or'", "notes say 'presumed'"}
    if same_side:
        assert set(report.review[d.F_ADMIN1]) <= {"Gao", "Menaka"}
        assert set(report.review[d.F_DATE].str[:4]) == {"2018"}
