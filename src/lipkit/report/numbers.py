"""The report's access to results: every number comes from the analysis engine, suppressed.

:class:`Results` runs :func:`lipkit.analysis.engine.analyze` once per breakdown and base
(all questions at a time) and answers the lookups that figures, tables and the text's number
calls make. A lookup of a suppressed value returns ``None``; callers render "nicht
ausgewiesen" and warn. Nothing here formats numbers for people.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import polars as pl

from lipkit.analysis.engine import Analysis, Base, analyze
from lipkit.catalogue import Text
from lipkit.errors import UserError
from lipkit.privacy.decide import published_decisions
from lipkit.privacy.pattern import Decisions
from lipkit.study.model import Capability, Group, Question, Study


@dataclass(frozen=True)
class GroupRef:
    """A group of a breakdown: ``by`` (org level or question) and its code/option."""

    by: str
    code: str


class Results:
    def __init__(
        self, study: Study, frame: pl.DataFrame, *, privacy_cache: Path | None = None
    ) -> None:
        """``privacy_cache``: where the complementary suppressions of this data state are
        kept (the study folder's ``.lipkit-cache/privacy``), else computed in this process."""
        self.study = study
        self.frame = frame
        self.privacy_cache = privacy_cache
        self.k = study.settings.k
        self._analyses: dict[tuple[str | None, str], Analysis] = {}
        self._raw: dict[tuple[str | None, str], Analysis] = {}  # unsuppressed: labels only

    # -- names ------------------------------------------------------------------------------
    def matrix(self, name: str) -> Group | None:
        return next((g for g in self.study.questionnaire.groups() if g.name == name), None)

    def items(self, name: str) -> list[Question]:
        """The question, or the items of a matrix, named ``name``."""
        q = self.study.questionnaire
        if q.has_question(name):
            return [q.question(name)]
        group = self.matrix(name)
        if group is not None:
            items = [i for i in group.items if isinstance(i, Question)]
            if items:
                return items
        names = [x.name for x in q.questions() if x.type.can(Capability.REPORTED)]
        raise UserError(
            Text("numbers.unknown_question", name=repr(name), some=", ".join(names[:5]))
        )

    def group_ref(self, group: str, by: str | None) -> GroupRef:
        """Find the breakdown a group code belongs to: the org level that has such a unit."""
        org = self.study.org
        if by is not None:
            if org is not None and org.has_level(by):
                codes = [u.code for u in org.units_at(by)]
            elif self.study.questionnaire.has_question(by):
                codes = self.study.questionnaire.choice_list(by).names()
            else:
                raise UserError(Text("numbers.unknown_by", by=repr(by)))
            if group not in codes:
                raise UserError(
                    Text("numbers.unknown_group", group=repr(group), by=repr(by), codes=codes)
                )
            return GroupRef(by, group)
        levels = [lv.name for lv in org.levels] if org else []
        if org is not None:
            for level in levels:
                if any(u.code == group for u in org.units_at(level)):
                    return GroupRef(level, group)
        if levels:
            raise UserError(
                Text("numbers.not_a_unit_of", group=repr(group), levels=", ".join(levels))
            )
        raise UserError(Text("numbers.not_a_unit", group=repr(group)))

    # -- analyses ---------------------------------------------------------------------------
    @cached_property
    def analysed(self) -> list[str]:
        return [
            q.name for q in self.study.questionnaire.questions() if q.type.can(Capability.REPORTED)
        ]

    @cached_property
    def decisions(self) -> Decisions:
        """The complementary suppressions every output applies (the CLI's and the
        dashboard's too), so that the report hides what they hide."""
        return published_decisions(self.study, self.frame, cache_dir=self.privacy_cache)

    def analysis(self, by: str | None = None, base: Base = "answered") -> Analysis:
        key = (by, base)
        if key not in self._analyses:
            self._analyses[key] = analyze(
                self.study,
                self.frame,
                questions=self.analysed,
                by=by,
                base=base,
                k=self.k,
                decisions=self.decisions,
            )
        return self._analyses[key]

    def hidden_as_complement(
        self, analysis: Analysis, question: str, code: str, base: Base
    ) -> bool:
        """Whether a hidden group is hidden only as a complement (its own n is at least k).

        Read from the analysis where it says so (a ``complement`` column); otherwise the
        group's own n is counted without suppression. That count decides a label ("n < 5"
        or "nicht ausgewiesen") and is never printed.
        """
        rows = analysis.questions.filter(
            (pl.col("question") == question) & (pl.col("group") == code)
        )
        if "complement" in rows.columns and rows.height:
            return bool(rows["complement"][0])
        key = (analysis.by, base)
        if key not in self._raw:
            self._raw[key] = analyze(
                self.study, self.frame, questions=self.analysed, by=analysis.by, base=base, k=1
            )
        raw = self._raw[key].questions.filter(
            (pl.col("question") == question) & (pl.col("group") == code)
        )
        return bool(raw.height) and raw["n"][0] >= self.k

    def question_row(self, name: str, group: GroupRef | None, base: Base = "answered") -> dict:
        analysis = self.analysis(group.by if group else None, base)
        code = group.code if group else None
        rows = analysis.questions.filter(
            (pl.col("question") == name)
            & (pl.col("group").is_null() if code is None else pl.col("group") == code)
        ).to_dicts()
        if not rows:
            if code:
                raise UserError(Text("numbers.no_results_in", name=repr(name), group=code))
            raise UserError(Text("numbers.no_results", name=repr(name)))
        return rows[0]

    def option_rows(self, name: str, group: GroupRef | None, base: Base = "answered") -> list[dict]:
        analysis = self.analysis(group.by if group else None, base)
        code = group.code if group else None
        return analysis.results.filter(
            (pl.col("question") == name)
            & (pl.col("group").is_null() if code is None else pl.col("group") == code)
        ).to_dicts()

    def option_row(self, name: str, option: str, group: GroupRef | None, base: Base) -> dict:
        options = self.study.questionnaire.choice_list(name).names()
        if option not in options:
            raise UserError(
                Text(
                    "numbers.unknown_option",
                    name=repr(name),
                    option=repr(option),
                    options=", ".join(options),
                )
            )
        return next(r for r in self.option_rows(name, group, base) if r["option"] == option)

    # -- numbers ----------------------------------------------------------------------------
    def respondents(self, group: GroupRef | None) -> int | None:
        if group is None:
            return self.frame.height
        # On base "group", so that the group's size, not one question's n, decides.
        row = self.question_row(self.analysed[0], group, "group")
        return None if row["suppressed"] else row["n_group"]

    def n(self, name: str, group: GroupRef | None, base: Base = "answered") -> int | None:
        """The figure's n of a question (the largest item n of a matrix)."""
        values = []
        for item in self.items(name):
            row = self.question_row(item.name, group, base)
            if row["suppressed"]:
                return None
            values.append(row["n"])
        return max(values)

    def count(self, name: str, option: str, group: GroupRef | None, base: Base) -> int | None:
        row = self.option_row(name, option, group, base)
        return None if row["suppressed"] else row["count"]

    def percent(self, name: str, option: str, group: GroupRef | None, base: Base) -> float | None:
        row = self.option_row(name, option, group, base)
        return None if row["suppressed"] else row["percent"]

    def summary(self, name: str, key: str, group: GroupRef | None, base: Base) -> float | None:
        question = self.study.questionnaire.question(name)
        if key in ("top2", "bottom2", "mean") and question.scale is None:
            raise UserError(Text("numbers.needs_scale", call=f"{key}()", name=repr(name)))
        row = self.question_row(name, group, base)
        return None if row["suppressed"] else row[key]
