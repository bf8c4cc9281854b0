"""Private calendar feeds of bookings (iCalendar, with the Europe/Brussels VTIMEZONE).

Each organisation has one feed with its bookings; each space has one with every
booking that takes it (a booking of the whole hall takes its parts, and the other
way round), for the people who manage the building. A feed lives behind a secret
address (``CalendarFeed.token``), made the first time someone needs it. An
organisation's admins can replace the address: the old one stops working at once.

* ``/ruimtes/agenda/<token>.ics``: the feed itself, for agenda programs; no sign-in,
  the token is the key. Dates from 30 days back to 400 days ahead: waiting ones
  TENTATIVE, confirmed ones CONFIRMED, cancelled ones CANCELLED (so an agenda that
  had them removes them). Never cached by a shared cache.
* ``/mijn/boekingen/agenda/``: the addresses of the feeds of every organisation the
  person is a member of, with "new address" for its admins.
* Space feeds are shown to staff on the decision page (``staff.py``).
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from middenveld.core.errors import Forbidden
from middenveld.events.ics import CALENDAR_MIME, CalendarEntry, calendar_file
from middenveld.organisations.models import MemberRole, Membership, Organisation
from middenveld.spaces.models import (
    ACTIVE_STATUSES,
    BookingStatus,
    CalendarFeed,
    Occurrence,
    Space,
)

#: The window of a feed: from this many days back …
FEED_DAYS_BACK = 30
#: … to this many days ahead.
FEED_DAYS_AHEAD = 400
#: A feed never holds more dates than this (a guard, far above real use).
FEED_MAX_ENTRIES = 5000

_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
_STATUS = {
    BookingStatus.REQUESTED: "TENTATIVE",
    BookingStatus.CONFIRMED: "CONFIRMED",
    BookingStatus.CANCELLED: "CANCELLED",
}
_SEQUENCE = {"TENTATIVE": 0, "CONFIRMED": 1, "CANCELLED": 2}


# --- Feeds ----------------------------------------------------------------------------------


def _feed(**owner: Any) -> CalendarFeed:
    feed = CalendarFeed.objects.filter(**owner).first()
    if feed is not None:
        return feed
    try:
        with transaction.atomic():
            return CalendarFeed.objects.create(**owner)
    except IntegrityError:
        # Someone else made it at the same moment.
        return CalendarFeed.objects.get(**owner)


def feed_for_organisation(organisation: Organisation) -> CalendarFeed:
    """The organisation's feed, made on first need."""
    return _feed(organisation=organisation)


def feed_for_space(space: Space) -> CalendarFeed:
    """The space's feed, made on first need."""
    return _feed(space=space)


def feeds_for_organisations(organisation_ids: list[int]) -> dict[int, CalendarFeed]:
    """The feeds of several organisations at once (made where missing), by organisation id."""
    found = {
        feed.organisation_id: feed
        for feed in CalendarFeed.objects.filter(organisation_id__in=organisation_ids)
    }
    missing = [pk for pk in organisation_ids if pk not in found]
    if missing:
        CalendarFeed.objects.bulk_create(
            [CalendarFeed(organisation_id=pk) for pk in missing], ignore_conflicts=True
        )
        found.update(
            (feed.organisation_id, feed)
            for feed in CalendarFeed.objects.filter(organisation_id__in=missing)
        )
    return found  # type: ignore[return-value]


def feed_regenerate(*, organisation: Organisation, by: Any) -> CalendarFeed:
    """A new secret address for the organisation's feed; the old one stops working.
    Only the organisation's admins may do this."""
    person_id = getattr(by, "pk", None)
    is_admin = person_id is not None and (
        Membership.objects.filter(
            organisation_id=organisation.pk, user_id=person_id, role=MemberRole.ADMIN
        ).exists()
    )
    if not is_admin:
        raise Forbidden(_("Only an admin of the organisation can make a new address."))
    feed = feed_for_organisation(organisation)
    feed.token = secrets.token_urlsafe(24)
    feed.created_at = timezone.now()
    feed.save(update_fields=["token", "created_at"])
    return feed


def feed_url(feed: CalendarFeed) -> str:
    """The feed's full address, without a language prefix (agendas need no language)."""
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("spaces:feed", kwargs={"token": feed.token})
    return f"{settings.SITE_URL}{path}"


# --- The calendar ---------------------------------------------------------------------------


def feed_occurrences(feed: CalendarFeed, *, now: datetime | None = None) -> list[Occurrence]:
    """The dates a feed shows: active and cancelled ones within the window, soonest first."""
    now = now or timezone.now()
    dates = Occurrence.objects.filter(
        starts_at__gte=now - timedelta(days=FEED_DAYS_BACK),
        starts_at__lt=now + timedelta(days=FEED_DAYS_AHEAD),
        status__in=[*ACTIVE_STATUSES, BookingStatus.CANCELLED],
    )
    if feed.organisation_id is not None:
        dates = dates.filter(booking__organisation_id=feed.organisation_id)
    else:
        from middenveld.spaces.services import related_space_ids

        assert feed.space is not None
        dates = dates.filter(space_id__in=related_space_ids(feed.space))
    return list(
        dates.select_related("booking__organisation", "space__building").order_by(
            "starts_at", "pk"
        )[:FEED_MAX_ENTRIES]
    )


def feed_calendar(feed: CalendarFeed, *, now: datetime | None = None) -> bytes:
    """The feed as an iCalendar file."""
    host = settings.SITE_URL.split("//", 1)[-1].split("/", 1)[0] or "middenveld"
    entries = []
    for occurrence in feed_occurrences(feed, now=now):
        booking = occurrence.booking
        space = occurrence.space
        status = _STATUS.get(occurrence.status, "CANCELLED")  # type: ignore[call-overload]
        if feed.organisation_id is not None:
            summary = f"{booking.purpose} – {space.name}"
        else:
            summary = f"{booking.organisation.name}: {booking.purpose}"
        entries.append(
            CalendarEntry(
                # The same UID as in the booking's mails, so agendas see one event.
                uid=f"booking-{occurrence.pk}@{host}",
                starts_at=occurrence.starts_at,
                ends_at=occurrence.ends_at,
                summary=summary,
                description=f"{booking.organisation.name}\n{space}",
                location=f"{space.building.name}, {space.building.address}",
                status=status,
                sequence=_SEQUENCE[status],
            )
        )
    name = feed.organisation.name if feed.organisation is not None else str(feed.space)
    return calendar_file(entries, name=name, now=now)


# --- Pages ----------------------------------------------------------------------------------


@require_safe
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed for agenda programs. An unknown or malformed token is a 404."""
    if not _TOKEN.fullmatch(token):
        raise Http404
    found = (
        CalendarFeed.objects.select_related("organisation", "space__building")
        .filter(token=token)
        .first()
    )
    if found is None:
        raise Http404
    response = HttpResponse(feed_calendar(found), content_type=CALENDAR_MIME)
    response["Content-Disposition"] = 'inline; filename="boekingen.ics"'
    # The address is a secret: no shared cache may keep the answer, no search engine index it.
    response["Cache-Control"] = "private, no-cache, max-age=0"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def my_feeds(request: HttpRequest) -> HttpResponse:
    """The feed addresses of my organisations; admins can make a new address."""
    memberships = list(
        Membership.objects.filter(user_id=request.user.pk or 0)
        .select_related("organisation")
        .order_by("organisation__name", "organisation_id")
    )
    if request.method == "POST":
        return _regenerate(request, memberships)
    feeds = feeds_for_organisations([m.organisation_id for m in memberships])
    rows = [
        {
            "organisation": membership.organisation,
            "url": feed_url(feeds[membership.organisation_id]),
            "is_admin": membership.role == MemberRole.ADMIN,
        }
        for membership in memberships
        if membership.organisation_id in feeds
    ]
    return render(request, "spaces/feeds/mine.html", {"rows": rows})


def _regenerate(request: HttpRequest, memberships: list[Membership]) -> HttpResponse:
    value = request.POST.get("organisation", "")
    mine = {str(m.organisation_id): m for m in memberships}
    membership = mine.get(value.strip())
    if membership is None:
        # Not a number, or an organisation the person is not a member of.
        raise Http404
    try:
        feed_regenerate(organisation=membership.organisation, by=request.user)
    except Forbidden as error:
        raise PermissionDenied(str(error.message)) from None
    messages.success(
        request,
        _(
            "The calendar of %(name)s has a new address. The old address no longer works: "
            "give the new one to the agendas that should show it."
        )
        % {"name": membership.organisation.name},
    )
    return HttpResponseRedirect(reverse("spaces:my_feeds"))
