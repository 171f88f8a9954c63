"""Where each indicator, goal and field of action stands at a date — by a rule nobody has to
argue about (documented in ``docs/controlling.md``).

Indicator at date ``d`` (only values dated on or before ``d`` count):

1. *ohne Bewertung*: qualitative, or no baseline, or no target.
2. *keine aktuellen Daten*: no actual value, or the newest is older than one reporting period
   (``frequency``, yearly when not given) before ``d``.
3. The actual level: the newest actual value; for a cumulative indicator the baseline plus
   the sum of all actual values so far (each value is what one period delivered).
4. *erreicht*: the level meets the last target (at or above it; at or below it when lower
   is better).
5. The expected value at the actual value's date lies on the straight line from the
   baseline (or, once a target date is past, from that target) to the next target; after the
   last target's date it is the last target.
   progress = (level − baseline) / (expected − baseline); the same formula mirrors itself
   for "lower is better". When expected equals the baseline, progress is 1 if the level is
   no worse than the baseline, else 0.
6. *im Plan* when progress ≥ ``on_track`` (0.95), *gefährdet* when ≥ ``at_risk`` (0.6),
   else *nicht im Plan*; both thresholds are set in ``plan.yaml``.

A goal summarises its own indicators and those of the measures that serve it; a strategic
goal its goals', a field its strategic goals'. Its status is the worst of them in the order
nicht im Plan, keine aktuellen Daten, gefährdet, im Plan, erreicht (missing data is worse than
a risk that is known); indicators *ohne Bewertung* are counted but never decide. The counts
per status stand beside it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import pairwise

from lipkit import catalogue
from lipkit.controlling.model import (
    Direction,
    Frequency,
    Indicator,
    Measure,
    Plan,
    Thresholds,
    Unit,
    Value,
    ValueKind,
    values_by_indicator,
)


class Status(StrEnum):
    ERREICHT = "erreicht"
    IM_PLAN = "im_plan"
    GEFAEHRDET = "gefaehrdet"
    NICHT_IM_PLAN = "nicht_im_plan"
    KEINE_DATEN = "keine_daten"
    OHNE_BEWERTUNG = "ohne_bewertung"

    def label(self, lang: str = "de") -> str:
        """The status in words (``plan_status.<value>`` of the catalogue)."""
        return catalogue.text(f"plan_status.{self.value}", lang)

    @property
    def symbol(self) -> str:
        return STATUS_SYMBOLS[self]


# A symbol per status, so that no status is told by colour alone.
STATUS_SYMBOLS: dict[Status, str] = {
    Status.ERREICHT: "★",
    Status.IM_PLAN: "✔",
    Status.GEFAEHRDET: "⚠",
    Status.NICHT_IM_PLAN: "✖",
    Status.KEINE_DATEN: "?",
    Status.OHNE_BEWERTUNG: "–",
}

DEFAULT_THRESHOLDS = Thresholds()

# Worst first: the order in which a summary picks its status.
SEVERITY = (
    Status.NICHT_IM_PLAN,
    Status.KEINE_DATEN,
    Status.GEFAEHRDET,
    Status.IM_PLAN,
    Status.ERREICHT,
)


@dataclass(frozen=True)
class IndicatorStatus:
    indicator: str
    status: Status
    baseline: Value | None = None
    level: float | None = None  # the actual level (cumulated where cumulative)
    level_date: dt.date | None = None
    expected: float | None = None  # on the target path at level_date
    progress: float | None = None
    next_target: Value | None = None  # the first target after the date, else the last one
    last_actual: Value | None = None


@dataclass(frozen=True)
class NodeStatus:
    """A field (level 1), strategic goal (2) or goal (3) with its summary."""

    level: int
    id: str
    title: str
    status: Status
    counts: dict[Status, int]
    indicators: tuple[str, ...]


@dataclass(frozen=True)
class PlanStatus:
    date: dt.date
    nodes: tuple[NodeStatus, ...]
    indicators: dict[str, IndicatorStatus] = field(default_factory=dict)


def months_before(date: dt.date, months: int) -> dt.date:
    """The same day ``months`` earlier (the month's last day where that day does not exist)."""
    index = date.year * 12 + date.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for day in (date.day, 30, 29, 28):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _interpolate(t: dt.date, a: tuple[dt.date, float], b: tuple[dt.date, float]) -> float:
    span = (b[0] - a[0]).days
    if span <= 0:
        return b[1]
    return a[1] + (b[1] - a[1]) * (t - a[0]).days / span


def expected_at(t: dt.date, baseline: Value, targets: Sequence[Value]) -> float:
    """The value on the target path at ``t``: straight lines from the baseline through the
    targets (sorted by date); before the baseline the baseline, after the last target it."""
    assert baseline.value is not None
    anchors = [(baseline.date, baseline.value)]
    anchors += [
        (v.date, v.value) for v in targets if v.date > baseline.date and v.value is not None
    ]
    if t <= anchors[0][0]:
        return anchors[0][1]
    for previous, following in pairwise(anchors):
        if t <= following[0]:
            return _interpolate(t, previous, following)
    return anchors[-1][1]


def _meets(level: float, target: float, direction: Direction) -> bool:
    return level >= target if direction == Direction.HIGHER else level <= target


def indicator_status(
    indicator: Indicator,
    values: Iterable[Value],
    date: dt.date,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> IndicatorStatus:
    """The status of one indicator at ``date`` from its values (the rule in the module doc)."""
    baselines: list[Value] = []
    targets: list[Value] = []
    actuals: list[Value] = []
    for v in values:
        if v.kind == ValueKind.TARGET:
            targets.append(v)  # targets count whatever their date: they are the plan
        elif v.date <= date:
            (baselines if v.kind == ValueKind.BASELINE else actuals).append(v)
    targets.sort(key=lambda v: v.date)
    actuals.sort(key=lambda v: v.date)
    baseline = max(baselines, key=lambda v: v.date) if baselines else None
    next_target = next((v for v in targets if v.date > date), targets[-1] if targets else None)
    last_actual = actuals[-1] if actuals else None
    result = dict(baseline=baseline, next_target=next_target, last_actual=last_actual)
    if (
        indicator.unit == Unit.QUALITATIVE
        or baseline is None
        or baseline.value is None
        or not any(t.value is not None for t in targets)
    ):
        return IndicatorStatus(indicator.id, Status.OHNE_BEWERTUNG, **result)  # type: ignore[arg-type]
    numbered = [a for a in actuals if a.value is not None]
    months = (indicator.frequency or Frequency.YEARLY).months
    if not numbered or numbered[-1].date < months_before(date, months):
        return IndicatorStatus(indicator.id, Status.KEINE_DATEN, **result)  # type: ignore[arg-type]
    newest = numbered[-1]
    assert newest.value is not None
    if indicator.cumulative:
        level = baseline.value + sum(a.value for a in numbered if a.date > baseline.date)  # type: ignore[misc]
    else:
        level = newest.value
    final = [t for t in targets if t.value is not None][-1]
    assert final.value is not None
    expected = expected_at(newest.date, baseline, targets)
    if expected == baseline.value:
        progress = 1.0 if _meets(level, baseline.value, indicator.direction) else 0.0
    else:
        progress = (level - baseline.value) / (expected - baseline.value)
    if _meets(level, final.value, indicator.direction):
        status = Status.ERREICHT
    elif progress >= thresholds.on_track:
        status = Status.IM_PLAN
    elif progress >= thresholds.at_risk:
        status = Status.GEFAEHRDET
    else:
        status = Status.NICHT_IM_PLAN
    return IndicatorStatus(
        indicator.id,
        status,
        baseline=baseline,
        level=level,
        level_date=newest.date,
        expected=expected,
        progress=progress,
        next_target=next_target,
        last_actual=last_actual,
    )


def summarise(statuses: Iterable[Status]) -> tuple[Status, dict[Status, int]]:
    """The worst status (SEVERITY) and the count of each; no rated indicator: ohne Bewertung."""
    counts = Counter(statuses)
    worst = next((s for s in SEVERITY if counts[s]), Status.OHNE_BEWERTUNG)
    return worst, {s: counts[s] for s in Status if counts[s]}


def plan_status(plan: Plan, date: dt.date, values: Iterable[Value] | None = None) -> PlanStatus:
    """Every indicator's status at ``date`` and the summary of every goal, strategic goal and
    field. ``values``: all values including computed ones (see ``sources.resolve_values``);
    by default the plan's own."""
    by_indicator = values_by_indicator(plan.values if values is None else values)
    statuses = {
        i.id: indicator_status(i, by_indicator.get(i.id, []), date, plan.thresholds)
        for i in plan.indicators
    }
    of_goal = goal_indicators(plan)
    nodes: list[NodeStatus] = []
    for f in plan.fields:
        field_ids: list[str] = []
        field_nodes: list[NodeStatus] = []
        for s in f.strategic_goals:
            s_ids: list[str] = []
            goal_nodes = []
            for g in s.goals:
                ids = of_goal.get(g.id, [])
                s_ids += ids
                goal_nodes.append(_node(3, g.id, g.title, ids, statuses))
            s_ids = list(dict.fromkeys(s_ids))
            field_ids += s_ids
            field_nodes += [_node(2, s.id, s.title, s_ids, statuses), *goal_nodes]
        nodes += [_node(1, f.id, f.title, list(dict.fromkeys(field_ids)), statuses), *field_nodes]
    return PlanStatus(date=date, nodes=tuple(nodes), indicators=statuses)


def _node(
    level: int, id: str, title: str, ids: list[str], statuses: dict[str, IndicatorStatus]
) -> NodeStatus:
    status, counts = summarise(statuses[i].status for i in ids)
    return NodeStatus(level, id, title, status, counts, tuple(ids))


def goal_indicators(plan: Plan) -> dict[str, list[str]]:
    """Each goal's indicators: its own, then those of the measures that serve it."""
    of_measure: dict[str, list[str]] = {}
    result: dict[str, list[str]] = {}
    for i in plan.indicators:
        if i.goal:
            result.setdefault(i.goal, []).append(i.id)
        elif i.measure:
            of_measure.setdefault(i.measure, []).append(i.id)
    for m in plan.measures:
        for g in m.goals:
            result.setdefault(g, []).extend(of_measure.get(m.id, []))
    return {g: list(dict.fromkeys(ids)) for g, ids in result.items()}


def measures_by_owner(plan: Plan) -> dict[str, list[Measure]]:
    result: dict[str, list[Measure]] = {}
    for m in sorted(plan.measures, key=lambda m: (m.owner.unit, m.id)):
        result.setdefault(m.owner.unit, []).append(m)
    return result
