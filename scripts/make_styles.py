"""Write the plugin's QML styles with PyQGIS, so they are valid for QGIS 3.22.

Run: QT_HASH_SEED=0 QT_QPA_PLATFORM=offscreen /usr/bin/python3 scripts/make_styles.py
(a fixed hash seed keeps the XML attribute order, so unchanged styles do not show in diffs)
"""

from pathlib import Path

from qgis.core import (
    QgsApplication,
    QgsCategorizedSymbolRenderer,
    QgsField,
    QgsFillSymbol,
    QgsLinePatternFillSymbolLayer,
    QgsMarkerSymbol,
    QgsRendererCategory,
    QgsRuleBasedRenderer,
    QgsSimpleMarkerSymbolLayerBase,
    QgsSingleSymbolRenderer,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QVariant
from qgis.PyQt.QtGui import QColor

ROOT = Path(__file__).resolve().parent.parent
STYLES = ROOT / "resources" / "styles"


def definitions():
    import importlib.util

    spec = importlib.util.spec_from_file_location("defs", ROOT / "plugin" / "definitions.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def marker(colour, shape, size, outline="#ffffff", alpha=0.8, width=0.2):
    sym = QgsMarkerSymbol.createSimple(
        {"color": colour, "outline_color": outline, "size": str(size), "outline_width": str(width)}
    )
    sym.symbolLayer(0).setShape(shape)
    sym.setOpacity(alpha)
    return sym


def main():
    d = definitions()
    app = QgsApplication([], False)
    app.initQgis()
    STYLES.mkdir(parents=True, exist_ok=True)
    point = QgsVectorLayer("Point?crs=EPSG:4326", "tmp", "memory")
    shapes = QgsSimpleMarkerSymbolLayerBase
    symbols = {}
    for side, name, colour, shape, size in [
        (d.SIDE_A, "incidents_a.qml", d.COLOUR_A, shapes.Circle, 2.0),
        (d.SIDE_B, "incidents_b.qml", d.COLOUR_B, shapes.Circle, 2.0),
        (d.SIDE_CLASH, "incidents_clash.qml", d.COLOUR_CLASH, shapes.Star, 4.2),
        (d.SIDE_JOINT, "incidents_joint.qml", d.COLOUR_JOINT, shapes.Triangle, 3.6),
        (d.SIDE_AMBIGUOUS, "incidents_ambiguous.qml", d.COLOUR_AMBIGUOUS, shapes.Diamond, 1.8),
    ]:
        # Clashes and joint operations: a thick white outline, so the purple stars and
        # teal triangles stay visible on the contested and cooperative zones' fills.
        outline = "#ffffff"
        strong = side in (d.SIDE_CLASH, d.SIDE_JOINT)
        width = 0.6 if strong else 0.2
        alpha = 1.0 if strong else 0.75
        sym = marker(colour, shape, size, outline, alpha, width)
        symbols[side] = sym
        point.setRenderer(QgsSingleSymbolRenderer(sym.clone()))
        point.saveNamedStyle(str(STYLES / name))
    # Every event of the table: one category per side, ambiguous and other unticked
    # (never counted for either group); labels get the groups' names when loaded.
    other = marker("#bdbdbd", shapes.Circle, 1.4, "#ffffff", 0.6)
    labels = {
        d.SIDE_A: "Group A",
        d.SIDE_B: "Group B",
        d.SIDE_CLASH: "Clashes between them",
        d.SIDE_JOINT: "Joint operations",
        d.SIDE_AMBIGUOUS: "Ambiguous attribution",
        d.SIDE_OTHER: "Other actors",
    }
    cats = [
        QgsRendererCategory(
            side,
            symbols.get(side, other).clone(),
            labels[side],
            side not in (d.SIDE_AMBIGUOUS, d.SIDE_OTHER),
        )
        for side in (d.SIDE_AMBIGUOUS, d.SIDE_OTHER, d.SIDE_A, d.SIDE_B, d.SIDE_JOINT, d.SIDE_CLASH)
    ]
    point.dataProvider().addAttributes([QgsField(d.F_SIDE, QVariant.String)])
    point.updateFields()
    point.setRenderer(QgsCategorizedSymbolRenderer(d.F_SIDE, cats))
    point.saveNamedStyle(str(STYLES / "incidents_all.qml"))

    poly = QgsVectorLayer(
        "Polygon?crs=EPSG:4326&field=zone_class:string&field=class_stable:integer", "tmp", "memory"
    )
    # Rule-based: one rule per class (description = the class name, so that labels can be
    # renamed after the groups), and one more drawn on top that hatches the zones whose
    # class changes when the ambiguous events are given to either group.
    root = QgsRuleBasedRenderer.Rule(None)
    faint = (d.Z_NO_DATA, d.Z_INACTIVE, d.Z_UNATTRIBUTED, d.Z_LOW_DATA)
    for cls in d.ZONE_CLASSES:
        outline = {"outline_color": "#606060", "outline_width": "0.15"}
        if cls == d.Z_NO_DATA:  # not covered by the source: a dashed outline, no fill
            outline = {"outline_color": "#808080", "outline_width": "0.2", "outline_style": "dash"}
        sym = QgsFillSymbol.createSimple({"color": d.ZONE_COLOURS[cls], **outline})
        sym.setOpacity(0.75 if cls not in faint else 0.45)
        label = d.zone_label(cls, "Group A", "Group B")
        root.appendChild(
            QgsRuleBasedRenderer.Rule(sym, 0, 0, f"\"zone_class\" = '{cls}'", label, cls)
        )
    hatch = QgsLinePatternFillSymbolLayer()
    hatch.setLineAngle(45.0)
    hatch.setDistance(1.6)
    hatch.setColor(QColor(d.COLOUR_UNSTABLE))
    hatch.setLineWidth(0.18)
    unstable = QgsFillSymbol([hatch])
    root.appendChild(
        QgsRuleBasedRenderer.Rule(
            unstable, 0, 0, '"class_stable" = 0', d.UNSTABLE_LABEL, "class_stable"
        )
    )
    poly.setRenderer(QgsRuleBasedRenderer(root))
    poly.saveNamedStyle(str(STYLES / "zones.qml"))

    poly = QgsVectorLayer("Polygon?crs=EPSG:4326&field=interaction:string", "tmp", "memory")
    cats = []
    for cls in d.INTERACTION_CLASSES:
        sym = QgsFillSymbol.createSimple(
            {
                "color": d.INTERACTION_COLOURS[cls],
                "outline_color": "#606060",
                "outline_width": "0.15",
            }
        )
        sym.setOpacity(0.8 if cls in (d.I_ATTRACTION, d.I_AVOIDANCE) else 0.45)
        cats.append(QgsRendererCategory(cls, sym, d.interaction_label(cls, "Group A", "Group B")))
    poly.setRenderer(QgsCategorizedSymbolRenderer("interaction", cats))
    poly.saveNamedStyle(str(STYLES / "interaction.qml"))
    for qml in sorted(STYLES.glob("*.qml")):
        print("wrote", qml.relative_to(ROOT))
    app.exitQgis()


if __name__ == "__main__":
    main()
