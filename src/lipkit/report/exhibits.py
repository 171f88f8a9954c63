"""Figures and tables of the report, made from :class:`~lipkit.report.numbers.Results`.

Each maker returns the content of a figure or table (caption, chart, alt text, cells) but no
number: the builder numbers them in the order they appear. Suppressed groups are listed with
the privacy marker and never drawn or filled in.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from lipkit import catalogue
from lipkit.analysis.engine import Analysis, Base
from lipkit.analysis.units import unit_sizes
from lipkit.catalogue import Text
from lipkit.display import format_number, format_percent
from lipkit.errors import UserError
from lipkit.report import charts
from lipkit.report.model import Inline, Run, filled
from lipkit.report.numbers import GroupRef, Results
from lipkit.study.model import Capability, Question, QuestionType, label_lang, label_text

if TYPE_CHECKING:
    from lipkit.text.words import WordCount

# A portrait A4 page holds the whole survey and up to 8 groups side by side (Tabelle 2); more
# groups are set as rows; with more than 5 options as its columns it goes on a landscape page.
MAX_GROUP_COLUMNS = 9
MAX_PORTRAIT_COLUMNS = 9
MAX_TRANSPOSED_PORTRAIT = 6

CLOUD_MINIMUM = 3  # respondents who must name a word before it is shown

FIGURE_KINDS = {lang: catalogue.group("figure_kind", lang) for lang in catalogue.LANGUAGES}

TEXT: dict[str, dict[str, str]] = {
    lang: catalogue.group("exhibit", lang) for lang in catalogue.LANGUAGES
}
# The org levels with a short form in a column head ("Dez. III"): ``level_name.<key>`` is
# the level's label, ``level_short.<key>`` its short form, in the catalogue.
LEVEL_SHORT = ("department", "division")


def level_short(level: str, language: str) -> str:
    """The short form of the org level labelled ``level`` ("Dezernat" -> "Dez."), else
    the label itself."""
    for key in LEVEL_SHORT:
        if level == catalogue.text(f"level_name.{key}", language):
            return catalogue.text(f"level_short.{key}", language)
    return level


@dataclass(frozen=True)
class FigureContent:
    caption: str
    alt: str
    chart: charts.Rendered
    notes: tuple[str, ...] = ()
    side_table: TableContent | None = None
    caption_inline: Inline = ()  # as the caption, a label in another language marked


@dataclass(frozen=True)
class CellContent:
    text: str
    shade: int | None = None
    suppressed: bool = False


@dataclass(frozen=True)
class TableContent:
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[CellContent, ...], ...]
    notes: tuple[str, ...] = ()
    legend: tuple[str, ...] = ()
    numeric_from: int = 1
    landscape: bool = False
    lang: str = ""
    caption_inline: Inline = ()  # as the caption, a label in another language marked


@dataclass(frozen=True)
class Unavailable:
    """What the report prints where a figure may not be shown."""

    text: str
    warning: str


@dataclass(frozen=True)
class Later:
    """A figure whose content waits for a worker (a word cloud's counts): ``settle`` gives
    it, waiting if need be. The builder places it where it was called and settles it once
    every chapter is read, so that the build goes on meanwhile instead of waiting."""

    settle: Callable[[], FigureContent | Unavailable]


# Leftovers of the questionnaire that do not belong in a figure's labels.
_PLEASE_SPECIFY = re.compile(r"\s*\((?:bitte angeben|bitte nennen|please specify)\)", re.I)
_ABBREVIATION_END = re.compile(
    r"(?:\.\.|(?:^|[\s.])\w\.|\b(?:etc|usw|bzw|ca|Nr|vgl|ggf|inkl|evtl|u\.a)\.)$"
)
_ROMAN_OR_NUMBER = re.compile(r"^(?:[IVXLC]+|\d+)$")
# Options that stand apart from the ranked ones and go last: "Sonstiges", then "keine".
_OTHER_NAMES = {"sonstiges", "sonstige", "anderes", "andere", "other", "others"}


def _marked_title(
    content: FigureContent | TableContent | Unavailable | Later, title: str, lang: str
) -> Any:
    """``content`` with the title its caption begins with marked as in ``lang`` (a label
    without a version in the report's language: German in an English report)."""
    if isinstance(content, Later):
        return Later(lambda: _marked_title(content.settle(), title, lang))
    if not lang or isinstance(content, Unavailable) or not content.caption.startswith(title):
        return content
    rest = content.caption[len(title) :]
    return replace(content, caption_inline=(Run(title, lang=lang), *((Run(rest),) if rest else ())))


def clean_label(text: str) -> str:
    """A choice or item label without "(bitte angeben)" and without a closing full stop."""
    text = _PLEASE_SPECIFY.sub("", text).strip()
    # A closing full stop goes, an abbreviation's stays ("k. A.", "z. B.", "etc.").
    if text.endswith(".") and not _ABBREVIATION_END.search(text):
        text = text[:-1]
    return text


class Exhibits:
    def __init__(
        self,
        results: Results,
        language: str,
        shading: tuple[float, float],
        palette: tuple[str, ...] = (),
    ):
        self.palette = palette
        self._word_jobs: dict = {}  # open question -> word counts being made in a worker
        self.results = results
        self.study = results.study
        self.q = results.study.questionnaire
        self.lang = language
        self.text = TEXT.get(language, TEXT["de"])
        self.kinds = FIGURE_KINDS.get(language, FIGURE_KINDS["de"])
        self.words = catalogue.group("table", language)
        self.shading = shading

    # -- labels -----------------------------------------------------------------------------
    def label(self, name: str) -> str:
        group = self.results.matrix(name)
        if group is not None and not self.q.has_question(name):
            return clean_label(label_text(group.label, self.lang, name))
        return clean_label(label_text(self.q.question(name).label, self.lang, name))

    def label_lang(self, name: str) -> str:
        """The language of :meth:`label` where it is not the report's, else ""."""
        group = self.results.matrix(name)
        if group is not None and not self.q.has_question(name):
            return label_lang(group.label, self.lang)
        return label_lang(self.q.question(name).label, self.lang)

    def option_label(self, question: str, option: str) -> str:
        choice = self.q.choice_list(question).get(option)
        return clean_label(label_text(choice.label, self.lang, option)) if choice else option

    def group_label(self, by: str, code: str | None, short: bool = False) -> str:
        """A unit's code with its name, "Dez. III – Sozial- und Sportdezernat" (``short``:
        "Dez. III", for a table's column head)."""
        if code is None:
            return self.text["total"]
        if code == "_missing":
            return self.words["missing_group"]
        org = self.study.org
        if org is not None and org.has_level(by):
            unit = org.unit(by, code)
            name = unit.name_in(self.lang)
            if name == code:
                return code
            if re.search(rf"(?<!\w){re.escape(code)}(?!\w)", name):
                return name  # "Dezernat III (Sozialdezernat)" already names its code
            level = self.level_label(by)
            abbreviation = level_short(level, self.lang)
            # "Dez. III – Sozialdezernat", but "51 – Fachbereich Jugend und Familie".
            named = name.lower().startswith(level.lower())
            prefix = (
                f"{abbreviation} {code}" if _ROMAN_OR_NUMBER.match(code) and not named else code
            )
            return prefix if short else f"{prefix} – {name}"
        return self.option_label(by, code)

    def ordered_options(self, question: Question, options: list[str]) -> list[str]:
        """``options`` with "Sonstiges" and then exclusive ones ("keine") moved last (k. A.
        and other missing codes after them): the same order in every figure and table."""
        exclusive = set(self.q.exclusive_codes(question))
        missing = set(self.q.missing_codes(question))

        def rank(option: str) -> int:
            if option in missing:
                return 3
            if option in exclusive:
                return 2
            choice = self.q.choice_list(question).get(option)
            label = label_text(choice.label, "de", option) if choice else option
            if option.lower() in _OTHER_NAMES or _PLEASE_SPECIFY.search(label):
                return 1
            return 0

        return sorted(options, key=lambda o: (rank(o), options.index(o)))

    def level_label(self, by: str) -> str:
        org = self.study.org
        if org is not None and org.has_level(by):
            # An org.csv without level labels has only the level's name ("dezernat").
            return label_text(org.level(by).label, self.lang, by.capitalize())
        return self.label(by)

    def level_label_lang(self, by: str) -> str:
        """The language of :meth:`level_label` where it is not the report's, else ""."""
        org = self.study.org
        if org is not None and org.has_level(by):
            return label_lang(org.level(by).label, self.lang)
        return self.label_lang(by)

    def suppressed_text(self) -> str:
        return self.words["suppressed"].format(k=self.results.k)

    def percent(self, value: float) -> str:
        return format_percent(value, language=self.lang)

    # -- figures ----------------------------------------------------------------------------
    def figure(
        self, name: str, by: str | None, title: str | None
    ) -> FigureContent | Unavailable | Later:
        """The figure of question ``name`` (by groups ``by``); its caption is ``title``, else
        the question's label (marked where it is in another language than the report's)."""
        if title:
            return self._figure(name, by, title)
        self.results.items(name)  # an unknown name: the user's error, named, before its label
        title = self.label(name)
        return _marked_title(self._figure(name, by, title), title, self.label_lang(name))

    def _figure(self, name: str, by: str | None, title: str) -> FigureContent | Unavailable | Later:
        items = self.results.items(name)
        if len(items) > 1 or items[0].name != name:
            if by is not None:
                raise UserError(f"figure({name!r}, by=…): Matrixfragen nur gesamt darstellbar")
            return self._matrix(items, title)
        question = items[0]
        if question.type == QuestionType.TEXT:
            if by is not None:
                raise UserError(Text("report_error.cloud_by", name=name))
            return self._cloud(question, title)
        if question.type == QuestionType.SELECT_MULTIPLE:
            if by is not None:
                raise UserError(Text("report_error.multiple_by", name=name, by=by))
            if self._nobody_answered(name):
                return self._too_few(title)
            return self._multiple(question, title)
        if question.type != QuestionType.SELECT_ONE:
            raise UserError(Text("report_error.no_figure", name=name, type=str(question.type)))
        if self._nobody_answered(name):
            return self._too_few(title)
        if by is not None:
            return self._by_group(question, by, title)
        if question.scale is not None:
            return self._matrix([question], title)
        return self._single(question, title)

    def _nobody_answered(self, name: str) -> bool:
        """No answer at all (a filter false for everyone, or an export taken early): there
        are no shares to draw. Suppressed rows carry no counts and are handled as such."""
        row = self.results.question_row(name, None)
        return not row["suppressed"] and not row["n"]

    def _categories(self, question: Question) -> tuple[list[str], list[str], list[str]]:
        """Options in scale order with k. A. last: codes, labels and colours."""
        options = self.q.choice_list(question).names()
        missing = set(self.q.missing_codes(question))
        codes = [o for o in options if o not in missing] + [o for o in options if o in missing]
        labels = [self.option_label(question.name, c) for c in codes]
        if question.scale is not None:
            colours = charts.scale_colours(len(codes) - len(missing), bool(missing))
        else:
            colours = charts.category_colours([c in missing for c in codes], self.palette)
        return codes, labels, colours

    def hidden_label(self, analysis: Analysis, question: str, code: str, base: Base) -> str:
        """What a hidden group is labelled: "n < 5" when it is small itself, "nicht
        ausgewiesen" when it is hidden only so that a small one cannot be recalculated."""
        if self.results.hidden_as_complement(analysis, question, code, base):
            return self.text["hidden"]
        return self.text["hidden_small"].format(k=self.results.k)

    def hidden_notes(self, labels: list[str]) -> list[str]:
        notes = []
        if any(label == self.text["hidden_small"].format(k=self.results.k) for label in labels):
            notes.append(self.text["small_note"].format(k=self.results.k))
        if self.text["hidden"] in labels:
            notes.append(self.text["hidden_note"].format(k=self.results.k))
        return notes

    def _shares(self, question: str, group: GroupRef | None, codes: list[str]) -> list[float]:
        by_option = {r["option"]: r for r in self.results.option_rows(question, group)}
        return [by_option[c]["percent"] for c in codes]

    def _matrix(self, items: list[Question], title: str) -> FigureContent | Unavailable:
        rows_info = []
        for position, item in enumerate(items):
            row = self.results.question_row(item.name, None)
            if row["suppressed"] or self._nobody_answered(item.name):
                continue
            rows_info.append((item, row, position))
        if not rows_info:
            return self._too_few(title, [item.name for item in items])
        codes, labels, colours = self._categories(items[0])
        # Sorted by top-2 box, ties in questionnaire order (conventions §3).
        rows_info.sort(key=lambda t: (-(t[1]["top2"] or 0.0), t[2]))
        ns = [row["n"] for _, row, _ in rows_info]
        single = len(items) == 1
        chart_rows = [
            charts.StackedRow(
                label=self.text["total"] if single else self.label(item.name),
                shares=tuple(self._shares(item.name, None, codes)),
            )
            for item, _, _ in rows_info
        ]
        if not single and min(ns) != max(ns):
            chart_rows = [
                charts.StackedRow(f"{r.label} (n={n})", r.shares)
                for r, n in zip(chart_rows, ns, strict=True)
            ]
        chart = charts.stacked_bars(chart_rows, labels, colours, language=self.lang)
        n_text = f"n={max(ns)}" if min(ns) == max(ns) else f"n={min(ns)}–{max(ns)}"
        notes = [self.words["items"]] if not single else []
        if len(rows_info) < len(items):
            notes.append(self.suppressed_text())
        return FigureContent(
            caption=f"{title} ({n_text})",
            alt=self._alt("stacked", title, n_text, chart_rows, labels),
            chart=chart,
            notes=tuple(notes),
        )

    def _by_group(self, question: Question, by: str, title: str) -> FigureContent | Unavailable:
        analysis = self.results.analysis(by)
        total = self.results.question_row(question.name, None)
        if total["suppressed"]:
            return self._too_few(title, [question.name])
        codes, labels, colours = self._categories(question)
        groups = (
            analysis.questions.filter(analysis.questions["question"] == question.name)
            .select("group", "suppressed", "n")
            .to_dicts()
        )
        rows = []
        hidden_labels = []
        for g in groups:
            code = g["group"]
            ref = GroupRef(by, code) if code is not None else None
            name = self.group_label(by, code)
            if g["suppressed"]:
                hidden = self.hidden_label(analysis, question.name, code, "answered")
                hidden_labels.append(hidden)
                text = self.text["hidden"]
                if hidden != text:  # "n < 5, nicht ausgewiesen"
                    text = self.suppressed_text()
                rows.append(charts.StackedRow(name, None, text))
                continue
            n = g["n"]
            if n == 0:
                rows.append(charts.StackedRow(f"{name} (n=0)", None, self.text["no_respondents"]))
                continue
            rows.append(
                charts.StackedRow(f"{name} (n={n})", tuple(self._shares(question.name, ref, codes)))
            )
        chart = charts.stacked_bars(rows, labels, colours, language=self.lang)
        n_text = f"n={total['n']}"
        notes = self.hidden_notes(hidden_labels)
        return FigureContent(
            caption=f"{title} ({n_text})",
            alt=self._alt("stacked", title, n_text, rows, labels),
            chart=chart,
            notes=tuple(notes),
        )

    def _single(self, question: Question, title: str) -> FigureContent | Unavailable:
        row = self.results.question_row(question.name, None)
        if row["suppressed"]:
            return self._too_few(title, [question.name])
        codes, labels, _colours = self._categories(question)
        shares = self._shares(question.name, None, codes)
        # One colour: a colour per bar would suggest a meaning the options do not have.
        missing = set(self.q.missing_codes(question))
        colours = [charts.MISSING_COLOUR if c in missing else self.bar_colour() for c in codes]
        return self._bars(title, f"n={row['n']}", labels, shares, colours)

    def bar_colour(self) -> str:
        return self.palette[0] if self.palette else charts.BAR_COLOUR

    def _bars(
        self,
        title: str,
        n_text: str,
        labels: list[str],
        shares: list[float],
        colours: list[str],
        notes: tuple[str, ...] = (),
    ) -> FigureContent:
        values = "; ".join(f"{lb}: {self.percent(v)}" for lb, v in zip(labels, shares, strict=True))
        return FigureContent(
            caption=f"{title} ({n_text})",
            alt=f"{self.kinds['bars']}: {title} ({n_text}). {values}.",
            chart=charts.share_bars(labels, shares, colours, language=self.lang),
            notes=notes,
        )

    def _multiple(self, question: Question, title: str) -> FigureContent | Unavailable:
        row = self.results.question_row(question.name, None)
        if row["suppressed"]:
            return self._too_few(title, [question.name])
        options = self.q.choice_list(question).names()
        missing = set(self.q.missing_codes(question))
        by_option = {
            r["option"]: r["percent"] for r in self.results.option_rows(question.name, None)
        }
        ranked = self.ordered_options(
            question,
            sorted(options, key=lambda o: (o in missing, -(by_option[o] or 0), options.index(o))),
        )
        labels = [self.option_label(question.name, o) for o in ranked]
        shares = [by_option[o] for o in ranked]
        colours = [charts.MISSING_COLOUR if o in missing else self.bar_colour() for o in ranked]
        n = row["n"]
        n_text = f"n={n}, {self.text['multiple']}"
        # "Mehrfachantworten möglich" stands in the caption; the note names the base.
        notes = (self.text["base_figure"].format(n=n),)
        return self._bars(title, n_text, labels, shares, colours, notes)

    def _open_texts(self, name: str) -> list[str]:
        from lipkit.text.answers import open_answers

        k_text = self.study.settings.k_text
        return open_answers(
            self.study,
            self.results.frame,
            name,
            k_text=k_text,
            decisions=self.results.decisions,
        ).texts(None)

    def prefetch_words(self, names: list[str]) -> None:
        """Count the words of these open questions in a worker process (loading the
        lemmatiser's dictionary takes a second) while the rest of the report is built."""
        from importlib.metadata import version

        from lipkit.text.words import word_frequencies

        if charts.current_executor() is None:
            return
        # What the counts depend on besides the answers (kept from an earlier build).
        libraries = (("simplemma", version("simplemma")), ("stop-words", version("stop-words")))
        for name in names:
            if name in self._word_jobs or not self.q.has_question(name):
                continue
            if self.q.question(name).type != QuestionType.TEXT:
                continue
            texts = self._open_texts(name)
            if len(texts) >= self.study.settings.k_text:
                self._word_jobs[name] = charts.kept_job(
                    "words",
                    word_frequencies,
                    (texts,),
                    {"language": self.study.settings.language, "min_respondents": CLOUD_MINIMUM},
                    to_bytes=_words_json,
                    from_bytes=_words_from_json,
                    depends=libraries,
                )

    def _cloud(self, question: Question, title: str) -> FigureContent | Unavailable | Later:
        from lipkit.text.words import word_frequencies

        k_text = self.study.settings.k_text
        texts = self._open_texts(question.name)
        if len(texts) < k_text:
            text = self.text["too_few_texts"].format(title=title, n=len(texts), k=k_text)
            return Unavailable(text, text)
        job = self._word_jobs.pop(question.name, None)
        if job is None:
            # Filler words are those of the answers' language (the study's), not the
            # report's: German answers in an English report still lose "und" and "vor".
            words = word_frequencies(
                texts, language=self.study.settings.language, min_respondents=CLOUD_MINIMUM
            )
            return self._cloud_of(words, len(texts), title)
        if job.done():
            return self._cloud_of(job.result(), len(texts), title)

        def settle() -> FigureContent | Unavailable:
            # Charts submitted meanwhile are drawn here until the counts are there.
            charts.draw_waiting_here(until=job)
            return self._cloud_of(job.result(), len(texts), title)

        return Later(settle)

    def _cloud_of(self, words: list[WordCount], n: int, title: str) -> FigureContent | Unavailable:
        """The word cloud of ``n`` open answers counted as ``words``."""
        k_text = self.study.settings.k_text
        minimum = CLOUD_MINIMUM
        answers_language = self.study.settings.language
        if not words:
            text = self.text["too_few_texts"].format(title=title, n=n, k=k_text)
            return Unavailable(text, text)
        chart = charts.word_cloud({w.word: w.respondents for w in words})
        n_text = f"n={n}"
        table = TableContent(
            caption=self.kinds["words"],
            header=(self.text["word"], self.text["mentions"]),
            rows=tuple((CellContent(w.word), CellContent(str(w.respondents))) for w in words[:20]),
            lang="" if answers_language == self.lang else answers_language,
        )
        listed = ", ".join(f"{w.word} ({w.respondents})" for w in words[:20])
        return FigureContent(
            caption=f"{title} ({n_text})",
            alt=f"{self.kinds['cloud']}: {title} ({n_text}). {listed}.",
            chart=chart,
            notes=(self.text["cloud_note"].format(m=minimum),),
            side_table=table,
        )

    def _too_few(self, title: str, hidden: list[str] | None = None) -> Unavailable:
        """Why a figure is missing; ``hidden``: its questions hidden in the whole survey.
        Hidden only as complements (each has k answers or more), they are not "fewer than
        k answers": they are withheld so that other numbers do not give small groups away."""
        key = "too_few"
        if hidden and all(self._complement(name) for name in hidden):
            key = "withheld"
        text = self.text[key].format(title=title, k=self.results.k)
        return Unavailable(text, text)

    def _complement(self, name: str) -> bool:
        row = self.results.question_row(name, None)
        return bool(row["suppressed"] and row.get("complement"))

    def _alt(
        self, kind: str, title: str, n_text: str, rows: list[charts.StackedRow], labels: list[str]
    ) -> str:
        parts = []
        for row in rows:
            if row.shares is None:
                parts.append(f"{row.label}: {row.hidden_text}")
            else:
                values = ", ".join(
                    f"{label} {self.text['hidden'] if s is None else self.percent(s)}"
                    for label, s in zip(labels, row.shares, strict=True)
                )
                parts.append(f"{row.label}: {values}")
        return f"{self.kinds[kind]}: {title} ({n_text}). " + "; ".join(parts) + "."

    # -- tables -----------------------------------------------------------------------------
    def shade(self, value: float) -> int:
        low, high = self.shading
        return 0 if value < low else (1 if value < high else 2)

    def legend(self) -> tuple[str, ...]:
        low, high = (format_number(v, 0, language=self.lang) for v in self.shading)
        return (
            catalogue.text("shading.low", self.lang, a=low),
            catalogue.text("shading.middle", self.lang, a=low, b=high),
            catalogue.text("shading.high", self.lang, b=high),
        )

    def group_table(
        self, name: str, by: str, base: Base, title: str | None
    ) -> TableContent | Unavailable:
        """Options × (whole survey and each group), shaded, like the reference's Tabelle 2.

        With more groups than a portrait page holds side by side (a breakdown by
        Fachbereich), the table is transposed (groups as rows); if the options then are still
        too many columns, it is set on a landscape page. Nothing is cut off."""
        question = self.q.question(name)
        if not question.type.can(Capability.CHOICES):
            raise UserError(Text("report_error.table_choices", name=name))
        if not title:
            title = self.label(name)
            content = self._group_table(question, by, base, title)
            return _marked_title(content, title, self.label_lang(name))
        return self._group_table(question, by, base, title)

    def _group_table(
        self, question: Question, by: str, base: Base, title: str
    ) -> TableContent | Unavailable:
        name = question.name
        analysis = self.results.analysis(by, base)
        groups = analysis.questions.filter(analysis.questions["question"] == name).to_dicts()
        if groups[0]["suppressed"]:
            return self._too_few(title)
        options = self.ordered_options(question, self.q.choice_list(question).names())
        heads: list[str] = []  # one per group: "Gesamt\n(n=202)"
        columns: list[tuple[GroupRef | None, bool]] = []
        hidden_labels = []
        transposed = len(groups) > MAX_GROUP_COLUMNS
        for g in groups:
            code = g["group"]
            label = self.group_label(by, code, short=not transposed)
            if g["suppressed"]:
                hidden_label = self.hidden_label(analysis, name, code, base)
                hidden_labels.append(hidden_label)
                heads.append(f"{label}\n({hidden_label})")
            else:
                heads.append(f"{label}\n(n={g['n']})")
            columns.append((GroupRef(by, code) if code is not None else None, g["suppressed"]))
        cells: dict[int, dict[str, dict]] = {}
        for i, (ref, hidden) in enumerate(columns):
            if not hidden:
                cells[i] = {r["option"]: r for r in self.results.option_rows(name, ref, base)}

        def cell(i: int, option: str) -> CellContent:
            if columns[i][1]:
                return CellContent("–", suppressed=True)
            value = cells[i][option]["percent"]
            if value is None or value != value:
                return CellContent("–")
            return CellContent(self.percent(value), shade=self.shade(value))

        share = self.text[f"share_{base}"]
        option_labels = [self.option_label(name, o) for o in options]
        if transposed:
            header = (f"{self.level_label(by)} ({share})", *option_labels)
            rows = tuple(
                (CellContent(heads[i].replace("\n", " ")), *(cell(i, o) for o in options))
                for i in range(len(columns))
            )
        else:
            header = (f"{self.words['answer']} ({share})", *heads)
            rows = tuple(
                (CellContent(label), *(cell(i, o) for i in range(len(columns))))
                for o, label in zip(options, option_labels, strict=True)
            )
        n_total = groups[0]["n"]
        notes = [catalogue.text(f"base.{base}", self.lang)]
        if base == "group":
            notes[0] = self.text["base_table_vs_figure"]
        if question.type == QuestionType.SELECT_MULTIPLE:
            notes.append(self.words["multiple"])
        notes += self.hidden_notes(hidden_labels)
        return TableContent(
            caption=f"{title} (n={n_total})",
            header=header,
            rows=rows,
            notes=tuple(notes),
            legend=self.legend(),
            # Option labels as column heads need more room than group codes.
            landscape=len(header)
            > (MAX_TRANSPOSED_PORTRAIT if transposed else MAX_PORTRAIT_COLUMNS),
        )

    def response_table(self, level: str, title: str | None) -> TableContent:
        """Respondents per unit of a level, with the response rate where staff is known."""
        org = self.study.org
        if org is None or not org.has_level(level):
            levels = [lv.name for lv in org.levels] if org else []
            raise UserError(Text("report_error.response_table_level", level=level, levels=levels))
        units = org.units_at(level)
        with_staff = any(u.staff for u in units)
        analysis = self.results.analysis(level, "group")  # hidden by unit size
        first = self.results.analysed[0]
        sizes = unit_sizes(analysis.questions, first)
        # Below the top level, the parent unit's code comes first: the rows are grouped by it.
        depth = org.depth(level)
        parent = org.levels[depth - 1].name if depth > 0 else None
        header = [self.level_label(level), self.text["name"], self.text["respondents"]]
        if parent is not None:
            header.insert(0, self.level_label(parent))
        if with_staff:
            header += [self.text["staff"], self.text["rate"]]
        rows = []
        hidden_labels = []
        for unit in units:
            g = sizes.get(unit.code)
            n = None if g is None or g["suppressed"] else g["n_group"]
            hidden = n is None
            row = [CellContent(unit.code), CellContent(unit.name_in(self.lang))]
            if parent is not None:
                row.insert(0, CellContent(unit.parent or ""))
            if hidden:
                label = (
                    self.hidden_label(analysis, first, unit.code, "group")
                    if g is not None
                    else self.text["hidden_small"].format(k=self.results.k)
                )
                hidden_labels.append(label)
                row.append(CellContent(label, suppressed=True))
            else:
                row.append(CellContent(str(n)))
            if with_staff:
                row.append(CellContent(str(unit.staff) if unit.staff else "–"))
                if n is None or not unit.staff:
                    row.append(CellContent("–", suppressed=hidden))
                else:
                    row.append(CellContent(self.percent(100 * n / unit.staff)))
            rows.append(tuple(row))
        missing = sizes.get("_missing")
        if missing is not None:
            hidden = missing["suppressed"]
            row = [CellContent(""), CellContent(self.words["missing_group"])]
            if parent is not None:
                row.insert(0, CellContent(""))
            row.append(
                CellContent(f"n < {self.results.k}", suppressed=True)
                if hidden
                else CellContent(str(missing["n_group"]))
            )
            if with_staff:
                row += [CellContent("–"), CellContent("–")]
            rows.append(tuple(row))
        total = self.results.frame.height
        total_row = [CellContent(self.text["total"]), CellContent(""), CellContent(str(total))]
        if parent is not None:
            total_row.insert(1, CellContent(""))
        if with_staff:
            staff = sum(u.staff or 0 for u in units)
            total_row.append(CellContent(str(staff) if staff else "–"))
            total_row.append(CellContent(self.percent(100 * total / staff) if staff else "–"))
        rows.append(tuple(total_row))
        if missing is not None and missing["suppressed"]:
            hidden_labels.append(self.text["hidden_small"].format(k=self.results.k))
        template, label = self.text["responses_caption"], self.level_label(level)
        return TableContent(
            caption=title or template.format(level=label),
            caption_inline=()
            if title or not self.level_label_lang(level)
            else filled(template, level=(Run(label, lang=self.level_label_lang(level)),)),
            header=tuple(header),
            rows=tuple(rows),
            notes=tuple(self.hidden_notes(hidden_labels)),
            numeric_from=3 if parent is not None else 2,
        )


def _words_json(words: list) -> bytes:
    import json

    rows = [[w.word, w.lemma, w.respondents] for w in words]
    return json.dumps({"words": rows}, ensure_ascii=False).encode()


def _words_from_json(data: bytes) -> list:
    import json

    from lipkit.text.words import WordCount

    return [WordCount(word, lemma, n) for word, lemma, n in json.loads(data)["words"]]
