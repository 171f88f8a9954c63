"""The benchmark's baseline: the same tables as ``lipkit.analysis.engine.analyze``, written the
way a competent analyst would write them in pandas.

``pd.read_csv``, then per question: the filter mask from its ``relevant``, ``value_counts`` /
``groupby`` counts, the base (answered incl. k. A.), percentages with Wilson intervals, top-2 /
bottom-2 and mean / SD of the scale codes; for the whole survey, per Dezernat and per
Fachbereich, with the suppression rule of the analysis conventions, decided top-down along
the org tree (a group with 0 < n < k is hidden, then the smallest further siblings until the
hidden siblings of each parent hold at least k respondents together; a hidden Dezernat hides
its Fachbereiche). Idiomatic, not tuned: no shared group index, no
caching between questions.

Percentages are in percent (0..100), confidence limits are proportions (0..1), as in lipkit;
bases are the ``answered`` base.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from bench.generate import relevant_clauses
from lipkit.study.model import Question, Questionnaire, QuestionType, Study

Z_95 = 1.959963984540054
WHOLE_SURVEY = 0
"""Group key of the whole survey while computing (one constant integer key, so that the
whole survey and the units share one code path); null in the returned tables."""

RESULT_COLUMNS = [
    "question",
    "group",
    "option",
    "count",
    "base",
    "percent",
    "ci_low",
    "ci_high",
    "suppressed",
]
QUESTION_COLUMNS = [
    "question",
    "group",
    "n_answered",
    "n_no_answer",
    "n_skipped",
    "n_not_shown",
    "suppressed",
    "top2",
    "bottom2",
    "mean",
    "sd",
]


def read_responses(path: Path | str) -> pd.DataFrame:
    return pd.read_csv(path, low_memory=False)


def shown_mask(df: pd.DataFrame, questionnaire: Questionnaire, name: str) -> pd.Series:
    """True where every ``relevant`` around the question holds."""
    mask = pd.Series(True, index=df.index)
    for expression in questionnaire.relevance_chain(name):
        for clause in relevant_clauses(expression):
            if clause.op == "=":
                mask &= df[clause.question].eq(clause.value).fillna(False)
            elif clause.op == ">":
                mask &= pd.to_numeric(df[clause.question]) > float(clause.value)
            else:
                mask &= df[f"{clause.question}/{clause.value}"].eq(1).fillna(False)
    return mask.astype(bool)


def wilson(count: np.ndarray, base: np.ndarray, z: float = Z_95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval of count/base (NaN where base is 0)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        p = count / base
        denominator = 1 + z**2 / base
        centre = (p + z**2 / (2 * base)) / denominator
        half = z * np.sqrt(p * (1 - p) / base + z**2 / (4 * base**2)) / denominator
    return centre - half, centre + half


def suppress(
    n: pd.Series,
    parent_of: dict[str, str] | None,
    k: int,
    hidden_parents: frozenset[str] = frozenset(),
) -> pd.Series:
    """Hidden groups among siblings: 0 < n < k, plus complementary siblings with n > 0
    (smallest first) until the hidden siblings under each parent hold 0 or at least k
    respondents; every child of a hidden parent is hidden too. ``n`` is indexed by group;
    ``parent_of`` maps a group to its parent (None: all groups are siblings)."""
    counts = n.to_dict()
    families: dict[str, list] = {}
    for g in counts:
        families.setdefault(parent_of.get(g, "") if parent_of else "", []).append(g)
    hidden = {g: 0 < c < k for g, c in counts.items()}
    for parent, siblings in families.items():
        if parent in hidden_parents:
            hidden.update(dict.fromkeys(siblings, True))
            continue
        by_size = sorted(siblings, key=lambda g: counts[g])
        while True:
            hidden_total = sum(counts[g] for g in siblings if hidden[g])
            candidates = [g for g in by_size if not hidden[g] and counts[g] > 0]
            if hidden_total == 0 or hidden_total >= k or not candidates:
                break
            hidden[candidates[0]] = True
    return pd.Series(hidden, dtype=bool).reindex(n.index)


def suppress_along_tree(n: pd.Series, study: Study, by: str | None) -> pd.Series:
    """Suppression of the groups of ``by`` (counts ``n``), decided top-down along the org tree:
    the whole survey, then each level down to ``by`` (a hidden unit hides its children)."""
    k = study.settings.k
    if 0 < n.sum() < k or by is None or study.org is None:
        return pd.Series(0 < n.sum() < k, index=n.index, dtype=bool)
    org = study.org
    hidden_above: frozenset[str] = frozenset()
    hidden = pd.Series(False, index=n.index)
    for level in org.levels[: org.depth(by) + 1]:
        ancestor = org.ancestor_map(by, level.name)
        n_level = n.groupby(n.index.map(ancestor)).sum()
        parents = org.parent_map(level.name) if org.depth(level.name) > 0 else None
        hidden = suppress(n_level, parents, k, hidden_above)
        hidden_above = frozenset(hidden[hidden].index)
    return hidden.reindex(n.index)


def _group_key(df: pd.DataFrame, by: str | None) -> pd.Series:
    if by is None:
        return pd.Series(np.full(len(df), WHOLE_SURVEY, dtype=np.int8), index=df.index)
    return df[by]


def _long_results(
    name: str,
    table: pd.DataFrame,
    base: pd.Series,
    hidden: pd.Series,
    hidden_cells: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Counts table (group x option) -> tidy rows with base, percent and Wilson interval.
    ``hidden_cells`` (group x option, optional): single options hidden in a published group."""
    long = table.rename_axis(index="group", columns="option").stack().rename("count")
    long = long.reset_index()
    long["base"] = long["group"].map(base).astype(float)
    long["suppressed"] = long["group"].map(hidden).astype(bool)
    if hidden_cells is not None:
        cells = hidden_cells.rename_axis(index="group", columns="option").stack()
        keys = pd.MultiIndex.from_frame(long[["group", "option"]])
        long["suppressed"] |= cells.reindex(keys, fill_value=False).to_numpy(dtype=bool)
    long["count"] = long["count"].astype(float)
    long["percent"] = long["count"] / long["base"] * 100
    low, high = wilson(long["count"].to_numpy(), long["base"].to_numpy())
    long["ci_low"], long["ci_high"] = low * 100, high * 100
    hide = long["suppressed"]
    long.loc[hide, ["count", "base", "percent", "ci_low", "ci_high"]] = np.nan
    long.insert(0, "question", name)
    return long[RESULT_COLUMNS]


def _select_one(
    df: pd.DataFrame, study: Study, question: Question, by: str | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    q = study.questionnaire
    name = question.name
    shown = shown_mask(df, q, name)
    key = _group_key(df, by)
    values = df.loc[shown, name]
    group = key[shown]
    options = q.choice_list(question).names()
    missing = q.missing_codes(question)
    substantive = [o for o in options if o not in missing]

    table = values.groupby(group).value_counts().unstack(fill_value=0)
    table = table.reindex(columns=options, fill_value=0)
    n_answered = table[substantive].sum(axis=1)
    n_no_answer = table[missing].sum(axis=1) if missing else n_answered * 0
    base = n_answered + n_no_answer
    stats = pd.DataFrame(
        {
            "n_answered": n_answered,
            "n_no_answer": n_no_answer,
            "n_skipped": values.isna().groupby(group).sum(),
            "n_not_shown": (~shown).groupby(key).sum(),
        }
    ).fillna(0)
    # Every unit with respondents takes part in suppression, also those with n = 0 here.
    hidden = suppress_along_tree(stats["n_answered"] + stats["n_no_answer"], study, by)
    if question.scale is not None:
        codes = q.scale_values(question)
        top = sorted(codes, key=codes.get, reverse=True)
        stats["top2"] = table[top[:2]].sum(axis=1) / base * 100
        stats["bottom2"] = table[top[-2:]].sum(axis=1) / base * 100
        # Mean and sample SD of the codes from the frequency table (k. A. is no scale point).
        weights = pd.Series(codes)
        total = table[weights.index].mul(weights, axis=1).sum(axis=1)
        squares = table[weights.index].mul(weights**2, axis=1).sum(axis=1)
        stats["mean"] = total / n_answered
        stats["sd"] = np.sqrt((squares - n_answered * stats["mean"] ** 2) / (n_answered - 1))
    hidden_cells = None
    if question.org_level and study.org is not None:
        # The options are units: each count is a unit's size, protected like a group.
        units = [o for o in options if o not in missing]
        hidden_cells = table[units].apply(
            lambda row: suppress_along_tree(row, study, question.org_level), axis=1
        )
    results = _long_results(name, table, base, hidden, hidden_cells)
    return results, _question_rows(name, stats, hidden)


def _select_multiple(
    df: pd.DataFrame, study: Study, question: Question, by: str | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    q = study.questionnaire
    name = question.name
    columns = q.columns(question)
    shown = shown_mask(df, q, name)
    key = _group_key(df, by)
    answered = shown & df[columns].notna().any(axis=1)
    group = key[answered]

    table = df.loc[answered, columns].groupby(group).sum()
    table.columns = q.choice_list(question).names()
    base = answered.groupby(key).sum()
    stats = pd.DataFrame(
        {
            "n_answered": base,
            "n_no_answer": 0,
            "n_skipped": (shown & ~answered).groupby(key).sum(),
            "n_not_shown": (~shown).groupby(key).sum(),
        }
    ).fillna(0)
    hidden = suppress_along_tree(stats["n_answered"], study, by)
    results = _long_results(name, table, base, hidden)
    return results, _question_rows(name, stats, hidden)


def _number(
    df: pd.DataFrame, study: Study, question: Question, by: str | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    name = question.name
    shown = shown_mask(df, study.questionnaire, name)
    key = _group_key(df, by)
    values = pd.to_numeric(df.loc[shown, name])
    group = key[shown]
    moments = values.groupby(group).agg(["count", "mean", "std"])
    stats = pd.DataFrame(
        {
            "n_answered": moments["count"],
            "n_no_answer": 0,
            "n_skipped": values.isna().groupby(group).sum(),
            "n_not_shown": (~shown).groupby(key).sum(),
            "mean": moments["mean"],
            "sd": moments["std"],
        }
    ).fillna({"n_answered": 0, "n_skipped": 0})
    hidden = suppress_along_tree(stats["n_answered"], study, by)
    return pd.DataFrame(columns=RESULT_COLUMNS), _question_rows(name, stats, hidden)


def _question_rows(name: str, stats: pd.DataFrame, hidden: pd.Series) -> pd.DataFrame:
    stats = stats.reindex(columns=QUESTION_COLUMNS[2:]).copy()
    stats["suppressed"] = hidden.reindex(stats.index, fill_value=False).astype(bool)
    numeric = [c for c in QUESTION_COLUMNS[2:] if c != "suppressed"]
    stats.loc[stats["suppressed"], numeric] = np.nan
    stats.index.name = "group"
    stats = stats.reset_index()
    stats.insert(0, "question", name)
    return stats[QUESTION_COLUMNS]


_BY_TYPE = {
    QuestionType.SELECT_ONE: _select_one,
    QuestionType.SELECT_MULTIPLE: _select_multiple,
    QuestionType.INTEGER: _number,
    QuestionType.DECIMAL: _number,
}


def analyze(
    df: pd.DataFrame, study: Study, by: str | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(results, questions) for every select and number question, whole survey or by a level."""
    results, questions = [], []
    for question in study.questionnaire.questions():
        compute = _BY_TYPE.get(question.type)
        if compute is None:
            continue
        r, s = compute(df, study, question, by)
        results.append(r)
        questions.append(s)
    out = [pd.concat(results, ignore_index=True), pd.concat(questions, ignore_index=True)]
    if by is None:
        for frame in out:
            frame["group"] = None
    return out[0], out[1]


def run(csv: Path | str, study: Study) -> dict[str | None, tuple[pd.DataFrame, pd.DataFrame]]:
    """The complete analysis from the CSV: whole survey, by Dezernat, by Fachbereich."""
    df = read_responses(csv)
    levels: list[str | None] = [None]
    if study.org is not None:
        levels += [level.name for level in study.org.levels]
    return {by: analyze(df, study, by) for by in levels}
