"""Data problems (:class:`lipkit.data.io.Issue`) as users read them: German by default.

The data layer describes each problem in English (for developers, logs and tests) with a
stable ``code``; this module renders it for people. Every ``expected`` text that the readers
and validators produce has a German form here; a text without one is shown as it is rather
than hidden. ``BASE_NOTES`` and ``WORDS`` are the words of result tables, which the CLI,
the report and the survey's result pages share.
"""

from __future__ import annotations

import re

from lipkit.data.io import Issue, IssueWords

__all__ = ["BASE_NOTES", "WORDS", "issue_text", "severity_word"]

_GERMAN: list[tuple[re.Pattern[str], str]] = [
    (re.compile(pattern, re.DOTALL), template)
    for pattern, template in [
        (r"^one of: (.*)$", r"eine der Optionen \1"),
        (r"^a whole number$", "eine ganze Zahl"),
        (
            r"^columns named by the questions' names .*$",
            "Spalten mit den Namen der Fragen (ein Export mit XML-Werten und -Namen, nicht mit "
            "Beschriftungen); keine Spalte der Datei nennt eine Frage des Fragebogens",
        ),
        (r"^a number \(decimal point or comma\)$", "eine Zahl (mit Dezimalpunkt oder -komma)"),
        (r"^a date YYYY-MM-DD \(or DD\.MM\.YYYY\)$", "ein Datum JJJJ-MM-TT (oder TT.MM.JJJJ)"),
        (
            r"^1 or 0 \(empty when the question was not answered\)$",
            "1 oder 0 (leer, wenn die Frage nicht beantwortet wurde)",
        ),
        (
            r"^choice names separated by spaces, from: (.*)$",
            r"Optionen, durch Leerzeichen getrennt, aus \1",
        ),
        (r"^empty, as the detail columns \((.*)\) are empty$", r"leer wie die Einzelspalten (\1)"),
        (
            r"^no choice, as every detail column \((.*)\) is 0$",
            r"keine Auswahl, da jede Einzelspalte (\1) 0 ist",
        ),
        (
            r"^(.*), as marked 1 in the detail columns \((.*)\)$",
            r"\1, wie in den Einzelspalten (\2) mit 1 markiert",
        ),
        (
            r"^empty, because the question is not shown \(relevant: (.*)\)$",
            r"leer, denn die Frage wird hier nicht gezeigt (Filter: \1)",
        ),
        (
            r"^an answer \(the question is required and was shown\)$",
            "eine Antwort (Pflichtfrage, die gezeigt wurde)",
        ),
        (
            r"^(.*) alone: it cannot be combined with other options$",
            r"\1 allein: diese Option schließt alle anderen aus",
        ),
        (r"^a value meeting the constraint (.*)$", r"einen Wert, der die Bedingung \1 erfüllt"),
        (
            r"^a choice allowed for this row by the choice_filter (.*)$",
            r"eine Option, die der choice_filter \1 in dieser Zeile zulässt",
        ),
        (r"^a unit code of org level (.*?): (.*)$", r"einen Einheitencode der Ebene \1: \2"),
        (
            r"^a value no other row has \(also in row (.*)\)$",
            r"einen Wert, den keine andere Zeile hat (auch in Zeile \1)",
        ),
        (
            r"^(.*), the (.*) of (.*) (.*) in the org tree$",
            r"\1, die Einheit der Ebene \2 zu \3 \4 im Organigramm",
        ),
        (
            r"^a question name of the questionnaire, `q/choice` for a select_multiple, "
            r"or metadata starting with '_'$",
            "einen Fragenamen des Fragebogens, `frage/option` bei Mehrfachauswahl oder "
            "Metadaten, die mit '_' beginnen (die Spalte wird unverändert mitgeführt)",
        ),
        (
            r"^a column name that names one question \(it could be: (.*)\)$",
            r"einen Spaltennamen, der eine Frage eindeutig benennt (möglich: \1)",
        ),
        (
            r"^one column for (.*) \(already read from column (.*)\)$",
            r"eine Spalte für \1 (schon gelesen aus Spalte \2)",
        ),
        (
            r"^a column for question (.*) \(read as all empty\)$",
            r"eine Spalte für die Frage \1 (als durchweg leer gelesen)",
        ),
    ]
]


def severity_word(issue: Issue, language: str = "de") -> str:
    if language == "en":
        return "Error" if issue.severity == "error" else "Warning"
    return "Fehler" if issue.severity == "error" else "Warnung"


_WORDS_DE = IssueWords(
    row="Zeile",
    column="Spalte",
    value="Wert",
    empty="leer",
    expected=" – erwartet: ",
    expected_alone="erwartet: ",
)


def issue_text(issue: Issue, language: str = "de") -> str:
    """One line: file, row, column, the value found and what was expected."""
    if language == "en":
        return str(issue)
    return issue.describe(_WORDS_DE, _german(issue.expected))


def _german(expected: str) -> str:
    for pattern, template in _GERMAN:
        if pattern.match(expected):
            return pattern.sub(template, expected)
    return expected


# Words of the result tables, shared by the CLI's text tables, the report's exhibits and the
# survey's result pages.
BASE_NOTES = {
    "de": {
        "answered": "Basis: Befragte, denen die Frage gezeigt wurde und die geantwortet haben "
        "(inkl. k. A.)",
        "valid": "Basis: gültige Antworten (ohne k. A.)",
        "group": "Basis: alle Befragten der Gruppe",
    },
    "en": {
        "answered": "Base: respondents shown the question who answered (incl. no answer)",
        "valid": "Base: valid answers (excluding no answer)",
        "group": "Base: all respondents of the group",
    },
}

WORDS = {
    "de": {
        "total": "Gesamt",
        "answer": "Antwort",
        "count": "Anzahl",
        "percent": "Prozent",
        "ci": "95 %-KI",
        "top2": "Top-2",
        "bottom2": "Bottom-2",
        "mean": "Mittelwert",
        "sd": "SD",
        "no_answer": "k. A.",
        "skipped": "übersprungen",
        "not_shown": "nicht gezeigt",
        "suppressed": "n < {k}, nicht ausgewiesen",
        "hidden_unit": "nicht ausgewiesen",
        "suppressed_note": "nicht ausgewiesen: Gruppen mit n < {k} und, damit nichts "
        "zurückgerechnet werden kann, weitere kleine Gruppen",
        "missing_group": "ohne Zuordnung",
        "items": "Items nach Top-2 sortiert",
        "multiple": "Mehrfachantworten möglich; Prozente summieren sich über 100 %",
    },
    "en": {
        "total": "Total",
        "answer": "Answer",
        "count": "Count",
        "percent": "Percent",
        "ci": "95% CI",
        "top2": "Top 2",
        "bottom2": "Bottom 2",
        "mean": "Mean",
        "sd": "SD",
        "no_answer": "no answer",
        "skipped": "skipped",
        "not_shown": "not shown",
        "suppressed": "n < {k}, not shown",
        "hidden_unit": "not shown",
        "suppressed_note": "not shown: groups with n < {k} and, so that nothing can be "
        "recalculated, further small groups",
        "missing_group": "no unit",
        "items": "items sorted by top 2",
        "multiple": "multiple answers possible; percentages add up to more than 100%",
    },
}
