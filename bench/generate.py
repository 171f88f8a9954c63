"""Synthetic staff survey for the benchmark: questionnaire, org tree and Kobo-style CSV.

The study imitates the reference survey at scale: 7 Dezernate x 3 Fachbereiche (asked by a
cascading select), 5-point agreement scales with "keine Angabe", multiple-response questions
with 8 options including an exclusive "none", yes/no filter questions whose ``relevant``
gates later questions (also via a group), and a few integer questions.

The data are drawn with numpy, one vector per question (never a loop over respondents), and
written with polars in KoboToolbox's export layout: ``select_multiple`` as a space-separated
summary column ``q`` plus ``q/x`` 1/0 detail columns (empty where not answered), empty cells
where a question was not shown or skipped, ``_``-prefixed metadata columns at the end.

Unit sizes are skewed on purpose (one Fachbereich holds 0.01 % of the staff) so that filtered
questions fall below the minimum group size k in some units and suppression really happens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl

from lipkit.study.model import (
    Choice,
    ChoiceList,
    Group,
    OrgLevel,
    OrgTree,
    OrgUnit,
    Question,
    Questionnaire,
    QuestionType,
    ScaleOrder,
    Settings,
    Study,
    StudySettings,
)

DEFAULT_SEED = 20261128
SCALE_LIST = "zustimmung"
YES_NO_LIST = "ja_nein"
MULTI_OPTIONS = 8
"""Options of every multiple-response list; the last one is the exclusive "none"."""

SKIP_RATE = 0.03
"""Share of respondents who leave a shown question empty."""
NO_ANSWER_RATE = 0.05
"""Share of scale answers that are "keine Angabe"."""

DEZERNAT_SHARES = np.array([0.30, 0.20, 0.15, 0.12, 0.10, 0.08, 0.05])
FACHBEREICH_SHARES = np.array([0.70, 0.27, 0.03])
"""Share of each Fachbereich within its Dezernat; the last Dezernat gets SMALLEST_SHARES."""
SMALLEST_SHARES = np.array([0.60, 0.398, 0.002])


@dataclass(frozen=True)
class Block:
    """A yes/no filter question and the questions it gates."""

    topic: str
    label: str
    yes_rate: float
    scales: int
    multis: int
    integer: str | None = None
    as_matrix_group: bool = False
    """Gate a ``field-list`` matrix group (group ``relevant``) instead of each question."""
    extra_condition: str | None = None
    """Added with ``and`` to the gate of the block's last scale (exercises the compiler);
    ``<suffix>`` stands for the suffix of a repeated block."""


BLOCKS = (
    Block("fuehrung", "Haben Sie Führungsverantwortung?", 0.25, 6, 2, "anzahl_mitarbeitende"),
    Block(
        "homeoffice",
        "Arbeiten Sie im Homeoffice?",
        0.55,
        5,
        2,
        extra_condition="selected(${m_homeoffice<suffix>_1}, 'o1')",
    ),
    Block("fortbildung", "Waren Sie auf Fortbildungen?", 0.45, 4, 2, "fortbildungstage"),
    Block("konflikt", "Gab es Konflikte im Team?", 0.08, 4, 1),
    Block(
        "digital",
        "Nutzen Sie digitale Fachverfahren?",
        0.70,
        4,
        2,
        extra_condition="${dienstjahre} > 2",
    ),
    Block("gesundheit", "Nutzen Sie Angebote des BGM?", 0.35, 5, 1, as_matrix_group=True),
)
MATRIX_ITEMS = 8
FINAL_MULTIS = 2


# -- questionnaire ------------------------------------------------------------------------------


def _choice_lists() -> dict[str, ChoiceList]:
    scale = ChoiceList(
        name=SCALE_LIST,
        choices=[
            Choice(name="voll", label={"de": "Stimme voll zu"}),
            Choice(name="eher", label={"de": "Stimme eher zu"}),
            Choice(name="teils", label={"de": "Teils/teils"}),
            Choice(name="eher_nicht", label={"de": "Stimme eher nicht zu"}),
            Choice(name="gar_nicht", label={"de": "Stimme gar nicht zu"}),
            Choice(name="k_a", label={"de": "keine Angabe"}, missing=True),
        ],
    )
    yes_no = ChoiceList(
        name=YES_NO_LIST,
        choices=[Choice(name="ja", label={"de": "Ja"}), Choice(name="nein", label={"de": "Nein"})],
    )
    lists = {SCALE_LIST: scale, YES_NO_LIST: yes_no}
    for topic in [b.topic for b in BLOCKS] + ["allgemein"]:
        options = [
            Choice(name=f"o{i}", label={"de": f"Maßnahme {i}"}) for i in range(1, MULTI_OPTIONS)
        ]
        options.append(Choice(name="keine", label={"de": "Keine dieser Maßnahmen"}, exclusive=True))
        lists[f"massnahmen_{topic}"] = ChoiceList(name=f"massnahmen_{topic}", choices=options)
    return lists


def make_org() -> OrgTree:
    """7 Dezernate with 3 Fachbereiche each; both levels are asked in the questionnaire."""
    units: list[OrgUnit] = []
    for d in range(1, len(DEZERNAT_SHARES) + 1):
        units.append(OrgUnit(code=f"d{d}", name=f"Dezernat {d}", level="dezernat"))
        for f in range(1, len(FACHBEREICH_SHARES) + 1):
            units.append(
                OrgUnit(
                    code=f"d{d}_f{f}",
                    name=f"Fachbereich {d}.{f}",
                    level="fachbereich",
                    parent=f"d{d}",
                )
            )
    return OrgTree(
        levels=[
            OrgLevel(name="dezernat", label={"de": "Dezernat"}, question="dezernat"),
            OrgLevel(name="fachbereich", label={"de": "Fachbereich"}, question="fachbereich"),
        ],
        units=units,
    )


def _org_questions(org: OrgTree) -> tuple[list[Question], dict[str, ChoiceList]]:
    dezernate = ChoiceList(
        name="dezernate",
        choices=[Choice(name=u.code, label={"de": u.name}) for u in org.units_at("dezernat")],
    )
    fachbereiche = ChoiceList(
        name="fachbereiche",
        choices=[
            Choice(name=u.code, label={"de": u.name}, filters={"dezernat": u.parent or ""})
            for u in org.units_at("fachbereich")
        ],
    )
    questions = [
        Question(
            name="dezernat",
            type=QuestionType.SELECT_ONE,
            list_name="dezernate",
            label={"de": "In welchem Dezernat arbeiten Sie?"},
            required=True,
            org_level="dezernat",
        ),
        Question(
            name="fachbereich",
            type=QuestionType.SELECT_ONE,
            list_name="fachbereiche",
            label={"de": "In welchem Fachbereich arbeiten Sie?"},
            required=True,
            choice_filter="dezernat=${dezernat}",
            org_level="fachbereich",
        ),
    ]
    return questions, {"dezernate": dezernate, "fachbereiche": fachbereiche}


def _scale(name: str, text: str, relevant: str | None = None, matrix: bool = False) -> Question:
    return Question(
        name=name,
        type=QuestionType.SELECT_ONE,
        list_name=SCALE_LIST,
        label={"de": text},
        relevant=relevant,
        scale=ScaleOrder.POSITIVE_FIRST,
        appearance="likert" if matrix else None,
    )


def _multi(name: str, topic: str, relevant: str | None) -> Question:
    return Question(
        name=name,
        type=QuestionType.SELECT_MULTIPLE,
        list_name=f"massnahmen_{topic}",
        label={"de": f"Welche Maßnahmen kennen Sie ({topic})?"},
        relevant=relevant,
    )


def _integer(name: str, relevant: str | None = None) -> Question:
    return Question(
        name=name,
        type=QuestionType.INTEGER,
        label={"de": name.replace("_", " ").capitalize()},
        relevant=relevant,
        constraint=". >= 0",
    )


def _block_items(block: Block, round_: int) -> list[Question | Group]:
    suffix = "" if round_ == 0 else f"_{round_ + 1}"
    topic = block.topic
    gate_name = f"f_{topic}{suffix}"
    gate = f"${{{gate_name}}} = 'ja'"
    items: list[Question | Group] = [
        Question(
            name=gate_name,
            type=QuestionType.SELECT_ONE,
            list_name=YES_NO_LIST,
            label={"de": block.label},
        )
    ]
    multis = [_multi(f"m_{topic}{suffix}_{i}", topic, gate) for i in range(1, block.multis + 1)]
    scale_names = [f"s_{topic}{suffix}_{i}" for i in range(1, block.scales + 1)]
    if block.as_matrix_group:
        rows = [_scale(n, f"Aussage {n}", matrix=True) for n in scale_names]
        items.append(
            Group(
                name=f"g_{topic}{suffix}",
                label={"de": f"Aussagen zu {topic}"},
                relevant=gate,
                appearance="field-list",
                items=rows,
            )
        )
        items.extend(multis)
    else:
        # Multiple-response questions come first so that a scale may be gated by selected().
        items.extend(multis)
        for i, n in enumerate(scale_names):
            relevant = gate
            if block.extra_condition and i == len(scale_names) - 1:
                relevant = f"{gate} and {block.extra_condition.replace('<suffix>', suffix)}"
            items.append(_scale(n, f"Aussage {n}", relevant))
    if block.integer:
        items.append(_integer(f"{block.integer}{suffix}", gate))
    return items


def _count(items: list[Question | Group]) -> int:
    return sum(len(i.items) if isinstance(i, Group) else 1 for i in items)


def _truncate(items: list[Question | Group], keep: int) -> list[Question | Group]:
    out: list[Question | Group] = []
    for item in items:
        if keep <= 0:
            break
        if isinstance(item, Group):
            rows = item.items[:keep]
            out.append(item.model_copy(update={"items": rows}))
            keep -= len(rows)
        else:
            out.append(item)
            keep -= 1
    return out


def make_study(n_questions: int = 60, k: int = 5) -> Study:
    """The benchmark study; with the default 60 questions: 2 org, 6 filter, 36 scale,
    12 multiple-response (8 options) and 4 integer questions."""
    if n_questions < 4:
        raise ValueError(f"n_questions must be at least 4, got {n_questions}")
    org = make_org()
    org_questions, org_lists = _org_questions(org)
    survey: list[Question | Group] = [
        *org_questions,
        _integer("dienstjahre"),
        _integer("teamgroesse"),
        Group(
            name="g_arbeitsumfeld",
            label={"de": "Ihr Arbeitsumfeld"},
            appearance="field-list",
            items=[
                _scale(f"s_arbeitsumfeld_{i}", f"Aussage {i} zum Arbeitsumfeld", matrix=True)
                for i in range(1, MATRIX_ITEMS + 1)
            ],
        ),
    ]
    tail = [_multi(f"m_allgemein_{i}", "allgemein", None) for i in range(1, FINAL_MULTIS + 1)]
    round_ = 0
    while _count(survey) + len(tail) < n_questions:
        for block in BLOCKS:
            survey.extend(_block_items(block, round_))
        round_ += 1
    survey = _truncate(survey, n_questions - min(len(tail), n_questions - 4))
    survey.extend(tail[: n_questions - _count(survey)])
    questionnaire = Questionnaire(
        settings=Settings(form_title="Benchmark-Befragung", form_id="bench", version="1"),
        survey=survey,
        choices={**org_lists, **_choice_lists()},
    )
    return Study(
        questionnaire=questionnaire,
        org=org,
        settings=StudySettings(title="Benchmark-Befragung", k=k),
    )


# -- relevant expressions of this study ---------------------------------------------------------

_CLAUSE = re.compile(
    r"""^\s*(?:
        \$\{(?P<eq_q>\w+)\}\s*=\s*'(?P<eq_v>[^']*)'
      | \$\{(?P<gt_q>\w+)\}\s*>\s*(?P<gt_v>-?\d+(?:\.\d+)?)
      | selected\(\s*\$\{(?P<sel_q>\w+)\}\s*,\s*'(?P<sel_v>[^']*)'\s*\)
    )\s*$""",
    re.VERBOSE,
)


@dataclass(frozen=True)
class Clause:
    """One condition of a ``relevant`` of the benchmark study: ``op`` is ``=``, ``>`` or
    ``selected``."""

    op: str
    question: str
    value: str


def relevant_clauses(expression: str) -> list[Clause]:
    """The ``and``-ed conditions of a benchmark ``relevant`` (only the forms it uses)."""
    clauses = []
    for part in expression.split(" and "):
        m = _CLAUSE.match(part)
        if not m:
            raise ValueError(f"benchmark relevant {expression!r}: cannot read {part!r}")
        if m["eq_q"]:
            clauses.append(Clause("=", m["eq_q"], m["eq_v"]))
        elif m["gt_q"]:
            clauses.append(Clause(">", m["gt_q"], m["gt_v"]))
        else:
            clauses.append(Clause("selected", m["sel_q"], m["sel_v"]))
    return clauses


# -- data ---------------------------------------------------------------------------------------


@dataclass
class _Answers:
    """Generated answers as numpy vectors: select_one as codes (-1 = empty), select_multiple
    as a boolean matrix plus an answered mask, integers as float (NaN = empty)."""

    n: int
    codes: dict[str, np.ndarray] = field(default_factory=dict)
    multis: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    numbers: dict[str, np.ndarray] = field(default_factory=dict)

    def clause_mask(self, clause: Clause, q: Questionnaire) -> np.ndarray:
        if clause.op == "=":
            names = q.choice_list(clause.question).names()
            return self.codes[clause.question] == names.index(clause.value)
        if clause.op == ">":
            with np.errstate(invalid="ignore"):
                return self.numbers[clause.question] > float(clause.value)
        selected, answered = self.multis[clause.question]
        column = q.choice_list(clause.question).names().index(clause.value)
        return answered & selected[:, column]

    def shown(self, name: str, q: Questionnaire) -> np.ndarray:
        mask = np.ones(self.n, dtype=bool)
        for expression in q.relevance_chain(name):
            for clause in relevant_clauses(expression):
                mask &= self.clause_mask(clause, q)
        return mask


def _org_codes(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Dezernat index 0..6 and Fachbereich index 0..20 of every respondent."""
    dez = rng.choice(len(DEZERNAT_SHARES), size=n, p=DEZERNAT_SHARES)
    shares = np.tile(FACHBEREICH_SHARES, (len(DEZERNAT_SHARES), 1))
    shares[-1] = SMALLEST_SHARES
    cum = np.cumsum(shares, axis=1)[dez]
    within = (rng.random(n)[:, None] > cum[:, :-1]).sum(axis=1)
    return dez, dez * len(FACHBEREICH_SHARES) + within


def _draw_categories(rng: np.random.Generator, probs_by_dez: np.ndarray, dez: np.ndarray):
    """One category per respondent from the probability row of their Dezernat.

    One ``searchsorted`` over all Dezernate at once: the cumulative probabilities of
    Dezernat d are shifted by d, and so is the respondent's uniform draw.
    """
    n_dez, k = probs_by_dez.shape
    cum = np.cumsum(probs_by_dez, axis=1)
    cum[:, -1] = 1.0
    edges = (np.arange(n_dez)[:, None] + cum).ravel()
    draws = dez + rng.random(len(dez))
    return (np.searchsorted(edges, draws, side="right") - dez * k).astype(np.int8)


def _blank(codes: np.ndarray, shown: np.ndarray, rng: np.random.Generator, skip: float):
    """-1 where the question was not shown or (with probability ``skip``) skipped."""
    empty = ~shown | (rng.random(len(codes), dtype=np.float32) < skip)
    return np.where(empty, np.int8(-1), codes).astype(np.int8)


def _generate(study: Study, n: int, seed: int) -> tuple[_Answers, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    q = study.questionnaire
    n_dez = len(DEZERNAT_SHARES)
    dez, fb = _org_codes(rng, n)
    answers = _Answers(n)
    for question in q.questions():
        name = question.name
        if question.org_level == "dezernat":
            answers.codes[name] = dez.astype(np.int8)
            continue
        if question.org_level == "fachbereich":
            answers.codes[name] = fb.astype(np.int8)
            continue
        shown = answers.shown(name, q)
        if question.type == QuestionType.INTEGER:
            values = np.floor(rng.gamma(2.0, 5.0, n)) if name.startswith("dienst") else None
            if values is None:
                values = rng.poisson(6.0, n).astype(float) + 1
            empty = ~shown | (rng.random(n) < SKIP_RATE)
            answers.numbers[name] = np.where(empty, np.nan, values)
        elif question.type == QuestionType.SELECT_MULTIPLE:
            answered = shown & (rng.random(n) >= SKIP_RATE)
            rates = rng.uniform(0.08, 0.5, MULTI_OPTIONS - 1)
            selected = np.zeros((n, MULTI_OPTIONS), dtype=bool)
            selected[:, :-1] = rng.random((n, MULTI_OPTIONS - 1), dtype=np.float32) < rates
            none = rng.random(n) < 0.07
            selected[none, :-1] = False
            # Someone who ticked nothing but answered gets one random option: no empty answer.
            nothing = ~selected[:, :-1].any(axis=1) & ~none
            pick = rng.integers(0, MULTI_OPTIONS - 1, n)
            selected[nothing, pick[nothing]] = True
            selected[:, -1] = none
            selected &= answered[:, None]
            answers.multis[name] = (selected, answered)
        elif question.scale is not None:
            tilt = rng.normal(0.0, 0.35, n_dez)[:, None] + rng.normal(0.2, 0.3)
            weights = np.array([0.25, 0.35, 0.2, 0.12, 0.08]) * np.exp(
                tilt * np.array([2, 1, 0, -1, -2])
            )
            probs = weights / weights.sum(axis=1, keepdims=True) * (1 - NO_ANSWER_RATE)
            probs = np.hstack([probs, np.full((n_dez, 1), NO_ANSWER_RATE)])
            answers.codes[name] = _blank(_draw_categories(rng, probs, dez), shown, rng, SKIP_RATE)
        else:
            yes = np.clip(_yes_rate(question.name) + rng.normal(0, 0.05, n_dez), 0.01, 0.99)
            probs = np.column_stack([yes, 1 - yes])
            answers.codes[name] = _blank(_draw_categories(rng, probs, dez), shown, rng, 0.01)
    return answers, dez, fb


def _yes_rate(filter_name: str) -> float:
    topic = filter_name.removeprefix("f_").split("_")[0]
    return next((b.yes_rate for b in BLOCKS if b.topic == topic), 0.5)


def _label_column(codes: np.ndarray, names: list[str]) -> pl.Series:
    # A masked numpy array becomes a Series with nulls: gather yields null for them.
    return pl.Series(names).gather(pl.Series(np.ma.masked_less(codes.astype(np.int32), 0)))


def response_frame(study: Study, n_rows: int, seed: int = DEFAULT_SEED) -> pl.DataFrame:
    """The generated responses as strings/integers in the Kobo export layout."""
    answers, _dez, _fb = _generate(study, n_rows, seed)
    q = study.questionnaire
    columns: list[pl.Series] = []
    for question in q.questions():
        name = question.name
        if question.type == QuestionType.INTEGER:
            columns.append(pl.Series(name, answers.numbers[name], nan_to_null=True).cast(pl.Int64))
        elif question.type == QuestionType.SELECT_MULTIPLE:
            selected, answered = answers.multis[name]
            options = q.choice_list(question).names()
            flags = pl.DataFrame({o: selected[:, j] for j, o in enumerate(options)})
            is_answered = pl.Series("answered", answered)
            summary = flags.select(
                pl.when(is_answered)
                .then(
                    pl.concat_str(
                        [pl.when(pl.col(o)).then(pl.lit(o)) for o in options],
                        separator=" ",
                        ignore_nulls=True,
                    )
                )
                .alias(name)
            ).to_series()
            details = flags.select(
                pl.when(is_answered).then(pl.col(o).cast(pl.Int8)).alias(f"{name}/{o}")
                for o in options
            )
            columns.append(summary)
            columns.extend(details.get_columns())
        else:
            codes = answers.codes[name]
            columns.append(_label_column(codes, q.choice_list(question).names()).alias(name))
    ids = pl.Series(np.arange(1, n_rows + 1))
    frame = pl.DataFrame(columns)
    start = np.datetime64("2026-03-02T08:00:00")
    rng = np.random.default_rng(seed + 1)
    seconds = np.sort(rng.integers(0, 21 * 24 * 3600, n_rows))
    times = (start + seconds.astype("timedelta64[s]")).astype("datetime64[ms]")
    return frame.with_columns(
        pl.Series("_id", ids + 100_000),
        pl.format("bench-{}-{}", pl.lit(seed), pl.Series(ids).cast(pl.String).str.zfill(8)).alias(
            "_uuid"
        ),
        pl.Series("_submission_time", times).dt.strftime("%Y-%m-%dT%H:%M:%S"),
        pl.lit("validation_status_approved").alias("_validation_status"),
        pl.Series("_index", ids),
    )


def write_csv(study: Study, n_rows: int, path: Path | str, seed: int = DEFAULT_SEED) -> Path:
    """Generate ``n_rows`` respondents and write them as a Kobo-style CSV to ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    response_frame(study, n_rows, seed).write_csv(path)
    return path
