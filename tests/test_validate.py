"""Checking canonical frames against the questionnaire and the org tree (lipkit.data.validate)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from lipkit.data.validate import validate, validate_file
from lipkit.study.expressions import ExpressionError
from lipkit.study.model import (
    Choice,
    ChoiceList,
    OrgLevel,
    OrgTree,
    OrgUnit,
    Question,
    Questionnaire,
)

ORG = OrgTree(
    levels=[
        OrgLevel(name="dezernat", question="dez"),
        OrgLevel(name="fachbereich", question="fb"),
    ],
    units=[
        OrgUnit(code="I", name="Dezernat I", level="dezernat"),
        OrgUnit(code="II", name="Dezernat II", level="dezernat"),
        OrgUnit(code="15", name="FB 15", level="fachbereich", parent="I"),
        OrgUnit(code="20", name="FB 20", level="fachbereich", parent="II"),
    ],
)


def form() -> Questionnaire:
    return Questionnaire(
        survey=[
            Question(name="dez", type="select_one", list_name="dez"),
            Question(
                name="fb", type="select_one", list_name="fb", choice_filter="dezernat = ${dez}"
            ),
            Question(name="q1", type="select_one", list_name="yn", required=True),
            Question(name="q2", type="text", relevant="${q1} = 'ja'"),
            Question(
                name="alter",
                type="integer",
                constraint=". >= 16 and . < 70",
                constraint_message={"de": "16 bis 69"},
            ),
            Question(name="massn", type="select_multiple", list_name="massn"),
            Question(name="calc", type="calculate", relevant="false()"),
        ],
        choices={
            "dez": ChoiceList(name="dez", choices=[Choice(name="I"), Choice(name="II")]),
            "fb": ChoiceList(
                name="fb",
                choices=[
                    Choice(name="15", filters={"dezernat": "I"}),
                    Choice(name="20", filters={"dezernat": "II"}),
                    Choice(name="99", filters={"dezernat": "II"}),  # not in the org tree
                ],
            ),
            "yn": ChoiceList(name="yn", choices=[Choice(name="ja"), Choice(name="nein")]),
            "massn": ChoiceList(
                name="massn",
                choices=[Choice(name="a"), Choice(name="b"), Choice(name="keine", exclusive=True)],
            ),
        },
    )


def frame(rows: list[dict]) -> pl.DataFrame:
    """A canonical frame; every row starts from a valid respondent and changes some cells."""
    valid = {
        "dez": "I",
        "fb": "15",
        "q1": "ja",
        "q2": "gut",
        "alter": 30,
        "massn/a": True,
        "massn/b": False,
        "massn/keine": False,
        "calc": None,
    }
    records = [{"_row": i + 2, **valid, "_id": str(i), **row} for i, row in enumerate(rows)]
    return pl.DataFrame(
        records,
        schema={
            "_row": pl.Int64,
            "dez": pl.String,
            "fb": pl.String,
            "q1": pl.String,
            "q2": pl.String,
            "alter": pl.Int64,
            "massn/a": pl.Boolean,
            "massn/b": pl.Boolean,
            "massn/keine": pl.Boolean,
            "calc": pl.String,
            "_id": pl.String,
        },
    )


def found(issues) -> list[tuple]:
    return [(i.severity, i.code, i.row, i.column, i.value, i.expected) for i in issues]


def test_a_valid_frame_has_no_issues() -> None:
    assert validate(frame([{}, {"q1": "nein", "q2": None}]), form(), ORG) == []


def test_every_validation_issue() -> None:
    data = frame(
        [
            {},  # row 2: valid
            {"q1": "nein", "q2": "trotzdem"},  # row 3: answered although not shown
            {"q1": None, "q2": None},  # row 4: required but empty
            {"alter": 12},  # row 5: constraint
            {"massn/keine": True},  # row 6: exclusive option combined with 'a'
            {"fb": "20"},  # row 7: Fachbereich 20 is not in Dezernat I
            {"_id": "7"},  # rows 8 and 9 share an _id
            {"_id": "7"},
            {"dez": "II", "fb": "99"},  # row 10: a choice the org tree does not know
            {"fb": "16"},  # row 11: not a choice at all
            {"calc": "x", "massn/a": None, "massn/b": None, "massn/keine": None},  # row 12
        ]
    )
    issues = validate(data, form(), ORG, file="r.csv")
    units = "a unit code of org level 'fachbereich': 15, 20"
    assert found(issues) == [
        ("error", "not_shown_but_answered", 3, "q2", "trotzdem",
         "empty, because the question is not shown (relevant: (${q1} = 'ja'))"),
        ("warning", "required_missing", 4, "q1", None,
         "an answer (the question is required and was shown)"),
        ("error", "constraint", 5, "alter", "12",
         "a value meeting the constraint . >= 16 and . < 70 (16 bis 69)"),
        ("error", "exclusive_combined", 6, "massn", "a keine",
         "'keine' alone: it cannot be combined with other options"),
        ("error", "org_mismatch", 7, "dez", "I",
         "'II', the dezernat of fb '20' in the org tree"),
        ("error", "choice_filter", 7, "fb", "20",
         "a choice allowed for this row by the choice_filter dezernat = ${dez}"),
        ("error", "duplicate_id", 8, "_id", "7", "a value no other row has (also in row 9)"),
        ("error", "duplicate_id", 9, "_id", "7", "a value no other row has (also in row 8)"),
        ("error", "unknown_org_unit", 10, "fb", "99", units),
        ("error", "choice_filter", 11, "fb", "16",
         "a choice allowed for this row by the choice_filter dezernat = ${dez}"),
        ("error", "unknown_choice", 11, "fb", "16", "one of: 15, 20, 99"),
        ("error", "unknown_org_unit", 11, "fb", "16", units),
    ]  # fmt: skip
    assert all(i.file == "r.csv" for i in issues)
    assert str(issues[0]) == (
        "r.csv, row 3, column 'q2': value 'trotzdem' — expected empty, because the question "
        "is not shown (relevant: (${q1} = 'ja'))"
    )


def test_validate_does_not_modify_the_frame() -> None:
    data = frame([{"massn/keine": True}])
    before = data.clone()
    validate(data, form(), ORG)
    assert data.equals(before)


def test_missing_question_columns_count_as_empty() -> None:
    data = frame([{}]).drop("q2", "massn/a", "massn/b", "massn/keine")
    assert validate(data, form(), ORG) == []
    assert found(validate(data.drop("q1"), form(), ORG)) == [
        ("warning", "required_missing", 2, "q1", None,
         "an answer (the question is required and was shown)"),
    ]  # fmt: skip


def test_duplicate_uuid_and_empty_ids() -> None:
    data = frame([{}, {}, {}]).with_columns(
        pl.Series("_id", [None, None, "x"]), pl.Series("_uuid", ["u", "v", "u"])
    )
    assert found(validate(data, form(), ORG)) == [
        ("error", "duplicate_id", 2, "_uuid", "u", "a value no other row has (also in row 4)"),
        ("error", "duplicate_id", 4, "_uuid", "u", "a value no other row has (also in row 2)"),
    ]


def test_an_expression_lipkit_cannot_evaluate_is_refused() -> None:
    q = form()
    q.survey[3].relevant = "${q1} = "
    with pytest.raises(ExpressionError, match="q2"):
        validate(frame([{}]), q, ORG)


def test_validate_file_returns_reading_and_answer_problems_sorted(tmp_path: Path) -> None:
    path = tmp_path / "responses.csv"
    path.write_text(
        "dez,fb,q1,q2,alter,massn,calc,_id\n"
        "I,15,ja,,30,a,,1\n"
        "I,15,vielleicht,,3x,a keine,,2\n"
        "I,15,nein,text,40,b,,3\n",
        encoding="utf-8",
    )
    issues = validate_file(path, form(), ORG)
    assert [(i.code, i.row, i.column, i.value) for i in issues] == [
        ("bad_integer", 3, "alter", "3x"),
        ("exclusive_combined", 3, "massn", "a keine"),
        ("unknown_choice", 3, "q1", "vielleicht"),
        ("required_missing", 3, "q1", None),  # the unknown value was set to null
        ("not_shown_but_answered", 4, "q2", "text"),
    ]
    assert {i.file for i in issues} == {"responses.csv"}
