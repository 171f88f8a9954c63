"""Data problems rendered for people (lipkit.messages): German by default, English on request."""

from __future__ import annotations

import pytest

from lipkit.catalogue import Text
from lipkit.data.io import Issue
from lipkit.messages import issue_text


def issue(expected: str, value: str | None = "x", row: int | None = 4) -> Issue:
    return Issue("error", "code", row, "q1", value, expected, "antworten.csv")


@pytest.mark.parametrize(
    ("expected", "english", "german"),
    [
        (Text("data.one_of", options="ja, nein, k_a"), "one of: ja, nein, k_a",
         "eine der Optionen ja, nein, k_a"),
        (Text("data.whole_number"), "a whole number", "eine ganze Zahl"),
        (Text("data.date"), "a date YYYY-MM-DD (or DD.MM.YYYY)",
         "ein Datum JJJJ-MM-TT (oder TT.MM.JJJJ)"),
        (Text("data.flag"), "1 or 0 (empty when the question was not answered)",
         "1 oder 0 (leer, wenn die Frage nicht beantwortet wurde)"),
        (Text("data.details_marked", chosen="'b'", columns="m/a, m/b"),
         "'b', as marked 1 in the detail columns (m/a, m/b)",
         "'b', wie in den Einzelspalten (m/a, m/b) mit 1 markiert"),
        (Text("data.details_none", columns="m/a, m/b"),
         "no choice, as every detail column (m/a, m/b) is 0",
         "keine Auswahl, da jede Einzelspalte (m/a, m/b) 0 ist"),
        (Text("data.not_shown", chain="${a} = 'ja'"),
         "empty, because the question is not shown (relevant: ${a} = 'ja')",
         "leer, denn die Frage wird hier nicht gezeigt (Filter: ${a} = 'ja')"),
        (Text("data.exclusive", option="'keine'"),
         "'keine' alone: it cannot be combined with other options",
         "'keine' allein: diese Option schließt alle anderen aus"),
        (Text("data.unique", rows="7, 9"), "a value no other row has (also in row 7, 9)",
         "einen Wert, den keine andere Zeile hat (auch in Zeile 7, 9)"),
        (Text("data.unit_code", level="'fachbereich'", codes="10, 11"),
         "a unit code of org level 'fachbereich': 10, 11",
         "einen Einheitencode der Ebene 'fachbereich': 10, 11"),
    ],
)  # fmt: skip
def test_every_expectation_has_a_german_and_an_english_form(expected, english, german):
    assert expected == english  # its str is English: logs, tests, developers
    assert issue_text(issue(expected)) == (
        f"antworten.csv, Zeile 4, Spalte 'q1': Wert 'x' – erwartet: {german}"
    )
    assert issue_text(issue(expected), "en") == (
        f"antworten.csv, row 4, column 'q1': value 'x' — expected {english}"
    )


def test_empty_cells_file_level_problems_and_english():
    assert issue_text(issue(Text("data.whole_number"), value=None)) == (
        "antworten.csv, Zeile 4, Spalte 'q1': leer – erwartet: eine ganze Zahl"
    )
    assert issue_text(issue(Text("data.whole_number"), value=None, row=None)) == (
        "antworten.csv, Spalte 'q1' – erwartet: eine ganze Zahl"
    )
    assert issue_text(issue(Text("data.whole_number")), "en") == (
        "antworten.csv, row 4, column 'q1': value 'x' — expected a whole number"
    )
    nowhere = Issue("error", "code", None, None, None, Text("data.whole_number"))
    assert (str(nowhere), issue_text(nowhere)) == (
        "expected a whole number",
        "erwartet: eine ganze Zahl",
    )
    # A text without a German form is shown as it is, never dropped.
    assert issue_text(issue("something new")).endswith("erwartet: something new")
