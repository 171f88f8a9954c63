"""The evaluation report: figures, tables, quotes and recommendations as HTML, PDF and DOCX.

``build_report(folder, frame, study)`` makes the document model (``lipkit.report.build``);
``write_report`` writes it in the chosen formats. The syntax of chapters, interview notes and
recommendations is in ``docs/report.md``.
"""

from __future__ import annotations

import time
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

import polars as pl

from lipkit.study.model import Study

FORMATS = ("html", "pdf", "docx")


@dataclass
class ReportOutput:
    paths: dict[str, Path]
    warnings: list[str]
    # "build" (the document with its figures), "write" (all formats, the DOCX side by side
    # with the others) and each format's own duration: "html", "pdf", "docx"
    seconds: dict[str, float] = field(default_factory=dict)


def build_report(
    study: Study, frame: pl.DataFrame, folder: Path, *, language: str = "de", part: str = "all"
):
    """``part``: "all" (the evaluation, then the controlling part when the study has a plan),
    "evaluation" or "controlling"."""
    from lipkit.report.build import ReportBuilder

    return ReportBuilder(study, frame, Path(folder), language=language, part=part).build()


def write_report(
    study: Study,
    frame: pl.DataFrame,
    folder: Path,
    output: Path,
    *,
    formats: tuple[str, ...] = FORMATS,
    language: str = "de",
    name: str = "bericht",
    strict: bool = False,
    part: str = "all",
    cache: Path | None = None,
) -> ReportOutput:
    """Build the report once and write each format to ``output/<name>.<format>``.

    Two worker processes draw the charts while this one reads the data and builds the rest of
    the document (each chart's figure once, saved as SVG for HTML and PDF and as PNG for
    DOCX); then one of them writes the DOCX while this one lays out the PDF (its WeasyPrint
    warm from finding the figures to move) and writes the HTML: on a 2-core machine that
    takes the charts' and the DOCX's time largely off the total. A word cloud's counts, made
    by a worker, are awaited only once every chapter is read (``exhibits.Later``). Charts that no
    worker has started when this process would only wait for them are drawn here
    (``charts.draw_waiting_here``).
    ``seconds`` holds each format's own duration (they overlap when run side by side).
    ``strict``: any warning is an error, and nothing is written. ``cache``: a folder that
    keeps the drawn charts for the next build (``charts.drawing_pool``; the CLI uses the
    study folder's ``.lipkit-cache/charts``); charts not used for 30 days are removed.
    """
    for fmt in formats:
        if fmt not in FORMATS:
            raise ValueError(f"format {fmt!r}; expected one of {', '.join(FORMATS)}")
    from lipkit.report import charts

    seconds: dict[str, float] = {}
    with ExitStack() as stack:
        pool = None
        if len(formats) > 1 or "pdf" in formats:
            if part != "controlling":
                # First: its process starts and reads while this one imports and forks.
                _decide_earlier_waves(folder, stack)
            if "pdf" in formats:
                # Imported before the workers are forked (this process lays out the pages
                # and writes the PDF), while they start: the build does not wait for it.
                from lipkit.report import pdf  # noqa: F401  (imports WeasyPrint)
            pool = stack.enter_context(
                ProcessPoolExecutor(
                    max_workers=WORKERS, mp_context=get_context("fork"), initializer=_warm_up
                )
            )
            # Workers start (and import matplotlib, in _warm_up) now, while the analyses run
            # here: a forking pool starts them all on the first job.
            pool.submit(int)
            side = _words_process(study, stack) if part != "controlling" else None
            stack.enter_context(
                charts.drawing_pool(pool, png="docx" in formats, cache=cache, side=side)
            )
        start = time.perf_counter()
        document = build_report(study, frame, folder, language=language, part=part)
        seconds["build"] = time.perf_counter() - start
        if strict and document.warnings:
            from lipkit.errors import UserError

            raise UserError(
                *(f"Warnung: {w}" for w in document.warnings),
                f"--strict: {len(document.warnings)} Warnung(en); nichts geschrieben",
            )
        _write(document, formats, output, name, pool, seconds, cache)
    if cache is not None and pool is not None:
        charts.prune_cache(cache)
    return ReportOutput(
        paths={fmt: output / f"{name}.{fmt}" for fmt in formats},
        warnings=document.warnings,
        seconds=seconds,
    )


WORKERS = 2  # the machines have 2 cores


def _words_process(study: Study, stack: ExitStack) -> ProcessPoolExecutor | None:
    """A process for the word clouds' counts, which loads the lemmatiser's dictionary for the
    answers' language (0.8 s) while this process secures the numbers, when the second core
    is idle: a chart worker would load it only when the counts are asked for, while both
    draw. None where the study has no open questions."""
    from lipkit.study.model import QuestionType

    if not any(q.type == QuestionType.TEXT for q in study.questionnaire.questions()):
        return None
    side = stack.enter_context(
        ProcessPoolExecutor(
            max_workers=1,
            mp_context=get_context("fork"),
            initializer=_warm_up_words,
            initargs=(study.settings.language,),
        )
    )
    side.submit(int)  # (the process starts on the first job)
    return side


def _warm_up_words(language: str) -> None:
    _give_way()
    from lipkit.text.words import load_lemmatiser

    load_lemmatiser(language)


def _give_way() -> None:
    """In a worker, as it starts: yield the CPU to the building process, whose work the
    others wait for (it lays out the PDF while the workers draw; three processes on two
    cores), and keep the collector off what the fork handed down."""
    import os

    from lipkit.process import start_forked_worker

    start_forked_worker()
    os.nice(10)


def _decide_earlier_waves(folder: Path, stack: ExitStack) -> None:
    """The comparison chapter (added wherever the study has earlier waves) publishes each
    earlier wave through its own decisions: another process computes them (the latest
    first) while this one secures the current wave and builds the chapters before it
    (:func:`lipkit.privacy.decide.computed_elsewhere`); a wave that does not load is
    reported where the comparison loads it, as without."""
    from lipkit.privacy.decide import computed_elsewhere
    from lipkit.study.folder import StudyFolder

    try:
        earlier = [ref.path for ref in StudyFolder.at(folder).earlier_waves()]
    except Exception:  # a broken waves: entry is reported when the waves are used
        return
    stack.enter_context(computed_elsewhere(earlier[::-1]))


def _warm_up() -> None:
    _give_way()
    from lipkit.report.charts import warm_up

    warm_up()


def _write(
    document,
    formats,
    output: Path,
    name: str,
    pool,
    seconds: dict[str, float],
    cache: Path | None = None,
) -> None:
    from lipkit.report.html import render_html

    output.mkdir(parents=True, exist_ok=True)
    paths = {fmt: output / f"{name}.{fmt}" for fmt in formats}
    writing = time.perf_counter()
    deferred = None
    laid_out: list = []  # the pages of that pass, where it ran: the PDF is made from them
    if "pdf" in formats:
        # While the workers (if any) still draw charts, this process lays the pages out with
        # empty charts of the same size, to find the figures that would leave a gap before
        # them; kept in ``cache`` (the chart cache, with or without workers), so that a
        # report built again unchanged skips this pass. Where the pass ran, the PDF is made
        # from its pages (the charts drawn in, the pages from the first figure that moves
        # laid out again) instead of laying the whole document out a second time.
        from lipkit.report.pdf import kept_figures_to_defer

        placeholders = render_html(document, placeholders=True)
        deferred = kept_figures_to_defer(placeholders, output, cache, laid_out)
        # Still before the charts are drawn: the pages from the first figure that moves are
        # laid out again (the page numbers settled, the document made of them) while the
        # workers draw, instead of after the last chart, when the other core has only the
        # DOCX left to write.
        if laid_out and not laid_out[0].finish_before_charts(deferred):
            laid_out.clear()
    from lipkit.report import charts

    # With the PDF, the DOCX is written by a worker while this process writes the PDF: its
    # WeasyPrint is warm from the pass above (fonts, style sheets), a worker's is not.
    docx_job = None
    if "docx" in formats and "pdf" in formats and pool:
        docx_job = _docx_once_drawn(document, paths["docx"], pool)
    written = set()
    if laid_out and laid_out[0].made is not None:
        # Each page painted as soon as its charts are there, while the workers draw the
        # rest (the charts come in the document's order).
        from lipkit.report.html import chart_sources
        from lipkit.report.pdf import write_pdf_as_drawn

        start = time.perf_counter()
        if write_pdf_as_drawn(laid_out[0], chart_sources(document), paths["pdf"]):
            seconds["pdf"] = time.perf_counter() - start
            written.add("pdf")
    # Until the charts are drawn this process would only wait: it draws those that no worker
    # has started yet (the HTML, and with it the PDF, waits for the last of them).
    charts.draw_waiting_here()
    html = render_html(document) if ({"html", "pdf"} - written) & set(formats) else ""
    for fmt in formats:
        if fmt in written:
            continue
        start = time.perf_counter()
        if fmt == "html":
            paths[fmt].write_text(html, encoding="utf-8")
        elif fmt == "pdf":
            _timed_pdf(html, paths[fmt], deferred, laid_out[0] if laid_out else None)
        elif fmt == "docx" and docx_job is None:
            _timed_docx(document, paths[fmt])
        seconds[fmt] = time.perf_counter() - start
    laid_out.clear()
    if docx_job is not None:
        seconds["docx"] = docx_job.result().result()
    seconds["write"] = time.perf_counter() - writing


def _docx_once_drawn(document, path: Path, pool) -> Future:
    """The DOCX given to a worker once every chart is drawn (a thread waits for them, while
    this process paints the PDF); a Future of that job."""
    import threading

    from lipkit.report.model import Figure

    handed: Future = Future()

    def hand_over() -> None:
        try:
            for block in document.blocks:
                if isinstance(block, Figure):
                    block.chart.wait()
            handed.set_result(pool.submit(_timed_docx, _with_png_only(document), path))
        except BaseException as error:  # (reported where the job is awaited)
            handed.set_exception(error)

    threading.Thread(target=hand_over, name="lipkit-docx", daemon=True).start()
    return handed


def _with_png_only(document):
    """The document with each figure's chart as PNG bytes (waited for), to be pickled to a
    worker (a chart still being drawn is a Future)."""
    from dataclasses import replace

    from lipkit.report.charts import with_png_only
    from lipkit.report.model import Figure

    def detached(block):
        if isinstance(block, Figure):
            return replace(block, chart=with_png_only(block.chart))
        return block

    return replace(document, blocks=[detached(b) for b in document.blocks])


def _timed_docx(document, path: Path) -> float:
    from lipkit.report.docx import write_docx

    start = time.perf_counter()
    write_docx(document, path)
    return time.perf_counter() - start


def _timed_pdf(html: str, path: Path, deferred: list[str] | None = None, laid_out=None) -> float:
    from lipkit.report.pdf import write_pdf

    start = time.perf_counter()
    write_pdf(html, path, deferred=deferred, laid_out=laid_out)
    return time.perf_counter() - start
