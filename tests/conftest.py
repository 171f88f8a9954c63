"""Fixtures shared by the test modules; the studies they stand on are in ``studies/``.

- ``study_folder``: the study folder with the team's report (``studies/report_folder.py``).
- ``chromium``, ``live_survey``, ``context``, ``page``: the survey's browser tests, in headless
  Chromium (Debian's, /usr/bin/chromium) through Playwright, with the demo questionnaire open
  on pytest-django's live server.
- ``small_study``, ``people``, ``team_survey``, ``client_of``: the team's side, a small study
  (``studies/team.py``) with logins of each role.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from studies.report_folder import write_report_study


def pytest_collection_finish(session: pytest.Session) -> None:
    """A run without tests on Django's database (``make test``'s core process) collects
    garbage as the ``lipkit`` command does (:func:`lipkit.process.tune_for_one_job`): the
    report's tests run about a sixth faster. The survey app's tests keep Python's defaults, as
    its server does. (By the database, not by the file name: the core run holds
    tests/test_survey_logic_js.py, which uses none.)"""
    if any(_uses_django_database(item) for item in session.items):
        return
    from lipkit.process import tune_for_one_job

    tune_for_one_job()


def _uses_django_database(item: pytest.Item) -> bool:
    # pytest-django's db fixtures all stand on django_db_setup; the marker asks for them
    # while the test runs, so it is looked at on its own.
    fixtures = getattr(item, "fixturenames", ())
    return item.get_closest_marker("django_db") is not None or "django_db_setup" in fixtures


@pytest.fixture
def study_folder(tmp_path: Path) -> Path:
    return write_report_study(tmp_path / "studie")


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def chromium():
    """One headless Chromium per test module (a new context per test or respondent)."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (Debian package 'chromium'): no browser tests")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread while it is started;
    # Django would then refuse every database call (also pytest-django's flush after a test)
    # as "async". The calls stay plain synchronous ones between browser steps.
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM)
            yield browser
            browser.close()
    finally:
        if before is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture
def live_survey(chromium, live_server, transactional_db):
    """The demo questionnaire, open on the live server; its address is ``.url``."""
    from django.core.cache import cache

    from lipkit.demo import build_demo_study
    from lipkit.survey.services.surveys import create_survey, open_survey

    cache.clear()  # rate-limit counts of earlier tests (the cache table is not flushed)
    survey = open_survey(create_survey(build_demo_study(), slug="demo"))
    survey.url = f"{live_server.url}/s/{survey.link}/"
    survey.base = live_server.url
    yield survey
    cache.clear()


@pytest.fixture
def context(chromium):
    """A fresh browser context (cookies, storage) at desktop size."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    context.set_default_timeout(60_000)  # a page that never comes, not a speed limit
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda m: (
            errors.append(m.text)
            if m.type == "error" and not m.text.startswith("Failed to load resource")
            else None
        ),
    )
    page.on(
        "response",
        lambda r: (
            errors.append(f"{r.status} {r.url}")
            if "/static/" in r.url and r.status >= 400
            else None
        ),
    )
    page.js_errors = errors
    yield page
    assert not errors, f"JavaScript errors or CSP refusals on the page: {errors}"


# -- the team's side: a small study and logins with and without a role ----------------------------


@pytest.fixture(scope="session")
def small_study(tmp_path_factory):
    """Two Dezernate of 20 staff, k = 5; one question of each kind (scale, multiple response,
    integer, decimal, open text)."""
    from formtable import xlsform
    from studies.team import SMALL_FORM

    from lipkit.study.model import OrgLevel, OrgTree, OrgUnit, Study, StudySettings
    from lipkit.study.xlsform import read_xlsform

    questionnaire = read_xlsform(xlsform(tmp_path_factory.mktemp("small"), SMALL_FORM))
    org = OrgTree(
        levels=[OrgLevel(name="dezernat", label={"de": "Dezernat"}, question="dezernat")],
        units=[
            OrgUnit(code="D1", name="Dezernat I", level="dezernat", staff=20),
            OrgUnit(code="D2", name="Dezernat II", level="dezernat", staff=20),
        ],
    )
    return Study(questionnaire=questionnaire, org=org, settings=StudySettings(title="Klein", k=5))


@pytest.fixture
def people(django_user_model, settings):
    """Four logins: ``owner``, ``reader`` (roles given by the tests' surveys), ``outsider``
    (no role anywhere) and ``admin`` (a superuser). Password of each: ``Passwort-<name>-2026``.

    Passwords are hashed with a fast hasher here: PBKDF2's 10⁶ rounds would cost every login
    attempt of these tests a good part of a second and test nothing about roles."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    users = {
        name: django_user_model.objects.create_user(name, password=f"Passwort-{name}-2026")
        for name in ("owner", "reader", "outsider")
    }
    users["admin"] = django_user_model.objects.create_superuser(
        "admin", password="Passwort-admin-2026"
    )
    return users


@pytest.fixture
def team_survey(small_study, people):
    """The small study, open, with ``owner`` as owner and ``reader`` as reader."""
    from lipkit.survey.services import roles
    from lipkit.survey.services.surveys import create_survey, open_survey

    survey = open_survey(create_survey(small_study, slug="klein", owner=people["owner"]))
    roles.grant(survey, people["reader"], roles.READER)
    return survey


@pytest.fixture
def client_of():
    """``client_of(user)``: a test client logged in as ``user`` (None: not logged in)."""
    from django.test import Client

    def make(user):
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make
