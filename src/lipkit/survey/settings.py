"""Settings of the survey app, all from the environment (twelve-factor style).

Defaults give a working local set-up on SQLite (``lipkit serve``); production sets
``LIPKIT_PRODUCTION=1`` and the variables below (README, "Production"):

- ``DATABASE_URL``: e.g. ``postgres://user:pass@127.0.0.1:5432/lipkit`` (default: SQLite
  in ``LIPKIT_DATA``, which defaults to ``./lipkit-data``)
- ``LIPKIT_SECRET_KEY`` (required in production; else a key kept in ``LIPKIT_DATA``)
- ``LIPKIT_ALLOWED_HOSTS``: comma-separated host names
- ``LIPKIT_RATE_LIMIT``: completed questionnaires per client, survey and hour on an open
  link (default 20; 0 = off)
- ``LIPKIT_TRUST_X_FORWARDED_FOR=1`` behind a reverse proxy that sets it
- ``LIPKIT_SESSION_MINUTES``: how long a page may stay open before it must be sent (120)
- ``LIPKIT_TEAM_SESSION_HOURS``: how long a team login lasts (8)
- ``LIPKIT_LOGIN_ATTEMPTS``, ``LIPKIT_LOGIN_LOCK_MINUTES``: failed logins (per user name
  and per client address) before further attempts are refused, and for how long (5, 15)
- ``LIPKIT_DRAFT_DAYS``: how long answers saved to finish later are kept (30)
- ``LIPKIT_EMAIL_BACKEND``, ``LIPKIT_EMAIL_HOST``, ``_PORT``, ``_USER``, ``_PASSWORD``,
  ``_USE_TLS``, ``_USE_SSL``, ``LIPKIT_FROM_EMAIL``: mail for invitations (default: SMTP in
  production, else files in ``LIPKIT_DATA/mail``)
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url

PRODUCTION = os.environ.get("LIPKIT_PRODUCTION") == "1"
DEBUG = os.environ.get("LIPKIT_DEBUG") == "1" and not PRODUCTION
DATA_DIR = Path(os.environ.get("LIPKIT_DATA", Path.cwd() / "lipkit-data")).resolve()


def private_dir(path: Path) -> Path:
    """``path`` created if need be, readable by its owner only (it may hold the database, its
    write-ahead log and mails with live invitation links)."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.chmod(0o700)
    return path


def private_file(path: Path) -> Path:
    """``path`` created empty if need be (SQLite gives its -wal and -shm files the mode of
    the database file), readable and writable by its owner only."""
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    path.chmod(0o600)
    return path


def _secret_key() -> str:
    key = os.environ.get("LIPKIT_SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        raise RuntimeError("LIPKIT_SECRET_KEY must be set when LIPKIT_PRODUCTION=1")
    path = DATA_DIR / "secret-key"
    if not path.exists():
        private_dir(DATA_DIR)
        # Whole or not at all, and the first one kept: processes that start at once (make
        # test's passes, a server's workers) read one key, never a file not yet written.
        written = private_file(DATA_DIR / f".secret-key.{os.getpid()}")
        try:
            written.write_text(secrets.token_urlsafe(50), encoding="utf-8")
            try:
                os.link(written, path)
            except FileExistsError:  # another process's key came first
                pass
            except OSError:  # a file system without hard links: renamed, whole all the same
                if not path.exists():
                    os.replace(written, path)
        finally:
            written.unlink(missing_ok=True)
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("LIPKIT_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "lipkit.survey",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "lipkit.survey.middleware.security_headers",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lipkit.survey.middleware.chosen_language",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "lipkit.survey.login.session_limit",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "lipkit.survey.root_urls"
WSGI_APPLICATION = "lipkit.survey.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]

_sqlite_default = f"sqlite:///{DATA_DIR / 'survey.sqlite3'}"
DATABASES = {
    "default": dj_database_url.config(
        default=_sqlite_default, conn_max_age=600, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work side by side (several gunicorn workers);
    # IMMEDIATE takes the write lock at the start of a transaction instead of failing later;
    # secure_delete overwrites deleted rows (drafts, waiting submissions) with zeros.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
        "PRAGMA secure_delete=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
    if DATABASES["default"]["NAME"] and "memory" not in str(DATABASES["default"]["NAME"]):
        _database = Path(DATABASES["default"]["NAME"])
        if _database.parent == DATA_DIR:
            private_dir(DATA_DIR)
        else:
            _database.parent.mkdir(parents=True, exist_ok=True)
        private_file(_database)
        for _suffix in ("-wal", "-shm"):  # left by an earlier version, perhaps readable
            if Path(f"{_database}{_suffix}").exists():
                Path(f"{_database}{_suffix}").chmod(0o600)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out user name or address before the password
    # is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LIPKIT_LOGIN_ATTEMPTS", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LIPKIT_LOGIN_LOCK_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each counted on its own
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # successful logins are not recorded with their address
AXES_CLIENT_IP_CALLABLE = "lipkit.survey.login.client_address"
AXES_LOCKOUT_CALLABLE = "lipkit.survey.login.locked_out"
AXES_ENABLE_ADMIN = False
TEAM_SESSION_HOURS = int(os.environ.get("LIPKIT_TEAM_SESSION_HOURS", "8"))
SESSION_COOKIE_AGE = TEAM_SESSION_HOURS * 3600
LOGIN_URL = "survey:login"
LOGIN_REDIRECT_URL = "survey:team-home"
LOGOUT_REDIRECT_URL = "survey:login"

LANGUAGE_CODE = "de"
LANGUAGES = [("de", "Deutsch"), ("en", "English")]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
private_dir(DATA_DIR)
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

# The rate limit's counts live in the database, so every gunicorn worker (and every machine
# behind the proxy) counts the same client once; a count is one small row that expires.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "lipkit_cache",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}

DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024  # one page of answers is a few KB
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = os.environ.get("LIPKIT_SSL_REDIRECT", "1") == "1"
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("LIPKIT_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    CSRF_TRUSTED_ORIGINS = [
        o for o in os.environ.get("LIPKIT_CSRF_TRUSTED_ORIGINS", "").split(",") if o
    ]

RATE_LIMIT_PER_HOUR = int(os.environ.get("LIPKIT_RATE_LIMIT", "20"))
TRUST_X_FORWARDED_FOR = os.environ.get("LIPKIT_TRUST_X_FORWARDED_FOR") == "1"
SESSION_MINUTES = int(os.environ.get("LIPKIT_SESSION_MINUTES", "120"))
DRAFT_DAYS = int(os.environ.get("LIPKIT_DRAFT_DAYS", "30"))

# Mail (invitations and reminders). LIPKIT_EMAIL_BACKEND: a Django backend; default SMTP in
# production, else one file per mail in LIPKIT_DATA/mail (to read them during `make run`).
# SMTP: LIPKIT_EMAIL_HOST, LIPKIT_EMAIL_PORT (25), LIPKIT_EMAIL_USER, LIPKIT_EMAIL_PASSWORD,
# LIPKIT_EMAIL_USE_TLS=1 (STARTTLS, usually port 587) or LIPKIT_EMAIL_USE_SSL=1 (port 465);
# sender LIPKIT_FROM_EMAIL.
EMAIL_BACKEND = os.environ.get(
    "LIPKIT_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "lipkit.survey.mail.PrivateFileBackend",
)
EMAIL_FILE_PATH = DATA_DIR / "mail"
DEFAULT_FROM_EMAIL = os.environ.get("LIPKIT_FROM_EMAIL", "befragung@localhost")
EMAIL_HOST = os.environ.get("LIPKIT_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("LIPKIT_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("LIPKIT_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("LIPKIT_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("LIPKIT_EMAIL_USE_TLS") == "1"
EMAIL_USE_SSL = os.environ.get("LIPKIT_EMAIL_USE_SSL") == "1"
EMAIL_TIMEOUT = 30

# No request bodies, answers or client addresses in logs: only warnings and errors, and
# Django's request logger is kept from printing POST data (it never does by default);
# database errors, which can quote stored values, are logged without their messages.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"without_stored_values": {"()": "lipkit.survey.logs.WithoutStoredValues"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["without_stored_values"]}
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.security": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
