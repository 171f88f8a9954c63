# ruff: noqa: E501  (forms and cases are written as wide tables, as in pyxform's tests)
"""The online questionnaire's pages and server-side checks, on forms written inline.

Each test gives the submitted strings of one page and the expected answers and errors, as
pyxform's tests give a form and its expected XForm.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from formtable import xlsform
from studies.cross_page import CROSS_PAGE

from lipkit.study.model import Study
from lipkit.study.orgtree import derive_org_tree
from lipkit.study.xlsform import read_xlsform
from lipkit.survey.form import MAX_TEXT, OnlineForm

FORM = """
| survey |
|        | type                 | name        | label::Deutsch (de)     | label::English (en) | relevant            | required | constraint                                          | constraint_message::Deutsch (de) | choice_filter        | appearance |
|        | begin_group          | person      | Zur Person              | About you           |                     |          |                                                     |                                  |                      |            |
|        | select_one dez       | dezernat    | Dezernat?               | Department?         |                     | yes      |                                                     |                                  |                      |            |
|        | select_one fb        | fachbereich | Fachbereich?            | Division?           |                     |          |                                                     |                                  | dezernat=${dezernat} |            |
|        | end_group            |             |                         |                     |                     |          |                                                     |                                  |                      |            |
|        | begin_group          | arbeit      | Arbeit                  | Work                |                     |          |                                                     |                                  |                      |            |
|        | select_one jn        | kontakt     | Kontakt?                | Contact?            |                     |          |                                                     |                                  |                      |            |
|        | integer              | anzahl      | Wie viele pro Woche?    | How many a week?    | ${kontakt} = 'ja'   |          | . >= 0 and . < 1000                                 | Bitte 0 bis 999.                 |                      |            |
|        | select_multiple mass | massnahmen  | Maßnahmen?              | Measures?           |                     |          | not(selected(., 'keine') and count-selected(.) > 1) |                                  |                      |            |
|        | text                 | themen      | Themen?                 | Topics?             |                     |          |                                                     |                                  |                      | multiline  |
|        | date                 | seit        | Seit wann?              | Since when?         |                     |          |                                                     |                                  |                      |            |
|        | end_group            |             |                         |                     |                     |          |                                                     |                                  |                      |            |
| choices |
|         | list_name | name     | label::Deutsch (de) | label::English (en) | dezernat |
|         | dez       | D1       | Dezernat I          | Department I        |          |
|         | dez       | D2       | Dezernat II         | Department II       |          |
|         | fb        | F11      | FB 11               | Division 11         | D1       |
|         | fb        | F21      | FB 21               | Division 21         | D2       |
|         | jn        | ja       | ja                  | yes                 |          |
|         | jn        | nein     | nein                | no                  |          |
|         | mass      | schulung | Schulungen          | Training            |          |
|         | mass      | keine    | keine               | none                |          |
"""


@pytest.fixture(scope="module")
def form(tmp_path_factory) -> OnlineForm:
    return online_form(Path(tmp_path_factory.mktemp("form")), FORM)


def online_form(folder: Path, table: str) -> OnlineForm:
    """The online form of a questionnaire written as a markdown table."""
    questionnaire = read_xlsform(xlsform(folder, table))
    return OnlineForm(Study(questionnaire=questionnaire, org=derive_org_tree(questionnaire)))


def test_each_group_is_a_page(form):
    assert [(p.number, p.group.name, [q.name for q in p.questions]) for p in form.pages] == [
        (1, "person", ["dezernat", "fachbereich"]),
        (2, "arbeit", ["kontakt", "anzahl", "massnahmen", "themen", "seit"]),
    ]


def check(form, page, raw, earlier=None, language="de"):
    result = form.check_page(form.pages[page - 1], raw, earlier or {}, language)
    return result.answers, result.errors


def test_valid_page_gives_typed_answers(form):
    answers, errors = check(
        form,
        2,
        {
            "kontakt": ["ja"],
            "anzahl": ["12"],
            "massnahmen": ["schulung"],
            "themen": ["  Sprache  "],
            "seit": ["01.03.2019"],
        },
    )
    assert errors == {}
    assert answers == {
        "kontakt": "ja",
        "anzahl": 12,
        "massnahmen": ["schulung"],
        "themen": "Sprache",
        "seit": "2019-03-01",
    }


@pytest.mark.parametrize(
    ("raw", "errors"),
    [
        ({}, {"dezernat": "Bitte beantworten Sie diese Frage."}),
        ({"dezernat": ["D9"]}, {"dezernat": "Diese Antwort gibt es hier nicht."}),
        ({"dezernat": ["D1", "D2"]}, {"dezernat": "Bitte nur eine Antwort wählen."}),
        # The cascading select offers only the Fachbereiche of the chosen Dezernat.
        ({"dezernat": ["D1"], "fachbereich": ["F21"]}, {"fachbereich": "Diese Antwort gibt es hier nicht."}),
        ({"dezernat": ["D1"], "fachbereich": ["F11"]}, {}),
    ],
)  # fmt: skip
def test_page_one_refusals(form, raw, errors):
    assert check(form, 1, raw)[1] == errors


@pytest.mark.parametrize(
    ("raw", "errors"),
    [
        # A filtered question answered although its filter is false (forged or stale).
        ({"kontakt": ["nein"], "anzahl": ["3"]},
         {"anzahl": "Diese Frage entfällt nach Ihren bisherigen Antworten; bitte leeren Sie das Feld."}),
        ({"kontakt": ["ja"], "anzahl": ["drei"]}, {"anzahl": "Bitte eine ganze Zahl eingeben."}),
        ({"kontakt": ["ja"], "anzahl": ["1000"]}, {"anzahl": "Bitte 0 bis 999."}),
        ({"massnahmen": ["schulung", "keine"]},
         {"massnahmen": "„keine“ kann nicht zusammen mit anderen Antworten gewählt werden."}),
        ({"massnahmen": ["schulung", "erfunden"]}, {"massnahmen": "Diese Antwort gibt es hier nicht."}),
        ({"themen": ["x" * (MAX_TEXT + 1)]}, {"themen": f"Bitte höchstens {MAX_TEXT} Zeichen (jetzt {MAX_TEXT + 1})."}),
        ({"seit": ["31.02.2019"]}, {"seit": "Bitte ein Datum eingeben (TT.MM.JJJJ)."}),
        ({"kontakt": ["ja"], "anzahl": [""]}, {}),
    ],
)  # fmt: skip
def test_page_two_refusals(form, raw, errors):
    answers, found = check(form, 2, raw)
    assert found == errors
    assert not set(answers) & set(errors)  # a refused answer is never kept


def test_messages_in_english(form):
    assert check(form, 1, {}, language="en")[1] == {"dezernat": "Please answer this question."}


def test_the_final_check_covers_every_page_and_unknown_keys(form):
    answers = {"dezernat": "D2", "fachbereich": "F21", "kontakt": "nein", "erfunden": "x"}
    assert form.check_all(answers) == {"erfunden": "Diese Antwort gibt es hier nicht."}
    assert form.check_all({**answers, "anzahl": 4}) == {
        "anzahl": "Diese Frage entfällt nach Ihren bisherigen Antworten; bitte leeren Sie das "
        "Feld.",
        "erfunden": "Diese Antwort gibt es hier nicht.",
    }


def test_filters_for_the_browser_are_the_parsed_expressions(form):
    (condition,) = form.relevance_json("anzahl")
    assert condition == {
        "when": {
            "type": "Binary",
            "op": "=",
            "left": {"type": "Ref", "name": "kontakt"},
            "right": {"type": "Literal", "value": "ja"},
        },
        "current": "anzahl",
    }
    assert form.choice_filter_json(form.questionnaire.question("fachbereich")) == {
        "type": "Binary",
        "op": "=",
        "left": {"type": "Name", "name": "dezernat"},
        "right": {"type": "Ref", "name": "dezernat"},
    }


def test_an_answer_seen_then_switched_off_on_the_same_page_is_dropped(form):
    """Without JavaScript a respondent who saw 'Wie viele pro Woche?' (kontakt was ja) and
    then answers kontakt = nein cannot empty the field; the answer goes, as in the browser.
    The same answer to a question the page did not show is refused: nobody saw it."""
    raw = {"kontakt": ["nein"], "anzahl": ["12"]}
    seen = form.read_page(form.pages[1], raw, {"kontakt": "ja"}, {"kontakt", "anzahl"})
    assert (seen.answers, seen.errors) == ({"kontakt": "nein"}, {})
    unseen = form.read_page(form.pages[1], raw, {}, {"kontakt"})
    assert unseen.answers == {"kontakt": "nein"}
    assert unseen.errors == {
        "anzahl": "Diese Frage entfällt nach Ihren bisherigen Antworten; bitte leeren Sie das Feld."
    }


@pytest.fixture(scope="module")
def cross_page(tmp_path_factory) -> OnlineForm:
    return online_form(Path(tmp_path_factory.mktemp("cross")), CROSS_PAGE)


def test_answers_on_later_pages_go_when_their_filter_goes(cross_page):
    """Back on page 1 and kontakt changed to nein: anzahl (page 2) is no longer asked, and
    with it davon, whose filter reads anzahl."""
    answers = {"kontakt": "nein", "anzahl": 3, "davon": 1}
    assert cross_page.check_all(answers) != {}
    assert cross_page.without_hidden(answers) == {"kontakt": "nein"}
    assert cross_page.without_hidden({"kontakt": "ja", "anzahl": 0, "davon": 1}) == {
        "kontakt": "ja",
        "anzahl": 0,
    }
    kept = {"kontakt": "ja", "anzahl": 3, "davon": 1}
    assert cross_page.without_hidden(kept) == kept


CASCADE_ACROSS_PAGES = """
| survey |
|        | type           | name        | label        | choice_filter        |
|        | begin_group    | eins        | Seite 1      |                      |
|        | select_one dez | dezernat    | Dezernat?    |                      |
|        | end_group      |             |              |                      |
|        | begin_group    | zwei        | Seite 2      |                      |
|        | select_one fb  | fachbereich | Fachbereich? | dezernat=${dezernat} |
|        | end_group      |             |              |                      |
| choices |
|         | list_name | name | label      | dezernat |
|         | dez       | D1   | Dezernat I |          |
|         | dez       | D2   | Dezernat II|          |
|         | fb        | F11  | FB 11      | D1       |
|         | fb        | F12  | FB 12      | D1       |
|         | fb        | F21  | FB 21      | D2       |
"""


def test_a_choice_filter_on_an_earlier_answer_is_applied_on_the_server(tmp_path, form):
    """Without JavaScript the Fachbereich page offers only the Dezernat's Fachbereiche when
    the Dezernat was asked on an earlier page; on the same page (FORM) all are rendered and
    the browser narrows them."""
    from lipkit.survey.presenters import page_items

    across = online_form(tmp_path, CASCADE_ACROSS_PAGES)
    (item,) = page_items(across, across.pages[1], {"dezernat": "D1"}, {}, "de")
    assert [o["value"] for o in item["options"]] == ["F11", "F12"]
    same = page_items(form, form.pages[0], {"dezernat": "D1"}, {}, "de")
    assert [o["value"] for o in same[1]["options"]] == ["F11", "F21"]
