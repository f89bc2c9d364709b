"""QGIS glue for the overlap heatmap: incidents frame → KDE per group → GeoTIFF → styled layer.

The numbers come from :mod:`.core.kde`; here we only prepare arrays once,
filter them per time window in numpy, write rasters with GDAL and style them.

Which events count: a group's activity is its own events plus the clashes
between the two groups and their joint operations (both are activity of both, see
``definitions``); ambiguous attributions and other actors are left out.

Overlap surface: ``core.kde.overlap_surface`` with ``"min"`` by default.
``min(pa, pb)`` is the share of activity both groups have in a cell, so the
map is high only where *both* are present, and it sums to the overlap
coefficient (1 − total-variation distance), a figure analysts can read as
"the share of activity that is common". ``"product"`` (``sqrt(pa·pb)``, the
Bhattacharyya coefficient) is smoother and rewards two groups that are both
moderately present; it is offered as an option. Both are shared probability
per km² (independent of cell size), so colour scales carry across grids.

Rasters have three bands: 1 the overlap surface, 2 and 3 the densities of
groups A and B (events, or fatalities, per km²).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from osgeo import gdal, osr
from qgis.core import (
    QgsApplication,
    QgsColorRampShader,
    QgsCoordinateReferenceSystem,
    QgsDataProvider,
    QgsProject,
    QgsRasterLayer,
    QgsRasterShader,
    QgsSingleBandPseudoColorRenderer,
)
from qgis.PyQt.QtGui import QColor

from .. import definitions as d
from ..core import kde
from ..core.projection import equal_area_crs, to_metres
from ..definitions import N_
from ..i18n import tr
from ..io.replace import move_into_place
from ..io.schema import group_names
from .layers import ROLE, add_above_base_map

ROLE_HEATMAP = "heatmap"

WEIGHTS = ("events", "fatalities")
METHODS = kde.OVERLAP_METHODS  # ("min", "product")
LAYER_NAME = N_("Overlap heatmap")  # the layer's name: tr(LAYER_NAME) where it is made
BAND_NAMES = ("overlap", "density_a", "density_b")
# Purple: the overlap of JNIM red and ISGS blue; 0 is transparent.
RAMP = ["#f2f0f7", "#cbc9e2", "#9e9ac8", "#756bb1", "#54278f"]


class HeatmapError(ValueError):
    """The window cannot be mapped; the message says why."""


class HeatmapCanceled(HeatmapError):
    """The run was canceled: nothing was written."""


@dataclass(frozen=True)
class HeatmapSettings:
    bandwidth_km: float = 50.0
    cell_km: float = 5.0
    weight: str = "events"
    method: str = "min"
    kernel: str = "gaussian"

    def __post_init__(self):
        if not self.bandwidth_km > 0 or not self.cell_km > 0:
            raise HeatmapError(tr("bandwidth and cell size must be positive numbers of km"))
        if self.weight not in WEIGHTS:
            raise HeatmapError(tr("weight must be one of {values}").format(values=WEIGHTS))
        if self.method not in METHODS:
            raise HeatmapError(tr("method must be one of {values}").format(values=METHODS))


@dataclass
class HeatmapResult:
    grid: kde.Grid
    crs: str
    density_a: np.ndarray
    density_b: np.ndarray
    overlap: np.ndarray  # shared probability per km²
    index: float
    events_a: int
    events_b: int
    window: tuple = (None, None)
    settings: HeatmapSettings = field(default_factory=HeatmapSettings)


def _day(value) -> np.datetime64:
    return np.datetime64(pd.Timestamp(value).date(), "D")


SIDES = (d.SIDE_A, d.SIDE_B, d.SIDE_CLASH, d.SIDE_JOINT)
# What a heatmap reads from a layer (no event ids: a third of the read at 1M events).
FIELDS = (d.F_DATE, d.F_DATE_END, d.F_SIDE, d.F_GROUP, d.F_FATALITIES)


class PreparedIncidents:
    """Incidents projected once; windows are numpy masks on these arrays.

    ``frame`` is in the standard schema (``io.readers.read_incidents``). The
    projection and the grid extent come from *all* events of both groups, so
    every window of one prepared set is mapped on the same grid.
    """

    def __init__(self, frame: pd.DataFrame, crs: str | None = None):
        # Sides compared once per distinct value (a million string compares cost 0.1 s).
        codes, values = pd.factorize(frame[d.F_SIDE].astype(str))
        values = np.asarray(values, dtype=object)
        side_is = {s: np.isin(values, [s])[codes] & (codes >= 0) for s in SIDES}
        lon = frame[d.F_LON].to_numpy(dtype=float)
        lat = frame[d.F_LAT].to_numpy(dtype=float)
        both = side_is[d.SIDE_CLASH] | side_is[d.SIDE_JOINT]  # activity of both groups
        keep = (side_is[d.SIDE_A] | side_is[d.SIDE_B] | both) & (
            np.isfinite(lon) & np.isfinite(lat)
        )
        lon, lat = lon[keep], lat[keep]
        self.name_a, self.name_b = group_names(frame)
        self.crs = crs or equal_area_crs(lon, lat)
        self.x, self.y = to_metres(lon, lat, self.crs)
        self.is_clash = side_is[d.SIDE_CLASH][keep]
        self.is_a = side_is[d.SIDE_A][keep] | both[keep]
        self.is_b = side_is[d.SIDE_B][keep] | both[keep]
        start = pd.to_datetime(frame[d.F_DATE]).to_numpy(dtype="datetime64[ns]")[keep]
        end = pd.to_datetime(frame[d.F_DATE_END]).to_numpy(dtype="datetime64[ns]")[keep]
        end = np.where(np.isnat(end), start, end)
        self.start = start.astype("datetime64[D]")
        self.end = end.astype("datetime64[D]")
        fat = pd.to_numeric(frame[d.F_FATALITIES], errors="coerce").to_numpy(dtype=float)[keep]
        self.fatalities = np.clip(np.nan_to_num(fat, nan=0.0), 0, None)
        self._grids: dict = {}

    def __len__(self) -> int:
        return int(self.x.size)

    def date_span(self) -> tuple[dt.date, dt.date] | None:
        if not len(self):
            return None
        return (self.start.min().astype(dt.date), self.end.max().astype(dt.date))

    def grid(self, settings: HeatmapSettings) -> kde.Grid:
        key = (settings.bandwidth_km, settings.cell_km, settings.kernel)
        if key not in self._grids:
            if not len(self):
                raise HeatmapError(
                    tr("no events of {a}, {b} or their clashes in the layer").format(
                        a=self.name_a, b=self.name_b
                    )
                )
            bw = settings.bandwidth_km * 1000.0
            pad = kde.GAUSSIAN_TRUNCATE * bw if settings.kernel == "gaussian" else bw
            try:
                self._grids[key] = kde.Grid.from_extent(
                    self.x.min(),
                    self.y.min(),
                    self.x.max(),
                    self.y.max(),
                    settings.cell_km * 1000.0,
                    pad=pad,
                )
            except ValueError as err:
                raise HeatmapError(str(err)) from err
        return self._grids[key]

    def mask(self, first=None, last=None) -> np.ndarray:
        """Events overlapping ``[first, last]`` (inclusive dates; None = open)."""
        m = np.ones(self.x.shape, dtype=bool)
        if first is not None:
            m &= self.end >= _day(first)
        if last is not None:
            m &= self.start <= _day(last)
        return m

    def counts(self, first=None, last=None) -> tuple[int, int]:
        m = self.mask(first, last)
        return int((m & self.is_a).sum()), int((m & self.is_b).sum())

    def compute(
        self, first=None, last=None, settings: HeatmapSettings | None = None, is_canceled=None
    ):
        settings = settings or HeatmapSettings()
        grid = self.grid(settings)
        m = self.mask(first, last)
        w = self.fatalities if settings.weight == "fatalities" else None
        bw = settings.bandwidth_km * 1000.0
        surfaces = []
        for group in (self.is_a, self.is_b):
            if is_canceled is not None and is_canceled():
                raise HeatmapCanceled(tr("the heatmap was canceled; nothing was written"))
            sel = m & group
            weights = None if w is None else w[sel]
            surfaces.append(
                kde.density(self.x[sel], self.y[sel], grid, bw, weights, settings.kernel)
            )
        da, db = surfaces
        return HeatmapResult(
            grid=grid,
            crs=self.crs,
            density_a=da,
            density_b=db,
            overlap=kde.overlap_surface(da, db, settings.method, grid.cell_area_km2),
            index=kde.overlap_index(da, db, settings.method),
            events_a=int((m & self.is_a).sum()),
            events_b=int((m & self.is_b).sum()),
            window=(first, last),
            settings=settings,
        )

    def curve(self, windows, settings: HeatmapSettings, is_canceled=None, progress=None):
        """Overlap index per window and a fixed colour-scale maximum for all of them.

        The scale is the largest per-window 99th percentile of the positive
        overlap values (``kde.fixed_scale`` per window, then the max), so one
        scale serves every frame without pooling all surfaces in memory.
        """
        values, tops = [], []
        for n, (first, last) in enumerate(windows):
            if is_canceled is not None and is_canceled():
                return None, None
            r = self.compute(first, last, settings)
            values.append(r.index)
            if r.overlap.any():
                tops.append(kde.fixed_scale([r.overlap], 0.99))
            if progress is not None:
                progress(100.0 * (n + 1) / max(len(windows), 1))
        return values, (max(tops) if tops else 1.0)


# --- GeoTIFF ---------------------------------------------------------------------


def write_raster(
    path: str | Path, result: HeatmapResult, driver: str = "GTiff", is_canceled=None
) -> str:
    """Three Float32 bands (overlap, density A, density B) in the projected CRS
    (``is_canceled``: polled while GDAL writes; a cancel raises ``HeatmapCanceled``)."""
    path = str(path)
    grid = result.grid
    srs = osr.SpatialReference()
    if srs.ImportFromProj4(result.crs) != 0:
        raise HeatmapError(tr("GDAL cannot read the projection {crs}").format(crs=repr(result.crs)))
    mem = gdal.GetDriverByName("MEM").Create("", grid.nx, grid.ny, 3, gdal.GDT_Float32)
    mem.SetGeoTransform(grid.geotransform)
    mem.SetProjection(srs.ExportToWkt())
    s = result.settings
    for i, (name, arr) in enumerate(
        zip(BAND_NAMES, (result.overlap, result.density_a, result.density_b)), start=1
    ):
        band = mem.GetRasterBand(i)
        band.WriteArray(arr.astype(np.float32))
        band.SetDescription(name)
    first, last = result.window
    mem.SetMetadata(
        {
            "overlap_index": f"{result.index:.6f}",
            "overlap_method": s.method,
            "bandwidth_km": str(s.bandwidth_km),
            "cell_km": str(s.cell_km),
            "weight": s.weight,
            "window_start": "" if first is None else str(pd.Timestamp(first).date()),
            "window_end": "" if last is None else str(pd.Timestamp(last).date()),
            "events_a": str(result.events_a),
            "events_b": str(result.events_b),
            "units": "overlap: shared probability per km2; densities: weight per km2",
            "proj4": result.crs,
        }
    )
    drv = gdal.GetDriverByName(driver or "GTiff")
    if drv is None:
        raise HeatmapError(tr("GDAL has no {driver} driver").format(driver=driver))
    options = ["COMPRESS=DEFLATE", "PREDICTOR=3"] if drv.ShortName == "GTiff" else []
    # Written in a hidden folder beside the target, read back whole, then renamed over
    # it with every sidecar the format has (EHdr's .hdr, .prj...): a full disk, a
    # failed write or a cancel leaves nothing (and an older raster untouched).
    final = Path(path)
    try:
        staging = Path(tempfile.mkdtemp(prefix=".sahel-overlap-", dir=final.parent))
    except OSError as err:
        raise HeatmapError(
            tr("cannot write in {folder}: {why}").format(
                folder=final.parent, why=err.strerror or err
            )
        ) from err
    staged = staging / final.name

    def progress(_fraction, _message, _data):
        return 0 if is_canceled is not None and is_canceled() else 1

    try:
        gdal.ErrorReset()
        out = drv.CreateCopy(str(staged), mem, options=options, callback=progress)
        if is_canceled is not None and is_canceled():
            out = None
            raise HeatmapCanceled(tr("the heatmap was canceled; nothing was written"))
        if out is None:
            raise HeatmapError(
                tr("GDAL could not write {path}: {why}").format(
                    path=path, why=gdal.GetLastErrorMsg()
                )
            )
        out.FlushCache()
        out = None
        if gdal.GetLastErrorType() >= gdal.CE_Failure:
            raise HeatmapError(
                tr("GDAL could not write {path}: {why}").format(
                    path=path, why=gdal.GetLastErrorMsg()
                )
            )
        _check_raster(staged, grid)
        if is_canceled is not None and is_canceled():
            raise HeatmapCanceled(tr("the heatmap was canceled; nothing was written"))
        parts = sorted(staging.iterdir(), key=lambda p: p == staged)  # the raster last
        for part in parts:
            if drv.ShortName == "GTiff" and part.name.endswith(".aux.xml"):
                continue  # statistics of the read-back; the GeoTIFF holds its metadata
            move_into_place(part, final.parent / part.name)
    except OSError as err:
        raise HeatmapError(
            tr("cannot write {path}: {why}").format(path=final, why=err.strerror or err)
        ) from err
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return path


def _check_raster(path: Path, grid) -> None:
    """Every block of the written raster reads back (a truncated file does not)."""
    gdal.PushErrorHandler("CPLQuietErrorHandler")
    try:
        ds = gdal.Open(str(path))
        ok = (
            ds is not None
            and ds.RasterCount == 3
            and (ds.RasterXSize, ds.RasterYSize)
            == (
                grid.nx,
                grid.ny,
            )
        )
        if ok:
            for b in range(1, 4):
                gdal.ErrorReset()
                ds.GetRasterBand(b).Checksum()
                ok = ok and gdal.GetLastErrorType() < gdal.CE_Failure
        ds = None
    finally:
        gdal.PopErrorHandler()
    if not ok:
        raise HeatmapError(
            tr("{name} was not written completely (is the disk full?)").format(name=path.name)
        )


OWNER_FILE = "owner.pid"


def cache_base() -> Path:
    return Path(QgsApplication.qgisSettingsDirPath()) / d.PLUGIN_FOLDER / "heatmap_cache"


def _owner_alive(folder: Path) -> bool:
    try:
        pid = int((folder / OWNER_FILE).read_text().strip())
    except (OSError, ValueError):
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's live process
    return True


def prune_cache(base: Path | None = None) -> int:
    """Delete the folders of sessions that ended (their QGIS process is gone, or
    they predate owner files); live sessions of other QGIS windows are kept."""
    base = base or cache_base()
    removed = 0
    if not base.is_dir():
        return 0
    for folder in base.iterdir():
        if folder.is_dir() and not _owner_alive(folder):
            shutil.rmtree(folder, ignore_errors=True)
            removed += not folder.exists()
    return removed


def cache_folder() -> Path:
    """Per-session folder for the dock's rasters, inside the profile, never user data.

    It holds at most ``HeatmapLayer.KEEP_FILES`` rasters, is deleted when the dock
    is (plugin unload), and folders left by sessions that crashed are pruned here.
    """
    base = cache_base()
    prune_cache(base)
    folder = base / uuid.uuid4().hex[:12]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / OWNER_FILE).write_text(str(os.getpid()))
    return folder


# --- styling -----------------------------------------------------------------------


# Overlap values are shared probability per km² (about 1e-6); legends show them per
# 1,000 km², numbers an analyst can read and compare.
LEGEND_AREA_KM2 = 1000.0
UNITS = N_("shared probability per 1,000 km²")  # shown as tr(UNITS)


def format_value(v: float) -> str:
    """A surface value (per km²) as the legends print it (per ``LEGEND_AREA_KM2``)."""
    v = v * LEGEND_AREA_KM2
    return "0" if v == 0 else f"{v:.2g}"


def style_heatmap(layer: QgsRasterLayer, vmax: float, band: int = 1) -> None:
    """Pseudo-colour with a FIXED 0..vmax scale (frames compare); 0 is transparent."""
    vmax = float(vmax) if vmax and vmax > 0 else 1.0
    shader_fn = QgsColorRampShader(0.0, vmax)
    shader_fn.setColorRampType(QgsColorRampShader.Interpolated)
    shader_fn.setClip(False)  # values above the scale keep the darkest colour
    transparent = QColor(RAMP[0])
    transparent.setAlpha(0)
    items = [QgsColorRampShader.ColorRampItem(0.0, transparent, f"0 ({tr(UNITS)})")]
    for k, colour in enumerate(RAMP, start=1):
        v = vmax * k / len(RAMP)
        value = format_value(v)
        label = tr("{value} or more").format(value=value) if k == len(RAMP) else value
        items.append(QgsColorRampShader.ColorRampItem(v, QColor(colour), label))
    shader_fn.setColorRampItemList(items)
    shader = QgsRasterShader(0.0, vmax)
    shader.setRasterShaderFunction(shader_fn)
    renderer = QgsSingleBandPseudoColorRenderer(layer.dataProvider(), band, shader)
    renderer.setClassificationMin(0.0)
    renderer.setClassificationMax(vmax)
    renderer.setOpacity(0.85)
    layer.setRenderer(renderer)
    layer.triggerRepaint()


def layer_crs(proj: str) -> QgsCoordinateReferenceSystem:
    return QgsCoordinateReferenceSystem.fromProj(proj)


@contextlib.contextmanager
def _no_default_stretch_errors():
    """Opening a 3-band raster, QGIS first gives it a cumulative-cut stretch, which
    asks GDAL for each band's histogram; on an empty window's all-zero bands GDAL
    refuses ("dfMax should be strictly greater than dfMin") and prints ERROR. The
    stretch is replaced at once by style_heatmap's fixed scale, so its errors are
    not shown; any failure to open still makes the layer invalid, which is checked."""
    gdal.PushErrorHandler("CPLQuietErrorHandler")
    try:
        yield
    finally:
        gdal.PopErrorHandler()


class HeatmapLayer:
    """The one "Overlap heatmap" layer of a project; new frames replace its data."""

    KEEP_FILES = 3  # a render job may still read the previous file or two

    def __init__(self, project: QgsProject | None = None, name: str | None = None):
        self.project = project or QgsProject.instance()
        self.name = tr(LAYER_NAME) if name is None else name
        self.layer_id = None
        self.files: list[str] = []
        self.vmax = 1.0

    def layer(self) -> QgsRasterLayer | None:
        if self.layer_id is None:
            return None
        return self.project.mapLayer(self.layer_id)

    def make_layer(self, path: str, crs: str, vmax: float) -> QgsRasterLayer:
        """A new, styled layer of ``path``. Any thread may call this (the first opening
        of a raster costs QGIS 0.1-0.3 s of CRS lookup and statistics: the dock does it
        in its task and moves the layer to the main thread)."""
        with _no_default_stretch_errors():
            layer = QgsRasterLayer(path, self.name, "gdal")
        if not layer.isValid():
            raise HeatmapError(tr("QGIS cannot open {path}").format(path=path))
        layer.setCrs(layer_crs(crs))
        layer.setCustomProperty(ROLE, ROLE_HEATMAP)
        style_heatmap(layer, vmax)
        return layer

    def show(self, path: str, crs: str, vmax: float, made=None) -> QgsRasterLayer:
        """Show ``path`` in the layer (added on first use; ``made``: a layer of it that
        ``make_layer`` built beforehand)."""
        self.vmax = vmax
        layer = self.layer()
        if layer is None:
            layer = made if made is not None else self.make_layer(path, crs, vmax)
            if made is not None:
                style_heatmap(layer, vmax)
            # Under the incident points, which stay readable on top of the surface.
            add_above_base_map(self.project, layer)
            self.layer_id = layer.id()
        else:
            with _no_default_stretch_errors():
                layer.setDataSource(path, self.name, "gdal", QgsDataProvider.ProviderOptions())
            layer.setCrs(layer_crs(crs))
            style_heatmap(layer, vmax)
        self.files.append(path)
        self._prune()
        return layer

    def restyle(self, vmax: float) -> None:
        self.vmax = vmax
        layer = self.layer()
        if layer is not None:
            style_heatmap(layer, vmax)
            layer.emitStyleChanged()

    def _prune(self) -> None:
        while len(self.files) > self.KEEP_FILES:
            old = Path(self.files.pop(0))
            for extra in (old, old.with_suffix(old.suffix + ".aux.xml")):
                with contextlib.suppress(OSError):
                    extra.unlink(missing_ok=True)

    def remove(self) -> None:
        if self.layer() is not None:
            self.project.removeMapLayer(self.layer_id)
        self.layer_id = None

    def forget(self) -> None:
        """The project dropped the layer (project cleared): nothing to remove."""
        self.layer_id = None
        self.files.clear()


def remove_stale_layers(project: QgsProject) -> int:
    """Remove "Overlap heatmap" layers a previous instance of the dock left (a reload
    of the plugin, a crash): they show another window's surface. Only the dock's own
    layers (marked, or reading the dock's cache), never the algorithm's output that
    the analyst loaded under the same name."""
    cache = str(cache_base())
    stale = [
        lid
        for lid, lyr in project.mapLayers().items()
        if lyr.customProperty(ROLE, "") == ROLE_HEATMAP
        or (isinstance(lyr, QgsRasterLayer) and lyr.source().startswith(cache))
    ]
    if stale:
        project.removeMapLayers(stale)
    return len(stale)
