"""Reads of controlling online: roles, the plan as ``lipkit.controlling`` data, its values and
status at a date, an owner's reports, a round's progress.

The plan's structure (``plan/plan.yaml``) and its status at a date are kept in memory per
process, keyed by the plan's :func:`state_key` (its id, its creation time and its
``revision``, raised by every change), so a page does not parse a plan of 500 measures each
time.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from django.db.models import Count, Exists, F, FilteredRelation, OuterRef, Prefetch, Q

from lipkit.controlling.files import PLAN_FILE, read_plan
from lipkit.controlling.model import Indicator, Measure, MeasureStatus, Plan, RatioSource, Value
from lipkit.controlling.model import ValueKind as VK
from lipkit.controlling.sources import ratio_values
from lipkit.controlling.status import PlanStatus, Status, plan_status, summarise
from lipkit.survey.controlling.kept import Kept
from lipkit.survey.controlling.models import (
    ControlPlan,
    Correction,
    MeasureState,
    PlanFile,
    PlanRole,
    PlanValue,
    Report,
    ReportValue,
    Round,
)

COORDINATOR = str(PlanRole.Kind.COORDINATOR)
OWNER = str(PlanRole.Kind.OWNER)
READER = str(PlanRole.Kind.READER)
PLAN_PATH = f"plan/{PLAN_FILE}"


def role_of(user, plan: ControlPlan) -> str | None:
    """``coordinator``, ``owner``, ``reader`` or None; a superuser coordinates every plan."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return COORDINATOR
    return PlanRole.objects.filter(plan=plan, user=user).values_list("kind", flat=True).first()


@dataclass(frozen=True)
class Access:
    """A plan, the role a login has on it, and, for an owner, the owner role's org unit and
    name (what :func:`owner_filter` needs)."""

    plan: ControlPlan
    role: str
    owner_as: tuple[tuple[str, str], ...]


def access(user, slug: str) -> Access | None:
    """The plan of ``slug`` and ``user``'s role on it (as :func:`role_of`) in one query; None
    if there is no such plan or no role on it."""
    if not user.is_authenticated or not user.is_active:
        return None
    plan = (
        ControlPlan.objects.filter(slug=slug)
        .annotate(mine=FilteredRelation("roles", condition=Q(roles__user=user)))
        .annotate(my_kind=F("mine__kind"), my_unit=F("mine__unit"), my_name=F("mine__name"))
        .first()
    )
    if plan is None:
        return None
    kind = plan.my_kind
    role = COORDINATOR if user.is_superuser else kind
    if role is None:
        return None
    owner_as = ((plan.my_unit, plan.my_name),) if kind == OWNER else ()
    return Access(plan, role, owner_as)


def visible_plans(user) -> list[tuple[ControlPlan, str]]:
    if user.is_superuser:
        return [(p, COORDINATOR) for p in ControlPlan.objects.order_by("title")]
    roles = PlanRole.objects.filter(user=user).select_related("plan").order_by("plan__title")
    return [(r.plan, r.kind) for r in roles]


def plan_roles(plan: ControlPlan):
    return PlanRole.objects.filter(plan=plan).select_related("user").order_by("user__username")


# -- the plan as lipkit.controlling data --------------------------------------------------------

_structures: Kept[Plan] = Kept(64, shared="plan")
_statuses: Kept[PlanStatus] = Kept(64, shared="plan-status")


def state_key(plan: ControlPlan) -> tuple:
    """What names a plan's state in memory. The id and revision alone do not: a database emptied
    and filled again (or a plan made anew after a restore) brings the same id and revision back
    with other values, and the page would show the old plan's status."""
    return (plan.pk, plan.created_at.isoformat(), plan.revision)


def structure(plan: ControlPlan) -> Plan:
    """The plan's fields, goals, measures and indicators (``plan/plan.yaml``), without values."""

    def parse() -> Plan:
        text = bytes(PlanFile.objects.get(plan=plan, path=PLAN_PATH).content)
        with tempfile.TemporaryDirectory(prefix="lipkit-plan-") as tmp:
            (Path(tmp) / PLAN_FILE).write_bytes(text)
            return read_plan(tmp)

    return _structures.get(state_key(plan), parse)


_labels: Kept[dict[str, dict[str, str]]] = Kept(64, shared="plan-labels")


def question_labels(plan: ControlPlan) -> dict[str, dict[str, str]]:
    """The labels of the questions (name -> language -> label) of the questionnaire of the
    study folder the plan was made from, for a survey value's source; none for a plan made
    from a workbook or when the questionnaire cannot be read."""

    def read() -> dict[str, dict[str, str]]:
        from lipkit.controlling.value_text import labels_of
        from lipkit.study.errors import FormError
        from lipkit.study.folder import CONFIG_NAME, QUESTIONNAIRE_NAMES, StudyFolder
        from lipkit.study.formats import load_questionnaire

        paths = set(PlanFile.objects.filter(plan=plan).values_list("path", flat=True))
        with tempfile.TemporaryDirectory(prefix="lipkit-plan-") as tmp:
            root = Path(tmp)

            def write(path: str) -> None:
                content = PlanFile.objects.get(plan=plan, path=path).content
                (root / path).parent.mkdir(parents=True, exist_ok=True)
                (root / path).write_bytes(bytes(content))

            for path in (CONFIG_NAME, *QUESTIONNAIRE_NAMES):
                if path in paths:
                    write(path)
            try:
                found = StudyFolder.at(root).questionnaire
                named = found.relative_to(root).as_posix() if found is not None else ""
                if named in paths and not (root / named).is_file():
                    write(named)
                if found is None or not found.is_file():
                    return {}
                return labels_of(load_questionnaire(found))
            except (FormError, ValueError, OSError):
                return {}

    return _labels.get(state_key(plan), read)


def stored_values(
    plan: ControlPlan, *, computed: bool | None = None, indicators: set[str] | None = None
) -> list[Value]:
    rows = PlanValue.objects.filter(plan=plan)
    if computed is not None:
        rows = rows.filter(computed=computed)
    if indicators is not None:
        rows = rows.filter(indicator__in=sorted(indicators))
    return [
        Value(i, VK(k), d, v, s, c)
        for i, k, d, v, s, c in rows.order_by("indicator", "date", "pk").values_list(
            "indicator", "kind", "date", "value", "source", "comment"
        )
    ]


def all_values(plan: ControlPlan, parsed: Plan | None = None) -> list[Value]:
    """The stored values and the ratios computed from them (as ``resolve_values`` does)."""
    parsed = parsed or structure(plan)
    values = stored_values(plan)
    by_indicator: dict[str, list[Value]] = defaultdict(list)
    for v in values:
        by_indicator[v.indicator].append(v)
    for ind in parsed.indicators:
        if isinstance(ind.computed, RatioSource):
            computed = ratio_values(ind, ind.computed, by_indicator)
            by_indicator[ind.id].extend(computed)
            values += computed
    return values


def status_at(plan: ControlPlan, date: dt.date) -> PlanStatus:

    def compute() -> PlanStatus:
        parsed = structure(plan)
        return plan_status(parsed, date, all_values(plan, parsed))

    return _statuses.get((*state_key(plan), date), compute)


def approved_states(plan: ControlPlan) -> tuple[tuple[str, str], ...]:
    """(measure, status) of each measure whose status was approved in a round, by measure."""
    return tuple(
        MeasureState.objects.filter(plan=plan).order_by("measure").values_list("measure", "status")
    )


def measure_states(
    plan: ControlPlan, parsed: Plan, approved: tuple[tuple[str, str], ...] | None = None
) -> dict[str, str]:
    """Each measure's implementation status: as approved in a round, else the plan's."""
    states = {m.id: str(m.status) for m in parsed.measures}
    states.update(approved_states(plan) if approved is None else approved)
    return states


def current_plan(plan: ControlPlan) -> Plan:
    """The plan with its stored values typed by hand (not the computed ones) and the measures'
    approved status: what ``values.csv`` and ``plan.yaml`` of a download hold."""
    parsed = structure(plan)
    states = {s.measure: s for s in MeasureState.objects.filter(plan=plan)}
    measures = []
    for m in parsed.measures:
        s = states.get(m.id)
        if s is not None:
            m = replace(
                m,
                status=MeasureStatus(s.status),
                report_date=s.report_date,
                report=s.report,
            )
        measures.append(m)
    values = tuple(
        v
        for v in stored_values(plan, computed=False)
        if v.value is not None or parsed.indicator(v.indicator).unit == "qualitative"
    )
    return replace(parsed, measures=tuple(measures), values=values)


def indicators_of_measure(parsed: Plan, measure_id: str) -> list[Indicator]:
    return [i for i in parsed.indicators if i.measure == measure_id]


def measure_status(parsed: Plan, status: PlanStatus, measure: Measure) -> Status:
    worst, _ = summarise(
        status.indicators[i.id].status for i in parsed.indicators if i.measure == measure.id
    )
    return worst


# -- rounds and reports -------------------------------------------------------------------------


def open_round(plan: ControlPlan) -> Round | None:
    found = Round.objects.filter(plan=plan, closed_at__isnull=True).order_by("-date").first()
    if found is not None:
        found.plan = plan  # the same row: ``found.plan`` needs no query of its own
    return found


def previous_round(plan: ControlPlan, before: Round) -> Round | None:
    return Round.objects.filter(plan=plan, date__lt=before.date).order_by("-date").first()


def owner_filter(user, plan: ControlPlan, owner_as: Iterable[tuple[str, str]] | None = None) -> Q:
    """The reports ``user`` reports on: by the org unit or the name of their owner role
    (``owner_as``: that role's unit and name as :func:`access` read them, else read here)."""
    q = Q(pk__in=[])
    if owner_as is None:
        owner_as = PlanRole.objects.filter(plan=plan, user=user, kind=OWNER).values_list(
            "unit", "name"
        )
    for unit, name in owner_as:
        if unit:
            q |= Q(unit=unit)
        if name:
            q |= Q(owner_name=name)
    return q


def my_reports(
    user, round: Round, owner_as: Iterable[tuple[str, str]] | None = None
) -> list[Report]:
    """The reports of ``round`` that ``user`` reports on, each with ``correction_pending``:
    whether a correction of it waits for the coordinator, and ``entered``: its values as a list
    (``report.values.all()`` would make a query set for each report on every call)."""
    return list(
        Report.objects.filter(round=round)
        .filter(owner_filter(user, round.plan, owner_as))
        .annotate(
            correction_pending=Exists(
                Correction.objects.filter(report=OuterRef("pk"), state="pending")
            )
        )
        .defer("evidence")
        .prefetch_related(Prefetch("values", ReportValue.objects.order_by("pk"), "entered"))
        .order_by("subject")
    )


def owns(user, report: Report) -> bool:
    return (
        Report.objects.filter(pk=report.pk).filter(owner_filter(user, report.round.plan)).exists()
    )


@dataclass(frozen=True)
class Progress:
    unit: str
    counts: dict[str, int]
    overdue: int


def round_progress(round: Round, today: dt.date) -> tuple[list[Progress], Progress]:
    """Reports per owner unit by state; open, draft or returned after the due date: overdue."""
    per: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    overdue: dict[str, int] = defaultdict(int)
    counted = (
        Report.objects.filter(round=round)
        .order_by()
        .values("unit", "state")
        .annotate(n=Count("pk"))
        .values_list("unit", "state", "n")
    )
    for unit, state, n in counted:  # counted by the database: one row per unit and state
        per[unit][state] += n
        if today > round.due and state in ("open", "draft", "returned"):
            overdue[unit] += n
    rows = [Progress(u, dict(c), overdue[u]) for u, c in sorted(per.items())]
    total: dict[str, int] = defaultdict(int)
    for r in rows:
        for k, n in r.counts.items():
            total[k] += n
    return rows, Progress("", dict(total), sum(overdue.values()))


def last_actual(values: list[Value], indicator: str, before: dt.date) -> Value | None:
    found = [
        v for v in values if v.indicator == indicator and v.kind == VK.ACTUAL and v.date < before
    ]
    return max(found, key=lambda v: v.date) if found else None
