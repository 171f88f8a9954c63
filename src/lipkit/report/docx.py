"""Writing the report as a DOCX file that the evaluation team can keep editing in Word.

Built with python-docx on its default template: real heading styles, the table of contents
and the lists of figures and tables as TOC fields that Word updates on opening, captions
with SEQ fields (so Word renumbers figures and tables after edits), bookmarks for headings,
captions and recommendations with cross-references as internal links, real footnotes, shaded
table cells, pictures with alt text, a running header and page numbers. Everything that is
not plain text has a named style ("Anmerkung", "Quellenangabe", "Tabellentext", …), so a team
restyles the report in Word by changing a style. Like every writer it only lays out the
:class:`~lipkit.report.model.Document`; it computes nothing.
"""

from __future__ import annotations

import hashlib
import io
import math
import re
import unicodedata
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from lipkit import catalogue
from lipkit.report.model import (
    Block,
    Box,
    Cell,
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
    Run,
    Table,
    anchor,
    nbsp,
    runs,
)

TEXT_WIDTH_CM = 16.0  # A4 width 21 cm minus two 2.5 cm margins
SMALL = Pt(9)
TABLE_TEXT = Pt(10)
# Shading classes 0, 1, 2 (low to high); the darkest one takes white bold text to stay legible.
SHADE_FILLS = ("FFFFFF", "BDD7EE", "5B9BD5")
DARK_SHADE = 2
HEADER_FILL = "F2F2F2"
SUPPRESSED_COLOUR = RGBColor(0x59, 0x59, 0x59)  # grey that still reaches 7:1 on white
LEGEND_BORDER = "808080"
LANGUAGE_TAGS = {"de": "de-DE", "en": "en-GB"}
# The report's own named styles (name, based on, size in pt, italic, colour).
STYLES = {lang: catalogue.group("docx_style", lang) for lang in catalogue.LANGUAGES}
LANDSCAPE_WIDTH_CM = 29.7 - 2 * 2.0
PAGE_HEIGHT_CM = 29.7 - 2 * 2.5  # the text's height on a portrait page
LANDSCAPE_HEIGHT_CM = 21 - 2 * 2.0
KEEP_TABLE = 0.4  # share of a page up to which a table is kept on one page
KEPT_ROWS = 2  # a taller table keeps this many rows with its header, and with its notes
BOOKMARK_MAX = 40
BOLD_WIDTH = 1.1
LONG_WORD = 12
WIDE_TABLE = 5  # more columns than this are set in small print to fit the page
VERY_WIDE_TABLE = 8  # and more than this in 8 pt, so that no head breaks inside a word
TINY = Pt(8)


def write_docx(document: Document, path: Path) -> None:
    """Render ``document`` as a Word file at ``path``."""
    writer = _Writer(document)
    writer.write()
    writer.docx.save(str(path))


def _text(text: str) -> str:
    return nbsp(text)


class _Writer:
    def __init__(self, document: Document) -> None:
        self.doc = document
        self.words = document.words
        base = document.language.split("-")[0].lower()
        self.lang = base if base in catalogue.LANGUAGES else "en"
        self.docx: DocxDocument = new_docx()
        self._bookmark_id = 0
        self._bookmark_names: set[str] = set()
        self._bookmarks: dict[str, str] = {}  # HTML id -> Word bookmark name
        self._footnotes = None  # the footnotes part's root element, made on first use
        self._footnote_id = 0
        self.style = STYLES[self.lang]
        self._style_ids: dict[str, str | None] = {}
        self.text_width = TEXT_WIDTH_CM

    def _paragraph(self, text: str, style: str):
        """``add_paragraph(text, style=style)``, the style set as by :meth:`_set_style`."""
        paragraph = self.docx.add_paragraph(text)
        self._set_style(paragraph, style)
        return paragraph

    def _set_style(self, paragraph, name: str) -> None:
        """``paragraph.style = name`` with the style's id looked up once per name: python-docx
        searches every style for the default one at each assignment (half of the DOCX's
        time went there, 700 table cells)."""
        if name not in self._style_ids:
            style = self.docx.styles[name]
            self._style_ids[name] = self.docx.part.get_style_id(style, WD_STYLE_TYPE.PARAGRAPH)
        paragraph._p.style = self._style_ids[name]

    # -- the document as a whole -------------------------------------------------------

    def write(self) -> None:
        self._setup_page()
        self._setup_styles()
        self._setup_properties()
        self._update_fields_on_open()
        self._title_page()
        self._front_matter()
        for block in self.doc.blocks:
            self._block(block)

    def _setup_page(self) -> None:
        section = self.docx.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(2.5))
        # The title page carries no page number; every other page has one, centred.
        section.different_first_page_header_footer = True
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _add_field(footer, "PAGE", "1")
        # Running header: the logo (if any) and the title, right-aligned, small and grey.
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if self.doc.look.logo is not None and self.doc.look.logo.suffix.lower() != ".svg":
            header.add_run().add_picture(str(self.doc.look.logo), height=Cm(0.8))
            header.add_run("  ")
        run = header.add_run(self.doc.title)
        run.font.size = Pt(8)
        run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)

    def _setup_styles(self) -> None:
        styles = self.docx.styles
        normal = styles["Normal"]
        normal.font.name = "Calibri"
        normal.font.size = Pt(11)
        # The language goes into the document defaults so that every style, including the
        # built-in headings and captions, is spell-checked and hyphenated in it.
        tag = self._language_tag()
        defaults = styles.element.find(qn("w:docDefaults"))
        lang = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
        lang.set(qn("w:val"), tag)
        lang.set(qn("w:eastAsia"), tag)
        # The template's caption is 9 pt in accent blue, too faint for the report's captions.
        caption = styles["Caption"]
        caption.font.size = Pt(10)
        caption.font.color.rgb = RGBColor(0x1F, 0x38, 0x64)
        if self.doc.look.font is not None:
            from matplotlib import font_manager

            family = font_manager.FontProperties(fname=str(self.doc.look.font)).get_name()
            normal.font.name = family
            for name in ("Heading 1", "Heading 2", "Heading 3", "Title", "Subtitle"):
                styles[name].font.name = family
        # Chapters start on a new page.
        styles["Heading 1"].paragraph_format.page_break_before = True
        s = self.style
        self._paragraph_style(s["note"], size=9, colour=RGBColor(0x40, 0x40, 0x40), after=2)
        self._paragraph_style(s["source"], size=9, colour=RGBColor(0x40, 0x40, 0x40), after=8)
        styles[s["source"]].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        self._paragraph_style(s["table_text"], size=10, after=0)
        styles[s["table_text"]].paragraph_format.line_spacing = 1.0
        self._paragraph_style(s["notice"], italic=True)
        self._paragraph_style(s["evidence"], italic=True, size=10)
        self._paragraph_style(s["title_meta"], size=12, after=4)
        box = self._paragraph_style(s["box"], after=2)
        box.paragraph_format.left_indent = Cm(0.3)
        box.paragraph_format.right_indent = Cm(0.3)
        _paragraph_border(box.element, self._accent())
        title = self._paragraph_style(s["box_title"], bold=True, after=2)
        title.base_style = box
        title.paragraph_format.keep_with_next = True

    def _toc(self, instruction: str, entries: list[tuple[str, str, int]]) -> None:
        """A TOC field whose entries are already there, each as Word writes them: a link to
        the heading or caption, a dot leader and a PAGEREF field for its page number (which
        LibreOffice computes on opening and Word refreshes with the fields)."""
        d = self.docx
        if not entries:
            _add_field(d.add_paragraph(), instruction, catalogue.text("docx.toc", self.lang))
            return
        paragraphs = []
        for text, html_id, level in entries:
            p = d.add_paragraph()
            self._set_style(p, self._toc_style(level))
            bookmark = self._bookmark_name(html_id)
            hyperlink = _element("w:hyperlink", {"w:anchor": bookmark, "w:history": "1"})
            for part in (nbsp(text), "\t"):
                run = p.add_run()
                if part == "\t":
                    run._r.append(_element("w:tab"))
                else:
                    run.text = part
                p._p.remove(run._r)
                hyperlink.append(run._r)
            p._p.append(hyperlink)
            _add_field(p, f"PAGEREF {bookmark} \\h", "")
            paragraphs.append(p)
        first, last = paragraphs[0]._p, paragraphs[-1]._p
        ppr = first.find(qn("w:pPr"))
        for element in reversed(
            (_field_char("begin"), _instr(instruction), _field_char("separate"))
        ):
            run = _element("w:r")
            run.append(element)
            if ppr is not None:
                ppr.addnext(run)
            else:
                first.insert(0, run)
        end = _element("w:r")
        end.append(_field_char("end"))
        last.append(end)

    def _toc_style(self, level: int) -> str:
        """ "TOC 1".."TOC 3" for headings, "Table of Figures" for the lists: a right tab with
        a dot leader at the text's right edge."""
        name = f"TOC {level}" if level else "Table of Figures"
        styles = self.docx.styles
        if name not in self._style_ids and name not in [st.name for st in styles]:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles["Normal"]
            style.paragraph_format.space_after = Pt(2)
            style.paragraph_format.left_indent = Cm(0.5 * max(level - 1, 0))
            ppr = style.element.get_or_add_pPr()
            tabs = _element("w:tabs")
            position = str(int(TEXT_WIDTH_CM / 2.54 * 1440))
            tabs.append(_element("w:tab", {"w:val": "right", "w:leader": "dot", "w:pos": position}))
            ppr.append(tabs)
            if level == 1:
                style.font.bold = True
                style.paragraph_format.space_before = Pt(4)
        return name

    def _accent(self) -> str:
        return (self.doc.look.accent or "#2171B5").lstrip("#").upper()

    def _paragraph_style(
        self,
        name: str,
        size: float | None = None,
        colour: RGBColor | None = None,
        italic: bool = False,
        bold: bool = False,
        after: float | None = None,
    ):
        style = self.docx.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = self.docx.styles["Normal"]
        style.quick_style = True
        if size:
            style.font.size = Pt(size)
        if colour is not None:
            style.font.color.rgb = colour
        style.font.italic = italic or None
        style.font.bold = bold or None
        if after is not None:
            style.paragraph_format.space_after = Pt(after)
        return style

    def _update_fields_on_open(self) -> None:
        """Word refreshes the TOC, the lists and their page numbers when the file opens."""
        settings = self.docx.settings.element
        update = _element("w:updateFields", {"w:val": "true"})
        settings.append(update)

    def _setup_properties(self) -> None:
        props = self.docx.core_properties
        now = datetime.now(UTC).replace(microsecond=0)
        props.title = self.doc.title
        props.subject = self.doc.subtitle
        props.author = self.doc.author
        props.last_modified_by = self.doc.author
        props.language = self._language_tag()
        props.comments = ""
        props.created = props.modified = now
        props.revision = 1

    def _language_tag(self) -> str:
        return LANGUAGE_TAGS.get(self.doc.language, self.doc.language)

    def _title_page(self) -> None:
        d = self.docx
        logo = self.doc.look.logo
        if logo is not None and logo.suffix.lower() != ".svg":
            p = d.add_paragraph()
            p.add_run().add_picture(str(logo), height=Cm(2.5))
            p.paragraph_format.space_after = Pt(36)
        self._paragraph(self.doc.title, "Title")
        if self.doc.subtitle:
            self._paragraph(self.doc.subtitle, "Subtitle")
        for line in (self.doc.author, self.doc.commissioned_by, self.doc.date):
            if line:
                self._paragraph(line, self.style["title_meta"])
        d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def _front_matter(self) -> None:
        d, w = self.docx, self.words
        self._paragraph(w.contents, "TOC Heading")
        headings = [
            (f"{h.number} {h.text}", h.anchor, h.level)
            for h in self.doc.headings
            if h.level <= 3 and h.number
        ]
        self._toc(r'TOC \o "1-3" \h \z \u', headings)
        # The lists of figures and tables are TOC fields over the captions' SEQ fields
        # (\c): Word fills in the page numbers when it updates the fields on opening; the
        # entries are there at once, in every viewer.
        for title, label, items in (
            (w.figures, w.figure, self.doc.figures),
            (w.tables, w.table, self.doc.tables),
        ):
            if not items:
                continue
            self._paragraph(title, "TOC Heading")
            lines = [
                (f"{label} {item.number} – {item.caption}", anchor(item.id), 0) for item in items
            ]
            self._toc(rf'TOC \h \z \c "{_seq_name(label)}"', lines)
        first = self.doc.blocks[0] if self.doc.blocks else None
        if not (isinstance(first, Heading) and first.level == 1):
            d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # -- blocks -----------------------------------------------------------------------------

    def _block(self, block: Block) -> None:
        match block:
            case Heading():
                self._heading(block)
            case Paragraph():
                self._inline(self.docx.add_paragraph(), block.inline)
            case ListBlock():
                self._list(block)
            case Figure():
                self._figure(block)
            case Table():
                self._table(block)
            case Quote():
                self._quote(block)
            case Recommendation():
                self._recommendation(block)
            case Notice():
                self._paragraph(_text(block.text), self.style["notice"])
            case Box():
                self._box(block)
            case _:
                raise TypeError(f"unknown report block: {type(block).__name__}")

    def _heading(self, heading: Heading) -> None:
        text = f"{heading.number} {heading.text}" if heading.number else heading.text
        p = self.docx.add_heading(_text(text), min(max(heading.level, 1), 3))
        self._bookmark(p, heading.anchor)

    def _inline(self, p: DocxParagraph, inline: Inline) -> DocxParagraph:
        for run in inline:
            if run.footnote:
                self._footnote(p, run.footnote)
                continue
            if run.link:
                r = self._hyperlink(p, run.link, _text(run.text))
            else:
                r = p.add_run(_text(run.text))
            r.bold = run.bold or None
            r.italic = run.italic or None
            if run.lang:
                _run_language(r, run.lang)
        return p

    def _hyperlink(self, p: DocxParagraph, link: str, text: str):
        """A run inside a hyperlink: to a bookmark ("#x-…", a cross-reference) or a URL."""
        if link.startswith("#"):
            attrs = {"w:anchor": self._bookmark_name(link[1:]), "w:history": "1"}
        else:
            rid = p.part.relate_to(link, RT.HYPERLINK, is_external=True)
            attrs = {"r:id": rid, "w:history": "1"}
        hyperlink = _element("w:hyperlink", attrs)
        run = p.add_run(text)
        run.font.color.rgb = RGBColor(0x1A, 0x4F, 0x8B)
        run.font.underline = True
        p._p.remove(run._r)
        hyperlink.append(run._r)
        p._p.append(hyperlink)
        return run

    def _footnote(self, p: DocxParagraph, text: str) -> None:
        """A real Word footnote: a reference mark here, the text at the page's foot."""
        root = self._footnotes_part()
        self._footnote_id += 1
        ident = str(self._footnote_id)
        note = parse_xml(
            f'<w:footnote {nsdecls("w")} w:id="{ident}"><w:p><w:pPr>'
            '<w:pStyle w:val="FootnoteText"/></w:pPr><w:r><w:rPr>'
            '<w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
            '<w:r><w:t xml:space="preserve"> </w:t></w:r></w:p></w:footnote>'
        )
        text_run = _element("w:r")
        t = _element("w:t")
        t.text = _text(text)
        text_run.append(t)
        note.find(qn("w:p")).append(text_run)
        root.append(note)
        ref = p.add_run()
        ref.font.superscript = True
        ref._r.append(_element("w:footnoteReference", {"w:id": ident}))

    def _footnotes_part(self):
        if self._footnotes is not None:
            return self._footnotes
        xml = (
            f"<w:footnotes {nsdecls('w')}>"
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
            "</w:footnote>"
            '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
            "<w:continuationSeparator/></w:r></w:p></w:footnote></w:footnotes>"
        )
        part = _XmlPart(
            PackURI("/word/footnotes.xml"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
            parse_xml(xml),
            self.docx.part.package,
        )
        self.docx.part.relate_to(part, RT.FOOTNOTES)
        styles = self.docx.styles
        if "Footnote Text" not in [st.name for st in styles]:
            style = styles.add_style("Footnote Text", WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles["Normal"]
            style.font.size = Pt(9)
            style.paragraph_format.space_after = Pt(0)
        self._footnotes = part.element
        return self._footnotes

    def _box(self, box: Box) -> None:
        """The recommendations a section leads to, in a framed box (named style)."""
        self._paragraph(box.title, self.style["box_title"])
        for i, item in enumerate(box.items):
            p = self._paragraph("", self.style["box"])
            p.paragraph_format.keep_with_next = i < len(box.items) - 1 or None
            self._inline(p, item)
        self.docx.add_paragraph().paragraph_format.space_after = Pt(0)

    def _list(self, block: ListBlock) -> None:
        style = "List Number" if block.ordered else "List Bullet"
        num_id = self._restarted_numbering(style) if block.ordered else None
        for item in block.items:
            p = self._inline(self._paragraph("", style), item)
            if num_id is not None:
                _set_num_id(p, num_id)

    def _restarted_numbering(self, style: str) -> int:
        """A new numbering instance of ``style``'s list that starts again at 1.

        All "List Number" paragraphs share one list in Word, so without this the second
        numbered list of the report would go on counting from where the first one ended.
        """
        style_num = self.docx.styles[style].element.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        base_id = style_num.find(qn("w:numId")).get(qn("w:val"))
        numbering = self.docx.part.numbering_part.element
        base = next(n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == base_id)
        abstract_id = base.find(qn("w:abstractNumId")).get(qn("w:val"))
        new_id = max(int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))) + 1
        num = _element("w:num", {"w:numId": str(new_id)})
        num.append(_element("w:abstractNumId", {"w:val": abstract_id}))
        override = _element("w:lvlOverride", {"w:ilvl": "0"})
        override.append(_element("w:startOverride", {"w:val": "1"}))
        num.append(override)
        numbering.append(num)
        return new_id

    def _figure(self, figure: Figure) -> None:
        d = self.docx
        width = min(figure.width_cm, self.text_width) if figure.width_cm > 0 else self.text_width
        # Without a usable height python-docx keeps the PNG's own aspect ratio.
        usable = figure.width_cm > 0 and figure.height_cm > 0
        height = figure.height_cm * width / figure.width_cm if usable else None
        p = d.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.keep_with_next = True
        shape = p.add_run().add_picture(
            io.BytesIO(figure.png), width=Cm(width), height=Cm(height) if height else None
        )
        doc_pr = shape._inline.docPr
        doc_pr.set("descr", figure.alt)
        doc_pr.set("title", figure.alt)
        if figure.table is not None:
            # The frequency table belongs to the picture (a word cloud); it stays with it
            # above the one caption that both share.
            self._table_body(figure.table, small=True, keep_with_next=True)
        # The caption stays on the page of the notes under it (its base, its order).
        below = bool(figure.notes) or (
            figure.table is not None and bool(figure.table.notes or figure.table.legend)
        )
        self._caption(self.words.figure, figure.number, _caption(figure), figure.id, keep=below)
        self._small_lines(figure.notes, keep_with_next=figure.table is not None and below)
        if figure.table is not None:
            self._small_lines(figure.table.notes, keep_with_next=bool(figure.table.legend))
            self._legend(figure.table.legend)

    def _table(self, table: Table) -> None:
        if table.landscape:
            self._orientation(landscape=True)
        caption = self._caption(self.words.table, table.number, _caption(table), table.id, True)
        # Above a table the caption needs room from what precedes it, and little below.
        spacing = caption.paragraph_format
        spacing.space_before, spacing.space_after = Pt(12), Pt(4)
        # Table, notes and legend stay together where they fit on one page.
        self._table_body(table, keep_with_next=bool(table.notes or table.legend))
        self._small_lines(table.notes, keep_with_next=bool(table.legend))
        self._legend(table.legend)
        if table.landscape:
            self._orientation(landscape=False)

    def _orientation(self, landscape: bool) -> None:
        """A new section on a landscape (or again portrait) page, for a wide table."""
        section = self.docx.add_section(WD_SECTION.NEW_PAGE)
        wide, tall = Cm(29.7), Cm(21)
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = wide, tall
            for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
                setattr(section, side, Cm(2.0))
            self.text_width = LANDSCAPE_WIDTH_CM
        else:
            section.orientation = WD_ORIENT.PORTRAIT
            section.page_width, section.page_height = tall, wide
            for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
                setattr(section, side, Cm(2.5))
            self.text_width = TEXT_WIDTH_CM
        section.different_first_page_header_footer = False

    def _caption(
        self, label: str, number: int, caption: Inline, bookmark: str, keep: bool
    ) -> DocxParagraph:
        p = self._paragraph("", "Caption")
        p.paragraph_format.keep_with_next = keep or None
        p.add_run(f"{label}\u00a0")
        _add_field(p, rf"SEQ {_seq_name(label)} \* ARABIC", str(number))
        # The bookmark spans "Abbildung 3" only: a Word cross-reference to it (REF) then
        # reads exactly like the report's own references in the text.
        self._bookmark(p, anchor(bookmark))
        p.add_run(" – ")
        self._inline(p, caption)
        return p

    def _table_body(self, table: Table, small: bool = False, keep_with_next: bool = False):
        columns = max([len(table.header), *(len(row) for row in table.rows)])
        t = self.docx.add_table(rows=0, cols=columns)
        t.style = self.docx.styles["Table Grid"]
        if small:
            t.alignment = WD_TABLE_ALIGNMENT.CENTER
        wide = columns > WIDE_TABLE
        size = SMALL if small or wide else TABLE_TEXT
        if columns > VERY_WIDE_TABLE:
            size = TINY  # a group table (Tabelle 2): eight number columns and their heads
        if wide:
            _narrow_cell_margins(t)
        margin = 1.0 if wide else 2.0
        # A table up to KEEP_TABLE of a page stays on one page (with its caption and notes);
        # a taller one kept whole would leave most of a page empty before it (the controlling
        # overview did, under its chapter's heading): it may break after its first rows.
        page = PAGE_HEIGHT_CM if self.text_width == TEXT_WIDTH_CM else LANDSCAPE_HEIGHT_CM
        whole = _table_height_cm(table, columns, size, margin, self.text_width) <= KEEP_TABLE * page
        if table.header:
            row = t.add_row()
            _repeat_as_header(row._tr)
            # (row.cells builds every cell anew: taken once per row, not once per cell)
            header_cells = row.cells
            for i, text in enumerate(table.header):
                cell = header_cells[i]
                _shade(cell, HEADER_FILL)
                self._cell_text(cell, text, size, right=i >= table.numeric_from, keep=True)
                cell.paragraphs[0].runs[0].bold = True
        for n, cells in enumerate(table.rows):
            row = t.add_row()
            _cant_split(row._tr)
            last = n == len(table.rows) - 1
            ending = n >= len(table.rows) - KEPT_ROWS
            keep = (keep_with_next or not last) and (whole or n < KEPT_ROWS - 1 or ending)
            # A short row still gets every column, so that its empty cells align like the rest.
            padded = (*cells, *(Cell("") for _ in range(columns - len(cells))))
            row_cells = row.cells
            for i, source in enumerate(padded):
                self._data_cell(
                    row_cells[i],
                    source,
                    size,
                    right=i >= table.numeric_from,
                    keep=keep,
                )
        _set_widths(t, table, size, margin_chars=margin, width_cm=self.text_width)
        if table.lang:
            for row in t.rows[1:]:
                for run in row.cells[0].paragraphs[0].runs:
                    _run_language(run, table.lang)
        return t

    def _data_cell(self, cell, source: Cell, size: Pt, right: bool, keep: bool) -> None:
        self._data_text(cell, source, size, right, keep)
        if source.lang:
            for run in cell.paragraphs[0].runs:
                _run_language(run, source.lang)

    def _data_text(self, cell, source: Cell, size: Pt, right: bool, keep: bool) -> None:
        if source.inline:  # links (the controlling overview's recommendations and figures)
            self._cell_text(cell, "", size, right=right, keep=keep)
            self._inline(cell.paragraphs[0], source.inline)
            return
        run = self._cell_text(cell, source.text, size, right=right, keep=keep)
        if source.suppressed:
            run.italic = True
            run.font.color.rgb = SUPPRESSED_COLOUR
        elif source.shade is not None:
            fills = self._shade_fills()
            shade = min(max(source.shade, 0), len(fills) - 1)
            _shade(cell, fills[shade])
            if shade == DARK_SHADE:
                run.bold = True
                r, g, b = (int(fills[shade][i : i + 2], 16) / 255 for i in (0, 2, 4))
                dark = 0.2126 * r + 0.7152 * g + 0.0722 * b <= 0.5
                run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF) if dark else RGBColor(0, 0, 0)

    def _shade_fills(self) -> tuple[str, ...]:
        look = self.doc.look.shading
        return tuple(c.lstrip("#").upper() for c in look) if look else SHADE_FILLS

    def _cell_text(self, cell, text: str, size: Pt, right: bool, keep: bool):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        p = cell.paragraphs[0]
        self._set_style(p, self.style["table_text"])
        # Keep-with-next in the rows holds a table (and its notes) on one page where it fits.
        p.paragraph_format.keep_with_next = keep or None
        if right:
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = p.add_run(_text(text).replace("/", "/\u200b"))
        if size != TABLE_TEXT:
            run.font.size = size
        return run

    def _small_lines(self, lines: Sequence[Note], keep_with_next: bool = False) -> None:
        """Notes in small print; a little room after the last, which ends the exhibit."""
        for i, line in enumerate(lines):
            last = i == len(lines) - 1
            p = self.docx.add_paragraph()
            p.paragraph_format.space_before = Pt(3 if i == 0 else 0)
            p.paragraph_format.space_after = Pt(8 if last and not keep_with_next else 2)
            p.paragraph_format.keep_with_next = keep_with_next or not last or None
            self._set_style(p, self.style["note"])
            self._inline(p, runs(line))

    def _legend(self, legend: tuple[str, ...]) -> None:
        """One row per shading class: a bordered swatch in the class's fill, then its text.

        A table rather than shaded characters, because the white class needs a border to be
        seen and cell borders render the same in Word and LibreOffice.
        """
        if not legend:
            return
        self._gap_after_table()
        t = self.docx.add_table(rows=0, cols=2)
        for shade, text in enumerate(legend):
            row = t.add_row()
            swatch, label = row.cells
            fills = self._shade_fills()
            _shade(swatch, fills[min(shade, len(fills) - 1)])
            _borders(swatch, LEGEND_BORDER)
            keep = shade < len(legend) - 1
            self._cell_text(swatch, "", SMALL, right=False, keep=keep)
            self._cell_text(label, text, SMALL, right=False, keep=keep)
            label.paragraphs[0].paragraph_format.left_indent = Cm(0.15)
        for column, width in zip(t.columns, (Cm(0.5), Cm(self.text_width - 0.5)), strict=True):
            column.width = width
            for cell in column.cells:
                cell.width = width
        self.docx.add_paragraph().paragraph_format.space_after = Pt(0)  # room below the legend

    def _gap_after_table(self) -> None:
        """An empty paragraph when the body ends in a table: Word merges adjacent tables."""
        body = self.docx.element.body
        last = body[-2] if body[-1].tag == qn("w:sectPr") else body[-1]
        if last.tag == qn("w:tbl"):
            gap = self.docx.add_paragraph().paragraph_format
            gap.space_after, gap.keep_with_next = Pt(0), True

    def _quote(self, quote: Quote) -> None:
        opening = catalogue.text("quote.open", self.lang)
        closing = catalogue.text("quote.close", self.lang)
        p = self._paragraph("", "Quote")
        run = p.add_run(f"{opening}{quote.text}{closing}")
        if quote.lang:
            _run_language(run, quote.lang)
        p.paragraph_format.keep_with_next = True
        self._bookmark(p, anchor(quote.id))
        self._paragraph(f"({_text(quote.source)})", self.style["source"])

    def _recommendation(self, rec: Recommendation) -> None:
        p = self.docx.add_heading(_text(f"{rec.label} {rec.title}"), min(max(rec.level, 1), 3))
        p.paragraph_format.page_break_before = False
        self._bookmark(p, rec.anchor)
        for paragraph in rec.text:
            self._inline(self.docx.add_paragraph(), paragraph.inline)
        if rec.evidence:
            line = f"{self.words.evidence}: {', '.join(rec.evidence)}"
            self._paragraph(_text(line), self.style["evidence"])

    # -- bookmarks --------------------------------------------------------------------------

    def _bookmark_name(self, html_id: str) -> str:
        """The Word bookmark of an HTML id: the same for the target and every link to it."""
        if html_id not in self._bookmarks:
            name = _bookmark_name(html_id.removeprefix("x-"), self._bookmark_names)
            self._bookmark_names.add(name)
            self._bookmarks[html_id] = name
        return self._bookmarks[html_id]

    def _bookmark(self, p: DocxParagraph, html_id: str) -> None:
        """Put a bookmark around what ``p`` holds so far."""
        bookmark = self._bookmark_name(html_id)
        self._bookmark_id += 1
        ident = str(self._bookmark_id)
        start = _element("w:bookmarkStart", {"w:id": ident, "w:name": bookmark})
        first_run = p._p.find(qn("w:r"))
        if first_run is None:
            p._p.append(start)
        else:
            first_run.addprevious(start)
        p._p.append(_element("w:bookmarkEnd", {"w:id": ident}))


# -- XML helpers ----------------------------------------------------------------------------


def _element(tag: str, attrs: dict[str, str] | None = None):
    el = OxmlElement(tag)
    for key, value in (attrs or {}).items():
        el.set(qn(key), value)
    return el


def _add_field(p: DocxParagraph, instruction: str, cached: str) -> None:
    """A complex field (begin, instruction, separate, result, end) with ``cached`` as result.

    Complex rather than ``w:fldSimple``: the result is then an ordinary run of the paragraph,
    which Word, LibreOffice and python-docx's ``paragraph.text`` all read.
    """
    p.add_run()._r.append(_element("w:fldChar", {"w:fldCharType": "begin"}))
    instr = _element("w:instrText")
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = f" {instruction} "
    p.add_run()._r.append(instr)
    p.add_run()._r.append(_element("w:fldChar", {"w:fldCharType": "separate"}))
    p.add_run(cached)
    p.add_run()._r.append(_element("w:fldChar", {"w:fldCharType": "end"}))


def _field_char(kind: str):
    return _element("w:fldChar", {"w:fldCharType": kind})


def _instr(instruction: str):
    instr = _element("w:instrText")
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = f" {instruction} "
    return instr


def _caption(item: Figure | Table) -> Inline:
    return item.caption_inline or (Run(item.caption),)


def _run_language(run, language: str) -> None:
    """Mark a run's language (a German quote in an English report): spelling, voice."""
    tag = LANGUAGE_TAGS.get(language, language)
    run._r.get_or_add_rPr().append(_element("w:lang", {"w:val": tag}))


def _paragraph_border(style_element, colour: str) -> None:
    """A frame around a paragraph style (consecutive paragraphs share one frame)."""
    ppr = style_element.get_or_add_pPr()
    borders = _element("w:pBdr")
    for side, size in (("top", "4"), ("left", "24"), ("bottom", "4"), ("right", "4")):
        attrs = {"w:val": "single", "w:sz": size, "w:space": "4", "w:color": colour}
        borders.append(_element(f"w:{side}", attrs))
    ppr.append(borders)
    ppr.append(_element("w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": "F4F8FC"}))


class _XmlPart(Part):
    """A package part held as XML (the footnotes), serialised when the file is saved."""

    def __init__(self, partname, content_type, element, package):
        super().__init__(partname, content_type, package=package)
        self.element = element

    @property
    def blob(self) -> bytes:
        from lxml import etree

        return etree.tostring(self.element, xml_declaration=True, encoding="UTF-8", standalone=True)


def _seq_name(label: str) -> str:
    """The SEQ identifier for a caption label: Word's own captions use the label itself."""
    return re.sub(r"\W", "", label) or "Figure"


def _bookmark_name(raw: str, taken: set[str]) -> str:
    """``raw`` as a Word bookmark name: ASCII letters, digits, ``_``, at most 40, letter first.

    Names that collide after shortening or cleaning get a short hash of the original, so two
    different ids never share a bookmark.
    """
    ascii_text = raw
    for umlaut, spelled in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("Ä", "Ae"), ("Ö", "Oe")):
        ascii_text = ascii_text.replace(umlaut, spelled)
    ascii_text = ascii_text.replace("Ü", "Ue").replace("ß", "ss")
    ascii_text = unicodedata.normalize("NFKD", ascii_text).encode("ascii", "ignore").decode()
    name = re.sub(r"[^A-Za-z0-9_]", "_", ascii_text)
    if not name[:1].isalpha():
        # A leading "_" would make Word treat the bookmark as hidden.
        name = f"b{name}"
    if len(name) <= BOOKMARK_MAX and name not in taken:
        return name
    digest = hashlib.sha1(raw.encode()).hexdigest()
    for length in range(8, len(digest) + 1):
        candidate = f"{name[: BOOKMARK_MAX - length - 1]}_{digest[:length]}"
        if candidate not in taken:
            return candidate
    raise ValueError(f"no free bookmark name for {raw!r}")


def _set_num_id(p: DocxParagraph, num_id: int) -> None:
    num_pr = p._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = num_id


# Children of w:trPr and w:tcPr must come in schema order, or Word reports the file broken.
_TR_PR_ORDER = ("w:cantSplit", "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc")
_TC_PR_ORDER = (
    "w:cnfStyle",
    "w:tcW",
    "w:gridSpan",
    "w:hMerge",
    "w:vMerge",
    "w:tcBorders",
    "w:shd",
    "w:noWrap",
    "w:tcMar",
    "w:textDirection",
    "w:tcFitText",
    "w:vAlign",
    "w:hideMark",
)


def _put(parent, child, order: tuple[str, ...]) -> None:
    """Insert ``child`` into ``parent`` at its schema position, replacing one of its kind."""
    tag = child.tag
    old = parent.find(tag)
    if old is not None:
        parent.remove(old)
    later = {qn(t) for t in order[order.index(_prefixed(tag)) + 1 :]}
    for existing in parent:
        if existing.tag in later:
            existing.addprevious(child)
            return
    parent.append(child)


def _prefixed(clark: str) -> str:
    return "w:" + clark.split("}", 1)[1]


def _repeat_as_header(tr) -> None:
    _put(tr.get_or_add_trPr(), _element("w:tblHeader"), _TR_PR_ORDER)
    _cant_split(tr)


def _cant_split(tr) -> None:
    _put(tr.get_or_add_trPr(), _element("w:cantSplit"), _TR_PR_ORDER)


_TBL_PR_ORDER = (
    "w:tblW",
    "w:jc",
    "w:tblInd",
    "w:tblBorders",
    "w:tblLayout",
    "w:tblCellMar",
    "w:tblLook",
)


def _narrow_cell_margins(t: DocxTable) -> None:
    """Left and right cell margins of 0.1 cm instead of 0.19 cm: room for one more column."""
    margins = _element("w:tblCellMar")
    for side in ("left", "right"):
        margins.append(_element(f"w:{side}", {"w:w": "57", "w:type": "dxa"}))
    _put(t._tbl.tblPr, margins, _TBL_PR_ORDER)


def _shade(cell, fill: str) -> None:
    shd = _element("w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": fill})
    _put(cell._tc.get_or_add_tcPr(), shd, _TC_PR_ORDER)


def _borders(cell, colour: str) -> None:
    borders = _element("w:tcBorders")
    for side in ("top", "left", "bottom", "right"):
        attrs = {"w:val": "single", "w:sz": "4", "w:space": "0", "w:color": colour}
        borders.append(_element(f"w:{side}", attrs))
    _put(cell._tc.get_or_add_tcPr(), borders, _TC_PR_ORDER)


def _set_widths(
    t: DocxTable, table: Table, size: Pt, margin_chars: float, width_cm: float = TEXT_WIDTH_CM
) -> None:
    """Column widths from the text they hold, fitted into the text width
    (:func:`_column_chars`).

    LibreOffice lays tables out by the grid widths rather than by their content, so the
    widths are set here instead of leaving them to Word's autofit.
    """
    char_cm = _char_cm(size)
    widths = _column_chars(table, len(t.columns), size, margin_chars, width_cm)
    lengths = [Cm((width + margin_chars) * char_cm) for width in widths]
    for column, length in zip(t.columns, lengths, strict=True):
        column.width = length
    # Row by row: a column's cells are found through every cell of the table, each time.
    for row in t.rows:
        for cell, length in zip(row.cells, lengths, strict=True):
            cell.width = length


def _char_cm(size: Pt) -> float:
    # Generous for Calibri, about right for the wider fonts LibreOffice substitutes for it.
    return 0.024 * size.pt


def _column_chars(
    table: Table, columns: int, size: Pt, margin_chars: float, width_cm: float
) -> list[float]:
    """Each column's width in characters, margins left out: every column first gets room
    for its longest unbreakable piece (a word; a number with its "%"), then the room left
    goes to whole cell texts, and only then to header lines that could wrap."""
    char_cm = _char_cm(size)
    needed, cells_fit, header_fit = [], [], []
    for i in range(columns):
        header = table.header[i] if i < len(table.header) else ""
        cells = [row[i].text for row in table.rows if i < len(row)]
        numeric = i >= table.numeric_from
        if numeric:
            pieces = [c for c in cells if len(c) <= 12]
        else:
            # A very long word in a label column may break; it must not squeeze the numbers.
            # Words break at spaces and after "/" (cells get a zero-width space there).
            pieces = [word[:LONG_WORD] for c in cells for word in re.split(r"[ \t\n/]", nbsp(c))]
        # Header text is bold, a tenth wider than the body.
        # Split where a line may break: not at the no-break spaces of "Dez. III", "n = 5".
        header_words = [BOLD_WIDTH * len(word) for word in re.split(r"[ \t\n]+", nbsp(header))]
        needed.append(max([len(p) for p in pieces] + header_words + [3]))
        cells_fit.append(max([len(c) for c in cells] + [needed[-1]]))
        header_fit.append(max(BOLD_WIDTH * len(header), cells_fit[-1]))
    room = width_cm / char_cm - margin_chars * len(needed)  # characters, less margins
    widths = [float(n) for n in needed]
    if sum(widths) > room:
        widths = [w * room / sum(widths) for w in widths]
    for target in (cells_fit, header_fit):
        want = [max(goal - w, 0.0) for goal, w in zip(target, widths, strict=True)]
        spare = room - sum(widths)
        if spare <= 0 or not sum(want):
            continue
        share = min(1.0, spare / sum(want))
        widths = [w + d * share for w, d in zip(widths, want, strict=True)]
    return widths


def _table_height_cm(
    table: Table, columns: int, size: Pt, margin_chars: float, width_cm: float
) -> float:
    """About how high the table is set: each row as many lines as its fullest cell needs in
    its column's width (words wrap a little early: a tenth more), with the cells' padding."""
    widths = _column_chars(table, columns, size, margin_chars, width_cm)
    line_cm = size.pt * 1.2 * 2.54 / 72
    padding_cm = 0.1

    def lines(texts: Sequence[str], bold: float = 1.0) -> int:
        # (a short row has fewer cells than the table has columns)
        return max(
            [
                math.ceil(bold * 1.1 * len(text) / max(w, 1.0))
                for text, w in zip(texts, widths, strict=False)
            ]
            + [1]
        )

    rows = [lines([c.text for c in row]) for row in table.rows]
    if table.header:
        rows.append(lines(table.header, BOLD_WIDTH))
    return sum(n * line_cm + padding_cm for n in rows)
