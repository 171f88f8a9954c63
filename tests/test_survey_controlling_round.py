"""Controlling online, a reporting round on the demo plan: the coordinator opens it, owners
are mailed and see only their measures with last value and target path, drafts are saved,
impossible values are refused next to the field, sent reports are approved (values locked)
or returned with a note; a later correction needs a reason and approval; reminders at most
daily; every change in the audit trail."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from studies.controlling import demo_plan, demo_zip, make_people

from lipkit.survey.controlling import selectors, services, views
from lipkit.survey.controlling.models import AuditEntry, Notice, PlanValue, Report
from lipkit.survey.services.setup import Upload

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="session")
def demo_data(tmp_path_factory) -> bytes:
    return demo_zip(tmp_path_factory.mktemp("controlling-round"))


@pytest.fixture
def people(django_user_model, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return make_people(django_user_model)


@pytest.fixture
def plan(demo_data, people):
    return demo_plan(demo_data, people)


@pytest.fixture
def opened(plan, people, client_of):
    client = client_of(people["koord"])
    response = client.post(
        reverse("controlling:rounds", args=[plan.slug]), {"period": "2021", "due": "2022-01-31"}
    )
    assert response.status_code == 303
    return plan.rounds.get()


def test_opening_a_round_mails_each_owner_a_link(opened, people):
    assert opened.date == dt.date(2021, 12, 31)
    # Every measure but the stopped campaign (m_kampagne) gets a report.
    assert sorted(Report.objects.filter(round=opened).values_list("subject", flat=True)) == [
        "m_controlling",
        "m_dolmetsch",
        "m_fortbildung",
        "m_leitbild",
        "m_netzwerk",
        "m_personalgewinnung",
        "m_zielvereinbarungen",
    ]
    assert sorted(m.to[0] for m in mail.outbox) == ["integ@stadt.example", "soz@stadt.example"]
    body = mail.outbox[0].body
    assert "http://testserver/controlling/" in body and "31.01.2022" in body
    assert mail.outbox[0].subject.startswith("Berichtsrunde 2021")


def test_a_round_for_an_impossible_period_is_refused_next_to_the_field(plan, people, client_of):
    response = client_of(people["koord"]).post(
        reverse("controlling:rounds", args=[plan.slug]), {"period": "2021-H3", "due": "morgen"}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "„2021-H3“ ist kein Zeitraum" in text and 'id="period-error"' in text
    assert "„morgen“ ist kein Datum" in text
    assert not plan.rounds.exists()


def test_periods():
    assert services.parse_period("2027-H1") == dt.date(2027, 6, 30)
    assert services.parse_period("2027-h2") == dt.date(2027, 12, 31)
    assert services.parse_period("2028-Q1") == dt.date(2028, 3, 31)
    assert services.parse_period("2028-02") == dt.date(2028, 2, 29)
    assert services.parse_period("2027") == dt.date(2027, 12, 31)
    assert services.parse_period("2027-13") is None


def test_an_owner_sees_only_their_measures_with_last_value_and_target_path(
    opened, plan, people, client_of
):
    text = client_of(people["integ"]).get(reverse("controlling:owner", args=[plan.slug]))
    body = text.content.decode()
    # unit 15: the agreements, the mission statement, the controlling report
    for title in ("Zielvereinbarungen", "Leitbild"):
        assert title in body
    assert "Dolmetsch" not in body and "Fortbildung" not in body
    # Last value 30 (2020-12-31); on the path from 10 (2017-12-31) to 60 (2022-12-31) the
    # expected value at 2021-12-31 is 10 + 50 × 1461 / 1826 = 50.0.
    assert "Letzter Wert: 30 (31.12.2020)" in body
    assert "Erwartet laut Zielpfad (31.12.2021): 50" in body
    assert "Zielwert: 60 (31.12.2022)" in body
    assert "Prozent; Zulässig: 0 bis 100; höher ist besser" in body
    soz = client_of(people["soz"]).get(reverse("controlling:owner", args=[plan.slug]))
    body = soz.content.decode()
    assert "Dolmetsch" in body and "niedriger ist besser" in body
    assert "Zielvereinbarungen" not in body


def report_of(opened, subject: str) -> Report:
    return Report.objects.get(round=opened, subject=subject)


def test_impossible_values_are_refused_next_to_the_field(opened, plan, people, client_of):
    report = report_of(opened, "m_zielvereinbarungen")
    url = reverse("controlling:save", args=[plan.slug, report.pk])
    client = client_of(people["integ"])
    response = client.post(
        url,
        {"action": "send", "value-anteil_fb_zielvereinbarung": "120", "measure_status": ""},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "120 liegt nicht zwischen 0 und 100 (Prozent)." in body
    assert f'id="value-anteil_fb_zielvereinbarung-{report.pk}-error"' in body
    assert "Bitte den Umsetzungsstand wählen." in body
    report.refresh_from_db()
    assert report.state == "open" and not report.values.exists()
    netz = report_of(opened, "m_netzwerk")
    errors = services.save_report(
        netz, user=people["soz"], data={"value-netzwerktreffen": "2,5"}, send=False
    )
    assert errors == {"value-netzwerktreffen": "2,5 ist keine Anzahl: bitte eine ganze Zahl ≥ 0."}
    errors = services.save_report(
        netz, user=people["soz"], data={"value-netzwerktreffen": "drei"}, send=False
    )
    assert errors == {
        "value-netzwerktreffen": "„drei“ ist keine Zahl. Bitte eine Zahl eingeben, z. B. 12,5."
    }
    errors = services.save_report(netz, user=people["soz"], data={}, send=True, lang="en")
    assert errors == {
        "value-netzwerktreffen": "Please enter an actual value or say why there is none.",
        "measure_status": "Please choose the implementation status.",
    }


def test_a_draft_is_saved_as_typed_and_sent_later(opened, plan, people, client_of):
    report = report_of(opened, "m_zielvereinbarungen")
    url = reverse("controlling:save", args=[plan.slug, report.pk])
    client = client_of(people["integ"])
    response = client.post(
        url, {"value-anteil_fb_zielvereinbarung": "4"}, headers={"X-Autosave": "1"}
    )
    assert response.json() == {"saved": True, "errors": {}}
    response = client.post(
        url, {"value-anteil_fb_zielvereinbarung": "-4"}, headers={"X-Autosave": "1"}
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "value-anteil_fb_zielvereinbarung": "-4 liegt nicht zwischen 0 und 100 (Prozent)."
    }
    report.refresh_from_db()
    assert report.state == "draft" and report.values.get().value == 4.0
    assert not AuditEntry.objects.filter(subject="anteil_fb_zielvereinbarung").exists()
    response = client.post(
        url,
        {
            "action": "send",
            "value-anteil_fb_zielvereinbarung": "35,5",
            "measure_status": "in_umsetzung",
            "comment": "Drei Fachbereiche neu",
            "evidence_link": "https://intranet.example/zv",
        },
    )
    assert response.status_code == 303
    report.refresh_from_db()
    assert report.state == "sent" and report.values.get().value == 35.5
    sent = AuditEntry.objects.get(subject="anteil_fb_zielvereinbarung")
    assert (sent.username, sent.old, sent.new) == ("integ", "4", "35.5")


def send(report, user, value: str, key="value-anteil_fb_zielvereinbarung"):
    data = {key: value, "measure_status": "in_umsetzung", "comment": "ok"}
    assert services.save_report(report, user=user, data=data, send=True) == {}


def test_returned_corrected_approved_locked_and_corrected_with_a_reason(
    opened, plan, people, client_of
):
    report = report_of(opened, "m_zielvereinbarungen")
    send(report, people["integ"], "35")
    koord = client_of(people["koord"])
    review = reverse("controlling:review", args=[plan.slug, report.pk])
    assert koord.post(review, {"action": "return", "note": ""}).status_code == 303
    report.refresh_from_db()
    assert report.state == "sent"  # a return needs a note
    koord.post(review, {"action": "return", "note": "Bitte Quelle prüfen"})
    report.refresh_from_db()
    assert (report.state, report.note) == ("returned", "Bitte Quelle prüfen")
    owner_page = client_of(people["integ"]).get(reverse("controlling:owner", args=[plan.slug]))
    assert "Hinweis der Koordination:</strong> Bitte Quelle prüfen" in owner_page.content.decode()
    send(report, people["integ"], "50")
    koord.post(review, {"action": "approve"})
    report.refresh_from_db()
    assert report.state == "approved"
    value = PlanValue.objects.get(
        plan=plan, indicator="anteil_fb_zielvereinbarung", date=dt.date(2021, 12, 31)
    )
    assert (value.value, value.source) == (50.0, "report:2021")  # "Bericht 2021" when shown
    plan.refresh_from_db()
    status = selectors.status_at(plan, dt.date(2021, 12, 31))
    # 50 against 50.0 expected (progress 40 / 40.0 ≥ 0.95): on track
    assert status.indicators["anteil_fb_zielvereinbarung"].status == "im_plan"
    # Locked: no more saving; a correction needs a reason, then the coordinator's approval.
    with pytest.raises(services.Refused):
        send(report, people["integ"], "51")
    with pytest.raises(services.FieldErrors) as refused:
        services.request_correction(
            report,
            user=people["integ"],
            data={"value-anteil_fb_zielvereinbarung": "51", "measure_status": "umgesetzt"},
            reason="",
        )
    assert refused.value.errors == {"reason": "Bitte einen Grund für die Korrektur angeben."}
    correction = services.request_correction(
        report,
        user=people["integ"],
        data={"value-anteil_fb_zielvereinbarung": "51", "measure_status": "umgesetzt"},
        reason="Nachmeldung FB 32",
    )
    value.refresh_from_db()
    assert value.value == 50.0  # unchanged until approved
    koord.post(
        reverse("controlling:review-correction", args=[plan.slug, correction.pk]),
        {"action": "approve"},
    )
    value.refresh_from_db()
    assert value.value == 51.0
    entries = AuditEntry.objects.filter(
        plan=plan, subject__in=["m_zielvereinbarungen", "anteil_fb_zielvereinbarung"]
    )
    trail = [(e.username, *(e.shown(c, "de") for c in e.COLUMNS)) for e in entries]
    assert trail == [
        ("integ", "Istwert 2021 gesendet", "", "35", ""),
        ("integ", "Bericht 2021 gesendet", "", "in_umsetzung: ok", ""),
        ("koord", "Bericht 2021 zurückgegeben", "", "", "Bitte Quelle prüfen"),
        ("integ", "Istwert 2021 gesendet", "35", "50", ""),
        ("integ", "Bericht 2021 gesendet", "", "in_umsetzung: ok", ""),
        ("koord", "Istwert 2021-12-31", "", "50", ""),
        ("koord", "Umsetzungsstand", "in Umsetzung", "in Umsetzung", ""),
        ("koord", "Bericht 2021 freigegeben", "", "", ""),
        ("integ", "Korrektur 2021 beantragt", "", "", "Nachmeldung FB 32"),
        ("koord", "Istwert 2021-12-31", "50", "51", "Nachmeldung FB 32"),
        ("koord", "Umsetzungsstand", "in Umsetzung", "umgesetzt", "Nachmeldung FB 32"),
        ("koord", "Korrektur 2021 freigegeben", "", "", "Nachmeldung FB 32"),
    ]
    page = client_of(people["leser"]).get(
        reverse("controlling:subject", args=[plan.slug, "m_zielvereinbarungen"])
    )
    assert (
        "Nachmeldung FB 32" in page.content.decode()
        and '<img class="chart"' in page.content.decode()
    )
    csv_text = (
        client_of(people["koord"])
        .get(reverse("controlling:audit-export", args=[plan.slug]))
        .content.decode("utf-8-sig")
    )
    assert "Istwert 2021-12-31,50,51,Nachmeldung FB 32" in csv_text
    assert "Umsetzungsstand,in Umsetzung,umgesetzt,Nachmeldung FB 32" in csv_text
    # The same trail in English: lipkit's own words in the reader's language, what people
    # typed (the reasons, the owner's comment) as typed.
    assert [(e.username, *(e.shown(c, "en") for c in e.COLUMNS)) for e in entries] == [
        ("integ", "actual value 2021 sent", "", "35", ""),
        ("integ", "report 2021 sent", "", "in_umsetzung: ok", ""),
        ("koord", "report 2021 returned", "", "", "Bitte Quelle prüfen"),
        ("integ", "actual value 2021 sent", "35", "50", ""),
        ("integ", "report 2021 sent", "", "in_umsetzung: ok", ""),
        ("koord", "actual value 2021-12-31", "", "50", ""),
        ("koord", "implementation status", "in progress", "in progress", ""),
        ("koord", "report 2021 approved", "", "", ""),
        ("integ", "correction 2021 requested", "", "", "Nachmeldung FB 32"),
        ("koord", "actual value 2021-12-31", "50", "51", "Nachmeldung FB 32"),
        ("koord", "implementation status", "in progress", "done", "Nachmeldung FB 32"),
        ("koord", "correction 2021 approved", "", "", "Nachmeldung FB 32"),
    ]
    subject = reverse("controlling:subject", args=[plan.slug, "m_zielvereinbarungen"])
    for lang, returned in (
        ("de", "Bericht 2021 zurückgegeben"),
        ("en", "report 2021 returned"),
    ):
        page = client_of(people["leser"]).get(f"{subject}?lang={lang}")
        rows = [
            [td.get_text(strip=True) for td in tr.select("td")][1:]
            for tr in BeautifulSoup(page.content, "html.parser").select("#audit tbody tr")
        ]
        assert rows[2] == ["koord", "m_zielvereinbarungen", returned, "", "", "Bitte Quelle prüfen"]
    english_csv = (
        client_of(people["koord"])
        .get(reverse("controlling:audit-export", args=[plan.slug]) + "?lang=en")
        .content.decode("utf-8-sig")
    )
    assert "actual value 2021-12-31,50,51,Nachmeldung FB 32" in english_csv
    assert "implementation status,in progress,done,Nachmeldung FB 32" in english_csv
    assert "Istwert" not in english_csv


def test_the_audit_trail_in_the_readers_language_and_rows_written_before(opened, people, client_of):
    """A round opened: its entry in German and English on the audit export. A row written
    before the codes (German and English words mixed, no texts) reads as it was stored."""
    from django.utils import timezone

    plan = opened.plan
    AuditEntry.objects.create(
        plan=plan,
        at=timezone.now(),
        username="koord",
        subject="m_zielvereinbarungen",
        field="Maßnahme entfernt",
        old="Zielvereinbarungen",
        reason="Plan ersetzt: plan-alt.xlsx",
    )
    AuditEntry.objects.create(
        plan=plan,
        at=timezone.now(),
        username="koord",
        subject="plan",
        field="round opened",
        new="2020 (fällig 2021-01-31)",
    )
    url = reverse("controlling:audit-export", args=[plan.slug])
    koord = client_of(people["koord"])
    shown = {}
    for lang in ("de", "en"):
        text = koord.get(f"{url}?lang={lang}").content.decode("utf-8-sig")
        shown[lang] = [line.split(",", 2)[2] for line in text.splitlines()[1:]]
    assert "plan,Runde eröffnet,,2021 (fällig 2022-01-31)," in shown["de"]
    assert "plan,round opened,,2021 (due 2022-01-31)," in shown["en"]
    for lang in ("de", "en"):
        assert shown[lang][-2:] == [
            "m_zielvereinbarungen,Maßnahme entfernt,Zielvereinbarungen,,"
            "Plan ersetzt: plan-alt.xlsx",
            "plan,round opened,,2020 (fällig 2021-01-31),",
        ]
    page = client_of(people["leser"]).get(
        reverse("controlling:subject", args=[plan.slug, "m_zielvereinbarungen"]) + "?lang=en"
    )
    rows = [
        [td.get_text(strip=True) for td in tr.select("td")][1:]
        for tr in BeautifulSoup(page.content, "html.parser").select("#audit tbody tr")
    ]
    assert rows == [
        [
            "koord",
            "m_zielvereinbarungen",
            "Maßnahme entfernt",
            "Zielvereinbarungen",
            "",
            "Plan ersetzt: plan-alt.xlsx",
        ]
    ]


def test_reminders_before_and_after_the_due_date_at_most_daily(opened, people):
    mail.outbox.clear()
    call_command("controlling_reminders", date="2022-01-20")  # 11 days before: nothing
    assert mail.outbox == []
    call_command("controlling_reminders", date="2022-01-29")
    assert sorted(m.to[0] for m in mail.outbox) == ["integ@stadt.example", "soz@stadt.example"]
    assert mail.outbox[0].subject.startswith("Erinnerung")
    call_command("controlling_reminders", date="2022-01-29")  # the same day again
    call_command("controlling_reminders", date="2022-01-30")  # the before-reminder went out
    assert len(mail.outbox) == 2
    # soz sends everything; only integ is reminded after the due date, once a day.
    for report in Report.objects.filter(round=opened, unit="50"):
        key = {"m_dolmetsch": "value-wartezeit_dolmetsch", "m_netzwerk": "value-netzwerktreffen"}
        send(report, people["soz"], "4", key=key[report.subject])
    call_command("controlling_reminders", date="2022-02-01")
    call_command("controlling_reminders", date="2022-02-01")
    call_command("controlling_reminders", date="2022-02-02")
    late = [m for m in mail.outbox if m.subject.startswith("Überfällig")]
    assert [m.to[0] for m in late] == ["integ@stadt.example", "integ@stadt.example"]
    assert Notice.objects.filter(round=opened, user=people["integ"]).count() == 4


def test_the_pages_kept_in_memory_show_every_change(opened, plan, people, client_of):
    """The owner's forms and the dashboard's rows are kept as HTML per process: a draft saved,
    a report returned and a report approved each show at once, and every form has a CSRF token
    of its own request (not the placeholder kept with the HTML)."""
    report = report_of(opened, "m_zielvereinbarungen")
    owner, koord = client_of(people["integ"]), client_of(people["koord"])
    owner_url = reverse("controlling:owner", args=[plan.slug])
    dashboard_url = reverse("controlling:dashboard", args=[plan.slug])
    field = f'id="value-anteil_fb_zielvereinbarung-{report.pk}" value="'
    row = 'data-id="m_zielvereinbarungen" data-status="'

    def implementation() -> str:
        body = koord.get(dashboard_url).content.decode()
        return body.split(row, 1)[1].split('data-implementation="', 1)[1].split('"', 1)[0]

    body = owner.get(owner_url).content.decode()
    assert field + '"' in body and views.CSRF_SENTINEL not in body
    assert body.count('name="csrfmiddlewaretoken"') == body.count('<form method="post"')
    first = implementation()
    assert first != "umgesetzt"
    save = reverse("controlling:save", args=[plan.slug, report.pk])
    owner.post(save, {"value-anteil_fb_zielvereinbarung": "4"}, headers={"X-Autosave": "1"})
    assert field + '4"' in owner.get(owner_url).content.decode()
    data = {"value-anteil_fb_zielvereinbarung": "50", "measure_status": "umgesetzt"}
    assert services.save_report(report, user=people["integ"], data=data, send=True) == {}
    review = reverse("controlling:review", args=[plan.slug, report.pk])
    koord.post(review, {"action": "return", "note": "Bitte Quelle prüfen"})
    body = owner.get(owner_url).content.decode()
    assert field + '50"' in body and "Bitte Quelle prüfen" in body
    assert implementation() == first  # not approved yet
    report.refresh_from_db()
    assert services.save_report(report, user=people["integ"], data=data, send=True) == {}
    koord.post(review, {"action": "approve"})
    assert implementation() == "umgesetzt"
    assert f'id="report-{report.pk}" ' in owner.get(owner_url).content.decode()
    assert "report report-approved" in owner.get(owner_url).content.decode()


def test_the_dashboard_kept_in_memory_follows_progress_role_and_plan(
    opened, plan, people, client_of, demo_data
):
    """The dashboard but its frame (login, messages, CSRF token) is kept as HTML per process: a
    draft saved shows in the round's progress at once; a reader who asks after the coordinator
    gets no link to the audit trail, which the coordinator's page has; an owner on another plan
    only gets 404 here, for the dashboard and the owner's page."""
    url = reverse("controlling:dashboard", args=[plan.slug])
    koord, reader = client_of(people["koord"]), client_of(people["leser"])
    audit = reverse("controlling:audit-export", args=[plan.slug])

    def open_and_drafts_of_unit_15() -> tuple[int, int]:
        body = koord.get(url).content.decode()
        cells = body.split('<th scope="row">15</th>', 1)[1].split("</tr>", 1)[0]
        counts = [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', cells)]
        return counts[0], counts[1]

    opened_15, drafts_15 = open_and_drafts_of_unit_15()
    report = report_of(opened, "m_zielvereinbarungen")
    assert report.unit == "15" and report.state == "open"
    save = reverse("controlling:save", args=[plan.slug, report.pk])
    answer = client_of(people["integ"]).post(
        save, {"value-anteil_fb_zielvereinbarung": "4"}, headers={"X-Autosave": "1"}
    )
    assert answer.status_code == 200
    assert open_and_drafts_of_unit_15() == (opened_15 - 1, drafts_15 + 1)

    assert audit in koord.get(url).content.decode()
    for_reader = reader.get(url)
    assert for_reader.status_code == 200 and audit not in for_reader.content.decode()
    assert audit in koord.get(url).content.decode()

    other = services.create_plan(
        Upload("demo.zip", "application/zip", demo_data), user=people["koord"]
    ).plan
    services.add_person(other, by=people["koord"], username="fremd", kind="owner", unit="15")
    stranger = client_of(people["fremd"])
    assert stranger.get(reverse("controlling:owner", args=[other.slug])).status_code == 200
    for page in ("dashboard", "owner"):
        response = stranger.get(reverse(f"controlling:{page}", args=[plan.slug]))
        assert response.status_code == 404
        assert plan.title not in response.content.decode()
