"""A study's plan with every value it needs: ``plan/`` read and checked, each survey wave's
responses read, and the computed values added.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from lipkit.catalogue import Text
from lipkit.controlling.files import PLAN_DIR, PLAN_FILE, PlanError, PlanIssue, read_plan
from lipkit.controlling.model import Plan, SurveySource, Value, ValueKind
from lipkit.controlling.sources import WaveInput, resolve_values

if TYPE_CHECKING:
    import polars as pl

    from lipkit.study.model import Study


@dataclass(frozen=True)
class StudyPlan:
    plan: Plan
    values: list[Value]
    study: Study | None
    warnings: list[str] = field(default_factory=list)

    def latest_date(self) -> dt.date:
        """The newest actual value's date: the plan's status as of its last report."""
        dates = [v.date for v in self.values if v.kind == ValueKind.ACTUAL]
        return max(dates) if dates else dt.date.today()


def has_plan(study_folder: str | Path) -> bool:
    return (Path(study_folder) / PLAN_DIR / PLAN_FILE).is_file()


def load_study_plan(study_folder: str | Path, study: Study | None = None) -> StudyPlan:
    """Read the plan of the study in ``study_folder`` and compute its values.

    Survey waves are read only when an indicator uses them. Rows with errors in a wave's
    responses are left out (as ``lipkit analyze --exclude-invalid`` would), with a warning.
    """
    root = Path(study_folder)
    plan = read_plan(root / PLAN_DIR)
    used = {
        w
        for i in plan.indicators
        if isinstance(i.computed, SurveySource)
        for w in i.computed.wave_ids(plan.waves)
    }
    frames: dict[str, pl.DataFrame | WaveInput] = {}
    warnings: list[str] = []
    if used and study is None:
        from lipkit.study.folder import load_study

        study = load_study(root)
    for wave in plan.waves:
        if wave.id not in used or study is None:
            continue
        if wave.study_wave:
            frames[wave.id] = _study_wave(root, study, wave.study_wave)
            continue
        # Imported here: a plan without survey-fed indicators needs neither the response
        # readers (polars, openpyxl, pyxform) nor their start-up time.
        import polars as pl

        from lipkit.data.io import read_responses
        from lipkit.data.validate import validate

        responses = read_responses(root / wave.responses, study.questionnaire, study.org)
        issues = [*responses.issues, *validate(responses.frame, study.questionnaire, study.org)]
        bad = {i.row for i in issues if i.severity == "error" and i.row is not None}
        frame = responses.frame
        if bad:
            frame = frame.filter(~pl.col("_row").is_in(sorted(bad)))
            warnings.append(
                f"Welle {wave.id}: {len(bad)} Zeilen mit Fehlern in {wave.responses} ausgelassen"
            )
        frames[wave.id] = frame
    values = resolve_values(plan, study=study, frames=frames, study_folder=root)
    return StudyPlan(plan=plan, values=values, study=study, warnings=warnings)


def _study_wave(root: Path, study: Study, label: str) -> WaveInput:
    """The study folder's wave ``label`` (``waves/<label>/`` or study.yaml's ``waves:``): its
    own study and responses, and the wave mappings from it onto the current study."""
    from lipkit.data.io import read_responses
    from lipkit.study.folder import StudyFolder
    from lipkit.study.waves import read_wave_mapping

    folder = StudyFolder.at(root)
    chain = [(w.label, w.path) for w in folder.earlier_waves()]
    labels = [lb for lb, _ in chain]
    if label not in labels:
        raise PlanError(
            [
                PlanIssue(
                    "plan/plan.yaml",
                    None,
                    "waves.study_wave",
                    label,
                    Text("plan_source.earlier_wave", labels=", ".join(labels))
                    if labels
                    else Text("plan_source.no_earlier_wave"),
                )
            ]
        )
    studies = [StudyFolder.at(path).load() for _, path in chain] + [study]
    paths = [path for _, path in chain] + [root]
    start = labels.index(label)
    mappings = []
    for i in range(start, len(studies) - 1):
        mapping, errors = read_wave_mapping(
            studies[i], studies[i + 1], StudyFolder.at(paths[i + 1]).waves, labels[i]
        )
        if errors:
            raise PlanError(
                [PlanIssue(str(e.path or ""), e.row, e.column or "", "", e.message) for e in errors]
            )
        mappings.append(mapping)
    own = StudyFolder.at(paths[start])
    if own.responses is None:
        raise PlanError([PlanIssue(str(paths[start]), None, "", "", "eine Antwortdatei")])
    responses = read_responses(own.responses, studies[start].questionnaire, studies[start].org)
    return WaveInput(studies[start], responses.frame, tuple(mappings))
