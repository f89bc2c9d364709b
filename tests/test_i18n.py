"""French: the Qt Linguist file is complete and current, QGIS's language setting picks it,
and what the analyst reads (algorithms, parameters, help, class names) is in French, in
the desktop and in qgis_process, with the issue's glossary."""

from __future__ import annotations

import configparser
import subprocess
import sys
from pathlib import Path

import pytest
from qgis.core import QgsApplication, QgsSettings

from sahel_overlap.plugin import definitions as d
from sahel_overlap.plugin import i18n

from .conftest import QGIS_PROCESS

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import i18n as i18n_script  # noqa: E402

# The glossary: one vocabulary for analysts.
ALGORITHMS_FR = {
    "scorezones": "Évaluer les zones : opérations parallèles ou disputées",
    "importincidents": "Importer des incidents (ACLED, UCDP GED ou autre)",
    "interaction": "Interaction spatio-temporelle entre les deux groupes",
    "exportmap": "Exporter la carte des chevauchements",
    "overlapheatmap": "Carte de chaleur des chevauchements",
}
CLASSES_FR = {
    d.Z_NO_DATA: "Pas de données",
    d.Z_INACTIVE: "Aucune activité attribuée",
    d.Z_UNATTRIBUTED: "Attributions incertaines seulement",
    d.Z_CONTESTED: "Zone disputée (affrontements)",
    d.Z_SKIRMISH: "Affrontements occasionnels",
    d.Z_COOPERATIVE: "Coopération (opérations conjointes)",
    d.Z_LOW_DATA: "Trop peu d'événements",
    d.Z_A_ONLY: "JNIM seul",
    d.Z_B_ONLY: "ISGS seul",
    d.Z_UNDETERMINED: "Indéterminé",
    d.Z_PARTITIONED: "Territoires séparés",
    d.Z_PARALLEL: "Opérations parallèles",
}


def same_in_french() -> set[str]:
    """Sources whose French is the same word (e.g. "Incidents"), as the .ts says."""
    return {
        key[1]
        for key, (text, finished) in i18n_script.read_ts(
            Path(str(i18n_script.TS).format("fr"))
        ).items()
        if finished and text == key[1]
    }


def test_translation_file_complete_and_current():
    """Every string the code marks is in the .ts, translated, with its placeholders; the
    .qm committed is lrelease's output of the .ts; no call that cannot be translated."""
    _, errors = i18n_script.extract()
    assert errors == []
    assert i18n_script.problems("fr") == []


def test_extractor_finds_what_the_code_marks():
    """The extractor reads tr(), self.tr(), N_() and the .ui forms, so the completeness
    check above covers them."""
    found, _ = i18n_script.extract()
    sources = {key[1] for key in found}
    assert "{a} only" in sources  # N_ in definitions.py
    assert "Score zones: parallel vs contested operation" in sources  # self.tr
    assert any(key[0] != i18n.CONTEXT for key in found)  # the .ui forms' contexts


def test_no_elision_needed_before_a_group_name():
    """French elides "de"/"que" before a vowel: "de ISGS" must be "d'ISGS", which a
    translation cannot know for a name from the data (ISGS, ISWAP, AQIM...). So no
    translation puts "de"/"que"/"le"/"la" right before a group's name: "du groupe {name}",
    "des groupes {a} et {b}" read right for every name."""
    import re

    before_name = re.compile(r"\b(de|que|le|la)\s+\{(a|b|name|group)\}", re.IGNORECASE)
    ts = i18n_script.read_ts(Path(str(i18n_script.TS).format("fr")))
    wrong = [text for text, _ in ts.values() if before_name.search(text)]
    assert wrong == []


def test_thousands_grouped_as_the_language_groups_them(french):
    """ "{n:,}" writes 25,599, which French reads as 25.6: a number in a French sentence is
    grouped by i18n.integer (25 599), so no translated template groups with ","."""
    assert i18n.integer(25599) == "25\u00a0599"
    assert i18n.integer(2_000_000) == "2\u00a0000\u00a0000"
    ts = i18n_script.read_ts(Path(str(i18n_script.TS).format("fr")))
    assert [text for text, _ in ts.values() if ":," in text] == []
    i18n.uninstall()
    assert i18n.integer(25599) == "25,599"  # English as before


def test_placeholders_compared():
    assert i18n_script.placeholders("{a} seul, %1") == i18n_script.placeholders("%1: {a} only")
    assert i18n_script.placeholders("{a} seul") != i18n_script.placeholders("{b} only")


def test_language_comes_from_qgis_setting(qgis_app):
    settings = QgsSettings()
    before = settings.value("locale/userLocale", None)
    try:
        settings.setValue("locale/userLocale", "fr_FR")
        assert i18n.settings_language() == "fr"
        assert i18n.install() == "fr"
        assert i18n.tr("Parallel operation") == "Opérations parallèles"
        settings.setValue("locale/userLocale", "de_DE")  # no German: English
        assert i18n.install() == "en"
        assert i18n.tr("Parallel operation") == "Parallel operation"
    finally:
        i18n.uninstall()
        if before is None:
            settings.remove("locale/userLocale")
        else:
            settings.setValue("locale/userLocale", before)


@pytest.mark.parametrize(
    "value, language",
    [
        ("fr_FR", "fr"),
        ("fr_CA", "fr"),
        ("fr", "fr"),
        ("FR", "fr"),
        ("fr_FR.UTF-8", "fr"),
        ("fr_BE@euro", "fr"),
        ("frr_DE", "frr"),  # North Frisian is not French
        ("frp", "frp"),  # nor is Arpitan
        ("pt_BR", "pt"),
        ("C", "c"),
        ("", ""),
    ],
)
def test_language_part_of_the_setting(qgis_app, value, language):
    settings = QgsSettings()
    before = settings.value("locale/userLocale", None)
    try:
        settings.setValue("locale/userLocale", value)
        assert i18n.settings_language() == language
        assert i18n.install() == ("fr" if language == "fr" else "en")
    finally:
        i18n.uninstall()
        if before is None:
            settings.remove("locale/userLocale")
        else:
            settings.setValue("locale/userLocale", before)


def test_class_labels_follow_glossary(french):
    for cls, label in CLASSES_FR.items():
        assert d.zone_label(cls, "JNIM", "ISGS", i18n.tr) == label
    # Values stay English: only labels change.
    assert d.zone_label(d.Z_A_ONLY, "JNIM", "ISGS") == "JNIM only"


def test_algorithms_in_french(plugin, french):
    """Names follow the glossary; name, group, help and every parameter and output
    description of every algorithm is translated; ids and parameter names stay English."""
    same = same_in_french()
    english = {}
    i18n.uninstall()
    provider = plugin.provider
    for alg in provider.algorithms():
        english[alg.name()] = texts(alg)
    i18n.install("fr")
    for alg in provider.algorithms():
        if alg.name() in ALGORITHMS_FR:
            assert alg.displayName() == ALGORITHMS_FR[alg.name()]
        french_texts = texts(alg)
        assert french_texts.keys() == english[alg.name()].keys()  # names unchanged
        untranslated = [
            (where, text)
            for where, text in french_texts.items()
            if text and text == english[alg.name()][where] and text not in same
        ]
        assert untranslated == [], alg.name()


def texts(alg) -> dict:
    fresh = alg.createInstance()
    fresh.initAlgorithm({})
    out = {
        "displayName": fresh.displayName(),
        "group": fresh.group(),
        "shortHelpString": fresh.shortHelpString(),
    }
    for parameter in fresh.parameterDefinitions():
        out["parameter " + parameter.name()] = parameter.description()
    for output in fresh.outputDefinitions():
        out["output " + output.name()] = output.description()
    return out


def test_registered_model_in_french(plugin, french):
    """The registered model is what ``qgis_process help`` and ``processing.algorithmHelp``
    show: its inputs, options and outputs read in French like its name (they read in
    English while the name and help were French). Names and option order stay."""
    from sahel_overlap.plugin.provider import provider as provider_module

    (model,) = provider_module.models()
    params = {p.name(): p for p in model.parameterDefinitions()}
    assert params["window"].description() == "Découpage temporel"
    assert params["window"].options()[:2] == ["Toute la période", "Année"]
    assert params["incidents_file"].description() == "Export d'incidents (CSV ACLED / UCDP GED)"
    assert params["export_map:map"].description().startswith("Carte des chevauchements")
    copy = model.create()  # what a run and the dialog use: the same French, once
    assert {p.name(): p.description() for p in copy.parameterDefinitions()} == {
        name: p.description() for name, p in params.items()
    }
    assert copy.parameterDefinition("window").options() == params["window"].options()


def test_qgis_process_follows_qgis_language(qgis_process_env):
    """qgis_process reads the same setting: its help and its list are in French."""
    profile = Path(qgis_process_env["QGIS_CUSTOM_CONFIG_PATH"])
    ini = next(profile.rglob("QGIS3.ini"))
    config = configparser.RawConfigParser()
    config.optionxform = str
    config.read(ini, encoding="utf-8")
    if not config.has_section("locale"):
        config.add_section("locale")
    config.set("locale", "userLocale", "fr_FR")
    config.set("locale", "overrideFlag", "true")
    with ini.open("w", encoding="utf-8") as handle:
        config.write(handle, space_around_delimiters=False)
    run = subprocess.run(
        [QGIS_PROCESS, "help", "saheloverlap:scorezones"],
        env=qgis_process_env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert ALGORITHMS_FR["scorezones"] in run.stdout
    listing = subprocess.run(
        [QGIS_PROCESS, "list"], env=qgis_process_env, capture_output=True, text=True, timeout=300
    )
    assert ALGORITHMS_FR["importincidents"] in listing.stdout
    assert "saheloverlap:importincidents" in listing.stdout  # ids stay English


def test_english_unchanged_without_setting(plugin):
    assert i18n.language() == "en"
    alg = QgsApplication.processingRegistry().algorithmById("saheloverlap:scorezones")
    assert alg.displayName() == "Score zones: parallel vs contested operation"


def test_map_provenance_line_in_french(french):
    """The map footer's scoring line: words in French, values (names, hashes, dates) as
    recorded; the English line unchanged."""
    from sahel_overlap.plugin.core.provenance import footer_line

    prov = {
        "version": "0.2.0",
        "input": {"name": "acled.gpkg", "sha256": "0123456789abcdef"},
        "preset_table": {"sha256": "fedcba9876543210"},
        "parameters": {"SEED": 1, "PERMUTATIONS": 99, "MIN_EVENTS": 5, "CLASH_SHARE": 0.1},
        "coverage": {
            "countries": {
                "Mali": ["2017-01-01", "2022-12-31"],
                "Burkina Faso": ["2017-01-01", "2022-12-31"],
                "Niger": ["2017-01-01", "2022-06-30"],
            }
        },
    }
    assert footer_line(prov, i18n.tr) == (
        "v0.2.0 · acled.gpkg (sha256 01234567) · préréglages fedcba98 · graine 1, "
        "99 permutations · min. événements 5, part des affrontements 0.1 · couvert du "
        "2017-01-01 au 2022-12-31, Niger jusqu'au 2022-06-30"
    )
    assert footer_line(prov) == (
        "v0.2.0 · acled.gpkg (sha256 01234567) · presets fedcba98 · seed 1, 99 permutations"
        " · min. events 5, clash share 0.1 · covered 2017-01-01..2022-12-31, Niger to "
        "2022-06-30"
    )
