"""Security headers on every response: a strict Content-Security-Policy (no inline script or
style, nothing from other origins), and a Permissions-Policy that switches off what a survey
never needs."""

from __future__ import annotations

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)
PERMISSIONS = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


def security_headers(get_response):
    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS)
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    return middleware


def chosen_language(get_response):
    """Django's own texts (form labels, validators, error pages) in the language the page is
    in: ``?lang=en`` where a respondent chose English, German everywhere else — not the
    browser's Accept-Language, which would mix English field labels into German team pages."""
    from django.utils import translation

    def middleware(request):
        language = "en" if request.GET.get("lang") == "en" else "de"
        with translation.override(language):
            response = get_response(request)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        response.headers.setdefault("Content-Language", language)
        return response

    return middleware
