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
from mdit_py_plugins.footnote import footnote_plugin

from lipkit import catalogue
from lipkit.analysis.engine import BASES, Base
from lipkit.catalogue import Text
from lipkit.display import format_number, format_percent
from lipkit.errors import UserError
from lipkit.report import sources
from lipkit.report.charts import Rendered
from lipkit.report.exhibits import (
    CellContent,
    Exhibits,
    FigureContent,
    Later,
    TableContent,
    Unavailable,
)
from lipkit.report.model import (
    Block,
    Box,
    Cell,
    Document,
    Figure,
    Heading,
    Inline,
    ListBlock,
    Look,
    Notice,
    Paragraph,
    Quote,
    Recommendation,
    Run,
    Table,
    Words,
    anchor,
    plain,
)
from lipkit.report.numbers import GroupRef, Results
from lipkit.report.waves import ReportWaves
from lipkit.study.folder import StudyFolder
from lipkit.study.model import Capability, Study, label_text

WORDS = {lang: Words(**catalogue.group("report_words", lang)) for lang in catalogue.LANGUAGES}

TEXT = {lang: catalogue.group("report", lang) for lang in catalogue.LANGUAGES}

BLOCK_MARK = re.compile(r"@@BLOCK(\d+)@@")
BLOCK_LINE = re.compile(r"^[ \t]*(@@BLOCK\d+@@)[ \t]*$", re.MULTILINE)
REF_MARK = re.compile(r"@@REF(\d+)@@")
FIGURE_CALL = re.compile(r"""\{\{\s*figure\(\s*["']([^"']+)["']""")
LANGUAGES = tuple(WORDS)
PARTS = ("all", "evaluation", "controlling")


@dataclass
class _Pending:
    """A block whose content needs every id of the report (recommendations), or waits for a
    worker (``later``: a word cloud's counts)."""

    kind: str  # "recommendations" | "recommendation_table" | "box" | "later"
    number: int = 0
    numbers: tuple[int, ...] = ()
    where: str = ""
    later: Later | None = None
    id: str = ""
    call: str = ""
    warning_at: int = 0  # where in the warnings its warning goes (if it is not shown)
    block: Block | None = None  # once settled


@dataclass
class _State:
    blocks: list[Block | _Pending | None] = field(default_factory=list)
    ids: dict[str, str] = field(default_factory=dict)  # id -> "Abbildung 3"
    refs: list[tuple[str, str]] = field(default_factory=list)  # (id, where)
    figures: int = 0
    tables: int = 0
    targets: dict[str, str] = field(default_factory=dict)  # id -> HTML id of its block
    later: list[_Pending] = field(default_factory=list)  # in the order they were placed


class ReportBuilder:
    def __init__(
        self,
        study: Study,
        frame: pl.DataFrame,
        folder: Path,
        *,
        language: str = "de",
        warn: list[str] | None = None,
        part: str = "all",
    ):
        if part not in PARTS:
            raise UserError(Text("report_error.part", part=repr(part), parts=", ".join(PARTS)))
        if language not in LANGUAGES:
            raise UserError(
                Text("report_error.language", language=repr(language), known=", ".join(LANGUAGES))
            )
        self.study = study
        self.folder = folder
        self.lang = language
        self.words = WORDS[language]
        self.text = TEXT[language]
        parts = StudyFolder.at(folder)
        self.report_dir = parts.report
        self.part = part
        self.controlling = self._controlling(folder, study, language, part)
        self.settings = sources.read_report_settings(self.report_dir / "report.yaml", parts.root)
        self.results = Results(study, frame, privacy_cache=parts.privacy_cache)
        self.waves = ReportWaves(folder, study, frame, language)
        self.look = Look(
            font=self.settings.font,
            logo=self.settings.logo,
            palette=self.settings.palette,
            shading=self.settings.shading_colours,
            accent=self.settings.accent,
        )
        self.exhibits = Exhibits(
            self.results, language, self.settings.shading, palette=self.settings.palette
        )
        self.interviews = {i.id: i for i in sources.read_interviews(parts.interviews)}
        self.recommendations = sources.read_recommendations(
            self.report_dir / "recommendations.yaml"
        )
        self.warnings: list[str] = [] if warn is None else warn
        self.state = _State()
        self._where = ""
        self._lines: list[int] = []  # rendered line -> line of the chapter file
        self._pending_blocks: list[Block | _Pending] = []
        self.env = self._environment()

    # -- the whole document -----------------------------------------------------------------
    def build(self) -> Document:
        from lipkit.report.charts import city_font

        chapters = self._chapters()
        # Word clouds' counts start in a worker now; the chapters are rendered meanwhile.
        self.exhibits.prefetch_words(
            [m.group(1) for _, text in chapters for m in FIGURE_CALL.finditer(text)]
        )
        with city_font(self.settings.font):
            for name, text in chapters if self.part != "controlling" else ():
                self._where = name
                self._add_markdown(self._separate_blocks(self._render(text, name)))
            if self.controlling is not None and self.part != "evaluation":
                self._add_controlling()
            self._resolve()
        title = self.settings.text("title", self.lang) or self.study.settings.title
        return Document(
            title=title or self.study.questionnaire.settings.form_title or "Bericht",
            subtitle=self.settings.text("subtitle", self.lang),
            author=self.settings.text("author", self.lang),
            date=self.settings.text("date", self.lang),
            language=self.lang,
            words=self.words,
            commissioned_by=self.settings.text("commissioned_by", self.lang),
            look=self.look,
            blocks=[b for b in self.state.blocks if isinstance(b, Block)],
            warnings=self.warnings,
        )

    @staticmethod
    def _controlling(folder: Path, study: Study, language: str, part: str):
        """The plan's status for the controlling part and for ``indicator()``/``status()``."""
        from lipkit.report.controlling import load_part

        found = load_part(folder, study, language=language)
        if found is None and part == "controlling":
            raise UserError(Text("report_error.no_plan", folder=str(folder)))
        return found

    def _add_controlling(self) -> None:
        from lipkit.report.controlling import controlling_blocks, recommendation_number

        assert self.controlling is not None
        self.warnings.extend(self.controlling.loaded.warnings)
        # The recommendations are placed where a chapter asks for them once every part is
        # read (_resolve), each as "rec-<number>"; the controlling part alone shows none.
        placed = any(
            isinstance(b, _Pending) and b.kind == "recommendations" for b in self.state.blocks
        )
        recommendations = {f"rec-{r.number}" for r in self.recommendations} if placed else set()
        if placed:
            self._check_cited(recommendations)

        def link(ref: str) -> str:
            """ "HE 9" -> its recommendation, a question or figure id -> its figure."""
            number = recommendation_number(ref)
            if number is not None:
                target = f"rec-{number}"
                return f"#{target}" if target in recommendations else ""
            if any(p.id == ref for p in self.state.later):
                self._settle()  # a figure or a notice: linked only if a figure
            target = self.state.targets.get(ref, "")
            return f"#{target}" if target else ""

        blocks = controlling_blocks(
            self.controlling, lambda level, text: self._heading(level, (Run(text),)), link
        )
        for block in blocks:
            if isinstance(block, Figure | Table):
                self._register(block.id, "")
                self.state.targets[block.id] = anchor(block.id)
            self.state.blocks.append(block)

    def _check_cited(self, recommendations: set[str]) -> None:
        """A field or goal of the plan that cites a recommendation the report does not have
        ("HE 15" of another report's numbering) is a warning: it is shown without a link."""
        from lipkit.report.controlling import recommendation_number

        assert self.controlling is not None
        plan = self.controlling.loaded.plan
        cited = [(f.id, f.line, f.recommendations) for f in plan.fields]
        cited += [(g.id, g.line, g.recommendations) for _f, _s, g in plan.goals()]
        for id, line, refs in cited:
            for ref in refs:
                number = recommendation_number(ref)
                if number is not None and f"rec-{number}" not in recommendations:
                    self.warnings.append(
                        self._at("plan/plan.yaml", line)
                        + self.text["w_no_recommendation"].format(
                            id=id, ref=ref, count=len(recommendations)
                        )
                    )

    def _plan_call(self, what: str, id: str) -> str:
        from lipkit.report.controlling import indicator_value, status_of

        if self.controlling is None:
            raise UserError(Text("report_error.call_without_plan", call=f"{what}({id!r})"))
        try:
            return (indicator_value if what == "indicator" else status_of)(self.controlling, id)
        except KeyError:
            raise UserError(Text("report_error.unknown_plan_id", call=f"{what}({id!r})")) from None

    def _chapters(self) -> list[tuple[str, str]]:
        if not self.report_dir.is_dir() or not any(self.report_dir.glob("*.md")):
            return [("(Standardbericht)", self._default_chapters())]
        chapters = sources.read_chapters(self.report_dir, self.lang)
        for chapter in chapters:
            if not chapter.translated:
                name = f"{chapter.name}.{self.lang}.md"
                self.warnings.append(
                    f"{chapter.path}: " + self.text["w_untranslated"].format(name=name)
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
            shown = question.type.can(Capability.CHOICES) or question.type.can(Capability.OPEN)
            if question.name in org_questions or not shown:
                continue
            lines += [f'{{{{ figure("{question.name}") }}}}', ""]
        if self.waves.available:
            lines += [f"# {self.waves.heading()}", "", "{{ comparison() }}", ""]
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
            recommendation_box=self._recommendation_box,
            change=self._change,
            comparison=self._comparison,
            indicator=lambda id: self._plan_call("indicator", id),
            status=lambda id: self._plan_call("status", id),
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
                self._at(where, exc.lineno)
                + catalogue.text("report_error.unreadable_call", self.lang, problem=exc.message)
            ) from None
        except UndefinedError as exc:
            line = _template_line(exc, where)
            name = re.search(r"'([^']+)' is undefined", str(exc))
            calls = ", ".join(self.calls)
            raise UserError(
                self._at(where, line)
                + catalogue.text(
                    "report_error.unknown_call",
                    self.lang,
                    name=repr(name.group(1) if name else str(exc)),
                    calls=calls,
                )
            ) from None
        except (UserError, TemplateError, TypeError) as exc:
            line = _template_line(exc, where)
            message = (
                "; ".join(catalogue.render(a, self.lang) for a in exc.args)
                if isinstance(exc, UserError)
                else str(exc)
            )
            raise UserError(self._at(where, line) + message) from None

    def _at(self, where: str, line: int | None) -> str:
        """``file, Zeile 3: `` (``file, line 3: `` in English) before a message."""
        if not line:
            return f"{where}: "
        return f"{where}, {catalogue.text('place.line', self.lang, value=line)}: "

    def _suppressed(self, call: str) -> str:
        warning = self.text["w_suppressed"].format(call=call, k=self.results.k)
        self.warnings.append(f"{self._where}: {warning}")
        return self.words.not_shown

    def _warn(self, line: int | None, key: str, **values) -> None:
        self.warnings.append(self._at(self._where, line) + self.text[key].format(**values))

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

    def _change(self, question: str, key: str = "top2", group=None, by=None, **kw) -> str:
        """``change("q", "top2", from="2019")``: the change since an earlier wave (default:
        the one before), in percentage points (``mean``: scale points); hidden groups as in
        every other call."""
        unknown = set(kw) - {"from"}
        if unknown:
            raise UserError(f"change({question!r}): unbekannte Angabe {', '.join(sorted(unknown))}")
        earlier = kw.get("from")
        if group is not None and by is None:
            by = self.results.group_ref(str(group), None).by
        value = self.waves.change(
            question,
            str(key),
            None if earlier is None else str(earlier),
            None if group is None else str(group),
            by,
        )
        if value is None:
            return self._suppressed(_call("change", question, key, group=group))
        return value

    def _comparison(self, id: str = "comparison", **kw) -> str:
        """The comparison chapter's body: intro, paired bars, trend lines (three or more
        waves), the table of changes and the questions not comparable."""
        earlier = kw.get("from")
        earlier = None if earlier is None else str(earlier)
        parts = [self.waves.intro(earlier), ""]
        figure = self.waves.figure(earlier)
        if figure is not None:
            parts += [self._numbered(figure, f"{id}-figure", "comparison()"), ""]
        trend = self.waves.trend() if earlier is None else None
        if trend is not None:
            parts += [self._numbered(trend, f"{id}-trend", "comparison()"), ""]
        table = self.waves.table(earlier)
        if table is not None:
            parts += [self._numbered(table, f"{id}-table", "comparison()"), ""]
        else:
            parts += [self.waves.text["no_scales"], ""]
        missing = self.waves.not_comparable(earlier)
        if missing:
            parts += [missing, ""]
        return "\n".join(parts)

    def _ref(self, id: str) -> str:
        self.state.refs.append((id, self._where))
        return f"@@REF{len(self.state.refs) - 1}@@"

    def _place(self, block: Block | _Pending) -> str:
        self._pending_blocks.append(block)
        return f"@@BLOCK{len(self._pending_blocks) - 1}@@"

    def _register(self, id: str, label: str) -> None:
        if id in self.state.ids:
            raise UserError(Text("report_error.duplicate_id", id=repr(id)))
        self.state.ids[id] = label

    def _figure(self, name: str, by: str | None = None, title: str | None = None, id=None) -> str:
        content = self.exhibits.figure(name, by, title)
        return self._numbered(content, id or (f"{name}-{by}" if by else name), f"figure({name!r})")

    def _numbered(
        self, content: FigureContent | TableContent | Unavailable | Later, id: str, call: str
    ):
        """Place a figure or table with the next number of its kind (or a notice instead)."""
        if isinstance(content, Later):
            self._register(id, "")
            pending = _Pending(
                "later",
                where=self._where,
                later=content,
                id=id,
                call=call,
                warning_at=len(self.warnings),
            )
            self.state.later.append(pending)
            return self._place(pending)
        if isinstance(content, Unavailable):
            self.warnings.append(f"{self._where}: {call}: {content.warning}")
            self._register(id, content.text)
            return self._place(Notice(content.text))
        # Numbered once every chapter is read (_number), in the order the blocks stand:
        # pictures and pipe tables of the Markdown count with the figures and tables.
        self.state.targets[id] = anchor(id)
        self._register(id, "")
        if isinstance(content, FigureContent):
            return self._place(_figure_block(content, id, 0))
        return self._place(_table(content, id, 0))

    def _settle(self) -> None:
        """Settle the figures placed before their content was there (:class:`Later`), in the
        order they were placed; each as it would have been placed at once: its warning
        where it was called, a figure's id a target of links."""
        inserted = 0
        for pending in self.state.later:
            if pending.block is not None:
                inserted += isinstance(pending.block, Notice)
                continue
            assert pending.later is not None
            content = pending.later.settle()
            if isinstance(content, Unavailable):
                warning = f"{pending.where}: {pending.call}: {content.warning}"
                self.warnings.insert(pending.warning_at + inserted, warning)
                inserted += 1
                self.state.ids[pending.id] = content.text
                pending.block = Notice(content.text)
            else:
                self.state.targets[pending.id] = anchor(pending.id)
                pending.block = _figure_block(content, pending.id, 0)
        self.state.blocks = [
            b.block if isinstance(b, _Pending) and b.kind == "later" else b
            for b in self.state.blocks
        ]

    def _table(self, name: str, by: str, base: str = "group", title=None, id=None) -> str:
        content = self.exhibits.group_table(name, by, _base(base), title)
        return self._numbered(content, id or f"table-{name}-{by}", f"table({name!r})")

    def _response_table(self, level: str, title=None, id=None) -> str:
        content = self.exhibits.response_table(level, title)
        return self._numbered(content, id or f"responses-{level}", "response_table")

    def _quote(self, interview: str, code: str | None = None, paragraph=None, id=None) -> str:
        if interview not in self.interviews:
            if self.interviews:
                raise UserError(
                    Text(
                        "report_error.unknown_interview",
                        call=f"quote({interview!r})",
                        known=", ".join(sorted(self.interviews)),
                    )
                )
            raise UserError(Text("report_error.no_interviews", call=f"quote({interview!r})"))
        note = self.interviews[interview]
        if (code is None) == (paragraph is None):
            raise UserError(Text("report_error.quote_what", call=f"quote({interview!r})"))
        if code is not None:
            passage = note.first_with(str(code).lower())
            qid = id or f"{interview}#{str(code).lower()}"
        else:
            passage = note.passage(int(paragraph))
            qid = id or f"{interview}/{int(paragraph)}"
        for unit_text in self._unit_mentions(passage.text):
            self._warn(None, "w_unit_named", interview=interview, unit=unit_text)
        self._register(qid, interview)
        self.state.targets[qid] = anchor(qid)
        role = self.settings.role(note.role, self.lang)
        # Interview notes are written in the study's language; a quote in another language
        # than the report's is marked as such (screen readers switch their voice).
        quote_lang = self.study.settings.language
        lang = "" if quote_lang == self.lang else quote_lang
        original = f"; {self.text['original']}" if lang else ""
        source = f"{self.words.source}: {note.id}, {role}{original}"
        return self._place(Quote(qid, passage.text, source, lang))

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
            (
                CellContent(self._code_label(code)),
                CellContent(str(len(ids))),
                CellContent(str(passages[code])),
            )
            for code, ids in sorted(interviews.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        )
        content = TableContent(
            caption=(title or self.text["codes_caption"]) + f" (n={len(self.interviews)})",
            header=(self.text["code"], self.text["interviews"], self.text["passages"]),
            rows=rows,
        )
        return self._numbered(content, id or "codes", "code_table")

    def _code_label(self, code: str) -> str:
        """ "Controlling (#controlling)" where report.yaml names the code, else "#code"."""
        label = self.settings.code(code, self.lang)
        if not label:
            return f"#{code}"
        return label if label.lower() == code else f"{label} (#{code})"

    def _recommendation_box(self, *numbers) -> str:
        """A box "Handlungsempfehlungen" listing recommendations by number (end of a
        section: which recommendations its findings lead to)."""
        return self._place(
            _Pending("box", numbers=tuple(int(n) for n in numbers), where=self._where)
        )

    def _recommendations(self) -> str:
        return self._place(_Pending("recommendations"))

    def _recommendation_table(self, title=None, id=None) -> str:
        tid = id or "recommendations"
        self._register(tid, "")
        self.state.targets[tid] = anchor(tid)
        return self._place(_Pending("recommendation_table", where=tid))

    # -- Markdown to blocks -----------------------------------------------------------------
    def _separate_blocks(self, text: str) -> str:
        """Put an empty line around each block call, keeping a map to the file's lines."""
        lines: list[str] = []
        self._lines = []
        for number, line in enumerate(text.split("\n"), start=1):
            if BLOCK_LINE.fullmatch(line):
                lines += ["", line.strip(), ""]
                self._lines += [number, number, number]
            else:
                lines.append(line)
                self._lines.append(number)
        return "\n".join(lines)

    def _line(self, token) -> int | None:
        if token.map is None:
            return None
        index = token.map[0]
        return self._lines[index] if index < len(self._lines) else index + 1

    def _add_markdown(self, text: str) -> None:
        tokens = _markdown().parse(text)
        self._footnotes = _footnote_texts(tokens)
        blocks = self.state.blocks
        i = 0
        while i < len(tokens):
            token = tokens[i]
            line = self._line(token)
            if token.type == "heading_open":
                level = int(token.tag[1])
                if level > 3:
                    self._warn(
                        line, "w_unsupported", what=self.text["u_heading"].format(level=level)
                    )
                    level = 3
                blocks.append(self._heading(level, self._inline(tokens[i + 1], line)))
                i += 3
            elif token.type == "paragraph_open":
                inline = tokens[i + 1]
                mark = BLOCK_MARK.fullmatch(inline.content.strip())
                children = [c for c in inline.children or [] if c.type != "softbreak"]
                if mark:
                    blocks.append(self._pending_blocks[int(mark.group(1))])
                elif BLOCK_MARK.search(inline.content):
                    raise UserError(
                        f"{self._where}, Zeile {line}: eine Abbildung, Tabelle oder ein Zitat "
                        "steht mitten im Text; jeden solchen Aufruf in eine eigene Zeile schreiben"
                    )
                elif len(children) == 1 and children[0].type == "image":
                    self._image(children[0], line)
                elif inline.content.startswith(": ") and blocks and isinstance(blocks[-1], Table):
                    pass  # the caption of the pipe table above, taken by _pipe_table
                else:
                    blocks.append(Paragraph(self._inline(inline, line)))
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
                    elif tokens[j].type in ("bullet_list_open", "ordered_list_open"):
                        self._warn(
                            self._line(tokens[j]), "w_unsupported", what=self.text["u_nested"]
                        )
                    elif tokens[j].type == "inline":
                        items.append(self._inline(tokens[j], self._line(tokens[j])))
                    j += 1
                blocks.append(ListBlock(tuple(items), ordered=token.type == "ordered_list_open"))
                i = j + 1
            elif token.type == "table_open":
                i = self._pipe_table(tokens, i, line)
            elif token.type == "footnote_block_open":
                # The footnotes' texts were read above; they print where they are cited.
                while tokens[i].type != "footnote_block_close":
                    i += 1
                i += 1
            else:
                what = {
                    "fence": "u_code",
                    "code_block": "u_code",
                    "html_block": "u_html",
                    "blockquote_open": "u_blockquote",
                    "hr": "u_hr",
                }.get(token.type)
                if what:
                    self._warn(line, "w_unsupported", what=self.text[what])
                if token.type == "blockquote_open":
                    depth, i = 1, i + 1
                    while depth:
                        depth += {"blockquote_open": 1, "blockquote_close": -1}.get(
                            tokens[i].type, 0
                        )
                        i += 1
                    continue
                i += 1

    def _image(self, token, line: int | None) -> None:
        """A picture in a paragraph of its own: a numbered figure with caption and alt text.
        ``![alt text](file.png "Caption")``; the caption defaults to the alt text."""
        src = token.attrs.get("src", "")
        alt = token.content.strip()
        caption = (token.attrs.get("title") or "").strip() or alt
        path = (self.report_dir / str(src)).resolve()
        kind = {".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg"}.get(path.suffix.lower())
        if kind is None:
            self._warn(line, "w_image_kind", src=src)
            return
        if not path.is_file():
            self._warn(line, "w_image_missing", src=src)
            return
        if not alt:
            self._warn(line, "w_no_alt", src=src)
        from PIL import Image

        data = path.read_bytes()
        with Image.open(path) as image:
            width_px, height_px = image.size
            dpi = image.info.get("dpi", (96, 96))[0] or 96
        width_cm = float(min(16.0, width_px / float(dpi) * 2.54))
        height_cm = float(width_cm * height_px / width_px)
        fid = f"image-{path.name.split('.')[0]}"  # "bild.en.png" is the same figure as "bild.png"
        self._register(fid, "")
        self.state.targets[fid] = anchor(fid)
        chart = Rendered(b"", lambda: data, width_cm, height_cm)
        self.state.blocks.append(
            Figure(
                id=fid,
                number=0,
                caption=caption,
                alt=alt or caption,
                chart=chart,
                width_cm=width_cm,
                height_cm=height_cm,
                raster=kind,
            )
        )

    def _pipe_table(self, tokens, i: int, line: int | None) -> int:
        """A Markdown pipe table: a numbered table; its caption is a line ": Title" below."""
        header: list[str] = []
        rows: list[list[Cell]] = []
        right: list[bool] = []
        in_head = False
        while tokens[i].type != "table_close":
            t = tokens[i]
            if t.type == "thead_open":
                in_head = True
            elif t.type == "thead_close":
                in_head = False
            elif t.type == "tr_open" and not in_head:
                rows.append([])
            elif t.type in ("th_open", "td_open") and in_head:
                right.append("right" in str(t.attrs.get("style", "")))
            elif t.type == "inline":
                text = plain(self._inline(t, line))
                if in_head:
                    header.append(text)
                else:
                    rows[-1].append(Cell(text))
            i += 1
        i += 1
        caption = ""
        if (
            i + 1 < len(tokens)
            and tokens[i].type == "paragraph_open"
            and tokens[i + 1].content.startswith(": ")
        ):
            caption = tokens[i + 1].content[2:].strip()
        if not caption:
            self._warn(line, "w_table_caption")
        first_numeric = next((c for c in range(1, len(right)) if all(right[c:])), len(right) or 1)
        slug = re.sub(r"[^a-z0-9äöüß]+", "-", caption.lower()).strip("-")[:30] or "tabelle"
        tid = f"table-{slug}"
        suffix = 2
        while tid in self.state.ids:
            tid, suffix = f"table-{slug}-{suffix}", suffix + 1
        self._register(tid, "")
        self.state.targets[tid] = anchor(tid)
        self.state.blocks.append(
            Table(
                id=tid,
                number=0,
                caption=caption,
                header=tuple(header),
                rows=tuple(tuple(r) for r in rows),
                numeric_from=first_numeric if any(right) else len(header),
            )
        )
        return i

    def _inline(self, token, line: int | None = None) -> Inline:
        runs: list[Run] = []
        bold = italic = False
        link = ""
        for child in token.children or []:
            if child.type == "strong_open":
                bold = True
            elif child.type == "strong_close":
                bold = False
            elif child.type == "em_open":
                italic = True
            elif child.type == "em_close":
                italic = False
            elif child.type == "link_open":
                link = str(child.attrs.get("href", ""))
            elif child.type == "link_close":
                link = ""
            elif child.type in ("softbreak", "hardbreak"):
                runs.append(Run(" ", bold, italic, link))
            elif child.type in ("text", "code_inline"):
                runs.append(Run(child.content, bold, italic, link))
            elif child.type == "footnote_ref":
                text = self._footnotes.get(child.meta["id"], "")
                if not text:
                    self._warn(line, "w_footnote_missing", label=child.meta.get("label", ""))
                runs.append(Run("", footnote=text))
            elif child.type == "image":
                self._warn(line, "w_inline_image")
            elif child.type == "html_inline":
                self._warn(line, "w_unsupported", what=self.text["u_html"])
        merged: list[Run] = []
        for run in runs:
            last = merged[-1] if merged else None
            if (
                last is not None
                and not run.footnote
                and not last.footnote
                and (last.bold, last.italic, last.link) == (run.bold, run.italic, run.link)
            ):
                merged[-1] = replace(last, text=last.text + run.text)
            else:
                merged.append(run)
        return tuple(merged)

    def _heading(self, level: int, inline: Inline) -> Heading:
        counters = self.__dict__.setdefault("_counters", [0, 0, 0])
        counters[level - 1] += 1
        for deeper in range(level, 3):
            counters[deeper] = 0
        number = ".".join(str(c) for c in counters[:level])
        return Heading(level, number, plain(inline), f"sec-{number}")

    # -- references -------------------------------------------------------------------------
    def _number(self) -> None:
        """Number figures and tables in the order they stand in the report."""
        figures = tables = 0
        numbered: list[Block | _Pending | None] = []
        for block in self.state.blocks:
            if isinstance(block, Figure):
                figures += 1
                block = replace(block, number=figures)
                self.state.ids[block.id] = f"{self.words.figure} {figures}"
            elif isinstance(block, Table):
                tables += 1
                block = replace(block, number=tables)
                self.state.ids[block.id] = f"{self.words.table} {tables}"
            elif isinstance(block, _Pending) and block.kind == "recommendation_table":
                tables += 1
                block.number = tables
                self.state.ids[block.where] = f"{self.words.table} {tables}"
            numbered.append(block)
        self.state.blocks = numbered
        self.state.figures, self.state.tables = figures, tables

    def _resolve(self) -> None:
        self._settle()
        self._number()
        ids = self.state.ids

        def label(id: str, where: str) -> str:
            if id not in ids:
                if not ids:
                    raise UserError(Text("report_error.ref_nothing", where=where, id=id))
                known = ", ".join(sorted(ids))
                raise UserError(Text("report_error.ref_unknown", where=where, id=id, known=known))
            return ids[id]

        def fix(inline: Inline, where: str) -> Inline:
            """Each ref() becomes a run of its own that links to what it names."""
            out: list[Run] = []
            for run in inline:
                position = 0
                for m in REF_MARK.finditer(run.text):
                    id = self.state.refs[int(m.group(1))][0]
                    out.append(replace(run, text=run.text[position : m.start()]))
                    target = self.state.targets.get(id, "")
                    out.append(
                        replace(run, text=label(id, where), link=run.link or f"#{target}")
                        if target
                        else replace(run, text=label(id, where))
                    )
                    position = m.end()
                out.append(replace(run, text=run.text[position:]))
            return tuple(r for r in out if r.text or r.footnote)

        # The controlling part alone shows no recommendations: their evidence is not in it.
        recs = self._recommendation_blocks() if self.part != "controlling" else []
        by_number = {r.number: r for r in recs}
        resolved: list[Block | None] = []
        for block in self.state.blocks:
            if isinstance(block, _Pending) and block.kind == "recommendations":
                above = next((b.level for b in reversed(resolved) if isinstance(b, Heading)), 0)
                resolved.extend(replace(r, level=min(above + 1, 3)) for r in recs)
            elif isinstance(block, _Pending) and block.kind == "box":
                items = []
                for number in block.numbers:
                    if number not in by_number:
                        self._where = block.where
                        self._warn(None, "w_recommendation_box", number=number)
                        continue
                    rec = by_number[number]
                    items.append(
                        (Run(rec.label, bold=True, link=f"#{rec.anchor}"), Run(f" {rec.title}"))
                    )
                if items:
                    resolved.append(Box(self.text["box_title"], tuple(items)))
            elif isinstance(block, _Pending):
                resolved.append(self._recommendation_overview(block.number, block.where, recs))
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
                    known = ", ".join(sorted(self.state.ids)) or Text("xlsform.none")
                    raise UserError(
                        Text(
                            "report_error.evidence",
                            where=where,
                            number=rec.number,
                            id=id,
                            known=known,
                        )
                    )
                evidence.append(self.state.ids[id])
            text = self._render(rec.text_in(self.lang), where)
            tokens = _markdown().parse(text)
            self._footnotes = _footnote_texts(tokens)
            paragraphs = tuple(
                Paragraph(self._inline(t))
                for t in tokens
                if t.type == "inline" and not BLOCK_MARK.search(t.content)
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

    def _recommendation_overview(self, number: int, tid: str, recs: list[Recommendation]) -> Table:
        rows = tuple((Cell(r.label), Cell(r.title), Cell(", ".join(r.evidence))) for r in recs)
        return Table(
            id=tid,
            number=number,
            caption=self.text["rec_caption"],
            header=(self.text["number"], self.text["recommendation"], self.words.evidence),
            rows=rows,
            numeric_from=3,
        )


def _base(base: str) -> Base:
    if not _is_base(base):
        raise UserError(Text("report_error.base", base=repr(base)))
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


def _markdown() -> MarkdownIt:
    """CommonMark with pipe tables and footnotes."""
    return MarkdownIt("commonmark").enable("table").use(footnote_plugin)


def _footnote_texts(tokens) -> dict[int, str]:
    """Footnote id -> its text (the paragraphs of ``[^label]: …`` joined)."""
    texts: dict[int, str] = {}
    current = None
    for token in tokens:
        if token.type == "footnote_open":
            current = token.meta["id"]
            texts[current] = ""
        elif token.type == "footnote_close":
            current = None
        elif token.type == "inline" and current is not None:
            texts[current] = (texts[current] + " " + token.content).strip()
    return texts


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
        landscape=content.landscape,
        lang=content.lang,
        caption_inline=content.caption_inline,
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
        caption_inline=content.caption_inline,
    )
