"""The README's console examples are real: each command is run, in order, in an empty folder,
and must print exactly what the README shows after it.

A ``console`` block holds ``$ command`` lines, each followed by its output (none shown = none
printed). A line that is only ``…`` stands for one or more lines of output, so that a long
listing can be shown by its start and end. The few commands that cannot run here are listed
in ``NOT_RUN``, with the reason; a console example that is neither run nor listed fails the
test, so that none goes unchecked.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

README = Path(__file__).parents[1] / "README.md"

NOT_RUN = {
    "lipkit validate form.xlsx export.csv": "a city's own files, named for the example",
    "lipkit analyze form.xlsx export.csv --by fachbereich": "a city's own files",
    "lipkit serve --study demo-study": "a server: its link and first password are new each time",
    "unzip lipkit_demo_lip2008-antworten.zip && lipkit report lipkit_demo_lip2008": (
        "the ZIP comes from the online survey's export (tests/test_survey_study_folder.py)"
    ),
}


@dataclass(frozen=True)
class Example:
    command: str
    output: str
    line: int  # of the command in README.md


def examples(text: str) -> list[Example]:
    found = []
    for block in re.finditer(r"^```console\n(.*?)^```", text, re.S | re.M):
        first = text.count("\n", 0, block.start(1)) + 1
        command: str | None = None
        start = first
        output: list[str] = []
        for number, line in enumerate(block.group(1).splitlines(), start=first):
            if line.startswith("$ "):
                if command is not None:
                    found.append(Example(command, "\n".join(output), start))
                command, output, start = line[2:], [], number
            else:
                output.append(line)
        if command is not None:
            found.append(Example(command, "\n".join(output), start))
    return found


def shows(shown: str, printed: str) -> bool:
    """Whether ``printed`` is what the README ``shown``: line by line, where a line ``…``
    stands for one or more printed lines."""
    pattern = "\n".join(
        ".+(?:\n.+)*" if line == "…" else re.escape(line) for line in shown.split("\n")
    )
    return re.fullmatch(pattern, printed) is not None


def run(command: str, folder: Path) -> str:
    # `ls` in a terminal lays its names out in columns (tab-aligned); -C does so in a pipe.
    shell = re.sub(r"^ls ", "ls -C ", command)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    env["COLUMNS"] = "80"
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        ["bash", "-c", shell], cwd=folder, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, f"{command}\n{result.stdout}{result.stderr}"
    return "\n".join(line.expandtabs().rstrip() for line in result.stdout.splitlines())


def test_the_readme_has_console_examples_to_run():
    commands = [e.command for e in examples(README.read_text(encoding="utf-8"))]
    assert "lipkit demo demo-study" in commands
    assert sum(c.startswith("lipkit analyze demo-study") for c in commands) >= 3
    assert set(NOT_RUN) <= set(commands), "NOT_RUN names a command the README no longer has"


def test_every_console_example_prints_what_the_readme_shows(tmp_path: Path):
    wrong = []
    for example in examples(README.read_text(encoding="utf-8")):
        if example.command in NOT_RUN:
            continue
        printed = run(example.command, tmp_path)
        if not shows(example.output.rstrip(), printed):
            wrong.append(
                f"README.md:{example.line}: $ {example.command}\n"
                f"--- the README shows\n{example.output}\n--- the command prints\n{printed}\n"
            )
    if wrong:
        pytest.fail("\n".join(wrong), pytrace=False)


def test_examples_are_read_as_command_and_output():
    text = "intro\n```console\n$ lipkit demo x\nDemo\n$ ls x\n```\n```sh\n$ not this\n```\n"
    assert examples(text) == [Example("lipkit demo x", "Demo", 3), Example("ls x", "", 5)]


def test_an_ellipsis_line_stands_for_one_or_more_lines():
    assert shows("a\n…\nz", "a\nb\nc\nz")
    assert shows("a\n…\nz", "a\nb\nz")
    assert not shows("a\n…\nz", "a\nz")
    assert not shows("a\n…\nz", "a\nb\ny")
    assert shows("n (x)", "n (x)")
    assert not shows("n (x)", "n x")
