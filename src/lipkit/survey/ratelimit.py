"""A per-client limit on completed questionnaires through a survey's open link.

What is counted is a questionnaire sent and stored, per survey and client — never a start or
a page. The limit is checked when a questionnaire is started; a questionnaire finished while
the client reached the limit is not thrown away but saved to be sent later (the respondent
gets the resume code). Invitation links are not counted: the invitation itself allows one
response.

The client is known by its address — an IPv6 client by its /64 network, the block one
connection usually gets — and only inside the cache, as a keyed hash that expires with the
window; it is never stored with answers or logged. An open link cannot stop a determined
person from answering many times (new addresses, several devices); invitation tokens can.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.core.cache import cache

from lipkit.survey import crypto

WINDOW_SECONDS = 3600


def client_address(request) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    if settings.TRUST_X_FORWARDED_FOR:
        # The proxy appends the address it saw last; anything left of it came from the
        # client and can be forged, so only the rightmost entry counts.
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        address = forwarded.split(",")[-1].strip() or address
    try:
        ip = ipaddress.ip_address(address.strip("[]"))
    except ValueError:
        return address
    if ip.version == 6:
        if ip.ipv4_mapped is not None:  # ::ffff:192.0.2.1 is the IPv4 client 192.0.2.1
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def client_key(request, survey=None) -> str:
    scope = f"{survey.pk}:" if survey is not None else ""
    return f"lipkit-rate:{crypto.keyed_hash('rate', scope + client_address(request))[:32]}"


def allowed(request, survey) -> bool:
    """Whether this client may start (or send) another questionnaire of ``survey``."""
    limit = settings.RATE_LIMIT_PER_HOUR
    return limit <= 0 or (cache.get(client_key(request, survey)) or 0) < limit


def count(request, survey) -> None:
    """Count one questionnaire of ``survey`` stored for this client."""
    if settings.RATE_LIMIT_PER_HOUR <= 0:
        return
    key = client_key(request, survey)
    if cache.add(key, 1, WINDOW_SECONDS):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, WINDOW_SECONDS)
