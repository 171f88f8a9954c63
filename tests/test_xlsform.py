"""XLSForm reading and writing, with forms written inline as markdown tables."""

# The forms are tables, one sheet row per line; wrapping them would make them unreadable.
# ruff: noqa: E501

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from formtable import xlsform
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyxform.xls2xform import convert

from lipkit.study.errors import FormError
from lipkit.study.model import (
    Choice,
    ChoiceList,
    Group,
    Question,
    Questionnaire,
    QuestionType,
    ScaleOrder,
    Settings,
)
from lipkit.study.xlsform import language_code, read_xlsform, write_xlsform
from lipkit.study.yamlform import read_yaml_form, write_yaml_form

AGREE = """
| choices |
|         | list_name | name | label::Deutsch (de) | label::English (en) |
|         | agree     | ja   | Ja                  | Yes                 |
|         | agree     | nein | Nein                | No                  |
"""


def read(tmp_path: Path, markdown: str) -> Questionnaire:
    return read_xlsform(xlsform(tmp_path, markdown))


def error(tmp_path: Path, markdown: str) -> FormError:
    with pytest.raises(FormError) as info:
        read(tmp_path, markdown)
    return info.value


# -- reading -----------------------------------------------------------------------------------


def test_questions_labels_hints_settings(tmp_path: Path) -> None:
    q = read(
        tmp_path,
        """
        | survey |
        |        | type             | name  | label::Deutsch (de) | label::English (en) | hint::Deutsch (de) | required | relevant        |
        |        | select_one agree | zufr  | Zufrieden?          | Satisfied?          | Bitte ankreuzen    | yes      |                 |
        |        | text             | warum | Warum?              | Why?                |                    |          | ${zufr} = 'nein' |
        |        | integer          | alter | Alter               | Age                 |                    | TRUE()   |                 |
        """
        + AGREE
        + """
        | settings |
        |          | form_title | form_id | version | default_language |
        |          | Befragung  | bef     | 3       | Deutsch (de)     |
        """,
    )
    assert q == Questionnaire(
        settings=Settings(
            form_title="Befragung", form_id="bef", version="3", default_language="de"
        ),
        languages=["de", "en"],
        survey=[
            Question(
                name="zufr",
                type=QuestionType.SELECT_ONE,
                list_name="agree",
                label={"de": "Zufrieden?", "en": "Satisfied?"},
                hint={"de": "Bitte ankreuzen"},
                required=True,
            ),
            Question(
                name="warum",
                type=QuestionType.TEXT,
                label={"de": "Warum?", "en": "Why?"},
                relevant="${zufr} = 'nein'",
            ),
            Question(
                name="alter",
                type=QuestionType.INTEGER,
                label={"de": "Alter", "en": "Age"},
                required=True,
            ),
        ],
        choices={
            "agree": ChoiceList(
                name="agree",
                choices=[
                    Choice(name="ja", label={"de": "Ja", "en": "Yes"}),
                    Choice(name="nein", label={"de": "Nein", "en": "No"}),
                ],
            )
        },
    )


def test_pyxform_synonyms_and_metadata(tmp_path: Path) -> None:
    q = read(
        tmp_path,
        """
        | survey |
        |        | type                            | name  | caption | relevance    |
        |        | start                           | start |         |              |
        |        | deviceid                        | dev   |         |              |
        |        | begin group                     | g     | Gruppe  | ${a} = 'ja'  |
        |        | select one from agree           | a     | A       |              |
        |        | select all that apply from agree | b    | B       |              |
        |        | select all that apply agree     | c     | C       |              |
        |        | select_multiple agree           | d     | D       |              |
        |        | end group                       |       |         |              |
        |        | int                             | e     | E       |              |
        |        | string                          | f     | F       |              |
        |        | q decimal                       | g2    | G       |              |
        |        | date                            | h     | H       |              |
        |        | calculate                       | i     |         |              |
        |        | note                            |       | Danke   |              |
        |        | end                             | end   |         |              |
        """
        + AGREE,
    )
    types = [(qu.name, qu.type, qu.list_name) for qu in q.questions()]
    assert types == [
        # metadata is carried through (stored, exported), not analysed
        ("start", QuestionType.UNANALYSED, None),
        ("dev", QuestionType.UNANALYSED, None),
        ("a", QuestionType.SELECT_ONE, "agree"),
        ("b", QuestionType.SELECT_MULTIPLE, "agree"),
        ("c", QuestionType.SELECT_MULTIPLE, "agree"),
        ("d", QuestionType.SELECT_MULTIPLE, "agree"),
        ("e", QuestionType.INTEGER, None),
        ("f", QuestionType.TEXT, None),
        ("g2", QuestionType.DECIMAL, None),
        ("h", QuestionType.DATE, None),
        ("i", QuestionType.CALCULATE, None),
        # pyxform names a nameless note after its row
        ("generated_note_name_15", QuestionType.NOTE, None),
        ("end", QuestionType.UNANALYSED, None),
    ]
    assert [(qu.xlsform_type, qu.not_analysed) for qu in q.questions() if qu.not_analysed] == [
        ("start", "metadata"),
        ("deviceid", "metadata"),
        ("end", "metadata"),
    ]
    group = q.survey[2]
    assert isinstance(group, Group)
    assert (group.name, group.label, group.relevant) == ("g", {"de": "Gruppe"}, "${a} = 'ja'")
    # the plain label column is the default language; the choices sheet adds English
    assert q.languages == ["de", "en"]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("label::Deutsch (de)", "de"),
        ("label::de", "de"),
        ("label::Deutsch", "de"),
        ("label::English", "en"),
        ("label::Français (fr)", "fr"),
        ("label::Klingon", "Klingon"),
    ],
)
def test_language_of_a_column(tmp_path: Path, header: str, expected: str) -> None:
    q = read(
        tmp_path,
        f"""
        | survey |
        |        | type | name | {header} |
        |        | text | t    | Text     |
        """,
    )
    assert q.languages == [expected]
    assert q.question("t").label == {expected: "Text"}


def test_language_code_from_settings_default_language(tmp_path: Path) -> None:
    q = read(
        tmp_path,
        """
        | survey |
        |        | type | name | label | label::Deutsch (de) |
        |        | text | t    | Text  | Text DE             |
        | settings |
        |          | default_language |
        |          | English (en)     |
        """,
    )
    assert q.settings.default_language == "en"
    assert q.languages == ["en", "de"]
    assert q.question("t").label == {"en": "Text", "de": "Text DE"}
    assert language_code(" English (en) ") == "en"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("yes", True), ("TRUE()", True), ("1", True), ("true", True), ("no", False), ("0", False)],
)
def test_required_spellings(tmp_path: Path, value: str, expected: bool) -> None:
    q = read(
        tmp_path,
        f"""
        | survey |
        |        | type | name | required |
        |        | text | t    | {value}  |
        """,
    )
    assert q.question("t").required is expected


def test_lipkit_columns(tmp_path: Path) -> None:
    q = read(
        tmp_path,
        """
        | survey |
        |        | type              | name   | appearance | lipkit::scale  | lipkit::missing | lipkit::exclusive | lipkit::org_level |
        |        | select_one s5     | zuf    | likert     | positive_first |                 |                   |                   |
        |        | select_one s5     | nur_likert | likert |                |                 |                   |                   |
        |        | select_multiple m | mass   |            |                | weiss           | keine weiss       |                   |
        |        | select_one dez    | dez    |            |                |                 |                   | dezernat          |
        | choices |
        |         | list_name | name  | label    | lipkit::missing | lipkit_exclusive |
        |         | s5        | gut   | gut      |                 |                  |
        |         | s5        | mittel | mittel  |                 |                  |
        |         | s5        | schlecht | schlecht |              |                  |
        |         | s5        | k_a   | k. A.    | yes             |                  |
        |         | m         | a     | A        |                 |                  |
        |         | m         | keine | keine    |                 | yes              |
        |         | m         | weiss | weiß nicht |               |                  |
        |         | dez       | d1    | Dezernat I |               |                  |
        """,
    )
    zuf = q.question("zuf")
    assert zuf.scale == ScaleOrder.POSITIVE_FIRST
    assert q.missing_codes(zuf) == ["k_a"]
    assert q.scale_values(zuf) == {"gut": 3, "mittel": 2, "schlecht": 1}
    # appearance likert alone does not make a scale
    assert q.question("nur_likert").scale is None
    mass = q.question("mass")
    assert (mass.missing, mass.exclusive) == (["weiss"], ["keine", "weiss"])
    assert q.exclusive_codes(mass) == ["keine", "weiss"]
    assert q.question("dez").org_level == "dezernat"
    assert q.choices["s5"].choices[3] == Choice(name="k_a", label={"de": "k. A."}, missing=True)


def test_extra_choice_columns_become_filters(tmp_path: Path) -> None:
    q = read(
        tmp_path,
        """
        | survey |
        |        | type           | name | choice_filter         |
        |        | select_one dez | dez  |                       |
        |        | select_one fb  | fb   | dezernat=${dez}       |
        | choices |
        |         | list_name | name | label    | dezernat | image   | $kuid |
        |         | dez       | d1   | Dez I    |          |         | x1    |
        |         | fb        | fb10 | FB 10    | d1       | fb.png  | x2    |
        """,
    )
    assert q.question("fb").choice_filter == "dezernat=${dez}"
    assert q.choices["fb"].choices[0].filters == {"dezernat": "d1"}
    assert q.choices["dez"].choices[0].filters == {}


def test_matrix_group(tmp_path: Path) -> None:
    q = read(
        tmp_path,
        """
        | survey |
        |        | type              | name | label | appearance | lipkit::scale |
        |        | begin_group       | mat  | Matrix | field-list |              |
        |        | select_one agree  | r1   | Eins  | likert     | positive_first |
        |        | select_one agree  | r2   | Zwei  | likert     | positive_first |
        |        | end_group         |      |       |            |               |
        """
        + AGREE,
    )
    group = q.survey[0]
    assert isinstance(group, Group)
    assert group.is_matrix
    assert [i.name for i in group.items] == ["r1", "r2"]


# -- errors ------------------------------------------------------------------------------------


def test_unknown_type_names_sheet_row_column(tmp_path: Path) -> None:
    err = error(
        tmp_path,
        """
        | survey |
        |        | type             | name |
        |        | text             | a    |
        |        | select_won agree | b    |
        """
        + AGREE,
    )
    assert (err.sheet, err.row, err.column) == ("survey", 3, "type")
    assert str(err).startswith(
        "form.xlsx, sheet 'survey', row 3, column 'type': unknown question type "
        "'select_won agree'; expected an XLSForm type (select_one <list>,"
    )
    assert err.hint == "did you mean 'select_one <list>'?"


@pytest.mark.parametrize(
    ("rows", "row", "column", "fragment"),
    [
        ("| | select_one nolist | a | |", 2, "type", "choice list 'nolist' is not on the choices"),
        ("| | text | a | |\n| | integer | a | |", 3, "name", "name 'a' is already used in row 2"),
        ("| | end_group | | |", 2, "type", "end_group without a matching begin_group"),
        ("| | begin_group | g | |\n| | text | a | |", 2, "type", "group 'g' is never closed"),
        ("| | begin_repeat | r | |", 2, "type", "group 'r' is never closed; expected an end_"),
        ("| | select_one agree | a | positive |", 2, "lipkit::scale", "invalid scale 'positive'"),
        ("| | text | a | positive_first |", 2, "lipkit::scale", "must be a select_one"),
        ("| | text | 1a | |", 2, "name", "invalid name '1a'"),
        ("| | | a | |", 2, "type", "row has no type"),
        ("| | date_time | a | |", 2, "type", "unknown question type 'date_time'"),
    ],
)
def test_survey_errors(tmp_path: Path, rows: str, row: int, column: str, fragment: str) -> None:
    err = error(
        tmp_path,
        f"""
        | survey |
        |        | type | name | lipkit::scale |
        {rows}
        """
        + AGREE,
    )
    assert (err.path, err.sheet, err.row, err.column) == (
        tmp_path / "form.xlsx",
        "survey",
        row,
        column,
    )
    assert fragment in err.message


def test_error_on_missing_code_outside_list_and_required_expression(tmp_path: Path) -> None:
    err = error(
        tmp_path,
        """
        | survey |
        |        | type             | name | lipkit::missing |
        |        | select_one agree | a    | k_a             |
        """
        + AGREE,
    )
    assert (err.row, err.column) == (2, "lipkit::missing")
    assert "'k_a' is not a choice of list 'agree'" in err.message
    err = error(
        tmp_path,
        """
        | survey |
        |        | type | name | required      |
        |        | text | a    | ${b} = 'x'    |
        """,
    )
    assert (err.row, err.column) == (2, "required")


def test_choice_errors(tmp_path: Path) -> None:
    err = error(
        tmp_path,
        """
        | survey |
        |        | type             | name |
        |        | select_one agree | a    |
        | choices |
        |         | list_name | name | label | lipkit_missing |
        |         | agree     | ja   | Ja    |                |
        |         | agree     | ja   | Ja!   |                |
        """,
    )
    assert (err.sheet, err.row, err.column) == ("choices", 3, "name")
    assert "choice 'ja' appears twice in list 'agree' (first in row 2)" in err.message
    err = error(
        tmp_path,
        """
        | survey |
        |        | type             | name |
        |        | select_one agree | a    |
        | choices |
        |         | list_name | name | label | lipkit_missing |
        |         | agree     | ja   | Ja    | vielleicht     |
        """,
    )
    assert (err.sheet, err.row, err.column) == ("choices", 2, "lipkit_missing")


def test_unknown_lipkit_column(tmp_path: Path) -> None:
    err = error(
        tmp_path,
        """
        | survey |
        |        | type | name | lipkit::scale_order |
        |        | text | a    | x                   |
        """,
    )
    assert (err.sheet, err.row, err.column) == ("survey", 1, "lipkit::scale_order")


def test_no_survey_sheet(tmp_path: Path) -> None:
    err = error(tmp_path, AGREE)
    assert "no sheet named 'survey'" in err.message


# -- writing and round trips -------------------------------------------------------------------

FULL_FORM = """
| survey |
|        | type              | name | label::Deutsch (de) | label::English (en) | hint::English (en) | appearance | relevant | constraint | constraint_message::Deutsch (de) | required | calculation | choice_filter | lipkit::scale | lipkit::missing | lipkit::exclusive | lipkit::org_level |
|        | select_one dez    | dez  | Dezernat            | Department          |                    |            |          |            |                                  | yes      |             |               |               |                 |                   | dezernat          |
|        | select_one fb     | fb   | Fachbereich         | Division            |                    |            |          |            |                                  |          |             | dezernat=${dez} |             |                 |                   | fachbereich       |
|        | begin_group       | mat  | Arbeit              | Work                |                    | field-list | ${dez} != '' |        |                                  |          |             |               |               |                 |                   |                   |
|        | select_one s5     | r1   | Eins                | One                 | Pick one           | likert     |          |            |                                  |          |             |               | positive_first |                |                   |                   |
|        | select_one s5     | r2   | Zwei                | Two                 |                    | likert     |          |            |                                  |          |             |               | positive_last | k_a             |                   |                   |
|        | end_group         |      |                     |                     |                    |            |          |            |                                  |          |             |               |               |                 |                   |                   |
|        | select_multiple m | mass | Maßnahmen           | Measures            |                    |            |          |            |                                  |          |             |               |               |                 | a                 |                   |
|        | integer           | alter | Alter              | Age                 |                    |            |          | . > 15     | Mindestens 16                    |          |             |               |               |                 |                   |                   |
|        | calculate         | jung |                     |                     |                    |            |          |            |                                  |          | ${alter} < 30 |             |               |                 |                   |                   |
| choices |
|         | list_name | name     | label::Deutsch (de) | label::English (en) | lipkit_missing | lipkit_exclusive | dezernat |
|         | dez       | d1       | Dezernat I          | Department I        |                |                  |          |
|         | dez       | d2       | Dezernat II         | Department II       |                |                  |          |
|         | fb        | fb10     | FB 10               | Div 10              |                |                  | d1       |
|         | fb        | fb20     | FB 20               | Div 20              |                |                  | d2       |
|         | s5        | 1        | gut                 | good                |                |                  |          |
|         | s5        | 2        | schlecht            | bad                 |                |                  |          |
|         | s5        | k_a      | k. A.               | n/a                 | yes            |                  |          |
|         | m         | a        | A                   | A                   |                |                  |          |
|         | m         | keine    | keine               | none                |                | yes              |          |
| settings |
|          | form_title | form_id | version | default_language |
|          | Befragung  | bef     | 2026    | Deutsch (de)     |
"""


def test_round_trip_xlsform(tmp_path: Path) -> None:
    q = read(tmp_path, FULL_FORM)
    out = tmp_path / "out.xlsx"
    write_xlsform(q, out)
    assert read_xlsform(out) == q
    assert q.question("r2").missing == ["k_a"]
    assert q.choices["s5"].names() == ["1", "2", "k_a"]


def test_round_trip_through_yaml(tmp_path: Path) -> None:
    q = read(tmp_path, FULL_FORM)
    write_yaml_form(q, tmp_path / "form.yaml")
    via_yaml = read_yaml_form(tmp_path / "form.yaml")
    assert via_yaml == q
    write_xlsform(via_yaml, tmp_path / "back.xlsx")
    assert read_xlsform(tmp_path / "back.xlsx") == q


def test_written_form_is_accepted_by_pyxform(tmp_path: Path) -> None:
    q = read(tmp_path, FULL_FORM)
    out = tmp_path / "out.xlsx"
    write_xlsform(q, out)
    result = convert(str(out))
    assert "<h:title>Befragung</h:title>" in result.xform
    assert 'lang="Deutsch (de)" default="true()"' in result.xform
    assert 'lang="English (en)"' in result.xform
    # the cascading select survived as an XPath predicate on the filter column
    assert "dezernat= /data/dez" in result.xform


def test_writer_leaves_out_unused_columns(tmp_path: Path) -> None:
    # ... except lipkit's own: written always, so that the re-read form declares its
    # (here: no) missing codes, scales and org levels instead of having them inferred.
    q = Questionnaire(survey=[Question(name="t", type=QuestionType.TEXT, label={"de": "Text"})])
    out = tmp_path / "min.xlsx"
    write_xlsform(q, out)
    from openpyxl import load_workbook

    wb = load_workbook(out)
    assert [c.value for c in wb["survey"][1]] == [
        "type",
        "name",
        "label::Deutsch (de)",
        "lipkit::scale",
        "lipkit::missing",
        "lipkit::exclusive",
        "lipkit::org_level",
    ]
    assert [c.value for c in wb["survey"][2]] == ["text", "t", "Text", None, None, None, None]
    assert [c.value for c in wb["settings"][1]] == ["default_language"]
    assert read_xlsform(out) == q


def test_kobo_autonames_fill_empty_names(tmp_path: Path) -> None:
    q = read(
        tmp_path,
        """
        | survey |
        |        | type             | name | $autoname | label | $kuid |
        |        | select_one agree |      | zufr      | Gut?  | k1    |
        | choices |
        |         | list_name | name | $autovalue | label | $kuid |
        |         | agree     |      | ja         | Ja    | k2    |
        """,
    )
    assert q.question("zufr").list_name == "agree"
    assert q.choices["agree"].choices[0].name == "ja"
    assert q.choices["agree"].choices[0].filters == {}


# -- property: every model survives both formats -----------------------------------------------

_TEXT = st.text(
    alphabet=st.sampled_from(list("abcäöüßXYZ 019?.,'\"=:-#{}[]")), min_size=1, max_size=12
).filter(lambda t: t == t.strip())
_EXPRESSIONS = st.sampled_from([None, "${x} = 'a'", ". > 3", "not(selected(${y}, 'k_a'))"])


@st.composite
def questionnaires(draw: st.DrawFn) -> Questionnaire:
    languages = draw(st.sampled_from([["de"], ["de", "en"], ["en", "de"]]))
    names = iter(
        draw(
            st.lists(
                st.from_regex(r"[a-z][a-z0-9_]{0,6}", fullmatch=True),
                min_size=30,
                max_size=30,
                unique=True,
            )
        )
    )

    def labels() -> dict[str, str]:
        return draw(st.dictionaries(st.sampled_from(languages), _TEXT, max_size=2))

    lists: dict[str, ChoiceList] = {}
    for list_name in draw(st.lists(st.sampled_from(["l1", "l2", "l3"]), min_size=1, unique=True)):
        codes = draw(
            st.lists(
                st.from_regex(r"[a-z0-9_]{1,4}", fullmatch=True),
                min_size=1,
                max_size=4,
                unique=True,
            )
        )
        lists[list_name] = ChoiceList(
            name=list_name,
            choices=[
                Choice(
                    name=code,
                    label=labels(),
                    missing=draw(st.booleans()),
                    exclusive=draw(st.booleans()),
                    filters=draw(
                        st.dictionaries(
                            st.sampled_from(["dezernat", "region"]),
                            st.from_regex(r"[A-Z][0-9]", fullmatch=True),
                        )
                    ),
                )
                for code in codes
            ],
        )
    org_levels = iter(["dezernat", "fachbereich", "team"])

    def question() -> Question:
        qtype = draw(st.sampled_from([t for t in QuestionType if t != QuestionType.UNANALYSED]))
        list_name = (
            draw(st.sampled_from(sorted(lists)))
            if qtype in {QuestionType.SELECT_ONE, QuestionType.SELECT_MULTIPLE}
            else None
        )
        codes = lists[list_name].names() if list_name else []
        return Question(
            name=next(names),
            type=qtype,
            list_name=list_name,
            label=labels(),
            hint=labels(),
            relevant=draw(_EXPRESSIONS),
            constraint=draw(_EXPRESSIONS),
            constraint_message=labels(),
            required=draw(st.booleans()),
            appearance=draw(st.sampled_from([None, "likert", "minimal"])),
            choice_filter=draw(st.sampled_from([None, "dezernat=${x}"])) if list_name else None,
            calculation="1 + 2" if qtype == QuestionType.CALCULATE else None,
            scale=draw(st.sampled_from([None, *ScaleOrder]))
            if qtype == QuestionType.SELECT_ONE
            else None,
            missing=draw(st.lists(st.sampled_from(codes), unique=True)) if codes else [],
            exclusive=draw(st.lists(st.sampled_from(codes), unique=True)) if codes else [],
            org_level=next(org_levels, None)
            if qtype == QuestionType.SELECT_ONE and draw(st.booleans())
            else None,
        )

    def items(depth: int) -> list:
        out: list = []
        for _ in range(draw(st.integers(0, 3))):
            if depth < 2 and draw(st.booleans()):
                out.append(
                    Group(
                        name=next(names),
                        label=labels(),
                        relevant=draw(_EXPRESSIONS),
                        appearance=draw(st.sampled_from([None, "field-list"])),
                        items=items(depth + 1),
                    )
                )
            else:
                out.append(question())
        return out

    return Questionnaire(
        settings=Settings(
            form_title=draw(st.sampled_from(["", "Befragung 2026"])),
            form_id=draw(st.sampled_from(["", "bef"])),
            version=draw(st.sampled_from(["", "1.0", "007"])),
            default_language=draw(st.sampled_from(["de", "en"])),
        ),
        languages=languages,
        survey=items(0),
        choices=lists,
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(questionnaires())
def test_every_questionnaire_survives_both_formats(q: Questionnaire) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        write_xlsform(q, Path(tmp) / "f.xlsx")
        assert read_xlsform(Path(tmp) / "f.xlsx") == q
        write_yaml_form(q, Path(tmp) / "f.yaml")
        assert read_yaml_form(Path(tmp) / "f.yaml") == q


def test_a_response_file_given_as_the_form_says_so_where_it_looks(tmp_path: Path) -> None:
    # pyxform reads a CSV form's first column as sheet names: a response file there used to
    # end in its internal "TypeError: DefinitionData.__init__() got an unexpected keyword
    # argument 'rolle'".
    data = tmp_path / "antworten.csv"
    data.write_text("rolle,dezernat,zufr\nfuehrung,D1,ja\n", encoding="utf-8")
    with pytest.raises(FormError) as info:
        read_xlsform(data)
    found = info.value
    assert (found.path, found.row, found.column) == (data, 1, "A")
    assert found.message == (
        "not a form: in an XLSForm as CSV the first column names the sheets (survey, "
        "choices, settings), here it is 'rolle'"
    )
    assert found.message.render("de") == (
        "kein Formular: in einem XLSForm als CSV nennt die erste Spalte die Blätter "
        "(survey, choices, settings), hier steht 'rolle'"
    )
    assert "lipkit analyze QUESTIONNAIRE DATA" in found.hint
    assert "TypeError" not in str(found)
    # A CSV form (its first cell names a sheet) that fails otherwise is not called "not a
    # form".
    from lipkit.study.xlsform import _csv_not_a_form

    form = tmp_path / "form.csv"
    form.write_text("survey,type,name,label\n,text,q,Frage\n", encoding="utf-8")
    assert _csv_not_a_form(form) is None
    assert _csv_not_a_form(data) is not None
