"""The indicator charts of the dashboard and of a measure's page: the controlling report's
chart (:mod:`lipkit.controlling.chart`: baseline and target path, targets, actual values) as
an SVG file of its own (``views.chart``; the page holds an ``<img>`` named by its caption and
described by the chart in words beside it), so that a dashboard page of 100 indicators stays
small and the browser fetches the pictures as they scroll into view.

A chart depends only on the plan's state (``selectors.state_key``), the date and the
language, so each is kept in memory per process under that key and drawn once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from lipkit.controlling.chart import alt_text, indicator_series, indicator_svg
from lipkit.controlling.model import Indicator, Value
from lipkit.controlling.status import IndicatorStatus
from lipkit.survey.controlling.kept import Kept


@dataclass(frozen=True)
class Chart:
    svg: bytes  # a standalone SVG file
    alt: str


_charts: Kept[Chart] = Kept(4000)


def indicator_chart(
    key: tuple,
    ind: Indicator,
    status: IndicatorStatus,
    values: Callable[[], dict[str, list[Value]]],
    date: dt.date,
    lang: str,
) -> Chart:
    """``key`` names the plan's state (``selectors.state_key``): with the date, language and
    indicator it identifies the chart. ``values`` (the plan's values by indicator) is called
    only when the chart is not kept yet."""

    def draw() -> Chart:
        series = indicator_series(ind, status, values().get(ind.id, []), date)
        svg = indicator_svg(
            series.path,
            series.targets,
            series.actuals,
            str(ind.unit),
            lang,
            statements=series.statements,
        )
        return Chart(svg, alt_text(ind, series, status.status, lang))

    return _charts.get((*key, date, lang, ind.id), draw)
