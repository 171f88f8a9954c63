"""Small statistical building blocks: Wilson interval, Pearson χ², Cramér's V, moments.

Scalar functions serve tests and one-off use; the ``*_expr`` variants build polars
expressions so that the engine computes intervals for a whole results table at once.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
import polars as pl


def z_quantile(confidence: float) -> float:
    """Two-sided standard normal quantile, e.g. 1.959963984540054 for 0.95."""
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must lie strictly between 0 and 1, got {confidence!r}")
    return NormalDist().inv_cdf(0.5 + confidence / 2.0)


def wilson_interval(successes: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval of a proportion, as proportions 0..1.

    Raises for ``n <= 0`` (no interval without observations) and for successes outside 0..n.
    """
    if n <= 0:
        raise ValueError(f"Wilson interval needs n > 0, got n={n}")
    if not 0 <= successes <= n:
        raise ValueError(f"successes must lie in 0..n={n}, got {successes}")
    z = z_quantile(confidence)
    p = successes / n
    z2n = z * z / n
    centre = (p + z2n / 2.0) / (1.0 + z2n)
    half = z / (1.0 + z2n) * math.sqrt(p * (1.0 - p) / n + z2n / (4.0 * n))
    # At p = 0 or 1 the bound is exactly 0 or 1; rounding would leave ~1e-17 instead.
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return low, high


def wilson_exprs(
    successes: pl.Expr, n: pl.Expr, confidence: float = 0.95
) -> tuple[pl.Expr, pl.Expr]:
    """Wilson bounds as polars expressions; null where ``n`` is null or 0."""
    z = z_quantile(confidence)
    n_f = n.cast(pl.Float64)
    valid = n_f > 0
    p = successes.cast(pl.Float64) / n_f
    z2n = z * z / n_f
    centre = (p + z2n / 2.0) / (1.0 + z2n)
    half = z / (1.0 + z2n) * (p * (1.0 - p) / n_f + z2n / (4.0 * n_f)).clip(lower_bound=0.0).sqrt()
    # At p = 0 or 1 the bound is exactly 0 or 1; rounding would leave ~1e-17 instead.
    low = pl.when(valid).then(
        pl.when(p <= 0.0).then(0.0).otherwise((centre - half).clip(lower_bound=0.0))
    )
    high = pl.when(valid).then(
        pl.when(p >= 1.0).then(1.0).otherwise((centre + half).clip(upper_bound=1.0))
    )
    return low, high


@dataclass(frozen=True)
class ChiSquare:
    chi2: float
    dof: int
    p_value: float
    expected: np.ndarray
    n: int
    cramers_v: float
    min_expected: float
    cells_below_5: int


def pearson_chi2(observed: np.ndarray | Sequence[Sequence[int]]) -> ChiSquare:
    """Pearson χ² test of independence without continuity correction, with Cramér's V.

    Rows or columns that are all zero are dropped first (they carry no information and
    would make expected counts zero). Tables smaller than 2×2 after that give NaN.
    """
    table = np.asarray(observed, dtype=float)
    if table.ndim != 2:
        raise ValueError(f"a crosstab must be two-dimensional, got shape {table.shape}")
    table = table[table.sum(axis=1) > 0][:, table.sum(axis=0) > 0]
    n = round(table.sum())
    rows, cols = table.shape if table.size else (0, 0)
    if rows < 2 or cols < 2:
        return ChiSquare(math.nan, 0, math.nan, np.zeros_like(table), n, math.nan, math.nan, 0)
    expected = np.outer(table.sum(axis=1), table.sum(axis=0)) / table.sum()
    chi2 = float(((table - expected) ** 2 / expected).sum())
    dof = (rows - 1) * (cols - 1)
    # Imported here: scipy.stats takes about a second to import, and only crosstabs need it.
    from scipy.stats import chi2 as chi2_distribution

    p_value = float(chi2_distribution.sf(chi2, dof))
    return ChiSquare(
        chi2=chi2,
        dof=dof,
        p_value=p_value,
        expected=expected,
        n=n,
        cramers_v=cramers_v(chi2, n, rows, cols),
        min_expected=float(expected.min()),
        cells_below_5=int((expected < 5).sum()),
    )


def cramers_v(chi2: float, n: int, rows: int, cols: int) -> float:
    """Cramér's V = sqrt(χ² / (n · (min(r, c) − 1)))."""
    m = min(rows, cols) - 1
    if n <= 0 or m <= 0:
        return math.nan
    return math.sqrt(chi2 / (n * m))


@dataclass(frozen=True)
class LikertSummary:
    """Shares in percent of the valid answers, plus mean and sample SD of the codes."""

    n: int
    low: float
    neutral: float
    high: float
    mean: float
    sd: float


def likert_summary(counts: Mapping[int, int]) -> LikertSummary:
    """Summary of a 5-point (or any odd k-point) scale from counts per code 1..k.

    low = the lower half of the codes (1–2 of 5), neutral = the middle code, high = the
    upper half (4–5 of 5), all on the substantive answers (missing codes are not passed in).
    """
    if not counts:
        raise ValueError("likert_summary needs counts for at least one code")
    k = max(counts)
    n = sum(counts.values())
    if n == 0:
        return LikertSummary(0, math.nan, math.nan, math.nan, math.nan, math.nan)
    half = k // 2
    low = sum(c for code, c in counts.items() if code <= half)
    high = sum(c for code, c in counts.items() if code > k - half)
    neutral = n - low - high
    mean, sd = mean_sd_from_counts(counts)
    return LikertSummary(n, 100 * low / n, 100 * neutral / n, 100 * high / n, mean, sd)


def mean_sd_from_counts(counts: Mapping[int, int] | Mapping[float, int]) -> tuple[float, float]:
    """Mean and sample SD (n − 1) of values given with their frequencies."""
    n = sum(counts.values())
    if n == 0:
        return math.nan, math.nan
    mean = sum(v * c for v, c in counts.items()) / n
    if n < 2:
        return mean, math.nan
    ss = sum(c * (v - mean) ** 2 for v, c in counts.items())
    return mean, math.sqrt(ss / (n - 1))
