"""Keeping an incident store in step with ACLED's API: the pure part (no Qt, no QGIS).

What goes over the wire (``io.acled_api``) is turned here into the text table the
CSV import reads (``rows_frame``), and what a fetch changes in a store is planned
here (``plan_sync``): which stored events to remove, which to add, and the counts
the log and the metadata report. The import's rules themselves stay in
``core.incidents``: fetched rows go through ``load_frame`` like a CSV's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .. import definitions as d
from ..definitions import N_

LAYOUT_DYADIC = "dyadic"
LAYOUT_ACTOR_BASED = "actor-based"
LAYOUTS = [LAYOUT_DYADIC, LAYOUT_ACTOR_BASED]
# ACLED's own name of the actor-based layout (the ``export_type`` filter).
EXPORT_TYPE = {LAYOUT_DYADIC: "dyadic", LAYOUT_ACTOR_BASED: "monadic"}
# Columns an ACLED row has in the actor-based layout only as the dyadic's second side.
DYADIC_ONLY = ("actor2", "assoc_actor_2", "inter2", "interaction")
ID_COLUMN = "event_id_cnty"
FIRST_DAY = "1997-01-01"  # ACLED's coverage starts in 1997


def rows_frame(rows: list[dict], layout: str) -> pd.DataFrame:
    """API rows (every value a string) as the text table a CSV export reads into.

    Missing values become "" (the CSV reader's empty cell). The actor-based layout has
    no ``actor2`` column in a CSV export; a server that still sends one is not allowed
    to turn the rows into dyadic ones (the import tells the layouts apart by it).
    """
    columns: list[str] = []
    seen = set()
    for row in rows:
        for key in row:
            if key not in seen:
                seen.add(key)
                columns.append(key)
    if layout == LAYOUT_ACTOR_BASED:
        columns = [c for c in columns if c not in ("actor2", "assoc_actor_2")]
    if not columns:
        columns = [ID_COLUMN, "event_date", "actor1", "latitude", "longitude", "timestamp"]
    data = {
        c: np.array(["" if r.get(c) is None else str(r.get(c)) for r in rows], dtype=object)
        for c in columns
    }
    frame = pd.DataFrame(data, columns=columns)
    frame.attrs["header"] = list(columns)
    return frame


def inside_window(frame: pd.DataFrame, start: str | None, end: str) -> tuple[pd.DataFrame, int]:
    """The rows dated ``start``..``end`` (ISO days; no start: ACLED's first day) and how
    many were left out. A date that cannot be read stays: the import skips and counts it."""
    if "event_date" not in frame.columns or not len(frame):
        return frame, 0
    days = pd.to_datetime(frame["event_date"], format="%Y-%m-%d", errors="coerce")
    first, last = pd.Timestamp(start or FIRST_DAY), pd.Timestamp(end)
    keep = (days.isna() | ((days >= first) & (days <= last))).to_numpy()
    out = frame[keep].reset_index(drop=True)
    out.attrs.update(frame.attrs)
    return out, int((~keep).sum())


def newest_timestamp(values) -> int | None:
    """The newest ACLED ``timestamp`` among ``values`` (blanks and NULLs ignored)."""
    s = pd.to_numeric(pd.Series(list(values), dtype=object), errors="coerce").dropna()
    return int(s.max()) if len(s) else None


@dataclass
class SyncPlan:
    """What a fetch does to a store: remove ``remove_ids`` (their stored rows), then add
    ``insert`` (events in the standard schema). Counts are of events."""

    remove_ids: list = field(default_factory=list)
    insert: pd.DataFrame | None = None
    added: int = 0
    updated: int = 0
    deleted: int = 0  # listed by ACLED's deletions endpoint and held by the store
    dropped: int = 0  # re-fetched, and the new version is no longer kept by the import
    unchanged: int = 0

    def counts(self) -> dict:
        return {
            "added": self.added,
            "updated": self.updated,
            "deleted": self.deleted,
            "dropped": self.dropped,
            "unchanged": self.unchanged,
        }

    def line(self, translate: Callable[[str], str] = str) -> str:
        """The sync's counts for the log (``translate``: ``i18n.tr`` in QGIS)."""
        text = translate(
            N_("added {added}, updated {updated}, deleted {deleted}, unchanged {unchanged}")
        ).format(
            added=self.added, updated=self.updated, deleted=self.deleted, unchanged=self.unchanged
        )
        if self.dropped:
            text += translate(N_(" (and {n} removed: their new version is no longer kept)")).format(
                n=self.dropped
            )
        return text


def plan_sync(stored_ids, fetched_ids, events: pd.DataFrame, deleted_ids) -> SyncPlan:
    """Upsert by event id.

    ``stored_ids``: the event ids the store holds; ``fetched_ids``: every id the fetch
    returned, kept by the import or not; ``events``: what the import kept of them;
    ``deleted_ids``: ids ACLED lists as deleted since the store's newest timestamp.

    Every fetched id replaces its stored version, so a store ends as an import of the
    current rows would make it: an event whose new version the import no longer
    keeps (no actor of the preset any more, a date now unreadable) leaves the store.
    A deleted id that is fetched again (restored upstream) is kept.
    """
    stored = {str(i) for i in stored_ids}
    fetched = {str(i) for i in fetched_ids if str(i)}
    kept_ids = events[d.F_EVENT_ID].astype(str) if len(events) else pd.Series([], dtype=object)
    kept = set(kept_ids)
    gone = {str(i) for i in deleted_ids} - fetched
    plan = SyncPlan(insert=events)
    plan.added = len(kept - stored)
    plan.updated = len(kept & stored)
    plan.deleted = len(gone & stored)
    plan.dropped = len((fetched - kept) & stored)
    plan.remove_ids = sorted((fetched | gone) & stored)
    plan.unchanged = len(stored) - len(plan.remove_ids)
    return plan


def merge_coverage(old: dict | None, new: dict | None) -> dict:
    """Per country, the earliest first day and the latest last day of two coverages
    (``{country: [first, last]}``, ISO days)."""
    out = {c: list(v) for c, v in (old or {}).items()}
    for country, (first, last) in (new or {}).items():
        if country in out:
            out[country] = [min(out[country][0], first), max(out[country][1], last)]
        else:
            out[country] = [first, last]
    return dict(sorted(out.items()))


def requested_coverage(countries: list[str], start: str | None, end: str) -> dict:
    """What a fetch looked at, per country: the asked-for days (ACLED answers for every
    day of the window, so a country without events is covered, not unknown). Without a
    start, from ACLED's first day (the window ``query_filters`` asks for)."""
    return {country: [start or FIRST_DAY, end] for country in countries}


def query_filters(
    countries: list[str],
    start: str | None,
    end: str | None,
    layout: str,
    since: int | None = None,
) -> dict:
    """The ``read`` endpoint's filters (ACLED's names): countries joined with ``|``
    (ACLED's OR), the window as ``BETWEEN``, and for an update ``timestamp > since``."""
    params = {"_format": "json", "export_type": EXPORT_TYPE[layout]}
    if countries:
        params["country"] = "|".join(countries)
    if start or end:
        params["event_date"] = f"{start or FIRST_DAY}|{end or '2100-12-31'}"
        params["event_date_where"] = "BETWEEN"
    if since is not None:
        params["timestamp"] = str(int(since))
        params["timestamp_where"] = ">"
    return params


def deletion_filters(since: int) -> dict:
    return {
        "_format": "json",
        "deleted_timestamp": str(int(since)),
        "deleted_timestamp_where": ">",
    }
