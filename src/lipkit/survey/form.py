"""The online questionnaire as pages, and the server-side checks of one respondent's answers.

Pure Python over the study model and :class:`~lipkit.study.expressions.FormLogic` (the same
parsed filters the analysis compiles to polars), so it runs without Django and is tested on
its own. The web views only move values between HTTP and these functions.

Answers are a dict ``question name -> value``: a choice name (select_one), a list of choice
names (select_multiple), a string (text, date as ISO), an int or float. Missing keys are
empty answers. Questions whose filter is false are never in the answers.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date, datetime, time
from functools import cached_property

from lipkit import catalogue
from lipkit.study.expressions import FormLogic, Node
from lipkit.study.model import Capability, Group, Question, QuestionType, Study, label_text

MAX_TEXT = 2000  # characters of one open answer
ASKED = (
    QuestionType.SELECT_ONE,
    QuestionType.SELECT_MULTIPLE,
    QuestionType.TEXT,
    QuestionType.INTEGER,
    QuestionType.DECIMAL,
    QuestionType.DATE,
    QuestionType.NOTE,
)

TIME_KINDS = {"time": "time", "datetime": "datetime"}
"""XLSForm ``time`` and ``dateTime``: carried through by the analysis (not analysed), but asked
in the web form (``<input type="time">`` / ``<input type="datetime-local">``) and stored as
ISO text: ``14:30`` (seconds only when given), ``2026-03-01T14:30``."""

MESSAGES = {lang: catalogue.group("answer", lang) for lang in catalogue.LANGUAGES}


def time_kind(q: Question) -> str | None:
    """``"time"`` or ``"datetime"`` for an XLSForm time or dateTime question, else None."""
    if q.type != QuestionType.UNANALYSED or q.not_analysed != "time":
        return None
    return TIME_KINDS.get((q.xlsform_type or "").lower())


def is_asked(q: Question) -> bool:
    """Whether the web form asks ``q`` (or shows it: a note)."""
    return q.type in ASKED or time_kind(q) is not None


@dataclass(frozen=True)
class Item:
    """One thing on a page: a question, or a matrix of scale questions."""

    question: Question | None = None
    matrix: Group | None = None
    items: tuple[Question, ...] = ()

    @property
    def questions(self) -> tuple[Question, ...]:
        if self.matrix is not None:
            return self.items
        return (self.question,) if self.question is not None else ()


@dataclass(frozen=True)
class Page:
    number: int  # 1-based
    title: dict[str, str]
    items: tuple[Item, ...]
    group: Group | None = None

    @property
    def questions(self) -> list[Question]:
        return [q for item in self.items for q in item.questions]


@dataclass
class Checked:
    """The outcome of checking one page: clean answers and errors by question, and what the
    respondent typed into a field whose value was refused (shown again, never stored)."""

    answers: dict[str, object]
    errors: dict[str, str] = field(default_factory=dict)
    typed: dict[str, str] = field(default_factory=dict)


class OnlineForm:
    """A study's questionnaire prepared for the web: pages, filters, validation."""

    def __init__(self, study: Study):
        self.study = study
        self.questionnaire = study.questionnaire
        self.logic = FormLogic(study.questionnaire)

    # -- structure --------------------------------------------------------------------------
    @cached_property
    def pages(self) -> list[Page]:
        """Each top-level group is a page; top-level questions between groups share one."""
        pages: list[Page] = []
        loose: list[Item] = []

        def flush() -> None:
            if loose:
                pages.append(Page(len(pages) + 1, {}, tuple(loose)))
                loose.clear()

        for entry in self.questionnaire.survey:
            if isinstance(entry, Group):
                flush()
                pages.append(Page(len(pages) + 1, entry.label, tuple(self._items(entry)), entry))
            elif is_asked(entry):
                loose.append(Item(question=entry))
        flush()
        return pages

    def _items(self, group: Group) -> list[Item]:
        items: list[Item] = []
        for entry in group.items:
            if isinstance(entry, Group):
                if entry.is_matrix:
                    rows = tuple(q for q in entry.items if isinstance(q, Question))
                    items.append(Item(matrix=entry, items=rows))
                else:
                    items.extend(self._items(entry))
            elif is_asked(entry):
                items.append(Item(question=entry))
        return items

    @cached_property
    def asked(self) -> list[Question]:
        return [q for page in self.pages for q in page.questions if q.type != QuestionType.NOTE]

    @cached_property
    def _by_name(self) -> dict[str, Question]:
        return {q.name: q for q in self.asked}

    def label(self, labels: Mapping[str, str], language: str, fallback: str = "") -> str:
        return label_text(dict(labels), language, fallback)

    # -- filters ----------------------------------------------------------------------------
    def shown(self, question: Question, answers: Mapping[str, object]) -> bool:
        return self.logic.is_shown(question.name, answers)

    def shown_group(self, name: str, answers: Mapping[str, object]) -> bool:
        return self.logic.is_shown(name, answers)

    def relevance_json(self, name: str) -> list[dict]:
        """The conditions that show a question or group, for the browser (all must hold)."""
        return [
            {"when": node_json(node), "current": current}
            for node, current in self.logic.relevance(name)
        ]

    def choice_filter_json(self, question: Question) -> dict | None:
        node = self.logic.expression(question.name, "choice_filter")
        return None if node is None else node_json(node)

    def choices(self, question: Question, answers: Mapping[str, object]) -> list[str]:
        """The options offered: all of the list, narrowed by a ``choice_filter``."""
        if not question.list_name:
            return []
        if question.choice_filter:
            return self.logic.allowed_choices(question.name, answers)
        return self.questionnaire.choice_list(question).names()

    # -- reading and checking a page --------------------------------------------------------
    def check_page(
        self,
        page: Page,
        raw: Mapping[str, list[str]],
        earlier: Mapping[str, object],
        language: str = "de",
    ) -> Checked:
        """Parse the submitted values of ``page`` and check them against everything else.

        ``raw`` maps a question name to its submitted strings (a form field can repeat);
        ``earlier`` are the answers of the other pages. Returns the page's answers (only
        those of questions shown) and an error per question that may not be stored.
        """
        words = MESSAGES.get(language, MESSAGES["de"])
        answers = dict(earlier)
        for q in page.questions:
            answers.pop(q.name, None)
        errors: dict[str, str] = {}
        parsed: dict[str, object] = {}
        typed: dict[str, str] = {}
        for q in page.questions:
            if q.type == QuestionType.NOTE:
                continue
            value, problem = self._parse(q, raw.get(q.name, []), words)
            if problem:
                errors[q.name] = problem
                typed_in = q.type.can(Capability.TYPED) or time_kind(q) is not None
                if typed_in and len(raw.get(q.name, [])) == 1:
                    typed[q.name] = without_controls(raw[q.name][0])
            elif value is not None:
                parsed[q.name] = value
        answers.update(parsed)
        for q in page.questions:
            if q.type == QuestionType.NOTE or q.name in errors:
                continue
            problem = self._check(q, answers, words, language)
            if problem:
                errors[q.name] = problem
        clean = {q.name: parsed[q.name] for q in page.questions if q.name in parsed}
        clean = {k: v for k, v in clean.items() if k not in errors}
        return Checked(clean, errors, typed)

    def read_page(
        self,
        page: Page,
        raw: Mapping[str, list[str]],
        earlier: Mapping[str, object],
        seen: set[str],
        language: str = "de",
    ) -> Checked:
        """:meth:`check_page` for a page as a respondent sent it. An answer to a question the
        respondent saw (``seen``: the page's ``_shown`` fields) whose filter another answer on
        the page has since switched off is dropped, as the browser drops it — without
        JavaScript it could not be. An answer to a question that was not shown stays an
        error: nobody could have given it."""
        raw = dict(raw)
        others = {k: v for k, v in earlier.items() if k not in {q.name for q in page.questions}}
        while True:
            checked = self.check_page(page, raw, earlier, language)
            now = others | checked.answers
            stale = [
                q.name
                for q in page.questions
                if q.name in checked.errors
                and q.name in seen
                and any(v.strip() for v in raw.get(q.name, []))
                and not self.shown(q, now)
            ]
            if not stale:
                return checked
            for name in stale:
                raw[name] = []

    def without_hidden(self, answers: Mapping[str, object]) -> dict[str, object]:
        """The answers without those whose question is no longer shown, e.g. on a later page
        after the respondent went back and changed the answer its filter reads. Repeated until
        nothing changes: dropping one answer can switch off further questions."""
        kept = dict(answers)
        while True:
            hidden = [
                name
                for name in kept
                if (q := self._by_name.get(name)) is not None and not self.shown(q, kept)
            ]
            if not hidden:
                return kept
            for name in hidden:
                del kept[name]

    def check_all(self, answers: Mapping[str, object], language: str = "de") -> dict[str, str]:
        """Errors of a complete set of answers (the final check before storing)."""
        errors: dict[str, str] = {}
        for page in self.pages:
            raw = {q.name: _as_raw(answers.get(q.name)) for q in page.questions}
            errors.update(self.check_page(page, raw, answers, language).errors)
        unknown = set(answers) - {q.name for q in self.asked}
        for name in sorted(unknown):
            errors[name] = MESSAGES.get(language, MESSAGES["de"])["choice"]
        return errors

    def _parse(self, q: Question, values: list[str], words: dict[str, str]):
        """(value, problem) from the submitted strings; (None, None) for an empty answer."""
        values = [v.strip() for v in values if v is not None and v.strip() != ""]
        if not values:
            return None, None
        if q.type == QuestionType.SELECT_MULTIPLE:
            return list(dict.fromkeys(values)), None
        if len(values) > 1:
            return None, words["single"]
        value = values[0]
        if q.type == QuestionType.INTEGER:
            if not re.fullmatch(r"[+-]?\d{1,15}", value):
                return None, words["integer"]
            return int(value), None
        if q.type == QuestionType.DECIMAL:
            try:
                number = float(value.replace(",", "."))
            except ValueError:
                return None, words["decimal"]
            return (number, None) if math.isfinite(number) else (None, words["decimal"])
        if q.type == QuestionType.DATE:
            parsed = _parse_date(value)
            return (parsed, None) if parsed else (None, words["date"])
        kind = time_kind(q)
        if kind == "time":
            parsed = _parse_time(value)
            return (parsed, None) if parsed else (None, words["time"])
        if kind == "datetime":
            parsed = _parse_datetime(value)
            return (parsed, None) if parsed else (None, words["datetime"])
        if q.type == QuestionType.TEXT:
            value = value.replace("\r\n", "\n").replace("\r", "\n")
            if without_controls(value) != value:
                return None, words["control"]
            if len(value) > MAX_TEXT:
                return None, words["too_long"].format(n=MAX_TEXT, m=len(value))
        return value, None

    def _check(
        self, q: Question, answers: Mapping[str, object], words: dict[str, str], language: str
    ) -> str | None:
        value = answers.get(q.name)
        if not self.shown(q, answers):
            return words["not_shown"] if value is not None else None
        if value is None:
            return words["required"] if q.required else None
        if q.list_name:
            offered = set(self.choices(q, answers))
            chosen = value if isinstance(value, list) else [value]
            if any(c not in offered for c in chosen):
                return words["choice"]
            if q.type == QuestionType.SELECT_MULTIPLE and len(chosen) > 1:
                for code in self.questionnaire.exclusive_codes(q):
                    if code in chosen:
                        label = self.questionnaire.choice_list(q).get(code)
                        option = label_text(label.label, language, code) if label else code
                        return words["exclusive"].format(option=option)
        if not self.logic.constraint_holds(q.name, answers):
            return self.label(q.constraint_message, language) or words["constraint"]
        return None


# Questions answered in a text field, whose refused value is shown again as it was typed.


def without_controls(text: str) -> str:
    """``text`` without control characters other than newline and tab (a NUL, for one, can
    be stored neither in PostgreSQL's text nor in its JSON)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(c for c in text if c in "\n\t" or unicodedata.category(c) != "Cc")


def node_json(node: Node) -> dict:
    """An expression tree as JSON for the browser's evaluator (``static/survey/logic.js``):
    ``{"type": "Binary", "op": "=", "left": {...}, "right": {...}}``; positions dropped."""
    out: dict[str, object] = {"type": type(node).__name__}
    for f in fields(node):
        if f.name == "pos":
            continue
        value = getattr(node, f.name)
        if isinstance(value, tuple):
            out[f.name] = [node_json(v) for v in value]
        elif isinstance(value, Node):
            out[f.name] = node_json(value)
        else:
            out[f.name] = value
    return out


def _as_raw(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)]


def _parse_date(text: str) -> str | None:
    """ISO (from <input type=date>) or German TT.MM.JJJJ; the ISO string back."""
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text) or re.fullmatch(
        r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text
    )
    if not match:
        return None
    parts = [int(p) for p in match.groups()]
    year, month, day = parts if len(match.group(1)) == 4 else parts[::-1]
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _parse_time(text: str) -> str | None:
    """``HH:MM`` or ``HH:MM:SS`` (from <input type=time>; ``14.30`` too); ISO back, seconds
    only when not zero."""
    match = re.fullmatch(r"(\d{1,2})[:.](\d{2})(?::(\d{2})(?:\.\d+)?)?", text)
    if not match:
        return None
    try:
        value = time(int(match[1]), int(match[2]), int(match[3] or 0))
    except ValueError:
        return None
    return value.isoformat(timespec="seconds" if value.second else "minutes")


def _parse_datetime(text: str) -> str | None:
    """``YYYY-MM-DDTHH:MM[:SS]`` (from <input type=datetime-local>) or German
    ``TT.MM.JJJJ HH:MM``; ISO back (no time zone: the respondent's local time)."""
    match = re.fullmatch(r"(\S+)[T ]\s*(\S+)", text.strip())
    if not match:
        return None
    day, clock = _parse_date(match[1]), _parse_time(match[2])
    if day is None or clock is None:
        return None
    value = datetime.combine(date.fromisoformat(day), time.fromisoformat(clock))
    return value.isoformat(timespec="seconds" if value.second else "minutes")
