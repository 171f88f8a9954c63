"""What the survey app stores, and what it deliberately does not.

A :class:`Response` holds the answers, the language and at most the date of the day it was
sent — no token, no address, no time of day, no link to an :class:`Invitation`. Which
invitations were used is a table of its own (:class:`InvitationUse`), written in a separate
transaction after the response, and both have random keys, so no order or key ties a response
to a person, not even for an administrator with database access.
"""

from __future__ import annotations

import secrets
import uuid

from django.db import models


def link_token() -> str:
    return secrets.token_urlsafe(12)


class Survey(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Entwurf"
        OPEN = "open", "offen"
        CLOSED = "closed", "geschlossen"

    class DatePolicy(models.TextChoices):
        DAY = "day", "nur das Datum"
        NONE = "none", "kein Datum"

    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=300)
    study = models.JSONField(help_text="the study model (questionnaire, org tree, settings)")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    opens_on = models.DateField(null=True, blank=True)
    closes_on = models.DateField(null=True, blank=True)
    link = models.CharField(max_length=40, unique=True, default=link_token)
    open_link = models.BooleanField(default=True, help_text="the forwardable anonymous link")
    date_policy = models.CharField(max_length=5, choices=DatePolicy.choices, default=DatePolicy.DAY)
    anonymity_fixed = models.BooleanField(
        default=False, help_text="set when the survey first opens; the date policy is then fixed"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.title


class Invitation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True)
    sent_on = models.DateField(null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "email"], name="one_invitation_per_address")
        ]


class InvitationUse(models.Model):
    """That an invitation was used; nothing else (no time, no response)."""

    invitation = models.OneToOneField(Invitation, on_delete=models.CASCADE, primary_key=True)


class Response(models.Model):
    """One submitted questionnaire. ``id`` is created with the form, so a retried or doubled
    submission is stored once."""

    id = models.UUIDField(primary_key=True, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    answers = models.JSONField()
    language = models.CharField(max_length=5)
    submitted_on = models.DateField(null=True, blank=True)


class Draft(models.Model):
    """Answers saved to finish later, under a resume code that holds no personal data."""

    code = models.CharField(max_length=20, primary_key=True)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="drafts")
    state = models.TextField()
    saved_on = models.DateField()
