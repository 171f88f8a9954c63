"""Read and write questionnaires as XLSForm (.xlsx), with lipkit's extension columns.

The type names, column-name aliases and yes/no spellings that XLSForm allows are taken
from pyxform (the reference implementation), so that lipkit accepts what pyxform accepts,
for the subset of XLSForm that the model covers. Everything else is rejected with a
:class:`FormError` naming sheet, row and column; nothing is silently dropped except
metadata fields (``start``, ``end``, ``deviceid`` ...), which carry no answers.

lipkit's own columns (see ``docs/formats.md``):

- survey ``lipkit::scale`` (``positive_first`` | ``positive_last``), ``lipkit::missing``
  and ``lipkit::exclusive`` (space-separated choice names), ``lipkit::org_level``;
- choices ``lipkit_missing`` and ``lipkit_exclusive`` (yes/no on the choice row; the
  ``lipkit::`` spelling is read too, but pyxform cannot convert a choices sheet with it).
"""

from __future__ import annotations

import difflib
import re
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from pydantic import ValidationError
from pyxform import aliases
from pyxform import constants as pyxform_constants
from pyxform.errors import PyXFormError
from pyxform.parsing.expression import is_xml_tag
from pyxform.parsing.sheet_headers import dealias_and_group_headers, process_header
from pyxform.question import MultipleChoiceQuestion, Option
from pyxform.question_type_dictionary import QUESTION_TYPE_DICT
from pyxform.survey import Survey as PyxformSurvey
from pyxform.xls2json_backends import get_xlsform

from lipkit import catalogue
from lipkit.catalogue import Text
from lipkit.study.conventions import Declared, infer_conventions
from lipkit.study.errors import FormError, FormErrors
from lipkit.study.model import (
    DEFAULT_LANGUAGE,
    SELECT_TYPES,
    Choice,
    ChoiceList,
    Group,
    Item,
    Labels,
    Question,
    Questionnaire,
    QuestionType,
    ScaleOrder,
    Settings,
)

SURVEY, CHOICES, SETTINGS = "survey", "choices", "settings"
LIPKIT_PREFIX = "lipkit::"
LIPKIT_CHOICE_PREFIX = "lipkit_"
"""Written on the choices sheet: pyxform reads ``a::b`` there as a translation of ``a`` and
fails on it when it builds the choices' instance, so lipkit writes ``lipkit_missing``.
Both spellings are read on both sheets."""

# -- vocabulary shared with pyxform ------------------------------------------------------------

SURVEY_FIELDS = (
    "type",
    "name",
    "label",
    "hint",
    "relevant",
    "constraint",
    "constraint_message",
    "required",
    "appearance",
    "choice_filter",
    "calculation",
)
TRANSLATABLE_SURVEY_FIELDS = ("label", "hint", "constraint_message")
CHOICE_FIELDS = ("list_name", "name", "label")
SETTINGS_FIELDS = ("form_title", "form_id", "version", "default_language")
# KoboToolbox's form builder fills these when the user left name empty.
KOBO_AUTONAME, KOBO_AUTOVALUE = "$autoname", "$autovalue"

LIPKIT_SURVEY_COLUMNS = ("scale", "missing", "exclusive", "org_level")
LIPKIT_CHOICE_COLUMNS = ("missing", "exclusive")

ORG_LEVEL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


# Simple types: every pyxform alias whose definition equals that of a type lipkit models.
_CANONICAL_SIMPLE = {
    "text": QuestionType.TEXT,
    "integer": QuestionType.INTEGER,
    "decimal": QuestionType.DECIMAL,
    "date": QuestionType.DATE,
    "note": QuestionType.NOTE,
    "calculate": QuestionType.CALCULATE,
}
SIMPLE_TYPES: dict[str, QuestionType] = {
    alias: qtype
    for alias, spec in QUESTION_TYPE_DICT.items()
    for canonical, qtype in _CANONICAL_SIMPLE.items()
    if spec == QUESTION_TYPE_DICT[canonical] and not alias.startswith("select")
}
# Metadata filled in by the device, not asked: no question, no answer column to analyse.
METADATA_TYPES = frozenset(
    alias for alias, spec in QUESTION_TYPE_DICT.items() if "jr:preload" in spec.get("bind", {})
) | {"audit", "start-geopoint", "background-audio"}

_SELECT_COMMANDS = sorted(aliases.select, key=len, reverse=True)
RE_SELECT = re.compile(
    r"^(?P<command>" + "|".join(map(re.escape, _SELECT_COMMANDS)) + r")"
    r"(?: (?P<list_name>\S+))?(?: (?P<other>or specify other|or_other|or other))?$"
)
_CONTROLS = sorted(aliases.control, key=len, reverse=True)
RE_BEGIN = re.compile(
    r"^begin[\s_](?P<control>" + "|".join(map(re.escape, _CONTROLS)) + r")(?: .*)?$"
)
RE_END = re.compile(r"^end[\s_](?P<control>" + "|".join(map(re.escape, _CONTROLS)) + r")$")

SUPPORTED_TYPES = (
    "select_one <list>",
    "select_multiple <list>",
    "text",
    "integer",
    "decimal",
    "date",
    "note",
    "calculate",
    "begin_group",
    "end_group",
)

_YES = {k.lower() for k, v in aliases.yes_no.items() if v} | {"1"}
_NO = {k.lower() for k, v in aliases.yes_no.items() if not v} | {"0"}


def parse_yes_no(text: str) -> bool | None:
    """XLSForm's yes/no spellings (``yes``, ``TRUE``, ``true()``, ``1`` ...); None if neither."""
    value = text.strip().lower()
    if value == "" or value in _NO:
        return False
    if value in _YES:
        return True
    return None


# -- languages ---------------------------------------------------------------------------------

LANGUAGE_CODES = ("de", "en", "fr", "tr", "ar", "ru", "uk", "pl", "es", "it", "fa")
"""The languages lipkit names in an XLSForm header (``label::Deutsch (de)``): each has its own
name (``autonym.<code>``) and its German and English names (``language.<code>``) in the
catalogue."""
LANGUAGE_NAMES: dict[str, str] = {
    code: catalogue.text(f"autonym.{code}") for code in LANGUAGE_CODES
}
_NAME_TO_CODE: dict[str, str] = {
    **{
        catalogue.text(f"language.{code}", lang).lower(): code
        for code in LANGUAGE_CODES
        for lang in ("de", "en")
    },
    **{name.lower(): code for code, name in LANGUAGE_NAMES.items()},
    "farsi": "fa",
}
_RE_LANGUAGE_WITH_CODE = re.compile(r"^(?P<name>.*?)\s*\((?P<code>[^()]+)\)\s*$")
_RE_LANGUAGE_CODE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*$")


def language_code(name: str) -> str:
    """``Deutsch (de)`` -> ``de``; ``English`` -> ``en``; ``de`` -> ``de``; else the name."""
    name = name.strip()
    match = _RE_LANGUAGE_WITH_CODE.match(name)
    if match:
        return match["code"].strip()
    if name.lower() in _NAME_TO_CODE:
        return _NAME_TO_CODE[name.lower()]
    return name


def language_column_name(code: str) -> str:
    """The header suffix lipkit writes: ``Deutsch (de)``; codes it cannot name stay as they are."""
    if code in LANGUAGE_NAMES:
        return f"{LANGUAGE_NAMES[code]} ({code})"
    return code


# -- reading sheets (pyxform's reader) -----------------------------------------------------------

_PYXFORM_DEFAULT = "default"
"""pyxform's key for the text of a column without a language (``label`` beside ``label::en``)."""

FIELD_PATHS: dict[str, tuple[str, ...]] = {
    "type": ("type",),
    "name": ("name",),
    "label": ("label",),
    "hint": ("hint",),
    "relevant": ("bind", "relevant"),
    "constraint": ("bind", "constraint"),
    "constraint_message": ("bind", "jr:constraintMsg"),
    "required": ("bind", "required"),
    "appearance": ("control", "appearance"),
    "choice_filter": ("choice_filter",),
    "calculation": ("bind", "calculate"),
    "parameters": ("parameters",),
    "repeat_count": ("control", "jr:count"),
    "list_name": (pyxform_constants.LIST_NAME_S,),
    "form_title": ("title",),
    "form_id": ("id_string",),
    "version": ("version",),
    "default_language": ("default_language",),
}
_MODELLED = {"type", "name", "label", "hint", "choice_filter", "parameters", "lipkit"}
_MODELLED_PATHS = {path for path in FIELD_PATHS.values() if len(path) == 2}
_SURVEY_COLUMNS = set(MultipleChoiceQuestion.get_slot_names())
_CHOICE_COLUMNS = set(Option.get_slot_names())
_SETTINGS_COLUMNS = set(PyxformSurvey.get_slot_names())


@dataclass
class Sheet:
    """One sheet as pyxform's reader gives it: rows of nested dicts, headers dealiased."""

    name: str
    headers: dict[tuple[str, ...], str]
    """pyxform's tokens of each header (``("bind", "relevant")``) -> the header as written."""
    rows: list[SheetRow]
    default_language: str

    def header(self, path: tuple[str, ...], fallback: str) -> str:
        for tokens, header in self.headers.items():
            if tokens[: len(path)] == path:
                return header
        return fallback

    def languages(self, path: tuple[str, ...]) -> list[str]:
        found: list[str] = []
        for tokens in self.headers:
            if tokens[: len(path)] != path or len(tokens) > len(path) + 1:
                continue
            lang = (
                _language(tokens[len(path)], self.default_language)
                if len(tokens) > len(path)
                else self.default_language
            )
            if lang not in found:
                found.append(lang)
        return found


def _language(name: str, default_language: str) -> str:
    return default_language if name == _PYXFORM_DEFAULT else language_code(name)


def _text(value: object) -> str:
    if isinstance(value, dict):
        value = value.get(_PYXFORM_DEFAULT, next(iter(value.values()), ""))
    return "" if value is None or isinstance(value, dict) else str(value).strip()


@dataclass
class SheetRow:
    number: int
    data: dict[str, Any]
    sheet: Sheet

    def get(self, path: tuple[str, ...]) -> Any:
        value: Any = self.data
        for key in path:
            if not isinstance(value, dict):
                return None
            value = value.get(key)
        return value

    def value(self, field_name: str) -> str:
        return _text(self.get(FIELD_PATHS.get(field_name, (field_name,))))

    def raw(self, header: str) -> str:
        """The cell of a column pyxform does not know, e.g. Kobo's ``$autoname``."""
        return _text(self.data.get(header))

    def lipkit(self, name: str) -> tuple[str, str]:
        """(value, header) of lipkit's column ``name`` (``lipkit::name`` or ``lipkit_name``)."""
        nested = self.data.get("lipkit")
        if isinstance(nested, dict) and name in nested:
            return _text(nested[name]), self.sheet.header(("lipkit", name), LIPKIT_PREFIX + name)
        flat = LIPKIT_CHOICE_PREFIX + name
        if flat in self.data:
            return _text(self.data[flat]), self.sheet.header((flat,), flat)
        return "", LIPKIT_PREFIX + name

    def header_of(self, field_name: str) -> str:
        return self.sheet.header(FIELD_PATHS.get(field_name, (field_name,)), field_name)

    def extra(self) -> dict[str, str]:
        """The cells of the columns lipkit's model has no field for, by header as written."""
        kept: dict[str, str] = {}
        for tokens, header in self.sheet.headers.items():
            if tokens[0] in _MODELLED or tokens[:2] in _MODELLED_PATHS:
                continue
            text = _text(self.get(tokens))
            if text and not header.startswith("$"):
                kept[header] = text
        return kept

    def translated(self, field_name: str) -> Labels:
        value = self.get(FIELD_PATHS.get(field_name, (field_name,)))
        default = self.sheet.default_language
        if isinstance(value, str):
            return {default: value} if value.strip() else {}
        if not isinstance(value, dict):
            return {}
        labels: Labels = {}
        for lang, text in value.items():
            if isinstance(text, str) and text.strip():
                code = _language(lang, default)
                if lang == _PYXFORM_DEFAULT and code in labels:
                    continue  # a translated column wins over the plain one
                labels[code] = text
        return labels


def _load_definition(path: Path) -> Any:
    """pyxform's reader: .xlsx, .xlsm, .xls, .csv and .md, as pyxform reads them."""
    if not path.exists():
        raise FormError(Text("xlsform.file_not_found"), path=path)
    with warnings.catch_warnings():
        # openpyxl warns about styles and data validation it does not read; not the user's problem.
        warnings.simplefilter("ignore")
        try:
            return get_xlsform(path)
        except PyXFormError as exc:
            raise FormError(
                Text("xlsform.unreadable", problem=str(exc)),
                path=path,
                hint=Text("xlsform.unreadable_hint"),
            ) from None
        except Exception as exc:  # a broken or foreign file: every reader raises its own type
            not_a_form = _csv_not_a_form(path) if path.suffix.lower() == ".csv" else None
            if not_a_form is not None:
                raise not_a_form from None
            raise FormError(
                Text("xlsform.unreadable", problem=f"{type(exc).__name__}: {exc}"),
                path=path,
                hint=Text("xlsform.unreadable_hint"),
            ) from None


def _csv_not_a_form(path: Path) -> FormError | None:
    """Where a CSV file that pyxform cannot read does not begin with a sheet's name (in
    pyxform's CSV form the first column names the sheets): the error that says so, most
    often for the response file given where the questionnaire belongs. None where it does
    begin with one (a form with another problem)."""
    import csv

    try:
        with path.open(encoding="utf-8-sig", newline="") as file:
            first = next(csv.reader(file), [""])[0]
    except (OSError, UnicodeDecodeError):
        first = ""
    if first.strip().lower() in pyxform_constants.SUPPORTED_SHEET_NAMES:
        return None
    return FormError(
        Text("xlsform.csv_not_a_form", first=first),
        path=path,
        row=1,
        column="A",
        hint=Text("xlsform.csv_not_a_form_hint"),
    )


def _sheet(
    definition: Any,
    name: str,
    aliases_: dict[str, Any],
    columns: set[str],
    default_language: str,
    path: Path,
) -> Sheet | None:
    data = getattr(definition, name)
    header = getattr(definition, f"{name}_header")
    if not data and not header:
        return None
    header_row: dict[str, Any] = header[0] if header else {}
    double = any("::" in h for h in header_row)
    headers: dict[tuple[str, ...], str] = {}
    for text in header_row:
        _, tokens = process_header(text, double, aliases_, columns)
        headers.setdefault(tokens, text)
    try:
        grouped = dealias_and_group_headers(
            sheet_name=name,
            sheet_data=data or [],
            sheet_header=header or [],
            header_aliases=aliases_,
            header_columns=columns,
            default_language=_PYXFORM_DEFAULT,
        )
    except PyXFormError as exc:
        raise FormError(str(exc), path=path, sheet=name, row=1) from None
    sheet = Sheet(name, headers, [], default_language)
    sheet.rows = [
        SheetRow(number, dict(row), sheet)
        for number, row in enumerate(grouped.data, start=2)
        if any(_text(v) for k, v in row.items() if k != "__row")
    ]
    return sheet


# -- building the model ------------------------------------------------------------------------

# XLSForm types lipkit carries through without analysing them, by the reason it gives.
_CARRIED_SPECS: dict[str, str] = {
    "geopoint": "location",
    "geotrace": "location",
    "geoshape": "location",
    "osm": "location",
    "image": "media",
    "audio": "media",
    "video": "media",
    "file": "media",
    "barcode": "barcode",
    "time": "time",
    "dateTime": "time",
    "acknowledge": "acknowledge",
    "trigger": "acknowledge",
    "hidden": "hidden",
    "xml-external": "external",
    "csv-external": "external",
    "rank": "other",
}
CARRIED_TYPES: dict[str, str] = {
    alias: reason
    for alias, spec in QUESTION_TYPE_DICT.items()
    for canonical, reason in _CARRIED_SPECS.items()
    if spec == QUESTION_TYPE_DICT[canonical]
} | {canonical: reason for canonical, reason in _CARRIED_SPECS.items()}
# KoboToolbox's form builder's own groups: a matrix, a scale matrix (score) and a ranking.
KOBO_BEGIN = {"begin_kobomatrix": "matrix", "begin_score": "score", "begin_rank": "rank"}
KOBO_END = {"end_kobomatrix": "matrix", "end_score": "score", "end_rank": "rank"}
KOBO_ROW = {"score__row": "score", "rank__level": "rank"}
RANGE_MAX_POINTS = 11
"""A range of at most this many points is read as a rating scale; a longer one as a number."""


@dataclass
class _OpenGroup:
    group: Group
    row: int
    kobo: str | None = None
    list_name: str | None = None
    """The choice list of a Kobo score or rank group (``kobo--score-choices`` …)."""
    matrix_rows: list[SheetRow] = field(default_factory=list)


@dataclass
class _SurveyBuilder:
    path: Path
    sheet: Sheet
    choices: dict[str, ChoiceList]
    default_language: str
    root: list[Item] = field(default_factory=list)
    stack: list[_OpenGroup] = field(default_factory=list)
    names: dict[str, int] = field(default_factory=dict)
    org_levels: dict[str, int] = field(default_factory=dict)
    problems: list[FormError] = field(default_factory=list)

    def error(
        self,
        message: str,
        row: SheetRow | int,
        column: str | None = None,
        hint: str | None = None,
    ) -> FormError:
        number = row if isinstance(row, int) else row.number
        return FormError(
            message, path=self.path, sheet=SURVEY, row=number, column=column, hint=hint
        )

    def items(self) -> list[Item]:
        return self.stack[-1].group.items if self.stack else self.root

    def in_repeat(self) -> bool:
        return any(open_group.group.repeat for open_group in self.stack)

    def claim_name(self, row: SheetRow, name: str) -> None:
        if not name:
            raise self.error(Text("xlsform.needs_name"), row, row.header_of("name"))
        if not is_xml_tag(name) or "/" in name:
            raise self.error(
                Text("xlsform.invalid_name", name=name),
                row,
                row.header_of("name"),
                hint=Text("xlsform.name_hint", example="q_" + name) if name else None,
            )
        if name in self.names:
            raise self.error(
                Text("xlsform.name_used", name=name, row=self.names[name]),
                row,
                row.header_of("name"),
            )
        self.names[name] = row.number

    def add_row(self, row: SheetRow) -> None:
        """Add one row; a problem is collected, and the next row is read all the same."""
        try:
            self._add_row(row)
        except FormError as exc:
            self.problems.append(exc)

    def _add_row(self, row: SheetRow) -> None:
        type_text = " ".join(row.value("type").split())
        type_column = row.header_of("type")
        lowered = type_text.lower()
        if not type_text:
            if row.value("name") or row.translated("label"):
                raise self.error(Text("xlsform.no_type"), row, type_column)
            return
        if self.stack and self.stack[-1].kobo == "matrix" and lowered != "end_kobomatrix":
            self.stack[-1].matrix_rows.append(row)
            return
        if lowered in KOBO_BEGIN:
            self.begin_kobo(row, KOBO_BEGIN[lowered])
        elif lowered in KOBO_END:
            self.end_kobo(row, KOBO_END[lowered])
        elif lowered in KOBO_ROW:
            self.kobo_row(row, KOBO_ROW[lowered])
        elif begin := RE_BEGIN.match(type_text):
            self.begin_group(row, aliases.control[begin["control"]])
        elif end := RE_END.match(type_text):
            self.end_group(row, aliases.control[end["control"]])
        elif select := RE_SELECT.match(type_text):
            self.add_select(row, select)
        elif lowered == "range":
            self.add_range(row)
        elif type_text in SIMPLE_TYPES or lowered in SIMPLE_TYPES:
            qtype = SIMPLE_TYPES.get(type_text) or SIMPLE_TYPES[lowered]
            self.add_question(row, qtype, None)
        elif type_text in METADATA_TYPES or lowered in METADATA_TYPES:
            self.add_carried(row, "metadata")
        elif type_text in CARRIED_TYPES or lowered in CARRIED_TYPES:
            self.add_carried(row, CARRIED_TYPES.get(type_text) or CARRIED_TYPES[lowered])
        elif type_text.split()[0] in aliases.select_from_file or "external" in lowered:
            self.add_carried(row, "external")
        elif type_text in QUESTION_TYPE_DICT or lowered in QUESTION_TYPE_DICT:
            self.add_carried(row, "other")
        elif type_text.split()[0].lower() in CARRIED_TYPES:  # osm <list> and the like
            self.add_carried(row, CARRIED_TYPES[type_text.split()[0].lower()])
        else:
            close = difflib.get_close_matches(type_text, [*SUPPORTED_TYPES, *CARRIED_TYPES], n=1)
            raise self.error(
                Text("xlsform.unknown_type", type=type_text, types=", ".join(SUPPORTED_TYPES)),
                row,
                type_column,
                hint=Text("xlsform.did_you_mean", name=close[0]) if close else None,
            )

    def add_carried(self, row: SheetRow, reason: str) -> None:
        """A question lipkit stores and exports but does not analyse."""
        type_text = " ".join(row.value("type").split())
        name = row.value("name") or row.raw(KOBO_AUTONAME)
        if not name and reason == "metadata":
            name = type_text.replace(" ", "_").replace("-", "_")
        self.claim_name(row, name)
        try:
            question = Question(
                name=name,
                type=QuestionType.UNANALYSED,
                label=row.translated("label"),
                hint=row.translated("hint"),
                relevant=row.value("relevant") or None,
                constraint=row.value("constraint") or None,
                constraint_message=row.translated("constraint_message"),
                required=parse_yes_no(row.value("required")) or False,
                appearance=row.value("appearance") or None,
                calculation=row.value("calculation") or None,
                xlsform_type=type_text,
                not_analysed=reason,
                parameters=row.value("parameters") or None,
                extra=row.extra(),
            )
        except ValidationError as exc:
            raise self.error(_validation_message(exc), row) from None
        self.items().append(question)

    def begin_group(self, row: SheetRow, control: str) -> None:
        repeat = control != pyxform_constants.GROUP
        name = row.value("name") or row.raw(KOBO_AUTONAME)
        try:
            self.claim_name(row, name)
        except FormError as exc:
            # Reported; the group is still opened, so that its end_group finds it.
            self.problems.append(exc)
            name = f"group_row_{row.number}"
        for lipkit_name in LIPKIT_SURVEY_COLUMNS:
            value, header = row.lipkit(lipkit_name)
            if value:
                raise self.error(
                    Text("xlsform.group_setting", header=header),
                    row,
                    header,
                )
        try:
            group = Group(
                name=name,
                label=row.translated("label"),
                relevant=row.value("relevant") or None,
                appearance=row.value("appearance") or None,
                repeat=repeat,
                repeat_count=row.value("repeat_count") or None,
                extra=row.extra(),
            )
        except ValidationError as exc:
            raise self.error(_validation_message(exc), row) from None
        self.items().append(group)
        self.stack.append(_OpenGroup(group, row.number))

    def end_group(self, row: SheetRow, control: str) -> None:
        if not self.stack:
            raise self.error(Text("xlsform.end_without_begin"), row, row.header_of("type"))
        open_group = self.stack[-1]
        if open_group.kobo is not None:
            raise self.error(
                Text(
                    "xlsform.closes_kobo",
                    type=row.value("type"),
                    name=open_group.group.name,
                    row=open_group.row,
                    expected=f"end_{open_group.kobo}",
                ),
                row,
                row.header_of("type"),
            )
        repeat = control != pyxform_constants.GROUP
        if repeat != open_group.group.repeat:
            opened = "begin_repeat" if open_group.group.repeat else "begin_group"
            raise self.error(
                Text(
                    "xlsform.closes_other",
                    type=row.value("type"),
                    name=open_group.group.name,
                    opened=opened,
                    row=open_group.row,
                ),
                row,
                row.header_of("type"),
            )
        # A name on the end_group row is ignored, as pyxform ignores it.
        self.stack.pop()

    # -- KoboToolbox's matrix, score and rank groups -------------------------------------------
    def begin_kobo(self, row: SheetRow, kind: str) -> None:
        column = {
            "matrix": "kobo--matrix_list",
            "score": "kobo--score-choices",
            "rank": "kobo--rank-items",
        }[kind]
        list_name = row.raw(column)
        if list_name not in self.choices:
            raise self.error(
                Text(
                    "xlsform.kobo_list",
                    kind="kobomatrix" if kind == "matrix" else kind,
                    column=column,
                    lists=", ".join(self.choices) or Text("xlsform.none"),
                ),
                row,
                row.sheet.header((column,), column),
            )
        self.begin_group(row, pyxform_constants.GROUP)
        open_group = self.stack[-1]
        open_group.kobo, open_group.list_name = kind, list_name
        if kind == "score":
            open_group.group.appearance = "field-list"

    def kobo_row(self, row: SheetRow, kind: str) -> None:
        if not self.stack or self.stack[-1].kobo != kind:
            raise self.error(
                Text("xlsform.outside", type=row.value("type"), kind=kind),
                row,
                row.header_of("type"),
            )
        list_name = self.stack[-1].list_name
        assert list_name is not None
        self.add_question(row, QuestionType.SELECT_ONE, list_name, appearance="likert")

    def end_kobo(self, row: SheetRow, kind: str) -> None:
        if not self.stack or self.stack[-1].kobo != kind:
            raise self.error(
                Text("xlsform.end_without", type=row.value("type")), row, row.header_of("type")
            )
        open_group = self.stack[-1]
        if kind == "matrix":
            # As KoboToolbox expands it: one group per row of the matrix list, one question per
            # column, named <matrix>_<row>_<column>.
            assert open_group.list_name is not None
            matrix = open_group.group.name
            columns = open_group.matrix_rows
            open_group.matrix_rows = []
            for choice in self.choices[open_group.list_name].choices:
                sub = Group(name=f"{matrix}_{choice.name}", label=choice.label)
                open_group.group.items.append(sub)
                self.stack.append(_OpenGroup(sub, row.number))
                for column in columns:
                    renamed = dict(column.data)
                    renamed["name"] = f"{matrix}_{choice.name}_{column.value('name')}"
                    self.add_row(SheetRow(column.number, renamed, column.sheet))
                self.stack.pop()
        self.stack.pop()

    # -- questions ----------------------------------------------------------------------------
    def add_select(self, row: SheetRow, match: re.Match[str]) -> None:
        command, list_name = match["command"], match["list_name"]
        type_column = row.header_of("type")
        if command in aliases.select_from_file:
            self.add_carried(row, "external")
            return
        target = aliases.select[command]
        if target == pyxform_constants.SELECT_ONE:
            qtype = QuestionType.SELECT_ONE
        elif target == pyxform_constants.SELECT_ALL_THAT_APPLY:
            qtype = QuestionType.SELECT_MULTIPLE
        else:
            self.add_carried(row, "other")
            return
        if not list_name:
            raise self.error(Text("xlsform.needs_list", command=command), row, type_column)
        if list_name not in self.choices:
            known = ", ".join(self.choices) or Text("xlsform.none")
            close = difflib.get_close_matches(list_name, list(self.choices), n=1)
            raise self.error(
                Text("xlsform.unknown_list", name=list_name, lists=known),
                row,
                type_column,
                hint=Text("xlsform.did_you_mean", name=close[0]) if close else None,
            )
        self.add_question(row, qtype, list_name)
        if match["other"]:
            self.add_other(row, list_name)

    def add_other(self, row: SheetRow, list_name: str) -> None:
        """``or_other`` as pyxform and KoboToolbox expand it: an ``other`` choice and a text
        question ``<name>_other`` shown when it is chosen."""
        choice_list = self.choices[list_name]
        if choice_list.get("other") is None:
            label = {lang: "Other" for lang in row.translated("label")} or {
                self.default_language: "Other"
            }
            choice_list.choices.append(Choice(name="other", label=label))
        name = row.value("name") or row.raw(KOBO_AUTONAME)
        other = f"{name}_other"
        if other in self.names:
            raise self.error(
                Text("xlsform.other_used", name=other, row=self.names[other]),
                row,
                row.header_of("type"),
            )
        self.names[other] = row.number
        labels = {lang: "Specify other." for lang in row.translated("label")}
        self.items().append(
            Question(
                name=other,
                type=QuestionType.TEXT if not self.in_repeat() else QuestionType.UNANALYSED,
                label=labels or {self.default_language: "Specify other."},
                relevant=f"selected(${{{name}}}, 'other')",
                not_analysed="repeat" if self.in_repeat() else None,
                xlsform_type="text" if self.in_repeat() else None,
            )
        )

    def add_range(self, row: SheetRow) -> None:
        """A ``range`` of a few whole points is a rating scale (positive end last); a longer or
        finer one is a number."""
        parameters = row.value("parameters")
        values = dict(
            part.split("=", 1) for part in parameters.replace(";", " ").split() if "=" in part
        )
        try:
            start = float(values.get("start", "1"))
            end = float(values.get("end", "10"))
            step = float(values.get("step", "1"))
        except ValueError:
            raise self.error(
                Text("xlsform.range_parameters", parameters=parameters),
                row,
                row.header_of("parameters"),
            ) from None
        points = round((end - start) / step) + 1 if step else 0
        whole = all(float(v).is_integer() for v in (start, end, step))
        if not whole or not 2 <= points <= RANGE_MAX_POINTS or end < start:
            self.add_question(row, QuestionType.DECIMAL, None, xlsform_type="range")
            return
        name = row.value("name")
        list_name = f"range_{name}"
        if list_name not in self.choices:
            codes = [str(int(start + i * step)) for i in range(points)]
            self.choices[list_name] = ChoiceList(
                name=list_name,
                choices=[Choice(name=c, label={self.default_language: c}) for c in codes],
            )
        self.add_question(
            row,
            QuestionType.SELECT_ONE,
            list_name,
            xlsform_type="range",
            scale=ScaleOrder.POSITIVE_LAST,
        )

    def add_question(
        self,
        row: SheetRow,
        qtype: QuestionType,
        list_name: str | None,
        *,
        appearance: str | None = None,
        xlsform_type: str | None = None,
        scale: ScaleOrder | None = None,
    ) -> None:
        if self.in_repeat():
            self.add_carried(row, "repeat")
            return
        name = row.value("name") or row.raw(KOBO_AUTONAME)
        if not name and qtype == QuestionType.NOTE:
            name = f"generated_note_name_{row.number}"  # as pyxform does
        self.claim_name(row, name)
        required_text = row.value("required")
        required = parse_yes_no(required_text)
        if required is None:
            # pyxform takes any other text as an XPath expression; lipkit asks only yes/no.
            required = False
            self.problems.append(
                self.error(
                    Text("xlsform.required", value=required_text),
                    row,
                    row.header_of("required"),
                )
            )
        try:
            question = Question(
                name=name,
                type=qtype,
                list_name=list_name,
                label=row.translated("label"),
                hint=row.translated("hint"),
                relevant=row.value("relevant") or None,
                constraint=row.value("constraint") or None,
                constraint_message=row.translated("constraint_message"),
                required=required,
                appearance=row.value("appearance") or appearance or None,
                choice_filter=row.value("choice_filter") or None,
                calculation=row.value("calculation") or None,
                scale=self.scale(row, qtype) or scale,
                missing=self.codes(row, "missing", qtype, list_name),
                exclusive=self.codes(row, "exclusive", qtype, list_name),
                org_level=self.org_level(row, qtype),
                xlsform_type=xlsform_type,
                parameters=row.value("parameters") or None,
                extra=row.extra(),
            )
        except ValidationError as exc:
            raise self.error(_validation_message(exc), row) from None
        self.items().append(question)

    def scale(self, row: SheetRow, qtype: QuestionType) -> ScaleOrder | None:
        value, header = row.lipkit("scale")
        if not value:
            return None
        allowed = [s.value for s in ScaleOrder]
        if value not in allowed:
            raise self.error(
                Text("xlsform.invalid_scale", value=value, allowed=", ".join(allowed)),
                row,
                header,
            )
        if qtype != QuestionType.SELECT_ONE:
            raise self.error(Text("xlsform.scale_type", type=str(qtype)), row, header)
        return ScaleOrder(value)

    def codes(
        self, row: SheetRow, column: str, qtype: QuestionType, list_name: str | None
    ) -> list[str]:
        value, header = row.lipkit(column)
        codes = value.split()
        if not codes:
            return []
        if qtype not in SELECT_TYPES or list_name is None:
            raise self.error(
                Text("xlsform.codes_type", header=header, type=str(qtype)), row, header
            )
        known = self.choices[list_name].names()
        for code in codes:
            if code not in known:
                raise self.error(
                    Text(
                        "xlsform.not_a_choice", value=code, list=list_name, choices=", ".join(known)
                    ),
                    row,
                    header,
                )
        return codes

    def org_level(self, row: SheetRow, qtype: QuestionType) -> str | None:
        value, header = row.lipkit("org_level")
        if not value:
            return None
        if not ORG_LEVEL_NAME.fullmatch(value):
            raise self.error(
                Text("xlsform.org_level_name", value=value),
                row,
                header,
            )
        if qtype in (QuestionType.NOTE, QuestionType.SELECT_MULTIPLE):
            raise self.error(Text("xlsform.org_level_type", type=str(qtype)), row, header)
        if value in self.org_levels:
            raise self.error(
                Text("xlsform.org_level_used", value=value, row=self.org_levels[value]),
                row,
                header,
            )
        self.org_levels[value] = row.number
        return value

    def finish(self) -> list[Item]:
        for open_group in reversed(self.stack):
            kobo = "kobomatrix" if open_group.kobo == "matrix" else open_group.kobo
            end = f"end_{kobo}" if kobo else Text("xlsform.end_group_row")
            self.problems.append(
                self.error(
                    Text("xlsform.never_closed", name=open_group.group.name, end=end),
                    open_group.row,
                    "type",
                )
            )
        return self.root


def _validation_message(exc: ValidationError) -> str:
    messages = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ()))
        message = str(err.get("msg", "")).removeprefix("Value error, ")
        messages.append(f"{where}: {message}" if where else message)
    return "; ".join(messages)


def _read_settings(sheet: Sheet | None, path: Path) -> Settings:
    if sheet is None or not sheet.rows:
        return Settings()
    row = sheet.rows[0]
    names = ("form_title", "form_id", "version", "default_language")
    values = {f: row.value(f) for f in names if row.value(f)}
    if "default_language" in values:
        values["default_language"] = language_code(values["default_language"])
    try:
        return Settings(**values)
    except ValidationError as exc:
        raise FormError(
            _validation_message(exc), path=path, sheet=SETTINGS, row=row.number
        ) from None


_CHOICE_KNOWN = {pyxform_constants.LIST_NAME_S, "name", "label", "media", "lipkit", "__row"}


def _read_choices(
    sheet: Sheet | None, path: Path, allow_duplicates: bool, problems: list[FormError]
) -> dict[str, ChoiceList]:
    if sheet is None:
        return {}
    lists: dict[str, list[Choice]] = {}
    first_row: dict[tuple[str, str], int] = {}
    for row in sheet.rows:
        try:
            choice = _read_choice(row, path, allow_duplicates, first_row)
        except FormError as exc:
            problems.append(exc)
            continue
        if choice is not None:
            lists.setdefault(row.value("list_name"), []).append(choice)
    return {name: ChoiceList(name=name, choices=choices) for name, choices in lists.items()}


def _read_choice(
    row: SheetRow, path: Path, allow_duplicates: bool, first_row: dict[tuple[str, str], int]
) -> Choice | None:
    list_name = row.value("list_name")
    name = row.value("name") or row.raw(KOBO_AUTOVALUE)

    def error(message: str, column: str, hint: str | None = None) -> FormError:
        return FormError(
            message, path=path, sheet=CHOICES, row=row.number, column=column, hint=hint
        )

    if not list_name:
        raise error(Text("xlsform.choice_no_list"), row.header_of("list_name"))
    if not name:
        raise error(Text("xlsform.choice_no_name", list=list_name), row.header_of("name"))
    if (list_name, name) in first_row:
        if allow_duplicates:
            return None  # the same value twice: one option for the analysis
        raise error(
            Text("xlsform.choice_twice", name=name, list=list_name, row=first_row[list_name, name]),
            row.header_of("name"),
            hint=Text("xlsform.duplicates_hint"),
        )
    first_row[list_name, name] = row.number
    flags: dict[str, bool] = {}
    for flag in LIPKIT_CHOICE_COLUMNS:
        value, header = row.lipkit(flag)
        parsed = parse_yes_no(value)
        if parsed is None:
            raise error(Text("xlsform.yes_no", value=value), header)
        flags[flag] = parsed
    filters = {
        key: _text(value)
        for key, value in row.data.items()
        if key not in _CHOICE_KNOWN
        and not key.startswith(LIPKIT_CHOICE_PREFIX)
        and not key.startswith("$")
        and isinstance(value, str)
        and value.strip()
    }
    try:
        return Choice(name=name, label=row.translated("label"), filters=filters, **flags)
    except ValidationError as exc:
        raise error(_validation_message(exc), row.header_of("name")) from None


def _unknown_lipkit_columns(sheet: Sheet | None, allowed: tuple[str, ...], path: Path) -> None:
    if sheet is None:
        return
    for tokens, header in sheet.headers.items():
        if header.lower().startswith(LIPKIT_PREFIX) or (
            header.lower().startswith(LIPKIT_CHOICE_PREFIX) and sheet.name == CHOICES
        ):
            name = tokens[1] if tokens[0] == "lipkit" and len(tokens) > 1 else header[7:]
            if name not in allowed:
                prefix = LIPKIT_CHOICE_PREFIX if sheet.name == CHOICES else LIPKIT_PREFIX
                expected = ", ".join(prefix + c for c in allowed)
                raise FormError(
                    Text("xlsform.unknown_column", expected=expected),
                    path=path,
                    sheet=sheet.name,
                    row=1,
                    column=header,
                )


def read_xlsform(path: str | Path) -> Questionnaire:
    """Read an XLSForm (.xlsx, .xls, .csv, .md) with pyxform's reader into the model.

    Every problem of the form is collected; if there is any, one :class:`FormErrors` lists
    them all, each with its sheet, row and column.
    """
    path = Path(path)
    definition = _load_definition(path)
    if not definition.survey and not definition.survey_header:
        sheets = ", ".join(definition.sheet_names or []) or Text("xlsform.none")
        raise FormError(Text("xlsform.no_survey", sheets=sheets), path=path)
    settings_sheet = _sheet(
        definition, SETTINGS, aliases.settings_header, _SETTINGS_COLUMNS, DEFAULT_LANGUAGE, path
    )
    settings = _read_settings(settings_sheet, path)
    allow_duplicates = bool(
        settings_sheet
        and settings_sheet.rows
        and parse_yes_no(_text(settings_sheet.rows[0].data.get("allow_choice_duplicates", "")))
    )
    language = settings.default_language
    survey = _sheet(definition, SURVEY, aliases.survey_header, _SURVEY_COLUMNS, language, path)
    choices_sheet = _sheet(
        definition, CHOICES, aliases.list_header, _CHOICE_COLUMNS, language, path
    )
    assert survey is not None
    problems: list[FormError] = []
    for sheet, allowed in ((survey, LIPKIT_SURVEY_COLUMNS), (choices_sheet, LIPKIT_CHOICE_COLUMNS)):
        try:
            _unknown_lipkit_columns(sheet, allowed, path)
        except FormError as exc:
            problems.append(exc)
    if not any(tokens[0] == "type" for tokens in survey.headers):
        raise FormError(Text("xlsform.no_type_column"), path=path, sheet=SURVEY, row=1)
    choices = _read_choices(choices_sheet, path, allow_duplicates, problems)
    builder = _SurveyBuilder(path, survey, choices, language)
    for row in survey.rows:
        builder.add_row(row)
    items = builder.finish()
    problems += builder.problems
    if problems:
        raise FormErrors(problems)
    languages: list[str] = []
    for sheet, field_names in (
        (survey, ("label", "hint", "constraint_message")),
        (choices_sheet, ("label",)),
    ):
        for field_name in field_names:
            if sheet is not None:
                languages += [
                    lang
                    for lang in sheet.languages(FIELD_PATHS[field_name])
                    if lang not in languages
                ]
    if (
        languages
        and language not in languages
        and not (
            settings_sheet
            and settings_sheet.rows
            and settings_sheet.rows[0].value("default_language")
        )
    ):
        # No default_language and no text without a language: the form's first language is
        # its default (an English form stays English).
        settings = settings.model_copy(update={"default_language": languages[0]})
    try:
        questionnaire = Questionnaire(
            settings=settings, languages=languages or [language], survey=items, choices=choices
        )
    except ValidationError as exc:
        raise FormError(_validation_message(exc), path=path, sheet=SURVEY) from None
    declared = Declared(
        tokens[1] if tokens[0] == "lipkit" else tokens[0].removeprefix(LIPKIT_CHOICE_PREFIX)
        for s in (survey, choices_sheet)
        if s is not None
        for tokens in s.headers
        if (tokens[0] == "lipkit" and len(tokens) > 1) or tokens[0].startswith(LIPKIT_CHOICE_PREFIX)
    )
    return infer_conventions(questionnaire, declared)


# -- writing -----------------------------------------------------------------------------------


def _all_languages(q: Questionnaire) -> list[str]:
    """The form's languages plus any that only occur in some label (kept, not dropped)."""
    languages = list(q.languages)
    texts: list[Labels] = []
    for item in _walk_items(q.survey):
        texts.append(item.label)
        if isinstance(item, Question):
            texts += [item.hint, item.constraint_message]
    texts += [c.label for cl in q.choices.values() for c in cl.choices]
    for labels in texts:
        languages += [lang for lang in labels if lang not in languages]
    return languages


def _walk_items(items: list[Item]) -> Iterator[Question | Group]:
    for item in items:
        yield item
        if isinstance(item, Group):
            yield from _walk_items(item.items)


def _survey_rows(items: list[Item]) -> Iterator[dict[str, Any]]:
    for item in items:
        if isinstance(item, Group):
            control = "repeat" if item.repeat else "group"
            yield {
                "type": f"begin_{control}",
                "name": item.name,
                "label": item.label,
                "relevant": item.relevant,
                "appearance": item.appearance,
                "repeat_count": item.repeat_count,
                **item.extra,
            }
            yield from _survey_rows(item.items)
            yield {"type": f"end_{control}"}
            continue
        if item.xlsform_type == "range" or item.type == QuestionType.UNANALYSED:
            qtype = item.xlsform_type or str(item.type)
        else:
            qtype = f"{item.type} {item.list_name}" if item.list_name else str(item.type)
        yield {
            "type": qtype,
            "name": item.name,
            "label": item.label,
            "hint": item.hint,
            "relevant": item.relevant,
            "constraint": item.constraint,
            "constraint_message": item.constraint_message,
            "required": "yes" if item.required else None,
            "appearance": item.appearance,
            "choice_filter": item.choice_filter,
            "calculation": item.calculation,
            "parameters": item.parameters,
            "lipkit::scale": item.scale.value if item.scale else None,
            "lipkit::missing": " ".join(item.missing) or None,
            "lipkit::exclusive": " ".join(item.exclusive) or None,
            "lipkit::org_level": item.org_level,
            **item.extra,
        }


def _columns(
    rows: list[dict[str, Any]],
    fields: Iterable[str],
    translatable: Iterable[str],
    languages: list[str],
    always: Iterable[str],
) -> list[tuple[str, str, str | None]]:
    """(header, field, language) for every column that holds a value, in a fixed order.

    Label columns are written for every language even when empty, so that the
    form's languages survive a round trip.
    """
    translatable, always = set(translatable), set(always)
    columns: list[tuple[str, str, str | None]] = []
    for field_name in fields:
        if field_name in translatable:
            for lang in languages:
                used = any((r.get(field_name) or {}).get(lang) for r in rows)
                if used or field_name == "label":
                    columns.append(
                        (f"{field_name}::{language_column_name(lang)}", field_name, lang)
                    )
        elif field_name in always or any(r.get(field_name) for r in rows):
            columns.append((field_name, field_name, None))
    return columns


def _write_sheet(ws: Any, columns: list[tuple[str, str, str | None]], rows: list[dict]) -> None:
    ws.append([header for header, _, _ in columns])
    for row in rows:
        cells = []
        for _, field_name, lang in columns:
            value = row.get(field_name)
            if lang is not None:
                value = (value or {}).get(lang)
            cells.append(value if value not in ("", None) else None)
        ws.append(cells)
        for cell in ws[ws.max_row]:
            # openpyxl turns text starting with "=" into a formula; keep it text.
            if cell.data_type == "f":
                cell.data_type = "s"


def write_xlsform(q: Questionnaire, path: str | Path) -> None:
    """Write ``q`` as an XLSForm that pyxform accepts, with lipkit's columns where used."""
    path = Path(path)
    languages = _all_languages(q)
    workbook = Workbook()
    survey_ws = workbook.worksheets[0]
    survey_ws.title = SURVEY
    survey_rows = list(_survey_rows(q.survey))
    extra_headers = list(dict.fromkeys(h for item in _walk_items(q.survey) for h in item.extra))
    survey_fields = [
        *SURVEY_FIELDS,
        "parameters",
        "repeat_count",
        *(LIPKIT_PREFIX + c for c in LIPKIT_SURVEY_COLUMNS),
        *extra_headers,
    ]
    _write_sheet(
        survey_ws,
        _columns(
            survey_rows,
            survey_fields,
            TRANSLATABLE_SURVEY_FIELDS,
            languages,
            # lipkit's columns always, so that a re-read form declares (never infers) them.
            always=("type", "name", *(LIPKIT_PREFIX + c for c in LIPKIT_SURVEY_COLUMNS)),
        ),
        survey_rows,
    )

    choice_rows: list[dict[str, Any]] = []
    filter_names: list[str] = []
    # A range's points are made by the reader from its parameters: not written as a list.
    made = {qu.list_name for qu in q.questions() if qu.xlsform_type == "range"}
    for choice_list in q.choices.values():
        if choice_list.name in made:
            continue
        for choice in choice_list.choices:
            filter_names += [f for f in choice.filters if f not in filter_names]
            choice_rows.append(
                {
                    "list_name": choice_list.name,
                    "name": choice.name,
                    "label": choice.label,
                    "lipkit_missing": "yes" if choice.missing else None,
                    "lipkit_exclusive": "yes" if choice.exclusive else None,
                    **choice.filters,
                }
            )
    choice_fields = [*CHOICE_FIELDS, "lipkit_missing", "lipkit_exclusive", *filter_names]
    _write_sheet(
        workbook.create_sheet(CHOICES),
        _columns(
            choice_rows,
            choice_fields,
            ("label",),
            languages,
            always=("list_name", "name", "lipkit_missing", "lipkit_exclusive"),
        ),
        choice_rows,
    )

    settings_row = {
        "form_title": q.settings.form_title,
        "form_id": q.settings.form_id,
        "version": q.settings.version,
        "default_language": language_column_name(q.settings.default_language),
    }
    _write_sheet(
        workbook.create_sheet(SETTINGS),
        _columns([settings_row], SETTINGS_FIELDS, (), languages, always=("default_language",)),
        [settings_row],
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
