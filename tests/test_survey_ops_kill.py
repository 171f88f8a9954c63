"""Durability: gunicorn killed with SIGKILL (master and workers) in the middle of a load of
final submissions loses no acknowledged submission and leaves no half-written response.

The server runs as in production (gunicorn, sync workers) on a database of its own: a fresh
PostgreSQL database when ``DATABASE_URL`` points to PostgreSQL (``make test``'s second pass),
else an SQLite file (WAL, ``synchronous=FULL``) as ``lipkit serve`` uses it. The prepared
final POSTs carry complete answers in states sealed with the server's key (``--sign`` of
``bench.survey_load``: the same state the page walk would produce, without walking); half of
them are of invitation sessions, whose answers wait sealed in the pool for a batch of k.
Responses have random ids the client never sees, so what is stored is compared as a multiset
of answers: every acknowledged answer is there (written, or waiting in the pool — read with
the server's key), none twice, and none that was not sent.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import secrets
import signal
import threading
import time
import urllib.parse
from collections import Counter

import pytest
from django.test import override_settings

from bench.survey_load import (
    Client,
    acknowledged,
    answers_key,
    close_survey,
    create_database,
    demo_form,
    drop_database,
    free_port,
    query,
    server_env,
    setup_survey,
    start_gunicorn,
    stop_group,
    stored_responses,
    wait_ready,
)

DATABASE_URL = os.environ.get("DATABASE_URL", "")
POSTGRES = DATABASE_URL.startswith(("postgres://", "postgresql://"))
PREPARED = 400  # final submissions ready to send, half of them through invitations
KILL_AFTER = 80  # acknowledged submissions before the kill
THREADS = 4


@pytest.fixture(
    params=[
        pytest.param(
            "postgres",
            marks=pytest.mark.skipif(not POSTGRES, reason="DATABASE_URL is not PostgreSQL"),
        ),
        pytest.param(
            "sqlite", marks=pytest.mark.skipif(POSTGRES, reason="run in the PostgreSQL pass")
        ),
    ]
)
def database(request, tmp_path):
    """A database of the test's own (not pytest-django's: the server is another process)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'survey.sqlite3'}"
        return
    parts = urllib.parse.urlsplit(DATABASE_URL)
    url = urllib.parse.urlunsplit(parts._replace(path=f"/lipkit_ops_{secrets.token_hex(4)}"))
    create_database(url)
    try:
        yield url
    finally:
        drop_database(url)


def send_all(port, link, finals, stop_on_error: bool):
    """Send ``finals`` from THREADS clients; (acknowledged ids, ids whose request failed)."""
    acked, failed, lock = [], [], threading.Lock()

    def sender(n: int) -> None:
        client = Client(port, link, timeout=20)
        try:
            client.open()
        except (OSError, http.client.HTTPException):
            # Killed before this client got its start page: it sent nothing, so nothing of
            # its share can be acknowledged or lost; the retry below sends all of it.
            return
        for final in finals[n::THREADS]:
            try:
                reply = client.post(final.fields)
            except (OSError, http.client.HTTPException):
                with lock:
                    failed.append(final.submission)
                if stop_on_error:
                    return
                continue
            with lock:
                (acked if acknowledged(reply) else failed).append(final.submission)

    threads = [threading.Thread(target=sender, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    return threads, acked, failed


def waiting_answers(database: str, secret_key: str) -> Counter[str]:
    """The answers waiting in the pool, unsealed with the server's key (which the database
    does not hold)."""
    from lipkit.survey import crypto

    rows = query(database, "SELECT sealed FROM survey_pendingsubmission")
    with override_settings(SECRET_KEY=secret_key, SECRET_KEY_FALLBACKS=[]):
        opened = [json.loads(crypto.unseal("pending", bytes(sealed))) for (sealed,) in rows]
    return Counter(answers_key(o["answers"]) for o in opened)


def count(database: str, table: str) -> int:
    return query(database, f"SELECT count(*) FROM {table}")[0][0]


def test_sigkill_in_the_middle_of_submissions_loses_nothing_acknowledged(database, tmp_path):
    env = server_env(database, tmp_path / "data")
    setup = setup_survey(
        env, sign=PREPARED // 2, invitations=PREPARED // 2, sign_invited=PREPARED // 2
    )
    link, k = setup["link"], setup["k"]
    finals = setup["finals"] + setup["finals_invited"]
    random.Random(3).shuffle(finals)
    sent = {f.submission: answers_key(f.answers) for f in finals}
    invited = len(setup["finals_invited"])
    port, log = free_port(), tmp_path / "gunicorn.log"
    server = start_gunicorn(env, port, 2, log)
    try:
        wait_ready(server, port, link)
        threads, acked, failed = send_all(port, link, finals, stop_on_error=True)
        deadline = time.monotonic() + 20
        while len(acked) < KILL_AFTER and time.monotonic() < deadline:
            time.sleep(0.002)
        time.sleep(random.uniform(0, 0.01))  # anywhere in the requests then in flight
        os.killpg(server.pid, signal.SIGKILL)  # master and workers
        killed_with = len(acked)
        server.wait(10)
        for t in threads:
            t.join(30)
        acknowledged_before = set(acked)
        assert killed_with >= KILL_AFTER, log.read_text()
        assert len(acknowledged_before) < PREPARED, "the load was over before the kill"
        assert failed, "no request was cut off by the kill"

        server = start_gunicorn(env, port, 2, log)  # the same port, as a supervisor would
        wait_ready(server, port, link)
        stored = stored_responses(database)
        have = Counter(answers_key(a) for a, _ in stored.values())
        waiting = waiting_answers(database, env["LIPKIT_SECRET_KEY"])
        durable = have + waiting
        print(
            f"killed after {killed_with} acknowledged; {len(failed)} requests cut off; "
            f"{len(stored)} stored, {waiting.total()} waiting for their batch"
        )
        must = Counter(sent[s] for s in acknowledged_before)
        assert not must - durable, "an acknowledged submission was lost"
        assert not durable - Counter(sent.values()), "stored twice, or never sent"
        form = demo_form()
        for answers, language in stored.values():
            assert form.check_all(answers, language) == {}, "a response stored incompletely"
        claims, uses = (
            count(database, "survey_invitationclaim"),
            count(database, "survey_invitationuse"),
        )
        assert claims == uses + waiting.total(), "an invitation claimed without its answers"

        # Browsers retry what was never acknowledged: each is stored once, nothing twice.
        retry = [f for f in finals if f.submission not in acknowledged_before]
        threads, acked, failed = send_all(port, link, retry, stop_on_error=False)
        for t in threads:
            t.join(60)
        assert not failed and len(acked) == len(retry)
    finally:
        stop_group(server)
    close_survey(env)  # what still waits (fewer than k) is written, without use marks
    assert stored_answers_of(database) == Counter(sent.values())
    assert count(database, "survey_pendingsubmission") == 0
    assert count(database, "survey_invitationclaim") == invited
    assert 0 <= invited - count(database, "survey_invitationuse") < k


def stored_answers_of(database: str) -> Counter[str]:
    return Counter(answers_key(a) for a, _ in stored_responses(database).values())
