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
