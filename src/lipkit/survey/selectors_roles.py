"""Reads about who may do what: a login's role on a survey, the surveys it may see, a
survey's roles. Superusers (admins) count as owners of every survey."""

from __future__ import annotations

from django.db.models import Count, OuterRef, QuerySet, Subquery, Value

from lipkit.survey.models import Role, Survey

# The stored values as plain strings (str() of a TextChoices member is its value): Django's
# enum is opaque to the type checker, a str is not.
OWNER = str(Role.Kind.OWNER)
READER = str(Role.Kind.READER)


def role_of(user, survey: Survey) -> str | None:
    """``"owner"``, ``"reader"`` or None (no access). A superuser is an owner everywhere."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return OWNER
    return Role.objects.filter(survey=survey, user=user).values_list("kind", flat=True).first()


def visible_surveys(user) -> list[Survey]:
    """The surveys ``user`` has a role on (every survey for a superuser), without the (large)
    study JSON, each with ``role`` and ``n_responses`` (the live count)."""
    surveys = Survey.objects.defer("study").annotate(n_responses=Count("responses"))
    if user.is_superuser:
        surveys = surveys.annotate(role=Value(OWNER))
    else:
        mine = Role.objects.filter(survey=OuterRef("pk"), user=user).values("kind")[:1]
        surveys = surveys.filter(roles__user=user).annotate(role=Subquery(mine))
    return list(surveys.order_by("-status", "title"))


def survey_roles(survey: Survey) -> QuerySet[Role]:
    return Role.objects.filter(survey=survey).select_related("user").order_by("user__username")
