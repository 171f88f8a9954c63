"""The evaluation team's pages (behind login). Built out in views/team_*.py."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path

from lipkit.survey.selectors_roles import READER, visible_surveys
from lipkit.survey.services import snapshots


@login_required
def home(request):
    surveys = visible_surveys(request.user)
    for survey in surveys:
        if survey.role == READER:  # who sees only the dashboard sees only its count
            survey.n_responses = len(snapshots.current(survey).response_ids)
    return render(request, "survey/team/home.html", {"surveys": surveys})


urlpatterns = [
    path(
        "team/login/",
        auth_views.LoginView.as_view(template_name="survey/team/login.html"),
        name="login",
    ),
    path("team/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("team/", home, name="team-home"),
    path(
        "team/passwort/",
        auth_views.PasswordChangeView.as_view(
            template_name="survey/team/password.html", success_url="/team/passwort/geaendert/"
        ),
        name="password-change",
    ),
    path(
        "team/passwort/geaendert/",
        auth_views.PasswordChangeDoneView.as_view(template_name="survey/team/password_done.html"),
        name="password-done",
    ),
]
