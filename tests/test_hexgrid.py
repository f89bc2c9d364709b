"""Hexagon binning: every point lies in the hexagon it is binned to; sizes and areas."""

import numpy as np
import pytest
from matplotlib.path import Path

from sahel_overlap.plugin.core import hexgrid


def test_every_point_lies_in_its_hexagon_including_negative_coordinates():
    rng = np.random.default_rng(3)
    x = rng.uniform(-900_000, 900_000, 5000)
    y = rng.uniform(-700_000, 700_000, 5000)
    zone, keys = hexgrid.bin_points(x, y, 25_000)
    corners = hexgrid.hex_corners(keys[:, 0], keys[:, 1], 25_000)
    for z in np.unique(zone)[::7]:
        inside = Path(corners[z]).contains_points(np.column_stack([x, y])[zone == z], radius=1e-6)
        assert inside.all()
    assert (keys[:, 0] < 0).any() and (keys[:, 1] < 0).any()
    assert len(np.unique(keys, axis=0)) == len(keys)


def test_neighbouring_centres_are_one_size_apart_and_area_formula():
    cx, cy = hexgrid.hex_centre(np.array([0, 1, 0]), np.array([0, 0, 1]), 10.0)
    assert np.hypot(cx[1] - cx[0], cy[1] - cy[0]) == pytest.approx(10.0)
    assert np.hypot(cx[2] - cx[0], cy[2] - cy[0]) == pytest.approx(10.0)
    ring = hexgrid.hex_corners(np.array([0]), np.array([0]), 10.0)[0]
    shoelace = 0.5 * abs(np.dot(ring[:-1, 0], ring[1:, 1]) - np.dot(ring[1:, 0], ring[:-1, 1]))
    assert shoelace == pytest.approx(hexgrid.hex_area(10.0)) == pytest.approx(86.6025, rel=1e-5)


def test_bin_points_gives_each_point_its_hexagon_once_in_a_stable_order():
    rng = np.random.default_rng(3)
    x, y = rng.normal(0, 80_000, 5_000), rng.normal(-40_000, 80_000, 5_000)
    zone, keys = hexgrid.bin_points(x, y, 25_000)
    q, r = hexgrid.hex_index(x, y, 25_000)
    np.testing.assert_array_equal(keys[zone], np.column_stack([q, r]))
    assert len(np.unique(keys, axis=0)) == len(keys)  # each occupied hexagon once
    # numbered as a sort of the packed (q, r) keys, as before hashing replaced the sort
    packed = (q << 32) + (r & 0xFFFFFFFF)
    np.testing.assert_array_equal(zone, np.unique(packed, return_inverse=True)[1])


def test_fixed_grid_gives_an_event_the_same_hexagon_whatever_else_is_in_the_run():
    """Hexagon ids name ground: a subset of the events lands in the same hexagons."""
    from sahel_overlap.plugin.core import projection

    rng = np.random.default_rng(5)
    lon, lat = rng.uniform(-12, 4, 2000), rng.uniform(10, 20, 2000)
    grid = hexgrid.fixed_grid_for(lon, lat)
    assert grid is hexgrid.AFRICA_ALBERS

    def ids(sel):
        g = hexgrid.fixed_grid_for(lon[sel], lat[sel])
        zone, keys = hexgrid.bin_points(*projection.to_metres(lon[sel], lat[sel], g.crs), 25_000)
        return np.array([hexgrid.hex_id(g, 25_000, q, r) for q, r in keys])[zone]

    whole, part = ids(slice(None)), ids(slice(1500, None))  # e.g. "2020 only"
    np.testing.assert_array_equal(whole[1500:], part)
    # an event at the grid's origin (0 E 25, 0 N) is in hexagon 0_0
    assert ids_at(0.0, 25.0) == "AF25km_0_0"
    assert hexgrid.fixed_grid_for([2.35], [48.85]) is hexgrid.EQUAL_EARTH


def ids_at(lat, lon):
    from sahel_overlap.plugin.core import projection

    x, y = projection.to_metres(np.array([lon]), np.array([lat]), hexgrid.AFRICA_ALBERS.crs)
    q, r = hexgrid.hex_index(x, y, 25_000)
    return hexgrid.hex_id(hexgrid.AFRICA_ALBERS, 25_000, q[0], r[0])
