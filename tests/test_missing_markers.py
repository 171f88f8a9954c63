"""Cells other programs write for "missing": R's ``NA`` and SPSS's cells of only spaces.

Every count below is worked out by hand from the seven rows of ``R_EXPORT``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from formtable import xlsform
from typer.testing import CliRunner

from lipkit.cli import app
from lipkit.data import read_responses
from lipkit.study.xlsform import read_xlsform

FORM = """
| survey |
|        | type           | name      | label     |
|        | select_one jn  | kontakt   | Kontakt?  |
|        | integer        | alter     | Alter     |
|        | text           | bemerkung | Bemerkung |
|        | select_one reg | region    | Region    |
| choices |
|         | list_name | name | label        |
|         | jn        | ja   | ja           |
|         | jn        | nein | nein         |
|         | reg       | NA   | Nordamerika  |
|         | reg       | EU   | Europa       |
"""

# rows 2-8; "NA" in region is the choice Nordamerika, never missing
R_EXPORT = (
    "kontakt,alter,bemerkung,region\n"
    "ja,34,gut,NA\n"
    "NA,NA,NA,EU\n"
    'nein,"  ",NA,NA\n'
    '"  ",41,"   ",EU\n'
    "ja,NA,ok,NA\n"
    "nein,29,x,EU\n"
    "ja,50,y,EU\n"
)


@pytest.fixture
def form(tmp_path: Path) -> Path:
    return xlsform(tmp_path, FORM)


def test_r_na_and_spaces_are_missing_where_na_cannot_be_an_answer(
    tmp_path: Path, form: Path
) -> None:
    data = tmp_path / "r.csv"
    data.write_text(R_EXPORT, encoding="utf-8")
    responses = read_responses(data, read_xlsform(form))
    frame = responses.frame
    assert frame["kontakt"].to_list() == ["ja", None, "nein", None, "ja", "nein", "ja"]
    assert frame["alter"].to_list() == [34, None, None, 41, None, 29, 50]
    # an R export (NA in kontakt and alter): NA in free text is missing too
    assert frame["bemerkung"].to_list() == ["gut", None, None, None, "ok", "x", "y"]
    assert frame["region"].to_list() == ["NA", "EU", "NA", "EU", "NA", "EU", "EU"]
    found = {(i.code, i.column): (i.severity, i.expected) for i in responses.issues}
    assert set(found) == {
        ("r_missing", "kontakt"),
        ("r_missing", "alter"),
        ("r_missing", "bemerkung"),
        ("only_spaces", "kontakt"),
        ("only_spaces", "alter"),
        ("only_spaces", "bemerkung"),
    }
    assert {severity for severity, _ in found.values()} == {"warning"}
    counts = {key: expected.params["count"] for key, (_, expected) in found.items()}
    assert counts == {
        ("r_missing", "kontakt"): 1,
        ("r_missing", "alter"): 2,
        ("r_missing", "bemerkung"): 2,
        ("only_spaces", "kontakt"): 1,
        ("only_spaces", "alter"): 1,
        ("only_spaces", "bemerkung"): 1,
    }


def test_na_typed_as_free_text_is_kept_when_the_file_is_no_r_export(
    tmp_path: Path, form: Path
) -> None:
    data = tmp_path / "kobo.csv"
    data.write_text("kontakt,alter,bemerkung\nja,30,NA\nnein,,gut\n", encoding="utf-8")
    responses = read_responses(data, read_xlsform(form))
    assert responses.frame["bemerkung"].to_list() == ["NA", "gut"]
    assert [i.code for i in responses.issues if i.code in ("r_missing", "only_spaces")] == []


def test_analyze_counts_na_and_spaces_as_skipped(tmp_path: Path, form: Path) -> None:
    data = tmp_path / "r.csv"
    data.write_text(R_EXPORT, encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["analyze", str(form), str(data), "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    (kontakt,) = [s for s in payload["questions"] if s["question"] == "kontakt" and not s["group"]]
    assert (kontakt["n_answered"], kontakt["n_skipped"]) == (5, 2)
    (region,) = [s for s in payload["questions"] if s["question"] == "region" and not s["group"]]
    assert region["n_answered"] == 7
    shares = {
        r["option"]: (r["count"], r["base"])
        for r in payload["results"]
        if r["question"] == "region" and not r["group"]
    }
    assert shares == {"NA": (3, 7), "EU": (4, 7)}


def test_validate_names_the_cells_read_as_missing_in_english(tmp_path: Path, form: Path) -> None:
    data = tmp_path / "r.csv"
    data.write_text(R_EXPORT, encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(form), str(data), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert (
        "column 'alter': value 'NA' — expected answers or empty cells; 2 cells 'NA' (as R "
        "writes missing values) read as missing, since 'NA' cannot be an answer here"
    ) in result.output
    assert "3 cells holding only spaces" not in result.output
    assert "1 cells holding only spaces" in result.output
