"""Secondary suppression driven by the LP audit (lipkit.privacy.secure, issue 12)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from studies.audit_random import study_and_frame

from lipkit.privacy.audit import audit
from lipkit.privacy.secure import secure


@pytest.mark.xfail(
    strict=True,
    reason="open (issue 12, item 2): a 1-person survey (k = 3, whole survey hidden). Found "
    "and fixed in the audit: an unbounded LP was read as 'pinned at the true value'. Left: "
    "whole-survey n_skipped of dezernat and standort are pinned at 0 by what is published "
    "for the empty groups, and withholding the question (the loop's last step) does not "
    "remove what pins them",
)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=study_and_frame())
def test_the_audit_finds_nothing_on_generated_studies(case):
    study, frame = case
    secured = secure(study, frame)
    assert secured.audit.leaks == [], [leak.text() for leak in secured.audit.leaks]
    # the decisions are what every output applies: auditing them afresh finds nothing
    assert audit(study, frame, decisions=secured.decisions).leaks == []
