"""The staff inbox: everything waiting for a city employee or their teams, across modules.

How a module adds what its staff must act on (bookings to approve, applications
to assess, advice answers due): write ``<app>/inbox.py`` and import it from the
app's ``apps.py`` ``ready()``, once::

    # middenveld/spaces/inbox.py
    from django.urls import reverse
    from django.utils.translation import gettext_lazy as _

    from middenveld.city.inbox import InboxItem, InboxScope, inbox_source, rows_and_count
    from middenveld.spaces import selectors
    from middenveld.spaces.models import Booking


    def _bookings(scope: InboxScope, limit: int) -> tuple[list[InboxItem], int]:
        if scope.mine:
            waiting = selectors.bookings_waiting(person=scope.person)
        elif scope.everything:
            waiting = selectors.bookings_waiting()
        else:
            waiting = selectors.bookings_waiting(team_ids=scope.team_ids)
        rows, count = rows_and_count(
            waiting.values_list("pk", "space__name", "requested_at", "decide_by",
                                "organisation__name"), limit)
        url = reverse("beheer:spaces_booking_change", args=[0]).replace("/0/", "/{}/")
        items = [
            InboxItem(title=space, url=url.format(pk), since=since, due=due,
                      organisation=organisation or "")
            for pk, space, since, due, organisation in rows
        ]
        return items, count


    inbox_source("spaces.approvals", label=_("Booking requests"), items=_bookings,
                 rule="spaces.decide", order=40, models=(Booking,))

    # middenveld/spaces/apps.py
    def ready(self) -> None:
        from middenveld.spaces import inbox, rules  # noqa: F401

The contract for ``items(scope, limit)``:

- return at most ``limit`` items, **soonest due first** (items without a due
  date last), and the number waiting; ``limit`` may be 0 (only the count is
  shown), and ``rows[:0]`` costs no query;
- use a fixed number of indexed queries whatever the number of rows: take the
  rows and the count in one query with ``rows_and_count`` over a ``values_list``
  (or slice, and count with ``count_capped``: the inbox says "99+" rather than
  count a hundred thousand rows);
- name in ``models`` every model whose rows the items come from or show: their
  saves make the cached inbox read afresh (ADR 17); call ``inbox_changed()`` after
  a ``QuerySet.update`` of such rows;
- ``scope`` says whose inbox: the person's own (``scope.mine``, the person is
  ``scope.person``), their teams' (``scope.team_ids``, may be empty), or
  everything (``scope.everything``: team leads and administrators only, see
  ``may_see_everything``). A source that has no owner (mails kept aside) shows
  in "teams" and "everything", not in "mine";
- ``rule`` (a name from ``middenveld.core.rules``) hides the source from people
  who may not act on it; ``order`` places its filter among the others.

The sources today: ``support.questions`` and ``support.quarantine``
(``support/inbox.py``), ``organisations.verification``
(``organisations/inbox.py``). The page is ``/beheer/inbox/`` (``city/views.py``),
the API ``GET /api/v1/inbox`` (``city/api.py``); the daily digest mails the
total (``city.services.digests_send``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Model, QuerySet
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from middenveld.core import rules
from middenveld.core.cache import bump_content_version, content_version
from middenveld.core.errors import Forbidden

MINE, TEAMS, EVERYTHING = "mine", "teams", "all"
SCOPES = (MINE, TEAMS, EVERYTHING)
DUE_SOON = timedelta(days=1)
# Counting stops here: "99+" is as useful to a person as 143,212, and much cheaper.
COUNT_CAP = 99


@dataclass(frozen=True)
class InboxScope:
    person: Any
    kind: str = MINE
    team_ids: tuple[int, ...] = ()
    # The teams the person leads (a subset of team_ids).
    lead_team_ids: tuple[int, ...] = ()
    # The inbox version read with the scope (when the cache is on): one query for both.
    version: int | None = None

    @property
    def everything(self) -> bool:
        return self.kind == EVERYTHING

    @property
    def mine(self) -> bool:
        return self.kind == MINE

    @property
    def teams(self) -> bool:
        return self.kind == TEAMS


@dataclass(frozen=True)
class InboxItem:
    title: str
    url: str
    since: datetime
    due: datetime | None = None
    organisation: str = ""
    waiting_for: str = ""
    source: str = ""
    label: str | Promise = ""

    def state(self, now: datetime | None = None) -> str:
        """``late`` (past due), ``soon`` (due within a day) or ``ok``."""
        if self.due is None:
            return "ok"
        now = now or timezone.now()
        if self.due < now:
            return "late"
        return "soon" if self.due - now <= DUE_SOON else "ok"

    # Dates as text in the city's time zone. strftime with numbers, not the template's
    # |date filter: the inbox shows hundreds of dates per request.
    @property
    def since_text(self) -> str:
        return timezone.localtime(self.since).strftime("%d/%m/%Y")

    @property
    def due_text(self) -> str:
        return timezone.localtime(self.due).strftime("%d/%m/%Y %H:%M") if self.due else ""


ItemsFn = Callable[[InboxScope, int], tuple[list[InboxItem], int]]


@dataclass(frozen=True)
class InboxSource:
    key: str
    label: str | Promise
    items: ItemsFn
    rule: str | None = None
    order: int = 100
    models: tuple[type[Model], ...] = ()


@dataclass
class Inbox:
    items: list[InboxItem]
    counts: list[tuple[InboxSource, int]] = field(default_factory=list)
    scope: InboxScope | None = None
    source: str | None = None

    @property
    def total(self) -> int:
        return sum(count for _source, count in self.counts)

    @property
    def shown_total(self) -> int:
        """How many the current filter has (all sources, or the chosen one)."""
        if self.source is None:
            return self.total
        return sum(count for source, count in self.counts if source.key == self.source)


_SOURCES: dict[str, InboxSource] = {}


def inbox_source(
    key: str,
    *,
    label: str | Promise,
    items: ItemsFn,
    rule: str | None = None,
    order: int = 100,
    models: tuple[type[Model], ...] = (),
) -> InboxSource:
    """Register (or replace) the source ``key``. Call once, from an app's ``ready()``.

    ``models``: the models whose rows the source reads (its items and what they show).
    Saving or deleting one of their rows makes every inbox read afresh (see
    ``inbox_changed``); a change that bypasses signals (``QuerySet.update``) must call
    ``inbox_changed()`` itself, or shows after ``INBOX_CACHE_SECONDS`` at the latest.
    """
    source = InboxSource(key, label, items, rule, order, tuple(models))
    _SOURCES[key] = source
    inbox_watch(*models)
    return source


def inbox_watch(*models: type[Model]) -> None:
    """Saving or deleting a row of these models makes every inbox read afresh."""
    for model in models:
        uid = f"inbox-{model._meta.label}"
        post_save.connect(_on_change, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"{uid}-delete")


# --- The cache ---------------------------------------------------------------
# A source's answer for one scope is kept for INBOX_CACHE_SECONDS under a key that
# holds the "inbox" content version (a row in the database, as for the public pages:
# ADR 7 and ADR 17). Any save or delete of a watched model bumps that version in the
# same transaction, so a person who just acted sees the result at once; the time
# limit bounds what a bulk update without signals can leave behind.
INBOX_VERSION = "inbox"


def inbox_changed() -> None:
    """Make every inbox read afresh: call after changing watched rows without signals."""
    bump_content_version(INBOX_VERSION)


def _bumped_in_this_transaction() -> None:
    """A marker in the transaction's on-commit list: the version was bumped already."""


def _on_change(sender: type[Model], **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        # Once per transaction (the mail reader saves a question several times). The
        # marker goes when the transaction or savepoint ends, as does a rolled-back bump.
        if any(func is _bumped_in_this_transaction for _s, func, _r in connection.run_on_commit):
            return
        transaction.on_commit(_bumped_in_this_transaction)
    inbox_changed()


def _cache_seconds() -> int:
    return int(getattr(settings, "INBOX_CACHE_SECONDS", 0))


def _cache_key(version: int, source: InboxSource, scope: InboxScope, limit: int) -> str:
    if scope.mine:
        whose = f"person-{scope.person.pk}"
    elif scope.everything:
        whose = "everything"
    else:
        teams = ",".join(str(pk) for pk in scope.team_ids)
        whose = "teams-" + hashlib.sha256(teams.encode()).hexdigest()[:24]
    return f"inbox:{version}:{get_language()}:{source.key}:{whose}:{limit}"


def inbox_sources() -> list[InboxSource]:
    return sorted(_SOURCES.values(), key=lambda s: (s.order, s.key))


def count_capped(rows: QuerySet[Any]) -> int:
    """The number of rows, counting no further than ``COUNT_CAP + 1``."""
    return rows.order_by()[: COUNT_CAP + 1].count()


def rows_and_count(rows: QuerySet[Any], limit: int) -> tuple[list[Any], int]:
    """The first ``limit`` rows and how many are waiting (counted as ``count_capped``).

    One query instead of two when rows are wanted: it fetches up to ``COUNT_CAP + 1``
    rows (use ``values_list`` so that they are cheap tuples) and counts those.
    """
    if not limit:
        return [], count_capped(rows)
    fetched = list(rows[: max(limit, COUNT_CAP + 1)])
    return fetched[:limit], min(len(fetched), COUNT_CAP + 1)


def scope_for(user: Any, kind: str = MINE) -> InboxScope:
    """Whose inbox: the person's teams and the ones they lead (one query, or none when
    the cache holds them under the current inbox version)."""
    from middenveld.city.models import TeamMember

    kind = kind if kind in SCOPES else MINE
    seconds = _cache_seconds()
    version = content_version(INBOX_VERSION) if seconds else None
    key = f"inbox:{version}:teams-of:{user.pk}"
    memberships = cache.get(key) if seconds else None
    if memberships is None:
        memberships = list(
            TeamMember.objects.filter(user_id=user.pk)
            .order_by("team_id")
            .values_list("team_id", "is_lead")
        )
        if seconds:
            cache.set(key, memberships, seconds)  # team membership is watched (city/apps.py)
    return InboxScope(
        person=user,
        kind=kind,
        team_ids=tuple(team_id for team_id, _lead in memberships),
        lead_team_ids=tuple(team_id for team_id, lead in memberships if lead),
        version=version,
    )


def may_see_everything(user: Any, scope: InboxScope | None = None) -> bool:
    """Team leads and administrators see everything that waits; other staff their own and
    their teams'. (A lead must be able to spread the work; an employee needs no more.)"""
    if not rules.check("city.view_inbox", user):
        return False
    if getattr(user, "role", None) == "administrator":
        return True
    scope = scope or scope_for(user)
    return bool(scope.lead_team_ids)


_FAR = datetime.max.replace(tzinfo=UTC)


def _sort_key(entry: tuple[InboxItem, InboxSource]) -> tuple[int, datetime, datetime]:
    item = entry[0]
    return (0 if item.due else 1, item.due or _FAR, item.since)


def inbox_for(
    user: Any,
    *,
    kind: str = MINE,
    source: str | None = None,
    limit: int = 50,
    scope: InboxScope | None = None,
) -> Inbox:
    """What waits for ``user`` (or their teams, or everyone), soonest due first.

    ``source`` keeps only that source's items (the counts still cover every
    source). ``kind="all"`` raises ``Forbidden`` for someone who may not see
    everything (``may_see_everything``).
    """
    scope = scope or scope_for(user, kind)
    if scope.everything and not may_see_everything(user, scope):
        raise Forbidden(_("Only team leads and administrators can see everything that waits."))
    visible = [each for each in inbox_sources() if not each.rule or rules.check(each.rule, user)]
    if source is not None and source not in {each.key for each in visible}:
        source = None
    seconds = _cache_seconds()
    keys: dict[str, str] = {}
    found: dict[str, Any] = {}
    if seconds:
        version = scope.version if scope.version is not None else content_version(INBOX_VERSION)
        keys = {
            each.key: _cache_key(
                version, each, scope, limit if source is None or source == each.key else 0
            )
            for each in visible
        }
        found = cache.get_many(list(keys.values()))
    fresh: dict[str, Any] = {}
    collected: list[tuple[InboxItem, InboxSource]] = []
    counts: list[tuple[InboxSource, int]] = []
    for each in visible:
        wanted = source is None or source == each.key
        key = keys.get(each.key, "")
        if key in found:
            items, count = found[key]
        else:
            items, count = each.items(scope, limit if wanted else 0)
            if seconds:
                fresh[key] = (items, count)
        counts.append((each, count))
        if wanted:
            collected.extend((item, each) for item in items)
    if fresh:
        cache.set_many(fresh, seconds)
    collected.sort(key=_sort_key)
    labels = {each.key: str(each.label) for _item, each in collected[:limit]}  # once per source
    shown = [
        replace(item, source=each.key, label=labels[each.key]) for item, each in collected[:limit]
    ]
    return Inbox(items=shown, counts=counts, scope=scope, source=source)
