"""Write the plugin's QML styles with PyQGIS, so they are valid for QGIS 3.22.

Run: QT_QPA_PLATFORM=offscreen /usr/bin/python3 scripts/make_styles.py
"""

from pathlib import Path

from qgis.core import (
    QgsApplication,
    QgsCategorizedSymbolRenderer,
    QgsFillSymbol,
    QgsMarkerSymbol,
    QgsRendererCategory,
    QgsSimpleMarkerSymbolLayerBase,
    QgsSingleSymbolRenderer,
    QgsVectorLayer,
)

ROOT = Path(__file__).resolve().parent.parent
STYLES = ROOT / "resources" / "styles"


def definitions():
    import importlib.util

    spec = importlib.util.spec_from_file_location("defs", ROOT / "plugin" / "definitions.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def marker(colour, shape, size, outline="#ffffff", alpha=0.8):
    sym = QgsMarkerSymbol.createSimple(
        {"color": colour, "outline_color": outline, "size": str(size), "outline_width": "0.2"}
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
    for name, colour, shape, size in [
        ("incidents_a.qml", d.COLOUR_A, shapes.Circle, 2.0),
        ("incidents_b.qml", d.COLOUR_B, shapes.Circle, 2.0),
        ("incidents_clash.qml", d.COLOUR_CLASH, shapes.Star, 4.2),
        ("incidents_ambiguous.qml", d.COLOUR_AMBIGUOUS, shapes.Diamond, 1.8),
    ]:
        outline = "#000000" if name == "incidents_clash.qml" else "#ffffff"
        alpha = 1.0 if name == "incidents_clash.qml" else 0.75
        point.setRenderer(QgsSingleSymbolRenderer(marker(colour, shape, size, outline, alpha)))
        point.saveNamedStyle(str(STYLES / name))

    poly = QgsVectorLayer("Polygon?crs=EPSG:4326&field=zone_class:string", "tmp", "memory")
    cats = []
    for cls in d.ZONE_CLASSES:
        sym = QgsFillSymbol.createSimple(
            {"color": d.ZONE_COLOURS[cls], "outline_color": "#606060", "outline_width": "0.15"}
        )
        sym.setOpacity(0.75 if cls not in (d.Z_INACTIVE, d.Z_LOW_DATA) else 0.45)
        cats.append(QgsRendererCategory(cls, sym, d.zone_label(cls, "Group A", "Group B")))
    poly.setRenderer(QgsCategorizedSymbolRenderer("zone_class", cats))
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
