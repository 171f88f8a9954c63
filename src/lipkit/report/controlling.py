"""The controlling part of the report: where the integration plan stands (``plan/``).

An overview of fields of action, strategic goals and goals with their status (symbol and
text, never colour alone), one chart per indicator (monitoring and controlling indicators
in separate sections), the measures by owner with status and last report, what changed
since the previous reporting date, and for each goal the recommendations (HE) and the
survey questions it answers. The blocks are the same document model as the evaluation
report's, so HTML, PDF and DOCX lay them out alike.

A section with more than :data:`CHART_LIMIT` indicators (a city's whole plan, hundreds of
them) is laid out for reading instead: a table of its indicators by field of action and
status, charts only for the indicators furthest behind the plan (at most ``CHART_LIMIT``,
worst first), and every indicator with its status, level, expected value and target in one
table per field of action. Every status is the one the overview, ``lipkit plan status`` and
the dashboard show.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from lipkit import catalogue
from lipkit.controlling.chart import alt_text, indicator_series
from lipkit.controlling.chart import value_text as value_text
from lipkit.controlling.model import (
    PLAN_LANGUAGE,
    Indicator,
    Kind,
    Measure,
    SurveySource,
    Titled,
    Unit,
    Value,
    ValueKind,
    values_by_indicator,
)
from lipkit.controlling.status import (
    SEVERITY,
    IndicatorStatus,
    PlanStatus,
    Status,
    measures_by_owner,
    months_before,
)
from lipkit.controlling.status import plan_status as compute_status
from lipkit.controlling.study import StudyPlan, has_plan, load_study_plan
from lipkit.controlling.value_text import not_comparable_reason
from lipkit.display import format_number
from lipkit.report.charts import indicator_chart
from lipkit.report.exhibits import clean_label
from lipkit.report.model import (
    Block,
    Cell,
    Figure,
    Heading,
    Inline,
    Note,
    Paragraph,
    Run,
    Table,
    filled,
    plain,
)
from lipkit.study.model import Study, label_lang, label_text

# A section (monitoring, controlling) with more indicators than this shows charts only for
# the ones furthest behind the plan, at most this many, and lists all of them in tables.
CHART_LIMIT = 24
# Statuses whose indicators get a chart in a large section, worst first.
BEHIND = (Status.NICHT_IM_PLAN, Status.KEINE_DATEN, Status.GEFAEHRDET)
# The order of the status columns in a section's summary table.
STATUS_COLUMNS = (*SEVERITY[::-1], Status.OHNE_BEWERTUNG)


@dataclass
class ControllingPart:
    """The plan, its values and its status now and at the previous reporting date."""

    loaded: StudyPlan
    status: PlanStatus
    previous: PlanStatus
    language: str
    units: dict[str, str]  # org unit code -> name
    # org unit code -> the language of its name where it has none in the report's ("de")
    unit_langs: dict[str, str] = field(default_factory=dict)

    @cached_property
    def _by_indicator(self) -> dict[str, list[Value]]:
        return values_by_indicator(self.loaded.values)

    def values_of(self, id: str) -> list[Value]:
        return self._by_indicator.get(id, [])

    @cached_property
    def t(self) -> dict[str, Any]:
        """The part's words in its language (``report_plan.*`` of the catalogue); the table
        headers and level names as tuples."""
        words: dict[str, Any] = dict(catalogue.group("report_plan", self.language))
        for key, n in (
            ("header", 5),
            ("levels", 3),
            ("measures_header", 4),
            ("changes_header", 3),
            ("list_header", 5),
        ):
            words[key] = tuple(words.pop(f"{key}.{i}") for i in range(1, n + 1))
        return words


def load_part(
    folder: Path, study: Study, *, language: str = "de", date: dt.date | None = None
) -> ControllingPart | None:
    """The study's controlling part, or None when the study has no plan."""
    if not has_plan(folder):
        return None
    loaded = load_study_plan(folder, study)
    when = date or loaded.latest_date()
    previous = months_before(when, 12)
    org = study.org.units if study.org is not None else []
    own = study.settings.language
    return ControllingPart(
        loaded=loaded,
        status=compute_status(loaded.plan, when, loaded.values),
        previous=compute_status(loaded.plan, previous, loaded.values),
        language=language,
        units={u.code: u.name_in(language) for u in org},
        unit_langs={u.code: own for u in org if language != own and not u.names.get(language)},
    )


def _date(d: dt.date, lang: str) -> str:
    return d.strftime("%d.%m.%Y") if lang != "en" else d.isoformat()


def _title(item: Titled, lang: str, indent: str = "") -> Cell:
    """A plan item's title in the report's language; the plan's own (German) where it has
    none, marked as such for screen readers and spelling (``lang="de"``)."""
    return Cell(indent + item.title_in(lang), lang=item.title_lang(lang))


def _status(s: Status, lang: str, space: str = " ") -> str:
    return f"{s.symbol}{space}{s.label(lang)}"


def _plan_lang(lang: str) -> str:
    """The language to mark the texts a plan has in its own language only (a measure's
    report and reason, an indicator's source and definition, a role, a value's comment) with
    in a report in another: its own ("de"), else ""."""
    return "" if lang == PLAN_LANGUAGE else PLAN_LANGUAGE


def _plan_text(text: str, lang: str, empty: str = "–") -> Inline:
    """A text typed into the plan (in its own language only), marked where the report is in
    another; ``empty`` (not marked) where there is none."""
    return (Run(text, lang=_plan_lang(lang)),) if text else (Run(empty),)


_RECOMMENDATION = re.compile(r"(?:HE|R)\s*(\d+)")


def recommendation_number(ref: str) -> str | None:
    """The number of a recommendation the plan names ("HE 9", "R 9": "9"); None for any
    other reference (a question or figure id)."""
    number = _RECOMMENDATION.fullmatch(ref.strip())
    return None if number is None else number.group(1)


def _reference_label(ref: str, lang: str) -> str:
    """A recommendation the plan names ("HE 9") as the report's language numbers it ("R 9");
    any other reference as it is."""
    number = recommendation_number(ref)
    if number is None:
        return ref
    return f"{catalogue.text('report_words.recommendation_short', lang)} {number}"


def indicator_value(part: ControllingPart, id: str) -> str:
    """``{{ indicator("id") }}``: the indicator's current level with its unit."""
    ind = part.loaded.plan.indicator(id)
    return value_text(part.status.indicators[id].level, ind.unit, part.language)


def status_of(part: ControllingPart, id: str) -> str:
    """``{{ status("id") }}``: the status of a goal, strategic goal, field or indicator."""
    if id in part.status.indicators:
        return _status(part.status.indicators[id].status, part.language)
    for node in part.status.nodes:
        if node.id == id:
            return _status(node.status, part.language)
    raise KeyError(id)


def controlling_blocks(
    part: ControllingPart,
    heading: Callable[[int, str], Heading],
    link: Callable[[str], str] = lambda ref: "",
) -> list[Block]:
    """The controlling part as blocks (figures and tables numbered 0: the caller numbers).
    ``link``: the link target ("#x-…") of a recommendation ("HE 9") or of a figure or
    table by its id (a survey question's), or "" where the document has none."""
    t, lang, plan = part.t, part.language, part.loaded.plan
    date = _date(part.status.date, lang)
    thresholds = plan.thresholds
    blocks: list[Block] = [
        heading(1, t["part"]),
        Paragraph(
            (
                Run(
                    t["intro"].format(
                        date=date,
                        on_track=format_number(thresholds.on_track, 2, language=lang),
                        at_risk=format_number(thresholds.at_risk, 2, language=lang),
                    )
                ),
            )
        ),
        heading(2, t["overview"]),
        _overview(part, date, link),
    ]
    indicators = {i.id: i for i in plan.indicators}
    large = False
    for kind in (Kind.MONITORING, Kind.CONTROLLING):
        chosen = [i for i in plan.indicators if i.kind == kind]
        if not chosen:
            continue
        blocks += [heading(2, t[kind.value]), Paragraph((Run(t[f"{kind.value}_intro"]),))]
        if len(chosen) > CHART_LIMIT:
            large = True
            blocks += _large_section(part, kind, chosen, link)
            continue
        for ind in chosen:
            blocks.append(_figure(part, ind))
            blocks += _survey_link(part, ind, link)
    blocks += [heading(2, t["measures"]), _measures(part)]
    before = _date(part.previous.date, lang)
    changed = [
        (i, part.previous.indicators[i].status, s.status)
        for i, s in part.status.indicators.items()
        if part.previous.indicators[i].status != s.status
    ]
    blocks.append(heading(2, t["changes"].format(date=before)))
    caption = t["changes_caption"].format(date=before)
    if changed and large:
        # Hundreds of changes: the improvements are counted, the others listed.
        rank = {s: n for n, s in enumerate(SEVERITY)}
        better = [c for c in changed if rank.get(c[2], -1) > rank.get(c[1], len(rank))]
        changed = [c for c in changed if c not in better]
        blocks.append(
            Paragraph(
                (
                    Run(
                        t["changes_large"].format(
                            date=before,
                            changed=format_number(len(better) + len(changed), 0, language=lang),
                            better=format_number(len(better), 0, language=lang),
                            worse=format_number(len(changed), 0, language=lang),
                        )
                    ),
                )
            )
        )
        caption = t["changes_worse_caption"].format(date=before)
        if not changed:
            return blocks
    if changed:
        header = tuple(h.format(before=before, after=date) for h in t["changes_header"])
        rows = tuple(
            (_title(indicators[i], lang), Cell(_status(a, lang)), Cell(_status(b, lang)))
            for i, a, b in changed
        )
        blocks.append(
            Table(
                "controlling-changes",
                0,
                caption,
                header,
                rows,
                numeric_from=3,
            )
        )
    else:
        blocks.append(Paragraph((Run(t["no_changes"].format(date=before)),)))
    return blocks


def _survey_link(part: ControllingPart, ind: Indicator, link: Callable[[str], str]) -> list[Block]:
    """Under a survey-fed indicator: the question it is computed from, linked to its figure
    in the evaluation part (where the report has one)."""
    computed = ind.computed
    if not isinstance(computed, SurveySource):
        return []
    target = link(computed.question)
    if not target:
        return []
    study = part.loaded.study
    label, lang = computed.question, ""
    if study is not None and study.questionnaire.has_question(computed.question):
        question = study.questionnaire.question(computed.question)
        label = label_text(question.label, part.language, label)
        lang = label_lang(question.label, part.language)
    return [
        Paragraph(
            (
                Run(part.t["from_question"]),
                Run(label, link=target, lang=lang),
                Run(part.t["see_figure"]),
            )
        )
    ]


def question_runs(study: Study | None, name: str, language: str) -> Inline:
    """What a reader knows a survey question (or matrix) by: its label in ``language`` as the
    figures show it (where it has none, the one it has, marked with its language), a matrix
    row's after its matrix's ("… – Runder Tisch"); the name where the questionnaire has no
    such question."""
    if study is None:
        return (Run(name),)
    q = study.questionnaire
    if q.has_question(name):
        labels = q.question(name).label
        label = Run(
            clean_label(label_text(labels, language, name)), lang=label_lang(labels, language)
        )
        matrix = next((g for g in reversed(q.parents(name)) if g.is_matrix), None)
        if matrix is not None and matrix.label:
            head = clean_label(label_text(matrix.label, language))
            return (Run(head, lang=label_lang(matrix.label, language)), Run(" – "), label)
        return (label,)
    group = next((g for g in q.groups() if g.name == name), None)
    if group is None:
        return (Run(name),)
    return (
        Run(
            clean_label(label_text(group.label, language, name)),
            lang=label_lang(group.label, language),
        ),
    )


def _links(
    refs: tuple[str, ...], link: Callable[[str], str], label: Callable[[str], Inline]
) -> tuple[Run, ...]:
    runs: list[Run] = []
    for i, ref in enumerate(refs):
        if i:
            runs.append(Run(", "))
        target = link(ref)
        runs += [replace(r, link=target) for r in label(ref)] if target else label(ref)
    return tuple(runs)


def _overview(part: ControllingPart, date: str, link: Callable[[str], str]) -> Table:
    t, lang = part.t, part.language
    goals = {g.id: g for _, _, g in part.loaded.plan.goals()}
    fields = {f.id: f for f in part.loaded.plan.fields}
    titled = part.loaded.plan.titled()
    labels = {
        name: question_runs(part.loaded.study, name, lang)
        for g in goals.values()
        for name in g.figures
    }
    rows = []
    for node in part.status.nodes:
        recommendations: tuple[str, ...] = ()
        questions: tuple[str, ...] = ()
        if node.id in goals:
            recommendations, questions = goals[node.id].recommendations, goals[node.id].figures
        elif node.id in fields:
            recommendations = fields[node.id].recommendations
        # A reader knows a survey question by its label, not by its name in the data.
        runs = _links(
            recommendations + questions,
            link,
            lambda ref: labels.get(ref) or (Run(_reference_label(ref, lang)),),
        )
        counts = ", ".join(
            f"{n} {s.label(lang)}"
            for s, n in sorted(node.counts.items(), key=lambda kv: list(Status).index(kv[0]))
        )
        indent = "\u2003" * (node.level - 1)
        rows.append(
            (
                Cell(t["levels"][node.level - 1]),
                _title(titled[node.id], lang, indent)
                if node.id in titled
                else Cell(indent + node.title),
                Cell(_status(node.status, lang)),
                Cell(counts),
                Cell(plain(runs), inline=runs),
            )
        )
    return Table(
        "controlling-overview",
        0,
        t["overview_caption"].format(date=date),
        t["header"],
        tuple(rows),
        numeric_from=5,
        header_rows=False,
    )


def _figure(part: ControllingPart, ind: Indicator) -> Figure:
    t, lang = part.t, part.language
    s = part.status.indicators[ind.id]
    mine = part.values_of(ind.id)
    series = indicator_series(ind, s, mine, part.status.date)
    chart = indicator_chart(
        series.path,
        series.targets,
        series.actuals,
        ind.unit.value,
        language=lang,
        statements=series.statements,
    )
    kind = catalogue.text(f"plan_kind.{ind.kind.value}", lang)
    # the symbol and its word kept on one line ("?" alone ended a caption's line)
    status = _status(s.status, lang, space="\u00a0")
    alt = alt_text(ind, series, s.status, lang)
    actuals = [v for v in mine if v.kind == ValueKind.ACTUAL and v.date <= part.status.date]
    notes: list[Note] = [
        filled(
            t["note"],
            source=_plan_text(ind.source, lang),
            definition=_plan_text(ind.definition, lang),
        )
    ]
    computed = ind.computed
    if isinstance(computed, SurveySource) and part.loaded.study is not None:
        notes.append(t["survey"].format(wave=computed.wave, k=part.loaded.study.settings.k))
    # a survey's value without a number: hidden under k, or its wave not comparable (with why)
    hidden = [a for a in actuals if a.value is None and ind.unit != Unit.QUALITATIVE]
    reasons = [(a, not_comparable_reason(a.comment, lang)) for a in hidden]
    if any(reason is None for _, reason in reasons):
        notes.append(t["suppressed"])
    for a, reason in reasons:
        if reason is not None:
            notes.append(
                t["not_comparable"].format(date=_date(a.date, lang), reason=reason.rstrip(". "))
            )
    who: list[Run] = []
    unit = ind.responsible.unit
    if part.units.get(unit, unit):
        who.append(Run(part.units.get(unit, unit), lang=part.unit_langs.get(unit, "")))
    if ind.responsible.role:
        who += [Run(", ")] if who else []
        who.append(Run(ind.responsible.role, lang=_plan_lang(lang)))
    if who:
        notes.append(filled(t["responsible"], who=tuple(who)))
    return Figure(
        id=f"indicator-{ind.id}",
        number=0,
        caption=t["caption"].format(title=ind.title_in(lang), kind=kind, status=status),
        alt=alt,
        chart=chart,
        width_cm=chart.width_cm,
        height_cm=chart.height_cm,
        notes=tuple(notes),
    )


def _large_section(
    part: ControllingPart, kind: Kind, chosen: list[Indicator], link: Callable[[str], str]
) -> list[Block]:
    """A section of more than CHART_LIMIT indicators: their count by field of action and
    status, charts for the ones furthest behind the plan, and one table per field of action
    listing each indicator behind the plan (the others are counted)."""
    t, lang, status = part.t, part.language, part.status
    fields = _indicator_fields(part)
    by_field: dict[str, list[Indicator]] = {f.id: [] for f in part.loaded.plan.fields}
    by_field[""] = []
    for ind in chosen:
        by_field.setdefault(fields.get(ind.id, ""), []).append(ind)
    plan_fields = {f.id: f for f in part.loaded.plan.fields}
    names = {f.id: f.title_in(lang) for f in plan_fields.values()} | {"": t["no_field"]}
    by_field = {fid: inds for fid, inds in by_field.items() if inds}
    section = t[kind.value]
    date = _date(status.date, lang)
    columns = [
        s for s in STATUS_COLUMNS if any(status.indicators[i.id].status == s for i in chosen)
    ]
    summary_rows = []
    for fid, inds in [*by_field.items(), ("*", chosen)]:
        counts = [sum(status.indicators[i.id].status == s for i in inds) for s in columns]
        summary_rows.append(
            (
                _title(plan_fields[fid], lang)
                if fid in plan_fields
                else Cell(names.get(fid, t["total"])),
                Cell(format_number(len(inds), 0, language=lang)),
                *(Cell(format_number(c, 0, language=lang) if c else "–") for c in counts),
            )
        )
    blocks: list[Block] = [
        Table(
            f"controlling-{kind.value}-summary",
            0,
            t["summary_caption"].format(section=section, date=date),
            (t["field"], t["count"], *(_status(s, lang) for s in columns)),
            tuple(summary_rows),
            numeric_from=1,
        )
    ]
    order = {i.id: n for n, i in enumerate(chosen)}

    def behind(ind: Indicator) -> tuple[int, float, int]:
        s = status.indicators[ind.id]
        progress = s.progress if s.progress is not None else 0.0
        return (BEHIND.index(s.status), progress, order[ind.id])

    late = sorted((i for i in chosen if status.indicators[i.id].status in BEHIND), key=behind)
    shown = late[:CHART_LIMIT]
    total = format_number(len(chosen), 0, language=lang)
    # Inside a sentence: "Monitoring-Indikatoren" stays, "Monitoring indicators" does not.
    words = section if lang == "de" else section[:1].lower() + section[1:]
    if shown:
        note = t["charts_chosen"].format(
            total=total,
            section=words,
            behind=format_number(len(late), 0, language=lang),
            shown=format_number(len(shown), 0, language=lang),
        )
    else:
        note = t["charts_none"].format(total=total, section=words)
    blocks.append(Paragraph((Run(note),)))
    for ind in shown:
        blocks.append(_figure(part, ind))
        blocks += _survey_link(part, ind, link)
    header = t["list_header"]
    for n, (fid, inds) in enumerate(by_field.items(), start=1):
        listed = [i for i in inds if status.indicators[i.id].status in BEHIND]
        if not listed:
            continue
        blocks.append(
            Table(
                f"controlling-{kind.value}-{n}",
                0,
                t["list_caption"].format(section=section, field=names[fid], date=date),
                header,
                tuple(_indicator_row(part, i, status.indicators[i.id]) for i in listed),
                numeric_from=2,
            )
        )
    return blocks


def _indicator_fields(part: ControllingPart) -> dict[str, str]:
    """Each indicator's field of action: its goal's, or the field of the first goal its
    measure serves; indicators in no field are left out."""
    plan = part.loaded.plan
    of_goal = {g.id: f.id for f, _, g in plan.goals()}
    of_measure = {
        m.id: next((of_goal[g] for g in m.goals if g in of_goal), "") for m in plan.measures
    }
    result = {}
    for ind in plan.indicators:
        fid = of_goal.get(ind.goal, "") if ind.goal else of_measure.get(ind.measure, "")
        if fid:
            result[ind.id] = fid
    return result


def _indicator_row(part: ControllingPart, ind: Indicator, s: IndicatorStatus) -> tuple[Cell, ...]:
    """Indicator, status, level (date), expected value, target (date)."""
    lang = part.language
    if s.level is not None and s.level_date is not None:
        level = f"{value_text(s.level, ind.unit, lang)} ({_date(s.level_date, lang)})"
    elif s.last_actual is not None and s.last_actual.value is not None:
        level = (
            f"{value_text(s.last_actual.value, ind.unit, lang)} ({_date(s.last_actual.date, lang)})"
        )
    else:
        level = "–"
    target = s.next_target
    return (
        _title(ind, lang),
        Cell(_status(s.status, lang)),
        Cell(level),
        Cell(value_text(s.expected, ind.unit, lang)),
        Cell(
            f"{value_text(target.value, ind.unit, lang)} ({_date(target.date, lang)})"
            if target is not None and target.value is not None
            else "–"
        ),
    )


def _measures(part: ControllingPart) -> Table:
    t, lang = part.t, part.language
    rows = []
    for unit, measures in measures_by_owner(part.loaded.plan).items():
        for m in measures:
            status = _measure_status(m, lang)
            report = _measure_report(m, lang)
            rows.append(
                (
                    Cell(part.units.get(unit, unit) or "–", lang=part.unit_langs.get(unit, "")),
                    _title(m, lang),
                    Cell(plain(status), inline=status),
                    Cell(plain(report), inline=report),
                )
            )
    return Table(
        "controlling-measures",
        0,
        t["measures_caption"],
        t["measures_header"],
        tuple(rows),
        numeric_from=4,
    )


def _measure_status(m: Measure, lang: str) -> Inline:
    """The measure's status in the report's words, with the reason it was stopped as the
    plan gives it."""
    text = catalogue.text(f"measure_status.{m.status.value}", lang)
    if not m.reason:
        return (Run(text),)
    return (Run(f"{text} ("), *_plan_text(m.reason, lang), Run(")"))


def _measure_report(m: Measure, lang: str) -> Inline:
    """The date of the measure's last report and what it said, as the plan gives it."""
    date = (Run(_date(m.report_date, lang)),) if m.report_date else ()
    if not m.report:
        return date or (Run("–"),)
    return (*date, *((Run(" – "),) if date else ()), *_plan_text(m.report, lang))
