"""Read ACLED, UCDP GED or user-mapped incident tables into the standard schema.

Every loader returns a pandas DataFrame with the columns of
``definitions.INCIDENT_FIELDS`` (one row per event) and an ``ImportReport``
that counts events per side and every skipped row by reason. Nothing is
dropped silently; a file with no usable row is an error, not an empty table.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import warnings
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .. import definitions as d
from .coverage import source_coverage
from .dates import parse_dates
from .presets import Preset, side_membership

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
# Columns with (nearly) one value per row stay plain text; the others are parsed
# as categories: one string per distinct value instead of one per row.
_UNIQUE_COLUMNS = {"event_id_cnty", "id", "latitude", "longitude", "data_id", "notes"}
# Fields a user mapping must provide (the others are optional).
MAPPED_REQUIRED = [d.F_DATE, d.F_ACTOR1, d.F_LAT, d.F_LON]

# Skip reasons, worded for the algorithm log.
R_DATE = "date missing or not understood"
R_COORD = "coordinates missing or not numbers"
R_RANGE = "coordinates out of range"
R_SWAPPED = "latitude and longitude swapped"
R_UTF8 = "text is not valid UTF-8"
R_DUPLICATE = "duplicate event id"
R_BADLINE = "line with the wrong number of fields"
R_NOT_PRESET = "no actor of the preset (not kept)"

# Rough country boxes (lon_min, lat_min, lon_max, lat_max) to spot swapped pairs.
COUNTRY_BOXES = {
    "Mali": (-12.3, 10.1, 4.3, 25.1),
    "Burkina Faso": (-5.6, 9.4, 2.5, 15.1),
    "Niger": (0.1, 11.6, 16.0, 23.6),
    "Nigeria": (2.6, 4.2, 14.7, 13.9),
    "Chad": (13.4, 7.4, 24.0, 23.5),
    "Cameroon": (8.4, 1.6, 16.2, 13.1),
    "Mauritania": (-17.1, 14.7, -4.8, 27.3),
}


class IncidentFormatError(ValueError):
    """The input cannot be read as incidents; the message says why."""


@dataclass
class ImportReport:
    source: str = ""
    layout: str = ""  # "dyadic", "actor-based", "GED", "mapped"
    rows_read: int = 0
    events: int = 0
    sides: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)
    group_a: str = ""
    group_b: str = ""
    # Per country, the first and last day of the valid rows, other actors included
    # (what the source covers; core.coverage, read by scoring).
    coverage: dict = field(default_factory=dict)

    def lines(self) -> list[str]:
        out = [
            f"Read {self.rows_read} rows as {self.source} ({self.layout}); kept {self.events} events.",
            (
                f"  {self.group_a}: {self.sides[d.SIDE_A]}, {self.group_b}: {self.sides[d.SIDE_B]}, "
                f"clashes between them: {self.sides[d.SIDE_CLASH]}, "
                f"ambiguous (never counted): {self.sides[d.SIDE_AMBIGUOUS]}, "
                f"other actors: {self.sides[d.SIDE_OTHER]}"
            ),
        ]
        for reason, n in sorted(self.skipped.items(), key=lambda kv: -kv[1]):
            out.append(f"  skipped {n}: {reason}")
        return out


# --- reading text -------------------------------------------------------------


def _sniff_delimiter(header: str) -> str:
    counts = {sep: header.count(sep) for sep in (",", ";", "\t", "|")}
    return max(counts, key=counts.get) if max(counts.values()) > 0 else ","


def read_header(path: str | Path) -> list[str]:
    """The column names of a delimited text file (first line), stripped."""
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as fh:
        header = fh.readline().rstrip("\r\n")
    sep = _sniff_delimiter(header)
    return [h.strip().strip('"') for h in header.split(sep)]


def columns_used(fmt: str, header: list[str], mapping: dict[str, str] | None = None):
    """The columns the loader for ``fmt`` reads (None: all of them)."""
    if fmt == FORMAT_AUTO:
        fmt = FORMAT_MAPPED if mapping else detect_format(header)
    if fmt == FORMAT_ACLED:
        return ACLED_USED
    if fmt == FORMAT_UCDP:
        return UCDP_USED
    if fmt == FORMAT_MAPPED and mapping:
        return [c for c in mapping.values() if c]
    return None


def _is_utf8(data: bytes) -> bool:
    if data.isascii():
        return True
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    step = 1 << 24
    try:
        for start in range(0, len(data), step):  # in slices: no second copy of the file
            decoder.decode(data[start : start + step], final=start + step >= len(data))
    except UnicodeDecodeError:
        return False
    return True


def _records_simple(data: bytes, sep: str, n_fields: int, step: int = 1 << 24) -> int | None:
    """Number of non-blank records if no record has more than ``n_fields`` fields
    and every quote sits where RFC 4180 puts it; None otherwise.

    Quotes are tracked by parity (a doubled quote toggles twice), which is what
    pandas does for well-formed files only: any quote not at a field's edge
    (``ab"cd``) or any record longer than the header sends the caller to the
    full parse, where pandas itself counts the bad lines. Works on slices of
    the file without listing every separator (30 million in a 1M-row ACLED
    export): separators are summed between consecutive quotes and line ends.
    """
    buf = np.frombuffer(data, dtype=np.uint8)
    quote, nl, cr, delim = ord('"'), ord("\n"), ord("\r"), ord(sep)
    records = 0
    pending = 0  # separators outside quotes since the last record end
    inside = 0  # quote parity carried over from the previous slice
    at_record_start = True  # the previous slice ended a record (for blank lines)
    for start in range(0, len(buf), step):
        c = buf[start : start + step]
        # Cut the slice before each quote and line end; piece i starts at cut i-1.
        cuts = np.flatnonzero((c == quote) | (c == nl))
        is_quote = c[cuts] == quote
        piece_inside = (np.cumsum(np.r_[False, is_quote]) + inside) & 1
        inside = int(piece_inside[-1])
        if is_quote.any():
            # A quote that opens a field must start it (or reopen after a quote: ""),
            # one that closes it must end it; pandas reads any other quote as text.
            g = start + cuts[is_quote]
            opens = piece_inside[1:][is_quote] == 1
            prev = np.where(g > 0, buf[np.maximum(g - 1, 0)], nl)
            nxt = np.where(g + 1 < len(buf), buf[np.minimum(g + 1, len(buf) - 1)], nl)
            edge = np.where(
                opens, np.isin(prev, [delim, nl, quote]), np.isin(nxt, [delim, nl, cr, quote])
            )
            if not edge.all():
                return None
        # Separators per piece (a cut byte is never a separator, so reduceat's
        # value for an empty piece at 0 is 0 too).
        counts = np.add.reduceat((c == delim).view(np.uint8), np.r_[0, cuts], dtype=np.int32)
        counts[piece_inside == 1] = 0
        # A line end outside quotes ends a record; its separators are in pieces 0..j.
        ends_record = ~is_quote & (piece_inside[1:] == 0)
        cum = np.cumsum(counts, dtype=np.int64)
        if ends_record.any():
            at_end = cum[:-1][ends_record]
            fields = np.diff(np.r_[0, at_end]) + 1
            fields[0] += pending
            if (fields > n_fields).any():
                return None
            ends = cuts[ends_record]
            length = ends - np.r_[-1, ends[:-1]] - 1
            blank = (length == 0) | ((length == 1) & (c[np.maximum(ends - 1, 0)] == cr))
            if not at_record_start:
                blank[0] = False  # the line began in the previous slice
            records += int((~blank).sum())
            pending = int(cum[-1] - at_end[-1])
            at_record_start = bool(ends[-1] == len(c) - 1)
        else:
            pending += int(cum[-1])
            at_record_start = False
    if inside:
        return None
    if buf.size and buf[-1] != nl:
        if pending + 1 > n_fields:
            return None
        records += 1
    return records


def read_table(path: str | Path, columns=None) -> tuple[pd.DataFrame, Counter]:
    """Read a delimited text file as strings; count lines that had to be skipped.

    ``columns``: names to read (others are not parsed; names missing from the
    file are ignored), or None for all. UTF-8 with or without BOM. In a file
    that is not valid UTF-8, the bad bytes become U+FFFD so the rows holding
    them can be counted and skipped later. Values are str, or categories of
    str for the columns that repeat (``_col`` turns either into plain text).
    """
    path = Path(path)
    if not path.exists():
        raise IncidentFormatError(f"file not found: {path}")
    data = path.read_bytes()
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    if not data.strip():
        raise IncidentFormatError(f"{path.name} is empty")
    header = data.split(b"\n", 1)[0].decode("utf-8", "replace").rstrip("\r")
    sep = _sniff_delimiter(header)
    names = [h.strip().strip('"') for h in header.split(sep)]
    valid = _is_utf8(data)
    if valid:
        # The header as pandas reads it (quoted names may hold the delimiter).
        try:
            raw = pd.read_csv(io.BytesIO(data), sep=sep, nrows=0, dtype=str).columns
        except pd.errors.ParserError:
            raw = None
        if raw is not None:
            wanted = None if columns is None else set(columns)
            # The pre-scan runs beside the parse (both release the GIL for most of
            # their work: 1 s less at a million rows); its verdict decides after.
            with ThreadPoolExecutor(max_workers=1) as pool:
                scan = pool.submit(_records_simple, data, sep, len(raw))
                try:
                    frame = _read_fast(data, sep, raw, wanted)
                except pd.errors.ParserError:
                    frame = None  # pandas judges below
                records = scan.result()
            if records is not None and frame is not None and len(frame) + 1 == records:
                return _named(frame, [str(c).strip() for c in raw], clean=True), Counter()
            frame = None
    # Text that is not UTF-8, or lines pandas must judge: parse everything, let
    # pandas report each bad line, and keep all columns for the U+FFFD check.
    text = data.decode("utf-8", errors="replace")
    del data
    clean = valid or "\ufffd" not in text
    skipped: Counter = Counter()
    err = io.StringIO()
    with contextlib.redirect_stderr(err), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frame = pd.read_csv(
            io.StringIO(text),
            sep=sep,
            dtype=str,
            keep_default_na=False,
            on_bad_lines="warn",
            skipinitialspace=False,
        )
    # pandas 1.5 writes "Skipping line N" to stderr, pandas 2 emits ParserWarnings.
    bad = err.getvalue().count("Skipping line") + sum(
        str(w.message).count("Skipping line") for w in caught
    )
    if bad:
        skipped[R_BADLINE] += bad
    return _named(frame, names, clean=clean), skipped


def _read_fast(data: bytes, sep: str, raw, wanted: set[str] | None) -> pd.DataFrame:
    """Only the wanted columns (None: all); repeated ones as categories."""
    return pd.read_csv(
        io.BytesIO(data),
        sep=sep,
        dtype={
            c: (str if str(c).strip() in _UNIQUE_COLUMNS else "category")
            for c in raw
            if wanted is None or str(c).strip() in wanted
        },
        keep_default_na=False,
        skipinitialspace=False,
        usecols=None if wanted is None else (lambda c: str(c).strip() in wanted),
    )


def _named(frame: pd.DataFrame, header: list[str], clean: bool) -> pd.DataFrame:
    frame.columns = [str(c).strip() for c in frame.columns]
    frame.attrs["utf8_clean"] = clean
    frame.attrs["header"] = header
    return frame


def detect_format(columns) -> str:
    cols = set(columns)
    if {"event_id_cnty", "event_date", "actor1"} <= cols:
        return FORMAT_ACLED
    if {"side_a", "side_b", "date_start"} <= cols:
        return FORMAT_UCDP
    return FORMAT_MAPPED


def _found(frame: pd.DataFrame) -> str:
    """The file's columns (read or not), for error messages."""
    return ", ".join(map(str, (frame.attrs.get("header") or list(frame.columns))[:40]))


def _require(frame: pd.DataFrame, required: list[str], what: str) -> None:
    missing = [c for c in required if c not in frame.columns]
    not_read = [c for c in missing if c in frame.attrs.get("header", ())]
    if not_read:
        raise RuntimeError(
            f"columns {', '.join(not_read)} were not read from the file (see *_USED)"
        )
    if missing:
        found = _found(frame) or "(none)"
        raise IncidentFormatError(
            f"not a usable {what} table: missing columns {', '.join(missing)}; columns found: {found}"
        )


def _col(frame: pd.DataFrame, name: str) -> pd.Series:
    """A column as plain text ("" where missing); an absent column is all "".

    A column that is in the file but was not read is a bug in the *_USED lists:
    refuse it rather than read it as empty.
    """
    if name in frame.columns:
        s = frame[name]
        if isinstance(s.dtype, pd.CategoricalDtype):
            text = np.append(s.cat.categories.astype(str).to_numpy(dtype=object), "")
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
        values = np.append(_num(pd.Series(s.cat.categories.astype(str))).to_numpy(float), np.nan)
        return pd.Series(values[s.cat.codes.to_numpy()], index=s.index)
    return _num(_col(frame, name))


def _num(series: pd.Series) -> pd.Series:
    return pd.to_numeric(series, errors="coerce")  # "" and text become NaN


# --- validation shared by all loaders ----------------------------------------


def _validate(out: pd.DataFrame, raw_text: pd.DataFrame | None, report: ImportReport) -> np.ndarray:
    """Rows that can be placed in time and space; the others counted by reason."""
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
            if s.dtype == object:
                bad |= s.str.contains("\ufffd", regex=False, na=False).to_numpy()
        drop(bad, R_UTF8)
    lat = out[d.F_LAT].to_numpy(dtype=float)
    lon = out[d.F_LON].to_numpy(dtype=float)
    drop(np.isnan(lat) | np.isnan(lon), R_COORD)
    countries = out[d.F_COUNTRY].to_numpy(dtype=object)
    known = np.isin(countries, list(COUNTRY_BOXES))
    # Where the country is known its box decides; elsewhere only an impossible
    # latitude with a possible one in the longitude column gives the swap away.
    swapped = ~known & (np.abs(lat) > 90) & (np.abs(lon) <= 90)
    boxes = np.zeros(len(out), dtype=bool)
    for name, (x0, y0, x1, y1) in COUNTRY_BOXES.items():
        sel = countries == name
        if sel.any():
            inside = (lon >= x0) & (lon <= x1) & (lat >= y0) & (lat <= y1)
            inside_swapped = (lat >= x0) & (lat <= x1) & (lon >= y0) & (lon <= y1)
            boxes |= sel & ~inside & inside_swapped
    drop(swapped | boxes, R_SWAPPED)
    drop((np.abs(lat) > 90) | (np.abs(lon) > 180), R_RANGE)
    drop(out[d.F_DATE].isna().to_numpy(), R_DATE)
    return keep


def _finish(out: pd.DataFrame, raw: pd.DataFrame | None, report: ImportReport, keep_other: bool):
    # Rows are chosen by position and the frame copied once, at the end (each
    # intermediate copy of a million 22-column rows costs a few tenths of a second).
    rows = np.flatnonzero(_validate(out, raw, report))
    ids = out[d.F_EVENT_ID].to_numpy(dtype=object)[rows]
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
    report.events = len(rows)
    if report.events == 0:
        reasons = "; ".join(f"{n} {r}" for r, n in report.skipped.items()) or "no rows"
        raise IncidentFormatError(
            f"no usable event: {report.sides[d.SIDE_OTHER]} rows name no actor of the preset; "
            f"skipped: {reasons}"
        )
    if list(out.columns) != d.INCIDENT_FIELD_NAMES:
        out = out[d.INCIDENT_FIELD_NAMES]
    return out.take(rows).reset_index(drop=True), report


def _sides(has_a1, has_b1, amb1, has_a2, has_b2, amb2, preset: Preset):
    """Side code and display group from the two sides' memberships."""
    same_side = (has_a1 & has_b1) | (has_a2 & has_b2)
    clash = ~same_side & ((has_a1 & has_b2) | (has_b1 & has_a2))
    has_a = has_a1 | has_a2
    has_b = has_b1 | has_b2
    side = np.full(len(has_a), d.SIDE_OTHER, dtype=object)
    side[(amb1 | amb2)] = d.SIDE_AMBIGUOUS
    side[has_a & ~has_b] = d.SIDE_A
    side[has_b & ~has_a] = d.SIDE_B
    side[same_side] = d.SIDE_AMBIGUOUS  # "A or B militants": uncertain, not cooperation
    side[clash] = d.SIDE_CLASH
    names = {
        d.SIDE_A: preset.group_a,
        d.SIDE_B: preset.group_b,
        d.SIDE_CLASH: f"{preset.group_a} vs {preset.group_b}",
        d.SIDE_AMBIGUOUS: "ambiguous",
        d.SIDE_OTHER: "other",
    }
    group = pd.Series(side).map(names).to_numpy(dtype=object)
    return side, group, clash.astype(int)


# --- ACLED ----------------------------------------------------------------------


def _collapse_actor_based(ids: np.ndarray, a1, b1, m1):
    """ACLED's actor-based layout repeats an event once per actor (one row per side).

    Returns, per distinct event id (in first-seen order of codes): the row to keep,
    the row of the other party (-1 if none), and whether some row is A, B or ambiguous.
    A row for A and another row for B under one id is a clash between them.
    """
    codes, _ = pd.factorize(ids)
    # A row without an id is an event of its own, never merged with other blank rows.
    blank = np.flatnonzero(pd.Series(ids).fillna("").astype(str).str.strip().to_numpy() == "")
    if len(blank):
        codes = codes.copy()
        codes[blank] = codes.max() + 1 + np.arange(len(blank))
        codes = pd.factorize(codes)[0]
    a_row, b_row = a1 & ~b1, b1 & ~a1
    amb_row = m1 | (a1 & b1)
    n = int(codes.max()) + 1 if len(codes) else 0
    ev_a = np.bincount(codes, weights=a_row, minlength=n) > 0
    ev_b = np.bincount(codes, weights=b_row, minlength=n) > 0
    ev_m = np.bincount(codes, weights=amb_row, minlength=n) > 0
    # Within an event, rows of the preset's groups first, then ambiguous, then others.
    rank = np.where(a_row | b_row, 0, np.where(amb_row, 1, 2))
    order = np.lexsort((np.arange(len(codes)), rank, codes))
    sorted_codes = codes[order]
    starts = np.flatnonzero(np.r_[True, sorted_codes[1:] != sorted_codes[:-1]])
    first = order[starts]
    nxt = starts + 1
    has_second = nxt < len(order)
    has_second[has_second] = sorted_codes[nxt[has_second]] == sorted_codes[starts[has_second]]
    second = np.full(n, -1, dtype=np.int64)
    second[has_second] = order[nxt[has_second]]
    return first, second, ev_a, ev_b, ev_m


def load_acled(
    frame: pd.DataFrame, preset: Preset, include_affiliates=True, keep_other=False, report=None
):
    """ACLED export, dyadic (actor1/actor2) or actor-based (one row per actor)."""
    report = report or ImportReport()
    _require(frame, ACLED_REQUIRED, "ACLED")
    report.source, report.rows_read = d.SOURCE_ACLED, report.rows_read or len(frame)
    report.group_a, report.group_b = preset.group_a, preset.group_b
    aliases = preset.active_aliases("acled", include_affiliates)
    dates = parse_dates(_col(frame, "event_date"))
    a1, b1, m1 = side_membership(
        [_col(frame, "actor1"), _col(frame, "assoc_actor_1")], dates, aliases
    )
    if "actor2" in frame.columns:
        report.layout = "dyadic"
        a2, b2, m2 = side_membership(
            [_col(frame, "actor2"), _col(frame, "assoc_actor_2")], dates, aliases
        )
        base = frame
        actor2, assoc2 = _col(frame, "actor2"), _col(frame, "assoc_actor_2")
    else:
        report.layout = "actor-based"
        first, second, ev_a, ev_b, ev_m = _collapse_actor_based(
            _col(frame, "event_id_cnty").to_numpy(), a1, b1, m1
        )
        base = frame.iloc[first].reset_index(drop=True)
        dates = dates.iloc[first].reset_index(drop=True)
        # The other party of a two-actor event comes from its second row.
        has2 = second >= 0
        actor2 = np.full(len(base), "", dtype=object)
        assoc2 = np.full(len(base), "", dtype=object)
        actor2[has2] = _col(frame, "actor1").to_numpy()[second[has2]]
        assoc2[has2] = _col(frame, "assoc_actor_1").to_numpy()[second[has2]]
        none = np.zeros(len(base), dtype=bool)
        a1, b1, m1, a2, b2, m2 = ev_a, none, ev_m, none, ev_b, none
    side, group, clash = _sides(a1, b1, m1, a2, b2, m2, preset)
    out = pd.DataFrame(
        {
            d.F_EVENT_ID: _col(base, "event_id_cnty").to_numpy(),
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
            d.F_FATALITIES: _numeric(base, "fatalities").fillna(0).astype(int).to_numpy(),
            d.F_COUNTRY: _col(base, "country").to_numpy(),
            d.F_ADMIN1: _col(base, "admin1").to_numpy(),
            d.F_ADMIN2: _col(base, "admin2").to_numpy(),
            d.F_LOCATION: _col(base, "location").to_numpy(),
            d.F_GEO_PREC: _numeric(base, "geo_precision").fillna(0).astype(int).to_numpy(),
            d.F_TIME_PREC: _numeric(base, "time_precision").fillna(0).astype(int).to_numpy(),
            d.F_SOURCE: np.where(
                _col(base, "source_scale").str.casefold().to_numpy() == "synthetic",
                d.SOURCE_SYNTHETIC,
                d.SOURCE_ACLED,
            ),
            d.F_LAT: _numeric(base, "latitude").to_numpy(),
            d.F_LON: _numeric(base, "longitude").to_numpy(),
        }
    )
    return _finish(out, base, report, keep_other)


# --- UCDP GED -----------------------------------------------------------------


def load_ucdp(
    frame: pd.DataFrame, preset: Preset, include_affiliates=True, keep_other=False, report=None
):
    """UCDP GED event CSV: side_a/side_b dyads; a type-2 event between the groups is a clash."""
    report = report or ImportReport()
    _require(frame, UCDP_REQUIRED, "UCDP GED")
    report.source, report.layout = d.SOURCE_UCDP, "GED"
    report.rows_read = report.rows_read or len(frame)
    report.group_a, report.group_b = preset.group_a, preset.group_b
    aliases = preset.active_aliases("ucdp", include_affiliates)
    start = parse_dates(_col(frame, "date_start"))
    end = parse_dates(_col(frame, "date_end")) if "date_end" in frame.columns else start
    end = end.where(end.notna() & (end >= start), start)
    a1, b1, m1 = side_membership([_col(frame, "side_a")], start, aliases)
    a2, b2, m2 = side_membership([_col(frame, "side_b")], start, aliases)
    tov = _numeric(frame, "type_of_violence").to_numpy()
    side, group, clash = _sides(a1, b1, m1, a2, b2, m2, preset)
    # Only non-state (type 2) events between the two groups are fights between them.
    not_fight = (side == d.SIDE_CLASH) & (tov != 2)
    side[not_fight] = d.SIDE_AMBIGUOUS
    group[not_fight] = "ambiguous"
    clash = (side == d.SIDE_CLASH).astype(int)
    violence = {1: "State-based conflict", 2: "Non-state conflict", 3: "One-sided violence"}
    out = pd.DataFrame(
        {
            d.F_EVENT_ID: _col(frame, "id").to_numpy(),
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
            d.F_FATALITIES: _numeric(frame, "best").fillna(0).astype(int).to_numpy(),
            d.F_COUNTRY: _col(frame, "country").to_numpy(),
            d.F_ADMIN1: _col(frame, "adm_1").to_numpy(),
            d.F_ADMIN2: _col(frame, "adm_2").to_numpy(),
            d.F_LOCATION: _col(frame, "where_coordinates").to_numpy(),
            d.F_GEO_PREC: _numeric(frame, "where_prec").fillna(0).astype(int).to_numpy(),
            d.F_TIME_PREC: _numeric(frame, "date_prec").fillna(0).astype(int).to_numpy(),
            d.F_SOURCE: d.SOURCE_UCDP,
            d.F_LAT: _numeric(frame, "latitude").to_numpy(),
            d.F_LON: _numeric(frame, "longitude").to_numpy(),
        }
    )
    return _finish(out, frame, report, keep_other)


# --- user mapping ---------------------------------------------------------------


def load_mapped(
    frame: pd.DataFrame,
    preset: Preset,
    mapping: dict[str, str],
    include_affiliates=True,
    keep_other=False,
    report=None,
):
    """Any table: ``mapping`` maps schema fields (definitions.F_*) to its columns.

    Actor columns are matched with the preset's ACLED names (the most complete
    list), then UCDP names.
    """
    report = report or ImportReport()
    missing = [f for f in MAPPED_REQUIRED if not mapping.get(f)]
    if missing:
        raise IncidentFormatError(
            f"a mapped import needs a column for: {', '.join(missing)}; columns found: "
            + _found(frame)
        )
    _require(frame, [c for c in mapping.values() if c], "mapped")
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
    end = end.where(end.notna() & (end >= dates), dates)
    a1, b1, m1 = side_membership([col(d.F_ACTOR1), col(d.F_ASSOC1)], dates, aliases)
    a2, b2, m2 = side_membership([col(d.F_ACTOR2), col(d.F_ASSOC2)], dates, aliases)
    side, group, clash = _sides(a1, b1, m1, a2, b2, m2, preset)
    ids = col(d.F_EVENT_ID)
    if not mapping.get(d.F_EVENT_ID):
        ids = pd.Series([f"row{i + 1}" for i in range(len(frame))], dtype=object)
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
            d.F_FATALITIES: num(d.F_FATALITIES).fillna(0).astype(int).to_numpy(),
            d.F_COUNTRY: col(d.F_COUNTRY).to_numpy(),
            d.F_ADMIN1: col(d.F_ADMIN1).to_numpy(),
            d.F_ADMIN2: col(d.F_ADMIN2).to_numpy(),
            d.F_LOCATION: col(d.F_LOCATION).to_numpy(),
            d.F_GEO_PREC: num(d.F_GEO_PREC).fillna(0).astype(int).to_numpy(),
            d.F_TIME_PREC: num(d.F_TIME_PREC).fillna(0).astype(int).to_numpy(),
            d.F_SOURCE: d.SOURCE_MAPPED,
            d.F_LAT: num(d.F_LAT).to_numpy(),
            d.F_LON: num(d.F_LON).to_numpy(),
        }
    )
    return _finish(out, frame, report, keep_other)


def load_frame(
    frame: pd.DataFrame,
    preset: Preset,
    fmt: str = FORMAT_AUTO,
    mapping: dict[str, str] | None = None,
    include_affiliates: bool = True,
    keep_other: bool = False,
    report: ImportReport | None = None,
):
    """Dispatch on ``fmt`` (auto-detected from the header when 'auto')."""
    header = frame.attrs.get("header") or list(frame.columns)  # all columns, read or not
    if len(header) <= 1:
        raise IncidentFormatError(
            "the table has a single column: wrong delimiter or not a table? header: "
            + ", ".join(map(str, header))
        )
    if fmt == FORMAT_AUTO:
        fmt = FORMAT_MAPPED if mapping else detect_format(header)
    if fmt == FORMAT_ACLED:
        return load_acled(frame, preset, include_affiliates, keep_other, report)
    if fmt == FORMAT_UCDP:
        return load_ucdp(frame, preset, include_affiliates, keep_other, report)
    if not mapping:
        raise IncidentFormatError(
            "the header is neither ACLED (event_id_cnty, event_date, actor1, ...) nor UCDP GED "
            "(side_a, side_b, date_start, ...); choose the 'mapped' format and map the fields. "
            "Columns found: " + _found(frame)
        )
    return load_mapped(frame, preset, mapping, include_affiliates, keep_other, report)


def load_file(
    path, preset: Preset, fmt=FORMAT_AUTO, mapping=None, include_affiliates=True, keep_other=False
):
    """Read a CSV export and return (incidents, report). Never modifies the file."""
    mapping = mapping or None
    frame, skipped = read_table(path, columns_used(fmt, read_header(path), mapping))
    report = ImportReport(skipped=skipped)
    report.rows_read = len(frame) + sum(skipped.values())
    return load_frame(frame, preset, fmt, mapping, include_affiliates, keep_other, report)
