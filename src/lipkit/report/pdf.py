"""The report as PDF: WeasyPrint lays out the same HTML with the print styles (A4), tagged.

The PDF is PDF/UA-1 (``pdf_variant="pdf/ua-1"``): a structure tree with headings, tables with
header cells, figures with their alt text, document language and title, as BITV 2.0 asks of
a public body's documents. Two things WeasyPrint (70) leaves out are added while it writes:

* running headers and page numbers (page margin boxes) are marked as artifacts, not as text
  that belongs to no structure element (PDF/UA: content is either tagged or an artifact);
* a chart's text (SVG ``<text>``) is laid out and drawn as one run, not letter by letter
  (WeasyPrint lays out every letter of an SVG text with Pango: half of the PDF's time went
  to the charts' labels), where the text has one position and no per-letter spacing;
* an element with its own ``lang`` (a German quote in an English report) carries ``/Lang``
  in its structure element, so that a screen reader switches its voice.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from collections.abc import Callable
from contextlib import contextmanager, suppress
from pathlib import Path

PDF_VARIANT = "pdf/ua-1"
# A page ending with more than this share of its height empty, because the figure that
# follows did not fit, gets the paragraph after the figure instead (as a page float would).
MAX_GAP = 0.25
# Where the text after such a figure cannot fill the gap (a heading follows), the figure
# goes before at most this many paragraphs at the end of the page before (together at most
# MAX_GAP of a page high), if it fits there.
MAX_ADVANCE = 2
# In the list of figures to move: this before an id moves the figure one paragraph earlier.
ADVANCE = "^"


def import_weasyprint() -> None:
    """Import WeasyPrint, its native libraries looked up in the dynamic linker's cache, read
    once.

    WeasyPrint loads Pango, HarfBuzz, fontconfig and GObject through cffi, trying names for
    every platform (``libgobject-2.0-0``, ``gobject-2.0-0``, ``gobject-2.0``, ...). For each
    name, cffi asks ``ctypes.util.find_library``, which on Linux runs ``ldconfig -p``, then
    ``gcc`` and ``ld`` where that finds nothing: 54 processes, a third of the import's time
    (0.15-0.2 s of every report's start, on the path nothing else runs beside). Here it is
    answered from one ``ldconfig -p``, read as ``find_library`` reads it (which then returns
    the same sonames; a name the cache lacks is not looked for with ``gcc``: WeasyPrint's
    last names are sonames, which the loader finds on its own search path). Where there is no
    such cache (not glibc), as without."""
    if "weasyprint" in sys.modules:
        return
    import ctypes.util

    sonames = _linker_cache()
    find_library = ctypes.util.find_library
    if sonames is not None:
        ctypes.util.find_library = lambda name: _soname(sonames, name)
    try:
        import weasyprint  # noqa: F401
    finally:
        ctypes.util.find_library = find_library


def _linker_cache() -> bytes | None:
    """``ldconfig -p`` as ``ctypes.util.find_library`` runs it (glibc's), or None."""
    import subprocess

    try:
        done = subprocess.run(
            ["/sbin/ldconfig", "-p"],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            env={"LC_ALL": "C", "LANG": "C"},
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return done.stdout


def _soname(cache: bytes, name: str) -> str | None:
    """``ctypes.util.find_library(name)``'s first step on Linux (the linker's cache), on
    ``cache``: the soname of ``lib<name>`` for this machine's ABI, or None."""
    import struct

    bits = "-32" if struct.calcsize("l") == 4 else "-64"
    abi = {
        "x86_64-64": "libc6,x86-64",
        "ppc64-64": "libc6,64bit",
        "sparc64-64": "libc6,64bit",
        "s390x-64": "libc6,64bit",
        "ia64-64": "libc6,IA-64",
    }.get(os.uname().machine + bits, "libc6")
    found = re.search(os.fsencode(rf"\s+(lib{re.escape(name)}\.[^\s]+)\s+\({abi}"), cache)
    return os.fsdecode(found.group(1)) if found else None


import_weasyprint()


def write_pdf(
    html: str,
    path: Path,
    *,
    deferred: list[str] | None = None,
    laid_out: PlaceholderPages | None = None,
) -> None:
    """Write the PDF. ``deferred``: figures already found by :func:`figures_to_defer` (then
    the pages are laid out once); ``None``: found here, with one more layout pass.
    ``laid_out``: the pages of that pass (``figures_to_defer(html, base, laid_out)``), laid
    out with placeholder charts: the PDF is made from them (each chart drawn in its
    placeholder's box; the pages that hold a figure that moves or a chart of another size
    than its placeholder laid out again, and those after them until they start as before),
    instead of laying out the whole document anew; where they are not of ``html`` but for
    its images (other text) or of another folder, as without."""
    from weasyprint import HTML

    _quiet()
    if deferred is None:
        deferred = figures_to_defer(html, path.parent)
    if laid_out is not None:
        document = laid_out.document(html, deferred, path.parent)
        if document is not None:
            with _tagging_fixes(document), _whole_svg_texts():
                document.write_pdf(path, pdf_variant=PDF_VARIANT)
            return
    html = defer_figures(html, deferred)
    document = HTML(string=html, base_url=str(path.parent)).render(pdf_variant=PDF_VARIANT)
    with _tagging_fixes(document), _whole_svg_texts():
        document.write_pdf(path, pdf_variant=PDF_VARIANT)


def write_pdf_as_drawn(
    laid_out: PlaceholderPages, charts: dict[str, Callable[[], str]], path: Path
) -> bool:
    """Write the PDF from pages made before the charts were drawn
    (:meth:`PlaceholderPages.finish_before_charts`), each page painted as soon as its own
    charts are there, while the workers still draw those of the pages after it: the charts
    are drawn in the document's order, and painting the PDF after the last of them left the
    other core idle. ``charts``: per figure's HTML id, the ``src`` of its chart (a function
    that waits for it). False, with nothing written, where the pages were not made or a
    chart does not take exactly its placeholder's room (the PDF is then laid out anew)."""
    _quiet()
    document = laid_out.painting_as_drawn(charts)
    if document is None:
        return False
    try:
        with _tagging_fixes(document), _whole_svg_texts():
            document.write_pdf(path, pdf_variant=PDF_VARIANT)
    except _OutOfRoom:
        return False
    return True


class _OutOfRoom(Exception):
    """A drawn chart does not take its placeholder's room: its page is laid out otherwise."""


def _quiet() -> None:
    # WeasyPrint and fontTools log every unsupported CSS property and font table at WARNING;
    # none of them concern the report's content.
    for name in ("weasyprint", "fontTools"):
        logging.getLogger(name).setLevel(logging.ERROR)


# The pages are laid out once (with empty charts) to find the figures that leave a gap and
# how much text after each fills it; a second pass found the same figures again in the demo
# (moving them one paragraph at a time), at 1.5 s a pass.
DEFER_PASSES = 1
# Rounds of laying the pages out again until the page numbers settle (WeasyPrint's own
# ``layout_document``: max_loops).
LAYOUT_LOOPS = 8


def figures_to_defer(
    html: str, base: Path | None = None, laid_out: list[PlaceholderPages] | None = None
) -> list[str]:
    """Lay the pages out (charts may be empty placeholders of their size) and name the
    figures that would leave a gap before them, each once per paragraph it waits for.
    ``laid_out``: a list that gets the laid-out pages (:class:`PlaceholderPages`), for
    :func:`write_pdf` to make the PDF from."""
    _quiet()
    found: list[str] = []
    for _ in range(DEFER_PASSES):
        pages = PlaceholderPages(html, base, list(found))
        more = pages.deferred
        if laid_out is not None:
            laid_out[:] = [pages]
        if not more:
            break
        found += more
    return found


class PlaceholderPages:
    """The pages of ``defer_figures(html, applied)`` as WeasyPrint lays them out, each page
    once: the page numbers that the table of contents and the lists of figures and tables
    show are not settled yet (WeasyPrint lays those pages out again twice, a tenth of the
    pass; they start anew and end with a forced break, so what they hold changes neither
    where the other pages' content falls nor their size, only, were the table of contents to
    grow by a page, the number of each page after it, which :func:`_figures_after_gaps` does
    not look at). ``deferred``: the figures that leave a gap (:func:`_figures_after_gaps`).

    :meth:`document` makes the final document from these pages: WeasyPrint's own re-layout
    (as for page numbers: a page is laid out again when what it starts with or holds
    changed, the pages before are kept) from the first page that holds a moved block."""

    def __init__(self, html: str, base: Path | None, applied: list[str]) -> None:
        from weasyprint import DEFAULT_OPTIONS, HTML
        from weasyprint.css.counters import CounterStyle
        from weasyprint.document import Document
        from weasyprint.formatting_structure.build import build_formatting_structure
        from weasyprint.layout import initialize_page_maker
        from weasyprint.layout.page import make_all_pages
        from weasyprint.pdf import VARIANTS
        from weasyprint.text.fonts import FontConfiguration

        self.placeholders, self.base, self.applied = html, base, applied
        self.html = HTML(string=defer_figures(html, applied), base_url=str(base) if base else None)
        options = dict(DEFAULT_OPTIONS, pdf_variant=PDF_VARIANT)
        for key, value in VARIANTS[PDF_VARIANT][1].items():
            if options.get(key) is None:
                options[key] = value
        self.options = options
        self.font_config, self.counter_style = FontConfiguration(), CounterStyle()
        self.color_profiles: dict = {}
        context = Document._build_layout_context(
            self.html, self.font_config, self.counter_style, self.color_profiles, options
        )
        self.context = context
        self.root_box = build_formatting_structure(
            self.html.etree_element,
            context.style_for,
            context.get_image_from_uri,
            self.html.base_url,
            context.target_collector,
            self.counter_style,
            context.footnotes,
        )
        initialize_page_maker(context, self.root_box)
        self.footnotes = context.footnotes.copy()  # as layout_document keeps them
        self.pages = list(make_all_pages(context, self.root_box, self.html, []))
        for _, _, _, page_state, _ in context.page_maker:
            page_state[1]["pages"] = [len(self.pages)]
        self.deferred = _figures_after_gaps(_Pages(self.pages))
        self.moved_to: list[str] | None = None  # laid out with these moved (move_figures)
        self.made = None  # the document of the pages, made before the charts are drawn

    def move_figures(self, deferred: list[str]) -> bool:
        """Lay the pages out again with the figures of ``deferred`` moved and the page
        numbers settled, the charts still placeholders: the report does this while the
        workers draw the charts, and :meth:`document` then only draws them in (a page is
        laid out once more only where a chart does not take its placeholder's room). False
        where the figures moved otherwise than as siblings in their parent (the pages are
        then not used)."""
        moved = self._move(defer_figures(self.placeholders, deferred))
        if moved is None:
            self.pages = []
            return False
        self._lay_out_again(set(moved))
        self.moved_to = list(deferred)
        return True

    def finish_before_charts(self, deferred: list[str]) -> bool:
        """:meth:`move_figures`, and the document made of the pages (margin boxes, links,
        bookmarks) before the charts are drawn, as the report does it while the workers draw:
        :meth:`document` then only puts the charts into their boxes, or, where one does not
        take exactly its placeholder's room, gives None (the PDF is then laid out anew)."""
        if not self.move_figures(deferred):
            return False
        self.made = self._document()
        return True

    def document(self, html: str, deferred: list[str], base: Path | None):
        """The WeasyPrint document of ``defer_figures(html, deferred)``, made from these
        pages (moved by :meth:`move_figures` where not yet), or None where ``html`` is not
        the laid-out HTML with other images (the drawn charts), or the figures moved
        otherwise than as siblings in their parent."""
        from html import unescape

        from weasyprint.formatting_structure import boxes

        if base != self.base or not (self.pages or self.made):
            return None
        order = self.applied if self.moved_to is None else self.moved_to
        # The same HTML but for the charts' data, the charts in the same order.
        ours = _IMG_SRC.split(defer_figures(self.placeholders, order))
        theirs = _IMG_SRC.split(defer_figures(html, order))
        if len(ours) != len(theirs) or ours[::2] != theirs[::2]:
            return None
        if self.moved_to is None:
            if not self.move_figures(deferred):
                return None
        elif deferred != self.moved_to:
            return None
        made, self.made = self.made, None  # drawn into once
        if made is None and not self.pages:
            return None
        elements = [e for e in self.html.etree_element.iter() if e.get("src") is not None]
        if len(elements) != len(ours) // 2:
            return None
        # In the order of the moved figures, as the elements now are.
        theirs = _IMG_SRC.split(defer_figures(html, deferred))
        context = self.context
        changed: set = set()
        drawn = set()
        for element, src in zip(elements, map(unescape, theirs[1::2]), strict=True):
            if element.get("src") != src:
                element.set("src", src)
                drawn.add(element)
        charts: dict = {}
        root = self.html.etree_element
        parents = {child: parent for parent in root.iter() for child in parent}
        pages = self.pages if made is None else [page._page_box for page in made.pages]
        for box in [self.root_box, *pages]:
            laid_out = box is not self.root_box
            for child in box.descendants():
                if not isinstance(child, boxes.ReplacedBox) or child.element not in drawn:
                    continue
                if child.element not in charts:
                    charts[child.element] = _image(context, child, self.html.base_url)
                    if charts[child.element] is None:
                        return None
                chart = charts[child.element]
                if laid_out and not _same_room(child, chart):
                    if made is not None:
                        return None  # the pages are finished: laid out anew
                    # laid out again, as a block of another size: its page and the one
                    # that ends before it
                    changed.add(child.element)
                    changed.update(_before(child.element, parents))
                child.replacement = chart
        if made is not None:
            return made
        if changed:
            self._lay_out_again(changed)
        return self._document()

    def painting_as_drawn(self, charts: dict[str, Callable[[], str]]):
        """The document made by :meth:`finish_before_charts`, each page of which, when it is
        painted, first puts into their boxes the charts it holds (``charts``: per figure's
        HTML id), waiting for them; painting raises ``_OutOfRoom`` where one does not take
        exactly its placeholder's room. None where the document was not made."""
        from weasyprint.formatting_structure import boxes

        made, self.made = self.made, None  # drawn into once
        if made is None:
            return None
        root = self.html.etree_element
        figure_of = {}
        for figure in root.iter("figure"):
            if figure.get("id") in charts:
                for element in figure.iter("img"):
                    figure_of[element] = figure.get("id")
        images: dict = {}
        context, base_url = self.context, self.html.base_url

        def put_in(box) -> None:
            element = box.element
            if element not in images:
                element.set("src", charts[figure_of[element]]())
                images[element] = _image(context, box, base_url)
            chart = images[element]
            if chart is None or not _same_room(box, chart):
                raise _OutOfRoom(figure_of[element])
            box.replacement = chart

        for page in made.pages:
            held = [
                child
                for child in page._page_box.descendants()
                if isinstance(child, boxes.ReplacedBox) and child.element in figure_of
            ]
            if held:
                page.paint = _painting_after(page.paint, held, put_in)
        return made

    def _move(self, html: str) -> list | None:
        """Order the elements and boxes as in ``html`` (the laid-out HTML with other figures
        moved); the elements that moved, or None where ``html`` differs otherwise."""
        from weasyprint import HTML

        if html == defer_figures(self.placeholders, self.applied):
            return []
        target = HTML(string=html).etree_element
        moved: list = []
        root = self.html.etree_element
        if not _reorder(root, target, moved) or _signature(root) != _signature(target):
            return None
        parents = {id(parent): order for parent, order, _ in moved}
        elements = [e for _, _, elements in moved for e in elements]
        at = {id(e): n for _, order, _ in moved for n, e in enumerate(order)}
        found = set()
        for box in self.root_box.descendants():
            if id(getattr(box, "element", None)) not in parents or not hasattr(box, "children"):
                continue
            kids = box.children
            if any(id(getattr(k, "element", None)) not in at for k in kids):
                return None  # an anonymous or generated box among them
            if len({id(k.element) for k in kids}) != len(kids):
                return None
            box.children = sorted(kids, key=lambda k: at[id(k.element)])
            found.add(id(box.element))
        if found != set(parents):
            return None
        return elements

    def _lay_out_again(self, changed: set) -> None:
        """WeasyPrint's own re-layout of these pages (the loop of ``layout_document``, as
        ``HTML.render`` runs it: until the page numbers settle): each page that holds an
        element of ``changed`` is laid out again (and, where that changes where it ends, the
        pages after it until they start as before), and the pages that show page numbers.
        What ``layout_document`` does after that loop (margin boxes, bookmarks) changes the
        pages, so it runs only once, in :meth:`_document`, when nothing is laid out again."""
        from weasyprint.layout.page import make_all_pages

        context, pages = self.context, self.pages
        for page, state in zip(pages, context.page_maker, strict=False):
            if any(getattr(b, "element", None) in changed for b in page.descendants()):
                state[-1]["content_changed"] = True
        total = 0  # as layout_document starts: pages that show the total are laid out again
        for _ in range(LAYOUT_LOOPS):
            context.footnotes = self.footnotes.copy()
            before, pages = total, list(make_all_pages(context, self.root_box, self.html, pages))
            total = len(pages)
            again = False
            for *_, page_state, remake_state in context.page_maker:
                page_state[1]["pages"] = [total]
                again |= remake_state["content_changed"]
                again |= remake_state["pages_wanted"] and before != total
            if not again:
                break
        self.pages = pages

    def _document(self):
        """The document of the laid-out pages, as ``HTML.render`` makes it."""
        from weasyprint import layout as layout_module
        from weasyprint.document import Document, Page
        from weasyprint.html import get_html_metadata
        from weasyprint.pdf.metadata import DocumentMetadata

        kept, self.pages = self.pages, []  # drawn from: not to be used again
        # layout_document's loop finds every page up to date (its first round lays out the
        # pages that show the total again where that count differs from 0: they are handed
        # back as they are), then it adds the margin boxes and bookmarks.
        make_all_pages = layout_module.make_all_pages
        initialize_page_maker = layout_module.initialize_page_maker
        layout_module.make_all_pages = lambda *args: kept
        layout_module.initialize_page_maker = lambda *args: None
        self.context.footnotes = self.footnotes.copy()
        try:
            pages = list(layout_module.layout_document(self.html, self.root_box, self.context))
        finally:
            layout_module.make_all_pages = make_all_pages
            layout_module.initialize_page_maker = initialize_page_maker
        document = Document(
            [Page(page) for page in pages],
            DocumentMetadata(**get_html_metadata(self.html)),
            self.html.url_fetcher,
            self.font_config,
            self.color_profiles,
            self.options["output_intent"],
        )
        document._html = self.html
        return document


def _painting_after(paint: Callable, held: list, put_in: Callable) -> Callable:
    """A page's ``paint``, which first puts in the charts of its boxes ``held``."""

    def painted(*args, **kwargs):
        for box in held:
            put_in(box)
        return paint(*args, **kwargs)

    return painted


# src="…" (of an image; quotes in text are escaped): split, the HTML around the sources
# (even items) and the sources (odd items).
_IMG_SRC = re.compile(r'(?<=\ssrc=")([^"]*)(?=")')


class _Pages:
    """Laid-out page boxes, as :func:`_figures_after_gaps` reads a document's pages."""

    def __init__(self, page_boxes: list) -> None:
        self.pages = [_Page(box) for box in page_boxes]


class _Page:
    def __init__(self, page_box) -> None:
        self._page_box = page_box


def _name(element) -> tuple:
    return (element.tag, sorted(element.attrib.items()))


def _signature(element) -> str:
    return repr((_name(element), "".join(element.itertext())))


def _reorder(old, new, moved: list) -> bool:
    """Give ``old``'s children (and theirs, and so on) the order of ``new``'s, where they
    are the same children in another order; False where they differ otherwise. ``moved``
    gets (parent, children in their new order) of each parent whose children moved."""
    from collections import defaultdict, deque

    mine, theirs = list(old), list(new)
    if len(mine) != len(theirs):
        return False
    if [_name(e) for e in mine] != [_name(e) for e in theirs]:
        # Children in another order: each found by its name and text.
        a, b = [_signature(e) for e in mine], [_signature(e) for e in theirs]
        if sorted(a) != sorted(b):
            return False
        pool: dict = defaultdict(deque)
        for element, signature in zip(mine, a, strict=True):
            pool[signature].append(element)
        before = mine
        mine = [pool[signature].popleft() for signature in b]
        old[:] = mine
        # What moved, and what now comes before it (its page decides where it breaks).
        changed = [n for n, (e, f) in enumerate(zip(before, mine, strict=True)) if e is not f]
        moved.append((old, mine, [mine[n] for n in range(len(mine)) if {n, n + 1} & set(changed)]))
    return all(_reorder(x, y, moved) for x, y in zip(mine, theirs, strict=True))


def _image(context, box, base_url):
    """The image of an ``<img>`` element's box, as WeasyPrint's ``handle_img`` gets it."""
    from weasyprint.html import parse_url

    src = parse_url(box.element.get("src"), base_url)
    if not src:
        return None
    return context.get_image_from_uri(url=src, orientation=box.style["image_orientation"])


# How far (in CSS pixels) a chart may be from its placeholder's size and still be drawn in
# its laid-out box. The placeholder gives its size as matplotlib writes a chart's, in points
# to six places (controlling.chart.svg_points), and so does the controlling chart: the demo's
# 30 charts fit exactly. When the placeholder was given in cm to three places, 8 of them
# (16 cm: 604.7240 px against 604.7244 px) had their pages laid out again.
ROOM = 1e-6


def _before(element, parents: dict) -> list:
    """The element before ``element`` and before each of its ancestors."""
    found = []
    while (parent := parents.get(element)) is not None:
        siblings = list(parent)
        at = siblings.index(element)
        if at:
            found.append(siblings[at - 1])
        element = parent
    return found


def _same_room(box, chart) -> bool:
    """Whether ``chart`` takes the room that the laid-out image ``box`` was given (to
    ``ROOM``): where only the width is set (in the report: a share of the page, held by
    ``max-width``), the same width/height ratio; where neither is, the chart's own width
    held by ``min-width`` and ``max-width``. The same rule must give the placeholder's box."""
    style = box.style
    if style["height"] != "auto":
        return False

    def room(image) -> tuple[float, float]:
        width, _, ratio = image.get_intrinsic_size(style["image_resolution"], style["font_size"])
        if width is None or not ratio:
            return -1.0, -1.0
        if style["width"] == "auto":
            width = min(max(width, box.min_width), box.max_width)
        else:
            width = box.width
        return width, width / ratio

    return all(
        abs(a - b) <= ROOM
        for image in (box.replacement, chart)
        for a, b in zip(room(image), (box.width, box.height), strict=True)
    )


# Bumped when the kept decision's meaning or file changes: older files are then not used.
DEFER_FORMAT = 1
# Where fontconfig finds the system's fonts (the fallbacks of the report's CSS).
FONT_FOLDERS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.fonts", "~/.local/share/fonts")


def kept_figures_to_defer(
    html: str,
    base: Path | None,
    cache: Path | None,
    laid_out: list[PlaceholderPages] | None = None,
) -> list[str]:
    """:func:`figures_to_defer`, kept in ``cache`` as ``defer-<key>.json`` for the next build
    (:func:`defer_key`): a report built again with the same HTML skips that layout pass. A
    kept file that cannot be read or is not a list of figure ids is ignored (laid out anew and
    written again); ``cache`` None or not writable: laid out as without. ``laid_out``: gets
    the pages where they are laid out (not where the kept decision is taken)."""

    def lay_out() -> list[str]:
        if laid_out is None:
            return figures_to_defer(html, base)
        return figures_to_defer(html, base, laid_out)

    if cache is None:
        return lay_out()
    path = cache / f"defer-{defer_key(html, base)}.json"
    try:
        kept = json.loads(path.read_bytes())
    except (OSError, ValueError):
        kept = None
    if isinstance(kept, list) and all(isinstance(fid, str) and fid for fid in kept):
        with suppress(OSError):  # used: kept for another CACHE_DAYS (charts.prune_cache)
            os.utime(path)
        return kept
    found = lay_out()
    part = path.with_name(f"{path.name}.{os.getpid()}.part")
    try:
        cache.mkdir(parents=True, exist_ok=True)  # a build without workers made no chart yet
        part.write_text(json.dumps(found), encoding="utf-8")
        os.replace(part, path)  # a build running at the same time never reads half a file
    except OSError:  # a read-only share, a full disk: laid out again next time
        with suppress(OSError):
            part.unlink(missing_ok=True)
    return found


def defer_key(html: str, base: Path | None = None) -> str:
    """The sha256 of what decides which figures move: the HTML given to the layout pass (its
    CSS, the city's font and logo are inside it), the files it refers to relative to
    ``base``, the system's fonts (their names, sizes and times), this module's code, the
    versions of WeasyPrint and its layout libraries, and ``DEFER_FORMAT``."""
    import hashlib
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256(f"lipkit-defer {DEFER_FORMAT}\n".encode())
    for library in ("weasyprint", "pydyf", "tinycss2", "cssselect2", "tinyhtml5", "fonttools"):
        try:
            digest.update(f"{library} {version(library)}\n".encode())
        except PackageNotFoundError:
            digest.update(f"{library} -\n".encode())
    digest.update(Path(__file__).read_bytes())
    digest.update(_font_files().encode())
    digest.update(html.encode())
    if base is not None:
        names = {(m.group(1) or m.group(2)).strip("'\" ") for m in _LOCAL_URL.finditer(html)}
        for name in sorted(names):
            file = base / name
            digest.update(f"\n{name}\n".encode())
            with suppress(OSError):
                if file.is_file():
                    digest.update(file.read_bytes())
    return digest.hexdigest()


# src="…" / href="…" / url(…) that name a file beside the report (no scheme, no data: URL).
_LOCAL_URL = re.compile(
    r"""(?:src|href)="(?![a-z][a-z0-9+.-]*:|#)([^"]+)"|url\(\s*['"]?(?!data:)([^)'"]+)"""
)


def _font_files() -> str:
    """The font files in fontconfig's usual folders: path, size and time of each."""
    lines = []
    for folder in FONT_FOLDERS:
        for root, _, names in os.walk(Path(folder).expanduser()):
            for name in names:
                with suppress(OSError):
                    stat = os.stat(os.path.join(root, name))
                    lines.append(f"{root}/{name} {stat.st_size} {stat.st_mtime_ns}")
    return "\n".join(sorted(lines))


def _figures_after_gaps(document) -> list[str]:
    """Ids of figures that open a page because they did not fit on the one before, where
    that page is left more than ``MAX_GAP`` empty; each id as many times as the paragraphs
    that directly follow the figure (after its notes and the figures right behind it) have
    to move before it to leave less than that gap (as far as such paragraphs go)."""
    from weasyprint.formatting_structure import boxes

    found = []
    previous_bottom = None
    heights: dict[int, float] = {}  # id(element) -> height over all pages (a p may split)
    last_page: dict[int, float] = {}  # id(element) -> its height on the page before
    # (figure element, gap, page height, the figure's height, the page before's paragraphs)
    openers = []
    root = None
    for page in document.pages:
        frame = page._page_box
        top, height = frame.content_box_y(), frame.height
        flow = [
            box
            for box in frame.descendants()
            if isinstance(box, boxes.BlockBox) and box.element_tag in ("figure", "p", "div")
        ]
        on_page: dict[int, float] = {}
        for box in flow:
            if box.element_tag == "p":
                key = id(box.element)
                on_page[key] = max(on_page.get(key, 0.0), box.margin_height())
        for key, h in on_page.items():
            heights[key] = heights.get(key, 0.0) + h
        before, last_page = last_page, on_page
        if root is None:
            root = next((b.element for b in frame.descendants() if b.element_tag == "html"), None)
        first = min(flow, key=lambda b: b.position_y, default=None)
        if (
            first is not None
            and first.element_tag == "figure"
            and previous_bottom is not None
            and previous_bottom > MAX_GAP * height
            and first.element.get("id")
        ):
            openers.append((first.element, previous_bottom, height, first.margin_height(), before))
        bottoms = [b.position_y + b.margin_height() for b in flow]
        previous_bottom = (top + height - max(bottoms)) if bottoms else None
    parents = {id(child): parent for parent in root.iter() for child in parent} if root else {}
    for figure, gap, height, tall, before in openers:
        parent = parents.get(id(figure))
        if parent is None:
            continue
        siblings = list(parent)
        at = siblings.index(figure)
        count, left = _paragraphs_after(siblings[at + 1 :], gap, height, heights)
        if left > MAX_GAP * height:
            # The text after the figure cannot fill the page before (a heading follows):
            # the figure goes before the paragraph(s) that end that page, if it then fits
            # there; they follow it (the gap closes from above instead of from below).
            room = gap
            # its note goes with it
            note = siblings[at + 1] if at + 1 < len(siblings) else None
            if note is not None and note.tag == "p" and note.get("class") == "note":
                tall += heights.get(id(note), 0.0)
            for back, sibling in enumerate(reversed(siblings[:at]), start=1):
                if back > MAX_ADVANCE or sibling.tag != "p" or sibling.attrib:
                    break
                if before.get(id(sibling)) != heights.get(id(sibling)):
                    break  # not on the page before alone
                room += before[id(sibling)]
                if room - gap > MAX_GAP * height:
                    break  # it would pass more than a quarter page of text
                if tall <= room:
                    found += [ADVANCE + figure.get("id")] * back
                    count = 0
                    break
        found += [figure.get("id")] * count
    return found


def _paragraphs_after(
    siblings: list, gap: float, height: float, heights: dict[int, float]
) -> tuple[int, float]:
    """How many of the paragraphs after a figure move before it to close the gap (as far as
    such paragraphs go), and the gap they leave."""
    count = 0
    for sibling in siblings:
        if gap <= MAX_GAP * height:
            break
        if sibling.tag == "figure" or (sibling.tag == "p" and sibling.get("class") == "note"):
            continue  # carried along with the figure
        if sibling.tag != "p" or sibling.attrib:
            break
        gap -= heights.get(id(sibling), 0.0)
        count += 1
    return count, gap


_BODY = "(?:(?!</figure>).)*"
# The note under a figure (its base, its order) stays with it.
_NOTE = '(?:\\n<p class="note">(?:(?!</p>).)*</p>)?'


def defer_figures(html: str, ids: list[str]) -> str:
    """Move each figure named in ``ids`` after the paragraph that follows it (named twice:
    after two paragraphs, and so on), or, named with ``ADVANCE`` before its id, before the
    paragraph that precedes it; where more
    figures follow it directly, the paragraph after them comes first and the figures keep
    their order (as floats do: the text flows on, the figures wait)."""
    for fid in ids:
        if fid.startswith(ADVANCE):
            html = _advance(html, fid.removeprefix(ADVANCE))
            continue
        # A figure's body never runs past its own end tag, so nothing between (a heading)
        # is ever carried along.
        pattern = re.compile(
            rf'(<figure(?: class="[^"]*")? id="{re.escape(fid)}">{_BODY}</figure>{_NOTE}'
            rf'(?:\n<figure(?: class="[^"]*")? id="[^"]*">{_BODY}</figure>{_NOTE})*)'
            r"\n(<p>.*?</p>)",
            re.DOTALL,
        )
        html = pattern.sub(lambda m: f"{m.group(2)}\n{m.group(1)}", html, count=1)
    return html


def _advance(html: str, fid: str) -> str:
    """The figure (with its note) before the paragraph right before it."""
    pattern = re.compile(
        r"(<p>(?:(?!</p>).)*</p>)\n"
        rf'(<figure(?: class="[^"]*")? id="{re.escape(fid)}">{_BODY}</figure>{_NOTE})',
        re.DOTALL,
    )
    return pattern.sub(lambda m: f"{m.group(2)}\n{m.group(1)}", html, count=1)


@contextmanager
def _tagging_fixes(document):
    """Mark margin boxes as artifacts and carry ``lang`` into the structure tree, for the
    time of one ``write_pdf`` (WeasyPrint's own functions are restored afterwards)."""
    import pydyf
    from weasyprint.formatting_structure import boxes
    from weasyprint.pdf import stream as stream_module
    from weasyprint.pdf import tags as tags_module

    build_tree = tags_module._build_box_tree
    marked = stream_module.Stream.marked
    in_margins = {
        id(box)
        for page in document.pages
        for margin in page._page_box.children
        if isinstance(margin, boxes.MarginBox)
        for box in margin.descendants()
    }

    def artifact_or_marked(self, box, tag):
        if id(box) in in_margins:
            return self.artifact()
        return marked(self, box, tag)

    def with_language(box, *args):
        if isinstance(box, boxes.MarginBox):
            return  # drawn as artifacts: not part of the structure tree
        element = getattr(box, "element", None)
        lang = None
        if element is not None and getattr(box, "element_tag", None) not in ("html", "body"):
            lang = element.get("lang")
        for struct in build_tree(box, *args):
            if lang and "Lang" not in struct:
                struct["Lang"] = pydyf.String(lang)
            yield struct

    stream_module.Stream.marked = artifact_or_marked
    tags_module._build_box_tree = with_language
    try:
        yield
    finally:
        stream_module.Stream.marked = marked
        tags_module._build_box_tree = build_tree


@contextmanager
def _whole_svg_texts():
    """For the time of one ``write_pdf``: an SVG ``<text>`` with a single ``x``/``y`` (all
    that matplotlib writes) is shaped and drawn as one line, as a browser does, instead of
    WeasyPrint's one Pango layout and one drawing per letter. Any other text (per-letter
    positions, ``dx``/``dy``, ``rotate``, ``textLength``, letter spacing, baseline
    alignment) is left to WeasyPrint's own function."""
    import importlib
    from math import inf

    from weasyprint import svg as svg_module
    from weasyprint.css.properties import INITIAL_VALUES
    from weasyprint.draw.text import draw_emojis, draw_first_line
    from weasyprint.matrix import Matrix
    from weasyprint.svg.bounding_box import extend_bounding_box
    from weasyprint.svg.utils import normalize, size
    from weasyprint.text.line_break import split_first_line

    text_module = importlib.import_module("weasyprint.svg.text")
    letter_by_letter = text_module.text
    special: tuple[str, ...] = ("dx", "dy", "rotate", "textLength", "letter-spacing")
    special += ("display-anchor", "dominant-baseline", "alignment-baseline")

    def whole(svg, node, font_size):
        attrib = node.attrib
        if (
            not node.text
            or any(name in attrib for name in special)
            or any(len(normalize(attrib.get(a, "")).split()) > 1 for a in ("x", "y"))
        ):
            return letter_by_letter(svg, node, font_size)
        style = text_module.Style()
        style.update(INITIAL_VALUES)
        style.font_config = svg.font_config
        families = node.get("font-family", "sans-serif").split(",")
        style["font_family"] = [family.strip("\"' ") for family in families]
        style["font_style"] = node.get("font-style", "normal")
        weight = node.get("font-weight", 400)
        weight = {"normal": 400, "bold": 700}.get(weight, weight)
        try:
            style["font_weight"] = int(weight)
        except ValueError:
            style["font_weight"] = 400
        style["font_size"] = font_size
        if node.get("direction") in ("ltr", "rtl"):
            style["direction"] = node.get("direction")
        layout, _, _, width, height, baseline = split_first_line(
            node.text, style, svg.context, inf, 0
        )
        x, y = svg.cursor_position
        if "x" in attrib:
            x = size(normalize(attrib["x"]).strip(), font_size, svg.inner_width)
            svg.cursor_d_position[0] = 0
        if "y" in attrib:
            y = size(normalize(attrib["y"]).strip(), font_size, svg.inner_height)
            svg.cursor_d_position[1] = 0
        svg.cursor_position = x + width, y
        left, base = x + svg.cursor_d_position[0], y + svg.cursor_d_position[1]
        # The box that text-anchor (middle, end) shifts by: as WeasyPrint's, for the line.
        node.text_bounding_box = extend_bounding_box(
            node.text_bounding_box,
            ((left, base - baseline), (left + width, base - baseline + height)),
        )
        svg.stream.push_state()
        fill, stroke = svg.set_graphical_state(node, font_size)
        svg.stream.begin_text()
        layout.reactivate(style)
        svg.fill_stroke(fill, stroke, text=True)
        box = text_module.TextBox(layout, style)
        box.baseline = baseline
        emojis = draw_first_line(svg.stream, box, "none", "none", Matrix(a=1, d=-1, e=left, f=base))
        svg.stream.end_text()
        svg.stream.pop_state()
        draw_emojis(svg.stream, style, x, y, emojis)

    # draw_node recognises text by identity with the module's ``text``: both are replaced.
    tags = [tag for tag, draw in svg_module.TAGS.items() if draw is letter_by_letter]
    svg_module.text = whole
    for tag in tags:
        svg_module.TAGS[tag] = whole
    try:
        yield
    finally:
        svg_module.text = letter_by_letter
        for tag in tags:
            svg_module.TAGS[tag] = letter_by_letter
