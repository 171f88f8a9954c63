"""The pages a German public body must show respondents besides the questionnaire, linked
in the footer of every respondent page: the privacy statement (Datenschutzerklärung), the
imprint (Impressum), the accessibility statement (Erklärung zur Barrierefreiheit, BITV 2.0);
and the page for an address that does not exist (404). German, or English with ``?lang=en``.

Their content comes from the survey's settings ("Texte für Befragte", team side), with
default texts where the team has written nothing.
"""

from __future__ import annotations

import re

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.views.decorators.http import require_GET

from lipkit.survey import selectors_respondent
from lipkit.survey.models import Survey
from lipkit.survey.texts import TEXTS

_SURVEY_PATH = re.compile(r"^/s/([^/]+)/")


def _language(request: HttpRequest) -> str:
    return "en" if request.GET.get("lang") == "en" else "de"


def _context(survey: Survey | None, language: str) -> dict:
    return {"survey": survey, "t": TEXTS[language], "lang": language}


@require_GET
def statement(request: HttpRequest, link: str, info: str) -> HttpResponse:
    """One of the three statements (``info``: privacy, imprint, accessibility)."""
    survey = get_object_or_404(Survey.objects.defer("study"), link=link)
    language = _language(request)
    context = _context(survey, language) | {"info": info}
    if info == "privacy":
        context["facts"] = selectors_respondent.privacy_facts(survey)
    return render(request, f"survey/info/{info}.{language}.html", context)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Django's 404 handler: German, or English with ``?lang=en``; under ``/s/<link>/`` of
    a survey, with that survey's footer."""
    found = _SURVEY_PATH.match(request.path)
    survey = Survey.objects.defer("study").filter(link=found.group(1)).first() if found else None
    language = _language(request)
    return render(request, "survey/not_found.html", _context(survey, language), status=404)


urlpatterns = [
    path(f"s/<str:link>/{slug}/", statement, {"info": info}, name=info)
    for slug, info in (
        ("datenschutz", "privacy"),
        ("impressum", "imprint"),
        ("barrierefreiheit", "accessibility"),
    )
]
