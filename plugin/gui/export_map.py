"""Desktop 'Export overlap map…': the overlap layout in the project, opened in the designer.

The analyst picks the scored zones and the incidents; the layout (one page per
time window) goes into the project's layout manager, with its layers in a
collapsed, unchecked layer-tree group, so it is saved with the project and can
be edited and exported from the layout designer.
"""

from __future__ import annotations

import html

from qgis.core import Qgis, QgsMapLayerProxyModel, QgsProject, QgsVectorLayer
from qgis.gui import QgsMapLayerComboBox
from qgis.PyQt.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
)

from .. import definitions as d
from ..i18n import tr
from ..io.schema import IncidentLayerError
from ..render import layout as lay
from ..render.layers import is_layout_copy, subset_side


def _first_layer_with(project: QgsProject, field: str, geometry_filter) -> QgsVectorLayer | None:
    for layer in _layer_order(project):
        if (
            isinstance(layer, QgsVectorLayer)
            and field in layer.fields().names()
            and geometry_filter(layer)
            and not is_layout_copy(layer)
        ):
            return layer
    return None


def _layer_order(project: QgsProject) -> list:
    """Layers as the Layers panel lists them (then any others)."""
    ordered = [node.layer() for node in project.layerTreeRoot().findLayers() if node.layer()]
    return ordered + [lyr for lyr in project.mapLayers().values() if lyr not in ordered]


def default_incidents(project: QgsProject) -> QgsVectorLayer | None:
    """The incidents layer to offer: one with every group (the map shows them all).

    Never the ambiguous-attribution layer (nor 'other'): the export reads all
    groups from whichever of the plugin's per-group layers is picked, but a
    default there reads as if the map were of ambiguous events. Layers the
    layout itself added (its hidden copies) are skipped.
    """
    best, best_rank = None, None
    for layer in _layer_order(project):
        if not (
            isinstance(layer, QgsVectorLayer)
            and layer.geometryType() == 0
            and d.F_SIDE in layer.fields().names()
        ):
            continue
        if is_layout_copy(layer):
            continue
        side = subset_side(layer.subsetString())
        if side in (d.SIDE_AMBIGUOUS, d.SIDE_OTHER):
            continue
        rank = 0 if not layer.subsetString() else 1 if side is None else 2
        if best_rank is None or rank < best_rank:
            best, best_rank = layer, rank
    return best


class ExportMapDialog(QDialog):
    """Zones, incidents, title, one page per window."""

    def __init__(self, project: QgsProject, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("{plugin}: export overlap map").format(plugin=d.PLUGIN_NAME))
        form = QFormLayout(self)
        self.zones = QgsMapLayerComboBox(self)
        self.zones.setFilters(QgsMapLayerProxyModel.PolygonLayer)
        self.incidents = QgsMapLayerComboBox(self)
        self.incidents.setFilters(QgsMapLayerProxyModel.PointLayer)
        copies = [lyr for lyr in project.mapLayers().values() if is_layout_copy(lyr)]
        self.zones.setExceptedLayerList(copies)
        self.incidents.setExceptedLayerList(copies)
        zones = _first_layer_with(project, "zone_class", lambda lyr: lyr.geometryType() == 2)
        incidents = default_incidents(project)
        if zones is not None:
            self.zones.setLayer(zones)
        if incidents is not None:
            self.incidents.setLayer(incidents)
        self.title = QLineEdit(self)
        hint = tr("<A> and <B> in the Sahel: parallel or contested operation?")
        self.title.setPlaceholderText(hint)
        # Wide enough to show the whole hint (the French one is longer).
        self.title.setMinimumWidth(self.title.fontMetrics().horizontalAdvance(hint) + 16)
        self.per_window = QCheckBox(tr("One page per time window"), self)
        self.per_window.setChecked(True)
        form.addRow(tr("Scored zones"), self.zones)
        form.addRow(tr("Incidents"), self.incidents)
        form.addRow(tr("Title"), self.title)
        form.addRow("", self.per_window)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class ExportMapController:
    def __init__(self, iface, project: QgsProject | None = None):
        self.iface = iface
        self.project = project or QgsProject.instance()

    def ask_and_open(self):
        dialog = ExportMapDialog(self.project, self.iface.mainWindow())
        if not dialog.exec_():
            return None
        try:
            layout = self.build(
                dialog.zones.currentLayer(),
                dialog.incidents.currentLayer(),
                dialog.title.text().strip(),
                dialog.per_window.isChecked(),
            )
        except (lay.LayoutError, IncidentLayerError) as err:
            self.iface.messageBar().pushMessage(
                d.PLUGIN_NAME, html.escape(str(err)), Qgis.Critical, 0
            )
            return None
        self.iface.openLayoutDesigner(layout)
        return layout

    def build(self, zones, incidents, title: str = "", per_window: bool = True):
        """Build the layout, add it to the project's layout manager and return it."""
        layers = lay.prepare_layers(
            zones,
            incidents,
            self.project,
            group_name=tr("Overlap map layers ({zones})").format(
                zones=zones.name() if zones else ""
            ),
        )
        manager = self.project.layoutManager()
        base = tr("{map}: {a} / {b}").format(
            map=tr(lay.LAYOUT_NAME), a=layers.group_a, b=layers.group_b
        )
        name, n = base, 2
        while manager.layoutByName(name) is not None:
            name, n = f"{base} ({n})", n + 1
        layout = lay.build_layout(self.project, layers, title, per_window, name=name)
        manager.addLayout(layout)
        return layout
