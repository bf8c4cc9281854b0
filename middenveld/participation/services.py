"""Participation: proposals, comments and their moderation.

Every page, API endpoint and back-office screen calls these. They take keyword
arguments, check the rule (``rules.py``), change the data in one transaction, record
the 360° timeline event and raise a ``DomainError`` with a sentence on refusal.

Limits (named below): a comment has at most ``COMMENT_MAX`` characters and something
visible in it; a person writes at most ``COMMENTS_PER_WINDOW`` comments per
``COMMENT_WINDOW`` (``RateLimited``, 429 in the API); the same comment sent twice within
``DOUBLE_SEND`` (a double click) is saved once.
"""

from __future__ import annotations

import datetime
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Count, F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from middenveld.city.inbox import inbox_changed
from middenveld.core import rules
from middenveld.core.errors import Conflict, Forbidden, Invalid, NotFound, RateLimited
from middenveld.organisations.models import Organisation, Status
from middenveld.organisations.text import text_tidy
from middenveld.organisations.timeline import timeline_record
from middenveld.participation import timeline as _timeline  # noqa: F401  (declares the kinds)
from middenveld.participation.models import (
    Audience,
    Comment,
    CommentReport,
    Phase,
    Process,
    Proposal,
    ProposalStatus,
)
from middenveld.participation.text import has_visible_text

COMMENT_MAX = 5000
PROPOSAL_TITLE_MAX = 200
PROPOSAL_TEXT_MAX = 10_000
REASON_MAX = 500
NOTE_MAX = 5000
COMMENTS_PER_WINDOW = 10
COMMENT_WINDOW = timedelta(minutes=10)
DOUBLE_SEND = timedelta(seconds=30)


# --- Helpers ------------------------------------------------------------------------------


def _require(user: Any, rule: str, obj: Any = None) -> None:
    decision = rules.check(rule, user, obj)
    if not decision:
        raise Forbidden(decision.reason or None)


def _text(
    value: Any,
    *,
    field: str,
    maximum: int,
    required: bool,
    multiline: bool = True,
    empty_message: str | None = None,
) -> str:
    if value is not None and not isinstance(value, str):
        message = _("This is not text.")
        raise Invalid(message, fields={field: [message]})
    cleaned = text_tidy(value or "", multiline=multiline)
    if not has_visible_text(cleaned):
        cleaned = ""
    if required and not cleaned:
        message = empty_message or _("Fill this in, please.")
        raise Invalid(message, fields={field: [message]})
    if len(cleaned) > maximum:
        message = _(
            "This is too long: at most %(max)s characters, you wrote %(count)s. "
            "Make it shorter and send it again."
        ) % {
            "max": number_format(maximum, force_grouping=True),
            "count": number_format(len(cleaned), force_grouping=True),
        }
        raise Invalid(message, fields={field: [message]})
    return cleaned


def _published(process: Process) -> Process:
    if not process.published:
        raise NotFound(_("This participation process was not found."))
    return process


def proposals_phase(process: Process, today: datetime.date | None = None) -> Phase | None:
    """The phase that takes proposals today, if any (uses the prefetched phases)."""
    today = today or timezone.localdate()
    for phase in process.phases.all():
        if phase.accepts_proposals and phase.starts_on <= today <= phase.ends_on:
            return phase
    return None


def next_proposals_phase(process: Process, today: datetime.date | None = None) -> Phase | None:
    today = today or timezone.localdate()
    for phase in process.phases.all():
        if phase.accepts_proposals and phase.starts_on > today:
            return phase
    return None


def comments_open(process: Process, today: datetime.date | None = None) -> bool:
    """Comments are open on a published process until its last phase has ended."""
    if not process.published:
        return False
    today = today or timezone.localdate()
    ends = [phase.ends_on for phase in process.phases.all()]
    return not ends or today <= max(ends)


def _facts(proposal: Proposal) -> dict[str, Any]:
    return {"title": proposal.title, "process": proposal.process.title}


# --- Proposals ----------------------------------------------------------------------------


def _proposal_organisation(process: Process, by: Any, organisation: Any) -> Organisation | None:
    if organisation in (None, ""):
        if process.audience == Audience.ORGANISATIONS:
            message = _("Choose the organisation you send this proposal for.")
            raise Invalid(message, fields={"organisation": [message]})
        _require(by, "participation.propose_personally")
        return None
    if not isinstance(organisation, Organisation):
        message = _("Choose one of your organisations.")
        raise Invalid(message, fields={"organisation": [message]})
    if not rules.check("participation.comment_for", by, organisation):
        raise Forbidden(_("You can only send a proposal for an organisation you are a member of."))
    if organisation.status != Status.VERIFIED:
        raise Forbidden(
            _(
                "Only organisations the city has verified can send a proposal. "
                "Finish the registration of your organisation first."
            )
        )
    _require(by, "participation.propose", organisation)
    return organisation


@transaction.atomic
def proposal_submit(
    *, process: Process, by: Any, title: Any, text: Any, organisation: Any = None
) -> Proposal:
    """Send a proposal to ``process`` while a phase takes proposals.

    In a process for organisations, a member sends it on behalf of their (verified)
    organisation; in a process for residents, anyone signed in may send one as themselves.
    The same title from the same organisation is one proposal (a double click saves once).
    """
    _require(by, "participation.comment")
    _published(process)
    chosen = _proposal_organisation(process, by, organisation)
    title = _text(
        title,
        field="title",
        maximum=PROPOSAL_TITLE_MAX,
        required=True,
        multiline=False,
        empty_message=_("Give your proposal a title."),
    )
    text = _text(
        text,
        field="text",
        maximum=PROPOSAL_TEXT_MAX,
        required=True,
        empty_message=_("Describe your proposal in a few sentences."),
    )
    phase = proposals_phase(process)
    if phase is None:
        upcoming = next_proposals_phase(process)
        if upcoming is not None:
            raise Conflict(
                _("This process takes proposals from %(start)s to %(end)s.")
                % {
                    "start": upcoming.starts_on.strftime("%d/%m/%Y"),
                    "end": upcoming.ends_on.strftime("%d/%m/%Y"),
                }
            )
        raise Conflict(_("This process does not take proposals now."))
    existing = Proposal.objects.filter(
        process=process, organisation=chosen, title=title, submitted_by=by
    ).first()
    if existing is not None and existing.text == text:
        return existing  # sent twice: the first one counts
    proposal = Proposal(
        process=process, organisation=chosen, submitted_by=by, title=title, text=text
    )
    try:
        with transaction.atomic():
            proposal.save()
    except IntegrityError:
        # Sent at the same moment (a double click on two connections): the first one counts.
        same = Proposal.objects.filter(
            process=process, organisation=chosen, title=title, submitted_by=by, text=text
        ).first()
        if same is not None:
            return same
        message = _(
            "Your organisation already sent a proposal with this title. Choose another title."
        )
        raise Conflict(message, details={"fields": {"title": [message]}}) from None
    if chosen is not None:
        timeline_record(
            organisation=chosen,
            kind="participation.proposal_submitted",
            actor=by,
            subject=proposal,
            data=_facts(proposal),
        )
    return proposal


@transaction.atomic
def proposal_decide(*, proposal: Proposal, by: Any, status: str, reason: Any = "") -> Proposal:
    """City staff accept or reject a proposal; rejecting needs a reason (it is shown)."""
    _require(by, "participation.manage")
    if status not in (ProposalStatus.ACCEPTED, ProposalStatus.REJECTED, ProposalStatus.SUBMITTED):
        message = _("Choose accepted or rejected.")
        raise Invalid(message, fields={"status": [message]})
    reason = _text(
        reason,
        field="reason",
        maximum=REASON_MAX * 4,
        required=status == ProposalStatus.REJECTED,
        empty_message=_("Say why the proposal is not accepted. The organisation reads this."),
    )
    proposal = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("process", "organisation", "submitted_by")
        .get(pk=proposal.pk)
    )
    if proposal.status == status and proposal.decision_reason == reason:
        return proposal
    proposal.status = status
    proposal.decision_reason = reason
    if status == ProposalStatus.SUBMITTED:
        proposal.decided_by, proposal.decided_at = None, None
    else:
        proposal.decided_by, proposal.decided_at = by, timezone.now()
    proposal.save(update_fields=["status", "decision_reason", "decided_by", "decided_at"])
    if status != ProposalStatus.SUBMITTED:
        if proposal.organisation is not None:
            timeline_record(
                organisation=proposal.organisation,
                kind=f"participation.proposal_{status}",
                actor=by,
                subject=proposal,
                data={**_facts(proposal), "reason": reason},
            )
        _tell_submitter(proposal)
    return proposal


def _tell_submitter(proposal: Proposal) -> None:
    from middenveld.city.services import notify

    if proposal.submitted_by is None:
        return
    if proposal.status == ProposalStatus.ACCEPTED:
        sentence = gettext_lazy("Your proposal “%(title)s” was accepted.")
    else:
        sentence = gettext_lazy("Your proposal “%(title)s” was not accepted: %(reason)s")
    notify(
        recipient=proposal.submitted_by,
        kind="participation.proposal_decided",
        sentence=sentence,
        data={"title": proposal.title, "reason": proposal.decision_reason},
        url=proposal.get_absolute_url(),
    )


# --- Comments -----------------------------------------------------------------------------


def _rate_check(by: Any, now: datetime.datetime) -> None:
    recent = Comment.objects.filter(author_id=by.pk, created_at__gte=now - COMMENT_WINDOW)
    if recent.count() >= COMMENTS_PER_WINDOW:
        minutes = int(COMMENT_WINDOW.total_seconds() // 60)
        raise RateLimited(
            _(
                "You wrote %(count)d comments in the last %(minutes)d minutes. "
                "Wait a few minutes and try again."
            )
            % {"count": COMMENTS_PER_WINDOW, "minutes": minutes}
        )


@transaction.atomic
def comment_post(
    *,
    process: Process,
    by: Any,
    text: Any,
    proposal: Proposal | None = None,
    parent: Comment | None = None,
    organisation: Organisation | None = None,
) -> Comment:
    """Write a comment on ``proposal`` (or on the process itself), or reply to ``parent``.

    Replies go one level deep: a reply to a reply joins the same thread. On behalf of an
    organisation only for its members.
    """
    _require(by, "participation.comment")
    _published(process)
    if proposal is not None and proposal.process_id != process.pk:
        raise NotFound(_("This proposal was not found."))
    if organisation is not None and not rules.check("participation.comment_for", by, organisation):
        message = _("You can only write on behalf of an organisation you are a member of.")
        raise Forbidden(message)
    text = _text(
        text,
        field="text",
        maximum=COMMENT_MAX,
        required=True,
        empty_message=_(
            "Write your comment first. Spaces or invisible characters alone are empty."
        ),
    )
    if parent is not None:
        if parent.process_id != process.pk or parent.proposal_id != (
            proposal.pk if proposal else None
        ):
            raise NotFound(_("The comment you reply to was not found."))
        # Read afresh (a moderator may just have hidden it); a reply's parent is its thread.
        parent = Comment.objects.get(pk=parent.parent_id or parent.pk)
        if parent.hidden_at is not None:
            raise Conflict(_("The moderator hid this comment. You cannot reply to it."))
    if not comments_open(process):
        raise Conflict(_("This process is finished. You can no longer write comments."))
    # One person's comments one at a time: a double click on two connections saves one, and
    # the rate limit counts exactly.
    get_user_model().objects.select_for_update().filter(pk=by.pk).first()
    now = timezone.now()
    same = Comment.objects.filter(
        author_id=by.pk,
        process=process,
        proposal=proposal,
        parent=parent,
        organisation=organisation,
        text=text,
        created_at__gte=now - DOUBLE_SEND,
    ).first()
    if same is not None:
        return same  # a double click: the first one counts
    _rate_check(by, now)
    comment = Comment.objects.create(
        process=process,
        proposal=proposal,
        parent=parent,
        author=by,
        organisation=organisation,
        text=text,
        created_at=now,
    )
    if organisation is not None:
        timeline_record(
            organisation=organisation,
            kind="participation.comment_posted",
            actor=by,
            subject=comment,
            data={"process": process.title},
        )
    return comment


@transaction.atomic
def comment_report(*, comment: Comment, by: Any, reason: Any = "") -> CommentReport:
    """Anyone signed in reports a comment to the moderators, once."""
    _require(by, "participation.report")
    reason = _text(reason, field="reason", maximum=REASON_MAX, required=False)
    if comment.hidden_at is not None:
        raise Conflict(_("The moderator already hid this comment."))
    if comment.removed_at is not None:
        raise Conflict(_("This comment was removed by its author."))
    report = CommentReport(comment=comment, reporter=by, reason=reason)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        raise Conflict(
            _("You already reported this comment. A moderator will look at it.")
        ) from None
    Comment.objects.filter(pk=comment.pk).update(
        open_reports=F("open_reports") + 1,
        reported_at=Coalesce("reported_at", Value(report.created_at)),
    )
    inbox_changed()  # the counter changed without signals: the moderators' inbox reads afresh
    return report


def _close_reports(comment: Comment, now: datetime.datetime) -> None:
    CommentReport.objects.filter(comment=comment, handled_at__isnull=True).update(handled_at=now)
    Comment.objects.filter(pk=comment.pk).update(open_reports=0, reported_at=None)
    comment.open_reports, comment.reported_at = 0, None
    inbox_changed()


def comment_reports_recount(comment_ids: Any) -> None:
    """Count the open reports of these comments again (after reports were deleted)."""
    open_reports = CommentReport.objects.filter(comment=OuterRef("pk"), handled_at__isnull=True)
    counted = open_reports.order_by().values("comment").annotate(n=Count("pk")).values("n")
    first = open_reports.order_by("created_at").values("created_at")[:1]
    Comment.objects.filter(pk__in=comment_ids).update(
        open_reports=Coalesce(Subquery(counted), Value(0)), reported_at=Subquery(first)
    )
    inbox_changed()


def _locked(comment: Comment) -> Comment:
    return (
        Comment.objects.select_for_update(of=("self",))
        .select_related("process", "organisation", "author")
        .get(pk=comment.pk)
    )


@transaction.atomic
def comment_hide(*, comment: Comment, by: Any, reason: Any, note: Any = "") -> Comment:
    """A moderator hides a comment. The reason is shown in its place; the note is internal."""
    _require(by, "participation.moderate")
    reason = _text(
        reason,
        field="reason",
        maximum=REASON_MAX,
        required=True,
        multiline=False,
        empty_message=_("Give the reason. It is shown where the comment was."),
    )
    note = _text(note, field="note", maximum=NOTE_MAX, required=False)
    comment = _locked(comment)
    now = timezone.now()
    was_hidden = comment.hidden_at is not None
    comment.hidden_at = comment.hidden_at or now
    comment.hidden_by = by
    comment.hidden_reason = reason
    if note:
        comment.moderator_note = note
    comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason", "moderator_note"])
    _close_reports(comment, now)
    if not was_hidden:
        if comment.organisation is not None:
            timeline_record(
                organisation=comment.organisation,
                kind="participation.comment_hidden",
                actor=by,
                subject=comment,
                data={"reason": reason, "process": comment.process.title},
            )
        if comment.author is not None:
            from middenveld.city.services import notify

            notify(
                recipient=comment.author,
                kind="participation.comment_hidden",
                sentence=gettext_lazy("The moderator hid your comment: %(reason)s"),
                data={"reason": reason},
                url=comment.get_absolute_url(),
            )
    return comment


@transaction.atomic
def comment_unhide(*, comment: Comment, by: Any, note: Any = "") -> Comment:
    """Show a hidden comment again (the internal note stays)."""
    _require(by, "participation.moderate")
    note = _text(note, field="note", maximum=NOTE_MAX, required=False)
    comment = _locked(comment)
    if comment.hidden_at is None:
        return comment
    comment.hidden_at = None
    comment.hidden_by = None
    comment.hidden_reason = ""
    if note:
        comment.moderator_note = note
    comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason", "moderator_note"])
    return comment


@transaction.atomic
def comment_keep(*, comment: Comment, by: Any, note: Any = "") -> Comment:
    """A moderator read the reports and keeps the comment visible: the reports are handled."""
    _require(by, "participation.moderate")
    note = _text(note, field="note", maximum=NOTE_MAX, required=False)
    comment = _locked(comment)
    if note:
        comment.moderator_note = note
        comment.save(update_fields=["moderator_note"])
    _close_reports(comment, timezone.now())
    return comment
