"""Actual values that nobody types: a survey result computed by the analysis engine under the
study's privacy rules, values imported from a CSV, and ratios of other indicators.

``resolve_values`` returns the plan's own values (baselines, targets, actuals entered by hand)
together with every computed actual value; ``plan_status`` then treats them alike.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from lipkit.catalogue import Text
from lipkit.controlling.files import PlanError, PlanIssue, parse_date, parse_number
from lipkit.controlling.model import (
    SUPPRESSED,
    ImportSource,
    Indicator,
    Plan,
    RatioSource,
    SurveyMeasure,
    SurveyOrigin,
    SurveySource,
    Value,
    ValueKind,
    values_by_indicator,
)
from lipkit.controlling.value_text import not_comparable

if TYPE_CHECKING:
    import polars as pl

    from lipkit.study.model import Study
    from lipkit.study.waves import WaveMapping


@dataclass(frozen=True)
class WaveInput:
    """A wave of the plan read with its own study (a wave of the study folder, ``study_wave``)
    and the wave mappings from it onto the current study, in order."""

    study: Study
    frame: pl.DataFrame
    mappings: tuple[WaveMapping, ...] = ()


def followed_back(source: SurveySource, mappings: tuple[WaveMapping, ...]) -> SurveySource | str:
    """``source`` in an earlier wave's names: the question through every mapping (last
    first), the options of a share those that end up on the named ones; the reason where the
    question is not comparable."""
    question = source.question
    options = set(source.options)
    for mapping in reversed(mappings):
        match = mapping.questions.get(question)
        if match is None:
            # kept as the value's comment: a code, shown in the reader's language
            reason = mapping.not_comparable.get(question, Text("compare_reason.not_in_wave"))
            return not_comparable(reason)
        question = match.earlier
        # options of the earlier question landing on a wanted one (unnamed: the same name)
        earlier = {a for a, b in match.recode.items() if b in options}
        options = earlier | {o for o in options if o not in match.recode.values()}
    return replace(source, question=question, options=tuple(sorted(options)))


def survey_value(
    indicator: Indicator,
    source: SurveySource,
    study: Study,
    frame: pl.DataFrame,
    date: dt.date,
    privacy_cache: Path | None = None,
) -> Value:
    """The indicator's value from one wave: share of ``options`` (percent of the base
    ``answered``), top-2 / bottom-2 box (percent) or mean, for the whole survey — computed by
    ``analyze`` with the study's k, so a suppressed result gives no value, never a number.
    ``privacy_cache``: where the wave's published decisions are kept (the study folder's)."""
    import polars as pl

    if not study.questionnaire.has_question(source.question):
        raise PlanError(
            [
                PlanIssue(
                    "plan/plan.yaml",
                    indicator.line,
                    "survey.question",
                    source.question,
                    "eine Frage des Fragebogens",
                )
            ]
        )
    from lipkit.analysis import analyze
    from lipkit.privacy.decide import published_decisions

    # the wave's number as every other output publishes it (a withheld question has none)
    analysis = analyze(
        study,
        frame,
        questions=[source.question],
        k=study.settings.k,
        decisions=published_decisions(study, frame, cache_dir=privacy_cache),
    )
    # codes, shown in the reader's language (lipkit.controlling.value_text)
    label = SurveyOrigin(source.wave, source.question).code
    if source.measure == SurveyMeasure.SHARE:
        rows = analysis.results.filter(pl.col("group").is_null())
        known = set(rows["option"].to_list())
        unknown = [o for o in source.options if o not in known]
        if unknown:
            raise PlanError(
                [
                    PlanIssue(
                        "plan/plan.yaml",
                        indicator.line,
                        "survey.options",
                        ", ".join(unknown),
                        Text(
                            "plan_expected.question_options",
                            question=source.question,
                            options=", ".join(sorted(known)),
                        ),
                    )
                ]
            )
        chosen = rows.filter(pl.col("option").is_in(list(source.options)))
        if chosen["suppressed"].any() or chosen["count"].null_count():
            return Value(indicator.id, ValueKind.ACTUAL, date, None, label, SUPPRESSED)
        base = chosen["base"][0]
        value = 100 * chosen["count"].sum() / base if base else None
        return Value(indicator.id, ValueKind.ACTUAL, date, value, label, f"n = {base}")
    row = analysis.questions.filter(pl.col("group").is_null()).row(0, named=True)
    if row["suppressed"]:
        return Value(indicator.id, ValueKind.ACTUAL, date, None, label, SUPPRESSED)
    value = row[source.measure.value]
    return Value(indicator.id, ValueKind.ACTUAL, date, value, label, f"n = {row['n']}")


def import_values(indicator: Indicator, source: ImportSource, study_folder: Path) -> list[Value]:
    """Actual values from a CSV in the study folder: one row per date."""
    import polars as pl

    path = study_folder / source.file
    if not path.is_file():
        raise PlanError([PlanIssue(source.file, None, "", "", Text("plan_expected.import_file"))])
    frame = pl.read_csv(path, infer_schema=False, separator=_separator(path))
    issues = []
    for column in (source.date_column, source.value_column):
        if column not in frame.columns:
            issues.append(
                PlanIssue(source.file, 1, column, "", Text("plan_expected.column", column=column))
            )
    if issues:
        raise PlanError(issues)
    values = []
    for line, (date_text, value_text) in enumerate(
        zip(frame[source.date_column], frame[source.value_column], strict=True), start=2
    ):
        date = parse_date(date_text or "")
        value = parse_number(value_text or "")
        if date is None:
            issues.append(
                PlanIssue(
                    source.file,
                    line,
                    source.date_column,
                    date_text or "",
                    Text("plan_expected.date"),
                )
            )
        elif value is None:
            issues.append(
                PlanIssue(
                    source.file,
                    line,
                    source.value_column,
                    value_text or "",
                    Text("plan_expected.number"),
                )
            )
        else:
            values.append(Value(indicator.id, ValueKind.ACTUAL, date, value, source.file))
    if issues:
        raise PlanError(issues)
    return values


def _separator(path: Path) -> str:
    header = path.read_text(encoding="utf-8-sig").split("\n", 1)[0]
    return ";" if header.count(";") > header.count(",") else ","


def ratio_values(
    indicator: Indicator, source: RatioSource, values: Mapping[str, list[Value]]
) -> list[Value]:
    """numerator / denominator × factor at each date the numerator has an actual value, with
    the denominator's newest actual value on or before that date."""
    denominators = sorted(
        (v for v in values.get(source.denominator, []) if v.kind == ValueKind.ACTUAL),
        key=lambda v: v.date,
    )
    result = []
    for num in values.get(source.numerator, []):
        if num.kind != ValueKind.ACTUAL or num.value is None:
            continue
        den = next((d for d in reversed(denominators) if d.date <= num.date), None)
        if den is None or not den.value:
            continue
        result.append(
            Value(
                indicator.id,
                ValueKind.ACTUAL,
                num.date,
                num.value / den.value * source.factor,
                f"{source.numerator} / {source.denominator}",
            )
        )
    return result


def resolve_values(
    plan: Plan,
    *,
    study: Study | None = None,
    frames: Mapping[str, pl.DataFrame | WaveInput] | None = None,
    study_folder: Path | None = None,
) -> list[Value]:
    """The plan's values and every computed actual value. ``frames``: the responses of each
    wave (by wave id), or a :class:`WaveInput` for a wave with a study of its own; a survey
    indicator whose wave has no frame gets no value. An indicator fed by several waves gets
    one value per wave, at the wave's date."""
    values = list(plan.values)
    waves = {w.id: w for w in plan.waves}
    # the decisions are kept under a key of their data, so any wave's fit in the folder's cache
    cache = None
    if study_folder is not None:
        from lipkit.study.folder import StudyFolder

        cache = StudyFolder.at(study_folder).privacy_cache
    for ind in plan.indicators:
        src = ind.computed
        if isinstance(src, SurveySource) and study is not None and frames is not None:
            for wave_id in src.wave_ids(plan.waves):
                one = replace(src, wave=wave_id)
                found = frames.get(wave_id)
                if found is None:
                    continue
                date = waves[wave_id].date
                if not isinstance(found, WaveInput):
                    values.append(survey_value(ind, one, study, found, date, cache))
                    continue
                back = followed_back(one, found.mappings)
                if isinstance(back, str):
                    label = SurveyOrigin(wave_id, src.question).code
                    values.append(Value(ind.id, ValueKind.ACTUAL, date, None, label, back))
                    continue
                values.append(survey_value(ind, back, found.study, found.frame, date, cache))
        elif isinstance(src, ImportSource) and study_folder is not None:
            values += import_values(ind, src, study_folder)
    by_indicator = values_by_indicator(values)
    # Ratios last, in plan order, so that a ratio may use an imported or survey value.
    for ind in plan.indicators:
        if isinstance(ind.computed, RatioSource):
            computed = ratio_values(ind, ind.computed, by_indicator)
            by_indicator.setdefault(ind.id, []).extend(computed)
            values += computed
    return values
