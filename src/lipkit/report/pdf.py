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
from contextlib import contextmanager
from pathlib import Path

PDF_VARIANT = "pdf/ua-1"


def write_pdf(html: str, path: Path) -> None:
    from weasyprint import HTML

    # WeasyPrint and fontTools log every unsupported CSS property and font table at WARNING;
    # none of them concern the report's content.
    for name in ("weasyprint", "fontTools"):
        logging.getLogger(name).setLevel(logging.ERROR)
    document = HTML(string=html, base_url=str(path.parent)).render(pdf_variant=PDF_VARIANT)
    with _tagging_fixes(document):
        document.write_pdf(path, pdf_variant=PDF_VARIANT)


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
