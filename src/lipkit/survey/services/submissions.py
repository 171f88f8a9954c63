"""Storing a respondent's answers: checked once more, committed once, never linked to a person."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date

from django.db import transaction

from lipkit.survey.models import Draft, Invitation, InvitationUse, Response, Survey
from lipkit.survey.services.surveys import RESUME_ALPHABET, online_form
from lipkit.survey.state import State


class Refused(Exception):
    """The answers may not be stored; ``errors`` maps question names to messages."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(errors)
        self.errors = errors


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def submit(survey: Survey, state: State, today: date | None = None) -> None:
    """Check the complete answers and store them; idempotent on ``state.submission``.

    The response is committed in its own transaction; marking the invitation used (if any)
    follows in a second one, so the two rows are never written together.
    """
    form = online_form(survey)
    errors = form.check_all(state.answers, state.language)
    if errors:
        raise Refused(errors)
    day = (today or date.today()) if survey.date_policy == Survey.DatePolicy.DAY else None
    with transaction.atomic():
        # One INSERT … ON CONFLICT DO NOTHING: a retried or doubled request (same id, created
        # with the form) finds its row there and stores nothing twice.
        Response.objects.bulk_create(
            [
                Response(
                    id=state.submission,
                    survey=survey,
                    answers=state.answers,
                    language=state.language,
                    submitted_on=day,
                )
            ],
            ignore_conflicts=True,
        )
        if state.draft:
            Draft.objects.filter(code=state.draft, survey=survey).delete()
    if state.invitation:
        with transaction.atomic():
            invitation = Invitation.objects.filter(
                survey=survey, token_hash=token_hash(state.invitation)
            ).first()
            if invitation is not None:
                InvitationUse.objects.get_or_create(invitation=invitation)


def invitation_usable(survey: Survey, token: str) -> bool:
    invitation = Invitation.objects.filter(survey=survey, token_hash=token_hash(token)).first()
    return (
        invitation is not None and not InvitationUse.objects.filter(invitation=invitation).exists()
    )


def save_draft(survey: Survey, state: State, today: date | None = None) -> str:
    """Keep the answers so far under a new resume code (e.g. ``K7PM-2QXT-9W4R``)."""
    code = state.draft or "".join(secrets.choice(RESUME_ALPHABET) for _ in range(12))
    state.draft = code
    Draft.objects.update_or_create(
        code=code,
        defaults={"survey": survey, "state": state.sign(), "saved_on": today or date.today()},
    )
    return code


def format_code(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))
