"""KoboToolbox's rankings (``begin_rank``) in the responses: which rows hold a ranking that
cannot be used.

A ranking is one ``select_one`` of the items per rank level (rank 1 = the level first in the
form; the XLSForm reader keeps the ``kobo--rank-items`` column in the group's ``extra``). A
respondent's ranking is usable when each option is placed at most once and the levels are
filled from the first without a gap (``water, roads, -`` is fine, ``water, water, -`` and
``-, water, -`` are not). The form's constraint forbids both, but an export may hold them
(an edited submission, a form without the constraint, a merged file).

A ranking that is not usable is left out of the ranking analysis
(:mod:`lipkit.analysis.ranking`, :func:`broken`) and reported once per respondent as a
warning at the first level that breaks it (:func:`rank_issues`; ``lipkit validate`` and
``lipkit analyze`` show it). The respondent's other answers are analysed as usual.

Four rows, levels ``a, b, c``::

    water roads -      usable
    water water -      b: 'water' twice (already at a)
    -     water -      b: a gap (a is empty)
    -     water water  b only (once per respondent: the gap comes first)
"""

from __future__ import annotations

import polars as pl

from lipkit.catalogue import Text
from lipkit.data.issues import Issue
from lipkit.data.org import ROW
from lipkit.study.model import Group, Questionnaire, QuestionType

__all__ = ["RANK_ITEMS", "broken", "rank_groups", "rank_issues", "rank_levels"]

RANK_ITEMS = "kobo--rank-items"
"""The column of a ``begin_rank`` row that names the list of items to rank."""


def rank_levels(q: Questionnaire, group: Group) -> list[str]:
    """The rank levels' question names (select_one questions of the group), rank 1 first."""
    return [
        item.name
        for item in group.items
        if getattr(item, "kind", None) == "question"
        and q.question(item.name).type == QuestionType.SELECT_ONE
    ]


def rank_groups(q: Questionnaire) -> list[Group]:
    """The questionnaire's ranking groups whose levels are select_one questions."""
    return [g for g in q.groups() if g.extra.get(RANK_ITEMS) and rank_levels(q, g)]


def _level(frame: pl.DataFrame, name: str) -> pl.Expr:
    # a level's column missing from the file (a warning while reading) is read as empty
    return pl.col(name) if name in frame.columns else pl.lit(None, dtype=pl.String)


def _breaks(frame: pl.DataFrame, levels: list[str]) -> list[pl.Expr]:
    """Per level: its cell is filled although an earlier level is empty, or it repeats the
    option of an earlier level (never null)."""
    out: list[pl.Expr] = [pl.lit(False)]
    for i in range(1, len(levels)):
        cell = _level(frame, levels[i])
        earlier = [_level(frame, name) for name in levels[:i]]
        gap = pl.any_horizontal(e.is_null() for e in earlier)
        twice = pl.any_horizontal((cell == e).fill_null(False) for e in earlier)
        out.append((cell.is_not_null() & (gap | twice)).fill_null(False))
    return out


def broken(frame: pl.DataFrame, levels: list[str]) -> pl.Expr:
    """True for the rows whose ranking over ``levels`` is not usable (an option twice, or a
    filled level after an empty one)."""
    return pl.any_horizontal(_breaks(frame, levels))


def rank_issues(
    frame: pl.DataFrame,
    q: Questionnaire,
    *,
    file: str | None = None,
    groups: list[Group] | None = None,
) -> list[Issue]:
    """One warning per respondent whose ranking is not usable, at the first level that breaks
    it: the row, that level's column, the option found there and what was expected. Every
    ranking of the form, or those of ``groups``."""
    issues: list[Issue] = []
    for group in rank_groups(q) if groups is None else groups:
        levels = rank_levels(q, group)
        offenders = frame.filter(broken(frame, levels)).select(
            pl.col(ROW), *(_level(frame, name).cast(pl.String).alias(name) for name in levels)
        )
        for row in offenders.iter_rows(named=True):
            issues.append(_issue(group.name, levels, row, file))
    return issues


def _issue(ranking: str, levels: list[str], row: dict, file: str | None) -> Issue:
    for i, name in enumerate(levels):
        option = row[name]
        if option is None:
            continue
        earlier = levels[:i]
        same = next((e for e in earlier if row[e] == option), None)
        if same is not None:
            expected = Text("data.rank_twice", ranking=ranking, option=option, level=same)
            return Issue("warning", "rank_twice", row[ROW], name, option, expected, file)
        empty = next((e for e in earlier if row[e] is None), None)
        if empty is not None:
            expected = Text("data.rank_gap", ranking=ranking, level=empty)
            return Issue("warning", "rank_gap", row[ROW], name, option, expected, file)
    raise AssertionError("a row without a broken level")  # pragma: no cover
