"""Build the report's :class:`~lipkit.report.model.Document` from a study folder.

Chapters are Markdown with ``{{ … }}`` calls (``docs/report.md``). They are rendered with a
sandboxed Jinja2 environment whose functions look numbers up in
:class:`~lipkit.report.numbers.Results`; a figure or table call leaves a placeholder
paragraph that is replaced by the numbered block when the Markdown is converted. References
(``ref()``, a recommendation's evidence) are resolved once every chapter is read, so they may
point forward.
"""

from __future__ import annotations

import re
import traceback
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeGuard

import polars as pl
from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment
from markdown_it import MarkdownIt

from lipkit.analysis.engine import BASES, Base
from lipkit.display import format_number, format_percent
from lipkit.errors import UserError
from lipkit.report import sources
from lipkit.report.exhibits import (
    CellContent,
    Exhibits,
    FigureContent,
    TableContent,
    Unavailable,
)
from lipkit.report.model import (
    Block,
    Cell,
    Document,
    Figure,
    Heading,
    Inline,
    ListBlock,
    Notice,
    Paragraph,
    Quote,
    Recommendation,
    Run,
    Table,
    Words,
)
from lipkit.report.numbers import GroupRef, Results
from lipkit.study.model import QuestionType, Study, label_text

WORDS = {
    "de": Words(
        figure="Abbildung",
        table="Tabelle",
        contents="Inhalt",
        figures="Abbildungsverzeichnis",
        tables="Tabellenverzeichnis",
        source="Quelle",
        not_shown="nicht ausgewiesen",
        evidence="Grundlage",
        recommendation="Handlungsempfehlung",
        recommendation_short="HE",
        page="Seite",
    ),
    "en": Words(
        figure="Figure",
        table="Table",
        contents="Contents",
        figures="List of figures",
        tables="List of tables",
        source="Source",
        not_shown="not shown",
        evidence="Based on",
        recommendation="Recommendation",
        recommendation_short="R",
        page="page",
    ),
}

TEXT = {
    "de": {
        "codes_caption": "Codes der Interviews",
        "code": "Code",
        "interviews": "Interviews",
        "passages": "Textstellen",
        "rec_caption": "Übersicht der Handlungsempfehlungen",
        "number": "Nr.",
        "recommendation": "Empfehlung",
        "quote_open": "„",
        "quote_close": "“",
        "method": "Methode",
        "method_text": "An der Onlineumfrage haben {{ n() }} Personen teilgenommen. Ergebnisse "
        "werden nur für Gruppen mit mindestens {{ k }} Befragten ausgewiesen.",
        "results": "Ergebnisse",
    },
    "en": {
        "codes_caption": "Codes of the interviews",
        "code": "Code",
        "interviews": "Interviews",
        "passages": "Passages",
        "rec_caption": "Overview of the recommendations",
        "number": "No.",
        "recommendation": "Recommendation",
        "quote_open": "“",
        "quote_close": "”",
        "method": "Method",
        "method_text": "{{ n() }} people took part in the online survey. Results are shown only "
        "for groups of at least {{ k }} respondents.",
        "results": "Results",
    },
}

BLOCK_MARK = re.compile(r"@@BLOCK(\d+)@@")
BLOCK_LINE = re.compile(r"^[ \t]*(@@BLOCK\d+@@)[ \t]*$", re.MULTILINE)
REF_MARK = re.compile(r"@@REF(\d+)@@")
LANGUAGES = tuple(WORDS)


@dataclass
class _Pending:
    """A block whose content needs every id of the report (recommendations)."""

    kind: str  # "recommendations" | "recommendation_table"
    number: int = 0


@dataclass
class _State:
    blocks: list[Block | _Pending | None] = field(default_factory=list)
    ids: dict[str, str] = field(default_factory=dict)  # id -> "Abbildung 3"
    refs: list[tuple[str, str]] = field(default_factory=list)  # (id, where)
    figures: int = 0
    tables: int = 0


class ReportBuilder:
    def __init__(
        self,
        study: Study,
        frame: pl.DataFrame,
        folder: Path,
        *,
        language: str = "de",
        warn: list[str] | None = None,
    ):
        if language not in LANGUAGES:
            raise UserError(f"--lang {language!r}: erwartet {' oder '.join(LANGUAGES)}")
        self.study = study
        self.folder = folder
        self.lang = language
        self.words = WORDS[language]
        self.text = TEXT[language]
        self.report_dir = folder / "report"
        self.settings = sources.read_report_settings(self.report_dir / "report.yaml")
        self.results = Results(study, frame)
        self.exhibits = Exhibits(self.results, language, self.settings.shading)
        self.interviews = {i.id: i for i in sources.read_interviews(folder / "interviews")}
        self.recommendations = sources.read_recommendations(
            self.report_dir / "recommendations.yaml"
        )
        self.warnings: list[str] = [] if warn is None else warn
        self.state = _State()
        self._where = ""
        self._pending_blocks: list[Block | _Pending] = []
        self.env = self._environment()

    # -- the whole document -----------------------------------------------------------------
    def build(self) -> Document:
        chapters = self._chapters()
        for name, text in chapters:
            self._where = name
            # A block call on a line of its own becomes a paragraph of its own.
            rendered = BLOCK_LINE.sub(r"\n\1\n", self._render(text, name))
            self._add_markdown(rendered)
        self._resolve()
        title = self.settings.text("title", self.lang) or self.study.settings.title
        return Document(
            title=title or self.study.questionnaire.settings.form_title or "Bericht",
            subtitle=self.settings.text("subtitle", self.lang),
            author=self.settings.text("author", self.lang),
            date=self.settings.text("date", self.lang),
            language=self.lang,
            words=self.words,
            blocks=[b for b in self.state.blocks if isinstance(b, Block)],
            warnings=self.warnings,
        )

    def _chapters(self) -> list[tuple[str, str]]:
        if not self.report_dir.is_dir() or not any(self.report_dir.glob("*.md")):
            return [("(Standardbericht)", self._default_chapters())]
        chapters = sources.read_chapters(self.report_dir, self.lang)
        for chapter in chapters:
            if not chapter.translated:
                self.warnings.append(
                    f"{chapter.path}: keine Übersetzung ({chapter.name}.{self.lang}.md); "
                    "der deutsche Text wird verwendet"
                )
        return [(str(c.path), c.text) for c in chapters]

    def _default_chapters(self) -> str:
        """One figure per analysable question or matrix, in questionnaire order."""
        q = self.study.questionnaire
        org = self.study.org
        org_questions = {lv.question for lv in org.levels} if org else set()
        lines = [f"# {self.text['method']}", "", self.text["method_text"], ""]
        if org is not None:
            lines += [f'{{{{ response_table("{org.levels[0].name}") }}}}', ""]
        lines += [f"# {self.text['results']}", ""]
        done: set[str] = set()
        for question, parents in q.walk():
            matrix = next((g for g in parents if g.is_matrix), None)
            if matrix is not None:
                if matrix.name not in done:
                    done.add(matrix.name)
                    lines += [f'{{{{ figure("{matrix.name}") }}}}', ""]
                continue
            if question.name in org_questions or question.type not in (
                QuestionType.SELECT_ONE,
                QuestionType.SELECT_MULTIPLE,
                QuestionType.TEXT,
            ):
                continue
            lines += [f'{{{{ figure("{question.name}") }}}}', ""]
        return "\n".join(lines)

    # -- Jinja ------------------------------------------------------------------------------
    def _environment(self) -> SandboxedEnvironment:
        env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False)
        calls = dict(
            n=self._n,
            count=self._count,
            percent=self._percent,
            top2=lambda q, **kw: self._summary(q, "top2", **kw),
            bottom2=lambda q, **kw: self._summary(q, "bottom2", **kw),
            mean=lambda q, **kw: self._summary(q, "mean", **kw),
            interviews=lambda: str(len(self.interviews)),
            k=self.study.settings.k,
            k_text=self.study.settings.k_text,
            ref=self._ref,
            figure=self._figure,
            table=self._table,
            response_table=self._response_table,
            quote=self._quote,
            code_table=self._code_table,
            recommendations=self._recommendations,
            recommendation_table=self._recommendation_table,
        )
        env.globals.update(calls)
        self.calls = sorted(calls)
        return env

    def _render(self, text: str, where: str) -> str:
        try:
            template = self.env.from_string(text)
            template.name = where
            return template.render()
        except TemplateSyntaxError as exc:
            raise UserError(
                f"{where}, Zeile {exc.lineno}: Aufruf {{{{ … }}}} nicht lesbar ({exc.message})"
            ) from None
        except UndefinedError as exc:
            line = _template_line(exc, where)
            name = re.search(r"'([^']+)' is undefined", str(exc))
            calls = ", ".join(self.calls)
            raise UserError(
                f"{where}{f', Zeile {line}' if line else ''}: unbekannter Aufruf "
                f"{name.group(1) if name else str(exc)!r}; möglich sind: {calls}"
            ) from None
        except (UserError, TemplateError, TypeError) as exc:
            line = _template_line(exc, where)
            message = "; ".join(exc.lines) if isinstance(exc, UserError) else str(exc)
            raise UserError(f"{where}{f', Zeile {line}' if line else ''}: {message}") from None

    def _suppressed(self, call: str) -> str:
        self.warnings.append(
            f"{self._where}: {call} ist {self.words.not_shown} (n < {self.results.k})"
        )
        return self.words.not_shown

    def _group(self, group: str | None, by: str | None) -> GroupRef | None:
        return None if group is None else self.results.group_ref(str(group), by)

    def _n(self, question: str | None = None, group=None, by=None, base="answered") -> str:
        ref = self._group(group, by)
        value = (
            self.results.respondents(ref)
            if question is None
            else self.results.n(question, ref, _base(base))
        )
        if value is None:
            return self._suppressed(_call("n", question, group=group, base=base))
        return str(value)

    def _count(self, question: str, option: str, group=None, by=None, base="answered") -> str:
        value = self.results.count(question, option, self._group(group, by), _base(base))
        if value is None:
            return self._suppressed(_call("count", question, option, group=group))
        return str(value)

    def _percent(self, question: str, option: str, group=None, by=None, base="answered") -> str:
        value = self.results.percent(question, option, self._group(group, by), _base(base))
        if value is None:
            return self._suppressed(_call("percent", question, option, group=group, base=base))
        return format_percent(value, language=self.lang)

    def _summary(self, question: str, key: str, group=None, by=None, base="answered") -> str:
        value = self.results.summary(question, key, self._group(group, by), _base(base))
        if value is None:
            return self._suppressed(_call(key, question, group=group))
        if key == "mean":
            return format_number(value, 2, language=self.lang)
        return format_percent(value, language=self.lang)

    def _ref(self, id: str) -> str:
        self.state.refs.append((id, self._where))
        return f"@@REF{len(self.state.refs) - 1}@@"

    def _place(self, block: Block | _Pending) -> str:
        self._pending_blocks.append(block)
        return f"@@BLOCK{len(self._pending_blocks) - 1}@@"

    def _register(self, id: str, label: str) -> None:
        if id in self.state.ids:
            raise UserError(f'id {id!r} kommt zweimal vor; mit id="…" einen anderen Namen vergeben')
        self.state.ids[id] = label

    def _figure(self, name: str, by: str | None = None, title: str | None = None, id=None) -> str:
        content = self.exhibits.figure(name, by, title)
        return self._numbered(content, id or (f"{name}-{by}" if by else name), f"figure({name!r})")

    def _numbered(self, content: FigureContent | TableContent | Unavailable, id: str, call: str):
        """Place a figure or table with the next number of its kind (or a notice instead)."""
        if isinstance(content, Unavailable):
            self.warnings.append(f"{self._where}: {call}: {content.warning}")
            self._register(id, content.text)
            return self._place(Notice(content.text))
        if isinstance(content, FigureContent):
            self.state.figures += 1
            self._register(id, f"{self.words.figure} {self.state.figures}")
            return self._place(_figure_block(content, id, self.state.figures))
        self.state.tables += 1
        self._register(id, f"{self.words.table} {self.state.tables}")
        return self._place(_table(content, id, self.state.tables))

    def _table(self, name: str, by: str, base: str = "group", title=None, id=None) -> str:
        content = self.exhibits.group_table(name, by, _base(base), title)
        return self._numbered(content, id or f"table-{name}-{by}", f"table({name!r})")

    def _response_table(self, level: str, title=None, id=None) -> str:
        content = self.exhibits.response_table(level, title)
        return self._numbered(content, id or f"responses-{level}", "response_table")

    def _quote(self, interview: str, code: str | None = None, paragraph=None, id=None) -> str:
        if interview not in self.interviews:
            known = ", ".join(sorted(self.interviews)) or "keine (Ordner interviews/ fehlt)"
            raise UserError(f"quote({interview!r}): kein solches Interview; vorhanden: {known}")
        note = self.interviews[interview]
        if (code is None) == (paragraph is None):
            raise UserError(f"quote({interview!r}): code=… oder paragraph=… angeben")
        if code is not None:
            passage = note.first_with(str(code).lower())
            qid = id or f"{interview}#{str(code).lower()}"
        else:
            passage = note.passage(int(paragraph))
            qid = id or f"{interview}/{int(paragraph)}"
        for unit_text in self._unit_mentions(passage.text):
            self.warnings.append(
                f"{self._where}: quote({interview!r}) nennt {unit_text!r}; das kann eine kleine "
                "Einheit erkennbar machen"
            )
        self._register(qid, interview)
        source = f"{self.words.source}: {note.id}, {note.role}"
        return self._place(Quote(qid, passage.text, source))

    def _unit_mentions(self, text: str) -> list[str]:
        org = self.study.org
        if org is None:
            return []
        found = []
        lowered = text.lower()
        for unit in org.units:
            level = label_text(org.level(unit.level).label, "de", unit.level)
            patterns = [unit.name.lower(), f"{level.lower()} {unit.code.lower()}"]
            for pattern in patterns:
                if re.search(rf"(?<!\w){re.escape(pattern)}(?!\w)", lowered):
                    found.append(pattern)
        return found

    def _code_table(self, title=None, id=None) -> str:
        interviews: dict[str, set[str]] = {}
        passages: dict[str, int] = {}
        for note in self.interviews.values():
            for passage in note.passages:
                for code in passage.codes:
                    interviews.setdefault(code, set()).add(note.id)
                    passages[code] = passages.get(code, 0) + 1
        rows = tuple(
            (CellContent(f"#{code}"), CellContent(str(len(ids))), CellContent(str(passages[code])))
            for code, ids in sorted(interviews.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        )
        content = TableContent(
            caption=(title or self.text["codes_caption"]) + f" (n={len(self.interviews)})",
            header=(self.text["code"], self.text["interviews"], self.text["passages"]),
            rows=rows,
        )
        return self._numbered(content, id or "codes", "code_table")

    def _recommendations(self) -> str:
        return self._place(_Pending("recommendations"))

    def _recommendation_table(self, title=None, id=None) -> str:
        self.state.tables += 1
        number = self.state.tables
        self._register(id or "recommendations", f"{self.words.table} {number}")
        return self._place(_Pending("recommendation_table", number))

    # -- Markdown to blocks -----------------------------------------------------------------
    def _add_markdown(self, text: str) -> None:
        tokens = MarkdownIt("commonmark").parse(text)
        blocks = self.state.blocks
        i = 0
        while i < len(tokens):
            token = tokens[i]
            if token.type == "heading_open":
                level = min(int(token.tag[1]), 3)
                blocks.append(self._heading(level, _inline(tokens[i + 1])))
                i += 3
            elif token.type == "paragraph_open":
                inline = tokens[i + 1]
                mark = BLOCK_MARK.fullmatch(inline.content.strip())
                if mark:
                    blocks.append(self._pending_blocks[int(mark.group(1))])
                elif BLOCK_MARK.search(inline.content):
                    raise UserError(
                        f"{self._where}: eine Abbildung, Tabelle oder ein Zitat steht mitten im "
                        "Text; jeden solchen Aufruf in eine eigene Zeile schreiben"
                    )
                else:
                    blocks.append(Paragraph(_inline(inline)))
                i += 3
            elif token.type in ("bullet_list_open", "ordered_list_open"):
                close = token.type.replace("open", "close")
                items = []
                depth = 0
                j = i + 1
                while not (tokens[j].type == close and depth == 0):
                    if tokens[j].type == token.type:
                        depth += 1
                    elif tokens[j].type == close:
                        depth -= 1
                    elif tokens[j].type == "inline":
                        items.append(_inline(tokens[j]))
                    j += 1
                blocks.append(ListBlock(tuple(items), ordered=token.type == "ordered_list_open"))
                i = j + 1
            else:
                i += 1

    def _heading(self, level: int, inline: Inline) -> Heading:
        counters = self.__dict__.setdefault("_counters", [0, 0, 0])
        counters[level - 1] += 1
        for deeper in range(level, 3):
            counters[deeper] = 0
        number = ".".join(str(c) for c in counters[:level])
        return Heading(level, number, "".join(r.text for r in inline), f"sec-{number}")

    # -- references -------------------------------------------------------------------------
    def _resolve(self) -> None:
        ids = self.state.ids

        def label(id: str, where: str) -> str:
            if id not in ids:
                known = ", ".join(sorted(ids)) or "keine"
                raise UserError(f"{where}: ref({id!r}) verweist auf nichts; vorhanden: {known}")
            return ids[id]

        def fix(inline: Inline, where: str) -> Inline:
            return tuple(
                Run(
                    REF_MARK.sub(
                        lambda m: label(self.state.refs[int(m.group(1))][0], where), r.text
                    ),
                    r.bold,
                    r.italic,
                )
                for r in inline
            )

        recs = self._recommendation_blocks()
        resolved: list[Block | None] = []
        for block in self.state.blocks:
            if isinstance(block, _Pending) and block.kind == "recommendations":
                above = next((b.level for b in reversed(resolved) if isinstance(b, Heading)), 0)
                resolved.extend(replace(r, level=min(above + 1, 3)) for r in recs)
            elif isinstance(block, _Pending):
                resolved.append(self._recommendation_overview(block.number, recs))
            else:
                resolved.append(block)
        for i, block in enumerate(resolved):
            if isinstance(block, Paragraph):
                resolved[i] = Paragraph(fix(block.inline, self._where))
            elif isinstance(block, ListBlock):
                resolved[i] = ListBlock(
                    tuple(fix(item, self._where) for item in block.items), block.ordered
                )
            elif isinstance(block, Recommendation):
                resolved[i] = replace(
                    block, text=tuple(Paragraph(fix(p.inline, self._where)) for p in block.text)
                )
        self.state.blocks = list(resolved)  # (no _Pending left)

    def _recommendation_blocks(self) -> list[Recommendation]:
        path = self.report_dir / "recommendations.yaml"
        blocks = []
        for rec in self.recommendations:
            where = f"{path}, Zeile {rec.line}" if rec.line else str(path)
            self._where = where
            evidence = []
            for id in rec.evidence:
                if id not in self.state.ids:
                    known = ", ".join(sorted(self.state.ids)) or "keine"
                    raise UserError(
                        f"{where}: Empfehlung {rec.number} stützt sich auf {id!r}, das der "
                        f"Bericht nicht enthält; vorhanden: {known}"
                    )
                evidence.append(self.state.ids[id])
            text = self._render(rec.text_in(self.lang), where)
            paragraphs = tuple(
                Paragraph(_inline(t))
                for t in MarkdownIt("commonmark").parse(text)
                if t.type == "inline"
            )
            label = f"{self.words.recommendation_short} {rec.number}"
            blocks.append(
                Recommendation(
                    rec.number,
                    label,
                    rec.title_in(self.lang),
                    paragraphs,
                    tuple(evidence),
                    f"rec-{rec.number}",
                )
            )
        return blocks

    def _recommendation_overview(self, number: int, recs: list[Recommendation]) -> Table:
        rows = tuple((Cell(r.label), Cell(r.title), Cell(", ".join(r.evidence))) for r in recs)
        return Table(
            id="recommendations",
            number=number,
            caption=self.text["rec_caption"],
            header=(self.text["number"], self.text["recommendation"], self.words.evidence),
            rows=rows,
            numeric_from=3,
        )


def _base(base: str) -> Base:
    if not _is_base(base):
        raise UserError(f"base={base!r}: erwartet answered, valid oder group")
    return base


def _is_base(value: str) -> TypeGuard[Base]:
    return value in BASES


def _call(name: str, *args, **kwargs) -> str:
    parts = [repr(a) for a in args if a is not None]
    parts += [f"{k}={v!r}" for k, v in kwargs.items() if v is not None and v != "answered"]
    return f"{name}({', '.join(parts)})"


def _template_line(exc: BaseException, where: str) -> int | None:
    line = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == where or frame.filename == "<template>":
            line = frame.lineno
    return line


def _inline(token) -> Inline:
    runs: list[Run] = []
    bold = italic = False
    for child in token.children or []:
        if child.type == "strong_open":
            bold = True
        elif child.type == "strong_close":
            bold = False
        elif child.type == "em_open":
            italic = True
        elif child.type == "em_close":
            italic = False
        elif child.type in ("softbreak", "hardbreak"):
            runs.append(Run(" ", bold, italic))
        elif child.type in ("text", "code_inline", "html_inline"):
            runs.append(Run(child.content, bold, italic))
    merged: list[Run] = []
    for run in runs:
        if merged and (merged[-1].bold, merged[-1].italic) == (run.bold, run.italic):
            merged[-1] = Run(merged[-1].text + run.text, run.bold, run.italic)
        else:
            merged.append(run)
    return tuple(merged)


def _table(content: TableContent, tid: str, number: int) -> Table:
    return Table(
        id=tid,
        number=number,
        caption=content.caption,
        header=content.header,
        rows=tuple(tuple(Cell(c.text, c.shade, c.suppressed) for c in row) for row in content.rows),
        notes=content.notes,
        legend=content.legend,
        numeric_from=content.numeric_from,
    )


def _figure_block(content: FigureContent, fid: str, number: int) -> Figure:
    side = _table(content.side_table, f"{fid}-words", 0) if content.side_table else None
    return Figure(
        id=fid,
        number=number,
        caption=content.caption,
        alt=content.alt,
        chart=content.chart,
        width_cm=content.chart.width_cm,
        height_cm=content.chart.height_cm,
        notes=content.notes,
        table=side,
    )
