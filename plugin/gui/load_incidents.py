"""Desktop action "Load incidents…": pick a file, import it in a background task,
add one styled, time-aware layer per group plus clashes.

The import writes a new GeoPackage (never touching the input) in the project's
folder when the project is saved, else in the plugin's folder of the profile.
"""

from __future__ import annotations

import html
from pathlib import Path

from qgis.core import Qgis, QgsApplication, QgsProject, QgsTask
from qgis.PyQt.QtWidgets import QFileDialog, QInputDialog

from .. import definitions as d
from ..core import incidents as inc
from ..core.presets import PresetError, load_presets
from ..core.provenance import import_record
from ..i18n import error_text, integer, tr
from ..io.metadata import write_metadata
from ..io.natural_earth import country_shapes
from ..io.writers import free_path, write_incidents_gpkg
from ..log import log
from ..render.layers import add_base_map, add_incident_layers, show_loaded
from .dock_common import call_safely


def output_folder(project: QgsProject) -> Path:
    home = project.homePath()
    if home:
        return Path(home) / "sahel_overlap"
    return Path(QgsApplication.qgisSettingsDirPath()) / d.PLUGIN_FOLDER / "imports"


def loaded_summary(report) -> str:
    """The message bar's line for an import (the log keeps the report's full lines);
    counts grouped as the language groups thousands (200,000-event files)."""
    sides = report.sides
    text = tr(
        "Loaded {a}: {n_a}, {b}: {n_b}, clashes between them: {clash}, joint operations: "
        "{joint}, ambiguous (never counted): {ambiguous}, other actors: {other}"
    ).format(
        a=report.group_a,
        n_a=integer(sides[d.SIDE_A]),
        b=report.group_b,
        n_b=integer(sides[d.SIDE_B]),
        clash=integer(sides[d.SIDE_CLASH]),
        joint=integer(sides[d.SIDE_JOINT]),
        ambiguous=integer(sides[d.SIDE_AMBIGUOUS]),
        other=integer(sides[d.SIDE_OTHER]),
    )
    return text + (tr(" (not kept)") if report.not_kept else "")


class ImportTask(QgsTask):
    """Reads and converts in a worker thread; layers are added in finished()."""

    def __init__(self, path: str, preset, include_affiliates: bool, gpkg: Path, on_done):
        super().__init__(
            tr("{plugin}: import {file}").format(plugin=d.PLUGIN_NAME, file=Path(path).name),
            QgsTask.CanCancel,
        )
        self.path, self.preset, self.include = path, preset, include_affiliates
        self.gpkg, self.on_done = gpkg, on_done
        self.report = None
        self.error = None
        self.synthetic = False

    def run(self):
        try:
            self.setProgress(5)
            # The same checks as the import algorithm: coordinates against Natural
            # Earth's countries, and a cancel honoured while the file is read.
            checks = inc.Checks(countries=country_shapes(), is_canceled=self.isCanceled)
            events, self.report = inc.load_file(
                self.path, self.preset, include_affiliates=self.include, checks=checks
            )
            if self.isCanceled():
                return False
            self.synthetic = bool((events[d.F_SOURCE] == d.SOURCE_SYNTHETIC).any())
            self.setProgress(50)
            write_incidents_gpkg(events, self.gpkg)
            # The same import record as the Processing import (coverage, preset and its
            # table's hash, input and its hash): scoring reads coverage from it, so the
            # same events give the same classes whichever way they were loaded.
            record = import_record(
                self.report, self.preset.name, None, Path(self.path).name, Path(self.path)
            )
            if not write_metadata(str(self.gpkg), d.META_IMPORT, record):
                raise OSError(
                    tr("the import record could not be written into {path}").format(path=self.gpkg)
                )
            self.setProgress(100)
            return True
        except inc.Canceled:
            return False  # no error: finished() says the import was cancelled
        except Exception as err:  # reported in the message bar by finished()
            self.error = error_text(err)
            return False

    def finished(self, result):
        call_safely(self.on_done, self, result)


class LoadIncidentsController:
    def __init__(self, iface, project: QgsProject | None = None):
        self.iface = iface
        self.project = project or QgsProject.instance()
        self.layers = []
        self.base_layers = []
        self.task = None

    def ask_and_start(self):
        parent = self.iface.mainWindow()
        path, _ = QFileDialog.getOpenFileName(
            parent,
            tr("Load incidents (ACLED or UCDP GED export)"),
            str(d.SAMPLE_CSV.parent),
            tr("CSV exports (*.csv *.tsv *.txt);;All files (*)"),
        )
        if not path:
            return None
        try:
            presets = load_presets()
        except PresetError as err:
            self.iface.messageBar().pushMessage(
                d.PLUGIN_NAME, html.escape(error_text(err)), Qgis.Critical, 0
            )
            return None
        names = list(presets)
        name, ok = QInputDialog.getItem(
            parent, d.PLUGIN_NAME, tr("Actor preset:"), names, names.index(d.DEFAULT_PRESET), False
        )
        if not ok:
            return None
        return self.start(path, presets[name])

    def start(self, path: str, preset, include_affiliates: bool = True, folder=None):
        folder = Path(folder) if folder else output_folder(self.project)
        folder.mkdir(parents=True, exist_ok=True)
        gpkg = free_path(folder, Path(path).stem + "_incidents")
        self.task = ImportTask(path, preset, include_affiliates, gpkg, self._done)
        QgsApplication.taskManager().addTask(self.task)
        return self.task

    def _done(self, task: ImportTask, ok: bool):
        bar = self.iface.messageBar() if self.iface is not None else None
        if not ok:
            if bar is not None:
                msg = task.error or tr("import cancelled")
                text = tr("Could not load incidents: {error}").format(error=msg)
                bar.pushMessage(d.PLUGIN_NAME, html.escape(text), Qgis.Critical, 0)
            return
        label = "SYNTHETIC" if task.synthetic else ""  # render/layers.py names the layers
        self.layers = add_incident_layers(
            str(task.gpkg), self.project, task.preset.group_a, task.preset.group_b, label
        )
        self.base_layers = add_base_map(self.project)
        show_loaded(self.iface, self.layers)
        if bar is not None:
            skipped = sum(task.report.skipped.values())
            level = Qgis.Warning if skipped else Qgis.Success
            text = loaded_summary(task.report)
            if skipped:
                text += tr("; {n} rows skipped (see the log)").format(n=skipped)
            # The bar shows rich text: group names and file names are data, not markup.
            bar.pushMessage(d.PLUGIN_NAME, html.escape(text), level, 10)
        for line in task.report.lines(tr):
            log(line)
