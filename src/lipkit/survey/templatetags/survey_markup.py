"""Small, safe Markdown subsets.

- ``markup`` for questionnaire labels: **bold**, *italic*, line breaks. Everything is escaped
  first; only these marks become tags, so a label can never inject HTML.
- ``prose`` for the texts the team writes for respondents (introduction, privacy note,
  imprint): paragraphs, line breaks, **bold**, *italic*, lists and links, through
  markdown-it-py with raw HTML switched off (``<b>`` stays text) and its link check (no
  ``javascript:`` or ``data:`` links); no headings, so the page's own outline stays intact.
"""

from __future__ import annotations

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

register = template.Library()

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?![*\w])")


@register.filter
def markup(text: str | None) -> SafeString:
    html = str(escape(text or ""))
    html = _BOLD.sub(r"<strong>\1</strong>", html)
    html = _ITALIC.sub(r"<em>\1</em>", html)
    return mark_safe(html.replace("\n", "<br>"))


_PROSE = MarkdownIt("zero", {"breaks": True, "html": False}).enable(
    ["emphasis", "link", "list", "newline"]
)


@register.filter
def prose(text: str | None) -> SafeString:
    return mark_safe(_PROSE.render(text or ""))


@register.filter
def fmt(text: str, value: object) -> str:
    """``{{ t.page_of|fmt:… }}`` helper: fills the first ``{…}`` placeholder."""
    return re.sub(r"\{[a-z]+\}", str(value), text, count=1)
