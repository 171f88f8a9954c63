"""Reads for the pages respondents see besides the questionnaire: how long it takes, whether
an invitation link was used, and the facts the privacy statement states."""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.conf import settings

from lipkit.study.model import QuestionType
from lipkit.survey.models import Invitation, Survey
from lipkit.survey.services.submissions import is_used, token_hash
from lipkit.survey.services.surveys import online_form

SECONDS_PER_CHOICE = 8
SECONDS_PER_TEXT = 45
"""The estimate of the time it takes, where the team has not given one: a rule of thumb of
about 8 seconds for a closed question (a choice, a number, a date, a matrix item) and 45
for an open one, every question counted as if shown."""


def estimated_minutes(survey: Survey) -> int:
    if survey.minutes:
        return survey.minutes
    asked = online_form(survey).asked
    texts = sum(1 for q in asked if q.type == QuestionType.TEXT)
    seconds = SECONDS_PER_CHOICE * (len(asked) - texts) + SECONDS_PER_TEXT * texts
    return max(1, math.ceil(seconds / 60))


def invitation_state(survey: Survey, token: str) -> str:
    """``usable``, ``used`` (sent with it already) or ``unknown`` (no such invitation, or a
    link a reminder has replaced). Only the holder of the token learns this."""
    invitation = Invitation.objects.filter(survey=survey, token_hash=token_hash(token)).first()
    if invitation is None:
        return "unknown"
    return "used" if is_used(str(invitation.pk)) else "usable"


@dataclass(frozen=True)
class PrivacyFacts:
    """What the privacy statement says about this survey, from its settings."""

    date_kept: bool
    """A response keeps the day it was sent (exported only as its month)."""
    invitations: bool
    """The survey has personal invitations (addresses are stored apart from the answers)."""
    open_link: bool
    rate_limit: bool
    """Client addresses are counted, as a salted hash for an hour, on the open link."""
    k: int
    k_text: int
    retention_months: int
    draft_days: int | None
    """How long a saved questionnaire is kept (``DRAFT_DAYS``, where the server sets one)."""
    controller: str
    data_protection_officer: str
    note: str


def privacy_facts(survey: Survey) -> PrivacyFacts:
    study = online_form(survey).study
    return PrivacyFacts(
        date_kept=survey.date_policy == Survey.DatePolicy.DAY,
        invitations=not survey.open_link or Invitation.objects.filter(survey=survey).exists(),
        open_link=survey.open_link,
        rate_limit=survey.open_link and settings.RATE_LIMIT_PER_HOUR > 0,
        k=study.settings.k,
        k_text=study.settings.k_text,
        retention_months=survey.retention_months,
        draft_days=getattr(settings, "DRAFT_DAYS", None),
        controller=survey.controller.strip(),
        data_protection_officer=survey.data_protection_officer.strip(),
        note=survey.privacy_note.strip(),
    )
