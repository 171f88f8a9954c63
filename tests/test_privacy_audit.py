"""The LP audit (lipkit.privacy.audit) over everything the engine publishes for a study."""

from __future__ import annotations

from studies.attack import FRAME, STUDY

from lipkit.privacy.audit import audit


def test_audit_catches_the_cross_breakdown_leak_of_the_attack_study():
    # analyze --by zufrieden -q standort publishes, inside the group "nein", the option S1
    # (1), and the whole survey publishes S1 = 1: so S1's one person said "nein". The
    # pattern per breakdown does not cover this (a question's options inside another
    # breakdown's groups); the audit must see it.
    result = audit(STUDY, FRAME)
    unanimous = {
        (leak.breakdown, leak.group, leak.question, leak.cell)
        for leak in result.leaks
        if leak.reason == "unanimous"
    }
    assert ("standort", "S1", "zufrieden", "nein") in unanimous
    assert result.cells > 0 and result.outputs > 0 and result.published > 0
    assert not result.ok
