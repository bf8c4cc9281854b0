#!/usr/bin/env bash
# `make check-deploy`: Django's deployment checks (`check --deploy --fail-level WARNING`) under
# config.settings.production, with a realistic production environment: a random 64-character
# SECRET_KEY, a real host name, PostgreSQL, and every security setting left at its production
# default (the variables that loosen them for local serving are removed from the environment).
# Runs twice: without Redis (locmem cache, immediate tasks) and with Redis (cache + rq tasks).
# Nothing is connected to: `check` without --database does not open the database or Redis.
#
# To check a real deployment's own environment instead, run there:
#   DJANGO_SETTINGS_MODULE=config.settings.production manage.py check --deploy --fail-level WARNING
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
PY="${PY:-$root/.venv/bin/python}"

secret="$("$PY" -c 'import secrets, string
alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
print("".join(secrets.choice(alphabet) for _ in range(64)))')"

run_check() {
    local label="$1"
    shift
    echo "check-deploy: ${label}"
    env -u SECURE_SSL_REDIRECT -u SECURE_COOKIES -u SECURE_HSTS_SECONDS -u SECURE_HSTS_PRELOAD \
        -u REDIS_URL -u TASK_BACKEND -u DEBUG -u CSRF_TRUSTED_ORIGINS \
        DJANGO_SETTINGS_MODULE=config.settings.production \
        SECRET_KEY="$secret" \
        ALLOWED_HOSTS=middenveld.example.org \
        SITE_URL=https://middenveld.example.org \
        DATABASE_URL=postgres://middenveld@db.internal:5432/middenveld \
        "$@" \
        "$PY" manage.py check --deploy --fail-level WARNING
}

run_check "production defaults, PostgreSQL, no Redis"
run_check "production defaults, PostgreSQL, Redis cache and rq tasks" \
    REDIS_URL=redis://redis.internal:6379/0 TASK_BACKEND=rq
echo "check-deploy: clean"
