# ruff: noqa: E501  (cases as a table)
"""Labels may carry **bold** and *italic*; everything else is shown as written, escaped."""

from __future__ import annotations

import pytest

from lipkit.survey.templatetags.survey_markup import markup


@pytest.mark.parametrize(
    ("label", "html"),
    [
        ("Wie **stark** ist der *Einfluss*?", "Wie <strong>stark</strong> ist der <em>Einfluss</em>?"),
        ("Bürger*innen und Kund*innen", "Bürger*innen und Kund*innen"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ('**<img src=x onerror="x()">**', "<strong>&lt;img src=x onerror=&quot;x()&quot;&gt;</strong>"),
        ("Zeile 1\nZeile 2", "Zeile 1<br>Zeile 2"),
        ("3 * 4 * 5", "3 * 4 * 5"),
        (None, ""),
    ],
)  # fmt: skip
def test_markup(label, html):
    assert markup(label) == html
