"""Questions to the city in the API: asking, following the thread, and the staff's handling.

Who sees what
    A question is seen by the person who asked it, by the members of the
    organisation it was asked for, and by city staff (rule
    ``support.view_question``); for anyone else it is a 404, so ids cannot be
    probed. Internal notes are only in the staff's view of the thread.

Asking
    ``POST /questions`` works without signing in (then ``email`` is required).
    A flood from one address or person answers 429 (the same limit as the form,
    counted in the database), and anonymous callers are also throttled per IP.
    Files are added on the website or by e-mail; the API takes text.

Acting
    Every write goes through the same service as the pages (``services``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja import Status as Answer

from middenveld.accounts.models import User
from middenveld.api.auth import AUTH_REQUIRED
from middenveld.api.pagination import paginate
from middenveld.api.permissions import require_rule
from middenveld.api.throttling import AnonymousRateThrottle
from middenveld.city.models import Team
from middenveld.core import rules
from middenveld.core.errors import Invalid, NotFound
from middenveld.organisations.models import Organisation
from middenveld.support import selectors, services
from middenveld.support.models import Message, Question, Topic

router = Router(tags=["support"])


# --- schemas ------------------------------------------------------------------------------


class TopicOut(Schema):
    id: int
    slug: str
    name: str
    description: str
    first_answer_days: int
    resolution_days: int


class AttachmentOut(Schema):
    id: int
    filename: str
    size: int
    content_type: str


class MessageOut(Schema):
    id: int
    kind: str = Field(..., description="question, reply, phone or (staff only) note.")
    body: str
    author: str | None = Field(None, description="The city employee who answered.")
    created_at: datetime
    attachments: list[AttachmentOut]

    @staticmethod
    def resolve_author(obj: Message) -> str | None:
        if obj.kind in ("reply", "note") and obj.author is not None:
            return obj.author.get_short_name()
        return None

    @staticmethod
    def resolve_attachments(obj: Message) -> list[Any]:
        return list(obj.attachments.all())


class QuestionOut(Schema):
    id: int
    subject: str
    status: str = Field(..., description="new, open, waiting, closed or merged.")
    channel: str
    language: str
    topic: str | None
    organisation_id: int | None
    created_at: datetime
    first_answer_due: datetime | None
    resolution_due: datetime | None
    first_answered_at: datetime | None
    closed_at: datetime | None
    merged_into_id: int | None

    @staticmethod
    def resolve_topic(obj: Question) -> str | None:
        return obj.topic.slug if obj.topic is not None else None


class StaffQuestionOut(QuestionOut):
    team: str | None
    assignee_id: int | None
    due_at: datetime | None
    routed_by: str
    escalated_at: datetime | None

    @staticmethod
    def resolve_team(obj: Question) -> str | None:
        return obj.team.slug if obj.team is not None else None


class ThreadOut(Schema):
    question: QuestionOut
    messages: list[MessageOut]


class QuestionIn(Schema):
    body: str = Field(..., description="The question (at most 20,000 characters).")
    subject: str = ""
    email: str = Field("", description="Needed when the caller is not signed in.")
    name: str = ""
    topic: str | None = Field(None, description="A topic slug from GET /topics.")
    organisation_id: int | None = Field(None, description="One of the caller's organisations.")
    language: str | None = Field(
        None, description="nl, en, fr, tr, ar or bg (default: the request's)."
    )


class TextIn(Schema):
    body: str


class AssignIn(Schema):
    team: str | None = Field(None, description="A team slug.")
    assignee_id: int | None = None


class MergeIn(Schema):
    into_id: int


class StaffFilters(Schema):
    status: Literal["new", "open", "waiting", "closed", "merged"] | None = None
    team: str | None = None
    mine: bool = False
    late: bool = False


# --- helpers ------------------------------------------------------------------------------


def _question(request: HttpRequest, question_id: int) -> Question:
    try:
        return services.question_get(pk=question_id, user=request.user)
    except NotFound:
        raise NotFound(_("This question was not found.")) from None


def _topic(slug: str | None) -> Topic | None:
    if not slug:
        return None
    topic = Topic.objects.filter(slug=slug, active=True).first()
    if topic is None:
        message = _("This topic does not exist.")
        raise Invalid(message, fields={"topic": [message]})
    return topic


def _own_organisation(request: HttpRequest, organisation_id: int | None) -> Organisation | None:
    if organisation_id is None:
        return None
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None or not rules.check("organisations.leave", request.user, organisation):
        message = _("You can only ask a question for an organisation you are a member of.")
        raise Invalid(message, fields={"organisation_id": [message]})
    return organisation


def _thread(request: HttpRequest, question: Question) -> dict[str, Any]:
    staff = bool(rules.check("support.handle", request.user, question))
    messages = (
        selectors.thread_for_staff(question) if staff else selectors.thread_for_asker(question)
    )
    return {"question": question, "messages": messages}


# --- endpoints ----------------------------------------------------------------------------


@router.get("/topics", response=list[TopicOut])
def topic_list(request: HttpRequest) -> QuerySet[Topic]:
    """What questions can be about, with the response times in working days."""
    return Topic.objects.filter(active=True)


@router.get("/questions", response=list[QuestionOut], auth=AUTH_REQUIRED)
@paginate
def question_list(request: HttpRequest) -> QuerySet[Question]:
    """The caller's questions and those of their organisations, latest activity first."""
    return selectors.questions_of(request.user)


@router.post(
    "/questions",
    response={201: QuestionOut},
    throttle=[AnonymousRateThrottle("20/h")],
)
def question_create(request: HttpRequest, payload: QuestionIn) -> Answer:
    question = services.question_ask(
        body=payload.body,
        subject=payload.subject,
        user=request.user,
        email=payload.email,
        name=payload.name,
        topic=_topic(payload.topic),
        organisation=_own_organisation(request, payload.organisation_id),
        language=payload.language or get_language(),
        channel="api",
    )
    return Answer(201, question)


@router.get("/questions/{question_id}", response=ThreadOut, auth=AUTH_REQUIRED)
def question_detail(request: HttpRequest, question_id: int) -> dict[str, Any]:
    """One question with its thread (staff also see internal notes)."""
    question = _question(request, question_id)
    return _thread(request, question)


@router.post("/questions/{question_id}/messages", response={201: MessageOut}, auth=AUTH_REQUIRED)
def question_message(request: HttpRequest, question_id: int, payload: TextIn) -> Answer:
    """The asker (or a member of the organisation) adds to the thread."""
    question = _question(request, question_id)
    require_rule(request, "support.follow_up", question)
    return Answer(
        201,
        services.question_follow_up(
            question=question, user=request.user, body=payload.body, channel="api"
        ),
    )


# --- staff ------------------------------------------------------------------------------


@router.get("/staff/questions", response=list[StaffQuestionOut], auth=AUTH_REQUIRED)
@paginate
def staff_question_list(request: HttpRequest, filters: Query[StaffFilters]) -> QuerySet[Question]:
    """Every question, for city staff: open ones soonest due first."""
    require_rule(request, "support.handle")
    from django.utils import timezone

    questions = Question.objects.select_related("topic", "team")
    if filters.status:
        questions = questions.filter(status=filters.status)
    if filters.team:
        questions = questions.filter(team__slug=filters.team)
    if filters.mine:
        questions = questions.filter(assignee_id=request.user.pk)
    if filters.late:
        questions = questions.filter(
            status__in=("new", "open", "waiting"), due_at__lt=timezone.now()
        )
    return questions.order_by("due_at", "id")


@router.post("/questions/{question_id}/replies", response={201: MessageOut}, auth=AUTH_REQUIRED)
def question_reply(request: HttpRequest, question_id: int, payload: TextIn) -> Answer:
    """Answer the asker: mailed in the thread, shown on their page."""
    question = _question(request, question_id)
    return Answer(
        201, services.question_reply(question=question, by=request.user, body=payload.body)
    )


@router.post("/questions/{question_id}/notes", response={201: MessageOut}, auth=AUTH_REQUIRED)
def question_note(request: HttpRequest, question_id: int, payload: TextIn) -> Answer:
    question = _question(request, question_id)
    return Answer(
        201, services.question_note(question=question, by=request.user, body=payload.body)
    )


@router.post("/questions/{question_id}/assign", response=StaffQuestionOut, auth=AUTH_REQUIRED)
def question_assign(request: HttpRequest, question_id: int, payload: AssignIn) -> Question:
    question = _question(request, question_id)
    require_rule(request, "support.handle", question)
    team = None
    if payload.team:
        team = Team.objects.filter(slug=payload.team).first()
        if team is None:
            raise Invalid(_("This team does not exist."), fields={"team": [_("Unknown team.")]})
    assignee = None
    if payload.assignee_id is not None:
        assignee = User.objects.filter(pk=payload.assignee_id, is_active=True).first()
        if assignee is None:
            raise Invalid(
                _("This person was not found."), fields={"assignee_id": [_("Unknown person.")]}
            )
    return services.question_assign(
        question=question, by=request.user, team=team, assignee=assignee
    )


@router.post("/questions/{question_id}/close", response=StaffQuestionOut, auth=AUTH_REQUIRED)
def question_close(request: HttpRequest, question_id: int) -> Question:
    return services.question_close(question=_question(request, question_id), by=request.user)


@router.post("/questions/{question_id}/merge", response=StaffQuestionOut, auth=AUTH_REQUIRED)
def question_merge(request: HttpRequest, question_id: int, payload: MergeIn) -> Question:
    question = _question(request, question_id)
    require_rule(request, "support.handle", question)
    into = _question(request, payload.into_id)
    return services.question_merge(question=question, into=into, by=request.user)
