"""``python -m bench.controlling_load``: loopback load test of controlling online (issue 17).

gunicorn (sync workers) serves ``lipkit.survey.wsgi`` on a fresh PostgreSQL database
(``lipkit_bench_controlling``, created and dropped here). The plan is ``bench.plan``'s
generated one — 500 measures, 1,500 indicators, 10 yearly periods of actual values — made
from its workbook as a coordinator would upload it; a round is open, and one owner reports on
20 measures. ``--users`` clients (threads, one connection per request, as sync gunicorn
closes it) each request, in turns, the owner's page and the dashboard (unfiltered, first page
of 100 rows; the status of all 1,500 indicators is computed for it); the plan list is the
baseline measured in the same run. Reported per number of users: p50/p95/max latency per
page, and the CPU time per request of gunicorn's processes, of the PostgreSQL processes
serving the database and of the load generator (this process) from ``/proc``. Goal: p95 <
300 ms with 20 users.

``--baseline DIR``: a second gunicorn serves the source tree ``DIR`` (a ``src`` folder, e.g.
``git archive main src | tar -x -C /tmp/main``) on the same database; the two are measured in
``--rounds`` alternating rounds (A B, B A, ...), so that both see the same machine, and the
p95 ratio baseline / this tree is printed. Every worker is warmed on every page first (each
keeps its own parsed plan in memory). ``--baseline-workers N`` (and ``--baseline-name``) compare
gunicorn settings: e.g. a copy of this tree with 3 workers against this one with 2.

Usage: ``python -m bench.controlling_load [--users 1,20] [--requests 30] [--workers 3]
[--baseline DIR] [--baseline-workers 3] [--rounds 2] [--gunicorn '--threads 2']``
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.survey_load import (
    HOST,
    cpu_seconds,
    processes,
    server_env,
    start_gunicorn,
    stop_group,
)

ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
DB = "lipkit_bench_controlling"
GOAL_P95 = 0.300

SETUP = r"""
import datetime as dt, json, sys, tempfile
from pathlib import Path
import django
django.setup()
from django.contrib.auth import get_user_model
from django.test import Client
from bench.plan import generate_plan
from lipkit.controlling.workbook import write_workbook
from lipkit.survey.controlling import services
from lipkit.survey.controlling.models import Report
from lipkit.survey.services.setup import Upload

users = get_user_model()
koord = users.objects.create_user("koord", password="bench-Passwort-2026")
owner = users.objects.create_user("owner", password="bench-Passwort-2026")
plan = generate_plan(500, 1500, 10)
with tempfile.TemporaryDirectory() as tmp:
    path = Path(tmp) / "plan.xlsx"
    write_workbook(plan, path)
    created = services.create_plan(
        Upload("plan.xlsx", "application/octet-stream", path.read_bytes()), user=koord
    )
cp = created.plan
services.add_person(cp, by=koord, username="owner", kind="owner", unit="bench")
rnd, _ = services.start_round(cp, by=koord, period="2025", due="2026-01-31", base_url="http://x/")
ids = list(Report.objects.filter(round=rnd).order_by("subject").values_list("pk", flat=True)[:20])
Report.objects.filter(pk__in=ids).update(unit="bench")
cookies = {}
for user in (koord, owner):
    client = Client()
    client.force_login(user)
    cookies[user.username] = client.cookies["sessionid"].value
print(json.dumps({"slug": cp.slug, "cookies": cookies}))
"""


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def psql(command: str) -> None:
    subprocess.run(["psql", ADMIN_URL, "-qc", command], check=True, capture_output=True)


def get(port: int, path: str, cookie: str) -> tuple[int, float, int]:
    start = time.perf_counter()
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    conn.request("GET", path, headers={"Cookie": f"sessionid={cookie}"})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, time.perf_counter() - start, len(body)


def backends() -> list[int]:
    """The PostgreSQL processes serving the benchmark's database (the workers' connections)."""
    out = subprocess.run(
        ["psql", ADMIN_URL, "-Atc", f"select pid from pg_stat_activity where datname = '{DB}'"],
        check=True,
        capture_output=True,
        text=True,
    )
    return [int(p) for p in out.stdout.split()]


@dataclass
class Server:
    """One gunicorn serving one source tree (``src`` None: this one) on the shared database."""

    name: str
    src: str | None
    port: int = 0
    workers: int = 0
    proc: subprocess.Popen | None = None
    times: dict[tuple[int, str], list[float]] = field(default_factory=dict)
    cpu: dict[int, list[float]] = field(default_factory=dict)  # users -> [client, server, pg, n]

    def start(self, env: dict[str, str], workers: int, log: Path, *extra: str) -> None:
        env = dict(env)
        if self.src is not None:  # the baseline's package first on the path
            env["PYTHONPATH"] = os.pathsep.join([self.src, env.get("PYTHONPATH", "")])
        self.port = free_port()
        self.proc = start_gunicorn(env, self.port, workers, log, *extra)

    def pids(self) -> list[int]:
        assert self.proc is not None
        return [p for p, g, _ in processes() if g == self.proc.pid]


def phase(server: Server, pages: dict, users: int, requests: int) -> None:
    """``users`` closed-loop clients, each ``requests`` times every page in turn."""
    failures: list[str] = []
    lock = threading.Lock()
    times = {name: [] for name in pages}

    def user(n: int) -> None:
        order = list(pages.items())
        for i in range(requests):
            for name, (path, cookie) in order[(n + i) % 3 :] + order[: (n + i) % 3]:
                status, seconds, _ = get(server.port, path, cookie)
                with lock:
                    if status != 200:
                        failures.append(f"{name}: {status}")
                    times[name].append(seconds)

    threads = [threading.Thread(target=user, args=(n,)) for n in range(users)]
    workers, pg = server.pids(), backends()
    before = (time.process_time(), cpu_seconds(workers), cpu_seconds(pg))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    after = (time.process_time(), cpu_seconds(workers), cpu_seconds(pg))
    if failures:
        raise RuntimeError(f"{server.name}: {len(failures)} failures: {failures[:5]}")
    for name, values in times.items():
        server.times.setdefault((users, name), []).extend(values)
    used = server.cpu.setdefault(users, [0.0, 0.0, 0.0, 0])
    for k in range(3):
        used[k] += after[k] - before[k]
    used[3] += sum(len(v) for v in times.values())


def report(servers: list[Server], users: int, pages: dict) -> None:
    for name in pages:
        cells = []
        p95s = []
        for s in servers:
            values = sorted(s.times[(users, name)])
            p95 = values[int(0.95 * (len(values) - 1))]
            p95s.append(p95)
            cells.append(
                f"{s.name} p50 {statistics.median(values) * 1000:5.0f} p95 {p95 * 1000:5.0f} "
                f"max {values[-1] * 1000:5.0f}"
            )
        ratio = f"  p95 ratio {p95s[0] / p95s[1]:.2f}" if len(servers) == 2 else ""
        verdict = (
            ""
            if name.startswith("baseline")
            else ("  ok" if p95s[-1] < GOAL_P95 else "  ABOVE 300 ms")
        )
        print(f"  {name:26} n={len(values):4}  " + " | ".join(cells) + " ms" + ratio + verdict)
    for s in servers:
        client, server, pg, n = s.cpu[users]
        print(
            f"  {s.name}: CPU per request: gunicorn {server / n * 1000:.1f} ms, PostgreSQL "
            f"{pg / n * 1000:.1f} ms, load generator {client / n * 1000:.1f} ms ({n} requests)"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", default="1,20", help="comma-separated, e.g. 1,20")
    parser.add_argument("--requests", type=int, default=30, help="per user and page")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=2, help="alternations per users count")
    parser.add_argument(
        "--baseline", help="a source tree's src/ (e.g. `git archive main src`) to compare with"
    )
    parser.add_argument("--gunicorn", default="", help="more gunicorn options, e.g. '--threads 2'")
    parser.add_argument("--baseline-name", default="main", help="its name in the output")
    parser.add_argument("--baseline-workers", type=int, help="the baseline's (default --workers)")
    args = parser.parse_args()
    psql(f"drop database if exists {DB} with (force)")
    psql(f"create database {DB}")
    data = Path(tempfile.mkdtemp(prefix="lipkit-bench-controlling-"))
    env = server_env(f"postgres://postgres@127.0.0.1:5432/{DB}", data)
    servers = [Server(args.baseline_name, args.baseline)] if args.baseline else []
    servers.append(Server("this", None))
    try:
        subprocess.run([sys.executable, "-m", "django", "migrate", "-v", "0"], env=env, check=True)
        t0 = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", SETUP], env=env, check=True, capture_output=True, text=True
        )
        setup = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"set-up (plan from the workbook, round opened): {time.perf_counter() - t0:.1f} s")
        slug, cookies = setup["slug"], setup["cookies"]
        pages = {
            "baseline: plan list": ("/controlling/", cookies["koord"]),
            "owner page (20 measures)": (f"/controlling/{slug}/bericht/", cookies["owner"]),
            "dashboard": (f"/controlling/{slug}/", cookies["koord"]),
        }
        for s in servers:
            s.workers = args.baseline_workers if s.src and args.baseline_workers else args.workers
            s.start(env, s.workers, data / f"gunicorn-{s.name}.log", *args.gunicorn.split())
            deadline = time.monotonic() + 60
            while True:  # ready, and every page warmed in every worker
                try:
                    if get(s.port, "/controlling/", cookies["koord"])[0] == 200:
                        break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)
            # every page warmed in every worker (each keeps its own parsed plan): requests
            # sent side by side, so that no worker is left out
            for path, cookie in pages.values():
                for _ in range(3):
                    warm = [
                        threading.Thread(target=get, args=(s.port, path, cookie))
                        for _ in range(s.workers * 3)
                    ]
                    for t in warm:
                        t.start()
                    for t in warm:
                        t.join()
                    status, _, _ = get(s.port, path, cookie)
                    assert status == 200, (s.name, path, status)
        print(
            f"gunicorn {args.gunicorn or '(sync)'}, PostgreSQL, "
            f"{os.cpu_count()} cores; "
            + ", ".join(f"{s.name} = {s.src or 'this tree'} ({s.workers} workers)" for s in servers)
        )
        for users in [int(u) for u in args.users.split(",")]:
            load = os.getloadavg()
            wall = time.perf_counter()
            for r in range(args.rounds):  # alternating, so that both see the same machine
                for s in servers if r % 2 == 0 else servers[::-1]:
                    phase(s, pages, users, max(1, args.requests // args.rounds))
            print(
                f"{users} concurrent user(s), {args.rounds} alternating rounds, "
                f"{time.perf_counter() - wall:.0f} s; load average before {load[0]:.2f} "
                f"{load[1]:.2f}, after {os.getloadavg()[0]:.2f}"
            )
            report(servers, users, pages)
    finally:
        for s in servers:
            if s.proc is not None:
                stop_group(s.proc)
        psql(f"drop database if exists {DB} with (force)")


if __name__ == "__main__":
    main()
