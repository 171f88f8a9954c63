"""What respondents are shown besides the questions (owners only): the introduction, the
estimated time, and the facts of the privacy statement, the imprint and the accessibility
statement (``views/respondent_info.py`` shows them)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods

from lipkit import catalogue
from lipkit.survey import selectors_respondent
from lipkit.survey.forms import RespondentTextsForm
from lipkit.survey.models import TEXT_FIELDS, Survey
from lipkit.survey.selectors_roles import OWNER
from lipkit.survey.services import setup
from lipkit.survey.views.access import survey_view
from lipkit.survey.views.team_manage import see_other


@require_http_methods(["GET", "POST"])
@survey_view(OWNER)
def texts(request: HttpRequest, survey: Survey) -> HttpResponse:
    if request.method == "POST":
        form = RespondentTextsForm(request.POST, instance=survey)
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in TEXT_FIELDS}
            if setup.update_texts(survey, values):
                messages.success(request, catalogue.text("team_page.texts_saved"))
            else:
                messages.info(request, catalogue.text("team_msg.nothing_changed"))
            return see_other(reverse("survey:team-texts", args=[survey.slug]))
        return _page(request, survey, form, status=400)
    return _page(request, survey, RespondentTextsForm(instance=survey))


def _page(request, survey: Survey, form: RespondentTextsForm, *, status: int = 200):
    pages = [
        ("privacy", catalogue.text("team_page.privacy")),
        ("imprint", catalogue.text("team_page.imprint")),
        ("accessibility", catalogue.text("team_page.accessibility")),
    ]
    context = {
        "survey": survey,
        "form": form,
        "estimate": selectors_respondent.estimated_minutes(survey),
        "pages": [
            {"name": name, "url": reverse(f"survey:{key}", args=[survey.link])}
            for key, name in pages
        ],
    }
    return render(request, "survey/team/texts.html", context, status=status)


urlpatterns = [path("team/<slug:slug>/texte/", texts, name="team-texts")]
