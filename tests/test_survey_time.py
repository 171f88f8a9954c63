"""XLSForm ``time`` and ``dateTime`` in the web form: ``<input type="time">`` and
``<input type="datetime-local">``, checked on the server, stored as ISO text and exported."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from formtable import xlsform

from lipkit.study.model import Study
from lipkit.study.xlsform import read_xlsform
from lipkit.survey.form import OnlineForm
from lipkit.survey.models import Response
from lipkit.survey.selectors import responses_frame
from lipkit.survey.services.surveys import create_survey, open_survey

FORM = """
| survey |
|        | type          | name    | label::Deutsch (de) | label::English (en) | required |
|        | select_one jn | kontakt | Kontakt?            | Contact?            |          |
|        | time          | beginn  | Beginn              | Start               |          |
|        | dateTime      | termin  | Termin              | Appointment         | yes      |
| choices |
|         | list_name | name | label::Deutsch (de) | label::English (en) |
|         | jn        | ja   | ja                  | yes                 |
|         | jn        | nein | nein                | no                  |
| settings |
|          | form_title | form_id | default_language |
|          | Termine    | termine | Deutsch (de)     |
"""


@pytest.fixture
def study(tmp_path: Path) -> Study:
    return Study(questionnaire=read_xlsform(xlsform(tmp_path, FORM)))


def test_time_and_datetime_are_asked_and_checked(study: Study) -> None:
    form = OnlineForm(study)
    (page,) = form.pages
    assert [q.name for q in page.questions] == ["kontakt", "beginn", "termin"]
    raw = {"kontakt": ["ja"], "beginn": ["7:05"], "termin": ["2026-03-01T14:30"]}
    checked = form.check_page(page, raw, {}, "de")
    assert checked.errors == {}
    assert checked.answers == {"kontakt": "ja", "beginn": "07:05", "termin": "2026-03-01T14:30"}
    german = {"beginn": ["14:30:15"], "termin": ["01.03.2026 09:00"]}
    assert form.check_page(page, german, {}, "de").answers == {
        "beginn": "14:30:15",
        "termin": "2026-03-01T09:00",
    }
    bad = {"beginn": ["25:00"], "termin": ["2026-02-30T10:00"]}
    assert form.check_page(page, bad, {}, "de").errors == {
        "beginn": "Bitte eine Uhrzeit eingeben (HH:MM).",
        "termin": "Bitte Datum und Uhrzeit eingeben (TT.MM.JJJJ HH:MM).",
    }
    assert form.check_page(page, {"beginn": ["halb drei"]}, {}, "en").errors == {
        "beginn": "Please enter a time (HH:MM).",
        "termin": form.check_page(page, {}, {}, "en").errors["termin"],
    }


@pytest.mark.django_db
def test_the_form_shows_time_inputs_stores_and_exports(study: Study) -> None:
    survey = open_survey(create_survey(study, slug="termine"))
    client = Client()
    assert client.get(f"/s/{survey.link}/").status_code == 200
    html = client.post(f"/s/{survey.link}/", {"action": "start", "lang": "de"}).content.decode()
    assert re.search(r'<input name="beginn" id="q-beginn-first" value="" type="time"', html)
    assert re.search(r'<input name="termin" [^>]*type="datetime-local"', html)
    state = re.search(r'name="state" value="([^"]*)"', html).group(1)
    data = {
        "action": "next",
        "state": state,
        "kontakt": "ja",
        "beginn": "25:61",
        "termin": "2026-03-01T14:30",
        "_shown": ["kontakt", "beginn", "termin"],
    }
    refused = client.post(f"/s/{survey.link}/", data).content.decode()
    assert "Bitte eine Uhrzeit eingeben (HH:MM)." in refused
    assert 'value="25:61"' in refused  # shown again as typed, never stored
    data["state"] = re.search(r'name="state" value="([^"]*)"', refused).group(1)
    data["beginn"] = "08:15"
    done = client.post(f"/s/{survey.link}/", data)
    assert done.status_code == 303, done.content.decode()[:2000]
    (stored,) = Response.objects.all()
    assert stored.answers == {"kontakt": "ja", "beginn": "08:15", "termin": "2026-03-01T14:30"}
    frame = responses_frame(survey)
    assert frame.select("beginn", "termin").row(0) == ("08:15", "2026-03-01T14:30")
