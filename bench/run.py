"""``make bench``: time lipkit's complete analysis from the CSV against a pandas baseline.

For each size (10k, 100k, 1M respondents x 60 questions) the runner generates the study's
CSV once (cached in ``bench/data``), then runs two measured jobs, each in its own child
process so that neither the generator's nor the other job's memory is counted:

* ``lipkit``: ``read_responses`` then ``analyze`` for the whole survey, by Dezernat and by
  Fachbereich (with suppression);
* ``pandas``: ``bench.pandas_baseline`` computing the same tables.

A job reports its own time from before reading the CSV to after the last table (interpreter
start-up and imports excluded); its peak RSS comes from ``os.wait4`` on that child alone. The
jobs also save their tables (after the clock stops) so that the runner can check that both
engines count the same. The last line printed is::

    analyze 1000000x60: <s> s, peak RSS <MB> MB, pandas baseline <s> s, speed-up <x>

Each job runs ``--repeat`` times (default 3), alternating lipkit and pandas so that both see
the same phases of a noisy machine; the median run counts, with the largest peak RSS.

Usage: ``python -m bench.run [--sizes 10000,100000,1000000] [--questions 60] [--seed N]
[--repeat N]``;
a single job: ``python -m bench.run --job lipkit --csv FILE [--out FILE]``.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

import polars as pl

from bench.generate import DEFAULT_SEED, make_study, write_csv

BENCH_DIR = Path(__file__).resolve().parent
DATA_DIR = BENCH_DIR / "data"
DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
LEVELS: tuple[str | None, ...] = (None, "dezernat", "fachbereich")
GOAL_SECONDS = 10.0
GOAL_RSS_MB = 3000.0
GOAL_SPEEDUP = 5.0


# -- data ---------------------------------------------------------------------------------------


def _generator_version() -> str:
    """Short hash of the generator's source: changing it invalidates cached CSVs."""
    return hashlib.sha256((BENCH_DIR / "generate.py").read_bytes()).hexdigest()[:8]


def csv_path(n_rows: int, n_questions: int, seed: int) -> Path:
    return DATA_DIR / f"study_{n_rows}x{n_questions}_seed{seed}_{_generator_version()}.csv"


def ensure_csv(n_rows: int, n_questions: int, seed: int) -> Path:
    path = csv_path(n_rows, n_questions, seed)
    if path.exists():
        return path
    started = time.perf_counter()
    tmp = path.with_suffix(".tmp")
    write_csv(make_study(n_questions), n_rows, tmp, seed)
    tmp.rename(path)
    size_mb = path.stat().st_size / 1e6
    print(
        f"generated {path.name}: {size_mb:.0f} MB in {time.perf_counter() - started:.1f} s",
        flush=True,
    )
    return path


# -- the measured jobs (run in a child process) -------------------------------------------------


def job_lipkit(csv: Path, n_questions: int, out: Path | None) -> dict[str, float]:
    from lipkit.analysis.engine import analyze_many
    from lipkit.data.io import read_responses

    study = make_study(n_questions)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    responses = read_responses(csv, study.questionnaire, study.org)
    timings["read"] = time.perf_counter() - started
    t = time.perf_counter()
    # One call for the three breakdowns: they share the encoding of the questions.
    analyses = dict(zip(LEVELS, analyze_many(study, responses.frame, bys=LEVELS), strict=True))
    timings["whole + by dezernat + by fachbereich"] = time.perf_counter() - t
    timings["total"] = time.perf_counter() - started
    if out is not None:
        _save(out, lipkit_tables(analyses))
    return timings


def lipkit_tables(analyses: dict) -> dict[str, pl.DataFrame]:
    """lipkit's ``Analysis`` per level -> one results and one questions table with a
    ``level`` column ("" = whole survey)."""
    return {
        kind: pl.concat(
            [getattr(a, kind).with_columns(level=pl.lit(by or "")) for by, a in analyses.items()],
            how="diagonal_relaxed",
        )
        for kind in ("results", "questions")
    }


def job_pandas(csv: Path, n_questions: int, out: Path | None) -> dict[str, float]:
    from bench import pandas_baseline

    study = make_study(n_questions)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    df = pandas_baseline.read_responses(csv)
    timings["read"] = time.perf_counter() - started
    tables = {}
    for by in LEVELS:
        t = time.perf_counter()
        tables[by] = pandas_baseline.analyze(df, study, by)
        timings[by or "whole"] = time.perf_counter() - t
    timings["total"] = time.perf_counter() - started
    if out is not None:
        _save(out, pandas_tables(tables))
    return timings


def pandas_tables(tables: dict) -> dict[str, pl.DataFrame]:
    """The baseline's (results, questions) per level -> the layout of ``lipkit_tables``."""
    import pandas as pd

    out = {}
    for index, kind in enumerate(("results", "questions")):
        frame = pd.concat(
            [t[index].assign(level=by or "") for by, t in tables.items()], ignore_index=True
        )
        for column in ("question", "group", "option"):
            if column in frame:
                frame[column] = frame[column].astype("string")
        out[kind] = pl.from_pandas(frame)
    return out


def _save(out: Path, tables: dict[str, pl.DataFrame]) -> None:
    for kind, frame in tables.items():
        frame.write_parquet(out.with_name(f"{out.stem}.{kind}.parquet"))


JOBS = {"lipkit": job_lipkit, "pandas": job_pandas}


# -- running jobs as children -------------------------------------------------------------------


@dataclass
class JobResult:
    engine: str
    n_rows: int
    ok: bool
    timings: dict[str, float]
    wall: float
    peak_rss_mb: float
    error: str = ""

    @property
    def seconds(self) -> float:
        return self.timings.get("total", float("nan"))


def run_job(engine: str, csv: Path, n_rows: int, n_questions: int, out: Path) -> JobResult:
    """Run one measured job in a child process; its own peak RSS via ``wait4``."""
    command = [
        sys.executable,
        "-m",
        "bench.run",
        "--job",
        engine,
        "--csv",
        str(csv),
        "--questions",
        str(n_questions),
        "--out",
        str(out),
    ]
    log = out.with_name(f"{out.stem}.log")
    started = time.perf_counter()
    with log.open("w") as stdout:
        child = subprocess.Popen(command, cwd=BENCH_DIR.parent, stdout=stdout, stderr=stdout)
        # wait4 reaps this child alone and returns its own rusage; getrusage(RUSAGE_CHILDREN)
        # would give the maximum over every child reaped so far (the other engine's job too).
        _pid, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    output = log.read_text().splitlines()
    timings: dict[str, float] = {}
    for line in reversed(output):
        if line.startswith("{"):
            timings = json.loads(line)
            break
    ok = child.returncode == 0 and "total" in timings
    error = "" if ok else (output or [f"exit status {child.returncode}, no output"])[-1]
    rss_mb = usage.ru_maxrss / 1024  # Linux reports KiB
    return JobResult(engine, n_rows, ok, timings, wall, rss_mb, error)


# -- comparison of the two engines --------------------------------------------------------------


COMPARED: dict[str, tuple[list[str], list[str]]] = {
    "results": (["level", "question", "group", "option"], ["count"]),
    "questions": (["level", "question", "group"], ["n_answered", "n_no_answer", "mean"]),
}
"""Per table: the key columns and the values that lipkit and pandas must agree on."""


def compare(lipkit_out: Path, pandas_out: Path) -> list[str]:
    """Warnings where the saved tables of the two jobs disagree; empty when they agree."""

    def load(out: Path, kind: str) -> pl.DataFrame:
        return pl.read_parquet(out.with_name(f"{out.stem}.{kind}.parquet"))

    try:
        return compare_tables(
            {kind: load(lipkit_out, kind) for kind in COMPARED},
            {kind: load(pandas_out, kind) for kind in COMPARED},
        )
    except Exception as error:  # the check must never hide the timings
        return [f"warning: could not compare lipkit and pandas: {error!r}"]


def compare_tables(lipkit: dict[str, pl.DataFrame], pandas: dict[str, pl.DataFrame]) -> list[str]:
    """Warnings where lipkit and pandas disagree: on counts, bases and means of the rows that
    neither suppresses, and on which rows are suppressed. Tables carry a ``level`` column
    ("" = whole survey) and are keyed as in ``COMPARED``."""
    warnings: list[str] = []
    for kind, (keys, values) in COMPARED.items():
        columns = [*keys, *values, "suppressed"]
        missing = [c for c in columns if c not in lipkit[kind].columns]
        if missing:
            warnings.append(f"warning: lipkit {kind} lacks columns {missing}")
            continue
        cast = {c: pl.String for c in keys} | {c: pl.Float64 for c in values}
        left = lipkit[kind].select(columns).cast(cast)
        right = pandas[kind].select(columns).cast(cast)
        joined = left.join(right, on=keys, how="inner", nulls_equal=True, suffix="_pd")
        if joined.is_empty():
            warnings.append(f"warning: lipkit and pandas {kind} have no row in common")
            continue
        both = joined.filter(~pl.col("suppressed") & ~pl.col("suppressed_pd"))
        for value in values:
            a, b = pl.col(value), pl.col(f"{value}_pd")
            differs = (a.is_null() != b.is_null()) | (
                (a - b).abs() > 1e-6 * b.abs().clip(lower_bound=1)
            ).fill_null(False)
            bad = both.filter(differs)
            if not bad.is_empty():
                first = bad.row(0, named=True)
                warnings.append(
                    f"warning: {kind}.{value} differs in {bad.height} of {both.height} rows, "
                    f"e.g. {_key_text(first, keys)}: lipkit {first[value]} vs pandas "
                    f"{first[value + '_pd']}"
                )
        flags = joined.filter(pl.col("suppressed") != pl.col("suppressed_pd"))
        if not flags.is_empty():
            first = flags.row(0, named=True)
            warnings.append(
                f"warning: {kind}: suppression differs in {flags.height} of {joined.height} "
                f"rows, e.g. {_key_text(first, keys)}: lipkit {first['suppressed']} vs pandas "
                f"{first['suppressed_pd']}"
            )
    return warnings


def _key_text(row: dict, keys: list[str]) -> str:
    return ", ".join(f"{k}={row[k]!r}" for k in keys)


# -- report -------------------------------------------------------------------------------------


def _fmt_s(seconds: float) -> str:
    return "n/a" if seconds != seconds else f"{seconds:.2f}"


def summary_line(n_rows: int, n_questions: int, lipkit: JobResult, pandas: JobResult) -> str:
    speedup = pandas.seconds / lipkit.seconds if lipkit.ok and pandas.ok else float("nan")
    rss = "n/a" if not lipkit.ok else f"{lipkit.peak_rss_mb:.0f}"
    return (
        f"analyze {n_rows}x{n_questions}: {_fmt_s(lipkit.seconds)} s, peak RSS {rss} MB, "
        f"pandas baseline {_fmt_s(pandas.seconds)} s, speed-up "
        f"{'n/a' if speedup != speedup else f'{speedup:.1f}'}"
    )


def detail_line(result: JobResult) -> str:
    if not result.ok:
        return f"  {result.engine:<6} {result.n_rows:>9}: FAILED: {result.error}"
    parts = " + ".join(
        f"{_STEP_NAMES.get(step, step)} {seconds:.2f}"
        for step, seconds in result.timings.items()
        if step != "total"
    )
    return (
        f"  {result.engine:<6} {result.n_rows:>9}: total {result.seconds:.2f} s = {parts}; "
        f"peak RSS {result.peak_rss_mb:.0f} MB; process wall {result.wall:.2f} s"
    )


_STEP_NAMES = {"dezernat": "by dezernat", "fachbereich": "by fachbereich"}


def scaling_lines(results: dict[int, tuple[JobResult, JobResult]]) -> list[str]:
    sizes = sorted(results)
    lines = []
    for index, engine in enumerate(("lipkit", "pandas")):
        steps = []
        for small, large in itertools.pairwise(sizes):
            a, b = results[small][index], results[large][index]
            ratio = b.seconds / a.seconds if a.ok and b.ok else float("nan")
            steps.append(
                f"time({large})/time({small}) = {'n/a' if ratio != ratio else f'{ratio:.1f}'}"
                f" (rows x{large / small:g})"
            )
        if steps:
            lines.append(f"scaling {engine}: " + ", ".join(steps))
    return lines


def goal_lines(n_rows: int, lipkit: JobResult, pandas: JobResult) -> list[str]:
    if not (lipkit.ok and pandas.ok):
        return [f"goals at {n_rows}: not measurable (a job failed)"]
    speedup = pandas.seconds / lipkit.seconds
    checks = [
        (f"time {lipkit.seconds:.2f} s <= {GOAL_SECONDS:g} s", lipkit.seconds <= GOAL_SECONDS),
        (
            f"peak RSS {lipkit.peak_rss_mb:.0f} MB <= {GOAL_RSS_MB:g} MB",
            lipkit.peak_rss_mb <= GOAL_RSS_MB,
        ),
        (f"speed-up {speedup:.1f} >= {GOAL_SPEEDUP:g}", speedup >= GOAL_SPEEDUP),
    ]
    return [
        f"goals at {n_rows}: "
        + "; ".join(f"{text} {'ok' if met else 'MISSED'}" for text, met in checks)
    ]


def median_result(runs: list[JobResult]) -> JobResult:
    """The run with the median total time; peak RSS is the largest of all runs."""
    ok = sorted((r for r in runs if r.ok), key=lambda r: r.seconds)
    if len(ok) < len(runs):
        return next(r for r in runs if not r.ok)
    middle = ok[(len(ok) - 1) // 2]
    return replace(middle, peak_rss_mb=max(r.peak_rss_mb for r in runs))


def run_all(sizes: list[int], n_questions: int, seed: int, repeat: int = 3) -> int:
    results: dict[int, tuple[JobResult, JobResult]] = {}
    warnings: list[str] = []
    for n_rows in sizes:
        csv = ensure_csv(n_rows, n_questions, seed)
        outs = {e: DATA_DIR / f"out_{e}_{n_rows}x{n_questions}" for e in JOBS}
        runs: dict[str, list[JobResult]] = {"lipkit": [], "pandas": []}
        # Alternating, so that both engines see the same phases of a noisy machine.
        for _ in range(repeat):
            for engine in ("lipkit", "pandas"):
                run = run_job(engine, csv, n_rows, n_questions, outs[engine])
                runs[engine].append(run)
                print(detail_line(run), flush=True)
        lipkit, pandas = median_result(runs["lipkit"]), median_result(runs["pandas"])
        if repeat > 1:
            times = {e: ", ".join(_fmt_s(r.seconds) for r in rs) for e, rs in runs.items()}
            print(
                f"  median of {repeat}: lipkit {_fmt_s(lipkit.seconds)} s ({times['lipkit']}), "
                f"pandas {_fmt_s(pandas.seconds)} s ({times['pandas']})",
                flush=True,
            )
        results[n_rows] = (lipkit, pandas)
        if lipkit.ok and pandas.ok:
            found = compare(outs["lipkit"], outs["pandas"])
            warnings += [f"{n_rows}: {w}" for w in found]
            if not found:
                print(f"  check {n_rows}: lipkit and pandas agree on counts and bases", flush=True)
        print(summary_line(n_rows, n_questions, lipkit, pandas), flush=True)
    print()
    for line in [*warnings, *scaling_lines(results)]:
        print(line)
    largest = max(sizes)
    print(*goal_lines(largest, *results[largest]), sep="\n")
    for n_rows in sizes:
        print(summary_line(n_rows, n_questions, *results[n_rows]), flush=True)
    return 0 if all(r.ok for pair in results.values() for r in pair) else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)))
    parser.add_argument("--questions", type=int, default=60)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs per engine and size; the median counts"
    )
    parser.add_argument("--job", choices=sorted(JOBS))
    parser.add_argument("--csv", type=Path)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    if args.job:
        if args.csv is None:
            parser.error("--job needs --csv")
        timings = JOBS[args.job](args.csv, args.questions, args.out)
        print(json.dumps(timings), flush=True)
        return 0
    sizes = sorted(int(s.replace("_", "")) for s in args.sizes.split(","))
    return run_all(sizes, args.questions, args.seed, max(1, args.repeat))


if __name__ == "__main__":
    sys.exit(main())
