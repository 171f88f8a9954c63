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
import itertools
import logging
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache as functools_cache
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import matplotlib
import numpy as np

matplotlib.use("Agg")  # no screen on servers; must precede pyplot

from matplotlib.colors import to_rgb

if TYPE_CHECKING:
    from matplotlib.figure import Figure as MplFigure

from lipkit import catalogue
from lipkit.controlling.chart import chart_height_cm
from lipkit.controlling.chart import indicator_svg as shared_indicator_svg
from lipkit.display import format_number, format_percent

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


class _Pyplot:
    """``matplotlib.pyplot``, imported where a chart is first drawn: the chart workers, or
    this process where it draws one itself. The process that builds the report forks the
    workers before it would need it, so that they import it (0.2 s each) on the second core
    while it secures the numbers, instead of it importing it for them first."""

    def __getattr__(self, name: str) -> Any:
        import matplotlib.pyplot

        return getattr(matplotlib.pyplot, name)


plt = _Pyplot()

FONT = ["DejaVu Sans", "Liberation Sans", "Arial", "Helvetica", "sans-serif"]

matplotlib.rcParams.update(
    {
        "font.family": "sans-serif",
        "font.sans-serif": FONT,
        "font.size": 8,
        "svg.fonttype": "none",
        "svg.hashsalt": "lipkit",  # stable ids: the same data give the same file
        # Labels measured (tight_layout) and drawn (PNG) with the font's own widths, as the
        # PDF's and a browser's renderers draw the SVG's text: hinting, made for text on a
        # 96 dpi screen, changed widths by up to a pixel per letter and took a fifth of each
        # 300 dpi PNG's time.
        "text.hinting": "no_hinting",
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
)


class Rendered:
    """A chart as SVG, and as 300 dpi PNG made only when a writer asks for it (DOCX).

    Drawn in a worker process (:func:`drawing_pool`), both come from one job that builds the
    figure once and saves it twice; ``svg`` and ``png`` wait for it when first read.
    """

    def __init__(
        self,
        svg: bytes | Future,
        png: Callable[[], bytes] | None,
        width_cm: float,
        height_cm: float,
    ):
        self._svg = svg
        self._png = png
        self.width_cm = float(width_cm)
        self.height_cm = float(height_cm)

    def wait(self) -> None:
        """Until the chart is drawn, without taking the lock of the cached properties below
        (Python 3.11's ``cached_property`` has one lock for all instances: a thread waiting in
        ``png`` would hold up every other chart's ``png``)."""
        if isinstance(self._svg, Future):
            self._svg.result()

    @cached_property
    def svg(self) -> bytes:
        if isinstance(self._svg, Future):
            return self._svg.result()[0]
        return self._svg

    @cached_property
    def png(self) -> bytes:
        if isinstance(self._svg, Future):
            png = self._svg.result()[1]
            if png is not None:
                return png
        if self._png is None:  # drawn in a worker without its PNG: draw it here
            raise RuntimeError("this chart was drawn without its PNG")
        return self._png()


def drawn_helping(rendered: Rendered) -> bytes:
    """``rendered.svg``; while a worker is still to draw it, this process draws the charts
    that no worker has started (:func:`draw_waiting_here`) instead of only waiting."""
    if isinstance(rendered._svg, Future) and not rendered._svg.done():
        draw_waiting_here(until=rendered._svg)
    return rendered.svg


def with_png_only(rendered: Rendered) -> Rendered:
    """``rendered`` as PNG bytes only (waiting for them if need be), to be handed to another
    process: no Future or drawing function left in it."""
    kept = Rendered(b"", None, rendered.width_cm, rendered.height_cm)
    kept.__dict__["png"] = rendered.png  # (the cached_property's place)
    return kept


@dataclass(frozen=True)
class _Pool:
    executor: Executor
    png: bool  # draw the PNG in the same job (a writer will need it)
    cache: Path | None = None  # charts kept from earlier builds (chart_cache)
    # where the jobs that are not charts go (kept_job: a word cloud's counts), if not to
    # ``executor``: a process that loaded the lemmatiser while this one secured the numbers
    side: Executor | None = None
    # jobs submitted and not yet finished, in order: the building process may take them over
    waiting: dict[int, _Job] = field(default_factory=dict)


@dataclass
class _Job:
    """A job given to the pool: ``result`` is its outcome whoever runs it, a worker
    (``submitted``) or the building process (:func:`draw_waiting_here`)."""

    submitted: Future
    result: Future
    function: Callable
    args: tuple
    kwargs: dict
    # False for a job of the side executor: its process has loaded what the job needs (the
    # lemmatiser), which the building process would have to load first
    here_too: bool = True


_POOL: ContextVar[_Pool | None] = ContextVar("lipkit_chart_pool", default=None)
_FONT: ContextVar[str | None] = ContextVar("lipkit_chart_font", default=None)


@contextmanager
def drawing_pool(
    executor: Executor, *, png: bool, cache: Path | None = None, side: Executor | None = None
) -> Iterator[None]:
    """Charts made inside are drawn by ``executor``'s worker processes, side by side with
    the rest of the build; each chart's figure is built once and saved as SVG (and PNG).
    ``cache``: a folder where each drawn chart is kept under a key of everything that
    decides its picture (:func:`chart_key`), and taken from on the next build: a report
    built again after its text changed, or in the other language (the word cloud), draws
    only the charts whose numbers or labels changed. ``side``: the executor of the jobs
    that are not charts (:func:`kept_job`), where not ``executor``."""
    if cache is not None:
        try:
            cache.mkdir(parents=True, exist_ok=True)
        except OSError:  # a study folder on a read-only share: charts drawn as without
            cache = None
    token = _POOL.set(_Pool(executor, png, cache, side=side))
    try:
        yield
    finally:
        _POOL.reset(token)


# Kept charts not used for this long are removed at the end of a build (prune_cache).
CACHE_DAYS = 30


def chart_key(kind: str, args: tuple, font: str | None) -> str:
    """What decides a chart's picture: its kind and data (labels, shares, colours, language),
    the city's font (its bytes) and the code and versions that draw it."""
    import hashlib
    import pickle

    digest = hashlib.sha256(_code_key().encode())
    digest.update(pickle.dumps((kind, args), protocol=5))
    if font is not None:
        digest.update(Path(font).read_bytes())
    return digest.hexdigest()


@functools_cache
def _code_key() -> str:
    """The drawing code (this module, number formatting, the message catalogue) and the
    libraries' versions: a chart kept by another version of either is not used."""
    import hashlib

    import wordcloud

    from lipkit import catalogue as catalogue_module
    from lipkit import display

    digest = hashlib.sha256(f"{matplotlib.__version__} {wordcloud.__version__}".encode())
    for path in sorted(
        [Path(__file__), Path(display.__file__), *Path(catalogue_module.__file__).parent.glob("*")]
    ):
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _kept_or_submitted(
    pool: _Pool,
    key: str,
    suffixes: tuple[str, ...],
    function: Callable,
    *args: Any,
    split: Callable[[Any], tuple[bytes | None, ...]] = tuple,
    join: Callable[[tuple[bytes, ...]], Any] = tuple,
    executor: Executor | None = None,
    **kwargs: Any,
) -> Future:
    """``function(*args, **kwargs)`` in a worker of the pool, or its result kept by an
    earlier build: the files ``key.<suffix>`` in the pool's cache, made into the result by
    ``join`` (a file missing, or ``join`` raising ValueError: drawn anew). Once a worker's
    result is there, ``split`` gives its bytes per suffix (None: not kept), each written
    beside and then renamed (a build running at the same time never reads half a file).
    ``executor``: where the job runs, if not in the pool's workers."""
    cache = pool.cache
    if cache is None:
        return _submit(pool, function, *args, executor=executor, **kwargs)
    paths = [cache / f"{key}.{suffix}" for suffix in suffixes]
    try:
        done: Future = Future()
        done.set_result(join(tuple(path.read_bytes() for path in paths)))
        for path in paths:
            with suppress(OSError):  # (a read-only share: used all the same)
                os.utime(path)  # used: kept for another CACHE_DAYS
        return done
    except (OSError, ValueError):
        pass
    job = _submit(pool, function, *args, executor=executor, **kwargs)

    def keep(finished: Future) -> None:
        if finished.cancelled() or finished.exception() is not None:
            return
        for path, data in zip(paths, split(finished.result()), strict=False):
            if data is None:
                continue
            part = path.with_name(f"{path.name}.{os.getpid()}.part")
            try:
                part.write_bytes(data)
                os.replace(part, path)
            except OSError:  # a full disk: drawn again next time
                with suppress(OSError):
                    part.unlink(missing_ok=True)

    job.add_done_callback(keep)
    return job


def _submit(
    pool: _Pool, function: Callable, *args: Any, executor: Executor | None = None, **kwargs: Any
) -> Future:
    """``function(*args, **kwargs)`` given to the pool's workers (or ``executor``); the Future
    returned gets its result from a worker, or from the building process if that takes the
    job over first."""
    submitted = (executor or pool.executor).submit(function, *args, **kwargs)
    job = _Job(submitted, Future(), function, args, kwargs, here_too=executor is None)
    pool.waiting[id(job)] = job

    def passed_on(submitted: Future) -> None:
        pool.waiting.pop(id(job), None)
        if submitted.cancelled():  # taken over by draw_waiting_here, which sets the result
            return
        if submitted.exception() is not None:
            job.result.set_exception(submitted.exception())
        else:
            job.result.set_result(submitted.result())

    job.submitted.add_done_callback(passed_on)
    return job.result


def draw_waiting_here(until: Future | None = None) -> None:
    """Run here, in the building process, the pool's jobs that no worker has started yet, the
    last submitted first (the workers take them from the first): called where this process
    would otherwise only wait for the workers, as for the charts before the HTML is written.
    ``until``: stop once that job is done (a word cloud's counts the build waits for)."""
    import matplotlib

    pool = _POOL.get()
    if pool is None:
        return
    for job in reversed(list(pool.waiting.values())):
        if until is not None and until.done():
            return
        if not job.here_too or not job.submitted.cancel():  # a worker runs it, or has run it
            continue
        try:
            # a job sets the city's font in rcParams, as in a worker: not kept here
            with matplotlib.rc_context():
                result = job.function(*job.args, **job.kwargs)
        except Exception as error:
            job.result.set_exception(error)
        else:
            job.result.set_result(result)


def kept_job(
    name: str,
    function: Callable,
    args: tuple,
    kwargs: dict,
    to_bytes: Callable[[Any], bytes],
    from_bytes: Callable[[bytes], Any],
    depends: tuple = (),
) -> Future | None:
    """``function(*args, **kwargs)`` in a worker of the pool (its ``side`` executor where it
    has one), or its result kept from an earlier build (a word cloud's counts: loading the
    lemmatiser's dictionary alone takes a second); None without a pool. The key holds
    ``name``, the arguments, the function's own module, ``depends`` (the versions of the
    libraries it uses) and the drawing code (:func:`chart_key`)."""
    pool = _POOL.get()
    if pool is None:
        return None
    key = ""
    if pool.cache is not None:
        import inspect

        source = inspect.getsourcefile(function)
        module_code = Path(source).read_bytes() if source else b""
        key = chart_key(name, (args, sorted(kwargs.items()), module_code, depends), None)
    return _kept_or_submitted(
        pool,
        key,
        (name,),
        function,
        *args,
        split=lambda result: (to_bytes(result),),
        join=lambda parts: from_bytes(parts[0]),
        executor=pool.side,
        **kwargs,
    )


def prune_cache(cache: Path, days: float = CACHE_DAYS) -> None:
    """Remove kept charts not used for ``days`` days."""
    import time

    limit = time.time() - days * 86400
    for path in cache.glob("*"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except OSError:
            pass


def current_executor() -> Executor | None:
    """The worker pool charts are drawn in, if any (other slow jobs may use it too)."""
    pool = _POOL.get()
    return pool.executor if pool is not None else None


def current_cache() -> Path | None:
    """The folder the pool keeps drawn charts in, if any (other kept results may go there)."""
    pool = _POOL.get()
    return pool.cache if pool is not None else None


@contextmanager
def city_font(path: Path | None) -> Iterator[None]:
    """Draw the charts made inside in the city's font (report.yaml), here and in workers."""
    if path is None:
        yield
        return
    previous = list(matplotlib.rcParams["font.sans-serif"])
    token = _FONT.set(str(path))
    use_font(path)
    try:
        yield
    finally:
        _FONT.reset(token)
        matplotlib.rcParams["font.sans-serif"] = previous


def warm_up() -> None:
    """Run in a fresh worker: the imports and the font cache before the first chart."""
    import matplotlib.pyplot  # noqa: F401  (see _Pyplot)
    from matplotlib import font_manager

    font_manager.findfont(font_manager.FontProperties(family=FONT))


def _drawn(kind: str, args: tuple, width_cm: float, height_cm: float) -> Rendered:
    pool = _POOL.get()
    if pool is None:
        if kind == "cloud":
            return _word_cloud(*args)
        drawn = render(_FIGURES[kind](*args))
        # Keep the SVG, not the matplotlib Figure (a report of 1,500 charts held every Figure
        # for the PNG, several GB): the PNG, wanted only by DOCX, draws the chart again.
        return Rendered(
            drawn.svg, lambda: png_of(_FIGURES[kind](*args)), drawn.width_cm, drawn.height_cm
        )
    font = _FONT.get()
    key = chart_key(kind, args, font) if pool.cache is not None else ""
    # (svg, png) kept as key.svg and key.png; the PNG only where a writer needs it
    job = _kept_or_submitted(
        pool,
        key,
        ("svg", "png") if pool.png else ("svg",),
        _draw,
        kind,
        args,
        pool.png,
        font,
        join=lambda parts: (parts[0], parts[1] if pool.png else None),
    )
    return Rendered(job, None, width_cm, height_cm)


def _draw(kind: str, args: tuple, with_png: bool, font: str | None) -> tuple[bytes, bytes | None]:
    """A worker's job: one chart as SVG and, if asked, PNG."""
    _use_font_once(font)
    rendered = _word_cloud(*args) if kind == "cloud" else render(_FIGURES[kind](*args))
    return rendered.svg, rendered.png if with_png else None


_REGISTERED: dict[str, str] = {}  # a font file registered with matplotlib -> its name


def _use_font_once(font: str | None) -> None:
    """In a worker: draw in the city's ``font``, registered with matplotlib the first time."""
    if font is None:
        return
    if font not in _REGISTERED:
        _REGISTERED[font] = use_font(font)
    else:  # (the building process restores rcParams after each job it runs)
        matplotlib.rcParams["font.sans-serif"] = [_REGISTERED[font], *FONT]


@dataclass(frozen=True)
class StackedRow:
    label: str
    shares: tuple[float | None, ...] | None
    """percent per category; None = not shown (suppressed); a None category: that option is
    hidden in this group (a small option of the question's own breakdown), drawn as one
    hatched, unlabelled rest at the bar's end"""
    hidden_text: str = ""  # written instead of the bar when shares is None


def scale_colours(substantive: int, with_missing: bool) -> list[str]:
    colours = list(RDBU.get(substantive) or _sampled("RdBu_r", substantive))
    return colours + ([MISSING_COLOUR] if with_missing else [])


def category_colours(missing: list[bool], palette: tuple[str, ...] = ()) -> list[str]:
    colours = palette or OKABE_ITO
    cycle = iter(colours * (len(missing) // len(colours) + 1))
    return [MISSING_COLOUR if m else next(cycle) for m in missing]


def _sampled(cmap: str, n: int) -> list[str]:
    colormap = matplotlib.colormaps[cmap]
    return [matplotlib.colors.to_hex(colormap(i / max(n - 1, 1))) for i in range(n)]


def _text_colour(background: str) -> str:
    r, g, b = to_rgb(background)
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "black" if luminance > 0.5 else "white"


def _laid_out(fig: MplFigure) -> MplFigure:
    """``fig`` without the stand-in layout engine ``tight_layout`` leaves behind: while a
    figure has any, each ``savefig`` draws it once more (text layout and all, output thrown
    away) before it draws it for the file, a quarter of a chart's time. Its layout is done
    (tight_layout, subplots_adjust) and is kept: the files are byte for byte the same."""
    from matplotlib.layout_engine import PlaceHolderLayoutEngine

    if isinstance(fig.get_layout_engine(), PlaceHolderLayoutEngine):
        fig.set_layout_engine(None)
    return fig


def render(fig: MplFigure) -> Rendered:
    _laid_out(fig)
    width, height = fig.get_size_inches()
    svg = io.BytesIO()
    fig.savefig(svg, format="svg", metadata={"Date": None})
    plt.close(fig)  # pyplot forgets it; png_of draws the same Figure object again
    lean = lean_svg(svg.getvalue())
    return Rendered(lean, lambda: png_of(fig), width / CM, height / CM)


def png_of(fig: MplFigure) -> bytes:
    """The figure as 300 dpi PNG alone: a chart wanted only by DOCX (an indicator's, whose
    SVG is written directly) is not saved as SVG as well."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    _laid_out(fig)
    # Drawn as savefig draws a PNG (the same pixels), but written here: Pillow's PNG of
    # matplotlib's RGBA took 60 % more time (four filters tried on each row, an alpha channel
    # that is 255 throughout) and was 13 % larger.
    canvas = FigureCanvasAgg(fig)
    canvas.print_figure(io.BytesIO(), format="rgba", dpi=PNG_DPI)
    pixels = np.asarray(canvas.renderer.buffer_rgba())  # (get_renderer: a new one at 100 dpi)
    plt.close(fig)
    return png_bytes(pixels, PNG_DPI)


PNG_DPI = 300


def png_bytes(rgba: np.ndarray, dpi: float) -> bytes:
    """``rgba`` (height x width x 4, 8 bits) as PNG: RGB where it is opaque throughout (a
    chart's white figure), unfiltered, zlib level 1 (the DOCX is zipped again), ``dpi`` in
    its pHYs chunk."""
    import struct
    import zlib

    height, width, _ = rgba.shape
    opaque = bool((rgba[..., 3] == 255).all())
    pixels = rgba[..., :3] if opaque else rgba
    rows = np.empty((height, 1 + pixels.shape[1] * pixels.shape[2]), dtype=np.uint8)
    rows[:, 0] = 0  # each row's filter: none
    rows[:, 1:] = pixels.reshape(height, -1)

    def chunk(kind: bytes, data: bytes) -> bytes:
        checksum = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + checksum

    per_metre = round(dpi / 0.0254)
    return b"".join(
        [
            b"\x89PNG\r\n\x1a\n",
            chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2 if opaque else 6, 0, 0, 0)),
            chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)),
            chunk(b"IDAT", zlib.compress(rows.data, 1)),
            chunk(b"IEND", b""),
        ]
    )


_SVG = "{http://www.w3.org/2000/svg}"


def lean_svg(svg: bytes) -> bytes:
    """matplotlib's SVG with the same drawing in fewer elements, which the PDF's renderer
    (WeasyPrint draws SVG node by node) and browsers read faster: no metadata, no groups
    that only carry an id (one per patch, line and label), and styles of shapes and texts as
    presentation attributes (no CSS parse per element: the demo's 900 chart texts took 0.4 s
    of the PDF's painting to parse)."""
    from lxml import etree

    root = etree.fromstring(svg)
    for metadata in root.findall(f"{_SVG}metadata"):
        root.remove(metadata)
    # The stylesheet's "*{stroke-linejoin: round; stroke-linecap: butt}" would win over
    # presentation attributes: it becomes the root's, which every shape inherits or overrides.
    for style in root.iter(f"{_SVG}style"):
        if style.text and style.text.strip() == "*{stroke-linejoin: round; stroke-linecap: butt}":
            style.getparent().remove(style)
            root.set("stroke-linejoin", "round")
            root.set("stroke-linecap", "butt")
    for element in root.iter(
        f"{_SVG}path", f"{_SVG}rect", f"{_SVG}use", f"{_SVG}g", f"{_SVG}text", f"{_SVG}tspan"
    ):
        style = element.attrib.pop("style", None)
        for declaration in (style or "").split(";"):
            name, colon, value = declaration.partition(":")
            if colon:
                element.set(name.strip(), value.strip())
    for text in root.iter(f"{_SVG}text"):
        if text.get("transform", "").startswith(("rotate(-0 ", "rotate(0 ")):
            del text.attrib["transform"]  # turned by 0 degrees
    for defs in root.findall(f"{_SVG}defs"):
        if len(defs) == 0:
            root.remove(defs)
    for group in list(root.iter(f"{_SVG}g")):
        parent = group.getparent()
        if parent is not None and set(group.attrib) <= {"id"}:
            at = parent.index(group)
            group.tail = None
            parent[at : at + 1] = list(group)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width, break_on_hyphens=False)) or text


def use_font(path) -> str:
    """Register a font file (the city's, from report.yaml) and draw every chart in it."""
    from matplotlib import font_manager

    font_manager.fontManager.addfont(str(path))
    name = font_manager.FontProperties(fname=str(path)).get_name()
    matplotlib.rcParams["font.sans-serif"] = [name, *FONT]
    return name


def _row_major(items: list, ncol: int) -> list:
    """Reorder legend entries so that matplotlib's column-wise filling reads row by row."""
    rows = -(-len(items) // ncol)
    grid = [items[r * ncol : (r + 1) * ncol] for r in range(rows)]
    return [grid[r][c] for c in range(ncol) for r in range(rows) if c < len(grid[r])]


# The legend's room in characters of 7 pt across the chart's width (with each entry's swatch).
LEGEND_CHARS = 100


def _legend_columns(categories: list[str]) -> int:
    """All entries in one row where they fit, else as few rows of equal length as do."""
    for rows in range(1, len(categories) + 1):
        ncol = -(-len(categories) // rows)
        width = 18 if ncol >= 5 else 28
        lines = [max(len(x) for x in _wrap(c, width).split("\n")) + 5 for c in categories]
        widest_row = max(
            sum(lines[r * ncol : (r + 1) * ncol]) for r in range(-(-len(categories) // ncol))
        )
        if widest_row <= LEGEND_CHARS:
            return ncol
    return 1


# Height of one line of 8 pt tick labels, and the room around a bar, in cm.
LINE_CM = 0.36
BAR_ROOM_CM = 0.25


def stacked_bars(
    rows: list[StackedRow],
    categories: list[str],
    colours: list[str],
    *,
    language: str = "de",
) -> Rendered:
    """Horizontal 100 % stacked bars, first row on top, legend below in scale order."""
    height = max(_stacked_layout(rows, categories)[0], 3.2)
    return _drawn("stacked", (rows, categories, colours, language), TEXT_WIDTH_CM, height)


def _stacked_layout(rows: list[StackedRow], categories: list[str]) -> tuple:
    """Height (cm), row height, legend columns and legend height of a stacked chart."""
    label_lines = max((_wrap(r.label, 42).count("\n") + 1 for r in rows), default=1)
    # Every row gets the room of the longest label, so that labels never overlap.
    row_height = max(0.55, label_lines * LINE_CM + BAR_ROOM_CM)
    ncol = _legend_columns(categories)
    legend_rows = -(-len(categories) // ncol)
    legend_lines = max(_wrap(c, 18 if ncol >= 5 else 28).count("\n") + 1 for c in categories)
    legend_cm = legend_rows * (0.2 + 0.3 * legend_lines)
    return len(rows) * row_height + 0.9 + legend_cm, row_height, ncol, legend_cm


def stacked_figure(
    rows: list[StackedRow],
    categories: list[str],
    colours: list[str],
    *,
    language: str = "de",
) -> MplFigure:
    """The matplotlib figure of :func:`stacked_bars` (tests measure its labels)."""
    height, _row_height, ncol, legend_cm = _stacked_layout(rows, categories)
    fig, ax = plt.subplots(figsize=(TEXT_WIDTH_CM * CM, max(height, 3.2) * CM))
    y_positions = list(range(len(rows)))[::-1]
    for y, row in zip(y_positions, rows, strict=True):
        if row.shares is None:
            ax.text(1, y, row.hidden_text, va="center", ha="left", style="italic", color="#555")
            continue
        # The row's segments in one call (one per segment: 6 % more of the figure's time)
        segments = [
            (share, colour)
            for share, colour in zip(row.shares, colours, strict=True)
            if share is not None and share > 0
        ]
        lefts = list(itertools.accumulate((share for share, _ in segments), initial=0.0))
        if segments:
            ax.barh(
                [y] * len(segments),
                [share for share, _ in segments],
                left=lefts[:-1],
                color=[colour for _, colour in segments],
                edgecolor="#4d4d4d",
                linewidth=0.3,
            )
        for (share, colour), left in zip(segments, lefts, strict=False):
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
        left = lefts[-1]
        if any(share is None for share in row.shares) and left < 100:
            ax.barh(y, 100 - left, left=left, color="white", hatch="///", edgecolor="#999", lw=0.3)
    ax.set_yticks(y_positions, [_wrap(r.label, 42) for r in rows])
    ax.set_xlim(0, 100)
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.set_xticks(
        [0, 20, 40, 60, 80, 100],
        [format_percent(v, language=language) for v in (0, 20, 40, 60, 80, 100)],
    )
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    from matplotlib.patches import Rectangle

    handles = [Rectangle((0, 0), 1, 1, color=c, ec="#4d4d4d", lw=0.3) for c in colours]
    fig.legend(
        _row_major(handles, ncol),
        _row_major([_wrap(c, 18 if ncol >= 5 else 28) for c in categories], ncol),
        loc="lower center",
        ncol=ncol,
        frameon=False,
        fontsize=7,
        handlelength=1.2,
        columnspacing=1.2,
    )
    fig.tight_layout(rect=(0, legend_cm * CM / fig.get_size_inches()[1] + 0.02, 1, 1))
    return fig


def share_bars(labels: list[str], shares: list[float], colours: list[str], *, language: str = "de"):
    """Horizontal bars of shares (0..100), first on top, percentage at each bar's end."""
    height = _share_height(labels)
    return _drawn("share", (labels, shares, colours, language), TEXT_WIDTH_CM, height)


def _share_height(labels: list[str]) -> float:
    label_lines = max((_wrap(label, 48).count("\n") + 1 for label in labels), default=1)
    row_height = max(0.5, label_lines * LINE_CM + BAR_ROOM_CM)
    return max(len(labels) * row_height + 1.0, 3.0)


def share_figure(
    labels: list[str], shares: list[float], colours: list[str], *, language: str = "de"
) -> MplFigure:
    """The matplotlib figure of :func:`share_bars`."""
    fig, ax = plt.subplots(figsize=(TEXT_WIDTH_CM * CM, _share_height(labels) * CM))
    y_positions = list(range(len(labels)))[::-1]
    ax.barh(y_positions, shares, color=colours, height=0.7)
    for y, share in zip(y_positions, shares, strict=True):
        text = format_percent(share, language=language)
        if share > 90:  # the value goes inside the bar's end, where there is room
            ax.text(share - 1, y, text, va="center", ha="right", fontsize=7, color="white")
        else:
            ax.text(share + 1, y, text, va="center", fontsize=7)
    ax.set_yticks(y_positions, [_wrap(label, 48) for label in labels])
    # The axis always reaches 100 %: a shorter one makes small shares look large.
    ticks = [0, 20, 40, 60, 80, 100]
    ax.set_xlim(0, 100)
    ax.set_xticks(ticks, [format_percent(v, language=language) for v in ticks])
    ax.grid(axis="x", color="#dddddd", linewidth=0.5)
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    fig.tight_layout()
    return fig


CLOUD_CM = (11.0, 6.5)


def word_cloud(frequencies: dict[str, int], *, seed: int = 2020) -> Rendered:
    """A word cloud sized by respondents; the same data and seed give the same picture."""
    return _drawn("cloud", (frequencies, seed), *CLOUD_CM)


def _word_cloud(frequencies: dict[str, int], seed: int) -> Rendered:
    from wordcloud import WordCloud

    width_cm, height_cm = CLOUD_CM
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


def indicator_chart(
    path: list[tuple[str, float]],
    targets: list[tuple[str, float]],
    actuals: list[tuple[str, float]],
    unit: str,
    *,
    language: str = "de",
    statements: list[tuple[str, str]] | None = None,
) -> Rendered:
    """An indicator over time: the target path from the baseline (dashed), the targets
    (diamonds) and the actual values (dots joined by a line); dates as ISO strings. A
    qualitative indicator's: its ``statements`` (date, what was reported) on a time line.

    The SVG (HTML, PDF) is written directly (:func:`indicator_svg`, about a millisecond: a
    plan of 1,500 indicators has 1,500 of them); the PNG that only DOCX needs is drawn by
    matplotlib (:func:`indicator_figure`), in a worker when there is a pool."""
    args = (path, targets, actuals, unit, language, statements or [])
    svg = indicator_svg(*args)
    height = chart_height_cm(unit, statements)
    pool = _POOL.get()
    if pool is not None and pool.png:
        font = _FONT.get()
        key = chart_key("indicator", args, font) if pool.cache is not None else ""
        job = _kept_or_submitted(
            pool,
            key,
            ("png",),
            _draw_png,
            "indicator",
            args,
            font,
            split=lambda png: (png,),
            join=lambda parts: parts[0],
        )
        return Rendered(svg, job.result, TEXT_WIDTH_CM, height)
    return Rendered(svg, lambda: png_of(indicator_figure(*args)), TEXT_WIDTH_CM, height)


def _draw_png(kind: str, args: tuple, font: str | None) -> bytes:
    """A worker's job: one chart as PNG only."""
    _use_font_once(font)
    return png_of(_FIGURES[kind](*args))


def indicator_svg(
    path: list[tuple[str, float]],
    targets: list[tuple[str, float]],
    actuals: list[tuple[str, float]],
    unit: str,
    language: str = "de",
    statements: list[tuple[str, str]] | None = None,
) -> bytes:
    """The indicator chart as SVG (:func:`lipkit.controlling.chart.indicator_svg`, shared with
    the web app's dashboard) in the report's font (a city's own font where one is set)."""
    family = ", ".join(
        f"'{f}'" if f != "sans-serif" else f for f in matplotlib.rcParams["font.sans-serif"]
    )
    return shared_indicator_svg(path, targets, actuals, unit, language, family, statements)


def indicator_figure(
    path: list[tuple[str, float]],
    targets: list[tuple[str, float]],
    actuals: list[tuple[str, float]],
    unit: str,
    language: str,
    statements: list[tuple[str, str]] | None = None,
) -> MplFigure:
    """The SVG's chart (:func:`lipkit.controlling.chart.indicator_svg`) drawn by matplotlib,
    for the PNG of DOCX: the same time axis, labelled at the same dates."""
    import datetime as dt

    from lipkit.controlling.chart import (
        MAX_STATEMENTS,
        STATEMENT_CHARS,
        date_ticks,
        time_span,
        value_ticks,
    )
    from lipkit.controlling.value_text import comment_text

    def day(d: str) -> float:
        return float(dt.date.fromisoformat(d).toordinal())

    def xy(points: list[tuple[str, float]]) -> tuple[list[float], list[float]]:
        return [day(d) for d, _ in points], [v for _, v in points]

    said = (statements or [])[-MAX_STATEMENTS:]
    days = [day(d) for d, _ in path + targets + actuals] + [day(d) for d, _ in said]
    fig, ax = plt.subplots(figsize=(TEXT_WIDTH_CM * CM, chart_height_cm(unit, said) * CM))
    x0, x1 = time_span(days)
    ax.set_xlim(x0, x1)
    ticks = date_ticks(days, x0, x1)
    ax.set_xticks([t for t, _ in ticks], [label for _, label in ticks])
    if unit == "qualitative":
        # No numbers: each statement a dot at its date, its text beside it, the oldest lowest.
        ax.set_ylim(0, len(said) + 1)
        ax.yaxis.set_visible(False)
        for side in ("left", "top", "right"):
            ax.spines[side].set_visible(False)
        middle = (x0 + x1) / 2
        for i, (d, text) in enumerate(said, start=1):
            words = comment_text(text, language)
            if len(words) > STATEMENT_CHARS:
                words = words[: STATEMENT_CHARS - 1].rstrip() + "…"
            ax.vlines(day(d), 0, i, colors=BAR_COLOUR, linestyles=":", linewidth=0.6)
            left = day(d) <= middle
            ax.annotate(
                words,
                (day(d), i),
                textcoords="offset points",
                xytext=(6 if left else -6, 0),
                ha="left" if left else "right",
                va="center",
                fontsize=7,
            )
        label = catalogue.text("plan_chart.statement", language)
        ax.plot(
            *([day(d) for d, _ in said], list(range(1, len(said) + 1))),
            "o",
            color=BAR_COLOUR,
            label=label,
        )
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=7)
        fig.tight_layout()
        return fig
    path_label = catalogue.text("chart.target_path", language)
    target_label = catalogue.text("chart.target", language)
    actual_label = catalogue.text("chart.actual", language)
    ax.plot(*xy(path), linestyle="--", color="#777777", linewidth=1, label=path_label)
    ax.plot(*xy(targets), linestyle="none", marker="D", color="#E69F00", label=target_label)
    ax.plot(*xy(actuals), marker="o", color=BAR_COLOUR, linewidth=1.5, label=actual_label)
    for x, y in zip(*xy(actuals), strict=True):
        digits = 0 if float(y).is_integer() else 1
        text = (format_percent if unit == "percent" else format_number)(
            y, digits, language=language
        )
        ax.annotate(
            text, (x, y), textcoords="offset points", xytext=(0, 6), ha="center", fontsize=7
        )
    top = max([v for _, v in path + targets + actuals] or [1.0])
    y1 = top * 1.15 if top > 0 else 1.0
    ax.set_ylim(0, y1)
    # The SVG's ticks and labels: matplotlib's own put ticks at 2.5, 7.5 and labelled them
    # "3", "8" (whole numbers, rounded half up).
    values, digits = value_ticks(y1)
    written = format_percent if unit == "percent" else format_number
    ax.set_yticks(values, [written(v, digits, language=language) for v in values])
    ax.grid(axis="y", color="#dddddd", linewidth=0.5)
    ax.set_axisbelow(True)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=7)
    fig.tight_layout()
    return fig


def change_bars(
    labels: list[str],
    earlier: list[float],
    current: list[float],
    notes: list[str],
    waves: tuple[str, str],
    *,
    language: str = "de",
) -> Rendered:
    """Paired bars per item (earlier wave light, current wave dark, shares 0..100) with the
    change written at the right (``notes``, e.g. "+12 pp ▲ · n 210/254")."""
    height = _change_height(labels)
    args = (labels, earlier, current, notes, waves, language)
    return _drawn("change", args, TEXT_WIDTH_CM, height)


def _change_height(labels: list[str]) -> float:
    lines = max((_wrap(label, 44).count("\n") + 1 for label in labels), default=1)
    return max(len(labels) * max(1.0, lines * 0.28 + 0.3) + 1.8, 4.0)


def change_figure(
    labels: list[str],
    earlier: list[float],
    current: list[float],
    notes: list[str],
    waves: tuple[str, str],
    language: str,
) -> MplFigure:
    fig, ax = plt.subplots(figsize=(TEXT_WIDTH_CM * CM, _change_height(labels) * CM))
    rows = list(range(len(labels)))[::-1]
    bar = 0.36
    before = [y + bar / 2 for y in rows]
    after = [y - bar / 2 for y in rows]
    ax.barh(
        before,
        earlier,
        height=bar,
        color="#9ecae1",
        label=waves[0],
        hatch="///",
        edgecolor="white",
        linewidth=0,
    )
    ax.barh(after, current, height=bar, color=BAR_COLOUR, label=waves[1])
    for y, value in [*zip(before, earlier, strict=True), *zip(after, current, strict=True)]:
        ax.text(value + 1, y, format_percent(value, language=language), va="center", fontsize=6.5)
    for y, note in zip(rows, notes, strict=True):
        ax.text(1.02, y, note, va="center", fontsize=7, transform=ax.get_yaxis_transform())
    ax.set_yticks(rows, [_wrap(label, 44) for label in labels], fontsize=6.5)
    ticks = [0, 20, 40, 60, 80, 100]
    ax.set_xlim(0, 100)
    ax.set_xticks(ticks, [format_percent(v, language=language) for v in ticks])
    ax.grid(axis="x", color="#dddddd", linewidth=0.5)
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, frameon=False, fontsize=7)
    fig.tight_layout()
    fig.subplots_adjust(right=0.78)
    return fig


def trend_lines(
    labels: list[str], waves: list[str], values: list[list[float | None]], *, language: str = "de"
) -> Rendered:
    """One line per item across the waves (shares 0..100; None where not asked), the legend
    below the plot (the items' labels are long)."""
    return _drawn("trend", (labels, waves, values, language), TEXT_WIDTH_CM, _trend_height(labels))


def _trend_height(labels: list[str]) -> float:
    lines = sum(_wrap(label, TREND_WRAP).count("\n") + 1 for label in labels)
    return 6.5 + 0.34 * lines + 0.15 * len(labels)


TREND_WRAP = 90


def trend_figure(
    labels: list[str], waves: list[str], values: list[list[float | None]], language: str
) -> MplFigure:
    height = _trend_height(labels)
    fig, ax = plt.subplots(figsize=(TEXT_WIDTH_CM * CM, height * CM))
    markers = "osD^vP*X"
    for i, (label, series) in enumerate(zip(labels, values, strict=True)):
        points = [(x, v) for x, v in enumerate(series) if v is not None]
        ax.plot(
            [x for x, _ in points],
            [v for _, v in points],
            marker=markers[i % len(markers)],
            color=OKABE_ITO[i % len(OKABE_ITO)],
            linewidth=1.5,
            label=_wrap(label, TREND_WRAP),
        )
    # the latest value at each line's end, moved apart where lines end close together
    ends = sorted(
        (next(v for v in reversed(series) if v is not None), i)
        for i, series in enumerate(values)
        if any(v is not None for v in series)
    )
    placed: list[float] = []
    for value, i in ends:
        y = max(value, placed[-1] + 4.5) if placed else value
        placed.append(y)
        x = max(x for x, v in enumerate(values[i]) if v is not None)
        ax.annotate(
            format_percent(value, language=language),
            (x, value),
            xytext=(x + 0.06, y),
            textcoords="data",
            va="center",
            fontsize=6.5,
            color=OKABE_ITO[i % len(OKABE_ITO)],
        )
    ax.set_xticks(range(len(waves)), waves)
    ax.set_xlim(-0.2, len(waves) - 1 + 0.35)
    ax.set_ylim(0, 100)
    ax.yaxis.set_major_formatter(lambda v, _: format_percent(v, language=language))
    ax.grid(axis="y", color="#dddddd", linewidth=0.5)
    ax.set_axisbelow(True)
    # the plot takes its top 5.5 cm; the legend, one item a row, goes below it
    top, bottom = 1 - 0.3 / height, 1 - 5.5 / height
    fig.subplots_adjust(left=0.1, right=0.95, top=top, bottom=bottom)
    ax.legend(
        loc="upper left",
        bbox_to_anchor=(-0.08, -0.8 / ((top - bottom) * height)),
        frameon=False,
        fontsize=7,
        ncol=1,
    )
    return fig


_FIGURES: dict[str, Callable[..., MplFigure]] = {
    "indicator": indicator_figure,
    "change": change_figure,
    "trend": trend_figure,
    "stacked": lambda rows, categories, colours, language: stacked_figure(
        rows, categories, colours, language=language
    ),
    "share": lambda labels, shares, colours, language: share_figure(
        labels, shares, colours, language=language
    ),
}
