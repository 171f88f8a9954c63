"""XLSForm expressions: parse trees, errors, and hand-checked truth tables (frame and one row)."""

from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone

import polars as pl
import pytest
from studies.logic import FORM, FRAME, ROWS, answers_of, choices, question

from lipkit.study.expressions import (
    Binary,
    Call,
    Current,
    ExpressionError,
    FormLogic,
    Literal,
    Name,
    Neg,
    Not,
    Ref,
    evaluate,
    evaluate_condition,
    parse,
    references,
    to_polars,
    to_polars_condition,
    to_text,
)
from lipkit.study.model import Choice, ChoiceList, Group, Questionnaire


def truth(text: str, current: str | None = None, frame: pl.DataFrame = FRAME) -> list[bool]:
    """The condition on every row, vectorised; asserts the one-row evaluation agrees."""
    node = parse(text)
    vectorised = frame.select(to_polars_condition(node, FORM, current=current))
    column = vectorised.to_series().to_list()
    rows = [answers_of(r) for r in frame.to_dicts()]
    assert [evaluate_condition(node, a, FORM, current=current) for a in rows] == column
    assert None not in column
    return column


# -- parse trees ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        ("${q1} = 'ja'", Binary("=", Ref("q1"), Literal("ja"))),
        ('${q1} != "nein"', Binary("!=", Ref("q1"), Literal("nein"))),
        (". >= 0", Binary(">=", Current(), Literal(0.0))),
        ("3.25", Literal(3.25)),
        (".5", Literal(0.5)),
        ("not(${a})", Not(Ref("a"))),
        ("-${a}", Neg(Ref("a"))),
        ("- -1", Neg(Neg(Literal(1.0)))),
        ("selected(${a}, 'x')", Call("selected", (Ref("a"), Literal("x")))),
        (
            "count-selected(${a}) > 1",
            Binary(">", Call("count-selected", (Ref("a"),)), Literal(1.0)),
        ),
        ("true()", Call("true")),
        ("false ( )", Call("false")),
        ("((${a}))", Ref("a")),
        ("position(..)", Call("position")),
        ("position( .. ) > 1", Binary(">", Call("position"), Literal(1.0))),
    ],
)
def test_parse_trees(text: str, tree) -> None:
    assert parse(text) == tree


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        # or < and
        (
            "${a} or ${b} and ${c}",
            Binary("or", Ref("a"), Binary("and", Ref("b"), Ref("c"))),
        ),
        # and < equality < relational
        (
            "${a} = 1 and ${b} < 2 = true()",
            Binary(
                "and",
                Binary("=", Ref("a"), Literal(1.0)),
                Binary("=", Binary("<", Ref("b"), Literal(2.0)), Call("true")),
            ),
        ),
        # relational < additive < multiplicative
        (
            "1 + 2 * 3 > 4 mod 5 - 6 div 7",
            Binary(
                ">",
                Binary("+", Literal(1.0), Binary("*", Literal(2.0), Literal(3.0))),
                Binary(
                    "-",
                    Binary("mod", Literal(4.0), Literal(5.0)),
                    Binary("div", Literal(6.0), Literal(7.0)),
                ),
            ),
        ),
        # multiplicative < unary minus
        ("-2 * 3", Binary("*", Neg(Literal(2.0)), Literal(3.0))),
        # left associativity
        ("1 - 2 - 3", Binary("-", Binary("-", Literal(1.0), Literal(2.0)), Literal(3.0))),
        ("1 div 2 div 4", Binary("div", Binary("div", Literal(1.0), Literal(2.0)), Literal(4.0))),
        # parentheses override
        ("(1 + 2) * 3", Binary("*", Binary("+", Literal(1.0), Literal(2.0)), Literal(3.0))),
        (
            "(${a} or ${b}) and ${c}",
            Binary("and", Binary("or", Ref("a"), Ref("b")), Ref("c")),
        ),
        # no spaces needed around symbolic operators after a reference
        ("${a}-1", Binary("-", Ref("a"), Literal(1.0))),
        ("${a}=${b}", Binary("=", Ref("a"), Ref("b"))),
    ],
)
def test_precedence(text: str, tree) -> None:
    assert parse(text) == tree
    assert parse(to_text(tree)) == tree


def test_bare_names_in_choice_filter() -> None:
    assert parse("dezernat=${dezernat}", field="choice_filter") == Binary(
        "=", Name("dezernat"), Ref("dezernat")
    )
    # XPath: a hyphen belongs to a name, and 'and'/'div' are names where no operator can stand.
    assert parse("a-b = 'x'", field="choice_filter") == Binary("=", Name("a-b"), Literal("x"))
    assert parse("div and and", field="choice_filter") == Binary("and", Name("div"), Name("and"))


def test_to_text_adds_only_needed_parentheses() -> None:
    assert to_text(parse("(${a} + 1) * -(2 - 3)")) == "(${a} + 1) * -(2 - 3)"
    assert to_text(parse("${a} - (1 - 2)")) == "${a} - (1 - 2)"
    assert to_text(Binary("=", Ref("a"), Literal("it's"))) == '${a} = "it\'s"'
    assert to_text(Literal(0.0000001)) == "0.0000001"


def test_references() -> None:
    node = parse("selected(${q2}, 'en') and (${q1} = 'ja' or . > ${age})")
    assert references(node) == {"q1", "q2", "age"}


# -- errors --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message", "position"),
    [
        ("${q1} == 'x'", "unexpected '='", 7),
        ("", "empty expression", 0),
        ("   ", "empty expression", 0),
        ("${q1} = ", "unexpected end of expression", 8),
        ("(${q1} = 'a'", "unexpected end of expression, expected ')'", 12),
        ("${q1} = 'a')", "unexpected ')'", 11),
        ("${q1} = 'a", "unterminated string", 8),
        ("${q1 = 'a'", "malformed reference, expected ${name}", 0),
        ("${} = 'a'", "malformed reference, expected ${name}", 0),
        ("pulldata('f')", "unknown function 'pulldata()'", 0),
        ("jr:other-name(${q1}, 'x')", "unknown function 'jr:other-name()'", 0),
        ("selected(${q1})", "selected() takes 2 arguments, got 1", 0),
        ("not(${a}, ${b})", "not() takes 1 argument, got 2", 0),
        ("true(1)", "true() takes 0 arguments, got 1", 0),
        ("q1 = 'a'", "bare name 'q1' is only meaningful in a choice_filter", 0),
        ("../q1 = 'a'", "unexpected '..'", 0),
        ("position()", "unexpected ')', expected '..' (position(..))", 9),
        ("position(.)", "unexpected '.', expected '..' (position(..))", 9),
        ("position(.., 1)", "unexpected '..'", 9),
        ("position(..)..", "unexpected '..'", 12),
        ("/data/q1 = 'a'", "unexpected '/'", 0),
        ("${a} | ${b}", "unexpected '|'", 5),
        ("${a} ! ${b}", "unexpected '!'", 5),
        ("* 2", "unexpected '*'", 0),
        ("${a} and", "unexpected end of expression", 8),
        ("1 2", "unexpected '2'", 2),
        ("${a} = 'x' 'y'", "unexpected \"'y'\"", 11),
    ],
)
def test_parse_errors(text: str, message: str, position: int) -> None:
    with pytest.raises(ExpressionError) as caught:
        parse(text, question="q5", field="constraint")
    error = caught.value
    assert error.message.startswith(message)
    assert error.position == position
    assert error.question == "q5"
    assert error.expression == text
    assert str(error).startswith(f"question 'q5', constraint \"{text}\": {message}")
    assert str(error).endswith(f" at position {position}")


def test_error_message_format() -> None:
    form = Questionnaire(
        survey=[
            question("q1", "select_one", "yn"),
            question("q5", "text", relevant="${q1} == 'x'"),
        ],
        choices={"yn": choices("yn", "ja", "nein")},
    )
    with pytest.raises(ExpressionError) as caught:
        FormLogic(form)
    assert str(caught.value) == (
        "question 'q5', relevant \"${q1} == 'x'\": unexpected '=' at position 7"
    )


def test_every_bad_expression_of_a_form_is_reported_at_once() -> None:
    form = Questionnaire(
        survey=[
            question("q1", "select_one", "yn"),
            question("q5", "text", relevant="${q1} == 'x'"),
            question("q6", "integer", constraint="format-date(., 'x') = 1"),
            question("q7", "date", constraint=". <= today() and format-date(., '%Q') != ''"),
        ],
        choices={"yn": choices("yn", "ja", "nein")},
    )
    with pytest.raises(ExpressionError) as caught:
        FormLogic(form)
    assert caught.value.lines == [
        "question 'q5', relevant \"${q1} == 'x'\": unexpected '=' at position 7",
        # format-date() is known; its pattern must be a known one (JavaRosa's directives)
        "question 'q7', constraint \". <= today() and format-date(., '%Q') != ''\": "
        "format-date() pattern '%Q': unknown directive '%Q' (known: %Y %y %m %n %b %d %e %a "
        "%H %h %M %S %3 %%) at position 32",
    ]


def form_with(**fields: str) -> Questionnaire:
    return Questionnaire(
        survey=[
            question("q1", "select_one", "yn"),
            question("n", "integer"),
            question("fb", "select_one", "fb", **fields),
        ],
        choices={"yn": choices("yn", "ja", "nein"), "fb": FORM.choices["fb"]},
    )


@pytest.mark.parametrize(
    ("fields", "field", "message", "position"),
    [
        ({"relevant": "${nope} = 'x'"}, "relevant", "unknown question ${nope}", 0),
        ({"constraint": ". = ${q1} or ${q9}"}, "constraint", "unknown question ${q9}", 13),
        ({"choice_filter": "parent = ${q1}"}, "choice_filter", "'parent' is not a column", 0),
        ({"choice_filter": "dezernat = ${nope}"}, "choice_filter", "unknown question", 11),
        ({"relevant": "selected(${q1}, ${n})"}, "relevant", "selected() needs a choice", 16),
        ({"relevant": "count-selected(${n} + 1)"}, "relevant", "count-selected() needs", 20),
        ({"relevant": "${q1} = 'ja' and x"}, "relevant", "bare name 'x'", 17),
    ],
)
def test_form_logic_rejects_bad_expressions(
    fields: dict[str, str], field: str, message: str, position: int
) -> None:
    with pytest.raises(ExpressionError) as caught:
        FormLogic(form_with(**fields))
    error = caught.value
    assert error.question == "fb"
    assert error.field == field
    assert error.expression == fields[field]
    assert error.position == position
    assert message in error.message
    assert f"question 'fb', {field} \"{fields[field]}\"" in str(error)


def test_group_relevant_errors_name_the_group() -> None:
    form = Questionnaire(
        survey=[Group(name="g", relevant=". = 'x'", items=[question("t", "text")])]
    )
    with pytest.raises(ExpressionError) as caught:
        FormLogic(form)
    assert str(caught.value) == (
        "group 'g', relevant \". = 'x'\": '.' has no question to refer to here at position 0"
    )


def test_lower_level_errors_name_the_expression() -> None:
    with pytest.raises(ExpressionError, match=r"'\.' has no question"):
        to_polars(parse(". > 1"), FORM)
    with pytest.raises(ExpressionError, match=r"unknown question \$\{zz\}"):
        evaluate(parse("${zz} > 1"), {}, FORM)
    with pytest.raises(ExpressionError, match="needs a choice"):
        to_polars_condition(parse("dezernat = 'D1'", field="choice_filter"), FORM)


def test_blank_expressions_are_no_expressions() -> None:
    form = Questionnaire(survey=[question("t", "text", relevant="  ", constraint="")])
    logic = FormLogic(form)
    frame = pl.DataFrame({"t": ["a", None]})
    assert frame.select(logic.shown("t")).to_series().to_list() == [True, True]
    assert frame.select(logic.constraint_ok("t")).to_series().to_list() == [True, True]


# -- values --------------------------------------------------------------------------------------


def test_values_of_each_question_type() -> None:
    values = FRAME.select(
        q1=to_polars(parse("${q1}"), FORM),
        q2=to_polars(parse("${q2}"), FORM),
        age=to_polars(parse("${age}"), FORM),
        when=to_polars(parse("${when}"), FORM),
        info=to_polars(parse("${info}"), FORM),
    )
    assert values["q1"].to_list() == ["ja", "nein", "ja", "k_a", ""]
    assert values["q2"].to_list() == ["de en", "de", "en", "de tr", ""]
    assert values["age"].to_list()[:4] == [40.0, 20.0, 31.0, 100.0]
    assert values["age"][4] is None  # null stands for NaN in the vectorised form
    assert values["when"].to_list() == ["2024-05-01", "2023-01-02", "", "2024-05-01", ""]
    assert values["info"].to_list() == [""] * 5
    python = [evaluate(parse("${q2}"), a, FORM) for a in ROWS]
    assert python == ["de en", "de", "en", "de tr", ""]
    assert math.isnan(evaluate(parse("${age}"), ROWS[4], FORM))  # type: ignore[arg-type]
    assert evaluate(parse("${when}"), ROWS[0], FORM) == "2024-05-01"
    # select_multiple answers may come in any order and as a set
    assert evaluate(parse("${q2}"), {"q2": {"tr", "de"}}, FORM) == "de tr"


# -- truth tables (rows: ja/40, nein/20, ja/31, k_a/100, all empty) ------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("${q1} = 'ja'", [True, False, True, False, False]),
        ("${q1} != 'ja'", [False, True, False, True, True]),  # empty != 'ja' is true
        ("${q1} = ''", [False, False, False, False, True]),
        ("${q1}", [True, True, True, True, False]),
        ("not(${q1} = 'ja')", [False, True, False, True, True]),
        # numbers: comparisons with an empty integer are false, except !=
        ("${age} > 30", [True, False, True, True, False]),
        ("${age} <= 31", [False, True, True, False, False]),
        ("${age} = 40", [True, False, False, False, False]),
        ("${age} != 40", [False, True, True, True, True]),
        ("not(${age} > 30)", [False, True, False, False, True]),
        ("${age} < 30 or ${age} >= 30", [True, True, True, True, False]),
        ("${age} = ''", [False, False, False, False, False]),  # NaN equals nothing
        ("${age}", [True, True, True, True, False]),
        ("${score}", [True, False, True, True, False]),  # 0 and NaN are false
        ("${score} * 2 = 5", [True, False, False, False, False]),
        ("${age} + ${score} > 40", [True, False, False, True, False]),
        ("-${score} > 0", [False, False, True, False, False]),
        # a function of an empty answer is NaN, and NaN compares false (polars: NaN > all)
        ("max(${age}, 50) > 0", [True, True, True, True, False]),
        ("number(${txt}) >= 0", [True, False, False, False, False]),
        # strings become numbers for '=' against a number and for '<' ...
        ("${txt} = 5", [True, False, False, False, False]),
        ("${txt} > 4", [True, False, False, False, False]),
        ("${txt} = '5'", [False, False, False, False, False]),  # string comparison: ' 5 '
        ("${txt} != ''", [True, True, False, True, False]),
        # select_multiple: selected / count-selected / value in choice-list order
        ("selected(${q2}, 'en')", [True, False, True, False, False]),
        ("selected(${q2}, ' tr ')", [False, False, False, True, False]),
        ("selected(${q2}, 'xx')", [False, False, False, False, False]),
        ("not(selected(${q2}, 'de'))", [False, False, True, False, True]),
        ("count-selected(${q2}) = 2", [True, False, False, True, False]),
        ("count-selected(${q2}) = 0", [False, False, False, False, True]),
        ("${q2} = 'de en'", [True, False, False, False, False]),
        ("${q2} = ''", [False, False, False, False, True]),
        # selected / count-selected on select_one and text
        ("selected(${q1}, 'ja')", [True, False, True, False, False]),
        ("count-selected(${q1}) = 1", [True, True, True, True, False]),
        ("selected(${txt}, '6')", [False, False, False, True, False]),
        ("count-selected(${txt})", [True, True, False, True, False]),
        # dates compare as ISO text
        ("${when} = '2024-05-01'", [True, False, False, True, False]),
        # booleans: '=' against a boolean compares booleans
        ("(${q1} = 'ja') = true()", [True, False, True, False, False]),
        ("${q1} = true()", [True, True, True, True, False]),
        ("true() and not(false())", [True] * 5),
        # arithmetic: div, truncating mod, division by zero
        ("7 mod 3 = 1 and -7 mod 3 = -1 and 7 mod -3 = 1", [True] * 5),
        ("5.5 mod 2 = 1.5 and 7 div 2 = 3.5", [True] * 5),
        ("1 div 0 > 1000000 and -1 div 0 < -1000000", [True] * 5),
        ("0 div 0 = 0 or 0 div 0 != 0", [True] * 5),
        ("1 mod 0 = 1 mod 0", [False] * 5),
        ("${age} mod 10 = 0", [True, True, False, True, False]),
    ],
)
def test_truth_tables(text: str, expected: list[bool]) -> None:
    assert truth(text) == expected


def test_current_question() -> None:
    assert truth(". > 30", current="age") == [True, False, True, True, False]
    assert truth("selected(., 'de')", current="q2") == [True, True, False, True, False]


# -- form logic ----------------------------------------------------------------------------------


def shown(logic: FormLogic, name: str, frame: pl.DataFrame = FRAME) -> list[bool]:
    column = frame.select(logic.shown(name)).to_series().to_list()
    rows = [answers_of(r) for r in frame.to_dicts()]
    assert [logic.is_shown(name, a) for a in rows] == column
    return column


def test_nested_group_relevance() -> None:
    logic = FormLogic(FORM)
    # q1: ja, nein, ja, k_a, -;  en ticked: y, n, y, n, -;  age: 40, 20, 31, 100, -
    assert shown(logic, "g1") == [True, False, True, False, False]
    assert shown(logic, "q3") == [True, False, True, False, False]
    assert shown(logic, "g2") == [True, False, True, False, False]
    assert shown(logic, "q4") == [True, False, True, False, False]
    assert shown(logic, "q1") == [True] * 5  # no relevance: a full-length column
    other = FRAME.with_columns(pl.Series("q2/en", [False, False, True, False, None]))
    other = other.with_columns(pl.Series("age", [40, 20, 30, 100, None]))
    assert shown(logic, "q3", other) == [False, False, True, False, False]
    assert shown(logic, "q4", other) == [True, False, False, False, False]


def test_shown_is_cached_and_a_single_expression() -> None:
    logic = FormLogic(FORM)
    assert logic.shown("q4") is logic.shown("q4")
    assert "map" not in str(logic.shown("q4")).lower()


def test_constraint_with_current_value() -> None:
    logic = FormLogic(FORM)
    frame = pl.DataFrame({"age": [50, 150, -1, 0, 100, None]}, schema={"age": pl.Int64})
    ok = frame.select(logic.constraint_ok("age")).to_series().to_list()
    assert ok == [True, False, False, True, True, True]  # empty: nothing to check
    assert [logic.constraint_holds("age", {"age": v}) for v in frame["age"]] == ok
    # questions without a constraint always pass
    assert FRAME.select(logic.constraint_ok("q1")).to_series().to_list() == [True] * 5


CASCADE = pl.DataFrame(
    {
        "dezernat": ["D1", "D1", "D2", None, "D2", "D2"],
        "fachbereich": ["F11", "F21", None, "F11", "XX", "F21"],
        "bereiche/F11": [True, True, None, True, False, False],
        "bereiche/F12": [True, False, None, False, False, False],
        "bereiche/F21": [False, True, None, False, False, True],
    }
)


def test_cascading_select_one() -> None:
    logic = FormLogic(FORM)
    assert logic.allowed_choices("fachbereich", {"dezernat": "D1"}) == ["F11", "F12"]
    assert logic.allowed_choices("fachbereich", {"dezernat": "D2"}) == ["F21"]
    assert logic.allowed_choices("fachbereich", {}) == []
    assert logic.allowed_choices("dezernat", {}) == ["D1", "D2"]  # no filter: every choice
    allowed = CASCADE.select(logic.choice_allowed("fachbereich")).to_series().to_list()
    assert allowed == [True, False, True, False, False, True]
    rows = CASCADE.to_dicts()
    python = [
        logic.choice_holds(
            "fachbereich", {"dezernat": r["dezernat"], "fachbereich": r["fachbereich"]}
        )
        for r in rows
    ]
    assert python == allowed


def test_cascading_select_multiple() -> None:
    logic = FormLogic(FORM)
    allowed = CASCADE.select(logic.choice_allowed("bereiche")).to_series().to_list()
    # row 4: F11 ticked with no dezernat; row 5: nothing ticked
    assert allowed == [True, False, True, False, True, True]
    for row, expected in zip(CASCADE.to_dicts(), allowed, strict=True):
        ticked = [c for c in ("F11", "F12", "F21") if row[f"bereiche/{c}"]]
        answers = {"dezernat": row["dezernat"], "bereiche": ticked if ticked else None}
        assert logic.choice_holds("bereiche", answers) == expected
    assert FRAME.select(logic.choice_allowed("q1")).to_series().to_list() == [True] * 5


def test_choice_filter_by_choice_name() -> None:
    form = Questionnaire(
        survey=[
            question("a", "select_one", "yn"),
            question("b", "select_one", "yn", choice_filter="name != ${a}"),
        ],
        choices={"yn": choices("yn", "ja", "nein", "k_a")},
    )
    logic = FormLogic(form)
    assert logic.allowed_choices("b", {"a": "ja"}) == ["nein", "k_a"]
    frame = pl.DataFrame({"a": ["ja", "ja", None], "b": ["ja", "nein", "ja"]})
    assert frame.select(logic.choice_allowed("b")).to_series().to_list() == [False, True, True]


def test_expression_lookup() -> None:
    logic = FormLogic(FORM)
    assert logic.expression("q3", "relevant") == parse("selected(${q2}, 'en')")
    assert logic.expression("g2", "relevant") == parse("${age} > 30")
    assert logic.expression("q1", "relevant") is None
    assert logic.expression("fachbereich", "choice_filter") == Binary(
        "=", Name("dezernat"), Ref("dezernat")
    )


# -- XPath functions of real forms (hand-checked on FRAME: txt " 5 ", "abc", "", "5 6", null) --


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("string-length(${txt}) = 3", [True, True, False, True, False]),
        ("contains(${txt}, '5')", [True, False, False, True, False]),
        ("starts-with(${txt}, 'a')", [False, True, False, False, False]),
        ("regex(${txt}, '^[a-z]+$')", [False, True, False, False, False]),
        ("regex(${txt}, '[0-9]')", [True, False, False, True, False]),
        ("concat(${q1}, '/', ${txt}) = 'nein/abc'", [False, True, False, False, False]),
        ("number(${txt}) = 5", [True, False, False, False, False]),
        ("int(${score}) = -1", [False, False, True, False, False]),
        ("int(${score} + 0.5) = 3", [True, False, False, False, False]),
        ("int(${score} + 0.5) = 10", [False, False, False, True, False]),
        ("regex(${txt}, '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,4}')", [False] * 5),
    ],
)
def test_xpath_functions_frame_and_row_agree(text: str, expected: list[bool]) -> None:
    assert truth(text) == expected


# -- dates, if(), coalesce(), min/max/sum, round, substr …, hand-checked on FRAME's five rows ---
# FRAME: age 40, 20, 31, 100, null; score 2.5, 0.0, -1.0, 10.0, null; txt " 5 ", "abc", "",
# "5 6", null; q1 ja, nein, ja, k_a, null; q2 "de en", null, null, "de tr", null;
# when 2024-05-01, 2023-01-02, null, 2024-05-01, null.

NOW = datetime(2026, 12, 5, 23, 30, 15, 250000, tzinfo=timezone(timedelta(hours=1)))
YN = {"ja": "Ja", "nein": "Nein", "k_a": "k. A."}
LABELLED = FORM.model_copy(
    update={
        "choices": {
            **FORM.choices,
            "yn": ChoiceList(
                name="yn", choices=[Choice(name=n, label={"de": t}) for n, t in YN.items()]
            ),
        }
    }
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today()", ["2026-12-05"] * 5),  # the date where the moment is (UTC+1)
        ("now()", ["2026-12-05T22:30:15.250Z"] * 5),  # the same moment in UTC
        # 2024-05-01 is day 19844 after 1970-01-01; 2026-12-05 is day 20792
        ("today() - ${when}", [948.0, 1433.0, math.nan, 948.0, math.nan]),
        ("${when} < today()", [True, True, False, True, False]),
        ("${when} > '2024-01-01'", [True, False, False, True, False]),
        ("date(${when} + 30)", ["2024-05-31", "2023-02-01", "", "2024-05-31", ""]),
        # 10:00 at UTC+2 is 08:00 UTC: a third of a day (summed as the evaluators sum it)
        (
            "decimal-date-time('2024-05-01T10:00:00+02:00')",
            [19844 + 36000 / 86400 - 120 / 1440] * 5,
        ),
        ("decimal-date-time(now())", [20792 + (22 * 3600 + 30 * 60 + 15.25) / 86400] * 5),
        (
            "format-date(${when}, '%e.%n.%Y %a')",
            ["1.5.2024 Wed", "2.1.2023 Mon", "", "1.5.2024 Wed", ""],
        ),
        ("format-date(now(), '%H:%M:%S.%3')", ["22:30:15.250"] * 5),
        ("if(${age} > 30, 'alt', 'jung')", ["alt", "jung", "alt", "alt", "jung"]),
        ("if(${age} > 30, ${age}, '')", ["40", "", "31", "100", ""]),
        ("coalesce(${txt}, 'leer')", [" 5 ", "abc", "leer", "5 6", "leer"]),
        ("coalesce(${age}, ${score})", [40.0, 20.0, 31.0, 100.0, math.nan]),
        ("min(${age}, ${score}, 3)", [2.5, 0.0, -1.0, 3.0, math.nan]),
        ("max(${age}, 50)", [50.0, 50.0, 50.0, 100.0, math.nan]),
        ("sum(${age}, ${score}, 1)", [43.5, 21.0, 31.0, 111.0, math.nan]),
        ("round(${score} * 1.5)", [4.0, 0.0, -2.0, 15.0, math.nan]),  # 3.75, 0, -1.5, 15
        ("round(${age} div 3, 2)", [13.33, 6.67, 10.33, 33.33, math.nan]),
        ("round(${age} * 10, -2)", [400.0, 200.0, 300.0, 1000.0, math.nan]),
        ("substr(${txt}, 1)", ["5 ", "bc", "", " 6", ""]),
        ("substr(${txt}, 0, 2)", [" 5", "ab", "", "5 ", ""]),
        ("selected-at(${q2}, 1)", ["en", "", "", "tr", ""]),
        ("string(${age})", ["40", "20", "31", "100", ""]),
        ("concat(${age}, '/', ${score})", ["40/2.5", "20/0", "31/-1", "100/10", "/"]),
        ("jr:choice-name(${q1}, '${q1}')", ["Ja", "Nein", "Ja", "k. A.", ""]),
    ],
)
def test_functions_of_real_forms(text: str, expected: list[object]) -> None:
    node = parse(text)
    python = [evaluate(node, row, LABELLED, now=NOW) for row in ROWS]
    frame = FRAME.with_columns(v=to_polars(node, LABELLED, now=NOW))["v"].to_list()
    for want, py, pl_value in zip(expected, python, frame, strict=True):
        if isinstance(want, float) and math.isnan(want):
            assert math.isnan(py) and (pl_value is None or math.isnan(pl_value))
        else:
            assert py == want and pl_value == want, (text, python, frame)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("regex(${txt}, ${q1})", "regex() needs its pattern written as a text literal"),
        ("regex(${txt}, '(')", "regex() pattern '(' is not a regular expression"),
        ("string-length(${age})", "string-length() needs a choice name or a select question"),
        ("concat()", "concat() takes at least one argument"),
        ("pulldata('f', 'c', 'k', 'v')", "unknown function 'pulldata()'"),
        ("round(${score}, ${age})", "round() needs its digits written as a whole number"),
        ("round(${score}, 1.5)", "round() needs its digits written as a whole number"),
        ("format-date(${age}, ${txt})", "format-date() needs its pattern written as a text"),
        ("format-date(${age}, '%Q')", "unknown directive '%Q'"),
        ("jr:choice-name(${q1}, ${q1})", "jr:choice-name() needs its question written as text"),
        ("jr:choice-name(${q1}, '${txt}')", "jr:choice-name(): ${txt} is not a select"),
        ("jr:choice-name(${q1}, '${nix}')", "unknown question ${nix}"),
        ("substr(${txt})", "substr() takes 2 to 3 arguments, got 1"),
        ("if(${age} > 1, 2)", "if() takes 3 arguments, got 2"),
    ],
)
def test_xpath_function_errors_at_form_check_time(text: str, message: str) -> None:
    form = FORM.model_copy(
        update={"survey": [*FORM.survey[:5], question("x", "text", relevant=text)]}
    )
    with pytest.raises(ExpressionError) as info:
        FormLogic(form)
    assert message in str(info.value)


def test_position_of_the_repeat_entry() -> None:
    """position(..): the entry's index (1-based), from a column over a frame and a parameter
    for one entry; 1 outside a repeat (no column, no parameter)."""
    entries = pl.DataFrame({"at": [1, 2, 3, 4]})
    cases = {
        "position(..)": [1.0, 2.0, 3.0, 4.0],
        "position(..) > 1": [False, True, True, True],
        "position(..) mod 2 = 0": [False, True, False, True],
        "concat('Kind ', position(..))": ["Kind 1", "Kind 2", "Kind 3", "Kind 4"],
    }
    for text, expected in cases.items():
        node = parse(text)
        assert to_text(node) == text
        frame = entries.select(v=to_polars(node, FORM, position="at"))["v"].to_list()
        python = [evaluate(node, {}, FORM, position=at) for at in (1, 2, 3, 4)]
        assert frame == python == expected, text
    outside = parse("position(..) = 1")
    assert evaluate_condition(outside, {}, FORM) is True
    assert FRAME.select(to_polars_condition(outside, FORM))["literal"].to_list() == [True] * 5
