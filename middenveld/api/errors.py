"""One shape for every error the API gives, in the language of the request::

    {"error": {"code": "not_found", "message": "<a sentence>", "details": {...}}}

``details`` is present only when there is something to add (field errors, the
methods that are allowed, ...). ``install_error_handlers(api)`` maps every
exception an endpoint can raise onto this shape; nothing reaches Django's HTML
error pages. Endpoints raise a ``middenveld.core.errors.DomainError`` (or let a
service raise it); Django's ``Http404``, ``PermissionDenied``, ``ValidationError``,
``Model.DoesNotExist`` and ``IntegrityError`` are understood as well.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from django.core import signals
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.functional import Promise
from django.utils.log import log_response
from django.utils.translation import gettext, gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

from middenveld.core.errors import DomainError, NotAuthenticated

logger = logging.getLogger(__name__)

#: The value of WWW-Authenticate on every 401 (RFC 6750).
BEARER_CHALLENGE = 'Bearer realm="middenveld"'

#: A sentence for each status code, for errors that do not bring their own.
STATUS_ERRORS: dict[int, tuple[str, Promise]] = {
    400: ("bad_request", gettext_lazy("The request could not be read.")),
    401: ("not_authenticated", gettext_lazy("You need to sign in first.")),
    403: ("forbidden", gettext_lazy("You are not allowed to do this.")),
    404: ("not_found", gettext_lazy("This was not found.")),
    405: ("method_not_allowed", gettext_lazy("This method is not allowed here.")),
    409: ("conflict", gettext_lazy("This conflicts with something that already exists.")),
    422: ("invalid", gettext_lazy("Some of the information is not valid.")),
    429: ("throttled", gettext_lazy("Too many requests. Please wait a moment and try again.")),
    500: (
        "server_error",
        gettext_lazy("Something went wrong on our side. Please try again later."),
    ),
}


class InvalidToken(NotAuthenticated):
    """An Authorization header was sent, but it is not a valid, active personal token."""

    code = "invalid_token"
    default_message = gettext_lazy(
        "This personal token is not valid: it is unknown, revoked or malformed."
    )


class CsrfFailed(DomainError):
    http_status = 403
    code = "csrf_failed"
    default_message = gettext_lazy(
        "The CSRF token is missing or wrong. Send the X-CSRFToken header with a session, "
        "or use a personal token."
    )


def error_body(
    code: str, message: str | Promise, details: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    error: dict[str, Any] = {"code": code, "message": str(message)}
    if details:
        error["details"] = dict(details)
    return {"error": error}


def error_response(
    status: int,
    *,
    code: str | None = None,
    message: str | Promise | None = None,
    details: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
) -> HttpResponse:
    """A JSON error response; code and message default to those of the status."""
    default_code, default_message = STATUS_ERRORS.get(status, STATUS_ERRORS[400])
    body = error_body(
        code or default_code, message if message is not None else default_message, details
    )
    response = JsonResponse(
        body,
        status=status,
        encoder=DjangoJSONEncoder,
        json_dumps_params={"ensure_ascii": False},
        content_type="application/json; charset=utf-8",
    )
    for name, value in (headers or {}).items():
        response[name] = value
    if status == 401 and "WWW-Authenticate" not in response:
        response["WWW-Authenticate"] = BEARER_CHALLENGE
    return response


# --- field errors -------------------------------------------------------------------

# Messages for pydantic's error types. The sentences are Django's own, so they are
# already translated into every language Django speaks.
_FIELD_MESSAGES: dict[str, Promise] = {
    "missing": gettext_lazy("This field is required."),
    "int_parsing": gettext_lazy("Enter a whole number."),
    "int_type": gettext_lazy("Enter a whole number."),
    "int_from_float": gettext_lazy("Enter a whole number."),
    "float_parsing": gettext_lazy("Enter a number."),
    "float_type": gettext_lazy("Enter a number."),
    "decimal_parsing": gettext_lazy("Enter a number."),
    "date_parsing": gettext_lazy("Enter a valid date."),
    "date_from_datetime_parsing": gettext_lazy("Enter a valid date."),
    "datetime_parsing": gettext_lazy("Enter a valid date/time."),
    "datetime_from_date_parsing": gettext_lazy("Enter a valid date/time."),
    "enum": gettext_lazy("Select a valid choice. That choice is not one of the available choices."),
    "literal_error": gettext_lazy(
        "Select a valid choice. That choice is not one of the available choices."
    ),
    "email": gettext_lazy("Enter a valid email address."),
    "url_parsing": gettext_lazy("Enter a valid URL."),
    "uuid_parsing": gettext_lazy("Enter a valid UUID."),
}
_ENTER_VALID_VALUE = gettext_lazy("Enter a valid value.")


def _field_message(error: Mapping[str, Any]) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind in ("less_than_equal", "less_than") and "le" in ctx:
        return gettext("Ensure this value is less than or equal to %(limit_value)s.") % {
            "limit_value": ctx["le"]
        }
    if kind in ("greater_than_equal", "greater_than") and "ge" in ctx:
        return gettext("Ensure this value is greater than or equal to %(limit_value)s.") % {
            "limit_value": ctx["ge"]
        }
    if kind == "string_too_long" and "max_length" in ctx:
        return gettext("Ensure this value has at most %(limit_value)s characters.") % {
            "limit_value": ctx["max_length"]
        }
    return str(_FIELD_MESSAGES.get(kind, _ENTER_VALID_VALUE))


def _field_name(loc: tuple[Any, ...] | list[Any]) -> str:
    """``("query", "limit")`` → ``limit``; ``("body", "payload", "name")`` → ``name``."""
    parts = [str(p) for p in loc]
    if len(parts) > 2 and parts[0] == "body":
        parts = parts[2:]
    elif len(parts) > 1:
        parts = parts[1:]
    return ".".join(parts) or "request"


def field_errors(errors: list[dict[str, Any]]) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for error in errors:
        fields.setdefault(_field_name(error.get("loc", ())), []).append(_field_message(error))
    return fields


# --- handlers -----------------------------------------------------------------------


def _domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    headers = {}
    if isinstance(exc, InvalidToken):
        headers["WWW-Authenticate"] = f'{BEARER_CHALLENGE}, error="invalid_token"'
    return error_response(
        exc.http_status, code=exc.code, message=exc.message, details=exc.details, headers=headers
    )


def _validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    return error_response(422, details={"fields": field_errors(list(exc.errors))})


def _django_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        details = {"fields": {name: list(messages) for name, messages in exc.message_dict.items()}}
        return error_response(422, details=details)
    messages = list(exc.messages)
    return error_response(422, message=" ".join(messages) if messages else None)


def _authentication_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error_response(401)


def _authorization_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error_response(403)


def _permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    reason = exc.args[0] if exc.args and isinstance(exc.args[0], str | Promise) else None
    return error_response(403, message=reason or None)


def _throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    return error_response(429)


def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # ninja's own messages are English only; use our sentence for the status.
    status = exc.status_code if exc.status_code in STATUS_ERRORS else 400
    return error_response(status)


def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error_response(404)


def _integrity_error(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
    logger.warning("API conflict on %s %s: %s", request.method, request.path, exc)
    return error_response(409)


def _server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    # As Django does for an uncaught exception: log it (mail_admins, error trackers)
    # and tell the listeners of got_request_exception.
    response = error_response(500)
    log_response(
        "%s: %s",
        "Internal Server Error",
        request.path,
        response=response,
        request=request,
        exception=exc,
    )
    signals.got_request_exception.send(sender=None, request=request)
    return response


HANDLERS: list[tuple[type[Exception], Callable[..., HttpResponse]]] = [
    (DomainError, _domain_error),
    (NinjaValidationError, _validation_error),
    (DjangoValidationError, _django_validation_error),
    (AuthenticationError, _authentication_error),
    (AuthorizationError, _authorization_error),
    (Throttled, _throttled),
    (HttpError, _http_error),
    (Http404, _not_found),
    (ObjectDoesNotExist, _not_found),
    (PermissionDenied, _permission_denied),
    (IntegrityError, _integrity_error),
    (Exception, _server_error),
]


def install_error_handlers(api: NinjaAPI) -> None:
    """Replace ninja's default handlers; the most specific class wins (by MRO)."""
    for exc_class, handler in HANDLERS:
        api.add_exception_handler(exc_class, handler)
