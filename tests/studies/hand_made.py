"""The hand-made survey of 25 respondents; every number about it is worked by hand.

The form (conventions §1-§3):
- ``dezernat`` / ``fachbereich``: the org question pair (tree I -> 10, 11; II -> 20;
  III -> 30; IV -> 40). Dezernat III / Fachbereich 30 has no respondents.
- ``lead`` (ja/nein): the filter question.
- ``zufr``: 5-point scale, shown only if lead = ja, most positive first
  (voll=5, eher=4, teils=3, wenig=2, gar_nicht=1) plus the missing code ``k_a``.
- ``mass``: multiple response a, b, an exclusive ``none`` and the missing code ``k_a``.
- ``alter``: integer, ``notiz``: text (empty here; filled on extra frames in the tests).

The 25 respondents (``-`` = empty cell; mass lists the ticked options):

 row dez fb lead zufr      mass        row dez fb lead zufr  mass
  1  I   10 ja   voll      a            14 I   11 ja   voll  -
  2  I   10 ja   voll      a,b          15 II  20 ja   voll  a
  3  I   10 ja   eher      a            16 II  20 ja   eher  a
  4  I   10 ja   eher      b            17 II  20 ja   teils a,b
  5  I   10 ja   teils     none         18 II  20 ja   k_a   b
  6  I   10 ja   k_a       k_a          19 II  20 nein -     none
  7  I   10 nein -         a            20 II  20 nein -     k_a
  8  I   10 nein -         -            21 II  20 nein -     a
  9  I   11 ja   wenig     a,b          22 IV  40 ja   voll  a,b
 10  I   11 ja   gar_nicht b            23 IV  40 ja   eher  b
 11  I   11 ja   -         none         24 IV  40 nein -     -
 12  I   11 nein -         -            25 IV  40 nein -     none
 13  I   11 -    -         b

Dezernat sizes: I 14 (FB 10: 8, FB 11: 6), II 7, III 0, IV 4; 25 in all.
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

DEZERNATE = ["I", "II", "III", "IV"]
FACHBEREICHE = [("10", "I"), ("11", "I"), ("20", "II"), ("30", "III"), ("40", "IV")]
AGREE = ["voll", "eher", "teils", "wenig", "gar_nicht", "k_a"]
MEASURES = ["a", "b", "none", "k_a"]


def make_study(k: int = 5) -> Study:
    def plain(names: list[str]) -> list[Choice]:
        return [Choice(name=n) for n in names]

    choices = {
        "dez": ChoiceList(name="dez", choices=plain(DEZERNATE)),
        "fb": ChoiceList(
            name="fb", choices=[Choice(name=f, filters={"dez": d}) for f, d in FACHBEREICHE]
        ),
        "yesno": ChoiceList(name="yesno", choices=plain(["ja", "nein"])),
        "agree": ChoiceList(
            name="agree", choices=[*plain(AGREE[:-1]), Choice(name="k_a", missing=True)]
        ),
        "measures": ChoiceList(
            name="measures",
            choices=[
                *plain(["a", "b"]),
                Choice(name="none", exclusive=True),
                Choice(name="k_a", missing=True),
            ],
        ),
    }
    survey = [
        Question(name="dezernat", type="select_one", list_name="dez", org_level="dezernat"),
        Question(name="fachbereich", type="select_one", list_name="fb", org_level="fachbereich"),
        Question(name="lead", type="select_one", list_name="yesno"),
        Question(
            name="zufr",
            type="select_one",
            list_name="agree",
            relevant="${lead} = 'ja'",
            scale="positive_first",
        ),
        Question(name="mass", type="select_multiple", list_name="measures"),
        Question(name="alter", type="integer"),
        Question(name="notiz", type="text"),
    ]
    org = OrgTree(
        levels=[
            OrgLevel(name="dezernat", question="dezernat"),
            OrgLevel(name="fachbereich", question="fachbereich"),
        ],
        units=[
            *(OrgUnit(code=d, name=f"Dezernat {d}", level="dezernat") for d in DEZERNATE),
            *(
                OrgUnit(code=f, name=f"FB {f}", level="fachbereich", parent=d)
                for f, d in FACHBEREICHE
            ),
        ],
    )
    return Study(
        questionnaire=Questionnaire(survey=survey, choices=choices),
        org=org,
        settings=StudySettings(k=k, breakdowns=["lead"]),
    )


ROWS = """
I   10 ja   voll      a
I   10 ja   voll      a,b
I   10 ja   eher      a
I   10 ja   eher      b
I   10 ja   teils     none
I   10 ja   k_a       k_a
I   10 nein -         a
I   10 nein -         -
I   11 ja   wenig     a,b
I   11 ja   gar_nicht b
I   11 ja   -         none
I   11 nein -         -
I   11 -    -         b
I   11 ja   voll      -
II  20 ja   voll      a
II  20 ja   eher      a
II  20 ja   teils     a,b
II  20 ja   k_a       b
II  20 nein -         none
II  20 nein -         k_a
II  20 nein -         a
IV  40 ja   voll      a,b
IV  40 ja   eher      b
IV  40 nein -         -
IV  40 nein -         none
"""

SCHEMA = {
    "_row": pl.Int64,
    "dezernat": pl.String,
    "fachbereich": pl.String,
    "lead": pl.String,
    "zufr": pl.String,
    **{f"mass/{o}": pl.Boolean for o in MEASURES},
    "alter": pl.Int64,
    "notiz": pl.String,
}


def make_frame(text: str = ROWS) -> pl.DataFrame:
    records = []
    for i, line in enumerate(text.strip().splitlines()):
        dez, fb, lead, zufr, mass = (None if cell == "-" else cell for cell in line.split())
        ticked = None if mass is None else set(mass.split(","))
        record = {"_row": i + 2, "dezernat": dez, "fachbereich": fb, "lead": lead, "zufr": zufr}
        for option in MEASURES:
            record[f"mass/{option}"] = None if ticked is None else option in ticked
        records.append(record)
    return pl.DataFrame(records, schema=SCHEMA)


STUDY = make_study()
FRAME = make_frame()


def random_frame(rows: list[tuple]) -> pl.DataFrame:
    parent = dict(FACHBEREICHE)
    records = []
    for i, (fb, lead, zufr, mass) in enumerate(rows):
        record = {
            "_row": i + 2,
            "dezernat": parent.get(fb) if fb else None,
            "fachbereich": fb,
            "lead": lead,
            "zufr": zufr,
            "alter": None,
            "notiz": None,
        }
        for option in MEASURES:
            record[f"mass/{option}"] = None if mass is None else option in mass
        records.append(record)
    return pl.DataFrame(records, schema=SCHEMA)
