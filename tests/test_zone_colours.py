"""Zone classes that separate: on screen, for colour-blind readers and on a greyscale print.

Every pair of classes is compared as it is drawn: the screen style (zones.qml, from
render.zone_style.screen_symbol) and the print style (render.print_style.zone_symbol)
are painted on white and averaged, which is what a zone looks like at an overview
scale where a 1.1 mm hatch blurs into its fill. Differences are CIEDE2000 (ΔE00).

Thresholds. ΔE00 ≈ 2.3 is a just-noticeable difference between large patches side by
side (Sharma et al. 2005; Mahy et al. 1994); telling a zone's class at a glance means
matching it to a legend swatch elsewhere on the page, which needs several times that
(Stone, Szafir & Setlur 2014, "An engineering model for color difference as a function
of size"; Szafir 2018: small marks need ΔE ≥ 5–10 to be told apart reliably):
- classes with the same fill pattern (or none) must differ by ΔE00 ≥ 12 in normal
  vision and ≥ 8 for deuteranopes, protanopes (Machado et al. 2009, full severity) and
  on a greyscale print (where ΔE00 is a lightness difference);
- classes with different patterns are told apart by the pattern at reading scale; their
  averages must still differ by ΔE00 ≥ 3 (above the just-noticeable 2.3), so that they
  do not merge where the hatches blur.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from sahel_overlap.plugin import definitions as d

from .colour_vision import MACHADO, VISIONS, ciede2000, hex_rgb, lab, simulate

SAME_PATTERN = {"normal vision": 12.0, "deuteranopia": 8.0, "protanopia": 8.0,
                "greyscale print": 8.0}  # fmt: skip
OTHER_PATTERN = 3.0
# The two classes the scoring adds (issue 25 names them): part of the palette already.
NEW_CLASSES = ("skirmish", "unattributed")


def classes() -> list[str]:
    return list(dict.fromkeys([*d.ZONE_CLASSES, *NEW_CLASSES]))


def painted(symbol, dpi: float) -> np.ndarray:
    """The symbol filling a 20 × 14 mm patch on white, averaged, as sRGB in 0..1."""
    from qgis.core import QgsRenderContext
    from qgis.PyQt.QtCore import QRectF
    from qgis.PyQt.QtGui import QColor, QImage, QPainter, QPolygonF

    w, h = (round(v / 25.4 * dpi) for v in (20, 14))
    image = QImage(w, h, QImage.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.Antialiasing)
    context = QgsRenderContext.fromQPainter(painter)
    context.setScaleFactor(dpi / 25.4)
    symbol.startRender(context)
    symbol.renderPolygon(QPolygonF(QRectF(-5, -5, w + 10, h + 10)), [], None, context)
    symbol.stopRender(context)
    painter.end()
    ptr = image.constBits()
    ptr.setsize(image.sizeInBytes())
    bgra = np.frombuffer(ptr, np.uint8).reshape(h, image.bytesPerLine() // 4, 4)[:, :w]
    return bgra[..., [2, 1, 0]].reshape(-1, 3).mean(axis=0) / 255.0


def pattern_of(symbol) -> tuple:
    """The symbol's hatch directions: what a reader sees besides the colour."""
    return tuple(
        sorted(
            round(layer.lineAngle()) % 180
            for layer in symbol.symbolLayers()
            if layer.layerType() == "LinePatternFill"
        )
    )


def too_close(colours: dict, patterns: dict, visions) -> list:
    names = list(colours)
    failures = []
    for vision in visions:
        seen = lab(VISIONS[vision](np.array([colours[n] for n in names])))
        for i, j in itertools.combinations(range(len(names)), 2):
            same = patterns[names[i]] == patterns[names[j]]
            limit = SAME_PATTERN[vision] if same else OTHER_PATTERN
            delta = float(ciede2000(seen[i], seen[j]))
            if delta < limit:
                failures.append((vision, names[i], names[j], round(delta, 1), limit))
    return failures


def test_colour_science_matches_its_references():
    """CIEDE2000 on Sharma, Wu & Dalal's (2005) published pairs; Machado's matrices keep
    greys grey and fold red onto green as dichromats do."""
    pairs = [((50, 2.6772, -79.7751), (50, 0, -82.7485), 2.0425),
             ((50, 0, 0), (50, -1, 2), 2.3669),
             ((50, 2.5, 0), (73, 25, -18), 27.1492),
             ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
             ((22.7233, 20.0904, -46.694), (23.0331, 14.973, -42.5619), 2.0373),
             ((2.0776, 0.0795, -1.135), (0.9033, -0.0636, -0.5514), 0.9082)]  # fmt: skip
    for a, b, expected in pairs:
        assert float(ciede2000(np.array(a), np.array(b))) == pytest.approx(expected, abs=1e-4)
        assert float(ciede2000(np.array(b), np.array(a))) == pytest.approx(expected, abs=1e-4)
    assert lab(np.ones(3)) == pytest.approx([100, 0, 0], abs=1e-3)
    red, green = hex_rgb("#d7191c"), hex_rgb("#1a9641")
    for deficiency in MACHADO:
        assert simulate(np.full(3, 0.5), deficiency) == pytest.approx(np.full(3, 0.5), abs=2e-3)
        normal = float(ciede2000(lab(red), lab(green)))
        seen = float(ciede2000(lab(simulate(red, deficiency)), lab(simulate(green, deficiency))))
        assert seen < normal / 2, (deficiency, normal, seen)


def test_screen_style_separates_every_class_also_for_colour_blind_readers(plugin):
    from sahel_overlap.plugin.render.zone_style import screen_symbol

    symbols = {cls: screen_symbol(cls) for cls in classes()}
    colours = {cls: painted(s, 96) for cls, s in symbols.items()}
    patterns = {cls: pattern_of(s) for cls, s in symbols.items()}
    assert too_close(colours, patterns, ["normal vision", "deuteranopia", "protanopia"]) == []


def test_print_style_separates_every_class_in_greyscale_and_colour(plugin):
    from sahel_overlap.plugin.render import print_style as ps

    symbols = {cls: ps.zone_symbol(cls) for cls in classes()}
    colours = {cls: painted(s, 300) for cls, s in symbols.items()}
    patterns = {cls: pattern_of(s) for cls, s in symbols.items()}
    assert too_close(colours, patterns, ["greyscale print", "normal vision"]) == []


def test_screen_shows_the_print_patterns_and_no_data_as_not_looked_at(plugin):
    """The screen style carries the layout's patterns; no_data is a hatch with no fill
    (never a white that reads as "nothing happened"); zones.qml is this style."""
    from qgis.core import QgsVectorLayer
    from qgis.PyQt.QtGui import QColor

    from sahel_overlap.plugin.render import print_style as ps
    from sahel_overlap.plugin.render.zone_style import screen_symbol

    for cls in classes():
        assert pattern_of(screen_symbol(cls)) == pattern_of(ps.zone_symbol(cls)), cls
    no_data = screen_symbol(d.Z_NO_DATA)
    assert no_data.symbolLayer(0).color().alpha() == 0 and pattern_of(no_data) == (45,)
    white = painted(no_data, 96)
    assert 0.80 < white.mean() < 0.97  # visibly grey, not the page's white

    layer = QgsVectorLayer(
        "Polygon?crs=EPSG:4326&field=zone_class:string&field=class_stable:integer", "z", "memory"
    )
    layer.loadNamedStyle(str(d.RESOURCES_DIR / "styles" / "zones.qml"))
    rules = {r.description(): r.symbol() for r in layer.renderer().rootRule().children()}
    for cls in d.ZONE_CLASSES:
        shipped, fresh = rules[cls], screen_symbol(cls)
        assert [lyr.layerType() for lyr in shipped.symbolLayers()] == [
            lyr.layerType() for lyr in fresh.symbolLayers()
        ], cls
        assert shipped.symbolLayer(0).color().name(QColor.HexArgb) == fresh.symbolLayer(
            0
        ).color().name(QColor.HexArgb), cls
        assert pattern_of(shipped) == pattern_of(fresh), cls
