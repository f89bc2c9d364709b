"""Loaders: ACLED (dyadic, actor-based), UCDP GED, mapped tables, bad input, presets."""

from __future__ import annotations

import io
import re
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sahel_overlap.plugin import definitions as d
from sahel_overlap.plugin.core import incidents as inc
from sahel_overlap.plugin.core.dates import parse_dates
from sahel_overlap.plugin.core.presets import PresetError, load_presets

JNIM = "JNIM: Group for Support of Islam and Muslims"
ISGS = "Islamic State (Greater Sahara)"
ISGS_WA = "Islamic State (West Africa) - Greater Sahara Faction"
ACLED_HEADER = (
    "event_id_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,"
    "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,country,admin1,admin2,"
    "location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities"
)


def acled_row(
    eid, date, a1, a2="", assoc1="", lat=15.0, lon=-1.0, notes="n", fat=1, etype="Battles"
):
    return (
        f'{eid},{date},2020,1,{etype},Armed clash,"{a1}","{assoc1}",2,"{a2}",,2,22,Mali,Mopti,'
        f'Douentza,Boni,{lat},{lon},1,Test,Test,"{notes}",{fat}'
    )


def write(tmp_path, name, lines, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


# --- dates ------------------------------------------------------------------------


def test_acled_date_spellings_parse_to_the_same_day():
    parsed = parse_dates(pd.Series(["2020-03-15", "15 March 2020", "15-March-2020", "15-Mar-20"]))
    assert (parsed == pd.Timestamp("2020-03-15")).all()


def test_month_names_parse_under_a_french_locale():
    import locale

    old = locale.setlocale(locale.LC_TIME)
    try:
        try:
            locale.setlocale(locale.LC_TIME, "fr_FR.UTF-8")
        except locale.Error:
            locale.setlocale(locale.LC_TIME, "C.UTF-8")  # still not relying on the locale
        parsed = parse_dates(pd.Series(["15 March 2020", "16-Feb-21", "1 mai 2020", "3 Sept 2019"]))
    finally:
        locale.setlocale(locale.LC_TIME, old)
    assert parsed.tolist()[:2] == [pd.Timestamp("2020-03-15"), pd.Timestamp("2021-02-16")]
    assert pd.isna(parsed[2])  # French month names are not ACLED's
    assert parsed[3] == pd.Timestamp("2019-09-03")


def test_ambiguous_or_bad_dates_are_not_guessed():
    parsed = parse_dates(pd.Series(["03/04/2020", "yesterday", "", "31 February 2020"]))
    assert parsed.isna().all()


# --- ACLED dyadic -------------------------------------------------------------------


def test_acled_dyadic_sides_clash_ambiguous_and_quoted_notes(tmp_path, preset):
    lines = [
        ACLED_HEADER,
        acled_row("MLI1", "15 March 2020", JNIM, "Civilians (Mali)", notes="a, b\nsecond line"),
        acled_row("MLI2", "2020-03-16", ISGS, "Military Forces of Mali (2013-2021)"),
        # Direction means nothing: ISGS as actor1 against JNIM is a clash too.
        acled_row("MLI3", "16-March-2020", ISGS_WA, JNIM),
        acled_row("MLI4", "17 March 2020", JNIM, ISGS),
        acled_row("MLI5", "17 March 2020", f"{JNIM} and/or {ISGS}", "Civilians (Mali)"),
        # Both groups on the same side, notes in doubt: uncertain attribution, not
        # cooperation (joint operations: tests/test_cooperation.py).
        acled_row(
            "MLI6",
            "18 March 2020",
            ISGS,
            "Civilians (Mali)",
            assoc1=JNIM,
            notes="presumed ISGS or JNIM militants attacked",
        ),
        acled_row(
            "MLI7", "18 March 2020", "Military Forces of Mali (2013-2021)", "Civilians (Mali)"
        ),
        acled_row("MLI8", "19 March 2020", "Katiba Macina", "Civilians (Mali)", assoc1=JNIM),
    ]
    path = write(tmp_path, "dyadic.csv", lines)
    before = path.read_bytes()
    events, report = inc.load_file(path, preset)
    assert path.read_bytes() == before  # input untouched
    sides = dict(zip(events[d.F_EVENT_ID], events[d.F_SIDE]))
    assert sides == {
        "MLI1": "a",
        "MLI2": "b",
        "MLI3": "clash",
        "MLI4": "clash",
        "MLI5": "ambiguous",
        "MLI6": "ambiguous",
        "MLI8": "a",
    }
    assert report.sides[d.SIDE_OTHER] == 1 and "MLI7" not in sides
    row = events.set_index(d.F_EVENT_ID).loc["MLI1"]
    assert row[d.F_GROUP] == "JNIM" and "second line" not in row[d.F_ACTOR1]
    assert events.loc[events[d.F_SIDE] == "clash", d.F_CLASH].tolist() == [1, 1]
    assert events.loc[events[d.F_SIDE] == "clash", d.F_GROUP].unique().tolist() == ["JNIM vs ISGS"]
    assert (events[d.F_DATE] >= pd.Timestamp("2020-03-15")).all()


def test_affiliates_switch_and_validity_dates(tmp_path, preset):
    lines = [
        ACLED_HEADER,
        acled_row("MLI1", "19 March 2020", "Katiba Macina", "Civilians (Mali)"),
        # Before JNIM was founded (2 March 2017) Ansar Dine is not JNIM.
        acled_row("MLI2", "19 March 2015", "Ansar Dine", "Civilians (Mali)"),
        acled_row("MLI3", "19 March 2020", JNIM, "Civilians (Mali)"),
    ]
    path = write(tmp_path, "aff.csv", lines)
    events, _ = inc.load_file(path, preset, include_affiliates=True)
    assert sorted(events[d.F_EVENT_ID]) == ["MLI1", "MLI3"]
    events, report = inc.load_file(path, preset, include_affiliates=False)
    assert sorted(events[d.F_EVENT_ID]) == ["MLI3"]
    assert report.sides[d.SIDE_OTHER] == 2


def test_bom_semicolon_delimiter_and_skip_reasons(tmp_path, preset):
    lines = [
        ACLED_HEADER,
        acled_row("MLI1", "15 March 2020", JNIM, "Civilians (Mali)"),
        acled_row("MLI2", "not a date", JNIM, "Civilians (Mali)"),
        acled_row("MLI3", "15 March 2020", JNIM, "Civilians (Mali)", lat=95.0),
        # Mali is at lat ~15, lon ~-1: this pair is swapped.
        acled_row("MLI4", "15 March 2020", JNIM, "Civilians (Mali)", lat=-1.0, lon=15.0),
        acled_row("MLI5", "15 March 2020", JNIM, "Civilians (Mali)", lat="", lon=""),
        acled_row("MLI1", "16 March 2020", JNIM, "Civilians (Mali)"),
        acled_row("MLI6", "15 March 2020", ISGS, "Civilians (Mali)", lat=200.0, lon=14.0),
    ]
    text = "\n".join(lines).replace(",", ";")
    # Notes hold no delimiter here, so swapping ',' for ';' keeps each row whole.
    path = tmp_path / "semicolon_bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8") + b"\n")
    events, report = inc.load_file(path, preset)
    assert events[d.F_EVENT_ID].tolist() == ["MLI1"]
    assert report.skipped == {
        inc.R_DATE: 1,
        inc.R_RANGE: 2,
        inc.R_SWAPPED: 1,
        inc.R_COORD: 1,
        inc.R_DUPLICATE: 1,
    }
    assert any("skipped 1: latitude and longitude swapped" in line for line in report.lines())


def test_rows_with_other_bytes_in_a_utf8_file_and_bad_lines_are_counted(tmp_path, preset):
    """A UTF-8 file (Ségou in UTF-8) with one Latin-1 row: that row is skipped when the
    bad byte is in a column the import reads, kept when it is only in the notes."""
    good = acled_row("MLI1", "15 March 2020", JNIM, "Civilians (Mali)", notes="Ségou").encode()
    latin_loc = acled_row("MLI2", "15 March 2020", JNIM, "Civilians (Mali)").replace(
        "Boni", "Ségou"
    )
    latin_notes = acled_row("MLI4", "15 March 2020", JNIM, "Civilians (Mali)", notes="Ségou")
    extra = (acled_row("MLI3", "15 March 2020", JNIM, "Civilians (Mali)") + ",x,y").encode()
    path = tmp_path / "mixed.csv"
    lines = [ACLED_HEADER.encode(), good, latin_loc.encode("latin-1")]
    path.write_bytes(b"\n".join([*lines, latin_notes.encode("latin-1"), extra]) + b"\n")
    events, report = inc.load_file(path, preset)
    assert events[d.F_EVENT_ID].tolist() == ["MLI1", "MLI4"]
    assert report.skipped == {inc.R_UTF8: 1, inc.R_BADLINE: 1}
    assert report.accounted() == report.rows_read == 4
    assert any("mixes UTF-8 with other bytes" in note for note in report.notes)


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "utf-16", "utf-16-le", "utf-16-be"])
def test_latin1_and_utf16_files_are_read_whole(tmp_path, preset, encoding):
    lines = [
        ACLED_HEADER,
        acled_row("MLI1", "15 March 2020", JNIM, "Civilians (Mali)", notes="Ségou, Tombouctou"),
        acled_row("MLI2", "16 March 2020", ISGS, "Civilians (Mali)").replace("Boni", "Ménaka"),
    ]
    path = write(tmp_path, f"{encoding}.csv", lines, encoding=encoding)
    events, report = inc.load_file(path, preset)
    assert events[d.F_EVENT_ID].tolist() == ["MLI1", "MLI2"]
    assert events[d.F_LOCATION].tolist() == ["Boni", "Ménaka"]
    assert report.skipped == {} and report.accounted() == 2
    assert report.notes and ("UTF-16" in report.notes[0] or "Windows-1252" in report.notes[0])


def test_a_line_with_an_extra_field_in_a_clean_file_is_counted(tmp_path, preset):
    lines = [
        ACLED_HEADER,
        acled_row("MLI1", "15 March 2020", JNIM, "Civilians (Mali)"),
        acled_row("MLI2", "15 March 2020", JNIM, "Civilians (Mali)") + ",extra",
    ]
    events, report = inc.load_file(write(tmp_path, "extra.csv", lines), preset)
    assert events[d.F_EVENT_ID].tolist() == ["MLI1"]
    assert report.skipped == {inc.R_BADLINE: 1}


def test_actor_based_rows_without_id_are_never_merged(tmp_path, preset):
    header = "event_id_cnty,event_date,event_type,actor1,assoc_actor_1,country,latitude,longitude,fatalities"
    lines = [
        header,
        f",15 March 2020,Battles,{JNIM},,Mali,15.0,-1.9,1",
        f",16 March 2020,Battles,{ISGS},,Mali,15.9,2.4,1",
        f"MLI9,17 March 2020,Battles,{JNIM},,Mali,15.0,-1.9,2",
        f"MLI9,17 March 2020,Battles,{ISGS},,Mali,15.0,-1.9,2",
    ]
    events, report = inc.load_file(write(tmp_path, "monadic.csv", lines), preset)
    assert report.layout == "actor-based"
    assert sorted(events[d.F_SIDE]) == ["a", "b", "clash"]
    assert events.loc[events[d.F_SIDE] == "clash", d.F_EVENT_ID].tolist() == ["MLI9"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"\n\n", "is empty"),
        (
            b"event_id_cnty,event_date,actor1\nMLI1,15 March 2020,JNIM\n",
            "missing columns latitude, longitude",
        ),
        (b"a|b\n1|2\n", "neither ACLED"),
        (b"onecolumn\n1\n", "single column"),
    ],
)
def test_unusable_files_are_errors_naming_the_problem(tmp_path, preset, content, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(inc.IncidentFormatError, match=re.escape(message)):
        inc.load_file(path, preset)


def test_missing_columns_error_lists_columns_found(tmp_path, preset):
    path = write(tmp_path, "x.csv", ["event_id_cnty,event_date,actor1,foo", "1,2,3,4"])
    with pytest.raises(
        inc.IncidentFormatError, match="columns found: event_id_cnty, event_date, actor1, foo"
    ):
        inc.load_file(path, preset)


def test_a_file_with_no_usable_row_is_an_error(tmp_path, preset):
    lines = [ACLED_HEADER, acled_row("MLI1", "bad date", JNIM, "Civilians (Mali)")]
    with pytest.raises(inc.IncidentFormatError, match="no usable event"):
        inc.load_file(write(tmp_path, "x.csv", lines), preset)


# --- UCDP GED -----------------------------------------------------------------------

GED_HEADER = (
    "id,relid,year,type_of_violence,dyad_name,side_a,side_b,where_prec,where_coordinates,"
    "adm_1,adm_2,latitude,longitude,country,date_prec,date_start,date_end,deaths_a,deaths_b,"
    "deaths_civilians,deaths_unknown,best,high,low"
)


def test_ucdp_ged_clash_needs_type_2(tmp_path, preset):
    lines = [
        GED_HEADER,
        "1,r1,2020,2,JNIM - IS,JNIM,IS,1,Boni,Mopti,Douentza,15.0,-1.9,Mali,1,2020-04-01 00:00:00.000,2020-04-03 00:00:00.000,3,4,0,0,7,9,7",
        "2,r2,2020,1,Government of Mali - JNIM,Government of Mali,JNIM,1,Boni,Mopti,Douentza,15.0,-1.9,Mali,1,2020-04-02,2020-04-02,1,1,0,0,2,2,2",
        "3,r3,2020,3,IS - Civilians,IS,Civilians,2,Menaka,Menaka,Menaka,15.9,2.4,Mali,1,2020-05-02,2020-05-01,0,0,5,0,5,6,5",
        "4,r4,2020,1,Government of Mali - IS,IS,JNIM,1,X,Mopti,Douentza,15.0,-1.9,Mali,1,2020-04-02,2020-04-02,0,0,0,0,0,0,0",
    ]
    events, report = inc.load_file(write(tmp_path, "ged.csv", lines), preset)
    by_id = events.set_index(d.F_EVENT_ID)
    assert report.source == d.SOURCE_UCDP
    assert by_id.loc["1", d.F_SIDE] == "clash" and by_id.loc["1", d.F_FATALITIES] == 7
    assert by_id.loc["1", d.F_DATE_END] == pd.Timestamp("2020-04-03")
    assert by_id.loc["2", d.F_SIDE] == "a"
    assert by_id.loc["3", d.F_SIDE] == "b"
    # An end before the start is not trusted: the event lasts one day.
    assert by_id.loc["3", d.F_DATE_END] == pd.Timestamp("2020-05-02")
    # Both groups but not a non-state event: not counted as a fight between them.
    assert by_id.loc["4", d.F_SIDE] == "ambiguous"


# --- mapped ---------------------------------------------------------------------------


def test_mapped_table_with_user_fields(tmp_path, preset):
    lines = [
        "when,who,whom,y,x,dead",
        f"2021-01-02,{ISGS},{JNIM},14.5,0.5,3",
        "2021-01-03,Bandits,,14.5,0.5,1",
    ]
    mapping = {
        d.F_DATE: "when",
        d.F_ACTOR1: "who",
        d.F_ACTOR2: "whom",
        d.F_LAT: "y",
        d.F_LON: "x",
        d.F_FATALITIES: "dead",
    }
    events, report = inc.load_file(
        write(tmp_path, "m.csv", lines), preset, inc.FORMAT_MAPPED, mapping
    )
    assert events[d.F_SIDE].tolist() == ["clash"]
    assert events[d.F_FATALITIES].tolist() == [3]
    assert report.sides[d.SIDE_OTHER] == 1
    with pytest.raises(
        inc.IncidentFormatError, match="needs a column mapped to each of: event_date"
    ):
        inc.load_file(
            write(tmp_path, "m2.csv", lines), preset, inc.FORMAT_MAPPED, {d.F_ACTOR1: "who"}
        )


# --- presets ----------------------------------------------------------------------------


def test_second_preset_switches_the_groups(tmp_path):
    presets = load_presets()
    lake = presets["ISWAP vs JAS (Lake Chad)"]
    lines = [
        ACLED_HEADER,
        acled_row(
            "NIG1",
            "1 May 2019",
            "Islamic State (West Africa) - Lake Chad Faction",
            "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad",
        ),
        acled_row("NIG2", "1 May 2019", JNIM, "Civilians (Mali)"),
    ]
    events, report = inc.load_file(write(tmp_path, "lake.csv", lines), lake)
    assert events[d.F_GROUP].tolist() == ["ISWAP vs JAS"]
    assert report.sides[d.SIDE_OTHER] == 1


def test_broken_preset_table_is_reported(tmp_path):
    path = write(
        tmp_path, "p.csv", ["preset,group_key,group,match,pattern,source", "X,c,G,exact,G,acled"]
    )
    with pytest.raises(PresetError, match="group_key must be 'a' or 'b'"):
        load_presets(path)


# --- real ACLED files, counts worked out independently ---------------------------------

JNIM_FAMILY = {
    JNIM,
    "Katiba Macina",
    "Ansar Dine",
    "Al Mourabitoune Battalion",
    "AQIM: Al Qaeda in the Islamic Maghreb",
    "Katiba Serma",
}


def _is_isgs(name):
    return ("Greater Sahara" in name or "Islamic State (Sahel)" in name) and "and/or" not in name


def _tokens(*cells):
    return {t.strip() for c in cells for t in str(c).split(";") if t.strip()}


@pytest.mark.real_data
def test_real_acled_dyadic_burkina_counts(real_data, preset):
    path = real_data / "acled_burkina_faso_2016_2020.csv"
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    dates = pd.to_datetime(raw["event_date"], format="%d %B %Y")
    jnim_founded = pd.Timestamp("2017-03-02")

    def has_j(row_cells, date):
        toks = _tokens(*row_cells)
        return (JNIM in toks) or (date >= jnim_founded and bool(toks & JNIM_FAMILY))

    s1 = [(_tokens(a, b)) for a, b in zip(raw.actor1, raw.assoc_actor_1)]
    s2 = [(_tokens(a, b)) for a, b in zip(raw.actor2, raw.assoc_actor_2)]
    j1 = np.array([has_j(t, dt) for t, dt in zip(s1, dates)])
    j2 = np.array([has_j(t, dt) for t, dt in zip(s2, dates)])
    i1 = np.array([any(_is_isgs(x) for x in t) for t in s1])
    i2 = np.array([any(_is_isgs(x) for x in t) for t in s2])
    # A group counts on a side only where that side's principal actor is one of the two
    # groups; named only as associate of a third party, it makes no clash (BFO1947).
    own1 = np.array([has_j({a}, dt) or _is_isgs(a) for a, dt in zip(raw.actor1, dates)])
    own2 = np.array([has_j({a}, dt) or _is_isgs(a) for a, dt in zip(raw.actor2, dates)])
    je, ie = (j1 & own1) | (j2 & own2), (i1 & own1) | (i2 & own2)
    j_in = je | ((j1 | j2) & ~ie)
    i_in = ie | ((i1 | i2) & ~je)
    clash = ((j1 & own1 & i2 & own2) | (i1 & own1 & j2 & own2)) & ~((j1 & i1) | (j2 & i2))
    only_j = j_in & ~i_in
    only_i = i_in & ~j_in

    events, report = inc.load_file(path, preset)
    assert report.layout == "dyadic"
    # The data README's 54, less BFO1947 (Koutougou, 19 Aug 2019: ISGS attacked an army
    # camp; JNIM named only as associate of the army), now an ISGS event.
    assert report.sides[d.SIDE_CLASH] == int(clash.sum()) == 53
    side = events.set_index(d.F_EVENT_ID)[d.F_SIDE]
    assert side["BFO1947"] == d.SIDE_B
    why = report.review.set_index(d.F_EVENT_ID)["reason"]
    assert why["BFO1947"].startswith("JNIM named only as associate of Military Forces of Burkina")
    assert report.sides[d.SIDE_A] == int(only_j.sum())
    assert report.sides[d.SIDE_B] == int(only_i.sum())
    assert set(events.loc[events[d.F_CLASH] == 1, d.F_EVENT_ID]) == set(raw.event_id_cnty[clash])


@pytest.mark.real_data
def test_real_acled_actor_based_mali_merges_rows_into_events(real_data, preset):
    path = real_data / "acled_mali_2017_2020_actor_based.csv"
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    row_j = raw.actor1.isin(JNIM_FAMILY) | raw.assoc_actor_1.str.contains(
        "JNIM: Group for Support of Islam and Muslims$", regex=True
    )
    row_i = raw.actor1.map(_is_isgs)
    per_event = pd.DataFrame({"id": raw.event_id_cnty, "j": row_j & ~row_i, "i": row_i & ~row_j})
    g = per_event.groupby("id").agg(j=("j", "any"), i=("i", "any"))
    expected_clashes = set(g.index[g.j & g.i])

    events, report = inc.load_file(path, preset)
    assert report.layout == "actor-based"
    assert events[d.F_EVENT_ID].is_unique
    clashes = set(events.loc[events[d.F_SIDE] == d.SIDE_CLASH, d.F_EVENT_ID])
    assert clashes == expected_clashes and len(clashes) == 71  # the data README's count
    # 1,313 distinct events in the file; 4 of them name no actor of the preset.
    assert report.events + report.sides[d.SIDE_OTHER] == raw.event_id_cnty.nunique() == 1313
    # JNIM-only and ISGS-only events, counted independently (affiliates from 2 March 2017).
    dates = pd.to_datetime(raw.event_date, format="%d %B %Y")
    toks = [_tokens(a, b) for a, b in zip(raw.actor1, raw.assoc_actor_1)]
    j = np.array(
        [
            (JNIM in t) or (dt >= pd.Timestamp("2017-03-02") and bool(t & JNIM_FAMILY))
            for t, dt in zip(toks, dates)
        ]
    )
    i = np.array([any(_is_isgs(x) for x in t) for t in toks])
    per = pd.DataFrame({"id": raw.event_id_cnty, "j": j & ~i, "i": i & ~j}).groupby("id").any()
    assert report.sides[d.SIDE_A] == int((per.j & ~per.i).sum())
    assert report.sides[d.SIDE_B] == int((per.i & ~per.j).sum())
    clash_row = events.set_index(d.F_EVENT_ID).loc[sorted(clashes)[0]]
    assert {clash_row[d.F_ACTOR1], clash_row[d.F_ACTOR2]} & JNIM_FAMILY
    assert _is_isgs(clash_row[d.F_ACTOR1]) or _is_isgs(clash_row[d.F_ACTOR2])


@pytest.mark.real_data
def test_real_acled_2021_2022_names_and_short_dates(real_data, preset):
    events, report = inc.load_file(real_data / "acled_burkina_faso_sample_2019_2022.csv", preset)
    assert report.skipped.get(inc.R_DATE, 0) == 0  # "16-Feb-21" understood
    assert events[d.F_DATE].max() >= pd.Timestamp("2022-01-01")
    names = set(events.loc[events[d.F_SIDE] == "b", d.F_ACTOR1]) | set(
        events.loc[events[d.F_SIDE] == "b", d.F_ACTOR2]
    )
    assert "Islamic State (Sahel)" in names


# --- the fast read (only the columns a loader uses, as categories) ---------------


def _reference(path, preset, fmt=inc.FORMAT_AUTO):
    """What the loaders give from a plain pandas read of every column as text."""
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    raw.attrs["utf8_clean"] = True
    return inc.load_frame(raw, preset, fmt)


def _is_fast(path, fmt=inc.FORMAT_ACLED):
    raw, _ = inc.read_table(path, inc.columns_used(fmt, inc.read_header(path)))
    return raw.attrs["read_mode"] == "fast"


def _same_events(path, preset):
    events, report = inc.load_file(path, preset)
    ref_events, ref_report = _reference(path, preset)
    pd.testing.assert_frame_equal(events, ref_events)
    assert report.sides == ref_report.sides and report.skipped == ref_report.skipped
    return events


def test_fast_read_gives_the_events_of_a_full_text_read(preset):
    assert _is_fast(d.SAMPLE_CSV)
    events = _same_events(d.SAMPLE_CSV, preset)
    assert len(events) > 1000


@pytest.mark.real_data
@pytest.mark.parametrize(
    "name",
    [
        "acled_burkina_faso_2016_2020.csv",
        "acled_mali_2017_2020_actor_based.csv",
        "acled_burkina_faso_sample_2019_2022.csv",
    ],
)
def test_fast_read_of_real_exports_matches_a_full_text_read(real_data, preset, name):
    assert _is_fast(real_data / name)
    _same_events(real_data / name, preset)


def test_quoted_newlines_crlf_and_blank_lines_stay_on_the_fast_path(tmp_path, preset):
    rows = [
        acled_row("MLI1", "15 March 2020", JNIM, "Civilians (Mali)", notes='two\nlines, "quoted"'),
        "",
        acled_row("MLI2", "16 March 2020", ISGS, "Civilians (Mali)", notes='a ""quote"", ok'),
        acled_row("MLI3", "17 March 2020", JNIM, ISGS),
    ]
    rows[0] = rows[0].replace('"two\nlines, "quoted""', '"two\nlines, ""quoted"""')
    path = tmp_path / "crlf.csv"
    path.write_bytes(("\r\n".join([ACLED_HEADER, *rows])).encode())  # no final line end
    assert _is_fast(path)
    events = _same_events(path, preset)
    assert events[d.F_EVENT_ID].tolist() == ["MLI1", "MLI2", "MLI3"]
    assert events[d.F_SIDE].tolist() == ["a", "b", "clash"]


@pytest.mark.parametrize(
    "bad",
    [
        # an extra field after a quoted, multi-line field
        acled_row("MLI2", "16 March 2020", JNIM, notes='x\ny, "z"').replace(
            '"x\ny, "z""', '"x\ny, ""z"""'
        )
        + ",extra",
        # a stray quote inside an unquoted field, then an extra field
        acled_row("MLI2", "16 March 2020", JNIM).replace("Boni", 'Bo"ni') + ",extra",
    ],
)
def test_lines_the_fast_read_cannot_judge_go_to_pandas(tmp_path, preset, bad):
    lines = [ACLED_HEADER, acled_row("MLI1", "15 March 2020", JNIM), bad]
    path = write(tmp_path, "bad.csv", lines)
    assert not _is_fast(path)
    events, report = inc.load_file(path, preset)
    assert events[d.F_EVENT_ID].tolist() == ["MLI1"]
    assert report.skipped == {inc.R_BADLINE: 1}


def test_a_column_left_out_of_the_read_is_refused_not_read_as_empty(preset):
    raw, _ = inc.read_table(d.SAMPLE_CSV, ["event_id_cnty", "event_date", "actor1"])
    with pytest.raises(RuntimeError, match="latitude, longitude were not read"):
        inc.load_frame(raw, preset, inc.FORMAT_ACLED)
    raw, _ = inc.read_table(d.SAMPLE_CSV, inc.ACLED_REQUIRED)
    with pytest.raises(RuntimeError, match="'assoc_actor_1' was not read"):
        inc.load_frame(raw, preset, inc.FORMAT_ACLED)


_field = st.one_of(
    st.text(alphabet="ab ;é", max_size=4),
    st.text(alphabet='ab,\n"é', max_size=6).map(lambda t: '"' + t.replace('"', '""') + '"'),
)


@settings(max_examples=300, deadline=None)
@given(
    rows=st.lists(st.lists(_field, min_size=1, max_size=5), max_size=12),
    eol=st.sampled_from(["\n", "\r\n"]),
    final_eol=st.booleans(),
    step=st.integers(1, 40),
)
# a blank line whose "\r" and "\n" fall in two slices (it was counted as a record)
@example(rows=[[""]], eol="\r\n", final_eol=True, step=1)
def test_record_count_and_long_lines_match_the_csv_module(rows, eol, final_eol, step):
    """The numpy pre-scan agrees with Python's csv module on well-formed text, whatever
    the slice size: same record count (blank lines aside), and a longer record spotted."""
    import csv

    n_fields = 3
    text = eol.join(",".join(r) for r in [["h1", "h2", "h3"], *rows]) + (eol if final_eol else "")
    parsed = [r for r in csv.reader(io.StringIO(text, newline="")) if r]
    expected = None if any(len(r) > n_fields for r in parsed) else len(parsed)
    assert inc._records_simple(text.encode(), ",", n_fields, step=step) == expected


@pytest.mark.parametrize(
    ("header", "row"),
    [
        # quotes closing unquoted fields (degrees, minutes, seconds): pandas reads them as text
        ("event_id_cnty,latitude,longitude", "2,14°30'12\",-1°20'5\",x"),
        # a quoted header name holding the delimiter: 3 columns, not 4
        ('"event_id_cnty,x",latitude,longitude', "2,14.5,-1.3,extra"),
    ],
)
def test_over_long_lines_hidden_by_odd_quoting_are_still_counted(tmp_path, header, row):
    path = write(tmp_path, "odd.csv", [header, "1,14.0,-1.0", row])
    for columns in (None, ["latitude", "longitude"]):
        frame, skipped = inc.read_table(path, columns)
        assert len(frame) == 1 and skipped == {inc.R_BADLINE: 1}


@settings(max_examples=400, deadline=None)
@given(
    text=st.text(alphabet='ab,"\n', max_size=60),
    step=st.integers(1, 16),
)
def test_when_the_pre_scan_vouches_for_a_file_pandas_agrees(text, step, tmp_path_factory):
    """Whatever the quoting: if the pre-scan returns a record count, pandas parses the
    text without a bad line and finds that many records (header included). If it
    turns the text down, the reader takes pandas' tolerant parse instead, which
    accounts for every record pandas sees (rows kept + bad lines), or says which
    quote is never closed."""
    import contextlib
    import warnings

    data = ("h1,h2,h3\n" + text).encode()
    records = inc._records_simple(data, ",", 3, step=step)
    if records is not None:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # pandas 2 warns about skipped lines
            frame = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
        assert len(frame) + 1 == records
        return
    path = tmp_path_factory.mktemp("prescan") / "turned_down.csv"
    path.write_bytes(data)
    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err):
            expected = pd.read_csv(
                io.BytesIO(data), dtype=str, keep_default_na=False, on_bad_lines="warn"
            )
    except pd.errors.ParserError as error:
        assert "EOF inside string" in str(error)
        with pytest.raises(inc.IncidentFormatError, match="is never closed"):
            inc.read_table(path)
        return
    frame, skipped = inc.read_table(path)
    assert frame.attrs["read_mode"] == "tolerant"
    assert len(frame) == len(expected)
    assert skipped.get(inc.R_BADLINE, 0) == err.getvalue().count("Skipping line")


# --- the whole loader under mutated bytes (hypothesis) ---------------------------------

FUZZ_TODAY = pd.Timestamp("2024-06-30")
_TOKENS = [
    b"\r", b"\n", b"\r\n", b"\0", b"inf", b"-inf", b"nan", b'"', b'""', b",", b";",
    b"\t", b"\xe9", b"\xc3\xa9", b"\xff\xfe", b"\xef\xbb\xbf", b"-", b"1e20",
    b"99999999999", b"0,0", b"1 January 1900", b"01 January 2099", b"3,000", b"12 (est.)",
]  # fmt: skip
_FUZZ_ROWS = [
    acled_row("MLI1", "15 March 2020", JNIM, "Civilians (Mali)", notes="Ségou, Mopti"),
    acled_row("MLI2", "2020-03-16", ISGS, "Military Forces of Mali (2013-2021)", fat=3),
    acled_row("MLI3", "16-March-2020", ISGS_WA, JNIM, lat=14.5, lon=-2.0),
    acled_row("MLI4", "17 March 2020", f"{JNIM} and/or {ISGS}", "Civilians (Mali)"),
    acled_row("MLI5", "18 March 2020", "Katiba Macina", "Civilians (Mali)", notes='a "quote"'),
]


@st.composite
def _mutated_files(draw):
    rows = draw(st.lists(st.sampled_from(_FUZZ_ROWS), min_size=1, max_size=6))
    eol = draw(st.sampled_from(["\n", "\r\n"]))
    text = eol.join([ACLED_HEADER, *rows]) + eol
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
    data = bytearray(text.encode(encoding))
    header = len((ACLED_HEADER + eol).encode(encoding))
    for _ in range(draw(st.integers(0, 8))):
        # Mostly in the rows: a broken header is one error, rows hold the many cases.
        low = 0 if draw(st.integers(0, 4)) == 0 else min(header, len(data))
        pos = draw(st.integers(low, len(data)))
        op = draw(st.sampled_from(["insert", "delete", "duplicate", "byte"]))
        if op == "insert":
            data[pos:pos] = draw(st.sampled_from(_TOKENS))
        elif op == "delete":
            del data[pos : pos + draw(st.integers(1, 20))]
        elif op == "duplicate":
            data[pos:pos] = data[pos : pos + draw(st.integers(1, 60))]
        else:
            data[pos:pos] = draw(st.binary(min_size=1, max_size=3))
    if draw(st.booleans()) and len(data) > 10:
        del data[draw(st.integers(1, len(data) - 1)) :]
    return bytes(data)


def _check_outcome(data: bytes, preset, folder) -> str:
    """Load ``data`` as a file: a documented error, or events that are all sound and a
    report that accounts for every row read. Returns 'ok' or 'error'."""
    path = folder / "fuzz.csv"
    path.write_bytes(data)
    checks = inc.Checks(today=FUZZ_TODAY)
    try:
        events, report = inc.load_file(path, preset, checks=checks)
    except inc.IncidentFormatError as err:
        assert str(err)
        return "error"
    assert report.accounted() == report.rows_read
    assert list(events.columns) == d.INCIDENT_FIELD_NAMES and len(events) == report.events > 0
    lat, lon = events[d.F_LAT].to_numpy(float), events[d.F_LON].to_numpy(float)
    assert np.isfinite(lat).all() and np.isfinite(lon).all()
    assert (np.abs(lat) <= 90).all() and (np.abs(lon) <= 180).all()
    assert not ((lat == 0) & (lon == 0)).any()
    assert events[d.F_DATE].between(pd.Timestamp("1997-01-01"), FUZZ_TODAY).all()
    assert (events[d.F_DATE_END] >= events[d.F_DATE]).all()
    ids = events[d.F_EVENT_ID]
    assert not ids[ids != ""].duplicated().any()
    assert set(events[d.F_SIDE]) <= set(d.SIDES) - {d.SIDE_OTHER}
    fat = events[d.F_FATALITIES].dropna().astype(float)
    assert ((fat >= 0) & (fat <= 1_000_000) & (fat == fat.round())).all()
    for col in (d.F_LOCATION, d.F_ACTOR1, d.F_COUNTRY):
        text = events[col].astype(str)
        assert not text.str.contains("\ufffe|\x00", regex=True).any()
    return "ok"


FUZZ_SEEN: Counter = Counter()


@settings(max_examples=800, deadline=None)
@given(data=_mutated_files())
# a stray quote in the header: pandas keeps it in the column's name (it was a RuntimeError)
@example(
    data=b'event_id_cnty,event_date,year,time_precision,event_type",3,000sub_event_type,actor1,'
    b"assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,country,admin1,admin2,"
    b"location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities\n"
    b'MLI1,15 March 2020,2020,1,Battles,Armed clash,"JNIM: Group for Support of Islam and '
    b'Muslims","",2,"Civilians (Mali)",,2,22,Mali,Mopti,Douentza,Boni,15.0,-1.0,1,Test,Test,'
    b'"S\xc3\xa9gou, Mopti",1\n'
)
def test_fuzzed_files_give_sound_events_or_a_documented_error(data, preset, tmp_path_factory):
    """The whole loader (encoding, blocks, pre-scan, pandas, checks) on mutated exports:
    bytes with CR, NUL, inf, quotes, mixed encodings, cut files."""
    FUZZ_SEEN[_check_outcome(data, preset, tmp_path_factory.mktemp("fuzz"))] += 1


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=400))
def test_random_bytes_give_sound_events_or_a_documented_error(data, preset, tmp_path_factory):
    FUZZ_SEEN[_check_outcome(data, preset, tmp_path_factory.mktemp("bytes"))] += 1


def test_the_fuzzers_reached_both_outcomes():
    """Runs after the two fuzz tests (file order): both outcomes occurred, so neither
    property held only because every input failed (or succeeded)."""
    if not FUZZ_SEEN:
        pytest.skip("run with the fuzz tests")
    print(f"fuzz outcomes: {dict(FUZZ_SEEN)}")
    assert FUZZ_SEEN["ok"] > 50 and FUZZ_SEEN["error"] > 50, FUZZ_SEEN


# --- values, long cells ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "reason"),
    [
        ("7", 7, None),
        ("12.0", 12, None),
        ("3,000", 3000, "thousands"),
        ("3 000", 3000, "thousands"),
        ("12 (est.)", 12, "annotated"),
        ("12+", 12, "annotated"),
        ("abc", None, "not_number"),
        ("inf", None, "not_number"),
        ("1_000", None, "not_number"),
        ("١٢", None, "not_number"),
        ("14.\ufffe 9", None, "not_number"),
        ("-5", None, "negative"),
        ("2.7", None, "fraction"),
        ("1e20", None, "large"),
        ("99999999999", None, "large"),
        ("1000000", 1_000_000, None),
        ("1000001", None, "large"),
        ("", None, "empty"),
    ],
)
def test_counts_are_parsed_strictly(text, value, reason):
    from sahel_overlap.plugin.core.values import parse_count_text

    got, why = parse_count_text(text)
    assert (None if np.isnan(got) else int(got)) == value and why == reason


def test_a_long_cell_costs_about_its_own_size(tmp_path, preset):
    """2,000 distinct locations and one of 90 KB (under the limit): the old loader made
    a fixed-width array of 2,000 x 90 K characters (720 MB); now the peak of Python's
    allocations stays a few MB."""
    import tracemalloc

    rows = [ACLED_HEADER]
    for i in range(2000):
        place = "x" * 90_000 if i == 7 else f"Village {i}"
        rows.append(acled_row(f"MLI{i}", "15 March 2020", JNIM).replace("Boni", place))
    path = write(tmp_path, "long.csv", rows)
    tracemalloc.start()
    try:
        events, report = inc.load_file(path, preset)
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(events) == 2000 and report.skipped == {}
    assert peak < 40 * 1024 * 1024, peak
    assert len(events.loc[7, d.F_LOCATION]) == 90_000
