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
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from threading import Lock

from lipkit.controlling.chart import alt_text, indicator_series, indicator_svg
from lipkit.controlling.model import Indicator, Value
from lipkit.controlling.status import IndicatorStatus

_CACHE_SIZE = 4000
_charts: OrderedDict[tuple, Chart] = OrderedDict()
_lock = Lock()


@dataclass(frozen=True)
class Chart:
    svg: bytes  # a standalone SVG file
    alt: str


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
    full = (*key, date, lang, ind.id)
    found = _charts.get(full)
    if found is not None:
        return found
    series = indicator_series(ind, status, values().get(ind.id, []), date)
    svg = indicator_svg(series.path, series.targets, series.actuals, str(ind.unit), lang)
    chart = Chart(svg, alt_text(ind, series, status.status, lang))
    with _lock:
        _charts[full] = chart
        while len(_charts) > _CACHE_SIZE:
            _charts.popitem(last=False)
    return chart
