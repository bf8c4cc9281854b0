"""Participation in the API: processes with their phases, proposals, comments, reports and
moderation. The same services as the pages; the same rules.

Reading
    ``GET /processes`` and ``GET /processes/{slug}`` are public (published processes; city
    staff also see drafts). ``GET /processes/{slug}/proposals`` and
    ``GET /processes/{slug}/comments`` (``?proposal=<id>`` for a proposal's thread; without
    it the comments on the process itself) are public. A hidden comment comes without its
    text, with the moderator's reason; a comment its author removed comes without text.

Writing (signed in)
    ``POST /processes/{slug}/proposals``: for one of the caller's verified organisations
    (``organisation_id``), while a phase takes proposals. ``POST /processes/{slug}/comments``
    (429 when the caller writes too many in a short time), ``POST /comments/{id}/report``
    (409 the second time). City staff: ``POST /proposals/{id}/decision``,
    ``POST /comments/{id}/hide`` and ``POST /comments/{id}/unhide``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja import Status as Answer
from ninja.decorators import decorate_view

from middenveld.api.auth import AUTH_REQUIRED
from middenveld.api.pagination import paginate
from middenveld.api.permissions import require_rule
from middenveld.api.schemas import TranslatedOut, absolute_url
from middenveld.core import rules
from middenveld.core.cache import public_read
from middenveld.core.errors import Invalid, NotFound
from middenveld.organisations.models import Organisation
from middenveld.participation import selectors, services
from middenveld.participation.models import Comment, Phase, Process, Proposal

router = Router(tags=["participation"])


# --- schemas ------------------------------------------------------------------------------


class PhaseOut(TranslatedOut):
    id: int
    title: str
    description: str
    question: str
    starts_on: date
    ends_on: date
    accepts_proposals: bool
    state: str = Field(..., description="done, now or coming.")

    @staticmethod
    def resolve_state(obj: Phase) -> str:
        return {"past": "done", "current": "now", "upcoming": "coming"}[obj.state()]

    @staticmethod
    def resolve_description(obj: Phase) -> str:
        return obj.description or ""

    @staticmethod
    def resolve_question(obj: Phase) -> str:
        return obj.question or ""


class ProcessOut(TranslatedOut):
    slug: str
    title: str
    summary: str
    audience: str = Field(..., description="organisations or residents.")
    workstream: str | None = Field(None, description="The workstream's slug.")
    published: bool
    url: str
    phases: list[PhaseOut]
    current_phase_id: int | None = Field(
        None, description="The phase running today; between phases the next one."
    )
    takes_proposals: bool

    @staticmethod
    def resolve_workstream(obj: Process) -> str | None:
        return obj.workstream.slug if obj.workstream else None

    @staticmethod
    def resolve_url(obj: Process, context: Any) -> str:
        return absolute_url(context, obj.get_absolute_url())

    @staticmethod
    def resolve_phases(obj: Process) -> list[Phase]:
        return list(obj.phases.all())

    @staticmethod
    def resolve_current_phase_id(obj: Process) -> int | None:
        phase = obj.current_phase()
        return phase.pk if phase else None

    @staticmethod
    def resolve_takes_proposals(obj: Process) -> bool:
        return services.proposals_phase(obj) is not None

    @staticmethod
    def resolve_summary(obj: Process) -> str:
        return obj.summary or ""


class ProcessDetailOut(ProcessOut):
    description: str

    @staticmethod
    def resolve_description(obj: Process) -> str:
        return obj.description or ""


class ProposalOut(Schema):
    id: int
    process: str
    title: str
    text: str
    organisation_id: int | None
    organisation: str | None
    status: str = Field(..., description="submitted, accepted or rejected.")
    decision_reason: str
    created_at: datetime
    decided_at: datetime | None
    url: str

    @staticmethod
    def resolve_process(obj: Proposal) -> str:
        return obj.process.slug

    @staticmethod
    def resolve_organisation(obj: Proposal) -> str | None:
        return obj.organisation.name if obj.organisation else None

    @staticmethod
    def resolve_url(obj: Proposal, context: Any) -> str:
        return absolute_url(context, obj.get_absolute_url())


class ProposalIn(Schema):
    title: str
    text: str
    organisation_id: int | None = Field(
        None,
        description="One of the caller's verified organisations (required in a process for organisations).",
    )


class DecisionIn(Schema):
    status: Literal["accepted", "rejected", "submitted"]
    reason: str = ""


class CommentOut(Schema):
    id: int
    proposal_id: int | None
    parent_id: int | None
    author: str | None = Field(None, description="The author's name, when they gave one.")
    organisation: str | None = Field(None, description="Written on behalf of this organisation.")
    text: str = Field(..., description="Empty when hidden by the moderator or removed.")
    hidden: bool
    hidden_reason: str = Field(..., description="Shown in place of a hidden comment.")
    removed: bool = Field(..., description="The author removed it (erased their account).")
    created_at: datetime

    @staticmethod
    def resolve_author(obj: Comment) -> str | None:
        if obj.removed_at or obj.author is None:
            return None
        return obj.author.name or None

    @staticmethod
    def resolve_organisation(obj: Comment) -> str | None:
        return obj.organisation.name if obj.organisation else None

    @staticmethod
    def resolve_text(obj: Comment) -> str:
        return "" if obj.hidden_at or obj.removed_at else obj.text

    @staticmethod
    def resolve_hidden(obj: Comment) -> bool:
        return obj.hidden_at is not None

    @staticmethod
    def resolve_removed(obj: Comment) -> bool:
        return obj.removed_at is not None


class CommentIn(Schema):
    text: str
    proposal_id: int | None = None
    parent_id: int | None = Field(None, description="Reply to this comment (one level deep).")
    organisation_id: int | None = Field(None, description="Write on behalf of this organisation.")


class CommentFilters(Schema):
    proposal: int | None = Field(
        None, description="A proposal's thread; without it, the process's."
    )


class ReportIn(Schema):
    reason: str = ""


class HideIn(Schema):
    reason: str
    note: str = ""


class UnhideIn(Schema):
    note: str = ""


# --- helpers ------------------------------------------------------------------------------


def _process(request: HttpRequest, slug: str) -> Process:
    process = selectors.process_get(slug, request.user)
    if process is None:
        raise NotFound(_("This participation process was not found."))
    return process


def _proposal(process: Process, pk: int | None) -> Proposal | None:
    if pk is None:
        return None
    proposal = selectors.proposal_get(process, pk)
    if proposal is None:
        raise NotFound(_("This proposal was not found."))
    return proposal


def _comment(request: HttpRequest, pk: int) -> Comment:
    comment = selectors.comment_get(pk)
    if comment is None or not rules.check(
        "participation.view_process", request.user, comment.process
    ):
        raise NotFound(_("This comment was not found."))
    return comment


def _organisation(pk: int | None, message: str) -> Organisation | None:
    if pk is None:
        return None
    organisation = Organisation.objects.filter(pk=pk).first()
    if organisation is None:
        raise Invalid(message, fields={"organisation_id": [message]})
    return organisation


# --- endpoints ----------------------------------------------------------------------------


@router.get("/processes", response=list[ProcessOut], summary="Participation processes")
@decorate_view(public_read)
@paginate
def process_list(request: HttpRequest) -> QuerySet[Process]:
    """Published processes, running ones first, then coming, then finished."""
    staff = bool(rules.check("participation.manage", request.user))
    return selectors.process_list(include_drafts=staff, today=timezone.localdate())


@router.get("/processes/{slug}", response=ProcessDetailOut, summary="One participation process")
@decorate_view(public_read)
def process_detail(request: HttpRequest, slug: str) -> Process:
    return _process(request, slug)


@router.get("/processes/{slug}/proposals", response=list[ProposalOut])
@decorate_view(public_read)
@paginate
def proposal_list(request: HttpRequest, slug: str) -> QuerySet[Proposal]:
    return selectors.proposal_list(_process(request, slug))


@router.post("/processes/{slug}/proposals", response={201: ProposalOut}, auth=AUTH_REQUIRED)
def proposal_create(request: HttpRequest, slug: str, payload: ProposalIn) -> Answer:
    process = _process(request, slug)
    organisation = _organisation(
        payload.organisation_id,
        _("You can only send a proposal for an organisation you are a member of."),
    )
    proposal = services.proposal_submit(
        process=process,
        by=request.user,
        title=payload.title,
        text=payload.text,
        organisation=organisation,
    )
    return Answer(201, proposal)


@router.get("/proposals/{proposal_id}", response=ProposalOut)
def proposal_detail(request: HttpRequest, proposal_id: int) -> Proposal:
    proposal = (
        Proposal.objects.filter(pk=proposal_id).select_related("process", "organisation").first()
    )
    if proposal is None or not rules.check(
        "participation.view_process", request.user, proposal.process
    ):
        raise NotFound(_("This proposal was not found."))
    return proposal


@router.post("/proposals/{proposal_id}/decision", response=ProposalOut, auth=AUTH_REQUIRED)
def proposal_decision(request: HttpRequest, proposal_id: int, payload: DecisionIn) -> Proposal:
    require_rule(request, "participation.manage")
    proposal = Proposal.objects.filter(pk=proposal_id).first()
    if proposal is None:
        raise NotFound(_("This proposal was not found."))
    return services.proposal_decide(
        proposal=proposal, by=request.user, status=payload.status, reason=payload.reason
    )


@router.get("/processes/{slug}/comments", response=list[CommentOut])
@decorate_view(public_read)
@paginate
def comment_list(request: HttpRequest, slug: str, filters: Query[CommentFilters]) -> Any:
    """A thread in the order written; a reply names its comment in ``parent_id``."""
    process = _process(request, slug)
    proposal = _proposal(process, filters.proposal)
    return (
        Comment.objects.filter(process=process, proposal=proposal)
        .select_related("author", "organisation")
        .order_by("created_at", "id")
    )


@router.post("/processes/{slug}/comments", response={201: CommentOut}, auth=AUTH_REQUIRED)
def comment_create(request: HttpRequest, slug: str, payload: CommentIn) -> Answer:
    process = _process(request, slug)
    proposal = _proposal(process, payload.proposal_id)
    parent = None
    if payload.parent_id is not None:
        parent = Comment.objects.filter(pk=payload.parent_id, process=process).first()
        if parent is None:
            raise NotFound(_("The comment you reply to was not found."))
    organisation = _organisation(
        payload.organisation_id,
        _("You can only write on behalf of an organisation you are a member of."),
    )
    comment = services.comment_post(
        process=process,
        by=request.user,
        text=payload.text,
        proposal=proposal,
        parent=parent,
        organisation=organisation,
    )
    return Answer(201, comment)


@router.post("/comments/{comment_id}/report", response={201: None}, auth=AUTH_REQUIRED)
def comment_report(request: HttpRequest, comment_id: int, payload: ReportIn) -> Answer:
    comment = _comment(request, comment_id)
    services.comment_report(comment=comment, by=request.user, reason=payload.reason)
    return Answer(201, None)


@router.post("/comments/{comment_id}/hide", response=CommentOut, auth=AUTH_REQUIRED)
def comment_hide(request: HttpRequest, comment_id: int, payload: HideIn) -> Comment:
    require_rule(request, "participation.moderate")
    comment = _comment(request, comment_id)
    return services.comment_hide(
        comment=comment, by=request.user, reason=payload.reason, note=payload.note
    )


@router.post("/comments/{comment_id}/unhide", response=CommentOut, auth=AUTH_REQUIRED)
def comment_unhide(request: HttpRequest, comment_id: int, payload: UnhideIn) -> Comment:
    require_rule(request, "participation.moderate")
    comment = _comment(request, comment_id)
    return services.comment_unhide(comment=comment, by=request.user, note=payload.note)
