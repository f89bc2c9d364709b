"""scorezones on a PostGIS table: the database counts, QGIS tests (issue 16).

Per zone and window the events, clashes, fatalities and active months are
counted in SQL (``io.postgis.pushdown``: hexagons of the fixed grid computed in
SQL with ``core.hexgrid``'s arithmetic, or the user's zones uploaded to a
temporary table); QGIS receives those tallies and only the two groups' own
events, which the co-location tests need, through a binary COPY. The rest of
``scorezones`` (tests, classes, output) is the GeoPackage path's own code, so
the results are the same field by field.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from qgis.core import QgsProcessingException

from .. import definitions as d
from ..core import adaptive, hexgrid, projection, scoring
from ..i18n import tr
from ..io import postgis
from ..io.schema import group_names
from .base import canceled_error
from .events import Events
from .zoning import Zoning, adaptive_of, hexagons_of, user_zones

# The fixed grids' CRSs by authority code (PostGIS's spatial_ref_sys holds both; their
# transformations there give the same metres as pyproj, to the last bit: tested).
GRID_AUTH = {hexgrid.AFRICA_ALBERS.code: ("ESRI", 102022), hexgrid.EQUAL_EARTH.code: ("EPSG", 8857)}


def pick_source(sources, chosen: str | None) -> str | None:
    """The one source to score: ``chosen`` (checked), or None when the layer holds one.

    ACLED and UCDP describe many of the same events: scoring a layer that mixes
    them would count a clash twice, so it is refused unless the user picks one.
    """
    sources = sorted({str(s) for s in sources})
    if chosen:
        if chosen not in sources:
            raise QgsProcessingException(
                tr(
                    "SOURCE {source} is not a source of the incidents (within START..END); "
                    "their sources: {sources}"
                ).format(source=repr(chosen), sources=", ".join(sources) or tr("none"))
            )
        return chosen
    if len(sources) > 1:
        raise QgsProcessingException(
            tr(
                "the incidents mix sources ({sources}): they describe many of the same events, "
                "so a clash would be counted twice. Score one source: give its name in SOURCE."
            ).format(sources=", ".join(sources))
        )
    return None


@dataclass
class Counted:
    """What the database counted for ``ScoreZonesAlgorithm`` (``Events.counted``)."""

    tallies: list  # scoring.Tally per window
    zoning: Zoning
    tiebreak: np.ndarray  # scoring.tiebreak_key of the points, as among all events
    span: tuple  # first and last day of the selected events (ISO)
    outside: dict  # events in no zone, per side
    n_events: int  # events selected (every side)
    lon_ext: np.ndarray  # extent of the selected events (the equal-area CRS's fit)
    lat_ext: np.ndarray


def read_events(alg, parameters, context, feedback, table: postgis.PgTable):
    """``ScoreZonesAlgorithm.read_events`` for a PostGIS table: the zoning, the counts
    and the two groups' own events, made in the database (``Events.counted``)."""
    lo, hi = alg.date_range_params(parameters, alg.START, alg.END, context)
    chosen = alg.parameterAsString(parameters, alg.SOURCE, context) or None
    sel = postgis.Selection(table, lo, hi)
    feedback.setProgressText(tr("Counting in PostGIS ({table})").format(table=table.name()))
    try:
        over = postgis.overview(sel)
        sel.source = pick_source(over.sources, chosen)
        if sel.source is not None:
            over = postgis.overview(sel)
    except postgis.PgError as err:
        raise QgsProcessingException(str(err)) from err
    if feedback.isCanceled():
        raise canceled_error()
    if over.groups.empty or not over.sides & {d.SIDE_A, d.SIDE_B, d.SIDE_CLASH, d.SIDE_JOINT}:
        raise QgsProcessingException(
            tr("no event of either group in the incidents (within START..END): nothing to score")
        )
    names = group_names(over.first_rows())
    for key, name in ((d.SIDE_A, names[0]), (d.SIDE_B, names[1])):
        if not over.sides & {key, d.SIDE_CLASH, d.SIDE_JOINT}:
            feedback.pushWarning(
                tr(
                    "the incidents hold no event of {name}: every zone will be one-group or "
                    "inactive. Score the layer with all groups (the import's output), not a "
                    "per-group layer."
                ).format(name=name)
            )
    groups = over.groups
    first, last = pd.Timestamp(groups["first"].min()), pd.Timestamp(groups["last"].max())
    wins = alg.time_windows(
        parameters, context, lo if lo is not None else first, hi if hi is not None else last
    )
    lon_ext = np.array([groups["lon_min"].min(), groups["lon_max"].max()])
    lat_ext = np.array([groups["lat_min"].min(), groups["lat_max"].max()])
    zones_source = alg.parameterAsSource(parameters, alg.ZONES, context)
    size_m = alg.parameterAsDouble(parameters, alg.CELL_SIZE_KM, context) * 1000.0
    try:
        if zones_source is None:
            grid = _grid(sel, lon_ext, lat_ext)
            pushed = postgis.pushdown(
                sel, wins, grid.crs, size_m, feedback=feedback, grid_auth=GRID_AUTH.get(grid.code)
            )
            zoning, tallies = _hexagon_zoning(pushed, grid, size_m, len(wins), feedback)
            if alg.wants_adaptive(parameters, context):
                # what the source covers, as the scoring will read it (the cells need it)
                meta = postgis.import_metadata(table, sel.source or (over.sources or [None])[0])
                span = (first.date().isoformat(), last.date().isoformat())
                periods = alg.coverage_periods(parameters, context, meta, lambda: span)[0]
                zoning, tallies = _adaptive(
                    alg, parameters, context, zoning, tallies, feedback, periods, wins
                )
        else:
            pushed, zoning, tallies = _user_zoning(sel, wins, zones_source, feedback)
    except (postgis.PgError, postgis.ReadCanceledError) as err:
        if isinstance(err, postgis.ReadCanceledError):
            raise canceled_error() from err
        raise QgsProcessingException(str(err)) from err
    frame = pushed.points
    frame[d.F_SOURCE] = sel.source if sel.source is not None else (over.sources or [""])[0]
    frame[d.F_GROUP] = np.where(frame[d.F_SIDE] == d.SIDE_A, names[0], names[1])
    n_all = int(groups["n"].sum())
    feedback.pushInfo(
        tr(
            "PostGIS: {n} events counted in the database ({seconds} s); the two groups' own "
            "{own} events read for the co-location tests"
        ).format(n=n_all, seconds=f"{over.seconds + pushed.seconds:.1f}", own=len(frame))
    )
    # The tests' tie-break key as the file path computes it: over every selected side.
    dummies = pd.DataFrame({d.F_SIDE: sorted(over.sides - set(frame[d.F_SIDE]))})
    keyed = pd.concat([frame, dummies], ignore_index=True) if len(dummies) else frame
    tiebreak = scoring.tiebreak_key(keyed)[: len(frame)]
    span = (first.date().isoformat(), last.date().isoformat())
    counted = Counted(tallies, zoning, tiebreak, span, pushed.outside, n_all, lon_ext, lat_ext)
    meta = postgis.import_metadata(table, sel.source or (over.sources or [None])[0])
    return Events(frame, names, wins, meta, table.name(), None, counted=counted)


def make_zones(alg, parameters, context, events) -> Zoning:
    """``make_zones`` of a PostGIS run: the zoning made when reading, the events in metres
    (the grid's CRS for hexagons, else the equal-area CRS fitted to the events' extent)."""
    counted, frame = events.counted, events.frame
    zoning = counted.zoning
    lon, lat = frame[d.F_LON].to_numpy(float), frame[d.F_LAT].to_numpy(float)
    if zoning.grid is not None:
        events.crs_ea = zoning.grid.crs
    else:
        events.crs_ea = projection.equal_area_crs(counted.lon_ext, counted.lat_ext)
    events.x, events.y = projection.to_metres(lon, lat, events.crs_ea)
    layer = alg.parameterAsVectorLayer(parameters, alg.ZONES, context)
    if layer is not None and layer.dataProvider() is not None:
        names = layer.fields().names()
        zoning.pk_names = [names[i] for i in layer.dataProvider().pkAttributeIndexes()]
    return zoning


def _grid(sel, lon_ext, lat_ext) -> hexgrid.FixedGrid:
    """``hexgrid.fixed_grid_for`` of the selected events: the median is asked of the
    database only when the events' extent straddles the Africa box."""
    x0, y0, x1, y1 = hexgrid.AFRICA_BOX
    inside = x0 <= lon_ext[0] and lon_ext[1] <= x1 and y0 <= lat_ext[0] and lat_ext[1] <= y1
    outside = lon_ext[1] < x0 or lon_ext[0] > x1 or lat_ext[1] < y0 or lat_ext[0] > y1
    if inside or outside:
        return hexgrid.fixed_grid_for(lon_ext, lat_ext)
    return hexgrid.fixed_grid_for(*(np.array([v]) for v in postgis.medians(sel)))


def _tallies(tallies: pd.DataFrame, zone: np.ndarray, n_windows: int) -> list:
    out = []
    w = tallies["window"].to_numpy()
    for k in range(n_windows):
        rows = w == k + 1
        out.append(
            scoring.Tally(
                zone=zone[rows],
                months=tallies["month"].to_numpy()[rows].astype(np.int64),
                side=tallies["side"].to_numpy()[rows],
                n=tallies["n"].to_numpy()[rows].astype(float),
                fatalities=tallies["fatalities"].to_numpy()[rows].astype(float),
            )
        )
    return out


def _key(q, r) -> np.ndarray:
    return (np.asarray(q, dtype=np.int64) << 32) + (np.asarray(r, dtype=np.int64) & 0xFFFFFFFF)


def _hexagon_zoning(pushed, grid, size_m, n_windows, feedback):
    """Hexagons holding any selected event (every side), sorted as ``hexgrid.bin_points``."""
    t = pushed.tallies
    keys = np.unique(_key(t["q"], t["r"]))
    r_raw = keys & 0xFFFFFFFF
    qr = np.column_stack([(keys - r_raw) >> 32, np.where(r_raw >= 2**31, r_raw - 2**32, r_raw)])
    pts = pushed.points
    zone = np.searchsorted(keys, _key(pts["q"], pts["r"]))
    zoning = hexagons_of(grid, qr, zone, size_m, feedback)
    return zoning, _tallies(t, np.searchsorted(keys, _key(t["q"], t["r"])), n_windows)


def _adaptive(alg, parameters, context, zoning, tallies, feedback, periods=None, wins=()):
    """The adaptive cells (``zoning.adaptive_of``) from the database's per-hexagon counts
    and the source's coverage: the same counts, so the same cells, as the GeoPackage path."""
    counts = adaptive.counts_of_tallies(tallies, len(zoning.geoms))
    params = alg.score_params(parameters, context)
    cells = adaptive_of(zoning, counts, params, feedback, periods, wins)
    remap = cells.zone_of_hexagon
    for t in tallies:
        t.zone = np.where(t.zone >= 0, remap[np.maximum(t.zone, 0)], -1)
    return cells, tallies


def _user_zoning(sel, wins, zones_source, feedback):
    """The user's zones (repaired as on the GeoPackage path) uploaded to the database."""
    from qgis.core import QgsCoordinateReferenceSystem

    # The zones and their repairs, with no event: the database assigns them.
    empty = np.array([], dtype=float)
    zoning = user_zones(zones_source, empty, empty, feedback)
    crs = zoning.crs
    zcrs = None
    if crs.isValid() and crs != QgsCoordinateReferenceSystem("EPSG:4326"):
        zcrs = crs.toProj() or crs.toWkt()
    wkb = [bytes(g.asWkb()) for g in zoning.geoms]
    auth = tuple(crs.authid().split(":", 1)) if zcrs and ":" in crs.authid() else None
    if auth and not auth[1].isdigit():
        auth = None
    pushed = postgis.pushdown(
        sel, wins, zones=wkb, zones_crs=zcrs, feedback=feedback, zones_auth=auth
    )
    zoning.zone = pushed.points["zone"].to_numpy()
    t = pushed.tallies
    return pushed, zoning, _tallies(t, t["zone"].to_numpy(), len(wins))
