"""The catalogue's machinery: one :class:`Message` per code, a German and an English text.

Texts are ``str.format`` templates; their parameters are named (``{options}``). The
catalogue imports no other lipkit package, so that every layer — the study model included —
may use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

LANGUAGES = ("de", "en")
DEFAULT_LANGUAGE = "de"


@dataclass(frozen=True)
class Message:
    """One user-facing text: its code and its German and English template."""

    code: str
    de: str
    en: str

    def template(self, language: str = DEFAULT_LANGUAGE) -> str:
        return self.en if language == "en" else self.de

    def format(self, language: str = DEFAULT_LANGUAGE, **params: Any) -> str:
        return self.template(language).format(**params)


CATALOGUE: dict[str, Message] = {}


def define(area: str, entries: dict[str, tuple[str, str]]) -> None:
    """Add ``area.name`` for every ``name: (German, English)`` of ``entries``."""
    for name, (de, en) in entries.items():
        code = f"{area}.{name}"
        if code in CATALOGUE:
            raise ValueError(f"message code {code!r} is defined twice")
        CATALOGUE[code] = Message(code, de, en)


def language_of(language: str | None) -> str:
    """``de`` or ``en``; anything else (empty, unknown) is the default, German."""
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def text(code: str, language: str | None = DEFAULT_LANGUAGE, **params: Any) -> str:
    """The text of ``code`` in ``language`` (German unless ``en``), filled with ``params``."""
    return CATALOGUE[code].format(language_of(language), **params)


def group(area: str, language: str | None = DEFAULT_LANGUAGE) -> dict[str, str]:
    """Every text of ``area`` (``area.name`` → ``name``) in one language: the word tables of
    the CLI, report and dashboard. Templates stay unfilled (``{k}``)."""
    prefix = area + "."
    lang = language_of(language)
    return {
        code[len(prefix) :]: message.template(lang)
        for code, message in CATALOGUE.items()
        if code.startswith(prefix)
    }


class Text(str):
    """A catalogue text that can be rendered again in the other language.

    Its value as a ``str`` is the English text (for developers, logs and tests, and so that
    comparisons with plain English strings keep working); :meth:`render` gives it in any
    language. Used where a message is made deep in a layer that does not know the user's
    language (a data issue, a form error) and shown by a layer that does.
    """

    code: str
    params: dict[str, Any]

    def __new__(cls, code: str, /, **params: Any) -> Text:
        value = super().__new__(cls, text(code, "en", **params))
        value.code = code
        value.params = params
        return value

    def render(self, language: str | None = DEFAULT_LANGUAGE) -> str:
        """The text in ``language``; a parameter that is a :class:`Text` itself (a word such
        as "none") is rendered in the same language."""
        params = {k: render(v, language) for k, v in self.params.items()}
        return text(self.code, language, **params)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.code, self.params))


def _rebuild(code: str, params: dict[str, Any]) -> Text:
    return Text(code, **params)


def render(value: Any, language: str | None = DEFAULT_LANGUAGE) -> Any:
    """A :class:`Text` — or anything else that renders itself in a language, such as a form
    error given as a parameter — in ``language``; any other value as it is."""
    if isinstance(value, Text):
        return value.render(language)
    method = getattr(value, "render", None)
    return method(language) if callable(method) and not isinstance(value, str) else value
