"""Zones for the algorithms that score per zone: the user's polygons or the fixed hexagon grid.

``scorezones`` and the other per-zone algorithms share it, so a zone means the
same thing in all of them: a user polygon (any CRS, invalid geometry repaired)
or a hexagon of ``core.hexgrid``'s fixed grid holding at least one event, or (the
default of ``scorezones``) an adaptive cell of that grid (``core.adaptive``): the finest
hexagon where the events allow, a fixed group of them where they are few.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from osgeo import gdal
from pyproj import CRS
from qgis.core import (
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCsException,
    QgsFeatureRequest,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsPointXY,
    QgsProcessingException,
    QgsProcessingFeatureSource,
    QgsProject,
    QgsRectangle,
    QgsSpatialIndex,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..core import adaptive, coverage, hexgrid, projection, zones
from ..i18n import tr

WGS84 = QgsCoordinateReferenceSystem("EPSG:4326")


@dataclass
class Zoning:
    """Zone index of every event (-1: in no zone) and the zones themselves."""

    zone: np.ndarray
    geoms: list  # QgsGeometry per zone, in ``crs``
    fields: QgsFields  # the zones' own attributes
    attrs: list  # attribute values per zone
    crs: QgsCoordinateReferenceSystem
    grid: hexgrid.FixedGrid | None = None  # the hexagon grid, when no zones were given
    cell_size_m: float | None = None
    pk_names: list = field(default_factory=list)  # the zones' primary-key fields
    x: np.ndarray | None = None  # hexagons: the events in the grid's CRS (metres)
    y: np.ndarray | None = None
    adaptive: dict | None = None  # adaptive cells: how they were chosen (metadata)
    keys: np.ndarray | None = None  # hexagons: (q, r) of each zone
    zone_of_hexagon: np.ndarray | None = None  # adaptive cells: the cell of each hexagon

    def grid_metadata(self) -> dict | None:
        """The hexagon grid for the output's metadata (None for the user's zones)."""
        if self.grid is None:
            return None
        return {
            "crs": self.grid.name,
            "proj": self.grid.crs,
            "origin": "the CRS origin (0, 0) is the centre of hexagon (0, 0)",
            "cell_size_km": self.cell_size_m / 1000.0,
            "orientation": "pointy-top, axial (q, r) ids",
            "id_example": hexgrid.hex_id(self.grid, self.cell_size_m, 0, 0),
            **({"adaptive": self.adaptive} if self.adaptive else {}),
        }


def _rings(geom: QgsGeometry) -> list[list[np.ndarray]]:
    parts = geom.asMultiPolygon() if geom.isMultipart() else [geom.asPolygon()]
    return [[np.array([(p.x(), p.y()) for p in ring]) for ring in part] for part in parts]


def user_zones(source, lon: np.ndarray, lat: np.ndarray, feedback) -> Zoning:
    """The polygons of ``source``, repaired where invalid, and the zone of each event."""
    if QgsWkbTypes.geometryType(source.wkbType()) != QgsWkbTypes.PolygonGeometry:
        kind = QgsWkbTypes.geometryDisplayString(QgsWkbTypes.geometryType(source.wkbType()))
        raise QgsProcessingException(
            tr(
                "ZONES must be a polygon layer; {layer} holds {kind} geometries. Give "
                "polygons, or leave ZONES empty for hexagons."
            ).format(layer=source.sourceName() or tr("the layer given"), kind=kind.lower())
        )
    fields = source.fields()
    geoms, attrs, repaired, dropped = [], [], 0, 0
    # We repair invalid zones ourselves instead of letting the context stop the run.
    skip_checks = QgsProcessingFeatureSource.FlagSkipGeometryValidityChecks
    for feat in source.getFeatures(QgsFeatureRequest(), skip_checks):
        geom = feat.geometry()
        if geom is None or geom.isEmpty():
            dropped += 1
            continue
        if not geom.isGeosValid():
            geom = geom.makeValid()
            repaired += 1
            if (
                geom.isEmpty()
                or QgsWkbTypes.geometryType(geom.wkbType()) != QgsWkbTypes.PolygonGeometry
            ):
                geom = geom.buffer(0, 1) if not geom.isEmpty() else geom
            if geom.isEmpty():
                dropped += 1
                continue
        geoms.append(geom)
        attrs.append(feat.attributes())
    if repaired:
        feedback.pushInfo(tr("Repaired {n} invalid zone geometries.").format(n=repaired))
    if dropped:
        feedback.pushWarning(
            tr("Left out {n} zones with empty or unrepairable geometry.").format(n=dropped)
        )
    if not geoms:
        raise QgsProcessingException(tr("the zones layer has no usable polygon"))
    crs = source.sourceCrs()
    if not crs.isValid():
        # Read as WGS84 they would be guessed, and UTM metres taken for degrees.
        raise QgsProcessingException(
            tr(
                "ZONES ({layer}) has no coordinate reference system: set the layer's CRS "
                "(Layer Properties > Source, or a .prj beside a shapefile), then run again."
            ).format(layer=source.sourceName() or tr("the layer given"))
        )
    if crs != WGS84:
        feedback.pushInfo(
            tr("Zones are in {crs}: events reprojected to match.").format(
                crs=crs.authid() or crs.description()
            )
        )
        zx, zy = projection.to_metres(lon, lat, CRS.from_wkt(crs.toWkt()))
    else:
        zx, zy = lon, lat
    zone, multi = zones.assign_points(zx, zy, [_rings(g) for g in geoms])
    if multi:
        feedback.pushWarning(
            tr(
                "{n} events lie in more than one zone (zones overlap); each is counted in the "
                "first zone only."
            ).format(n=multi)
        )
    return Zoning(zone=zone, geoms=geoms, fields=fields, attrs=attrs, crs=crs)


def hexagon_zones(lon: np.ndarray, lat: np.ndarray, size_m: float, feedback) -> Zoning:
    """Hexagons of the fixed grid (``core.hexgrid``) that hold events, in EPSG:4326."""
    grid = hexgrid.fixed_grid_for(lon, lat)
    x, y = projection.to_metres(lon, lat, grid.crs)
    zone, keys = hexgrid.bin_points(x, y, size_m)
    return hexagons_of(grid, keys, zone, size_m, feedback, x, y)


def hexagons_of(grid, keys: np.ndarray, zone: np.ndarray, size_m: float, feedback, x=None,
                y=None) -> Zoning:  # fmt: skip
    """The zoning of the hexagons ``keys`` ((q, r) rows, sorted) of a fixed grid; ``zone``
    the index of each event's hexagon (binned here, or in the database: ``io.postgis``),
    ``x``/``y`` the events in the grid's metres."""
    corners = hexgrid.hex_corners(keys[:, 0], keys[:, 1], size_m)
    clon, clat = projection.to_lonlat(corners[..., 0], corners[..., 1], grid.crs)
    geoms = [
        QgsGeometry.fromPolygonXY([[QgsPointXY(a, b) for a, b in zip(clon[i], clat[i])]])
        for i in range(len(keys))
    ]
    fields = QgsFields()
    fields.append(QgsField("zone_id", QVariant.String))
    attrs = [[hexgrid.hex_id(grid, size_m, q, r)] for q, r in keys]
    feedback.pushInfo(
        tr(
            "{n} hexagons of {km:g} km hold events (fixed grid: {grid}, origin (0, 0) at a "
            "hexagon centre)."
        ).format(n=len(keys), km=size_m / 1000, grid=grid.name)
    )
    return Zoning(
        zone=zone, geoms=geoms, fields=fields, attrs=attrs, crs=WGS84, grid=grid,
        cell_size_m=size_m, x=x, y=y, keys=keys,
    )  # fmt: skip


def adaptive_of(plain: Zoning, counts, params, feedback, periods=None, windows=()) -> Zoning:
    """``plain``'s hexagons grouped into adaptive cells
    (``core.adaptive``); ``counts``: (distinct, clashes, joint) per window and hexagon;
    ``params``: the scoring's thresholds (``scoring.ScoreParams``); ``periods``: what the
    source covers (``core.coverage``; None or empty: unknown) in the ``windows``."""
    grid, size_m = plain.grid, plain.cell_size_m
    cells = adaptive.choose_cells(
        plain.keys, *counts, size_m, params.min_events, params.min_clashes, params.min_joint,
        coverage=cell_coverage(grid, size_m, plain.keys, periods, windows),
        min_coverage=params.min_coverage,
    )  # fmt: skip
    geoms, attrs = [], []
    # Single hexagons (most cells where events are many) projected in one call.
    fine = np.flatnonzero(cells.level == 0)
    corners = hexgrid.hex_corners(cells.q[fine], cells.r[fine], size_m)
    clon, clat = projection.to_lonlat(corners[..., 0], corners[..., 1], grid.crs)
    single = {
        int(i): QgsGeometry.fromPolygonXY([[QgsPointXY(a, b) for a, b in zip(clon[k], clat[k])]])
        for k, i in enumerate(fine)
    }
    for i, (level, q, r) in enumerate(zip(cells.level, cells.q, cells.r)):
        hexes = adaptive.members(int(level), int(q), int(r), size_m)
        geoms.append(single[i] if i in single else _union_lonlat(grid, hexes, size_m))
        attrs.append(
            [
                adaptive.cell_id(grid, size_m, int(level), int(q), int(r)),
                float(size_m * 2 ** int(level) / 1000.0),
                round(float(len(hexes) * hexgrid.hex_area(size_m) / 1e6), 1),
                ",".join(hexgrid.hex_id(grid, size_m, a, b) for a, b in hexes),
            ]
        )
    fields = QgsFields()
    fields.append(QgsField("zone_id", QVariant.String))
    fields.append(QgsField("zone_km", QVariant.Double))
    fields.append(QgsField("zone_area_km2", QVariant.Double))
    fields.append(QgsField("zone_hexagons", QVariant.String))
    sizes = np.bincount(cells.level, minlength=adaptive.MAX_LEVEL + 1)
    by_size = ", ".join(
        tr("{n} of {km:g} km").format(n=n, km=size_m * 2**k / 1000)
        for k, n in enumerate(sizes)
        if n
    )
    feedback.pushInfo(
        tr(
            "Adaptive zones: {sizes} (the finest hexagon where splitting leaves at most "
            "{share:.0%} of a cell's events in low-data or uncovered windows; the same zones "
            "in every window)."
        ).format(sizes=by_size, share=adaptive.SPLIT_TOLERANCE)
    )
    zone = np.where(plain.zone >= 0, cells.of_hexagon[np.maximum(plain.zone, 0)], -1)
    return Zoning(
        zone=zone, geoms=geoms, fields=fields, attrs=attrs, crs=WGS84, grid=grid,
        cell_size_m=size_m, x=plain.x, y=plain.y, zone_of_hexagon=cells.of_hexagon,
        adaptive={
            "finest_km": size_m / 1000.0,
            "max_level": adaptive.MAX_LEVEL,
            "split_tolerance": adaptive.SPLIT_TOLERANCE,
            "coverage_aware": bool(periods),
            "cells_by_size_km": {
                f"{size_m * 2**k / 1000:g}": int(n) for k, n in enumerate(sizes) if n
            },
            "id": "level 0: the hexagon's id; level k: <grid><size>km/<finest>_<q>_<r>, "
            "the finest hexagons whose centres' chain of parents (the hexagon of twice the "
            "size holding the centre) ends in that cell",
        },
    )  # fmt: skip


def cell_coverage(grid, size_m: float, keys: np.ndarray, periods, windows):
    """``coverage(level, q, r)`` for ``adaptive.choose_cells``: the (windows x cells)
    coverage of cells of the hierarchy above the hexagons ``keys``, as the scoring computes
    it for a zone (``core.coverage.zone_coverage`` of the cell's land shares by country),
    the land areas summed over the cell's finest hexagons, events or not. None when the
    coverage is unknown."""
    if not periods or not len(keys):
        return None
    countries = [c for c in periods if c != coverage.ALL_COUNTRIES]
    if coverage.ALL_COUNTRIES in periods or not countries:
        return lambda level, q, r: coverage.zone_coverage(
            periods, np.zeros((len(q), 0)), [], windows
        )
    top = adaptive.MAX_LEVEL
    tq, tr = adaptive.parents(keys[:, 0], keys[:, 1], size_m, top)[top]
    tops = np.unique(np.column_stack([tq, tr]), axis=0)
    members = [adaptive.members(top, int(q), int(r), size_m) for q, r in tops]
    hexes = np.concatenate(members)
    owner = np.repeat(np.arange(len(tops)), [len(m) for m in members])
    corners = hexgrid.hex_corners(hexes[:, 0], hexes[:, 1], size_m)
    clon, clat = projection.to_lonlat(corners[..., 0], corners[..., 1], grid.crs)
    # A top cell wholly inside one country (most of them) has the same shares in all its
    # hexagons: tested once, on the hull of its hexagons, instead of hexagon by hexagon.
    hulls = [
        QgsGeometry.fromMultiPointXY(
            [QgsPointXY(a, b) for a, b in zip(clon[owner == t].ravel(), clat[owner == t].ravel())]
        ).convexHull()
        for t in range(len(tops))
    ]
    hull_in, hull_land, _missing = land_areas(hulls, countries)  # (warned when scoring)
    area = np.array([h.area() for h in hulls])
    # (a country containing the hull gives exactly its area; any cut gives less)
    pure = (hull_land == area) & ((hull_in.max(axis=1) == area) | (hull_in.sum(axis=1) == 0))
    land_in = (hull_in / area[:, None])[owner]
    land_total = np.ones(len(hexes))  # (weights compare only within one top cell)
    mixed = np.flatnonzero(~pure[owner])
    if len(mixed):
        geoms = [
            QgsGeometry.fromPolygonXY([[QgsPointXY(a, b) for a, b in zip(clon[i], clat[i])]])
            for i in mixed
        ]
        land_in[mixed], land_total[mixed], _ = land_areas(geoms, countries)

    def of_cells(level: int, q, r) -> np.ndarray:
        pq, pr = adaptive.parents(hexes[:, 0], hexes[:, 1], size_m, level)[level]
        code, uniq = pd.factorize(_qr_key(pq, pr))
        land = np.zeros((len(uniq), len(countries)))
        np.add.at(land, code, land_in)
        total = np.bincount(code, weights=land_total, minlength=len(uniq))
        at = pd.Index(uniq).get_indexer(_qr_key(q, r))
        land, total = land[at], total[at]
        shares = np.divide(land, total[:, None], out=np.zeros_like(land), where=total[:, None] > 0)
        return coverage.zone_coverage(periods, shares, countries, windows)

    return of_cells


def _qr_key(q, r) -> np.ndarray:
    return (np.asarray(q, dtype=np.int64) << 32) + (np.asarray(r, dtype=np.int64) & 0xFFFFFFFF)


def _union_lonlat(grid, hexes: np.ndarray, size_m: float) -> QgsGeometry:
    """The union of hexagons (in the grid's metres, snapped to the centimetre so shared
    edges match) as a polygon in EPSG:4326."""
    corners = hexgrid.hex_corners(hexes[:, 0], hexes[:, 1], size_m).round(2)
    parts = [QgsGeometry.fromPolygonXY([[QgsPointXY(a, b) for a, b in c]]) for c in corners]
    union = QgsGeometry.unaryUnion(parts)
    polys = union.asMultiPolygon() if union.isMultipart() else [union.asPolygon()]
    union_rings = [[np.array([(p.x(), p.y()) for p in ring]) for ring in poly] for poly in polys]
    out = []
    for poly in union_rings:
        rings = []
        for ring in poly:
            lon, lat = projection.to_lonlat(ring[:, 0], ring[:, 1], grid.crs)
            rings.append([QgsPointXY(a, b) for a, b in zip(lon, lat)])
        out.append(rings)
    return (
        QgsGeometry.fromMultiPolygonXY(out) if len(out) > 1 else QgsGeometry.fromPolygonXY(out[0])
    )


def zones_for_events(lon, lat, zones_source, size_m: float, feedback) -> Zoning:
    """The user's zones when given, else the fixed hexagon grid."""
    if zones_source is not None:
        return user_zones(zones_source, lon, lat, feedback)
    return hexagon_zones(lon, lat, size_m, feedback)


# --- the output's zone attributes ----------------------------------------------------


def output_fields(zoning: Zoning, reserved, feedback, pk_names=()) -> tuple[QgsFields, list[int]]:
    """The zones' own attributes for the output, and which of them are kept.

    A zone's feature id (a field named ``fid``, or the source's primary key) is renamed
    ``zone_fid``: copied as it is it would become the output's own FID, and a GeoPackage
    refuses the second window's rows of the same zone. Attributes named like a score
    field are left out.
    """
    out, keep = QgsFields(), []
    taken = {f.name().lower() for f in zoning.fields} | {n.lower() for n in reserved}
    pks = {n.lower() for n in pk_names} | {"fid"}
    for i, zfield in enumerate(zoning.fields):
        name = zfield.name()
        if name in reserved:
            feedback.pushWarning(
                tr("zone attribute {name} has the name of a score field; it is left out").format(
                    name=repr(name)
                )
            )
            continue
        if name.lower() in pks:
            new = f"zone_{name.lower()}"
            while new.lower() in taken:
                new += "_"
            taken.add(new.lower())
            zfield = QgsField(zfield)
            zfield.setName(new)
            feedback.pushInfo(
                tr("The zones' feature id {name} is written as {new}.").format(
                    name=repr(name), new=repr(new)
                )
            )
        out.append(zfield)
        keep.append(i)
    return out, keep


# --- countries under each zone (for coverage) ----------------------------------------


def world_map_path() -> str:
    return QgsApplication.pkgDataPath() + "/resources/data/world_map.gpkg"


def country_shares(zoning: Zoning, wanted, feedback) -> tuple[np.ndarray, list[str]]:
    """(zones x wanted countries) share of each zone's land area in each country.

    Countries are QGIS's Natural Earth ones (``world_map.gpkg``, opened read-only),
    matched by name or ISO code (``core.coverage.match_countries``); the shares of a
    zone sum to its land share in the wanted countries (0 at sea or elsewhere).
    Returns the matrix and the wanted countries that were not found.
    """
    land, total, missing = land_areas(zones_in_wgs84(zoning, feedback), wanted)
    shares = np.divide(land, total[:, None], out=np.zeros_like(land), where=total[:, None] > 0)
    return shares, missing


def land_areas(zone_geoms, wanted) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """(zones x wanted countries) land area of each zone (EPSG:4326 geometries) in each
    country, each zone's land area in any country, and the wanted countries not found."""
    wanted = list(wanted)
    names, iso3, wkbs = _world_countries(world_map_path())
    geoms = [_geometry(w) for w in wkbs]
    found = coverage.match_countries(wanted, names, iso3)
    missing = [c for c in wanted if c not in found]
    index = QgsSpatialIndex()
    for i, g in enumerate(geoms):
        if finite_box(g):
            index.addFeature(i, g.boundingBox())
    engines = {}
    column = {found[c]: j for j, c in enumerate(wanted) if c in found}
    land_in = np.zeros((len(zone_geoms), len(wanted)))
    land_total = np.zeros(len(zone_geoms))
    for z, zg in enumerate(zone_geoms):
        area = zg.area()
        if area <= 0:
            continue
        for i in index.intersects(QgsRectangle(zg.boundingBox())):
            if i not in engines:
                engines[i] = QgsGeometry.createGeometryEngine(geoms[i].constGet())
                engines[i].prepareGeometry()
            eng = engines[i]
            if eng.contains(zg.constGet()):
                a = area
            elif eng.intersects(zg.constGet()):
                a = zg.intersection(geoms[i]).area()
            else:
                continue
            land_total[z] += a
            if i in column:
                land_in[z, column[i]] += a
    return land_in, land_total, missing


@functools.lru_cache(maxsize=1)
def _world_countries(path: str) -> tuple[list, list, list]:
    """Names, ISO codes and (valid) outlines as WKB of the base map's countries, read once
    per session: checking the 240 outlines' validity costs 0.2 s, and the adaptive cells
    and the scoring both need them in one run. Kept as bytes, not QgsGeometry: QGIS objects
    in a module cache outlive QgsApplication.exitQgis() and crash the process at exit."""
    ds = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_READONLY)
    if ds is None:
        raise QgsProcessingException(tr("cannot open QGIS's base map {path}").format(path=path))
    lyr = ds.GetLayerByName("countries")
    names, iso3, geoms = [], [], []
    for feat in lyr:
        names.append(feat.GetField("NAME") or "")
        iso3.append(feat.GetField("ISO_A3") or "")
        ref = feat.GetGeometryRef()
        geoms.append(b"" if ref is None else _valid_wkb(bytes(ref.ExportToWkb())))
    del lyr, ds
    return names, iso3, geoms


def finite_box(geom: QgsGeometry) -> bool:
    """A geometry a spatial index can take: not empty, its box finite (a box of inf or
    NaN, as a far reprojection gives, crashes ``QgsSpatialIndex.addFeature``)."""
    if geom is None or geom.isNull() or geom.isEmpty():
        return False
    box = geom.boundingBox()
    return bool(np.isfinite([box.xMinimum(), box.yMinimum(), box.xMaximum(), box.yMaximum()]).all())


def zones_in_wgs84(zoning: Zoning, feedback) -> list:
    """The zones in EPSG:4326, where the countries are: the zones are taken to the world
    map, never the world map to the zones (every country of the world reprojected into a
    UTM zone or a national grid gives inf/NaN far away). A zone that cannot be taken
    there is empty (in no country: not covered), with a warning."""
    if not zoning.crs.isValid() or zoning.crs == WGS84:
        return zoning.geoms
    xform = QgsCoordinateTransform(zoning.crs, WGS84, QgsProject.instance())
    out, lost = [], 0
    for g in zoning.geoms:
        g = QgsGeometry(g)
        try:
            g.transform(xform)
        except QgsCsException:
            g = QgsGeometry()
        if not finite_box(g):
            g, lost = QgsGeometry(), lost + 1
        out.append(g)
    if lost:
        feedback.pushWarning(
            tr(
                "coverage: {n} zones cannot be placed on the world map (they lie outside "
                "the area where {crs} is defined); they count as not covered"
            ).format(n=lost, crs=zoning.crs.authid() or tr("their CRS"))
        )
    return out


def _from_wkb(wkb: bytes) -> QgsGeometry:
    g = QgsGeometry()
    g.fromWkb(wkb)
    return g if g.isGeosValid() else g.makeValid()


def _valid_wkb(wkb: bytes) -> bytes:
    return bytes(_from_wkb(wkb).asWkb())


def _geometry(wkb: bytes) -> QgsGeometry:
    g = QgsGeometry()
    if wkb:
        g.fromWkb(wkb)
    return g
