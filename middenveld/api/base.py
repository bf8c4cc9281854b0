"""``MiddenveldAPI``: ninja's NinjaAPI with the platform's conventions built in.

* every error in one JSON shape (``middenveld.api.errors``), including an
  unknown path under the API (404) and a wrong method (405);
* the language of the request: ``?lang=xx`` if it is one of ours, else the
  Accept-Language header, else Dutch; the answer says which in ``Content-Language``;
* the OpenAPI schema marks endpoints that anonymous callers may use (an empty
  security requirement) and documents the error shape on every operation.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseNotAllowed,
    JsonResponse,
)
from django.urls import URLPattern, URLResolver, path, re_path
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation
from ninja.types import DictStrAny

from middenveld.api.auth import Anonymous
from middenveld.api.errors import error_response, install_error_handlers
from middenveld.api.schemas import ErrorOut

LANGUAGE_PARAMETER = "lang"
_LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)


def requested_language(request: HttpRequest) -> str:
    """``?lang=`` when it names one of our languages; else the Accept-Language header
    (or the language cookie); else Dutch.

    LocaleMiddleware cannot do this for us: with ``prefix_default_language=False``
    it gives every path without a language prefix (so all of /api/) the default
    language, whatever the header says.
    """
    asked = request.GET.get(LANGUAGE_PARAMETER, "").strip().lower()
    if asked in _LANGUAGE_CODES:
        return asked
    return translation.get_language_from_request(request) or settings.LANGUAGE_CODE


def _in_request_language(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        language = requested_language(request)
        request.LANGUAGE_CODE = language
        with translation.override(language):
            response = view(request, *args, **kwargs)
            if isinstance(response, HttpResponseNotAllowed):
                response = error_response(405, headers={"Allow": response["Allow"]})
        if "Content-Language" not in response:
            response["Content-Language"] = language
        return response

    return wrapper


class ApiSchema(OpenAPISchema):
    def __init__(self, api: NinjaAPI, path_prefix: str) -> None:
        super().__init__(api, path_prefix)
        schemas = self["components"].setdefault("schemas", {})
        error_schema = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(error_schema.pop("$defs", {}))
        schemas["ErrorOut"] = error_schema
        error = {
            "description": "Error",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}},
        }
        for operations in self["paths"].values():
            for operation in operations.values():
                operation.setdefault("responses", {}).setdefault("default", error)

    def operation_security(self, operation: Operation) -> list[DictStrAny] | None:
        security = super().operation_security(operation)
        if security is not None and any(isinstance(a, Anonymous) for a in operation.auth_callbacks):
            security.append({})  # anonymous callers are welcome too
        return security


class MiddenveldAPI(NinjaAPI):
    def set_default_exception_handlers(self) -> None:
        install_error_handlers(self)

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: DictStrAny | None = None
    ) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return ApiSchema(self, path_prefix)

    def _get_urls(self) -> list[URLResolver | URLPattern]:
        patterns = [p for p in super()._get_urls() if getattr(p, "name", None) != "api-root"]
        patterns.append(path("", csrf_exempt(self._index), name="api-root"))
        patterns.append(re_path(r"^.*$", csrf_exempt(self._not_found), name="not-found"))
        wrapped: list[URLResolver | URLPattern] = []
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                pattern = URLPattern(
                    pattern.pattern,
                    _in_request_language(pattern.callback),
                    pattern.default_args,
                    pattern.name,
                )
            wrapped.append(pattern)
        return wrapped

    def _index(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return error_response(405, headers={"Allow": "GET, HEAD"})
        base = request.path
        return JsonResponse(
            {
                "title": self.title,
                "version": self.version,
                "openapi": request.build_absolute_uri(
                    f"{base}{(self.openapi_url or '').lstrip('/')}"
                ),
                "docs": request.build_absolute_uri(f"{base}{(self.docs_url or '').lstrip('/')}"),
            }
        )

    def _not_found(self, request: HttpRequest) -> HttpResponse:
        return error_response(404)
