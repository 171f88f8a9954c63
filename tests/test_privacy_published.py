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
    assert (rows[None]["n"], rows[None]["suppressed"]) == (6, False)
    # without the decisions: n = 3, the whole survey's hidden k. A. count
    assert (rows["k_a"]["n"], rows["k_a"]["suppressed"], rows["k_a"]["complement"]) == (
        None,
        True,
        True,
    )
    assert (rows["nein"]["n"], rows["nein"]["suppressed"]) == (0, False)
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
    assert results.question_row("dezernat", GroupRef("zufrieden", "nein"))["n"] == 0


def test_crosstab_and_answers_publish_through_the_decisions(tmp_path):
    # The attack study (studies/attack.py): the audit pins hidden cells of zufrieden, and
    # secure withholds the question. Before, the crosstab published F7 (ja 4, nein 1) and
    # F8 (ja 5, nein 3).
    folder = tmp_path / "studie"
    folder.mkdir()
    save_study(STUDY, folder)
    FRAME.drop("_row").write_csv(folder / "responses.csv")
    assert (None, "zufrieden", None) in secure(STUDY, FRAME).added
    runner = CliRunner()
    crosstab = ["crosstab", str(folder), "--rows", "fachbereich", "--cols", "zufrieden"]
    result = runner.invoke(app, [*crosstab, "--format", "json"])
    assert result.exit_code == 0, result.output
    table = json.loads(result.stdout)
    assert table["suppressed_rows"] == ["F1", "F6", "F7", "F8"]
    assert [cell["count"] for cell in table["table"]] == [None] * 8
    # secure withholds the site question (the whole survey): its respondents without a site
    # are then listed, else their absence would say there are none (before: not listed)
    assert (None, "standort", None) in secure(STUDY, FRAME).added
    answers = runner.invoke(
        app, ["answers", str(folder), "-q", "notiz", "--by", "standort", "--format", "json"]
    )
    assert answers.exit_code == 0, answers.output
    groups = [(g["group"], g["n"], g["suppressed"]) for g in json.loads(answers.stdout)["groups"]]
    assert groups == [
        (None, 21, False),
        ("S1", None, True),
        ("S6", None, True),
        ("S7", None, True),
        ("S8", None, True),
        ("_missing", 0, False),
    ]
