"""XLSForm expressions: ``relevant``, ``constraint`` and ``choice_filter``.

An expression is parsed once into a small syntax tree (frozen dataclasses). The tree is then
either compiled to one polars expression (a whole response frame at once) or evaluated in plain
Python for one respondent (the web form). Both follow the same rules, written down in
``docs/architecture.md`` ("Expression semantics"); a hypothesis test checks that they agree.

Values have one of three kinds, decided statically from the tree and the questionnaire:

- string: never null; an empty answer is ``''``;
- number: float; an empty answer is NaN (in polars: null *or* NaN, both mean NaN);
- boolean: never null.

The subset is deliberately small. Anything outside it is an :class:`ExpressionError` naming the
question, the expression and the position, so that a form is rejected, never half-evaluated.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from enum import Enum

import polars as pl

from lipkit.study.model import (
    SELECT_TYPES,
    Capability,
    Choice,
    Group,
    Question,
    Questionnaire,
    QuestionType,
    label_text,
)

__all__ = [
    "Binary",
    "Call",
    "Current",
    "ExpressionError",
    "FormLogic",
    "Literal",
    "Name",
    "Neg",
    "Node",
    "Not",
    "Ref",
    "evaluate",
    "evaluate_condition",
    "parse",
    "references",
    "to_polars",
    "to_polars_condition",
    "to_text",
]


# -- errors ------------------------------------------------------------------------------------


class ExpressionError(ValueError):
    """An expression lipkit cannot parse or evaluate.

    ``str()`` reads e.g. ``question 'q5', relevant "${q1} == 'x'": unexpected '=' at position 7``
    (positions count characters from 0).
    """

    def __init__(
        self,
        message: str,
        *,
        expression: str,
        question: str | None = None,
        field: str = "relevant",
        position: int | None = None,
        item: str = "question",
    ) -> None:
        self.message = message
        self.lines: list[str] = []
        """Set on the error :class:`FormLogic` raises: every failing expression, one each."""
        self.expression = expression
        self.question = question
        self.field = field
        self.position = position
        self.item = item
        """``question`` or ``group``: what ``question`` names."""
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.item} {self.question!r}, " if self.question else ""
        at = f" at position {self.position}" if self.position is not None else ""
        return f'{where}{self.field} "{self.expression}": {self.message}{at}'

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:  # despite keyword-only args
        return (_rebuild_error, (self.message, self.__dict__.copy()))


def _rebuild_error(message: str, state: dict) -> ExpressionError:
    kwargs = {k: state[k] for k in ("expression", "question", "field", "position", "item")}
    return ExpressionError(message, **kwargs)


class _Problem(Exception):
    """A semantic problem found while checking or compiling a tree; callers add the context."""

    def __init__(self, message: str, position: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.position = position


# -- syntax tree -------------------------------------------------------------------------------
# ``pos`` (character offset in the source) is for error messages only: it takes no part in
# equality, so ``parse("${a}") == Ref("a")``.


def _pos() -> int | None:
    return field(default=None, compare=False, repr=False, kw_only=True)


@dataclass(frozen=True)
class Ref:
    """``${name}``: the answer to another question."""

    name: str
    pos: int | None = _pos()


@dataclass(frozen=True)
class Current:
    """``.``: the answer to the question the expression belongs to."""

    pos: int | None = _pos()


@dataclass(frozen=True)
class Name:
    """A bare name such as ``dezernat``; in a ``choice_filter`` a column of the choice."""

    name: str
    pos: int | None = _pos()


@dataclass(frozen=True)
class Literal:
    value: str | float
    pos: int | None = _pos()


@dataclass(frozen=True)
class Binary:
    """``or and = != < > <= >= + - * div mod``."""

    op: str
    left: Node
    right: Node
    pos: int | None = _pos()


@dataclass(frozen=True)
class Not:
    operand: Node
    pos: int | None = _pos()


@dataclass(frozen=True)
class Neg:
    """Unary minus."""

    operand: Node
    pos: int | None = _pos()


@dataclass(frozen=True)
class Call:
    """``true()``, ``false()``, ``selected(a, b)``, ``count-selected(a)``, ``string-length(s)``,
    ``contains(s, t)``, ``starts-with(s, t)``, ``regex(s, 'pattern')`` (found anywhere, as
    JavaRosa's ``find``), ``concat(s, …)``, ``number(x)``, ``int(x)`` (truncated)."""

    name: str
    args: tuple[Node, ...] = ()
    pos: int | None = _pos()


Node = Ref | Current | Name | Literal | Binary | Not | Neg | Call

_FUNCTION_ARITY: dict[str, int | tuple[int, int]] = {
    "not": 1,
    "true": 0,
    "false": 0,
    "selected": 2,
    "count-selected": 1,
    "string-length": 1,
    "contains": 2,
    "starts-with": 2,
    "regex": 2,
    "number": 1,
    "int": 1,
    "concat": -1,
    # functions of real forms beyond the first subset (docs/architecture.md)
    "string": 1,
    "substr": (2, 3),
    "selected-at": 2,
    "if": 3,
    "coalesce": 2,
    "min": -1,
    "max": -1,
    "sum": -1,
    "round": (1, 2),
    "date": 1,
    "today": 0,
    "now": 0,
    "decimal-date-time": 1,
    "format-date": 2,
    "jr:choice-name": 2,
    "position": 0,  # written position(..): see _Parser.call
}
"""Arity of each function the expression tree knows; -1: one argument or more (``concat``),
``(low, high)``: between low and high arguments."""
_TEXT_FUNCTIONS = ("string-length", "contains", "starts-with", "regex", "concat")
_NUMBER_FUNCTIONS = ("min", "max", "sum")
_CLOCK_FUNCTIONS = ("today", "now")
_BOOLEAN_OPS = ("or", "and")
_EQUALITY_OPS = ("=", "!=")
_RELATIONAL_OPS = ("<", ">", "<=", ">=")
_ARITHMETIC_OPS = ("+", "-", "*", "div", "mod")
# Binary operators from loosest to tightest binding (XPath 1.0).
_LEVELS: tuple[tuple[str, ...], ...] = (
    ("or",),
    ("and",),
    _EQUALITY_OPS,
    _RELATIONAL_OPS,
    ("+", "-"),
    ("*", "div", "mod"),
)
_PRECEDENCE = {op: level + 1 for level, ops in enumerate(_LEVELS) for op in ops}
_UNARY_PRECEDENCE = len(_LEVELS) + 1
_PRIMARY_PRECEDENCE = len(_LEVELS) + 2


def children(node: Node) -> tuple[Node, ...]:
    match node:
        case Binary(_, left, right):
            return (left, right)
        case Not(operand) | Neg(operand):
            return (operand,)
        case Call(_, args):
            return args
        case _:
            return ()


def walk(node: Node) -> Iterator[Node]:
    """Every node of the tree, parents before children."""
    yield node
    for child in children(node):
        yield from walk(child)


def references(node: Node) -> set[str]:
    """Names of the questions referenced as ``${name}`` (also jr:choice-name()'s ``'${name}'``)."""
    names = {n.name for n in walk(node) if isinstance(n, Ref)}
    for n in walk(node):
        if isinstance(n, Call) and n.name == "jr:choice-name":
            target = n.args[1]
            if isinstance(target, Literal) and isinstance(target.value, str):
                match = _CHOICE_NAME_RE.fullmatch(target.value)
                names.update([match.group(1)] if match else [])
    return names


def bare_names(node: Node) -> set[str]:
    """Bare names (choice columns in a ``choice_filter``)."""
    return {n.name for n in walk(node) if isinstance(n, Name)}


# -- text --------------------------------------------------------------------------------------


def _number_text(value: float) -> str:
    """XPath's number-to-string: ``5`` not ``5.0``, never an exponent."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value.is_integer():
        return str(int(value))
    return format(Decimal(repr(value)), "f")


def _precedence(node: Node) -> int:
    if isinstance(node, Binary):
        return _PRECEDENCE[node.op]
    if isinstance(node, Neg):
        return _UNARY_PRECEDENCE
    return _PRIMARY_PRECEDENCE


def to_text(node: Node) -> str:
    """The expression as XLSForm text (with only the parentheses it needs)."""

    def wrapped(child: Node, needs_parens: bool) -> str:
        text = to_text(child)
        return f"({text})" if needs_parens else text

    match node:
        case Ref(name):
            return "${" + name + "}"
        case Current():
            return "."
        case Name(name):
            return name
        case Literal(str() as text):
            return f'"{text}"' if "'" in text else f"'{text}'"
        case Literal(number):
            return _number_text(float(number))
        case Binary(op, left, right):
            level = _PRECEDENCE[op]
            left_text = wrapped(left, _precedence(left) < level)
            right_text = wrapped(right, _precedence(right) <= level)  # operators group leftwards
            return f"{left_text} {op} {right_text}"
        case Not(operand):
            return f"not({to_text(operand)})"
        case Neg(operand):
            return "-" + wrapped(operand, _precedence(operand) < _UNARY_PRECEDENCE)
        case Call("position"):
            return "position(..)"
        case Call(name, args):
            return f"{name}({', '.join(to_text(a) for a in args)})"
    raise TypeError(f"not an expression node: {node!r}")


# -- lexer -------------------------------------------------------------------------------------

_NCNAME = r"[^\W\d][\w.\-]*"
_QNAME_RE = re.compile(rf"{_NCNAME}(?::{_NCNAME})?")
_REF_RE = re.compile(rf"\$\{{({_NCNAME})\}}")
_NUMBER_RE = re.compile(r"[0-9]+(?:\.[0-9]*)?|\.[0-9]+")
_SPACE_RE = re.compile(r"[ \t\r\n]*")
_OPERATORS = ("!=", "<=", ">=", "=", "<", ">", "+", "-", "*", "(", ")", ",")
_OPERATOR_NAMES = frozenset({"and", "or", "div", "mod"})
_OPERAND_END = frozenset({"ref", "string", "number", "name", ")", "."})


@dataclass(frozen=True)
class _Token:
    kind: str  # ref string number name func op ( ) , . end
    text: str
    pos: int
    value: str | float | None = None


def _tokenize(text: str, fail: Callable[[str, int], Exception]) -> list[_Token]:
    tokens: list[_Token] = []
    i = 0
    while True:
        i = _SPACE_RE.match(text, i).end()  # type: ignore[union-attr]
        if i >= len(text):
            tokens.append(_Token("end", "", len(text)))
            return tokens
        prev_kind = tokens[-1].kind if tokens else None
        char = text[i]
        if text.startswith("${", i):
            match = _REF_RE.match(text, i)
            if not match:
                raise fail("malformed reference, expected ${name}", i)
            tokens.append(_Token("ref", match.group(0), i, match.group(1)))
            i = match.end()
        elif char in "'\"":
            end = text.find(char, i + 1)
            if end < 0:
                raise fail("unterminated string", i)
            tokens.append(_Token("string", text[i : end + 1], i, text[i + 1 : end]))
            i = end + 1
        elif match := _NUMBER_RE.match(text, i):
            tokens.append(_Token("number", match.group(0), i, float(match.group(0))))
            i = match.end()
        elif char == ".":
            if text.startswith("..", i):
                # Only position(..) takes the parent step: '..' before a ')'.
                after = _SPACE_RE.match(text, i + 2).end()  # type: ignore[union-attr]
                if not text.startswith(")", after):
                    raise fail("unexpected '..'", i)
                tokens.append(_Token("..", "..", i))
                i += 2
                continue
            tokens.append(_Token(".", ".", i))
            i += 1
        elif match := _QNAME_RE.match(text, i):
            word = match.group(0)
            after = _SPACE_RE.match(text, match.end()).end()  # type: ignore[union-attr]
            # XPath: and/or/div/mod are operators only where an operator can stand.
            if word in _OPERATOR_NAMES and prev_kind in _OPERAND_END:
                kind = "op"
            elif after < len(text) and text[after] == "(":
                kind = "func"
            else:
                kind = "name"
            tokens.append(_Token(kind, word, i))
            i = match.end()
        else:
            op = next((o for o in _OPERATORS if text.startswith(o, i)), None)
            if op is None:
                raise fail(f"unexpected {char!r}", i)
            tokens.append(_Token(op if op in ("(", ")", ",") else "op", op, i))
            i += len(op)


# -- parser ------------------------------------------------------------------------------------


class _Parser:
    """Recursive descent over the XPath 1.0 precedence levels in ``_LEVELS``."""

    def __init__(self, text: str, question: str | None, field: str) -> None:
        self.text = text
        self.question = question
        self.field = field
        self.tokens = _tokenize(text, self.error)
        self.index = 0

    def error(self, message: str, position: int | None) -> ExpressionError:
        return ExpressionError(
            message,
            expression=self.text,
            question=self.question,
            field=self.field,
            position=position,
        )

    @property
    def peek(self) -> _Token:
        return self.tokens[self.index]

    def advance(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def unexpected(self, token: _Token, expected: str = "") -> ExpressionError:
        hint = f", expected {expected}" if expected else ""
        if token.kind == "end":
            return self.error(f"unexpected end of expression{hint}", token.pos)
        return self.error(f"unexpected {token.text!r}{hint}", token.pos)

    def expect(self, kind: str) -> _Token:
        if self.peek.kind != kind:
            raise self.unexpected(self.peek, f"{kind!r}")
        return self.advance()

    def parse(self) -> Node:
        if self.peek.kind == "end":
            raise self.error("empty expression", 0)
        node = self.binary(0)
        if self.peek.kind != "end":
            raise self.unexpected(self.peek)
        return node

    def binary(self, level: int) -> Node:
        if level == len(_LEVELS):
            return self.unary()
        left = self.binary(level + 1)
        while self.peek.kind == "op" and self.peek.text in _LEVELS[level]:
            op = self.advance()
            right = self.binary(level + 1)
            left = Binary(op.text, left, right, pos=op.pos)
        return left

    def unary(self) -> Node:
        if self.peek.kind == "op" and self.peek.text == "-":
            minus = self.advance()
            return Neg(self.unary(), pos=minus.pos)
        return self.primary()

    def primary(self) -> Node:
        token = self.advance()
        match token.kind:
            case "ref":
                return Ref(str(token.value), pos=token.pos)
            case "string":
                return Literal(str(token.value), pos=token.pos)
            case "number":
                return Literal(float(token.text), pos=token.pos)
            case ".":
                return Current(pos=token.pos)
            case "(":
                inner = self.binary(0)
                self.expect(")")
                return inner
            case "func":
                return self.call(token)
            case "name":
                return self.name(token)
        raise self.unexpected(token)

    def name(self, token: _Token) -> Name:
        if ":" in token.text:
            raise self.unexpected(token)
        if self.field != "choice_filter":
            raise self.error(
                f"bare name {token.text!r} is only meaningful in a choice_filter "
                f"(a question is written ${{{token.text}}})",
                token.pos,
            )
        return Name(token.text, pos=token.pos)

    def call(self, token: _Token) -> Node:
        if token.text not in _FUNCTION_ARITY:
            raise self.error(f"unknown function {token.text + '()'!r}", token.pos)
        self.expect("(")
        if token.text == "position":
            # XPath position(..): the index of the current repeat entry (1 outside a repeat);
            # the parent step is the only argument forms write.
            if self.peek.kind != "..":
                raise self.unexpected(self.peek, "'..' (position(..))")
            self.advance()
            self.expect(")")
            return Call("position", (), pos=token.pos)
        args: list[Node] = []
        if self.peek.kind != ")":
            args.append(self.binary(0))
            while self.peek.kind == ",":
                self.advance()
                args.append(self.binary(0))
        self.expect(")")
        arity = _FUNCTION_ARITY[token.text]
        if arity == -1 and not args:
            raise self.error(f"{token.text}() takes at least one argument", token.pos)
        if isinstance(arity, tuple):
            low, high = arity
            if not low <= len(args) <= high:
                raise self.error(
                    f"{token.text}() takes {low} to {high} arguments, got {len(args)}", token.pos
                )
        elif arity == -1:
            pass
        elif len(args) != arity:
            plural = "" if arity == 1 else "s"
            raise self.error(
                f"{token.text}() takes {arity} argument{plural}, got {len(args)}", token.pos
            )
        if token.text == "not":
            return Not(args[0], pos=token.pos)
        return Call(token.text, tuple(args), pos=token.pos)


def parse(text: str, *, question: str | None = None, field: str = "relevant") -> Node:
    """Parse one expression. ``question`` and ``field`` only serve the error message.

    Bare names (``dezernat``) are accepted only when ``field == "choice_filter"``.
    """
    return _Parser(text, question, field).parse()


# -- static checking ---------------------------------------------------------------------------


class Kind(Enum):
    STRING = "string"
    NUMBER = "number"
    BOOLEAN = "boolean"


@dataclass(frozen=True)
class _Scope:
    """What names in an expression mean: the questionnaire, ``.`` and the choice (filters)."""

    questions: Mapping[str, Question]
    choice_names: Mapping[str, tuple[str, ...]]
    choice_labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """Per select question: each choice's label (jr:choice-name())."""
    current: str | None = None
    choice: Choice | None = None
    now: datetime | None = None
    """The moment ``today()`` and ``now()`` stand for (None: the clock, when evaluated)."""
    position: int = 1
    """``position(..)`` for one respondent: the index of the current repeat entry (1-based;
    1 outside a repeat)."""
    position_column: str | None = None
    """``position(..)`` over a frame: the column holding each row's entry index (None: 1)."""

    def moment(self) -> datetime:
        return self.now if self.now is not None else datetime.now().astimezone()

    @staticmethod
    def of(questionnaire: Questionnaire) -> _Scope:
        questions = {q.name: q for q in questionnaire.questions()}
        choice_names = {
            q.name: tuple(questionnaire.choice_list(q).names())
            for q in questions.values()
            if q.list_name
        }
        choice_labels = {
            q.name: {
                c.name: label_text(c.label, fallback=c.name)
                for c in questionnaire.choice_list(q).choices
            }
            for q in questions.values()
            if q.list_name and q.type in SELECT_TYPES
        }
        return _Scope(questions, choice_names, choice_labels)

    def question(self, node: Node) -> Question:
        """The question a ``${name}`` or ``.`` stands for."""
        if isinstance(node, Current):
            if self.current is None:
                raise _Problem("'.' has no question to refer to here", node.pos)
            name = self.current
        else:
            assert isinstance(node, Ref)
            name = node.name
        if name not in self.questions:
            raise _Problem(f"unknown question ${{{name}}}", node.pos)
        return self.questions[name]

    def choice_value(self, node: Name) -> str:
        """A bare name's value for the choice being filtered: its filter column, or its name."""
        if self.choice is None:
            raise _Problem(f"bare name {node.name!r} needs a choice (choice_filter only)", node.pos)
        if node.name in self.choice.filters:
            return self.choice.filters[node.name]
        return self.choice.name if node.name == "name" else ""


def _is_select_multiple(node: Node, scope: _Scope) -> bool:
    return isinstance(node, Ref | Current) and (
        scope.question(node).type == QuestionType.SELECT_MULTIPLE
    )


def _kind(node: Node, scope: _Scope, *, deep: bool = True) -> Kind:
    """The kind of value ``node`` yields; raises ``_Problem`` for anything not allowed.

    ``deep=False`` looks at ``node`` alone (for compilers that visit every node anyway, on a
    tree already checked with ``deep=True``).
    """
    match node:
        case Ref() | Current():
            question = scope.question(node)
            return Kind.NUMBER if question.type.can(Capability.NUMBER) else Kind.STRING
        case Name():
            scope.choice_value(node)
            return Kind.STRING
        case Literal(str()):
            return Kind.STRING
        case Literal():
            return Kind.NUMBER
        case Binary(op, left, right):
            if deep:
                _kind(left, scope)
                _kind(right, scope)
            return Kind.NUMBER if op in _ARITHMETIC_OPS else Kind.BOOLEAN
        case Not(operand):
            if deep:
                _kind(operand, scope)
            return Kind.BOOLEAN
        case Neg(operand):
            if deep:
                _kind(operand, scope)
            return Kind.NUMBER
        case Call("true" | "false"):
            return Kind.BOOLEAN
        case Call("selected", (items, value)):
            if deep:
                if not _is_select_multiple(items, scope):
                    _require_text(items, scope, "selected()")
                _require_text(value, scope, "selected()")
            return Kind.BOOLEAN
        case Call("count-selected", (items,)):
            if deep and not _is_select_multiple(items, scope):
                _require_text(items, scope, "count-selected()")
            return Kind.NUMBER
        case Call(name, args) if name in _TEXT_FUNCTIONS:
            if deep:
                for arg in args:
                    if name == "concat":  # a number is written as XPath writes it
                        _kind(arg, scope)
                    else:
                        _require_text(arg, scope, f"{name}()")
                if name == "regex":
                    _check_pattern(args[1])
            if name == "string-length":
                return Kind.NUMBER
            return Kind.STRING if name == "concat" else Kind.BOOLEAN
        case Call("number" | "int", (operand,)):
            if deep:
                _kind(operand, scope)
            return Kind.NUMBER
        case Call(name, args):
            return _function_kind(node, name, args, scope, deep)
    raise _Problem(f"unsupported expression {to_text(node)!r}", getattr(node, "pos", None))


def _function_kind(
    node: Call, name: str, args: tuple[Node, ...], scope: _Scope, deep: bool
) -> Kind:
    """The kind of the functions beyond the first subset (dates, if, coalesce, min …)."""
    if deep:
        for arg in args:
            _kind(arg, scope)
        if name == "round" and len(args) == 2:
            _round_digits(args[1])
        if name == "format-date":
            _date_format(args[1])
        if name == "jr:choice-name":
            _choice_name_question(args[1], scope)
    match name:
        case "if":
            return _join(_kind(args[1], scope, deep=False), _kind(args[2], scope, deep=False))
        case "coalesce":
            return _join(_kind(args[0], scope, deep=False), _kind(args[1], scope, deep=False))
        case "min" | "max" | "sum" | "round" | "decimal-date-time" | "position":
            return Kind.NUMBER
        case (
            "string"
            | "substr"
            | "selected-at"
            | "date"
            | "today"
            | "now"
            | "format-date"
            | "jr:choice-name"
        ):
            return Kind.STRING
    raise _Problem(f"unsupported expression {to_text(node)!r}", node.pos)


def _join(a: Kind, b: Kind) -> Kind:
    """The kind of ``if()``'s and ``coalesce()``'s value: the branches' kind if they agree;
    text when one branch is text; a number when the other is a boolean."""
    if a == b:
        return a
    return Kind.STRING if Kind.STRING in (a, b) else Kind.NUMBER


_MAX_ROUND_DIGITS = 15


def _round_digits(node: Node) -> int:
    """round()'s digits: a whole number literal (``2``, ``-1``), so that every evaluator scales by
    the same exact power of ten."""
    negative = isinstance(node, Neg)
    literal = node.operand if isinstance(node, Neg) else node
    if (
        isinstance(literal, Literal)
        and isinstance(literal.value, float)
        and literal.value.is_integer()
        and literal.value <= _MAX_ROUND_DIGITS
    ):
        return -int(literal.value) if negative else int(literal.value)
    raise _Problem(
        f"round() needs its digits written as a whole number from -{_MAX_ROUND_DIGITS} to "
        f"{_MAX_ROUND_DIGITS}",
        getattr(node, "pos", None),
    )


_DATE_DIRECTIVES = {
    "Y": "%Y",
    "y": "%y",
    "m": "%m",
    "n": "%-m",
    "b": "%b",
    "d": "%d",
    "e": "%-d",
    "a": "%a",
    "H": "%H",
    "h": "%-H",
    "M": "%M",
    "S": "%S",
    "3": "%3f",
    "%": "%%",
}
"""format-date()'s directives (JavaRosa's) and the chrono directive polars writes them with."""


def _date_format(node: Node) -> list[str]:
    """format-date()'s pattern, a text literal, split into directives (``%Y``) and plain text."""
    if not isinstance(node, Literal) or not isinstance(node.value, str):
        raise _Problem("format-date() needs its pattern written as a text literal", node.pos)
    parts: list[str] = []
    text = node.value
    i = 0
    while i < len(text):
        if text[i] != "%":
            parts.append(text[i])
            i += 1
            continue
        directive = text[i : i + 2]
        if len(directive) < 2 or directive[1] not in _DATE_DIRECTIVES:
            known = " ".join("%" + d for d in _DATE_DIRECTIVES)
            raise _Problem(
                f"format-date() pattern {text!r}: unknown directive {directive!r} (known: {known})",
                node.pos,
            )
        parts.append(directive)
        i += 2
    return parts


_CHOICE_NAME_RE = re.compile(rf"\s*\$\{{({_NCNAME})\}}\s*")


def _choice_name_question(node: Node, scope: _Scope) -> Question:
    """jr:choice-name()'s second argument: ``'${q}'``, a select question written as text."""
    match = (
        _CHOICE_NAME_RE.fullmatch(node.value)
        if isinstance(node, Literal) and isinstance(node.value, str)
        else None
    )
    if not match:
        raise _Problem(
            "jr:choice-name() needs its question written as text, e.g. '${q1}'", node.pos
        )
    question = scope.question(Ref(match.group(1), pos=node.pos))
    if question.type not in SELECT_TYPES:
        raise _Problem(f"jr:choice-name(): ${{{question.name}}} is not a select question", node.pos)
    return question


def _check_pattern(node: Node) -> None:
    """regex()'s pattern must be a text literal that Python, polars and JavaScript read alike."""
    if not isinstance(node, Literal) or not isinstance(node.value, str):
        raise _Problem("regex() needs its pattern written as a text literal", node.pos)
    try:
        re.compile(node.value)
        pl.select(pl.lit("").str.contains(node.value))
    except (re.error, pl.exceptions.ComputeError) as exc:
        raise _Problem(
            f"regex() pattern {node.value!r} is not a regular expression ({exc})", node.pos
        ) from None


def _require_text(node: Node, scope: _Scope, function: str) -> None:
    # A computed number has no agreed text form (``5`` vs ``5.0``); a number literal has.
    if _kind(node, scope) == Kind.NUMBER and not isinstance(node, Literal):
        raise _Problem(f"{function} needs a choice name or a select question here", node.pos)


def _check(node: Node, scope: _Scope) -> Kind:
    """Check the whole tree against ``scope``; the kind of its value."""
    return _kind(node, scope, deep=True)


# -- shared conversions ------------------------------------------------------------------------

_XML_SPACE = " \t\r\n"
_TOKEN_PATTERN = r"[^ \t\r\n]+"
_SPACE_PATTERN = r"[ \t\r\n]+"
# XPath number(): optional minus, digits with an optional fraction; no exponent, no sign '+'.
_NUMBER_BODY = r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
_NUMBER_TEXT_RE = re.compile(rf"[ \t\r\n]*({_NUMBER_BODY})[ \t\r\n]*")
_NUMBER_TEXT_PATTERN = rf"^[ \t\r\n]*({_NUMBER_BODY})[ \t\r\n]*$"
_NAN = float("nan")
# A date or a date and time as XLSForm writes them: 2024-05-01, 2024-05-01T10:30:00.000+02:00.
_DATE_BODY = (
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})"
    r"(?:T([0-9]{2}):([0-9]{2}):([0-9]{2}(?:\.[0-9]{1,9})?)(Z|[+-][0-9]{2}:[0-9]{2})?)?"
)
_DATE_TEXT_RE = re.compile(_DATE_BODY)
_DATE_TEXT_PATTERN = f"^{_DATE_BODY}$"
_EPOCH = date(1970, 1, 1)
_FIRST_DAY = (date(1, 1, 1) - _EPOCH).days
_END_DAY = (date(9999, 12, 31) - _EPOCH).days + 1
"""Days since 1970-01-01 of the first date and of the day after the last (years 1 to 9999)."""
_DAY_MS = 86_400_000
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _py_date_days(text: str) -> float:
    """Days since 1970-01-01 (UTC; a fraction for the time of day) of a date text, else NaN."""
    match = _DATE_TEXT_RE.fullmatch(text)
    if not match:
        return _NAN
    try:
        day = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return _NAN
    days = float((day - _EPOCH).days)
    if match.group(4) is None:
        return days
    hour, minute, second = int(match.group(4)), int(match.group(5)), float(match.group(6))
    zone = match.group(7)
    offset = 0
    if zone and zone != "Z":
        zone_hour, zone_minute = int(zone[1:3]), int(zone[4:6])
        if zone_hour > 23 or zone_minute > 59:
            return _NAN
        offset = (zone_hour * 60 + zone_minute) * (-1 if zone[0] == "-" else 1)
    if hour > 23 or minute > 59 or second >= 60:
        return _NAN
    seconds = hour * 3600 + minute * 60 + second
    return days + seconds / 86400 - offset / 1440


def _py_date_text(days: float) -> str:
    """The date (YYYY-MM-DD) of a number of days since 1970-01-01; '' outside years 1-9999."""
    if math.isnan(days) or not _FIRST_DAY <= days < _END_DAY:
        return ""
    return (_EPOCH + timedelta(days=math.floor(days))).isoformat()


def _py_format_date(days: float, parts: list[str]) -> str:
    """format-date(): the moment ``days`` after 1970-01-01 00:00 UTC, to the millisecond."""
    if math.isnan(days):
        return ""
    ms = math.floor(days * _DAY_MS + 0.5) if math.isfinite(days) else 0
    if not math.isfinite(days) or not _FIRST_DAY * _DAY_MS <= ms < _END_DAY * _DAY_MS:
        return ""
    moment = datetime(1970, 1, 1) + timedelta(milliseconds=ms)
    values = {
        "%Y": f"{moment.year:04d}",
        "%y": f"{moment.year % 100:02d}",
        "%m": f"{moment.month:02d}",
        "%n": str(moment.month),
        "%b": _MONTHS[moment.month - 1],
        "%d": f"{moment.day:02d}",
        "%e": str(moment.day),
        "%a": _WEEKDAYS[moment.weekday()],
        "%H": f"{moment.hour:02d}",
        "%h": str(moment.hour),
        "%M": f"{moment.minute:02d}",
        "%S": f"{moment.second:02d}",
        "%3": f"{moment.microsecond // 1000:03d}",
        "%%": "%",
    }
    return "".join(values.get(part, part) for part in parts)


def _now_text(moment: datetime) -> str:
    """now(): the moment in UTC, as JavaScript's Date.toISOString() writes it."""
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def _today_text(moment: datetime) -> str:
    """today(): the date of the moment where it is (its own time zone)."""
    return moment.date().isoformat()


def _py_round(x: float, digits: int) -> float:
    """round(x, digits): half away from zero, scaled by an exact power of ten."""
    if not math.isfinite(x):
        return x
    if digits >= 0:
        factor = float(10**digits)
        rounded = float(math.floor(abs(x) * factor + 0.5)) / factor
    else:
        factor = float(10**-digits)
        rounded = float(math.floor(abs(x) / factor + 0.5)) * factor
    return -rounded if x < 0 else rounded


# -- plain Python evaluation (one respondent) --------------------------------------------------


def _py_number(kind: Kind, value: object) -> float:
    if kind == Kind.NUMBER:
        return float(value)  # type: ignore[arg-type]
    if kind == Kind.BOOLEAN:
        return 1.0 if value else 0.0
    match = _NUMBER_TEXT_RE.fullmatch(str(value))
    return float(match.group(1)) if match else _py_date_days(str(value))


def _py_boolean(kind: Kind, value: object) -> bool:
    if kind == Kind.NUMBER:
        number = float(value)  # type: ignore[arg-type]
        return not math.isnan(number) and number != 0
    if kind == Kind.BOOLEAN:
        return bool(value)
    return value != ""


def _py_string(kind: Kind, value: object) -> str:
    if kind == Kind.BOOLEAN:
        return "true" if value else "false"
    if kind == Kind.NUMBER:
        return _number_text(float(value))  # type: ignore[arg-type]
    return str(value)


def _tokens(text: str) -> list[str]:
    return [t for t in re.split(_SPACE_PATTERN, text) if t]


def _py_divide(a: float, b: float) -> float:
    if b == 0:
        if a == 0 or math.isnan(a):
            return _NAN
        return math.copysign(math.inf, a) * math.copysign(1.0, b)
    return a / b


def _py_truncate(x: float) -> float:
    if not math.isfinite(x):
        return x
    return math.copysign(float(math.floor(abs(x))), x)


def _py_modulo(a: float, b: float) -> float:
    # Truncating remainder, as XPath; computed with the same IEEE steps as the polars version.
    if math.isinf(b) and math.isfinite(a):
        return a
    return a - b * _py_truncate(_py_divide(a, b))


def _py_arithmetic(op: str, a: float, b: float) -> float:
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if op == "div":
        return _py_divide(a, b)
    return _py_modulo(a, b)


def _selected_set(question: Question, scope: _Scope, raw: object) -> set[str]:
    """The known choices ticked in a ``select_multiple`` answer."""
    if raw is None:
        return set()
    if isinstance(raw, str):
        chosen = set(_tokens(raw))
    elif isinstance(raw, Iterable):
        chosen = {str(v) for v in raw}
    else:
        raise TypeError(f"{question.name}: {raw!r} is neither a text nor a list of choices")
    return chosen & set(scope.choice_names[question.name])


def _py_answer(question: Question, scope: _Scope, answers: Mapping[str, object]) -> object:
    raw = answers.get(question.name)
    match question.type:
        case QuestionType.SELECT_MULTIPLE:
            chosen = _selected_set(question, scope, raw)
            return " ".join(c for c in scope.choice_names[question.name] if c in chosen)
        case QuestionType.INTEGER | QuestionType.DECIMAL:
            if raw is None or raw == "":
                return _NAN
            if isinstance(raw, str):
                return _py_number(Kind.STRING, raw)
            return float(raw)  # type: ignore[arg-type]
        case QuestionType.DATE:
            if isinstance(raw, datetime):
                return raw.date().isoformat()
            if isinstance(raw, date):
                return raw.isoformat()
            return "" if raw is None else str(raw)
        case QuestionType.NOTE:
            return ""
    return "" if raw is None else str(raw)


def _py_value(node: Node, scope: _Scope, answers: Mapping[str, object]) -> tuple[Kind, object]:
    kind = _kind(node, scope, deep=False)
    match node:
        case Ref() | Current():
            return kind, _py_answer(scope.question(node), scope, answers)
        case Name():
            return kind, scope.choice_value(node)
        case Literal(value):
            return kind, value if isinstance(value, str) else float(value)
        case Not(operand):
            return kind, not _py_boolean(*_py_value(operand, scope, answers))
        case Neg(operand):
            return kind, -_py_number(*_py_value(operand, scope, answers))
        case Binary(op, left, right):
            return kind, _py_binary(op, left, right, scope, answers)
        case Call("true"):
            return kind, True
        case Call("false"):
            return kind, False
        case Call("selected", (items, value)):
            wanted = _py_string(*_py_value(value, scope, answers)).strip(_XML_SPACE)
            return kind, wanted != "" and wanted in _py_items(items, scope, answers)
        case Call("count-selected", (items,)):
            return kind, float(len(_py_items(items, scope, answers)))
        case Call("number", (operand,)):
            return kind, _py_number(*_py_value(operand, scope, answers))
        case Call("int", (operand,)):
            return kind, _py_truncate(_py_number(*_py_value(operand, scope, answers)))
        case Call(name, args) if name in _TEXT_FUNCTIONS:
            texts = [_py_text(a, scope, answers) for a in args]
            return kind, _py_text_function(name, texts)
        case Call(name, args):
            return kind, _py_function(name, args, kind, scope, answers)
    raise _Problem(f"unsupported expression {to_text(node)!r}", None)


def _py_text(node: Node, scope: _Scope, answers: Mapping[str, object]) -> str:
    """A value as text; the empty answer to a number question is '' (its text), not 'NaN'."""
    kind, value = _py_value(node, scope, answers)
    if kind == Kind.NUMBER and isinstance(node, Ref | Current) and math.isnan(float(value)):  # type: ignore[arg-type]
        return ""
    return _py_string(kind, value)


def _py_as(kind: Kind, node: Node, scope: _Scope, answers: Mapping[str, object]) -> object:
    """``node``'s value converted to ``kind`` (the branches of if() and coalesce())."""
    if kind == Kind.STRING:
        return _py_text(node, scope, answers)
    if kind == Kind.NUMBER:
        return _py_number(*_py_value(node, scope, answers))
    return _py_boolean(*_py_value(node, scope, answers))


def _py_is_empty(kind: Kind, value: object) -> bool:
    return value == "" if kind == Kind.STRING else kind == Kind.NUMBER and math.isnan(value)  # type: ignore[arg-type]


def _choice_labels(question: Question, scope: _Scope) -> Mapping[str, str]:
    return scope.choice_labels.get(question.name, {})


def _py_function(
    name: str, args: tuple[Node, ...], kind: Kind, scope: _Scope, answers: Mapping[str, object]
) -> object:
    def number(node: Node) -> float:
        return _py_number(*_py_value(node, scope, answers))

    match name:
        case "if":
            chosen = args[1] if _py_boolean(*_py_value(args[0], scope, answers)) else args[2]
            return _py_as(kind, chosen, scope, answers)
        case "coalesce":
            head = _py_value(args[0], scope, answers)
            chosen = args[1] if _py_is_empty(*head) else args[0]
            return _py_as(kind, chosen, scope, answers)
        case "sum":
            total = number(args[0])
            for arg in args[1:]:
                total = total + number(arg)
            return total
        case "min" | "max":
            values = [number(a) for a in args]
            if any(math.isnan(v) for v in values):
                return _NAN
            best = values[0]
            for v in values[1:]:
                if (v < best) if name == "min" else (v > best):
                    best = v
            return best
        case "round":
            return _py_round(number(args[0]), _round_digits(args[1]) if len(args) == 2 else 0)
        case "decimal-date-time":
            return number(args[0])
        case "string":
            return _py_text(args[0], scope, answers)
        case "substr":
            text = _py_text(args[0], scope, answers)
            start = number(args[1])
            end = number(args[2]) if len(args) == 3 else float(len(text))
            if math.isnan(start) or math.isnan(end):
                return ""
            first = min(max(_py_truncate(start), 0.0), float(len(text)))
            last = min(max(_py_truncate(end), first), float(len(text)))
            return text[int(first) : int(last)]
        case "selected-at":
            items = _tokens(_py_text(args[0], scope, answers))
            index = _py_truncate(number(args[1]))
            return items[int(index)] if 0 <= index < len(items) else ""
        case "date":
            return _py_date_text(number(args[0]))
        case "today":
            return _today_text(scope.moment())
        case "now":
            return _now_text(scope.moment())
        case "position":
            return float(scope.position)
        case "format-date":
            return _py_format_date(number(args[0]), _date_format(args[1]))
        case "jr:choice-name":
            question = _choice_name_question(args[1], scope)
            labels = _choice_labels(question, scope)
            return labels.get(_py_text(args[0], scope, answers), "")
    raise _Problem(f"unsupported function {name}()", None)


def _py_text_function(name: str, texts: list[str]) -> object:
    match name:
        case "string-length":
            return float(len(texts[0]))
        case "contains":
            return texts[1] in texts[0]
        case "starts-with":
            return texts[0].startswith(texts[1])
        case "regex":
            return re.search(texts[1], texts[0]) is not None
    return "".join(texts)  # concat


def _py_items(node: Node, scope: _Scope, answers: Mapping[str, object]) -> set[str]:
    """The space-separated items of ``selected``'s / ``count-selected``'s first argument."""
    if _is_select_multiple(node, scope):
        question = scope.question(node)
        return _selected_set(question, scope, answers.get(question.name))
    return set(_tokens(_py_string(*_py_value(node, scope, answers))))


def _py_binary(
    op: str, left: Node, right: Node, scope: _Scope, answers: Mapping[str, object]
) -> object:
    left_kind, left_value = _py_value(left, scope, answers)
    if op in _BOOLEAN_OPS:
        # Both sides are always evaluated; there are no side effects, so this is only simpler.
        left_true = _py_boolean(left_kind, left_value)
        right_true = _py_boolean(*_py_value(right, scope, answers))
        return (left_true or right_true) if op == "or" else (left_true and right_true)
    right_kind, right_value = _py_value(right, scope, answers)
    if op in _ARITHMETIC_OPS:
        a, b = _py_number(left_kind, left_value), _py_number(right_kind, right_value)
        return _py_arithmetic(op, a, b)
    if op in _EQUALITY_OPS:
        if Kind.BOOLEAN in (left_kind, right_kind):
            same: bool = _py_boolean(left_kind, left_value) == _py_boolean(right_kind, right_value)
        elif Kind.NUMBER in (left_kind, right_kind):
            a, b = _py_number(left_kind, left_value), _py_number(right_kind, right_value)
            if math.isnan(a) or math.isnan(b):
                return op == "!="
            same = a == b
        else:
            same = left_value == right_value
        return same if op == "=" else not same
    a, b = _py_number(left_kind, left_value), _py_number(right_kind, right_value)
    if math.isnan(a) or math.isnan(b):
        return False
    return {"<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[op]


# -- polars compilation (whole frame) ----------------------------------------------------------


def _let(value: pl.Expr, body: Callable[[pl.Expr], pl.Expr]) -> pl.Expr:
    """``body(value)`` with ``value`` computed once, however often ``body`` uses it.

    A polars expression is a tree: an argument used twice is a copy, so nested functions
    (``substr(format-date(…))``) would grow exponentially (a 1.4 MB expression, 17 s to plan
    for one row). A struct's ``with_fields`` binds its fields by name (``pl.field``), which
    is a ``let``; the row index keeps a literal ``value`` as long as the frame.
    """
    bound = pl.struct(value.alias("value"), pl.int_range(pl.len()).alias("row"))
    return bound.struct.with_fields(body(pl.field("value")).alias("result")).struct.field("result")


def _pl_number(kind: Kind, expr: pl.Expr) -> pl.Expr:
    if kind == Kind.NUMBER:
        return expr
    if kind == Kind.BOOLEAN:
        return expr.cast(pl.Float64)
    return _let(
        expr,
        lambda text: pl.coalesce(
            text.str.extract(_NUMBER_TEXT_PATTERN, 1).cast(pl.Float64), _pl_date_days(text)
        ),
    )


def _pl_date_days(expr: pl.Expr) -> pl.Expr:
    """_py_date_days over a text column: days since 1970-01-01 UTC, null where no date."""
    return _let(expr.str.extract_groups(_DATE_TEXT_PATTERN), _pl_days_of_parts)


def _pl_days_of_parts(parts: pl.Expr) -> pl.Expr:
    def part(i: int) -> pl.Expr:
        return parts.struct.field(str(i))

    day = pl.concat_str([part(1), part(2), part(3)], separator="-")
    days = pl.when(part(1) != "0000").then(
        day.str.to_date("%Y-%m-%d", strict=False).cast(pl.Int32).cast(pl.Float64)
    )
    hour, minute, second = (part(i).cast(pl.Float64) for i in (4, 5, 6))
    zone = part(7)
    zone_hour = zone.str.slice(1, 2).cast(pl.Float64, strict=False)
    zone_minute = zone.str.slice(4, 2).cast(pl.Float64, strict=False)
    no_zone = zone.is_null() | (zone == "Z")
    sign = pl.when(zone.str.starts_with("-")).then(pl.lit(-1.0)).otherwise(pl.lit(1.0))
    offset = pl.when(no_zone).then(pl.lit(0.0)).otherwise((zone_hour * 60 + zone_minute) * sign)
    zone_ok = no_zone | ((zone_hour <= 23) & (zone_minute <= 59))
    time_ok = (hour <= 23) & (minute <= 59) & (second < 60) & zone_ok
    seconds = hour * 3600 + minute * 60 + second
    with_time = days + seconds / 86400 - offset / 1440
    return pl.when(part(4).is_null()).then(days).when(time_ok).then(with_time)


def _pl_number_text(expr: pl.Expr) -> pl.Expr:
    """XPath's number-to-string over a number column (``_number_text``, row by row)."""

    def texts(series: pl.Series) -> pl.Series:
        values = series.cast(pl.Float64)
        return pl.Series([_number_text(_NAN if v is None else v) for v in values], dtype=pl.String)

    return expr.map_batches(texts, return_dtype=pl.String)


def _pl_boolean(kind: Kind, expr: pl.Expr) -> pl.Expr:
    if kind == Kind.BOOLEAN:
        return expr
    if kind == Kind.NUMBER:
        return (expr.fill_nan(None) != 0).fill_null(False)
    return expr != ""


def _pl_string(kind: Kind, expr: pl.Expr) -> pl.Expr:
    if kind == Kind.BOOLEAN:
        return pl.when(expr).then(pl.lit("true")).otherwise(pl.lit("false"))
    # Numbers reach here only as literals (see _require_text), which compile to text directly.
    return expr


def _pl_answer(question: Question, scope: _Scope) -> pl.Expr:
    column = pl.col(question.name)
    match question.type:
        case QuestionType.SELECT_MULTIPLE:
            # replace_strict, not when/then: on columns that are all null polars 2.1 takes
            # when(...).then(lit) inside concat_str for a scalar (one row, not the frame's).
            ticked = [
                pl.col(f"{question.name}/{c}").replace_strict(
                    {True: c}, default=None, return_dtype=pl.String
                )
                for c in scope.choice_names[question.name]
            ]
            if not ticked:
                return pl.lit("")
            joined = pl.concat_str(ticked, separator=" ", ignore_nulls=True)
            return joined.fill_null("")
        case QuestionType.INTEGER | QuestionType.DECIMAL:
            return column.cast(pl.Float64)
        case QuestionType.DATE:
            return column.dt.to_string("%Y-%m-%d").fill_null("")
        case QuestionType.NOTE:
            return pl.lit("")
    return column.cast(pl.String).fill_null("")


def _pl_ticked(question: Question, choice: str) -> pl.Expr:
    return pl.col(f"{question.name}/{choice}").fill_null(False)


def _pl_value(node: Node, scope: _Scope) -> tuple[Kind, pl.Expr]:
    kind = _kind(node, scope, deep=False)
    match node:
        case Ref() | Current():
            return kind, _pl_answer(scope.question(node), scope)
        case Name():
            return kind, pl.lit(scope.choice_value(node), dtype=pl.String)
        case Literal(str() as text):
            return kind, pl.lit(text, dtype=pl.String)
        case Literal(number):
            return kind, pl.lit(float(number), dtype=pl.Float64)
        case Not(operand):
            return kind, ~_pl_boolean(*_pl_value(operand, scope))
        case Neg(operand):
            return kind, -_pl_number(*_pl_value(operand, scope))
        case Binary(op, left, right):
            return kind, _pl_binary(op, left, right, scope)
        case Call("true"):
            return kind, pl.lit(True)
        case Call("false"):
            return kind, pl.lit(False)
        case Call("selected", (items, value)):
            return kind, _pl_selected(items, value, scope)
        case Call("count-selected", (items,)):
            return kind, _pl_count_selected(items, scope)
        case Call("number", (operand,)):
            return kind, _pl_number(*_pl_value(operand, scope))
        case Call("int", (operand,)):
            x = _pl_number(*_pl_value(operand, scope))
            return kind, pl.when(x >= 0).then(x.floor()).otherwise(x.ceil())
        case Call(name, args) if name in _TEXT_FUNCTIONS:
            texts = [_pl_text_argument(a, scope)[1] for a in args]
            return kind, _pl_text_function(name, texts, args)
        case Call(name, args):
            return kind, _pl_function(name, args, kind, scope)
    raise _Problem(f"unsupported expression {to_text(node)!r}", None)


def _pl_text(node: Node, scope: _Scope) -> pl.Expr:
    """_py_text over a frame."""
    kind, expr = _pl_value(node, scope)
    if kind != Kind.NUMBER:
        return _pl_string(kind, expr)
    text = _pl_number_text(expr)
    if isinstance(node, Ref | Current):
        return pl.when(expr.fill_nan(None).is_null()).then(pl.lit("")).otherwise(text)
    return text


def _pl_as(kind: Kind, node: Node, scope: _Scope) -> pl.Expr:
    if kind == Kind.STRING:
        return _pl_text(node, scope)
    if kind == Kind.NUMBER:
        return _pl_number(*_pl_value(node, scope))
    return _pl_boolean(*_pl_value(node, scope))


def _pl_is_empty(kind: Kind, expr: pl.Expr) -> pl.Expr:
    if kind == Kind.STRING:
        return expr == ""
    if kind == Kind.NUMBER:
        return expr.fill_nan(None).is_null()
    return pl.lit(False)


def _pl_date_text(days: pl.Expr) -> pl.Expr:
    """_py_date_text over a frame."""

    def text_of(d: pl.Expr) -> pl.Expr:
        text = d.floor().cast(pl.Int32, strict=False).cast(pl.Date).dt.to_string("%Y-%m-%d")
        ok = (d >= _FIRST_DAY) & (d < _END_DAY)
        return pl.when(ok).then(text).otherwise(pl.lit("")).fill_null("")

    return _let(days.fill_nan(None), text_of)


def _pl_format_date(days: pl.Expr, parts: list[str]) -> pl.Expr:
    """_py_format_date over a frame."""
    chrono = "".join(_DATE_DIRECTIVES[part[1]] if len(part) == 2 else part for part in parts)

    def text_of(ms: pl.Expr) -> pl.Expr:
        ok = ms.is_finite() & (ms >= _FIRST_DAY * _DAY_MS) & (ms < _END_DAY * _DAY_MS)
        text = ms.cast(pl.Int64, strict=False).cast(pl.Datetime("ms")).dt.to_string(chrono)
        return pl.when(ok).then(text).otherwise(pl.lit("")).fill_null("")

    return _let((days.fill_nan(None) * _DAY_MS + 0.5).floor(), text_of)


def _pl_function(name: str, args: tuple[Node, ...], kind: Kind, scope: _Scope) -> pl.Expr:
    def number(node: Node) -> pl.Expr:
        return _pl_number(*_pl_value(node, scope))

    match name:
        case "if":
            condition = _pl_boolean(*_pl_value(args[0], scope))
            then, otherwise = _pl_as(kind, args[1], scope), _pl_as(kind, args[2], scope)
            return pl.when(condition).then(then).otherwise(otherwise)
        case "coalesce":
            empty = _pl_is_empty(*_pl_value(args[0], scope))
            first, second = _pl_as(kind, args[0], scope), _pl_as(kind, args[1], scope)
            return _let(first, lambda value: pl.when(empty).then(second).otherwise(value))
        case "sum":
            total = number(args[0])
            for arg in args[1:]:
                total = total + number(arg)
            return total
        case "min" | "max":
            values = [number(a) for a in args]
            missing = pl.any_horizontal([v.fill_nan(None).is_null() for v in values])

            def better_of(value: pl.Expr) -> Callable[[pl.Expr], pl.Expr]:
                # the first of equal values stays (min(0, -0) is 0, as in Python)
                def pick(best: pl.Expr) -> pl.Expr:
                    better = (value < best) if name == "min" else (value > best)
                    return pl.when(better).then(value).otherwise(best)

                return pick

            best = values[0]
            for value in values[1:]:
                best = _let(best, better_of(value))
            return pl.when(missing).then(pl.lit(_NAN)).otherwise(best)
        case "round":
            digits = _round_digits(args[1]) if len(args) == 2 else 0

            def rounded_half_away(x: pl.Expr) -> pl.Expr:
                if digits >= 0:
                    factor = float(10**digits)
                    rounded = (x.abs() * factor + 0.5).floor() / factor
                else:
                    factor = float(10**-digits)
                    rounded = (x.abs() / factor + 0.5).floor() * factor
                return pl.when(x < 0).then(-rounded).otherwise(rounded)

            return _let(number(args[0]), rounded_half_away)
        case "decimal-date-time":
            return number(args[0])
        case "string":
            return _pl_text(args[0], scope)
        case "substr":
            # str.slice stops at the end by itself and reads a null length as "to the end",
            # so the text is used once: a start or length beyond the end gives what is there.
            text = _pl_text(args[0], scope)
            start = number(args[1]).fill_nan(None)
            end = number(args[2]).fill_nan(None) if len(args) == 3 else None

            def sliced(first: pl.Expr) -> pl.Expr:
                offset = first.cast(pl.Int64, strict=False)
                if end is None:
                    return text.str.slice(offset)
                length = (_pl_truncate(end) - first).clip(lower_bound=0.0)
                return text.str.slice(offset, length.cast(pl.Int64, strict=False))

            # A NaN start or end gives '' (a null offset or length would mean "all").
            missing = start.is_null() if end is None else start.is_null() | end.is_null()
            part = _let(_pl_truncate(start).clip(lower_bound=0.0), sliced)
            return pl.when(missing).then(pl.lit("")).otherwise(part.fill_null(""))
        case "selected-at":
            items = _pl_text(args[0], scope).str.extract_all(_TOKEN_PATTERN)
            index = _pl_truncate(number(args[1]).fill_nan(None))
            valid = (index >= 0) & (index < 2**31)
            at = pl.when(valid).then(index).cast(pl.Int64, strict=False)
            return items.list.get(at, null_on_oob=True).fill_null("")
        case "date":
            return _pl_date_text(number(args[0]))
        case "today":
            return pl.lit(_today_text(scope.moment()), dtype=pl.String)
        case "now":
            return pl.lit(_now_text(scope.moment()), dtype=pl.String)
        case "position":
            if scope.position_column is None:
                return pl.lit(1.0, dtype=pl.Float64)
            return pl.col(scope.position_column).cast(pl.Float64)
        case "format-date":
            return _pl_format_date(number(args[0]), _date_format(args[1]))
        case "jr:choice-name":
            labels = _choice_labels(_choice_name_question(args[1], scope), scope)
            text = _pl_text(args[0], scope)
            if not labels:
                return pl.lit("", dtype=pl.String)
            return text.replace_strict(
                list(labels), list(labels.values()), default="", return_dtype=pl.String
            )
    raise _Problem(f"unsupported function {name}()", None)


def _pl_text_function(name: str, texts: list[pl.Expr], args: tuple[Node, ...]) -> pl.Expr:
    match name:
        case "string-length":
            return texts[0].str.len_chars().cast(pl.Float64)
        case "contains":
            return texts[0].str.contains(texts[1], literal=True)
        case "starts-with":
            return texts[0].str.starts_with(texts[1])
        case "regex":
            pattern = args[1]
            assert isinstance(pattern, Literal) and isinstance(pattern.value, str)
            return texts[0].str.contains(pattern.value)
    return pl.concat_str(texts)  # concat


def _pl_text_argument(node: Node, scope: _Scope) -> tuple[str | None, pl.Expr]:
    """A text argument: its value if known before any data is seen, and the expression."""
    if isinstance(node, Literal):
        text = node.value if isinstance(node.value, str) else _number_text(float(node.value))
        return text, pl.lit(text, dtype=pl.String)
    if isinstance(node, Name):
        text = scope.choice_value(node)
        return text, pl.lit(text, dtype=pl.String)
    return None, _pl_text(node, scope)


def _pl_selected(items: Node, value: Node, scope: _Scope) -> pl.Expr:
    known, value_expr = _pl_text_argument(value, scope)
    if _is_select_multiple(items, scope):
        question = scope.question(items)
        choices = scope.choice_names[question.name]
        if known is not None:
            wanted = known.strip(_XML_SPACE)
            return _pl_ticked(question, wanted) if wanted in choices else pl.lit(False)
        wanted_expr = value_expr.str.strip_chars(_XML_SPACE)
        hits = [_pl_ticked(question, c) & (wanted_expr == c) for c in choices]
        return pl.any_horizontal(hits) if hits else pl.lit(False)
    # Token membership: " a b " contains " a " (whitespace runs normalised to one space).
    _, items_expr = _pl_text_argument(items, scope)
    padded = pl.concat_str(
        [pl.lit(" "), items_expr.str.replace_all(_SPACE_PATTERN, " "), pl.lit(" ")]
    )
    if known is not None:
        wanted = known.strip(_XML_SPACE)
        if wanted == "" or re.search(_SPACE_PATTERN, wanted):
            return pl.lit(False)
        return padded.str.contains(f" {wanted} ", literal=True)
    wanted_expr = value_expr.str.strip_chars(_XML_SPACE)
    found = padded.str.contains(
        pl.concat_str([pl.lit(" "), wanted_expr, pl.lit(" ")]), literal=True
    )
    return found & (wanted_expr != "") & ~wanted_expr.str.contains(_SPACE_PATTERN)


def _pl_count_selected(items: Node, scope: _Scope) -> pl.Expr:
    if _is_select_multiple(items, scope):
        question = scope.question(items)
        ticked = [_pl_ticked(question, c).cast(pl.Int64) for c in scope.choice_names[question.name]]
        return pl.sum_horizontal(ticked).cast(pl.Float64) if ticked else pl.lit(0.0)
    _, items_expr = _pl_text_argument(items, scope)
    return items_expr.str.count_matches(_TOKEN_PATTERN).cast(pl.Float64)


def _pl_truncate(x: pl.Expr) -> pl.Expr:
    return _let(x, lambda v: pl.when(v >= 0).then(v.floor()).otherwise(v.ceil()))


def _pl_arithmetic(op: str, a: pl.Expr, b: pl.Expr) -> pl.Expr:
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if op == "div":
        return a / b

    # polars' own % is a floored remainder; XPath's mod truncates (see _py_modulo).
    def modulo(pair: pl.Expr) -> pl.Expr:
        a, b = pair.struct.field("a"), pair.struct.field("b")
        remainder = a - b * _pl_truncate(a / b)
        return pl.when(b.is_infinite() & a.is_finite()).then(a).otherwise(remainder)

    return _let(pl.struct(a.alias("a"), b.alias("b")), modulo)


def _may_be_nan(node: Node, kind: Kind, scope: _Scope) -> bool:
    """Whether ``node``'s number can be NaN (not just null): a decimal answer, arithmetic or a
    function (``max()`` of empty answers, ``number('x')``, ``if()`` choosing either).

    Integer answers and literals never are, so their comparisons can skip the NaN-to-null
    step (which costs a pass over the column).
    """
    if kind != Kind.NUMBER:
        return False
    match node:
        case Ref() | Current():
            return scope.question(node).type == QuestionType.DECIMAL
        case Binary() | Neg() | Call():
            return True
    return False


def _pl_comparable(node: Node, kind: Kind, expr: pl.Expr, scope: _Scope) -> pl.Expr:
    """A number with NaN turned into null, so that polars' NaN ordering (NaN == NaN, NaN
    greater than everything) never applies: every comparison with null is then false."""
    number = _pl_number(kind, expr)
    return number.fill_nan(None) if _may_be_nan(node, kind, scope) else number


def _pl_binary(op: str, left: Node, right: Node, scope: _Scope) -> pl.Expr:
    left_kind, left_expr = _pl_value(left, scope)
    right_kind, right_expr = _pl_value(right, scope)
    if op in _BOOLEAN_OPS:
        a, b = _pl_boolean(left_kind, left_expr), _pl_boolean(right_kind, right_expr)
        return (a | b) if op == "or" else (a & b)
    if op in _ARITHMETIC_OPS:
        a, b = _pl_number(left_kind, left_expr), _pl_number(right_kind, right_expr)
        return _pl_arithmetic(op, a, b)
    if op in _EQUALITY_OPS:
        if Kind.BOOLEAN in (left_kind, right_kind):
            a, b = _pl_boolean(left_kind, left_expr), _pl_boolean(right_kind, right_expr)
            return (a == b) if op == "=" else (a != b)
        if Kind.STRING == left_kind == right_kind:
            return (left_expr == right_expr) if op == "=" else (left_expr != right_expr)
    a = _pl_comparable(left, left_kind, left_expr, scope)
    b = _pl_comparable(right, right_kind, right_expr, scope)
    compared = {"=": a == b, "!=": a != b, "<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}
    # NaN (null here) equals nothing and differs from everything; it is neither < nor >.
    return compared[op].fill_null(op == "!=")


# -- public lower-level API --------------------------------------------------------------------


def _all_rows(expr: pl.Expr) -> pl.Expr:
    """``expr`` as a full-length column even when it is a constant (``pl.lit`` would be 1 row;
    over columns that are all null polars 2.1 may also take a comparison with a literal for a
    scalar, which no frame can take)."""
    return pl.when(pl.repeat(True, pl.len())).then(expr)


def _lowered(problem: _Problem, node: Node, current: str | None) -> ExpressionError:
    # Without the source text, positions would point into a different string: leave them out.
    return ExpressionError(
        problem.message, expression=to_text(node), question=current, field="expression"
    )


def to_polars(
    node: Node,
    questionnaire: Questionnaire,
    *,
    current: str | None = None,
    choice: Choice | None = None,
    now: datetime | None = None,
    position: str | None = None,
) -> pl.Expr:
    """The expression's value over the canonical frame (string, number or boolean column).

    ``current`` is the question ``.`` stands for; ``choice`` gives bare names their values;
    ``position`` names the column of each row's repeat entry index (``position(..)``; 1 when
    None, as outside a repeat).
    """
    scope = replace(
        _Scope.of(questionnaire), current=current, choice=choice, now=now, position_column=position
    )
    try:
        _check(node, scope)
        return _all_rows(_pl_value(node, scope)[1])
    except _Problem as problem:
        raise _lowered(problem, node, current) from None


def to_polars_condition(
    node: Node,
    questionnaire: Questionnaire,
    *,
    current: str | None = None,
    choice: Choice | None = None,
    now: datetime | None = None,
    position: str | None = None,
) -> pl.Expr:
    """The expression as a never-null Boolean column (XPath ``boolean()``: NaN and '' are false).

    Always a full-length column, even for a constant such as ``true()``.
    """
    scope = replace(
        _Scope.of(questionnaire), current=current, choice=choice, now=now, position_column=position
    )
    try:
        _check(node, scope)
        return _all_rows(_pl_boolean(*_pl_value(node, scope)))
    except _Problem as problem:
        raise _lowered(problem, node, current) from None


def evaluate(
    node: Node,
    answers: Mapping[str, object],
    questionnaire: Questionnaire,
    *,
    current: str | None = None,
    choice: Choice | None = None,
    now: datetime | None = None,
    position: int = 1,
) -> object:
    """The expression's value for one respondent: ``str``, ``float`` (NaN = empty) or ``bool``.

    ``position``: the index of the current repeat entry (``position(..)``; 1-based)."""
    scope = replace(
        _Scope.of(questionnaire), current=current, choice=choice, now=now, position=position
    )
    try:
        _check(node, scope)
        return _py_value(node, scope, answers)[1]
    except _Problem as problem:
        raise _lowered(problem, node, current) from None


def evaluate_condition(
    node: Node,
    answers: Mapping[str, object],
    questionnaire: Questionnaire,
    *,
    current: str | None = None,
    choice: Choice | None = None,
    now: datetime | None = None,
    position: int = 1,
) -> bool:
    scope = replace(
        _Scope.of(questionnaire), current=current, choice=choice, now=now, position=position
    )
    try:
        _check(node, scope)
        return _py_boolean(*_py_value(node, scope, answers))
    except _Problem as problem:
        raise _lowered(problem, node, current) from None


# -- form logic --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Parsed:
    text: str
    node: Node


class FormLogic:
    """Every ``relevant``, ``constraint`` and ``choice_filter`` of a questionnaire, parsed once.

    Construction raises :class:`ExpressionError` (naming the question and the expression) for
    anything that does not parse, a ``${ref}`` to an unknown question, a ``.`` where there is
    no question, or a bare name in a ``choice_filter`` that is not a column of the choice list.
    Compiled polars expressions are cached per question.
    """

    def __init__(self, questionnaire: Questionnaire, *, now: datetime | None = None) -> None:
        """``now``: the moment ``today()`` and ``now()`` read (None: the clock, when used)."""
        self.questionnaire = questionnaire
        self._scope = replace(_Scope.of(questionnaire), now=now)
        self._questions = dict(self._scope.questions)
        self._question_groups: dict[str, tuple[Group, ...]] = {
            q.name: groups for q, groups in questionnaire.walk()
        }
        self._group_chain: dict[str, tuple[Group, ...]] = {}
        self._group_relevant: dict[str, _Parsed] = {}
        self._relevant: dict[str, _Parsed] = {}
        self._constraint: dict[str, _Parsed] = {}
        self._choice_filter: dict[str, _Parsed] = {}
        self._cache: dict[tuple[str, str], pl.Expr] = {}
        errors: list[ExpressionError] = []
        try:
            self._parse_groups(questionnaire.survey, ())
        except ExpressionError as error:
            errors.append(error)
        for question in self._questions.values():
            try:
                self._parse_question(question)
            except ExpressionError as error:
                errors.append(error)
        self._clocked = {
            name
            for table in (self._relevant, self._constraint, self._choice_filter)
            for name, parsed in table.items()
            if any(isinstance(n, Call) and n.name in _CLOCK_FUNCTIONS for n in walk(parsed.node))
        }
        if any(
            isinstance(n, Call) and n.name in _CLOCK_FUNCTIONS
            for parsed in self._group_relevant.values()
            for n in walk(parsed.node)
        ):
            self._clocked |= set(self._questions) | set(self._group_chain)
        if errors:
            # Every expression that does not parse, one line each (the first one raised).
            first = errors[0]
            first.lines = [str(e) for e in errors]
            raise first

    # -- construction ----------------------------------------------------------------------
    def _parse_groups(self, items: list, parents: tuple[Group, ...]) -> None:
        for item in items:
            if not isinstance(item, Group):
                continue
            chain = (*parents, item)
            self._group_chain[item.name] = chain
            if item.relevant and item.relevant.strip():
                self._group_relevant[item.name] = self._checked(
                    item.relevant, item.name, "relevant", self._scope, item="group"
                )
            self._parse_groups(item.items, chain)

    def _parse_question(self, question: Question) -> None:
        scope = replace(self._scope, current=question.name)
        name = question.name
        if question.relevant and question.relevant.strip():
            self._relevant[name] = self._checked(question.relevant, name, "relevant", scope)
        if question.constraint and question.constraint.strip():
            self._constraint[name] = self._checked(question.constraint, name, "constraint", scope)
        if question.choice_filter and question.choice_filter.strip():
            parsed = self._checked(question.choice_filter, name, "choice_filter", scope)
            if question.type in SELECT_TYPES:
                self._check_choice_columns(question, parsed)
                for choice in self.questionnaire.choice_list(question).choices:
                    self._check(parsed, name, "choice_filter", replace(scope, choice=choice))
                self._choice_filter[name] = parsed

    def _checked(
        self, text: str, name: str, field: str, scope: _Scope, item: str = "question"
    ) -> _Parsed:
        try:
            node = parse(text, question=name, field=field)
        except ExpressionError as error:
            error.item = item
            raise
        parsed = _Parsed(text, node)
        if field != "choice_filter":  # checked per choice, once its columns are known
            self._check(parsed, name, field, scope, item)
        return parsed

    @staticmethod
    def _check(
        parsed: _Parsed, name: str, field: str, scope: _Scope, item: str = "question"
    ) -> None:
        try:
            _check(parsed.node, scope)
        except _Problem as problem:
            raise ExpressionError(
                problem.message,
                expression=parsed.text,
                question=name,
                field=field,
                position=problem.position,
                item=item,
            ) from None

    def _check_choice_columns(self, question: Question, parsed: _Parsed) -> None:
        choice_list = self.questionnaire.choice_list(question)
        columns = {"name"} | {key for c in choice_list.choices for key in c.filters}
        for node in walk(parsed.node):
            if isinstance(node, Name) and node.name not in columns:
                raise ExpressionError(
                    f"{node.name!r} is not a column of choice list {choice_list.name!r} "
                    f"(columns: {', '.join(sorted(columns))})",
                    expression=parsed.text,
                    question=question.name,
                    field="choice_filter",
                    position=node.pos,
                )

    # -- helpers ---------------------------------------------------------------------------
    def _question(self, name: str) -> Question:
        if name not in self._questions:
            raise KeyError(f"unknown question {name!r}")
        return self._questions[name]

    def relevance(self, name: str) -> list[tuple[Node, str | None]]:
        """Every condition deciding whether a question (or group) is shown, outermost group
        first, with the question that ``.`` stands for (None inside a group's condition)."""
        return self._relevance(name)

    def _relevance(self, name: str) -> list[tuple[Node, str | None]]:
        """(condition, what '.' means) for every relevant deciding whether ``name`` is shown."""
        if name in self._questions:
            groups = self._question_groups[name]
            own: list[tuple[Node, str | None]] = (
                [(self._relevant[name].node, name)] if name in self._relevant else []
            )
        elif name in self._group_chain:
            groups, own = self._group_chain[name], []
        else:
            raise KeyError(f"unknown question or group {name!r}")
        chain: list[tuple[Node, str | None]] = [
            (self._group_relevant[g.name].node, None)
            for g in groups
            if g.name in self._group_relevant
        ]
        return chain + own

    def _pl_condition(
        self, node: Node, current: str | None, choice: Choice | None = None
    ) -> pl.Expr:
        scope = replace(self._scope, current=current, choice=choice)
        return _pl_boolean(*_pl_value(node, scope))

    def _py_condition(
        self,
        node: Node,
        answers: Mapping[str, object],
        current: str | None,
        choice: Choice | None = None,
    ) -> bool:
        scope = replace(self._scope, current=current, choice=choice)
        return _py_boolean(*_py_value(node, scope, answers))

    def _pl_empty(self, question: Question) -> pl.Expr:
        """True where the question has no answer."""
        if question.type == QuestionType.NOTE:
            return pl.lit(True)
        if question.type == QuestionType.SELECT_MULTIPLE:
            ticked = [_pl_ticked(question, c) for c in self._scope.choice_names[question.name]]
            return ~pl.any_horizontal(ticked) if ticked else pl.lit(True)
        if question.type.can(Capability.NUMBER):
            return pl.col(question.name).cast(pl.Float64).fill_nan(None).is_null()
        if question.type == QuestionType.DATE:
            return pl.col(question.name).is_null()
        return pl.col(question.name).cast(pl.String).fill_null("") == ""

    def _py_empty(self, question: Question, answers: Mapping[str, object]) -> bool:
        value = _py_answer(question, self._scope, answers)
        return value == "" or (isinstance(value, float) and math.isnan(value))

    def _choice_groups(self, name: str) -> list[tuple[list[str], Choice]]:
        """Choices that the filter cannot tell apart (same values in every column it reads),
        each with one representative: the filter is compiled once per group, not per choice."""
        question = self._question(name)
        columns = sorted(bare_names(self._choice_filter[name].node))
        groups: dict[tuple[str, ...], tuple[list[str], Choice]] = {}
        for choice in self.questionnaire.choice_list(question).choices:
            probe = replace(self._scope, choice=choice)
            key = tuple(probe.choice_value(Name(c)) for c in columns)
            groups.setdefault(key, ([], choice))[0].append(choice.name)
        return list(groups.values())

    def _cached(self, key: tuple[str, str], build: Callable[[], pl.Expr]) -> pl.Expr:
        if key not in self._cache:
            expr = build()
            if key[1] in self._clocked:  # today() and now() are read anew on every call
                return expr
            self._cache[key] = expr
        return self._cache[key]

    # -- vectorised ------------------------------------------------------------------------
    def shown(self, name: str) -> pl.Expr:
        """Boolean, never null: every enclosing group's relevant and the own one are true.

        ``name`` may also be a group.
        """

        def build() -> pl.Expr:
            conditions = [self._pl_condition(n, cur) for n, cur in self._relevance(name)]
            return _all_rows(pl.all_horizontal(conditions) if conditions else pl.lit(True))

        return self._cached(("shown", name), build)

    def constraint_ok(self, name: str) -> pl.Expr:
        """Boolean, never null: no constraint, an empty answer, or the constraint holds.

        Says nothing about relevance: combine with :meth:`shown` where that matters.
        """
        question = self._question(name)

        def build() -> pl.Expr:
            if name not in self._constraint:
                return _all_rows(pl.lit(True))
            condition = self._pl_condition(self._constraint[name].node, name)
            return _all_rows(self._pl_empty(question) | condition)

        return self._cached(("constraint", name), build)

    def choice_allowed(self, name: str) -> pl.Expr:
        """Boolean, never null: no choice_filter, an empty answer, or every chosen choice passes
        the filter given the row (a value outside the choice list never passes)."""
        question = self._question(name)

        def build() -> pl.Expr:
            if name not in self._choice_filter:
                return _all_rows(pl.lit(True))
            node = self._choice_filter[name].node
            if question.type == QuestionType.SELECT_MULTIPLE:
                ok = pl.lit(True)
                for choice_names, choice in self._choice_groups(name):
                    chosen = pl.any_horizontal([_pl_ticked(question, c) for c in choice_names])
                    ok = ok & (~chosen | self._pl_condition(node, name, choice))
                return _all_rows(ok)
            value = pl.col(name).cast(pl.String)
            passes = pl.lit(False)
            for choice_names, choice in self._choice_groups(name):
                chosen = value.is_in(choice_names).fill_null(False)
                passes = passes | (chosen & self._pl_condition(node, name, choice))
            return _all_rows(value.fill_null("").eq("") | passes)

        return self._cached(("choice", name), build)

    # -- one respondent --------------------------------------------------------------------
    def is_shown(self, name: str, answers: Mapping[str, object]) -> bool:
        return all(self._py_condition(n, answers, cur) for n, cur in self._relevance(name))

    def constraint_holds(self, name: str, answers: Mapping[str, object]) -> bool:
        question = self._question(name)
        if name not in self._constraint or self._py_empty(question, answers):
            return True
        return self._py_condition(self._constraint[name].node, answers, name)

    def allowed_choices(self, name: str, answers: Mapping[str, object]) -> list[str]:
        """Names of the choices offered to this respondent, in list order."""
        question = self._question(name)
        if not question.list_name:
            return []
        choices = self.questionnaire.choice_list(question).choices
        if name not in self._choice_filter:
            return [c.name for c in choices]
        node = self._choice_filter[name].node
        return [c.name for c in choices if self._py_condition(node, answers, name, c)]

    def choice_holds(self, name: str, answers: Mapping[str, object]) -> bool:
        """One respondent's :meth:`choice_allowed`."""
        question = self._question(name)
        if name not in self._choice_filter or self._py_empty(question, answers):
            return True
        allowed = set(self.allowed_choices(name, answers))
        raw = answers.get(name)
        if question.type == QuestionType.SELECT_MULTIPLE:
            return _selected_set(question, self._scope, raw) <= allowed
        return str(raw) in allowed

    # -- introspection ---------------------------------------------------------------------
    def expression(self, name: str, field: str) -> Node | None:
        """The parsed ``relevant`` / ``constraint`` / ``choice_filter`` of a question or group."""
        table = {
            "relevant": self._relevant,
            "constraint": self._constraint,
            "choice_filter": self._choice_filter,
        }[field]
        parsed = table.get(name) or (
            self._group_relevant.get(name) if field == "relevant" else None
        )
        return parsed.node if parsed else None
