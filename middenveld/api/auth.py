"""Who is calling: a personal token (``Authorization: Bearer …``) or a browser session.

Two auth lists, used as ninja's ``auth=``:

``AUTH_PUBLIC`` (the API's default)
    Anyone may call. A valid token or session identifies the caller
    (``request.user``); without either, ``request.user`` is anonymous.
``AUTH_REQUIRED``
    The caller must be identified; otherwise 401 with ``WWW-Authenticate: Bearer``.

On both, an Authorization header that is not a valid, active personal token is
refused with 401 (``invalid_token``): a bad token is never quietly treated as
anonymous. A session is accepted for unsafe methods (POST, PUT, PATCH, DELETE)
only with a valid CSRF token (``X-CSRFToken`` header); a personal token needs none.

Authentication says who the caller is; what they may do is decided by the named
rules in ``middenveld.core.rules`` (see ``middenveld.api.permissions``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from middenveld.accounts.tokens import api_token_authenticate
from middenveld.api.errors import CsrfFailed, InvalidToken

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class BearerToken(HttpBearer):
    """A personal API token (see ``middenveld.accounts.tokens``)."""

    openapi_bearerFormat = "mv_…"

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get(self.header)
        if header is None:
            return None
        scheme, _sep, token = header.strip().partition(" ")
        if scheme.lower() != "bearer":
            raise InvalidToken()
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(token)
        if user is None:
            raise InvalidToken()
        request.user = user
        return user


class SessionCookie(APIKeyCookie):
    """Django's session (the signed-in browser), with CSRF for unsafe methods."""

    param_name = settings.SESSION_COOKIE_NAME

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if (
            request.method not in SAFE_METHODS
            and not getattr(request, "_ninja_csrf_exempt", False)
            and check_csrf(request) is not None
        ):
            raise CsrfFailed()
        return user

    def _get_key(self, request: HttpRequest) -> str | None:
        # ninja would check CSRF here for every caller; we check it in
        # authenticate(), only for signed-in sessions and unsafe methods.
        return request.COOKIES.get(self.param_name)


class Anonymous:
    """Accept a caller without credentials as anonymous (last in ``AUTH_PUBLIC``)."""

    def __call__(self, request: HttpRequest) -> Any:
        return request.user


bearer_token = BearerToken()
session_cookie = SessionCookie(csrf=True)

AUTH_REQUIRED: list[Any] = [bearer_token, session_cookie]
AUTH_PUBLIC: list[Any] = [bearer_token, session_cookie, Anonymous()]
