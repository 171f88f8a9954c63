"""The message catalogue (lipkit.catalogue): every code has a German and an English text with
the same parameters; every code the source names exists, and every code is named somewhere.

The source names a code as the first argument of ``catalogue.text(...)``,
``catalogue.group(...)`` (a whole area) or ``Text(...)``; an f-string such as
``f"base.{base}"`` names every code under its literal prefix.
"""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from lipkit import catalogue
from lipkit.catalogue import CATALOGUE, Text

SRC = Path(catalogue.__file__).resolve().parents[1]
CALLS = {"text", "group", "Text"}


def _fields(template: str) -> set[str]:
    return {
        name.split(".")[0].split("[")[0]
        for _, name, _, _ in string.Formatter().parse(template)
        if name
    }


def _code_values(node: ast.expr) -> list[tuple[str, str]]:
    """The codes an argument can be: a literal, either branch of ``a if c else b``, or the
    literal head of an f-string (a prefix)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [("code", node.value)]
    if isinstance(node, ast.IfExp):
        return _code_values(node.body) + _code_values(node.orelse)
    if isinstance(node, ast.JoinedStr) and node.values:
        head = node.values[0]
        if isinstance(head, ast.Constant) and isinstance(head.value, str):
            return [("prefix", head.value)]
    raise AssertionError(f"a catalogue code must be a literal: {ast.unparse(node)}")


def _named_codes() -> tuple[set[str], set[str], set[str], list[str]]:
    """Codes named literally, prefixes (f-strings), areas (group) and where each unknown is."""
    codes: set[str] = set()
    prefixes: set[str] = set()
    areas: set[str] = set()
    places: list[str] = []
    for path in sorted(SRC.rglob("*.py")):
        if "catalogue" in path.relative_to(SRC).parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name not in CALLS:
                continue
            if isinstance(func, ast.Attribute) and not (
                isinstance(func.value, ast.Name) and func.value.id == "catalogue"
            ):
                continue
            if name != "Text" and not isinstance(func, ast.Attribute):
                continue  # a local function called text() or group(): not the catalogue's
            where = f"{path.relative_to(SRC)}:{node.lineno}"
            for kind, value in _code_values(node.args[0]):
                if kind == "prefix":
                    prefixes.add(value)
                elif name == "group":
                    areas.add(value)
                else:
                    codes.add(value)
                places.append(f"{value} {where}")
    return codes, prefixes, areas, places


def test_every_code_has_a_german_and_an_english_text_with_the_same_parameters():
    assert len(CATALOGUE) > 50
    for code, message in CATALOGUE.items():
        assert message.code == code
        assert message.de.strip() and message.en.strip(), code
        assert _fields(message.de) == _fields(message.en), code


def _help_codes() -> set[str]:
    """The help codes the CLI looks up: ``help.cmd.<path>`` for each command and
    ``help.<path>.<parameter>`` / ``help.param.<parameter>`` for each parameter."""
    import typer

    from lipkit.cli import app

    codes: set[str] = set()

    def walk(command, path: str) -> None:
        codes.add(f"help.cmd.{path or 'lipkit'}")
        for param in command.params:
            codes.update({f"help.{path}.{param.name}", f"help.param.{param.name}"})
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, f"{path}.{name}" if path else name)

    walk(typer.main.get_command(app), "")
    return codes


def test_english_texts_write_a_percent_sign_as_english_does():
    # German puts a space before "%" ("95 %-KI"), English does not: the English report's
    # comparison read "95 % CI" beside figures labelled "49%".
    import re

    german_spacing = {
        code: message.en for code, message in CATALOGUE.items() if re.search(r"\d %", message.en)
    }
    assert german_spacing == {}
    assert CATALOGUE["report_waves.interval"].en == "95% CI"
    assert CATALOGUE["report_waves.interval"].de == "95 %-KI"


def test_every_code_named_in_the_source_exists_and_every_code_is_named():
    codes, prefixes, areas, places = _named_codes()
    codes |= _help_codes() & set(CATALOGUE)
    unknown = sorted(c for c in codes if c not in CATALOGUE)
    assert not unknown, [p for p in places if p.split()[0] in unknown]
    assert all(any(c.startswith(p) for c in CATALOGUE) for p in prefixes), prefixes
    assert all(any(c.startswith(a + ".") for c in CATALOGUE) for a in areas), areas
    unused = sorted(
        code
        for code in CATALOGUE
        if code not in codes
        and not any(code.startswith(p) for p in prefixes)
        and code.split(".")[0] not in areas
    )
    assert not unused


def test_text_renders_either_language_and_keeps_english_as_its_value():
    expected = Text("data.one_of", options="ja, nein")
    assert expected == "one of: ja, nein"
    assert expected.render("de") == "eine der Optionen ja, nein"
    assert expected.render("en") == "one of: ja, nein"
    assert expected.render("fr") == "eine der Optionen ja, nein"  # unknown: the default
    assert catalogue.render("plain", "en") == "plain"
    assert catalogue.text("table.suppressed", "en", k=5) == "n < 5, not shown"
    assert catalogue.text("table.suppressed", k=5) == "n < 5, nicht ausgewiesen"
    assert catalogue.group("base", "en")["valid"] == "Base: valid answers (excluding no answer)"


def test_a_code_cannot_be_defined_twice():
    with pytest.raises(ValueError, match="defined twice"):
        catalogue.core.define("table", {"total": ("Gesamt", "Total")})


@pytest.mark.parametrize(
    ("language", "labels"),
    [("de", ["Zielpfad", "Zielwert", "Istwert"]), ("en", ["target path", "target", "actual"])],
)
def test_the_indicator_chart_legend_is_in_the_report_language(language, labels):
    import matplotlib

    matplotlib.use("Agg")
    from lipkit.report.charts import indicator_figure

    figure = indicator_figure(
        [("2020-01-01", 10.0), ("2024-01-01", 30.0)],
        [("2024-01-01", 30.0)],
        [("2022-01-01", 18.0)],
        "count",
        language,
    )
    legend = figure.axes[0].get_legend()
    assert [t.get_text() for t in legend.get_texts()] == labels
