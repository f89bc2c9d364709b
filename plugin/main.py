"""The plugin object QGIS creates: menu, toolbar, docks and the Processing provider.

qgis_process creates it with iface=None and calls only initProcessing(), so
nothing here may touch iface or import GUI modules at import time.
"""

from __future__ import annotations

import contextlib

from qgis.core import Qgis, QgsApplication

from . import definitions as d
from . import i18n
from .i18n import tr
from .log import log

MENU = "&Sahel Overlap"  # the plugin's name: the same in every language
DOCK_WIDTH = 350  # px: the docks' rows fit without cutting their text


def split_heights(docks) -> list[int]:
    """Heights for docks stacked in one column: each gets what its panel needs with its
    chart at the chart's minimum, and the rest of the column is shared equally among
    the charts (so at 1366×768 neither panel has to scroll)."""
    total = sum(max(dock.height(), 1) for dock in docks)
    needs = []
    for dock in docks:
        area, panel = dock.widget(), getattr(dock, "ui", None)
        if panel is None or not hasattr(dock, "chart"):
            needs.append(max(dock.minimumSizeHint().height(), 1))
            continue
        width = max(area.width(), panel.minimumSizeHint().width())
        panel_h = panel.heightForWidth(width) if panel.hasHeightForWidth() else -1
        if panel_h < 0:
            panel_h = panel.sizeHint().height()
        chart = dock.chart
        fixed = panel_h - chart.sizeHint().height() + chart.minimumHeight()
        needs.append(fixed + max(dock.height() - area.height(), 0))
    spare = max(total - sum(needs), 0)
    return [need + spare // len(docks) for need in needs]


def missing_dependencies() -> list[str]:
    """Debian's python3-qgis does not pull pandas or scipy in: say so clearly."""
    missing = []
    for module, package in [("pandas", "python3-pandas"), ("scipy", "python3-scipy")]:
        try:
            __import__(module)
        except ImportError:
            missing.append(package)
    return missing


class SahelOverlapPlugin:
    def __init__(self, iface):
        self.iface = iface
        # Before the provider and the docks are made: their texts are read at creation.
        # qgis_process creates the plugin too, so its help and logs follow the setting.
        i18n.install()
        self.provider = None
        self.actions = []
        self.toolbar = None
        self.docks = {}
        self.tasks = []

    # --- Processing -------------------------------------------------------------
    def initProcessing(self):
        if self.provider is not None:
            return  # initGui after initProcessing must not register twice
        missing = missing_dependencies()
        if missing:
            log(
                tr(
                    "Sahel Overlap needs {packages} (apt install them); "
                    "its algorithms are not available."
                ).format(packages=", ".join(missing)),
                Qgis.Critical,
            )
            return
        from .provider.provider import SahelOverlapProvider

        registry = QgsApplication.processingRegistry()
        if registry.providerById(d.PROVIDER_ID) is not None:
            log(tr("the Sahel Overlap provider is already registered"), Qgis.Warning)
            return
        provider = SahelOverlapProvider()
        if registry.addProvider(provider):
            self.provider = provider

    # --- GUI --------------------------------------------------------------------
    def initGui(self):
        self.initProcessing()
        if self.iface is None or self.actions:
            return  # no desktop, or already set up
        missing = missing_dependencies()
        if missing:
            self.iface.messageBar().pushMessage(
                d.PLUGIN_NAME,
                tr("needs {packages}; install them and restart QGIS.").format(
                    packages=", ".join(missing)
                ),
                Qgis.Critical,
                0,
            )
            return
        from qgis.PyQt.QtWidgets import QAction

        from .provider.resources import plugin_icon

        def theme(name):
            return QgsApplication.getThemeIcon(name)

        self.toolbar = self.iface.addToolBar(d.PLUGIN_NAME)
        self.toolbar.setObjectName("SahelOverlapToolbar")
        # One icon per action (QGIS's own where one says what the action does).
        specs = [
            (tr("Load incidents…"), self.load_incidents, True, plugin_icon()),
            (tr("Score zones (parallel vs contested)…"), self.open_score_dialog, False, None),
            (tr("Time slider"), self.open_time_slider, True,
             theme("/mTemporalNavigationAnimated.svg")),
            (tr("Overlap heatmap"), self.open_heatmap, True, theme("/heatmap.svg")),
            (tr("Export overlap map…"), self.export_map, False, theme("/mActionNewLayout.svg")),
            (tr("Refresh from ACLED"), self.refresh_from_acled, False,
             theme("/mActionRefresh.svg")),
        ]  # fmt: skip
        for text, slot, on_toolbar, icon in specs:
            action = QAction(icon or plugin_icon(), text, self.iface.mainWindow())
            action.triggered.connect(slot)
            self.iface.addPluginToMenu(MENU, action)
            if on_toolbar:
                self.toolbar.addAction(action)
            self.actions.append(action)

    def unload(self):
        for task in self.tasks:
            # A finished task may already be deleted by the task manager.
            with contextlib.suppress(RuntimeError):
                task.cancel()
        self.tasks = []
        if self.iface is not None:
            for action in self.actions:
                self.iface.removePluginMenu(MENU, action)
                if self.toolbar is not None:
                    self.toolbar.removeAction(action)
                action.deleteLater()
            for dock in self.docks.values():
                if hasattr(dock, "cleanup"):
                    dock.cleanup()  # stop timers, tasks and signal connections first
                self.iface.removeDockWidget(dock)
                dock.deleteLater()
            if self.toolbar is not None:
                self.toolbar.deleteLater()
            from .gui import dock_common

            dock_common.forget_frames()
        self.actions, self.docks, self.toolbar = [], {}, None
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        from .io import gdal_files

        gdal_files.clear_cache()  # read incidents kept for re-runs: give the memory back
        i18n.uninstall()

    # --- actions ----------------------------------------------------------------
    def load_incidents(self):
        from .gui.load_incidents import LoadIncidentsController

        controller = LoadIncidentsController(self.iface)
        task = controller.ask_and_start()
        if task is not None:
            self.tasks.append(task)

    def open_score_dialog(self):
        """The scoring dialog, its incidents set to the layer of all events ("All
        incidents"), never a per-side or ambiguous-only layer."""
        import processing

        from .gui.dock_common import default_incident_layers

        params = {}
        layers = default_incident_layers()
        if layers:
            active = self.iface.activeLayer() if self.iface is not None else None
            chosen = active if active in layers else layers[0]
            params["INCIDENTS"] = chosen.id()
        processing.execAlgorithmDialog(f"{d.PROVIDER_ID}:scorezones", params)

    def open_time_slider(self):
        from .gui.time_slider_dock import TimeSliderDock

        def make():
            dock = TimeSliderDock(self.iface)
            dock.exportMapRequested.connect(self.export_map)
            return dock

        dock = self._dock("time_slider", make)
        if "heatmap" in self.docks and self.docks["heatmap"].slider is None:
            self.docks["heatmap"].attach_slider(dock)

    def open_heatmap(self):
        from .gui.heatmap_dock import HeatmapDock

        self._dock("heatmap", lambda: HeatmapDock(self.iface, slider=self.docks.get("time_slider")))

    def _dock(self, key, make):
        """Show the dock ``key``, creating and docking it on first use."""
        from qgis.PyQt.QtCore import Qt

        dock = self.docks.get(key)
        if dock is None:
            dock = self.docks[key] = make()
            self.iface.addDockWidget(Qt.RightDockWidgetArea, dock)
            others = [
                other for k, other in self.docks.items() if k != key and not other.isFloating()
            ]
            window = self.iface.mainWindow()
            if others and hasattr(window, "splitDockWidget"):
                # Stacked under the other dock, not tabbed behind it.
                window.splitDockWidget(others[0], dock, Qt.Vertical)
                pair = [others[0], dock]
                window.resizeDocks(pair, split_heights(pair), Qt.Vertical)
            elif hasattr(window, "resizeDocks"):
                window.resizeDocks([dock], [DOCK_WIDTH], Qt.Horizontal)
        dock.show()
        dock.raise_()
        return dock

    def refresh_from_acled(self):
        """Update the project's ACLED store in a background task (fetchacled)."""
        from .gui.acled_refresh import RefreshController

        task = RefreshController(self.iface).start()
        if task is not None:
            self.tasks.append(task)

    def export_map(self):
        from .gui.export_map import ExportMapController

        ExportMapController(self.iface).ask_and_open()
