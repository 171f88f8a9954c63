"""The dashboard's comparison with the previous wave (issue 18): per compared question the
change since the previous wave — top-2 for scales, every option otherwise — with Newcombe's
interval, from ``lipkit.analysis.compare`` on both waves' snapshots. A group hidden in either
wave is hidden; only the whole survey is shown here."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from lipkit.analysis.compare import Comparison, compare_waves
from lipkit.study.model import Study, label_text
from lipkit.study.waves import read_wave_mapping
from lipkit.survey.models import Survey
from lipkit.survey.selectors import survey_responses
from lipkit.survey.services.surveys import study_of, team_files

LANGUAGE = "de"
MAPPING_FILES = ("waves/mapping.csv", "waves/org-mapping.csv")


@dataclass(frozen=True)
class ChangeRow:
    question: str
    label: str
    option: str
    """"Top-2" for a scale, else the option's label."""
    hidden: bool
    share_from: float | None
    share_to: float | None
    n_from: int | None
    n_to: int | None
    diff_pp: float | None
    low: float | None
    high: float | None

    @property
    def direction(self) -> str:
        """ "up"/"down" where the interval excludes 0, "same" otherwise."""
        if self.low is not None and self.low > 0:
            return "up"
        if self.high is not None and self.high < 0:
            return "down"
        return "same"


@dataclass(frozen=True)
class WaveChange:
    earlier: str
    current: str
    k: int
    rows: tuple[ChangeRow, ...]
    not_comparable: tuple[tuple[str, str], ...]
    """(question label, reason)"""


def wave_change(
    survey: Survey, shown: Sequence[str], previous_shown: Sequence[str]
) -> WaveChange | None:
    """The change of ``survey`` (its responses ``shown``) against its previous wave (the
    responses ``previous_shown`` of that wave's snapshot); None without a previous wave."""
    previous = survey.previous
    if previous is None:
        return None
    earlier, current = study_of(previous), study_of(survey)
    old = survey_responses(previous, earlier, only=previous_shown).frame
    new = survey_responses(survey, current, only=shown).frame
    earlier_label = previous.wave_label or "1"
    with tempfile.TemporaryDirectory(prefix="lipkit-waves-") as tmp:
        # The team's mapping files, when the study folder had them (waves/mapping.csv …).
        files = team_files(survey)
        for name in MAPPING_FILES:
            if name in files:
                target = Path(tmp) / Path(name).name
                target.write_bytes(files[name])
        mapping, errors = read_wave_mapping(earlier, current, Path(tmp), earlier_label)
    if errors:
        raise ValueError("; ".join(str(e) for e in errors))
    result = compare_waves(
        earlier,
        old,
        current,
        new,
        mapping,
        earlier_label=earlier_label,
        current_label=survey.wave_label or "2",
    )
    return WaveChange(
        earlier=result.earlier,
        current=result.current,
        k=result.k,
        rows=tuple(_rows(current, result)),
        not_comparable=tuple(
            (_label(current, q), reason) for q, reason in result.not_comparable_in(LANGUAGE)
        ),
    )


def _label(study: Study, name: str) -> str:
    return label_text(study.questionnaire.question(name).label, LANGUAGE, name)


def _rows(study: Study, result: Comparison) -> list[ChangeRow]:
    q = study.questionnaire
    scales = {r["question"]: r for r in result.scales.filter(pl.col("group").is_null()).to_dicts()}
    options = result.shares.filter(pl.col("group").is_null())
    rows: list[ChangeRow] = []
    for name in dict.fromkeys(options["question"].to_list()):
        label = _label(study, name)
        if name in scales:
            r = scales[name]
            rows.append(
                ChangeRow(
                    name,
                    label,
                    "Top-2",
                    bool(r["hidden"]),
                    r["top2_from"],
                    r["top2_to"],
                    r["base_from"],
                    r["base_to"],
                    r["diff_pp_top2"],
                    r["ci_low_top2"],
                    r["ci_high_top2"],
                )
            )
            continue
        for r in options.filter(pl.col("question") == name).iter_rows(named=True):
            rows.append(
                ChangeRow(
                    name,
                    label,
                    q.option_label(name, r["option"], LANGUAGE),
                    bool(r["hidden"]),
                    r["share_from"],
                    r["share_to"],
                    r["base_from"],
                    r["base_to"],
                    r["diff_pp"],
                    r["ci_low"],
                    r["ci_high"],
                )
            )
    return rows
