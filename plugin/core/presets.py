"""Actor presets: which actor strings belong to group A and group B.

A preset is read from an editable CSV table (data/actor_presets.csv). Each row
maps one actor name (exact or regex) to a canonical group, for one source
dataset, optionally only inside a validity period (component groups count as
JNIM only from JNIM's founding) and optionally flagged as an affiliate that the
user can switch off. ACLED's "X and/or Y" attributions that name either group
are *ambiguous*: kept, never counted for a group. Whether both groups named on one
side are a joint operation is read from the event's notes (``core.joint``).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from ..definitions import PRESETS_FILE

REQUIRED_COLUMNS = ["preset", "group_key", "group", "match", "pattern", "source"]
AMBIGUOUS_SPLIT = re.compile(r"\s+and/or\s+", re.IGNORECASE)


class PresetError(ValueError):
    """The preset table cannot be used; the message says why."""


@dataclass
class Alias:
    group_key: str  # "a" or "b"
    match: str  # "exact" or "regex"
    pattern: str
    source: str  # "acled", "ucdp" or "any"
    affiliate: bool = False
    valid_from: pd.Timestamp | None = None
    valid_to: pd.Timestamp | None = None

    def matches(self, name: str) -> bool:
        if self.match == "regex":
            return re.search(self.pattern, name, re.IGNORECASE) is not None
        return name.casefold() == self.pattern.casefold()


@dataclass
class Preset:
    name: str
    group_a: str
    group_b: str
    aliases: list[Alias] = field(default_factory=list)

    def group_name(self, key: str) -> str:
        return self.group_a if key == "a" else self.group_b

    def active_aliases(self, source: str, include_affiliates: bool = True) -> list[Alias]:
        return [
            al
            for al in self.aliases
            if al.source in (source, "any") and (include_affiliates or not al.affiliate)
        ]


def _date_or_none(text: str) -> pd.Timestamp | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return pd.Timestamp(text)
    except ValueError as err:
        raise PresetError(f"bad date {text!r} in preset table") from err


def load_presets(path: str | Path | None = None) -> dict[str, Preset]:
    """Read the preset table; raise PresetError naming the problem."""
    path = Path(path) if path else PRESETS_FILE
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            rows = list(csv.DictReader(fh))
    except OSError as err:
        raise PresetError(f"cannot read preset table {path}: {err}") from err
    if not rows:
        raise PresetError(f"preset table {path} has no rows")
    missing = [c for c in REQUIRED_COLUMNS if c not in rows[0]]
    if missing:
        raise PresetError(f"preset table {path} lacks columns: {', '.join(missing)}")
    presets: dict[str, Preset] = {}
    for line, row in enumerate(rows, start=2):
        key = row["group_key"].strip().lower()
        if key not in ("a", "b"):
            raise PresetError(f"{path}:{line}: group_key must be 'a' or 'b', not {key!r}")
        match = row["match"].strip().lower()
        if match not in ("exact", "regex"):
            raise PresetError(f"{path}:{line}: match must be 'exact' or 'regex'")
        if match == "regex":
            try:
                re.compile(row["pattern"])
            except re.error as err:
                raise PresetError(f"{path}:{line}: bad regex: {err}") from err
        name = row["preset"].strip()
        preset = presets.setdefault(name, Preset(name, "", ""))
        group = row["group"].strip()
        current = preset.group_a if key == "a" else preset.group_b
        if current and current != group:
            raise PresetError(
                f"{path}:{line}: group {key} of {name!r} is both {current!r} and {group!r}"
            )
        if key == "a":
            preset.group_a = group
        else:
            preset.group_b = group
        preset.aliases.append(
            Alias(
                group_key=key,
                match=match,
                pattern=row["pattern"].strip(),
                source=(row["source"].strip().lower() or "any"),
                affiliate=row.get("affiliate", "0").strip() in ("1", "yes", "true"),
                valid_from=_date_or_none(row.get("valid_from", "")),
                valid_to=_date_or_none(row.get("valid_to", "")),
            )
        )
    for preset in presets.values():
        if not preset.group_a or not preset.group_b:
            raise PresetError(f"preset {preset.name!r} needs both a group 'a' and a group 'b'")
    return presets


# Bit 62 marks an ambiguous "X and/or Y" attribution; bit 61 one name that matches aliases
# of both groups (it cannot name two distinct actors); bits 0..n-1 mark aliases.
AMBIGUOUS_BIT = np.int64(1) << np.int64(62)
ONE_NAME_BIT = np.int64(1) << np.int64(61)
# How an actor cell lists several actors: ACLED's associate actors are separated by ";";
# a UCDP GED side lists its actors separated by "," (or ";").
LIST_ACLED = re.compile(r";")
LIST_UCDP = re.compile(r"[;,]")


class SideMembers(NamedTuple):
    """Per row, for one side of an event (its actor columns): is group A, group B, an
    "A and/or B" name on it, and does one name match both groups' aliases?"""

    a: np.ndarray
    b: np.ndarray
    ambiguous: np.ndarray
    one_name: np.ndarray


def name_bits(name: str, aliases: list[Alias], separator: re.Pattern = LIST_ACLED) -> np.int64:
    """Bitmask of the aliases an actor cell matches (cells may hold lists of names)."""
    bits = np.int64(0)
    for part in (p.strip() for p in separator.split(str(name))):
        if not part:
            continue
        pieces = AMBIGUOUS_SPLIT.split(part)
        if len(pieces) > 1:
            if any(al.matches(p) for p in pieces for al in aliases):
                bits |= AMBIGUOUS_BIT
            continue
        keys = set()
        for k, al in enumerate(aliases):
            if al.matches(part):
                bits |= np.int64(1) << np.int64(k)
                keys.add(al.group_key)
        if len(keys) > 1:
            bits |= ONE_NAME_BIT
    return bits


def side_membership(
    cells: list[pd.Series],
    dates: pd.Series,
    aliases: list[Alias],
    separator: re.Pattern = LIST_ACLED,
) -> SideMembers:
    """For one side of an event (several actor columns), is A / B / ambiguous on it?

    Vectorised: each distinct actor string is matched once, then rows are
    combined with bit operations and the aliases' validity dates.
    """
    if len(aliases) > 60:
        raise PresetError("a preset may hold at most 60 aliases per source")
    bits = np.zeros(len(dates), dtype=np.int64)
    for col in cells:
        codes, uniques = pd.factorize(col.fillna("").astype(str))
        lut = np.array([name_bits(u, aliases, separator) for u in uniques], dtype=np.int64)
        if len(lut):
            bits |= lut[codes]
    has = {"a": np.zeros(len(dates), bool), "b": np.zeros(len(dates), bool)}
    dvals = dates.values
    for k, al in enumerate(aliases):
        hit = (bits & (np.int64(1) << np.int64(k))) != 0
        if al.valid_from is not None:
            hit &= dvals >= np.datetime64(al.valid_from)
        if al.valid_to is not None:
            hit &= dvals <= np.datetime64(al.valid_to)
        has[al.group_key] |= hit
    ambiguous = (bits & AMBIGUOUS_BIT) != 0
    return SideMembers(has["a"], has["b"], ambiguous, (bits & ONE_NAME_BIT) != 0)
