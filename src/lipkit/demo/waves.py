"""The demo's other waves, both synthetic: 2014, five years before the reference's study
(2019, the demo folder itself), and 2024, five years after it, so that ``lipkit compare
demo-study`` shows what a city would discuss.

The folder's ``study.yaml`` lists the three waves in order (``waves:``; the folder itself is
the entry ``path: .``), so the demo's own responses, report and published numbers stay those
of 2019: ``waves/2014/`` is the earlier wave, ``waves/2024/`` the later one. The 2024 folder
names 2014 and 2019 as its own earlier waves, so ``lipkit report demo-study/waves/2024``
reports on 2024 with the comparison since 2019.

The 2014 wave is derived deterministically from the demo's responses
(:func:`generate_responses`):

* the plan's influence and effects were rated lower then: of the answers in the two top
  categories of ``einfluss_vielfalt`` and the ``wirkung_*`` items, about half sat one
  category lower in 2014 (seeded);
* ``kundenkontakt`` was worded differently in 2014; ``waves/mapping.csv`` declares it
  comparable;
* ``hindernisse`` had another list of answers; the mapping lists it as not comparable;
* Fachbereich 53 (Jugend) of Dezernat III was merged into Fachbereich 50 since
  (``waves/org-mapping.csv``): every third respondent of today's 50 answered as 53 then.

The 2024 wave, derived from 2019 the same way (:func:`later_responses`; mappings in
``waves/2024/waves/``):

* some shares changed: of the answers one and two categories below the top of
  ``einfluss_vielfalt``, ``einfluss_kundschaft_flucht`` and ``einfluss_themen`` about half
  sit one category higher in 2024 (more influence of diversity, more refugees among the
  customers); of the two top categories of ``hemmnis_sprache`` about half sit one lower
  (language barriers less of an obstacle);
* ``mitarbeitende_mh`` is reworded ("Einwanderungsgeschichte" for "Migrationshintergrund");
  the mapping declares it comparable;
* ``massnahmen_zugaenglichkeit`` has a new option (digital services in several languages):
  listed as not comparable, with the reason;
* Fachbereich 40 (Schule) and 51 (Jugend und Familie) of Dezernat IV are merged into
  Fachbereich 47 (Bildung, Jugend und Familie); the org mapping compares 47 with their union.
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
    "earlier,current,comparable,recode,reason,reason::en\n"
    f"{REWORDED},{REWORDED},ja,,,\n"
    f"{NOT_COMPARABLE},{NOT_COMPARABLE},nein,,Antwortliste 2019 neu gefasst,"
    "answer list rewritten in 2019\n"
)
ORG_MAPPING_CSV = f"earlier,current\n{MERGED_UNIT},{MERGED_INTO}\n"

LATER_LABEL = "2024"
LATER_SEED = 2024
RAISE_SHARE = 0.5
RAISED = ("einfluss_vielfalt", "einfluss_kundschaft_flucht", "einfluss_themen")
LOWERED = ("hemmnis_sprache",)
REWORDED_LATER = "mitarbeitende_mh"
NOT_COMPARABLE_LATER = "massnahmen_zugaenglichkeit"
NEW_OPTION = "digital"
MERGED_LATER = ("40", "51")
MERGED_LATER_INTO = "47"
MERGED_LATER_NAME = "Fachbereich Bildung, Jugend und Familie"
NOT_COMPARABLE_REASON = "Liste der Maßnahmen 2024 um digitale Angebote erweitert"
NOT_COMPARABLE_REASON_EN = "list of measures extended by digital services in 2024"
LATER_MAPPING_CSV = (
    "earlier,current,comparable,recode,reason,reason::en\n"
    f"{REWORDED_LATER},{REWORDED_LATER},ja,,,\n"
    f"{NOT_COMPARABLE_LATER},{NOT_COMPARABLE_LATER},nein,,{NOT_COMPARABLE_REASON},"
    f"{NOT_COMPARABLE_REASON_EN}\n"
)
LATER_ORG_MAPPING_CSV = "earlier,current\n" + "".join(
    f"{unit},{MERGED_LATER_INTO}\n" for unit in MERGED_LATER
)
ROOT_WAVES_YAML = (
    f'wave: "{CURRENT_LABEL}"\n'
    "waves:\n"
    f'  - label: "{EARLIER_LABEL}"\n    path: waves/{EARLIER_LABEL}\n'
    f'  - label: "{CURRENT_LABEL}"\n    path: .\n'
    f'  - label: "{LATER_LABEL}"\n    path: waves/{LATER_LABEL}\n'
)
LATER_WAVES_YAML = (
    f'wave: "{LATER_LABEL}"\n'
    "waves:\n"
    f'  - label: "{EARLIER_LABEL}"\n    path: ../{EARLIER_LABEL}\n'
    f'  - label: "{CURRENT_LABEL}"\n    path: ../..\n'
)


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
    _append(root / "study.yaml", ROOT_WAVES_YAML)


def _append(config: Path, text: str) -> None:
    config.write_text(config.read_text(encoding="utf-8") + text, encoding="utf-8")


def _shift(study: Study, name: str, chosen: pl.Series, up: bool) -> pl.Expr:
    """``name``'s answers one category up (towards the first option) or down where chosen."""
    first, second, third = study.questionnaire.choice_list(name).names()[:3]
    pairs = ((second, first), (third, second)) if up else ((first, second), (second, third))
    value = pl.col(name)
    expr = pl.when(pl.lit(chosen) & (value == pairs[0][0])).then(pl.lit(pairs[0][1]))
    return (
        expr.when(pl.lit(chosen) & (value == pairs[1][0]))
        .then(pl.lit(pairs[1][1]))
        .otherwise(value)
    )


def build_later_study(study: Study) -> Study:
    """The 2024 wave's study: FB 40 and 51 merged into 47, ``mitarbeitende_mh`` reworded,
    ``massnahmen_zugaenglichkeit`` with a new option."""
    q = study.questionnaire
    fb_list = q.choice_list("fachbereich")
    merged = Choice(
        name=MERGED_LATER_INTO,
        label={lang: f"{MERGED_LATER_INTO}: {MERGED_LATER_NAME}" for lang in ("de", "en")},
        filters={"dezernat": "IV"},
    )
    kept = [c for c in fb_list.choices if c.name not in MERGED_LATER]
    choices = dict(q.choices)
    choices[fb_list.name] = fb_list.model_copy(update={"choices": [*kept, merged]})
    measures = q.choice_list(NOT_COMPARABLE_LATER)
    digital = Choice(
        name=NEW_OPTION,
        label={
            "de": "Digitale Angebote in mehreren Sprachen (Online-Termine, Formulare)",
            "en": "Digital services in several languages (online appointments, forms)",
        },
    )
    before_last = measures.choices[:-2]  # "Sonstiges" and "keine" stay last
    choices[measures.name] = measures.model_copy(
        update={"choices": [*before_last, digital, *measures.choices[-2:]]}
    )
    survey = _relabel(
        q.survey,
        REWORDED_LATER,
        {
            "de": "Sind in Ihrem Sachgebiet/Ihren Sachgebieten Menschen mit "
            "Einwanderungsgeschichte beschäftigt?",
            "en": "Are people with a history of immigration employed in your section(s)?",
        },
    )
    questionnaire = q.model_copy(update={"choices": choices, "survey": survey})
    if study.org is None:
        raise ValueError("the demo study has an org tree")
    org = study.org.model_copy(
        update={
            "units": [
                *(u for u in study.org.units if u.code not in MERGED_LATER),
                OrgUnit(
                    code=MERGED_LATER_INTO, name=MERGED_LATER_NAME, level="fachbereich", parent="IV"
                ),
            ]
        }
    )
    settings = study.settings.model_copy(
        update={"title": f"{study.settings.title} – Welle {LATER_LABEL}"}
    )
    return Study(questionnaire=questionnaire, org=org, settings=settings)


def _relabel(items: list[Item], name: str, label: dict[str, str]) -> list[Item]:
    out: list[Item] = []
    for item in items:
        if isinstance(item, Group):
            out.append(item.model_copy(update={"items": _relabel(item.items, name, label)}))
        elif isinstance(item, Question) and item.name == name:
            out.append(item.model_copy(update={"label": label}))
        else:
            out.append(item)
    return out


def later_responses(study: Study, frame: pl.DataFrame) -> pl.DataFrame:
    """The 2024 answers, derived from the demo's (2019; see the module)."""
    rng = np.random.default_rng(LATER_SEED)
    chosen = {name: pl.Series(rng.random(frame.height) < RAISE_SHARE) for name in RAISED + LOWERED}
    digital = pl.Series(rng.random(frame.height) < 0.4)
    prefix = f"{NOT_COMPARABLE_LATER}/"
    answered = pl.col(f"{prefix}keine").is_not_null()
    shifted = frame.with_columns(
        *(_shift(study, name, chosen[name], up=True).alias(name) for name in RAISED),
        *(_shift(study, name, chosen[name], up=False).alias(name) for name in LOWERED),
        fachbereich=pl.when(pl.col("fachbereich").is_in(MERGED_LATER))
        .then(pl.lit(MERGED_LATER_INTO))
        .otherwise(pl.col("fachbereich")),
        **{
            f"{prefix}{NEW_OPTION}": pl.when(answered)
            .then(pl.lit(digital) & ~pl.col(f"{prefix}keine"))
            .otherwise(None)
        },
    )
    # the new option's column beside the others, before "sonstiges"
    columns = [c for c in shifted.columns if c != f"{prefix}{NEW_OPTION}"]
    at = columns.index(f"{prefix}sonstiges")
    return shifted.select([*columns[:at], f"{prefix}{NEW_OPTION}", *columns[at:]])


def write_later_wave(study: Study, frame: pl.DataFrame, root: Path) -> None:
    """Write the 2024 wave to ``root/waves/2024/`` with its mappings from 2019 in
    ``root/waves/2024/waves/`` (call after :func:`write_earlier_wave`)."""
    from lipkit.data.io import write_responses
    from lipkit.study.folder import RESPONSES_NAME, StudyFolder

    later = build_later_study(study)
    folder = StudyFolder.save(later, root / "waves" / LATER_LABEL)
    write_responses(
        later_responses(study, frame),
        later.questionnaire,
        folder.responses or folder.root / RESPONSES_NAME,
    )
    folder.waves.mkdir(exist_ok=True)
    (folder.waves / "mapping.csv").write_text(LATER_MAPPING_CSV, encoding="utf-8")
    (folder.waves / "org-mapping.csv").write_text(LATER_ORG_MAPPING_CSV, encoding="utf-8")
    _append(folder.root / "study.yaml", LATER_WAVES_YAML)
