"""Random small studies for property tests: questionnaires of every question type on two
choice lists, expressions from the whole grammar, canonical frames with empty answers, NaN and
awkward texts (' 2 ', '-3.5', 'a b'), each row also in one-respondent form. Used by
``test_expressions_property`` (Python and polars agree) and ``test_survey_logic_js`` (the
browser's evaluator agrees too)."""

from __future__ import annotations

import math
from datetime import date

import polars as pl
from hypothesis import strategies as st

from lipkit.study.expressions import (
    Binary,
    Call,
    Current,
    Literal,
    Name,
    Neg,
    Node,
    Not,
    Ref,
    to_text,
)
from lipkit.study.model import Choice, ChoiceList, Group, Question, Questionnaire, QuestionType

LISTS = {"abc": ["a", "b", "c"], "xy": ["x", "y"]}
GROUP_OF = {"a": "g1", "b": "g2"}  # choice c has no 'grp' column: '' in a choice_filter
CHOICES = {
    name: ChoiceList(
        name=name,
        choices=[
            Choice(name=c, filters={"grp": GROUP_OF[c]} if c in GROUP_OF else {}) for c in names
        ],
    )
    for name, names in LISTS.items()
}
TEXTS = ["", "a", "b", "x", "1", " 2 ", "a b", "-3.5", "g1", "true", "2024-05-01"]
TEXTS += ["2024-05-01T10:00:00+02:00", "1999-12-31T23:59:59.999Z"]
DATE_FORMATS = ["%Y-%m-%d", "%e.%n.%y %H:%M:%S.%3", "%a %d %b %h%%"]
NUMBERS = [0.0, 1.0, 2.0, 2.5, 3.0, 10.0, 0.5]
OPERATORS = ["or", "and", "=", "!=", "<", ">", "<=", ">=", "+", "-", "*", "div", "mod"]
TYPES = ["select_one", "select_multiple", "integer", "decimal", "text", "date"]
NUMBER_TYPES = {QuestionType.INTEGER, QuestionType.DECIMAL}


@st.composite
def question_lists(draw, min_size: int = 1) -> list[Question]:
    types = draw(st.lists(st.sampled_from(TYPES), min_size=min_size, max_size=5))
    questions = []
    for i, type_ in enumerate(types):
        list_name = draw(st.sampled_from(sorted(LISTS))) if type_.startswith("select") else None
        questions.append(Question(name=f"q{i}", type=QuestionType(type_), list_name=list_name))
    return questions


_FUNCTIONS = {
    "if": 3,
    "coalesce": 2,
    "min": 3,
    "max": 2,
    "sum": 2,
    "round": 1,
    "round-digits": 1,
    "substr": 2,
    "substr-end": 3,
    "string": 1,
    "selected-at": 2,
    "date": 1,
    "decimal-date-time": 1,
    "format-date": 1,
}


def _function(name: str, args: list[Node], pick: int) -> Node:
    """A call of ``name`` on the first of ``args``; ``pick`` chooses a literal argument."""
    used = tuple(args[: _FUNCTIONS[name]])
    match name:
        case "round-digits":
            digits = [Literal(2.0), Literal(0.0), Neg(Literal(1.0))][pick % 3]
            return Call("round", (*used, digits))
        case "substr-end":
            return Call("substr", used)
        case "format-date":
            return Call("format-date", (*used, Literal(DATE_FORMATS[pick % len(DATE_FORMATS)])))
        case "min":
            return Call("min", used[: 1 + pick % 3])
    return Call(name, used)


def expressions(
    questions: list[Question], current: str | None = None, names: bool = False
) -> st.SearchStrategy[Node]:
    refs = [Ref(q.name) for q in questions]
    text_refs = [Ref(q.name) for q in questions if q.type not in NUMBER_TYPES]
    choice_names = sorted({c for names_ in LISTS.values() for c in names_})
    bare = [Name("grp"), Name("name")] if names else []
    leaves = st.one_of(
        st.sampled_from(refs),
        st.sampled_from(TEXTS).map(Literal),
        st.sampled_from(NUMBERS).map(Literal),
        st.sampled_from(
            [Call("true"), Call("false"), Call("today"), Call("now"), Call("position")]
        ),
        *([st.just(Current())] if current else []),
        *([st.sampled_from(bare)] if bare else []),
    )
    # selected()/count-selected() take text: a select or text question, a string, a bare name.
    text_args = st.one_of(
        st.sampled_from([*text_refs, *bare] or [Literal("a")]),
        st.sampled_from([*TEXTS, *choice_names]).map(Literal),
    )

    def extend(children: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
        return st.one_of(
            st.builds(Binary, st.sampled_from(OPERATORS), children, children),
            st.builds(Not, children),
            st.builds(Neg, children),
            st.builds(lambda a, b: Call("selected", (a, b)), text_args, text_args),
            st.builds(lambda a: Call("count-selected", (a,)), text_args),
            # the functions of real forms beyond the first subset (one strategy of three
            # arguments, so that the strategy's own description stays small)
            st.builds(
                _function,
                st.sampled_from(sorted(_FUNCTIONS)),
                st.lists(children, min_size=3, max_size=3),
                st.sampled_from(range(6)),
            ),
        )

    return st.recursive(leaves, extend, max_leaves=8)


def answer_values(question: Question) -> st.SearchStrategy[object]:
    match question.type:
        case QuestionType.SELECT_ONE:
            return st.sampled_from([None, *LISTS[question.list_name or ""]])
        case QuestionType.SELECT_MULTIPLE:
            names = LISTS[question.list_name or ""]
            return st.one_of(st.none(), st.sets(st.sampled_from(names)))
        case QuestionType.INTEGER:
            return st.one_of(st.none(), st.integers(-3, 12))
        case QuestionType.DECIMAL:
            return st.sampled_from([None, -1.5, -0.0, 0.0, 2.5, 3.0, math.nan])
        case QuestionType.DATE:
            return st.sampled_from([None, date(2024, 5, 1), date(999, 1, 2)])
    return st.one_of(st.none(), st.sampled_from(TEXTS))


@st.composite
def frames(draw, questions: list[Question]) -> tuple[pl.DataFrame, list[dict[str, object]]]:
    """A canonical frame and, for each row, the same answers in one-respondent form."""
    size = draw(st.integers(1, 6))
    answers: list[dict[str, object]] = [{} for _ in range(size)]
    columns: dict[str, pl.Series] = {}
    for q in questions:
        values = draw(st.lists(answer_values(q), min_size=size, max_size=size))
        for row, value in zip(answers, values, strict=True):
            row[q.name] = sorted(value) if isinstance(value, set) else value
        if q.type == QuestionType.SELECT_MULTIPLE:
            for c in LISTS[q.list_name or ""]:
                flags = [None if v is None else c in v for v in values]  # type: ignore[operator]
                columns[f"{q.name}/{c}"] = pl.Series(flags, dtype=pl.Boolean)
        else:
            dtype = {
                QuestionType.INTEGER: pl.Int64,
                QuestionType.DECIMAL: pl.Float64,
                QuestionType.DATE: pl.Date,
            }.get(q.type, pl.String)
            columns[q.name] = pl.Series(values, dtype=dtype)
    return pl.DataFrame(columns), answers


@st.composite
def grouped_forms(draw) -> Questionnaire:
    """Questions spread over two nested groups, every item with a random relevant."""
    questions = draw(question_lists(min_size=2))

    def relevant(current: str | None) -> str | None:
        node = draw(st.one_of(st.none(), expressions(questions, current=current)))
        return None if node is None else to_text(node)

    for q in questions:
        q.relevant = relevant(q.name)
    cut_outer, cut_inner = sorted(
        draw(st.lists(st.integers(0, len(questions)), min_size=2, max_size=2))
    )
    inner = Group(name="inner", relevant=relevant(None), items=questions[cut_inner:])
    outer = Group(
        name="outer", relevant=relevant(None), items=[*questions[cut_outer:cut_inner], inner]
    )
    return Questionnaire(survey=[*questions[:cut_outer], outer], choices=CHOICES)


def choice_filter_questions(data: st.DataObject):
    """Random questions plus a single (``one``) and a multiple choice (``many``) on the list
    ``abc``, each with a random ``choice_filter``; (questions, filter of one, of many)."""
    questions = data.draw(question_lists())
    filter_one = data.draw(expressions(questions, current="one", names=True))
    filter_many = data.draw(expressions(questions, current="many", names=True))
    questions += [
        Question(name="one", type=QuestionType.SELECT_ONE, list_name="abc"),
        Question(name="many", type=QuestionType.SELECT_MULTIPLE, list_name="abc"),
    ]
    questions[-2].choice_filter = to_text(filter_one)
    questions[-1].choice_filter = to_text(filter_many)
    return questions, filter_one, filter_many
