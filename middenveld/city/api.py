"""The staff inbox in the API: what waits for the caller, their teams, or everyone."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from middenveld.api.auth import AUTH_REQUIRED
from middenveld.api.permissions import require_rule
from middenveld.api.schemas import absolute_url
from middenveld.city.inbox import inbox_for

router = Router(tags=["inbox"], auth=AUTH_REQUIRED)


class InboxItemOut(Schema):
    source: str = Field(..., description="Which module and queue, e.g. support.questions.")
    label: str
    title: str
    url: str = Field(..., description="The back-office page where it is handled.")
    organisation: str
    since: datetime
    due: datetime | None
    state: str = Field(..., description="late, soon (due within a day) or ok.")

    @staticmethod
    def resolve_label(obj: Any) -> str:
        return str(obj.label)

    @staticmethod
    def resolve_url(obj: Any, context: Any) -> str:
        return absolute_url(context, obj.url)

    @staticmethod
    def resolve_state(obj: Any) -> str:
        return obj.state()


class InboxCountOut(Schema):
    source: str
    label: str
    count: int


class InboxOut(Schema):
    total: int
    counts: list[InboxCountOut]
    items: list[InboxItemOut]


class InboxQuery(Schema):
    scope: Literal["mine", "teams", "all"] = "mine"
    source: str | None = None
    limit: int = Field(50, ge=1, le=200)


@router.get("/inbox", response=InboxOut)
def inbox(request: HttpRequest, query: Query[InboxQuery]) -> dict[str, Any]:
    """Everything waiting, soonest due first, across modules (the same as /beheer/inbox/)."""
    require_rule(request, "city.view_inbox")
    found = inbox_for(request.user, kind=query.scope, source=query.source, limit=query.limit)
    return {
        "total": found.total,
        "counts": [
            {"source": source.key, "label": str(source.label), "count": count}
            for source, count in found.counts
        ],
        "items": found.items,
    }
