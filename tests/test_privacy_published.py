"""Every output publishes through the decisions of lipkit.privacy.secure (issue 12).

The first study (studies/audit_random.py, k = 3): six people, all in F4 (Dezernat D2); two
answered "ja", three "k. A.", one nothing. The whole survey's ``zufrieden`` is hidden (the
two "ja" are fewer than 3), yet the breakdown by ``zufrieden`` published its group "k. A."
with n = 3: that is the whole survey's hidden k. A. count. ``secure`` withholds
``zufrieden`` and hides the group "k. A." in every question. The second is the attack study
(studies/attack.py). Each test states what was published before.
"""

from __future__ import annotations

import json
from pathlib import Path

from studies.attack import FRAME, STUDY
from studies.audit_random import make_frame, make_study
from typer.testing import CliRunner

from lipkit.cli import app
from lipkit.privacy.secure import secure
from lipkit.study.folder import save_study


def _k_a_study(tmp_path: Path) -> Path:
    six = [
        *[(None, "ja", None, None)] * 2,
        *[(None, "k_a", None, None)] * 3,
        (None, None, None, None),
    ]
    folder = tmp_path / "studie"
    folder.mkdir()
    save_study(make_study(3), folder)
    make_frame({"F4": six}).drop("_row").write_csv(folder / "responses.csv")
    return folder


def test_secure_hides_the_k_a_group_that_gives_the_whole_survey_away():
    study = make_study(3)
    frame = make_frame(
        {
            "F4": [
                *[(None, "ja", None, None)] * 2,
                *[(None, "k_a", None, None)] * 3,
                (None, None, None, None),
            ]
        }
    )
    added = secure(study, frame).added
    assert (None, "zufrieden", None) in added
    assert ("zufrieden", "dezernat", "k_a") in added


def test_analyze_audit_and_the_report_publish_through_the_decisions(tmp_path):
    folder = _k_a_study(tmp_path)
    runner = CliRunner()
    result = runner.invoke(
        app, ["analyze", str(folder), "-q", "dezernat", "--by", "zufrieden", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    rows = {row["group"]: row for row in json.loads(result.stdout)["questions"]}
    # without the decisions: n = 3, the whole survey's hidden k. A. count
    assert (rows["k_a"]["n"], rows["k_a"]["n_group"], rows["k_a"]["suppressed"]) == (
        None,
        None,
        True,
    )
    [kept] = (folder / ".lipkit-cache" / "privacy").iterdir()
    assert kept.suffix == ".json"
    # the audit of what is published (before: "zufrieden [Gesamt / Gesamt] k_a: nur der
    # Wert 3 ist möglich")
    audited = runner.invoke(app, ["audit", str(folder)])
    assert audited.exit_code == 0, audited.output
    assert audited.output.endswith("keine ungeschützte Zelle\n")

    from lipkit.cli.session import load_inputs
    from lipkit.report.numbers import GroupRef, Results

    inputs = load_inputs(folder, None)
    results = Results(inputs.study, inputs.frame)
    row = results.question_row("dezernat", GroupRef("zufrieden", "k_a"))
    assert (row["n"], row["suppressed"]) == (None, True)


def test_the_crosstab_publishes_through_the_decisions(tmp_path):
    # The attack study (studies/attack.py, k = 5): one site per Fachbereich, S1 (F1, 1
    # person) and S6 (F6, 6) hidden. Without the decisions the crosstab of the sites with the
    # Dezernate publishes S7 (D1 7, D2 0): with D1's 14 published, S1 and S6 hold D1's
    # other 7, all of them in D1. secure hides S7 for the Dezernat question.
    folder = tmp_path / "studie"
    folder.mkdir()
    save_study(STUDY, folder)
    FRAME.drop("_row").write_csv(folder / "responses.csv")
    assert ("standort", "dezernat", "S7") in secure(STUDY, FRAME).added
    crosstab = ["crosstab", str(folder), "--rows", "standort", "--cols", "dezernat"]
    result = CliRunner().invoke(app, [*crosstab, "--format", "json"])
    assert result.exit_code == 0, result.output
    table = json.loads(result.stdout)
    assert table["suppressed_rows"] == ["S1", "S6", "S7", "S8"]
    assert [cell["count"] for cell in table["table"]] == [None] * 8


def test_a_k_above_k_text_is_a_floor_for_open_text_too():
    # k = 12 with the default k_text = 10: the audit counted open answers with k = 10, which
    # the engine refuses below the study's k (secure, and with it `lipkit plan status`,
    # stopped with "Mindestgruppengröße 10 liegt unter k = 12").
    from lipkit.text import open_answers

    study = make_study(12)
    frame = make_frame({"F1": [(None, "ja", None, "etwas")] * 11})
    assert secure(study, frame).audit.leaks == []
    answers = open_answers(study, frame, "notiz")
    assert answers.k_text == 12
    assert answers.groups.rows() == [(None, None, True)]
