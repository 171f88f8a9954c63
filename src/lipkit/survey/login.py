"""The team's logins: failed attempts throttled (django-axes), sessions that end.

- After ``LIPKIT_LOGIN_ATTEMPTS`` (5) failed attempts for one user name, or from one client
  address, further attempts are refused for ``LIPKIT_LOGIN_LOCK_MINUTES`` (15) with a page
  that says so in German and English (HTTP 429); a successful login clears the count. Only
  failed attempts are recorded (django-axes' ``AccessAttempt``: user name, address, time),
  not successful logins.
- A team session ends ``LIPKIT_TEAM_SESSION_HOURS`` (8) after the login, however active:
  the session cookie expires then, and :func:`session_limit` logs out a session that is
  older (the cookie's age alone would restart with every change of the session).
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lipkit import catalogue

LOGIN_AT = "lipkit_login_at"


def client_address(request: HttpRequest) -> str:
    """The client's address: the proxy's last ``X-Forwarded-For`` entry where the proxy is
    trusted (``LIPKIT_TRUST_X_FORWARDED_FOR=1``; anything left of it can be forged), else the
    connection's."""
    address = request.META.get("REMOTE_ADDR", "")
    if settings.TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        address = forwarded.split(",")[-1].strip() or address
    return address


def locked_out(request: HttpRequest, response=None, credentials=None) -> HttpResponse:
    """django-axes' answer to a locked-out login (``AXES_LOCKOUT_CALLABLE``)."""
    minutes = round(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    context = {"minutes": minutes, "attempts": settings.AXES_FAILURE_LIMIT}
    return render(request, "survey/team/locked.html", context, status=429)


@receiver(user_logged_in)
def remember_login_time(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_AT] = time.time()


def session_limit(get_response):
    """Log out a team session older than ``TEAM_SESSION_HOURS``; the login page then says
    why."""

    def middleware(request: HttpRequest):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            started = request.session.get(LOGIN_AT)
            limit = settings.TEAM_SESSION_HOURS * 3600
            if started is None:
                request.session[LOGIN_AT] = time.time()  # a session from before this rule
            elif time.time() - started > limit:
                logout(request)
                messages.info(
                    request,
                    catalogue.text("team_msg.session_expired", hours=settings.TEAM_SESSION_HOURS),
                )
        return get_response(request)

    return middleware
