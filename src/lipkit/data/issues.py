"""The problems found in a response file: :class:`Issue` (one cell, row, column or the whole
file) and :class:`DataError` (a file that cannot be read at all)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from lipkit import catalogue

__all__ = ["DataError", "Issue", "IssueWords", "sort_issues"]


class DataError(ValueError):
    """A response file that cannot be read at all (missing, empty, wrong format)."""

    def __init__(self, problem: str, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else None
        self.problem = problem
        super().__init__(f"{self.path}: {problem}" if self.path is not None else problem)

    def render_lines(self, language: str = "de") -> list[str]:
        """The problem as one line in ``language`` (a catalogue text, else as it is)."""
        problem = catalogue.render(self.problem, language)
        return [f"{self.path}: {problem}" if self.path is not None else problem]


@dataclass(frozen=True)
class Issue:
    """One problem in the response data, located down to the cell where possible."""

    severity: Literal["error", "warning"]
    code: str
    row: int | None
    column: str | None
    value: str | None
    expected: str
    file: str | None = None
    sheet: str | None = None
    """The sheet of an XLSX file the problem is in, where the file has several that are read
    (a KoboToolbox export's repeat sheets)."""

    def __str__(self) -> str:
        return self.describe()

    def describe(self, words: IssueWords | None = None, expected: str | None = None) -> str:
        """One line: where (file, row, column), what was found, what was expected; in the
        words given (English by default) and with ``expected`` translated if given."""
        w = words or IssueWords()
        expected = self.expected if expected is None else expected
        where = ", ".join(
            part
            for part in (
                self.file,
                f"{w.sheet} {self.sheet!r}" if self.sheet is not None else None,
                f"{w.row} {self.row}" if self.row is not None else None,
                f"{w.column} {self.column!r}" if self.column is not None else None,
            )
            if part
        )
        if self.value is not None:
            what = f"{w.value} {self.value!r}"
        elif self.row is not None:
            what = w.empty
        else:
            return f"{where}{w.expected}{expected}" if where else f"{w.expected_alone}{expected}"
        return (
            f"{where}: {what}{w.expected}{expected}" if where else f"{what}{w.expected}{expected}"
        )


@dataclass(frozen=True)
class IssueWords:
    """The words of an issue line in one language (see ``lipkit.messages`` for German)."""

    row: str = "row"
    sheet: str = "sheet"
    column: str = "column"
    value: str = "value"
    empty: str = "empty"
    expected: str = " — expected "
    expected_alone: str = "expected "
    """Starts a line that names no place (a problem of the whole file)."""


def sort_issues(issues: Iterable[Issue]) -> list[Issue]:
    """File-level issues first, then by row, column; errors before warnings."""
    return sorted(
        issues,
        key=lambda i: (
            i.row is not None,
            i.row or 0,
            i.column or "",
            i.severity != "error",
            i.code,
        ),
    )
