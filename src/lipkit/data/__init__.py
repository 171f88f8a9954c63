"""Response data: read exports into the canonical frame, write them, validate them.

``lipkit.data.io`` reads and writes (the formats: ``lipkit.data.formats``; the parts behind
it: ``readers``, ``conversion``, ``writers``, ``issues``, ``formulas``),
``lipkit.data.validate`` checks, ``lipkit.data.org`` attaches org level columns.
(``validate`` is not re-exported here: the function would shadow its module.)
"""

from lipkit.data.io import (
    ROW,
    DataError,
    Issue,
    Responses,
    read_raw,
    read_responses,
    to_canonical,
    write_responses,
)
from lipkit.data.org import attach_org, exclude_rows

__all__ = [
    "ROW",
    "DataError",
    "Issue",
    "Responses",
    "attach_org",
    "exclude_rows",
    "read_raw",
    "read_responses",
    "to_canonical",
    "write_responses",
]
