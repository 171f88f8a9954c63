"""The report as one self-contained, accessible HTML file; WeasyPrint prints the same HTML.

Figures are embedded as SVG data URIs in ``<img>`` with the generated text alternative in
``alt`` and the caption in ``<figcaption>``; tables have ``<caption>`` and ``<th scope>``;
headings go in order (the title is the only ``h1``, chapters ``h2``). The print styles (page
size, running header, page numbers, table of contents with page numbers) sit in an
``@media print`` block that browsers ignore on screen and WeasyPrint applies.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from importlib.resources import files

from jinja2 import Environment
from markupsafe import Markup, escape

from lipkit import catalogue
from lipkit.controlling.chart import svg_points
from lipkit.report.model import (
    Block,
    Box,
    Document,
    Figure,
    Heading,
    Inline,
    ListBlock,
    Note,
    Notice,
    Paragraph,
    Quote,
    Recommendation,
    Table,
    anchor,
    nbsp,
    runs,
)

SHADES = ("shade0", "shade1", "shade2")


MIME = {"png": "image/png", "jpeg": "image/jpeg"}
FONT_FORMATS = {".ttf": "truetype", ".otf": "opentype", ".woff": "woff", ".woff2": "woff2"}


def _template():
    text = (files("lipkit.report") / "templates" / "report.html").read_text(encoding="utf-8")
    env = Environment(autoescape=True)
    env.filters["anchor"] = anchor
    return env.from_string(text)


def css() -> str:
    return (files("lipkit.report") / "templates" / "report.css").read_text(encoding="utf-8")


def look_css(document: Document) -> str:
    """The city's look (report.yaml) as CSS that overrides the defaults: font, colours."""
    look = document.look
    rules = []
    if look.font is not None:
        data = base64.b64encode(look.font.read_bytes()).decode("ascii")
        fmt = FONT_FORMATS.get(look.font.suffix.lower(), "truetype")
        rules.append(
            f'@font-face {{ font-family: "City"; src: url(data:font/{fmt};base64,{data}) '
            f'format("{fmt}"); }}\nhtml {{ font-family: "City", "DejaVu Sans", sans-serif; }}'
        )
    variables = []
    if look.accent:
        variables.append(f"--accent: {look.accent};")
    for i, colour in enumerate(look.shading):
        variables.append(f"--shade{i}: {colour};")
        if i == 2:
            variables.append(f"--shade2-text: {_text_colour(colour)};")
    if variables:
        rules.append(":root { " + " ".join(variables) + " }")
    return "\n".join(rules)


def _text_colour(background: str) -> str:
    r, g, b = (int(background[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return "#000" if 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.5 else "#fff"


def logo_src(document: Document) -> str:
    logo = document.look.logo
    if logo is None:
        return ""
    mime = {".svg": "image/svg+xml", ".png": "image/png"}.get(logo.suffix.lower(), "image/jpeg")
    return f"data:{mime};base64,{base64.b64encode(logo.read_bytes()).decode('ascii')}"


def render_html(document: Document, *, placeholders: bool = False) -> str:
    """The report as HTML. ``placeholders``: every chart an empty SVG of its size, for laying
    out the pages before the charts are drawn (``lipkit.report.pdf.figures_to_defer``)."""
    blocks = [Markup(_block(b, document, placeholders)) for b in document.blocks]
    return _template().render(
        doc=document,
        blocks=blocks,
        css=Markup(css() + "\n" + look_css(document)),
        skip=(
            catalogue.text("html.skip", document.language)
            if document.language in catalogue.LANGUAGES
            else ""
        ),
        logo=logo_src(document),
        caption=lambda item: Markup(_caption(item)),
    )


def _text(text: str) -> str:
    return str(escape(nbsp(text)))


def _inline(inline: Inline) -> str:
    """The runs as HTML; consecutive runs with the same link are one link (a matrix row's
    label after its matrix's, each part in its own language, is one reference)."""
    parts: list[tuple[str, str]] = []  # (link, HTML of the run without it)
    for run in inline:
        if run.footnote:
            # WeasyPrint moves it to the page's foot (float: footnote); screens show it inline.
            parts.append(("", f'<span class="footnote">{_text(run.footnote)}</span>'))
            continue
        text = _text(run.text)
        if run.italic:
            text = f"<em>{text}</em>"
        if run.bold:
            text = f"<strong>{text}</strong>"
        if run.lang:
            text = f'<span lang="{escape(run.lang)}">{text}</span>'
        if run.link and parts and parts[-1][0] == run.link:
            parts[-1] = (run.link, parts[-1][1] + text)
        else:
            parts.append((run.link, text))
    return "".join(f'<a href="{escape(link)}">{text}</a>' if link else text for link, text in parts)


def _caption(item: Figure | Table) -> str:
    """A figure's or table's caption (without its number), its parts in another language
    marked as such."""
    return _inline(item.caption_inline) if item.caption_inline else _text(item.caption)


def _notes(notes: tuple[Note, ...]) -> str:
    return "".join(f'<p class="note">{_inline(runs(n))}</p>' for n in notes)


def _block(block: Block, doc: Document, placeholders: bool = False) -> str:
    if isinstance(block, Heading):
        level = block.level + 1  # the title is the only h1
        cls = ' class="chapter"' if block.level == 1 else ""
        return (
            f'<h{level} id="{block.anchor}"{cls}>{escape(block.number)} '
            f"{_text(block.text)}</h{level}>"
        )
    if isinstance(block, Paragraph):
        return f"<p>{_inline(block.inline)}</p>"
    if isinstance(block, ListBlock):
        tag = "ol" if block.ordered else "ul"
        items = "".join(f"<li>{_inline(i)}</li>" for i in block.items)
        return f"<{tag}>{items}</{tag}>"
    if isinstance(block, Figure):
        return _figure(block, doc, placeholders)
    if isinstance(block, Table):
        wide = " landscape" if block.landscape else ""
        return f'<div class="table-wrap{wide}">{_table(block, doc)}</div>'
    if isinstance(block, Quote):
        opening = catalogue.text("quote.open", doc.language)
        closing = catalogue.text("quote.close", doc.language)
        lang = f' lang="{block.lang}"' if block.lang else ""
        return (
            f'<blockquote id="{anchor(block.id)}"><p{lang}>{opening}{escape(block.text)}'
            f"{closing}</p><footer>({_text(block.source)})</footer></blockquote>"
        )
    if isinstance(block, Box):
        items = "".join(f"<li>{_inline(i)}</li>" for i in block.items)
        return (
            f'<aside class="box" role="note"><p class="box-title">{escape(block.title)}</p>'
            f"<ul>{items}</ul></aside>"
        )
    if isinstance(block, Recommendation):
        text = "".join(f"<p>{_inline(p.inline)}</p>" for p in block.text)
        evidence = ""
        if block.evidence:
            evidence = (
                f'<p class="evidence">{escape(doc.words.evidence)}: '
                f"{_text(', '.join(block.evidence))}</p>"
            )
        h = f"h{block.level + 1}"
        return (
            f'<section class="recommendation" id="{block.anchor}" '
            f'aria-labelledby="{block.anchor}-h"><{h} id="{block.anchor}-h">'
            f"{_text(block.label)} {_text(block.title)}</{h}>{text}{evidence}</section>"
        )
    if isinstance(block, Notice):
        return f'<p class="notice">{escape(block.text)}</p>'
    raise TypeError(f"unknown block {type(block).__name__}")


def chart_sources(document: Document) -> dict[str, Callable[[], str]]:
    """Per figure with a chart (its HTML id), the ``src`` of its ``<img>`` as
    :func:`render_html` writes it, from a function that waits for the chart, drawing charts
    that no worker has started meanwhile (:func:`lipkit.report.charts.draw_waiting_here`):
    the PDF puts each in as it paints its page (``pdf.write_pdf_as_drawn``)."""
    from lipkit.report.charts import drawn_helping

    def source(fig: Figure) -> Callable[[], str]:
        return lambda: _svg_src(drawn_helping(fig.chart))

    return {
        anchor(b.id): source(b) for b in document.blocks if isinstance(b, Figure) and not b.raster
    }


def _svg_src(svg: bytes) -> str:
    return f"data:image/svg+xml;base64,{base64.b64encode(svg).decode('ascii')}"


def _figure(fig: Figure, doc: Document, placeholder: bool = False) -> str:
    if fig.raster:
        src = f"data:{MIME[fig.raster]};base64,{base64.b64encode(fig.png).decode('ascii')}"
    elif placeholder:
        w, h = svg_points(fig.width_cm), svg_points(fig.height_cm)
        empty = (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}pt" height="{h}pt" '
            f'viewBox="0 0 {w} {h}"/>'
        )
        src = _svg_src(empty.encode())
    else:
        src = _svg_src(fig.svg)
    width = f"{fig.width_cm:.1f}cm"
    image = f'<img src="{src}" alt="{escape(fig.alt)}" style="max-width: {width}">'
    notes = _notes(fig.notes)
    caption = f"{escape(doc.words.figure)}&nbsp;{fig.number} – {_caption(fig)}"
    if fig.table is not None:
        body = f'<div class="cloud-body">{image}{_table(fig.table, doc, numbered=False)}</div>'
        return (
            f'<figure class="cloud" id="{anchor(fig.id)}">{body}'
            f"<figcaption>{caption}</figcaption>{notes}</figure>"
        )
    return (
        f'<figure id="{anchor(fig.id)}">{image}<figcaption>{caption}</figcaption>{notes}</figure>'
    )


MANY_COLUMNS = 6


def _table(table: Table, doc: Document, *, numbered: bool = True) -> str:
    caption = Markup(_caption(table))
    if numbered:
        caption = Markup(f"{escape(doc.words.table)}&nbsp;{table.number} – ") + caption
    head = "".join(
        f'<th scope="col"{" class=num" if i >= table.numeric_from else ""}>{_text(h)}</th>'
        for i, h in enumerate(table.header)
    )
    lang = f' lang="{table.lang}"' if table.lang else ""
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
            if cell.lang:
                attr += f' lang="{cell.lang}"'
            if i == 0:
                attr += "" if cell.lang else lang
                cells.append(f'<th scope="row"{attr}>{_text(cell.text)}</th>')
            else:
                content = _inline(cell.inline) if cell.inline else _text(cell.text)
                cells.append(f"<td{attr}>{content}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    notes = _notes(table.notes)
    legend = ""
    if table.legend:
        swatches = "".join(
            f'<span class="swatch {SHADES[i]}"></span>{escape(text)}'
            for i, text in enumerate(table.legend)
        )
        legend = f'<p class="legend">{swatches}</p>'
    table_id = f' id="{anchor(table.id)}"' if numbered else ""
    # Many number columns: the label column gets a fixed share, so its words do not break.
    # Six columns or fewer (the comparison of waves: "34 % (n=201)" in each) are laid out by
    # their contents; a fixed quarter ran each question there over six to nine lines.
    if len(table.header) > MANY_COLUMNS and not table.landscape:
        table_id += ' class="many"'
    return (
        f"<table{table_id}><caption>{caption}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>{notes}{legend}"
    )
