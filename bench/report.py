"""``make bench-report``: how long the demo report takes in all three formats.

Writes the demo study once into a temporary folder, then runs ``lipkit report DIR --format
html,pdf,docx`` ``--repeat`` times (default 3), each as its own process, exactly as a user
calls it: the wall time includes interpreter start-up, imports, reading the study and
writing the three files. The median run counts. Each run also reports its phases (reading
the data, building the document with its figures, and each format), so that the share per
format can be given. The last line printed is::

    report demo html+pdf+docx: <s> s (median of N), goal <= 15 s; build <x> %, html <x> %, ...

Usage: ``python -m bench.report [--repeat N] [--lang de|en]``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOAL_SECONDS = 15.0
PHASES = ("load", "build", "write", "html", "pdf", "docx")
FORMATS = ("html", "pdf", "docx")

# The measured child: the same steps as `lipkit report`, with the time of each phase.
CHILD = """
import json, sys, time
start = time.perf_counter()
from pathlib import Path
from lipkit.report import write_report
from lipkit.session import load_inputs
folder, lang = Path(sys.argv[1]), sys.argv[2]
inputs = load_inputs(folder, None)
loaded = time.perf_counter()
result = write_report(inputs.study, inputs.frame, folder, folder / "report-out", language=lang)
seconds = {"load": loaded - start, **result.seconds}
print(json.dumps(seconds))
"""


def run_once(folder: Path, language: str) -> tuple[float, dict[str, float]]:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(folder), language],
        check=True,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - start
    return wall, json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--lang", default="de")
    args = parser.parse_args(argv)

    from lipkit.demo import write_demo

    with tempfile.TemporaryDirectory() as tmp:
        folder = write_demo(Path(tmp) / "demo")
        runs = []
        for i in range(args.repeat):
            wall, phases = run_once(folder, args.lang)
            runs.append((wall, phases))
            detail = ", ".join(f"{p} {phases[p]:.2f} s" for p in PHASES)
            print(f"run {i + 1}: {wall:.2f} s ({detail})", flush=True)
        sizes = {p.suffix: p.stat().st_size for p in (folder / "report-out").iterdir()}
    walls = [w for w, _ in runs]
    median = statistics.median(walls)
    wall, phases = min(runs, key=lambda r: abs(r[0] - median))
    # What the phases do not cover is interpreter start-up and imports. The formats are
    # written side by side (PDF in a second process), so their own times overlap inside
    # "write"; each is given as a share of the whole run too.
    startup = wall - phases["load"] - phases["build"] - phases["write"]
    print("files: " + ", ".join(f"{s}: {n / 1e6:.1f} MB" for s, n in sorted(sizes.items())))
    shares = {"start-up": startup, "load": phases["load"], "build": phases["build"]}
    share_text = ", ".join(f"{k} {100 * v / wall:.0f} %" for k, v in shares.items())
    formats = ", ".join(f"{f} {phases[f]:.2f} s ({100 * phases[f] / wall:.0f} %)" for f in FORMATS)
    print(
        f"report demo html+pdf+docx: {median:.2f} s (median of {len(walls)}), "
        f"goal <= {GOAL_SECONDS:.0f} s; {share_text}, writing {phases['write']:.2f} s "
        f"({100 * phases['write'] / wall:.0f} %) of which side by side: {formats}"
    )


if __name__ == "__main__":
    main()
