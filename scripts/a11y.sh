#!/usr/bin/env bash
# Accessibility run (make a11y): a fresh SQLite database with the demo data,
# the site on a free localhost port, and axe-core in headless Chromium on every
# public page in Dutch and Arabic (scripts/a11y_check.py). Exits non-zero on any
# serious or critical violation. Screenshots land in var/a11y/.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PY=${PY:-$ROOT/.venv/bin/python}
OUT=$ROOT/var/a11y

bash scripts/install-chromium.sh

rm -rf "$OUT"
mkdir -p "$OUT"
export DJANGO_SETTINGS_MODULE=config.settings.dev
export DEBUG=false
export DATABASE_URL="sqlite:///$OUT/db.sqlite3"
export TASK_BACKEND=immediate
export EMAIL_BACKEND=django.core.mail.backends.locmem.EmailBackend
unset REDIS_URL

echo "a11y: preparing the database in $OUT"
"$PY" manage.py compilemessages --ignore=.venv --ignore=.tools -v 0
"$PY" manage.py migrate --noinput -v 0
"$PY" manage.py seed_demo

PORT=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
BASE_URL="http://127.0.0.1:$PORT"
echo "a11y: starting the site on $BASE_URL (DEBUG=false, static served with --insecure)"
"$PY" manage.py runserver --insecure --noreload "127.0.0.1:$PORT" >"$OUT/server.log" 2>&1 &
SERVER_PID=$!
cleanup() {
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
}
trap cleanup EXIT

ready=no
for _ in $(seq 1 120); do
  if "$PY" -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)" "$BASE_URL/ping" 2>/dev/null; then
    ready=yes
    break
  fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "a11y: error: the server stopped; its log:" >&2
    cat "$OUT/server.log" >&2
    exit 1
  fi
  sleep 0.5
done
if [[ $ready != yes ]]; then
  echo "a11y: error: the server did not answer on $BASE_URL/ping within 60 s; its log:" >&2
  cat "$OUT/server.log" >&2
  exit 1
fi

status=0
"$PY" scripts/a11y_check.py --base-url "$BASE_URL" --out "$OUT" || status=$?
if [[ $status -ne 0 ]]; then
  echo "a11y: server log (last 40 lines):"
  tail -n 40 "$OUT/server.log"
fi
exit "$status"
