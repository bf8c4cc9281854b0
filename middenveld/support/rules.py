"""Who may see and do what with a question. ``obj`` is the Question (or an Organisation).

A question belongs to the person who asked it and, when it was asked for an
organisation, to that organisation's members. City staff see every question.
Everybody else gets a 404 from the views, never a hint that it exists.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from middenveld.core import rules
from middenveld.core.rules import always, is_city_staff, predicate
from middenveld.organisations.rules import membership_of


@predicate(_("Only the person who asked can do this."))
def is_asker(user: Any, obj: Any) -> bool:
    return (
        obj is not None
        and getattr(user, "is_authenticated", False)
        and obj.asker_id is not None
        and obj.asker_id == user.pk
    )


@predicate(_("Only members of the organisation that asked can do this."))
def is_member_of_asking_organisation(user: Any, obj: Any) -> bool:
    return (
        obj is not None
        and obj.organisation_id is not None
        and membership_of(user, obj.organisation) is not None
    )


@predicate(_("This question was merged with another one. Answer in that one."))
def is_not_merged(user: Any, obj: Any) -> bool:
    return obj is not None and obj.merged_into_id is None


rules.register("support.ask", always)
rules.register("support.view_question", is_asker | is_member_of_asking_organisation | is_city_staff)
rules.register("support.follow_up", (is_asker | is_member_of_asking_organisation) & is_not_merged)
rules.register("support.handle", is_city_staff)
rules.register("support.manage", is_city_staff)
