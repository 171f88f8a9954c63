"""The evaluation team's raw export of a survey, for ``lipkit analyze`` and ``lipkit report``.

- ``csv``: the responses in the KoboToolbox layout (``write_responses``), which
  ``lipkit validate``/``analyze`` read together with the questionnaire;
- ``csv-excel``: the same for a German Excel (``;`` between cells, decimal comma, UTF-8 with
  byte order mark), which lipkit reads back just the same;
- ``xlsx``: the same as a workbook, with a second sheet "Beschriftungen" that puts the label
  of every chosen option beside its code;
- ``zip``: the whole study folder (``study.yaml``, questionnaire, org tree unless the
  questionnaire gives it, ``responses.csv``, and the team's files of the study folder the
  survey was made from: ``report/``, ``interviews/`` …): unzipped, ``lipkit analyze DIR``
  and ``lipkit report DIR`` work on it as they are — the report with the team's chapters.

In every CSV a text answer that a spreadsheet could run as a formula (``=``, ``+``, ``-``,
``@``, tab, carriage return) starts with a ``'``; lipkit's reader takes exactly that quote
away again (``lipkit.data.io.neutralise_formulas``). The date a response was sent is
exported only as its month, and only where the survey's date policy keeps one.

The export holds every answer, open texts included, unsuppressed: it is the one explicit way
past the minimum group size the analysis conventions allow (§5), for the survey's owners
only, and each export is recorded (:class:`~lipkit.survey.models.ExportRecord`: who, when,
which format, how many rows; never an answer) and logged.
"""

from __future__ import annotations

import logging
import tempfile
import zipfile
from pathlib import Path

from django.utils import timezone

from lipkit import catalogue
from lipkit.data.formats import RESPONSE_FORMATS
from lipkit.data.io import write_responses
from lipkit.study.folder import RESPONSES_NAME, StudyFolder
from lipkit.survey.models import ExportRecord, Survey
from lipkit.survey.selectors import responses_frame
from lipkit.survey.services.submissions import release
from lipkit.survey.services.surveys import study_of, team_files

FORMATS = ("csv", "csv-excel", "xlsx", "zip")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "csv-excel": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
}
FILE_ENDINGS = {"csv": ".csv", "csv-excel": "-excel.csv", "xlsx": ".xlsx", "zip": ".zip"}
FORMAT_NAMES = {
    "csv": "CSV",
    "csv-excel": catalogue.text("team_page.format_csv_excel"),
    "xlsx": "Excel",
    "zip": catalogue.text("team_page.format_zip"),
}
RESPONSE_FORMAT_OF = {"csv": "csv", "csv-excel": "csv", "xlsx": "xlsx"}
"""The file format (:data:`lipkit.data.formats.RESPONSE_FORMATS`) of each export but the ZIP."""
LABELS_LANGUAGE = "de"

audit = logging.getLogger("lipkit.survey.exports")
audit.setLevel(logging.INFO)  # an export is always recorded, whatever the root level


def export_filename(survey: Survey, fmt: str) -> str:
    """``<slug>-antworten.csv``, ``-antworten-excel.csv``, ``.xlsx``, ``.zip`` (the study
    folder with the answers)."""
    _check_format(fmt)
    return f"{survey.slug}-antworten{FILE_ENDINGS[fmt]}"


def write_export(survey: Survey, fmt: str, target: Path, *, user=None) -> Path:
    """Write the survey's export in ``fmt`` (see :data:`FORMATS`), record who took it, and
    return its path.

    ``target`` is an existing folder (the file gets :func:`export_filename` there) or the
    file to write (the format's ending added where its name lacks it). ``user``: the login
    that asked for it (None: recorded without one).
    """
    _check_format(fmt)
    # After the closing day, answers that waited for a batch are written at the next request
    # of any kind: an export taken first must not miss them.
    release(survey)
    target = Path(target)
    path = target / export_filename(survey, fmt) if target.is_dir() else target
    path.parent.mkdir(parents=True, exist_ok=True)
    study = study_of(survey)
    frame = responses_frame(survey)
    if fmt == "zip":
        with tempfile.TemporaryDirectory(prefix="lipkit-export-") as tmp:
            folder = StudyFolder.save(study, Path(tmp) / survey.slug)
            responses = folder.responses or folder.root / RESPONSES_NAME
            write_responses(frame, study.questionnaire, responses, layout="kobo", org=study.org)
            folder.write_team_files(team_files(survey))
            with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                for file in sorted(folder.root.rglob("*")):
                    if file.is_file():
                        archive.write(file, file.relative_to(folder.root.parent).as_posix())
    else:
        # write_responses picks the format by the suffix: a file named otherwise gets it added.
        response_format = RESPONSE_FORMATS[RESPONSE_FORMAT_OF[fmt]]
        if path.suffix.lower() not in response_format.suffixes:
            path = path.with_name(f"{path.name}{response_format.suffixes[0]}")
        write_responses(
            frame,
            study.questionnaire,
            path,
            layout="kobo",
            org=study.org,
            csv_dialect="excel-de" if fmt == "csv-excel" else "plain",
            labels=LABELS_LANGUAGE if fmt == "xlsx" else None,
        )
    record_export(survey, fmt, frame.height, user)
    return path


def record_export(survey: Survey, fmt: str, rows: int, user=None) -> ExportRecord:
    username = user.get_username() if user is not None else ""
    record = ExportRecord.objects.create(
        survey=survey, user=user, username=username, at=timezone.now(), format=fmt, rows=rows
    )
    audit.info(
        "export: survey %s, format %s, %d responses, by %s", survey.slug, fmt, rows, username or "-"
    )
    return record


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"export format {fmt!r}; expected one of {', '.join(FORMATS)}")
