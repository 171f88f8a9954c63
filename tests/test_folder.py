"""The study folder: study.yaml, questionnaire, org tree."""

from __future__ import annotations

from pathlib import Path

import pytest
from formtable import xlsform

from lipkit.study.errors import FormError
from lipkit.study.folder import StudyFolder, load_study, save_study, study_paths
from lipkit.study.model import (
    OrgLevel,
    OrgTree,
    OrgUnit,
    Question,
    Questionnaire,
    QuestionType,
    Study,
    StudySettings,
)
from lipkit.study.orgtree import derive_org_tree
from lipkit.study.xlsform import read_xlsform
from lipkit.study.yamlform import write_yaml_form

CASCADE = """
| survey |
|        | type           | name | label       | choice_filter   | lipkit::org_level |
|        | select_one dez | dez  | Dezernat    |                 | dezernat          |
|        | select_one fb  | fb   | Fachbereich | dezernat=${dez} | fachbereich       |
| choices |
|         | list_name | name | label          | dezernat |
|         | dez       | D1   | Dezernat I     |          |
|         | fb        | FB10 | Fachbereich 10 | D1       |
"""

PLAIN = Questionnaire(survey=[Question(name="t", type=QuestionType.TEXT, label={"de": "Text"})])
TREE = OrgTree(
    levels=[OrgLevel(name="dezernat"), OrgLevel(name="fachbereich")],
    units=[
        OrgUnit(code="D1", name="Dezernat I", level="dezernat", staff=10),
        OrgUnit(code="FB10", name="FB 10", level="fachbereich", parent="D1", staff=4),
    ],
)


def test_derivable_org_is_not_written(tmp_path: Path) -> None:
    q = read_xlsform(xlsform(tmp_path, CASCADE))
    study = Study(
        questionnaire=q,
        org=derive_org_tree(q),
        settings=StudySettings(title="Befragung 2026", k=7, k_text=12),
    )
    folder = tmp_path / "study"
    save_study(study, folder)
    assert sorted(p.name for p in folder.iterdir()) == ["questionnaire.xlsx", "study.yaml"]
    config = (folder / "study.yaml").read_text(encoding="utf-8")
    assert config.endswith(
        "title: Befragung 2026\nlanguage: de\nk: 7\nk_text: 12\n"
        "questionnaire: questionnaire.xlsx\norg: null\nresponses: responses.csv\n"
    )
    assert config.startswith("# lipkit study settings.")
    assert load_study(folder) == study


@pytest.mark.parametrize("form_format", ["xlsx", "yaml"])
def test_org_file_round_trip(tmp_path: Path, form_format: str) -> None:
    study = Study(questionnaire=PLAIN, org=TREE, settings=StudySettings(title="T"))
    save_study(study, tmp_path, form_format=form_format)
    paths = study_paths(tmp_path)
    assert paths.org == tmp_path / "org.csv"
    assert paths.questionnaire == tmp_path / f"questionnaire.{form_format}"
    assert paths.responses == tmp_path / "responses.csv"
    assert load_study(tmp_path) == study


def test_org_that_csv_cannot_hold_goes_to_yaml(tmp_path: Path) -> None:
    tree = TREE.model_copy(update={"levels": [*TREE.levels, OrgLevel(name="team")]})
    study = Study(questionnaire=PLAIN, org=tree)
    save_study(study, tmp_path)
    assert study_paths(tmp_path).org == tmp_path / "org.yaml"
    assert load_study(tmp_path) == study


def test_org_file_is_linked_to_the_asking_question(tmp_path: Path) -> None:
    q = read_xlsform(xlsform(tmp_path, CASCADE))
    (tmp_path / "org.csv").write_text(
        "level,code,name,parent,staff\ndezernat,D1,Dez I,,50\nfachbereich,FB10,FB 10,D1,20\n",
        encoding="utf-8",
    )
    write_yaml_form(q, tmp_path / "questionnaire.yaml")
    study = load_study(tmp_path)  # no study.yaml: defaults
    assert study.settings == StudySettings()
    assert study.org is not None
    assert [(lv.name, lv.question) for lv in study.org.levels] == [
        ("dezernat", "dez"),
        ("fachbereich", "fb"),
    ]
    assert study.org.unit("dezernat", "D1").staff == 50


def test_save_keeps_the_responses_entry(tmp_path: Path) -> None:
    (tmp_path / "study.yaml").write_text("responses: daten/export.csv\n", encoding="utf-8")
    save_study(Study(questionnaire=PLAIN), tmp_path)
    assert study_paths(tmp_path).responses == tmp_path / "daten/export.csv"


def test_paths_without_config(tmp_path: Path) -> None:
    paths = study_paths(tmp_path)
    assert (paths.config, paths.questionnaire, paths.org, paths.responses) == (
        None,
        None,
        None,
        None,
    )
    with pytest.raises(FormError, match="no questionnaire"):
        load_study(tmp_path)
    with pytest.raises(FormError, match="study folder not found"):
        load_study(tmp_path / "nowhere")


@pytest.mark.parametrize(
    ("config", "column", "fragment"),
    [
        ("k: 0\n", "k", "greater than or equal to 1"),
        ("titel: x\n", "titel", "unknown key"),
        ("questionnaire: [a]\n", "questionnaire", "expected a file name"),
    ],
)
def test_config_errors(tmp_path: Path, config: str, column: str, fragment: str) -> None:
    save_study(Study(questionnaire=PLAIN), tmp_path)
    (tmp_path / "study.yaml").write_text(config, encoding="utf-8")
    with pytest.raises(FormError) as info:
        load_study(tmp_path)
    assert (info.value.path, info.value.column) == (tmp_path / "study.yaml", column)
    assert fragment in info.value.message


def test_named_file_that_is_missing(tmp_path: Path) -> None:
    (tmp_path / "study.yaml").write_text("questionnaire: fragebogen.xlsx\n", encoding="utf-8")
    with pytest.raises(FormError) as info:
        load_study(tmp_path)
    assert str(info.value) == "fragebogen.xlsx: file not found"


def test_derive_error_names_the_questionnaire(tmp_path: Path) -> None:
    broken = CASCADE.replace(
        "| fb        | FB10 | Fachbereich 10 | D1       |",
        "| fb        | FB10 | Fachbereich 10 | D7       |",
    )
    xlsform(tmp_path, broken, name="questionnaire.xlsx")
    with pytest.raises(FormError) as info:
        load_study(tmp_path)
    assert str(info.value).startswith("questionnaire.xlsx: question 'fb', choice 'FB10'")


def test_unknown_form_format(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="form_format 'json'"):
        save_study(Study(questionnaire=PLAIN), tmp_path, form_format="json")


def test_study_folder_knows_every_part(tmp_path: Path) -> None:
    folder = StudyFolder.save(Study(questionnaire=PLAIN, org=TREE), tmp_path / "s")
    root = tmp_path / "s"
    assert (folder.config, folder.questionnaire, folder.org, folder.responses) == (
        root / "study.yaml",
        root / "questionnaire.xlsx",
        root / "org.csv",
        root / "responses.csv",
    )
    assert (folder.report, folder.interviews, folder.plan, folder.waves, folder.report_out) == (
        root / "report",
        root / "interviews",
        root / "plan",
        root / "waves",
        root / "report-out",
    )
    assert folder.load() == Study(questionnaire=PLAIN, org=TREE)
    assert StudyFolder.holds_study(root) and not StudyFolder.holds_study(tmp_path)


def test_team_files_are_all_that_lipkit_does_not_make(tmp_path: Path) -> None:
    root = tmp_path / "s"
    StudyFolder.save(Study(questionnaire=PLAIN), root)
    (root / "study.yaml").write_text(
        "questionnaire: fragebogen.yaml\nresponses: daten/antworten.csv\n", encoding="utf-8"
    )
    write_yaml_form(PLAIN, root / "fragebogen.yaml")
    files = {
        "daten/antworten.csv": b"t\nx\n",  # the responses study.yaml names
        "responses.csv": b"t\ny\n",  # and those under the default name
        "org.yaml": b"levels: []\n",
        "report/01-einleitung.md": b"# Einleitung\n",
        "report/bilder/logo.png": b"\x89PNG",
        "interviews/a.md": b"---\nid: A\n---\n",
        "plan/massnahmen.yaml": b"[]\n",
        "waves/2024/responses.csv": b"t\nz\n",
        "schrift/City.ttf": b"font",
        "report-out/bericht.html": b"<html>",  # written by lipkit report
        ".git/config": b"x",
        "report/.DS_Store": b"x",
    }
    for name, content in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(content)
    kept = StudyFolder.at(root).team_files()
    assert kept == {
        name: files[name]
        for name in [
            "interviews/a.md",
            "plan/massnahmen.yaml",
            "report/01-einleitung.md",
            "report/bilder/logo.png",
            "schrift/City.ttf",
            "waves/2024/responses.csv",
        ]
    }
    # Written into another folder, they are that folder's team files again.
    copy = StudyFolder.save(Study(questionnaire=PLAIN), tmp_path / "copy")
    copy.write_team_files(kept)
    assert copy.team_files() == kept


def test_team_files_stay_inside_the_folder(tmp_path: Path) -> None:
    folder = StudyFolder.at(tmp_path / "s")
    with pytest.raises(ValueError, match=r"'\.\./evil': not a path inside the study folder"):
        folder.write_team_files({"../evil": b"x"})
    assert not (tmp_path / "evil").exists()


BREAKDOWN_FORM = """
| survey |
|        | type           | name  | label    |
|        | select_one r   | rolle | Rolle    |
|        | text           | notiz | Notiz    |
| choices |
|         | list_name | name | label       |
|         | r         | fl   | Leitung     |
|         | r         | ma   | Mitarbeiter |
"""


def test_agreed_breakdowns_round_trip_and_a_wrong_one_is_located(tmp_path: Path) -> None:
    q = read_xlsform(xlsform(tmp_path, BREAKDOWN_FORM))
    study = Study(questionnaire=q, settings=StudySettings(breakdowns=["rolle"]))
    folder = tmp_path / "study"
    save_study(study, folder)
    config = folder / "study.yaml"
    assert "breakdowns:\n- rolle\n" in config.read_text(encoding="utf-8")
    assert load_study(folder).breakdown_questions() == ["rolle"]
    config.write_text(
        config.read_text(encoding="utf-8").replace("- rolle", "- notiz"), encoding="utf-8"
    )
    with pytest.raises(FormError) as caught:
        load_study(folder)
    assert caught.value.column == "breakdowns" and caught.value.path == config
    assert "'notiz' is no select_one question of the questionnaire (type: text)" in str(
        caught.value
    )
