"""``lipkit compare``: the change between two waves of a study (see lipkit.analysis.compare)."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import polars as pl
import typer

from lipkit import catalogue
from lipkit.catalogue import Text
from lipkit.cli.common import (
    BaseChoice,
    BaseOption,
    ByOption,
    FormatOption,
    LanguageOption,
    MinGroupOption,
    OutputFormat,
    OutputOption,
    QuestionsOption,
    cli_language,
    command,
    emit,
)
from lipkit.errors import UserError

if TYPE_CHECKING:
    from lipkit.analysis.compare import Comparison, WaveSeries
    from lipkit.study.model import Study


@command()
def compare(
    study: Annotated[Path, typer.Argument()],
    from_label: Annotated[str | None, typer.Option("--from")] = None,
    to_label: Annotated[str | None, typer.Option("--to")] = None,
    question: QuestionsOption = None,
    by: ByOption = None,
    base: BaseOption = BaseChoice.answered,
    min_group: MinGroupOption = None,
    output_format: FormatOption = OutputFormat.table,
    output: OutputOption = None,
    series: Annotated[bool, typer.Option("--series")] = False,
    language: LanguageOption = "",
) -> None:
    """Compare two waves: shares, change in percentage points with 95 % interval, test,
    top-2 and mean change for scales, Holm-adjusted p; anonymised in both waves."""
    from lipkit.analysis.compare import compare_waves
    from lipkit.study.folder import StudyFolder
    from lipkit.study.waves import read_wave_mapping

    if not study.is_dir():
        raise UserError(Text("cli.no_study_folder", path=str(study)))
    from lipkit.study.errors import FormError

    folder = StudyFolder.at(study)
    try:
        chain = [(w.label, w.path) for w in folder.wave_chain()]
    except FormError as error:
        raise UserError(str(error)) from None
    labels = [label for label, _ in chain]
    if len(chain) < 2:
        raise UserError(Text("compare.no_earlier", path=str(study)))
    if series:
        lang = cli_language(language)
        _series(chain, question or None, by, base.value, min_group, output_format, output, lang)
        return
    # --to: the folder's own wave, unless it is the earliest (then the one after it)
    own = next(label for label, path in chain if path == folder.root)
    to_label = to_label or (own if labels.index(own) else labels[1])
    if to_label not in labels:
        raise UserError(Text("compare.unknown_to", label=to_label, labels=", ".join(labels)))
    from_label = from_label or (
        labels[labels.index(to_label) - 1] if labels.index(to_label) else None
    )
    if from_label is None or from_label not in labels or from_label == to_label:
        raise UserError(
            Text("compare.bad_from", label=from_label, to=to_label, labels=", ".join(labels))
        )
    paths = dict(chain)
    earlier, earlier_frame = _wave(paths[from_label])
    current, current_frame = _wave(paths[to_label])
    mapping, errors = read_wave_mapping(
        earlier, current, StudyFolder.at(paths[to_label]).waves, from_label
    )
    if errors:
        raise UserError(*errors)
    names = question or None
    if names:
        unknown = [n for n in names if not current.questionnaire.has_question(n)]
        if unknown:
            raise UserError(*(Text("cli.unknown_question", name=n) for n in unknown))
    if by is not None:
        for label, (s, frame) in (
            (from_label, (earlier, earlier_frame)),
            (to_label, (current, current_frame)),
        ):
            if by not in frame.columns and not (s.org and s.org.has_level(by)):
                raise UserError(Text("compare.by_unknown", by=by, label=label))
    result = compare_waves(
        earlier,
        earlier_frame,
        current,
        current_frame,
        mapping,
        earlier_label=from_label,
        current_label=to_label,
        questions=names,
        by=by,
        base=base.value,
        k=min_group,
        privacy_caches=(
            StudyFolder.at(paths[from_label]).privacy_cache,
            StudyFolder.at(paths[to_label]).privacy_cache,
        ),
    )
    emit(
        output_format,
        output,
        as_json=result.to_dict,
        as_csv=lambda: comparison_csv(result),
        as_table=lambda: comparison_table(result, current, cli_language(language)),
    )


def _series(
    chain: list[tuple[str, Path]],
    names: list[str] | None,
    by: str | None,
    base: str,
    k: int | None,
    output_format: OutputFormat,
    output: Path | None,
    lang: str = "de",
) -> None:
    """``--series``: every consecutive pair and the series of all waves."""
    from lipkit.analysis.compare import Wave, compare_series
    from lipkit.study.folder import StudyFolder
    from lipkit.study.waves import read_wave_mapping

    waves = [Wave(label, *_wave(path), StudyFolder.at(path).privacy_cache) for label, path in chain]
    mappings = []
    for before, after, (_, path) in zip(waves, waves[1:], chain[1:], strict=False):
        mapping, errors = read_wave_mapping(
            before.study, after.study, StudyFolder.at(path).waves, before.label
        )
        if errors:
            raise UserError(
                *(
                    Text("compare.pair_problem", before=before.label, after=after.label, problem=e)
                    for e in errors
                )
            )
        mappings.append(mapping)
    current = waves[-1].study
    if names:
        unknown = [n for n in names if not current.questionnaire.has_question(n)]
        if unknown:
            raise UserError(*(Text("cli.unknown_question", name=n) for n in unknown))
    if by is not None:
        for w in waves:
            if by not in w.frame.columns and not (w.study.org and w.study.org.has_level(by)):
                raise UserError(Text("compare.by_unknown", by=by, label=w.label))
    result = compare_series(waves, mappings, questions=names, by=by, base=base, k=k)  # type: ignore[arg-type]
    emit(
        output_format,
        output,
        as_json=result.to_dict,
        as_csv=lambda: series_csv(result),
        as_table=lambda: "\n".join(
            [
                *(
                    comparison_table(p, w.study, lang)
                    for p, w in zip(result.pairs, waves[1:], strict=True)
                ),
                series_table(result, current, lang),
            ]
        ),
    )


def series_csv(result: WaveSeries) -> str:
    """The pairs (kind option/scale, with from and to) and the series (kind series /
    scale_series) in one tidy table."""
    frames = [
        frame.with_columns(
            kind=pl.lit(kind), **{"from": pl.lit(p.earlier), "to": pl.lit(p.current)}
        )
        for p in result.pairs
        for kind, frame in (("option", p.shares), ("scale", p.scales))
    ]
    frames += [
        result.series.with_columns(kind=pl.lit("series")),
        result.scale_series.with_columns(kind=pl.lit("scale_series")),
    ]
    return pl.concat(frames, how="diagonal_relaxed").write_csv()


def series_table(result: WaveSeries, study: Study, lang: str = "de") -> str:
    """Per question and group the share of each option in every wave (n), then the scales'
    top-2 and mean per wave; hidden groups as "nicht ausgewiesen"."""
    from lipkit.cli.tables import _render, _title
    from lipkit.display import format_number, format_percent
    from lipkit.study.model import label_text

    t = catalogue.group("compare_table", lang)
    head = t["series_head"].format(labels=" → ".join(result.labels))
    out = [head, "=" * len(head), ""]
    for name in dict.fromkeys(result.series["question"].to_list()):
        label = label_text(study.questionnaire.question(name).label, lang, name)
        out += _title(f"{label} [{name}]")
        rows = [[t["group_option"], *result.labels]]
        part = result.series.filter(pl.col("question") == name)
        for (group, option), cells in part.group_by("group", "option", maintain_order=True):
            by_wave = {r["wave"]: r for r in cells.iter_rows(named=True)}
            key = f"{group or t['total']}: {study.questionnaire.option_label(name, option, lang)}"
            if cells["hidden"].any():
                rows.append([key, t["hidden"], *[""] * (len(result.labels) - 1)])
                continue
            rows.append(
                [
                    key,
                    *(
                        f"{format_percent(r['share'], language=lang)} ({r['count']}/{r['base']})"
                        if (r := by_wave.get(w)) and r["base"]
                        else "–"
                        for w in result.labels
                    ),
                ]
            )
        out += ["  " + line for line in _render(rows)] + [""]
    if result.scale_series.height:
        out += [t["series_scales"], ""]
        rows = [[t["question_group"], *result.labels]]
        for (name, group), cells in result.scale_series.group_by(
            "question", "group", maintain_order=True
        ):
            key = f"{name}: {group or t['total']}"
            if cells["hidden"].any():
                rows.append([key, t["hidden"], *[""] * (len(result.labels) - 1)])
                continue
            by_wave = {r["wave"]: r for r in cells.iter_rows(named=True)}
            rows.append(
                [
                    key,
                    *(
                        f"{format_percent(r['top2'], language=lang)} / "
                        f"{format_number(r['mean'], 2, language=lang)}"
                        if (r := by_wave.get(w)) and r["base"]
                        else "–"
                        for w in result.labels
                    ),
                ]
            )
        out += ["  " + line for line in _render(rows)] + [""]
    out.append(t["series_legend"].format(base=result.base, k=result.k))
    return "\n".join(out).rstrip() + "\n"


def _wave(path: Path) -> tuple[Study, pl.DataFrame]:
    """A wave's study and its rows; a wave with data errors is refused (``lipkit validate``)."""
    from lipkit.cli.common import load_rows

    return load_rows(path, None, None, False)


def comparison_csv(result: Comparison) -> str:
    """One tidy table: the option rows (kind = option), then the scale rows (kind = scale)."""
    return pl.concat(
        [
            result.shares.with_columns(kind=pl.lit("option")),
            result.scales.with_columns(kind=pl.lit("scale")),
        ],
        how="diagonal_relaxed",
    ).write_csv()


def _pp(value: float | None, lang: str = "de") -> str:
    from lipkit.display import format_number

    if value is None:
        return "–"
    text = format_number(value, language=lang)
    return f"+{text}" if value > 0 and text != "0" else text


def _share(count: int | None, base: int | None, share: float | None, lang: str = "de") -> str:
    from lipkit.display import format_percent

    return f"{format_percent(share, language=lang)} ({count}/{base})" if base else "–"


def _test(test: str | None, p: float | None, p_holm: float | None, lang: str = "de") -> list[str]:
    from lipkit.display import format_number

    if p is None:
        return ["–", "–"]
    flag = " *" if p_holm is not None and p_holm < 0.05 else ""
    name = {"chi2": "χ²", "fisher": "Fisher"}.get(test or "", test or "")
    return [
        f"{name} p={format_number(p, 3, language=lang)}",
        f"{format_number(p_holm, 3, language=lang)}{flag}",
    ]


def comparison_table(result: Comparison, study: Study, lang: str = "de") -> str:
    """Per question: group, option, both shares with n, change in pp with interval, test, p
    (Holm); hidden groups as "nicht ausgewiesen"; then the scales and the questions not
    compared."""
    from lipkit.cli.tables import _render, _title
    from lipkit.display import format_number, format_percent
    from lipkit.study.model import label_text

    t = catalogue.group("compare_table", lang)
    head = t["head"].format(earlier=result.earlier, current=result.current)
    out = [head, "=" * len(head), ""]
    for name in dict.fromkeys(result.shares["question"].to_list()):
        label = label_text(study.questionnaire.question(name).label, lang, name)
        out += _title(f"{label} [{name}]")
        rows = [
            [
                t["group_option"],
                result.earlier,
                result.current,
                t["diff_pp"],
                t["interval"],
                t["test"],
                t["p_holm"],
            ]
        ]
        part = result.shares.filter(pl.col("question") == name)
        for r in part.iter_rows(named=True):
            option = study.questionnaire.option_label(name, r["option"], lang)
            key = f"{r['group'] or t['total']}: {option}"
            if r["hidden"]:
                rows.append([key, t["hidden"], "", "", "", "", ""])
                continue
            if not r["base_from"] or not r["base_to"]:
                rows.append([key, t["no_answers"], "", "", "", "", ""])
                continue
            rows.append(
                [
                    key,
                    _share(r["count_from"], r["base_from"], r["share_from"], lang),
                    _share(r["count_to"], r["base_to"], r["share_to"], lang),
                    _pp(r["diff_pp"], lang),
                    f"{_pp(r['ci_low'], lang)} … {_pp(r['ci_high'], lang)}",
                    *_test(r["test"], r["p"], r["p_holm"], lang),
                ]
            )
        out += ["  " + line for line in _render(rows)] + [""]
    if result.scales.height:
        out += [t["scales"], ""]
        rows = [
            [
                t["question_group"],
                "Top-2",
                t["diff_pp_interval"],
                t["p_holm"],
                t["mean"],
                t["mean_interval"],
                t["p_holm"],
            ]
        ]
        for r in result.scales.iter_rows(named=True):
            key = f"{r['question']}: {r['group'] or t['total']}"
            if r["hidden"]:
                rows.append([key, t["hidden"], "", "", "", "", ""])
                continue
            if not r["base_from"] or not r["base_to"]:
                rows.append([key, t["no_answers"], "", "", "", "", ""])
                continue

            def number(value: float | None) -> str:
                return format_number(value, 2, language=lang)

            rows.append(
                [
                    key,
                    f"{format_percent(r['top2_from'], language=lang)} → "
                    f"{format_percent(r['top2_to'], language=lang)}",
                    f"{_pp(r['diff_pp_top2'], lang)} "
                    f"({_pp(r['ci_low_top2'], lang)} … {_pp(r['ci_high_top2'], lang)})",
                    _test(r["test_top2"], r["p_top2"], r["p_holm_top2"], lang)[1],
                    f"{number(r['mean_from'])} → {number(r['mean_to'])}",
                    f"{number(r['mean_diff'])} ({number(r['mean_low'])} … "
                    f"{number(r['mean_high'])})",
                    _test("welch", r["p_mean"], r["p_holm_mean"], lang)[1],
                ]
            )
        out += ["  " + line for line in _render(rows)] + [""]
    out.append(t["legend"].format(base=result.base, k=result.k))
    reasons = result.not_comparable_in(lang)
    if reasons:
        out += ["", t["not_comparable"]]
        out += [f"  {q}: {reason}" for q, reason in reasons]
    return "\n".join(out).rstrip() + "\n"


def wave_problems(study: Path) -> list[Any]:
    """Every problem with the waves of a study folder: a wave that does not load, and each
    located error of the mappings between consecutive waves (``lipkit validate``)."""
    from lipkit.study.errors import FormError
    from lipkit.study.folder import StudyFolder
    from lipkit.study.waves import read_wave_mapping

    folder = StudyFolder.at(study)
    try:
        chain = [(w.label, w.path) for w in folder.wave_chain()]
    except FormError as error:
        return [error]
    problems: list[Any] = []
    studies = {}
    for label, path in chain:
        try:
            studies[label] = StudyFolder.at(path).load()
        except FormError as error:
            problems.append(Text("compare.wave_problem", label=label, problem=error))
    for (before, _), (after, path) in itertools.pairwise(chain):
        if before in studies and after in studies:
            _, errors = read_wave_mapping(
                studies[before], studies[after], StudyFolder.at(path).waves, before
            )
            problems += [
                Text("compare.pair_problem", before=before, after=after, problem=e) for e in errors
            ]
    return problems
