"""Change between two independent samples (two waves of a survey): the statistics.

* a difference of two shares with Newcombe's hybrid score interval (Newcombe 1998, method 10:
  the Wilson intervals of both shares combined), and a test of it: Pearson's χ² on the 2×2
  table, or Fisher's exact test where an expected count is below 5;
* a difference of two means with Welch's interval and test (unequal variances);
* Holm's adjustment of the p-values of one family of tests.

The share functions take whole columns (one row per question, group and option) and are
vectorised; Fisher's test runs only for the rows with small expected counts. Shares and
differences are proportions 0..1 here; the comparison's output turns them into percent and
percentage points.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

# scipy.special's ufuncs (vectorised), not scipy.stats: that takes seconds to import.
from scipy.special import chdtrc, gammaln, stdtr, stdtrit

from lipkit.analysis.stats import wilson_exprs, z_quantile

# Below this expected count in any cell of the 2×2 table, χ² is not trusted (Cochran's rule).
MIN_EXPECTED = 5.0


def newcombe_exprs(
    a: pl.Expr, m: pl.Expr, b: pl.Expr, n: pl.Expr, confidence: float = 0.95
) -> tuple[pl.Expr, pl.Expr]:
    """Bounds of the interval of ``a/m − b/n`` (hybrid score); null where m or n is 0."""
    low1, high1 = wilson_exprs(a, m, confidence)
    low2, high2 = wilson_exprs(b, n, confidence)
    p1 = a.cast(pl.Float64) / m.cast(pl.Float64)
    p2 = b.cast(pl.Float64) / n.cast(pl.Float64)
    difference = p1 - p2
    low = difference - ((p1 - low1) ** 2 + (high2 - p2) ** 2).sqrt()
    high = difference + ((high1 - p1) ** 2 + (p2 - low2) ** 2).sqrt()
    # Rounding may leave the bounds a hair outside −1..1 at the extremes.
    return low.clip(lower_bound=-1.0), high.clip(upper_bound=1.0)


def newcombe_interval(
    a: int, m: int, b: int, n: int, confidence: float = 0.95
) -> tuple[float, float]:
    """Newcombe's hybrid score interval of ``a/m − b/n`` for one pair of shares."""
    for successes, total in ((a, m), (b, n)):
        if total <= 0 or not 0 <= successes <= total:
            raise ValueError(f"a share needs 0 <= count <= n and n > 0, got {successes}/{total}")
    low, high = newcombe_exprs(pl.col("a"), pl.col("m"), pl.col("b"), pl.col("n"), confidence)
    row = pl.DataFrame({"a": [a], "m": [m], "b": [b], "n": [n]}).select(low=low, high=high).row(0)
    return float(row[0]), float(row[1])


@dataclass(frozen=True)
class ShareTests:
    """Per row: the test statistic (χ², NaN for Fisher), the p-value and the method."""

    statistic: np.ndarray
    p_value: np.ndarray
    method: list[str]  # "chi2", "fisher", or "" where there is nothing to test (m or n = 0)


def share_difference_tests(
    a: Sequence[int] | np.ndarray,
    m: Sequence[int] | np.ndarray,
    b: Sequence[int] | np.ndarray,
    n: Sequence[int] | np.ndarray,
) -> ShareTests:
    """Test ``a/m = b/n`` for every row: Pearson's χ² without continuity correction on the
    table [[a, m − a], [b, n − b]], or Fisher's exact test (two-sided) where an expected
    count is below ``MIN_EXPECTED`` (a table without variation has p = 1)."""
    a, m, b, n = (np.asarray(x, dtype=float) for x in (a, m, b, n))
    total = m + n
    yes, no = a + b, total - a - b
    with np.errstate(divide="ignore", invalid="ignore"):
        expected_min = np.minimum(m, n) * np.minimum(yes, no) / total
        chi2 = total * (a * (n - b) - b * (m - a)) ** 2 / (m * n * yes * no)
    p_value = chdtrc(1.0, chi2)
    testable = (m > 0) & (n > 0)
    exact = testable & ~(expected_min >= MIN_EXPECTED)
    for i in np.flatnonzero(exact):
        p_value[i] = fisher_exact_p(int(a[i]), int(m[i]), int(b[i]), int(n[i]))
    statistic = np.where(exact | ~testable, math.nan, chi2)
    p_value = np.where(testable, p_value, math.nan)
    method = ["fisher" if e else "chi2" if t else "" for e, t in zip(exact, testable, strict=True)]
    return ShareTests(statistic, p_value, method)


def fisher_exact_p(a: int, m: int, b: int, n: int) -> float:
    """Two-sided p of Fisher's exact test on [[a, m − a], [b, n − b]]: the probability of
    every table with the same margins that is no more likely than the one observed (R's
    ``fisher.test`` and scipy's rule, with the same relative tolerance 1e-7)."""
    yes = a + b
    low, high = max(0, yes - n), min(m, yes)
    x = np.arange(low, high + 1, dtype=float)
    # hypergeometric log-probabilities of a = x given the margins
    log_p = (
        gammaln(m + 1)
        - gammaln(x + 1)
        - gammaln(m - x + 1)
        + gammaln(n + 1)
        - gammaln(yes - x + 1)
        - gammaln(n - yes + x + 1)
        - (gammaln(m + n + 1) - gammaln(yes + 1) - gammaln(m + n - yes + 1))
    )
    observed = log_p[a - low]
    p = float(np.exp(log_p[log_p <= observed + math.log1p(1e-7)]).sum())
    return min(1.0, p)


@dataclass(frozen=True)
class Welch:
    difference: float  # mean 1 − mean 2
    low: float
    high: float
    t: float
    df: float
    p_value: float


def welch(
    mean1: float,
    sd1: float,
    n1: int,
    mean2: float,
    sd2: float,
    n2: int,
    confidence: float = 0.95,
) -> Welch:
    """Welch's test and interval of ``mean1 − mean2`` from each sample's mean, sample SD and
    size. NaN throughout where a sample has fewer than two values or both have no spread."""
    columns = welch_arrays([mean1], [sd1], [n1], [mean2], [sd2], [n2], confidence=confidence)
    return Welch(*(float(columns[k][0]) for k in ("difference", "low", "high", "t", "df", "p")))


def welch_arrays(
    mean1: Sequence[float] | np.ndarray,
    sd1: Sequence[float] | np.ndarray,
    n1: Sequence[float] | np.ndarray,
    mean2: Sequence[float] | np.ndarray,
    sd2: Sequence[float] | np.ndarray,
    n2: Sequence[float] | np.ndarray,
    confidence: float = 0.95,
) -> dict[str, np.ndarray]:
    """:func:`welch` for whole columns: arrays ``difference, low, high, t, df, p``."""
    z_quantile(confidence)  # the same check of the level as everywhere
    m1, s1, k1, m2, s2, k2 = (np.asarray(x, dtype=float) for x in (mean1, sd1, n1, mean2, sd2, n2))
    difference = m1 - m2
    with np.errstate(divide="ignore", invalid="ignore"):
        v1, v2 = s1 * s1 / k1, s2 * s2 / k2
        se = np.sqrt(v1 + v2)
        df = (v1 + v2) ** 2 / (v1 * v1 / (k1 - 1) + v2 * v2 / (k2 - 1))
        t = difference / se
    bad = (k1 < 2) | (k2 < 2) | ~(se > 0.0)
    df = np.where(bad, math.nan, df)
    t = np.where(bad, math.nan, t)
    half = stdtrit(df, 0.5 + confidence / 2.0) * se
    p = 2.0 * stdtr(df, -np.abs(t))
    return {
        "difference": difference,
        "low": difference - half,
        "high": difference + half,
        "t": t,
        "df": df,
        "p": p,
    }


def holm(p_values: Sequence[float]) -> list[float]:
    """Holm's step-down adjustment (R's ``p.adjust(method="holm")``); NaN stays NaN and does
    not count as a test."""
    values = np.asarray(p_values, dtype=float)
    adjusted = np.full(values.shape, math.nan)
    tested = np.flatnonzero(~np.isnan(values))
    if tested.size == 0:
        return adjusted.tolist()
    order = tested[np.argsort(values[tested], kind="stable")]
    factors = np.arange(order.size, 0, -1)
    stepped = np.maximum.accumulate(np.minimum(1.0, factors * values[order]))
    adjusted[order] = stepped
    return adjusted.tolist()
