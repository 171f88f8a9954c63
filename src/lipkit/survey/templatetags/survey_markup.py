"""A small, safe Markdown subset for questionnaire labels: **bold**, *italic*, line breaks.

Everything is escaped first; only these marks become tags, so a label can never inject HTML.
"""

from __future__ import annotations

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?![*\w])")


@register.filter
def markup(text: str | None) -> SafeString:
    html = str(escape(text or ""))
    html = _BOLD.sub(r"<strong>\1</strong>", html)
    html = _ITALIC.sub(r"<em>\1</em>", html)
    return mark_safe(html.replace("\n", "<br>"))


@register.filter
def fmt(text: str, value: object) -> str:
    """``{{ t.page_of|fmt:… }}`` helper: fills the first ``{…}`` placeholder."""
    return re.sub(r"\{[a-z]+\}", str(value), text, count=1)
