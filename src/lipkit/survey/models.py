"""What the survey app stores, and what it deliberately does not (docs/survey.md,
"Anonymity by design").

A :class:`Response` holds the answers, the language and at most the date of the day it was
written — no token, no address, no time of day, no link to an :class:`Invitation`. Which
invitations were used is a table of its own (:class:`InvitationUse`). Answers sent through an
invitation wait, sealed, in :class:`PendingSubmission` until at least k of them (the study's
minimum group size) can be written together with their use marks in one transaction, each
table in random order; so neither keys, storage order, transaction ids nor dates tie a
response to an invitation better than 1 in k.

The team's side: the files of the study folder a survey was made from (:class:`StudyFile`),
who may do what with a survey (:class:`Role`), which raw exports were taken
(:class:`ExportRecord`: who, when, which format — never an answer), and which responses the
dashboard shows (:class:`DashboardSnapshot`, moved only by at least k new responses).
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models


def link_token() -> str:
    return secrets.token_urlsafe(12)


# What respondents are shown besides the questions ("Texte für Befragte"): the team edits
# them on one page, and a new wave takes them over.
TEXT_FIELDS = (
    "introduction",
    "introduction_en",
    "minutes",
    "controller",
    "data_protection_officer",
    "retention_months",
    "privacy_note",
    "imprint",
    "accessibility_contact",
    "enforcement_body",
)


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

    # What respondents are shown besides the questionnaire ("Texte für Befragte"); empty
    # fields fall back to the default texts of ``texts.py``.
    introduction = models.TextField(blank=True, help_text="Markdown subset, German")
    introduction_en = models.TextField(blank=True, help_text="Markdown subset, English")
    minutes = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="estimated time; empty: estimated from the questions"
    )
    controller = models.TextField(blank=True, help_text="the body responsible (GDPR Art. 4 (7))")
    data_protection_officer = models.TextField(blank=True)
    retention_months = models.PositiveSmallIntegerField(
        default=12, help_text="answers are deleted at the latest this long after the closing"
    )
    privacy_note = models.TextField(blank=True, help_text="legal basis, agreements (Markdown)")
    imprint = models.TextField(blank=True, help_text="Impressum (Markdown); empty: controller")
    accessibility_contact = models.TextField(blank=True)
    enforcement_body = models.TextField(blank=True, help_text="the Land's enforcement body")
    texts_reviewed_on = models.DateField(null=True, blank=True)
    # Waves (issue 18): the survey this one repeats ("Neue Welle"), and this wave's label.
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next_waves"
    )
    wave_label = models.CharField(max_length=40, blank=True)

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
    """That an invitation was used; nothing else (no time, no response). Written only in a
    batch of at least k together with the batch's responses."""

    invitation = models.OneToOneField(Invitation, on_delete=models.CASCADE, primary_key=True)


class InvitationClaim(models.Model):
    """That an invitation has been answered, written with the submission itself: the keyed
    hash of the invitation's id (``crypto.keyed_hash``), unique, so a second submission for
    the same invitation is refused at once. Without the server's key nobody can tell which
    invitation a claim stands for."""

    digest = models.CharField(max_length=64, primary_key=True)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="claims")


class PendingSubmission(models.Model):
    """A questionnaire sent through an invitation, waiting for its batch: the answers, the
    language and the invitation's id, sealed with the server's key (``crypto.seal``).
    Deleted in the transaction that writes it as a :class:`Response`."""

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="pending")
    sealed = models.BinaryField()


class SubmissionSeen(models.Model):
    """The keyed hash of a page session's submission id, kept while that page could still be
    sent again (``SESSION_MINUTES``), so that a retried or doubled request stores nothing
    twice. No reference to the response or the invitation."""

    digest = models.CharField(max_length=64, primary_key=True)
    expires_at = models.DateTimeField(db_index=True)


class Response(models.Model):
    """One submitted questionnaire. ``id`` is random and made when the response is written;
    the respondent never sees it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    answers = models.JSONField()
    language = models.CharField(max_length=5)
    submitted_on = models.DateField(null=True, blank=True)


class Draft(models.Model):
    """Answers saved to finish later: only the answers, the page, the language and the
    questionnaire's version, sealed with a key derived from the resume code
    (``crypto.seal_with_code``) and found by the code's keyed hash. Nothing in it names an
    invitation or the response it may become; it expires (``DRAFT_DAYS``)."""

    lookup = models.CharField(max_length=64, primary_key=True)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="drafts")
    sealed = models.BinaryField()
    expires_on = models.DateField(db_index=True)


class Role(models.Model):
    """What one login may do with one survey. A superuser may do everything with every survey
    (the first login of ``lipkit serve``)."""

    class Kind(models.TextChoices):
        OWNER = "owner", "verantwortlich"
        READER = "reader", "nur Ergebnisse"

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="roles")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="survey_roles"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survey", "user"], name="one_role_per_user")]


class StudyFile(models.Model):
    """A file of the study folder a survey was made from that lipkit does not make from the
    study (``StudyFolder.team_files``: the report's chapters, interviews, plan, a logo …);
    kept so that the survey's ZIP export is the whole study folder again."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="files")
    path = models.CharField(max_length=400, help_text="inside the folder, e.g. report/01.md")
    content = models.BinaryField()

    class Meta:
        ordering = ["path"]
        constraints = [models.UniqueConstraint(fields=["survey", "path"], name="one_file_per_path")]


class ExportRecord(models.Model):
    """One raw export: who, when, which format, how many rows — never an answer."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="export_records")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    username = models.CharField(max_length=150, help_text="kept when the login is deleted")
    at = models.DateTimeField()
    format = models.CharField(max_length=12)
    rows = models.PositiveIntegerField()

    class Meta:
        ordering = ["-at"]


class DashboardSnapshot(models.Model):
    """The responses the dashboard shows. It takes in new responses only when at least k
    (the study's minimum group size) have come in since, so that comparing the dashboard
    before and after one person answered shows nothing of that person."""

    survey = models.OneToOneField(
        Survey, on_delete=models.CASCADE, primary_key=True, related_name="snapshot"
    )
    response_ids = models.JSONField(default=list, help_text="sorted ids of the responses shown")


# Controlling online (docs/survey.md): its models live in lipkit.survey.controlling.models and
# belong to this app; importing them here registers them.
from lipkit.survey.controlling import models as controlling_models  # noqa: E402, F401
