#!/usr/bin/env bash
# `make serve`: the production stack (gunicorn + whitenoise, production settings) on this
# machine, against whatever DATABASE_URL says (default: the SQLite file in var/).
#
# Listens on 127.0.0.1:$PORT (default 8000; BIND overrides, see config/gunicorn.py).
# Defaults for local use, each overridable from the environment:
#   SECRET_KEY            unset → a development secret kept in var/serve-secret-key (warning)
#   ALLOWED_HOSTS         127.0.0.1,localhost
#   SECURE_SSL_REDIRECT   false (no TLS on a laptop)
#   SECURE_COOKIES        false (cookies must travel over plain http locally)
#   SITE_URL              http://127.0.0.1:$PORT
# Then: migrate, compilemessages (when gettext is installed), collectstatic, and exec gunicorn.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
PY="${PY:-$root/.venv/bin/python}"
GUNICORN="${GUNICORN:-$root/.venv/bin/gunicorn}"

export DJANGO_SETTINGS_MODULE=config.settings.production
export PORT="${PORT:-8000}"
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-127.0.0.1,localhost}"
export SECURE_SSL_REDIRECT="${SECURE_SSL_REDIRECT:-false}"
export SECURE_COOKIES="${SECURE_COOKIES:-false}"
export SITE_URL="${SITE_URL:-http://127.0.0.1:${PORT}}"

if [[ -z "${SECRET_KEY:-}" ]]; then
    secret_file="$root/var/serve-secret-key"
    if [[ ! -s "$secret_file" ]]; then
        mkdir -p "$root/var"
        (umask 077 && "$PY" -c 'import secrets; print(secrets.token_urlsafe(48))' >"$secret_file")
    fi
    SECRET_KEY="$(cat "$secret_file")"
    export SECRET_KEY
    echo "serve: WARNING: SECRET_KEY is not set; using the development secret in var/serve-secret-key." >&2
    echo "serve: WARNING: never use this for a public site: set SECRET_KEY (at least 50 characters)." >&2
fi

# Show which database is served, with any password masked.
echo "serve: database $(sed -E 's#(://[^:/@]+):[^@]*@#\1:***@#' <<<"${DATABASE_URL:-sqlite (var/middenveld.sqlite3)}")" >&2

"$PY" manage.py migrate --noinput -v 0
if command -v msgfmt >/dev/null 2>&1 && compgen -G "middenveld/locale/*/LC_MESSAGES/*.po" >/dev/null; then
    "$PY" manage.py compilemessages --ignore=.venv --ignore=.tools -v 0
fi
"$PY" manage.py collectstatic --noinput -v 0

exec "$GUNICORN" -c config/gunicorn.py config.wsgi
