"""Waves of a survey (issue 18): "Neue Welle" makes the next wave of a survey — the same
questionnaire, org tree, texts and settings, the team's files and roles, linked to it as its
previous wave — with nothing of its answers, invitations or exports."""

from __future__ import annotations

from django.db import transaction

from lipkit import catalogue
from lipkit.survey.models import TEXT_FIELDS, Role, Survey
from lipkit.survey.services.surveys import create_survey, study_of, team_files

# What a new wave takes over from the survey it repeats (besides questionnaire and files).
COPIED = ("open_link", "date_policy", *TEXT_FIELDS)


class WaveRefused(ValueError):
    """Why no new wave was made (German, for the team)."""


def default_label(survey: Survey) -> str:
    """The next wave's label when none is given: the previous label's number + 1, else 2."""
    label = survey.wave_label or "1"
    return str(int(label) + 1) if label.isdigit() else f"{label}-2"


def new_wave(survey: Survey, *, label: str = "", owner=None) -> Survey:
    """A draft survey repeating ``survey`` as its next wave (labelled ``label``)."""
    label = label.strip() or default_label(survey)
    if len(label) > 40:
        raise WaveRefused(catalogue.text("team_page.wave_label_long"))
    earlier = survey.wave_label or "1"
    if label == earlier or survey.next_waves.filter(wave_label=label).exists():
        raise WaveRefused(catalogue.text("team_page.wave_exists", label=label))
    base_title = survey.title
    if survey.wave_label and base_title.endswith(f" {survey.wave_label}"):
        base_title = base_title[: -len(survey.wave_label) - 1]
    with transaction.atomic():
        if not survey.wave_label:
            survey.wave_label = earlier
            survey.save(update_fields=["wave_label"])
        wave = create_survey(
            study_of(survey),
            slug=f"{survey.slug}-{label}",
            title=f"{base_title} {label}",
            files=team_files(survey),
        )
        for name in COPIED:
            setattr(wave, name, getattr(survey, name))
        wave.previous = survey
        wave.wave_label = label
        wave.save()
        roles = [Role(survey=wave, user_id=r.user_id, kind=r.kind) for r in survey.roles.all()]
        if owner is not None and not any(r.user_id == owner.pk for r in roles):
            roles.append(Role(survey=wave, user=owner, kind=Role.Kind.OWNER))
        Role.objects.bulk_create(roles)
    return wave
