"""One suppression pattern per breakdown, shared by every question, base and output.

Deciding suppression per call lets the outputs of two calls be combined: if base
``answered`` hides F1 and F6 while base ``valid`` hides F1 and F7, then F1 = D1 − F6 − F7.
So (issue 12, conventions §5 "Across outputs, not per call"):

1. The **breakdown pattern** is decided once, from the respondents: :func:`suppress` on the
   number of respondents of every group (base ``group``). Every question, base, command and
   output of that breakdown hides at least these groups, and with them their sizes.
2. A question whose base in a shown group falls below ``k`` (e.g. few saw a filtered
   question) hides that group for that question. The complementary rule is then
   re-established for that question on **every base at once**: :func:`question_pattern`
   applies :func:`suppress` to each base with the nodes hidden so far forced, until no base
   adds a node. The result does not depend on the base a caller asks for.

A hidden group is a *complement* when none of its bases is below ``k``: it is labelled
"nicht ausgewiesen", not "n < k" (:func:`complements`).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from lipkit.catalogue import Text
from lipkit.errors import UserError
from lipkit.privacy.suppression import Hierarchy, Node, suppress


def breakdown_pattern(sizes: Mapping[Node, int], hierarchy: Hierarchy, k: int) -> frozenset[Node]:
    """The groups a breakdown hides in every output: from the respondents per group."""
    return suppress(sizes, hierarchy, k)


def question_pattern(
    bases: Sequence[Mapping[Node, int]],
    hierarchy: Hierarchy,
    k: int,
    pattern: Collection[Node] = frozenset(),
    settled: Mapping[Node, int] | None = None,
) -> frozenset[Node]:
    """The groups one question hides, on every one of its ``bases`` at once.

    ``bases`` holds the question's n per node for each base (answered, valid, group);
    ``pattern`` is the breakdown's (:func:`breakdown_pattern`), decided from the base
    ``settled`` (one of ``bases``; skipped while nothing beyond the pattern is hidden). The
    result contains the pattern and, for every base, is closed under the primary and
    complementary rules.
    """
    hidden = frozenset(pattern)
    distinct: list[Mapping[Node, int]] = []
    for n in bases:
        if all(n is not other and n != other for other in distinct):
            distinct.append(n)
    while True:
        grown = set(hidden)
        for n in distinct:
            if n is settled and hidden == frozenset(pattern):
                continue  # the pattern is closed on the base it was decided from
            grown |= suppress(n, hierarchy, k, forced=hidden)
        if grown == hidden:
            return hidden
        hidden = frozenset(grown)


def spread_pattern(
    cells: Mapping[Node, Sequence[int]],
    sizes: Mapping[Node, int],
    hierarchy: Hierarchy,
    hidden: Collection[Node],
    options: Collection[int] = (),
) -> frozenset[Node]:
    """``hidden`` grown until no hidden group's cell follows from its published parent.

    ``cells`` holds one question's counts per node (answer states and option counts, the
    same columns for every node); ``options``: the columns a group can give unanimously
    (the options). Under a published parent, the hidden children are known together (the
    parent less its published children), so complementary suppression alone can leave:

    - a category the parent has but the hidden children together have not: each of them
      is pinned at 0 ("nobody in F1 said 'sehr hoch'");
    - an option every one of the hidden children gave while the parent did not give it
      unanimously: each hidden child is shown to have answered unanimously.

    Either is mended as the complementary rule is: the published sibling with the fewest
    respondents (ties: hierarchy order) that brings what is missing is hidden too, until
    neither holds. A parent's own 0, or its own unanimity, is published anyway and pins
    nothing more. Returns ``hidden`` with the added nodes and their descendants.
    """
    result = set(hidden)
    if None in result:
        return frozenset(result)
    rank = hierarchy.rank
    queue: list[Node] = [None]
    while queue:
        parent = queue.pop(0)
        children = hierarchy.children[parent]
        inside = [child for child in children if child in result]
        if inside and sum(sizes.get(child, 0) for child in inside) > 0:
            for child in _spread_children(cells, sizes, parent, children, inside, rank, options):
                result.add(child)
                result.update(hierarchy.descendants(child))
        queue.extend(child for child in children if child not in result)
    return frozenset(result)


def _spread_children(
    cells: Mapping[Node, Sequence[int]],
    sizes: Mapping[Node, int],
    parent: Node,
    children: Sequence[str],
    inside: Sequence[str],
    rank: Mapping[str, int],
    options: Collection[int],
) -> list[str]:
    """The published children of one published parent to hide as well (see
    :func:`spread_pattern`)."""
    top = cells[parent]
    together = [sum(cells[child][c] for child in inside) for c in range(len(top))]
    size = sum(sizes.get(child, 0) for child in inside)
    candidates = sorted(
        (child for child in children if child not in inside and sizes.get(child, 0) > 0),
        key=lambda child: (sizes[child], rank[child]),
    )
    added: list[str] = []
    while True:
        wanted = None
        for c in range(len(top)):
            if top[c] > 0 and together[c] == 0:
                wanted = (c, True)  # someone who gave c
                break
            if c in options and together[c] == size and top[c] < sizes.get(parent, 0):
                wanted = (c, False)  # someone who did not give c
                break
        if wanted is None:
            return added
        c, gave = wanted
        found = next(
            (
                child
                for child in candidates
                if child not in added
                and (cells[child][c] > 0 if gave else cells[child][c] < sizes[child])
            ),
            None,
        )
        if found is None:
            return added  # cannot happen for a parent that is the sum of its children
        added.append(found)
        together = [t + cells[found][i] for i, t in enumerate(together)]
        size += sizes[found]


def complements(
    hidden: Collection[Node], bases: Sequence[Mapping[Node, int]], k: int
) -> frozenset[Node]:
    """The hidden nodes hidden only as complements: no base of theirs is in ``1..k-1``."""
    return frozenset(node for node in hidden if not any(0 < n.get(node, 0) < k for n in bases))


class BelowFloor(UserError, ValueError):
    """A minimum group size below the study's k (a :class:`ValueError` for the library)."""


def check_floor(k: int, study_k: int, *, option: str = "--min-group") -> None:
    """Refuse a minimum group size below the study's k (raising it is fine)."""
    if k < study_k:
        raise BelowFloor(Text("privacy.below_floor", option=option, k=k, study_k=study_k))


ORG = "__org__"
"""Key of :class:`Decisions` for every org level at once: an org unit's node key
(``"level:code"``) is the same in every org breakdown that reaches its level."""


@dataclass(frozen=True)
class Decisions:
    """Complementary suppressions beyond the primary pattern (:mod:`lipkit.privacy.secure`).

    ``hidden`` maps ``(breakdown, question)`` to hierarchy nodes that the question hides in
    that breakdown, on every base; the breakdown is a select_one question's name, :data:`ORG`
    for every org level, or ``None`` for the whole survey, where the node ``None`` withholds
    the question everywhere. The engine forces these nodes and closes the complementary rule
    around them (:func:`question_pattern`), so every output that counts through it (every
    base, crosstab, answers, report, dashboard, JSON/CSV) hides the same groups.
    """

    hidden: Mapping[tuple[str | None, str], frozenset[Node]] = field(default_factory=dict)

    def forced(
        self, by: str | None, question: str, hierarchy: Hierarchy, org: bool
    ) -> frozenset[Node]:
        """The nodes to force for ``question`` in the breakdown ``by`` (org level if ``org``)."""
        if None in self.hidden.get((None, question), frozenset()):
            return frozenset({None})
        if by is None:
            return frozenset()
        nodes = self.hidden.get((ORG if org else by, question), frozenset())
        return frozenset(n for n in nodes if n is None or n in hierarchy.parent)

    def __bool__(self) -> bool:
        return any(self.hidden.values())


NO_DECISIONS = Decisions()
