"""Production settings (``LIPKIT_PRODUCTION=1``): Django's deployment checks pass, the secret
key is required, and gunicorn behind a TLS proxy serves hashed static files through WhiteNoise,
redirects plain HTTP, sends HSTS and secure cookies, and takes a complete submission."""

from __future__ import annotations

import http.client
import os
import random
import re
import secrets
import subprocess
import sys

from bench.survey_load import (
    Client,
    acknowledged,
    demo_form,
    free_port,
    server_env,
    setup_survey,
    start_gunicorn,
    stop_group,
    stored_responses,
    wait_ready,
    walk,
)

POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/lipkit"


def production_env(tmp_path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LIPKIT_", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="lipkit.survey.settings",
        LIPKIT_PRODUCTION="1",
        LIPKIT_SECRET_KEY=secrets.token_urlsafe(50),
        LIPKIT_ALLOWED_HOSTS="umfrage.example.org",
        LIPKIT_DATA=str(tmp_path / "data"),
        DATABASE_URL=POSTGRES_URL,
        LIPKIT_DEBUG="1",  # ignored in production
    )
    env.update(extra)
    return env


def django(env, *args: str, cwd=None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "django", *args]
    return subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True)


def test_check_deploy_is_clean(tmp_path):
    # The check connects to no database; the URL only selects the PostgreSQL backend.
    result = django(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = production_env(tmp_path)
    del env["LIPKIT_SECRET_KEY"]
    result = django(env, "check")
    assert result.returncode != 0
    assert "LIPKIT_SECRET_KEY must be set" in result.stderr
    assert not (tmp_path / "data" / "secret-key").exists()


def test_gunicorn_behind_a_tls_proxy(tmp_path):
    database = f"sqlite:///{tmp_path / 'survey.sqlite3'}"
    env = server_env(database, tmp_path / "data")
    env.update(LIPKIT_PRODUCTION="1", LIPKIT_DEBUG="1")
    collected = django(env, "collectstatic", "--noinput")
    assert collected.returncode == 0, collected.stderr
    link = setup_survey(env)["link"]
    port = free_port()
    origin = f"https://127.0.0.1:{port}"
    # What the proxy adds; Django's CSRF check wants a same-origin Referer on HTTPS.
    proxy = {"X-Forwarded-Proto": "https", "Referer": f"{origin}/s/{link}/"}
    server = start_gunicorn(env, port, 1, tmp_path / "gunicorn.log")
    try:
        wait_ready(server, port, link, headers=proxy)

        plain = Client(port, link).request("GET", f"/s/{link}/")
        assert (plain.status, plain.location) == (301, f"{origin}/s/{link}/")

        client = Client(port, link, headers=proxy)
        page = client.request("GET", f"/s/{link}/")
        response = _headers(port, f"/s/{link}/", proxy)
        assert response["strict-transport-security"] == (
            "max-age=31536000; includeSubDomains; preload"
        )
        assert "Secure" in response["set-cookie"] and "HttpOnly" not in response["set-cookie"]
        css = re.search(r'href="(/static/survey/survey\.[0-9a-f]{12}\.css)"', page.body)[1]
        static = _headers(port, css, proxy)
        assert static[":status"] == "200"
        assert "immutable" in static["cache-control"]

        client.open()
        final, _ = walk(client, demo_form(), random.Random(7))
        assert acknowledged(client.post(final.fields))
        assert [a for a, _ in stored_responses(database).values()] == [final.answers]
    finally:
        stop_group(server)


def _headers(port: int, path: str, headers: dict[str, str]) -> dict[str, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    response.read()
    conn.close()
    out = {k.lower(): v for k, v in response.getheaders()}
    out[":status"] = str(response.status)
    return out


def test_processes_starting_at_once_keep_one_whole_secret_key(tmp_path):
    # make test's passes start in a fresh checkout at once: one of them read the key file
    # another had created but not yet written, and every request failed with "The
    # SECRET_KEY setting must not be empty". Twelve processes released together all read
    # the same whole key, and no temporary file is left beside it.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LIPKIT_", "DJANGO_"))}
    env["LIPKIT_DATA"] = str(tmp_path / "data")
    go = tmp_path / "go"
    code = (
        "import os, secrets, time\n"
        # a key slow to make: the others start while it is being written
        "made = secrets.token_urlsafe\n"
        "secrets.token_urlsafe = lambda n: (time.sleep(0.3), made(n))[1]\n"
        f"while not os.path.exists({str(go)!r}): time.sleep(0.001)\n"
        "from lipkit.survey import settings\n"
        "print(settings.SECRET_KEY)\n"
    )
    started = [
        subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(12)
    ]
    go.touch()
    keys = {process.communicate(timeout=120)[0].strip() for process in started}
    assert all(process.returncode == 0 for process in started)
    [key] = keys
    assert len(key) >= 60
    assert [p.name for p in (tmp_path / "data").iterdir() if "secret" in p.name] == ["secret-key"]
    assert oct((tmp_path / "data" / "secret-key").stat().st_mode & 0o777) == "0o600"


def test_the_secret_key_is_kept_where_the_file_system_has_no_hard_links(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LIPKIT_", "DJANGO_"))}
    env["LIPKIT_DATA"] = str(tmp_path / "data")
    code = (
        "import os\n"
        "def no_link(*args):\n"
        "    raise PermissionError(1, 'Operation not permitted')\n"
        "os.link = no_link\n"
        "from lipkit.survey import settings\n"
        "print(settings.SECRET_KEY)\n"
    )
    first, second = (
        subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
        for _ in range(2)
    )
    assert first.returncode == 0, first.stderr
    assert len(first.stdout.strip()) >= 60 and first.stdout == second.stdout
    key = tmp_path / "data" / "secret-key"
    assert key.read_text(encoding="utf-8") == first.stdout.strip()
    assert [p.name for p in key.parent.iterdir() if "secret" in p.name] == ["secret-key"]
