"""The roles of a survey (owners only): add a colleague (an existing login, or a new one
with a first password), change or remove a role. A survey always keeps an owner."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods

from lipkit import catalogue
from lipkit.survey.forms import ColleagueForm
from lipkit.survey.models import Role, Survey
from lipkit.survey.selectors_roles import OWNER, survey_roles
from lipkit.survey.services import roles as role_service
from lipkit.survey.views.access import survey_view
from lipkit.survey.views.team_manage import see_other

KIND_NAMES = dict(Role.Kind.choices)


@require_http_methods(["GET", "POST"])
@survey_view(OWNER)
def roles(request: HttpRequest, survey: Survey) -> HttpResponse:
    form = ColleagueForm()
    if request.method == "POST":
        action = request.POST.get("action", "")
        here = reverse("survey:team-roles", args=[survey.slug])
        try:
            if action == "add":
                form = ColleagueForm(request.POST)
                if not form.is_valid():
                    return _page(request, survey, form, status=400)
                user, created = role_service.add_colleague(
                    survey,
                    form.cleaned_data["username"],
                    form.cleaned_data["kind"],
                    form.cleaned_data["password"],
                )
                kind = KIND_NAMES[form.cleaned_data["kind"]]
                messages.success(
                    request,
                    catalogue.text(
                        "team_page.role_given_new" if created else "team_page.role_given",
                        name=user.username,
                        role=kind,
                    ),
                )
            elif action in ("change", "remove"):
                user = _member(survey, request.POST.get("user", ""))
                if user is None:
                    messages.error(request, catalogue.text("plan_refused.no_role"))
                elif action == "change":
                    kind = request.POST.get("kind", "")
                    role_service.grant(survey, user, kind)
                    messages.success(
                        request,
                        catalogue.text(
                            "team_page.role_given", name=user.username, role=KIND_NAMES[kind]
                        ),
                    )
                else:
                    role_service.remove(survey, user)
                    messages.success(
                        request, catalogue.text("team_page.role_removed", name=user.username)
                    )
                    if user == request.user and not user.is_superuser:
                        here = reverse("survey:team-home")
            else:
                messages.error(request, catalogue.text("team_msg.unknown_action"))
        except role_service.RoleRefused as refused:
            if action == "add":
                form.add_error(None, str(refused))
                return _page(request, survey, form, status=400)
            messages.error(request, str(refused))
        return see_other(here)
    return _page(request, survey, form)


def _member(survey: Survey, user_id: str):
    if not user_id.isdigit():
        return None
    return get_user_model().objects.filter(pk=int(user_id), survey_roles__survey=survey).first()


def _page(request, survey: Survey, form: ColleagueForm, *, status: int = 200) -> HttpResponse:
    context = {
        "survey": survey,
        "form": form,
        "roles": survey_roles(survey),
        "kinds": Role.Kind.choices,
        "admins": get_user_model()
        .objects.filter(is_superuser=True, is_active=True)
        .order_by("username")
        .values_list("username", flat=True),
    }
    return render(request, "survey/team/roles.html", context, status=status)


urlpatterns = [path("team/<slug:slug>/rollen/", roles, name="team-roles")]
