"""Who may see the staff inbox, everything in it, and manage departments and teams."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from middenveld.core import rules
from middenveld.core.rules import is_administrator, is_authenticated, is_city_staff, predicate


@predicate(_("Only team leads and administrators can see everything that waits."))
def leads_a_team(user: Any, obj: Any) -> bool:
    from middenveld.city.models import TeamMember

    return TeamMember.objects.filter(user_id=user.pk, is_lead=True).exists()


rules.register("city.view_inbox", is_city_staff)
# Same answer as city.inbox.may_see_everything, which saves the query on the inbox page.
rules.register("city.view_everything", is_administrator | (is_city_staff & leads_a_team))
rules.register("city.view_teams", is_city_staff)
rules.register("city.manage_teams", is_administrator)
rules.register("city.view_notifications", is_authenticated)
