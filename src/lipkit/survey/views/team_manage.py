"""The evaluation team's management pages (behind login): create a survey from an upload,
set it up and open or close it, preview the questionnaire, send invitations and reminders.
Creating is open to every login (who becomes the survey's owner); everything else is for the
survey's owners (``views/access.py``).

Views only move values between HTTP and ``forms`` / ``services`` / ``selectors_manage``.
Every POST answers with a 303 redirect and a message (or the form again with its errors).
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods

from lipkit import catalogue
from lipkit.study.xlsform import LANGUAGE_NAMES
from lipkit.survey import selectors_manage
from lipkit.survey.forms import CreateForm, InvitationForm, SettingsForm
from lipkit.survey.models import Survey
from lipkit.survey.selectors_roles import OWNER
from lipkit.survey.services import invitations as invitation_service
from lipkit.survey.services import setup
from lipkit.survey.services.exports import FORMAT_NAMES
from lipkit.survey.services.surveys import close_survey, is_open, online_form, open_survey
from lipkit.survey.views.access import survey_view

MAX_LISTED = 30  # invalid lines or refused addresses named one by one in a message


def see_other(url: str) -> HttpResponseRedirect:
    """The answer to a POST that worked: 303, so reloading the page sends nothing twice."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


# -- create --------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    form = CreateForm(request.POST, request.FILES) if request.method == "POST" else CreateForm()
    if form.is_bound and form.is_valid():
        file = form.cleaned_data["file"]
        upload = setup.Upload(
            name=file.name, content_type=file.content_type or "", data=file.read()
        )
        try:
            survey = setup.survey_from_upload(
                upload, title=form.cleaned_data["title"], owner=request.user
            )
        except setup.UploadRefused as refused:
            form.add_error("file", str(refused))
        else:
            messages.success(
                request,
                catalogue.text("team_msg.created", title=survey.title),
            )
            return see_other(reverse("survey:team-detail", args=[survey.slug]))
    status = 400 if request.method == "POST" else 200
    return render(request, "survey/team/create.html", {"form": form}, status=status)


# -- one survey ----------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
@survey_view(OWNER)
def detail(request: HttpRequest, survey: Survey) -> HttpResponse:
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "open":
            open_survey(survey)
            messages.success(request, catalogue.text("team_msg.opened"))
        elif action == "close":
            close_survey(survey)
            messages.success(request, catalogue.text("team_msg.closed"))
        elif action == "new_wave":
            from lipkit.survey.services.waves import WaveRefused, new_wave

            try:
                wave = new_wave(
                    survey, label=request.POST.get("wave_label", ""), owner=request.user
                )
            except WaveRefused as refused:
                messages.error(request, str(refused))
            else:
                messages.success(
                    request,
                    catalogue.text("team_msg.wave_created", label=wave.wave_label),
                )
                return see_other(reverse("survey:team-detail", args=[wave.slug]))
        elif action == "settings":
            form = SettingsForm(request.POST, fixed=survey.anonymity_fixed)
            if not form.is_valid():
                return _detail(request, survey, form, status=400)
            change = setup.update_settings(
                survey,
                opens_on=form.cleaned_data["opens_on"],
                closes_on=form.cleaned_data["closes_on"],
                open_link=form.cleaned_data["open_link"],
                date_policy=form.date_policy_requested(),
            )
            if change.date_policy_refused:
                messages.warning(
                    request,
                    catalogue.text("team_msg.date_policy_fixed"),
                )
            if change.changed:
                messages.success(request, catalogue.text("team_msg.settings_saved"))
            elif not change.date_policy_refused:
                messages.info(request, catalogue.text("team_msg.nothing_changed"))
        else:
            messages.error(request, catalogue.text("team_msg.unknown_action"))
        return see_other(reverse("survey:team-detail", args=[survey.slug]))
    return _detail(request, survey)


def _detail(request, survey: Survey, form: SettingsForm | None = None, *, status=200):
    online = online_form(survey)
    link = request.build_absolute_uri(reverse("survey:questionnaire", args=[survey.link]))
    languages = [lang for lang in ("de", "en") if lang in online.questionnaire.languages]
    if form is None:
        form = SettingsForm(
            initial={
                "opens_on": survey.opens_on,
                "closes_on": survey.closes_on,
                "date_policy": survey.date_policy,
                "open_link": survey.open_link,
            },
            fixed=survey.anonymity_fixed,
        )
    context = {
        "survey": survey,
        "form": form,
        "reachable": is_open(survey),
        "not_yet": bool(survey.opens_on and date.today() < survey.opens_on),
        "over": bool(survey.closes_on and date.today() > survey.closes_on),
        "links": [
            {
                "code": lang,
                "name": language_name(lang),
                "url": link if lang == "de" else f"{link}?lang={lang}",
            }
            for lang in languages
        ],
        "questions": len(online.asked),
        "pages": len(online.pages),
        "numbers": selectors_manage.survey_numbers(survey),
        "results_url": reverse("survey:team-dashboard", args=[survey.slug]),
        "exports": [
            {"label": label, "url": reverse("survey:team-export", args=[survey.slug, fmt])}
            for fmt, label in FORMAT_NAMES.items()
        ],
        "export_records": [
            {
                "at": r.at,
                "username": r.username,
                "format": FORMAT_NAMES.get(r.format, r.format),
                "rows": r.rows,
            }
            for r in selectors_manage.export_records(survey)
        ],
        "texts_missing": selectors_manage.missing_texts(survey),
    }
    return render(request, "survey/team/detail.html", context, status=status)


def language_name(code: str) -> str:
    """A survey language by its own name (``autonym.<code>`` of the catalogue), else its code."""
    return LANGUAGE_NAMES.get(code, code)


@require_http_methods(["GET"])
@survey_view(OWNER)
def preview(request: HttpRequest, survey: Survey) -> HttpResponse:
    from lipkit.survey.texts import TEXTS

    online = online_form(survey)
    languages = [lang for lang in ("de", "en") if lang in online.questionnaire.languages]
    language = request.GET.get("lang", "de")
    if language not in languages:
        language = languages[0] if languages else "de"
    context = {
        "survey": survey,
        "lang": language,
        "t": TEXTS.get(language, TEXTS["de"]),
        "languages": [{"code": c, "name": language_name(c)} for c in languages],
        "pages": selectors_manage.preview_pages(online, language),
        "total": len(online.pages),
    }
    return render(request, "survey/team/preview.html", context)


@require_http_methods(["GET", "POST"])
@survey_view(OWNER)
def invitations(request: HttpRequest, survey: Survey) -> HttpResponse:
    form = InvitationForm()
    if request.method == "POST":
        action = request.POST.get("action", "invite")
        if survey.status == Survey.Status.CLOSED:
            messages.error(request, catalogue.text("team_msg.closed_nothing_sent"))
        elif action == "remind":
            if not is_open(survey):
                messages.error(request, catalogue.text("team_msg.remind_not_open"))
            else:
                _report_reminders(request, invitation_service.remind(survey, _base_url(request)))
        elif action == "pending":
            outcome = invitation_service.send_pending(survey, _base_url(request))
            _report_sending(request, outcome.sent, outcome.refused, outcome.pending, outcome.error)
        else:
            form = InvitationForm(request.POST, request.FILES)
            if not form.is_valid():
                return _invitations(request, survey, form, status=400)
            result = invitation_service.invite(survey, form.valid_addresses, _base_url(request))
            _report_invitations(request, result, form.invalid_lines)
        return see_other(reverse("survey:team-invitations", args=[survey.slug]))
    return _invitations(request, survey, form)


def _invitations(request, survey: Survey, form: InvitationForm, *, status=200):
    context = {
        "survey": survey,
        "form": form,
        "counts": invitation_service.counts(survey),
        "invitations": selectors_manage.invitation_list(survey),
        "last_reminder": selectors_manage.last_reminder(survey),
        "reachable": is_open(survey),
        "closed": survey.status == Survey.Status.CLOSED,
    }
    return render(request, "survey/team/invitations.html", context, status=status)


def _report_invitations(request, result, invalid_lines) -> None:
    _report_sending(request, result.sent, result.refused, result.pending, result.error)
    if invalid_lines:
        listed = "; ".join(
            catalogue.text(
                "team_msg.invalid_line", source=line.source, number=line.number, text=line.text
            )
            for line in invalid_lines[:MAX_LISTED]
        )
        more = (
            catalogue.text("team_msg.and_more", n=len(invalid_lines) - MAX_LISTED)
            if len(invalid_lines) > MAX_LISTED
            else ""
        )
        messages.error(
            request,
            catalogue.text(
                "team_msg.invalid_lines_one"
                if len(invalid_lines) == 1
                else "team_msg.invalid_lines",
                n=len(invalid_lines),
                listed=listed,
                more=more,
            ),
        )
    if result.duplicates:
        messages.info(
            request,
            catalogue.text(
                "team_msg.duplicates_one" if result.duplicates == 1 else "team_msg.duplicates",
                n=result.duplicates,
            ),
        )


def _report_sending(request, sent, refused, pending, error) -> None:
    messages.success(
        request,
        catalogue.text(
            "team_msg.invitations_sent_one" if sent == 1 else "team_msg.invitations_sent", n=sent
        ),
    )
    waiting = catalogue.text("team_msg.pending_invitations", n=pending)
    _report_problems(request, refused, pending, error, waiting)


def _report_reminders(request, outcome) -> None:
    if not outcome.sent and not outcome.error and not outcome.refused:
        messages.info(
            request,
            catalogue.text("team_msg.no_reminder"),
        )
        return
    messages.success(
        request,
        catalogue.text(
            "team_msg.reminders_sent_one" if outcome.sent == 1 else "team_msg.reminders_sent",
            n=outcome.sent,
        ),
    )
    _report_problems(
        request,
        outcome.refused,
        outcome.pending,
        outcome.error,
        catalogue.text("team_msg.pending_reminders", n=outcome.pending),
    )


def _report_problems(request, refused, pending, error, waiting: str) -> None:
    """``waiting``: what is still to send, said when ``pending``."""
    if refused:
        addresses = ", ".join(refused[:MAX_LISTED])
        messages.error(request, catalogue.text("team_msg.refused", addresses=addresses))
    if error:
        messages.error(request, catalogue.text("team_msg.interrupted", error=error))
    if pending:
        messages.warning(request, waiting)


urlpatterns = [
    path("team/neu/", create, name="team-create"),
    path("team/<slug:slug>/", detail, name="team-detail"),
    path("team/<slug:slug>/vorschau/", preview, name="team-preview"),
    path("team/<slug:slug>/einladungen/", invitations, name="team-invitations"),
]
