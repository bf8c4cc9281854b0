"""A small API, built like the real one, whose endpoints fail in every way an
endpoint can; mounted at /test-api/ next to the site's own URLs."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from django.urls import path
from ninja import Schema
from ninja.errors import HttpError

from config.urls import urlpatterns as site_urlpatterns
from middenveld.api.auth import AUTH_PUBLIC, AUTH_REQUIRED
from middenveld.api.base import MiddenveldAPI
from middenveld.api.pagination import LimitOffsetPagination, paginate
from middenveld.api.permissions import require_rule, rule_required
from middenveld.api.throttling import AnonymousRateThrottle
from middenveld.core.errors import BadRequest, Conflict, Forbidden, Invalid, NotFound
from middenveld.trajectory.models import Workstream

test_api = MiddenveldAPI(
    title="Test API", version="test", urls_namespace="test-api", auth=AUTH_PUBLIC
)


class NameIn(Schema):
    name: str


class NumberOut(Schema):
    n: int


RAISE = {
    "not_found": lambda: NotFound(),
    "forbidden": lambda: Forbidden("Not for you."),
    "conflict": lambda: Conflict(),
    "invalid": lambda: Invalid(fields={"name": ["Too short."]}),
    "bad_request": lambda: BadRequest(),
    "http404": lambda: Http404("secret detail"),
    "does_not_exist": lambda: Workstream.DoesNotExist(),
    "permission_denied": lambda: PermissionDenied("Only the secretariat can do this."),
    "django_validation": lambda: DjangoValidationError({"email": ["Enter a valid email address."]}),
    "integrity": lambda: IntegrityError("UNIQUE constraint failed: trajectory_workstream.number"),
    "http_error": lambda: HttpError(409, "English only"),
    "crash": lambda: RuntimeError("boom"),
}


@test_api.get("/raise/{kind}")
def raise_error(request, kind: str):
    raise RAISE[kind]()


@test_api.post("/names", auth=AUTH_REQUIRED)
def name_create(request, payload: NameIn):
    return {"name": payload.name, "by": request.user.email}


@test_api.post("/public-names")
def public_name_create(request, payload: NameIn):
    return {"name": payload.name, "authenticated": request.user.is_authenticated}


@test_api.get("/whoami")
def whoami(request):
    return {
        "authenticated": request.user.is_authenticated,
        "email": getattr(request.user, "email", None),
    }


@test_api.get("/staff-only")
def staff_only(request):
    require_rule(request, "trajectory.edit_content")
    return {"ok": True}


@test_api.get("/staff-only-decorated")
@rule_required("trajectory.edit_content")
def staff_only_decorated(request, note: str = ""):
    return {"ok": True, "note": note}


@test_api.get("/limited", throttle=AnonymousRateThrottle("1/min"))
def limited(request):
    return {"ok": True}


@test_api.get("/numbers", response=list[NumberOut])
@paginate(LimitOffsetPagination)
def numbers(request, upto: int = 7):
    return [{"n": n} for n in range(upto)]


urlpatterns = [path("test-api/", test_api.urls), *site_urlpatterns]
