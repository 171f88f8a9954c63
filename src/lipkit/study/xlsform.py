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

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from pydantic import ValidationError
from pyxform import aliases
from pyxform import constants as pyxform_constants
from pyxform.parsing.expression import is_xml_tag
from pyxform.question_type_dictionary import QUESTION_TYPE_DICT

from lipkit.study.conventions import Declared, infer_conventions
from lipkit.study.errors import FormError
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
MEDIA_COLUMNS = frozenset({"image", "big-image", "audio", "video", "media"})

LIPKIT_SURVEY_COLUMNS = ("scale", "missing", "exclusive", "org_level")
LIPKIT_CHOICE_COLUMNS = ("missing", "exclusive")

ORG_LEVEL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _header_aliases(table: dict[str, Any], fields: Iterable[str]) -> dict[str, str]:
    """Map every alias pyxform knows for one of ``fields`` to that field.

    pyxform maps aliases to internal targets (``relevance`` -> ``("bind", "relevant")``);
    an alias belongs to our field when it shares the target with it, or targets its name.
    """
    fields = tuple(fields)
    mapping = {f: f for f in fields}
    for alias, target in table.items():
        if alias in mapping:
            continue
        if isinstance(target, str) and target in fields:
            mapping[alias] = target
            continue
        same = [a for a, t in table.items() if t == target and a in fields]
        if same:
            mapping[alias] = same[0]
    return mapping


SURVEY_HEADER_ALIASES = _header_aliases(aliases.survey_header, SURVEY_FIELDS)
CHOICE_HEADER_ALIASES = {
    **_header_aliases(aliases.list_header, CHOICE_FIELDS),
    pyxform_constants.LIST_NAME_S: "list_name",
}
SETTINGS_HEADER_ALIASES = _header_aliases(aliases.settings_header, SETTINGS_FIELDS)

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

LANGUAGE_NAMES: dict[str, str] = {
    "de": "Deutsch",
    "en": "English",
    "fr": "Français",
    "tr": "Türkçe",
    "ar": "العربية",
    "ru": "Русский",
    "uk": "Українська",
    "pl": "Polski",
    "es": "Español",
    "it": "Italiano",
    "fa": "فارسی",
}
_NAME_TO_CODE: dict[str, str] = {
    **{name.lower(): code for code, name in LANGUAGE_NAMES.items()},
    "german": "de",
    "englisch": "en",
    "french": "fr",
    "französisch": "fr",
    "turkish": "tr",
    "türkisch": "tr",
    "arabic": "ar",
    "arabisch": "ar",
    "russian": "ru",
    "russisch": "ru",
    "ukrainian": "uk",
    "ukrainisch": "uk",
    "polish": "pl",
    "polnisch": "pl",
    "spanish": "es",
    "spanisch": "es",
    "italian": "it",
    "italienisch": "it",
    "persian": "fa",
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


# -- reading sheets ----------------------------------------------------------------------------


@dataclass
class Column:
    """One header cell, classified."""

    index: int
    header: str
    field: str | None = None
    """Canonical field (``label``, ``relevant`` ...) or None for an unknown/extra column."""
    language: str | None = None
    """Language code of a translated column; None for the plain column."""
    lipkit: str | None = None
    """Name after ``lipkit::`` for lipkit's extension columns."""


@dataclass
class SheetRow:
    number: int
    cells: dict[int, str]
    columns: list[Column]

    def value(self, field_name: str) -> str:
        for col in self.columns:
            if col.field == field_name and col.language is None and col.lipkit is None:
                return self.cells.get(col.index, "").strip()
        return ""

    def raw(self, header: str) -> str:
        """The cell of an unclassified column, e.g. Kobo's ``$autoname``."""
        for col in self.columns:
            if col.header == header:
                return self.cells.get(col.index, "").strip()
        return ""

    def lipkit(self, name: str) -> tuple[str, str]:
        """(value, header) of the ``lipkit::name`` column."""
        for col in self.columns:
            if col.lipkit == name:
                return self.cells.get(col.index, "").strip(), col.header
        return "", LIPKIT_PREFIX + name

    def header_of(self, field_name: str) -> str:
        return next((c.header for c in self.columns if c.field == field_name), field_name)

    def is_empty(self) -> bool:
        return not any(v.strip() for v in self.cells.values())


@dataclass
class Sheet:
    name: str
    columns: list[Column]
    rows: list[SheetRow]

    def translated(self, row: SheetRow, field_name: str, default_language: str) -> Labels:
        """The translations of ``field_name`` on ``row``; a translated column wins over plain."""
        labels: Labels = {}
        for col in self.columns:
            if col.field != field_name or col.lipkit is not None:
                continue
            text = row.cells.get(col.index, "")
            if not text.strip():
                continue
            lang = col.language or default_language
            if col.language is None and lang in labels:
                continue
            labels[lang] = text
        return labels


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _classify(index: int, header: str, aliases_: dict[str, str]) -> Column:
    header = header.strip()
    lowered = header.lower()
    for prefix in (LIPKIT_PREFIX, LIPKIT_CHOICE_PREFIX):
        if lowered.startswith(prefix):
            return Column(index, header, lipkit=lowered[len(prefix) :].strip())
    base, sep, language = header.partition("::")
    base_key = base.strip()
    field_name = aliases_.get(base_key) or aliases_.get(base_key.lower())
    if sep and field_name:
        return Column(index, header, field=field_name, language=language_code(language))
    if sep:
        return Column(index, header)
    return Column(index, header, field=field_name)


def _read_sheet(
    ws: Any,
    name: str,
    path: Path,
    aliases_: dict[str, str],
    lipkit_columns: tuple[str, ...],
) -> Sheet:
    rows = ws.iter_rows(values_only=True)
    header_cells = next(rows, None) or ()
    columns: list[Column] = []
    seen: dict[tuple[str | None, str | None, str | None], str] = {}
    for index, raw in enumerate(header_cells):
        header = _cell_text(raw).strip()
        if not header:
            continue
        col = _classify(index, header, aliases_)
        if col.lipkit is not None and col.lipkit not in lipkit_columns:
            prefix = LIPKIT_CHOICE_PREFIX if name == CHOICES else LIPKIT_PREFIX
            expected = ", ".join(prefix + c for c in lipkit_columns) or "none on this sheet"
            raise FormError(
                f"unknown lipkit column; expected {expected}",
                path=path,
                sheet=name,
                row=1,
                column=header,
            )
        key = (col.field or (None if col.lipkit else header), col.language, col.lipkit)
        if key in seen:
            raise FormError(
                f"column appears twice (also as {seen[key]!r})",
                path=path,
                sheet=name,
                row=1,
                column=header,
            )
        seen[key] = header
        columns.append(col)
    sheet_rows: list[SheetRow] = []
    for number, values in enumerate(rows, start=2):
        cells = {
            col.index: _cell_text(values[col.index])
            for col in columns
            if col.index < len(values) and values[col.index] is not None
        }
        row = SheetRow(number, cells, columns)
        if not row.is_empty():
            sheet_rows.append(row)
    return Sheet(name, columns, sheet_rows)


def _find_sheet(workbook: Any, name: str) -> Any | None:
    for title in workbook.sheetnames:
        if title.strip().lower() == name:
            return workbook[title]
    return None


# -- building the model ------------------------------------------------------------------------


@dataclass
class _OpenGroup:
    group: Group
    row: int


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

    def error(self, message: str, row: SheetRow | int, column: str | None = None) -> FormError:
        number = row if isinstance(row, int) else row.number
        return FormError(message, path=self.path, sheet=SURVEY, row=number, column=column)

    def items(self) -> list[Item]:
        return self.stack[-1].group.items if self.stack else self.root

    def claim_name(self, row: SheetRow, name: str) -> None:
        if not name:
            raise self.error("a question or group needs a name", row, row.header_of("name"))
        if not is_xml_tag(name) or "/" in name:
            raise self.error(
                f"invalid name {name!r}; expected letters, digits, '_', '-' or '.', "
                "starting with a letter or '_'",
                row,
                row.header_of("name"),
            )
        if name in self.names:
            raise self.error(
                f"name {name!r} is already used in row {self.names[name]}",
                row,
                row.header_of("name"),
            )
        self.names[name] = row.number

    def add_row(self, row: SheetRow) -> None:
        type_text = " ".join(row.value("type").split())
        type_column = row.header_of("type")
        if not type_text:
            if row.value("name") or self.sheet.translated(row, "label", self.default_language):
                raise self.error("row has no type", row, type_column)
            return
        if begin := RE_BEGIN.match(type_text):
            self.begin_group(row, aliases.control[begin["control"]])
        elif end := RE_END.match(type_text):
            self.end_group(row, aliases.control[end["control"]])
        elif select := RE_SELECT.match(type_text):
            self.add_select(row, select)
        elif type_text in SIMPLE_TYPES or type_text.lower() in SIMPLE_TYPES:
            qtype = SIMPLE_TYPES.get(type_text) or SIMPLE_TYPES[type_text.lower()]
            self.add_question(row, qtype, None)
        elif type_text in METADATA_TYPES or type_text.lower() in METADATA_TYPES:
            return
        else:
            raise self.error(
                f"unknown question type {type_text!r}; expected one of "
                f"{', '.join(SUPPORTED_TYPES)}",
                row,
                type_column,
            )

    def begin_group(self, row: SheetRow, control: str) -> None:
        if control != pyxform_constants.GROUP:
            raise self.error(
                "repeats are not supported by lipkit (one row per respondent); "
                "expected begin_group",
                row,
                row.header_of("type"),
            )
        name = row.value("name") or row.raw(KOBO_AUTONAME)
        self.claim_name(row, name)
        for lipkit_name in LIPKIT_SURVEY_COLUMNS:
            value, header = row.lipkit(lipkit_name)
            if value:
                raise self.error(
                    f"{header} applies to questions, not to groups; set it on each question",
                    row,
                    header,
                )
        try:
            group = Group(
                name=name,
                label=self.sheet.translated(row, "label", self.default_language),
                relevant=row.value("relevant") or None,
                appearance=row.value("appearance") or None,
            )
        except ValidationError as exc:
            raise self.error(_validation_message(exc), row) from None
        self.items().append(group)
        self.stack.append(_OpenGroup(group, row.number))

    def end_group(self, row: SheetRow, control: str) -> None:
        if control != pyxform_constants.GROUP:
            raise self.error(
                "repeats are not supported by lipkit; expected end_group",
                row,
                row.header_of("type"),
            )
        if not self.stack:
            raise self.error("end_group without a matching begin_group", row, row.header_of("type"))
        name = row.value("name")
        open_group = self.stack[-1]
        if name and name != open_group.group.name:
            raise self.error(
                f"end_group {name!r} closes group {open_group.group.name!r} "
                f"opened in row {open_group.row}",
                row,
                row.header_of("name"),
            )
        self.stack.pop()

    def add_select(self, row: SheetRow, match: re.Match[str]) -> None:
        command, list_name = match["command"], match["list_name"]
        type_column = row.header_of("type")
        if command in aliases.select_from_file:
            raise self.error(
                f"{command}: choices from an external file are not supported; "
                "put the choices on the choices sheet and use select_one <list>",
                row,
                type_column,
            )
        target = aliases.select[command]
        if target == pyxform_constants.SELECT_ONE:
            qtype = QuestionType.SELECT_ONE
        elif target == pyxform_constants.SELECT_ALL_THAT_APPLY:
            qtype = QuestionType.SELECT_MULTIPLE
        else:
            raise self.error(
                f"question type {command!r} is not supported; expected one of "
                f"{', '.join(SUPPORTED_TYPES)}",
                row,
                type_column,
            )
        if match["other"]:
            raise self.error(
                f"{match['other']!r} is not supported; add an explicit 'other' choice "
                "and a text question",
                row,
                type_column,
            )
        if not list_name:
            raise self.error(
                f"{command} needs a choice list: '{command} <list_name>'", row, type_column
            )
        if list_name not in self.choices:
            known = ", ".join(self.choices) or "none"
            raise self.error(
                f"choice list {list_name!r} is not on the choices sheet (lists: {known})",
                row,
                type_column,
            )
        self.add_question(row, qtype, list_name)

    def add_question(self, row: SheetRow, qtype: QuestionType, list_name: str | None) -> None:
        name = row.value("name") or row.raw(KOBO_AUTONAME)
        if not name and qtype == QuestionType.NOTE:
            name = f"generated_note_name_{row.number}"  # as pyxform does
        self.claim_name(row, name)
        required_text = row.value("required")
        required = parse_yes_no(required_text)
        if required is None:
            raise self.error(
                f"required {required_text!r}: lipkit supports only yes/no (yes, true, 1 / "
                "no, false, 0, empty)",
                row,
                row.header_of("required"),
            )
        try:
            question = Question(
                name=name,
                type=qtype,
                list_name=list_name,
                label=self.sheet.translated(row, "label", self.default_language),
                hint=self.sheet.translated(row, "hint", self.default_language),
                relevant=row.value("relevant") or None,
                constraint=row.value("constraint") or None,
                constraint_message=self.sheet.translated(
                    row, "constraint_message", self.default_language
                ),
                required=required,
                appearance=row.value("appearance") or None,
                choice_filter=row.value("choice_filter") or None,
                calculation=row.value("calculation") or None,
                scale=self.scale(row, qtype),
                missing=self.codes(row, "missing", qtype, list_name),
                exclusive=self.codes(row, "exclusive", qtype, list_name),
                org_level=self.org_level(row, qtype),
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
                f"invalid scale {value!r}; expected one of {', '.join(allowed)}", row, header
            )
        if qtype != QuestionType.SELECT_ONE:
            raise self.error(f"a scale must be a select_one question, not {qtype}", row, header)
        return ScaleOrder(value)

    def codes(
        self, row: SheetRow, column: str, qtype: QuestionType, list_name: str | None
    ) -> list[str]:
        value, header = row.lipkit(column)
        codes = value.split()
        if not codes:
            return []
        if qtype not in SELECT_TYPES or list_name is None:
            raise self.error(f"{header} needs a select question, not {qtype}", row, header)
        known = self.choices[list_name].names()
        for code in codes:
            if code not in known:
                raise self.error(
                    f"{code!r} is not a choice of list {list_name!r} (choices: {', '.join(known)})",
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
                f"invalid org level name {value!r}; expected letters, digits and '_'",
                row,
                header,
            )
        if qtype in (QuestionType.NOTE, QuestionType.SELECT_MULTIPLE):
            raise self.error(f"a {qtype} question cannot record an org level", row, header)
        if value in self.org_levels:
            raise self.error(
                f"org level {value!r} is already recorded by the question in row "
                f"{self.org_levels[value]}",
                row,
                header,
            )
        self.org_levels[value] = row.number
        return value

    def finish(self) -> list[Item]:
        if self.stack:
            open_group = self.stack[-1]
            raise self.error(
                f"group {open_group.group.name!r} is never closed; expected an end_group row",
                open_group.row,
                "type",
            )
        return self.root


def _validation_message(exc: ValidationError) -> str:
    messages = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ()))
        message = str(err.get("msg", "")).removeprefix("Value error, ")
        messages.append(f"{where}: {message}" if where else message)
    return "; ".join(messages)


def _read_settings(sheet: Sheet | None, path: Path) -> tuple[Settings, str]:
    """Settings and the header suffix of the default language (for plain columns)."""
    if sheet is None or not sheet.rows:
        return Settings(), DEFAULT_LANGUAGE
    row = sheet.rows[0]
    values = {f: row.value(f) for f in SETTINGS_FIELDS if row.value(f)}
    if "default_language" in values:
        values["default_language"] = language_code(values["default_language"])
    try:
        settings = Settings(**values)
    except ValidationError as exc:
        raise FormError(
            _validation_message(exc), path=path, sheet=SETTINGS, row=row.number
        ) from None
    return settings, settings.default_language


def _read_choices(sheet: Sheet | None, path: Path, default_language: str) -> dict[str, ChoiceList]:
    if sheet is None:
        return {}
    lists: dict[str, list[Choice]] = {}
    first_row: dict[tuple[str, str], int] = {}
    filter_columns = [
        col
        for col in sheet.columns
        if col.field is None
        and col.lipkit is None
        and "::" not in col.header
        and not col.header.startswith("$")
        and col.header.lower() not in MEDIA_COLUMNS
    ]
    for row in sheet.rows:
        list_name = row.value("list_name")
        name = row.value("name") or row.raw(KOBO_AUTOVALUE)

        def error(message: str, column: str, row: SheetRow = row) -> FormError:
            return FormError(message, path=path, sheet=CHOICES, row=row.number, column=column)

        if not list_name:
            raise error("choice has no list_name", row.header_of("list_name"))
        if not name:
            raise error(f"choice of list {list_name!r} has no name", row.header_of("name"))
        if (list_name, name) in first_row:
            raise error(
                f"choice {name!r} appears twice in list {list_name!r} "
                f"(first in row {first_row[list_name, name]})",
                row.header_of("name"),
            )
        first_row[list_name, name] = row.number
        flags: dict[str, bool] = {}
        for flag in LIPKIT_CHOICE_COLUMNS:
            value, header = row.lipkit(flag)
            parsed = parse_yes_no(value)
            if parsed is None:
                raise error(f"invalid value {value!r}; expected yes or no", header)
            flags[flag] = parsed
        filters = {
            col.header: row.cells[col.index].strip()
            for col in filter_columns
            if row.cells.get(col.index, "").strip()
        }
        try:
            choice = Choice(
                name=name,
                label=sheet.translated(row, "label", default_language),
                filters=filters,
                **flags,
            )
        except ValidationError as exc:
            raise error(_validation_message(exc), row.header_of("name")) from None
        lists.setdefault(list_name, []).append(choice)
    return {name: ChoiceList(name=name, choices=choices) for name, choices in lists.items()}


def _languages(sheets: Iterable[Sheet | None], translatable: set[str], default: str) -> list[str]:
    languages: list[str] = []
    for sheet in sheets:
        if sheet is None:
            continue
        for col in sheet.columns:
            if col.field in translatable and col.lipkit is None:
                lang = col.language or default
                if lang not in languages:
                    languages.append(lang)
    return languages or [default]


def read_xlsform(path: str | Path) -> Questionnaire:
    """Read an XLSForm into the model; every problem is a :class:`FormError` with its cell."""
    path = Path(path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise FormError("file not found", path=path) from None
    except Exception as exc:  # openpyxl raises many types for a broken or non-xlsx file
        raise FormError(f"not a readable .xlsx file ({exc})", path=path) from None
    try:
        ws_survey = _find_sheet(workbook, SURVEY)
        if ws_survey is None:
            raise FormError(
                f"no sheet named 'survey' (sheets: {', '.join(workbook.sheetnames)})", path=path
            )
        survey = _read_sheet(ws_survey, SURVEY, path, SURVEY_HEADER_ALIASES, LIPKIT_SURVEY_COLUMNS)
        ws_choices = _find_sheet(workbook, CHOICES)
        choices_sheet = (
            _read_sheet(ws_choices, CHOICES, path, CHOICE_HEADER_ALIASES, LIPKIT_CHOICE_COLUMNS)
            if ws_choices is not None
            else None
        )
        ws_settings = _find_sheet(workbook, SETTINGS)
        settings_sheet = (
            _read_sheet(ws_settings, SETTINGS, path, SETTINGS_HEADER_ALIASES, ())
            if ws_settings is not None
            else None
        )
    finally:
        workbook.close()
    if "type" not in {c.field for c in survey.columns}:
        raise FormError("no 'type' column", path=path, sheet=SURVEY, row=1)
    settings, default_language = _read_settings(settings_sheet, path)
    choices = _read_choices(choices_sheet, path, default_language)
    builder = _SurveyBuilder(path, survey, choices, default_language)
    for row in survey.rows:
        builder.add_row(row)
    items = builder.finish()
    languages = _languages(
        [survey, choices_sheet], {*TRANSLATABLE_SURVEY_FIELDS, "label"}, default_language
    )
    try:
        questionnaire = Questionnaire(
            settings=settings, languages=languages, survey=items, choices=choices
        )
    except ValidationError as exc:
        raise FormError(_validation_message(exc), path=path, sheet=SURVEY) from None
    sheets = [s for s in (survey, choices_sheet) if s is not None]
    declared = Declared(c.lipkit for s in sheets for c in s.columns if c.lipkit)
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
            yield {
                "type": "begin_group",
                "name": item.name,
                "label": item.label,
                "relevant": item.relevant,
                "appearance": item.appearance,
            }
            yield from _survey_rows(item.items)
            yield {"type": "end_group"}
            continue
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
            "lipkit::scale": item.scale.value if item.scale else None,
            "lipkit::missing": " ".join(item.missing) or None,
            "lipkit::exclusive": " ".join(item.exclusive) or None,
            "lipkit::org_level": item.org_level,
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
    survey_fields = [*SURVEY_FIELDS, *(LIPKIT_PREFIX + c for c in LIPKIT_SURVEY_COLUMNS)]
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
    for choice_list in q.choices.values():
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
