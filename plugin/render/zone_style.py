"""The scored zones' style (resources/styles/zones.qml): class labels with the groups' names.

zones.qml is rule-based: one rule per class (its description is the class name) and,
drawn on top, a hatch on zones whose class depends on the ambiguous attributions
(class_stable = 0), with its own legend entry.
"""

from __future__ import annotations

from .. import definitions as d
from ..i18n import tr
from .print_style import add_pattern
from .text import plain

# On screen the classes are see-through over the base map; the "nothing to tell" ones
# more so. A class never looked at (no_data) has no fill at all: only its hatch and a
# dashed outline, so that it never reads as a white "nothing happened".
SCREEN_OPACITY = 0.75
FAINT_OPACITY = 0.6
FAINT = (d.Z_INACTIVE, d.Z_LOW_DATA)
UNSTABLE_RULE = "class_stable"  # description of the hatch rule (scripts/make_styles.py)


def screen_symbol(zone_class: str):
    """The zone class's symbol in zones.qml (scripts/make_styles.py): its colour, its
    print pattern (print_style.ZONE_PATTERNS) at full strength over the fill."""
    from qgis.core import QgsFillSymbol
    from qgis.PyQt.QtGui import QColor

    fill = QColor(d.ZONE_COLOURS.get(zone_class, "#cccccc"))
    fill.setAlphaF(FAINT_OPACITY if zone_class in FAINT else SCREEN_OPACITY)
    outline = {"outline_color": "#606060", "outline_width": "0.15"}
    if zone_class == d.Z_NO_DATA:  # not covered by the source
        fill.setAlphaF(0.0)
        outline = {"outline_color": "#808080", "outline_width": "0.2", "outline_style": "dash"}
    symbol = QgsFillSymbol.createSimple({"color": fill.name(QColor.HexArgb), **outline})
    symbol.symbolLayer(0).setColor(fill)
    add_pattern(symbol, zone_class)
    return symbol


def relabel_zone_classes(layer, name_a: str, name_b: str) -> None:
    """Legend labels of the zone classes with the groups' names ("JNIM only"), through a
    new renderer: the Layers panel and any legend redraw at once."""
    name_a, name_b = plain(name_a), plain(name_b)  # legend labels: never evaluated
    renderer = layer.renderer().clone()
    if hasattr(renderer, "rootRule"):
        for rule in renderer.rootRule().children():
            if rule.description() in d.ZONE_CLASSES:
                rule.setLabel(d.zone_label(rule.description(), name_a, name_b, translate=tr))
            elif rule.description() == UNSTABLE_RULE:  # the style's English label
                rule.setLabel(tr(d.UNSTABLE_LABEL))
    elif hasattr(renderer, "categories"):  # a categorized style of the analyst's own
        for i, cat in enumerate(renderer.categories()):
            if cat.value() in d.ZONE_CLASSES:
                renderer.updateCategoryLabel(
                    i, d.zone_label(cat.value(), name_a, name_b, translate=tr)
                )
    else:
        return
    layer.setRenderer(renderer)
    layer.triggerRepaint()
