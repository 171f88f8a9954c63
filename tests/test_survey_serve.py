"""``lipkit serve``'s preparation: the study opened once as a survey, and a first login that a
second start shows again until its password has been changed."""

from __future__ import annotations

import pytest

from lipkit.demo import write_demo

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory):
    return write_demo(tmp_path_factory.mktemp("serve") / "demo")


def test_the_study_is_opened_once_and_the_first_login_shown_until_changed(
    demo_folder, settings, tmp_path
):
    from django.contrib.auth import get_user_model

    from lipkit.survey.models import Survey
    from lipkit.survey.server import prepare

    settings.DATA_DIR = tmp_path
    first = prepare(demo_folder)
    survey = Survey.objects.get()
    assert survey.status == Survey.Status.OPEN and first.survey_link == survey.link
    assert first.admin_password and len(first.admin_password) >= 16
    assert (tmp_path / "first-login.txt").stat().st_mode & 0o777 == 0o600

    again = prepare(demo_folder)
    assert Survey.objects.count() == 1 and again.survey_link == survey.link
    assert again.admin_password == first.admin_password

    admin = get_user_model().objects.get(username="admin")
    admin.set_password("ein neues, langes Passwort")
    admin.save()
    assert prepare(demo_folder).admin_password is None
    assert not (tmp_path / "first-login.txt").exists()


def test_no_password_note_in_production(demo_folder, settings, tmp_path):
    from lipkit.survey.server import prepare

    settings.DATA_DIR = tmp_path
    settings.PRODUCTION = True
    assert prepare(None).admin_password
    assert not (tmp_path / "first-login.txt").exists()
    assert prepare(None).admin_password is None


def log_in(client, username: str, password: str) -> bool:
    """Through the login page, as a person does (django-axes counts the attempt)."""
    response = client.post("/team/login/", {"username": username, "password": password})
    return response.status_code == 302 and response["Location"] == "/team/"


def test_the_team_changes_its_password(client, django_user_model):
    django_user_model.objects.create_superuser("admin", password="erstes-Passwort-123")
    assert log_in(client, "admin", "erstes-Passwort-123")
    page = client.get("/team/passwort/")
    assert page.status_code == 200 and "Passwort ändern" in page.content.decode()
    changed = client.post(
        "/team/passwort/",
        {
            "old_password": "erstes-Passwort-123",
            "new_password1": "Integrationsplan-2026!",
            "new_password2": "Integrationsplan-2026!",
        },
    )
    assert changed.status_code == 302 and changed["Location"] == "/team/passwort/geaendert/"
    client.logout()
    assert not log_in(client, "admin", "erstes-Passwort-123")
    assert log_in(client, "admin", "Integrationsplan-2026!")


def test_django_texts_follow_the_page_language_not_the_browser(client, django_user_model):
    django_user_model.objects.create_superuser("admin", password="erstes-Passwort-123")
    assert log_in(client, "admin", "erstes-Passwort-123")
    page = client.get("/team/passwort/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Altes Passwort" in page and "Old password" not in page
