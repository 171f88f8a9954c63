"""Storing a respondent's answers: checked once more, committed once, never linked to a person.

Two ways into the database (docs/survey.md, "Anonymity by design"):

- **open link**: the response is written at once, in the transaction that records the page
  session's submission id (as a keyed hash) as seen.
- **invitation**: in one transaction the invitation is *claimed* — the keyed hash of its id
  goes into a unique column, so a second submission for the same invitation is refused at
  once, before anything is acknowledged — and the answers wait in the pool, sealed with the
  server's key together with the invitation's id. As soon as k submissions (the study's
  minimum group size) are waiting, they are written as responses together with the marks of
  their invitations, in one transaction (so all share one transaction id), each table in its
  own random order, every response dated the day of the batch. Fewer than k are held, however
  long: written early, they would narrow the guess below 1 in k. When the survey is closed,
  what is left is written without use marks — after the close nobody can answer any more, so
  the marks are not needed, and writing them would tie fewer than k responses to their
  invitations.

Either way the thank-you page comes only after the commit: an acknowledged submission is
durable, waiting or written.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
from datetime import date, timedelta

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import Count
from django.utils import timezone

from lipkit.survey import crypto
from lipkit.survey.models import (
    Draft,
    Invitation,
    InvitationClaim,
    InvitationUse,
    PendingSubmission,
    Response,
    SubmissionSeen,
    Survey,
)
from lipkit.survey.services.surveys import RESUME_ALPHABET, is_open, online_form
from lipkit.survey.state import State

logger = logging.getLogger(__name__)
_random = secrets.SystemRandom()


class Refused(Exception):
    """The answers may not be stored; ``errors`` maps question names to messages."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(errors)
        self.errors = errors


class AlreadyUsed(Exception):
    """The session's invitation has been used (by another session of the same link)."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def claim_digest(invitation_id: str) -> str:
    return crypto.keyed_hash("invitation", str(invitation_id))


# -- invitations -----------------------------------------------------------------------------
def usable_invitation(survey: Survey, token: str) -> str | None:
    """The id of the invitation whose link carries ``token``, if it has not been used."""
    invitation = (
        Invitation.objects.filter(survey=survey, token_hash=token_hash(token)).only("pk").first()
    )
    if invitation is None or is_used(str(invitation.pk)):
        return None
    return str(invitation.pk)


def invitation_usable(survey: Survey, token: str) -> bool:
    return usable_invitation(survey, token) is not None


def is_used(invitation_id: str) -> bool:
    """Claimed by a submission (waiting or written), or marked used (also by earlier
    versions, which wrote no claims)."""
    return (
        InvitationClaim.objects.filter(digest=claim_digest(invitation_id)).exists()
        or InvitationUse.objects.filter(invitation_id=invitation_id).exists()
    )


def claimed_invitations(survey: Survey) -> set[str]:
    """The ids of the invitations of ``survey`` that have been answered, waiting or written
    (the server recomputes each invitation's keyed hash: the database alone cannot)."""
    claims = set(InvitationClaim.objects.filter(survey=survey).values_list("digest", flat=True))
    ids = [str(i) for i in Invitation.objects.filter(survey=survey).values_list("pk", flat=True)]
    used = {
        str(i)
        for i in InvitationUse.objects.filter(invitation__survey=survey).values_list(
            "invitation_id", flat=True
        )
    }
    return {i for i in ids if i in used or claim_digest(i) in claims}


# -- sending ---------------------------------------------------------------------------------
def submit(survey: Survey, state: State, today: date | None = None) -> bool:
    """Check the complete answers and store them; True if stored now, False if this
    submission (``state.submission``) was stored before (a retried or doubled request).

    Raises :class:`Refused` for answers that may not be stored and :class:`AlreadyUsed` when
    the session's invitation has been used by another submission.
    """
    form = online_form(survey)
    errors = form.check_all(state.answers, state.language)
    if errors:
        raise Refused(errors)
    today = today or date.today()
    with transaction.atomic():
        if not _first_time(state.submission):
            return False
        if state.invitation:
            _claim(survey, state.invitation)
            PendingSubmission.objects.create(survey=survey, sealed=_seal_pending(state))
        else:
            _insert_responses(survey, [(state.answers, state.language)], _day(survey, today))
        deleted = _delete_draft(survey, state.draft)
    if deleted:
        erase_deleted()
    if state.invitation:
        try:
            release(survey, today)
        except (DatabaseError, crypto.Unreadable) as error:
            # The submission is committed and waits; the next one (or closing) writes it.
            logger.warning(
                "survey %s: waiting submissions not written yet (%s)",
                survey.pk,
                type(error).__name__,
            )
    return True


def already_sent(state: State) -> bool:
    return SubmissionSeen.objects.filter(digest=_seen_digest(state.submission)).exists()


def release(survey: Survey, today: date | None = None) -> int:
    """Write the waiting submissions of ``survey`` as responses once at least k wait (with the
    marks of their invitations); once the survey is no longer open, whatever waits (without
    marks if fewer than k). Returns the number of responses written."""
    today = today or date.today()
    k = online_form(survey).study.settings.k
    fields = ("status", "opens_on", "closes_on", "date_policy")
    # Read without a lock first (most submissions only join the pool), but the status as
    # committed now: a submission committed while the survey is being closed sees the close.
    current = Survey.objects.only(*fields).annotate(waiting=Count("pending")).get(pk=survey.pk)
    if current.waiting == 0 or (current.waiting < k and is_open(current, today)):
        return 0
    with transaction.atomic():
        # One release of a survey at a time (PostgreSQL row lock; SQLite's write lock anyway).
        current = Survey.objects.select_for_update().only(*fields).get(pk=survey.pk)
        waiting = list(PendingSubmission.objects.filter(survey=survey).values_list("pk", "sealed"))
        closing = not is_open(current, today)
        if not waiting or (len(waiting) < k and not closing):
            return 0
        opened = [json.loads(crypto.unseal("pending", bytes(sealed))) for _, sealed in waiting]
        responses = [(o["answers"], o["language"]) for o in opened]
        _random.shuffle(responses)
        _insert_responses(current, responses, _day(current, today))
        if len(waiting) >= k:
            used = [o["invitation"] for o in opened]
            _random.shuffle(used)
            known = {
                str(i)
                for i in Invitation.objects.filter(survey=survey, pk__in=used).values_list(
                    "pk", flat=True
                )
            }
            InvitationUse.objects.bulk_create(
                [InvitationUse(invitation_id=i) for i in used if i in known],
                ignore_conflicts=True,
            )
        PendingSubmission.objects.filter(pk__in=[pk for pk, _ in waiting]).delete()
    return len(waiting)


def _day(survey: Survey, today: date) -> date | None:
    return today if survey.date_policy == Survey.DatePolicy.DAY else None


def _seen_digest(submission: str) -> str:
    return crypto.keyed_hash("submission", submission)


def _first_time(submission: str) -> bool:
    """Record the submission id as seen; False if it was already (one statement, so two
    requests at once cannot both get True)."""
    now = timezone.now()
    if _random.randrange(32) == 0:  # now and then: the marks of sessions long over
        SubmissionSeen.objects.filter(expires_at__lt=now).delete()
    # Seen until no page of this session can be sent any more: a page's state lasts
    # SESSION_MINUTES, and renewing it is refused once it has been sent. Rounded up to the
    # hour, so the row does not tell the minute of the submission.
    until = now + timedelta(minutes=settings.SESSION_MINUTES, hours=1)
    until = until.replace(minute=0, second=0, microsecond=0)
    return _insert_once(SubmissionSeen, ["digest", "expires_at"], [_seen_digest(submission), until])


def _claim(survey: Survey, invitation_id: str) -> None:
    # The invitation still exists and has no use mark (earlier versions wrote no claims).
    unmarked = Invitation.objects.filter(pk=invitation_id, survey=survey, invitationuse=None)
    if not unmarked.exists():
        raise AlreadyUsed
    if not _insert_once(
        InvitationClaim, ["digest", "survey_id"], [claim_digest(invitation_id), survey.pk]
    ):
        raise AlreadyUsed


def _insert_once(model, columns: list[str], values: list) -> bool:
    """INSERT … ON CONFLICT DO NOTHING; True if the row is new. (No failed INSERT: nothing
    for the database server to log.)"""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({names}) VALUES ({marks}) ON CONFLICT DO NOTHING", values
        )
        return cursor.rowcount == 1


def _seal_pending(state: State) -> bytes:
    payload = {"answers": state.answers, "language": state.language, "invitation": state.invitation}
    return crypto.seal("pending", json.dumps(payload).encode())


def _insert_responses(survey: Survey, rows: list[tuple[dict, str]], day: date | None) -> None:
    """One INSERT of all ``rows`` (answers, language), in the order given, with random ids.

    On PostgreSQL the values travel apart from the statement (server-side binding): should
    the INSERT ever fail, the server logs the statement with ``$1, $2, …`` — never answers
    (``log_parameter_max_length_on_error`` is 0 by default)."""
    import uuid

    if connection.vendor != "postgresql":
        Response.objects.bulk_create(
            Response(id=uuid.uuid4(), survey=survey, answers=a, language=lang, submitted_on=day)
            for a, lang in rows
        )
        return
    import psycopg
    from psycopg.types.json import Jsonb

    table = connection.ops.quote_name(Response._meta.db_table)
    connection.ensure_connection()
    for start in range(0, len(rows), 1000):
        chunk = rows[start : start + 1000]
        values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(chunk))
        params = [
            v
            for answers, language in chunk
            for v in (uuid.uuid4(), survey.pk, Jsonb(answers), language, day)
        ]
        with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
            cursor.execute(
                f"INSERT INTO {table} (id, survey_id, answers, language, submitted_on) "
                f"VALUES {values}",
                params,
            )


# -- drafts ----------------------------------------------------------------------------------
def save_draft(survey: Survey, state: State, today: date | None = None) -> str:
    """Keep the answers so far under a resume code (e.g. ``K7PM-2QXT-9W4R``): sealed with a
    key derived from the code; no invitation, no submission id."""
    today = today or date.today()
    code = state.draft or "".join(secrets.choice(RESUME_ALPHABET) for _ in range(12))
    state.draft = code
    payload = {
        "answers": state.answers,
        "page": state.page,
        "language": state.language,
        "version": state.version,
    }
    Draft.objects.update_or_create(
        lookup=_draft_lookup(code),
        defaults={
            "survey": survey,
            "sealed": crypto.seal_with_code(code, json.dumps(payload).encode()),
            "expires_on": today + timedelta(days=settings.DRAFT_DAYS),
        },
    )
    purge_expired_drafts(today)
    return code


def load_draft(survey: Survey, code: str, today: date | None = None) -> dict | None:
    """The saved answers (``answers``, ``page``, ``language``, ``version``) or None."""
    today = today or date.today()
    purge_expired_drafts(today)
    draft = Draft.objects.filter(lookup=_draft_lookup(code), survey=survey).first()
    if draft is None:
        return None
    try:
        return json.loads(crypto.unseal_with_code(code, bytes(draft.sealed)))
    except crypto.Unreadable:
        return None


def purge_expired_drafts(today: date | None = None) -> int:
    deleted, _ = Draft.objects.filter(expires_on__lt=today or date.today()).delete()
    if deleted:
        erase_deleted()
    return deleted


def _delete_draft(survey: Survey, code: str | None) -> int:
    if not code:
        return 0
    deleted, _ = Draft.objects.filter(lookup=_draft_lookup(code), survey=survey).delete()
    return deleted


def _draft_lookup(code: str) -> str:
    return crypto.keyed_hash("draft", code)


def erase_deleted() -> None:
    """SQLite: deleted rows are overwritten with zeros (``PRAGMA secure_delete``, settings),
    but the write-ahead log still holds earlier images of their pages until a checkpoint
    copies the pages back and truncates it. (PostgreSQL: docs/survey.md, "Deleting".)"""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def format_code(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))
