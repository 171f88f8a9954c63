"""The answers of a repeat (``begin_repeat``): one row per entry, linked to its person.

Where exports put them:

- **ODK Central** (CSV): the main file ``<form>.csv`` and one file per repeat,
  ``<form>-<repeat>.csv``, next to it; a repeat row's ``PARENT_KEY`` is its person's ``KEY``.
- **KoboToolbox** (XLSX): the main sheet and one sheet per repeat, named by the repeat (cut to
  Excel's 31 characters); a repeat row's ``_parent_index`` is its person's ``_index`` (without
  those columns, its ``_submission__uuid`` is its person's ``_uuid``).

An entry whose link names no row of the main file (an orphan: a submission deleted from the
main sheet, a repeat file of another export) is an error at its row and link column, naming
the key it points to; an entry of a person in the main file who is not analysed (rows left
out with ``--exclude-rows``) is left out, counted in a warning.

The questions of a repeat are carried by the questionnaire as not analysed (the respondent
level analysis leaves them out); here they get back their XLSForm types. A repeat inside a
repeat is not read (its parents are entries, not persons).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import polars as pl

from lipkit.catalogue import Text
from lipkit.data.conversion import to_canonical
from lipkit.data.io import read_raw
from lipkit.data.issues import DataError, Issue, sort_issues
from lipkit.data.org import ROW
from lipkit.study.model import Group, Question, Questionnaire, QuestionType

__all__ = ["PERSON", "POSITION", "RepeatEntries", "read_repeat", "repeat_issues", "repeat_of"]

PERSON = "_person"
"""The entries' column that names their person (the main file's KEY or _index)."""
POSITION = "_position"
"""The entries' column with the entry's index among its person's entries, 1-based, in the
order of the file: XPath ``position(..)`` (``to_polars(..., position=POSITION)``). ODK
Central's ``KEY`` ends in the same index (``uuid:1/kinder[2]``); Kobo numbers ``_index``
across the whole sheet, so the order within a person is used for both."""

_TYPES = {
    "select_one": QuestionType.SELECT_ONE,
    "select_multiple": QuestionType.SELECT_MULTIPLE,
    "integer": QuestionType.INTEGER,
    "decimal": QuestionType.DECIMAL,
    "text": QuestionType.TEXT,
    "date": QuestionType.DATE,
}

# (link column in the repeat's rows, the person's key column in the main file)
_LINKS = (("PARENT_KEY", "KEY"), ("_parent_index", "_index"), ("_submission__uuid", "_uuid"))


@dataclass(frozen=True)
class RepeatEntries:
    repeat: str
    questionnaire: Questionnaire
    """The repeat's questions with their XLSForm types."""
    frame: pl.DataFrame
    """One row per entry of a person in the main frame: PERSON, POSITION plus the questions'
    columns."""
    issues: list[Issue]
    path: Path
    sheet: str | None


def repeat_of(q: Questionnaire, name: str) -> Group | None:
    """The repeat a question is in (the innermost), or None."""
    repeats = [g for g in q.parents(name) if g.repeat]
    return repeats[-1] if repeats else None


def _typed(q: Questionnaire, question: Question) -> Question | None:
    words = (question.xlsform_type or "").split()
    qtype = _TYPES.get(words[0]) if words else None
    if qtype is None:
        return None
    list_name = (
        words[1] if qtype in (QuestionType.SELECT_ONE, QuestionType.SELECT_MULTIPLE) else None
    )
    if list_name is not None and list_name not in q.choices:
        return None
    # a repeat's filter may name fields outside the entry: an empty cell is read as skipped
    return question.model_copy(
        update={
            "type": qtype,
            "list_name": list_name,
            "not_analysed": None,
            "relevant": None,
            "xlsform_type": None,
        }
    )


def repeat_questionnaire(q: Questionnaire, group: Group) -> Questionnaire:
    questions: list[Question | Group] = [
        typed
        for item in group.items
        if isinstance(item, Question) and (typed := _typed(q, item)) is not None
    ]
    return Questionnaire(
        settings=q.settings, languages=q.languages, survey=questions, choices=q.choices
    )


def read_repeat(
    main_path: Path,
    main: pl.DataFrame,
    q: Questionnaire,
    group: Group,
    *,
    analysed: pl.DataFrame | None = None,
) -> RepeatEntries:
    """The entries of ``group`` whose person is a row of ``analysed`` (the main file's rows
    being analysed; all rows of ``main``, the main file, by default).

    An entry whose link names no row of ``main`` is an error issue (its row, the link column,
    the key); entries of persons in ``main`` but not in ``analysed`` are left out and counted
    in a warning."""
    sub = repeat_questionnaire(q, group)
    if main_path.suffix.lower() == ".xlsx":
        path, sheet = main_path, group.name[:31]
        from openpyxl import load_workbook

        workbook = load_workbook(main_path, read_only=True)
        try:
            sheets = workbook.sheetnames
        finally:
            workbook.close()
        if sheet not in sheets:
            raise DataError(Text("repeat.no_sheet", sheet=sheet, repeat=group.name), main_path)
    else:
        path, sheet = main_path.with_name(f"{main_path.stem}-{group.name}{main_path.suffix}"), None
        if not path.exists():
            raise DataError(Text("repeat.no_file", file=path.name, repeat=group.name), main_path)
    raw = read_raw(path, sheet=sheet)
    link = next(((c, key) for c, key in _LINKS if c in raw.columns and key in main.columns), None)
    if link is None:
        raise DataError(Text("repeat.no_link", repeat=group.name), path)
    column, key = link
    frame, issues = to_canonical(raw, sub, file=path.name)
    if sheet is not None:
        issues = [replace(issue, sheet=sheet) for issue in issues]
    entries = frame.with_columns(pl.col(column).cast(pl.String).alias(PERSON)).with_columns(
        pl.int_range(1, pl.len() + 1, dtype=pl.Int64).over(PERSON).alias(POSITION)
    )
    persons = main.select(pl.col(key).cast(pl.String).alias(PERSON)).unique()
    orphans = entries.join(persons, on=PERSON, how="anti").select(ROW, PERSON)
    for row, person in orphans.sort(ROW).iter_rows():
        expected = Text("repeat.no_person", key=key, main=main_path.name)
        issues.append(
            Issue("error", "repeat_orphan", row, column, person, expected, path.name, sheet)
        )
    chosen = main if analysed is None else analysed
    kept = entries.join(
        chosen.select(pl.col(key).cast(pl.String).alias(PERSON)).unique(), on=PERSON, how="semi"
    )
    lost = entries.height - orphans.height - kept.height
    if lost:
        issues.append(
            Issue(
                "warning",
                "repeat_without_person",
                None,
                column,
                None,
                Text("repeat.without_person", count=lost, key=key),
                path.name,
                sheet,
            )
        )
    return RepeatEntries(group.name, sub, kept, issues, path, sheet)


def repeat_issues(main_path: Path, main: pl.DataFrame, q: Questionnaire) -> list[Issue]:
    """The problems of every repeat's entries whose file (ODK Central) or sheet (KoboToolbox)
    is there: cells that cannot be converted, entries of no submission of ``main`` (the
    whole main file), a file without a link column. A repeat whose entries were not exported
    is skipped (its questions are analysed only when asked for); a repeat inside a repeat is
    not read."""
    outermost: dict[str, Group] = {}
    for _, groups in q.walk():
        repeats = [g for g in groups if g.repeat]
        if repeats:
            outermost.setdefault(repeats[0].name, repeats[0])
    issues: list[Issue] = []
    for group in outermost.values():
        try:
            entries = read_repeat(main_path, main, q, group)
        except DataError as error:
            code = getattr(error.problem, "code", None)
            if code in ("repeat.no_sheet", "repeat.no_file"):
                continue
            file = error.path.name if error.path is not None else None
            issues.append(
                Issue("error", "repeat_unreadable", None, None, None, error.problem, file)
            )
            continue
        issues.extend(sort_issues(entries.issues))
    return issues
