"""Load benchmark of the survey web app: complete submissions per second (``make bench-survey``).

On loopback: gunicorn (sync workers) serving ``lipkit.survey.wsgi`` on a fresh PostgreSQL
database ``lipkit_bench`` (created and dropped here), the demo survey opened on it, the
per-client rate limit off. Load generators run in processes of their own, each with a few
threads, one HTTP client per thread (``http.client``; gunicorn's sync workers close the
connection after every response, so a client reconnects per request):

1. **walk**: respondents answer the demo questionnaire page by page over HTTP (start page,
   ``action=start``, then ``action=next`` with the signed ``state`` and the page's answers),
   each with its own submission id, up to but not including the final page's POST, which is
   kept as a prepared submission. Reported: page requests per second and their latency.
2. **submit** (the headline): the prepared final POSTs, each carrying the whole answered
   state, sent by ``--concurrency`` clients in a closed loop. A submission counts when its
   response is the redirect to the thank-you page. Reported: submissions per second and
   p50/p95/p99 latency.
3. **full walks**: respondents doing everything from the start page to the thank-you redirect;
   reported as complete respondents per second.

2b. **invited submit**: the same with final POSTs of invitation sessions (states sealed by
   the server's key with an invitation each, prepared without walking), which wait in the pool
   and are written in batches of k with the invitations' use marks
   (``services/submissions.py``); reported like phase 2.

Afterwards (the survey closed, so that the last incomplete batch is written too) the database
must hold exactly the acknowledged submissions — compared as a multiset of answers, since a
response's id is random and unknown to the respondent — each with answers that pass
``OnlineForm.check_all``, and one use mark per invitation written in a full batch. The CPU
time of gunicorn, PostgreSQL and the load generators is read from ``/proc`` for each phase.

The client side (answering pages, the HTTP client, starting gunicorn, reading the stored
responses without Django) is also used by ``tests/test_survey_ops_kill.py``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import http.client
import json
import math
import multiprocessing
import os
import random
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

from lipkit.study.model import QuestionType
from lipkit.survey.form import OnlineForm, Page

HOST = "127.0.0.1"
ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
BENCH_DB = "lipkit_bench"
GOAL_RATE = 200.0  # complete submissions per second
GOAL_P95 = 0.200  # seconds

TEXTS = [
    "Sprache und Dolmetscher",
    "Mehr Schulungen zur interkulturellen Kompetenz",
    "Bessere Zusammenarbeit mit den Migrantenorganisationen",
    "Mehrsprachige Formulare und Informationen",
    "Keine Angabe",
]


# -- answering the questionnaire (pure Python, no Django) -------------------------------------
def demo_form() -> OnlineForm:
    from lipkit.demo import build_demo_study

    return OnlineForm(build_demo_study())


def answer_page(
    form: OnlineForm, page: Page, answers: dict, rng: random.Random
) -> dict[str, list[str]]:
    """Random valid answers for the questions of ``page`` shown after ``answers``: the
    submitted strings per question; ``answers`` is updated as the server will store them."""
    raw: dict[str, list[str]] = {}
    for q in page.questions:
        answers.pop(q.name, None)
    for q in page.questions:
        if q.type == QuestionType.NOTE or not form.shown(q, answers):
            continue
        if not q.required and rng.random() < 0.05:
            continue  # skipped
        if q.list_name:
            offered = form.choices(q, answers)
            if not offered:
                continue
            if q.type == QuestionType.SELECT_MULTIPLE:
                exclusive = [o for o in offered if o in form.questionnaire.exclusive_codes(q)]
                plain = [o for o in offered if o not in exclusive]
                if plain and (not exclusive or rng.random() < 0.9):
                    value = rng.sample(plain, rng.randint(1, min(3, len(plain))))
                else:
                    value = [rng.choice(exclusive)]
                raw[q.name] = value
            else:
                value = rng.choice(offered)
        elif q.type == QuestionType.TEXT:
            value = rng.choice(TEXTS)
        elif q.type == QuestionType.INTEGER:
            value = rng.randint(0, 20)
        elif q.type == QuestionType.DECIMAL:
            value = round(rng.uniform(0, 20), 1)
        elif q.type == QuestionType.DATE:
            value = f"2025-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
        else:
            continue
        raw.setdefault(q.name, [str(value)])
        answers[q.name] = value
    checked = form.check_page(page, raw, answers)
    for name in checked.errors:  # a constraint this generator does not know: leave it empty
        raw.pop(name, None)
    for q in page.questions:
        answers.pop(q.name, None)
    answers.update({k: v for k, v in checked.answers.items() if k in raw})
    return raw


def is_last(form: OnlineForm, number: int, answers: dict) -> bool:
    """No later page shows a question after ``answers`` (the server's ``_step``)."""
    return not any(
        form.shown(q, answers)
        for p in form.pages[number:]
        for q in p.questions
        if q.type != QuestionType.NOTE
    )


def page_fields(
    form: OnlineForm, page: Page, state: str, raw: dict[str, list[str]], answers: dict
) -> list[tuple[str, str]]:
    fields = [("action", "next"), ("state", state), ("lang", "de")]
    fields += [(name, value) for name, values in raw.items() for value in values]
    fields += [("_shown", q.name) for q in page.questions if form.shown(q, answers)]
    return fields


def answered_respondent(
    form: OnlineForm, rng: random.Random
) -> tuple[dict, Page, dict[str, list[str]]]:
    """Complete answers without a server: (answers, last page, raw answers of that page)."""
    answers: dict = {}
    for page in form.pages:
        if not any(form.shown(q, answers) for q in page.questions if q.type != QuestionType.NOTE):
            continue
        raw = answer_page(form, page, answers, rng)
        if is_last(form, page.number, answers):
            return answers, page, raw
    raise AssertionError("the questionnaire has no page")


# -- one respondent's browser -----------------------------------------------------------------
@dataclass
class Reply:
    status: int
    location: str
    body: str
    seconds: float


@dataclass
class Final:
    """A prepared final POST: the last page's answers and the state carrying all the others.
    ``submission`` names it on the client's side only (the server's ids are sealed in the
    state); ``answers`` are the complete answers the server will store."""

    submission: str
    fields: list[tuple[str, str]]
    answers: dict = field(default_factory=dict)


def answers_key(answers: dict) -> str:
    """A response's answers as one comparable string (for multisets of responses)."""
    return json.dumps(answers, sort_keys=True)


class Client:
    """An HTTP client with the csrftoken cookie of one GET of the start page."""

    def __init__(
        self,
        port: int,
        link: str,
        host: str = HOST,
        timeout: float = 30,
        headers: dict[str, str] | None = None,
    ):
        self.path = f"/s/{link}/"
        self.conn = http.client.HTTPConnection(host, port, timeout=timeout)
        self.headers = headers or {}  # e.g. X-Forwarded-Proto behind a TLS proxy
        self.cookie = ""
        self.token = ""

    def request(self, method: str, path: str, body: bytes | None = None) -> Reply:
        headers = dict(self.headers)
        if self.cookie:
            headers["Cookie"] = self.cookie
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        began = time.monotonic()
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            raise
        seconds = time.monotonic() - began
        if response.getheader("Connection", "").lower() == "close":
            self.conn.close()  # gunicorn's sync workers: a new connection next time
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie(header)
            if "csrftoken" in cookie:
                self.cookie = f"csrftoken={cookie['csrftoken'].value}"
        return Reply(
            response.status,
            response.getheader("Location", ""),
            data.decode("utf-8", "replace"),
            seconds,
        )

    def open(self, token: str = "") -> Reply:
        """The start page (of an invitation's link with its ``token``)."""
        reply = self.request("GET", self.path + (f"?t={token}" if token else ""))
        if reply.status != 200:
            raise RuntimeError(f"start page: HTTP {reply.status}")
        self.token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', reply.body)[1]
        return reply

    def post(self, fields: Iterable[tuple[str, str]]) -> Reply:
        body = urllib.parse.urlencode([("csrfmiddlewaretoken", self.token), *fields])
        return self.request("POST", self.path, body.encode())

    def close(self) -> None:
        self.conn.close()


def acknowledged(reply: Reply) -> bool:
    """The success response of a final POST: the redirect to the thank-you page."""
    return reply.status in (302, 303) and "/danke/" in reply.location


def walk(
    client: Client,
    form: OnlineForm,
    rng: random.Random,
    token: str = "",
    reply: Reply | None = None,
) -> tuple[Final, list[float]]:
    """Start (with an invitation's ``token``, if given; or go on from the page ``reply``) and
    answer every page over HTTP but the last one's POST: (that POST, latencies)."""
    latencies = []
    start = [("action", "start"), ("lang", "de")] + ([("t", token)] if token else [])
    reply = reply or client.post(start)
    answers: dict = {}
    while True:
        latencies.append(reply.seconds)
        if reply.status != 200 or "error-summary" in reply.body:
            raise RuntimeError(f"walk: HTTP {reply.status} {reply.body[:300]}")
        number = int(re.search(r'<progress max="\d+" value="(\d+)"', reply.body)[1])
        state = re.search(r'name="state" value="([^"]+)"', reply.body)[1]
        page = form.pages[number - 1]
        raw = answer_page(form, page, answers, rng)
        fields = page_fields(form, page, state, raw, answers)
        if is_last(form, number, answers):
            return Final(str(uuid.uuid4()), fields, dict(answers)), latencies
        reply = client.post(fields)


# -- server, database -------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def server_env(database_url: str, data_dir: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="lipkit.survey.settings",
        DATABASE_URL=database_url,
        LIPKIT_DATA=str(data_dir),
        LIPKIT_SECRET_KEY=secrets.token_urlsafe(50),
        LIPKIT_RATE_LIMIT="0",
        LIPKIT_ALLOWED_HOSTS="127.0.0.1,localhost",
    )
    env.update(extra)
    return env


def setup_survey(
    env: dict[str, str],
    sign: int = 0,
    seed: int = 1,
    *,
    invitations: int = 0,
    sign_invited: int = 0,
    k: int | None = None,
    open_link: bool = True,
    slug: str = "demo",
) -> dict:
    """In a child process with ``env``: migrate, create and open the demo survey (``slug``;
    the study's minimum group size ``k`` if given; ``open_link`` off for invitations only);
    ``invitations`` invitations (``person<i>@example.org``) with their tokens; ``sign``
    prepared final submissions sealed with the server's key (no walk), and ``sign_invited``
    more, each of an invitation session (the first ``sign_invited`` invitations, which must
    exist). Returns ``link``, ``slug``, ``k``, ``finals``, ``finals_invited`` and
    ``invitations`` (dicts with ``id``, ``email``, ``token``)."""
    command = [sys.executable, "-m", "bench.survey_load", "--task", "setup", "--sign", str(sign)]
    command += ["--seed", str(seed), "--invitations", str(invitations), "--slug", slug]
    command += ["--sign-invited", str(sign_invited), "--k", str(k or 0)]
    command += [] if open_link else ["--invitations-only"]
    out = subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout
    data = json.loads(out)
    for name in ("finals", "finals_invited"):
        data[name] = [
            Final(f["submission"], [tuple(x) for x in f["fields"]], f["answers"])
            for f in data[name]
        ]
    return data


def close_survey(env: dict[str, str], slug: str = "demo") -> None:
    """In a child process with ``env``: close the survey (what waits for a batch is written)."""
    command = [sys.executable, "-m", "bench.survey_load", "--task", "close", "--slug", slug]
    subprocess.run(command, env=env, check=True, capture_output=True, text=True)


def _task_setup(args) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from lipkit.demo import build_demo_study
    from lipkit.survey.models import Invitation
    from lipkit.survey.services.invitations import new_token
    from lipkit.survey.services.submissions import token_hash
    from lipkit.survey.services.surveys import create_survey, open_survey
    from lipkit.survey.state import State

    call_command("migrate", verbosity=0, interactive=False)
    study = build_demo_study()
    if args.k:
        settings = study.settings.model_copy(update={"k": args.k})
        study = study.model_copy(update={"settings": settings})
    survey = create_survey(study, slug=args.slug)
    survey.open_link = not args.invitations_only
    survey.save(update_fields=["open_link"])
    survey = open_survey(survey)
    invited = []
    for i in range(args.invitations):
        token = new_token()
        invitation = Invitation.objects.create(
            survey=survey,
            email=f"person{i}@example.org",
            token_hash=token_hash(token),
            sent_on=datetime.date.today(),
        )
        invited.append({"id": str(invitation.pk), "email": invitation.email, "token": token})
    form, rng = demo_form(), random.Random(args.seed)

    def final(invitation: str | None) -> dict:
        answers, page, raw = answered_respondent(form, rng)
        earlier = {k: v for k, v in answers.items() if k not in {q.name for q in page.questions}}
        state = State(survey=survey.pk, version=survey.version, page=page.number, answers=earlier)
        state.invitation = invitation
        fields = page_fields(form, page, state.seal(), raw, answers)
        return {"submission": str(uuid.uuid4()), "fields": fields, "answers": answers}

    out = {
        "link": survey.link,
        "slug": survey.slug,
        "k": study.settings.k,
        "finals": [final(None) for _ in range(args.sign)],
        "finals_invited": [final(invited[i]["id"]) for i in range(args.sign_invited)],
        "invitations": invited,
    }
    json.dump(out, sys.stdout)


def remind(env: dict[str, str], slug: str = "demo", days_later: int = 0) -> dict[str, str]:
    """In a child process with ``env``: send the reminders (a new link to every invitation not
    answered), as on the day ``days_later`` days from today (one reminder a day); e-mail
    address -> new token. ``env`` must use the locmem mail backend."""
    command = [sys.executable, "-m", "bench.survey_load", "--task", "remind", "--slug", slug]
    command += ["--days-later", str(days_later)]
    out = subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def _task_remind(args) -> None:
    import django

    django.setup()
    from django.core import mail

    from lipkit.survey.models import Survey
    from lipkit.survey.services.invitations import remind

    day = datetime.date.today() + datetime.timedelta(days=args.days_later)
    remind(Survey.objects.get(slug=args.slug), "http://127.0.0.1", today=day)
    tokens = {m.to[0]: re.search(r"\?t=([\w-]+)", m.body)[1] for m in mail.outbox}
    json.dump(tokens, sys.stdout)


def _task_close(args) -> None:
    import django

    django.setup()
    from lipkit.survey.models import Survey
    from lipkit.survey.services.surveys import close_survey

    close_survey(Survey.objects.get(slug=args.slug))


def start_gunicorn(
    env: dict[str, str], port: int, workers: int, log: Path, *extra: str
) -> subprocess.Popen:
    """gunicorn in a process group of its own (so that it can be killed as a whole)."""
    command = [sys.executable, "-m", "gunicorn", "lipkit.survey.wsgi", "--bind", f"{HOST}:{port}"]
    command += ["--workers", str(workers), "--worker-class", "sync", *extra]
    with open(log, "ab") as out:
        return subprocess.Popen(command, env=env, stdout=out, stderr=out, start_new_session=True)


def wait_ready(
    proc: subprocess.Popen,
    port: int,
    link: str,
    timeout: float = 30,
    headers: dict[str, str] | None = None,
) -> None:
    """Until the start page answers 200."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {proc.returncode}")
        try:
            client = Client(port, link, timeout=5, headers=headers)
            if client.request("GET", f"/s/{link}/").status == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise TimeoutError("gunicorn did not answer")


def stop_group(proc: subprocess.Popen, sig: int = signal.SIGTERM, timeout: float = 20) -> None:
    """Signal gunicorn's process group (master and workers) and wait for the master."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, sig)
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def admin_url(database_url: str) -> str:
    """The same server's ``postgres`` database (to create and drop others)."""
    parts = urllib.parse.urlsplit(database_url)
    return urllib.parse.urlunsplit(parts._replace(path="/postgres"))


def create_database(url: str) -> None:
    import psycopg

    name = urllib.parse.urlsplit(url).path.lstrip("/")
    with psycopg.connect(admin_url(url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    import psycopg

    name = urllib.parse.urlsplit(url).path.lstrip("/")
    with psycopg.connect(admin_url(url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def query(database_url: str, sql: str) -> list[tuple]:
    """Rows of ``sql`` with plain SQL (no Django), on SQLite or PostgreSQL (committed)."""
    if database_url.startswith("sqlite:"):
        conn = sqlite3.connect(database_url.removeprefix("sqlite:///"))  # dj-database-url's
        try:
            return conn.execute(sql).fetchall()
        finally:
            conn.close()
    import psycopg

    with psycopg.connect(database_url) as conn:
        cursor = conn.execute(sql)
        return cursor.fetchall() if cursor.description else []


def stored_responses(database_url: str) -> dict[str, tuple[dict, str]]:
    """Every stored response, read with plain SQL (no Django): id -> (answers, language)."""
    rows = query(database_url, "SELECT id, answers, language FROM survey_response")
    return {
        str(uuid.UUID(str(i))): (json.loads(a) if isinstance(a, str) else a, lang)
        for i, a, lang in rows
    }


def stored_answers(database_url: str) -> Counter[str]:
    """The stored responses as a multiset of their answers (``answers_key``)."""
    return Counter(answers_key(a) for a, _ in stored_responses(database_url).values())


# -- measuring --------------------------------------------------------------------------------
def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = max(0, min(len(ordered) - 1, math.ceil(p / 100 * len(ordered)) - 1))  # nearest rank
    return ordered[k]


def cpu_seconds(pids: Iterable[int]) -> float:
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


def processes() -> list[tuple[int, int, str]]:
    """(pid, process group, command name) of every process."""
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            name = stat[stat.index("(") + 1 : stat.rindex(")")]
            fields = stat.rsplit(")", 1)[1].split()
            out.append((int(entry.name), int(fields[2]), name))
    return out


def machine_busy() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    tick = os.sysconf("SC_CLK_TCK")
    idle = values[3] + values[4]
    return (sum(values) - idle) / tick, sum(values) / tick


class CpuMeter:
    """CPU seconds used during a phase by gunicorn (its process group), PostgreSQL (every
    process named postgres) and everything else, against the machine's capacity."""

    def __init__(self, gunicorn_pgid: int):
        self.pgid = gunicorn_pgid

    def sample(self) -> dict[str, float]:
        procs = processes()
        gunicorn = [p for p, g, _ in procs if g == self.pgid]
        postgres = [p for p, _, n in procs if n.startswith("postgres")]
        busy, total = machine_busy()
        return {
            "gunicorn": cpu_seconds(gunicorn),
            "postgres": cpu_seconds(postgres),
            "busy": busy,
            "total": total,
        }

    def start(self) -> None:
        self.before = self.sample()

    def stop(self) -> None:
        after = self.sample()
        self.used = {k: after[k] - self.before[k] for k in after}

    def line(self, load: float) -> str:
        """``load``: CPU seconds of the load generator's processes."""
        u = self.used
        wall = u["total"] / (os.cpu_count() or 1)
        other = u["busy"] - u["gunicorn"] - u["postgres"] - load
        return (
            f"    CPU in cores (of {os.cpu_count()}): gunicorn {u['gunicorn'] / wall:.2f}, "
            f"postgres {u['postgres'] / wall:.2f}, load generator {load / wall:.2f}, "
            f"other {max(other, 0) / wall:.2f}, idle {(u['total'] - u['busy']) / wall:.2f}"
        )


# -- the load generator's processes -----------------------------------------------------------
@dataclass
class Job:
    port: int
    link: str
    threads: int
    seed: int = 0
    walks: int = 0  # phase walk: prepare this many finals
    finals: list[Final] = field(default_factory=list)  # phase submit
    full: int = 0  # phase full walks
    start_at: float = 0.0  # time.monotonic() (system-wide) when every thread begins


@dataclass
class Outcome:
    finals: list[Final] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    acked: list[str] = field(default_factory=list)
    acked_answers: list[str] = field(default_factory=list)  # answers_key of each acked
    failed: list[str] = field(default_factory=list)
    began: float = 0.0
    ended: float = 0.0
    cpu: float = 0.0


def run_job(job: Job) -> Outcome:
    """One load generator process: ``job.threads`` clients, each with its share of the work."""
    form = demo_form()
    out = Outcome()
    lock = threading.Lock()
    clients = [Client(job.port, job.link) for _ in range(job.threads)]
    for client in clients:
        client.open()
    delay = job.start_at - time.monotonic()
    if delay > 0:
        time.sleep(delay)
    cpu0 = time.process_time()

    def work(n: int) -> None:
        client, rng = clients[n], random.Random(job.seed * 1000 + n)
        finals, latencies, acked, answers, failed = [], [], [], [], []
        for _ in range(n, job.walks, job.threads):
            final, seconds = walk(client, form, rng)
            finals.append(final)
            latencies += seconds
        for final in job.finals[n :: job.threads]:
            reply = client.post(final.fields)
            latencies.append(reply.seconds)
            if acknowledged(reply):
                acked.append(final.submission)
                answers.append(answers_key(final.answers))
            else:
                failed.append(final.submission)
        for _ in range(n, job.full, job.threads):
            began = time.monotonic()
            client.open()
            final, _ = walk(client, form, rng)
            reply = client.post(final.fields)
            latencies.append(time.monotonic() - began)
            if acknowledged(reply):
                acked.append(final.submission)
                answers.append(answers_key(final.answers))
            else:
                failed.append(final.submission)
        with lock:
            out.finals += finals
            out.latencies += latencies
            out.acked += acked
            out.acked_answers += answers
            out.failed += failed

    threads = [threading.Thread(target=work, args=(n,)) for n in range(job.threads)]
    out.began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    out.ended = time.monotonic()
    out.cpu = time.process_time() - cpu0
    for client in clients:
        client.close()
    return out


def run_phase(pool, jobs: list[Job], meter: CpuMeter) -> tuple[Outcome, float]:
    """Run the jobs side by side; the merged outcome and the wall time of the phase. The
    meter samples when every process begins and when the last one has finished."""
    start_at = time.monotonic() + 1.0  # every process has opened its clients by then
    for job in jobs:
        job.start_at = start_at
    pending = pool.map_async(run_job, jobs)
    time.sleep(max(0.0, start_at - time.monotonic()))
    meter.start()
    outcomes = pending.get()
    meter.stop()
    merged = Outcome()
    for o in outcomes:
        merged.finals += o.finals
        merged.latencies += o.latencies
        merged.acked += o.acked
        merged.acked_answers += o.acked_answers
        merged.failed += o.failed
        merged.cpu += o.cpu
    merged.began = min(o.began for o in outcomes)
    merged.ended = max(o.ended for o in outcomes)
    return merged, merged.ended - merged.began


def split(n: int, parts: int) -> list[int]:
    return [n // parts + (1 if i < n % parts else 0) for i in range(parts)]


def latency_line(latencies: list[float]) -> str:
    p50, p95, p99 = (percentile(latencies, p) * 1000 for p in (50, 95, 99))
    top = max(latencies) * 1000
    return f"p50 {p50:.0f} ms, p95 {p95:.0f} ms, p99 {p99:.0f} ms, max {top:.0f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--submissions", type=int, default=4000, help="prepared final POSTs")
    parser.add_argument("--concurrency", type=int, default=8, help="clients sending them")
    parser.add_argument("--processes", type=int, default=2, help="load generator processes")
    parser.add_argument("--full-walks", type=int, default=400, help="0 to leave phase 3 out")
    parser.add_argument(
        "--invited", type=int, default=2000, help="prepared invitation POSTs (0: no phase 2b)"
    )
    parser.add_argument("--database-url", default=f"postgres://postgres@{HOST}:5432/{BENCH_DB}")
    parser.add_argument("--gunicorn-arg", action="append", default=[], help="passed on")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--rate-limit",
        type=int,
        default=0,
        help="LIPKIT_RATE_LIMIT of the server (0 = off); a limit too high to be reached "
        "measures what counting each client in the database cache costs",
    )
    parser.add_argument("--task", help=argparse.SUPPRESS)
    parser.add_argument("--sign", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--sign-invited", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--invitations", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--invitations-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--k", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--slug", default="demo", help=argparse.SUPPRESS)
    parser.add_argument("--days-later", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--seed", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.task == "setup":
        _task_setup(args)
        return 0
    if args.task == "close":
        _task_close(args)
        return 0
    if args.task == "remind":
        _task_remind(args)
        return 0

    url = args.database_url
    print(
        f"survey load: {os.cpu_count()} cores, gunicorn {args.workers} sync workers, {url}, "
        f"rate limit {args.rate_limit or 'off'}"
    )
    create_database(url)
    tmp = Path(tempfile.mkdtemp(prefix="lipkit-bench-"))
    env = server_env(url, tmp, LIPKIT_RATE_LIMIT=str(args.rate_limit))
    setup = setup_survey(env, invitations=args.invited, sign_invited=args.invited)
    link, port = setup["link"], free_port()
    server = start_gunicorn(env, port, args.workers, tmp / "gunicorn.log", *args.gunicorn_arg)
    ok = True
    try:
        wait_ready(server, port, link)
        warm = Client(port, link)
        for _ in range(args.workers * 4):
            warm.open()
        ctx = multiprocessing.get_context("spawn")
        with ctx.Pool(args.processes) as pool:
            per_process = max(1, args.concurrency // args.processes)

            # 1. walk: prepare the final POSTs over HTTP
            jobs = [
                Job(port, link, per_process, seed=i, walks=n)
                for i, n in enumerate(split(args.submissions, args.processes))
            ]
            walked, wall = run_phase(pool, jobs, cpu := CpuMeter(server.pid))
            pages = len(walked.latencies)
            print(
                f"walk: {len(walked.finals)} respondents, {pages} page requests in {wall:.1f} s"
                f" = {pages / wall:.0f} pages/s; {latency_line(walked.latencies)}"
            )
            print(cpu.line(walked.cpu))

            # 2. submit: the final POSTs that commit the responses
            finals = walked.finals
            random.Random(0).shuffle(finals)
            jobs = [
                Job(port, link, per_process, finals=finals[i :: args.processes])
                for i in range(args.processes)
            ]
            sent, wall = run_phase(pool, jobs, cpu := CpuMeter(server.pid))
            rate = len(sent.acked) / wall
            p95 = percentile(sent.latencies, 95)
            print(
                f"submit: {len(sent.acked)} acknowledged, {len(sent.failed)} refused, "
                f"{per_process * args.processes} clients, {wall:.1f} s"
            )
            print(cpu.line(sent.cpu))

            # 2b. the same with invitation sessions: they wait in the pool, written in batches
            invited, rate_invited = Outcome(), float("nan")
            if args.invited:
                finals = setup["finals_invited"]
                jobs = [
                    Job(port, link, per_process, finals=finals[i :: args.processes])
                    for i in range(args.processes)
                ]
                invited, wall2b = run_phase(pool, jobs, cpu := CpuMeter(server.pid))
                rate_invited = len(invited.acked) / wall2b
                print(
                    f"invited submit: {len(invited.acked)} acknowledged, {len(invited.failed)} "
                    f"refused, {wall2b:.1f} s = {rate_invited:.0f}/s (batches of k = "
                    f"{setup['k']}); {latency_line(invited.latencies)}"
                )
                print(cpu.line(invited.cpu))

            # 3. complete walks from the start page to the thank-you redirect
            full = Outcome()
            if args.full_walks:
                jobs = [
                    Job(port, link, per_process, seed=100 + i, full=n)
                    for i, n in enumerate(split(args.full_walks, args.processes))
                ]
                full, wall3 = run_phase(pool, jobs, cpu := CpuMeter(server.pid))
                print(
                    f"full walks: {len(full.acked)} respondents from the start page to the "
                    f"thank-you page in {wall3:.1f} s = {len(full.acked) / wall3:.1f} "
                    f"respondents/s; per respondent {latency_line(full.latencies)}"
                )
                print(cpu.line(full.cpu))

        # the database holds exactly the acknowledged submissions, each complete (closing
        # writes the last batch, smaller than k, without use marks)
        close_survey(env)
        stored = stored_responses(url)
        have = Counter(answers_key(a) for a, _ in stored.values())
        expected = Counter(sent.acked_answers + invited.acked_answers + full.acked_answers)
        form = demo_form()
        broken = [i for i, (answers, lang) in stored.items() if form.check_all(answers, lang)]
        missing, extra = expected - have, have - expected
        (uses,) = query(url, "SELECT count(*) FROM survey_invitationuse")[0]
        unmarked = len(invited.acked) - uses  # the last batch, written at the close
        verified = not missing and not extra and not broken and not sent.failed
        verified = verified and not invited.failed and 0 <= unmarked < setup["k"]
        print(
            f"database: {len(stored)} responses, {expected.total()} acknowledged; missing "
            f"{missing.total()}, unacknowledged {extra.total()}, invalid {len(broken)}; "
            f"{uses} use marks for {len(invited.acked)} invitations (the last {unmarked} "
            "written at the close): " + ("ok" if verified else "FAILED")
        )
        ok = verified
        goal = rate >= GOAL_RATE and p95 < GOAL_P95
        print(
            f"survey submissions: {rate:.0f}/s, {latency_line(sent.latencies)} "
            f"({args.workers} workers, {per_process * args.processes} clients); goal >= "
            f"{GOAL_RATE:.0f}/s with p95 < {GOAL_P95 * 1000:.0f} ms: "
            + ("ok" if goal else "missed")
        )
        if args.invited:
            print(
                f"invited submissions: {rate_invited:.0f}/s = {rate_invited / rate:.2f} x the "
                "open link's (same run)"
            )
    finally:
        stop_group(server)
        if not args.keep:
            drop_database(url)
            shutil.rmtree(tmp, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
