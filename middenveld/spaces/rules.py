"""Who may do what with spaces and bookings.

* ``spaces.view``: a published building and its spaces are public; unpublished ones
  only for city staff (a 404 for anyone else). ``obj`` is a Building or a Space.
* ``spaces.book``: a member of the organisation books for it (``obj`` is the
  Organisation). Whether the organisation may book *this* space is a
  ``Requirement`` from the register, checked in ``services`` with reasons.
* ``spaces.view_booking`` / ``spaces.cancel_booking``: members of the booking's
  organisation, and city staff (``obj`` is the Booking).
* ``spaces.decide``: city staff approve or deny requests.
* ``spaces.manage``: city staff manage buildings, spaces, rules, tariffs, closures
  and seasonal allocation rounds, and read the space feeds.
* ``spaces.apply_allocation``: a member of the organisation sends requests in a
  seasonal allocation round (``obj`` is the Organisation).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from middenveld.core import rules
from middenveld.core.rules import is_city_staff, predicate
from middenveld.organisations.rules import is_member, membership_of

REQUIREMENT_KEYS = ("verified", "legal_forms", "recognitions", "districts", "self_organisation")


def requirement_from(data: Mapping[str, Any] | None) -> Any:
    """The register's ``Requirement`` from the JSON that staff keep on a space or a
    tariff. Unknown keys are ignored; an empty mapping means any verified
    organisation."""
    from middenveld.organisations.eligibility import Requirement

    data = data or {}
    values: dict[str, Any] = {}
    if "verified" in data:
        values["verified"] = bool(data["verified"])
    for key in ("legal_forms", "recognitions", "districts"):
        if data.get(key):
            values[key] = tuple(str(item) for item in data[key])
    if data.get("self_organisation"):
        values["self_organisation"] = True
    return Requirement(**values)


@predicate(_("This building is not published."))
def is_published(user: Any, obj: Any) -> bool:
    building = getattr(obj, "building", obj)
    return building is not None and bool(getattr(building, "published", False))


@predicate(_("Only members of the organisation that booked can do this."))
def is_booking_member(user: Any, obj: Any) -> bool:
    organisation = getattr(obj, "organisation", None)
    return organisation is not None and membership_of(user, organisation) is not None


rules.register("spaces.view", is_published | is_city_staff)
rules.register("spaces.book", is_member | is_city_staff)
rules.register("spaces.view_booking", is_booking_member | is_city_staff)
rules.register("spaces.cancel_booking", is_booking_member | is_city_staff)
rules.register("spaces.decide", is_city_staff)
rules.register("spaces.manage", is_city_staff)
rules.register("spaces.apply_allocation", is_member)
