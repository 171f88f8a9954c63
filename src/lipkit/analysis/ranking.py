"""Rankings: KoboToolbox's ``begin_rank`` group (one ``select_one`` per rank level, the items
to rank in the list ``kobo--rank-items`` names; see :mod:`lipkit.data.ranks`).

Per item: the mean rank among the people who placed it (rank 1 = the level first in the form)
and the share of people who placed it first, of those who gave a first rank, each with its n.
A respondent whose ranking places an option twice or leaves a gap is left out of the ranking
(and reported by :func:`lipkit.data.ranks.rank_issues`), never counted in part.
Nothing is shown when fewer than k people ranked anything, or fewer than k gave a first
rank (minimum group size: no mean or share rests on fewer than k people).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from lipkit.data.org import ROW
from lipkit.data.ranks import RANK_ITEMS, broken, rank_levels
from lipkit.data.ranks import rank_groups as _rank_groups
from lipkit.privacy.pattern import check_floor
from lipkit.study.model import Group, Study

__all__ = ["RANK_ITEMS", "Ranking", "rank_groups", "ranking"]


@dataclass(frozen=True)
class Ranking:
    group: str
    list_name: str
    levels: list[str]
    """The rank levels' question names, rank 1 first."""
    k: int
    n: int
    """People who placed at least one item."""
    n_first: int
    """People who gave a first rank: the base of ``share_first``."""
    n_left_out: int
    """People whose ranking places an option twice or leaves a gap: not counted at all."""
    table: pl.DataFrame
    """option, n_ranked (people who placed it), mean_rank, n_first_rank, share_first (%);
    empty when suppressed."""

    @property
    def suppressed(self) -> bool:
        # both bases: the share ranked first rests on n_first (equal to n, as a usable
        # ranking with any option placed has a first rank; kept as the rule should that change)
        return min(self.n, self.n_first) < self.k

    def to_dict(self) -> dict:
        return {
            "group": self.group,
            "list_name": self.list_name,
            "levels": self.levels,
            "n": None if self.suppressed else self.n,
            "n_first": None if self.suppressed else self.n_first,
            "n_left_out": None if self.suppressed else self.n_left_out,
            "suppressed": self.suppressed,
            "options": self.table.to_dicts(),
        }


def rank_groups(study: Study) -> list[Group]:
    """The questionnaire's ranking groups whose levels are select_one questions."""
    return _rank_groups(study.questionnaire)


def ranking(study: Study, frame: pl.DataFrame, group: Group, k: int | None = None) -> Ranking:
    """The ranking of ``group`` over the rows of ``frame`` (one row per person)."""
    k = study.settings.k if k is None else k
    check_floor(k, study.settings.k)
    levels = rank_levels(study.questionnaire, group)
    list_name = study.questionnaire.question(levels[0]).list_name or group.extra[RANK_ITEMS]
    options = study.questionnaire.choices[list_name].names()
    unusable = broken(frame, levels)
    n_left_out = frame.select(unusable.sum()).item()
    # each option at most once per person and no gap: one row per (person, option placed)
    placed = (
        frame.filter(~unusable)
        .select(ROW, *levels)
        .unpivot(index=ROW, on=levels, variable_name="level", value_name="option")
        .drop_nulls("option")
        .with_columns(
            pl.col("level").replace_strict(levels, list(range(1, len(levels) + 1))).alias("rank")
        )
    )
    n = placed.get_column(ROW).n_unique()
    n_first = placed.filter(pl.col("rank") == 1).height
    if min(n, n_first) < k:
        table = pl.DataFrame(
            schema={
                "option": pl.String,
                "n_ranked": pl.Int64,
                "mean_rank": pl.Float64,
                "n_first_rank": pl.Int64,
                "share_first": pl.Float64,
            }
        )
        return Ranking(group.name, list_name, levels, k, n, n_first, n_left_out, table)
    per_option = placed.group_by("option").agg(
        pl.len().cast(pl.Int64).alias("n_ranked"),
        pl.col("rank").mean().alias("mean_rank"),
        (pl.col("rank") == 1).sum().cast(pl.Int64).alias("n_first_rank"),
    )
    table = (
        pl.DataFrame({"option": options, "order": list(range(len(options)))})
        .join(per_option, on="option", how="left")
        .with_columns(
            pl.col("n_ranked").fill_null(0),
            pl.col("n_first_rank").fill_null(0),
        )
        .with_columns(
            (
                pl.col("n_first_rank") * 100.0 / n_first if n_first else pl.lit(None, pl.Float64)
            ).alias("share_first")
        )
        .sort("order")
        .drop("order")
    )
    return Ranking(group.name, list_name, levels, k, n, n_first, n_left_out, table)
