"""Question types know what they can do (``lipkit.study.model.CAPABILITIES``): one table
instead of a set of types in each module. The engine analyses a date question (its answer
states), the report and the survey's result pages leave it out — now for a named reason."""

from __future__ import annotations

from datetime import date

import polars as pl
from studies import with_k

from lipkit.analysis.engine import analyze
from lipkit.report.numbers import Results
from lipkit.study.model import (
    CAPABILITIES,
    SELECT_TYPES,
    Capability,
    Choice,
    ChoiceList,
    Question,
    Questionnaire,
    QuestionType,
    Study,
)

T = QuestionType


def test_the_table_of_capabilities() -> None:
    def types(capability: Capability) -> list[str]:
        return sorted(t.value for t in QuestionType.having(capability))

    assert set(CAPABILITIES) == set(QuestionType)
    assert types(Capability.CHOICES) == ["select_multiple", "select_one"]
    assert types(Capability.MULTIPLE) == ["select_multiple"]
    assert types(Capability.NUMBER) == ["decimal", "integer"]
    assert types(Capability.OPEN) == ["text"]
    assert types(Capability.TYPED) == ["date", "decimal", "integer", "text"]
    # unanalysed: geo, media, time, metadata, a repeat's questions, kept as written
    assert types(Capability.VERBATIM) == ["calculate", "text", "unanalysed"]
    assert types(Capability.ANALYSED) == [
        "date",
        "decimal",
        "integer",
        "select_multiple",
        "select_one",
        "text",
    ]
    assert types(Capability.REPORTED) == [
        "decimal",
        "integer",
        "select_multiple",
        "select_one",
        "text",
    ]
    assert {T.SELECT_ONE, T.SELECT_MULTIPLE} == SELECT_TYPES
    assert T.NOTE.can(Capability.ANALYSED) is False and T.DATE.can(Capability.ANALYSED)


FORM = Questionnaire(
    survey=[
        Question(name="s", type=T.SELECT_ONE, list_name="jn"),
        Question(name="d", type=T.DATE),
        Question(name="info", type=T.NOTE),
        Question(name="t", type=T.TEXT),
        Question(name="c", type=T.CALCULATE, calculation="1"),
        Question(name="n", type=T.INTEGER),
    ],
    choices={"jn": ChoiceList(name="jn", choices=[Choice(name="ja"), Choice(name="nein")])},
)
FRAME = pl.DataFrame(
    {
        "_row": [2, 3, 4, 5],
        "s": ["ja", "nein", None, "ja"],
        "d": [date(2025, 3, 1), None, date(2025, 3, 2), date(2025, 3, 3)],
        "t": ["a", None, None, "b"],
        "c": ["1", "1", "1", "1"],
        "n": [1, 2, None, 4],
    },
    schema_overrides={"_row": pl.Int64, "n": pl.Int64},
)


def test_a_date_is_analysed_but_not_reported() -> None:
    study = Study(questionnaire=FORM)
    analysed = analyze(with_k(study, 1), FRAME).questions.filter(pl.col("group").is_null())
    assert analysed["question"].to_list() == ["s", "d", "t", "n"]
    when = analysed.filter(pl.col("question") == "d").row(0, named=True)
    assert (when["n_answered"], when["n_skipped"]) == (3, 1)
    assert Results(study, FRAME).analysed == ["s", "t", "n"]
