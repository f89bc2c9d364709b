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
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from ..definitions import N_, PRESETS_FILE
from .errors import Message, TranslatableError

REQUIRED_COLUMNS = ["preset", "group_key", "group", "match", "pattern", "source"]
AMBIGUOUS_SPLIT = re.compile(r"\s+and/or\s+", re.IGNORECASE)


class PresetError(TranslatableError, ValueError):
    """The preset table cannot be used; the message says why (in English;
    ``translated(tr)`` in the user's language)."""


# Python's ``re`` cannot be interrupted: a pattern that backtracks exponentially
# (``^(a+)+$`` on 35 characters) would hang the import past any cancel. Patterns are
# held to a subset that cannot: no repeated group holding a repeat or an alternation
# (star height 1) and at most MAX_UNBOUNDED unbounded repeats. What is left is a low
# polynomial; a match still slower than SLOW_MATCH_SECONDS refuses its pattern.
SLOW_MATCH_SECONDS = 1.0
# A bounded repeat {m,n} counts as unbounded when n - m exceeds this.
WIDE_REPEAT = 10
MAX_UNBOUNDED = 3  # '.*.*.*x' takes 0.5 s on a 200-character name; a fourth, minutes


def _repeat_ops():
    from re import _constants as c  # Python >= 3.11

    return {c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", c.MAX_REPEAT)}, c


def unsafe_regex(pattern: str) -> str | None:
    """Why ``pattern`` may backtrack exponentially, or None when it cannot."""
    try:
        from re import _parser as sre_parse  # Python >= 3.11
    except ImportError:  # pragma: no cover - older Pythons
        import sre_parse
    repeats, c = _repeat_ops()

    def items(node):
        """Sub-patterns of one parsed item."""
        op, av = node
        if op in repeats:
            return [av[2]]
        if op == c.SUBPATTERN:
            return [av[-1]]
        if op == c.BRANCH:
            return list(av[1])
        if op in (c.ASSERT, c.ASSERT_NOT):
            return [av[1]]
        if op == getattr(c, "ATOMIC_GROUP", None):
            return [av]
        return []

    def inner(seq, under_repeat: bool) -> str | None:
        for node in seq:
            op, av = node
            many = op in repeats and (av[1] == c.MAXREPEAT or av[1] > 1)
            if under_repeat and many:
                return N_("a repeated group holding another repeat, like (a+)+")
            if under_repeat and op == c.BRANCH:
                return N_("a repeated group holding alternatives, like (a|ab)*")
            for sub in items(node):
                why = inner(sub, under_repeat or many)
                if why:
                    return why
        return None

    def unbounded(seq) -> int:
        # A bounded repeat with a wide range (.{0,99}) backtracks like an unbounded one.
        n = 0
        for node in seq:
            op, av = node
            n += op in repeats and (av[1] == c.MAXREPEAT or av[1] - av[0] > WIDE_REPEAT)
            n += sum(unbounded(sub) for sub in items(node))
        return n

    parsed = sre_parse.parse(pattern)
    why = inner(parsed, False)
    if why is None and unbounded(parsed) > MAX_UNBOUNDED:
        # n unbounded repeats in a row backtrack in about len**(n+1) steps.
        why = (
            f"more than {MAX_UNBOUNDED} unbounded or wide repeats (+, *, {{n,}}, "
            f"{{m,n}} with n - m > {WIDE_REPEAT})"
        )
    return why


@dataclass
class Alias:
    group_key: str  # "a" or "b"
    match: str  # "exact" or "regex"
    pattern: str
    source: str  # "acled", "ucdp" or "any"
    affiliate: bool = False
    valid_from: pd.Timestamp | None = None
    valid_to: pd.Timestamp | None = None
    where: str = ""  # "table.csv:line", for messages

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
        raise PresetError(N_("bad date {text} in preset table"), text=repr(text)) from err


def load_presets(path: str | Path | None = None) -> dict[str, Preset]:
    """Read the preset table; raise PresetError naming the problem."""
    path = Path(path) if path else PRESETS_FILE
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            rows = list(csv.DictReader(fh))
    except OSError as err:
        raise PresetError(
            N_("cannot read preset table {path}: {error}"), path=path, error=err
        ) from err
    if not rows:
        raise PresetError(N_("preset table {path} has no rows"), path=path)
    missing = [c for c in REQUIRED_COLUMNS if c not in rows[0]]
    if missing:
        raise PresetError(
            N_("preset table {path} lacks columns: {missing}"),
            path=path,
            missing=", ".join(missing),
        )
    presets: dict[str, Preset] = {}
    for line, row in enumerate(rows, start=2):
        key = row["group_key"].strip().lower()
        if key not in ("a", "b"):
            raise PresetError(
                N_("{path}:{line}: group_key must be 'a' or 'b', not {key}"),
                path=path,
                line=line,
                key=repr(key),
            )
        match = row["match"].strip().lower()
        if match not in ("exact", "regex"):
            raise PresetError(
                N_("{path}:{line}: match must be 'exact' or 'regex'"), path=path, line=line
            )
        if match == "regex":
            try:
                re.compile(row["pattern"])
            except re.error as err:
                raise PresetError(
                    N_("{path}:{line}: bad regex: {error}"), path=path, line=line, error=err
                ) from err
            why = unsafe_regex(row["pattern"].strip())
            if why:
                raise PresetError(
                    N_(
                        "{path}:{line}: regex {pattern} refused: {why} can take "
                        "exponential time on a long actor name; write it without nesting"
                    ),
                    path=path,
                    line=line,
                    pattern=repr(row["pattern"].strip()),
                    why=Message(why),
                )
        name = row["preset"].strip()
        preset = presets.setdefault(name, Preset(name, "", ""))
        group = row["group"].strip()
        current = preset.group_a if key == "a" else preset.group_b
        if current and current != group:
            raise PresetError(
                N_("{path}:{line}: group {key} of {name} is both {current} and {group}"),
                path=path,
                line=line,
                key=key,
                name=repr(name),
                current=repr(current),
                group=repr(group),
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
                where=f"{Path(path).name}:{line}",
            )
        )
    for preset in presets.values():
        if not preset.group_a or not preset.group_b:
            raise PresetError(
                N_("preset {name} needs both a group 'a' and a group 'b'"), name=repr(preset.name)
            )
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


def _slow_alias(name: str, aliases: list[Alias], separator) -> Alias | None:
    """The alias whose pattern took longest on ``name`` (after a slow match)."""
    worst, worst_t = None, 0.0
    for al in aliases:
        t0 = time.perf_counter()
        name_bits(name, [al], separator)
        if time.perf_counter() - t0 > worst_t:
            worst, worst_t = al, time.perf_counter() - t0
    return worst


def _bits_of(uniques, aliases, separator, is_canceled) -> np.ndarray:
    """``name_bits`` of each distinct actor cell, the cancel polled between cells; a cell
    whose match takes longer than SLOW_MATCH_SECONDS refuses the pattern responsible."""
    out = np.zeros(len(uniques), dtype=np.int64)
    for k, u in enumerate(uniques):
        if k % 256 == 0 and is_canceled is not None and is_canceled():
            from .csvfile import Canceled

            raise Canceled()
        t0 = time.perf_counter()
        out[k] = name_bits(u, aliases, separator)
        if time.perf_counter() - t0 > SLOW_MATCH_SECONDS:
            al = _slow_alias(u, aliases, separator)
            where = f"{al.where}: " if al is not None and al.where else ""
            raise PresetError(
                N_(
                    "{where}regex {pattern} took over {seconds} s on the actor name {name}: rewrite it"
                ),
                where=where,
                pattern=repr(al.pattern if al else "?"),
                seconds=f"{SLOW_MATCH_SECONDS:g}",
                name=repr(u[:80]),
            )
    return out


def side_membership(
    cells: list[pd.Series],
    dates: pd.Series,
    aliases: list[Alias],
    separator: re.Pattern = LIST_ACLED,
    is_canceled=None,
) -> SideMembers:
    """For one side of an event (several actor columns), is A / B / ambiguous on it?

    Vectorised: each distinct actor string is matched once, then rows are
    combined with bit operations and the aliases' validity dates. ``is_canceled`` is
    polled between actor strings (raises ``csvfile.Canceled``).
    """
    if len(aliases) > 60:
        raise PresetError(N_("a preset may hold at most 60 aliases per source"))
    for al in aliases:  # aliases built in code, not read from a table, are checked too
        why = al.match == "regex" and unsafe_regex(al.pattern)
        if why:
            where = f"{al.where}: " if al.where else ""
            raise PresetError(
                N_("{where}regex {pattern} refused: {why}"),
                where=where,
                pattern=repr(al.pattern),
                why=Message(why),
            )
    bits = np.zeros(len(dates), dtype=np.int64)
    for col in cells:
        codes, uniques = pd.factorize(col.fillna("").astype(str))
        lut = _bits_of(uniques, aliases, separator, is_canceled)
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
