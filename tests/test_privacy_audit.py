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
