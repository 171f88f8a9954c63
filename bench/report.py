"""``make bench-report``: how long the demo report takes in all three formats, against a
baseline version of the code measured in the same run.

The baseline (default: the branch ``main``) is checked out into a temporary git worktree and
imported from there (``PYTHONPATH``) by the same interpreter and packages. Each version
writes its own demo study (the demo's chapters change with the code), then runs are
alternated, baseline and current, ``--repeat`` times each (default 3), each as its own
process, exactly as a user calls ``lipkit report DIR --format html,pdf,docx``: the wall time
includes interpreter start-up, imports, reading the study and writing the three files. The
median run of each version counts. Each run also reports its phases (reading the data,
building the document with its figures, and each format), so that the share per format can
be given. The last line printed is::

    report demo html+pdf+docx: <s> s (median of N), goal <= 8 s, baseline <b> s: <ratio> …

Both versions run from compiled bytecode, as an installed lipkit does: the installed
packages and each version's ``src`` are compiled (``compileall``) before the first run. Where
``PYTHONDONTWRITEBYTECODE`` is set (the shells on the shared machine), Python otherwise
compiled every module again in every run, some 7 s of CPU of each (``--no-compile`` measures
that way). The load of the machine (``uptime``) is printed before and after the runs.

The study folder's chart cache (``.lipkit-cache/charts``, as ``lipkit report`` keeps it) is
emptied before each run of either version; the current code is measured a second time each
round with the charts its run before kept ("charts kept": the report built again), unless
``--no-cache``.

Usage: ``python -m bench.report [--repeat N] [--lang de|en] [--baseline REF] [--no-cache]
[--no-compile] [--baseline-python PATH]``
(``--baseline ""`` measures the current code only; with ``--baseline-python``, the current
code on that interpreter against the current code on this one).
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOAL_SECONDS = 8.0
PHASES = ("load", "build", "write", "html", "pdf", "docx")
FORMATS = ("html", "pdf", "docx")
ROOT = Path(__file__).resolve().parent.parent

# The measured child: the same steps as `lipkit report`, with the time of each phase.
CHILD = """
import json, sys, time
start = time.perf_counter()
from pathlib import Path
import lipkit
from lipkit.report import write_report
try:
    from lipkit.cli.session import load_inputs
except ImportError:  # before the CLI became a package (the code issue 15 was measured on)
    from lipkit.session import load_inputs
try:  # as the lipkit command tunes its process (lipkit.cli.main)
    from lipkit.process import tune_for_one_job
except ImportError:
    pass
else:
    tune_for_one_job()
folder, lang = Path(sys.argv[1]), sys.argv[2]
inputs = load_inputs(folder, None)
loaded = time.perf_counter()
import inspect
# As the CLI: the study folder's chart cache, where the version has one.
kept = {"cache": folder / ".lipkit-cache" / "charts"}
if "cache" not in inspect.signature(write_report).parameters:
    kept = {}
result = write_report(
    inputs.study, inputs.frame, folder, folder / "report-out", language=lang, **kept
)
seconds = {"load": loaded - start, **result.seconds}
print(json.dumps({"seconds": seconds, "code": lipkit.__file__}))
"""

DEMO = """
import sys
from pathlib import Path
from lipkit.demo import write_demo
write_demo(Path(sys.argv[1]))
"""


def _env(src: Path | None) -> dict[str, str]:
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    return env


def _load() -> str:
    """The load averages, as ``uptime`` gives them (1, 5, 15 minutes)."""
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def _interpreter(python: str = sys.executable) -> str:
    """The version and file of the interpreter ``python`` (its build decides much of the
    time: see the Makefile's VENV_PYTHON)."""
    found = subprocess.run(
        [python, "-c", "import platform, sys; print(platform.python_version(), sys.executable)"],
        check=True,
        capture_output=True,
        text=True,
    )
    version, executable = found.stdout.split()
    return f"{version}, {Path(executable).resolve()}"


def _compile_packages(python: str) -> None:
    """Bytecode for the installed packages of another interpreter's environment."""
    code = (
        "import compileall, sysconfig; "
        "compileall.compile_dir(sysconfig.get_paths()['purelib'], quiet=2, workers=2)"
    )
    subprocess.run([python, "-c", code], check=True)


def _compile(trees: list[Path]) -> None:
    """Bytecode for the installed packages and each version's sources, written beside them
    even where PYTHONDONTWRITEBYTECODE is set (it only keeps the interpreter from writing)."""
    import sysconfig

    for tree in [Path(sysconfig.get_paths()["purelib"]), *trees]:
        compileall.compile_dir(tree, quiet=2, workers=2)


def run_once(
    folder: Path, language: str, src: Path | None = None, python: str = sys.executable
) -> tuple[float, dict]:
    """Wall time and phases of one run; ``phases["cpu"]`` is the CPU time of the run and its
    worker processes (less sensitive than wall time to other work on the machine)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [python, "-c", CHILD, str(folder), language],
        check=True,
        capture_output=True,
        text=True,
        env=_env(src),
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    report = json.loads(done.stdout.strip().splitlines()[-1])
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    report["seconds"]["cpu"] = cpu
    if src is not None and not report["code"].startswith(str(src)):
        raise RuntimeError(f"baseline run imported {report['code']}, not the code in {src}")
    return wall, report["seconds"]


def _summary(name: str, runs: list[tuple[float, dict]]) -> tuple[float, str]:
    walls = [w for w, _ in runs]
    median = statistics.median(walls)
    wall, phases = min(runs, key=lambda r: abs(r[0] - median))
    # What the phases do not cover is interpreter start-up and imports. The formats are
    # written side by side (PDF in a second process), so their own times overlap inside
    # "write"; each is given as a share of the whole run too.
    startup = wall - phases["load"] - phases["build"] - phases["write"]
    shares = {"start-up": startup, "load": phases["load"], "build": phases["build"]}
    share_text = ", ".join(f"{k} {100 * v / wall:.0f} %" for k, v in shares.items())
    formats = ", ".join(f"{f} {phases[f]:.2f} s ({100 * phases[f] / wall:.0f} %)" for f in FORMATS)
    cpu = statistics.median(p["cpu"] for _, p in runs)
    return median, (
        f"{name}: {median:.2f} s (median of {len(walls)}), CPU {cpu:.2f} s; {share_text}, writing "
        f"{phases['write']:.2f} s ({100 * phases['write'] / wall:.0f} %) of which side by side: "
        f"{formats}"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--lang", default="de")
    parser.add_argument("--baseline", default="main", help="git ref to compare with ('' = none)")
    parser.add_argument(
        "--no-cache", action="store_true", help="no run with the charts of the run before"
    )
    parser.add_argument(
        "--no-compile", action="store_true", help="leave the sources uncompiled (see above)"
    )
    parser.add_argument(
        "--baseline-python",
        default="",
        help="the interpreter (of another environment) the baseline runs on; with "
        "--baseline '' the baseline is the current code on it",
    )
    args = parser.parse_args(argv)
    pythons = {"baseline": args.baseline_python or sys.executable, "current": sys.executable}
    print(f"before: {_load()}", flush=True)
    for name in ("baseline", "current") if args.baseline_python else ("current",):
        print(f"python ({name}): {_interpreter(pythons[name])}", flush=True)

    with tempfile.TemporaryDirectory() as tmp:
        versions: dict[str, Path | None] = {}
        if args.baseline:
            tree = Path(tmp) / "baseline"
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), args.baseline],
                check=True,
                capture_output=True,
            )
            versions["baseline"] = tree / "src"
        elif args.baseline_python:
            versions["baseline"] = ROOT / "src"  # (not the other environment's own lipkit)
        versions["current"] = None
        try:
            if not args.no_compile:
                _compile([src or ROOT / "src" for src in versions.values()])
                if args.baseline_python:
                    _compile_packages(args.baseline_python)
            folders = {}
            for name, src in versions.items():
                folders[name] = Path(tmp) / f"demo-{name}"
                subprocess.run(
                    [pythons[name], "-c", DEMO, str(folders[name])], check=True, env=_env(src)
                )
            # The current code twice a round: with no charts kept (as the first build of a
            # study) and with the charts the run before kept (built again, text changed
            # or not: the charts are the same).
            measured = [(name, name, src) for name, src in versions.items()]
            if not args.no_cache:
                measured.append(("current, charts kept", "current", None))
            runs: dict[str, list] = {label: [] for label, _, _ in measured}
            for i in range(args.repeat):
                for label, name, src in measured:
                    if label == name:
                        shutil.rmtree(folders[name] / ".lipkit-cache", ignore_errors=True)
                    wall, phases = run_once(folders[name], args.lang, src, pythons[name])
                    runs[label].append((wall, phases))
                    detail = ", ".join(f"{p} {phases[p]:.2f} s" for p in (*PHASES, "cpu"))
                    print(f"{label} run {i + 1}: {wall:.2f} s ({detail})", flush=True)
            out = folders["current"] / "report-out"
            sizes = {p.suffix: p.stat().st_size for p in out.iterdir()}
        finally:
            if args.baseline:
                subprocess.run(
                    ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)],
                    check=False,
                    capture_output=True,
                )
    print(f"after: {_load()}")
    print("files: " + ", ".join(f"{s}: {n / 1e6:.1f} MB" for s, n in sorted(sizes.items())))
    medians = {}
    for label in runs:
        medians[label], line = _summary(label, runs[label])
        print(line)
    comparison = ""
    if "baseline" in medians:
        ratio = medians["current"] / medians["baseline"]
        which = args.baseline or "this code"
        if args.baseline_python:
            which += f" on {args.baseline_python}"
        comparison = f", baseline ({which}) {medians['baseline']:.2f} s: ratio {ratio:.2f}"
    if "current, charts kept" in medians:
        kept = medians["current, charts kept"]
        comparison += f"; built again with the charts kept: {kept:.2f} s"
        if "baseline" in medians:
            comparison += f" (ratio {kept / medians['baseline']:.2f})"
    print(
        f"report demo html+pdf+docx: {medians['current']:.2f} s (median of {args.repeat}), "
        f"goal <= {GOAL_SECONDS:.0f} s{comparison}"
        + ("" if args.no_compile else " (bytecode compiled)")
    )


if __name__ == "__main__":
    main()
