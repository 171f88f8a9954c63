"""The file formats of response data: one registry, :data:`RESPONSE_FORMATS`.

Each :class:`ResponseFormat` names its file endings, the reader that turns such a file into a
raw frame (every column as String, plus ``_row``; see :mod:`lipkit.data.readers`) and the
writer that writes an export frame (see :mod:`lipkit.data.writers`). Reading, validation and
the canonical frame are the same for every format, so a new format (say SPSS ``.sav``) is one
more entry and its reader — ``docs/architecture.md`` shows it step by step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from lipkit.catalogue import Text
from lipkit.data.issues import DataError
from lipkit.data.readers import ReadOptions, read_csv, read_parquet, read_xlsx
from lipkit.data.writers import WriteOptions, write_csv, write_parquet, write_xlsx
from lipkit.study.formats import Registry

__all__ = ["RESPONSE_FORMATS", "ResponseFormat"]

Reader = Callable[[Path, ReadOptions], pl.DataFrame]
Writer = Callable[[pl.DataFrame, Path, WriteOptions], None]


@dataclass(frozen=True)
class ResponseFormat:
    """How response files of one format are read and written."""

    name: str
    suffixes: tuple[str, ...]
    """The file endings (lower case, with the dot); the first is the one lipkit writes."""
    read: Reader
    write: Writer | None = None
    """None: lipkit reads the format but does not write it."""

    @property
    def listed(self) -> tuple[str, ...]:
        return self.suffixes[:1]


def _data_error(problem: str, path: Path) -> DataError:
    return DataError(problem, path)


RESPONSE_FORMATS: Registry[ResponseFormat] = Registry(
    Text("formats.file_type"),
    _data_error,
    (
        ResponseFormat("csv", (".csv", ".txt", ".tsv"), read_csv, write_csv),
        ResponseFormat("xlsx", (".xlsx", ".xlsm"), read_xlsx, write_xlsx),
        ResponseFormat("parquet", (".parquet", ".pq"), read_parquet, write_parquet),
    ),
)
"""Response files: CSV (also Excel's "CSV UTF-8" and the German dialect), XLSX, Parquet."""

WRITE_DEFAULT = "csv"
"""The format a file of any other suffix is written in."""
