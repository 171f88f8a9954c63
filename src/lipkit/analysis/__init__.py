"""lipkit.analysis: counts, bases, percentages, intervals, scale summaries and crosstabs.

Pure functions on polars frames; suppression below the minimum group size happens inside,
before anything is returned (conventions §2–§5).
"""

from lipkit.analysis.crosstab import Crosstab, crosstab
from lipkit.analysis.engine import BASES, Analysis, Base, analyze, analyze_many, matrix_order
from lipkit.analysis.stats import (
    ChiSquare,
    LikertSummary,
    cramers_v,
    likert_summary,
    mean_sd_from_counts,
    pearson_chi2,
    wilson_exprs,
    wilson_interval,
    z_quantile,
)

__all__ = [
    "BASES",
    "Analysis",
    "Base",
    "ChiSquare",
    "Crosstab",
    "LikertSummary",
    "analyze",
    "analyze_many",
    "cramers_v",
    "crosstab",
    "likert_summary",
    "matrix_order",
    "mean_sd_from_counts",
    "pearson_chi2",
    "wilson_exprs",
    "wilson_interval",
    "z_quantile",
]
