"""Random studies for the audit (issue 12): two Dezernate of two Fachbereiche each, unit sizes
0–12, a site question that mostly follows the units, a yes/no question with "k. A.", a
question filtered on "nein" and an open question. k is 3 or 5.

``study_and_frame`` is a hypothesis strategy of ``(study, frame)``.
"""

from __future__ import annotations

import polars as pl
from hypothesis import strategies as st

from lipkit.study.model import Study
from studies.attack import two_level_study

UNITS = [("F1", "D1"), ("F2", "D1"), ("F3", "D2"), ("F4", "D2")]
SITES = ["S1", "S2", "S3"]


def make_study(k: int) -> Study:
    return two_level_study(
        UNITS, SITES, k, reason=True, breakdowns=("standort", "zufrieden", "grund")
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
