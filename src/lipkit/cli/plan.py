"""``lipkit plan …``: the integration plan in ``STUDY/plan/`` (lipkit.controlling)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from lipkit import catalogue
from lipkit.catalogue import Text
from lipkit.cli.common import (
    FormatOption,
    LanguageOption,
    OutputFormat,
    OutputOption,
    app,
    cli_language,
    emit,
    handle_user_errors,
)
from lipkit.errors import UserError

plan_app = typer.Typer(
    no_args_is_help=True,
)
app.add_typer(plan_app, name="plan")
StudyArg = Annotated[Path, typer.Argument(metavar="STUDY")]


def _study_plan(study_folder: Path, language: str = ""):
    from lipkit.controlling.study import has_plan, load_study_plan

    if not study_folder.is_dir():
        raise UserError(Text("cli.no_study_folder", path=str(study_folder)))
    if not has_plan(study_folder):
        raise UserError(Text("plan_text.no_plan", path=str(study_folder)))
    loaded = load_study_plan(study_folder)
    for warning in loaded.warnings:
        line = catalogue.render(warning, cli_language(language))
        typer.echo(catalogue.text("cli.warning", cli_language(language), line=line), err=True)
    return loaded


@plan_app.command("check")
@handle_user_errors
def plan_check(study_folder: StudyArg, language: LanguageOption = "") -> None:
    """List what the plan lacks to be steered (HE 17): one line per gap; exit 1 on errors."""
    from lipkit.controlling.check import check_plan
    from lipkit.study.folder import load_study

    language = cli_language(language)
    loaded = _study_plan(study_folder, language)
    study = loaded.study or load_study(study_folder)
    units = {u.code for u in study.org.units} if study.org is not None else None
    findings = check_plan(loaded.plan, units)
    for finding in findings:
        typer.echo(finding.text(language))
    if not findings:
        typer.echo(catalogue.text("plan_text.no_gaps", language))
    if any(f.severity == "error" for f in findings):
        raise typer.Exit(1)


@plan_app.command("status")
@handle_user_errors
def plan_status(
    study_folder: StudyArg,
    date: Annotated[
        str | None,
        typer.Option(),
    ] = None,
    output_format: FormatOption = OutputFormat.table,
    output: OutputOption = None,
    language: LanguageOption = "",
) -> None:
    """Print the status tree: fields of action, strategic goals, goals and indicators."""
    from lipkit.controlling.status import plan_status as compute
    from lipkit.controlling.table import status_frame, status_text

    language = cli_language(language)
    loaded = _study_plan(study_folder, language)
    try:
        when = dt.date.fromisoformat(date) if date else loaded.latest_date()
    except ValueError:
        raise UserError(Text("plan_text.bad_date", value=date)) from None
    status = compute(loaded.plan, when, loaded.values)
    emit(
        output_format,
        output,
        as_json=lambda: {
            "date": when.isoformat(),
            "rows": status_frame(loaded, status, language).to_dicts(),
        },
        as_csv=lambda: status_frame(loaded, status, language).write_csv(),
        as_table=lambda: status_text(loaded.plan, status, language),
    )


class ExportFormat(StrEnum):
    xlsx = "xlsx"
    iati = "iati"


@plan_app.command("export")
@handle_user_errors
def plan_export(
    study_folder: StudyArg,
    target: Annotated[Path, typer.Argument()],
    export_format: Annotated[ExportFormat | None, typer.Option("--format")] = None,
    org_ref: Annotated[str | None, typer.Option("--org-ref")] = None,
    org_name: Annotated[str | None, typer.Option("--org-name")] = None,
    language: LanguageOption = "",
) -> None:
    """Write the plan as one Excel workbook (sheets Handlungsfelder, Ziele, Maßnahmen,
    Indikatoren, Werte), or its results framework as IATI 2.03 XML (``--format iati``:
    results, indicators, baselines and periods; owners and statuses stay internal)."""
    if target.exists():
        raise UserError(Text("cli.exists", path=str(target)))
    language = cli_language(language)
    chosen = export_format or (
        ExportFormat.iati if target.suffix.lower() == ".xml" else ExportFormat.xlsx
    )
    if chosen == ExportFormat.iati:
        from lipkit.controlling.iati import iati_xml

        if not org_ref:
            raise UserError(Text("plan_text.org_ref"))
        loaded = _study_plan(study_folder, language)
        target.write_bytes(
            iati_xml(
                loaded.plan,
                loaded.values,
                org_ref=org_ref,
                org_name=org_name or org_ref,
                language=language,
            )
        )
        typer.echo(catalogue.text("cli.written", language, path=str(target)))
        return
    from lipkit.controlling.files import read_plan
    from lipkit.controlling.workbook import write_workbook
    from lipkit.study.folder import StudyFolder

    _study_plan(study_folder, language)
    write_workbook(read_plan(StudyFolder.at(study_folder).plan), target)
    typer.echo(catalogue.text("cli.written", language, path=str(target)))


@plan_app.command("import")
@handle_user_errors
def plan_import(
    study_folder: StudyArg,
    source: Annotated[Path, typer.Argument()],
) -> None:
    """Read a plan workbook, check it, and write it as STUDY/plan/plan.yaml and values.csv."""
    from lipkit.controlling.files import write_plan
    from lipkit.controlling.workbook import read_workbook
    from lipkit.study.folder import StudyFolder

    if not study_folder.is_dir():
        raise UserError(Text("cli.no_study_folder", path=str(study_folder)))
    plan = read_workbook(source)
    folder = StudyFolder.at(study_folder).plan
    write_plan(plan, folder)
    typer.echo(catalogue.text("cli.written", cli_language(), path=str(folder)))
