"""The attacks of issue 11 on a running server (gunicorn, as in production, on a database of
its own: an SQLite file with its write-ahead log, or a fresh PostgreSQL database in the
PostgreSQL pass): invitations and answers linked through the database; single-use links
used twice; drafts read; answers in the logs; files readable by others.

Each test reads the database as an attacker would — plain SQL with the system columns, the
raw bytes of the files — and knows the truth (which invitation sent which answers) only to
score the attack.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import re
import secrets
import sqlite3
import threading
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import pytest
from linkage import Attacker

from bench.survey_load import (
    Client,
    acknowledged,
    admin_url,
    answer_page,
    answers_key,
    close_survey,
    create_database,
    demo_form,
    drop_database,
    free_port,
    page_fields,
    query,
    remind,
    server_env,
    setup_survey,
    start_gunicorn,
    stop_group,
    stored_responses,
    wait_ready,
    walk,
)
from lipkit.study.model import QuestionType

DATABASE_URL = os.environ.get("DATABASE_URL", "")
POSTGRES = DATABASE_URL.startswith(("postgres://", "postgresql://"))
ANSWERED = 80  # invitations answered one by one in the linkage attack


@dataclass
class Server:
    url: str  # the database
    env: dict[str, str]
    port: int
    log: Path
    data: Path  # LIPKIT_DATA
    tmp: Path

    @property
    def sqlite(self) -> Path | None:
        return Path(self.url.removeprefix("sqlite:///")) if self.url.startswith("sqlite:") else None

    def sql(self, statement: str) -> list[tuple]:
        return query(self.url, statement)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("server")
    if POSTGRES:
        parts = urllib.parse.urlsplit(DATABASE_URL)
        url = urllib.parse.urlunsplit(parts._replace(path=f"/lipkit_att_{secrets.token_hex(4)}"))
        create_database(url)
    else:
        url = f"sqlite:///{tmp / 'survey.sqlite3'}"
    env = server_env(
        url, tmp / "data", LIPKIT_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"
    )
    first = setup_survey(env, slug="erste")  # migrates
    port, log = free_port(), tmp / "gunicorn.log"
    process = start_gunicorn(env, port, 2, log)
    try:
        wait_ready(process, port, first["link"])
        yield Server(url, env, port, log, tmp / "data", tmp)
    finally:
        stop_group(process)
        if POSTGRES:
            drop_database(url)


def survey_id(server: Server, slug: str) -> int:
    return server.sql(f"SELECT id FROM survey_survey WHERE slug = '{slug}'")[0][0]


# -- 1. invitations and answers cannot be linked ------------------------------------------------
def copy_of(server: Server, into: Path) -> tuple[callable, bytes | None]:
    """What an attacker copies now: SQL on the database (SQLite: a copy of the file and its
    write-ahead log) and, for SQLite, the raw bytes of both. The two files are read one after
    the other while the server writes, so a checkpoint in between can leave a copy that SQLite
    calls malformed; the attacker then copies again, as anyone would."""
    if server.sqlite is None:
        return server.sql, None
    into.mkdir(exist_ok=True)
    for _ in range(50):
        raw = b""
        for suffix in ("", "-wal"):
            try:  # the WAL goes when the last connection closes (SQLite checkpoints it then)
                data = Path(f"{server.sqlite}{suffix}").read_bytes()
            except FileNotFoundError:
                data = b""
            (into / f"copy.sqlite3{suffix}").write_bytes(data)
            raw += data
        (into / "copy.sqlite3-shm").unlink(missing_ok=True)
        if _whole(into / "copy.sqlite3"):
            break
        time.sleep(0.05)
    else:
        raise AssertionError(f"no whole copy of {server.sqlite} in 50 tries")

    def sql(statement: str) -> list[tuple]:
        conn = sqlite3.connect(into / "copy.sqlite3")
        try:
            return conn.execute(statement).fetchall()
        finally:
            conn.close()

    return sql, raw


def _whole(path: Path) -> bool:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA quick_check").fetchone() == ("ok",)
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()


def test_no_response_can_be_matched_to_its_invitation(server, tmp_path):
    """80 invitations answered one by one (k = 5), a copy of the database taken after each:
    neither the moment a row appears (in SQL or in the bytes of the file and its WAL), nor
    the transaction (xmin) or statement (cmin) that wrote it, nor any order of rows, keys,
    addresses or dates pairs a response with its invitation better than chance. (Before,
    the i-th response lined up with the i-th use mark by rowid, ctid and xmin.)"""
    setup = setup_survey(server.env, slug="angriff", invitations=ANSWERED, open_link=False, seed=5)
    k, link = setup["k"], setup["link"]
    attacker = Attacker("sqlite" if server.sqlite else "postgresql", survey_id(server, "angriff"))
    form, rng = demo_form(), random.Random(5)
    sent: dict[str, str] = {}  # answers -> invitation
    invitations = setup["invitations"]
    rng.shuffle(invitations)
    for invitation in invitations:
        client = Client(server.port, link)
        client.open(invitation["token"])
        final, _ = walk(client, form, rng, token=invitation["token"])
        assert acknowledged(client.post(final.fields))
        sent[answers_key(final.answers)] = invitation["id"].replace("-", "")
        attacker.look(*copy_of(server, tmp_path))
    assert len(sent) == ANSWERED, "two invitations sent the same answers: no truth to score"

    stored = stored_responses(server.url)
    truth = {
        key.replace("-", ""): sent[answers_key(answers)]
        for key, (answers, _) in stored.items()
        if answers_key(answers) in sent
    }
    assert len(truth) == ANSWERED, "every answer written (16 full batches of 5)"
    closest = attacker.candidates()
    print("fewest use marks closest to a response:", closest)
    assert closest and all(n >= k for n in closest.values()), closest
    right = attacker.paired(truth)
    worst = max(right, key=right.get)
    print(f"{len(right)} pairings by rank; most right: {worst} with {right[worst]}")
    # By chance about one in each batch of 5 (16 in all, standard deviation about 4).
    assert right[worst] <= ANSWERED // 2, worst
    if server.sqlite is None:
        # The pool's rows, deleted with their batches but still in their pages until VACUUM,
        # hold neither an invitation nor an answer readably.
        from linkage import readable

        pool = readable(everything_stored(server, "survey_pendingsubmission"))
        assert b'"dezernat"' not in pool
        for invitation in invitations:
            assert invitation["id"].encode() not in pool
            assert invitation["id"].replace("-", "").encode() not in pool


def test_the_attacker_finds_responses_and_marks_written_one_by_one(transactional_db):
    """The guard: the same attacker, on responses and use marks written one after the other
    in transactions of their own (as before the pool), names every invitation."""
    import uuid as uuids
    from datetime import date

    from django.db import connection, transaction

    from lipkit.demo import build_demo_study
    from lipkit.survey.models import Invitation, InvitationUse, Response
    from lipkit.survey.services.surveys import create_survey, open_survey

    survey = open_survey(create_survey(build_demo_study(), slug="leck"))
    invitations = [
        Invitation.objects.create(survey=survey, email=f"p{i}@example.org", token_hash=f"{i:064}")
        for i in range(12)
    ]
    attacker = Attacker(connection.vendor, survey.pk)

    def sql(statement: str) -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(statement)
            return cursor.fetchall()

    truth = {}
    random.Random(1).shuffle(invitations)
    for n, invitation in enumerate(invitations):
        with transaction.atomic():
            response = Response.objects.create(
                id=uuids.uuid4(),
                survey=survey,
                answers={"n": n},
                language="de",
                submitted_on=date.today(),
            )
        with transaction.atomic():
            InvitationUse.objects.create(invitation=invitation)
        truth[response.id.hex] = invitation.pk.hex
        attacker.look(sql)
    assert attacker.candidates()["moment"] == 1
    if connection.vendor == "postgresql":
        assert attacker.candidates()["xmin"] == 1
    right = attacker.paired(truth)
    assert right["response moment ~ use moment"] == 12
    ordered = "ctid" if connection.vendor == "postgresql" else "rowid"
    assert right[f"response {ordered} ~ use {ordered}"] == 12


# -- 3. an invitation gives one response, whatever happens in between ---------------------------
def together(sends: list[tuple[Client, list[tuple[str, str]]]]) -> list:
    """Each client posts its fields, all at the same moment (one thread each)."""
    barrier, replies = threading.Barrier(len(sends)), [None] * len(sends)

    def send(n: int) -> None:
        client, fields = sends[n]
        barrier.wait()
        replies[n] = client.post(fields)

    threads = [threading.Thread(target=send, args=(n,)) for n in range(len(sends))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return replies


def session(server: Server, link: str, token: str, seed: int):
    """A respondent's browser with the invitation's link, at the last page: (client, the final
    POST's fields)."""
    client = Client(server.port, link)
    client.open(token)
    final, _ = walk(client, demo_form(), random.Random(seed), token=token)
    return client, final.fields


def used_up(reply) -> bool:
    return reply.status == 409 and "schon abgeschickt" in reply.body


def state_of(fields) -> str:
    return dict(fields)["state"]


def renew(client: Client, link: str, fields) -> int:
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": client.token, "state": state_of(fields)}
    ).encode()
    return client.request("POST", f"/s/{link}/verlaengern/", body).status


def test_an_invitation_gives_one_response_whatever_the_order(server):
    """Every order of issue 11, with requests at the same moment where they can be: five
    sessions of one link sent one after another; thirty sent at once; one final request sent
    six times at once (a retry: all acknowledged, stored once); a renewal after another
    session has sent; a reminder between start and send, and the reminder's new link used
    first; a draft resumed in two browsers and both sent at once. Each invitation ends with
    exactly one response. (Before, five starts gave five responses, thirty gave thirty, and a
    reminder made a used link work again.)"""
    setup = setup_survey(server.env, slug="einmal", invitations=7, open_link=False)
    link = setup["link"]
    token = {i: inv["token"] for i, inv in enumerate(setup["invitations"])}

    # Five sessions of one link, sent one after another: the first counts.
    five = [session(server, link, token[0], seed) for seed in range(5)]
    replies = [client.post(fields) for client, fields in five]
    assert acknowledged(replies[0]) and all(used_up(r) for r in replies[1:])

    # Thirty sessions of one link, sent at the same moment: one counts.
    thirty = [session(server, link, token[1], 10 + seed) for seed in range(30)]
    replies = together(thirty)
    assert sum(acknowledged(r) for r in replies) == 1
    assert sum(used_up(r) for r in replies) == 29

    # One final request sent six times at once (a double click, a retry): stored once.
    client, fields = session(server, link, token[2], 50)
    others = []
    for _ in range(5):
        other = Client(server.port, link)
        other.open(token[2])
        others.append(other)
    replies = together([(c, fields) for c in [client, *others]])
    assert all(acknowledged(r) for r in replies)

    # A renewal: possible while the session may still send, refused once another has sent.
    first, second = session(server, link, token[3], 60), session(server, link, token[3], 61)
    assert renew(second[0], link, second[1]) == 200
    assert acknowledged(first[0].post(first[1]))
    assert renew(second[0], link, second[1]) == 400
    assert renew(first[0], link, first[1]) == 400  # sent: nothing left to renew
    assert used_up(second[0].post(second[1]))

    # A reminder between start and send: the session sends; the new link is then used up.
    started = session(server, link, token[4], 70)
    fresh = remind(server.env, "einmal")
    assert acknowledged(started[0].post(started[1]))
    assert (
        Client(server.port, link)
        .request("GET", f"/s/{link}/?t={fresh['person4@example.org']}")
        .status
        == 403
    )
    # ... and the other way round: the reminder's link sends first, the earlier session not.
    started = session(server, link, fresh["person5@example.org"], 80)
    fresh = remind(server.env, "einmal", days_later=1)
    assert "person4@example.org" not in fresh  # answered: no reminder
    newer = session(server, link, fresh["person5@example.org"], 81)
    assert acknowledged(newer[0].post(newer[1]))
    assert used_up(started[0].post(started[1]))

    # A draft resumed in two browsers, both sent at once.
    token[6] = fresh["person6@example.org"]
    client = Client(server.port, link)
    client.open(token[6])
    first_page = client.post([("action", "start"), ("lang", "de"), ("t", token[6])])
    saved = client.post(
        [
            ("action", "save"),
            ("state", re.search(r'name="state" value="([^"]+)"', first_page.body)[1]),
        ]
    )
    code = re.search(r"<strong>([A-Z0-9-]{14})</strong>", saved.body)[1]
    browsers = []
    for seed in (90, 91):
        browser = Client(server.port, link)
        browser.open(token[6])
        body = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": browser.token, "code": code, "t": token[6]}
        )
        page = browser.request("POST", f"/s/{link}/fortsetzen/", body.encode())
        final, _ = walk(browser, demo_form(), random.Random(seed), reply=page)
        browsers.append((browser, final.fields))
    replies = together(browsers)
    assert sorted(acknowledged(r) for r in replies) == [False, True]
    assert sum(used_up(r) for r in replies) == 1

    close_survey(server.env, "einmal")  # the last ones (7 < 2 batches) written
    survey = survey_id(server, "einmal")
    responses = server.sql(f"SELECT count(*) FROM survey_response WHERE survey_id = {survey}")
    claims = server.sql(f"SELECT count(*) FROM survey_invitationclaim WHERE survey_id = {survey}")
    assert responses[0][0] == 7 and claims[0][0] == 7


# -- 2. a draft holds nothing readable, and is gone when it is gone ----------------------------
def to_the_text_page(client: Client, token: str = "", seed: int = 3):
    """Start and answer the demo's pages up to the first with an open question: (the fields of
    that page, answered, to post; the open question's name)."""
    form, rng = demo_form(), random.Random(seed)
    reply = client.post([("action", "start"), ("lang", "de")] + ([("t", token)] if token else []))
    answers: dict = {}
    while True:
        number = int(re.search(r'<progress max="\d+" value="(\d+)"', reply.body)[1])
        state = re.search(r'name="state" value="([^"]+)"', reply.body)[1]
        page = form.pages[number - 1]
        raw = answer_page(form, page, answers, rng)
        fields = page_fields(form, page, state, raw, answers)
        texts = [q.name for q in page.questions if q.type == QuestionType.TEXT]
        if texts:
            return [(n, v) for n, v in fields if n != texts[0]] + [(texts[0], "")], texts[0]
        reply = client.post(fields)


def everything_stored(server: Server, table: str) -> bytes:
    """All bytes an attacker can read of ``table``: SQLite — the database file and its WAL
    (all tables: deleted rows live on in free pages and old WAL frames); PostgreSQL — every
    tuple of the table's pages, live or deleted and not yet vacuumed (pageinspect)."""
    if server.sqlite is not None:
        raw = b""
        for suffix in ("", "-wal"):
            with contextlib.suppress(FileNotFoundError):
                raw += Path(f"{server.sqlite}{suffix}").read_bytes()
        return raw
    server.sql("CREATE EXTENSION IF NOT EXISTS pageinspect")
    (pages,) = server.sql(
        f"SELECT pg_relation_size('{table}') / current_setting('block_size')::int"
    )[0]
    out = []
    for n in range(pages):
        rows = server.sql(f"SELECT t_data FROM heap_page_items(get_raw_page('{table}', {n}))")
        out += [bytes(data) for (data,) in rows if data is not None]
    return b"\n".join(out)


def test_a_draft_holds_nothing_readable_and_is_erased_when_sent(server):
    """An invitation's session saved with a marked text answer: neither the answer, the
    invitation's token nor its id can be read from the drafts table (SQLite: from the whole
    database file and its WAL; PostgreSQL: from every tuple, deleted ones too), decoded every
    way. Resumed with the personal link and the code, and sent: the draft's stored bytes are
    gone from file and WAL (SQLite's secure_delete and checkpoint). (Before, the draft was
    the readable page state with the token and the future response's id, and a deleted
    draft could be read back from the WAL.)"""
    from linkage import readable

    setup = setup_survey(server.env, slug="entwurf", invitations=1, open_link=False)
    link, (invitation,) = setup["link"], setup["invitations"]
    token, marker = invitation["token"], f"Geheimer Hinweis {secrets.token_hex(6)}"
    form = demo_form()
    client = Client(server.port, link)
    client.open(token)
    fields, text = to_the_text_page(client, token)
    fields = [(n, marker if n == text else v) for n, v in fields]
    saved = client.post([("action", "save") if n == "action" else (n, v) for n, v in fields])
    code = re.search(r"<strong>([A-Z0-9-]{14})</strong>", saved.body)[1]
    # The whole file holds the invitation's id elsewhere (its own row): there, look for the
    # answer and the token; in the draft's row (and every tuple of the table), for all three.
    answer_and_token = [marker.encode(), token.encode()]
    ids = [invitation["id"].encode(), invitation["id"].replace("-", "").encode()]
    rows = server.sql("SELECT * FROM survey_draft")
    assert len(rows) == 1
    row = b"\n".join(
        bytes(v) if isinstance(v, (bytes, memoryview)) else str(v).encode() for v in rows[0]
    )
    for secret in [*answer_and_token, *ids]:
        assert secret not in readable(row), secret
    stored = readable(everything_stored(server, "survey_draft"))
    for secret in answer_and_token if server.sqlite else [*answer_and_token, *ids]:
        assert secret not in stored, secret
    sealed = next(bytes(v) for v in rows[0] if isinstance(v, (bytes, memoryview)))

    browser = Client(server.port, link)
    browser.open(token)
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": browser.token, "code": code, "t": token})
    page = browser.request("POST", f"/s/{link}/fortsetzen/", body.encode())
    assert marker in page.body
    final, _ = walk(browser, form, random.Random(4), reply=page)
    assert acknowledged(browser.post(final.fields))
    assert server.sql("SELECT count(*) FROM survey_draft")[0][0] == 0
    if server.sqlite is not None:
        assert sealed[:32] not in everything_stored(server, "survey_draft")
    stored = readable(everything_stored(server, "survey_draft"))
    for secret in answer_and_token if server.sqlite else [*answer_and_token, *ids]:
        assert secret not in stored, secret


# -- 4c. no answers in any log ------------------------------------------------------------------
def postgres_log() -> Path | None:
    """The PostgreSQL server's log file: ``pg_current_logfile()`` with the logging collector,
    else Debian's /var/log/postgresql/ (the cluster's stderr)."""
    if not POSTGRES:
        return None
    url = admin_url(DATABASE_URL)
    (current,) = query(url, "SELECT pg_current_logfile()")[0]
    if current:
        (directory,) = query(url, "SELECT current_setting('data_directory')")[0]
        return Path(directory) / current
    (version,) = query(url, "SELECT current_setting('server_version_num')::int / 10000")[0]
    found = sorted(Path("/var/log/postgresql").glob(f"postgresql-{version}-*.log"))
    return found[0] if found else None


def too_big(client: Client, fields) -> int:
    """The status of an oversized POST (400), or 413 if the server closed the connection
    before the client had sent it all."""
    try:
        return client.post(fields).status
    except OSError:
        return 413


def test_bad_input_is_refused_and_no_answer_reaches_a_log(server):
    """Every bad input of issue 11 — a NUL and other control characters in an open answer
    (the NUL gave HTTP 500 on PostgreSQL, and the failing INSERT with all answers went to
    the app's log and PostgreSQL's), a forged option, a tampered state, an oversized request,
    NULs in the invitation token, the resume code and the language — with a marker in every
    answer: the open answer is refused next to its field, nothing gives HTTP 500, and
    neither gunicorn's log nor the database server's holds the marker."""
    setup = setup_survey(server.env, slug="eingaben")
    link = setup["link"]
    marker = f"Antwortmarke{secrets.token_hex(5)}"
    pg_log = postgres_log()
    if POSTGRES and pg_log is None:
        pytest.skip("the PostgreSQL server's log file was not found")
    pg_before = pg_log.stat().st_size if pg_log else 0
    app_before = server.log.stat().st_size

    client = Client(server.port, link)
    client.open()
    fields, text = to_the_text_page(client)
    refused, statuses = [], []
    for bad in (f"{marker}\x00", f"\x00{marker}", f"{marker}\x1b[2J", f"{marker}\x08\x0c"):
        reply = client.post([(n, bad if n == text else v) for n, v in fields])
        refused.append("Steuerzeichen" in reply.body and 'aria-invalid="true"' in reply.body)
        if not refused[-1] and 'name="state"' in reply.body:  # taken: on to the end
            final, _ = walk(client, demo_form(), random.Random(1), reply=reply)
            statuses.append(client.post(final.fields).status)
    state = dict(fields)["state"]
    statuses += [
        client.post(
            [("action", "next"), ("state", state), ("rolle", marker), ("_shown", "rolle")]
        ).status,
        client.post([("action", "next"), ("state", state[:-4] + "AAAA"), (text, marker)]).status,
        too_big(client, [("action", "next"), ("state", state), (text, marker * 200_000)]),
        client.request("GET", f"/s/{link}/?t=%00{marker}").status,
        client.post([("action", "start"), ("t", f"\x00{marker}")]).status,
        client.post([("action", "start"), ("lang", f"\x00{marker}")]).status,
        client.request(
            "POST",
            f"/s/{link}/fortsetzen/",
            urllib.parse.urlencode(
                {"csrfmiddlewaretoken": client.token, "code": f"\x00{marker}", "t": marker}
            ).encode(),
        ).status,
    ]
    sent = client.post([(n, f"{marker} ok" if n == text else v) for n, v in fields])

    with open(server.log, "rb") as log:
        log.seek(app_before)
        assert marker.encode() not in log.read(), "answers in the app's log"
    if pg_log is not None:
        with open(pg_log, "rb") as log:
            log.seek(pg_before)
            assert marker.encode() not in log.read(), "answers in PostgreSQL's log"
    assert 500 not in statuses, statuses
    assert all(refused), refused
    assert sent.status == 200 and 'name="state"' in sent.body  # the clean answer is taken


@pytest.mark.skipif(not POSTGRES, reason="PostgreSQL's own log")
def test_a_failing_insert_of_answers_logs_no_answers(transactional_db):
    """The second line of defence: should the INSERT of responses ever fail (here: a language
    too long for its column), PostgreSQL logs the statement — with placeholders, not the
    answers, because the values travel apart from it (server-side binding)."""
    from django.db import DataError, transaction

    from lipkit.demo import build_demo_study
    from lipkit.survey.services.submissions import _insert_responses
    from lipkit.survey.services.surveys import create_survey

    survey = create_survey(build_demo_study(), slug="log")
    marker = f"Antwortmarke{secrets.token_hex(5)}"
    pg_log = postgres_log()
    if pg_log is None:
        pytest.skip("the PostgreSQL server's log file was not found")
    before = pg_log.stat().st_size
    with pytest.raises(DataError), transaction.atomic():
        _insert_responses(survey, [({"kommentar": marker}, "zu-lang")], None)
    with open(pg_log, "rb") as log:
        log.seek(before)
        logged = log.read()
    assert b"value too long" in logged  # the error was logged ...
    assert marker.encode() not in logged  # ... without the answers


# -- 5. the data folder is the owner's --------------------------------------------------------
CHILD = """
import json, os, stat, sys
from pathlib import Path
import django
django.setup()
from django.core.management import call_command
from django.db import connection
from lipkit.demo import build_demo_study
from lipkit.survey.services.invitations import invite
from lipkit.survey.services.surveys import create_survey, open_survey
call_command("migrate", verbosity=0, interactive=False)
survey = open_survey(create_survey(build_demo_study(), slug="modi"))
invite(survey, ["anna@example.org"], "http://127.0.0.1")
connection.ensure_connection()  # the database, its -wal and -shm exist while it is open
data = Path(os.environ["LIPKIT_DATA"])
modes = {
    str(p.relative_to(data)): stat.S_IMODE(p.stat().st_mode)
    for p in [data, *data.rglob("*")]
    if "static" not in p.parts
}
json.dump(modes, sys.stdout)
"""


@pytest.mark.skipif(POSTGRES, reason="the SQLite files; run in the SQLite pass")
def test_the_data_folder_is_readable_by_its_owner_only(tmp_path):
    """``lipkit-data/`` as ``lipkit serve`` makes it (SQLite, mails to files): the folder,
    the database with its WAL and shared-memory file, the secret key and the mail spool with
    the live invitation link are the owner's only, whatever the umask (022 here, as usual).
    (Before, the database and the mails were created readable by everyone.)"""
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "LIPKIT_"))}
    env.update(DJANGO_SETTINGS_MODULE="lipkit.survey.settings", LIPKIT_DATA=str(tmp_path / "d"))
    out = subprocess.run(
        [sys.executable, "-c", CHILD],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        preexec_fn=lambda: os.umask(0o022),
    ).stdout
    modes = json.loads(out)
    mails = [name for name in modes if name.startswith("mail/")]
    assert {"survey.sqlite3", "survey.sqlite3-wal", "survey.sqlite3-shm", "secret-key"} <= set(
        modes
    )
    assert mails and "anna@example.org" in (tmp_path / "d" / mails[0]).read_text()
    assert {name: oct(mode) for name, mode in modes.items() if mode & 0o077} == {}
