"""French for the import: with the translation installed, importincidents logs in French
and refuses a dangerous output in French, while what it writes (fields, values, sides)
is exactly the English run's; without it, the log is the English one."""

from __future__ import annotations

import re
import shutil

import pytest
from qgis.core import QgsProcessingException, QgsProcessingFeedback, QgsVectorLayer

from sahel_overlap.plugin import definitions as d
from sahel_overlap.plugin import i18n

from .acled_server import PASSWORD, USER

READ_EN = re.compile(r"Read (\d+) rows as (.+) \((.+)\); kept (\d+) events\.")


@pytest.fixture
def acled_env(monkeypatch):
    """The stand-in ACLED API's credentials, as qgis_process would read them."""
    monkeypatch.setenv("ACLED_USERNAME", USER)
    monkeypatch.setenv("ACLED_PASSWORD", PASSWORD)


def run_import(folder, language: str):
    """Import the bundled sample in ``language``: (result, log, rows of the output)."""
    import processing

    assert i18n.install(language) == language
    try:
        feedback = QgsProcessingFeedback()
        result = processing.run(
            "saheloverlap:importincidents",
            {
                "INPUT": str(d.SAMPLE_CSV),
                "OUTPUT": str(folder / "incidents.gpkg"),
                "REVIEW_TABLE": str(folder / "review.csv"),
            },
            feedback=feedback,
        )
    finally:
        i18n.uninstall()
    layer = QgsVectorLayer(result["OUTPUT"], "incidents", "ogr")
    assert layer.isValid()
    rows = sorted(
        (
            [str(v) for v in feature.attributes()[1:]]  # after the GeoPackage fid
            + [feature.geometry().asWkt(6)]
            for feature in layer.getFeatures()
        ),
        key=lambda row: row[layer.fields().names().index(d.F_EVENT_ID) - 1],
    )
    return result, feedback.textLog(), layer.fields().names(), rows


def test_import_logs_in_french_and_writes_what_english_writes(plugin, tmp_path):
    (tmp_path / "en").mkdir()
    (tmp_path / "fr").mkdir()
    en_result, en_log, en_fields, en_rows = run_import(tmp_path / "en", "en")
    fr_result, fr_log, fr_fields, fr_rows = run_import(tmp_path / "fr", "fr")

    # The public contract does not change with the language.
    assert fr_fields == en_fields
    assert fr_rows == en_rows and len(fr_rows) > 100
    keys = ["EVENTS_A", "EVENTS_B", "CLASHES", "JOINT", "AMBIGUOUS", "SKIPPED"]
    assert [fr_result[k] for k in keys] == [en_result[k] for k in keys]
    assert (tmp_path / "fr" / "review.csv").read_bytes() == (
        tmp_path / "en" / "review.csv"
    ).read_bytes()

    # English log as it was; the French one says the same numbers in French.
    rows, source, layout, events = READ_EN.search(en_log).groups()
    assert f"{rows} lignes lues comme {source} ({layout}) ; {events} événements conservés." in (
        fr_log
    )
    assert "rows as" not in fr_log and "kept " not in fr_log
    assert (
        f"JNIM : {en_result['EVENTS_A']}, ISGS : {en_result['EVENTS_B']}, affrontements entre "
        f"eux : {en_result['CLASHES']}, opérations conjointes : {en_result['JOINT']}, ambigus "
        f"(jamais comptés) : {en_result['AMBIGUOUS']}" in fr_log
    )
    # Reasons the import counts read in French too (the sample's rows are not checked
    # against a country: they say they are synthetic).
    kept = re.search(r"  kept (\d+): SYNTHETIC sample rows", en_log).group(1)
    assert (
        f"  {kept} lignes conservées : lignes de l'échantillon SYNTHÉTIQUE : coordonnées non "
        "vérifiées par rapport à un pays" in fr_log
    )
    covers = re.findall(r"  covers (.+) from (\S+) to (\S+)", en_log)
    assert covers
    for country, first, last in covers:
        assert f"  couvre {country} du {first} au {last}" in fr_log
    review = tmp_path / "fr" / "review.csv"
    assert f"Table de vérification : {review} (" in fr_log
    assert "remplissez sa colonne 'override'" in fr_log
    assert f"Review table: {tmp_path / 'en' / 'review.csv'} (" in en_log
    # Why same-side events stay ambiguous: in French in the log (they were English there),
    # English in the review table (compared above) and the metadata.
    presumed = re.search(r"    ambiguous (\d+): notes say 'presumed'", en_log).group(1)
    assert f"    {presumed} ambigus : les notes disent 'presumed'" in fr_log
    assert "notes say" not in fr_log


def test_why_texts_translated_with_their_words_kept(french):
    from sahel_overlap.plugin.core import joint

    t = i18n.tr
    assert joint.why_text(joint.WHY_PATTERN.format("{x} & %1"), t) == (
        "les notes disent '{x} & %1'"
    )
    assert joint.why_text(joint.WHY_AND_OR, t) == ("un nom d'acteur « A et/ou B » sur l'événement")
    both = (
        f"{joint.WHY_THIRD.format('JNIM', 'Military Forces of Mali (2021-)')}; "
        f"{joint.WHY_THIRD.format('ISGS', 'Civilians (Mali)')}"
    )
    assert joint.why_text(both, t) == (
        "JNIM nommé seulement comme associé de : Military Forces of Mali (2021-); "
        "ISGS nommé seulement comme associé de : Civilians (Mali)"
    )
    assert joint.why_text(joint.WHY_OVERRIDE.format("ambiguous"), t) == (
        "correction manuelle de l'analyste (ambiguous)"
    )
    assert joint.why_text("a reason from elsewhere", t) == "a reason from elsewhere"
    assert joint.why_text(both) == both  # English: as stored


def test_an_output_over_its_input_is_refused_in_french(plugin, tmp_path, french):
    import processing

    csv = tmp_path / "acled.csv"
    shutil.copy(d.SAMPLE_CSV, csv)
    before = csv.read_bytes()
    with pytest.raises(QgsProcessingException) as caught:
        processing.run("saheloverlap:importincidents", {"INPUT": str(csv), "OUTPUT": str(csv)})
    assert (
        "OUTPUT est le fichier que lit INPUT (acled.csv) : il serait écrasé. Choisissez un "
        "autre fichier de sortie." in str(caught.value)
    )
    assert csv.read_bytes() == before


def test_the_refusal_stays_english_without_the_translation(plugin, tmp_path):
    import processing

    assert i18n.language() == "en"
    csv = tmp_path / "acled.csv"
    shutil.copy(d.SAMPLE_CSV, csv)
    with pytest.raises(QgsProcessingException) as caught:
        processing.run("saheloverlap:importincidents", {"INPUT": str(csv), "OUTPUT": str(csv)})
    assert (
        "OUTPUT is the file INPUT reads (acled.csv): it would be overwritten. Choose another "
        "output file." in str(caught.value)
    )


def test_options_translated_in_place(plugin, french):
    """Enum options keep their order (a model's or script's index means the same choice)."""
    from qgis.core import QgsApplication

    registry = QgsApplication.processingRegistry()
    alg = registry.createAlgorithmById("saheloverlap:importincidents")
    assert alg.parameterDefinition("FORMAT").options() == [
        "Détection automatique d'après l'en-tête",
        "Export ACLED",
        "CSV UCDP GED",
        "Champs associés",
    ]
    heatmap = registry.createAlgorithmById("saheloverlap:overlapheatmap")
    assert heatmap.parameterDefinition("WEIGHT").options() == [
        "Événements (chacun compte 1)",
        "Morts",
    ]
    score = registry.createAlgorithmById("saheloverlap:scorezones")
    assert score.parameterDefinition("WINDOW").options() == [
        "Toute la période",
        "Année",
        "Trimestre",
        "Mois",
    ]


def test_heatmap_logs_and_refuses_in_french(plugin, tmp_path):
    """The heatmap's summary line and its 'no events' refusal read in French; its
    numbers are the English run's."""
    import processing

    incidents = str(tmp_path / "incidents.gpkg")
    processing.run(
        "saheloverlap:importincidents", {"INPUT": str(d.SAMPLE_CSV), "OUTPUT": incidents}
    )
    params = {
        "INCIDENTS": incidents,
        "CELL_SIZE_KM": 25.0,
        "START": "2019-01-01",
        "END": "2019-12-31",
    }
    english = processing.run(
        "saheloverlap:overlapheatmap", {**params, "OUTPUT": str(tmp_path / "en.tif")}
    )
    feedback = QgsProcessingFeedback()
    assert i18n.install("fr") == "fr"
    try:
        french = processing.run(
            "saheloverlap:overlapheatmap",
            {**params, "OUTPUT": str(tmp_path / "fr.tif")},
            feedback=feedback,
        )
        with pytest.raises(QgsProcessingException) as caught:
            processing.run(
                "saheloverlap:overlapheatmap",
                {
                    **params,
                    "START": "2030-01-01",
                    "END": "2030-12-31",
                    "OUTPUT": "TEMPORARY_OUTPUT",
                },
            )
    finally:
        i18n.uninstall()
    assert [french[k] for k in ("EVENTS_A", "EVENTS_B", "OVERLAP_INDEX")] == [
        english[k] for k in ("EVENTS_A", "EVENTS_B", "OVERLAP_INDEX")
    ]
    assert (
        f"JNIM : {english['EVENTS_A']} événements, ISGS : {english['EVENTS_B']} événements entre "
        f"2019-01-01 et 2019-12-31 ; indice de chevauchement (min) = "
        f"{english['OVERLAP_INDEX']:.3f} ; grille de " in feedback.textLog()
    )
    assert (
        "aucun événement des groupes JNIM ou ISGS entre 2030-01-01 et 2030-12-31 ; la couche a des "
        "événements du " in str(caught.value)
    )


def test_a_table_already_in_the_geopackage_is_refused_in_french(plugin, tmp_path, french):
    """The refusal names what the GeoPackage holds in French too (a layer, its type)."""
    import processing

    store = tmp_path / "store.gpkg"
    uri = f"ogr:dbname='{store}' table=\"incidents\" (geom)"
    processing.run("saheloverlap:importincidents", {"INPUT": str(d.SAMPLE_CSV), "OUTPUT": uri})
    before = store.read_bytes()
    with pytest.raises(QgsProcessingException) as caught:
        processing.run("saheloverlap:importincidents", {"INPUT": str(d.SAMPLE_CSV), "OUTPUT": uri})
    assert (
        "OUTPUT : store.gpkg contient déjà une couche 'incidents' (features) ; le fichier reste "
        "intact. Choisissez un autre nom de table, ou activez OVERWRITE_TABLE (paramètre "
        "avancé) pour la remplacer." in str(caught.value)
    )
    assert store.read_bytes() == before


def test_fetchacled_logs_and_refuses_in_french(plugin, tmp_path, acled_env, french):
    """A fetch from the stand-in ACLED API logs its pages, rows and sync in French, and an
    update for other countries is refused in French."""
    from .acled_server import AcledStandIn
    from .test_acled_fetch import Recorder, fetch, planted_rows

    store = tmp_path / "store.gpkg"
    feedback = Recorder()
    with AcledStandIn(planted_rows()) as server:
        result = fetch(server, store, feedback, PAGE_SIZE=5)
        with pytest.raises(QgsProcessingException) as caught:
            fetch(server, store, COUNTRIES="Niger")
    log = feedback.text()
    assert "Interrogation d'ACLED" in log
    assert "  page 1 : 5 lignes jusqu'ici" in log
    assert "ACLED a renvoyé 12 lignes" in log
    assert (
        f"Synchronisation ACLED à {result['SYNCED']} : ajoutés 12, mis à jour 0, supprimés 0, "
        "inchangés 0" in log
    )
    assert "la base a été récupérée pour Mali du 2017-01-01 au 2020-12-31 ;" in str(caught.value)


def test_mixed_sources_refused_in_french(french):
    """scorezones (file or PostGIS) refuses incidents mixing sources through pick_source."""
    from sahel_overlap.plugin.provider.pushdown import pick_source

    with pytest.raises(QgsProcessingException) as caught:
        pick_source(["UCDP GED", "ACLED", "ACLED"], None)
    assert str(caught.value).startswith(
        "les incidents mélangent des sources (ACLED, UCDP GED) : elles décrivent en grande "
        "partie les mêmes événements"
    )
    with pytest.raises(QgsProcessingException) as caught:
        pick_source(["ACLED"], "UCDP")
    assert str(caught.value) == (
        "SOURCE 'UCDP' n'est pas une source des incidents (entre START et END) ; leurs "
        "sources : ACLED"
    )
    assert pick_source(["ACLED", "UCDP GED"], "ACLED") == "ACLED"
