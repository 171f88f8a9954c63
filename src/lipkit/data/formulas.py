"""CSV injection (OWASP): text cells that a spreadsheet could run as a formula get a leading
``'`` when lipkit writes a CSV, and exactly that ``'`` is taken away again on reading, so an
export read back gives the answers as they were given."""

from __future__ import annotations

import polars as pl

__all__ = ["neutralise_formulas", "restore_formulas"]

# First characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
_FORMULA_LIKE = r"^'*[=+\-@\t\r]"
_NEUTRALISED = r"^'+[=+\-@\t\r]"
_PLAIN_NUMBER = r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$"


def neutralise_formulas(frame: pl.DataFrame) -> pl.DataFrame:
    """Text cells that a spreadsheet would run as a formula, with a ``'`` in front.

    OWASP's rule: a cell starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return is
    prefixed with a single quote. Two refinements keep the data readable and reversible:

    - a plain number (``-3``, ``+49``, ``-2,5``, ``1e-7``) is left as it is — a spreadsheet
      reads it as a number, never as a formula; number columns are not text and never touched;
    - a cell that starts with quotes followed by such a character (``'=x``) gets one quote
      more, so that :func:`restore_formulas` can take exactly one quote away from every cell
      that starts with quotes and such a character.
    """
    text = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    if not text:
        return frame
    # A cheap first pass (one anchored pattern) finds the few columns that need the full rule.
    risky = frame.select(pl.col(c).str.contains(_FORMULA_LIKE).any() for c in text).row(0)
    affected = [c for c, found in zip(text, risky, strict=True) if found]
    return frame.with_columns(
        pl.when(_formula_like(pl.col(c)))
        .then(pl.lit("'") + pl.col(c))
        .otherwise(pl.col(c))
        .alias(c)
        for c in affected
    )


def restore_formulas(frame: pl.DataFrame) -> pl.DataFrame:
    """Undo :func:`neutralise_formulas`: one leading ``'`` taken from every text cell that
    starts with one or more ``'`` followed by ``=``, ``+``, ``-``, ``@``, tab or carriage
    return. (A cell written that way by another program loses that quote too: it is what
    the same rule against formulas produces.)"""
    text = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    if not text:
        return frame
    quoted = frame.select(pl.col(c).str.starts_with("'").any() for c in text).row(0)
    candidates = [c for c, found in zip(text, quoted, strict=True) if found]
    return frame.with_columns(
        pl.when(pl.col(c).str.contains(_NEUTRALISED))
        .then(pl.col(c).str.slice(1))
        .otherwise(pl.col(c))
        .alias(c)
        for c in candidates
    )


def _formula_like(cell: pl.Expr) -> pl.Expr:
    return cell.str.contains(_FORMULA_LIKE) & ~cell.str.contains(_PLAIN_NUMBER)
