"""``{% inbox_summary as summary %}`` for the back office's start page; ``|inbox_count``."""

from __future__ import annotations

from dataclasses import replace
from html import escape as esc
from typing import Any

from django import template
from django.utils import timezone
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
    engine's per-variable cost was most of the page's time (see bench/). Escaped with
    the standard library's ``html.escape``, which is what Django's ``escape`` calls,
    without the lazy-string checks that ``format_html`` makes for every argument."""
    now = timezone.now()
    words = {
        "late": f" <strong>{esc(gettext('Late'))}</strong>",
        "soon": f" <strong>{esc(gettext('Due within a day'))}</strong>",
        "ok": "",
    }
    no_due, open_word = esc(gettext("No due date")), esc(gettext("Open"))
    zone = timezone.get_current_timezone()  # once: the lookup goes through a context-local
    rows = []
    for item in items:
        state = item.state(now)
        title = esc(str(item.title))
        due = (
            f'<time datetime="{item.due.isoformat()}">'
            f"{item.due.astimezone(zone):%d/%m/%Y %H:%M}</time>{words[state]}"
            if item.due
            else no_due
        )
        rows.append(
            f'<tr class="inbox-{state}"><th scope="row">{esc(str(item.label))}: {title}</th>'
            f"<td>{esc(item.organisation or '—')}</td>"
            f'<td><time datetime="{item.since.isoformat()}">{item.since.astimezone(zone):%d/%m/%Y}'
            "</time></td>"
            f"<td>{due}</td>"
            f'<td><a href="{esc(item.url)}">{open_word}'
            f'<span class="visually-hidden">: {title}</span></a></td></tr>'
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - every value went through html.escape


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
