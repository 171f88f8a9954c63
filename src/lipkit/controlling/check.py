"""``lipkit plan check``: the reference's recommendation (HE 17), step (2) — is every goal
measurable, every indicator complete, every measure owned and tied to a goal?

Each finding is one line in German (or English); errors make the plan unsteerable, warnings
are worth a look.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from lipkit.controlling.model import Plan, Unit, ValueKind
from lipkit.controlling.status import goal_indicators


@dataclass(frozen=True)
class Finding:
    severity: Literal["error", "warning"]
    subject: str  # the id of the goal, indicator or measure
    de: str
    en: str

    def text(self, lang: str = "de") -> str:
        word = {"error": ("Fehler", "Error"), "warning": ("Warnung", "Warning")}[self.severity]
        return f"{word[lang != 'de']}: {self.subject}: {self.de if lang == 'de' else self.en}"


def check_plan(plan: Plan, org_units: set[str] | None = None) -> list[Finding]:
    """Every gap in the plan, in plan order. ``org_units``: codes of the study's org tree; an
    owner or responsible unit outside it is an error."""
    found: list[Finding] = []

    def error(subject: str, de: str, en: str) -> None:
        found.append(Finding("error", subject, de, en))

    of_goal = goal_indicators(plan)
    own = {i.goal for i in plan.indicators if i.goal}
    for _, _, goal in plan.goals():
        if goal.id not in own and not of_goal.get(goal.id):
            error(goal.id, "Ziel ohne Indikator", "goal without an indicator")
    values: dict[str, dict[ValueKind, list]] = {}
    for v in plan.values:
        values.setdefault(v.indicator, {}).setdefault(v.kind, []).append(v)
    for ind in plan.indicators:
        mine = values.get(ind.id, {})
        if ind.unit != Unit.QUALITATIVE:
            if not mine.get(ValueKind.BASELINE):
                error(ind.id, "Indikator ohne Ausgangswert", "indicator without a baseline")
            if not mine.get(ValueKind.TARGET):
                error(ind.id, "Indikator ohne Zielwert", "indicator without a target")
        if not ind.source and ind.computed is None:
            error(ind.id, "Indikator ohne Quelle", "indicator without a source")
        if ind.frequency is None:
            error(
                ind.id,
                "Indikator ohne Berichtsrhythmus (frequency)",
                "indicator without a reporting frequency",
            )
        if not ind.responsible.unit:
            error(
                ind.id,
                "Indikator ohne verantwortliche Stelle",
                "indicator without a responsible unit",
            )
        elif org_units is not None and ind.responsible.unit not in org_units:
            error(
                ind.id,
                f"verantwortliche Stelle {ind.responsible.unit!r} nicht im Organigramm",
                f"responsible unit {ind.responsible.unit!r} not in the org tree",
            )
        for target in mine.get(ValueKind.TARGET, []):
            problem = _unmeasurable(ind.unit, target.value)
            if problem:
                error(
                    ind.id,
                    f"Zielwert {target.value!r} zum {target.date.isoformat()} {problem[0]}",
                    f"target {target.value!r} for {target.date.isoformat()} {problem[1]}",
                )
    for m in plan.measures:
        if not m.owner.unit:
            error(m.id, "Maßnahme ohne verantwortliche Stelle", "measure without an owner")
        elif org_units is not None and m.owner.unit not in org_units:
            error(
                m.id,
                f"verantwortliche Stelle {m.owner.unit!r} nicht im Organigramm",
                f"owner {m.owner.unit!r} not in the org tree",
            )
        if not m.goals:
            error(m.id, "Maßnahme ohne Ziel", "measure without a goal")
        if m.status == "eingestellt" and not m.reason:
            error(m.id, "eingestellte Maßnahme ohne Grund", "stopped measure without a reason")
        if m.start and m.end and m.end < m.start:
            error(m.id, "Ende vor Beginn", "end before start")
    return found


def _unmeasurable(unit: Unit, value: float | None) -> tuple[str, str] | None:
    """Why a target cannot be measured by an indicator of ``unit``, or None."""
    if unit == Unit.QUALITATIVE:
        return (
            "ist mit einem qualitativen Indikator nicht messbar",
            "cannot be measured by a qualitative indicator",
        )
    if value is None:
        return ("fehlt", "is missing")
    if unit == Unit.PERCENT and not 0 <= value <= 100:
        return ("liegt nicht zwischen 0 und 100 %", "is not between 0 and 100 %")
    if unit == Unit.COUNT and (value < 0 or not float(value).is_integer()):
        return ("ist keine Anzahl (ganze Zahl ≥ 0)", "is not a count (whole number ≥ 0)")
    if unit == Unit.CURRENCY and value < 0:
        return ("ist negativ", "is negative")
    return None
