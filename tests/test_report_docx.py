"""The DOCX writer (lipkit.report.docx): the Word file, re-read with python-docx."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from matplotlib.figure import Figure as Figure_

from lipkit.report.charts import Rendered, render
from lipkit.report.docx import _bookmark_name, write_docx
from lipkit.report.model import (
    Cell,
    Document,
    Figure,
    Heading,
    ListBlock,
    Notice,
    Paragraph,
    Quote,
    Recommendation,
    Run,
    Table,
    Words,
)

WORDS_DE = Words(
    figure="Abbildung",
    table="Tabelle",
    contents="Inhaltsverzeichnis",
    figures="Abbildungsverzeichnis",
    tables="Tabellenverzeichnis",
    source="Quelle",
    not_shown="nicht ausgewiesen",
    evidence="Belege",
    recommendation="Handlungsempfehlung",
    recommendation_short="HE",
    page="Seite",
)
WORDS_EN = Words(
    figure="Figure",
    table="Table",
    contents="Contents",
    figures="List of figures",
    tables="List of tables",
    source="Source",
    not_shown="not shown",
    evidence="Evidence",
    recommendation="Recommendation",
    recommendation_short="R",
    page="Page",
)
ALT = "Balkendiagramm: 61 % halten die Maßnahmen für wirksam, 39 % nicht."


def tiny_chart() -> Rendered:
    """A real chart through the report's own renderer, small enough to draw fast."""
    fig = Figure_(figsize=(4, 2))
    ax = fig.add_subplot()
    ax.barh(["wirksam", "nicht wirksam"], [61, 39], color=["#2166ac", "#b2182b"])
    return render(fig)


def sample(language: str = "de") -> Document:
    table = Table(
        id="table-einfluss-dezernat",
        number=1,
        caption="Einfluss nach Dezernat (Anteile an der Gruppe)",
        header=("Dezernat", "hoch", "mittel", "gering", "n"),
        rows=(
            (Cell("I"), Cell("12 %", 0), Cell("35 %", 1), Cell("53 %", 2), Cell("49")),
            # a suppressed unit; its short row must still fill every column
            (Cell("II"), Cell("nicht ausgewiesen", suppressed=True)),
        ),
        notes=("Basis: Befragte je Dezernat.", "n < 5: nicht ausgewiesen."),
        legend=("unter 20 %", "20 bis unter 40 %", "40 % und mehr"),
    )
    figure = Figure(
        id="einfluss_vielfalt-dezernat",
        number=1,
        caption="Wirksamkeit der Maßnahmen (n=163)",
        alt=ALT,
        chart=tiny_chart(),
        width_cm=20.0,  # wider than the text: must be capped at 16 cm
        height_cm=10.0,
        notes=("Quelle: Befragung 2019.",),
    )
    return Document(
        title="Evaluation des Lokalen Integrationsplans",
        subtitle="Abschlussbericht",
        author="Stabsstelle Integration",
        date="Oktober 2020",
        language=language,
        words=WORDS_DE if language == "de" else WORDS_EN,
        blocks=[
            Heading(1, "1", "Einleitung", "einleitung"),
            Paragraph((Run("Der LIP wurde "), Run("2008", bold=True), Run(" beschlossen."))),
            ListBlock((((Run("erstens"),)), (Run("zweitens"),)), ordered=True),
            Heading(2, "1.1", "Ergebnisse", "1-1-ergebnisse"),
            figure,
            table,
            Quote("Interview_FBL_07#controlling", "Ziele fehlen.", "Quelle: Interview_FBL_07"),
            Recommendation(
                number=3,
                label="HE 3",
                title="Verantwortlichkeiten festlegen",
                text=(Paragraph((Run("Jede Maßnahme braucht eine Zuständigkeit."),)),),
                evidence=("Abbildung 21", "Tabelle 2", "Interview_FBL_07"),
                anchor="he-3",
            ),
            Notice("Zu wenige offene Antworten, nicht ausgewiesen."),
        ],
    )


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> docx.document.Document:
    path = tmp_path_factory.mktemp("docx") / "bericht.docx"
    write_docx(sample(), path)
    return docx.Document(str(path))


def paragraphs(d, style: str) -> list[str]:
    return [p.text for p in d.paragraphs if p.style.name == style]


def bookmarks(d) -> list[str]:
    return [b.get(qn("w:name")) for b in d.element.body.iter(qn("w:bookmarkStart"))]


def flat(text: str) -> str:
    """Text with its no-break spaces ("Abbildung 1", "12 %") as plain spaces."""
    return text.replace("\u00a0", " ")


def instructions(element) -> list[str]:
    return [i.text.strip() for i in element.iter(qn("w:instrText"))]


def test_title_page_contents_field_and_lists(written):
    d = written
    assert paragraphs(d, "Title") == ["Evaluation des Lokalen Integrationsplans"]
    assert paragraphs(d, "Subtitle") == ["Abschlussbericht"]
    texts = [p.text for p in d.paragraphs]
    assert "Stabsstelle Integration" in texts and "Oktober 2020" in texts
    assert paragraphs(d, "TOC Heading") == [
        "Inhaltsverzeichnis",
        "Abbildungsverzeichnis",
        "Tabellenverzeichnis",
    ]
    # The contents and the lists are TOC fields (Word updates them on opening) whose
    # entries are already written: a link to the bookmark, a tab (dot leader) and a PAGEREF.
    toc = next(p for p in d.paragraphs if "TOC" in " ".join(instructions(p._p)))
    assert instructions(toc._p) == [r'TOC \o "1-3" \h \z \u', r"PAGEREF einleitung \h"]
    assert toc.text == "1 Einleitung\t"
    assert toc.style.name == "TOC 1"
    tab = d.styles["TOC 1"].element.pPr.find(qn("w:tabs")).find(qn("w:tab"))
    assert (tab.get(qn("w:val")), tab.get(qn("w:leader"))) == ("right", "dot")
    lists = [p for p in d.paragraphs if p.style.name == "Table of Figures"]
    assert [flat(p.text) for p in lists] == [
        "Abbildung 1 – Wirksamkeit der Maßnahmen (n=163)\t",
        "Tabelle 1 – Einfluss nach Dezernat (Anteile an der Gruppe)\t",
    ]
    assert instructions(lists[0]._p) == [
        r'TOC \h \z \c "Abbildung"',
        r"PAGEREF einfluss_vielfalt_dezernat \h",
    ]
    settings = d.settings.element
    assert settings.find(qn("w:updateFields")).get(qn("w:val")) == "true"


def test_headings_paragraphs_and_lists(written):
    d = written
    assert paragraphs(d, "Heading 1") == ["1 Einleitung"]
    assert paragraphs(d, "Heading 2") == ["1.1 Ergebnisse"]
    body = next(p for p in d.paragraphs if p.text == "Der LIP wurde 2008 beschlossen.")
    assert [(r.text, bool(r.bold)) for r in body.runs] == [
        ("Der LIP wurde ", False),
        ("2008", True),
        (" beschlossen.", False),
    ]
    assert paragraphs(d, "List Number") == ["erstens", "zweitens"]
    # a fresh numbering instance, so that this list starts at 1
    num_ids = {p._p.pPr.numPr.numId.val for p in d.paragraphs if p.style.name == "List Number"}
    assert len(num_ids) == 1
    # bookmarks: the heading anchors (cleaned for Word), the caption ids, the recommendation
    assert bookmarks(d) == [
        "einleitung",
        "b1_1_ergebnisse",
        "einfluss_vielfalt_dezernat",
        "table_einfluss_dezernat",
        "Interview_FBL_07_controlling",
        "he_3",
    ]


def test_figure_picture_alt_text_and_caption_with_seq_field(written):
    d = written
    (shape,) = d.inline_shapes
    doc_pr = shape._inline.docPr
    assert doc_pr.get("descr") == ALT
    assert doc_pr.get("title") == ALT
    assert shape.width.cm == pytest.approx(16.0, abs=0.01)
    assert shape.height.cm == pytest.approx(8.0, abs=0.01)
    (picture,) = [p for p in d.paragraphs if p._p.xpath(".//w:drawing")]
    assert picture.paragraph_format.keep_with_next

    captions = [flat(c) for c in paragraphs(d, "Caption")]
    assert captions == [
        "Abbildung 1 – Wirksamkeit der Maßnahmen (n=163)",
        "Tabelle 1 – Einfluss nach Dezernat (Anteile an der Gruppe)",
    ]
    figure_caption, table_caption = (p for p in d.paragraphs if p.style.name == "Caption")
    assert instructions(figure_caption._p) == [r"SEQ Abbildung \* ARABIC"]
    assert instructions(table_caption._p) == [r"SEQ Tabelle \* ARABIC"]
    # the caption follows the picture, the note follows the caption in small print
    elements = [p._p for p in d.paragraphs]
    at = elements.index(figure_caption._p)
    assert elements[at - 1] is picture._p
    note = d.paragraphs[at + 1]
    assert note.text == "Quelle: Befragung 2019."
    assert note.style.name == "Anmerkung" and note.style.font.size.pt == 9


def test_table_cells_shading_header_and_suppression(written):
    d = written
    table = d.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Dezernat", "hoch", "mittel", "gering", "n"]
    assert [flat(c.text) for c in table.rows[1].cells] == ["I", "12 %", "35 %", "53 %", "49"]
    assert [c.text for c in table.rows[2].cells] == ["II", "nicht ausgewiesen", "", "", ""]
    assert table.style.name == "Table Grid"

    header = table.rows[0]._tr
    assert header.trPr.find(qn("w:tblHeader")) is not None
    assert all(c.paragraphs[0].runs[0].bold for c in table.rows[0].cells)

    def fill(cell):
        shd = cell._tc.tcPr.find(qn("w:shd"))
        return None if shd is None else shd.get(qn("w:fill"))

    first = table.rows[1].cells
    assert [fill(c) for c in first[1:4]] == ["FFFFFF", "BDD7EE", "5B9BD5"]
    assert fill(first[0]) is None
    darkest = first[3].paragraphs[0].runs[0]
    # Text on the darkest fill is black or white, whichever reads better (WCAG contrast):
    # black on 5B9BD5 is 7.6:1, white only 2.8:1.
    assert darkest.bold and str(darkest.font.color.rgb) == "000000"
    # numbers right-aligned from numeric_from on, the unit column left
    assert first[0].paragraphs[0].alignment is None
    assert all(c.paragraphs[0].alignment == 2 for c in first[1:])  # WD_ALIGN_PARAGRAPH.RIGHT

    suppressed = table.rows[2].cells[1].paragraphs[0].runs[0]
    assert suppressed.italic and str(suppressed.font.color.rgb) == "595959"

    # the caption stands above the table and stays with it
    body = list(d.element.body)
    caption = next(
        p
        for p in d.paragraphs
        if flat(p.text).startswith("Tabelle 1 –") and p.style.name == "Caption"
    )
    assert body.index(caption._p) + 1 == body.index(table._tbl)
    assert caption.paragraph_format.keep_with_next

    texts = [flat(p.text) for p in d.paragraphs]
    assert "Basis: Befragte je Dezernat." in texts and "n < 5: nicht ausgewiesen." in texts
    legend = d.tables[1]
    assert [flat(r.cells[1].text) for r in legend.rows] == [
        "unter 20 %",
        "20 bis unter 40 %",
        "40 % und mehr",
    ]
    assert [fill(r.cells[0]) for r in legend.rows] == ["FFFFFF", "BDD7EE", "5B9BD5"]


def test_quote_recommendation_and_notice(written):
    d = written
    assert paragraphs(d, "Quote") == ["„Ziele fehlen.“"]
    texts = [flat(p.text) for p in d.paragraphs]
    # Named styles, so that a team restyles them in Word once for the whole report.
    source = d.paragraphs[texts.index("(Quelle: Interview_FBL_07)")]
    assert source.style.name == "Quellenangabe"
    assert source.style.paragraph_format.alignment == 2  # right
    assert [flat(t) for t in paragraphs(d, "Heading 3")] == ["HE 3 Verantwortlichkeiten festlegen"]
    assert "Jede Maßnahme braucht eine Zuständigkeit." in texts
    evidence = d.paragraphs[texts.index("Belege: Abbildung 21, Tabelle 2, Interview_FBL_07")]
    assert evidence.style.name == "Grundlage" and evidence.style.font.italic
    notice = d.paragraphs[texts.index("Zu wenige offene Antworten, nicht ausgewiesen.")]
    assert notice.style.name == "Hinweis" and notice.style.font.italic


def test_page_footer_language_and_properties(written):
    d = written
    section = d.sections[0]
    assert section.page_width.cm == pytest.approx(21.0, abs=0.01)
    assert section.page_height.cm == pytest.approx(29.7, abs=0.01)
    assert section.left_margin.cm == pytest.approx(2.5, abs=0.01)
    assert section.right_margin.cm == pytest.approx(2.5, abs=0.01)
    footer = section.footer.paragraphs[0]
    assert instructions(footer._p) == ["PAGE"]
    assert footer.alignment == 1  # centred
    props = d.core_properties
    assert props.title == "Evaluation des Lokalen Integrationsplans"
    assert props.author == "Stabsstelle Integration"
    assert props.language == "de-DE"
    lang = d.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    assert lang.find(qn("w:lang")).get(qn("w:val")) == "de-DE"


def test_english_report_words_and_quotes(tmp_path: Path):
    path = tmp_path / "report.docx"
    write_docx(sample("en"), path)
    d = docx.Document(str(path))
    toc = next(p for p in d.paragraphs if "TOC" in " ".join(instructions(p._p)))
    assert toc.text == "1 Einleitung\t"
    assert flat(paragraphs(d, "Caption")[0]) == "Figure 1 – Wirksamkeit der Maßnahmen (n=163)"
    figure_caption = next(p for p in d.paragraphs if p.style.name == "Caption")
    assert instructions(figure_caption._p) == [r"SEQ Figure \* ARABIC"]
    assert paragraphs(d, "Quote") == ["“Ziele fehlen.”"]
    assert d.core_properties.language == "en-GB"


def test_two_numbered_lists_each_start_again(tmp_path: Path):
    document = sample()
    document.blocks = [ListBlock(((Run("a"),),), ordered=True)] * 2
    path = tmp_path / "lists.docx"
    write_docx(document, path)
    d = docx.Document(str(path))
    num_ids = [p._p.pPr.numPr.numId.val for p in d.paragraphs if p.style.name == "List Number"]
    assert len(num_ids) == 2 and num_ids[0] != num_ids[1]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("einleitung", "einleitung"),
        ("3-2-methode", "b3_2_methode"),
        ("Interview_FBL_07#controlling", "Interview_FBL_07_controlling"),
        ("größe-übersicht", "groesse_uebersicht"),
    ],
)
def test_bookmark_names_are_valid_for_word(raw: str, expected: str):
    assert _bookmark_name(raw, set()) == expected


def test_long_or_colliding_bookmark_names_stay_distinct():
    long = "einfluss_vielfalt_nach_fachbereich_und_dezernat-" + "x" * 30
    first = _bookmark_name(long, set())
    second = _bookmark_name(long + "y", {first})
    assert len(first) <= 40 and len(second) <= 40
    assert first != second
    assert first[0].isalpha() and second.replace("_", "").isalnum()
    clash = _bookmark_name("a-b", {"a_b"})
    assert clash != "a_b" and clash.startswith("a_b_")


def test_word_cloud_with_its_frequency_table_under_one_caption(tmp_path: Path):
    frequencies = Table(
        id="freq-hindernisse",
        number=0,
        caption="",
        header=("Begriff", "Nennungen"),
        rows=((Cell("Budget"), Cell("14")), (Cell("Zeit"), Cell("9"))),
        notes=("Begriffe ab 3 Nennungen.",),
    )
    cloud = Figure(
        id="hindernisse",
        number=2,
        caption="Hindernisse (n=48)",
        alt="Wortwolke: Budget 14, Zeit 9.",
        chart=tiny_chart(),
        width_cm=8.0,
        height_cm=4.0,
        table=frequencies,
    )
    document = sample()
    document.blocks = [cloud]
    path = tmp_path / "cloud.docx"
    write_docx(document, path)
    d = docx.Document(str(path))
    (shape,) = d.inline_shapes
    assert shape.width.cm == pytest.approx(8.0, abs=0.01)
    assert shape.height.cm == pytest.approx(4.0, abs=0.01)
    (table,) = d.tables
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["Begriff", "Nennungen"],
        ["Budget", "14"],
        ["Zeit", "9"],
    ]
    # picture, table, then the one caption and the notes; everything up to it kept together
    body = [el for el in d.element.body if el.tag != qn("w:sectPr")]
    picture = next(i for i, el in enumerate(body) if el.xpath(".//w:drawing"))
    assert body[picture + 1] is table._tbl
    caption = body[picture + 2]
    assert caption.xpath("string(.//w:t)").startswith("Abbildung\u00a0")
    assert paragraphs(d, "Caption") == ["Abbildung\u00a02 – Hindernisse (n=48)"]
    assert "Begriffe ab 3 Nennungen." in [p.text for p in d.paragraphs]


def test_a_figure_caption_stays_on_the_page_of_its_notes(written: docx.document.Document):
    """Seen in the demo's DOCX (LibreOffice): "Anteile an den 163 Befragten …" opened a page
    while its figure and caption ended the one before. The picture keeps with its caption,
    the caption with the notes under it, and each note but the last with the next."""
    paragraphs = written.paragraphs
    at = next(i for i, p in enumerate(paragraphs) if p.style.name == "Caption" and "163" in p.text)
    caption = paragraphs[at]
    note = paragraphs[at + 1]
    assert note.text == "Quelle: Befragung 2019."
    assert paragraphs[at - 1]._p.xpath(".//pic:pic")  # the picture before it
    assert paragraphs[at - 1].paragraph_format.keep_with_next
    assert caption.paragraph_format.keep_with_next
