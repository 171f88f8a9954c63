"""The questionnaire as respondents see it: start, pages, save for later, send, thank you.

One URL per survey (``/s/<link>/``); the respondent's progress travels in the page as a
sealed state (``lipkit.survey.state``), so pages cost no database writes and the form works
without JavaScript. The views only move values between HTTP and ``form`` / ``services``.
"""

from __future__ import annotations

import json
from datetime import date

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from lipkit.study.model import QuestionType, label_text
from lipkit.survey import ratelimit, selectors_respondent
from lipkit.survey.form import OnlineForm, Page
from lipkit.survey.models import Survey
from lipkit.survey.services import submissions, surveys
from lipkit.survey.services.surveys import is_open, normalise_code, online_form
from lipkit.survey.state import Expired, Invalid, State
from lipkit.survey.texts import TEXTS

LANGUAGES = ("de", "en")


def _language(request: HttpRequest, form: OnlineForm | None = None) -> str:
    wanted = request.GET.get("lang") or request.POST.get("lang") or "de"
    languages = form.questionnaire.languages if form else LANGUAGES
    return wanted if wanted in LANGUAGES and wanted in languages else "de"


def _closed(request: HttpRequest, survey: Survey, language: str) -> HttpResponse:
    """Not open: not yet (with the first day), closed (with the last day), or a draft."""
    # What still waits for a batch is written now (closed, or past its closing day).
    submissions.release(survey)
    availability = surveys.availability(survey)
    # The last day only where it has passed: a survey closed early ended before it.
    passed = survey.closes_on if survey.closes_on and survey.closes_on < date.today() else None
    context = _base_context(survey, language) | {
        "availability": availability,
        "opens_on": _day(survey.opens_on, language),
        "ended_on": _day(passed, language),
    }
    status = 410 if availability == "closed" else 404
    return render(request, "survey/closed.html", context, status=status)


def _day(day, language: str) -> str:
    return "" if day is None else day.strftime("%d.%m.%Y" if language == "de" else "%Y-%m-%d")


@require_http_methods(["GET", "POST"])
def questionnaire(request: HttpRequest, link: str) -> HttpResponse:
    # The study (the questionnaire as JSON) is read only when its parsed form is not cached.
    survey = get_object_or_404(Survey.objects.defer("study"), link=link)
    form = online_form(survey)
    if request.method == "GET":
        language = _language(request, form)
        if not is_open(survey):
            return _closed(request, survey, language)
        token = request.GET.get("t", "")
        if not survey.open_link and not (token and submissions.invitation_usable(survey, token)):
            return _refused(request, survey, form, language, token)
        return _start(request, survey, form, language, token)

    action = request.POST.get("action", "")
    if action == "start":
        language = _language(request, form)
        if not is_open(survey):
            return _closed(request, survey, language)
        token = request.POST.get("t", "")
        invitation = submissions.usable_invitation(survey, token) if token else None
        if (token and invitation is None) or not (token or survey.open_link):
            return _refused(request, survey, form, language, token)
        if not token and not ratelimit.allowed(request, survey):
            return _too_many(request, survey, language)
        state = State(survey=survey.pk, version=survey.version, language=language)
        state.invitation = invitation
        return _page(request, survey, form, state, _first_page(form, state))

    try:
        state = State.load(request.POST.get("state", ""))
    except Expired:
        language = _language(request, form)
        return _start(request, survey, form, language, "", status=400, expired=True)
    except Invalid:
        return HttpResponse("Ungültige Anfrage / invalid request", status=400)
    if state.survey != survey.pk or state.version != survey.version:
        return HttpResponse("Ungültige Anfrage / invalid request", status=400)
    if not is_open(survey):
        return _closed(request, survey, state.language)

    page = _page_at(form, state.page)
    raw = {q.name: request.POST.getlist(q.name) for q in page.questions}
    seen = set(request.POST.getlist("_shown"))
    checked = form.read_page(page, raw, state.answers, seen, state.language)
    answers = {k: v for k, v in state.answers.items() if k not in {q.name for q in page.questions}}
    answers.update(checked.answers)
    # Answers on other pages whose filter this page has switched off go, as in the browser.
    answers = state.answers = form.without_hidden(answers)

    if action == "back":
        previous = _step(form, state, page.number, -1)
        return _page(request, survey, form, state, previous or page)
    if action == "save":
        return _saved(request, survey, state)
    if checked.errors:
        return _page(request, survey, form, state, page, errors=checked.errors, typed=checked.typed)
    appeared = [
        q.name
        for q in page.questions
        if q.name not in seen
        and q.name not in answers
        and form.shown(q, answers)
        and q.type != QuestionType.NOTE
    ]
    if appeared:
        # Questions that the answers on this page have just switched on (without JavaScript
        # the respondent could not see them yet): show the page again with them.
        return _page(request, survey, form, state, page, appeared=appeared)
    following = _step(form, state, page.number, +1)
    if following is not None:
        return _page(request, survey, form, state, following)
    if (
        not state.invitation
        and not ratelimit.allowed(request, survey)
        and not submissions.already_sent(state)
    ):
        # The limit was reached while this questionnaire was being answered: nothing is
        # thrown away; the answers are kept to be sent later with the resume code.
        return _saved(request, survey, state, status=429, too_many=True)
    try:
        stored = submissions.submit(survey, state)
    except submissions.Refused as refused:
        first = min(
            (p for p in form.pages if any(q.name in refused.errors for q in p.questions)),
            key=lambda p: p.number,
        )
        return _page(request, survey, form, state, first, errors=refused.errors)
    except submissions.AlreadyUsed:
        context = _base_context(survey, state.language) | {"used": True}
        return render(request, "survey/closed.html", context, status=409)
    if stored and not state.invitation:
        ratelimit.count(request, survey)
    # 303: the browser fetches the thank-you page with GET, and reloading it sends nothing.
    done = HttpResponseRedirect(
        reverse("survey:thanks", args=[survey.link]) + f"?lang={state.language}"
    )
    done.status_code = 303
    return done


def thanks(request: HttpRequest, link: str) -> HttpResponse:
    survey = get_object_or_404(Survey, link=link)
    language = _language(request)
    return render(request, "survey/thanks.html", _base_context(survey, language))


@require_http_methods(["POST"])
def resume(request: HttpRequest, link: str) -> HttpResponse:
    """Go on with saved answers: the resume code, and for an invitation the personal link
    again (the draft holds nothing that names the invitation)."""
    survey = get_object_or_404(Survey, link=link)
    form = online_form(survey)
    language = _language(request, form)
    if not is_open(survey):
        return _closed(request, survey, language)
    token = request.POST.get("t", "")
    code = normalise_code(request.POST.get("code", ""))
    saved = submissions.load_draft(survey, code) if code else None
    if saved is None:
        return _start(request, survey, form, language, token, status=404, unknown_code=True)
    if saved["version"] != survey.version:
        return _start(request, survey, form, language, token, status=409, changed=True)
    invitation = submissions.usable_invitation(survey, token) if token else None
    if token and invitation is None:
        return _refused(request, survey, form, language, token)
    if not token and not survey.open_link:
        return _start(request, survey, form, language, "", status=403, link_needed=True)
    if not token and not ratelimit.allowed(request, survey):
        return _too_many(request, survey, language)
    state = State(
        survey=survey.pk,
        version=survey.version,
        page=saved["page"],
        answers=saved["answers"],
        language=saved["language"],
        invitation=invitation,
        draft=code,
    )
    return _page(request, survey, form, state, _page_at(form, state.page))


@require_http_methods(["POST"])
def renew(request: HttpRequest, link: str) -> HttpResponse:
    """A fresh seal for a page that is still open (the time-out warning's button) — not for a
    session whose questionnaire has been sent, nor one whose invitation has been used."""
    survey = get_object_or_404(Survey, link=link)
    try:
        state = State.load(request.POST.get("state", ""))
    except (Expired, Invalid):
        return HttpResponse(status=400)
    if state.survey != survey.pk or submissions.already_sent(state):
        return HttpResponse(status=400)
    if state.invitation and submissions.is_used(state.invitation):
        return HttpResponse(status=400)
    return HttpResponse(json.dumps({"state": state.seal()}), content_type="application/json")


# -- helpers ---------------------------------------------------------------------------------
def _base_context(survey: Survey, language: str) -> dict:
    return {"survey": survey, "t": TEXTS[language], "lang": language}


def _start(request, survey, form, language, token, *, status=200, **flags) -> HttpResponse:
    # An English page without an English introduction shows the German one, marked German.
    english = survey.introduction_en.strip() if language == "en" else ""
    context = _base_context(survey, language) | {
        "token": token,
        "languages": [lang for lang in LANGUAGES if lang in form.questionnaire.languages],
        "pages": len(form.pages),
        "introduction": english or survey.introduction.strip(),
        "introduction_lang": "en" if english else "de",  # WCAG 3.1.2, language of parts
        "minutes": selectors_respondent.estimated_minutes(survey),
        "closes_on": _day(survey.closes_on, language),
        **flags,
    }
    return render(request, "survey/start.html", context, status=status)


def _refused(request, survey, form, language, token) -> HttpResponse:
    """An invitation link that cannot be used: already used, unknown (or replaced by a
    reminder's), or none where the survey takes invitations only."""
    refused = selectors_respondent.invitation_state(survey, token) if token else "no_token"
    return _start(request, survey, form, language, token, status=403, refused=refused)


def _too_many(request, survey, language) -> HttpResponse:
    return render(request, "survey/too_many.html", _base_context(survey, language), status=429)


def _saved(request, survey, state, *, status=200, too_many=False) -> HttpResponse:
    code = submissions.save_draft(survey, state)
    context = _base_context(survey, state.language) | {
        "code": submissions.format_code(code),
        "invited": bool(state.invitation),
        "too_many": too_many,
        "draft_days": settings.DRAFT_DAYS,
    }
    return render(request, "survey/saved.html", context, status=status)


def _page_at(form: OnlineForm, number: int) -> Page:
    return form.pages[max(1, min(number, len(form.pages))) - 1]


def _has_visible(form: OnlineForm, page: Page, answers: dict) -> bool:
    return any(form.shown(q, answers) for q in page.questions if q.type != QuestionType.NOTE)


def _first_page(form: OnlineForm, state: State) -> Page:
    return next((p for p in form.pages if _has_visible(form, p, state.answers)), form.pages[0])


def _step(form: OnlineForm, state: State, number: int, direction: int) -> Page | None:
    """The next (or previous) page with at least one question this respondent sees."""
    n = number + direction
    while 1 <= n <= len(form.pages):
        page = form.pages[n - 1]
        if _has_visible(form, page, state.answers):
            return page
        n += direction
    return None


def _page(
    request, survey, form, state, page, *, errors=None, appeared=(), typed=None
) -> HttpResponse:
    from lipkit.survey.presenters import page_items

    state.page = page.number
    errors = errors or {}
    language = state.language
    items = page_items(form, page, state.answers, errors, language, typed)
    last = _step(form, state, page.number, +1) is None
    context = _base_context(survey, language) | {
        "state": state.seal(),
        "page": page,
        "page_title": form.label(page.title, language),
        "items": items,
        "errors": [i for i in _flat(items) if i.get("error")],
        "appeared": bool(appeared),
        "number": page.number,
        "total": len(form.pages),
        "first": _step(form, state, page.number, -1) is None,
        "last": last,
        "session_minutes": _session_minutes(),
        "logic": _logic_data(form, page, state.answers),
    }
    return render(request, "survey/page.html", context, status=200)


def _logic_data(form: OnlineForm, page: Page, answers: dict) -> dict:
    """What the browser's ``static/survey/logic.js`` needs besides the page's own fields: the
    type of every question the page's filters read (a ``select_multiple`` with its choices in
    list order) and the answers of the other pages to those questions (as in the state)."""
    from lipkit.study.expressions import references

    on_page = {q.name for q in page.questions}
    names = set(on_page)
    for item in page.items:
        for name in [item.matrix.name] if item.matrix is not None else []:
            names.update(*(references(node) for node, _ in form.logic.relevance(name)))
        for q in item.questions:
            names.update(*(references(node) for node, _ in form.logic.relevance(q.name)))
            for field in ("constraint", "choice_filter"):
                node = form.logic.expression(q.name, field)
                names.update(references(node) if node is not None else ())
    by_name = {q.name: q for q in form.questionnaire.questions()}
    questions = {}
    for name in sorted(names):
        q = by_name[name]
        spec: dict[str, object] = {"type": q.type.value}
        if q.type == QuestionType.SELECT_MULTIPLE:
            spec["choices"] = form.questionnaire.choice_list(q).names()
        if q.list_name and q.type in (QuestionType.SELECT_ONE, QuestionType.SELECT_MULTIPLE):
            spec["labels"] = {
                c.name: label_text(c.label, fallback=c.name)
                for c in form.questionnaire.choice_list(q).choices
            }
        questions[name] = spec
    earlier = {n: answers[n] for n in sorted(names - on_page) if answers.get(n) is not None}
    # today() as the server reads it, so that the page and the server's check agree.
    return {"questions": questions, "answers": earlier, "today": date.today().isoformat()}


def _flat(items: list[dict]) -> list[dict]:
    out: list[dict] = []
    for item in items:
        out.extend(item["rows"] if item["kind"] == "matrix" else [item])
    return out


def _session_minutes() -> int:
    return settings.SESSION_MINUTES
