"""The org tree (e.g. Dezernat -> Fachbereich): read, write, derive from a questionnaire.

Files (see ``docs/formats.md``; chosen by suffix in :mod:`lipkit.study.formats`):

- CSV (``org.csv``): one row per unit, columns ``level, code, name, parent, staff`` and
  optionally ``name::<lang>`` (the unit's name in another language, as in XLSForm) and
  ``level_label`` / ``level_label::<lang>``. Levels are ordered by their first
  appearance in the file, so the first row must be a unit of the top level. Comma,
  semicolon or tab separated; UTF-8 (with or without BOM).
- YAML (``org.yaml``): ``levels`` (names, optional labels and asking question) and
  ``units`` (mappings with the same keys as the CSV columns).

:func:`derive_org_tree` builds the tree from a cascading select instead: the questions
marked with ``lipkit::org_level``, linked by ``choice_filter`` (``dezernat=${dezernat}``).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from lipkit.catalogue import Text
from lipkit.study.conventions import cascade_link
from lipkit.study.errors import FormError
from lipkit.study.model import (
    DEFAULT_LANGUAGE,
    Labels,
    OrgLevel,
    OrgTree,
    OrgUnit,
    Question,
    Questionnaire,
    QuestionType,
    label_text,
)
from lipkit.study.yamlform import Flow, dump_yaml, line_of, load_yaml

CSV_COLUMNS = ("level", "code", "name", "parent", "staff")
LEVEL_LABEL = "level_label"
LEVEL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass
class _UnitRecord:
    """One unit as read from a file, with where it came from (for error messages)."""

    level: str
    code: str
    name: str
    parent: str | None
    staff: int | None
    where: dict[str, Any]
    names: dict[str, str] = field(default_factory=dict)


def _error(
    message: str, path: Path | None, where: dict[str, Any], column: str | None = None
) -> FormError:
    return FormError(message, path=path, column=column, **where)


def _parse_staff(text: str, path: Path, where: dict[str, Any]) -> int | None:
    text = text.strip()
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        number = float("nan")
    if not number.is_integer() or number < 0:
        raise _error(Text("org.staff", value=text), path, where, "staff")
    return int(number)


def _build_tree(
    records: list[_UnitRecord],
    levels: list[OrgLevel] | None,
    path: Path,
) -> OrgTree:
    """Check the records and build the tree; levels default to order of first appearance."""
    if levels is None:
        names = list(dict.fromkeys(r.level for r in records))
        levels = [OrgLevel(name=n) for n in names]
    level_names = [lv.name for lv in levels]
    first_seen: dict[tuple[str, str], dict[str, Any]] = {}
    for record in records:
        if not LEVEL_NAME.fullmatch(record.level):
            raise _error(
                f"invalid level name {record.level!r}; expected letters, digits and '_'",
                path,
                record.where,
                "level",
            )
        if record.level not in level_names:
            raise _error(
                f"unknown level {record.level!r}; expected one of {', '.join(level_names)}",
                path,
                record.where,
                "level",
            )
        key = (record.level, record.code)
        if key in first_seen:
            first = ", ".join(f"{k} {v}" for k, v in first_seen[key].items())
            raise _error(
                f"unit code {record.code!r} appears twice on level {record.level!r} "
                f"(first at {first})",
                path,
                record.where,
                "code",
            )
        first_seen[key] = record.where
    for record in records:
        depth = level_names.index(record.level)
        if depth == 0:
            if record.parent is not None:
                raise _error(
                    f"unit {record.code!r} is on the top level {record.level!r} but has parent "
                    f"{record.parent!r} (levels are ordered by first appearance: "
                    f"{' > '.join(level_names)})",
                    path,
                    record.where,
                    "parent",
                )
            continue
        above = level_names[depth - 1]
        if record.parent is None:
            raise _error(
                f"unit {record.code!r} on level {record.level!r} needs a parent unit of "
                f"level {above!r}",
                path,
                record.where,
                "parent",
            )
        if (above, record.parent) not in first_seen:
            raise _error(
                f"unknown parent {record.parent!r}: no unit of level {above!r} has this code",
                path,
                record.where,
                "parent",
            )
    units = [
        OrgUnit(
            code=r.code, name=r.name, level=r.level, parent=r.parent, staff=r.staff, names=r.names
        )
        for r in records
    ]
    try:
        return OrgTree(levels=levels, units=units)
    except ValidationError as exc:  # checked above; kept so nothing escapes unlocated
        raise FormError(str(exc.errors()[0].get("msg", exc)), path=path) from None


# -- CSV -------------------------------------------------------------------------------------


def _sniff_delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def read_org_csv(path: Path) -> OrgTree:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise FormError(Text("yaml.file_not_found"), path=path) from None
    except UnicodeDecodeError as exc:
        raise FormError(Text("org.not_utf8", reason=exc.reason), path=path) from None
    reader = csv.reader(io.StringIO(text), delimiter=_sniff_delimiter(text.partition("\n")[0]))
    rows = list(reader)
    if not rows:
        raise FormError(Text("org.empty"), path=path)
    header = [h.strip() for h in rows[0]]
    lowered = [h.lower() for h in header]
    label_columns: dict[int, str] = {}
    name_columns: dict[int, str] = {}
    for index, name in enumerate(lowered):
        if name in CSV_COLUMNS or name == "":
            continue
        base, sep, language = name.partition("::")
        if base == LEVEL_LABEL:
            label_columns[index] = language.strip() if sep else DEFAULT_LANGUAGE
            continue
        if base == "name" and sep and language.strip():
            name_columns[index] = language.strip()
            continue
        raise FormError(
            Text("org.unknown_column", columns=", ".join(CSV_COLUMNS), label=LEVEL_LABEL),
            path=path,
            row=1,
            column=header[index],
        )
    for required in ("level", "code"):
        if required not in lowered:
            raise FormError(Text("org.no_column", name=required), path=path, row=1)
    index_of = {name: lowered.index(name) for name in CSV_COLUMNS if name in lowered}

    records: list[_UnitRecord] = []
    level_labels: dict[str, Labels] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        where = {"row": number}

        def cell(name: str, row: list[str] = row) -> str:
            index = index_of.get(name)
            return row[index].strip() if index is not None and index < len(row) else ""

        level, code = cell("level"), cell("code")
        if not level:
            raise _error(Text("org.no_level"), path, where, header[index_of["level"]])
        if not code:
            raise _error(Text("org.no_code"), path, where, header[index_of["code"]])
        labels = level_labels.setdefault(level, {})
        for index, language in label_columns.items():
            text = row[index].strip() if index < len(row) else ""
            if not text:
                continue
            if labels.get(language, text) != text:
                raise _error(
                    f"level {level!r} already has the label {labels[language]!r}",
                    path,
                    where,
                    header[index],
                )
            labels[language] = text
        records.append(
            _UnitRecord(
                level=level,
                code=code,
                name=cell("name") or code,
                parent=cell("parent") or None,
                staff=_parse_staff(cell("staff"), path, where),
                where=where,
                names={
                    language: row[index].strip()
                    for index, language in name_columns.items()
                    if index < len(row) and row[index].strip()
                },
            )
        )
    levels = [
        OrgLevel(name=name, label=level_labels.get(name, {}))
        for name in dict.fromkeys(r.level for r in records)
    ]
    return _build_tree(records, levels, path)


def _sorted_units(tree: OrgTree) -> list[OrgUnit]:
    """Units top level first (stable), so that the CSV's first appearance order is the tree's."""
    return sorted(tree.units, key=lambda u: tree.depth(u.level))


def write_org_csv(tree: OrgTree, path: Path) -> None:
    languages = list(dict.fromkeys(lang for lv in tree.levels for lang in lv.label))
    label_headers = [
        LEVEL_LABEL if lang == DEFAULT_LANGUAGE else f"{LEVEL_LABEL}::{lang}" for lang in languages
    ]
    labels = {lv.name: lv.label for lv in tree.levels}
    name_languages = list(dict.fromkeys(lang for u in tree.units for lang in u.names))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*CSV_COLUMNS, *(f"name::{lang}" for lang in name_languages), *label_headers])
    for unit in _sorted_units(tree):
        writer.writerow(
            [
                unit.level,
                unit.code,
                unit.name,
                unit.parent or "",
                "" if unit.staff is None else unit.staff,
                *(unit.names.get(lang, "") for lang in name_languages),
                *(labels[unit.level].get(lang, "") for lang in languages),
            ]
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(buffer.getvalue(), encoding="utf-8")


# -- YAML ------------------------------------------------------------------------------------


def read_org_yaml(path: Path) -> OrgTree:
    data = load_yaml(path)
    if not isinstance(data, dict):
        raise FormError(Text("org.levels_units"), path=path)
    for key in data:
        if key not in ("levels", "units"):
            raise FormError(
                Text("org.unknown_top_key"),
                path=path,
                line=line_of(data),
                column=str(key),
            )
    levels = None
    if data.get("levels") is not None:
        levels = [_yaml_level(node, path) for node in _yaml_list(data, "levels", path)]
    records: list[_UnitRecord] = []
    for node in _yaml_list(data, "units", path):
        where: dict[str, Any] = {"line": line_of(node)}
        if not isinstance(node, dict):
            raise _error(Text("org.unit_mapping"), path, where)
        for key in node:
            if key not in CSV_COLUMNS and not str(key).startswith("name::"):
                raise _error(
                    Text("org.unknown_unit_key", columns=", ".join(CSV_COLUMNS)),
                    path,
                    where,
                    str(key),
                )
        level, code = _text(node.get("level")), _text(node.get("code"))
        if not level:
            raise _error(Text("org.no_level"), path, where, "level")
        if not code:
            raise _error(Text("org.no_code"), path, where, "code")
        where["item"] = f"units → {code}"
        records.append(
            _UnitRecord(
                level=level,
                code=code,
                name=_text(node.get("name")) or code,
                parent=_text(node.get("parent")) or None,
                staff=_parse_staff(_text(node.get("staff")), path, where),
                where=where,
                names={
                    str(key).partition("::")[2]: _text(value)
                    for key, value in node.items()
                    if str(key).startswith("name::") and _text(value)
                },
            )
        )
    if levels is not None:
        names = [lv.name for lv in levels]
        if len(set(names)) != len(names):
            raise FormError(Text("org.level_twice"), path=path, column="levels")
    return _build_tree(records, levels, path)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _yaml_list(data: dict, key: str, path: Path) -> list:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise FormError(Text("org.expected_list"), path=path, line=line_of(data), column=key)
    return value


def _yaml_level(node: Any, path: Path) -> OrgLevel:
    if isinstance(node, str):
        node = {"name": node}
    where = {
        "line": line_of(node),
        "item": f"levels → {node.get('name') if isinstance(node, dict) else node}",
    }
    if not isinstance(node, dict):
        raise _error(Text("org.level_node"), path, where)
    fields = dict(node)
    if isinstance(fields.get("label"), str):
        fields["label"] = {DEFAULT_LANGUAGE: fields["label"]}
    try:
        level = OrgLevel(**fields)
    except ValidationError as exc:
        err = exc.errors()[0]
        column = str(err["loc"][0]) if err.get("loc") else None
        raise _error(str(err.get("msg")), path, where, column) from None
    if not LEVEL_NAME.fullmatch(level.name):
        raise _error(
            Text("org.level_name", name=level.name),
            path,
            where,
            "name",
        )
    return level


def write_org_yaml(tree: OrgTree, path: Path) -> None:
    levels = []
    for lv in tree.levels:
        entry: dict[str, Any] = {"name": lv.name}
        if lv.label:
            entry["label"] = Flow(lv.label)
        if lv.question:
            entry["question"] = lv.question
        levels.append(entry)
    units = []
    for unit in _sorted_units(tree):
        entry = {"level": unit.level, "code": unit.code, "name": unit.name}
        if unit.parent is not None:
            entry["parent"] = unit.parent
        if unit.staff is not None:
            entry["staff"] = unit.staff
        for language, name in unit.names.items():
            entry[f"name::{language}"] = name
        units.append(Flow(entry))
    dump_yaml({"levels": levels, "units": units}, path)


# -- deriving the tree from the questionnaire ------------------------------------------------


def _parent_link(question: Question, org_questions: dict[str, Question]) -> tuple[str, str] | None:
    """(filter column, parent question) when ``choice_filter`` is ``column=${parent}``."""
    link = cascade_link(question.choice_filter)
    if link is None or link[1] not in org_questions:
        return None
    return link


def derive_org_tree(q: Questionnaire) -> OrgTree | None:
    """The org tree given by the questions that carry ``org_level``; None if there are none.

    The top level's choices are its units. A lower level's question filters its choices
    by the level above (``choice_filter`` ``dezernat=${dezernat}``), and each of its choices
    names its parent's code in that filter column. Missing codes (``k_a``) are no units.
    """
    org_questions = {qu.name: qu for qu in q.questions() if qu.org_level}
    if not org_questions:
        return None
    by_level: dict[str, str] = {}
    for question in org_questions.values():
        level = question.org_level or question.name
        if level in by_level:
            raise FormError(
                Text("org.derive_twice", first=by_level[level], name=question.name, level=level)
            )
        by_level[level] = question.name
    for question in org_questions.values():
        if question.type != QuestionType.SELECT_ONE:
            raise FormError(
                Text(
                    "org.derive_type",
                    name=question.name,
                    level=question.org_level,
                    type=str(question.type),
                )
            )
    links = {name: _parent_link(qu, org_questions) for name, qu in org_questions.items()}
    tops = [name for name, link in links.items() if link is None]
    if len(tops) != 1:
        detail = "; ".join(
            f"{name!r} (choice_filter {org_questions[name].choice_filter!r})" for name in tops
        ) or Text("org.derive_no_top")
        raise FormError(Text("org.derive_tops", found=detail))
    chain = [tops[0]]
    while True:
        children = [name for name, link in links.items() if link and link[1] == chain[-1]]
        if len(children) > 1:
            raise FormError(
                Text("org.derive_chain", names=", ".join(map(repr, children)), parent=chain[-1])
            )
        if not children:
            break
        chain.append(children[0])
    if len(chain) != len(org_questions):
        rest = [name for name in org_questions if name not in chain]
        raise FormError(
            Text("org.derive_unlinked", names=", ".join(map(repr, rest)), chain=" > ".join(chain))
        )
    language = q.settings.default_language
    levels: list[OrgLevel] = []
    units: list[OrgUnit] = []
    parent_codes: set[str] = set()
    for depth, name in enumerate(chain):
        question = org_questions[name]
        level = question.org_level or name
        levels.append(OrgLevel(name=level, question=name))
        link = links[name]
        missing = set(q.missing_codes(question))
        codes: set[str] = set()
        for choice in q.choice_list(question).choices:
            if choice.name in missing:
                continue
            parent = None
            if link is not None:
                column, parent_question = link
                parent = choice.filters.get(column)
                if not parent:
                    raise FormError(
                        Text(
                            "org.derive_no_parent",
                            name=name,
                            choice=choice.name,
                            column=column,
                            level=levels[depth - 1].name,
                            parent=parent_question,
                        )
                    )
                if parent not in parent_codes:
                    raise FormError(
                        Text(
                            "org.derive_bad_parent",
                            name=name,
                            choice=choice.name,
                            column=column,
                            value=parent,
                            parent=parent_question,
                        )
                    )
            units.append(
                OrgUnit(
                    code=choice.name,
                    name=label_text(choice.label, language, fallback=choice.name),
                    level=level,
                    parent=parent,
                )
            )
            codes.add(choice.name)
        parent_codes = codes
    return OrgTree(levels=levels, units=units)


def link_org_questions(tree: OrgTree, q: Questionnaire) -> OrgTree:
    """Fill each level's asking question from the questionnaire's ``org_level`` marks.

    A question marking a level the tree does not have is an error naming both.
    """
    asked = {qu.org_level: qu.name for qu in q.questions() if qu.org_level}
    names = [lv.name for lv in tree.levels]
    for level, question in asked.items():
        if level not in names:
            raise FormError(
                Text("org.unknown_level", name=question, level=level, levels=", ".join(names))
            )
    levels = [
        lv.model_copy(update={"question": lv.question or asked.get(lv.name)}) for lv in tree.levels
    ]
    return tree.model_copy(update={"levels": levels})
