"""The decision on an application: award or not, with reasons and the decision reference.

``decision_record`` freezes the application as it stands (``Snapshot(moment="decision")``),
records the ``Decision`` and, for an award, commits the money through
``services.awards.award_create`` in the same transaction: a line without enough left
refuses with ``Conflict`` (code ``budget_exceeded``) and nothing at all is written. After
the transaction the organisation's members get a notification and an e-mail with the
decision letter (``letter.py``, in Dutch), which states until when they may appeal.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from middenveld.city.services import notify
from middenveld.core.errors import Conflict, Invalid
from middenveld.core.mail import send_templated_mail
from middenveld.funding.models import (
    Application,
    ApplicationStatus,
    Award,
    Decision,
    Snapshot,
)
from middenveld.funding.money import format_euros, parse_euros
from middenveld.funding.services.assessment import require_staff_review
from middenveld.funding.services.awards import MAX_AWARD, award_create
from middenveld.funding.services.common import canonical_json, fingerprint, log, text
from middenveld.organisations.models import Membership
from middenveld.organisations.timeline import timeline_record

OUTCOMES = (Decision.AWARD, Decision.REJECT)
REASONS_LIMIT = 10000


# --- Snapshots ----------------------------------------------------------------------------


def snapshot_content(application: Application) -> dict[str, Any]:
    """Everything the application says, as JSON (the same content as the snapshot taken at
    submit: ``services.applications.application_content``)."""
    from middenveld.funding.services.applications import application_content

    return application_content(application)


def snapshot_freeze(*, application: Application, moment: str) -> Snapshot:
    """Keep the application as it stands now; ``sha256`` is the fingerprint of the
    canonical JSON, so anyone can prove the content."""
    content = json.loads(canonical_json(snapshot_content(application)))
    return Snapshot.objects.create(
        application=application, moment=moment, content=content, sha256=fingerprint(content)
    )


# --- The decision -------------------------------------------------------------------------


def _day(value: Any, field: str) -> date:
    if isinstance(value, date):
        day = value
    else:
        try:
            day = date.fromisoformat(str(value or "").strip()[:10])
        except ValueError:
            message = _("Give a date as year-month-day, for example 2026-03-31.")
            raise Invalid(message, fields={field: [message]}) from None
    if day > timezone.localdate():
        message = _("The decision date cannot be in the future.")
        raise Invalid(message, fields={field: [message]})
    if day.year < 2000:
        message = _("Give a date as year-month-day, for example 2026-03-31.")
        raise Invalid(message, fields={field: [message]})
    return day


def appeal_until(decided_on: date) -> date | None:
    """The last day to appeal a decision taken on ``decided_on``."""
    days = int(settings.FUNDING_APPEAL_DAYS)
    return decided_on + timedelta(days=days) if days else None


def decision_record(
    *,
    application: Application,
    outcome: str,
    reasons: str,
    reference: str,
    decided_on: Any,
    by: Any,
    amount: Any = None,
    conditions: str = "",
) -> Decision:
    """Record the decision taken on ``application``. Reasons and the decision reference
    (for example ``2026_CBS_01234``) are required; an award needs an amount, at most the
    amount requested, and a line with that much left."""
    require_staff_review(by, application)
    if outcome not in OUTCOMES:
        message = _("Choose: award or do not award.")
        raise Invalid(message, fields={"outcome": [message]})
    reasons_text = str(reasons or "").strip()
    if not reasons_text:
        message = _("Give the reasons for the decision. The organisation reads them.")
        raise Invalid(message, fields={"reasons": [message]})
    reasons_text = text(reasons_text, "reasons", limit=REASONS_LIMIT)
    reference_text = text(reference, "reference", limit=60)
    if not reference_text.isprintable():
        message = _("The decision reference has characters that cannot be printed.")
        raise Invalid(message, fields={"reference": [message]})
    day = _day(decided_on, "decided_on")
    value: Decimal | None = None
    if outcome == Decision.AWARD:
        try:
            value = parse_euros(amount if amount is not None else "", maximum=MAX_AWARD)
        except Invalid as error:
            raise Invalid(error.message, fields={"amount": [error.message]}) from error
        if value <= 0:
            message = _("The amount must be more than zero.")
            raise Invalid(message, fields={"amount": [message]})
        requested = application.amount_requested
        if requested is not None and value > requested:
            message = _("You cannot award more than was requested (%(requested)s).") % {
                "requested": format_euros(requested, get_language() or "nl")
            }
            raise Invalid(message, fields={"amount": [message]})
    conditions_text = text(conditions, "conditions", limit=5000, required=False)

    with transaction.atomic():
        locked = (
            Application.objects.select_for_update(of=("self",))
            .select_related("call", "call__line", "organisation", "regulation_version")
            .get(pk=application.pk)
        )
        if Decision.objects.filter(application=locked).exists():
            raise Conflict(_("This application already has a decision."), code="already_decided")
        if locked.status != ApplicationStatus.SUBMITTED:
            raise Conflict(
                _("Only a submitted application can get a decision; this one is %(status)s.")
                % {"status": locked.get_status_display()},
                code="not_decidable",
            )
        snapshot = snapshot_freeze(application=locked, moment="decision")
        decision = Decision.objects.create(
            application=locked,
            outcome=outcome,
            reasons=reasons_text,
            reference=reference_text,
            decided_on=day,
            recorded_by=by,
            snapshot=snapshot,
        )
        if outcome == Decision.AWARD:
            award_create(
                line=locked.call.line,
                organisation=locked.organisation,
                amount=value,
                title=locked.title,
                decision_reference=reference_text,
                decided_on=day,
                by=by,
                application=locked,
                conditions=conditions_text,
            )
        before = locked.status
        locked.status = (
            ApplicationStatus.AWARDED if outcome == Decision.AWARD else ApplicationStatus.REJECTED
        )
        locked.updated_at = timezone.now()
        locked.save(update_fields=["status", "updated_at"])
        log(
            by=by,
            subject=locked,
            change="decision",
            from_state=before,
            to_state=locked.status,
            reason=f"{reference_text}: {reasons_text}"[:REASONS_LIMIT],
            organisation=locked.organisation,
        )
        timeline_record(
            organisation=locked.organisation,
            kind="funding.decision",
            actor=by,
            subject=locked,
            data={"reference": reference_text, "title": locked.title, "outcome": outcome},
        )
        recipients = _members(locked)
        for person in recipients:
            notify(
                recipient=person,
                kind="funding.decision",
                sentence=AWARDED if outcome == Decision.AWARD else REJECTED,
                data={"title": locked.title, "reference": reference_text},
                url=decision_letter_path(locked),
            )
    decision.application = locked
    _mail_decision(decision, recipients)
    return decision


AWARDED = gettext_lazy("Your application “%(title)s” was awarded (decision %(reference)s).")
REJECTED = gettext_lazy("Your application “%(title)s” was not awarded (decision %(reference)s).")


def _members(application: Application) -> list[Any]:
    return [
        membership.user
        for membership in Membership.objects.filter(organisation_id=application.organisation_id)
        .select_related("user")
        .order_by("user_id")
        if membership.user.is_active
    ]


def decision_letter_path(application: Application) -> str:
    award = Award.objects.filter(application=application).only("identifier").first()
    if award is not None:
        return reverse("funding:award_letter", args=[award.identifier])
    return reverse("funding:decision_letter", args=[application.reference])


def _mail_decision(decision: Decision, recipients: list[Any]) -> None:
    """The decision and its letter to every member (each in their language; the letter
    itself is in Dutch, the language of the city's administration)."""
    from middenveld.funding.letter import decision_letter_pdf, letter_filename

    if not recipients:
        return
    application = decision.application
    award = Award.objects.filter(application=application).first()
    pdf = decision_letter_pdf(decision, award=award)
    name = letter_filename(decision)
    until = award.appeal_until if award is not None else appeal_until(decision.decided_on)
    for person in recipients:
        if not person.email:
            continue
        send_templated_mail(
            to=person.email,
            template="funding/mail/decision",
            language=person.language or settings.LANGUAGE_CODE,
            context={
                "person": person,
                "application": application,
                "decision": decision,
                "award": award,
                "awarded": decision.outcome == Decision.AWARD,
                "appeal_until": until,
                "letter_url": settings.SITE_URL.rstrip("/") + decision_letter_path(application),
            },
            attachments=[(name, pdf, "application/pdf")],
        )
