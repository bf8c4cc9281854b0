"""Pagination for every list endpoint: ``?limit=`` and ``?offset=``.

::

    @router.get("/things", response=list[ThingOut])
    @paginate
    def thing_list(request): return selectors.thing_list()

answers ``{"count": N, "next": url|null, "previous": url|null, "results": [...]}``.
``limit`` defaults to 50 and may be 1–200; ``offset`` 0–1,000,000. Anything
else (negative, too large, not a number) is a 422 in the error shape.

The view returns a queryset (or a list); the paginator counts it and slices it,
so it costs one COUNT and one SELECT plus the view's prefetches, whatever the
number of rows. A view may also return an ``HttpResponse`` (a CSV download, for
instance); it is passed through untouched.

Extension point: for very long lists (bookings, log entries) offset paging gets
slow. Write a ``KeysetPagination(ApiPagination)`` here with its own ``Input``
(``cursor``, ``limit``) and ``Output`` (``next``, ``previous``, ``results``) and
``paginate_queryset`` that filters on the ordering key instead of slicing at an
offset; an endpoint then uses ``@paginate(KeysetPagination)``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from functools import partial, wraps
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseBase
from ninja import Field, Query, Schema
from ninja.pagination import PaginationBase, make_response_paginated
from ninja.utils import contribute_operation_args, contribute_operation_callback

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_OFFSET = 1_000_000


def page_url(request: HttpRequest, **params: int) -> str:
    """The absolute URL of this request with some query parameters replaced."""
    query = request.GET.copy()
    for name, value in params.items():
        query[name] = str(value)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


class ApiPagination(PaginationBase):
    """Base of the API's paginators: the list always comes under ``results``."""

    items_attribute = "results"


class LimitOffsetPagination(ApiPagination):
    class Input(Schema):
        limit: int = Field(
            DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Number of results (1–200)."
        )
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Number of results to skip.")

    class Output(Schema):
        count: int
        next: str | None
        previous: str | None
        results: list[Any]

    def paginate_queryset(
        self,
        queryset: QuerySet[Any] | list[Any],
        pagination: Input,
        request: HttpRequest,
        **params: Any,
    ) -> dict[str, Any]:
        limit, offset = pagination.limit, pagination.offset
        count = self._items_count(queryset)  # type: ignore[arg-type]
        results = list(queryset[offset : offset + limit])
        next_url = (
            page_url(request, limit=limit, offset=offset + limit)
            if offset + limit < count
            else None
        )
        previous_url = None
        if offset > 0:
            previous_url = page_url(request, limit=limit, offset=max(0, min(offset, count) - limit))
        return {"count": count, "next": next_url, "previous": previous_url, "results": results}


def paginate(
    func_or_class: Callable[..., Any] | type[ApiPagination] | None = None, **paginator_params: Any
) -> Any:
    """Paginate a list endpoint: ``@paginate`` or ``@paginate(OtherPagination, ...)``."""
    if func_or_class is not None and not isinstance(func_or_class, type):
        return _inject(func_or_class, LimitOffsetPagination, paginator_params)
    paginator_class = func_or_class or LimitOffsetPagination

    def decorator(func: Callable[..., Any]) -> Callable[..., Any]:
        return _inject(func, paginator_class, paginator_params)

    return decorator


def _inject(
    func: Callable[..., Any], paginator_class: type[ApiPagination], paginator_params: dict[str, Any]
) -> Callable[..., Any]:
    paginator = paginator_class(**paginator_params)

    @wraps(func)
    def view(request: HttpRequest, **kwargs: Any) -> Any:
        pagination = kwargs.pop("ninja_pagination", None) or paginator.Input()
        items = func(request, **kwargs)
        if isinstance(items, HttpResponseBase):
            return items
        return paginator.paginate_queryset(items, pagination=pagination, request=request)

    contribute_operation_args(view, "ninja_pagination", paginator.Input, Query(...))
    contribute_operation_callback(view, partial(make_response_paginated, paginator))
    view._ninja_is_paginated = True  # type: ignore[attr-defined]
    view.__signature__ = resolved_signature(func)  # type: ignore[attr-defined]
    return view


def resolved_signature(func: Callable[..., Any]) -> inspect.Signature:
    """The signature of ``func`` with string annotations evaluated in its own module.

    A decorator's wrapper lives in another module; ninja would evaluate the view's
    annotations (strings under ``from __future__ import annotations``) there.
    """
    try:
        return inspect.signature(func, eval_str=True)
    except NameError:
        return inspect.signature(func)
