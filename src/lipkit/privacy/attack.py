"""An attacker that recomputes hidden values from published totals (audit tool).

What a call publishes for one quantity (a count per node) is a set of known values and a
set of hidden ones, tied by linear equations: every parent equals the sum of its children,
and the attacker knows the hierarchy. A hidden value is *derivable* when the equations fix
it whatever the other hidden values are, i.e. when its unit vector lies in the row space of
the equations' coefficients over the unknowns. We decide this exactly, by Gauss-Jordan
elimination over fractions (the coefficients are 0 and ±1, the systems have dozens of
unknowns).

This is the linear (subtraction) attack that complementary suppression guards against.
It does not model attacks by bounds (counts are non-negative integers, so a hidden pair
summing to 0 reveals two zeros) or by combining tables that cross two breakdowns; see
:func:`derivable_from_equations` for checking crossed tables.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from fractions import Fraction
from typing import TypeVar

import polars as pl

from lipkit.privacy.suppression import Hierarchy, Node

V = TypeVar("V", bound=Hashable)


def derivable_from_equations(
    values: Mapping[V, float | None], equations: Iterable[tuple[V, Sequence[V]]]
) -> set[V]:
    """Hidden variables that the equations ``total = sum(parts)`` determine uniquely.

    ``values`` maps variables to their published value, ``None`` when hidden; a variable
    that occurs in an equation but not in ``values`` is hidden too. Only which values are
    known matters, not the values themselves.
    """
    rows: list[dict[V, Fraction]] = []
    unknowns: dict[V, None] = {}  # insertion-ordered set, for a deterministic elimination

    def is_hidden(variable: V) -> bool:
        return values.get(variable) is None

    for total, parts in equations:
        row: dict[V, Fraction] = {}
        for variable, sign in [(total, 1), *((part, -1) for part in parts)]:
            if is_hidden(variable):
                unknowns.setdefault(variable)
                row[variable] = row.get(variable, Fraction(0)) + sign
        row = {v: c for v, c in row.items() if c != 0}
        if row:
            rows.append(row)
    reduced = _reduced_row_echelon(rows, list(unknowns))
    # A unit vector lies in the row space iff the reduced echelon form has it as a row.
    return {next(iter(row)) for row in reduced if len(row) == 1}


def _reduced_row_echelon(
    rows: list[dict[V, Fraction]], columns: list[V]
) -> list[dict[V, Fraction]]:
    """Gauss-Jordan elimination on sparse rows; returns the non-zero rows of the RREF."""
    pending = [dict(row) for row in rows]
    pivots: list[dict[V, Fraction]] = []
    for column in columns:
        pivot_index = next((i for i, row in enumerate(pending) if column in row), None)
        if pivot_index is None:
            continue
        pivot = pending.pop(pivot_index)
        scale = pivot[column]
        pivot = {v: c / scale for v, c in pivot.items()}
        for row_list in (pending, pivots):
            for i, row in enumerate(row_list):
                factor = row.get(column)
                if factor:
                    row_list[i] = _subtract(row, pivot, factor)
        pivots.append(pivot)
    return pivots


def _subtract(
    row: dict[V, Fraction], pivot: dict[V, Fraction], factor: Fraction
) -> dict[V, Fraction]:
    result = dict(row)
    for variable, coefficient in pivot.items():
        value = result.get(variable, Fraction(0)) - factor * coefficient
        if value == 0:
            result.pop(variable, None)
        else:
            result[variable] = value
    return result


def derivable(published: Mapping[Node, float | None], hierarchy: Hierarchy) -> set[Node]:
    """Hidden nodes whose value follows from what one call publishes for one quantity.

    ``published`` maps nodes (``None`` = root) to their published value, ``None`` when
    hidden. Every parent, the root included, equals the sum of its children. A node absent
    from ``published`` counts as known to the attacker (e.g. a group left out because it has
    no respondents): assuming the attacker knows more makes the audit stricter.
    """
    equations = [(parent, children) for parent, children in hierarchy.children.items() if children]
    values: dict[Node, float | None] = {
        node: published.get(node, 0.0) for node in hierarchy.nodes()
    }
    return derivable_from_equations(values, equations)


def audit_table(
    table: pl.DataFrame,
    hierarchy: Hierarchy,
    *,
    value_columns: Sequence[str],
    by: Sequence[str] = ("question",),
    node_column: str = "node",
    hidden_column: str | None = "suppressed",
) -> pl.DataFrame:
    """Run :func:`derivable` for every quantity of an analysis-like table.

    A quantity is one value column within one group of the ``by`` columns (e.g. ``count``
    per question and option, ``n`` per question); its rows give the value per node
    (``node_column``, null = root). A value is hidden when it is null or, if
    ``hidden_column`` is a column of ``table``, when that column is true. Nodes without a row
    count as known to the attacker (see :func:`derivable`).

    Returns one row per derivable hidden value: the ``by`` columns, ``quantity`` (the value
    column) and the node. An empty frame means the table withstands the attack.
    """
    needed = [*by, node_column, *value_columns]
    absent = [c for c in needed if c not in table.columns]
    if absent:
        raise ValueError(f"audit_table: table lacks columns {absent} (have {table.columns})")
    hidden_flag = (
        pl.col(hidden_column).fill_null(False)
        if hidden_column is not None and hidden_column in table.columns
        else pl.lit(False)
    )
    found: list[dict[str, object]] = []
    for key, part in table.group_by(list(by), maintain_order=True):
        nodes = part[node_column].to_list()
        if len(set(nodes)) != len(nodes):
            raise ValueError(
                f"audit_table: {dict(zip(by, key, strict=True))} lists a node twice; "
                f"expected one row per node in {node_column!r}"
            )
        hidden = part.select(hidden_flag.alias("hidden"))["hidden"].to_list()
        for column in value_columns:
            published = {
                node: None if is_hidden else value
                for node, value, is_hidden in zip(
                    nodes, part[column].to_list(), hidden, strict=True
                )
            }
            for node in sorted(derivable(published, hierarchy), key=str):
                found.append(
                    {**dict(zip(by, key, strict=True)), "quantity": column, node_column: node}
                )
    schema = pl.Schema(
        {
            **{c: table.schema[c] for c in by},
            "quantity": pl.String(),
            node_column: table.schema[node_column],
        }
    )
    return pl.DataFrame(found, schema=schema)
