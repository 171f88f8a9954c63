"""The status rule of lipkit.controlling.status, with values worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from lipkit.controlling.model import (
    Direction,
    Field,
    Frequency,
    Goal,
    Indicator,
    Kind,
    Measure,
    Plan,
    StrategicGoal,
    Thresholds,
    Unit,
    Value,
    ValueKind,
)
from lipkit.controlling.status import (
    Status,
    expected_at,
    indicator_status,
    months_before,
    plan_status,
)

D = dt.date
B, T, A = ValueKind.BASELINE, ValueKind.TARGET, ValueKind.ACTUAL


def ind(id="x", **kw) -> Indicator:
    kw.setdefault("kind", Kind.MONITORING)
    kw.setdefault("unit", Unit.PERCENT)
    kw.setdefault("frequency", Frequency.YEARLY)
    return Indicator(id=id, title=id, **kw)


def values(*rows, id="x") -> list[Value]:
    return [Value(id, kind, date, value) for kind, date, value in rows]


# Baseline 10 on 2021-01-01, target 30 on 2023-01-01: 730 days, so on 2022-01-01 (365 days)
# the path expects exactly 20, and progress = (actual - 10) / 10.
RISING = [(B, D(2021, 1, 1), 10), (T, D(2023, 1, 1), 30)]


@pytest.mark.parametrize(
    ("actual", "progress", "status"),
    [
        (19.5, 0.95, Status.IM_PLAN),  # exactly the on-track threshold
        (16, 0.6, Status.GEFAEHRDET),  # exactly the at-risk threshold
        (15.9, 0.59, Status.NICHT_IM_PLAN),
        (8, -0.2, Status.NICHT_IM_PLAN),  # worse than the baseline
        (30, 2.0, Status.ERREICHT),  # the last target is met
    ],
)
def test_rising_indicator(actual, progress, status):
    s = indicator_status(ind(), values(*RISING, (A, D(2022, 1, 1), actual)), D(2022, 6, 30))
    assert s.expected == 20
    assert s.progress == pytest.approx(progress)
    assert s.status == status


def test_falling_indicator_mirrors_the_rule():
    # Lower is better: 40 -> 20; expected 30 on 2022-01-01.
    falling = [(B, D(2021, 1, 1), 40), (T, D(2023, 1, 1), 20)]
    lower = ind(direction=Direction.LOWER)
    at = D(2022, 3, 1)
    s31 = indicator_status(lower, values(*falling, (A, D(2022, 1, 1), 31)), at)
    assert (s31.expected, s31.progress, s31.status) == (30, pytest.approx(0.9), Status.GEFAEHRDET)
    s29 = indicator_status(lower, values(*falling, (A, D(2022, 1, 1), 29)), at)
    assert (s29.progress, s29.status) == (pytest.approx(1.1), Status.IM_PLAN)
    s45 = indicator_status(lower, values(*falling, (A, D(2022, 1, 1), 45)), at)
    assert (s45.progress, s45.status) == (pytest.approx(-0.5), Status.NICHT_IM_PLAN)
    s20 = indicator_status(lower, values(*falling, (A, D(2022, 1, 1), 19)), at)
    assert s20.status == Status.ERREICHT


def test_cumulative_indicator_adds_up_the_periods():
    # Staff trained: 0 at the start, 300 by 2023-01-01; 60 and 80 trained in two periods.
    rows = [(B, D(2021, 1, 1), 0), (T, D(2023, 1, 1), 300)]
    rows += [(A, D(2021, 7, 1), 60), (A, D(2022, 1, 1), 80)]
    cumulative = ind(unit=Unit.COUNT, kind=Kind.CONTROLLING, cumulative=True)
    s = indicator_status(cumulative, values(*rows), D(2022, 2, 1))
    # level 140, expected 150 on 2022-01-01: progress 140/150
    assert (s.level, s.expected) == (140, 150)
    assert s.progress == pytest.approx(140 / 150)
    assert s.status == Status.GEFAEHRDET
    # Read as a stock, the same values would be 80 of 150 expected: off track.
    stock = indicator_status(ind(unit=Unit.COUNT), values(*rows), D(2022, 2, 1))
    assert (stock.level, stock.status) == (80, Status.NICHT_IM_PLAN)


def test_overdue_indicator_is_held_to_its_last_target():
    # After the last target's date the path stays at the target: 25 of 30 expected -> 0.75.
    rows = [*RISING, (A, D(2023, 6, 1), 25)]
    s = indicator_status(ind(), values(*rows), D(2023, 6, 30))
    assert (s.expected, s.progress, s.status) == (30, pytest.approx(0.75), Status.GEFAEHRDET)


def test_no_data_when_the_newest_value_is_older_than_one_period():
    rows = [*RISING, (A, D(2022, 1, 1), 20)]
    assert indicator_status(ind(), values(*rows), D(2023, 1, 1)).status == Status.IM_PLAN
    assert indicator_status(ind(), values(*rows), D(2023, 1, 2)).status == Status.KEINE_DATEN
    quarterly = ind(frequency=Frequency.QUARTERLY)
    assert indicator_status(quarterly, values(*rows), D(2022, 4, 2)).status == Status.KEINE_DATEN
    # No actual at all, and an actual dated after the status date does not count.
    assert indicator_status(ind(), values(*RISING), D(2022, 1, 1)).status == Status.KEINE_DATEN
    later = indicator_status(ind(), values(*rows), D(2021, 12, 31))
    assert later.status == Status.KEINE_DATEN


def test_without_baseline_target_or_number_there_is_no_rating():
    only_target = values((T, D(2023, 1, 1), 30), (A, D(2022, 1, 1), 20))
    assert indicator_status(ind(), only_target, D(2022, 1, 1)).status == Status.OHNE_BEWERTUNG
    qualitative = ind(unit=Unit.QUALITATIVE)
    assert indicator_status(qualitative, values(*RISING), D(2022, 1, 1)).status == (
        Status.OHNE_BEWERTUNG
    )


def test_thresholds_come_from_the_plan():
    rows = values(*RISING, (A, D(2022, 1, 1), 18))  # progress 0.8
    strict = Thresholds(on_track=0.9, at_risk=0.85)
    assert indicator_status(ind(), rows, D(2022, 1, 1)).status == Status.GEFAEHRDET
    assert indicator_status(ind(), rows, D(2022, 1, 1), strict).status == Status.NICHT_IM_PLAN


def test_target_path_runs_through_every_target():
    base = Value("x", B, D(2020, 1, 1), 0)
    targets = [Value("x", T, D(2021, 1, 1), 10), Value("x", T, D(2022, 1, 1), 30)]
    assert expected_at(D(2019, 6, 1), base, targets) == 0
    assert expected_at(D(2021, 1, 1), base, targets) == 10
    assert expected_at(D(2021, 7, 2), base, targets) == pytest.approx(10 + 20 * 182 / 365)
    assert expected_at(D(2025, 1, 1), base, targets) == 30


def test_months_before_keeps_the_day_or_takes_the_months_last():
    assert months_before(D(2023, 1, 2), 12) == D(2022, 1, 2)
    assert months_before(D(2022, 5, 31), 3) == D(2022, 2, 28)
    assert months_before(D(2022, 1, 15), 1) == D(2021, 12, 15)


def test_goals_and_fields_take_the_worst_status_of_their_indicators():
    plan = Plan(
        title="t",
        fields=(
            Field(
                "hf",
                "Feld",
                strategic_goals=(
                    StrategicGoal("lz", "Leitziel", goals=(Goal("z1", "Z1"), Goal("z2", "Z2"))),
                ),
            ),
        ),
        measures=(Measure("m1", "M1", goals=("z2",)),),
        indicators=(ind("a", goal="z1"), ind("b", goal="z1"), ind("c", measure="m1")),
        values=(
            *values(*RISING, (A, D(2022, 1, 1), 20), id="a"),  # im Plan
            *values(*RISING, (A, D(2022, 1, 1), 17), id="b"),  # gefährdet (0.7)
            *values(*RISING, id="c"),  # keine aktuellen Daten
        ),
    )
    status = plan_status(plan, D(2022, 6, 30))
    got = {n.id: (n.status, n.counts, n.indicators) for n in status.nodes}
    assert got["z1"] == (
        Status.GEFAEHRDET,
        {Status.IM_PLAN: 1, Status.GEFAEHRDET: 1},
        ("a", "b"),
    )
    # z2 has no indicator of its own: its measure's indicator counts for it.
    assert got["z2"] == (Status.KEINE_DATEN, {Status.KEINE_DATEN: 1}, ("c",))
    # keine aktuellen Daten is worse than gefährdet
    assert got["lz"][0] == got["hf"][0] == Status.KEINE_DATEN
    assert got["hf"][1] == {Status.IM_PLAN: 1, Status.GEFAEHRDET: 1, Status.KEINE_DATEN: 1}
    assert [n.level for n in status.nodes] == [1, 2, 3, 3]
