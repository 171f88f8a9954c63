"""What a page template needs, as plain dicts: labels in the respondent's language, options
with their state, the error of each question, and the filters for the browser."""

from __future__ import annotations

import json

from lipkit.study.expressions import references
from lipkit.study.model import Question, QuestionType
from lipkit.survey.form import MAX_TEXT, OnlineForm, Page, time_kind

KINDS = {
    QuestionType.SELECT_ONE: "select_one",
    QuestionType.SELECT_MULTIPLE: "select_multiple",
    QuestionType.TEXT: "text",
    QuestionType.INTEGER: "integer",
    QuestionType.DECIMAL: "decimal",
    QuestionType.DATE: "date",
    QuestionType.NOTE: "note",
}


def page_items(
    form: OnlineForm,
    page: Page,
    answers: dict,
    errors: dict[str, str],
    language: str,
    typed: dict[str, str] | None = None,
) -> list[dict]:
    """``typed``: what the respondent typed into fields whose value was refused; shown
    again instead of the stored answer, so nothing typed is wiped by an error."""
    items = []
    on_page = {q.name for q in page.questions}
    typed = typed or {}
    for item in page.items:
        if item.matrix is not None:
            rows = [
                _question(form, q, answers, errors, language, on_page, typed) for q in item.items
            ]
            first = item.items[0]
            columns = [
                form.label(c.label, language, c.name)
                for c in form.questionnaire.choice_list(first).choices
            ]
            items.append(
                {
                    "kind": "matrix",
                    "name": item.matrix.name,
                    "id": f"m-{item.matrix.name}",
                    "label": form.label(item.matrix.label, language, item.matrix.name),
                    "columns": columns,
                    "rows": rows,
                    "visible": form.shown_group(item.matrix.name, answers)
                    and any(r["visible"] for r in rows),
                    "relevance": json.dumps(form.relevance_json(item.matrix.name)),
                    "error": any(r["error"] for r in rows),
                }
            )
        else:
            items.extend(
                _question(form, q, answers, errors, language, on_page, typed)
                for q in item.questions
            )
    return items


def _question(
    form: OnlineForm,
    q: Question,
    answers: dict,
    errors: dict[str, str],
    language: str,
    on_page: set[str],
    typed: dict[str, str],
) -> dict:
    value = typed.get(q.name, answers.get(q.name))
    chosen = set(value if isinstance(value, list) else [] if value is None else [str(value)])
    options = []
    if q.list_name:
        # A choice filter that reads only earlier pages is applied here, so that a browser
        # without JavaScript offers the right options too; one that reads this page's
        # answers gets every option, narrowed in the browser (and checked on the server).
        choice_filter = form.logic.expression(q.name, "choice_filter")
        reads = references(choice_filter) if choice_filter is not None else set()
        offered = set(form.choices(q, answers)) if not reads & on_page else None
        exclusive = set(form.questionnaire.exclusive_codes(q))
        missing = set(form.questionnaire.missing_codes(q))
        for i, choice in enumerate(form.questionnaire.choice_list(q).choices):
            if offered is not None and choice.name not in offered:
                continue
            options.append(
                {
                    "value": choice.name,
                    "id": f"q-{q.name}-{i}",
                    "label": form.label(choice.label, language, choice.name),
                    "checked": choice.name in chosen,
                    "exclusive": choice.name in exclusive,
                    "missing": choice.name in missing,
                    "filters": json.dumps(choice.filters) if choice.filters else "",
                }
            )
    hint = form.label(q.hint, language)
    return {
        "anchor": options[0]["id"] if options else f"q-{q.name}-first",
        "kind": time_kind(q) or KINDS[q.type],
        "name": q.name,
        "id": f"q-{q.name}",
        "label": form.label(q.label, language, q.name),
        "hint": hint,
        "required": q.required,
        "error": errors.get(q.name, ""),
        "visible": form.shown(q, answers),
        "relevance": json.dumps(form.relevance_json(q.name)),
        "choice_filter": json.dumps(form.choice_filter_json(q)) if q.choice_filter else "",
        "options": options,
        "value": "" if value is None or isinstance(value, list) else str(value),
        "multiline": "multiline" in (q.appearance or "") or q.type == QuestionType.TEXT,
        "maxlength": MAX_TEXT,
        "multiple": q.type == QuestionType.SELECT_MULTIPLE,
    }
