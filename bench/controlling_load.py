"""``python -m bench.controlling_load``: loopback load test of controlling online (issue 17).

gunicorn (sync workers) serves ``lipkit.survey.wsgi`` on a fresh PostgreSQL database
(``lipkit_bench_controlling``, created and dropped here). The plan is ``bench.plan``'s
generated one — 500 measures, 1,500 indicators, 10 yearly periods of actual values — made
from its workbook as a coordinator would upload it; a round is open, and one owner reports on
20 measures. ``--users`` clients (threads, one connection per request, as sync gunicorn
closes it) each request, in turns, the owner's page and the dashboard (unfiltered, first page
of 100 rows; the status of all 1,500 indicators is computed for it); the plan list is the
baseline measured in the same run. Reported: p50/p95/max latency per page. Goal: p95 < 300 ms.

Usage: ``python -m bench.controlling_load [--users 20] [--requests 30] [--workers 3]``
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
from pathlib import Path

from bench.survey_load import HOST, server_env, start_gunicorn, stop_group

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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--requests", type=int, default=30, help="per user and page")
    parser.add_argument("--workers", type=int, default=3)
    args = parser.parse_args()
    psql(f"drop database if exists {DB}")
    psql(f"create database {DB}")
    data = Path(tempfile.mkdtemp(prefix="lipkit-bench-controlling-"))
    env = server_env(f"postgres://postgres@127.0.0.1:5432/{DB}", data)
    proc = None
    try:
        subprocess.run([sys.executable, "-m", "django", "migrate", "-v", "0"], env=env, check=True)
        t0 = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", SETUP], env=env, check=True, capture_output=True, text=True
        )
        setup = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"set-up (plan from the workbook, round opened): {time.perf_counter() - t0:.1f} s")
        port = free_port()
        proc = start_gunicorn(env, port, args.workers, data / "gunicorn.log")
        slug, cookies = setup["slug"], setup["cookies"]
        pages = {
            "baseline: plan list": ("/controlling/", cookies["koord"]),
            "owner page (20 measures)": (f"/controlling/{slug}/bericht/", cookies["owner"]),
            "dashboard": (f"/controlling/{slug}/", cookies["koord"]),
        }
        deadline = time.monotonic() + 60
        while True:  # ready, and every page warmed once per worker
            try:
                if get(port, "/controlling/", cookies["koord"])[0] == 200:
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        for _ in range(args.workers * 2):
            for path, cookie in pages.values():
                status, _, _ = get(port, path, cookie)
                assert status == 200, (path, status)
        times: dict[str, list[float]] = {name: [] for name in pages}
        failures: list[str] = []
        lock = threading.Lock()

        def user(n: int) -> None:
            order = list(pages.items())
            for i in range(args.requests):
                for name, (path, cookie) in order[(n + i) % 3 :] + order[: (n + i) % 3]:
                    status, seconds, _ = get(port, path, cookie)
                    with lock:
                        if status != 200:
                            failures.append(f"{name}: {status}")
                        times[name].append(seconds)

        threads = [threading.Thread(target=user, args=(n,)) for n in range(args.users)]
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - start
        total = sum(len(v) for v in times.values())
        print(
            f"{args.users} concurrent users, {total} requests in {wall:.1f} s "
            f"({total / wall:.1f}/s), gunicorn {args.workers} sync workers, PostgreSQL, "
            f"{os.cpu_count()} cores; load average before: {os.getloadavg()[0]:.2f}"
        )
        for name, values in times.items():
            values.sort()
            p95 = values[int(0.95 * (len(values) - 1))]
            verdict = (
                ""
                if name.startswith("baseline")
                else ("  ok" if p95 < GOAL_P95 else "  ABOVE the goal of 300 ms")
            )
            print(
                f"{name:28} n={len(values):4}  p50 {statistics.median(values) * 1000:6.0f} ms  "
                f"p95 {p95 * 1000:6.0f} ms  max {values[-1] * 1000:6.0f} ms{verdict}"
            )
        if failures:
            print(f"failures: {len(failures)}: {failures[:5]}")
    finally:
        if proc is not None:
            stop_group(proc)
        psql(f"drop database if exists {DB}")


if __name__ == "__main__":
    main()
