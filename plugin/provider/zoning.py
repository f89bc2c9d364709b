"""Zones for the algorithms that score per zone: the user's polygons or the fixed hexagon grid.

``scorezones`` and the other per-zone algorithms share it, so a zone means the
same thing in all of them: a user polygon (any CRS, invalid geometry repaired)
or a hexagon of ``core.hexgrid``'s fixed grid holding at least one event.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from pyproj import CRS
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeatureRequest,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsPointXY,
    QgsProcessingException,
    QgsProcessingFeatureSource,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..core import hexgrid, projection, zones

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


def _rings(geom: QgsGeometry) -> list[list[np.ndarray]]:
    parts = geom.asMultiPolygon() if geom.isMultipart() else [geom.asPolygon()]
    return [[np.array([(p.x(), p.y()) for p in ring]) for ring in part] for part in parts]


def user_zones(source, lon: np.ndarray, lat: np.ndarray, feedback) -> Zoning:
    """The polygons of ``source``, repaired where invalid, and the zone of each event."""
    if QgsWkbTypes.geometryType(source.wkbType()) != QgsWkbTypes.PolygonGeometry:
        kind = QgsWkbTypes.geometryDisplayString(QgsWkbTypes.geometryType(source.wkbType()))
        raise QgsProcessingException(
            f"ZONES must be a polygon layer; {source.sourceName() or 'the layer given'} holds "
            f"{kind.lower()} geometries. Give polygons, or leave ZONES empty for hexagons."
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
        feedback.pushInfo(f"Repaired {repaired} invalid zone geometries.")
    if dropped:
        feedback.reportError(
            f"Left out {dropped} zones with empty or unrepairable geometry.", False
        )
    if not geoms:
        raise QgsProcessingException("the zones layer has no usable polygon")
    crs = source.sourceCrs()
    if crs.isValid() and crs != WGS84:
        feedback.pushInfo(
            f"Zones are in {crs.authid() or crs.description()}: events reprojected to match."
        )
        zx, zy = projection.to_metres(lon, lat, CRS.from_wkt(crs.toWkt()))
    else:
        zx, zy = lon, lat
    zone, multi = zones.assign_points(zx, zy, [_rings(g) for g in geoms])
    if multi:
        feedback.reportError(
            f"{multi} events lie in more than one zone (zones overlap); each is counted in the "
            "first zone only.",
            False,
        )
    return Zoning(zone=zone, geoms=geoms, fields=fields, attrs=attrs, crs=crs)


def hexagon_zones(lon: np.ndarray, lat: np.ndarray, size_m: float, feedback) -> Zoning:
    """Hexagons of the fixed grid (``core.hexgrid``) that hold events, in EPSG:4326."""
    grid = hexgrid.fixed_grid_for(lon, lat)
    zone, keys = hexgrid.bin_points(*projection.to_metres(lon, lat, grid.crs), size_m)
    return hexagons_of(grid, keys, zone, size_m, feedback)


def hexagons_of(grid, keys: np.ndarray, zone: np.ndarray, size_m: float, feedback) -> Zoning:
    """The zoning of the hexagons ``keys`` ((q, r) rows, sorted) of a fixed grid; ``zone``
    the index of each event's hexagon (binned here, or in the database: ``io.postgis``)."""
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
        f"{len(keys)} hexagons of {size_m / 1000:g} km hold events (fixed grid: "
        f"{grid.name}, origin (0, 0) at a hexagon centre)."
    )
    return Zoning(
        zone=zone, geoms=geoms, fields=fields, attrs=attrs, crs=WGS84, grid=grid, cell_size_m=size_m
    )


def zones_for_events(lon, lat, zones_source, size_m: float, feedback) -> Zoning:
    """The user's zones when given, else the fixed hexagon grid."""
    if zones_source is not None:
        return user_zones(zones_source, lon, lat, feedback)
    return hexagon_zones(lon, lat, size_m, feedback)
