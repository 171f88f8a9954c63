"""A respondent's progress, carried in the page as a signed, timestamped hidden field.

Nothing is written to the database before the questionnaire is sent (or saved to finish
later): every page is checked on the server and its answers go back into the signed state.
The signature stops tampering (answers of earlier pages cannot be forged past their checks,
which run again before storing anyway); the timestamp ends a page left open for longer than
``SESSION_MINUTES``.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.core import signing

SALT = "lipkit.survey.state"


class Expired(Exception):
    pass


class Invalid(Exception):
    pass


@dataclass
class State:
    survey: int
    version: int
    submission: str = field(default_factory=lambda: str(uuid.uuid4()))
    page: int = 1
    answers: dict[str, object] = field(default_factory=dict)
    language: str = "de"
    invitation: str | None = None  # the invitation token, only to mark it used at the end
    draft: str | None = None  # resume code, deleted when the questionnaire is sent

    def sign(self) -> str:
        return signing.dumps(asdict(self), salt=SALT, compress=True)

    @classmethod
    def load(cls, text: str) -> State:
        try:
            data = signing.loads(text, salt=SALT, max_age=settings.SESSION_MINUTES * 60)
        except signing.SignatureExpired:
            raise Expired from None
        except signing.BadSignature:
            raise Invalid from None
        try:
            return cls(**data)
        except TypeError:
            raise Invalid from None
