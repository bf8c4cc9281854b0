"""Who may see and tick a checklist (``obj`` is a ``ChecklistOwner``), and who edits the guide.

An organisation's checklist is for its members (any role, also of a draft
registration); a person's own checklist is for that person only. Everyone
else gets a 404 from the pages, never a hint that it exists.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from middenveld.core import rules
from middenveld.core.rules import is_authenticated, is_city_staff, predicate
from middenveld.guide.owners import ChecklistOwner
from middenveld.organisations.rules import is_member


@predicate(_("This checklist is not yours."))
def owns_checklist(user: Any, obj: Any) -> bool:
    if not isinstance(obj, ChecklistOwner):
        return False
    if obj.organisation is not None:
        return bool(is_member(user, obj.organisation))
    return getattr(user, "pk", None) is not None and obj.user.pk == user.pk


rules.register("guide.view_checklist", is_authenticated & owns_checklist)
rules.register("guide.tick", is_authenticated & owns_checklist)
rules.register("guide.manage", is_city_staff)
