"""Rate limits for endpoints (answered with 429 in the error shape, and Retry-After).

Use these, not ninja's ``AnonRateThrottle`` / ``AuthRateThrottle``: with our
``AUTH_PUBLIC`` every caller has ``request.auth`` set (an anonymous caller to the
anonymous user), so ninja's anonymous throttle would never apply and its auth
throttle would put every anonymous caller in one bucket. ``request.user`` is
always the caller, whether identified by token or session::

    @router.post("/questions", throttle=[AnonymousRateThrottle("10/h"), UserRateThrottle("60/h")])
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja.throttling import SimpleRateThrottle, UserRateThrottle

__all__ = ["AnonymousRateThrottle", "UserRateThrottle"]


class AnonymousRateThrottle(SimpleRateThrottle):
    """Limits anonymous callers, per address; signed-in callers are not counted."""

    scope = "anonymous"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
