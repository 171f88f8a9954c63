"""Issue 12: one suppression pattern per breakdown, across every base, command and output.

The study (studies/attack.py): D1 = F1 (1 person, "nein"), F6 (6: ja 3, nein 3), F7 (7: ja 4,
nein 1, k. A. 2); D2 = F8 (8); a "Standort" question with one site per Fachbereich; k = 5.
Before the fix, base ``answered`` hid F1 + F6, base ``valid`` and the crosstab hid F1 + F7,
so F1 = D1 − F6 − F7 gave the one person's answer away.
"""

from __future__ import annotations

import polars as pl
import pytest
from studies import with_breakdowns
from studies.attack import FRAME, SITES, STUDY

from lipkit.analysis import BASES, analyze, analyze_many, crosstab
from lipkit.privacy import Hierarchy, derivable
from lipkit.text import open_answers

HIERARCHY = Hierarchy.from_org_tree(STUDY.org, "fachbereich", with_missing=False)


def hidden_groups(analysis, question: str) -> set[str]:
    rows = analysis.questions.filter(pl.col("question") == question, pl.col("suppressed"))
    return set(rows["group"].to_list())


@pytest.mark.parametrize("by", ["fachbereich", "standort"])
def test_every_base_hides_the_same_groups(by):
    # F1 (1) is small and F6 (6) its complement; together they gave no "k. A.", which D1
    # (published) gave twice: F7 is hidden too, or "nobody in F1 said k. A." would follow
    expected = {"fachbereich": {"F1", "F6", "F7"}, "standort": {"S1", "S6", "S7"}}[by]
    for base in BASES:
        analysis = analyze(STUDY, FRAME, questions=["zufrieden"], by=by, base=base)
        assert hidden_groups(analysis, "zufrieden") == expected, base


def test_the_attack_of_the_issue_finds_nothing():
    # Everything analyze publishes on every base, by Dezernat, Fachbereich and Standort (the
    # attacker knows each site belongs to one Fachbereich), plus the crosstab.
    site_unit = {site: unit for unit, site in SITES.items()}
    published: dict[str, dict] = {}
    for base in BASES:
        for by, analysis in zip(
            [None, "dezernat", "fachbereich", "standort"],
            analyze_many(
                STUDY,
                FRAME,
                bys=[None, "dezernat", "fachbereich", "standort"],
                questions=["zufrieden"],
                base=base,
            ),
            strict=True,
        ):
            for row in analysis.results.iter_rows(named=True):
                group = row["group"]
                if group == "_missing":
                    continue
                level = "dezernat" if by == "dezernat" else "fachbereich"
                unit = site_unit.get(group, group) if by == "standort" else group
                node = None if group is None else Hierarchy.key(level, unit)
                known = published.setdefault(row["option"], {})
                if not row["suppressed"]:
                    known[node] = row["count"]
                else:
                    known.setdefault(node, None)
    table = crosstab(STUDY, FRAME, "fachbereich", "zufrieden").table
    for row in table.iter_rows(named=True):
        node = Hierarchy.key("fachbereich", row["row"])
        if not row["suppressed"]:
            published[row["col"]][node] = row["count"]
    for option, known in published.items():
        assert derivable(known, HIERARCHY) == set(), option
    assert published["nein"][Hierarchy.key("fachbereich", "F1")] is None


def test_crosstab_rows_follow_the_breakdown_pattern():
    result = crosstab(STUDY, FRAME, "fachbereich", "zufrieden")
    assert result.suppressed_rows == ["F1", "F6", "F7"]


def test_crosstab_columns_that_are_not_units_are_protected():
    result = crosstab(STUDY, FRAME, "zufrieden", "standort")
    assert result.suppressed_cols == ["S1", "S6", "S7"]
    shown = result.table.filter(pl.col("col") == "S1")
    assert shown["count"].to_list() == [None, None]


def test_open_question_rows_hide_the_size_of_hidden_units():
    analysis = analyze(STUDY, FRAME, questions=["notiz"], by="fachbereich")
    rows = {r["group"]: r for r in analysis.questions.iter_rows(named=True)}
    # F1 wrote nothing (base 0), but it is hidden in the breakdown: no count of it shows.
    assert rows["F1"]["suppressed"]
    assert [rows["F1"][c] for c in ("n_answered", "n_no_answer", "n_skipped", "n_not_shown")] == [
        None
    ] * 4
    assert rows["F6"]["suppressed"]
    assert rows["F7"]["n_answered"] == 7


def test_open_answers_hide_the_size_of_hidden_units():
    result = open_answers(STUDY, FRAME, "notiz", by="fachbereich", k_text=10)
    rows = {r["group"]: r for r in result.groups.iter_rows(named=True)}
    assert rows["F1"]["n"] is None


def test_complement_is_marked_apart_from_small_groups():
    analysis = analyze(STUDY, FRAME, questions=["zufrieden"], by="fachbereich")
    rows = {r["group"]: r for r in analysis.questions.iter_rows(named=True)}
    assert rows["F1"]["complement"] is False
    assert rows["F6"]["complement"] is True
    assert rows["F7"]["complement"] is True  # hidden for the spread of "k. A.", not small
    assert rows["F8"]["complement"] is False and rows["F8"]["suppressed"] is False


@pytest.mark.parametrize("call", ["analyze", "crosstab", "answers"])
def test_min_group_below_the_study_k_is_refused(call):
    with pytest.raises(ValueError, match="Mindestgruppengröße 1 liegt unter k = "):
        if call == "analyze":
            analyze(STUDY, FRAME, by="fachbereich", k=1)
        elif call == "crosstab":
            crosstab(STUDY, FRAME, "fachbereich", "zufrieden", k=1)
        else:
            open_answers(STUDY, FRAME, "notiz", k_text=1)


def test_min_group_above_the_study_k_is_fine():
    analysis = analyze(STUDY, FRAME, questions=["zufrieden"], by="fachbereich", k=8)
    assert hidden_groups(analysis, "zufrieden") == {"F1", "F6", "F7"}


def test_cli_refuses_min_group_below_k_and_audits(tmp_path):
    from typer.testing import CliRunner

    from lipkit.cli import app
    from lipkit.study.folder import save_study

    folder = tmp_path / "studie"
    folder.mkdir()
    save_study(STUDY, folder)
    FRAME.drop("_row").write_csv(tmp_path / "antworten.csv")
    data = str(tmp_path / "antworten.csv")
    runner = CliRunner()
    refused = runner.invoke(app, ["analyze", str(folder), data, "--by", "fachbereich",
                                  "--min-group", "1"])  # fmt: skip
    assert refused.exit_code == 2
    assert "Mindestgruppengröße 1 liegt unter k = 5" in refused.output
    in_english = runner.invoke(app, ["analyze", str(folder), data, "--by", "fachbereich",
                                     "--min-group", "1", "--lang", "en"])  # fmt: skip
    assert in_english.exit_code == 2
    assert "minimum group size 1 is below the study's k = 5" in in_english.output
    audited = runner.invoke(app, ["audit", str(folder), data])
    assert audited.output.startswith("geprüft: ")
    # What is published goes through secure's decisions: the audit of it finds nothing.
    assert audited.output.endswith("keine ungeschützte Zelle\n")
    assert audited.exit_code == 0
    audited_en = runner.invoke(app, ["audit", str(folder), data, "--lang", "en"])
    assert audited_en.exit_code == 0
    # The primary pattern alone leaks (the guard that the audit still finds it): the sites
    # S1 and S6 are hidden inside D2, which publishes S8 8 of its 8: pinned at 0 there.
    from lipkit.privacy.audit import audit

    leaks = audit(STUDY, FRAME).leaks
    assert "standort [dezernat / D2] S6: nur der Wert 0 ist möglich (Spanne 0–0)" in [
        leak.text() for leak in leaks
    ]
    assert "standort [dezernat / D2] S6: only the value 0 is possible (range 0–0)" in [
        leak.text("en") for leak in leaks
    ]


def test_table_labels_a_complement_apart_from_a_small_group():
    from lipkit.cli.tables import analysis_table

    analysis = analyze(STUDY, FRAME, questions=["zufrieden"], by="fachbereich")
    text = analysis_table(analysis, STUDY)
    n_line = next(line for line in text.splitlines() if line.strip().startswith("n "))
    # F1 (1 person) is small, F6 (6) hidden only as its complement
    assert n_line.split()[1:] == [
        "22", "n", "<", "5", "nicht", "ausgewiesen", "nicht", "ausgewiesen", "8"
    ]  # fmt: skip


def test_dashboard_unit_counts_mark_the_complement():
    from lipkit.privacy.decide import published_decisions
    from lipkit.privacy.pattern import NO_DECISIONS, ORG, Decisions
    from lipkit.study.model import Capability
    from lipkit.survey.selectors import unit_counts

    # the primary pattern alone (the labels)
    counts = unit_counts(STUDY, FRAME, NO_DECISIONS)
    units = {(u.depth, u.code): u for u in counts if u.kind == "unit"}
    f1, f6, f7 = units[(1, "F1")], units[(1, "F6")], units[(1, "F7")]
    assert (f1.n, f1.complement) == (None, False)  # "n < 5"
    assert (f6.n, f6.complement) == (None, True)  # "nicht ausgewiesen"
    assert (f7.n, f7.complement) == (7, False)
    # decisions that hide F7 (7 people) in one question leave its size to the others
    one = Decisions({(ORG, "dezernat"): frozenset({"fachbereich:F7"})})
    sizes = {(u.depth, u.code): u.n for u in unit_counts(STUDY, FRAME, one) if u.kind == "unit"}
    assert (sizes[(1, "F7")], sizes[(1, "F8")]) == (7, 8)
    # hidden in every question, F7 is hidden as a complement; D1 = 14 is still published,
    # its three Fachbereiche hidden
    names = [q.name for q in STUDY.questionnaire.questions() if q.type.can(Capability.REPORTED)]
    forced = Decisions({(ORG, name): frozenset({"fachbereich:F7"}) for name in names})
    counts = unit_counts(STUDY, FRAME, forced)
    assert {(u.depth, u.code): (u.n, u.complement) for u in counts if u.kind == "unit"} == {
        (0, "D1"): (14, False),
        (1, "F1"): (None, False),
        (1, "F6"): (None, True),
        (1, "F7"): (None, True),
        (0, "D2"): (8, False),
        (1, "F8"): (8, False),
    }
    # by default the dashboard's units go through the published decisions
    assert unit_counts(STUDY, FRAME) == unit_counts(STUDY, FRAME, published_decisions(STUDY, FRAME))


def test_a_question_that_follows_the_units_is_no_breakdown_unless_agreed(tmp_path):
    """The issue's second way in: `--by standort` (one site per Fachbereich) published S6 and
    S7, and D1 - S6 - S7 gave F1's one answer. A study that has not agreed standort as a
    breakdown refuses it, in the CLI with exit code 2 and a message that says how to agree it."""
    from typer.testing import CliRunner

    from lipkit.cli import app
    from lipkit.study.folder import save_study

    runner = CliRunner()
    study = with_breakdowns(STUDY)
    with pytest.raises(ValueError, match="may not be broken down by this question"):
        analyze(study, FRAME, questions=["zufrieden"], by="standort")
    folder = tmp_path / "study"
    save_study(study, folder)
    data = str(tmp_path / "responses.csv")
    FRAME.drop("_row").write_csv(data)
    refused = runner.invoke(
        app, ["analyze", str(folder), data, "-q", "zufrieden", "--by", "standort"]
    )
    assert refused.exit_code == 2, refused.output
    assert (
        "nach dieser Frage darf nicht aufgeschlüsselt werden; erlaubt sind dezernat, fachbereich"
        in refused.output
    )
    assert "study.yaml unter 'breakdowns'" in refused.output


def test_spread_rule_hides_a_sibling_that_brings_a_missing_category():
    from lipkit.privacy.pattern import spread_pattern

    tree = Hierarchy.flat(["A", "B", "C", "D"])
    # columns: option x, option y; A x 2, B x 3, C x 1 + y 4, D y 6; the root x 6, y 10
    cells = {None: [6, 10], "A": [2, 0], "B": [3, 0], "C": [1, 4], "D": [0, 6], "_missing": [0, 0]}
    sizes = {None: 16, "A": 2, "B": 3, "C": 5, "D": 6, "_missing": 0}
    # A hidden alone has no "y" while the root has 10: the smallest sibling with a "y" is C
    # (B has none)
    assert spread_pattern(cells, sizes, tree, {"A"}, options=(0, 1)) == {"A", "C"}
    # A and B together: 5 "x" of 5 and no "y": C again mends both
    assert spread_pattern(cells, sizes, tree, {"A", "B"}, options=(0, 1)) == {"A", "B", "C"}
    # nothing hidden, or the root hidden: nothing to spread
    assert spread_pattern(cells, sizes, tree, set(), options=(0, 1)) == set()
    assert spread_pattern(cells, sizes, tree, {None}, options=(0, 1)) == {None}


def test_spread_rule_hides_a_sibling_where_the_hidden_answered_unanimously():
    from lipkit.privacy.pattern import spread_pattern

    tree = Hierarchy.flat(["A", "B", "C"])
    # a multiple response (ticks, not a partition): A ticked x 2 of 2 and y 2; B x 3 of 3
    # and y 1; C x 2 of 5 and y 5. A and B together: every one of the 5 ticked x, while
    # the root did not (7 of 10): C, the one sibling not unanimous in x, is hidden too
    cells = {None: [7, 8], "A": [2, 2], "B": [3, 1], "C": [2, 5], "_missing": [0, 0]}
    sizes = {None: 10, "A": 2, "B": 3, "C": 5, "_missing": 0}
    assert spread_pattern(cells, sizes, tree, {"A", "B"}, options=(0, 1)) == {"A", "B", "C"}
    # as columns that are no options (answer states), unanimity is not asked
    assert spread_pattern(cells, sizes, tree, {"A", "B"}, options=()) == {"A", "B"}
