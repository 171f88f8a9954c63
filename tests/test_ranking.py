"""KoboToolbox's ranking (begin_rank): mean rank and share ranked first, with their bases.

Seven people (rows 2-8), the items water, roads, schools, two rank levels:

 row  1st      2nd          water: placed by rows 2-6, ranks 1,1,2,2,1 -> mean 7/5 = 1.4,
  2   water    roads               first by 3 of the 6 people with a first rank -> 50 %
  3   water    schools      roads: rows 2 (2nd), 4 (1st), 8 (1st) -> mean 4/3, first 2 -> 33 %
  4   roads    water        schools: rows 3 (2nd), 5 (1st), 8 (2nd) -> mean 5/3, first 1 -> 17 %
  5   schools  water
  6   water    -            row 7 placed nothing: n = 6 people, 6 of them gave a first rank
  7   -        -
  8   roads    schools
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from formtable import xlsform
from typer.testing import CliRunner

from lipkit.cli import app

runner = CliRunner()

FORM = """
| survey |
|        | type          | name       | label             | kobo--rank-items |
|        | select_one jn | kontakt    | Kontakt?          |                  |
|        | begin_rank    | prioritaet | Rank the priorities | priority       |
|        | rank__level   | prio_1st   | 1st choice        |                  |
|        | rank__level   | prio_2nd   | 2nd choice        |                  |
|        | end_rank      |            |                   |                  |
| choices |
|         | list_name | name    | label   |
|         | jn        | ja      | ja      |
|         | jn        | nein    | nein    |
|         | priority  | water   | Water   |
|         | priority  | roads   | Roads   |
|         | priority  | schools | Schools |
"""

ROWS = [
    ("water", "roads"),
    ("water", "schools"),
    ("roads", "water"),
    ("schools", "water"),
    ("water", ""),
    ("", ""),
    ("roads", "schools"),
]


@pytest.fixture
def form(tmp_path: Path) -> Path:
    return xlsform(tmp_path, FORM)


def export(tmp_path: Path, rows: list[tuple[str, str]]) -> Path:
    path = tmp_path / "export.csv"
    lines = ["kontakt,prio_1st,prio_2nd,_id"]
    lines += [f"ja,{first},{second},{i}" for i, (first, second) in enumerate(rows, start=1)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_mean_rank_and_share_first_by_hand(tmp_path: Path, form: Path) -> None:
    data = export(tmp_path, ROWS)
    result = runner.invoke(app, ["analyze", str(form), str(data), "--format", "json"])
    assert result.exit_code == 0, result.output
    (rank,) = json.loads(result.stdout)["rankings"]
    assert (rank["group"], rank["levels"], rank["n"], rank["n_first"]) == (
        "prioritaet",
        ["prio_1st", "prio_2nd"],
        6,
        6,
    )
    table = {r["option"]: r for r in rank["options"]}
    assert list(table) == ["water", "roads", "schools"]
    assert table["water"]["n_ranked"] == 5
    assert table["water"]["mean_rank"] == pytest.approx(1.4)
    assert table["water"]["n_first_rank"] == 3
    assert table["water"]["share_first"] == pytest.approx(50.0)
    assert (table["roads"]["n_ranked"], table["roads"]["n_first_rank"]) == (3, 2)
    assert table["roads"]["mean_rank"] == pytest.approx(4 / 3)
    assert table["roads"]["share_first"] == pytest.approx(200 / 6)
    assert (table["schools"]["n_ranked"], table["schools"]["n_first_rank"]) == (3, 1)
    assert table["schools"]["mean_rank"] == pytest.approx(5 / 3)
    assert table["schools"]["share_first"] == pytest.approx(100 / 6)


def test_ranking_table_in_german_and_english(tmp_path: Path, form: Path) -> None:
    data = export(tmp_path, ROWS)
    german = runner.invoke(app, ["analyze", str(form), str(data), "-q", "prio_1st"])
    assert german.exit_code == 0, german.output
    assert "Rangfolge: Rank the priorities [prioritaet]" in german.output
    lines = german.output.split("Rangfolge:")[1].splitlines()
    water = next(line for line in lines if line.strip().startswith("Water"))
    assert water.split() == ["Water", "5", "1,4", "3", "50", "%"]
    schools = next(line for line in lines if line.strip().startswith("Schools"))
    assert schools.split() == ["Schools", "3", "1,7", "1", "17", "%"]
    assert "Basis: n = 6 Personen, die mindestens eine Option platziert haben" in german.output
    english = runner.invoke(app, ["analyze", str(form), str(data), "--lang", "en"])
    assert "Ranking: Rank the priorities [prioritaet]" in english.output
    ranking_lines = english.output.split("Ranking:")[1].splitlines()
    roads = next(line for line in ranking_lines if line.strip().startswith("Roads"))
    assert roads.split() == ["Roads", "3", "1.3", "2", "33%"]
    assert "share rank 1 of n = 6 people who gave a first rank" in english.output.replace("\n", " ")


def test_ranking_below_k_is_not_shown(tmp_path: Path, form: Path) -> None:
    data = export(tmp_path, ROWS[:4])  # n = 4 < 5
    result = runner.invoke(app, ["analyze", str(form), str(data), "--format", "json"])
    (rank,) = json.loads(result.stdout)["rankings"]
    assert (rank["suppressed"], rank["n"], rank["options"]) == (True, None, [])
    table = runner.invoke(app, ["analyze", str(form), str(data), "--lang", "en"])
    assert "Ranking: Rank the priorities [prioritaet]\n  n < 5, not shown" in table.output


def test_ranking_is_left_out_when_other_questions_are_asked_for(tmp_path: Path, form: Path) -> None:
    data = export(tmp_path, ROWS)
    result = runner.invoke(
        app, ["analyze", str(form), str(data), "-q", "kontakt", "--format", "json"]
    )
    assert json.loads(result.stdout)["rankings"] == []
