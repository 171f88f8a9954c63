"""The plan's results framework as IATI 2.03 activity XML (``lipkit plan export --format iati``).

One ``iati-activity`` for the plan, reported by the city (``--org-ref``, organisation type
11, local government). Each goal with monitoring indicators becomes a ``result`` of type 2
(outcome) and each measure with controlling indicators a ``result`` of type 1 (output); the
goal's or measure's id is kept as a ``reference`` (vocabulary 99, the reporting
organisation's own), as is each indicator's id. An indicator carries its measure (IATI
IndicatorMeasure: 1 unit for counts and currency, 2 percentage, 4 ordinal, 5 qualitative),
``ascending`` (higher is better), its definition, method and source as description, a
``baseline`` and one ``period`` per date with a target or an actual value (from the day
after the previous such date, or after the baseline, to that date).

Only what IATI can say leaves the plan: owners, responsible units, roles, budgets and every
status (of indicators and of measures) stay internal. Actual values are those of the report:
a survey-fed value is the analysis' number under the study's privacy rules (a suppressed one
is exported without a value, with a comment saying why); a cumulative indicator's actual is
its level at the period's end (baseline plus what the periods delivered), so that it can be
read against the target of the same period; a qualitative value is a comment, not a value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from lipkit import catalogue
from lipkit.controlling.model import (
    PLAN_LANGUAGE,
    Indicator,
    Kind,
    Plan,
    Titled,
    Unit,
    Value,
    ValueKind,
    is_suppressed,
    values_by_indicator,
)
from lipkit.controlling.value_text import comment_text

IATI_VERSION = "2.03"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MEASURE = {
    Unit.COUNT: "1",
    Unit.CURRENCY: "1",
    Unit.PERCENT: "2",
    Unit.ORDINAL: "4",
    Unit.QUALITATIVE: "5",
}
RESULT_OUTPUT, RESULT_OUTCOME = "1", "2"
OWN_VOCABULARY = "99"  # ResultVocabulary / IndicatorVocabulary: the reporting organisation's
LOCAL_GOVERNMENT = "11"  # OrganisationType
IMPLEMENTING = "4"  # OrganisationRole
IMPLEMENTATION = "2"  # ActivityStatus
ACTUAL_START = "2"  # ActivityDateType


def iati_xml(
    plan: Plan,
    values: Iterable[Value],
    *,
    org_ref: str,
    org_name: str,
    activity_id: str = "",
    language: str = "de",
    generated: dt.datetime | None = None,
) -> bytes:
    """The plan's results framework as an ``iati-activities`` document (UTF-8 bytes)."""
    from lxml import etree

    words = catalogue.group("iati", language)
    values = list(values)
    by_indicator = values_by_indicator(values)

    root = etree.Element("iati-activities", version=IATI_VERSION)
    if generated is not None:
        root.set("generated-datetime", generated.replace(microsecond=0).isoformat())
    activity = etree.SubElement(root, "iati-activity")
    activity.set(XML_LANG, language)
    etree.SubElement(
        activity, "iati-identifier"
    ).text = f"{org_ref}-{activity_id or _slug(plan.title)}"
    reporting = etree.SubElement(activity, "reporting-org", ref=org_ref, type=LOCAL_GOVERNMENT)
    _narrative(reporting, org_name)
    _titles(etree.SubElement(activity, "title"), plan, language)
    _narrative(etree.SubElement(activity, "description", type="1"), words["description"])
    implementing = etree.SubElement(
        activity, "participating-org", ref=org_ref, role=IMPLEMENTING, type=LOCAL_GOVERNMENT
    )
    _narrative(implementing, org_name)
    etree.SubElement(activity, "activity-status", code=IMPLEMENTATION)
    etree.SubElement(
        activity, "activity-date", type=ACTUAL_START, **{"iso-date": _start(plan, values)}
    )

    goals = {g.id: g for _, _, g in plan.goals()}
    measures = {m.id: m for m in plan.measures}
    groups: dict[tuple[str, str], list[Indicator]] = {}
    for ind in plan.indicators:
        if ind.kind == Kind.MONITORING or not ind.measure:
            key = ("goal", ind.goal)
        else:
            key = ("measure", ind.measure)
        groups.setdefault(key, []).append(ind)
    for (level, owner_id), indicators in groups.items():
        owner: Titled | None = (goals if level == "goal" else measures).get(owner_id)
        result_type = RESULT_OUTCOME if level == "goal" else RESULT_OUTPUT
        result = etree.SubElement(activity, "result", type=result_type)
        if owner is not None and owner.title:
            _titles(etree.SubElement(result, "title"), owner, language)
        else:
            _narrative(etree.SubElement(result, "title"), owner_id or plan.title)
        if owner_id:
            etree.SubElement(result, "reference", code=owner_id, vocabulary=OWN_VOCABULARY)
        for ind in indicators:
            _indicator(result, ind, by_indicator.get(ind.id, []), words, language)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def _indicator(
    result: Any, ind: Indicator, values: list[Value], words: dict[str, str], language: str
) -> None:
    from lxml import etree

    qualitative = ind.unit == Unit.QUALITATIVE
    element = etree.SubElement(result, "indicator", measure=MEASURE[ind.unit])
    if not qualitative:
        element.set("ascending", "0" if ind.direction.value == "lower" else "1")
    _titles(etree.SubElement(element, "title"), ind, language)
    about = [
        f"{words[name]}: {text.rstrip('. ')}."
        for name, text in (
            ("definition", ind.definition),
            ("method", ind.method),
            ("source", ind.source),
        )
        if text
    ]
    if ind.cumulative:
        about.append(words["cumulative"])
    if about:
        _narrative(etree.SubElement(element, "description"), " ".join(about))
    etree.SubElement(element, "reference", vocabulary=OWN_VOCABULARY, code=ind.id)

    baseline = next((v for v in values if v.kind == ValueKind.BASELINE), None)
    if baseline is not None:
        base = etree.SubElement(
            element,
            "baseline",
            year=str(baseline.date.year),
            **{"iso-date": baseline.date.isoformat()},
        )
        _value(base, baseline, qualitative, words, language)
    targets = {v.date: v for v in values if v.kind == ValueKind.TARGET}
    actuals = {v.date: v for v in values if v.kind == ValueKind.ACTUAL}
    level = baseline.value if baseline is not None and baseline.value is not None else 0.0
    previous = baseline.date if baseline is not None else None
    for date in sorted(set(targets) | set(actuals)):
        start = previous + dt.timedelta(days=1) if previous is not None else date
        if start > date:  # a value on the baseline's own date
            start = date
        period = etree.SubElement(element, "period")
        etree.SubElement(period, "period-start", **{"iso-date": start.isoformat()})
        etree.SubElement(period, "period-end", **{"iso-date": date.isoformat()})
        if date in targets:
            _value(etree.SubElement(period, "target"), targets[date], qualitative, words, language)
        if date in actuals:
            actual = actuals[date]
            if ind.cumulative and actual.value is not None:
                level += actual.value
                actual = Value(
                    actual.indicator, actual.kind, actual.date, level, comment=actual.comment
                )
            _value(
                etree.SubElement(period, "actual"), actual, qualitative, words, language, ind.unit
            )
        previous = date


def _value(
    element: Any,
    value: Value,
    qualitative: bool,
    words: dict[str, str],
    language: str,
    unit: Unit | None = None,
) -> None:
    from lxml import etree

    comment = comment_text(value.comment, language)  # a code (not comparable) in its words
    if not qualitative:
        if value.value is not None:
            # Percentages as the report gives them at most (one decimal): a survey's share
            # with more digits would say more than the report does.
            number = round(value.value, 1) if unit == Unit.PERCENT else value.value
            element.set("value", _number(number))
        elif is_suppressed(value.comment):  # the survey's number, hidden (n < k)
            comment = words["suppressed"]
    if comment:
        _narrative(etree.SubElement(element, "comment"), comment)


def _number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.6g}"


def _narrative(parent: Any, text: str, lang: str = "") -> None:
    from lxml import etree

    narrative = etree.SubElement(parent, "narrative")
    narrative.text = text
    if lang:
        narrative.set(XML_LANG, lang)


def _titles(parent: Any, item: Titled, language: str) -> None:
    """The title in the activity's language (the plan's own, marked as such, where it has
    none), then in every other language the plan gives it."""
    first = item.title_lang(language) or language
    _narrative(parent, item.title_in(language), item.title_lang(language))
    others = {PLAN_LANGUAGE: item.title} | item.titles
    for lang, text in others.items():
        if lang != first and text:
            _narrative(parent, text, lang)


def _start(plan: Plan, values: list[Value]) -> str:
    dates = [m.start for m in plan.measures if m.start is not None]
    dates = dates or [v.date for v in values if v.kind == ValueKind.BASELINE]
    dates = dates or [v.date for v in values]
    return min(dates).isoformat() if dates else dt.date.today().isoformat()


def _slug(text: str) -> str:
    import re
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-").lower() or "plan"
