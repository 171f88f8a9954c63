"""Compare two waves of a survey: per question, group and option the two shares, the
difference in percentage points with Newcombe's interval and a test; for scales the top-2
change and the mean difference (Welch); Holm-adjusted p-values across the call.

Both waves are counted by the analysis engine (:func:`analyze_many`), each under its own
suppression and the decisions it is published through (:mod:`lipkit.privacy.decide`); the
earlier wave's rows are then renamed onto the current questions, options and units
(``WaveMapping``) with polars. A merged unit is the union of its earlier parts and is
published only when every part was published in the earlier wave. A group hidden in either
wave is hidden in the comparison: every number of its rows is null.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from lipkit.analysis.change import holm, newcombe_exprs, share_difference_tests, welch_arrays
from lipkit.analysis.engine import Base, _json_rows, analyze_many
from lipkit.catalogue import Text, render
from lipkit.errors import UserError
from lipkit.privacy.decide import published_decisions
from lipkit.study.model import QuestionType, Study
from lipkit.study.waves import WaveMapping

ALPHA = 0.05
KEYS = ["question", "group", "option"]


@dataclass(frozen=True)
class Comparison:
    """The change from wave ``earlier`` to wave ``current``; hidden rows are null."""

    shares: pl.DataFrame
    """question, group, option, count/base/share of each wave (share in percent), diff_pp,
    ci_low, ci_high (percentage points), test (chi2/fisher), statistic, p, p_holm,
    significant (p_holm < 0.05), hidden."""
    scales: pl.DataFrame
    """question, group, top-2 of each wave and its change (as for shares), mean of each wave,
    mean_diff with Welch's interval and p, p_holm of both tests, hidden."""
    not_comparable: pl.DataFrame
    """question, reason (in German, the default language; see :meth:`not_comparable_in`)."""
    earlier: str
    current: str
    by: str | None
    base: str
    k: int
    reasons: tuple[tuple[str, str], ...] = ()
    """question, reason as given (a catalogue :class:`Text`, or the mapping's own words)."""

    def not_comparable_in(self, language: str) -> list[tuple[str, str]]:
        """The questions not compared with their reasons in ``language`` (the reasons a
        mapping file states are its own words and stay as written)."""
        return [(q, render(r, language)) for q, r in self.reasons]

    def to_dict(self) -> dict:
        return {
            "from": self.earlier,
            "to": self.current,
            "by": self.by,
            "base": self.base,
            "k": self.k,
            "adjustment": "holm",
            "shares": _json_rows(self.shares),
            "scales": _json_rows(self.scales),
            "not_comparable": _json_rows(self.not_comparable),
        }


def _wave_rows(
    study: Study,
    frame: pl.DataFrame,
    names: list[str],
    by: str | None,
    base: Base,
    k: int,
    cache_dir: Path | None = None,
) -> pl.DataFrame:
    if not names:
        return pl.DataFrame(
            schema={
                "question": pl.String,
                "group": pl.String,
                "option": pl.String,
                "count": pl.Int64,
                "base": pl.Int64,
                "suppressed": pl.Boolean,
            }
        )
    # each wave as it is published on its own: through its own decisions
    decisions = published_decisions(study, frame, cache_dir=cache_dir)
    [analysis] = analyze_many(
        study, frame, bys=[by], questions=names, base=base, k=k, decisions=decisions
    )
    return analysis.results.select("question", "group", "option", "count", "base", "suppressed")


def _onto(old: pl.DataFrame, mapping: WaveMapping) -> pl.DataFrame:
    """An earlier wave's rows (question, group, option, count, base, suppressed) renamed onto
    the later wave's questions, options and units: only matched questions; a merged unit is
    the union of its parts (bases and counts add up, hidden if any part is); units holding
    part of a split unit are dropped."""
    matches = list(mapping.questions.values())
    question_of = pl.DataFrame(
        {"question": [m.earlier for m in matches], "to_question": [m.current for m in matches]},
        schema={"question": pl.String, "to_question": pl.String},
    )
    recodes = pl.DataFrame(
        [(m.current, a, b) for m in matches for a, b in m.recode.items()],
        schema={"to_question": pl.String, "option": pl.String, "to_option": pl.String},
        orient="row",
    )
    units = pl.DataFrame(
        {"group": list(mapping.units), "to_group": list(mapping.units.values())},
        schema={"group": pl.String, "to_group": pl.String},
    )
    old = (
        old.join(question_of, on="question", how="inner")
        .join(recodes, on=["to_question", "option"], how="left")
        .join(units, on="group", how="left", nulls_equal=False)
        .select(
            question=pl.col("to_question"),
            group=pl.coalesce("to_group", "group"),
            part=pl.col("group"),
            option=pl.coalesce("to_option", "option"),
            count=pl.col("count"),
            base=pl.col("base"),
            suppressed=pl.col("suppressed"),
        )
    )
    groups = (
        old.group_by("question", "group", "part")
        .agg(pl.col("base").first(), pl.col("suppressed").any())
        .group_by("question", "group")
        .agg(pl.col("base").sum(), pl.col("suppressed").any())
    )
    counts = old.group_by(KEYS).agg(pl.col("count").sum())
    split = sorted(mapping.split_units)
    return (
        counts.join(groups, on=["question", "group"], how="inner", nulls_equal=True)
        .filter(~pl.col("group").is_in(split) | pl.col("group").is_null())
        .select(*KEYS, "count", "base", "suppressed")
    )


def _pair(
    current: Study,
    old: pl.DataFrame,
    new: pl.DataFrame,
    names: list[str],
    not_comparable: dict[str, str],
    *,
    earlier_label: str,
    current_label: str,
    by: str | None,
    base: Base,
    k: int,
) -> Comparison:
    """The comparison of the earlier wave's rows ``old`` (already on the current names, see
    :func:`_onto`) with the current wave's rows ``new``."""
    new = new.filter(pl.col("question").is_in(names))
    old_groups = old.group_by("question", "group").agg(
        base_from=pl.col("base").first(), hidden_from=pl.col("suppressed").any()
    )
    old_counts = old.select(*KEYS, count_from="count")
    table = (
        new.join(old_groups, on=["question", "group"], how="inner", nulls_equal=True)
        .join(old_counts, on=KEYS, how="left", nulls_equal=True)
        .with_columns(
            # unknown (null) counts as hidden: nothing is published on a guess
            hidden=(
                pl.col("suppressed") | pl.col("hidden_from") | pl.col("base").is_null()
            ).fill_null(True)
        )
        .select(
            *KEYS,
            "hidden",
            count_from=pl.when(~pl.col("hidden")).then(pl.col("count_from").fill_null(0)),
            base_from=pl.when(~pl.col("hidden")).then(pl.col("base_from")),
            count_to=pl.when(~pl.col("hidden")).then(pl.col("count")),
            base_to=pl.when(~pl.col("hidden")).then(pl.col("base")),
        )
    )
    shares, scales = _adjust(_differences(table), _scales(current, table, names))
    return Comparison(
        shares=shares,
        scales=scales,
        not_comparable=pl.DataFrame(
            {
                "question": list(not_comparable),
                "reason": [render(r, "de") for r in not_comparable.values()],
            },
            schema={"question": pl.String, "reason": pl.String},
        ),
        earlier=earlier_label,
        current=current_label,
        by=by,
        base=base,
        k=k,
        reasons=tuple(not_comparable.items()),
    )


def compare_waves(
    earlier: Study,
    earlier_frame: pl.DataFrame,
    current: Study,
    current_frame: pl.DataFrame,
    mapping: WaveMapping,
    *,
    earlier_label: str,
    current_label: str,
    questions: list[str] | None = None,
    by: str | None = None,
    base: Base = "answered",
    k: int | None = None,
    privacy_caches: tuple[Path | None, Path | None] = (None, None),
) -> Comparison:
    """The comparison of ``earlier`` with ``current`` (see the module); ``privacy_caches``:
    where each wave's published decisions are kept (their study folders'), if anywhere."""
    # The studies' k is a floor no option can lower (conventions §5).
    k = max(earlier.settings.k, current.settings.k, k or 0)
    names = [n for n in mapping.questions if questions is None or n in questions]
    not_comparable = {
        n: r for n, r in mapping.not_comparable.items() if questions is None or n in questions
    }
    old = _wave_rows(
        earlier,
        earlier_frame,
        [mapping.questions[n].earlier for n in names],
        by,
        base,
        k,
        privacy_caches[0],
    )
    new = _wave_rows(current, current_frame, names, by, base, k, privacy_caches[1])
    return _pair(
        current,
        _onto(old, mapping),
        new,
        names,
        not_comparable,
        earlier_label=earlier_label,
        current_label=current_label,
        by=by,
        base=base,
        k=k,
    )


@dataclass(frozen=True)
class Wave:
    """One wave of a series: its label, study and responses."""

    label: str
    study: Study
    frame: pl.DataFrame
    privacy_cache: Path | None = None
    """Where its published decisions are kept (its study folder's), if anywhere."""


@dataclass(frozen=True)
class WaveSeries:
    """Three or more waves: the comparison of every consecutive pair (each its own Holm
    family) and the series of every wave on the latest wave's questions, options and units.

    A group of the series is hidden in every wave where it is hidden in any (as in a pair:
    nothing is published that a wave hides, and no wave's figure can be differenced against
    another's); a question appears from the first wave it is matched back to."""

    labels: list[str]
    pairs: list[Comparison]
    series: pl.DataFrame
    """question, group, option, wave, order (0 = earliest), count, base, share (percent),
    hidden (null numbers where hidden)."""
    scale_series: pl.DataFrame
    """question, group, wave, order, base, top2 (percent), n_mean, mean, hidden."""
    by: str | None
    base: str
    k: int

    def to_dict(self) -> dict:
        return {
            "waves": self.labels,
            "by": self.by,
            "base": self.base,
            "k": self.k,
            "pairs": [p.to_dict() for p in self.pairs],
            "series": _json_rows(self.series),
            "scale_series": _json_rows(self.scale_series),
        }


def compare_series(
    waves: list[Wave],
    mappings: list[WaveMapping],
    *,
    questions: list[str] | None = None,
    by: str | None = None,
    base: Base = "answered",
    k: int | None = None,
) -> WaveSeries:
    """Every consecutive pair of ``waves`` (earliest first; ``mappings[i]`` maps wave i onto
    wave i + 1) and the series of all of them on the latest wave's names. Each wave is
    counted once; ``k`` is the largest of every wave's k and the one given."""
    if len(waves) < 2 or len(mappings) != len(waves) - 1:
        raise ValueError("a series needs two or more waves and one mapping per consecutive pair")
    k = max([w.study.settings.k for w in waves] + [k or 0])
    last = len(waves) - 1
    # The questions of each wave that --question asks for (None: all): the latest wave's,
    # followed back through each mapping to their names in the earlier waves.
    selected: list[set[str] | None] = [None] * len(waves)
    selected[last] = set(questions) if questions is not None else None
    for i in range(last - 1, -1, -1):
        chosen = selected[i + 1]
        selected[i] = (
            None
            if chosen is None
            else {m.earlier for n, m in mappings[i].questions.items() if n in chosen}
        )

    def asked(i: int, name: str) -> bool:
        """Whether ``name`` of wave ``i`` is one --question asks for."""
        chosen = selected[i]
        return chosen is None or name in chosen

    # Which questions each wave is counted for: the later side of the mapping before it and
    # the earlier side of the mapping after it.
    wanted: list[list[str]] = [[] for _ in waves]
    for i, mapping in enumerate(mappings):
        later = [n for n in mapping.questions if asked(i + 1, n)]
        wanted[i] += [mapping.questions[n].earlier for n in later]
        wanted[i + 1] += later
    rows = [
        _wave_rows(w.study, w.frame, list(dict.fromkeys(names)), by, base, k, w.privacy_cache)
        for w, names in zip(waves, wanted, strict=True)
    ]
    pairs = []
    for i, mapping in enumerate(mappings):
        names = [n for n in mapping.questions if asked(i + 1, n)]
        not_comparable = {n: r for n, r in mapping.not_comparable.items() if asked(i + 1, n)}
        pairs.append(
            _pair(
                waves[i + 1].study,
                _onto(rows[i], mapping),
                rows[i + 1],
                names,
                not_comparable,
                earlier_label=waves[i].label,
                current_label=waves[i + 1].label,
                by=by,
                base=base,
                k=k,
            )
        )
    # Every wave onto the latest one's names, through the chain of mappings.
    parts = []
    for i in range(len(waves)):
        part = rows[i]
        for mapping in mappings[i:]:
            part = _onto(part, mapping)
        parts.append(part.with_columns(wave=pl.lit(waves[i].label), order=pl.lit(i)))
    names = rows[last]["question"].unique().to_list()
    series = (
        pl.concat(parts, how="vertical_relaxed")
        .filter(pl.col("question").is_in(names))
        .with_columns(
            hidden=(pl.col("suppressed") | pl.col("base").is_null())
            .fill_null(True)
            .any()
            .over("question", "group")
        )
    )
    series = series.select(
        *KEYS,
        "wave",
        "order",
        "hidden",
        count=pl.when(~pl.col("hidden")).then(pl.col("count")),
        base=pl.when(~pl.col("hidden")).then(pl.col("base")),
        share=pl.when(~pl.col("hidden") & (pl.col("base") > 0)).then(
            100.0 * pl.col("count") / pl.col("base")
        ),
    ).sort("question", "group", "option", "order", nulls_last=False)
    return WaveSeries(
        labels=[w.label for w in waves],
        pairs=pairs,
        series=series,
        scale_series=_scale_series(waves[last].study, series),
        by=by,
        base=base,
        k=k,
    )


def _scale_series(current: Study, series: pl.DataFrame) -> pl.DataFrame:
    """Top-2 share and mean per scale question, group and wave (latest wave's codes)."""
    top = _scale_codes(current, series["question"].unique().to_list())
    x = pl.col("code").cast(pl.Float64)
    return (
        series.join(top, on=["question", "option"], how="inner")
        .group_by("question", "group", "wave", "order")
        .agg(
            pl.col("hidden").first(),
            base=pl.col("base").first(),
            top2_count=pl.col("count").filter(pl.col("top")).sum(),
            n_mean=pl.col("count").sum(),
            s1=(pl.col("count") * x).sum(),
        )
        .select(
            "question",
            "group",
            "wave",
            "order",
            "hidden",
            "base",
            top2=pl.when(~pl.col("hidden") & (pl.col("base") > 0)).then(
                100.0 * pl.col("top2_count") / pl.col("base")
            ),
            n_mean=pl.when(~pl.col("hidden")).then(pl.col("n_mean")),
            mean=pl.when(~pl.col("hidden") & (pl.col("n_mean") > 0)).then(
                pl.col("s1") / pl.col("n_mean")
            ),
        )
        .sort("question", "group", "order", nulls_last=False)
    )


def _scale_codes(current: Study, names: list[str]) -> pl.DataFrame:
    """question, option, code, top (the two highest codes) of the scale questions."""
    codes = [
        (name, option, code)
        for name in names
        if (q := current.questionnaire.question(name)).scale is not None
        and q.type == QuestionType.SELECT_ONE
        for option, code in current.questionnaire.scale_values(q).items()
    ]
    code_table = pl.DataFrame(
        codes, schema={"question": pl.String, "option": pl.String, "code": pl.Int64}, orient="row"
    )
    return code_table.with_columns(top=pl.col("code") >= pl.col("code").max().over("question") - 1)


def _differences(table: pl.DataFrame, prefix: str = "") -> pl.DataFrame:
    """Shares, their difference (current − earlier) and its interval and test, per row of
    ``count_from/base_from/count_to/base_to``."""
    a, m = pl.col("count_to"), pl.col("base_to")
    b, n = pl.col("count_from"), pl.col("base_from")
    low, high = newcombe_exprs(a, m, b, n)
    out = table.with_columns(
        share_from=100.0 * b / n,
        share_to=100.0 * a / m,
        diff_pp=100.0 * (a / m - b / n),
        ci_low=100.0 * low,
        ci_high=100.0 * high,
    )
    testable = out.select(
        ok=(~pl.col("hidden")) & (pl.col("base_to") > 0) & (pl.col("base_from") > 0)
    )["ok"].to_numpy()
    statistic = np.full(out.height, math.nan)
    p_value = np.full(out.height, math.nan)
    method: list[str | None] = [None] * out.height
    rows = np.flatnonzero(testable)
    if rows.size:
        tests = share_difference_tests(
            *(
                out[c].to_numpy()[rows].astype(float)
                for c in ("count_to", "base_to", "count_from", "base_from")
            )
        )
        statistic[rows], p_value[rows] = tests.statistic, tests.p_value
        for i, name in zip(rows, tests.method, strict=True):
            method[i] = name or None
    out = out.with_columns(
        test=pl.Series(method, dtype=pl.String),
        statistic=pl.Series(statistic).fill_nan(None),
        p=pl.Series(p_value).fill_nan(None),
    )
    if prefix:
        out = out.rename(
            {c: f"{c}_{prefix}" for c in ("diff_pp", "ci_low", "ci_high", "test", "statistic", "p")}
        )
    return out


def _scales(current: Study, table: pl.DataFrame, names: list[str]) -> pl.DataFrame:
    """Top-2 change and mean difference of the scale questions (current wave's codes)."""
    top = _scale_codes(current, names)
    rows = table.join(top, on=["question", "option"], how="inner")
    x = pl.col("code").cast(pl.Float64)
    per_group = rows.group_by("question", "group", maintain_order=True).agg(
        pl.col("hidden").first(),
        count_from=pl.col("count_from").filter(pl.col("top")).sum(),
        count_to=pl.col("count_to").filter(pl.col("top")).sum(),
        base_from=pl.col("base_from").first(),
        base_to=pl.col("base_to").first(),
        **{
            f"{s}_{w}": e
            for w in ("from", "to")
            for s, e in (
                ("n", pl.col(f"count_{w}").sum()),
                ("s1", (pl.col(f"count_{w}") * x).sum()),
                ("s2", (pl.col(f"count_{w}") * x * x).sum()),
            )
        },
    )
    out = _differences(per_group, "top2").rename({"share_from": "top2_from", "share_to": "top2_to"})
    for w in ("from", "to"):
        n, s1, s2 = pl.col(f"n_{w}"), pl.col(f"s1_{w}"), pl.col(f"s2_{w}")
        mean = s1 / n
        out = out.with_columns(
            pl.when(~pl.col("hidden") & (n > 0)).then(mean).alias(f"mean_{w}"),
            pl.when(~pl.col("hidden") & (n > 1))
            .then(((s2 - n * mean * mean) / (n - 1)).clip(lower_bound=0.0).sqrt())
            .alias(f"sd_{w}"),
        )
    stats = (
        out.select("mean_to", "sd_to", "n_to", "mean_from", "sd_from", "n_from")
        .to_numpy()
        .astype(float)
        .T
    )  # nulls (hidden, no answers) become NaN
    tested = welch_arrays(*stats)
    # no difference of means where a wave has no SD (hidden, or fewer than two answers)
    tested["difference"][np.isnan(stats[1]) | np.isnan(stats[4])] = math.nan

    def column(name: str) -> pl.Series:
        return pl.Series(tested[name], dtype=pl.Float64).fill_nan(None)

    out = out.with_columns(
        mean_diff=column("difference"),
        mean_low=column("low"),
        mean_high=column("high"),
        p_mean=column("p"),
    ).rename({"count_from": "top2_count_from", "count_to": "top2_count_to"})
    return out.select(
        "question",
        "group",
        "hidden",
        "base_from",
        "base_to",
        "top2_from",
        "top2_to",
        "diff_pp_top2",
        "ci_low_top2",
        "ci_high_top2",
        "test_top2",
        "p_top2",
        pl.col("n_from").alias("n_mean_from"),
        pl.col("n_to").alias("n_mean_to"),
        "mean_from",
        "mean_to",
        "sd_from",
        "sd_to",
        "mean_diff",
        "mean_low",
        "mean_high",
        "p_mean",
    ).with_columns(
        pl.when(~pl.col("hidden")).then(pl.col(c)).alias(c) for c in ("n_mean_from", "n_mean_to")
    )


def _adjust(shares: pl.DataFrame, scales: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Holm over every test of the call (options, top-2, means) as one family; a change is
    flagged ``significant`` where its adjusted p is below 5 %."""
    values = [
        *shares["p"].fill_null(math.nan).to_list(),
        *scales["p_top2"].fill_null(math.nan).to_list(),
        *scales["p_mean"].fill_null(math.nan).to_list(),
    ]
    adjusted = pl.Series(holm(values), dtype=pl.Float64).fill_nan(None)
    h, s = shares.height, scales.height
    shares = shares.with_columns(p_holm=adjusted[:h]).with_columns(
        significant=pl.col("p_holm") < ALPHA
    )
    scales = scales.with_columns(
        p_holm_top2=adjusted[h : h + s], p_holm_mean=adjusted[h + s :]
    ).with_columns(
        significant_top2=pl.col("p_holm_top2") < ALPHA,
        significant_mean=pl.col("p_holm_mean") < ALPHA,
    )
    return shares, scales


def compare_chain(
    waves: list[Wave],
    mappings: list[WaveMapping],
    earlier: int,
    *,
    questions: list[str] | None = None,
    by: str | None = None,
    base: Base = "answered",
    k: int | None = None,
) -> Comparison:
    """The latest wave against any earlier one (``waves[earlier]``), its rows carried onto the
    latest names through every mapping in between (merged units as unions along the way). A
    question is compared when every mapping between the two matches it; otherwise it is not
    comparable with the reason of the first mapping that does not."""
    if not 0 <= earlier < len(waves) - 1 or len(mappings) != len(waves) - 1:
        raise ValueError("earlier must name a wave before the latest; one mapping per pair")
    k = max([w.study.settings.k for w in waves] + [k or 0])
    old = _wave_rows(
        waves[earlier].study,
        waves[earlier].frame,
        [m.earlier for m in mappings[earlier].questions.values()],
        by,
        base,
        k,
        waves[earlier].privacy_cache,
    )
    for mapping in mappings[earlier:]:
        old = _onto(old, mapping)
    last = mappings[-1]
    reached = set(old["question"].unique().to_list())
    names = [n for n in last.questions if n in reached and (questions is None or n in questions)]
    not_comparable = {
        n: r for n, r in last.not_comparable.items() if questions is None or n in questions
    }
    for n in last.questions:
        if n not in reached and (questions is None or n in questions):
            not_comparable[n] = Text("compare_reason.not_all_waves", label=waves[earlier].label)
    new = _wave_rows(waves[-1].study, waves[-1].frame, names, by, base, k, waves[-1].privacy_cache)
    return _pair(
        waves[-1].study,
        old,
        new,
        names,
        not_comparable,
        earlier_label=waves[earlier].label,
        current_label=waves[-1].label,
        by=by,
        base=base,
        k=k,
    )


def load_waves(
    root: Path, current: Study, frame: pl.DataFrame
) -> tuple[list[Wave], list[WaveMapping]]:
    """The waves of the study folder ``root`` (earliest first; the latest is ``current`` with
    its rows ``frame``) and the mapping of each onto the next. Raises :class:`UserError`
    naming every problem (a wave that does not load, a located mapping error)."""
    from lipkit.data.io import read_study_folder
    from lipkit.study.errors import FormError
    from lipkit.study.folder import StudyFolder
    from lipkit.study.waves import read_wave_mapping

    folder = StudyFolder.at(root)
    waves: list[Wave] = []
    problems: list[str] = []
    try:
        refs = folder.earlier_waves()
    except FormError as error:
        raise UserError(str(error)) from None
    for ref in refs:
        wave_folder = StudyFolder.at(ref.path)
        try:
            study, rows = read_study_folder(wave_folder)
        except FormError as error:
            problems.append(Text("compare.wave_problem", label=ref.label, problem=error))
            continue
        if rows is None:
            problems.append(Text("compare.wave_no_responses", label=ref.label, path=str(ref.path)))
            continue
        waves.append(Wave(ref.label, study, rows, wave_folder.privacy_cache))
    if problems:
        raise UserError(*problems)
    waves.append(Wave(folder.wave_label(), current, frame, folder.privacy_cache))
    paths = [r.path for r in refs] + [root]
    mappings = []
    for i in range(len(waves) - 1):
        mapping, errors = read_wave_mapping(
            waves[i].study, waves[i + 1].study, StudyFolder.at(paths[i + 1]).waves, waves[i].label
        )
        problems += [f"Welle {waves[i].label} → {waves[i + 1].label}: {e}" for e in errors]
        mappings.append(mapping)
    if problems:
        raise UserError(*problems)
    return waves, mappings
