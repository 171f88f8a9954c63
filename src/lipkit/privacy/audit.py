"""An audit of everything lipkit publishes for a study, by linear programming (issue 12).

The attacker holds every output at once: every question on every base, for the whole
survey, every org level and every single-choice breakdown, the open-answer counts (which
also cover what crosstabs and the dashboard show: their published cells are cells of these
tables). The audit models the true counts as unknowns and what is published as linear
equations, then asks, for every hidden cell, the smallest and largest value it can take.

Unknowns, per breakdown ``B`` (whole survey, an org level, a select_one question) and
question ``Q``: for every node of ``B``'s hierarchy, the count of each of ``Q``'s categories
(single choice: each option, a value outside the list, skipped, not shown; multiple response
and other questions: the four answer states, plus one count per option of a multiple
response, bounded by the respondents who answered). Equations:

- every count is non-negative; a parent node is the sum of its children;
- a node's categories add up to its size, the same for every question of the breakdown;
- the whole survey's counts are the same in every breakdown;
- the option ``b`` of a single-choice question ``B`` asked by breakdown ``Q`` equals group
  ``b`` of breakdown ``B`` asked question ``Q`` (the crosstab of the two, either way round),
  and group ``b``'s size is the whole survey's count of ``b``;
- every published number (an option count, a state count, a base n) equals its value.

A hidden cell is **protected** when its largest feasible value exceeds its smallest by more
than ``min_width`` (default: they differ at all), and a hidden group is not shown to have
answered unanimously: for every option, the largest feasible "group size − count" is above
zero. This follows the protection intervals of sdcTable / τ-ARGUS audits.

Speed: the true counts are one feasible point, so a cell is shown unprotected only if every
feasible point gives it the same value. A few solves with random objectives move most cells
away from their true value at once; only the cells none of them moved get their own pair of
solves (scipy's HiGHS).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import polars as pl
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from lipkit import catalogue
from lipkit.privacy.pattern import NO_DECISIONS, Decisions
from lipkit.privacy.suppression import MISSING
from lipkit.study.model import Question, QuestionType, Study

STATES = ("n_answered", "n_no_answer", "n_skipped", "n_not_shown")


@dataclass(frozen=True)
class Leak:
    """One unprotected hidden cell: where, and the value the attacker pins it to."""

    breakdown: str | None
    question: str
    group: str | None
    cell: str
    low: float
    high: float
    reason: str
    """"pinned" (largest = smallest) or "unanimous" (group size − count is 0 at most)."""

    def text(self, lang: str = "de") -> str:
        total = catalogue.text("audit.total", lang)
        by = self.breakdown or total
        where = f"{by} / {self.group if self.group is not None else total}"
        if self.reason == "unanimous":
            return catalogue.text(
                "audit.unanimous", lang, question=self.question, where=where, cell=self.cell
            )
        return catalogue.text(
            "audit.pinned",
            lang,
            question=self.question,
            where=where,
            cell=self.cell,
            low=f"{self.low:g}",
            high=f"{self.high:g}",
        )


@dataclass
class AuditResult:
    cells: int = 0
    """Hidden cells checked."""
    outputs: int = 0
    """Published tables taken into account (breakdown × base × table)."""
    published: int = 0
    """Published numbers (equations)."""
    seconds: float = 0.0
    leaks: list[Leak] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.leaks


class _Model:
    """Unknowns, equations and which unknowns are hidden."""

    def __init__(self) -> None:
        self.index: dict[tuple, int] = {}
        self.truth: list[float] = []
        self.upper: list[float] = []
        self.rows: list[dict[int, float]] = []
        self.rhs: list[float] = []
        self.known: set[int] = set()
        self.k = 1
        """The study's minimum group size."""

    def var(self, key: tuple, truth: float, upper: float = np.inf) -> int:
        if key not in self.index:
            self.index[key] = len(self.truth)
            self.truth.append(float(truth))
            self.upper.append(upper)
        return self.index[key]

    def equal(self, terms: dict[int, float], value: float) -> None:
        terms = {v: c for v, c in terms.items() if c != 0}
        if terms:
            self.rows.append(terms)
            self.rhs.append(float(value))

    def publish(self, variable: int, value: float) -> None:
        self.known.add(variable)
        self.equal({variable: 1.0}, value)


class _Form:
    """The questionnaire looked up by name once (the model walks its tree on every lookup)."""

    def __init__(self, study: Study) -> None:
        qn = study.questionnaire
        self.question = {q.name: q for q in qn.questions()}
        self.missing = {name: frozenset(qn.missing_codes(q)) for name, q in self.question.items()}
        self.filtered = {name: bool(qn.relevance_chain(name)) for name in self.question}
        self.categories = {name: _categories(study, q) for name, q in self.question.items()}


def _categories(study: Study, q: Question) -> tuple[list[str], list[str], str]:
    """(exclusive categories, extra option counts, kind) of a question in the model."""
    options = study.questionnaire.choice_list(q).names() if q.list_name else []
    if q.type == QuestionType.SELECT_ONE:
        return [*options, "_out", "n_skipped", "n_not_shown"], [], "one"
    if q.type == QuestionType.SELECT_MULTIPLE:
        return list(STATES), options, "multiple"
    return list(STATES), [], "plain"


def _breakdowns(study: Study) -> list[str | None]:
    """The whole survey, every org level, every agreed single-choice breakdown."""
    return [None, *study.breakdown_names()]


class EngineOutput:
    """The engine's counts an audit reads, computed once each for one study, frame, list of
    breakdowns and questions: the published ones per set of decisions (the latest only) and
    the true ones (nothing hidden). :func:`lipkit.privacy.secure.secure` audits the same
    data after each round and shares them between its audits and rounds."""

    def __init__(
        self,
        study: Study,
        frame: pl.DataFrame,
        bys: Sequence[str | None],
        questions: Sequence[str] | None = None,
    ) -> None:
        self.study, self.frame, self.bys, self.questions = study, frame, list(bys), questions
        self._published: tuple[Decisions, dict] | None = None
        self._truth: dict | None = None

    def published(self, decisions: Decisions = NO_DECISIONS) -> dict:
        """``{by: Analysis}`` as published under ``decisions``."""
        from lipkit.analysis.engine import analyze_many

        if self._published is None or self._published[0] != decisions:
            found = analyze_many(
                self.study, self.frame, bys=self.bys, questions=self.questions, decisions=decisions
            )
            self._published = (decisions, dict(zip(self.bys, found, strict=True)))
        return self._published[1]

    def truth(self) -> dict:
        """``{by: Analysis}`` with nothing hidden (k = 1): the counts behind hidden cells."""
        from lipkit.analysis.engine import analyze_many

        if self._truth is None:
            settings = self.study.settings.model_copy(update={"k": 1})
            one = self.study.model_copy(update={"settings": settings})
            found = analyze_many(one, self.frame, bys=self.bys, questions=self.questions)
            self._truth = dict(zip(self.bys, found, strict=True))
        return self._truth


def audit(
    study: Study,
    frame: pl.DataFrame,
    *,
    bys: Sequence[str | None] | None = None,
    questions: Sequence[str] | None = None,
    min_width: float = 0.0,
    analyses: dict | None = None,
    decisions: Decisions = NO_DECISIONS,
    engine: EngineOutput | None = None,
) -> AuditResult:
    """Audit what ``lipkit`` publishes for ``study`` on ``frame`` (see the module docstring).

    ``analyses`` (for tests): ``{(by, base): Analysis}`` to audit instead of the engine's
    own output, e.g. to check that a known leak is caught. ``decisions``: the complementary
    suppressions every output applies (:func:`lipkit.privacy.secure.secure`). ``engine``:
    the engine's counts for these ``bys``, ``questions`` and ``decisions``, where the caller
    has them already (:class:`EngineOutput`).
    """
    from lipkit.analysis.engine import BASES, analyze_many

    started = time.perf_counter()
    bys = _breakdowns(study) if bys is None else list(bys)
    if None not in bys:
        bys = [None, *bys]
    result = AuditResult()
    if engine is None:
        engine = EngineOutput(study, frame, bys, questions)
    elif engine.bys != bys or engine.questions != questions or engine.frame is not frame:
        raise ValueError("audit: the engine's counts are of other breakdowns or questions")
    if analyses is None:
        # The hidden groups and cells do not depend on the base (lipkit.privacy.pattern), and
        # every count another base publishes (valid: the same counts without the k. A. option
        # rows; group: the same counts) is published on base "answered": one call serves all.
        analyses = {(by, "answered"): a for by, a in engine.published(decisions).items()}
        result.outputs += 2 * len(BASES[1:]) * len(bys)
    truth = engine.truth()
    names = list(dict.fromkeys(truth[None].questions["question"].to_list()))
    model = _Model()
    model.k = study.settings.k
    form = _Form(study)

    group_of: dict[tuple, tuple] = {}
    for by in bys:
        states = {(r["question"], r["group"]): r for r in truth[by].questions.iter_rows(named=True)}
        options = {
            (r["question"], r["group"], r["option"]): r["count"]
            for r in truth[by].results.iter_rows(named=True)
        }
        # The groups the attacker sees listed (a group listed without respondents, such as
        # the respondents without a unit under a hidden whole survey, has true counts 0).
        groups = list(dict.fromkeys(g for _q, g in states))
        listed = {
            (r["question"], r["group"])
            for (b, _base), analysis in analyses.items()
            if b == by
            for r in analysis.questions.select("question", "group").iter_rows(named=True)
        }
        groups += [g for g in dict.fromkeys(g for _q, g in listed) if g not in groups]
        for name in names:
            cats, extra, kind = form.categories[name]
            for group in groups:
                row = states.get((name, group))
                if row is None and (name, group) in listed:
                    row = dict.fromkeys(STATES, 0)
                if row is None:
                    continue
                size = sum(row[s] for s in STATES)
                size_var = model.var(("size", by, group), size)
                terms: dict[int, float] = {size_var: -1.0}
                cat_vars: dict[str, int] = {}
                for cat in cats:
                    if kind == "one" and cat in STATES:
                        value = row[cat]
                    elif kind == "one" and cat == "_out":
                        value = (
                            row["n_answered"]
                            + row["n_no_answer"]
                            - sum(options.get((name, group, o), 0) or 0 for o in cats[:-3])
                        )
                    elif kind == "one":
                        value = options.get((name, group, cat), 0)
                    else:
                        value = row[cat]
                    cat_vars[cat] = model.var((by, name, group, cat), value)
                    terms[cat_vars[cat]] = 1.0
                    group_of[(by, name, group, cat)] = (by, name, group)
                model.equal(terms, 0.0)
                for option in extra:
                    v = model.var((by, name, group, option), options.get((name, group, option), 0))
                    group_of[(by, name, group, option)] = (by, name, group)
                    # ticked by at most everyone who answered
                    slack = model.var(("slack", by, name, group, option), 0)
                    model.equal(
                        {
                            v: 1.0,
                            slack: 1.0,
                            cat_vars["n_answered"]: -1.0,
                            cat_vars["n_no_answer"]: -1.0,
                        },
                        0.0,
                    )
                    model.truth[slack] = (
                        model.truth[cat_vars["n_answered"]]
                        + model.truth[cat_vars["n_no_answer"]]
                        - model.truth[v]
                    )
    _link_breakdowns(model, study, bys, names)

    # What is published: every analysis, plus the open-answer counts.
    for (by, _base), analysis in analyses.items():
        result.outputs += 2
        for r in analysis.questions.iter_rows(named=True):
            if r["suppressed"]:
                continue
            cats, _extra, kind = form.categories[r["question"]]
            for state in STATES:
                if r[state] is None:
                    continue
                if kind == "one" and state in ("n_answered", "n_no_answer"):
                    missing = form.missing[r["question"]]
                    chosen = [c for c in cats[:-3] if (c in missing) == (state == "n_no_answer")]
                    if state == "n_answered":
                        chosen.append("_out")
                    terms = {model.index[(by, r["question"], r["group"], c)]: 1.0 for c in chosen}
                    model.equal(terms, r[state])
                    if len(terms) == 1:
                        model.known.add(next(iter(terms)))
                else:
                    model.publish(model.index[(by, r["question"], r["group"], state)], r[state])
                result.published += 1
        for r in analysis.results.iter_rows(named=True):
            if r["suppressed"] or r["count"] is None:
                continue
            model.publish(model.index[(by, r["question"], r["group"], r["option"])], r["count"])
            result.published += 1
    # ``open_answers(study, frame, q, by=by)`` publishes per group the n_answered of
    # ``analyze(study, frame, questions=[q], by=by, k=k_text)``: one call for all of them.
    texts = [name for name in names if form.question[name].type == QuestionType.TEXT]
    if texts:
        counted = analyze_many(
            study,
            frame,
            bys=bys,
            questions=texts,
            k=max(study.settings.k_text, study.settings.k),  # as open_answers: k is a floor
            decisions=decisions,
        )
        for by, analysis in zip(bys, counted, strict=True):
            result.outputs += len(texts)
            for r in analysis.questions.iter_rows(named=True):
                if not r["suppressed"] and r["n_answered"] is not None:
                    key = (by, r["question"], r["group"], "n_answered")
                    model.publish(model.index[key], r["n_answered"])
                    result.published += 1

    # A breakdown's whole survey (group None) is the same cell as the whole survey's own
    # (an equation ties them): it is checked once, as the whole survey's.
    hidden = [
        v
        for key, v in model.index.items()
        if key[0] not in ("size", "slack")
        and v not in model.known
        and not (key[0] is not None and key[2] is None)
        and not _structural(study, form, key)
    ]
    result.cells = len(hidden)
    result.leaks = _solve(model, hidden, group_of, min_width, above=_units_above(study, bys))
    result.seconds = time.perf_counter() - started
    return result


def _structural(study: Study, form: _Form, key: tuple) -> bool:
    """Cells whose value the questionnaire fixes whatever anyone answered: they say
    nothing about a person (values outside the list, "not shown" without a filter, a
    question by its own breakdown, the org questions by an org level)."""
    by, name, _group, cat = key
    q = form.question[name]
    if cat == "_out" or (cat == "n_not_shown" and not form.filtered[name]):
        return True
    if by == name:
        return True
    tree = study.org
    levels = {lv.name for lv in tree.levels} if tree else set()
    return bool(q.org_level) and (by in levels or by is None)


def _link_breakdowns(
    model: _Model, study: Study, bys: Sequence[str | None], names: list[str]
) -> None:
    """Equations within and across breakdowns (see the module docstring)."""
    per: dict[tuple, dict[str | None, int]] = {}
    for key, v in model.index.items():
        if key[0] not in ("size", "slack"):
            by, name, group, cat = key
            per.setdefault((by, name, cat), {})[group] = v
    sizes: dict[tuple, dict[str | None, int]] = {}
    for key, v in model.index.items():
        if key[0] == "size":
            sizes.setdefault(("size", key[1], ""), {})[key[2]] = v
    tree = study.org
    levels = [lv.name for lv in tree.levels] if tree else []
    singles = {b for b in bys if b is not None and b not in levels}
    for (by, name, cat), groups in [*per.items(), *sizes.items()]:
        root = groups.get(None)
        if root is None:
            continue
        whole = (
            model.index.get((None, name, None, cat))
            if by != "size"
            else model.index.get(("size", None, None))
        )
        breakdown = name if by == "size" else by
        if breakdown is None:
            continue
        if whole is not None and whole != root:
            model.equal({root: 1.0, whole: -1.0}, 0.0)
        # the emitted groups of a breakdown make up the whole survey
        terms = {v: 1.0 for g, v in groups.items() if g is not None}
        terms[root] = terms.get(root, 0.0) - 1.0
        model.equal(terms, 0.0)
        if breakdown in levels and tree is not None:
            # a unit of a coarser level holds its units at this level (and those of its
            # respondents whose unit here is unknown, which the output puts in `_missing`)
            for upper in levels[: tree.depth(breakdown)]:
                up = tree.ancestor_map(breakdown, upper)
                for unit in tree.units_at(upper):
                    key = (
                        ("size", upper, unit.code)
                        if by == "size"
                        else (upper, name, unit.code, cat)
                    )
                    coarse = model.index.get(key)
                    if coarse is None:
                        continue
                    below = [groups[c] for c, u in up.items() if u == unit.code and c in groups]
                    slack = model.var(("slack", by, name, unit.code, cat, breakdown), 0.0)
                    model.truth[slack] = model.truth[coarse] - sum(model.truth[b] for b in below)
                    model.equal({**{b: 1.0 for b in below}, slack: 1.0, coarse: -1.0}, 0.0)
        if by == "size":
            continue
        if breakdown in singles and name in singles and breakdown < name:
            # group b of `by` asked `name`, option c == group c of `name` asked `by`, option b
            for group, v in groups.items():
                other = model.index.get((name, breakdown, cat, group))
                if group not in (None, MISSING) and other is not None:
                    model.equal({v: 1.0, other: -1.0}, 0.0)
    # a group of a single-choice breakdown is as large as the whole survey's count of it
    for by in singles:
        for group, v in sizes.get(("size", by, ""), {}).items():
            whole = model.index.get((None, by, None, group))
            if group not in (None, MISSING) and whole is not None:
                model.equal({v: 1.0, whole: -1.0}, 0.0)
    # a unit's size is the whole survey's count of it in the question that records it
    if tree is not None:
        for level in tree.levels:
            if level.question and level.question in names:
                for group, v in sizes.get(("size", level.name, ""), {}).items():
                    whole = model.index.get((None, level.question, None, group))
                    if group not in (None, MISSING) and whole is not None:
                        model.equal({v: 1.0, whole: -1.0}, 0.0)


def _solve(
    model: _Model,
    hidden: list[int],
    group_of: dict,
    min_width: float,
    seed: int = 0,
    bounds_of: dict[int, tuple[float, float]] | None = None,
    above: dict[tuple[str | None, str | None], list[tuple[str, str]]] | None = None,
) -> list[Leak]:
    """Bounds of every hidden unknown and the unanimity check (HiGHS).

    Exact, and much faster than one pair of solves per cell on the whole model:

    1. *Presolve*: an equation with a single unknown left determines it; repeated until none
       does, this fixes every unknown the published numbers determine by substitution alone
       (a hidden one among them is pinned: its interval is one value).
    2. The rest splits into independent blocks (unknowns tied by no equation). The feasible
       set is the product of the blocks' sets, so a separable objective is optimised by
       optimising each block on its own: one LP over all blocks answers one question per
       block at once (the r-th open cell of every block is bounded in round r).

    ``bounds_of`` (for tests): filled with the interval of every hidden unknown bounded by
    its own pair of solves or fixed by the presolve. ``above``: per (org level, unit code)
    the units above it, by level (:func:`_units_above`).
    """
    if not hidden:
        return []
    n = len(model.truth)
    truth = np.array(model.truth)
    row_index, col_index, data = [], [], []
    for i, terms in enumerate(model.rows):
        for v, c in terms.items():
            row_index.append(i)
            col_index.append(v)
            data.append(c)
    a_all = sparse.csr_matrix((data, (row_index, col_index)), shape=(len(model.rows), n))
    b_all = np.array(model.rhs)
    if not np.allclose(a_all @ truth, b_all):
        worst = int(np.argmax(np.abs(a_all @ truth - b_all)))
        raise AssertionError(f"audit model: the true counts break equation {worst}")
    fixed = np.zeros(n, dtype=bool)
    fixed[list(model.known)] = True
    _presolve(a_all, b_all, truth, fixed)
    key_of = {v: key for key, v in model.index.items()}
    leaks: list[Leak] = []
    open_cells: list[int] = []
    fixed_cells: list[int] = []
    for v in hidden:
        if fixed[v]:
            if bounds_of is not None:
                bounds_of[v] = (truth[v], truth[v])
            fixed_cells.append(v)
        else:
            open_cells.append(v)
    free = np.flatnonzero(~fixed)
    a_free = a_all[:, free]
    b_free = b_all - a_all[:, fixed] @ truth[fixed]
    keep = np.asarray(np.abs(a_free).sum(axis=1)).ravel() > 0
    a_eq = a_free[keep].tocsc()
    b_eq = b_free[keep]
    incidence = (abs(a_eq) > 0).astype(np.int8)
    adjacency = (incidence.T @ incidence).tocsr()
    _count, label = connected_components(adjacency, directed=False)
    position = {int(v): j for j, v in enumerate(free)}
    t = truth[free]
    # Where the published numbers leave a cell unbounded (the whole survey hidden, say), a
    # block's LP is unbounded and would take the others with it: every unknown is capped at
    # a value far above any vertex of the model (counts of at most the respondents), and a
    # cell that reaches half of it counts as unbounded.
    cap = 1000.0 * (1.0 + float(np.abs(b_all).sum()) + float(truth.sum()))
    upper = np.minimum(np.array(model.upper)[free], cap)
    bounds = np.column_stack([np.zeros(len(free)), upper])
    rng = np.random.default_rng(seed)
    tolerance = max(min_width, 1e-6)

    chunks = _chunks(a_eq, b_eq, label, bounds)
    solvers: dict[int, _LP] = {}  # per chunk, once it is optimised
    beside: dict[int, _LP] = {}  # the same, for the objectives solved in a thread (optima)

    def optimum(objective: np.ndarray, solvers: dict[int, _LP] = solvers) -> np.ndarray | None:
        """The optimum of every chunk the objective touches (the others stay at the true
        counts, a feasible point); a chunk without an optimum keeps its true counts too."""
        if a_eq.shape[0] == 0:
            return None
        x = t.copy()
        for i, (columns, a_chunk, b_chunk, bounds_chunk) in enumerate(chunks):
            part = objective[columns]
            if not part.any():
                continue
            if i not in solvers:
                solvers[i] = _LP(a_chunk, b_chunk, b_chunk, bounds_chunk)
            found = solvers[i].minimum(part)
            if found is not None:
                x[columns] = found
        return x

    def optima(first: np.ndarray, second: np.ndarray) -> tuple[np.ndarray | None, ...]:
        """:func:`optimum` of two objectives that do not wait for each other, the second in
        a thread beside the first, on LPs of its own: HiGHS lets go of the GIL while it
        solves, so the two run on two cores."""
        with ThreadPoolExecutor(max_workers=1) as thread:
            other = thread.submit(optimum, second, beside)
            return optimum(first), other.result()

    moved = np.zeros(len(free), dtype=bool)
    tied = np.asarray(np.abs(a_eq).sum(axis=0)).ravel() > 0
    moved[~tied] = True  # tied to nothing published: free
    # Always zero: the unknowns at 0 that no feasible point makes positive, one LP per chunk
    # (:func:`_positive_somewhere`); the feasible point it finds moves other cells too.
    zero = tied & (t == 0)
    for columns, a_chunk, b_chunk, _bounds in chunks:
        candidates = zero[columns]
        if not candidates.any():
            continue
        found = _positive_somewhere(a_chunk, b_chunk, candidates)
        if found is None:  # no optimum: every candidate is bounded by its own solves
            zero[columns] = False
            continue
        positive, point = found
        moved[columns] |= np.abs(point - t[columns]) > tolerance
        moved[columns[candidates & positive]] = True
        zero[columns[positive]] = False
    if zero.any():  # held at 0 from now on: the LPs shrink
        bounds[zero, 1] = 0.0
        chunks = _chunks(a_eq, b_eq, label, bounds)
        solvers.clear()
        beside.clear()

    def zero_everywhere(v: int) -> bool:
        return truth[v] == 0 and bool(fixed[v] or zero[position[v]])

    whole_size = model.index.get(("size", None, None))
    settled: dict[int, bool] = {}

    def determined(v: int) -> bool:
        """Does ``v`` take its true value at every feasible point?"""
        if fixed[v]:
            return True
        if v not in settled:
            objective = np.zeros(len(free))
            objective[position[v]] = 1.0
            settled[v] = all(
                x is not None and abs(x[position[v]] - t[position[v]]) < 1e-6
                for x in optima(objective, -objective)
            )
        return settled[v]

    def whole_published() -> bool:
        """Is the whole survey a published group: its size determined and at least k?"""
        return whole_size is not None and truth[whole_size] >= model.k and determined(whole_size)

    def flags(key: tuple) -> tuple[bool, bool, bool]:
        """At every feasible point: the cell's group is empty; nobody, or everybody, in a
        published whole survey gave the cell's category (everybody: also where the group is
        the whole survey, its size determined and the whole survey's: the cell is then the
        whole survey's own, checked as such)."""
        by, name, group, cat = key
        size = model.index.get(("size", by, group))
        whole = model.index.get((None, name, None, cat))
        empty = size is not None and zero_everywhere(size)
        for level, code in (above or {}).get((by, group), []):
            # a unit above whose own cell is 0, or its size, at every feasible point: the
            # cell follows from that unit's (published or itself reported) values
            cell = model.index.get((level, name, code, cat))
            unit_size = model.index.get(("size", level, code))
            if cell is None or unit_size is None:
                continue
            if zero_everywhere(cell):
                return empty, True, False
            if truth[cell] == truth[unit_size] and determined(cell) and determined(unit_size):
                return empty, False, True
        if whole_size is None:
            return empty, False, False
        if (
            size is not None
            and by is not None
            and truth[size] == truth[whole_size]
            and determined(size)
            and determined(whole_size)
        ):
            return empty, False, True
        if whole is None or not whole_published():
            return empty, False, False
        nobody = zero_everywhere(whole)
        everybody = truth[whole] == truth[whole_size] and determined(whole)
        return empty, nobody, everybody

    for v in fixed_cells:
        leak = _pinned(
            model, key_of[v], truth, float(truth[v]), float(truth[v]), min_width, *flags(key_of[v])
        )
        if leak is not None:
            leaks.append(leak)
    targets = np.array([position[v] for v in open_cells], dtype=np.int64)
    if len(targets):
        targets = targets[~zero[targets]]
    if len(targets) and not moved[targets].all():
        for x in optima(rng.standard_normal(len(free)), rng.standard_normal(len(free))):
            if x is not None:
                moved |= np.abs(x - t) > tolerance
        # Push the cells not moved yet down and up, all at once, twice while that moves any.
        for _ in range(2):
            still = targets[~moved[targets]]
            if not len(still):
                break
            objective = np.zeros(len(free))
            objective[still] = 1.0
            for x in optima(-objective, objective):
                if x is not None:
                    moved |= np.abs(x - t) > tolerance
    # One pair of solves per cell still not moved, one cell of every block per round.
    queues: dict[int, list[int]] = {}
    for j in targets.tolist():
        if not moved[j]:
            queues.setdefault(int(label[j]), []).append(j)
    low_of: dict[int, float] = {}
    high_of: dict[int, float] = {}
    while queues:
        batch = []
        for block in list(queues):
            while queues[block] and moved[queues[block][0]]:
                queues[block].pop(0)
            if not queues[block]:
                del queues[block]
                continue
            batch.append(queues[block].pop(0))
        if not batch:
            break
        objective = np.zeros(len(free))
        objective[batch] = 1.0
        low, high = optima(objective, -objective)
        for x in (low, high):
            if x is not None:
                moved |= np.abs(x - t) > tolerance
        for j in batch:
            low_of[j] = t[j] if low is None else float(low[j])
            high_of[j] = t[j] if high is None else float(high[j])
            if high_of[j] >= cap / 2:
                high_of[j] = np.inf
    for v in open_cells:
        j = position[v]
        if zero[j]:
            low_of[j] = high_of[j] = 0.0
        if j in low_of and bounds_of is not None:
            bounds_of[v] = (low_of[j], high_of[j])
        if moved[j] or j not in low_of:
            continue
        leak = _pinned(model, key_of[v], truth, low_of[j], high_of[j], min_width, *flags(key_of[v]))
        if leak is not None:
            leaks.append(leak)
    leaks.extend(
        leak
        for leak in _unanimous(
            model, hidden, key_of, truth, position, label, optimum, len(free), moved
        )
        if not flags((leak.breakdown, leak.question, leak.group, leak.cell))[2]
    )
    return leaks


def _units_above(
    study: Study, bys: Sequence[str | None]
) -> dict[tuple[str | None, str | None], list[tuple[str, str]]]:
    """Per (org level, unit code) the units above it on the levels that are audited too."""
    tree = study.org
    if tree is None:
        return {}
    audited = {by for by in bys if by is not None and tree.has_level(by)}
    result: dict[tuple[str | None, str | None], list[tuple[str, str]]] = {}
    for level in audited:
        depth = tree.depth(level)
        for unit in tree.units_at(level):
            chain: list[tuple[str, str]] = []
            parent, up = unit.parent, depth - 1
            while parent is not None and up >= 0:
                above_level = tree.levels[up].name
                if above_level in audited:
                    chain.append((above_level, parent))
                parent, up = tree.unit(above_level, parent).parent, up - 1
            result[(level, unit.code)] = chain
    return result


def _positive_somewhere(
    a_eq: sparse.csc_matrix, b_eq: np.ndarray, candidates: np.ndarray
) -> tuple[np.ndarray, np.ndarray] | None:
    """Which candidates some point of ``{x : a_eq x = b_eq, x >= 0}`` makes positive, by one
    LP (the maximal support of a polyhedron); ``None`` if HiGHS finds no optimum.

    The homogenised set ``{(x, s) : a_eq x = b_eq s, x >= 0, s >= 1}`` holds, scaled by ``s``,
    every point of the polyhedron and every direction in which it is unbounded. Maximise the
    sum of ``y_i <= x_i``, ``0 <= y_i <= 1`` over the candidates: the average of points that
    each make one candidate positive, scaled up, gives every such candidate ``y_i = 1``, and
    no ``y_i`` is positive unless some feasible point makes ``x_i`` positive; so the optimum
    marks exactly the candidates that can be positive (a ``y_i`` of 1, against 0).
    Returns that mask and ``x / s``, a feasible point. Replaces rounds of capped solves
    (issue 15: ten solves of the demo's largest block became one)."""
    n = a_eq.shape[1]
    picked = np.flatnonzero(candidates)
    m = len(picked)
    # columns: x (n), s (1), y (m)
    a_top = sparse.hstack(
        [a_eq, sparse.csc_matrix(-b_eq.reshape(-1, 1)), sparse.csc_matrix((a_eq.shape[0], m))]
    )
    a_link = sparse.hstack(
        [
            sparse.csc_matrix((-np.ones(m), (np.arange(m), picked)), shape=(m, n)),
            sparse.csc_matrix((m, 1)),
            sparse.identity(m, format="csc"),
        ]
    )
    objective = np.concatenate([np.zeros(n + 1), -np.ones(m)])
    bounds = np.vstack(
        [
            np.column_stack([np.zeros(n), np.full(n, np.inf)]),
            [[1.0, np.inf]],
            np.column_stack([np.zeros(m), np.ones(m)]),
        ]
    )
    rows = a_eq.shape[0]
    found = _LP(
        sparse.vstack([a_top, a_link]).tocsc(),
        np.concatenate([np.zeros(rows), np.full(m, -np.inf)]),  # a_top = 0, a_link <= 0
        np.zeros(rows + m),
        bounds,
    ).minimum(objective)
    if found is None:
        return None
    positive = np.zeros(n, dtype=bool)
    positive[picked] = found[n + 1 :] > 0.5
    return positive, found[:n] / found[n]


class _LP:
    """``min c x`` subject to ``row_lower <= a x <= row_upper`` and ``bounds`` (columns: lower,
    upper), passed to HiGHS (highspy) once and solved for one objective after another, each
    anew with presolve, as scipy's ``linprog`` solves it. What ``linprog`` added each time
    (checking and converting the model, its result object) was a sixth of the audit's LP time,
    and importing ``scipy.optimize`` 0.15 s of each process that secures a wave. A solve
    started from the basis of the one before was a third faster on the demo's largest chunk,
    but took 4 times as long on the degenerate block of a survey of four respondents, which
    presolve shrinks to nothing (docs/analysis.md): not done."""

    def __init__(
        self,
        a: sparse.csc_matrix,
        row_lower: np.ndarray,
        row_upper: np.ndarray,
        bounds: np.ndarray,
    ) -> None:
        import highspy
        from highspy._core import _Highs

        lp = highspy.HighsLp()
        lp.num_row_, lp.num_col_ = a.shape
        lp.col_cost_ = np.zeros(a.shape[1])
        lp.col_lower_, lp.col_upper_ = bounds[:, 0], bounds[:, 1]
        lp.row_lower_, lp.row_upper_ = row_lower, row_upper
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = a.indptr
        lp.a_matrix_.index_ = a.indices
        lp.a_matrix_.value_ = a.data
        # HiGHS itself, without highspy's Python class around it: that one calls back into
        # Python during each solve and prints HiGHS's banner on stdout when it is made.
        self.highs = _Highs()
        self.highs.setOptionValue("output_flag", False)
        self.highs.setOptionValue("simplex_strategy", 1)  # dual, as scipy's linprog
        self.highs.passModel(lp)
        self.columns = np.arange(a.shape[1], dtype=np.int32)
        self.optimal = highspy.HighsModelStatus.kOptimal

    def minimum(self, cost: np.ndarray) -> np.ndarray | None:
        """The optimal point for ``cost``, or None where HiGHS finds none."""
        self.highs.changeColsCost(len(self.columns), self.columns, cost.astype(np.float64))
        self.highs.clearSolver()  # solved anew, presolve first
        self.highs.run()
        if self.highs.getModelStatus() != self.optimal:
            return None
        return np.asarray(self.highs.getSolution().col_value)


def _chunks(
    a_eq: sparse.csc_matrix,
    b_eq: np.ndarray,
    label: np.ndarray,
    bounds: np.ndarray,
    size: int = 2000,
) -> list[tuple[np.ndarray, sparse.csc_matrix, np.ndarray, np.ndarray]]:
    """The blocks packed into independent LPs of about ``size`` unknowns each (a block
    larger than that alone): (columns, equations, right-hand side, bounds) of each.

    The blocks share no equation, so each chunk's LP optimises its part of a separable
    objective on its own; many small LPs solve far faster than one over the whole model."""
    order = np.argsort(label, kind="stable")
    blocks = np.split(order, np.flatnonzero(np.diff(label[order])) + 1)
    groups: list[list[np.ndarray]] = []
    filled = size
    for block in sorted(blocks, key=len, reverse=True):
        if not groups or filled + len(block) > size:
            groups.append([])
            filled = 0
        groups[-1].append(block)
        filled += len(block)
    a_csr = a_eq.tocsr()
    first = a_csr.indices[a_csr.indptr[:-1]] if a_csr.shape[0] else np.zeros(0, dtype=np.int64)
    chunk_of_column = np.empty(len(label), dtype=np.int64)
    for i, group in enumerate(groups):
        for block in group:
            chunk_of_column[block] = i
    chunk_of_row = chunk_of_column[first]
    chunks = []
    for i, group in enumerate(groups):
        columns = np.sort(np.concatenate(group))
        rows = np.flatnonzero(chunk_of_row == i)
        if not len(rows):
            continue  # tied to no equation: free, never optimised
        chunks.append((columns, a_csr[rows][:, columns].tocsc(), b_eq[rows], bounds[columns]))
    return chunks


def _presolve(
    a_all: sparse.csr_matrix, b_all: np.ndarray, truth: np.ndarray, fixed: np.ndarray
) -> None:
    """Fix (in ``fixed``) every unknown the equations determine by two exact rules, repeated
    until neither fixes more (a fixed unknown takes its true value):

    - an equation with a single unknown left determines it;
    - *zero sum*: an equation whose unknowns left all have coefficients of one sign and whose
      right-hand side, less the fixed unknowns, is 0 makes each of them 0 (they are counts,
      none below 0).
    """
    positive = (a_all > 0).astype(np.float64).tocsr()
    negative = (a_all < 0).astype(np.float64).tocsr()
    incidence = (a_all != 0).astype(np.float64).tocsr()
    while True:
        open_ = (~fixed).astype(np.float64)
        ups, downs = positive @ open_, negative @ open_
        left = b_all - a_all @ np.where(fixed, truth, 0.0)
        single = (ups + downs) == 1
        zero = ((ups + downs) > 0) & ((ups == 0) | (downs == 0)) & (np.abs(left) < 1e-9)
        rows = single | zero
        if not rows.any():
            return
        touched = (incidence[np.flatnonzero(rows)].T @ np.ones(int(rows.sum()))) > 0
        newly = touched & ~fixed
        if not newly.any():
            return
        fixed |= newly


def _pinned(
    model: _Model,
    key: tuple,
    truth: np.ndarray,
    low: float,
    high: float,
    min_width: float,
    empty: bool = False,
    nobody: bool = False,
    everybody: bool = False,
) -> Leak | None:
    """The leak of a hidden cell whose interval is ``low..high``, or None if protected.

    A pinned cell says nothing about a person (docs/analysis.md) where, at every feasible
    point, it is 0 and its group has no respondents (``empty``: a unit listed as having
    none), or nobody in the whole survey, itself a published group of at least k, gave its
    category (``nobody``: a 0 of a published table, true of everyone alike); or everybody
    in that published whole survey gave it (``everybody``: the cell is its group's size),
    or the group is the whole survey."""
    if high - low > min_width + 1e-6:
        return None
    by, name, group, cat = key
    whole = model.index.get((None, name, None, cat))
    if everybody:
        return None
    if high < 1e-6 and (empty or nobody or (whole in model.known and truth[whole] == 0)):
        return None
    return Leak(by, name, group, cat, float(low), float(high), "pinned")


def _unanimous(
    model: _Model,
    cells: list[int],
    key_of: dict[int, tuple],
    truth: np.ndarray,
    position: dict[int, int],
    label: np.ndarray,
    optimum: object,
    width: int,
    moved: np.ndarray,
) -> list[Leak]:
    """Hidden groups whose true count of an option is their whole size: can the attacker
    show it? (Largest feasible "size − count" is zero.) One check per block and round.

    Without an LP where the bounds decide: a count and a size both determined are unanimous;
    one of them determined and the other seen away from its true value (``moved``, over the
    free unknowns) gives a feasible point where the count is below the size (a count is
    never above its group's size), so the group is not shown unanimous."""
    solve = optimum  # (objective) -> x or None, over every free unknown
    leaks: list[Leak] = []
    queues: dict[int, list[tuple[int, int | None, int]]] = {}
    for v in cells:
        by, name, group, cat = key_of[v]
        size = model.index.get(("size", by, group))
        if size is None or truth[size] == 0 or truth[v] != truth[size] or cat.startswith("n_"):
            continue
        j, s = position.get(v), position.get(size)
        if j is None and s is None:
            # count and size both determined: the group answered unanimously
            leaks.append(Leak(by, name, group, cat, 0.0, 0.0, "unanimous"))
            continue
        if (j is None and moved[s]) or (s is None and moved[j]):
            continue
        queues.setdefault(int(label[j if j is not None else s]), []).append((v, s, size))

    def gap(best: np.ndarray | None, v: int, s: int | None, size: int) -> float:
        if best is None:
            return 0.0
        j = position.get(v)
        return (truth[size] if s is None else best[s]) - (truth[v] if j is None else best[j])

    def size_less_count(checks: list[tuple[int, int | None, int]]) -> np.ndarray:
        """The objective that maximises each check's "size − count" (or minimises the count)."""
        objective = np.zeros(width)
        for v, s, _size in checks:
            if v in position:
                objective[position[v]] += 1.0
            if s is not None:
                objective[s] -= 1.0
        return objective

    # All checks at once first, while that settles any: a feasible point with a positive
    # "size − count" shows a group not unanimous, whatever it was optimised for.
    pending = [c for queue in queues.values() for c in queue]
    while pending:
        best = solve(size_less_count(pending))  # type: ignore[operator]
        left = [c for c in pending if gap(best, *c) <= 1e-6]
        if len(left) == len(pending):
            break
        pending = left
    still = set(pending)
    queues = {
        block: [c for c in queue if c in still]
        for block, queue in queues.items()
        if any(c in still for c in queue)
    }
    while queues:
        batch = []
        for block in list(queues):
            batch.append(queues[block].pop(0))
            if not queues[block]:
                del queues[block]
        best = solve(size_less_count(batch))  # type: ignore[operator]
        for v, s, size in batch:
            if gap(best, v, s, size) <= 1e-6:
                by, name, group, cat = key_of[v]
                leaks.append(Leak(by, name, group, cat, 0.0, 0.0, "unanimous"))
    return leaks
