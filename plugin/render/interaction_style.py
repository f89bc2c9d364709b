"""How the space-time interaction zones look: on screen (by class) and on the printed map
(outlines over the zone classes where the Knox test found attraction or avoidance)."""

from __future__ import annotations

from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsFillSymbol,
    QgsRendererCategory,
    QgsVectorLayer,
)

from .. import definitions as d
from ..i18n import tr
from .layers import apply_style, set_day_range_temporal
from .text import plain

#: The classes the printed map shows (the others say nothing to draw).
PRINTED = (d.I_ATTRACTION, d.I_AVOIDANCE)
#: Solid for attraction, dashed for avoidance: apart on a greyscale print too.
PRINT_OUTLINES = {d.I_ATTRACTION: "solid", d.I_AVOIDANCE: "dash"}


def style_interaction_layer(layer: QgsVectorLayer) -> None:
    """Class colours with the groups' names in the legend; time-aware on the windows."""
    apply_style(layer, "interaction.qml")
    feat = next(layer.getFeatures(), None)
    if feat is not None and "group_a" in layer.fields().names():
        names = (feat["group_a"], feat["group_b"])
    else:  # no names to give: the style's own "Group A"/"Group B", in the language
        names = (tr("Group A"), tr("Group B"))
    renderer = layer.renderer()
    if hasattr(renderer, "categories"):
        for i, cat in enumerate(renderer.categories()):
            if cat.value() in d.INTERACTION_CLASSES:
                label = d.interaction_label(cat.value(), *names, translate=tr)
                renderer.updateCategoryLabel(i, plain(label))
    set_day_range_temporal(layer, "window_start", "window_end")
    layer.triggerRepaint()


def print_interaction(
    layer: QgsVectorLayer, name_a: str, name_b: str, label=str, translate=tr
) -> None:
    """Unfilled outlines, thick enough to read over the zone classes' fills and patterns
    (class labels in the installed language)."""
    cats = []
    for cls in PRINTED:
        symbol = QgsFillSymbol.createSimple(
            {
                "style": "no",
                "outline_color": d.INTERACTION_COLOURS[cls],
                "outline_width": "0.7",
                "outline_style": PRINT_OUTLINES[cls],
            }
        )
        cats.append(
            QgsRendererCategory(
                cls, symbol, label(d.interaction_label(cls, name_a, name_b, translate=translate))
            )
        )
    layer.setRenderer(QgsCategorizedSymbolRenderer("interaction", cats))
