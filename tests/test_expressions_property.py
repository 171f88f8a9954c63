"""The vectorised (polars) and the one-respondent (Python) evaluation agree on every input.

On the random small studies of ``studies/random_forms.py``: questionnaires, expressions from the
whole grammar, canonical frames with empty answers, NaN and awkward texts.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from studies.random_forms import (
    CHOICES,
    choice_filter_questions,
    expressions,
    frames,
    grouped_forms,
    question_lists,
)

from lipkit.study.expressions import (
    FormLogic,
    Node,
    evaluate,
    evaluate_condition,
    parse,
    to_polars,
    to_polars_condition,
    to_text,
)
from lipkit.study.model import Questionnaire

# The moment today() and now() read in both evaluations.
NOW = datetime(2026, 12, 5, 23, 30, 15, 250000, tzinfo=timezone(timedelta(hours=1)))

FAST = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def same_value(python: object, vectorised: object) -> bool:
    if isinstance(python, float):
        if math.isnan(python):
            return vectorised is None or math.isnan(vectorised)  # type: ignore[arg-type]
        return vectorised == python
    return python == vectorised


# -- properties --------------------------------------------------------------------------------


@FAST
@given(data=st.data())
def test_python_and_polars_agree(data: st.DataObject) -> None:
    questions = data.draw(question_lists())
    form = Questionnaire(survey=questions, choices=CHOICES)
    current = data.draw(st.sampled_from([None, *[q.name for q in questions]]))
    node = data.draw(expressions(questions, current=current))
    frame, rows = data.draw(frames(questions))
    # each row as a repeat entry: position(..) reads its index from a column
    positions = data.draw(st.lists(st.integers(1, 4), min_size=len(rows), max_size=len(rows)))
    frame = frame.with_columns(pl.Series(POSITION, positions, dtype=pl.Int64))

    assert parse(to_text(node)) == node  # the text form reads back as the same tree

    result = frame.with_columns(
        condition=evaluate_and_vectorise(node, form, current, condition=True),
        value=evaluate_and_vectorise(node, form, current, condition=False),
    )
    for row, answers, at in zip(result.iter_rows(named=True), rows, positions, strict=True):
        kw = {"current": current, "now": NOW, "position": at}
        assert evaluate_condition(node, answers, form, **kw) is row["condition"]
        python_value = evaluate(node, answers, form, **kw)
        assert same_value(python_value, row["value"]), (to_text(node), answers, python_value)


POSITION = "_position"


def evaluate_and_vectorise(
    node: Node, form: Questionnaire, current: str | None, *, condition: bool
) -> pl.Expr:
    if condition:
        return to_polars_condition(node, form, current=current, now=NOW, position=POSITION)
    return to_polars(node, form, current=current, now=NOW, position=POSITION)


@FAST
@given(data=st.data())
def test_shown_agrees_with_is_shown(data: st.DataObject) -> None:
    form = data.draw(grouped_forms())
    logic = FormLogic(form, now=NOW)
    frame, rows = data.draw(frames(form.questions()))
    names = [q.name for q in form.questions()] + ["outer", "inner"]
    result = frame.select(**{f"shown_{n}": logic.shown(n) for n in names})
    for row, answers in zip(result.iter_rows(named=True), rows, strict=True):
        for n in names:
            assert logic.is_shown(n, answers) is row[f"shown_{n}"], (n, answers)


@FAST
@given(data=st.data())
def test_choice_filters_agree(data: st.DataObject) -> None:
    questions, filter_one, _ = choice_filter_questions(data)
    assert parse(to_text(filter_one), field="choice_filter") == filter_one
    form = Questionnaire(survey=questions, choices=CHOICES)
    logic = FormLogic(form, now=NOW)
    frame, rows = data.draw(frames(questions))
    result = frame.select(one=logic.choice_allowed("one"), many=logic.choice_allowed("many"))
    for row, answers in zip(result.iter_rows(named=True), rows, strict=True):
        assert logic.choice_holds("one", answers) is row["one"]
        assert logic.choice_holds("many", answers) is row["many"]
        allowed = logic.allowed_choices("one", answers)
        assert allowed == [
            c.name
            for c in CHOICES["abc"].choices
            if evaluate_condition(filter_one, answers, form, current="one", choice=c, now=NOW)
        ]
