"""Whole-page cache for anonymous visitors, per language, never stale.

``@public_page`` stores the rendered HTML of a GET for anonymous visitors under
a key made of the language, the full path and the current content version.
``invalidate_on_change(Model, ...)`` bumps the version when a row of those
models is saved or deleted, so the next request renders afresh.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import F, Model
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from middenveld.core.models import ContentVersion

PUBLIC = "public"


_VERSION_SQL = f"SELECT version FROM {ContentVersion._meta.db_table} WHERE name = %s"  # noqa: S608


def content_version(name: str = PUBLIC) -> int:
    # Plain SQL on purpose: this runs on every cached request, and the ORM's
    # query building costs more than the indexed lookup itself.
    with connection.cursor() as cursor:
        cursor.execute(_VERSION_SQL, [name])
        row = cursor.fetchone()
    return int(row[0]) if row else 0


_VERSIONS_SQL = f"SELECT name, version FROM {ContentVersion._meta.db_table} WHERE name IN "  # noqa: S608


def content_versions(names: tuple[str, ...]) -> str:
    """Several versions in one indexed query, as one key part ("3.17")."""
    if len(names) == 1:
        return str(content_version(names[0]))
    with connection.cursor() as cursor:
        cursor.execute(_VERSIONS_SQL + "(" + ", ".join(["%s"] * len(names)) + ")", list(names))
        found = dict(cursor.fetchall())
    return ".".join(str(int(found.get(name, 0))) for name in names)


def bump_content_version(name: str = PUBLIC) -> None:
    updated = ContentVersion.objects.filter(name=name).update(version=F("version") + 1)
    if not updated:
        ContentVersion.objects.get_or_create(name=name, defaults={"version": 1})


def _on_change(sender: type[Model], **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    # Bumped in the same transaction as the change: both become visible together.
    bump_content_version()


def invalidate_on_change(*models: type[Model]) -> None:
    for model in models:
        post_save.connect(_on_change, sender=model, dispatch_uid=f"cache-{model._meta.label}-save")
        post_delete.connect(
            _on_change, sender=model, dispatch_uid=f"cache-{model._meta.label}-delete"
        )


# Paths whose anonymous answer this process has cached: PublicPageMiddleware
# looks these up before URL resolution and the rest of the middleware. Bounded,
# so odd URLs cannot grow it without limit.
_EARLY_PATHS: set[str] = set()
_EARLY_PATHS_MAX = 10_000


def _page_key(request: HttpRequest, version: int | str) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"page:{get_language()}:{version}:{path}"


def _from_cache(hit: dict[str, Any], label: str) -> HttpResponse:
    response = HttpResponse(hit["content"], content_type=hit["content_type"])
    response["X-Cache"] = label
    patch_vary_headers(response, ["Cookie", "Authorization", "Accept-Language"])
    return response


# Cookie of Django's message storage: a page shown with a one-time message
# ("you have signed out") is neither served from nor stored in the cache.
_MESSAGES_COOKIE = "messages"


def _anonymous_read(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and "HTTP_AUTHORIZATION" not in request.META
        and not request.COOKIES.get(_MESSAGES_COOKIE)
    )


def _cached_view(
    view: Callable[..., HttpResponse],
    *,
    early: bool,
    seconds: int | None = None,
    also: tuple[str, ...] = (),
) -> Callable[..., HttpResponse]:
    names = (PUBLIC, *also)
    # A page keyed on more than the public version is answered by its view, never
    # early by the middleware (which knows only the public version).
    early = early and not also

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not _anonymous_read(request) or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        key = _page_key(request, content_versions(names))
        hit = cache.get(key)
        if hit is not None:
            return _from_cache(hit, "hit")
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if response.status_code == 200 and not response.streaming and not response.cookies:
            entry = {"content": response.content, "content_type": response["Content-Type"]}
            if seconds is None:
                cache.set(key, entry)
            else:
                cache.set(key, entry, seconds)
            if early and len(_EARLY_PATHS) < _EARLY_PATHS_MAX:
                _EARLY_PATHS.add(request.path)
        response["X-Cache"] = "miss"
        patch_vary_headers(response, ["Cookie", "Authorization", "Accept-Language"])
        return response

    return wrapper


def public_page(
    view: Callable[..., HttpResponse] | None = None,
    *,
    seconds: int | None = None,
    also: tuple[str, ...] = (),
) -> Any:
    """Cache a page's answer for anonymous GETs, per language (from the URL).

    A request with an Authorization header is never served from the cache.
    Once cached, PublicPageMiddleware answers the path before URL resolution.

    ``@public_page(seconds=300)``: for a page that also changes with the clock, not
    only with the content (an event that starts, a registration that closes), keep
    it at most that long; plain ``@public_page`` keeps it as long as the content
    version holds (the cache's default timeout).

    ``@public_page(also=("spaces",))``: the page also depends on data that changes
    more often than the public content (bookings); it is keyed on that version too,
    which the module bumps in the same transaction as each change.
    """
    if view is None:
        return lambda inner: _cached_view(inner, early=True, seconds=seconds, also=also)
    return _cached_view(view, early=True, seconds=seconds, also=also)


def public_read(
    view: Callable[..., HttpResponse] | None = None,
    *,
    seconds: int | None = None,
    also: tuple[str, ...] = (),
) -> Any:
    """``public_page`` for API reads (through ninja's ``decorate_view``). Their
    language may come from a header, so only the view itself may answer them."""
    if view is None:
        return lambda inner: _cached_view(inner, early=False, seconds=seconds, also=also)
    return _cached_view(view, early=False, seconds=seconds, also=also)


class PublicPageMiddleware:
    """Answers anonymous requests for cached public pages early.

    Sits right after LocaleMiddleware (the language comes from the URL). Only a
    request without a session cookie and without an Authorization header is
    certainly anonymous; everything else goes the normal way.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.session_cookie = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.path in _EARLY_PATHS
            and _anonymous_read(request)
            and not request.COOKIES.get(self.session_cookie)
        ):
            hit = cache.get(_page_key(request, content_version()))
            if hit is not None:
                return _from_cache(hit, "hit")
        return self.get_response(request)
