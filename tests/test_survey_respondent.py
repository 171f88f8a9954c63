"""The respondents' pages through Django's test client: the demo questionnaire answered,
refused input, double submissions, resuming, and what is (not) stored."""

from __future__ import annotations

import logging
import re
from datetime import date, timedelta

import pytest
from django.test import Client
from linkage import readable

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


def walk(client, survey, html: str, final: bool = False, pages: list | None = None):
    """Answer every page; returns the answers and (the final response, its data) — or, with
    ``final``, (the first response that is not another page, its data). Each page's HTML is
    added to ``pages``, if given."""
    form = online_form(survey)
    answers: dict = {}
    while True:
        if pages is not None:
            pages.append(html)
        number = int(re.search(r"Seite (\d) von 6", html).group(1))
        page = form.pages[number - 1]
        raw = answer_page(form, page, answers)
        shown = [q.name for q in page.questions if form.shown(q, answers)]
        data = {"action": "next", "state": field(html, "state"), **raw, "_shown": shown}
        response = client.post(f"/s/{survey.link}/", data)
        if final and 'name="state"' not in response.content.decode():
            return response, data
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


def test_the_rate_limit_counts_completed_questionnaires_per_survey(client, survey, settings):
    """Limit 2: three questionnaires started (starts are not counted) and all three finished:
    two are stored, the third is not thrown away but saved under a resume code (429); a
    fourth start is refused. Another survey on the same server counts apart. (The old limit
    counted starts and sends across all surveys, so a finished questionnaire was lost.)"""
    from django.core.cache import cache

    cache.clear()
    settings.RATE_LIMIT_PER_HOUR = 2
    other = open_survey(create_survey(build_demo_study(), slug="andere"))
    pages = [start(client, survey) for _ in range(3)]
    sent, data = zip(*(walk(client, survey, html, final=True) for html in pages), strict=True)
    assert [r.status_code for r in sent] == [303, 303, 429]
    assert Response.objects.filter(survey=survey).count() == 2
    kept = sent[2].content.decode()
    assert "Sie gehen nicht verloren" in kept
    code = re.search(r"<strong>([A-Z0-9-]{14})</strong>", kept).group(1)
    assert Draft.objects.count() == 1
    refused = client.post(f"/s/{survey.link}/", {"action": "start", "lang": "de"})
    assert refused.status_code == 429 and "sehr viele Antworten" in refused.content.decode()
    assert walk(client, other, start(client, other), final=True)[0].status_code == 303
    # An hour later (the window is over) the saved questionnaire is resumed and sent.
    cache.clear()
    html = client.post(f"/s/{survey.link}/fortsetzen/", {"code": code}).content.decode()
    assert "error-summary" not in html
    again = client.post(f"/s/{survey.link}/", {**data[2], "state": field(html, "state")})
    assert again.status_code == 303
    assert Response.objects.filter(survey=survey).count() == 3 and not Draft.objects.exists()
    cache.clear()


def test_an_ipv6_client_is_counted_by_its_64_network(survey, settings):
    """Limit 1: a questionnaire sent from 2001:db8:1:2::a; another address of the same /64
    network may not start one, an address of the next network may; an IPv4 client in IPv6
    notation is the IPv4 client. (Before, every IPv6 address counted apart: a client with a
    /64 had 2^64 tries.)"""
    from django.core.cache import cache

    cache.clear()
    settings.RATE_LIMIT_PER_HOUR = 1

    def client_at(address: str) -> Client:
        return Client(REMOTE_ADDR=address)

    first = client_at("2001:db8:1:2::a")
    assert walk(first, survey, start(first, survey), final=True)[0].status_code == 303
    for address, status in (
        ("2001:db8:1:2:ffff:0:0:1", 429),
        ("2001:db8:1:3::a", 200),
        ("192.0.2.1", 200),
    ):
        starting = client_at(address).post(f"/s/{survey.link}/", {"action": "start"})
        assert starting.status_code == status, address
    ipv4 = client_at("192.0.2.1")
    assert walk(ipv4, survey, start(ipv4, survey), final=True)[0].status_code == 303
    mapped = client_at("::ffff:192.0.2.1").post(f"/s/{survey.link}/", {"action": "start"})
    assert mapped.status_code == 429
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
    """Saved on page 1, resumed with the code (any case, dashes or not): the page's form
    posts to the questionnaire again — not to /fortsetzen/ (the old ``action=""``, with which
    "Weiter" after resuming landed on the start page: "no saved answers for this code")."""
    html = start(client, survey)
    raw = {"rolle": "bl", "dezernat": "IV", "fachbereich": "51"}
    response = client.post(
        f"/s/{survey.link}/",
        {"action": "save", "state": field(html, "state"), **raw, "_shown": list(raw)},
    )
    html = response.content.decode()
    code = re.search(r"<strong>([A-Z0-9-]{14})</strong>", html).group(1)
    assert "nach 30 Tagen gelöscht" in html
    (draft,) = Draft.objects.all()
    assert draft.expires_on == date.today() + timedelta(days=30)
    resumed = Client().post(f"/s/{survey.link}/fortsetzen/", {"code": code.lower()})
    html = resumed.content.decode()
    assert "Seite 1 von 6" in html
    assert 'value="bl" id="q-rolle-1" checked' in html
    assert f'<form method="post" action="/s/{survey.link}/" novalidate' in html
    going_on = Client().post(
        f"/s/{survey.link}/",
        {"action": "next", "state": field(html, "state"), **raw, "_shown": list(raw)},
    )
    assert "Seite 2 von 6" in going_on.content.decode()
    assert Client().post(f"/s/{survey.link}/fortsetzen/", {"code": "XXXX"}).status_code == 404


def test_a_draft_is_sealed_with_its_code_and_expires(client, survey, settings):
    """The stored draft holds the answers only, encrypted with a key derived from the code:
    no answer, code or id readable in its row; it is gone after ``DRAFT_DAYS``. (The old
    draft was the signed page state — base64 + zlib — with the invitation token and the id
    the response would get, kept forever under the plain code.)"""
    html = start(client, survey)
    raw = {"rolle": "bl", "dezernat": "IV", "fachbereich": "51"}
    saved = client.post(
        f"/s/{survey.link}/",
        {"action": "save", "state": field(html, "state"), **raw, "_shown": list(raw)},
    ).content.decode()
    code = re.search(r"<strong>([A-Z0-9-]{14})</strong>", saved).group(1).replace("-", "")
    (row,) = Draft.objects.values()
    stored = b"\n".join(
        readable(v if isinstance(v, bytes) else str(v).encode()) for v in row.values()
    )
    for text in ('"rolle"', '"bl"', '"dezernat"', '"fachbereich"', "answers", "submission", code):
        assert text.encode() not in stored, text

    from lipkit.survey.services.submissions import load_draft, purge_expired_drafts

    assert load_draft(survey, code)["answers"] == raw
    assert load_draft(survey, "AAAABBBBCCCC") is None
    later = date.today() + timedelta(days=settings.DRAFT_DAYS)
    assert purge_expired_drafts(later) == 0  # the last day is still in
    assert purge_expired_drafts(later + timedelta(days=1)) == 1
    assert not Draft.objects.exists()


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
    """An invitation's submission claims the invitation at once (a second start with the link
    is refused) and waits, sealed, for its batch: with k = 5 and one answer nothing is written
    as a response yet. Closing the survey writes it — without a use mark (a batch of one would
    tie it to its invitation)."""
    from lipkit.survey.models import InvitationClaim, PendingSubmission
    from lipkit.survey.services.surveys import close_survey

    survey.open_link = False
    survey.save()
    invitation = Invitation.objects.create(
        survey=survey, email="a@example.org", token_hash=token_hash("tok-1")
    )
    assert client.get(f"/s/{survey.link}/").status_code == 403
    answers, _ = walk(client, survey, start(client, survey, t="tok-1"))
    assert InvitationClaim.objects.count() == 1 and PendingSubmission.objects.count() == 1
    assert not Response.objects.exists() and not InvitationUse.objects.exists()
    sealed = bytes(PendingSubmission.objects.get().sealed)
    assert b"Sprache" not in sealed and str(invitation.pk).encode() not in sealed
    # Used: the link no longer starts a questionnaire.
    response = client.post(f"/s/{survey.link}/", {"action": "start", "t": "tok-1"})
    assert response.status_code == 403
    close_survey(survey)
    stored = Response.objects.get()
    assert stored.answers == answers and not PendingSubmission.objects.exists()
    assert not InvitationUse.objects.exists()
    assert response.status_code == 403


def test_after_the_closing_day_an_export_and_the_dashboard_include_the_waiting_answers(
    client, survey, tmp_path
):
    """An invitation's answer that waits for its batch when the closing day passes is written
    by the next request of any kind — also by an export or the dashboard taken first, which
    would otherwise miss it."""
    from datetime import timedelta

    from lipkit.survey.models import PendingSubmission
    from lipkit.survey.services.exports import write_export
    from lipkit.survey.services.snapshots import current

    survey.open_link = False
    survey.save()
    Invitation.objects.create(survey=survey, email="a@example.org", token_hash=token_hash("tok-9"))
    walk(client, survey, start(client, survey, t="tok-9"))
    assert PendingSubmission.objects.count() == 1 and not Response.objects.exists()
    Survey.objects.filter(pk=survey.pk).update(closes_on=date.today() - timedelta(days=1))
    survey.refresh_from_db()
    written = write_export(survey, "csv", tmp_path)
    assert len(written.read_text(encoding="utf-8").strip().splitlines()) == 2  # header + 1
    assert not PendingSubmission.objects.exists()
    # The dashboard's own call finds nothing left to write and shows nothing under k (= 5).
    assert current(survey).response_ids == []


def test_an_invitation_is_resumed_only_with_its_link(client, survey):
    """The draft holds nothing that names the invitation: on an invitations-only survey the
    code alone is refused, the code on the page of the personal link resumes the session as
    that invitation's — and its submission claims the invitation."""
    from lipkit.survey.models import InvitationClaim
    from lipkit.survey.services.submissions import claim_digest

    survey.open_link = False
    survey.save()
    invitation = Invitation.objects.create(
        survey=survey, email="a@example.org", token_hash=token_hash("tok-2")
    )
    html = start(client, survey, t="tok-2")
    raw = {"rolle": "bl", "dezernat": "IV", "fachbereich": "51"}
    saved = client.post(
        f"/s/{survey.link}/",
        {"action": "save", "state": field(html, "state"), **raw, "_shown": list(raw)},
    ).content.decode()
    assert "persönlichen Link" in saved
    code = re.search(r"<strong>([A-Z0-9-]{14})</strong>", saved).group(1)
    alone = Client().post(f"/s/{survey.link}/fortsetzen/", {"code": code})
    assert alone.status_code == 403 and "persönlichen" in alone.content.decode()
    page = Client().get(f"/s/{survey.link}/?t=tok-2").content.decode()
    assert '<input type="hidden" name="t" value="tok-2">' in page.split("resume-title")[-1]
    other = Client()
    html = other.post(f"/s/{survey.link}/fortsetzen/", {"code": code, "t": "tok-2"})
    html = html.content.decode()
    assert 'value="bl" id="q-rolle-1" checked' in html
    walk(other, survey, html)
    assert InvitationClaim.objects.filter(digest=claim_digest(str(invitation.pk))).exists()
    assert not Draft.objects.exists()


def test_the_stored_response_id_is_never_shown(client, survey):
    """No page the respondent gets — read as the respondent could: every hidden field decoded
    as base64 and zlib — holds the id of the stored response. (The old page state was the
    signed, readable JSON whose submission id became the response's id, the export's
    ``_uuid``: a receipt for one's own row.)"""
    pages: list[str] = []
    _, (sent, _) = walk(client, survey, start(client, survey), pages=pages)
    pages.append(client.get(sent["Location"]).content.decode())
    seen = [html.encode() for html in pages]
    for html in pages:
        hidden = re.findall(r'type="hidden" name="\w+" value="([^"]*)"', html)
        seen += [readable(value.encode()) for value in hidden]
    (stored,) = Response.objects.all()
    everything = b"\n".join(seen)
    for form_of_id in (str(stored.id), stored.id.hex, str(stored.id).upper()):
        assert form_of_id.encode() not in everything


def test_answers_do_not_reach_the_logs(client, survey, caplog):
    caplog.set_level(logging.DEBUG)
    walk(client, survey, start(client, survey))
    assert "Sprache und Dolmetscher" not in caplog.text


def test_going_back_and_switching_a_filter_off_drops_the_later_answers(client, tmp_path):
    """kontakt = ja, then anzahl and davon on page 2; back to page 1, kontakt = nein: page 2
    has nothing left to ask, so 'Weiter' sends — and the stored answers hold only kontakt
    (they used to be refused with errors on questions the respondent could not see)."""
    from formtable import xlsform
    from studies.cross_page import CROSS_PAGE

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


TYPED = """
| survey |
|        | type          | name      | label          |
|        | begin_group   | eins      | Seite 1        |
|        | text          | bemerkung | Bemerkung?     |
|        | integer       | anzahl    | Wie viele?     |
|        | decimal       | stunden   | Wie lange?     |
|        | end_group     |           |                |
"""


SHOWN = ["bemerkung", "anzahl", "stunden"]


@pytest.fixture
def typed(tmp_path):
    from formtable import xlsform

    from lipkit.study.folder import load_study

    xlsform(tmp_path, TYPED, name="questionnaire.xlsx")
    return open_survey(create_survey(load_study(tmp_path), slug="getippt"))


def test_control_characters_are_refused_next_to_their_field(client, typed):
    """A NUL (it broke PostgreSQL's INSERT with HTTP 500), an escape or a form feed in a text
    answer: refused next to the field, with the text shown again without them; newlines
    (also as CR LF from a browser's textarea) and tabs are fine."""
    html = start(client, typed)
    for bad in ("Vorlage\x00kopiert", "Farbe \x1b[31m rot", "Seite\x0cumbruch", "A\x7fB"):
        page = client.post(
            f"/s/{typed.link}/",
            {"action": "next", "state": field(html, "state"), "bemerkung": bad, "_shown": SHOWN},
        )
        text = page.content.decode()
        assert page.status_code == 200, bad
        assert 'id="q-bemerkung-error"' in text and "Steuerzeichen" in text, bad
        clean = "".join(c for c in bad if c.isprintable())
        assert f">{clean}</textarea>" in text, bad
        assert not Response.objects.exists()
    sent = client.post(
        f"/s/{typed.link}/",
        {
            "action": "next",
            "state": field(html, "state"),
            "bemerkung": "Zeile 1\r\n\tZeile 2",
            "_shown": SHOWN,
        },
    )
    assert sent.status_code == 303
    assert Response.objects.get().answers == {"bemerkung": "Zeile 1\n\tZeile 2"}


def test_an_invalid_number_is_kept_in_its_field(client, typed):
    """'12a' and '3,5 h' are refused — and still in their fields, as typed (they used to be
    wiped with the error); the valid text next to them stays too."""
    html = start(client, typed)
    page = client.post(
        f"/s/{typed.link}/",
        {
            "action": "next",
            "state": field(html, "state"),
            "bemerkung": "gut",
            "anzahl": "12a",
            "stunden": "3,5 h",
            "_shown": SHOWN,
        },
    ).content.decode()
    assert "Bitte eine ganze Zahl eingeben." in page and "Bitte eine Zahl eingeben." in page
    assert 'name="anzahl" id="q-anzahl-first" value="12a"' in page
    assert 'name="stunden" id="q-stunden-first" value="3,5 h"' in page
    assert ">gut</textarea>" in page
    sent = client.post(
        f"/s/{typed.link}/",
        {
            "action": "next",
            "state": field(page, "state"),
            "anzahl": "12",
            "stunden": "3,5",
            "_shown": SHOWN,
        },
    )
    assert sent.status_code == 303
    assert Response.objects.get().answers == {"anzahl": 12, "stunden": 3.5}


def test_database_errors_reach_the_log_without_their_values(survey):
    """A database error whose message quotes a stored value (as PostgreSQL's DETAIL and
    CONTEXT lines do) is logged with its traceback but without the message."""
    import io
    import sqlite3

    from django.db import DataError

    value = "Geheim" + "nis"  # not as one word in this file, which the traceback quotes
    context = f'CONTEXT: JSON data, line 1: {{"kommentar": "{value}'
    detail = f'DETAIL: Key (answers)=("{value}") already exists.'
    handler = logging.getLogger("django.request").handlers[0]
    stream, handler.stream = handler.stream, io.StringIO()
    try:
        try:
            try:
                raise sqlite3.DataError(context)
            except sqlite3.DataError as cause:
                raise DataError(detail) from cause
        except DataError:
            logging.getLogger("django.request").exception("Internal Server Error: /s/x/")
        logged = handler.stream.getvalue()
    finally:
        handler.stream = stream
    assert "Internal Server Error: /s/x/" in logged and "DataError" in logged
    assert logged.count("Traceback") == 2 and logged.count("message withheld") == 2
    assert value not in logged
