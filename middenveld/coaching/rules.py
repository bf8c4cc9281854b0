"""Who may do what with coaching. ``obj`` is the Organisation (or nothing).

* ``coaching.request``: any member of the organisation (member or admin) may ask for
  coaching for it: a volunteer who needs help should not have to wait for an admin.
  City staff do not ask on an organisation's behalf.
* ``coaching.view``: the organisation's members see their own organisation's coaching;
  city staff see all of it. Anyone else gets a 404.
* ``coaching.view_details``: what was done in each session and the notes meant for the
  organisation: its admins and city staff. Plain members see the coach, the goals, the
  dates of the sessions and the closing summary.
* ``coaching.manage``: city staff and administrators (accept, decline, coach, close).

Internal notes are never shown outside the back office.
"""

from __future__ import annotations

from middenveld.core import rules
from middenveld.core.rules import is_city_staff
from middenveld.organisations.rules import is_member, is_organisation_admin

rules.register("coaching.request", is_member)
rules.register("coaching.view", is_member | is_city_staff)
rules.register("coaching.view_details", is_organisation_admin | is_city_staff)
rules.register("coaching.manage", is_city_staff)
