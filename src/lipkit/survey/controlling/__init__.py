"""Controlling online: the integration plan (``lipkit.controlling``) in the survey app.

A coordinator creates a plan from a study folder (ZIP) or the plan workbook, opens reporting
rounds; owners report their measures' and indicators' values; the coordinator approves or
returns them. Every change is kept in an append-only audit trail. The plan can be
downloaded again as the workbook and as a study folder, so ``lipkit plan status`` and
``lipkit report`` run on it (docs/survey.md, "Controlling online").

Models (``models``), reads (``selectors``), changes (``services``), pages (``views``).
"""
