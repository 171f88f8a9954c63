"""The browser's evaluator (``static/survey/logic.js``) agrees with the Python engine.

The same trees the page carries (``form.node_json``) are evaluated by logic.js — in node.js
when it is installed, else in headless Chromium — and by ``lipkit.study.expressions`` /
``FormLogic``: a hand-made table of expressions × answer sets, random expressions from the
whole grammar (hypothesis, the strategies of test_expressions_property), every filter of the
demo questionnaire on random answer sets, and the server's reading of submitted strings.
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from studies.logic import FORM, ROWS
from studies.random_forms import (
    CHOICES,
    LISTS,
    choice_filter_questions,
    expressions,
    frames,
    grouped_forms,
    question_lists,
)

import lipkit.survey
from lipkit.demo import build_demo_study
from lipkit.study.expressions import (
    FormLogic,
    _now_text,
    _today_text,
    evaluate,
    evaluate_condition,
    parse,
    to_text,
)
from lipkit.study.model import Question, Questionnaire, QuestionType, label_text
from lipkit.survey.form import OnlineForm, node_json

SELECTS = (QuestionType.SELECT_ONE, QuestionType.SELECT_MULTIPLE)
LOGIC_JS = Path(lipkit.survey.__file__).parent / "static" / "survey" / "logic.js"
CHROMIUM = "/usr/bin/chromium"

# One request -> one answer, the same function in node.js and in the browser.
HANDLE = r"""
function handle(api, request) {
  function num(x) {
    if (x !== x) { return "NaN"; }
    if (x === Infinity) { return "Infinity"; }
    if (x === -Infinity) { return "-Infinity"; }
    if (x === 0 && 1 / x < 0) { return "-0"; }
    return String(x);
  }
  function out(v) { return v.kind === "number" ? {kind: v.kind, value: num(v.value)} : v; }
  return request.map(function (r) {
    try {
      switch (r.op) {
        case "evaluate": return out(api.evaluate(r.node, r.ctx));
        case "condition": return api.condition(r.node, r.ctx);
        case "shown": return api.shown(r.conditions, r.ctx);
        case "offered": return api.offered(r.filter, r.ctx, r.current, r.choice);
        case "parse":
          var v = api.parseAnswer(r.type, r.strings);
          return typeof v === "number" ? {number: num(v)} : v;
        case "numberText": return api.numberText(r.number === "-0" ? -0 : Number(r.number));
      }
      return {error: "unknown op " + r.op};
    } catch (e) {
      return {error: String(e && e.name) + ": " + String(e && e.message)};
    }
  });
}
"""

NODE_MAIN = (
    HANDLE
    + r"""
const api = require(process.argv[1]);
const lines = require("readline").createInterface({input: process.stdin});
lines.on("line", (line) => {
  process.stdout.write(JSON.stringify(handle(api, JSON.parse(line))) + "\n");
});
"""
)


class NodeRunner:
    def __init__(self, node: str) -> None:
        self.process = subprocess.Popen(
            [node, "-e", NODE_MAIN, str(LOGIC_JS)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def __call__(self, requests: list[dict]) -> list:
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(json.dumps(requests, allow_nan=False) + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def close(self) -> None:
        self.process.stdin.close()  # type: ignore[union-attr]
        self.process.wait(timeout=10)


class BrowserRunner:
    def __init__(self) -> None:
        from playwright.sync_api import sync_playwright

        self.playwright = sync_playwright().start()
        self.browser = self.playwright.chromium.launch(executable_path=CHROMIUM)
        self.page = self.browser.new_page()
        self.page.set_content("<!DOCTYPE html><title>logic</title>")
        self.page.add_script_tag(path=str(LOGIC_JS))
        self.function = f"(request) => ({HANDLE})(window.LipkitLogic, request)"

    def __call__(self, requests: list[dict]) -> list:
        return self.page.evaluate(self.function, requests)

    def close(self) -> None:
        self.browser.close()
        self.playwright.stop()


@pytest.fixture(scope="module")
def js():
    node = shutil.which("node")
    if node:
        runner = NodeRunner(node)
    elif Path(CHROMIUM).exists():
        runner = BrowserRunner()
    else:
        pytest.skip("neither node.js nor /usr/bin/chromium is installed to run logic.js")
    yield runner
    runner.close()


# -- values between Python and JSON ----------------------------------------------------------------


def questions_json(questionnaire: Questionnaire) -> dict:
    """What the page gives the browser about the questions (respondent._logic_data)."""
    out = {}
    for q in questionnaire.questions():
        spec: dict[str, object] = {"type": q.type.value}
        if q.type == QuestionType.SELECT_MULTIPLE:
            spec["choices"] = questionnaire.choice_list(q).names()
        if q.type in SELECTS and q.list_name:
            spec["labels"] = {
                c.name: label_text(c.label, fallback=c.name)
                for c in questionnaire.choice_list(q).choices
            }
        out[q.name] = spec
    return out


def answer_json(value: object) -> object:
    if isinstance(value, float) and math.isnan(value):
        return "NaN"  # a number question's text that is no number: NaN, as in Python
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, set):
        return sorted(value)
    return value


def answers_json(answers: dict) -> dict:
    return {k: answer_json(v) for k, v in answers.items() if v is not None}


def number_json(number: float) -> str:
    """A float as text that JavaScript's Number() reads back exactly."""
    if math.isinf(number):
        return "Infinity" if number > 0 else "-Infinity"
    return "-0" if number == 0 and math.copysign(1, number) < 0 else repr(number)


def from_js(result: object) -> object:
    """A JS value as Python's evaluate() returns it."""
    assert not (isinstance(result, dict) and "error" in result), result
    if isinstance(result, dict) and result.get("kind") == "number":
        return float(result["value"])
    if isinstance(result, dict):
        return result["value"]
    return result


def same(python: object, browser: object) -> bool:
    if isinstance(python, float):
        if math.isnan(python):
            return isinstance(browser, float) and math.isnan(browser)
        # the same number, and the same sign of zero (it decides 1 div x)
        return browser == python and math.copysign(1, browser) == math.copysign(1, python)  # type: ignore[arg-type]
    return type(python) is type(browser) and python == browser


# The moment today() and now() read: late evening in UTC+1, so that today() (where the server
# is: 2026-12-05) and now() (UTC: 22:30) are on one day, and near midnight.
NOW = datetime(2026, 12, 5, 23, 30, 15, 250000, tzinfo=timezone(timedelta(hours=1)))

CLOCK = {"today": _today_text(NOW), "now": _now_text(NOW)}


def check_values(js, questionnaire, cases) -> None:
    """cases: (node, answers, current, choice); value and condition agree for every one. The
    i-th case is evaluated as repeat entry 1 + i mod 3 (position(..))."""
    questions = questions_json(questionnaire)
    requests = []
    for i, (node, answers, current, choice) in enumerate(cases):
        ctx = {
            "questions": questions,
            "answers": answers_json(answers),
            "current": current,
            "choice": {"name": choice.name, "filters": choice.filters} if choice else None,
            "today": _today_text(NOW),
            "now": _now_text(NOW),
            "position": 1 + i % 3,
        }
        requests.append({"op": "evaluate", "node": node_json(node), "ctx": ctx})
        requests.append({"op": "condition", "node": node_json(node), "ctx": ctx})
    results = js(requests)
    for i, (node, answers, current, choice) in enumerate(cases):
        kw = {"current": current, "choice": choice, "now": NOW, "position": 1 + i % 3}
        value = evaluate(node, answers, questionnaire, **kw)
        condition = evaluate_condition(node, answers, questionnaire, **kw)
        where = (to_text(node), answers, current, choice and choice.name)
        assert same(value, from_js(results[2 * i])), (*where, value, results[2 * i])
        assert results[2 * i + 1] is condition, (*where, condition)


# -- a table of expressions ------------------------------------------------------------------------

TABLE = [
    "${q1} = 'ja'",
    "${q1} != 'ja'",
    "${q1} = ''",
    "${q1}",
    "not(${q1} = 'ja')",
    "${age} > 30",
    "${age} <= 31",
    "${age} = 40",
    "${age} != 40",
    "${age} = ''",
    "${age} != ''",
    "${age}",
    "${score}",
    "${score} * 2 = 5",
    "${age} + ${score} > 40",
    "-${score} > 0",
    "-${score}",
    "${txt} = 5",
    "${txt} > 4",
    "${txt} = '5'",
    "${txt} != ''",
    "${txt} + 1",
    "${txt} * 1 = ${txt}",
    "selected(${q2}, 'en')",
    "selected(${q2}, ' tr ')",
    "selected(${q2}, 'xx')",
    "selected(${q2}, '')",
    "not(selected(${q2}, 'de'))",
    "count-selected(${q2}) = 2",
    "count-selected(${q2})",
    "${q2} = 'de en'",
    "${q2}",
    "selected(${q1}, 'ja')",
    "count-selected(${q1}) = 1",
    "selected(${txt}, '6')",
    "selected(${txt}, 5)",
    "selected('a 5 b', 5)",
    "selected('a b a', 'a b')",
    "count-selected(${txt})",
    "count-selected('a a  b')",
    "${when} = '2024-05-01'",
    "${when} < '2025'",
    "${when}",
    "${info} = ''",
    "(${q1} = 'ja') = true()",
    "${q1} = true()",
    "${age} = true()",
    "${age} = false()",
    "true() and not(false())",
    "true() + true()",
    "false() < true()",
    "'' = false()",
    "'2' = 2.0",
    "' 2 ' < 3",
    "'-.5' = -0.5",
    "'+1' = 1",
    "'1e3' = 1000",
    "'abc' < 'abd'",
    "'10' > '9'",
    "7 mod 3 = 1 and -7 mod 3 = -1 and 7 mod -3 = 1",
    "-7 mod 3",
    "5.5 mod 2",
    "7 div 2",
    "1 div 0",
    "-1 div 0",
    "0 div 0",
    "1 div -0",
    "1 div (0 * -1)",
    "1 mod 0",
    "5 mod (1 div 0)",
    "-(0)",
    "1 div -(0)",
    "0.1 + 0.2",
    "0.1 + 0.2 = 0.3",
    "99999999999999999999 + 1",
    "${age} mod 10 = 0",
    "${score} div ${age}",
    "${age} div ${score}",
    "selected(${q2}, 0.5)",
    "selected('0.5 1', .5)",
    "selected('5', 5.0)",
    "count-selected(${q2}) > 1 or ${q1} = 'nein'",
    "${age} >= 18 and ${age} < 65 and ${q1} != ''",
    "${fachbereich} = 'F11' or ${dezernat} = 'D2'",
    # XPath functions of real forms
    "string-length(${txt})",
    "string-length(${q1}) > 2",
    "contains(${txt}, 'a')",
    "starts-with(${txt}, ' ')",
    "regex(${txt}, '^[0-9]+$')",
    "regex(${txt}, '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,4}')",
    "concat(${q1}, '-', ${txt})",
    "concat(${q1})",
    "number(${txt})",
    "number(${txt}) + 1",
    "int(${score})",
    "int(-2.7)",
    "int(${txt}) = 2",
    "number('')",
    # dates, if(), coalesce(), min/max/sum, round, substr, string(), selected-at(), choice names
    "today()",
    "now()",
    "${when} < today()",
    "${when} = today()",
    "today() - ${when}",
    "${when} + 1",
    "${when} > '2024-01-01'",
    "date(${when} + 30)",
    "date(${when}) = ${when}",
    "date(${score} * 1000)",
    "date(19000.75)",
    "date(-800000)",
    "date('2024-02-29T23:59:59-02:00')",
    "date('2023-02-29')",
    "number('2024-05-01T10:00:00+02:00')",
    "number('2024-05-01T10:00:00.5Z')",
    "number('2024-05-01T24:00:00')",
    "number('0000-01-01')",
    "decimal-date-time(now())",
    "decimal-date-time(${when})",
    "decimal-date-time('1969-12-31T18:00:00')",
    "format-date(${when}, '%d.%m.%Y')",
    "format-date(${when}, '%e %b %Y, %a (%y/%n)')",
    "format-date(now(), '%Y-%m-%d %H:%M:%S.%3 %h %%')",
    "format-date(${score}, '%H:%M:%S.%3')",
    "format-date(-719162.25, '%Y-%m-%d')",
    "format-date(-0.0000001, '%Y-%m-%d %H:%M:%S.%3')",
    "if(${age} > 30, 'alt', 'jung')",
    "if(${age} > 30, ${age}, '')",
    "if(${q1} = 'ja', 1, 0) + if(selected(${q2}, 'en'), 1, 0)",
    "if(${txt}, true(), ${score})",
    "if(${score}, ${score}, 'keiner')",
    "coalesce(${age}, ${score})",
    "coalesce(${txt}, 'leer')",
    "coalesce(${score}, ${txt})",
    "coalesce(${q1}, false())",
    "min(${age}, ${score}, 3)",
    "max(${age}, 3)",
    "max(${score}, -0)",
    "min(-0, 0, ${score})",
    "sum(${age}, ${score})",
    # position(..): the index of the current repeat entry
    "position(..)",
    "position(..) > 1",
    "position(..) mod 2 = 0",
    "concat('Kind ', position(..))",
    "if(position(..) = 1, 'erstes', ${q1})",
    "${age} > position(..) * 10",
    "sum(${txt})",
    "round(${score})",
    "round(${score} * 3.3, 1)",
    "round(2.675, 2)",
    "round(-2.5)",
    "round(-0.2)",
    "round(-1250, -2)",
    "round(1 div 0)",
    "round(${age} div 7, 15)",
    "substr(${txt}, 1)",
    "substr(${txt}, 0, 2)",
    "substr(${txt}, -1, 1.9)",
    "substr(${txt}, ${score}, ${age})",
    "substr(${txt}, 1 div 0)",
    "substr('äöü€😀x', 4)",
    "string-length(substr('😀x', 0, 1))",
    "selected-at(${q2}, 1)",
    "selected-at(${q2}, 0)",
    "selected-at(${txt}, ${score})",
    "selected-at('a  b', -1)",
    "string(${age})",
    "string(${score})",
    "string(${age} div 0)",
    "string(0 div 0)",
    "string(${score} * 0.1)",
    "string(${q2})",
    "string(${when} = '2024-05-01')",
    "concat(${age}, '/', ${score})",
    "concat(${age} + 1)",
    "jr:choice-name(${q1}, '${q1}')",
    "jr:choice-name(selected-at(${q2}, 0), ' ${q2} ')",
    "jr:choice-name('nein', '${q1}')",
]

# Extra answer sets beyond the demo rows: awkward texts, negative zero, NaN, big numbers.
EXTRA_ROWS = [
    {"txt": " 2 ", "age": 0, "score": -0.0},
    {"txt": "-3.5", "age": -5, "score": math.nan, "q2": ["tr", "de", "xx"]},
    {"txt": "a\tb\n a", "age": 999999999999999, "score": 1e-7, "q1": "k_a", "q2": []},
    {"txt": "5", "when": "2024-05-01", "q2": "tr  en", "score": 2.5, "dezernat": "D2"},
    {"txt": "", "q1": "", "age": "", "fachbereich": "F11", "dezernat": "D1"},
]


@pytest.mark.parametrize("text", TABLE)
def test_a_table_of_expressions(js, text: str) -> None:
    node = parse(text)
    cases = [(node, answers, None, None) for answers in [*ROWS, *EXTRA_ROWS]]
    check_values(js, FORM, cases)


@pytest.mark.parametrize(
    ("text", "current"),
    [
        (". > 30", "age"),
        (". >= 0 and . <= 100", "age"),
        (". = ''", "age"),
        ("selected(., 'de')", "q2"),
        ("count-selected(.) <= 2", "q2"),
        (". != 'nein'", "q1"),
        (". > 0.5 or . < -0.5", "score"),
        (". = 5", "txt"),
    ],
)
def test_constraints_with_the_current_answer(js, text: str, current: str) -> None:
    node = parse(text)
    check_values(js, FORM, [(node, a, current, None) for a in [*ROWS, *EXTRA_ROWS]])


def test_choice_filters_with_bare_names(js) -> None:
    fb = FORM.choice_list(next(q for q in FORM.questions() if q.name == "fachbereich"))
    cases = [
        (parse(text, field="choice_filter"), answers, "fachbereich", choice)
        for text in [
            "dezernat=${dezernat}",
            "dezernat != ${dezernat} or name = 'F21'",
            "selected(${q2}, name)",
            "missing = ''",
            "not(dezernat)",
        ]
        for answers in [*ROWS, *EXTRA_ROWS]
        for choice in fb.choices
    ]
    check_values(js, FORM, cases)


def test_numbers_written_as_xpath_writes_them(js) -> None:
    from lipkit.study.expressions import _number_text

    numbers = [0.0, -0.0, 5.0, -5.0, 0.5, 1e-7, 1.5e-7, -2.5e-10, 123.456, 1e21, 1e300, 2**60]
    numbers += [0.1 + 0.2, 1 / 3, -1e-300, 5e-324, 1e16 + 2, 123456789.123, math.inf, -math.inf]
    requests = [{"op": "numberText", "number": number_json(float(n))} for n in numbers]
    assert js(requests) == [_number_text(float(n)) for n in numbers]


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_any_number_written_as_xpath_writes_it(js, number: float) -> None:
    from lipkit.study.expressions import _number_text

    assert js([{"op": "numberText", "number": number_json(number)}]) == [_number_text(number)]


# -- random expressions, forms and filters ---------------------------------------------------------

MANY = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@MANY
@given(data=st.data())
def test_random_expressions_agree(js, data: st.DataObject) -> None:
    questions = data.draw(question_lists())
    form = Questionnaire(survey=questions, choices=CHOICES)
    current = data.draw(st.sampled_from([None, *[q.name for q in questions]]))
    node = data.draw(expressions(questions, current=current))
    _, rows = data.draw(frames(questions))
    check_values(js, form, [(node, answers, current, None) for answers in rows])


@MANY
@given(data=st.data())
def test_random_relevance_agrees_with_is_shown(js, data: st.DataObject) -> None:
    form = data.draw(grouped_forms())
    logic = FormLogic(form, now=NOW)
    _, rows = data.draw(frames(form.questions()))
    names = [q.name for q in form.questions()] + ["outer", "inner"]
    questions = questions_json(form)
    requests = [
        {
            "op": "shown",
            "conditions": [{"when": node_json(n), "current": c} for n, c in logic.relevance(name)],
            "ctx": {"questions": questions, "answers": answers_json(answers), **CLOCK},
        }
        for answers in rows
        for name in names
    ]
    expected = [logic.is_shown(name, answers) for answers in rows for name in names]
    assert js(requests) == expected


@MANY
@given(data=st.data())
def test_random_choice_filters_agree(js, data: st.DataObject) -> None:
    questions, filter_one, filter_many = choice_filter_questions(data)
    form = Questionnaire(survey=questions, choices=CHOICES)
    logic = FormLogic(form, now=NOW)
    _, rows = data.draw(frames(questions))
    spec = questions_json(form)
    requests, expected = [], []
    for answers in rows:
        for name, node in (("one", filter_one), ("many", filter_many)):
            allowed = logic.allowed_choices(name, answers)
            for choice in CHOICES["abc"].choices:
                requests.append(
                    {
                        "op": "offered",
                        "filter": node_json(node),
                        "ctx": {"questions": spec, "answers": answers_json(answers), **CLOCK},
                        "current": name,
                        "choice": {"name": choice.name, "filters": choice.filters},
                    }
                )
                expected.append(choice.name in allowed)
    assert js(requests) == expected
    assert LISTS["abc"] == [c.name for c in CHOICES["abc"].choices]


# -- the demo questionnaire as the pages carry it --------------------------------------------------


@pytest.fixture(scope="module")
def demo_form() -> OnlineForm:
    return OnlineForm(build_demo_study())


@st.composite
def demo_answers(draw, form: OnlineForm) -> dict[str, object]:
    """Any answers at all to the demo's questions, including ones its filters would refuse."""
    answers: dict[str, object] = {}
    for q in form.asked:
        if not draw(st.booleans()):
            continue
        if q.list_name:
            names = form.questionnaire.choice_list(q).names()
            if q.type == QuestionType.SELECT_MULTIPLE:
                answers[q.name] = draw(st.lists(st.sampled_from(names), unique=True))
            else:
                answers[q.name] = draw(st.sampled_from(names))
        else:
            answers[q.name] = draw(st.sampled_from(["", "Sprache", "5", " 2 "]))
    return answers


@MANY
@given(data=st.data())
def test_the_demo_filters_agree(js, demo_form: OnlineForm, data: st.DataObject) -> None:
    answers = data.draw(demo_answers(demo_form))
    spec = questions_json(demo_form.questionnaire)
    ctx = {"questions": spec, "answers": answers_json(answers)}
    requests, expected = [], []
    for page in demo_form.pages:
        names = [q.name for q in page.questions]
        names += [i.matrix.name for i in page.items if i.matrix is not None]
        for name in names:
            conditions = demo_form.relevance_json(name)
            requests.append({"op": "shown", "conditions": conditions, "ctx": ctx})
            expected.append(demo_form.logic.is_shown(name, answers))
        for q in page.questions:
            if not q.choice_filter:
                continue
            offered = demo_form.choices(q, answers)
            for choice in demo_form.questionnaire.choice_list(q).choices:
                requests.append(
                    {
                        "op": "offered",
                        "filter": demo_form.choice_filter_json(q),
                        "ctx": ctx,
                        "current": q.name,
                        "choice": {"name": choice.name, "filters": choice.filters},
                    }
                )
                expected.append(choice.name in offered)
    assert js(requests) == expected


# -- what the browser cannot evaluate is shown -----------------------------------------------------


def test_unknown_nodes_show_the_question(js) -> None:
    ctx = {"questions": {"a": {"type": "text"}}, "answers": {"a": "x"}}
    unknown = [
        {"type": "Call", "name": "format-date", "args": [{"type": "Ref", "name": "a"}]},
        {"type": "Call", "name": "jr:choice-name", "args": []},
        {"type": "Ternary", "args": []},
        {"type": "Binary", "op": "|", "left": {"type": "Ref", "name": "a"}, "right": {}},
        {"type": "Ref", "name": "not_a_question"},
        {"type": "Current"},  # '.' without a question
        {"type": "Name", "name": "col"},  # a bare name without a choice
        {"type": "Not", "operand": {"type": "Call", "name": "if", "args": []}},
    ]
    hidden = {"type": "Call", "name": "false", "args": []}
    requests = [
        {"op": "shown", "conditions": [{"when": node, "current": None}], "ctx": ctx}
        for node in unknown
    ]
    requests += [
        {"op": "offered", "filter": node, "ctx": ctx, "current": "a", "choice": None}
        for node in unknown
    ]
    # A known false condition next to an unknown one still hides.
    requests.append(
        {
            "op": "shown",
            "conditions": [{"when": node, "current": None} for node in (unknown[0], hidden)],
            "ctx": ctx,
        }
    )
    assert js(requests) == [True] * (2 * len(unknown)) + [False]
    errors = js([{"op": "evaluate", "node": node, "ctx": ctx} for node in unknown])
    assert all(e["error"].startswith("Unknown:") for e in errors), errors


# -- submitted strings read as the server reads them -----------------------------------------------


def test_submitted_strings_are_read_as_the_server_reads_them(js, demo_form: OnlineForm) -> None:
    from lipkit.survey.form import MESSAGES

    cases = {
        QuestionType.INTEGER: ["5", " 42 ", "+7", "-0", "-12", "007", "1.5", "1e3", "", "x", "1 2"],
        QuestionType.DECIMAL: [
            *["2,5", "2.5", "-0", ".5", "5.", "1e3", "1_000.5", "1__0", "_1", "1,000,5"],
            *["inf", "nan", "1e400", "+3", "abc", "1.5e-7"],
            *["", " 7,25 "],
        ],
        QuestionType.DATE: [
            *["2024-05-01", "1.5.2024", "01.05.2024", "31.02.2024", "29.02.2024", "29.02.2023"],
            *["2024-13-01", "0000-01-01", "5/1/2024", "2024-5-1"],
            "",
        ],
        QuestionType.TEXT: ["abc", "  a b  ", "\u00a0x\u2003", "\ufeffx", "x" * 2000, "x" * 2001],
        QuestionType.SELECT_ONE: ["ja", " nein ", ""],
    }
    requests, expected = [], []
    for type_, strings in cases.items():
        q = Question(name="q", type=type_, list_name="x" if type_ in SELECTS else None)
        for s in strings:
            value, problem = demo_form._parse(q, [s], MESSAGES["de"])
            requests.append({"op": "parse", "type": type_.value, "strings": [s]})
            expected.append(None if problem else value)
    for strings in (["a", "b", "a"], ["", " "], ["b", " a "]):
        q = Question(name="q", type=QuestionType.SELECT_MULTIPLE, list_name="x")
        requests.append({"op": "parse", "type": "select_multiple", "strings": strings})
        expected.append(demo_form._parse(q, strings, MESSAGES["de"])[0])
    requests.append({"op": "parse", "type": "select_one", "strings": ["a", "b"]})
    expected.append(None)  # two answers to a single choice: refused, nothing kept
    results = js(requests)
    for request, result, wanted in zip(requests, results, expected, strict=True):
        if isinstance(result, dict):
            result = float(result["number"])
            assert same(float(wanted), result), (request, result, wanted)
            assert isinstance(wanted, int) == (request["type"] == "integer")
        else:
            assert result == wanted, (request, result, wanted)
