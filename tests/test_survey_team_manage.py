"""The evaluation team's management pages: login, creating a survey from an upload (and
refusing unsafe or broken ones), opening and closing, the fixed date policy, the preview,
invitations and reminders that never show who answered."""

from __future__ import annotations

import csv
import io
import re
import tempfile
import zipfile
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from formtable import xlsform

from lipkit.demo import DEMO_TITLE, build_demo_study, write_demo
from lipkit.survey.form import OnlineForm
from lipkit.survey.models import (
    Invitation,
    InvitationClaim,
    InvitationUse,
    PendingSubmission,
    Response,
    Survey,
)
from lipkit.survey.services.submissions import token_hash
from lipkit.survey.services.surveys import create_survey, online_form, open_survey
from lipkit.survey.templatetags.survey_markup import markup

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

SMALL_FORM = """
| survey |
|  | type               | name  | label::Deutsch (de) | label::English (en) | relevant         |
|  | select_one ja_nein | zufr  | Zufrieden?          | Satisfied?          |                  |
|  | text               | warum | Warum nicht?        | Why not?            | ${zufr} = 'nein' |
|  | integer            | jahre | Wie viele Jahre?    | How many years?     |                  |
| choices |
|  | list_name | name | label::Deutsch (de) | label::English (en) |
|  | ja_nein   | ja   | Ja                  | Yes                 |
|  | ja_nein   | nein | Nein                | No                  |
| settings |
|  | form_title       | form_id | default_language |
|  | Kleine Befragung | klein   | de               |
"""


@pytest.fixture(autouse=True)
def fresh_forms(monkeypatch):
    # online_form() caches parsed forms by (pk, version); a rolled-back test's pk comes again.
    from lipkit.survey.services import surveys

    monkeypatch.setattr(surveys, "_FORMS", {})


@pytest.fixture
def admin(django_user_model):
    return django_user_model.objects.create_user("team", password="geheim-12345")


@pytest.fixture
def team(client, admin):
    client.force_login(admin)
    return client


@pytest.fixture
def demo_survey(admin):
    return create_survey(build_demo_study(), slug="demo", owner=admin)


def small_xlsx(markdown: str = SMALL_FORM) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        return xlsform(Path(tmp), markdown).read_bytes()


def demo_zip(prefix: str = "") -> bytes:
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_demo(Path(tmp) / "demo")
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    archive.write(path, prefix + path.relative_to(folder).as_posix())
    return buffer.getvalue()


def upload(client, name: str, data: bytes, content_type: str, title: str = ""):
    file = SimpleUploadedFile(name, data, content_type=content_type)
    return client.post("/team/neu/", {"file": file, "title": title})


def follow(client, response) -> str:
    assert response.status_code == 303, response.content.decode()[:2000]
    return client.get(response["Location"]).content.decode()


def text(html: str) -> str:
    """The page's text, tags removed and whitespace collapsed (for German quotes etc.)."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# -- login -----------------------------------------------------------------------------------
def test_every_team_page_needs_a_login(client, demo_survey):
    urls = [
        "/team/",
        "/team/neu/",
        "/team/demo/",
        "/team/demo/vorschau/",
        "/team/demo/einladungen/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/team/login/?next="), url
    response = client.post("/team/demo/", {"action": "open"})
    assert response.status_code == 302 and response["Location"].startswith("/team/login/")
    assert Survey.objects.get().status == Survey.Status.DRAFT


def test_posts_need_the_csrf_token(admin, demo_survey):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin)
    assert client.post("/team/demo/", {"action": "open"}).status_code == 403
    assert client.post("/team/demo/einladungen/", {"addresses": "a@example.org"}).status_code == 403
    assert Survey.objects.get().status == Survey.Status.DRAFT
    assert not Invitation.objects.exists()


# -- list and create -------------------------------------------------------------------------
def test_home_lists_surveys_with_their_responses(team, demo_survey):
    Response.objects.create(
        id="00000000-0000-4000-8000-000000000001", survey=demo_survey, answers={}, language="de"
    )
    html = team.get("/team/").content.decode()
    assert 'href="/team/neu/"' in html and "Neue Befragung" in html
    row = re.search(r"<tr>\s*<th scope=\"row\">.*?</tr>", html, re.S).group(0)
    assert 'href="/team/demo/"' in row and DEMO_TITLE in row and "Entwurf" in row
    assert '<td class="num">1</td>' in row


def test_create_from_the_demo_study_zip(team):
    response = upload(team, "demo-studie.zip", demo_zip(), "application/zip")
    survey = Survey.objects.get()
    assert response["Location"] == f"/team/{survey.slug}/"
    assert survey.title == DEMO_TITLE and survey.status == Survey.Status.DRAFT
    expected = OnlineForm(build_demo_study())
    assert len(online_form(survey).asked) == len(expected.asked) == 61
    assert survey.study["org"] == build_demo_study().model_dump(mode="json")["org"]
    assert "ist angelegt" in follow(team, response)


def test_create_from_a_zipped_folder_one_level_down(team):
    response = upload(team, "demo.zip", demo_zip("demo-study/"), "application/x-zip-compressed")
    assert response.status_code == 303
    assert len(online_form(Survey.objects.get()).asked) == 61


def test_create_from_an_inline_xlsform_with_a_title(team):
    data = small_xlsx()
    original = bytes(data)
    response = upload(team, "klein.xlsx", data, XLSX, title="Mitarbeitendenbefragung 2025")
    survey = Survey.objects.get()
    assert response.status_code == 303 and response["Location"] == f"/team/{survey.slug}/"
    assert survey.slug == "klein" and survey.title == "Mitarbeitendenbefragung 2025"
    assert [q.name for q in online_form(survey).asked] == ["zufr", "warum", "jahre"]
    assert data == original  # the upload is read, never altered
    # Without a title: the form's own.
    upload(team, "klein.xlsx", small_xlsx(), XLSX)
    assert Survey.objects.get(slug="klein-2").title == "Kleine Befragung"


def test_a_zip_that_would_write_outside_its_folder_is_refused(team, tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("questionnaire.xlsx", small_xlsx())
        archive.writestr("../evil", "pwned")
    response = upload(team, "studie.zip", buffer.getvalue(), "application/zip")
    assert response.status_code == 400
    page = text(response.content.decode())
    assert "„studie.zip“ enthält den Eintrag „../evil“, der außerhalb des Ordners" in page
    assert not Survey.objects.exists()
    assert not (Path(tempfile.gettempdir()) / "evil").exists()


@pytest.mark.parametrize(
    "member",
    ["/etc/evil", "C:/evil", "sub/../../evil"],
)
def test_absolute_and_climbing_paths_are_refused(team, member):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("questionnaire.xlsx", small_xlsx())
        archive.writestr(zipfile.ZipInfo(member), "x")
    response = upload(team, "s.zip", buffer.getvalue(), "application/zip")
    assert response.status_code == 400 and "außerhalb des Ordners" in text(
        response.content.decode()
    )
    assert not Survey.objects.exists()


def test_a_zip_with_a_file_and_a_folder_of_one_name_is_refused(team):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a", "x")
        archive.writestr("a/b", "y")
    response = upload(team, "s.zip", buffer.getvalue(), "application/zip")
    assert response.status_code == 400
    assert "Der Eintrag „a/b“ lässt sich nicht entpacken" in text(response.content.decode())


def test_a_study_yaml_pointing_outside_the_folder_is_refused(team):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("study.yaml", "questionnaire: /etc/passwd\n")
    response = upload(team, "s.zip", buffer.getvalue(), "application/zip")
    assert response.status_code == 400
    assert "außerhalb des Studienordners" in text(response.content.decode())
    assert not Survey.objects.exists()


def test_too_many_files_and_zip_bombs_are_refused(team, monkeypatch):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for i in range(201):
            archive.writestr(f"f{i}.txt", "x")
    response = upload(team, "viele.zip", buffer.getvalue(), "application/zip")
    assert "201 Einträge" in text(response.content.decode())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("questionnaire.yaml", b"\n" * (51 * 1024 * 1024))
    assert len(buffer.getvalue()) < 5 * 1024 * 1024
    response = upload(team, "bombe.zip", buffer.getvalue(), "application/zip")
    assert "entpackt größer als 50 MB" in text(response.content.decode())
    assert not Survey.objects.exists()


def test_an_xlsx_that_is_no_spreadsheet_is_refused(team):
    response = upload(team, "fragebogen.xlsx", b"Name;Frage\nq1;Wie?\n", XLSX)
    assert response.status_code == 400
    html = response.content.decode()
    assert "„fragebogen.xlsx“ ist keine Excel-Tabelle (.xlsx)." in html
    assert 'class="error upload-error" id="id_file-error"' in html
    assert 'aria-invalid="true"' in html
    # A ZIP that is no workbook, and a workbook the browser calls text.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hallo.txt", "hallo")
    response = upload(team, "fragebogen.xlsx", buffer.getvalue(), XLSX)
    assert "keine Excel-Tabelle (.xlsx), die sich öffnen lässt" in response.content.decode()
    response = upload(team, "fragebogen.xlsx", small_xlsx(), "text/plain")
    assert "nach Angabe des Browsers keine Excel-Tabelle" in response.content.decode()
    response = upload(team, "fragebogen.pdf", small_xlsx(), "application/pdf")
    assert "XLSForm (.xlsx) oder einen Studienordner" in text(response.content.decode())
    assert not Survey.objects.exists()


def test_a_broken_xlsform_shows_lipkits_message_with_sheet_and_row(team):
    broken = SMALL_FORM.replace("${zufr} = 'nein'", "${zufriedenheit} = 'nein'")
    response = upload(team, "form.xlsx", small_xlsx(broken), XLSX)
    assert response.status_code == 400
    page = text(response.content.decode())
    assert (
        "Fehler in form.xlsx, Tabellenblatt „survey“, Zeile 3, Spalte „relevant“: "
        "question 'warum', relevant \"${zufriedenheit} = 'nein'\": unknown question "
        "${zufriedenheit}" in page.replace("&quot;", '"').replace("&#x27;", "'")
    )
    unknown_type = SMALL_FORM.replace("| integer   ", "| zahl      ")
    response = upload(team, "form.xlsx", small_xlsx(unknown_type), XLSX)
    page = text(response.content.decode()).replace("&#x27;", "'")
    # the message in German like the page (the catalogue's xlsform.unknown_type)
    assert (
        "Fehler in form.xlsx, Tabellenblatt „survey“, Zeile 4, Spalte „type“: unbekannter "
        "Fragetyp 'zahl'" in page
    )
    assert not Survey.objects.exists()


def test_a_broken_file_in_a_study_zip_is_named(team):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("study.yaml", "title: Test\nk: null\nfoo: 1\n")
        archive.writestr("questionnaire.xlsx", small_xlsx())
    response = upload(team, "s.zip", buffer.getvalue(), "application/zip")
    page = text(response.content.decode()).replace("&#x27;", "'")
    # the message in German like the page (the catalogue's study.unknown_key)
    assert "Fehler in study.yaml" in page and "„foo“" in page
    assert "unbekannter Schlüssel; erwartet einer von title, language, k" in page
    assert not Survey.objects.exists()


# -- one survey ------------------------------------------------------------------------------
def test_detail_shows_links_languages_numbers(team, demo_survey):
    html = team.get("/team/demo/").content.decode()
    link = f"http://testserver/s/{demo_survey.link}/"
    assert f'value="{link}"' in html and f'value="{link}?lang=en"' in html
    assert "Deutsch" in html and "English" in html
    assert "61 Fragen auf 6 Seiten" in html
    assert 'href="/team/demo/vorschau/"' in html and 'href="/team/demo/einladungen/"' in html
    assert 'href="/team/demo/ergebnisse/"' in html
    for fmt in ("csv", "xlsx", "zip"):
        assert f'href="/team/demo/export/{fmt}/"' in html
    assert "<dt>Antworten</dt><dd>0</dd>" in html


def test_open_and_close(team, demo_survey):
    assert not demo_survey.anonymity_fixed
    page = follow(team, team.post("/team/demo/", {"action": "open"}))
    demo_survey.refresh_from_db()
    assert demo_survey.status == Survey.Status.OPEN and demo_survey.anonymity_fixed
    assert "Die Befragung ist geöffnet." in page and ">Schließen</button>" in page
    page = follow(team, team.post("/team/demo/", {"action": "close"}))
    demo_survey.refresh_from_db()
    assert demo_survey.status == Survey.Status.CLOSED and demo_survey.anonymity_fixed
    assert "Die Befragung ist geschlossen" in page and "Wieder öffnen" in page
    assert team.get(f"/s/{demo_survey.link}/").status_code == 410


def test_date_policy_is_editable_until_the_first_opening(team, demo_survey):
    settings = {"action": "settings", "opens_on": "", "closes_on": "", "open_link": "on"}
    follow(team, team.post("/team/demo/", {**settings, "date_policy": "none"}))
    demo_survey.refresh_from_db()
    assert demo_survey.date_policy == Survey.DatePolicy.NONE
    team.post("/team/demo/", {"action": "open"})
    page = follow(team, team.post("/team/demo/", {**settings, "date_policy": "day"}))
    demo_survey.refresh_from_db()
    assert demo_survey.date_policy == Survey.DatePolicy.NONE
    assert "seit der ersten Öffnung festgelegt und wurde nicht geändert" in page
    assert 'name="date_policy"' not in page  # shown read-only, with the reason
    assert "Festgelegt beim ersten Öffnen" in page and "<strong>kein Datum</strong>" in page


def test_dates_and_the_open_link(team, demo_survey):
    response = team.post(
        "/team/demo/",
        {"action": "settings", "opens_on": "2030-05-01", "closes_on": "2030-05-31"},
    )
    page = follow(team, response)
    demo_survey.refresh_from_db()
    assert str(demo_survey.opens_on) == "2030-05-01" and str(demo_survey.closes_on) == "2030-05-31"
    assert demo_survey.open_link is False  # an unticked box
    assert "Die Einstellungen sind gespeichert." in page and 'value="2030-05-01"' in page
    response = team.post(
        "/team/demo/",
        {"action": "settings", "opens_on": "2030-06-01", "closes_on": "2030-05-31"},
    )
    assert (
        response.status_code == 400
        and "Das Ende liegt vor dem Beginn." in response.content.decode()
    )
    demo_survey.refresh_from_db()
    assert str(demo_survey.opens_on) == "2030-05-01"


def test_preview_shows_every_question_and_stores_nothing(team, demo_survey):
    form = online_form(demo_survey)
    html = team.get("/team/demo/vorschau/").content.decode()
    for q in form.asked:
        assert str(markup(form.label(q.label, "de", q.name))) in html, q.name
    # Every question visible, filters named; no form but the logout button.
    assert " hidden>" not in html and "hidden" not in re.findall(
        r'<div class="question[^>]*>', html
    )
    assert "Wird nur gezeigt, wenn:" in html
    forms = re.findall(r"<form[^>]*>", html)
    assert forms == ['<form method="post" action="/team/logout/" class="logout">']
    assert 'name="state"' not in html and 'name="action"' not in html
    english = team.get("/team/demo/vorschau/?lang=en").content.decode()
    for q in form.asked:
        assert str(markup(form.label(q.label, "en", q.name))) in english, q.name
    before = (Response.objects.count(), Survey.objects.get().status)
    assert team.post("/team/demo/vorschau/").status_code == 405
    assert (Response.objects.count(), Survey.objects.get().status) == before


# -- invitations -----------------------------------------------------------------------------
def small_survey(team) -> Survey:
    upload(team, "klein.xlsx", small_xlsx(), XLSX)
    survey = open_survey(Survey.objects.get())
    survey.open_link = False
    survey.save()
    return survey


def token_of(mail) -> str:
    return re.search(r"\?t=([A-Za-z0-9_-]+)", mail.body).group(1)


def answer(client, survey, token: str) -> None:
    assert client.get(f"/s/{survey.link}/?t={token}").status_code == 200
    html = client.post(f"/s/{survey.link}/", {"action": "start", "lang": "de", "t": token})
    state = re.search(r'name="state" value="([^"]*)"', html.content.decode()).group(1)
    data = {"action": "next", "state": state, "zufr": "ja", "_shown": ["zufr", "jahre"]}
    assert client.post(f"/s/{survey.link}/", data).status_code == 303


def test_invitations_reminders_and_anonymity(team, mailoutbox):
    survey = small_survey(team)
    addresses = "anna@example.org\nkein-at-zeichen\nben@example.org\ncarla@example.org\n"
    page = follow(team, team.post("/team/klein/einladungen/", {"addresses": addresses}))
    assert len(mailoutbox) == 3
    assert sorted(m.to[0] for m in mailoutbox) == [
        "anna@example.org",
        "ben@example.org",
        "carla@example.org",
    ]
    assert (
        "1 Zeile ohne gültige E-Mail-Adresse übersprungen: Textfeld, Zeile 2: „kein-at-zeichen“"
        in page
    )
    assert "3 Einladungen verschickt." in page
    mail = mailoutbox[0]
    assert mail.subject == "Einladung: Kleine Befragung"
    assert "Ihr persönlicher Link" in mail.body and "Your personal link" in mail.body
    tokens = {m.to[0]: token_of(m) for m in mailoutbox}
    to_anna = next(m for m in mailoutbox if m.to == ["anna@example.org"])
    assert f"http://testserver/s/{survey.link}/?t={tokens['anna@example.org']}\n" in to_anna.body
    assert f"?t={tokens['anna@example.org']}&lang=en\n" in to_anna.body
    stored = set(Invitation.objects.values_list("token_hash", flat=True))
    assert stored == {token_hash(t) for t in tokens.values()}
    assert not stored & set(tokens.values())
    assert all(i.sent_on is not None for i in Invitation.objects.all())

    # Addresses already invited are skipped and counted (without regard to case).
    again = {"addresses": "ANNA@example.org\nben@example.org\n"}
    page = follow(team, team.post("/team/klein/einladungen/", again))
    assert len(mailoutbox) == 3 and Invitation.objects.count() == 3
    assert "2 Adressen waren schon eingeladen" in page and "0 Einladungen verschickt" in page

    # Anna answers with the link from her mail: her invitation is claimed at once, her answers
    # wait (sealed) for k - 1 more before they are written with the use marks.
    anon = Client()
    answer(anon, survey, tokens["anna@example.org"])
    assert InvitationClaim.objects.count() == 1 and PendingSubmission.objects.count() == 1
    assert InvitationUse.objects.count() == 0 and Response.objects.count() == 0

    mailoutbox.clear()
    page = follow(team, team.post("/team/klein/einladungen/", {"action": "remind"}))
    reminders = list(mailoutbox)
    assert sorted(m.to[0] for m in reminders) == ["ben@example.org", "carla@example.org"]
    assert "2 Erinnerungen mit neuem persönlichem Link verschickt" in page
    reminder = reminders[0]
    assert reminder.subject == "Erinnerung: Kleine Befragung"
    assert "ersetzt den Link aus der früheren Einladung" in reminder.body
    new_ben = token_of(next(m for m in reminders if m.to == ["ben@example.org"]))
    assert new_ben != tokens["ben@example.org"]
    # The old link no longer works, the new one does.
    assert anon.get(f"/s/{survey.link}/?t={tokens['ben@example.org']}").status_code == 403
    assert anon.get(f"/s/{survey.link}/?t={new_ben}").status_code == 200
    assert Invitation.objects.get(email="ben@example.org").token_hash == token_hash(new_ben)
    assert Invitation.objects.get(email="anna@example.org").reminded_on is None
    # A second click the same day sends nothing twice.
    mailoutbox.clear()
    page = follow(team, team.post("/team/klein/einladungen/", {"action": "remind"}))
    assert not mailoutbox and "Keine Erinnerung verschickt" in page

    # The page shows counts, never who answered.
    html = team.get("/team/klein/einladungen/").content.decode()
    assert "<dt>eingeladen</dt><dd>3</dd>" in html
    assert "<dt>geantwortet</dt><dd>1</dd>" in html
    assert "<dt>noch offen</dt><dd>2</dd>" in html
    rows = re.findall(r"<tr><td>([^<]+)</td><td>([^<]+)</td></tr>", html)
    assert [r[0] for r in rows] == ["anna@example.org", "ben@example.org", "carla@example.org"]
    # Anna's row looks like the others: neither a "used" mark nor a reminder day (which only
    # unused invitations get) stands by an address; the reminder day is the survey's.
    assert len({r[1] for r in rows}) == 1
    assert (
        '<th scope="col">'
        + '</th><th scope="col">'.join(["E-Mail-Adresse", "eingeladen am"])
        + "</th></tr>"
        in html
    )
    today = date.today().strftime("%d.%m.%Y")
    assert f"Zuletzt erinnert am {today}." in html
    assert "nicht, welche" in html


def test_invitations_from_a_csv_file(team, mailoutbox):
    survey = small_survey(team)
    rows = [["Name", "E-Mail"], ["Anna", "anna@example.org"], ["Ben", "ben(at)example.org"]]
    rows += [["Carla", "carla@example.org"], ["", ""]]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(rows)
    file = SimpleUploadedFile("adressen.csv", buffer.getvalue().encode("cp1252"), "text/csv")
    page = follow(team, team.post("/team/klein/einladungen/", {"file": file}))
    assert sorted(m.to[0] for m in mailoutbox) == ["anna@example.org", "carla@example.org"]
    assert "adressen.csv, Zeile 3: „ben(at)example.org“" in page
    assert Invitation.objects.filter(survey=survey).count() == 2


def test_addresses_as_a_mail_program_copies_them(team, mailoutbox):
    small_survey(team)
    pasted = "Muster, Anna <anna.muster@stadt.de>; Beispiel, Ben <ben@stadt.de>;\n\nx@y\n"
    page = follow(team, team.post("/team/klein/einladungen/", {"addresses": pasted}))
    assert sorted(m.to[0] for m in mailoutbox) == ["anna.muster@stadt.de", "ben@stadt.de"]
    assert "Textfeld, Zeile 3: „x@y“" in page


def test_an_empty_invitation_form_is_refused(team, mailoutbox):
    small_survey(team)
    response = team.post("/team/klein/einladungen/", {"addresses": "  \n"})
    assert response.status_code == 400
    assert "Bitte geben Sie Adressen ein" in response.content.decode()
    assert not mailoutbox and not Invitation.objects.exists()


def test_no_invitations_or_reminders_for_a_closed_survey(team, mailoutbox):
    survey = small_survey(team)
    team.post("/team/klein/", {"action": "close"})
    page = follow(team, team.post("/team/klein/einladungen/", {"addresses": "a@example.org"}))
    assert "geschlossen" in page and not mailoutbox and not Invitation.objects.exists()
    survey.refresh_from_db()
    assert survey.status == Survey.Status.CLOSED


def test_a_failed_send_keeps_the_earlier_link(team, mailoutbox, monkeypatch):
    import smtplib

    from django.core.mail.backends.locmem import EmailBackend

    survey = small_survey(team)
    team.post("/team/klein/einladungen/", {"addresses": "anna@example.org\nben@example.org"})
    before = dict(Invitation.objects.values_list("email", "token_hash"))

    def broken(self, messages):
        raise smtplib.SMTPServerDisconnected("Verbindung verloren")

    monkeypatch.setattr(EmailBackend, "send_messages", broken)
    page = follow(team, team.post("/team/klein/einladungen/", {"action": "remind"}))
    assert "Der Versand wurde unterbrochen (Verbindung verloren)" in page
    assert dict(Invitation.objects.values_list("email", "token_hash")) == before
    assert not Invitation.objects.filter(reminded_on__isnull=False).exists()
    page = follow(team, team.post("/team/klein/einladungen/", {"addresses": "carla@example.org"}))
    assert "1 Einladung noch nicht verschickt" in page
    monkeypatch.undo()
    mailoutbox.clear()
    follow(team, team.post("/team/klein/einladungen/", {"action": "pending"}))
    assert [m.to for m in mailoutbox] == [["carla@example.org"]]
    assert Invitation.objects.get(email="carla@example.org").sent_on is not None
    assert survey.invitations.count() == 3
