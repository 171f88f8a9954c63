"""Repeats as ODK Central and KoboToolbox export them (fixtures in ``data/repeats/``).

Six people (uuid:1-6), the repeat ``kinder`` (alter, schule) in ``familie-kinder.csv``:

 person  entries (alter, schule)           9 entries of persons 1-5; person 6 has none.
 uuid:1  (3, nein) (7, ja)
 uuid:2  (10, ja)
 uuid:3  (1, nein) (4, nein) (12, ja)      alter: 3+7+10+1+4+12+8+15+2 = 62, mean 62/9 = 6.89,
 uuid:4  (8, ja)                           sample SD sqrt((612 - 62²/9)/8) = 4.81
 uuid:5  (15, ja) (2, -)                   schule: 8 entries from 5 people, ja 5 (62.5 %),
                                           nein 3 (37.5 %)
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from formtable import xlsform
from openpyxl import Workbook
from typer.testing import CliRunner

from lipkit.cli import app

runner = CliRunner()
FIXTURES = Path(__file__).parent / "data" / "repeats"


@pytest.fixture
def form(tmp_path: Path) -> Path:
    return xlsform(tmp_path, (FIXTURES / "familie.md").read_text(encoding="utf-8"))


@pytest.fixture
def central(tmp_path: Path) -> Path:
    for name in ("familie.csv", "familie-kinder.csv"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    return tmp_path / "familie.csv"


def kobo_xlsx(tmp_path: Path, persons: int = 6, link: str = "_parent_index") -> Path:
    """The same answers as KoboToolbox's XLSX export: a main sheet and a sheet ``kinder``,
    linked by ``_parent_index`` (to ``_index``) or ``_submission__uuid`` (to ``_uuid``)."""
    main = [line.split(",") for line in (FIXTURES / "familie.csv").read_text().splitlines()]
    entries = [
        line.split(",") for line in (FIXTURES / "familie-kinder.csv").read_text().splitlines()
    ]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Familie"
    sheet.append(["start", "kontakt", "_id", "_uuid", "_index"])
    for index, row in enumerate(main[1 : persons + 1], start=1):
        sheet.append([row[1], row[2], 100 + index, row[4], index])
    repeat = workbook.create_sheet("kinder")
    repeat.append(["kinder/alter", "kinder/schule", "_index", "_parent_table_name", link])
    for index, (alter, schule, parent, _) in enumerate(entries[1:], start=1):
        linked = int(parent.split(":")[1]) if link == "_parent_index" else parent
        repeat.append([int(alter), schule or None, index, "Familie", linked])
    path = tmp_path / "familie.xlsx"
    workbook.save(path)
    return path


def test_the_main_file_is_analysed_per_person(form: Path, central: Path, tmp_path: Path) -> None:
    for data in (central, kobo_xlsx(tmp_path)):
        result = runner.invoke(app, ["analyze", str(form), str(data), "--format", "json"])
        assert result.exit_code == 0, result.output
        payload = json.loads(result.stdout)
        (kontakt,) = [s for s in payload["questions"] if s["question"] == "kontakt"]
        assert kontakt["n_answered"] == 6
        assert payload["repeats"] == []


@pytest.mark.parametrize("export", ["central", "kobo"])
def test_a_question_in_a_repeat_per_entry(
    form: Path, central: Path, tmp_path: Path, export: str
) -> None:
    data = central if export == "central" else kobo_xlsx(tmp_path)
    result = runner.invoke(
        app, ["analyze", str(form), str(data), "-q", "schule", "-q", "alter", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    schule, alter = json.loads(result.stdout)["repeats"]
    assert (schule["repeat"], schule["n_entries"], schule["n_persons"]) == ("kinder", 8, 5)
    shares = {r["option"]: (r["count"], r["percent"]) for r in schule["results"]}
    assert shares == {"ja": (5, 62.5), "nein": (3, 37.5)}
    assert (alter["n_entries"], alter["n_persons"]) == (9, 5)
    (stats,) = alter["results"]
    assert stats["mean"] == pytest.approx(62 / 9)
    assert stats["sd"] == pytest.approx(((612 - 62**2 / 9) / 8) ** 0.5)
    assert result.stderr == ""


def test_repeat_table_states_entries_and_persons(form: Path, central: Path) -> None:
    german = runner.invoke(app, ["analyze", str(form), str(central), "-q", "alter"])
    assert german.exit_code == 0, german.output
    assert "Alter des Kindes [alter] – je Eintrag der Wiederholung kinder" in german.stdout
    assert "Mittelwert          6,9" in german.stdout
    assert "n = 9 Einträge von 5 Personen" in german.stdout
    english = runner.invoke(
        app, ["analyze", str(form), str(central), "-q", "schule", "-q", "kontakt", "--lang", "en"]
    )
    assert english.exit_code == 0, english.output
    lines = english.stdout.split("per entry of the repeat kinder")[1].splitlines()
    assert [line.split() for line in lines[2:4]] == [["ja", "5", "63%"], ["nein", "3", "38%"]]
    assert "n = 8 entries from 5 people" in english.stdout
    assert "Cooperation" not in english.stdout
    assert "Kontakt? [kontakt]" in english.stdout


def test_k_applies_to_persons_not_entries(form: Path, tmp_path: Path) -> None:
    # persons 5 and 6 (rows 6, 7) left out: 7 entries of alter from persons 1-4 (the 2
    # entries of uuid:5 not counted, and said so)
    data = kobo_xlsx(tmp_path)
    result = runner.invoke(
        app,
        ["analyze", str(form), str(data), "-q", "alter", "--exclude-rows", "6-7", "--lang", "en"],
    )
    assert result.exit_code == 0, result.output
    assert "per entry of the repeat kinder\n  fewer than 5 people, not shown" in result.stdout
    assert "2 entries of persons left out of the analysis not counted" in " ".join(
        result.stderr.split()
    )


@pytest.mark.parametrize("export", ["central", "kobo"])
def test_an_entry_of_no_submission_is_an_error(
    form: Path, central: Path, tmp_path: Path, export: str
) -> None:
    """An orphan entry (its person is not in the main file) is neither dropped nor counted:
    an error at its row and link column, naming the key it points to."""
    if export == "central":
        entries = central.parent / "familie-kinder.csv"
        with entries.open("a", encoding="utf-8") as handle:
            handle.write("5,ja,uuid:99,uuid:99/kinder[1]\n")  # row 11
        data = central
        where = "familie-kinder.csv, row 11, column 'PARENT_KEY': value 'uuid:99'"
        expected = "the KEY of a submission in the main file familie.csv"
    else:
        data = kobo_xlsx(tmp_path, persons=4)  # uuid:5's entries (sheet rows 9, 10) orphaned
        where = "familie.xlsx, sheet 'kinder', row 9, column '_parent_index': value '5'"
        expected = "the _index of a submission in the main file familie.xlsx"
    result = runner.invoke(app, ["analyze", str(form), str(data), "-q", "alter", "--lang", "en"])
    assert result.exit_code == 2, result.output
    errors = " ".join(result.stderr.split()).split("Error: ")[1:]
    assert errors[0].strip() == (
        f"{where} — expected {expected} (none has this one; the entry belongs to no one)"
    )
    assert len(errors) == (1 if export == "central" else 2)
    german = runner.invoke(app, ["analyze", str(form), str(data), "-q", "alter"])
    assert german.exit_code == 2
    assert "(keine hat diesen; der Eintrag gehört zu niemandem)" in " ".join(german.stderr.split())
    if export == "kobo":
        assert "familie.xlsx, Blatt 'kinder', Zeile 10, Spalte '_parent_index'" in german.stderr


def test_an_entry_with_an_empty_link_is_an_error(form: Path, central: Path) -> None:
    with (central.parent / "familie-kinder.csv").open("a", encoding="utf-8") as handle:
        handle.write("5,ja,,x\n")  # row 11
    result = runner.invoke(app, ["analyze", str(form), str(central), "-q", "alter", "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert (
        "familie-kinder.csv, row 11, column 'PARENT_KEY': empty — expected the KEY of a "
        "submission in the main file familie.csv"
    ) in " ".join(result.stderr.split())


def test_kobo_entries_linked_by_submission_uuid(form: Path, tmp_path: Path) -> None:
    data = kobo_xlsx(tmp_path, link="_submission__uuid")
    result = runner.invoke(
        app, ["analyze", str(form), str(data), "-q", "alter", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    (alter,) = json.loads(result.stdout)["repeats"]
    assert (alter["n_entries"], alter["n_persons"]) == (9, 5)


def test_a_missing_repeat_file_is_named(form: Path, central: Path) -> None:
    (central.parent / "familie-kinder.csv").unlink()
    result = runner.invoke(app, ["analyze", str(form), str(central), "-q", "alter", "--lang", "en"])
    assert result.exit_code == 2
    assert "expected a file 'familie-kinder.csv' next to it" in result.output.replace("\n", " ")


def test_a_repeat_question_with_by_is_refused(form: Path, central: Path) -> None:
    result = runner.invoke(
        app,
        ["analyze", str(form), str(central), "-q", "alter", "--by", "kontakt", "--lang", "en"],
    )
    assert result.exit_code == 2
    assert "alter is inside a repeat" in result.output


def test_select_multiple_in_a_repeat_counts_entries(tmp_path: Path) -> None:
    """5 people, 7 entries; hobbies chosen: sport in 4 entries, musik in 3 (one entry both,
    one entry empty: 6 entries from 5 people answered)."""
    form = xlsform(
        tmp_path,
        """
| survey |
|        | type                  | name   | label  |
|        | select_one jn         | ok     | OK?    |
|        | begin_repeat          | kinder | Kinder |
|        | select_multiple hobby | hobby  | Hobby  |
|        | end_repeat            |        |        |
| choices |
|         | list_name | name  | label |
|         | jn        | ja    | ja    |
|         | hobby     | sport | Sport |
|         | hobby     | musik | Musik |
""",
    )
    main = tmp_path / "f.csv"
    main.write_text("ok,KEY\n" + "".join(f"ja,k{i}\n" for i in range(1, 6)), encoding="utf-8")
    (tmp_path / "f-kinder.csv").write_text(
        "hobby,PARENT_KEY\nsport,k1\nsport musik,k1\nmusik,k2\nsport,k3\n,k3\nmusik,k4\nsport,k5\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        app, ["analyze", str(form), str(main), "-q", "hobby", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    (hobby,) = json.loads(result.stdout)["repeats"]
    assert (hobby["n_entries"], hobby["n_persons"]) == (6, 5)
    counts = {r["option"]: (r["count"], r["percent"]) for r in hobby["results"]}
    assert counts == {"sport": (4, pytest.approx(400 / 6)), "musik": (3, 50.0)}


@pytest.mark.parametrize("export", ["central", "kobo"])
def test_each_entry_knows_its_position(form: Path, central: Path, tmp_path: Path, export: str):
    """_position is the entry's index among its person's (XPath position(..)), the [n] that
    ends ODK Central's KEY; a filter using it is evaluated over the entries."""
    from lipkit.data.io import read_responses
    from lipkit.data.repeats import POSITION, read_repeat
    from lipkit.study.expressions import parse, to_polars_condition
    from lipkit.study.xlsform import read_xlsform

    data = central if export == "central" else kobo_xlsx(tmp_path)
    q = read_xlsform(form)
    main = read_responses(data, q).frame
    entries = read_repeat(data, main, q, next(g for g in q.groups() if g.name == "kinder"))
    persons = ["uuid:1", "uuid:1", "uuid:2", "uuid:3", "uuid:3", "uuid:3", "uuid:4", "uuid:5"]
    persons += ["uuid:5"]
    if export == "kobo":
        persons = [p.removeprefix("uuid:") for p in persons]
    assert entries.frame.select("_person", POSITION, "alter").rows() == [
        (p, at, alter)
        for p, at, alter in zip(
            persons, [1, 2, 1, 1, 2, 3, 1, 1, 2], [3, 7, 10, 1, 4, 12, 8, 15, 2], strict=True
        )
    ]
    later = to_polars_condition(parse("position(..) > 1"), entries.questionnaire, position=POSITION)
    # uuid:1's 2nd, uuid:3's 2nd and 3rd, uuid:5's 2nd entry
    assert entries.frame.select(later).to_series().to_list() == [
        False,
        True,
        False,
        False,
        True,
        True,
        False,
        False,
        True,
    ]


@pytest.mark.parametrize("export", ["central", "kobo"])
def test_validate_reads_the_repeats_beside_the_main_file(
    form: Path, central: Path, tmp_path: Path, export: str
) -> None:
    if export == "central":
        with (central.parent / "familie-kinder.csv").open("a", encoding="utf-8") as handle:
            handle.write("zwölf,ja,uuid:99,uuid:99/kinder[1]\n")  # row 11
        data = central
        lines = [
            "Error: familie-kinder.csv, row 11, column 'PARENT_KEY': value 'uuid:99' — expected "
            "the KEY of a submission in the main file familie.csv (none has this one; the "
            "entry belongs to no one)",
            "Error: familie-kinder.csv, row 11, column 'alter': value 'zwölf' — expected a "
            "whole number",
        ]
    else:
        data = kobo_xlsx(tmp_path, persons=4)
        lines = [
            f"Error: familie.xlsx, sheet 'kinder', row {row}, column '_parent_index': value '5' "
            "— expected the _index of a submission in the main file familie.xlsx (none has "
            "this one; the entry belongs to no one)"
            for row in (9, 10)
        ]
    result = runner.invoke(app, ["validate", str(form), str(data), "--lang", "en"])
    assert result.exit_code == 1, result.output
    assert [line for line in result.stdout.splitlines() if line.startswith("Error")] == lines


def test_validate_without_the_repeats_file_checks_the_main_file(form: Path, central: Path):
    (central.parent / "familie-kinder.csv").unlink()
    result = runner.invoke(app, ["validate", str(form), str(central), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "Error" not in result.stdout


def test_attack_one_persons_entries_are_not_shown(form: Path, tmp_path: Path) -> None:
    """Six entries (>= k) that all come from one person: counting entries against k would
    publish that person's children; k counts persons, so nothing is shown, also not with
    --by (refused)."""
    main = tmp_path / "familie.csv"
    main.write_text(
        "kontakt,KEY\n" + "".join(f"ja,uuid:{i}\n" for i in range(1, 7)), encoding="utf-8"
    )
    (tmp_path / "familie-kinder.csv").write_text(
        "alter,schule,PARENT_KEY\n" + "".join(f"{a},ja,uuid:1\n" for a in range(1, 7)),
        encoding="utf-8",
    )
    result = runner.invoke(
        app, ["analyze", str(form), str(main), "-q", "alter", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    (alter,) = json.loads(result.stdout)["repeats"]
    assert (alter["suppressed"], alter["n_entries"], alter["n_persons"], alter["results"]) == (
        True,
        None,
        None,
        [],
    )
    by = runner.invoke(app, ["analyze", str(form), str(main), "-q", "alter", "--by", "kontakt"])
    assert by.exit_code == 2
