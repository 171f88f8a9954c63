"""The ``lipkit`` command's process is tuned for one job (lipkit.process)."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import entry_points

from lipkit.process import MIDDLE_RATIO, YOUNG_THRESHOLD


def test_the_lipkit_command_tunes_its_garbage_collector_before_the_command_runs():
    # The command (cli.app) sees the tuned collector: the imports frozen, the young
    # generation collected every YOUNG_THRESHOLD allocations (Python: 700), the middle one
    # every MIDDLE_RATIO-th time (Python: 10), the oldest as Python does.
    code = (
        "import gc; from lipkit import cli; "
        "cli.app = lambda **kw: print(*gc.get_threshold(), gc.get_freeze_count() > 0); "
        "cli.main()"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == [str(YOUNG_THRESHOLD), str(MIDDLE_RATIO), "10", "True"]


def test_the_installed_command_is_the_tuned_entry_point():
    (script,) = [e for e in entry_points(group="console_scripts") if e.name == "lipkit"]
    assert script.value == "lipkit.cli:main"


def test_a_process_that_imports_lipkit_keeps_pythons_collector():
    code = "import gc; import lipkit.cli, lipkit.report; print(gc.get_threshold()[0])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["700"]


def test_lipkit_serve_runs_its_server_with_pythons_collector():
    # The server runs until stopped: it gets Python's thresholds back before it starts
    # (its start and the study's preparation are stood in for).
    code = (
        "import gc; from lipkit import cli; from lipkit.cli import commands; "
        "import lipkit.survey.server as server; "
        "server.run = lambda *args: print(gc.get_threshold()[0]); "
        "commands._prepare_survey = lambda *args: None; "
        "import sys; sys.argv = ['lipkit', 'serve']; cli.main()"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.split() == ["700"], out.stderr
