"""Who may do what with funding.

* ``funding.manage``: city staff set up instruments, budgets and lines, regulations, calls,
  assessors, decisions, awards, payments, agreements and distributions.
* ``funding.apply_for`` (obj: Organisation): a member of the organisation drafts, submits
  and withdraws its applications and files its reports. Nobody applies for another
  organisation, city staff included.
* ``funding.view_application`` (obj: Application): members of the applicant organisation;
  city staff, and the call's assessors once it is submitted, unless they have a conflict of
  interest with it.
* ``funding.assess`` (obj: Application): an assessor of the application's call without a
  conflict, once the application is submitted.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from middenveld.core import rules
from middenveld.core.rules import is_authenticated, is_city_staff, predicate
from middenveld.organisations.rules import is_member


def _organisation(obj: Any) -> Any:
    return getattr(obj, "organisation", obj)


@predicate(_("Only members of this organisation can do this."))
def is_applicant_member(user: Any, obj: Any) -> bool:
    return obj is not None and bool(is_member(user, _organisation(obj)))


@predicate(_("You have a conflict of interest with this application, so you cannot open it."))
def has_no_conflict(user: Any, obj: Any) -> bool:
    from middenveld.funding.models import Conflict

    if obj is None or not getattr(user, "is_authenticated", False):
        return False
    if is_member(user, obj.organisation):
        return False
    return not Conflict.objects.filter(application=obj, assessor_id=user.pk).exists()


@predicate(_("Only the assessors of this call can do this."))
def is_call_assessor(user: Any, obj: Any) -> bool:
    from middenveld.funding.models import CallAssessor

    if obj is None or not getattr(user, "is_authenticated", False):
        return False
    return CallAssessor.objects.filter(call_id=obj.call_id, user_id=user.pk).exists()


@predicate(_("This application has not been submitted yet."))
def is_submitted(user: Any, obj: Any) -> bool:
    return obj is not None and obj.submitted_at is not None


rules.register("funding.manage", is_city_staff)
rules.register("funding.apply_for", is_authenticated & is_member)
rules.register(
    "funding.view_application",
    is_applicant_member
    | (is_city_staff & has_no_conflict)
    | (is_call_assessor & is_submitted & has_no_conflict),
)
rules.register("funding.assess", is_call_assessor & is_submitted & has_no_conflict)
