"""The report as PDF: WeasyPrint lays out the same HTML with the print styles (A4), tagged.

The PDF is PDF/UA-1 (``pdf_variant="pdf/ua-1"``): a structure tree with headings, tables with
header cells, figures with their alt text, document language and title, as BITV 2.0 asks of
a public body's documents. Two things WeasyPrint (70) leaves out are added while it writes:

* running headers and page numbers (page margin boxes) are marked as artifacts, not as text
  that belongs to no structure element (PDF/UA: content is either tagged or an artifact);
* an element with its own ``lang`` (a German quote in an English report) carries ``/Lang``
  in its structure element, so that a screen reader switches its voice.
"""

from __future__ import annotations

import logging
import re
from contextlib import contextmanager
from pathlib import Path

PDF_VARIANT = "pdf/ua-1"
# A page ending with more than this share of its height empty, because the figure that
# follows did not fit, gets the paragraph after the figure instead (as a page float would).
MAX_GAP = 0.25


def write_pdf(html: str, path: Path, *, deferred: list[str] | None = None) -> None:
    """Write the PDF. ``deferred``: figures already found by :func:`figures_to_defer` (then
    the pages are laid out once); ``None``: found here, with one more layout pass."""
    from weasyprint import HTML

    _quiet()
    if deferred is None:
        deferred = figures_to_defer(html, path.parent)
    html = defer_figures(html, deferred)
    document = HTML(string=html, base_url=str(path.parent)).render(pdf_variant=PDF_VARIANT)
    with _tagging_fixes(document):
        document.write_pdf(path, pdf_variant=PDF_VARIANT)


def _quiet() -> None:
    # WeasyPrint and fontTools log every unsupported CSS property and font table at WARNING;
    # none of them concern the report's content.
    for name in ("weasyprint", "fontTools"):
        logging.getLogger(name).setLevel(logging.ERROR)


# Moving one figure may push it, or the next one, into a gap again: the pages are laid out
# again, with the figures found so far moved, at most this many times in all.
DEFER_PASSES = 2


def figures_to_defer(html: str, base: Path | None = None) -> list[str]:
    """Lay the pages out (charts may be empty placeholders of their size) and name the
    figures that would leave a gap before them."""
    from weasyprint import HTML

    _quiet()
    found: list[str] = []
    for _ in range(DEFER_PASSES):
        moved = defer_figures(html, found)
        document = HTML(string=moved, base_url=str(base) if base else None).render()
        # A figure found again gives way to one more paragraph.
        more = _figures_after_gaps(document)
        if not more:
            break
        found += more
    return found


def _figures_after_gaps(document) -> list[str]:
    """Ids of figures that open a page because they did not fit on the one before, where
    that page is left more than ``MAX_GAP`` empty."""
    from weasyprint.formatting_structure import boxes

    found = []
    previous_bottom = None
    for page in document.pages:
        frame = page._page_box
        top, height = frame.content_box_y(), frame.height
        flow = [
            box
            for box in frame.descendants()
            if isinstance(box, boxes.BlockBox) and box.element_tag in ("figure", "p", "div")
        ]
        first = min(flow, key=lambda b: b.position_y, default=None)
        if (
            first is not None
            and first.element_tag == "figure"
            and previous_bottom is not None
            and previous_bottom > MAX_GAP * height
            and first.element.get("id")
        ):
            found.append(first.element.get("id"))
        bottoms = [b.position_y + b.margin_height() for b in flow]
        previous_bottom = (top + height - max(bottoms)) if bottoms else None
    return found


_BODY = "(?:(?!</figure>).)*"
# The note under a figure (its base, its order) stays with it.
_NOTE = '(?:\\n<p class="note">(?:(?!</p>).)*</p>)?'


def defer_figures(html: str, ids: list[str]) -> str:
    """Move each figure named in ``ids`` after the paragraph that follows it; where more
    figures follow it directly, the paragraph after them comes first and the figures keep
    their order (as floats do: the text flows on, the figures wait)."""
    for fid in ids:
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
