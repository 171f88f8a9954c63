"""The respondents' pages through Django's test client: the demo questionnaire answered,
refused input, double submissions, anonymity of what is stored."""

from __future__ import annotations

import re

import pytest

from lipkit.demo import build_demo_study
from lipkit.survey.models import Response
from lipkit.survey.services.surveys import create_survey, open_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    return open_survey(create_survey(build_demo_study(), slug="demo"))


def field(html: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', html).group(1)


def start(client, survey):
    page = client.get(f"/s/{survey.link}/")
    assert page.status_code == 200
    response = client.post(f"/s/{survey.link}/", {"action": "start", "lang": "de"})
    assert response.status_code == 200
    return response.content.decode()


def test_first_page_then_second(client, survey):
    html = start(client, survey)
    assert "Seite 1 von 6" in html
    answers = {"rolle": "sgl", "dezernat": "III", "fachbereich": "50"}
    response = client.post(
        f"/s/{survey.link}/",
        {"action": "next", "state": field(html, "state"), **answers, "_shown": list(answers)},
    )
    html = response.content.decode()
    assert "Seite 2 von 6" in html
    assert Response.objects.count() == 0
