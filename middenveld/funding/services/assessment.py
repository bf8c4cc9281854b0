"""Assessors, conflicts of interest and scores.

* City staff assign assessors per call (``assessor_add`` / ``assessor_remove``).
* An assessor who opens an application of an organisation they are a member of is
  refused, and the conflict is recorded (``Conflict.MEMBER``); an assessor may also
  declare a conflict (``conflict_declare``). Either way they can no longer open it,
  and their scores (if any) no longer count.
* Scores are whole numbers from 0 (does not meet the criterion at all) up to the
  criterion's ``scale`` (fully meets it), one per criterion of ``call.rubric``.
  ``assessment_save`` keeps a draft; ``assessment_submit`` requires every criterion and
  computes the weighted total as a percentage:
  ``100 × Σ(weight × score / scale) / Σ weight``, two decimals.
* Blind scoring: an assessor sees only their own scores until they submit; then they
  see the aggregate (``selectors.assessment_summary``), never who gave which score.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from middenveld.core import rules
from middenveld.core.errors import Conflict, Forbidden, Invalid, NotAuthenticated, NotFound
from middenveld.funding.models import (
    Application,
    ApplicationStatus,
    Assessment,
    Call,
    CallAssessor,
)
from middenveld.funding.models import Conflict as ConflictOfInterest
from middenveld.funding.services.common import log, text
from middenveld.organisations.models import Membership
from middenveld.organisations.timeline import timeline_record

CENT = Decimal("0.01")
COMMENT_LIMIT = 3000
#: The key of the general comment next to the per-criterion comments.
GENERAL = "general"


def require(user: Any, rule: str, obj: Any = None) -> None:
    """Raise ``Forbidden`` (or ``NotAuthenticated``) unless the rule allows it."""
    decision = rules.check(rule, user, obj)
    if decision:
        return
    if not getattr(user, "is_authenticated", False):
        raise NotAuthenticated(decision.reason or None)
    raise Forbidden(decision.reason or None)


def staff_review_check(user: Any, application: Application) -> rules.Decision:
    """City staff may review an application unless they have a conflict of interest with
    it (a member of the organisation, or a recorded conflict). ``funding.view_application``
    lets members in as applicants; a staff member who is one reviews nothing of theirs."""
    from middenveld.funding.rules import has_no_conflict

    return (rules.get("funding.manage") & has_no_conflict)(user, application)


def require_staff_review(user: Any, application: Application) -> None:
    decision = staff_review_check(user, application)
    if decision:
        return
    if not getattr(user, "is_authenticated", False):
        raise NotAuthenticated(decision.reason or None)
    raise Forbidden(decision.reason or None)


# --- Assessors ----------------------------------------------------------------------------


def assessor_add(*, call: Call, user: Any, by: Any) -> CallAssessor:
    require(by, "funding.manage")
    if user is None or not getattr(user, "is_active", False):
        message = _("There is no active account with this e-mail address.")
        raise Invalid(message, fields={"email": [message]})
    try:
        with transaction.atomic():
            link = CallAssessor.objects.create(call=call, user=user)
            log(by=by, subject=call, change="assessor_added", to_state=str(user.pk))
    except IntegrityError:
        message = _("%(person)s already assesses this call.") % {"person": _person(user)}
        raise Conflict(message, details={"fields": {"email": [message]}}) from None
    return link


def assessor_remove(*, call: Call, user: Any, by: Any) -> None:
    """Take an assessor off a call; what they already submitted stays and counts."""
    require(by, "funding.manage")
    with transaction.atomic():
        deleted, _rows = CallAssessor.objects.filter(call=call, user_id=user.pk).delete()
        if not deleted:
            raise NotFound(_("This person does not assess this call."))
        log(by=by, subject=call, change="assessor_removed", from_state=str(user.pk))


def _person(user: Any) -> str:
    return str(getattr(user, "name", "") or getattr(user, "email", ""))


# --- Conflicts ----------------------------------------------------------------------------


def _is_member(user: Any, application: Application) -> bool:
    return Membership.objects.filter(
        organisation_id=application.organisation_id, user_id=user.pk
    ).exists()


def _record_conflict(
    application: Application, assessor: Any, reason: str, note: str = "", by: Any = None
) -> ConflictOfInterest:
    """Keep the conflict (once per assessor and application) and log it."""
    with transaction.atomic():
        conflict, created = ConflictOfInterest.objects.get_or_create(
            application=application,
            assessor=assessor,
            defaults={"reason": reason, "note": note},
        )
        if created:
            log(
                by=by or assessor,
                subject=application,
                change="conflict",
                to_state=reason,
                reason=note,
                organisation=application.organisation,
            )
    return conflict


def _conflict_refusal() -> Forbidden:
    return Forbidden(
        _("You have a conflict of interest with this application, so you cannot open it."),
        code="conflict_of_interest",
    )


def assessment_open(*, application: Application, assessor: Any) -> Assessment | None:
    """An assessor opens an application: refused (and the conflict recorded) when they are
    a member of the applicant organisation or declared a conflict. Returns their own
    assessment, or ``None`` when they have not started one.

    The conflict is written before the refusal is raised and outside any transaction the
    service opens, so the record stays."""
    if not getattr(assessor, "is_authenticated", False):
        raise NotAuthenticated()
    if not CallAssessor.objects.filter(call_id=application.call_id, user_id=assessor.pk).exists():
        raise Forbidden(_("Only the assessors of this call can do this."))
    if _is_member(assessor, application):
        _record_conflict(application, assessor, ConflictOfInterest.MEMBER)
        raise _conflict_refusal()
    if ConflictOfInterest.objects.filter(application=application, assessor=assessor).exists():
        raise _conflict_refusal()
    if application.status == ApplicationStatus.DRAFT:
        raise NotFound(_("There is no application with this reference."))
    return Assessment.objects.filter(application=application, assessor=assessor).first()


def conflict_declare(
    *, application: Application, assessor: Any, note: str = ""
) -> ConflictOfInterest:
    """An assessor says they have a conflict of interest; from then on they cannot open
    the application and their scores, if any, do not count. Declaring twice changes
    nothing."""
    if not getattr(assessor, "is_authenticated", False):
        raise NotAuthenticated()
    if not CallAssessor.objects.filter(call_id=application.call_id, user_id=assessor.pk).exists():
        raise Forbidden(_("Only the assessors of this call can do this."))
    note = text(note, "note", limit=300, required=False)
    reason = (
        ConflictOfInterest.MEMBER
        if _is_member(assessor, application)
        else ConflictOfInterest.DECLARED
    )
    return _record_conflict(application, assessor, reason, note)


# --- Scores -------------------------------------------------------------------------------


def rubric_of(application: Application) -> list[dict[str, Any]]:
    rubric = application.call.rubric
    if not isinstance(rubric, list) or not rubric:
        raise Conflict(_("This call has no scoring rubric yet. Ask the city to add one."))
    return [row for row in rubric if isinstance(row, dict) and row.get("key")]


def _score(value: Any, key: str, scale: int) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.strip().isdigit() and len(value.strip()) < 4:
        number = int(value.strip())
    else:
        number = None
    if number is None or not 0 <= number <= scale:
        message = _("Give a whole number from 0 to %(scale)s.") % {"scale": scale}
        raise Invalid(message, fields={f"score_{key}": [message]})
    return number


def _clean_scores(rubric: list[dict[str, Any]], scores: Any) -> dict[str, int]:
    if scores is None:
        scores = {}
    if not isinstance(scores, dict):
        raise Invalid(_("The scores must be given per criterion."))
    known = {str(row["key"]): int(row.get("scale") or 0) for row in rubric}
    unknown = sorted(str(key) for key in scores if str(key) not in known)
    if unknown:
        raise Invalid(
            _("This call's rubric has no criterion “%(key)s”.") % {"key": unknown[0]},
            code="unknown_criterion",
        )
    cleaned: dict[str, int] = {}
    for key, scale in known.items():
        number = _score(scores.get(key), key, scale)
        if number is not None:
            cleaned[key] = number
    return cleaned


def _clean_comments(rubric: list[dict[str, Any]], comments: Any) -> dict[str, str]:
    if comments is None:
        comments = {}
    if not isinstance(comments, dict):
        raise Invalid(_("The comments must be given per criterion."))
    known = {str(row["key"]) for row in rubric} | {GENERAL}
    cleaned: dict[str, str] = {}
    for key, value in comments.items():
        if str(key) not in known:
            raise Invalid(
                _("This call's rubric has no criterion “%(key)s”.") % {"key": key},
                code="unknown_criterion",
            )
        if value is not None and not isinstance(value, str | int):
            raise Invalid(_("The comments must be given per criterion."))
        field = f"comment_{key}"
        comment = text(value, field, limit=COMMENT_LIMIT, required=False)
        if comment:
            cleaned[str(key)] = comment
    return cleaned


def weighted_total(rubric: list[dict[str, Any]], scores: dict[str, int]) -> Decimal:
    """The weighted total as a percentage with two decimals (every criterion scored)."""
    weights = Decimal(0)
    points = Decimal(0)
    for row in rubric:
        weight = Decimal(int(row.get("weight") or 1))
        scale = Decimal(int(row.get("scale") or 1))
        weights += weight
        points += weight * Decimal(scores[str(row["key"])]) / scale
    if not weights:
        return Decimal("0.00")
    return (Decimal(100) * points / weights).quantize(CENT, rounding=ROUND_HALF_UP)


def _check_may_score(application: Application, assessor: Any) -> None:
    assessment_open(application=application, assessor=assessor)
    require(assessor, "funding.assess", application)
    if application.status != ApplicationStatus.SUBMITTED:
        raise Conflict(
            _("This application is no longer waiting for an assessment."),
            code="not_assessable",
        )


def assessment_save(
    *, application: Application, assessor: Any, scores: Any, comments: Any = None
) -> Assessment:
    """Keep the assessor's scores and comments as a draft (criteria may still be empty)."""
    _check_may_score(application, assessor)
    rubric = rubric_of(application)
    cleaned_scores = _clean_scores(rubric, scores)
    cleaned_comments = _clean_comments(rubric, comments)
    with transaction.atomic():
        assessment, created = Assessment.objects.select_for_update().get_or_create(
            application=application, assessor=assessor
        )
        if assessment.submitted_at:
            raise Conflict(
                _("You already submitted your assessment; it can no longer change."),
                code="already_submitted",
            )
        assessment.scores = cleaned_scores
        assessment.comments = cleaned_comments
        assessment.updated_at = timezone.now()
        assessment.save(update_fields=["scores", "comments", "updated_at"])
        if created:
            log(
                by=assessor,
                subject=assessment,
                change="started",
                to_state="draft",
                organisation=application.organisation,
            )
    return assessment


def assessment_submit(
    *,
    application: Application,
    assessor: Any,
    scores: Any = None,
    comments: Any = None,
) -> Assessment:
    """Submit the assessment: every criterion scored; computes the weighted total. Given
    ``scores``/``comments`` are saved first. A second submit is refused."""
    if scores is not None or comments is not None:
        assessment_save(
            application=application, assessor=assessor, scores=scores, comments=comments
        )
    else:
        _check_may_score(application, assessor)
    rubric = rubric_of(application)
    with transaction.atomic():
        assessment = (
            Assessment.objects.select_for_update()
            .filter(application=application, assessor=assessor)
            .first()
        )
        if assessment is None:
            raise Invalid(_("Give a score for every criterion first."), code="scores_missing")
        if assessment.submitted_at:
            raise Conflict(
                _("You already submitted your assessment; it can no longer change."),
                code="already_submitted",
            )
        missing = [row for row in rubric if str(row["key"]) not in (assessment.scores or {})]
        if missing:
            fields = {
                f"score_{row['key']}": [_("Give a score for this criterion.")] for row in missing
            }
            raise Invalid(
                _("Give a score for every criterion first."),
                code="scores_missing",
                fields=fields,
            )
        assessment.total = weighted_total(rubric, assessment.scores)
        assessment.submitted_at = timezone.now()
        assessment.updated_at = assessment.submitted_at
        assessment.save(update_fields=["total", "submitted_at", "updated_at"])
        log(
            by=assessor,
            subject=assessment,
            change="submitted",
            from_state="draft",
            to_state="submitted",
            reason=str(assessment.total),
            organisation=application.organisation,
        )
        # Members do not see it (timeline.py): only that an assessment was completed.
        timeline_record(
            organisation=application.organisation,
            kind="funding.application_assessed",
            actor=None,
            subject=application,
            data={"title": application.title, "reference": application.reference},
        )
    return assessment
