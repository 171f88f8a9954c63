"""A value's ``source`` and ``comment`` as a reader sees them.

What lipkit writes there itself is a code, the same in every language (stored in
``values.csv``, the workbook and controlling online's database): ``survey:{wave}:{question}``
for a value computed from a survey, ``report:{period}`` for one approved in a round online, and
``suppressed`` for a survey's number hidden under the minimum group size (n < k), and
``not_comparable:{reason}`` for a wave whose question is not comparable with the plan's (the
reason a catalogue code with its parameters, as JSON). Shown, a code becomes the catalogue's
text in the reader's language (``plan_value.*``, ``compare_reason.*``); the German texts lipkit
stored before the codes (``Befragung {wave}: {question}``, ``Bericht {period}``, ``n < k,
nicht ausgewiesen``, ``nicht vergleichbar: {reason}``) are read as the same codes. Anything
else — a source or comment typed by a person, an import's file name — is shown as it is.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from lipkit import catalogue
from lipkit.catalogue import Text
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


NOT_COMPARABLE = "not_comparable:"
NOT_COMPARABLE_BEFORE = "nicht vergleichbar: "  # compare_reason.source in German, as stored before


def not_comparable(reason: str) -> str:
    """The comment of a survey value whose question is not comparable with the plan's wave:
    ``not_comparable:`` and the reason as JSON — a catalogue :class:`Text` as its code and
    parameters, so that it can be shown in either language; a text written in the wave mapping
    as it is."""
    if isinstance(reason, Text):
        kept: dict[str, object] = {"code": reason.code, "params": reason.params}
    else:
        kept = {"text": str(reason)}
    return NOT_COMPARABLE + json.dumps(kept, ensure_ascii=False, sort_keys=True, default=str)


def not_comparable_reason(comment: str, language: str) -> str | None:
    """Why the survey value of ``comment`` is not comparable, in ``language``; None where the
    comment says nothing of the kind."""
    if comment.startswith(NOT_COMPARABLE_BEFORE):
        return comment[len(NOT_COMPARABLE_BEFORE) :]
    if not comment.startswith(NOT_COMPARABLE):
        return None
    try:
        kept = json.loads(comment[len(NOT_COMPARABLE) :])
        if "text" in kept:
            return str(kept["text"])
        code = kept["code"]
        if not code.startswith("compare_reason."):
            return None
        # the code is the stored one (any of compare_reason.*)
        return catalogue.CATALOGUE[code].format(catalogue.language_of(language), **kept["params"])
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        return None


def comment_text(comment: str, language: str) -> str:
    """``comment`` in ``language``: the codes of a hidden or a not comparable survey value as
    the catalogue's text; anything else as it is."""
    if is_suppressed(comment):
        return catalogue.text("plan_value.suppressed", language)
    reason = not_comparable_reason(comment, language)
    if reason is not None:
        return catalogue.text("compare_reason.source", language, reason=reason)
    return comment
