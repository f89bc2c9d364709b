"""Write resources/models/full_analysis.model3: import -> score, interaction -> heatmap -> map.

Run: QT_HASH_SEED=1 QT_QPA_PLATFORM=offscreen /usr/bin/python3 scripts/make_model.py
(a fixed hash seed writes the XML in the same order every time: small diffs)
Built with the API, not by hand, so the file is what QGIS 3.22 itself writes.

Public contract (README, tests): the model's id is ``saheloverlap:full_analysis``;
its inputs are ``incidents_file``, ``zones`` and ``window``; QGIS 3.22 names each
output ``<step>:<output>``: ``import_incidents:incidents``, ``score_zones:zones``,
``overlap_heatmap:heatmap`` and ``export_map:map``; the space-time interaction adds
the optional ``interaction:knox_table`` and ``interaction:knox_chart`` (its zones are
drawn on the map).
"""

import sys
from pathlib import Path

from qgis.core import (
    QgsProcessing,
    QgsProcessingModelAlgorithm,
    QgsProcessingModelChildAlgorithm,
    QgsProcessingModelChildParameterSource,
    QgsProcessingModelOutput,
    QgsProcessingModelParameter,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterVectorLayer,
)
from qgis.PyQt.QtCore import QPointF

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "resources" / "models" / "full_analysis.model3"
TEMPORARY = QgsProcessing.TEMPORARY_OUTPUT


def param(model, definition, x, y):
    model.addModelParameter(definition, QgsProcessingModelParameter(definition.name()))
    model.parameterComponent(definition.name()).setPosition(QPointF(x, y))


def child(model, child_id, alg_id, x, y, sources, outputs=()):
    c = QgsProcessingModelChildAlgorithm(alg_id)
    c.setChildId(child_id)
    c.setDescription(child_id.replace("_", " "))
    c.setPosition(QPointF(x, y))
    for name, src in sources.items():
        c.addParameterSources(name, [src])
    outs = {}
    for child_output, name, desc, *default in outputs:
        out = QgsProcessingModelOutput(name, desc)
        if default:  # a value when the caller gives none (outputs added later stay optional)
            out.setDefaultValue(default[0])
        out.setChildId(child_id)
        out.setChildOutputName(child_output)
        outs[name] = out
    c.setModelOutputs(outs)
    model.addChildAlgorithm(c)


def main():
    sys.path.insert(0, str(ROOT / "scripts"))
    from headless import start_qgis

    app, plugin = start_qgis()  # the steps must resolve, so their outputs are checked
    model = QgsProcessingModelAlgorithm(MODEL.stem, "Models", "models")
    model.setHelpContent(
        {
            "ALG_DESC": "Imports an ACLED or UCDP GED export, scores zones of parallel "
            "against contested operation per time window (your polygons, or 25 km hexagons; "
            "by year unless you choose another window), tests the space-time interaction "
            "between the two groups in the same windows (your polygons, or 100 km hexagons), "
            "computes the overlap heatmap of the whole period and exports the map as a PDF, "
            "one page per window, with the interaction's findings outlined. Open it in the "
            "Graphical Modeler to change a step's settings or add steps.\n\n"
            "Command line: qgis_process.bin run saheloverlap:full_analysis -- "
            "incidents_file=acled.csv window=1 import_incidents:incidents=incidents.gpkg "
            "score_zones:zones=zones.gpkg overlap_heatmap:heatmap=heatmap.tif "
            "export_map:map=overlap_map.pdf",
            "ALG_CREATOR": "Sahel Overlap",
        }
    )
    param(
        model,
        QgsProcessingParameterVectorLayer("incidents_file", "Incident export (ACLED / UCDP GED CSV)", [QgsProcessing.TypeVector]),
        60, 60,
    )  # fmt: skip
    param(
        model,
        QgsProcessingParameterFeatureSource("zones", "Zones (optional)", [QgsProcessing.TypeVectorPolygon], optional=True),
        60, 140,
    )  # fmt: skip
    param(
        model,
        QgsProcessingParameterEnum("window", "Time windows", ["Whole period", "Year", "Quarter", "Month"], defaultValue=1),
        60, 220,
    )  # fmt: skip
    src = QgsProcessingModelChildParameterSource
    child(
        model, "import_incidents", "saheloverlap:importincidents", 320, 60,
        {"INPUT": src.fromModelParameter("incidents_file")},
        [("OUTPUT", "incidents", "Incidents (GeoPackage)")],
    )  # fmt: skip
    child(
        model, "score_zones", "saheloverlap:scorezones", 320, 180,
        {
            "INCIDENTS": src.fromChildOutput("import_incidents", "OUTPUT"),
            "ZONES": src.fromModelParameter("zones"),
            "WINDOW": src.fromModelParameter("window"),
        },
        [("OUTPUT", "zones", "Scored zones")],
    )  # fmt: skip
    child(
        model, "overlap_heatmap", "saheloverlap:overlapheatmap", 580, 60,
        {"INCIDENTS": src.fromChildOutput("import_incidents", "OUTPUT")},
        [("OUTPUT", "heatmap", "Overlap heatmap (GeoTIFF)")],
    )  # fmt: skip
    child(
        model, "interaction", "saheloverlap:interaction", 320, 300,
        {
            "INCIDENTS": src.fromChildOutput("import_incidents", "OUTPUT"),
            "ZONES": src.fromModelParameter("zones"),
            "WINDOW": src.fromModelParameter("window"),
        },
        # Its zones feed the map; a mandatory model output would break command lines
        # written for the model before this step, so only the optional ones are outputs.
        [("KNOX_TABLE", "knox_table", "Global Knox table", TEMPORARY),
         ("KNOX_CHART", "knox_chart", "Global Knox chart (PNG)", TEMPORARY)],
    )  # fmt: skip
    child(
        model, "export_map", "saheloverlap:exportmap", 580, 180,
        {
            "ZONES": src.fromChildOutput("score_zones", "OUTPUT"),
            "INCIDENTS": src.fromChildOutput("import_incidents", "OUTPUT"),
            "INTERACTION": src.fromChildOutput("interaction", "OUTPUT"),
            "FORMAT": src.fromStaticValue(0),
            "PER_WINDOW": src.fromStaticValue(True),
        },
        [("OUTPUT", "map", "Overlap map (PDF, one page per window)")],
    )  # fmt: skip
    MODEL.parent.mkdir(parents=True, exist_ok=True)
    if not model.toFile(str(MODEL)):
        raise SystemExit(f"could not write {MODEL}")
    print("wrote", MODEL.relative_to(ROOT))
    plugin.unload()
    app.exitQgis()


if __name__ == "__main__":
    main()
