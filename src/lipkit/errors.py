"""User errors: problems with a user's files or options, reported as one line each."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from lipkit import catalogue


class UserError(Exception):
    """One or more problems a user can fix; each argument is one line of explanation."""

    @property
    def lines(self) -> list[str]:
        """One line per argument, in German (catalogue texts rendered)."""
        return [str(catalogue.render(a)) for a in self.args]

    def __str__(self) -> str:
        # German like every user text; the CLI renders the arguments in --lang (user_errors).
        if len(self.args) == 1:
            return str(catalogue.render(self.args[0]))
        return super().__str__()


def _user_error_types() -> tuple[type[BaseException], ...]:
    # Imported here so that the CLI's error handling does not load every package up front.
    from lipkit.data.io import DataError
    from lipkit.study.errors import FormError
    from lipkit.study.expressions import ExpressionError

    return (FormError, ExpressionError, DataError, FileNotFoundError, IsADirectoryError)


def _line(arg: object, language: str) -> str:
    """One argument of a :class:`UserError` as a line: a catalogue text or a data issue in
    ``language``, anything else as it is."""
    from lipkit.data.issues import Issue

    if isinstance(arg, Issue):
        from lipkit.messages import issue_text

        return issue_text(arg, language)
    render = getattr(arg, "render", None)  # a FormError, a catalogue Text
    if callable(render):
        return str(render(language))
    return str(arg)


def message_of(error: Exception) -> str:
    """What a ``ValueError`` of a lower layer says: its catalogue :class:`Text` (rendered in
    the user's language later), else its text."""
    if len(error.args) == 1 and isinstance(error.args[0], catalogue.Text):
        return error.args[0]
    return str(error)


@contextmanager
def user_errors(language: str = "de") -> Iterator[list[str]]:
    """Collect user errors raised inside the block as lines instead of tracebacks, in
    ``language`` where the error can say it in either (form errors, catalogue texts)."""
    problems: list[str] = []
    try:
        yield problems
    except UserError as exc:
        problems.extend(_line(a, language) for a in exc.args)
    except Exception as exc:
        if not isinstance(exc, _user_error_types()):
            raise
        render_lines = getattr(exc, "render_lines", None)
        lines = getattr(exc, "lines", None)
        if render_lines is not None:
            problems.extend(render_lines(language))
        elif lines:
            problems.extend(str(line) for line in lines)
        elif isinstance(exc, FileNotFoundError | IsADirectoryError):
            problems.append(catalogue.text("cli.file_not_found", language, file=exc.filename))
        else:
            problems.append(str(exc))
