"""Bookings in the 360° timeline. Facts only: the space, what for, the first date,
how many dates, and the reason of a denial or a cancellation."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from middenveld.organisations.timeline import event_kind

MODULE = _("Spaces")

event_kind(
    "spaces.booking_requested",
    _("Asked to book %(space)s for “%(purpose)s” (%(day)s, %(dates)s dates)"),
    module=MODULE,
)
event_kind(
    "spaces.booking_confirmed",
    _("Booking of %(space)s for “%(purpose)s” confirmed (%(day)s, %(dates)s dates)"),
    module=MODULE,
)
event_kind(
    "spaces.booking_denied",
    _("Request for %(space)s for “%(purpose)s” denied: %(reason)s"),
    module=MODULE,
)
event_kind(
    "spaces.booking_cancelled",
    _("%(count)s dates of the booking of %(space)s for “%(purpose)s” cancelled: %(reason)s"),
    module=MODULE,
)
event_kind(
    "spaces.allocation_placed",
    _("Weekly use of %(space)s for “%(purpose)s” allocated in “%(round)s”"),
    module=MODULE,
)
