"""Org tree files and the org tree derived from a cascading select."""

from __future__ import annotations

from pathlib import Path

import pytest
from formtable import xlsform

from lipkit.study.errors import FormError
from lipkit.study.formats import read_org_tree, write_org_tree
from lipkit.study.model import OrgLevel, OrgTree, OrgUnit
from lipkit.study.orgtree import derive_org_tree, link_org_questions
from lipkit.study.xlsform import read_xlsform

TREE = OrgTree(
    levels=[
        OrgLevel(name="dezernat", label={"de": "Dezernat", "en": "Department"}),
        OrgLevel(name="fachbereich", label={"de": "Fachbereich"}),
    ],
    units=[
        OrgUnit(code="D1", name="Dezernat I", level="dezernat", staff=120),
        OrgUnit(code="D2", name="Dezernat II", level="dezernat"),
        OrgUnit(code="FB10", name="Fachbereich 10", level="fachbereich", parent="D1", staff=40),
        OrgUnit(code="FB20", name="Fachbereich 20", level="fachbereich", parent="D2", staff=3),
    ],
)


def csv_file(tmp_path: Path, text: str, name: str = "org.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_reads_csv_with_semicolons_bom_and_level_labels(tmp_path: Path) -> None:
    path = tmp_path / "org.csv"
    path.write_text(
        "level;code;name;parent;staff;level_label;level_label::en\n"
        "dezernat;D1;Dezernat I;;120;Dezernat;Department\n"
        "dezernat;D2;Dezernat II;;;;\n"
        "\n"
        "fachbereich;FB10;Fachbereich 10;D1;40;Fachbereich;\n"
        "fachbereich;FB20;Fachbereich 20;D2;3;;\n",
        encoding="utf-8-sig",
    )
    assert read_org_tree(path) == TREE


@pytest.mark.parametrize("suffix", [".csv", ".yaml"])
def test_round_trip(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"org{suffix}"
    write_org_tree(TREE, path)
    assert read_org_tree(path) == TREE


def test_yaml_keeps_the_asking_question(tmp_path: Path) -> None:
    tree = TREE.model_copy(
        update={"levels": [TREE.levels[0].model_copy(update={"question": "dez"}), TREE.levels[1]]}
    )
    write_org_tree(tree, tmp_path / "org.yaml")
    text = (tmp_path / "org.yaml").read_text(encoding="utf-8")
    assert "  question: dez\n" in text
    assert "- {level: fachbereich, code: FB10, name: Fachbereich 10, parent: D1, staff: 40}" in text
    assert read_org_tree(tmp_path / "org.yaml") == tree


def test_yaml_levels_may_be_plain_names(tmp_path: Path) -> None:
    path = tmp_path / "org.yaml"
    path.write_text(
        "levels: [dezernat, fachbereich]\n"
        "units:\n"
        "  - {level: fachbereich, code: F1, name: FB 1, parent: D1}\n"
        "  - {level: dezernat, code: D1, name: Dez 1}\n",
        encoding="utf-8",
    )
    tree = read_org_tree(path)
    assert [lv.name for lv in tree.levels] == ["dezernat", "fachbereich"]
    assert tree.parent_map("fachbereich") == {"F1": "D1"}


@pytest.mark.parametrize(
    ("rows", "row", "column", "fragment"),
    [
        ("dezernat,D1,Dez I,,\nfachbereich,F1,FB 1,D9,", 3, "parent", "unknown parent 'D9'"),
        (
            "dezernat,D1,Dez I,,\ndezernat,D1,Dez I bis,,",
            3,
            "code",
            "unit code 'D1' appears twice on level 'dezernat' (first at row 2)",
        ),
        ("dezernat,D1,Dez I,D0,", 2, "parent", "on the top level 'dezernat' but has parent 'D0'"),
        ("dezernat,D1,Dez I,,\nfachbereich,F1,FB 1,,", 3, "parent", "needs a parent unit"),
        ("dezernat,D1,Dez I,,viele", 2, "staff", "staff 'viele' is not a whole number"),
        ("dezernat,,Dez I,,", 2, "code", "no code"),
        ("Dezernat I,D1,x,,", 2, "level", "invalid level name 'Dezernat I'"),
    ],
)
def test_csv_errors_name_file_row_and_column(
    tmp_path: Path, rows: str, row: int, column: str, fragment: str
) -> None:
    path = csv_file(tmp_path, "level,code,name,parent,staff\n" + rows + "\n")
    with pytest.raises(FormError) as info:
        read_org_tree(path)
    err = info.value
    assert (err.path, err.row, err.column) == (path, row, column)
    assert fragment in err.message
    assert str(err).startswith(f"org.csv, row {row}, column '{column}': ")


def test_csv_unknown_column(tmp_path: Path) -> None:
    path = csv_file(tmp_path, "level,code,name,stafff\ndezernat,D1,Dez,3\n")
    with pytest.raises(FormError) as info:
        read_org_tree(path)
    assert (info.value.row, info.value.column) == (1, "stafff")


def test_yaml_error_names_line(tmp_path: Path) -> None:
    path = tmp_path / "org.yaml"
    path.write_text(
        "units:\n  - {level: dezernat, code: D1, name: Dez}\n"
        "  - {level: dezernat, code: D1, name: Dez again}\n",
        encoding="utf-8",
    )
    with pytest.raises(FormError) as info:
        read_org_tree(path)
    assert (info.value.line, info.value.column) == (3, "code")
    assert "first at line 2" in info.value.message


CASCADE = """
| survey |
|        | type           | name | label       | choice_filter     | lipkit::org_level |
|        | select_one dez | dez  | Dezernat    |                   | dezernat          |
|        | select_one fb  | fb   | Fachbereich | dezernat=${dez}   | fachbereich       |
| choices |
|         | list_name | name | label          | dezernat | lipkit_missing |
|         | dez       | D1   | Dezernat I     |          |                |
|         | dez       | D2   | Dezernat II    |          |                |
|         | dez       | k_a  | keine Angabe   |          | yes            |
|         | fb        | FB10 | Fachbereich 10 | D1       |                |
|         | fb        | FB11 | Fachbereich 11 | D1       |                |
|         | fb        | FB20 | Fachbereich 20 | D2       |                |
"""


def test_derives_tree_from_cascading_select(tmp_path: Path) -> None:
    q = read_xlsform(xlsform(tmp_path, CASCADE))
    assert derive_org_tree(q) == OrgTree(
        levels=[
            OrgLevel(name="dezernat", question="dez"),
            OrgLevel(name="fachbereich", question="fb"),
        ],
        units=[
            OrgUnit(code="D1", name="Dezernat I", level="dezernat"),
            OrgUnit(code="D2", name="Dezernat II", level="dezernat"),
            OrgUnit(code="FB10", name="Fachbereich 10", level="fachbereich", parent="D1"),
            OrgUnit(code="FB11", name="Fachbereich 11", level="fachbereich", parent="D1"),
            OrgUnit(code="FB20", name="Fachbereich 20", level="fachbereich", parent="D2"),
        ],
    )


def test_derive_order_does_not_depend_on_question_order(tmp_path: Path) -> None:
    lines = CASCADE.splitlines(keepends=True)
    dez_row = next(line for line in lines if "select_one dez" in line)
    lines.remove(dez_row)
    lines.insert(lines.index("| choices |\n"), dez_row)  # ask Dezernat after Fachbereich
    swapped = "".join(lines)
    q = read_xlsform(xlsform(tmp_path, swapped))
    assert [qu.name for qu in q.questions()] == ["fb", "dez"]
    tree = derive_org_tree(q)
    assert tree is not None
    assert [lv.name for lv in tree.levels] == ["dezernat", "fachbereich"]


def test_no_org_questions_gives_none(tmp_path: Path) -> None:
    q = read_xlsform(xlsform(tmp_path, "| survey |\n| | type | name |\n| | text | t |\n"))
    assert derive_org_tree(q) is None


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        (
            "| fb        | FB11 | Fachbereich 11 | D1       |",
            "| fb        | FB11 | Fachbereich 11 |          |",
            "question 'fb', choice 'FB11': no value in filter column 'dezernat'",
        ),
        (
            "| fb        | FB11 | Fachbereich 11 | D1       |",
            "| fb        | FB11 | Fachbereich 11 | D9       |",
            "question 'fb', choice 'FB11': dezernat='D9' is not a choice of question 'dez'",
        ),
        ("dezernat=${dez}", "", "expected exactly one top-level org question"),
    ],
)
def test_derive_errors_name_question_and_choice(
    tmp_path: Path, old: str, new: str, fragment: str
) -> None:
    assert old in CASCADE
    q = read_xlsform(xlsform(tmp_path, CASCADE.replace(old, new)))
    with pytest.raises(FormError) as info:
        derive_org_tree(q)
    assert fragment in str(info.value)


def test_link_org_questions(tmp_path: Path) -> None:
    q = read_xlsform(xlsform(tmp_path, CASCADE))
    linked = link_org_questions(TREE, q)
    assert [lv.question for lv in linked.levels] == ["dez", "fb"]
    with pytest.raises(FormError, match="records org level 'fachbereich'"):
        link_org_questions(OrgTree(levels=[TREE.levels[0]], units=TREE.units[:2]), q)


@pytest.mark.parametrize("suffix", [".csv", ".yaml"])
def test_unit_names_in_other_languages(tmp_path: Path, suffix: str) -> None:
    """``name::en`` as in XLSForm: the English report names units in English."""
    csv_path = tmp_path / "org.csv"
    csv_path.write_text(
        "level,code,name,name::en,parent\n"
        "dezernat,III,Sozial- und Sportdezernat,Social Affairs and Sport,\n"
        "dezernat,IV,Bildungsdezernat,,\n"
        "fachbereich,50,Fachbereich Soziales,Social Services,III\n",
        encoding="utf-8",
    )
    tree = read_org_tree(csv_path)
    social = tree.unit("dezernat", "III")
    assert social.names == {"en": "Social Affairs and Sport"}
    assert social.name_in("en") == "Social Affairs and Sport"
    assert social.name_in("de") == "Sozial- und Sportdezernat"
    # Without an English name the unit keeps its own.
    assert tree.unit("dezernat", "IV").name_in("en") == "Bildungsdezernat"
    path = tmp_path / f"copy{suffix}"
    write_org_tree(tree, path)
    assert read_org_tree(path) == tree
