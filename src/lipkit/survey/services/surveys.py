"""Creating, opening and closing surveys; the study of a survey as lipkit's model."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from lipkit.study.model import Study
from lipkit.survey.form import OnlineForm
from lipkit.survey.models import Role, StudyFile, Survey


def create_survey(
    study: Study,
    *,
    slug: str | None = None,
    title: str | None = None,
    owner=None,
    files: Mapping[str, bytes] | None = None,
) -> Survey:
    """A draft survey of ``study``; ``owner`` (a login) gets the role of owner on it;
    ``files``: the team's files of its study folder (``StudyFolder.team_files``), kept for
    the ZIP export."""
    title = title or study.settings.title or study.questionnaire.settings.form_title or "Umfrage"
    base = slugify(slug or study.questionnaire.settings.form_id or title)[:40] or "umfrage"
    candidate, n = base, 1
    while Survey.objects.filter(slug=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    with transaction.atomic():
        survey = Survey.objects.create(
            slug=candidate, title=title, study=study.model_dump(mode="json")
        )
        if owner is not None:
            Role.objects.create(survey=survey, user=owner, kind=Role.Kind.OWNER)
        StudyFile.objects.bulk_create(
            StudyFile(survey=survey, path=path, content=content)
            for path, content in (files or {}).items()
        )
    return survey


def import_study_folder(folder: Path, *, slug: str | None = None) -> Survey:
    """A draft survey of the study folder ``folder``, its team's files kept."""
    from lipkit.study.folder import StudyFolder

    study_folder = StudyFolder.at(folder)
    return create_survey(study_folder.load(), slug=slug, files=study_folder.team_files())


def team_files(survey: Survey) -> dict[str, bytes]:
    """The files of the study folder the survey was made from (``StudyFolder.team_files``)."""
    return {f.path: bytes(f.content) for f in survey.files.all()}


def import_xlsform(path: Path, *, slug: str | None = None, title: str | None = None) -> Survey:
    from lipkit.study.orgtree import derive_org_tree
    from lipkit.study.xlsform import read_xlsform

    questionnaire = read_xlsform(path)
    return create_survey(
        Study(questionnaire=questionnaire, org=derive_org_tree(questionnaire)),
        slug=slug,
        title=title,
    )


def study_of(survey: Survey) -> Study:
    return online_form(survey).study


def online_form(survey: Survey) -> OnlineForm:
    """The survey's parsed questionnaire, kept per survey link and version (a changed study
    gets a new version): parsing takes milliseconds, checking a page a fraction of one."""
    # The link, not the primary key: a rolled-back or deleted survey's key can come back.
    key = (survey.link, survey.version)
    form = _FORMS.get(key)
    if form is None:
        if len(_FORMS) > 64:
            _FORMS.clear()
        form = _FORMS[key] = OnlineForm(Study.model_validate(survey.study))
    return form


_FORMS: dict[tuple[str, int], OnlineForm] = {}


def availability(survey: Survey, today: date | None = None) -> str:
    """Whether respondents may answer: ``open``; ``draft`` (never opened); ``not_yet``
    (opened, but its first day is still to come); ``closed`` (closed, or past its last day)."""
    today = today or date.today()
    if survey.status == Survey.Status.CLOSED:
        return "closed"
    if survey.status == Survey.Status.DRAFT:
        return "draft"
    if survey.opens_on and today < survey.opens_on:
        return "not_yet"
    if survey.closes_on and today > survey.closes_on:
        return "closed"
    return "open"


def is_open(survey: Survey, today: date | None = None) -> bool:
    today = today or date.today()
    if survey.status != Survey.Status.OPEN:
        return False
    if survey.opens_on and today < survey.opens_on:
        return False
    return not (survey.closes_on and today > survey.closes_on)


@transaction.atomic
def open_survey(survey: Survey) -> Survey:
    survey.status = Survey.Status.OPEN
    survey.anonymity_fixed = True
    survey.save(update_fields=["status", "anonymity_fixed"])
    return survey


def close_survey(survey: Survey) -> Survey:
    """Closed: no more answers; what still waits for a batch is written (committed after
    the status, so a submission committed meanwhile sees the close and writes itself)."""
    from lipkit.survey.services.submissions import release

    survey.status = Survey.Status.CLOSED
    survey.save(update_fields=["status"])
    release(survey)
    return survey


RESUME_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def normalise_code(text: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", text.upper())
