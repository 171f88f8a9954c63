"""The file formats of a questionnaire and of an org tree: one registry each.

A :class:`Registry` maps a file's suffix to its :class:`FileFormat` — the function that reads
such a file and the one that writes it. Everything that reads or writes a questionnaire or an
org tree by its file name goes through :data:`QUESTIONNAIRE_FORMATS` and
:data:`ORG_TREE_FORMATS` (:func:`load_questionnaire`, :func:`save_questionnaire`,
:func:`read_org_tree`, :func:`write_org_tree`); a new format (say LimeSurvey's ``.lss``) is
one more entry with its reader and writer. The response files have their registry in
:mod:`lipkit.data.formats`, built from the same :class:`Registry`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, Protocol, TypeVar

from lipkit.catalogue import Text
from lipkit.study.errors import FormError
from lipkit.study.model import OrgTree, Questionnaire
from lipkit.study.orgtree import read_org_csv, read_org_yaml, write_org_csv, write_org_yaml
from lipkit.study.xlsform import read_xlsform, write_xlsform
from lipkit.study.yamlform import read_yaml_form, write_yaml_form

__all__ = [
    "ORG_TREE_FORMATS",
    "QUESTIONNAIRE_FORMATS",
    "FileFormat",
    "Registry",
    "load_questionnaire",
    "read_org_tree",
    "save_questionnaire",
    "write_org_tree",
]


class Named(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def suffixes(self) -> tuple[str, ...]: ...

    @property
    def listed(self) -> tuple[str, ...]: ...


F = TypeVar("F", bound=Named)
T = TypeVar("T")


@dataclass(frozen=True)
class FileFormat(Generic[T]):
    """How a file of one format is read into a ``T`` and written from one."""

    name: str
    suffixes: tuple[str, ...]
    """The file endings (lower case, with the dot); the first is the one lipkit writes."""
    read: Callable[[Path], T]
    write: Callable[[T, Path], None]
    note: str = ""
    """Said after the first suffix where a message lists the formats: ``.xlsx (XLSForm)``."""
    shown: tuple[str, ...] = field(default=())
    """The suffixes a message lists (default: the first)."""

    @property
    def listed(self) -> tuple[str, ...]:
        shown = self.shown or self.suffixes[:1]
        first = f"{shown[0]} ({self.note})" if self.note else shown[0]
        return (first, *shown[1:])


class Registry(Generic[F]):
    """File formats by suffix, in the order they were registered."""

    def __init__(
        self, what: str, error: Callable[[str, Path], Exception], formats: tuple[F, ...] = ()
    ) -> None:
        self.what = what
        """What the files hold, for messages: ``questionnaire format``."""
        self._error = error
        self._formats: dict[str, F] = {}
        for fmt in formats:
            self.register(fmt)

    def register(self, fmt: F) -> F:
        """Add a format; its name and suffixes must be new."""
        if fmt.name in self._formats:
            raise ValueError(f"{self.what} {fmt.name!r} is registered already")
        taken = [s for s in fmt.suffixes if self.find(s) is not None]
        if taken or not fmt.suffixes:
            raise ValueError(f"{self.what} {fmt.name!r}: suffixes {taken or '()'} not free")
        self._formats[fmt.name] = fmt
        return fmt

    def unregister(self, name: str) -> None:
        del self._formats[name]

    def __iter__(self) -> Iterator[F]:
        return iter(self._formats.values())

    def __getitem__(self, name: str) -> F:
        return self._formats[name]

    def suffixes(self) -> tuple[str, ...]:
        return tuple(s for fmt in self for s in fmt.suffixes)

    def find(self, suffix: str) -> F | None:
        """The format of a suffix (``.CSV`` as ``.csv``), or None."""
        suffix = suffix.lower()
        return next((fmt for fmt in self if suffix in fmt.suffixes), None)

    def expected(self, *, last: str = " or ") -> str:
        """The formats as a message lists them: ``.csv, .xlsx or .parquet``."""
        listed = [s for fmt in self for s in fmt.listed]
        if len(listed) < 2 or not last:
            return ", ".join(listed)
        if last == " or ":
            return Text("formats.either", first=", ".join(listed[:-1]), last=listed[-1])
        return f"{', '.join(listed[:-1])}{last}{listed[-1]}"

    def for_path(self, path: Path) -> F:
        """The format of ``path`` by its suffix; an error naming the file and the suffixes
        expected when there is none."""
        fmt = self.find(path.suffix)
        if fmt is None:
            raise self._error(
                Text(
                    "formats.unsupported",
                    what=self.what,
                    suffix=path.suffix or Text("formats.no_suffix"),
                    expected=self.expected(),
                ),
                path,
            )
        return fmt


def _form_error(problem: str, path: Path) -> FormError:
    return FormError(problem, path=path)


def _write_xlsform(q: Questionnaire, path: Path) -> None:
    if path.suffix.lower() != ".xlsx":
        raise FormError(Text("formats.xlsx_only"), path=path)
    write_xlsform(q, path)


QUESTIONNAIRE_FORMATS: Registry[FileFormat[Questionnaire]] = Registry(
    Text("formats.questionnaire"),
    _form_error,
    (
        # Read as pyxform reads them (.xlsx, .xlsm, .xls, .csv, .md); written as .xlsx.
        FileFormat(
            "xlsform",
            (".xlsx", ".xlsm", ".xls", ".csv", ".md"),
            read_xlsform,
            _write_xlsform,
            note="XLSForm",
        ),
        FileFormat(
            "yaml",
            (".yaml", ".yml"),
            read_yaml_form,
            write_yaml_form,
            shown=(".yaml", ".yml"),
        ),
    ),
)
"""Questionnaire files: XLSForm and lipkit's YAML."""

ORG_TREE_FORMATS: Registry[FileFormat[OrgTree]] = Registry(
    Text("formats.org_tree"),
    _form_error,
    (
        FileFormat("csv", (".csv",), read_org_csv, write_org_csv),
        FileFormat("yaml", (".yaml", ".yml"), read_org_yaml, write_org_yaml),
    ),
)
"""Org tree files: CSV (one row per unit) and YAML."""


def load_questionnaire(path: str | Path) -> Questionnaire:
    """Read a questionnaire in any format of :data:`QUESTIONNAIRE_FORMATS` (by suffix)."""
    path = Path(path)
    return QUESTIONNAIRE_FORMATS.for_path(path).read(path)


def save_questionnaire(q: Questionnaire, path: str | Path) -> None:
    """Write ``q`` in the format its file's suffix names (XLSForm or YAML)."""
    path = Path(path)
    QUESTIONNAIRE_FORMATS.for_path(path).write(q, path)


def read_org_tree(path: str | Path) -> OrgTree:
    """Read an org tree from ``.csv`` or ``.yaml``; problems name file, row/line, column."""
    path = Path(path)
    return ORG_TREE_FORMATS.for_path(path).read(path)


def write_org_tree(tree: OrgTree, path: str | Path) -> None:
    """Write ``.csv`` or ``.yaml``. CSV keeps no asking question and no empty level."""
    path = Path(path)
    ORG_TREE_FORMATS.for_path(path).write(tree, path)
