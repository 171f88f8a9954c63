"""No answers in the logs: database errors can quote the values of the statement that failed
(PostgreSQL's DETAIL and CONTEXT lines name a duplicate key or show a line of the JSON being
stored), so their messages are withheld from every log record; the traceback stays."""

from __future__ import annotations

import logging
import sqlite3
import traceback

from django.db import Error as DjangoDatabaseError

WITHHELD = "(message withheld: it may quote stored values)"


def _database_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = [DjangoDatabaseError, sqlite3.Error]
    try:
        import psycopg

        errors.append(psycopg.Error)
    except ImportError:  # pragma: no cover - psycopg is a dependency
        pass
    return tuple(errors)


class WithoutStoredValues(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = without_stored_values(record.exc_info[1])
        return True


def without_stored_values(error: BaseException) -> str:
    """The traceback of ``error`` (with its causes), each database error's message withheld."""
    formatted = traceback.TracebackException.from_exception(error)
    database = _database_errors()
    seen, chain = set(), [formatted]
    while chain:
        current = chain.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if current.exc_type is not None and issubclass(current.exc_type, database):
            current._str = WITHHELD  # type: ignore[attr-defined]  # CPython's message field
        chain += [e for e in (current.__cause__, current.__context__) if e is not None]
    return "".join(formatted.format()).rstrip("\n")
