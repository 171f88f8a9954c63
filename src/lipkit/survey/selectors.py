"""Reads for the evaluation team: a survey's responses as lipkit's canonical frame, and the
numbers of its dashboard.

:func:`responses_frame` builds, from the stored answers, the raw frame a KoboToolbox export
of the survey would hold (one column per question; a multiple response as space-separated
codes plus ``q/code`` 1/0 detail columns; ``_uuid`` and, where the survey's date policy
keeps a date, ``_submission_time`` as a month) and converts
it with the same function ``read_responses`` uses (:func:`lipkit.data.io.to_canonical`,
then :func:`lipkit.data.org.attach_org`). The web app and ``lipkit analyze`` on an export
therefore cannot disagree; a test checks it.

:func:`dashboard` takes every number from the analysis engine (``lipkit analyze``'s
:func:`~lipkit.analysis.engine.analyze`), suppressed below the study's minimum group size
before it gets here: the responses per unit exactly as the report's response tables (base
``group``, every org level, top-down complementary suppression), the results of each
question on the default base. Open answers are counted, never read out. It is computed on
the responses of the dashboard's snapshot only (``services/snapshots.py``), never on the
live set.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import polars as pl
from django.db.models import TextField
from django.db.models.functions import Cast

from lipkit.analysis.engine import Analysis, analyze, analyze_many, matrix_order
from lipkit.analysis.units import unit_sizes
from lipkit.data.io import Issue, to_canonical
from lipkit.data.org import attach_org
from lipkit.privacy import MISSING
from lipkit.privacy.decide import published_decisions
from lipkit.privacy.pattern import Decisions
from lipkit.study.model import Capability, Group, Question, QuestionType, Study, label_text
from lipkit.survey.models import Response, Survey
from lipkit.survey.services.surveys import study_of

UUID_COLUMN = "_uuid"
SUBMITTED_COLUMN = "_submission_time"
"""Kobo's metadata columns: the response's random id, and when it was sent — here only the
month (``YYYY-MM``), and only where the survey's date policy keeps a date at all."""

LANGUAGE = "de"


# -- the responses as lipkit's canonical frame --------------------------------------------------


@dataclass(frozen=True)
class SurveyResponses:
    frame: pl.DataFrame
    """The canonical frame (as ``read_responses`` returns it), rows ordered by response id."""
    issues: list[Issue]
    """Cells the conversion could not take (none for answers the online form checked)."""


def responses_frame(survey: Survey) -> pl.DataFrame:
    """The survey's responses as the canonical frame lipkit's analysis works on: exactly what
    ``read_responses`` returns on the survey's Kobo export. Rows are ordered by the random
    response id, never by when they arrived."""
    return survey_responses(survey).frame


def survey_responses(
    survey: Survey, study: Study | None = None, *, only: Sequence[str] | None = None
) -> SurveyResponses:
    """The canonical frame of the survey's responses (``only``: of these response ids)."""
    study = study or study_of(survey)
    q = study.questionnaire
    levels = [level.name for level in study.org.levels] if study.org is not None else []
    frame, issues = to_canonical(kobo_frame(survey, study, only=only), q, known_columns=levels)
    return SurveyResponses(attach_org(frame, q, study.org), issues)


def kobo_frame(
    survey: Survey, study: Study | None = None, *, only: Sequence[str] | None = None
) -> pl.DataFrame:
    """The raw frame of a Kobo export: one text column per question; for a multiple response
    the codes separated by spaces plus ``q/code`` = 1/0 (Int8, as ``read_responses`` reads a
    clean CSV), empty where not answered; then ``_uuid`` and, unless the survey's date policy
    keeps no date, ``_submission_time`` as the month ``YYYY-MM`` (never the day: the day a
    known person answered would pick out their row). ``only``: just these response ids.

    The stored JSON is decoded by polars in one pass, every answer as text (numbers too, so
    that a value that is not what its question takes is reported by the conversion, as in a
    file, instead of being cast silently); stored JSON that does not fit that shape at all
    (an object where an answer should be) is decoded value by value instead.
    """
    study = study or study_of(survey)
    q = study.questionnaire
    questions = [question for question in q.questions() if question.type != QuestionType.NOTE]
    multiple = {
        question.name: q.choice_list(question).names()
        for question in questions
        if question.type == QuestionType.SELECT_MULTIPLE
    }
    rows = list(
        Response.objects.filter(survey=survey)
        .order_by("id")
        .values_list("id", Cast("answers", output_field=TextField()), "submitted_on")
    )
    schema: dict[str, pl.DataType] = {
        question.name: pl.List(pl.String) if question.name in multiple else pl.String()
        for question in questions
    }
    answers = _decode([row[1] for row in rows], schema)
    columns: list[pl.Expr] = []
    for question in questions:
        name = question.name
        if name not in multiple:
            columns.append(pl.col(name))
            continue
        # An empty list is no answer, like an unticked question in a file.
        chosen = pl.when(pl.col(name).list.len() > 0).then(pl.col(name))
        columns.append(chosen.list.join(" ").alias(name))
        columns.extend(
            pl.when(chosen.is_not_null())
            .then(chosen.list.contains(pl.lit(code)).cast(pl.Int8))
            .alias(f"{name}/{code}")
            for code in multiple[name]
        )
    metadata = [pl.Series(UUID_COLUMN, [str(row[0]) for row in rows], dtype=pl.String)]
    if survey.date_policy != Survey.DatePolicy.NONE:
        days = pl.Series(SUBMITTED_COLUMN, [row[2] for row in rows], dtype=pl.Date)
        metadata.append(days.dt.to_string("%Y-%m"))
    frame = answers.select(columns).with_columns(metadata)
    if only is not None:
        frame = frame.filter(
            pl.col(UUID_COLUMN).is_in(pl.Series(list(only), dtype=pl.String).implode())
        )
    return frame


def _decode(texts: list[str | None], schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """One column per question from the stored JSON objects (absent keys: null)."""
    if not schema:
        return pl.DataFrame(schema={}, height=len(texts)) if texts else pl.DataFrame()
    try:
        decoded = pl.Series("answers", texts, dtype=pl.String).str.json_decode(pl.Struct(schema))
        return decoded.struct.unnest()
    except pl.exceptions.PolarsError:
        pass
    values = [json.loads(text) if text else None for text in texts]
    objects = [v if isinstance(v, dict) else {} for v in values]
    return pl.DataFrame(
        {name: [_cell(o.get(name), dtype) for o in objects] for name, dtype in schema.items()},
        schema=schema,
    )


def _cell(value: object, dtype: pl.DataType) -> object:
    """A stored value as the text (or list of texts) a file would hold."""
    if value is None:
        return None
    if isinstance(dtype, pl.List):
        items = value if isinstance(value, list) else [value]
        return [item if isinstance(item, str) else json.dumps(item) for item in items]
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


# -- the dashboard ------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitCount:
    """One row of the responses per unit; ``n`` None = not shown (below k, or a complement)."""

    kind: Literal["unit", "missing", "total"]
    name: str
    code: str
    depth: int
    n: int | None
    staff: int | None
    complement: bool = False
    """Hidden only as a complement (it has k or more): "nicht ausgewiesen", not "n < k"."""

    @property
    def hidden(self) -> bool:
        return self.n is None

    @property
    def rate(self) -> float | None:
        """Responses per staff member, in percent (None where either is unknown)."""
        if self.n is None or not self.staff:
            return None
        return 100 * self.n / self.staff


@dataclass(frozen=True)
class OptionCount:
    code: str
    label: str
    count: int | None
    percent: float | None
    missing: bool
    """A missing code (k. A.): shown apart from the substantive options."""
    hidden: bool
    """Hidden inside a published question (an option that is an org unit below k)."""


@dataclass(frozen=True)
class QuestionResult:
    name: str
    label: str
    type: QuestionType
    suppressed: bool
    """The base n is below k: nothing of the question is shown."""
    n: int | None
    """Base n: shown the question and answered, k. A. included."""
    n_no_answer: int | None
    n_skipped: int | None
    n_not_shown: int | None
    filtered: bool
    """The question (or its group) has a filter: only those shown it are in the base."""
    options: tuple[OptionCount, ...] = ()
    top2: float | None = None
    bottom2: float | None = None
    mean: float | None = None
    sd: float | None = None
    scale: bool = False

    @property
    def kind(self) -> str:
        return {
            QuestionType.SELECT_ONE: "choice",
            QuestionType.SELECT_MULTIPLE: "multiple",
            QuestionType.INTEGER: "number",
            QuestionType.DECIMAL: "number",
            QuestionType.TEXT: "text",
            QuestionType.DATE: "date",
        }.get(self.type, "other")

    @property
    def substantive(self) -> tuple[OptionCount, ...]:
        return tuple(o for o in self.options if not o.missing)

    @property
    def no_answer(self) -> tuple[OptionCount, ...]:
        return tuple(o for o in self.options if o.missing)


@dataclass(frozen=True)
class MatrixResult:
    """Items of one rating scale, sorted by top-2 box as in the report's figures."""

    name: str
    label: str
    codes: tuple[str, ...]
    """The scale's options (k. A. included), in the order of its choice list."""
    columns: tuple[str, ...]
    """Their labels."""
    items: tuple[QuestionResult, ...]
    kind: str = "matrix"

    def percents(self, item: QuestionResult) -> list[float | None]:
        by_code = {o.code: o.percent for o in item.options}
        return [by_code.get(code) for code in self.codes]


@dataclass(frozen=True)
class ResultSection:
    title: str
    entries: tuple[QuestionResult | MatrixResult, ...]


@dataclass(frozen=True)
class Dashboard:
    total: int
    last_month: str | None
    """The month (``YYYY-MM``) of the last response shown; None when the survey records no
    dates."""
    k: int
    units: tuple[UnitCount, ...]
    """Whole survey first, then the org tree depth first, then respondents without a unit."""
    with_staff: bool
    levels: tuple[str, ...]
    """Labels of the org levels, top first."""
    sections: tuple[ResultSection, ...]
    issues: int
    """Cells of the stored answers the conversion refused (0 for answers the form checked)."""
    seconds: float
    """How long computing it took."""

    @property
    def suppressed(self) -> bool:
        """Whether anything in it is hidden (for the note on ``n < k``)."""
        return any(u.hidden for u in self.units) or any(
            (e.suppressed or any(o.hidden for o in e.options))
            if isinstance(e, QuestionResult)
            else any(i.suppressed for i in e.items)
            for s in self.sections
            for e in s.entries
        )


def dashboard(survey: Survey, shown: Sequence[str]) -> Dashboard:
    """The dashboard's numbers on the responses ``shown`` (the snapshot's ids); kept per
    survey, study version and snapshot (a snapshot only ever grows, so its size names it)."""
    # The random link too: a key of a deleted survey may be given to a new one.
    key = (survey.pk, survey.link, survey.version, len(shown), survey.date_policy)
    cached = _CACHE.get(key)
    if cached is not None:
        return cached
    start = time.perf_counter()
    study = study_of(survey)
    responses = survey_responses(survey, study, only=shown)
    frame = responses.frame
    last = (
        frame[SUBMITTED_COLUMN].drop_nulls().max()
        if SUBMITTED_COLUMN in frame.columns and frame.height
        else None
    )
    levels = (
        tuple(label_text(lv.label, LANGUAGE, lv.name.capitalize()) for lv in study.org.levels)
        if study.org is not None
        else ()
    )
    # Every answer is a new data state: the suppressions are decided anew for it (kept in
    # memory for the few latest states), the same for the units and the questions.
    decisions = published_decisions(study, frame)
    units = unit_counts(study, frame, decisions)
    sections = tuple(question_results(study, frame, decisions))
    result = Dashboard(
        total=frame.height,
        last_month=None if last is None else str(last),
        k=study.settings.k,
        units=tuple(units),
        with_staff=study.org is not None and any(u.staff for u in study.org.units),
        levels=levels,
        sections=sections,
        issues=len(responses.issues),
        seconds=time.perf_counter() - start,
    )
    if len(_CACHE) > 32:
        _CACHE.clear()
    _CACHE[key] = result
    return result


_CACHE: dict[tuple, Dashboard] = {}


# -- responses per unit ---------------------------------------------------------------------------


def unit_counts(
    study: Study, frame: pl.DataFrame, decisions: Decisions | None = None
) -> list[UnitCount]:
    """Respondents per unit of every org level, suppressed as the report's response tables:
    the engine on base ``group`` by each level, so that unit sizes decide, top-down along
    the tree with complements. The whole survey's count is shown as the report shows it.
    ``decisions``: the published ones (:func:`lipkit.privacy.decide.published_decisions`)
    unless given."""
    org = study.org
    total_staff = None
    rows: list[UnitCount] = []
    analysed = [q.name for q in study.questionnaire.questions() if q.type.can(Capability.REPORTED)]
    if org is None or not analysed:
        return [UnitCount("total", "Gesamt", "", 0, frame.height, None)]
    analyses = analyze_many(
        study,
        frame,
        bys=[level.name for level in org.levels],
        questions=analysed,
        base="group",
        k=study.settings.k,
        decisions=published_decisions(study, frame) if decisions is None else decisions,
    )
    sizes = [unit_sizes(analysis.questions, analysed[0]) for analysis in analyses]

    def count(depth: int, code: str) -> int | None:
        row = sizes[depth].get(code)
        if row is None or row["suppressed"]:
            return None
        return row["n_group"]

    def complement(depth: int, code: str) -> bool:
        row = sizes[depth].get(code)
        return bool(row is not None and row["suppressed"] and row["complement"])

    def visit(units, depth: int) -> None:
        for unit in units:
            n = count(depth, unit.code)
            rows.append(
                UnitCount(
                    "unit",
                    unit.name,
                    unit.code,
                    depth,
                    n,
                    unit.staff,
                    complement=complement(depth, unit.code),
                )
            )
            visit(org.children(unit), depth + 1)

    visit(org.units_at(org.levels[0].name), 0)
    for depth, level in enumerate(org.levels):
        if MISSING in sizes[depth]:
            name = f"ohne Zuordnung ({label_text(level.label, LANGUAGE, level.name.capitalize())})"
            rows.append(
                UnitCount(
                    "missing",
                    name,
                    "",
                    depth,
                    count(depth, MISSING),
                    None,
                    complement=complement(depth, MISSING),
                )
            )
    for level in org.levels:
        staff = sum(u.staff or 0 for u in org.units_at(level.name))
        if staff:
            total_staff = staff
            break
    return [UnitCount("total", "Gesamt", "", 0, frame.height, total_staff), *rows]


# -- results per question -----------------------------------------------------------------------


def question_results(
    study: Study, frame: pl.DataFrame, decisions: Decisions | None = None
) -> list[ResultSection]:
    """Every analysed question through the engine (whole survey, base ``answered``, the
    study's k), grouped by the questionnaire's pages; matrices as one block. Questions that
    record the respondent's unit are left out: the responses per unit show them.
    ``decisions``: the published ones unless given."""
    q = study.questionnaire
    if decisions is None:
        decisions = published_decisions(study, frame)
    analysis = analyze(study, frame, k=study.settings.k, decisions=decisions)
    totals = {
        row["question"]: row
        for row in analysis.questions.filter(pl.col("group").is_null()).iter_rows(named=True)
    }
    options: dict[str, list[dict]] = {}
    for row in analysis.results.filter(pl.col("group").is_null()).iter_rows(named=True):
        options.setdefault(row["question"], []).append(row)
    org_questions = _org_questions(study)

    def result(question: Question) -> QuestionResult:
        return _question_result(
            study, question, totals[question.name], options.get(question.name, [])
        )

    sections: list[ResultSection] = []
    entries: list[QuestionResult | MatrixResult] = []
    title = ""
    done: set[str] = set()
    current_page: str | None = None
    for question, parents in q.walk():
        page = parents[0].name if parents else None
        if page != current_page:
            if entries:
                sections.append(ResultSection(title, tuple(entries)))
            entries = []
            current_page = page
            title = label_text(parents[0].label, LANGUAGE, parents[0].name) if parents else ""
        if question.name not in totals or question.name in org_questions:
            continue
        matrix = next((g for g in parents if g.is_matrix), None)
        if matrix is not None:
            if matrix.name not in done:
                done.add(matrix.name)
                entries.append(_matrix_result(study, analysis, matrix, result))
            continue
        entries.append(result(question))
    if entries:
        sections.append(ResultSection(title, tuple(entries)))
    return sections


def _org_questions(study: Study) -> set[str]:
    org = study.org
    if org is None:
        return set()
    return {
        question.name
        for question in study.questionnaire.questions()
        if org.level_recorded_by(question) is not None
    }


def _question_result(
    study: Study, question: Question, total: dict, rows: Sequence[dict]
) -> QuestionResult:
    q = study.questionnaire
    suppressed = bool(total["suppressed"])
    missing = set(q.missing_codes(question)) if question.list_name else set()
    choices = q.choice_list(question) if question.list_name else None
    options = tuple(
        OptionCount(
            code=row["option"],
            label=_option_label(choices, row["option"]),
            count=row["count"],
            percent=row["percent"],
            missing=row["option"] in missing,
            hidden=bool(row["suppressed"]) and not suppressed,
        )
        for row in rows
    )
    n = None if suppressed else total["n"]
    return QuestionResult(
        name=question.name,
        label=label_text(question.label, LANGUAGE, question.name),
        type=question.type,
        suppressed=suppressed,
        n=n,
        n_no_answer=total["n_no_answer"],
        n_skipped=total["n_skipped"],
        n_not_shown=total["n_not_shown"],
        filtered=bool(q.relevance_chain(question.name)),
        options=() if suppressed else options,
        top2=_number(total["top2"]),
        bottom2=_number(total["bottom2"]),
        mean=_number(total["mean"]),
        sd=_number(total["sd"]),
        scale=question.scale is not None,
    )


def _matrix_result(study: Study, analysis: Analysis, matrix: Group, result) -> MatrixResult:
    items = [i for i in matrix.items if isinstance(i, Question) and i.type != QuestionType.NOTE]
    ordered = matrix_order(analysis, [i.name for i in items])
    by_name = {i.name: i for i in items}
    choices = study.questionnaire.choice_list(items[0])
    return MatrixResult(
        name=matrix.name,
        label=label_text(matrix.label, LANGUAGE, matrix.name),
        codes=tuple(choices.names()),
        columns=tuple(label_text(c.label, LANGUAGE, c.name) for c in choices.choices),
        items=tuple(result(by_name[name]) for name in ordered),
    )


def _option_label(choices, code: str) -> str:
    choice = choices.get(code) if choices is not None else None
    return label_text(choice.label, LANGUAGE, code) if choice is not None else code


def _number(value: float | None) -> float | None:
    if value is None or value != value:
        return None
    return float(value)
