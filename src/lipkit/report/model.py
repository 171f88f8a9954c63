"""The report as a document model that the HTML, PDF and DOCX writers all render.

The builder (``lipkit.report.build``) turns chapters, data, interviews and recommendations
into a :class:`Document`: a flat list of blocks per chapter, with every figure and table
numbered and every number already formatted and checked against the privacy rules. The
writers only lay it out; none of them computes or looks at response data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from string import Formatter
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from lipkit.report.charts import Rendered


# "Abbildung 12", "Tabelle 2", "HE 10", "Kapitel 3", "n = 5", "n < 5": never broken apart.
_BOUND = re.compile(
    r"\b(Abbildung|Abbildungen|Tabelle|Tabellen|Figure|Figures|Table|Tables|HE|R|Kapitel|"
    r"Chapter|Dez\.|Dept\.|Dezernat|Department|Nr\.|No\.|S\.|p\.) (?=[0-9IVX])"
)
_RELATION = re.compile(r"\b([nk]) ([=<>≤≥]) (?=\d)")


def nbsp(text: str) -> str:
    """``text`` with no-break spaces where a line break would split a unit of meaning."""
    text = _BOUND.sub("\\1\u00a0", text)
    text = _RELATION.sub("\\1\u00a0\\2\u00a0", text)
    return text.replace(" %", "\u00a0%")


def anchor(id: str) -> str:
    """An HTML id (and link target) from a figure/table/quote id (which may contain '#')."""
    return "x-" + re.sub(r"[^A-Za-z0-9_-]", "-", id)


@dataclass(frozen=True)
class Run:
    """A piece of inline text with its emphasis, a link or a footnote."""

    text: str
    bold: bool = False
    italic: bool = False
    link: str = ""  # "#html-id" inside the report (a cross-reference), else a URL
    footnote: str = ""  # the footnote's text; the run's text is then empty
    lang: str = ""  # the text's language where it is not the report's (a plan's German report)


Inline = tuple[Run, ...]
# A figure's or table's note: plain text, or runs where part of it is in another language.
Note = str | Inline


def plain(inline: Inline) -> str:
    return "".join(run.text for run in inline)


def runs(text: str | Inline) -> Inline:
    """A note or caption as runs (plain text is one run in the report's language)."""
    return (Run(text),) if isinstance(text, str) else text


def filled(template: str, **values: str | Inline) -> Inline:
    """A catalogue text with its placeholders filled: a value given as runs keeps its runs
    (and so its language mark), the catalogue's words are in the report's language."""
    out: list[Run] = []
    for literal, name, spec, _ in Formatter().parse(template):
        if literal:
            out.append(Run(literal))
        if name is not None:
            value = values[name]
            out += [Run(format(value, spec or ""))] if isinstance(value, str) else value
    return tuple(out)


@dataclass(frozen=True)
class Heading:
    level: int  # 1 = chapter, 2 = section, 3 = subsection
    number: str  # "3.2"
    text: str
    anchor: str


@dataclass(frozen=True)
class Paragraph:
    inline: Inline


@dataclass(frozen=True)
class ListBlock:
    items: tuple[Inline, ...]
    ordered: bool = False


@dataclass(frozen=True)
class Cell:
    text: str
    shade: int | None = None  # shading class 0, 1, 2 (low, middle, high); None = unshaded
    suppressed: bool = False  # "n < k, nicht ausgewiesen"
    inline: Inline = ()  # the same text as runs with links; writers prefer it when given
    lang: str = ""  # the text's language where it is not the report's (a plan's German title)


@dataclass(frozen=True)
class Table:
    id: str
    number: int
    caption: str  # without "Tabelle N – "
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    notes: tuple[Note, ...] = ()  # base, suppression, sources
    legend: tuple[str, ...] = ()  # one text per shading class, when cells are shaded
    numeric_from: int = 1  # columns from this index on are right-aligned numbers
    landscape: bool = False  # too wide for a portrait page even when transposed
    lang: str = ""  # the language of the first column's texts, where it is not the report's
    header_rows: bool = True  # the first column holds row headers
    # The caption as runs where part of it is in another language (a label without an
    # English version); the writers prefer it when given.
    caption_inline: Inline = ()


@dataclass(frozen=True)
class Figure:
    id: str
    number: int
    caption: str  # without "Abbildung N – ", ending with "(n=…)"
    alt: str  # text alternative generated from the data
    chart: Rendered  # .svg for HTML and PDF (vector), .png (300 dpi) for DOCX
    width_cm: float  # printed width
    height_cm: float
    notes: tuple[Note, ...] = ()
    table: Table | None = None  # shown beside the figure (word cloud frequencies)
    raster: str = ""  # "png" or "jpeg" for a picture from a chapter (chart.png holds it)
    caption_inline: Inline = ()  # as Table.caption_inline

    @property
    def svg(self) -> bytes:
        return self.chart.svg

    @property
    def png(self) -> bytes:
        return self.chart.png


@dataclass(frozen=True)
class Quote:
    id: str
    text: str
    source: str  # "Quelle: Interview_FBL_07, Fachbereichsleitung"
    lang: str = ""  # the quote's language where it is not the report's


@dataclass(frozen=True)
class Recommendation:
    number: int
    label: str  # "HE 3"
    title: str
    text: tuple[Paragraph, ...]
    evidence: tuple[str, ...]  # "Abbildung 21", "Tabelle 2", "Interview_FBL_07"
    anchor: str
    level: int = 3  # heading level of its title: one below the section it stands in


@dataclass(frozen=True)
class Notice:
    """A placeholder for something that may not be shown (e.g. too few open answers)."""

    text: str


@dataclass(frozen=True)
class Box:
    """A framed box at the end of a section: the recommendations it leads to."""

    title: str  # "Handlungsempfehlungen"
    items: tuple[Inline, ...]


Block = Heading | Paragraph | ListBlock | Table | Figure | Quote | Recommendation | Notice | Box


@dataclass(frozen=True)
class Look:
    """The city's look (report.yaml): font, colours, logo; empty values keep the defaults."""

    font: Path | None = None
    logo: Path | None = None
    palette: tuple[str, ...] = ()
    shading: tuple[str, ...] = ()
    accent: str = ""


@dataclass(frozen=True)
class Words:
    """The fixed words of a report in one language."""

    figure: str
    table: str
    contents: str
    figures: str
    tables: str
    source: str
    not_shown: str
    evidence: str
    recommendation: str
    recommendation_short: str
    page: str
    footnotes: str = "Anmerkungen"


@dataclass
class Document:
    title: str
    subtitle: str
    author: str
    date: str
    language: Literal["de", "en"] | str
    words: Words
    commissioned_by: str = ""
    look: Look = field(default_factory=Look)
    blocks: list[Block] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def figures(self) -> list[Figure]:
        return [b for b in self.blocks if isinstance(b, Figure)]

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    @property
    def headings(self) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading)]
