"""``python -m bench.plan``: how long ``lipkit plan status`` (and reading the plan) takes for a
large plan — 500 measures, 1,500 indicators, 10 reporting periods — generated here, and, with
``--report``, the report's controlling part for that plan in each format.

Each measured step runs ``--repeat`` times as its own process (what a user waits for, with
interpreter start-up and imports); the median counts. The baseline measured in the same run
is ``lipkit --help`` (start-up and imports alone). Peak memory (max RSS) of each step is
printed too.

With ``--main`` (below) ``lipkit plan status`` is timed with main's code too.

``--report html,pdf,docx``: a study folder (the demo's, with the generated plan in ``plan/``)
and ``lipkit report STUDY --part controlling --format F`` for each format F on its own, once
with this checkout's code and once with ``--main`` (default ``main``: its tree exported by
``git archive`` into the temporary folder, run with the same interpreter and packages) in
the same run, alternating. Each is a process of its own; its wall time, its CPU time (with
the workers it forks, from ``os.wait4``) and its peak RSS are printed, and the machine's load
before it. A run of ``main`` longer than ``--main-timeout`` seconds (default 600) is stopped
and reported as "> N s" (on main the PDF of this plan took 2,558 s under load).

Usage: ``python -m bench.plan [--repeat N] [--measures 500] [--indicators 1500] [--periods 10]
[--report html,pdf,docx] [--main REF|none] [--main-timeout S]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def generate_plan(measures: int, indicators: int, periods: int, seed: int = 1):
    """A plan of 10 fields × 5 strategic goals × 4 goals, ``measures`` measures serving one or
    two goals, ``indicators`` indicators (one per goal, the rest on measures; a third
    cumulative, a quarter lower-is-better) with a baseline, two targets and ``periods``
    yearly actual values."""
    from lipkit.controlling.model import (
        Direction,
        Field,
        Frequency,
        Goal,
        Indicator,
        Kind,
        Measure,
        MeasureStatus,
        Owner,
        Plan,
        StrategicGoal,
        Unit,
        Value,
        ValueKind,
    )

    rnd = random.Random(seed)
    fields = []
    goal_ids = []
    for f in range(10):
        strategic = []
        for s in range(5):
            goals = []
            for g in range(4):
                gid = f"z_{f}_{s}_{g}"
                goal_ids.append(gid)
                goals.append(Goal(gid, f"Ziel {f}.{s}.{g}", recommendations=(f"HE {g + 1}",)))
            strategic.append(StrategicGoal(f"lz_{f}_{s}", f"Leitziel {f}.{s}", tuple(goals)))
        fields.append(Field(f"hf_{f}", f"Handlungsfeld {f}", tuple(strategic)))
    units = [str(u) for u in (15, 18, 20, 30, 32, 40, 41, 50, 51, 57, 61, 67)]
    ms = [
        Measure(
            f"m_{i}",
            f"Maßnahme {i}",
            owner=Owner(rnd.choice(units), "Leitung"),
            start=dt.date(2015, 1, 1),
            end=dt.date(2026, 12, 31),
            goals=tuple(rnd.sample(goal_ids, rnd.choice((1, 2)))),
            status=rnd.choice(list(MeasureStatus)),
            reason="Grund",
        )
        for i in range(measures)
    ]
    inds = []
    values = []
    start = dt.date(2014, 12, 31)
    for i in range(indicators):
        on_goal = i < len(goal_ids)
        cumulative = i % 3 == 0 and not on_goal
        lower = i % 4 == 0
        inds.append(
            Indicator(
                f"i_{i}",
                f"Indikator {i}",
                Kind.MONITORING if on_goal else Kind.CONTROLLING,
                Unit.COUNT if cumulative else Unit.PERCENT,
                direction=Direction.LOWER if lower else Direction.HIGHER,
                goal=goal_ids[i] if on_goal else "",
                measure="" if on_goal else f"m_{i % measures}",
                source="Statistik",
                frequency=Frequency.YEARLY,
                cumulative=cumulative,
                responsible=Owner(rnd.choice(units)),
            )
        )
        base = 0.0 if cumulative else rnd.uniform(20, 60)
        step = rnd.uniform(5, 20) * (-1 if lower and not cumulative else 1)
        values.append(Value(f"i_{i}", ValueKind.BASELINE, start, base))
        for year in (5, periods + 2):
            target = base + step * year
            values.append(
                Value(f"i_{i}", ValueKind.TARGET, dt.date(2014 + year, 12, 31), abs(target))
            )
        for p in range(1, periods + 1):
            delivered = abs(step) * rnd.uniform(0.4, 1.2)
            actual = delivered if cumulative else base + step * p * rnd.uniform(0.4, 1.2)
            values.append(Value(f"i_{i}", ValueKind.ACTUAL, dt.date(2014 + p, 12, 31), actual))
    return Plan("Bench-Plan", tuple(fields), tuple(ms), tuple(inds), tuple(values))


STEP = """
import sys, time, resource, datetime as dt
t0 = time.perf_counter()
from lipkit.cli import app
import lipkit.controlling.study, lipkit.controlling.table, lipkit.controlling.status
t1 = time.perf_counter()
from lipkit.controlling.study import load_study_plan
from lipkit.controlling.status import plan_status
from lipkit.controlling.table import status_text, status_frame
sp = load_study_plan(sys.argv[1])
t2 = time.perf_counter()
st = plan_status(sp.plan, sp.latest_date(), sp.values)
t3 = time.perf_counter()
text = status_text(sp.plan, st); csv = status_frame(sp, st).write_csv()
t4 = time.perf_counter()
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{t1-t0:.3f} {t2-t1:.3f} {t3-t2:.3f} {t4-t3:.3f} {rss:.0f} {len(text.splitlines())}")
"""


def _run(args: list[str], src: Path | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, env=_env(src))
    return time.perf_counter() - start


def _env(src: Path | None = None) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(src or ROOT / "src")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--measures", type=int, default=500)
    parser.add_argument("--indicators", type=int, default=1500)
    parser.add_argument("--periods", type=int, default=10)
    parser.add_argument(
        "--report",
        default="",
        help="also time `lipkit report --part controlling --format F` for each of these "
        "formats (e.g. html,pdf,docx) on the large plan, with this code and with --main",
    )
    parser.add_argument(
        "--main", default="main", help="git ref measured as the baseline (none: skip it)"
    )
    parser.add_argument("--main-timeout", type=float, default=600.0)
    parser.add_argument(
        "--current",
        default="",
        help="git ref measured as this code (default: the working tree as it is)",
    )
    opts = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from lipkit.controlling.files import write_plan

    load = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        study = Path(tmp)
        plan = generate_plan(opts.measures, opts.indicators, opts.periods)
        write_plan(plan, study / "plan")
        print(
            f"plan: {len(plan.measures)} measures, {len(plan.indicators)} indicators, "
            f"{len(plan.values)} values ({(study / 'plan' / 'values.csv').stat().st_size // 1024} "
            f"KiB values.csv); load before: {load[0]:.2f}"
        )
        lipkit = [sys.executable, "-m", "lipkit.cli"]
        main_src = _main_tree(opts.main, Path(tmp), "main-status")
        base, cli, phases, on_main = [], [], [], []
        for _ in range(opts.repeat):
            base.append(_run([*lipkit, "--help"]))
            cli.append(_run([*lipkit, "plan", "status", str(study)]))
            if main_src is not None:
                on_main.append(_run([*lipkit, "plan", "status", str(study)], main_src))
            out = subprocess.run(
                [sys.executable, "-c", STEP, str(study)],
                check=True,
                capture_output=True,
                text=True,
                env=_env(),
            ).stdout.split()
            phases.append([float(x) for x in out])
        med = [statistics.median(p[i] for p in phases) for i in range(6)]
        print(
            f"phases (median): imports {med[0]:.2f} s, read+resolve {med[1]:.2f} s, "
            f"status {med[2]:.3f} s, table+csv {med[3]:.2f} s; peak RSS {med[4]:.0f} MiB; "
            f"{med[5]:.0f} lines"
        )
        print(
            f"lipkit plan status: {statistics.median(cli):.2f} s (median of {opts.repeat}); "
            f"baseline lipkit --help {statistics.median(base):.2f} s; "
            + (f"main {statistics.median(on_main):.2f} s; " if on_main else "")
            + f"load after: {os.getloadavg()[0]:.2f}"
        )
        if opts.report:
            _report(plan, opts, Path(tmp))


def _main_tree(ref: str, tmp: Path, name: str = "main") -> Path | None:
    """``ref``'s source tree exported into ``tmp`` (None when ``ref`` is "none")."""
    if ref == "none":
        return None
    target = tmp / name
    target.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", ref, "src"], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    # compile once, so that neither side pays for writing .pyc files in its timed run
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(target / "src")],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return target / "src"


def _timed(args: list[str], src: Path, timeout: float) -> tuple[float, float, float] | None:
    """Run ``args`` with ``src`` on the path: wall seconds, CPU seconds (its own and its
    reaped workers') and peak RSS in MiB; None when it ran longer than ``timeout`` (it and
    its workers are stopped then)."""
    import signal

    env = {**os.environ, "PYTHONPATH": str(src)}
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        child = subprocess.Popen(
            args, env=env, stdout=subprocess.DEVNULL, stderr=errors, start_new_session=True
        )
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > timeout:
                os.killpg(child.pid, signal.SIGKILL)
                os.wait4(child.pid, 0)
                return None
            time.sleep(0.05)
        wall = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            errors.seek(0)
            raise RuntimeError(f"{' '.join(args)} failed: {errors.read().decode()[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def _report(plan, opts, tmp: Path) -> None:
    """The controlling part of ``plan`` in the demo study, one format at a time, with this
    code and with main's."""
    import shutil

    from lipkit.controlling.files import write_plan
    from lipkit.demo import write_demo

    large = tmp / "large"
    write_demo(large)
    shutil.rmtree(large / "plan")
    write_plan(plan, large / "plan")
    main_src = _main_tree(opts.main, tmp)
    current = _main_tree(opts.current, tmp, "current") if opts.current else ROOT / "src"
    assert current is not None
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(current)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    sides = [("current", current)] + ([("main", main_src)] if main_src else [])
    found: dict[tuple[str, str], list] = {}
    for fmt in opts.report.split(","):
        for _ in range(opts.repeat):
            for side, src in sides:
                out = tmp / f"out-{side}-{fmt}"
                args = [sys.executable, "-m", "lipkit.cli", "report", str(large)]
                args += ["--part", "controlling", "--format", fmt, "--output", str(out)]
                load = os.getloadavg()[0]
                timeout = opts.main_timeout if side == "main" else 24 * 3600.0
                got = _timed(args, src, timeout)
                found.setdefault((side, fmt), []).append(got)
                shutil.rmtree(out, ignore_errors=True)
                what = (
                    f"{got[0]:.1f} s wall, {got[1]:.1f} s CPU, peak RSS {got[2]:.0f} MiB"
                    if got
                    else f"> {timeout:.0f} s (stopped)"
                )
                print(
                    f"  report --part controlling --format {fmt}, {side}: {what}; load {load:.2f}"
                )
    for fmt in opts.report.split(","):
        line = f"controlling part {fmt}, {len(plan.indicators)} indicators:"
        medians = {}
        for side, _ in sides:
            runs = found[(side, fmt)]
            if any(r is None for r in runs):
                line += f" {side} > {opts.main_timeout:.0f} s;"
                continue
            wall = statistics.median(r[0] for r in runs)
            cpu = statistics.median(r[1] for r in runs)
            medians[side] = (wall, cpu)
            line += f" {side} {wall:.1f} s (CPU {cpu:.1f} s);"
        if len(medians) == 2:
            line += (
                f" ratio main/current {medians['main'][0] / medians['current'][0]:.1f}x wall, "
                f"{medians['main'][1] / medians['current'][1]:.1f}x CPU"
            )
        elif "current" in medians and opts.main != "none":
            line += f" ratio main/current > {opts.main_timeout / medians['current'][0]:.0f}x"
        print(line)
    print(f"load after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
