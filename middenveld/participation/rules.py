"""Who may do what in participation. ``obj`` is named per rule.

* ``participation.view_process`` (a Process): a published process is public; a draft is
  seen by city staff only (for anyone else it does not exist: 404).
* ``participation.manage`` (nothing): city staff create and edit processes and phases,
  and accept or reject proposals.
* ``participation.propose`` (an Organisation): any member (member or admin) of a verified
  organisation sends a proposal on its behalf; a member of A never for B.
* ``participation.propose_personally`` (nothing): anyone signed in, in a process for
  residents.
* ``participation.comment`` (nothing): anyone signed in writes a comment as themselves.
* ``participation.comment_for`` (an Organisation): a member writes on its behalf.
* ``participation.report`` (nothing): anyone signed in reports a comment (once).
* ``participation.moderate`` (nothing): city staff hide and unhide comments.
* ``participation.view_figures`` (nothing): city staff see who took part.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from middenveld.core import rules
from middenveld.core.rules import is_authenticated, is_city_staff, predicate
from middenveld.organisations.rules import is_member, is_public


@predicate(_("This participation process is not published."))
def is_published(user: Any, obj: Any) -> bool:
    return obj is not None and bool(getattr(obj, "published", False))


rules.register("participation.view_process", is_published | is_city_staff)
rules.register("participation.manage", is_city_staff)
rules.register("participation.propose", is_member & is_public)
rules.register("participation.propose_personally", is_authenticated)
rules.register("participation.comment", is_authenticated)
rules.register("participation.comment_for", is_member)
rules.register("participation.report", is_authenticated)
rules.register("participation.moderate", is_city_staff)
rules.register("participation.view_figures", is_city_staff)
