"""Org level columns (attach_org) and row exclusion (lipkit.data.org)."""

from __future__ import annotations

import polars as pl
import pytest

from lipkit.data.io import DataError
from lipkit.data.org import attach_org, exclude_rows
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
    levels=[OrgLevel(name="dezernat"), OrgLevel(name="fachbereich"), OrgLevel(name="team")],
    units=[
        OrgUnit(code="I", name="Dezernat I", level="dezernat"),
        OrgUnit(code="II", name="Dezernat II", level="dezernat"),
        OrgUnit(code="15", name="FB 15", level="fachbereich", parent="I"),
        OrgUnit(code="20", name="FB 20", level="fachbereich", parent="II"),
        OrgUnit(code="32", name="FB 32", level="fachbereich", parent="II"),
        OrgUnit(code="20a", name="Team 20a", level="team", parent="20"),
    ],
)


def form(*questions: Question) -> Questionnaire:
    codes = ChoiceList(name="fb", choices=[Choice(name=c) for c in ("15", "20", "32")])
    dez = ChoiceList(name="dez", choices=[Choice(name=c) for c in ("I", "II")])
    return Questionnaire(survey=list(questions), choices={"fb": codes, "dez": dez})


FB = Question(name="fb", type="select_one", list_name="fb", org_level="fachbereich")
DEZ = Question(name="dez", type="select_one", list_name="dez", org_level="dezernat")


def test_dezernat_derived_from_fachbereich() -> None:
    frame = pl.DataFrame({"_row": [2, 3, 4, 5], "fb": ["15", "20", None, "99"]})
    attached = attach_org(frame, form(FB), ORG)
    assert attached.columns == ["_row", "fb", "dezernat", "fachbereich", "team"]
    assert attached["fachbereich"].to_list() == ["15", "20", None, "99"]
    # An unknown unit derives nothing (validate reports it as unknown_org_unit).
    assert attached["dezernat"].to_list() == ["I", "II", None, None]
    # Nothing below the lowest recorded level can be derived.
    assert attached["team"].to_list() == [None, None, None, None]
    assert attached.schema["team"] == pl.String
    assert frame.columns == ["_row", "fb"]  # the input is not modified


def test_level_named_by_org_level_question_field() -> None:
    org = OrgTree(
        levels=[OrgLevel(name="dezernat"), OrgLevel(name="fachbereich", question="x")],
        units=[u for u in ORG.units if u.level != "team"],
    )
    q = form(Question(name="x", type="select_one", list_name="fb"))
    attached = attach_org(pl.DataFrame({"x": ["32"]}), q, org)
    assert attached.row(0, named=True) == {"x": "32", "dezernat": "II", "fachbereich": "32"}


def test_own_question_is_kept_even_where_it_disagrees() -> None:
    frame = pl.DataFrame({"dez": ["I", "I"], "fb": ["15", "20"]})
    attached = attach_org(frame, form(DEZ, FB), ORG)
    assert attached["dezernat"].to_list() == ["I", "I"]  # validate reports row 2's mismatch
    assert attached["fachbereich"].to_list() == ["15", "20"]


def test_existing_level_column_is_not_overwritten() -> None:
    frame = pl.DataFrame({"fb": ["15"], "dezernat": ["I"]})
    attached = attach_org(frame, form(FB), ORG)
    assert attached.columns == ["fb", "dezernat", "fachbereich", "team"]
    assert attached.select("dezernat").equals(frame.select("dezernat"))


def test_derived_from_a_level_column_without_question() -> None:
    frame = pl.DataFrame({"fachbereich": ["32", "15"]})
    attached = attach_org(frame, form(), ORG)
    assert attached["dezernat"].to_list() == ["II", "I"]


def test_no_org_tree_leaves_the_frame_alone() -> None:
    frame = pl.DataFrame({"fb": ["15"]})
    assert attach_org(frame, form(FB), None) is frame


def test_exclude_rows_by_source_row_number() -> None:
    frame = pl.DataFrame({"_row": [2, 3, 5, 6], "q": ["a", "b", "c", "d"]})
    assert exclude_rows(frame, [3, 6])["q"].to_list() == ["a", "c"]
    assert exclude_rows(frame, []).equals(frame)


def test_exclude_rows_refuses_unknown_rows() -> None:
    frame = pl.DataFrame({"_row": [2, 3, 5]})
    with pytest.raises(DataError, match=r"row\(s\) 4, 9: no such respondent row"):
        exclude_rows(frame, [2, 4, 9])
