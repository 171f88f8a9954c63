"""Crosstab of two single-choice questions with Pearson χ² and Cramér's V.

Only substantive answers count: a respondent enters the table when both questions were
shown and answered with a choice that is not a missing code (k. A. is excluded, and the
result says how many were left out). Rows (categories of ``rows``) with fewer than ``k``
respondents are suppressed, with complementary suppression (a flat hierarchy, or the org
tree where the rows are org units), *before* the test, so the statistics never rest on
hidden cells. Rows and columns are both breakdowns: each hides exactly the groups that
``analyze`` by it hides for the other variable (one pattern per breakdown, issue 12).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import polars as pl

from lipkit.analysis.engine import analyze, is_breakdown
from lipkit.analysis.stats import pearson_chi2
from lipkit.catalogue import Text
from lipkit.privacy.pattern import NO_DECISIONS, Decisions, check_floor
from lipkit.study.expressions import FormLogic
from lipkit.study.model import QuestionType, Study

TABLE_SCHEMA = {
    "row": pl.String,
    "col": pl.String,
    "count": pl.Int64,
    "row_total": pl.Int64,
    "col_total": pl.Int64,
    "row_percent": pl.Float64,
    "col_percent": pl.Float64,
    "suppressed": pl.Boolean,
}


@dataclass(frozen=True)
class Crosstab:
    rows: str
    cols: str
    table: pl.DataFrame
    """Long form, rows × cols in choice order: row, col, count, row_total, col_total,
    row_percent, col_percent (0..100, full precision), suppressed (the row is hidden;
    its numbers are null). Column totals count the published rows only."""
    n: int
    """Respondents in the published table (the basis of the test)."""
    n_excluded: int
    """Respondents shown both questions but without a substantive answer to both."""
    chi2: float
    dof: int
    p_value: float
    cramers_v: float
    min_expected: float
    warning_texts: list[Text] = field(default_factory=list)
    """Caveats of the test, as catalogue texts (:attr:`warnings` in German)."""
    note_texts: list[Text] = field(default_factory=list)
    """What the table leaves out, as catalogue texts (:attr:`notes` in German)."""
    suppressed_rows: list[str] = field(default_factory=list)
    suppressed_cols: list[str] = field(default_factory=list)
    """Columns hidden because they are org units below k (or their complements)."""
    k: int = 5

    @property
    def warnings(self) -> list[str]:
        return [t.render("de") for t in self.warning_texts]

    @property
    def notes(self) -> list[str]:
        return [t.render("de") for t in self.note_texts]

    def to_dict(self) -> dict:
        def clean(value: object) -> object:
            return None if isinstance(value, float) and math.isnan(value) else value

        return {
            "rows": self.rows,
            "cols": self.cols,
            "k": self.k,
            "n": self.n,
            "n_excluded": self.n_excluded,
            "chi2": clean(self.chi2),
            "dof": self.dof,
            "p_value": clean(self.p_value),
            "cramers_v": clean(self.cramers_v),
            "min_expected": clean(self.min_expected),
            "warnings": list(self.warnings),
            "notes": list(self.notes),
            "suppressed_rows": list(self.suppressed_rows),
            "suppressed_cols": list(self.suppressed_cols),
            "table": [
                {key: clean(value) for key, value in row.items()}
                for row in self.table.iter_rows(named=True)
            ],
        }


def _variable(
    study: Study, frame: pl.DataFrame, logic: FormLogic, name: str
) -> tuple[list[str], pl.Expr, pl.Expr, str | None]:
    """(categories in order, value expression, shown expression, org level or None) for a
    question or org level; the org level is set where the categories are org units."""
    questionnaire = study.questionnaire
    tree = study.org
    if questionnaire.has_question(name):
        q = questionnaire.question(name)
        if q.type != QuestionType.SELECT_ONE:
            raise ValueError(f"crosstab: {name!r} is a {q.type} question; need select_one")
        if name not in frame.columns:
            raise ValueError(f"crosstab: the response frame has no column {name!r}")
        level = tree.level_recorded_by(q) if tree is not None else None
        codes = questionnaire.substantive_codes(q)
        return codes, pl.col(name).cast(pl.String), logic.shown(name), level
    if tree is not None and tree.has_level(name) and name in frame.columns:
        codes = [u.code for u in tree.units_at(name)]
        return codes, pl.col(name).cast(pl.String), pl.lit(True), name
    raise ValueError(f"crosstab: {name!r} is neither a select_one question nor an org level column")


def _hidden(
    study: Study,
    frame: pl.DataFrame,
    by: str,
    question: str,
    codes: list[str],
    k: int,
    decisions: Decisions,
) -> tuple[list[str], set[tuple[str, str]]]:
    """The categories of ``by`` to hide, and the (category, option) cells hidden inside the
    published ones: what ``analyze`` by ``by`` hides for ``question`` (decided once per
    breakdown from the respondents, the same on every base), so that the crosstab and every
    other output hide the same groups and cells."""
    result = analyze(study, frame, questions=[question], by=by, k=k, decisions=decisions)
    hidden = set(result.questions.filter(pl.col("suppressed"))["group"].to_list())
    cells = result.results.filter(pl.col("suppressed") & pl.col("group").is_not_null())
    inside = {
        (group, option)
        for group, option in cells.select("group", "option").iter_rows()
        if group not in hidden
    }
    return [c for c in codes if c in hidden], inside


def crosstab(
    study: Study,
    frame: pl.DataFrame,
    rows: str,
    cols: str,
    *,
    k: int | None = None,
    decisions: Decisions = NO_DECISIONS,
) -> Crosstab:
    """Counts, row/column percentages, χ² (no continuity correction) and Cramér's V.

    ``decisions``: the complementary suppressions every output applies
    (:func:`lipkit.privacy.decide.published_decisions`); the table hides what ``analyze``
    hides with them."""
    if rows == cols:
        raise ValueError(f"crosstab: rows and cols are the same question {rows!r}")
    k = study.settings.k if k is None else k
    check_floor(k, study.settings.k)
    if not (is_breakdown(study, rows) or is_breakdown(study, cols)):
        raise ValueError(Text("crosstab.no_breakdown", rows=rows, cols=cols))
    logic = FormLogic(study.questionnaire)
    row_codes, row_value, row_shown, _ = _variable(study, frame, logic, rows)
    col_codes, col_value, col_shown, _ = _variable(study, frame, logic, cols)

    marked = frame.lazy().select(
        r=row_value,
        c=col_value,
        both_shown=row_shown & col_shown,
    )
    valid = pl.col("r").is_in(row_codes).fill_null(False) & pl.col("c").is_in(col_codes).fill_null(
        False
    )
    summary = marked.select(
        n_shown=pl.col("both_shown").sum(),
        n_valid=(pl.col("both_shown") & valid).sum(),
    ).collect()
    counts = marked.filter(pl.col("both_shown") & valid).group_by("r", "c").len().collect()
    lookup = {(r, c): n for r, c, n in counts.iter_rows()}
    grid = [[int(lookup.get((r, c), 0)) for c in col_codes] for r in row_codes]
    row_totals = [sum(line) for line in grid]

    # Rows and columns are both breakdowns: each hides the groups its pattern hides.
    # A side that is no breakdown (a question's options) hides nothing of its own: its
    # counts are published inside the groups of the other side, as `analyze --by` does.
    hidden_rows, hidden_cells = (
        _hidden(study, frame, rows, cols, row_codes, k, decisions)
        if is_breakdown(study, rows)
        else ([], set())
    )
    hidden_cols, hidden_col_cells = (
        _hidden(study, frame, cols, rows, col_codes, k, decisions)
        if is_breakdown(study, cols)
        else ([], set())
    )
    hidden_cells |= {(r, c) for c, r in hidden_col_cells}
    # a row (column) whose every cell is hidden is a hidden row (column), with its total;
    # what stays are the cells hidden inside a published row and column
    hidden_rows = [
        r for r in row_codes if r in hidden_rows or all((r, c) in hidden_cells for c in col_codes)
    ]
    hidden_cols = [
        c for c in col_codes if c in hidden_cols or all((r, c) in hidden_cells for r in row_codes)
    ]
    published = [i for i, r in enumerate(row_codes) if r not in hidden_rows]
    col_totals = [sum(grid[i][j] for i in published) for j in range(len(col_codes))]
    hidden_cells = {
        (r, c) for r, c in hidden_cells if r not in hidden_rows and c not in hidden_cols
    }
    shown_cols = [j for j, c in enumerate(col_codes) if c not in hidden_cols]

    records = []
    for i, r in enumerate(row_codes):
        for j, c in enumerate(col_codes):
            is_hidden = r in hidden_rows or c in hidden_cols or (r, c) in hidden_cells
            count = grid[i][j]
            records.append(
                {
                    "row": r,
                    "col": c,
                    "count": None if is_hidden else count,
                    "row_total": None if r in hidden_rows else row_totals[i],
                    "col_total": None if c in hidden_cols else col_totals[j],
                    "row_percent": None
                    if is_hidden or row_totals[i] == 0
                    else count / row_totals[i] * 100,
                    "col_percent": None
                    if is_hidden or col_totals[j] == 0
                    else count / col_totals[j] * 100,
                    "suppressed": is_hidden,
                }
            )
    table = pl.DataFrame(records, schema=TABLE_SCHEMA)

    # A cell hidden inside a published row and column would follow from a test on the
    # table that holds it: then there is no test.
    tested = ([], []) if hidden_cells else (published, shown_cols)
    test = pearson_chi2(
        np.array([[grid[i][j] for j in tested[1]] for i in tested[0]], dtype=float).reshape(
            len(tested[0]), len(tested[1])
        )
    )
    n = sum(grid[i][j] for i in published for j in shown_cols)
    warnings: list[Text] = []
    excluded = int(summary["n_shown"][0] - summary["n_valid"][0])
    notes = [Text("crosstab.substantive", n=excluded)]
    if hidden_rows:
        notes.append(Text("crosstab.hidden_rows", k=k, codes=", ".join(hidden_rows)))
    if hidden_cols:
        notes.append(Text("crosstab.hidden_cols", k=k, codes=", ".join(hidden_cols)))
    if math.isnan(test.chi2):
        warnings.append(Text("crosstab.no_test"))
    elif test.cells_below_5:
        warnings.append(Text("crosstab.below_5", cells=test.cells_below_5, size=test.expected.size))
    return Crosstab(
        rows=rows,
        cols=cols,
        table=table,
        n=n,
        n_excluded=int(summary["n_shown"][0] - summary["n_valid"][0]),
        chi2=test.chi2,
        dof=test.dof,
        p_value=test.p_value,
        cramers_v=test.cramers_v,
        min_expected=test.min_expected,
        warning_texts=warnings,
        note_texts=notes,
        suppressed_rows=hidden_rows,
        suppressed_cols=hidden_cols,
        k=k,
    )
