"""The global two-group Knox table as a small heat map (PNG and SVG), one panel per window.

matplotlib's object API only (no pyplot state), so it can run in a Processing worker thread.
"""

from __future__ import annotations

import math
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd

from ..core.interaction import DAY_BANDS, DISTANCE_BANDS_KM
from ..i18n import tr

MAX_PANELS = 48  # beyond this (e.g. monthly windows over years) the chart keeps the last ones
#: A cell is marked (outlined, with *) when its p-value is below this: the colour alone is
#: the ratio, not evidence (a 3x ratio on 4 pairs is chance as often as not).
SIGNIFICANT_P = 0.05
MARK = {"edgecolor": "#000000", "linewidth": 2.0}


def _tex_safe(text: str) -> str:
    return str(text).replace("$", r"\$")  # matplotlib reads $…$ as mathematics


def significant(p) -> bool:
    return bool(np.isfinite(p) and p < SIGNIFICANT_P)


def _window_label(ws: pd.Timestamp, we: pd.Timestamp) -> str:
    ws, we = pd.Timestamp(ws), pd.Timestamp(we)
    if ws.month == 1 and ws.day == 1 and we.month == 12 and we.day == 31 and ws.year == we.year:
        return str(ws.year)
    return f"{ws.date()} – {we.date()}"


def _cell_text(ratio: float, p: float, pairs: int) -> str:
    if not np.isfinite(ratio):
        return "–" if pairs == 0 else f"{pairs}"
    star = "*" if significant(p) else ""
    return f"{ratio:.2f}×{star}\n{'p=' + format(p, '.2g') if np.isfinite(p) else ''}"


def pooled_label(row) -> str:
    """The pooled per-zone answer of a window, for its panel's title."""
    if row is None or not np.isfinite(row.knox_p):
        return ""
    star = "*" if significant(row.knox_p) else ""
    return "\n" + tr("pooled {km} km/{days} d: {ratio}×{star} p={p}").format(
        km=f"{row.distance_km:g}",
        days=row.days,
        ratio=f"{row.knox_ratio:.2f}",
        star=star,
        p=f"{row.knox_p:.2g}",
    )


def knox_figure(table: pd.DataFrame, name_a: str, name_b: str, note: str = "", pooled=None):
    """A matplotlib Figure of the table (rows: window, distance_km, days, ratio, p, pairs).

    ``pooled``: the per-zone test's pooled answer per window (window_start, window_end,
    knox_ratio, knox_p, distance_km, days), added to each panel's title."""
    from matplotlib.colors import TwoSlopeNorm
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch, Rectangle

    wins = list(dict.fromkeys(zip(table["window_start"], table["window_end"])))
    dropped = max(0, len(wins) - MAX_PANELS)
    wins = wins[dropped:]
    ncols = min(4, max(1, len(wins)))
    nrows = max(1, math.ceil(len(wins) / ncols))
    fig = Figure(figsize=(2.5 * ncols + 1.0, 2.4 * nrows + 1.0), dpi=150, layout="constrained")
    norm = TwoSlopeNorm(vmin=-2.0, vcenter=0.0, vmax=2.0)  # log2 ratio: 0.25x .. 4x
    image = None
    for k, (ws, we) in enumerate(wins):
        ax = fig.add_subplot(nrows, ncols, k + 1)
        part = table[(table["window_start"] == ws) & (table["window_end"] == we)]
        grid = np.full((len(DISTANCE_BANDS_KM), len(DAY_BANDS)), np.nan)
        for row in part.itertuples():
            a = DISTANCE_BANDS_KM.index(int(row.distance_km))
            b = DAY_BANDS.index(int(row.days))
            grid[a, b] = row.ratio
            if significant(row.p):
                # Inset so that neighbouring marked cells keep separate outlines.
                ax.add_patch(
                    Rectangle(
                        (b - 0.44, a - 0.44), 0.88, 0.88, fill=False, zorder=2,
                        gid="significant", **MARK,
                    )
                )  # fmt: skip
            strong = np.isfinite(row.ratio) and (row.ratio <= 0.4 or row.ratio >= 2.5)
            ax.text(
                b,
                a,
                _cell_text(row.ratio, row.p, row.pairs),
                ha="center",
                va="center",
                fontsize=6,
                color="#ffffff" if strong else "#000000",
                zorder=3,
            )
        with np.errstate(divide="ignore", invalid="ignore"):
            shown = np.clip(np.log2(grid), -2.0, 2.0)
        image = ax.imshow(
            np.ma.masked_invalid(shown), cmap="RdBu_r", norm=norm, origin="lower", aspect="auto"
        )
        ax.set_xticks(range(len(DAY_BANDS)), [f"≤{t}" for t in DAY_BANDS], fontsize=7)
        ax.set_yticks(
            range(len(DISTANCE_BANDS_KM)), [f"≤{v}" for v in DISTANCE_BANDS_KM], fontsize=7
        )
        if k % ncols == 0:
            ax.set_ylabel(tr("km apart"), fontsize=7)
        if k >= (nrows - 1) * ncols:
            ax.set_xlabel(tr("days apart"), fontsize=7)
        first = part.iloc[0] if len(part) else None
        pool = None
        if pooled is not None and len(pooled):
            hit = pooled[(pooled["window_start"] == ws) & (pooled["window_end"] == we)]
            pool = next(hit.itertuples(), None)
        sub = ""
        if first is not None:
            sub = "\n" + tr("{a} / {b} events").format(a=int(first.events_a), b=int(first.events_b))
            if first.events_share < 1:
                sub += " " + tr("({share} drawn)").format(share=f"{first.events_share:.0%}")
        ax.set_title(_window_label(ws, we) + sub + pooled_label(pool), fontsize=8)
    title = tr("Two-group Knox test, {a} × {b}: observed / expected close pairs").format(
        a=_tex_safe(name_a), b=_tex_safe(name_b)
    )
    if pooled is not None and len(pooled) == 1 and np.isfinite(pooled["knox_p"].iloc[0]):
        row = pooled.iloc[0]
        title += tr("; pooled in zones at {km} km / {days} days: {ratio}× (p = {p})").format(
            km=f"{row.distance_km:g}",
            days=row.days,
            ratio=f"{row.knox_ratio:.2f}",
            p=f"{row.knox_p:.2g}",
        )
    width_pt = fig.get_figwidth() * 72.0
    # Wrapped to the figure's width (a single panel is narrow); ~0.55 em per character.
    fig.suptitle(textwrap.fill(title, int(width_pt / (9 * 0.6))), fontsize=9, fontweight="bold")
    foot = tr(
        "Colour: the ratio alone. Outlined, with *: p < 0.05 (two-sided, dates permuted within "
        "each group); other cells are within chance, whatever their colour. "
        "Red: more pairs than chance. p is per cell (16 cells per window: about one in 20 "
        "null cells is marked by chance)."
    )
    if pooled is not None and len(pooled):
        foot += " " + tr(
            "Pooled (panel titles): the per-zone test's close pairs summed over the "
            "zones, dates permuted within each zone and group."
        )
    if dropped:
        foot += " " + tr("First {n} windows not shown.").format(n=dropped)
    if note:
        foot += "\n" + _tex_safe(note)
    if image is not None:
        bar = fig.colorbar(image, ax=fig.axes, shrink=0.8, pad=0.02)
        bar.set_ticks([-2, -1, 0, 1, 2], labels=["≤0.25×", "0.5×", "1×", "2×", "≥4×"], fontsize=6)
        bar.ax.legend(
            handles=[Patch(facecolor="white", label="p < 0.05", **MARK)],
            loc="upper center", bbox_to_anchor=(0.5, -0.03), fontsize=6, frameon=False,
            handlelength=1.2,
        )  # fmt: skip
    wrap = int(width_pt / (6 * 0.52))
    foot = "\n".join(textwrap.fill(part, wrap) for part in foot.split("\n"))
    fig.supxlabel(foot, fontsize=6, x=0.01, ha="left")
    return fig


def write_knox_chart(table: pd.DataFrame, path, name_a: str, name_b: str, note: str = "") -> Path:
    """Write the chart as PNG or SVG after the path's suffix; returns the path written."""

    return write_knox_charts(table, [path], name_a, name_b, note)[0]


def write_knox_charts(
    table: pd.DataFrame, paths, name_a: str, name_b: str, note: str = "", pooled=None
):
    """One figure written to each path, PNG or SVG after its suffix; the paths written."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    fig = knox_figure(table, name_a, name_b, note, pooled)
    written = []
    for path in map(Path, paths):
        fmt = "svg" if path.suffix.lower() == ".svg" else "png"
        (FigureCanvasSVG if fmt == "svg" else FigureCanvasAgg)(fig)
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(str(path), format=fmt)
        if not path.is_file() or path.stat().st_size == 0:
            raise OSError(f"the chart was not written to {path}")
        written.append(path)
    return written
