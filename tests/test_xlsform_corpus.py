"""Real XLSForms (tests/corpus): read with pyxform's reader, every type carried, all problems
at once, Kobo's matrix/score/rank, old single-colon headers, and the exports people have."""

from __future__ import annotations

import warnings
from pathlib import Path

import polars as pl
import pytest

from lipkit.data.io import read_responses
from lipkit.study.errors import FormError, FormErrors
from lipkit.study.formats import load_questionnaire
from lipkit.study.model import Group, QuestionType, ScaleOrder
from lipkit.study.xlsform import read_xlsform

CORPUS = Path(__file__).parent / "corpus"
FORMS = sorted(
    p
    for d in ("pyxform", "own")
    for p in (CORPUS / d).iterdir()
    if p.suffix in {".xlsx", ".xls", ".csv", ".md"}
)
# pyxform refuses these two as well: a group without a name; a form full of mistakes.
REFUSED = {"bug_group_name_test.xls", "many_problems.md"}


@pytest.mark.parametrize("path", FORMS, ids=lambda p: p.name)
def test_every_corpus_form_loads_or_is_refused_located(path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no library warning leaks to the user
        if path.name in REFUSED:
            with pytest.raises(FormError) as info:
                load_questionnaire(path)
            assert all(e.row is not None and e.sheet for e in info.value.errors)  # type: ignore[attr-defined]
            return
        q = load_questionnaire(path)
    assert q.questions()


def test_corpus_counts() -> None:
    assert len(FORMS) == 42
    assert {p.name for p in FORMS} >= REFUSED


def test_one_form_in_every_format_pyxform_reads() -> None:
    def shape(name: str) -> list[tuple[str, str]]:
        q = load_questionnaire(CORPUS / "pyxform" / name)
        return [(x.name, str(x.type)) for x in q.questions()]

    expected = [("your_name", "text"), ("your_age", "integer")]
    assert shape("text_and_integer.csv") == expected
    # .xls, .xlsx, .md and .csv of the same form read alike
    assert shape("case_insensitivity.xls") == shape("case_insensitivity.xlsx")
    assert shape("case_insensitivity.md") == shape("case_insensitivity.csv")
    assert shape("group.md") == shape("group.xlsx")


def test_old_single_colon_headers_keep_labels_relevance_and_constraint() -> None:
    q = read_xlsform(CORPUS / "own" / "old_single_colon_headers.md")
    age, member = q.questions()
    assert age.label == {"en": "Your age", "de": "Ihr Alter"}
    assert age.constraint == ". <= 26"
    assert age.constraint_message == {"en": "At most 26"}
    assert member.relevant == "${age} > 14"
    assert q.choices["yn"].get("yes").label == {"en": "Yes", "de": "Ja"}  # type: ignore[union-attr]


def test_all_problems_at_once_each_located() -> None:
    with pytest.raises(FormErrors) as info:
        read_xlsform(CORPUS / "own" / "many_problems.md")
    located = [(e.sheet, e.row, e.column) for e in info.value.errors]
    assert located == [
        ("choices", 3, "name"),
        ("survey", 2, "type"),
        ("survey", 3, "name"),
        ("survey", 4, "required"),
        ("survey", 5, "lipkit::scale"),
        ("survey", 6, "name"),
    ]
    assert len(info.value.lines) == 6
    assert "invalid name '2bad'" in info.value.errors[2].message
    assert info.value.errors[2].hint == "begin the name with a letter, e.g. 'q_2bad'"


def test_kobo_household_every_type_is_carried_or_analysed() -> None:
    q = read_xlsform(CORPUS / "own" / "kobo_household.md")
    carried = [(x.name, x.xlsform_type, x.not_analysed) for x in q.questions() if x.not_analysed]
    assert carried == [
        ("start", "start", "metadata"),
        ("end", "end", "metadata"),
        ("deviceid", "deviceid", "metadata"),
        ("today", "today", "metadata"),
        ("location", "geopoint", "location"),
        ("house_photo", "image", "media"),
        ("hh_card", "barcode", "barcode"),
        ("visit_time", "time", "time"),
        ("visit_dt", "dateTime", "time"),
        ("consent", "acknowledge", "acknowledge"),
        ("remarks_audio", "audio", "media"),
        ("member_name", "text", "repeat"),
        ("member_age", "integer", "repeat"),
    ]
    # or_other: an 'other' choice and its text question, as pyxform and Kobo expand it
    assert q.choices["damage"].names() == ["none", "partly", "fully", "other"]
    other = q.question("damage_other")
    assert (other.type, other.relevant) == (QuestionType.TEXT, "selected(${damage}, 'other')")
    # range start=1 end=5: a rating scale of five points, positive end last
    satisfaction = q.question("satisfaction")
    assert satisfaction.type == QuestionType.SELECT_ONE
    assert q.scale_values(satisfaction) == {"1": 1, "2": 2, "3": 3, "4": 4, "5": 5}
    members = next(g for g in q.groups() if g.name == "members")
    assert (members.repeat, members.repeat_count) == (True, "${hh_size}")
    # a name beginning with '_' is a question like any other
    assert q.question("_device_date").type == QuestionType.TEXT


def test_kobo_matrix_score_and_rank() -> None:
    q = read_xlsform(CORPUS / "own" / "kobo_matrix_score_rank.md")
    assert [(x.name, str(x.type), x.list_name) for x in q.questions()] == [
        ("assets_car_have", "select_one", "yn"),
        ("assets_car_number", "integer", None),
        ("assets_bike_have", "select_one", "yn"),
        ("assets_bike_number", "integer", None),
        ("schools", "select_one", "satisfaction"),
        ("clinics", "select_one", "satisfaction"),
        ("prio_1st", "select_one", "priority"),
        ("prio_2nd", "select_one", "priority"),
    ]
    services = next(g for g in q.groups() if g.name == "services")
    assert isinstance(services, Group) and services.is_matrix
    assert q.question("schools").scale == ScaleOrder.POSITIVE_FIRST
    car = next(g for g in q.groups() if g.name == "assets_car")
    assert car.label == {"de": "Car"}


def test_allow_choice_duplicates_and_end_group_name_as_pyxform(tmp_path: Path) -> None:
    path = tmp_path / "f.md"
    path.write_text(
        """
| survey |
|        | type          | name | label |
|        | begin_group   | g    | G     |
|        | select_one c  | a    | A     |
|        | end_group     | other_name |  |
| choices |
|         | list_name | name | label |
|         | c         | x    | X     |
|         | c         | x    | X too |
| settings |
|          | allow_choice_duplicates |
|          | yes                     |
""",
        encoding="utf-8",
    )
    q = read_xlsform(path)
    assert q.choices["c"].names() == ["x"]


def test_question_name_with_underscore_and_kobo_separators(tmp_path: Path) -> None:
    q = read_xlsform(CORPUS / "own" / "kobo_household.md")
    data = tmp_path / "export.csv"
    data.write_text(
        "start,grp.district,grp:hh_size,_device_date,_id\n2024-01-01,north,4,2024-01-02,7\n",
        encoding="utf-8",
    )
    responses = read_responses(data, q)
    frame = responses.frame
    assert frame["district"].to_list() == ["north"]
    assert frame["hh_size"].to_list() == [4]
    assert frame["_device_date"].to_list() == ["2024-01-02"]
    assert frame["_id"].dtype == pl.String


def test_a_labels_export_is_an_error(tmp_path: Path) -> None:
    q = read_xlsform(CORPUS / "own" / "kobo_household.md")
    data = tmp_path / "labels.csv"
    data.write_text("District,Household size\nNorth,4\n", encoding="utf-8")
    errors = [i for i in read_responses(data, q).issues if i.severity == "error"]
    assert [i.code for i in errors] == ["no_matching_column"]


def test_dont_know_is_a_missing_code_and_scales_need_a_known_pair_of_ends(tmp_path: Path) -> None:
    q = read_xlsform(CORPUS / "own" / "scale_dont_know.md")
    # "weiß nicht" and "kann ich nicht beurteilen" are missing codes, never scale points
    assert q.missing_codes("klima") == ["9"]
    assert q.scale_values("klima") == {"1": 4, "2": 3, "3": 2, "4": 1}
    assert q.missing_codes("weiter") == ["kann"]
    assert q.question("weiter").scale == ScaleOrder.POSITIVE_FIRST
    # a list of reasons is no scale, though one label says "nie"
    assert q.question("grund").scale is None
    path = tmp_path / "damage.md"
    path.write_text(
        """
| survey |
|        | type            | name   | label  |
|        | select_one dmg  | damage | Damage |
|        | select_one ag   | agree  | Agree  |
| choices |
|         | list_name | name  | label               |
|         | dmg       | never | Never received aid  |
|         | dmg       | part  | Partly damaged      |
|         | dmg       | full  | Fully destroyed     |
|         | ag        | sa    | Strongly agree      |
|         | ag        | a     | Agree               |
|         | ag        | d     | Disagree            |
|         | ag        | sd    | Strongly disagree   |
|         | ag        | dk    | Don't know          |
|         | ag        | ref   | Refused             |
""",
        encoding="utf-8",
    )
    q = read_xlsform(path)
    assert q.question("damage").scale is None  # "Fully destroyed" is no positive end
    assert q.missing_codes("agree") == ["dk", "ref"]
    assert q.question("agree").scale == ScaleOrder.POSITIVE_FIRST


def test_mean_of_a_scale_leaves_dont_know_out(tmp_path: Path) -> None:
    from studies import with_k

    from lipkit.analysis.engine import analyze
    from lipkit.study.model import Study

    q = read_xlsform(CORPUS / "own" / "scale_dont_know.md")
    data = tmp_path / "answers.csv"
    data.write_text(
        "klima,grund,weiter\n1,geld,oft\n2,weg,nie\n4,team,kann\n9,nie,selten\n3,geld,manch\n",
        encoding="utf-8",
    )
    frame = read_responses(data, q).frame
    result = analyze(with_k(Study(questionnaire=q), 1), frame, questions=["klima"], k=1)
    # codes: trifft voll zu 4, eher zu 3, eher nicht zu 2, gar nicht zu 1; "weiß nicht" is out
    # mean (4 + 3 + 1 + 2) / 4 = 2.5 (it was 3.0 with "weiß nicht" as a fifth scale point)
    assert result.questions["mean"].to_list() == [pytest.approx(2.5)]


def test_validate_a_form_without_data_says_what_it_inferred_and_leaves_out() -> None:
    from typer.testing import CliRunner

    from lipkit.cli import app

    result = CliRunner().invoke(app, ["validate", str(CORPUS / "own" / "kobo_household.md")])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "Erkannt: satisfaction: Skala, positives Ende zuletzt (1 … 5)" in lines
    carried = [line for line in lines if line.startswith("Nicht ausgewertet")]
    assert len(carried) == 1  # listed once
    assert carried[0].startswith("Nicht ausgewertet (13): start (start: Metadaten des Geräts")
    assert "location (geopoint: Ortsangabe (Geodaten))" in carried[0]
    assert lines[-1].endswith("kobo_household.md: 22 Fragen, 0 Fehler")


def test_serve_refuses_a_form_it_cannot_evaluate_before_starting(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from lipkit.cli import app

    study = tmp_path / "study"
    study.mkdir()
    form = study / "questionnaire.xlsx"
    from formtable import xlsform

    xlsform(
        study,
        """
        | survey |
        |        | type | name | label::Deutsch (de) | constraint    |
        |        | date | d    | Datum               | pulldata('f', 'c', 'k', .) = 1 |
        """,
        name=form.name,
    )
    result = CliRunner().invoke(app, ["serve", "--study", str(study)])
    assert result.exit_code == 2
    assert (
        "question 'd', constraint \"pulldata('f', 'c', 'k', .) = 1\": unknown function "
        "'pulldata()'" in result.output
    )


def test_validate_form_names_an_expression_it_cannot_evaluate() -> None:
    from typer.testing import CliRunner

    from lipkit.cli import app

    # pyxform's example filters on a bare name 'yes' (an XPath path, not the text 'yes')
    result = CliRunner().invoke(app, ["validate", str(CORPUS / "pyxform" / "or_other.xlsx")])
    assert result.exit_code == 2
    assert (
        "question 'fav_pastel', choice_filter \"pastel=yes\": 'yes' is not a column of choice "
        "list 'colors' (columns: name, pastel) at position 7" in result.output
    )


def test_validate_reads_the_date_functions_of_a_real_form() -> None:
    from typer.testing import CliRunner

    from lipkit.cli import app

    # widgets.xls: constraint ". >= today()" on my_date (refused before issue 14's functions)
    result = CliRunner().invoke(app, ["validate", str(CORPUS / "pyxform" / "widgets.xls")])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].endswith("widgets.xls: 32 Fragen, 0 Fehler")


def test_convert_keeps_every_column_and_the_forms_language(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from lipkit.cli import app

    source = tmp_path / "english.md"
    header = (
        "| type | name | label::English (en) | default | readonly | media::image "
        "| kobo--locking-profile | bind::jr:requiredMsg |"
    )
    source.write_text(
        "| survey |\n"
        f"| | {header[2:]}\n"
        "| | integer | n | How many? | 3 | yes | count.png | core | Please answer |\n"
        "| | geopoint | gp | Where? | | | | | |\n",
        encoding="utf-8",
    )
    for target in (tmp_path / "out.xlsx", tmp_path / "out.yaml"):
        result = CliRunner().invoke(app, ["convert", str(source), str(target)])
        assert result.exit_code == 0, result.output
        back = load_questionnaire(target)
        assert back.settings.default_language == "en"  # not "Deutsch (de)"
        assert back.languages == ["en"]
        n = back.question("n")
        assert n.extra == {
            "default": "3",
            "readonly": "yes",
            "media::image": "count.png",
            "kobo--locking-profile": "core",
            "bind::jr:requiredMsg": "Please answer",
        }
        assert (back.question("gp").xlsform_type, back.question("gp").not_analysed) == (
            "geopoint",
            "location",
        )


def test_odk_central_csv_export(tmp_path: Path) -> None:
    """ODK Central: group prefixes joined with '-', select_multiple as one column of names,
    its own metadata columns (no warning for them)."""
    form = tmp_path / "form.md"
    form.write_text(
        """
| survey |
|        | type                | name   | label  |
|        | begin_group         | hh     | HH     |
|        | integer             | size   | Size   |
|        | select_multiple nd  | needs  | Needs  |
|        | end_group           |        |        |
| choices |
|         | list_name | name  | label |
|         | nd        | food  | Food  |
|         | nd        | water | Water |
""",
        encoding="utf-8",
    )
    q = read_xlsform(form)
    data = tmp_path / "central.csv"
    data.write_text(
        "SubmissionDate,hh-size,hh-needs,meta-instanceID,KEY,SubmitterID,SubmitterName,"
        "AttachmentsPresent,AttachmentsExpected,Status,ReviewState,DeviceID,Edits,FormVersion\n"
        "2024-05-01T10:00:00Z,3,food water,uuid:1,uuid:1,5,anna,0,0,,,dev,0,1\n"
        "2024-05-02T10:00:00Z,,,uuid:2,uuid:2,5,anna,0,0,,,dev,0,1\n",
        encoding="utf-8",
    )
    responses = read_responses(data, q)
    assert [i.code for i in responses.issues] == []
    frame = responses.frame
    assert frame["size"].to_list() == [3, None]
    assert frame["needs/food"].to_list() == [True, None]
    assert frame["needs/water"].to_list() == [True, None]
    assert frame["KEY"].to_list() == ["uuid:1", "uuid:2"]


@pytest.mark.parametrize("path", [p for p in FORMS if p.name not in REFUSED], ids=lambda p: p.name)
def test_every_corpus_form_converts_losslessly(path: Path, tmp_path: Path) -> None:
    from lipkit.study.formats import save_questionnaire

    q = load_questionnaire(path)
    for target in (tmp_path / "form.xlsx", tmp_path / "form.yaml"):
        save_questionnaire(q, target)
        assert load_questionnaire(target).model_dump() == q.model_dump()
