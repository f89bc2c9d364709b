"""Tests for plugin/core/kde.py.

Reference values are computed here independently: a brute-force kernel sum at
the cell centres, closed forms for two Gaussians, and hand-made arrays.

Binning tolerance. ``density`` shares each event between the 4 surrounding
cell centres (linear binning), which is the same as bilinearly interpolating
the kernel between those centres. The interpolation error of one kernel is at
most ``cell²/8 · max(|∂²K/∂x²| + |∂²K/∂y²|)``:

* Gaussian ``K = K0·exp(-d²/2h²)``: max of ``|K_xx| + |K_yy|`` is ``2·K0/h²``
  (at the centre), so the error is ``≤ K0 · cell²/(4h²)``;
* quartic ``K = K0·(1 - d²/r²)²``: max is ``8·K0/r²`` (at the centre and on
  the rim), so the error is ``≤ K0 · cell²/r²``.

On top of that the discrete kernel is renormalised to sum to 1 and the
Gaussian is truncated at 4h (``exp(-8)`` ≈ 3.4e-4 of K0 left out, the same
order put back by the renormalisation): we allow ``1e-3·K0`` for those. With n
points the errors add at most n times.
"""

import math

import numpy as np
import pytest

from sahel_overlap.plugin.core import kde

CELL = 1000.0  # 1 km cells: a density in events/km² equals the per-cell share


def brute_force(points, grid, h, kernel):
    """Direct kernel sum at the cell centres, in events per km²."""
    X, Y = grid.centres()
    out = np.zeros(grid.shape)
    for px, py in points:
        d2 = (X - px) ** 2 + (Y - py) ** 2
        if kernel == "gaussian":
            out += np.exp(-d2 / (2 * h * h)) / (2 * math.pi * h * h)
        else:  # QGIS heatmap quartic, radius h
            out += np.where(d2 < h * h, 3 / (math.pi * h * h) * (1 - d2 / (h * h)) ** 2, 0.0)
    return out * 1e6  # per m² -> per km²


def peak(h, kernel):
    """Kernel value at distance 0, per km²."""
    k0 = 1 / (2 * math.pi * h * h) if kernel == "gaussian" else 3 / (math.pi * h * h)
    return k0 * 1e6


def tolerance(n, h, kernel, cell=CELL):
    rel = cell**2 / (4 * h * h) if kernel == "gaussian" else cell**2 / (h * h)
    return n * peak(h, kernel) * (rel + 1e-3)


@pytest.fixture
def grid():
    return kde.Grid.from_extent(-80e3, -80e3, 80e3, 80e3, CELL)


# Off-centre positions so that the binning is really exercised.
POINTS = [(1234.5, -2718.2), (-15300.7, 8100.3), (20400.4, 17650.9)]


@pytest.mark.parametrize("n", [1, 2, 3])
@pytest.mark.parametrize("h", [5e3, 10e3])
def test_gaussian_matches_brute_force(grid, n, h):
    pts = POINTS[:n]
    xs, ys = zip(*pts)
    got = kde.density(xs, ys, grid, h, kernel="gaussian")
    want = brute_force(pts, grid, h, "gaussian")
    assert got.shape == grid.shape and got.dtype == np.float64
    assert np.abs(got - want).max() <= tolerance(n, h, "gaussian")
    # and the tolerance is not vacuous: the peak is far above it
    assert want.max() > 20 * tolerance(n, h, "gaussian") / n


@pytest.mark.parametrize("n", [1, 2, 3])
@pytest.mark.parametrize("r", [10e3, 20e3])
def test_quartic_matches_qgis_formula(grid, n, r):
    pts = POINTS[:n]
    xs, ys = zip(*pts)
    got = kde.density(xs, ys, grid, r, kernel="quartic")
    want = brute_force(pts, grid, r, "quartic")
    assert np.abs(got - want).max() <= tolerance(n, r, "quartic")
    # compact support: nothing beyond radius + one cell (binning spreads by a cell)
    X, Y = grid.centres()
    far = np.ones(grid.shape, bool)
    for px, py in pts:
        far &= np.hypot(X - px, Y - py) > r + CELL * math.sqrt(2)
    assert np.all(got[far] == 0.0)


def test_gaussian_compact_support_at_four_bandwidths(grid):
    h = 5e3
    got = kde.density([0.0], [0.0], grid, h)
    X, Y = grid.centres()
    assert np.all(got[np.hypot(X, Y) > 4 * h + 1.5 * CELL] == 0.0)
    assert np.all(got[np.hypot(X, Y) < 4 * h - 1.5 * CELL] > 0.0)


def test_point_on_a_cell_centre_is_exact_at_that_cell(grid):
    # No binning error when the point sits on a centre: only renormalisation.
    x, y = grid.x_centres[80], grid.y_centres[80]
    h = 8e3
    got = kde.density([x], [y], grid, h)
    assert got[80, 80] == pytest.approx(peak(h, "gaussian"), rel=5e-4)


def test_row_zero_is_north(grid):
    d = kde.density([0.0], [70e3], grid, 3e3)  # near the north edge
    r, c = np.unravel_index(np.argmax(d), d.shape)
    assert r < 20 and abs(c - grid.nx // 2) <= 1
    assert grid.y_centres[0] > grid.y_centres[-1]
    assert grid.geotransform == (grid.x0, CELL, 0.0, grid.y1, 0.0, -CELL)


@pytest.mark.parametrize("kernel", ["gaussian", "quartic"])
def test_mass_conservation(kernel):
    rng = np.random.default_rng(1)
    g = kde.Grid.from_extent(-200e3, -200e3, 200e3, 200e3, 5000.0, pad=100e3)
    x, y = rng.uniform(-200e3, 200e3, (2, 5000))
    d = kde.density(x, y, g, 20e3, kernel=kernel)
    assert d.sum() * g.cell_area_km2 == pytest.approx(5000, rel=1e-9)
    assert d.min() >= 0.0


def test_mass_conserved_even_with_a_narrow_kernel():
    g = kde.Grid.from_extent(-50e3, -50e3, 50e3, 50e3, 2000.0)
    d = kde.density([100.0, 3333.0], [-777.0, 12e3], g, 1500.0, kernel="quartic")
    assert d.sum() * g.cell_area_km2 == pytest.approx(2.0, rel=1e-12)
    d = kde.density([100.0], [-777.0], g, 500.0)  # bandwidth < cell
    assert d.sum() * g.cell_area_km2 == pytest.approx(1.0, rel=1e-12)


def test_weights_scale_the_surface(grid):
    xs, ys = zip(*POINTS)
    base = kde.density(xs, ys, grid, 10e3)
    assert np.allclose(kde.density(xs, ys, grid, 10e3, weights=[2, 2, 2]), 2 * base)
    # weight 3 on a point = the point three times
    w = kde.density(xs, ys, grid, 10e3, weights=[3, 1, 0])
    rep = kde.density([xs[0]] * 3 + [xs[1]], [ys[0]] * 3 + [ys[1]], grid, 10e3)
    assert np.allclose(w, rep, rtol=1e-12, atol=1e-15)
    assert w.sum() * grid.cell_area_km2 == pytest.approx(4.0)
    with pytest.raises(ValueError):
        kde.density(xs, ys, grid, 10e3, weights=[1, -1, 1])


def test_points_outside_or_invalid_contribute_nothing(grid):
    base = kde.density([0.0], [0.0], grid, 10e3)
    got = kde.density(
        [0.0, 5e6, -81e3, np.nan, 1.0, 2.0],
        [0.0, 5e6, 0.0, 1.0, np.inf, 2.0],
        grid,
        10e3,
        weights=[1, 1, 1, 1, 1, np.nan],
    )
    assert np.array_equal(got, base)
    only_outside = kde.density([1e9], [-1e9], grid, 10e3)
    assert only_outside.shape == grid.shape and not only_outside.any()
    empty = kde.density([], [], grid, 10e3)
    assert empty.shape == grid.shape and not empty.any()


def test_point_between_edge_and_outer_centre_keeps_its_mass():
    g = kde.Grid(0.0, 0.0, 1000.0, 50, 50)
    d = kde.density([100.0], [49_950.0], g, 3000.0, kernel="quartic")
    assert d.argmax() == 0  # north-west corner cell
    assert d.sum() > 0


def test_bad_arguments(grid):
    with pytest.raises(ValueError):
        kde.density([0], [0], grid, 0.0)
    with pytest.raises(ValueError):
        kde.density([0], [0], grid, 1e3, kernel="epanechnikov")
    with pytest.raises(ValueError):
        kde.density([0, 1], [0], grid, 1e3)


def test_kernel_larger_than_grid_is_not_inflated():
    g = kde.Grid.from_extent(-10e3, -10e3, 10e3, 10e3, 1000.0)
    h = 50e3
    d = kde.density([0.0], [0.0], g, h)
    want = brute_force([(0.0, 0.0)], g, h, "gaussian")
    assert np.abs(d - want).max() <= tolerance(1, h, "gaussian")


def test_kernel_cache_gives_identical_results(grid):
    a = kde.density([0.0], [0.0], grid, 7e3)
    b = kde.density([0.0], [0.0], grid, 7e3)
    assert np.array_equal(a, b)


# --- grid ------------------------------------------------------------------------
def test_grid_from_extent_covers_and_snaps():
    g = kde.Grid.from_extent(1234.0, -5678.0, 51234.0, 10000.0, 5000.0, pad=2000.0)
    assert g.x0 <= 1234.0 - 2000.0 and g.x1 >= 51234.0 + 2000.0
    assert g.y0 <= -5678.0 - 2000.0 and g.y1 >= 10000.0 + 2000.0
    assert g.x0 % 5000.0 == 0 and g.y0 % 5000.0 == 0
    assert (g.x1 - g.x0) < (51234.0 - 1234.0 + 4000.0) + 2 * 5000.0
    assert g.shape == (g.ny, g.nx)
    assert g.x_centres[0] == g.x0 + 2500.0 and g.y_centres[0] == g.y1 - 2500.0
    X, Y = g.centres()
    assert X.shape == Y.shape == g.shape
    assert g.cell_area_km2 == 25.0


def test_grid_exact_multiple_and_single_point():
    g = kde.Grid.from_extent(0.0, 0.0, 10000.0, 20000.0, 1000.0)
    assert (g.nx, g.ny, g.x0, g.y0) == (10, 20, 0.0, 0.0)
    g = kde.Grid.from_extent(500.0, 500.0, 500.0, 500.0, 1000.0)
    assert g.nx >= 1 and g.ny >= 1
    d = kde.density([500.0], [500.0], g, 100.0)
    assert d.sum() * g.cell_area_km2 == pytest.approx(1.0)


def test_grid_guards():
    with pytest.raises(ValueError):
        kde.Grid.from_extent(0, 0, 1e7, 1e7, 10.0)
    with pytest.raises(ValueError):
        kde.Grid.from_extent(0, 0, 1, 1, 0.0)
    with pytest.raises(ValueError):
        kde.Grid(0, 0, 1.0, 0, 5)


# --- overlap ---------------------------------------------------------------------
@pytest.fixture
def big_grid():
    return kde.Grid.from_extent(-400e3, -150e3, 400e3, 150e3, 2000.0)


@pytest.mark.parametrize("method", ["min", "product"])
def test_far_apart_groups_do_not_overlap(big_grid, method):
    rng = np.random.default_rng(2)
    xa, ya = rng.normal(-250e3, 10e3, 200), rng.normal(0, 10e3, 200)
    xb, yb = xa + 500e3, ya
    da = kde.density(xa, ya, big_grid, 15e3)
    db = kde.density(xb, yb, big_grid, 15e3)
    assert kde.overlap_index(da, db, method) < 1e-6
    assert kde.overlap_surface(da, db, method).max() < 1e-9


@pytest.mark.parametrize("method", ["min", "product"])
@pytest.mark.parametrize("kernel", ["gaussian", "quartic"])
def test_identical_groups_overlap_fully(big_grid, method, kernel):
    rng = np.random.default_rng(3)
    x, y = rng.normal(0, 50e3, (2, 300))
    da = kde.density(x, y, big_grid, 20e3, kernel=kernel)
    db = kde.density(x, y, big_grid, 20e3, kernel=kernel)
    assert kde.overlap_index(da, db, method) == pytest.approx(1.0, abs=1e-9)
    # same places, twice the events: still identical "where"
    assert kde.overlap_index(da, 2 * db, method) == pytest.approx(1.0, abs=1e-9)


def test_two_single_points_closed_form(big_grid):
    # Two isotropic Gaussians of sd h, centres delta apart (2-D):
    # overlap coefficient = 2*Phi(-delta/2h) = erfc(delta/(2*sqrt(2)*h)),
    # Bhattacharyya coefficient = exp(-delta²/(8h²)).
    # The closed forms are for untruncated kernels. sqrt(pa*pb) is a Gaussian of
    # sd h centred midway, delta/2 from each point, and the 4h cut removes its
    # mass beyond 4h - delta/2 along the axis: 2*Phi(-3.5) = 5e-4 for
    # delta = h, but 2*Phi(-2.75) = 0.6 % for delta = 2.5h. Hence the wider
    # lower margin at 50 km (the truncation can only lower the coefficient).
    h = 20e3
    for delta, below in ((10e3, 5e-3), (20e3, 5e-3), (50e3, 0.015)):
        da = kde.density([-delta / 2], [1000.0], big_grid, h)
        db = kde.density([delta / 2], [1000.0], big_grid, h)
        ovl = math.erfc(delta / (2 * math.sqrt(2) * h))
        bc = math.exp(-(delta**2) / (8 * h * h))
        got_ovl = kde.overlap_index(da, db, "min")
        got_bc = kde.overlap_index(da, db, "product")
        assert ovl - below <= got_ovl <= ovl + 5e-3
        assert bc - below <= got_bc <= bc + 5e-3
        assert 0 < got_ovl < got_bc < 1


@pytest.mark.parametrize("method", ["min", "product"])
def test_partial_overlap_is_between_and_symmetric(big_grid, method):
    rng = np.random.default_rng(4)
    xa, ya = rng.normal(-20e3, 30e3, (2, 400))
    xb, yb = rng.normal(30e3, 30e3, (2, 250))
    da = kde.density(xa, ya, big_grid, 15e3)
    db = kde.density(xb, yb, big_grid, 15e3)
    ab = kde.overlap_index(da, db, method)
    assert 0.05 < ab < 0.95
    assert ab == kde.overlap_index(db, da, method)
    sa = kde.overlap_surface(da, db, method, cell_area_km2=big_grid.cell_area_km2)
    sb = kde.overlap_surface(db, da, method, cell_area_km2=big_grid.cell_area_km2)
    assert np.array_equal(sa, sb)
    # the surface integrates to the index
    assert sa.sum() * big_grid.cell_area_km2 == pytest.approx(ab, rel=1e-12)
    assert kde.overlap_surface(da, db, method).sum() == pytest.approx(ab, rel=1e-12)
    # zero wherever either group is absent
    assert np.all(sa[(da == 0) | (db == 0)] == 0)


@pytest.mark.parametrize("method", ["min", "product"])
def test_empty_group_gives_zero_not_nan(big_grid, method):
    da = kde.density([0.0], [0.0], big_grid, 15e3)
    db = kde.density([], [], big_grid, 15e3)
    for a, b in ((da, db), (db, da), (db, db)):
        assert kde.overlap_index(a, b, method) == 0.0
        s = kde.overlap_surface(a, b, method, cell_area_km2=4.0)
        assert s.shape == big_grid.shape
        assert np.all(np.isfinite(s)) and not s.any()


def test_overlap_by_hand():
    a = np.array([[2.0, 2.0], [0.0, 0.0]])  # p = [.5 .5 0 0]
    b = np.array([[1.0, 0.0], [3.0, 0.0]])  # p = [.25 0 .75 0]
    assert kde.overlap_index(a, b, "min") == pytest.approx(0.25)
    assert kde.overlap_index(a, b, "product") == pytest.approx(math.sqrt(0.125))
    s = kde.overlap_surface(a, b, "min", cell_area_km2=0.5)
    assert np.allclose(s, [[0.5, 0.0], [0.0, 0.0]])
    # NaN / negative input never leaks into the result
    c = np.array([[np.nan, 1.0], [-1.0, 1.0]])
    assert np.all(np.isfinite(kde.overlap_surface(c, b)))
    with pytest.raises(ValueError):
        kde.overlap_index(a, b, "max")
    with pytest.raises(ValueError):
        kde.overlap_index(a, np.zeros((3, 3)))


def test_fixed_scale():
    frames = [np.zeros((3, 3)), np.arange(1.0, 101.0).reshape(10, 10), None, np.array([np.nan])]
    assert kde.fixed_scale(frames, quantile=1.0) == 100.0
    assert kde.fixed_scale(frames, quantile=0.5) == pytest.approx(50.5)
    assert kde.fixed_scale(frames) == pytest.approx(np.quantile(np.arange(1.0, 101.0), 0.99))
    assert kde.fixed_scale([np.zeros(4)]) == 1.0
    assert kde.fixed_scale([]) == 1.0
    with pytest.raises(ValueError):
        kde.fixed_scale(frames, quantile=0.0)
