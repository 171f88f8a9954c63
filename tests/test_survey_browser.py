"""The respondents' pages in a real browser (headless Chromium through Playwright) against a
live server with the demo questionnaire: accessibility (axe-core, WCAG 2.1 A/AA), keyboard
only, filters and exclusive options at once, no JavaScript, 200 % zoom and phone width, the
session time-out, and 30 synthetic respondents whose answers must come out of the analysis
exactly as they were entered.
"""

from __future__ import annotations

import json
import os
import random
import re
import tempfile
import time
from collections import Counter
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from studies import with_k

from lipkit.study.model import QuestionType
from lipkit.survey.form import OnlineForm
from lipkit.survey.models import Response, Survey
from lipkit.survey.services.surveys import online_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
TEXTS = ["Sprache und Dolmetscher", "Mehr Zeit für Beratung", "Interkulturelle Teams"]


# -- answers chosen in Python -------------------------------------------------------------------


def plan(
    form: OnlineForm, rng: random.Random, *, skip: float = 0.1, fixed: dict | None = None
) -> dict[str, object]:
    """One respondent's answers along a random path through the filters: every question
    shown (given the answers so far) answered with an offered option, optional ones left
    out with probability ``skip``; a multiple response either one exclusive option or 1-3
    others, in list order (as the browser sends them). ``fixed`` answers win where shown."""
    answers: dict[str, object] = {}
    for page in form.pages:
        for q in page.questions:
            if q.type == QuestionType.NOTE or not form.shown(q, answers):
                continue
            if fixed and q.name in fixed:
                answers[q.name] = fixed[q.name]
                continue
            if not q.required and rng.random() < skip:
                continue
            if q.type == QuestionType.TEXT:
                answers[q.name] = rng.choice(TEXTS)
                continue
            offered = form.choices(q, answers)
            if q.type == QuestionType.SELECT_ONE:
                answers[q.name] = rng.choice(offered)
                continue
            exclusive = [c for c in offered if c in form.questionnaire.exclusive_codes(q)]
            others = [c for c in offered if c not in exclusive]
            if exclusive and rng.random() < 0.25:
                answers[q.name] = [rng.choice(exclusive)]
            else:
                chosen = set(rng.sample(others, rng.randint(1, min(3, len(others)))))
                answers[q.name] = [c for c in offered if c in chosen]
    assert form.check_all(answers) == {}
    return answers


def option_id(form: OnlineForm, name: str, value: str) -> str:
    q = form.questionnaire.question(name)
    return f"q-{name}-{form.questionnaire.choice_list(q).names().index(value)}"


def targets(form: OnlineForm, name: str, value: object) -> list[str]:
    """Element ids to set for an answer: options to tick, or the text field."""
    if isinstance(value, list):
        return [option_id(form, name, v) for v in value]
    if form.questionnaire.question(name).list_name:
        return [option_id(form, name, value)]  # type: ignore[arg-type]
    return [f"q-{name}-first"]


# -- page helpers -------------------------------------------------------------------------------


def page_number(page) -> int | None:
    label = page.locator("#progress-label")
    if not label.count():
        return None
    return int(re.search(r"(\d+)", label.text_content()).group(1))


def submit(page, action: str = "next") -> None:
    with page.expect_navigation():
        page.click(f'.actions button[value="{action}"]')


def start(page, survey) -> None:
    page.goto(survey.url)
    with page.expect_navigation():
        page.get_by_role("button", name="Befragung beginnen").click()


def fill_page(
    page, form: OnlineForm, answers: dict, *, only_visible: bool = False, fast: bool = False
) -> None:
    """Tick and type this page's planned answers with the mouse, in page order; ``fast``:
    the same clicks and typing from inside the page, in one round trip."""
    number = page_number(page)
    steps = []
    for q in form.pages[number - 1].questions:
        if q.name not in answers:
            continue
        if only_visible and not page.locator(f"#q-{q.name}").is_visible():
            continue
        for target in targets(form, q.name, answers[q.name]):
            steps.append((target, str(answers[q.name]) if target.endswith("-first") else None))
    if fast:
        page.evaluate(FAST_FILL, steps)
        return
    for target, text in steps:
        if text is not None:
            page.fill(f"#{target}", text)
        else:
            page.check(f"#{target}")


# Each step a click on a shown, enabled option (skipped if ticked) or text typed into a field,
# with the events a person's input fires, so that survey.js reacts as it would.
FAST_FILL = """(steps) => steps.forEach(([id, text]) => {
  const field = document.getElementById(id);
  if (field.offsetParent === null || field.disabled) { throw new Error("not shown: " + id); }
  if (text === null) { if (!field.checked) { field.click(); } return; }
  field.focus();
  field.value = text;
  field.dispatchEvent(new Event("input", {bubbles: true}));
  field.dispatchEvent(new Event("change", {bubbles: true}));
})"""


def walk(page, form: OnlineForm, answers: dict, on_page=None, *, fast: bool = False) -> list[int]:
    """Answer page after page until the thank-you page; the page numbers seen."""
    seen = []
    while (number := page_number(page)) is not None:
        seen.append(number)
        fill_page(page, form, answers, fast=fast)
        if on_page:
            on_page(page, number)
        submit(page)
    assert "/danke/" in page.url
    return seen


def stored_answers() -> list[str]:
    return sorted(json.dumps(r.answers, sort_keys=True) for r in Response.objects.all())


def violations(page, label: str) -> list[str]:
    results = Axe().run(
        page, options={"runOnly": {"type": "tag", "values": WCAG}, "resultTypes": ["violations"]}
    )
    return [
        f"{label}: {v['id']} ({v['impact']}) {v['help']}: "
        + "; ".join(" ".join(n["target"]) for n in v["nodes"][:5])
        for v in results.response["violations"]
    ]


def everything_shown(form: OnlineForm) -> dict[str, object]:
    """Answers that switch every filter of the demo on (so each page shows all it has)."""
    wanted = {
        "einfluss_vielfalt": "stark",
        "kundenkontakt": "haeufig",
        "mitarbeitende_mh": "ja",
        "fortbildungen": "nein",
        "schnittpunkte": "ja",
        "kooperation_intern": "ja",
        "beteiligung_lip2008": "ja",
        "controlling_bekannt": "ja",
        "dezernat": "III",
    }
    answers = plan(form, random.Random(0), skip=0, fixed=wanted)
    assert all(answers[k] == v for k, v in wanted.items())
    return answers


# -- accessibility ------------------------------------------------------------------------------


INTRODUCTION = """Liebe Kolleginnen und Kollegen,

die Befragung ist **anonym** und *freiwillig*. Sie hilft uns,

- den Integrationsplan zu bewerten und
- die nächsten Schritte zu planen.

Mehr im [Intranet](https://intranet.example/lip)."""


def every_page_type(page, survey, settings, check) -> None:
    """Call ``check(page, label)`` on every kind of page a respondent can get: the start page
    (German, English) with an introduction, a page with errors, each page of the
    questionnaire with every filter switched on, thank you, saved (the resume code), the
    privacy statement, imprint and accessibility statement (German, English), the 404 page
    (German, English), the team's login, too many (rate limit), not yet open, closed, and an
    invitation that has been used."""
    from datetime import date, timedelta

    from django.core.cache import cache

    from lipkit.survey.models import Invitation, InvitationUse
    from lipkit.survey.services.submissions import token_hash

    Survey.objects.filter(pk=survey.pk).update(
        introduction=INTRODUCTION,
        closes_on=date.today() + timedelta(days=30),
        controller="Stadt Musterstadt\nFachbereich Integration\nMarkt 1, 12345 Musterstadt",
        privacy_note="Rechtsgrundlage: die **Dienstvereinbarung** vom 1. März 2025.",
    )
    form = online_form(survey)
    page.goto(survey.url)
    check(page, "start")
    page.goto(survey.url + "?lang=en")
    check(page, "start (en)")
    start(page, survey)
    submit(page)  # required questions left empty
    assert page.locator("#error-summary").is_visible()
    check(page, "errors")

    answers = everything_shown(form)
    walk(page, form, answers, on_page=lambda p, n: check(p, f"page {n}"))
    check(page, "thanks")

    start(page, survey)
    fill_page(page, form, answers)
    submit(page, "save")
    assert re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", page.content())
    check(page, "saved")

    for info in ("datenschutz", "impressum", "barrierefreiheit"):
        for language in ("de", "en"):
            page.goto(f"{survey.url}{info}/?lang={language}")
            assert page.locator("footer.site-footer").is_visible()
            check(page, f"{info} ({language})")
    for language in ("de", "en"):
        page.goto(f"{survey.base}/gibt-es-nicht/?lang={language}")
        assert page.locator("h1").text_content() in ("Seite nicht gefunden", "Page not found")
        check(page, f"404 ({language})")

    page.goto(survey.base + "/team/login/")
    check(page, "team login")

    # Limit 1, reached by the questionnaire sent above: a new start is refused; one started
    # before is kept under a resume code when it is sent.
    cache.clear()
    limit, settings.RATE_LIMIT_PER_HOUR = settings.RATE_LIMIT_PER_HOUR, 1
    start(page, survey)
    walk(page, form, answers, fast=True)
    start(page, survey)
    assert "sehr viele Antworten" in page.content()
    check(page, "too many")
    settings.RATE_LIMIT_PER_HOUR = 0
    start(page, survey)
    settings.RATE_LIMIT_PER_HOUR = 1
    walk_to_send(page, form, answers)
    assert "Sie gehen nicht verloren" in page.content()
    check(page, "too many (answers kept)")
    settings.RATE_LIMIT_PER_HOUR = limit
    cache.clear()

    Survey.objects.filter(pk=survey.pk).update(opens_on=date.today() + timedelta(days=3))
    page.goto(survey.url)
    assert "Die Befragung beginnt am" in page.content()
    check(page, "not yet open")
    Survey.objects.filter(pk=survey.pk).update(opens_on=None, status=Survey.Status.CLOSED)
    page.goto(survey.url)
    assert "Die Befragung ist beendet" in page.content()
    check(page, "closed")
    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.OPEN, open_link=False)
    used = Invitation.objects.create(
        survey=survey, email="a@example.org", token_hash=token_hash("t1")
    )
    InvitationUse.objects.create(invitation=used)
    page.goto(survey.url + "?t=t1")
    assert "bereits verwendet" in page.content()
    check(page, "invitation used")
    Survey.objects.filter(pk=survey.pk).update(open_link=True)


@pytest.mark.page_only
def test_axe_finds_no_wcag_violation_on_any_page_type(live_survey, page, settings):
    found: list[str] = []
    every_page_type(
        page, live_survey, settings, lambda p, label: found.extend(violations(p, label))
    )
    assert not found, "\n".join(found)


SCREENS = {
    # 200 % zoom of a 1280 x 800 screen: 640 x 400 CSS pixels at two device pixels each
    "zoom200": {"viewport": {"width": 640, "height": 400}, "device_scale_factor": 2},
    "phone": {
        "viewport": {"width": 375, "height": 667},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    },
}


@pytest.mark.page_only
@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_no_horizontal_scrolling_at_200_percent_and_on_a_phone(
    live_survey, chromium, settings, screen
):
    """Every page fits the width (WCAG 1.4.10 reflow); a matrix becomes one fieldset per item
    with its options stacked. LIPKIT_SCREENSHOTS=dir keeps a picture of every page."""
    folder = os.environ.get("LIPKIT_SCREENSHOTS")
    context = chromium.new_context(locale="de-DE", **SCREENS[screen])
    page = context.new_page()
    problems: list[str] = []

    def check(page, label: str) -> None:
        if folder:
            name = re.sub(r"\W+", "-", label)
            page.screenshot(path=f"{folder}/{screen}-{name}.png", full_page=True)
        # Against the screen's width: a phone's browser widens its window to a wider page.
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > page.viewport_size["width"]:
            problems.append(
                f"{label}: {width} px wide on a {page.viewport_size['width']} px screen"
            )
        for row in page.locator(".matrix:not([hidden]) .question:not([hidden])").all():
            boxes = [i.bounding_box() for i in row.locator(".option input").all()]
            lefts = {round(b["x"]) for b in boxes}
            tops = [b["y"] for b in boxes]
            if len(lefts) != 1 or tops != sorted(tops) or len(set(tops)) != len(tops):
                problems.append(f"{label}: options of {row.get_attribute('id')} not stacked")

    every_page_type(page, live_survey, settings, check)
    context.close()
    assert not problems, "\n".join(problems)


# -- keyboard only ------------------------------------------------------------------------------

ACTIVE = "() => { const a = document.activeElement; return a ? [a.id, a.name || '', a.type || '', a.textContent.trim()] : null; }"  # noqa: E501


def tab_until(page, wanted, limit: int = 300) -> list:
    """Press Tab until the focused element satisfies ``wanted(id, name, type, text)``."""
    for _ in range(limit):
        active = page.evaluate(ACTIVE)
        if active and wanted(*active):
            return active
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached the wanted element (last: {active})")


def keyboard_page(page, form: OnlineForm, answers: dict) -> None:
    """Answer the current page with Tab, arrows, Space and typing; send it with Enter."""
    number = page_number(page)
    for q in form.pages[number - 1].questions:
        if q.name not in answers:
            continue
        value = answers[q.name]
        if q.type == QuestionType.SELECT_ONE:
            target = option_id(form, q.name, value)  # type: ignore[arg-type]
            tab_until(page, lambda i, name, t, x, q=q: name == q.name)
            radios = page.evaluate(
                "(name) => Array.from(document.getElementsByName(name))"
                ".filter(r => !r.disabled && r.offsetParent !== null).map(r => r.id)",
                q.name,
            )
            for _ in range(len(radios)):
                current = page.evaluate(ACTIVE)[0]
                if current == target:
                    break
                down = radios.index(target) > radios.index(current)
                page.keyboard.press("ArrowDown" if down else "ArrowUp")
            assert page.evaluate(ACTIVE)[0] == target
            if not page.is_checked(f"#{target}"):
                page.keyboard.press("Space")
        elif q.type == QuestionType.SELECT_MULTIPLE:
            for target in targets(form, q.name, value):
                tab_until(page, lambda i, *_, target=target: i == target)
                page.keyboard.press("Space")
        else:
            target = f"q-{q.name}-first"
            tab_until(page, lambda i, *_, target=target: i == target)
            page.keyboard.type(str(value))
    tab_until(page, lambda i, name, t, text: t == "submit" and text in ("Weiter", "Absenden"))
    with page.expect_navigation():
        page.keyboard.press("Enter")


def walk_to_send(page, form: OnlineForm, answers: dict) -> None:
    """``walk``, for a last page that does not lead to the thank-you page."""
    while page_number(page) is not None:
        fill_page(page, form, answers, fast=True)
        submit(page)


def test_saved_resumed_continued_and_sent(live_survey, page, context):
    """Page 1 and 2 answered, "Speichern und später fortsetzen"; in a new browser context the
    code entered on the start page: "Weiter" and "Zurück" go on from there (they used to post
    to /fortsetzen/ and land on the start page with "no saved answers for this code") and
    the questionnaire is sent with every answer, also those given before saving."""
    form = online_form(live_survey)
    answers = plan(form, random.Random(11), skip=0, fixed={"dezernat": "III"})
    start(page, live_survey)
    fill_page(page, form, answers)
    submit(page)
    assert page_number(page) == 2
    fill_page(page, form, answers)
    submit(page, "save")
    code = re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", page.content()).group(0)

    later = context.browser.new_context(locale="de-DE").new_page()
    later.goto(live_survey.url)
    later.fill("#resume-code", code.lower())
    with later.expect_navigation():
        later.get_by_role("button", name="Fortsetzen").click()
    assert page_number(later) == 2
    assert later.locator(f"#{targets(form, 'dezernat', 'III')[0]}").count() == 0  # page 1
    submit(later, "back")
    assert page_number(later) == 1
    assert later.locator(f"#{targets(form, 'dezernat', 'III')[0]}").is_checked()
    submit(later)
    assert page_number(later) == 2
    submit(later)
    assert page_number(later) == 3
    walk(later, form, answers)
    (stored,) = Response.objects.all()
    assert stored.answers == answers
    later.context.close()


def test_the_demo_completed_with_the_keyboard_only(live_survey, page):
    form = online_form(live_survey)
    answers = plan(
        form,
        random.Random(7),
        skip=0.2,
        fixed={"dezernat": "IV", "einfluss_vielfalt": "moderat", "hindernisse": ["komplex"]},
    )
    page.goto(live_survey.url)
    tab_until(page, lambda i, n, t, text: text == "Befragung beginnen")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    while page_number(page) is not None:
        keyboard_page(page, form, answers)
    assert "/danke/" in page.url
    (stored,) = Response.objects.all()
    assert stored.answers == answers


# -- filters, choice filters and exclusive options at once ----------------------------------------


def visible(page, selector: str) -> bool:
    return page.locator(selector).is_visible()


@pytest.mark.page_only
def test_filters_switch_questions_on_and_off_without_a_reload(live_survey, page):
    form = online_form(live_survey)
    start(page, live_survey)
    page.evaluate("window.samePage = true")
    # A cascading select: the Dezernat narrows the Fachbereiche offered.
    assert visible(page, "#q-fachbereich") and not visible(page, "#q-fachbereich-0")
    page.check("#" + option_id(form, "dezernat", "III"))
    assert visible(page, "#" + option_id(form, "fachbereich", "52"))
    assert not visible(page, "#" + option_id(form, "fachbereich", "51"))
    page.check("#" + option_id(form, "fachbereich", "52"))
    page.check("#" + option_id(form, "dezernat", "IV"))
    assert not page.is_checked("#" + option_id(form, "fachbereich", "52"))
    assert not visible(page, "#" + option_id(form, "fachbereich", "52"))
    assert page.is_disabled("#" + option_id(form, "fachbereich", "52"))
    page.check("#" + option_id(form, "fachbereich", "51"))
    page.check("#" + option_id(form, "rolle", "sgl"))
    submit(page)

    # Page 2: a matrix behind a filter, and a question behind another.
    page.evaluate("window.samePage = true")
    matrix, row = "#m-einflussbereiche", "#" + option_id(form, "einfluss_themen", "weniger")
    assert not visible(page, matrix)
    page.check("#" + option_id(form, "einfluss_vielfalt", "stark"))
    assert visible(page, matrix)
    assert page.is_enabled('#q-einfluss_themen input[name="_shown"]')
    page.check(row)
    page.check("#" + option_id(form, "einfluss_vielfalt", "k_a"))
    assert not visible(page, matrix)
    assert not page.is_checked(row)  # cleared, as the server would drop it
    assert page.is_disabled('#q-einfluss_themen input[name="_shown"]')
    page.check("#" + option_id(form, "mitarbeitende_mh", "ja"))
    assert visible(page, "#q-anteil_mh") and visible(page, "#m-folgen_mh")
    live = page.locator("#live-region")
    live.filter(has_text="Weitere Fragen auf dieser Seite: 6").wait_for(state="attached")
    page.check("#q-anteil_mh-1")
    page.check("#" + option_id(form, "mitarbeitende_mh", "nein"))
    assert not visible(page, "#q-anteil_mh") and not page.is_checked("#q-anteil_mh-1")
    live.filter(has_text="Entfallene Fragen: 6").wait_for(state="attached")
    assert page.evaluate("window.samePage === true")  # no reload
    submit(page)

    # Page 5: a filter behind a filter; switching the first off clears both.
    while page_number(page) != 5:
        submit(page)
    page.check("#" + option_id(form, "beteiligung_lip2008", "ja"))
    page.check("#" + option_id(form, "controlling_bekannt", "ja"))
    page.check("#q-controlling_unterstuetzung-2")
    page.check("#" + option_id(form, "beteiligung_lip2008", "nein"))
    assert not visible(page, "#q-controlling_bekannt")
    assert not visible(page, "#q-controlling_unterstuetzung")
    assert not page.is_checked("#q-controlling_unterstuetzung-2")
    while page_number(page) is not None:
        submit(page)
    (stored,) = Response.objects.all()
    assert stored.answers["einfluss_vielfalt"] == "k_a"
    assert stored.answers["mitarbeitende_mh"] == "nein"
    assert stored.answers["fachbereich"] == "51"
    hidden = {"einfluss_themen", "anteil_mh", "controlling_bekannt", "controlling_unterstuetzung"}
    assert not hidden & set(stored.answers)


@pytest.mark.page_only
def test_exclusive_options_untick_each_other(live_survey, page):
    form = online_form(live_survey)
    answers = plan(form, random.Random(1))
    start(page, live_survey)
    while page_number(page) != 3:
        fill_page(page, form, answers)
        submit(page)
    ids = {c: option_id(form, "hindernisse", c) for c in ("personal", "finanzen")}
    none = option_id(form, "hindernisse", "keine_hindernisse")
    assert page.get_attribute(f"#{none}", "data-exclusive") == "1"
    page.check(f"#{ids['personal']}")
    page.check(f"#{ids['finanzen']}")
    page.check(f"#{none}")
    assert not page.is_checked(f"#{ids['personal']}")
    assert not page.is_checked(f"#{ids['finanzen']}")
    page.locator("#live-region").filter(has_text="Abgewählt").wait_for(state="attached")
    page.check(f"#{ids['finanzen']}")
    assert not page.is_checked(f"#{none}")
    assert page.is_checked(f"#{ids['finanzen']}")
    # The other exclusive question on the page: two exclusive options exclude each other too.
    nein, bekannt = (option_id(form, "leitbild", c) for c in ("nein", "nicht_bekannt"))
    page.check(f"#{nein}")
    page.check(f"#{bekannt}")
    assert not page.is_checked(f"#{nein}")
    fill_page(
        page, form, {k: v for k, v in answers.items() if k not in ("hindernisse", "leitbild")}
    )
    submit(page)
    assert page_number(page) == 4  # the server took the page


# -- without JavaScript ---------------------------------------------------------------------------


def test_the_survey_works_without_javascript(live_survey, chromium):
    form = online_form(live_survey)
    answers = everything_shown(form)
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    start(page, live_survey)
    notices = 0
    while (number := page_number(page)) is not None:
        fill_page(page, form, answers, only_visible=True)
        submit(page)
        if page_number(page) == number:  # switched-on questions come back on the same page
            assert "weitere Fragen" in page.locator(".notice").text_content()
            assert not page.locator("#error-summary").count()
            notices += 1
    context.close()
    assert notices >= 3  # pages 2, 3, 4 and 5 have filters switched on by their own answers
    (stored,) = Response.objects.all()
    assert stored.answers == answers


# -- session time-out -----------------------------------------------------------------------------


@pytest.mark.page_only
def test_the_time_out_warning_renews_the_page(live_survey, page, settings):
    """A page open longer than SESSION_MINUTES is refused; the warning (halfway through this
    24-second session) renews it, and the page can still be sent after the first expiry.

    The session is long enough that the accessibility check of the open warning and the
    renewal fit into its second half on a busy machine (with 6 s the renewal sometimes came
    after the first signature had expired, and the server rightly refused it)."""
    session_seconds = 24
    form = online_form(live_survey)
    settings.SESSION_MINUTES = session_seconds / 60
    start(page, live_survey)
    loaded = time.monotonic()
    first_state = page.input_value('input[name="state"]')
    dialog = page.get_by_role("alertdialog")
    dialog.wait_for(state="visible", timeout=(session_seconds + 10) * 1000)
    assert time.monotonic() - loaded > session_seconds / 2 - 1  # not at once: halfway
    assert "läuft in" in dialog.text_content()
    assert page.evaluate("document.activeElement.textContent") == "Sitzung verlängern"
    assert not violations(page, "time-out warning")
    page.keyboard.press("Enter")
    dialog.wait_for(state="hidden")
    assert page.input_value('input[name="state"]') != first_state
    page.locator("#live-region").filter(has_text="weitere").wait_for(state="attached")
    fill_page(page, form, plan(form, random.Random(3)))
    # the first signature has expired
    time.sleep(max(0.0, loaded + session_seconds + 0.5 - time.monotonic()))
    submit(page)
    assert page_number(page) == 2
    # The page as first signed is refused by now: the renewal is what kept it alive.
    token = page.input_value('input[name="csrfmiddlewaretoken"]')
    refused = page.request.post(
        live_survey.url,
        form={"action": "next", "state": first_state, "csrfmiddlewaretoken": token},
    )
    assert refused.status == 400 and "zu lange geöffnet" in refused.text()


# -- end to end: 30 respondents through the browser, then the analysis ----------------------------

RESPONDENTS = 30


def test_thirty_respondents_come_out_of_the_analysis_as_entered(
    live_survey, chromium, settings, tmp_path, django_user_model
):
    """Thirty seeded random paths through the demo's filters, each answered in its own browser
    context; the stored answers are exactly those entered; the team's study-folder export,
    read back as `lipkit analyze` reads it, gives the counts of what was entered."""
    import io
    import zipfile

    from django.test import Client

    from lipkit.analysis.engine import analyze
    from lipkit.data.io import read_responses
    from lipkit.study.folder import load_study

    settings.RATE_LIMIT_PER_HOUR = 0  # thirty submissions from one address
    form = online_form(live_survey)
    plans = [plan(form, random.Random(100 + i), skip=0.15) for i in range(RESPONDENTS)]
    for answers in plans:
        context = chromium.new_context(locale="de-DE")
        page = context.new_page()
        start(page, live_survey)
        walk(page, form, answers, fast=True)
        context.close()
    assert stored_answers() == sorted(json.dumps(a, sort_keys=True) for a in plans)

    from lipkit.survey.services import roles

    owner = django_user_model.objects.create_user("team", password="x" * 20)
    roles.grant(live_survey, owner, roles.OWNER)  # raw exports are for owners
    team = Client()
    team.force_login(owner)
    export = team.get(f"/team/{live_survey.slug}/export/zip/")
    assert export.status_code == 200, export
    zipfile.ZipFile(
        io.BytesIO(b"".join(export.streaming_content if export.streaming else [export.content]))
    ).extractall(tmp_path)
    folder = next(p.parent for p in tmp_path.rglob("study.yaml"))
    study = load_study(folder)
    read = read_responses(folder / "responses.csv", study.questionnaire, study.org)
    assert not read.issues and read.frame.height == RESPONDENTS
    analysis = analyze(with_k(study, 1), read.frame)
    counts = {
        (row["question"], row["option"]): row["count"]
        for row in analysis.results.filter(analysis.results["group"].is_null()).iter_rows(
            named=True
        )
    }
    states = {
        row["question"]: row
        for row in analysis.questions.filter(analysis.questions["group"].is_null()).iter_rows(
            named=True
        )
    }
    for q in form.asked:
        missing = set(form.questionnaire.missing_codes(q)) if q.list_name else set()
        given = [a[q.name] for a in plans if q.name in a]
        shown = sum(form.shown(q, a) for a in plans)
        state = states[q.name]
        assert state["n_not_shown"] == RESPONDENTS - shown, q.name
        assert state["n_skipped"] == shown - len(given), q.name
        no_answer = sum(1 for v in given if missing & set(v if isinstance(v, list) else [v]))
        answered = (state["n_answered"], state["n_no_answer"])
        assert answered == (len(given) - no_answer, no_answer), q.name
        if not q.list_name:
            continue
        entered = Counter(c for v in given for c in (v if isinstance(v, list) else [v]))
        for option in form.questionnaire.choice_list(q).names():
            if (q.name, option) in counts:
                assert counts[q.name, option] == entered[option], (q.name, option)
            else:
                assert entered[option] == 0 or option in missing, (q.name, option)


# -- the team's pages ---------------------------------------------------------------------------


@pytest.mark.page_only
def test_team_pages_pass_axe_and_fit_a_phone(live_survey, chromium, django_user_model):
    """The evaluation team's pages (list, detail, preview, invitations, dashboard with
    results, password) have no WCAG 2.1 A/AA violation and reflow without sideways
    scrolling, at desktop width and on a phone."""
    import uuid

    form = online_form(live_survey)
    Response.objects.bulk_create(
        Response(
            id=uuid.uuid4(),
            survey=live_survey,
            answers=plan(form, random.Random(200 + i), skip=0.1),
            language="de",
        )
        for i in range(12)
    )
    from lipkit.survey.services import roles
    from lipkit.survey.services.exports import write_export

    owner = django_user_model.objects.create_user("team", password="Auswertung-2026!")
    reader = django_user_model.objects.create_user("leserin", password="Ergebnisse-2026!")
    roles.grant(live_survey, owner, roles.OWNER)
    roles.grant(live_survey, reader, roles.READER)
    write_export(live_survey, "csv", Path(tempfile.mkdtemp()), user=owner)  # a logged export
    # The dashboard's numbers are computed once per snapshot, with the suppressions every
    # output shares (secure: an LP audit, seconds on a busy machine); computed here first, so
    # that this test of the pages' accessibility does not time out on that first view. (The
    # first view's time is printed by test_survey_team_results.)
    from lipkit.survey import selectors
    from lipkit.survey.services import snapshots

    selectors.dashboard(live_survey, snapshots.current(live_survey).response_ids)
    slug = live_survey.slug
    owner_paths = {
        "home": "/team/",
        "detail": f"/team/{slug}/",
        "preview": f"/team/{slug}/vorschau/",
        "invitations": f"/team/{slug}/einladungen/",
        "dashboard": f"/team/{slug}/ergebnisse/",
        "roles": f"/team/{slug}/rollen/",
        "texts": f"/team/{slug}/texte/",
        "create": "/team/neu/",
        "password": "/team/passwort/",
    }
    reader_paths = {
        "reader home": "/team/",
        "reader dashboard": f"/team/{slug}/ergebnisse/",
        "reader forbidden": f"/team/{slug}/",
    }
    problems: list[str] = []
    folder = os.environ.get("LIPKIT_SCREENSHOTS")
    for screen, options in {
        "desktop": {"viewport": {"width": 1280, "height": 900}},
        "phone": SCREENS["phone"],
    }.items():
        for user, password, paths in (
            ("team", "Auswertung-2026!", owner_paths),
            ("leserin", "Ergebnisse-2026!", reader_paths),
        ):
            context = chromium.new_context(locale="de-DE", **options)
            page = context.new_page()
            page.goto(live_survey.base + "/team/login/")
            page.fill("#id_username", user)
            page.fill("#id_password", password)
            page.get_by_role("button", name="Anmelden").click()
            page.wait_for_url("**/team/")
            for label, path in paths.items():
                page.goto(live_survey.base + path)
                assert page.url.endswith(path), (label, page.url)
                check_team_page(page, screen, label, problems, folder)
            context.close()
    # Five failed logins: the lock page, in German and English (last: it locks this address).
    for screen, options in {
        "desktop": {"viewport": {"width": 1280, "height": 900}},
        "phone": SCREENS["phone"],
    }.items():
        context = chromium.new_context(locale="de-DE", **options)
        page = context.new_page()
        for _ in range(5 if screen == "desktop" else 1):
            page.goto(live_survey.base + "/team/login/")
            page.fill("#id_username", "niemand")
            page.fill("#id_password", "falsch")
            with page.expect_navigation():
                page.get_by_role("button", name="Anmelden").click()
        assert "Anmeldung vorübergehend gesperrt" in page.content()
        check_team_page(page, screen, "login locked", problems, folder)
        context.close()
    assert not problems, "\n".join(problems)


def check_team_page(page, screen: str, label: str, problems: list[str], folder) -> None:
    if folder:
        name = re.sub(r"\W+", "-", label)
        page.screenshot(path=f"{folder}/team-{screen}-{name}.png", full_page=True)
    if screen == "desktop":
        problems.extend(violations(page, label))
    # Against the screen's width: a phone's browser widens its window to a page that is wider.
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > page.viewport_size["width"]:
        problems.append(
            f"{screen} {label}: {width} px wide on a {page.viewport_size['width']} px screen"
        )
