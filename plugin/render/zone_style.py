"""The scored zones' style (resources/styles/zones.qml): class labels with the groups' names.

zones.qml is rule-based: one rule per class (its description is the class name) and,
drawn on top, a hatch on zones whose class depends on the ambiguous attributions
(class_stable = 0), with its own legend entry.
"""

from __future__ import annotations

from .. import definitions as d
from .text import plain


def relabel_zone_classes(layer, name_a: str, name_b: str) -> None:
    """Legend labels of the zone classes with the groups' names ("JNIM only"), through a
    new renderer: the Layers panel and any legend redraw at once."""
    name_a, name_b = plain(name_a), plain(name_b)  # legend labels: never evaluated
    renderer = layer.renderer().clone()
    if hasattr(renderer, "rootRule"):
        for rule in renderer.rootRule().children():
            if rule.description() in d.ZONE_CLASSES:
                rule.setLabel(d.zone_label(rule.description(), name_a, name_b))
    elif hasattr(renderer, "categories"):  # a categorized style of the analyst's own
        for i, cat in enumerate(renderer.categories()):
            if cat.value() in d.ZONE_CLASSES:
                renderer.updateCategoryLabel(i, d.zone_label(cat.value(), name_a, name_b))
    else:
        return
    layer.setRenderer(renderer)
    layer.triggerRepaint()
