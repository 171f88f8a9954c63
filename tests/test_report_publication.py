"""What a public body needs before it publishes the report (issue 15).

The accessible PDF is read back with pikepdf (structure tree, artifacts, languages); wide
breakdowns are laid out by WeasyPrint and measured; chapter Markdown (pictures, pipe tables,
links, footnotes, cross-references) is checked in the document model and in each format;
charts are measured on their matplotlib figures; the city's look comes from report.yaml.
The small study is ``studies/report_folder.py``'s (18 rows, k = 6, hand counts there).
"""

from __future__ import annotations

import base64
import io
import itertools
import re
import shutil
from pathlib import Path

import docx
import numpy as np
import pikepdf
import pytest
from bs4 import BeautifulSoup
from docx.oxml.ns import qn
from matplotlib import font_manager
from PIL import Image
from studies.report_folder import build, write_report_study
from typer.testing import CliRunner

from lipkit.cli import app
from lipkit.cli.session import load_inputs
from lipkit.demo import write_demo
from lipkit.report import charts, write_report
from lipkit.report.build import ReportBuilder
from lipkit.report.html import render_html
from lipkit.report.model import Box, Paragraph, plain

runner = CliRunner()

PNG_1x1 = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


# -- the accessible PDF ------------------------------------------------------------------------


def _struct_elements(pdf: pikepdf.Pdf):
    """Every structure element in document order, with its depth."""
    out = []

    def walk(node, depth):
        if not isinstance(node, pikepdf.Dictionary) or "/S" not in node:
            return
        out.append((node, depth))
        kids = node.get("/K")
        if kids is None:
            return
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            walk(kid, depth + 1)

    kids = pdf.Root.StructTreeRoot.K
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        walk(kid, 0)
    return out


def _descendants(node) -> list:
    found = []
    kids = node.get("/K")
    for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]) if kids is not None else []:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            found.append(kid)
            found += _descendants(kid)
    return found


@pytest.fixture(scope="module")
def tagged(tmp_path_factory) -> Path:
    """The English report of the small study as PDF (German quotes in it)."""
    folder = tmp_path_factory.mktemp("tagged") / "studie"
    write_report_study(folder)
    inputs = load_inputs(folder, None)
    write_report(
        inputs.study, inputs.frame, folder, folder / "out", formats=("pdf",), language="en"
    )
    return folder / "out" / "bericht.pdf"


def test_pdf_is_tagged_with_language_title_headings_tables_and_figure_alt_texts(tagged: Path):
    pdf = pikepdf.open(tagged)
    assert pdf.Root.MarkInfo.Marked is True
    assert str(pdf.Root.Lang) == "en"
    assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
    assert str(pdf.docinfo["/Title"]) == "Testbericht"
    elements = _struct_elements(pdf)
    kinds = [str(node.S) for node, _ in elements]
    # Every figure has its text alternative, the one the HTML has.
    figures = [node for node, _ in elements if str(node.S) == "/Figure"]
    assert len(figures) == 3
    assert all(str(f.get("/Alt", "")).strip() for f in figures)
    assert str(figures[0].Alt).startswith("Stacked bar chart (100%): Cooperation works well")
    # Every table has header cells.
    tables = [node for node, _ in elements if str(node.S) == "/Table"]
    assert len(tables) >= 4
    for table in tables:
        assert any(str(d.S) == "/TH" for d in _descendants(table))
    # Headings nest: the title H1, chapters H2, sections H3; never a level skipped.
    levels = [int(k[2]) for k in kinds if re.fullmatch(r"/H[1-6]", k)]
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels


def test_running_header_and_page_numbers_are_artifacts(tagged: Path):
    pdf = pikepdf.open(tagged)
    page = pdf.pages[2]  # a body page with the running title and a page number
    marks = [
        str(operands[0])
        for operands, operator in pikepdf.parse_content_stream(page)
        if str(operator) in ("BDC", "BMC")
    ]
    assert "/Artifact" in marks and "/Span" in marks
    # The header's text ("Testbericht") is no structure element of its own.
    texts = []
    for node, _ in _struct_elements(pdf):
        if str(node.S) == "/Span" and "/ActualText" in node:
            texts.append(str(node.ActualText))
    assert "Testbericht" not in texts


def test_a_german_quote_in_an_english_report_is_marked_german(tagged: Path):
    pdf = pikepdf.open(tagged)
    quotes = [node for node, _ in _struct_elements(pdf) if str(node.S) == "/BlockQuote"]
    assert quotes
    languages = {str(d.Lang) for q in quotes for d in _descendants(q) if "/Lang" in d}
    assert languages == {"de"}


# -- wide breakdowns ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_wide(tmp_path_factory) -> Path:
    """The demo study with one chapter: a breakdown by Fachbereich (19 units)."""
    folder = write_demo(tmp_path_factory.mktemp("wide") / "demo")
    for chapter in (folder / "report").glob("*.md"):
        chapter.unlink()
    (folder / "report" / "recommendations.yaml").unlink()
    (folder / "report" / "01-breit.md").write_text(
        "# Breite Tabellen\n\n"
        '{{ table("massnahmen_zugaenglichkeit", by="fachbereich") }}\n\n'
        '{{ table("einbindung_neuer_lip", by="dezernat") }}\n',
        encoding="utf-8",
    )
    return folder


def test_a_breakdown_by_fachbereich_is_transposed_on_a_landscape_page(demo_wide: Path):
    inputs = load_inputs(demo_wide, None)
    doc = ReportBuilder(inputs.study, inputs.frame, demo_wide, part="evaluation").build()
    wide, by_dezernat = doc.tables
    # Groups as rows: the whole survey, then the 19 Fachbereiche (and none cut off).
    assert wide.header[0] == "Fachbereich (Anteil an allen Befragten)"
    assert len(wide.header) == 1 + 8  # the label column and the eight options
    assert wide.header[-2:] == ("Sonstiges", "Wir nutzen keine solcher Maßnahmen")
    assert len(wide.rows) == 20 and wide.rows[0][0].text == "Gesamt (n=202)"
    assert wide.landscape
    labels = {row[0].text for row in wide.rows}
    assert "51 – Fachbereich Jugend und Familie (n=34)" in labels
    # Fachbereich 19 (1 respondent) is small; hidden complements say so, with a note why.
    assert "19 – Fachbereich Gebäudemanagement (n < 5)" in labels
    assert any(label.endswith("(nicht ausgewiesen)") for label in labels)
    assert any(n.startswith("nicht ausgewiesen: Die Gruppe hat mindestens 5") for n in wide.notes)
    # Eight groups fit a portrait page side by side.
    assert not by_dezernat.landscape and by_dezernat.header[1] == "Gesamt\n(n=202)"


def test_no_table_is_wider_than_its_page(demo_wide: Path):
    from weasyprint import HTML
    from weasyprint.formatting_structure import boxes

    inputs = load_inputs(demo_wide, None)
    doc = ReportBuilder(inputs.study, inputs.frame, demo_wide).build()
    layout = HTML(string=render_html(doc)).render()
    checked = landscape = 0
    for page in layout.pages:
        frame = page._page_box
        right = frame.content_box_x() + frame.width
        if frame.margin_width() > frame.margin_height():
            landscape += 1
        for box in frame.descendants():
            if isinstance(box, boxes.TableBox):
                checked += 1
                assert box.position_x + box.margin_width() <= right + 0.5, (
                    box.element.get("id"),
                    box.margin_width(),
                    frame.width,
                )
    assert checked >= 3 and landscape >= 1


# -- chapter Markdown --------------------------------------------------------------------------

RICH = """\
# Vorgehen

{{ ref("image-ablauf") }} zeigt die Schritte, {{ ref("table-zeitplan") }} den Zeitplan;
mehr bei der [Stadt](https://www.example.org/lip).[^k]

![Vier Kästchen: Planung, Umfrage, Interviews, Bericht.](ablauf.png "Ablauf der Evaluation")

{{ table("massnahmen", by="dezernat", base="group") }}

| Schritt | Monat | Wochen |
|---|---|--:|
| Umfrage | September | 5 |
| Interviews | November | 4 |

: Zeitplan

Danach folgt {{ ref("massnahmen") }}.

{{ figure("massnahmen") }}

#### Zu tief

```
code
```

<div>roh</div>

[^k]: Ergebnisse erst ab 6 Befragten.
"""


@pytest.fixture
def rich_folder(study_folder: Path) -> Path:
    (study_folder / "report" / "01-ergebnisse.md").write_text(RICH, encoding="utf-8")
    (study_folder / "report" / "recommendations.yaml").unlink()
    (study_folder / "report" / "ablauf.png").write_bytes(PNG_1x1)
    return study_folder


def test_pictures_pipe_tables_links_footnotes_and_cross_references(rich_folder: Path):
    doc = build(rich_folder)
    picture = doc.figures[0]
    assert (picture.number, picture.id, picture.caption) == (
        1,
        "image-ablauf",
        "Ablauf der Evaluation",
    )
    assert picture.alt.startswith("Vier Kästchen") and picture.raster == "png"
    assert picture.png == PNG_1x1
    (_groups, pipe) = doc.tables
    assert (pipe.number, pipe.caption) == (2, "Zeitplan")
    assert pipe.header == ("Schritt", "Monat", "Wochen")
    assert [[c.text for c in r] for r in pipe.rows] == [
        ["Umfrage", "September", "5"],
        ["Interviews", "November", "4"],
    ]
    assert pipe.numeric_from == 2  # the right-aligned column
    first = next(b for b in doc.blocks if isinstance(b, Paragraph))
    runs = {r.text: r for r in first.inline}
    # Cross-references are links to what they name; links keep their URL.
    assert runs["Abbildung 1"].link == "#x-image-ablauf"
    assert runs["Tabelle 2"].link == "#x-table-zeitplan"
    assert runs["Stadt"].link == "https://www.example.org/lip"
    (note,) = [r for r in first.inline if r.footnote]
    assert note.footnote == "Ergebnisse erst ab 6 Befragten."
    assert plain(first.inline).endswith("mehr bei der Stadt.")
    later = [b for b in doc.blocks if isinstance(b, Paragraph)][1]
    assert [r.link for r in later.inline if r.text == "Abbildung 2"] == ["#x-massnahmen"]
    # What the report cannot show is named with file and line, never dropped silently.
    chapter = str(rich_folder / "report" / "01-ergebnisse.md")
    assert f"{chapter}, Zeile 21: eine Überschrift der Ebene 4 (####) wird im Bericht" in (
        "\n".join(doc.warnings)
    )
    assert any(w.startswith(f"{chapter}, Zeile 23: ein Codeblock") for w in doc.warnings)
    assert any(w.startswith(f"{chapter}, Zeile 27: HTML") for w in doc.warnings)


def test_the_writers_show_links_footnotes_and_pictures(rich_folder: Path):
    inputs = load_inputs(rich_folder, None)
    out = rich_folder / "out"
    write_report(inputs.study, inputs.frame, rich_folder, out, formats=("html", "docx"))
    soup = BeautifulSoup((out / "bericht.html").read_text(encoding="utf-8"), "html.parser")
    links = {a.get_text(): a["href"] for a in soup.find_all("a", href=True)}
    assert links["Abbildung\u00a01"] == "#x-image-ablauf"
    assert links["Stadt"] == "https://www.example.org/lip"
    assert soup.find(id="x-image-ablauf").img["src"].startswith("data:image/png;base64,")
    assert soup.find("span", class_="footnote").get_text() == "Ergebnisse erst ab 6 Befragten."
    assert soup.find("table", id="x-table-zeitplan").caption.get_text() == (
        "Tabelle\u00a02 – Zeitplan"
    )
    d = docx.Document(str(out / "bericht.docx"))
    body = d.element.body
    anchors = {h.get(qn("w:anchor")) for h in body.iter(qn("w:hyperlink"))}
    marks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    assert {"image_ablauf", "table_zeitplan", "massnahmen"} <= anchors & marks
    external = [h for h in body.iter(qn("w:hyperlink")) if h.get(qn("r:id"))]
    (link,) = external
    assert d.part.rels[link.get(qn("r:id"))].target_ref == "https://www.example.org/lip"
    # A real Word footnote: a reference in the text, its text in the footnotes part.
    (ref,) = list(body.iter(qn("w:footnoteReference")))
    part = next(p for p in d.part.package.parts if p.partname == "/word/footnotes.xml")
    assert "Ergebnisse erst ab 6 Befragten." in part.blob.decode("utf-8")
    assert f'w:id="{ref.get(qn("w:id"))}"' in part.blob.decode("utf-8")
    assert len(d.inline_shapes) == 2  # the picture and the chart


def test_strict_fails_on_any_warning_and_writes_nothing(rich_folder: Path):
    out = rich_folder / "strict"
    result = runner.invoke(app, ["report", str(rich_folder), "--strict", "--output", str(out)])
    assert result.exit_code == 2, result.output
    assert "--strict: 3 Warnung(en); nichts geschrieben" in result.output
    assert not out.exists()
    plain_run = runner.invoke(app, ["report", str(rich_folder), "--format", "html"])
    assert plain_run.exit_code == 0, plain_run.output


def test_a_report_with_suppressed_numbers_fails_strict(study_folder: Path):
    result = runner.invoke(app, ["report", str(study_folder), "--strict", "--format", "html"])
    assert result.exit_code == 2
    assert "n(group='F12') ist nicht ausgewiesen (n < 6)" in result.output


# -- charts ------------------------------------------------------------------------------------


def test_single_choice_bars_have_one_colour_and_an_axis_to_100(study_folder: Path):
    (study_folder / "report" / "01-ergebnisse.md").write_text(
        '# A\n\n{{ figure("kontakt") }}\n', encoding="utf-8"
    )
    (study_folder / "report" / "recommendations.yaml").unlink()
    (figure,) = build(study_folder).figures
    svg = figure.svg.decode()
    # lean_svg writes fills as presentation attributes (fill="#…"), not as styles
    fills = set(re.findall(r'fill="(#[0-9a-f]{6})"', svg)) - {"#ffffff", "#dddddd", "#000000"}
    assert fills == {charts.BAR_COLOUR.lower()}
    assert ">100 %<" in svg


def test_legend_reads_in_scale_order_left_to_right():
    categories = ["a", "b", "c", "d", "e", "f", "g"]
    # matplotlib fills a 4-column legend column by column; the reordered entries read a b c d
    # in the first row and e f g in the second.
    assert charts._row_major(categories, 4) == ["a", "e", "b", "f", "c", "g", "d"]
    fig = charts.stacked_figure(
        [charts.StackedRow("x", (10.0, 10, 10, 10, 20, 20, 20))], categories, ["#000"] * 7
    )
    texts = [t for t in fig.legends[0].get_texts()]
    fig.canvas.draw()
    boxes = {t.get_text(): t.get_window_extent() for t in texts}
    rows = sorted(boxes, key=lambda c: (-round(boxes[c].y0), boxes[c].x0))
    assert rows == categories


def test_long_item_labels_do_not_collide():
    labels = [
        "Der Anteil an Kundschaft bzw. Bürger*innen mit Migrationshintergrund, mit denen mein "
        "Sachgebiet/meine Sachgebiete Kontakt haben, hat zugenommen",
        "In der Arbeit meines Sachgebiets spielen mit der gestiegenen kulturellen Vielfalt "
        "zusammenhängende Themen (u.a. Integration, Einwanderung, Interkulturalität) "
        "zunehmend eine Rolle",
        "Kurz",
    ]
    rows = [charts.StackedRow(label, (50.0, 50.0)) for label in labels]
    fig = charts.stacked_figure(rows, ["ja", "nein"], ["#0571b0", "#ca0020"])
    fig.canvas.draw()
    boxes = [t.get_window_extent() for t in fig.axes[0].get_yticklabels()]
    for upper, lower in itertools.pairwise(sorted(boxes, key=lambda b: -b.y0)):
        assert lower.y1 <= upper.y0, (lower, upper)


def test_a_chart_is_drawn_once_for_each_file_with_its_layout_kept():
    """tight_layout leaves a stand-in layout engine on the figure, for which every savefig
    drew the figure twice (the first drawing thrown away); render and png_of draw it once
    for the SVG and once for the PNG, with the layout tight_layout made."""
    rows = [charts.StackedRow("ja", (40.0, 60.0)), charts.StackedRow("nein", (70.0, 30.0))]
    fig = charts.stacked_figure(rows, ["ja", "nein"], ["#0571b0", "#ca0020"])
    laid_out = (fig.subplotpars.left, fig.subplotpars.bottom, fig.subplotpars.top)
    draws: list[str] = []
    fig.canvas.mpl_connect("draw_event", lambda event: draws.append(type(event.renderer).__name__))
    rendered = charts.render(fig)
    assert draws == ["MixedModeRenderer"]  # (the SVG renderer)
    assert rendered.png.startswith(b"\x89PNG")
    assert draws == ["MixedModeRenderer", "RendererAgg"]
    assert (fig.subplotpars.left, fig.subplotpars.bottom, fig.subplotpars.top) == laid_out
    assert laid_out[0] > 0.05  # (room made for the labels)


def test_a_charts_png_has_matplotlibs_pixels_as_rgb_at_300_dpi():
    """png_of writes the pixels savefig would (its PNG was RGBA, 255 throughout) as RGB."""
    fig = charts.share_figure(["ja", "nein"], [70.0, 30.0], ["#0072B2", "#E69F00"])
    saved = io.BytesIO()
    fig.savefig(saved, format="png", dpi=300)
    reference = np.asarray(Image.open(saved))
    assert reference.shape == (354, 1889, 4) and (reference[..., 3] == 255).all()
    image = Image.open(io.BytesIO(charts.png_of(fig)))
    assert image.mode == "RGB" and image.size == (1889, 354)
    assert image.info["dpi"] == pytest.approx((300, 300), abs=0.001)
    assert (np.asarray(image) == reference[..., :3]).all()
    # a picture that is not opaque throughout keeps its alpha channel
    see_through = np.zeros((2, 3, 4), dtype=np.uint8)
    see_through[0, 0] = (10, 20, 30, 128)
    image = Image.open(io.BytesIO(charts.png_bytes(see_through, 96)))
    assert image.mode == "RGBA" and (np.asarray(image) == see_through).all()
    assert image.info["dpi"] == pytest.approx((96, 96), abs=0.02)


# -- the city's look -----------------------------------------------------------------------------


def test_a_label_in_the_300_dpi_png_is_as_wide_as_the_layout_measured_it():
    """Labels are measured (tight_layout, at 100 dpi) and drawn in the PNG (300 dpi) with the
    font's own widths: with hinting, this label was 3 % narrower in the PNG than the margin
    made for it (1115 px against 3 x 383)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    label = "Dez. IV – Personal-, Bildungs-, Jugend- und Familiendezernat (n=59)"
    widths = []
    for dpi in (100, 300):
        fig = Figure(dpi=dpi)
        text = fig.text(0, 0, label, fontsize=8)
        widths.append(text.get_window_extent(renderer=FigureCanvasAgg(fig).get_renderer()).width)
    assert widths[1] == pytest.approx(3 * widths[0], abs=0.5)


def test_the_city_font_colours_logo_and_title_page(study_folder: Path):
    font = Path(font_manager.findfont("DejaVu Serif"))
    (study_folder / "design").mkdir()
    shutil.copy(font, study_folder / "design" / "Stadtschrift.ttf")
    (study_folder / "design" / "logo.png").write_bytes(PNG_1x1)
    (study_folder / "report" / "report.yaml").write_text(
        "title: Bericht der Stadt\n"
        "subtitle: Entwurf\n"
        "author: Amt für Integration\n"
        "commissioned_by: Im Auftrag des Rates\n"
        "date: Mai 2021\n"
        "font: design/Stadtschrift.ttf\n"
        "logo: design/logo.png\n"
        "colours:\n"
        "  palette: ['#7b2d26', '#2d6a4f']\n"
        "  shading: ['#ffffff', '#f4d6cc', '#7b2d26']\n"
        "  accent: '#7b2d26'\n",
        encoding="utf-8",
    )
    inputs = load_inputs(study_folder, None)
    out = study_folder / "out"
    write_report(inputs.study, inputs.frame, study_folder, out, formats=("html", "docx"))
    html = (out / "bericht.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    title = soup.find("header", class_="title-page")
    assert [p.get_text() for p in title.find_all("p")] == [
        "Entwurf",
        "Amt für Integration",
        "Im Auftrag des Rates",
        "Mai 2021",
    ]
    assert title.img["src"].startswith("data:image/png;base64,")
    assert '@font-face { font-family: "City"; src: url(data:font/truetype;base64,' in html
    assert "--shade2: #7b2d26;" in html and "--accent: #7b2d26;" in html
    # The charts' single bars take the city's first colour.
    measures = next(f for f in build(study_folder).figures if f.id == "massnahmen")
    assert "#7b2d26" in measures.svg.decode()
    d = docx.Document(str(out / "bericht.docx"))
    assert d.styles["Normal"].font.name == "DejaVu Serif"
    assert [p.text for p in d.paragraphs[:6] if p.text][:2] == ["Bericht der Stadt", "Entwurf"]
    assert "Im Auftrag des Rates" in [p.text for p in d.paragraphs]
    header = d.sections[0].header
    assert header.paragraphs[0].text.strip() == "Bericht der Stadt"
    assert header._element.xpath(".//w:drawing")
    fills = {s.get(qn("w:fill")) for s in d.element.body.iter(qn("w:shd"))}
    assert "7B2D26" in fills and "F4D6CC" in fills


def test_without_a_look_the_defaults_stay(study_folder: Path):
    doc = build(study_folder)
    html = render_html(doc)
    assert "@font-face" not in html and "--accent:" in html.split("</style>")[0]
    assert "--shade2: #2171b5" in html
    assert not BeautifulSoup(html, "html.parser").find("header", class_="title-page").img


def test_a_missing_font_file_is_an_error_naming_the_key(study_folder: Path):
    (study_folder / "report" / "report.yaml").write_text("font: fehlt.ttf\n", encoding="utf-8")
    with pytest.raises(Exception, match=r"report\.yaml.*font.*fehlt\.ttf"):
        build(study_folder)


# -- boxes ---------------------------------------------------------------------------------------


def test_recommendation_box_lists_linked_recommendations(study_folder: Path):
    chapter = study_folder / "report" / "01-ergebnisse.md"
    chapter.write_text(
        chapter.read_text(encoding="utf-8").replace(
            "# Empfehlungen", "{{ recommendation_box(1, 2) }}\n\n# Empfehlungen"
        ),
        encoding="utf-8",
    )
    doc = build(study_folder)
    (box,) = [b for b in doc.blocks if isinstance(b, Box)]
    assert box.title == "Handlungsempfehlungen"
    assert [plain(i) for i in box.items] == ["HE 1 Zielwerte festlegen", "HE 2 Schulungen ausbauen"]
    assert box.items[0][0].link == "#rec-1"
    html = BeautifulSoup(render_html(doc), "html.parser")
    aside = html.find("aside", class_="box")
    assert aside.a["href"] == "#rec-1" and html.find(id="rec-1")


# -- layout --------------------------------------------------------------------------------------


def test_a_figure_that_would_leave_a_gap_gives_way_to_the_next_paragraph():
    from weasyprint import HTML

    from lipkit.report.pdf import _figures_after_gaps, defer_figures

    filler = "<p>" + "Text. " * 400 + "</p>"
    tall = '<figure id="x-f"><div style="height: 16cm"></div><figcaption>F</figcaption></figure>'
    html = f"<html lang='de'><body>{filler}\n{tall}\n<p>Danach.</p>\n<p>Ende.</p></body></html>"
    # The figure does not fit below the long paragraph; that page would stay half empty.
    # Both short paragraphs after it together do not fill the gap: it waits for both (its
    # id once per paragraph, found in one layout pass).
    assert _figures_after_gaps(HTML(string=html).render()) == ["x-f", "x-f"]
    moved = defer_figures(html, ["x-f"])
    assert moved.index("<p>Danach.</p>") < moved.index('<figure id="x-f">')
    assert moved.index('<figure id="x-f">') < moved.index("<p>Ende.</p>")
    twice = defer_figures(html, ["x-f", "x-f"])
    assert twice.index("<p>Ende.</p>") < twice.index('<figure id="x-f">')
    assert defer_figures(html, []) == html


def test_a_figure_waits_only_for_the_paragraphs_that_fill_its_gap():
    from weasyprint import HTML

    from lipkit.report.pdf import _figures_after_gaps

    filler = "<p>" + "Text. " * 400 + "</p>"
    tall = '<figure id="x-f"><div style="height: 16cm"></div><figcaption>F</figcaption></figure>'
    # Two long paragraphs: the first alone fills the rest of the page before the figure.
    long = "<p>" + "Mehr Text. " * 300 + "</p>"
    html = f"<html lang='de'><body>{filler}\n{tall}\n{long}\n{long}</body></html>"
    assert _figures_after_gaps(HTML(string=html).render()) == ["x-f"]
    # A heading right after the figure: nothing may move before it.
    headed = f"<html lang='de'><body>{filler}\n{tall}\n<h2>Neu</h2>\n{long}</body></html>"
    assert _figures_after_gaps(HTML(string=headed).render()) == []


def test_a_figure_with_a_heading_after_it_goes_before_the_paragraphs_that_end_the_page():
    """No text after the figure can fill the gap (the next section begins): the figure goes
    before the paragraph that ends the page before, where it then fits, and that paragraph
    follows it. It never passes a heading, nor more than MAX_ADVANCE paragraphs."""
    from weasyprint import HTML

    from lipkit.report.pdf import ADVANCE, _figures_after_gaps, defer_figures

    # A4 in WeasyPrint's default margins: 25.7 cm of text height. Filler and last paragraph
    # leave 8.7 cm (more than a quarter); the figure is about 11 cm high with its caption and
    # margins: it fits in the 11.7 cm left without the last paragraph (3 cm).
    filler = '<p><span style="display: block; height: 14cm"></span></p>'
    last = '<p><span style="display: block; height: 3cm"></span></p>'
    tall = '<figure id="x-f"><div style="height: 10cm"></div><figcaption>F</figcaption></figure>'
    html = f"<html><body>{filler}\n{last}\n{tall}\n<h2>Neu</h2>\n<p>Text.</p></body></html>"
    assert _figures_after_gaps(HTML(string=html).render()) == [ADVANCE + "x-f"]
    moved = defer_figures(html, [ADVANCE + "x-f"])
    assert moved.index('<figure id="x-f">') < moved.index(last) < moved.index("<h2>")
    assert len(HTML(string=moved).render().pages) == 2  # figure on page 1, the rest on 2
    # a heading right before the figure: it stays where it is
    headed = f"<html><body>{filler}\n<h2>Neu</h2>\n{tall}\n<h2>Neu</h2></body></html>"
    assert _figures_after_gaps(HTML(string=headed).render()) == []
    # a figure too tall to fit even then: it stays too
    taller = tall.replace("10cm", "15cm")
    html = f"<html><body>{filler}\n{last}\n{taller}\n<h2>Neu</h2></body></html>"
    assert _figures_after_gaps(HTML(string=html).render()) == []


def test_a_deferred_figure_followed_by_figures_lets_the_text_after_them_go_first():
    from lipkit.report.pdf import defer_figures

    def figure(fid: str) -> str:
        return f'<figure id="{fid}"><img alt=""><figcaption>{fid}</figcaption></figure>'

    html = "\n".join(["<p>A.</p>", figure("x-1"), figure("x-2"), "<p>B.</p>", "<p>C.</p>"])
    assert defer_figures(html, ["x-1"]) == "\n".join(
        ["<p>A.</p>", "<p>B.</p>", figure("x-1"), figure("x-2"), "<p>C.</p>"]
    )
    # A heading ends the run: the next section's text is never pulled before the figure.
    sectioned = "\n".join([figure("x-1"), "<h2>Neu</h2>", figure("x-2"), "<p>B.</p>"])
    assert defer_figures(sectioned, ["x-1"]) == sectioned


def test_a_german_quote_is_marked_german_in_html_and_docx(study_folder: Path):
    inputs = load_inputs(study_folder, None)
    out = study_folder / "en"
    write_report(
        inputs.study, inputs.frame, study_folder, out, formats=("html", "docx"), language="en"
    )
    soup = BeautifulSoup((out / "bericht.html").read_text(encoding="utf-8"), "html.parser")
    quote = soup.find("blockquote")
    assert quote.p["lang"] == "de"
    # Without "roles:" in report.yaml the role stays as written in the notes.
    assert quote.footer.get_text() == "(Source: Interview_A, Fachbereichsleitung; German original)"
    d = docx.Document(str(out / "bericht.docx"))
    (paragraph,) = [p for p in d.paragraphs if p.style.name == "Quote"]
    run_lang = paragraph.runs[0]._r.rPr.find(qn("w:lang"))
    assert run_lang.get(qn("w:val")) == "de-DE"
    # The document itself stays English.
    assert d.core_properties.language == "en-GB"


@pytest.fixture(scope="module")
def demo_comparison(tmp_path_factory) -> Path:
    """The demo study with one chapter: the table of changes between the waves."""
    folder = write_demo(tmp_path_factory.mktemp("comparison") / "demo")
    for chapter in (folder / "report").glob("*.md"):
        chapter.unlink()
    (folder / "report" / "recommendations.yaml").unlink()
    (folder / "report" / "01-vergleich.md").write_text(
        "# Vergleich\n\n{{ comparison() }}\n", encoding="utf-8"
    )
    return folder


def test_the_comparison_table_gives_its_questions_room_and_keeps_numbers_on_one_line(
    demo_comparison: Path,
):
    """Seen in the demo's PDF: the question column held a quarter of the width (a fixed
    share meant for tables of many narrow number columns), so each question ran over six
    to nine lines and the table over five pages, and "34 % (n=201)" and "-10 … +10" broke
    over two lines."""
    from weasyprint import HTML
    from weasyprint.formatting_structure import boxes

    inputs = load_inputs(demo_comparison, None)
    doc = ReportBuilder(inputs.study, inputs.frame, demo_comparison, part="evaluation").build()
    layout = HTML(string=render_html(doc)).render()
    tables = [
        box
        for page in layout.pages
        for box in page._page_box.descendants()
        if isinstance(box, boxes.TableBox) and box.element.get("id") == "x-comparison-table"
    ]
    assert tables
    rows = 0
    for table in tables:
        body = [row for group in table.children if not group.is_header for row in group.children]
        for row in body:
            rows += 1
            question, *numbers = row.children
            assert question.width >= 0.3 * table.width, question.element.text
            for cell in numbers:
                lines = [b for b in cell.descendants() if isinstance(b, boxes.LineBox)]
                assert len(lines) <= 1, (question.element.text, cell.element.text)
    assert rows >= 30
    # Four pages (five before, with a page of one row).
    assert len(tables) <= 4


def test_the_comparison_table_in_docx_breaks_no_question_inside_a_word(
    demo_comparison: Path, tmp_path: Path
):
    """Seen in the demo's DOCX (LibreOffice): at 10 pt the six columns did not fit, every
    column was shrunk alike and the questions broke inside words ("Migrationshint-ergrund")
    in a column as narrow as the numbers' (3.1 cm). In small print, as wider tables, the
    question column keeps its longest word."""
    import docx as python_docx

    from lipkit.report.docx import write_docx

    inputs = load_inputs(demo_comparison, None)
    doc = ReportBuilder(inputs.study, inputs.frame, demo_comparison, part="evaluation").build()
    write_docx(doc, tmp_path / "vergleich.docx")
    (table,) = [t for t in python_docx.Document(tmp_path / "vergleich.docx").tables if t.rows]
    question, *numbers = [column.width.cm for column in table.columns]
    assert table.rows[0].cells[0].text == "Frage" and len(numbers) == 5
    assert question > max(numbers) + 1.0
    assert question >= 4.5  # "Migrationshintergrund" in 9 pt, as the widths reckon it


def test_a_german_label_in_an_english_caption_is_marked_german(study_folder: Path):
    """A question (and an org level) without an English label: the English report's caption
    shows the German one, marked lang="de" (HTML, the list of figures, the Word run); the
    caption's own words ("n=16, multiple answers possible") stay English and unmarked."""
    inputs = load_inputs(study_folder, None)
    inputs.study.questionnaire.question("massnahmen").label.pop("en")
    inputs.study.org.level("fachbereich").label.update({"de": "Fachbereich"})
    out = study_folder / "en"
    write_report(
        inputs.study,
        inputs.frame,
        study_folder,
        out,
        formats=("html", "pdf", "docx"),
        language="en",
    )
    soup = BeautifulSoup((out / "bericht.html").read_text(encoding="utf-8"), "html.parser")
    figure = soup.find("figure", id="x-massnahmen")
    assert str(figure.figcaption) == (
        '<figcaption>Figure\xa03 – <span lang="de">Welche Maßnahmen nutzen Sie?</span> '
        "(n=16, multiple answers possible)</figcaption>"
    )
    caption = soup.find("table", id="x-table-massnahmen-dezernat").caption
    assert [(s.get_text(), s["lang"]) for s in caption.find_all("span")] == [
        ("Welche Maßnahmen nutzen Sie?", "de")
    ]
    assert caption.get_text() == "Table\xa01 – Welche Maßnahmen nutzen Sie? (n=18)"
    responses = soup.find("table", id="x-responses-fachbereich").caption
    assert str(responses) == (
        '<caption>Table\xa02 – Responses to the online survey by <span lang="de">Fachbereich'
        "</span></caption>"
    )
    listed = soup.find("a", href="#x-massnahmen")
    assert [(s.get_text(), s["lang"]) for s in listed.find_all("span")] == [
        ("Welche Maßnahmen nutzen Sie?", "de")
    ]
    # a label that has its English version: nothing marked
    assert soup.find("figure", id="x-zufriedenheit-dezernat").figcaption.find("span") is None
    d = docx.Document(str(out / "bericht.docx"))
    paragraph = next(p for p in d.paragraphs if p.style.name == "Caption" and "n=16" in p.text)
    runs = [(r.text, r._r.xpath("string(./w:rPr/w:lang/@w:val)")) for r in paragraph.runs if r.text]
    assert runs[-3:] == [
        (" – ", ""),
        ("Welche Maßnahmen nutzen Sie?", "de-DE"),
        (" (n=16, multiple answers possible)", ""),
    ]
    # the PDF's structure: the caption's German part a span of its own, in German
    pdf = pikepdf.open(out / "bericht.pdf")
    captions = [node for node, _ in _struct_elements(pdf) if str(node.S) == "/Caption"]
    marked = [
        [str(d.Lang) for d in _descendants(c) if "/Lang" in d and str(d.S) == "/Span"]
        for c in captions
    ]
    # figure 3's caption and table 1's; table 2's (by Fachbereich) and nothing else
    assert [m for m in marked if m] == [["de"], ["de"], ["de"]]


def test_consecutive_runs_with_one_link_are_one_link_in_html():
    """A matrix row's label after its matrix's (the German part marked) is one reference: one
    link, not three side by side."""
    from lipkit.report.html import _inline
    from lipkit.report.model import Run

    runs = (
        Run("Faktoren", link="#x-faktoren", lang="de"),
        Run(" – ", link="#x-faktoren"),
        Run("Controlling", link="#x-faktoren"),
        Run(", "),
        Run("R 17", link="#rec-17"),
    )
    assert _inline(runs) == (
        '<a href="#x-faktoren"><span lang="de">Faktoren</span> – Controlling</a>, '
        '<a href="#rec-17">R\xa017</a>'
    )
