"""Help in French: the README's « En français » section (install, first analysis, what
each class means, with the glossary's labels) ships in the user guide and its rendered
help page, and with QGIS in French the algorithms' Help buttons open it, each at its own
subsection; in English they open the English sections as before."""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path

from qgis.core import QgsApplication
from qgis.PyQt.QtCore import QUrl

from sahel_overlap.plugin import definitions as d
from sahel_overlap.plugin import i18n
from sahel_overlap.plugin.provider import base, resources
from sahel_overlap.plugin.provider import provider as provider_module

from .test_i18n import ALGORITHMS_FR, CLASSES_FR

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import package  # noqa: E402

GUIDE = ROOT / "docs" / "help" / "guide.html"
FRENCH_HEADING = "## En français"
# The README writes the labels that name a group with these placeholders (the legend
# shows the preset's names); the glossary's examples use JNIM and ISGS.
NAME_A, NAME_B = "{A}", "{B}"


def french_section() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split(f"\n{FRENCH_HEADING}\n", 1)[1].split("\n## ", 1)[0]


def class_table(section: str) -> dict[str, tuple[str, str]]:
    """The section's class table: value -> (French label, meaning)."""
    rows = {}
    for line in section.splitlines():
        m = re.fullmatch(r"\| `(\w+)` \| ([^|]+) \| ([^|]+) \|", line)
        if m:
            rows[m.group(1)] = (m.group(2).strip(), m.group(3).strip())
    return rows


class Headings(HTMLParser):
    """The page's headings in order: (level, id, text)."""

    def __init__(self, html: str):
        super().__init__()
        self.headings: list[list] = []
        self._open = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if re.fullmatch(r"h[1-6]", tag):
            self._open = [int(tag[1]), dict(attrs).get("id"), ""]
            self.headings.append(self._open)

    def handle_endtag(self, tag):
        if re.fullmatch(r"h[1-6]", tag):
            self._open = None

    def handle_data(self, data):
        if self._open is not None:
            self._open[2] += data


def french_headings() -> dict[str, str]:
    """id -> text of the rendered guide's French section and its subsections."""
    headings = Headings(GUIDE.read_text(encoding="utf-8")).headings
    start = next(i for i, h in enumerate(headings) if h[1] == resources.FRENCH_SECTION)
    assert headings[start][:1] == [2] and headings[start][2] == FRENCH_HEADING[3:]
    section = [headings[start]]
    for heading in headings[start + 1 :]:
        if heading[0] <= 2:
            break
        section.append(heading)
    return {h[1]: h[2] for h in section}


def test_french_section_explains_every_class_with_the_glossary_label(french):
    rows = class_table(french_section())
    assert list(rows) == d.ZONE_CLASSES  # every class, in the order the rules apply
    for cls, label in CLASSES_FR.items():
        expected = label.replace("JNIM", NAME_A).replace("ISGS", NAME_B)
        assert rows[cls][0] == expected, cls
        # ...which is what the legends show in French
        assert d.zone_label(cls, NAME_A, NAME_B, i18n.tr) == expected, cls
    meanings = [meaning for _, meaning in rows.values()]
    assert len(set(meanings)) == len(meanings) and all(len(m) > 40 for m in meanings)


def test_french_section_ships_in_the_user_guide_without_developer_files():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = french_section()
    assert f"\n{FRENCH_HEADING}\n" in package.user_guide(readme)  # before ## Development
    assert package.DEV_ONLY.search(section) is None
    # install, language setting, first analysis with the glossary's names, what stays English
    for words in ("sudo apt install python3-pandas python3-scipy", "Installer depuis un ZIP",
                  "Remplacer les paramètres régionaux du système", "redémarrez QGIS",
                  "`class_reason`", *ALGORITHMS_FR.values()):  # fmt: skip
        assert words in " ".join(section.split()), words  # lines rewrapped


def test_rendered_guide_has_the_french_section_and_a_subsection_per_help_subject():
    ids = french_headings()
    assert set(resources.FRENCH_HELP.values()) <= set(ids)
    assert len(set(resources.FRENCH_HELP.values())) == len(resources.FRENCH_HELP)
    # every English help subject has its French counterpart
    assert set(base.HELP_DOCS.values()) <= set(resources.FRENCH_HELP)
    # and the homepage leads francophone readers to it
    home = (ROOT / "docs" / "index.html").read_text(encoding="utf-8")
    assert f'href="help/guide.html#{resources.FRENCH_SECTION}"' in home


def test_help_buttons_open_the_french_section_in_french(plugin, french):
    ids = french_headings()
    registry = QgsApplication.processingRegistry()
    algorithms = [a for a in registry.providerById("saheloverlap").algorithms()
                  if a.name() in base.HELP_DOCS]  # fmt: skip
    assert {a.name() for a in algorithms} == set(base.HELP_DOCS)
    for alg in algorithms:
        url = QUrl(alg.helpUrl())
        assert url.isLocalFile() and Path(url.toLocalFile()) == GUIDE, alg.id()
        # the subsection is titled with the algorithm's French name
        assert ids.get(url.fragment()) == alg.displayName(), (alg.id(), url.fragment())
    score = registry.algorithmById("saheloverlap:scorezones")
    fragment = QUrl(score.helpUrl()).fragment()
    assert ids[fragment] == ALGORITHMS_FR["scorezones"]
    # the shipped model (its Help button, and the help it carries into the modeler)
    (model,) = provider_module.models()
    for url in (model.helpUrl(), model.helpContent()["HELP_URL"]):
        assert Path(QUrl(url).toLocalFile()) == GUIDE
        assert ids.get(QUrl(url).fragment()) == "Ligne de commande et modèle"


def test_help_buttons_unchanged_in_english(plugin):
    assert i18n.language() == "en"
    score = QgsApplication.processingRegistry().algorithmById("saheloverlap:scorezones")
    url = QUrl(score.helpUrl())
    assert Path(url.toLocalFile()) == ROOT / "docs" / "help" / "methodology.html"
    assert url.fragment() == "methodology-scoring-zones-of-parallel-against-contested-operation"
