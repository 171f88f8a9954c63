"""Response exports as Kobo, ODK Central, R and SPSS really write them (issue 14): cells that
mean "missing", and files whose columns name no question. The fixtures are self-made, laid out
as those tools lay out their exports."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from lipkit import catalogue
from lipkit.cli import app
from lipkit.data.io import read_responses
from lipkit.study.xlsform import read_xlsform

runner = CliRunner()

FORM = """
| survey |
|        | type          | name    | label   |
|        | start         | start   |         |
|        | end           | end     |         |
|        | select_one yn | rauchen | Rauchen |
|        | integer       | alter   | Alter   |
|        | calculate     | doppelt |         |
| choices |
|         | list_name | name | label |
|         | yn        | yes  | Yes   |
|         | yn        | no   | No    |
"""


@pytest.fixture
def form(tmp_path: Path) -> Path:
    path = tmp_path / "form.md"
    path.write_text(FORM, encoding="utf-8")
    return path


def test_a_file_of_metadata_only_is_refused(form: Path, tmp_path: Path) -> None:
    # A labels export of ODK Central / Kobo: the metadata columns keep their names, the
    # questions' columns carry labels. start/end are questions of the form (metadata), doppelt
    # a calculation: none of them holds an answer.
    data = tmp_path / "labels.csv"
    data.write_text(
        "start,end,_uuid,_submission_time,meta-instanceID,KEY,doppelt,Rauchen,Alter\n"
        "2024-01-01,2024-01-01,u1,2024-01-02,uuid:1,uuid:1,2,Yes,40\n",
        encoding="utf-8",
    )
    q = read_xlsform(form)
    errors = [i for i in read_responses(data, q).issues if i.severity == "error"]
    assert [(i.code, i.row, i.column) for i in errors] == [("no_matching_column", None, None)]
    columns = "start, end, _uuid, _submission_time, meta-instanceID, KEY, doppelt"
    assert catalogue.render(errors[0].expected, "en").endswith(
        f"the file has only metadata and calculated columns ({columns}), none of its columns "
        "names a question with answers"
    )
    assert f"nur Metadaten- und berechnete Spalten ({columns})" in catalogue.render(
        errors[0].expected, "de"
    )
    result = runner.invoke(app, ["analyze", str(form), str(data), "--lang", "en"])
    assert result.exit_code == 2
    assert "Error: labels.csv — expected columns named by the questions' names" in result.stderr
    assert "none of its columns names a question with answers" in result.stderr
    german = runner.invoke(app, ["analyze", str(form), str(data)])
    assert german.exit_code == 2
    assert "keine ihrer Spalten nennt eine Frage mit Antworten" in german.stderr


def test_one_question_column_beside_the_metadata_is_enough(form: Path, tmp_path: Path) -> None:
    data = tmp_path / "data.csv"
    data.write_text("start,end,KEY,rauchen\n2024-01-01,2024-01-01,k1,yes\n", encoding="utf-8")
    issues = read_responses(data, read_xlsform(form)).issues
    assert [(i.severity, i.code, i.column) for i in issues] == [
        ("warning", "missing_column", "alter"),
        ("warning", "missing_column", "doppelt"),
    ]
