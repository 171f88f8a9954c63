"""Creating, opening and closing surveys; the study of a survey as lipkit's model."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from lipkit.study.model import Study
from lipkit.survey.form import OnlineForm
from lipkit.survey.models import Survey


def create_survey(study: Study, *, slug: str | None = None, title: str | None = None) -> Survey:
    title = title or study.settings.title or study.questionnaire.settings.form_title or "Umfrage"
    base = slugify(slug or study.questionnaire.settings.form_id or title)[:40] or "umfrage"
    candidate, n = base, 1
    while Survey.objects.filter(slug=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return Survey.objects.create(slug=candidate, title=title, study=study.model_dump(mode="json"))


def import_study_folder(folder: Path, *, slug: str | None = None) -> Survey:
    from lipkit.study.folder import load_study

    return create_survey(load_study(folder), slug=slug)


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
    survey.status = Survey.Status.CLOSED
    survey.save(update_fields=["status"])
    return survey


RESUME_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def normalise_code(text: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", text.upper())
