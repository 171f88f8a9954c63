"""Per-survey roles: owners manage (settings, texts, invitations and their addresses, raw
exports, roles), readers see only the dashboard, a login without a role sees nothing of the
survey, a superuser may do everything. Every team URL is tried with every kind of login — the
URLs are taken from the urlconf, so a new team page without an entry here fails the test."""

from __future__ import annotations

import importlib
import re
import tempfile
from pathlib import Path

import pytest
from django.apps import apps
from django.urls import URLPattern, reverse

from lipkit.survey import urls as survey_urls
from lipkit.survey.models import ExportRecord, Invitation, Response, Role, Survey
from lipkit.survey.services import roles
from lipkit.survey.services.exports import FORMATS
from lipkit.survey.services.surveys import create_survey

pytestmark = pytest.mark.django_db

migration = importlib.import_module("lipkit.survey.migrations.0003_roles_and_pages")

SECRET = "GEHEIMTEXT-über-die-Abteilung"
ADDRESS = "anna.beispiel@stadt.example"

PUBLIC, LOGIN, READER, OWNER = "public", "login", "reader", "owner"
ACCESS = {
    # name: what it needs ("public": anyone, "login": any login, else the role on the survey)
    "login": PUBLIC,
    "logout": PUBLIC,  # a POST; a GET is refused (405) for everyone
    "team-home": LOGIN,
    "password-change": LOGIN,
    "password-done": LOGIN,
    "team-create": LOGIN,
    "team-detail": OWNER,
    "team-preview": OWNER,
    "team-invitations": OWNER,
    "team-dashboard": READER,
    "team-export": OWNER,
    "team-roles": OWNER,
    "team-texts": OWNER,
}
POSTS = {
    # A POST each page takes, and how to tell that it changed nothing.
    "team-detail": {"action": "open"},
    "team-invitations": {"addresses": "neu@stadt.example"},
    "team-roles": {"action": "add", "username": "outsider", "kind": "owner"},
    "team-texts": {"controller": "Böse Stelle", "retention_months": "1"},
}


def team_patterns() -> list[URLPattern]:
    return [p for p in survey_urls.urlpatterns if str(p.pattern).startswith("team/")]


@pytest.fixture
def survey(team_survey):
    """The small survey with one answer holding a secret text, an invitation address and a
    draft status, so that any leak shows."""
    import uuid

    Response.objects.create(
        id=uuid.uuid4(),
        survey=team_survey,
        answers={"dezernat": "D1", "themen": SECRET},
        language="de",
    )
    Invitation.objects.create(survey=team_survey, email=ADDRESS, token_hash="0" * 64)
    Survey.objects.filter(pk=team_survey.pk).update(status=Survey.Status.DRAFT)
    team_survey.refresh_from_db()
    return team_survey


def urls_of(name: str, survey: Survey) -> list[str]:
    if name == "team-export":
        return [reverse(f"survey:{name}", args=[survey.slug, fmt]) for fmt in FORMATS]
    if ACCESS[name] in (READER, OWNER):
        return [reverse(f"survey:{name}", args=[survey.slug])]
    return [reverse(f"survey:{name}")]


def state(survey: Survey) -> tuple:
    """Everything a refused POST could have changed."""
    fresh = Survey.objects.get(pk=survey.pk)
    return (
        fresh.status,
        fresh.controller,
        fresh.retention_months,
        sorted(Invitation.objects.values_list("email", flat=True)),
        sorted(Role.objects.values_list("user__username", "kind")),
        ExportRecord.objects.count(),
    )


def no_data(body: str, survey: Survey) -> None:
    for leak in (survey.title, SECRET, ADDRESS, survey.link, "Dezernat I"):
        assert leak not in body, leak


def test_every_team_url_is_listed_with_the_role_it_needs():
    names = {p.name for p in team_patterns()}
    assert names == set(ACCESS), (
        f"team URLs without an access rule in this test: {sorted(names - set(ACCESS))}; "
        f"rules for URLs that are gone: {sorted(set(ACCESS) - names)}"
    )
    for pattern in team_patterns():
        needed = getattr(pattern.callback, "survey_role_needed", None)
        expected = ACCESS[pattern.name] if ACCESS[pattern.name] in (READER, OWNER) else None
        assert needed == expected, pattern.name


@pytest.mark.parametrize("name", sorted(ACCESS))
def test_each_team_url_with_each_kind_of_login(name, survey, people, client_of):
    """Anonymous: the login page. Outsider: 404 for a survey's pages (as if it did not
    exist). Reader: 403 for an owner's page. Owner and admin: the page. A refused answer holds
    none of the survey's data, and a refused POST changes nothing."""
    needed = ACCESS[name]
    if name == "logout":
        for who in ("outsider", "reader", "owner", "admin"):
            client = client_of(people[who])
            assert client.get("/team/logout/").status_code == 405
            assert client.post("/team/logout/")["Location"] == "/team/login/"
            assert client.get("/team/").status_code == 302  # logged out
        return
    for url in urls_of(name, survey):
        anonymous = client_of(None).get(url)
        if needed == PUBLIC:
            assert anonymous.status_code == 200, url
        else:
            assert anonymous.status_code == 302, url
            assert anonymous["Location"].startswith("/team/login/?next="), url
            no_data(anonymous.content.decode(), survey)

        for who in ("outsider", "reader", "owner", "admin"):
            client = client_of(people[who])
            before = state(survey)
            response = client.get(url)
            body = response.content.decode(errors="replace")
            allowed = (
                needed in (PUBLIC, LOGIN)
                or who in ("owner", "admin")
                or (who == "reader" and needed == READER)
            )
            if allowed:
                assert response.status_code == 200, (url, who, response.status_code)
            else:
                expected = 404 if who == "outsider" else 403
                assert response.status_code == expected, (url, who, response.status_code)
                no_data(body, survey)
                if name in POSTS:
                    refused = client.post(url, POSTS[name])
                    assert refused.status_code == expected, (url, who, "POST")
                    no_data(refused.content.decode(), survey)
            if not (allowed and name == "team-export"):  # an export is recorded
                assert state(survey) == before, (url, who)


def test_a_reader_sees_the_dashboard_and_nothing_else(survey, people, client_of):
    reader = client_of(people["reader"])
    home = reader.get("/team/").content.decode()
    row = re.search(r"<tr>\s*<th scope=\"row\">.*?</tr>", home, re.S).group(0)
    # The survey links to its dashboard, with the role named and the dashboard's count (the
    # snapshot: 0 while fewer than k have answered), not the live one.
    assert 'href="/team/klein/ergebnisse/"' in row and "nur Ergebnisse" in row
    assert '<td class="num">0</td>' in row
    dashboard = reader.get("/team/klein/ergebnisse/").content.decode()
    assert "Stand: 0 Antworten" in dashboard
    assert "/export/" not in dashboard  # no export links for a reader
    assert ADDRESS not in dashboard and SECRET not in dashboard


def test_an_outsider_sees_no_survey_and_an_admin_every_one(survey, people, client_of):
    assert "klein" not in client_of(people["outsider"]).get("/team/").content.decode()
    admin = client_of(people["admin"]).get("/team/").content.decode()
    assert 'href="/team/klein/"' in admin and "verantwortlich" in admin
    owner = client_of(people["owner"]).get("/team/").content.decode()
    assert 'href="/team/klein/"' in owner and '<td class="num">1</td>' in owner  # live count


def test_the_creator_becomes_owner(people, client_of):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from formtable import xlsform

    with tempfile.TemporaryDirectory() as tmp:
        data = xlsform(
            Path(tmp),
            """
            | survey |
            |  | type | name | label::Deutsch (de) |
            |  | text | q    | Frage?              |
            | settings |
            |  | form_title | form_id |
            |  | Neu        | frisch  |
            """,
        ).read_bytes()
    client = client_of(people["outsider"])
    file = SimpleUploadedFile("neu.xlsx", data, "application/octet-stream")
    response = client.post("/team/neu/", {"file": file})
    assert response.status_code == 303 and response["Location"] == "/team/frisch/"
    survey = Survey.objects.get(slug="frisch")
    assert list(Role.objects.filter(survey=survey).values_list("user__username", "kind")) == [
        ("outsider", "owner")
    ]
    assert client.get("/team/frisch/").status_code == 200
    assert client_of(people["owner"]).get("/team/frisch/").status_code == 404


# -- the roles page ------------------------------------------------------------------------------


def roles_of(survey) -> dict[str, str]:
    return dict(Role.objects.filter(survey=survey).values_list("user__username", "kind"))


def follow(client, response) -> str:
    assert response.status_code == 303, response.content.decode()[:3000]
    return " ".join(client.get(response["Location"]).content.decode().split())


def test_an_owner_adds_an_existing_login_and_changes_its_role(survey, people, client_of):
    owner = client_of(people["owner"])
    page = follow(
        owner,
        owner.post(
            "/team/klein/rollen/", {"action": "add", "username": "Outsider", "kind": "reader"}
        ),
    )
    assert "„outsider“ hat jetzt die Rolle „nur Ergebnisse“." in page
    assert roles_of(survey) == {"owner": "owner", "reader": "reader", "outsider": "reader"}
    outsider = client_of(people["outsider"])
    assert outsider.get("/team/klein/ergebnisse/").status_code == 200
    assert outsider.get("/team/klein/export/csv/").status_code == 403

    user = str(people["outsider"].pk)
    follow(
        owner,
        owner.post("/team/klein/rollen/", {"action": "change", "user": user, "kind": "owner"}),
    )
    assert roles_of(survey)["outsider"] == "owner"
    assert outsider.get("/team/klein/export/csv/").status_code == 200
    page = follow(owner, owner.post("/team/klein/rollen/", {"action": "remove", "user": user}))
    assert "„outsider“ hat keine Rolle mehr." in page and "outsider" not in roles_of(survey)
    assert outsider.get("/team/klein/ergebnisse/").status_code == 404


def test_an_owner_creates_a_new_login(survey, people, client_of, django_user_model):
    owner = client_of(people["owner"])
    weak = owner.post(
        "/team/klein/rollen/",
        {"action": "add", "username": "bernd", "kind": "reader", "password": "123"},
    )
    assert weak.status_code == 400
    assert "Dieses Passwort ist zu kurz" in weak.content.decode()
    assert not django_user_model.objects.filter(username="bernd").exists()
    unknown = owner.post(
        "/team/klein/rollen/", {"action": "add", "username": "bernd", "kind": "reader"}
    )
    assert unknown.status_code == 400
    assert "Eine Anmeldung „bernd“ gibt es nicht" in unknown.content.decode()

    data = {
        "action": "add",
        "username": "bernd",
        "kind": "reader",
        "password": "Lange-Passphrase-2026",
    }
    page = follow(owner, owner.post("/team/klein/rollen/", data))
    assert "neue Anmeldung; bitte das erste Passwort ändern lassen" in page
    bernd = django_user_model.objects.get(username="bernd")
    assert bernd.check_password("Lange-Passphrase-2026") and not bernd.is_superuser
    assert roles_of(survey)["bernd"] == "reader"
    # An existing login's password is never set here.
    again = owner.post("/team/klein/rollen/", {**data, "password": "Anderes-Passwort-2026"})
    assert (
        again.status_code == 400
        and "ihr Passwort wird hier nicht geändert" in again.content.decode()
    )
    bernd.refresh_from_db()
    assert bernd.check_password("Lange-Passphrase-2026")


def test_a_survey_never_loses_its_last_owner(survey, people, client_of):
    owner = client_of(people["owner"])
    me = str(people["owner"].pk)
    for data in (
        {"action": "change", "user": me, "kind": "reader"},
        {"action": "remove", "user": me},
    ):
        page = follow(owner, owner.post("/team/klein/rollen/", data))
        assert "braucht mindestens eine verantwortliche Person" in page
        assert roles_of(survey)["owner"] == "owner"
    with pytest.raises(roles.RoleRefused):
        roles.remove(survey, people["owner"])
    # With a second owner, the first may step back, and is sent to the list of surveys.
    roles.grant(survey, people["reader"], roles.OWNER)
    response = owner.post("/team/klein/rollen/", {"action": "remove", "user": me})
    assert response.status_code == 303 and response["Location"] == "/team/"
    assert roles_of(survey) == {"reader": "owner"}
    assert owner.get("/team/klein/").status_code == 404


def test_roles_of_another_survey_cannot_be_touched(survey, people, client_of, small_study):
    other = create_survey(small_study, slug="andere", owner=people["outsider"])
    owner = client_of(people["owner"])
    target = str(people["outsider"].pk)
    page = follow(owner, owner.post("/team/klein/rollen/", {"action": "remove", "user": target}))
    assert "hat keine Rolle in der Befragung" in page
    assert roles_of(other) == {"outsider": "owner"}


def test_existing_logins_keep_their_access_after_the_migration(small_study, people):
    """Before roles every login could do everything: the migration makes each existing login
    (not the superuser, who needs no role) an owner of each existing survey."""
    first = create_survey(small_study, slug="eins")
    second = create_survey(small_study, slug="zwei")
    migration.keep_todays_access(apps, None)
    for survey in (first, second):
        assert roles_of(survey) == {"owner": "owner", "reader": "owner", "outsider": "owner"}
