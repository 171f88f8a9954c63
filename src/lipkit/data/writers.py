"""The writers of response files: a canonical frame in Kobo or lipkit layout
(:func:`export_frame`), then one writer per file format. Which writer writes which file:
:mod:`lipkit.data.formats`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import polars as pl

from lipkit import catalogue
from lipkit.data.formulas import neutralise_formulas
from lipkit.data.org import ROW, derived_org_columns
from lipkit.study.model import OrgTree, Questionnaire, QuestionType

if TYPE_CHECKING:
    from openpyxl import Workbook

__all__ = [
    "WriteOptions",
    "export_frame",
    "sheet_title",
    "write_csv",
    "write_parquet",
    "write_xlsx",
]


@dataclass(frozen=True)
class WriteOptions:
    """What a writer may use; each writer takes what applies to its format."""

    questionnaire: Questionnaire
    layout: Literal["kobo", "lipkit"] = "kobo"
    csv_dialect: Literal["plain", "excel-de"] = "plain"
    """CSV: ``excel-de`` for a German Excel (``;``, decimal comma, UTF-8 with BOM)."""
    labels: str | None = None
    """XLSX: a language code; adds a sheet with each chosen option's label."""


def write_csv(export: pl.DataFrame, path: Path, options: WriteOptions) -> None:
    """Text cells that could run as a formula neutralised (:func:`neutralise_formulas`)."""
    if options.csv_dialect == "excel-de":
        neutralise_formulas(export).write_csv(
            path, separator=";", decimal_comma=True, include_bom=True
        )
    else:
        neutralise_formulas(export).write_csv(path)


def write_parquet(export: pl.DataFrame, path: Path, options: WriteOptions) -> None:
    """lipkit layout: detail columns as Boolean."""
    if options.layout == "lipkit":
        export = export.with_columns(
            pl.col(c).cast(pl.Boolean)
            for c in _detail_columns(options.questionnaire)
            if c in export.columns
        )
    export.write_parquet(path)


def write_xlsx(export: pl.DataFrame, path: Path, options: WriteOptions) -> None:
    _write_xlsx(export, path, options.questionnaire, options.labels)


SHEET_NAME_LIMIT = 31
"""Excel's longest sheet name."""


def sheet_title(title: str) -> str:
    """A sheet name for ``title``: Excel's forbidden characters ``[]:*?/\\`` replaced by
    ``_``, and at most 31 characters, cut after the last whole word that fits (a single word
    longer than that is cut at 31 characters: there is no other way).

    >>> sheet_title("Mitarbeitendenbefragung 2025 zur Umsetzung des LIP")
    'Mitarbeitendenbefragung 2025'
    """
    clean = " ".join(re.sub(r"[\[\]:*?/\\]", "_", title).split()).strip("'")
    if len(clean) <= SHEET_NAME_LIMIT:
        return clean
    head = clean[: SHEET_NAME_LIMIT + 1]
    # The last separator within the limit (or right after it) ends the last whole word.
    ends = [m.start() for m in re.finditer(r"[\s\-–,;.()]", head)]
    cut = max((i for i in ends if i <= SHEET_NAME_LIMIT), default=0)
    shortened = head[:cut].rstrip(" -–,;.(")
    return shortened or clean[:SHEET_NAME_LIMIT]


def _detail_columns(q: Questionnaire) -> list[str]:
    return [
        c
        for question in q.questions()
        if question.type == QuestionType.SELECT_MULTIPLE
        for c in q.columns(question)
    ]


def export_frame(
    frame: pl.DataFrame, q: Questionnaire, layout: str, org: OrgTree | None
) -> pl.DataFrame:
    columns: list[pl.Expr] = []
    written: set[str] = {ROW}
    for question in q.questions():
        if question.type == QuestionType.NOTE:
            continue
        names = q.columns(question)
        written.update(names)
        present = [c for c in names if c in frame.columns]
        if question.type != QuestionType.SELECT_MULTIPLE:
            if present:
                columns.append(pl.col(question.name))
            continue
        if not present:
            continue
        if layout == "kobo":
            choices = q.choice_list(question).names()
            chosen = [
                pl.when(pl.col(f"{question.name}/{c}")).then(pl.lit(c))
                for c in choices
                if f"{question.name}/{c}" in frame.columns
            ]
            answered = pl.any_horizontal(pl.col(present).is_not_null())
            columns.append(
                pl.when(answered)
                .then(pl.concat_str(chosen, separator=" ", ignore_nulls=True))
                .alias(question.name)
            )
        columns.extend(pl.col(c).cast(pl.Int8) for c in present)
    skip = written | set(derived_org_columns(frame, q, org))
    columns.extend(pl.col(c) for c in frame.columns if c not in skip)
    return frame.select(columns)


def _write_xlsx(export: pl.DataFrame, path: Path, q: Questionnaire, labels: str | None) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    title = sheet_title(q.settings.form_title or q.settings.form_id)
    _append_sheet(workbook, title or "responses", export)
    if labels is not None:
        name = catalogue.text("responses.label_sheet", labels if labels in ("de", "en") else "en")
        _append_sheet(
            workbook, name if name != title else f"{name} (2)", _labelled(export, q, labels)
        )
    workbook.save(path)


def _append_sheet(workbook: Workbook, title: str, frame: pl.DataFrame) -> None:
    from openpyxl.cell import WriteOnlyCell

    sheet = workbook.create_sheet(title)
    sheet.append(frame.columns)
    for values in frame.iter_rows():
        row: list[object] = []
        for value in values:
            if isinstance(value, str) and value.startswith("="):
                # A text answer, not a formula: store it as a string cell.
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"
                row.append(cell)
            else:
                row.append(value)
        sheet.append(row)


def _labelled(export: pl.DataFrame, q: Questionnaire, language: str) -> pl.DataFrame:
    """The export with a label column beside each choice question's codes (a multiple
    response: the labels of its options, separated by "; "); the 1/0 detail columns left
    out, as the labels say the same."""
    from lipkit.study.model import label_text

    details = set(_detail_columns(q))
    columns: list[pl.Expr] = []
    for name in export.columns:
        if name in details:
            continue
        columns.append(pl.col(name))
        question = q.question(name) if q.has_question(name) else None
        if question is None or not question.list_name:
            continue
        names = {
            c.name: label_text(c.label, language, c.name) for c in q.choice_list(question).choices
        }
        codes = pl.col(name).cast(pl.String)
        if question.type == QuestionType.SELECT_MULTIPLE:
            label = codes.str.split(" ").list.eval(pl.element().replace(names)).list.join("; ")
        else:
            label = codes.replace(names)
        columns.append(
            label.alias(
                name
                + catalogue.text(
                    "responses.label_suffix", language if language in ("de", "en") else "en"
                )
            )
        )
    return export.select(columns)
