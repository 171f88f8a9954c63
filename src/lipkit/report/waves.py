"""The report's comparison with earlier waves (issue 18): the live ``change()`` and the
comparison chapter ``comparison()`` — paired bars of the scales' top-2 shares, trend lines
for three or more waves, a table of the changes with their intervals and a symbol, and the
questions that are not comparable with the reason.

Everything comes from :mod:`lipkit.analysis.compare`, under its rule: a group hidden in
either wave (in any wave, for the series) is hidden here too.
"""

from __future__ import annotations

import math
from functools import cached_property
from pathlib import Path

import polars as pl

from lipkit import catalogue
from lipkit.analysis.compare import (
    Comparison,
    Wave,
    WaveSeries,
    compare_chain,
    compare_series,
    load_waves,
)
from lipkit.catalogue import Text
from lipkit.display import format_number, format_percent
from lipkit.errors import UserError
from lipkit.report import charts
from lipkit.report.exhibits import CellContent, FigureContent, TableContent, clean_label
from lipkit.study.folder import StudyFolder
from lipkit.study.model import Study, label_text
from lipkit.study.waves import WaveMapping

UP, DOWN, SAME = "▲", "▼", "●"
FIGURE_ITEMS = 8
TREND_ITEMS = 6  # lines a reader can tell apart (markers and colours)


def symbol(low: float | None, high: float | None) -> str:
    """▲ where the interval lies above 0, ▼ below, ● where it holds 0 (or is unknown)."""
    if low is not None and low > 0:
        return UP
    if high is not None and high < 0:
        return DOWN
    return SAME


def signed(value: float, digits: int, language: str) -> str:
    text = format_number(value, digits, language=language)
    return f"+{text}" if value > 0 and text.strip("0,.") else text


def bound(value: float, language: str) -> str:
    """An interval's end in whole points, with one decimal where it would round to 0 but is
    not 0, so that the interval agrees with its symbol ("+0,4 … +20 ▲", not "0 … +20 ▲")."""
    return signed(value, 1 if value != 0 and abs(value) < 0.5 else 0, language)


class ReportWaves:
    """The earlier waves of a report's study, loaded when first asked for."""

    def __init__(self, folder: Path, study: Study, frame: pl.DataFrame, language: str):
        self.folder = folder
        self.study = study
        self.frame = frame
        self.lang = language
        self.text = catalogue.group("report_waves", language)
        self._pairs: dict[tuple[int, str | None], Comparison] = {}
        self._series: dict[str | None, WaveSeries] = {}

    @cached_property
    def available(self) -> bool:
        try:
            return bool(StudyFolder.at(self.folder).earlier_waves())
        except Exception:  # a broken waves: entry is reported when the waves are used
            return True

    @cached_property
    def _chain(self) -> tuple[list[Wave], list[WaveMapping]]:
        return load_waves(self.folder, self.study, self.frame)

    @property
    def labels(self) -> list[str]:
        return [w.label for w in self._chain[0]]

    def index(self, earlier: str | None) -> int:
        labels = self.labels
        if len(labels) < 2:
            raise UserError(Text("report_waves_error.no_earlier"))
        if earlier is None:
            return len(labels) - 2
        if str(earlier) not in labels[:-1]:
            raise UserError(
                Text("report_waves_error.bad_from", earlier=earlier, labels=", ".join(labels[:-1]))
            )
        return labels.index(str(earlier))

    def pair(self, earlier: str | None, by: str | None) -> Comparison:
        i = self.index(earlier)
        if (i, by) not in self._pairs:
            waves, mappings = self._chain
            self._pairs[i, by] = compare_chain(waves, mappings, i, by=by)
        return self._pairs[i, by]

    def series(self) -> WaveSeries:
        if None not in self._series:
            self._series[None] = compare_series(*self._chain)
        return self._series[None]

    # -- change() ---------------------------------------------------------------------------
    def change(
        self, question: str, key: str, earlier: str | None, group: str | None, by: str | None
    ) -> str | None:
        """The change of ``key`` ("top2", "mean" or an option) in percentage points (mean:
        scale points), signed; None where hidden."""
        if not self.study.questionnaire.has_question(question):
            raise UserError(Text("report_waves_error.no_question", question=question))
        result = self.pair(earlier, by)
        reasons = dict(result.reasons)
        if question in reasons:
            raise UserError(
                Text(
                    "report_waves_error.not_comparable", question=question, reason=reasons[question]
                )
            )
        group_filter = pl.col("group").is_null() if group is None else pl.col("group") == group
        if key in ("top2", "mean"):
            rows = result.scales.filter((pl.col("question") == question) & group_filter)
            column = "diff_pp_top2" if key == "top2" else "mean_diff"
        else:
            rows = result.shares.filter(
                (pl.col("question") == question) & group_filter & (pl.col("option") == key)
            )
            column = "diff_pp"
        if rows.height == 0:
            what = "no_scale" if key in ("top2", "mean") else "no_option"
            where = "" if group is None else "_in_group"
            raise UserError(
                Text(f"report_waves_error.{what}{where}", question=question, key=key, group=group)
            )
        [found] = rows.to_dicts()
        value = found[column]
        if found["hidden"] or value is None or math.isnan(value):
            return None  # hidden, or nobody in a wave (no change to give)
        if key == "mean":
            return signed(value, 2, self.lang)
        return f"{signed(value, 0, self.lang)} {self.text['points']}"

    # -- comparison() -----------------------------------------------------------------------
    def heading(self, earlier: str | None = None) -> str:
        return self.text["heading"].format(earlier=self.labels[self.index(earlier)])

    def intro(self, earlier: str | None = None) -> str:
        t = self.text
        result = self.pair(earlier, None)
        return t["intro"].format(
            earlier=result.earlier, current=result.current, up=UP, down=DOWN, same=SAME
        )

    def _label(self, name: str) -> str:
        q = self.study.questionnaire.question(name)
        return clean_label(label_text(q.label, self.lang, name))

    def _scale_rows(self, result: Comparison) -> list[dict]:
        """The whole survey's top-2 rows of the compared scales, in questionnaire order."""
        order = {q.name: i for i, q in enumerate(self.study.questionnaire.questions())}
        rows = result.scales.filter(pl.col("group").is_null()).to_dicts()
        return sorted(rows, key=lambda r: order.get(r["question"], 0))

    def figure(self, earlier: str | None = None) -> FigureContent | None:
        """Paired bars: every compared scale's top-2 share in both waves, with the change."""
        t = self.text
        result = self.pair(earlier, None)
        rows = [
            r
            for r in self._scale_rows(result)
            if not r["hidden"] and r["base_to"] and r["base_from"] and abs(r["diff_pp_top2"]) >= 0.5
        ]
        if not rows:
            return None
        # The largest changes (the table lists every item): a page holds about a dozen pairs.
        largest = sorted(rows, key=lambda r: -abs(r["diff_pp_top2"]))[:FIGURE_ITEMS]
        rows = [r for r in rows if r in largest]
        labels = [self._label(r["question"]) for r in rows]
        notes = [
            f"{signed(r['diff_pp_top2'], 0, self.lang)} {t['pp']} "
            f"{symbol(r['ci_low_top2'], r['ci_high_top2'])}\n(n={r['base_from']}/{r['base_to']})"
            for r in rows
        ]
        n_from = max(r["base_from"] for r in rows)
        n_to = max(r["base_to"] for r in rows)
        caption = (
            t["figure"].format(earlier=result.earlier, current=result.current)
            + f" (n={n_from}/{n_to})"
        )
        values = "; ".join(
            f"{label}: {format_percent(r['top2_from'], language=self.lang)} → "
            f"{format_percent(r['top2_to'], language=self.lang)} ({note})"
            for label, r, note in zip(labels, rows, notes, strict=True)
        )
        return FigureContent(
            caption=caption,
            alt=f"{t['alt_figure']}: {caption}. {values}.",
            chart=charts.change_bars(
                labels,
                [r["top2_from"] for r in rows],
                [r["top2_to"] for r in rows],
                notes,
                (result.earlier, result.current),
                language=self.lang,
            ),
        )

    def trend(self) -> FigureContent | None:
        """Lines of every compared scale's top-2 share across all waves (three or more)."""
        if len(self.labels) < 3:
            return None
        t = self.text
        series = self.series()
        rows = series.scale_series.filter(pl.col("group").is_null() & ~pl.col("hidden"))
        if rows.height == 0:
            return None
        order = {q.name: i for i, q in enumerate(self.study.questionnaire.questions())}
        names = sorted(rows["question"].unique().to_list(), key=lambda n: order.get(n, 0))
        by_name = {}
        for name in names:
            by_wave = {
                r["wave"]: r["top2"] for r in rows.filter(pl.col("question") == name).to_dicts()
            }
            by_name[name] = [by_wave.get(w) for w in series.labels]
        # The items that moved most across the waves (the table lists every item): a dozen
        # flat lines on top of each other would hide the few that changed.
        spread = {
            n: max(known) - min(known)
            for n, v in by_name.items()
            if len(known := [x for x in v if x is not None]) >= 2
        }
        moved = sorted((n for n in spread if spread[n] >= 0.5), key=lambda n: -spread[n])
        chosen = set(moved[:TREND_ITEMS])
        if not chosen:
            return None
        names = [n for n in names if n in chosen]
        values = [by_name[n] for n in names]
        rows = rows.filter(pl.col("question").is_in(names))
        bases = rows.group_by("wave").agg(pl.col("base").max())
        n_text = "/".join(str(dict(bases.iter_rows()).get(w, "–")) for w in series.labels)
        largest = t["trend_largest"] if len(chosen) < len(by_name) else ""
        caption = t["trend"].format(waves=" – ".join(series.labels)) + f"{largest} (n={n_text})"
        labels = [self._label(n) for n in names]
        text = "; ".join(
            f"{label}: "
            + ", ".join(
                f"{w} {format_percent(v, language=self.lang)}"
                for w, v in zip(series.labels, vals, strict=True)
                if v is not None
            )
            for label, vals in zip(labels, values, strict=True)
        )
        return FigureContent(
            caption=caption,
            alt=f"{t['alt_trend']}: {caption}. {text}.",
            chart=charts.trend_lines(labels, series.labels, values, language=self.lang),
        )

    def table(self, earlier: str | None = None) -> TableContent | None:
        """The top-2 change of every compared scale: both shares with n, the change, its
        interval and a symbol (never colour alone)."""
        t = self.text
        result = self.pair(earlier, None)
        rows = self._scale_rows(result)
        if not rows:
            return None
        body = []
        for r in rows:
            label = CellContent(self._label(r["question"]))
            if r["hidden"] or not r["base_to"] or not r["base_from"]:
                body.append((label, *(CellContent(t["hidden"], suppressed=True),) * 5))
                continue
            body.append(
                (
                    label,
                    CellContent(
                        f"{format_percent(r['top2_from'], language=self.lang)} (n={r['base_from']})"
                    ),
                    CellContent(
                        f"{format_percent(r['top2_to'], language=self.lang)} (n={r['base_to']})"
                    ),
                    CellContent(signed(r["diff_pp_top2"], 0, self.lang)),
                    CellContent(
                        f"{bound(r['ci_low_top2'], self.lang)} … "
                        f"{bound(r['ci_high_top2'], self.lang)}"
                    ),
                    CellContent(symbol(r["ci_low_top2"], r["ci_high_top2"])),
                )
            )
        return TableContent(
            caption=t["table"].format(earlier=result.earlier, current=result.current),
            header=(t["question"], result.earlier, result.current, t["change"], t["interval"], ""),
            rows=tuple(body),
            notes=(t["legend"].format(up=UP, down=DOWN, same=SAME),),
            lang=self.lang,
        )

    def not_comparable(self, earlier: str | None = None) -> str:
        result = self.pair(earlier, None)
        items = [
            f"{self._label(q)} ({reason})" for q, reason in result.not_comparable_in(self.lang)
        ]
        return self.text["not_comparable"].format(items="; ".join(items)) if items else ""
