"""User errors: problems with a user's files or options, reported as one line each."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


class UserError(Exception):
    """One or more problems a user can fix; each argument is one line of explanation."""

    @property
    def lines(self) -> list[str]:
        return [str(a) for a in self.args]


def _user_error_types() -> tuple[type[BaseException], ...]:
    # Imported here so that the CLI's error handling does not load every package up front.
    from lipkit.data.io import DataError
    from lipkit.study.errors import FormError
    from lipkit.study.expressions import ExpressionError

    return (FormError, ExpressionError, DataError, FileNotFoundError, IsADirectoryError)


@contextmanager
def user_errors() -> Iterator[list[str]]:
    """Collect user errors raised inside the block as lines instead of tracebacks."""
    problems: list[str] = []
    try:
        yield problems
    except UserError as exc:
        problems.extend(exc.lines)
    except Exception as exc:
        if not isinstance(exc, _user_error_types()):
            raise
        lines = getattr(exc, "lines", None)
        if lines:
            problems.extend(str(line) for line in lines)
        elif isinstance(exc, FileNotFoundError | IsADirectoryError):
            problems.append(f"{exc.filename}: Datei nicht gefunden")
        else:
            problems.append(str(exc))
