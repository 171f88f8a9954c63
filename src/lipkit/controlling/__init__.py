"""Controlling: the integration plan as data — fields of action, strategic goals, goals,
measures, indicators (monitoring and controlling) with baselines, targets and actual values —
and where each stands.

``read_plan`` / ``write_plan`` (``files``) read and write the study's ``plan/`` folder;
``resolve_values`` (``sources``) adds the values computed from the survey, imports and ratios;
``plan_status`` (``status``) applies the status rule; ``check_plan`` (``check``) lists what
the plan lacks to be steered. The format is in ``docs/formats.md``, the rule in
``docs/controlling.md``.
"""

from __future__ import annotations

from lipkit.controlling.check import Finding, check_plan
from lipkit.controlling.files import PLAN_DIR, PlanError, PlanIssue, read_plan, write_plan
from lipkit.controlling.model import Plan
from lipkit.controlling.sources import resolve_values
from lipkit.controlling.status import PlanStatus, Status, plan_status

__all__ = [
    "PLAN_DIR",
    "Finding",
    "Plan",
    "PlanError",
    "PlanIssue",
    "PlanStatus",
    "Status",
    "check_plan",
    "plan_status",
    "read_plan",
    "resolve_values",
    "write_plan",
]
