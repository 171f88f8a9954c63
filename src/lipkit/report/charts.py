"""Drawing the report's charts with matplotlib, from numbers that are already safe to show.

Three kinds, after the reference report's figures: 100 % stacked bars (scale questions,
matrices, breakdowns by group), plain bars of shares (single choice, multiple response) and
the word cloud. Each comes back as :class:`Rendered`: SVG for HTML and PDF (vector, text kept
as text so that it can be searched and read by screen readers), PNG at 300 dpi for DOCX.

Colours: the scale's categories take ColorBrewer's RdBu (colour-blind safe, positive end
blue), unordered options the Okabe–Ito palette (colour-blind safe), "k. A." is always grey.
"""

from __future__ import annotations

import io
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import matplotlib

matplotlib.use("Agg")  # no screen on servers; must precede pyplot

import matplotlib.pyplot as plt
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure as MplFigure
from matplotlib.patches import Rectangle

from lipkit.display import format_percent

TEXT_WIDTH_CM = 16.0
CM = 1 / 2.54
MISSING_COLOUR = "#a6a6a6"
BAR_COLOUR = "#2166ac"
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
# ColorBrewer RdBu, from the positive (blue) to the negative (red) end, by number of classes.
RDBU = {
    2: ("#0571b0", "#ca0020"),
    3: ("#0571b0", "#f7f7f7", "#ca0020"),
    4: ("#0571b0", "#92c5de", "#f4a582", "#ca0020"),
    5: ("#0571b0", "#92c5de", "#f7f7f7", "#f4a582", "#ca0020"),
    6: ("#2166ac", "#67a9cf", "#d1e5f0", "#fddbc7", "#ef8a62", "#b2182b"),
    7: ("#2166ac", "#67a9cf", "#d1e5f0", "#f7f7f7", "#fddbc7", "#ef8a62", "#b2182b"),
}
# Smallest segment (in % of the bar) that gets its percentage written inside.
MIN_LABELLED_SHARE = 6.0
FONT = ["DejaVu Sans", "Liberation Sans", "Arial", "Helvetica", "sans-serif"]

plt.rcParams.update(
    {
        "font.family": "sans-serif",
        "font.sans-serif": FONT,
        "font.size": 8,
        "svg.fonttype": "none",
        "svg.hashsalt": "lipkit",  # stable ids: the same data give the same file
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
)


class Rendered:
    """A chart as SVG, and as 300 dpi PNG made only when a writer asks for it (DOCX)."""

    def __init__(self, svg: bytes, png: Callable[[], bytes], width_cm: float, height_cm: float):
        self.svg = svg
        self._png = png
        self.width_cm = width_cm
        self.height_cm = height_cm

    @cached_property
    def png(self) -> bytes:
        return self._png()


@dataclass(frozen=True)
class StackedRow:
    label: str
    shares: tuple[float, ...] | None  # percent per category; None = not shown (suppressed)
    hidden_text: str = ""  # written instead of the bar when shares is None


def scale_colours(substantive: int, with_missing: bool) -> list[str]:
    colours = list(RDBU.get(substantive) or _sampled("RdBu_r", substantive))
    return colours + ([MISSING_COLOUR] if with_missing else [])


def category_colours(missing: list[bool]) -> list[str]:
    palette = iter(OKABE_ITO * (len(missing) // len(OKABE_ITO) + 1))
    return [MISSING_COLOUR if m else next(palette) for m in missing]


def _sampled(cmap: str, n: int) -> list[str]:
    colormap = matplotlib.colormaps[cmap]
    return [matplotlib.colors.to_hex(colormap(i / max(n - 1, 1))) for i in range(n)]


def _text_colour(background: str) -> str:
    r, g, b = to_rgb(background)
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "black" if luminance > 0.5 else "white"


def render(fig: MplFigure) -> Rendered:
    width, height = fig.get_size_inches()
    svg = io.BytesIO()
    fig.savefig(svg, format="svg", metadata={"Date": None})
    plt.close(fig)  # pyplot forgets it; the PNG below draws the same Figure object again

    def png() -> bytes:
        out = io.BytesIO()
        fig.savefig(out, format="png", dpi=300)
        return out.getvalue()

    return Rendered(svg.getvalue(), png, width / CM, height / CM)


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width)) or text


def stacked_bars(
    rows: list[StackedRow],
    categories: list[str],
    colours: list[str],
    *,
    language: str = "de",
) -> Rendered:
    """Horizontal 100 % stacked bars, first row on top, legend below."""
    label_lines = max((_wrap(r.label, 42).count("\n") + 1 for r in rows), default=1)
    row_height = 0.55 + 0.3 * (label_lines - 1)
    legend_rows = (len(categories) + 2) // 3
    height = (len(rows) * row_height + 0.9 + 0.45 * legend_rows) * CM
    fig, ax = plt.subplots(figsize=(TEXT_WIDTH_CM * CM, max(height, 3.2 * CM)))
    y_positions = list(range(len(rows)))[::-1]
    for y, row in zip(y_positions, rows, strict=True):
        if row.shares is None:
            ax.text(1, y, row.hidden_text, va="center", ha="left", style="italic", color="#555")
            continue
        left = 0.0
        for share, colour in zip(row.shares, colours, strict=True):
            if share <= 0:
                continue
            ax.barh(y, share, left=left, color=colour, edgecolor="#4d4d4d", linewidth=0.3)
            if share >= MIN_LABELLED_SHARE:
                ax.text(
                    left + share / 2,
                    y,
                    format_percent(share, language=language),
                    ha="center",
                    va="center",
                    fontsize=7,
                    color=_text_colour(colour),
                )
            left += share
    ax.set_yticks(y_positions, [_wrap(r.label, 42) for r in rows])
    ax.set_xlim(0, 100)
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.set_xticks(
        [0, 20, 40, 60, 80, 100],
        [format_percent(v, language=language) for v in (0, 20, 40, 60, 80, 100)],
    )
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    handles = [Rectangle((0, 0), 1, 1, color=c, ec="#4d4d4d", lw=0.3) for c in colours]
    fig.legend(
        handles,
        [_wrap(c, 28) for c in categories],
        loc="lower center",
        ncol=min(len(categories), 3 if len(categories) > 4 else len(categories)),
        frameon=False,
        fontsize=7,
    )
    fig.tight_layout(rect=(0, 0.45 * legend_rows * CM / fig.get_size_inches()[1] + 0.02, 1, 1))
    return render(fig)


def share_bars(labels: list[str], shares: list[float], colours: list[str], *, language: str = "de"):
    """Horizontal bars of shares (0..100), first on top, percentage at each bar's end."""
    label_lines = max((_wrap(label, 48).count("\n") + 1 for label in labels), default=1)
    row_height = 0.5 + 0.3 * (label_lines - 1)
    height = (len(labels) * row_height + 1.0) * CM
    fig, ax = plt.subplots(figsize=(TEXT_WIDTH_CM * CM, max(height, 3.0 * CM)))
    y_positions = list(range(len(labels)))[::-1]
    ax.barh(y_positions, shares, color=colours, height=0.7)
    for y, share in zip(y_positions, shares, strict=True):
        ax.text(share + 1, y, format_percent(share, language=language), va="center", fontsize=7)
    ax.set_yticks(y_positions, [_wrap(label, 48) for label in labels])
    top = min(100.0, max(shares, default=0) + 12)
    ticks = [v for v in (0, 20, 40, 60, 80, 100) if v <= top]
    ax.set_xlim(0, max(top, 10))
    ax.set_xticks(ticks, [format_percent(v, language=language) for v in ticks])
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    fig.tight_layout()
    return render(fig)


def word_cloud(frequencies: dict[str, int], *, seed: int = 2020) -> Rendered:
    """A word cloud sized by respondents; the same data and seed give the same picture."""
    from wordcloud import WordCloud

    width_cm, height_cm = 11.0, 6.5
    # Laid out on a small canvas (the layout search is quadratic in pixels) and drawn larger.
    cloud = WordCloud(
        width=550,
        height=325,
        scale=1,
        background_color="white",
        random_state=seed,
        prefer_horizontal=0.9,
        color_func=_cloud_colour,
        font_path=_cloud_font(),
        relative_scaling=0.6,
        min_font_size=6,
    ).generate_from_frequencies(frequencies)
    logging.getLogger("fontTools").setLevel(logging.ERROR)  # "FFTM NOT subset" on every cloud
    svg = _svg_with_stable_font(cloud)

    def png() -> bytes:
        out = io.BytesIO()
        cloud.scale = (width_cm / 2.54 * 300) / 550  # 300 dpi at the printed width
        cloud.to_image().save(out, format="PNG", dpi=(300, 300))
        return out.getvalue()

    return Rendered(svg, png, width_cm, height_cm)


def _svg_with_stable_font(cloud) -> bytes:
    """The cloud as SVG with its font subset embedded. fontTools stamps a saved font's
    ``head.modified`` with the current second unless ``SOURCE_DATE_EPOCH`` is set, which made
    two builds of the same report differ; a fixed stamp keeps them byte-identical."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    if previous is None:
        os.environ["SOURCE_DATE_EPOCH"] = "0"
    try:
        return cloud.to_svg(embed_font=True).encode()
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)


def _cloud_colour(word, font_size, position, orientation, random_state=None, **kwargs) -> str:
    # Dark, colour-blind-safe tones; the colour follows the word so it is reproducible.
    return OKABE_ITO[sum(map(ord, word)) % 3] if font_size > 30 else "#333333"


def _cloud_font() -> str | None:
    from matplotlib import font_manager

    try:
        return font_manager.findfont(
            font_manager.FontProperties(family=FONT), fallback_to_default=True
        )
    except ValueError:
        return None
