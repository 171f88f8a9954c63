"""The demo's earlier wave (synthetic, 2014): the same survey five years before the
reference's study, so that ``lipkit compare demo-study`` shows what a city would discuss.

Derived deterministically from the demo's responses (:func:`generate_responses`):

* the plan's influence and effects were rated lower then: of the answers in the two top
  categories of ``einfluss_vielfalt`` and the ``wirkung_*`` items, about half sat one
  category lower in 2014 (seeded);
* ``kundenkontakt`` was worded differently in 2014; ``waves/mapping.csv`` declares it
  comparable;
* ``hindernisse`` had another list of answers; the mapping lists it as not comparable;
* Fachbereich 53 (Jugend) of Dezernat III was merged into Fachbereich 50 since
  (``waves/org-mapping.csv``): every third respondent of today's 50 answered as 53 then.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl

from lipkit.study.model import Choice, Group, Item, OrgUnit, Question, Study

EARLIER_LABEL = "2014"
CURRENT_LABEL = "2019"
SEED = 2014
LOWER_SHARE = 0.5
MERGED_UNIT = "53"
MERGED_INTO = "50"
SHIFTED = (
    "einfluss_vielfalt",
    "wirkung_aufmerksamkeit_verwaltung",
    "wirkung_transparenz",
    "wirkung_professionalisierung",
    "wirkung_schnittstellen",
    "wirkung_kooperationen",
)
REWORDED = "kundenkontakt"
NOT_COMPARABLE = "hindernisse"

MAPPING_CSV = (
    "earlier,current,comparable,recode,reason\n"
    f"{REWORDED},{REWORDED},ja,,\n"
    f"{NOT_COMPARABLE},{NOT_COMPARABLE},nein,,Antwortliste 2019 neu gefasst\n"
)
ORG_MAPPING_CSV = f"earlier,current\n{MERGED_UNIT},{MERGED_INTO}\n"


def _reword(items: list[Item]) -> list[Item]:
    out: list[Item] = []
    for item in items:
        if isinstance(item, Group):
            out.append(item.model_copy(update={"items": _reword(item.items)}))
        elif isinstance(item, Question) and item.name == REWORDED:
            out.append(
                item.model_copy(
                    update={
                        "label": {
                            "de": "Haben Mitarbeitende Ihres Bereichs direkten Kundenkontakt?",
                            "en": "Do staff of your unit have direct contact with customers?",
                        }
                    }
                )
            )
        else:
            out.append(item)
    return out


def build_earlier_study(study: Study) -> Study:
    """The 2014 wave's study: FB 53 in Dezernat III, ``kundenkontakt`` worded as then."""
    q = study.questionnaire
    fb_list = q.choice_list("fachbereich")
    merged = Choice(
        name=MERGED_UNIT,
        label={"de": "53: Fachbereich Jugend", "en": "53: Fachbereich Jugend"},
        filters={"dezernat": "III"},
    )
    choices = dict(q.choices)
    choices[fb_list.name] = fb_list.model_copy(update={"choices": [*fb_list.choices, merged]})
    questionnaire = q.model_copy(update={"choices": choices, "survey": _reword(q.survey)})
    if study.org is None:
        raise ValueError("the demo study has an org tree")
    org = study.org.model_copy(
        update={
            "units": [
                *study.org.units,
                OrgUnit(
                    code=MERGED_UNIT, name="Fachbereich Jugend", level="fachbereich", parent="III"
                ),
            ]
        }
    )
    settings = study.settings.model_copy(
        update={"title": f"{study.settings.title} – Welle {EARLIER_LABEL}"}
    )
    return Study(questionnaire=questionnaire, org=org, settings=settings)


def earlier_responses(study: Study, frame: pl.DataFrame) -> pl.DataFrame:
    """The 2014 answers, derived from the demo's (see the module)."""
    rng = np.random.default_rng(SEED)
    lower = {name: pl.Series(rng.random(frame.height) < LOWER_SHARE) for name in SHIFTED}
    updates = []
    for name in SHIFTED:
        options = study.questionnaire.choice_list(name).names()
        top, second, third = options[0], options[1], options[2]
        value = pl.col(name)
        updates.append(
            pl.when(lower[name] & (value == top))
            .then(pl.lit(second))
            .when(lower[name] & (value == second))
            .then(pl.lit(third))
            .otherwise(value)
            .alias(name)
        )
    position = pl.int_range(pl.len()).over("fachbereich")
    moved = (pl.col("fachbereich") == MERGED_INTO) & (position % 3 == 0)
    return frame.with_columns(
        *updates,
        fachbereich=pl.when(moved).then(pl.lit(MERGED_UNIT)).otherwise(pl.col("fachbereich")),
    )


def write_earlier_wave(study: Study, frame: pl.DataFrame, root: Path) -> None:
    """Write the 2014 wave to ``root/waves/2014/``, the mappings to ``root/waves/``, and
    label the demo's own wave 2019 in its ``study.yaml``."""
    from lipkit.data.io import write_responses
    from lipkit.study.folder import RESPONSES_NAME, StudyFolder

    earlier = build_earlier_study(study)
    folder = StudyFolder.save(earlier, root / "waves" / EARLIER_LABEL)
    write_responses(
        earlier_responses(study, frame),
        earlier.questionnaire,
        folder.responses or folder.root / RESPONSES_NAME,
    )
    (root / "waves" / "mapping.csv").write_text(MAPPING_CSV, encoding="utf-8")
    (root / "waves" / "org-mapping.csv").write_text(ORG_MAPPING_CSV, encoding="utf-8")
    config = root / "study.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text + f'wave: "{CURRENT_LABEL}"\n', encoding="utf-8")
