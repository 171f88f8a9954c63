"""Load what a CLI call (and later the web app) works on: study plus response data."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from lipkit.catalogue import Text
from lipkit.data.io import Issue, read_responses
from lipkit.data.validate import validate
from lipkit.errors import UserError
from lipkit.study.model import Study


@dataclass(frozen=True)
class Inputs:
    study: Study
    frame: pl.DataFrame
    issues: list[Issue]
    data_path: Path


def load_study_or_form(form: Path) -> tuple[Study, Path | None]:
    """A study folder, or a questionnaire file (org tree then from its cascading selects)."""
    from lipkit.study.folder import StudyFolder
    from lipkit.study.formats import load_questionnaire
    from lipkit.study.orgtree import derive_org_tree

    if not form.exists():
        raise UserError(Text("cli.form_not_found", path=str(form)))
    if form.is_dir():
        folder = StudyFolder.at(form)
        return folder.load(), folder.responses
    questionnaire = load_questionnaire(form)
    return Study(questionnaire=questionnaire, org=derive_org_tree(questionnaire)), None


def load_inputs(form: Path, data: Path | None) -> Inputs:
    study, default_data = load_study_or_form(form)
    data_path = data or default_data
    if data_path is None:
        raise UserError(Text("cli.no_data", path=str(form)))
    if not data_path.exists():
        raise UserError(Text("cli.data_not_found", path=str(data_path)))
    responses = read_responses(data_path, study.questionnaire, study.org)
    issues = [
        *responses.issues,
        *validate(responses.frame, study.questionnaire, study.org, file=data_path.name),
    ]
    issues.sort(key=lambda i: (i.row if i.row is not None else 0, i.column or ""))
    return Inputs(study=study, frame=responses.frame, issues=issues, data_path=data_path)


def select_rows(
    inputs: Inputs, exclude: list[int], exclude_invalid: bool
) -> tuple[pl.DataFrame, int]:
    """The rows to analyse. Data with errors is refused unless the user names rows to exclude."""
    from lipkit.data.io import exclude_rows

    error_rows = {i.row for i in inputs.issues if i.severity == "error" and i.row is not None}
    file_errors = [i for i in inputs.issues if i.severity == "error" and i.row is None]
    if file_errors:
        raise UserError(*file_errors)
    drop = set(exclude) | (error_rows if exclude_invalid else set())
    remaining = sorted(error_rows - drop)
    if remaining:
        shown = ", ".join(str(r) for r in remaining[:20]) + (" …" if len(remaining) > 20 else "")
        raise UserError(
            Text("cli.rows_with_errors", path=str(inputs.data_path), n=len(remaining), rows=shown)
        )
    if not drop:
        return inputs.frame, 0
    frame = exclude_rows(inputs.frame, sorted(drop))
    return frame, inputs.frame.height - frame.height
