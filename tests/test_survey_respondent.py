"""The respondents' pages through Django's test client: the demo questionnaire answered,
refused input, double submissions, resuming, and what is (not) stored."""

from __future__ import annotations

import logging
import re
from datetime import date

import pytest
from django.test import Client

from lipkit.demo import build_demo_study
from lipkit.study.model import QuestionType
from lipkit.survey.models import Draft, Invitation, InvitationUse, Response, Survey
from lipkit.survey.services.submissions import token_hash
from lipkit.survey.services.surveys import create_survey, online_form, open_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    return open_survey(create_survey(build_demo_study(), slug="demo"))


def field(html: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', html).group(1)


def start(client, survey, **extra) -> str:
    query = f"?t={extra['t']}" if "t" in extra else ""
    assert client.get(f"/s/{survey.link}/{query}").status_code == 200
    response = client.post(f"/s/{survey.link}/", {"action": "start", "lang": "de", **extra})
    assert response.status_code == 200
    return response.content.decode()


def answer_page(form, page, answers: dict) -> dict[str, list[str]]:
    """Answers for every question of ``page`` that is shown: the first offered option (the
    first substantive one for a multiple response), 'Sprache' for text."""
    raw: dict[str, list[str]] = {}
    for q in page.questions:
        if q.type == QuestionType.NOTE or not form.shown(q, answers):
            continue
        if q.list_name:
            offered = form.choices(q, answers)
            exclusive = set(form.questionnaire.exclusive_codes(q))
            value = next(o for o in offered if o not in exclusive)
            if q.name == "dezernat":
                value = "III"
            if q.name == "fachbereich":
                value = "50"
            raw[q.name] = [value]
            answers[q.name] = [value] if q.type == QuestionType.SELECT_MULTIPLE else value
        elif q.type == QuestionType.TEXT:
            raw[q.name] = ["Sprache und Dolmetscher"]
            answers[q.name] = raw[q.name][0]
    return raw


def walk(client, survey, html: str) -> tuple[dict, object]:
    """Answer every page; returns the answers and the final response."""
    form = online_form(survey)
    answers: dict = {}
    while True:
        number = int(re.search(r"Seite (\d) von 6", html).group(1))
        page = form.pages[number - 1]
        raw = answer_page(form, page, answers)
        shown = [q.name for q in page.questions if form.shown(q, answers)]
        data = {"action": "next", "state": field(html, "state"), **raw, "_shown": shown}
        response = client.post(f"/s/{survey.link}/", data)
        if response.status_code == 303:
            return answers, (response, data)
        html = response.content.decode()
        assert "error-summary" not in html, html[:2000]


def test_the_demo_questionnaire_answered_and_stored_anonymously(client, survey):
    answers, (response, _) = walk(client, survey, start(client, survey))
    assert response["Location"] == f"/s/{survey.link}/danke/?lang=de"
    (stored,) = Response.objects.all()
    assert stored.answers == answers
    assert stored.answers["einbindung_neuer_lip"] == ["information"]  # first in the list
    assert stored.language == "de"
    assert stored.submitted_on == date.today()  # the day, no time of day
    fields = {f.name for f in Response._meta.get_fields()}
    assert fields == {"id", "survey", "answers", "language", "submitted_on"}
    thanks = client.get(response["Location"])
    assert "Vielen Dank" in thanks.content.decode()


def test_a_retried_submission_is_stored_once(client, survey):
    _, (first, data) = walk(client, survey, start(client, survey))
    second = client.post(f"/s/{survey.link}/", data)
    assert (first.status_code, second.status_code) == (303, 303)
    assert Response.objects.count() == 1


def test_no_date_when_the_survey_records_none(client):
    survey = create_survey(build_demo_study(), slug="ohne-datum")
    survey.date_policy = Survey.DatePolicy.NONE
    survey.save()
    open_survey(survey)
    walk(client, survey, start(client, survey))
    assert Response.objects.get().submitted_on is None


def test_a_forged_option_is_refused_next_to_its_field(client, survey):
    html = start(client, survey)
    response = client.post(
        f"/s/{survey.link}/",
        {"action": "next", "state": field(html, "state"), "rolle": "praesident", "_shown": "rolle"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="q-rolle-error"' in html and "Diese Antwort gibt es hier nicht." in html
    assert 'aria-describedby="q-rolle-error' in html
    assert 'id="error-summary"' in html and 'href="#q-rolle-0"' in html
    assert "Seite 1 von 6" in html
    assert Response.objects.count() == 0


def test_a_tampered_or_missing_state_is_refused(client, survey):
    html = start(client, survey)
    state = field(html, "state")
    for bad in (state[:-2] + "xx", "", "e30:abc"):
        response = client.post(f"/s/{survey.link}/", {"action": "next", "state": bad})
        assert response.status_code == 400
    # A JSON body is not a form: no state, refused.
    response = client.post(
        f"/s/{survey.link}/", data='{"action": "next"}', content_type="application/json"
    )
    assert response.status_code == 400


def test_an_oversized_request_is_refused(client, survey, settings):
    html = start(client, survey)
    big = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)
    response = client.post(
        f"/s/{survey.link}/", {"action": "next", "state": field(html, "state"), "rolle": big}
    )
    assert response.status_code == 400


def test_csrf_is_required(survey):
    client = Client(enforce_csrf_checks=True)
    client.get(f"/s/{survey.link}/")
    assert client.post(f"/s/{survey.link}/", {"action": "start"}).status_code == 403


def test_security_headers(client, survey):
    response = client.get(f"/s/{survey.link}/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "'unsafe-inline'" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    html = response.content.decode()
    assert "<script>" not in html and "style=" not in html


def test_rate_limit_per_client_on_the_open_link(client, survey, settings):
    from django.core.cache import cache

    cache.clear()
    settings.RATE_LIMIT_PER_HOUR = 2
    start(client, survey)
    start(client, survey)
    response = client.post(f"/s/{survey.link}/", {"action": "start", "lang": "de"})
    assert response.status_code == 429
    cache.clear()


def test_rate_limit_counts_the_address_the_proxy_saw(rf, settings):
    from lipkit.survey.ratelimit import client_key

    settings.TRUST_X_FORWARDED_FOR = True
    honest = rf.get("/", HTTP_X_FORWARDED_FOR="203.0.113.7")
    forged = rf.get("/", HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.7")
    other = rf.get("/", HTTP_X_FORWARDED_FOR="203.0.113.7, 198.51.100.1")
    assert client_key(honest) == client_key(forged)
    assert client_key(other) != client_key(honest)
    settings.TRUST_X_FORWARDED_FOR = False
    assert client_key(forged) == client_key(rf.get("/"))  # REMOTE_ADDR only


def test_rate_limit_counts_are_shared_by_all_workers():
    from django.conf import settings
    from django.core.cache import cache

    # A per-process cache would let each gunicorn worker count a client on its own.
    assert settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache")
    assert cache.add("lipkit-rate:test", 1) and cache.incr("lipkit-rate:test") == 2
    cache.delete("lipkit-rate:test")


def test_save_and_resume_with_a_code(client, survey):
    html = start(client, survey)
    raw = {"rolle": "bl", "dezernat": "IV", "fachbereich": "51"}
    response = client.post(
        f"/s/{survey.link}/",
        {"action": "save", "state": field(html, "state"), **raw, "_shown": list(raw)},
    )
    html = response.content.decode()
    code = re.search(r"<strong>([A-Z0-9-]{14})</strong>", html).group(1)
    (draft,) = Draft.objects.all()
    assert draft.code == code.replace("-", "")
    resumed = Client().post(f"/s/{survey.link}/fortsetzen/", {"code": code.lower()})
    html = resumed.content.decode()
    assert "Seite 1 von 6" in html
    assert 'value="bl" id="q-rolle-1" checked' in html
    assert Client().post(f"/s/{survey.link}/fortsetzen/", {"code": "XXXX"}).status_code == 404


def test_closed_and_expired(client, survey, settings):
    html = start(client, survey)
    settings.SESSION_MINUTES = 0  # every signed page is now too old
    response = client.post(f"/s/{survey.link}/", {"action": "next", "state": field(html, "state")})
    assert response.status_code == 400
    assert "zu lange geöffnet" in response.content.decode()
    survey.status = Survey.Status.CLOSED
    survey.save()
    assert client.get(f"/s/{survey.link}/").status_code == 410


def test_invitation_tokens_are_used_apart_from_the_response(client, survey):
    survey.open_link = False
    survey.save()
    invitation = Invitation.objects.create(
        survey=survey, email="a@example.org", token_hash=token_hash("tok-1")
    )
    assert client.get(f"/s/{survey.link}/").status_code == 403
    walk(client, survey, start(client, survey, t="tok-1"))
    assert InvitationUse.objects.filter(invitation=invitation).exists()
    stored = Response.objects.get()
    assert "tok-1" not in str(stored.answers) and not hasattr(stored, "invitation")
    # Used: the link no longer starts a questionnaire.
    response = client.post(f"/s/{survey.link}/", {"action": "start", "t": "tok-1"})
    assert response.status_code == 403


def test_answers_do_not_reach_the_logs(client, survey, caplog):
    caplog.set_level(logging.DEBUG)
    walk(client, survey, start(client, survey))
    assert "Sprache und Dolmetscher" not in caplog.text


def test_going_back_and_switching_a_filter_off_drops_the_later_answers(client, tmp_path):
    """kontakt = ja, then anzahl and davon on page 2; back to page 1, kontakt = nein: page 2
    has nothing left to ask, so 'Weiter' sends — and the stored answers hold only kontakt
    (they used to be refused with errors on questions the respondent could not see)."""
    from formtable import xlsform
    from test_survey_form import CROSS_PAGE

    from lipkit.study.folder import load_study

    xlsform(tmp_path, CROSS_PAGE, name="questionnaire.xlsx")
    survey = open_survey(create_survey(load_study(tmp_path), slug="zurueck"))
    html = start(client, survey)
    html = client.post(
        f"/s/{survey.link}/",
        {"action": "next", "state": field(html, "state"), "kontakt": "ja", "_shown": ["kontakt"]},
    ).content.decode()
    assert "Wie viele?" in html and "Seite 2 von 2" in html
    html = client.post(
        f"/s/{survey.link}/",
        {
            "action": "back",
            "state": field(html, "state"),
            "anzahl": "3",
            "davon": "1",
            "_shown": ["anzahl", "davon"],
        },
    ).content.decode()
    assert "Seite 1 von 2" in html
    sent = client.post(
        f"/s/{survey.link}/",
        {"action": "next", "state": field(html, "state"), "kontakt": "nein", "_shown": ["kontakt"]},
    )
    assert sent.status_code == 303, sent.content.decode()[:3000]
    assert Response.objects.get(survey=survey).answers == {"kontakt": "nein"}
