"""Fixtures for the survey's browser tests: headless Chromium (Debian's, /usr/bin/chromium)
through Playwright, and the demo questionnaire open on pytest-django's live server.

Loaded by ``pytest_plugins = ["conftest_survey"]`` in the test files that need it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

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
    context.set_default_timeout(10_000)
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
