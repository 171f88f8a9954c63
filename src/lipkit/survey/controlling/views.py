"""The pages of controlling online (thin: reads in ``selectors``, changes in ``services``).

Every page of a plan is wrapped in :func:`plan_view` with the role it needs: no login → the
login page; a login without a role on the plan → 404 (as if it did not exist); a role too
small → 403; coordinator > owner > reader, where an owner's page is for owners (and the
coordinator) only.
"""

from __future__ import annotations

import datetime as dt
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lipkit.controlling.model import Titled, Unit, survey_origin, values_by_indicator
from lipkit.controlling.status import Status, expected_at, summarise
from lipkit.controlling.value_text import comment_text, question_label, source_text
from lipkit.survey.controlling import selectors, services
from lipkit.survey.controlling.charts import indicator_chart
from lipkit.survey.controlling.kept import Kept
from lipkit.survey.controlling.models import ControlPlan, Correction, Report
from lipkit.survey.controlling.texts import MEASURE_STATUS, RANGES, UNITS, language_of, words
from lipkit.survey.services.setup import Upload

COORDINATOR, OWNER, READER = selectors.COORDINATOR, selectors.OWNER, selectors.READER
ALLOWED = {
    COORDINATOR: {COORDINATOR},
    OWNER: {OWNER, COORDINATOR},
    READER: {READER, OWNER, COORDINATOR},
}
PAGE_ROWS = 100


def see_other(url: str) -> HttpResponse:
    response = HttpResponse(status=303)
    response["Location"] = url
    return response


def _context(request, **extra):
    lang = language_of(request)
    return {"t": words(lang), "lang": lang, **extra}


def plan_view(needed: str):
    def decorate(view):
        @wraps(view)
        def wrapped(request: HttpRequest, slug: str, *args, **kwargs):
            found = selectors.access(request.user, slug)  # the plan and the role: one query
            if found is None:
                raise Http404("no such plan for this login")
            if found.role not in ALLOWED[needed]:
                return render(
                    request, "survey/controlling/forbidden.html", _context(request), status=403
                )
            request.plan_role = found.role
            request.plan_owner_as = found.owner_as
            return view(request, found.plan, *args, **kwargs)

        wrapped.__dict__["plan_role_needed"] = needed  # read by the test of every URL
        return login_required(wrapped)

    return decorate


# -- the list of plans and a new plan -----------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def home(request: HttpRequest) -> HttpResponse:
    ctx = _context(request)
    errors: list[str] = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            errors = [ctx["t"]["file_hint"]]
        else:
            try:
                created = services.create_plan(
                    Upload(upload.name, upload.content_type or "", upload.read()),
                    user=request.user,
                    title=request.POST.get("title", ""),
                    lang=ctx["lang"],
                )
            except services.Refused as refused:
                errors = refused.messages
            else:
                messages.success(request, ctx["t"]["created"].format(title=created.plan.title))
                for warning in created.warnings[:20]:
                    messages.warning(request, warning)
                return see_other(reverse("controlling:dashboard", args=[created.plan.slug]))
    ctx.update(
        plans=selectors.visible_plans(request.user),
        errors=errors,
        title=request.POST.get("title", ""),
    )
    return render(request, "survey/controlling/home.html", ctx, status=400 if errors else 200)


# -- the dashboard ------------------------------------------------------------------------------


def _title(item: Titled | None, lang: str, fallback: str = "") -> dict[str, str]:
    """A plan item's title in the page's language and, where the plan has none in it, the
    language of the title shown (``lang`` of its cell)."""
    if item is None:
        return {"title": fallback, "title_lang": ""}
    return {"title": item.title_in(lang), "title_lang": item.title_lang(lang)}


def _status(s: Status, lang: str) -> dict:
    return {"key": str(s), "symbol": s.symbol, "label": s.label(lang)}


@require_GET
@plan_view(READER)
def dashboard(request: HttpRequest, plan: ControlPlan) -> HttpResponse:
    ctx = _context(request, plan=plan, role=request.plan_role)
    lang = ctx["lang"]
    rounds = list(plan.rounds.order_by("-date")[:2])
    default = rounds[0].date if rounds else timezone.localdate()
    date = services.parse_day(request.GET.get("date", "")) or default
    dez = request.GET.get("dezernat", "")
    owner = request.GET.get("owner", "")
    wanted = request.GET.get("status", "")
    page = max(
        1, int(request.GET.get("seite", "1") or 1) if request.GET.get("seite", "1").isdigit() else 1
    )
    query = request.GET.copy()
    query.pop("seite", None)
    previous = rounds[1] if len(rounds) > 1 else None
    approved = selectors.approved_states(plan)
    # the tables and charts depend only on the plan's state, the measures' approved status, the
    # date, the previous round, the language, the filters and the page: drawn once per process
    key = (
        *selectors.state_key(plan),
        plan.slug,
        date,
        previous.date if previous else None,
        lang,
        dez,
        owner,
        wanted,
        page,
        query.urlencode(),
        approved,
    )
    progress = None
    progress_key: tuple = ()
    if rounds:
        rows, total = selectors.round_progress(rounds[0], timezone.localdate())
        progress = {"round": rounds[0], "rows": rows, "total": total}
        progress_key = (
            rounds[0].pk,
            rounds[0].period,
            rounds[0].due,
            tuple((r.unit, tuple(sorted(r.counts.items())), r.overdue) for r in [*rows, total]),
        )

    def draw() -> str:
        parsed = selectors.structure(plan)
        rows_html = _dashboard_rows.get(
            key,
            lambda: _render_dashboard_rows(
                plan,
                parsed,
                selectors.measure_states(plan, parsed, approved),
                date,
                previous,
                dict(ctx),
                dez,
                owner,
                wanted,
                page,
                query,
            ),
        )
        units = plan.units or {}
        dezernate = sorted({v[1] for v in units.values()})
        return render_to_string(
            "survey/controlling/_dashboard_main.html",
            {
                **ctx,
                "date": date,
                "rows_html": rows_html,
                "progress": progress,
                "previous_round": previous,
                "dezernate": [(d, units.get(d, [d])[0]) for d in dezernate],
                "owners": sorted((c, v[0]) for c, v in units.items()),
                "statuses": [(str(s), f"{s.symbol} {s.label(lang)}") for s in Status],
                "chosen": {"dezernat": dez, "owner": owner, "status": wanted},
            },
        )

    # the whole page but its frame (login, messages, CSRF token) likewise, with the plan's title,
    # the role (which links it shows) and the round's progress besides
    main_html = _dashboard_main.get((*key, plan.title, request.plan_role, progress_key), draw)
    ctx.update(main_html=mark_safe(main_html))
    return render(request, "survey/controlling/dashboard.html", ctx)


_dashboard_main: Kept[str] = Kept(256)
_dashboard_rows: Kept[str] = Kept(256)


def _render_dashboard_rows(
    plan, parsed, states, date, previous, ctx, dez, owner, wanted, page, query
) -> str:
    """The dashboard's status tree, measures, indicators and charts (one page of rows) as HTML."""
    lang, t = ctx["lang"], ctx["t"]
    status = selectors.status_at(plan, date)
    before = selectors.status_at(plan, previous.date) if previous else None
    units = plan.units or {}

    def unit_ok(code: str) -> bool:
        if owner and code != owner:
            return False
        return not dez or (units.get(code, [code, code])[1] == dez)

    def status_ok(s: Status) -> bool:
        return not wanted or str(s) == wanted

    def change(new: Status, old: Status | None) -> dict | None:
        if old is None or old == new:
            return None
        return _status(old, lang)

    nodes = [
        {
            "level": n.level,
            "kind": (t["field"], t["strategic_goal"], t["goal"])[n.level - 1],
            "id": n.id,
            **_title(titled.get(n.id), lang, n.title),
            "status": _status(n.status, lang),
            "counts": ", ".join(f"{c} {s.symbol}" for s, c in n.counts.items()),
            "was": change(n.status, before_nodes.get(n.id)) if before else None,
        }
        for titled in [parsed.titled()]
        for before_nodes in [{n.id: n.status for n in before.nodes} if before else {}]
        for n in status.nodes
        if status_ok(n.status)
    ]
    of_measure: dict[str, list[str]] = {}
    for i in parsed.indicators:
        if i.measure:
            of_measure.setdefault(i.measure, []).append(i.id)
    measures = []
    for m in parsed.measures:
        s, _ = summarise(status.indicators[i].status for i in of_measure.get(m.id, []))
        if not unit_ok(m.owner.unit) or not status_ok(s):
            continue
        old = (
            summarise(before.indicators[i].status for i in of_measure.get(m.id, []))[0]
            if before
            else None
        )
        measures.append(
            {
                "id": m.id,
                **_title(m, lang),
                "unit": units.get(m.owner.unit, [m.owner.unit])[0],
                "implementation": MEASURE_STATUS[lang].get(states.get(m.id, ""), ""),
                "implementation_key": states.get(m.id, ""),
                "status": _status(s, lang),
                "was": change(s, old),
            }
        )
    indicators = []
    for i in parsed.indicators:
        st = status.indicators[i.id]
        if not unit_ok(i.responsible.unit) or not status_ok(st.status):
            continue
        indicators.append(
            {
                "ind": i,
                "id": i.id,
                **_title(i, lang),
                "subject": i.measure or i.id,
                "unit": units.get(i.responsible.unit, [i.responsible.unit])[0],
                "status": _status(st.status, lang),
                "level": _num(st.level, lang),
                "expected": _num(st.expected, lang),
                "target": _num(st.next_target.value if st.next_target else None, lang),
                "was": change(st.status, before.indicators[i.id].status if before else None),
            }
        )
    shown_m = measures[(page - 1) * PAGE_ROWS : page * PAGE_ROWS]
    shown_i = indicators[(page - 1) * PAGE_ROWS : page * PAGE_ROWS]
    values = _values_by_indicator(plan, parsed)
    for n, row in enumerate(shown_i):
        row["alt"] = indicator_chart(
            selectors.state_key(plan), row["ind"], status.indicators[row["id"]], values, date, lang
        ).alt
        row["chart_id"] = f"chart-{n}"
        row["unit_name"] = UNITS[lang][str(row["ind"].unit)]
    pages = max(1, -(-max(len(measures), len(indicators)) // PAGE_ROWS))
    ctx.update(
        date=date,
        nodes=nodes,
        measures=shown_m,
        indicators=shown_i,
        n_measures=len(measures),
        n_indicators=len(indicators),
        page=page,
        pages=pages,
        next_page=page + 1 if page < pages else None,
        prev_page=page - 1 if page > 1 else None,
        query=query.urlencode(),
        previous_round=previous,
    )
    return mark_safe(render_to_string("survey/controlling/_dashboard_rows.html", ctx))


def _values_by_indicator(plan: ControlPlan, parsed):
    """The plan's values by indicator, read once and only when a chart is drawn."""
    found: dict[str, list] = {}

    def read() -> dict[str, list]:
        if not found:
            found.update(values_by_indicator(selectors.all_values(plan, parsed)))
            found.setdefault("", [])
        return found

    return read


def _num(value: float | None, lang: str) -> str:
    if value is None:
        return "–"
    text = f"{value:,.1f}" if not float(value).is_integer() else f"{value:,.0f}"
    if lang == "de":
        text = text.replace(",", " ").replace(".", ",").replace(" ", ".")
    return text


# -- one measure or indicator: charts, values, audit trail --------------------------------------


@require_GET
@plan_view(READER)
def subject(request: HttpRequest, plan: ControlPlan, subject: str) -> HttpResponse:
    ctx = _context(request, plan=plan, role=request.plan_role)
    lang, t = ctx["lang"], ctx["t"]
    parsed = selectors.structure(plan)
    measure = next((m for m in parsed.measures if m.id == subject), None)
    if measure is not None:
        inds = [i for i in parsed.indicators if i.measure == subject]
        title = measure.title_in(lang)
        title_lang = measure.title_lang(lang)
    else:
        inds = [i for i in parsed.indicators if i.id == subject]
        if not inds:
            raise Http404("no such measure or indicator")
        title, title_lang = inds[0].title_in(lang), inds[0].title_lang(lang)
    values = selectors.all_values(plan, parsed)
    rounds = list(plan.rounds.order_by("-date")[:1])
    date = services.parse_day(request.GET.get("date", "")) or (
        rounds[0].date if rounds else timezone.localdate()
    )
    status = selectors.status_at(plan, date)
    by_ind = values_by_indicator(values)
    surveyed = any(
        survey_origin(v.source) is not None for ind in inds for v in by_ind.get(ind.id, [])
    )
    label = question_label(selectors.question_labels(plan) if surveyed else {}, lang)
    charts = []
    for n, ind in enumerate(inds):
        mine = by_ind.get(ind.id, [])
        charts.append(
            {
                "ind": ind,
                **_title(ind, lang),
                "unit": UNITS[lang][str(ind.unit)],
                "alt": indicator_chart(
                    selectors.state_key(plan),
                    ind,
                    status.indicators[ind.id],
                    lambda: by_ind,
                    date,
                    lang,
                ).alt,
                "title_id": f"chart-{n}",
                "rows": [
                    {
                        "kind": t[
                            {"baseline": "baseline", "target": "target", "actual": "value"}[
                                str(v.kind)
                            ]
                        ],
                        "date": v.date,
                        "value": _num(v.value, lang),
                        "source": source_text(v.source, lang, label),
                        "comment": comment_text(v.comment, lang),
                    }
                    for v in sorted(mine, key=lambda v: (v.date, str(v.kind)))
                ],
            }
        )
    entries = [
        {
            "at": e.at,
            "username": e.username,
            "subject": e.subject,
            **{column: e.shown(column, lang) for column in e.COLUMNS},
        }
        for e in plan.audit.filter(subject__in=[subject, *[i.id for i in inds]]).order_by(
            "at", "pk"
        )
    ]
    ctx.update(
        subject=subject,
        title=title,
        title_lang=title_lang,
        measure=measure,
        charts=charts,
        entries=entries,
        date=date,
    )
    return render(request, "survey/controlling/subject.html", ctx)


@require_GET
@plan_view(READER)
def chart(request: HttpRequest, plan: ControlPlan, indicator: str) -> HttpResponse:
    """One indicator's chart as an SVG file (``?date=``, ``?lang=``; ``?r=`` the plan's
    revision, so that a browser may keep it)."""
    parsed = selectors.structure(plan)
    try:
        ind = parsed.indicator(indicator)
    except KeyError:
        raise Http404("no such indicator") from None
    date = services.parse_day(request.GET.get("date", "")) or timezone.localdate()
    asked = request.GET.get("lang", "")
    lang = asked if asked in ("de", "en") else language_of(request)
    drawn = indicator_chart(
        selectors.state_key(plan),
        ind,
        selectors.status_at(plan, date).indicators[ind.id],
        _values_by_indicator(plan, parsed),
        date,
        lang,
    )
    response = HttpResponse(drawn.svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_GET
@plan_view(COORDINATOR)
def audit_export(request: HttpRequest, plan: ControlPlan) -> HttpResponse:
    subject = request.GET.get("subject")
    text = services.audit_csv(plan, [subject] if subject else None, language_of(request))
    response = HttpResponse(text.encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{plan.slug}-protokoll.csv"'
    return response


@require_GET
@plan_view(READER)
def download(request: HttpRequest, plan: ControlPlan, kind: str) -> HttpResponse:
    if kind == "xlsx":
        data = services.workbook_bytes(plan, by=request.user)
        response = HttpResponse(
            data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        name = f"{plan.slug}-plan.xlsx"
    elif kind == "zip":
        response = HttpResponse(
            services.folder_bytes(plan, by=request.user), content_type="application/zip"
        )
        name = f"{plan.slug}.zip"
    else:
        raise Http404("unknown format")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# -- a newer version of the plan ---------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@plan_view(COORDINATOR)
def replace(request: HttpRequest, plan: ControlPlan) -> HttpResponse:
    ctx = _context(request, plan=plan, role=request.plan_role)
    errors: list[str] = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            errors = [ctx["t"]["file_hint"]]
        else:
            before = plan.audit.count()
            try:
                done = services.replace_plan(
                    plan,
                    Upload(upload.name, upload.content_type or "", upload.read()),
                    by=request.user,
                    lang=ctx["lang"],
                )
            except services.Refused as refused:
                errors = refused.messages
            else:
                n = plan.audit.count() - before
                messages.success(request, ctx["t"]["replaced"].format(n=n))
                for warning in done.warnings[:20]:
                    messages.warning(request, warning)
                return see_other(reverse("controlling:dashboard", args=[plan.slug]))
    ctx.update(errors=errors)
    return render(request, "survey/controlling/replace.html", ctx, status=400 if errors else 200)


# -- roles --------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@plan_view(COORDINATOR)
def roles(request: HttpRequest, plan: ControlPlan) -> HttpResponse:
    ctx = _context(request, plan=plan, role=request.plan_role)
    errors: list[str] = []
    if request.method == "POST":
        try:
            if request.POST.get("action") == "remove":
                uid = request.POST.get("user", "")
                if uid.isdigit():
                    services.remove_person(plan, by=request.user, user_id=int(uid))
            else:
                services.add_person(
                    plan,
                    by=request.user,
                    username=request.POST.get("username", ""),
                    kind=request.POST.get("kind", ""),
                    password=request.POST.get("password", ""),
                    email=request.POST.get("email", ""),
                    unit=request.POST.get("unit", ""),
                    name=request.POST.get("name", ""),
                )
            return see_other(reverse("controlling:roles", args=[plan.slug]))
        except services.Refused as refused:
            errors = refused.messages
    kinds = [(k, ctx["t"][k]) for k in (COORDINATOR, OWNER, READER)]
    ctx.update(people=selectors.plan_roles(plan), errors=errors, kinds=kinds, form=request.POST)
    return render(request, "survey/controlling/roles.html", ctx, status=400 if errors else 200)


# -- rounds (coordinator) -----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@plan_view(COORDINATOR)
def rounds(request: HttpRequest, plan: ControlPlan) -> HttpResponse:
    ctx = _context(request, plan=plan, role=request.plan_role)
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            rnd, n = services.start_round(
                plan,
                by=request.user,
                period=request.POST.get("period", ""),
                due=request.POST.get("due", ""),
                base_url=request.build_absolute_uri("/"),
                lang=ctx["lang"],
            )
        except services.FieldErrors as refused:
            errors = refused.errors
        else:
            messages.success(request, ctx["t"]["round_opened"].format(period=rnd.period, n=n))
            return see_other(reverse("controlling:rounds", args=[plan.slug]))
    current = selectors.open_round(plan)
    reports = []
    if current is not None:
        reports = list(
            current.reports.exclude(state__in=["open"])
            .defer("evidence")
            .prefetch_related("values")
            .order_by("state", "subject")[:200]
        )
    corrections = Correction.objects.filter(
        report__round__plan=plan, state="pending"
    ).select_related("report", "report__round", "requested_by")
    progress = None
    if current is not None:
        rows, total = selectors.round_progress(current, timezone.localdate())
        progress = {"round": current, "rows": rows, "total": total}
    ctx.update(
        errors=errors,
        form=request.POST,
        current=current,
        reports=reports,
        corrections=corrections,
        all_rounds=plan.rounds.all(),
        progress=progress,
        measure_status=MEASURE_STATUS[ctx["lang"]],
    )
    return render(request, "survey/controlling/rounds.html", ctx, status=400 if errors else 200)


@require_POST
@plan_view(COORDINATOR)
def review(request: HttpRequest, plan: ControlPlan, pk: int) -> HttpResponse:
    report = get_object_or_404(Report, pk=pk, round__plan=plan)
    t = words(language_of(request))
    approve = request.POST.get("action") == "approve"
    try:
        services.review(
            report,
            by=request.user,
            approve=approve,
            note=request.POST.get("note", ""),
            lang=language_of(request),
        )
    except services.FieldErrors as refused:
        messages.error(request, f"{report.subject}: {refused.errors['note']}")
    except services.Refused as refused:
        messages.error(request, "; ".join(refused.messages))
    else:
        messages.success(
            request, f"{report.subject}: {t['approved_msg' if approve else 'returned_msg']}"
        )
    return see_other(reverse("controlling:rounds", args=[plan.slug]))


@require_POST
@plan_view(COORDINATOR)
def review_correction(request: HttpRequest, plan: ControlPlan, pk: int) -> HttpResponse:
    correction = get_object_or_404(Correction, pk=pk, report__round__plan=plan)
    approve = request.POST.get("action") == "approve"
    t = words(language_of(request))
    try:
        services.review_correction(correction, by=request.user, approve=approve)
    except services.Refused as refused:
        messages.error(request, "; ".join(refused.messages))
    else:
        messages.success(request, t["correction_approved" if approve else "correction_refused"])
    return see_other(reverse("controlling:rounds", args=[plan.slug]))


# -- an owner's page ----------------------------------------------------------------------------


def _report_rows(plan, rnd, reports, lang, posted=None, errors=None, pending=None):
    parsed = selectors.structure(plan)
    asked = {r.pk: services.report_indicators(parsed, r) for r in reports}
    # only the values of the indicators asked for (typed by hand: no ratio among them)
    by_ind = values_by_indicator(
        selectors.stored_values(plan, indicators={i.id for inds in asked.values() for i in inds})
    )
    if pending is None:  # reports from selectors.my_reports know whether a correction waits
        pending = {r.pk for r in reports if r.correction_pending}
    measures = {m.id: m for m in parsed.measures}
    rows = []
    for report in reports:
        stored = {v.indicator: v for v in report.entered}
        fields = []
        for ind in asked[report.pk]:
            mine = by_ind.get(ind.id, [])
            last = selectors.last_actual(mine, ind.id, rnd.date)
            baselines = [
                v
                for v in mine
                if str(v.kind) == "baseline" and v.date <= rnd.date and v.value is not None
            ]
            targets = sorted(
                (v for v in mine if str(v.kind) == "target" and v.value is not None),
                key=lambda v: v.date,
            )
            expected = None
            if baselines and targets:
                expected = expected_at(rnd.date, max(baselines, key=lambda v: v.date), targets)
            next_target = next(
                (v for v in targets if v.date >= rnd.date), targets[-1] if targets else None
            )
            sv = stored.get(ind.id)
            name = f"value-{ind.id}"
            if posted is not None and report.pk == posted[0]:
                raw, text = posted[1].get(name, ""), posted[1].get(f"text-{ind.id}", "")
            else:
                raw = _num(sv.value, lang).replace("–", "") if sv and sv.value is not None else ""
                raw = raw.replace(".", "") if lang == "de" else raw.replace(",", "")
                text = sv.text if sv else ""
            fields.append(
                {
                    "ind": ind,
                    "name": name,
                    "text_name": f"text-{ind.id}",
                    "raw": raw,
                    "text": text,
                    "qualitative": ind.unit == Unit.QUALITATIVE,
                    "unit": UNITS[lang][str(ind.unit)],
                    "range": RANGES[lang][str(ind.unit)],
                    "lower": str(ind.direction) == "lower",
                    "cumulative": ind.cumulative,
                    "last": _num(last.value, lang) if last else "–",
                    "last_date": last.date if last else None,
                    "expected": _num(expected, lang),
                    "target": _num(next_target.value, lang) if next_target else "–",
                    "target_date": next_target.date if next_target else None,
                    "error": (errors or {}).get(name, "")
                    if posted and report.pk == posted[0]
                    else "",
                }
            )
        title = (
            measures[report.subject] if report.is_measure else parsed.indicator(report.subject)
        ).title_in(lang)
        mine_errors = errors if posted is not None and report.pk == posted[0] else {}
        rows.append(
            {
                "report": report,
                "title": title,
                "fields": fields,
                "errors": mine_errors or {},
                "editable": report.state in ("open", "draft", "returned"),
                "status_value": posted[1].get("measure_status", "")
                if mine_errors
                else report.measure_status,
                "comment": posted[1].get("comment", "") if mine_errors else report.comment,
                "link": posted[1].get("evidence_link", "") if mine_errors else report.evidence_link,
                "pending": report.pk in pending,
            }
        )
    return rows


@require_GET
@plan_view(OWNER)
def owner(request: HttpRequest, plan: ControlPlan) -> HttpResponse:
    return _owner_page(request, plan)


def _owner_page(request, plan, *, posted=None, errors=None, status=200):
    ctx = _context(request, plan=plan, role=request.plan_role)
    lang = ctx["lang"]
    rnd = selectors.open_round(plan)
    reports = (
        selectors.my_reports(request.user, rnd, request.plan_owner_as) if rnd is not None else []
    )
    statuses = list(MEASURE_STATUS[lang].items())
    row_errors: list[bool] = []
    if rnd is None or not reports:
        reports_html = ""
    elif posted is not None:  # a form sent back with its errors: drawn for this request only
        rows = _report_rows(plan, rnd, reports, lang, posted, errors)
        row_errors = [True for r in rows if r["errors"]]
        reports_html = _render_reports(ctx, rnd, rows, statuses)
    else:
        reports_html = _owner_reports_html(plan, rnd, reports, ctx, statuses)
    reports_html = mark_safe(reports_html.replace(CSRF_SENTINEL, get_token(request)))
    ctx.update(
        round=rnd,
        reports_html=reports_html,
        n_rows=len(reports),
        row_errors=row_errors,
        overdue=rnd is not None and timezone.localdate() > rnd.due,
    )
    return render(request, "survey/controlling/owner.html", ctx, status=status)


# The owner's reports as HTML, kept per process: the key holds the plan's state, the round, the
# language, and every stored field of each report (but the evidence file), its values and whether
# a correction is pending, so a draft saved or a report reviewed draws it anew. The form's CSRF
# token differs per request: the kept HTML holds a placeholder, replaced on every request.
CSRF_SENTINEL = "lipkitcsrfplaceholder"
_owner_reports: Kept[str] = Kept(512)
_REPORT_FIELDS = [f.attname for f in Report._meta.concrete_fields if f.name != "evidence"]


def _owner_reports_html(plan, rnd, reports, ctx, statuses) -> str:
    pending = {r.pk for r in reports if r.correction_pending}
    key = (
        *selectors.state_key(plan),
        plan.slug,
        ctx["lang"],
        rnd.pk,
        rnd.date,
        rnd.period,
        tuple(
            (
                tuple(getattr(r, name) for name in _REPORT_FIELDS),
                tuple(sorted((v.indicator, v.value, v.text) for v in r.entered)),
                r.pk in pending,
            )
            for r in reports
        ),
    )
    return _owner_reports.get(
        key,
        lambda: _render_reports(
            ctx, rnd, _report_rows(plan, rnd, reports, ctx["lang"], pending=pending), statuses
        ),
    )


def _render_reports(ctx, rnd, rows, statuses) -> str:
    return render_to_string(
        "survey/controlling/_owner_reports.html",
        {**ctx, "round": rnd, "rows": rows, "statuses": statuses, "csrf_token": CSRF_SENTINEL},
    )


def _my_report(request, plan, pk) -> Report:
    report = get_object_or_404(
        Report.objects.select_related("round", "round__plan"), pk=pk, round__plan=plan
    )
    if request.plan_role != COORDINATOR and not selectors.owns(request.user, report):
        raise Http404("not this owner's report")
    return report


@require_POST
@plan_view(OWNER)
def save(request: HttpRequest, plan: ControlPlan, pk: int) -> HttpResponse:
    report = _my_report(request, plan, pk)
    lang = language_of(request)
    t = words(lang)
    send = request.POST.get("action") == "send"
    auto = request.headers.get("X-Autosave") == "1"
    try:
        errors = services.save_report(
            report,
            user=request.user,
            data=request.POST,
            evidence=request.FILES.get("evidence_file"),
            send=send,
            lang=lang,
        )
    except services.Refused as refused:
        if auto:
            return JsonResponse({"saved": False, "errors": {}}, status=409)
        messages.error(request, "; ".join(refused.messages))
        return see_other(reverse("controlling:owner", args=[plan.slug]))
    if auto:
        return JsonResponse({"saved": not errors, "errors": errors}, status=400 if errors else 200)
    if errors:
        return _owner_page(
            request, plan, posted=(report.pk, request.POST), errors=errors, status=400
        )
    messages.success(request, f"{report.subject}: {t['report_sent' if send else 'draft_saved']}")
    return see_other(reverse("controlling:owner", args=[plan.slug]) + f"#report-{report.pk}")


@require_POST
@plan_view(OWNER)
def correction(request: HttpRequest, plan: ControlPlan, pk: int) -> HttpResponse:
    report = _my_report(request, plan, pk)
    lang = language_of(request)
    try:
        services.request_correction(
            report,
            user=request.user,
            data=request.POST,
            reason=request.POST.get("reason", ""),
            lang=lang,
        )
    except services.FieldErrors as refused:
        for message in refused.errors.values():
            messages.error(request, f"{report.subject}: {message}")
    except services.Refused as refused:
        messages.error(request, "; ".join(refused.messages))
    else:
        messages.success(request, words(lang)["correction_requested"])
    return see_other(reverse("controlling:owner", args=[plan.slug]) + f"#report-{report.pk}")


@require_GET
@plan_view(OWNER)
def evidence(request: HttpRequest, plan: ControlPlan, pk: int) -> HttpResponse:
    report = _my_report(request, plan, pk)
    if not report.evidence:
        raise Http404("no evidence")
    response = HttpResponse(bytes(report.evidence), content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{report.evidence_name or "beleg"}"'
    return response


def _today() -> dt.date:
    return timezone.localdate()


urlpatterns = [
    path("controlling/", home, name="home"),
    path("controlling/<slug:slug>/", dashboard, name="dashboard"),
    path("controlling/<slug:slug>/bericht/", owner, name="owner"),
    path("controlling/<slug:slug>/bericht/<int:pk>/", save, name="save"),
    path("controlling/<slug:slug>/bericht/<int:pk>/korrektur/", correction, name="correction"),
    path("controlling/<slug:slug>/bericht/<int:pk>/beleg/", evidence, name="evidence"),
    path("controlling/<slug:slug>/runden/", rounds, name="rounds"),
    path("controlling/<slug:slug>/runden/bericht/<int:pk>/", review, name="review"),
    path(
        "controlling/<slug:slug>/korrektur/<int:pk>/", review_correction, name="review-correction"
    ),
    path("controlling/<slug:slug>/rollen/", roles, name="roles"),
    path("controlling/<slug:slug>/plan/", replace, name="replace"),
    path("controlling/<slug:slug>/protokoll.csv", audit_export, name="audit-export"),
    path("controlling/<slug:slug>/download/<str:kind>/", download, name="download"),
    path("controlling/<slug:slug>/eintrag/<str:subject>/", subject, name="subject"),
    path("controlling/<slug:slug>/diagramm/<str:indicator>.svg", chart, name="chart"),
]
