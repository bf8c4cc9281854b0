"""``{% inbox_summary as summary %}`` for the back office's start page; ``|inbox_count``."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from middenveld.city.inbox import COUNT_CAP, MINE, TEAMS, inbox_for, scope_for

register = template.Library()


@register.filter
def inbox_count(value: int) -> str:
    """``1234`` → ``99+``: the inbox stops counting at ``COUNT_CAP``."""
    return f"{COUNT_CAP}+" if value > COUNT_CAP else str(value)


@register.simple_tag
def inbox_rows(items: list[Any]) -> str:
    """The inbox table's rows, built in Python: with 50 rows of 5 cells the template
    engine's per-variable cost was most of the page's time (see bench/)."""
    now = timezone.now()
    words = {
        "late": format_html(" <strong>{}</strong>", gettext("Late")),
        "soon": format_html(" <strong>{}</strong>", gettext("Due within a day")),
        "ok": "",
    }
    no_due, open_word = gettext("No due date"), gettext("Open")
    rows = []
    for item in items:
        state = item.state(now)
        due = (
            format_html(
                '<time datetime="{}">{}</time>{}',
                item.due.isoformat(),
                item.due_text,
                words[state],
            )
            if item.due
            else no_due
        )
        rows.append(
            format_html(
                '<tr class="inbox-{}"><th scope="row">{}: {}</th><td>{}</td>'
                '<td><time datetime="{}">{}</time></td><td>{}</td>'
                '<td><a href="{}">{}<span class="visually-hidden">: {}</span></a></td></tr>',
                state,
                item.label,
                item.title,
                item.organisation or "—",
                item.since.isoformat(),
                item.since_text,
                due,
                item.url,
                open_word,
                item.title,
            )
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - every part went through format_html


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
