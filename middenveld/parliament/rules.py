"""Who may do what in the parliament and the other consultation bodies.

* ``parliament.view_body``: a published body is public; an unpublished one only for staff.
* ``parliament.manage``: city staff set up bodies, mandate periods, seats and mandates.
* ``parliament.run_session`` (obj: Session or Body): the body's secretary or chair, or city
  staff: prepare sessions, send the convocation, register attendance, open and close votes,
  draft and approve minutes.
* ``parliament.name_people`` (obj: Mandate): the admins of the organisation that holds the
  seat, or city staff, name the delegate and substitutes.
* ``parliament.act_for`` (obj: Organisation): a member of the organisation (table and
  co-sign motions, confirm attendance, file signals for it). Nobody acts for another
  organisation, city staff included.
* ``parliament.answer_advice`` and ``parliament.manage_signals``: city staff.
* ``parliament.view_signal`` (obj: Signal): city staff and members of the organisation that
  filed it. Signals reach the public only through the yearly report, grouped and without
  names of people.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from middenveld.core import rules
from middenveld.core.rules import is_authenticated, is_city_staff, predicate
from middenveld.organisations.rules import is_member, is_organisation_admin


def _body(obj: Any) -> Any:
    from middenveld.parliament.models import Body, Session

    if isinstance(obj, Body):
        return obj
    if isinstance(obj, Session):
        return obj.body
    return getattr(obj, "body", None)


def officer_roles(user: Any, body: Any) -> set[str]:
    """The roles (chair, secretary) ``user`` holds in ``body``, remembered per request."""
    if body is None or not getattr(user, "is_authenticated", False):
        return set()
    memo: dict[int, set[str]] = user.__dict__.setdefault("_parliament_officer_memo", {})
    if body.pk not in memo:
        memo[body.pk] = set(body.officers.filter(user_id=user.pk).values_list("role", flat=True))
    return memo[body.pk]


@predicate(_("This body does not exist."))
def is_published(user: Any, obj: Any) -> bool:
    body = _body(obj)
    return body is not None and body.published


@predicate(_("Only the secretary or the chair can do this."))
def is_officer(user: Any, obj: Any) -> bool:
    return bool(is_authenticated(user, obj)) and bool(officer_roles(user, _body(obj)))


@predicate(_("Only an admin of the organisation that holds this seat can do this."))
def is_mandate_admin(user: Any, obj: Any) -> bool:
    return obj is not None and bool(is_organisation_admin(user, obj.organisation))


@predicate(_("Only members of the organisation that filed this signal can see it."))
def is_signal_member(user: Any, obj: Any) -> bool:
    return obj is not None and bool(is_member(user, obj.organisation))


rules.register("parliament.view_body", is_published | is_city_staff)
rules.register("parliament.manage", is_city_staff)
rules.register("parliament.run_session", is_officer | is_city_staff)
rules.register("parliament.name_people", is_mandate_admin | is_city_staff)
rules.register("parliament.act_for", is_authenticated & is_member)
rules.register("parliament.answer_advice", is_city_staff)
rules.register("parliament.manage_signals", is_city_staff)
rules.register("parliament.view_signal", is_signal_member | is_city_staff)
