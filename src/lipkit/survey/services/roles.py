"""Who may do what with a survey: owners manage it (settings, invitations, raw exports, the
roles), readers see its dashboard. Every change keeps at least one owner.

A superuser needs no role: it may do everything with every survey (the first login that
``lipkit serve`` creates, or ``createsuperuser``).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from lipkit import catalogue
from lipkit.survey.models import Role, Survey
from lipkit.survey.selectors_roles import OWNER as OWNER  # the roles, also as roles.OWNER
from lipkit.survey.selectors_roles import READER as READER


class RoleRefused(Exception):
    """A change of roles that is not allowed; the message says why (German, for the page)."""


def grant(survey: Survey, user, kind: str) -> Role:
    """Give ``user`` the role ``kind`` on ``survey`` (replacing any role it had)."""
    if kind not in Role.Kind.values:
        raise RoleRefused(catalogue.text("plan_refused.unknown_role", kind=kind))
    with transaction.atomic():
        _lock(survey)
        current = Role.objects.filter(survey=survey, user=user).first()
        if current is not None and current.kind == OWNER and kind != OWNER:
            _keep_an_owner(survey, leaving=user)
        role, _ = Role.objects.update_or_create(survey=survey, user=user, defaults={"kind": kind})
        return role


def remove(survey: Survey, user) -> None:
    """Take ``user``'s role on ``survey`` away (refused for the last owner)."""
    with transaction.atomic():
        _lock(survey)
        current = Role.objects.filter(survey=survey, user=user).first()
        if current is None:
            return
        if current.kind == OWNER:
            _keep_an_owner(survey, leaving=user)
        current.delete()


def add_colleague(survey: Survey, username: str, kind: str, password: str = "") -> tuple:
    """Give an existing login a role, or create the login first when ``password`` is given.

    Returns ``(user, created)``. Refused: an unknown login without a password, a password
    Django's validators refuse, an existing login given a password (it is never changed here).
    """
    users = get_user_model()
    username = username.strip()
    if not username:
        raise RoleRefused(catalogue.text("team_form.username_required"))
    user = users.objects.filter(username__iexact=username).first()
    if user is not None and password:
        raise RoleRefused(catalogue.text("team_page.login_exists", name=user.username))
    if user is None and not password:
        raise RoleRefused(catalogue.text("team_page.no_login", name=username))
    with transaction.atomic():
        created = user is None
        if created:
            candidate = users(username=username)
            try:
                users.username_validator(username)
                validate_password(password, candidate)
            except ValidationError as error:
                raise RoleRefused(" ".join(error.messages)) from None
            user = users.objects.create_user(username, password=password)
        grant(survey, user, kind)
    return user, created


def _lock(survey: Survey) -> None:
    # One change of a survey's roles at a time, so two owners cannot remove each other.
    Survey.objects.select_for_update().filter(pk=survey.pk).values_list("pk", flat=True).first()


def _keep_an_owner(survey: Survey, *, leaving) -> None:
    others = Role.objects.filter(survey=survey, kind=OWNER).exclude(user=leaving)
    if not others.exists():
        raise RoleRefused(
            "Eine Befragung braucht mindestens eine verantwortliche Person. Geben Sie erst "
            "jemand anderem die Rolle „verantwortlich“."
        )
