"""``make bench-audit``: the LP audit of the demo study, and the cost of decisions.

1. ``lipkit audit`` of the demo study (``lipkit demo`` into a temporary folder): the audit's
   own time (reading the study excluded), its hidden cells and leaks (goal: under 10 s).
2. On the benchmark study (``bench.generate``, 100,000 respondents x 60 questions by
   default, cached as Parquet like ``bench.compare``): one ``analyze_many`` call by
   Fachbereich without decisions (the baseline) and with decisions, alternating,
   ``--repeat`` times each, median. The decisions hide, for every question, its smallest
   published Fachbereich with respondents as a complement (what a secondary suppression
   adds; they are forced and the complementary rule is closed around them in the call).
   With ``--secure``, the decisions every output applies instead: ``secure()`` on the
   study's first ``--secure-rows`` respondents (all by default; its time is printed, not
   part of the figure), as :func:`lipkit.privacy.decide.published_decisions` computes them
   once per data state. Goal: at most 20 % extra.

The load average is printed with the figures. Usage:
``python -m bench.audit [--rows 100000] [--questions 60] [--repeat 3] [--skip-demo]
[--demo-only] [--secure [--secure-rows N]]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from bench.compare import _load, ensure_parquet
from bench.generate import DEFAULT_SEED, make_study

BY = "fachbereich"


def demo_audit() -> None:
    from lipkit.cli.common import load_rows
    from lipkit.demo import write_demo
    from lipkit.privacy.audit import audit

    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "demo"
        write_demo(target)
        study, frame = load_rows(target, None, None, False)
        started = time.perf_counter()
        result = audit(study, frame)
        seconds = time.perf_counter() - started
    print(
        f"audit of the demo ({frame.height} respondents): {seconds:.1f} s (goal < 10 s), "
        f"{result.cells} hidden cells, {result.outputs} outputs, {len(result.leaks)} leaks; "
        f"{_load()}",
        flush=True,
    )


def decisions_cost(rows: int, questions: int, repeat: int, secure_rows: int | None) -> None:
    """``secure_rows``: the decisions of ``secure()`` on that many respondents (0: all),
    else the smallest published Fachbereich of every question."""
    import polars as pl

    from lipkit.analysis.engine import analyze_many
    from lipkit.data.io import read_responses
    from lipkit.privacy.pattern import NO_DECISIONS, ORG, Decisions

    study = make_study(questions)
    frame = read_responses(
        ensure_parquet(rows, questions, DEFAULT_SEED), study.questionnaire, study.org
    ).frame
    if secure_rows is not None:
        from lipkit.privacy.secure import secure

        part = frame.head(secure_rows) if secure_rows else frame
        started = time.perf_counter()
        secured = secure(study, part)
        print(
            f"secure() on {part.height} respondents: {time.perf_counter() - started:.1f} s, "
            f"{secured.rounds} rounds, {len(secured.added)} nodes added, "
            f"{len(secured.audit.leaks)} leaks left; {_load()}",
            flush=True,
        )
        decisions = secured.decisions
        hidden = dict(decisions.hidden)
    else:
        [plain] = analyze_many(study, frame, bys=[BY])
        shown = plain.questions.filter(~pl.col("suppressed") & pl.col("group").is_not_null())
        hidden = {}
        for (name,), sizes in shown.group_by("question"):
            sizes = sizes.with_columns(
                n=pl.sum_horizontal("n_answered", "n_no_answer", "n_skipped", "n_not_shown")
            ).filter(pl.col("n") > 0)
            if sizes.height > 1:
                smallest = sizes.sort("n", "group")["group"][0]
                hidden[(ORG, str(name))] = frozenset({f"{BY}:{smallest}"})
        decisions = Decisions(hidden)
    times: dict[str, list[float]] = {"without": [], "with": []}
    for _ in range(repeat):
        for kind in ("without", "with"):
            started = time.perf_counter()
            analyze_many(
                study, frame, bys=[BY], decisions=decisions if kind == "with" else NO_DECISIONS
            )
            times[kind].append(time.perf_counter() - started)
    without, with_ = statistics.median(times["without"]), statistics.median(times["with"])
    extra = 100 * (with_ / without - 1)
    print(
        f"analyze_many {rows}x{questions} by {BY}: without decisions {without:.2f} s, with "
        f"{len(hidden)} (breakdown, question) decisions {with_:.2f} s, extra {extra:+.0f} % "
        f"(goal <= 20 %); {_load()}",
        flush=True,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--questions", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-demo", action="store_true")
    parser.add_argument("--demo-only", action="store_true", help="only the demo's audit")
    parser.add_argument("--secure", action="store_true", help="secure()'s decisions")
    parser.add_argument("--secure-rows", type=int, default=0, help="secure() on the first N")
    args = parser.parse_args(argv)
    print(f"{os.cpu_count()} cores", flush=True)
    if not args.demo_only:
        decisions_cost(
            args.rows, args.questions, args.repeat, args.secure_rows if args.secure else None
        )
    if not args.skip_demo:
        demo_audit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
