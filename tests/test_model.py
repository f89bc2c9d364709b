"""The shipped model, run by its id: from the registry, the toolbox's dialog and qgis_process.

``processing.run`` builds a fresh copy of the model, which once hid a registered
model without outputs; these tests use the registry's own algorithm.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from qgis.core import QgsApplication, QgsProject, QgsVectorLayer

from sahel_overlap.plugin import definitions as d

from .conftest import QGIS_PROCESS

MODEL_ID = "saheloverlap:full_analysis"
OUTPUTS = {
    "import_incidents:incidents",
    "score_zones:zones",
    "overlap_heatmap:heatmap",
    "export_map:map",
    "interaction:knox_table",
    "interaction:knox_chart",
}
YEARS = 6  # the sample spans 2017-2022


def pdf_pages(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    line = next(ln for ln in info.stdout.splitlines() if ln.startswith("Pages:"))
    return int(line.split()[1])


def pdf_text(path) -> str:
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True)
    return " ".join(text.stdout.split())


def test_registered_model_has_its_steps_and_outputs(plugin):
    registry = QgsApplication.processingRegistry()
    ids = [a.id() for a in registry.providerById(d.PROVIDER_ID).algorithms()]
    assert MODEL_ID in ids
    assert not [i for i in ids if " " in i or i != i.lower()]  # ids are typed on command lines
    model = registry.algorithmById(MODEL_ID)
    assert {p.name() for p in model.destinationParameterDefinitions()} == OUTPUTS
    assert {o.name() for o in model.outputDefinitions()} >= OUTPUTS
    assert {p.name() for p in model.parameterDefinitions()} >= {"incidents_file", "window"}
    steps = model.childAlgorithms()
    assert all(step.algorithm() is not None for step in steps.values())
    assert model.displayName() != model.name()  # a readable name in the toolbox
    assert "qgis_process.bin run saheloverlap:full_analysis" in model.shortHelpString()
    help_url = model.create().helpUrl()
    assert help_url.startswith("file://") and Path(help_url[7:].split("#")[0]).is_file()


def test_toolbox_dialog_runs_the_registered_model(plugin, qgis_iface, tmp_path, monkeypatch):
    """What Processing's toolbox does on a double click: a dialog on the registry's model."""
    from processing.gui.AlgorithmDialog import AlgorithmDialog

    # pytest-qgis 2.1's iface lacks what the parameters panel asks for
    monkeypatch.setattr(qgis_iface, "browserModel", lambda: None, raising=False)

    alg = QgsApplication.processingRegistry().algorithmById(MODEL_ID).create()
    dialog = AlgorithmDialog(alg, False, None)
    out = {
        "import_incidents:incidents": str(tmp_path / "incidents.gpkg"),
        "score_zones:zones": str(tmp_path / "zones.gpkg"),
        "overlap_heatmap:heatmap": str(tmp_path / "heat.tif"),
        "export_map:map": str(tmp_path / "map.pdf"),
    }
    dialog.setParameters(
        {"incidents_file": str(d.SAMPLE_CSV), "zones": str(d.SAMPLE_ZONES), "window": 1, **out}
    )
    results = []
    dialog.algorithmFinished.connect(lambda ok, res: results.append((ok, res)))
    project = QgsProject.instance()
    before = set(project.mapLayers())
    try:
        dialog.runAlgorithm()
        assert results and results[0][0], dialog.textLog.toPlainText()[-2000:]
        n_zones = QgsVectorLayer(str(d.SAMPLE_ZONES)).featureCount()  # 33 planted zones
        assert QgsVectorLayer(out["score_zones:zones"]).featureCount() == n_zones * YEARS
        assert pdf_pages(out["export_map:map"]) == YEARS
    finally:
        for layer_id in set(project.mapLayers()) - before:
            project.removeMapLayer(layer_id)
        dialog.deleteLater()


def test_qgis_process_runs_the_model_by_id(tmp_path, qgis_process_env):
    env = qgis_process_env
    help_run = subprocess.run(
        [QGIS_PROCESS, "help", MODEL_ID], env=env, capture_output=True, text=True
    )
    assert help_run.returncode == 0, help_run.stderr
    for name in OUTPUTS:
        assert f"{name}:" in help_run.stdout
    out = {name: tmp_path / f for name, f in zip(
        ["import_incidents:incidents", "score_zones:zones", "overlap_heatmap:heatmap",
         "export_map:map", "interaction:knox_table", "interaction:knox_chart"],
        ["incidents.gpkg", "zones.gpkg", "heat.tif", "map.pdf", "knox.gpkg", "knox.png"])}  # fmt: skip
    run = subprocess.run(
        [QGIS_PROCESS, "run", MODEL_ID, "--", f"incidents_file={d.SAMPLE_CSV}",
         f"zones={d.SAMPLE_ZONES}", "window=1", *[f"{k}={v}" for k, v in out.items()]],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    assert "ERROR" not in run.stdout + run.stderr
    for name, path in out.items():
        assert f"{name}:\t{path}" in run.stdout
        assert path.is_file() and path.stat().st_size > 0, name
    zones = QgsVectorLayer(str(out["score_zones:zones"]))
    assert zones.featureCount() == QgsVectorLayer(str(d.SAMPLE_ZONES)).featureCount() * YEARS
    assert pdf_pages(out["export_map:map"]) == YEARS
    # The space-time interaction on the same zones and years, its findings on the map.
    assert QgsVectorLayer(str(out["interaction:knox_table"])).featureCount() == 16 * YEARS
    assert "Space-time interaction (Knox test)" in pdf_text(out["export_map:map"])


@pytest.mark.parametrize("path", sorted((d.RESOURCES_DIR / "models").glob("*.model3")))
def test_every_shipped_model_is_registered(plugin, path):
    from qgis.core import QgsProcessingModelAlgorithm

    model = QgsProcessingModelAlgorithm()
    assert model.fromFile(str(path))
    assert " " not in model.name()
    registered = QgsApplication.processingRegistry().algorithmById(
        f"{d.PROVIDER_ID}:{model.name()}"
    )
    assert registered is not None and registered.destinationParameterDefinitions()
