"""``make bench-compare``: time ``lipkit compare`` of two waves against one wave's ``analyze``.

Two waves of the benchmark study (``bench.generate``, 100,000 respondents x 60 questions
each by default) are written once as Parquet files into ``bench/data`` (the earlier wave with
seed ``--seed``, the later one with ``--seed + 1``; the later wave's answers are drawn
afresh, so shares move by chance and by the units' different mix). Then, alternating, each
measured job runs ``--repeat`` times (default 3) in its own child process:

* ``analyze`` (the baseline): read the later wave's Parquet file and analyse every question
  by Fachbereich (``analyze_many``, suppression included) — the single-wave analysis of the
  same data;
* ``compare``: read both waves' Parquet files and compare them by Fachbereich
  (``compare_waves``: both waves' tables, every difference with Newcombe's interval and its
  test, top-2 and Welch's mean difference of the scales, Holm over the call).

A job's time runs from before reading the first file to after the last table (interpreter
start-up, imports and building the questionnaire excluded). The median run counts. The last
line printed is::

    compare 2x100000x60 by fachbereich: <s> s (goal <= 3 s), analyze of one wave <s> s, ratio <x>

Usage: ``python -m bench.compare [--rows 100000] [--questions 60] [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.generate import DEFAULT_SEED, make_study, response_frame
from bench.run import DATA_DIR, _generator_version

GOAL_SECONDS = 3.0
BY = "fachbereich"


def parquet_path(n_rows: int, n_questions: int, seed: int) -> Path:
    return DATA_DIR / f"wave_{n_rows}x{n_questions}_seed{seed}_{_generator_version()}.parquet"


def ensure_parquet(n_rows: int, n_questions: int, seed: int) -> Path:
    path = parquet_path(n_rows, n_questions, seed)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        response_frame(make_study(n_questions), n_rows, seed).write_parquet(tmp)
        tmp.rename(path)
        print(f"generated {path.name}: {path.stat().st_size / 1e6:.0f} MB", flush=True)
    return path


def job(kind: str, earlier: Path, current: Path, n_questions: int) -> dict[str, float]:
    from lipkit.analysis.compare import compare_waves
    from lipkit.analysis.engine import analyze_many
    from lipkit.data.io import read_responses
    from lipkit.study.waves import read_wave_mapping

    study = make_study(n_questions)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    if kind == "analyze":
        frame = read_responses(current, study.questionnaire, study.org).frame
        timings["read"] = time.perf_counter() - started
        t = time.perf_counter()
        [analysis] = analyze_many(study, frame, bys=[BY])
        timings["analyze"] = time.perf_counter() - t
        timings["rows"] = analysis.results.height
    else:
        old = read_responses(earlier, study.questionnaire, study.org).frame
        new = read_responses(current, study.questionnaire, study.org).frame
        timings["read"] = time.perf_counter() - started
        t = time.perf_counter()
        # No mapping files: every question is matched by its name, every unit by its code.
        mapping, errors = read_wave_mapping(study, study, DATA_DIR / "no-waves", "1")
        assert not errors
        result = compare_waves(
            study, old, study, new, mapping, earlier_label="1", current_label="2", by=BY
        )
        timings["compare"] = time.perf_counter() - t
        timings["rows"] = result.shares.height
        timings["hidden"] = int(result.shares["hidden"].sum())
    timings["total"] = time.perf_counter() - started
    return timings


def run_job(kind: str, earlier: Path, current: Path, n_questions: int) -> dict[str, float]:
    command = [
        sys.executable,
        "-m",
        "bench.compare",
        "--job",
        kind,
        "--earlier",
        str(earlier),
        "--current",
        str(current),
        "--questions",
        str(n_questions),
    ]
    child = subprocess.run(
        command, cwd=Path(__file__).resolve().parent.parent, capture_output=True, text=True
    )
    if child.returncode:
        raise SystemExit(f"{kind} job failed:\n{child.stdout}{child.stderr}")
    return json.loads(child.stdout.strip().splitlines()[-1])


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--questions", type=int, default=60)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--job", choices=("analyze", "compare"))
    parser.add_argument("--earlier", type=Path)
    parser.add_argument("--current", type=Path)
    args = parser.parse_args(argv)
    if args.job:
        print(json.dumps(job(args.job, args.earlier, args.current, args.questions)))
        return 0
    earlier = ensure_parquet(args.rows, args.questions, args.seed)
    current = ensure_parquet(args.rows, args.questions, args.seed + 1)
    runs: dict[str, list[dict[str, float]]] = {"analyze": [], "compare": []}
    for i in range(args.repeat):
        for kind in runs:
            timings = run_job(kind, earlier, current, args.questions)
            runs[kind].append(timings)
            parts = ", ".join(f"{k} {v:.2f}" for k, v in timings.items() if k != "total")
            print(f"{kind} run {i + 1}: {timings['total']:.2f} s ({parts}); {_load()}", flush=True)
    median = {k: statistics.median(t["total"] for t in v) for k, v in runs.items()}
    label = f"2x{args.rows}x{args.questions} by {BY}"
    verdict = "ok" if median["compare"] <= GOAL_SECONDS else "NOT MET"
    print(
        f"compare {label}: {median['compare']:.2f} s (goal <= {GOAL_SECONDS:g} s: {verdict}), "
        f"analyze of one wave {median['analyze']:.2f} s, "
        f"ratio {median['compare'] / median['analyze']:.2f} (medians of {args.repeat})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
