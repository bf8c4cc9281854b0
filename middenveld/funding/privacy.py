"""A person's part in funding: what we export, what we erase, and what the city keeps.

Funding holds little about people: applications belong to organisations, awards to
organisations and budget lines. What points at a person:

* the applications they started (``Application.created_by``) and the attachments they
  uploaded (``ApplicationAttachment.uploaded_by``);
* the assessments they wrote as an assessor (scores, comments, total), the conflicts of
  interest recorded for them, and the calls they assess (``CallAssessor``);
* the reports they filed and every other change they made (``FundingLog.by``: the log
  says who submitted, withdrew, filed a report, recorded a decision, …);
* as city staff: the decisions they recorded, the regulation versions they imported, the
  transfers between lines and the distributions they made.

Export: all of the above, as the person's own record.

Erase: the person's link is removed; what the organisations and the city must keep stays.

* Applications, attachments, decisions, regulation versions, transfers, distributions and
  the log stay, without the person (``created_by``, ``uploaded_by``, ``recorded_by``,
  ``by`` become empty): they are the organisation's request and the city's acts, which a
  city must be able to show for years (the decision on public money, an appeal, an audit
  of the subsidy, the 360Giving and transparency registers). Who took a decision is the
  executive, named by the decision reference, not the staff member who typed it in.
* Assessments are kept whole (scores, comments, total) because the decision rests on
  them and must stay provable; they stay linked to the anonymised account (the account
  itself is kept without name or address by ``user_erase``), so they read as "a former
  assessor". Conflicts of interest stay in the same way: the application was assessed
  without them, and that is what the record must keep showing.
* The person is removed as assessor from every call.
"""

from __future__ import annotations

from typing import Any

from middenveld.accounts.privacy import register_eraser, register_exporter
from middenveld.funding.models import (
    Application,
    ApplicationAttachment,
    Assessment,
    BudgetTransfer,
    CallAssessor,
    Conflict,
    Decision,
    DistributionRun,
    FundingLog,
    RegulationVersion,
)

REPORT_CHANGES = ("report_filed", "report_filed_again")


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


@register_exporter("funding")
def funding_export(user: Any) -> dict[str, Any]:
    return {
        "applications": [
            {
                "reference": a.reference,
                "title": a.title,
                "organisation": a.organisation.name,
                "call": a.call.title,
                "status": a.status,
                "amount_requested": str(a.amount_requested)
                if a.amount_requested is not None
                else None,  # fmt: skip
                "created_at": _iso(a.created_at),
                "submitted_at": _iso(a.submitted_at),
            }
            for a in Application.objects.filter(created_by=user)
            .select_related("organisation", "call")
            .order_by("created_at", "pk")
        ],
        "attachments": [
            {
                "application": a.application.reference,
                "kind": a.code,
                "name": a.name,
                "size": a.size,
                "sha256": a.sha256,
                "uploaded_at": _iso(a.uploaded_at),
            }
            for a in ApplicationAttachment.objects.filter(uploaded_by=user)
            .select_related("application")
            .order_by("uploaded_at", "pk")
        ],
        "assessments": [
            {
                "application": a.application.reference,
                "call": a.application.call.title,
                "scores": a.scores,
                "comments": a.comments,
                "total": str(a.total) if a.total is not None else None,
                "submitted_at": _iso(a.submitted_at),
            }
            for a in Assessment.objects.filter(assessor=user)
            .select_related("application__call")
            .order_by("pk")
        ],
        "conflicts_of_interest": [
            {
                "application": c.application.reference,
                "reason": c.reason,
                "note": c.note,
                "at": _iso(c.at),
            }  # fmt: skip
            for c in Conflict.objects.filter(assessor=user).select_related("application")
        ],
        "assessor_of_calls": list(
            CallAssessor.objects.filter(user=user)
            .order_by("call__opens_at")
            .values_list("call__title", flat=True)  # fmt: skip
        ),
        "reports_filed": [
            {"award": entry.subject_id, "kind": entry.to_state, "at": _iso(entry.at)}
            for entry in FundingLog.objects.filter(
                by=user, subject="award", change__in=REPORT_CHANGES
            ).order_by("at")  # fmt: skip
        ],
        "decisions_recorded": [
            {
                "application": d.application.reference,
                "reference": d.reference,
                "at": _iso(d.recorded_at),
            }  # fmt: skip
            for d in Decision.objects.filter(recorded_by=user).select_related("application")
        ],
        "changes": [
            {
                "at": _iso(entry.at),
                "subject": entry.subject,
                "id": entry.subject_id,
                "change": entry.change,
                "from": entry.from_state,
                "to": entry.to_state,
            }
            for entry in FundingLog.objects.filter(by=user).order_by("at", "pk")
        ],
    }


@register_eraser("funding")
def funding_erase(user: Any) -> None:
    Application.objects.filter(created_by=user).update(created_by=None)
    ApplicationAttachment.objects.filter(uploaded_by=user).update(uploaded_by=None)
    CallAssessor.objects.filter(user=user).delete()
    Decision.objects.filter(recorded_by=user).update(recorded_by=None)
    RegulationVersion.objects.filter(created_by=user).update(created_by=None)
    BudgetTransfer.objects.filter(by=user).update(by=None)
    DistributionRun.objects.filter(created_by=user).update(created_by=None)
    FundingLog.objects.filter(by=user).update(by=None)
    # Assessments and conflicts stay linked to the anonymised account (see the docstring).
