"""``lipkit compare``: the change between two waves of a study (see lipkit.analysis.compare)."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import polars as pl
import typer

from lipkit.catalogue import Text
from lipkit.cli.common import (
    BaseChoice,
    BaseOption,
    ByOption,
    FormatOption,
    MinGroupOption,
    OutputFormat,
    OutputOption,
    QuestionsOption,
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
        _series(chain, question or None, by, base.value, min_group, output_format, output)
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
    )
    emit(
        output_format,
        output,
        as_json=result.to_dict,
        as_csv=lambda: comparison_csv(result),
        as_table=lambda: comparison_table(result, current),
    )


def _series(
    chain: list[tuple[str, Path]],
    names: list[str] | None,
    by: str | None,
    base: str,
    k: int | None,
    output_format: OutputFormat,
    output: Path | None,
) -> None:
    """``--series``: every consecutive pair and the series of all waves."""
    from lipkit.analysis.compare import Wave, compare_series
    from lipkit.study.folder import StudyFolder
    from lipkit.study.waves import read_wave_mapping

    waves = [Wave(label, *_wave(path)) for label, path in chain]
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
                    comparison_table(p, w.study)
                    for p, w in zip(result.pairs, waves[1:], strict=True)
                ),
                series_table(result, current),
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


def series_table(result: WaveSeries, study: Study) -> str:
    """Per question and group the share of each option in every wave (n), then the scales'
    top-2 and mean per wave; hidden groups as "nicht ausgewiesen"."""
    from lipkit.cli.tables import _render, _title
    from lipkit.display import format_number, format_percent
    from lipkit.study.model import label_text

    head = f"Zeitreihe {' → '.join(result.labels)}"
    out = [head, "=" * len(head), ""]
    hidden_note = "nicht ausgewiesen (in einer Welle n < k oder verdeckt)"
    for name in dict.fromkeys(result.series["question"].to_list()):
        label = label_text(study.questionnaire.question(name).label, "de", name)
        out += _title(f"{label} [{name}]")
        rows = [["Gruppe / Antwort", *result.labels]]
        part = result.series.filter(pl.col("question") == name)
        for (group, option), cells in part.group_by("group", "option", maintain_order=True):
            by_wave = {r["wave"]: r for r in cells.iter_rows(named=True)}
            key = f"{group or 'Gesamt'}: {option}"
            if cells["hidden"].any():
                rows.append([key, hidden_note, *[""] * (len(result.labels) - 1)])
                continue
            rows.append(
                [
                    key,
                    *(
                        f"{format_percent(r['share'])} ({r['count']}/{r['base']})"
                        if (r := by_wave.get(w)) and r["base"]
                        else "–"
                        for w in result.labels
                    ),
                ]
            )
        out += ["  " + line for line in _render(rows)] + [""]
    if result.scale_series.height:
        out += ["Skalen: Top-2 und Mittelwert je Welle", ""]
        rows = [["Frage / Gruppe", *result.labels]]
        for (name, group), cells in result.scale_series.group_by(
            "question", "group", maintain_order=True
        ):
            key = f"{name}: {group or 'Gesamt'}"
            if cells["hidden"].any():
                rows.append([key, hidden_note, *[""] * (len(result.labels) - 1)])
                continue
            by_wave = {r["wave"]: r for r in cells.iter_rows(named=True)}
            rows.append(
                [
                    key,
                    *(
                        f"{format_percent(r['top2'])} / {format_number(r['mean'], 2)}"
                        if (r := by_wave.get(w)) and r["base"]
                        else "–"
                        for w in result.labels
                    ),
                ]
            )
        out += ["  " + line for line in _render(rows)] + [""]
    out.append(
        f"Je Welle: Anteil (Anzahl/Basis); Skalen: Top-2 / Mittelwert. Basis: {result.base}; "
        f"k = {result.k} in allen Wellen; eine Gruppe, die in einer Welle verdeckt ist, "
        "ist in allen verdeckt."
    )
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


def _pp(value: float | None) -> str:
    from lipkit.display import format_number

    if value is None:
        return "–"
    text = format_number(value)
    return f"+{text}" if value > 0 and text != "0" else text


def _share(count: int | None, base: int | None, share: float | None) -> str:
    from lipkit.display import format_percent

    return f"{format_percent(share)} ({count}/{base})" if base else "–"


def _test(test: str | None, p: float | None, p_holm: float | None) -> list[str]:
    from lipkit.display import format_number

    if p is None:
        return ["–", "–"]
    flag = " *" if p_holm is not None and p_holm < 0.05 else ""
    name = {"chi2": "χ²", "fisher": "Fisher"}.get(test or "", test or "")
    return [f"{name} p={format_number(p, 3)}", f"{format_number(p_holm, 3)}{flag}"]


def comparison_table(result: Comparison, study: Study) -> str:
    """Per question: group, option, both shares with n, change in pp with interval, test, p
    (Holm); hidden groups as "nicht ausgewiesen"; then the scales and the questions not
    compared."""
    from lipkit.cli.tables import _render, _title
    from lipkit.display import format_number, format_percent
    from lipkit.study.model import label_text

    head = f"Veränderung {result.earlier} → {result.current}"
    out = [head, "=" * len(head), ""]
    hidden_note = "nicht ausgewiesen (in einer Welle n < k oder verdeckt)"
    none_note = "keine Antworten in einer der Wellen"
    for name in dict.fromkeys(result.shares["question"].to_list()):
        label = label_text(study.questionnaire.question(name).label, "de", name)
        out += _title(f"{label} [{name}]")
        rows = [
            [
                "Gruppe / Antwort",
                result.earlier,
                result.current,
                "Δ pp",
                "95 %-KI",
                "Test",
                "p (Holm)",
            ]
        ]
        part = result.shares.filter(pl.col("question") == name)
        for r in part.iter_rows(named=True):
            group = r["group"] or "Gesamt"
            if r["hidden"]:
                rows.append([f"{group}: {r['option']}", hidden_note, "", "", "", "", ""])
                continue
            if not r["base_from"] or not r["base_to"]:
                rows.append([f"{group}: {r['option']}", none_note, "", "", "", "", ""])
                continue
            rows.append(
                [
                    f"{group}: {r['option']}",
                    _share(r["count_from"], r["base_from"], r["share_from"]),
                    _share(r["count_to"], r["base_to"], r["share_to"]),
                    _pp(r["diff_pp"]),
                    f"{_pp(r['ci_low'])} … {_pp(r['ci_high'])}",
                    *_test(r["test"], r["p"], r["p_holm"]),
                ]
            )
        out += ["  " + line for line in _render(rows)] + [""]
    if result.scales.height:
        out += ["Skalen: Top-2 und Mittelwert", ""]
        rows = [
            [
                "Frage / Gruppe",
                "Top-2",
                "Δ pp (95 %-KI)",
                "p (Holm)",
                "Mittelwert",
                "Δ (95 %-KI, Welch)",
                "p (Holm)",
            ]
        ]
        for r in result.scales.iter_rows(named=True):
            key = f"{r['question']}: {r['group'] or 'Gesamt'}"
            if r["hidden"]:
                rows.append([key, hidden_note, "", "", "", "", ""])
                continue
            if not r["base_from"] or not r["base_to"]:
                rows.append([key, none_note, "", "", "", "", ""])
                continue
            rows.append(
                [
                    key,
                    f"{format_percent(r['top2_from'])} → {format_percent(r['top2_to'])}",
                    f"{_pp(r['diff_pp_top2'])} "
                    f"({_pp(r['ci_low_top2'])} … {_pp(r['ci_high_top2'])})",
                    _test(r["test_top2"], r["p_top2"], r["p_holm_top2"])[1],
                    f"{format_number(r['mean_from'], 2)} → {format_number(r['mean_to'], 2)}",
                    f"{format_number(r['mean_diff'], 2)} ({format_number(r['mean_low'], 2)} … "
                    f"{format_number(r['mean_high'], 2)})",
                    _test("welch", r["p_mean"], r["p_holm_mean"])[1],
                ]
            )
        out += ["  " + line for line in _render(rows)] + [""]
    out.append(
        "p (Holm): über alle Tests dieses Aufrufs adjustiert; * = p (Holm) < 0,05. "
        f"Basis: {result.base}; k = {result.k} in beiden Wellen."
    )
    if result.not_comparable.height:
        out += ["", "Nicht vergleichbar:"]
        out += [f"  {q}: {reason}" for q, reason in result.not_comparable.iter_rows()]
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
