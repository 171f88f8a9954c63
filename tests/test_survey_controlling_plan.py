"""Controlling online, the plan: made from the demo study folder (ZIP) or the plan's workbook
with the CLI's checks and messages, downloaded again as workbook and study folder on which
``lipkit plan status`` and the report's controlling part run and show the dashboard's
statuses; roles on every URL; the audit trail is append-only."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pytest
from django.urls import reverse
from studies.controlling import demo_plan, demo_zip, make_people

from lipkit.controlling.files import read_plan
from lipkit.controlling.status import Status
from lipkit.survey.controlling import selectors, services
from lipkit.survey.controlling.models import (
    AppendOnly,
    AuditEntry,
    ControlPlan,
    PlanRole,
    PlanValue,
    Report,
)
from lipkit.survey.controlling.views import urlpatterns
from lipkit.survey.services.setup import Upload

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="session")
def demo_data(tmp_path_factory) -> bytes:
    return demo_zip(tmp_path_factory.mktemp("controlling"))


@pytest.fixture
def people(django_user_model, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return make_people(django_user_model)


@pytest.fixture
def plan(demo_data, people) -> ControlPlan:
    return demo_plan(demo_data, people)


def test_a_plan_from_the_demo_study_folder(plan, people):
    parsed = selectors.structure(plan)
    assert len(parsed.measures) == 8
    assert len(parsed.indicators) == 8
    # The values typed by hand: baseline, target and three actual values of one indicator.
    hand = PlanValue.objects.filter(plan=plan, computed=False)
    assert hand.filter(indicator="anteil_fb_zielvereinbarung").count() == 5
    assert hand.filter(indicator="leitbild_ikoe").count() == 1
    # The survey's share (computed from the responses under k) is stored as computed.
    assert PlanValue.objects.filter(plan=plan, computed=True).exists()
    assert PlanRole.objects.get(plan=plan, user=people["koord"]).kind == "coordinator"
    # Dezernat filter: the org tree's top unit of each unit (Stabsstelle 15 in Dezernat I).
    assert plan.units["15"][1] == plan.units[plan.units["15"][1]][1]
    created = AuditEntry.objects.get(plan=plan, field="plan_audit.created")
    assert created.username == "koord"
    # stored as a code with its parameters, shown in the reader's language
    assert created.texts == {
        "field": {},
        "new": {"name": "demo.zip", "measures": 8, "indicators": 8, "values": 33},
    }
    assert (created.shown("field", "de"), created.shown("new", "de")) == (
        "Plan angelegt",
        "demo.zip: 8 Maßnahmen, 8 Indikatoren, 33 Werte",
    )
    assert (created.shown("field", "en"), created.shown("new", "en")) == (
        "plan created",
        "demo.zip: 8 measures, 8 indicators, 33 values",
    )


def test_a_plan_from_the_workbook_and_the_same_messages_as_the_cli(plan, people, tmp_path):
    from lipkit.controlling.workbook import write_workbook

    path = tmp_path / "plan.xlsx"
    write_workbook(selectors.current_plan(plan), path)
    created = services.create_plan(
        Upload("plan.xlsx", "application/octet-stream", path.read_bytes()),
        user=people["integ"],
        title="Aus der Arbeitsmappe",
    )
    again = selectors.structure(created.plan)
    assert [m.id for m in again.measures] == [m.id for m in selectors.structure(plan).measures]
    assert created.plan.slug == "aus-der-arbeitsmappe"
    # A broken value in the folder: the located message lipkit plan status prints.
    folder = tmp_path / "broken"
    with zipfile.ZipFile(io.BytesIO(services.folder_bytes(plan, by=people["koord"]))) as z:
        z.extractall(folder)
    values = folder / plan.slug / "plan" / "values.csv"
    lines = values.read_text(encoding="utf-8").splitlines()
    row = lines[1].split(",")
    row[3] = "viele"
    lines[1] = ",".join(row)
    values.write_text("\n".join(lines) + "\n", encoding="utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for p in sorted((folder / plan.slug).rglob("*")):
            if p.is_file():
                z.write(p, "s/" + p.relative_to(folder / plan.slug).as_posix())
    with pytest.raises(services.Refused) as refused:
        services.create_plan(
            Upload("kaputt.zip", "application/zip", buffer.getvalue()), user=people["koord"]
        )
    assert refused.value.messages == [
        "plan/values.csv, Zeile 2, Feld 'value': Wert 'viele': erwartet eine Zahl "
        "(Dezimalpunkt oder -komma)"
    ]
    assert ControlPlan.objects.count() == 2  # nothing made from the broken one


def test_a_text_file_is_refused(people):
    with pytest.raises(services.Refused) as refused:
        services.create_plan(Upload("plan.txt", "text/plain", b"title: x"), user=people["koord"])
    assert "ZIP-Datei (.zip)" in refused.value.messages[0]


def test_the_downloads_give_the_plan_back(plan, people, tmp_path):
    data = services.folder_bytes(plan, by=people["koord"])
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        z.extractall(tmp_path)
    root = tmp_path / plan.slug
    assert (root / "study.yaml").is_file() and (root / "responses.csv").is_file()
    again = read_plan(root / "plan")
    original = selectors.structure(plan)
    assert [i.id for i in again.indicators] == [i.id for i in original.indicators]
    assert len(again.values) == PlanValue.objects.filter(plan=plan, computed=False).count()
    xlsx = services.workbook_bytes(plan, by=people["leser"])
    assert xlsx.startswith(b"PK")
    downloads = AuditEntry.objects.filter(plan=plan, field="plan_audit.download")
    assert sorted((e.username, e.shown("new", "de"), e.shown("new", "en")) for e in downloads) == [
        ("koord", "Studienordner", "study folder"),
        ("leser", "Arbeitsmappe", "workbook"),
    ]


def dashboard_statuses(client, plan, date: dt.date) -> dict[str, str]:
    url = reverse("controlling:dashboard", args=[plan.slug]) + f"?date={date.isoformat()}"
    body = client.get(url).content.decode()
    return dict(re.findall(r'data-id="([^"]+)" data-status="([^"]+)"', body))


def approve_round(plan, people, period: str, values: dict[str, str]) -> None:
    rnd, _ = services.start_round(
        plan, by=people["koord"], period=period, due="2022-01-31", base_url="http://x/"
    )
    for report in Report.objects.filter(round=rnd):
        inds = services.report_indicators(selectors.structure(plan), report)
        data = {"measure_status": "in_umsetzung", "comment": "läuft"}
        for ind in inds:
            key = f"value-{ind.id}"
            if ind.id in values:
                data[key] = values[ind.id]
            elif ind.unit == "qualitative":
                data[f"text-{ind.id}"] = "Leitbild beschlossen"
            else:
                data[f"text-{ind.id}"] = "noch nicht erhoben"
        assert services.save_report(report, user=people["integ"], data=data, send=True) == {}
        services.review(report, by=people["koord"], approve=True)


def test_dashboard_and_controlling_report_show_the_same_statuses(plan, people, client_of, tmp_path):
    """After a round is approved: the statuses on the dashboard (every field, strategic goal,
    goal, indicator) are those of lipkit's controlling report on the downloaded folder."""
    from lipkit.report.controlling import load_part
    from lipkit.study.folder import load_study

    approve_round(
        plan,
        people,
        "2021",
        {"anteil_fb_zielvereinbarung": "35", "wartezeit_dolmetsch": "5", "netzwerktreffen": "4"},
    )
    date = dt.date(2021, 12, 31)
    shown = dashboard_statuses(client_of(people["leser"]), plan, date)
    with zipfile.ZipFile(io.BytesIO(services.folder_bytes(plan, by=people["koord"]))) as z:
        z.extractall(tmp_path)
    root = tmp_path / plan.slug
    part = load_part(root, load_study(root), date=date)
    assert part is not None
    report = {n.id: str(n.status) for n in part.status.nodes}
    report |= {i: str(s.status) for i, s in part.status.indicators.items()}
    assert {k: shown[k] for k in report} == report
    # The measures' implementation status (the report's table of measures by owner): the one
    # approved in the round, "in_umsetzung" for each measure reported on.
    body = client_of(people["leser"]).get(
        reverse("controlling:dashboard", args=[plan.slug]) + "?date=2021-12-31"
    )
    implementation = dict(
        re.findall(
            r'data-id="([^"]+)" data-status="[^"]+" data-implementation="([^"]*)"',
            body.content.decode(),
        )
    )
    assert implementation == {m.id: str(m.status) for m in part.loaded.plan.measures}
    reported = set(Report.objects.filter(is_measure=True).values_list("subject", flat=True))
    assert reported and all(implementation[m] == "in_umsetzung" for m in reported)
    # Worked out by hand: 35 % against 50.0 % expected on the path from 10 % (2017) to 60 %
    # (2022) at 2021-12-31 (progress 25 / 40.0 = 0.62 ≥ 0.6): at risk; a waiting time of 5
    # days meets the target of 5 (lower is better); 4 network meetings meet the target 4.
    assert report["anteil_fb_zielvereinbarung"] == Status.GEFAEHRDET
    assert report["wartezeit_dolmetsch"] == Status.ERREICHT
    assert report["netzwerktreffen"] == Status.ERREICHT


def test_a_new_plan_under_an_old_id_and_revision_is_not_shown_from_memory(plan, people, client_of):
    """The dashboard keeps a plan's status in memory by the plan's state. A database emptied and
    filled again (as between tests, or a plan made anew after a restore) can bring back the same
    id and revision with other values: what is shown is what is stored, not what was kept."""
    date = dt.date(2021, 12, 31)
    reader = client_of(people["leser"])
    revision = plan.revision
    assert dashboard_statuses(reader, plan, date)["wartezeit_dolmetsch"] != Status.ERREICHT
    approve_round(plan, people, "2021", {"wartezeit_dolmetsch": "5"})
    ControlPlan.objects.filter(pk=plan.pk).update(
        revision=revision, created_at=plan.created_at + dt.timedelta(seconds=1)
    )
    plan.refresh_from_db()
    assert dashboard_statuses(reader, plan, date)["wartezeit_dolmetsch"] == Status.ERREICHT


def test_the_audit_trail_is_append_only(plan, people):
    entry = AuditEntry.objects.filter(plan=plan).first()
    entry.new = "verändert"
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
    with pytest.raises(AppendOnly):
        AuditEntry.objects.filter(plan=plan).delete()
    with pytest.raises(AppendOnly):
        AuditEntry.objects.filter(plan=plan).update(new="x")
    with pytest.raises(AppendOnly):
        plan.delete()


# -- every URL with every kind of login --------------------------------------------------------

NEEDED = {
    "home": "login",
    "dashboard": "reader",
    "subject": "reader",
    "download": "reader",
    "owner": "owner",
    "save": "owner",
    "correction": "owner",
    "evidence": "owner",
    "rounds": "coordinator",
    "review": "coordinator",
    "review-correction": "coordinator",
    "roles": "coordinator",
    "audit-export": "coordinator",
    "replace": "coordinator",
    "chart": "reader",
}
RANK = {"fremd": None, "leser": "reader", "integ": "owner", "koord": "coordinator"}
ALLOWED = {
    "reader": {"reader", "owner", "coordinator"},
    "owner": {"owner", "coordinator"},
    "coordinator": {"coordinator"},
}


def test_every_controlling_url_is_listed():
    assert {p.name for p in urlpatterns} == set(NEEDED)
    for p in urlpatterns:
        needed = getattr(p.callback, "plan_role_needed", "login")
        assert needed == NEEDED[p.name], p.name


def url_of(name: str, plan, report, correction) -> tuple[str, str]:
    """The URL and the method that counts (GET for pages, POST for actions)."""
    slug = plan.slug
    args = {
        "home": [],
        "dashboard": [slug],
        "subject": [slug, "m_zielvereinbarungen"],
        "download": [slug, "zip"],
        "owner": [slug],
        "save": [slug, report.pk],
        "correction": [slug, report.pk],
        "evidence": [slug, report.pk],
        "rounds": [slug],
        "review": [slug, report.pk],
        "review-correction": [slug, correction.pk],
        "roles": [slug],
        "audit-export": [slug],
        "replace": [slug],
        "chart": [slug, "anteil_fb_zielvereinbarung"],
    }[name]
    post = name in ("save", "correction", "review", "review-correction")
    return reverse(f"controlling:{name}", args=args), "post" if post else "get"


@pytest.mark.parametrize("name", sorted(NEEDED))
def test_each_url_with_each_kind_of_login(name, plan, people, client_of):
    """No login: the login page. No role: 404 (as if the plan did not exist). Too small a
    role: 403 for coordinator's pages, 403 for an owner's page for a reader. A refused POST
    changes nothing (the audit trail stays as it was)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    rnd, _ = services.start_round(
        plan, by=people["koord"], period="2021", due="2022-01-31", base_url="http://x/"
    )
    report = Report.objects.get(round=rnd, subject="m_zielvereinbarungen")
    data = {"value-anteil_fb_zielvereinbarung": "50", "measure_status": "in_umsetzung"}
    evidence = SimpleUploadedFile("beleg.pdf", b"%PDF-1.4 Beleg")
    services.save_report(report, user=people["integ"], data=data, evidence=evidence, send=True)
    services.review(report, by=people["koord"], approve=True)
    report.refresh_from_db()
    correction = services.request_correction(
        report,
        user=people["integ"],
        data=data | {"value-anteil_fb_zielvereinbarung": "51"},
        reason="Tippfehler",
    )
    url, method = url_of(name, plan, report, correction)
    needed = NEEDED[name]
    anonymous = getattr(client_of(None), method)(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/team/login/")
    for who, rank in RANK.items():
        before = AuditEntry.objects.count()
        response = getattr(client_of(people[who]), method)(url, {"action": "refuse"})
        allowed = needed == "login" or (rank is not None and rank in ALLOWED[needed])
        if allowed:
            assert response.status_code in (200, 303), (url, who, response.status_code)
            continue
        expected = 404 if rank is None else 403
        assert response.status_code == expected, (url, who, response.status_code)
        assert plan.title not in response.content.decode(errors="replace")
        assert AuditEntry.objects.count() == before, (url, who)
    # An owner of another unit does not see this unit's report or its evidence (404).
    if name in ("save", "evidence", "correction"):
        other = client_of(people["soz"])
        assert getattr(other, method)(url).status_code == 404


def test_posts_need_the_csrf_token(plan, people):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(people["koord"])
    url = reverse("controlling:rounds", args=[plan.slug])
    assert client.post(url, {"period": "2021", "due": "2022-01-31"}).status_code == 403
    assert not plan.rounds.exists()


def test_pages_in_english(plan, people, client_of):
    client = client_of(people["koord"])
    body = client.get(reverse("controlling:dashboard", args=[plan.slug]) + "?lang=en").content
    text = body.decode()
    assert '<html lang="en">' in text and "Round progress" in text and "Indicators" in text
    # the plan's English titles (title::en), in the tree, the measures and the indicators
    assert '<th scope="row">Intercultural opening of the administration</th>' in text
    assert ">Annual controlling report on the integration plan</a></th>" in text
    assert ">Share of staff with a migration background</a></th>" in text
    # remembered for the next page, until German is chosen again
    text = client.get(reverse("controlling:rounds", args=[plan.slug])).content.decode()
    assert "Open round" in text
    text = client.get(reverse("controlling:rounds", args=[plan.slug]) + "?lang=de").content
    assert "Runde öffnen" in text.decode()


def test_the_dashboard_draws_the_reports_chart_for_each_indicator(
    plan, people, client_of, tmp_path
):
    """One chart per indicator on the dashboard: the controlling report's SVG (baseline,
    target path, targets, actual values) as a picture of its own, named by its caption and
    with the chart in words as its text alternative."""
    from bs4 import BeautifulSoup

    from lipkit.controlling.chart import indicator_series, indicator_svg
    from lipkit.report.controlling import load_part
    from lipkit.study.folder import load_study

    approve_round(plan, people, "2021", {"anteil_fb_zielvereinbarung": "35"})
    plan.refresh_from_db()
    leser = client_of(people["leser"])
    url = reverse("controlling:dashboard", args=[plan.slug]) + "?date=2021-12-31"
    soup = BeautifulSoup(leser.get(url).content, "html.parser")
    rows = [tr["data-id"] for tr in soup.select("#indicators tbody tr")]
    figures = {f["data-id"]: f for f in soup.select("#charts figure")}
    assert list(figures) == rows and len(rows) == len(selectors.structure(plan).indicators)
    ind = "anteil_fb_zielvereinbarung"
    figure = figures[ind]
    img, caption = figure.find("img"), figure.find("figcaption")
    assert "⚠ gefährdet" in caption.get_text()
    # From the demo plan's values.csv: 10 % at the end of 2017, the target 60 % at the end of
    # 2022, the actual values of 2018 to 2020, and the 35 % just approved.
    assert img["alt"] == (
        f"Liniendiagramm: {plan_title(plan, ind)}. Ausgangswert 10 % (31.12.2017); Zielwerte "
        "60 % (31.12.2022); Istwerte 16 % (31.12.2018); 21 % (31.12.2019); 30 % (31.12.2020); "
        "35 % (31.12.2021). Status: gefährdet."
    )
    chart_url = reverse("controlling:chart", args=[plan.slug, ind])
    assert img["src"] == f"{chart_url}?date=2021-12-31&lang=de&r={plan.revision}"
    response = leser.get(img["src"])
    assert response["Content-Type"] == "image/svg+xml"
    svg = BeautifulSoup(response.content, "xml")
    # The same picture as the report's on the downloaded folder.
    with zipfile.ZipFile(io.BytesIO(services.folder_bytes(plan, by=people["koord"]))) as z:
        z.extractall(tmp_path)
    root = tmp_path / plan.slug
    part = load_part(root, load_study(root), date=dt.date(2021, 12, 31))
    indicator = part.loaded.plan.indicator(ind)
    series = indicator_series(
        indicator, part.status.indicators[ind], part.loaded.values, part.status.date
    )
    assert (series.path, series.actuals) == (
        [("2017-12-31", 10.0), ("2022-12-31", 60.0)],
        [("2018-12-31", 16.0), ("2019-12-31", 21.0), ("2020-12-31", 30.0), ("2021-12-31", 35.0)],
    )
    drawn = indicator_svg(series.path, series.targets, series.actuals, "percent")
    assert response.content == drawn
    assert len(svg.find_all("circle")) == 5  # four actual values and the legend's dot
    english = leser.get(f"{chart_url}?date=2021-12-31&lang=en").content
    assert b"target path" in english and b"Zielpfad" not in english


def plan_title(plan, indicator: str) -> str:
    return selectors.structure(plan).indicator(indicator).title


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def newer_workbook(plan, path, change) -> bytes:
    """The plan as it stands (the workbook download), changed by ``change(Plan) -> Plan``."""
    from lipkit.controlling.workbook import write_workbook

    write_workbook(change(selectors.current_plan(plan)), path)
    return path.read_bytes()


def test_replacing_the_plan_by_a_newer_workbook(plan, people, client_of, tmp_path):
    """The coordinator uploads a newer workbook: a target and an indicator's title change, the
    reported 2021 value stays (the workbook's other value is noted, not taken), each change is
    an audit entry, the earlier entries are all kept, and the dashboard judges by the new
    target."""
    from dataclasses import replace

    from lipkit.controlling.model import ValueKind

    approve_round(plan, people, "2021", {"anteil_fb_zielvereinbarung": "35"})
    earlier = list(AuditEntry.objects.filter(plan=plan).values_list("pk", "field", "new"))
    units = dict(plan.units)
    ind = "anteil_fb_zielvereinbarung"
    title = selectors.structure(plan).indicator(ind).title

    def change(p):
        values = []
        for v in p.values:
            if (
                v.indicator == ind
                and v.kind == ValueKind.TARGET
                and v.date == dt.date(2022, 12, 31)
            ):
                v = replace(v, value=70.0)
            if (
                v.indicator == ind
                and v.kind == ValueKind.ACTUAL
                and v.date == dt.date(2021, 12, 31)
            ):
                v = replace(v, value=40.0)
            values.append(v)
        indicators = tuple(
            replace(i, title="Fachbereiche mit Zielvereinbarung") if i.id == ind else i
            for i in p.indicators
        )
        return replace(p, values=tuple(values), indicators=indicators)

    data = newer_workbook(plan, tmp_path / "plan-2.xlsx", change)
    koord = client_of(people["koord"])
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = koord.post(
        reverse("controlling:replace", args=[plan.slug]),
        {"file": SimpleUploadedFile("plan-2.xlsx", data, content_type=XLSX)},
    )
    assert response.status_code == 303
    assert response["Location"] == reverse("controlling:dashboard", args=[plan.slug])
    body = koord.get(response["Location"]).content.decode()
    assert "Der Plan ist ersetzt (3 Änderungen im Protokoll)." in body
    assert (
        f"{ind}, 2021-12-31: der gemeldete Wert 35 bleibt (in der Datei: 40); ändern lässt er "
        "sich mit einer Korrektur." in body
    )
    plan.refresh_from_db()
    assert plan.units == units  # the org tree's names and Dezernate stay
    rows = PlanValue.objects.filter(plan=plan, indicator=ind, computed=False)
    assert rows.get(kind="target", date=dt.date(2022, 12, 31)).value == 70.0
    assert rows.get(kind="actual", date=dt.date(2021, 12, 31)).value == 35.0
    assert selectors.structure(plan).indicator(ind).title == "Fachbereiche mit Zielvereinbarung"
    new = AuditEntry.objects.filter(plan=plan).exclude(pk__in=[e[0] for e in earlier])
    assert [(e.subject, *(e.shown(c, "de") for c in e.COLUMNS)) for e in new] == [
        (
            ind,
            "Indikator: title",
            title,
            "Fachbereiche mit Zielvereinbarung",
            "Plan ersetzt: plan-2.xlsx",
        ),
        (ind, "Zielwert 2022-12-31", "60", "70", "Plan ersetzt: plan-2.xlsx"),
        (
            "plan",
            "Plan ersetzt",
            "8 Maßnahmen, 8 Indikatoren",
            "plan-2.xlsx: 8 Maßnahmen, 8 Indikatoren",
            "Plan ersetzt: plan-2.xlsx",
        ),
    ]
    assert [(e.subject, *(e.shown(c, "en") for c in e.COLUMNS)) for e in new] == [
        (
            ind,
            "indicator: title",
            title,
            "Fachbereiche mit Zielvereinbarung",
            "Plan replaced: plan-2.xlsx",
        ),
        (ind, "target 2022-12-31", "60", "70", "Plan replaced: plan-2.xlsx"),
        (
            "plan",
            "plan replaced",
            "8 measures, 8 indicators",
            "plan-2.xlsx: 8 measures, 8 indicators",
            "Plan replaced: plan-2.xlsx",
        ),
    ]
    assert {e.username for e in new} == {"koord"}
    assert (
        list(
            AuditEntry.objects.filter(pk__in=[e[0] for e in earlier]).values_list(
                "pk", "field", "new"
            )
        )
        == earlier
    )
    # 35 % against 10 + 60 × 1461 / 1826 = 58.0 % expected on the new path to 70 % (2022):
    # progress 25 / 48.0 = 0.52 < 0.6, off track (it was at risk with the target 60 %).
    assert dashboard_statuses(client_of(people["leser"]), plan, dt.date(2021, 12, 31))[ind] == (
        Status.NICHT_IM_PLAN
    )


def test_a_newer_workbook_is_checked_as_lipkit_plan_import_checks_it(plan, people, tmp_path):
    """A broken workbook: the messages of ``lipkit plan import``, and nothing changes. A plan
    that would lose reported values is refused, naming the indicator and the dates."""
    from dataclasses import replace

    from openpyxl import load_workbook
    from typer.testing import CliRunner

    from lipkit.cli import app

    approve_round(plan, people, "2021", {"anteil_fb_zielvereinbarung": "35"})
    path = tmp_path / "kaputt.xlsx"
    newer_workbook(plan, path, lambda p: p)
    wb = load_workbook(path)
    sheet = wb["Werte"]
    header = [c.value for c in sheet[1]]
    sheet.cell(row=2, column=header.index("value") + 1, value="viele")
    wb.save(path)
    plan.refresh_from_db()
    revision, entries = plan.revision, AuditEntry.objects.count()
    with pytest.raises(services.Refused) as refused:
        services.replace_plan(
            plan, Upload("kaputt.xlsx", XLSX, path.read_bytes()), by=people["koord"]
        )
    assert refused.value.messages == [
        "kaputt.xlsx, Blatt Werte, Zeile 2, Feld 'value': Wert 'viele': erwartet eine Zahl "
        "(Dezimalpunkt oder -komma)"
    ]
    study = tmp_path / "study"
    study.mkdir()
    cli = CliRunner().invoke(app, ["plan", "import", str(study), str(path)])
    assert cli.exit_code == 2
    assert cli.output.splitlines() == [f"Fehler: {m}" for m in refused.value.messages]
    plan.refresh_from_db()
    assert (plan.revision, AuditEntry.objects.count()) == (revision, entries)

    def without(p):
        ind = "anteil_fb_zielvereinbarung"
        return replace(
            p,
            indicators=tuple(i for i in p.indicators if i.id != ind),
            values=tuple(v for v in p.values if v.indicator != ind),
        )

    data = newer_workbook(plan, tmp_path / "ohne.xlsx", without)
    with pytest.raises(services.Refused) as refused:
        services.replace_plan(plan, Upload("ohne.xlsx", XLSX, data), by=people["koord"])
    assert refused.value.messages == [
        "„ohne.xlsx“: der Indikator „anteil_fb_zielvereinbarung“ fehlt; für ihn sind Werte "
        "gemeldet (2021-12-31)."
    ]
    with pytest.raises(services.Refused) as refused:
        services.replace_plan(plan, Upload("ohne.xlsx", XLSX, data), by=people["koord"], lang="en")
    assert refused.value.messages == [
        "“ohne.xlsx”: the indicator “anteil_fb_zielvereinbarung” is missing; values are "
        "reported for it (2021-12-31)."
    ]
    assert PlanValue.objects.filter(indicator="anteil_fb_zielvereinbarung").count() > 0


def test_a_plan_parsed_in_one_worker_is_read_back_in_another(plan, monkeypatch):
    """The parsed plan and its status are kept in Django's cache as well, which every gunicorn
    worker reads: a worker with nothing in memory neither parses the plan nor computes its
    status again; after a change (a new revision) both are made anew."""
    date = dt.date(2021, 12, 31)
    parsed, status = selectors.structure(plan), selectors.status_at(plan, date)
    selectors._structures._values.clear()  # another worker: nothing in its memory
    selectors._statuses._values.clear()

    def refused(*args, **kwargs):
        raise AssertionError("parsed or computed again")

    with monkeypatch.context() as m:
        m.setattr(selectors, "read_plan", refused)
        m.setattr(selectors, "plan_status", refused)
        assert selectors.structure(plan) == parsed
        assert selectors.status_at(plan, date) == status
    ControlPlan.objects.filter(pk=plan.pk).update(revision=plan.revision + 1)  # a change
    plan.refresh_from_db()
    with monkeypatch.context() as m:
        m.setattr(selectors, "read_plan", refused)
        with pytest.raises(AssertionError, match="parsed or computed again"):
            selectors.structure(plan)


def _value_rows(page: bytes, caption: str) -> list[list[str]]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page, "html.parser")
    table = next(t for t in soup.select("table") if t.caption.get_text(strip=True) == caption)
    rows = [[td.get_text(strip=True) for td in tr.select("td")] for tr in table.select("tbody tr")]
    return [r for r in rows if r[1].endswith(".03.2020") or r[1].endswith(".03.2021")]


def test_a_survey_values_source_and_comment_in_the_readers_language(plan, people, client_of):
    """Stored as codes, shown in the page's language with the question's label; a row stored
    before the codes (the German texts of then) reads the same."""
    ind = "anteil_sg_fortbildung"
    row = PlanValue.objects.get(plan=plan, indicator=ind, computed=True)
    assert (row.source, row.comment) == ("survey:befragung_2020:fortbildungen", "n = 177")
    PlanValue.objects.create(
        plan=plan,
        indicator=ind,
        kind="actual",
        date=dt.date(2021, 3, 31),
        source="Befragung befragung_2020: fortbildungen",
        comment="n < k, nicht ausgewiesen",
        computed=True,
    )
    leser = client_of(people["leser"])
    url = reverse("controlling:subject", args=[plan.slug, ind])
    title = plan_title(plan, ind)
    german = _value_rows(leser.get(url + "?lang=de").content, title)
    asked = (
        "Wurden in Ihrem Sachgebiet/Ihren Sachgebieten Fortbildungen zu interkulturellen "
        "Themen durchgeführt?"
    )
    source = f"Befragung befragung_2020: {asked}"
    assert german == [
        ["Istwert", "31.03.2020", "71,2", source, "n = 177"],
        ["Istwert", "31.03.2021", "–", source, "n < k, nicht ausgewiesen"],
    ]
    english_title = selectors.structure(plan).indicator(ind).title_in("en")
    english = _value_rows(leser.get(url + "?lang=en").content, english_title)
    source = (
        "Survey befragung_2020: Has training on intercultural topics been carried out in your "
        "section(s)?"
    )
    assert english == [
        ["Actual value", "31.03.2020", "71.2", source, "n = 177"],
        ["Actual value", "31.03.2021", "–", source, "n < k, not shown"],
    ]
