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


BROKEN_FORM = """
| survey |
|        | type          | name       | label               | kobo--rank-items |
|        | begin_rank    | prioritaet | Rank the priorities | priority         |
|        | rank__level   | prio_1st   | 1st choice          |                  |
|        | rank__level   | prio_2nd   | 2nd choice          |                  |
|        | rank__level   | prio_3rd   | 3rd choice          |                  |
|        | end_rank      |            |                     |                  |
| choices |
|         | list_name | name    | label   |
|         | priority  | water   | Water   |
|         | priority  | roads   | Roads   |
|         | priority  | schools | Schools |
"""

# row  1st      2nd      3rd
#  2   water    roads    schools   usable
#  3   water    water    roads     prio_2nd: 'water' twice (already at prio_1st)
#  4   roads    water    -         usable
#  5   -        schools  schools   prio_2nd: a gap (prio_1st empty) - once, though also twice
#  6   schools  roads    water     usable
#  7   water    -        roads     prio_3rd: a gap (prio_2nd empty)
#  8   roads    schools  roads     prio_3rd: 'roads' twice (already at prio_1st)
#  9   water    schools  -         usable
# 10   roads    -        -         usable
# 11   -        -        -         placed nothing
#
# The usable rankings (rows 2, 4, 6, 9, 10): n = 5 = k, all with a first rank; 4 left out.
# water:   rows 2 (1), 4 (2), 6 (3), 9 (1)  -> placed 4, mean 7/4 = 1.75, first 2 -> 40 %
# roads:   rows 2 (2), 4 (1), 6 (2), 10 (1) -> placed 4, mean 6/4 = 1.5,  first 2 -> 40 %
# schools: rows 2 (3), 6 (1), 9 (2)         -> placed 3, mean 6/3 = 2.0,  first 1 -> 20 %
# (Counting the broken ones in part would give n = 9.)
BROKEN_ROWS = [
    ("water", "roads", "schools"),
    ("water", "water", "roads"),
    ("roads", "water", ""),
    ("", "schools", "schools"),
    ("schools", "roads", "water"),
    ("water", "", "roads"),
    ("roads", "schools", "roads"),
    ("water", "schools", ""),
    ("roads", "", ""),
    ("", "", ""),
]


def broken_export(tmp_path: Path) -> Path:
    path = tmp_path / "ranks.csv"
    lines = ["prio_1st,prio_2nd,prio_3rd,_id"]
    lines += [",".join(row) + f",{i}" for i, row in enumerate(BROKEN_ROWS, start=1)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_ranking_with_an_option_twice_or_a_gap_is_left_out(tmp_path: Path) -> None:
    form = xlsform(tmp_path, BROKEN_FORM)
    data = broken_export(tmp_path)
    result = runner.invoke(
        app, ["analyze", str(form), str(data), "--format", "json", "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    (rank,) = json.loads(result.stdout)["rankings"]
    assert (rank["n"], rank["n_first"], rank["n_left_out"]) == (5, 5, 4)
    table = {r["option"]: r for r in rank["options"]}
    assert [
        (o, table[o]["n_ranked"], table[o]["n_first_rank"]) for o in ("water", "roads", "schools")
    ] == [("water", 4, 2), ("roads", 4, 2), ("schools", 3, 1)]
    assert table["water"]["mean_rank"] == pytest.approx(1.75)
    assert table["roads"]["mean_rank"] == pytest.approx(1.5)
    assert table["schools"]["mean_rank"] == pytest.approx(2.0)
    assert [table[o]["share_first"] for o in ("water", "roads", "schools")] == pytest.approx(
        [40.0, 40.0, 20.0]
    )
    # each left-out ranking said once, at the level that breaks it
    warnings = [line for line in result.stderr.splitlines() if line.startswith("Warning")]
    assert warnings == [
        "Warning: ranks.csv, row 3, column 'prio_2nd': value 'water' — expected each option at "
        "most once in the ranking prioritaet ('water' is already at prio_1st); this ranking is "
        "left out of the analysis",
        "Warning: ranks.csv, row 5, column 'prio_2nd': value 'schools' — expected the ranks of "
        "the ranking prioritaet filled from the first without a gap (prio_1st is empty); this "
        "ranking is left out of the analysis",
        "Warning: ranks.csv, row 7, column 'prio_3rd': value 'roads' — expected the ranks of "
        "the ranking prioritaet filled from the first without a gap (prio_2nd is empty); this "
        "ranking is left out of the analysis",
        "Warning: ranks.csv, row 8, column 'prio_3rd': value 'roads' — expected each option at "
        "most once in the ranking prioritaet ('roads' is already at prio_1st); this ranking is "
        "left out of the analysis",
    ]


def test_left_out_rankings_in_the_table_and_in_validate(tmp_path: Path) -> None:
    form = xlsform(tmp_path, BROKEN_FORM)
    data = broken_export(tmp_path)
    german = runner.invoke(app, ["analyze", str(form), str(data)])
    assert german.exit_code == 0, german.output
    assert (
        "nicht gezählt: 4 Personen, deren Rangfolge eine Option zweimal nennt oder eine Lücke hat"
        in " ".join(german.stdout.split())
    )
    assert (
        "Warnung: ranks.csv, Zeile 3, Spalte 'prio_2nd': Wert 'water' – erwartet: jede Option "
        "höchstens einmal in der Rangfolge prioritaet ('water' steht schon auf prio_1st); "
        "diese Rangfolge wird nicht ausgewertet"
    ) in german.stderr.splitlines()
    checked = runner.invoke(app, ["validate", str(form), str(data), "--lang", "en"])
    assert checked.exit_code == 0, checked.output  # warnings: the rest of the row is analysed
    lines = checked.stdout.splitlines()
    found = [line.split(":")[1] for line in lines if line.startswith("Warning:")]
    assert found == [
        " ranks.csv, row 3, column 'prio_2nd'",
        " ranks.csv, row 5, column 'prio_2nd'",
        " ranks.csv, row 7, column 'prio_3rd'",
        " ranks.csv, row 8, column 'prio_3rd'",
    ]


def test_rank_issues_over_a_frame(tmp_path: Path) -> None:
    """The mask and the issues agree; a level column missing from the file reads as empty."""
    import polars as pl

    from lipkit.data.org import ROW
    from lipkit.data.ranks import broken, rank_groups, rank_issues, rank_levels
    from lipkit.study.xlsform import read_xlsform

    q = read_xlsform(xlsform(tmp_path, BROKEN_FORM))
    (group,) = rank_groups(q)
    levels = rank_levels(q, group)
    assert levels == ["prio_1st", "prio_2nd", "prio_3rd"]
    frame = pl.DataFrame(
        {
            ROW: [2, 3, 4, 5],
            "prio_1st": ["water", None, "roads", "water"],
            "prio_3rd": [None, None, "roads", "schools"],
        }
    )
    # without prio_2nd: row 4 has roads twice (after a gap: the gap at prio_3rd comes first,
    # said once), row 5 a gap before schools
    assert frame.select(broken(frame, levels)).to_series().to_list() == [
        False,
        False,
        True,
        True,
    ]
    issues = rank_issues(frame, q)
    assert [(i.code, i.row, i.column, i.value) for i in issues] == [
        ("rank_twice", 4, "prio_3rd", "roads"),
        ("rank_gap", 5, "prio_3rd", "schools"),
    ]


ORG_FORM = """
| survey |
|        | type          | name        | label       | lipkit::org_level | kobo--rank-items |
|        | select_one fb | fachbereich | Fachbereich | fachbereich       |                  |
|        | begin_rank    | prioritaet  | Priorities  |                   | priority         |
|        | rank__level   | prio_1st    | 1st choice  |                   |                  |
|        | rank__level   | prio_2nd    | 2nd choice  |                   |                  |
|        | end_rank      |             |             |                   |                  |
| choices |
|         | list_name | name    | label   |
|         | fb        | F1      | F1      |
|         | fb        | F6      | F6      |
|         | priority  | water   | Water   |
|         | priority  | roads   | Roads   |
|         | priority  | schools | Schools |
"""


def test_attack_a_one_person_units_first_choice_is_not_published(tmp_path: Path) -> None:
    """F1 has one person, who ranked schools first; the six people of F6 left the first rank
    empty and placed roads second. Counted as before (a gap kept), the ranking had n = 7 >= k
    but its share ranked first rested on n_first = 1 person: 'Schools 100 %' was F1's answer,
    which the analysis of prio_1st itself hides (base 1 < k). The six broken rankings are left
    out now, n = 1 < k: nothing is published, neither for all nor with --by."""
    form = xlsform(tmp_path, ORG_FORM)
    data = tmp_path / "export.csv"
    rows = ["fachbereich,prio_1st,prio_2nd,_id", "F1,schools,water,1"]
    rows += [f"F6,,roads,{i}" for i in range(2, 8)]
    data.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(form), str(data), "--format", "json"])
    assert result.exit_code == 0, result.output
    (rank,) = json.loads(result.stdout)["rankings"]
    assert (rank["suppressed"], rank["n"], rank["n_first"], rank["options"]) == (
        True,
        None,
        None,
        [],
    )
    first = [r for r in json.loads(result.stdout)["results"] if r["question"] == "prio_1st"]
    assert {r["suppressed"] for r in first} == {True}  # the analysis of the level agrees
    by = runner.invoke(
        app,
        ["analyze", str(form), str(data), "--by", "fachbereich", "--format", "json"],
    )
    assert by.exit_code == 0, by.output
    payload = json.loads(by.stdout)
    assert payload["rankings"] == []
    f1 = [r for r in payload["results"] if r["group"] == "F1"]
    assert f1
    assert {(r["count"], r["percent"], r["suppressed"]) for r in f1} == {(None, None, True)}
    table = runner.invoke(app, ["analyze", str(form), str(data), "--by", "fachbereich"])
    assert "Rangfolge prioritaet: nur für alle Befragten zusammen (ohne --by)" in table.stdout
    assert "Anteil Rang 1" not in table.stdout
    whole = runner.invoke(app, ["analyze", str(form), str(data)])
    assert "Rangfolge: Priorities [prioritaet]\n  n < 5, nicht ausgewiesen" in whole.stdout
    assert "Anteil Rang 1" not in whole.stdout
