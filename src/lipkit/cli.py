"""The ``lipkit`` command line: a thin layer over the library.

User errors (bad form, bad data, unknown question) end in one clear line per
problem and a non-zero exit code, never in a traceback.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from lipkit.errors import UserError, user_errors

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="lipkit – Evaluation und Steuerung des Lokalen Integrationsplans.",
)


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


class BaseChoice(StrEnum):
    answered = "answered"
    valid = "valid"
    group = "group"


# Options that several commands share, spelled once.
FormArg = Annotated[Path, typer.Argument(help="XLSForm (.xlsx), lipkit-YAML oder Studienordner.")]
DataArg = Annotated[
    Path | None,
    typer.Argument(help="Antworten (CSV, XLSX, Parquet); bei einem Studienordner optional."),
]
ByOption = Annotated[
    str | None, typer.Option(help="Aufschlüsseln nach Frage oder Organisationsebene.")
]
MinGroupOption = Annotated[
    int | None, typer.Option("--min-group", min=1, help="Mindestgruppengröße k.")
]
FormatOption = Annotated[OutputFormat, typer.Option("--format", help="table, csv oder json.")]
OutputOption = Annotated[Path | None, typer.Option(help="In diese Datei schreiben.")]
ExcludeRowsOption = Annotated[
    str | None,
    typer.Option(help="Diese Zeilen (Zeilennummer der Datei, z. B. 3,7-9) ausschließen."),
]
ExcludeInvalidOption = Annotated[bool, typer.Option(help="Alle Zeilen mit Fehlern ausschließen.")]
LanguageOption = Annotated[str, typer.Option("--lang", help="Sprache: de oder en.")]


def _load_rows(form: Path, data: Path | None, exclude_rows: str | None, exclude_invalid: bool):
    """The study and the rows to analyse; says how many rows were left out."""
    from lipkit.session import load_inputs, select_rows

    inputs = load_inputs(form, data)
    frame, excluded = select_rows(inputs, _parse_rows(exclude_rows), exclude_invalid)
    if excluded:
        typer.echo(f"{excluded} Zeilen ausgeschlossen", err=True)
    return inputs.study, frame


def _fail(problems: list[str], code: int = 2) -> typer.Exit:
    for line in problems:
        typer.echo(f"Fehler: {line}", err=True)
    return typer.Exit(code)


def _emit(
    output_format: OutputFormat,
    output: Path | None,
    *,
    as_json: Callable[[], dict],
    as_csv: Callable[[], str],
    as_table: Callable[[], str],
) -> None:
    """Write a result in the chosen format to ``output`` or standard output."""
    if output_format == OutputFormat.json:
        text = json.dumps(as_json(), ensure_ascii=False, indent=2)
    elif output_format == OutputFormat.csv:
        text = as_csv()
    else:
        text = as_table()
    _write_output(text, output)


def _write_output(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    typer.echo(f"geschrieben: {output}", err=True)


@app.command()
def demo(
    folder: Annotated[
        Path, typer.Argument(help="Ordner, in den die Demo-Studie geschrieben wird.")
    ],
) -> None:
    """Write the built-in demo study (modelled on the reference report) to FOLDER."""
    from lipkit.demo import write_demo

    with user_errors() as problems:
        if folder.exists() and any(folder.iterdir()):
            raise UserError(f"{folder}: Ordner ist nicht leer; die Demo überschreibt keine Daten")
        write_demo(folder)
        typer.echo(f"Demo-Studie geschrieben: {folder}")
    if problems:
        raise _fail(problems)


@app.command()
def validate(
    form: FormArg,
    data: Annotated[Path | None, typer.Argument(help="Antworten (CSV, XLSX, Parquet).")] = None,
    language: LanguageOption = "de",
) -> None:
    """Check response data against the questionnaire; list every problem at once."""
    from lipkit.messages import issue_text, severity_word
    from lipkit.session import load_inputs

    with user_errors() as problems:
        inputs = load_inputs(form, data)
        errors = [i for i in inputs.issues if i.severity == "error"]
        warnings = [i for i in inputs.issues if i.severity != "error"]
        for issue in inputs.issues:
            typer.echo(f"{severity_word(issue, language)}: {issue_text(issue, language)}")
        rows = inputs.frame.height
        typer.echo(
            f"{inputs.data_path}: {rows} Zeilen, {len(errors)} Fehler, {len(warnings)} Warnungen"
        )
        if errors:
            raise typer.Exit(1)
    if problems:
        raise _fail(problems)


def _parse_rows(text: str | None) -> list[int]:
    """``"3,7-9"`` -> ``[3, 7, 8, 9]`` (source row numbers, header = 1)."""
    if not text:
        return []
    rows: list[int] = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        try:
            if "-" in part:
                start, end = (int(x) for x in part.split("-", 1))
                rows.extend(range(start, end + 1))
            else:
                rows.append(int(part))
        except ValueError:
            raise UserError(
                f"--exclude-rows: {part!r} ist keine Zeilennummer (erwartet z. B. 3,7-9)"
            ) from None
    return rows


@app.command()
def analyze(
    form: FormArg,
    data: DataArg = None,
    question: Annotated[
        list[str] | None, typer.Option("--question", "-q", help="Nur diese Frage(n).")
    ] = None,
    by: ByOption = None,
    base: Annotated[BaseChoice, typer.Option(help="Basis der Prozente.")] = BaseChoice.answered,
    min_group: MinGroupOption = None,
    output_format: FormatOption = OutputFormat.table,
    output: OutputOption = None,
    exclude_rows: ExcludeRowsOption = None,
    exclude_invalid: ExcludeInvalidOption = False,
    language: LanguageOption = "",
) -> None:
    """Analyse the responses: counts, bases, percentages, top-2, by group, anonymised."""
    from lipkit.analysis.engine import analyze as run_analysis
    from lipkit.tables import analysis_csv, analysis_table

    with user_errors() as problems:
        study, frame = _load_rows(form, data, exclude_rows, exclude_invalid)
        names = question or None
        if names:
            unknown = [n for n in names if not study.questionnaire.has_question(n)]
            if unknown:
                raise UserError(*(f"unbekannte Frage {n!r}" for n in unknown))
        if by is not None and by not in frame.columns:
            levels = [lv.name for lv in study.org.levels] if study.org else []
            raise UserError(
                f"--by {by!r}: weder Frage noch Organisationsebene"
                + (f" (Ebenen: {', '.join(levels)})" if levels else "")
            )
        result = run_analysis(study, frame, questions=names, by=by, base=base.value, k=min_group)
        lang = language or study.settings.language
        _emit(
            output_format,
            output,
            as_json=result.to_dict,
            as_csv=lambda: analysis_csv(result),
            as_table=lambda: analysis_table(result, study, language=lang),
        )
    if problems:
        raise _fail(problems)


@app.command()
def crosstab(
    form: FormArg,
    data: DataArg = None,
    *,
    rows: Annotated[
        str, typer.Option("--rows", help="Zeilen: Einfachauswahl-Frage oder Organisationsebene.")
    ],
    cols: Annotated[
        str, typer.Option("--cols", help="Spalten: Einfachauswahl-Frage oder Organisationsebene.")
    ],
    min_group: MinGroupOption = None,
    output_format: FormatOption = OutputFormat.table,
    output: OutputOption = None,
    exclude_rows: ExcludeRowsOption = None,
    exclude_invalid: ExcludeInvalidOption = False,
    language: LanguageOption = "",
) -> None:
    """Crosstab of two questions: counts, row percentages, χ², Cramér's V, anonymised."""
    from lipkit.analysis.crosstab import crosstab as run_crosstab
    from lipkit.tables import crosstab_table

    with user_errors() as problems:
        study, frame = _load_rows(form, data, exclude_rows, exclude_invalid)
        try:
            result = run_crosstab(study, frame, rows, cols, k=min_group)
        except ValueError as error:
            raise UserError(str(error)) from None
        lang = language or study.settings.language
        _emit(
            output_format,
            output,
            as_json=result.to_dict,
            as_csv=result.table.write_csv,
            as_table=lambda: crosstab_table(result, study, language=lang),
        )
    if problems:
        raise _fail(problems)


@app.command()
def answers(
    form: FormArg,
    data: DataArg = None,
    *,
    question: Annotated[str, typer.Option("--question", "-q", help="Die offene Frage.")],
    by: ByOption = None,
    min_group: Annotated[
        int | None,
        typer.Option("--min-group", min=1, help="Mindestgruppengröße für offene Antworten."),
    ] = None,
    output_format: FormatOption = OutputFormat.table,
    output: OutputOption = None,
    exclude_rows: ExcludeRowsOption = None,
    exclude_invalid: ExcludeInvalidOption = False,
    language: LanguageOption = "",
) -> None:
    """Open answers of a text question, only for groups of at least k_text respondents."""
    from lipkit.tables import answers_table
    from lipkit.text import open_answers

    with user_errors() as problems:
        study, frame = _load_rows(form, data, exclude_rows, exclude_invalid)
        try:
            result = open_answers(study, frame, question, by=by, k_text=min_group)
        except ValueError as error:
            raise UserError(str(error)) from None
        lang = language or study.settings.language
        _emit(
            output_format,
            output,
            as_json=result.to_dict,
            as_csv=result.answers.write_csv,
            as_table=lambda: answers_table(result, study, language=lang),
        )
    if problems:
        raise _fail(problems)


@app.command()
def convert(
    source: Annotated[Path, typer.Argument(help="Fragebogen: .xlsx oder .yaml")],
    target: Annotated[Path, typer.Argument(help="Ziel: .xlsx oder .yaml")],
) -> None:
    """Convert a questionnaire between XLSForm and lipkit YAML (lossless round trip)."""
    from lipkit.study.yamlform import load_questionnaire, save_questionnaire

    with user_errors() as problems:
        if target.exists():
            raise UserError(f"{target}: existiert bereits; lipkit überschreibt keine Dateien")
        save_questionnaire(load_questionnaire(source), target)
        typer.echo(f"geschrieben: {target}")
    if problems:
        raise _fail(problems)


@app.command()
def report(
    study_folder: Annotated[Path, typer.Argument(metavar="STUDY", help="Der Studienordner.")],
    formats: Annotated[
        str, typer.Option("--format", help="Ausgabeformate, kommagetrennt: html,pdf,docx.")
    ] = "html,pdf,docx",
    output: Annotated[
        Path | None, typer.Option(help="Zielordner (Standard: STUDY/report-out).")
    ] = None,
    exclude_rows: ExcludeRowsOption = None,
    exclude_invalid: ExcludeInvalidOption = False,
    language: LanguageOption = "",
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Jede Warnung ist ein Fehler; dann wird nichts geschrieben."),
    ] = False,
) -> None:
    """Build the evaluation report (figures, tables, quotes, recommendations)."""
    from lipkit.report import FORMATS, write_report

    with user_errors() as problems:
        if not study_folder.is_dir():
            raise UserError(f"{study_folder}: kein Studienordner")
        chosen = tuple(f.strip().lower() for f in formats.split(",") if f.strip())
        unknown = [f for f in chosen if f not in FORMATS]
        if unknown or not chosen:
            raise UserError(f"--format {formats!r}: erwartet eine Auswahl aus {','.join(FORMATS)}")
        study, frame = _load_rows(study_folder, None, exclude_rows, exclude_invalid)
        result = write_report(
            study,
            frame,
            study_folder,
            output or study_folder / "report-out",
            formats=chosen,
            language=language or study.settings.language,
            strict=strict,
        )
        for warning in result.warnings:
            typer.echo(f"Warnung: {warning}", err=True)
        for path in result.paths.values():
            typer.echo(f"geschrieben: {path}")
    if problems:
        raise _fail(problems)


@app.command()
def serve(
    study: Annotated[
        Path | None, typer.Option(help="Studienordner, der als offene Befragung geladen wird.")
    ] = None,
    host: Annotated[str, typer.Option(help="Adresse, an der der Server lauscht.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="gunicorn-Worker-Prozesse.")] = 2,
) -> None:
    """Run the online survey (Django; SQLite by default, PostgreSQL via DATABASE_URL)."""
    from lipkit.survey.server import prepare, run

    with user_errors() as problems:
        if study is not None and not study.is_dir():
            raise UserError(f"{study}: kein Studienordner")
        prepared = prepare(study)
        address = f"http://{host}:{port}"
        typer.echo(f"lipkit-Befragung läuft auf {address}/")
        if prepared.survey_link:
            typer.echo(f"  Fragebogen (Link zum Weitergeben): {address}/s/{prepared.survey_link}/")
        typer.echo(f"  Auswertungsteam: {address}/team/")
        if prepared.admin_password:
            typer.echo(f"  Erste Anmeldung: Benutzer admin, Passwort {prepared.admin_password}")
            typer.echo("  (bitte nach der Anmeldung ändern: Auswertungsteam > Passwort ändern)")
    if problems:
        raise _fail(problems)
    run(host, port, workers)


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
