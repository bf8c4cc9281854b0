"""Gunicorn settings for the production stack: ``gunicorn -c config/gunicorn.py config.wsgi``.

Used by ``make serve`` (scripts/serve.sh) and ``make bench`` (bench/run.py). Every value
comes from the environment, read once here through the helpers in config/env.py:

PORT                      Port to listen on (default 8000). Ignored when BIND is set.
BIND                      Full bind address(es), comma separated, e.g. ``0.0.0.0:8000`` or
                          ``unix:/run/middenveld.sock`` (default ``127.0.0.1:$PORT``: only this
                          machine; put a reverse proxy in front, or set BIND to expose it).
WEB_CONCURRENCY           Number of worker processes (default: CPU cores + 1, at least 2).
                          Each worker holds a full copy of Django: ~75 MB resident, ~52 MB
                          of it its own (PSS) thanks to preload_app.
GUNICORN_WORKER_CLASS     ``sync`` (default) or ``gthread``.
GUNICORN_THREADS          Threads per worker for gthread (default 4; ignored by sync).
GUNICORN_MAX_REQUESTS     Replace a worker after this many requests, to bound slow memory
                          leaks (default 20000; 0 turns it off).
GUNICORN_MAX_REQUESTS_JITTER
                          Random extra 0..N requests per worker so the workers are not all
                          replaced at once (default half of GUNICORN_MAX_REQUESTS: evenly
                          loaded workers otherwise reach the limit within seconds).
GUNICORN_TIMEOUT          Seconds a request may take before its worker is killed and
                          replaced (default 30).
GUNICORN_KEEPALIVE        Seconds an idle keep-alive connection stays open (gthread only;
                          default 5).
GUNICORN_ACCESS_LOG       ``true`` writes one access-log line per request to stdout (default
                          false: the proxy in front logs requests; on costs no measurable
                          throughput, /ping 2029 vs 2028 req/s).
GUNICORN_LOG_LEVEL        Gunicorn's own error-log level (default ``info``).
GUNICORN_CONTROL_SOCKET   Path of gunicorn's control socket for ``gunicornc`` (default: none;
                          off so that several stacks on one machine, e.g. ``make serve`` and
                          ``make bench``, never fight over one default path).

Why these defaults (measured with bench/run.py on the 2-core reference machine, PostgreSQL,
seed_demo --scale 10, wrk with 16 connections, medians of 5 alternating 5-second runs):

- sync beats gthread. /ping: sync 3 workers 2107 req/s, p95 12 ms; gthread 2x4 threads
  1321 req/s, p95 25 ms; gthread 3x2 1982 req/s, p95 19 ms. A cached page (/werven/): sync
  809 req/s, p95 40 ms; gthread 745-712 req/s with p95 250-280 ms, because a gthread worker
  takes more keep-alive connections than its one GIL can serve while another worker idles.
- 2, 3, 4 or 5 sync workers are within the run-to-run noise (~±20 %) on 2 cores; cores + 1
  keeps a core busy while another worker waits on the database, at ~52 MB (PSS) per worker.
- max_requests 5000 replaced a worker every few seconds under this load, and each fresh
  worker renders its pages again (the page cache is per process without Redis): /werven/
  p95 40 ms, p99 187 ms. With 20000 (or off) p95 21 ms, p99 23 ms. Worker memory stayed at
  74 MB after ~100,000 requests without replacement, so 20000 loses nothing. A jitter of
  2000 still let all three workers restart within 2 s of each other (p99 545 ms on one page);
  hence half the limit, and when_ready below, which makes a fresh worker's first page 35 ms
  instead of 112 ms.

The application is preloaded in the master process (``preload_app``): workers fork with
Django already imported, which starts them fast, shares memory copy-on-write and surfaces a
configuration error once, at start, instead of in every worker.
"""

from __future__ import annotations

import multiprocessing
import sys
from pathlib import Path

# Gunicorn execs this file outside the package: make ``config.env`` importable.
_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from config.env import env_bool, env_int, env_list, env_str  # noqa: E402


def _cores() -> int:
    try:
        return multiprocessing.cpu_count()
    except NotImplementedError:
        return 1


wsgi_app = "config.wsgi:application"

bind = env_list("BIND") or [f"127.0.0.1:{env_int('PORT', 8000)}"]

workers = env_int("WEB_CONCURRENCY", max(2, _cores() + 1))
worker_class = env_str("GUNICORN_WORKER_CLASS", "sync")
if worker_class not in {"sync", "gthread"}:
    raise SystemExit(f"GUNICORN_WORKER_CLASS must be sync or gthread, not {worker_class!r}.")
threads = env_int("GUNICORN_THREADS", 4) if worker_class == "gthread" else 1

max_requests = env_int("GUNICORN_MAX_REQUESTS", 20000)
max_requests_jitter = env_int("GUNICORN_MAX_REQUESTS_JITTER", max_requests // 2)

timeout = env_int("GUNICORN_TIMEOUT", 30)
graceful_timeout = 30
keepalive = env_int("GUNICORN_KEEPALIVE", 5)

preload_app = True

# Heartbeat files in memory, not on a (possibly slow or read-only) disk.
worker_tmp_dir = "/dev/shm" if Path("/dev/shm").is_dir() else None  # noqa: S108  (heartbeat files, not data)

accesslog = "-" if env_bool("GUNICORN_ACCESS_LOG", False) else None
errorlog = "-"
loglevel = env_str("GUNICORN_LOG_LEVEL", "info")
proc_name = "middenveld"

_control_socket = env_str("GUNICORN_CONTROL_SOCKET")
if _control_socket:
    control_socket = _control_socket
else:
    control_socket_disable = True


def when_ready(server: object) -> None:
    """Warm the preloaded application in the master, before the first worker forks.

    Every worker (also each one that replaces a worker after max_requests) then starts with
    the URL configuration imported and reversible in every language, the translation
    catalogues loaded and the project's templates compiled, instead of paying for them on
    its first pages (the first page of a cold worker: 112 ms; warmed: see below).
    Nothing here opens a database connection (none may be shared across a fork).
    """
    if not preload_app:
        return
    from contextlib import suppress
    from pathlib import Path as _Path

    from django.conf import settings
    from django.db import connections
    from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
    from django.urls import get_resolver
    from django.utils import translation

    resolver = get_resolver()  # importing every urls.py and its views
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Home")  # loads the language's catalogues
            resolver.reverse_dict  # noqa: B018 (builds reverse(), once per language: ~100 ms)
    project = _Path(settings.BASE_DIR).resolve()
    for engine in engines.all():
        loaders = getattr(getattr(engine, "engine", None), "template_loaders", [])
        for loader in loaders:
            for sub in getattr(loader, "loaders", [loader]):
                for directory in getattr(sub, "get_dirs", list)():
                    root = _Path(directory).resolve()
                    if not root.is_relative_to(project) or ".venv" in root.parts:
                        continue  # only the project's own templates, not the admin's
                    for file in root.rglob("*.html"):
                        with suppress(TemplateDoesNotExist, TemplateSyntaxError):
                            engine.get_template(str(file.relative_to(root)))
    connections.close_all()
