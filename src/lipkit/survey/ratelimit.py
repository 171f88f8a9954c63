"""A per-client limit on new submissions through an open link.

The client is known by its address only inside the cache, as a salted hash that expires with
the window; it is never stored with answers or logged. An open link cannot stop a determined
person from answering many times (new addresses, several devices); invitation tokens can.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 3600


def client_key(request) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    if settings.TRUST_X_FORWARDED_FOR:
        # The proxy appends the address it saw last; anything left of it came from the
        # client and can be forged, so only the rightmost entry counts.
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        address = forwarded.split(",")[-1].strip() or address
    digest = hashlib.sha256((settings.SECRET_KEY + address).encode()).hexdigest()[:32]
    return f"lipkit-rate:{digest}"


def allow(request) -> bool:
    """Count one submission for this client; False when it is over the limit."""
    limit = settings.RATE_LIMIT_PER_HOUR
    if limit <= 0:
        return True
    key = client_key(request)
    if cache.add(key, 1, WINDOW_SECONDS):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, WINDOW_SECONDS)
        return True
    return count <= limit
