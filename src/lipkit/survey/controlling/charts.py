"""The indicator charts of the dashboard and of a measure's page: the controlling report's
chart (:mod:`lipkit.controlling.chart`: baseline and target path, targets, actual values),
inline as SVG, named by its caption and told in words beside it (the text alternative).

A chart depends only on the plan's revision, the date and the language, so each is kept in
memory per process under that key: a dashboard page of 100 indicators draws its charts once.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from threading import Lock

from django.utils.safestring import SafeString, mark_safe

from lipkit.controlling.chart import alt_text, indicator_series, indicator_svg
from lipkit.controlling.model import Indicator, Value
from lipkit.controlling.status import IndicatorStatus

_CACHE_SIZE = 4000
_charts: OrderedDict[tuple, Chart] = OrderedDict()
_lock = Lock()


@dataclass(frozen=True)
class Chart:
    svg: SafeString  # <svg role="img" aria-labelledby=… aria-describedby=…>
    alt: str


def indicator_chart(
    key: tuple,
    ind: Indicator,
    status: IndicatorStatus,
    values: Callable[[], dict[str, list[Value]]],
    date: dt.date,
    lang: str,
    label_id: str,
    alt_id: str,
) -> Chart:
    """``key`` names the plan's state (pk, revision): with the date, language, indicator and
    element ids it identifies the chart; ``values`` (the plan's values by indicator) is called
    only when the chart is not kept yet."""
    full = (*key, date, lang, ind.id, label_id, alt_id)
    found = _charts.get(full)
    if found is not None:
        return found
    series = indicator_series(ind, status, values().get(ind.id, []), date)
    svg = indicator_svg(series.path, series.targets, series.actuals, str(ind.unit), lang).decode()
    svg = svg[svg.index("<svg") :].replace(
        "<svg ",
        f'<svg class="chart" role="img" aria-labelledby="{label_id}" aria-describedby="{alt_id}" ',
        1,
    )
    chart = Chart(mark_safe(svg), alt_text(ind, series, status.status, lang))
    with _lock:
        _charts[full] = chart
        while len(_charts) > _CACHE_SIZE:
            _charts.popitem(last=False)
    return chart
