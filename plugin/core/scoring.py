"""Score zones of parallel against contested operation, per zone and time window.

Two questions are kept apart (docs/methodology.md gives the formulas):
1. Do the two groups share ground? Counts, months of co-presence and the local
   co-location quotient with its permutation test (``colocation``).
2. Where they share ground, do they fight? Clash events between them and their
   share of the two groups' activity.

Classes, in order of precedence:
  inactive   no event of either group
  low_data   fewer than ``min_events`` distinct events of the two groups
  contested  at least ``min_clashes`` clashes and contested_score >= 0.5
  parallel   both present (the smaller group has >= ``min_share`` of the events)
  a_only / b_only  otherwise, after the dominant group
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import definitions as d
from . import colocation
from .windows import in_window

Canceled = colocation.Canceled


@dataclass
class ScoreParams:
    min_events: int = 5
    min_share: float = 0.10
    min_clashes: int = 2
    clash_share_full: float = 0.10  # clash share at which contested_score reaches 1
    k: int = 8
    permutations: int = 99
    seed: int | None = 1
    alpha: float = 0.05


# Output columns in order (zone attributes and geometry are added by the caller).
# What scoring reads from an incident layer (no event ids or clash flags: the
# side says it all, and skipping ids saves a third of the read at 1M events).
FIELDS = (d.F_DATE, d.F_DATE_END, d.F_SIDE, d.F_GROUP, d.F_FATALITIES, d.F_SOURCE)

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
]
SCORE_FIELD_NAMES = [n for n, _ in SCORE_FIELDS]


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


def _months_both(zone, months, is_a, is_b, n_zones) -> tuple[np.ndarray, np.ndarray]:
    """Months in which both groups were active, and months with any activity."""
    ok = zone >= 0
    if not ok.any():
        z = np.zeros(n_zones, dtype=np.int64)
        return z, z
    span = int(months[ok].max() - months[ok].min() + 1)
    key = zone[ok] * span + (months[ok] - months[ok].min())
    has_a = np.zeros(n_zones * span, dtype=bool)
    has_b = np.zeros(n_zones * span, dtype=bool)
    has_a[key[is_a[ok]]] = True
    has_b[key[is_b[ok]]] = True
    both = (has_a & has_b).reshape(n_zones, span).sum(axis=1)
    anyz = (has_a | has_b).reshape(n_zones, span).sum(axis=1)
    return both, anyz


def classify(
    n_a: np.ndarray, n_b: np.ndarray, n_clash: np.ndarray, contested: np.ndarray, p: ScoreParams
) -> np.ndarray:
    distinct = n_a + n_b - n_clash
    total = np.maximum(n_a + n_b, 1)
    minority = np.minimum(n_a, n_b) / total
    both = (n_a > 0) & (n_b > 0) & (minority >= p.min_share)
    out = np.where(n_a >= n_b, d.Z_A_ONLY, d.Z_B_ONLY).astype(object)
    out[both] = d.Z_PARALLEL
    out[(n_clash >= p.min_clashes) & (contested >= 0.5)] = d.Z_CONTESTED
    out[distinct < p.min_events] = d.Z_LOW_DATA
    out[distinct == 0] = d.Z_INACTIVE
    return out


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
    tally: Tally | None = None,
) -> pd.DataFrame:
    """All measures for the events of one window (arrays already filtered to it)."""
    is_a_only = side == d.SIDE_A
    is_b_only = side == d.SIDE_B
    # Counts and months: from the tally when one is given, else from the events.
    t = tally or Tally(zone, months, side, None, fatalities)
    zone_t, months_t, weight = t.zone, t.months, t.n
    t_a, t_b = t.side == d.SIDE_A, t.side == d.SIDE_B
    is_clash = t.side == d.SIDE_CLASH
    is_amb = t.side == d.SIDE_AMBIGUOUS
    act_a = t_a | is_clash  # a clash is activity of both groups
    act_b = t_b | is_clash
    inz = zone_t >= 0
    zi = np.where(inz, zone_t, 0)

    def count(mask, weights=weight):
        w = None if weights is None else weights[mask & inz]
        return np.bincount(zi[mask & inz], weights=w, minlength=n_zones)

    n_a = count(act_a).astype(np.int64)
    n_b = count(act_b).astype(np.int64)
    n_clash = count(is_clash).astype(np.int64)
    out = pd.DataFrame(
        {
            "events_a": n_a,
            "events_b": n_b,
            "events_clash": n_clash,
            "events_ambiguous": count(is_amb).astype(np.int64),
            "fatal_a": count(t_a, t.fatalities).astype(np.int64),
            "fatal_b": count(t_b, t.fatalities).astype(np.int64),
            "fatal_clash": count(is_clash, t.fatalities).astype(np.int64),
        }
    )
    out["months_a"] = _distinct_months(np.where(act_a, zone_t, -1), months_t, n_zones)
    out["months_b"] = _distinct_months(np.where(act_b, zone_t, -1), months_t, n_zones)
    both, anym = _months_both(zone_t, months_t, act_a, act_b, n_zones)
    out["months_both"] = both
    out["copresence"] = np.where(anym > 0, both / np.maximum(anym, 1), 0.0)
    total = n_a + n_b
    out["balance"] = np.where(total > 0, 2.0 * np.minimum(n_a, n_b) / np.maximum(total, 1), 0.0)
    distinct = total - n_clash
    out["clash_share"] = np.where(distinct > 0, n_clash / np.maximum(distinct, 1), 0.0)
    out["dominance"] = np.where(total > 0, (n_a - n_b) / np.maximum(total, 1), 0.0)

    # Co-location of the two groups' own events (clashes are evidence of contest,
    # counted above, not a third kind of point).
    pts = is_a_only | is_b_only
    if pts.sum() >= 2 and is_a_only.any() and is_b_only.any():
        res = colocation.zone_colocation(
            np.column_stack([x[pts], y[pts]]),
            is_b_only[pts].astype(np.int8),
            zone[pts],
            n_zones,
            k=params.k,
            permutations=params.permutations,
            seed=params.seed,
            progress=progress,
            is_canceled=is_canceled,
        )
        clq_ab, clq_ba = res.attrs.get("clq_ab", np.nan), res.attrs.get("clq_ba", np.nan)
    else:
        nan = np.full(n_zones, np.nan)
        res = pd.DataFrame(
            {
                "n_a": np.zeros(n_zones),
                "n_b": np.zeros(n_zones),
                "lclq_ab": nan,
                "lclq_ba": nan,
                "p_ab": nan,
                "p_ba": nan,
                "dir_ab": np.zeros(n_zones),
                "dir_ba": np.zeros(n_zones),
            }
        )
        clq_ab = clq_ba = np.nan
    for col in ("lclq_ab", "p_ab", "lclq_ba", "p_ba"):
        out[col] = res[col].to_numpy(dtype=float)
    out["colocation"] = _colocation_class(res, params.alpha)
    out["clq_ab_global"] = clq_ab
    out["clq_ba_global"] = clq_ba

    # Fewer than min_clashes clashes are no evidence of contest (a stray clash can be
    # a misattribution), so the score agrees with the class.
    contested = np.where(
        n_clash >= params.min_clashes,
        np.minimum(1.0, out["clash_share"] / params.clash_share_full),
        0.0,
    )
    out["contested_score"] = contested
    out["parallel_score"] = (1.0 - contested) * np.sqrt(out["balance"] * out["copresence"])
    out["zone_class"] = classify(n_a, n_b, n_clash, contested, params)
    return out


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
    tallies: list[Tally] | None = None,
) -> pd.DataFrame:
    """One row per zone and window, zones fastest; ``zone_idx`` links to the zones.

    ``tallies``: per window, the counts made elsewhere (``Tally``); ``events`` then
    holds only what the co-location tests need (the two groups' own events).

    ``events`` holds the standard fields side, fatalities, event_date, date_end;
    ``x``/``y`` are the events in metres (equal-area) and ``zone`` their zone index.
    """
    params = params or ScoreParams()
    side = events[d.F_SIDE].to_numpy(dtype=object)
    fat = events[d.F_FATALITIES].to_numpy(dtype=float)
    start = events[d.F_DATE].to_numpy(dtype="datetime64[ns]")
    end = events[d.F_DATE_END].fillna(events[d.F_DATE]).to_numpy(dtype="datetime64[ns]")
    frames = []
    for w, (ws, we) in enumerate(windows):
        if is_canceled is not None and is_canceled():
            raise Canceled()
        sel = in_window(start, end, np.datetime64(ws), np.datetime64(we))
        # An event that began before the window is active in the window's first month.
        months = _month_key(np.maximum(start[sel], np.datetime64(ws, "ns")))

        def sub_progress(frac, w=w):
            if progress is not None:
                progress((w + frac) / len(windows))

        part = score_window(
            x[sel], y[sel], side[sel], fat[sel], months, zone[sel], n_zones, params,
            sub_progress, is_canceled, None if tallies is None else tallies[w],
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
    # Turnover: the dominant group changed since the zone's previous window with data.
    # Rows are window-major with zones fastest, so a (windows x zones) grid.
    dom = np.sign(out["dominance"].to_numpy(dtype=float))
    dom[(out["events_a"] + out["events_b"]).to_numpy() == 0] = np.nan
    grid = pd.DataFrame(dom.reshape(len(windows), n_zones))
    prev = grid.ffill().shift(1).to_numpy().ravel()
    out["turnover"] = ((dom * prev) < 0).astype(int)
    return out
