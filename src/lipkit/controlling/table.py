"""The status tree as rows (for ``lipkit plan status``: table, CSV, JSON)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lipkit import catalogue
from lipkit.controlling.model import Plan
from lipkit.controlling.status import SEVERITY, PlanStatus, Status
from lipkit.controlling.study import StudyPlan
from lipkit.controlling.value_text import comment_text

if TYPE_CHECKING:
    import polars as pl

COLUMN_KEYS = (
    "level",
    "id",
    "title",
    "status",
    "symbol",
    "counts",
    "kind",
    "baseline",
    "actual",
    "as_of",
    "expected",
    "target",
    "target_date",
    "progress",
)


def column_names(lang: str = "de") -> tuple[str, ...]:
    """The columns of the status table in ``lang`` (``plan_column.*`` of the catalogue)."""
    return tuple(catalogue.text(f"plan_column.{key}", lang) for key in COLUMN_KEYS)


def level_names(lang: str = "de") -> tuple[str, ...]:
    """Field of action, strategic goal, goal, indicator in ``lang``."""
    return tuple(catalogue.text(f"plan_level.{n}", lang) for n in range(1, 5))


def _counts(counts: dict[Status, int], lang: str) -> str:
    order = [*SEVERITY[::-1], Status.OHNE_BEWERTUNG]
    return ", ".join(f"{counts[s]} {s.label(lang)}" for s in order if counts.get(s))


def status_rows(plan: Plan, status: PlanStatus, lang: str = "de") -> list[dict[str, Any]]:
    """One row per field, strategic goal and goal, each goal followed by its indicators."""
    names = column_names(lang)
    levels = level_names(lang)
    titles = {i.id: i for i in plan.indicators}
    titled = plan.titled()
    rows: list[dict[str, Any]] = []
    for node in status.nodes:
        rows.append(
            dict.fromkeys(names)
            | {
                names[0]: levels[node.level - 1],
                names[1]: node.id,
                names[2]: titled[node.id].title_in(lang) if node.id in titled else node.title,
                names[3]: node.status.label(lang),
                names[4]: node.status.symbol,
                names[5]: _counts(node.counts, lang),
            }
        )
        if node.level != 3:
            continue
        for ind_id in node.indicators:
            s = status.indicators[ind_id]
            ind = titles[ind_id]
            target = s.next_target
            rows.append(
                {
                    names[0]: levels[3],
                    names[1]: ind_id,
                    names[2]: ind.title_in(lang),
                    names[3]: s.status.label(lang),
                    names[4]: s.status.symbol,
                    names[5]: None,
                    names[6]: catalogue.text(f"plan_kind.{ind.kind.value}", lang),
                    names[7]: s.baseline.value if s.baseline else None,
                    names[8]: s.level,
                    names[9]: s.level_date.isoformat() if s.level_date else None,
                    names[10]: s.expected,
                    names[11]: target.value if target else None,
                    names[12]: target.date.isoformat() if target else None,
                    names[13]: s.progress,
                }
            )
    return rows


def status_frame(sp: StudyPlan, status: PlanStatus, lang: str = "de") -> pl.DataFrame:
    """:func:`status_rows` as a frame (for CSV and JSON)."""
    import polars as pl

    names = column_names(lang)
    schema = {n: pl.String for n in names} | {
        n: pl.Float64 for n in (names[7], names[8], names[10], names[11], names[13])
    }
    return pl.DataFrame(status_rows(sp.plan, status, lang), schema=schema, orient="row")


def _value_text(value: float | None, unit: str, lang: str) -> str:
    from lipkit.display import format_number

    digits = 0 if value is None or float(value).is_integer() else 1
    text = format_number(value, digits, language=lang)
    return text + ("\u00a0%" if unit == "percent" and value is not None else "")


def _date_text(date: Any, lang: str) -> str:
    return date.strftime("%d.%m.%Y") if lang == "de" else date.isoformat()


def status_text(plan: Plan, status: PlanStatus, lang: str = "de") -> str:
    """The status tree as indented lines: symbol and status first, never colour alone."""

    levels = level_names(lang)
    indicators = {i.id: i for i in plan.indicators}
    titled = plan.titled()
    width = max(len(s.label(lang)) for s in Status) + 2
    as_of = catalogue.text("plan_text.as_of", lang, date=_date_text(status.date, lang))
    lines = [plan.title_in(lang), as_of, ""]
    for node in status.nodes:
        indent = "  " * (node.level - 1)
        counts = _counts(node.counts, lang)
        lines.append(
            f"{node.status.symbol} {node.status.label(lang):<{width}}{indent}"
            f"{levels[node.level - 1]} {node.id}: "
            + (titled[node.id].title_in(lang) if node.id in titled else node.title)
            + (f" ({counts})" if counts else "")
        )
        if node.level != 3:
            continue
        for ind_id in node.indicators:
            s = status.indicators[ind_id]
            ind = indicators[ind_id]
            unit = ind.unit.value
            detail = []
            if s.level is not None:
                detail.append(
                    catalogue.text(
                        "plan_text.actual",
                        lang,
                        value=_value_text(s.level, unit, lang),
                        date=_date_text(s.level_date, lang),
                    )
                )
            elif s.last_actual is not None and s.last_actual.value is not None:
                detail.append(
                    catalogue.text(
                        "plan_text.last_actual",
                        lang,
                        value=_value_text(s.last_actual.value, unit, lang),
                        date=_date_text(s.last_actual.date, lang),
                    )
                )
            if s.expected is not None:
                detail.append(
                    catalogue.text(
                        "plan_text.expected", lang, value=_value_text(s.expected, unit, lang)
                    )
                )
            if s.next_target is not None and s.next_target.value is not None:
                detail.append(
                    catalogue.text(
                        "plan_text.target",
                        lang,
                        value=_value_text(s.next_target.value, unit, lang),
                        date=_date_text(s.next_target.date, lang),
                    )
                )
            if s.last_actual is not None and s.last_actual.value is None and s.last_actual.comment:
                detail.append(comment_text(s.last_actual.comment, lang))
            lines.append(
                f"{s.status.symbol} {s.status.label(lang):<{width}}{indent}  {ind_id}: "
                + ind.title_in(lang)
                + (f" – {'; '.join(detail)}" if detail else "")
            )
    return "\n".join(lines) + "\n"
