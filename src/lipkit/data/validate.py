"""Every problem of a canonical response frame at once, each with row, column, value, expected.

Conversion problems (unknown columns, cells that are not numbers, dates, choices, flags,
summary vs detail columns) are found while reading (:func:`lipkit.data.io.to_canonical`);
:func:`validate` checks the answers against the questionnaire's logic, the org tree and
the rankings (:mod:`lipkit.data.ranks`);
:func:`validate_file` returns both.

Each check is a vectorised Boolean mask; a first pass asks only whether any row hits each
mask, and a second pass builds :class:`Issue` objects for the offending rows only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import polars as pl

from lipkit.catalogue import Text
from lipkit.data.io import Issue, read_responses, sort_issues
from lipkit.data.org import ROW, attach_org, derivation, recorded_columns
from lipkit.data.ranks import rank_issues
from lipkit.study.expressions import FormLogic
from lipkit.study.model import (
    OrgTree,
    Question,
    Questionnaire,
    QuestionType,
    label_text,
)

__all__ = ["validate", "validate_file"]

_CANONICAL_DTYPES: dict[QuestionType, pl.DataType] = {
    QuestionType.INTEGER: pl.Int64(),
    QuestionType.DECIMAL: pl.Float64(),
    QuestionType.DATE: pl.Date(),
    QuestionType.SELECT_MULTIPLE: pl.Boolean(),
}

_VALUE = "\0value"
_EXTRA = "\0extra:"


@dataclass(frozen=True)
class _Check:
    mask: pl.Expr
    code: str
    column: str
    value: pl.Expr | None
    expected: str | Callable[[dict], str]
    severity: Literal["error", "warning"] = "error"
    extra: tuple[pl.Expr, ...] = ()
    """Further per-row values (aliased ``_EXTRA + name``) that ``expected`` reads."""


def validate(
    frame: pl.DataFrame,
    q: Questionnaire,
    org: OrgTree | None = None,
    *,
    file: str | None = None,
) -> list[Issue]:
    """Problems of the answers in a canonical frame, sorted by row then column.

    Raises :class:`lipkit.study.expressions.ExpressionError` when the questionnaire's
    logic cannot be evaluated.
    """
    logic = FormLogic(q)
    frame = attach_org(_with_all_columns(frame, q), q, org)
    if ROW not in frame.columns:
        frame = frame.with_row_index(ROW, offset=2).with_columns(pl.col(ROW).cast(pl.Int64))
    # Distinct values of the code columns, in one pass: checks of unknown codes are only
    # planned for the columns that hold one (usually none, after to_canonical).
    code_columns = [qu.name for qu in q.questions() if qu.type == QuestionType.SELECT_ONE]
    if org is not None:
        code_columns += list(recorded_columns(frame, q, org).values())
    distinct = _distinct(frame, code_columns)
    checks: list[_Check] = []
    for question in q.questions():
        if question.type != QuestionType.NOTE:
            checks.extend(_question_checks(q, question, logic, distinct))
    checks.extend(_duplicate_checks(frame))
    if org is not None:
        checks.extend(_org_checks(frame, q, org, distinct))
    return sort_issues([*_run(frame, checks, file), *rank_issues(frame, q, file=file)])


def validate_file(path: str | Path, q: Questionnaire, org: OrgTree | None = None) -> list[Issue]:
    """Reading problems and answer problems of a response file, sorted by row then column."""
    responses = read_responses(path, q, org)
    found = validate(responses.frame, q, org, file=responses.path.name)
    return sort_issues([*responses.issues, *found])


def _with_all_columns(frame: pl.DataFrame, q: Questionnaire) -> pl.DataFrame:
    """Missing question columns added as all-null, so the form's logic can refer to them."""
    missing = [
        pl.lit(None, dtype=_CANONICAL_DTYPES.get(question.type, pl.String())).alias(column)
        for question in q.questions()
        for column in q.columns(question)
        if column not in frame.columns
    ]
    return frame.with_columns(missing) if missing else frame


def _answered(q: Questionnaire, question: Question) -> pl.Expr:
    return pl.any_horizontal(pl.col(c).is_not_null() for c in q.columns(question))


def _value_text(q: Questionnaire, question: Question) -> pl.Expr:
    """The answer as text; a select_multiple as its chosen names, Kobo style."""
    if question.type != QuestionType.SELECT_MULTIPLE:
        return pl.col(question.name).cast(pl.String)
    chosen = [
        pl.when(pl.col(f"{question.name}/{c}")).then(pl.lit(c))
        for c in q.choice_list(question).names()
    ]
    return pl.when(_answered(q, question)).then(
        pl.concat_str(chosen, separator=" ", ignore_nulls=True)
    )


def _distinct(frame: pl.DataFrame, columns: list[str]) -> dict[str, set[str]]:
    wanted = list(dict.fromkeys(columns))
    if not wanted:
        return {}
    found = frame.select(
        pl.col(c).cast(pl.String).drop_nulls().unique().implode() for c in wanted
    ).row(0)
    return {c: set(values) for c, values in zip(wanted, found, strict=True)}


def _question_checks(
    q: Questionnaire, question: Question, logic: FormLogic, distinct: dict[str, set[str]]
) -> list[_Check]:
    name = question.name
    answered = _answered(q, question)
    value = _value_text(q, question)
    checks: list[_Check] = []
    if question.type != QuestionType.CALCULATE:
        chain = " and ".join(f"({r})" for r in q.relevance_chain(name))
        checks.append(
            _Check(
                answered & ~logic.shown(name),
                "not_shown_but_answered",
                name,
                value,
                Text("data.not_shown", chain=chain),
            )
        )
        if question.required:
            checks.append(
                _Check(
                    ~answered & logic.shown(name),
                    "required_missing",
                    name,
                    None,
                    Text("data.required"),
                    severity="warning",
                )
            )
    names = q.choice_list(question).names() if question.list_name else []
    if question.type == QuestionType.SELECT_ONE and not distinct[name] <= set(names):
        checks.append(
            _Check(
                pl.col(name).is_not_null() & ~pl.col(name).is_in(names),
                "unknown_choice",
                name,
                value,
                Text("data.one_of", options=", ".join(names)),
            )
        )
    if question.type == QuestionType.SELECT_MULTIPLE:
        names = q.choice_list(question).names()
        for code in q.exclusive_codes(question):
            others = [pl.col(f"{name}/{c}") for c in names if c != code]
            combined = pl.col(f"{name}/{code}").fill_null(False) & pl.any_horizontal(others)
            checks.append(
                _Check(
                    combined.fill_null(False),
                    "exclusive_combined",
                    name,
                    value,
                    Text("data.exclusive", option=repr(code)),
                )
            )
    if question.constraint and question.constraint.strip():
        message = label_text(question.constraint_message)
        checks.append(
            _Check(
                ~logic.constraint_ok(name),
                "constraint",
                name,
                value,
                Text(
                    "data.constraint",
                    constraint=question.constraint.strip() + (f" ({message})" if message else ""),
                ),
            )
        )
    if question.choice_filter and question.choice_filter.strip() and question.list_name:
        checks.append(
            _Check(
                ~logic.choice_allowed(name),
                "choice_filter",
                name,
                value,
                Text("data.choice_filter", choice_filter=question.choice_filter.strip()),
            )
        )
    return checks


def _duplicate_checks(frame: pl.DataFrame) -> list[_Check]:
    checks: list[_Check] = []
    for column in ("_id", "_uuid"):
        if column not in frame.columns:
            continue
        key = pl.col(column).cast(pl.String)
        # One pass finds the duplicated rows; usually there are none and no check is planned.
        offenders = frame.select(pl.col(ROW), key.alias("key")).filter(
            pl.col("key").is_not_null() & pl.col("key").is_duplicated()
        )
        if offenders.height == 0:
            continue
        shared = offenders.group_by("key").agg(pl.col(ROW).sort()).rows()
        rows_of: dict[str, list[int]] = defaultdict(list, dict(shared))

        def expected(row: dict, rows_of: dict[str, list[int]] = rows_of) -> str:
            others = [r for r in rows_of[row[_VALUE]] if r != row[ROW]]
            listed = ", ".join(str(r) for r in others)
            return Text("data.unique", rows=listed)

        duplicated = pl.col(ROW).is_in(offenders[ROW].implode())
        checks.append(_Check(duplicated, "duplicate_id", column, key, expected))
    return checks


def _org_checks(
    frame: pl.DataFrame, q: Questionnaire, org: OrgTree, distinct: dict[str, set[str]]
) -> list[_Check]:
    checks: list[_Check] = []
    for level, column in recorded_columns(frame, q, org).items():
        codes = [u.code for u in org.units_at(level)]
        value = pl.col(column).cast(pl.String)
        shown_codes = ", ".join(codes[:30]) + (" …" if len(codes) > 30 else "")
        if not distinct[column] <= set(codes):
            checks.append(
                _Check(
                    value.is_not_null() & ~value.is_in(codes),
                    "unknown_org_unit",
                    column,
                    value,
                    Text("data.unit_code", level=repr(level), codes=shown_codes),
                )
            )
        derived = derivation(frame, q, org, level)
        if derived is None:
            continue
        expr, sources = derived
        source_values = tuple(pl.col(s).cast(pl.String).alias(f"{_EXTRA}{s}") for s in sources)

        def expected(row: dict, level: str = level, sources: list[str] = sources) -> str:
            lower = next(s for s in sources if row[f"{_EXTRA}{s}"] is not None)
            return Text(
                "data.org_derived",
                derived=repr(row[_EXTRA + "derived"]),
                level=level,
                lower=lower,
                value=repr(row[_EXTRA + lower]),
            )

        checks.append(
            _Check(
                (value != expr).fill_null(False),
                "org_mismatch",
                column,
                value,
                expected,
                extra=(*source_values, expr.alias(_EXTRA + "derived")),
            )
        )
    return checks


def _run(frame: pl.DataFrame, checks: list[_Check], file: str | None) -> list[Issue]:
    if not checks or frame.height == 0:
        return []
    hits = frame.select(
        check.mask.fill_null(False).any().alias(str(i)) for i, check in enumerate(checks)
    ).row(0)
    issues: list[Issue] = []
    for check, hit in zip(checks, hits, strict=True):
        if not hit:
            continue
        value = check.value if check.value is not None else pl.lit(None, dtype=pl.String)
        offenders = frame.filter(check.mask.fill_null(False)).select(
            pl.col(ROW), value.cast(pl.String).alias(_VALUE), *check.extra
        )
        for row in offenders.iter_rows(named=True):
            expected = check.expected(row) if callable(check.expected) else check.expected
            issues.append(
                Issue(
                    check.severity,
                    check.code,
                    row[ROW],
                    check.column,
                    row[_VALUE],
                    expected,
                    file,
                )
            )
    return issues
