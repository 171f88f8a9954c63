"""``lipkit plan check``: the reference's recommendation (HE 17), step (2) — is every goal
measurable, every indicator complete, every measure owned and tied to a goal?

Each finding is one line in German (or English); errors make the plan unsteerable, warnings
are worth a look.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from lipkit import catalogue
from lipkit.catalogue import Text
from lipkit.controlling.model import Plan, Unit, ValueKind
from lipkit.controlling.status import goal_indicators


@dataclass(frozen=True)
class Finding:
    severity: Literal["error", "warning"]
    subject: str  # the id of the goal, indicator or measure
    message: Text

    def text(self, lang: str = "de") -> str:
        severity = catalogue.text(f"plan_issue.{self.severity}", lang)
        return catalogue.text(
            "plan_issue.finding",
            lang,
            severity=severity,
            subject=self.subject,
            text=self.message.render(lang),
        )


def check_plan(plan: Plan, org_units: set[str] | None = None) -> list[Finding]:
    """Every gap in the plan, in plan order. ``org_units``: codes of the study's org tree; an
    owner or responsible unit outside it is an error."""
    found: list[Finding] = []

    def error(subject: str, message: Text) -> None:
        found.append(Finding("error", subject, message))

    of_goal = goal_indicators(plan)
    own = {i.goal for i in plan.indicators if i.goal}
    for _, _, goal in plan.goals():
        if goal.id not in own and not of_goal.get(goal.id):
            error(goal.id, Text("plan_check.goal_indicator"))
    values: dict[str, dict[ValueKind, list]] = {}
    for v in plan.values:
        values.setdefault(v.indicator, {}).setdefault(v.kind, []).append(v)
    for ind in plan.indicators:
        mine = values.get(ind.id, {})
        if ind.unit != Unit.QUALITATIVE:
            if not mine.get(ValueKind.BASELINE):
                error(ind.id, Text("plan_check.baseline"))
            if not mine.get(ValueKind.TARGET):
                error(ind.id, Text("plan_check.target"))
        if not ind.source and ind.computed is None:
            error(ind.id, Text("plan_check.source"))
        if ind.frequency is None:
            error(ind.id, Text("plan_check.frequency"))
        if not ind.responsible.unit:
            error(ind.id, Text("plan_check.responsible"))
        elif org_units is not None and ind.responsible.unit not in org_units:
            error(ind.id, Text("plan_check.responsible_unknown", unit=ind.responsible.unit))
        for target in mine.get(ValueKind.TARGET, []):
            problem = _unmeasurable(ind.unit, target.value)
            if problem:
                error(
                    ind.id,
                    Text(
                        "plan_check.target_value",
                        value=target.value,
                        date=target.date.isoformat(),
                        problem=problem,
                    ),
                )
    for m in plan.measures:
        if not m.owner.unit:
            error(m.id, Text("plan_check.owner"))
        elif org_units is not None and m.owner.unit not in org_units:
            error(m.id, Text("plan_check.owner_unknown", unit=m.owner.unit))
        if not m.goals:
            error(m.id, Text("plan_check.measure_goal"))
        if m.status == "eingestellt" and not m.reason:
            error(m.id, Text("plan_check.reason"))
        if m.start and m.end and m.end < m.start:
            error(m.id, Text("plan_check.end"))
    return found


def _unmeasurable(unit: Unit, value: float | None) -> Text | None:
    """Why a target cannot be measured by an indicator of ``unit``, or None."""
    if unit == Unit.QUALITATIVE:
        return Text("plan_check.qualitative")
    if value is None:
        return Text("plan_check.missing")
    if unit == Unit.PERCENT and not 0 <= value <= 100:
        return Text("plan_check.percent")
    if unit == Unit.COUNT and (value < 0 or not float(value).is_integer()):
        return Text("plan_check.count")
    if unit == Unit.CURRENCY and value < 0:
        return Text("plan_check.negative")
    return None
