"""Random studies for the audit (issue 12): two Dezernate of two Fachbereiche each, unit sizes
0–12, a site question that mostly follows the units, a yes/no question with "k. A.", a
question filtered on "nein" and an open question. k is 3 or 5.

``study_and_frame`` is a hypothesis strategy of ``(study, frame)``.
"""

from __future__ import annotations

import polars as pl
from hypothesis import strategies as st

from lipkit.study.model import (
    Choice,
    ChoiceList,
    OrgLevel,
    OrgTree,
    OrgUnit,
    Question,
    Questionnaire,
    Study,
    StudySettings,
)

UNITS = [("F1", "D1"), ("F2", "D1"), ("F3", "D2"), ("F4", "D2")]
SITES = ["S1", "S2", "S3"]


def make_study(k: int) -> Study:
    def plain(names: list[str]) -> list[Choice]:
        return [Choice(name=n) for n in names]

    choices = {
        "dez": ChoiceList(name="dez", choices=plain(["D1", "D2"])),
        "fb": ChoiceList(name="fb", choices=[Choice(name=f, filters={"dez": d}) for f, d in UNITS]),
        "site": ChoiceList(name="site", choices=plain(SITES)),
        "yn": ChoiceList(
            name="yn", choices=[*plain(["ja", "nein"]), Choice(name="k_a", missing=True)]
        ),
        "why": ChoiceList(name="why", choices=plain(["zeit", "geld"])),
    }
    survey = [
        Question(name="dezernat", type="select_one", list_name="dez", org_level="dezernat"),
        Question(name="fachbereich", type="select_one", list_name="fb", org_level="fachbereich"),
        Question(name="standort", type="select_one", list_name="site"),
        Question(name="zufrieden", type="select_one", list_name="yn"),
        Question(
            name="grund", type="select_one", list_name="why", relevant="${zufrieden} = 'nein'"
        ),
        Question(name="notiz", type="text"),
    ]
    org = OrgTree(
        levels=[
            OrgLevel(name="dezernat", question="dezernat"),
            OrgLevel(name="fachbereich", question="fachbereich"),
        ],
        units=[
            *(OrgUnit(code=d, name=f"Dezernat {d}", level="dezernat") for d in ("D1", "D2")),
            *(OrgUnit(code=f, name=f"FB {f}", level="fachbereich", parent=d) for f, d in UNITS),
        ],
    )
    return Study(
        questionnaire=Questionnaire(survey=survey, choices=choices),
        org=org,
        settings=StudySettings(k=k),
    )


PERSON = st.tuples(
    st.sampled_from([None, "S1", "S2", "S3"]),
    st.sampled_from([None, "ja", "nein", "k_a"]),
    st.sampled_from([None, "zeit", "geld"]),
    st.sampled_from([None, "etwas"]),
)


def make_frame(people: dict[str, list[tuple]]) -> pl.DataFrame:
    parent = dict(UNITS)
    records = []
    for unit, _dez in UNITS:
        for site, answer, why, note in people.get(unit, []):
            records.append(
                {
                    "_row": len(records) + 2,
                    "dezernat": parent[unit],
                    "fachbereich": unit,
                    "standort": site,
                    "zufrieden": answer,
                    "grund": why if answer == "nein" else None,
                    "notiz": note,
                }
            )
    schema = dict.fromkeys(
        ["dezernat", "fachbereich", "standort", "zufrieden", "grund", "notiz"], pl.String
    )
    return pl.DataFrame(records, schema={"_row": pl.Int64, **schema})


@st.composite
def study_and_frame(draw) -> tuple[Study, pl.DataFrame]:
    k = draw(st.sampled_from([3, 5]))
    people = {unit: draw(st.lists(PERSON, min_size=0, max_size=12)) for unit, _dez in UNITS}
    if not any(people.values()):
        people["F1"] = [draw(PERSON)]
    return make_study(k), make_frame(people)
