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
    from scipy.stats import chi2 as chi2_distribution
    from scipy.stats import fisher_exact

    p_value = chi2_distribution.sf(chi2, 1)
    testable = (m > 0) & (n > 0)
    exact = testable & ~(expected_min >= MIN_EXPECTED)
    for i in np.flatnonzero(exact):
        table = [[a[i], m[i] - a[i]], [b[i], n[i] - b[i]]]
        p_value[i] = fisher_exact(np.asarray(table, dtype=np.int64)).pvalue
    statistic = np.where(exact | ~testable, math.nan, chi2)
    p_value = np.where(testable, p_value, math.nan)
    method = ["fisher" if e else "chi2" if t else "" for e, t in zip(exact, testable, strict=True)]
    return ShareTests(statistic, p_value, method)


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
    z_quantile(confidence)  # the same check of the level as everywhere
    difference = mean1 - mean2
    if n1 < 2 or n2 < 2:
        return Welch(difference, math.nan, math.nan, math.nan, math.nan, math.nan)
    v1, v2 = sd1 * sd1 / n1, sd2 * sd2 / n2
    se = math.sqrt(v1 + v2)
    if se == 0.0:
        return Welch(difference, math.nan, math.nan, math.nan, math.nan, math.nan)
    df = (v1 + v2) ** 2 / (v1 * v1 / (n1 - 1) + v2 * v2 / (n2 - 1))
    from scipy.stats import t as t_distribution

    t = difference / se
    half = float(t_distribution.ppf(0.5 + confidence / 2.0, df)) * se
    p_value = float(2.0 * t_distribution.sf(abs(t), df))
    return Welch(difference, difference - half, difference + half, t, df, p_value)


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
