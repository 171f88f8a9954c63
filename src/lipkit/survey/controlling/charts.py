"""One small SVG chart per indicator: baseline, target path and actual values over time.
Drawn on the server (no script, nothing inline the Content-Security-Policy would refuse);
the values also stand in a table beside it, so nothing is told by the picture alone."""

from __future__ import annotations

import datetime as dt
from html import escape

from lipkit.controlling.model import Indicator, Value, ValueKind

W, H, PAD_L, PAD_R, PAD_T, PAD_B = 560, 220, 56, 16, 16, 36


def chart_svg(ind: Indicator, values: list[Value], title_id: str, labels: dict[str, str]) -> str:
    base = sorted(
        (v for v in values if v.kind == ValueKind.BASELINE and v.value is not None),
        key=lambda v: v.date,
    )
    targets = sorted(
        (v for v in values if v.kind == ValueKind.TARGET and v.value is not None),
        key=lambda v: v.date,
    )
    actuals = sorted(
        (v for v in values if v.kind == ValueKind.ACTUAL and v.value is not None),
        key=lambda v: v.date,
    )
    if ind.cumulative and base:
        level, cumulated = base[-1].value or 0.0, []
        for a in actuals:
            if a.date > base[-1].date:
                level += a.value or 0.0
                cumulated.append(Value(a.indicator, a.kind, a.date, level))
        actuals = cumulated
    points = base[-1:] + targets + actuals
    if not points:
        return ""
    dates = [p.date for p in points]
    nums = [p.value for p in points if p.value is not None]
    d0, d1 = min(dates), max(dates)
    lo, hi = min(0.0, min(nums)), max(nums)
    if hi == lo:
        hi = lo + 1
    span = max((d1 - d0).days, 1)

    def x(d: dt.date) -> float:
        return PAD_L + (W - PAD_L - PAD_R) * (d - d0).days / span

    def y(v: float) -> float:
        return H - PAD_B - (H - PAD_T - PAD_B) * (v - lo) / (hi - lo)

    parts = [
        f'<svg class="chart" viewBox="0 0 {W} {H}" role="img" aria-labelledby="{title_id}" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<line x1="{PAD_L}" y1="{H - PAD_B}" x2="{W - PAD_R}" y2="{H - PAD_B}" '
        'stroke="#555" stroke-width="1"/>',
        f'<line x1="{PAD_L}" y1="{PAD_T}" x2="{PAD_L}" y2="{H - PAD_B}" stroke="#555" '
        'stroke-width="1"/>',
    ]
    for v in (lo, hi):
        parts.append(
            f'<text x="{PAD_L - 6}" y="{y(v) + 4:.1f}" text-anchor="end" font-size="12" '
            f'fill="#222">{_num(v)}</text>'
        )
    for d in (d0, d1):
        parts.append(
            f'<text x="{x(d):.1f}" y="{H - PAD_B + 16}" text-anchor="middle" font-size="12" '
            f'fill="#222">{d.year}</text>'
        )
    if base and targets:
        path = " ".join(f"{x(p.date):.1f},{y(p.value or 0):.1f}" for p in base[-1:] + targets)
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="#1a5e9a" stroke-width="2" '
            'stroke-dasharray="6 4"/>'
        )
    if actuals:
        path = " ".join(f"{x(p.date):.1f},{y(p.value or 0):.1f}" for p in actuals)
        parts.append(f'<polyline points="{path}" fill="none" stroke="#111" stroke-width="2.5"/>')
        for p in actuals:
            parts.append(
                f'<circle cx="{x(p.date):.1f}" cy="{y(p.value or 0):.1f}" r="4" fill="#111"/>'
            )
    for p in base[-1:]:
        parts.append(
            f'<rect x="{x(p.date) - 4:.1f}" y="{y(p.value or 0) - 4:.1f}" width="8" height="8" '
            'fill="#b35900"/>'
        )
    legend = (
        f'<text x="{PAD_L + 8}" y="{PAD_T + 12}" font-size="12" fill="#222">'
        f"■ {escape(labels['baseline'])}  – – {escape(labels['target_path'])}  ● "
        f"{escape(labels['actuals'])}</text>"
    )
    parts.append(legend)
    parts.append("</svg>")
    return "".join(parts)


def _num(v: float) -> str:
    return f"{v:.0f}" if abs(v) >= 10 or float(v).is_integer() else f"{v:.1f}"
