"""Read response exports into the canonical frame, and write them back.

Files are CSV (``,`` or ``;`` separated, UTF-8 with or without BOM), XLSX (first sheet, or
the sheet named like the form) or Parquet — any format of :data:`RESPONSE_FORMATS`
(:mod:`lipkit.data.formats`) — in Kobo layout (``select_multiple`` as a summary column ``q``
with space-separated choice names and/or detail columns ``q/choice`` holding ``1``/``0``) or
lipkit layout (detail columns only). See ``docs/architecture.md`` for the canonical frame.

Nothing is dropped silently: a cell that cannot be converted becomes null in the canonical
frame *and* an :class:`Issue` with row, column, value and what was expected. All conversion
and checking is vectorised (:mod:`lipkit.data.conversion`); ``Issue`` objects are built only
for the offending rows.

CSV files lipkit writes are safe to open in a spreadsheet (OWASP's rule against CSV
injection): a text cell that a spreadsheet could take for a formula gets a leading ``'``,
and reading takes exactly that ``'`` away again (:func:`neutralise_formulas`,
:func:`restore_formulas`), so an export read back gives the answers as they were given.

This module is the data layer's front: the readers and writers of each format are in
:mod:`lipkit.data.readers` and :mod:`lipkit.data.writers`, the problems in
:mod:`lipkit.data.issues`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import polars as pl

from lipkit.catalogue import Text
from lipkit.data.conversion import integer_columns, to_canonical
from lipkit.data.formats import RESPONSE_FORMATS, WRITE_DEFAULT
from lipkit.data.formulas import neutralise_formulas, restore_formulas
from lipkit.data.issues import DataError, Issue, IssueWords, sort_issues
from lipkit.data.org import ROW, attach_org, exclude_rows
from lipkit.data.readers import ReadOptions
from lipkit.data.writers import WriteOptions, export_frame, sheet_title
from lipkit.study.model import OrgTree, Questionnaire, Study

if TYPE_CHECKING:
    from lipkit.study.folder import StudyFolder

__all__ = [
    "ROW",
    "DataError",
    "Issue",
    "IssueWords",
    "Responses",
    "exclude_rows",
    "neutralise_formulas",
    "read_raw",
    "read_responses",
    "restore_formulas",
    "sheet_title",
    "sort_issues",
    "to_canonical",
    "write_responses",
]


@dataclass
class Responses:
    frame: pl.DataFrame
    issues: list[Issue] = field(default_factory=list)
    path: Path = field(default_factory=Path)


# -- reading ----------------------------------------------------------------------------------


def read_raw(
    path: str | Path,
    *,
    sheet: str | Sequence[str] | None = None,
    typed: Callable[[Sequence[str]], Mapping[str, pl.DataType]] | None = None,
) -> pl.DataFrame:
    """Every column as String, exactly as in the file, plus ``_row`` (Int64, first data row 2).

    ``sheet`` (XLSX only): a sheet name, or candidates; the first that exists is read, else
    the first sheet. Rows that are entirely empty are left out; ``_row`` still counts them,
    so it stays the row number a spreadsheet shows.

    ``typed`` (CSV only): given the header's column names, the columns that may be parsed
    as integers while reading (detail flags, integer questions). Parsing a million rows of
    ``1``/``0`` as Int8 is faster and needs a fraction of the memory of strings. If any
    cell of those columns is not a plain integer, the whole file is read as text instead,
    so that the tolerant conversion can look at (and report) every cell as written.
    """
    path = Path(path)
    if not path.exists():
        raise DataError(Text("data.file_not_found"), path)
    if path.is_dir():
        expected = RESPONSE_FORMATS.expected(last=", ")
        raise DataError(Text("data.is_folder", expected=expected), path)
    fmt = RESPONSE_FORMATS.for_path(path)
    raw = fmt.read(path, ReadOptions(sheet=sheet, typed=typed))
    data_columns = [c for c in raw.columns if c != ROW]
    if not data_columns:
        raise DataError(Text("data.no_columns"), path)
    raw = _empty_strings_to_null(raw, [c for c in data_columns if raw.schema[c] == pl.String])
    filled = raw.select(pl.any_horizontal(pl.col(data_columns).is_not_null())).to_series()
    return raw if filled.all() else raw.filter(filled)  # filter() copies: only when needed


def _empty_strings_to_null(raw: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    """A quoted ``""`` is an empty cell like an unquoted one (cheaper than read_csv's option)."""
    if not columns:
        return raw
    has_empty = raw.select((pl.col(c) == "").any() for c in columns).row(0)
    affected = [c for c, empty in zip(columns, has_empty, strict=True) if empty]
    if not affected:
        return raw
    return raw.with_columns(pl.when(pl.col(c) != "").then(pl.col(c)).alias(c) for c in affected)


def read_responses(path: str | Path, q: Questionnaire, org: OrgTree | None = None) -> Responses:
    """Read a response file into the canonical frame, with org level columns attached."""
    path = Path(path)
    raw = read_raw(path, sheet=_sheet_candidates(q), typed=lambda names: integer_columns(names, q))
    known = [level.name for level in org.levels] if org is not None else []
    frame, issues = to_canonical(raw, q, file=path.name, known_columns=known)
    return Responses(frame=attach_org(frame, q, org), issues=issues, path=path)


def read_study_folder(folder: StudyFolder) -> tuple[Study, pl.DataFrame | None]:
    """A study folder's study and its responses' rows (None where it has no response file),
    as an earlier wave is read; a ``FormError`` where the study does not load. The
    comparison and the process that secures the earlier waves beforehand
    (``lipkit.privacy.decide``) read a wave alike, so that they secure the same data."""
    study = folder.load()
    if folder.responses is None or not folder.responses.is_file():
        return study, None
    return study, read_responses(folder.responses, study.questionnaire, study.org).frame


def _sheet_candidates(q: Questionnaire) -> list[str]:
    # lipkit names the sheet of an XLSX export after the form (sheet_title); Kobo does too,
    # cut after Excel's 31 characters.
    names = [q.settings.form_title, q.settings.form_id]
    return list(
        dict.fromkeys([*(sheet_title(n) for n in names if n), *(n[:31] for n in names if n)])
    )


# -- writing ----------------------------------------------------------------------------------


def write_responses(
    frame: pl.DataFrame,
    q: Questionnaire,
    path: str | Path,
    *,
    layout: Literal["kobo", "lipkit"] = "kobo",
    org: OrgTree | None = None,
    csv_dialect: Literal["plain", "excel-de"] = "plain",
    labels: str | None = None,
) -> None:
    """Write a canonical frame in the format of the file's suffix (:data:`RESPONSE_FORMATS`:
    XLSX, Parquet; CSV, also for any other suffix).

    Kobo layout: a ``select_multiple`` as summary ``q`` plus details ``q/choice`` = 1/0
    (empty where not answered); lipkit layout: details only. ``_row`` is not written; nor,
    when ``org`` is given, org level columns that :func:`attach_org` derives on reading.

    CSV: text cells that could run as a formula are neutralised (:func:`neutralise_formulas`).
    ``csv_dialect="excel-de"``: for a German Excel, which opens such a file with a double
    click — ``;`` between cells, decimal comma, UTF-8 with a byte order mark. lipkit reads
    both dialects back to the same frame.

    XLSX with ``labels`` (a language code): a second sheet with the label of every chosen
    option beside its code.
    """
    path = Path(path)
    export = export_frame(frame, q, layout, org)
    fmt = RESPONSE_FORMATS.find(path.suffix) or RESPONSE_FORMATS[WRITE_DEFAULT]
    if fmt.write is None:
        raise DataError(Text("data.read_only", format=fmt.name), path)
    options = WriteOptions(questionnaire=q, layout=layout, csv_dialect=csv_dialect, labels=labels)
    fmt.write(export, path, options)
