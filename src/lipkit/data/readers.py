"""The readers of response files: each turns one file format into a raw frame — every column
as String, exactly as in the file, plus ``_row`` (Int64, the row number a spreadsheet shows;
first data row 2). Which reader reads which file: :mod:`lipkit.data.formats`. The raw frame
becomes the canonical frame in :mod:`lipkit.data.conversion`.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from lipkit.catalogue import Text
from lipkit.data.formulas import restore_formulas
from lipkit.data.issues import DataError
from lipkit.data.org import ROW

__all__ = ["FIRST_DATA_ROW", "ReadOptions", "read_csv", "read_parquet", "read_xlsx"]

FIRST_DATA_ROW = 2

_NOT_UTF8 = Text("data.not_utf8")


@dataclass(frozen=True)
class ReadOptions:
    """What a reader may use; each reader takes what applies to its format."""

    sheet: str | Sequence[str] | None = None
    """XLSX: a sheet name, or candidates; the first that exists is read, else the first."""
    typed: Callable[[Sequence[str]], Mapping[str, pl.DataType]] | None = None
    """CSV and Parquet: given the header's names, the columns that may be read as integers
    (Parquet: those stored as integers keep their type instead of becoming text)."""


def read_csv(path: Path, options: ReadOptions) -> pl.DataFrame:
    """CSV: ``,``, ``;`` or tab separated (found in the header), UTF-8 with or without BOM;
    the quotes :func:`~lipkit.data.formulas.neutralise_formulas` added taken away again."""
    typed = options.typed
    header = _csv_header_line(path)
    separator = _detect_separator(header)
    names = next(csv.reader([header], delimiter=separator))
    _check_header(path, names)
    overrides = dict(typed(names)) if typed is not None else {}
    raw = None
    if overrides:
        try:
            raw = pl.read_csv(
                path,
                separator=separator,
                schema_overrides={c: overrides.get(c, pl.String) for c in names},
                encoding="utf8",
            )
        except pl.exceptions.PolarsError:
            raw = None  # some cell is not a plain integer: read everything as written
    try:
        if raw is None:
            raw = pl.read_csv(
                path,
                separator=separator,
                infer_schema=False,
                encoding="utf8",
            )
    except pl.exceptions.PolarsError as exc:
        if "utf-8" in str(exc).lower():
            raise DataError(_NOT_UTF8, path) from exc
        raise DataError(Text("data.cannot_read", format="CSV", problem=str(exc)), path) from exc
    raw = restore_formulas(raw)
    return raw.with_row_index(ROW, offset=FIRST_DATA_ROW).with_columns(pl.col(ROW).cast(pl.Int64))


def _csv_header_line(path: Path) -> str:
    with path.open("rb") as handle:
        first = handle.readline()
    try:
        header = first.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(_NOT_UTF8, path) from exc
    if not header.strip():
        raise DataError(Text("data.empty_file"), path)
    return header.rstrip("\r\n")


def _detect_separator(header: str) -> str:
    # The header is made of question names, which never contain ',' or ';' themselves.
    counts = {sep: header.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] > 0 else ","


def _check_header(path: Path, names: Sequence[str | None]) -> list[str]:
    """The header's names, once each and none empty (else a DataError)."""
    checked: list[str] = []
    seen: set[str] = set()
    for index, name in enumerate(names, start=1):
        if name is None or not str(name).strip():
            raise DataError(Text("data.unnamed_column", index=index), path)
        if name in seen:
            raise DataError(Text("data.column_twice", name=name), path)
        seen.add(name)
        checked.append(name)
    return checked


def read_parquet(path: Path, options: ReadOptions) -> pl.DataFrame:
    try:
        frame = pl.read_parquet(path)
    except Exception as exc:  # polars and pyarrow raise several types here
        raise DataError(Text("data.cannot_read", format="Parquet", problem=str(exc)), path) from exc
    # Integer columns the conversion can take as integers (detail flags, integer questions)
    # stay integers, as a clean CSV's are parsed (text and back costs seconds at 100k rows);
    # every other column becomes text, as written. A value out of range: all text.
    typed = dict(options.typed(frame.columns)) if options.typed is not None else {}
    keep = {c: t for c, t in typed.items() if frame.schema[c].is_integer()}
    try:
        frame = frame.select(
            pl.col(c).cast(pl.Int64)
            if c == ROW
            else pl.col(c).cast(keep[c], strict=True)
            if c in keep
            else pl.col(c).cast(pl.String)
            for c in frame.columns
        )
    except pl.exceptions.PolarsError:
        frame = frame.select(
            pl.col(c).cast(pl.String) if c != ROW else pl.col(c).cast(pl.Int64)
            for c in frame.columns
        )
    if ROW not in frame.columns:
        frame = frame.with_row_index(ROW, offset=FIRST_DATA_ROW).with_columns(
            pl.col(ROW).cast(pl.Int64)
        )
    return frame


def read_xlsx(path: Path, options: ReadOptions) -> pl.DataFrame:
    """XLSX: the sheet ``options.sheet`` names (the first that exists), else the first sheet;
    cells as the text a CSV export of them would hold."""
    from openpyxl import load_workbook

    sheet = options.sheet
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile/KeyError/InvalidFileException
        raise DataError(Text("data.cannot_read", format="XLSX", problem=str(exc)), path) from exc
    try:
        candidates = [sheet] if isinstance(sheet, str) else list(sheet or [])
        name = next((s for s in candidates if s and s in workbook.sheetnames), None)
        worksheet = workbook[name] if name else workbook.worksheets[0]
        rows = worksheet.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None or all(v is None for v in header):
            raise DataError(Text("data.empty_sheet", sheet=worksheet.title), path)
        width = max(i for i, v in enumerate(header, start=1) if v is not None)
        names = _check_header(
            path, [str(v).strip() if v is not None else None for v in header[:width]]
        )
        row_numbers: list[int] = []
        cells: list[list[str | None]] = []
        for number, values in enumerate(rows, start=FIRST_DATA_ROW):
            texts = [_cell_text(v) for v in values[:width]]
            if any(t is not None for t in texts):
                texts.extend([None] * (width - len(texts)))
                row_numbers.append(number)
                cells.append(texts)
    finally:
        workbook.close()
    frame = (
        pl.DataFrame(cells, schema=dict.fromkeys(names, pl.String), orient="row")
        if cells
        else pl.DataFrame(schema=dict.fromkeys(names, pl.String))
    )
    return frame.select(pl.Series(ROW, row_numbers, dtype=pl.Int64), pl.all())


def _cell_text(value: object) -> str | None:
    """A spreadsheet cell as the text a CSV export of it would hold."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer() and abs(value) < 2**53:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)
