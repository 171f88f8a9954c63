"""Statistical building blocks against published reference values and hand-worked tables."""

from __future__ import annotations

import math

import numpy as np
import polars as pl
import pytest
from scipy.stats import chi2_contingency

from lipkit.analysis.stats import (
    cramers_v,
    likert_summary,
    mean_sd_from_counts,
    pearson_chi2,
    wilson_exprs,
    wilson_interval,
    z_quantile,
)

# reference-values.md, R binom::binom.confint(method="wilson")
WILSON_REFERENCE = [
    (18, 20, 0.6989663547715128, 0.972133518786232),
    (4, 20, 0.0806576625797981, 0.4160174322518935),
    (4, 200, 0.00780442641634947, 0.05028708690582643),
]


def test_z_quantile_95():
    assert z_quantile(0.95) == pytest.approx(1.959963984540054, abs=1e-12)


@pytest.mark.parametrize(("successes", "n", "low", "high"), WILSON_REFERENCE)
def test_wilson_matches_r(successes, n, low, high):
    got_low, got_high = wilson_interval(successes, n)
    assert got_low == pytest.approx(low, abs=1e-9)
    assert got_high == pytest.approx(high, abs=1e-9)


def test_wilson_expressions_match_scalar_and_are_null_without_n():
    frame = pl.DataFrame({"k": [18, 4, 4, 0, 5, 0], "n": [20, 20, 200, 10, 5, 0]})
    low, high = wilson_exprs(pl.col("k"), pl.col("n"))
    out = frame.select(low=low, high=high)
    for (successes, n, ref_low, ref_high), row in zip(
        WILSON_REFERENCE, out.head(3).iter_rows(named=True), strict=True
    ):
        assert row["low"] == pytest.approx(ref_low, abs=1e-9), (successes, n)
        assert row["high"] == pytest.approx(ref_high, abs=1e-9), (successes, n)
    # 0 of 10: lower bound exactly 0; 5 of 5: upper bound exactly 1; n = 0: no interval
    assert out["low"][3] == 0.0
    assert out["high"][4] == 1.0
    assert out["low"][5] is None and out["high"][5] is None
    assert wilson_interval(0, 10)[0] == 0.0
    assert wilson_interval(5, 5)[1] == 1.0


def test_wilson_rejects_impossible_input():
    with pytest.raises(ValueError, match="n > 0"):
        wilson_interval(0, 0)
    with pytest.raises(ValueError, match=r"0\.\.n"):
        wilson_interval(21, 20)


def test_chi2_2x2_by_hand():
    # rows 30/70, columns 40/60, n = 100 -> expected [[12, 18], [28, 42]]
    # chi2 = 4/12 + 4/18 + 4/28 + 4/42 = 4 * 25/126 = 50/63
    # Cramér's V = sqrt(50/63 / (100 * 1)) = sqrt(1/126)
    table = [[10, 20], [30, 40]]
    result = pearson_chi2(table)
    assert result.chi2 == pytest.approx(50 / 63, abs=1e-12)
    assert result.dof == 1
    assert result.n == 100
    np.testing.assert_allclose(result.expected, [[12, 18], [28, 42]])
    assert result.min_expected == pytest.approx(12.0)
    assert result.cells_below_5 == 0
    assert result.cramers_v == pytest.approx(math.sqrt(1 / 126), abs=1e-12)
    chi2, p, dof, _ = chi2_contingency(table, correction=False)
    assert result.chi2 == pytest.approx(chi2, abs=1e-12)
    assert result.p_value == pytest.approx(p, abs=1e-12)
    assert result.dof == dof


def test_chi2_2x3_with_small_expected_counts():
    # rows 10/10, columns 4/6/10, n = 20 -> expected [[2, 3, 5], [2, 3, 5]]
    # chi2 = (1/2 + 1/2) + (4/3 + 4/3) + (1/5 + 1/5)... worked cell by cell:
    #   (3-2)^2/2 + (1-3)^2/3 + (6-5)^2/5 + (1-2)^2/2 + (5-3)^2/3 + (4-5)^2/5
    #   = 1/2 + 4/3 + 1/5 + 1/2 + 4/3 + 1/5 = 61/15
    # V = sqrt(61/15 / (20 * 1)) ; four of six expected counts are below 5
    table = [[3, 1, 6], [1, 5, 4]]
    result = pearson_chi2(table)
    assert result.chi2 == pytest.approx(61 / 15, abs=1e-12)
    assert result.dof == 2
    assert result.cells_below_5 == 4
    assert result.min_expected == pytest.approx(2.0)
    assert result.cramers_v == pytest.approx(math.sqrt(61 / 15 / 20), abs=1e-12)
    _, p, _, expected = chi2_contingency(table, correction=False)
    assert result.p_value == pytest.approx(p, abs=1e-12)
    np.testing.assert_allclose(result.expected, expected)


def test_chi2_drops_empty_rows_and_columns():
    with_empty = pearson_chi2([[10, 0, 20], [0, 0, 0], [30, 0, 40]])
    assert with_empty.chi2 == pytest.approx(50 / 63, abs=1e-12)
    assert with_empty.dof == 1
    assert math.isnan(pearson_chi2([[3, 4]]).chi2)


def test_cramers_v_formula():
    # sqrt(chi2 / (n * (min(r, c) - 1))) = sqrt(12 / (50 * 2))
    assert cramers_v(12.0, 50, 3, 4) == pytest.approx(math.sqrt(0.12))
    assert math.isnan(cramers_v(1.0, 10, 1, 3))


def test_likert_summary_by_hand():
    # codes 1..5 with counts 2, 3, 5, 6, 4 (n = 20)
    # low (1-2) = 5/20 = 25 %, neutral (3) = 5/20 = 25 %, high (4-5) = 10/20 = 50 %
    # mean = (1*2 + 2*3 + 3*5 + 4*6 + 5*4) / 20 = 67/20 = 3.35
    # sum of squares = 2 + 12 + 45 + 96 + 100 = 255; SS = 255 - 67^2/20 = 30.55
    # sample SD = sqrt(30.55 / 19)
    summary = likert_summary({1: 2, 2: 3, 3: 5, 4: 6, 5: 4})
    assert summary.n == 20
    assert summary.low == pytest.approx(25.0)
    assert summary.neutral == pytest.approx(25.0)
    assert summary.high == pytest.approx(50.0)
    assert summary.mean == pytest.approx(3.35, abs=1e-12)
    assert summary.sd == pytest.approx(math.sqrt(30.55 / 19), abs=1e-12)
    assert summary.sd == pytest.approx(1.2680279, abs=1e-7)


def test_mean_sd_single_value_has_no_sd():
    mean, sd = mean_sd_from_counts({4: 1})
    assert mean == 4.0
    assert math.isnan(sd)
