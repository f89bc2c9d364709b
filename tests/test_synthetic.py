"""Tests of the SYNTHETIC sample data and of its planted ground truth (no QGIS needed)."""

from __future__ import annotations

import csv
import datetime as dt
import json

import numpy as np
import pandas as pd
import pytest
from matplotlib.path import Path as MplPath

from sahel_overlap.devtools import synthetic
from sahel_overlap.plugin import definitions as d

ACTOR_FIELDS = ["actor1", "assoc_actor_1", "actor2", "assoc_actor_2"]
DATE_FORMATS = ["%d %B %Y", "%Y-%m-%d", "%d-%B-%Y"]


@pytest.fixture(scope="module")
def sample():
    return synthetic.generate_sample()


@pytest.fixture(scope="module")
def committed():
    """The committed CSV read back as text, every zone's polygon, the labels."""
    events = pd.read_csv(d.SAMPLE_CSV, dtype=str, keep_default_na=False, encoding="utf-8")
    with open(d.SAMPLE_ZONES, encoding="utf-8") as fh:
        zones = json.load(fh)
    labels = pd.read_csv(d.SAMPLE_LABELS, dtype={"year": int})
    return events, zones, labels


def _parse_date(text: str) -> dt.date:
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise AssertionError(f"date not understood: {text!r}")


def _sides(events: pd.DataFrame) -> pd.DataFrame:
    """Independent reading of the actor columns and notes: is_a, is_b, clash, joint,
    ambiguous (an "and/or" name, or both groups on one side with "or" / "presumed" in
    the notes)."""
    actors = events[ACTOR_FIELDS].fillna("").astype(str)
    amb = actors.apply(lambda col: col.str.contains(" and/or ", regex=False)).any(axis=1)

    def side(k):
        cells = actors[[f"actor{k}", f"assoc_actor_{k}"]]
        jnim = cells.apply(lambda col: col.str.contains("JNIM", regex=False)).any(axis=1)
        isgs = cells.apply(lambda col: col.str.startswith("Islamic State")).any(axis=1)
        return jnim & ~amb, isgs & ~amb

    j1, i1 = side(1)
    j2, i2 = side(2)
    pair = (j1 & i1) | (j2 & i2)
    doubt = events["notes"].str.contains(r"\bor\b|presumed", case=False, regex=True)
    out = pd.DataFrame(index=events.index)
    out["amb"] = amb | (pair & doubt)
    out["joint"] = pair & ~doubt
    out["clash"] = ~pair & ((j1 & i2) | (i1 & j2))
    out["a"] = ((j1 | j2) & ~pair) | out["joint"]  # a joint operation is activity of both
    out["b"] = ((i1 | i2) & ~pair) | out["joint"]
    return out


@pytest.fixture(scope="module")
def located(committed):
    """Committed events with date, sides and the zone (point in polygon) of each."""
    events, zones, _ = committed
    ev = events.copy()
    ev["date"] = [_parse_date(t) for t in ev["event_date"]]
    ev = ev.join(_sides(ev))
    pts = np.column_stack([ev["longitude"].astype(float), ev["latitude"].astype(float)])
    ev["zone_id"] = ""
    for feat in zones["features"]:
        ring = feat["geometry"]["coordinates"][0]
        inside = MplPath(np.asarray(ring)).contains_points(pts)
        assert not (inside & (ev["zone_id"] != "")).any(), "zones overlap"
        ev.loc[inside, "zone_id"] = feat["properties"]["zone_id"]
    return ev


def _classify(n_a: int, n_b: int, n_clash: int, covered: bool = True, n_joint: int = 0) -> str:
    """The scorer's count rules, written out independently (partitioned and parallel are
    told apart by where the events lie: both come out as "parallel" here). ``n_a`` and
    ``n_b`` count clashes and joint operations for both groups."""
    distinct = n_a + n_b - n_clash - n_joint
    if distinct == 0:
        return d.Z_INACTIVE if covered else d.Z_NO_DATA
    if n_clash >= 2 and n_clash / distinct >= 0.05:
        return d.Z_CONTESTED
    if n_joint >= 2 and n_clash < 2:
        return d.Z_COOPERATIVE
    if distinct < 5:
        return d.Z_LOW_DATA
    if min(n_a, n_b) < 0.10 * (n_a + n_b):
        return d.Z_A_ONLY if n_a > n_b else d.Z_B_ONLY
    # upper one-sided 95 % bound of 0 clashes in n events: 1 - 0.05^(1/n)
    if n_clash > 0 or 1 - 0.05 ** (1 / distinct) >= 0.10:
        return d.Z_UNDETERMINED
    return d.Z_PARALLEL


def _zone_year_counts(located: pd.DataFrame) -> pd.DataFrame:
    ev = located[located["zone_id"] != ""].copy()
    ev["year"] = [day.year for day in ev["date"]]
    return ev.groupby(["zone_id", "year"])[["a", "b", "clash", "amb", "joint"]].sum().astype(int)


# --- Determinism and the committed files -----------------------------------------------
def test_deterministic(sample):
    events2, zones2, labels2 = synthetic.generate_sample()
    events, zones, labels = sample
    pd.testing.assert_frame_equal(events, events2)
    pd.testing.assert_frame_equal(labels, labels2)
    assert zones == zones2


def test_other_seed_differs(sample):
    events2, _, _ = synthetic.generate_sample(seed=7)
    assert not events2.equals(sample[0])


def test_committed_files_are_regenerated_byte_for_byte(tmp_path):
    paths = synthetic.write_sample(tmp_path)
    assert paths["csv"].read_bytes() == d.SAMPLE_CSV.read_bytes()
    assert paths["zones"].read_bytes() == d.SAMPLE_ZONES.read_bytes()
    assert paths["labels"].read_bytes() == d.SAMPLE_LABELS.read_bytes()


# --- Format ----------------------------------------------------------------------------
def test_acled_columns_and_ids(committed):
    events, _, _ = committed
    assert list(events.columns) == synthetic.ACLED_COLUMNS
    assert len(synthetic.ACLED_COLUMNS) == 31
    assert events["event_id_cnty"].is_unique
    assert events["data_id"].is_unique
    assert events["event_id_cnty"].str.match(r"^(MLI|BFO|NIR)\d+$").all()
    iso = {"Mali": "466", "Burkina Faso": "854", "Niger": "562"}
    assert (events["iso"] == events["country"].map(iso)).all()
    assert 6000 <= len(events) <= 11000
    assert d.SAMPLE_CSV.stat().st_size < 4_000_000


def test_dates_formats_and_year(located):
    texts = located["event_date"]
    iso = texts.str.match(r"^\d{4}-\d{2}-\d{2}$")
    dashed = texts.str.match(r"^\d{2}-[A-Z][a-z]+-\d{4}$")
    acled = texts.str.match(r"^\d{2} [A-Z][a-z]+ \d{4}$")
    assert (iso | dashed | acled).all()
    assert 0.03 < iso.mean() < 0.07
    assert 0.01 < dashed.mean() < 0.035
    assert (located["year"].astype(int) == [day.year for day in located["date"]]).all()
    assert min(located["date"]) >= dt.date(2017, 1, 1)
    assert max(located["date"]) <= dt.date(2022, 12, 31)


def test_notes_are_synthetic_and_exercise_parsers(committed):
    events, _, _ = committed
    notes = events["notes"]
    assert notes.str.startswith("SYNTHETIC:").all()
    assert notes.str.contains(",", regex=False).any()
    assert notes.str.contains('"', regex=False).any()
    assert notes.str.contains("\n", regex=False).any()
    assert (events["source"] == "Synthetic generator").all()
    assert (events["source_scale"] == "Synthetic").all()
    # The file has more physical lines than rows: embedded newlines are quoted.
    with open(d.SAMPLE_CSV, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert len(rows) == len(events) + 1
    assert all(len(r) == 31 for r in rows)


def test_actor_names_and_interaction_codes(located):
    ev = located
    for _, row in ev[ev["b"] | ev["amb"]].iterrows():
        expected = synthetic.isgs_name(row["date"])
        for name in (row[f] for f in ACTOR_FIELDS):
            if "Islamic State" in name:
                assert name in (expected, f"{synthetic.JNIM} and/or {expected}"), name
    codes = ev[["inter1", "inter2"]].astype(int)
    lo, hi = codes.min(axis=1), codes.max(axis=1)
    expected = np.where(lo == 0, hi * 10, lo * 10 + hi)
    assert (ev["interaction"].astype(int) == expected).all()
    clashes = ev[ev["clash"]]
    assert (clashes["event_type"] == "Battles").all()
    assert (clashes["sub_event_type"] == "Armed clash").all()
    assert (clashes["interaction"] == "22").all()
    assert (clashes["actor1"] == synthetic.JNIM).any()
    assert (clashes["actor2"] == synthetic.JNIM).any()
    share_amb = ev["amb"].sum() / (ev["a"] | ev["b"] | ev["amb"]).sum()
    assert 0.01 < share_amb < 0.08
    share_other = (~(ev["a"] | ev["b"] | ev["amb"])).mean()
    assert 0.05 < share_other < 0.2


def test_isgs_name_follows_date():
    assert synthetic.isgs_name(dt.date(2018, 5, 1)) == "Islamic State (Greater Sahara)"
    assert "Greater Sahara Faction" in synthetic.isgs_name(dt.date(2021, 1, 1))
    assert synthetic.isgs_name(dt.date(2022, 3, 1)) == "Islamic State (Sahel)"


# --- Calibration -----------------------------------------------------------------------
def test_yearly_totals_and_fatalities(located):
    ev = located
    year = ev["date"].map(lambda day: day.year)
    counts = year.value_counts().sort_index()
    assert counts[2017] < counts[2018] < counts[2019]
    fatalities = ev["fatalities"].astype(int).groupby(year).sum()
    assert 3000 <= fatalities[2019] <= 5000
    # JNIM has more events, ISGS more fatalities per event.
    a_only = ev["a"] & ~ev["clash"]
    b_only = ev["b"] & ~ev["clash"]
    assert a_only.sum() > 1.3 * b_only.sum()
    fat = ev["fatalities"].astype(int)
    assert fat[b_only].mean() > 1.5 * fat[a_only].mean()


# --- Planted ground truth --------------------------------------------------------------
def test_no_clash_before_2020(located):
    clashes = located[located["clash"]]
    assert len(clashes) > 0
    assert min(clashes["date"]) >= dt.date(2020, 1, 1)


def test_no_clash_and_no_group_event_in_background_outside_zones(located):
    outside = located[located["zone_id"] == ""]
    assert not outside["clash"].any() and not outside["joint"].any()
    assert len(outside) > 1000


def test_joint_operations_and_uncertain_pairs_are_coded_alike(located):
    """Both kinds name the two groups on one side (actor + associate actor, either way
    round, on the second side when the state is actor1); only the notes tell them apart."""
    joint = located[located["joint"]]
    assert len(joint) == sum(sum(y.values()) for y in synthetic.JOINT_EVENTS.values()) == 13
    assert set(joint["zone_id"]) == {"Z34"}
    assert set(joint["date"].map(lambda day: day.year)) == {2018, 2019, 2020}
    pairs = located[located["amb"] & ~located[ACTOR_FIELDS].apply(
        lambda col: col.str.contains(" and/or ", regex=False)).any(axis=1)]  # fmt: skip
    assert len(pairs) == 3 + 1 + 6 * 2  # Z34 2017-2018, Hombori every year
    assert set(pairs["zone_id"]) == {"Z34", "Z14"}
    for kind in (joint, pairs):
        assert (kind["actor1"] == synthetic.JNIM).any() and (
            kind["assoc_actor_1"] == synthetic.JNIM
        ).any()
    assert (joint["actor2"] == synthetic.JNIM).any() or (
        joint["assoc_actor_2"] == synthetic.JNIM
    ).any()
    assert joint["notes"].str.contains("jointly", regex=False).all()


def test_the_actor_based_layout_holds_the_same_events(sample, preset):
    """One row per side; loaded, the actor-based export gives the dyadic export's sides,
    joint operations and uncertain pairs included."""
    from sahel_overlap.plugin.core import incidents as inc

    events = sample[0]
    monadic = synthetic.actor_based(events)
    assert list(monadic.columns) == synthetic.ACTOR_BASED_COLUMNS and len(monadic.columns) == 28
    assert len(monadic) == len(events) + (events["actor2"] != "").sum()
    assert monadic["data_id"].is_unique
    dyadic_ev, dyadic_rep = inc.load_frame(events.astype(str), preset)
    monadic_ev, monadic_rep = inc.load_frame(monadic.astype(str), preset)
    assert (dyadic_rep.layout, monadic_rep.layout) == ("dyadic", "actor-based")
    a = dyadic_ev.set_index(d.F_EVENT_ID)[d.F_SIDE]
    b = monadic_ev.set_index(d.F_EVENT_ID)[d.F_SIDE]
    pd.testing.assert_series_equal(a.sort_index(), b.sort_index())
    assert dyadic_rep.sides[d.SIDE_JOINT] == monadic_rep.sides[d.SIDE_JOINT] == 13
    assert dyadic_rep.joint == monadic_rep.joint
    assert dyadic_rep.joint["same_side"] == 13 + 16


def test_labels_cover_every_zone_and_year(committed):
    _, zones, labels = committed
    ids = [f["properties"]["zone_id"] for f in zones["features"]]
    assert 30 <= len(ids) <= 36
    assert len(labels) == len(ids) * 6
    assert set(labels["year"]) == set(range(2017, 2023))
    assert set(labels["planted_class"]) <= set(d.ZONE_CLASSES)
    for feat in zones["features"]:
        props = feat["properties"]
        assert set(props) >= {"zone_id", "zone_name", "country", "planted"}
        assert props["country"] in ("Mali", "Burkina Faso", "Niger", "Mauritania")


def test_required_zone_mix(committed):
    _, _, labels = committed
    per_zone = labels.sort_values("year").groupby("zone_id")["planted_class"].apply(tuple)
    switch = (d.Z_PARALLEL,) * 3 + (d.Z_CONTESTED,) * 3
    assert sum(cls == (d.Z_A_ONLY,) * 6 for cls in per_zone) >= 6
    assert sum(cls == (d.Z_B_ONLY,) * 6 for cls in per_zone) >= 5
    assert sum(cls == (d.Z_PARALLEL,) * 6 for cls in per_zone) >= 4
    assert sum(cls == switch for cls in per_zone) >= 5
    assert sum(cls == (d.Z_INACTIVE,) * 6 for cls in per_zone) >= 2
    assert sum(cls == (d.Z_LOW_DATA,) * 6 for cls in per_zone) >= 2
    for planted in (d.Z_PARTITIONED, d.Z_UNDETERMINED, d.Z_NO_DATA):
        assert sum(cls == (planted,) * 6 for cls in per_zone) >= 1, planted
    assert sum(cls.count(d.Z_COOPERATIVE) for cls in per_zone) >= 2


def test_zone_years_match_planted_classes(located, committed):
    _, zones, labels = committed
    counts = _zone_year_counts(located)
    country = {f["properties"]["zone_id"]: f["properties"]["country"] for f in zones["features"]}
    for row in labels.itertuples(index=False):
        key = (row.zone_id, row.year)
        if key in counts.index:
            n_a, n_b, n_clash, n_amb, n_joint = counts.loc[key]
        else:
            n_a = n_b = n_clash = n_amb = n_joint = 0
        cls = row.planted_class
        got = _classify(n_a, n_b, n_clash, country[row.zone_id] != "Mauritania", n_joint)
        want = d.Z_PARALLEL if cls == d.Z_PARTITIONED else cls
        assert got == want, (key, n_a, n_b, n_clash, n_joint)
        distinct = n_a + n_b - n_clash - n_joint
        if cls == d.Z_COOPERATIVE:  # far from the 2 joint operations of the rule
            assert n_joint >= 4 and n_clash == 0, key
        elif cls != d.Z_CONTESTED:
            assert n_joint == 0, key
        if cls in (d.Z_A_ONLY, d.Z_B_ONLY, d.Z_CONTESTED):
            assert distinct >= 15, key
        if cls in (d.Z_PARALLEL, d.Z_PARTITIONED):  # far from the 29 events of the rule
            assert n_clash == 0 and distinct >= 40, key
            assert min(n_a, n_b) >= 0.3 * (n_a + n_b), key
        if cls == d.Z_A_ONLY and row.zone_id != "Z33":
            assert n_b == 0, key
        if cls == d.Z_A_ONLY and row.zone_id == "Z33":  # a few ISGS, many ambiguous
            assert 0 < n_b < 0.1 * (n_a + n_b) and n_amb >= 0.15 * (n_a + n_b), key
            assert min(n_a, n_b + n_amb) >= 0.1 * (n_a + n_b + n_amb), key  # flips
        if cls == d.Z_B_ONLY:
            assert n_a == 0, key
        if cls == d.Z_CONTESTED:
            assert n_clash >= 4 and n_joint <= 2, key
            assert 0.10 <= n_clash / distinct <= 0.25, key
        if cls == d.Z_UNDETERMINED:
            assert n_clash == 0 and 8 <= distinct <= 14, key
        if cls == d.Z_LOW_DATA:
            assert 1 <= distinct <= 3, key


def test_partitioned_zone_keeps_the_groups_apart(located, committed):
    _, zones, labels = committed
    centre = {
        f["properties"]["zone_id"]: np.mean(f["geometry"]["coordinates"][0][:-1], axis=0)
        for f in zones["features"]
    }
    for zid in labels[labels.planted_class == d.Z_PARTITIONED].zone_id.unique():
        ev = located[located.zone_id == zid]
        lon = ev.longitude.astype(float) - centre[zid][0]
        own_a, own_b = ev.a & ~ev.clash, ev.b & ~ev.clash
        assert (lon[own_a] < 0).all() and (lon[own_b] > 0).all()
        assert own_a.sum() >= 6 * 20 and own_b.sum() >= 6 * 14


def test_the_export_covers_niger_only_to_mid_2022(located):
    last = located.groupby("country")["date"].max()
    assert last["Niger"] == dt.date(2022, 6, 30) or last["Niger"] <= dt.date(2022, 6, 30)
    assert last["Niger"] >= dt.date(2022, 6, 1)
    assert last["Mali"] >= dt.date(2022, 12, 1) and last["Burkina Faso"] >= dt.date(2022, 12, 1)
    assert "Mauritania" not in set(located.country)


def test_a_few_background_events_are_located_only_to_a_region(located):
    coarse = located[located.geo_precision == "3"]
    assert 0.01 < len(coarse) / (located.zone_id == "").sum() < 0.05
    assert (coarse.zone_id == "").all()
    assert coarse.groupby(["longitude", "latitude"]).size().max() >= 5  # stacked on centres


def test_inactive_zones_have_no_events(located, committed):
    _, _, labels = committed
    inactive = labels[labels["planted_class"] == d.Z_INACTIVE]
    for row in inactive.itertuples(index=False):
        in_zone = located[
            (located["zone_id"] == row.zone_id)
            & (located["date"].map(lambda day: day.year) == row.year)
        ]
        assert len(in_zone) == 0, (row.zone_id, row.year)


def test_parallel_groups_share_months(located, committed):
    _, _, labels = committed
    ev = located[located["zone_id"] != ""]
    month = ev["date"].map(lambda day: (day.year, day.month))
    for row in labels[labels["planted_class"] == d.Z_PARALLEL].itertuples(index=False):
        sel = (ev["zone_id"] == row.zone_id) & (month.map(lambda m: m[0]) == row.year)
        a_months = set(month[sel & ev["a"]])
        b_months = set(month[sel & ev["b"]])
        shared = a_months & b_months
        assert len(shared) >= 0.6 * len(a_months | b_months), (row.zone_id, row.year)


def test_zones_do_not_overlap():
    synthetic.check_zones()
    for zone in synthetic.ZONES:
        assert 40 <= zone.radius_km <= 70
