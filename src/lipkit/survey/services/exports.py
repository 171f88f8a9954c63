"""The evaluation team's raw export of a survey, for ``lipkit analyze`` and ``lipkit report``.

- ``csv`` / ``xlsx``: the responses in the KoboToolbox layout (``write_responses``), which
  ``lipkit validate``/``analyze`` read together with the questionnaire;
- ``zip``: the whole study folder (``study.yaml``, questionnaire, org tree unless the
  questionnaire gives it, ``responses.csv``): unzipped, ``lipkit analyze DIR`` and
  ``lipkit report DIR`` work on it as they are.

The export holds every answer, open texts included, unsuppressed: it is the one explicit way
past the minimum group size the analysis conventions allow (§5), for the team only (the view
is behind login), and each export is logged (who, which survey, which format, how many rows;
never an answer).
"""

from __future__ import annotations

import logging
import tempfile
import zipfile
from pathlib import Path

from lipkit.data.io import write_responses
from lipkit.study.folder import RESPONSES_NAME, save_study
from lipkit.survey.models import Survey
from lipkit.survey.selectors import responses_frame
from lipkit.survey.services.surveys import study_of

FORMATS = ("csv", "xlsx", "zip")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
}

audit = logging.getLogger("lipkit.survey.exports")
audit.setLevel(logging.INFO)  # an export is always recorded, whatever the root level


def export_filename(survey: Survey, fmt: str) -> str:
    """``<slug>-antworten.csv``, ``.xlsx``, ``.zip`` (the study folder with the answers)."""
    _check_format(fmt)
    return f"{survey.slug}-antworten.{fmt}"


def write_export(survey: Survey, fmt: str, target: Path, *, user: str | None = None) -> Path:
    """Write the survey's export in ``fmt`` (csv, xlsx, zip) and return its path.

    ``target`` is an existing folder (the file gets :func:`export_filename` there) or the
    file to write (``.csv``/``.xlsx`` added where its name lacks the format's suffix).
    """
    _check_format(fmt)
    target = Path(target)
    path = target / export_filename(survey, fmt) if target.is_dir() else target
    path.parent.mkdir(parents=True, exist_ok=True)
    study = study_of(survey)
    frame = responses_frame(survey)
    if fmt == "zip":
        with tempfile.TemporaryDirectory(prefix="lipkit-export-") as tmp:
            folder = Path(tmp) / survey.slug
            save_study(study, folder)
            write_responses(
                frame, study.questionnaire, folder / RESPONSES_NAME, layout="kobo", org=study.org
            )
            with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                for file in sorted(folder.rglob("*")):
                    if file.is_file():
                        archive.write(file, file.relative_to(folder.parent).as_posix())
    else:
        # write_responses picks CSV or XLSX by the suffix: a file named otherwise gets it added.
        if path.suffix.lower() != f".{fmt}":
            path = path.with_name(f"{path.name}.{fmt}")
        write_responses(frame, study.questionnaire, path, layout="kobo", org=study.org)
    audit.info(
        "export: survey %s, format %s, %d responses, by %s",
        survey.slug,
        fmt,
        frame.height,
        user or "-",
    )
    return path


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"export format {fmt!r}; expected one of {', '.join(FORMATS)}")
