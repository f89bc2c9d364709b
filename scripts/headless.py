"""Run the checkout outside QGIS's desktop: import it as sahel_overlap, start QGIS headless.

The repository root is the plugin folder, whatever the clone is called, so tests,
the demo and the benchmarks import it through build/pkg/sahel_overlap, a link
inside the checkout itself: two clones on one machine never see each other's code.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PKG_DIR = ROOT / "build" / "pkg"
QGIS_PLUGINS = "/usr/share/qgis/python/plugins"  # Debian's Processing plugin


def ensure_importable() -> Path:
    PKG_DIR.mkdir(parents=True, exist_ok=True)
    link = PKG_DIR / "sahel_overlap"
    if not (link.is_symlink() and link.resolve() == ROOT):
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(ROOT, target_is_directory=True)
    if str(PKG_DIR) not in sys.path:
        sys.path.insert(0, str(PKG_DIR))
    if QGIS_PLUGINS not in sys.path:
        sys.path.append(QGIS_PLUGINS)
    return PKG_DIR


def start_qgis():
    """QGIS, Processing and the plugin, headless (as qgis_process loads it: no iface)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("PROJ_DATA", "/usr/share/proj")
    ensure_importable()
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    from processing.core.Processing import Processing

    Processing.initialize()
    import sahel_overlap

    plugin = sahel_overlap.classFactory(None)
    plugin.initProcessing()
    return app, plugin
