"""The overlap map's chart: events per month of both groups, their clashes and their joint
operations (SVG)."""

from __future__ import annotations

import io

import pandas as pd

from .. import definitions as d
from .. import i18n
from ..i18n import tr
from .print_style import CLASH_FILL, FONT

CHART_PT = 7.0


def _tex_safe(text: str) -> str:
    return str(text).replace("$", r"\$")  # matplotlib reads $…$ as mathematics


def _date_axis(ax, span) -> None:
    """Few date ticks that never touch at 7 pt: years over long spans, else months."""
    import matplotlib.dates as mdates
    from matplotlib.ticker import FuncFormatter

    years = span.days / 365.25
    if years >= 2.5:
        step = max(1, round(years / 5))
        ax.xaxis.set_major_locator(mdates.YearLocator(step))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    else:
        months = 1 if years < 0.5 else 3 if years < 1.5 else 6
        ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=range(1, 13, months)))
        if i18n.language() == "en":
            ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))
        else:  # matplotlib's month names are the C locale's (English): Qt's instead
            ax.xaxis.set_major_formatter(FuncFormatter(_month_tick))


def _month_tick(value, _pos=None) -> str:
    """A month tick as ConciseDateFormatter writes it (the year in January, else the
    short month name), in the installed language (janv., févr. ...)."""
    import matplotlib.dates as mdates
    from qgis.PyQt.QtCore import QDate

    day = mdates.num2date(value)
    if day.month == 1:
        return f"{day.year}"
    return i18n.locale().toString(QDate(day.year, day.month, 1), "MMM")


CHART_NAME_CHARS = 18


def _short(name: str) -> str:
    name = str(name)
    return name if len(name) <= CHART_NAME_CHARS else name[: CHART_NAME_CHARS - 1].rstrip() + "…"


def chart_figure(monthly: pd.DataFrame, window, name_a: str, name_b: str, size_mm):
    """Events per month of both groups and their clashes, the page's window shaded.

    ``window`` is a layout.Window (start, end, label); the figure is drawn at its
    printed size, so its points are the page's points.
    """
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    # The chart is a third of the page wide: long group names (the legend beside the
    # map gives them whole) are shortened here, or its legend ran out of the picture.
    long_names = max(len(str(name_a)), len(str(name_b))) > CHART_NAME_CHARS
    name_a, name_b = _short(name_a), _short(name_b)
    fig = Figure(figsize=(size_mm[0] / 25.4, size_mm[1] / 25.4), dpi=72)
    FigureCanvasSVG(fig)
    ax = fig.add_subplot(1, 1, 1)
    font = {"fontsize": CHART_PT, "family": FONT}
    if monthly is not None and len(monthly) and monthly.to_numpy().sum() > 0:
        x = monthly.index.to_timestamp()
        ax.axvspan(
            pd.Timestamp(window.start),
            pd.Timestamp(window.end) + pd.Timedelta(days=1),
            color="#fee08b",
            alpha=0.6,
            lw=0,
            label=_tex_safe(window.label),
        )
        ax.bar(
            x,
            monthly[d.SIDE_CLASH],
            width=25,
            align="edge",
            color=CLASH_FILL,
            label=_tex_safe(
                tr("clashes") if long_names else tr("{a} vs {b} clashes").format(a=name_a, b=name_b)
            ),
        )
        ax.plot(x, monthly[d.SIDE_A], color=d.COLOUR_A, lw=1.0, label=_tex_safe(name_a))
        ax.plot(x, monthly[d.SIDE_B], color=d.COLOUR_B, lw=1.0, label=_tex_safe(name_b))
        joint = monthly.get(d.SIDE_JOINT)
        if joint is not None and joint.sum() > 0:  # marked only where there are any
            on = joint.to_numpy() > 0
            ax.scatter(
                x[on] + pd.Timedelta(days=12),
                joint.to_numpy()[on],
                marker="^",
                s=14,
                color=d.COLOUR_JOINT,
                edgecolors="#ffffff",
                linewidths=0.4,
                zorder=3,
                label=_tex_safe(
                    tr("joint operations")
                    if long_names
                    else tr("{a} + {b} joint operations").format(a=name_a, b=name_b)
                ),
            )
        ax.set_xlim(x.min(), x.max() + pd.Timedelta(days=31))
        _date_axis(ax, x.max() - x.min())
        top = max(1, monthly.to_numpy().max())
        ax.set_ylim(0, top * 1.45)
        ax.legend(
            loc="upper left",
            prop={"size": CHART_PT, "family": FONT},
            frameon=False,
            ncol=2,
            handlelength=1.2,
            columnspacing=0.8,
            borderaxespad=0.1,
        )
    else:
        ax.text(0.5, 0.5, tr("no incidents"), ha="center", va="center", transform=ax.transAxes,
                **font)  # fmt: skip
    ax.set_title(tr("Events per month"), loc="left", fontweight="bold", fontsize=8, family=FONT)
    ax.tick_params(labelsize=CHART_PT, length=2, pad=1)
    for tick in ax.get_xticklabels() + ax.get_yticklabels():
        tick.set_family(FONT)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.grid(axis="y", lw=0.3, color="#dddddd")
    ax.set_axisbelow(True)
    fig.tight_layout(pad=0.3)
    return fig


def chart_svg(monthly, window, name_a: str, name_b: str, size_mm=(82, 50)) -> bytes:
    """The chart as SVG (vector in the PDF and the SVG export), at its printed size."""
    import matplotlib

    fig = chart_figure(monthly, window, name_a, name_b, size_mm)
    buf = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": "sahel-overlap"}):
        fig.savefig(buf, format="svg", metadata={"Date": None})
    return buf.getvalue()
