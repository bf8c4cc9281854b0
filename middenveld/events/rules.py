"""Who may do what with events. ``obj`` is the Event, or the Organisation for
``events.register_for_organisation``.

* ``events.view``: a published event is public; unpublished ones only for city staff
  (a 404 for anyone else).
* ``events.register``: anyone signed in registers themselves.
* ``events.register_for_organisation``: a member (or admin) of the organisation
  registers on its behalf.
* ``events.see_online_link``: the people registered for the event (not those on the
  waiting list), and city staff.
* ``events.manage``: city staff publish events, see the registrations and needs,
  check people in and publish the minutes.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from middenveld.core import rules
from middenveld.core.rules import is_authenticated, is_city_staff, predicate
from middenveld.organisations.rules import is_member


@predicate(_("This event is not published."))
def is_published(user: Any, obj: Any) -> bool:
    return obj is not None and bool(getattr(obj, "published", False))


@predicate(_("Only people who are registered for this event see the online link."))
def is_registered(user: Any, obj: Any) -> bool:
    if obj is None or not is_authenticated(user, obj):
        return False
    from middenveld.events.models import Registration, RegistrationStatus

    return Registration.objects.filter(
        event_id=obj.pk, person_id=user.pk, status=RegistrationStatus.REGISTERED
    ).exists()


rules.register("events.view", is_published | is_city_staff)
rules.register("events.register", is_authenticated)
rules.register("events.register_for_organisation", is_member)
rules.register("events.see_online_link", is_registered | is_city_staff)
rules.register("events.manage", is_city_staff)
