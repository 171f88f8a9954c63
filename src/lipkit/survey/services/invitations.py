"""Personal invitations and reminders by e-mail.

An invitation stores the address, the days its mails went out and the SHA-256 of its token —
never the token, which is only in the mail. A reminder therefore cannot repeat the earlier
link: it issues a new token, replaces the stored hash and says in the mail that the new link
replaces the earlier one. Reminders go to every invitation that has not been answered (no
use mark, no claim: ``submissions.claimed_invitations``); sending mail records nothing about
answers.

Mails are sent in batches of at most :data:`BATCH` per call, so a request stays well within
the server's time limit; an invitation whose mail has not gone out yet (``sent_on`` empty)
is sent by the next call (:func:`send_pending`) with a fresh token.
"""

from __future__ import annotations

import secrets
import smtplib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse

from lipkit.survey.models import Invitation, Survey
from lipkit.survey.services.submissions import claimed_invitations, token_hash
from lipkit.survey.services.surveys import online_form

BATCH = 200  # mails per call; the rest stays pending for the next one


@dataclass
class InviteResult:
    invited: int = 0  # new invitations stored
    sent: int = 0  # mails that went out (new and pending ones)
    duplicates: int = 0  # addresses already invited (or twice in the list)
    invalid: list[str] = field(default_factory=list)  # addresses that are no addresses
    refused: list[str] = field(default_factory=list)  # addresses the mail server refused
    pending: int = 0  # invitations still to be sent after this call
    error: str = ""  # why sending stopped, if it did


@dataclass
class RemindResult:
    sent: int = 0
    refused: list[str] = field(default_factory=list)
    pending: int = 0  # unused invitations not yet reminded today
    error: str = ""


@dataclass(frozen=True)
class Counts:
    invited: int  # invitations whose mail went out
    answered: int  # of these, used (a number only: never which)
    pending: int  # stored, mail not yet sent

    @property
    def open(self) -> int:
        return max(self.invited - self.answered, 0)


def new_token() -> str:
    return secrets.token_urlsafe(16)


def normalise(address: str) -> str:
    return address.strip().strip("<>").strip()


def personal_link(survey: Survey, base_url: str, token: str) -> str:
    path = reverse("survey:questionnaire", args=[survey.link])
    return f"{base_url.rstrip('/')}{path}?t={token}"


def invite(
    survey: Survey,
    emails: Iterable[str],
    base_url: str,
    today: date | None = None,
    *,
    limit: int = BATCH,
) -> InviteResult:
    """Store an invitation for each new, valid address and mail each its personal link.

    Addresses already invited to ``survey`` (compared without regard to case) are counted
    as duplicates and get nothing. At most ``limit`` mails go out; the rest stays pending.
    """
    result = InviteResult()
    known = {
        e.lower() for e in Invitation.objects.filter(survey=survey).values_list("email", flat=True)
    }
    new: list[str] = []
    for raw in emails:
        address = normalise(raw)
        if not address:
            continue
        try:
            validate_email(address)
        except ValidationError:
            result.invalid.append(address)
            continue
        if address.lower() in known:
            result.duplicates += 1
            continue
        known.add(address.lower())
        new.append(address)
    for address in new:
        # Stored without a usable token: the token is made when the mail is sent.
        try:
            with transaction.atomic():
                Invitation.objects.create(
                    survey=survey, email=address, token_hash=_unusable_hash(), sent_on=None
                )
        except IntegrityError:  # invited at the same moment by someone else
            result.duplicates += 1
            continue
        result.invited += 1
    sent = send_pending(survey, base_url, today, limit=limit)
    result.sent, result.refused, result.pending, result.error = (
        sent.sent,
        sent.refused,
        sent.pending,
        sent.error,
    )
    return result


def send_pending(
    survey: Survey, base_url: str, today: date | None = None, *, limit: int = BATCH
) -> RemindResult:
    """Mail the invitations not yet sent (new ones, or those a stopped request left)."""
    today = today or date.today()
    pending = list(Invitation.objects.filter(survey=survey, sent_on__isnull=True).order_by("email"))
    outcome = _send(survey, pending[:limit], base_url, "invitation", today)
    outcome.pending = len(pending) - outcome.sent - len(outcome.refused)
    return outcome


def remind(
    survey: Survey, base_url: str, today: date | None = None, *, limit: int = BATCH
) -> RemindResult:
    """Mail a new personal link to every invitation that has not been used.

    An invitation already reminded ``today`` is skipped, so a reminder that had to stop
    after ``limit`` mails continues where it stopped when it is sent again.
    """
    today = today or date.today()
    answered = claimed_invitations(survey)
    due = [
        invitation
        for invitation in Invitation.objects.filter(survey=survey, sent_on__isnull=False)
        .exclude(reminded_on=today)
        .order_by("email")
        if str(invitation.pk) not in answered
    ]
    outcome = _send(survey, due[:limit], base_url, "reminder", today)
    outcome.pending = len(due) - outcome.sent - len(outcome.refused)
    return outcome


def counts(survey: Survey) -> Counts:
    """``answered``: the invitations whose questionnaire was sent — waiting for its batch
    or written, marked or (the last ones at the close) not."""
    invitations = Invitation.objects.filter(survey=survey)
    return Counts(
        invited=invitations.filter(sent_on__isnull=False).count(),
        answered=len(claimed_invitations(survey)),
        pending=invitations.filter(sent_on__isnull=True).count(),
    )


# -- sending -------------------------------------------------------------------------------
def _unusable_hash() -> str:
    # The hash of a token nobody knows: the invitation cannot be used until it is sent.
    return token_hash(secrets.token_urlsafe(32))


def _send(
    survey: Survey, invitations: list[Invitation], base_url: str, kind: str, today: date
) -> RemindResult:
    """For each invitation: a new token, its hash stored, the mail sent; on a failed send
    the earlier hash is put back (the earlier link stays valid)."""
    outcome = RemindResult()
    if not invitations:
        return outcome
    english = "en" in online_form(survey).questionnaire.languages
    connection = get_connection()
    try:
        connection.open()
        for invitation in invitations:
            token = new_token()
            previous = invitation.token_hash
            invitation.token_hash = token_hash(token)
            invitation.save(update_fields=["token_hash"])
            link = personal_link(survey, base_url, token)
            message = _message(survey, invitation.email, link, kind, english)
            try:
                connection.send_messages([message])
            except smtplib.SMTPRecipientsRefused:
                outcome.refused.append(invitation.email)
                if kind == "invitation":
                    # Never sent: forget the address, so it can be invited again corrected.
                    invitation.delete()
                else:
                    _restore(invitation, previous)
                continue
            except (smtplib.SMTPException, OSError) as error:
                _restore(invitation, previous)
                outcome.error = str(error) or type(error).__name__
                break
            if kind == "invitation":
                invitation.sent_on = today
                invitation.save(update_fields=["sent_on"])
            else:
                invitation.reminded_on = today
                invitation.save(update_fields=["reminded_on"])
            outcome.sent += 1
    except (smtplib.SMTPException, OSError) as error:  # the server cannot be reached at all
        outcome.error = str(error) or type(error).__name__
    finally:
        connection.close()
    return outcome


def _restore(invitation: Invitation, previous: str) -> None:
    invitation.token_hash = previous
    invitation.save(update_fields=["token_hash"])


def _message(survey: Survey, address: str, link: str, kind: str, english: bool) -> EmailMessage:
    context = {
        "title": survey.title,
        "link": link,
        "link_en": f"{link}&lang=en" if english else "",
        "closes_on": survey.closes_on,
        "opens_on": survey.opens_on,
    }
    body = render_to_string(f"survey/email/{kind}.txt", context)
    prefix = "Einladung" if kind == "invitation" else "Erinnerung"
    subject = " ".join(f"{prefix}: {survey.title}".split())
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
