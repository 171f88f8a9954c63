"""The evaluation team's results of a survey (behind login): the dashboard (readers and
owners) and the raw exports (owners). The dashboard shows the snapshot of
``services/snapshots.py``, which moves only by k responses or more. Numbers come from
``lipkit.survey.selectors`` (the analysis engine, suppressed); this module only puts them
into words: German labels, half-up rounded percentages, the privacy marker ``n < k`` where a
number is not shown."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from lipkit import catalogue
from lipkit.display import format_number, format_percent
from lipkit.survey import selectors
from lipkit.survey.models import Survey
from lipkit.survey.selectors_roles import OWNER, READER
from lipkit.survey.services import snapshots
from lipkit.survey.services.exports import CONTENT_TYPES, FORMATS, export_filename, write_export
from lipkit.survey.views.access import survey_view

WORDS_DE = catalogue.group("table", "de")
EXPORTS = (
    ("csv", catalogue.text("team_results.csv"), catalogue.text("team_results.csv_hint")),
    (
        "csv-excel",
        catalogue.text("team_results.csv_excel"),
        catalogue.text("team_results.csv_excel_hint"),
    ),
    ("xlsx", catalogue.text("team_results.xlsx"), catalogue.text("team_results.xlsx_hint")),
    ("zip", catalogue.text("team_results.zip"), catalogue.text("team_results.zip_hint")),
)
KINDS = {
    kind: catalogue.text(f"team_results.kind_{kind}")
    for kind in ("choice", "multiple", "number", "text", "date")
}


@require_GET
@survey_view(READER)
def dashboard(request: HttpRequest, survey: Survey) -> HttpResponse:
    snapshot = snapshots.current(survey)
    data = selectors.dashboard(survey, snapshot.response_ids)
    hidden = f"n < {data.k}"
    change = None
    if survey.previous is not None:
        from lipkit.survey.selectors_waves import wave_change

        previous = snapshots.current(survey.previous)
        change = wave_change(survey, snapshot.response_ids, previous.response_ids)
    context = {
        "survey": survey,
        "owner": request.survey_role == OWNER,
        "data": data,
        "hidden": hidden,
        "total": data.total,
        "last_month": _month(data.last_month),
        "units": [_unit(u, hidden) for u in data.units],
        "units_hidden": any(u.hidden for u in data.units),
        "sections": [
            {"title": s.title, "entries": [_entry(e, hidden) for e in s.entries]}
            for s in data.sections
        ],
        "change": None if change is None else _change(change, hidden),
        "base_note": catalogue.text("base.answered", "de"),
        "suppressed_note": catalogue.text("team_results.suppressed_note", k=data.k),
        "exports": [
            {"fmt": fmt, "label": label, "hint": hint, "filename": export_filename(survey, fmt)}
            for fmt, label, hint in EXPORTS
        ],
    }
    return render(request, "survey/team/dashboard.html", context)


@require_GET
@survey_view(OWNER)
def export(request: HttpRequest, survey: Survey, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404(catalogue.text("team_results.unknown_format"))
    with tempfile.TemporaryDirectory(prefix="lipkit-download-") as tmp:
        written = write_export(survey, fmt, Path(tmp), user=request.user)
        content = written.read_bytes()
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{export_filename(survey, fmt)}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# -- words --------------------------------------------------------------------------------------


SYMBOLS = {
    "up": ("▲", catalogue.text("team_results.up")),
    "down": ("▼", catalogue.text("team_results.down")),
    "same": ("●", catalogue.text("team_results.same")),
}


def _signed(value: float | None) -> str:
    text = format_number(value)
    return f"+{text}" if value is not None and value > 0 and text != "0" else text


def _change(change, hidden: str) -> dict:
    rows = []
    for r in change.rows:
        symbol, meaning = SYMBOLS[r.direction]
        rows.append(
            {
                "label": r.label,
                "option": r.option,
                "hidden": r.hidden or not r.n_from or not r.n_to,
                "earlier": f"{_percent(r.share_from)} (n={r.n_from})",
                "current": f"{_percent(r.share_to)} (n={r.n_to})",
                "diff": _signed(r.diff_pp),
                "interval": f"{_signed(r.low)} … {_signed(r.high)}",
                "symbol": symbol,
                "meaning": meaning,
            }
        )
    return {
        "earlier": change.earlier,
        "current": change.current,
        "rows": rows,
        "hidden": hidden,
        "not_comparable": change.not_comparable,
    }


def _month(month: str | None) -> date | None:
    """``2025-03`` as the first of that month (the page shows "März 2025")."""
    return date.fromisoformat(f"{month}-01") if month else None


def _count(value: int | None, hidden: str) -> str:
    return hidden if value is None else str(value)


def _percent(value: float | None) -> str:
    return format_percent(value)


def _unit(unit: selectors.UnitCount, hidden: str) -> dict:
    return {
        "kind": unit.kind,
        "code": unit.code,
        "name": unit.name,
        "depth": unit.depth,
        "hidden": unit.hidden,
        "n": _count(unit.n, WORDS_DE["hidden_unit"] if unit.complement else hidden),
        "staff": str(unit.staff) if unit.staff else "–",
        "rate": _percent(unit.rate),
    }


def _entry(entry: selectors.QuestionResult | selectors.MatrixResult, hidden: str) -> dict:
    if isinstance(entry, selectors.MatrixResult):
        return {
            "kind": "matrix",
            "name": entry.name,
            "label": entry.label,
            "columns": entry.columns,
            "items": [
                {
                    "name": item.name,
                    "label": item.label,
                    "suppressed": item.suppressed,
                    "cells": [_percent(p) for p in entry.percents(item)],
                    "top2": _percent(item.top2),
                    "n": _count(item.n, hidden),
                }
                for item in entry.items
            ],
        }
    result = entry
    notes = []
    if result.type.value == "select_multiple":
        notes.append(WORDS_DE["multiple"])
    if result.filtered:
        shown = (
            ""
            if result.n_not_shown is None
            else catalogue.text("team_results.not_shown", n=result.n_not_shown)
        )
        notes.append(catalogue.text("team_results.filtered", shown=shown))
    if result.n_skipped:
        notes.append(catalogue.text("team_results.skipped", n=result.n_skipped))
    summary: list[tuple[str, str]] = []
    if result.scale:
        summary = [
            (WORDS_DE["top2"], _percent(result.top2)),
            (WORDS_DE["bottom2"], _percent(result.bottom2)),
            (WORDS_DE["mean"], format_number(result.mean, 2)),
        ]
    elif result.kind == "number":
        summary = [
            (WORDS_DE["mean"], format_number(result.mean, 2)),
            (WORDS_DE["sd"], format_number(result.sd, 2)),
        ]

    def option(o: selectors.OptionCount) -> dict:
        return {
            "label": o.label,
            "hidden": o.hidden,
            "count": WORDS_DE["hidden_unit"] if o.hidden else _count(o.count, hidden),
            "percent": "·" if o.hidden else _percent(o.percent),
        }

    return {
        "kind": result.kind,
        "kind_label": KINDS.get(result.kind, ""),
        "name": result.name,
        "label": result.label,
        "suppressed": result.suppressed,
        "n": _count(result.n, hidden),
        "rows": [option(o) for o in result.substantive],
        "no_answer": [option(o) for o in result.no_answer],
        "summary": summary,
        "notes": notes,
    }


urlpatterns = [
    path("team/<slug:slug>/ergebnisse/", dashboard, name="team-dashboard"),
    path("team/<slug:slug>/export/<str:fmt>/", export, name="team-export"),
]
