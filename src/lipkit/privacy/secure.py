"""Secondary suppression driven by the LP audit: make the suppression itself sound (issue 12).

The primary pattern (:mod:`lipkit.privacy.pattern`) hides small groups and re-establishes the
complementary rule along each hierarchy. That rule looks at one table at a time; across all
outputs together a hidden cell can still be pinned down (a published parent whose count of an
option is 0 pins that option at 0 in every hidden child; a small "k. A." group of a
single-choice breakdown is recovered through the published ``n_no_answer`` of the other
breakdown). As sdcTable and τ-ARGUS do for linked tables, :func:`secure` therefore audits
the pattern (:func:`lipkit.privacy.audit.audit`) and adds complementary suppressions until
no hidden cell is pinned down and no hidden group is provably unanimous:

- a leak in a group that is still published for that question (a cell hidden inside it):
  hide the group for the question; for the respondents without a group, give the question
  no breakdown (its root hidden in that breakdown; the whole survey still publishes it);
- else hide the published sibling (same parent) with the fewest respondents (> 0; ties in
  hierarchy order); with none left, hide the parent (an org unit one level up, in every org
  breakdown); at the root, withhold the question;
- a leak in the crosstab of two single-choice questions is also acted on from the other side
  (group ``c`` of breakdown ``Q``, question ``B``), which publishes the same cell.

Every step only adds hidden nodes and the audit is deterministic, so the result is the same
on every run; the engine applies it to every base and output (:class:`Decisions`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from lipkit.privacy.audit import AuditResult, Leak, audit
from lipkit.privacy.pattern import NO_DECISIONS, ORG, Decisions
from lipkit.privacy.suppression import MISSING, Hierarchy, Node
from lipkit.study.model import QuestionType, Study


@dataclass
class Secured:
    """The decisions and the audit that passed them (or the leaks left after ``rounds``)."""

    decisions: Decisions
    audit: AuditResult
    rounds: int
    added: list[tuple[str | None, str, Node]] = field(default_factory=list)
    """(breakdown key, question, node) in the order they were added."""


def secure(
    study: Study,
    frame: pl.DataFrame,
    *,
    bys: Sequence[str | None] | None = None,
    questions: Sequence[str] | None = None,
    min_width: float = 0.0,
    max_rounds: int = 50,
) -> Secured:
    """Complementary suppressions until the audit of every output finds nothing."""
    from lipkit.analysis.engine import _grouping, _is_org
    from lipkit.privacy.audit import EngineOutput, _breakdowns

    bys = _breakdowns(study) if bys is None else list(bys)
    if None not in bys:
        bys = [None, *bys]
    groupings = {by: _grouping(study, frame, by) for by in bys}
    node_sizes = _node_sizes(study, frame, bys, groupings)
    hidden: dict[tuple[str | None, str], set[Node]] = {}
    decisions = NO_DECISIONS
    added: list[tuple[str | None, str, Node]] = []
    engine = EngineOutput(study, frame, bys, questions)
    result = audit(study, frame, bys=bys, questions=questions, min_width=min_width, engine=engine)
    rounds = 0
    while result.leaks and rounds < max_rounds:
        rounds += 1
        analyses = engine.published(decisions)
        grew = False
        for leak in result.leaks:
            for by, question, group, own in _targets(study, leak, bys, analyses):
                action = _action(
                    study,
                    by,
                    question,
                    group,
                    groupings[by],
                    node_sizes[by],
                    analyses[by],
                    _is_org(study, by),
                    own,
                )
                if action is None:
                    continue
                key, node = action
                if node in decisions.hidden.get(key, frozenset()):
                    # hidden when the audit ran, and still a leak: withhold the question
                    key, node = (None, question), None
                if node not in hidden.setdefault(key, set()):
                    hidden[key].add(node)
                    added.append((key[0], key[1], node))
                    grew = True
        if not grew:
            break
        decisions = Decisions({key: frozenset(nodes) for key, nodes in hidden.items()})
        result = audit(
            study,
            frame,
            bys=bys,
            questions=questions,
            min_width=min_width,
            decisions=decisions,
            engine=engine,
        )
    return Secured(decisions, result, rounds, added)


def _node_sizes(
    study: Study, frame: pl.DataFrame, bys: Sequence[str | None], groupings: dict[Any, Any]
) -> dict[str | None, dict[Node, int]]:
    """Respondents per hierarchy node of every breakdown."""
    import numpy as np

    from lipkit.analysis.engine import _check_terminals

    result: dict[str | None, dict[Node, int]] = {}
    for by in bys:
        grouping = groupings[by]
        if by is None:
            result[by] = {None: frame.height}
            continue
        terminal = frame.select(grouping.terminal_index.alias("t"))["t"].to_numpy()
        _check_terminals(frame, terminal, by)
        per_terminal = np.bincount(terminal.astype(np.int64), minlength=len(grouping.terminals))
        sizes = grouping.membership() @ per_terminal
        result[by] = dict(zip(grouping.nodes, sizes.tolist(), strict=True))
    return result


def _targets(
    study: Study, leak: Leak, bys: Sequence[str | None], analyses: dict[Any, Any]
) -> list[tuple[str | None, str, str | None, bool]]:
    """(breakdown, question, group, own) to act on for one leak: its own; for the crosstab
    of two single-choice questions the same cell seen from the other side; and for an
    option ``c`` of a single-choice question ``B`` in the whole survey, group ``c`` of the
    breakdown by ``B`` in every question (its size is that count; ``own``: hide that group
    where it is published, nothing else)."""
    targets = [(leak.breakdown, leak.question, leak.group, False)]
    qn = study.questionnaire
    if (
        leak.group is None
        and leak.question in bys
        and not leak.cell.startswith("n_")
        and leak.cell != "_out"
    ):
        names = analyses[leak.question].questions["question"].unique(maintain_order=True)
        targets += [(leak.question, name, leak.cell, True) for name in names]
    if (
        leak.group == MISSING
        and leak.cell == "n_skipped"
        and leak.breakdown is not None
        and leak.question in bys
        and qn.has_question(leak.breakdown)
    ):
        # those without an answer to either question, seen from the other side
        targets.append((leak.question, leak.breakdown, MISSING, False))
    if (
        leak.breakdown is not None
        and leak.group is not None
        and leak.question in bys
        and qn.has_question(leak.breakdown)
        and qn.question(leak.question).type == QuestionType.SELECT_ONE
        and not leak.cell.startswith("n_")
        and leak.cell != "_out"
    ):
        targets.append((leak.question, leak.breakdown, leak.cell, False))
    return targets


def _action(
    study: Study,
    by: str | None,
    question: str,
    group: str | None,
    grouping: Any,
    sizes: dict[Node, int],
    analysis: Any,
    org: bool,
    own: bool = False,
) -> tuple[tuple[str | None, str], Node] | None:
    """The one node to hide next for a leak at ``group`` of ``question`` by ``by`` (with
    ``own``: the group itself where it is published, else nothing)."""
    key = (ORG if org else by, question)
    withhold = ((None, question), None)
    if by is None or group is None:
        return withhold
    hierarchy: Hierarchy = grouping.hierarchy
    rows = analysis.questions.filter(pl.col("question") == question)
    suppressed = dict(zip(rows["group"].to_list(), rows["suppressed"].to_list(), strict=True))
    nodes = dict(grouping.emitted)
    if own:
        shown = group in nodes and not suppressed.get(group, True)
        return (key, nodes[group][0]) if shown and nodes[group][0] is not None else None
    if group not in nodes:
        return withhold
    if not suppressed.get(group, True):
        # the respondents without a group at the root: no breakdown of this question
        node = nodes[group][0] if group != MISSING else None
        return key, node
    published = {
        n for label, members in grouping.emitted if not suppressed.get(label, True) for n in members
    }
    node = nodes[group][0]
    if node is None:
        return withhold
    parent = hierarchy.parent[node]
    siblings = sorted(
        (
            child
            for child in hierarchy.children[parent]
            if child in published and sizes.get(child, 0) > 0
        ),
        key=lambda child: (sizes[child], hierarchy.rank[child]),
    )
    if siblings:
        return key, siblings[0]
    if parent is None:
        return withhold
    # the parent (an org unit one level up) is hidden next, in every org breakdown
    return (ORG, question), parent
