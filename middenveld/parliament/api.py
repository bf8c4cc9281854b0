"""The parliament in the API: bodies, sessions, attendance, motions, votes, advice, signals.

Every path starts with ``/parliament/``. Reading is public, except the signals; every
write goes through ``middenveld.parliament.services``, the same functions as the pages,
and the service decides who may do it (``middenveld.parliament.rules``).

Reading (anyone)
    ``GET /parliament/bodies`` lists the published bodies. ``GET /parliament/sessions``
    (``?body=<slug>``) lists sessions, the latest first; ``GET /parliament/sessions/{id}``
    is one session with its agenda, motions, votes and the quorum computed now. The
    minutes are in the answer once approved; the online link only for the people named
    on a current mandate of the body, its officers and city staff.
    ``GET /parliament/votes/{id}`` is a vote with its tally (while a secret vote is open,
    only how many seats voted, not the split); the roll call (seat, organisation, choice,
    never a person) once a vote that is not secret has closed.
    ``GET /parliament/votes/{id}/recount`` counts a closed vote again from the stored
    rows. ``GET /parliament/advice`` is the public tracker (``answer``, ``year``,
    ``theme``) and ``GET /parliament/advice/{number}`` one advice with the city's answer.

Acting (signed in)
    Officers (secretary, chair) and city staff register attendance (a person's user id),
    open and close votes. Members of an organisation that holds a seat confirm who comes,
    table motions, advice drafts and amendments, co-sign, withdraw their own motions and
    file signals; nobody acts for an organisation they are not a member of (403). The
    person on a seat casts the seat's vote: once (a second cast is a 409
    ``already_voted``), only while the vote is open (409). City staff answer advice (with
    reasons) and sort signals.

Composition and confirmations (city staff; officers for the confirmations)
    ``GET /parliament/terms/{id}/composition`` lists a mandate period's composition rules
    with the check (seats asked for, seats there are, candidates in the register, ``short``
    when fewer candidates than seats). ``POST …/composition/rules`` adds a rule (422 with
    the field for a bad or duplicate rule), ``DELETE /parliament/composition-rules/{id}``
    removes one, ``POST …/composition/apply`` makes the missing seats (and removes surplus
    seats that never held a mandate). ``GET /parliament/sessions/{id}/confirmations`` is
    every seat with its organisation's answer, for the secretary, the chair and staff.

Request bodies carry only the fields listed in their schema; anything else (a status,
an outcome, counts) is ignored and changes nothing. An id that does not exist is a 404.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import date, datetime
from typing import Any, Literal

from django.contrib.auth import get_user_model
from django.db.models import Model, Prefetch, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja import Status as Answer
from ninja.decorators import decorate_view
from pydantic import ConfigDict, field_validator

from middenveld.api.auth import AUTH_REQUIRED
from middenveld.api.pagination import paginate
from middenveld.api.permissions import require_rule
from middenveld.core import rules
from middenveld.core.cache import public_read
from middenveld.core.errors import Invalid, NotFound
from middenveld.core.models import District
from middenveld.organisations.models import Organisation
from middenveld.parliament import selectors, services
from middenveld.parliament.models import (
    Advice,
    AgendaItem,
    Attendance,
    Body,
    CompositionRule,
    Confirmation,
    CoSigner,
    Mandate,
    MinutesStatus,
    Motion,
    Session,
    Signal,
    SignalGroup,
    Term,
    Theme,
    Vote,
    VoteCast,
    VoteStatus,
)

router = Router(tags=["parliament"])

#: The largest id a database column holds; anything above is a 404, never a database error.
MAX_ID = 2**63 - 1


# --- schemas: out -------------------------------------------------------------------------


class BodyOut(Schema):
    id: int
    slug: str
    kind: str = Field(..., description="parliament, table or working_group.")
    name: str
    description: str
    theme: str = Field(..., description="The theme of a thematic table; empty otherwise.")
    quorum_percent: int = Field(..., description="Seats present needed, in % of all seats.")


class BodyRefOut(Schema):
    id: int
    slug: str
    name: str


class OrganisationRefOut(Schema):
    id: int
    name: str


class SessionOut(Schema):
    id: int
    body: BodyRefOut
    title: str
    starts_at: datetime
    ends_at: datetime
    place: str
    status: str = Field(..., description="planned, convened, open or closed.")


class ResultOut(Schema):
    seats_total: int
    seats_present: int
    quorum_met: bool
    yes: int
    no: int
    abstain: int
    adopted: bool


class VoteBriefOut(Schema):
    id: int
    question: str
    motion: int | None = Field(None, description="The motion voted on (its id).")
    secret: bool
    majority: str = Field(..., description="simple, absolute or two_thirds.")
    status: str = Field(..., description="prepared, open or closed.")
    result: ResultOut | None = Field(None, description="Once the vote is closed.")


class MotionOut(Schema):
    id: int
    item: int = Field(..., description="The agenda item (its id).")
    kind: str = Field(..., description="motion, advice or amendment.")
    title: str
    text: str
    organisation: OrganisationRefOut
    status: str = Field(..., description="tabled, withdrawn, adopted or rejected.")
    amends: int | None = Field(None, description="An amendment: the motion it amends (its id).")
    cosigners: list[str] = Field(..., description="Names of the co-signing organisations.")
    tabled_at: datetime


class ItemOut(Schema):
    id: int
    position: int
    title: str
    description: str
    kind: str = Field(..., description="information, discussion or decision.")
    majority: str
    motions: list[MotionOut]
    votes: list[VoteBriefOut]


class QuorumOut(Schema):
    seats_total: int
    seats_present: int
    needed: int
    met: bool


class SessionDetailOut(SessionOut):
    online_link: str | None = Field(
        None,
        description="Only for people named on a current mandate of the body, its officers "
        "and city staff.",
    )
    minutes_status: str = Field(..., description="none, draft or approved.")
    minutes: str | None = Field(None, description="Once approved.")
    items: list[ItemOut]
    quorum: QuorumOut


class AttendanceOut(Schema):
    session: int
    person: int = Field(..., description="The person's user id.")
    seat: int = Field(..., description="The seat's number.")
    organisation: OrganisationRefOut
    as_substitute: bool
    quorum: QuorumOut


class ConfirmationOut(Schema):
    session: int
    mandate: int
    seat: int = Field(..., description="The seat's number.")
    organisation: OrganisationRefOut
    answer: str = Field(..., description="coming, substitute or absent.")
    substitute: int | None = Field(None, description="The substitute's user id.")
    answered_at: datetime


class TallyOut(Schema):
    yes: int | None = Field(None, description="Empty while a secret vote is open.")
    no: int | None = Field(None, description="Empty while a secret vote is open.")
    abstain: int | None = Field(None, description="Empty while a secret vote is open.")
    voted: int = Field(..., description="Seats that have voted.")
    seats_present: int


class RollCallOut(Schema):
    seat: int = Field(..., description="The seat's number.")
    organisation: OrganisationRefOut
    choice: str = Field(..., description="yes, no or abstain.")


class VoteOut(VoteBriefOut):
    item: int
    session: int
    opened_at: datetime | None
    closed_at: datetime | None
    tally: TallyOut
    roll_call: list[RollCallOut] | None = Field(
        None, description="Once a vote that is not secret is closed: who voted what."
    )


class CastOut(Schema):
    vote: int
    seat: int = Field(..., description="The number of the seat that voted.")
    choice: str | None = Field(None, description="Empty for a secret vote.")


class RecountOut(Schema):
    vote: int
    stored: ResultOut
    counted: ResultOut
    same: bool = Field(..., description="The stored result still holds.")


class AdviceOut(Schema):
    number: str
    title: str
    theme: str
    body: str = Field(..., description="The name of the body that gave the advice.")
    sent_on: date
    answer_due: date
    answer: str = Field(..., description="waiting, accepted, partly or not_accepted.")
    answered_on: date | None
    days_overdue: int = Field(..., description="Days past the deadline without an answer.")

    @staticmethod
    def resolve_body(obj: Advice) -> str:
        return obj.body.name

    @staticmethod
    def resolve_days_overdue(obj: Advice) -> int:
        return obj.days_overdue()


class AdviceDetailOut(AdviceOut):
    text: str
    adopted_on: date
    answer_reasons: str
    answer_actions: str
    session: int | None = Field(None, description="The session that adopted it (its id).")
    motion: int | None = Field(None, description="The advice draft it came from (its id).")

    @staticmethod
    def resolve_session(obj: Advice) -> int | None:
        return obj.motion.item.session_id if obj.motion is not None else None

    @staticmethod
    def resolve_motion(obj: Advice) -> int | None:
        return obj.motion_id


class DistrictOut(Schema):
    id: int
    slug: str
    name: str


class SignalGroupOut(Schema):
    id: int
    title: str
    year: int


class SignalOut(Schema):
    id: int
    organisation: OrganisationRefOut
    title: str
    text: str
    theme: str
    district: DistrictOut | None
    filed_at: datetime
    tags: list[str]
    group: SignalGroupOut | None

    @staticmethod
    def resolve_tags(obj: Signal) -> list[str]:
        return [tag.name for tag in obj.tags.all()]


# --- schemas: in --------------------------------------------------------------------------


class ParliamentIn(Schema):
    """Only the fields listed are read; any other field (a status, counts, an outcome) is
    ignored and changes nothing."""

    model_config = ConfigDict(extra="ignore")

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        # PostgreSQL cannot store a NUL character: refuse it as a bad value, not a 500.
        texts = value if isinstance(value, list) else [value]
        if any(isinstance(text, str) and "\x00" in text for text in texts):
            raise ValueError("NUL")
        return value


class AttendanceIn(ParliamentIn):
    person_id: int = Field(..., ge=1, le=MAX_ID, description="The person's user id.")


class ConfirmationIn(ParliamentIn):
    mandate_id: int = Field(..., ge=1, le=MAX_ID, description="The mandate (seat) answering.")
    answer: Literal["coming", "substitute", "absent"]
    substitute_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="With substitute: the substitute's user id."
    )


class MotionIn(ParliamentIn):
    organisation_id: int = Field(
        ..., ge=1, le=MAX_ID, description="The organisation tabling it (you are a member)."
    )
    kind: Literal["motion", "advice", "amendment"]
    title: str = Field(..., max_length=1000)
    text: str = Field(..., max_length=50000)
    amends_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="An amendment: the motion it amends."
    )


class CosignIn(ParliamentIn):
    organisation_id: int = Field(
        ..., ge=1, le=MAX_ID, description="The organisation co-signing (you are a member)."
    )


class WithdrawIn(ParliamentIn):
    reason: str = Field("", max_length=2000)


class VoteIn(ParliamentIn):
    motion_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="The motion on this agenda item to vote on."
    )
    question: str = Field("", max_length=1000, description="Default: the motion's title.")
    secret: bool
    majority: Literal["simple", "absolute", "two_thirds"] | None = Field(
        None, description="Default: the agenda item's."
    )


class CastIn(ParliamentIn):
    choice: Literal["yes", "no", "abstain"]


class AdviceAnswerIn(ParliamentIn):
    answer: Literal["accepted", "partly", "not_accepted"]
    reasons: str = Field("", max_length=20000, description="Required.")
    actions: str = Field("", max_length=20000, description="What the city will do.")


class SignalIn(ParliamentIn):
    organisation_id: int = Field(
        ..., ge=1, le=MAX_ID, description="The organisation filing it (you are a member)."
    )
    title: str = Field(..., max_length=1000)
    text: str = Field(..., max_length=20000)
    theme: str = Field(..., max_length=40, description="One of the themes.")
    district_id: int | None = Field(None, ge=1, le=MAX_ID, description="A wijk's id.")


class SignalSortIn(ParliamentIn):
    tags: list[str] = Field(default_factory=list, max_length=100)
    group_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="A group of signals; empty takes it out of its group."
    )


class CompositionRuleIn(ParliamentIn):
    kind: str = Field(..., max_length=20, description="theme, district, size, lot or open.")
    value: str = Field(
        "",
        max_length=200,
        description="A theme code, a wijk's slug or a size code, or “each”; empty for open "
        "seats and seats drawn by lot.",
    )
    seats: int = Field(..., description="How many seats (for each value with “each”).")
    stratum: str = Field("", max_length=200, description="Only for seats drawn by lot.")


class CompositionTargetOut(Schema):
    kind: str
    key: str = Field(..., description="The theme, wijk slug, size or stratum.")
    label: str
    wanted: int
    existing: int
    candidates: int | None = Field(
        None, description="Verified organisations that fit; empty when the register does not say."
    )
    overruled: bool = Field(..., description="A rule for this one value sets it instead.")
    short: bool


class CompositionRuleOut(Schema):
    id: int
    kind: str
    value: str
    stratum: str
    seats: int
    description: str
    wanted: int
    existing: int
    candidates: int | None
    short: bool = Field(..., description="Fewer candidates than seats for at least one value.")
    targets: list[CompositionTargetOut]


class CompositionOut(Schema):
    term: int
    rules: list[CompositionRuleOut]
    wanted: int
    existing: int
    missing: int
    outside: list[int] = Field(..., description="Numbers of seats no rule asks for.")


class CompositionApplyOut(Schema):
    created: list[int] = Field(..., description="Numbers of the seats made.")
    removed: list[int] = Field(..., description="Numbers of the empty seats removed.")
    kept: list[int] = Field(..., description="Surplus seats kept because they hold a mandate.")


class SeatConfirmationOut(Schema):
    seat: int
    organisation: OrganisationRefOut
    answer: str = Field(..., description="coming, substitute, absent, or empty: no answer yet.")
    substitute: str | None = Field(None, description="The substitute's name.")


class ConfirmationsOut(Schema):
    coming: int
    substitute: int
    absent: int
    unanswered: int
    seats: list[SeatConfirmationOut]


class SessionFilters(Schema):
    body: str = Field("", max_length=220, description="A body's slug.")


class AdviceFilters(Schema):
    answer: str = Field(
        "", max_length=20, description="waiting, accepted, partly, not_accepted or overdue."
    )
    year: int | None = Field(None, description="The year it was sent to the city.")
    theme: str = Field("", max_length=40)


# --- helpers ------------------------------------------------------------------------------


def _fields_error(field: str, message: str) -> Invalid:
    return Invalid(message, fields={field: [message]})


def _find(queryset: QuerySet[Any], pk: int | None) -> Any:
    if pk is None or not 1 <= pk <= MAX_ID:
        return None
    return queryset.filter(pk=pk).first()


def _visible(request: HttpRequest, body: Body) -> bool:
    return bool(rules.check("parliament.view_body", request.user, body))


def _is_staff(request: HttpRequest) -> bool:
    return bool(rules.check("parliament.manage", request.user))


def _missing(field: str, message: str) -> NotFound:
    return NotFound(message, details={"fields": {field: [message]}})


def _session(request: HttpRequest, session_id: int) -> Session:
    session = _find(Session.objects.select_related("body"), session_id)
    if session is None or not _visible(request, session.body):
        raise NotFound(_("There is no session with this number."))
    return session


def _item(request: HttpRequest, item_id: int) -> AgendaItem:
    item = _find(AgendaItem.objects.select_related("session__body"), item_id)
    if item is None or not _visible(request, item.session.body):
        raise NotFound(_("There is no agenda item with this number."))
    return item


def _motion_queryset() -> QuerySet[Motion]:
    return Motion.objects.select_related("organisation", "item__session__body").prefetch_related(
        Prefetch(
            "cosigners",
            queryset=CoSigner.objects.select_related("organisation").order_by("signed_at", "id"),
        )
    )


def _motion(request: HttpRequest, motion_id: int) -> Motion:
    motion = _find(_motion_queryset(), motion_id)
    if motion is None or not _visible(request, motion.item.session.body):
        raise NotFound(_("There is no motion with this number."))
    return motion


def _vote(request: HttpRequest, vote_id: int) -> Vote:
    vote = _find(Vote.objects.select_related("item__session__body"), vote_id)
    if vote is None or not _visible(request, vote.item.session.body):
        raise NotFound(_("There is no vote with this number."))
    return vote


def _organisation(organisation_id: int) -> Organisation:
    organisation = _find(Organisation.objects.all(), organisation_id)
    if organisation is None:
        raise _missing("organisation_id", _("There is no organisation with this number."))
    return organisation


def _person(person_id: int | None, field: str) -> Any:
    person = _find(get_user_model().objects.all(), person_id)
    if person is None:
        raise _missing(field, _("There is no person with this number."))
    return person


def _advice(request: HttpRequest, number: str) -> Advice:
    advice = None
    if "\x00" not in number:
        with suppress(Advice.DoesNotExist):
            advice = selectors.advice_get(number[:20])
    if advice is None or not _visible(request, advice.body):
        raise NotFound(_("There is no advice with this number."))
    return advice


def _signal(request: HttpRequest, signal_id: int) -> Signal:
    signal = _find(Signal.objects.select_related("organisation"), signal_id)
    if signal is None or not rules.check("parliament.view_signal", request.user, signal):
        raise NotFound(_("There is no signal with this number."))
    return signal


def _organisation_ref(organisation: Organisation) -> dict[str, Any]:
    return {"id": organisation.pk, "name": organisation.name}


def _quorum(session: Session) -> dict[str, Any]:
    found = services.quorum(session)
    return {
        "seats_total": found.seats_total,
        "seats_present": found.seats_present,
        "needed": found.needed,
        "met": found.met,
    }


def _result(result: services.Result) -> dict[str, Any]:
    return {
        "seats_total": result.seats_total,
        "seats_present": result.seats_present,
        "quorum_met": result.quorum_met,
        "yes": result.yes,
        "no": result.no,
        "abstain": result.abstain,
        "adopted": result.adopted,
    }


def _stored_result(vote: Vote) -> dict[str, Any] | None:
    if vote.status != VoteStatus.CLOSED:
        return None
    return {
        "seats_total": vote.seats_total,
        "seats_present": vote.seats_present,
        "quorum_met": bool(vote.quorum_met),
        "yes": vote.yes,
        "no": vote.no,
        "abstain": vote.abstain,
        "adopted": bool(vote.adopted),
    }


def _motion_out(motion: Motion) -> dict[str, Any]:
    return {
        "id": motion.pk,
        "item": motion.item_id,
        "kind": motion.kind,
        "title": motion.title,
        "text": motion.text,
        "organisation": _organisation_ref(motion.organisation),
        "status": motion.status,
        "amends": motion.amends_id,
        "cosigners": [signer.organisation.name for signer in motion.cosigners.all()],
        "tabled_at": motion.tabled_at,
    }


def _vote_brief(vote: Vote) -> dict[str, Any]:
    return {
        "id": vote.pk,
        "question": vote.question,
        "motion": vote.motion_id,
        "secret": vote.secret,
        "majority": vote.majority,
        "status": vote.status,
        "result": _stored_result(vote),
    }


def _vote_out(vote: Vote) -> dict[str, Any]:
    tally = services.vote_tally(vote)
    hidden = vote.secret and vote.status != VoteStatus.CLOSED
    roll_call = None
    if vote.status == VoteStatus.CLOSED and not vote.secret:
        casts = (
            VoteCast.objects.filter(vote=vote)
            .select_related("seat", "organisation")
            .order_by("seat__number")
        )
        roll_call = [
            {
                "seat": cast.seat.number,
                "organisation": _organisation_ref(cast.organisation),
                "choice": cast.choice,
            }
            for cast in casts
        ]
    return {
        **_vote_brief(vote),
        "item": vote.item_id,
        "session": vote.item.session_id,
        "opened_at": vote.opened_at,
        "closed_at": vote.closed_at,
        "tally": {
            # While a secret vote is open, a split that changes with each cast would tell
            # who chose what to anyone watching the room: only the number who voted.
            "yes": None if hidden else tally.yes,
            "no": None if hidden else tally.no,
            "abstain": None if hidden else tally.abstain,
            "voted": tally.voted,
            "seats_present": tally.seats_present,
        },
        "roll_call": roll_call,
    }


def _may_see_online_link(request: HttpRequest, session: Session) -> bool:
    user = request.user
    if not user.is_authenticated:
        return False
    if rules.check("parliament.run_session", user, session):
        return True  # the body's officers and city staff
    day = timezone.localdate(session.starts_at)
    return bool(services.mandates_of(user, session.body, day))


def _session_detail(request: HttpRequest, session_id: int) -> dict[str, Any]:
    session = _session(request, session_id)
    items = AgendaItem.objects.filter(session=session).prefetch_related(
        Prefetch("motions", queryset=_motion_queryset()),
        Prefetch("votes", queryset=Vote.objects.order_by("id")),
    )
    approved = session.minutes_status == MinutesStatus.APPROVED
    return {
        "id": session.pk,
        "body": session.body,
        "title": session.title,
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "place": session.place,
        "status": session.status,
        "online_link": session.online_link if _may_see_online_link(request, session) else None,
        "minutes_status": session.minutes_status,
        "minutes": session.minutes if approved else None,
        "items": [
            {
                "id": item.pk,
                "position": item.position,
                "title": item.title,
                "description": item.description,
                "kind": item.kind,
                "majority": item.majority,
                "motions": [_motion_out(motion) for motion in item.motions.all()],
                "votes": [_vote_brief(vote) for vote in item.votes.all()],
            }
            for item in items
        ],
        "quorum": _quorum(session),
    }


def _attendance_out(attendance: Attendance, session: Session) -> dict[str, Any]:
    return {
        "session": session.pk,
        "person": attendance.user_id,
        "seat": attendance.seat.number,
        "organisation": _organisation_ref(attendance.mandate.organisation),
        "as_substitute": attendance.as_substitute,
        "quorum": _quorum(session),
    }


def _confirmation_out(confirmation: Confirmation, mandate: Mandate) -> dict[str, Any]:
    return {
        "session": confirmation.session_id,
        "mandate": mandate.pk,
        "seat": mandate.seat.number,
        "organisation": _organisation_ref(mandate.organisation),
        "answer": confirmation.answer,
        "substitute": confirmation.substitute_id,
        "answered_at": confirmation.answered_at,
    }


def _reload(model: type[Model], pk: int) -> Any:
    return model._default_manager.get(pk=pk)


# --- endpoints: bodies and sessions -------------------------------------------------------


@router.get("/parliament/bodies", response=list[BodyOut], summary="Consultation bodies")
@paginate
def body_list(request: HttpRequest) -> Any:
    """The published bodies: the parliament, thematic tables and working groups."""
    return Body.objects.filter(published=True).order_by("kind", "name", "id")


@router.get("/parliament/sessions", response=list[SessionOut], summary="Sessions")
@paginate
def session_list(request: HttpRequest, filters: Query[SessionFilters]) -> Any:
    """Sessions of published bodies, the latest first; ``body`` (a slug) keeps one body's.
    An unknown body is a 422 that names the field."""
    sessions = Session.objects.select_related("body").order_by("-starts_at", "-id")
    if not _is_staff(request):
        sessions = sessions.filter(body__published=True)
    slug = filters.body.strip()
    if slug:
        body = None if "\x00" in slug else Body.objects.filter(slug=slug).first()
        if body is None or not _visible(request, body):
            raise _fields_error("body", _("There is no body with this address (slug)."))
        sessions = sessions.filter(body=body)
    return sessions


@router.get(
    "/parliament/sessions/{int:id}",
    response=SessionDetailOut,
    summary="One session: agenda, motions, votes, quorum",
)
def session_detail(request: HttpRequest, id: int) -> dict[str, Any]:  # noqa: A002
    """The quorum is computed now from the attendance; the minutes come once approved."""
    return _session_detail(request, id)


@router.post(
    "/parliament/sessions/{int:id}/attendance",
    response={201: AttendanceOut},
    auth=AUTH_REQUIRED,
    summary="Register a person as present (officers, city staff)",
)
def attendance_register(request: HttpRequest, id: int, payload: AttendanceIn) -> Answer[Any]:  # noqa: A002
    """The person takes the seat of the mandate that names them (a substitute only while
    the delegate is absent). Already present, a taken seat or no mandate: 409."""
    session = _session(request, id)
    require_rule(request, "parliament.run_session", session)
    person = _person(payload.person_id, "person_id")
    attendance = services.attendance_register(session=session, by=request.user, person=person)
    attendance = Attendance.objects.select_related("seat", "mandate__organisation").get(
        pk=attendance.pk
    )
    return Answer(201, _attendance_out(attendance, session))


@router.delete(
    "/parliament/sessions/{int:id}/attendance/{int:person_id}",
    response={204: None},
    auth=AUTH_REQUIRED,
    summary="Register that a person left (officers, city staff)",
)
def attendance_remove(request: HttpRequest, id: int, person_id: int) -> Answer[None]:  # noqa: A002
    """Not while a vote is open (409). A person who is not present: 404."""
    session = _session(request, id)
    require_rule(request, "parliament.run_session", session)
    person = _find(get_user_model().objects.all(), person_id)
    if person is None:
        raise NotFound(_("This person is not registered as present."))
    services.attendance_remove(session=session, by=request.user, person=person)
    return Answer(204, None)


@router.post(
    "/parliament/sessions/{int:id}/confirmations",
    response=ConfirmationOut,
    auth=AUTH_REQUIRED,
    summary="Say who takes your organisation's seat (members)",
)
def confirmation_answer(request: HttpRequest, id: int, payload: ConfirmationIn) -> dict[str, Any]:  # noqa: A002
    """Before the session starts. A new answer replaces the previous one."""
    session = _session(request, id)
    mandate = _find(
        Mandate.objects.select_related("seat__term", "organisation"), payload.mandate_id
    )
    if mandate is None:
        raise _missing("mandate_id", _("There is no mandate with this number."))
    substitute = None
    if payload.answer == "substitute" and payload.substitute_id is not None:
        substitute = _person(payload.substitute_id, "substitute_id")
    confirmation = services.confirmation_answer(
        session=session,
        mandate=mandate,
        by=request.user,
        answer=payload.answer,
        substitute=substitute,
    )
    return _confirmation_out(confirmation, mandate)


# --- endpoints: motions -------------------------------------------------------------------


@router.post(
    "/parliament/items/{int:id}/motions",
    response={201: MotionOut},
    auth=AUTH_REQUIRED,
    summary="Table a motion, an advice draft or an amendment (members of a seat)",
)
def motion_table(request: HttpRequest, id: int, payload: MotionIn) -> Answer[Any]:  # noqa: A002
    """For an organisation that holds a seat in the body and that you are a member of.
    An amendment names the motion it amends (``amends_id``), on the same agenda item and
    still tabled (else 409 ``not_amendable``)."""
    item = _item(request, id)
    organisation = _organisation(payload.organisation_id)
    amends = None
    if payload.kind == "amendment" and payload.amends_id is not None:
        amends = _find(Motion.objects.all(), payload.amends_id)
        if amends is None:
            raise _missing("amends_id", _("There is no motion with this number."))
    motion = services.motion_table(
        item=item,
        by=request.user,
        organisation=organisation,
        kind=payload.kind,
        title=payload.title,
        text=payload.text,
        amends=amends,
    )
    return Answer(201, _motion_out(_find(_motion_queryset(), motion.pk)))


@router.post(
    "/parliament/motions/{int:id}/cosign",
    response=MotionOut,
    auth=AUTH_REQUIRED,
    summary="Co-sign a motion for your organisation (members of a seat)",
)
def motion_cosign(request: HttpRequest, id: int, payload: CosignIn) -> dict[str, Any]:  # noqa: A002
    """Once per organisation (409 the second time); not the organisation that tabled it."""
    motion = _motion(request, id)
    organisation = _organisation(payload.organisation_id)
    services.motion_cosign(motion=motion, by=request.user, organisation=organisation)
    return _motion_out(_find(_motion_queryset(), motion.pk))


@router.post(
    "/parliament/motions/{int:id}/withdraw",
    response=MotionOut,
    auth=AUTH_REQUIRED,
    summary="Withdraw a motion (members of the organisation that tabled it)",
)
def motion_withdraw(request: HttpRequest, id: int, payload: WithdrawIn) -> dict[str, Any]:  # noqa: A002
    """Only while it is tabled and before a vote on it opens (else 409)."""
    motion = _motion(request, id)
    services.motion_withdraw(motion=motion, by=request.user, reason=payload.reason)
    return _motion_out(_find(_motion_queryset(), motion.pk))


# --- endpoints: votes ---------------------------------------------------------------------


@router.post(
    "/parliament/items/{int:id}/votes",
    response={201: VoteOut},
    auth=AUTH_REQUIRED,
    summary="Open a vote (officers, city staff)",
)
def vote_open(request: HttpRequest, id: int, payload: VoteIn) -> Answer[Any]:  # noqa: A002
    """On a motion of this agenda item (``motion_id``) or on a question. One open vote per
    session; amendments first; a withdrawn or decided motion is a 409."""
    item = _item(request, id)
    require_rule(request, "parliament.run_session", item.session)
    motion = None
    if payload.motion_id is not None:
        motion = _find(Motion.objects.all(), payload.motion_id)
        if motion is None:
            raise _missing("motion_id", _("There is no motion with this number."))
    vote = services.vote_open(
        item=item,
        by=request.user,
        question=payload.question,
        motion=motion,
        secret=payload.secret,
        majority=payload.majority,
    )
    return Answer(201, _vote_out(_reload(Vote, vote.pk)))


@router.get("/parliament/votes/{int:id}", response=VoteOut, summary="One vote with its tally")
def vote_detail(request: HttpRequest, id: int) -> dict[str, Any]:  # noqa: A002
    """The tally so far (or as counted at the close), the result once closed, and for a
    vote that is not secret, once closed, the roll call (seat, organisation, choice)."""
    return _vote_out(_vote(request, id))


@router.post(
    "/parliament/votes/{int:id}/cast",
    response={201: CastOut},
    auth=AUTH_REQUIRED,
    summary="Cast your seat's vote (the person on the seat)",
)
def vote_cast(request: HttpRequest, id: int, payload: CastIn) -> Answer[Any]:  # noqa: A002
    """Once per seat: a second cast is a 409 ``already_voted`` and changes nothing.
    Before the opening (``vote_not_open``) or after the close (``vote_closed``): 409.
    A secret vote's answer does not repeat the choice."""
    vote = _vote(request, id)
    outcome = services.vote_cast(vote=vote, by=request.user, choice=payload.choice)
    return Answer(
        201,
        {
            "vote": vote.pk,
            "seat": outcome.seat_number,
            "choice": None if outcome.vote.secret else outcome.choice,
        },
    )


@router.post(
    "/parliament/votes/{int:id}/close",
    response=VoteOut,
    auth=AUTH_REQUIRED,
    summary="Close a vote and count it (officers, city staff)",
)
def vote_close(request: HttpRequest, id: int) -> dict[str, Any]:  # noqa: A002
    """Counts, checks quorum and majority, stores the result and decides the motion."""
    vote = _vote(request, id)
    services.vote_close(vote=vote, by=request.user)
    return _vote_out(_vote(request, id))


@router.get(
    "/parliament/votes/{int:id}/recount",
    response=RecountOut,
    summary="Count a closed vote again from the stored rows",
)
def vote_recount(request: HttpRequest, id: int) -> dict[str, Any]:  # noqa: A002
    """``same`` says whether the stored result still holds. A vote not closed: 409."""
    vote = _vote(request, id)
    recount = services.vote_recount(vote)
    return {
        "vote": vote.pk,
        "stored": _result(recount.stored),
        "counted": _result(recount.counted),
        "same": recount.same,
    }


# --- endpoints: advice --------------------------------------------------------------------


@router.get("/parliament/advice", response=list[AdviceOut], summary="Advice to the city")
@decorate_view(public_read(seconds=3600))  # days overdue change with the date
@paginate
def advice_list(request: HttpRequest, filters: Query[AdviceFilters]) -> Any:
    """The public tracker, the latest first (``overdue``: the longest wait first). A bad
    filter value is a 422 that names the field."""
    answer = filters.answer.strip()
    if answer and answer not in selectors.ANSWER_FILTERS:
        raise _fields_error("answer", _("Choose an answer from the list."))
    if filters.year is not None and not selectors.year_in_range(filters.year):
        raise _fields_error("year", _("There is no advice for this year."))
    theme = filters.theme.strip()
    if theme and theme not in Theme.values:
        raise _fields_error("theme", _("Choose a theme from the list."))
    rows = selectors.advice_list(answer=answer, year=filters.year, theme=theme)
    if not _is_staff(request):
        rows = rows.filter(body__published=True)
    return rows


@router.get("/parliament/advice/{number}", response=AdviceDetailOut, summary="One advice")
def advice_detail(request: HttpRequest, number: str) -> Advice:
    """The advice with the city's answer, its reasons and what the city will do."""
    return _advice(request, number)


@router.post(
    "/parliament/advice/{number}/answer",
    response=AdviceDetailOut,
    auth=AUTH_REQUIRED,
    summary="Answer an advice (city staff)",
)
def advice_answer(request: HttpRequest, number: str, payload: AdviceAnswerIn) -> Advice:
    """With reasons (required: the public tracker shows them)."""
    advice = _advice(request, number)
    services.advice_answer(
        advice=advice,
        by=request.user,
        answer=payload.answer,
        reasons=payload.reasons,
        actions=payload.actions,
    )
    return _advice(request, number)


# --- endpoints: signals -------------------------------------------------------------------


def _signal_queryset() -> QuerySet[Signal]:
    return Signal.objects.select_related("organisation", "district", "group").prefetch_related(
        "tags"
    )


@router.post(
    "/parliament/signals",
    response={201: SignalOut},
    auth=AUTH_REQUIRED,
    summary="File a signal for your organisation (members)",
)
def signal_file(request: HttpRequest, payload: SignalIn) -> Answer[Any]:
    """A need or problem your organisation sees in the field."""
    organisation = _organisation(payload.organisation_id)
    district = None
    if payload.district_id is not None:
        district = _find(District.objects.all(), payload.district_id)
        if district is None:
            raise _missing("district_id", _("There is no wijk with this number."))
    signal = services.signal_file(
        organisation=organisation,
        by=request.user,
        title=payload.title,
        text=payload.text,
        theme=payload.theme,
        district=district,
    )
    return Answer(201, _signal_queryset().get(pk=signal.pk))


@router.get(
    "/parliament/signals",
    response=list[SignalOut],
    auth=AUTH_REQUIRED,
    summary="Signals of my organisations (city staff: all)",
)
@paginate
def signal_list(request: HttpRequest) -> Any:
    """The latest first."""
    rows = selectors.signal_list(user=request.user, everything=_is_staff(request)).order_by(
        "-filed_at", "-id"
    )
    return rows


@router.post(
    "/parliament/signals/{int:id}/sort",
    response=SignalOut,
    auth=AUTH_REQUIRED,
    summary="Tag a signal and put it in a group (city staff)",
)
def signal_sort(request: HttpRequest, id: int, payload: SignalSortIn) -> Signal:  # noqa: A002
    """The tags replace the signal's tags (at most 10); ``group_id`` empty takes it out of
    its group."""
    signal = _signal(request, id)
    require_rule(request, "parliament.manage_signals", signal)
    group = None
    if payload.group_id is not None:
        group = _find(SignalGroup.objects.all(), payload.group_id)
        if group is None:
            raise _missing("group_id", _("There is no group of signals with this number."))
    services.signal_sort(signal=signal, by=request.user, tags=payload.tags, group=group)
    return _signal_queryset().get(pk=signal.pk)


# --- endpoints: composition rules (city staff) --------------------------------------------


def _term(request: HttpRequest, term_id: int) -> Term:
    term = _find(Term.objects.select_related("body"), term_id)
    if term is None:
        # Staff see every body; anybody else learns nothing about unpublished ones.
        require_rule(request, "parliament.manage")
        raise NotFound(_("There is no mandate period with this number."))
    require_rule(request, "parliament.manage", term)
    return term


def _composition_out(check: services.CompositionCheck) -> dict[str, Any]:
    return {
        "term": check.term.pk,
        "rules": [
            {
                "id": row.rule.pk,
                "kind": row.rule.kind,
                "value": row.rule.value,
                "stratum": row.rule.stratum,
                "seats": row.rule.seats,
                "description": row.description,
                "wanted": row.wanted,
                "existing": row.existing,
                "candidates": row.candidates,
                "short": row.short,
                "targets": [
                    {
                        "kind": t.target.kind,
                        "key": t.target.key,
                        "label": t.target.label,
                        "wanted": t.target.wanted,
                        "existing": t.existing,
                        "candidates": t.candidates,
                        "overruled": t.overruled,
                        "short": t.short,
                    }
                    for t in row.targets
                ],
            }
            for row in check.rules
        ],
        "wanted": check.wanted,
        "existing": check.existing,
        "missing": check.missing,
        "outside": [seat.number for seat in check.outside],
    }


@router.get(
    "/parliament/terms/{int:id}/composition",
    response=CompositionOut,
    auth=AUTH_REQUIRED,
    summary="A mandate period's composition rules and their check (city staff)",
)
def composition_get(request: HttpRequest, id: int) -> dict[str, Any]:  # noqa: A002
    """Per rule: seats asked for, seats there are, candidates in the register (empty for
    themes and sizes, which the register does not record)."""
    return _composition_out(services.composition_check(_term(request, id)))


@router.post(
    "/parliament/terms/{int:id}/composition/rules",
    response={201: CompositionOut},
    auth=AUTH_REQUIRED,
    summary="Add a composition rule (city staff)",
)
def composition_rule_add(request: HttpRequest, id: int, payload: CompositionRuleIn) -> Answer[Any]:  # noqa: A002
    """A bad kind, value or number of seats, or a rule the period already has: 422 with
    the field. An ended period: 409. Answers the whole composition with its check."""
    term = _term(request, id)
    services.composition_rule_add(
        term=term,
        by=request.user,
        kind=payload.kind,
        value=payload.value,
        seats=payload.seats,
        stratum=payload.stratum,
    )
    return Answer(201, _composition_out(services.composition_check(term)))


@router.delete(
    "/parliament/composition-rules/{int:id}",
    response={204: None},
    auth=AUTH_REQUIRED,
    summary="Remove a composition rule (city staff)",
)
def composition_rule_remove(request: HttpRequest, id: int) -> Answer[None]:  # noqa: A002
    """The rule's seats stay until the composition is applied again."""
    rule = _find(CompositionRule.objects.select_related("term__body"), id)
    if rule is None:
        require_rule(request, "parliament.manage")
        raise NotFound(_("There is no composition rule with this number."))
    require_rule(request, "parliament.manage", rule.term)
    services.composition_rule_remove(rule=rule, by=request.user)
    return Answer(204, None)


@router.post(
    "/parliament/terms/{int:id}/composition/apply",
    response=CompositionApplyOut,
    auth=AUTH_REQUIRED,
    summary="Make the seats the rules ask for (city staff)",
)
def composition_apply(request: HttpRequest, id: int) -> dict[str, Any]:  # noqa: A002
    """Idempotent: a second call makes nothing. Seats that hold a mandate are never removed."""
    result = services.composition_apply(term=_term(request, id), by=request.user)
    return {"created": result.created, "removed": result.removed, "kept": result.kept}


@router.get(
    "/parliament/sessions/{int:id}/confirmations",
    response=ConfirmationsOut,
    auth=AUTH_REQUIRED,
    summary="Who comes: every seat with its answer (officers, city staff)",
)
def confirmation_list(request: HttpRequest, id: int) -> dict[str, Any]:  # noqa: A002
    session = _session(request, id)
    require_rule(request, "parliament.run_session", session)
    overview = services.confirmation_overview(session)
    return {
        "coming": overview.coming,
        "substitute": overview.substitute,
        "absent": overview.absent,
        "unanswered": overview.unanswered,
        "seats": [
            {
                "seat": row.mandate.seat.number,
                "organisation": _organisation_ref(row.mandate.organisation),
                "answer": row.answer,
                "substitute": (
                    (row.confirmation.substitute.name or row.confirmation.substitute.email)
                    if row.confirmation and row.confirmation.substitute
                    else None
                ),
            }
            for row in overview.rows
        ],
    }
