"""The dashboard's snapshot: which responses it shows.

A live dashboard changes with every response, so whoever reloads it before and after one
known colleague answered sees that colleague's answers as the difference (and the unit, in
the responses per unit). The dashboard therefore shows a fixed set of responses, which takes
in the new ones only when at least k of them (the study's minimum group size) have come in
since: any two states of the dashboard differ by k responses or more.

The snapshot moves when the dashboard is looked at, never by a response arriving (sending a
questionnaire writes nothing but the response).
"""

from __future__ import annotations

from django.db import transaction

from lipkit.survey.models import DashboardSnapshot, Response, Survey
from lipkit.survey.services.submissions import release
from lipkit.survey.services.surveys import study_of


def current(survey: Survey) -> DashboardSnapshot:
    """The snapshot to show, moved first when at least k new responses are waiting."""
    release(survey)  # after the closing day, whatever still waits belongs to the results
    k = study_of(survey).settings.k
    snapshot = DashboardSnapshot.objects.filter(survey=survey).first()
    shown = len(snapshot.response_ids) if snapshot is not None else 0
    # Responses are never deleted, so fewer than k more in all means fewer than k new:
    # the common case costs one count and takes no lock.
    if snapshot is not None and Response.objects.filter(survey=survey).count() - shown < k:
        return snapshot
    with transaction.atomic():
        snapshot, _ = DashboardSnapshot.objects.select_for_update().get_or_create(survey=survey)
        ids = {str(i) for i in Response.objects.filter(survey=survey).values_list("id", flat=True)}
        if len(ids - set(snapshot.response_ids)) >= k:
            snapshot.response_ids = sorted(ids)
            snapshot.save(update_fields=["response_ids"])
    return snapshot
