"""A survey made from a study folder keeps the team's files (report/, interviews/ …), and its
ZIP export is the whole study folder again: ``lipkit report`` on the unpacked export writes
the study's own report (its chapters, interviews and recommendations), not the default one."""

from __future__ import annotations

import io
import uuid
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from studies.plain_xlsform import ROWS
from typer.testing import CliRunner

from lipkit.cli import app
from lipkit.survey.models import Response, StudyFile, Survey
from lipkit.survey.services.surveys import import_study_folder, open_survey

pytestmark = pytest.mark.django_db

TEAM_FILES = ["interviews/a.md", "report/01-ergebnisse.md", "report/recommendations.yaml"]


@pytest.fixture(autouse=True)
def fresh_forms(monkeypatch):
    # online_form() caches parsed forms by (link, version); a rolled-back test's may come again.
    from lipkit.survey.services import surveys

    monkeypatch.setattr(surveys, "_FORMS", {})


def answer(survey: Survey) -> None:
    """The 18 respondents of the plain study (studies/plain_xlsform.py) as stored answers."""
    rows = []
    for dezernat, fachbereich, kontakt, zufriedenheit, massnahmen in ROWS:
        answers: dict[str, object] = {"dezernat": dezernat, "fachbereich": fachbereich}
        if kontakt:
            answers["kontakt"] = kontakt
        if zufriedenheit:
            answers["zufriedenheit"] = zufriedenheit
        if massnahmen:
            answers["massnahmen"] = massnahmen.split()
        rows.append(Response(id=uuid.uuid4(), survey=survey, answers=answers, language="de"))
    Response.objects.bulk_create(rows)


def zipped(folder: Path, *, extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()


def export_and_report(client, survey: Survey, tmp_path: Path) -> tuple[list[str], str]:
    """The ZIP export's member names, and the HTML ``lipkit report`` writes from it."""
    response = client.get(f"/team/{survey.slug}/export/zip/")
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        names = sorted(archive.namelist())
        archive.extractall(tmp_path / "export")
    folder = tmp_path / "export" / survey.slug
    result = CliRunner().invoke(app, ["report", str(folder), "--format", "html"])
    assert result.exit_code == 0, result.output
    return names, (folder / "report-out" / "bericht.html").read_text(encoding="utf-8")


def test_an_uploaded_study_folder_comes_back_whole_in_the_export(
    study_folder, people, client_of, tmp_path
):
    owner = client_of(people["owner"])
    upload = SimpleUploadedFile(
        "studie.zip",
        zipped(study_folder, extra={"report-out/bericht.html": b"alt", ".DS_Store": b"x"}),
        content_type="application/zip",
    )
    assert owner.post("/team/neu/", {"file": upload}).status_code == 303
    survey = Survey.objects.get()
    # Kept: the team's files as uploaded; not: what lipkit makes (study.yaml, questionnaire,
    # responses, a written report) and hidden files.
    assert [f.path for f in StudyFile.objects.filter(survey=survey)] == TEAM_FILES
    for stored in StudyFile.objects.filter(survey=survey):
        assert bytes(stored.content) == (study_folder / stored.path).read_bytes()
    answer(open_survey(survey))

    names, html = export_and_report(owner, survey, tmp_path)
    assert names == sorted(
        f"{survey.slug}/{name}"
        for name in [*TEAM_FILES, "questionnaire.xlsx", "responses.csv", "study.yaml"]
    )
    # The study's own report: its chapter, its interview quoted, its recommendations.
    assert "Ziele wurden nie festgelegt" in html  # the quote from interviews/a.md
    assert "Zielwerte festlegen" in html and "Schulungen ausbauen" in html
    assert "<h1" in html and "Maßnahmen" in html  # the chapter's own heading


def test_lipkit_serve_keeps_the_study_folders_files(study_folder, people, client_of, tmp_path):
    """``lipkit serve --study DIR`` imports the folder through the same StudyFolder."""
    from lipkit.survey.services import roles

    (study_folder / "report-out").mkdir()
    (study_folder / "report-out" / "bericht.html").write_text("alt")
    survey = open_survey(import_study_folder(study_folder, slug="studie"))
    roles.grant(survey, people["owner"], roles.OWNER)
    answer(survey)
    assert [f.path for f in survey.files.all()] == TEAM_FILES
    names, html = export_and_report(client_of(people["owner"]), survey, tmp_path)
    assert "studie/report/01-ergebnisse.md" in names
    assert "Zielwerte festlegen" in html


def test_a_survey_from_an_xlsform_alone_exports_no_team_files(
    team_survey, people, client_of, tmp_path
):
    response = client_of(people["owner"]).get(f"/team/{team_survey.slug}/export/zip/")
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert sorted(archive.namelist()) == [
            "klein/org.csv",
            "klein/questionnaire.xlsx",
            "klein/responses.csv",
            "klein/study.yaml",
        ]
