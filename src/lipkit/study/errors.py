"""Errors raised while reading or writing study files.

Every problem with a file a user wrote (questionnaire, org tree, study settings) is a
:class:`FormError` that says where it is: the file, the sheet and row (XLSForm, CSV), or
the line and item (YAML), and the column or key, so the user can go straight to the cell.
"""

from __future__ import annotations

from pathlib import Path

from lipkit import catalogue


class FormError(ValueError):
    """A problem in a study file, located as precisely as the format allows.

    ``row`` is the 1-based row of a sheet as a spreadsheet shows it (header = row 1).
    ``line`` is the 1-based line of a YAML file; ``item`` names the YAML item
    (e.g. ``survey → kommunikation → q5``). ``column`` is a sheet column or, for YAML,
    the key of the item.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
        line: int | None = None,
        item: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.hint = hint
        self.path = Path(path) if path is not None else None
        self.sheet = sheet
        self.row = row
        self.column = column
        self.line = line
        self.item = item
        super().__init__(str(self))

    def located(self, *, path: str | Path) -> FormError:
        """A copy that names the file ``path``, unless it names one already."""
        return FormError(
            self.message,
            path=self.path if self.path is not None else path,
            sheet=self.sheet,
            row=self.row,
            column=self.column,
            line=self.line,
            item=self.item,
            hint=self.hint,
        )

    def place(self) -> list[tuple[str, object]]:
        """Where the problem is, finest last, as (kind, value): kinds ``sheet``, ``row``,
        ``line``, ``item`` and ``column`` — or ``key`` for a column of a YAML item. The
        file is left to the caller, which knows how to show it."""
        parts: list[tuple[str, object]] = [
            (kind, value)
            for kind, value in (
                ("sheet", self.sheet),
                ("row", self.row),
                ("line", self.line),
                ("item", self.item),
            )
            if value is not None
        ]
        if self.column is not None:
            yaml_key = self.sheet is None and self.row is None
            parts.append(("key" if yaml_key else "column", self.column))
        return parts

    def __str__(self) -> str:
        return self.render("en")

    def render(self, language: str = "de") -> str:
        """One line in ``language``: the file, the place in the catalogue's words, the
        message (German or English where it is a catalogue :class:`Text`, else as it is)."""
        parts = [self.path.name] if self.path is not None else []
        parts += [catalogue.text(f"place.{kind}", language, value=v) for kind, v in self.place()]
        where = ", ".join(parts)
        message = catalogue.render(self.message, language)
        if self.hint:
            hint = catalogue.render(self.hint, language)
            message = catalogue.text("place.hint", language, message=message, hint=hint)
        return f"{where}: {message}" if where else message

    def render_lines(self, language: str = "de") -> list[str]:
        return [self.render(language)]

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:  # pickled with its location
        return (
            _rebuild,
            (
                self.message,
                self.path,
                self.sheet,
                self.row,
                self.column,
                self.line,
                self.item,
                self.hint,
            ),
        )


class FormErrors(FormError):
    """Every problem found in one file, each a located :class:`FormError` (``lines`` lists
    them one a line, as the command line shows them)."""

    def __init__(self, errors: list[FormError]) -> None:
        self.errors = list(errors)
        first = self.errors[0]
        super().__init__(
            first.message,
            path=first.path,
            sheet=first.sheet,
            row=first.row,
            column=first.column,
            line=first.line,
            item=first.item,
            hint=first.hint,
        )

    @property
    def lines(self) -> list[str]:
        return [str(e) for e in self.errors]

    def render_lines(self, language: str = "de") -> list[str]:
        return [e.render(language) for e in self.errors]

    def located(self, *, path: str | Path) -> FormErrors:
        return FormErrors([e.located(path=path) for e in self.errors])

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors) if hasattr(self, "errors") else ""

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        return (FormErrors, (self.errors,))


def _rebuild(
    message: str,
    path: Path | None,
    sheet: str | None,
    row: int | None,
    column: str | None,
    line: int | None,
    item: str | None,
    hint: str | None = None,
) -> FormError:
    return FormError(
        message, path=path, sheet=sheet, row=row, column=column, line=line, item=item, hint=hint
    )
