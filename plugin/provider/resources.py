"""The plugin's icon and its shipped documentation, for the provider and its algorithms."""

from qgis.PyQt.QtCore import QUrl
from qgis.PyQt.QtGui import QIcon

from .. import definitions as d


def plugin_icon() -> QIcon:
    return QIcon(str(d.RESOURCES_DIR / "icons" / "icon.svg"))


def docs_url(page: str = "guide.html", section: str = "") -> str:
    """A file:// link to a help page shipped in the plugin folder (works offline), at one
    of its sections (an id of the page: scripts/make_help.py renders them)."""
    url = QUrl.fromLocalFile(str(d.ROOT / "docs" / "help" / page))
    if section:
        url.setFragment(section)
    return url.toString()
