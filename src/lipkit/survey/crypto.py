"""Keys that are not in the database, and what the survey app does with them.

Two kinds of secret protect what the database holds about respondents:

- the server's ``SECRET_KEY`` (settings; never stored in the database): a respondent's page
  state and the submissions that wait for their batch are sealed with a key derived from it
  (AES-256-GCM), and invitations, submissions and resume codes are looked up by a keyed hash
  of it (HMAC-SHA256), so a copy of the database alone reads none of them;
- a resume code, known only to the respondent: a saved draft is sealed with a key derived
  from the code (scrypt), so not even the server can read a draft without the code.

Keys come from ``SECRET_KEY`` and, for reading only, ``SECRET_KEY_FALLBACKS`` (Django's
setting for rotating the key): what was sealed under an earlier key stays readable.
"""

from __future__ import annotations

import hashlib
import hmac
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

NONCE = 12


class Unreadable(Exception):
    """Sealed with another key, or changed: the authentication tag does not match."""


def _server_keys(purpose: str) -> list[bytes]:
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [
        hmac.new(secret.encode(), f"lipkit.survey.{purpose}".encode(), hashlib.sha256).digest()
        for secret in secrets
    ]


def keyed_hash(purpose: str, value: str) -> str:
    """HMAC-SHA256 of ``value`` under the server's key for ``purpose`` (hex): equal values
    give equal hashes, and without the key nobody can compute or reverse one."""
    return hmac.new(_server_keys(purpose)[0], value.encode(), hashlib.sha256).hexdigest()


def seal(purpose: str, plain: bytes) -> bytes:
    """``plain`` encrypted and authenticated with the server's key for ``purpose``."""
    nonce = os.urandom(NONCE)
    return nonce + AESGCM(_server_keys(purpose)[0]).encrypt(nonce, plain, purpose.encode())


def unseal(purpose: str, sealed: bytes) -> bytes:
    nonce, body = sealed[:NONCE], sealed[NONCE:]
    for key in _server_keys(purpose):
        try:
            return AESGCM(key).decrypt(nonce, body, purpose.encode())
        except (InvalidTag, ValueError):
            continue
    raise Unreadable


# -- keys from a resume code ---------------------------------------------------------------
SALT = 16
# scrypt's cost: about 30 ms and 16 MB per derivation; a code has 60 random bits besides.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1


def _code_key(code: str, salt: bytes) -> bytes:
    return hashlib.scrypt(
        code.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, maxmem=64 * 2**20, dklen=32
    )


def seal_with_code(code: str, plain: bytes) -> bytes:
    """``plain`` encrypted with a key derived from ``code`` and a random salt (stored in front:
    salt, nonce, ciphertext)."""
    salt, nonce = os.urandom(SALT), os.urandom(NONCE)
    return salt + nonce + AESGCM(_code_key(code, salt)).encrypt(nonce, plain, b"draft")


def unseal_with_code(code: str, sealed: bytes) -> bytes:
    salt, nonce, body = sealed[:SALT], sealed[SALT : SALT + NONCE], sealed[SALT + NONCE :]
    try:
        return AESGCM(_code_key(code, salt)).decrypt(nonce, body, b"draft")
    except (InvalidTag, ValueError):
        raise Unreadable from None
