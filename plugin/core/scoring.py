"""Score zones of parallel against contested operation, per zone and time window.

Three questions are kept apart (docs/methodology.md gives the formulas):
1. Does the source cover the zone in the window? (``coverage``, from ``core.coverage``.)
2. Where they are both present, do the groups fight? Clashes between them, their share of
   the two groups' distinct events and its 90 % Clopper-Pearson interval.
3. Do they share ground? Months with own events of both, the within-zone co-location test
   (``withinzone``: intermixed or apart inside the zone; for a partition also with each
   group's place counted once and on precise events) and, with ``theatre_clq``, the
   theatre-relative quotients (``colocation``: the zone's mix against the whole dataset).

Presence may be claimed anywhere, absence only where the source looked: a class resting
on an absence (``definitions.ABSENCE_CLASSES``) needs ``min_coverage``, else no_data.
Clash evidence is never hidden: from ``min_clashes`` clashes a zone is contested or
skirmish, and a zone with any clash is never one-group.

Classes are decided by one ordered rule list, ``class_rules`` (the first rule that holds
decides; see ``definitions.ZONE_CLASSES``). The same rules run again with the window's
ambiguous ("A and/or B") events counted for A, then for B: ``class_if_ambiguous_a/b``.

Joint operations (side ``joint``, ``core.joint``) are activity of both groups wherever
presence and months are counted, once among the distinct events, never clashes; they
decide ``cooperative`` (at least ``min_joint`` of them and fewer than ``min_clashes``
clashes, right after ``contested``). They stay out of the co-location tests, as clashes
do (direct evidence of a relation, not where each group acts on its own), and stay joint
in the ambiguity sensitivity (only ambiguous events are given to A or B).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from .. import definitions as d
from . import colocation, withinzone
from .windows import in_window
from .withinzone import benjamini_hochberg

Canceled = colocation.Canceled


@dataclass
class ScoreParams:
    min_events: int = 5  # MIN_EVENTS: fewer distinct events -> low_data
    min_share: float = 0.10  # MIN_SHARE: the smaller group's least share for "both present"
    min_clashes: int = 2  # MIN_CLASHES
    min_joint: int = 2  # joint operations for a cooperative zone (issue 17)
    clash_share_full: float = 0.10  # CLASH_SHARE: contested_score reaches 1 here
    k: int = 8
    permutations: int = 99
    seed: int | None = 1
    alpha: float = 0.05
    confidence: float = 0.90  # of the clash-share interval (ends: one-sided 95 % bounds)
    exclude_geo_prec3: bool = True  # geo_precision 3 events left out of co-location tests
    # MIN_COVERAGE: classes resting on an absence need the source to cover this share of
    # the zone-window (area share x day share), else no_data
    min_coverage: float = 0.5
    # THEATRE_CLQ: the theatre-relative quotients (lclq_*, colocation, clq_*_global); about
    # 45 % false positives (docs/methodology.md), so off in the algorithm's default output
    theatre_clq: bool = True
    # fewest precise (geo_precision 1) own events of each group for p_wab/wba_precise
    min_precise: int = 5


# What scoring reads from an incident layer (no event ids or clash flags: the side says it
# all, and skipping ids saves a third of the read at 1M events). geo_prec is optional.
FIELDS = (d.F_DATE, d.F_DATE_END, d.F_SIDE, d.F_GROUP, d.F_FATALITIES, d.F_SOURCE, d.F_GEO_PREC)

# Output columns in order (zone attributes and geometry are added by the caller). The
# fields up to source_ds are the original contract; later ones were added after it.
SCORE_FIELDS = [
    ("window_start", "date"),
    ("window_end", "date"),
    ("group_a", "str"),
    ("group_b", "str"),
    ("events_a", "int"),
    ("events_b", "int"),
    ("events_clash", "int"),
    ("events_ambiguous", "int"),
    ("fatal_a", "int"),
    ("fatal_b", "int"),
    ("fatal_clash", "int"),
    ("months_a", "int"),
    ("months_b", "int"),
    ("months_both", "int"),
    ("copresence", "float"),
    ("balance", "float"),
    ("clash_share", "float"),
    ("lclq_ab", "float"),
    ("p_ab", "float"),
    ("lclq_ba", "float"),
    ("p_ba", "float"),
    ("colocation", "str"),
    ("clq_ab_global", "float"),
    ("clq_ba_global", "float"),
    ("dominance", "float"),
    ("turnover", "int"),
    ("parallel_score", "float"),
    ("contested_score", "float"),
    ("zone_class", "str"),
    ("zone_label", "str"),
    ("source_ds", "str"),
    ("clash_share_lo", "float"),
    ("clash_share_hi", "float"),
    ("wclq_ab", "float"),
    ("p_wab", "float"),
    ("q_wab", "float"),
    ("wclq_ba", "float"),
    ("p_wba", "float"),
    ("q_wba", "float"),
    ("coverage", "float"),
    ("class_reason", "str"),
    ("class_if_ambiguous_a", "str"),
    ("class_if_ambiguous_b", "str"),
    ("class_stable", "int"),
    ("previous_class", "str"),
    ("transition", "str"),
    ("events_joint", "int"),
    ("fatal_joint", "int"),
    ("places_a", "int"),
    ("places_b", "int"),
    ("p_wab_places", "float"),
    ("p_wba_places", "float"),
    ("p_wab_precise", "float"),
    ("p_wba_precise", "float"),
]
# The theatre-relative outputs, written only with THEATRE_CLQ.
THEATRE_FIELDS = ("lclq_ab", "p_ab", "lclq_ba", "p_ba", "colocation", "clq_ab_global",
                  "clq_ba_global")  # fmt: skip
SCORE_FIELD_NAMES = [n for n, _ in SCORE_FIELDS]


# --- months ---------------------------------------------------------------------------


def _month_key(dates: np.ndarray) -> np.ndarray:
    return dates.astype("datetime64[M]").astype(np.int64)


def _distinct_months(zone: np.ndarray, months: np.ndarray, n_zones: int) -> np.ndarray:
    """Number of distinct months per zone (vectorised via unique pairs)."""
    ok = zone >= 0
    if not ok.any():
        return np.zeros(n_zones, dtype=np.int64)
    m = months[ok] - months[ok].min()
    span = int(m.max()) + 1
    key = zone[ok] * span + m
    if n_zones * span <= 50_000_000:  # a presence table: no sort of a million keys
        seen = np.zeros(n_zones * span, dtype=bool)
        seen[key] = True
        return seen.reshape(n_zones, span).sum(axis=1)
    return np.bincount(np.unique(key) // span, minlength=n_zones)


class _Presence:
    """Which (zone, month) pairs hold events of a kind; intersections counted per zone."""

    def __init__(self, zone: np.ndarray, months: np.ndarray, n_zones: int):
        ok = zone >= 0
        self.n_zones = n_zones
        self.m0 = int(months[ok].min()) if ok.any() else 0
        self.span = int(months[ok].max()) - self.m0 + 1 if ok.any() else 1
        self.key = np.where(ok, zone * self.span + (months - self.m0), -1)
        self.table = n_zones * self.span <= 50_000_000

    def of(self, mask: np.ndarray):
        keys = self.key[mask & (self.key >= 0)]
        if self.table:
            seen = np.zeros(self.n_zones * self.span, dtype=bool)
            seen[keys] = True
            return seen
        return np.unique(keys)

    def count(self, present) -> np.ndarray:
        if self.table:
            return present.reshape(self.n_zones, self.span).sum(axis=1)
        return np.bincount(present // self.span, minlength=self.n_zones)

    def both(self, x, y) -> np.ndarray:
        return self.count(x & y if self.table else np.intersect1d(x, y, assume_unique=True))

    def either(self, x, y):
        return x | y if self.table else np.union1d(x, y)


def _months_both(zone, months, is_a, is_b, n_zones) -> tuple[np.ndarray, np.ndarray]:
    """Months in which both groups were active, and months with any activity."""
    pres = _Presence(zone, months, n_zones)
    has_a, has_b = pres.of(is_a), pres.of(is_b)
    return pres.both(has_a, has_b), pres.count(pres.either(has_a, has_b))


# --- evidence and classes ---------------------------------------------------------------


def clopper_pearson(k, n, confidence: float = 0.90) -> tuple[np.ndarray, np.ndarray]:
    """Clopper-Pearson interval of k successes in n trials (NaN where n = 0).

    At 90 % its ends are the one-sided 95 % bounds: 0 in 11 gives (0, 0.238).
    """
    k = np.asarray(k, dtype=float)
    n = np.asarray(n, dtype=float)
    tail = (1.0 - confidence) / 2.0
    with np.errstate(invalid="ignore", divide="ignore"):
        lo = np.where(k > 0, stats.beta.ppf(tail, k, n - k + 1), 0.0)
        hi = np.where(k < n, stats.beta.ppf(1.0 - tail, k + 1, n - k), 1.0)
    lo = np.where(n > 0, lo, np.nan)
    hi = np.where(n > 0, hi, np.nan)
    return lo, hi


@dataclass
class Evidence:
    """Per zone of one window: what the class rules read."""

    n_a: np.ndarray  # events of A, clashes and joint operations included
    n_b: np.ndarray
    n_clash: np.ndarray
    own_a: np.ndarray  # events of A that are not clashes (joint operations included)
    own_b: np.ndarray
    months_common: np.ndarray  # months with own events of both groups
    months_needed: int  # 2, or 1 in a window of a month or less
    coverage: np.ndarray  # NaN: unknown (no_data never decided)
    p_wab: np.ndarray
    p_wba: np.ndarray
    wclq_ab: np.ndarray
    wclq_ba: np.ndarray
    n_joint: np.ndarray | None = None  # joint operations of A and B (None: none)
    n_amb: np.ndarray | None = None  # ambiguous ("A and/or B") events (None: none)
    # The within-zone test once per group and place, and on precise events only: p-values
    # and directions (-1: apart); NaN p where not tested (None: not run).
    p_places: tuple | None = None  # (p_wab, p_wba, dir_wab, dir_wba)
    p_precise: tuple | None = None
    # For the reasons: distinct places (places_a, places_b) and precise own events
    # (n_a, n_b) per zone (None: not known, e.g. no geo_precision in the data).
    places: tuple | None = None
    n_precise: tuple | None = None

    def __post_init__(self):
        zero = np.zeros_like(np.asarray(self.n_a))
        if self.n_joint is None:
            self.n_joint = zero
        if self.n_amb is None:
            self.n_amb = zero

    @property
    def distinct(self) -> np.ndarray:
        """The two groups' distinct events: a clash or a joint operation counts once."""
        return self.n_a + self.n_b - self.n_clash - self.n_joint

    @property
    def clash_share(self) -> np.ndarray:
        dist = self.distinct
        return np.where(dist > 0, self.n_clash / np.maximum(dist, 1), 0.0)

    @property
    def minority(self) -> np.ndarray:
        total = self.n_a + self.n_b
        return np.minimum(self.n_a, self.n_b) / np.maximum(total, 1)

    def clash_bounds(self, p: ScoreParams) -> tuple[np.ndarray, np.ndarray]:
        return clopper_pearson(self.n_clash, self.distinct, p.confidence)

    def with_ambiguous(self, n_amb, months_common, side: str) -> Evidence:
        """The evidence with the ambiguous events counted as own events of ``side``."""
        add_a, add_b = (n_amb, 0) if side == d.SIDE_A else (0, n_amb)
        return Evidence(
            n_a=self.n_a + add_a,
            n_b=self.n_b + add_b,
            n_clash=self.n_clash,
            own_a=self.own_a + add_a,
            own_b=self.own_b + add_b,
            months_common=months_common,
            months_needed=self.months_needed,
            coverage=self.coverage,
            p_wab=self.p_wab,
            p_wba=self.p_wba,
            wclq_ab=self.wclq_ab,
            wclq_ba=self.wclq_ba,
            n_joint=self.n_joint,
            p_places=self.p_places,
            p_precise=self.p_precise,
            places=self.places,
            n_precise=self.n_precise,
        )

    def apart(self, p: ScoreParams) -> np.ndarray:
        """The within-zone test finds both groups apart (both directions, below 1)."""
        return (
            (self.p_wab < p.alpha) & (self.p_wba < p.alpha) & (self.wclq_ab < 1)
            & (self.wclq_ba < 1)
        )  # fmt: skip

    def apart_robust(self, p: ScoreParams) -> np.ndarray:
        """Apart also with each group's place counted once and, where there are enough
        precise events, on precise events only (a partition of real ground, not of
        repeated events at a few places)."""
        ok = np.ones(len(self.n_a), dtype=bool)
        for test, needed in ((self.p_places, True), (self.p_precise, False)):
            if test is None:
                continue
            pab, pba, dab, dba = test
            held = (pab < p.alpha) & (pba < p.alpha) & (dab < 0) & (dba < 0)
            ok &= held if needed else (held | ~(np.isfinite(pab) & np.isfinite(pba)))
        return ok


def class_rules(e: Evidence, p: ScoreParams) -> list[tuple[str, np.ndarray, object]]:
    """The class rules in order of precedence: (class, holds, value where it holds).

    The first rule that holds decides (``classify``); zones no rule takes are
    ``undetermined``: both present and not contested, but co-presence is not shown.
    A new class is one more line here, at its place in the order.
    """
    dist = e.distinct
    _, hi = e.clash_bounds(p)
    one_group = (e.n_a == 0) | (e.n_b == 0) | (e.minority < p.min_share)
    clashes = e.n_clash >= p.min_clashes
    return [
        (d.Z_NO_DATA, (e.coverage == 0) & (dist == 0), d.Z_NO_DATA),
        (d.Z_INACTIVE, (dist == 0) & (e.n_amb == 0), d.Z_INACTIVE),
        # Fewer than MIN_EVENTS ambiguous events fall to low_data (one event is no pattern).
        (d.Z_UNATTRIBUTED, (dist == 0) & (e.n_amb >= p.min_events), d.Z_UNATTRIBUTED),
        (
            d.Z_CONTESTED,
            clashes & (e.clash_share >= p.clash_share_full / 2.0),
            d.Z_CONTESTED,
        ),
        # Clash evidence is never hidden: from MIN_CLASHES clashes on, no later class.
        (d.Z_SKIRMISH, clashes, d.Z_SKIRMISH),
        (d.Z_COOPERATIVE, e.n_joint >= p.min_joint, d.Z_COOPERATIVE),
        (d.Z_LOW_DATA, dist < p.min_events, d.Z_LOW_DATA),
        # A clash puts both groups there: never "one group only".
        (
            d.Z_A_ONLY,
            one_group & (e.n_clash == 0),
            np.where(e.n_a >= e.n_b, d.Z_A_ONLY, d.Z_B_ONLY),
        ),
        (d.Z_UNDETERMINED, one_group | ~(hi < p.clash_share_full), d.Z_UNDETERMINED),
        (d.Z_PARTITIONED, e.apart(p) & e.apart_robust(p), d.Z_PARTITIONED),
        (
            d.Z_PARALLEL,
            (e.own_a > 0) & (e.own_b > 0) & (e.months_common >= e.months_needed),
            d.Z_PARALLEL,
        ),
    ]


def classify(e: Evidence, p: ScoreParams) -> np.ndarray:
    """The class of each zone: the first of ``class_rules`` that holds; then a class that
    rests on an absence (``definitions.ABSENCE_CLASSES``) where the source covers less
    than ``min_coverage`` of the zone-window is no_data (unknown coverage: kept)."""
    rules = class_rules(e, p)
    n = len(e.n_a)
    conds = [np.broadcast_to(np.asarray(c, dtype=bool), (n,)) for _, c, _ in rules]
    values = [np.broadcast_to(np.asarray(v, dtype=object), (n,)) for _, _, v in rules]
    cls = np.select(conds, values, default=d.Z_UNDETERMINED).astype(object)
    unseen = np.isin(cls, d.ABSENCE_CLASSES) & (np.asarray(e.coverage) < p.min_coverage)
    cls[unseen] = d.Z_NO_DATA
    return cls


def _pct(x: float) -> str:
    if 0 < x < 0.001:  # "0.0 %" would read as nothing at all
        return "< 0.1 %"
    return f"{100 * x:.0f} %" if x >= 0.1 or x == 0 else f"{100 * x:.1f} %"


def _within_words(i: int, e: Evidence, p: ScoreParams, names: tuple[str, str]) -> str:
    """What the within-zone co-location of zone ``i`` says, in words (both directions)."""
    ab, pab, ba, pba = e.wclq_ab[i], e.p_wab[i], e.wclq_ba[i], e.p_wba[i]
    if not np.isfinite([ab, pab, ba, pba]).all():
        return "within-zone co-location not tested"
    numbers = f"within-zone co-location {ab:.2f} (p {pab:.2f}) and {ba:.2f} (p {pba:.2f})"
    # (own group, the other, quotient, p): A's events and their B neighbours, then B's.
    dirs = [(names[0], names[1], ab, pab), (names[1], names[0], ba, pba)]
    sig = [x for x in dirs if x[3] < p.alpha]
    if not sig:
        return f"{numbers}: neither intermixed nor apart beyond chance inside the zone"
    said = [
        f"{own}'s events have {'more' if q > 1 else 'fewer'} {other} events nearby than "
        "the zone's mix predicts"
        for own, other, q, _p in sig
    ]
    if len(sig) == 1:
        own, _other, q, _p = next(x for x in dirs if x[3] >= p.alpha)
        same = (q < 1) == (sig[0][2] < 1)
        said.append(
            f"{own}'s {'lean the same way' if same else 'do not'}, not significantly"
            + (" (partitioned needs both directions apart)" if sig[0][2] < 1 else "")
        )
    return f"{numbers}: " + "; ".join(said)


def _n(k: int, word: str, plural: str | None = None) -> str:
    return f"{k} {word if k == 1 else plural or word + 's'}"


def _seen(i: int, e: Evidence, names: tuple[str, str]) -> str:
    """What the data hold in zone ``i``: the events of each kind that are not 0."""
    own_a = int(e.n_a[i] - e.n_clash[i] - e.n_joint[i])
    own_b = int(e.n_b[i] - e.n_clash[i] - e.n_joint[i])
    parts = [
        _n(own_a, f"{names[0]} event") if own_a else "",
        _n(own_b, f"{names[1]} event") if own_b else "",
        _n(int(e.n_clash[i]), "clash", "clashes") if e.n_clash[i] else "",
        _n(int(e.n_joint[i]), "joint operation") if e.n_joint[i] else "",
        _n(int(e.n_amb[i]), "ambiguous event") if e.n_amb[i] else "",
    ]
    return ", ".join(x for x in parts if x) or "no event"


def coverage_words(cov: float) -> str:
    """Coverage as what it is: a share of the zone's area times a share of the window's
    days (a zone half inside the source's countries for the whole window reads 50 %)."""
    return (
        f"the source covers {_pct(cov)} of this zone (share of its area covered × share "
        "of the window's days)"
    )


def class_reasons(
    cls: np.ndarray, e: Evidence, p: ScoreParams, names: tuple[str, str], n_amb: np.ndarray,
    stable: np.ndarray,
) -> list[str]:  # fmt: skip
    """The reason for each class, in words an analyst can read out. Every reason states
    the clashes and the ambiguous events when there are any, the coverage when it is
    partial, and each co-location test that ran (events, places, precise events) where
    the groups are apart on events."""
    name_a, name_b = names
    lo, hi = e.clash_bounds(p)
    dist, share = e.distinct, e.clash_share
    apart = e.apart(p)
    contested_needs = (
        f"contested needs {p.min_clashes} clashes and a {_pct(p.clash_share_full / 2)} share"
    )
    out = []
    for i, c in enumerate(cls):
        n, k = int(dist[i]), int(e.n_clash[i])
        k_amb = int(n_amb[i])
        clashes = f"{_n(k, 'clash', 'clashes')} in {_n(n, 'event')}"
        cov = e.coverage[i]
        said_cov = said_amb = False
        if c == d.Z_NO_DATA:
            # What was seen, and why what was not seen says nothing here.
            if np.isfinite(cov) and cov > 0:
                text = (
                    f"{coverage_words(cov)}, below the {_pct(p.min_coverage)} needed to read "
                    "an absence"
                )
            else:
                text = "the source does not cover this zone in this window"
            if n or k_amb:
                text = f"{_seen(i, e, names)}; {text}"
            said_cov = said_amb = True
        elif c == d.Z_INACTIVE:
            text = f"no event of {name_a} or {name_b}"
        elif c == d.Z_UNATTRIBUTED:
            text = (
                f"{_n(k_amb, 'ambiguous event')} ({name_a} and/or {name_b}), none "
                "attributed to either group"
            )
            said_amb = True
        elif c == d.Z_CONTESTED:
            text = (
                f"{clashes}: a clash share of {_pct(share[i])} (90 % interval "
                f"{_pct(lo[i])}–{_pct(hi[i])}); contested from {p.min_clashes} clashes and "
                f"a {_pct(p.clash_share_full / 2)} share"
            ) + _only_in_clashes(i, e, names)
        elif c == d.Z_SKIRMISH:
            text = (
                f"{clashes}: the groups fight, but a clash share of {_pct(share[i])} (90 % "
                f"interval {_pct(lo[i])}–{_pct(hi[i])}) is under the "
                f"{_pct(p.clash_share_full / 2)} of a contested zone"
            ) + _only_in_clashes(i, e, names)
        elif c == d.Z_COOPERATIVE:
            j = int(e.n_joint[i])
            text = (
                f"{j} joint operations of {name_a} and {name_b} in {n} events; {k} "
                f"clash{'es' if k != 1 else ''}, fewer than {p.min_clashes}"
            )
        elif c == d.Z_LOW_DATA and n == 0:
            # only ambiguous events, too few to say even that
            text = (
                f"{_n(k_amb, 'event')}, all '{name_a} and/or {name_b}' (fewer than "
                f"{p.min_events}: too few to read as only uncertain attributions)"
            )
            said_amb = True
        elif c == d.Z_LOW_DATA:
            text = f"{_n(n, 'event')}, fewer than {p.min_events}"
            if k:
                text += f" ({_n(k, 'clash', 'clashes')}, fewer than {p.min_clashes})"
        elif c in (d.Z_A_ONLY, d.Z_B_ONLY):
            minor = name_b if c == d.Z_A_ONLY else name_a
            text = (
                f"no event of {minor}"
                if min(e.n_a[i], e.n_b[i]) == 0
                else _minority_words(i, e, p, names)
            )
        elif c == d.Z_UNDETERMINED and (e.minority[i] < p.min_share or not e.n_a[i] * e.n_b[i]):
            # one group in the minority, but a clash puts both there
            text = (
                f"{clashes}: the clash{'es put' if k != 1 else ' puts'} both groups here, "
                f"but {_minority_words(i, e, p, names)}; {contested_needs}"
            )
        elif c == d.Z_UNDETERMINED and hi[i] >= p.clash_share_full:
            text = (
                f"{clashes}: a {_pct(hi[i])} clash share cannot be ruled out (parallel needs "
                f"its 95 % bound below {_pct(p.clash_share_full)}; {contested_needs})"
            )
        elif c == d.Z_UNDETERMINED:
            common = int(e.months_common[i])
            text = (
                f"both groups present, but own events of both in only {common} "
                f"month{'s' if common != 1 else ''} (co-presence not shown)"
            )
            if k:
                text += f"; {clashes}"
        elif c == d.Z_PARTITIONED:
            held, _failed, not_run = _robust_results(i, e, p, names)
            text = (
                "each group on its own ground inside the zone: apart on events (within-zone "
                f"co-location {e.wclq_ab[i]:.2f} (p {e.p_wab[i]:.2f}) and {e.wclq_ba[i]:.2f} "
                f"(p {e.p_wba[i]:.2f}))"
                + "".join(f"{' and' if x is held[-1] else ','} {x}" for x in held)
                + "".join(f"; {x}" for x in not_run)
                + f"; {clashes}, clash share at most {_pct(hi[i])} (95 % bound)"
            )
        else:  # parallel
            text = (
                f"both active in {int(e.months_common[i])} common months; {clashes}, "
                f"clash share at most {_pct(hi[i])} (95 % bound, below the "
                f"{_pct(p.clash_share_full)} a parallel zone must rule out; "
                f"{contested_needs}); " + _within_words(i, e, p, names)
            )
        if apart[i] and c != d.Z_PARTITIONED:
            # Only the tests that ran are reported (they run where a partition on events
            # was to be checked); the clause is worded from the test that failed.
            held, failed, _not_run = _robust_results(i, e, p, names)
            if failed:
                how = " and ".join(
                    w
                    for w, words in (
                        ("repeated events at the same places", "place counted once"),
                        ("imprecisely located events", "precise events"),
                    )
                    if any(words in f for f in failed)
                )
                tests = [f"on events (p {e.p_wab[i]:.2f} and {e.p_wba[i]:.2f})", *held]
                text += (
                    f"; apart only through {how}: apart {' and '.join(tests)}, but not "
                    f"{' and not '.join(failed)}; so not partitioned"
                )
            elif held:
                text += f"; apart also {' and '.join(held)}"
        j = int(e.n_joint[i])
        if j and c != d.Z_COOPERATIVE:  # joint operations are reported whatever the class
            text += f"; {_n(j, 'joint operation')} of the two groups"
        if not said_cov and np.isfinite(cov) and cov < 0.995:  # ("100 %" reads as full)
            text += f"; {coverage_words(cov)}"
        if not stable[i]:
            text += f"; {_n(k_amb, 'ambiguous event')} could change the class"
        elif k_amb and not said_amb:  # stated whatever the class (issue: Soum 2019)
            text += (
                f"; {_n(k_amb, 'ambiguous event')} ({name_a} and/or {name_b}), the class "
                "the same when they are counted for either group"
            )
        out.append(text)
    return out


def _minority_words(i: int, e: Evidence, p: ScoreParams, names: tuple[str, str]) -> str:
    """The smaller group's part in zone ``i`` against the larger's: each counted in the
    zone's distinct events (a clash is an event of both), the share the MIN_SHARE rule
    reads being the one count against the two."""
    a_major = e.n_a[i] >= e.n_b[i]
    minor, major = (names[1], names[0]) if a_major else names
    n_minor, n_major = int(min(e.n_a[i], e.n_b[i])), int(max(e.n_a[i], e.n_b[i]))
    own = int(n_minor - e.n_clash[i] - e.n_joint[i])
    what = "" if own == n_minor else (f" ({own} of its own)" if own else " (none of its own)")
    return (
        f"{minor} takes part in only {n_minor} of the {_n(int(e.distinct[i]), 'event')}"
        f"{what}, {major} in {n_major}: {n_minor} against {n_major} is {_pct(e.minority[i])}, "
        f"below {_pct(p.min_share)}"
    )


def _only_in_clashes(i: int, e: Evidence, names: tuple[str, str]) -> str:
    """ "; ISGS appears only in the clashes (no event of its own)" where a group has no
    event of its own in zone ``i``, only clashes (and joint operations); else ""."""
    said = [
        name
        for name, n in zip(names, (e.n_a[i], e.n_b[i]), strict=True)
        if n - e.n_clash[i] - e.n_joint[i] == 0
    ]
    if not said:
        return ""
    where = "clashes and joint operations" if e.n_joint[i] else "clashes"
    one = len(said) == 1
    return (
        f"; {' and '.join(said)} appear{'s' if one else ''} only in the {where} (no event "
        f"of {'its' if one else 'their'} own)"
    )


def _robust_results(
    i: int, e: Evidence, p: ScoreParams, names: tuple[str, str]
) -> tuple[list[str], list[str], list[str]]:
    """The once-per-place and precise-event tests of zone ``i`` in words, in three lists:
    those that find the groups apart, those that ran and do not, and why a test did not
    run where the other one ran (a test runs only where a partition is to be checked)."""
    held, failed, not_run = [], [], []
    ran = [
        t is not None and np.isfinite(t[0][i]) and np.isfinite(t[1][i])
        for t in (e.p_places, e.p_precise)
    ]
    for j, (test, words) in enumerate(
        ((e.p_places, "with each group's place counted once"),
         (e.p_precise, "on precise events only"))
    ):  # fmt: skip
        where = ""
        if j == 0 and e.places is not None:
            pa, pb = int(e.places[0][i]), int(e.places[1][i])
            where = f"{names[0]} at {_n(pa, 'place')}, {names[1]} at {pb}; "
        if not ran[j]:
            if j == 1 and ran[0]:
                if e.n_precise is None:
                    not_run.append("the precise-event test could not run (no geo_precision)")
                else:
                    na, nb = int(e.n_precise[0][i]), int(e.n_precise[1][i])
                    not_run.append(
                        f"the precise-event test could not run ({names[0]} {na}, {names[1]} "
                        f"{nb} precise events; it needs {p.min_precise} of each)"
                    )
            continue
        pab, pba, dab, dba = (t[i] for t in test)
        said = f"{words} ({where}p {pab:.2f} and {pba:.2f})"
        (held if pab < p.alpha and pba < p.alpha and dab < 0 and dba < 0 else failed).append(said)
    return held, failed, not_run


def _colocation_class(res: pd.DataFrame, alpha: float) -> np.ndarray:
    high = ((res.p_ab < alpha) & (res.dir_ab > 0)) | ((res.p_ba < alpha) & (res.dir_ba > 0))
    low = ((res.p_ab < alpha) & (res.dir_ab < 0)) | ((res.p_ba < alpha) & (res.dir_ba < 0))
    out = np.full(len(res), "not significant", dtype=object)
    out[high.to_numpy() & ~low.to_numpy()] = "colocated"
    out[low.to_numpy() & ~high.to_numpy()] = "segregated"
    # Significant in opposite directions: the zone's own mix differs from the
    # theatre's (A->B > 1 while B->A < 1), not a sign of attraction or avoidance.
    out[(high & low).to_numpy()] = "asymmetric"
    out[((res.n_a == 0) | (res.n_b == 0)).to_numpy()] = "undefined"
    return out


def _empty_tests(n_zones: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    nan = np.full(n_zones, np.nan)
    zero = np.zeros(n_zones)
    theatre = pd.DataFrame(
        {"n_a": zero, "n_b": zero, "lclq_ab": nan, "lclq_ba": nan, "p_ab": nan, "p_ba": nan,
         "dir_ab": zero, "dir_ba": zero}
    )  # fmt: skip
    within = pd.DataFrame(
        {"n_a": zero, "n_b": zero, "wclq_ab": nan, "wclq_ba": nan, "p_wab": nan, "p_wba": nan}
    )  # fmt: skip
    return theatre, within


def tiebreak_key(events: pd.DataFrame) -> np.ndarray:
    """A per-event key from the event's own attributes (dates, side, fatalities,
    geo-precision): it orders events sharing coordinates whatever the row order."""
    key = np.zeros(len(events), dtype=np.uint64)
    mult = np.uint64(0x9E3779B97F4A7C15)
    cols = []
    for f in (d.F_DATE, d.F_DATE_END):
        if f in events:
            cols.append(events[f].to_numpy(dtype="datetime64[ns]").astype(np.int64))
    if d.F_SIDE in events:
        cols.append(pd.factorize(events[d.F_SIDE].to_numpy(dtype=object), sort=True)[0])
    for f in (d.F_FATALITIES, d.F_GEO_PREC):
        if f in events:
            cols.append(np.nan_to_num(events[f].to_numpy(dtype=float), nan=-1.0).astype(np.int64))
    with np.errstate(over="ignore"):
        for col in cols:
            key = (key ^ col.astype(np.uint64)) * mult
            key ^= key >> np.uint64(29)
    return key


# --- places and precise events -----------------------------------------------------------


def _places(xy: np.ndarray, zone: np.ndarray, mask: np.ndarray, n_zones: int) -> np.ndarray:
    """Distinct coordinates of the masked events per zone."""
    sel = mask & (zone >= 0)
    if not sel.any():
        return np.zeros(n_zones, dtype=np.int64)
    keys = pd.DataFrame({"z": zone[sel], "x": xy[sel, 0], "y": xy[sel, 1]}).drop_duplicates()
    return np.bincount(keys["z"].to_numpy(), minlength=n_zones).astype(np.int64)


def _subset_test(xy, is_b, zone, n_zones, sel, within, params, progress, is_canceled):
    """The within-zone test on the ``sel`` points: (p_wab, p_wba, dir_wab, dir_wba) per
    zone. A zone whose tested points are all selected keeps the main test's result (the
    same points make the same test); the others are tested again on their selection."""
    nan = np.full(n_zones, np.nan)
    tested = within["candidate"].to_numpy(bool)
    zi = np.where(zone >= 0, zone, 0)
    n_sel_a = np.bincount(zi[sel & ~is_b & (zone >= 0)], minlength=n_zones)
    n_sel_b = np.bincount(zi[sel & is_b & (zone >= 0)], minlength=n_zones)
    result = [nan.copy(), nan.copy(), np.zeros(n_zones), np.zeros(n_zones)]
    wdir = [np.sign(within[c].to_numpy(float) - 1.0) for c in ("wclq_ab", "wclq_ba")]
    same = tested & (n_sel_a == within["n_a"].to_numpy()) & (n_sel_b == within["n_b"].to_numpy())
    for j, col in enumerate(("p_wab", "p_wba")):
        result[j][same] = within[col].to_numpy(float)[same]
        result[2 + j][same] = wdir[j][same]
    redo = tested & ~same & (n_sel_a > 0) & (n_sel_b > 0)
    if redo.any():
        pick = sel & (zone >= 0) & redo[zi]
        res = withinzone.within_zone_colocation(
            xy[pick], is_b[pick].astype(np.int8), zone[pick], n_zones, k=params.k,
            permutations=params.permutations, seed=params.seed, progress=progress,
            is_canceled=is_canceled,
        )  # fmt: skip
        for j, col in enumerate(("p_wab", "p_wba")):
            result[j][redo] = res[col].to_numpy(float)[redo]
            q = res["wclq_ab" if j == 0 else "wclq_ba"].to_numpy(float)
            result[2 + j][redo] = np.sign(q - 1.0)[redo]
    return tuple(result)


def robust_tests(xy, is_b, zone, n_zones, pts, candidate, params, precise, progress=None,
                 is_canceled=None, within=None):  # fmt: skip
    """The within-zone test with each group's place counted once (the first event of a
    group at a coordinate stands for all of them: a village attacked ten times is one
    place), and on the precise events (``precise`` mask, geo_precision 1) of zones with at
    least ``min_precise`` of each group (else NaN). Each: (p_ab, p_ba, dir_ab, dir_ba).

    Run on the ``candidate`` zones (the caller's: those partitioned on events, the only
    zones whose class these tests decide); elsewhere NaN. (At 1,000,000 SYNTHETIC events
    testing every zone where the event test finds the groups apart took a quarter of
    scorezones' time.) ``within``: the event test's result (per zone n_a, n_b, wclq_ab/ba,
    p_wab/wba), reused where a selection keeps every point."""
    n = len(xy)
    within = within.assign(candidate=candidate)
    zi = np.where(zone >= 0, zone, 0)
    pts = pts & (zone >= 0) & candidate[zi]
    if precise is not None:
        precise = precise & pts
    first = np.zeros(n, dtype=bool)
    idx = np.flatnonzero(pts)
    if len(idx):
        keys = pd.DataFrame({"z": zone[idx], "b": is_b[idx], "x": xy[idx, 0], "y": xy[idx, 1]})
        first[idx[~keys.duplicated().to_numpy()]] = True
    half = (lambda f: progress(0.5 * f)) if progress is not None else None
    places = _subset_test(xy, is_b, zone, n_zones, first, within, params, half, is_canceled)
    if precise is None:
        nan = np.full(n_zones, np.nan)
        return places, (nan, nan.copy(), np.zeros(n_zones), np.zeros(n_zones))
    ok = zone >= 0
    enough = (np.bincount(zi[precise & ok & ~is_b], minlength=n_zones) >= params.min_precise) & (
        np.bincount(zi[precise & ok & is_b], minlength=n_zones) >= params.min_precise
    )
    half = (lambda f: progress(0.5 + 0.5 * f)) if progress is not None else None
    sel = precise & enough[zi]
    prec = _subset_test(xy, is_b, zone, n_zones, sel, within, params, half, is_canceled)
    for arr in prec[:2]:
        arr[~enough] = np.nan
    return places, prec


# --- one window -----------------------------------------------------------------------


@dataclass
class Tally:
    """A window's events counted elsewhere (a database, ``io.postgis``): ``n`` events and
    ``fatalities`` summed per (zone, month, side) row. With a tally, the event arrays
    given to ``score_window`` serve the co-location tests only."""

    zone: np.ndarray
    months: np.ndarray
    side: np.ndarray
    n: np.ndarray
    fatalities: np.ndarray


def score_window(
    x: np.ndarray,
    y: np.ndarray,
    side: np.ndarray,
    fatalities: np.ndarray,
    months: np.ndarray,
    zone: np.ndarray,
    n_zones: int,
    params: ScoreParams,
    progress: Callable[[float], None] | None = None,
    is_canceled: Callable[[], bool] | None = None,
    coverage: np.ndarray | None = None,
    months_needed: int = 2,
    geo_prec: np.ndarray | None = None,
    tiebreak: np.ndarray | None = None,
    names: tuple[str, str] = ("A", "B"),
    tally: Tally | None = None,
) -> pd.DataFrame:
    """All measures and the class for the events of one window (arrays filtered to it)."""
    is_a_only = side == d.SIDE_A
    is_b_only = side == d.SIDE_B
    # Counts and months: from the tally when one is given, else from the events.
    t = tally or Tally(zone, months, side, None, fatalities)
    zone_t, months_t = t.zone, t.months
    t_a, t_b = t.side == d.SIDE_A, t.side == d.SIDE_B
    is_clash = t.side == d.SIDE_CLASH
    is_amb = t.side == d.SIDE_AMBIGUOUS
    is_joint = t.side == d.SIDE_JOINT
    # A clash and a joint operation are activity of both groups.
    act_a = t_a | is_clash | is_joint
    act_b = t_b | is_clash | is_joint
    # Events and fatalities per zone and kind (a, b, clash, ambiguous, joint) in two passes.
    kinds = 5
    kind = np.select([t_a, t_b, is_clash, is_amb, is_joint], range(kinds), kinds)
    inz = (zone_t >= 0) & (kind < kinds)
    code = zone_t[inz] * kinds + kind[inz]
    size = max(n_zones, 0) * kinds
    weight = None if t.n is None else t.n[inz]
    events = np.bincount(code, weights=weight, minlength=size).reshape(n_zones, kinds)
    events = events.astype(np.int64)
    fatal = np.bincount(code, weights=t.fatalities[inz], minlength=size).reshape(n_zones, kinds)
    n_clash = events[:, 2]
    n_joint = events[:, 4]
    n_a = events[:, 0] + n_clash + n_joint
    n_b = events[:, 1] + n_clash + n_joint
    n_amb = events[:, 3]
    out = pd.DataFrame(
        {
            "events_a": n_a,
            "events_b": n_b,
            "events_clash": n_clash,
            "events_ambiguous": n_amb,
            "fatal_a": fatal[:, 0].astype(np.int64),
            "fatal_b": fatal[:, 1].astype(np.int64),
            "fatal_clash": fatal[:, 2].astype(np.int64),
            "events_joint": n_joint,
            "fatal_joint": fatal[:, 4].astype(np.int64),
        }
    )
    pres = _Presence(zone_t, months_t, n_zones)
    has_a, has_b = pres.of(act_a), pres.of(act_b)
    out["months_a"] = pres.count(has_a)
    out["months_b"] = pres.count(has_b)
    out["months_both"] = pres.both(has_a, has_b)
    anym = pres.count(pres.either(has_a, has_b))
    out["copresence"] = np.where(anym > 0, out["months_both"] / np.maximum(anym, 1), 0.0)
    total = n_a + n_b
    out["balance"] = np.where(total > 0, 2.0 * np.minimum(n_a, n_b) / np.maximum(total, 1), 0.0)
    distinct = total - n_clash - n_joint
    out["clash_share"] = np.where(distinct > 0, n_clash / np.maximum(distinct, 1), 0.0)
    out["dominance"] = np.where(total > 0, (n_a - n_b) / np.maximum(total, 1), 0.0)

    # Co-location of the two groups' own events (clashes and joint operations are direct
    # evidence of a relation, counted above, not a third kind of point; a joint operation
    # as a point of each group would be a perfect co-location made by the coding); events
    # placed only to a region's centroid are left out when asked (they stack on one point
    # and fake co-location).
    pts = is_a_only | is_b_only
    if params.exclude_geo_prec3 and geo_prec is not None:
        pts &= geo_prec != 3
    # (the main test takes 80 % of the progress, the places and precise tests the rest)
    part = (lambda f: progress(0.8 * f)) if progress is not None else None
    if pts.sum() >= 2 and (pts & is_a_only).any() and (pts & is_b_only).any():
        theatre, within = colocation.colocation_tests(
            np.column_stack([x[pts], y[pts]]),
            is_b_only[pts].astype(np.int8),
            zone[pts],
            n_zones,
            k=params.k,
            permutations=params.permutations,
            seed=params.seed,
            tiebreak=None if tiebreak is None else tiebreak[pts],
            within=True,
            progress=part,
            is_canceled=is_canceled,
            theatre=params.theatre_clq,
        )
        clq_ab, clq_ba = theatre.attrs.get("clq_ab", np.nan), theatre.attrs.get("clq_ba", np.nan)
    else:
        theatre, within = _empty_tests(n_zones)
        clq_ab = clq_ba = np.nan
    for col in ("lclq_ab", "p_ab", "lclq_ba", "p_ba"):
        out[col] = theatre[col].to_numpy(dtype=float)
    out["colocation"] = _colocation_class(theatre, params.alpha)
    if not params.theatre_clq:
        out["colocation"] = None
    out["clq_ab_global"] = clq_ab
    out["clq_ba_global"] = clq_ba
    for col in ("wclq_ab", "p_wab", "wclq_ba", "p_wba"):
        out[col] = within[col].to_numpy(dtype=float)
    out["q_wab"] = benjamini_hochberg(out["p_wab"])
    out["q_wba"] = benjamini_hochberg(out["p_wba"])
    # Robust to stacking and imprecision: distinct places per group, the test once per
    # group and place, and on precise events only.
    xy = np.column_stack([x, y])
    out["places_a"] = _places(xy, zone, is_a_only, n_zones)
    out["places_b"] = _places(xy, zone, is_b_only, n_zones)

    # The evidence, and again with the ambiguous events counted for either group (joint
    # operations stay joint: they are attributed, not ambiguous).
    own_a, own_b = pres.of(t_a | is_joint), pres.of(t_b | is_joint)
    amb = pres.of(is_amb)
    cov = np.full(n_zones, np.nan) if coverage is None else np.asarray(coverage, dtype=float)
    evidence = Evidence(
        n_a=n_a,
        n_b=n_b,
        n_clash=n_clash,
        own_a=n_a - n_clash,
        own_b=n_b - n_clash,
        months_common=pres.both(own_a, own_b),
        months_needed=months_needed,
        coverage=cov,
        p_wab=out["p_wab"].to_numpy(),
        p_wba=out["p_wba"].to_numpy(),
        wclq_ab=out["wclq_ab"].to_numpy(),
        wclq_ba=out["wclq_ba"].to_numpy(),
        n_joint=n_joint,
        n_amb=n_amb,
    )
    months_if_a = pres.both(pres.either(own_a, amb), own_b)
    months_if_b = pres.both(own_a, pres.either(own_b, amb))

    def classes():
        return (
            classify(evidence, params),
            classify(evidence.with_ambiguous(n_amb, months_if_a, d.SIDE_A), params),
            classify(evidence.with_ambiguous(n_amb, months_if_b, d.SIDE_B), params),
        )

    # The places and precise tests decide only whether a partition on events stands: run
    # them on the zones partitioned on events (as read, or with the ambiguous events
    # given to either group), then classify again.
    need = np.zeros(n_zones, dtype=bool)
    for c in classes():
        need |= c == d.Z_PARTITIONED
    part = (lambda f: progress(0.8 + 0.2 * f)) if progress is not None else None
    places, precise = robust_tests(
        xy, is_b_only, zone, n_zones, pts, need, params,
        None if geo_prec is None else pts & (geo_prec == 1), part, is_canceled, within,
    )  # fmt: skip
    out["p_wab_places"], out["p_wba_places"] = places[0], places[1]
    out["p_wab_precise"], out["p_wba_precise"] = precise[0], precise[1]
    evidence.p_places, evidence.p_precise = places, precise
    evidence.places = (out["places_a"].to_numpy(), out["places_b"].to_numpy())
    if geo_prec is not None:  # precise own events per group, for the reasons
        zi = np.where(zone >= 0, zone, 0)
        prec = pts & (geo_prec == 1) & (zone >= 0)
        evidence.n_precise = tuple(
            np.bincount(zi[prec & m], minlength=n_zones) for m in (is_a_only, is_b_only)
        )
    cls, if_a, if_b = classes()
    stable = (cls == if_a) & (cls == if_b)
    lo, hi = evidence.clash_bounds(params)
    out["clash_share_lo"], out["clash_share_hi"] = lo, hi

    # Scores that never contradict the class: contested_score >= 0.5 exactly where the
    # class is contested (the contested rule is that very test, and only no_data, inactive
    # and unattributed, zones without the groups' events, come before it; MIN_COVERAGE
    # never turns an evidence class into no_data); parallel_score > 0 only where the
    # class is parallel (then 0.5..1).
    contested = np.where(
        n_clash >= params.min_clashes,
        np.minimum(1.0, out["clash_share"] / params.clash_share_full),
        0.0,
    )
    # (the clamps only undo rounding: share / CLASH_SHARE and share >= CLASH_SHARE / 2
    # can disagree in the last bit)
    is_contested = cls == d.Z_CONTESTED
    out["contested_score"] = np.where(
        is_contested, np.maximum(contested, 0.5), np.minimum(contested, np.nextafter(0.5, 0))
    )
    strength = np.sqrt(out["balance"] * out["copresence"])
    out["parallel_score"] = np.where(cls == d.Z_PARALLEL, 0.5 + 0.5 * strength, 0.0)
    out["coverage"] = cov
    out["zone_class"] = cls
    out["class_if_ambiguous_a"] = if_a
    out["class_if_ambiguous_b"] = if_b
    out["class_stable"] = stable.astype(np.int64)
    out["class_reason"] = class_reasons(cls, evidence, params, names, n_amb, stable)
    return out


# --- all windows ----------------------------------------------------------------------


def score_zones(
    events: pd.DataFrame,
    x: np.ndarray,
    y: np.ndarray,
    zone: np.ndarray,
    n_zones: int,
    windows: list[tuple[pd.Timestamp, pd.Timestamp]],
    names: tuple[str, str],
    params: ScoreParams | None = None,
    progress: Callable[[float], None] | None = None,
    is_canceled: Callable[[], bool] | None = None,
    coverage: np.ndarray | None = None,
    tallies: list[Tally] | None = None,
    tiebreak: np.ndarray | None = None,
) -> pd.DataFrame:
    """One row per zone and window, zones fastest; ``zone_idx`` links to the zones.

    ``events`` holds the standard fields side, fatalities, event_date, date_end (and
    geo_prec when present); ``x``/``y`` are the events in metres (equal-area) and
    ``zone`` their zone index. ``coverage``: (windows x zones) share of each zone-window
    the source covers (None: unknown). ``tallies``: per window, the counts made
    elsewhere (``Tally``); ``events`` then holds only what the co-location tests need
    (the two groups' own events), with their ``tiebreak_key`` as computed on all events.
    """
    params = params or ScoreParams()
    side = events[d.F_SIDE].to_numpy(dtype=object)
    fat = events[d.F_FATALITIES].to_numpy(dtype=float)
    start = events[d.F_DATE].to_numpy(dtype="datetime64[ns]")
    end = events[d.F_DATE_END].fillna(events[d.F_DATE]).to_numpy(dtype="datetime64[ns]")
    geo = events[d.F_GEO_PREC].to_numpy(dtype=float) if d.F_GEO_PREC in events else None
    tiebreak = tiebreak_key(events) if tiebreak is None else tiebreak
    frames = []
    for w, (ws, we) in enumerate(windows):
        if is_canceled is not None and is_canceled():
            raise Canceled()
        sel = in_window(start, end, np.datetime64(ws), np.datetime64(we))
        # An event that began before the window is active in the window's first month.
        months = _month_key(np.maximum(start[sel], np.datetime64(ws, "ns")))
        # Windows of a month or less: "common months" means the same month.
        needed = 1 if (pd.Timestamp(we) - pd.Timestamp(ws)).days < 31 else 2

        def sub_progress(frac, w=w):
            if progress is not None:
                progress((w + frac) / len(windows))

        part = score_window(
            x[sel], y[sel], side[sel], fat[sel], months, zone[sel], n_zones, params,
            sub_progress, is_canceled,
            coverage=None if coverage is None else coverage[w],
            months_needed=needed,
            geo_prec=None if geo is None else geo[sel],
            tiebreak=tiebreak[sel],
            names=names,
            tally=None if tallies is None else tallies[w],
        )  # fmt: skip
        part.insert(0, "zone_idx", np.arange(n_zones))
        part.insert(1, "window_start", ws)
        part.insert(2, "window_end", we)
        frames.append(part)
        sub_progress(1.0)
    out = pd.concat(frames, ignore_index=True)
    name_a, name_b = names
    out["group_a"], out["group_b"] = name_a, name_b
    labels = {c: d.zone_label(c, name_a, name_b) for c in d.ZONE_CLASSES}
    out["zone_label"] = out["zone_class"].map(labels)
    # Rows are window-major with zones fastest, so a (windows x zones) grid.
    n_win = len(windows)
    # Turnover: the dominant group changed since the zone's previous window with data.
    dom = np.sign(out["dominance"].to_numpy(dtype=float))
    dom[(out["events_a"] + out["events_b"]).to_numpy() == 0] = np.nan
    grid = pd.DataFrame(dom.reshape(n_win, n_zones))
    prev = grid.ffill().shift(1).to_numpy().ravel()
    out["turnover"] = ((dom * prev) < 0).astype(int)
    # Transitions: the class in the zone's previous window, and the change if any.
    cls = out["zone_class"].to_numpy(dtype=object).reshape(n_win, n_zones)
    previous = np.full((n_win, n_zones), None, dtype=object)
    previous[1:] = cls[:-1]
    previous = previous.ravel()
    current = out["zone_class"].to_numpy(dtype=object)
    changed = np.array([p is not None and p != c for p, c in zip(previous, current)], dtype=bool)
    out["previous_class"] = previous
    out["transition"] = np.where(
        changed, [f"{p}→{c}" for p, c in zip(previous, current)], None
    ).astype(object)
    return out
