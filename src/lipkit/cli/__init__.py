"""The ``lipkit`` command line: a thin layer over the library.

``common`` holds the Typer app, the shared options and the error handling; ``commands`` the
commands; ``session`` loads what a command works on (study and response rows); ``tables``
renders results as text tables and tidy CSV.
"""

from __future__ import annotations

import lipkit.cli.commands
import lipkit.cli.compare  # noqa: F401  (registers ``lipkit compare``)
from lipkit.cli.common import app

__all__ = ["app", "main"]


def main() -> None:  # pragma: no cover - console entry point
    app()
