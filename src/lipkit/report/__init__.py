"""The evaluation report: figures, tables, quotes and recommendations as HTML, PDF and DOCX.

``build_report(folder, frame, study)`` makes the document model (``lipkit.report.build``);
``write_report`` writes it in the chosen formats. The syntax of chapters, interview notes and
recommendations is in ``docs/report.md``.
"""

from __future__ import annotations

import time
from concurrent.futures import ProcessPoolExecutor
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
    # "build" (the document with its figures), "write" (all formats, the PDF side by side
    # with the others) and each format's own duration: "html", "pdf", "docx"
    seconds: dict[str, float] = field(default_factory=dict)


def build_report(study: Study, frame: pl.DataFrame, folder: Path, *, language: str = "de"):
    from lipkit.report.build import ReportBuilder

    return ReportBuilder(study, frame, Path(folder), language=language).build()


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
) -> ReportOutput:
    """Build the report once and write each format to ``output/<name>.<format>``.

    With PDF and another format, WeasyPrint lays out the PDF in a second process while this
    one writes the others: on a 2-core machine that takes the PDF's time off the total.
    ``seconds`` holds each format's own duration (they overlap when run side by side).
    ``strict``: any warning is an error, and nothing is written.
    """
    from lipkit.report.html import render_html

    for fmt in formats:
        if fmt not in FORMATS:
            raise ValueError(f"format {fmt!r}; expected one of {', '.join(FORMATS)}")
    seconds: dict[str, float] = {}
    start = time.perf_counter()
    document = build_report(study, frame, folder, language=language)
    seconds["build"] = time.perf_counter() - start
    if strict and document.warnings:
        from lipkit.errors import UserError

        raise UserError(
            *(f"Warnung: {w}" for w in document.warnings),
            f"--strict: {len(document.warnings)} Warnung(en); nichts geschrieben",
        )
    output.mkdir(parents=True, exist_ok=True)
    paths = {fmt: output / f"{name}.{fmt}" for fmt in formats}
    writing = time.perf_counter()
    html = render_html(document) if {"html", "pdf"} & set(formats) else ""
    with ExitStack() as stack:
        pdf_job = None
        if "pdf" in formats and len(formats) > 1:
            pool = stack.enter_context(
                ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn"))
            )
            pdf_job = pool.submit(_timed_pdf, html, paths["pdf"])
        for fmt in formats:
            start = time.perf_counter()
            if fmt == "html":
                paths[fmt].write_text(html, encoding="utf-8")
            elif fmt == "pdf" and pdf_job is None:
                _timed_pdf(html, paths[fmt])
            elif fmt == "docx":
                from lipkit.report.docx import write_docx

                write_docx(document, paths[fmt])
            seconds[fmt] = time.perf_counter() - start
        if pdf_job is not None:
            seconds["pdf"] = pdf_job.result()
    seconds["write"] = time.perf_counter() - writing
    return ReportOutput(paths=paths, warnings=document.warnings, seconds=seconds)


def _timed_pdf(html: str, path: Path) -> float:
    from lipkit.report.pdf import write_pdf

    start = time.perf_counter()
    write_pdf(html, path)
    return time.perf_counter() - start
