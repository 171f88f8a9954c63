"""The attacker against what lipkit really publishes: whole survey, by Dezernat, by Fachbereich.

For random data on the hand-made survey (studies/hand_made.py), everything the three calls
publish for one quantity (a question's n, or the count of one option) is put together, node by
node of the org tree, and the attacker (lipkit.privacy.attack) tries to derive every hidden value
by subtraction across the levels. No hidden value may be derivable.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from studies import with_k
from studies.hand_made import AGREE, MEASURES, STUDY, random_frame

from lipkit.analysis import analyze_many
from lipkit.privacy import Hierarchy, derivable

LEVELS = [None, "dezernat", "fachbereich"]
QUESTIONS = ["dezernat", "fachbereich", "lead", "zufr", "mass"]
HIERARCHY = Hierarchy.from_org_tree(STUDY.org, "fachbereich")

# Every respondent names a unit: the missing-unit groups stay empty (known zeros).
ROW = st.tuples(
    st.sampled_from(["10", "11", "20", "30", "40"]),
    st.sampled_from([None, "ja", "nein"]),
    st.sampled_from([None, *AGREE]),
    st.one_of(st.none(), st.frozensets(st.sampled_from(MEASURES))),
)


def node(level: str | None, group: str | None) -> str | None:
    return None if group is None else Hierarchy.key(level, group)


def published_quantities(analyses) -> dict[tuple, dict]:
    """(question, option or "n") -> {node: value or None when hidden}."""
    quantities: dict[tuple, dict] = {}
    for level, analysis in zip(LEVELS, analyses, strict=True):
        for row in analysis.questions.iter_rows(named=True):
            at = node(level, row["group"])
            value = None if row["suppressed"] else row["n_answered"] + row["n_no_answer"]
            quantities.setdefault((row["question"], "n"), {})[at] = value
        for row in analysis.results.iter_rows(named=True):
            at = node(level, row["group"])
            value = None if row["suppressed"] else row["count"]
            quantities.setdefault((row["question"], row["option"]), {})[at] = value
    return quantities


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(ROW, min_size=1, max_size=60), k=st.sampled_from([3, 5]))
def test_no_hidden_count_follows_from_what_the_three_calls_publish(rows, k):
    frame = random_frame(rows)
    analyses = analyze_many(with_k(STUDY, k), frame, bys=LEVELS, questions=QUESTIONS)
    for quantity, published in published_quantities(analyses).items():
        hidden = {n for n, value in published.items() if value is None}
        if not hidden:
            continue
        assert derivable(published, HIERARCHY) == set(), quantity


def test_a_known_leak_would_be_found():
    # Guard against a vacuous test: publish Dezernat I and one of its two Fachbereiche.
    published = {None: 25, "dezernat:I": 14, "fachbereich:10": 8, "fachbereich:11": None}
    published |= {"dezernat:II": 7, "fachbereich:20": 7, "dezernat:III": 0, "dezernat:IV": 4}
    published |= {"fachbereich:30": 0, "fachbereich:40": 4}
    assert derivable(published, HIERARCHY) == {"fachbereich:11"}
