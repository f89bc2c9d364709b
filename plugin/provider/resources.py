"""The plugin's icon and its shipped documentation, for the provider and its algorithms."""

from qgis.PyQt.QtCore import QUrl
from qgis.PyQt.QtGui import QIcon

from .. import definitions as d
from .. import i18n

#: The guide's French section (the README's « En français »), as scripts/make_help.py
#: renders its id.
FRENCH_SECTION = "en-francais"
#: Each English help section (base.HELP_DOCS, the provider's and the model's) and the
#: subsection of the French section that says the same in French.
FRENCH_HELP = {
    ("methodology.html", "1-inputs"): "importer-des-incidents-acled-ucdp-ged-ou-autre",
    (
        "methodology.html",
        "methodology-scoring-zones-of-parallel-against-contested-operation",
    ): "evaluer-les-zones-operations-paralleles-ou-disputees",
    (
        "methodology.html",
        "8-space-time-interaction-saheloverlapinteraction",
    ): "interaction-spatio-temporelle-entre-les-deux-groupes",
    ("guide.html", "time-slider-and-overlap-heatmap-docks"): "carte-de-chaleur-des-chevauchements",
    ("guide.html", "the-overlap-map"): "exporter-la-carte-des-chevauchements",
    (
        "guide.html",
        "live-acled-data-fetch-and-refresh",
    ): "recuperer-les-incidents-dacled-api-mise-a-jour-incrementale",
    ("guide.html", "command-line-the-whole-pipeline"): "ligne-de-commande-et-modele",
}


def plugin_icon() -> QIcon:
    return QIcon(str(d.RESOURCES_DIR / "icons" / "icon.svg"))


def docs_url(page: str = "guide.html", section: str = "") -> str:
    """A file:// link to a help page shipped in the plugin folder (works offline), at one
    of its sections (an id of the page: scripts/make_help.py renders them). With French
    installed, the same subject in the guide's French section (the section itself for a
    subject it has no subsection for): the Help buttons then open help in French."""
    if i18n.language() == "fr":
        page, section = "guide.html", FRENCH_HELP.get((page, section), FRENCH_SECTION)
    url = QUrl.fromLocalFile(str(d.ROOT / "docs" / "help" / page))
    if section:
        url.setFragment(section)
    return url.toString()
