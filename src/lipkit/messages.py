"""Data problems (:class:`lipkit.data.io.Issue`) as users read them: German by default.

The data layer makes each problem's ``expected`` a catalogue :class:`~lipkit.catalogue.Text`
(its ``str`` is English, for developers, logs and tests) with a stable ``code``; this module
renders it for people in either language, with the words of the line from the catalogue.
A plain string (from a caller outside lipkit) is shown as it is rather than hidden.
"""

from __future__ import annotations

from lipkit import catalogue
from lipkit.data.io import Issue, IssueWords

__all__ = ["issue_text", "severity_word"]


def severity_word(issue: Issue, language: str = "de") -> str:
    return catalogue.text("issue.error" if issue.severity == "error" else "issue.warning", language)


def issue_text(issue: Issue, language: str = "de") -> str:
    """One line: file, row, column, the value found and what was expected."""
    words = catalogue.group("issue", language)
    line_words = IssueWords(
        row=words["row"],
        sheet=words["sheet"],
        column=words["column"],
        value=words["value"],
        empty=words["empty"],
        expected=words["expected"],
        expected_alone=words["expected_alone"],
    )
    return issue.describe(line_words, catalogue.render(issue.expected, language))
