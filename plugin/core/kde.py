"""Kernel density surfaces and overlap measures (pure numpy/scipy, no Qt/QGIS).

Coordinates are projected metres (see :mod:`.projection`, an equal-area CRS).

Method
------
1. **Linear binning.** Each event's weight is shared between the four cell
   centres around it in proportion to the bilinear weights (the "linear
   binning" of Wand & Jones, 1995). Only events inside the grid extent are
   used; their whole weight stays on the grid (an event between the outer cell
   centres and the grid edge goes to the edge cells).
2. **Discrete kernel.** The kernel is sampled at the cell offsets and
   renormalised so its samples sum to exactly 1. The smoothing therefore
   conserves the events' total weight even when the bandwidth is only a few
   cells, and the result is "weight per cell" before division by the cell
   area.
   * ``"gaussian"``: ``exp(-d²/2h²)/(2πh²)``, ``h`` = bandwidth (standard
     deviation), truncated at ``d = 4h`` (the truncated tail holds
     ``exp(-8)`` = 0.03 % of the mass, put back by the renormalisation).
   * ``"quartic"``: ``3/(πr²)·(1 − d²/r²)²`` for ``d < r``, ``r`` = bandwidth
     (the radius, as in QGIS's Heatmap / "Kernel density estimation"). Note a
     quartic of radius ``r`` is as wide as a Gaussian of ``h ≈ 0.38 r``.
3. **FFT convolution** of the binned weights with the kernel (zero padding,
   so no wrap-around); the kernel's FFT is cached per (grid shape, cell size,
   bandwidth, kernel) so animation frames on one grid reuse it.
4. **Units.** Divided by the cell area in km²: the result is **events per
   km²** (or weight per km², e.g. fatalities per km², when weighted), and
   ``density.sum() * grid.cell_area_km2`` equals the total weight, less the
   kernel mass of events near the border that falls outside the grid (no edge
   correction: pad the grid by the kernel support to avoid losing it).

FFT round-off (about 1e-16 of the peak) is cleared: values below 1e-12 of the
surface's maximum are set to 0, so cells beyond every kernel's support are
exactly 0 (important for the overlap, where "0" means "group absent").

Arrays are (ny, nx) with **row 0 the NORTH row** and column 0 the WEST
column, the usual raster/GeoTIFF order; :attr:`Grid.geotransform` is the
matching GDAL geotransform.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from scipy import fft as sfft

__all__ = [
    "KERNELS",
    "MAX_CELLS",
    "Grid",
    "density",
    "fixed_scale",
    "overlap_index",
    "overlap_surface",
]

KERNELS = ("gaussian", "quartic")
OVERLAP_METHODS = ("min", "product")
GAUSSIAN_TRUNCATE = 4.0  # Gaussian kernel cut at this many bandwidths
MAX_CELLS = 16_000_000  # refuse grids larger than this (memory guard)
_ZERO_REL = 1e-12  # values below this fraction of the max are FFT noise -> 0


# --- grid ----------------------------------------------------------------------
@dataclass(frozen=True)
class Grid:
    """A regular grid in projected metres.

    ``x0, y0`` is the lower-left (south-west) corner of the grid, ``cell`` the
    square cell size in metres, ``nx`` columns and ``ny`` rows. Arrays on the
    grid have shape ``(ny, nx)``, **row 0 = north**, column 0 = west.
    """

    x0: float
    y0: float
    cell: float
    nx: int
    ny: int

    def __post_init__(self):
        if not (self.cell > 0 and math.isfinite(self.cell)):
            raise ValueError(f"cell size must be a positive number, got {self.cell!r}")
        if self.nx < 1 or self.ny < 1:
            raise ValueError("grid needs at least one row and one column")

    @classmethod
    def from_extent(
        cls,
        xmin: float,
        ymin: float,
        xmax: float,
        ymax: float,
        cell: float,
        pad: float = 0.0,
        max_cells: int = MAX_CELLS,
    ) -> Grid:
        """Grid covering ``[xmin - pad, xmax + pad] × [ymin - pad, ymax + pad]``.

        The corners are snapped outwards to whole multiples of ``cell`` so that
        grids built from different extents with the same cell size line up.
        Use ``pad`` ≥ the kernel support (4 × bandwidth for the Gaussian, the
        bandwidth for the quartic) to keep every event's full kernel on the grid.
        Raises ``ValueError`` above ``max_cells`` cells.
        """
        cell = float(cell)
        if not (cell > 0 and math.isfinite(cell)):
            raise ValueError(f"cell size must be a positive number, got {cell!r}")
        vals = [float(v) for v in (xmin, ymin, xmax, ymax, pad)]
        if not all(math.isfinite(v) for v in vals):
            raise ValueError("extent and pad must be finite")
        xmin, ymin, xmax, ymax, pad = vals
        if xmax < xmin or ymax < ymin:
            raise ValueError("extent has max < min")
        pad = max(pad, 0.0)
        eps = 1e-9
        x0 = math.floor((xmin - pad) / cell + eps) * cell
        y0 = math.floor((ymin - pad) / cell + eps) * cell
        nx = max(1, math.ceil((xmax + pad - x0) / cell - eps))
        ny = max(1, math.ceil((ymax + pad - y0) / cell - eps))
        if nx * ny > max_cells:
            raise ValueError(
                f"grid of {nx} x {ny} cells is too large (max {max_cells}); use a larger cell size"
            )
        return cls(x0, y0, cell, int(nx), int(ny))

    @property
    def shape(self) -> tuple[int, int]:
        """Array shape ``(ny, nx)``."""
        return (self.ny, self.nx)

    @property
    def x1(self) -> float:
        """East edge."""
        return self.x0 + self.nx * self.cell

    @property
    def y1(self) -> float:
        """North edge."""
        return self.y0 + self.ny * self.cell

    @property
    def extent(self) -> tuple[float, float, float, float]:
        """``(xmin, ymin, xmax, ymax)`` of the grid edges."""
        return (self.x0, self.y0, self.x1, self.y1)

    @property
    def cell_area_km2(self) -> float:
        return (self.cell / 1000.0) ** 2

    @property
    def geotransform(self) -> tuple[float, float, float, float, float, float]:
        """GDAL geotransform for arrays with row 0 = north."""
        return (self.x0, self.cell, 0.0, self.y1, 0.0, -self.cell)

    @property
    def x_centres(self) -> np.ndarray:
        """Cell-centre x of each column, west to east, shape ``(nx,)``."""
        return self.x0 + (np.arange(self.nx) + 0.5) * self.cell

    @property
    def y_centres(self) -> np.ndarray:
        """Cell-centre y of each row, **north to south** (row 0 first), ``(ny,)``."""
        return self.y1 - (np.arange(self.ny) + 0.5) * self.cell

    def centres(self) -> tuple[np.ndarray, np.ndarray]:
        """Cell-centre coordinates ``(X, Y)``, each of shape ``(ny, nx)``, row 0 north."""
        return np.meshgrid(self.x_centres, self.y_centres)

    def contains(self, x, y) -> np.ndarray:
        """Boolean mask of the points inside the grid extent (edges included)."""
        x = np.asarray(x, dtype=float)
        y = np.asarray(y, dtype=float)
        return (x >= self.x0) & (x <= self.x1) & (y >= self.y0) & (y <= self.y1)


# --- binning -------------------------------------------------------------------
def _axis_bins(frac: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Lower index, upper index and upper weight along one axis.

    ``frac`` is the position in cell units measured so that cell centre ``i``
    is at ``i``. Positions beyond the outer centres are clamped to them.
    """
    frac = np.clip(frac, 0.0, n - 1.0)
    i0 = np.minimum(np.floor(frac).astype(np.intp), max(n - 2, 0))
    w1 = frac - i0
    i1 = np.minimum(i0 + 1, n - 1)
    return i0, i1, w1


def bin_points(x, y, grid: Grid, weights=None) -> np.ndarray:
    """Linear (bilinear) binning of weighted points onto the cell centres.

    Returns the weight per cell, shape ``(ny, nx)``, row 0 north. Points with
    a non-finite coordinate or weight, or outside the grid extent, are dropped.
    """
    x = np.asarray(x, dtype=float).ravel()
    y = np.asarray(y, dtype=float).ravel()
    if x.shape != y.shape:
        raise ValueError("x and y must have the same number of values")
    if weights is None:
        w = np.ones_like(x)
    else:
        w = np.broadcast_to(np.asarray(weights, dtype=float), x.shape).ravel()
        if np.any(w < 0):
            raise ValueError("weights must not be negative")
    keep = grid.contains(x, y) & np.isfinite(w)  # NaN coordinates fail contains()
    if not keep.all():
        x, y, w = x[keep], y[keep], w[keep]
    nx, ny = grid.nx, grid.ny
    out_len = nx * ny
    if x.size == 0:
        return np.zeros(grid.shape)
    c0, c1, wx = _axis_bins((x - grid.x0) / grid.cell - 0.5, nx)
    r0, r1, wy = _axis_bins((grid.y1 - y) / grid.cell - 0.5, ny)  # row 0 = north
    wx0 = 1.0 - wx
    wy0 = (1.0 - wy) * w
    wy1 = wy * w
    idx = np.concatenate((r0 * nx + c0, r0 * nx + c1, r1 * nx + c0, r1 * nx + c1))
    val = np.concatenate((wy0 * wx0, wy0 * wx, wy1 * wx0, wy1 * wx))
    return np.bincount(idx, weights=val, minlength=out_len).reshape(grid.shape)


# --- kernels -------------------------------------------------------------------
def _support(bandwidth: float, kernel: str) -> float:
    return GAUSSIAN_TRUNCATE * bandwidth if kernel == "gaussian" else bandwidth


def _profile(d2: np.ndarray, bandwidth: float, kernel: str) -> np.ndarray:
    """Unnormalised kernel value at squared distance ``d2`` (m²), 0 outside support."""
    if kernel == "gaussian":
        r2 = (GAUSSIAN_TRUNCATE * bandwidth) ** 2
        return np.where(d2 <= r2, np.exp(-d2 / (2.0 * bandwidth * bandwidth)), 0.0)
    u = d2 / (bandwidth * bandwidth)
    return np.where(u < 1.0, (1.0 - u) ** 2, 0.0)


def _kernel(cell: float, bandwidth: float, kernel: str, ry_max: int, rx_max: int) -> np.ndarray:
    """Kernel samples at cell offsets, summing to 1 over the *full* support.

    The array is cropped to offsets ``|dy| <= ry_max, |dx| <= rx_max`` (larger
    offsets cannot reach a cell of the grid), but the normalising sum is taken
    over the whole support, so cropping does not inflate the kernel.
    """
    r = math.floor(_support(bandwidth, kernel) / cell + 1e-9)
    ry, rx = min(r, ry_max), min(r, rx_max)
    ox = (np.arange(-r, r + 1) * cell) ** 2
    # Normalising sum over the full (2r+1)² support, in row blocks to bound memory.
    total = 0.0
    block = max(1, 2_000_000 // (2 * r + 1))
    for start in range(-r, r + 1, block):
        oy = (np.arange(start, min(start + block, r + 1)) * cell) ** 2
        total += float(_profile(oy[:, None] + ox[None, :], bandwidth, kernel).sum())
    oy = (np.arange(-ry, ry + 1) * cell) ** 2
    k = _profile(oy[:, None] + ox[None, r - rx : r + rx + 1], bandwidth, kernel)
    return k / total


_FFT_CACHE: OrderedDict = OrderedDict()
_FFT_CACHE_LOCK = threading.Lock()
_FFT_CACHE_SIZE = 8
_FFT_CACHE_MAX_BYTES = 64 * 2**20  # do not cache kernel FFTs larger than this


def _kernel_fft(shape, cell, bandwidth, kernel):
    """(fft shape, ry, rx, rfft2 of the kernel), cached per grid/bandwidth/kernel."""
    key = (shape, float(cell), float(bandwidth), kernel)
    with _FFT_CACHE_LOCK:
        hit = _FFT_CACHE.get(key)
        if hit is not None:
            _FFT_CACHE.move_to_end(key)
            return hit
    ny, nx = shape
    k = _kernel(cell, bandwidth, kernel, ny - 1, nx - 1)
    ry, rx = k.shape[0] // 2, k.shape[1] // 2
    fshape = (
        sfft.next_fast_len(ny + 2 * ry, real=True),
        sfft.next_fast_len(nx + 2 * rx, real=True),
    )
    kf = sfft.rfft2(k, fshape)
    entry = (fshape, ry, rx, kf)
    if kf.nbytes <= _FFT_CACHE_MAX_BYTES:
        with _FFT_CACHE_LOCK:
            _FFT_CACHE[key] = entry
            while len(_FFT_CACHE) > _FFT_CACHE_SIZE:
                _FFT_CACHE.popitem(last=False)
    return entry


# --- density -------------------------------------------------------------------
def density(x, y, grid: Grid, bandwidth: float, weights=None, kernel: str = "gaussian"):
    """Kernel density of points on ``grid``, in **events per km²**.

    Parameters
    ----------
    x, y : array-like
        Projected coordinates in metres (same CRS as ``grid``).
    grid : Grid
    bandwidth : float
        Metres. Gaussian: the standard deviation ``h`` (kernel cut at ``4h``).
        Quartic: the radius ``r`` (compact support, as in QGIS's heatmap).
    weights : array-like, optional
        Non-negative weight per event (e.g. fatalities); the surface is then
        weight per km². Default 1 per event.
    kernel : {"gaussian", "quartic"}

    Returns
    -------
    numpy.ndarray
        float64, shape ``(ny, nx)``, row 0 = north. ``out.sum() *
        grid.cell_area_km2`` is the total weight of the events inside the grid
        (less kernel mass falling off the grid edge). Events outside the grid
        extent or with non-finite coordinates are ignored.
    """
    if kernel not in KERNELS:
        raise ValueError(f"unknown kernel {kernel!r}; expected one of {KERNELS}")
    bandwidth = float(bandwidth)
    if not (bandwidth > 0 and math.isfinite(bandwidth)):
        raise ValueError(f"bandwidth must be a positive number of metres, got {bandwidth!r}")
    counts = bin_points(x, y, grid, weights)
    if not counts.any():
        return counts
    fshape, ry, rx, kf = _kernel_fft(grid.shape, grid.cell, bandwidth, kernel)
    if ry == 0 and rx == 0:  # kernel narrower than a cell: nothing to smooth
        smooth = counts
    else:
        cf = sfft.rfft2(counts, fshape, workers=-1)
        full = sfft.irfft2(cf * kf, fshape, workers=-1)
        smooth = full[ry : ry + grid.ny, rx : rx + grid.nx]
    out = smooth / grid.cell_area_km2
    peak = out.max()
    out[out < peak * _ZERO_REL] = 0.0
    return np.ascontiguousarray(out)


# --- overlap -------------------------------------------------------------------
def _probabilities(d) -> np.ndarray | None:
    """Normalise a density to a probability surface (sum 1); None when empty."""
    p = np.nan_to_num(np.asarray(d, dtype=float), nan=0.0, posinf=0.0, neginf=0.0)
    p = np.clip(p, 0.0, None)
    total = p.sum()
    if not (total > 0 and math.isfinite(total)):
        return None
    return p / total


def _check(da, db, method):
    if method not in OVERLAP_METHODS:
        raise ValueError(f"unknown overlap method {method!r}; expected one of {OVERLAP_METHODS}")
    if np.shape(da) != np.shape(db):
        raise ValueError(f"surfaces differ in shape: {np.shape(da)} vs {np.shape(db)}")


def _overlap_cells(da, db, method) -> np.ndarray:
    """Per-cell overlap share: min(pa, pb) or sqrt(pa·pb); zeros if a group is empty."""
    _check(da, db, method)
    pa, pb = _probabilities(da), _probabilities(db)
    if pa is None or pb is None:
        return np.zeros(np.shape(da), dtype=float)
    if method == "min":
        return np.minimum(pa, pb)
    return np.sqrt(pa * pb)


def overlap_surface(da, db, method: str = "min", cell_area_km2: float | None = None):
    """Where the two groups' activity overlaps, as a surface.

    Both densities are normalised to probability surfaces ``pa``, ``pb`` (each
    sums to 1: "where group A's activity is", independent of how many events A
    has). Then per cell:

    * ``"min"``: ``min(pa, pb)``; the surface sums to the overlap coefficient.
    * ``"product"``: the geometric mean ``sqrt(pa·pb)``; it sums to the
      Bhattacharyya coefficient.

    Scaling for display: with ``cell_area_km2`` given (``grid.cell_area_km2``)
    the surface is divided by it, i.e. **shared probability per km²**, a
    density whose integral (``sum × cell area``) is :func:`overlap_index`, and
    which does not depend on the cell size, so surfaces on different grids
    share a colour scale. Without it, the per-cell shares are returned (they
    sum to :func:`overlap_index`).

    Never NaN: a cell where either group has zero density is 0, and if either
    group is absent (all zero) the whole surface is 0.
    """
    cells = _overlap_cells(da, db, method)
    if cell_area_km2 is not None:
        if not (cell_area_km2 > 0 and math.isfinite(cell_area_km2)):
            raise ValueError("cell_area_km2 must be a positive number")
        cells = cells / cell_area_km2
    return cells


def overlap_index(da, db, method: str = "min") -> float:
    """Single overlap figure in [0, 1] between two density surfaces.

    ``"min"``: overlap coefficient ``Σ min(pa, pb)`` (the share of activity
    common to both, = 1 − total-variation distance). ``"product"``:
    Bhattacharyya coefficient ``Σ sqrt(pa·pb)``. 0 when either surface is
    empty or they are disjoint, 1 for identical (proportional) surfaces.
    """
    value = float(_overlap_cells(da, db, method).sum())
    return min(max(value, 0.0), 1.0)


def fixed_scale(values_list, quantile: float = 0.99) -> float:
    """A colour-scale maximum shared by several frames (surfaces).

    The ``quantile`` of all positive, finite cell values pooled over every
    surface in ``values_list`` (``None`` entries skipped); ``quantile=1`` is the
    overall maximum. Zero cells are left out so a mostly empty map does not
    drag the scale to 0. Values above the result saturate the colour ramp.
    Returns 1.0 when there is no positive value at all (an empty animation), so
    the result is always a usable positive maximum.
    """
    if not 0.0 < quantile <= 1.0:
        raise ValueError("quantile must be in (0, 1]")
    pooled = []
    for v in values_list:
        if v is None:
            continue
        a = np.asarray(v, dtype=float).ravel()
        a = a[np.isfinite(a) & (a > 0)]
        if a.size:
            pooled.append(a)
    if not pooled:
        return 1.0
    allv = np.concatenate(pooled)
    return float(allv.max() if quantile >= 1.0 else np.quantile(allv, quantile))
