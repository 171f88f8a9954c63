"""The team's login: failed attempts throttled per user name and per client address
(django-axes) with a clear German and English message, and sessions that end after
8 hours (``LIPKIT_TEAM_SESSION_HOURS``)."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessLog
from django.test import Client

from lipkit.survey.login import LOGIN_AT

pytestmark = pytest.mark.django_db

LIMIT = 5


def attempt(client: Client, username: str, password: str, address: str = "192.0.2.1"):
    return client.post(
        "/team/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def logged_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == "/team/"


def test_five_failures_for_one_user_name_lock_it_from_every_address(people):
    for i in range(LIMIT - 1):
        response = attempt(Client(), "owner", "falsch", address=f"192.0.2.{10 + i}")
        assert response.status_code == 200, i  # the form again, with its error
        assert "Benutzername oder Passwort stimmen nicht." in response.content.decode()
    # The fifth failure locks the user name; the page says why.
    fifth = attempt(Client(), "owner", "falsch", address="192.0.2.99")
    assert fifth.status_code == 429
    # The right password, from yet another address: refused too.
    locked = attempt(Client(), "owner", "Passwort-owner-2026", address="198.51.100.7")
    assert locked.status_code == 429
    page = " ".join(locked.content.decode().split())
    assert "Zu viele fehlgeschlagene Anmeldeversuche (5 für diesen Benutzernamen" in page
    assert "Bitte versuchen Sie es in 15 Minuten erneut." in page
    assert "Too many failed login attempts" in page and "try again in 15 minutes" in page
    assert '<div lang="en">' in page
    assert "_auth_user_id" not in Client().session  # nobody logged in
    # What is recorded of the failures: user name, address, time; never the password.
    posted = "".join(AccessAttempt.objects.values_list("post_data", flat=True))
    assert "falsch" not in posted and "Passwort-owner-2026" not in posted
    # Another user from that address is not affected.
    assert logged_in(attempt(Client(), "reader", "Passwort-reader-2026", "198.51.100.7"))


def test_five_failures_from_one_address_lock_the_address_for_every_user_name(people):
    for name in ("a", "b", "c", "d"):
        assert attempt(Client(), name, "geraten", address="203.0.113.5").status_code == 200
    assert attempt(Client(), "e", "geraten", address="203.0.113.5").status_code == 429
    assert attempt(Client(), "owner", "Passwort-owner-2026", "203.0.113.5").status_code == 429
    assert logged_in(attempt(Client(), "owner", "Passwort-owner-2026", "203.0.113.6"))


def test_a_success_clears_the_count_and_the_lock_ends(people):
    client = Client()
    for _ in range(LIMIT - 1):
        attempt(client, "owner", "falsch")
    assert logged_in(attempt(Client(), "owner", "Passwort-owner-2026"))
    for _ in range(LIMIT - 1):
        attempt(client, "owner", "falsch")
    assert logged_in(attempt(Client(), "owner", "Passwort-owner-2026"))
    # Locked now; fifteen minutes later it may try again.
    for _ in range(LIMIT):
        attempt(client, "owner", "falsch")
    assert attempt(Client(), "owner", "Passwort-owner-2026").status_code == 429
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16)
    )
    assert logged_in(attempt(Client(), "owner", "Passwort-owner-2026"))
    # Successful logins are not recorded with their address.
    assert not AccessLog.objects.exists()


def test_behind_a_trusted_proxy_the_forwarded_address_counts(people, settings):
    settings.TRUST_X_FORWARDED_FOR = True
    for name in ("a", "b", "c", "d", "e"):
        Client().post(
            "/team/login/",
            {"username": name, "password": "x"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.77",
        )
    assert AccessAttempt.objects.filter(ip_address="203.0.113.77").count() == 5
    # The proxy itself (every other client) is not locked out.
    other = Client().post(
        "/team/login/",
        {"username": "owner", "password": "Passwort-owner-2026"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.78",
    )
    assert logged_in(other)


def test_a_team_session_ends_after_eight_hours(people, settings):
    assert settings.TEAM_SESSION_HOURS == 8
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    client = Client()
    assert logged_in(attempt(client, "owner", "Passwort-owner-2026"))
    started = client.session[LOGIN_AT]
    assert abs(started - time.time()) < 60
    session = client.session
    session[LOGIN_AT] = time.time() - (8 * 3600 - 60)  # 7 h 59 min: still in
    session.save()
    assert client.get("/team/").status_code == 200
    session = client.session
    session[LOGIN_AT] = time.time() - (8 * 3600 + 60)  # 8 h 1 min: out, however active
    session.save()
    response = client.get("/team/")
    assert response.status_code == 302 and response["Location"].startswith("/team/login/")
    page = client.get(response["Location"]).content.decode()
    assert "Ihre Sitzung ist nach 8 Stunden abgelaufen." in page
    assert client.get("/team/").status_code == 302  # logged out for good


def test_the_limits_come_from_the_environment(tmp_path):
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'lipkit.survey.settings'; "
        "from django.conf import settings as s; "
        "print(s.TEAM_SESSION_HOURS, s.SESSION_COOKIE_AGE, s.AXES_FAILURE_LIMIT, "
        "int(s.AXES_COOLOFF_TIME.total_seconds()))"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "LIPKIT_DATA": str(tmp_path),
        "LIPKIT_TEAM_SESSION_HOURS": "4",
        "LIPKIT_LOGIN_ATTEMPTS": "3",
        "LIPKIT_LOGIN_LOCK_MINUTES": "60",
    }
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["4", "14400", "3", "3600"]
