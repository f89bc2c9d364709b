"""Shared bits of the plugin's algorithms: parameter checks, safe outputs, cancel.

* ``SahelAlgorithm.checkParameterValues`` (and ``prepareAlgorithm``, which a model
  runs too) refuses an output that is one of the inputs, an existing GeoPackage
  whose other layers an output would wipe, and names the problem of an input
  file it cannot read (missing, a folder, empty, not a GeoPackage...).
* ``StagedSink``: a feature output written in a hidden folder beside its
  destination, checked (its feature count read back), then moved into place
  with a rename; a failure, a full disk or a cancel leaves nothing behind and
  the file that was there before untouched.
* A cancel is an error (``canceled_error``): a run that did not finish never
  reports success (``qgis_process`` exits 1). Under ``qgis_process``, SIGINT
  cancels the run (QGIS 3.22 turns SIGINT into a cancel only through its event
  loop, which does not run while an algorithm does).
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import sqlite3
import stat
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pandas as pd
from osgeo import gdal
from qgis.core import (
    QgsApplication,
    QgsDataSourceUri,
    QgsMapLayer,
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingOutputLayerDefinition,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDateTime,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterNumber,
    QgsProcessingParameterVectorLayer,
    QgsProcessingUtils,
    QgsProperty,
    QgsProviderRegistry,
    QgsVectorLayer,
)
from qgis.PyQt import sip

from .. import definitions as d
from ..core import provenance, windows
from ..core.formulas import neutralise
from ..definitions import N_
from ..i18n import tr
from ..io import gdal_files, gpkg_merge
from ..io.replace import move_into_place
from ..io.writers import quote_identifier
from .resources import docs_url, plugin_icon

# The Processing "Help" button opens a help page shipped with the plugin (offline),
# rendered from the docs by scripts/make_help.py, at the algorithm's own section.
HELP_DOCS = {
    "importincidents": ("methodology.html", "1-inputs"),
    "scorezones": (
        "methodology.html",
        "methodology-scoring-zones-of-parallel-against-contested-operation",
    ),
    "interaction": ("methodology.html", "8-space-time-interaction-saheloverlapinteraction"),
    "overlapheatmap": ("guide.html", "time-slider-and-overlap-heatmap-docks"),
    "exportmap": ("guide.html", "the-overlap-map"),
    "fetchacled": ("guide.html", "live-acled-data-fetch-and-refresh"),
}

CANCELED = N_("Canceled: the run did not finish and nothing was written")
# Parameters whose value may name a file to read.
_FILE_PARAMETER_TYPES = {"source", "vector", "raster", "layer", "file", "mesh", "pointcloud"}
STAGING_PREFIX = ".sahel-overlap-"
#: The advanced parameter that lets an output replace a table of an existing GeoPackage.
OVERWRITE_TABLE = "OVERWRITE_TABLE"
_SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg", ".qix", ".sbn", ".sbx", ".qpj", ".qmd")


def canceled_error() -> QgsProcessingException:
    return QgsProcessingException(tr(CANCELED))


def write_error_hint(err) -> str:
    """What a failed write most likely means, from its cause (never a guess that the
    disk is full when the folder is read-only)."""
    code = getattr(err, "errno", None)
    if code == errno.ENOSPC or "full" in str(err).lower():
        return tr(" (the disk is full)")
    if code in (errno.EROFS, errno.EACCES, errno.EPERM) or "readonly" in str(err).lower():
        return tr(" (the folder or file is read-only, or you may not write there)")
    return ""


# --- where parameters point --------------------------------------------------------


@dataclass
class Destination:
    """Where a feature output goes: 'memory', 'file' (a new or replaced file),
    'table' (a table added to an existing GeoPackage) or 'other' (a database)."""

    kind: str
    path: Path | None = None
    table: str | None = None


def _static_value(value, context):
    if isinstance(value, QgsProperty):
        if value.propertyType() == QgsProperty.StaticProperty:
            return value.staticValue()
        return value.valueAsString(context.expressionContext(), "")
    return value


def destination_of(parameters, key: str, context) -> Destination:
    value = parameters.get(key)
    if isinstance(value, QgsProcessingOutputLayerDefinition):
        value = value.sink
    text = str(_static_value(value, context) or "").strip()
    if not text or text == QgsProcessing.TEMPORARY_OUTPUT or text.startswith("memory:"):
        return Destination("memory")
    if text.startswith("ogr:"):
        uri = QgsDataSourceUri(text[4:])
        if uri.database():
            path = Path(uri.database())
            return Destination("table" if path.exists() else "file", path, uri.table() or None)
        return Destination("other")
    provider, _sep, _rest = text.partition(":")
    if len(provider) > 2 and provider in QgsProviderRegistry.instance().providerList():
        return Destination("other")
    return Destination("file", Path(text.split("|", 1)[0]).expanduser().absolute())


def _layer_path(layer) -> Path | None:
    if not isinstance(layer, QgsMapLayer):
        return None
    parts = QgsProviderRegistry.instance().decodeUri(layer.providerType(), layer.source())
    path = parts.get("path") or ""
    return Path(path) if path and os.path.exists(path) else None


def input_path(value, context) -> Path | None:
    """The local file an input parameter value reads, if any."""
    if isinstance(value, QgsProcessingFeatureSourceDefinition):
        value = value.source
    value = _static_value(value, context)
    if isinstance(value, QgsMapLayer):
        return _layer_path(value)
    if not isinstance(value, str) or not value:
        return None
    head = value.split("|", 1)[0]
    if os.path.exists(head):
        return Path(head)
    layer = QgsProcessingUtils.mapLayerFromString(value, context, False)
    return _layer_path(layer)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def _files_written(path: Path) -> set[str]:
    """The real paths an output to ``path`` writes (a shapefile is several files; a
    symlink is written through, so it is its target)."""
    real = Path(os.path.realpath(path))
    if real.suffix.lower() in _SHAPEFILE_PARTS:
        return {os.path.normcase(str(real.with_suffix(ext))) for ext in _SHAPEFILE_PARTS}
    return {os.path.normcase(str(real))}


def _collide(a: Destination, b: Destination) -> bool:
    """Whether two outputs would write over each other: the same file, unless both add
    differently named tables to a GeoPackage that exists (SQLite names ignore case)."""
    if a.path is None or b.path is None or not _files_written(a.path) & _files_written(b.path):
        return False
    if a.kind == b.kind == "table" and a.table and b.table:
        return a.table.lower() == b.table.lower()
    return True


def clashing_outputs(alg, parameters, context) -> str | None:
    """Why two outputs of one run, or an output and an input, are the same file or
    table (None if they are not). Checked before anything is written: written one after
    the other, the second output replaced the first (``importincidents`` with OUTPUT
    and REVIEW_TABLE on one CSV kept 4 review lines and lost 454 incidents)."""
    dests = []
    for param in alg.destinationParameterDefinitions():
        if parameters.get(param.name()) in (None, ""):
            continue
        dest = destination_of(parameters, param.name(), context)
        if dest.path is None:
            continue
        for other_name, other in dests:
            if _collide(dest, other):
                same_table = (
                    dest.table and other.table and dest.table.lower() == other.table.lower()
                )
                if same_table:
                    text = tr(
                        "{a} and {b} are the same table {table} of file ({file}): one would "
                        "overwrite the other. Give each output its own file (or its "
                        "own table of a GeoPackage)."
                    )
                else:
                    text = tr(
                        "{a} and {b} are the same file ({file}): one would overwrite the "
                        "other. Give each output its own file (or its own table of a "
                        "GeoPackage)."
                    )
                return text.format(
                    a=param.name(), b=other_name, table=repr(dest.table), file=dest.path.name
                )
        dests.append((param.name(), dest))
    for param in alg.parameterDefinitions():
        if param.isDestination() or param.name() not in parameters:
            continue
        path = input_path(parameters[param.name()], context)
        if path is None:
            continue
        for name, dest in dests:
            if _files_written(dest.path) & _files_written(path) or (
                dest.path.exists() and _same_file(dest.path, path)
            ):
                return tr(
                    "{output} is the file {input} reads ({file}): it would be overwritten. "
                    "Choose another output file."
                ).format(output=name, input=param.name(), file=dest.path.name)
    return None


# GeoPackage and SQLite bookkeeping (spatial indexes, metadata): never a user's table, and
# never a table an output may take or replace.
RESERVED_TABLE_PREFIXES = ("gpkg_", "rtree_", "sqlite_")


def gpkg_tables(path: Path) -> list[str] | None:
    """Tables an existing GeoPackage declares (read-only), None if it is not one."""
    try:
        con = sqlite3.connect(f"file:{quote(str(Path(path).resolve()))}?mode=ro", uri=True)
        try:
            return [r[0] for r in con.execute("SELECT table_name FROM gpkg_contents")]
        finally:
            con.close()
    except sqlite3.Error:
        return None


def gpkg_user_tables(path: Path) -> list[str]:
    """Layers of an existing GeoPackage and the user's own SQLite tables and views in it
    (all lost if the file is replaced); [] if it is not one."""
    layers = gpkg_tables(path)
    if layers is None:
        return []
    con = sqlite3.connect(f"file:{quote(str(Path(path).resolve()))}?mode=ro", uri=True)
    try:
        rows = con.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")
        plain = [
            r[0]
            for r in rows
            if not r[0].lower().startswith(RESERVED_TABLE_PREFIXES) and r[0] not in layers
        ]
    except sqlite3.Error:
        plain = []
    finally:
        con.close()
    return layers + plain


def geopackage_in_use(path: Path) -> str | None:
    """Why the existing GeoPackage ``path`` cannot be replaced or copied now, or None.

    A GeoPackage another program (QGIS editing it, an sqlite shell...) holds open in
    WAL mode keeps its latest changes in ``<name>-wal`` beside it: a copy of the
    file alone misses them, and a file renamed over it inherits that log, which
    SQLite would then replay into the new file (a corrupt database). A log left
    by a program that has closed is folded into the file first (SQLite's own
    checkpoint), after which SQLite removes it; a log still there after that
    belongs to a live connection."""
    path = Path(os.path.realpath(path))  # a symlink's log is beside its target
    logs = [Path(f"{path}{s}") for s in ("-wal", "-shm")]
    if not any(p.exists() for p in logs):
        return None
    try:
        con = sqlite3.connect(str(path), timeout=1)
        try:
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            con.close()
    except sqlite3.Error as err:
        return tr("{file} cannot be opened to fold its write-ahead log in: {error}").format(
            file=path.name, error=err
        )
    live = [p.name for p in logs if p.exists()]
    if not live:
        return None
    return tr(
        "{file} is open in another program (its write-ahead log {log} is live): writing to "
        "it now would corrupt it. Close the layers or programs that use it (in QGIS: remove "
        "its layers from the project or stop editing them), then run again, or choose "
        "another output file."
    ).format(file=path.name, log=", ".join(live))


def _looks_like_a_file(text: str) -> bool:
    return os.sep in text or "/" in text or bool(Path(text).suffix.strip("."))


def describe_input_problem(value, context=None) -> str | None:
    """Why the file ``value`` names cannot be an input (None: it looks readable)."""
    if not isinstance(value, str) or not value.strip():
        return None
    head = value.split("|", 1)[0]
    if "://" in head or head.startswith(("dbname=", "memory", "postgres")):
        return None
    path = Path(head)
    if not path.is_absolute() and not path.exists():
        # A layer name or id (the framework resolves those), or a relative path: a
        # missing one is named with the folder it was looked for in.
        if context is not None and QgsProcessingUtils.mapLayerFromString(value, context, False):
            return None
        if not _looks_like_a_file(head):
            return None
        return tr(
            "file not found: {path} (a relative path is read from the current folder, "
            "{folder}; give the full path)"
        ).format(path=path.absolute(), folder=Path.cwd())
    if not path.exists():
        return tr("file not found: {path}").format(path=path)
    if not path.is_dir() and not path.is_file():  # reading a pipe would wait forever
        return tr(
            "{file} is not a regular file (a pipe, socket or device): save it to a file"
        ).format(file=path.name)
    if path.is_dir() and path.suffix.lower() != ".gdb":
        return tr("{path} is a folder, not a file").format(path=path)
    if path.is_file():
        if path.stat().st_size == 0:
            return tr("{file} is empty (0 bytes)").format(file=path.name)
        if not os.access(path, os.R_OK):
            return tr("{file} cannot be read: permission denied").format(file=path.name)
        if path.suffix.lower() == ".gpkg":
            with open(path, "rb") as fh:
                if fh.read(16) != b"SQLite format 3\x00":
                    return tr("{file} is not a GeoPackage (not an SQLite database)").format(
                        file=path.name
                    )
            if gpkg_tables(path) is None:
                return tr("{file} is damaged or not a GeoPackage (no gpkg_contents table)").format(
                    file=path.name
                )
        gdal.PushErrorHandler("CPLQuietErrorHandler")
        try:
            ds = gdal.OpenEx(str(path), gdal.OF_VECTOR | gdal.OF_RASTER | gdal.OF_READONLY)
        finally:
            gdal.PopErrorHandler()
        if ds is None:
            return tr("{file} is not a layer QGIS can open (GDAL: {error})").format(
                file=path.name, error=gdal.GetLastErrorMsg() or tr("unknown format")
            )
    return None


def special_file(value) -> str | None:
    """The path ``value`` names when it is a pipe, socket or device (reading one waits
    for a writer, forever), else None."""
    if isinstance(value, QgsProcessingFeatureSourceDefinition):
        value = value.source
    if isinstance(value, QgsProperty):
        value = value.staticValue() if value.propertyType() == QgsProperty.StaticProperty else ""
    if not isinstance(value, str) or not value.strip():
        return None
    head = value.split("|", 1)[0]
    try:
        mode = os.stat(head).st_mode
    except (OSError, ValueError):
        return None
    return None if stat.S_ISREG(mode) or stat.S_ISDIR(mode) else head


class _NoSpecialFiles:
    """A layer parameter that does not open a pipe to check it: QGIS's own check loads
    the layer (qgis_process and the dialog run it before the algorithm's own checks),
    and GDAL then waits on the pipe forever. ``checkParameterValues`` names it."""

    def checkValueIsAcceptable(self, value, context=None):
        if special_file(value):
            return True
        return super().checkValueIsAcceptable(value, context)


class VectorLayerParameter(_NoSpecialFiles, QgsProcessingParameterVectorLayer):
    pass


class FeatureSourceParameter(_NoSpecialFiles, QgsProcessingParameterFeatureSource):
    pass


# --- SIGINT under qgis_process -----------------------------------------------------

_RUNNING = {"feedback": None}


def _on_sigint(signum, frame):
    feedback = _RUNNING["feedback"]
    if feedback is None:
        raise KeyboardInterrupt
    try:
        feedback.reportError(tr("Interrupted (SIGINT): canceling"), False)
        feedback.cancel()
    except RuntimeError:  # the run is over and its feedback deleted
        raise KeyboardInterrupt from None


def _watch_sigint(feedback) -> None:
    """Route SIGINT to ``feedback.cancel()`` when the algorithm runs in qgis_process's
    main thread: QGIS's own watcher needs the event loop, idle during a run."""
    if QgsApplication.instance() is None or QgsApplication.platform() != "qgis_process":
        return
    if threading.current_thread() is not threading.main_thread() or feedback is None:
        return
    _RUNNING["feedback"] = feedback
    signal.signal(signal.SIGINT, _on_sigint)


# --- outputs written safely ------------------------------------------------------------


class StagedSink:
    """A feature sink written in a hidden folder beside its destination, then moved in.

    ``open`` makes the sink (``sink``; ``path``/``table``: the staged GeoPackage
    and table, for bulk writers) and returns the id to report; ``commit(expected)`` closes it,
    reads the feature count back and renames the output into place, returning
    the destination id to report; ``discard`` removes everything staged. Memory
    and database outputs are written directly (nothing to stage).
    """

    def __init__(self, alg, parameters, key, context, fields, wkb_type, crs):
        self.alg, self.parameters, self.key, self.context = alg, parameters, key, context
        self.fields, self.wkb_type, self.crs = fields, wkb_type, crs
        self.dest = destination_of(parameters, key, context)
        self.staging: Path | None = None
        self.sink = None
        self.dest_id = ""
        self.path: Path | None = None  # the staged file (file and table outputs)
        self.table: str | None = None
        self._temp_layer = None
        self.overwrite_table = alg.parameterDefinition(OVERWRITE_TABLE) is not None and (
            alg.parameterAsBoolean(parameters, OVERWRITE_TABLE, context)
        )
        # A CSV is opened in spreadsheets: its text cells are neutralised (formulas).
        self.csv = self.dest.kind == "file" and self.dest.path.suffix.lower() == ".csv"

    def safe(self, features):
        """``features`` as this output may hold them: in a CSV, a text attribute that a
        spreadsheet would run as a formula gets a leading quote (``core.formulas``)."""
        if not self.csv:
            yield from features
            return
        for feat in features:
            feat.setAttributes([neutralise(v) for v in feat.attributes()])
            yield feat

    def open(self) -> str:
        """Create the sink (write to ``self.sink``: hold no other reference to it, or
        it cannot be closed); returns the destination id to report."""
        if self.dest.kind in ("memory", "other"):
            self.sink, self.dest_id = self.alg.parameterAsSink(
                self.parameters, self.key, self.context, self.fields, self.wkb_type, self.crs
            )
            if self.sink is None:
                raise QgsProcessingException(self.alg.invalidSinkError(self.parameters, self.key))
            return self.dest_id
        final = self.dest.path
        try:
            self.staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=final.parent))
        except OSError as err:
            raise QgsProcessingException(
                tr("cannot write in {folder}: {error}").format(
                    folder=final.parent, error=err.strerror or err
                )
            ) from err
        self.path = self.staging / final.name
        params = dict(self.parameters)
        if self.dest.kind == "table" or self.dest.table:
            # A table added to an existing GeoPackage is staged in a GeoPackage of its
            # own and copied in at commit (``gpkg_merge``): the file is never replaced.
            self.table = self.dest.table or final.stem
            db = str(self.path).replace("\\", "\\\\").replace("'", "\\'")
            params[self.key] = f"ogr:dbname='{db}' table={quote_identifier(self.table)} (geom)"
        else:
            params[self.key] = str(self.path)
            self.table = final.stem
        try:
            self.sink, staged_id = self.alg.parameterAsSink(
                params, self.key, self.context, self.fields, self.wkb_type, self.crs
            )
        except Exception:
            self.discard()
            raise
        if self.sink is None:
            self.discard()
            raise QgsProcessingException(tr("cannot create the output {path}").format(path=final))
        if self.dest.kind == "table" or self.dest.table:
            self._temp_layer = staged_id  # a layer id in the context's temporary store
            self.dest_id = f"{final}|layername={self.table}"
        else:
            self.dest_id = staged_id.replace(str(self.path), str(final))
        self._register_load(self.dest_id)
        return self.dest_id

    def _register_load(self, dest_id: str) -> None:
        value = self.parameters.get(self.key)
        if not isinstance(value, QgsProcessingOutputLayerDefinition):
            return
        if value.destinationProject is None:
            return
        name = value.destinationName or self.alg.parameterDefinition(self.key).description()
        details = QgsProcessingContext.LayerDetails(name, value.destinationProject, self.key)
        self.context.addLayerToLoadOnCompletion(dest_id, details)

    def close_sink(self) -> None:
        """Close the sink (flushes the file); bulk writers fill ``path`` after this.

        The C++ sink is deleted outright: a reference left elsewhere (an exception's
        traceback holds the writer's frames) would keep the file open, and on a full
        disk its space taken."""
        if self.sink is not None and not sip.isdeleted(self.sink):
            sip.delete(self.sink)
        self.sink = None
        if self.path is not None and self.path.suffix.lower() == ".gpkg" and self.path.exists():
            # The writer names a new file's table itself (up to the file name's first
            # dot: "with.dot.gpkg" holds "with"): once closed, read it, do not guess.
            tables = gpkg_tables(self.path) or []
            if self.table not in tables and len(tables) == 1:
                self.table = tables[0]
        if self._temp_layer:
            store = self.context.temporaryLayerStore()
            if store.mapLayer(self._temp_layer) is not None:
                store.removeMapLayer(self._temp_layer)
            self._temp_layer = None

    def _count(self) -> int:
        """Features in the staged output, read back from the file (a shapefile's
        count comes from its .shx; its attribute table is checked apart)."""
        path = str(self.path)
        rows = None
        if path.lower().endswith(".shp"):
            rows = self._check_dbf(self.path.with_suffix(".dbf"))
        if path.lower().endswith(".gpkg"):
            con = sqlite3.connect(f"file:{quote(path)}?mode=ro", uri=True)
            try:
                q = quote_identifier(self.table)
                return int(con.execute(f"SELECT count(*) FROM {q}").fetchone()[0])
            finally:
                con.close()
        gdal.PushErrorHandler("CPLQuietErrorHandler")
        try:
            ds = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_READONLY)
            if ds is None:
                raise QgsProcessingException(
                    tr("the output cannot be read back: {error}").format(
                        error=gdal.GetLastErrorMsg()
                    )
                )
            lyr = ds.GetLayerByName(self.table) if ds.GetLayerCount() > 1 else ds.GetLayer(0)
            found = int(lyr.GetFeatureCount(True)) if lyr is not None else -1
            return found if rows is None else min(found, rows)
        finally:
            gdal.PopErrorHandler()

    @staticmethod
    def _check_dbf(dbf: Path) -> int:
        """A shapefile's attributes live in its .dbf, written apart from the
        geometries: its header's record count and size must match the file's;
        returns its row count."""
        import struct

        try:
            with open(dbf, "rb") as fh:
                header = fh.read(12)
            size = dbf.stat().st_size
        except OSError as err:
            raise QgsProcessingException(
                tr("the attribute table {file} cannot be read back: {error}").format(
                    file=dbf.name, error=err.strerror or err
                )
            ) from err
        if len(header) < 12:
            raise QgsProcessingException(
                tr("the attribute table {file} was not written (the disk may be full)").format(
                    file=dbf.name
                )
            )
        records, header_len, record_len = struct.unpack("<IHH", header[4:12])
        if size < header_len + records * record_len:
            held = max(0, size - header_len) // max(record_len, 1)
            raise QgsProcessingException(
                tr(
                    "the attribute table {file} holds {held} of {records} rows: it was not "
                    "written completely (the disk may be full); nothing was kept"
                ).format(file=dbf.name, held=held, records=records)
            )
        gdal.PushErrorHandler("CPLQuietErrorHandler")
        try:
            ds = gdal.OpenEx(str(dbf), gdal.OF_VECTOR | gdal.OF_READONLY)
            layer = ds.GetLayer(0) if ds is not None else None
            last = layer.GetFeature(records - 1) if layer is not None and records else True
        finally:
            gdal.PopErrorHandler()
        if layer is None or last is None:
            raise QgsProcessingException(
                tr("the attribute table {file} cannot be read back: {error}").format(
                    file=dbf.name, error=gdal.GetLastErrorMsg()
                )
            )
        return records

    def _count_polling(self, feedback) -> int:
        """``_count`` in a daemon thread while ``feedback`` is polled: reading a large
        CSV or GeoJSON output back takes seconds, and a cancel must not wait for it."""
        box: dict = {}

        def work():
            try:
                box["n"] = self._count()
            except BaseException as err:  # handed to the caller
                box["err"] = err

        thread = threading.Thread(target=work, daemon=True)
        thread.start()
        while thread.is_alive():
            thread.join(0.05)
            if feedback is not None and feedback.isCanceled():
                raise QgsProcessingException(tr(CANCELED))
        if "err" in box:
            raise box["err"]
        return box["n"]

    def commit(self, expected: int, feedback=None) -> str:
        """Check the output holds ``expected`` features and move it into place
        (``feedback``: polled for a cancel while the output is read back)."""
        self.close_sink()
        if self.staging is None:
            return self.dest_id
        try:
            leftovers = [
                p.name for p in self.staging.iterdir() if p.name.endswith(("-journal", "-wal"))
            ]
            try:
                found = self._count_polling(feedback)
            except (sqlite3.Error, RuntimeError) as err:
                raise QgsProcessingException(
                    tr(
                        "the output was not written completely (the disk may be full): {error}"
                    ).format(error=err)
                ) from err
            if leftovers or found != expected:
                if leftovers:
                    text = tr(
                        "the output holds {found} of {expected} features and an unfinished "
                        "journal ({journal}): it was not written completely (the disk may be "
                        "full); nothing was kept"
                    )
                else:
                    text = tr(
                        "the output holds {found} of {expected} features: it was not written "
                        "completely (the disk may be full); nothing was kept"
                    )
                raise QgsProcessingException(
                    text.format(found=found, expected=expected, journal=", ".join(leftovers))
                )
            self._move_into_place()
        except BaseException:
            self.discard()
            raise
        return self.dest_id

    def _refuse_if_in_use(self) -> None:
        final = self.dest.path
        if final is not None and final.suffix.lower() == ".gpkg" and final.is_file():
            problem = geopackage_in_use(final)
            if problem:
                raise QgsProcessingException(problem)

    def _move_into_place(self) -> None:
        final = self.dest.path
        parent = final.parent
        if self.dest.kind == "table":
            try:
                gpkg_merge.add_table(self.path, self.table, final, self.overwrite_table)
            except gpkg_merge.TableExists as err:
                raise QgsProcessingException(
                    tr("{key}: {error}; nothing was written").format(key=self.key, error=err)
                ) from err
            except sqlite3.Error as err:
                raise QgsProcessingException(
                    tr(
                        "{key}: the table {table} could not be added to {file} ({error}); the "
                        "GeoPackage is as it was"
                    ).format(key=self.key, table=repr(self.table), file=final.name, error=err)
                ) from err
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging = None
            return
        # Checked again here: a program may have opened the file during the run.
        self._refuse_if_in_use()
        if final.suffix.lower() == ".shp":  # the old shapefile's parts would be stale
            for ext in _SHAPEFILE_PARTS:
                old = final.with_suffix(ext)
                if old.exists() and not (self.staging / old.name).exists():
                    old.unlink()
        for part in sorted(self.staging.iterdir()):
            move_into_place(part, parent / part.name)
        self.staging.rmdir()
        self.staging = None

    def discard(self) -> None:
        self.close_sink()
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging = None


# --- the base class ---------------------------------------------------------------------


#: The WINDOW choices, in the order of ``d.WINDOWS``.
WINDOW_LABELS = [N_("Whole period"), N_("Year"), N_("Quarter"), N_("Month")]

#: Files up to this size are hashed whole (what ``sha256sum`` prints); larger ones (a
#: million-event GeoPackage is 350 MB: 0.4 s of a shared core) are not.
FILE_HASH_MAX_BYTES = 64 * 1024 * 1024


def input_file_sha256(path) -> str | None:
    """SHA-256 of an input file (cached with what was read from it); None without a file
    or above FILE_HASH_MAX_BYTES."""
    if not path or Path(path).stat().st_size > FILE_HASH_MAX_BYTES:
        return None
    key = gdal_files.file_identity(path)
    if key is None:
        return provenance.file_sha256(path)
    return gdal_files.cached((key, "sha256"), lambda: provenance.file_sha256(path))


def source_text(value) -> str | None:
    """A layer parameter as text: the layer's source (with its subset), or the value."""
    if value in (None, ""):
        return None
    if isinstance(value, QgsVectorLayer):
        subset = value.subsetString()
        return value.source() + (f" [subset: {subset}]" if subset else "")
    if hasattr(value, "source"):  # QgsProcessingFeatureSourceDefinition
        return str(value.source.staticValue())
    return str(value)


class SahelAlgorithm(QgsProcessingAlgorithm):
    """Base class: icon, translation, a fresh instance per run (modeler safe) and the
    checks every algorithm needs (outputs never overwrite inputs or other layers,
    unreadable inputs named with their problem)."""

    def tr(self, text, disambiguation=None):
        # One context for the whole plugin (i18n.CONTEXT), not the class name: strings
        # written in this base class are then found whichever subclass asks.
        return tr(text, disambiguation)

    def createInstance(self):
        return type(self)()

    def icon(self):
        return plugin_icon()

    def helpUrl(self):
        return docs_url(*HELP_DOCS.get(self.name(), ("guide.html", "")))

    def parameter_values(self, parameters, layer_keys) -> dict:
        """The run's parameters as plain values for the provenance record (layers as their
        source text, dates as ISO days, outputs left out)."""
        values = {}
        for param in self.parameterDefinitions():
            key = param.name()
            if param.isDestination():
                continue
            value = parameters.get(key, param.defaultValue())
            if key in layer_keys:
                value = source_text(value)
            elif hasattr(value, "toString"):
                value = value.toString("yyyy-MM-dd") if value.isValid() else None
            values[key] = (
                value if isinstance(value, (int, float, str, bool, type(None))) else str(value)
            )
        return values

    def add_zone_window_parameters(self, cell_size_km: float) -> None:
        """The per-zone algorithms' first parameters, in this order: INCIDENTS, ZONES,
        CELL_SIZE_KM (hexagons when no zones), START, END, WINDOW."""
        self.addParameter(
            FeatureSourceParameter(
                self.INCIDENTS, self.tr("Incidents (standard schema)"),
                [QgsProcessing.TypeVectorPoint],
            )
        )  # fmt: skip
        self.addParameter(
            FeatureSourceParameter(
                self.ZONES, self.tr("Zones (optional; hexagons when empty)"),
                [QgsProcessing.TypeVectorPolygon], optional=True,
            )
        )  # fmt: skip
        self.addParameter(
            QgsProcessingParameterNumber(
                self.CELL_SIZE_KM,
                self.tr("Hexagon size when no zones are given (km between centres)"),
                QgsProcessingParameterNumber.Double,
                defaultValue=cell_size_km, minValue=0.5, maxValue=1000.0,
            )
        )  # fmt: skip
        for key, label in [(self.START, N_("Start date")), (self.END, N_("End date"))]:
            self.addParameter(
                QgsProcessingParameterDateTime(
                    key, self.tr(label), QgsProcessingParameterDateTime.Date, optional=True
                )
            )
        self.addParameter(
            QgsProcessingParameterEnum(
                self.WINDOW,
                self.tr("Time windows"),
                options=[self.tr(label) for label in WINDOW_LABELS],
                defaultValue=0,
            )
        )

    def add_overwrite_table_parameter(self) -> None:
        """OVERWRITE_TABLE (advanced, off): an output added as a table to an existing
        GeoPackage may replace a table of the same name (refused otherwise)."""
        param = QgsProcessingParameterBoolean(
            OVERWRITE_TABLE,
            self.tr("Replace a table of the same name when adding to an existing GeoPackage"),
            defaultValue=False,
        )
        param.setFlags(param.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
        self.addParameter(param)

    def time_windows(self, parameters, context, lo, hi) -> list:
        """The windows from lo to hi, for algorithms with WINDOW, MAX_WINDOWS, START, END."""
        kind = d.WINDOWS[self.parameterAsEnum(parameters, self.WINDOW, context)]
        try:
            limit = self.parameterAsInt(parameters, self.MAX_WINDOWS, context)
            wins = windows.make_windows(lo, hi, kind, limit)
        except windows.TooManyWindows as err:
            raise QgsProcessingException(str(err)) from err
        if parameters.get(self.START) or parameters.get(self.END):
            # Windows say what was scored: clip the first and last to START..END.
            wins = [(max(ws, lo), min(we, hi)) for ws, we in wins]
        return wins

    # --- checks ------------------------------------------------------------------
    def output_problems(self, parameters, context) -> str | None:
        """Why an output would destroy data (an input, another output, other layers), or
        None."""
        clash = clashing_outputs(self, parameters, context)
        if clash:
            return clash
        inputs = []
        for param in self.parameterDefinitions():
            if param.isDestination() or param.name() not in parameters:
                continue
            path = input_path(parameters[param.name()], context)
            if path is not None:
                inputs.append((param.name(), path))
        for param in self.destinationParameterDefinitions():
            if param.name() not in parameters:
                continue
            dest = destination_of(parameters, param.name(), context)
            if dest.path is None:
                continue
            special = special_file(str(dest.path))
            if special:
                return tr(
                    "{key}: {file} is not a regular file (a device, pipe or socket, or a link "
                    "to one): it is kept. Choose a file."
                ).format(key=param.name(), file=dest.path.name)
            for name, path in inputs:
                if dest.path.exists() and _same_file(dest.path, path):
                    return tr(
                        "{output} is the file {input} reads ({file}): it would be overwritten. "
                        "Choose another output file."
                    ).format(output=param.name(), input=name, file=dest.path.name)
            if dest.kind == "table" and dest.path.suffix.lower() != ".gpkg":
                return tr(
                    "{key}: a table can be added to an existing GeoPackage (.gpkg) only; "
                    "{file} is kept. Choose a .gpkg file or a new file."
                ).format(key=param.name(), file=dest.path.name)
            if dest.kind == "table" and (dest.table or "").lower().startswith(
                RESERVED_TABLE_PREFIXES
            ):
                return tr(
                    "{key}: {table} is a name GeoPackage keeps for its own tables (spatial "
                    "indexes, metadata): choose another table name."
                ).format(key=param.name(), table=repr(dest.table))
            if dest.kind == "table":
                # Written in place in one transaction: an open file is no problem, a
                # table of the same name is (unless the user asked to replace it).
                found = gpkg_merge.table_in_file(dest.path, dest.table or dest.path.stem)
                overwrite = self.parameterDefinition(OVERWRITE_TABLE) is not None and (
                    self.parameterAsBoolean(parameters, OVERWRITE_TABLE, context)
                )
                if found and (not overwrite or found[0] != "table"):
                    if found[0] == "table":
                        text = tr(
                            "{key}: {file} already holds {what}; it is kept. Choose another "
                            "table name, or set OVERWRITE_TABLE (advanced) to replace it."
                        )
                    else:
                        text = tr(
                            "{key}: {file} already holds {what}; it is kept. Choose another "
                            "table name."
                        )
                    return text.format(
                        key=param.name(),
                        file=dest.path.name,
                        what=gpkg_merge.describe(found, dest.path, tr),
                    )
            elif dest.path.suffix.lower() == ".gpkg" and dest.path.is_file():
                in_use = geopackage_in_use(dest.path)
                if in_use:
                    return f"{param.name()}: {in_use}"
            if dest.kind == "file" and dest.path.suffix.lower() == ".gpkg" and dest.path.is_file():
                tables = gpkg_user_tables(dest.path)
                others = [t for t in tables if t != dest.path.stem]
                if others:
                    table = quote_identifier(dest.path.stem)
                    return tr(
                        "{key}: {file} already holds other layers or tables ({tables}); "
                        "writing to it would replace the whole file and they would be lost. "
                        "Choose a new file, or add a table to this GeoPackage ('Save to "
                        "GeoPackage…' in the dialog; on the command line {example})."
                    ).format(
                        key=param.name(),
                        file=dest.path.name,
                        tables=", ".join(others[:8]),
                        example=f"{param.name()}=\"ogr:dbname='{dest.path}' table={table} (geom)\"",
                    )
        return None

    def input_problems(self, parameters, context=None) -> str | None:
        for param in self.parameterDefinitions():
            if param.isDestination() or param.name() not in parameters:
                continue
            if param.type() not in _FILE_PARAMETER_TYPES:  # strings, numbers, fields...
                continue
            problem = describe_input_problem(parameters[param.name()], context)
            if problem:
                return f"{param.name()}: {problem}"
        return None

    def checkParameterValues(self, parameters, context):
        problem = self.input_problems(parameters, context) or self.output_problems(
            parameters, context
        )
        if problem:
            return False, problem
        return super().checkParameterValues(parameters, context)

    def prepareAlgorithm(self, parameters, context, feedback):
        # A model runs its children without checkParameterValues: check here too.
        problem = self.output_problems(parameters, context)
        for param in self.parameterDefinitions():
            if problem or param.isDestination() or param.type() not in _FILE_PARAMETER_TYPES:
                continue
            if special_file(parameters.get(param.name())):
                problem = f"{param.name()}: " + describe_input_problem(
                    special_file(parameters.get(param.name()))
                )
        if problem:
            raise QgsProcessingException(problem)
        _watch_sigint(feedback)
        return True

    def staged_sink(self, parameters, key, context, fields, wkb_type, crs) -> StagedSink:
        """An output written beside its destination and moved in only when complete."""
        return StagedSink(self, parameters, key, context, fields, wkb_type, crs)

    def date_range_params(self, parameters, start_key, end_key, context):
        """Optional START/END date parameters as Timestamps (None when unset), checked."""

        def get(key):
            if not parameters.get(key):
                return None
            value = self.parameterAsDateTime(parameters, key, context)
            if not value.isValid():
                return None
            return pd.Timestamp(value.date().toString("yyyy-MM-dd"))

        first, last = get(start_key), get(end_key)
        if first is not None and last is not None and last < first:
            raise QgsProcessingException(
                tr("{end} ({last}) is before {start} ({first})").format(
                    end=end_key, last=last.date(), start=start_key, first=first.date()
                )
            )
        return first, last
