"""The LP audit (lipkit.privacy.audit) over everything the engine publishes for a study."""

from __future__ import annotations

import polars as pl
from studies import with_k
from studies.attack import FRAME, STUDY

from lipkit.analysis import BASES, analyze_many
from lipkit.privacy.audit import audit

BYS = [None, "dezernat", "fachbereich", "standort"]


def published(k_of_valid_fachbereich: int | None = None) -> dict:
    """What the engine publishes on every base; optionally the Fachbereich breakdown on base
    ``valid`` as a per-call suppression would publish it (F1 hidden alone, F6 shown)."""
    analyses = {}
    for base in BASES:
        for by, analysis in zip(BYS, analyze_many(STUDY, FRAME, bys=BYS, base=base), strict=True):
            analyses[(by, base)] = analysis
    if k_of_valid_fachbereich is not None:
        [leaky] = analyze_many(with_k(STUDY, 1), FRAME, bys=["fachbereich"], base="valid")
        f1 = pl.col("group") == "F1"
        questions = leaky.questions.with_columns(suppressed=f1.fill_null(False))
        results = leaky.results.with_columns(
            suppressed=f1.fill_null(False),
            count=pl.when(f1.fill_null(False)).then(None).otherwise(pl.col("count")),
        )
        questions = questions.with_columns(
            [
                pl.when(pl.col("suppressed")).then(None).otherwise(pl.col(c)).alias(c)
                for c in ("n_answered", "n_no_answer", "n_skipped", "n_not_shown")
            ]
        )
        analyses[("fachbereich", "valid")] = type(leaky)(
            results=results, questions=questions, by="fachbereich", base="valid", k=5
        )
    return analyses


def pinned(result) -> set[tuple]:
    return {
        (x.breakdown, x.group, x.question, x.cell) for x in result.leaks if x.reason == "pinned"
    }


def test_the_issue_attack_is_protected():
    # F1's answer to zufrieden cannot be pinned down from everything published together.
    result = audit(STUDY, FRAME, bys=BYS, analyses=published())
    assert ("fachbereich", "F1", "zufrieden", "nein") not in pinned(result)
    assert ("standort", "S1", "zufrieden", "nein") not in pinned(result)
    unanimous = {
        (x.breakdown, x.group, x.question) for x in result.leaks if x.reason == "unanimous"
    }
    assert ("fachbereich", "F1", "zufrieden") not in unanimous
    assert ("standort", "S1", "zufrieden") not in unanimous
    assert result.cells > 0 and result.outputs > 0 and result.published > 0


def test_a_known_leak_is_caught():
    # Guard: publish F6 on base "valid" (what the per-call suppression did before issue 12):
    # F1 = D1 − F6 − F7 gives the one person's "nein" away, and the audit must say so.
    result = audit(STUDY, FRAME, bys=BYS, analyses=published(k_of_valid_fachbereich=1))
    assert ("fachbereich", "F1", "zufrieden", "nein") in pinned(result)
    assert not result.ok


def _one_lp_per_cell(model, hidden, min_width):
    """The audit by definition: for every hidden cell, its smallest and largest value over
    the whole model (one LP each, nothing presolved or split), and for every hidden group
    answered unanimously, the largest "size − count"."""
    import numpy as np
    from scipy.optimize import linprog

    from lipkit.privacy.audit import _pinned

    n = len(model.truth)
    a = np.zeros((len(model.rows), n))
    for i, terms in enumerate(model.rows):
        for v, c in terms.items():
            a[i, v] = c
    b = np.array(model.rhs)
    truth = np.array(model.truth)
    key_of = {v: key for key, v in model.index.items()}

    def solve(objective):
        """The optimum, or None where the objective falls without bound."""
        found = linprog(objective, A_eq=a, b_eq=b, bounds=(0, None), method="highs")
        assert found.status in (0, 3), found.message
        return found.x if found.status == 0 else None

    leaks, intervals = set(), {}
    for v in hidden:
        unit = np.zeros(n)
        unit[v] = 1.0
        most = solve(-unit)
        low, high = solve(unit)[v], (np.inf if most is None else most[v])
        intervals[v] = (low, high)
        leak = _pinned(model, key_of[v], truth, low, high, min_width)
        if leak is not None:
            leaks.add((leak.breakdown, leak.question, leak.group, leak.cell, "pinned"))
        by, name, group, cat = key_of[v]
        size = model.index.get(("size", by, group))
        if size is None or truth[size] == 0 or truth[v] != truth[size] or cat.startswith("n_"):
            continue
        objective = np.zeros(n)
        objective[v], objective[size] = 1.0, -1.0
        best = solve(objective)
        if best is not None and best[size] - best[v] <= 1e-6:
            leaks.add((by, name, group, cat, "unanimous"))
    return leaks, intervals


def _both_methods(monkeypatch, study, frame, **options):
    """Run the audit; beside its fast solver, bound every hidden cell by one LP each."""
    import lipkit.privacy.audit as module

    fast = module._solve
    seen = {}

    def solve(model, hidden, group_of, min_width, seed=0, bounds_of=None):
        seen["bounds"] = {}
        leaks = fast(model, hidden, group_of, min_width, seed, bounds_of=seen["bounds"])
        seen["fast"] = {(x.breakdown, x.question, x.group, x.cell, x.reason) for x in leaks}
        seen["slow"], seen["intervals"] = _one_lp_per_cell(model, hidden, min_width)
        return leaks

    monkeypatch.setattr(module, "_solve", solve)
    audit(study, frame, **options)
    return seen


def assert_same(seen):
    assert seen["fast"] == seen["slow"]
    # every interval the fast solver computed is the one-LP-per-cell interval
    for v, (low, high) in seen["bounds"].items():
        assert abs(low - seen["intervals"][v][0]) < 1e-6
        assert high == seen["intervals"][v][1] or abs(high - seen["intervals"][v][1]) < 1e-6


def test_the_fast_audit_equals_one_lp_per_cell_on_the_issue_study(monkeypatch):
    seen = _both_methods(monkeypatch, STUDY, FRAME)
    assert seen["slow"]  # this study still has leaks (without secondary suppression)
    assert ("zufrieden", "standort", "k_a", "S7", "unanimous") in seen["slow"]
    assert_same(seen)
    assert seen["bounds"]  # some cells were bounded by their own pair of solves


def test_the_fast_audit_equals_one_lp_per_cell_on_generated_studies(monkeypatch):
    from hypothesis import HealthCheck, given, settings
    from studies.audit_random import study_and_frame

    @settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
    @given(case=study_and_frame())
    def check(case):
        study, frame = case
        assert_same(_both_methods(monkeypatch, study, frame))

    check()
