"""Desktop action "Refresh from ACLED": update the project's incident store from ACLED's
API in a background task (saheloverlap:fetchacled with the settings of its last fetch),
then redraw the layers that show it.

The settings come from the store's own metadata (the import record's "acled" section:
countries, window start, layout, preset, API address, authentication configuration id),
never from the project, and hold no password.
"""

from __future__ import annotations

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProject,
    QgsProviderRegistry,
    QgsTask,
    QgsVectorLayer,
)

from .. import definitions as d
from ..core import acled_sync as sync
from ..i18n import tr
from ..io.metadata import read_metadata
from .dock_common import call_safely

ALG_ID = f"{d.PROVIDER_ID}:fetchacled"


class _Feedback(QgsProcessingFeedback):
    """The run's log lines, kept for the message bar's details."""

    def __init__(self):
        super().__init__()
        self.lines: list[str] = []
        self.errors: list[str] = []

    def pushInfo(self, info):
        self.lines.append(info)
        super().pushInfo(info)

    def reportError(self, error, fatalError=False):
        self.errors.append(error)
        super().reportError(error, fatalError)


def store_key(layer: QgsVectorLayer) -> tuple:
    """(provider, file or database URI, table) of the store a layer shows (subset and
    style aside: the per-side layers of one import share it)."""
    if layer.providerType() == "ogr":
        parts = QgsProviderRegistry.instance().decodeUri("ogr", layer.source())
        return ("ogr", parts.get("path") or "", parts.get("layerName") or "")
    if layer.providerType() == "postgres":
        from ..io.postgis import PgTable

        try:
            table = PgTable.from_uri(layer.source(), subset="")
        except Exception:  # not a table this plugin can name
            return ("postgres", layer.source(), "")
        return ("postgres", table.name(), "")
    return (layer.providerType(), layer.source(), "")


def acled_record(layer) -> dict | None:
    record = read_metadata(layer, d.META_IMPORT) if isinstance(layer, QgsVectorLayer) else None
    if not record or not isinstance(record.get("acled"), dict):
        return None
    return record


def acled_layers(project: QgsProject) -> list[QgsVectorLayer]:
    """The project's layers showing a store fetched from ACLED, one per store."""
    seen, out = set(), []
    for layer in project.mapLayers().values():
        if not isinstance(layer, QgsVectorLayer) or not layer.isValid():
            continue
        key = store_key(layer)
        if key in seen or acled_record(layer) is None:
            continue
        seen.add(key)
        out.append(layer)
    return out


def refresh_parameters(layer: QgsVectorLayer, record: dict) -> dict:
    """fetchacled's parameters for updating the store ``layer`` shows."""
    acled = record["acled"]
    kind, where, table = store_key(layer)
    if kind == "ogr":
        db = where.replace("\\", "\\\\").replace("'", "\\'")
        output = f"ogr:dbname='{db}' table=\"{table}\" (geom)" if table else where
    else:
        output = "postgres://" + layer.source()
    layout = acled.get("layout") or sync.LAYOUT_DYADIC
    params = {
        "COUNTRIES": ", ".join(acled.get("countries") or []),
        "LAYOUT": sync.LAYOUTS.index(layout) if layout in sync.LAYOUTS else 0,
        "API_URL": acled.get("api") or "https://acleddata.com",
        "PRESET_NAME": record.get("preset") or d.DEFAULT_PRESET,
        "INCLUDE_AFFILIATES": bool(acled.get("include_affiliates", True)),
        "KEEP_OTHER": bool(acled.get("keep_other", False)),
        "OUTPUT": output,
    }
    if acled.get("start"):
        params["START"] = acled["start"]
    # An end before the day of the last fetch was the analyst's choice: keep it (days
    # after it were never fetched, and an update cannot fill them in). An end that was
    # that day moves on to today.
    if acled.get("end") and str(acled["end"]) < str(acled.get("synced") or "")[:10]:
        params["END"] = acled["end"]
    if acled.get("authcfg"):
        params["AUTHCFG"] = acled["authcfg"]
    return params


class RefreshTask(QgsTask):
    """Runs fetchacled in a worker thread; ``on_done(task, ok)`` in the main thread."""

    def __init__(self, layer_name: str, params: dict, on_done):
        super().__init__(
            tr("{plugin}: refresh {layer} from ACLED").format(
                plugin=d.PLUGIN_NAME, layer=layer_name
            ),
            QgsTask.CanCancel,
        )
        self.params, self.on_done = params, on_done
        self.feedback = _Feedback()
        self.feedback.progressChanged.connect(self.setProgress)
        self.results: dict = {}
        self.error: str | None = None

    def cancel(self):
        self.feedback.cancel()
        super().cancel()

    def run(self):
        alg = QgsApplication.processingRegistry().createAlgorithmById(ALG_ID)
        if alg is None:
            self.error = tr(
                "{algorithm} is not available (is the plugin's provider loaded?)"
            ).format(algorithm=ALG_ID)
            return False
        context = QgsProcessingContext()
        context.setProject(None)
        ok, message = alg.checkParameterValues(self.params, context)
        if not ok:
            self.error = message
            return False
        results, ok = alg.run(self.params, context, self.feedback)
        if not ok:
            self.error = "; ".join(self.feedback.errors) or tr("the refresh failed")
            return False
        self.results = dict(results)
        return True

    def finished(self, result):
        call_safely(self.on_done, self, result)


class RefreshController:
    """Picks the store (the active layer's, else the project's only one) and runs the
    refresh; the layers showing it are redrawn when it is done."""

    def __init__(self, iface, project: QgsProject | None = None):
        self.iface = iface
        self.project = project or QgsProject.instance()
        self.task: RefreshTask | None = None
        self.key: tuple | None = None
        # (ok, results, error) once done: the task manager deletes the task itself.
        self.outcome: tuple | None = None

    def _message(self, text: str, level=Qgis.Info, duration: int = 8) -> None:
        if self.iface is not None:
            self.iface.messageBar().pushMessage(d.PLUGIN_NAME, text, level, duration)

    def choose_layer(self) -> QgsVectorLayer | None:
        layers = acled_layers(self.project)
        active = self.iface.activeLayer() if self.iface is not None else None
        if isinstance(active, QgsVectorLayer) and acled_record(active) is not None:
            return active
        if len(layers) == 1:
            return layers[0]
        if not layers:
            self._message(
                tr(
                    "No layer of this project was fetched from ACLED: run 'Fetch incidents "
                    "from ACLED' (Processing toolbox) first."
                ),
                Qgis.Warning,
            )
        else:
            self._message(
                tr("Several layers were fetched from ACLED: select the one to refresh."),
                Qgis.Warning,
            )
        return None

    def start(self, layer: QgsVectorLayer | None = None) -> RefreshTask | None:
        layer = layer or self.choose_layer()
        if layer is None:
            return None
        record = acled_record(layer)
        if record is None:
            self._message(
                tr("{layer} was not fetched from ACLED.").format(layer=layer.name()), Qgis.Warning
            )
            return None
        self.key = store_key(layer)
        self.task = RefreshTask(layer.name(), refresh_parameters(layer, record), self.done)
        QgsApplication.taskManager().addTask(self.task)
        return self.task

    def done(self, task: RefreshTask, ok: bool) -> None:
        self.outcome = (ok, dict(task.results), task.error)
        if not ok:
            why = task.error or tr("cancelled: nothing was changed")
            self._message(tr("Refresh from ACLED failed: {why}").format(why=why), Qgis.Critical, 0)
            return
        for layer in self.project.mapLayers().values():
            if isinstance(layer, QgsVectorLayer) and store_key(layer) == self.key:
                layer.dataProvider().reloadData()
                layer.triggerRepaint()
        r = task.results
        self._message(
            tr(
                "Refreshed from ACLED: added {added}, updated {updated}, deleted {deleted}, "
                "unchanged {unchanged}."
            ).format(
                added=r.get("ADDED", 0),
                updated=r.get("UPDATED", 0),
                deleted=r.get("DELETED", 0),
                unchanged=r.get("UNCHANGED", 0),
            ),
            Qgis.Success,
        )
