"""``lipkit serve``: prepare the database, load a study, make a first login, run gunicorn."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lipkit.survey.settings")
    import django

    django.setup()


@dataclass(frozen=True)
class Prepared:
    survey_link: str | None
    admin_password: str | None  # the first login's password while it is still the first one


def prepare(study: Path | None) -> Prepared:
    """Migrate; import and open ``study`` unless a survey of that slug exists; first admin.

    A form with an expression the web form cannot evaluate is refused here, before anything
    starts (an ``ExpressionError`` naming the question and the expression)."""
    from lipkit.study.expressions import FormLogic
    from lipkit.study.folder import load_study

    loaded = load_study(study) if study is not None else None
    if loaded is not None:
        FormLogic(loaded.questionnaire)
    setup_django()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from lipkit.survey.models import Survey
    from lipkit.survey.services.surveys import import_study_folder, open_survey

    call_command("migrate", verbosity=0, interactive=False)
    _settle()
    link = None
    if study is not None and loaded is not None:
        from django.utils.text import slugify

        slug = slugify(loaded.questionnaire.settings.form_id or study.name)[:40] or "umfrage"
        survey = Survey.objects.filter(slug=slug).first()
        if survey is None:
            survey = open_survey(import_study_folder(study, slug=slug))
        link = survey.link
    return Prepared(link, _first_login(get_user_model()))


def _settle() -> None:
    """Expired drafts deleted; what waits for a batch in a survey closed in the meantime (its
    closing day passed) written (services/submissions.py)."""
    from lipkit.survey.models import Survey
    from lipkit.survey.services.submissions import purge_expired_drafts, release

    purge_expired_drafts()
    for survey in Survey.objects.filter(pending__isnull=False).distinct():
        release(survey)


def _first_login(users) -> str | None:
    """Create the first login ``admin`` with a random password when there is no admin yet.

    Locally (not in production) the password is also kept in ``LIPKIT_DATA/first-login.txt``,
    readable by the owner only, and shown again on the next start for as long as it has not
    been changed — so a second ``make run`` does not lock the user out.
    """
    from django.conf import settings

    note = settings.DATA_DIR / "first-login.txt"
    if not users.objects.filter(is_superuser=True).exists():
        password = secrets.token_urlsafe(12)
        users.objects.create_superuser("admin", email="", password=password)
        if not settings.PRODUCTION:
            note.parent.mkdir(parents=True, exist_ok=True)
            note.write_text(password + "\n", encoding="utf-8")
            note.chmod(0o600)
        return password
    if settings.PRODUCTION or not note.exists():
        return None
    password = note.read_text(encoding="utf-8").strip()
    admin = users.objects.filter(username="admin").first()
    if admin is not None and admin.check_password(password):
        return password
    note.unlink()  # changed since: the note is no longer true
    return None


def run(host: str, port: int, workers: int) -> None:
    from gunicorn.app.base import BaseApplication

    from lipkit.survey.wsgi import application

    class Server(BaseApplication):
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("accesslog", None)  # no request lines (paths carry survey links)
            self.cfg.set("errorlog", "-")
            self.cfg.set("loglevel", "warning")

        def load(self):
            return application

    Server().run()
