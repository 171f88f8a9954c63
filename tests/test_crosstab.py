"""Crosstabs on the hand-made survey (studies/hand_made.py lists its 25 rows)."""

from __future__ import annotations

import math

import pytest
from scipy.stats import chi2 as chi2_distribution
from scipy.stats import chi2_contingency
from studies import with_breakdowns, with_k
from studies.hand_made import FRAME, STUDY

from lipkit.analysis import crosstab


def cells(result) -> dict[tuple[str, str], dict]:
    return {(r["row"], r["col"]): r for r in result.table.iter_rows(named=True)}


def test_lead_by_dezernat_by_hand():
    # k = 1 (a study that allows it): nothing is hidden. (With k = 3 the lead breakdown hides
    # row 13's group without a lead answer (1) and, as its complement, "nein".)
    result = crosstab(with_k(STUDY, 1), FRAME, "lead", "dezernat")
    # ja:   I 10 (1-6, 9-11, 14), II 4 (15-18), III 0, IV 2 (22, 23) -> 16
    # nein: I 3 (7, 8, 12),       II 3 (19-21), III 0, IV 2 (24, 25) -> 8
    # row 13 left lead empty: excluded (1 respondent)
    table = cells(result)
    assert [table[("ja", d)]["count"] for d in ("I", "II", "III", "IV")] == [10, 4, 0, 2]
    assert [table[("nein", d)]["count"] for d in ("I", "II", "III", "IV")] == [3, 3, 0, 2]
    assert result.n == 24 and result.n_excluded == 1
    assert table[("ja", "I")]["row_percent"] == pytest.approx(62.5)  # 10 of 16
    assert table[("ja", "I")]["col_percent"] == pytest.approx(100 * 10 / 13)
    assert table[("ja", "III")]["col_percent"] is None  # nobody in Dezernat III
    # Dezernat III (empty) drops out of the test: 2 x 3 with expected counts
    # ja 26/3, 14/3, 8/3 and nein 13/3, 7/3, 4/3; cell by cell
    # 8/39 + 2/21 + 1/6 + 16/39 + 4/21 + 1/3 = 8/13 + 2/7 + 1/2 = 255/182
    assert result.chi2 == pytest.approx(255 / 182, abs=1e-12)
    assert result.dof == 2
    assert result.p_value == pytest.approx(chi2_distribution.sf(255 / 182, 2), abs=1e-12)
    chi2, p, _, _ = chi2_contingency([[10, 4, 2], [3, 3, 2]], correction=False)
    assert result.chi2 == pytest.approx(chi2) and result.p_value == pytest.approx(p)
    assert result.cramers_v == pytest.approx(math.sqrt(255 / 182 / 24), abs=1e-12)
    assert result.min_expected == pytest.approx(4 / 3)
    assert result.warnings == [
        "erwartete Häufigkeit < 5 in 5 von 6 Zellen; χ²-Test nicht belastbar"
    ]
    assert result.suppressed_rows == []
    assert "k. A." in result.notes[0]


def test_small_rows_are_suppressed_before_the_test():
    # zufr agreed as a breakdown (study.yaml `breakdowns`): its options are groups
    result = crosstab(with_breakdowns(with_k(STUDY, 2), "zufr", "lead"), FRAME, "zufr", "dezernat")
    # substantive zufr answers per Dezernat (k_a rows 6, 18 and the empty row 11 excluded):
    # voll I 3, II 1, IV 1 (5); eher I 2, II 1, IV 1 (4); teils I 1, II 1 (2); wenig 1;
    # gar_nicht 1. The zufr breakdown hides wenig and gar_nicht (k = 2; together 2 >= 2,
    # no complement needed) in every Dezernat. Both are in Dezernat I, so they would be
    # shown to be in no other Dezernat: teils (II 1) and eher (IV 1) are hidden too, the
    # smallest groups that bring II and IV in (the spread rule, read from the breakdown by
    # zufr, where the question is the Dezernat).
    assert result.suppressed_rows == ["eher", "teils", "wenig", "gar_nicht"]
    table = cells(result)
    assert table[("wenig", "I")]["count"] is None and table[("wenig", "I")]["suppressed"]
    assert table[("voll", "I")]["col_total"] == 3  # published rows only: voll 3
    # one row left: the test runs on published cells only, so there is none
    assert result.n == 5
    assert math.isnan(result.chi2)
    assert result.warnings == ["zu wenige besetzte Zeilen oder Spalten; kein χ²-Test möglich"]
    assert result.n_excluded == 3


def test_two_questions_that_are_no_breakdowns_are_refused():
    """lead is the study's agreed breakdown: lead x zufr is allowed; without it the crosstab
    of the two would be a breakdown nobody agreed on and protected."""
    allowed = crosstab(with_k(STUDY, 2), FRAME, "zufr", "lead")
    # zufr is asked only where lead = ja: nobody of the nein group saw it, so nein is
    # hidden for zufr, and ja with it (the whole survey less nein would give ja)
    assert allowed.suppressed_cols == ["ja", "nein"] and allowed.n == 0
    with pytest.raises(ValueError, match="one side must be an org level or an agreed"):
        crosstab(with_breakdowns(STUDY), FRAME, "zufr", "lead")


def test_columns_that_are_units_are_protected_along_the_org_tree():
    result = crosstab(STUDY, FRAME, "lead", "dezernat")
    # with k = 5, Dezernat IV (4) is hidden, and II (7) with it, or 24 - 13 - 0 gives IV;
    # II and IV hold none of the one skipped lead answer (row 13, Dezernat I), so I is
    # hidden too, or they would be shown to have none (the spread rule)
    assert result.suppressed_cols == ["I", "II", "IV"]
    table = cells(result)
    for row in ("ja", "nein"):
        for dez in ("I", "II", "IV"):
            cell = table[(row, dez)]
            assert cell["count"] is None and cell["col_total"] is None and cell["suppressed"]
    # only the empty Dezernat III remains: no test
    assert result.n == 0
    assert math.isnan(result.chi2)
    assert "Spalten mit n < 5" in result.notes[-1]


def test_complementary_row_suppression_leaves_no_test():
    result = crosstab(STUDY, FRAME, "lead", "dezernat", k=9)
    # nein (8) and the respondent without a lead answer (1) are below k = 9; together they
    # hold 9, so the ja group (16) stays; Dezernat columns II, III, IV are hidden; and
    # `analyze -q lead --by dezernat` hides ja inside Dezernat I (nein, a small option of
    # lead, would follow from it): every cell of ja is hidden, so is the row
    assert result.suppressed_rows == ["ja", "nein"]
    assert math.isnan(result.chi2)
    assert result.warnings == ["zu wenige besetzte Zeilen oder Spalten; kein χ²-Test möglich"]
    assert result.to_dict()["chi2"] is None


def test_crosstab_rejects_non_single_choice():
    with pytest.raises(ValueError, match="select_one"):
        crosstab(STUDY, FRAME, "mass", "lead")
