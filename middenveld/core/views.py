from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.static import serve

logger = logging.getLogger(__name__)


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when every configured backing service answers, 503 otherwise."""
    checks: dict[str, str] = {}
    healthy = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception:  # any database failure means unhealthy
        logger.exception("health check: database unreachable")
        checks["database"] = "unavailable"
        healthy = False
    if settings.REDIS_URL:
        try:
            cache.set("healthz", "1", 5)
            checks["cache"] = "ok" if cache.get("healthz") == "1" else "unavailable"
        except Exception:
            logger.exception("health check: cache unreachable")
            checks["cache"] = "unavailable"
        healthy = healthy and checks["cache"] == "ok"
    if settings.TASK_BACKEND == "rq":
        checks["queue"] = _queue_check()
        healthy = healthy and checks["queue"] == "ok"
    body = {"status": "ok" if healthy else "unavailable", "checks": checks}
    return JsonResponse(body, status=200 if healthy else 503)


def _queue_check() -> str:
    try:
        import django_rq

        django_rq.get_connection("default").ping()
    except Exception:
        logger.exception("health check: task queue unreachable")
        return "unavailable"
    return "ok"


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)


def media(request: HttpRequest, path: str) -> HttpResponseBase:
    """An upload from MEDIA_ROOT (the file-system storage); 404 for anything else."""
    return serve(request, path, document_root=str(settings.MEDIA_ROOT))


def trivial(request: HttpRequest) -> HttpResponse:
    """The benchmark's ceiling: the cheapest response the stack can give."""
    return HttpResponse(b"ok", content_type="text/plain")
