"""Domain errors: what a service raises when it refuses, with a sentence a person can read.

A service never builds an HTTP response. It raises one of these; the page view,
the API (``middenveld.api.errors``), the admin action and the management command
each turn it into their own answer. ``http_status`` and ``code`` only say how the
API answers; ``message`` is shown to people as is, so write a whole sentence and
mark it for translation::

    raise Conflict(_("This space is already booked at that time."))
    raise Invalid(fields={"ends_at": [_("The end must come after the start.")]})

``details`` is optional, machine-readable context (JSON-serialisable).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Message = str | Promise


class DomainError(Exception):
    http_status: ClassVar[int] = 400
    code: str = "error"
    default_message: ClassVar[Message] = _("This could not be done.")

    def __init__(
        self,
        message: Message | None = None,
        *,
        code: str | None = None,
        details: Mapping[str, Any] | None = None,
    ) -> None:
        self.message: Message = message if message is not None else self.default_message
        if code is not None:
            self.code = code
        self.details: dict[str, Any] = dict(details or {})
        super().__init__(self.message)

    def __str__(self) -> str:
        return str(self.message)


class NotAuthenticated(DomainError):
    """The person has to sign in (or send a valid token) first."""

    http_status = 401
    code = "not_authenticated"
    default_message = _("You need to sign in first.")


class Forbidden(DomainError):
    """The person is known, but this is not theirs to do."""

    http_status = 403
    code = "forbidden"
    default_message = _("You are not allowed to do this.")


class NotFound(DomainError):
    http_status = 404
    code = "not_found"
    default_message = _("This was not found.")


class Conflict(DomainError):
    """The change clashes with what is already there (a double booking, a second vote)."""

    http_status = 409
    code = "conflict"
    default_message = _("This conflicts with something that already exists.")


class RateLimited(DomainError):
    """Too many requests from one person or address in a short time."""

    http_status = 429
    code = "rate_limited"
    default_message = _("You sent too many requests. Please wait a while and try again.")


class Invalid(DomainError):
    """The input cannot be accepted. ``fields`` maps a field name to its messages."""

    http_status = 422
    code = "invalid"
    default_message = _("Some of the information is not valid.")

    def __init__(
        self,
        message: Message | None = None,
        *,
        code: str | None = None,
        details: Mapping[str, Any] | None = None,
        fields: Mapping[str, Sequence[Message]] | None = None,
    ) -> None:
        merged = dict(details or {})
        if fields:
            merged["fields"] = {name: list(messages) for name, messages in fields.items()}
        super().__init__(message, code=code, details=merged)


class BadRequest(Invalid):
    """The request itself cannot be read (not about one field's value)."""

    http_status = 400
    code = "bad_request"
    default_message = _("The request could not be read.")
