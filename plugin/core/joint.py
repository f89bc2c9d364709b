"""Joint operations told apart from uncertain attributions (no Qt, no QGIS).

ACLED writes uncertainty and cooperation alike: one group in ``actor1``, the other in
``assoc_actor_1``. An event in which both groups are named on the same side, as
distinct actors, is read as a **joint** operation only when nothing on the event
expresses doubt about who acted:

* no "A and/or B" name on the event, no single name that matches both groups, and
  neither group named on the other side as well;
* notes that hold none of the uncertainty patterns (``data/uncertainty_patterns.csv``,
  editable: "or", "presumed", "suspected", "ou", "présumés", ...), each matched as a
  whole word, without regard to case. A pattern written with accents also matches its
  spelling without them ("présumés" finds "presumes"), never the reverse ("ou" does not
  find "où"). ACLED and mapped tables need notes: an event without notes stays
  ambiguous. UCDP GED has no notes: its own coding of a side (both groups in one side's
  actor list) decides.

Everything else stays ambiguous, with the reason. The line errs towards ambiguity ("5 or
6 killed" keeps an event ambiguous): the analyst reviews the reading in the review
table (``review_frame``, written by the import) and corrects it per event with an
override table (``load_overrides``: event id -> joint / ambiguous).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .. import definitions as d
from ..definitions import N_
from .formulas import neutralise_frame
from .presets import unsafe_regex

READ_JOINT = d.SIDE_JOINT
READ_AMBIGUOUS = d.SIDE_AMBIGUOUS
READ_CLASH = d.SIDE_CLASH
READINGS = (READ_JOINT, READ_AMBIGUOUS)
# What an override may say: a clash restores one the plugin did not read (a group named
# only as associate of a third party, see ``WHY_THIRD``).
OVERRIDE_VALUES = (*READINGS, READ_CLASH)

# Kinds of events in the review table.
KIND_SAME_SIDE = "same side"  # both groups named on one side: joint or ambiguous
KIND_THIRD = "third party"  # a group named only as associate of a third party

# Why a same-side event was read as it was (the review table's and the log's words: the
# table and the metadata keep them in English, the log shows them translated, ``why_text``).
WHY_CLEAN = N_("both groups named on one side; the notes express no doubt about who acted")
WHY_GED = N_("both groups in one side's actor list (UCDP GED coding; GED has no notes)")
WHY_NO_NOTES = N_("no notes to read: cannot tell a joint operation from an uncertain attribution")
WHY_AND_OR = N_("an 'A and/or B' actor name on the event")
WHY_ONE_NAME = N_("one actor name matches both groups: not two distinct actors")
WHY_BOTH_SIDES = N_("a group is also named on the other side")
WHY_PATTERN = N_("notes say '{}'")
WHY_OVERRIDE = N_("analyst override ({})")
WHY_THIRD = N_("{} named only as associate of {}")
_WHY_LITERAL = (WHY_CLEAN, WHY_GED, WHY_NO_NOTES, WHY_AND_OR, WHY_ONE_NAME, WHY_BOTH_SIDES)
_WHY_TEMPLATES = [
    (WHY_PATTERN, re.compile(r"^notes say '(.*)'$", re.S)),
    (WHY_OVERRIDE, re.compile(r"^analyst override \((.*)\)$", re.S)),
    (WHY_THIRD, re.compile(r"^(.*) named only as associate of (.*)$", re.S)),
]


def why_text(reason: str, translate=str) -> str:
    """A WHY_ reason (or several joined with "; ") as the log shows it: ``translate``d,
    the words it quotes (a pattern, a group, an actor) left as they are."""
    if reason in _WHY_LITERAL:
        return translate(reason)
    for template, pattern in _WHY_TEMPLATES:
        found = pattern.match(reason)
        if found and template is not WHY_THIRD:
            return translate(template).format(*found.groups())
    if "; " in reason:
        return "; ".join(why_text(part, translate) for part in reason.split("; "))
    found = _WHY_TEMPLATES[2][1].match(reason)
    if found:
        return translate(WHY_THIRD).format(*found.groups())
    return reason


# How the loader read the notes of a source.
NOTES_READ = "notes"  # ACLED, or a mapped table with a notes column: notes decide
NOTES_NONE = "none"  # no notes column: every same-side event stays ambiguous
NOTES_GED = "ged"  # UCDP GED: the side's actor list decides

PATTERN_COLUMNS = ["pattern", "match"]
REVIEW_COLUMNS = [
    d.F_EVENT_ID,
    d.F_DATE,
    d.F_COUNTRY,
    d.F_ADMIN1,
    d.F_LOCATION,
    d.F_LAT,
    d.F_LON,
    d.F_ACTOR1,
    d.F_ASSOC1,
    d.F_ACTOR2,
    d.F_ASSOC2,
    d.F_NOTES,
    "plugin_reading",
    "reason",
    "override",
    d.F_SIDE,
]


class JointRulesError(ValueError):
    """The pattern or override table cannot be used; the message says why."""


# --- uncertainty patterns -----------------------------------------------------------------


def _bare(ch: str) -> str:
    """A letter without its accents ("é" -> "e")."""
    return "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))


def word_regex(text: str) -> str:
    """A regex finding ``text`` as a whole word or phrase: not inside a longer word ("or"
    is not found in "for" or "Mopti"), any run of spaces between its words, an accented
    letter also matching its bare form."""
    parts = []
    for ch in unicodedata.normalize("NFC", text.strip()):
        if ch.isspace():
            if parts and parts[-1] != r"\s+":
                parts.append(r"\s+")
            continue
        bare = _bare(ch)
        parts.append(
            f"[{re.escape(ch)}{re.escape(bare)}]" if bare and bare != ch else re.escape(ch)
        )
    return r"(?<!\w)" + "".join(parts) + r"(?!\w)"


@dataclass(frozen=True)
class Pattern:
    text: str  # as written in the table (what the reason quotes)
    regex: re.Pattern


def _sniff(text: str) -> str:
    first = text.splitlines()[0] if text else ""
    counts = {sep: first.count(sep) for sep in (",", ";", "\t")}
    return max(counts, key=counts.get) if any(counts.values()) else ","


def _read_rows(path: Path, what: str) -> tuple[list[dict], list[str]]:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise JointRulesError(f"cannot read the {what} {path}: {err}") from err
    reader = csv.DictReader(io.StringIO(text), delimiter=_sniff(text))
    rows = []
    for row in reader:
        rows.append({str(k).strip().casefold(): (v or "").strip() for k, v in row.items() if k})
    if reader.fieldnames is None:
        raise JointRulesError(f"the {what} {path} is empty")
    return rows, [str(f).strip().casefold() for f in reader.fieldnames]


def load_patterns(path=None) -> list[Pattern]:
    """The uncertainty patterns: a CSV with a ``pattern`` column (a word or phrase) and
    an optional ``match`` column ("word", the default, or "regex": a Python regular
    expression searched as it is, without regard to case)."""
    path = Path(path) if path else d.UNCERTAINTY_FILE
    rows, header = _read_rows(path, "uncertainty pattern table")
    if "pattern" not in header:
        raise JointRulesError(f"the uncertainty pattern table {path} has no 'pattern' column")
    out = []
    for line, row in enumerate(rows, start=2):
        text = row.get("pattern", "")
        if not text:
            continue
        kind = (row.get("match") or "word").casefold()
        if kind == "word":
            regex = word_regex(text)
        elif kind == "regex":
            regex = text
            why = unsafe_regex(text)
            if why:
                raise JointRulesError(
                    f"{path}:{line}: regex {text!r} refused: {why} can take exponential "
                    "time on long notes; write it without nesting"
                )
        else:
            raise JointRulesError(f"{path}:{line}: match must be 'word' or 'regex', not {kind!r}")
        try:
            out.append(Pattern(text, re.compile(regex, re.IGNORECASE)))
        except re.error as err:
            raise JointRulesError(f"{path}:{line}: bad pattern {text!r}: {err}") from err
    if not out:
        raise JointRulesError(f"the uncertainty pattern table {path} holds no pattern")
    return out


def doubt(notes: str, patterns: list[Pattern]) -> str | None:
    """The pattern found first in ``notes`` (its text as the table writes it), or None."""
    text = unicodedata.normalize("NFC", str(notes or ""))
    best = None
    for pat in patterns:
        m = pat.regex.search(text)
        if m is not None and (best is None or m.start() < best[0]):
            best = (m.start(), pat.text)
    return None if best is None else best[1]


# --- overrides ----------------------------------------------------------------------------


def load_overrides(path) -> dict[str, str]:
    """The analyst's overrides: a CSV with columns ``event_id`` and ``override`` (joint or
    ambiguous; blank rows are no override). The import's review table is such a file:
    fill in its ``override`` column and give it back. Comma, semicolon or tab separated."""
    path = Path(path)
    rows, header = _read_rows(path, "override table")
    missing = [c for c in (d.F_EVENT_ID, "override") if c not in header]
    if missing:
        raise JointRulesError(
            f"the override table {path} lacks columns {', '.join(missing)} "
            f"(columns found: {', '.join(header)})"
        )
    out: dict[str, str] = {}
    for line, row in enumerate(rows, start=2):
        value = row.get("override", "").casefold()
        event = row.get(d.F_EVENT_ID, "")
        if not value:
            continue
        if value not in OVERRIDE_VALUES:
            raise JointRulesError(
                f"{path}:{line}: override must be '{READ_JOINT}', '{READ_AMBIGUOUS}' or "
                f"'{READ_CLASH}', not {row.get('override')!r}"
            )
        if not event:
            raise JointRulesError(f"{path}:{line}: an override without an event id")
        if out.get(event, value) != value:
            raise JointRulesError(f"{path}:{line}: event {event} is overridden both ways")
        out[event] = value
    return out


# --- the rules and the reading ---------------------------------------------------------------


@dataclass
class Rules:
    """What the reading rests on: the patterns, the overrides, and their files."""

    patterns: list[Pattern]
    patterns_file: Path = d.UNCERTAINTY_FILE
    overrides: dict = field(default_factory=dict)
    overrides_file: Path | None = None

    @classmethod
    def from_files(cls, patterns_file=None, overrides_file=None) -> Rules:
        patterns_file = Path(patterns_file) if patterns_file else d.UNCERTAINTY_FILE
        overrides_file = Path(overrides_file) if overrides_file else None
        return cls(
            load_patterns(patterns_file),
            patterns_file,
            load_overrides(overrides_file) if overrides_file else {},
            overrides_file,
        )


_DEFAULT: list = []


def default_rules() -> Rules:
    """The plugin's own patterns, no override (read once)."""
    if not _DEFAULT:
        _DEFAULT.append(Rules.from_files())
    return Rules(list(_DEFAULT[0].patterns), _DEFAULT[0].patterns_file)


@dataclass
class Reading:
    """The reading of the same-side events of one load (``rows`` index the loader's table)."""

    rows: np.ndarray  # positions of the same-side events
    notes: np.ndarray  # their notes ("" where none)
    plugin: np.ndarray  # READ_JOINT / READ_AMBIGUOUS: what the plugin read
    reason: np.ndarray  # why (WHY_*)
    override: np.ndarray  # the analyst's override ("" where none)
    kind: np.ndarray | None = None  # KIND_* per event (None: all KIND_SAME_SIDE)

    @property
    def final(self) -> np.ndarray:
        return np.where(self.override != "", self.override, self.plugin)

    @property
    def kinds(self) -> np.ndarray:
        if self.kind is None:
            return np.full(len(self.rows), KIND_SAME_SIDE, dtype=object)
        return self.kind

    def take(self, keep: np.ndarray, rows: np.ndarray) -> Reading:
        """The events ``keep`` (a mask), renumbered to ``rows``."""
        return Reading(
            rows, self.notes[keep], self.plugin[keep], self.reason[keep], self.override[keep],
            self.kinds[keep],
        )  # fmt: skip

    @classmethod
    def empty(cls) -> Reading:
        none = np.zeros(0, dtype=object)
        return cls(np.zeros(0, dtype=np.int64), none, none, none, none, none)


def read_same_side(
    same_side: np.ndarray,
    structural: np.ndarray,
    notes,
    ids: np.ndarray,
    rules: Rules,
    notes_kind: str = NOTES_READ,
) -> Reading:
    """Joint or ambiguous, and why, for each event with both groups on one side.

    ``same_side``: per row, both groups named on one side; ``structural``: per row, a
    reason (WHY_*) that keeps it ambiguous whatever its notes say, or ""; ``notes``:
    the notes of the same-side rows only, in order (None: no notes); ``ids``: event ids
    of every row (for the overrides).
    """
    rows = np.flatnonzero(same_side)
    if not len(rows):
        return Reading.empty()
    if notes is None:
        notes = [""] * len(rows)
    text = np.array(["" if v is None else str(v) for v in notes], dtype=object)
    plugin = np.full(len(rows), READ_AMBIGUOUS, dtype=object)
    reason = np.array([str(structural[i] or "") for i in rows], dtype=object)
    for k in np.flatnonzero(reason == ""):
        if notes_kind == NOTES_GED:
            plugin[k], reason[k] = READ_JOINT, WHY_GED
        elif notes_kind == NOTES_NONE or not text[k].strip():
            reason[k] = WHY_NO_NOTES
        else:
            found = doubt(text[k], rules.patterns)
            if found is None:
                plugin[k], reason[k] = READ_JOINT, WHY_CLEAN
            else:
                reason[k] = WHY_PATTERN.format(found)
    override = np.array([rules.overrides.get(str(ids[i]), "") for i in rows], dtype=object)
    return Reading(rows, text, plugin, reason, override)


def add_third_party(
    reading: Reading, rows: np.ndarray, sides: np.ndarray, why: np.ndarray, ids, rules: Rules
) -> Reading:
    """``reading`` with the events ``rows`` added: a group named only as associate of a
    third party, read as ``sides`` (the other group's own event, or ambiguous) for the
    reason ``why``; the analyst's overrides apply to them as to same-side events."""
    if not len(rows):
        return reading
    override = np.array([rules.overrides.get(str(ids[i]), "") for i in rows], dtype=object)
    allrows = np.concatenate([reading.rows, rows])
    order = np.argsort(allrows, kind="stable")

    def cat(a, b):
        return np.concatenate([np.asarray(a, dtype=object), np.asarray(b, dtype=object)])[order]

    return Reading(
        allrows[order],
        cat(reading.notes, np.full(len(rows), "", dtype=object)),
        cat(reading.plugin, sides),
        cat(reading.reason, why),
        cat(reading.override, override),
        cat(reading.kinds, np.full(len(rows), KIND_THIRD, dtype=object)),
    )


def summary(reading: Reading) -> dict:
    """Counts for the log and the provenance: same-side events, joint, ambiguous, the
    reasons of the ambiguous ones, overrides applied; and the events where a group was
    named only as associate of a third party (``third_party``, by reason)."""
    same = reading.kinds == KIND_SAME_SIDE
    final = reading.final
    amb = (final == READ_AMBIGUOUS) & same
    reasons = pd.Series(
        np.where(reading.override != "", WHY_OVERRIDE.format("ambiguous"), reading.reason)[amb],
        dtype=object,
    )
    third = pd.Series(reading.reason[~same], dtype=object)
    return {
        "same_side": int(same.sum()),
        "joint": int(((final == READ_JOINT) & same).sum()),
        "ambiguous": int(amb.sum()),
        "ambiguous_why": {str(k): int(v) for k, v in reasons.value_counts().items()},
        "third_party": int((~same).sum()),
        "third_party_why": {str(k): int(v) for k, v in third.value_counts().items()},
        "overrides_applied": int((reading.override != "").sum()),
        "overrides_changed": int(
            ((reading.override != "") & (reading.override != reading.plugin)).sum()
        ),
    }


def review_frame(events: pd.DataFrame, reading: Reading) -> pd.DataFrame:
    """The review table: one row per same-side or third-party event of ``events`` (rows
    as in ``reading``): where and when, the actors, the notes, the plugin's reading and why,
    the override applied and the side written."""
    sub = events.iloc[reading.rows]
    out = pd.DataFrame(
        {c: sub[c].to_numpy() for c in REVIEW_COLUMNS if c in sub.columns}, index=range(len(sub))
    )
    out[d.F_DATE] = pd.to_datetime(out[d.F_DATE]).dt.strftime("%Y-%m-%d")
    out[d.F_NOTES] = reading.notes
    out["plugin_reading"] = reading.plugin
    out["reason"] = reading.reason
    out["override"] = reading.override
    out[d.F_SIDE] = reading.final
    return out[REVIEW_COLUMNS]


def country_review(events: pd.DataFrame, rows: np.ndarray, limit_km: float) -> pd.DataFrame:
    """Review-table rows for the events ``rows`` of ``events`` that lie more than
    ``limit_km`` outside their stated country (kept: zones come from coordinates)."""
    sub = events.iloc[rows]
    out = pd.DataFrame(
        {c: sub[c].to_numpy() for c in REVIEW_COLUMNS if c in sub.columns}, index=range(len(sub))
    )
    out[d.F_DATE] = pd.to_datetime(out[d.F_DATE]).dt.strftime("%Y-%m-%d")
    out[d.F_NOTES] = ""
    out["plugin_reading"] = sub[d.F_SIDE].to_numpy()
    km = sub[d.F_COUNTRY_KM].to_numpy(dtype=float)
    out["reason"] = [
        f"{k:.1f} km outside {c} (the row's country; more than {limit_km:g} km): kept"
        for k, c in zip(km, sub[d.F_COUNTRY].to_numpy())
    ]
    out["override"] = ""
    return out[REVIEW_COLUMNS]


def write_review(frame: pd.DataFrame, path) -> Path:
    """The review table as UTF-8 CSV (a BOM, so that spreadsheets read the accents), its
    text cells safe to open in a spreadsheet (``formulas.neutralise``)."""
    path = Path(path)
    neutralise_frame(frame).to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")
    return path
