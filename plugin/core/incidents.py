"""Read ACLED, UCDP GED or user-mapped incident tables into the standard schema.

Every loader returns a pandas DataFrame with the columns of
``definitions.INCIDENT_FIELDS`` (one row per event) and an ``ImportReport``
that counts events per side, every skipped row by reason and every value
repaired or left empty. Nothing is dropped silently: rows read = events kept
+ rows skipped + events of other actors not kept + rows merged into another
row's event (``ImportReport.accounted``). A file with no usable row is an
error, not an empty table. Delimited text is read by ``csvfile``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .. import definitions as d
from ..definitions import N_
from . import countries as cty
from . import joint
from .coverage import source_coverage
from .csvfile import (
    FREE_TEXT_COLUMNS,
    R_BADLINE,
    R_LONG,
    R_NUL,
    R_UTF8,
    UNIQUE_COLUMNS,
    Canceled,
    IncidentFormatError,
    _records_simple,
    read_header,
    read_table,
)
from .dates import parse_dates
from .errors import Message
from .presets import LIST_UCDP, Preset, SideMembers, side_membership
from .values import parse_codes, parse_counts

__all__ = [
    "R_BADLINE",
    "R_LONG",
    "R_NUL",
    "R_UTF8",
    "Canceled",
    "Checks",
    "ImportReport",
    "IncidentFormatError",
    "_records_simple",
    "load_file",
    "load_frame",
    "read_header",
    "read_table",
]

FORMAT_AUTO = "auto"
FORMAT_ACLED = "acled"
FORMAT_UCDP = "ucdp"
FORMAT_MAPPED = "mapped"
FORMATS = [FORMAT_AUTO, FORMAT_ACLED, FORMAT_UCDP, FORMAT_MAPPED]

ACLED_REQUIRED = ["event_id_cnty", "event_date", "actor1", "latitude", "longitude"]
UCDP_REQUIRED = [
    "id",
    "side_a",
    "side_b",
    "type_of_violence",
    "date_start",
    "latitude",
    "longitude",
]
# Every column each loader reads: an import parses only these (half the time and
# memory of a 31-column ACLED export). ``_col`` refuses a column left out here.
ACLED_USED = [
    "event_id_cnty",
    "notes",  # read at the same-side events only (core.joint); long cells allowed
    "event_date",
    "actor1",
    "assoc_actor_1",
    "actor2",
    "assoc_actor_2",
    "event_type",
    "sub_event_type",
    "fatalities",
    "country",
    "admin1",
    "admin2",
    "location",
    "geo_precision",
    "time_precision",
    "source_scale",
    "latitude",
    "longitude",
    "timestamp",  # the event's last change (incremental updates from ACLED's API)
]
UCDP_USED = [
    "id",
    "date_start",
    "date_end",
    "side_a",
    "side_b",
    "type_of_violence",
    "dyad_name",
    "best",
    "country",
    "adm_1",
    "adm_2",
    "where_coordinates",
    "where_prec",
    "date_prec",
    "latitude",
    "longitude",
]
_UNIQUE_COLUMNS = UNIQUE_COLUMNS
# Fields a user mapping must provide (the others are optional).
MAPPED_REQUIRED = [d.F_DATE, d.F_ACTOR1, d.F_LAT, d.F_LON]

# The first day a source can hold: ACLED's coverage starts in 1997, UCDP GED's in
# 1989; a mapped table, 1970 (the oldest event datasets, e.g. GTD). Later than
# today is never plausible.
FIRST_DATE = {
    d.SOURCE_ACLED: pd.Timestamp("1997-01-01"),
    d.SOURCE_UCDP: pd.Timestamp("1989-01-01"),
    d.SOURCE_MAPPED: pd.Timestamp("1970-01-01"),
}

# Skip reasons, worded for the algorithm log (R_UTF8, R_NUL, R_LONG, R_BADLINE: csvfile);
# N_ marks them for the log's translation (the counts' keys stay English).
R_DATE = N_("date missing or not understood")
R_DATE_RANGE = N_("date before the source's first year or after today")
R_COORD = N_("coordinates missing or not numbers")
R_RANGE = N_("coordinates out of range")
R_ZERO = N_("coordinates (0, 0): a placeholder, not a place")
R_SWAPPED = N_("latitude and longitude swapped")
R_DUPLICATE = N_("duplicate event id")
R_NOT_PRESET = N_("no actor of the preset (not kept)")
# Rows kept, and counted, without a check or with a repair.


def n_near(limit_km: float) -> str:
    return f"up to {limit_km:g} km outside the row's country (border events)"


def n_far(limit_km: float) -> str:
    return (
        f"more than {limit_km:g} km outside the row's country: listed in the review table "
        f"(field {d.F_COUNTRY_KM})"
    )


N_NEAR = n_near(cty.COUNTRY_KM)
N_FAR = n_far(cty.COUNTRY_KM)
N_UCDP_COUNTRY = N_(
    "UCDP GED country (the state at the time of the event) with no outline of that name: "
    "coordinates not checked"
)
N_BLANK_COUNTRY = N_("no country given: coordinates not checked against a country")
N_UNKNOWN_COUNTRY = N_("country not in the boundary table: coordinates not checked")
N_SYNTHETIC = N_("SYNTHETIC sample rows: coordinates not checked against a country")
N_END_DATE = N_("end date before the start date or after today: set to the start date")
N_DECIMAL_COMMA = N_(
    "coordinates written with a decimal comma (13,9135): re-save the CSV with a decimal "
    "point (LibreOffice: English locale; Excel: File > Options > Advanced > separators)"
)

COUNTRY_BOXES = cty.COUNTRY_BOXES


def _never() -> bool:
    return False


@dataclass
class Checks:
    """What the loaders check rows against, and how they are stopped."""

    countries: cty.CountryShapes | None = None  # None: rough boxes around the Sahel countries
    is_canceled: Callable[[], bool] = _never
    today: pd.Timestamp | None = None  # None: the day of the import
    country_km: float = cty.COUNTRY_KM  # farther out of its country, a row is flagged

    def stop_if_canceled(self) -> None:
        if self.is_canceled():
            raise Canceled()


@dataclass
class ImportReport:
    source: str = ""
    layout: str = ""  # "dyadic", "actor-based", "GED", "mapped"
    rows_read: int = 0
    events: int = 0
    sides: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)
    checks: Counter = field(default_factory=Counter)  # rows kept with a repair or a caveat
    merged: int = 0  # actor-based rows folded into another row of their event
    not_kept: int = 0  # events of other actors, left out
    notes: list = field(default_factory=list)  # about the file (encoding, line ends)
    group_a: str = ""
    group_b: str = ""
    # Per country, the first and last day of the valid rows, other actors included
    # (what the source covers; core.coverage, read by scoring).
    coverage: dict = field(default_factory=dict)
    # The same-side events (both groups on one side): joint or ambiguous, and why
    # (core.joint); ``review`` is the review table, ``joint`` its counts.
    reading: object = None
    review: pd.DataFrame | None = None
    joint: dict = field(default_factory=dict)
    overrides_unused: list = field(default_factory=list)
    far: int = 0  # events kept more than Checks.country_km outside their stated country

    def accounted(self) -> int:
        """Rows the report explains: equals ``rows_read`` after every load."""
        return self.events + sum(self.skipped.values()) + self.not_kept + self.merged

    def lines(self, translate: Callable[[str], str] = str) -> list[str]:
        """The import's log; ``translate`` (``i18n.tr`` in QGIS) gives its sentences in
        the user's language (the reasons, data of the README's troubleshooting, stay)."""
        t = translate
        sides = self.sides
        if self.not_kept:
            mix = t(
                N_(
                    "{a}: {n_a}, {b}: {n_b}, clashes between them: {clashes}, joint operations: "
                    "{joint}, ambiguous (never counted): {ambiguous}, other actors: {other} "
                    "(not kept)"
                )
            )
        else:
            mix = t(
                N_(
                    "{a}: {n_a}, {b}: {n_b}, clashes between them: {clashes}, joint operations: "
                    "{joint}, ambiguous (never counted): {ambiguous}, other actors: {other}"
                )
            )
        out = [
            t(N_("Read {rows} rows as {source} ({layout}); kept {events} events.")).format(
                rows=self.rows_read, source=self.source, layout=self.layout, events=self.events
            ),
            "  "
            + mix.format(
                a=self.group_a,
                n_a=sides[d.SIDE_A],
                b=self.group_b,
                n_b=sides[d.SIDE_B],
                clashes=sides[d.SIDE_CLASH],
                joint=sides[d.SIDE_JOINT],
                ambiguous=sides[d.SIDE_AMBIGUOUS],
                other=sides[d.SIDE_OTHER],
            ),
        ]
        if self.merged:
            out.append(
                "  "
                + t(N_("{n} rows merged into their event (actor-based layout)")).format(
                    n=self.merged
                )
            )
        out.extend(self.joint_lines(translate))
        for note in self.notes:
            out.append("  " + t(N_("note: {note}")).format(note=t(note)))
        for reason, n in sorted(self.skipped.items(), key=lambda kv: -kv[1]):
            out.append("  " + t(N_("skipped {n}: {reason}")).format(n=n, reason=t(reason)))
        for reason, n in sorted(self.checks.items(), key=lambda kv: -kv[1]):
            out.append("  " + t(N_("kept {n}: {reason}")).format(n=n, reason=t(reason)))
        return out

    def joint_lines(self, translate: Callable[[str], str] = str) -> list[str]:
        """What the log says about the same-side events: how many read as joint, how
        many left ambiguous and why, the overrides applied."""
        t = translate
        j = self.joint or {}
        out = []
        for reason, n in sorted((j.get("third_party_why") or {}).items(), key=lambda kv: -kv[1]):
            out.append(
                "  "
                + t(N_("no clash or joint operation read ({n}): {reason}")).format(
                    n=n, reason=joint.why_text(reason, t)
                )
            )
        if not j.get("same_side") and not self.overrides_unused:
            return out
        head = t(
            N_(
                "Same-side events (both groups named on one side): {same_side}; read as joint "
                "operations: {joint}; left ambiguous: {ambiguous}"
            )
        ).format(
            same_side=j.get("same_side", 0),
            joint=j.get("joint", 0),
            ambiguous=j.get("ambiguous", 0),
        )
        out.append("  " + head)
        for reason, n in sorted((j.get("ambiguous_why") or {}).items(), key=lambda kv: -kv[1]):
            out.append(
                "    "
                + t(N_("ambiguous {n}: {reason}")).format(n=n, reason=joint.why_text(reason, t))
            )
        if j.get("overrides_applied"):
            out.append(
                "    "
                + t(
                    N_(
                        "analyst overrides applied: {applied} ({changed} changed the plugin's "
                        "reading)"
                    )
                ).format(applied=j["overrides_applied"], changed=j.get("overrides_changed", 0))
            )
        if self.overrides_unused:
            shown = ", ".join(self.overrides_unused[:5])
            more = "" if len(self.overrides_unused) <= 5 else ", ..."
            out.append(
                "    "
                + t(
                    N_("{n} overrides name no same-side event of this file and were ignored: {ids}")
                ).format(n=len(self.overrides_unused), ids=shown + more)
            )
        return out


def columns_used(fmt: str, header: list[str], mapping: dict[str, str] | None = None):
    """The columns the loader for ``fmt`` reads (None: all of them), lower case."""
    header = [str(h).strip().casefold() for h in header]
    if fmt == FORMAT_AUTO:
        fmt = FORMAT_MAPPED if mapping else detect_format(header)
    if fmt == FORMAT_ACLED:
        return ACLED_USED
    if fmt == FORMAT_UCDP:
        return UCDP_USED
    if fmt == FORMAT_MAPPED and mapping:
        return [str(c).strip().casefold() for c in mapping.values() if c]
    return None


def detect_format(columns) -> str:
    cols = {str(c).strip().casefold() for c in columns}
    if {"event_id_cnty", "event_date", "actor1"} <= cols:
        return FORMAT_ACLED
    if {"side_a", "side_b", "date_start"} <= cols:
        return FORMAT_UCDP
    return FORMAT_MAPPED


def _found(frame: pd.DataFrame) -> str:
    """The file's columns (read or not) as written, for error messages."""
    names = frame.attrs.get("header_written") or frame.attrs.get("header") or list(frame.columns)
    return ", ".join(map(str, names[:40]))


def _joined(parts: list, separator: str) -> Message:
    """Messages joined into one (each translated on its own)."""
    fields = {f"p{k}": part for k, part in enumerate(parts)}
    return Message(separator.join(f"{{{name}}}" for name in fields), **fields)


def _require(frame: pd.DataFrame, required: list[str], what: str) -> None:
    missing = [c for c in required if c not in frame.columns]
    not_read = [c for c in missing if c in frame.attrs.get("header", ())]
    if not_read:
        raise RuntimeError(
            f"columns {', '.join(not_read)} were not read from the file (see *_USED)"
        )
    if missing:
        raise IncidentFormatError(
            N_("not a usable {what} table: missing columns {missing}; columns found: {found}"),
            what=Message(what),
            missing=", ".join(missing),
            found=_found(frame) or Message(N_("(none)")),
        )


def _category_text(s: pd.Series) -> np.ndarray:
    """The categories of a category column as str objects (never a fixed-width numpy
    array: its size would be categories x longest value)."""
    cats = s.cat.categories
    if cats.dtype == object:
        return cats.to_numpy(dtype=object)
    return np.array([str(c) for c in cats], dtype=object)


def _col(frame: pd.DataFrame, name: str) -> pd.Series:
    """A column as plain text ("" where missing); an absent column is all "".

    A column that is in the file but was not read is a bug in the *_USED lists:
    refuse it rather than read it as empty.
    """
    if name in frame.columns:
        s = frame[name]
        if isinstance(s.dtype, pd.CategoricalDtype):
            text = np.append(_category_text(s), "")
            return pd.Series(text[s.cat.codes.to_numpy()], index=s.index, dtype=object)
        return s.fillna("").astype(str)
    if name in frame.attrs.get("header", ()):
        raise RuntimeError(f"column {name!r} was not read from the file (see *_USED)")
    return pd.Series([""] * len(frame), index=frame.index, dtype=object)


def _numeric(frame: pd.DataFrame, name: str) -> pd.Series:
    """A column as numbers (NaN where empty or not a number); a category column
    is converted once per distinct value."""
    s = frame[name] if name in frame.columns else None
    if s is not None and isinstance(s.dtype, pd.CategoricalDtype):
        values = np.append(_num(pd.Series(_category_text(s))).to_numpy(float), np.nan)
        return pd.Series(values[s.cat.codes.to_numpy()], index=s.index)
    return _num(_col(frame, name))


def _num(series: pd.Series) -> pd.Series:
    return pd.to_numeric(series, errors="coerce")  # "" and text become NaN


def _counts(frame: pd.DataFrame, name: str | None, label: str, report: ImportReport):
    """Fatalities as nullable integers; every value repaired or left empty counted.
    A column the table does not have gives empty values, not counted row by row."""
    if not name or name not in frame.columns:
        return pd.Series(pd.array([pd.NA] * len(frame), dtype="Int64")).to_numpy()
    return parse_counts(frame[name], label, report.checks).to_numpy()


def _timestamps(frame: pd.DataFrame):
    """ACLED's ``timestamp`` (Unix seconds) as nullable integers; blank or not a whole
    number: empty (the event is then fetched again at the next update)."""
    ts = _numeric(frame, "timestamp")
    return ts.where(ts.notna() & (ts % 1 == 0) & (ts >= 0)).astype("Int64").to_numpy()


def _codes(frame: pd.DataFrame, name: str | None, label: str, high: int, report: ImportReport):
    """Precision codes 1..high; empty or anything else 0 (unknown), the latter counted."""
    if not name or name not in frame.columns:
        return np.zeros(len(frame), dtype=np.int64)
    return parse_codes(frame[name], label, 1, high, report.checks)


def _end_dates(start: pd.Series, end: pd.Series, checks: Checks, report: ImportReport):
    """End dates before the start or after today become the start date (counted)."""
    today = checks.today or pd.Timestamp.today().normalize()
    good = end.notna() & (end >= start) & (end <= today)
    fixed = int((end.notna() & ~good).sum())
    if fixed:
        report.checks[N_END_DATE] += fixed
    return end.where(good, start)


# --- validation shared by all loaders ----------------------------------------


_DECIMAL_COMMA = r"^\s*-?\d{1,3},\d+\s*$"
_COORD_COLUMNS = {"latitude", "longitude", "lat", "lon", "lng", "long", "x", "y"}


def _decimal_commas(raw: pd.DataFrame | None, rows: np.ndarray) -> bool:
    """Whether most coordinate cells of the rows ``rows`` (those without numbers) are
    numbers with a decimal comma, as a European spreadsheet saves them."""
    if raw is None or not len(raw) or not rows.any() or len(raw) != len(rows):
        return False
    for col in raw.columns:
        if str(col).strip().lower() not in _COORD_COLUMNS:
            continue
        cells = raw[col].iloc[np.flatnonzero(rows)[:1000]].astype(str)
        if cells.str.match(_DECIMAL_COMMA).mean() > 0.5:
            return True
    return False


def _validate(out: pd.DataFrame, raw_text: pd.DataFrame | None, report: ImportReport, checks):
    """Rows that can be placed in time and space (the others counted by reason), the
    country check's status of every row and the country names it did not know."""
    keep = np.ones(len(out), dtype=bool)

    def drop(mask: np.ndarray, reason: str) -> None:
        nonlocal keep
        hit = mask & keep
        if hit.any():
            report.skipped[reason] += int(hit.sum())
            keep &= ~hit

    if raw_text is not None and len(raw_text) and not raw_text.attrs.get("utf8_clean"):
        bad = np.zeros(len(out), dtype=bool)
        for col in raw_text.columns:
            s = raw_text[col]
            if s.dtype == object and str(col) not in FREE_TEXT_COLUMNS:
                bad |= s.str.contains("\ufffd", regex=False, na=False).to_numpy()
        drop(bad, R_UTF8)
    lat = out[d.F_LAT].to_numpy(dtype=float)
    lon = out[d.F_LON].to_numpy(dtype=float)
    no_coords = np.isnan(lat) | np.isnan(lon)
    if no_coords.any() and _decimal_commas(raw_text, no_coords & keep):
        report.notes.append(N_DECIMAL_COMMA)
    drop(no_coords, R_COORD)
    countries = out[d.F_COUNTRY].to_numpy(dtype=object)
    # The generated sample is no real place: its hotspots straddle borders on purpose.
    synthetic = out[d.F_SOURCE].to_numpy(dtype=object) == d.SOURCE_SYNTHETIC
    if synthetic.any():
        countries = np.where(synthetic, "", countries)
    shapes = checks.countries or cty.CountryShapes.boxes()
    status, km, unknown = cty.check(lon, lat, countries, shapes, checks.country_km)
    status[synthetic & (status == cty.BLANK)] = cty.SYNTHETIC
    checks.stop_if_canceled()
    # Without a country to check against, only an impossible latitude with a
    # possible one in the longitude column gives a swap away.
    unchecked = np.isin(status, (cty.BLANK, cty.UNKNOWN, cty.SYNTHETIC))
    drop(unchecked & (np.abs(lat) > 90) & (np.abs(lon) <= 90), R_SWAPPED)
    drop(status == cty.SWAPPED, R_SWAPPED)
    drop((np.abs(lat) > 90) | (np.abs(lon) > 180), R_RANGE)
    drop((lat == 0) & (lon == 0), R_ZERO)
    # Rows far from their stated country are kept (zones come from the coordinates; the
    # country only feeds coverage) and flagged: ``N_FAR``, the review table.
    dates = out[d.F_DATE]
    drop(dates.isna().to_numpy(), R_DATE)
    first = FIRST_DATE.get(report.source, FIRST_DATE[d.SOURCE_MAPPED])
    today = checks.today or pd.Timestamp.today().normalize()
    drop(((dates < first) | (dates > today)).to_numpy(), R_DATE_RANGE)
    return keep, status, km, unknown


def _count_unchecked(
    status: np.ndarray, unknown: dict, report: ImportReport, limit_km: float = cty.COUNTRY_KM
) -> None:
    """Count the events kept whose coordinates were let through a check or flagged
    (``status`` of the rows kept)."""
    found = np.bincount(status.astype(np.int64), minlength=cty.SYNTHETIC + 1)
    unknown_note = N_UCDP_COUNTRY if report.source == d.SOURCE_UCDP else N_UNKNOWN_COUNTRY
    for code, note in (
        (cty.NEAR, n_near(limit_km)),
        (cty.FAR, n_far(limit_km)),
        (cty.BLANK, N_BLANK_COUNTRY),
        (cty.SYNTHETIC, N_SYNTHETIC),
        (cty.UNKNOWN, f"{unknown_note} ({', '.join(sorted(unknown)[:10])})"),
    ):
        if found[code]:
            report.checks[note] += int(found[code])


def _finish(
    out: pd.DataFrame,
    raw: pd.DataFrame | None,
    report: ImportReport,
    keep_other: bool,
    checks: Checks,
    reading: joint.Reading | None = None,
):
    # Rows are chosen by position and the frame copied once, at the end (each
    # intermediate copy of a million 22-column rows costs a few tenths of a second).
    checks.stop_if_canceled()
    keep, status, km, unknown = _validate(out, raw, report, checks)
    out[d.F_COUNTRY_KM] = km
    rows = np.flatnonzero(keep)
    ids = out[d.F_EVENT_ID].to_numpy(dtype=object)[rows]
    dup = np.zeros(len(ids), dtype=bool)
    if len(set(ids.tolist())) < len(ids):  # a set is ~4x cheaper than pandas' hash table
        dup = pd.Series(ids, dtype=object).duplicated(keep="first").to_numpy() & (ids != "")
    if dup.any():
        report.skipped[R_DUPLICATE] += int(dup.sum())
        rows = rows[~dup]
    side = out[d.F_SIDE].to_numpy(dtype=object)[rows]
    report.sides = Counter(pd.Series(side, dtype=object).value_counts().to_dict())
    report.coverage = source_coverage(
        out[d.F_COUNTRY].to_numpy(dtype=object)[rows],
        out[d.F_DATE].to_numpy()[rows],
        out[d.F_DATE_END].to_numpy()[rows],
    )
    if not keep_other:
        rows = rows[side != d.SIDE_OTHER]
        report.not_kept = report.sides[d.SIDE_OTHER]
    report.events = len(rows)
    _count_unchecked(status[rows], unknown, report, checks.country_km)
    report.far = int((status[rows] == cty.FAR).sum())
    if report.events == 0:
        # Each reason is a Message: the skip reasons are N_ phrases, read in French too.
        reasons = [
            Message("{n} {reason}", n=n, reason=Message(r)) for r, n in report.skipped.items()
        ]
        hint = (
            Message(" ({note})", note=Message(N_DECIMAL_COMMA))
            if N_DECIMAL_COMMA in report.notes
            else ""
        )
        raise IncidentFormatError(
            N_("no usable event: {n} rows name no actor of the preset; skipped: {reasons}{hint}"),
            n=report.sides[d.SIDE_OTHER],
            reasons=_joined(reasons, "; ") if reasons else Message(N_("no rows")),
            hint=hint,
        )
    if d.F_ACLED_TS not in out.columns:  # sources without ACLED's timestamp
        out[d.F_ACLED_TS] = pd.array([pd.NA] * len(out), dtype="Int64")
    if list(out.columns) != d.INCIDENT_FIELD_NAMES:
        out = out[d.INCIDENT_FIELD_NAMES]
    checks.stop_if_canceled()
    events = out.take(rows).reset_index(drop=True)
    _keep_reading(reading, rows, events, report)
    far = np.flatnonzero(status[rows] == cty.FAR)
    if len(far):
        report.review = pd.concat(
            [report.review, joint.country_review(events, far, checks.country_km)],
            ignore_index=True,
        )
    return events, report


def _keep_reading(reading, rows: np.ndarray, events: pd.DataFrame, report: ImportReport):
    """The same-side events that were kept, renumbered to ``events``' rows: the review
    table, the counts for the log, and the overrides that named no such event."""
    reading = reading or joint.Reading.empty()
    at = np.searchsorted(rows, reading.rows)  # rows are ascending
    kept = np.zeros(len(reading.rows), dtype=bool)
    if len(rows):
        kept = rows[np.minimum(at, len(rows) - 1)] == reading.rows
    reading = reading.take(kept, at[kept])
    report.reading = reading
    report.review = joint.review_frame(events, reading)
    report.joint = joint.summary(reading)


def _either(x: SideMembers, y: SideMembers) -> SideMembers:
    return SideMembers(x.a | y.a, x.b | y.b, x.ambiguous | y.ambiguous, x.one_name | y.one_name)


def _first_listed(cells: pd.Series, separator) -> pd.Series:
    """The first actor of each cell's list (a UCDP GED side's principal)."""
    codes, uniques = pd.factorize(cells.fillna("").astype(str))
    firsts = np.array([separator.split(u)[0].strip() for u in uniques] + [""], dtype=object)
    return pd.Series(firsts[codes], index=cells.index, dtype=object)


@dataclass
class _Third:
    """Events where a group is named only as associate of a third party (the army, a
    militia, civilians): that mention makes no clash and no joint operation."""

    why: np.ndarray  # per event: the review table's reason ("" where none)
    both: np.ndarray  # both groups named only so: ambiguous (neither group acted for sure)


def _third_party(ea, eb, third_a, third_b, name_a, name_b, preset: Preset):
    """Which group mentions to drop (a group named only as associate of a third party
    while the other group acts in the event: the event is the other group's own) and
    why. ``ea``/``eb``: the group is a side's principal (or an associate of its own
    principal); ``third_*``: named, but only as associate of a third party whose name is
    ``name_*``."""
    drop_a, drop_b = third_a & eb, third_b & ea
    both = third_a & third_b
    why = np.full(len(ea), "", dtype=object)

    def who(name) -> str:
        return str(name).strip() or "an unnamed actor"

    for rows, group, names in ((drop_a, preset.group_a, name_a), (drop_b, preset.group_b, name_b)):
        for i in np.flatnonzero(rows):
            why[i] = joint.WHY_THIRD.format(group, who(names[i]))
    for i in np.flatnonzero(both):
        why[i] = (
            f"{joint.WHY_THIRD.format(preset.group_a, who(name_a[i]))}; "
            f"{joint.WHY_THIRD.format(preset.group_b, who(name_b[i]))}"
        )
    return drop_a, drop_b, _Third(why, both)


def _third_party_dyadic(s1, p1, s2, p2, principal1, principal2, preset: Preset):
    """Both sides of each row (``s*``: every actor column, ``p*``: the principal only):
    the sides with the third parties' associates dropped, and ``_Third``."""
    own1, own2 = p1.a | p1.b, p2.a | p2.b
    t1a, t2a, t1b, t2b = s1.a & ~own1, s2.a & ~own2, s1.b & ~own1, s2.b & ~own2
    if not (t1a | t2a | t1b | t2b).any():
        return s1, s2, None
    ea, eb = (s1.a & own1) | (s2.a & own2), (s1.b & own1) | (s2.b & own2)
    p1n, p2n = np.asarray(principal1, dtype=object), np.asarray(principal2, dtype=object)
    name_a, name_b = np.where(t1a, p1n, p2n), np.where(t1b, p1n, p2n)
    drop_a, drop_b, third = _third_party(
        ea, eb, (t1a | t2a) & ~ea, (t1b | t2b) & ~eb, name_a, name_b, preset
    )
    s1 = s1._replace(a=s1.a & ~drop_a, b=s1.b & ~drop_b)
    s2 = s2._replace(a=s2.a & ~drop_a, b=s2.b & ~drop_b)
    return s1, s2, third


def _apply_third(side, same_side, structural, third: _Third | None):
    """Both groups named only as associates of third parties: never a clash (ambiguous,
    in the review table) and never a joint operation (ambiguous whatever the notes)."""
    if third is None or not third.both.any():
        return side
    structural[third.both & same_side] = third.why[third.both & same_side]
    side = side.copy()
    side[third.both & ~same_side & (side == d.SIDE_CLASH)] = d.SIDE_AMBIGUOUS
    return side


def _sides(s1: SideMembers, s2: SideMembers, preset: Preset):
    """Side code, display group and clash flag from the two sides' memberships, and the
    same-side events (both groups named on one side) with what keeps each ambiguous
    whatever its notes say ("" where only the notes can tell; ``core.joint``)."""
    pair1, pair2 = s1.a & s1.b, s2.a & s2.b
    same_side = pair1 | pair2
    clash = ~same_side & ((s1.a & s2.b) | (s1.b & s2.a))
    has_a = s1.a | s2.a
    has_b = s1.b | s2.b
    side = np.full(len(has_a), d.SIDE_OTHER, dtype=object)
    side[(s1.ambiguous | s2.ambiguous)] = d.SIDE_AMBIGUOUS
    side[has_a & ~has_b] = d.SIDE_A
    side[has_b & ~has_a] = d.SIDE_B
    side[same_side] = d.SIDE_AMBIGUOUS  # until the notes are read (core.joint)
    side[clash] = d.SIDE_CLASH
    structural = np.full(len(has_a), "", dtype=object)
    one_name = (pair1 & s1.one_name) | (pair2 & s2.one_name)
    structural[same_side & one_name] = joint.WHY_ONE_NAME
    structural[same_side & (s1.ambiguous | s2.ambiguous)] = joint.WHY_AND_OR
    other = np.where(pair1, s2.a | s2.b, s1.a | s1.b)
    structural[same_side & other] = joint.WHY_BOTH_SIDES
    return side, _group_names(side, preset), clash.astype(int), same_side, structural


def _group_names(side: np.ndarray, preset: Preset) -> np.ndarray:
    names = {
        d.SIDE_A: preset.group_a,
        d.SIDE_B: preset.group_b,
        d.SIDE_CLASH: f"{preset.group_a} vs {preset.group_b}",
        d.SIDE_JOINT: f"{preset.group_a} + {preset.group_b}",
        d.SIDE_AMBIGUOUS: "ambiguous",
        d.SIDE_OTHER: "other",
    }
    return pd.Series(side).map(names).to_numpy(dtype=object)


def _text_at(frame: pd.DataFrame, name: str | None, rows: np.ndarray) -> list[str] | None:
    """The text of column ``name`` at positions ``rows`` only (None: no such column):
    notes are long, and only the same-side events' are read."""
    if not name or name not in frame.columns:
        return None
    values = frame[name].iloc[rows]
    return ["" if pd.isna(v) else str(v) for v in values]


def _read_joint(
    side, same_side, structural, base, notes_col, ids, rules, notes_kind, preset, third=None
):
    """Same-side events read as joint or left ambiguous (``core.joint``), and the events
    with a group named only as associate of a third party (``third``), the analyst's
    overrides applied: the sides and groups updated, the reading, and the overrides that
    name no such event."""
    rules = rules or joint.default_rules()
    notes = _text_at(base, notes_col, np.flatnonzero(same_side))
    if notes is None and notes_kind == joint.NOTES_READ:
        notes_kind = joint.NOTES_NONE
    reading = joint.read_same_side(same_side, structural, notes, ids, rules, notes_kind)
    if third is not None:
        rows = np.flatnonzero((third.why != "") & ~same_side)
        reading = joint.add_third_party(reading, rows, side[rows], third.why[rows], ids, rules)
    if len(reading.rows):
        side = side.copy()
        side[reading.rows] = reading.final
    named = {str(i) for i in np.asarray(ids, dtype=object)[reading.rows]}
    unused = sorted(k for k in rules.overrides if k not in named)
    return side, _group_names(side, preset), reading, unused


# --- ACLED ----------------------------------------------------------------------


def _collapse_actor_based(
    ids: np.ndarray, rows: SideMembers, own=None, actors=None, preset: Preset | None = None
):
    """ACLED's actor-based layout repeats an event once per actor (one row per side).

    Returns, per distinct event id (in first-seen order of codes): the row to keep, the
    row of the other party (-1 if none), and the event's two sides. A row naming both
    groups (actor and associate actor) is side 1, the groups of the other rows side 2;
    otherwise A's rows are side 1 and B's side 2, so that a row for A and another row
    for B under one id is a clash between them.

    ``own``: per row, its actor is one of the two groups; a group named on a row whose
    actor (in ``actors``) is a third party is dropped where the other group acts in the
    event (``_Third``, returned fifth; None when no row names one so).
    """
    codes, _ = pd.factorize(ids)
    # A row without an id is an event of its own, never merged with other blank rows.
    blank = np.flatnonzero(pd.Series(ids).fillna("").astype(str).str.strip().to_numpy() == "")
    if len(blank):
        codes = codes.copy()
        codes[blank] = codes.max() + 1 + np.arange(len(blank))
        codes = pd.factorize(codes)[0]
    pair_row = rows.a & rows.b
    a_row, b_row = rows.a & ~rows.b, rows.b & ~rows.a
    n = int(codes.max()) + 1 if len(codes) else 0
    if n == 0:  # no row at all
        none = np.zeros(0, dtype=bool)
        empty = SideMembers(none, none, none, none)
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), empty, empty, None

    def any_row(mask):
        return np.bincount(codes, weights=mask, minlength=n) > 0

    third = None
    if own is not None and ((rows.a | rows.b) & ~own).any():
        ta_row, tb_row = rows.a & ~own, rows.b & ~own
        ea, eb = any_row(rows.a & own), any_row(rows.b & own)
        name_a = np.full(n, "", dtype=object)
        name_b = np.full(n, "", dtype=object)
        names = np.asarray(actors, dtype=object)
        for mask, out in ((ta_row, name_a), (tb_row, name_b)):
            at = np.flatnonzero(mask)[::-1]  # the first such row of an event written last
            out[codes[at]] = names[at]
        drop_a, drop_b, third = _third_party(
            ea, eb, any_row(ta_row) & ~ea, any_row(tb_row) & ~eb, name_a, name_b, preset
        )
        rows = rows._replace(a=rows.a & ~drop_a[codes], b=rows.b & ~drop_b[codes])
        pair_row = rows.a & rows.b
        a_row, b_row = rows.a & ~rows.b, rows.b & ~rows.a

    ev_a, ev_b, ev_m = any_row(a_row), any_row(b_row), any_row(rows.ambiguous)
    n_pair = np.bincount(codes, weights=pair_row, minlength=n)
    ev_pair, two_pairs = n_pair > 0, n_pair > 1
    # Within an event: a row naming both groups first, then rows of one group, then
    # ambiguous ones, then others.
    rank = np.select([pair_row, a_row | b_row, rows.ambiguous], [0, 1, 2], 3)
    order = np.lexsort((np.arange(len(codes)), rank, codes))
    sorted_codes = codes[order]
    starts = np.flatnonzero(np.r_[True, sorted_codes[1:] != sorted_codes[:-1]])
    first = order[starts]
    nxt = starts + 1
    has_second = nxt < len(order)
    has_second[has_second] = sorted_codes[nxt[has_second]] == sorted_codes[starts[has_second]]
    second = np.full(n, -1, dtype=np.int64)
    second[has_second] = order[nxt[has_second]]
    none = np.zeros(n, dtype=bool)
    side1 = SideMembers(ev_a | ev_pair, ev_pair, ev_m, any_row(pair_row & rows.one_name))
    side2 = SideMembers(
        ev_pair & (ev_a | two_pairs), np.where(ev_pair, ev_b | two_pairs, ev_b), none, none
    )
    return first, second, side1, side2, third


def load_acled(
    frame: pd.DataFrame,
    preset: Preset,
    include_affiliates=True,
    keep_other=False,
    report=None,
    checks: Checks | None = None,
    rules: joint.Rules | None = None,
):
    """ACLED export, dyadic (actor1/actor2) or actor-based (one row per actor).

    Both groups on one side (actor and associate actor): joint or ambiguous, read from
    the notes by ``rules`` (``core.joint``; default: the plugin's patterns)."""
    report = report or ImportReport()
    checks = checks or Checks()
    _require(frame, ACLED_REQUIRED, "ACLED")
    report.source, report.rows_read = d.SOURCE_ACLED, report.rows_read or len(frame)
    report.group_a, report.group_b = preset.group_a, preset.group_b
    aliases = preset.active_aliases("acled", include_affiliates)
    dates = parse_dates(_col(frame, "event_date"))
    checks.stop_if_canceled()
    # The principal actor apart from its associates: a group counts in a clash or a joint
    # operation only as a side's principal or an associate of its own principal.
    actor1 = _col(frame, "actor1")
    p1 = side_membership([actor1], dates, aliases, is_canceled=checks.is_canceled)
    s1 = _either(
        p1,
        side_membership(
            [_col(frame, "assoc_actor_1")], dates, aliases, is_canceled=checks.is_canceled
        ),
    )
    checks.stop_if_canceled()
    third = None
    if "actor2" in frame.columns:
        report.layout = "dyadic"
        actor2, assoc2 = _col(frame, "actor2"), _col(frame, "assoc_actor_2")
        p2 = side_membership([actor2], dates, aliases, is_canceled=checks.is_canceled)
        s2 = _either(p2, side_membership([assoc2], dates, aliases, is_canceled=checks.is_canceled))
        s1, s2, third = _third_party_dyadic(s1, p1, s2, p2, actor1, actor2, preset)
        base = frame
    else:
        report.layout = "actor-based"
        first, second, s1, s2, third = _collapse_actor_based(
            _col(frame, "event_id_cnty").to_numpy(), s1, p1.a | p1.b, actor1, preset
        )
        base = frame.iloc[first].reset_index(drop=True)
        dates = dates.iloc[first].reset_index(drop=True)
        # The other party of a two-actor event comes from its second row.
        has2 = second >= 0
        actor2 = np.full(len(base), "", dtype=object)
        assoc2 = np.full(len(base), "", dtype=object)
        actor2[has2] = _col(frame, "actor1").to_numpy()[second[has2]]
        assoc2[has2] = _col(frame, "assoc_actor_1").to_numpy()[second[has2]]
        report.merged = len(frame) - len(base)
    side, _group, clash, same_side, structural = _sides(s1, s2, preset)
    side = _apply_third(side, same_side, structural, third)
    ids = _col(base, "event_id_cnty").to_numpy()
    side, group, reading, report.overrides_unused = _read_joint(
        side, same_side, structural, base, "notes", ids, rules, joint.NOTES_READ, preset, third
    )
    clash = (side == d.SIDE_CLASH).astype(int)  # an override may restore a clash
    checks.stop_if_canceled()
    out = pd.DataFrame(
        {
            d.F_EVENT_ID: ids,
            d.F_DATE: dates.to_numpy(),
            d.F_DATE_END: dates.to_numpy(),
            d.F_GROUP: group,
            d.F_SIDE: side,
            d.F_CLASH: clash,
            d.F_ACTOR1: _col(base, "actor1").to_numpy(),
            d.F_ASSOC1: _col(base, "assoc_actor_1").to_numpy(),
            d.F_ACTOR2: np.asarray(actor2, dtype=object),
            d.F_ASSOC2: np.asarray(assoc2, dtype=object),
            d.F_EVENT_TYPE: _col(base, "event_type").to_numpy(),
            d.F_SUB_TYPE: _col(base, "sub_event_type").to_numpy(),
            d.F_FATALITIES: _counts(base, "fatalities", "fatalities", report),
            d.F_COUNTRY: _col(base, "country").to_numpy(),
            d.F_ADMIN1: _col(base, "admin1").to_numpy(),
            d.F_ADMIN2: _col(base, "admin2").to_numpy(),
            d.F_LOCATION: _col(base, "location").to_numpy(),
            d.F_GEO_PREC: _codes(base, "geo_precision", "geo_precision", 3, report),
            d.F_TIME_PREC: _codes(base, "time_precision", "time_precision", 3, report),
            d.F_SOURCE: np.where(
                _col(base, "source_scale").str.casefold().to_numpy() == "synthetic",
                d.SOURCE_SYNTHETIC,
                d.SOURCE_ACLED,
            ),
            d.F_LAT: _numeric(base, "latitude").to_numpy(),
            d.F_LON: _numeric(base, "longitude").to_numpy(),
            d.F_ACLED_TS: _timestamps(base),
        },
        copy=False,
    )
    return _finish(out, base, report, keep_other, checks, reading)


# --- UCDP GED -----------------------------------------------------------------


def load_ucdp(
    frame: pd.DataFrame,
    preset: Preset,
    include_affiliates=True,
    keep_other=False,
    report=None,
    checks: Checks | None = None,
    rules: joint.Rules | None = None,
):
    """UCDP GED event CSV: side_a/side_b dyads; a type-2 event between the groups is a clash.

    A side lists its actors separated by commas: both groups in one side's list (and
    neither on the other) is a joint operation, UCDP's own coding (GED has no notes);
    the analyst's overrides in ``rules`` apply."""
    report = report or ImportReport()
    checks = checks or Checks()
    _require(frame, UCDP_REQUIRED, "UCDP GED")
    report.source, report.layout = d.SOURCE_UCDP, "GED"
    report.rows_read = report.rows_read or len(frame)
    report.group_a, report.group_b = preset.group_a, preset.group_b
    aliases = preset.active_aliases("ucdp", include_affiliates)
    start = parse_dates(_col(frame, "date_start"))
    end = parse_dates(_col(frame, "date_end")) if "date_end" in frame.columns else start
    end = _end_dates(start, end, checks, report)
    checks.stop_if_canceled()
    # A side's first listed actor is its principal, the others its associates.
    side_a, side_b = _col(frame, "side_a"), _col(frame, "side_b")
    principal_a, principal_b = _first_listed(side_a, LIST_UCDP), _first_listed(side_b, LIST_UCDP)
    s1 = side_membership([side_a], start, aliases, LIST_UCDP, checks.is_canceled)
    s2 = side_membership([side_b], start, aliases, LIST_UCDP, checks.is_canceled)
    p1 = side_membership([principal_a], start, aliases, LIST_UCDP, checks.is_canceled)
    p2 = side_membership([principal_b], start, aliases, LIST_UCDP, checks.is_canceled)
    s1, s2, third = _third_party_dyadic(s1, p1, s2, p2, principal_a, principal_b, preset)
    checks.stop_if_canceled()
    tov = _numeric(frame, "type_of_violence").to_numpy()
    side, _group, clash, same_side, structural = _sides(s1, s2, preset)
    side = _apply_third(side, same_side, structural, third)
    # Only non-state (type 2) events between the two groups are fights between them.
    side[(side == d.SIDE_CLASH) & (tov != 2)] = d.SIDE_AMBIGUOUS
    ids = _col(frame, "id").to_numpy()
    side, group, reading, report.overrides_unused = _read_joint(
        side, same_side, structural, frame, None, ids, rules, joint.NOTES_GED, preset, third
    )
    clash = (side == d.SIDE_CLASH).astype(int)
    violence = {1: "State-based conflict", 2: "Non-state conflict", 3: "One-sided violence"}
    out = pd.DataFrame(
        {
            d.F_EVENT_ID: ids,
            d.F_DATE: start.to_numpy(),
            d.F_DATE_END: end.to_numpy(),
            d.F_GROUP: group,
            d.F_SIDE: side,
            d.F_CLASH: clash,
            d.F_ACTOR1: _col(frame, "side_a").to_numpy(),
            d.F_ASSOC1: "",
            d.F_ACTOR2: _col(frame, "side_b").to_numpy(),
            d.F_ASSOC2: "",
            d.F_EVENT_TYPE: pd.Series(tov).map(violence).fillna("").to_numpy(),
            d.F_SUB_TYPE: _col(frame, "dyad_name").to_numpy(),
            d.F_FATALITIES: _counts(frame, "best", "best (fatalities)", report),
            d.F_COUNTRY: _col(frame, "country").to_numpy(),
            d.F_ADMIN1: _col(frame, "adm_1").to_numpy(),
            d.F_ADMIN2: _col(frame, "adm_2").to_numpy(),
            d.F_LOCATION: _col(frame, "where_coordinates").to_numpy(),
            d.F_GEO_PREC: _codes(frame, "where_prec", "where_prec", 7, report),
            d.F_TIME_PREC: _codes(frame, "date_prec", "date_prec", 5, report),
            d.F_SOURCE: d.SOURCE_UCDP,
            d.F_LAT: _numeric(frame, "latitude").to_numpy(),
            d.F_LON: _numeric(frame, "longitude").to_numpy(),
        },
        copy=False,
    )
    return _finish(out, frame, report, keep_other, checks, reading)


# --- user mapping ---------------------------------------------------------------


def load_mapped(
    frame: pd.DataFrame,
    preset: Preset,
    mapping: dict[str, str],
    include_affiliates=True,
    keep_other=False,
    report=None,
    checks: Checks | None = None,
    rules: joint.Rules | None = None,
):
    """Any table: ``mapping`` maps schema fields (definitions.F_*) to its columns
    (names matched without regard to case). ``definitions.F_NOTES`` may map the notes
    (without them, both groups on one side stay ambiguous).

    Actor columns are matched with the preset's ACLED names (the most complete
    list), then UCDP names.
    """
    report = report or ImportReport()
    checks = checks or Checks()
    mapping = {k: str(v).strip().casefold() for k, v in mapping.items() if v}
    missing = [f for f in MAPPED_REQUIRED if not mapping.get(f)]
    if missing:
        # Say which of them the file does have under that very name: only the mapping
        # lacks them ("needs a column for: event_date; columns found: event_date" read
        # as a contradiction).
        present = {str(c).strip().casefold() for c in frame.attrs.get("header") or frame.columns}
        there = [f for f in missing if f.casefold() in present]
        raise IncidentFormatError(
            N_(
                "a mapped import needs a column mapped to each of: {missing}{there}; columns found: {found}"
            ),
            missing=", ".join(missing),
            there=Message(
                N_(
                    " (the file has columns named {there}, but the field mapping "
                    "does not name them: map them too, or leave the whole mapping empty to "
                    "read an ACLED or UCDP file by its header)"
                ),
                there=", ".join(there),
            )
            if there
            else "",
            found=_found(frame),
        )
    _require(frame, [c for c in mapping.values() if c], N_("mapped"))
    report.source, report.layout = d.SOURCE_MAPPED, "mapped"
    report.rows_read = report.rows_read or len(frame)
    report.group_a, report.group_b = preset.group_a, preset.group_b
    aliases = preset.active_aliases("acled", include_affiliates) + preset.active_aliases(
        "ucdp", include_affiliates
    )

    def col(f):
        return _col(frame, mapping[f]) if mapping.get(f) else _col(frame, "\0missing")

    def num(f):
        return _numeric(frame, mapping[f]) if mapping.get(f) else _num(col(f))

    dates = parse_dates(col(d.F_DATE))
    end = parse_dates(col(d.F_DATE_END)) if mapping.get(d.F_DATE_END) else dates
    end = _end_dates(dates, end, checks, report)
    checks.stop_if_canceled()
    p1 = side_membership([col(d.F_ACTOR1)], dates, aliases, is_canceled=checks.is_canceled)
    p2 = side_membership([col(d.F_ACTOR2)], dates, aliases, is_canceled=checks.is_canceled)
    s1 = _either(
        p1, side_membership([col(d.F_ASSOC1)], dates, aliases, is_canceled=checks.is_canceled)
    )
    s2 = _either(
        p2, side_membership([col(d.F_ASSOC2)], dates, aliases, is_canceled=checks.is_canceled)
    )
    s1, s2, third = _third_party_dyadic(s1, p1, s2, p2, col(d.F_ACTOR1), col(d.F_ACTOR2), preset)
    checks.stop_if_canceled()
    side, _group, clash, same_side, structural = _sides(s1, s2, preset)
    side = _apply_third(side, same_side, structural, third)
    ids = col(d.F_EVENT_ID)
    if not mapping.get(d.F_EVENT_ID):
        ids = pd.Series([f"row{i + 1}" for i in range(len(frame))], dtype=object)
    side, group, reading, report.overrides_unused = _read_joint(
        side, same_side, structural, frame, mapping.get(d.F_NOTES), ids.to_numpy(), rules,
        joint.NOTES_READ, preset, third,
    )  # fmt: skip
    clash = (side == d.SIDE_CLASH).astype(int)
    out = pd.DataFrame(
        {
            d.F_EVENT_ID: ids.to_numpy(),
            d.F_DATE: dates.to_numpy(),
            d.F_DATE_END: end.to_numpy(),
            d.F_GROUP: group,
            d.F_SIDE: side,
            d.F_CLASH: clash,
            d.F_ACTOR1: col(d.F_ACTOR1).to_numpy(),
            d.F_ASSOC1: col(d.F_ASSOC1).to_numpy(),
            d.F_ACTOR2: col(d.F_ACTOR2).to_numpy(),
            d.F_ASSOC2: col(d.F_ASSOC2).to_numpy(),
            d.F_EVENT_TYPE: col(d.F_EVENT_TYPE).to_numpy(),
            d.F_SUB_TYPE: col(d.F_SUB_TYPE).to_numpy(),
            d.F_FATALITIES: _counts(frame, mapping.get(d.F_FATALITIES), "fatalities", report),
            d.F_COUNTRY: col(d.F_COUNTRY).to_numpy(),
            d.F_ADMIN1: col(d.F_ADMIN1).to_numpy(),
            d.F_ADMIN2: col(d.F_ADMIN2).to_numpy(),
            d.F_LOCATION: col(d.F_LOCATION).to_numpy(),
            d.F_GEO_PREC: _codes(frame, mapping.get(d.F_GEO_PREC), "geo_precision", 7, report),
            d.F_TIME_PREC: _codes(frame, mapping.get(d.F_TIME_PREC), "time_precision", 5, report),
            d.F_SOURCE: d.SOURCE_MAPPED,
            d.F_LAT: num(d.F_LAT).to_numpy(),
            d.F_LON: num(d.F_LON).to_numpy(),
        },
        copy=False,
    )
    return _finish(out, frame, report, keep_other, checks, reading)


def load_frame(
    frame: pd.DataFrame,
    preset: Preset,
    fmt: str = FORMAT_AUTO,
    mapping: dict[str, str] | None = None,
    include_affiliates: bool = True,
    keep_other: bool = False,
    report: ImportReport | None = None,
    checks: Checks | None = None,
    rules: joint.Rules | None = None,
):
    """Dispatch on ``fmt`` (auto-detected from the header when 'auto'). ``rules``: how
    same-side events are read (``core.joint``; default: the plugin's patterns, no
    override).

    Column names are matched without regard to case (older ACLED exports
    spell them in capitals).
    """
    if any(str(c) != str(c).strip().casefold() for c in frame.columns):
        attrs = dict(frame.attrs)
        frame = frame.rename(columns=lambda c: str(c).strip().casefold())
        frame.attrs.update(attrs)
        frame.attrs.setdefault("header_written", list(attrs.get("header") or []))
    header = frame.attrs.get("header") or list(frame.columns)  # all columns, read or not
    header = [str(h).strip().casefold() for h in header]
    frame.attrs["header"] = header
    if len(header) <= 1:
        raise IncidentFormatError(
            N_("the table has a single column: wrong delimiter or not a table? header: {header}"),
            header=_found(frame),
        )
    if report is not None:
        report.notes = list(frame.attrs.get("notes") or [])
    if fmt == FORMAT_AUTO:
        fmt = FORMAT_MAPPED if mapping else detect_format(header)
    if fmt == FORMAT_ACLED:
        return load_acled(frame, preset, include_affiliates, keep_other, report, checks, rules)
    if fmt == FORMAT_UCDP:
        return load_ucdp(frame, preset, include_affiliates, keep_other, report, checks, rules)
    if not mapping:
        raise IncidentFormatError(
            N_(
                "the header is neither ACLED (event_id_cnty, event_date, actor1, ...) nor UCDP "
                "GED (side_a, side_b, date_start, ...); choose the 'mapped' format and map the "
                "fields. Columns found: {found}"
            ),
            found=_found(frame),
        )
    return load_mapped(
        frame, preset, mapping, include_affiliates, keep_other, report, checks, rules
    )


def load_file(
    path,
    preset: Preset,
    fmt=FORMAT_AUTO,
    mapping=None,
    include_affiliates=True,
    keep_other=False,
    checks: Checks | None = None,
    progress: Callable[[float], None] | None = None,
    rules: joint.Rules | None = None,
):
    """Read a CSV export and return (incidents, report). Never modifies the file.

    ``checks``: the country outlines to check points against and the cancel
    poll (raises ``Canceled``); ``progress`` gets the fraction of the file read.
    """
    mapping = mapping or None
    checks = checks or Checks()
    frame, skipped = read_table(
        path, columns_used(fmt, read_header(path), mapping), checks.is_canceled, progress
    )
    report = ImportReport(skipped=skipped)
    report.rows_read = len(frame) + sum(skipped.values())
    return load_frame(
        frame, preset, fmt, mapping, include_affiliates, keep_other, report, checks, rules
    )
