"""Translations: Qt Linguist files (i18n/*.qm) loaded from QGIS's own language setting.

Every string the user reads goes through ``tr()`` here (one translation context for all
Python code, so one English sentence has one French one everywhere). Strings defined
where Qt may not be imported (the core, definitions.py) are marked with
``definitions.N_`` and translated where they are shown, with ``tr(variable)``.
``scripts/i18n.py`` extracts both kinds, and the ``.ui`` files' strings, into
``i18n/sahel_overlap_fr.ts``.

Ids, parameter names, field names and class values stay English: they are the public
contract of scripts, models and files.
"""

from __future__ import annotations

import re

from qgis.core import QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QLocale, QTranslator

from .core.errors import TranslatableError
from .definitions import ROOT

CONTEXT = "SahelOverlap"
I18N_DIR = ROOT / "i18n"
QM_NAME = "sahel_overlap_{}.qm"

_translator: QTranslator | None = None
_language = "en"


def tr(text: str, disambiguation: str | None = None) -> str:
    """``text`` in the user's language (itself when there is no translation)."""
    return QCoreApplication.translate(CONTEXT, text, disambiguation)


def error_text(err: BaseException) -> str:
    """What an error says, in the user's language when it was raised translatable (the
    input errors of the core: file, header, preset table, ACLED credentials)."""
    if isinstance(err, TranslatableError):
        return err.translated(tr)
    return str(err)


def settings_language() -> str:
    """The two-letter language QGIS is set to (``locale/userLocale``, as QGIS's own
    translation reads it; ``QLocale()`` would give the system's, not the user's choice)."""
    value = QgsSettings().value("locale/userLocale", "", type=str) or ""
    return language_of(value)


def language_of(locale_name: str) -> str:
    """The language part of a locale name: "fr" for fr_CA, fr, FR, fr_FR.UTF-8 or
    fr_BE@euro; "frr" for North Frisian (its first two letters are not French)."""
    return re.split(r"[_.@-]", locale_name.strip(), maxsplit=1)[0].lower()


def qm_path(language: str):
    return I18N_DIR / QM_NAME.format(language)


def install(language: str | None = None) -> str:
    """Install the translation for ``language`` (default: QGIS's setting) in place of any
    installed before; return the language now in use ("en" when there is none for it)."""
    global _translator, _language
    uninstall()
    language = settings_language() if language is None else language_of(language)
    path = qm_path(language)
    if not language or language == "en" or not path.is_file():
        return _language
    translator = QTranslator()
    if not translator.load(str(path)):
        return _language
    QCoreApplication.installTranslator(translator)
    _translator, _language = translator, language
    return _language


def uninstall() -> None:
    """Back to English."""
    global _translator, _language
    if _translator is not None:
        QCoreApplication.removeTranslator(_translator)
    _translator, _language = None, "en"


def language() -> str:
    """The language of the installed translation ("en" without one)."""
    return _language


def locale() -> QLocale:
    """The QLocale for dates and month names in the installed language."""
    return QLocale(QLocale.English) if _language == "en" else QLocale(_language)


def integer(value: int) -> str:
    """A whole number for a sentence, grouped as the installed language groups thousands
    ("25,599" in English; "25 599" in French, where "25,599" reads as a decimal). The
    group separator is a no-break space, which every font has (not Qt's narrow one)."""
    return locale().toString(int(value)).replace("\u202f", "\u00a0")
