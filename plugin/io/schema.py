"""The standard incident schema seen from QGIS: field types, checks, group names.

``definitions`` spells the names; this module turns them into QGIS and OGR types
and checks that a layer carries them. Readers and writers both import it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from osgeo import ogr
from qgis.core import QgsField, QgsFields
from qgis.PyQt.QtCore import QDate, QDateTime, QTime, QVariant

from .. import definitions as d

# Dates are days, stored as date-times at midnight (no time zone): QGIS 3.22 compiles
# a temporal filter on a GeoPackage DateTime field to exact SQL, while on a Date field
# its SQL compares text and shifts every window by a day (see render.layers).
QTYPES = {
    "str": QVariant.String,
    "int": QVariant.Int,
    "float": QVariant.Double,
    "date": QVariant.DateTime,
}
OGR_TYPES = {
    "str": ogr.OFTString,
    "int": ogr.OFTInteger,
    "float": ogr.OFTReal,
    "date": ogr.OFTDateTime,
}


class IncidentLayerError(ValueError):
    """A layer is not in the standard incident schema; the message says why."""


def incident_fields() -> QgsFields:
    fields = QgsFields()
    for name, kind in d.INCIDENT_FIELDS:
        fields.append(QgsField(name, QTYPES[kind]))
    return fields


def to_qdate(value) -> QDate:
    if value is None or pd.isna(value):
        return QDate()
    ts = pd.Timestamp(value)
    return QDate(ts.year, ts.month, ts.day)


def to_qdatetime(value) -> QDateTime:
    """A day as the date-time the schema stores: midnight, local time (no zone)."""
    day = to_qdate(value)
    return QDateTime(day, QTime(0, 0)) if day.isValid() else QDateTime()


def check_incident_fields(field_names) -> None:
    missing = [f for f in d.REQUIRED_FOR_ANALYSIS if f not in field_names]
    if missing:
        raise IncidentLayerError(
            "the incidents layer is not in the standard incident schema (run "
            "'Import incidents' first): missing fields "
            + ", ".join(missing)
            + "; fields found: "
            + ", ".join(list(field_names)[:30])
        )


def analysis_fields(names, fields=None) -> list[str]:
    """The fields to read from a layer with fields ``names``: those of ``fields``
    (default: every analysis field; event_date and side always) that the layer
    has, in schema order."""
    every = [*d.REQUIRED_FOR_ANALYSIS, d.F_DATE_END, d.F_SOURCE, d.F_GEO_PREC]
    always = (d.F_DATE, d.F_SIDE)
    on_request = [d.F_TIME_PREC]  # read only when asked for (the interaction test)
    chosen = (
        every if fields is None else [f for f in every + on_request if f in fields or f in always]
    )
    return [f for f in chosen if f in names]


def fill_date_end(frame: pd.DataFrame, fields=None) -> None:
    """date_end as read, its blanks (or the whole column if absent) from event_date."""
    if fields is not None and d.F_DATE_END not in fields:
        return
    if d.F_DATE_END not in frame.columns:
        frame[d.F_DATE_END] = frame[d.F_DATE]
    frame[d.F_DATE_END] = frame[d.F_DATE_END].fillna(frame[d.F_DATE])


def group_names(frame: pd.DataFrame) -> tuple[str, str]:
    """Names of groups A and B as the import wrote them in the layer."""

    # The first row of each side, found through one factorize (not a string
    # comparison per row and side: 0.1 s at a million events).
    codes, sides = pd.factorize(frame[d.F_SIDE].to_numpy(dtype=object))
    rows = np.flatnonzero(codes >= 0)
    first_row = np.empty(len(sides), dtype=np.int64)
    first_row[codes[rows][::-1]] = rows[::-1]  # the last write, the earliest row, wins
    firsts = dict(zip(sides, first_row))
    groups = frame[d.F_GROUP].to_numpy(dtype=object)

    def first(side, fallback):
        return str(groups[firsts[side]]) if side in firsts else fallback

    name_a, name_b = first(d.SIDE_A, ""), first(d.SIDE_B, "")
    if not (name_a and name_b):
        clash = first(d.SIDE_CLASH, "")
        if " vs " in clash:
            ca, cb = clash.split(" vs ", 1)
            name_a, name_b = name_a or ca, name_b or cb
    return name_a or "Group A", name_b or "Group B"
