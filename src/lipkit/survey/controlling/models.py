"""What controlling online stores.

A :class:`ControlPlan` keeps the files of the study folder it was made from (:class:`PlanFile`;
``plan/plan.yaml`` is the structure), its values as rows (:class:`PlanValue`: baselines,
targets, actual values typed by hand or approved in a round, and the survey's and imports'
computed values), and the measures' current implementation status (:class:`MeasureState`).

Who may do what is :class:`PlanRole` (coordinator, owner by org unit or by name, reader).
A :class:`Round` asks the owners for one period's values; each measure (and each goal
indicator typed by hand) gets a :class:`Report` with its :class:`ReportValue` rows. A change
of an approved report is a :class:`Correction` the coordinator approves.

:class:`AuditEntry` is append-only: every change of the plan or a value is a new row (who,
when, old, new, reason); rows are never changed or deleted (``save`` of an existing row and
every ``delete`` raise). What lipkit writes into a row itself is a catalogue code with its
parameters (``texts``), shown in the reader's language (:meth:`AuditEntry.shown`). Plans,
rounds and reports are protected from deletion likewise.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from lipkit import catalogue


class AppendOnly(Exception):
    """An audit entry (or a plan, round, report) was to be changed or deleted."""


class NoDeleteQuerySet(models.QuerySet):
    def delete(self):
        raise AppendOnly("controlling rows are never deleted")


class NoDelete(models.Model):
    objects = NoDeleteQuerySet.as_manager()

    class Meta:
        abstract = True

    def delete(self, *args, **kwargs):
        raise AppendOnly(f"{type(self).__name__} rows are never deleted")


class ControlPlan(NoDelete):
    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=300)
    created_at = models.DateTimeField()
    revision = models.PositiveIntegerField(default=1, help_text="+1 on every change")
    units = models.JSONField(
        default=dict, help_text="org unit code -> [name, code of its top unit (Dezernat)]"
    )

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class PlanFile(models.Model):
    """A file of the study folder the plan was made from (``plan/plan.yaml`` always)."""

    plan = models.ForeignKey(ControlPlan, on_delete=models.PROTECT, related_name="files")
    path = models.CharField(max_length=400)
    content = models.BinaryField()

    class Meta:
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "path"], name="one_plan_file_per_path")
        ]


class PlanValue(models.Model):
    """One baseline, target or actual value. ``computed``: from the survey or an import
    file (not written to values.csv: ``lipkit`` computes it again)."""

    plan = models.ForeignKey(ControlPlan, on_delete=models.PROTECT, related_name="values")
    indicator = models.CharField(max_length=200)
    kind = models.CharField(max_length=10)
    date = models.DateField()
    value = models.FloatField(null=True, blank=True)
    source = models.CharField(max_length=300, blank=True)
    comment = models.TextField(blank=True)
    computed = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["plan", "indicator"])]


class MeasureState(models.Model):
    """A measure's implementation status as last approved (else the plan's)."""

    plan = models.ForeignKey(ControlPlan, on_delete=models.PROTECT, related_name="measure_states")
    measure = models.CharField(max_length=200)
    status = models.CharField(max_length=20)
    report_date = models.DateField(null=True, blank=True)
    report = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "measure"], name="one_state_per_measure")
        ]


class PlanRole(models.Model):
    class Kind(models.TextChoices):
        COORDINATOR = "coordinator", "Koordination"
        OWNER = "owner", "berichtet"
        READER = "reader", "liest"

    plan = models.ForeignKey(ControlPlan, on_delete=models.CASCADE, related_name="roles")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_roles"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    unit = models.CharField(max_length=100, blank=True, help_text="owner: an org unit's code")
    name = models.CharField(max_length=200, blank=True, help_text="owner: the owner's name")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "user"], name="one_plan_role_per_user")
        ]


class Round(NoDelete):
    plan = models.ForeignKey(ControlPlan, on_delete=models.PROTECT, related_name="rounds")
    period = models.CharField(max_length=20, help_text="e.g. 2027-H1")
    date = models.DateField(help_text="the values' date: the period's last day")
    due = models.DateField()
    opened_at = models.DateTimeField()
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    base_url = models.CharField(max_length=300, help_text="for the links in reminders")
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "period"], name="one_round_per_period")
        ]


class Report(NoDelete):
    class State(models.TextChoices):
        OPEN = "open", "offen"
        DRAFT = "draft", "Entwurf"
        SENT = "sent", "gesendet"
        RETURNED = "returned", "zurückgegeben"
        APPROVED = "approved", "freigegeben"

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="reports")
    subject = models.CharField(max_length=200, help_text="a measure's id or an indicator's")
    is_measure = models.BooleanField(default=True)
    unit = models.CharField(max_length=100, blank=True)
    owner_name = models.CharField(max_length=200, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    measure_status = models.CharField(max_length=20, blank=True)
    comment = models.TextField(blank=True)
    evidence_link = models.URLField(max_length=500, blank=True)
    evidence_name = models.CharField(max_length=200, blank=True)
    evidence = models.BinaryField(null=True, blank=True)
    note = models.TextField(blank=True, help_text="the coordinator's note when returned")
    updated_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["subject"]
        constraints = [
            models.UniqueConstraint(fields=["round", "subject"], name="one_report_per_subject")
        ]
        indexes = [models.Index(fields=["round", "unit"])]


class ReportValue(models.Model):
    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="values")
    indicator = models.CharField(max_length=200)
    value = models.FloatField(null=True, blank=True)
    text = models.TextField(blank=True, help_text="no value, because …; or a qualitative value")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="one_value_per_indicator")
        ]


class Correction(NoDelete):
    class State(models.TextChoices):
        PENDING = "pending", "beantragt"
        APPROVED = "approved", "freigegeben"
        REFUSED = "refused", "abgelehnt"

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="corrections")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField()
    reason = models.TextField()
    values = models.JSONField(help_text="indicator -> [value, text]")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    reviewed_at = models.DateTimeField(null=True, blank=True)


class Notice(models.Model):
    """A mail about a round to one owner on one day (at most one a day)."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="notices")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    day = models.DateField()
    kind = models.CharField(max_length=10)  # opened, before, after

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "user", "day"], name="one_notice_a_day")
        ]


class AuditQuerySet(NoDeleteQuerySet):
    def update(self, **kwargs):
        raise AppendOnly("audit entries are never changed")


class AuditEntry(NoDelete):
    objects = AuditQuerySet.as_manager()

    plan = models.ForeignKey(ControlPlan, on_delete=models.PROTECT, related_name="audit")
    at = models.DateTimeField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    username = models.CharField(max_length=150, help_text="kept when the login is deleted")
    subject = models.CharField(max_length=200, help_text="plan, a measure's or indicator's id")
    field = models.CharField(max_length=100)
    old = models.TextField(blank=True)
    new = models.TextField(blank=True)
    reason = models.TextField(blank=True)
    texts = models.JSONField(
        null=True,
        blank=True,
        help_text="column -> parameters, for each of field, old, new, reason that holds a "
        "catalogue code (shown in the reader's language); null in rows written before the codes",
    )

    COLUMNS = ("field", "old", "new", "reason")

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["plan", "subject"])]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnly("audit entries are never changed")
        super().save(*args, **kwargs)

    def shown(self, column: str, language: str) -> str:
        """``column`` (field, old, new or reason) as the reader sees it: a catalogue code in
        ``language``; what a person typed, and every column of a row written before the codes
        (German and English words of then), as it is stored."""
        stored = getattr(self, column)
        params = (self.texts or {}).get(column)
        if params is None or stored not in catalogue.CATALOGUE:
            return stored
        try:
            # the code is the stored one (any of plan_audit.*, measure_status.*)
            message = catalogue.CATALOGUE[stored]
            return message.format(catalogue.language_of(language), **params)
        except (KeyError, IndexError):  # a code whose parameters changed since: as stored
            return stored
