"""Settings shared by every environment. Environment variables: see README."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

# SECRET_KEY: required in production; dev and test define their own.
SECRET_KEY = env_str("SECRET_KEY")
DEBUG = False
ALLOWED_HOSTS: list[str] = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS: list[str] = env_list("CSRF_TRUSTED_ORIGINS")
# SITE_URL: absolute base URL used in e-mails (links to verify, reset, ...).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "modeltranslation",  # must come before django.contrib.admin
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "middenveld.core",
    "middenveld.accounts",
    "middenveld.trajectory",
    "middenveld.organisations",
    "middenveld.city",
    "middenveld.support",
    "middenveld.knowledge",
    "middenveld.guide",
    "middenveld.coaching",
    "middenveld.participation",
    "middenveld.events",
    "middenveld.ballots",
    "middenveld.spaces",
    "middenveld.parliament",
    "middenveld.funding",
    "middenveld.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "middenveld.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Cached public pages for anonymous visitors are answered here, before URL
    # resolution; the middleware above still sets every security header.
    "middenveld.core.cache.PublicPageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "middenveld" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "middenveld.core.context_processors.site",
                "middenveld.trajectory.context_processors.contact",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------
# DATABASE_URL: sqlite:///path or postgres://user:pass@host:port/name.
# Default: an embedded SQLite file in var/ (WAL, immediate transactions).
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'middenveld.sqlite3'}")
# DATABASE_CONN_MAX_AGE: seconds a database connection is kept open (SQLite too).
_default_db = dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60))
if _default_db["ENGINE"] == "django.db.backends.sqlite3":
    if _default_db["NAME"] != ":memory:":
        Path(_default_db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    _default_db["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        # Writers queue for the write lock. With 20 s, one of 40 simultaneous writers in a
        # loaded CI run still got "database is locked" (spaces/tests/test_concurrency.py):
        # wait up to 60 s rather than fail.
        "timeout": 60,
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=NORMAL;"
            "PRAGMA foreign_keys=ON;"
            "PRAGMA busy_timeout=60000;"
        ),
    }
DATABASES = {"default": _default_db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, sessions, tasks -----------------------------------------------
# REDIS_URL: optional. When set, the cache and the task queue use Redis.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "middenveld",
            "TIMEOUT": 3600,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "middenveld",
            "TIMEOUT": 3600,
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# TASK_BACKEND: immediate (run in the request), database (worker: make worker)
# or rq (worker on Redis; needs REDIS_URL). Default: immediate.
TASK_BACKEND = env_str("TASK_BACKEND", "immediate")
_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
}
if TASK_BACKEND not in _TASK_BACKENDS:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("TASK_BACKEND must be one of: immediate, database, rq.")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASK_BACKEND], "QUEUES": ["default"]}}
if TASK_BACKEND == "rq":
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {"default": {"URL": REDIS_URL or "redis://127.0.0.1:6379/0"}}

# Django's database store with a plain-SQL read (accounts/sessions.py, ADR 0023).
SESSION_ENGINE = "middenveld.accounts.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Accounts ---------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "middenveld.core.rules.RulesBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "trajectory:home"
LOGOUT_REDIRECT_URL = "trajectory:home"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # one day
# Sign-in throttling: failures allowed within the window, per account and per address.
SIGNIN_FAILURES_PER_ACCOUNT = env_int("SIGNIN_FAILURES_PER_ACCOUNT", 5)
SIGNIN_FAILURES_PER_ADDRESS = env_int("SIGNIN_FAILURES_PER_ADDRESS", 20)
SIGNIN_FAILURE_WINDOW_SECONDS = env_int("SIGNIN_FAILURE_WINDOW_SECONDS", 15 * 60)

# --- Internationalisation -------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [
    ("nl", _("Dutch")),
    ("en", _("English")),
    ("fr", _("French")),
    ("tr", _("Turkish")),
    ("ar", _("Arabic")),
    ("bg", _("Bulgarian")),
]
LANGUAGES_BIDI = ["ar"]
LOCALE_PATHS = [BASE_DIR / "middenveld" / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True
MODELTRANSLATION_DEFAULT_LANGUAGE = "nl"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("nl",)
MODELTRANSLATION_AUTO_POPULATE = False

# --- Static and media -----------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "middenveld" / "static"]
MEDIA_URL = "/media/"
# MEDIA_ROOT: folder for uploads when the file system storage is used.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# MEDIA_STORAGE: dotted path of the storage class for uploads (for example an
# S3-compatible backend from django-storages); default: the local file system.
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": env_str("MEDIA_STORAGE", "django.core.files.storage.FileSystemStorage")},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # Files only some people may see (attachments of questions, mails kept aside): never
    # under MEDIA_URL; views check the rule and stream them (middenveld.core.storage).
    "private": {
        "BACKEND": env_str("PRIVATE_STORAGE", "django.core.files.storage.FileSystemStorage"),
        "OPTIONS": {"location": env_str("PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private"))},
    },
}
# SERVE_MEDIA: let Django serve uploads from MEDIA_ROOT (default: true with the
# file-system storage, false otherwise; set false when a web server or CDN does it).
SERVE_MEDIA = env_bool("SERVE_MEDIA", STORAGES["default"]["BACKEND"].endswith("FileSystemStorage"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# UPLOAD_DOCUMENT_MAX_MB / UPLOAD_IMAGE_MAX_MB: largest document (PDF, ODT,
# DOCX) and picture (logo) a person may upload, in MB (default 10 and 2).
UPLOAD_DOCUMENT_MAX_BYTES = env_int("UPLOAD_DOCUMENT_MAX_MB", 10) * 1_000_000
UPLOAD_IMAGE_MAX_BYTES = env_int("UPLOAD_IMAGE_MAX_MB", 2) * 1_000_000
# ORGANISATION_INVITATION_DAYS: how long an invitation link to join an organisation works.
ORGANISATION_INVITATION_DAYS = env_int("ORGANISATION_INVITATION_DAYS", 14)

# --- E-mail -----------------------------------------------------------------
# EMAIL_BACKEND: django.core.mail.backends.smtp.EmailBackend in production;
# console or file backends in development.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Middenveld <noreply@middenveld.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Staff inbox ------------------------------------------------------------
# How long one scope's inbox may be served from the cache. Changes through the
# services show at once (they bump the inbox version); a bulk change that bypasses
# them shows after this many seconds at the latest. 0 turns the cache off.
INBOX_CACHE_SECONDS = env_int("INBOX_CACHE_SECONDS", 30)

# --- Events -----------------------------------------------------------------
# send_event_reminders reminds people with a place of events starting within this many hours.
EVENT_REMINDER_HOURS = env_int("EVENT_REMINDER_HOURS", 24)

# --- Support desk -----------------------------------------------------------
# Mail to SUPPORT_MAIL_LOCAL_PART@SUPPORT_MAIL_DOMAIN becomes a question; our replies
# carry a plus-address (vragen+<token>@...) so that answers find their thread.
SUPPORT_MAIL_DOMAIN = env_str("SUPPORT_MAIL_DOMAIN", "middenveld.localhost")
SUPPORT_MAIL_LOCAL_PART = env_str("SUPPORT_MAIL_LOCAL_PART", "vragen")
# The authserv-id of the mailbox provider whose Authentication-Results we trust (RFC 8601).
SUPPORT_MAIL_AUTHSERV_ID = env_str("SUPPORT_MAIL_AUTHSERV_ID") or None
# Where read_support_mail reads from: a Maildir folder, or an IMAP mailbox.
SUPPORT_MAILDIR = env_str("SUPPORT_MAILDIR", str(VAR_DIR / "maildir"))
SUPPORT_IMAP_HOST = env_str("SUPPORT_IMAP_HOST")
SUPPORT_IMAP_USER = env_str("SUPPORT_IMAP_USER")
SUPPORT_IMAP_PASSWORD = env_str("SUPPORT_IMAP_PASSWORD")
SUPPORT_IMAP_FOLDER = env_str("SUPPORT_IMAP_FOLDER", "INBOX")
# A shared secret for the inbound-mail webhook (POST /api/v1/support/inbound-mail).
SUPPORT_WEBHOOK_SECRET = env_str("SUPPORT_WEBHOOK_SECRET")
# A flood of questions from one address or person is refused after this many in an hour.
SUPPORT_QUESTIONS_PER_HOUR = env_int("SUPPORT_QUESTIONS_PER_HOUR", 10)

# --- Security headers -----------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; object-src 'none'"
)

# --- Site -------------------------------------------------------------------
# SITE_NAME / SITE_THEME: the platform's name and the folder of its theme
# (static/themes/<name>/); another city sets its own.
SITE_NAME = env_str("SITE_NAME", "Middenveld Gent")
SITE_THEME = env_str("SITE_THEME", "gent")

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 200

# LOG_LEVEL: level of the platform's own log messages (default INFO).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "middenveld": {
            "handlers": ["console"],
            "level": env_str("LOG_LEVEL", "INFO"),
            "propagate": False,
        }
    },
}
# The style guide knows "status", "warning" and "error" messages.
MESSAGE_TAGS = {10: "status", 20: "status", 25: "status", 30: "warning", 40: "error"}
CSRF_FAILURE_VIEW = "middenveld.core.views.csrf_failure"

# --- Funding ----------------------------------------------------------------
# FUNDING_IDENTIFIER_PREFIX: the start of every public award identifier
# (360Giving asks "360G-" and the funder's own prefix).
FUNDING_IDENTIFIER_PREFIX = env_str("FUNDING_IDENTIFIER_PREFIX", "360G-stadgent")
# The funder in the open data: the City of Ghent's KBO number.
FUNDING_FUNDER_NAME = env_str("FUNDING_FUNDER_NAME", "Stad Gent")
FUNDING_FUNDER_ID = env_str("FUNDING_FUNDER_ID", "BE-BCE_KBO-0207451227")
# Days to appeal a decision, and the advance paid on an award (the rest after the reports),
# unless the regulation says otherwise.
FUNDING_APPEAL_DAYS = 30
FUNDING_ADVANCE_SHARE = "0.80"
