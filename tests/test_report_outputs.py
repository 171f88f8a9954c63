"""The written report files, read back as a reader's tools see them.

HTML is parsed with BeautifulSoup (structure and accessibility: one h1, headings in order,
``lang``, alt texts, table headers, working links), the PDF's text is extracted with pypdf
(A4, page numbers, table of contents with pages, captions, markers, quotes), the DOCX is
opened with python-docx. The study (the fixture ``study_folder``) and its hand counts are those
of ``test_report_build``.
"""

from __future__ import annotations

import base64
import itertools
import re
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from docx import Document as WordDocument
from pypdf import PdfReader
from typer.testing import CliRunner

from lipkit.cli import app

runner = CliRunner()


@pytest.fixture
def written(study_folder: Path) -> Path:
    out = study_folder / "out"
    result = runner.invoke(app, ["report", str(study_folder), "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert "geschrieben:" in result.stdout
    assert "Warnung:" in result.output  # n(group='F12') is suppressed
    return out


def test_html_is_one_accessible_self_contained_file(written: Path):
    html = (written / "bericht.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.html["lang"] == "de"
    assert soup.title.string == "Testbericht"
    assert len(soup.find_all("h1")) == 1
    levels = [int(h.name[1]) for h in soup.find_all(re.compile(r"^h[1-6]$"))]
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels
    # Self-contained: every image is inline, nothing is fetched.
    images = soup.find_all("img")
    assert len(images) == 3
    assert all(img["src"].startswith("data:image/svg+xml;base64,") for img in images)
    assert not soup.find_all(["link", "script"])
    svg = base64.b64decode(images[0]["src"].split(",", 1)[1])
    assert b"<svg" in svg
    assert images[0]["alt"].startswith("Gestapeltes Balkendiagramm (100 %): Die Zusammenarbeit")
    # A no-break space binds "Abbildung" to its number (and "n" to "< 6", "HE" to "1").
    captions = [f.get_text().replace("\u00a0", "~") for f in soup.find_all("figcaption")]
    assert captions == [
        "Abbildung~1 – Die Zusammenarbeit gelingt gut (n=12)",
        "Abbildung~2 – Kontakt nach Fachbereich (n=17)",
        "Abbildung~3 – Welche Maßnahmen nutzen Sie? (n=16, Mehrfachantworten möglich)",
    ]
    table = soup.find("table", id="x-table-massnahmen-dezernat")
    assert table.caption.get_text() == "Tabelle\u00a01 – Welche Maßnahmen nutzen Sie? (n=18)"
    assert [th["scope"] for th in table.thead.find_all("th")] == ["col"] * 4
    first = table.tbody.find("tr")
    assert first.th["scope"] == "row" and first.th.get_text() == "Schulungen"
    assert [(td.get_text(), td["class"][-1]) for td in first.find_all("td")] == [
        ("39\u00a0%", "shade1"),
        ("45\u00a0%", "shade2"),
        ("29\u00a0%", "shade1"),
    ]
    # Table of contents and the lists of figures and tables link to what exists.
    ids = {tag["id"] for tag in soup.find_all(id=True)}
    links = [a["href"][1:] for a in soup.find_all("a", href=True) if a["href"].startswith("#")]
    assert links and set(links) <= ids
    assert "n\u00a0<\u00a06" in soup.get_text()
    quote = soup.find("blockquote")
    assert "Ziele wurden nie festgelegt" in quote.p.get_text()
    assert quote.footer.get_text() == "(Quelle: Interview_A, Fachbereichsleitung)"


def test_pdf_is_a4_with_page_numbers_and_a_toc_with_pages(written: Path):
    reader = PdfReader(written / "bericht.pdf")
    first = reader.pages[0].mediabox
    assert (round(float(first.width)), round(float(first.height))) == (595, 842)  # A4 in pt
    pages = [page.extract_text() for page in reader.pages]
    text = "\n".join(pages)
    # The table of contents gives each chapter's page, and that page starts the chapter.
    toc = re.search(r"1 Ergebnisse[ .]*(\d+)", pages[1])
    assert toc, pages[1]
    assert "1 Ergebnisse" in pages[int(toc.group(1)) - 1]
    # Page numbers at the foot of every page after the title page.
    for number, page in enumerate(pages[1:], start=2):
        assert page.rstrip().endswith(str(number)), (number, page[-80:])
    for caption in (
        "Abbildung 1 – Die Zusammenarbeit gelingt gut (n=12)",
        "Tabelle 1 – Welche Maßnahmen nutzen Sie? (n=18)",
        "Quelle: Interview_A, Fachbereichsleitung",
        "HE 1 Zielwerte festlegen",
    ):
        assert caption in text.replace("\n", " ").replace("\u00a0", " "), caption
    assert "n < 6, nicht ausgewiesen" in text.replace("\u00a0", " ")


def test_docx_has_word_headings_captions_and_alt_texts(written: Path):
    doc = WordDocument(str(written / "bericht.docx"))
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Head")]
    assert ("Heading 1", "1 Ergebnisse") in headings
    assert ("Heading 2", "1.1 Maßnahmen") in headings
    captions = [p.text.replace("\u00a0", " ") for p in doc.paragraphs if p.style.name == "Caption"]
    assert "Abbildung 1 – Die Zusammenarbeit gelingt gut (n=12)" in captions
    assert "Tabelle 1 – Welche Maßnahmen nutzen Sie? (n=18)" in captions
    descriptions = [el.get("descr") for el in doc.element.body.iter() if el.tag.endswith("}docPr")]
    assert len(descriptions) == 3
    assert descriptions[0].startswith("Gestapeltes Balkendiagramm (100 %)")
    cells = [
        [c.text.replace("\u00a0", " ") for c in row.cells] for t in doc.tables for row in t.rows
    ]
    assert ["Schulungen", "39 %", "45 %", "29 %"] in cells
    assert any("n < 6" in cell for row in cells for cell in row)
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "(Quelle: Interview_A, Fachbereichsleitung)" in body


def test_only_the_chosen_formats_are_written_and_bad_formats_are_refused(study_folder: Path):
    out = study_folder / "nur-html"
    result = runner.invoke(
        app, ["report", str(study_folder), "--format", "html", "--output", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["bericht.html"]
    result = runner.invoke(app, ["report", str(study_folder), "--format", "odt"])
    assert result.exit_code == 2
    assert "--format 'odt': erwartet eine Auswahl aus html,pdf,docx" in result.output


def test_english_report(study_folder: Path):
    out = study_folder / "en"
    result = runner.invoke(
        app, ["report", str(study_folder), "--format", "html", "--lang", "en", "--output", str(out)]
    )
    assert result.exit_code == 0, result.output
    soup = BeautifulSoup((out / "report.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.html["lang"] == "en"
    assert soup.find("figcaption").get_text() == "Figure\u00a01 – Cooperation works well (n=12)"
    assert "not shown" in soup.get_text()


def test_report_in_english_writes_english_files_and_messages(study_folder: Path):
    out = study_folder / "out-en"
    args = ["report", str(study_folder), "--output", str(out), "--format", "html", "--lang", "en"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"written: {out / 'report.html'}"  # named in English too
    warnings = result.stderr.strip().splitlines()
    assert warnings and all(line.startswith("Warning: ") for line in warnings)
    assert any("is not shown (n < " in line for line in warnings)  # n(group='F12')
    assert "Warnung" not in result.output and "geschrieben" not in result.output
    soup = BeautifulSoup((out / "report.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.html["lang"] == "en"
    captions = [f.get_text().replace("\u00a0", "~") for f in soup.find_all("figcaption")]
    assert captions[0].startswith("Figure~1 – ")
    assert soup.find("img")["alt"].startswith("Stacked bar chart (100%): ")
    assert "Skip to content" in soup.get_text() and "Zum Inhalt springen" not in soup.get_text()


def _refuse_to_draw(*args, **kwargs):
    raise AssertionError("a chart was drawn again")


def test_charts_kept_from_the_last_build_are_used_and_give_the_same_files(
    study_folder: Path, monkeypatch: pytest.MonkeyPatch
):
    """`lipkit report` keeps each drawn chart in the study folder's .lipkit-cache/charts,
    under a key of what decides its picture; built again, the report draws none of them
    (the workers' drawing functions here refuse to draw) and its HTML and DOCX are the
    same."""
    from lipkit.report import charts

    first = study_folder / "erst"
    args = ["report", str(study_folder), "--format", "html,docx", "--output"]
    result = runner.invoke(app, [*args, str(first)])
    assert result.exit_code == 0, result.output
    kept = study_folder / ".lipkit-cache" / "charts"
    svgs, pngs = sorted(kept.glob("*.svg")), sorted(kept.glob("*.png"))
    assert svgs and len(svgs) == len(pngs) and not list(kept.glob("*.part"))

    # The workers are forked from this process: they see the refusing functions.
    monkeypatch.setattr(charts, "_draw", _refuse_to_draw)
    monkeypatch.setattr(charts, "_draw_png", _refuse_to_draw)
    again = study_folder / "wieder"
    result = runner.invoke(app, [*args, str(again)])
    assert result.exit_code == 0, result.output
    html = (first / "bericht.html").read_text(encoding="utf-8")
    assert (again / "bericht.html").read_text(encoding="utf-8") == html
    pictures = []
    for path in (first, again):
        with zipfile.ZipFile(path / "bericht.docx") as docx_file:
            media = sorted(n for n in docx_file.namelist() if n.startswith("word/media/"))
            pictures.append([docx_file.read(name) for name in media])
    assert pictures[0] == pictures[1] and pictures[0]
    # Not part of the study's files (the team's download leaves hidden folders out).
    from lipkit.study.folder import StudyFolder

    assert not any(".lipkit-cache" in name for name in StudyFolder.at(study_folder).team_files())


def test_a_chart_is_kept_under_its_data_font_and_drawing_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from lipkit.report import charts

    def key(shares=(40.0, 60.0), language="de", font=None) -> str:
        rows = [charts.StackedRow("Gesamt", shares)]
        return charts.chart_key("stacked", (rows, ["ja", "nein"], ["#000", "#fff"], language), font)

    assert key() == key()
    assert key() != key(shares=(41.0, 59.0))
    assert key() != key(language="en")
    font = tmp_path / "stadt.ttf"
    font.write_bytes(b"eine Schrift")
    with_font = key(font=str(font))
    assert with_font != key()
    font.write_bytes(b"eine andere Schrift")  # the same file name, another font
    assert key(font=str(font)) != with_font
    before = key()
    monkeypatch.setattr(charts, "_code_key", lambda: "other drawing code")
    assert key() != before


def test_a_cache_that_cannot_be_written_draws_the_charts_as_before(study_folder: Path):
    """A study folder on a read-only share: the report is written all the same."""
    from lipkit.cli.session import load_inputs
    from lipkit.report import write_report

    inputs = load_inputs(study_folder, None)
    out = study_folder / "ohne-cache"
    result = write_report(
        inputs.study,
        inputs.frame,
        study_folder,
        out,
        formats=("html", "docx"),
        cache=Path("/proc/lipkit-kein-cache/charts"),
    )
    assert sorted(p.name for p in out.iterdir()) == ["bericht.docx", "bericht.html"]
    assert "data:image/svg+xml;base64," in (out / "bericht.html").read_text(encoding="utf-8")
    assert result.paths


def test_a_word_clouds_counts_are_kept_for_the_next_build(tmp_path: Path):
    from concurrent.futures import ThreadPoolExecutor

    from lipkit.report import charts
    from lipkit.report.exhibits import _words_from_json, _words_json
    from lipkit.text.words import WordCount

    calls = []

    def counted(texts, *, language):
        calls.append(language)
        return [WordCount("Sprachbarrieren", "sprachbarriere", len(texts))]

    def counts(language="de", simplemma="2.0.0"):
        with ThreadPoolExecutor(1) as pool, charts.drawing_pool(pool, png=False, cache=tmp_path):
            job = charts.kept_job(
                "words",
                counted,
                (["a", "b", "c"],),
                {"language": language},
                _words_json,
                _words_from_json,
                depends=(("simplemma", simplemma),),
            )
            assert job is not None
            return job.result()

    first = counts()
    assert first == [WordCount("Sprachbarrieren", "sprachbarriere", 3)]
    assert counts() == first and calls == ["de"]  # the second time from the cache
    counts(language="en")
    counts(simplemma="2.1.0")  # another lemmatiser may merge other words
    assert calls == ["de", "en", "de"]


def test_an_indicators_png_is_kept_for_the_next_build(tmp_path: Path, monkeypatch):
    """The PNG (DOCX only) of an indicator chart is drawn once and kept as <key>.png; the
    next build takes it and submits nothing; a build without PNGs submits nothing either."""
    from concurrent.futures import ThreadPoolExecutor

    from lipkit.report import charts

    submitted = []
    args = ([("2018-12-31", 10.0), ("2022-12-31", 30.0)], [("2022-12-31", 30.0)], [], "count")

    def chart(png: bool = True):
        with ThreadPoolExecutor(1) as pool, charts.drawing_pool(pool, png=png, cache=tmp_path):
            real = pool.submit

            def submit(*a, **k):
                submitted.append(a)
                return real(*a, **k)

            monkeypatch.setattr(pool, "submit", submit)
            return charts.indicator_chart(*args)

    first = chart().png
    assert first.startswith(b"\x89PNG") and len(submitted) == 1
    assert [p.suffix for p in tmp_path.iterdir()] == [".png"]
    assert chart().png == first and len(submitted) == 1  # the second time from the cache
    assert b"<svg" in chart(png=False).svg and len(submitted) == 1


def test_a_changed_chapter_does_not_reuse_the_kept_figures_to_defer(
    study_folder: Path, monkeypatch: pytest.MonkeyPatch
):
    """The kept decision (``defer-<sha256>.json``) is under a key of the HTML laid out: the
    report built again after its chapter's text changed lays the pages out again."""
    from lipkit.report import pdf

    calls = _count_layouts(monkeypatch, pdf)
    args = ["report", str(study_folder), "--format", "pdf", "--output", str(study_folder / "out")]
    kept = study_folder / ".lipkit-cache" / "charts"
    assert runner.invoke(app, args).exit_code == 0
    assert len(calls) == 1 and len(list(kept.glob("defer-*.json"))) == 1
    assert runner.invoke(app, args).exit_code == 0
    assert len(calls) == 1  # unchanged: kept
    chapter = study_folder / "report" / "01-ergebnisse.md"
    chapter.write_text(
        chapter.read_text(encoding="utf-8") + "\nEin weiterer Absatz.\n", encoding="utf-8"
    )
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert len(calls) == 2 and len(list(kept.glob("defer-*.json"))) == 2
    assert "Ein weiterer Absatz." in "".join(
        page.extract_text() for page in PdfReader(study_folder / "out" / "bericht.pdf").pages
    )


@pytest.mark.parametrize("content", [b"", b"not json", b'{"a": 1}', b"[1]", b'[""]', b'["x"'])
def test_a_kept_decision_that_cannot_be_read_is_laid_out_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes
):
    from lipkit.report import pdf

    calls = []

    def layout(html, base=None):
        calls.append(html)
        return ["fig-a", "fig-a", "^fig-b"]

    monkeypatch.setattr(pdf, "figures_to_defer", layout)
    html = "<p>Text</p>"
    path = tmp_path / f"defer-{pdf.defer_key(html, tmp_path)}.json"
    path.write_bytes(content)
    assert pdf.kept_figures_to_defer(html, tmp_path, tmp_path) == ["fig-a", "fig-a", "^fig-b"]
    assert calls == [html]
    assert path.read_text(encoding="utf-8") == '["fig-a", "fig-a", "^fig-b"]'
    # written again: the next build takes it
    assert pdf.kept_figures_to_defer(html, tmp_path, tmp_path) == ["fig-a", "fig-a", "^fig-b"]
    assert calls == [html] and [p.name for p in tmp_path.iterdir()] == [path.name]


def test_the_key_of_the_figures_to_defer_holds_the_html_and_the_files_it_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from lipkit.report import pdf

    html = '<p>Text</p><img src="logo.png" alt="">'
    (tmp_path / "logo.png").write_bytes(b"ein Logo")
    key = pdf.defer_key(html, tmp_path)
    assert pdf.defer_key(html, tmp_path) == key and re.fullmatch(r"[0-9a-f]{64}", key)
    assert pdf.defer_key(html.replace("Text", "Test"), tmp_path) != key
    (tmp_path / "logo.png").write_bytes(b"ein anderes Logo")  # another size on the page
    assert pdf.defer_key(html, tmp_path) != key
    (tmp_path / "logo.png").write_bytes(b"ein Logo")
    assert pdf.defer_key(html, tmp_path) == key
    monkeypatch.setattr(pdf, "DEFER_FORMAT", pdf.DEFER_FORMAT + 1)  # a kept file's new form
    assert pdf.defer_key(html, tmp_path) != key


def test_a_pdf_written_without_workers_takes_the_kept_figures_to_defer(
    study_folder: Path, monkeypatch: pytest.MonkeyPatch
):
    """The decision which figures move is kept in the chart cache whether or not a worker
    pool writes the PDF (it was looked up only through the pool: without one, every build
    laid the pages out once more); the cache folder is made where no chart made it yet."""
    from lipkit import report
    from lipkit.cli.session import load_inputs
    from lipkit.report import pdf

    calls = _count_layouts(monkeypatch, pdf)
    inputs = load_inputs(study_folder, None)
    document = report.build_report(inputs.study, inputs.frame, study_folder)
    cache = study_folder / ".lipkit-cache" / "charts"
    out = study_folder / "out"
    for _ in range(2):
        report._write(document, ("pdf",), out, "bericht", None, {}, cache)
    assert len(calls) == 1
    assert len(list(cache.glob("defer-*.json"))) == 1
    assert (out / "bericht.pdf").read_bytes().startswith(b"%PDF")


class _IdleWorkers:
    """A pool whose workers never start a job (all are busy): each stays queued."""

    def __init__(self):
        from concurrent.futures import Future

        self.queued: list[Future] = []
        self._future = Future

    def submit(self, function, /, *args, **kwargs):
        job = self._future()
        self.queued.append(job)
        return job


def test_charts_no_worker_has_started_are_drawn_by_the_building_process(tmp_path: Path):
    """draw_waiting_here takes the jobs still queued (not one a worker runs), last first, and
    gives the same chart as drawn without workers; it is kept in the cache as from a worker."""
    from lipkit.report import charts

    workers = _IdleWorkers()
    with charts.drawing_pool(workers, png=True, cache=tmp_path):  # type: ignore[arg-type]
        first = charts.share_bars(["ja", "nein"], [40.0, 60.0], ["#0072B2", "#E69F00"])
        second = charts.share_bars(["ja", "nein"], [70.0, 30.0], ["#0072B2", "#E69F00"])
        workers.queued[0].set_running_or_notify_cancel()  # a worker has started the first
        charts.draw_waiting_here()
        assert not workers.queued[0].cancelled() and workers.queued[1].cancelled()
        colours = ["#0072B2", "#E69F00"]
        expected = charts.render(charts.share_figure(["ja", "nein"], [70.0, 30.0], colours))
        assert second.svg == expected.svg and second.png == expected.png
        assert sorted(p.suffix for p in tmp_path.iterdir()) == [".png", ".svg"]
        workers.queued[0].set_result((b"<svg/>", b"png"))  # the worker's result still counts
        assert first.svg == b"<svg/>" and first.png == b"png"


def test_the_building_process_stops_drawing_once_the_awaited_job_is_done(tmp_path: Path):
    from lipkit.report import charts

    workers = _IdleWorkers()
    with charts.drawing_pool(workers, png=False):  # type: ignore[arg-type]
        awaited = charts.share_bars(["a"], [10.0], ["#0072B2"])
        charts.share_bars(["b"], [20.0], ["#0072B2"])
        workers.queued[0].set_result((b"<svg/>", None))
        charts.draw_waiting_here(until=awaited._svg)
        assert [job.cancelled() for job in workers.queued] == [False, False]
        charts.draw_waiting_here()
        assert [job.cancelled() for job in workers.queued] == [False, True]


def test_a_word_count_goes_to_the_side_process_and_stays_there():
    """The word counts go to the side executor (its process loaded the lemmatiser while the
    numbers were secured), the charts to the workers; the building process, waiting, draws
    the charts no worker has started but leaves a count queued in the side process to it
    (it would first have to load the dictionary itself)."""
    from lipkit.report import charts
    from lipkit.report.exhibits import _words_from_json, _words_json

    workers, side = _IdleWorkers(), _IdleWorkers()
    with charts.drawing_pool(workers, png=False, side=side):  # type: ignore[arg-type]
        chart = charts.share_bars(["a"], [10.0], ["#0072B2"])
        counts = charts.kept_job(
            "words", len, (["x"],), {}, _words_json, _words_from_json, depends=()
        )
        assert (len(workers.queued), len(side.queued)) == (1, 1)
        charts.draw_waiting_here(until=counts)
        assert workers.queued[0].cancelled() and not side.queued[0].cancelled()
        drawn_here = charts.render(charts.share_figure(["a"], [10.0], ["#0072B2"]))
        assert chart.svg == drawn_here.svg
        side.queued[0].set_result([])
        assert counts is not None and counts.result() == []


def test_the_workers_give_way_to_the_building_process():
    """The chart workers and the words process run at a lower priority (nice + 10) than the
    process that builds the report, whose layout the others wait for."""
    import os
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    from lipkit import report

    with ProcessPoolExecutor(
        1, mp_context=get_context("fork"), initializer=report._warm_up
    ) as pool:
        assert pool.submit(os.nice, 0).result() == os.nice(0) + 10


def test_a_worker_keeps_the_collector_off_what_it_inherits():
    """What a forked worker inherits from the building process (alive in it until it ends)
    is frozen: the worker's collections walk only what it makes itself."""
    import gc
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    from lipkit import report

    inherited = [[i] for i in range(1_000)]  # lists: tracked by the collector, not frozen
    assert len(gc.get_objects()) > len(inherited)
    with ProcessPoolExecutor(
        1, mp_context=get_context("fork"), initializer=report._warm_up
    ) as pool:
        frozen = pool.submit(gc.get_freeze_count).result()
    assert frozen >= gc.get_freeze_count() + len(inherited)


def test_building_a_report_does_not_import_pyplot_for_its_workers():
    """The building process forks the chart workers before it needs pyplot: they import it
    on the second core while it secures the numbers (lazy ``charts.plt``)."""
    import subprocess
    import sys

    code = (
        "import sys; import lipkit.report, lipkit.report.build, lipkit.report.charts, "
        "lipkit.report.exhibits, lipkit.report.controlling; "
        "print('matplotlib.pyplot' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "False", done.stderr


def test_a_chart_drawn_by_the_building_process_keeps_the_city_font_to_itself():
    """Drawn after the build (outside city_font), a chart is in the city's font each time,
    and the building process's own font settings are as before."""
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    from lipkit.report import charts

    serif = Path(font_manager.findfont("DejaVu Serif"))
    before = list(plt.rcParams["font.sans-serif"])
    workers = _IdleWorkers()
    with charts.drawing_pool(workers, png=False):  # type: ignore[arg-type]
        with charts.city_font(serif):
            made = [charts.share_bars([f"Frage {i}"], [50.0], ["#0072B2"]) for i in (1, 2)]
        charts.draw_waiting_here()
        assert [b"DejaVu Serif" in chart.svg for chart in made] == [True, True]
    assert plt.rcParams["font.sans-serif"] == before


def _count_layouts(monkeypatch, pdf) -> list:
    """Count the calls of the PDF's page layout pass (one entry per call)."""
    layout = pdf.figures_to_defer
    calls: list = []

    def counted(*args, **kwargs):
        calls.append(1)
        return layout(*args, **kwargs)

    monkeypatch.setattr(pdf, "figures_to_defer", counted)
    return calls


def test_the_docx_a_worker_writes_beside_the_pdf_is_the_one_written_alone(study_folder: Path):
    """With the PDF, the DOCX is written by a worker from a copy of the document that holds
    each chart's PNG (a chart still drawn is a Future, which cannot be handed over); alone,
    by the building process itself. The files are the same, but for their time stamps."""
    from lipkit.cli.session import load_inputs
    from lipkit.report import write_report

    inputs = load_inputs(study_folder, None)
    files = {}
    for formats in (("html", "pdf", "docx"), ("docx",)):
        out = study_folder / "-".join(formats)
        written = write_report(inputs.study, inputs.frame, study_folder, out, formats=formats)
        with zipfile.ZipFile(written.paths["docx"]) as docx_file:
            files[formats] = {
                name: docx_file.read(name)
                for name in docx_file.namelist()
                if name != "docProps/core.xml"  # the time it was written
            }
    beside, alone = files.values()
    assert beside == alone
    assert len([name for name in alone if name.startswith("word/media/")]) == 3  # 3 charts


def _chart(width: str = "8cm", height: str = "11cm", text: str = "Balken 42 %") -> str:
    """A drawn chart (bars and a label) as a data URL."""
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        'viewBox="0 0 80 110"><rect x="5" y="5" width="70" height="60" fill="#1f77b4"/>'
        f'<text x="10" y="90" font-size="8">{text}</text></svg>'
    )
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


def _empty(width: str, height: str) -> str:
    """A placeholder: an empty SVG of the chart's size."""
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}"/>'
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


def _gap_html(
    chart: str | None = None, before: int = 0, extra: str = "", early: str | None = None
) -> str:
    """A table of contents with page numbers, ``before`` pages of text, then a figure that
    does not fit under the next paragraph (it would leave half a page empty) and short
    paragraphs after it. ``chart``: the figure's image (default: an empty placeholder);
    ``early``: the image of a small figure that opens the text."""
    words = " ".join(f"Wort{n}" for n in range(150))
    first = f'<figure id="x-early"><img alt="Früh" src="{early}"></figure>\n' if early else ""
    return (
        "<html><head><style>@page { size: A5; margin: 1cm } body { margin: 0 }"
        " nav.toc { page-break-after: always } p { margin: 0 0 .5em }"
        " nav a::after { content: ' ' target-counter(attr(href), page) }"
        " figure { margin: 0; break-inside: avoid }</style></head><body>"
        '<nav class="toc"><a href="#x-fig">Abbildung</a> <a href="#h-end">Ende</a></nav>'
        + first
        + "".join(f"<p>{words} {words}</p>\n<p>{words}</p>\n" for _ in range(before))
        + f"<p>{words}</p>\n"
        f'<figure id="x-fig"><img src="{chart or _empty("8cm", "11cm")}" alt="Leer"></figure>\n'
        + "\n".join(f"<p>Kurzer Absatz {n} mit etwas Text.</p>" for n in range(12))
        + f'\n{extra}<h2 id="h-end">Ende</h2></body></html>'
    )


def test_the_layout_pass_that_finds_the_figures_to_defer_lays_out_each_page_once(
    monkeypatch: pytest.MonkeyPatch,
):
    """The table of contents' page numbers settle only in further rounds of WeasyPrint's
    layout; the pass that finds the figures to move makes each page once and finds the same
    figures as a full layout."""
    from weasyprint import HTML
    from weasyprint.layout import page as page_module

    from lipkit.report import pdf

    html = _gap_html()
    full = HTML(string=html).render()
    expected = pdf._figures_after_gaps(full)
    assert expected and set(expected) == {"x-fig"}
    made = []
    remake = page_module.remake_page

    def counted(index, *args):
        made.append(index)
        return remake(index, *args)

    monkeypatch.setattr(page_module, "remake_page", counted)
    assert pdf.figures_to_defer(html) == expected
    assert made == list(range(len(full.pages)))


def _pdf_texts(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def _structure(path: Path) -> list[tuple]:
    """The structure tree: each element's type, alternative text and language, in order."""
    import pikepdf

    found: list[tuple] = []

    def walk(node, depth: int) -> None:
        if not isinstance(node, pikepdf.Dictionary):
            found.append((depth, "content"))
            return
        found.append((depth, str(node.get("/S")), str(node.get("/Alt")), str(node.get("/Lang"))))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]:
            walk(kid, depth + 1)

    with pikepdf.open(path) as pdf:
        walk(pdf.Root.StructTreeRoot, 0)
    return found


def _made_pages(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The pages WeasyPrint lays out (0 the first), each time it does."""
    from weasyprint.layout import page as page_module

    made: list[int] = []
    remake = page_module.remake_page

    def counted(index, *args):
        made.append(index)
        return remake(index, *args)

    monkeypatch.setattr(page_module, "remake_page", counted)
    return made


@pytest.mark.parametrize("height", ["2cm", "2.5cm"])
def test_the_pdf_is_made_from_the_placeholder_pages_as_laid_out_anew(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, height: str
):
    """The PDF is made from the pages laid out with the placeholder charts: the pages
    before the figure that moves are kept (with their charts drawn in), those from it on
    laid out again; the same pages, text and structure as the document laid out anew. A
    chart of another size than its placeholder (2 cm high) has its page laid out again."""
    from lipkit.report import pdf

    placeholders = _gap_html(before=1, early=_empty("4cm", "2cm"))
    final = _gap_html(_chart(), before=1, early=_chart("4cm", height, "Früh 7 %"))
    laid_out: list = []
    deferred = pdf.figures_to_defer(placeholders, tmp_path, laid_out)
    assert deferred and set(deferred) == {"x-fig"}
    made = _made_pages(monkeypatch)
    pdf.write_pdf(final, tmp_path / "kept.pdf", deferred=deferred, laid_out=laid_out[0])
    kept = set(made)
    made.clear()
    pdf.write_pdf(final, tmp_path / "anew.pdf", deferred=deferred)
    pages = len(PdfReader(tmp_path / "anew.pdf").pages)
    assert sorted(set(made)) == list(range(pages))
    # The table of contents (its numbers settle) and the pages from the one before the
    # figure's are laid out again; the page with the early chart only where its size differs.
    assert pages == 5 and {0, 2, 3, 4} <= kept and (1 in kept) == (height != "2cm")
    texts = _pdf_texts(tmp_path / "kept.pdf")
    assert texts == _pdf_texts(tmp_path / "anew.pdf")
    assert "Früh 7 %" in texts[1] and "Balken 42 %" in "".join(texts)
    assert _structure(tmp_path / "kept.pdf") == _structure(tmp_path / "anew.pdf")


@pytest.mark.parametrize("finished", [False, True])
@pytest.mark.parametrize("height", ["2cm", "2.5cm"])
def test_the_figures_moved_while_the_charts_are_drawn_leave_only_the_charts_to_draw_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, height: str, finished: bool
):
    """As the report does it: the pages laid out again with the figures moved before the
    charts are drawn (``finished``: and the document made of them); the PDF then lays out no
    page. A chart of another size than its placeholder has its page laid out again (and the
    table of contents, whose numbers settle again), or, once the document is made, all."""
    from lipkit.report import pdf

    placeholders = _gap_html(before=1, early=_empty("4cm", "2cm"))
    final = _gap_html(_chart(), before=1, early=_chart("4cm", height, "Früh 7 %"))
    laid_out: list = []
    deferred = pdf.figures_to_defer(placeholders, tmp_path, laid_out)
    made = _made_pages(monkeypatch)
    if finished:
        assert laid_out[0].finish_before_charts(deferred)
    else:
        assert laid_out[0].move_figures(deferred)
    assert {0, 2, 3, 4} <= set(made) and 1 not in made
    made.clear()
    pdf.write_pdf(final, tmp_path / "kept.pdf", deferred=deferred, laid_out=laid_out[0])
    # (a taller chart: the pages after its own until they start as before, too)
    if height == "2cm":
        assert made == []
    else:
        assert set(made) == {0, 1, 2, 3, 4} if finished else {0, 1} <= set(made)
    pdf.write_pdf(final, tmp_path / "anew.pdf", deferred=deferred)
    texts = _pdf_texts(tmp_path / "kept.pdf")
    assert texts == _pdf_texts(tmp_path / "anew.pdf")
    assert "Früh 7 %" in texts[1] and "Balken 42 %" in "".join(texts)
    assert _structure(tmp_path / "kept.pdf") == _structure(tmp_path / "anew.pdf")
    # Drawn from once: the same pages are not made into a second document.
    assert laid_out[0].document(final, deferred, tmp_path) is None


@pytest.mark.parametrize("height", ["2cm", "2.5cm"])
def test_each_page_is_painted_as_soon_as_its_own_charts_are_drawn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, height: str
):
    """``write_pdf_as_drawn``, as the report does it while the workers still draw: the pages
    made before the charts, each chart asked for (waited for) once, only when its own page
    is painted, and no page laid out again; the same pages, text and structure as the
    document laid out anew. A chart of another size than its placeholder: False and nothing
    written (the report then writes the PDF as without)."""
    from weasyprint.document import Page

    from lipkit.report import pdf

    placeholders = _gap_html(before=1, early=_empty("4cm", "2cm"))
    final = _gap_html(_chart(), before=1, early=_chart("4cm", height, "Früh 7 %"))
    laid_out: list = []
    deferred = pdf.figures_to_defer(placeholders, tmp_path, laid_out)
    assert laid_out[0].finish_before_charts(deferred)
    made = _made_pages(monkeypatch)
    painted: list[int] = []
    paint = Page.paint
    monkeypatch.setattr(
        Page, "paint", lambda page, *a, **k: (painted.append(1), paint(page, *a, **k))
    )
    asked: list[tuple[str, int]] = []

    def chart(fid: str, src: str):
        return lambda: asked.append((fid, len(painted))) or src

    charts = {
        "x-early": chart("x-early", _chart("4cm", height, "Früh 7 %")),
        "x-fig": chart("x-fig", _chart()),
    }
    target = tmp_path / "as-drawn.pdf"
    if height != "2cm":
        assert not pdf.write_pdf_as_drawn(laid_out[0], charts, target)
        assert not target.exists() and asked == [("x-early", 1)]
        return
    assert pdf.write_pdf_as_drawn(laid_out[0], charts, target)
    assert made == []
    # The table of contents painted first, then the early chart's page; the moved figure's
    # chart only when the pages before it are painted.
    assert [fid for fid, _ in asked] == ["x-early", "x-fig"]
    assert asked[0][1] == 1 and asked[1][1] >= 2
    pdf.write_pdf(final, tmp_path / "anew.pdf", deferred=deferred)
    assert _pdf_texts(target) == _pdf_texts(tmp_path / "anew.pdf")
    assert _structure(target) == _structure(tmp_path / "anew.pdf")
    # Drawn from once: the pages are not made into a second document.
    assert not pdf.write_pdf_as_drawn(laid_out[0], charts, tmp_path / "again.pdf")


def test_other_html_than_laid_out_with_placeholders_is_laid_out_anew(tmp_path: Path):
    """Where the HTML is not the one laid out with placeholder charts (here a paragraph
    more), the pages laid out are not used: the PDF holds the HTML's text."""
    from lipkit.report import pdf

    laid_out: list = []
    deferred = pdf.figures_to_defer(_gap_html(before=1), tmp_path, laid_out)
    final = _gap_html(_chart(), before=1, extra="<p>Ein weiterer Absatz.</p>")
    assert laid_out[0].document(final, deferred, tmp_path) is None
    pdf.write_pdf(final, tmp_path / "b.pdf", deferred=deferred, laid_out=laid_out[0])
    assert "Ein weiterer Absatz." in "".join(_pdf_texts(tmp_path / "b.pdf"))


LIBRARY_NAMES = ["c", "m", "pango-1.0", "gobject-2.0", "harfbuzz", "fontconfig", "pangoft2-1.0"]

# Only glibc has the cache (ldconfig -p); elsewhere WeasyPrint is imported as without it.
WITH_GLIBC_LINKER_CACHE = pytest.mark.skipif(
    not Path("/sbin/ldconfig").exists(), reason="glibc's linker cache"
)


@WITH_GLIBC_LINKER_CACHE
def test_the_linker_cache_names_the_libraries_ctypes_finds():
    import ctypes.util

    from lipkit.report.pdf import _linker_cache, _soname

    cache = _linker_cache()
    assert cache is not None
    for name in [*LIBRARY_NAMES, "libgobject-2.0-0", "gobject-2.0-0", "no-such-library-xyz"]:
        assert _soname(cache, name) == ctypes.util.find_library(name), name
    assert _soname(cache, "pango-1.0") == "libpango-1.0.so.0"
    assert _soname(cache, "gobject-2.0-0") is None


IMPORT_COUNTING_PROCESSES = """
import subprocess, sys
started = []
original = subprocess.Popen.__init__
def counted(self, args, *rest, **kwargs):
    started.append(args[0] if isinstance(args, list) else args)
    original(self, args, *rest, **kwargs)
subprocess.Popen.__init__ = counted
from lipkit.report import pdf
from weasyprint import HTML
assert HTML(string="<p>Abbildung 1</p>").write_pdf().startswith(b"%PDF")
print(started)
"""


@WITH_GLIBC_LINKER_CACHE
def test_weasyprint_is_imported_with_one_look_at_the_linker_cache():
    """cffi asked ``find_library`` for each of WeasyPrint's library names: ldconfig, gcc and
    ld for each name not found, 54 processes on this machine before."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", IMPORT_COUNTING_PROCESSES],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "['/sbin/ldconfig']"


@pytest.mark.parametrize("height_cm", [5.5, 2.15, 12.345])
def test_a_charts_placeholder_takes_exactly_the_room_of_the_chart(height_cm: float):
    """The placeholder of a chart, a matplotlib chart and the controlling chart give their
    size alike, in points to six places: a chart drawn into the pages laid out with its
    placeholder takes exactly that room, and no page is laid out again for it (with the
    size in cm to three places, 8 of the demo's 30 charts were off by 0.0004 px)."""
    import re

    import matplotlib.pyplot as plt

    from lipkit.controlling.chart import indicator_svg, svg_points
    from lipkit.report.charts import CM, TEXT_WIDTH_CM, render

    assert (svg_points(16.0), svg_points(5.5)) == ("453.543307", "155.905512")
    expected = f'width="{svg_points(16.0)}pt" height="{svg_points(height_cm)}pt"'
    fig, ax = plt.subplots(figsize=(TEXT_WIDTH_CM * CM, height_cm * CM))
    ax.barh(["a", "b"], [1, 2])
    drawn = render(fig)
    assert expected in re.search(rb"<svg[^>]*>", drawn.svg).group(0).decode()
    assert (svg_points(drawn.width_cm), svg_points(drawn.height_cm)) == (
        svg_points(16.0),
        svg_points(height_cm),
    )
    series = ([("2018-01-01", 1.0), ("2022-12-31", 4.0)], [("2022-12-31", 4.0)], [])
    controlling = indicator_svg(*series, "count").decode()
    assert re.search(r'width="453\.543307pt" height="[0-9.]+pt"', controlling)
