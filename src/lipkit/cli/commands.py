"""The commands of ``lipkit``; each registered by :func:`lipkit.cli.common.command`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from lipkit import catalogue
from lipkit.catalogue import Text
from lipkit.cli.common import (
    BaseChoice,
    BaseOption,
    ByOption,
    DataArg,
    ExcludeInvalidOption,
    ExcludeRowsOption,
    FormArg,
    FormatOption,
    LanguageOption,
    MinGroupOption,
    OutputFormat,
    OutputOption,
    QuestionsOption,
    app,
    cli_language,
    command,
    emit,
    handle_user_errors,
    load_rows,
    load_rows_from,
    published_decisions,
)
from lipkit.errors import UserError, message_of

if TYPE_CHECKING:
    import polars as pl

    from lipkit.analysis.repeats import RepeatResult
    from lipkit.data.repeats import RepeatEntries
    from lipkit.study.model import Study


@command()
def demo(
    folder: Annotated[Path, typer.Argument()],
) -> None:
    """Write the built-in demo study (modelled on the reference report) to FOLDER."""
    from lipkit.demo import write_demo

    if folder.exists() and any(folder.iterdir()):
        raise UserError(Text("cli.demo_not_empty", path=str(folder)))
    write_demo(folder)
    typer.echo(catalogue.text("cli.demo_written", cli_language(), path=str(folder)))


@command()
def validate(
    form: FormArg,
    data: Annotated[Path | None, typer.Argument()] = None,
    language: LanguageOption = "",
) -> None:
    """Check response data against the questionnaire; list every problem at once.

    First, with or without DATA: what lipkit reads in the questionnaire (scales and their
    direction, missing codes, exclusive options, org levels) and which questions it carries
    through without analysing them, so that a user can see and override it. Without DATA the
    questionnaire alone is checked."""
    from lipkit.cli.session import load_inputs, load_study_or_form
    from lipkit.messages import issue_text, severity_word
    from lipkit.study.conventions import describe_form

    language = cli_language(language)
    study, default_data = load_study_or_form(form)
    for line in describe_form(study.questionnaire, language):
        typer.echo(line)
    if data is None and default_data is None:
        # The questionnaire alone: read, and its expressions checked as the analysis and the
        # web form will evaluate them.
        from lipkit.study.expressions import FormLogic

        FormLogic(study.questionnaire)
        n = len(study.questionnaire.questions())
        typer.echo(catalogue.text("cli.form_checked", language, path=str(form), n=n))
        return
    from lipkit.data.repeats import repeat_issues

    inputs = load_inputs(form, data)
    # the entries of each repeat exported beside the main file (its own file or sheet)
    found = [*inputs.issues, *repeat_issues(inputs.data_path, inputs.frame, study.questionnaire)]
    errors = [i for i in found if i.severity == "error"]
    warnings = [i for i in found if i.severity != "error"]
    for issue in found:
        typer.echo(f"{severity_word(issue, language)}: {issue_text(issue, language)}")
    rows = inputs.frame.height
    typer.echo(
        catalogue.text(
            "cli.data_checked",
            language,
            path=str(inputs.data_path),
            rows=rows,
            errors=len(errors),
            warnings=len(warnings),
        )
    )
    wave_errors: list[str] = []
    if form.is_dir():  # the study's earlier waves and their mappings (lipkit compare)
        from lipkit.cli.compare import wave_problems

        wave_errors = wave_problems(form)
        for problem in wave_errors:
            typer.echo(
                catalogue.text("cli.error", language, line=catalogue.render(problem, language))
            )
    if errors or wave_errors:
        raise typer.Exit(1)


@command()
def analyze(
    form: FormArg,
    data: DataArg = None,
    question: QuestionsOption = None,
    by: ByOption = None,
    base: BaseOption = BaseChoice.answered,
    min_group: MinGroupOption = None,
    output_format: FormatOption = OutputFormat.table,
    output: OutputOption = None,
    exclude_rows: ExcludeRowsOption = None,
    exclude_invalid: ExcludeInvalidOption = False,
    language: LanguageOption = "",
) -> None:
    """Analyse the responses: counts, bases, percentages, top-2, by group, anonymised."""
    from lipkit.analysis.engine import analyze as run_analysis
    from lipkit.analysis.ranking import rank_groups, ranking
    from lipkit.cli.tables import (
        analysis_csv,
        analysis_table,
        ranking_table,
        repeat_csv,
        repeat_table,
    )

    study, frame, data_path, all_rows = load_rows_from(form, data, exclude_rows, exclude_invalid)
    names = question or None
    if names:
        unknown = [n for n in names if not study.questionnaire.has_question(n)]
        if unknown:
            raise UserError(*(Text("cli.unknown_question", name=n) for n in unknown))
    in_repeats = [
        n for n in names or [] if study.questionnaire.question(n).not_analysed == "repeat"
    ]
    if in_repeats and by is not None:
        raise UserError(Text("repeat_analysis.by", name=in_repeats[0]))
    read: dict[str, RepeatEntries] = {}  # each repeat's file read (and its warnings said) once
    repeat_results = [
        analyze_in_repeat(study, (all_rows, frame), data_path, n, min_group, language, read)
        for n in in_repeats
    ]
    if in_repeats:
        names = [n for n in names or [] if n not in in_repeats]
    if by is not None and by not in frame.columns:
        levels = [lv.name for lv in study.org.levels] if study.org else []
        if levels:
            raise UserError(Text("cli.by_unknown_levels", by=by, levels=", ".join(levels)))
        raise UserError(Text("cli.by_unknown", by=by))
    if in_repeats and not names:
        lang = language or study.settings.language
        emit(
            output_format,
            output,
            as_json=lambda: {"repeats": [r.to_dict() for r in repeat_results]},
            as_csv=lambda: repeat_csv(repeat_results),
            as_table=lambda: "\n".join(
                repeat_table(r, study, language=lang) for r in repeat_results
            ),
        )
        return
    try:
        result = run_analysis(
            study,
            frame,
            questions=names,
            by=by,
            base=base.value,
            k=min_group,
            decisions=published_decisions(form, study, frame),
        )
    except ValueError as error:
        raise UserError(message_of(error)) from None
    lang = language or study.settings.language
    groups = [
        g
        for g in rank_groups(study)
        if names is None or any(i.name in names for i in g.items if hasattr(i, "type"))
    ]
    rankings = [ranking(study, frame, g, k=min_group) for g in groups] if by is None else []
    if rankings:
        # the rankings left out, each once, on stderr (lipkit validate lists them too)
        from lipkit.data.ranks import rank_issues
        from lipkit.messages import issue_text, severity_word

        said = cli_language(language)
        for issue in rank_issues(frame, study.questionnaire, file=data_path.name, groups=groups):
            typer.echo(f"{severity_word(issue, said)}: {issue_text(issue, said)}", err=True)

    def table() -> str:
        parts = [analysis_table(result, study, language=lang)]
        parts += [ranking_table(r, study, language=lang) for r in rankings]
        parts += [repeat_table(r, study, language=lang) for r in repeat_results]
        if by is not None:
            parts += [
                catalogue.text("ranking.whole_survey_only", lang, name=g.name) + "\n"
                for g in groups
            ]
        return "\n".join(parts)

    emit(
        output_format,
        output,
        as_json=lambda: {
            **result.to_dict(),
            "rankings": [r.to_dict() for r in rankings],
            "repeats": [r.to_dict() for r in repeat_results],
        },
        as_csv=lambda: analysis_csv(result),
        as_table=table,
    )


def analyze_in_repeat(
    study: Study,
    rows: tuple[pl.DataFrame, pl.DataFrame],
    data_path: Path,
    name: str,
    k: int | None,
    language: str,
    read: dict[str, RepeatEntries],
) -> RepeatResult:
    """A question inside a repeat, per entry, from the repeat's own file or sheet; ``rows``:
    all rows of the main file and those analysed."""
    from lipkit.analysis.repeats import analyze_repeat
    from lipkit.data.issues import DataError
    from lipkit.data.repeats import read_repeat, repeat_of
    from lipkit.messages import issue_text, severity_word

    group = repeat_of(study.questionnaire, name)
    assert group is not None
    entries = read.get(group.name)
    if entries is None:
        try:
            main, analysed = rows
            entries = read_repeat(data_path, main, study.questionnaire, group, analysed=analysed)
        except DataError as error:
            raise UserError(error.render_lines(cli_language(language))[0]) from None
        errors = [i for i in entries.issues if i.severity == "error"]
        if errors:
            raise UserError(*errors)
        lang = cli_language(language)
        for issue in entries.issues:
            typer.echo(f"{severity_word(issue, lang)}: {issue_text(issue, lang)}", err=True)
        read[group.name] = entries
    try:
        return analyze_repeat(study, entries, name, k=k)
    except ValueError as error:
        raise UserError(message_of(error)) from None


@command()
def crosstab(
    form: FormArg,
    data: DataArg = None,
    *,
    rows: Annotated[str, typer.Option("--rows")],
    cols: Annotated[str, typer.Option("--cols")],
    min_group: MinGroupOption = None,
    output_format: FormatOption = OutputFormat.table,
    output: OutputOption = None,
    exclude_rows: ExcludeRowsOption = None,
    exclude_invalid: ExcludeInvalidOption = False,
    language: LanguageOption = "",
) -> None:
    """Crosstab of two questions: counts, row percentages, χ², Cramér's V, anonymised."""
    from lipkit.analysis.crosstab import crosstab as run_crosstab
    from lipkit.cli.tables import crosstab_table

    study, frame = load_rows(form, data, exclude_rows, exclude_invalid)
    try:
        result = run_crosstab(
            study, frame, rows, cols, k=min_group, decisions=published_decisions(form, study, frame)
        )
    except ValueError as error:
        raise UserError(message_of(error)) from None
    lang = language or study.settings.language
    emit(
        output_format,
        output,
        as_json=result.to_dict,
        as_csv=result.table.write_csv,
        as_table=lambda: crosstab_table(result, study, language=lang),
    )


@command()
def answers(
    form: FormArg,
    data: DataArg = None,
    *,
    question: Annotated[str, typer.Option("--question", "-q")],
    by: ByOption = None,
    min_group: Annotated[
        int | None,
        typer.Option("--min-group", min=1),
    ] = None,
    output_format: FormatOption = OutputFormat.table,
    output: OutputOption = None,
    exclude_rows: ExcludeRowsOption = None,
    exclude_invalid: ExcludeInvalidOption = False,
    language: LanguageOption = "",
) -> None:
    """Open answers of a text question, only for groups of at least k_text respondents."""
    from lipkit.cli.tables import answers_table
    from lipkit.text import open_answers

    study, frame = load_rows(form, data, exclude_rows, exclude_invalid)
    try:
        result = open_answers(
            study,
            frame,
            question,
            by=by,
            k_text=min_group,
            decisions=published_decisions(form, study, frame),
        )
    except ValueError as error:
        raise UserError(message_of(error)) from None
    lang = language or study.settings.language
    emit(
        output_format,
        output,
        as_json=result.to_dict,
        as_csv=result.answers.write_csv,
        as_table=lambda: answers_table(result, study, language=lang),
    )


@command()
def convert(
    source: Annotated[Path, typer.Argument()],
    target: Annotated[Path, typer.Argument()],
) -> None:
    """Convert a questionnaire between XLSForm and lipkit YAML (lossless round trip)."""
    from lipkit.study.formats import load_questionnaire, save_questionnaire

    if target.exists():
        raise UserError(Text("cli.exists", path=str(target)))
    save_questionnaire(load_questionnaire(source), target)
    typer.echo(catalogue.text("cli.written", cli_language(), path=str(target)))


@command()
def audit(
    form: FormArg,
    data: DataArg = None,
    exclude_rows: ExcludeRowsOption = None,
    exclude_invalid: ExcludeInvalidOption = False,
    min_width: Annotated[float, typer.Option("--min-width", min=0)] = 0.0,
    language: LanguageOption = "",
) -> None:
    """Audit everything lipkit publishes for a study (LP bounds of every hidden cell)."""
    from lipkit.privacy.audit import audit as run_audit

    study, frame = load_rows(form, data, exclude_rows, exclude_invalid)
    # the outputs as they are published: through the decisions every command applies
    decisions = published_decisions(form, study, frame)
    result = run_audit(study, frame, min_width=min_width, decisions=decisions)
    language = cli_language(language)
    typer.echo(
        catalogue.text(
            "cli.audit_checked",
            language,
            cells=result.cells,
            outputs=result.outputs,
            published=result.published,
            seconds=f"{result.seconds:.1f}",
        )
    )
    for leak in result.leaks:
        typer.echo(catalogue.text("cli.audit_leak", language, leak=leak.text(language)))
    if result.ok:
        typer.echo(catalogue.text("cli.audit_ok", language))
    else:
        typer.echo(catalogue.text("cli.audit_leaks", language, n=len(result.leaks)))
    if not result.ok:
        raise typer.Exit(1)


def report_name(part: str, language: str) -> str:
    """The report files' name, in the report's language: ``bericht.*`` or ``report.*``, the
    controlling part alone ``controlling.*``."""
    if part == "controlling":
        return "controlling"
    return "report" if language == "en" else "bericht"


@command()
def report(
    study_folder: Annotated[Path, typer.Argument(metavar="STUDY")],
    formats: Annotated[str, typer.Option("--format")] = "html,pdf,docx",
    output: Annotated[Path | None, typer.Option()] = None,
    exclude_rows: ExcludeRowsOption = None,
    exclude_invalid: ExcludeInvalidOption = False,
    language: LanguageOption = "",
    strict: Annotated[
        bool,
        typer.Option("--strict"),
    ] = False,
    part: Annotated[
        str,
        typer.Option(),
    ] = "all",
) -> None:
    """Build the evaluation report (figures, tables, quotes, recommendations) and, when the
    study has a plan (plan/), its controlling part."""
    from lipkit.report import FORMATS, write_report
    from lipkit.study.folder import StudyFolder

    if not study_folder.is_dir():
        raise UserError(Text("cli.no_study_folder", path=str(study_folder)))
    chosen = tuple(f.strip().lower() for f in formats.split(",") if f.strip())
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise UserError(Text("cli.report_formats", formats=repr(formats), known=",".join(FORMATS)))
    study, frame = load_rows(study_folder, None, exclude_rows, exclude_invalid)
    lang = language or study.settings.language
    result = write_report(
        study,
        frame,
        study_folder,
        output or StudyFolder.at(study_folder).report_out,
        formats=chosen,
        language=lang,
        strict=strict,
        part=part,
        name=report_name(part, lang),
        cache=StudyFolder.at(study_folder).chart_cache,
    )
    for warning in result.warnings:
        typer.echo(catalogue.text("cli.warning", lang, line=warning), err=True)
    for path in result.paths.values():
        typer.echo(catalogue.text("cli.written", lang, path=path))


@app.command()
def serve(
    study: Annotated[Path | None, typer.Option()] = None,
    host: Annotated[str, typer.Option()] = "127.0.0.1",
    port: Annotated[int, typer.Option()] = 8000,
    workers: Annotated[int, typer.Option(min=1)] = 2,
) -> None:
    """Run the online survey (Django; SQLite by default, PostgreSQL via DATABASE_URL)."""
    from lipkit.process import for_a_server
    from lipkit.survey.server import run

    _prepare_survey(study, host, port)
    for_a_server()  # the command's process was tuned for one job (lipkit.cli.main)
    run(host, port, workers)  # the server's own errors are not a user's


@handle_user_errors
def _prepare_survey(study: Path | None, host: str, port: int) -> None:
    """Migrate, load the study, make the first login; print the addresses."""
    from lipkit.survey.server import prepare

    if study is not None and not study.is_dir():
        raise UserError(Text("cli.no_study_folder", path=str(study)))
    prepared = prepare(study)
    address = f"http://{host}:{port}"
    language = cli_language()
    typer.echo(catalogue.text("cli.serve_running", language, address=address))
    if prepared.survey_link:
        link = f"{address}/s/{prepared.survey_link}/"
        typer.echo(catalogue.text("cli.serve_form", language, link=link))
    typer.echo(catalogue.text("cli.serve_team", language, address=address))
    if prepared.admin_password:
        password = prepared.admin_password
        typer.echo(catalogue.text("cli.serve_login", language, password=password))
        typer.echo(catalogue.text("cli.serve_change", language))
