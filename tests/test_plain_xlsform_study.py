"""A study as a city would bring it: the plain XLSForm and Kobo CSV of
``studies/plain_xlsform.py`` (no lipkit columns). lipkit infers the k. A. code, the scale's
polarity, the exclusive option and the org levels (``lipkit.study.conventions``); every number
below is counted by hand from the 18 rows listed there, and read through ``lipkit analyze`` as
documented.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from formtable import xlsform
from studies.plain_xlsform import FORM, ROWS, kobo_csv
from typer.testing import CliRunner

from lipkit.cli import app

runner = CliRunner()


@pytest.fixture
def study(tmp_path: Path) -> tuple[Path, Path]:
    form = xlsform(tmp_path, FORM)
    data = tmp_path / "export.csv"
    data.write_text(kobo_csv(ROWS), encoding="utf-8")
    return form, data


def analyze_json(form: Path, data: Path, *args: str) -> dict:
    result = runner.invoke(app, ["analyze", str(form), str(data), "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def rows_of(payload: dict, question: str, group: str | None = None) -> tuple[dict, dict]:
    (summary,) = [
        q for q in payload["questions"] if q["question"] == question and q["group"] == group
    ]
    options = {
        r["option"]: r
        for r in payload["results"]
        if r["question"] == question and r["group"] == group
    }
    return summary, options


def states(summary: dict) -> tuple[int, int, int, int]:
    return (
        summary["n_answered"],
        summary["n_no_answer"],
        summary["n_skipped"],
        summary["n_not_shown"],
    )


def test_validate_accepts_the_clean_export(study):
    form, data = study
    result = runner.invoke(app, ["validate", str(form), str(data)])
    assert result.exit_code == 0, result.output
    assert "18 Zeilen, 0 Fehler" in result.output


def test_filter_question_and_filtered_scale_with_k_a(study):
    payload = analyze_json(*study)
    kontakt, options = rows_of(payload, "kontakt")
    # ja: rows 2-5, 7-9, 11-13, 15, 16, 18 = 13; nein: 6, 10, 14, 19 = 4; row 17 empty
    assert states(kontakt) == (17, 0, 1, 0)
    assert (options["ja"]["count"], options["ja"]["base"]) == (13, 17)
    assert options["ja"]["percent"] == pytest.approx(100 * 13 / 17)

    zufr, options = rows_of(payload, "zufriedenheit")
    # shown where kontakt = ja (13 rows); row 7 left it empty; k_a once (row 5)
    assert states(zufr) == (11, 1, 1, 5)
    counts = {o: r["count"] for o, r in options.items()}
    assert counts == {"voll": 4, "eher": 3, "teils": 1, "eher_nicht": 2, "gar_nicht": 1, "k_a": 1}
    assert {r["base"] for r in options.values()} == {12}  # k. A. is in the base
    # "trifft voll zu" is the positive end: top-2 = voll + eher = 7 of 12
    assert zufr["top2"] == pytest.approx(100 * 7 / 12)
    assert zufr["bottom2"] == pytest.approx(100 * 3 / 12)
    # mean and sample SD of 5,5,5,5,4,4,4,3,2,2,1 (k. A. is no scale point)
    assert zufr["mean"] == pytest.approx(40 / 11)
    assert zufr["sd"] == pytest.approx(math.sqrt((166 - 40**2 / 11) / 10))
    low, high = options["voll"]["ci_low"], options["voll"]["ci_high"]
    assert low < 100 * 4 / 12 < high


def test_multiple_response_base_is_who_answered(study):
    payload = analyze_json(*study)
    summary, options = rows_of(payload, "massnahmen")
    # answered: every row but 7 and 14 = 16, the exclusive "keine" included
    assert states(summary) == (16, 0, 2, 0)
    counts = {o: (r["count"], r["base"]) for o, r in options.items()}
    assert counts == {"schulung": (7, 16), "dolmetsch": (4, 16), "material": (4, 16),
                      "keine": (5, 16)}  # fmt: skip
    assert sum(r["percent"] for r in options.values()) == pytest.approx(125.0)


def test_breakdowns_by_org_levels_with_suppression(study):
    form, data = study
    by_dez = analyze_json(form, data, "-q", "kontakt", "--by", "dezernat")
    d1, d1_options = rows_of(by_dez, "kontakt", "D1")
    d2, d2_options = rows_of(by_dez, "kontakt", "D2")
    # kontakt is no agreed breakdown (a plain XLSForm agrees none): its options are answers
    # inside the Dezernate, D1 ja 9 of 11, D2 ja 4 of 6 (row 17 left it empty)
    assert (d1["n_answered"], d1_options["ja"]["count"]) == (11, 9)
    assert (d2["n_answered"], d2_options["ja"]["count"]) == (6, 4)
    assert d2_options["ja"]["percent"] == pytest.approx(100 * 4 / 6)
    assert not d2_options["nein"]["suppressed"]
    # zufriedenheit: Dezernat II has a base of 4 (< 5), and Dezernat I (8) must go with it,
    # or 12 - 8 would give Dezernat II back.
    by_dez = analyze_json(form, data, "-q", "zufriedenheit", "--by", "dezernat")
    for group in ("D1", "D2"):
        summary, options = rows_of(by_dez, "zufriedenheit", group)
        assert summary["suppressed"] and summary["n_answered"] is None
        assert all(r["count"] is None and r["percent"] is None for r in options.values())
    total, _ = rows_of(by_dez, "zufriedenheit")
    assert not total["suppressed"] and total["n_answered"] == 11

    by_fb = analyze_json(form, data, "-q", "kontakt", "--by", "fachbereich")
    f12, f12_options = rows_of(by_fb, "kontakt", "F12")
    assert (f12["n_answered"], f12_options["ja"]["count"]) == (5, 4)  # rows 7-11


def test_group_base_as_in_tabelle_2(study):
    form, data = study
    payload = analyze_json(form, data, "-q", "kontakt", "--by", "dezernat", "--base", "group")
    _, options = rows_of(payload, "kontakt", "D2")
    # base: all 7 respondents of Dezernat II, including row 17 who left kontakt empty
    assert (options["ja"]["count"], options["ja"]["base"]) == (4, 7)
    assert options["ja"]["percent"] == pytest.approx(100 * 4 / 7)
    whole, _ = rows_of(payload, "kontakt")
    assert whole["n_answered"] == 17


def test_exclusive_option_combined_is_an_error_and_rows_can_be_excluded(study, tmp_path):
    form, _ = study
    bad = [*ROWS, ("D2", "F21", "ja", "voll", "keine schulung")]
    data = tmp_path / "bad.csv"
    data.write_text(kobo_csv(bad), encoding="utf-8")
    result = runner.invoke(app, ["validate", str(form), str(data)])
    assert result.exit_code == 1
    assert (
        "Fehler: bad.csv, Zeile 20, Spalte 'massnahmen': Wert 'schulung keine' – erwartet: "
        "'keine' allein: diese Option schließt alle anderen aus"
    ) in result.output
    refused = runner.invoke(app, ["analyze", str(form), str(data)])
    assert refused.exit_code != 0 and "Traceback" not in refused.output
    payload = analyze_json(form, data, "--exclude-rows", "20", "-q", "massnahmen")
    summary, _ = rows_of(payload, "massnahmen")
    assert summary["n_answered"] == 16


def test_table_output_is_german_with_half_up_rounding(study):
    form, data = study
    result = runner.invoke(app, ["analyze", str(form), str(data), "-q", "zufriedenheit"])
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "Die Zusammenarbeit gelingt gut." in text
    assert "trifft voll zu" in text
    # 4/12 = 33.3 % -> 33 %; top-2 7/12 = 58.3 % -> 58 %; mean 3.636 -> 3,64
    assert "33 %" in text and "58 %" in text and "3,64" in text


def test_crosstab_by_hand_with_the_test_and_json(study):

    form, data = study
    result = runner.invoke(
        app, ["crosstab", str(form), str(data), "--rows", "dezernat", "--cols", "kontakt"]
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    # D1: ja 9, nein 2 (11); D2: ja 4, nein 2 (6); row 17 left kontakt empty. Units by code.
    # kontakt is no agreed breakdown: its options are counts inside the Dezernate, as
    # `analyze -q kontakt --by dezernat` shows them
    assert any(line.split() == ["D1", "9", "(82", "%)", "2", "(18", "%)", "11"] for line in lines)
    assert any(line.split() == ["D2", "4", "(67", "%)", "2", "(33", "%)", "6"] for line in lines)
    payload = json.loads(
        runner.invoke(
            app,
            ["crosstab", str(form), str(data), "--rows", "dezernat", "--cols", "kontakt",
             "--format", "json"],
        ).stdout
    )  # fmt: skip
    assert (payload["n_excluded"], payload["suppressed_cols"]) == (1, [])
    assert payload["suppressed_rows"] == []
    # chi-square of [[9, 2], [4, 2]] by hand: (ad - bc)^2 n / (r1 r2 c1 c2) = 100*17/3432
    assert payload["chi2"] == pytest.approx(1700 / 3432)


def test_crosstab_hides_small_units_in_columns(study):
    form, data = study
    refused = runner.invoke(
        app,
        ["crosstab", str(form), str(data), "--rows", "kontakt", "--cols", "fachbereich",
         "--min-group", "4"],
    )  # fmt: skip
    # the study's k (5) is a floor: a smaller --min-group is refused (issue 12)
    assert refused.exit_code != 0
    assert "Mindestgruppengröße 4 liegt unter k = 5" in refused.output
    strict = json.loads(
        runner.invoke(
            app,
            ["crosstab", str(form), str(data), "--rows", "kontakt", "--cols", "fachbereich",
             "--format", "json", "--min-group", "6"],
        ).stdout
    )  # fmt: skip
    # kontakt is no breakdown, fachbereich is: k = 6 hides F12 (5) and, within D1, F11 with
    # it; F21 (6 answered: ja 4, nein 2) is shown, as by `analyze -q kontakt --by fachbereich`
    assert strict["suppressed_rows"] == []
    assert strict["suppressed_cols"] == ["F11", "F12"]
    shown = {c["row"]: c for c in strict["table"] if c["col"] == "F21"}
    assert (shown["ja"]["count"], shown["nein"]["count"], shown["ja"]["col_total"]) == (4, 2, 6)
    # one published column left: no test
    assert strict["chi2"] is None


@pytest.mark.parametrize(
    "header",
    [
        "start,end,_id,_uuid,_submission_time,_index,Frage 1",  # KoboToolbox
        "SubmissionDate,start,end,meta-instanceID,KEY,SubmitterID,Frage 1",  # ODK Central
    ],
)
def test_metadata_without_any_question_column_is_refused(tmp_path: Path, header: str) -> None:
    """Metadata columns alone are no answers: the file is refused, not analysed as n = 0."""
    form = xlsform(tmp_path, FORM)
    data = tmp_path / "labels.csv"
    width = header.count(",") + 1
    data.write_text(header + "\n" + ",".join(["x"] * width) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(form), str(data), "--lang", "en"])
    assert result.exit_code == 2, result.output
    metadata = ", ".join(c for c in header.split(",") if c != "Frage 1")
    assert (
        "labels.csv — expected columns named by the questions' names (an export with XML "
        f"values and names, not labels); the file has only metadata and calculated columns "
        f"({metadata}), none of its columns names a question with answers"
    ) in result.output
    assert "n = 0" not in result.output
    result = runner.invoke(app, ["validate", str(form), str(data)])
    assert result.exit_code == 1
    assert "keine ihrer Spalten nennt eine Frage mit Antworten" in result.output
