"""The plan as one Excel workbook — what cities keep their plans in today.

Sheets: ``Plan`` (title, thresholds), ``Wellen`` (survey waves), ``Handlungsfelder``,
``Ziele`` (strategic goals and goals, each under its parent), ``Maßnahmen``, ``Indikatoren``,
``Werte``. The columns are the keys of ``plan.yaml`` (nested keys joined by ``_``, e.g.
``owner_unit``; lists separated by ``;``) and of ``values.csv``. Reading checks the same as
reading ``plan/`` and names the sheet and row of every problem; ``write_workbook`` then
``read_workbook`` gives the same plan back.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import replace
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from lipkit.catalogue import Text
from lipkit.controlling.files import (
    TITLE_KEYS,
    VALUE_COLUMNS,
    PlanError,
    PlanIssue,
    YamlMapping,
    _plan,
    _Reader,
    _titles,
    format_number,
    plan_to_data,
    read_values,
)
from lipkit.controlling.model import Plan

SHEETS = ("Plan", "Wellen", "Handlungsfelder", "Ziele", "Maßnahmen", "Indikatoren", "Werte")
LIST_SEP = "; "
FIELD_COLUMNS = ("id", "title", *TITLE_KEYS.values(), "recommendations")
GOAL_COLUMNS = (
    "level",
    "id",
    "parent",
    "title",
    *TITLE_KEYS.values(),
    "recommendations",
    "figures",
)
LEVEL_WORDS = ("Leitziel", "Ziel")
MEASURE_COLUMNS = (
    "id",
    "title",
    *TITLE_KEYS.values(),
    "owner_unit",
    "owner_role",
    "start",
    "end",
    "budget",
    "goals",
    "status",
    "reason",
    "report_date",
    "report",
)
INDICATOR_COLUMNS = (
    "id",
    "title",
    *TITLE_KEYS.values(),
    "kind",
    "unit",
    "direction",
    "goal",
    "measure",
    "definition",
    "source",
    "method",
    "frequency",
    "cumulative",
    "responsible_unit",
    "responsible_role",
    "survey_wave",
    "survey_question",
    "survey_measure",
    "survey_options",
    "ratio_numerator",
    "ratio_denominator",
    "ratio_factor",
    "import_file",
    "import_date_column",
    "import_value_column",
)
NESTED = ("owner", "responsible", "survey", "ratio", "import")
LISTS = ("recommendations", "figures", "goals", "options")


def _flat(item: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in item.items():
        if isinstance(value, dict):
            out |= _flat({f"{key}_{k}": v for k, v in value.items()})
        elif isinstance(value, list):
            out[key] = LIST_SEP.join(str(v) for v in value)
        else:
            out[key] = value
    return out


def write_workbook(plan: Plan, path: str | Path) -> None:
    data = plan_to_data(plan)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Plan"
    ws.append(("key", "value"))
    ws.append(("title", plan.title))
    for key, title in _titles(plan).items():
        ws.append((key, title))
    ws.append(("on_track", plan.thresholds.on_track))
    ws.append(("at_risk", plan.thresholds.at_risk))
    sheets: dict[str, tuple[tuple[str, ...], list[dict[str, Any]]]] = {
        "Wellen": (("id", "date", "responses"), data.get("waves", [])),
        "Handlungsfelder": (FIELD_COLUMNS, [_flat(f) for f in data["fields"]]),
        "Ziele": (GOAL_COLUMNS, _goal_rows(data["fields"])),
        "Maßnahmen": (MEASURE_COLUMNS, [_flat(m) for m in data["measures"]]),
        "Indikatoren": (INDICATOR_COLUMNS, [_flat(i) for i in data["indicators"]]),
    }
    for name, (columns, rows) in sheets.items():
        sheet = wb.create_sheet(name)
        sheet.append(columns)
        for row in rows:
            sheet.append([row.get(c) for c in columns])
    values = wb.create_sheet("Werte")
    values.append(VALUE_COLUMNS)
    for v in plan.values:
        values.append(
            (v.indicator, v.kind.value, v.date, v.value, v.source or None, v.comment or None)
        )
    for sheet in wb.worksheets:
        sheet.freeze_panes = "A2"
        for index, column in enumerate(sheet.columns, start=1):
            width = max(len(str(c.value or "")) for c in column)
            sheet.column_dimensions[get_column_letter(index)].width = min(max(width, 8) + 2, 60)
    wb.save(path)


def _goal_rows(fields: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for f in fields:
        for s in f.get("strategic_goals", []):
            rows.append(
                {
                    "level": LEVEL_WORDS[0],
                    "id": s["id"],
                    "parent": f["id"],
                    **{k: s[k] for k in ("title", *TITLE_KEYS.values()) if k in s},
                }
            )
            for g in s.get("goals", []):
                rows.append({"level": LEVEL_WORDS[1], "parent": s["id"], **_flat(g)})
    return rows


class _SheetRow(YamlMapping):
    sheet: str = ""


def _rows(wb: Any, name: str, issues: list[PlanIssue], file: str) -> list[_SheetRow]:
    if name not in wb.sheetnames:
        issues.append(PlanIssue(file, None, "", name, Text("plan_expected.sheet", name=name)))
        return []
    sheet = wb[name]
    rows = sheet.iter_rows(values_only=True)
    header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
    out = []
    for number, cells in enumerate(rows, start=2):
        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        row = _SheetRow()
        for key, cell in zip(header, cells, strict=False):
            if not key or cell is None or str(cell).strip() == "":
                continue
            if isinstance(cell, dt.datetime):
                cell = cell.date()
            row[key] = cell
        row.line = number
        row.key_lines = dict.fromkeys(row, number)
        row.sheet = name
        out.append(row)
    return out


def _split(value: Any) -> list[str]:
    return [x.strip() for x in str(value).split(";") if x.strip()]


def _nest(row: _SheetRow) -> _SheetRow:
    """Flat columns back into the plan.yaml shape (owner_unit -> owner: {unit})."""
    out = _SheetRow()
    for key, value in row.items():
        prefix = next((p for p in NESTED if key.startswith(p + "_")), None)
        if prefix:
            sub = out.setdefault(prefix, _SheetRow())
            name = key[len(prefix) + 1 :]
            sub[name] = _split(value) if name in LISTS else value
            sub.line, sub.sheet = row.line, row.sheet
            sub.key_lines = dict.fromkeys(sub, row.line)
        elif key in LISTS:
            out[key] = _split(value)
        elif key in ("id", "goal", "measure", "parent") and isinstance(value, int | float):
            out[key] = format_number(float(value))  # an id such as 18 typed as a number
        else:
            out[key] = value
    out.line, out.sheet = row.line, row.sheet
    out.key_lines = dict.fromkeys(out, row.line)
    return out


def read_workbook(path: str | Path) -> Plan:
    """The plan in an Excel workbook written by :func:`write_workbook` (or by hand)."""
    path = Path(path)
    file = path.name
    wb = load_workbook(path, read_only=True, data_only=True)
    issues: list[PlanIssue] = []
    settings = {str(r.get("key")): r.get("value") for r in _rows(wb, "Plan", issues, file)}
    data: dict[str, Any] = {"title": settings.get("title") or ""}
    data |= {key: settings[key] for key in TITLE_KEYS.values() if settings.get(key)}
    thresholds = {k: settings[k] for k in ("on_track", "at_risk") if settings.get(k) is not None}
    if thresholds:
        data["thresholds"] = thresholds
    data["waves"] = _rows(wb, "Wellen", issues, file)
    fields = {}
    for row in _rows(wb, "Handlungsfelder", issues, file):
        field = _nest(row)
        field["strategic_goals"] = []
        fields[str(field.get("id"))] = field
    strategic: dict[str, _SheetRow] = {}
    for row in _rows(wb, "Ziele", issues, file):
        goal = _nest(row)
        level, parent = goal.pop("level", ""), str(goal.pop("parent", ""))
        goal.key_lines = dict.fromkeys(goal, row.line)
        if level == LEVEL_WORDS[0] and parent in fields:
            goal["goals"] = []
            strategic[str(goal.get("id"))] = goal
            fields[parent]["strategic_goals"].append(goal)
        elif level == LEVEL_WORDS[1] and parent in strategic:
            strategic[parent]["goals"].append(goal)
        else:
            where = Text("plan_issue.sheet", file=file, sheet="Ziele")
            expected = Text("plan_expected.goal_level")
            issues.append(PlanIssue(where, row.line, "level/parent", f"{level}/{parent}", expected))
    data["fields"] = list(fields.values())
    data["measures"] = [_nest(r) for r in _rows(wb, "Maßnahmen", issues, file)]
    data["indicators"] = [_nest(r) for r in _rows(wb, "Indikatoren", issues, file)]
    reader = _SheetReader(file)
    reader.issues = issues
    plan = _plan(reader, data)
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    for number, cells in enumerate(wb["Werte"].iter_rows() if "Werte" in wb.sheetnames else ()):
        writer.writerow(
            [_cell_text(_shown(c)) for c in cells] if number else [str(c.value) for c in cells]
        )
    values_issues: list[PlanIssue] = []
    values = read_values(text.getvalue(), values_issues, plan) if text.getvalue() else ()
    issues += [
        PlanIssue(
            Text("plan_issue.sheet", file=file, sheet="Werte"), i.line, i.field, i.value, i.expected
        )
        for i in values_issues
    ]
    wb.close()
    if issues:
        raise PlanError(issues)
    return replace(plan, values=values)


def _shown(cell: Any) -> Any:
    """A cell's value as the spreadsheet shows it: a number in a cell formatted as a
    percentage ("35 %", which Excel stores as 0.35 when one types it) as that percentage, 35;
    the plan's percentages are 0-100."""
    value = getattr(cell, "value", None)
    if (
        isinstance(value, float | int)
        and not isinstance(value, bool)
        and "%" in (getattr(cell, "number_format", "") or "")
    ):
        return round(value * 100, 10)
    return value


def _cell_text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    if isinstance(cell, float | int) and not isinstance(cell, bool):
        return format_number(float(cell))
    return str(cell)


class _SheetReader(_Reader):
    """Names the sheet of each problem; the line is the sheet's row."""

    def problem(self, node: Any, field: str, value: object, expected: Text) -> None:
        before = len(self.issues)
        super().problem(node, field, value, expected)
        sheet = getattr(node, "sheet", "")
        if sheet and len(self.issues) > before:
            issue = self.issues[-1]
            self.issues[-1] = PlanIssue(
                Text("plan_issue.sheet", file=self.file, sheet=sheet),
                issue.line,
                issue.field,
                issue.value,
                issue.expected,
            )
