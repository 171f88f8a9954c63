"""Who may open a team page of a survey. Every view of ``team/<slug>/…`` is wrapped in
:func:`survey_view` with the role it needs:

- no login: the login page (Django's ``login_required``);
- a login without a role on the survey: 404, as for a survey that does not exist (a
  colleague learns nothing about surveys that are not theirs, not even their names);
- a reader on a page for owners: 403 with a short page that names no data;
- otherwise the view is called with the survey (and ``request.survey_role``).
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest
from django.shortcuts import render

from lipkit.survey.models import Survey
from lipkit.survey.selectors_roles import OWNER, READER, role_of

ALLOWED = {OWNER: {OWNER}, READER: {OWNER, READER}}


def survey_view(needed: str, *, defer_study: bool = False):
    """Decorate a view ``(request, survey, …)`` reached as ``(request, slug, …)``."""

    def decorate(view):
        @wraps(view)
        def wrapped(request: HttpRequest, slug: str, *args, **kwargs):
            surveys = Survey.objects.defer("study") if defer_study else Survey.objects
            survey = surveys.filter(slug=slug).first()
            role = role_of(request.user, survey) if survey is not None else None
            if role is None:
                raise Http404("no such survey for this login")
            if role not in ALLOWED[needed]:
                return render(request, "survey/team/forbidden.html", status=403)
            request.survey_role = role
            return view(request, survey, *args, **kwargs)

        wrapped.__dict__["survey_role_needed"] = needed  # read by the test of every team URL
        return login_required(wrapped)

    return decorate
