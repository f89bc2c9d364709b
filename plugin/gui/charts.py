"""Small time charts for the docks, painted with QPainter (no matplotlib).

Importing matplotlib costs about 0.6 s, and its tight layout and date ticks
0.25–1.2 s per redraw, all on QGIS's main thread; these charts paint in a
millisecond or two, so moving or playing the slider never stalls the map.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from qgis.PyQt.QtCore import QDate, QPointF, QRect, QRectF, QSize, Qt
from qgis.PyQt.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPen, QPolygonF
from qgis.PyQt.QtWidgets import QSizePolicy, QWidget

from .. import i18n

FONT_PT = 8  # chart text: legible next to QGIS's own 8-9 pt widgets
MIN_CHART_HEIGHT = 84  # px


def wrap_label(text: str, fm, room: float) -> list[str]:
    """An axis label on one line, or on two (split at the space nearest its middle)
    when one line is longer than ``room``."""
    if fm.horizontalAdvance(text) <= room or " " not in text:
        return [text]
    spaces = [i for i, c in enumerate(text) if c == " "]
    cut = min(spaces, key=lambda i: abs(i - len(text) / 2))
    return [text[:cut].strip(), text[cut + 1 :].strip()]


@dataclass
class Series:
    """One line ("line", "area") or set of markers ("stars", "triangles") over dates."""

    name: str
    colour: str
    x: list  # datetime.date
    y: list  # numbers
    kind: str = "line"
    show: list = field(default_factory=list)  # for markers: which points to mark


def _days(day: dt.date) -> float:
    return float(day.toordinal())


def nice_step(span: float, target: int = 3) -> float:
    """A 1/2/5 x 10^k step giving about ``target`` intervals over ``span``."""
    if span <= 0:
        return 1.0
    raw = span / target
    mag = 10 ** math.floor(math.log10(raw))
    for k in (1, 2, 5, 10):
        if raw <= k * mag:
            return k * mag
    return 10 * mag


def _fmt(v: float) -> str:
    return f"{v:g}" if abs(v) >= 0.01 or v == 0 else f"{v:.0e}"


class TimeChart(QWidget):
    """A compact chart of values over time with a shaded window (the map's)."""

    def __init__(self, parent=None, y_label: str = "", height: int = 120):
        super().__init__(parent)
        self.y_label = y_label
        self.series: list[Series] = []
        self.y_range: tuple[float, float] | None = None
        self.span: tuple[dt.date, dt.date] | None = None
        self.message = ""
        self._height = height
        # Room for the legend row, the year axis and a plot where 3 ticks and the
        # (wrapped) units label read: the docks fit 1366×768 with this much.
        self.setMinimumHeight(MIN_CHART_HEIGHT)
        # Grows with the dock (the room under the controls is the chart's).
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self.paints = 0  # counted for tests and the desktop check
        self.x_labels: list = []  # (text, left, right) of the year axis as last drawn

    def sizeHint(self) -> QSize:
        # The minimum: a dock's scroll area sizes a panel with wrapping labels to its
        # preferred height, so a larger hint would make the panel scroll instead of
        # shrinking the chart; the chart still grows into any room left (Expanding).
        return QSize(320, self.minimumHeight())

    # --- data ---------------------------------------------------------------------------
    def set_series(self, series: list[Series], y_range: tuple[float, float] | None = None):
        self.series = [s for s in series if len(s.x)]
        self.y_range = y_range
        self.message = "" if self.series else self.message
        self.update()

    def set_message(self, text: str) -> None:
        """Shown instead of the series (no data, computing…)."""
        self.message = text
        self.series = []
        self.update()

    def set_span(self, first: dt.date | None, last: dt.date | None) -> None:
        span = None if first is None or last is None else (first, last)
        if span != self.span:
            self.span = span
            self.update()

    # --- drawing --------------------------------------------------------------------------
    def _x_bounds(self) -> tuple[float, float]:
        xs = [_days(x) for s in self.series for x in s.x]
        lo, hi = min(xs), max(xs)
        if self.span is not None:
            lo, hi = min(lo, _days(self.span[0])), max(hi, _days(self.span[1]) + 1)
        return (lo - 15, hi + 15) if hi > lo else (lo - 30, hi + 30)

    def _y_bounds(self) -> tuple[float, float]:
        if self.y_range is not None:
            return self.y_range
        top = max((max(s.y) for s in self.series if len(s.y)), default=1.0)
        step = nice_step(top or 1.0)
        return 0.0, step * math.ceil((top or 1.0) / step)

    def paintEvent(self, _event):
        self.paints += 1
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        font = QFont(self.font())
        font.setPointSizeF(FONT_PT)
        p.setFont(font)
        fm = QFontMetrics(font)
        p.fillRect(self.rect(), self.palette().base())
        text_colour = self.palette().text().color()
        if not self.series:
            p.setPen(QColor("#808080"))
            p.drawText(self.rect(), Qt.AlignCenter | Qt.TextWordWrap, self.message)
            p.end()
            return
        x0, x1 = self._x_bounds()
        y0, y1 = self._y_bounds()
        ystep = nice_step(y1 - y0)
        yticks = [y0 + k * ystep for k in range(round((y1 - y0) / ystep) + 1)]
        legend_h = fm.height() + 2 if any(s.name for s in self.series) else 0
        plot_h = self.height() - fm.height() - 4 - (legend_h + 2)
        label_lines = wrap_label(self.y_label, fm, plot_h) if self.y_label else []
        left = max(fm.horizontalAdvance(_fmt(v)) for v in yticks) + 6
        left += fm.height() * max(len(label_lines), 1)
        plot = QRectF(left, legend_h + 2, self.width() - left - 6, 0)
        plot.setBottom(self.height() - fm.height() - 4)
        if plot.width() < 20 or plot.height() < 20:
            p.end()
            return

        def px(x: float) -> float:
            return plot.left() + (x - x0) / (x1 - x0) * plot.width()

        def py(y: float) -> float:
            return plot.bottom() - (y - y0) / ((y1 - y0) or 1.0) * plot.height()

        if self.span is not None:  # the map's window
            a, b = px(_days(self.span[0])), px(_days(self.span[1]) + 1)
            p.fillRect(
                QRectF(a, plot.top(), max(b - a, 2.0), plot.height()), QColor(255, 217, 47, 130)
            )
        # axes, y ticks and grid
        grid = QColor(text_colour)
        grid.setAlpha(40)
        for v in yticks:
            y = py(v)
            p.setPen(QPen(grid, 1))
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            p.setPen(text_colour)
            p.drawText(
                QRectF(0, y - fm.height() / 2, left - 4, fm.height()),
                Qt.AlignRight | Qt.AlignVCenter,
                _fmt(v),
            )
        for k, line in enumerate(label_lines):
            p.save()
            p.translate(fm.ascent() - 1 + k * fm.height(), plot.center().y())
            p.rotate(-90)
            p.drawText(
                QRectF(-plot.height() / 2, -fm.ascent(), plot.height(), fm.height()),
                Qt.AlignCenter,
                line,
            )
            p.restore()
        p.setPen(QPen(text_colour, 1))
        p.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))
        self._x_ticks(p, fm, plot, x0, x1, px, text_colour)
        for s in self.series:
            self._draw_series(p, s, px, py, plot)
        self._legend(p, fm, left)
        p.end()

    def _x_ticks(self, p, fm, plot, x0, x1, px, colour):
        first, last = dt.date.fromordinal(int(x0)), dt.date.fromordinal(int(x1))
        years = last.year - first.year
        every = 1 if years <= 8 else 2 if years <= 16 else 5
        ticks = []
        if years >= 2:
            ticks = [(dt.date(y, 1, 1), str(y)) for y in range(first.year + 1, last.year + 1)]
            ticks = [t for t in ticks if t[0].year % every == 0]
        else:
            day = dt.date(first.year, first.month, 1)
            while day <= last:
                if day.month in (1, 4, 7, 10) and day >= first:
                    # Month names in the installed language (not the system's).
                    fmt = "MMM yyyy" if day.month == 1 or not ticks else "MMM"
                    label = i18n.locale().toString(QDate(day.year, day.month, 1), fmt)
                    ticks.append((day, label))
                day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
        p.setPen(colour)
        gap = fm.horizontalAdvance(" ")
        placed = []  # (label, left, right, pushed in from the plot's edge)
        for day, label in ticks:
            x = px(_days(day))
            p.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 3))
            w = fm.horizontalAdvance(label)
            at = min(max(x - w / 2, plot.left()), plot.right() - w)
            if placed and at < placed[-1][2] + gap:  # labels never overlap: one goes,
                if not placed[-1][3]:  # the one pushed in from the edge rather than
                    continue  # the one under its own tick
                placed.pop()
            placed.append((label, at, at + w, at != x - w / 2))
        for label, at, _right, _pushed in placed:
            p.drawText(QPointF(at, plot.bottom() + 3 + fm.ascent()), label)
        self.x_labels = [(label, at, right) for label, at, right, _pushed in placed]

    def _draw_series(self, p, s: Series, px, py, plot):
        colour = QColor(s.colour)
        points = [QPointF(px(_days(x)), py(y)) for x, y in zip(s.x, s.y)]
        if s.kind in MARKERS:
            show = s.show or [True] * len(points)
            p.setPen(QPen(QColor("#ffffff"), 0.8))
            p.setBrush(colour)
            for pt, on in zip(points, show):
                if on:
                    p.drawPolygon(MARKERS[s.kind](pt, 4.5))
            p.setBrush(Qt.NoBrush)
            return
        if s.kind == "area" and points:
            path = QPainterPath(QPointF(points[0].x(), plot.bottom()))
            for pt in points:
                path.lineTo(pt)
            path.lineTo(QPointF(points[-1].x(), plot.bottom()))
            fill = QColor(colour)
            fill.setAlpha(70)
            p.fillPath(path, fill)
        p.setPen(QPen(colour, 1.4))
        p.drawPolyline(QPolygonF(points))

    def _legend(self, p, fm, left):
        # Over the plot; from the chart's left edge when it would not fit there (the
        # French names are longer).
        need = sum(25 + fm.horizontalAdvance(s.name) for s in self.series if s.name) - 10
        x = max(0, min(left, self.width() - need))
        for s in self.series:
            if not s.name:
                continue
            colour = QColor(s.colour)
            y = fm.height() / 2 + 1
            if s.kind in MARKERS:
                p.setPen(QPen(QColor("#ffffff"), 0.8))
                p.setBrush(colour)
                p.drawPolygon(MARKERS[s.kind](QPointF(x + 6, y), 4.5))
                p.setBrush(Qt.NoBrush)
            else:
                p.setPen(QPen(colour, 2))
                p.drawLine(QPointF(x, y), QPointF(x + 12, y))
            p.setPen(self.palette().text().color())
            p.drawText(QPointF(x + 15, fm.ascent()), s.name)
            x += 15 + fm.horizontalAdvance(s.name) + 10


def _star(centre: QPointF, r: float) -> QPolygonF:
    pts = []
    for k in range(10):
        radius = r if k % 2 == 0 else r * 0.45
        angle = -math.pi / 2 + k * math.pi / 5
        pts.append(
            QPointF(centre.x() + radius * math.cos(angle), centre.y() + radius * math.sin(angle))
        )
    return QPolygonF(pts)


def _triangle(centre: QPointF, r: float) -> QPolygonF:
    """An upward triangle (joint operations, as on the map)."""
    pts = []
    for k in range(3):
        angle = -math.pi / 2 + k * 2 * math.pi / 3
        pts.append(QPointF(centre.x() + r * math.cos(angle), centre.y() + r * math.sin(angle)))
    return QPolygonF(pts)


MARKERS = {"stars": _star, "triangles": _triangle}


class ScaleBar(QWidget):
    """A colour ramp from 0 to a maximum, its numbers and units, as wide as the dock."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.colours: list[str] = []
        self.labels: tuple[str, str, str] = ("", "", "")
        self.note = ""
        policy = QSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def set_scale(self, colours: list[str], labels: tuple[str, str, str], note: str) -> None:
        self.colours, self.labels, self.note = list(colours), labels, note
        self.updateGeometry()
        self.update()

    def clear(self) -> None:
        self.set_scale([], ("", "", ""), "")

    def _font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(FONT_PT)
        return font

    def _note_height(self, width: int) -> int:
        """The units line wraps (never elided): its height at ``width``."""
        fm = QFontMetrics(self._font())
        return fm.boundingRect(
            QRect(0, 0, max(width - 1, 1), 1000), Qt.TextWordWrap, self.note
        ).height()

    def lines_needed(self) -> int:
        return max(1, round(self._note_height(self.width()) / QFontMetrics(self._font()).height()))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        # The same height with or without a scale (room kept): the panel never jumps.
        fm = QFontMetrics(self._font())
        return 12 + 1 + fm.height() + max(self._note_height(width), fm.height()) + 3

    def sizeHint(self) -> QSize:
        return QSize(200, self.heightForWidth(max(self.width(), 200)))

    def minimumSizeHint(self) -> QSize:
        return QSize(80, self.sizeHint().height())

    def paintEvent(self, _event):
        if not self.colours:
            return
        from qgis.PyQt.QtGui import QLinearGradient

        p = QPainter(self)
        font = self._font()
        p.setFont(font)
        fm = QFontMetrics(font)
        w, bar = self.width() - 1, 12
        grad = QLinearGradient(0, 0, w, 0)
        grad.setColorAt(0.0, QColor(255, 255, 255, 0))
        for k, colour in enumerate(self.colours, start=1):
            grad.setColorAt(k / len(self.colours), QColor(colour))
        p.fillRect(QRectF(0, 0, w, bar), grad)
        text = self.palette().text().color()
        p.setPen(text)
        p.drawRect(QRectF(0, 0, w, bar))
        row = QRectF(0, bar + 1, w, fm.height())
        for label, align in zip(self.labels, (Qt.AlignLeft, Qt.AlignHCenter, Qt.AlignRight)):
            p.drawText(row, align, label)
        p.drawText(
            QRectF(0, bar + 1 + fm.height(), w, self._note_height(self.width())),
            Qt.AlignLeft | Qt.TextWordWrap,
            self.note,
        )
        p.end()
