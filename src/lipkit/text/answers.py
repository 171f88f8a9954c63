"""Verbatim open answers per group, under the open-text threshold ``k_text`` (conventions §5).

A group's answers are shown only when at least ``k_text`` of its respondents wrote one
(default 10, higher than ``k``: a sentence can identify its writer where a tick cannot), with
the same complementary suppression along the org tree as every other number, so that no
small unit's answers can be singled out as "the whole Dezernat minus the units shown".

Answers are listed in alphabetical order, never in file order, and without row numbers: a
reader must not be able to line an answer up with the same person's other answers.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from lipkit.analysis.engine import analyze, group_column
from lipkit.privacy import MISSING
from lipkit.privacy.pattern import NO_DECISIONS, Decisions, check_floor
from lipkit.study.expressions import FormLogic
from lipkit.study.model import QuestionType, Study

GROUPS_SCHEMA = pl.Schema({"group": pl.String, "n": pl.Int64, "suppressed": pl.Boolean})
ANSWERS_SCHEMA = pl.Schema({"group": pl.String, "text": pl.String})


@dataclass(frozen=True)
class OpenAnswers:
    question: str
    by: str | None
    k_text: int
    groups: pl.DataFrame
    """group (null = whole survey), n (respondents who wrote an answer; null when hidden),
    suppressed."""
    answers: pl.DataFrame
    """group, text: the answers of every published group, alphabetically per group."""

    def texts(self, group: str | None) -> list[str]:
        """The answers of one group (None = whole survey); empty when it is hidden."""
        rows = self.answers.filter(pl.col("group").eq_missing(pl.lit(group, dtype=pl.String)))
        return rows["text"].to_list()

    def to_dict(self) -> dict:
        return {
            "question": self.question,
            "by": self.by,
            "k_text": self.k_text,
            "groups": [
                {**row, "answers": self.texts(row["group"])}
                for row in self.groups.iter_rows(named=True)
            ],
        }


def open_answers(
    study: Study,
    frame: pl.DataFrame,
    question: str,
    *,
    by: str | None = None,
    k_text: int | None = None,
    decisions: Decisions = NO_DECISIONS,
) -> OpenAnswers:
    """The answers to a ``text`` question, for the whole survey and each group of ``by``."""
    questionnaire = study.questionnaire
    if not questionnaire.has_question(question):
        raise ValueError(f"open answers: {question!r} is not a question of the questionnaire")
    if questionnaire.question(question).type != QuestionType.TEXT:
        raise ValueError(f"open answers: {question!r} is not a text question")
    k_text = study.settings.k_text if k_text is None else k_text
    check_floor(k_text, study.settings.k_text)
    # the study's k is a floor for open text too (a study may set k above k_text)
    k_text = max(k_text, study.settings.k)
    # The engine counts who wrote an answer (base `answered`) per group and suppresses
    # along the org tree; with k = k_text that is exactly the rule for open text.
    counts = analyze(
        study, frame, questions=[question], by=by, k=k_text, decisions=decisions
    ).questions
    groups = counts.select("group", pl.col("n_answered").alias("n"), "suppressed").cast(
        GROUPS_SCHEMA
    )
    published = groups.filter(~pl.col("suppressed"))["group"]

    text = pl.col(question).cast(pl.String)
    # Only answers the engine counts: the question was shown and something was written.
    shown = FormLogic(questionnaire).shown(question)
    written = frame.lazy().filter(shown & (text.str.len_bytes() > 0).fill_null(False))
    parts = [written.select(pl.lit(None, dtype=pl.String).alias("group"), text.alias("text"))]
    if by is not None:
        unit = pl.col(group_column(study, frame, by)).cast(pl.String)
        group = pl.when(unit.str.len_bytes() > 0).then(unit).otherwise(pl.lit(MISSING))
        parts.append(written.select(group.alias("group"), text.alias("text")))
    whole_published = published.is_null().any()
    answers = (
        pl.concat(parts)
        .filter(
            pl.col("group").is_in(published.drop_nulls().implode())
            | (pl.col("group").is_null() & whole_published)
        )
        .sort("group", "text", nulls_last=False)
        .collect()
        .cast(ANSWERS_SCHEMA)
    )
    return OpenAnswers(question, by, k_text, groups, answers)
