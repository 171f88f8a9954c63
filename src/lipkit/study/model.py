"""Typed study model: questionnaire, choice lists, org tree, study settings.

The questionnaire is a tree of groups and questions, as in XLSForm. Everything
lipkit adds to XLSForm (missing codes, exclusive options, scale polarity, the
question that carries an org level) is explicit here, so that readers and
writers of every format map onto the same model.

Canonical response frame (see ``lipkit.data``): one row per respondent, one
column per question named by the question's ``name``; a ``select_multiple``
question ``q`` with choices ``a``, ``b`` is stored as Boolean columns ``q/a``,
``q/b`` (null when the question was not answered). ``_row`` holds the row
number in the source file (header = row 1).
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Labels = dict[str, str]
"""Translations of one text, keyed by language code (``de``, ``en``)."""

DEFAULT_LANGUAGE = "de"


def label_text(labels: Labels, language: str = DEFAULT_LANGUAGE, fallback: str = "") -> str:
    """The label in ``language``, else German, else any, else ``fallback``."""
    for lang in (language, DEFAULT_LANGUAGE):
        if labels.get(lang):
            return labels[lang]
    return next((text for text in labels.values() if text), fallback)


def label_lang(labels: Labels, language: str = DEFAULT_LANGUAGE) -> str:
    """The language of ``label_text(labels, language)`` where it is not ``language`` (a German
    label in an English report: "de", to be marked as such), else "" (also for the
    fallback, whose language is not known)."""
    if labels.get(language):
        return ""
    for lang in (DEFAULT_LANGUAGE, *labels):
        if labels.get(lang):
            return lang
    return ""


class Capability(StrEnum):
    """What a question of a type can do; :data:`CAPABILITIES` says which type can what."""

    CHOICES = "choices"
    """Answered from a choice list."""
    MULTIPLE = "multiple"
    """Several choices at once: one Boolean column per option, percentages add up to more
    than 100."""
    NUMBER = "number"
    """A number: mean and standard deviation."""
    OPEN = "open"
    """Free text: verbatim answers only for groups of k_text, word frequencies."""
    TYPED = "typed"
    """The respondent types the answer (a field, not options)."""
    VERBATIM = "verbatim"
    """Its value is kept as written (a String column, only blank cells become null)."""
    ANALYSED = "analysed"
    """``analyze()`` counts its answer states (answered, no answer, skipped, not shown)."""
    REPORTED = "reported"
    """The report and the survey's result pages show its results."""


class QuestionType(StrEnum):
    SELECT_ONE = "select_one"
    SELECT_MULTIPLE = "select_multiple"
    TEXT = "text"
    INTEGER = "integer"
    DECIMAL = "decimal"
    DATE = "date"
    NOTE = "note"
    CALCULATE = "calculate"
    UNANALYSED = "unanalysed"
    """Carried through but not analysed: geo types, media, time, metadata, questions inside a
    repeat … (the XLSForm type is kept in ``Question.xlsform_type``, the reason in
    ``Question.not_analysed``)."""

    def can(self, capability: Capability) -> bool:
        """Whether questions of this type have ``capability`` (see :data:`CAPABILITIES`)."""
        return capability in CAPABILITIES[self]

    @classmethod
    def having(cls, capability: Capability) -> frozenset[QuestionType]:
        """The types that have ``capability``."""
        return frozenset(t for t in cls if t.can(capability))


_C = Capability
CAPABILITIES: dict[QuestionType, frozenset[Capability]] = {
    QuestionType.SELECT_ONE: frozenset({_C.CHOICES, _C.ANALYSED, _C.REPORTED}),
    QuestionType.SELECT_MULTIPLE: frozenset({_C.CHOICES, _C.MULTIPLE, _C.ANALYSED, _C.REPORTED}),
    QuestionType.TEXT: frozenset({_C.OPEN, _C.TYPED, _C.VERBATIM, _C.ANALYSED, _C.REPORTED}),
    QuestionType.INTEGER: frozenset({_C.NUMBER, _C.TYPED, _C.ANALYSED, _C.REPORTED}),
    QuestionType.DECIMAL: frozenset({_C.NUMBER, _C.TYPED, _C.ANALYSED, _C.REPORTED}),
    # A date is analysed (its answer states are counted) but has neither options nor a mean
    # to show: the report and the dashboard leave it out.
    QuestionType.DATE: frozenset({_C.TYPED, _C.ANALYSED}),
    QuestionType.NOTE: frozenset(),
    # Computed by the form, never asked: kept as it is, not analysed.
    QuestionType.CALCULATE: frozenset({_C.VERBATIM}),
    # Geo, media, time, metadata, a repeat's questions …: stored as written, not analysed.
    QuestionType.UNANALYSED: frozenset({_C.VERBATIM}),
}
"""The one table of what each question type can do."""
del _C

SELECT_TYPES = QuestionType.having(Capability.CHOICES)
"""The types with a choice list (``select_one``, ``select_multiple``)."""


NOT_ANALYSED_REASONS = (
    "metadata",
    "location",
    "media",
    "barcode",
    "time",
    "acknowledge",
    "hidden",
    "external",
    "repeat",
    "other",
)
"""Why a question is carried but not analysed; the texts are ``not_analysed.<reason>`` of the
catalogue."""
"""Why a question is carried through but not analysed: reason key -> (German, English)."""


class ScaleOrder(StrEnum):
    """Which end of a scale's choice list is the positive one."""

    POSITIVE_FIRST = "positive_first"
    POSITIVE_LAST = "positive_last"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class Choice(_Model):
    name: str
    label: Labels = Field(default_factory=dict)
    missing: bool = False
    """A missing code such as ``k_a`` ("keine Angabe"): shown, but not substantive."""
    exclusive: bool = False
    """May not be combined with other options of a ``select_multiple``."""
    filters: dict[str, str] = Field(default_factory=dict)
    """Extra columns of the choices sheet, used by ``choice_filter`` (e.g. the parent unit)."""


class ChoiceList(_Model):
    name: str
    choices: list[Choice]

    def names(self) -> list[str]:
        return [c.name for c in self.choices]

    def get(self, name: str) -> Choice | None:
        return next((c for c in self.choices if c.name == name), None)


class Question(_Model):
    kind: Literal["question"] = "question"
    name: str
    type: QuestionType
    list_name: str | None = None
    label: Labels = Field(default_factory=dict)
    hint: Labels = Field(default_factory=dict)
    relevant: str | None = None
    constraint: str | None = None
    constraint_message: Labels = Field(default_factory=dict)
    required: bool = False
    appearance: str | None = None
    choice_filter: str | None = None
    calculation: str | None = None
    scale: ScaleOrder | None = None
    """Set for a rating scale; the polarity fixes top-2/bottom-2 and the codes 1..k."""
    missing: list[str] = Field(default_factory=list)
    """Extra missing codes for this question, beyond those marked in its choice list."""
    exclusive: list[str] = Field(default_factory=list)
    """Extra exclusive options for this question, beyond those marked in its choice list."""
    org_level: str | None = None
    """Name of the org level whose unit code this question records (e.g. ``dezernat``)."""
    xlsform_type: str | None = None
    """The XLSForm type as written, where it is not the lipkit type (``geopoint``, ``range`` …)."""
    not_analysed: str | None = None
    """Why an ``unanalysed`` question is not analysed: one of ``NOT_ANALYSED_REASONS``."""
    parameters: str | None = None
    """XLSForm ``parameters`` (``start=1 end=5 step=1`` of a range …), kept as written."""
    extra: dict[str, str] = Field(default_factory=dict)
    """Other columns of the question's XLSForm row (``default``, ``readonly``, ``media::image``,
    ``kobo--…`` …), by header as written: kept, so that a converted form loses nothing."""

    @model_validator(mode="after")
    def _check_list(self) -> Question:
        if self.type in SELECT_TYPES and not self.list_name:
            raise ValueError(f"question {self.name!r}: {self.type} needs a choice list")
        if self.type not in SELECT_TYPES and self.list_name:
            raise ValueError(f"question {self.name!r}: {self.type} takes no choice list")
        if self.type == QuestionType.UNANALYSED and not self.xlsform_type:
            raise ValueError(
                f"question {self.name!r}: an unanalysed question needs its xlsform_type"
            )
        return self


class Group(_Model):
    kind: Literal["group"] = "group"
    name: str
    label: Labels = Field(default_factory=dict)
    relevant: str | None = None
    appearance: str | None = None
    repeat: bool = False
    """A repeat (``begin_repeat``): its questions are carried through, not analysed."""
    repeat_count: str | None = None
    extra: dict[str, str] = Field(default_factory=dict)
    """Other columns of the group's XLSForm row, by header as written (see ``Question.extra``)."""
    items: list[Item] = Field(default_factory=list)

    @property
    def is_matrix(self) -> bool:
        """A ``field-list`` group whose questions are ``likert`` rows of one list."""
        if "field-list" not in (self.appearance or ""):
            return False
        questions = [i for i in self.items if isinstance(i, Question)]
        if len(questions) < len(self.items):
            return False
        # A note (a heading or instruction above the rows) does not break the matrix.
        rows = [q for q in questions if q.type != QuestionType.NOTE]
        return (
            len(rows) > 0
            and all(
                q.type == QuestionType.SELECT_ONE and "likert" in (q.appearance or "") for q in rows
            )
            and len({q.list_name for q in rows}) == 1
        )


Item = Annotated[Question | Group, Field(discriminator="kind")]
Group.model_rebuild()


class Settings(_Model):
    form_title: str = ""
    form_id: str = ""
    version: str = ""
    default_language: str = DEFAULT_LANGUAGE


class Questionnaire(_Model):
    settings: Settings = Field(default_factory=Settings)
    languages: list[str] = Field(default_factory=lambda: [DEFAULT_LANGUAGE])
    survey: list[Item] = Field(default_factory=list)
    choices: dict[str, ChoiceList] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _check_references(self) -> Questionnaire:
        seen: set[str] = set()
        for q, _groups in self.walk():
            if q.name in seen:
                raise ValueError(f"question name {q.name!r} is used twice")
            seen.add(q.name)
            if q.list_name and q.list_name not in self.choices:
                raise ValueError(f"question {q.name!r}: unknown choice list {q.list_name!r}")
            names = set(self.choices[q.list_name].names()) if q.list_name else set()
            for code in [*q.missing, *q.exclusive]:
                if code not in names:
                    raise ValueError(f"question {q.name!r}: {code!r} is not in its choice list")
        return self

    # -- navigation -------------------------------------------------------------------------
    def walk(self) -> Iterator[tuple[Question, tuple[Group, ...]]]:
        """Every question in questionnaire order, with its enclosing groups (outermost first)."""

        def visit(
            items: list[Item], parents: tuple[Group, ...]
        ) -> Iterator[tuple[Question, tuple[Group, ...]]]:
            for item in items:
                if isinstance(item, Group):
                    yield from visit(item.items, (*parents, item))
                else:
                    yield item, parents

        yield from visit(self.survey, ())

    def groups(self) -> Iterator[Group]:
        def visit(items: list[Item]) -> Iterator[Group]:
            for item in items:
                if isinstance(item, Group):
                    yield item
                    yield from visit(item.items)

        yield from visit(self.survey)

    def questions(self) -> list[Question]:
        return [q for q, _ in self.walk()]

    def question(self, name: str) -> Question:
        for q, _ in self.walk():
            if q.name == name:
                return q
        raise KeyError(name)

    def has_question(self, name: str) -> bool:
        return any(q.name == name for q, _ in self.walk())

    def parents(self, name: str) -> tuple[Group, ...]:
        for q, groups in self.walk():
            if q.name == name:
                return groups
        raise KeyError(name)

    def relevance_chain(self, name: str) -> list[str]:
        """The ``relevant`` expressions that decide whether ``name`` is shown, outermost first."""
        question = self.question(name)
        chain = [g.relevant for g in self.parents(name) if g.relevant]
        if question.relevant:
            chain.append(question.relevant)
        return chain

    def choice_list(self, question: Question | str) -> ChoiceList:
        q = self.question(question) if isinstance(question, str) else question
        if not q.list_name:
            raise KeyError(f"question {q.name!r} has no choice list")
        return self.choices[q.list_name]

    def option_label(self, question: Question | str, option: str, language: str) -> str:
        """The label of ``option`` of ``question`` in ``language``; the option's name where it
        has no label or is not in the question's list (a code of an earlier wave)."""
        for choice in self.choice_list(question).choices:
            if choice.name == option:
                return label_text(choice.label, language, option)
        return option

    def missing_codes(self, question: Question | str) -> list[str]:
        q = self.question(question) if isinstance(question, str) else question
        if not q.list_name:
            return []
        marked = [c.name for c in self.choice_list(q).choices if c.missing]
        return marked + [m for m in q.missing if m not in marked]

    def exclusive_codes(self, question: Question | str) -> list[str]:
        q = self.question(question) if isinstance(question, str) else question
        if not q.list_name:
            return []
        marked = [c.name for c in self.choice_list(q).choices if c.exclusive]
        return marked + [m for m in q.exclusive if m not in marked]

    def substantive_codes(self, question: Question | str) -> list[str]:
        """Choice names that are real answers (not missing codes), in list order."""
        q = self.question(question) if isinstance(question, str) else question
        missing = set(self.missing_codes(q))
        return [n for n in self.choice_list(q).names() if n not in missing]

    def scale_values(self, question: Question | str) -> dict[str, int]:
        """Code 1..k for each substantive choice of a scale; k is the most positive."""
        q = self.question(question) if isinstance(question, str) else question
        if q.scale is None:
            raise ValueError(f"question {q.name!r} is not a scale")
        codes = self.substantive_codes(q)
        k = len(codes)
        if q.scale == ScaleOrder.POSITIVE_LAST:
            return {c: i + 1 for i, c in enumerate(codes)}
        return {c: k - i for i, c in enumerate(codes)}

    def columns(self, question: Question | str) -> list[str]:
        """Names of the canonical frame's columns that hold this question's answers."""
        q = self.question(question) if isinstance(question, str) else question
        if q.type == QuestionType.NOTE:
            return []
        if q.type == QuestionType.SELECT_MULTIPLE:
            return [f"{q.name}/{c}" for c in self.choice_list(q).names()]
        return [q.name]


# -- org tree -------------------------------------------------------------------------------


class OrgLevel(_Model):
    name: str
    """Identifier, e.g. ``dezernat``; usable as ``--by``."""
    label: Labels = Field(default_factory=dict)
    question: str | None = None
    """Question whose answer gives a respondent's unit at this level, if asked directly."""


class OrgUnit(_Model):
    code: str
    name: str
    level: str
    parent: str | None = None
    staff: int | None = None
    names: Labels = Field(default_factory=dict)
    """The name in other languages (``name::en`` in ``org.csv``), by language."""

    def name_in(self, language: str) -> str:
        """The name in ``language`` where one is given, else the name."""
        return self.names.get(language) or self.name


class OrgTree(_Model):
    levels: list[OrgLevel]
    """Top level first (e.g. Dezernat, then Fachbereich)."""
    units: list[OrgUnit]

    @model_validator(mode="after")
    def _check_tree(self) -> OrgTree:
        level_names = [lv.name for lv in self.levels]
        codes: dict[tuple[str, str], OrgUnit] = {}
        for unit in self.units:
            if unit.level not in level_names:
                raise ValueError(f"org unit {unit.code!r}: unknown level {unit.level!r}")
            key = (unit.level, unit.code)
            if key in codes:
                raise ValueError(f"org unit {unit.code!r} appears twice on level {unit.level!r}")
            codes[key] = unit
        for unit in self.units:
            depth = level_names.index(unit.level)
            if depth == 0:
                if unit.parent is not None:
                    raise ValueError(f"org unit {unit.code!r} is on the top level but has a parent")
                continue
            parent_level = level_names[depth - 1]
            if (parent_level, unit.parent) not in codes:
                raise ValueError(
                    f"org unit {unit.code!r}: parent {unit.parent!r} is not a unit of "
                    f"level {parent_level!r}"
                )
        return self

    def level(self, name: str) -> OrgLevel:
        for lv in self.levels:
            if lv.name == name:
                return lv
        raise KeyError(name)

    def has_level(self, name: str) -> bool:
        return any(lv.name == name for lv in self.levels)

    def level_recorded_by(self, question: Question) -> str | None:
        """The org level whose unit ``question`` records (its ``org_level``, or the level it
        is the asking question of); None for any other question."""
        if question.org_level and self.has_level(question.org_level):
            return question.org_level
        return next((lv.name for lv in self.levels if lv.question == question.name), None)

    def depth(self, level: str) -> int:
        return [lv.name for lv in self.levels].index(level)

    def units_at(self, level: str) -> list[OrgUnit]:
        return [u for u in self.units if u.level == level]

    def unit(self, level: str, code: str) -> OrgUnit:
        for u in self.units:
            if u.level == level and u.code == code:
                return u
        raise KeyError((level, code))

    def children(self, unit: OrgUnit) -> list[OrgUnit]:
        depth = self.depth(unit.level)
        if depth + 1 >= len(self.levels):
            return []
        child_level = self.levels[depth + 1].name
        return [u for u in self.units if u.level == child_level and u.parent == unit.code]

    def parent_map(self, level: str) -> dict[str, str]:
        """Unit code at ``level`` -> code of its parent one level up."""
        return {u.code: u.parent for u in self.units_at(level) if u.parent is not None}

    def ancestor_map(self, level: str, ancestor_level: str) -> dict[str, str]:
        """Unit code at ``level`` -> code of its ancestor at ``ancestor_level``."""
        mapping = {u.code: u.code for u in self.units_at(level)}
        depth = self.depth(level)
        target = self.depth(ancestor_level)
        if target > depth:
            raise ValueError(f"{ancestor_level!r} is below {level!r}")
        for d in range(depth, target, -1):
            up = self.parent_map(self.levels[d].name)
            mapping = {code: up[cur] for code, cur in mapping.items()}
        return mapping


# -- study ----------------------------------------------------------------------------------


class StudySettings(_Model):
    title: str = ""
    language: str = DEFAULT_LANGUAGE
    k: int = Field(default=5, ge=1)
    """Minimum group size for any published result."""
    k_text: int = Field(default=10, ge=1)
    """Minimum group size for verbatim open answers and word frequencies."""
    breakdowns: list[str] = Field(default_factory=list)
    """The single-choice questions results may be broken down by (the agreed "Merkmale",
    such as the respondent's role), besides the org levels. Every further grouping would be
    one more table to combine with the others, so only these are offered and protected."""


class Study(_Model):
    questionnaire: Questionnaire
    org: OrgTree | None = None
    settings: StudySettings = Field(default_factory=StudySettings)

    def breakdown_names(self) -> list[str]:
        """Everything a result may be broken down by: the org levels, then the agreed
        questions."""
        levels = [lv.name for lv in self.org.levels] if self.org is not None else []
        return [*levels, *self.breakdown_questions()]

    def breakdown_questions(self) -> list[str]:
        """The agreed breakdowns that are select_one questions of the questionnaire and no
        org level (those are breakdowns anyway), in the order of ``settings.breakdowns``."""
        return [
            name
            for name in self.settings.breakdowns
            if self.questionnaire.has_question(name)
            and self.questionnaire.question(name).type == QuestionType.SELECT_ONE
            and not self.questionnaire.question(name).org_level
        ]
