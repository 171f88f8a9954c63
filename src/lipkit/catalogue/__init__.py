"""One message catalogue: every text a user sees, by code, in German and English.

``text(code, language, **params)`` gives a text; ``group(area, language)`` the word table
of an area; :class:`Text` is a message made where the language is not known yet and rendered
where it is. The entries live in one module per area (``data``, ``tables``, ``study``,
``cli``, …); ``tests/test_catalogue.py`` requires both languages for every code, and that
every code the source uses exists and every code is used.
"""

from __future__ import annotations

from lipkit.catalogue import (  # noqa: F401  (each defines its entries)
    analysis,
    cli,
    controlling,
    data,
    exhibits,
    forms,
    report,
    study,
    survey,
    survey_controlling,
    survey_team,
    tables,
    writers,
)
from lipkit.catalogue.core import (
    CATALOGUE,
    DEFAULT_LANGUAGE,
    LANGUAGES,
    Message,
    Text,
    group,
    language_of,
    render,
    text,
)

__all__ = [
    "CATALOGUE",
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "Message",
    "Text",
    "group",
    "language_of",
    "render",
    "text",
]
