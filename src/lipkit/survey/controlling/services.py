"""Changes of controlling online: create a plan from a study folder or workbook, give roles,
open a round, save and send an owner's report, approve or return it, request and approve a
correction, send reminders, and write the downloads. Every change of the plan or of a value
leaves :class:`AuditEntry` rows (who, when, old, new, reason) and raises the plan's revision.

A draft is the owner's own workspace (saved as they type) and is not audited; what is sent,
returned, approved and corrected is.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from lipkit import catalogue
from lipkit.catalogue import Text
from lipkit.controlling.check import check_plan
from lipkit.controlling.files import PLAN_DIR, PlanError, parse_number, write_plan
from lipkit.controlling.model import (
    Indicator,
    MeasureStatus,
    Plan,
    RatioSource,
    Unit,
    report_source,
)
from lipkit.controlling.model import ValueKind as VK
from lipkit.study.errors import FormError
from lipkit.survey.controlling import selectors
from lipkit.survey.controlling.models import (
    AuditEntry,
    ControlPlan,
    Correction,
    MeasureState,
    Notice,
    PlanFile,
    PlanRole,
    PlanValue,
    Report,
    ReportValue,
    Round,
)
from lipkit.survey.controlling.texts import ERRORS
from lipkit.survey.services.setup import Upload, UploadRefused, _unzip, check_upload

MAX_EVIDENCE = 5 * 1024 * 1024
BEFORE_DAYS = 3  # the reminder before the due date: from this many days before it


class Refused(Exception):
    """A change that is not allowed; ``messages`` are the lines for the page."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


def audit(
    plan: ControlPlan,
    user,
    subject: str,
    what: str | Text,
    old: object = "",
    new: object = "",
    reason: str | Text = "",
) -> AuditEntry:
    """A row of the audit trail. What lipkit says itself is a :class:`~lipkit.catalogue.Text`
    (``plan_audit.*``): stored as its code with its parameters, shown in the reader's language
    (:meth:`AuditEntry.shown`); a plain string (a title, a number, a reason typed) as it is."""
    columns = {"field": what, "old": old, "new": new, "reason": reason}
    texts = {c: dict(v.params) for c, v in columns.items() if isinstance(v, Text)}
    stored = {
        c: v.code if isinstance(v, Text) else "" if v is None else str(v)
        for c, v in columns.items()
    }
    return AuditEntry.objects.create(
        plan=plan,
        at=timezone.now(),
        user=user if user is not None and user.is_authenticated else None,
        username=getattr(user, "username", "") or "system",
        subject=subject,
        texts=texts,
        **stored,
    )


def _bump(plan: ControlPlan) -> None:
    ControlPlan.objects.filter(pk=plan.pk).update(revision=F("revision") + 1)
    plan.refresh_from_db(fields=["revision"])


# -- creating a plan ----------------------------------------------------------------------------


@dataclass
class Created:
    plan: ControlPlan
    warnings: list[str] = field(default_factory=list)


@dataclass
class Read:
    """An uploaded plan, checked: its structure, values (without ratios), org units
    (code -> [name, top unit]), the study folder's files and ``plan check``'s findings."""

    kind: str  # "xlsx" or "zip"
    plan: Plan
    values: list
    units: dict[str, list[str]]
    files: dict[str, bytes]
    warnings: list[str]


def read_upload(upload: Upload, *, lang: str = "de") -> Read:
    """A study folder (ZIP, with ``plan/``) or the plan's workbook (.xlsx), read and checked as
    ``lipkit plan`` reads and checks it (the same located messages, else :class:`Refused`)."""
    try:
        kind = check_upload(upload)
    except UploadRefused as refused:
        raise Refused([str(refused)]) from None
    with tempfile.TemporaryDirectory(prefix="lipkit-plan-upload-") as tmp:
        root = Path(tmp)
        units: dict[str, list[str]] = {}
        try:
            if kind == "xlsx":
                from lipkit.controlling.workbook import read_workbook

                # under the upload's name, so that messages name the user's file
                name = Path(upload.name.replace("\\", "/")).name
                path = root / (name if name.lower().endswith(".xlsx") else "plan.xlsx")
                path.write_bytes(upload.data)
                plan = read_workbook(path)
                write_plan(plan, root / "folder" / PLAN_DIR)
                folder = root / "folder"
                values = list(plan.values)
                org_units = None
            else:
                from lipkit.controlling.study import has_plan, load_study_plan

                folder = _unzip(upload, root / "study")
                if not has_plan(folder):
                    raise Refused([catalogue.text("plan_refused.no_plan", lang, name=upload.name)])
                loaded = load_study_plan(folder)
                plan = loaded.plan
                values = [
                    v
                    for v in loaded.values
                    if not isinstance(_ind(plan, v.indicator).computed, RatioSource)
                ]
                org = loaded.study.org if loaded.study is not None else None
                if org is None:
                    from lipkit.study.folder import load_study

                    org = load_study(folder).org
                org_units = None
                if org is not None:
                    parents = {u.code: u.parent for u in org.units}
                    names = {u.code: u.name for u in org.units}
                    for code in names:
                        top = code
                        while parents.get(top):
                            top = parents[top] or top
                        units[code] = [names[code], top]
                    org_units = set(names)
        except PlanError as error:
            raise Refused(error.render_lines(lang)) from None
        except UploadRefused as refused:
            raise Refused([str(refused)]) from None
        except FormError as error:
            problem = error.render(lang)
            raise Refused(
                [
                    catalogue.text(
                        "plan_refused.file_problem", lang, name=upload.name, problem=problem
                    )
                ]
            ) from None
        warnings = [f.text(lang) for f in check_plan(plan, org_units)]
        for owner in [m.owner for m in plan.measures] + [i.responsible for i in plan.indicators]:
            if owner.unit and owner.unit not in units:
                units[owner.unit] = [owner.unit, owner.unit]
        files = {
            p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*"))
            if p.is_file()
            and not any(part.startswith(".") for part in p.relative_to(folder).parts)
            and not p.relative_to(folder).as_posix().startswith("report-out/")
        }
    return Read(kind, plan, values, units, files, warnings)


def create_plan(upload: Upload, *, user, title: str = "", lang: str = "de") -> Created:
    """A plan from a study folder (ZIP, with ``plan/``) or the plan's workbook (.xlsx), checked
    as ``lipkit plan`` checks it (the same messages); ``user`` becomes its coordinator."""
    read = read_upload(upload, lang=lang)
    plan, values, units, files, warnings = (
        read.plan,
        read.values,
        read.units,
        read.files,
        read.warnings,
    )
    hand = {v for v in plan.values}
    with transaction.atomic():
        base = slugify(title or plan.title)[:40].strip("-") or "plan"
        slug, n = base, 1
        while ControlPlan.objects.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        cp = ControlPlan.objects.create(
            slug=slug,
            title=(title or plan.title or upload.name)[:300],
            created_at=timezone.now(),
            units=units,
        )
        PlanFile.objects.bulk_create(
            PlanFile(plan=cp, path=path, content=content) for path, content in files.items()
        )
        PlanValue.objects.bulk_create(
            PlanValue(
                plan=cp,
                indicator=v.indicator,
                kind=str(v.kind),
                date=v.date,
                value=v.value,
                source=v.source,
                comment=v.comment,
                computed=v not in hand,
            )
            for v in values
        )
        if user is not None and not user.is_superuser:
            PlanRole.objects.create(plan=cp, user=user, kind=selectors.COORDINATOR)
        audit(
            cp,
            user,
            "plan",
            Text("plan_audit.created"),
            new=Text(
                "plan_audit.created_from",
                name=upload.name,
                measures=len(plan.measures),
                indicators=len(plan.indicators),
                values=len(values),
            ),
        )
    return Created(cp, warnings)


def _value_what(kind: str, date: dt.date) -> Text | str:
    """``Ausgangswert 2021-12-31``: a value of the plan by its kind and date."""
    if kind == "baseline":
        return Text("plan_audit.baseline", date=date.isoformat())
    if kind == "target":
        return Text("plan_audit.target", date=date.isoformat())
    if kind == "actual":
        return Text("plan_audit.actual", date=date.isoformat())
    return f"{kind} {date}"


def replace_plan(cp: ControlPlan, upload: Upload, *, by, lang: str = "de") -> Created:
    """Replace the plan by a newer version of it (the workbook, or a study folder), read and
    checked as a new plan is (:func:`read_upload`: the same messages as ``lipkit plan``).

    Kept: the roles, rounds, reports, measures' statuses, the audit trail, and every actual
    value reported and approved in a round (where the upload has another value for the same
    indicator and date, the reported one stays and a note says so: changing it needs a
    correction). Refused: a new plan without an indicator that has reported values, or without
    a measure or indicator the open round asks for. Every change is an audit entry (subject,
    what, old, new; the reason names the file): each measure or indicator added or removed,
    each attribute changed, each baseline, target or actual value added, changed or removed.
    """
    read = read_upload(upload, lang=lang)
    new, old = read.plan, selectors.current_plan(cp)
    approved = set(MeasureState.objects.filter(plan=cp).values_list("measure", flat=True))
    reason = Text("plan_audit.replaced_by", name=upload.name)
    reported: dict[tuple[str, dt.date], float | None] = {}
    for ind, date, value in ReportValue.objects.filter(
        report__round__plan=cp, report__state=Report.State.APPROVED
    ).values_list("indicator", "report__round__date", "value"):
        reported[(ind, date)] = value
    ind_ids = {i.id for i in new.indicators}
    subjects = ind_ids | {m.id for m in new.measures}
    problems = [
        catalogue.text(
            "plan_refused.indicator_missing",
            lang,
            name=upload.name,
            indicator=ind,
            dates=", ".join(sorted(d.isoformat() for i, d in reported if i == ind)),
        )
        for ind in sorted({i for i, _ in reported} - ind_ids)
    ]
    current = selectors.open_round(cp)
    if current is not None:
        for subject in sorted(set(current.reports.values_list("subject", flat=True)) - subjects):
            problems.append(
                catalogue.text(
                    "plan_refused.subject_missing",
                    lang,
                    name=upload.name,
                    subject=subject,
                    period=current.period,
                )
            )
    if problems:
        raise Refused(problems)
    warnings = list(read.warnings)
    hand = set(new.values)
    with transaction.atomic():
        ControlPlan.objects.select_for_update().filter(pk=cp.pk).first()
        warnings += _audit_structure(cp, by, old, new, reason, approved, lang)
        stored = {
            (r.indicator, r.kind, r.date): r
            for r in PlanValue.objects.filter(plan=cp, computed=False).order_by("pk")
        }
        seen = set()
        for v in read.values:
            if v not in hand:
                continue
            key = (v.indicator, str(v.kind), v.date)
            seen.add(key)
            row = stored.get(key)
            what = _value_what(str(v.kind), v.date)
            if v.kind == VK.ACTUAL and (v.indicator, v.date) in reported:
                if row is not None and (row.value, row.comment) != (v.value, v.comment):
                    warnings.append(
                        catalogue.text(
                            "plan_refused.reported_value_stays",
                            lang,
                            indicator=v.indicator,
                            date=v.date,
                            reported=catalogue.render(_shown(row.value, row.comment), lang),
                            file=catalogue.render(_shown(v.value, v.comment), lang),
                        )
                    )
                continue
            if row is None:
                PlanValue.objects.create(
                    plan=cp,
                    indicator=v.indicator,
                    kind=str(v.kind),
                    date=v.date,
                    value=v.value,
                    source=v.source,
                    comment=v.comment,
                )
                audit(cp, by, v.indicator, what, new=_shown(v.value, v.comment), reason=reason)
            elif (row.value, row.source, row.comment) != (v.value, v.source, v.comment):
                audit(
                    cp,
                    by,
                    v.indicator,
                    what,
                    old=_shown(row.value, row.comment),
                    new=_shown(v.value, v.comment),
                    reason=reason,
                )
                row.value, row.source, row.comment = v.value, v.source, v.comment
                row.save()
        for key, row in stored.items():
            if key in seen or (
                row.kind == str(VK.ACTUAL) and (row.indicator, row.date) in reported
            ):
                continue
            audit(
                cp,
                by,
                row.indicator,
                _value_what(row.kind, row.date),
                old=_shown(row.value, row.comment),
                reason=reason,
            )
            row.delete()
        # Values computed from the survey or import files: from a study folder, as it computes
        # them now; a workbook has none, so those of indicators still computed stay.
        computed = [v for v in read.values if v not in hand]
        if read.kind == "zip":
            PlanValue.objects.filter(plan=cp, computed=True).delete()
            PlanValue.objects.bulk_create(
                PlanValue(
                    plan=cp,
                    indicator=v.indicator,
                    kind=str(v.kind),
                    date=v.date,
                    value=v.value,
                    source=v.source,
                    comment=v.comment,
                    computed=True,
                )
                for v in computed
            )
        else:
            still = [i.id for i in new.indicators if i.computed is not None]
            PlanValue.objects.filter(plan=cp, computed=True).exclude(indicator__in=still).delete()
        for path, content in read.files.items():
            PlanFile.objects.update_or_create(plan=cp, path=path, defaults={"content": content})
        # a study folder brings its org tree; a workbook only the codes of its owners
        if read.kind == "zip":
            cp.units = {**(cp.units or {}), **read.units}
        else:
            cp.units = {**read.units, **(cp.units or {})}
        cp.save(update_fields=["units"])
        audit(
            cp,
            by,
            "plan",
            Text("plan_audit.replaced"),
            old=Text(
                "plan_audit.counts", measures=len(old.measures), indicators=len(old.indicators)
            ),
            new=Text(
                "plan_audit.counts_from",
                name=upload.name,
                measures=len(new.measures),
                indicators=len(new.indicators),
            ),
            reason=reason,
        )
        _bump(cp)
    return Created(cp, warnings)


REPORTED = ("status", "report_date", "report")  # a measure's, as approved in a round


def _audit_structure(
    cp: ControlPlan, by, old: Plan, new: Plan, reason: Text, approved: set[str], lang: str
) -> list[str]:
    """An entry for each measure or indicator added or removed and each attribute changed;
    a measure's status approved in a round stays (the notes returned say where the file
    differs)."""
    from dataclasses import fields

    notes = []

    for kind, before, after in (
        ("measure", old.measures, new.measures),
        ("indicator", old.indicators, new.indicators),
    ):
        was = {x.id: x for x in before}
        now = {x.id: x for x in after}
        measure = kind == "measure"
        for id in was.keys() - now.keys():
            removed = Text(
                "plan_audit.measure_removed" if measure else "plan_audit.indicator_removed"
            )
            audit(cp, by, id, removed, old=was[id].title, reason=reason)
        for id in now.keys() - was.keys():
            added = Text("plan_audit.measure_added" if measure else "plan_audit.indicator_added")
            audit(cp, by, id, added, new=now[id].title, reason=reason)
        for id in sorted(was.keys() & now.keys()):
            if _bare(was[id]) == _bare(now[id]):
                continue
            for f in fields(was[id]):
                if f.name == "line":
                    continue
                a, b = _bare(getattr(was[id], f.name)), _bare(getattr(now[id], f.name))
                if a != b and measure and f.name in REPORTED and id in approved:
                    notes.append(
                        catalogue.text(
                            "plan_refused.reported_field_stays",
                            lang,
                            id=id,
                            field=f.name,
                            reported=_plain(getattr(was[id], f.name)),
                            file=_plain(getattr(now[id], f.name)),
                        )
                    )
                elif a != b:
                    a, b = getattr(was[id], f.name), getattr(now[id], f.name)
                    changed = Text(
                        "plan_audit.measure_changed" if measure else "plan_audit.indicator_changed",
                        field=f.name,
                    )
                    audit(cp, by, id, changed, old=_plain(a), new=_plain(b), reason=reason)
    if old.title != new.title:
        audit(cp, by, "plan", Text("plan_audit.title"), old=old.title, new=new.title, reason=reason)
    if _bare(old.fields) != _bare(new.fields):
        audit(
            cp,
            by,
            "plan",
            Text("plan_audit.fields"),
            old=", ".join(f.id for f in old.fields),
            new=", ".join(f.id for f in new.fields),
            reason=reason,
        )
    return notes


def _bare(value):
    """A plan element without its line numbers in plan.yaml (they move with every edit)."""
    from dataclasses import fields, is_dataclass

    if is_dataclass(value) and not isinstance(value, type):
        return tuple(
            (f.name, _bare(getattr(value, f.name))) for f in fields(value) if f.name != "line"
        )
    if isinstance(value, tuple | list):
        return tuple(_bare(v) for v in value)
    return value


def _plain(value) -> str:
    if hasattr(value, "value") and isinstance(value.value, str):
        return value.value
    return "" if value is None else str(value)


def _ind(plan: Plan, id: str) -> Indicator:
    return plan.indicator(id)


# -- roles --------------------------------------------------------------------------------------


def add_person(
    plan: ControlPlan,
    *,
    by,
    username: str,
    kind: str,
    password: str = "",
    email: str = "",
    unit: str = "",
    name: str = "",
) -> PlanRole:
    """Give an existing login (or a new one, with a first password) a role on ``plan``."""
    users = get_user_model()
    username = username.strip()
    if kind not in PlanRole.Kind.values:
        raise Refused([catalogue.text("plan_refused.unknown_role", kind=kind)])
    if not username:
        raise Refused([catalogue.text("team_form.username_required")])
    if kind == selectors.OWNER and not (unit.strip() or name.strip()):
        raise Refused([catalogue.text("plan_refused.owner_unit")])
    user = users.objects.filter(username__iexact=username).first()
    if user is None and not password:
        raise Refused([catalogue.text("team_page.no_login", name=username)])
    with transaction.atomic():
        if user is None:
            candidate = users(username=username)
            try:
                users.username_validator(username)
                validate_password(password, candidate)
            except ValidationError as error:
                raise Refused(list(error.messages)) from None
            user = users.objects.create_user(username, password=password, email=email.strip())
        elif email.strip() and not user.email:
            user.email = email.strip()
            user.save(update_fields=["email"])
        old = PlanRole.objects.filter(plan=plan, user=user).first()
        role, _ = PlanRole.objects.update_or_create(
            plan=plan,
            user=user,
            defaults={"kind": kind, "unit": unit.strip(), "name": name.strip()},
        )
        audit(
            plan,
            by,
            "plan",
            Text("plan_audit.role", user=user.username),
            old=f"{old.kind} {old.unit} {old.name}".strip() if old else "",
            new=f"{kind} {unit} {name}".strip(),
        )
    return role


def remove_person(plan: ControlPlan, *, by, user_id: int) -> None:
    role = PlanRole.objects.filter(plan=plan, user_id=user_id).select_related("user").first()
    if role is None:
        return
    with transaction.atomic():
        if role.kind == selectors.COORDINATOR and not (
            PlanRole.objects.filter(plan=plan, kind=selectors.COORDINATOR)
            .exclude(pk=role.pk)
            .exists()
        ):
            raise Refused([catalogue.text("plan_refused.last_coordinator")])
        audit(
            plan,
            by,
            "plan",
            Text("plan_audit.role", user=role.user.username),
            old=f"{role.kind} {role.unit} {role.name}".strip(),
        )
        role.delete()


# -- rounds -------------------------------------------------------------------------------------


def parse_period(text: str) -> dt.date | None:
    """The last day of a period: ``2027``, ``2027-H1``, ``2027-Q3``, ``2027-05``."""
    text = text.strip().upper()
    if m := re.fullmatch(r"(\d{4})", text):
        return dt.date(int(m[1]), 12, 31)
    if m := re.fullmatch(r"(\d{4})-H([12])", text):
        return dt.date(int(m[1]), 6, 30) if m[2] == "1" else dt.date(int(m[1]), 12, 31)
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", text):
        return _month_end(int(m[1]), 3 * int(m[2]))
    m = re.fullmatch(r"(\d{4})-(\d{2})", text)
    if m and 1 <= int(m[2]) <= 12:
        return _month_end(int(m[1]), int(m[2]))
    return None


def _month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def parse_day(text: str) -> dt.date | None:
    text = text.strip()
    if m := re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text):
        try:
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
        except ValueError:
            return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def start_round(
    plan: ControlPlan, *, by, period: str, due: str, base_url: str, lang: str = "de"
) -> tuple[Round, int]:
    """Open a round: a report for every measure not stopped and every goal indicator typed by
    hand; each owner with something to report gets a mail. Errors: ``Refused`` by field."""
    e = ERRORS[lang]
    errors: dict[str, str] = {}
    date = parse_period(period)
    due_date = parse_day(due)
    if date is None:
        errors["period"] = e["period"].format(value=period)
    elif Round.objects.filter(plan=plan, period=period.strip().upper()).exists():
        errors["period"] = e["round_exists"].format(value=period.strip().upper())
    if due_date is None:
        errors["due"] = e["due"].format(value=due)
    if errors:
        raise FieldErrors(errors)
    assert date is not None and due_date is not None
    parsed = selectors.structure(plan)
    states = selectors.measure_states(plan, parsed)
    with transaction.atomic():
        rnd = Round.objects.create(
            plan=plan,
            period=period.strip().upper(),
            date=date,
            due=due_date,
            opened_at=timezone.now(),
            opened_by=by,
            base_url=base_url,
        )
        reports = [
            Report(
                round=rnd,
                subject=m.id,
                is_measure=True,
                unit=m.owner.unit,
                owner_name=m.owner.role,
                measure_status=states.get(m.id, ""),
            )
            for m in parsed.measures
            if states.get(m.id) != MeasureStatus.STOPPED
        ]
        reports += [
            Report(
                round=rnd,
                subject=i.id,
                is_measure=False,
                unit=i.responsible.unit,
                owner_name=i.responsible.role,
            )
            for i in parsed.indicators
            if i.goal and i.computed is None
        ]
        Report.objects.bulk_create(reports)
        audit(
            plan,
            by,
            "plan",
            Text("plan_audit.round_opened"),
            new=Text("plan_audit.round_due", period=rnd.period, due=rnd.due.isoformat()),
        )
    notified = notify(rnd, "opened", timezone.localdate())
    return rnd, notified


class FieldErrors(Exception):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(", ".join(errors))
        self.errors = errors


def _owners_with_work(rnd: Round, states: tuple[str, ...]):
    users = []
    roles = PlanRole.objects.filter(plan=rnd.plan, kind=selectors.OWNER).select_related("user")
    for role in roles:
        work = Report.objects.filter(round=rnd, state__in=states).filter(
            selectors.owner_filter(role.user, rnd.plan)
        )
        if work.exists() and role.user.email and role.user.is_active:
            users.append(role.user)
    return users


def notify(rnd: Round, kind: str, today: dt.date) -> int:
    """Mail every owner with work in ``rnd``: at most one mail a day each. Returns how many."""
    states = ("open", "draft", "returned")
    link = rnd.base_url.rstrip("/") + reverse("controlling:owner", args=[rnd.plan.slug])
    messages = []
    for user in _owners_with_work(rnd, states):
        if Notice.objects.filter(round=rnd, user=user, day=today).exists():
            continue
        if kind == "before" and Notice.objects.filter(round=rnd, user=user, kind="before").exists():
            continue
        Notice.objects.create(round=rnd, user=user, day=today, kind=kind)
        body = render_to_string(
            "survey/controlling/email.txt",
            {"round": rnd, "plan": rnd.plan, "link": link, "kind": kind, "user": user},
        )
        due = f"{rnd.due:%d.%m.%Y}"
        subject = {
            "opened": catalogue.text("plan_mail.opened", period=rnd.period, title=rnd.plan.title),
            "before": catalogue.text("plan_mail.before", period=rnd.period, due=due),
            "after": catalogue.text("plan_mail.after", period=rnd.period, due=due),
        }[kind]
        messages.append(EmailMessage(subject, body, to=[user.email]))
    if messages:
        get_connection().send_messages(messages)
    return len(messages)


def send_reminders(today: dt.date) -> int:
    """The daily job (``manage.py controlling_reminders``): before the due date one reminder
    (from BEFORE_DAYS days before), after it one a day, to owners who have not sent."""
    sent = 0
    for rnd in Round.objects.filter(closed_at__isnull=True).select_related("plan"):
        if today > rnd.due:
            sent += notify(rnd, "after", today)
        elif (rnd.due - today).days <= BEFORE_DAYS:
            sent += notify(rnd, "before", today)
    return sent


# -- an owner's report --------------------------------------------------------------------------


def check_value(ind: Indicator, raw: str, text: str, lang: str, *, complete: bool):
    """``(value, text, error)`` for what was typed; ``complete``: a value or a reason needed."""
    e = ERRORS[lang]
    raw, text = raw.strip(), text.strip()
    if ind.unit == Unit.QUALITATIVE:
        if complete and not text:
            return None, text, e["text"]
        return None, text, ""
    if not raw:
        if complete and not text:
            return None, text, e["missing"]
        return None, text, ""
    if text:
        return None, text, e["both"]
    number = parse_number(raw)
    if number is None:
        return None, text, e["number"].format(value=raw)
    if ind.unit == Unit.PERCENT and not 0 <= number <= 100:
        return None, text, e["percent"].format(value=raw)
    if ind.unit == Unit.COUNT and (number < 0 or not float(number).is_integer()):
        return None, text, e["count"].format(value=raw)
    if ind.unit == Unit.CURRENCY and number < 0:
        return None, text, e["negative"].format(value=raw)
    return number, "", ""


def report_indicators(parsed: Plan, report: Report) -> list[Indicator]:
    if report.is_measure:
        return [i for i in _of_measure(parsed).get(report.subject, []) if i.computed is None]
    return [parsed.indicator(report.subject)]


_by_measure: dict[int, tuple[Plan, dict[str, list[Indicator]]]] = {}


def _of_measure(parsed: Plan) -> dict[str, list[Indicator]]:
    """The indicators of each measure, worked out once per parsed plan."""
    found = _by_measure.get(id(parsed))
    if found is not None and found[0] is parsed:
        return found[1]
    grouped: dict[str, list[Indicator]] = {}
    for i in parsed.indicators:
        if i.measure:
            grouped.setdefault(i.measure, []).append(i)
    if len(_by_measure) > 64:
        _by_measure.clear()
    _by_measure[id(parsed)] = (parsed, grouped)
    return grouped


@dataclass
class Entered:
    values: dict[str, tuple[float | None, str]]
    measure_status: str
    comment: str
    evidence_link: str
    errors: dict[str, str]


def read_entries(parsed: Plan, report: Report, data, lang: str, *, complete: bool) -> Entered:
    errors: dict[str, str] = {}
    values: dict[str, tuple[float | None, str]] = {}
    for ind in report_indicators(parsed, report):
        value, text, error = check_value(
            ind,
            data.get(f"value-{ind.id}", ""),
            data.get(f"text-{ind.id}", ""),
            lang,
            complete=complete,
        )
        if error:
            errors[f"value-{ind.id}"] = error
        values[ind.id] = (value, text)
    status = data.get("measure_status", "").strip()
    unknown = status and status not in MeasureStatus._value2member_map_
    if report.is_measure and (unknown or (complete and not status)):
        errors["measure_status"] = ERRORS[lang]["status"]
    link = data.get("evidence_link", "").strip()
    if link:
        try:
            URLValidator(schemes=["https", "http"])(link)
        except ValidationError:
            errors["evidence_link"] = ERRORS[lang]["link"]
    return Entered(values, status, data.get("comment", "").strip(), link, errors)


def save_report(
    report: Report, *, user, data, evidence=None, send: bool = False, lang: str = "de"
) -> dict[str, str]:
    """Save the owner's entries as a draft (``send``: and send them). Returns the errors by
    field (nothing is saved when there are any). Approved or sent reports are not changed."""
    if report.state not in ("open", "draft", "returned"):
        raise Refused([catalogue.text("plan_refused.not_open")])
    parsed = selectors.structure(report.round.plan)
    entered = read_entries(parsed, report, data, lang, complete=send)
    if evidence is not None and evidence.size > MAX_EVIDENCE:
        entered.errors["evidence_file"] = ERRORS[lang]["file"]
    if entered.errors:
        return entered.errors
    with transaction.atomic():
        old = {v.indicator: (v.value, v.text) for v in report.values.all()}
        for ind, (value, text) in entered.values.items():
            ReportValue.objects.update_or_create(
                report=report, indicator=ind, defaults={"value": value, "text": text}
            )
        report.measure_status = entered.measure_status
        report.comment = entered.comment
        report.evidence_link = entered.evidence_link
        if evidence is not None:
            report.evidence = evidence.read()
            report.evidence_name = Path(evidence.name).name[:200]
        report.updated_at = timezone.now()
        report.state = "sent" if send else "draft"
        if send:
            report.sent_at = report.updated_at
            plan = report.round.plan
            for ind, (value, text) in entered.values.items():
                before = old.get(ind)
                audit(
                    plan,
                    user,
                    ind,
                    Text("plan_audit.value_sent", period=report.round.period),
                    old=_shown(*before) if before else "",
                    new=_shown(value, text),
                )
            if report.is_measure:
                audit(
                    plan,
                    user,
                    report.subject,
                    Text("plan_audit.report_sent", period=report.round.period),
                    new=f"{entered.measure_status}: {entered.comment}",
                )
        report.save()
    return {}


def _shown(value: float | None, text: str) -> str | Text:
    """A value for the audit trail: the number, else why there is none (or nothing)."""
    from lipkit.controlling.files import format_number

    if value is not None:
        return format_number(value)
    return Text("plan_audit.no_value", text=text) if text else ""


def review(report: Report, *, by, approve: bool, note: str = "", lang: str = "de") -> None:
    """Approve a sent report (its values become the plan's actual values, locked) or return it
    with a note the owner sees."""
    if report.state != "sent":
        raise Refused([catalogue.text("plan_refused.review_sent", lang)])
    plan = report.round.plan
    with transaction.atomic():
        if approve:
            values = {v.indicator: (v.value, v.text) for v in report.values.all()}
            _apply(report, values, report.measure_status, report.comment, by=by, reason="")
            report.state = "approved"
            approved = Text("plan_audit.report_approved", period=report.round.period)
            audit(plan, by, report.subject, approved)
        else:
            if not note.strip():
                raise FieldErrors({"note": ERRORS[lang]["note"]})
            report.state = "returned"
            report.note = note.strip()
            audit(
                plan,
                by,
                report.subject,
                Text("plan_audit.report_returned", period=report.round.period),
                reason=note.strip(),
            )
        report.reviewed_at = timezone.now()
        report.save()
        _bump(plan)


def _apply(report: Report, values, status: str, comment: str, *, by, reason: str) -> None:
    """Write approved values into the plan (actual values at the round's date)."""
    rnd = report.round
    plan = rnd.plan
    parsed = selectors.structure(plan)
    for ind_id, (value, text) in values.items():
        ind = parsed.indicator(ind_id)
        if value is None and ind.unit != Unit.QUALITATIVE:
            existing = PlanValue.objects.filter(
                plan=plan, indicator=ind_id, kind=str(VK.ACTUAL), date=rnd.date, computed=False
            ).first()
            if existing is not None:  # a correction to "no value": the old value is kept aside
                audit(
                    plan,
                    by,
                    ind_id,
                    Text("plan_audit.actual", date=rnd.date.isoformat()),
                    old=_shown(existing.value, existing.comment),
                    new=_shown(None, text),
                    reason=reason,
                )
                existing.value = None
                existing.comment = text
                existing.save()
            continue
        row, created = PlanValue.objects.get_or_create(
            plan=plan,
            indicator=ind_id,
            kind=str(VK.ACTUAL),
            date=rnd.date,
            computed=False,
            defaults={"value": value, "source": report_source(rnd.period), "comment": text},
        )
        old = "" if created else _shown(row.value, row.comment)
        if not created:
            row.value, row.comment = value, text
            row.save()
        audit(
            plan,
            by,
            ind_id,
            Text("plan_audit.actual", date=rnd.date.isoformat()),
            old=old,
            new=_shown(value, text),
            reason=reason,
        )
    if report.is_measure and status:
        state = MeasureState.objects.filter(plan=plan, measure=report.subject).first()
        old_status = state.status if state else str(parsed_measure_status(parsed, report.subject))
        MeasureState.objects.update_or_create(
            plan=plan,
            measure=report.subject,
            defaults={"status": status, "report_date": rnd.date, "report": comment},
        )
        audit(
            plan,
            by,
            report.subject,
            Text("plan_audit.measure_status"),
            old=_status_word(old_status),
            new=_status_word(status),
            reason=reason,
        )


def _status_word(status: str) -> str | Text:
    """A measure's implementation status for the audit trail: its word (``measure_status.*``)."""
    if status in MeasureStatus._value2member_map_:
        return Text(f"measure_status.{status}")
    return status


def parsed_measure_status(parsed: Plan, measure_id: str) -> str:
    return next((str(m.status) for m in parsed.measures if m.id == measure_id), "")


def request_correction(report: Report, *, user, data, reason: str, lang: str = "de") -> Correction:
    if report.state != "approved":
        raise Refused([catalogue.text("plan_refused.correct_approved")])
    errors = {}
    if not reason.strip():
        errors["reason"] = ERRORS[lang]["reason"]
    parsed = selectors.structure(report.round.plan)
    entered = read_entries(parsed, report, data, lang, complete=True)
    errors.update(entered.errors)
    if errors:
        raise FieldErrors(errors)
    values = {k: [v, t] for k, (v, t) in entered.values.items()}
    values["__status__"] = [None, entered.measure_status]
    values["__comment__"] = [None, entered.comment]
    with transaction.atomic():
        correction = Correction.objects.create(
            report=report,
            requested_by=user,
            requested_at=timezone.now(),
            reason=reason.strip(),
            values=values,
        )
        audit(
            report.round.plan,
            user,
            report.subject,
            Text("plan_audit.correction_requested", period=report.round.period),
            reason=reason.strip(),
        )
    return correction


def review_correction(correction: Correction, *, by, approve: bool) -> None:
    if correction.state != "pending":
        raise Refused([catalogue.text("plan_refused.decided")])
    report = correction.report
    plan = report.round.plan
    with transaction.atomic():
        if approve:
            values = dict(correction.values)
            status = values.pop("__status__", [None, report.measure_status])[1]
            comment = values.pop("__comment__", [None, report.comment])[1]
            _apply(
                report,
                {k: (v[0], v[1]) for k, v in values.items()},
                status,
                comment,
                by=by,
                reason=correction.reason,
            )
            for ind, (value, text) in values.items():
                ReportValue.objects.update_or_create(
                    report=report, indicator=ind, defaults={"value": value, "text": text}
                )
            report.measure_status, report.comment = status, comment
            report.save()
            correction.state = "approved"
        else:
            correction.state = "refused"
        correction.reviewed_at = timezone.now()
        correction.save()
        audit(
            plan,
            by,
            report.subject,
            Text(
                "plan_audit.correction_approved" if approve else "plan_audit.correction_refused",
                period=report.round.period,
            ),
            reason=correction.reason,
        )
        _bump(plan)


# -- downloads ----------------------------------------------------------------------------------


def workbook_bytes(plan: ControlPlan, *, by) -> bytes:
    from lipkit.controlling.workbook import write_workbook

    with tempfile.TemporaryDirectory(prefix="lipkit-plan-") as tmp:
        path = Path(tmp) / "plan.xlsx"
        write_workbook(selectors.current_plan(plan), path)
        audit(plan, by, "plan", Text("plan_audit.download"), new=Text("plan_audit.workbook"))
        return path.read_bytes()


def folder_bytes(plan: ControlPlan, *, by) -> bytes:
    """The study folder: every stored file, with ``plan/plan.yaml`` and ``plan/values.csv``
    as they stand now (approved values and measure status)."""
    with tempfile.TemporaryDirectory(prefix="lipkit-plan-") as tmp:
        write_plan(selectors.current_plan(plan), Path(tmp))
        written = {f"{PLAN_DIR}/{p.name}": p.read_bytes() for p in Path(tmp).iterdir()}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path, content in PlanFile.objects.filter(plan=plan).values_list("path", "content"):
            if path not in written:
                archive.writestr(f"{plan.slug}/{path}", bytes(content))
        for path, content in written.items():
            archive.writestr(f"{plan.slug}/{path}", content)
    audit(plan, by, "plan", Text("plan_audit.download"), new=Text("plan_audit.folder"))
    return out.getvalue()


def audit_csv(plan: ControlPlan, subjects: list[str] | None = None, lang: str = "de") -> str:
    """The audit trail as CSV, its texts in ``lang`` (those of rows written before the codes
    as stored)."""
    rows = AuditEntry.objects.filter(plan=plan)
    if subjects is not None:
        rows = rows.filter(subject__in=subjects)
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["at", "user", "subject", "field", "old", "new", "reason"])
    for e in rows.order_by("at", "pk"):
        writer.writerow(
            [
                e.at.isoformat(timespec="seconds"),
                e.username,
                e.subject,
                *(e.shown(column, lang) for column in AuditEntry.COLUMNS),
            ]
        )
    return text.getvalue()
