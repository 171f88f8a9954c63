"""The evaluation report: figures, tables, quotes and recommendations as HTML, PDF and DOCX.

``build_report(folder, frame, study)`` makes the document model (``lipkit.report.build``);
``write_report`` writes it in the chosen formats. The syntax of chapters, interview notes and
recommendations is in ``docs/report.md``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from lipkit.study.model import Study

FORMATS = ("html", "pdf", "docx")


@dataclass
class ReportOutput:
    paths: dict[str, Path]
    warnings: list[str]
    seconds: dict[str, float] = field(default_factory=dict)  # "build", "html", "pdf", "docx"


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
) -> ReportOutput:
    """Build the report once and write each format to ``output/<name>.<format>``."""
    from lipkit.report.html import render_html

    seconds: dict[str, float] = {}
    start = time.perf_counter()
    document = build_report(study, frame, folder, language=language)
    seconds["build"] = time.perf_counter() - start
    output.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    html = None
    for fmt in formats:
        start = time.perf_counter()
        path = output / f"{name}.{fmt}"
        if fmt in ("html", "pdf") and html is None:
            html = render_html(document)
        if fmt == "html":
            path.write_text(html, encoding="utf-8")
        elif fmt == "pdf":
            from lipkit.report.pdf import write_pdf

            write_pdf(html, path)
        elif fmt == "docx":
            from lipkit.report.docx import write_docx

            write_docx(document, path)
        else:
            raise ValueError(f"format {fmt!r}; expected one of {', '.join(FORMATS)}")
        paths[fmt] = path
        seconds[fmt] = time.perf_counter() - start
    return ReportOutput(paths=paths, warnings=document.warnings, seconds=seconds)
