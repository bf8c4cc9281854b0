"""The JSON API under /api/v1/: one NinjaAPI; each app contributes a router.

Schema: /api/v1/openapi.json (OpenAPI 3). Docs: /api/v1/docs, ninja's Swagger UI
from our own static files. It runs under the site's strict Content-Security-Policy
as is: the template has no inline script (its settings are a JSON data block read
by swagger-ui-init.js) and no inline style, and Swagger UI sets styles through
the DOM, which the policy allows (checked in a real browser:
middenveld/api/tests/test_docs_browser.py).

Adding endpoints for an app
---------------------------
1. Write ``middenveld/<app>/api.py`` with a module-level ``router``::

       from ninja import Router
       from middenveld.api.auth import AUTH_REQUIRED
       from middenveld.api.pagination import paginate
       from middenveld.api.permissions import require_rule

       router = Router(tags=["spaces"])

       @router.get("/spaces", response=list[SpaceOut])
       @paginate
       def space_list(request):
           return selectors.space_list()

       @router.post("/spaces/{slug}/bookings", response={201: BookingOut}, auth=AUTH_REQUIRED)
       def booking_create(request, slug: str, payload: BookingIn):
           space = selectors.space_get(slug=slug)
           require_rule(request, "spaces.book", space)
           return 201, services.booking_request(space=space, by=request.user, **payload.dict())

2. Add ``"middenveld.<app>.api"`` to ``API_ROUTERS`` below. That is all.

Conventions (see the modules named):

* Paths are English plural nouns at the top level (``/spaces``, ``/calls``), no
  trailing slash; the router is mounted without a prefix.
* Endpoints call selectors to read and services to act — the same functions as
  the pages — never new ORM queries of their own.
* Lists use ``@paginate`` (``middenveld.api.pagination``) and keep a constant
  number of queries, pinned by a ``django_assert_max_num_queries`` test.
  Tabular public lists also answer ``?format=csv`` (``middenveld.api.csv_export``).
* Schemas of translated objects extend ``TranslatedOut`` (``middenveld.api.schemas``).
* Anonymous callers are welcome by default (``AUTH_PUBLIC``); pass
  ``auth=AUTH_REQUIRED`` (per endpoint or ``Router(auth=...)``) when the caller
  must be known (``middenveld.api.auth``). What a caller may do is a named rule:
  ``require_rule(request, name, obj)`` (``middenveld.api.permissions``).
* Rate limits: ``middenveld.api.throttling`` (not ninja's anonymous/auth throttles).
* Refusals are domain errors (``middenveld.core.errors``: ``NotFound``,
  ``Forbidden``, ``Conflict``, ``Invalid``) with a translated sentence; the API
  answers every error in one shape (``middenveld.api.errors``).
"""

from __future__ import annotations

from django.utils.module_loading import import_string

from middenveld.api.auth import AUTH_PUBLIC
from middenveld.api.base import MiddenveldAPI

#: The modules whose ``router`` is part of the API, in the order of the docs.
API_ROUTERS: list[str] = [
    "middenveld.api.me",
    "middenveld.trajectory.api",
    "middenveld.organisations.api",
    "middenveld.support.api",
    "middenveld.support.api_mail",
    "middenveld.knowledge.api",
    "middenveld.city.api",
    "middenveld.participation.api",
    "middenveld.events.api",
    "middenveld.ballots.api",
    "middenveld.spaces.api",
    "middenveld.parliament.api",
    "middenveld.funding.api_public",
    "middenveld.funding.api_apply",
    "middenveld.funding.api_staff",
    "middenveld.funding.api_setup",
]

DESCRIPTION = (
    "Open data and actions of the Middenveld platform. Public endpoints need no "
    "credentials; others take a personal token (Authorization: Bearer …) or a "
    "signed-in session with a CSRF token. Texts come in the language of "
    "?lang= or Accept-Language (Dutch when neither is given). Every error is "
    '{"error": {"code", "message", "details"}}.'
)

api = MiddenveldAPI(
    title="Middenveld API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=AUTH_PUBLIC,
)

for _module in API_ROUTERS:
    api.add_router("", import_string(f"{_module}.router"))
