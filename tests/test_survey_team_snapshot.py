"""The dashboard against differencing: a reader who loads the dashboard before and after one
known colleague answers must learn nothing of that colleague. The dashboard shows a snapshot
that takes in new responses only when at least k (here 5) have come in since the last one."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from bs4 import BeautifulSoup

from lipkit.survey.models import DashboardSnapshot, Response
from lipkit.survey.services import snapshots

pytestmark = pytest.mark.django_db

K = 5


def answer(survey, dezernat: str, zufrieden: str, massnahmen: list[str], day: int = 10):
    return Response.objects.create(
        id=uuid.uuid4(),
        survey=survey,
        answers={"dezernat": dezernat, "zufrieden": zufrieden, "massnahmen": massnahmen},
        language="de",
        submitted_on=date(2025, 3, day),
    )


def main_of(client, survey, path: str = "ergebnisse/") -> str:
    """A team page's content (``<main>``; the header's logout form differs by its CSRF
    token), as the reader's browser gets it."""
    response = client.get(f"/team/{survey.slug}/{path}" if path else "/team/")
    assert response.status_code == 200
    return str(BeautifulSoup(response.content.decode(), "html.parser").main)


@pytest.fixture
def answered(team_survey):
    """Ten responses, five in each Dezernat: every number of the dashboard is shown."""
    for i in range(10):
        answer(
            team_survey,
            "D1" if i < 5 else "D2",
            "eher_zufrieden" if i % 2 else "sehr_zufrieden",
            ["schulung"],
            day=1 + i,
        )
    return team_survey


def test_one_known_colleague_answering_changes_nothing_on_the_dashboard(
    answered, people, client_of
):
    reader = client_of(people["reader"])
    before = main_of(reader, answered)
    assert "Stand: 10 Antworten; aktualisiert, sobald 5 weitere eingegangen sind." in before
    assert 'id="dash-total">10<' in before

    # The attack: the reader knows that Clara (the only one who would say so) answers now,
    # in Dezernat II, "sehr unzufrieden", with "keine" measures; then reloads.
    answer(answered, "D2", "sehr_unzufrieden", ["keine"], day=28)
    after = main_of(reader, answered)
    assert after == before
    assert "sehr_unzufrieden" not in str(DashboardSnapshot.objects.get().response_ids)

    # Three more (four new in all): still the same page, to the byte.
    for _ in range(3):
        answer(answered, "D1", "teils", ["material"], day=29)
    assert main_of(reader, answered) == before

    # The fifth new response: the snapshot moves and takes in all five at once.
    answer(answered, "D1", "teils", ["material"], day=30)
    moved = main_of(reader, answered)
    assert moved != before
    assert 'id="dash-total">15<' in moved
    assert "Stand: 15 Antworten" in moved
    soup = BeautifulSoup(moved, "html.parser")
    units = [
        [c.get_text(" ", strip=True) for c in row.find_all(["th", "td"])]
        for row in soup.select("table.dash-units tbody tr")
    ]
    assert units == [
        ["Gesamt", "15", "40", "38 %"],
        ["D1 Dezernat I", "9", "20", "45 %"],
        ["D2 Dezernat II", "6", "20", "30 %"],
    ]


def test_the_owner_sees_the_same_snapshot_and_the_home_count_of_a_reader_stands_still(
    answered, people, client_of
):
    reader, owner = client_of(people["reader"]), client_of(people["owner"])
    home_before = main_of(reader, answered, path=None)
    dashboard = main_of(owner, answered)
    answer(answered, "D2", "sehr_unzufrieden", ["keine"])
    assert main_of(reader, answered, path=None) == home_before
    assert '<td class="num">10</td>' in home_before
    # The owner's dashboard shows the same snapshot (plus the exports); the owner's live
    # count on the survey's own page is no secret to an owner, who may export anyway.
    assert main_of(owner, answered) == dashboard
    assert "<dt>Antworten</dt><dd>11</dd>" in owner.get("/team/klein/").content.decode()


def test_the_snapshot_moves_only_by_k_or_more(team_survey):
    assert snapshots.current(team_survey).response_ids == []
    ids = []
    for n in range(1, 13):
        ids.append(str(answer(team_survey, "D1", "teils", ["schulung"]).id))
        shown = snapshots.current(team_survey).response_ids
        # 1-4: nothing; 5: the first five; 6-9: still five; 10: all ten; 11, 12: ten.
        expected = 0 if n < K else (5 if n < 2 * K else 10)
        assert len(shown) == expected, n
        assert shown == sorted(ids[:expected])
    assert DashboardSnapshot.objects.count() == 1


def test_the_dashboard_shows_the_month_of_the_last_response_in_the_snapshot(
    answered, people, client_of
):
    html = main_of(client_of(people["reader"]), answered)
    assert 'id="dash-last">März 2025<' in html
    assert "10.03.2025" not in html
