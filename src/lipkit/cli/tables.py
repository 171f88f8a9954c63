"""Render an analysis for people (text tables) and as tidy CSV.

Tables use the questionnaire's labels in the chosen language, half-up rounded
percentages and the privacy marker for suppressed groups. CSV stays unrounded.
"""

from __future__ import annotations

import math
import textwrap

import polars as pl

from lipkit import catalogue
from lipkit.analysis.crosstab import Crosstab
from lipkit.analysis.engine import Analysis
from lipkit.analysis.ranking import Ranking
from lipkit.analysis.repeats import RepeatResult
from lipkit.display import format_number, format_percent
from lipkit.study.model import Capability, Group, Question, QuestionType, Study, label_text
from lipkit.text.answers import OpenAnswers


def analysis_csv(analysis: Analysis) -> str:
    """Tidy, unrounded: one row per question, group and option, with the question's counts."""
    keys = ["question", "group"]
    summary = analysis.questions.rename(
        {c: f"question_{c}" for c in analysis.questions.columns if c not in keys}
    )
    # Questions without options (open text, numbers) still get their row of counts.
    tidy = summary.join(analysis.results, on=keys, how="left", nulls_equal=True).select(
        *analysis.results.columns, *(c for c in summary.columns if c not in keys)
    )
    return tidy.with_columns(
        pl.lit(analysis.base).alias("base_kind"), pl.lit(analysis.k).alias("k")
    ).write_csv()


LABEL_WIDTH = 60
TITLE_WIDTH = 100


def _render(rows: list[list[str]]) -> list[str]:
    """Align columns; long labels in the first column wrap onto further lines."""
    wrapped = [textwrap.wrap(row[0], LABEL_WIDTH) or [""] for row in rows]
    widths = [max(len(line) for lines in wrapped for line in lines)]
    widths += [max(len(row[i]) for row in rows) for i in range(1, len(rows[0]))]
    out = []
    for row, label_lines in zip(rows, wrapped, strict=True):
        cells = [label_lines[0].ljust(widths[0])]
        cells += [cell.rjust(widths[i]) for i, cell in enumerate(row) if i > 0]
        out.append("  ".join(cells).rstrip())
        out += [line for line in label_lines[1:]]
    return out


def _title(text: str) -> list[str]:
    return textwrap.wrap(text, TITLE_WIDTH) or [text]


class _Labels:
    def __init__(self, study: Study, language: str):
        self.study = study
        self.q = study.questionnaire
        self.lang = language
        self.words = catalogue.group("table", language)

    def question(self, name: str) -> str:
        return label_text(self.q.question(name).label, self.lang, name)

    def option(self, question: str, option: str) -> str:
        choice = self.q.choice_list(question).get(option)
        if choice is None:
            return option
        return label_text(choice.label, self.lang, option)

    def group(self, by: str | None, group: str | None) -> str:
        if group is None:
            return self.words["total"]
        if group == "_missing":
            return self.words["missing_group"]
        org = self.study.org
        if by and org and org.has_level(by):
            return group  # unit codes are what people in the administration use
        if by and self.q.has_question(by):
            return self.option(by, group)
        return group


def analysis_table(analysis: Analysis, study: Study, *, language: str = "de") -> str:
    labels = _Labels(study, language)
    words = labels.words
    k = analysis.k
    out: list[str] = [catalogue.text(f"base.{analysis.base}", language), ""]
    results = analysis.results
    summaries = analysis.questions
    names = list(dict.fromkeys(summaries["question"].to_list()))
    done: set[str] = set()
    for name in names:
        if name in done:
            continue
        matrix = _matrix_of(study, name)
        if matrix is not None and analysis.by is None and all(i in names for i in matrix[1]):
            out.extend(_matrix_block(analysis, labels, matrix[0], matrix[1]))
            done.update(matrix[1])
            continue
        out.extend(_question_block(name, results, summaries, analysis, labels))
        done.add(name)
    if summaries["suppressed"].any() or results["suppressed"].any():
        out.append(words["suppressed_note"].format(k=k))
    return "\n".join(out).rstrip() + "\n"


def _matrix_of(study: Study, name: str) -> tuple[Group, list[str]] | None:
    parents = study.questionnaire.parents(name)
    if parents and parents[-1].is_matrix:
        group = parents[-1]
        return group, [i.name for i in group.items if isinstance(i, Question)]
    return None


def _n_text(row: dict, words: dict, k: int) -> str:
    if row["suppressed"]:
        # hidden only as a complement (it has k or more): "n < k" would be false
        return words["hidden_unit"] if row.get("complement") else f"n < {k}"
    return str(row["n"])


def _question_block(
    name: str, results: pl.DataFrame, summaries: pl.DataFrame, analysis: Analysis, labels: _Labels
) -> list[str]:
    words = labels.words
    question = labels.q.question(name)
    qsum = summaries.filter(pl.col("question") == name)
    total = qsum.filter(pl.col("group").is_null()).row(0, named=True)
    lines = _title(f"{labels.question(name)} [{name}]")
    if question.type == QuestionType.SELECT_MULTIPLE:
        lines.append(f"  ({words['multiple']})")
    qres = results.filter(pl.col("question") == name)
    options = list(dict.fromkeys(qres["option"].to_list()))
    groups = qsum["group"].to_list()
    if analysis.by is None and options:
        if total["suppressed"]:
            lines += [f"  {words['suppressed'].format(k=analysis.k)}", ""]
            return lines
        rows = [[words["answer"], words["count"], words["percent"], words["ci"]]]
        for opt in qres.iter_rows(named=True):
            if opt["suppressed"]:  # a unit of the org tree, too small to be shown
                rows.append([labels.option(name, opt["option"]), "·", "·", words["hidden_unit"]])
                continue
            rows.append(
                [
                    labels.option(name, opt["option"]),
                    str(opt["count"]),
                    format_percent(opt["percent"], language=labels.lang),
                    _ci_text(opt, labels.lang),
                ]
            )
        rows.append(["n", _n_text(total, words, analysis.k), "", ""])
        rows += _summary_rows([total], question, labels, single=True)
    else:
        header = [words["answer"], *(labels.group(analysis.by, g) for g in groups)]
        rows = [header, ["n", *(_n_text(r, words, analysis.k) for r in qsum.iter_rows(named=True))]]
        by_group = {(r["group"], r["option"]): r for r in qres.iter_rows(named=True) if r["option"]}
        for opt in options:
            cells = [labels.option(name, opt)] if opt else [""]
            for g, srow in zip(groups, qsum.iter_rows(named=True), strict=True):
                cell = by_group.get((g, opt))
                cells.append(
                    "·"
                    if srow["suppressed"] or cell is None or cell["suppressed"]
                    else format_percent(cell["percent"], language=labels.lang)
                )
            rows.append(cells)
        rows += _summary_rows(list(qsum.iter_rows(named=True)), question, labels)
    lines += ["  " + line for line in _render(rows)]
    lines.append("")
    return lines


def _ci_text(opt: dict, language: str) -> str:
    if opt["ci_low"] is None:
        return "–"
    low = format_percent(opt["ci_low"], language=language)
    high = format_percent(opt["ci_high"], language=language)
    return f"{low} – {high}"


def _summary_rows(
    summaries: list[dict], question: Question, labels: _Labels, *, single: bool = False
) -> list[list[str]]:
    """Top-2, bottom-2, mean and SD of a scale; ``single`` places them in the percent column."""
    if question.scale is not None:
        keys: tuple[str, ...] = ("top2", "bottom2", "mean", "sd")
    elif question.type.can(Capability.NUMBER):
        keys = ("mean", "sd")
    else:
        return []
    rows: list[list[str]] = []
    for key in keys:
        cells = []
        for s in summaries:
            if s["suppressed"]:
                cells.append("·")
                continue
            value = s[key]
            cells.append(
                format_percent(value, language=labels.lang)
                if key in ("top2", "bottom2")
                else format_number(value, 2, language=labels.lang)
            )
        rows.append(
            [labels.words[key], "", cells[0], ""] if single else [labels.words[key], *cells]
        )
    return rows


def _matrix_block(analysis: Analysis, labels: _Labels, group: Group, items: list[str]) -> list[str]:
    from lipkit.analysis.engine import matrix_order

    words = labels.words
    ordered = matrix_order(analysis, items)
    first = items[0]
    options = [
        o
        for o in dict.fromkeys(
            analysis.results.filter(pl.col("question") == first)["option"].to_list()
        )
        if o
    ]
    title = label_text(group.label, labels.lang, group.name)
    lines = _title(f"{title} [{group.name}] – {words['items']}")
    header = ["", *(labels.option(first, o) for o in options), words["top2"], "n"]
    rows = [header]
    totals = analysis.questions.filter(pl.col("group").is_null())
    results = analysis.results.filter(pl.col("group").is_null())
    for item in ordered:
        srow = totals.filter(pl.col("question") == item).row(0, named=True)
        if srow["suppressed"]:
            rows.append(
                [labels.question(item), *(["·"] * len(options)), "·", _n_text(srow, words, 0)]
            )
            continue
        percents = {
            r["option"]: r["percent"]
            for r in results.filter(pl.col("question") == item).iter_rows(named=True)
        }
        rows.append(
            [
                labels.question(item),
                *(format_percent(percents.get(o), language=labels.lang) for o in options),
                format_percent(srow["top2"], language=labels.lang),
                _n_text(srow, words, analysis.k),
            ]
        )
    lines += ["  " + line for line in _render(rows)]
    lines.append("")
    return lines


def _category_label(labels: _Labels, name: str, code: str) -> str:
    # Units by their codes, which are what people in the administration use.
    if labels.q.has_question(name) and not _records_unit(labels.study, name):
        return labels.option(name, code)
    return code


def _records_unit(study: Study, name: str) -> bool:
    org = study.org
    return org is not None and org.level_recorded_by(study.questionnaire.question(name)) is not None


def _variable_label(labels: _Labels, name: str) -> str:
    if labels.q.has_question(name):
        return f"{labels.question(name)} [{name}]"
    org = labels.study.org
    if org is not None and org.has_level(name):
        return label_text(org.level(name).label, labels.lang, name)
    return name


def crosstab_table(result: Crosstab, study: Study, *, language: str = "de") -> str:
    """Counts with row percentages, the test and its caveats; hidden cells as ``·``."""
    labels = _Labels(study, language)
    table = result.table
    row_codes = list(dict.fromkeys(table["row"].to_list()))
    col_codes = list(dict.fromkeys(table["col"].to_list()))
    cell = {(r["row"], r["col"]): r for r in table.iter_rows(named=True)}
    total_word = labels.words["total"]
    out = _title(f"{_variable_label(labels, result.rows)} × {_variable_label(labels, result.cols)}")
    out.append(catalogue.text("crosstab.count_row_percent", language))
    header = ["", *(_category_label(labels, result.cols, c) for c in col_codes), total_word]
    rows = [header]
    for r in row_codes:
        line = [_category_label(labels, result.rows, r)]
        for c in col_codes:
            entry = cell[(r, c)]
            if entry["suppressed"]:
                line.append("·")
            else:
                percent = format_percent(entry["row_percent"], language=language)
                line.append(f"{entry['count']} ({percent})")
        row_total = cell[(r, col_codes[0])]["row_total"] if col_codes else None
        line.append("·" if row_total is None else str(row_total))
        rows.append(line)
    col_totals = [cell[(row_codes[0], c)]["col_total"] if row_codes else None for c in col_codes]
    rows.append([total_word, *("·" if t is None else str(t) for t in col_totals), ""])
    out += ["  " + line for line in _render(rows)]
    out.append("")
    if math.isnan(result.chi2):
        out.append(catalogue.text("crosstab.no_chi2", language, n=result.n))
    else:

        def number(value: float, digits: int) -> str:
            return format_number(value, digits, language=language)

        out.append(
            f"χ² = {number(result.chi2, 2)}; df = {result.dof}; p = {number(result.p_value, 3)}; "
            f"Cramér's V = {number(result.cramers_v, 2)}; n = {result.n}"
        )
    out += [
        catalogue.text("crosstab.note", language, text=w.render(language))
        for w in result.warning_texts
    ]
    out += [note.render(language) for note in result.note_texts]
    if table["suppressed"].any():
        out.append(labels.words["suppressed_note"].format(k=result.k))
    return "\n".join(out).rstrip() + "\n"


def answers_table(result: OpenAnswers, study: Study, *, language: str = "de") -> str:
    """The open answers per group; hidden groups with the open-text threshold named."""
    labels = _Labels(study, language)
    words = labels.words
    out = _title(f"{labels.question(result.question)} [{result.question}]")
    out.append("")
    for row in result.groups.iter_rows(named=True):
        name = labels.group(result.by, row["group"])
        if row["suppressed"]:
            out += [f"{name}: {words['suppressed'].format(k=result.k_text)}", ""]
            continue
        out.append(f"{name} (n = {row['n']})")
        for text in result.texts(row["group"]):
            wrapped = textwrap.wrap(text, TITLE_WIDTH - 4) or [""]
            out.append(f"  – {wrapped[0]}")
            out += [f"    {line}" for line in wrapped[1:]]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def ranking_table(ranking: Ranking, study: Study, *, language: str = "de") -> str:
    """A ranking (:mod:`lipkit.analysis.ranking`) as a text table with its base."""
    q = study.questionnaire

    def text(key: str, **params: object) -> str:
        return catalogue.text(f"ranking.{key}", language, **params)

    group = next(g for g in q.groups() if g.name == ranking.group)
    label = label_text(group.label, language, group.name)
    out = _title(text("title", label=label, name=ranking.group))
    if ranking.suppressed:
        return "\n".join([*out, "  " + text("suppressed", k=ranking.k)]) + "\n"
    choices = q.choices[ranking.list_name]
    rows = [
        [text("option"), text("n_ranked"), text("mean_rank"), text("n_first"), text("share_first")]
    ]
    for row in ranking.table.iter_rows(named=True):
        choice = choices.get(row["option"])
        rows.append(
            [
                label_text(choice.label, language, row["option"]) if choice else row["option"],
                str(row["n_ranked"]),
                format_number(row["mean_rank"], 1, language=language),
                str(row["n_first_rank"]),
                format_percent(row["share_first"], language=language),
            ]
        )
    out += ["  " + line for line in _render(rows)]
    out += _title(text("base", n=ranking.n, n_first=ranking.n_first))
    if ranking.n_left_out:
        out += _title(text("left_out", n=ranking.n_left_out))
    return "\n".join(out) + "\n"


def repeat_table(result: RepeatResult, study: Study, *, language: str = "de") -> str:
    """A question inside a repeat, per entry, with its base in entries and persons."""
    q = study.questionnaire

    def text(key: str, **params: object) -> str:
        return catalogue.text(f"repeat_analysis.{key}", language, **params)

    question = q.question(result.question)
    label = label_text(question.label, language, question.name)
    out = _title(text("title", label=label, name=result.question, repeat=result.repeat))
    if result.suppressed:
        return "\n".join([*out, "  " + text("suppressed", k=result.k)]) + "\n"
    base = text("base", entries=result.n_entries, persons=result.n_persons)
    if "option" in result.table.columns:
        choices = q.choices[question.xlsform_type.split()[1]] if question.xlsform_type else None
        rows = [[text("answer"), text("count"), text("percent")]]
        for row in result.table.iter_rows(named=True):
            choice = choices.get(row["option"]) if choices else None
            rows.append(
                [
                    label_text(choice.label, language, row["option"]) if choice else row["option"],
                    str(row["count"]),
                    format_percent(row["percent"], language=language),
                ]
            )
    else:
        mean, sd = result.table.row(0)
        rows = [
            [text("mean"), format_number(mean, 1, language=language)],
            [text("sd"), format_number(sd, 1, language=language)],
        ]
    out += ["  " + line for line in _render(rows)]
    out.append("  " + base)
    return "\n".join(out) + "\n"


def repeat_csv(results: list[RepeatResult]) -> str:
    """Questions inside repeats as one CSV: question, repeat, option or statistic, value, base."""
    frames = []
    for r in results:
        if r.suppressed:
            continue
        if "option" in r.table.columns:
            long = r.table.select(
                pl.col("option").alias("statistic"),
                pl.col("count").cast(pl.Float64).alias("count"),
                pl.col("percent").alias("value"),
            )
        else:
            long = pl.DataFrame(
                {
                    "statistic": ["mean", "sd"],
                    "count": [None, None],
                    "value": list(r.table.row(0)),
                },
                schema={"statistic": pl.String, "count": pl.Float64, "value": pl.Float64},
            )
        frames.append(
            long.with_columns(
                pl.lit(r.question).alias("question"),
                pl.lit(r.repeat).alias("repeat"),
                pl.lit(r.n_entries).alias("n_entries"),
                pl.lit(r.n_persons).alias("n_persons"),
            ).select("question", "repeat", "statistic", "count", "value", "n_entries", "n_persons")
        )
    if not frames:
        return "question,repeat,statistic,count,value,n_entries,n_persons\n"
    return pl.concat(frames).write_csv()
