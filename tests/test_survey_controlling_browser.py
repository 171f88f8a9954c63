"""Controlling online in a real browser (headless Chromium through Playwright, /usr/bin/chromium):
a whole round on the demo plan as new users play it — the coordinator uploads the demo study
folder, gives two owners their roles and opens a round; both owners report (one value first
refused next to its field), one report is returned and corrected, the coordinator approves;
the dashboard and the controlling report on the downloaded study folder show the result.
Every page type passes axe (WCAG 2.1 A/AA) in German and English and fits a phone's width.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import zipfile
from pathlib import Path

import pytest
from studies.controlling import demo_zip

from lipkit.survey.controlling.models import ControlPlan, Report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDEST = """() => Array.from(document.querySelectorAll("main *"))
  .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth
          && !e.closest(".table-wrap"))
  .slice(0, 3).map(e => e.tagName + "." + e.className)"""
PHONE = {"viewport": {"width": 375, "height": 667}, "device_scale_factor": 2, "is_mobile": True}


def violations(page, label: str) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page, options={"runOnly": {"type": "tag", "values": WCAG}, "resultTypes": ["violations"]}
    )
    return [
        f"{label}: {v['id']} ({v['impact']}) {v['help']}: "
        + "; ".join(" ".join(n["target"]) for n in v["nodes"][:5])
        for v in results.response["violations"]
    ]


def login(chromium, base: str, user: str, **options):
    context = chromium.new_context(locale="de-DE", **options)
    # A limit for a page that never comes, not a speed test: creating a plan from the study
    # folder secures the survey's numbers, which took over 15 s on a machine under load 10
    # (`make test` runs three test processes and their browsers on 2 cores).
    context.set_default_timeout(60_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on(
        "console",
        lambda m: (
            errors.append(m.text)
            if m.type == "error" and not m.text.startswith("Failed to load resource")
            else None
        ),
    )
    page.js_errors = errors
    page.goto(base + "/team/login/")
    page.fill("#id_username", user)
    page.fill("#id_password", f"Passwort-{user}-2026")
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/team/")
    return context, page


@pytest.fixture
def live(chromium, live_server, django_user_model, settings, tmp_path):
    from django.core.cache import cache

    cache.clear()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    for name in ("koord", "integ", "soz", "leser"):
        django_user_model.objects.create_user(
            name, password=f"Passwort-{name}-2026", email=f"{name}@stadt.example"
        )
    path = tmp_path / "demo.zip"
    path.write_bytes(demo_zip(tmp_path))
    yield live_server.url, path
    cache.clear()


def test_a_whole_round_in_the_browser(live, chromium, tmp_path):
    base, upload = live
    problems: list[str] = []
    shots = os.environ.get("LIPKIT_SCREENSHOTS")

    def check(page, label: str) -> None:
        if shots:
            name = re.sub(r"\W+", "-", label)
            page.screenshot(path=f"{shots}/controlling-{name}.png", full_page=True)
        problems.extend(violations(page, label))

    # The coordinator creates the plan from the study folder and gives the roles.
    koord_ctx, koord = login(chromium, base, "koord")
    koord.goto(base + "/controlling/")
    check(koord, "home empty")
    koord.set_input_files("#id_file", str(upload))
    koord.get_by_role("button", name="Anlegen").click()
    koord.wait_for_url(re.compile(r".*/controlling/[\w-]+/$"))
    plan = ControlPlan.objects.get()
    slug = plan.slug
    check(koord, "dashboard before")
    koord.goto(f"{base}/controlling/{slug}/rollen/")
    for user, unit, name in (("integ", "15", ""), ("soz", "", "Koordination Integration")):
        koord.fill("#id_username", user)
        koord.check("#kind-owner")
        koord.fill("#id_unit", unit)
        koord.fill("#id_name", name)
        koord.get_by_role("button", name="Hinzufügen").click()
        koord.wait_for_load_state()
    koord.fill("#id_username", "leser")
    koord.check("#kind-reader")
    koord.get_by_role("button", name="Hinzufügen").click()
    koord.wait_for_load_state()
    check(koord, "roles")
    koord.goto(f"{base}/controlling/{slug}/runden/")
    koord.fill("#id_period", "2021")
    koord.fill("#id_due", "2022-01-31")
    koord.get_by_role("button", name="Runde öffnen").click()
    koord.wait_for_load_state()
    assert "Die Runde 2021 ist geöffnet; 2 Personen wurden benachrichtigt." in koord.content()

    # Owner 1 (unit 15): a value out of range is refused next to its field, then sent.
    integ_ctx, integ = login(chromium, base, "integ")
    integ.goto(f"{base}/controlling/{slug}/bericht/")
    check(integ, "owner page")
    report = Report.objects.get(subject="m_zielvereinbarungen")
    field = f"#value-anteil_fb_zielvereinbarung-{report.pk}"
    section = integ.locator(f"#report-{report.pk}")
    integ.fill(field, "35")
    from playwright.sync_api import expect

    expect(section.locator(".autosave-status")).to_have_text("Entwurf gespeichert")
    report.refresh_from_db()
    assert report.state == "draft" and report.values.get().value == 35.0  # saved as typed
    integ.fill(field, "135")
    integ.select_option(f"#measure_status-{report.pk}", "in_umsetzung")
    section.get_by_role("button", name="Senden").click()
    integ.wait_for_load_state()
    error = integ.locator(f"#value-anteil_fb_zielvereinbarung-{report.pk}-error")
    assert error.inner_text() == "135 liegt nicht zwischen 0 und 100 (Prozent)."
    assert integ.get_attribute(field, "aria-invalid") == "true"
    check(integ, "owner page with an error")
    integ.fill(field, "35")
    integ.locator(f"#report-{report.pk}").get_by_role("button", name="Senden").click()
    expect(integ.locator("body")).to_contain_text("Bericht gesendet")

    # Owner 2 (by name: Koordination Integration): the waiting time, lower is better.
    soz_ctx, soz = login(chromium, base, "soz")
    soz.goto(f"{base}/controlling/{slug}/bericht/")
    dolmetsch = Report.objects.get(subject="m_dolmetsch")
    soz.fill(f"#value-wartezeit_dolmetsch-{dolmetsch.pk}", "5")
    soz.select_option(f"#measure_status-{dolmetsch.pk}", "regelbetrieb")
    soz.fill(f"#comment-{dolmetsch.pk}", "Pool erweitert")
    soz.locator(f"#report-{dolmetsch.pk}").get_by_role("button", name="Senden").click()
    # the next page's message, not just a load state (a click's load state may be the old page's)
    expect(soz.locator("body")).to_contain_text("Bericht gesendet")

    # The coordinator returns owner 1's report with a note and approves owner 2's.
    koord.goto(f"{base}/controlling/{slug}/runden/")
    check(koord, "rounds with reports")
    koord.fill(f"#note-{report.pk}", "Bitte den Stand vom Jahresende melden")
    koord.locator(f"#review-{report.pk}").get_by_role("button", name="Zurückgeben").click()
    expect(koord.locator("body")).to_contain_text("Zurückgegeben.")
    koord.locator(f"#review-{dolmetsch.pk}").get_by_role("button", name="Freigeben").click()
    expect(koord.locator("body")).to_contain_text("Freigegeben.")
    dolmetsch.refresh_from_db()
    assert dolmetsch.state == "approved"

    # Owner 1 sees the note, corrects and sends again; the coordinator approves.
    integ.goto(f"{base}/controlling/{slug}/bericht/")
    assert "Bitte den Stand vom Jahresende melden" in integ.content()
    integ.fill(field, "50")
    integ.locator(f"#report-{report.pk}").get_by_role("button", name="Senden").click()
    expect(integ.locator("body")).to_contain_text("Bericht gesendet")
    koord.goto(f"{base}/controlling/{slug}/runden/")
    koord.locator(f"#review-{report.pk}").get_by_role("button", name="Freigeben").click()
    expect(koord.locator("body")).to_contain_text("Freigegeben.")
    report.refresh_from_db()
    assert report.state == "approved"
    integ.goto(f"{base}/controlling/{slug}/bericht/")
    check(integ, "owner page approved")

    # The dashboard at the round's date, and the report on the downloaded folder.
    koord.goto(f"{base}/controlling/{slug}/?date=2021-12-31")
    row = koord.locator('#indicators tr[data-id="anteil_fb_zielvereinbarung"]')
    assert "✔ im Plan" in row.inner_text()
    wartezeit = koord.locator('#indicators tr[data-id="wartezeit_dolmetsch"]')
    assert "★ erreicht" in wartezeit.inner_text()  # 5 days meet the target 5 (lower is better)
    check(koord, "dashboard after")
    koord.goto(f"{base}/controlling/{slug}/?date=2021-12-31&dezernat=&owner=15&status=im_plan")
    ids = koord.eval_on_selector_all("#indicators tbody tr", "rows => rows.map(r => r.dataset.id)")
    # unit 15 on track: the agreements (50 %), and the reports (70 % at 2020-12-31 against
    # 20 + 80 × 1096 / 1826 = 68.0 % expected: progress 50 / 48.0 ≥ 0.95)
    assert ids == ["anteil_fb_zielvereinbarung", "massnahmen_mit_bericht"]
    koord.goto(f"{base}/controlling/{slug}/?lang=en")
    check(koord, "dashboard english")
    koord.goto(f"{base}/controlling/{slug}/eintrag/m_zielvereinbarungen/")
    check(koord, "measure page (English)")
    koord.goto(f"{base}/controlling/{slug}/?lang=de")
    with koord.expect_download() as download:
        koord.get_by_role("link", name="Studienordner (ZIP)").click()
    data = Path(download.value.path()).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        archive.extractall(tmp_path / "down")
    from lipkit.report.controlling import load_part
    from lipkit.study.folder import load_study

    root = tmp_path / "down" / slug
    part = load_part(root, load_study(root), date=dt.date(2021, 12, 31))
    assert part.status.indicators["anteil_fb_zielvereinbarung"].status == "im_plan"
    assert part.status.indicators["wartezeit_dolmetsch"].status == "erreicht"
    dolmetsch_state = next(m for m in part.loaded.plan.measures if m.id == "m_dolmetsch")
    assert (dolmetsch_state.status, dolmetsch_state.report) == ("regelbetrieb", "Pool erweitert")
    # `lipkit report` on the downloaded folder: its controlling overview shows the round.
    from bs4 import BeautifulSoup
    from typer.testing import CliRunner

    from lipkit.cli import app

    out = tmp_path / "bericht"
    ran = CliRunner().invoke(
        app,
        ["report", str(root), "--part", "controlling", "--format", "html", "--output", str(out)],
    )
    assert ran.exit_code == 0, ran.output
    html = BeautifulSoup((out / "controlling.html").read_text(encoding="utf-8"), "html.parser")
    captions = [" ".join(f.get_text(" ").split()) for f in html.select("figcaption")]
    for ind, shown in (
        ("anteil_fb_zielvereinbarung", "Controlling, ✔ im Plan"),
        ("wartezeit_dolmetsch", "Controlling, ★ erreicht"),
    ):
        title = part.loaded.plan.indicator(ind).title
        assert [c for c in captions if f"– {title} (" in c] == [
            next(c for c in captions if title in c)
        ]
        assert next(c for c in captions if f"– {title} (" in c).endswith(f"{title} ({shown})")

    # A reader: the dashboard; the coordinator's pages are 403.
    leser_ctx, leser = login(chromium, base, "leser")
    leser.goto(f"{base}/controlling/")
    check(leser, "home with plans")
    leser.goto(f"{base}/controlling/{slug}/runden/")
    assert "403" in leser.title()
    check(leser, "forbidden")

    # Phone width: every page type reflows without sideways scrolling.
    phone_ctx, phone = login(chromium, base, "koord", **PHONE)
    for path in (
        "/controlling/",
        f"/controlling/{slug}/",
        f"/controlling/{slug}/runden/",
        f"/controlling/{slug}/rollen/",
        f"/controlling/{slug}/eintrag/m_dolmetsch/",
    ):
        phone.goto(base + path)
        width = phone.evaluate("document.documentElement.scrollWidth")
        if width > 375:
            problems.append(f"phone {path}: {width} px wide: " + str(phone.evaluate(WIDEST)))
    for ctx, page in (
        (koord_ctx, koord),
        (integ_ctx, integ),
        (soz_ctx, soz),
        (leser_ctx, leser),
        (phone_ctx, phone),
    ):
        assert not page.js_errors, page.js_errors
        ctx.close()
    assert not problems, "\n".join(problems)


FOCUS_SHOWN = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) { return "nothing has the focus"; }
  const s = getComputedStyle(e);
  const ring = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2;
  const r = e.getBoundingClientRect();
  const seen = r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight;
  return ring && seen ? "" : `${e.tagName}#${e.id}: ring ${ring}, in view ${seen}`;
}"""
FOCUSED = "() => [document.activeElement.tagName, document.activeElement.id]"
IN_REPORT = "() => document.activeElement.closest('section')?.id"


def a_round(base_upload: Path):
    """The demo plan with the owners integ (unit 15) and soz, the reader leser, and the round
    2021 open; made by the services, as the browser round above makes it by hand."""
    from django.contrib.auth import get_user_model
    from studies.controlling import demo_plan

    users = get_user_model().objects
    people = {u.username: u for u in users.all()}
    plan = demo_plan(base_upload.read_bytes(), people)
    from lipkit.survey.controlling import services

    services.start_round(
        plan, by=people["koord"], period="2021", due="2022-01-31", base_url="http://x/"
    )
    return plan


def test_an_owner_reports_with_the_keyboard_only(live, chromium):
    """Tab, typing, arrow keys and Enter only, from the top of the page: every value of the
    first report, the measure's status and a comment, then "Senden"; the focus is visible at
    every stop (a ring of at least 2 px, in view)."""
    base, upload = live
    plan = a_round(upload)
    context, page = login(chromium, base, "integ")
    page.goto(f"{base}/controlling/{plan.slug}/bericht/")
    first = page.locator("section.report").first
    pk = int(first.get_attribute("id").removeprefix("report-"))
    report = Report.objects.get(pk=pk)
    hidden: list[str] = []
    stops: list[str] = []
    typed: dict[str, str] = {}
    for _ in range(80):
        page.keyboard.press("Tab")
        if problem := page.evaluate(FOCUS_SHOWN):
            hidden.append(problem)
        tag, id = page.evaluate(FOCUSED)
        stops.append(id or tag)
        if not id.endswith(f"-{pk}") and tag != "BUTTON":
            continue
        if id.startswith("value-"):
            page.keyboard.type("3")
            typed[id] = "3"
        elif (
            id.startswith("text-")
            and page.locator(f"#{id.replace('text-', 'value-')}").count() == 0
        ):
            page.keyboard.type("Leitbild beschlossen")  # a qualitative indicator
            typed[id] = "Leitbild beschlossen"
        elif id.startswith("measure_status-"):
            # type-ahead: the option's first letters choose it (as a sighted user would)
            label = page.locator(f"#{id} option[value=in_umsetzung]").inner_text()
            page.keyboard.type(label[:4])
        elif id.startswith("comment-"):
            page.keyboard.type("Zwei Workshops")
        elif (
            tag == "BUTTON"
            and page.evaluate("document.activeElement.value") == "send"
            and page.evaluate(IN_REPORT) == f"report-{pk}"
        ):
            with page.expect_navigation():
                page.keyboard.press("Enter")
            break
    else:
        raise AssertionError(f"no send button reached by Tab: {stops}")
    page.wait_for_load_state()
    assert "Bericht gesendet" in page.content()
    report.refresh_from_db()
    assert report.state == "sent"
    assert report.measure_status == "in_umsetzung" and report.comment == "Zwei Workshops"
    saved = {v.indicator: (v.value, v.text) for v in report.values.all()}
    assert typed and len(saved) == len(typed)
    for id, text in typed.items():
        ind = id.split("-", 1)[1].rsplit("-", 1)[0]
        assert saved[ind] == ((3.0, "") if id.startswith("value-") else (None, text))
    assert stops[0] == "A"  # the skip link comes first
    assert not hidden, hidden
    assert not page.js_errors, page.js_errors
    context.close()


CUT_OFF = """() => Array.from(document.querySelectorAll("main *"))
  .filter(e => !e.closest(".visually-hidden"))
  .filter(e => {
    const s = getComputedStyle(e);
    const clips = s.overflowX === "hidden" || s.overflowX === "clip";
    return clips && e.scrollWidth > e.clientWidth + 1;
  })
  .slice(0, 3).map(e => e.tagName + "#" + e.id + "." + e.className)"""
WRAPS = """() => Array.from(document.querySelectorAll(".table-wrap"))
  .filter(e => !["auto", "scroll"].includes(getComputedStyle(e).overflowX))
  .map(e => e.innerText.slice(0, 30))"""


@pytest.mark.page_only
@pytest.mark.parametrize(
    "label,options",
    [
        ("200 % zoom", {"viewport": {"width": 640, "height": 400}, "device_scale_factor": 2}),
        ("320 px", {"viewport": {"width": 320, "height": 640}, "is_mobile": True}),
    ],
)
def test_owner_page_and_dashboard_reflow_at_200_percent_and_320_px(live, chromium, label, options):
    """A 1280 px window at 200 % zoom (640 CSS px) and a phone 320 px wide, in German and
    English: the owner's page (with an error shown) and the dashboard (with its charts) scroll
    only downwards; nothing is cut off (no clipped overflow; wide tables scroll in their own
    frame); every chart fits the width."""
    base, upload = live
    plan = a_round(upload)
    width = options["viewport"]["width"]
    problems: list[str] = []
    for user, path in (
        ("integ", f"/controlling/{plan.slug}/bericht/"),
        ("koord", f"/controlling/{plan.slug}/?date=2021-12-31"),
    ):
        context, page = login(chromium, base, user, **options)
        for lang, marker in (("de", "Abmelden"), ("en", "Log out")):
            sep = "&" if "?" in path else "?"
            page.goto(f"{base}{path}{sep}lang={lang}")
            assert page.evaluate("document.documentElement.lang") == lang
            assert marker in page.content()
            if user == "integ":  # an error next to its field, as an owner may meet it
                section = page.locator("section.report").first
                section.locator("input.value").first.fill("-5")
                with page.expect_navigation():
                    section.get_by_role("button", name="Send" if lang == "en" else "Senden").click()
                assert page.locator("p.error").count() >= 1
            else:
                charts = page.locator("#charts img")
                assert charts.count() == 8
                for n in range(8):  # each drawn (they load as they scroll into view)
                    charts.nth(n).scroll_into_view_if_needed()
                    page.wait_for_function(
                        "i => i.complete && i.naturalWidth > 0", arg=charts.nth(n).element_handle()
                    )
                widest = page.evaluate(
                    "() => Math.max(...Array.from(document.querySelectorAll('#charts img'))"
                    ".map(s => s.getBoundingClientRect().right))"
                )
                if widest > width:
                    problems.append(f"{label} {lang} {path}: a chart reaches {widest} px")
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if scroll > width:
                problems.append(f"{label} {lang} {path}: {scroll} px wide: {page.evaluate(WIDEST)}")
            if cut := page.evaluate(CUT_OFF):
                problems.append(f"{label} {lang} {path}: cut off: {cut}")
            if bad := page.evaluate(WRAPS):
                problems.append(f"{label} {lang} {path}: tables that do not scroll: {bad}")
        assert not page.js_errors, page.js_errors
        context.close()
    assert not problems, "\n".join(problems)
