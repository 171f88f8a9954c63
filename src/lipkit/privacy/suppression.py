"""Minimum group size and complementary suppression along a hierarchy of groups.

The analysis engine counts, per question, the respondents ``n`` of every node of a
hierarchy: the root (the whole survey, key ``None``) and the groups below it (Dezernate,
under those Fachbereiche; or the choices of a breakdown question). Because the hierarchy
and the totals of published parents are public, hiding a small group is not enough: a
single hidden child could be recomputed as parent minus its published siblings. The rules
(analysis conventions §5), applied top-down:

1. The root is hidden if ``0 < n(root) < k``; then every node is hidden.
2. For each published node, its children with ``0 < n < k`` are hidden (primary). A child
   with ``n = 0`` is published as "none" and never counts as a hidden sibling.
3. If a published parent has hidden children, but fewer than two or with fewer than ``k``
   respondents together, further published siblings with ``n > 0`` are hidden, smallest
   ``n`` first (ties: hierarchy order), until at least two are hidden holding at least
   ``k`` respondents together (complementary suppression).
4. A hidden node hides all its descendants (else summing its children would reveal it).

A parent's decision depends only on its children's counts, and parents are handled top
down, so the pattern on the upper levels does not depend on how deep a breakdown goes:
the Dezernat pattern is the same for a breakdown by Dezernat and by Fachbereich.

Node keys are strings. :meth:`Hierarchy.from_org_tree` keys a unit as ``"level:code"``
(:meth:`Hierarchy.key`), because unit codes are only unique within a level; the root's
group of respondents without a unit is ``"_missing"`` (:data:`MISSING`), below a unit it is
``"<unit key>/_missing"`` (:meth:`Hierarchy.missing_key`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property

import polars as pl

from lipkit.study.model import OrgTree

Node = str | None
"""A node of a hierarchy; ``None`` is the root (the whole survey)."""

MISSING = "_missing"
"""Key of the root's child group of respondents without a group value."""


@dataclass(frozen=True)
class Hierarchy:
    """Groups below the root; every non-root node names its parent (``None`` = root)."""

    parent: dict[str, str | None]
    """Node -> parent node (``None`` = root). Every non-root node is a key."""
    order: list[str]
    """Every non-root node once, in questionnaire/tree order; breaks ties deterministically."""
    units: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Node -> ``(level, code)`` for nodes that are org units (empty for a flat hierarchy)."""

    def __post_init__(self) -> None:
        if None in self.parent:
            raise ValueError("hierarchy: the root (None) cannot have a parent")
        for node, up in self.parent.items():
            if up is not None and up not in self.parent:
                raise ValueError(f"hierarchy: node {node!r} has unknown parent {up!r}")
        if sorted(self.order) != sorted(self.parent):
            extra = sorted(set(self.order) - set(self.parent))
            absent = sorted(set(self.parent) - set(self.order))
            raise ValueError(
                "hierarchy: `order` must list every node exactly once "
                f"(not nodes: {extra}, not listed: {absent}, listed {len(self.order)} for "
                f"{len(self.parent)} nodes)"
            )
        for node in self.parent:
            seen: set[str] = set()
            ancestor: str | None = node
            while ancestor is not None:
                if ancestor in seen:
                    raise ValueError(f"hierarchy: node {node!r} is its own ancestor")
                seen.add(ancestor)
                ancestor = self.parent[ancestor]

    # -- construction -----------------------------------------------------------------------
    @staticmethod
    def key(level: str, code: str) -> str:
        """Node key of an org unit: ``"level:code"`` (codes are unique only within a level)."""
        return f"{level}:{code}"

    @staticmethod
    def missing_key(parent: str | None) -> str:
        """Key of the group of respondents below ``parent`` whose unit one level down is unknown."""
        return MISSING if parent is None else f"{parent}/{MISSING}"

    @classmethod
    def flat(cls, groups: list[str]) -> Hierarchy:
        """Root -> ``groups`` (e.g. the choices of a breakdown question), plus :data:`MISSING`.

        ``flat([])`` is the root alone (results for the whole survey only).
        """
        if len(set(groups)) != len(groups):
            doubled = sorted({g for g in groups if groups.count(g) > 1})
            raise ValueError(f"hierarchy: groups listed twice: {doubled}")
        nodes = [*groups, *([] if not groups or MISSING in groups else [MISSING])]
        return cls(parent=dict.fromkeys(nodes), order=nodes)

    @classmethod
    def from_org_tree(
        cls, tree: OrgTree, down_to_level: str, *, with_missing: bool = True
    ) -> Hierarchy:
        """The org tree's levels from the top down to and including ``down_to_level``.

        Nodes are keyed ``Hierarchy.key(level, code)``; ``units`` maps them back. Order is the
        tree's (depth first, units in the order the tree lists them). With ``with_missing``,
        the root and every unit above ``down_to_level`` get a child for respondents whose unit
        one level down is unknown (:meth:`missing_key`), listed after the real units.
        """
        if not tree.has_level(down_to_level):
            known = [lv.name for lv in tree.levels]
            raise ValueError(f"org tree has no level {down_to_level!r} (levels: {known})")
        last = tree.depth(down_to_level)
        parent: dict[str, str | None] = {}
        order: list[str] = []
        units: dict[str, tuple[str, str]] = {}

        def visit(children: list, up: str | None, depth: int) -> None:
            for unit in children:
                node = cls.key(unit.level, unit.code)
                parent[node] = up
                order.append(node)
                units[node] = (unit.level, unit.code)
                if depth < last:
                    visit(tree.children(unit), node, depth + 1)
            if with_missing:
                missing = cls.missing_key(up)
                parent[missing] = up
                order.append(missing)

        visit(tree.units_at(tree.levels[0].name), None, 0)
        return cls(parent=parent, order=order, units=units)

    # -- navigation -------------------------------------------------------------------------
    @cached_property
    def children(self) -> dict[Node, list[str]]:
        """Node -> its children in hierarchy order (leaves map to an empty list)."""
        result: dict[Node, list[str]] = {None: [], **{node: [] for node in self.order}}
        for node in self.order:
            result[self.parent[node]].append(node)
        return result

    @cached_property
    def rank(self) -> dict[str, int]:
        """Position of each node in ``order``."""
        return {node: i for i, node in enumerate(self.order)}

    def unit_of(self, node: Node) -> tuple[str, str] | None:
        """``(level, code)`` of an org-unit node; ``None`` for the root, missing or flat groups."""
        return None if node is None else self.units.get(node)

    def descendants(self, node: Node) -> Iterator[str]:
        """Every node below ``node``, top-down."""
        for child in self.children[node]:
            yield child
            yield from self.descendants(child)

    def nodes(self) -> list[Node]:
        """The root, then every node in ``order``."""
        return [None, *self.order]


def complete_counts(n: Mapping[Node, int], hierarchy: Hierarchy) -> dict[Node, int]:
    """Counts for every node: absent leaves are 0, absent parents the sum of their children.

    Raises ``ValueError`` for a node not in the hierarchy, a negative count, or a given
    parent count that differs from the sum of its children's (which would make complementary
    suppression unsound).
    """
    unknown = [node for node in n if node is not None and node not in hierarchy.parent]
    if unknown:
        raise ValueError(f"counts for nodes that are not in the hierarchy: {unknown}")
    negative = {node: count for node, count in n.items() if count < 0}
    if negative:
        raise ValueError(f"negative counts: {negative}")
    full: dict[Node, int] = {}

    def fill(node: Node) -> int:
        children = hierarchy.children[node]
        below = sum(fill(child) for child in children)
        if node in n:
            if children and n[node] != below:
                raise ValueError(
                    f"count of node {node!r} is {n[node]}, but its children "
                    f"{children} add up to {below}; a parent must equal the sum of its children"
                )
            full[node] = n[node]
        else:
            full[node] = below
        return full[node]

    fill(None)
    return full


def suppress(
    n: Mapping[Node, int],
    hierarchy: Hierarchy,
    k: int,
    *,
    forced: Collection[Node] = frozenset(),
) -> frozenset[Node]:
    """The hidden nodes (``None`` in it = root hidden = every node hidden).

    ``n`` holds the respondents per node; nodes absent from it count as described in
    :func:`complete_counts`. ``k`` is the minimum group size (``k = 1`` hides nothing).
    ``forced`` nodes are hidden whatever their n (e.g. the breakdown's pattern, decided from
    the respondents, when ``n`` is one question's base): they count as hidden siblings even
    where their n is 0, and the complements are chosen around them.
    """
    if k < 1:
        raise ValueError(f"minimum group size k must be at least 1, got {k}")
    counts = complete_counts(n, hierarchy)
    if 0 < counts[None] < k or None in forced:
        return frozenset(hierarchy.nodes())
    forced_set = frozenset(forced)
    hidden: set[Node] = set()
    # Breadth-first from the root over published nodes only: what a parent hides depends
    # on its children alone, so upper levels come out the same however deep we go.
    queue: list[Node] = [None]
    while queue:
        parent = queue.pop(0)
        children = hierarchy.children[parent]
        hide = hidden_children(children, counts, hierarchy.rank, k, forced_set)
        for child in children:
            if child in hide:
                hidden.add(child)
                hidden.update(hierarchy.descendants(child))
            else:
                queue.append(child)
    return frozenset(hidden)


def hidden_units(tree: OrgTree, level: str, n: Mapping[str, int], k: int) -> set[str]:
    """The unit codes of ``level`` to hide, given the respondents per unit (e.g. the counts of
    the question that records the unit): below ``k``, with complements, top-down along the
    tree. A code in ``n`` that is no unit of the level is hidden only when everything is."""
    hierarchy = Hierarchy.from_org_tree(tree, level, with_missing=False)
    nodes = {code: Hierarchy.key(level, code) for code in n}
    units = {code: node for code, node in nodes.items() if hierarchy.units.get(node)}
    hidden = suppress({node: n[code] for code, node in units.items()}, hierarchy, k)
    return {code for code in n if None in hidden or nodes[code] in hidden}


def hidden_children(
    children: list[str],
    counts: Mapping[Node, int],
    rank: Mapping[str, int],
    k: int,
    forced: Collection[Node] = frozenset(),
) -> set[str]:
    """Children of one published parent to hide: forced and primary ones, then complements
    (rules 2, 3)."""
    hide = {child for child in children if 0 < counts[child] < k or child in forced}
    if not hide:
        return hide
    candidates = sorted(
        (child for child in children if counts[child] > 0 and child not in hide),
        key=lambda child: (counts[child], rank[child]),
    )
    for child in candidates:
        if len(hide) >= 2 and sum(counts[c] for c in hide) >= k:
            break
        hide.add(child)
    # A published parent with n >= k is the sum of its children, so hiding every child with
    # n > 0 satisfies the rule. A parent with n = 0 on this base reveals only zeros.
    return hide


def suppress_frame(cells: pl.DataFrame, hierarchy: Hierarchy, k: int) -> pl.DataFrame:
    """Apply :func:`suppress` per question.

    ``cells`` has columns ``question`` (str), ``node`` (str, null = root) and ``n`` (int),
    one row per question and node. Returns the same rows in the same order with a Boolean
    column ``suppressed`` added.
    """
    required = {"question", "node", "n"}
    absent = sorted(required - set(cells.columns))
    if absent:
        raise ValueError(f"suppress_frame: cells lack columns {absent} (have {cells.columns})")
    doubled = cells.group_by("question", "node").len().filter(pl.col("len") > 1)
    if doubled.height:
        first = doubled.row(0, named=True)
        raise ValueError(
            f"suppress_frame: question {first['question']!r}, node {first['node']!r} "
            f"appears {first['len']} times; expected one row per question and node"
        )
    null_n = cells.filter(pl.col("n").is_null())
    if null_n.height:
        first = null_n.row(0, named=True)
        raise ValueError(
            f"suppress_frame: question {first['question']!r}, node {first['node']!r} has no n"
        )
    cells = cells.drop("suppressed", strict=False)
    hidden_rows: list[dict[str, object]] = []
    for (question,), part in cells.group_by("question", maintain_order=True):
        counts = dict(zip(part["node"].to_list(), part["n"].to_list(), strict=True))
        try:
            hidden = suppress(counts, hierarchy, k)
        except ValueError as error:
            raise ValueError(f"suppress_frame: question {question!r}: {error}") from error
        hidden_rows.extend({"question": question, "node": node} for node in hidden)
    hidden_frame = pl.DataFrame(
        hidden_rows,
        schema={"question": cells.schema["question"], "node": cells.schema["node"]},
    ).with_columns(suppressed=pl.lit(True))
    return cells.join(
        hidden_frame, on=["question", "node"], how="left", nulls_equal=True, maintain_order="left"
    ).with_columns(pl.col("suppressed").fill_null(False))
