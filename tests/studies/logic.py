"""The form of the expression tests: every question type, nested groups with filters, a
cascading Dezernat > Fachbereich select; and five respondents (the last answered nothing), as a
frame and one answer dict per respondent. Shared by ``test_expressions`` (truth tables) and
``test_survey_logic_js`` (the browser's evaluator agrees)."""

from __future__ import annotations

from datetime import date

import polars as pl

from lipkit.study.model import Choice, ChoiceList, Group, Question, Questionnaire, QuestionType


def choices(name: str, *names: str, **filters: dict[str, str]) -> ChoiceList:
    return ChoiceList(
        name=name, choices=[Choice(name=n, filters=filters.get(n, {})) for n in names]
    )


def question(name: str, type_: str, list_name: str | None = None, **kwargs) -> Question:
    return Question(name=name, type=QuestionType(type_), list_name=list_name, **kwargs)


UNITS = {
    "F11": {"dezernat": "D1"},
    "F12": {"dezernat": "D1"},
    "F21": {"dezernat": "D2"},
}

FORM = Questionnaire(
    survey=[
        question("q1", "select_one", "yn"),
        question("q2", "select_multiple", "langs"),
        question("age", "integer", constraint=". >= 0 and . <= 100"),
        question("score", "decimal"),
        question("txt", "text"),
        question("when", "date"),
        question("info", "note"),
        Group(
            name="g1",
            relevant="${q1} = 'ja'",
            items=[
                question("q3", "select_one", "yn", relevant="selected(${q2}, 'en')"),
                Group(name="g2", relevant="${age} > 30", items=[question("q4", "text")]),
            ],
        ),
        question("dezernat", "select_one", "dez"),
        question("fachbereich", "select_one", "fb", choice_filter="dezernat=${dezernat}"),
        question("bereiche", "select_multiple", "fb", choice_filter="dezernat = ${dezernat}"),
    ],
    choices={
        "yn": choices("yn", "ja", "nein", "k_a"),
        "langs": choices("langs", "de", "en", "tr"),
        "dez": choices("dez", "D1", "D2"),
        "fb": ChoiceList(name="fb", choices=[Choice(name=n, filters=f) for n, f in UNITS.items()]),
    },
)

# Five respondents; the last answered nothing at all.
FRAME = pl.DataFrame(
    {
        "q1": ["ja", "nein", "ja", "k_a", None],
        "q2/de": [True, True, False, True, None],
        "q2/en": [True, False, True, False, None],
        "q2/tr": [False, False, False, True, None],
        "age": [40, 20, 31, 100, None],
        "score": [2.5, 0.0, -1.0, 10.0, None],
        "txt": [" 5 ", "abc", "", "5 6", None],
        "when": [date(2024, 5, 1), date(2023, 1, 2), None, date(2024, 5, 1), None],
    },
    schema_overrides={"age": pl.Int64, "score": pl.Float64, "when": pl.Date},
)


def answers_of(row: dict) -> dict[str, object]:
    """A frame row in the one-respondent form: select_multiple as a list of choice names."""
    answers: dict[str, object] = {}
    for q in FORM.questions():
        columns = FORM.columns(q)
        if q.type == QuestionType.SELECT_MULTIPLE:
            flags = {c.split("/", 1)[1]: row.get(c) for c in columns}
            answered = any(v is not None for v in flags.values())
            answers[q.name] = [c for c, v in flags.items() if v] if answered else None
        elif columns and columns[0] in row:
            answers[q.name] = row[columns[0]]
    return answers


ROWS = [answers_of(r) for r in FRAME.to_dicts()]
