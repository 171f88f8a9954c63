"""What a plain XLSForm leaves implicit: k. A. codes, exclusive options, rating scales, org levels.

XLSForm has no words for these; lipkit's own columns declare them (``docs/formats.md``). A
form written without them, as KoboToolbox exports it or as someone writes it for ODK, gets
them from the conventions of German (and English) staff surveys instead. Each kind is
inferred only when the form declares none of that kind, so a form that uses lipkit's columns
is never second-guessed:

- **k. A.** (no ``lipkit::missing`` / ``lipkit_missing`` column anywhere): a choice named
  ``k_a``, ``ka``, ``keine_angabe``, ``no_answer`` … or labelled "k. A.", "keine Angabe",
  "no answer", "prefer not to say" is a missing code.
- **exclusive options** (no ``lipkit::exclusive`` / ``lipkit_exclusive`` column): the option
  ``x`` of a ``select_multiple`` whose constraint is the usual XLSForm idiom
  ``not(selected(., 'x') and count-selected(.) > 1)``.
- **scales** (no ``lipkit::scale`` column): a ``select_one`` with at least three substantive
  choices whose end labels read like a rating scale ("trifft voll zu" … "trifft gar nicht
  zu", "sehr gut" … "sehr schlecht", "strongly agree" … "strongly disagree"); the end that
  reads positive fixes the polarity. Lists whose ends say nothing clear stay plain choices.
- **org levels** (no ``lipkit::org_level`` column): a chain of cascading selects
  (``choice_filter`` ``dezernat=${dezernat}``) whose questions are named or labelled like
  units of an administration (Dezernat, Fachbereich, Amt, Abteilung, Referat, department,
  division …); each question of the chain becomes an org level of its own name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lipkit.study.model import (
    Choice,
    Group,
    Item,
    Question,
    Questionnaire,
    QuestionType,
    ScaleOrder,
)

__all__ = ["Declared", "cascade_link", "infer_conventions"]


class Declared:
    """Which kinds a form declares with lipkit's columns (each one then is not inferred)."""

    def __init__(self, columns: Iterable[str]) -> None:
        names = {c.strip().lower() for c in columns}
        self.missing = "missing" in names
        self.exclusive = "exclusive" in names
        self.scale = "scale" in names
        self.org_level = "org_level" in names


_MISSING_NAMES = frozenset(
    {
        "k_a",
        "ka",
        "k.a.",
        "k.a",
        "keine_angabe",
        "keine_angaben",
        "keineangabe",
        "keine_antwort",
        "no_answer",
        "noanswer",
        "prefer_not_to_say",
        "prefer_not_to_answer",
    }
)
_MISSING_LABELS = frozenset(
    {
        "ka",
        "keineangabe",
        "keineangaben",
        "keineantwort",
        "noanswer",
        "prefernottosay",
        "prefernottoanswer",
        "möchteichnichtsagen",
        "möchteichnichtbeantworten",
    }
)

_EXCLUSIVE_CONSTRAINT = re.compile(
    r"not\s*\(\s*selected\s*\(\s*\.\s*,\s*['\"](?P<code>[^'\"]+)['\"]\s*\)\s+and\s+"
    r"count-selected\s*\(\s*\.\s*\)\s*>\s*1\s*\)"
)

_POSITIVE = re.compile(
    r"\b(trifft (voll|völlig|vollständig|sehr|genau)|stimme (voll|völlig|vollständig|"
    r"sehr|stark)|voll und ganz|sehr (gut|zufrieden|wichtig|hoch|groß|stark|positiv|oft|"
    r"häufig|hilfreich|nützlich)|immer|strongly agree|completely|fully|always|very (good|"
    r"satisfied|important|high|positive|often|useful|helpful))\b"
)
_NEGATIVE = re.compile(
    r"\b(gar nicht|überhaupt nicht|trifft nicht|stimme nicht|sehr (schlecht|unzufrieden|"
    r"gering|niedrig|negativ|selten)|unwichtig|nie|kein einfluss|strongly disagree|"
    r"not at all|never|very (bad|poor|dissatisfied|low|negative|rarely))\b"
)

_ORG_WORDS = re.compile(
    r"(dezernat|fachbereich|fachdienst|abteilung|\bamt\b|ämter|referat|dienststelle|"
    r"organisationseinheit|geschäftsbereich|department|division|directorate|\bunit\b)",
    re.IGNORECASE,
)
_CASCADE = re.compile(
    r"^\s*(?:(?P<column>[A-Za-z_][\w.-]*)\s*=\s*\$\{(?P<question>[^}\s]+)\}"
    r"|\$\{(?P<question2>[^}\s]+)\}\s*=\s*(?P<column2>[A-Za-z_][\w.-]*))\s*$"
)


def cascade_link(choice_filter: str | None) -> tuple[str, str] | None:
    """(filter column, parent question) of a cascading select's ``choice_filter``
    ``column=${parent}`` (either way round); None for any other filter."""
    match = _CASCADE.match(choice_filter or "")
    if not match:
        return None
    return match["column"] or match["column2"], match["question"] or match["question2"]


def infer_conventions(q: Questionnaire, declared: Declared) -> Questionnaire:
    """``q`` with the kinds it does not declare inferred (see the module docstring)."""
    choices = q.choices
    if not declared.missing:
        choices = {
            name: choice_list.model_copy(
                update={
                    "choices": [
                        c.model_copy(update={"missing": True}) if _looks_missing(c) else c
                        for c in choice_list.choices
                    ]
                }
            )
            for name, choice_list in choices.items()
        }
    q = q.model_copy(update={"choices": choices})
    org_levels = {} if declared.org_level else _org_levels(q)
    survey = [_infer_item(item, q, declared, org_levels) for item in q.survey]
    return q.model_copy(update={"survey": survey})


def _looks_missing(choice: Choice) -> bool:
    if choice.name.strip().lower() in _MISSING_NAMES:
        return True
    return any(
        re.sub(r"[\s.]", "", text.lower()) in _MISSING_LABELS for text in choice.label.values()
    )


def _infer_item(
    item: Item, q: Questionnaire, declared: Declared, org_levels: dict[str, str]
) -> Item:
    if isinstance(item, Group):
        items = [_infer_item(i, q, declared, org_levels) for i in item.items]
        return item.model_copy(update={"items": items})
    update: dict = {}
    if item.name in org_levels:
        update["org_level"] = org_levels[item.name]
    if not declared.exclusive and item.type == QuestionType.SELECT_MULTIPLE and item.constraint:
        names = q.choice_list(item).names()
        found = [
            m["code"]
            for m in _EXCLUSIVE_CONSTRAINT.finditer(item.constraint)
            if m["code"] in names and m["code"] not in item.exclusive
        ]
        if found:
            update["exclusive"] = [*item.exclusive, *found]
    if (
        not declared.scale
        and item.type == QuestionType.SELECT_ONE
        and item.name not in org_levels
        and item.scale is None
    ):
        scale = _polarity(q, item)
        if scale is not None:
            update["scale"] = scale
    return item.model_copy(update=update) if update else item


def _polarity(q: Questionnaire, question: Question) -> ScaleOrder | None:
    missing = set(q.missing_codes(question))
    substantive = [c for c in q.choice_list(question).choices if c.name not in missing]
    if len(substantive) < 3:
        return None

    def tone(choice: Choice) -> int:
        texts = [t.lower() for t in choice.label.values()] or [choice.name.replace("_", " ")]
        negative = any(_NEGATIVE.search(t) for t in texts)
        positive = any(_POSITIVE.search(t) for t in texts) and not negative
        return 1 if positive else -1 if negative else 0

    first, last = tone(substantive[0]), tone(substantive[-1])
    if first > last:
        return ScaleOrder.POSITIVE_FIRST
    if last > first:
        return ScaleOrder.POSITIVE_LAST
    return None


def _org_levels(q: Questionnaire) -> dict[str, str]:
    """Question name -> org level for the cascading selects that look like org units."""
    selects = {x.name: x for x in q.questions() if x.type == QuestionType.SELECT_ONE}
    parent_of: dict[str, str] = {}
    for question in selects.values():
        link = cascade_link(question.choice_filter)
        if link is not None and link[1] in selects:
            parent_of[question.name] = link[1]
    children: dict[str, list[str]] = {}
    for child, parent in parent_of.items():
        children.setdefault(parent, []).append(child)

    def looks_like_unit(name: str) -> bool:
        question = selects[name]
        return bool(_ORG_WORDS.search(name)) or any(
            _ORG_WORDS.search(text) for text in question.label.values()
        )

    levels: dict[str, str] = {}
    for top in selects:
        if top in parent_of:
            continue
        chain = [top]
        while len(children.get(chain[-1], [])) == 1:
            chain.append(children[chain[-1]][0])
        if len(chain) > 1 and any(looks_like_unit(name) for name in chain):
            levels.update({name: name for name in chain})
    return levels
