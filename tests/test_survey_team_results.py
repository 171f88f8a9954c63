# ruff: noqa: E501  (the form is written as a wide table, as in pyxform's tests)
"""The team's results of a survey: the responses as lipkit's canonical frame, the dashboard
(responses per unit, results per question, all suppressed below k) and the exports, on a
small inline questionnaire whose numbers are worked out by hand, and on the demo study."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import time
import uuid
import zipfile
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from bs4 import BeautifulSoup
from formtable import xlsform
from openpyxl import load_workbook
from polars.testing import assert_frame_equal
from typer.testing import CliRunner

from lipkit.cli import app
from lipkit.data.io import read_responses
from lipkit.demo import build_demo_study, generate_responses
from lipkit.report.exhibits import Exhibits
from lipkit.report.numbers import Results
from lipkit.study.model import OrgLevel, OrgTree, OrgUnit, QuestionType, Study, StudySettings
from lipkit.study.xlsform import read_xlsform
from lipkit.survey import selectors
from lipkit.survey.models import Response, Survey
from lipkit.survey.services import surveys
from lipkit.survey.services.exports import write_export
from lipkit.survey.services.surveys import create_survey, open_survey

pytestmark = pytest.mark.django_db

FORM = """
| survey |
|        | type                 | name           | label::Deutsch (de)  | relevant          | required | choice_filter        | lipkit::org_level | lipkit::scale  | appearance         | constraint                                          |
|        | begin_group          | person         | Zur Person           |                   |          |                      |                   |                |                    |                                                     |
|        | select_one dez       | dezernat       | Dezernat?            |                   | yes      |                      | dezernat          |                |                    |                                                     |
|        | select_one fb        | fachbereich    | Fachbereich?         |                   |          | dezernat=${dezernat} | fachbereich       |                |                    |                                                     |
|        | end_group            |                |                      |                   |          |                      |                   |                |                    |                                                     |
|        | begin_group          | arbeit         | Arbeit               |                   |          |                      |                   |                |                    |                                                     |
|        | note                 | hinweis        | Zur Arbeit           |                   |          |                      |                   |                |                    |                                                     |
|        | select_one zufr      | zufrieden      | Wie **zufrieden**?   |                   |          |                      |                   | positive_first |                    |                                                     |
|        | select_one jn        | kontakt        | Kundenkontakt?       |                   |          |                      |                   |                |                    |                                                     |
|        | integer              | anzahl         | Wie viele pro Woche? | ${kontakt} = 'ja' |          |                      |                   |                |                    |                                                     |
|        | select_multiple mass | massnahmen     | Maßnahmen?           |                   |          |                      |                   |                |                    | not(selected(., 'keine') and count-selected(.) > 1) |
|        | text                 | themen         | Themen?              |                   |          |                      |                   |                | multiline          |                                                     |
|        | date                 | seit           | Seit wann?           |                   |          |                      |                   |                |                    |                                                     |
|        | decimal              | stunden        | Stunden pro Woche?   |                   |          |                      |                   |                |                    |                                                     |
|        | begin_group          | klima          | Arbeitsklima         |                   |          |                      |                   |                | field-list         |                                                     |
|        | select_one zufr      | klima_team     | im Team              |                   |          |                      |                   | positive_first | likert             |                                                     |
|        | select_one zufr      | klima_fuehrung | mit der Führung      |                   |          |                      |                   | positive_first | likert             |                                                     |
|        | end_group            |                |                      |                   |          |                      |                   |                |                    |                                                     |
|        | end_group            |                |                      |                   |          |                      |                   |                |                    |                                                     |
| choices |
|         | list_name | name             | label::Deutsch (de) | dezernat |
|         | dez       | D1               | Dezernat I          |          |
|         | dez       | D2               | Dezernat II         |          |
|         | dez       | D3               | Dezernat III        |          |
|         | fb        | F11              | FB 11               | D1       |
|         | fb        | F12              | FB 12               | D1       |
|         | fb        | F21              | FB 21               | D2       |
|         | fb        | F31              | FB 31               | D3       |
|         | zufr      | sehr_zufrieden   | sehr zufrieden      |          |
|         | zufr      | eher_zufrieden   | eher zufrieden      |          |
|         | zufr      | teils            | teils/teils         |          |
|         | zufr      | eher_unzufrieden | eher unzufrieden    |          |
|         | zufr      | sehr_unzufrieden | sehr unzufrieden    |          |
|         | zufr      | k_a              | keine Angabe        |          |
|         | jn        | ja               | ja                  |          |
|         | jn        | nein             | nein                |          |
|         | mass      | schulung         | Schulungen          |          |
|         | mass      | material         | Infomaterial        |          |
|         | mass      | keine            | keine               |          |
"""

ORG = OrgTree(
    levels=[
        OrgLevel(name="dezernat", label={"de": "Dezernat"}, question="dezernat"),
        OrgLevel(name="fachbereich", label={"de": "Fachbereich"}, question="fachbereich"),
    ],
    units=[
        OrgUnit(code="D1", name="Dezernat I", level="dezernat", staff=40),
        OrgUnit(code="D2", name="Dezernat II", level="dezernat", staff=20),
        OrgUnit(code="D3", name="Dezernat III", level="dezernat", staff=10),
        OrgUnit(code="F11", name="FB 11", level="fachbereich", parent="D1", staff=25),
        OrgUnit(code="F12", name="FB 12", level="fachbereich", parent="D1", staff=15),
        OrgUnit(code="F21", name="FB 21", level="fachbereich", parent="D2", staff=20),
        OrgUnit(code="F31", name="FB 31", level="fachbereich", parent="D3", staff=10),
    ],
)

SECRET = "GEHEIMTEXT"
# Twelve respondents. By hand (k = 5):
# - units: D1 6 (F11 5, F12 1), D2 3 (F21), D3 3 (F31). D2 and D3 are below k and together
#   hold 6 >= k: D1 stays. Below D1, F12 (1) is below k and alone, so F11 (5) is hidden too.
# - zufrieden: 3 / 4 / 2 / 1 / 0 sehr … sehr unzufrieden, 1 k. A., 1 skipped: n = 11,
#   27 % / 36 % / 18 % / 9 % / 0 %, k. A. 9 %, top-2 7/11 = 64 %, mean 39/10 = 3,90.
# - anzahl: asked only after kontakt = ja (4 respondents): n = 4 < k, not shown.
# - massnahmen: 8 answered; schulung 5 (62.5 -> 63 %), material 3 (37.5 -> 38 %), keine 2 (25 %).
# - themen: 6 texts, shown only as a count.
ROWS = [
    # dez, fb,   zufrieden,          kontakt, anzahl, massnahmen,              themen, klima_team,        klima_fuehrung, day
    ("D1", "F11", "sehr_zufrieden",   "ja",   3,    ["schulung"],             True,  "sehr_zufrieden",   "teils", 10),
    ("D1", "F11", "sehr_zufrieden",   "ja",   5,    ["schulung", "material"], True,  "sehr_zufrieden",   "teils", 10),
    ("D1", "F11", "sehr_zufrieden",   "nein", None, ["schulung"],             True,  "sehr_zufrieden",   "teils", 11),
    ("D1", "F11", "eher_zufrieden",   "nein", None, ["schulung", "material"], True,  "eher_zufrieden",   "teils", 11),
    ("D1", "F11", "eher_zufrieden",   "nein", None, ["material"],             True,  "eher_zufrieden",   None,    12),
    ("D1", "F12", "eher_zufrieden",   "ja",   10,   ["keine"],                True,  "eher_zufrieden",   None,    12),
    ("D2", "F21", "eher_zufrieden",   "nein", None, ["keine"],                False, "eher_unzufrieden", None,    13),
    ("D2", "F21", "teils",            "nein", None, ["schulung"],             False, "eher_unzufrieden", None,    13),
    ("D2", "F21", "teils",            "ja",   0,    None,                     False, "eher_unzufrieden", None,    13),
    ("D3", "F31", "eher_unzufrieden", "nein", None, None,                     False, "eher_unzufrieden", None,    14),
    ("D3", "F31", "k_a",              "nein", None, None,                     False, "eher_unzufrieden", None,    14),
    ("D3", "F31", None,               "nein", None, None,                     False, "eher_unzufrieden", None,    14),
]  # fmt: skip


def answers_of(i: int, row: tuple) -> dict:
    dez, fb, zufrieden, kontakt, anzahl, massnahmen, themen, team, fuehrung, _day = row
    answers = {
        "dezernat": dez,
        "fachbereich": fb,
        "zufrieden": zufrieden,
        "kontakt": kontakt,
        "anzahl": anzahl,
        "massnahmen": massnahmen,
        "themen": f'{SECRET}-{i} über die Arbeit, "zitiert"; mit Komma' if themen else None,
        "seit": "2019-03-01" if i < 3 else None,
        "stunden": 38.5 if i % 2 else None,
        "klima_team": team,
        "klima_fuehrung": fuehrung,
    }
    return {k: v for k, v in answers.items() if v is not None}  # questions not answered: absent


@pytest.fixture(autouse=True)
def fresh_forms():
    """Each test's database starts afresh and may give a new survey an earlier one's key, under
    which the parsed questionnaire is kept (``surveys._FORMS``): start without it."""
    surveys._FORMS.clear()
    yield
    surveys._FORMS.clear()


@pytest.fixture(scope="module")
def study(tmp_path_factory) -> Study:
    questionnaire = read_xlsform(xlsform(Path(tmp_path_factory.mktemp("form")), FORM))
    return Study(
        questionnaire=questionnaire, org=ORG, settings=StudySettings(title="Testbefragung", k=5)
    )


@pytest.fixture
def owner(django_user_model):
    return django_user_model.objects.create_user("team", password="geheim-genug-123")


@pytest.fixture
def survey(study, owner) -> Survey:
    survey = open_survey(create_survey(study, slug="test", owner=owner))
    Response.objects.bulk_create(
        Response(
            id=uuid.uuid4(),
            survey=survey,
            answers=answers_of(i, row),
            language="de",
            submitted_on=date(2025, 3, row[-1]),
        )
        for i, row in enumerate(ROWS)
    )
    return survey


@pytest.fixture
def team(client, owner):
    client.force_login(owner)
    return client


# -- the canonical frame ------------------------------------------------------------------------


def test_responses_frame_is_what_read_responses_gives_on_the_export(survey, study, tmp_path):
    frame = selectors.responses_frame(survey)
    csv = write_export(survey, "csv", tmp_path)
    assert csv.name == "test-antworten.csv"
    read = read_responses(csv, study.questionnaire, study.org)
    assert read.issues == []
    assert_frame_equal(frame, read.frame)
    # and the spreadsheet says the same
    xlsx = write_export(survey, "xlsx", tmp_path)
    assert_frame_equal(frame, read_responses(xlsx, study.questionnaire, study.org).frame)
    # Typed as lipkit reads it; rows by the random id, not by arrival.
    assert frame.schema["anzahl"] == pl.Int64
    assert frame.schema["stunden"] == pl.Float64
    assert frame.schema["seit"] == pl.Date
    assert frame.schema["massnahmen/keine"] == pl.Boolean
    assert frame["_uuid"].to_list() == sorted(str(r.id) for r in Response.objects.all())
    assert frame["_row"].to_list() == list(range(2, 14))
    assert frame.filter(pl.col("_uuid") == frame["_uuid"][0]).height == 1
    # The day a response was sent is exported as its month only (date policy "day").
    assert set(frame["_submission_time"].to_list()) == {"2025-03"}
    assert frame["massnahmen/schulung"].sum() == 5
    assert frame["massnahmen/schulung"].null_count() == 4  # not answered: empty, not False


def test_an_empty_survey_gives_an_empty_frame_of_the_same_schema(study, tmp_path):
    survey = create_survey(study, slug="leer")
    frame = selectors.responses_frame(survey)
    assert frame.height == 0
    read = read_responses(write_export(survey, "csv", tmp_path), study.questionnaire, study.org)
    assert_frame_equal(frame, read.frame)


@pytest.mark.parametrize(
    "odd",
    [
        {"anzahl": 2.5},  # a decimal for an integer: reported, never cut to 2
        {"zufrieden": ["eher_zufrieden"]},  # a list for a single choice
        {"zufrieden": {"x": 1}},  # an object where an answer belongs
    ],
)
def test_stored_values_that_do_not_fit_are_reported_not_cast(survey, team, odd):
    answers = {**answers_of(0, ROWS[0]), **odd}
    Response.objects.create(id=uuid.uuid4(), survey=survey, answers=answers, language="de")
    found = selectors.survey_responses(survey)
    (issue,) = found.issues
    assert issue.column == next(iter(odd))
    assert found.frame.height == 13
    html = team.get(f"/team/{survey.slug}/ergebnisse/").content.decode()
    assert "1 gespeicherte Angaben passen nicht zum Fragebogen" in html


# -- the dashboard ------------------------------------------------------------------------------


def cells(html: str, selector: str) -> list[list[str]]:
    """Cell texts, the report's no-break spaces ("17 %", "n < 5") read as spaces."""
    soup = BeautifulSoup(html, "html.parser")
    return [
        [c.get_text(" ", strip=True).replace("\u00a0", " ") for c in row.find_all(["th", "td"])]
        for row in soup.select(selector)
    ]


def question_html(html: str, name: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser").select_one(f'[data-question="{name}"]')


def test_the_dashboard_shows_units_with_complementary_suppression(team, survey):
    response = team.get(f"/team/{survey.slug}/ergebnisse/")
    assert response.status_code == 200
    html = response.content.decode()
    assert cells(html, "table.dash-units tbody tr") == [
        ["Gesamt", "12", "70", "17 %"],
        ["D1 Dezernat I", "6", "40", "15 %"],
        # 5 respondents, hidden beside F12's one as a complement: "nicht ausgewiesen" (issue 12)
        ["F11 FB 11", "nicht ausgewiesen", "25", "–"],
        ["F12 FB 12", "n < 5", "15", "–"],
        ["D2 Dezernat II", "n < 5", "20", "–"],
        ["F21 FB 21", "n < 5", "20", "–"],
        ["D3 Dezernat III", "n < 5", "10", "–"],
        ["F31 FB 31", "n < 5", "10", "–"],
    ]
    assert 'id="dash-total">12<' in html
    assert 'id="dash-last">März 2025<' in html  # the month only, never the day


def test_unit_counts_agree_with_the_reports_response_tables(survey, study):
    frame = selectors.responses_frame(survey)
    exhibits = Exhibits(Results(study, frame), "de", (40, 60))
    ours = {(u.depth, u.code): u for u in selectors.unit_counts(study, frame) if u.kind == "unit"}
    for depth, level in enumerate(["dezernat", "fachbereich"]):
        table = exhibits.response_table(level, None)
        # Below the top level the report puts the parent unit's code first.
        code_at = depth
        for row in table.rows[:-1]:
            code, n = row[code_at].text, row[code_at + 2].text
            unit = ours[(depth, code)]
            # The report says why a unit is hidden: small itself ("n < 5") or hidden beside
            # a small one ("nicht ausgewiesen", F11 with its 5 respondents).
            hidden = ("nicht ausgewiesen",) if (depth, code) == (1, "F11") else ("n < 5",)
            assert n in (hidden if unit.hidden else (str(unit.n),)), (code, n)
        assert table.rows[-1][code_at + 2].text == "12"


def test_the_dashboard_shows_each_question_through_the_engine(team, survey):
    html = team.get(f"/team/{survey.slug}/ergebnisse/").content.decode()
    zufrieden = question_html(html, "zufrieden")
    assert "<strong>zufrieden</strong>" in str(zufrieden.h4)
    assert cells(str(zufrieden), "tbody tr") == [
        ["sehr zufrieden", "3", "27 %"],
        ["eher zufrieden", "4", "36 %"],
        ["teils/teils", "2", "18 %"],
        ["eher unzufrieden", "1", "9 %"],
        ["sehr unzufrieden", "0", "0 %"],
        ["keine Angabe", "1", "9 %"],  # k. A. apart, below the scale
    ]
    assert cells(str(zufrieden), "tfoot tr") == [
        ["n", "11", ""],
        ["Top-2", "", "64 %"],
        ["Bottom-2", "", "9 %"],
        ["Mittelwert", "", "3,90"],
    ]
    assert "übersprungen: 1" in zufrieden.get_text()
    assert zufrieden.select("tr.dash-ka")[0].th.get_text() == "keine Angabe"

    anzahl = question_html(html, "anzahl")  # asked of 4 (kontakt = ja)
    assert anzahl.select_one(".dash-n").get_text(strip=True) == "n < 5, nicht ausgewiesen"
    assert "Filterfrage" in anzahl.get_text()
    assert anzahl.table is None

    massnahmen = question_html(html, "massnahmen")
    assert cells(str(massnahmen), "tbody tr") == [
        ["Schulungen", "5", "63 %"],
        ["Infomaterial", "3", "38 %"],
        ["keine", "2", "25 %"],
    ]
    assert cells(str(massnahmen), "tfoot tr") == [["n", "8", ""]]
    assert "Mehrfachantworten möglich" in massnahmen.get_text()

    stunden = question_html(html, "stunden")  # 6 of 12 answered 38.5
    assert "n = 6" in stunden.get_text() and "38,50" in stunden.get_text()

    # The org questions are the table of units, not repeated as results.
    assert question_html(html, "dezernat") is None and question_html(html, "fachbereich") is None
    # Matrix: items sorted by top-2; the item with 4 answers is not shown.
    team_row = cells(html, '[data-matrix="klima"] tr[data-question="klima_team"]')[0]
    assert team_row == ["im Team", "25 %", "25 %", "0 %", "50 %", "0 %", "0 %", "50 %", "12"]
    assert cells(html, '[data-matrix="klima"] tr[data-question="klima_fuehrung"]')[0] == [
        "mit der Führung", "·", "·", "·", "·", "·", "·", "·", "n < 5",
    ]  # fmt: skip


def test_open_answers_are_counted_never_shown(team, survey):
    html = team.get(f"/team/{survey.slug}/ergebnisse/").content.decode()
    themen = question_html(html, "themen")
    assert themen.select_one(".dash-n").get_text(" ", strip=True) == "6 Antworten"
    assert SECRET not in html and "zitiert" not in html


def test_the_dashboard_of_an_empty_or_tiny_survey(team, study, owner):
    survey = create_survey(study, slug="leer", owner=owner)
    html = team.get(f"/team/{survey.slug}/ergebnisse/").content.decode()
    assert 'id="dash-total">0<' in html and "dash-last" not in html
    assert cells(html, "table.dash-units tbody tr")[0] == ["Gesamt", "0", "70", "0 %"]
    Response.objects.create(
        id=uuid.uuid4(), survey=survey, answers=answers_of(0, ROWS[0]), language="de"
    )
    html = team.get(f"/team/{survey.slug}/ergebnisse/").content.decode()
    # One response is fewer than k: the dashboard stays where it was.
    assert 'id="dash-total">0<' in html
    assert "Stand: 0 Antworten; aktualisiert, sobald 5 weitere eingegangen sind." in html
    Response.objects.bulk_create(
        Response(id=uuid.uuid4(), survey=survey, answers=answers_of(i, ROWS[i]), language="de")
        for i in (5, 6, 9, 10)
    )
    html = team.get(f"/team/{survey.slug}/ergebnisse/").content.decode()
    # Five: the snapshot moves. D1 3 (F11 1, F12 1 … plus the first), D2 1, D3 2: every
    # unit below k, hidden; the whole survey's n = 5 is shown.
    assert 'id="dash-total">5<' in html
    assert [row[1] for row in cells(html, "table.dash-units tbody tr")] == ["5"] + ["n < 5"] * 7
    # zufrieden: 5 answered, but one of them "k. A.": its valid base (4) is below k, and one
    # pattern holds on every base (issue 12), so the question is hidden as a whole
    zufrieden = question_html(html, "zufrieden")
    assert cells(str(zufrieden), "tfoot tr") == []
    assert "n < 5" in zufrieden.get_text(" ", strip=True)
    assert SECRET not in html


def test_a_study_without_org_tree(team, study, owner):
    survey = create_survey(Study(questionnaire=study.questionnaire), slug="ohne-org", owner=owner)
    Response.objects.bulk_create(
        Response(id=uuid.uuid4(), survey=survey, answers=answers_of(i, row), language="de")
        for i, row in enumerate(ROWS)
    )
    html = team.get(f"/team/{survey.slug}/ergebnisse/").content.decode()
    assert cells(html, "table.dash-units tbody tr") == [["Gesamt", "12"]]
    # Without an org tree the unit question is a question like any other.
    assert cells(str(question_html(html, "dezernat")), "tbody tr") == [
        ["Dezernat I", "6", "50 %"],
        ["Dezernat II", "3", "25 %"],
        ["Dezernat III", "3", "25 %"],
    ]


def test_no_last_date_when_the_survey_records_none(team, study, owner):
    survey = create_survey(study, slug="ohne-datum", owner=owner)
    survey.date_policy = Survey.DatePolicy.NONE
    survey.save()
    Response.objects.create(
        id=uuid.uuid4(), survey=survey, answers={"dezernat": "D1"}, language="de"
    )
    html = team.get(f"/team/{survey.slug}/ergebnisse/").content.decode()
    assert "dash-last" not in html and "Letzte Antwort" not in html


def test_the_dashboard_is_kept_per_snapshot(survey):
    shown = [str(i) for i in Response.objects.values_list("id", flat=True)]
    first = selectors.dashboard(survey, shown)
    assert selectors.dashboard(survey, shown) is first  # same survey, same snapshot: kept
    assert first.total == 12
    new = Response.objects.create(
        id=uuid.uuid4(), survey=survey, answers=answers_of(0, ROWS[0]), language="de"
    )
    assert selectors.dashboard(survey, shown).total == 12  # not in the snapshot: not counted
    assert selectors.dashboard(survey, [*shown, str(new.id)]).total == 13


# -- exports ------------------------------------------------------------------------------------


def test_exports_are_downloads_that_are_not_cached(team, survey):
    expected = {
        "csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "zip": "application/zip",
    }
    for fmt, content_type in expected.items():
        response = team.get(f"/team/{survey.slug}/export/{fmt}/")
        assert response.status_code == 200
        assert response["Content-Type"] == content_type
        assert response["Content-Disposition"] == f'attachment; filename="test-antworten.{fmt}"'
        assert response["Cache-Control"] == "no-store"
    assert team.get(f"/team/{survey.slug}/export/pdf/").status_code == 404
    assert team.get("/team/gibtsnicht/export/csv/").status_code == 404
    assert team.post(f"/team/{survey.slug}/export/csv/").status_code == 405


def test_the_export_is_logged_without_answers(team, survey, caplog):
    with caplog.at_level("INFO", logger="lipkit.survey.exports"):
        team.get(f"/team/{survey.slug}/export/csv/")
    (record,) = [r for r in caplog.records if r.name == "lipkit.survey.exports"]
    assert record.getMessage() == "export: survey test, format csv, 12 responses, by team"


def test_the_xlsx_export_has_the_kobo_header(team, survey):
    content = team.get(f"/team/{survey.slug}/export/xlsx/").content
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    assert header[:6] == ["dezernat", "fachbereich", "zufrieden", "kontakt", "anzahl", "massnahmen"]
    assert header[6:9] == ["massnahmen/schulung", "massnahmen/material", "massnahmen/keine"]
    assert header[-2:] == ["_uuid", "_submission_time"]
    assert "hinweis" not in header  # a note holds no answers
    assert len(rows) == 13
    summaries = sorted(str(r[5]) for r in rows[1:] if r[5])
    assert summaries == ["keine"] * 2 + ["material"] + ["schulung"] * 3 + ["schulung material"] * 2


def test_the_zip_is_a_study_folder_lipkit_analyzes(team, survey, tmp_path):
    content = team.get(f"/team/{survey.slug}/export/zip/").content
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = sorted(archive.namelist())
        archive.extractall(tmp_path)
    assert names == [
        "test/org.csv",
        "test/questionnaire.xlsx",
        "test/responses.csv",
        "test/study.yaml",
    ]
    folder = tmp_path / "test"
    result = CliRunner().invoke(
        app, ["analyze", str(folder), "-q", "zufrieden", "-q", "massnahmen", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    import json

    questions = {q["question"]: q for q in json.loads(result.output)["questions"]}
    assert questions["zufrieden"]["n_answered"] + questions["zufrieden"]["n_no_answer"] == 11
    assert questions["massnahmen"]["n_answered"] == 8
    by = CliRunner().invoke(app, ["analyze", str(folder), "-q", "zufrieden", "--by", "fachbereich"])
    assert by.exit_code == 0, by.output
    # F11 (5) hidden beside F12 as a complement: "nicht ausgewiesen", not "n < 5" (issue 12)
    assert re.search(r"n\s+11\s+nicht ausgewiesen\s+n < 5", by.output)


def test_the_zip_makes_a_report(team, survey, tmp_path):
    content = team.get(f"/team/{survey.slug}/export/zip/").content
    zipfile.ZipFile(io.BytesIO(content)).extractall(tmp_path)
    lipkit = Path(sys.executable).with_name("lipkit")
    out = tmp_path / "out"
    done = subprocess.run(
        [str(lipkit), "report", str(tmp_path / "test"), "--format", "html", "--output", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    report = (out / "bericht.html").read_text(encoding="utf-8")
    assert "Testbefragung" in report
    table = cells(report, "table tr")
    assert ["Gesamt", "", "12", "70", "17 %"] in table  # the same response table


# -- access -------------------------------------------------------------------------------------


def test_anonymous_users_are_sent_to_the_login(client, survey):
    for url in (f"/team/{survey.slug}/ergebnisse/", f"/team/{survey.slug}/export/csv/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/team/login/?next=")


# -- the demo study -----------------------------------------------------------------------------


def demo_answers(frame: pl.DataFrame, study: Study) -> list[dict]:
    """Canonical rows -> the answers the online form would store (absent when empty)."""
    q = study.questionnaire
    answers: list[dict] = []
    for row in frame.iter_rows(named=True):
        found: dict = {}
        for question in q.questions():
            if question.type == QuestionType.SELECT_MULTIPLE:
                columns = q.columns(question)
                if any(row[c] is not None for c in columns):
                    found[question.name] = [c.split("/", 1)[1] for c in columns if row[c]]
            elif question.type != QuestionType.NOTE and row.get(question.name) is not None:
                found[question.name] = row[question.name]
        answers.append(found)
    return answers


@pytest.fixture(scope="module")
def demo_rows() -> list[dict]:
    study = build_demo_study()
    return demo_answers(generate_responses(), study)


def test_the_demo_dashboard_empty_and_with_a_few_hundred_responses(team, demo_rows, owner):
    survey = open_survey(create_survey(build_demo_study(), slug="demo", owner=owner))
    html = team.get("/team/demo/ergebnisse/").content.decode()
    assert 'id="dash-total">0<' in html
    assert cells(html, "table.dash-units tbody tr")[0] == ["Gesamt", "0"]

    rows = demo_rows + demo_rows  # 404 responses
    Response.objects.bulk_create(
        Response(
            id=uuid.uuid4(),
            survey=survey,
            answers=a,
            language="de",
            submitted_on=date(2025, 5, 1 + i % 20),
        )
        for i, a in enumerate(rows)
    )
    start = time.perf_counter()
    response = team.get("/team/demo/ergebnisse/")
    seconds = time.perf_counter() - start
    html = response.content.decode()
    assert 'id="dash-total">404<' in html
    computed = selectors.dashboard(survey, survey.snapshot.response_ids).seconds
    print(f"\ndemo dashboard, 404 responses: {seconds:.3f} s (numbers: {computed:.3f} s)")
    # Twice the demo: twice its counts (README: 35 of 201 "starker Einfluss", 17 %).
    vielfalt = str(question_html(html, "einfluss_vielfalt"))
    assert cells(vielfalt, "tbody tr")[0] == ["starker Einfluss", "70", "17 %"]
    assert cells(vielfalt, "tfoot tr")[0] == ["n", "402", ""]
    assert "Sprache und Dolmetscher" not in html
    for text in (a.get("themen_vielfalt") for a in demo_rows[:20]):
        if text:
            assert text not in html
