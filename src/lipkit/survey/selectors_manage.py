"""Reads for the team's management pages: the list of surveys, a survey's numbers, the
preview of its questionnaire. Only counts about answers — never which invitation answered."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Max, QuerySet

from lipkit import catalogue
from lipkit.study.model import Question
from lipkit.survey.form import OnlineForm, Page
from lipkit.survey.models import ExportRecord, Invitation, Survey
from lipkit.survey.services.invitations import Counts, counts


@dataclass(frozen=True)
class SurveyNumbers:
    responses: int
    invitations: Counts


def survey_numbers(survey: Survey) -> SurveyNumbers:
    return SurveyNumbers(responses=survey.responses.count(), invitations=counts(survey))


def export_records(survey: Survey, limit: int = 20) -> list[ExportRecord]:
    """The latest raw exports of the survey: who, when, which format, how many rows."""
    return list(ExportRecord.objects.filter(survey=survey).order_by("-at")[:limit])


def missing_texts(survey: Survey) -> list[str]:
    """What a German public body must show respondents and the survey does not say yet."""
    missing = []
    if not survey.controller.strip():
        missing.append(catalogue.text("team_page.missing_controller"))
    if not survey.imprint.strip() and not survey.controller.strip():
        missing.append(catalogue.text("team_page.missing_imprint"))
    return missing


def invitation_list(survey: Survey) -> QuerySet[Invitation]:
    """Address and invitation day only. Neither whether an invitation was used nor the day
    of its last reminder (which only unused invitations get) is read here."""
    return Invitation.objects.filter(survey=survey).only("email", "sent_on").order_by("email")


def last_reminder(survey: Survey) -> date | None:
    """The day of the latest reminder, for the survey as a whole."""
    return Invitation.objects.filter(survey=survey).aggregate(day=Max("reminded_on"))["day"]


def preview_pages(form: OnlineForm, language: str) -> list[dict]:
    """Every page with every question shown, each marked with the filter that decides
    whether respondents see it (the page's group, a matrix, the question itself)."""
    from lipkit.survey.presenters import page_items

    pages = []
    for page in form.pages:
        items = page_items(form, page, {}, {}, language)
        page_groups = _page_groups(form, page)
        for item, source in zip(items, page.items, strict=True):
            item["visible"] = True
            if item["kind"] == "matrix":
                first = source.items[0]
                groups = [g for g in form.questionnaire.parents(first.name) if g not in page_groups]
                item["filters"] = [g.relevant for g in groups if g.relevant]
                for row, question in zip(item["rows"], source.items, strict=True):
                    row["visible"] = True
                    row["filters"] = _own(question)
                    row["choice_filter_text"] = question.choice_filter or ""
            else:
                (question,) = source.questions
                groups = [
                    g for g in form.questionnaire.parents(question.name) if g not in page_groups
                ]
                item["filters"] = [g.relevant for g in groups if g.relevant] + _own(question)
                item["choice_filter_text"] = question.choice_filter or ""
        title = form.label(page.title, language)
        pages.append(
            {
                "number": page.number,
                "title": title,
                "filters": [g.relevant for g in page_groups if g.relevant],
                "items": items,
            }
        )
    return pages


def _own(question: Question) -> list[str]:
    return [question.relevant] if question.relevant and question.relevant.strip() else []


def _page_groups(form: OnlineForm, page: Page) -> list:
    if page.group is None:
        return []
    first = page.questions[0] if page.questions else None
    if first is None:
        return [page.group]
    parents = list(form.questionnaire.parents(first.name))
    # The page's group and the groups around it (a page is a top-level group).
    return parents[: parents.index(page.group) + 1] if page.group in parents else [page.group]
