"""The ``lipkit`` command line: a thin layer over the library.

``common`` holds the Typer app, the shared options and the error handling; ``commands`` the
commands, ``plan`` those of ``lipkit plan``; ``session`` loads what a command works on (study
and response rows); ``tables`` renders results as text tables and tidy CSV.
"""

from __future__ import annotations

from lipkit.cli import commands, compare, plan  # noqa: F401  (they register the commands on the app)
from lipkit.cli.common import app

__all__ = ["app", "main"]


def main() -> None:
    """The ``lipkit`` command (``python -m lipkit.cli`` too): one command per process, so the
    process is tuned for one job (:mod:`lipkit.process`); tests call ``app`` in their own
    process instead."""
    from lipkit.process import tune_for_one_job

    tune_for_one_job()
    app(prog_name="lipkit")
