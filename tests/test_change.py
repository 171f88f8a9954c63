"""Change between two waves: Newcombe's interval, the tests of a difference, Welch, Holm —
against the published values in reference-values.md and tables worked out by hand."""

from __future__ import annotations

import math

import numpy as np
import polars as pl
import pytest

from lipkit.analysis.change import (
    holm,
    newcombe_exprs,
    newcombe_interval,
    share_difference_tests,
    welch,
)
from lipkit.analysis.stats import mean_sd_from_counts

# Newcombe (1998), Table II, method 10; the paper prints four decimals.
NEWCOMBE = [
    (56, 70, 48, 80, 0.0524, 0.3339),
    (9, 10, 3, 10, 0.1705, 0.8090),
    (6, 7, 2, 7, 0.0582, 0.8062),
    (5, 56, 0, 29, -0.0381, 0.1926),
    (0, 10, 0, 20, -0.1611, 0.2775),
    (10, 10, 0, 20, 0.6791, 1.0000),
]


@pytest.mark.parametrize(("a", "m", "b", "n", "low", "high"), NEWCOMBE)
def test_newcombe_matches_the_published_table(a, m, b, n, low, high):
    got_low, got_high = newcombe_interval(a, m, b, n)
    assert got_low == pytest.approx(low, abs=1e-4)
    assert got_high == pytest.approx(high, abs=1e-4)


def test_newcombe_expressions_do_a_whole_column_and_leave_empty_samples_null():
    rows = [(a, m, b, n) for a, m, b, n, _, _ in NEWCOMBE] + [(3, 5, 0, 0)]
    frame = pl.DataFrame(rows, schema=["a", "m", "b", "n"], orient="row")
    low, high = newcombe_exprs(pl.col("a"), pl.col("m"), pl.col("b"), pl.col("n"))
    out = frame.select(low=low, high=high)
    for (*_, ref_low, ref_high), (got_low, got_high) in zip(NEWCOMBE, out.rows(), strict=False):
        assert got_low == pytest.approx(ref_low, abs=1e-4)
        assert got_high == pytest.approx(ref_high, abs=1e-4)
    assert out.row(-1) == (None, None)


def test_newcombe_refuses_a_count_outside_its_base():
    with pytest.raises(ValueError, match="11/10"):
        newcombe_interval(11, 10, 1, 10)
    with pytest.raises(ValueError, match="0/0"):
        newcombe_interval(0, 0, 1, 10)


def test_chi2_where_expected_counts_are_large_and_fisher_where_they_are_small():
    tests = share_difference_tests([56, 9, 0, 4], [70, 10, 10, 4], [48, 3, 0, 0], [80, 10, 20, 0])
    # reference-values.md: Pearson χ² without continuity correction for 56/70 vs 48/80
    assert tests.method == ["chi2", "fisher", "fisher", ""]
    assert tests.statistic[0] == pytest.approx(7.023411, abs=1e-6)
    assert tests.p_value[0] == pytest.approx(0.008045, abs=1e-6)
    # 9/10 vs 3/10: expected 4 in the "no" cells. By hand, over the hypergeometric with
    # margins 10, 10 | 12, 8: the tables as or less likely than the observed one are
    # a = 9, 10, 3, 2, with C(10,9)C(10,3) = 1200 and C(10,10)C(10,2) = 45 each side,
    # so p = 2 · 1245 / C(20,12) = 2490 / 125970.
    assert tests.p_value[1] == pytest.approx(2490 / 125970, abs=1e-12)
    assert math.isnan(tests.statistic[1])
    # Nobody said yes in either wave: nothing differs, p = 1; an empty wave: no test at all.
    assert tests.p_value[2] == 1.0
    assert math.isnan(tests.p_value[3])


SLEEP_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
SLEEP_2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]


def test_welch_matches_r_t_test_on_sleep():
    mean1, sd1 = float(np.mean(SLEEP_1)), float(np.std(SLEEP_1, ddof=1))
    mean2, sd2 = float(np.mean(SLEEP_2)), float(np.std(SLEEP_2, ddof=1))
    result = welch(mean1, sd1, 10, mean2, sd2, 10)
    assert result.t == pytest.approx(-1.8608, abs=1e-4)
    assert result.df == pytest.approx(17.776, abs=1e-3)
    assert result.p_value == pytest.approx(0.07939, abs=1e-5)
    assert result.low == pytest.approx(-3.3654832, abs=1e-7)
    assert result.high == pytest.approx(0.2054832, abs=1e-7)
    assert result.difference == pytest.approx(-1.58, abs=1e-12)


def test_welch_of_scale_counts_and_of_samples_too_small():
    # Codes 1..5 with their frequencies: the same as the listed values.
    mean, sd = mean_sd_from_counts({1: 1, 2: 1, 4: 2})
    assert (mean, sd) == pytest.approx((2.75, float(np.std([1, 2, 4, 4], ddof=1))))
    one = welch(4.0, math.nan, 1, 3.0, 1.0, 10)
    assert one.difference == 1.0 and math.isnan(one.low) and math.isnan(one.p_value)
    flat = welch(3.0, 0.0, 5, 3.0, 0.0, 5)
    assert math.isnan(flat.t)


def test_holm_as_r_p_adjust():
    # R: p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm") = 0.03 0.06 0.06 0.02
    assert holm([0.01, 0.04, 0.03, 0.005]) == pytest.approx([0.03, 0.06, 0.06, 0.02])
    # An untested row is not counted: the three others are adjusted as a family of three.
    adjusted = holm([0.01, math.nan, 0.04, 0.5])
    assert adjusted[0] == pytest.approx(0.03) and adjusted[2] == pytest.approx(0.08)
    assert adjusted[3] == pytest.approx(0.5) and math.isnan(adjusted[1])
    assert holm([0.6, 0.7]) == [1.0, 1.0]
    assert holm([]) == []
