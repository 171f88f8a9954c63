"""The study of issue 12's attack: Dezernat D1 = F1 (1 person), F6 (6, all substantive)
and F7 (7, two "k. A."); Dezernat D2 = F8 (8). k = 5.

``zufrieden`` (ja / nein / k. A.) by Fachbereich:

  F1: nein                      F7: ja 4, nein 1, k. A. 2
  F6: ja 3, nein 3              F8: ja 5, nein 3

``standort`` follows the units one to one (S1 for F1, S6 for F6, S7 for F7, S8 for F8).
``notiz`` is an open question; in F1 it is left empty (skipped).
Sizes: D1 14, D2 8, 22 in all.
"""

from __future__ import annotations

import polars as pl

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

UNITS = [("F1", "D1"), ("F6", "D1"), ("F7", "D1"), ("F8", "D2")]
SITES = {"F1": "S1", "F6": "S6", "F7": "S7", "F8": "S8"}


def make_study(k: int = 5) -> Study:
    return two_level_study(UNITS, list(SITES.values()), k)


def two_level_study(
    units: list[tuple[str, str]],
    sites: list[str],
    k: int,
    *,
    reason: bool = False,
    breakdowns: tuple[str, ...] = ("standort",),
) -> Study:
    """Dezernate > Fachbereiche ``units`` (Fachbereich, Dezernat), a site question, a yes/no
    question with "k. A.", with ``reason`` a question filtered on "nein", and an open one."""

    def plain(names: list[str]) -> list[Choice]:
        return [Choice(name=n) for n in names]

    dezernate = list(dict.fromkeys(d for _, d in units))
    choices = {
        "dez": ChoiceList(name="dez", choices=plain(dezernate)),
        "fb": ChoiceList(name="fb", choices=[Choice(name=f, filters={"dez": d}) for f, d in units]),
        "site": ChoiceList(name="site", choices=plain(sites)),
        "yn": ChoiceList(
            name="yn", choices=[*plain(["ja", "nein"]), Choice(name="k_a", missing=True)]
        ),
    }
    survey = [
        Question(name="dezernat", type="select_one", list_name="dez", org_level="dezernat"),
        Question(name="fachbereich", type="select_one", list_name="fb", org_level="fachbereich"),
        Question(name="standort", type="select_one", list_name="site"),
        Question(name="zufrieden", type="select_one", list_name="yn"),
    ]
    if reason:
        choices["why"] = ChoiceList(name="why", choices=plain(["zeit", "geld"]))
        survey.append(
            Question(
                name="grund", type="select_one", list_name="why", relevant="${zufrieden} = 'nein'"
            )
        )
    survey.append(Question(name="notiz", type="text"))
    org = OrgTree(
        levels=[
            OrgLevel(name="dezernat", question="dezernat"),
            OrgLevel(name="fachbereich", question="fachbereich"),
        ],
        units=[
            *(OrgUnit(code=d, name=f"Dezernat {d}", level="dezernat") for d in dezernate),
            *(OrgUnit(code=f, name=f"FB {f}", level="fachbereich", parent=d) for f, d in units),
        ],
    )
    return Study(
        questionnaire=Questionnaire(survey=survey, choices=choices),
        org=org,
        settings=StudySettings(k=k, breakdowns=list(breakdowns)),
    )


ANSWERS = {
    "F1": ["nein"],
    "F6": ["ja"] * 3 + ["nein"] * 3,
    "F7": ["ja"] * 4 + ["nein"] + ["k_a"] * 2,
    "F8": ["ja"] * 5 + ["nein"] * 3,
}


def make_frame() -> pl.DataFrame:
    parent = dict(UNITS)
    records = []
    for unit, answers in ANSWERS.items():
        for answer in answers:
            records.append(
                {
                    "_row": len(records) + 2,
                    "dezernat": parent[unit],
                    "fachbereich": unit,
                    "standort": SITES[unit],
                    "zufrieden": answer,
                    "notiz": None if unit == "F1" else "etwas",
                }
            )
    return pl.DataFrame(records)


STUDY = make_study()
FRAME = make_frame()
