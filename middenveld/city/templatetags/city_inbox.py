"""``{% inbox_summary as summary %}`` for the back office's start page; ``|inbox_count``."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django import template

from middenveld.city.inbox import COUNT_CAP, MINE, TEAMS, inbox_for, scope_for

register = template.Library()


@register.filter
def inbox_count(value: int) -> str:
    """``1234`` → ``999+``: the inbox stops counting at ``COUNT_CAP``."""
    return f"{COUNT_CAP}+" if value > COUNT_CAP else str(value)


@register.simple_tag(takes_context=True)
def inbox_summary(context: Any) -> dict[str, Any] | None:
    """Counts per source for "for me" and "for my teams" (count queries only)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    scope = scope_for(user, MINE)
    mine = inbox_for(user, kind=MINE, limit=0, scope=scope)
    teams = inbox_for(user, kind=TEAMS, limit=0, scope=replace(scope, kind=TEAMS))
    return {
        "mine": mine,
        "teams": teams,
        "rows": [
            (source, mine_count, teams_count)
            for (source, mine_count), (_same, teams_count) in zip(
                mine.counts, teams.counts, strict=True
            )
        ],
    }
