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
        "third_party": 0, "third_party_why": {}, "overrides_applied": 0, "overrides_changed": 0,
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
        ("event_id,override\nJ1,maybe\n", "override must be 'joint', 'ambiguous' or 'clash'"),
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
        ("acled_burkina_faso_2016_2020.csv", 0, 53),
        ("acled_g5sahel_mli_bfa_ner_2007_2018.csv", 1, 0),
        ("acled_burkina_faso_sample_2019_2022.csv", 0, 0),
    ],
)
def test_real_files_give_no_joint_event_and_the_same_clashes(
    real_data, preset, name, same_side, clashes
):
    """Every same-side JNIM+ISGS row of the real files (Gao/Ménaka 2018) says "JNIM or
    ISGS" or "presumed ISGS or JNIM": none is read as a joint operation, and the clash
    counts of the README (71 Mali; 54 Burkina Faso less BFO1947, JNIM named only as
    associate of the army) are unchanged."""
    _events, report = inc.load_file(real_data / name, preset)
    assert report.sides[d.SIDE_JOINT] == 0
    assert report.sides[d.SIDE_CLASH] == clashes
    assert report.joint["same_side"] == same_side == report.joint["ambiguous"]
    review = report.review[~report.review["reason"].str.contains("named only as associate")]
    assert set(review["reason"]) <= {"notes say 'or'", "notes say 'presumed'"}
    if same_side:
        assert set(review[d.F_ADMIN1]) <= {"Gao", "Menaka"}
        assert set(review[d.F_DATE].str[:4]) == {"2018"}


# --- scoring: the class and its neighbours -------------------------------------------------

from .test_scoring import mixed, run_core  # noqa: E402


@pytest.mark.parametrize(
    "extra, want",
    [
        (["joint"], d.Z_PARALLEL),  # one joint operation is not a pattern
        (["joint"] * 2, d.Z_COOPERATIVE),
        (["joint"] * 2 + ["clash"], d.Z_COOPERATIVE),  # 1 clash < MIN_CLASHES
        # 2 clashes: no longer cooperative; 2 in 44 events (4.5 %) is no contest either,
        # but MIN_CLASHES clashes are never hidden (issue 21): occasional clashes
        (["joint"] * 2 + ["clash"] * 2, d.Z_SKIRMISH),
        (["joint"] * 3 + ["clash"] * 3, d.Z_CONTESTED),  # 3 in 46: 6.5 %, contested first
    ],
)
def test_cooperative_needs_two_joint_operations_and_no_contest(extra, want):
    from sahel_overlap.plugin.core import scoring

    sides, xs, dates = mixed(20, 20)
    sides += extra
    xs += [100 + i for i in range(len(extra))]
    dates += [f"2020-0{1 + i % 9}-10" for i in range(len(extra))]
    row = run_core(sides, xs, [0] * len(sides), dates=dates, params=scoring.ScoreParams()).iloc[0]
    n_joint, n_clash = extra.count("joint"), extra.count("clash")
    # counts: a joint operation is an event of each group, once among the distinct events
    assert (row.events_joint, row.events_clash) == (n_joint, n_clash)
    assert row.events_a == 20 + n_joint + n_clash and row.events_b == 20 + n_joint + n_clash
    assert row.clash_share == pytest.approx(n_clash / (40 + n_joint + n_clash))
    assert row.zone_class == want, row.class_reason
    if want == d.Z_COOPERATIVE:
        assert row.class_reason.startswith(f"{n_joint} joint operations of JNIM and ISGS in ")
        assert row.contested_score < 0.5 and row.parallel_score == 0.0
    elif n_joint:
        s = "s" if n_joint > 1 else ""
        assert row.class_reason.endswith(f"; {n_joint} joint operation{s} of the two groups")


@pytest.mark.parametrize("min_clashes", [1, 3])
def test_cooperative_follows_the_min_clashes_parameter(min_clashes):
    """The clash bound of ``cooperative`` is MIN_CLASHES as set, not a fixed 2: with two
    joint operations, MIN_CLASHES - 1 clashes keep the zone cooperative and MIN_CLASHES
    clashes end it."""
    from sahel_overlap.plugin.core import scoring

    params = scoring.ScoreParams(min_clashes=min_clashes)
    got = {}
    for n_clash in (min_clashes - 1, min_clashes):
        sides, xs, dates = mixed(20, 20)
        extra = ["joint"] * 2 + ["clash"] * n_clash
        sides += extra
        xs += [100 + i for i in range(len(extra))]
        dates += [f"2020-0{1 + i % 9}-10" for i in range(len(extra))]
        row = run_core(sides, xs, [0] * len(sides), dates=dates, params=params).iloc[0]
        assert (row.events_joint, row.events_clash) == (2, n_clash)
        got[n_clash] = row.zone_class
    assert got[min_clashes - 1] == d.Z_COOPERATIVE
    assert got[min_clashes] != d.Z_COOPERATIVE
    # 3 clashes in 45 events (6.7 %) are a contest; 1 in 43 (2.3 %) is none, but with
    # MIN_CLASHES 1 that clash is never hidden (issue 21): skirmish
    assert got[min_clashes] == (d.Z_CONTESTED if min_clashes == 3 else d.Z_SKIRMISH)


def test_joint_operations_are_direct_evidence_and_stay_out_of_colocation():
    """Two joint operations and one JNIM event: 3 events, fewer than MIN_EVENTS, but
    cooperative (as 3 clashes would be contested). Joint operations placed on the other
    group's points change neither within-zone quotient, and stay joint when the ambiguous
    events are given to either group."""
    from sahel_overlap.plugin.core import scoring

    small = run_core(["joint", "joint", "a"], [0, 1, 2], [0, 0, 0], params=scoring.ScoreParams())
    assert small.zone_class[0] == d.Z_COOPERATIVE and small.events_a[0] == 3
    assert (small.months_a[0], small.months_b[0], small.months_both[0]) == (1, 1, 1)

    sides, xs, dates = mixed(20, 20)
    params = scoring.ScoreParams(permutations=19)
    plain = run_core(sides, xs, [0] * 40, dates=dates, params=params).iloc[0]
    b_at = [x for x, s in zip(xs, sides) if s == "b"][:6]
    more = run_core(
        sides + ["joint"] * 6 + ["ambiguous"] * 30, xs + b_at + list(range(200, 230)),
        [0] * 76, dates=dates + ["2020-05-05"] * 36, params=params,
    ).iloc[0]  # fmt: skip
    assert (more.wclq_ab, more.wclq_ba, more.p_wab) == (plain.wclq_ab, plain.wclq_ba, plain.p_wab)
    assert more.zone_class == d.Z_COOPERATIVE
    assert more.class_if_ambiguous_a == more.class_if_ambiguous_b == d.Z_COOPERATIVE
    assert more.class_stable == 1


# --- the import algorithm: review table, overrides, provenance -------------------------------


def _import(params, feedback=None):
    import processing

    return processing.run("saheloverlap:importincidents", params, feedback=feedback)


def test_import_writes_the_review_table_and_honours_the_overrides(plugin, tmp_path):
    from sahel_overlap.plugin.io.metadata import read_metadata

    from .test_interaction import LogFeedback

    lines = [
        ACLED_HEADER,
        acled_row("J1", "15 March 2020", JNIM, ARMY, assoc1=ISGS, notes=CLEAN),
        acled_row("J2", "16 March 2020", ISGS, ARMY, assoc1=JNIM, notes=CLEAN),
        acled_row("U1", "17 March 2020", JNIM, ARMY, assoc1=ISGS, notes="5 or 6 soldiers died"),
        acled_row("U2", "18 March 2020", JNIM, ARMY, assoc1=ISGS, notes="presumed JNIM"),
        acled_row("C1", "19 March 2020", JNIM, ISGS, notes=CLEAN),
        acled_row("A1", "20 March 2020", JNIM, ARMY, notes=CLEAN),
    ]
    src = write(tmp_path, "events.csv", lines)
    review = tmp_path / "review.csv"
    feedback = LogFeedback()
    result = _import(
        {"INPUT": str(src), "OUTPUT": str(tmp_path / "a.gpkg"), "REVIEW_TABLE": str(review)},
        feedback,
    )
    assert (result["JOINT"], result["AMBIGUOUS"], result["CLASHES"], result["EVENTS_A"]) == (
        2, 2, 1, 1
    )  # fmt: skip
    assert result["REVIEW_TABLE"] == str(review)
    log = feedback.text()
    assert "read as joint operations: 2; left ambiguous: 2" in log
    assert "ambiguous 1: notes say 'or'" in log and "ambiguous 1: notes say 'presumed'" in log
    import pandas as pd

    table = pd.read_csv(review, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert list(table.columns) == joint.REVIEW_COLUMNS
    assert table[d.F_EVENT_ID].tolist() == ["J1", "J2", "U1", "U2"]
    assert table["plugin_reading"].tolist() == ["joint", "joint", "ambiguous", "ambiguous"]
    assert table.loc[2, d.F_NOTES] == "5 or 6 soldiers died"
    assert table.loc[2, "reason"] == "notes say 'or'" and (table["override"] == "").all()
    assert not list(tmp_path.glob(".*partial"))  # nothing staged left behind
    meta = read_metadata(str(tmp_path / "a.gpkg"), d.META_IMPORT)["cooperation"]
    assert meta["overrides"] is None and meta["joint"] == 2 and meta["same_side"] == 4
    assert meta["uncertainty_patterns"]["sha256"] == joint_sha(d.UNCERTAINTY_FILE)

    # The analyst flips U1 (the doubt is about the toll) in the review table itself.
    table.loc[table[d.F_EVENT_ID] == "U1", "override"] = "joint"
    table.to_csv(review, index=False)
    result = _import(
        {"INPUT": str(src), "OUTPUT": str(tmp_path / "b.gpkg"), "OVERRIDES": str(review)}
    )
    assert (result["JOINT"], result["AMBIGUOUS"]) == (3, 1)
    layer_sides = sides_from_gpkg(tmp_path / "b.gpkg")
    assert layer_sides["U1"] == "joint" and layer_sides["U2"] == "ambiguous"
    meta = read_metadata(str(tmp_path / "b.gpkg"), d.META_IMPORT)["cooperation"]
    assert meta["overrides"]["sha256"] == joint_sha(review) and meta["overrides_changed"] == 1
    # ... and the scored zones carry the override table's hash, as does the map's footer.
    import processing

    from sahel_overlap.plugin.core.provenance import footer_line

    scored = processing.run(
        "saheloverlap:scorezones",
        {"INCIDENTS": str(tmp_path / "b.gpkg"), "PERMUTATIONS": 0, "OUTPUT": str(tmp_path / "z.gpkg")},
    )  # fmt: skip
    prov = read_metadata(scored["OUTPUT"], d.META_PROVENANCE)
    assert prov["cooperation"]["overrides"]["sha256"] == joint_sha(review)
    assert f"overrides {joint_sha(review)[:8]}" in footer_line(prov)
    assert scored["ZONES_COOPERATIVE"] == 1  # one hexagon: 3 joint operations, 1 clash


def test_import_refuses_a_bad_override_table(plugin, tmp_path):
    from qgis.core import QgsProcessingException

    src = write(tmp_path, "e.csv", [ACLED_HEADER, acled_row("A1", "15 March 2020", JNIM, ARMY)])
    bad = tmp_path / "o.csv"
    bad.write_text("event_id,override\nA1,perhaps\n", encoding="utf-8")
    out = tmp_path / "x.gpkg"
    with pytest.raises(
        QgsProcessingException, match="override must be 'joint', 'ambiguous' or 'clash'"
    ):
        _import({"INPUT": str(src), "OUTPUT": str(out), "OVERRIDES": str(bad)})
    assert not out.exists()


def joint_sha(path) -> str:
    from sahel_overlap.plugin.core.provenance import file_sha256

    return file_sha256(path)


def sides_from_gpkg(path) -> dict:
    from qgis.core import QgsVectorLayer

    layer = QgsVectorLayer(str(path), "x", "ogr")
    return {f[d.F_EVENT_ID]: f[d.F_SIDE] for f in layer.getFeatures()}


# --- what the analyst sees: layers, docks, heatmap ---------------------------------------------


def test_load_incidents_adds_a_styled_joint_layer(qgis_new_project, tmp_path):
    from qgis.core import QgsProject, QgsSimpleMarkerSymbolLayerBase

    from sahel_overlap.plugin.core.presets import load_presets
    from sahel_overlap.plugin.io.writers import write_incidents_gpkg
    from sahel_overlap.plugin.render import layers as L

    lines = [
        ACLED_HEADER,
        acled_row("J1", "15 March 2020", JNIM, ARMY, assoc1=ISGS, notes=CLEAN),
        acled_row("U1", "16 March 2020", JNIM, ARMY, assoc1=ISGS, notes="JNIM or ISGS"),
        acled_row("A1", "17 March 2020", JNIM, ARMY),
    ]
    events, _ = inc.load_file(write(tmp_path, "e.csv", lines), load_presets()[d.DEFAULT_PRESET])
    gpkg = write_incidents_gpkg(events, tmp_path / "e.gpkg")
    layers = L.add_incident_layers(gpkg, QgsProject.instance(), "JNIM", "ISGS")
    by_side = {L.subset_side(lyr.subsetString()): lyr for lyr in layers}
    joint_layer = by_side[d.SIDE_JOINT]
    assert joint_layer.name() == "JNIM + ISGS joint operations"
    assert [f[d.F_EVENT_ID] for f in joint_layer.getFeatures()] == ["J1"]
    assert [f[d.F_EVENT_ID] for f in by_side[d.SIDE_AMBIGUOUS].getFeatures()] == ["U1"]
    symbol = joint_layer.renderer().symbol()
    assert symbol.color().name() == d.COLOUR_JOINT
    assert symbol.symbolLayer(0).shape() == QgsSimpleMarkerSymbolLayerBase.Triangle
    assert joint_layer.temporalProperties().isActive()
    node = QgsProject.instance().layerTreeRoot().findLayer(joint_layer.id())
    assert node.itemVisibilityChecked()  # drawn, unlike the ambiguous events


def test_heatmap_counts_a_joint_operation_for_both_groups():
    import pandas as pd

    from sahel_overlap.plugin.render.heatmap_layer import PreparedIncidents

    frame = pd.DataFrame(
        {
            d.F_SIDE: ["a", "b", "joint", "clash", "ambiguous"],
            d.F_GROUP: ["JNIM", "ISGS", "JNIM + ISGS", "JNIM vs ISGS", "ambiguous"],
            d.F_DATE: pd.to_datetime(["2020-01-01"] * 5),
            d.F_DATE_END: pd.to_datetime(["2020-01-01"] * 5),
            d.F_FATALITIES: [1, 2, 3, 4, 5],
            d.F_LON: [-1.0, -1.1, -1.2, -1.3, -1.4],
            d.F_LAT: [15.0, 15.1, 15.2, 15.3, 15.4],
        }
    )
    prepared = PreparedIncidents(frame)
    assert prepared.is_a.tolist() == [True, False, True, True]
    assert prepared.is_b.tolist() == [False, True, True, True]
    assert (prepared.name_a, prepared.name_b) == ("JNIM", "ISGS")


def test_the_docks_chart_marks_the_months_with_joint_operations():
    import datetime as dt

    import pandas as pd
    from qgis.PyQt.QtGui import QColor

    from sahel_overlap.plugin.core.timeline import monthly_counts
    from sahel_overlap.plugin.gui.charts import Series, TimeChart

    frame = pd.DataFrame(
        {
            d.F_SIDE: ["a", "b", "joint", "joint", "a", "joint"],
            d.F_DATE: pd.to_datetime(
                ["2018-01-05", "2018-02-05", "2018-02-20", "2018-02-21", "2018-04-01", "2018-04-09"]
            ),
        }
    )
    table = monthly_counts(frame)
    assert table[d.SIDE_JOINT].tolist() == [0, 2, 0, 1]
    assert table[d.SIDE_A].tolist() == [1, 0, 0, 1]  # joint operations are their own column
    months = [p.to_timestamp().date() + dt.timedelta(days=14) for p in table.index]

    def teal_pixels(series):
        chart = TimeChart()
        chart.resize(400, 160)
        chart.set_series(series)
        image = chart.grab().toImage()
        want = QColor(d.COLOUR_JOINT)
        return sum(
            1
            for x in range(image.width())
            for y in range(image.height())
            if QColor(image.pixel(x, y)) == want
        )

    lines = [Series("JNIM", d.COLOUR_A, months, table[d.SIDE_A].tolist())]
    counts = table[d.SIDE_JOINT].tolist()

    def marks(show):
        return Series("joint operations", d.COLOUR_JOINT, months, counts, "triangles", show)

    assert teal_pixels(lines) == 0
    legend_only = teal_pixels([*lines, marks([False] * 4)])  # the legend's triangle
    marked = teal_pixels([*lines, marks([c > 0 for c in counts])])
    assert legend_only > 5 and marked >= 2.5 * legend_only  # and one per month with any


# --- the whole pipeline, as the analyst runs it from a shell -----------------------------------


@pytest.mark.parametrize("layout", ["dyadic", "actor-based"])
def test_qgis_process_import_score_map_shows_the_cooperative_zone(
    tmp_path, qgis_process_env, layout
):
    """The sample in both ACLED layouts (the shipped dyadic file, and the same events
    actor-based), through qgis_process: import (JOINT and the review table), score the
    planted zones in 2018 (Tarkint cooperative), and the map: the legend names the class
    and the joint operations, and the page draws Tarkint in the cooperative teal."""
    import shutil
    import subprocess

    import pandas as pd
    from qgis.core import QgsVectorLayer
    from qgis.PyQt.QtGui import QImage

    from sahel_overlap.devtools import synthetic

    from .conftest import QGIS_PROCESS
    from .test_interaction import colour_pixels

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) not installed")
    if layout == "dyadic":
        csv = tmp_path / "sample_dyadic.csv"
        shutil.copy(d.SAMPLE_CSV, csv)
    else:
        csv = synthetic.write_actor_based(tmp_path / "sample_actor_based.csv")
    incidents, zones, review = tmp_path / "inc.gpkg", tmp_path / "zones.gpkg", tmp_path / "r.csv"

    def run(*args):
        done = subprocess.run(
            [QGIS_PROCESS, "run", *args], env=qgis_process_env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    out = run("saheloverlap:importincidents", "--", f"INPUT={csv}", f"OUTPUT={incidents}",
              f"REVIEW_TABLE={review}")  # fmt: skip
    assert "JOINT:\t13\n" in out and "CLASHES:\t152\n" in out
    # the log: how many same-side events were read each way, and why
    assert "read as joint operations: 13; left ambiguous: 16" in out
    assert "ambiguous 9: notes say 'presumed'" in out and "ambiguous 7: notes say 'or'" in out
    assert len(pd.read_csv(review, encoding="utf-8-sig")) == 13 + 16
    out = run("saheloverlap:scorezones", "--", f"INCIDENTS={incidents}", f"ZONES={d.SAMPLE_ZONES}",
              "WINDOW=1", "START=2017-01-01", "END=2018-12-31", f"OUTPUT={zones}")  # fmt: skip
    assert "ZONES_COOPERATIVE:\t1\n" in out
    classes = {
        (f["zone_id"], f["window_start"].year()): f["zone_class"]
        for f in QgsVectorLayer(str(zones)).getFeatures()
    }
    assert (classes[("Z34", 2017)], classes[("Z34", 2018)]) == (d.Z_PARALLEL, d.Z_COOPERATIVE)
    assert list(classes.values()).count(d.Z_COOPERATIVE) == 1
    out = run("saheloverlap:exportmap", "--", f"ZONES={zones}", f"INCIDENTS={incidents}",
              "FORMAT=0", f"OUTPUT={tmp_path / 'map.pdf'}")  # fmt: skip
    assert "PAGES:\t2" in out
    text = subprocess.run(
        ["pdftotext", "-f", "2", "-l", "2", str(tmp_path / "map.pdf"), "-"],
        capture_output=True, text=True,
    )  # fmt: skip
    flat = " ".join(text.stdout.split())
    assert "2018" in flat and "Cooperation (joint operations)" in flat  # the class's legend entry
    assert "JNIM + ISGS joint operations" in flat  # the incidents' legend entry
    out = run("saheloverlap:exportmap", "--", f"ZONES={zones}", f"INCIDENTS={incidents}",
              "FORMAT=1", "DPI=150", f"OUTPUT={tmp_path / 'map.png'}")  # fmt: skip
    teal = d.ZONE_COLOURS[d.Z_COOPERATIVE]
    pixels = {}
    for year in (2017, 2018):
        page = tmp_path / f"map_{year}.png"
        assert not QImage(str(page)).isNull()
        pixels[year] = colour_pixels(page, teal, tol=6)
    # Both pages have the legend's swatch; only 2018's map draws Tarkint in teal.
    assert pixels[2018] - pixels[2017] > 200, pixels


def test_group_names_are_read_from_joint_operations_alone():
    """A layer of joint operations only (Load incidents' joint layer) still names the groups."""
    import pandas as pd

    from sahel_overlap.plugin.io.schema import group_names

    frame = pd.DataFrame(
        {d.F_SIDE: ["joint", "ambiguous"], d.F_GROUP: ["JNIM + ISGS", "ambiguous"]}
    )
    assert group_names(frame) == ("JNIM", "ISGS")


# --- review additions: French notes, a custom pattern table, Gao 2018, SYNTHETIC names -------


def test_french_and_hedged_notes_keep_same_side_events_ambiguous_at_import(tmp_path, preset):
    """The patterns at work in a load, not only in ``doubt``: French notes and English
    hedges keep a same-side event ambiguous, each with its reason; plain French notes
    ("ont attaqué ensemble") and "où" do not."""
    cases = {
        "F1": ("Des militants du JNIM ou de l'EIGS ont attaqué un poste.", "notes say 'ou'"),
        "F2": ("Des djihadistes présumés du JNIM et de l'EIGS.", "notes say 'présumés'"),
        "F3": ("Des hommes soupçonnés d'appartenir au JNIM.", "notes say 'soupçonnés'"),
        "F4": ("Des djihadistes PRESUMES ont tué 3 civils.", "notes say 'présumés'"),
        "E1": ("Suspected JNIM and ISGS militants ambushed a convoy.", "notes say 'suspected'"),
        "E2": ("JNIM and ISGS militants allegedly attacked.", "notes say 'allegedly'"),
        "J1": ("Le JNIM et l'EIGS ont attaqué ensemble le camp où vivent les soldats.", None),
    }
    lines = [ACLED_HEADER] + [
        acled_row(eid, "15 March 2020", JNIM, ARMY, assoc1=ISGS, notes=notes)
        for eid, (notes, _) in cases.items()
    ]
    events, report = inc.load_file(write(tmp_path, "fr.csv", lines), preset)
    sides = sides_of(events)
    review = report.review.set_index(d.F_EVENT_ID)
    for eid, (_notes, why) in cases.items():
        if why is None:
            assert sides[eid] == "joint" and review.loc[eid, "reason"] == joint.WHY_CLEAN
        else:
            assert sides[eid] == "ambiguous", eid
            assert review.loc[eid, "reason"] == why, eid
    assert report.joint["joint"] == 1 and report.joint["ambiguous"] == 6


def test_a_custom_pattern_table_changes_the_imports_reading(plugin, tmp_path):
    """UNCERTAINTY_PATTERNS, the editable list beside the alias table, really decides: a
    table without 'or' reads "JNIM or ISGS" as joint; one with 'jointly' reads the plain
    joint attack as ambiguous; the table used is named and hashed in the metadata."""
    from sahel_overlap.plugin.io.metadata import read_metadata

    from .test_interaction import LogFeedback

    lines = [
        ACLED_HEADER,
        acled_row("J1", "15 March 2020", JNIM, ARMY, assoc1=ISGS, notes=CLEAN),
        acled_row("U1", "16 March 2020", JNIM, ARMY, assoc1=ISGS, notes="JNIM or ISGS militants"),
    ]
    src = write(tmp_path, "events.csv", lines)
    default = _import({"INPUT": str(src), "OUTPUT": str(tmp_path / "d.gpkg")})
    assert (default["JOINT"], default["AMBIGUOUS"]) == (1, 1)
    assert sides_from_gpkg(tmp_path / "d.gpkg") == {"J1": "joint", "U1": "ambiguous"}

    mine = tmp_path / "my_patterns.csv"
    mine.write_text("pattern,match\njointly,word\npresumed,word\n", encoding="utf-8")
    feedback = LogFeedback()
    custom = _import(
        {"INPUT": str(src), "OUTPUT": str(tmp_path / "c.gpkg"), "UNCERTAINTY_PATTERNS": str(mine)},
        feedback,
    )
    assert (custom["JOINT"], custom["AMBIGUOUS"]) == (1, 1)
    assert sides_from_gpkg(tmp_path / "c.gpkg") == {"J1": "ambiguous", "U1": "joint"}
    assert "ambiguous 1: notes say 'jointly'" in feedback.text()
    meta = read_metadata(str(tmp_path / "c.gpkg"), d.META_IMPORT)["cooperation"]
    assert meta["uncertainty_patterns"]["sha256"] == joint_sha(mine)
    assert meta["uncertainty_patterns"]["sha256"] != joint_sha(d.UNCERTAINTY_FILE)


@pytest.mark.real_data
def test_real_mali_gao_2018_does_not_flip(plugin, real_data, tmp_path):
    """The three same-side rows of the Mali file (Gao/Ménaka 2018, "JNIM or ISGS") stay
    ambiguous: Gao 2018 keeps its class (partitioned, methodology section 5) with no joint
    operation. Read as joint (an analyst's override, as a rule on columns alone would),
    they would make Gao 2018 cooperative: the line drawn is what keeps it."""
    import shutil

    import processing
    from qgis.core import QgsApplication, QgsVectorLayer

    from .test_scoring import features

    src = real_data / "acled_mali_2017_2020_actor_based.csv"
    _events, report = inc.load_file(src, load_default_preset())
    same_side = report.review[d.F_EVENT_ID].tolist()
    assert len(same_side) == 3
    flip = tmp_path / "flip.csv"
    flip.write_text("event_id,override\n" + "".join(f"{e},joint\n" for e in same_side))

    world = tmp_path / "world_map.gpkg"
    shutil.copy(QgsApplication.pkgDataPath() + "/resources/data/world_map.gpkg", world)
    regions = QgsVectorLayer(f"{world}|layername=states_provinces", "regions", "ogr")
    regions.setSubsetString("adm0_a3 = 'MLI'")

    def gao_2018(**extra):
        inc_path = tmp_path / f"mali{len(extra)}.gpkg"
        done = _import({"INPUT": str(src), "OUTPUT": str(inc_path), **extra})
        scored = processing.run(
            "saheloverlap:scorezones",
            {"INCIDENTS": str(inc_path), "ZONES": regions, "WINDOW": 1,
             "OUTPUT": str(tmp_path / f"r{len(extra)}.gpkg")},
        )  # fmt: skip
        got = features(QgsVectorLayer(scored["OUTPUT"]))
        got["year"] = got.window_start.dt.year
        return done, got.set_index(["name", "year"]).loc[("Gao", 2018)], got

    done, gao, got = gao_2018()
    assert done["JOINT"] == 0 and done["CLASHES"] == 71
    assert gao.zone_class == d.Z_PARTITIONED and gao.events_joint == 0
    assert got.events_joint.sum() == 0 and (got.zone_class != d.Z_COOPERATIVE).all()
    done, gao, _ = gao_2018(OVERRIDES=str(flip))
    assert done["JOINT"] == 3 and done["CLASHES"] == 71
    assert gao.events_joint == 3 and gao.zone_class == d.Z_COOPERATIVE


def load_default_preset():
    from sahel_overlap.plugin.core.presets import load_presets

    return load_presets()[d.DEFAULT_PRESET]


def test_the_samples_layers_say_synthetic_joint_operations_included(
    qgis_iface, qgis_new_project, tmp_path
):
    """Load incidents on the sample: every layer, the joint operations' too, is named
    SYNTHETIC, and the joint layer holds the 13 planted joint operations."""
    import time

    from qgis.core import QgsProject
    from qgis.PyQt.QtCore import QCoreApplication

    from sahel_overlap.plugin.gui.load_incidents import LoadIncidentsController

    ctrl = LoadIncidentsController(qgis_iface, QgsProject.instance())
    ctrl.start(str(d.SAMPLE_CSV), load_default_preset(), folder=tmp_path)
    deadline = time.monotonic() + 120
    while not ctrl.layers and time.monotonic() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.01)
    names = {lyr.name(): lyr for lyr in ctrl.layers}
    assert len(names) == 6 and all(n.endswith("(SYNTHETIC)") for n in names), sorted(names)
    joint_layer = names["JNIM + ISGS joint operations (SYNTHETIC)"]
    assert joint_layer.featureCount() == 13


@pytest.mark.parametrize("with_joint", [False, True])
def test_the_map_draws_and_lists_joint_operations_only_when_there_are_any(
    plugin, tmp_path, with_joint
):
    """The print map's joint-operations layer (drawn and in the legend) comes with the
    incidents that hold one, and stays off a map of incidents without (the real files)."""
    import processing
    from qgis.core import QgsProject, QgsVectorLayer

    from sahel_overlap.plugin.render import layout as lay

    lines = [
        ACLED_HEADER,
        acled_row("A1", "15 March 2020", JNIM, ARMY, notes=CLEAN),
        acled_row("B1", "16 March 2020", ISGS, ARMY, notes=CLEAN),
        acled_row("C1", "17 March 2020", JNIM, ISGS, notes=CLEAN),
        acled_row("U1", "18 March 2020", JNIM, ARMY, assoc1=ISGS, notes="JNIM or ISGS"),
    ]
    if with_joint:
        lines.append(acled_row("J1", "19 March 2020", JNIM, ARMY, assoc1=ISGS, notes=CLEAN))
    incidents, zones = tmp_path / "inc.gpkg", tmp_path / "zones.gpkg"
    _import({"INPUT": str(write(tmp_path, "e.csv", lines)), "OUTPUT": str(incidents)})
    processing.run(
        "saheloverlap:scorezones",
        {"INCIDENTS": str(incidents), "PERMUTATIONS": 0, "OUTPUT": str(zones)},
    )
    project = QgsProject()  # kept: it owns the layers
    layers = lay.prepare_layers(
        QgsVectorLayer(str(zones), "zones", "ogr"),
        QgsVectorLayer(str(incidents), "incidents", "ogr"),
        project,
    )
    title = joint_title_of("JNIM", "ISGS")
    drawn = [lyr.name() for lyr in layers.main_map_layers()]
    listed = [lyr.name() for lyr in layers.legend_layers()]
    assert (title in drawn, title in listed) == (with_joint, with_joint)
    assert "JNIM vs ISGS clashes" in drawn and "JNIM vs ISGS clashes" in listed
    if with_joint:
        assert [f[d.F_EVENT_ID] for f in layers.incidents[d.SIDE_JOINT].getFeatures()] == ["J1"]


def joint_title_of(name_a, name_b):
    from sahel_overlap.plugin.render.layers import joint_title

    return joint_title(name_a, name_b)
