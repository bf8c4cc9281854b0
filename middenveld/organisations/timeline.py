"""The 360° timeline: one stream of everything the city and an organisation did together.

Every module adds its own events. Two steps:

1. Declare the kind once, at import time of the module's ``timeline.py`` or
   ``services.py``, with a sentence whose placeholders come from ``data``::

       from middenveld.organisations.timeline import event_kind, timeline_record

       event_kind(
           "spaces.booking_confirmed",
           _("Booking of %(space)s on %(day)s confirmed"),
           module=_("Spaces"),
       )

2. Record an event in the same transaction as the change, from the service::

       timeline_record(
           organisation=booking.organisation,
           kind="spaces.booking_confirmed",
           actor=approved_by,
           subject=booking,
           data={"space": booking.space.name, "day": booking.starts_at.date().isoformat()},
       )

The sentence is rendered in the reader's language when shown, so ``data``
holds facts (names, dates, amounts), not translated text. Events are shown to
city staff in the 360° view; ``members_see=True`` also shows the kind on the
organisation's own pages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from middenveld.organisations.models import Organisation, TimelineEvent


@dataclass(frozen=True)
class EventKind:
    kind: str
    sentence: str | Promise
    module: str | Promise
    members_see: bool = True
    # Facts stored as codes, shown as words in the reader's language:
    # {"role": {"admin": _("admin"), "member": _("member")}}.
    labels: Mapping[str, Mapping[str, str | Promise]] | None = None


_KINDS: dict[str, EventKind] = {}


def event_kind(
    kind: str,
    sentence: str | Promise,
    *,
    module: str | Promise,
    members_see: bool = True,
    labels: Mapping[str, Mapping[str, str | Promise]] | None = None,
) -> EventKind:
    declared = EventKind(
        kind=kind, sentence=sentence, module=module, members_see=members_see, labels=labels
    )
    _KINDS[kind] = declared
    return declared


def event_kinds() -> dict[str, EventKind]:
    return dict(_KINDS)


def timeline_record(
    *,
    organisation: Organisation,
    kind: str,
    actor: Any = None,
    subject: models.Model | None = None,
    data: Mapping[str, Any] | None = None,
    occurred_at: datetime | None = None,
) -> TimelineEvent:
    if kind not in _KINDS:
        raise ValueError(f"Timeline event kind {kind!r} is not declared; call event_kind() first.")
    event = TimelineEvent(
        organisation=organisation,
        kind=kind,
        actor=actor if actor is not None and getattr(actor, "pk", None) else None,
        data=dict(data or {}),
    )
    if occurred_at is not None:
        event.occurred_at = occurred_at
    if subject is not None:
        event.subject_type = ContentType.objects.get_for_model(subject)
        event.subject_id = str(subject.pk)
    event.save()
    return event


class _Facts(dict[str, Any]):
    """An event's data for its sentence: a fact that is missing reads as "…"."""

    def __missing__(self, key: str) -> str:
        return "…"


def event_sentence(event: TimelineEvent) -> str:
    declared = _KINDS.get(event.kind)
    if declared is None:
        return event.kind
    facts = _Facts(event.data if isinstance(event.data, dict) else {})
    if facts.get("person_erased"):
        # The person erased their account (privacy.py): say so in the reader's language.
        facts["person"] = str(_("a former member"))
    for key, words in (declared.labels or {}).items():
        if key in facts and facts[key] in words:
            facts[key] = str(words[facts[key]])
    try:
        return str(declared.sentence) % facts
    except (TypeError, ValueError):
        # A fact of the wrong type for its placeholder (%(count)d with text).
        return str(declared.sentence).split("%(")[0].strip(" :") or event.kind


def event_module(event: TimelineEvent) -> str:
    declared = _KINDS.get(event.kind)
    return str(declared.module) if declared else event.kind.split(".")[0]


def timeline_for(
    organisation: Organisation,
    *,
    limit: int = 50,
    before: tuple[datetime, int] | None = None,
    members_only: bool = False,
) -> list[TimelineEvent]:
    """The newest events first; ``before`` = (occurred_at, id) of the last one shown (keyset)."""
    events = TimelineEvent.objects.filter(organisation=organisation).select_related("actor")
    if members_only:
        events = events.filter(kind__in=[k for k, d in _KINDS.items() if d.members_see])
    if before is not None:
        at, pk = before
        events = events.filter(models.Q(occurred_at__lt=at) | models.Q(occurred_at=at, id__lt=pk))
    return list(events.order_by("-occurred_at", "-id")[:limit])


# --- The register's own events ---------------------------------------------------------

MODULE = _("Organisations")
event_kind("organisations.registered", _("Registration started as a draft"), module=MODULE)
event_kind("organisations.submitted", _("Registration sent for verification"), module=MODULE)
event_kind("organisations.verified", _("Verified by the city"), module=MODULE)
event_kind("organisations.rejected", _("Registration rejected: %(reason)s"), module=MODULE)
event_kind("organisations.profile_changed", _("Profile changed: %(fields)s"), module=MODULE)
ROLES = {"admin": _("admin"), "member": _("member")}
event_kind(
    "organisations.member_joined",
    _("%(person)s joined as %(role)s"),
    module=MODULE,
    labels={"role": ROLES},
)
event_kind("organisations.member_left", _("%(person)s left the organisation"), module=MODULE)
event_kind("organisations.member_removed", _("%(person)s was removed"), module=MODULE)
event_kind(
    "organisations.role_changed",
    _("%(person)s is now %(role)s"),
    module=MODULE,
    labels={"role": ROLES},
)
event_kind("organisations.invited", _("Invitation sent to %(email)s"), module=MODULE)
event_kind(
    "organisations.recognition_recorded",
    _("Recognition recorded: %(recognition)s from %(valid_from)s"),
    module=MODULE,
)
event_kind(
    "organisations.contact_person_set",
    _("Fixed contact person at the city: %(person)s"),
    module=MODULE,
)
event_kind("organisations.imported", _("Imported from a list"), module=MODULE, members_see=False)
