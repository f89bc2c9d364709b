"""The overlap map in French: the exported PDF's title, legend, source, method, footer
and dates, the chart's texts and month names, the project's layer names and legends;
English unchanged after French was installed (nothing frozen at import)."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from qgis.core import QgsFeature, QgsField, QgsLayoutUtils, QgsProject, QgsVectorLayer
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QDate, QLocale, QVariant

from sahel_overlap.plugin import definitions as d
from sahel_overlap.plugin import i18n
from sahel_overlap.plugin.core.incidents import load_frame, read_table
from sahel_overlap.plugin.core.presets import load_presets
from sahel_overlap.plugin.io.writers import write_incidents_gpkg
from sahel_overlap.plugin.render import layout as lay
from sahel_overlap.plugin.render import print_style as ps

from .conftest import QGIS_PROCESS
from .test_i18n import CLASSES_FR
from .test_layout import planted_zones_layer, write_gpkg

YEARS = [2021, 2022]
PROVENANCE = ["Sahel Overlap 0.2.0", "WINDOW=year MIN_EVENTS=5"]


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """The SYNTHETIC sample's incidents and planted zones (two years, scoring provenance
    in their metadata, a few zones whose class the ambiguous events decide)."""
    folder = tmp_path_factory.mktemp("layout_fr")
    raw, _skipped = read_table(d.SAMPLE_CSV)
    events, _report = load_frame(raw, load_presets()[d.DEFAULT_PRESET], "auto", None, True, False)
    incidents = QgsVectorLayer(
        write_incidents_gpkg(events, folder / "incidents.gpkg"), "incidents", "ogr"
    )
    zones = planted_zones_layer(years=YEARS)
    meta = zones.metadata()
    meta.setHistory(PROVENANCE)
    zones.setMetadata(meta)
    zones.dataProvider().addAttributes([QgsField(ps.UNSTABLE_FIELD, QVariant.Int)])
    zones.updateFields()
    idx = zones.fields().indexOf(ps.UNSTABLE_FIELD)
    ids = [f.id() for f in zones.getFeatures()]
    zones.dataProvider().changeAttributeValues(
        {f: {idx: 0 if n < 3 else 1} for n, f in enumerate(ids)}
    )
    yield {"zones": zones, "incidents": incidents, "events": events}
    for layer in (zones, incidents):  # before QGIS exits, or it crashes
        if not sip.isdeleted(layer):
            sip.delete(layer)


def pdf_text(path) -> str:
    run = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    # NFKC: the PDF's ligatures (ﬀ, ﬃ in "affrontements", "affichés") as plain letters.
    return " ".join(unicodedata.normalize("NFKC", run.stdout).split())


def export(plugin, sample, path, fmt: int = 0) -> list[str]:
    """saheloverlap:exportmap, as the analyst runs it (0 PDF, 1 PNG)."""
    import processing

    QgsProject.instance().addMapLayers([sample["zones"], sample["incidents"]], False)
    try:
        result = processing.run(
            "saheloverlap:exportmap",
            {
                "ZONES": sample["zones"].id(),
                "INCIDENTS": sample["incidents"].id(),
                "FORMAT": fmt,
                "PER_WINDOW": True,
                "DPI": 150 if fmt else 72,
                "OUTPUT": str(path),
            },
        )
    finally:
        for layer in (sample["zones"], sample["incidents"]):
            QgsProject.instance().takeMapLayer(layer)
    return result["FILES"].split(";")


def fr_date(day: date, pattern: str = "d MMMM yyyy") -> str:
    return QLocale("fr").toString(QDate(day.year, day.month, day.day), pattern)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_exported_pdf_reads_french(plugin, sample, tmp_path, french):
    (pdf,) = export(plugin, sample, tmp_path / "carte.pdf")
    text = pdf_text(pdf)
    assert "JNIM et ISGS au Sahel : opérations parallèles ou disputées ?" in text
    # Legend: every class in the glossary's words, none left in English.
    for cls, label in CLASSES_FR.items():
        assert label in text, cls
        assert d.zone_label(cls, "JNIM", "ISGS") not in text, cls
    for heading in ("Classe de zone", "Incidents JNIM", "Incidents ISGS",
                    "Affrontements JNIM contre ISGS",
                    "Classe décidée par des attributions ambiguës"):  # fmt: skip
        assert heading in text
    for english in ("Zone class", "JNIM incidents", "vs ISGS clashes", "Method:", "Data:"):
        assert english not in text
    # Source line: the sample stays labelled SYNTHETIC, in French.
    assert "Données d'exemple SYNTHÉTIQUES, non réelles" in text
    assert "Fond de carte : Natural Earth." in text
    assert "Méthode : quotient de co-localisation + part des affrontements" in text
    assert "Évaluation : Sahel Overlap 0.2.0 · WINDOW=year MIN_EVENTS=5" in text
    assert "Opérations parallèles : JNIM et ISGS tous deux actifs dans une zone" in text
    # Dates in French: the pages' spans and the export date.
    assert "1 janvier 2021 – 31 décembre 2021" in text
    assert f"Exporté le {fr_date(date.today())}" in text
    assert "Zones évaluées par période" in text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_qgis_process_exports_the_map_in_qgis_language(sample, tmp_path, qgis_process_env):
    """qgis_process set to French (QGIS's locale/userLocale) prints the map in French."""
    ini = next(Path(qgis_process_env["QGIS_CUSTOM_CONFIG_PATH"]).rglob("QGIS3.ini"))
    config = configparser.RawConfigParser()
    config.optionxform = str
    config.read(ini, encoding="utf-8")
    if not config.has_section("locale"):
        config.add_section("locale")
    config.set("locale", "userLocale", "fr_FR")
    config.set("locale", "overrideFlag", "true")
    with ini.open("w", encoding="utf-8") as handle:
        config.write(handle, space_around_delimiters=False)
    zones = write_gpkg(sample["zones"], tmp_path / "zones.gpkg")
    incidents = write_incidents_gpkg(sample["events"], tmp_path / "incidents.gpkg")
    out = tmp_path / "carte.pdf"
    run = subprocess.run(
        [QGIS_PROCESS, "run", "saheloverlap:exportmap", "--", f"ZONES={zones}",
         f"INCIDENTS={incidents}", "FORMAT=0", "DPI=30", f"OUTPUT={out}"],
        env=qgis_process_env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    text = pdf_text(out)
    assert "JNIM et ISGS au Sahel : opérations parallèles ou disputées ?" in text
    assert all(label in text for label in CLASSES_FR.values())
    assert "Données d'exemple SYNTHÉTIQUES" in text and "1 janvier 2021" in text


def test_english_after_french_is_unchanged(plugin, sample, tmp_path):
    """French installed then removed: the next export is English again (no French text
    frozen at import time)."""
    i18n.install("fr")
    i18n.uninstall()
    (pdf,) = export(plugin, sample, tmp_path / "map.pdf")
    text = pdf_text(pdf)
    assert "JNIM and ISGS in the Sahel: parallel or contested operation?" in text
    for cls in d.ZONE_CLASSES:
        assert d.zone_label(cls, "JNIM", "ISGS") in text
    assert "SYNTHETIC sample data — not real events" in text
    assert "Method: Co-location quotient + clash share" in text
    assert "1 January 2021 – 31 December 2021" in text
    assert "SYNTHÉTIQUE" not in text and "Données" not in text


def test_french_png_has_its_texts_inside_the_page(plugin, sample, tmp_path, french):
    """The longer French texts stay in their boxes: every label fits its item and the
    legend and footer stay on the page (the PNG itself is looked at by eye)."""
    project = QgsProject()
    layers = lay.prepare_layers(sample["zones"], sample["incidents"], project)
    layout = lay.build_layout(project, layers)
    try:
        page = layout.pageCollection().page(0).sizeWithUnits()
        items = lay.page_items(layout, 0)
        for ident, item in items.items():
            pos, size = item.pagePositionWithUnits(), item.sizeWithUnits()
            assert pos.x() >= 0 and pos.x() + size.width() <= page.width() + 0.01, ident
            assert pos.y() >= 0 and pos.y() + size.height() <= page.height() + 0.01, ident
        for ident in (lay.ID_SUBTITLE, lay.ID_SOURCE, lay.ID_METHOD, lay.ID_PROVENANCE):
            label = items[ident]  # one line each: a wrapped line overprinted the next
            width = QgsLayoutUtils.textWidthMM(label.font(), ps.unplain(label.currentText()))
            assert width <= label.sizeWithUnits().width(), (ident, label.currentText())
            assert label.font().pointSizeF() >= ps.MIN_TEXT_PT, ident
        assert "SYNTHÉTIQUES" in items[lay.ID_SOURCE].currentText()
        legend = items[lay.ID_LEGEND]
        assert legend.pagePositionWithUnits().x() + legend.sizeWithUnits().width() <= (
            page.width() - lay.PAGE_MARGIN + 0.01
        )
        written = lay.export_layout(layout, tmp_path / "carte.png", "png", dpi=60)
        assert len(written) == len(YEARS)
    finally:
        lay.release_layout(layout, project)


def test_chart_in_french(french):
    """The chart's title, legend, and month ticks (a short span) in French."""
    import pandas as pd

    from sahel_overlap.plugin.render.chart import chart_figure

    months = pd.period_range("2021-01", "2021-12", freq="M")
    monthly = pd.DataFrame(
        {d.SIDE_A: 3, d.SIDE_B: 2, d.SIDE_CLASH: 1, d.SIDE_JOINT: 1}, index=months
    )
    window = lay.Window(date(2021, 3, 1), date(2021, 3, 31))
    assert window.label == "mars 2021"
    fig = chart_figure(monthly, window, "JNIM", "ISGS", (82, 50))
    ax = fig.axes[0]
    fig.canvas.draw()
    assert ax.get_title(loc="left") == "Événements par mois"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "Affrontements JNIM contre ISGS" in legend
    assert "Opérations conjointes JNIM + ISGS" in legend
    assert "mars 2021" in legend
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert "avr." in ticks and "juil." in ticks and "Apr" not in ticks, ticks
    i18n.uninstall()
    fig = chart_figure(monthly, window, "JNIM", "ISGS", (82, 50))
    fig.canvas.draw()
    ticks = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert "Apr" in ticks and fig.axes[0].get_title(loc="left") == "Events per month"


@pytest.mark.parametrize(
    "first, last", [("2017-01", "2020-12"), ("2021-03", "2021-11"), ("2019-01", "2020-06"),
                    ("2020-05", "2020-05")]
)  # fmt: skip
def test_french_chart_texts_never_touch(first, last, french):
    """French month names (janv., févr.) and the longer legend stay apart and inside the
    chart, as the English ones do (test_layout's check, in French)."""
    from .test_layout import test_chart_texts_never_touch as english_check

    english_check(first, last)


def test_quarter_and_window_labels_in_french(french):
    assert lay.Window(date(2019, 4, 1), date(2019, 6, 30)).label == "T2 2019"
    assert lay.Window(date(2019, 1, 1), date(2019, 12, 31)).label == "2019"
    assert lay.Window(date(2017, 3, 2), date(2022, 12, 31)).label == (
        "2 mars 2017 – 31 décembre 2022"
    )
    i18n.uninstall()
    assert lay.Window(date(2019, 4, 1), date(2019, 6, 30)).label == "2019 Q2"
    assert lay.Window(date(2019, 3, 1), date(2019, 3, 31)).label == "March 2019"


# --- the project's layers: names and legends in French, lookups whatever the language ---


def test_loaded_layers_named_in_french_and_still_synthetic(sample, tmp_path, french):
    from sahel_overlap.plugin.render.layers import add_base_map, add_incident_layers

    gpkg = write_incidents_gpkg(sample["events"], tmp_path / "incidents.gpkg")
    project = QgsProject()
    try:
        layers = add_incident_layers(gpkg, project, "JNIM", "ISGS", "SYNTHETIC")
        names = [layer.name() for layer in layers]
        assert names == [
            "Affrontements JNIM contre ISGS (SYNTHÉTIQUE)",
            "Opérations conjointes JNIM + ISGS (SYNTHÉTIQUE)",
            "Incidents ISGS (SYNTHÉTIQUE)",
            "Incidents JNIM (SYNTHÉTIQUE)",
            "Attribution ambiguë JNIM/ISGS (SYNTHÉTIQUE)",
            "Tous les incidents (JNIM, ISGS, autres) (SYNTHÉTIQUE)",
        ]
        labels = {c.value(): c.label() for c in layers[-1].renderer().categories()}
        assert labels[d.SIDE_CLASH] == "Affrontements JNIM contre ISGS"
        assert labels[d.SIDE_AMBIGUOUS] == "Attribution ambiguë JNIM/ISGS"
        assert labels[d.SIDE_OTHER] == "Autres acteurs"
        # The base map is found by its role, not its name: one, whichever language
        # added it first.
        i18n.uninstall()
        assert [lyr.name() for lyr in add_base_map(project)] == [
            "Countries (Natural Earth)",
            "Admin regions (Natural Earth)",
        ]
        i18n.install("fr")
        assert add_base_map(project) == []
        assert len(project.layerTreeRoot().findGroups()) == 2  # incidents, base map
    finally:
        project.clear()


def test_scored_and_interaction_layers_legends_in_french(french):
    from sahel_overlap.plugin.render.interaction_style import style_interaction_layer
    from sahel_overlap.plugin.render.layers import apply_style
    from sahel_overlap.plugin.render.zone_style import relabel_zone_classes

    zones = QgsVectorLayer(
        "Polygon?crs=EPSG:4326&field=zone_class:string&field=class_stable:integer", "z", "memory"
    )
    assert apply_style(zones, "zones.qml")
    relabel_zone_classes(zones, "JNIM", "ISGS")
    labels = {r.description(): r.label() for r in zones.renderer().rootRule().children()}
    assert {cls: labels[cls] for cls in CLASSES_FR} == CLASSES_FR
    assert labels["class_stable"] == "Hachuré : la classe repose sur des événements ambigus"

    uri = (
        "Polygon?crs=EPSG:4326&field=interaction:string&field=group_a:string"
        "&field=group_b:string&field=window_start:date&field=window_end:date"
    )
    knox = QgsVectorLayer(uri, "k", "memory")
    feat = QgsFeature(knox.fields())
    feat.setAttributes(["attraction", "JNIM", "ISGS", QDate(2021, 1, 1), QDate(2021, 12, 31)])
    assert knox.dataProvider().addFeatures([feat])[0]
    style_interaction_layer(knox)
    labels = {c.value(): c.label() for c in knox.renderer().categories()}
    assert labels[d.I_ATTRACTION] == ("JNIM et ISGS plus proches que par hasard")
    assert labels[d.I_NONE] == "Aucune interaction spatio-temporelle démontrée"
    empty = QgsVectorLayer(uri, "k", "memory")  # no feature, no names: Groupe A, Groupe B
    style_interaction_layer(empty)
    labels = {c.value(): c.label() for c in empty.renderer().categories()}
    assert labels[d.I_AVOIDANCE] == ("Groupe A et Groupe B moins proches que par hasard")


def test_heatmap_layer_and_knox_chart_in_french(french):
    import pandas as pd

    from sahel_overlap.plugin.core.interaction import DAY_BANDS, DISTANCE_BANDS_KM
    from sahel_overlap.plugin.render import heatmap_layer as hm
    from sahel_overlap.plugin.render.knox_chart import knox_figure

    assert hm.HeatmapLayer(QgsProject()).name == "Carte de chaleur des chevauchements"
    with pytest.raises(hm.HeatmapError, match=r"^la largeur de bande et la taille de cellule"):
        hm.HeatmapSettings(bandwidth_km=-1)
    window = {"window_start": pd.Timestamp("2021-01-01"), "window_end": pd.Timestamp("2021-12-31")}
    counts = {"pairs": 4, "expected": 2.0, "ratio": 2.0, "p": 0.01, "events_a": 40,
              "events_b": 30, "events_share": 1.0}  # fmt: skip
    rows = [
        {**window, **counts, "distance_km": km, "days": days}
        for km in DISTANCE_BANDS_KM
        for days in DAY_BANDS
    ]
    fig = knox_figure(pd.DataFrame(rows), "JNIM", "ISGS")
    ax = fig.axes[0]
    assert ax.get_ylabel() == "km d'écart" and ax.get_xlabel() == "jours d'écart"
    assert "40 / 30 événements" in ax.get_title()
    assert fig._suptitle.get_text().replace("\n", " ").startswith("Test de Knox à deux groupes")
    i18n.uninstall()
    fig = knox_figure(pd.DataFrame(rows), "JNIM", "ISGS")
    assert fig.axes[0].get_ylabel() == "km apart"
    assert hm.HeatmapLayer(QgsProject()).name == "Overlap heatmap"


def test_map_errors_in_french(sample, tmp_path, french):
    """What the analyst is told when the map cannot be made, in French."""
    not_zones = QgsVectorLayer("Polygon?crs=EPSG:4326&field=name:string", "z", "memory")
    project = QgsProject()
    with pytest.raises(lay.LayoutError) as err:
        lay.prepare_layers(not_zones, sample["incidents"], project)
    assert str(err.value) == (
        "la couche des zones n'a pas de champ 'zone_class' : utilisez la sortie de "
        "« Évaluer les zones : opérations parallèles ou disputées »"
    )
    with pytest.raises(lay.LayoutError, match=r"^format inconnu 'tiff' ; utilisez l'un de pdf"):
        lay.export_layout(None, tmp_path / "m.tiff", "tiff")
