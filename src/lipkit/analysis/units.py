"""Respondents per unit, as published: one number per group of a breakdown.

A group's size (``n_group``, base ``group``) is the same in every question of a breakdown,
but whether it is shown is decided per question: the breakdown's pattern hides it
everywhere, a question's decisions (:mod:`lipkit.privacy.secure`) only in that question.
Published by one question, the size is published; the response tables of the report and
the dashboard show it from such a question, and hide it only where every question does.
"""

from __future__ import annotations

from typing import Any

import polars as pl


def unit_sizes(questions: pl.DataFrame, first: str) -> dict[str | None, dict[str, Any]]:
    """Per group the row (of an analysis' ``questions``) that gives its size: one of a
    question that publishes it, else the row of ``first`` (whose labels say why it is
    hidden: small itself or a complement)."""
    rows: dict[str | None, dict[str, Any]] = {}
    for row in questions.iter_rows(named=True):
        known = rows.get(row["group"])
        if (
            known is None
            or (known["suppressed"] and not row["suppressed"])
            or (known["suppressed"] and row["suppressed"] and row["question"] == first)
        ):
            rows[row["group"]] = row
    return rows
