"""The integration plan as data: fields of action → strategic goals → goals → measures, and
indicators with baselines, targets and actual values.

Everything here is plain, frozen data; ``lipkit.controlling.files`` reads and writes it
(``plan/plan.yaml`` and ``plan/values.csv``, or one Excel workbook), ``status`` computes
where each indicator stands, ``check`` lists what the plan still lacks to be steerable.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    """Monitoring: a state of the city the administration does not control alone.
    Controlling: what a measure delivers."""

    MONITORING = "monitoring"
    CONTROLLING = "controlling"


class Unit(StrEnum):
    COUNT = "count"
    PERCENT = "percent"
    CURRENCY = "currency"
    ORDINAL = "ordinal"
    QUALITATIVE = "qualitative"


class Direction(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"


class Frequency(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    HALF_YEARLY = "half_yearly"
    YEARLY = "yearly"

    @property
    def months(self) -> int:
        return {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}[self.value]


class MeasureStatus(StrEnum):
    PLANNED = "geplant"
    ACTIVE = "in_umsetzung"
    DONE = "umgesetzt"
    REGULAR = "regelbetrieb"  # in den Regelbetrieb übergegangen
    STOPPED = "eingestellt"


class ValueKind(StrEnum):
    BASELINE = "baseline"
    TARGET = "target"
    ACTUAL = "actual"


class SurveyMeasure(StrEnum):
    """What a survey-fed indicator takes from the analysis: the share of the named options,
    the top-2 or bottom-2 box of a scale (all in percent of the base), or the mean."""

    SHARE = "share"
    TOP2 = "top2"
    BOTTOM2 = "bottom2"
    MEAN = "mean"


@dataclass(frozen=True)
class Owner:
    """Who is responsible: a unit of the org tree (its code) and a named role."""

    unit: str = ""
    role: str = ""

    def __bool__(self) -> bool:
        return bool(self.unit or self.role)


@dataclass(frozen=True)
class Wave:
    """A survey wave of this study: its responses file (relative to the study folder)."""

    id: str
    date: dt.date
    responses: str
    study_wave: str = ""
    """The label of one of the study's waves (lipkit.study.waves, e.g. ``waves/2014/``): its
    own questionnaire and responses, each question followed through the wave mappings."""


ALL_WAVES = ("alle",)
"""``survey: {waves: alle}``: every wave of the plan."""


@dataclass(frozen=True)
class SurveySource:
    wave: str
    question: str
    measure: SurveyMeasure = SurveyMeasure.SHARE
    options: tuple[str, ...] = ()
    waves: tuple[str, ...] = ()
    """Several waves (``waves: [a, b]``, or every wave of the plan): one value per wave, each
    at its wave's date — a period each. Empty: the one ``wave``."""

    def wave_ids(self, plan_waves: tuple[Wave, ...] = ()) -> tuple[str, ...]:
        """The ids of the waves this source reads (``alle``: the plan's, by date)."""
        if self.waves == ALL_WAVES:
            return tuple(w.id for w in sorted(plan_waves, key=lambda w: w.date))
        return self.waves or ((self.wave,) if self.wave else ())


@dataclass(frozen=True)
class RatioSource:
    """numerator / denominator × factor, at each date the numerator has a value."""

    numerator: str
    denominator: str
    factor: float = 1.0


@dataclass(frozen=True)
class ImportSource:
    """Actual values read from a CSV (e.g. from the statistics office) in the study folder."""

    file: str
    date_column: str = "datum"
    value_column: str = "wert"


Source = SurveySource | RatioSource | ImportSource | None  # None: entered by hand


@dataclass(frozen=True)
class Value:
    """One baseline, target or actual value of an indicator."""

    indicator: str
    kind: ValueKind
    date: dt.date
    value: float | None  # None: a qualitative value (text in ``comment``) or suppressed
    source: str = ""
    comment: str = ""
    line: int | None = None  # where it was read (values.csv line), for messages


SUPPRESSED = "suppressed"
"""The comment of a survey value hidden under the minimum group size (n < k): a code, shown in
the reader's language (``plan_value.suppressed``)."""
SUPPRESSED_BEFORE = "n < k, nicht ausgewiesen"
"""What plan files and databases written before the code hold instead: the same code."""
SURVEY_SOURCE_BEFORE = "Befragung "


@dataclass(frozen=True)
class SurveyOrigin:
    """Where a survey-fed value comes from: a wave of the plan and a question's name."""

    wave: str
    question: str

    @property
    def code(self) -> str:
        """The value's ``source`` as stored: ``survey:{wave}:{question}``."""
        return f"survey:{self.wave}:{self.question}"


def survey_origin(source: str) -> SurveyOrigin | None:
    """The wave and question a value's ``source`` names, if it is a survey's: the code
    ``survey:{wave}:{question}``, or ``Befragung {wave}: {question}`` as lipkit stored it
    before (a question's name has no colon; a wave's id may)."""
    if source.startswith("survey:"):
        wave, sep, question = source[len("survey:") :].rpartition(":")
    elif source.startswith(SURVEY_SOURCE_BEFORE):
        wave, sep, question = source[len(SURVEY_SOURCE_BEFORE) :].rpartition(": ")
    else:
        return None
    return SurveyOrigin(wave, question) if sep and wave and question else None


REPORTED_BEFORE = re.compile(r"Bericht (\d{4}(?:-H[12]|-Q[1-4]|-\d{2})?)")


def report_source(period: str) -> str:
    """The ``source`` of an actual value approved in a round of controlling online:
    ``report:{period}``."""
    return f"report:{period}"


def reported_period(source: str) -> str | None:
    """The round's period a value's ``source`` names (``report:{period}``, or ``Bericht
    {period}`` as controlling online stored it before), else None."""
    if source.startswith("report:"):
        return source[len("report:") :] or None
    before = REPORTED_BEFORE.fullmatch(source)
    return before[1] if before else None


def is_suppressed(comment: str) -> bool:
    """Whether a value's ``comment`` says that the survey's number is hidden (n < k)."""
    return comment in (SUPPRESSED, SUPPRESSED_BEFORE)


PLAN_LANGUAGE = "de"
"""The language a plan is written in: ``title``; ``title::en`` gives the English title."""


class Titled:
    """A plan, field, strategic goal, goal, measure or indicator: its ``title`` in the plan's
    language and, from ``title::en`` (the ``::en`` of XLSForm and ``org.csv``), in others."""

    title: str
    titles: dict[str, str]

    def title_in(self, language: str) -> str:
        """The title in ``language`` where the plan gives one, else the plan's own."""
        return self.titles.get(language) or self.title

    def title_lang(self, language: str) -> str:
        """The language of ``title_in(language)`` where it is not ``language`` (a German
        title in an English report: "de", to be marked as such), else ""."""
        if language == PLAN_LANGUAGE or self.titles.get(language):
            return ""
        return PLAN_LANGUAGE


def values_by_indicator(values: Iterable[Value]) -> dict[str, list[Value]]:
    """The values of each indicator, in their order: a plan has thousands of values, looked up
    per indicator."""
    grouped: dict[str, list[Value]] = {}
    for v in values:
        grouped.setdefault(v.indicator, []).append(v)
    return grouped


@dataclass(frozen=True)
class Indicator(Titled):
    id: str
    title: str
    kind: Kind
    unit: Unit
    direction: Direction = Direction.HIGHER
    goal: str = ""  # the goal it belongs to, or
    measure: str = ""  # the measure it belongs to
    definition: str = ""
    source: str = ""  # where values come from, in words (e.g. "Personalstatistik")
    method: str = ""
    frequency: Frequency | None = None
    cumulative: bool = False  # values of periods add up (e.g. staff trained per year)
    responsible: Owner = field(default_factory=Owner)
    computed: Source = None
    line: int | None = None
    titles: dict[str, str] = field(default_factory=dict, hash=False)  # title::en -> {"en": …}


@dataclass(frozen=True)
class Measure(Titled):
    id: str
    title: str
    owner: Owner = field(default_factory=Owner)
    start: dt.date | None = None
    end: dt.date | None = None
    budget: float | None = None
    goals: tuple[str, ...] = ()
    status: MeasureStatus = MeasureStatus.PLANNED
    reason: str = ""  # why it was stopped
    report_date: dt.date | None = None  # the owner's last report on it
    report: str = ""
    line: int | None = None
    titles: dict[str, str] = field(default_factory=dict, hash=False)  # title::en -> {"en": …}


@dataclass(frozen=True)
class Goal(Titled):
    """An operational goal (Ziel)."""

    id: str
    title: str
    recommendations: tuple[str, ...] = ()  # "HE 9": what the evaluation recommended
    figures: tuple[str, ...] = ()  # figure/question ids of the evaluation report it answers
    line: int | None = None
    titles: dict[str, str] = field(default_factory=dict, hash=False)  # title::en -> {"en": …}


@dataclass(frozen=True)
class StrategicGoal(Titled):
    """A strategic goal (Leitziel)."""

    id: str
    title: str
    goals: tuple[Goal, ...] = ()
    line: int | None = None
    titles: dict[str, str] = field(default_factory=dict, hash=False)  # title::en -> {"en": …}


@dataclass(frozen=True)
class Field(Titled):
    """A field of action (Handlungsfeld)."""

    id: str
    title: str
    strategic_goals: tuple[StrategicGoal, ...] = ()
    recommendations: tuple[str, ...] = ()
    line: int | None = None
    titles: dict[str, str] = field(default_factory=dict, hash=False)  # title::en -> {"en": …}


@dataclass(frozen=True)
class Thresholds:
    """Progress at or above ``on_track`` is "im Plan", at or above ``at_risk`` "gefährdet"."""

    on_track: float = 0.95
    at_risk: float = 0.6


@dataclass(frozen=True)
class Plan(Titled):
    title: str
    fields: tuple[Field, ...] = ()
    measures: tuple[Measure, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    values: tuple[Value, ...] = ()
    waves: tuple[Wave, ...] = ()
    thresholds: Thresholds = field(default_factory=Thresholds)
    titles: dict[str, str] = field(default_factory=dict, hash=False)  # title::en -> {"en": …}

    def goals(self) -> list[tuple[Field, StrategicGoal, Goal]]:
        return [(f, s, g) for f in self.fields for s in f.strategic_goals for g in s.goals]

    def titled(self) -> dict[str, Titled]:
        """Every field, strategic goal, goal, measure and indicator by id."""
        found: dict[str, Titled] = {}
        for f in self.fields:
            found[f.id] = f
            for s in f.strategic_goals:
                found[s.id] = s
                found |= {g.id: g for g in s.goals}
        return found | {m.id: m for m in self.measures} | {i.id: i for i in self.indicators}

    def indicator(self, id: str) -> Indicator:
        for ind in self.indicators:
            if ind.id == id:
                return ind
        raise KeyError(id)
