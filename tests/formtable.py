"""Write XLSForms given inline as markdown tables, as pyxform's own tests do.

    path = xlsform(tmp_path, '''
        | survey |
        |        | type              | name | label::Deutsch (de) |
        |        | select_one agree  | q1   | Zufrieden?          |
        | choices |
        |         | list_name | name | label::Deutsch (de) |
        |         | agree     | ja   | Ja                  |
    ''')

A line whose first cell is filled starts a sheet; the following lines (first cell empty)
are its rows, the first of them the header. Separator lines (``|---|``) and lines starting
with ``#`` are ignored; an empty cell stays empty. Cells are written as text, so the row
numbers of the resulting sheet are those of the table (header = row 1).
"""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl import Workbook

_SEPARATOR = re.compile(r"^[\s|:-]+$")
_PIPE = re.compile(r"(?<!\\)\|")


def parse_tables(markdown: str) -> dict[str, list[list[str | None]]]:
    """Sheet name -> rows of cells (None for an empty cell)."""
    sheets: dict[str, list[list[str | None]]] = {}
    current: list[list[str | None]] | None = None
    for raw in markdown.splitlines():
        line = raw.strip()
        if not line.startswith("|") or line.startswith("#") or _SEPARATOR.match(line):
            continue
        cells = [c.strip().replace(r"\|", "|") for c in _PIPE.split(line.strip("|"))]
        first, rest = cells[0], [c or None for c in cells[1:]]
        if first:
            current = sheets.setdefault(first, [])
        if current is None:
            raise ValueError(f"table row before any sheet name: {raw!r}")
        if any(c is not None for c in rest):
            current.append(rest)
    return sheets


def xlsform(tmp_path: Path, markdown: str, name: str = "form.xlsx") -> Path:
    """Write the markdown tables as an .xlsx in ``tmp_path`` and return its path."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet_name, rows in parse_tables(markdown).items():
        ws = workbook.create_sheet(sheet_name)
        for row in rows:
            ws.append(row)
    path = tmp_path / name
    workbook.save(path)
    return path
