"""Read and write a plan: ``plan/plan.yaml`` (structure and definitions) and
``plan/values.csv`` (baselines, targets, actual values), both for people and version control.

Every problem of both files is reported at once, each located (file, line, field, the value
found and what was expected), as :class:`PlanError`. The format is in ``docs/formats.md``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from lipkit import catalogue
from lipkit.catalogue import Text
from lipkit.controlling.model import (
    ALL_WAVES,
    PLAN_LANGUAGE,
    Direction,
    Field,
    Frequency,
    Goal,
    ImportSource,
    Indicator,
    Kind,
    Measure,
    MeasureStatus,
    Owner,
    Plan,
    RatioSource,
    Source,
    StrategicGoal,
    SurveyMeasure,
    SurveySource,
    Thresholds,
    Titled,
    Unit,
    Value,
    ValueKind,
    Wave,
)
from lipkit.study.errors import FormError

PLAN_DIR = "plan"
# The title in other languages than the plan's (``title::en``), by language.
TITLE_KEYS = {lang: f"title::{lang}" for lang in catalogue.LANGUAGES if lang != PLAN_LANGUAGE}
PLAN_FILE = "plan.yaml"
VALUES_FILE = "values.csv"
VALUE_COLUMNS = ("indicator", "kind", "date", "value", "source", "comment")

E = TypeVar("E", bound=StrEnum)


@dataclass(frozen=True)
class PlanIssue:
    """One problem in a plan file, located."""

    file: str
    line: int | None
    field: str
    value: str
    expected: str

    def text(self, lang: str = "de") -> str:
        """One line in ``lang``: file, line, field, the value found and what was expected."""
        where = catalogue.render(self.file, lang)
        if self.line:
            where += catalogue.text("plan_issue.line", lang, line=self.line)
        if self.field:
            where += catalogue.text("plan_issue.field", lang, field=self.field)
        got = catalogue.text("plan_issue.value", lang, value=self.value) if self.value else ""
        expected = catalogue.render(self.expected, lang)
        return catalogue.text("plan_issue.expected", lang, where=where, got=got, expected=expected)


class PlanError(FormError):
    """Every problem found while reading a plan; ``lines`` holds one German line each."""

    def __init__(self, issues: list[PlanIssue]) -> None:
        self.issues = issues
        first = issues[0]
        super().__init__(first.expected, column=first.field, line=first.line)

    @property
    def lines(self) -> list[str]:
        return [i.text() for i in self.issues]

    def render_lines(self, language: str = "de") -> list[str]:
        """Every problem, located (file, sheet or line, field, value, what was expected): the
        lines the command line prints and the web app shows."""
        return [i.text(language) for i in self.issues]

    def __str__(self) -> str:
        return "\n".join(self.lines)


class _Reader:
    """Turns the YAML data into the model, collecting every problem instead of stopping."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.issues: list[PlanIssue] = []

    def problem(self, node: Any, field: str, value: object, expected: Text) -> None:
        """A problem with ``field`` of the mapping ``node``: on the key's line where known."""
        shown = "" if value is None else str(value)
        self.issues.append(PlanIssue(self.file, key_line(node, field), field, shown, expected))

    def mapping(self, node: Any, where: str, allowed: Iterable[str]) -> dict[str, Any]:
        if not isinstance(node, dict):
            self.problem(node, where, node, Text("plan_expected.mapping"))
            return {}
        allowed = tuple(allowed)
        for key in node:
            if key not in allowed:
                self.problem(
                    node, str(key), None, Text("plan_expected.key", keys=", ".join(allowed))
                )
        return node

    def text(self, node: dict[str, Any], key: str, *, required: bool = False) -> str:
        value = node.get(key)
        if value is None:
            if required:
                self.problem(node, key, None, Text("plan_expected.text_required"))
            return ""
        if isinstance(value, dict | list):
            self.problem(node, key, value, Text("plan_expected.text"))
            return ""
        return str(value)

    def titles(self, node: dict[str, Any]) -> dict[str, str]:
        """The title in other languages: ``title::en``, by language."""
        found = {lang: self.text(node, key) for lang, key in TITLE_KEYS.items()}
        return {lang: text for lang, text in found.items() if text}

    def texts(self, node: dict[str, Any], key: str) -> tuple[str, ...]:
        value = node.get(key)
        if value is None:
            return ()
        if isinstance(value, str | int):
            return (str(value),)
        if not isinstance(value, list) or any(isinstance(v, dict | list) for v in value):
            self.problem(node, key, value, Text("plan_expected.texts"))
            return ()
        return tuple(str(v) for v in value)

    def choice(self, node: dict[str, Any], key: str, enum: type[E], default: E | None) -> E | None:
        value = node.get(key)
        if value is None:
            if default is None:
                self.problem(node, key, None, Text("plan_expected.value", values=", ".join(enum)))
            return default
        try:
            return enum(str(value))
        except ValueError:
            self.problem(node, key, value, Text("plan_expected.value", values=", ".join(enum)))
            return default

    def date(self, node: dict[str, Any], key: str) -> dt.date | None:
        value = node.get(key)
        if value is None or isinstance(value, dt.date):
            return value
        parsed = parse_date(str(value))
        if parsed is None:
            self.problem(node, key, value, Text("plan_expected.date"))
        return parsed

    def number(self, node: dict[str, Any], key: str) -> float | None:
        value = node.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.problem(node, key, value, Text("plan_expected.number"))
            return None
        return float(value)

    def owner(self, node: dict[str, Any], key: str) -> Owner:
        value = node.get(key)
        if value is None:
            return Owner()
        if isinstance(value, str):
            return Owner(unit=value)
        m = self.mapping(value, key, ("unit", "role"))
        return Owner(unit=self.text(m, "unit"), role=self.text(m, "role"))

    def items(self, node: dict[str, Any], key: str) -> list[Any]:
        value = node.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(node, key, value, Text("plan_expected.list"))
            return []
        return value


class YamlMapping(dict[Any, Any]):
    """A YAML mapping with the line it starts on and the line of each key (1-based)."""

    line: int | None = None
    key_lines: dict[Any, Any] | None = None


def load_plan_yaml(path: Path) -> Any:
    """``plan.yaml`` parsed safely by libyaml (a plan of 1,500 indicators is a large file),
    each mapping a :class:`YamlMapping`; a syntax error or a key given twice is a
    :class:`PlanError` with its line."""
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader_type: Any = type("_PlanLoader", (base,), {})
    file = f"{PLAN_DIR}/{PLAN_FILE}"

    def mapping(loader: Any, node: Any) -> YamlMapping:
        loader.flatten_mapping(node)
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = loader.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if key in seen:
                raise PlanError(
                    [
                        PlanIssue(
                            file,
                            line,
                            str(key),
                            "",
                            Text("plan_expected.key_once", line=seen[key]),
                        )
                    ]
                )
            seen[key] = line
        result = YamlMapping(loader.construct_mapping(node, deep=True))
        result.line = node.start_mark.line + 1
        result.key_lines = seen
        return result

    loader_type.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PlanError([PlanIssue(file, None, "", "", Text("plan_expected.file"))]) from None
    try:
        return yaml.load(text, Loader=loader_type)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise PlanError(
            [PlanIssue(file, line, "", "", Text("plan_expected.yaml", problem=exc.problem))]
        ) from None


def line_of(node: Any) -> int | None:
    """The line a YAML mapping starts on (``lipkit.study.yamlform.LineDict``), else None."""
    return getattr(node, "line", None) if isinstance(node, dict) else None


def key_line(node: Any, key: str) -> int | None:
    """The line of ``key`` in the YAML mapping ``node``, else the mapping's first line."""
    lines = getattr(node, "key_lines", None) or {}
    return lines.get(key.split(".")[0], line_of(node))


def parse_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None


def read_plan(folder: str | Path) -> Plan:
    """The plan in ``folder`` (the study's ``plan/`` folder): ``plan.yaml`` and ``values.csv``."""
    folder = Path(folder)
    data = load_plan_yaml(folder / PLAN_FILE)
    reader = _Reader(f"{PLAN_DIR}/{PLAN_FILE}")
    plan = _plan(reader, data if data is not None else {})
    values_path = folder / VALUES_FILE
    values: tuple[Value, ...] = ()
    if values_path.is_file():
        values = read_values(values_path.read_text(encoding="utf-8-sig"), reader.issues, plan)
    if reader.issues:
        raise PlanError(reader.issues)
    return replace(plan, values=values)


PLAN_KEYS = (
    "title",
    *TITLE_KEYS.values(),
    "thresholds",
    "waves",
    "fields",
    "measures",
    "indicators",
)


def _plan(r: _Reader, data: Any) -> Plan:
    root = r.mapping(data, "plan", PLAN_KEYS)
    thresholds = Thresholds()
    if "thresholds" in root:
        t = r.mapping(root["thresholds"], "thresholds", ("on_track", "at_risk"))
        on_track = r.number(t, "on_track")
        at_risk = r.number(t, "at_risk")
        thresholds = Thresholds(
            on_track=thresholds.on_track if on_track is None else on_track,
            at_risk=thresholds.at_risk if at_risk is None else at_risk,
        )
        if not 0 < thresholds.at_risk < thresholds.on_track:
            r.problem(t, "at_risk", thresholds.at_risk, Text("plan_expected.thresholds"))
    waves = []
    for node in r.items(root, "waves"):
        w = r.mapping(node, "waves", ("id", "date", "responses", "study_wave"))
        date = r.date(w, "date")
        if date is None:
            r.problem(w, "date", None, Text("plan_expected.date_required"))
        waves.append(
            Wave(
                id=r.text(w, "id", required=True),
                date=date or dt.date.min,
                responses=r.text(w, "responses") or "responses.csv",
                study_wave=r.text(w, "study_wave"),
            )
        )
    fields = tuple(_field(r, node) for node in r.items(root, "fields"))
    measures = tuple(_measure(r, node) for node in r.items(root, "measures"))
    indicators = tuple(_indicator(r, node) for node in r.items(root, "indicators"))
    plan = Plan(
        title=r.text(root, "title"),
        titles=r.titles(root),
        fields=fields,
        measures=measures,
        indicators=indicators,
        waves=tuple(waves),
        thresholds=thresholds,
    )
    _check_references(r, plan, root)
    return plan


def _field(r: _Reader, node: Any) -> Field:
    f = r.mapping(
        node, "fields", ("id", "title", *TITLE_KEYS.values(), "recommendations", "strategic_goals")
    )
    strategic = []
    for s_node in r.items(f, "strategic_goals"):
        s = r.mapping(s_node, "strategic_goals", ("id", "title", *TITLE_KEYS.values(), "goals"))
        goals = []
        for g_node in r.items(s, "goals"):
            g = r.mapping(
                g_node,
                "goals",
                ("id", "title", *TITLE_KEYS.values(), "recommendations", "figures"),
            )
            goals.append(
                Goal(
                    id=r.text(g, "id", required=True),
                    title=r.text(g, "title", required=True),
                    titles=r.titles(g),
                    recommendations=r.texts(g, "recommendations"),
                    figures=r.texts(g, "figures"),
                    line=line_of(g),
                )
            )
        strategic.append(
            StrategicGoal(
                id=r.text(s, "id", required=True),
                title=r.text(s, "title", required=True),
                titles=r.titles(s),
                goals=tuple(goals),
                line=line_of(s),
            )
        )
    return Field(
        id=r.text(f, "id", required=True),
        title=r.text(f, "title", required=True),
        titles=r.titles(f),
        strategic_goals=tuple(strategic),
        recommendations=r.texts(f, "recommendations"),
        line=line_of(f),
    )


MEASURE_KEYS = (
    "id",
    "title",
    *TITLE_KEYS.values(),
    "owner",
    "start",
    "end",
    "budget",
    "goals",
    "status",
    "reason",
    "report_date",
    "report",
)


def _measure(r: _Reader, node: Any) -> Measure:
    m = r.mapping(node, "measures", MEASURE_KEYS)
    return Measure(
        id=r.text(m, "id", required=True),
        title=r.text(m, "title", required=True),
        titles=r.titles(m),
        owner=r.owner(m, "owner"),
        start=r.date(m, "start"),
        end=r.date(m, "end"),
        budget=r.number(m, "budget"),
        goals=r.texts(m, "goals"),
        status=r.choice(m, "status", MeasureStatus, MeasureStatus.PLANNED) or MeasureStatus.PLANNED,
        reason=r.text(m, "reason"),
        report_date=r.date(m, "report_date"),
        report=r.text(m, "report"),
        line=line_of(m),
    )


INDICATOR_KEYS = (
    "id",
    "title",
    *TITLE_KEYS.values(),
    "kind",
    "unit",
    "direction",
    "goal",
    "measure",
    "definition",
    "source",
    "method",
    "frequency",
    "cumulative",
    "responsible",
    "survey",
    "ratio",
    "import",
)


def _indicator(r: _Reader, node: Any) -> Indicator:
    i = r.mapping(node, "indicators", INDICATOR_KEYS)
    cumulative = i.get("cumulative", False)
    if not isinstance(cumulative, bool):
        r.problem(i, "cumulative", cumulative, Text("plan_expected.true_false"))
        cumulative = False
    return Indicator(
        id=r.text(i, "id", required=True),
        title=r.text(i, "title", required=True),
        titles=r.titles(i),
        kind=r.choice(i, "kind", Kind, None) or Kind.MONITORING,
        unit=r.choice(i, "unit", Unit, None) or Unit.COUNT,
        direction=r.choice(i, "direction", Direction, Direction.HIGHER) or Direction.HIGHER,
        goal=r.text(i, "goal"),
        measure=r.text(i, "measure"),
        definition=r.text(i, "definition"),
        source=r.text(i, "source"),
        method=r.text(i, "method"),
        frequency=r.choice(i, "frequency", Frequency, None) if "frequency" in i else None,
        cumulative=cumulative,
        responsible=r.owner(i, "responsible"),
        computed=_source(r, i),
        line=line_of(i),
    )


def _source(r: _Reader, i: dict[str, Any]) -> Source:
    given = [k for k in ("survey", "ratio", "import") if k in i]
    if len(given) > 1:
        r.problem(i, given[1], None, Text("plan_expected.one_source"))
    if not given:
        return None
    key = given[0]
    if key == "survey":
        s = r.mapping(i[key], key, ("wave", "waves", "question", "measure", "options"))
        measure = r.choice(s, "measure", SurveyMeasure, SurveyMeasure.SHARE)
        options = r.texts(s, "options")
        if measure == SurveyMeasure.SHARE and not options:
            r.problem(s, "options", None, Text("plan_expected.options"))
        # waves: a list of wave ids, or "alle" (every wave of the plan, resolved later)
        several = r.texts(s, "waves")
        if "wave" in s and several:
            r.problem(s, "waves", several, Text("plan_expected.wave_or_waves"))
        return SurveySource(
            wave=r.text(s, "wave", required=not several),
            waves=several,
            question=r.text(s, "question", required=True),
            measure=measure or SurveyMeasure.SHARE,
            options=options,
        )
    if key == "ratio":
        s = r.mapping(i[key], key, ("numerator", "denominator", "factor"))
        factor = r.number(s, "factor")
        return RatioSource(
            numerator=r.text(s, "numerator", required=True),
            denominator=r.text(s, "denominator", required=True),
            factor=1.0 if factor is None else factor,
        )
    s = r.mapping(i[key], key, ("file", "date_column", "value_column"))
    return ImportSource(
        file=r.text(s, "file", required=True),
        date_column=r.text(s, "date_column") or "datum",
        value_column=r.text(s, "value_column") or "wert",
    )


def _check_references(r: _Reader, plan: Plan, root: Any) -> None:
    """Ids unique; a measure's goals, an indicator's goal/measure and sources exist."""
    seen: dict[str, str] = {}
    nodes: list[tuple[str, str, int | None]] = [
        *((f.id, "fields", f.line) for f in plan.fields),
        *((s.id, "strategic_goals", s.line) for f in plan.fields for s in f.strategic_goals),
        *((g.id, "goals", g.line) for _, _, g in plan.goals()),
        *((m.id, "measures", m.line) for m in plan.measures),
        *((i.id, "indicators", i.line) for i in plan.indicators),
        *((w.id, "waves", None) for w in plan.waves),
    ]
    for id, where, line in nodes:
        if not id:
            continue
        if id in seen:
            r.issues.append(
                PlanIssue(r.file, line, "id", id, Text("plan_expected.unique_id", where=seen[id]))
            )
        seen[id] = where
    goals = {g.id for _, _, g in plan.goals()}
    measures = {m.id for m in plan.measures}
    indicators = {i.id for i in plan.indicators}
    waves = {w.id for w in plan.waves}

    def raw(key: str) -> list[Any]:
        nodes = root.get(key) if isinstance(root, dict) else None
        return nodes if isinstance(nodes, list) else []

    for m, node in zip(plan.measures, raw("measures"), strict=False):
        for g in m.goals:
            if g not in goals:
                r.problem(node, "goals", g, Text("plan_expected.goal_id"))
    for i, node in zip(plan.indicators, raw("indicators"), strict=False):
        if bool(i.goal) == bool(i.measure):
            r.problem(
                node,
                "goal",
                i.goal or i.measure,
                Text("plan_expected.goal_or_measure"),
            )
        elif i.goal and i.goal not in goals:
            r.problem(node, "goal", i.goal, Text("plan_expected.goal_id"))
        elif i.measure and i.measure not in measures:
            r.problem(node, "measure", i.measure, Text("plan_expected.measure_id"))
        src = i.computed
        if isinstance(src, SurveySource) and src.wave and src.wave not in waves:
            r.problem(node, "survey.wave", src.wave, Text("plan_expected.wave_id"))
        if isinstance(src, SurveySource) and src.waves != ALL_WAVES:
            for wave in src.waves:
                if wave not in waves:
                    r.problem(node, "survey.waves", wave, Text("plan_expected.wave_id_or_all"))
        if isinstance(src, RatioSource):
            for part in (src.numerator, src.denominator):
                if part and part not in indicators:
                    r.problem(node, "ratio", part, Text("plan_expected.indicator_id"))


def read_values(text: str, issues: list[PlanIssue], plan: Plan) -> tuple[Value, ...]:
    """``values.csv``: one row per baseline, target or actual value; problems go to ``issues``."""
    file = f"{PLAN_DIR}/{VALUES_FILE}"
    sep = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    rows = csv.reader(io.StringIO(text), delimiter=sep)
    header = next(rows, None)
    if header is None:
        return ()
    header = [h.strip() for h in header]
    missing = [c for c in ("indicator", "kind", "date", "value") if c not in header]
    if missing:
        issues.append(
            PlanIssue(
                file,
                1,
                ", ".join(missing),
                "",
                Text("plan_expected.columns", columns=", ".join(VALUE_COLUMNS)),
            )
        )
        return ()
    col = {name: header.index(name) for name in header}
    indicators = {i.id: i for i in plan.indicators}
    values = []
    for line, row in enumerate(rows, start=2):
        if not any(text.strip() for text in row):
            continue
        record = {name: row[i].strip() if i < len(row) else "" for name, i in col.items()}
        ind = indicators.get(record.get("indicator", ""))
        if ind is None:
            issues.append(
                PlanIssue(
                    file,
                    line,
                    "indicator",
                    record.get("indicator", ""),
                    Text("plan_expected.plan_indicator"),
                )
            )
            continue
        try:
            kind = ValueKind(record.get("kind", ""))
        except ValueError:
            issues.append(
                PlanIssue(file, line, "kind", record.get("kind", ""), Text("plan_expected.kind"))
            )
            continue
        date = parse_date(record.get("date", ""))
        if date is None:
            issues.append(
                PlanIssue(file, line, "date", record.get("date", ""), Text("plan_expected.date"))
            )
            continue
        raw = record.get("value", "")
        number: float | None = None
        if ind.unit != Unit.QUALITATIVE or raw:
            number = parse_number(raw)
            if number is None and ind.unit != Unit.QUALITATIVE:
                issues.append(PlanIssue(file, line, "value", raw, Text("plan_expected.decimal")))
                continue
        if kind == ValueKind.ACTUAL and ind.computed is not None:
            issues.append(
                PlanIssue(
                    file,
                    line,
                    "kind",
                    "actual",
                    Text("plan_expected.computed", id=ind.id, source=_source_name(ind.computed)),
                )
            )
            continue
        values.append(
            Value(
                ind.id,
                kind,
                date,
                number,
                source=record.get("source", ""),
                comment=record.get("comment", ""),
                line=line,
            )
        )
    return tuple(values)


def _source_name(source: Source) -> Text:
    kind = {SurveySource: "survey", RatioSource: "ratio", ImportSource: "import"}.get(
        type(source), "hand"
    )
    return Text(f"plan_source.{kind}")


def parse_number(text: str) -> float | None:
    """``12.5``, ``12,5`` or ``1.234,5`` (a German spreadsheet); None if not a number."""
    t = text.strip().replace("\u00a0", "").replace(" ", "")
    if not t:
        return None
    if "," in t:
        t = t.replace(".", "").replace(",", ".")
    try:
        number = float(t)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


# -- writing -----------------------------------------------------------------------------------


def write_plan(plan: Plan, folder: str | Path) -> None:
    """Write ``plan.yaml`` and ``values.csv`` so that :func:`read_plan` gives ``plan`` back
    (apart from the line numbers it records)."""
    from lipkit.study.yamlform import dump_yaml

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    dump_yaml(plan_to_data(plan), folder / PLAN_FILE)
    (folder / VALUES_FILE).write_text(values_csv(plan.values), encoding="utf-8")


def _drop_empty(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v not in (None, "", (), [], {})}


def _owner(o: Owner) -> dict[str, str] | None:
    return _drop_empty({"unit": o.unit, "role": o.role}) or None


def _num(x: float | None) -> float | int | None:
    return int(x) if x is not None and float(x).is_integer() else x


def _titles(item: Titled) -> dict[str, str]:
    """``title::en`` and the like, where the item has them."""
    return {key: item.titles[lang] for lang, key in TITLE_KEYS.items() if item.titles.get(lang)}


def plan_to_data(plan: Plan) -> dict[str, Any]:
    data: dict[str, Any] = {"title": plan.title, **_titles(plan)}
    if plan.thresholds != Thresholds():
        data["thresholds"] = {
            "on_track": plan.thresholds.on_track,
            "at_risk": plan.thresholds.at_risk,
        }
    if plan.waves:
        data["waves"] = [{"id": w.id, "date": w.date, "responses": w.responses} for w in plan.waves]
    data["fields"] = [
        _drop_empty(
            {
                "id": f.id,
                "title": f.title,
                **_titles(f),
                "recommendations": list(f.recommendations),
                "strategic_goals": [
                    {
                        "id": s.id,
                        "title": s.title,
                        **_titles(s),
                        "goals": [
                            _drop_empty(
                                {
                                    "id": g.id,
                                    "title": g.title,
                                    **_titles(g),
                                    "recommendations": list(g.recommendations),
                                    "figures": list(g.figures),
                                }
                            )
                            for g in s.goals
                        ],
                    }
                    for s in f.strategic_goals
                ],
            }
        )
        for f in plan.fields
    ]
    data["measures"] = [
        _drop_empty(
            {
                "id": m.id,
                "title": m.title,
                **_titles(m),
                "owner": _owner(m.owner),
                "start": m.start if m.start else None,
                "end": m.end if m.end else None,
                "budget": _num(m.budget),
                "goals": list(m.goals),
                "status": m.status.value,
                "reason": m.reason,
                "report_date": m.report_date if m.report_date else None,
                "report": m.report,
            }
        )
        for m in plan.measures
    ]
    data["indicators"] = [_indicator_data(i) for i in plan.indicators]
    return data


def _indicator_data(i: Indicator) -> dict[str, Any]:
    d: dict[str, Any] = {
        "id": i.id,
        "title": i.title,
        **_titles(i),
        "kind": i.kind.value,
        "unit": i.unit.value,
        "direction": i.direction.value if i.direction != Direction.HIGHER else None,
        "goal": i.goal,
        "measure": i.measure,
        "definition": i.definition,
        "source": i.source,
        "method": i.method,
        "frequency": i.frequency.value if i.frequency else None,
        "cumulative": True if i.cumulative else None,
        "responsible": _owner(i.responsible),
    }
    src = i.computed
    if isinstance(src, SurveySource):
        d["survey"] = _drop_empty(
            {
                "wave": src.wave,
                "question": src.question,
                "measure": src.measure.value,
                "options": list(src.options),
            }
        )
    elif isinstance(src, RatioSource):
        d["ratio"] = {
            "numerator": src.numerator,
            "denominator": src.denominator,
            "factor": _num(src.factor),
        }
    elif isinstance(src, ImportSource):
        d["import"] = {
            "file": src.file,
            "date_column": src.date_column,
            "value_column": src.value_column,
        }
    return _drop_empty(d)


def format_number(x: float | None) -> str:
    if x is None:
        return ""
    return str(int(x)) if float(x).is_integer() else repr(x)


def values_csv(values: Iterable[Value]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(VALUE_COLUMNS)
    for v in values:
        writer.writerow(
            [
                v.indicator,
                v.kind.value,
                v.date.isoformat(),
                format_number(v.value),
                v.source,
                v.comment,
            ]
        )
    return out.getvalue()
