"""One indicator over time as a chart: the series (baseline and target path, targets, actual
levels) and its SVG, written directly in plain elements (about a millisecond each), with its
text alternative.

Shared by the controlling report (``lipkit.report.controlling``, which adds the PNG for DOCX)
and the web app's dashboard (``lipkit.survey.controlling``), so both draw the same chart from
the same numbers; the survey app may not import the report, both may import this.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from lipkit import catalogue
from lipkit.controlling.model import Indicator, Unit, Value, ValueKind
from lipkit.controlling.status import IndicatorStatus, Status
from lipkit.controlling.value_text import comment_text
from lipkit.display import format_number, format_percent

TEXT_WIDTH_CM = 16.0
INDICATOR_CM = 5.5
FONT_FAMILY = "'DejaVu Sans', 'Liberation Sans', 'Arial', 'Helvetica', sans-serif"
TARGET_COLOUR = "#E69F00"
PATH_COLOUR = "#777777"
ACTUAL_COLOUR = "#2166ac"
Points = list[tuple[str, float]]
Statements = list[tuple[str, str]]  # (ISO date, what was reported)
# A time axis with at most this many dates, each in a year of its own, is labelled at those
# dates with their years; a denser one on each 1 January.
MAX_DATE_TICKS = 8
# A qualitative indicator's chart shows at most this many statements, the newest.
MAX_STATEMENTS = 6


def chart_height_cm(unit: str, statements: Statements | None = None) -> float:
    """The chart's height: a qualitative indicator's time line has a line per statement (at
    most MAX_STATEMENTS) instead of a value axis."""
    if unit != "qualitative":
        return INDICATOR_CM
    return 1.6 + 0.55 * max(1, min(len(statements or []), MAX_STATEMENTS))


@dataclass(frozen=True)
class Series:
    """What the chart shows, dates as ISO strings: the target path from the baseline, the
    targets, and the actual levels (cumulated from the baseline where the indicator counts up)
    up to the status's date."""

    path: Points
    targets: Points
    actuals: Points
    baseline: Value | None
    # A qualitative indicator's actual values: what was reported, at its date (no number)
    statements: Statements = field(default_factory=list)


def indicator_series(
    ind: Indicator, status: IndicatorStatus, values: list[Value], date: dt.date
) -> Series:
    mine = [v for v in values if v.indicator == ind.id]
    targets = sorted(
        (v for v in mine if v.kind == ValueKind.TARGET and v.value is not None),
        key=lambda v: v.date,
    )
    shown = sorted(
        (v for v in mine if v.kind == ValueKind.ACTUAL and v.date <= date and v.value is not None),
        key=lambda v: v.date,
    )
    base = status.baseline
    if ind.cumulative and base is not None and base.value is not None:
        total, levels = base.value, []
        for a in shown:
            total += a.value or 0.0
            levels.append((a.date.isoformat(), total))
    else:
        levels = [(a.date.isoformat(), a.value or 0.0) for a in shown]
    path: Points = []
    if base is not None and base.value is not None:
        path = [(base.date.isoformat(), base.value)]
        path += [(v.date.isoformat(), v.value or 0.0) for v in targets if v.date > base.date]
    statements: Statements = []
    if ind.unit == Unit.QUALITATIVE:
        said = sorted(
            (v for v in mine if v.kind == ValueKind.ACTUAL and v.date <= date and v.comment),
            key=lambda v: v.date,
        )
        statements = [(v.date.isoformat(), v.comment) for v in said]
    return Series(
        path, [(v.date.isoformat(), v.value or 0.0) for v in targets], levels, base, statements
    )


def date_ticks(days: list[float], x0: float, x1: float) -> list[tuple[float, str]]:
    """Where the time axis between the days ``x0`` and ``x1`` (ordinals) is labelled, as
    (day, year): at the series' own dates where they are few and each in a year of its own
    (a value of 31.12.2018 stands over "2018", not next to "2019"), else on 1 January of
    every year or every few years (about six labels)."""
    if not days:
        return []  # nothing dated yet: no year to name
    dates = sorted({dt.date.fromordinal(int(d)) for d in days})
    if len(dates) <= MAX_DATE_TICKS and len({d.year for d in dates}) == len(dates):
        return [(float(d.toordinal()), str(d.year)) for d in dates]
    years = list(
        range(dt.date.fromordinal(int(x0)).year + 1, dt.date.fromordinal(int(x1)).year + 1)
    )
    step = 1 if len(years) <= 6 else max(2, -(-len(years) // 6))
    return [(float(dt.date(y, 1, 1).toordinal()), str(y)) for y in years[::step]]


def time_span(series_days: list[float]) -> tuple[float, float]:
    """The days the time axis spans: the series' dates with matplotlib's default margin of 5 %
    each side; one date alone (or none: there is nothing to draw yet) a year either side."""
    nothing = float(dt.date(2000, 1, 1).toordinal())  # no dates: no year is labelled
    first, last = (min(series_days), max(series_days)) if series_days else (nothing, nothing)
    if last == first:
        first, last = first - 365, last + 365
    margin = 0.05 * (last - first)
    return first - margin, last + margin


def day_text(d: dt.date, lang: str) -> str:
    return d.strftime("%d.%m.%Y") if lang != "en" else d.isoformat()


def value_text(value: float | None, unit: Unit, lang: str) -> str:
    if value is None:
        return "–"
    if unit == Unit.PERCENT:
        return format_percent(value, 0 if float(value).is_integer() else 1, language=lang)
    text = format_number(value, 0 if float(value).is_integer() else 1, language=lang)
    return text + (" €" if unit == Unit.CURRENCY else "")


def alt_text(ind: Indicator, series: Series, status: Status, lang: str) -> str:
    """The chart in words: baseline, targets, actual values and the status."""
    none = catalogue.text("plan_chart.none", lang)

    def listed(points: Points) -> str:
        return (
            "; ".join(
                f"{value_text(v, ind.unit, lang)} ({day_text(dt.date.fromisoformat(d), lang)})"
                for d, v in points
            )
            or none
        )

    base = series.baseline
    if ind.unit == Unit.QUALITATIVE:
        said = "; ".join(
            f"{comment_text(text, lang)} ({day_text(dt.date.fromisoformat(d), lang)})"
            for d, text in series.statements
        )
        return catalogue.text(
            "plan_chart.alt_statements",
            lang,
            title=ind.title_in(lang),
            statements=said or none,
            status=status.label(lang),
        )
    return catalogue.text(
        "plan_chart.alt",
        lang,
        title=ind.title_in(lang),
        baseline=value_text(base.value if base else None, ind.unit, lang),
        bdate=day_text(base.date, lang) if base else "–",
        targets=listed(series.targets),
        actuals=listed(series.actuals),
        status=status.label(lang),
    )


def value_ticks(top: float) -> tuple[list[float], int]:
    """The value axis's ticks from 0 to ``top``: 4 to 8 of them, at steps of 1, 2 or 5 times a
    power of ten (whole numbers wherever the axis reaches 4 or more; steps of 2.5 were
    labelled "0,0 %, 2,5 %, 5,0 %", and the tick at the top was cut off after the 8th), and
    the decimals all their labels are written with: as many as the step has ("0,5"), so that
    no label is rounded to a value it is not. Shared by the SVG and the PNG of DOCX
    (:func:`lipkit.report.charts.indicator_figure`), whose own ticks at 2.5 were labelled "3"."""
    from matplotlib.ticker import MaxNLocator

    found = MaxNLocator(nbins=8, steps=[1, 2, 5, 10]).tick_values(0, top)
    ticks = [float(v) for v in found if 0 <= v <= top + 1e-9]
    digits = 0
    while digits < 6 and any(abs(round(v, digits) - v) > 1e-9 for v in ticks):
        digits += 1
    return ticks, digits


def svg_points(cm: float) -> str:
    """A length in cm in points as matplotlib's SVG writes a figure's size (the figure
    ``cm / 2.54`` inches, 72 points each, to six places without trailing zeros): this chart
    and a chart's placeholder in the report (``report.html``) take exactly the room of a
    matplotlib chart of that size, so that the PDF lays out no page again for it."""
    return f"{cm * (1 / 2.54) * 72:f}".rstrip("0").rstrip(".")


def indicator_svg(
    path: Points,
    targets: Points,
    actuals: Points,
    unit: str,
    language: str = "de",
    family: str = FONT_FAMILY,
    statements: Statements | None = None,
) -> bytes:
    """The indicator chart as SVG (axes, grid, ticks, legend on the right, values above the
    actual dots), drawn like the report's matplotlib figure in plain SVG elements with
    presentation attributes only (no ``style``, which a strict Content-Security-Policy refuses
    inline). A qualitative indicator (``unit`` "qualitative") has no numbers: its chart is a
    time line of its ``statements`` (what was reported, at its date)."""

    pt = 72 / 2.54
    width, height = TEXT_WIDTH_CM * pt, chart_height_cm(unit, statements) * pt
    left, right, top, bottom = 42.0, width - 88.0, 8.0, height - 22.0

    def day(d: str) -> float:
        return float(dt.date.fromisoformat(d).toordinal())

    said = (statements or [])[-MAX_STATEMENTS:]
    days = [day(d) for d, _ in path + targets + actuals] + [day(d) for d, _ in said]
    x0, x1 = time_span(days)

    def x(d: float) -> float:
        return left + (d - x0) / (x1 - x0) * (right - left)

    def text(tx: float, ty: float, s: str, size: int, anchor: str = "middle") -> str:
        return (
            f'<text x="{tx:.2f}" y="{ty:.2f}" font-size="{size}px" font-family="{family}" '
            f'text-anchor="{anchor}">{escape(s)}</text>'
        )

    w, h = svg_points(TEXT_WIDTH_CM), svg_points(chart_height_cm(unit, statements))
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}pt" height="{h}pt" '
        f'viewBox="0 0 {w} {h}" version="1.1" stroke-linejoin="round">',
        f'<rect x="0" y="0" width="{w}" height="{h}" fill="#ffffff"/>',
    ]
    for tick, label in date_ticks(days, x0, x1):
        tx = x(tick)
        out.append(
            f'<path d="M {tx:.2f} {bottom:.2f} L {tx:.2f} {bottom + 3.5:.2f}" stroke="#000000" '
            'stroke-width="0.8"/>'
        )
        out.append(text(tx, bottom + 13.0, label, 8))
    if unit == "qualitative":
        return _statements_svg(out, said, x, day, text, (left, right, top, bottom), language)
    values = [v for _, v in path + targets + actuals]
    ceiling = max(values or [1.0])
    y1 = ceiling * 1.15 if ceiling > 0 else 1.0

    def y(v: float) -> float:
        return bottom - v / y1 * (bottom - top)

    def number(v: float, digits: int | None = None) -> str:
        if digits is None:
            digits = 0 if float(v).is_integer() else 1
        if unit == "percent":
            return format_percent(v, digits, language=language)
        return format_number(v, digits, language=language)

    ticks, digits = value_ticks(y1)
    for v in ticks:
        out.append(
            f'<path d="M {left:.2f} {y(v):.2f} L {right:.2f} {y(v):.2f}" stroke="#dddddd" '
            'stroke-width="0.5" fill="none"/>'
        )
        out.append(
            f'<path d="M {left - 3.5:.2f} {y(v):.2f} L {left:.2f} {y(v):.2f}" stroke="#000000" '
            'stroke-width="0.8"/>'
        )
        out.append(text(left - 5.5, y(v) + 2.9, number(v, digits), 8, "end"))
    out.append(
        f'<path d="M {left:.2f} {top:.2f} L {left:.2f} {bottom:.2f} L {right:.2f} {bottom:.2f}" '
        'stroke="#000000" stroke-width="0.8" fill="none" stroke-linecap="square"/>'
    )

    def points(series: Points) -> str:
        return " ".join(f"{x(day(d)):.2f},{y(v):.2f}" for d, v in series)

    if len(path) > 1:
        out.append(
            f'<polyline points="{points(path)}" fill="none" stroke="{PATH_COLOUR}" '
            'stroke-width="1" stroke-dasharray="3.7,1.6"/>'
        )
    for d, v in targets:
        cx, cy = x(day(d)), y(v)
        out.append(
            f'<path d="M {cx:.2f} {cy - 4.6:.2f} L {cx + 4.6:.2f} {cy:.2f} L {cx:.2f} '
            f'{cy + 4.6:.2f} L {cx - 4.6:.2f} {cy:.2f} z" fill="{TARGET_COLOUR}" '
            f'stroke="{TARGET_COLOUR}" stroke-width="1"/>'
        )
    if len(actuals) > 1:
        out.append(
            f'<polyline points="{points(actuals)}" fill="none" stroke="{ACTUAL_COLOUR}" '
            'stroke-width="1.5"/>'
        )
    for d, v in actuals:
        cx, cy = x(day(d)), y(v)
        out.append(f'<circle cx="{cx:.2f}" cy="{cy:.2f}" r="3.4" fill="{ACTUAL_COLOUR}"/>')
        out.append(text(cx, cy - 6.0, number(v), 7))
    words = [catalogue.text(f"plan_chart.{w}", language) for w in ("path", "target", "actual")]
    lx, ly = right + 8.0, top + 8.0
    out.append(
        f'<path d="M {lx:.2f} {ly:.2f} L {lx + 18:.2f} {ly:.2f}" stroke="{PATH_COLOUR}" '
        'stroke-width="1" stroke-dasharray="3.7,1.6" fill="none"/>'
    )
    out.append(text(lx + 24, ly + 2.5, words[0], 7, "start"))
    ly += 12.0
    out.append(
        f'<path d="M {lx + 9:.2f} {ly - 3.5:.2f} L {lx + 12.5:.2f} {ly:.2f} L {lx + 9:.2f} '
        f'{ly + 3.5:.2f} L {lx + 5.5:.2f} {ly:.2f} z" fill="{TARGET_COLOUR}"/>'
    )
    out.append(text(lx + 24, ly + 2.5, words[1], 7, "start"))
    ly += 12.0
    out.append(
        f'<path d="M {lx:.2f} {ly:.2f} L {lx + 18:.2f} {ly:.2f}" stroke="{ACTUAL_COLOUR}" '
        'stroke-width="1.5" fill="none"/>'
    )
    out.append(f'<circle cx="{lx + 9:.2f}" cy="{ly:.2f}" r="3" fill="{ACTUAL_COLOUR}"/>')
    out.append(text(lx + 24, ly + 2.5, words[2], 7, "start"))
    out.append("</svg>")
    return "\n".join(out).encode()


# A statement's text in a qualitative indicator's chart is cut after this many characters
# (the whole text stands in the chart's text alternative).
STATEMENT_CHARS = 60


def _statements_svg(
    out: list[str],
    said: Statements,
    x: Callable[[float], float],
    day: Callable[[str], float],
    text: Callable[..., str],
    box: tuple[float, float, float, float],
    language: str,
) -> bytes:
    """The rest of a qualitative indicator's chart: the time axis, each statement as a dot at
    its date with its text beside it (one line each, the oldest lowest), and the legend."""
    left, right, top, bottom = box
    out.append(
        f'<path d="M {left:.2f} {bottom:.2f} L {right:.2f} {bottom:.2f}" stroke="#000000" '
        'stroke-width="0.8" fill="none" stroke-linecap="square"/>'
    )
    step = min(18.0, (bottom - top) / (len(said) + 1))
    middle = (left + right) / 2
    for i, (d, said_text) in enumerate(said):
        cx, cy = x(day(d)), bottom - (i + 1) * step
        out.append(
            f'<path d="M {cx:.2f} {bottom:.2f} L {cx:.2f} {cy:.2f}" stroke="{ACTUAL_COLOUR}" '
            'stroke-width="0.6" stroke-dasharray="1.5,1.5" fill="none"/>'
        )
        out.append(f'<circle cx="{cx:.2f}" cy="{cy:.2f}" r="3.4" fill="{ACTUAL_COLOUR}"/>')
        words = comment_text(said_text, language)
        if len(words) > STATEMENT_CHARS:
            words = words[: STATEMENT_CHARS - 1].rstrip() + "…"
        if cx <= middle:
            out.append(text(cx + 6.0, cy + 2.5, words, 7, "start"))
        else:
            out.append(text(cx - 6.0, cy + 2.5, words, 7, "end"))
    lx, ly = right + 8.0, top + 8.0
    out.append(f'<circle cx="{lx + 9:.2f}" cy="{ly:.2f}" r="3" fill="{ACTUAL_COLOUR}"/>')
    out.append(
        text(lx + 24, ly + 2.5, catalogue.text("plan_chart.statement", language), 7, "start")
    )
    out.append("</svg>")
    return "\n".join(out).encode()
