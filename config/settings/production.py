"""Production: everything comes from the environment, and it fails loudly."""

from config.env import env_bool, env_int, env_list, env_str

from .base import *  # noqa: F403

SECRET_KEY = env_str("SECRET_KEY", required=True)
if len(SECRET_KEY) < 50:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in production.")
DEBUG = False

STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}  # noqa: F405

# SECURE_SSL_REDIRECT: redirect http to https (default true; false behind a
# proxy that already does it, or for `make serve` on a laptop).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
# SECURE_HSTS_SECONDS: Strict-Transport-Security lifetime (default one year).
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# SECURE_HSTS_PRELOAD: add "preload" to Strict-Transport-Security (default true, so
# `check --deploy --fail-level WARNING` is clean; only the apex domain can be submitted to
# the browsers' preload list, and that stays a manual step). false opts out (W021 then).
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
