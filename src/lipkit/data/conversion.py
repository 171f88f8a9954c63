"""A raw frame (see :mod:`lipkit.data.readers`) -> the canonical frame, and every cell that
could not be converted as an :class:`~lipkit.data.issues.Issue`.

Columns are mapped to questions (Kobo layout: a ``select_multiple`` as a summary column ``q``
with space-separated choice names and/or detail columns ``q/choice`` holding ``1``/``0``;
lipkit layout: detail columns only), then converted in vectorised passes; ``Issue`` objects
are built only for the offending rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import polars as pl

from lipkit.catalogue import Text
from lipkit.data.issues import Issue, sort_issues
from lipkit.data.org import ROW
from lipkit.data.readers import FIRST_DATA_ROW
from lipkit.study.model import Capability, Question, Questionnaire, QuestionType

__all__ = ["FLAG_VALUES", "KOBO_METADATA", "integer_columns", "to_canonical"]


KOBO_METADATA = frozenset(
    {
        "start",
        "end",
        "today",
        "deviceid",
        "username",
        "simserial",
        "subscriberid",
        "phonenumber",
        "audit",
        "meta/instanceID",
        "meta/instanceName",
        "meta/deprecatedID",
        "meta/rootUuid",
        "formhub/uuid",
        # ODK Central's CSV export
        "SubmissionDate",
        "meta-instanceID",
        "meta-instanceName",
        "meta-audit",
        "KEY",
        "PARENT_KEY",
        "SubmitterID",
        "SubmitterName",
        "AttachmentsPresent",
        "AttachmentsExpected",
        "Status",
        "ReviewState",
        "DeviceID",
        "Edits",
        "FormVersion",
    }
)
"""Columns ODK/Kobo/ODK Central add without a leading ``_``; kept as strings like
``_``-metadata (unless a question has that name)."""

_TRUE = ("1", "1.0", "true", "True", "TRUE")
_FALSE = ("0", "0.0", "false", "False", "FALSE")
FLAG_VALUES: dict[str, bool] = {**dict.fromkeys(_TRUE, True), **dict.fromkeys(_FALSE, False)}

_WHOLE_NUMBER = Text("data.whole_number")
_NUMBER = Text("data.number")
_DATE = Text("data.date")
_FLAG = Text("data.flag")

# Temporary column prefixes; the NUL byte keeps them apart from any real column name.
_CONVERTED = "\0c:"
_TEMP = "\0t:"
_MASK = "\0m:"


# -- mapping columns to questions ---------------------------------------------------------------


@dataclass(frozen=True)
class _Target:
    question: str
    choice: str | None = None
    """None: the question's own column (the summary of a ``select_multiple``)."""


@dataclass
class _Sources:
    """Which raw columns hold a question's answers."""

    own: str | None = None
    details: dict[str, str] = field(default_factory=dict)


@dataclass
class _ColumnPlan:
    sources: dict[str, _Sources]
    keep: list[str]
    """Raw columns kept unchanged as String (metadata, org level columns, unknown columns)."""


def _targets(q: Questionnaire) -> dict[str, _Target]:
    targets: dict[str, _Target] = {}
    for question in q.questions():
        targets[question.name] = _Target(question.name)
        if question.type == QuestionType.SELECT_MULTIPLE:
            for choice in q.choice_list(question).names():
                targets[f"{question.name}/{choice}"] = _Target(question.name, choice)
    return targets


def _resolve(
    column: str, targets: dict[str, _Target], q: Questionnaire
) -> _Target | list[_Target] | None:
    """The target of a raw column name; a list when group prefixes make it ambiguous."""
    if column in targets:
        return targets[column]
    found = _resolve_with(column, "/", targets, q)
    if found is None:
        # KoboToolbox's other group separators ('.', ':') and ODK Central's '-'.
        for separator in (".", ":", "-"):
            if separator in column:
                found = _resolve_with(column, separator, targets, q)
                if found is not None:
                    break
    return found


def _resolve_with(
    column: str, separator: str, targets: dict[str, _Target], q: Questionnaire
) -> _Target | list[_Target] | None:
    segments = column.split(separator)
    if separator != "/" and "/".join(segments) in targets:
        return targets["/".join(segments)]
    candidates = [
        (segments[:k], targets["/".join(segments[k:])])
        for k in range(1, len(segments))
        if "/".join(segments[k:]) in targets
    ]
    if len(candidates) > 1:
        # Prefer the reading whose prefix is the question's actual group path.
        exact = [
            (prefix, t)
            for prefix, t in candidates
            if prefix == [g.name for g in q.parents(t.question)]
        ]
        candidates = exact or candidates
    if not candidates:
        return None
    if len(candidates) == 1:
        return candidates[0][1]
    return [t for _, t in candidates]


def _plan_columns(
    columns: Sequence[str],
    q: Questionnaire,
    known_columns: Iterable[str],
    issues: list[Issue],
    file: str | None,
) -> _ColumnPlan:
    targets = _targets(q)
    known = set(known_columns)
    sources: dict[str, _Sources] = {
        question.name: _Sources() for question in q.questions() if question.type != "note"
    }
    keep: list[str] = []
    for column in columns:
        if column == ROW:
            continue
        if (column.startswith("_") or column in KOBO_METADATA) and column not in targets:
            keep.append(column)
            continue
        target = _resolve(column, targets, q)
        if isinstance(target, list):
            readings = ", ".join(
                f"{t.question}/{t.choice}" if t.choice else t.question for t in target
            )
            issues.append(
                Issue(
                    "error",
                    "ambiguous_column",
                    None,
                    column,
                    None,
                    Text("data.one_question_column", readings=readings),
                    file,
                )
            )
            keep.append(column)
            continue
        if target is None and column in known:
            keep.append(column)
            continue
        if target is None:
            issues.append(
                Issue(
                    "warning",
                    "unknown_column",
                    None,
                    column,
                    None,
                    Text("data.known_column"),
                    file,
                )
            )
            keep.append(column)
            continue
        if target.question not in sources:  # a note: it never holds answers
            continue
        source = sources[target.question]
        previous = source.own if target.choice is None else source.details.get(target.choice)
        if previous is not None:
            what = (
                target.question if target.choice is None else f"{target.question}/{target.choice}"
            )
            issues.append(
                Issue(
                    "error",
                    "duplicate_column",
                    None,
                    column,
                    None,
                    Text("data.one_column", what=what, previous=repr(previous)),
                    file,
                )
            )
            keep.append(column)
            continue
        if target.choice is None:
            source.own = column
        else:
            source.details[target.choice] = column
    # Only answers count: a file whose columns name nothing but metadata (start, end, KEY …),
    # calculations or a repeat's questions would otherwise pass with n = 0 everywhere.
    answering = [name for name in sources if _holds_answers(q.question(name))]
    matched = [name for name in answering if sources[name].own or sources[name].details]
    if answering and not matched:
        read = _matched(sources)
        carried = [
            c
            for c in columns
            if c != ROW and (c.startswith("_") or c in KOBO_METADATA or c in read)
        ]
        shown = ", ".join(carried[:8]) + (" …" if len(carried) > 8 else "")
        expected = (
            Text("data.question_columns_only_metadata", columns=shown)
            if carried
            else Text("data.question_columns")
        )
        issues.append(Issue("error", "no_matching_column", None, None, None, expected, file))
        return _ColumnPlan(sources, keep)
    for name, source in sources.items():
        if q.question(name).not_analysed in ("repeat", "metadata"):
            continue  # a repeat's answers are in a file of their own; metadata may be left out
        if source.own is None and not source.details:
            issues.append(
                Issue(
                    "warning",
                    "missing_column",
                    None,
                    name,
                    None,
                    Text("data.question_column", name=repr(name)),
                    file,
                )
            )
    return _ColumnPlan(sources, keep)


def _holds_answers(question: Question) -> bool:
    """Whether a column of this question holds a person's answers (not metadata, not a
    calculation, not a repeat's question, whose answers are in files of their own)."""
    return question.type != QuestionType.CALCULATE and question.not_analysed not in (
        "metadata",
        "repeat",
    )


def _matched(sources: dict[str, _Sources]) -> set[str]:
    """The raw columns read as some question's answers."""
    return {c for s in sources.values() for c in (s.own, *s.details.values()) if c is not None}


# -- converting to the canonical frame ---------------------------------------------------------
#
# Conversion runs in two passes. The fast pass reads every cell as it is (Kobo exports are
# clean: no surrounding whitespace, one space between choice names). Only the source columns
# where the fast pass finds a problem are converted again, tolerantly (whitespace stripped
# and collapsed, decimal commas, ``3.0`` as an integer, dates with a time or as DD.MM.YYYY);
# what still fails is reported. Clean files therefore pay for one cheap pass only.


@dataclass(frozen=True)
class _Check:
    """A mask column marking offending rows, and how to describe each as an Issue."""

    mask: str
    code: str
    column: str
    expected: str | Callable[[dict], str]
    value_column: str | None
    source: str | None = None
    """The raw column a tolerant second pass may repair; None for checks it cannot."""


class _Conversion:
    """The expressions (in dependent stages) that turn raw columns into canonical ones."""

    STAGES = 5

    def __init__(
        self,
        q: Questionnaire,
        tolerant: frozenset[str],
        integers: frozenset[str],
        raw: pl.DataFrame,
        distinct: dict[str, list[str]],
    ) -> None:
        self.q = q
        self.tolerant = tolerant
        self.integers = integers
        self.raw = raw
        self._distinct = distinct  # shared by both passes
        self.agreeing: frozenset[str] = frozenset()
        """select_multiple questions whose summary and detail columns agree on every row."""
        self.stages: list[list[pl.Expr]] = [[] for _ in range(self.STAGES)]
        self.checks: list[_Check] = []

    def prefetch_distinct(self, columns: list[str]) -> None:
        """Distinct values of several columns in one parallel pass (few per choice column)."""
        wanted = [c for c in dict.fromkeys(columns) if c not in self._distinct]
        if not wanted:
            return
        found = self.raw.select(
            pl.col(c).cast(pl.String).drop_nulls().unique().implode() for c in wanted
        ).row(0)
        self._distinct.update(zip(wanted, found, strict=True))

    def find_agreeing(self, questions: list[tuple[Question, _Sources]]) -> None:
        """Which of these select_multiple questions have summary and detail columns that
        agree on every row, found from the distinct (summary, ticked details) combinations
        alone: one group-by per question instead of parsing every summary cell. Only clean
        integer detail columns (read as 0/1) take part; the others are converted cell by
        cell, which also locates every disagreement."""
        candidates = [
            (question, source, own)
            for question, source in questions
            if (own := source.own) is not None
            and own not in self.tolerant
            and source.details
            and all(c in self.integers for c in source.details.values())
            and len(self.q.choice_list(question).names()) <= _MAX_BIT_CHOICES
        ]
        if not candidates:
            return
        queries = []
        for question, source, own in candidates:
            names = self.q.choice_list(question).names()
            dtype = pl.Int16 if len(names) < 15 else pl.Int64
            # `+` rather than sum_horizontal (many times slower); a partly empty row makes
            # the sum null, and is then marked so that it never agrees.
            ticked_sum = sum(
                (
                    pl.col(source.details[c]).cast(dtype) * (1 << i)
                    for i, c in enumerate(names)
                    if c in source.details
                ),
                pl.lit(0, dtype=dtype),
            )
            answered = pl.any_horizontal(pl.col(c).is_not_null() for c in source.details.values())
            valid = pl.all_horizontal(
                pl.col(c).is_in([0, 1]).fill_null(True) for c in source.details.values()
            )
            ticked = pl.when(answered).then(ticked_sum.fill_null(_PARTLY_EMPTY))
            queries.append(
                self.raw.lazy()
                .group_by(
                    pl.col(own).cast(pl.String).alias("summary"),
                    ticked.alias("ticked"),
                    valid.alias("valid"),
                )
                .len()
            )
        tables = pl.collect_all(queries)
        agreeing = set()
        for (question, _source, _own), table in zip(candidates, tables, strict=True):
            bit = {c: 1 << i for i, c in enumerate(self.q.choice_list(question).names())}
            if all(
                valid and _summary_bits(summary, bit) == ticked
                for summary, ticked, valid in table.select("summary", "ticked", "valid").rows()
            ):
                agreeing.add(question.name)
        self.agreeing = frozenset(agreeing)

    def distinct(self, column: str) -> list[str]:
        self.prefetch_distinct([column])
        return self._distinct[column]

    def add(self, stage: int, expr: pl.Expr) -> None:
        self.stages[stage].append(expr)

    def cell(self, column: str) -> pl.Expr:
        """The cell's text: as is, or (tolerant) stripped; empty cells may be ``""``."""
        if column in self.tolerant:
            return pl.col(column).str.strip_chars()
        return pl.col(column)

    def present(self, column: str) -> pl.Expr:
        """Boolean, never null: the cell holds something."""
        if column in self.integers:
            return pl.col(column).is_not_null()
        if column in self.tolerant:
            return (pl.col(column).str.strip_chars() != "").fill_null(False)
        return (pl.col(column) != "").fill_null(False)

    def run(self, raw: pl.LazyFrame) -> pl.DataFrame:
        frame = raw
        for stage in self.stages:
            if stage:
                frame = frame.with_columns(stage)
        return frame.collect()

    # -- one question ------------------------------------------------------------------------
    def simple(self, question: Question, column: str | None) -> None:
        target = _CONVERTED + question.name
        if column is None:
            dtype = _DTYPES.get(question.type, pl.String())
            self.add(0, pl.lit(None, dtype=dtype).alias(target))
            return
        raw = pl.col(column)
        tolerant = column in self.tolerant
        mask = _MASK + question.name
        if question.type.can(Capability.VERBATIM):
            # Free text is kept exactly as written; only blank cells become null. The fast
            # pass takes the column as it is and asks for the tolerant pass if a cell is blank.
            if tolerant:
                self.add(0, pl.when(raw.str.contains(r"\S")).then(raw).alias(target))
            else:
                self.add(0, raw.alias(target))
                blank = raw.is_not_null() & ~raw.str.contains(r"\S")
                self.add(1, blank.alias(mask))
                self.checks.append(_Check(mask, "blank_text", column, "", None, source=column))
            return
        value = self.cell(column)
        if question.type == QuestionType.SELECT_ONE:
            names = self.q.choice_list(question).names()
            expected: str = Text("data.one_of", options=", ".join(names))
            code = "unknown_choice"
            if set(self.distinct(column)) <= set(names):
                # Every cell is a choice name already (a clean export): keep the column.
                self.add(0, raw.alias(target))
                return
            enum = pl.Enum(list(dict.fromkeys(names)))
            converted = pl.col(column).str.strip_chars().cast(enum, strict=False).cast(pl.String)
            tolerant = True
        elif question.type == QuestionType.INTEGER and column in self.integers:
            self.add(0, raw.cast(pl.Int64).alias(target))  # read as integers already
            return
        elif question.type == QuestionType.INTEGER:
            converted = _parse_integer(value, tolerant)
            expected, code = _WHOLE_NUMBER, "bad_integer"
        elif question.type == QuestionType.DECIMAL:
            converted = _parse_decimal(value, tolerant)
            expected, code = _NUMBER, "bad_decimal"
        elif question.type == QuestionType.DATE:
            converted = _parse_date(value, tolerant)
            expected, code = _DATE, "bad_date"
        else:  # pragma: no cover - every QuestionType is handled by the caller or above
            raise AssertionError(question.type)
        self.add(0, converted.alias(target))
        present = (pl.col(column).str.strip_chars() != "") if tolerant else raw.is_not_null()
        self.add(1, (present.fill_null(False) & pl.col(target).is_null()).alias(mask))
        repairable = None if tolerant else column
        self.checks.append(_Check(mask, code, column, expected, column, source=repairable))

    def multiple(self, question: Question, source: _Sources) -> None:
        """Boolean ``q/choice`` columns from the summary and/or the detail columns."""
        name = question.name
        names = self.q.choice_list(question).names()
        outputs = {c: f"{_CONVERTED}{name}/{c}" for c in names}
        if source.own is None and not source.details:
            for output in outputs.values():
                self.add(0, pl.lit(None, dtype=pl.Boolean).alias(output))
            return
        if name in self.agreeing:
            # Summary and detail columns say the same on every row (checked on their
            # distinct combinations): the details alone give the answer.
            invalid_column, chosen_from = self._details(name, names, source.details)
            for choice in names:
                self.add(
                    4,
                    pl.when(~pl.col(invalid_column))
                    .then(pl.col(chosen_from[choice]))
                    .alias(outputs[choice]),
                )
            return
        from_summary = self._summary(name, names, source.own) if source.own else None
        from_details = self._details(name, names, source.details) if source.details else None
        if from_summary is not None and from_details is not None:
            summary_bad, summary_of = from_summary
            details_bad, detail_of = from_details
            mismatch = f"{_MASK}x:{name}"
            differs = pl.any_horizontal(
                pl.col(summary_of[c]).ne_missing(pl.col(detail_of[c])) for c in names
            )
            self.add(3, (~pl.col(summary_bad) & ~pl.col(details_bad) & differs).alias(mismatch))
            self.checks.append(
                _Check(
                    mismatch,
                    "summary_detail_mismatch",
                    source.own or name,
                    _mismatch_description(names, detail_of, list(source.details.values())),
                    source.own,
                )
            )
            invalid = pl.col(summary_bad) | pl.col(details_bad) | pl.col(mismatch)
            chosen_from = summary_of
        elif from_summary is not None:
            invalid, chosen_from = pl.col(from_summary[0]), from_summary[1]
        else:
            assert from_details is not None
            invalid, chosen_from = pl.col(from_details[0]), from_details[1]
        for choice in names:
            self.add(4, pl.when(~invalid).then(pl.col(chosen_from[choice])).alias(outputs[choice]))

    def _summary(self, name: str, names: list[str], column: str) -> tuple[str, dict[str, str]]:
        """Temporaries from the summary column: its bad-value mask and one Boolean per choice.

        A summary column holds few distinct values (combinations of choices), so each distinct
        value is parsed once in Python into a bit set of its choices, and the column is mapped
        to those bit sets with one vectorised lookup. Extra whitespace is tolerated there.
        """
        bad = f"{_MASK}s:{name}"
        expected = Text("data.choice_names", options=", ".join(names))
        self.checks.append(_Check(bad, "unknown_choice", column, expected, column))
        distinct = self.distinct(column)
        if len(names) > _MAX_BIT_CHOICES or len(distinct) > _MAX_DISTINCT_SUMMARIES:
            return bad, self._summary_by_regex(name, names, column, bad)
        bit = {choice: 1 << index for index, choice in enumerate(names)}
        codes: dict[str, int] = {}
        blank: list[str] = []
        for text in distinct:
            tokens = text.split()
            if not tokens:
                blank.append(text)
            elif all(token in bit for token in tokens):
                codes[text] = sum(bit[token] for token in set(tokens))
        raw = pl.col(column).cast(pl.String)
        code = f"{_TEMP}code:{name}"
        self.add(0, raw.replace_strict(codes, default=None, return_dtype=pl.Int64).alias(code))
        present = raw.is_not_null() & ~raw.is_in(blank) if blank else raw.is_not_null()
        self.add(1, (present & pl.col(code).is_null()).alias(bad))
        chosen: dict[str, str] = {}
        for choice in names:
            chosen[choice] = f"{_TEMP}s:{name}/{choice}"
            self.add(1, ((pl.col(code) & bit[choice]) != 0).alias(chosen[choice]))
        return bad, chosen

    def _summary_by_regex(
        self, name: str, names: list[str], column: str, bad: str
    ) -> dict[str, str]:
        """The same as :meth:`_summary` for summaries with very many distinct values."""
        summary = pl.col(column).cast(pl.String).str.strip_chars().str.replace_all(r"\s+", " ")
        present = (summary != "").fill_null(False)
        alternatives = "|".join(_regex_escape(c) for c in names)
        valid = rf"^(?:{alternatives})(?: (?:{alternatives}))*$"
        self.add(0, (present & ~summary.str.contains(valid).fill_null(False)).alias(bad))
        chosen: dict[str, str] = {}
        for choice in names:
            chosen[choice] = f"{_TEMP}s:{name}/{choice}"
            token = rf"(?:^| ){_regex_escape(choice)}(?: |$)"
            self.add(0, pl.when(present).then(summary.str.contains(token)).alias(chosen[choice]))
        return chosen

    def _details(
        self, name: str, names: list[str], details: dict[str, str]
    ) -> tuple[str, dict[str, str]]:
        """Temporaries from the detail columns: a bad-row mask and one Boolean per choice."""
        flags = {choice: f"{_TEMP}f:{name}/{choice}" for choice in details}
        bad = {choice: f"{_MASK}f:{name}/{choice}" for choice in details}
        answered = f"{_TEMP}a:{name}"
        row_bad = f"{_MASK}d:{name}"
        for choice, column in details.items():
            repairable: str | None = column
            if column in self.integers:
                flag = pl.col(column) == 1
                invalid = (pl.col(column) != 1) & (pl.col(column) != 0)
                repairable = None  # a number read as such: the tolerant pass sees the same
            elif column in self.tolerant:
                flag = self.cell(column).replace_strict(
                    FLAG_VALUES, default=None, return_dtype=pl.Boolean
                )
                invalid = self.present(column) & pl.col(flags[choice]).is_null()
            else:
                # Fast pass: Kobo writes exactly "1" and "0"; anything else is looked at again.
                flag = pl.col(column) == "1"
                invalid = (pl.col(column) != "1") & (pl.col(column) != "0")
            self.add(0, flag.alias(flags[choice]))
            self.add(1, invalid.fill_null(False).alias(bad[choice]))
            self.checks.append(_Check(bad[choice], "bad_flag", column, _FLAG, column, repairable))
        self.add(1, pl.any_horizontal(self.present(c) for c in details.values()).alias(answered))
        self.add(2, pl.any_horizontal(pl.col(m) for m in bad.values()).alias(row_bad))
        chosen: dict[str, str] = {}
        for choice in names:
            chosen[choice] = f"{_TEMP}d:{name}/{choice}"
            # A detail column missing from the file means "not chosen" where answered.
            flag = pl.col(flags[choice]) if choice in flags else pl.lit(None, dtype=pl.Boolean)
            self.add(2, pl.when(pl.col(answered)).then(flag.fill_null(False)).alias(chosen[choice]))
        return row_bad, chosen


_PARTLY_EMPTY = -2
"""Marks detail columns that are partly empty in a row (no summary gives it)."""


def _summary_bits(summary: str | None, bit: dict[str, int]) -> int | None:
    """The choices of a summary cell as bits; None when blank, -1 when not valid (no
    detail columns give -1)."""
    tokens = (summary or "").split()
    if not tokens:
        return None
    if not all(token in bit for token in tokens):
        return -1
    return sum(bit[token] for token in set(tokens))


def _mismatch_description(
    names: list[str], detail_of: dict[str, str], detail_columns: list[str]
) -> Callable[[dict], str]:
    columns = ", ".join(detail_columns)

    def describe(row: dict) -> str:
        if all(row[detail_of[c]] is None for c in names):
            return Text("data.details_empty", columns=columns)
        chosen = " ".join(c for c in names if row[detail_of[c]])
        if not chosen:
            return Text("data.details_none", columns=columns)
        return Text("data.details_marked", chosen=repr(chosen), columns=columns)

    return describe


def _regex_escape(text: str) -> str:
    # Rust regex syntax: every ASCII punctuation character may be escaped.
    return "".join(
        f"\\{ch}" if not ch.isalnum() and ch != "_" and ord(ch) < 128 else ch for ch in text
    )


def _parse_integer(value: pl.Expr, tolerant: bool) -> pl.Expr:
    whole = value.str.to_integer(strict=False)
    if not tolerant:
        return whole
    # Spreadsheets store whole numbers as floats: accept "3.0" (or "3,0").
    as_float = value.str.replace(",", ".", literal=True).cast(pl.Float64, strict=False)
    whole_float = pl.when(as_float.is_finite() & (as_float == as_float.floor())).then(
        as_float.cast(pl.Int64, strict=False)
    )
    return pl.coalesce(whole, whole_float)


def _parse_decimal(value: pl.Expr, tolerant: bool) -> pl.Expr:
    if tolerant:
        # A single decimal comma (German spreadsheets) is read as a point.
        value = (
            pl.when(value.str.contains(".", literal=True))
            .then(value)
            .otherwise(value.str.replace(",", ".", literal=True))
        )
    number = value.cast(pl.Float64, strict=False)
    return pl.when(number.is_finite()).then(number)


def _parse_date(value: pl.Expr, tolerant: bool) -> pl.Expr:
    iso = value.str.to_date("%Y-%m-%d", strict=False)
    if not tolerant:
        return iso
    with_time = pl.when(value.str.contains(r"^\d{4}-\d{2}-\d{2}[T ]")).then(
        value.str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False)
    )
    german = pl.when(value.str.contains(r"^\d{1,2}\.\d{1,2}\.\d{4}$")).then(
        value.str.to_date("%d.%m.%Y", strict=False)
    )
    return pl.coalesce(iso, with_time, german)


_MAX_BIT_CHOICES = 62
"""Choice sets are encoded as bits of an Int64."""
_MAX_DISTINCT_SUMMARIES = 50_000
"""Above this many distinct summary values, parse them with regular expressions instead."""

_DTYPES: dict[QuestionType, pl.DataType] = {
    QuestionType.INTEGER: pl.Int64(),
    QuestionType.DECIMAL: pl.Float64(),
    QuestionType.DATE: pl.Date(),
    QuestionType.SELECT_MULTIPLE: pl.Boolean(),
}


def to_canonical(
    raw: pl.DataFrame,
    q: Questionnaire,
    *,
    file: str | None = None,
    known_columns: Iterable[str] = (),
) -> tuple[pl.DataFrame, list[Issue]]:
    """The canonical frame of a raw export, and every cell that could not be converted.

    ``known_columns``: extra columns to keep as String without an ``unknown_column``
    warning (e.g. org level columns). The input frame is not modified.
    """
    issues: list[Issue] = []
    plan = _plan_columns(raw.columns, q, known_columns, issues, file)
    raw = _missing_markers(raw, plan, q, issues, file)
    frame = raw.lazy()
    if ROW in raw.columns:
        frame = frame.with_columns(pl.col(ROW).cast(pl.Int64))
    else:
        frame = frame.with_row_index(ROW, offset=FIRST_DATA_ROW).with_columns(
            pl.col(ROW).cast(pl.Int64)
        )
    integers = _integer_sources(plan, q, raw.schema)
    not_text = [
        c for c in raw.columns if c != ROW and raw.schema[c] != pl.String and c not in integers
    ]
    if not_text:
        frame = frame.with_columns(pl.col(not_text).cast(pl.String))

    distinct: dict[str, list[str]] = {}
    conversion = _convert(q, plan, frozenset(), integers, raw, distinct)
    work = conversion.run(frame)
    hits = _hits(work, conversion.checks)
    repair = frozenset(c.source for c in hits if c.source is not None)
    if repair:
        conversion = _convert(q, plan, repair, integers, raw, distinct)
        work = conversion.run(frame)
        hits = _hits(work, conversion.checks)

    issues.extend(_collect_issues(work, hits, file))
    output = [c for question in q.questions() for c in q.columns(question)]
    # Picking and renaming Series directly: a select() through the query engine here would
    # rechunk every column of a many-chunk CSV read (seconds for a million rows).
    canonical = pl.DataFrame(
        [
            work.get_column(ROW),
            *(work.get_column(_CONVERTED + name).alias(name) for name in output),
            *(work.get_column(c) for c in plan.keep),
        ]
    )
    # Left in chunks: rechunking costs more (time and a copy of the frame) than it saves.
    return canonical, sort_issues(issues)


R_MISSING = "NA"
"""How R's ``write.csv`` writes a missing value."""

_ONLY_SPACES = r"^\s+$"

# Question types whose answers can never be the text ``NA`` (a select's choice names are
# looked at one by one; free text follows the file's own use of ``NA``, see below).
_NO_TEXT_ANSWER = frozenset({QuestionType.INTEGER, QuestionType.DECIMAL, QuestionType.DATE})


def _missing_markers(
    raw: pl.DataFrame, plan: _ColumnPlan, q: Questionnaire, issues: list[Issue], file: str | None
) -> pl.DataFrame:
    """Cells that mean "missing" in other programs' exports become empty, with one warning per
    column that counts them (nothing is dropped silently):

    - a cell of only spaces (SPSS pads empty string cells) in any question's column;
    - R's ``NA`` where ``NA`` cannot be an answer: numbers, dates, a select whose choices have
      no choice named ``NA``, the 1/0 detail columns of a select_multiple. In a free-text
      column ``NA`` is read as missing only if the same file writes ``NA`` for missing in a
      column where it cannot be an answer (an R export); otherwise it is the answer someone
      typed ("NA" for "not applicable") and is kept.
    """
    never: list[str] = []  # columns where NA can never be an answer
    text: list[str] = []  # free-text columns: NA is missing only in an R export
    spaces: list[str] = []
    for name, source in plan.sources.items():
        question = q.question(name)
        own = source.own if source.own is not None and raw.schema[source.own] == pl.String else None
        details = [c for c in source.details.values() if raw.schema[c] == pl.String]
        spaces += ([own] if own else []) + details
        never += details
        if own is None:
            continue
        if question.type in (QuestionType.SELECT_ONE, QuestionType.SELECT_MULTIPLE):
            if R_MISSING not in q.choice_list(question).names():
                never.append(own)
        elif question.type in _NO_TEXT_ANSWER:
            never.append(own)
        elif question.type == QuestionType.TEXT:
            text.append(own)
    if not spaces or raw.height == 0:
        return raw
    counts = raw.select(
        *(pl.col(c).str.contains(_ONLY_SPACES).sum().alias("s" + c) for c in spaces),
        *(pl.col(c).eq(R_MISSING).sum().alias("n" + c) for c in never + text),
    ).row(0, named=True)
    r_export = any(counts["n" + c] for c in never)
    na_columns = [c for c in never + (text if r_export else []) if counts["n" + c]]
    space_columns = [c for c in spaces if counts["s" + c]]
    for column in space_columns:
        issues.append(
            Issue(
                "warning",
                "only_spaces",
                None,
                column,
                None,
                Text("data.only_spaces", count=counts["s" + column]),
                file,
            )
        )
    for column in na_columns:
        issues.append(
            Issue(
                "warning",
                "r_missing",
                None,
                column,
                R_MISSING,
                Text("data.r_missing", count=counts["n" + column]),
                file,
            )
        )
    changed = dict.fromkeys(space_columns + na_columns)
    if not changed:
        return raw

    def blanked(column: str) -> pl.Expr:
        col = pl.col(column)
        gone = pl.lit(False)
        if column in space_columns:
            gone = gone | col.str.contains(_ONLY_SPACES)
        if column in na_columns:
            gone = gone | col.eq(R_MISSING)
        return pl.when(gone.fill_null(False)).then(None).otherwise(col).alias(column)

    return raw.with_columns(blanked(c) for c in changed)


def _integer_sources(plan: _ColumnPlan, q: Questionnaire, schema: pl.Schema) -> frozenset[str]:
    """Source columns already read as integers that the conversion takes as they are: detail
    flags and integer questions (any other non-text column is converted from its text)."""
    candidates = [c for source in plan.sources.values() for c in source.details.values()]
    candidates += [
        source.own
        for question in q.questions()
        if question.type == QuestionType.INTEGER
        and (source := plan.sources[question.name]).own is not None
    ]
    return frozenset(c for c in candidates if schema[c].is_integer())


def _convert(
    q: Questionnaire,
    plan: _ColumnPlan,
    tolerant: frozenset[str],
    integers: frozenset[str],
    raw: pl.DataFrame,
    distinct: dict[str, list[str]],
) -> _Conversion:
    conversion = _Conversion(q, tolerant - integers, integers, raw, distinct)
    conversion.find_agreeing(
        [
            (question, plan.sources[question.name])
            for question in q.questions()
            if question.type == QuestionType.SELECT_MULTIPLE
        ]
    )
    conversion.prefetch_distinct(
        [
            source.own
            for question in q.questions()
            if question.type.can(Capability.CHOICES)
            and question.name not in conversion.agreeing
            and (source := plan.sources[question.name]).own is not None
        ]
    )
    for question in q.questions():
        if question.type == QuestionType.NOTE:
            continue
        source = plan.sources[question.name]
        if question.type == QuestionType.SELECT_MULTIPLE:
            conversion.multiple(question, source)
        else:
            conversion.simple(question, source.own)
    return conversion


def _hits(work: pl.DataFrame, checks: list[_Check]) -> list[_Check]:
    """The checks that mark at least one row (one pass over all masks)."""
    if not checks or work.height == 0:
        return []
    found = work.select(pl.col(c.mask).any() for c in checks).row(0)
    return [check for check, hit in zip(checks, found, strict=True) if hit]


def _collect_issues(work: pl.DataFrame, checks: list[_Check], file: str | None) -> list[Issue]:
    issues: list[Issue] = []
    for check in checks:
        for row in work.filter(pl.col(check.mask)).iter_rows(named=True):
            expected = check.expected(row) if callable(check.expected) else check.expected
            value = row[check.value_column] if check.value_column else None
            if value is not None and not isinstance(value, str):
                value = str(value)  # a cell read as a number
            issues.append(Issue("error", check.code, row[ROW], check.column, value, expected, file))
    return issues


def integer_columns(names: Sequence[str], q: Questionnaire) -> dict[str, pl.DataType]:
    """The columns of a header that hold integers when the file is clean: detail flags
    (``q/choice``, 1/0) and integer questions."""
    targets = _targets(q)
    typed: dict[str, pl.DataType] = {}
    for name in names:
        target = _resolve(name, targets, q) if not name.startswith("_") else None
        if not isinstance(target, _Target):
            continue
        if target.choice is not None:
            typed[name] = pl.Int8()
        elif q.question(target.question).type == QuestionType.INTEGER:
            typed[name] = pl.Int64()
    return typed
