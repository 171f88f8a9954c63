"""The analysis engine: counts, bases, percentages, intervals and scale summaries per group.

How it stays fast on a million rows (see ``analyze``):

1. One polars ``select`` over the response frame turns every question into a small integer
   *row code* (UInt8/UInt16): the state of the answer and, for a single choice, which option;
   for a multiple response the ticked options as bits. Shown masks are computed once per
   distinct relevance chain and shared; the row's *terminal group* (the finest node of the
   privacy hierarchy it belongs to) is one more column. Polars evaluates the expressions in
   parallel.
2. ``numpy.bincount`` of ``group * width + code`` counts each question in one pass: that
   gives, per terminal group, the four answer states and the count of every option. The
   codes of neighbouring questions are packed into one column (``Σ code_i · stride_i``)
   while the table stays small, so one pass serves several questions.
3. Every count is additive, so the counts of all hierarchy nodes (whole survey, Dezernate,
   Fachbereiche, missing-unit groups) come from one small matrix product.
4. Suppression (``lipkit.privacy``), percentages, Wilson intervals and scale summaries are
   then computed on these tiny tables.

Decisions beyond the conventions: an answer on a row where the question was not shown counts
as "not shown" (validation reports such rows); a multiple response with every option False
(nothing ticked) counts as skipped, like one with every option empty; a single-choice value
outside the choice list counts as answered but belongs to no option (validation reports it);
"" counts as empty like null.
"""

from __future__ import annotations

import functools
import math
import operator
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, get_args

import numpy as np
import polars as pl

from lipkit.analysis.stats import wilson_exprs, z_quantile
from lipkit.catalogue import Text
from lipkit.privacy import MISSING, Hierarchy, hidden_units
from lipkit.privacy.pattern import (
    NO_DECISIONS,
    Decisions,
    breakdown_pattern,
    check_floor,
    complements,
    question_pattern,
    spread_pattern,
)
from lipkit.study.expressions import FormLogic
from lipkit.study.model import Capability, OrgTree, Question, Questionnaire, QuestionType, Study

if TYPE_CHECKING:
    from polars._typing import PolarsDataType
    from polars.expr.whenthen import ChainedThen, Then

Base = Literal["answered", "valid", "group"]
BASES: tuple[str, ...] = get_args(Base)

STATES = ("n_answered", "n_no_answer", "n_skipped", "n_not_shown")
"""Answer states (conventions §1), in the order of the state arrays below."""


RESULTS_SCHEMA: dict[str, PolarsDataType] = {
    "question": pl.String,
    "group": pl.String,
    "option": pl.String,
    "count": pl.Int64,
    "base": pl.Int64,
    "percent": pl.Float64,
    "ci_low": pl.Float64,
    "ci_high": pl.Float64,
    "suppressed": pl.Boolean,
}
QUESTIONS_SCHEMA: dict[str, PolarsDataType] = {
    "question": pl.String,
    "group": pl.String,
    "n_answered": pl.Int64,
    "n_no_answer": pl.Int64,
    "n_skipped": pl.Int64,
    "n_not_shown": pl.Int64,
    "n": pl.Int64,
    "n_group": pl.Int64,
    "suppressed": pl.Boolean,
    "complement": pl.Boolean,
    "top2": pl.Float64,
    "bottom2": pl.Float64,
    "mean": pl.Float64,
    "sd": pl.Float64,
}
_Part = dict[str, np.ndarray | list[Any]]
"""One question's rows of a result table, column by column (stacked by ``_stack``)."""


@dataclass(frozen=True)
class Analysis:
    """Tidy results of :func:`analyze`; suppressed cells are already null."""

    results: pl.DataFrame
    """question, group (null = whole survey), option, count, base, percent, ci_low, ci_high
    (all three in percent, 0..100), suppressed."""
    questions: pl.DataFrame
    """question, group, n_answered, n_no_answer, n_skipped, n_not_shown, n (the base n on
    this analysis' base: the n of its figures and tables), n_group (the group's respondents,
    all four states), suppressed, complement (hidden only as a complement: "nicht
    ausgewiesen", not "n < k"), top2, bottom2 (percent on the same base as the bars), mean, sd."""
    by: str | None
    base: str
    k: int

    def to_dict(self) -> dict:
        """JSON-ready: lists of row dicts; NaN becomes ``None``."""
        return {
            "by": self.by,
            "base": self.base,
            "k": self.k,
            "results": _json_rows(self.results),
            "questions": _json_rows(self.questions),
        }


def _json_rows(frame: pl.DataFrame) -> list[dict]:
    def clean(value: object) -> object:
        return None if isinstance(value, float) and math.isnan(value) else value

    return [
        {key: clean(value) for key, value in row.items()} for row in frame.iter_rows(named=True)
    ]


# -- grouping -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Grouping:
    """The privacy hierarchy, each row's terminal node, and which nodes are published."""

    hierarchy: Hierarchy
    terminals: list[str]
    """Hierarchy nodes without children, in hierarchy order; rows are counted per terminal."""
    terminal_index: pl.Expr
    """UInt32 index into ``terminals`` for every row."""
    emitted: list[tuple[str | None, list[str | None]]]
    """(group label, the hierarchy nodes it consists of), root first, then every group."""
    nodes: list[str | None]
    """The root (None) and every hierarchy node: suppression is decided on all of them."""

    def membership(self) -> np.ndarray:
        """0/1 matrix nodes × terminals: which terminals make up each node."""
        position = {t: i for i, t in enumerate(self.terminals)}
        matrix = np.zeros((len(self.nodes), len(self.terminals)), dtype=np.int64)
        for row, node in enumerate(self.nodes):
            below = [node, *self.hierarchy.descendants(node)] if node is not None else None
            if below is None:
                matrix[row, :] = 1
            else:
                for n in below:
                    if n in position:
                        matrix[row, position[n]] = 1
        return matrix


def _column_text(frame: pl.DataFrame, column: str) -> pl.Expr:
    """A unit/choice column as text with "" read as empty."""
    value = pl.col(column)
    if frame.schema[column] != pl.String:
        value = value.cast(pl.String)
    return pl.when(value != "").then(value)


_UNKNOWN = np.iinfo(np.uint32).max


def _index_expr(value: pl.Expr, mapping: dict[str, int]) -> pl.Expr:
    """Code -> terminal index; unknown codes -> ``_UNKNOWN`` (checked afterwards)."""
    return value.replace_strict(
        list(mapping), list(mapping.values()), default=_UNKNOWN, return_dtype=pl.UInt32
    )


def _no_grouping() -> _Grouping:
    hierarchy = Hierarchy.flat([])
    return _Grouping(
        hierarchy=hierarchy,
        terminals=["__all__"],
        terminal_index=pl.lit(0, dtype=pl.UInt32),
        emitted=[(None, [None])],
        nodes=[None],
    )


def _flat_grouping(frame: pl.DataFrame, column: str, groups: list[str]) -> _Grouping:
    hierarchy = Hierarchy.flat(groups)
    terminals = list(hierarchy.order)
    index = {g: i for i, g in enumerate(terminals)}
    value = _column_text(frame, column)
    expr = (
        pl.when(value.is_null())
        .then(pl.lit(index[MISSING], dtype=pl.UInt32))
        .otherwise(_index_expr(value, {g: index[g] for g in groups}))
    )
    emitted: list[tuple[str | None, list[str | None]]] = [(None, [None])]
    emitted += [(g, [g]) for g in groups]
    emitted.append((MISSING, [MISSING]))
    return _Grouping(hierarchy, terminals, expr, emitted, [None, *hierarchy.order])


def _org_grouping(study: Study, frame: pl.DataFrame, level: str, leaf_column: str) -> _Grouping:
    tree = study.org
    assert tree is not None
    hierarchy = Hierarchy.from_org_tree(tree, level)
    terminals = [n for n in hierarchy.order if not hierarchy.children[n]]
    index = {t: i for i, t in enumerate(terminals)}
    depth = tree.depth(level)
    leaf_codes = {
        code: index[node]
        for node, (lv, code) in hierarchy.units.items()
        if lv == level and node in index
    }
    chain: Then | ChainedThen = pl.when(_column_text(frame, leaf_column).is_not_null()).then(
        _index_expr(_column_text(frame, leaf_column), leaf_codes)
    )
    # Respondents without a unit at `level`: the deepest known unit above takes them in
    # its missing-unit child (only where the frame has that level's column).
    for upper in reversed(tree.levels[:depth]):
        column = next((c for c in (upper.name, upper.question) if c and c in frame.columns), None)
        if column is None:
            continue
        codes = {
            unit.code: index[Hierarchy.missing_key(Hierarchy.key(upper.name, unit.code))]
            for unit in tree.units_at(upper.name)
        }
        value = _column_text(frame, column)
        chain = chain.when(value.is_not_null()).then(_index_expr(value, codes))
    expr = chain.otherwise(pl.lit(index[MISSING], dtype=pl.UInt32))
    emitted: list[tuple[str | None, list[str | None]]] = [(None, [None])]
    emitted += [
        (code, [node])
        for node in hierarchy.order
        if (unit := hierarchy.unit_of(node)) is not None
        for lv, code in [unit]
        if lv == level
    ]
    missing_nodes: list[str | None] = [t for t in terminals if hierarchy.unit_of(t) is None]
    emitted.append((MISSING, missing_nodes))
    return _Grouping(hierarchy, terminals, expr, emitted, [None, *hierarchy.order])


def group_column(study: Study, frame: pl.DataFrame, by: str) -> str:
    """The frame column whose value puts a row into its group of ``by``: for an org level
    its own column, else the column of the question that asks it; for a question, its own."""
    tree = study.org
    if tree is not None and tree.has_level(by):
        level = tree.level(by)
        if by in frame.columns:
            return by
        if level.question and level.question in frame.columns:
            return level.question
        if level.question:
            raise ValueError(Text("analysis.no_level_columns", by=by, question=level.question))
        raise ValueError(Text("analysis.no_level_column", by=by))
    if by not in frame.columns:
        raise ValueError(Text("analysis.no_column", by=by))
    return by


def _grouping(study: Study, frame: pl.DataFrame, by: str | None) -> _Grouping:
    if by is None:
        return _no_grouping()
    questionnaire = study.questionnaire
    tree = study.org
    if tree is not None and tree.has_level(by):
        return _org_grouping(study, frame, by, group_column(study, frame, by))
    if questionnaire.has_question(by):
        q = questionnaire.question(by)
        if q.org_level and tree is not None and tree.has_level(q.org_level):
            if by not in frame.columns:
                raise ValueError(Text("analysis.no_column", by=by))
            return _org_grouping(study, frame, q.org_level, by)
        if q.type != QuestionType.SELECT_ONE:
            raise ValueError(Text("analysis.by_type", by=by, type=str(q.type)))
        if by not in study.breakdown_questions():
            agreed = ", ".join(study.breakdown_names()) or "-"
            raise ValueError(Text("analysis.by_not_agreed", by=by, agreed=agreed))
        if by not in frame.columns:
            raise ValueError(Text("analysis.no_column", by=by))
        return _flat_grouping(frame, by, questionnaire.choice_list(q).names())
    levels = [lv.name for lv in tree.levels] if tree is not None else []
    if levels:
        raise ValueError(Text("analysis.by_unknown", by=by, levels=", ".join(levels)))
    raise ValueError(Text("analysis.by_unknown_no_tree", by=by))


def is_breakdown(study: Study, name: str) -> bool:
    """Whether ``name`` is an org level, a question that records one, or an agreed breakdown."""
    return _is_org(study, name) or name in study.breakdown_questions()


def _check_terminals(frame: pl.DataFrame, terminal: np.ndarray, by: str | None) -> None:
    unknown = terminal == _UNKNOWN
    if not unknown.any():
        return
    rows = np.flatnonzero(unknown)[:5]
    shown = frame[rows.tolist()]
    columns = [c for c in (by, "_row") if c is not None and c in shown.columns]
    sample = shown.select(columns).to_dicts()
    raise ValueError(Text("analysis.unknown_codes", by=by, n=int(unknown.sum()), sample=sample))


# -- per-question encoding ------------------------------------------------------------------


@dataclass
class _Plan:
    question: Question
    options: list[str]
    missing: list[bool]
    columns: list[str]
    """Output columns of the big select that belong to this question."""
    scale_codes: dict[str, int] | None = None
    widths: list[int] = field(default_factory=list)
    """Number of distinct codes of each column in ``columns`` (the numbers column: none)."""


def _shown_key(questionnaire: Questionnaire, name: str) -> tuple[str, ...]:
    chain = tuple(questionnaire.relevance_chain(name))
    # `.` means the question itself: such a chain is not shareable between questions.
    return (name, *chain) if any("." in c for c in chain) else chain


def _require_columns(frame: pl.DataFrame, q: Question, columns: list[str]) -> None:
    absent = [c for c in columns if c not in frame.columns]
    if absent:
        raise ValueError(Text("analysis.missing_columns", name=q.name, columns=absent))


def _code_dtype(width: int) -> pl.DataType:
    return pl.UInt8() if width <= 256 else pl.UInt16() if width <= 65536 else pl.UInt32()


_MAX_PACKED_BINS = 1 << 18
"""Largest ``groups × codes`` table of one counting pass when questions share it."""


@dataclass(frozen=True)
class _Slot:
    """Where a question's first code column lives: ``column = Σ code_i · stride_i``."""

    column: str
    stride: int
    width: int
    total: int


def _select_one_code(
    value: pl.Expr, options: list[str], dtype: pl.DataType, stride: int
) -> pl.Expr:
    """Row code · stride of a single choice: 0 empty, m+1 a value outside the list,
    m+2+j option j.

    Short lists compare against each choice (cheaper than a hash lookup for a few options);
    long lists (e.g. every Fachbereich) look the value up once in an Enum.
    """
    m = len(options)

    def lit(code: int) -> pl.Expr:
        return pl.lit(code * stride, dtype=dtype)

    filled = value.str.len_bytes() > 0
    if m <= 8 or len(set(options)) != m:
        if not options:
            return pl.when(filled).then(lit(m + 1)).otherwise(lit(0))
        chain: Then | ChainedThen = pl.when(value == options[0]).then(lit(m + 2))
        for j, option in enumerate(options[1:], start=1):
            chain = chain.when(value == option).then(lit(m + 2 + j))
        return chain.when(filled).then(lit(m + 1)).otherwise(lit(0))
    index = value.cast(pl.Enum(options), strict=False).to_physical().cast(dtype)
    return (
        pl.when(index.is_not_null())
        .then((index + (m + 2)) * stride)
        .when(filled)
        .then(lit(m + 1))
        .otherwise(lit(0))
    )


def _first_width(questionnaire: Questionnaire, q: Question) -> int | None:
    """Number of codes of a question's first code column; None for numbers (not packed)."""
    if q.type == QuestionType.SELECT_ONE:
        return 2 * len(questionnaire.choice_list(q).names()) + 3
    if q.type == QuestionType.SELECT_MULTIPLE:
        return 257 if len(questionnaire.choice_list(q).names()) <= 8 else 4
    if q.type.can(Capability.NUMBER):
        return None
    return 4


def _plan_question(
    questionnaire: Questionnaire,
    frame: pl.DataFrame,
    q: Question,
    i: int,
    shown: pl.Expr | None,
    slot: _Slot | None = None,
) -> tuple[_Plan, list[pl.Expr]]:
    """Expressions that encode question ``q`` as small row codes; see the module docstring.

    ``shown`` is None for a question without any relevance (shown on every row). With a
    ``slot``, the first expression yields ``code · slot.stride`` in the slot's dtype, ready to
    be added to the other members of its pack. The expressions share no subexpression, so
    the select runs without common-subexpression elimination (which costs more here than it
    saves). The row's group is added in numpy.
    """
    stride = 1 if slot is None else slot.stride

    def first_dtype(width: int) -> pl.DataType:
        return _code_dtype(width if slot is None else slot.total)

    def with_shown(code: pl.Expr, not_shown_code: int, dtype: pl.DataType) -> pl.Expr:
        if shown is None:
            return code
        return pl.when(~shown).then(pl.lit(not_shown_code, dtype=dtype)).otherwise(code)

    if q.type == QuestionType.SELECT_ONE:
        options = questionnaire.choice_list(q).names()
        missing_codes = set(questionnaire.missing_codes(q))
        _require_columns(frame, q, [q.name])
        value = pl.col(q.name)
        if frame.schema[q.name] != pl.String:
            value = value.cast(pl.String)
        m = len(options)
        # Codes: 0 skipped; m+1 a value outside the list (still "answered");
        # m+2+j option j; 2m+2 not shown. Width 2m+3.
        width = 2 * m + 3
        dtype = first_dtype(width)
        code = with_shown(
            _select_one_code(value, options, dtype, stride), (2 * m + 2) * stride, dtype
        )
        plan = _Plan(
            q,
            options,
            [o in missing_codes for o in options],
            [f"__c{i}"],
            questionnaire.scale_values(q) if q.scale is not None else None,
            widths=[width],
        )
        return plan, [code.alias(f"__c{i}")]
    if q.type == QuestionType.SELECT_MULTIPLE:
        options = questionnaire.choice_list(q).names()
        missing_codes = set(questionnaire.missing_codes(q))
        columns = questionnaire.columns(q)
        _require_columns(frame, q, columns)
        missing = [o in missing_codes for o in options]

        def byte(start: int, dtype: pl.DataType, factor: int) -> pl.Expr:
            # Ticks packed 8 options to a byte: the byte table per group gives every
            # option count and (for up to 8 options) the states too.
            return sum(
                (
                    pl.col(c).fill_null(False).cast(dtype) * ((1 << b) * factor)
                    for b, c in enumerate(columns[start : start + 8])
                ),
                pl.lit(0, dtype=dtype),
            )

        if len(columns) <= 8:
            # 0..255 the ticked options (0 = skipped), 256 not shown
            dtype = first_dtype(257)
            code = with_shown(byte(0, dtype, stride), 256 * stride, dtype)
            plan = _Plan(q, options, missing, [f"__c{i}"], widths=[257])
            return plan, [code.alias(f"__c{i}")]
        ticked = [pl.col(c).fill_null(False) for c in columns]
        substantive = [t for t, miss in zip(ticked, missing, strict=True) if not miss]
        any_substantive = pl.any_horizontal(substantive) if substantive else pl.lit(False)
        # 0 skipped, 1 only missing codes (k. A.), 2 answered, 3 not shown
        dtype = first_dtype(4)
        state = with_shown(
            (pl.any_horizontal(ticked).cast(dtype) + any_substantive.cast(dtype)) * stride,
            3 * stride,
            dtype,
        )
        exprs = [state.alias(f"__c{i}")]
        names = [f"__c{i}"]
        for part, start in enumerate(range(0, len(columns), 8)):
            exprs.append(
                with_shown(byte(start, pl.UInt8(), 1), 0, pl.UInt8()).alias(f"__o{i}_{part}")
            )
            names.append(f"__o{i}_{part}")
        plan = _Plan(q, options, missing, names, widths=[4] + [256] * (len(names) - 1))
        return plan, exprs
    _require_columns(frame, q, [q.name])
    value = pl.col(q.name)
    is_float = q.type.can(Capability.NUMBER) and frame.schema[q.name].is_float()
    if q.type.can(Capability.NUMBER):
        filled = value.is_not_null() & ~value.is_nan() if is_float else value.is_not_null()
    elif q.type == QuestionType.DATE:
        filled = value.is_not_null()
    else:
        # The readers turn blank cells into null; "" is the only other empty text.
        filled = (value.cast(pl.String).str.len_bytes() > 0).fill_null(False)
    # 0 skipped, 2 answered, 3 not shown (1, k. A., does not exist without a choice list)
    dtype = first_dtype(4)
    state = with_shown(filled.cast(dtype) * (2 * stride), 3 * stride, dtype)
    exprs = [state.alias(f"__c{i}")]
    names = [f"__c{i}"]
    if q.type.can(Capability.NUMBER):
        number = value.cast(pl.Float64)
        if is_float:
            number = number.fill_nan(0.0)
        exprs.append(number.fill_null(0.0).alias(f"__x{i}"))
        names.append(f"__x{i}")
    return _Plan(q, [], [], names, widths=[4]), exprs


@dataclass
class _Counts:
    """Per node (rows) of one question."""

    states: np.ndarray  # nodes × 4, STATES order
    options: np.ndarray | None  # nodes × options
    moments: np.ndarray | None  # nodes × 3: n, Σ(x − shift), Σ(x − shift)²
    shift: float = 0.0


_BIT_MATRIX = ((np.arange(256)[:, None] >> np.arange(8)[None, :]) & 1).astype(np.int64)
"""byte value × bit: which of 8 packed options a byte has ticked."""


def _multiple_from_bytes(table: np.ndarray, missing: list[bool]) -> _Counts:
    """States and option counts of a multiple response from its byte table (≤ 8 options).

    Columns 0..255 of ``table`` are the ticked-option bit patterns, column 256 not shown.
    """
    m = len(missing)
    bits = _BIT_MATRIX[:, :m]
    missing_mask = np.array(missing, dtype=bool)
    patterns = np.arange(256)
    substantive = (bits[:, ~missing_mask].sum(axis=1) > 0) & (patterns < (1 << m))
    only_missing = ~substantive & (bits[:, missing_mask].sum(axis=1) > 0)
    ticks = table[:, :256]
    states = np.stack(
        [
            ticks[:, substantive].sum(axis=1),
            ticks[:, only_missing].sum(axis=1),
            ticks[:, 0],
            table[:, 256],
        ],
        axis=1,
    )
    return _Counts(states, ticks @ bits, None)


def _table(code: np.ndarray, width: int, g: np.ndarray | None, n_terminals: int) -> np.ndarray:
    """Terminals × codes: how many rows of each terminal group have each code."""
    if g is None:
        return np.bincount(code, minlength=width).reshape(1, width)
    combined = g * width + code
    return np.bincount(combined, minlength=n_terminals * width).reshape(n_terminals, width)


class _Counter:
    """The terminals × codes tables of one breakdown, each counted once.

    Counted from the rows (``numpy.bincount`` of ``group · width + code``), or, when every
    terminal of a finer breakdown lies inside one terminal of this one (Fachbereiche inside
    Dezernate, everything inside the whole survey), summed from the finer breakdown's
    tables by a small 0/1 projection matrix, without another pass over the rows.
    """

    def __init__(
        self,
        g: np.ndarray | None,
        n_terminals: int,
        finer: _Counter | None = None,
        projection: np.ndarray | None = None,
    ) -> None:
        self.g = g
        self.n_terminals = n_terminals
        self.finer = finer
        self.projection = projection
        self._tables: dict[tuple[str, int], np.ndarray] = {}
        self._sums: dict[str, np.ndarray] = {}

    def table(self, key: str, code: np.ndarray, width: int) -> np.ndarray:
        """Terminals × ``width`` codes of the code column ``key``."""
        if (key, width) not in self._tables:
            if self.finer is not None and self.projection is not None:
                counted = self.projection @ self.finer.table(key, code, width)
            else:
                counted = _table(code, width, self.g, self.n_terminals)
            self._tables[(key, width)] = counted
        return self._tables[(key, width)]

    def sums(self, key: str, weights: np.ndarray) -> np.ndarray:
        """Per terminal, the sum of ``weights`` over its rows."""
        if key not in self._sums:
            if self.finer is not None and self.projection is not None:
                total = self.projection @ self.finer.sums(key, weights)
            else:
                groups = np.zeros(len(weights), dtype=np.int64) if self.g is None else self.g
                total = np.bincount(groups, weights=weights, minlength=self.n_terminals)
            self._sums[key] = total
        return self._sums[key]


def _projection(
    fine: np.ndarray, n_fine: int, coarse: np.ndarray, n_coarse: int
) -> np.ndarray | None:
    """Coarse terminals × fine terminals (0/1) when every row of a fine terminal is in the
    same coarse terminal; None when the rows say otherwise (e.g. inconsistent unit codes)."""
    pairs = np.bincount(fine * n_coarse + coarse, minlength=n_fine * n_coarse)
    present = pairs.reshape(n_fine, n_coarse) > 0
    if (present.sum(axis=1) > 1).any():
        return None
    return present.T.astype(np.int64)


def _count(
    plan: _Plan,
    table: np.ndarray | None,
    data: dict[str, np.ndarray],
    counter: _Counter,
) -> _Counts:
    """Counts per terminal group. ``table`` is the first code column's terminals × codes
    table (None for numbers, whose codes are read here)."""
    q = plan.question
    if table is None:
        table = counter.table(plan.columns[0], data[plan.columns[0]], plan.widths[0])
    if q.type == QuestionType.SELECT_ONE:
        m = len(plan.options)
        options = table[:, m + 2 : 2 * m + 2]
        missing = np.array(plan.missing, dtype=bool)
        states = np.stack(
            [
                options[:, ~missing].sum(axis=1) + table[:, m + 1],
                options[:, missing].sum(axis=1),
                table[:, 0],
                table[:, 2 * m + 2],
            ],
            axis=1,
        )
        moments = None
        if plan.scale_codes is not None:
            values = np.array([plan.scale_codes.get(o, 0) for o in plan.options], dtype=float)
            weights = options[:, ~missing].astype(float)
            v = values[~missing]
            moments = np.stack([weights.sum(axis=1), weights @ v, weights @ (v * v)], axis=1)
        return _Counts(states, options, moments)
    if q.type == QuestionType.SELECT_MULTIPLE:
        m = len(plan.options)
        if len(plan.columns) == 1:
            return _multiple_from_bytes(table, plan.missing)
        parts = [counter.table(c, data[c], 256) @ _BIT_MATRIX for c in plan.columns[1:]]
        options = np.concatenate(parts, axis=1)[:, :m]
        return _Counts(table[:, [2, 1, 0, 3]], options, None)
    states = table[:, [2, 1, 0, 3]]
    if q.type.can(Capability.NUMBER):
        answered = data[plan.columns[0]] == 2
        x = data[plan.columns[1]]
        shift = float(x[answered].mean()) if answered.any() else 0.0
        y = np.where(answered, x - shift, 0.0)
        key = plan.columns[1]
        moments = np.stack(
            [
                states[:, 0].astype(float),
                counter.sums(f"{key}:1", y),
                counter.sums(f"{key}:2", y * y),
            ],
            axis=1,
        )
        return _Counts(states, None, moments, shift)
    return _Counts(states, None, None)


# -- assembling the tables ------------------------------------------------------------------


def _base_n(counts: _Counts, sizes: np.ndarray, base: str) -> np.ndarray:
    if base == "answered":
        return counts.states[:, 0] + counts.states[:, 1]
    if base == "valid":
        return counts.states[:, 0]
    return sizes


def _top_bottom(plan: _Plan, options: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    if plan.scale_codes is None or plan.question.type != QuestionType.SELECT_ONE:
        return None
    k = max(plan.scale_codes.values())
    top = [j for j, o in enumerate(plan.options) if plan.scale_codes.get(o, 0) >= k - 1]
    bottom = [j for j, o in enumerate(plan.options) if 1 <= plan.scale_codes.get(o, 0) <= 2]
    return options[:, top].sum(axis=1), options[:, bottom].sum(axis=1)


def analyze(
    study: Study,
    frame: pl.DataFrame,
    *,
    questions: Sequence[str] | None = None,
    by: str | None = None,
    base: Base = "answered",
    k: int | None = None,
    confidence: float = 0.95,
    decisions: Decisions = NO_DECISIONS,
) -> Analysis:
    """Counts, percentages, Wilson intervals and scale summaries, suppressed below ``k``.

    ``questions=None`` analyses every select_one/select_multiple, integer/decimal (mean, sd)
    and text/date question (the four state counts only). ``by`` is an org level or a
    select_one question; the result holds the whole survey (group null) and every group,
    including units without respondents. The n checked against ``k`` is the base n of each
    question and group, on every level of the org tree down to ``by``.
    """
    [analysis] = analyze_many(
        study,
        frame,
        questions=questions,
        bys=[by],
        base=base,
        k=k,
        confidence=confidence,
        decisions=decisions,
    )
    return analysis


def analyze_many(
    study: Study,
    frame: pl.DataFrame,
    *,
    bys: Sequence[str | None],
    questions: Sequence[str] | None = None,
    base: Base = "answered",
    k: int | None = None,
    confidence: float = 0.95,
    decisions: Decisions = NO_DECISIONS,
) -> list[Analysis]:
    """:func:`analyze` for several breakdowns at once (e.g. whole survey, by Dezernat, by
    Fachbereich), one :class:`Analysis` per entry of ``bys``, each exactly as ``analyze``
    would return it. The questions are encoded in one pass over the frame that all
    breakdowns share, which is most of the work on a large frame.

    ``decisions``: complementary suppressions beyond the primary pattern, decided for the
    whole study by :func:`lipkit.privacy.secure.secure` (every output passes the same).
    """
    if base not in BASES:
        raise ValueError(f"base must be one of {BASES}, got {base!r}")
    z_quantile(confidence)  # fail fast on a confidence outside (0, 1)
    k = study.settings.k if k is None else k
    if k < 1:
        raise ValueError(f"minimum group size k must be at least 1, got {k}")
    check_floor(k, study.settings.k)
    selected = _select_questions(study.questionnaire, questions)
    groupings = [_grouping(study, frame, by) for by in bys]
    plans, data, slots = _encode(study.questionnaire, frame, selected, groupings, bys)
    units = {
        plan.question.name: found
        for plan in plans
        if (found := _option_units(study, plan.question, plan.options)) is not None
    }
    counters = _counters(frame, data, groupings, bys)
    breakdowns = frozenset(study.breakdown_questions())
    return [
        _analyze_encoded(
            frame,
            plans,
            data,
            slots,
            grouping,
            by,
            counter,
            base,
            k,
            confidence,
            units,
            decisions,
            _is_org(study, by),
            _withheld(study, by, decisions),
            breakdowns,
        )
        for grouping, by, counter in zip(groupings, bys, counters, strict=True)
    ]


def _withheld(study: Study, by: str | None, decisions: Decisions) -> bool:
    """Whether the decisions withhold a question that puts respondents into the groups of
    ``by`` (the single-choice question, or an org level's question or one above it): then
    its respondents without a group must not be seen to be none."""
    if by is None or not decisions:
        return False
    names = [by]
    tree = study.org
    if tree is not None and tree.has_level(by):
        names = [lv.question or lv.name for lv in tree.levels[: tree.depth(by) + 1]]
    return any(None in decisions.hidden.get((None, name), frozenset()) for name in names)


def _is_org(study: Study, by: str | None) -> bool:
    """Whether the breakdown ``by`` is an org level (or the question that records one)."""
    tree = study.org
    if by is None or tree is None:
        return False
    if tree.has_level(by):
        return True
    questionnaire = study.questionnaire
    return questionnaire.has_question(by) and bool(questionnaire.question(by).org_level)


def _counters(
    frame: pl.DataFrame,
    data: dict[str, np.ndarray],
    groupings: list[_Grouping],
    bys: Sequence[str | None],
) -> list[_Counter]:
    """One counter per breakdown; where the rows allow it, coarser breakdowns are summed
    from the finest one instead of counted again."""
    terminals: list[np.ndarray | None] = []
    for j, by in enumerate(bys):
        if by is None:
            terminals.append(None)
            continue
        _check_terminals(frame, data[f"__g{j}"], by)
        terminals.append(data[f"__g{j}"].astype(np.int64))
    sizes = [len(grouping.terminals) for grouping in groupings]
    grouped = [j for j, g in enumerate(terminals) if g is not None]
    if not grouped:
        return [_Counter(None, n) for n in sizes]
    finest_index = max(grouped, key=lambda j: sizes[j])
    finest_g = terminals[finest_index]
    assert finest_g is not None
    finest = _Counter(finest_g, sizes[finest_index])
    counters = []
    for j, g in enumerate(terminals):
        if j == finest_index:
            counters.append(finest)
            continue
        if g is None:
            projection: np.ndarray | None = np.ones((1, sizes[finest_index]), dtype=np.int64)
        else:
            projection = _projection(finest_g, sizes[finest_index], g, sizes[j])
        counters.append(
            _Counter(g, sizes[j])
            if projection is None
            else _Counter(g, sizes[j], finest, projection)
        )
    return counters


@dataclass(frozen=True)
class _OptionUnits:
    """The options of a question that records an org unit: which of them are units."""

    tree: OrgTree
    level: str
    units: list[bool]
    """Per option: True where it is a unit of ``level`` (not e.g. k. A.)."""


def _option_units(study: Study, q: Question, options: list[str]) -> _OptionUnits | None:
    """For a question that records an org unit (its options are units): the count of each
    option is the size of a unit, which is protected like any group (the conventions'
    minimum group size applies to every number that leaves)."""
    tree = study.org
    if tree is None or q.type != QuestionType.SELECT_ONE:
        return None
    level = tree.level_recorded_by(q)
    if level is None:
        return None
    known = {unit.code for unit in tree.units_at(level)}
    return _OptionUnits(tree, level, [o in known for o in options])


def _hidden_options(
    units: _OptionUnits,
    options: list[str],
    counts: np.ndarray,
    suppressed: np.ndarray,
    k: int,
) -> np.ndarray:
    """Groups × options: True where an option (a unit) is hidden inside a published group,
    by the same top-down complementary rule as groups (so that no hidden unit's count
    follows from the group's n minus the published units)."""
    hidden = np.zeros(counts.shape, dtype=bool)
    columns = [j for j, is_unit in enumerate(units.units) if is_unit]
    for row in np.flatnonzero(~suppressed):
        n = {options[j]: int(counts[row, j]) for j in columns}
        hide = hidden_units(units.tree, units.level, n, k)
        for j in columns:
            hidden[row, j] = options[j] in hide
    return hidden


def _structural(question: Question, by: str | None, org: bool) -> bool:
    """Whether the groups of ``by`` follow from the answers to ``question`` (the question
    itself, or an org question by an org level): its cells then say nothing about a group."""
    return by is None or question.name == by or (org and bool(question.org_level))


def _cells(counts: _Counts, nodes: list[str | None]) -> tuple[dict[str | None, list[int]], range]:
    """Per node the answer states and option counts of one question, and which are options."""
    table = counts.states if counts.options is None else np.hstack([counts.states, counts.options])
    rows = table.astype(np.int64).tolist()
    return dict(zip(nodes, rows, strict=True)), range(counts.states.shape[1], table.shape[1])


def _own_pattern(plan: _Plan, counts: _Counts, k: int) -> np.ndarray:
    """The substantive options of a single choice that its own breakdown (by the question)
    hides, from the respondents per option. Inside a published group they add up to its
    ``n_answered``, which is published: so the rule is the complementary one among the
    substantive options alone. k. A. is never hidden here: a group's k. A. count is its
    published ``n_no_answer``."""
    assert counts.options is not None
    substantive = [j for j, missing in enumerate(plan.missing) if not missing]
    groups = [f"o{j}" for j in substantive]
    sizes = [int(counts.options[0, j]) for j in substantive]
    n: dict[str | None, int] = dict(zip(groups, sizes, strict=True))
    n[MISSING] = 0
    hide = breakdown_pattern(n, Hierarchy.flat(groups), k)
    hidden = np.zeros(len(plan.options), dtype=bool)
    for j, group in zip(substantive, groups, strict=True):
        hidden[j] = None in hide or group in hide
    return hidden


def _analyze_encoded(
    frame: pl.DataFrame,
    plans: list[_Plan],
    data: dict[str, np.ndarray],
    slots: dict[str, _Slot],
    grouping: _Grouping,
    by: str | None,
    counter: _Counter,
    base: str,
    k: int,
    confidence: float,
    units: dict[str, _OptionUnits],
    decisions: Decisions = NO_DECISIONS,
    org: bool = False,
    withheld: bool = False,
    breakdowns: frozenset[str] = frozenset(),
) -> Analysis:
    """One breakdown of the encoded questions: count, roll up, suppress, tabulate."""
    n_terminals = len(grouping.terminals)
    if counter.g is None:
        terminal_sizes = np.array([frame.height], dtype=np.int64)
    else:
        terminal_sizes = np.bincount(counter.g, minlength=n_terminals)
    # Counts are additive: every hierarchy node's counts are sums over its terminals.
    membership = grouping.membership()
    sizes = membership @ terminal_sizes
    per_question = [
        _roll_up(
            _count(
                plan,
                _first_table(plan, slots, data, counter) if plan.columns[0] in slots else None,
                data,
                counter,
            ),
            membership,
        )
        for plan in plans
    ]
    # One pattern per breakdown, from the respondents; per question it grows only where a
    # base falls below k, and then holds on every base at once (lipkit.privacy.pattern).
    size_of = dict(zip(grouping.nodes, sizes.tolist(), strict=True))
    pattern = breakdown_pattern(size_of, grouping.hierarchy, k)
    if withheld:
        # the groups' sizes are the counts of a withheld question: no group is shown
        pattern = frozenset(grouping.hierarchy.nodes())
    hidden: list[frozenset] = []
    complement_nodes: list[frozenset] = []
    for plan, counts in zip(plans, per_question, strict=True):
        bases = _question_bases(counts, grouping.nodes, size_of)
        forced = decisions.forced(by, plan.question.name, grouping.hierarchy, org)
        hide = question_pattern(
            bases, grouping.hierarchy, k, pattern | forced, settled=None if forced else size_of
        )
        if not _structural(plan.question, by, org):
            # No hidden group's cell may follow from its published parent: the pattern
            # grows until none does, and the complementary rule is closed around it again.
            cells, options = _cells(counts, grouping.nodes)
            while (
                spread := spread_pattern(cells, size_of, grouping.hierarchy, hide, options)
            ) != hide:
                hide = question_pattern(bases, grouping.hierarchy, k, spread)
        hidden.append(hide)
        complement_nodes.append(complements(hide, bases, k))

    # The respondents without a group are listed only if there are any, or if the whole
    # survey is hidden, or the question that makes the groups is withheld: a hidden node
    # hides its subtree, and the absence of the row would show that none of them is
    # without a group (pinning a hidden skipped count at 0).
    emitted = [
        (label, nodes)
        for label, nodes in grouping.emitted
        if label != MISSING
        or None in pattern
        or withheld
        or sizes[[grouping.nodes.index(n) for n in nodes]].sum() > 0
    ]
    emit_matrix = np.zeros((len(emitted), len(grouping.nodes)), dtype=np.int64)
    for e, (_label, nodes) in enumerate(emitted):
        for node in nodes:
            emit_matrix[e, grouping.nodes.index(node)] = 1
    labels = [label for label, _ in emitted]
    emit_sizes = emit_matrix @ sizes

    result_parts: list[_Part] = []
    question_parts: list[_Part] = []
    for plan, counts, hide, spare in zip(
        plans, per_question, hidden, complement_nodes, strict=True
    ):
        # A published group made of several nodes (the missing-unit groups) is hidden as
        # soon as one of them is.
        suppressed = np.array(
            [any(node in hide for node in nodes) for _label, nodes in emitted], dtype=bool
        )
        complement = np.array(
            [
                is_hidden and all(node in spare for node in nodes if node in hide)
                for is_hidden, (_label, nodes) in zip(suppressed, emitted, strict=True)
            ],
            dtype=bool,
        )
        emitted_counts = _Counts(
            emit_matrix @ counts.states,
            None if counts.options is None else emit_matrix @ counts.options,
            None if counts.moments is None else emit_matrix @ counts.moments,
            counts.shift,
        )
        base_n = _base_n(emitted_counts, emit_sizes, base)
        question_parts.append(
            _question_rows(plan, emitted_counts, base_n, labels, suppressed, complement)
        )
        if emitted_counts.options is not None:
            hidden_cells = np.repeat(suppressed[:, None], len(plan.options), axis=1)
            if plan.question.name in units:
                hidden_cells |= _hidden_options(
                    units[plan.question.name], plan.options, emitted_counts.options, suppressed, k
                )
            elif plan.question.name in breakdowns:
                # The options of an agreed breakdown are the groups of its own breakdown:
                # those it hides stay hidden in the whole survey (their count is the group's
                # size) and inside every group of this one (else the crosstab of the two,
                # read the other way round, gives them away).
                hidden_cells |= _own_pattern(plan, emitted_counts, k)
            result_parts.append(
                _result_rows(plan, emitted_counts.options, base_n, labels, hidden_cells, base)
            )

    return Analysis(
        results=_finish_results(result_parts, confidence),
        questions=_finish_questions(question_parts),
        by=by,
        base=base,
        k=k,
    )


def _encode(
    questionnaire: Questionnaire,
    frame: pl.DataFrame,
    selected: list[Question],
    groupings: list[_Grouping],
    bys: Sequence[str | None],
) -> tuple[list[_Plan], dict[str, np.ndarray], dict[str, _Slot]]:
    """One pass over the frame: every question's row codes as numpy arrays, plus the
    terminal group of each row for each grouping (``__g0``, ``__g1``, …; none without
    ``by``).

    The first code column of several questions is packed into one integer column while
    ``groups × Π widths`` stays small (for the finest grouping): one counting pass then
    serves all of them.
    """
    logic = FormLogic(questionnaire)
    # Shown masks: one column per distinct relevance chain, shared by its questions.
    shown_columns: dict[tuple[str, ...], str] = {}
    group_columns = [f"__g{j}" for j, by in enumerate(bys) if by is not None]
    mask_exprs: list[pl.Expr] = [
        grouping.terminal_index.alias(f"__g{j}")
        for j, (grouping, by) in enumerate(zip(groupings, bys, strict=True))
        if by is not None
    ]
    for q in selected:
        key = _shown_key(questionnaire, q.name)
        if key and key not in shown_columns:
            shown_columns[key] = f"__s{len(shown_columns)}"
            mask_exprs.append(logic.shown(q.name).alias(shown_columns[key]))

    # Packs: consecutive questions whose first code columns share one counting pass.
    groups = max((len(grouping.terminals) for grouping in groupings), default=1)
    slots: dict[str, _Slot] = {}
    pack: list[tuple[str, int]] = []
    packs: list[list[tuple[str, int]]] = []
    for i, q in enumerate(selected):
        width = _first_width(questionnaire, q)
        if width is None:
            continue
        total = math.prod(w for _, w in pack)
        if pack and total * width * groups > _MAX_PACKED_BINS:
            packs.append(pack)
            pack = []
        pack.append((f"__c{i}", width))
    if pack:
        packs.append(pack)
    for number, members in enumerate(packs):
        total = math.prod(w for _, w in members)
        stride = total
        for column, width in members:
            stride //= width
            slots[column] = _Slot(f"__p{number}", stride, width, total)

    plans: list[_Plan] = []
    exprs: list[pl.Expr] = [pl.col(c) for c in group_columns]
    members_of: dict[str, list[pl.Expr]] = {}
    for i, q in enumerate(selected):
        key = _shown_key(questionnaire, q.name)
        shown = pl.col(shown_columns[key]) if key else None
        slot = slots.get(f"__c{i}")
        plan, q_exprs = _plan_question(questionnaire, frame, q, i, shown, slot)
        plans.append(plan)
        if slot is None:
            exprs.extend(q_exprs)
        else:
            members_of.setdefault(slot.column, []).append(q_exprs[0])
            exprs.extend(q_exprs[1:])
    for column, summands in members_of.items():
        # `+` rather than sum_horizontal, which is many times slower on integer columns.
        packed = functools.reduce(operator.add, summands)
        exprs.append(packed.alias(column))

    encoded = (
        frame.lazy()
        .with_columns(mask_exprs)
        .select(exprs)
        .collect(optimizations=pl.QueryOptFlags(comm_subexpr_elim=False))
    )
    data = {name: encoded[name].to_numpy() for name in encoded.columns}
    return plans, data, slots


def _first_table(
    plan: _Plan, slots: dict[str, _Slot], data: dict[str, np.ndarray], counter: _Counter
) -> np.ndarray:
    """Terminals × codes of the plan's first column, taken from its (shared) packed table."""
    slot = slots[plan.columns[0]]
    table = counter.table(slot.column, data[slot.column], slot.total)
    outer = slot.total // (slot.width * slot.stride)
    return table.reshape(counter.n_terminals, outer, slot.width, slot.stride).sum(axis=(1, 3))


def _roll_up(counts: _Counts, membership: np.ndarray) -> _Counts:
    """Terminal counts -> counts of every hierarchy node (root first)."""
    return _Counts(
        membership @ counts.states,
        None if counts.options is None else membership @ counts.options,
        None if counts.moments is None else membership @ counts.moments.astype(float),
        counts.shift,
    )


def _question_bases(
    counts: _Counts, nodes: list[str | None], size_of: dict[str | None, int]
) -> list[dict[str | None, int]]:
    """The n of every node on each base (answered, valid, group) of one question."""
    valid = counts.states[:, 0].tolist()
    answered = (counts.states[:, 0] + counts.states[:, 1]).tolist()
    bases = [dict(zip(nodes, answered, strict=True))]
    if valid != answered:
        bases.append(dict(zip(nodes, valid, strict=True)))
    bases.append(size_of)
    return bases


def _select_questions(questionnaire: Questionnaire, names: Sequence[str] | None) -> list[Question]:
    if names is None:
        return [q for q in questionnaire.questions() if q.type.can(Capability.ANALYSED)]
    chosen = []
    for name in dict.fromkeys(names):
        if not questionnaire.has_question(name):
            raise ValueError(Text("analysis.not_a_question", name=name))
        q = questionnaire.question(name)
        if not q.type.can(Capability.ANALYSED):
            raise ValueError(Text("analysis.no_answers", name=name, type=str(q.type)))
        chosen.append(q)
    return chosen


def _question_rows(
    plan: _Plan,
    counts: _Counts,
    base_n: np.ndarray,
    labels: list[str | None],
    suppressed: np.ndarray,
    complement: np.ndarray,
) -> _Part:
    """Columns of the questions table for one question, one row per emitted group."""
    rows = len(labels)
    nan = np.full(rows, np.nan)
    top = bottom = nan
    if counts.options is not None and (tb := _top_bottom(plan, counts.options)):
        with np.errstate(divide="ignore", invalid="ignore"):
            top = tb[0] / base_n * 100
            bottom = tb[1] / base_n * 100
    mean = sd = nan
    if counts.moments is not None:
        n, s1, s2 = counts.moments.T
        with np.errstate(divide="ignore", invalid="ignore"):
            mean = np.where(n > 0, s1 / n + counts.shift, np.nan)
            variance = np.where(n > 1, (s2 - s1 * s1 / n) / (n - 1), np.nan)
            sd = np.sqrt(np.clip(variance, 0.0, None))
    return {
        "question": [plan.question.name] * rows,
        "group": labels,
        **{name: counts.states[:, j] for j, name in enumerate(STATES)},
        "n": base_n,
        "n_group": counts.states.sum(axis=1),
        "suppressed": suppressed,
        "complement": complement,
        "top2": top,
        "bottom2": bottom,
        "mean": mean,
        "sd": sd,
    }


def _result_rows(
    plan: _Plan,
    options: np.ndarray,
    base_n: np.ndarray,
    labels: list[str | None],
    hidden: np.ndarray,
    base: str,
) -> _Part:
    """Columns of the results table for one question: groups × options (k. A. left out
    under base ``valid``, where it has no percentage). ``hidden``: groups × options."""
    keep = [j for j, miss in enumerate(plan.missing) if not (base == "valid" and miss)]
    n_groups, n_options = len(labels), len(keep)
    return {
        "question": [plan.question.name] * (n_groups * n_options),
        "group": [label for label in labels for _ in range(n_options)],
        "option": [plan.options[j] for j in keep] * n_groups,
        "count": options[:, keep].reshape(-1),
        "base": np.repeat(base_n, n_options),
        "suppressed": hidden[:, keep].reshape(-1),
    }


def _stack(parts: list[_Part], schema: Mapping[str, PolarsDataType]) -> pl.DataFrame:
    """One frame from per-question column pieces (one construction instead of one per part)."""
    columns: _Part = {}
    for name in schema:
        pieces = [part[name] for part in parts]
        if pieces and isinstance(pieces[0], np.ndarray):
            columns[name] = np.concatenate(pieces)
        else:
            columns[name] = [value for piece in pieces for value in piece]
    return pl.DataFrame(columns, schema=schema, nan_to_null=True)


def _finish_results(parts: list[_Part], confidence: float) -> pl.DataFrame:
    if not parts:
        return pl.DataFrame(schema=RESULTS_SCHEMA)
    table = _stack(
        parts,
        {
            k: RESULTS_SCHEMA[k]
            for k in ("question", "group", "option", "count", "base", "suppressed")
        },
    )
    low, high = wilson_exprs(pl.col("count"), pl.col("base"), confidence)
    visible = ~pl.col("suppressed")
    table = table.with_columns(
        percent=pl.when(pl.col("base") > 0).then(pl.col("count") / pl.col("base") * 100.0),
        ci_low=low * 100.0,
        ci_high=high * 100.0,
    ).with_columns(
        [
            pl.when(visible).then(pl.col(c)).alias(c)
            for c in ("count", "base", "percent", "ci_low", "ci_high")
        ]
    )
    return table.select(list(RESULTS_SCHEMA))


def _finish_questions(parts: list[_Part]) -> pl.DataFrame:
    if not parts:
        return pl.DataFrame(schema=QUESTIONS_SCHEMA)
    table = _stack(parts, QUESTIONS_SCHEMA)
    visible = ~pl.col("suppressed")
    return table.with_columns(
        [
            pl.when(visible).then(pl.col(c)).alias(c)
            for c in (*STATES, "n", "n_group", "top2", "bottom2", "mean", "sd")
        ]
    )


def matrix_order(
    analysis: Analysis, group_items: Sequence[str], group: str | None = None
) -> list[str]:
    """Items sorted by top-2 box, descending; ties and items without a top-2 keep the given
    (questionnaire) order, items without a value last."""
    rows = analysis.questions.filter(
        pl.col("group").is_null() if group is None else pl.col("group") == group
    )
    top2 = dict(zip(rows["question"].to_list(), rows["top2"].to_list(), strict=True))

    def key(item: tuple[int, str]) -> tuple[int, float, int]:
        position, name = item
        value = top2.get(name)
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return (1, 0.0, position)
        return (0, -value, position)

    return [name for _, name in sorted(enumerate(group_items), key=key)]
