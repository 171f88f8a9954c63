"""The report as one self-contained, accessible HTML file; WeasyPrint prints the same HTML.

Figures are embedded as SVG data URIs in ``<img>`` with the generated text alternative in
``alt`` and the caption in ``<figcaption>``; tables have ``<caption>`` and ``<th scope>``;
headings go in order (the title is the only ``h1``, chapters ``h2``). The print styles (page
size, running header, page numbers, table of contents with page numbers) sit in an
``@media print`` block that browsers ignore on screen and WeasyPrint applies.
"""

from __future__ import annotations

import base64
import re
from importlib.resources import files

from jinja2 import Environment
from markupsafe import Markup, escape

from lipkit.report.model import (
    Block,
    Document,
    Figure,
    Heading,
    Inline,
    ListBlock,
    Notice,
    Paragraph,
    Quote,
    Recommendation,
    Table,
)

SKIP = {"de": "Zum Inhalt springen", "en": "Skip to content"}
QUOTES = {"de": ("„", "“"), "en": ("“", "”")}
SHADES = ("shade0", "shade1", "shade2")


def anchor(id: str) -> str:
    """An HTML id from a figure/table id (which may contain '#' or '/')."""
    return "x-" + re.sub(r"[^A-Za-z0-9_-]", "-", id)


def _template():
    text = (files("lipkit.report") / "templates" / "report.html").read_text(encoding="utf-8")
    env = Environment(autoescape=True)
    env.filters["anchor"] = anchor
    return env.from_string(text)


def css() -> str:
    return (files("lipkit.report") / "templates" / "report.css").read_text(encoding="utf-8")


def render_html(document: Document) -> str:
    blocks = [Markup(_block(b, document)) for b in document.blocks]
    return _template().render(
        doc=document, blocks=blocks, css=Markup(css()), skip=SKIP.get(document.language, "")
    )


def _inline(inline: Inline) -> str:
    parts = []
    for run in inline:
        # "36 %" must not break between number and sign (German style keeps the space).
        text = str(escape(run.text)).replace(" %", "&nbsp;%")
        if run.italic:
            text = f"<em>{text}</em>"
        if run.bold:
            text = f"<strong>{text}</strong>"
        parts.append(text)
    return "".join(parts)


def _block(block: Block, doc: Document) -> str:
    if isinstance(block, Heading):
        level = block.level + 1  # the title is the only h1
        cls = ' class="chapter"' if block.level == 1 else ""
        return (
            f'<h{level} id="{block.anchor}"{cls}>{escape(block.number)} '
            f"{escape(block.text)}</h{level}>"
        )
    if isinstance(block, Paragraph):
        return f"<p>{_inline(block.inline)}</p>"
    if isinstance(block, ListBlock):
        tag = "ol" if block.ordered else "ul"
        items = "".join(f"<li>{_inline(i)}</li>" for i in block.items)
        return f"<{tag}>{items}</{tag}>"
    if isinstance(block, Figure):
        return _figure(block, doc)
    if isinstance(block, Table):
        return f'<div class="table-wrap">{_table(block, doc)}</div>'
    if isinstance(block, Quote):
        opening, closing = QUOTES.get(doc.language, QUOTES["de"])
        return (
            f'<blockquote id="{anchor(block.id)}"><p>{opening}{escape(block.text)}{closing}</p>'
            f"<footer>({escape(block.source)})</footer></blockquote>"
        )
    if isinstance(block, Recommendation):
        text = "".join(f"<p>{_inline(p.inline)}</p>" for p in block.text)
        evidence = ""
        if block.evidence:
            evidence = (
                f'<p class="evidence">{escape(doc.words.evidence)}: '
                f"{escape(', '.join(block.evidence))}</p>"
            )
        h = f"h{block.level + 1}"
        return (
            f'<section class="recommendation" id="{block.anchor}" '
            f'aria-labelledby="{block.anchor}-h"><{h} id="{block.anchor}-h">'
            f"{escape(block.label)} {escape(block.title)}</{h}>{text}{evidence}</section>"
        )
    if isinstance(block, Notice):
        return f'<p class="notice">{escape(block.text)}</p>'
    raise TypeError(f"unknown block {type(block).__name__}")


def _figure(fig: Figure, doc: Document) -> str:
    data = base64.b64encode(fig.svg).decode("ascii")
    width = f"{fig.width_cm:.1f}cm"
    image = (
        f'<img src="data:image/svg+xml;base64,{data}" alt="{escape(fig.alt)}" '
        f'style="max-width: {width}">'
    )
    notes = "".join(f'<p class="note">{escape(n)}</p>' for n in fig.notes)
    caption = f"{escape(doc.words.figure)} {fig.number} – {escape(fig.caption)}"
    if fig.table is not None:
        body = f'<div class="cloud-body">{image}{_table(fig.table, doc, numbered=False)}</div>'
        return (
            f'<figure class="cloud" id="{anchor(fig.id)}">{body}'
            f"<figcaption>{caption}</figcaption>{notes}</figure>"
        )
    return (
        f'<figure id="{anchor(fig.id)}">{image}<figcaption>{caption}</figcaption>{notes}</figure>'
    )


def _table(table: Table, doc: Document, *, numbered: bool = True) -> str:
    caption = escape(table.caption)
    if numbered:
        caption = Markup(f"{escape(doc.words.table)} {table.number} – ") + caption
    head = "".join(
        f'<th scope="col"{" class=num" if i >= table.numeric_from else ""}>{escape(h)}</th>'
        for i, h in enumerate(table.header)
    )
    rows = []
    for row in table.rows:
        cells = []
        for i, cell in enumerate(row):
            classes = []
            if i >= table.numeric_from:
                classes.append("num")
            if cell.shade is not None:
                classes.append(SHADES[cell.shade])
            if cell.suppressed:
                classes.append("suppressed")
            attr = f' class="{" ".join(classes)}"' if classes else ""
            if i == 0:
                cells.append(f'<th scope="row"{attr}>{escape(cell.text)}</th>')
            else:
                cells.append(f"<td{attr}>{escape(cell.text)}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    notes = "".join(f'<p class="note">{escape(n)}</p>' for n in table.notes)
    legend = ""
    if table.legend:
        swatches = "".join(
            f'<span class="swatch {SHADES[i]}"></span>{escape(text)}'
            for i, text in enumerate(table.legend)
        )
        legend = f'<p class="legend">{swatches}</p>'
    table_id = f' id="{anchor(table.id)}"' if numbered else ""
    return (
        f"<table{table_id}><caption>{caption}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>{notes}{legend}"
    )
