"""The input errors a new user meets first, in French: an empty file, a header that is
neither ACLED nor UCDP GED, a missing file, a mistake in the alias table, no ACLED
credentials, through the algorithms and the desktop's "Load incidents"; English
unchanged. French is uninstalled after each test (the other tests read English).
"""

from __future__ import annotations

import csv
import time

import pytest
from qgis.core import QgsProcessingException, QgsProject
from qgis.gui import QgsMessageBar
from qgis.PyQt.QtCore import QCoreApplication

from sahel_overlap.plugin import definitions as d
from sahel_overlap.plugin import i18n

from .acled_server import USER, AcledStandIn
from .test_acled_fetch import Recorder, fetch, planted_rows
from .test_reliability_gui import IfaceWithBar, _bar_texts

IMPORT = "saheloverlap:importincidents"
NEITHER_EN = (
    "the header is neither ACLED (event_id_cnty, event_date, actor1, ...) nor UCDP GED "
    "(side_a, side_b, date_start, ...); choose the 'mapped' format and map the fields. "
    "Columns found: a, b"
)
NEITHER_FR = (
    "l'en-tête n'est ni celui d'ACLED (event_id_cnty, event_date, actor1, ...) ni celui "
    "d'UCDP GED (side_a, side_b, date_start, ...) ; choisissez le format « Champs "
    "associés » (mapped) et associez les champs. Colonnes trouvées : a, b"
)
NO_CREDENTIALS_EN = (
    "no ACLED credentials: choose an authentication configuration holding your ACLED "
    "e-mail and password, or set ACLED_USERNAME and ACLED_PASSWORD"
)
NO_CREDENTIALS_FR = (
    "aucun identifiant ACLED : choisissez une configuration d'authentification contenant "
    "l'adresse e-mail et le mot de passe de votre compte ACLED, ou définissez "
    "ACLED_USERNAME et ACLED_PASSWORD"
)


@pytest.fixture(params=["en", "fr"])
def language(request):
    if request.param == "fr":
        assert i18n.install("fr") == "fr"
    try:
        yield request.param
    finally:
        i18n.uninstall()


def import_error(params) -> str:
    import processing

    feedback = Recorder()
    with pytest.raises(QgsProcessingException) as err:
        processing.run(IMPORT, params, feedback=feedback)
    return str(err.value) + "\n" + feedback.text()


def test_an_empty_csv(plugin, tmp_path, language):
    path = tmp_path / "vide.csv"
    path.write_bytes(b"")
    said = import_error({"INPUT": str(path), "OUTPUT": str(tmp_path / "o.gpkg")})
    expected = {"en": "vide.csv is empty (0 bytes)", "fr": "vide.csv est vide (0 octet)"}
    assert f"INPUT: {expected[language]}" in said, said


def test_a_header_neither_acled_nor_ucdp(plugin, tmp_path, language):
    path = tmp_path / "table.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    said = import_error({"INPUT": str(path), "OUTPUT": str(tmp_path / "o.gpkg")})
    assert {"en": NEITHER_EN, "fr": NEITHER_FR}[language] in said, said


def test_a_missing_file(plugin, tmp_path, language):
    # Said by base.py's check of file parameters before the reader's own check runs.
    path = tmp_path / "absent.csv"
    said = import_error({"INPUT": str(path), "OUTPUT": str(tmp_path / "o.gpkg")})
    expected = {"en": "file not found: ", "fr": "fichier introuvable : "}[language]
    assert f"INPUT: {expected}{path}" in said, said


def test_an_alias_table_with_a_group_key_typo(plugin, tmp_path, language):
    """The analyst's own alias table, one row's group_key written 'c' (a third group)."""
    with open(d.PRESETS_FILE, newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    rows[1]["group_key"] = "c"
    table = tmp_path / "mes_alias.csv"
    with open(table, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    said = import_error(
        {
            "INPUT": str(d.SAMPLE_CSV),
            "PRESET_TABLE": str(table),
            "OUTPUT": str(tmp_path / "o.gpkg"),
        }
    )
    expected = {
        "en": f"{table}:3: group_key must be 'a' or 'b', not 'c'",
        "fr": f"{table}:3 : group_key doit valoir 'a' ou 'b', pas 'c'",
    }
    assert expected[language] in said, said


def test_fetch_without_acled_credentials(plugin, tmp_path, monkeypatch, language):
    monkeypatch.setenv("ACLED_USERNAME", USER)
    monkeypatch.delenv("ACLED_PASSWORD", raising=False)
    with AcledStandIn(planted_rows()) as server, pytest.raises(QgsProcessingException) as err:
        fetch(server, tmp_path / "store.gpkg")
    expected = {"en": NO_CREDENTIALS_EN, "fr": NO_CREDENTIALS_FR}[language]
    assert str(err.value) == expected
    assert not (tmp_path / "store.gpkg").exists()


def test_load_incidents_on_an_empty_csv_says_why_in_the_message_bar(
    qgis_iface, qgis_new_project, tmp_path, language
):
    from sahel_overlap.plugin.core.presets import load_presets
    from sahel_overlap.plugin.gui.load_incidents import LoadIncidentsController

    path = tmp_path / "vide.csv"
    path.write_bytes(b"")
    bar = QgsMessageBar()  # pytest-qgis's iface has a stand-in bar that renders nothing
    try:
        ctrl = LoadIncidentsController(IfaceWithBar(qgis_iface, bar), QgsProject.instance())
        task = ctrl.start(str(path), load_presets()[d.DEFAULT_PRESET], folder=tmp_path / "out")
        expected = {
            "en": "Could not load incidents: vide.csv is empty (0 bytes)",
            "fr": "Impossible de charger les incidents : vide.csv est vide (0 octet)",
        }[language]
        deadline = time.monotonic() + 60
        while not any(expected in t for t in _bar_texts(bar)) and time.monotonic() < deadline:
            QCoreApplication.processEvents()
            time.sleep(0.01)
        assert any(expected in t for t in _bar_texts(bar)), (_bar_texts(bar), task.error)
        assert not ctrl.layers
    finally:
        bar.clearWidgets()


def test_no_usable_event_names_the_skip_reasons(tmp_path, language):
    """The skip reasons quoted in the error are the log's (N_ phrases): French too."""
    from sahel_overlap.plugin.core import incidents as inc
    from sahel_overlap.plugin.core.presets import load_presets

    from .test_incidents import ACLED_HEADER, JNIM, acled_row, write

    path = write(tmp_path, "x.csv", [ACLED_HEADER, acled_row("MLI1", "bad date", JNIM)])
    with pytest.raises(inc.IncidentFormatError) as err:
        inc.load_file(path, load_presets()[d.DEFAULT_PRESET])
    english = (
        "no usable event: 0 rows name no actor of the preset; "
        "skipped: 1 date missing or not understood"
    )
    assert str(err.value) == english  # whatever the language: logs and scripts read it
    expected = {
        "en": english,
        "fr": "aucun événement utilisable : 0 lignes ne nomment aucun acteur du préréglage ; "
        "lignes ignorées : 1 date manquante ou non comprise",
    }
    assert i18n.error_text(err.value) == expected[language]


def test_translated_errors_keep_english_in_str():
    """The core's errors: English in str() (logs, scripts), the values filled in both
    languages, and a fixed English phrase among the values (RESAVE) translated too."""
    from sahel_overlap.plugin.core.csvfile import RESAVE, IncidentFormatError
    from sahel_overlap.plugin.core.errors import Message

    err = IncidentFormatError(
        d.N_("{name} is not valid UTF-8; {resave}"), name="x.csv", resave=Message(RESAVE)
    )
    assert str(err) == f"x.csv is not valid UTF-8; {RESAVE}"
    assert isinstance(err, ValueError)
    assert i18n.error_text(err) == str(err)  # English installed
    assert i18n.install("fr") == "fr"
    try:
        assert str(err) == f"x.csv is not valid UTF-8; {RESAVE}"
        assert i18n.error_text(err) == (
            "x.csv n'est pas de l'UTF-8 valide ; réenregistrez-le en « CSV UTF-8 » (Excel : "
            "Enregistrer sous > CSV UTF-8 ; LibreOffice : Jeu de caractères Unicode (UTF-8))"
        )
        assert i18n.error_text(OSError("disk full")) == "disk full"
    finally:
        i18n.uninstall()
