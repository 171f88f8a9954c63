"""Open answers under k_text (lipkit.text), on the hand-made survey (studies/hand_made.py).

Notes are written by rows 2-13 of Dezernat I (FB 10: rows 2-9 -> 8 notes; FB 11: rows 10-13
-> 4 notes), rows 16-20 of Dezernat II (FB 20: 5 notes) and row 23 of Dezernat IV (1 note):
18 notes in all. Dezernat sizes by notes: I 12, II 5, III 0, IV 1.
"""

from __future__ import annotations

import polars as pl
import pytest
from studies import with_k
from studies.hand_made import FRAME, STUDY

from lipkit.text import open_answers

WRITERS = [*range(2, 14), *range(16, 21), 23]


def frame_with_notes() -> pl.DataFrame:
    notes = [f"Notiz {row:02d}" if row in WRITERS else None for row in FRAME["_row"]]
    return FRAME.with_columns(pl.Series("notiz", notes, dtype=pl.String))


def groups(result) -> dict:
    return {r["group"]: (r["n"], r["suppressed"]) for r in result.groups.iter_rows(named=True)}


def test_whole_survey_answers_are_sorted_and_carry_no_row_numbers():
    result = open_answers(STUDY, frame_with_notes(), "notiz")
    assert result.k_text == 10  # the study's default
    assert groups(result) == {None: (18, False)}
    texts = result.answers["text"].to_list()
    assert texts == sorted(f"Notiz {row:02d}" for row in WRITERS)
    assert result.answers.columns == ["group", "text"]


def test_groups_below_k_text_and_their_complements_are_hidden():
    result = open_answers(STUDY, frame_with_notes(), "notiz", by="dezernat")
    # k_text = 10: II (5) and IV (1) are below it; hidden together they hold 6 < 10, so
    # Dezernat I (12) must go too, or 18 - 12 would give II and IV together.
    assert groups(result) == {
        None: (18, False),
        "I": (None, True),
        "II": (None, True),
        "III": (0, False),
        "IV": (None, True),
    }
    assert set(result.answers["group"].to_list()) == {None}
    # With k_text = 5, Dezernat I and II are shown, IV (1) is hidden; its complement is
    # needed (1 < 5): the smallest other one with answers, II (5), goes too.
    result = open_answers(with_k(STUDY, 5, k_text=5), frame_with_notes(), "notiz", by="dezernat")
    assert groups(result)["I"] == (12, False)
    assert groups(result)["II"] == (None, True)
    shown = result.answers.filter(pl.col("group") == "I")["text"].to_list()
    assert shown == [f"Notiz {row:02d}" for row in range(2, 14)]


def test_only_text_questions_and_json():
    with pytest.raises(ValueError, match="not a text question"):
        open_answers(STUDY, FRAME, "lead")
    payload = open_answers(STUDY, frame_with_notes(), "notiz", k_text=20).to_dict()
    assert payload["groups"] == [{"group": None, "n": None, "suppressed": True, "answers": []}]
