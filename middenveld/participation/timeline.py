"""Participation in the 360° timeline: proposals an organisation sent and how the city
decided, and comments written on its behalf. Events hold facts (the process, the title),
never the text of a comment: that stays on the page, where moderation applies."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from middenveld.organisations.timeline import event_kind

MODULE = _("Participation")

event_kind(
    "participation.proposal_submitted",
    _("Proposal “%(title)s” sent to “%(process)s”"),
    module=MODULE,
)
event_kind(
    "participation.proposal_accepted",
    _("Proposal “%(title)s” accepted in “%(process)s”"),
    module=MODULE,
)
event_kind(
    "participation.proposal_rejected",
    _("Proposal “%(title)s” not accepted in “%(process)s”: %(reason)s"),
    module=MODULE,
)
event_kind(
    "participation.comment_posted",
    _("Comment written on behalf of the organisation in “%(process)s”"),
    module=MODULE,
)
event_kind(
    "participation.comment_hidden",
    _("A comment on behalf of the organisation was hidden by the moderator: %(reason)s"),
    module=MODULE,
)
