"""Figures and tables of the report, made from :class:`~lipkit.report.numbers.Results`.

Each maker returns the content of a figure or table (caption, chart, alt text, cells) but no
number: the builder numbers them in the order they appear. Suppressed groups are listed with
the privacy marker and never drawn or filled in.
"""

from __future__ import annotations

from dataclasses import dataclass

from lipkit.analysis.engine import Base
from lipkit.display import format_number, format_percent
from lipkit.errors import UserError
from lipkit.report import charts
from lipkit.report.numbers import GroupRef, Results, base_n
from lipkit.study.model import Question, QuestionType, label_text
from lipkit.tables import BASE_NOTES
from lipkit.tables import WORDS as TABLE_WORDS

FIGURE_KINDS = {
    "de": {
        "stacked": "Gestapeltes Balkendiagramm (100 %)",
        "bars": "Balkendiagramm",
        "cloud": "Wortwolke",
        "words": "Häufigste Begriffe (Befragte)",
    },
    "en": {
        "stacked": "Stacked bar chart (100%)",
        "bars": "Bar chart",
        "cloud": "Word cloud",
        "words": "Most frequent words (respondents)",
    },
}

TEXT = {
    "de": {
        "multiple": "Mehrfachantworten möglich",
        "no_respondents": "keine Befragten",
        "word": "Begriff",
        "mentions": "Befragte",
        "too_few_texts": "Zu „{title}“ liegen {n} offene Antworten vor; Begriffe werden erst ab "
        "{k} Antworten ausgewiesen.",
        "too_few": "„{title}“: weniger als {k} Antworten, nicht ausgewiesen.",
        "cloud_note": "Begriffe, die mindestens {m} Befragte nennen; Größe nach Zahl der "
        "Befragten; ohne Füllwörter, Wortformen zusammengefasst.",
        "unit": "Einheit",
        "name": "Bezeichnung",
        "respondents": "Befragte",
        "staff": "Beschäftigte",
        "rate": "Rücklaufquote",
        "total": "Gesamt",
        "responses_caption": "Beantwortungen der Onlineumfrage nach {level}",
        "zero": "0",
        "shading_title": "Schattierung",
        "n_items": "n je Aussage {low}–{high}",
    },
    "en": {
        "multiple": "multiple answers possible",
        "no_respondents": "no respondents",
        "word": "Word",
        "mentions": "Respondents",
        "too_few_texts": "“{title}” has {n} open answers; words are shown from {k} answers.",
        "too_few": "“{title}”: fewer than {k} answers, not shown.",
        "cloud_note": "Words named by at least {m} respondents; size by number of respondents; "
        "without filler words, word forms merged.",
        "unit": "Unit",
        "name": "Name",
        "respondents": "Respondents",
        "staff": "Staff",
        "rate": "Response rate",
        "total": "Total",
        "responses_caption": "Responses to the online survey by {level}",
        "zero": "0",
        "shading_title": "Shading",
        "n_items": "n per item {low}–{high}",
    },
}
SHADING_LEGEND = {
    "de": ("unter {a} %", "{a} bis unter {b} %", "{b} % und mehr"),
    "en": ("below {a}%", "{a}% to below {b}%", "{b}% and more"),
}


@dataclass(frozen=True)
class FigureContent:
    caption: str
    alt: str
    chart: charts.Rendered
    notes: tuple[str, ...] = ()
    side_table: TableContent | None = None


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


@dataclass(frozen=True)
class Unavailable:
    """What the report prints where a figure may not be shown."""

    text: str
    warning: str


class Exhibits:
    def __init__(self, results: Results, language: str, shading: tuple[float, float]):
        self.results = results
        self.study = results.study
        self.q = results.study.questionnaire
        self.lang = language
        self.text = TEXT.get(language, TEXT["de"])
        self.kinds = FIGURE_KINDS.get(language, FIGURE_KINDS["de"])
        self.words = TABLE_WORDS.get(language, TABLE_WORDS["de"])
        self.shading = shading

    # -- labels -----------------------------------------------------------------------------
    def label(self, name: str) -> str:
        group = self.results.matrix(name)
        if group is not None and not self.q.has_question(name):
            return label_text(group.label, self.lang, name)
        return label_text(self.q.question(name).label, self.lang, name)

    def option_label(self, question: str, option: str) -> str:
        choice = self.q.choice_list(question).get(option)
        return label_text(choice.label, self.lang, option) if choice else option

    def group_label(self, by: str, code: str | None) -> str:
        if code is None:
            return self.text["total"]
        if code == "_missing":
            return self.words["missing_group"]
        org = self.study.org
        if org is not None and org.has_level(by):
            return code
        return self.option_label(by, code)

    def level_label(self, by: str) -> str:
        org = self.study.org
        if org is not None and org.has_level(by):
            # An org.csv without level labels has only the level's name ("dezernat").
            return label_text(org.level(by).label, self.lang, by.capitalize())
        return self.label(by)

    def suppressed_text(self) -> str:
        return self.words["suppressed"].format(k=self.results.k)

    def percent(self, value: float) -> str:
        return format_percent(value, language=self.lang)

    # -- figures ----------------------------------------------------------------------------
    def figure(self, name: str, by: str | None, title: str | None) -> FigureContent | Unavailable:
        items = self.results.items(name)
        title = title or self.label(name)
        if len(items) > 1 or items[0].name != name:
            if by is not None:
                raise UserError(f"figure({name!r}, by=…): Matrixfragen nur gesamt darstellbar")
            return self._matrix(items, title)
        question = items[0]
        if question.type == QuestionType.TEXT:
            if by is not None:
                raise UserError(f"figure({name!r}, by=…): Wortwolken nur gesamt")
            return self._cloud(question, title)
        if question.type == QuestionType.SELECT_MULTIPLE:
            if by is not None:
                raise UserError(
                    f"figure({name!r}, by=…): für Mehrfachantworten nach Gruppen "
                    f"table({name!r}, by={by!r}) verwenden"
                )
            if self._nobody_answered(name):
                return self._too_few(title)
            return self._multiple(question, title)
        if question.type != QuestionType.SELECT_ONE:
            raise UserError(f"figure({name!r}): für den Fragetyp {question.type} gibt es keine")
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
        return not row["suppressed"] and not base_n(row, "answered")

    def _categories(self, question: Question) -> tuple[list[str], list[str], list[str]]:
        """Options in scale order with k. A. last: codes, labels and colours."""
        options = self.q.choice_list(question).names()
        missing = set(self.q.missing_codes(question))
        codes = [o for o in options if o not in missing] + [o for o in options if o in missing]
        labels = [self.option_label(question.name, c) for c in codes]
        if question.scale is not None:
            colours = charts.scale_colours(len(codes) - len(missing), bool(missing))
        else:
            colours = charts.category_colours([c in missing for c in codes])
        return codes, labels, colours

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
            return self._too_few(title)
        codes, labels, colours = self._categories(items[0])
        # Sorted by top-2 box, ties in questionnaire order (conventions §3).
        rows_info.sort(key=lambda t: (-(t[1]["top2"] or 0.0), t[2]))
        ns = [base_n(row, "answered") for _, row, _ in rows_info]
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
            return self._too_few(title)
        codes, labels, colours = self._categories(question)
        groups = (
            analysis.questions.filter(analysis.questions["question"] == question.name)
            .select("group", "suppressed", "n_answered", "n_no_answer", "n_skipped", "n_not_shown")
            .to_dicts()
        )
        rows = []
        for g in groups:
            code = g["group"]
            ref = GroupRef(by, code) if code is not None else None
            name = self.group_label(by, code)
            if g["suppressed"]:
                rows.append(charts.StackedRow(name, None, self.suppressed_text()))
                continue
            n = base_n(g, "answered")
            if n == 0:
                rows.append(charts.StackedRow(f"{name} (n=0)", None, self.text["no_respondents"]))
                continue
            rows.append(
                charts.StackedRow(f"{name} (n={n})", tuple(self._shares(question.name, ref, codes)))
            )
        chart = charts.stacked_bars(rows, labels, colours, language=self.lang)
        n_text = f"n={base_n(total, 'answered')}"
        notes = []
        if any(r.shares is None and r.hidden_text == self.suppressed_text() for r in rows):
            notes.append(self.words["suppressed_note"].format(k=self.results.k))
        return FigureContent(
            caption=f"{title} ({n_text})",
            alt=self._alt("stacked", title, n_text, rows, labels),
            chart=chart,
            notes=tuple(notes),
        )

    def _single(self, question: Question, title: str) -> FigureContent | Unavailable:
        row = self.results.question_row(question.name, None)
        if row["suppressed"]:
            return self._too_few(title)
        codes, labels, colours = self._categories(question)
        shares = self._shares(question.name, None, codes)
        return self._bars(title, f"n={base_n(row, 'answered')}", labels, shares, colours)

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
            return self._too_few(title)
        options = self.q.choice_list(question).names()
        missing = set(self.q.missing_codes(question))
        by_option = {
            r["option"]: r["percent"] for r in self.results.option_rows(question.name, None)
        }
        ranked = sorted(
            (o for o in options if o not in missing),
            key=lambda o: (-by_option[o], options.index(o)),
        ) + [o for o in options if o in missing]
        labels = [self.option_label(question.name, o) for o in ranked]
        shares = [by_option[o] for o in ranked]
        colours = [charts.MISSING_COLOUR if o in missing else charts.BAR_COLOUR for o in ranked]
        n_text = f"n={base_n(row, 'answered')}, {self.text['multiple']}"
        return self._bars(title, n_text, labels, shares, colours, (self.words["multiple"],))

    def _cloud(self, question: Question, title: str) -> FigureContent | Unavailable:
        from lipkit.text.answers import open_answers
        from lipkit.text.words import word_frequencies

        k_text = self.study.settings.k_text
        answers = open_answers(self.study, self.results.frame, question.name, k_text=k_text)
        texts = answers.texts(None)
        if len(texts) < k_text:
            text = self.text["too_few_texts"].format(title=title, n=len(texts), k=k_text)
            return Unavailable(text, text)
        minimum = 3
        words = word_frequencies(texts, language=self.lang, min_respondents=minimum)
        if not words:
            text = self.text["too_few_texts"].format(title=title, n=len(texts), k=k_text)
            return Unavailable(text, text)
        chart = charts.word_cloud({w.word: w.respondents for w in words})
        n_text = f"n={len(texts)}"
        table = TableContent(
            caption=self.kinds["words"],
            header=(self.text["word"], self.text["mentions"]),
            rows=tuple((CellContent(w.word), CellContent(str(w.respondents))) for w in words[:20]),
        )
        listed = ", ".join(f"{w.word} ({w.respondents})" for w in words[:20])
        return FigureContent(
            caption=f"{title} ({n_text})",
            alt=f"{self.kinds['cloud']}: {title} ({n_text}). {listed}.",
            chart=chart,
            notes=(self.text["cloud_note"].format(m=minimum),),
            side_table=table,
        )

    def _too_few(self, title: str) -> Unavailable:
        text = self.text["too_few"].format(title=title, k=self.results.k)
        return Unavailable(text, text)

    def _alt(
        self, kind: str, title: str, n_text: str, rows: list[charts.StackedRow], labels: list[str]
    ) -> str:
        parts = []
        for row in rows:
            if row.shares is None:
                parts.append(f"{row.label}: {row.hidden_text}")
            else:
                values = ", ".join(
                    f"{label} {self.percent(s)}"
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
        legend = SHADING_LEGEND.get(self.lang, SHADING_LEGEND["de"])
        return tuple(t.format(a=low, b=high) for t in legend)

    def group_table(
        self, name: str, by: str, base: Base, title: str | None
    ) -> TableContent | Unavailable:
        """Options × (whole survey and each group), shaded, like the reference's Tabelle 2."""
        question = self.q.question(name)
        if question.type not in (QuestionType.SELECT_ONE, QuestionType.SELECT_MULTIPLE):
            raise UserError(f"table({name!r}): nur für Auswahlfragen")
        title = title or self.label(name)
        analysis = self.results.analysis(by, base)
        groups = analysis.questions.filter(analysis.questions["question"] == name).to_dicts()
        if groups[0]["suppressed"]:
            return self._too_few(title)
        options = self.q.choice_list(question).names()
        header = [self.words["answer"]]
        columns: list[tuple[GroupRef | None, bool]] = []
        for g in groups:
            code = g["group"]
            label = self.group_label(by, code)
            if g["suppressed"]:
                header.append(f"{label}\n(n < {self.results.k})")
            else:
                header.append(f"{label}\n(n={base_n(g, base)})")
            columns.append((GroupRef(by, code) if code is not None else None, g["suppressed"]))
        cells: dict[int, dict[str, dict]] = {}
        for i, (ref, hidden) in enumerate(columns):
            if not hidden:
                cells[i] = {r["option"]: r for r in self.results.option_rows(name, ref, base)}
        rows = []
        for option in options:
            row = [CellContent(self.option_label(name, option))]
            for i, (_ref, hidden) in enumerate(columns):
                if hidden:
                    row.append(CellContent("–", suppressed=True))
                    continue
                value = cells[i][option]["percent"]
                if value is None or value != value:
                    row.append(CellContent("–"))
                else:
                    row.append(CellContent(self.percent(value), shade=self.shade(value)))
            rows.append(tuple(row))
        n_total = base_n(groups[0], base)
        notes = [BASE_NOTES.get(self.lang, BASE_NOTES["de"])[base]]
        if question.type == QuestionType.SELECT_MULTIPLE:
            notes.append(self.words["multiple"])
        if any(hidden for _, hidden in columns):
            notes.append("– " + self.words["suppressed_note"].format(k=self.results.k))
        return TableContent(
            caption=f"{title} (n={n_total})",
            header=tuple(header),
            rows=tuple(rows),
            notes=tuple(notes),
            legend=self.legend(),
        )

    def response_table(self, level: str, title: str | None) -> TableContent:
        """Respondents per unit of a level, with the response rate where staff is known."""
        org = self.study.org
        if org is None or not org.has_level(level):
            levels = [lv.name for lv in org.levels] if org else []
            raise UserError(
                f"response_table({level!r}): keine Ebene des Organigramms; erwartet: {levels}"
            )
        units = org.units_at(level)
        with_staff = any(u.staff for u in units)
        analysis = self.results.analysis(level, "group")  # hidden by unit size
        first = self.results.analysed[0]
        sizes = {
            g["group"]: g
            for g in analysis.questions.filter(analysis.questions["question"] == first).to_dicts()
        }
        header = [self.level_label(level), self.text["name"], self.text["respondents"]]
        if with_staff:
            header += [self.text["staff"], self.text["rate"]]
        rows = []
        for unit in units:
            g = sizes.get(unit.code)
            n = None if g is None or g["suppressed"] else base_n(g, "group")
            hidden = n is None
            row = [CellContent(unit.code), CellContent(unit.name)]
            row.append(
                CellContent(f"n < {self.results.k}", suppressed=True)
                if hidden
                else CellContent(str(n))
            )
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
            row.append(
                CellContent(f"n < {self.results.k}", suppressed=True)
                if hidden
                else CellContent(str(base_n(missing, "group")))
            )
            if with_staff:
                row += [CellContent("–"), CellContent("–")]
            rows.append(tuple(row))
        total = self.results.frame.height
        total_row = [CellContent(self.text["total"]), CellContent(""), CellContent(str(total))]
        if with_staff:
            staff = sum(u.staff or 0 for u in units)
            total_row.append(CellContent(str(staff) if staff else "–"))
            total_row.append(CellContent(self.percent(100 * total / staff) if staff else "–"))
        rows.append(tuple(total_row))
        notes = []
        if any(c.suppressed for r in rows for c in r):
            notes.append(self.words["suppressed_note"].format(k=self.results.k))
        return TableContent(
            caption=title or self.text["responses_caption"].format(level=self.level_label(level)),
            header=tuple(header),
            rows=tuple(rows),
            notes=tuple(notes),
            numeric_from=2,
        )
