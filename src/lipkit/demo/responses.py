"""Synthetic responses for the demo study, built constructively from the target counts.

Nothing is sampled and hoped for: every option gets exactly the number of respondents that
``targets.TARGETS`` gives (overall or per Dezernat), and randomness (seeded, so the frame
is the same on every call) only decides *which* respondents of a group get which answer.

How a respondent comes to answer a question:

1. the respondent reached the question's stage (drop-out, ``targets.REACHED``);
2. the question's filter (``relevant`` of its groups and itself) is true, evaluated on the
   answers generated so far, in questionnaire order;
3. the respondent is not one of the ``skipped`` who saw the question and left it empty.
"""

from __future__ import annotations

import re
from datetime import datetime

import numpy as np
import polars as pl

from lipkit.demo.open_answers import open_answers
from lipkit.demo.org import FACHBEREICHE
from lipkit.demo.questionnaire import build_questionnaire
from lipkit.demo.targets import (
    DEZ,
    PUBLISHED,
    REACHED,
    STAGE_OF,
    TARGETS,
    Matrix,
    Multiple,
    Single,
    Target,
    Text,
    percent,
)
from lipkit.study.model import Group, Question, Questionnaire, QuestionType

SEED = 2020
FIELD_START = datetime(2019, 9, 16, 8, 0)
FIELD_SECONDS = 35 * 24 * 3600  # five weeks (report chapter 2.2)

_ATOM = re.compile(r"^\$\{(\w+)\}\s*(!=|=)\s*'([^']*)'$")


class _Answers:
    """Answer arrays during generation: strings ('' = empty) and select_multiple ticks."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.text: dict[str, np.ndarray] = {}
        self.ticks: dict[str, np.ndarray] = {}  # question -> (size, n_choices) bool
        self.ticked: dict[str, np.ndarray] = {}  # question -> answered mask

    def string(self, name: str) -> np.ndarray:
        return self.text.setdefault(name, np.full(self.size, "", dtype=object))

    def condition(self, expression: str) -> np.ndarray:
        """Evaluate the simple filters the demo uses: atoms joined by ``and`` or ``or``."""
        for joiner, combine in ((" or ", np.logical_or), (" and ", np.logical_and)):
            parts = expression.split(joiner)
            if len(parts) > 1:
                masks = [self.condition(part.strip()) for part in parts]
                return combine.reduce(masks)
        match = _ATOM.match(expression.strip())
        if not match:
            raise ValueError(f"demo filter {expression!r}: expected ${{q}} = 'x' or ${{q}} != 'x'")
        name, op, value = match.groups()
        column = self.string(name)
        return column == value if op == "=" else column != value


def _expand(counts: dict[str, int]) -> np.ndarray:
    return np.repeat(np.array(list(counts), dtype=object), list(counts.values()))


def _check_options(name: str, counts: dict[str, int], options: list[str]) -> None:
    unknown = set(counts) - set(options)
    if unknown:
        raise ValueError(
            f"demo target {name!r}: {sorted(unknown)} not in its choice list {options}"
        )


def _check(name: str, group: str, have: int, want: int) -> None:
    if have != want:
        raise ValueError(
            f"demo target {name!r} ({group}): {have} respondents answer, "
            f"the target counts sum to {want}"
        )


def _multiple_ticks(
    name: str, m: int, counts: dict[str, int], exclusive: set[str], rng: np.random.Generator
) -> np.ndarray:
    """(m, options) ticks with exactly ``counts`` per option.

    Exclusive options go to respondents of their own. Every other respondent first gets one
    option (a random draw from all the ticks to hand out), then each option's remaining
    ticks go to random respondents who do not have it yet.
    """
    options = list(counts)
    ticks = np.zeros((m, len(options)), dtype=bool)
    order = rng.permutation(m)
    position = 0
    for j, option in enumerate(options):
        if option in exclusive:
            ticks[order[position : position + counts[option]], j] = True
            position += counts[option]
    rest = order[position:]
    k = len(rest)
    others = {j: c for j, (o, c) in enumerate(counts.items()) if o not in exclusive}
    total = sum(others.values())
    if k < 0 or (k == 0 and total > 0) or (k > 0 and (max(others.values()) > k or total < k)):
        raise ValueError(
            f"demo target {name!r}: {m} respondents cannot hold the counts {counts} "
            f"(exclusive: {sorted(exclusive)})"
        )
    if k == 0:
        return ticks
    pool = np.repeat(np.array(list(others)), list(others.values()))
    first = rng.permutation(pool)[:k]
    ticks[rest, first] = True
    for j, wanted in others.items():
        missing = wanted - int(ticks[rest, j].sum())
        free = rest[~ticks[rest, j]]
        ticks[rng.choice(free, size=missing, replace=False), j] = True
    return ticks


class _Generator:
    def __init__(self, questionnaire: Questionnaire) -> None:
        self.q = questionnaire
        sizes = [n for _dez, _name, n in FACHBEREICHE.values()]
        self.fachbereich = np.repeat(np.array(list(FACHBEREICHE), dtype=object), sizes)
        self.dezernat = np.repeat(
            np.array([dez for dez, _name, _n in FACHBEREICHE.values()], dtype=object), sizes
        )
        self.size = len(self.fachbereich)
        self.dez_index = _dez_positions(self.dezernat)
        # persistence rank within the Dezernat: rank < reached count = still answering
        rng = np.random.default_rng(SEED)
        self.rank = np.zeros(self.size, dtype=int)
        for i, _dez in enumerate(DEZ):
            members = np.flatnonzero(self.dez_index == i)
            self.rank[members] = rng.permutation(len(members))
        self.answers = _Answers(self.size)
        self.answers.text["dezernat"] = self.dezernat.copy()
        self.answers.text["fachbereich"] = self.fachbereich.copy()

    def reached(self, stage: str) -> np.ndarray:
        limits = np.array([REACHED[stage][d] for d in DEZ])
        return self.rank < limits[self.dez_index]

    def shown(self, question: Question) -> np.ndarray:
        mask = np.ones(self.size, dtype=bool)
        for expression in self.q.relevance_chain(question.name):
            mask &= self.answers.condition(expression)
        return mask

    def answering(self, name: str, question: Question, skipped: int, seed: int) -> np.ndarray:
        mask = self.shown(question) & self.reached(STAGE_OF[name])
        if skipped:
            rng = np.random.default_rng([SEED, seed, 1])
            mask[rng.choice(np.flatnonzero(mask), size=skipped, replace=False)] = False
        return mask

    def groups(self, mask: np.ndarray, by_dezernat: dict | None, counts: dict | None):
        """(label, respondent indices, counts) per Dezernat, or once for everyone."""
        if by_dezernat is not None:
            return [
                (f"Dezernat {d}", np.flatnonzero(mask & (self.dez_index == i)), by_dezernat[d])
                for i, d in enumerate(DEZ)
            ]
        assert counts is not None
        return [("overall", np.flatnonzero(mask), counts)]

    # -- per kind -------------------------------------------------------------------------
    def single(self, name: str, target: Single, seed: int) -> None:
        question = self.q.question(name)
        rng = np.random.default_rng([SEED, seed])
        mask = self.answering(name, question, target.skipped, seed)
        column = self.answers.string(name)
        later = self.reached(target.prefer_later[0]) if target.prefer_later else None
        options = self.q.choice_list(question).names()
        for label, idx, counts in self.groups(mask, target.by_dezernat, target.counts):
            _check_options(name, counts, options)
            _check(name, label, len(idx), sum(counts.values()))
            values = _expand(counts)
            rng.shuffle(values)
            if later is not None and target.prefer_later:
                values = _prefer(values, later[idx], set(target.prefer_later[1]), rng)
            column[idx] = values

    def multiple(self, name: str, target: Multiple, seed: int) -> None:
        question = self.q.question(name)
        rng = np.random.default_rng([SEED, seed])
        mask = self.answering(name, question, target.skipped, seed)
        options = self.q.choice_list(question).names()
        exclusive = set(self.q.exclusive_codes(question))
        ticks = np.zeros((self.size, len(options)), dtype=bool)
        groups = self.groups(mask, target.by_dezernat, target.counts)
        for label, idx, counts in groups:
            _check_options(name, counts, options)
            full = {o: counts.get(o, 0) for o in options}
            ticks[idx] = _multiple_ticks(f"{name} ({label})", len(idx), full, exclusive, rng)
        self.answers.ticks[name] = ticks
        self.answers.ticked[name] = mask
        # the filter value of a select_multiple: selected names joined by a space
        joined = pl.select(
            pl.concat_str(
                [
                    pl.when(pl.Series(ticks[:, j])).then(pl.lit(option))
                    for j, option in enumerate(options)
                ],
                separator=" ",
                ignore_nulls=True,
            )
        ).to_series()
        self.answers.text[name] = joined.to_numpy().astype(object)

    def matrix(self, group: Group, target: Matrix, seed: int) -> None:
        rows = [item for item in group.items if isinstance(item, Question)]
        rng = np.random.default_rng([SEED, seed])
        mask = self.answering(group.name, rows[0], target.skipped, seed)
        idx = np.flatnonzero(mask)
        for row in rows:
            counts = target.rows[row.name]
            _check_options(row.name, counts, self.q.choice_list(row).names())
            _check(row.name, "overall", len(idx), sum(counts.values()))
            values = _expand(counts)
            rng.shuffle(values)
            self.answers.string(row.name)[idx] = values

    def text(self, name: str, target: Text, seed: int) -> None:
        question = self.q.question(name)
        rng = np.random.default_rng([SEED, seed])
        mask = self.answering(name, question, 0, seed)
        eligible = np.flatnonzero(mask)
        if target.answered > len(eligible):
            raise ValueError(f"demo target {name!r}: {target.answered} > {len(eligible)} shown")
        chosen = np.sort(rng.choice(eligible, size=target.answered, replace=False))
        self.answers.string(name)[chosen] = np.array(open_answers(target.answered), dtype=object)

    def run(self) -> None:
        done: set[str] = set()
        seeds = {name: i for i, name in enumerate(TARGETS)}
        for question, parents in self.q.walk():
            group = parents[-1] if parents else None
            if question.name in TARGETS:
                target: Target = TARGETS[question.name]
                seed = seeds[question.name]
                if isinstance(target, Single):
                    self.single(question.name, target, seed)
                elif isinstance(target, Multiple):
                    self.multiple(question.name, target, seed)
                elif isinstance(target, Text):
                    self.text(question.name, target, seed)
                done.add(question.name)
            elif group is not None and group.name in TARGETS and group.name not in done:
                target = TARGETS[group.name]
                assert isinstance(target, Matrix)
                self.matrix(group, target, seeds[group.name])
                done.add(group.name)
        missing = set(TARGETS) - done
        if missing:
            raise ValueError(f"demo targets without a question: {sorted(missing)}")

    def frame(self) -> pl.DataFrame:
        columns: dict[str, pl.Series] = {}
        for question in self.q.questions():
            if question.type == QuestionType.SELECT_MULTIPLE:
                ticks = self.answers.ticks.get(question.name)
                answered = self.answers.ticked.get(question.name, np.zeros(self.size, bool))
                for j, column in enumerate(self.q.columns(question)):
                    values = ticks[:, j] if ticks is not None else np.zeros(self.size, dtype=bool)
                    columns[column] = pl.Series(column, values, dtype=pl.Boolean).zip_with(
                        pl.Series(answered), pl.Series([None] * self.size, dtype=pl.Boolean)
                    )
            elif question.type != QuestionType.NOTE:
                texts = pl.Series(question.name, self.answers.string(question.name), pl.String)
                columns[question.name] = texts.zip_with(
                    texts != "", pl.Series([None] * self.size, dtype=pl.String)
                )
        answers = pl.DataFrame(list(columns.values()))
        return _with_metadata(answers)


def _dez_positions(dezernat: np.ndarray) -> np.ndarray:
    lookup = {d: i for i, d in enumerate(DEZ)}
    return pl.Series(dezernat, dtype=pl.String).replace_strict(lookup).to_numpy()


def _prefer(
    values: np.ndarray, later: np.ndarray, preferred: set[str], rng: np.random.Generator
) -> np.ndarray:
    """Put as many preferred values as possible on the respondents with ``later`` True."""
    is_preferred = np.isin(values, list(preferred))
    ordered = np.concatenate([values[is_preferred], values[~is_preferred]])
    stay = np.flatnonzero(later)
    leave = np.flatnonzero(~later)
    result = np.empty(len(values), dtype=object)
    result[stay] = rng.permutation(ordered[: len(stay)])
    result[leave] = rng.permutation(ordered[len(stay) :])
    return result


def _uuids(rng: np.random.Generator, n: int) -> pl.Series:
    """Random version-4 UUID strings, built without a loop over respondents."""
    nibbles = rng.integers(0, 16, size=(n, 32))
    nibbles[:, 12] = 4
    nibbles[:, 16] = 8 + nibbles[:, 16] % 4
    hexchars = np.array(list("0123456789abcdef"))[nibbles]
    flat = pl.Series(np.ascontiguousarray(hexchars).view("<U32").ravel())
    parts = [flat.str.slice(a, b - a) for a, b in ((0, 8), (8, 12), (12, 16), (16, 20), (20, 32))]
    return pl.select(pl.concat_str([pl.lit(part) for part in parts], separator="-")).to_series()


def _with_metadata(answers: pl.DataFrame) -> pl.DataFrame:
    """Submission order by time; ``_row`` = row in the export file (header = row 1)."""
    n = answers.height
    rng = np.random.default_rng([SEED, 999])
    seconds = np.sort(rng.choice(FIELD_SECONDS, size=n, replace=False))
    order = rng.permutation(n)  # respondent i submitted as the order[i]-th
    times = pl.select(
        (pl.lit(FIELD_START) + pl.duration(seconds=pl.lit(pl.Series(seconds)))).dt.strftime(
            "%Y-%m-%dT%H:%M:%S"
        )
    ).to_series()
    meta = pl.DataFrame(
        {
            "_row": pl.Series(np.arange(2, n + 2), dtype=pl.Int64),
            "_id": (pl.Series(np.arange(n)) + 48_211_001).cast(pl.String),
            "_uuid": _uuids(rng, n),
            "_submission_time": times,
        }
    )
    ordered = answers.with_columns(pl.Series("_order", order)).sort("_order").drop("_order")
    return pl.concat([meta, ordered], how="horizontal")


def generate_responses() -> pl.DataFrame:
    """The demo's 202 respondents as a canonical response frame (deterministic)."""
    generator = _Generator(build_questionnaire())
    generator.run()
    return generator.frame()


def compare_with_report(frame: pl.DataFrame, questionnaire: Questionnaire) -> pl.DataFrame:
    """Each published percentage next to the demo's: figure, question, options, dezernat,
    base, count, n, demo (whole percent, half-up), published, match."""
    rows = []
    for fig in PUBLISHED:
        question = questionnaire.question(fig.question)
        data = frame if fig.dezernat is None else frame.filter(pl.col("dezernat") == fig.dezernat)
        if question.type == QuestionType.SELECT_MULTIPLE:
            first = questionnaire.columns(question)[0]
            answered = pl.col(first).is_not_null()
            hit = pl.any_horizontal(pl.col(f"{question.name}/{o}") for o in fig.options)
        else:
            answered = pl.col(question.name).is_not_null()
            hit = pl.col(question.name).is_in(list(fig.options))
            if fig.base == "valid":
                missing = questionnaire.missing_codes(question)
                answered = answered & ~pl.col(question.name).is_in(missing)
        in_base = pl.repeat(True, data.height) if fig.base == "group" else answered
        n, count = data.select(
            in_base.sum().alias("n"),
            (hit.fill_null(False) & answered.fill_null(False)).sum().alias("count"),
        ).row(0)
        rows.append(
            {
                "figure": fig.figure,
                "question": fig.question,
                "options": " ".join(fig.options),
                "dezernat": fig.dezernat,
                "base": fig.base,
                "count": count,
                "n": n,
                "demo": percent(count, n),
                "published": fig.percent,
            }
        )
    return pl.DataFrame(rows).with_columns(match=pl.col("demo") == pl.col("published"))
