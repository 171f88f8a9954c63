"""A value's ``source`` and ``comment`` as a reader sees them.

What lipkit writes there itself is a code, the same in every language (stored in
``values.csv``, the workbook and controlling online's database): ``survey:{wave}:{question}``
for a value computed from a survey, ``report:{period}`` for one approved in a round online, and
``suppressed`` for a survey's number hidden under the minimum group size (n < k). Shown, a code
becomes the catalogue's text in the reader's language (``plan_value.*``); the German texts
lipkit stored before the codes (``Befragung {wave}: {question}``, ``Bericht {period}``,
``n < k, nicht ausgewiesen``) are read as the same codes. Anything else — a source or comment
typed by a person, an import's file name — is shown as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from lipkit import catalogue
from lipkit.controlling.model import is_suppressed, reported_period, survey_origin

if TYPE_CHECKING:
    from lipkit.study.model import Questionnaire


def question_label(labels: Mapping[str, Mapping[str, str]], language: str) -> Callable[[str], str]:
    """A question's label in ``language`` where ``labels`` (question name -> language ->
    label, :func:`labels_of`) has one, else its name."""

    def label(name: str) -> str:
        return labels.get(name, {}).get(language) or name

    return label


def labels_of(questionnaire: Questionnaire | None) -> dict[str, dict[str, str]]:
    """Each question's labels by language (none without a questionnaire)."""
    if questionnaire is None:
        return {}
    return {q.name: dict(q.label) for q in questionnaire.questions()}


def source_text(source: str, language: str, label: Callable[[str], str] | None = None) -> str:
    """``source`` in ``language``; ``label`` gives a question's label (default: its name)."""
    origin = survey_origin(source)
    if origin is not None:
        question = label(origin.question) if label is not None else origin.question
        return catalogue.text("plan_value.survey", language, wave=origin.wave, question=question)
    period = reported_period(source)
    if period is not None:
        return catalogue.text("plan_value.report", language, period=period)
    return source


def comment_text(comment: str, language: str) -> str:
    """``comment`` in ``language``: the code of a hidden survey value as the catalogue's text."""
    return catalogue.text("plan_value.suppressed", language) if is_suppressed(comment) else comment
