"""The plugin's icon and its shipped documentation, for the provider and its algorithms."""

from qgis.PyQt.QtCore import QUrl
from qgis.PyQt.QtGui import QIcon

from .. import definitions as d


def plugin_icon() -> QIcon:
    return QIcon(str(d.RESOURCES_DIR / "icons" / "icon.svg"))


def docs_url(name: str = "README.md") -> str:
    """A file:// link to documentation shipped in the plugin folder (works offline)."""
    path = d.ROOT / name
    if not path.is_file():
        path = d.ROOT / "docs" / name
    return QUrl.fromLocalFile(str(path)).toString()
