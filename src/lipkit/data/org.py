"""Org level columns of the canonical frame, and row selection.

Each org level (e.g. ``dezernat``, ``fachbereich``) gets a String column named by the
level. A level is *recorded* when a question asks for it (``OrgLevel.question`` or
``Question.org_level``) or when the data already holds a column named by the level; the
levels above the recorded ones are *derived* through the org tree, vectorised with
``replace_strict``. Disagreements between a recorded level and the derivation are reported
by :func:`lipkit.data.validate.validate`, never fixed here.
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from lipkit.catalogue import Text
from lipkit.data.issues import DataError
from lipkit.study.model import OrgTree, Questionnaire

ROW = "_row"


def level_questions(q: Questionnaire, org: OrgTree) -> dict[str, str]:
    """Level name -> name of the question that records it (only levels that have one)."""
    found: dict[str, str] = {}
    for level in org.levels:
        if level.question and q.has_question(level.question):
            found[level.name] = level.question
            continue
        asked = [question.name for question in q.questions() if question.org_level == level.name]
        if asked:
            found[level.name] = asked[0]
    return found


def recorded_columns(frame: pl.DataFrame, q: Questionnaire, org: OrgTree) -> dict[str, str]:
    """Level name -> the frame column that records it: its question's, else its own name."""
    questions = level_questions(q, org)
    recorded: dict[str, str] = {}
    for level in org.levels:
        question = questions.get(level.name)
        if question is not None and question in frame.columns:
            recorded[level.name] = question
        elif question is None and level.name in frame.columns:
            recorded[level.name] = level.name
    return recorded


def derivation(
    frame: pl.DataFrame, q: Questionnaire, org: OrgTree, level: str
) -> tuple[pl.Expr, list[str]] | None:
    """A level's unit code derived from the recorded levels below it (deepest first).

    Returns the expression and the columns it reads, or None when no level below is recorded.
    """
    recorded = recorded_columns(frame, q, org)
    names = [lv.name for lv in org.levels]
    below = [lv for lv in reversed(names[org.depth(level) + 1 :]) if lv in recorded]
    if not below:
        return None
    derived = [
        pl.col(recorded[lower])
        .cast(pl.String)
        .replace_strict(org.ancestor_map(lower, level), default=None, return_dtype=pl.String)
        for lower in below
    ]
    return pl.coalesce(derived), [recorded[lower] for lower in below]


def attach_org(frame: pl.DataFrame, q: Questionnaire, org: OrgTree | None) -> pl.DataFrame:
    """Add a String column per org level; an existing column of that name is kept as it is."""
    if org is None:
        return frame
    recorded = recorded_columns(frame, q, org)
    added: list[pl.Expr] = []
    for level in org.levels:
        if level.name in frame.columns:
            continue
        own = recorded.get(level.name)
        if own is not None:
            added.append(pl.col(own).cast(pl.String).alias(level.name))
            continue
        derived = derivation(frame, q, org, level.name)
        expr = derived[0] if derived is not None else pl.lit(None, dtype=pl.String)
        added.append(expr.alias(level.name))
    return frame.with_columns(added) if added else frame


def derived_org_columns(frame: pl.DataFrame, q: Questionnaire, org: OrgTree | None) -> list[str]:
    """Columns of ``frame`` named by an org level that are not a question's own column."""
    if org is None:
        return []
    questions = {question.name for question in q.questions()}
    return [lv.name for lv in org.levels if lv.name in frame.columns and lv.name not in questions]


def exclude_rows(frame: pl.DataFrame, rows: Iterable[int]) -> pl.DataFrame:
    """The frame without the respondents in the given source rows (``_row``)."""
    wanted = sorted(set(rows))
    if not wanted:
        return frame
    present = set(frame.filter(pl.col(ROW).is_in(wanted))[ROW].to_list())
    missing = [r for r in wanted if r not in present]
    if missing:
        shown = ", ".join(str(r) for r in missing[:20]) + (" …" if len(missing) > 20 else "")
        if frame.height:
            first, last = frame.select(pl.col(ROW).min(), pl.col(ROW).max().alias("last")).row(0)
            span = Text("data.rows_span", first=first, last=last)
        else:
            span = Text("data.no_rows")
        raise DataError(Text("data.cannot_exclude", rows=shown, span=span))
    return frame.filter(~pl.col(ROW).is_in(wanted))
