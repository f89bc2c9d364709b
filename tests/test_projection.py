"""Tests for plugin/core/projection.py."""

import threading

import numpy as np
import pytest
from pyproj import CRS, Geod

from sahel_overlap.plugin.core import projection as pj


def projected_area_km2(lon0, lat0, lon1, lat1, crs, n=200):
    """Area of a lon/lat box in ``crs``: boundary densified, then the shoelace formula."""
    t = np.linspace(0.0, 1.0, n, endpoint=False)
    lon = np.concatenate([lon0 + (lon1 - lon0) * t, np.full(n, lon1), lon1 - (lon1 - lon0) * t])
    lat = np.concatenate([np.full(n, lat0), lat0 + (lat1 - lat0) * t, np.full(n, lat1)])
    lon = np.concatenate([lon, np.full(n, lon0)])
    lat = np.concatenate([lat, lat1 - (lat1 - lat0) * t])
    x, y = pj.to_metres(lon, lat, crs)
    return abs(0.5 * np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y)) / 1e6


def geod_area_km2(lon0, lat0, lon1, lat1):
    area, _ = Geod(ellps="WGS84").polygon_area_perimeter(
        [lon0, lon1, lon1, lon0], [lat0, lat0, lat1, lat1]
    )
    return abs(area) / 1e6


@pytest.mark.parametrize(
    "crs",
    [pj.SAHEL_EQUAL_AREA, pj.equal_area_crs([-12.0, 16.0], [4.0, 25.0])],
)
@pytest.mark.parametrize("lon0", [-11.0, 1.0, 14.0])
def test_one_degree_cell_area_near_14N(crs, lon0):
    want = geod_area_km2(lon0, 13.5, lon0 + 1, 14.5)
    assert 11_500 < want < 12_500  # ~ 108 km x 111 km
    got = projected_area_km2(lon0, 13.5, lon0 + 1, 14.5, crs)
    assert got == pytest.approx(want, rel=0.005)


def test_round_trip():
    rng = np.random.default_rng(0)
    lon = rng.uniform(-12, 16, 1000)
    lat = rng.uniform(4, 25, 1000)
    crs = pj.equal_area_crs(lon, lat)
    x, y = pj.to_metres(lon, lat, crs)
    assert x.dtype == np.float64 and x.shape == lon.shape
    lon2, lat2 = pj.to_lonlat(x, y, crs)
    assert np.allclose(lon2, lon, rtol=0, atol=1e-9)
    assert np.allclose(lat2, lat, rtol=0, atol=1e-9)


def test_shapes_and_crs_objects():
    x, y = pj.to_metres(1.0, 14.0, pj.SAHEL_EQUAL_AREA)
    assert x.shape == () and float(y) > 0
    grid = np.array([[0.0, 1.0], [2.0, 3.0]])
    x, y = pj.to_metres(grid, grid + 12, CRS(pj.SAHEL_EQUAL_AREA))
    assert x.shape == (2, 2)
    lon, lat = pj.to_lonlat(x, y, pj.SAHEL_EQUAL_AREA)
    assert np.allclose(lon, grid) and np.allclose(lat, grid + 12)
    # origin of the Sahel CRS is lon 0, lat 14
    x, y = pj.to_metres(0.0, 14.0, pj.SAHEL_EQUAL_AREA)
    assert abs(x) < 1e-6 and abs(y) < 1e-6


def test_equal_area_crs_parameters():
    crs = pj.equal_area_crs([-5.0, 3.0, 0.0], [11.0, 20.0, 15.0])
    # lon centre -1 -> -1; lat range 11..20: lat_0 15.5, 1/6 -> 12.5, 5/6 -> 18.5
    assert crs == (
        "+proj=aea +lat_0=15.5 +lon_0=-1 +lat_1=12.5 +lat_2=18.5 +datum=WGS84 +units=m +no_defs"
    )
    c = CRS(crs)
    assert c.is_projected and c.axis_info[0].unit_name == "metre"
    assert "Albers" in c.coordinate_operation.method_name


def test_lon_0_rounded_to_half_degree():
    def lon_0(crs):
        return float(dict(p.split("=") for p in crs.split() if "=" in p)["+lon_0"])

    assert lon_0(pj.equal_area_crs([1.0, 2.4], [14, 15])) == 1.5  # centre 1.7
    assert lon_0(pj.equal_area_crs([1.0, 2.6], [14, 15])) == 2.0  # centre 1.8
    assert lon_0(pj.equal_area_crs([-3.3, -3.1], [14, 15])) == -3.0  # centre -3.2


def test_tiny_extent_falls_back_to_one_degree():
    crs = pj.equal_area_crs([2.1], [13.37])
    assert "+lat_0=13.37" in crs and "+lat_1=12.37" in crs and "+lat_2=14.37" in crs
    CRS(crs)  # valid
    # continuity at the 3-degree switch: both rules give centre +/- 1
    crs = pj.equal_area_crs([0, 1], [10.0, 13.0])
    assert "+lat_1=10.5" in crs and "+lat_2=12.5" in crs


def test_deterministic_and_robust():
    lon = np.array([-4.0, np.nan, 2.0, 1.0])
    lat = np.array([12.0, 30.0, 18.0, np.inf])
    a = pj.equal_area_crs(lon, lat)
    assert a == pj.equal_area_crs(lon[::-1], lat[::-1])
    assert a == pj.equal_area_crs([-4.0, 2.0], [12.0, 18.0])
    assert pj.equal_area_crs([], []) == pj.SAHEL_EQUAL_AREA
    assert pj.equal_area_crs([np.nan], [np.nan]) == pj.SAHEL_EQUAL_AREA
    with pytest.raises(ValueError):
        pj.equal_area_crs([1, 2], [3])


def test_equator_straddling_extent_is_still_equal_area():
    crs = pj.equal_area_crs([8.0, 14.0], [-6.0, 6.0])
    CRS(crs)
    want = geod_area_km2(10.0, -0.5, 11.0, 0.5)
    assert projected_area_km2(10.0, -0.5, 11.0, 0.5, crs) == pytest.approx(want, rel=0.005)


def test_sahel_constant_is_valid():
    c = CRS(pj.SAHEL_EQUAL_AREA)
    assert c.is_projected
    params = {p.name: p.value for p in c.coordinate_operation.params}
    assert params["Latitude of 1st standard parallel"] == 8
    assert params["Latitude of 2nd standard parallel"] == 20


def test_usable_from_worker_threads():
    results = {}

    def work(i):
        x, y = pj.to_metres([float(i)], [14.0], pj.SAHEL_EQUAL_AREA)
        results[i] = pj.to_lonlat(x, y, pj.SAHEL_EQUAL_AREA)[0][0]

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == pytest.approx({i: float(i) for i in range(4)})


def test_large_arrays_split_over_threads_give_the_single_thread_answer():
    from pyproj import Transformer

    from sahel_overlap.plugin.core import projection as pr

    rng = np.random.default_rng(3)
    n = pr._SPLIT + 1001  # odd size: the halves differ by one
    lon, lat = rng.uniform(-12, 16, n), rng.uniform(4, 25, n)
    crs = pr.equal_area_crs(lon, lat)
    x, y = pr.to_metres(lon, lat, crs)
    ex, ey = Transformer.from_crs("EPSG:4326", crs, always_xy=True).transform(lon, lat)
    assert np.array_equal(x, ex) and np.array_equal(y, ey)
    back_lon, back_lat = pr.to_lonlat(x.reshape(-1, 1), y.reshape(-1, 1), crs)
    assert back_lon.shape == back_lat.shape == (n, 1)
    assert np.abs(back_lon.ravel() - lon).max() < 1e-9
    assert np.abs(back_lat.ravel() - lat).max() < 1e-9
