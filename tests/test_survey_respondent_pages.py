"""What respondents must be shown besides the questions (a German public body): the
introduction (a safe Markdown subset), the estimated time and the closing date on the start
page; a privacy statement, an imprint and an accessibility statement (BITV 2.0) linked in the
footer of every respondent page and filled from the survey's settings, which the team edits;
a German 404 page (English with ?lang=en); and distinct messages for a survey not open yet
(with its first day), a closed one, and an invitation that has been used."""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta

import pytest
from bs4 import BeautifulSoup
from django.test import Client, RequestFactory

from lipkit.demo import build_demo_study
from lipkit.survey import ratelimit
from lipkit.survey.models import Invitation, InvitationUse, Survey
from lipkit.survey.services.submissions import token_hash
from lipkit.survey.services.surveys import create_survey, open_survey

pytestmark = pytest.mark.django_db

CONTROLLER = "Stadt Musterstadt\nFachbereich Integration\nMarkt 1, 12345 Musterstadt"


@pytest.fixture
def demo():
    return open_survey(create_survey(build_demo_study(), slug="demo"))


def text(html: str) -> str:
    """The page's text as read, whitespace collapsed."""
    return " ".join(BeautifulSoup(html, "html.parser").get_text().split())


def footer_links(html: str) -> dict[str, str]:
    footer = BeautifulSoup(html, "html.parser").select_one("footer.site-footer")
    assert footer is not None, "no footer"
    return {a.get_text(" ", strip=True): a["href"] for a in footer.find_all("a")}


def settle(survey: Survey, **values) -> Survey:
    Survey.objects.filter(pk=survey.pk).update(**values)
    survey.refresh_from_db()
    return survey


# -- the start page -------------------------------------------------------------------------------


def test_the_start_page_shows_the_introduction_time_and_closing_date(demo):
    settle(
        demo,
        introduction="Liebe Kolleginnen und Kollegen,\n\nbitte **nehmen Sie teil**:\n\n"
        "- anonym\n- freiwillig\n\n<script>alert(1)</script> [Intranet](https://intranet.example) "
        "[böse](javascript:alert(1))",
        closes_on=date.today() + timedelta(days=30),
    )
    html = Client().get(f"/s/{demo.link}/").content.decode()
    intro = BeautifulSoup(html, "html.parser").select_one("div.intro")
    assert intro.find("strong").get_text() == "nehmen Sie teil"
    assert [li.get_text() for li in intro.find_all("li")] == ["anonym", "freiwillig"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in str(intro) and "<script>" not in str(intro)
    assert [a["href"] for a in intro.find_all("a")] == ["https://intranet.example"]
    assert not intro.find("h1") and not intro.has_attr("lang")
    page = text(html)
    # 61 questions, one open: 60 x 8 s + 45 s = 525 s, rounded up to 9 minutes.
    assert "Das Ausfüllen dauert etwa 9 Minuten. Der Fragebogen hat 6 Seiten." in page
    until = (date.today() + timedelta(days=30)).strftime("%d.%m.%Y")
    assert f"Sie können bis einschließlich {until} teilnehmen." in page
    assert "steht in der Datenschutzerklärung" in page

    settle(demo, minutes=15)
    english = Client().get(f"/s/{demo.link}/?lang=en").content.decode()
    assert "Filling it in takes about 15 minutes." in text(english)
    # No English introduction: the German one, marked as German.
    assert BeautifulSoup(english, "html.parser").select_one("div.intro")["lang"] == "de"
    settle(demo, introduction_en="Dear colleagues, *please* take part.")
    english = Client().get(f"/s/{demo.link}/?lang=en").content.decode()
    intro = BeautifulSoup(english, "html.parser").select_one("div.intro")
    assert str(intro.p) == "<p>Dear colleagues, <em>please</em> take part.</p>"
    assert not intro.has_attr("lang")


# -- the footer on every respondent page --------------------------------------------------------


def test_every_respondent_page_links_the_three_statements(demo, settings):
    from django.core.cache import cache

    cache.clear()
    client = Client()
    link = demo.link
    expected = {
        "Datenschutzerklärung (öffnet in neuem Fenster)": f"/s/{link}/datenschutz/",
        "Impressum (öffnet in neuem Fenster)": f"/s/{link}/impressum/",
        "Erklärung zur Barrierefreiheit (öffnet in neuem Fenster)": f"/s/{link}/barrierefreiheit/",
    }
    pages = {"start": client.get(f"/s/{link}/")}
    pages["page 1"] = client.post(f"/s/{link}/", {"action": "start", "lang": "de"})
    state = re.search(r'name="state" value="([^"]*)"', pages["page 1"].content.decode()).group(1)
    pages["saved"] = client.post(f"/s/{link}/", {"action": "save", "state": state})
    pages["thanks"] = client.get(f"/s/{link}/danke/")
    pages["404 in the survey"] = client.get(f"/s/{link}/gibt-es-nicht/")
    for info in ("datenschutz", "impressum", "barrierefreiheit"):
        pages[info] = client.get(f"/s/{link}/{info}/")
    settings.RATE_LIMIT_PER_HOUR = 1
    # One questionnaire sent from this client (the limit counts completed ones only).
    ratelimit.count(RequestFactory().get("/"), demo)
    pages["too many"] = client.post(f"/s/{link}/", {"action": "start", "lang": "de"})
    assert pages["too many"].status_code == 429
    settle(demo, opens_on=date.today() + timedelta(days=3))
    pages["not yet"] = client.get(f"/s/{link}/")
    settle(demo, status=Survey.Status.CLOSED)
    pages["closed"] = client.get(f"/s/{link}/")
    for label, response in pages.items():
        links = footer_links(response.content.decode())
        if label in ("datenschutz", "impressum", "barrierefreiheit"):
            # On a statement the links stay in the window; the page itself is marked current.
            assert sorted(links.values()) == sorted(expected.values()), label
            current = BeautifulSoup(response.content, "html.parser").select_one(
                'footer [aria-current="page"]'
            )
            assert current["href"] == f"/s/{link}/{label}/", label
        else:
            assert links == expected, label
    english = footer_links(client.get(f"/s/{link}/?lang=en").content.decode())
    assert english == {
        "Privacy statement (opens in a new window)": f"/s/{link}/datenschutz/?lang=en",
        "Legal notice (Impressum) (opens in a new window)": f"/s/{link}/impressum/?lang=en",
        "Accessibility statement (opens in a new window)": f"/s/{link}/barrierefreiheit/?lang=en",
    }


# -- the statements --------------------------------------------------------------------------------


def test_the_privacy_statement_says_what_this_survey_stores(demo, settings):
    settle(
        demo,
        controller=CONTROLLER,
        data_protection_officer="Datenschutz@musterstadt.example",
        retention_months=18,
        privacy_note="Rechtsgrundlage: **Dienstvereinbarung** vom 1. März 2025.",
    )
    response = Client().get(f"/s/{demo.link}/datenschutz/")
    assert response.status_code == 200
    html = response.content.decode()
    page = text(html)
    assert "Datenschutzerklärung für die Befragung „Evaluation des Lokalen" in page
    assert "Stadt Musterstadt<br>Fachbereich Integration<br>Markt 1, 12345 Musterstadt" in html
    assert "Datenschutz@musterstadt.example" in page
    assert "spätestens 18 Monate nach dem Ende der Befragung" in page
    assert (
        "mindestens 5 Personen ausgewiesen, Antworten in eigenen Worten nur für Gruppen mit "
        "mindestens 10 Personen" in page
    )
    assert (
        "dazu der Tag des Absendens (ohne Uhrzeit; in Auswertungen und Exporten nur der Monat)"
        in page
    )
    assert "Prüfsumme davon höchstens eine Stunde lang gezählt" in page  # the open link
    assert "Bei einer persönlichen Einladung" not in page  # none yet
    assert "<strong>Dienstvereinbarung</strong>" in html
    assert "Art. 11 DSGVO" in page and "Art. 77 DSGVO" in page
    settings.DRAFT_DAYS = 30  # where the server keeps saved questionnaires for a limited time
    page = text(Client().get(f"/s/{demo.link}/datenschutz/").content.decode())
    assert "nicht fortgesetzte Zwischenstände verfallen nach 30 Tagen." in page

    # No date kept, invitations only, no rate limit: the statement says so.
    settle(demo, date_policy=Survey.DatePolicy.NONE, open_link=False, controller="<b>X</b>")
    Invitation.objects.create(survey=demo, email="a@stadt.example", token_hash="1" * 64)
    html = Client().get(f"/s/{demo.link}/datenschutz/").content.decode()
    page = text(html)
    assert "Tag des Absendens" not in page
    assert "Bei einer persönlichen Einladung: Ihre E-Mail-Adresse" in page
    assert "keine Verbindung zwischen Ihrer Einladung und Ihren Antworten" in page
    assert "Prüfsumme davon" not in page  # no open link, no counting of addresses
    assert "&lt;b&gt;X&lt;/b&gt;" in html  # the team's text is shown, never run

    english = Client().get(f"/s/{demo.link}/datenschutz/?lang=en")
    page = text(english.content.decode())
    assert english["Content-Language"] == "en"
    assert "Privacy statement for the survey" in page
    assert "at the latest 18 months after the survey ends" in page
    assert "With a personal invitation: your e-mail address" in page


def test_without_the_teams_details_the_statements_say_what_is_missing(demo):
    for info in ("datenschutz", "impressum", "barrierefreiheit"):
        page = text(Client().get(f"/s/{demo.link}/{info}/").content.decode())
        assert "Diese Angabe hat das Auswertungsteam noch nicht eingetragen." in page, info
        english = text(Client().get(f"/s/{demo.link}/{info}/?lang=en").content.decode())
        assert "The evaluation team has not filled this in yet." in english, info


def test_the_imprint_and_the_accessibility_statement(demo):
    settle(demo, controller=CONTROLLER)
    imprint = text(Client().get(f"/s/{demo.link}/impressum/").content.decode())
    assert "Impressum Angaben zum Anbieter" in imprint and "Markt 1, 12345 Musterstadt" in imprint
    settle(demo, imprint="**Stadt Musterstadt**, vertreten durch den Oberbürgermeister")
    html = Client().get(f"/s/{demo.link}/impressum/").content.decode()
    assert "<strong>Stadt Musterstadt</strong>, vertreten durch" in html
    assert "Markt 1" not in html

    page = text(Client().get(f"/s/{demo.link}/barrierefreiheit/").content.decode())
    assert "Erklärung zur Barrierefreiheit" in page and "BITV 2.0" in page
    assert "WCAG 2.1 in den Stufen A und AA" in page
    assert "Markt 1, 12345 Musterstadt" in page  # the contact falls back to the controller
    assert "Schlichtungsstelle nach § 16 Behindertengleichstellungsgesetz" in page
    settle(
        demo,
        accessibility_contact="barrierefrei@musterstadt.example",
        enforcement_body="Landesbeauftragte für Barrierefreiheit, Beispielland",
        texts_reviewed_on=date(2026, 3, 2),
    )
    page = text(Client().get(f"/s/{demo.link}/barrierefreiheit/").content.decode())
    assert "barrierefrei@musterstadt.example" in page and "Markt 1" not in page
    assert "Landesbeauftragte für Barrierefreiheit, Beispielland" in page
    assert "zuletzt am 02.03.2026 überprüft" in page
    english = text(Client().get(f"/s/{demo.link}/barrierefreiheit/?lang=en").content.decode())
    assert "Accessibility statement" in english and "last reviewed on 2026-03-02" in english


# -- 404 and the states of a survey --------------------------------------------------------------


def test_a_german_404_page_and_an_english_one(demo):
    response = Client().get("/gibt/es/nicht/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="de">' in html and "<h1>Seite nicht gefunden</h1>" in html
    assert "footer" not in html  # no survey: nothing to link
    english = Client().get("/s/unbekannter-link/?lang=en")
    assert english.status_code == 404
    html = english.content.decode()
    assert '<html lang="en">' in html and "<h1>Page not found</h1>" in html
    inside = Client().get(f"/s/{demo.link}/tippfehler/").content.decode()
    assert "Seite nicht gefunden" in inside and f'href="/s/{demo.link}/"' in inside


def test_not_yet_open_closed_and_draft_say_so_distinctly(demo):
    first = date.today() + timedelta(days=7)
    settle(demo, opens_on=first)
    response = Client().get(f"/s/{demo.link}/")
    assert response.status_code == 404
    assert f"Die Befragung beginnt am {first:%d.%m.%Y}." in text(response.content.decode())
    english = Client().get(f"/s/{demo.link}/?lang=en").content.decode()
    assert f"The survey starts on {first:%Y-%m-%d}." in text(english)

    last = date.today() - timedelta(days=1)
    settle(demo, opens_on=None, closes_on=last)
    response = Client().get(f"/s/{demo.link}/")
    assert response.status_code == 410
    page = text(response.content.decode())
    assert "Die Befragung ist beendet" in page
    assert f"Sie lief bis einschließlich {last:%d.%m.%Y}." in page
    # Closed early, before its last day: ended, without a last day that is still to come.
    settle(demo, closes_on=date.today() + timedelta(days=9), status=Survey.Status.CLOSED)
    response = Client().get(f"/s/{demo.link}/")
    page = text(response.content.decode())
    assert response.status_code == 410 and "Die Befragung ist beendet" in page
    assert "Sie lief bis" not in page
    english = text(Client().get(f"/s/{demo.link}/?lang=en").content.decode())
    assert "The survey has ended; no more answers are accepted." in english
    settle(demo, status=Survey.Status.DRAFT)
    response = Client().get(f"/s/{demo.link}/")
    assert response.status_code == 404
    assert "Diese Befragung ist noch nicht geöffnet." in text(response.content.decode())


def test_a_used_invitation_is_told_apart_from_an_unknown_one(demo):
    settle(demo, open_link=False)
    used = Invitation.objects.create(
        survey=demo, email="a@stadt.example", token_hash=token_hash("benutzt")
    )
    InvitationUse.objects.create(invitation=used)
    Invitation.objects.create(survey=demo, email="b@stadt.example", token_hash=token_hash("frisch"))
    response = Client().get(f"/s/{demo.link}/?t=benutzt")
    assert response.status_code == 403
    assert "Diese Einladung wurde bereits verwendet" in text(response.content.decode())
    english = Client().get(f"/s/{demo.link}/?t=benutzt&lang=en").content.decode()
    assert "This invitation has already been used" in text(english)
    unknown = Client().get(f"/s/{demo.link}/?t={uuid.uuid4().hex}")
    assert unknown.status_code == 403
    assert "Diese Einladung ist nicht gültig" in text(unknown.content.decode())
    none = Client().get(f"/s/{demo.link}/")
    assert none.status_code == 403 and "persönliche Einladung" in text(none.content.decode())
    # A started questionnaire whose invitation is used meanwhile: refused at the start.
    start = Client().post(f"/s/{demo.link}/", {"action": "start", "lang": "de", "t": "benutzt"})
    assert start.status_code == 403 and "bereits verwendet" in text(start.content.decode())
    assert Client().get(f"/s/{demo.link}/?t=frisch").status_code == 200


# -- the team edits the texts --------------------------------------------------------------------


def test_the_owner_edits_the_texts_and_respondents_see_them(team_survey, people, client_of):
    owner = client_of(people["owner"])
    form = owner.get("/team/klein/texte/").content.decode()
    assert "Geschätzt: etwa 2 Minuten." in form  # 5 closed (40 s) + 1 open (45 s): 85 s
    assert "Vor dem Öffnen eintragen" in owner.get("/team/klein/").content.decode()
    values = {
        "introduction": "Bitte **mitmachen**.",
        "introduction_en": "",
        "minutes": "7",
        "controller": CONTROLLER,
        "data_protection_officer": "",
        "retention_months": "6",
        "privacy_note": "",
        "imprint": "",
        "accessibility_contact": "",
        "enforcement_body": "",
    }
    bad = owner.post("/team/klein/texte/", {**values, "minutes": "viele", "retention_months": "0"})
    assert bad.status_code == 400
    page = text(bad.content.decode())
    assert "Dauer in Minuten: Bitte eine ganze Zahl von Minuten eingeben." in page
    assert "Bitte zwischen 1 und 120 Monaten angeben." in page
    response = owner.post("/team/klein/texte/", values)
    assert response.status_code == 303
    assert (
        "Die Texte für Befragte sind gespeichert."
        in owner.get(response["Location"]).content.decode()
    )
    team_survey.refresh_from_db()
    assert (team_survey.minutes, team_survey.retention_months) == (7, 6)
    assert team_survey.texts_reviewed_on == date.today()
    assert "Vor dem Öffnen eintragen" not in owner.get("/team/klein/").content.decode()
    start = Client().get(f"/s/{team_survey.link}/").content.decode()
    assert "Bitte <strong>mitmachen</strong>." in start
    assert "Das Ausfüllen dauert etwa 7 Minuten." in text(start)
    privacy = text(Client().get(f"/s/{team_survey.link}/datenschutz/").content.decode())
    assert "spätestens 6 Monate nach dem Ende" in privacy and "Markt 1, 12345" in privacy
