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

from django.core.cache import cache
from django.db.models import F, Model
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from middenveld.core.models import ContentVersion

PUBLIC = "public"


def content_version(name: str = PUBLIC) -> int:
    row = ContentVersion.objects.filter(name=name).values_list("version", flat=True).first()
    return int(row or 0)


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


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Cache the view's answer for anonymous GETs (pages, and public API reads
    through ninja's ``decorate_view``). A request with an Authorization header is
    never served from the cache: its token must still be checked."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        cacheable = (
            request.method in ("GET", "HEAD")
            and "HTTP_AUTHORIZATION" not in request.META
            and not request.user.is_authenticated
        )
        if not cacheable:
            return view(request, *args, **kwargs)
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
        key = f"page:{get_language()}:{content_version()}:{path}"
        hit = cache.get(key)
        if hit is not None:
            response = HttpResponse(hit["content"], content_type=hit["content_type"])
            response["X-Cache"] = "hit"
        else:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if response.status_code == 200 and not response.streaming and not response.cookies:
                cache.set(
                    key, {"content": response.content, "content_type": response["Content-Type"]}
                )
            response["X-Cache"] = "miss"
        patch_vary_headers(response, ["Cookie", "Authorization", "Accept-Language"])
        return response

    return wrapper
