"""A respondent's progress, carried in the page as a sealed, timestamped hidden field.

Nothing is written to the database before the questionnaire is sent (or saved to finish
later): every page is checked on the server and its answers go back into the state. The
state is encrypted and authenticated with a key derived from the server's secret
(:mod:`lipkit.survey.crypto`), so it can be neither forged nor read: the page holds no
readable answers, no invitation and no submission id, for anyone who sees the page (a
shared computer's browser cache, a screenshot of the source). Its timestamp ends a page left
open for longer than ``SESSION_MINUTES``.

``submission`` is a random value of this page's session that makes a retried final request
harmless; it is not the id of the stored response, which is made when the response is
written and never shown to the respondent.
"""

from __future__ import annotations

import base64
import binascii
import json
import secrets
import time
import zlib
from dataclasses import asdict, dataclass, field

from django.conf import settings

from lipkit.survey import crypto

PURPOSE = "state"


class Expired(Exception):
    pass


class Invalid(Exception):
    pass


@dataclass
class State:
    survey: int
    version: int
    submission: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    page: int = 1
    answers: dict[str, object] = field(default_factory=dict)
    language: str = "de"
    # The invitation's id, not its token: a reminder replaces the token, and the session that
    # began with the earlier one must still use up the same invitation.
    invitation: str | None = None
    draft: str | None = None  # resume code, deleted when the questionnaire is sent

    def seal(self) -> str:
        payload = json.dumps({"at": int(time.time()), "state": asdict(self)}).encode()
        sealed = crypto.seal(PURPOSE, zlib.compress(payload))
        return base64.urlsafe_b64encode(sealed).decode().rstrip("=")

    @classmethod
    def load(cls, text: str) -> State:
        try:
            sealed = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
            data = json.loads(zlib.decompress(crypto.unseal(PURPOSE, sealed)))
            state = cls(**data["state"])
        except (crypto.Unreadable, binascii.Error, ValueError, zlib.error, KeyError, TypeError):
            raise Invalid from None
        if time.time() - data["at"] > settings.SESSION_MINUTES * 60:
            raise Expired
        return state
