"""A person's part in the parliament: what we export, what we erase.

Export: the mandates the person is named on (body, seat, organisation, role, period),
the sessions where they sat, their roll-call votes (public anyway), the motions they
tabled and the signals they filed. Secret votes are not linked to anyone, so there is
nothing to export.

Erase: the person leaves every mandate and office (their organisation names someone
else); attendance, roll-call votes, motions and signals stay, because they are the
organisation's and part of published minutes, but lose the person's name.
"""

from __future__ import annotations

from typing import Any

from middenveld.accounts.privacy import register_eraser, register_exporter
from middenveld.parliament.models import (
    Attendance,
    Confirmation,
    CoSigner,
    MandatePerson,
    Motion,
    Officer,
    Signal,
    VoteCast,
)


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


@register_exporter("parliament")
def parliament_export(user: Any) -> dict[str, Any]:
    return {
        "mandates": [
            {
                "body": str(row.mandate.seat.term.body),
                "seat": row.mandate.seat.number,
                "organisation": row.mandate.organisation.name,
                "role": row.role,
                "starts_on": _iso(row.mandate.starts_on),
                "ends_on": _iso(row.mandate.ends_on),
            }
            for row in MandatePerson.objects.filter(user=user).select_related(
                "mandate__seat__term__body", "mandate__organisation"
            )
        ],
        "offices": [
            {"body": str(o.body), "role": o.role}
            for o in Officer.objects.filter(user=user).select_related("body")
        ],
        "attendance": [
            {"session": a.session.title, "seat": a.seat.number, "as_substitute": a.as_substitute}
            for a in Attendance.objects.filter(user=user).select_related("session", "seat")
        ],
        "roll_call_votes": [
            {"question": c.vote.question, "choice": c.choice, "at": _iso(c.cast_at)}
            for c in VoteCast.objects.filter(user=user).select_related("vote")
        ],
        "motions": [
            {"title": m.title, "organisation": m.organisation.name, "at": _iso(m.tabled_at)}
            for m in Motion.objects.filter(tabled_by=user).select_related("organisation")
        ],
        "signals": [
            {"title": s.title, "text": s.text, "at": _iso(s.filed_at)}
            for s in Signal.objects.filter(filed_by=user)
        ],
    }


@register_eraser("parliament")
def parliament_erase(user: Any) -> None:
    MandatePerson.objects.filter(user=user).delete()
    Officer.objects.filter(user=user).delete()
    VoteCast.objects.filter(user=user).update(user=None)
    Motion.objects.filter(tabled_by=user).update(tabled_by=None)
    CoSigner.objects.filter(signed_by=user).update(signed_by=None)
    Signal.objects.filter(filed_by=user).update(filed_by=None)
    Confirmation.objects.filter(answered_by=user).update(answered_by=None)
    Confirmation.objects.filter(substitute=user).update(substitute=None)
