"""Waves in the web app (issue 18): "Neue Welle" makes the next wave of a survey, and the
dashboard of a wave shows the change since the previous one — numbers worked out by hand on
the hand-made study (the same waves as tests/test_compare.py), hidden where either wave
hides them. Runs on SQLite and on PostgreSQL (``make test``'s second pass)."""

from __future__ import annotations

import uuid

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from studies.hand_made import FACHBEREICHE, make_study

from lipkit.survey.models import Response, Role, StudyFile, Survey
from lipkit.survey.services import surveys
from lipkit.survey.services.surveys import create_survey, open_survey, study_of
from lipkit.survey.services.waves import WaveRefused, new_wave

pytestmark = pytest.mark.django_db

STUDY = make_study()
PARENT = dict(FACHBEREICHE)

# Earlier: voll 4, eher 6, teils 4, wenig 3, gar_nicht 1, k_a 2 (20 answered).
EARLIER = {
    "10": "voll voll voll voll eher eher eher eher eher eher",
    "20": "teils teils teils teils wenig wenig wenig gar_nicht k_a k_a",
}
# Now: voll 10, eher 5, teils 5, wenig 2, gar_nicht 1, k_a 2 (25 answered).
CURRENT = {
    "10": "voll voll voll voll voll voll voll voll voll voll eher eher eher",
    "20": "eher eher teils teils teils teils teils wenig wenig gar_nicht k_a k_a",
}


@pytest.fixture(autouse=True)
def fresh_forms():
    surveys._FORMS.clear()
    yield
    surveys._FORMS.clear()


@pytest.fixture
def owner(django_user_model):
    return django_user_model.objects.create_user("team", password="geheim-genug-123")


def answer(survey: Survey, units: dict[str, str]) -> None:
    Response.objects.bulk_create(
        Response(
            id=uuid.uuid4(),
            survey=survey,
            answers={"dezernat": PARENT[fb], "fachbereich": fb, "lead": "ja", "zufr": word},
            language="de",
        )
        for fb, words in units.items()
        for word in words.split()
    )


@pytest.fixture
def first(owner) -> Survey:
    survey = open_survey(
        create_survey(STUDY, slug="klima", owner=owner, files={"report/01.md": b"# Ergebnisse\n"})
    )
    survey.introduction = "Willkommen zur Befragung."
    survey.retention_months = 24
    survey.save()
    return survey


def test_new_wave_copies_questionnaire_settings_files_and_roles_not_answers(
    first, owner, django_user_model
):
    reader = django_user_model.objects.create_user("leser", password="geheim-genug-123")
    Role.objects.create(survey=first, user=reader, kind=Role.Kind.READER)
    answer(first, EARLIER)
    wave = new_wave(first, label="2024")
    first.refresh_from_db()
    assert (first.wave_label, wave.wave_label, wave.previous_id) == ("1", "2024", first.pk)
    assert wave.slug == "klima-2024" and wave.title.endswith(" 2024")
    assert wave.status == Survey.Status.DRAFT and wave.link != first.link
    assert study_of(wave) == study_of(first)
    assert (wave.introduction, wave.retention_months) == ("Willkommen zur Befragung.", 24)
    assert [(f.path, bytes(f.content)) for f in StudyFile.objects.filter(survey=wave)] == [
        ("report/01.md", b"# Ergebnisse\n")
    ]
    assert sorted(wave.roles.values_list("user__username", "kind")) == [
        ("leser", "reader"),
        ("team", "owner"),
    ]
    assert Response.objects.filter(survey=wave).count() == 0
    assert Response.objects.filter(survey=first).count() == 20
    # labels: the next number by default, never twice
    assert new_wave(wave).wave_label == "2025"
    with pytest.raises(WaveRefused, match="2024"):
        new_wave(first, label="2024")


def test_the_new_wave_button(client, first, owner):
    client.force_login(owner)
    detail = reverse("survey:team-detail", args=[first.slug])
    page = client.get(detail)
    assert "Neue Welle anlegen" in page.content.decode()
    made = client.post(detail, {"action": "new_wave", "wave_label": "2024"})
    assert made.status_code == 303
    wave = Survey.objects.get(previous=first)
    assert made["Location"] == reverse("survey:team-detail", args=[wave.slug])
    shown = client.get(made["Location"]).content.decode()
    assert "Welle 2024; vorige Welle" in shown
    again = client.post(detail, {"action": "new_wave", "wave_label": "2024"}, follow=True)
    assert "gibt es schon" in again.content.decode()
    assert Survey.objects.filter(previous=first).count() == 1


def change_rows(html: str) -> dict[tuple[str, str], list[str]]:
    table = BeautifulSoup(html, "html.parser").select_one("table.dash-change")
    rows = {}
    for tr in table.select("tbody tr"):
        cells = [td.get_text(" ", strip=True) for td in tr.find_all("td")]
        rows[cells[0], cells[1]] = cells[2:]
    return rows


def test_the_dashboard_shows_the_change_since_the_previous_wave(client, first, owner):
    answer(first, EARLIER)
    wave = open_survey(new_wave(first, label="2024"))
    answer(wave, CURRENT)
    client.force_login(owner)
    html = client.get(reverse("survey:team-dashboard", args=[wave.slug])).content.decode()
    assert "Veränderung seit Welle 1" in html
    rows = change_rows(html)
    label = next(k for k in rows if k[1] == "Top-2")[0]
    # top-2 (voll + eher): 10/20 → 15/25, +10 pp; Newcombe −18 … +36 (tests/test_compare.py)
    assert rows[label, "Top-2"] == [
        "50 % (n=20)",
        "60 % (n=25)",
        "+10",
        "-18 … +36",
        "● keine deutliche Veränderung",
    ]
    # the first wave's dashboard has no comparison
    first_html = client.get(reverse("survey:team-dashboard", args=[first.slug])).content
    assert b"dash-change" not in first_html


def test_a_wave_hidden_below_k_hides_the_change(client, first, owner):
    """Four answers in the first wave (k = 5): its snapshot shows nothing, so every change is
    hidden, though the new wave alone is large enough."""
    answer(first, {"10": "voll voll eher teils"})
    wave = open_survey(new_wave(first, label="2024"))
    answer(wave, CURRENT)
    client.force_login(owner)
    html = client.get(reverse("survey:team-dashboard", args=[wave.slug])).content.decode()
    rows = change_rows(html)
    assert rows and all(cells == ["n < 5"] for cells in rows.values())
