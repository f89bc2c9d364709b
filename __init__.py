"""Sahel Overlap: QGIS loads the plugin through classFactory()."""


def classFactory(iface):
    # Imported here so that importing the package needs neither QGIS nor iface.
    from .plugin.main import SahelOverlapPlugin

    return SahelOverlapPlugin(iface)
