"""Events in the 360° timeline: registrations made on behalf of an organisation.
Events hold facts (the event's title in Dutch, the day, the person), never the needs
someone asked for: those stay with the organisers."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from middenveld.organisations.timeline import event_kind

MODULE = _("Events")

event_kind(
    "events.registered",
    _("%(person)s registered for “%(event)s” (%(day)s)"),
    module=MODULE,
)
event_kind(
    "events.waiting",
    _("%(person)s is on the waiting list for “%(event)s” (%(day)s)"),
    module=MODULE,
)
event_kind(
    "events.promoted",
    _("%(person)s moved up from the waiting list and has a place at “%(event)s” (%(day)s)"),
    module=MODULE,
)
event_kind(
    "events.cancelled",
    _("%(person)s cancelled the registration for “%(event)s” (%(day)s)"),
    module=MODULE,
)
event_kind(
    "events.checked_in",
    _("%(person)s took part in “%(event)s” (%(day)s)"),
    module=MODULE,
)
