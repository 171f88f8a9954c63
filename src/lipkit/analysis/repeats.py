"""A question inside a repeat, analysed per entry: each entry counts once, its base stated as
entries and the persons they come from ("n = 9 entries from 5 people"). The minimum group
size k applies to the persons: with fewer than k persons nothing is shown.

Only the whole survey (no breakdown); select_one, select_multiple, integer and decimal.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from lipkit.catalogue import Text
from lipkit.data.repeats import PERSON, RepeatEntries
from lipkit.privacy.pattern import check_floor
from lipkit.study.model import QuestionType, Study

__all__ = ["RepeatResult", "analyze_repeat"]


@dataclass(frozen=True)
class RepeatResult:
    question: str
    repeat: str
    type: str
    k: int
    n_entries: int
    """Entries that answered the question."""
    n_persons: int
    """Persons those entries come from."""
    table: pl.DataFrame
    """select: option, count, percent (of the entries); numbers: mean, sd. Empty when
    suppressed."""

    @property
    def suppressed(self) -> bool:
        return self.n_persons < self.k

    def to_dict(self) -> dict:
        return {
            "question": self.question,
            "repeat": self.repeat,
            "n_entries": None if self.suppressed else self.n_entries,
            "n_persons": None if self.suppressed else self.n_persons,
            "suppressed": self.suppressed,
            "results": self.table.to_dicts(),
        }


def analyze_repeat(
    study: Study, entries: RepeatEntries, name: str, k: int | None = None
) -> RepeatResult:
    k = study.settings.k if k is None else k
    check_floor(k, study.settings.k)
    q = entries.questionnaire
    if not q.has_question(name):
        raise ValueError(Text("repeat_analysis.type", name=name))
    question = q.question(name)
    frame = entries.frame
    columns = q.columns(question)
    if question.type == QuestionType.SELECT_MULTIPLE:
        answered = pl.any_horizontal(pl.col(columns).is_not_null())
    elif question.type in (
        QuestionType.SELECT_ONE,
        QuestionType.INTEGER,
        QuestionType.DECIMAL,
    ):
        answered = pl.col(name).is_not_null()
    else:
        raise ValueError(Text("repeat_analysis.type", name=name))
    rows = frame.filter(answered)
    n_entries = rows.height
    n_persons = rows.get_column(PERSON).n_unique()
    if n_persons < k:
        table = pl.DataFrame()
    elif question.type == QuestionType.SELECT_ONE:
        options = q.choice_list(question).names()
        counts = rows.group_by(name).agg(pl.len().cast(pl.Int64).alias("count"))
        table = (
            pl.DataFrame({"option": options})
            .join(counts.rename({name: "option"}), on="option", how="left")
            .with_columns(pl.col("count").fill_null(0))
            .with_columns((pl.col("count") * 100.0 / n_entries).alias("percent"))
        )
    elif question.type == QuestionType.SELECT_MULTIPLE:
        options = q.choice_list(question).names()
        table = pl.DataFrame(
            {
                "option": options,
                "count": rows.select(pl.col(columns).fill_null(False).sum()).row(0),
            }
        ).with_columns(
            pl.col("count").cast(pl.Int64), (pl.col("count") * 100.0 / n_entries).alias("percent")
        )
    else:
        table = rows.select(
            pl.col(name).cast(pl.Float64).mean().alias("mean"),
            pl.col(name).cast(pl.Float64).std().alias("sd"),
        )
    return RepeatResult(name, entries.repeat, str(question.type), k, n_entries, n_persons, table)
