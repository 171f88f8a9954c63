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
- **k. A.** also covers "weiß nicht", "kann ich nicht beurteilen", "Don't know", "Refused":
  missing codes, never scale points.
- **scales** (no ``lipkit::scale`` column): a ``select_one`` with at least three substantive
  choices whose two end labels are the two ends of one known pair ("trifft voll zu" …
  "trifft gar nicht zu", "sehr gut" … "sehr schlecht", "strongly agree" … "strongly
  disagree", "immer"/"oft" … "nie" …); the end that is the pair's positive one fixes the
  polarity. A list whose ends are not such a pair stays plain choices, even where one label
  says "never" or "fully". ``lipkit validate FORM`` shows what was inferred.
- **org levels** (no ``lipkit::org_level`` column): a chain of cascading selects
  (``choice_filter`` ``dezernat=${dezernat}``) whose questions are named or labelled like
  units of an administration (Dezernat, Fachbereich, Amt, Abteilung, Referat, department,
  division …); each question of the chain becomes an org level of its own name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lipkit import catalogue
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
        "weiss_nicht",
        "weiß_nicht",
        "dont_know",
        "do_not_know",
        "dk",
        "refused",
        "refusal",
        "kann_ich_nicht_beurteilen",
        "nicht_beurteilbar",
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
        "weißnicht",
        "weissnicht",
        "ichweißesnicht",
        "kannichnichtbeurteilen",
        "kannnichtbeurteiltwerden",
        "nichtbeurteilbar",
        "keineahnung",
        "dontknow",
        "donotknow",
        "idontknow",
        "refused",
        "refusedtoanswer",
        "declinedtoanswer",
    }
)

_EXCLUSIVE_CONSTRAINT = re.compile(
    r"not\s*\(\s*selected\s*\(\s*\.\s*,\s*['\"](?P<code>[^'\"]+)['\"]\s*\)\s+and\s+"
    r"count-selected\s*\(\s*\.\s*\)\s*>\s*1\s*\)"
)

# Known pairs of scale end labels: (positive end, negative end). A list is a scale only when
# one end matches the positive and the other end the negative label of the same pair.
_SCALE_PAIRS: list[tuple[re.Pattern[str], re.Pattern[str]]] = [
    (re.compile(pos, re.IGNORECASE), re.compile(neg, re.IGNORECASE))
    for pos, neg in [
        (  # agreement
            r"\b(trifft|stimme) (voll|völlig|vollständig|genau|sehr|stark|voll und ganz)"
            r"( und ganz)? zu\b|\bvoll und ganz\b|\b(strongly|completely|fully|totally) agree\b",
            r"\b(trifft|stimme) ((gar|überhaupt) )?nicht zu\b|"
            r"\b(strongly|completely|totally) disagree\b",
        ),
        (
            r"\bsehr gut\b|\bausgezeichnet\b|\bvery good\b|\bexcellent\b",
            r"\bsehr schlecht\b|\bmangelhaft\b|\bungenügend\b|\bvery (bad|poor)\b",
        ),
        (
            r"\b(sehr|völlig|vollkommen) zufrieden\b|\b(very|completely) satisfied\b",
            r"\b(sehr|völlig) unzufrieden\b|\b(gar|überhaupt) nicht zufrieden\b|"
            r"\bvery dissatisfied\b|\bnot at all satisfied\b",
        ),
        (
            r"\bsehr wichtig\b|\b(very|extremely) important\b",
            r"\bunwichtig\b|\b(gar|überhaupt) nicht wichtig\b|\bnot (at all )?important\b",
        ),
        (
            r"^\W*(immer|always|sehr oft|sehr häufig|oft|häufig|very often|often)\W*$",
            r"^\W*(nie|niemals|never)\W*$",
        ),
        (
            r"\bsehr (hoch|groß|stark|viel|hilfreich|nützlich|positiv)\b|"
            r"\bin (sehr )?hohem (maße|maß)\b|\bvery (high|large|much|helpful|useful|positive)\b",
            r"\b(gar|überhaupt) nicht\b|\bsehr (gering|niedrig|negativ|wenig)\b|"
            r"\bkein einfluss\b|\bnot at all\b|\bvery (low|little|negative)\b",
        ),
    ]
]

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
        re.sub(r"[\s.'’,!()/-]", "", text.lower()) in _MISSING_LABELS
        for text in choice.label.values()
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
    first, last = _texts(substantive[0]), _texts(substantive[-1])
    for positive, negative in _SCALE_PAIRS:

        def matches(pattern: re.Pattern[str], texts: list[str]) -> bool:
            return any(pattern.search(t) for t in texts)

        if matches(positive, first) and matches(negative, last):
            return ScaleOrder.POSITIVE_FIRST
        if matches(negative, first) and matches(positive, last):
            return ScaleOrder.POSITIVE_LAST
    return None


def _texts(choice: Choice) -> list[str]:
    return [t.strip().lower() for t in choice.label.values()] or [choice.name.replace("_", " ")]


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


def describe_form(q: Questionnaire, language: str = "de") -> list[str]:
    """What lipkit reads in each question beyond its type, one line per question: scale and
    direction, missing codes, exclusive options, org level; and, once, every question it
    carries through without analysing, with the reason. So a user can check and override it
    (with lipkit's columns, ``docs/formats.md``)."""
    from lipkit.study.model import NOT_ANALYSED_REASONS, label_text

    words = catalogue.group("describe", language)
    lines: list[str] = []
    for question in q.questions():
        parts: list[str] = []
        if question.scale is not None:
            codes = q.substantive_codes(question)
            choices = {c.name: c for c in q.choice_list(question).choices}
            ends = [label_text(choices[c].label, language, c) for c in codes]
            key = "scale_first" if question.scale == ScaleOrder.POSITIVE_FIRST else "scale_last"
            parts.append(f"{words[key]} ({ends[0]} … {ends[-1]})")
        if question.list_name:
            missing = q.missing_codes(question)
            if missing:
                parts.append(f"{words['missing']}: {', '.join(missing)}")
            exclusive = q.exclusive_codes(question)
            if exclusive:
                parts.append(f"{words['exclusive']}: {', '.join(exclusive)}")
        if question.org_level:
            parts.append(f"{words['org_level']}: {question.org_level}")
        if parts:
            lines.append(f"{words['inferred']}: {question.name}: {'; '.join(parts)}")
    carried = [x for x in q.questions() if x.type == QuestionType.UNANALYSED]
    if carried:

        def reason(x: Question) -> str:
            key = x.not_analysed if x.not_analysed in NOT_ANALYSED_REASONS else "other"
            return catalogue.text(f"not_analysed.{key}", language)

        listed = ", ".join(f"{x.name} ({x.xlsform_type}: {reason(x)})" for x in carried)
        title = words["not_analysed"]
        lines.append(f"{title[0].upper()}{title[1:]} ({len(carried)}): {listed}")
    return lines
