"""What every command shares: the Typer app, the options spelled once, the error handling.

User errors (bad form, bad data, unknown question) end in one clear line per problem and a
non-zero exit code, never in a traceback: :func:`command` registers a command with that
handling, so that no command spells it out again.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ParamSpec, TypeVar

import polars as pl
import typer
from typer.core import TyperGroup

from lipkit import catalogue
from lipkit.catalogue import Text
from lipkit.errors import UserError, user_errors
from lipkit.study.model import Study

if TYPE_CHECKING:
    from lipkit.privacy.pattern import Decisions


def help_language(args: list[str]) -> str:
    """The language of ``--help``: ``--lang`` wherever it stands, else ``LIPKIT_LANG``."""
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            return cli_language(args[i + 1])
        if arg.startswith("--lang="):
            return cli_language(arg.removeprefix("--lang="))
    return cli_language()


def _help_text(code: str, fallback: str, language: str) -> str:
    """The catalogue's help ``code`` (every one is named by the f-strings of
    :func:`translate_help`), else ``fallback``."""
    message = catalogue.CATALOGUE.get(code)
    return message.format(language) if message is not None else fallback


def translate_help(command: Any, language: str, path: str = "") -> None:
    """Set the help of ``command``, its parameters and subcommands from the catalogue
    (``help.cmd.<path>``, ``help.<path>.<parameter>``, else ``help.param.<parameter>``)."""
    code = path or "lipkit"
    command.help = _help_text(f"help.cmd.{code}", command.help or "", language)
    for param in command.params:
        if not hasattr(param, "help") or param.name is None:
            continue
        shared = _help_text(f"help.param.{param.name}", param.help or "", language)
        param.help = _help_text(f"help.{path}.{param.name}", shared, language)
    for name, sub in getattr(command, "commands", {}).items():
        translate_help(sub, language, f"{path}.{name}" if path else name)


class _LanguageGroup(TyperGroup):
    """The root command: shows every help text in the language asked for."""

    def main(self, args: Sequence[str] | None = None, *more: Any, **kwargs: Any) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        if _may_show_help(self, argv):
            language = help_language(argv)
            translate_help(self, language)
            # rich's help panels, imported only for a help page (60 ms of every command)
            from typer import rich_utils

            rich_utils.ARGUMENTS_PANEL_TITLE = catalogue.text("cli.arguments", language)
            rich_utils.OPTIONS_PANEL_TITLE = catalogue.text("cli.options", language)
            rich_utils.COMMANDS_PANEL_TITLE = catalogue.text("cli.commands", language)
        return super().main(args, *more, **kwargs)


def _may_show_help(group: TyperGroup, argv: list[str]) -> bool:
    """Whether these arguments may end in a help page: ``--help``, or a group without one of
    its commands (the root, ``plan``), which shows its help."""
    if "--help" in argv:
        return True
    command: Any = group
    for arg in argv:
        command = getattr(command, "commands", {}).get(arg, command)
    return hasattr(command, "commands")


app = typer.Typer(add_completion=False, no_args_is_help=True, cls=_LanguageGroup)

P = ParamSpec("P")
R = TypeVar("R")


def cli_language(explicit: object = None) -> str:
    """The language of what the CLI prints: ``--lang``, else ``LIPKIT_LANG``, else German."""
    if isinstance(explicit, str) and explicit:
        return catalogue.language_of(explicit)
    return catalogue.language_of(os.environ.get("LIPKIT_LANG"))


def handle_user_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Run ``func`` so that user errors become ``Fehler: …`` lines (``Error: …`` under
    ``--lang en``) and exit code 2."""

    @functools.wraps(func)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        language = cli_language(kwargs.get("language"))
        with user_errors(language) as problems:
            return func(*args, **kwargs)
        raise fail(problems, language=language)

    return run


def command(*args, **kwargs) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """``app.command(...)`` for a command whose user errors :func:`handle_user_errors` reports."""

    def register(func: Callable[P, R]) -> Callable[P, R]:
        app.command(*args, **kwargs)(handle_user_errors(func))
        return func

    return register


def fail(problems: list[str], code: int = 2, language: str = "de") -> typer.Exit:
    for line in problems:
        typer.echo(catalogue.text("cli.error", language, line=line), err=True)
    return typer.Exit(code)


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


class BaseChoice(StrEnum):
    answered = "answered"
    valid = "valid"
    group = "group"


# Options that several commands share, spelled once.
FormArg = Annotated[Path, typer.Argument()]
DataArg = Annotated[
    Path | None,
    typer.Argument(),
]
ByOption = Annotated[str | None, typer.Option()]
MinGroupOption = Annotated[int | None, typer.Option("--min-group", min=1)]
QuestionsOption = Annotated[list[str] | None, typer.Option("--question", "-q")]
BaseOption = Annotated[BaseChoice, typer.Option()]
FormatOption = Annotated[OutputFormat, typer.Option("--format")]
OutputOption = Annotated[Path | None, typer.Option()]
ExcludeRowsOption = Annotated[
    str | None,
    typer.Option(),
]
ExcludeInvalidOption = Annotated[bool, typer.Option()]
LanguageOption = Annotated[str, typer.Option("--lang")]


def load_rows(
    form: Path, data: Path | None, exclude_rows: str | None, exclude_invalid: bool
) -> tuple[Study, pl.DataFrame]:
    """The study and the rows to analyse; says how many rows were left out."""
    study, frame, _, _ = load_rows_from(form, data, exclude_rows, exclude_invalid)
    return study, frame


def load_rows_from(
    form: Path, data: Path | None, exclude_rows: str | None, exclude_invalid: bool
) -> tuple[Study, pl.DataFrame, Path, pl.DataFrame]:
    """As :func:`load_rows`, with the response file's path and all of its rows (a repeat's
    entries are linked to them)."""
    from lipkit.cli.session import load_inputs, select_rows

    inputs = load_inputs(form, data)
    frame, excluded = select_rows(inputs, parse_rows(exclude_rows), exclude_invalid)
    if excluded:
        typer.echo(catalogue.text("cli.rows_excluded", cli_language(), n=excluded), err=True)
    return inputs.study, frame, inputs.data_path, inputs.frame


def published_decisions(form: Path, study: Study, frame: pl.DataFrame) -> Decisions:
    """The complementary suppressions every output of ``frame`` applies, kept in the study
    folder's ``.lipkit-cache/privacy`` when ``form`` is a study folder (a questionnaire file
    alone has no folder of its own to write into)."""
    from lipkit.privacy.decide import published_decisions as decide
    from lipkit.study.folder import StudyFolder

    cache = StudyFolder.at(form).privacy_cache if form.is_dir() else None
    return decide(study, frame, cache_dir=cache)


def parse_rows(text: str | None) -> list[int]:
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
            raise UserError(Text("cli.bad_row", part=part)) from None
    return rows


def emit(
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
    write_output(text, output)


def write_output(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    typer.echo(catalogue.text("cli.written", cli_language(), path=str(output)), err=True)
