"""GET /me: who the API thinks the caller is (proves the token or session works)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from middenveld.api.auth import AUTH_REQUIRED

router = Router(tags=["account"])


class MeOut(Schema):
    id: int
    email: str
    name: str
    role: str
    language: str


@router.get("/me", response=MeOut, auth=AUTH_REQUIRED, summary="The signed-in caller")
def me(request: HttpRequest) -> object:
    return request.user
