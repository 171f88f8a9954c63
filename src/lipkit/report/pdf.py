"""The report as PDF: WeasyPrint lays out the same HTML with the print styles (A4), tagged."""

from __future__ import annotations

import logging
from pathlib import Path


def write_pdf(html: str, path: Path) -> None:
    from weasyprint import HTML

    # WeasyPrint and fontTools log every unsupported CSS property and font table at WARNING;
    # none of them concern the report's content.
    for name in ("weasyprint", "fontTools"):
        logging.getLogger(name).setLevel(logging.ERROR)
    # PDF/UA-1: a tagged PDF (structure tree with headings, tables with header cells, figures
    # with their alt text, page headers as artifacts), document language and title, as BITV
    # 2.0 asks of a public body's documents.
    HTML(string=html, base_url=str(path.parent)).write_pdf(path, pdf_variant="pdf/ua-1")
