"""The parliament's write side: mandates, sessions, attendance, motions, votes, minutes,
advice and signals. Pages, the API and the back office all call these.

Integrity, in one place:

* A seat is taken by one person per session: ``Attendance`` is unique on (session, seat)
  and on (session, person). A substitute registers only while the delegate is absent; a
  delegate who arrives after their substitute is refused with the substitute's name.
* One vote per seat: ``VoteCast`` / ``SecretTurn`` are unique on (vote, seat). Casting
  locks the vote's row (``SELECT … FOR NO KEY UPDATE`` on PostgreSQL; SQLite transactions
  are immediate, so writers take turns) and checks that it is open, so no vote slips in
  before the opening or after the close, and a second press by the same seat meets the
  unique constraint and gets a clear "already voted".
* A secret vote stores the seat's turn and, apart, a ``SecretChoice`` with a random key,
  in the same transaction: who chose what is never written anywhere.
* Closing counts the stored rows under the same lock, checks quorum and majority, and
  stores the result; ``vote_recount`` counts again from the rows and says whether the
  stored result still holds.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from middenveld.core import rules
from middenveld.core.cache import bump_content_version
from middenveld.core.errors import Conflict, Forbidden, Invalid, NotAuthenticated, NotFound
from middenveld.core.mail import send_templated_mail
from middenveld.events.ics import CALENDAR_MIME, CalendarEntry, calendar_file
from middenveld.organisations.models import Membership, Organisation
from middenveld.organisations.timeline import timeline_record
from middenveld.parliament import timeline as _kinds  # noqa: F401  (declares the event kinds)
from middenveld.parliament.models import (
    Advice,
    AgendaItem,
    Attendance,
    Body,
    Choice,
    Confirmation,
    ConfirmationAnswer,
    CoSigner,
    ItemKind,
    Majority,
    Mandate,
    MandatePerson,
    MandateRole,
    MinutesStatus,
    Motion,
    MotionKind,
    MotionStatus,
    ParliamentLog,
    Seat,
    SecretChoice,
    SecretTurn,
    Session,
    SessionStatus,
    Signal,
    SignalGroup,
    SignalTag,
    Theme,
    Vote,
    VoteCast,
    VoteStatus,
)

# The live tally of open votes is cached for anonymous visitors under this version.
TALLY = "parliament"
MAX_SUBSTITUTES = 5


def _require(user: Any, rule: str, obj: Any = None) -> None:
    decision = rules.check(rule, user, obj)
    if decision:
        return
    if not getattr(user, "is_authenticated", False):
        raise NotAuthenticated(decision.reason or None)
    raise Forbidden(decision.reason or None)


def _log(
    *,
    by: Any,
    subject: Any,
    change: str,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
) -> None:
    ParliamentLog.objects.create(
        by=by if getattr(by, "pk", None) else None,
        subject=subject._meta.model_name,
        subject_id=subject.pk,
        change=change,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
    )


def _text(value: Any, field: str, *, limit: int, required: bool = True) -> str:
    text = str(value or "").strip()
    if required and not text:
        message = _("Fill in this field.")
        raise Invalid(message, fields={field: [message]})
    if len(text) > limit:
        message = _("Keep this under %(limit)s characters.") % {"limit": limit}
        raise Invalid(message, fields={field: [message]})
    return text


# --- Mandates ------------------------------------------------------------------------------


def mandate_name_people(
    *,
    mandate: Mandate,
    by: Any,
    delegate: Any,
    substitutes: Sequence[Any] = (),
) -> Mandate:
    """Name the delegate and the substitutes: members of the organisation holding the seat."""
    _require(by, "parliament.name_people", mandate)
    substitutes = list(substitutes)
    people = [delegate, *substitutes]
    if delegate is None:
        message = _("Choose the delegate.")
        raise Invalid(message, fields={"delegate": [message]})
    if len(substitutes) > MAX_SUBSTITUTES:
        message = _("Name at most %(count)s substitutes.") % {"count": MAX_SUBSTITUTES}
        raise Invalid(message, fields={"substitutes": [message]})
    if len({p.pk for p in people}) != len(people):
        message = _("The delegate and the substitutes must be different people.")
        raise Invalid(message, fields={"substitutes": [message]})
    members = set(
        Membership.objects.filter(
            organisation_id=mandate.organisation_id, user_id__in=[p.pk for p in people]
        ).values_list("user_id", flat=True)
    )
    outsiders = [p for p in people if p.pk not in members]
    if outsiders:
        message = _("%(name)s is not a member of %(organisation)s.") % {
            "name": outsiders[0].name or outsiders[0].email,
            "organisation": mandate.organisation.name,
        }
        raise Invalid(message, fields={"delegate": [message]})
    with transaction.atomic():
        MandatePerson.objects.filter(mandate=mandate).delete()
        MandatePerson.objects.create(mandate=mandate, user=delegate, role=MandateRole.DELEGATE)
        for person in substitutes:
            MandatePerson.objects.create(mandate=mandate, user=person, role=MandateRole.SUBSTITUTE)
        _log(by=by, subject=mandate, change="people", reason=", ".join(str(p.pk) for p in people))
    return mandate


def mandate_grant(
    *, seat: Seat, organisation: Organisation, by: Any, starts_on: date, ends_on: date
) -> Mandate:
    _require(by, "parliament.manage", seat)
    if ends_on < starts_on:
        message = _("The end must come after the start.")
        raise Invalid(message, fields={"ends_on": [message]})
    term = seat.term
    if starts_on < term.starts_on or ends_on > term.ends_on:
        message = _("A mandate stays within its mandate period (%(start)s to %(end)s).") % {
            "start": term.starts_on.strftime("%d/%m/%Y"),
            "end": term.ends_on.strftime("%d/%m/%Y"),
        }
        raise Invalid(message, fields={"starts_on": [message]})
    with transaction.atomic():
        overlap = Mandate.objects.filter(
            seat=seat, starts_on__lte=ends_on, ends_on__gte=starts_on
        ).exists()
        if overlap:
            raise Conflict(_("This seat is already held in that period."), code="seat_taken")
        mandate = Mandate.objects.create(
            seat=seat, organisation=organisation, starts_on=starts_on, ends_on=ends_on
        )
        _log(by=by, subject=mandate, change="granted", to_state=str(organisation.pk))
        timeline_record(
            organisation=organisation,
            kind="parliament.mandate",
            actor=by,
            subject=mandate,
            data={"seat": seat.number, "body": str(term.body)},
        )
    return mandate


def current_mandates(body: Body, day: date | None = None) -> Any:
    day = day or timezone.localdate()
    return Mandate.objects.filter(
        seat__term__body=body, starts_on__lte=day, ends_on__gte=day
    ).select_related("seat", "organisation")


def mandates_of(user: Any, body: Body, day: date | None = None) -> list[tuple[Mandate, str]]:
    """The current mandates ``user`` is named on in ``body``, with their role."""
    if not getattr(user, "is_authenticated", False):
        return []
    rows = MandatePerson.objects.filter(
        user=user,
        mandate__in=current_mandates(body, day),
    ).select_related("mandate__seat", "mandate__organisation")
    return [(row.mandate, row.role) for row in rows]


# --- Sessions ------------------------------------------------------------------------------


def session_create(
    *,
    body: Body,
    by: Any,
    title: str,
    starts_at: Any,
    ends_at: Any,
    place: str = "",
    online_link: str = "",
) -> Session:
    _require(by, "parliament.run_session", body)
    title = _text(title, "title", limit=200)
    if starts_at is None or ends_at is None or ends_at <= starts_at:
        message = _("The end must come after the start.")
        raise Invalid(message, fields={"ends_at": [message]})
    if not place.strip() and not online_link.strip():
        message = _("Give a place or an online link.")
        raise Invalid(message, fields={"place": [message]})
    with transaction.atomic():
        session = Session.objects.create(
            body=body,
            title=title,
            starts_at=starts_at,
            ends_at=ends_at,
            place=place.strip()[:300],
            online_link=online_link.strip()[:500],
        )
        _log(by=by, subject=session, change="created", to_state=session.status)
    return session


def agenda_item_add(
    *,
    session: Session,
    by: Any,
    title: str,
    description: str = "",
    kind: str = ItemKind.DISCUSSION,
    majority: str = Majority.SIMPLE,
    document_link: str = "",
) -> AgendaItem:
    _require(by, "parliament.run_session", session)
    if session.status == SessionStatus.CLOSED:
        raise Conflict(_("This session is closed; its agenda can no longer change."))
    if kind not in ItemKind.values:
        message = _("Choose a kind of agenda item from the list.")
        raise Invalid(message, fields={"kind": [message]})
    if majority not in Majority.values:
        message = _("Choose a majority rule from the list.")
        raise Invalid(message, fields={"majority": [message]})
    with transaction.atomic():
        last = session.items.order_by("-position").values_list("position", flat=True).first()
        item = AgendaItem.objects.create(
            session=session,
            position=(last or 0) + 1,
            title=_text(title, "title", limit=300),
            description=_text(description, "description", limit=5000, required=False),
            kind=kind,
            majority=majority,
            document_link=document_link.strip()[:500],
        )
    return item


def session_calendar(session: Session, *, with_link: bool = False) -> bytes:
    """The session as an ``.ics``. The online link only goes to people who may see it
    (``with_link``): delegates and substitutes, officers, staff."""
    location = session.place
    if with_link and session.online_link:
        location = f"{location} — {session.online_link}" if location else session.online_link
    entry = CalendarEntry(
        uid=f"parliament-session-{session.pk}@middenveld",
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        summary=str(session.title),
        description=str(session.body),
        location=location,
        url=session.online_link if with_link else "",
        status="CONFIRMED",
    )
    return calendar_file([entry], name=str(session.title))


def session_convene(*, session: Session, by: Any) -> int:
    """Send the convocation (with the agenda and an ``.ics``) to every delegate and
    substitute of a current mandate. Returns the number of mails. Sending twice sends
    nothing the second time. ``by=None`` is the platform itself (``send_convocations``,
    run daily from cron, sends it the body's number of days before)."""
    if by is not None:
        _require(by, "parliament.run_session", session)
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session.pk)
        if session.convocation_sent_at is not None:
            raise Conflict(_("The convocation for this session was already sent."))
        if session.status != SessionStatus.PLANNED:
            raise Conflict(_("This session has already started."))
        if not session.items.exists():
            raise Conflict(_("Add at least one agenda item before sending the convocation."))
        session.convocation_sent_at = timezone.now()
        session.status = SessionStatus.CONVENED
        session.save(update_fields=["convocation_sent_at", "status"])
        _log(by=by, subject=session, change="convened", from_state="planned", to_state="convened")
        ics = session_calendar(session, with_link=True)
        items = list(session.items.all())
        people = MandatePerson.objects.filter(
            mandate__in=current_mandates(session.body, timezone.localdate(session.starts_at))
        ).select_related("user", "mandate__organisation")
        sent = 0
        for row in people:
            person = row.user
            if not person.email or not person.is_active:
                continue
            send_templated_mail(
                to=person.email,
                template="parliament/mail/convocation",
                context={
                    "name": person.name,
                    "session": session,
                    "items": items,
                    "role": row.get_role_display(),
                    "organisation": row.mandate.organisation.name,
                },
                language=person.language,
                attachments=[("zitting.ics", ics, CALENDAR_MIME)],
            )
            sent += 1
    return sent


def sessions_to_convene(now: Any = None) -> list[Session]:
    """Planned sessions whose convocation is due (the body's number of days before)."""
    now = now or timezone.now()
    due = []
    for session in Session.objects.filter(
        status=SessionStatus.PLANNED, convocation_sent_at__isnull=True, starts_at__gt=now
    ).select_related("body"):
        if session.starts_at - timedelta(days=session.body.convocation_days) <= now:
            due.append(session)
    return due


def confirmation_answer(
    *, session: Session, mandate: Mandate, by: Any, answer: str, substitute: Any = None
) -> Confirmation:
    """Before the session, the organisation says whether its delegate comes, a substitute
    comes (which one), or nobody."""
    _require(by, "parliament.act_for", mandate.organisation)
    if session.status not in (SessionStatus.PLANNED, SessionStatus.CONVENED):
        raise Conflict(_("This session has already started; tell the secretary in the room."))
    if mandate.seat.term.body_id != session.body_id or not mandate.is_current(
        timezone.localdate(session.starts_at)
    ):
        raise NotFound(_("This seat does not sit in this session."))
    if answer not in ConfirmationAnswer.values:
        message = _("Choose an answer from the list.")
        raise Invalid(message, fields={"answer": [message]})
    if answer == ConfirmationAnswer.SUBSTITUTE:
        ok = (
            substitute is not None
            and mandate.people.filter(user=substitute, role=MandateRole.SUBSTITUTE).exists()
        )
        if not ok:
            message = _("Choose one of the substitutes named for this seat.")
            raise Invalid(message, fields={"substitute": [message]})
    else:
        substitute = None
    confirmation, _created = Confirmation.objects.update_or_create(
        session=session,
        mandate=mandate,
        defaults={
            "answer": answer,
            "substitute": substitute,
            "answered_by": by,
            "answered_at": timezone.now(),
        },
    )
    return confirmation


def _session_status(
    *, session: Session, by: Any, to: str, allowed_from: tuple[str, ...]
) -> Session:
    _require(by, "parliament.run_session", session)
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session.pk)
        if session.status not in allowed_from:
            raise Conflict(
                _("This session is %(status)s; this step is not possible now.")
                % {"status": session.get_status_display().lower()}
            )
        if (
            to == SessionStatus.CLOSED
            and session.items.filter(votes__status=VoteStatus.OPEN).exists()
        ):
            raise Conflict(_("Close the open vote first."))
        before = session.status
        session.status = to
        session.save(update_fields=["status"])
        _log(by=by, subject=session, change="status", from_state=before, to_state=to)
        bump_content_version(TALLY)
    return session


def session_open(*, session: Session, by: Any) -> Session:
    return _session_status(
        session=session,
        by=by,
        to=SessionStatus.OPEN,
        allowed_from=(SessionStatus.PLANNED, SessionStatus.CONVENED),
    )


def session_close(*, session: Session, by: Any) -> Session:
    return _session_status(
        session=session, by=by, to=SessionStatus.CLOSED, allowed_from=(SessionStatus.OPEN,)
    )


# --- Attendance and quorum -----------------------------------------------------------------


@dataclass(frozen=True)
class Quorum:
    seats_total: int
    seats_present: int
    needed: int

    @property
    def met(self) -> bool:
        return self.seats_total > 0 and self.seats_present >= self.needed


def seats_in_session(session: Session) -> Any:
    """The seats that count for quorum: those held by an organisation on the session's day
    (a vacant seat cannot be present, so it does not count)."""
    day = timezone.localdate(session.starts_at)
    return Seat.objects.filter(
        term__body=session.body_id,
        mandates__starts_on__lte=day,
        mandates__ends_on__gte=day,
    ).distinct()


def quorum(session: Session) -> Quorum:
    total = seats_in_session(session).count()
    present = Attendance.objects.filter(session=session).count()
    needed = math.ceil(total * session.body.quorum_percent / 100) if total else 0
    return Quorum(seats_total=total, seats_present=present, needed=needed)


def attendance_register(*, session: Session, by: Any, person: Any) -> Attendance:
    """The secretary registers ``person`` as present: on the seat of the mandate that names
    them. A substitute only takes a seat whose delegate is absent."""
    _require(by, "parliament.run_session", session)
    if session.status == SessionStatus.CLOSED:
        raise Conflict(_("This session is closed."))
    day = timezone.localdate(session.starts_at)
    named = list(
        MandatePerson.objects.filter(
            user=person, mandate__in=current_mandates(session.body, day)
        ).select_related("mandate__seat", "mandate__organisation")
    )
    if not named:
        raise Conflict(
            _("%(name)s has no current mandate in this body and cannot take a seat.")
            % {"name": person.name or person.email},
            code="no_mandate",
        )
    # A delegate's own seat first; otherwise the first seat where they substitute.
    named.sort(key=lambda row: row.role != MandateRole.DELEGATE)
    with transaction.atomic():
        if Session.objects.select_for_update().get(pk=session.pk).status == SessionStatus.CLOSED:
            raise Conflict(_("This session is closed."))
        if Attendance.objects.filter(session=session, user=person).exists():
            raise Conflict(
                _("%(name)s is already registered as present.")
                % {"name": person.name or person.email},
                code="already_present",
            )
        for row in named:
            taken = (
                Attendance.objects.filter(session=session, seat=row.mandate.seat)
                .select_related("user")
                .first()
            )
            if taken is None:
                try:
                    with transaction.atomic():
                        attendance = Attendance.objects.create(
                            session=session,
                            seat=row.mandate.seat,
                            mandate=row.mandate,
                            user=person,
                            as_substitute=row.role == MandateRole.SUBSTITUTE,
                            registered_by=by if getattr(by, "pk", None) else None,
                        )
                except IntegrityError:
                    continue
                timeline_record(
                    organisation=row.mandate.organisation,
                    kind="parliament.attended",
                    actor=by,
                    subject=session,
                    data={"session": session.title},
                )
                bump_content_version(TALLY)
                return attendance
        seat_holder = (
            Attendance.objects.filter(session=session, seat=named[0].mandate.seat)
            .select_related("user")
            .first()
        )
        holder = seat_holder.user if seat_holder else None
        raise Conflict(
            _("Seat %(seat)s is already taken by %(name)s. A seat has one person at a time.")
            % {
                "seat": named[0].mandate.seat.number,
                "name": (holder.name or holder.email) if holder else "…",
            },
            code="seat_taken",
        )


def attendance_remove(*, session: Session, by: Any, person: Any) -> None:
    _require(by, "parliament.run_session", session)
    if session.status == SessionStatus.CLOSED:
        raise Conflict(_("This session is closed."))
    with transaction.atomic():
        if Session.objects.select_for_update().get(pk=session.pk).status == SessionStatus.CLOSED:
            raise Conflict(_("This session is closed."))
        if session.items.filter(votes__status=VoteStatus.OPEN).exists():
            raise Conflict(_("Nobody leaves their seat while a vote is open."))
        deleted, _rows = Attendance.objects.filter(session=session, user=person).delete()
        if not deleted:
            raise NotFound(_("This person is not registered as present."))
        bump_content_version(TALLY)


# --- Motions -------------------------------------------------------------------------------


def _seat_holding(organisation: Organisation, body: Body, day: date) -> bool:
    return current_mandates(body, day).filter(organisation=organisation).exists()


def motion_table(
    *,
    item: AgendaItem,
    by: Any,
    organisation: Organisation,
    kind: str,
    title: str,
    text: str,
    amends: Motion | None = None,
) -> Motion:
    """A member organisation tables a motion, an advice draft or an amendment."""
    _require(by, "parliament.act_for", organisation)
    session = item.session
    if not _seat_holding(organisation, session.body, timezone.localdate(session.starts_at)):
        raise Forbidden(_("Only organisations with a seat in this body can table motions."))
    if session.status == SessionStatus.CLOSED:
        raise Conflict(_("This session is closed."))
    if kind not in MotionKind.values:
        message = _("Choose a kind from the list.")
        raise Invalid(message, fields={"kind": [message]})
    if kind == MotionKind.AMENDMENT:
        if amends is None or amends.item_id != item.pk:
            message = _("Choose the motion on this agenda item that you want to amend.")
            raise Invalid(message, fields={"amends": [message]})
        if amends.kind == MotionKind.AMENDMENT:
            raise Conflict(_("An amendment cannot be amended; table another amendment."))
        if amends.status != MotionStatus.TABLED:
            raise Conflict(
                _("This text is already %(status)s and can no longer be amended.")
                % {"status": amends.get_status_display().lower()},
                code="not_amendable",
            )
    else:
        amends = None
    with transaction.atomic():
        motion = Motion.objects.create(
            item=item,
            kind=kind,
            amends=amends,
            title=_text(title, "title", limit=300),
            text=_text(text, "text", limit=20000),
            organisation=organisation,
            tabled_by=by,
        )
        _log(by=by, subject=motion, change="tabled", to_state=motion.status)
        timeline_record(
            organisation=organisation,
            kind="parliament.motion_tabled",
            actor=by,
            subject=motion,
            data={"title": motion.title},
        )
    return motion


def motion_cosign(*, motion: Motion, by: Any, organisation: Organisation) -> CoSigner:
    _require(by, "parliament.act_for", organisation)
    session = motion.item.session
    if not _seat_holding(organisation, session.body, timezone.localdate(session.starts_at)):
        raise Forbidden(_("Only organisations with a seat in this body can co-sign."))
    if session.status == SessionStatus.CLOSED:
        raise Conflict(_("This session is closed."))
    if motion.status != MotionStatus.TABLED:
        raise Conflict(_("Only a tabled motion can be co-signed."))
    if motion.organisation_id == organisation.pk:
        raise Conflict(_("Your organisation tabled this motion; it cannot co-sign it too."))
    try:
        with transaction.atomic():
            signer = CoSigner.objects.create(motion=motion, organisation=organisation, signed_by=by)
            timeline_record(
                organisation=organisation,
                kind="parliament.cosigned",
                actor=by,
                subject=motion,
                data={"title": motion.title},
            )
    except IntegrityError:
        raise Conflict(_("Your organisation already co-signed this motion.")) from None
    return signer


def motion_withdraw(*, motion: Motion, by: Any, reason: str = "") -> Motion:
    """The organisation that tabled it withdraws it, before a vote on it opens."""
    _require(by, "parliament.act_for", motion.organisation)
    with transaction.atomic():
        motion = Motion.objects.select_for_update().get(pk=motion.pk)
        if motion.status != MotionStatus.TABLED:
            raise Conflict(_("Only a tabled motion can be withdrawn."))
        if motion.item.session.status == SessionStatus.CLOSED:
            raise Conflict(_("This session is closed."))
        if motion.votes.exclude(status=VoteStatus.PREPARED).exists():
            raise Conflict(_("The vote on this motion has started; it can no longer be withdrawn."))
        motion.status = MotionStatus.WITHDRAWN
        motion.save(update_fields=["status"])
        _log(
            by=by,
            subject=motion,
            change="status",
            from_state="tabled",
            to_state="withdrawn",
            reason=reason[:2000],
        )
        timeline_record(
            organisation=motion.organisation,
            kind="parliament.motion_withdrawn",
            actor=by,
            subject=motion,
            data={"title": motion.title},
        )
    return motion


# --- Votes ---------------------------------------------------------------------------------


def vote_open(
    *,
    item: AgendaItem,
    by: Any,
    question: str = "",
    motion: Motion | None = None,
    secret: bool = False,
    majority: str | None = None,
) -> Vote:
    """Open a vote on an agenda item (on a motion, or on a question). Amendments are voted
    before the motion they amend."""
    session = item.session
    _require(by, "parliament.run_session", session)
    majority = majority or item.majority
    if majority not in Majority.values:
        message = _("Choose a majority rule from the list.")
        raise Invalid(message, fields={"majority": [message]})
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session.pk)
        if session.status != SessionStatus.OPEN:
            raise Conflict(_("Votes are held only while the session is in progress."))
        if Vote.objects.filter(item__session=session, status=VoteStatus.OPEN).exists():
            raise Conflict(_("Another vote is still open. Close it first."), code="vote_open")
        if motion is not None:
            motion = Motion.objects.select_for_update().get(pk=motion.pk)
            if motion.item_id != item.pk:
                raise NotFound(_("This motion is not on this agenda item."))
            if motion.status == MotionStatus.WITHDRAWN:
                raise Conflict(
                    _("This motion was withdrawn; there is nothing to vote on."), code="withdrawn"
                )
            if motion.status != MotionStatus.TABLED:
                raise Conflict(_("This motion was already decided."), code="decided")
            if motion.amendments.filter(status=MotionStatus.TABLED).exists():
                raise Conflict(
                    _("Vote on the amendments to this motion first."), code="amendments_first"
                )
            amended = motion.amends
            if amended is not None and amended.status != MotionStatus.TABLED:
                raise Conflict(
                    _("The text this amendment changes was already decided."), code="not_amendable"
                )
            question = question or motion.title
        question = _text(question or item.title, "question", limit=300)
        vote = Vote.objects.create(
            item=item,
            motion=motion,
            question=question,
            secret=secret,
            majority=majority,
            status=VoteStatus.OPEN,
            opened_at=timezone.now(),
        )
        _log(by=by, subject=vote, change="status", from_state="prepared", to_state="open")
        bump_content_version(TALLY)
    return vote


@dataclass(frozen=True)
class CastOutcome:
    vote: Vote
    choice: str
    seat_number: int


def _locked_vote(vote: Vote) -> Vote:
    return (
        Vote.objects.select_for_update(no_key=True).select_related("item__session").get(pk=vote.pk)
    )


def vote_cast(*, vote: Vote, by: Any, choice: str) -> CastOutcome:
    """``by`` votes for the seat they sit on in this session."""
    if not getattr(by, "is_authenticated", False):
        raise NotAuthenticated()
    if choice not in Choice.values:
        message = _("Choose yes, no or abstain.")
        raise Invalid(message, fields={"choice": [message]})
    with transaction.atomic():
        vote = _locked_vote(vote)
        if vote.status == VoteStatus.PREPARED:
            raise Conflict(_("This vote has not been opened yet."), code="vote_not_open")
        if vote.status == VoteStatus.CLOSED:
            raise Conflict(
                _("This vote is closed. Votes can no longer be cast."), code="vote_closed"
            )
        session = vote.item.session
        attendance = (
            Attendance.objects.filter(session=session, user=by)
            .select_related("mandate", "seat")
            .first()
        )
        if attendance is None:
            if MandatePerson.objects.filter(
                user=by, mandate__seat__term__body=session.body_id
            ).exists():
                raise Forbidden(
                    _("You are not registered on a seat in this session. Ask the secretary."),
                    code="not_seated",
                )
            raise Forbidden(_("Only delegates on a seat can vote."), code="not_seated")
        if not attendance.mandate.is_current():
            raise Forbidden(
                _("Your mandate ended on %(day)s. You can no longer vote.")
                % {"day": attendance.mandate.ends_on.strftime("%d/%m/%Y")},
                code="mandate_ended",
            )
        try:
            with transaction.atomic():
                if vote.secret:
                    SecretTurn.objects.create(vote=vote, seat=attendance.seat)
                    SecretChoice.objects.create(vote=vote, choice=choice)
                else:
                    VoteCast.objects.create(
                        vote=vote,
                        seat=attendance.seat,
                        organisation=attendance.mandate.organisation,
                        user=by,
                        choice=choice,
                    )
        except IntegrityError:
            raise Conflict(
                _("Seat %(seat)s has already voted. A vote counts once and cannot be changed.")
                % {"seat": attendance.seat.number},
                code="already_voted",
            ) from None
        timeline_record(
            organisation=attendance.mandate.organisation,
            kind="parliament.voted",
            actor=by,
            subject=vote,
            data={"question": vote.question},
        )
        bump_content_version(TALLY)
    return CastOutcome(vote=vote, choice=choice, seat_number=attendance.seat.number)


@dataclass(frozen=True)
class Tally:
    yes: int
    no: int
    abstain: int
    voted: int
    seats_present: int

    @property
    def waiting(self) -> int:
        return max(0, self.seats_present - self.voted)


def vote_tally(vote: Vote) -> Tally:
    """The count so far, from the stored rows."""
    rows: Any
    if vote.secret:
        rows = SecretChoice.objects.filter(vote=vote).values_list("choice", flat=True)
    else:
        rows = VoteCast.objects.filter(vote=vote).values_list("choice", flat=True)
    counts = dict.fromkeys(Choice.values, 0)
    for choice in rows:
        counts[choice] += 1
    present = (
        vote.seats_present
        if vote.status == VoteStatus.CLOSED
        else Attendance.objects.filter(session_id=vote.item.session_id).count()
    )
    return Tally(
        yes=counts["yes"],
        no=counts["no"],
        abstain=counts["abstain"],
        voted=sum(counts.values()),
        seats_present=present,
    )


def majority_reached(majority: str, yes: int, no: int, abstain: int) -> bool:
    """Simple: more yes than no. Absolute: more yes than half of all votes cast
    (abstentions included). Two thirds: at least two thirds of the yes and no votes."""
    if majority == Majority.SIMPLE:
        return yes > no
    if majority == Majority.ABSOLUTE:
        return yes * 2 > yes + no + abstain
    return yes > 0 and yes * 3 >= (yes + no) * 2


@dataclass(frozen=True)
class Result:
    seats_total: int
    seats_present: int
    quorum_met: bool
    yes: int
    no: int
    abstain: int
    adopted: bool


def _count(vote: Vote, seats_total: int, seats_present: int, needed: int) -> Result:
    tally = vote_tally(vote)
    quorum_met = seats_total > 0 and seats_present >= needed
    adopted = quorum_met and majority_reached(vote.majority, tally.yes, tally.no, tally.abstain)
    return Result(
        seats_total=seats_total,
        seats_present=seats_present,
        quorum_met=quorum_met,
        yes=tally.yes,
        no=tally.no,
        abstain=tally.abstain,
        adopted=adopted,
    )


def vote_close(*, vote: Vote, by: Any) -> Vote:
    """Close the vote: count, check quorum and majority, store; decide the motion. An
    adopted advice draft goes to the city as an ``Advice`` with a deadline."""
    _require(by, "parliament.run_session", vote.item.session)
    with transaction.atomic():
        vote = _locked_vote(vote)
        if vote.status != VoteStatus.OPEN:
            raise Conflict(_("Only an open vote can be closed."), code="vote_not_open")
        session = vote.item.session
        q = quorum(session)
        result = _count(vote, q.seats_total, q.seats_present, q.needed)
        vote.status = VoteStatus.CLOSED
        vote.closed_at = timezone.now()
        for field in (
            "seats_total",
            "seats_present",
            "quorum_met",
            "yes",
            "no",
            "abstain",
            "adopted",
        ):
            setattr(vote, field, getattr(result, field))
        vote.seats_needed = q.needed
        vote.save()
        _log(
            by=by,
            subject=vote,
            change="status",
            from_state="open",
            to_state="closed",
            reason=f"yes={result.yes} no={result.no} abstain={result.abstain} "
            f"present={result.seats_present}/{result.seats_total}",
        )
        if vote.motion_id is not None:
            _decide_motion(vote, by)
        bump_content_version(TALLY)
    return vote


def _decide_motion(vote: Vote, by: Any) -> None:
    motion = Motion.objects.select_for_update().get(pk=int(vote.motion_id or 0))
    new = MotionStatus.ADOPTED if vote.adopted else MotionStatus.REJECTED
    before = motion.status
    motion.status = new
    motion.save(update_fields=["status"])
    _log(by=by, subject=motion, change="status", from_state=before, to_state=new)
    timeline_record(
        organisation=motion.organisation,
        kind="parliament.motion_decided",
        actor=by,
        subject=motion,
        data={"title": motion.title, "outcome": str(motion.get_status_display())},
    )
    if motion.kind == MotionKind.AMENDMENT and vote.adopted:
        # An adopted amendment becomes part of the text it amends.
        target = Motion.objects.select_for_update().get(pk=int(motion.amends_id or 0))
        target.text = f"{target.text}\n\n{motion.text}"
        target.save(update_fields=["text"])
        _log(by=by, subject=target, change="amended", reason=str(motion.pk))
    if motion.kind == MotionKind.ADVICE and vote.adopted:
        advice_send(motion=motion, by=by)


def advice_send(*, motion: Motion, by: Any, today: date | None = None) -> Advice:
    today = today or timezone.localdate()
    body = motion.item.session.body
    # Numbers follow each other per year; the body's row lock makes two closes at once
    # take turns, and the highest number (not a count) survives deleted rows.
    Body.objects.select_for_update().filter(pk=body.pk).first()
    prefix = f"A{today.year}-"
    numbers = Advice.objects.filter(number__startswith=prefix).values_list("number", flat=True)
    highest = max((int(n[len(prefix) :]) for n in numbers if n[len(prefix) :].isdigit()), default=0)
    advice = Advice.objects.create(
        body=body,
        motion=motion,
        number=f"{prefix}{highest + 1:03d}",
        title=motion.title,
        text=motion.text,
        theme=body.theme,
        adopted_on=today,
        sent_on=today,
        answer_due=today + timedelta(days=body.advice_answer_days),
    )
    _log(by=by, subject=advice, change="sent", to_state=advice.answer)
    return advice


@dataclass(frozen=True)
class Recount:
    stored: Result
    counted: Result

    @property
    def same(self) -> bool:
        return self.stored == self.counted


def vote_recount(vote: Vote) -> Recount:
    if vote.status != VoteStatus.CLOSED:
        raise Conflict(_("Only a closed vote can be recounted."), code="vote_not_closed")
    stored = Result(
        seats_total=vote.seats_total,
        seats_present=vote.seats_present,
        quorum_met=bool(vote.quorum_met),
        yes=vote.yes,
        no=vote.no,
        abstain=vote.abstain,
        adopted=bool(vote.adopted),
    )
    # The quorum as it stood at the close (older rows without it: the body's percentage).
    needed = vote.seats_needed or math.ceil(
        vote.seats_total * vote.item.session.body.quorum_percent / 100
    )
    counted = _count(vote, vote.seats_total, vote.seats_present, needed)
    return Recount(stored=stored, counted=counted)


# --- Minutes -------------------------------------------------------------------------------


def minutes_save(*, session: Session, by: Any, text: str) -> Session:
    _require(by, "parliament.run_session", session)
    session = Session.objects.get(pk=session.pk)
    if session.minutes_status == MinutesStatus.APPROVED:
        raise Conflict(_("These minutes are approved and can no longer change."))
    if session.status != SessionStatus.CLOSED:
        raise Conflict(_("Minutes are written after the session has closed."))
    session.minutes = _text(text, "minutes", limit=50000)
    before = session.minutes_status
    session.minutes_status = MinutesStatus.DRAFT
    session.save(update_fields=["minutes", "minutes_status"])
    if before != MinutesStatus.DRAFT:
        _log(by=by, subject=session, change="minutes", from_state=before, to_state="draft")
    return session


def minutes_approve(*, session: Session, by: Any, in_session: Session) -> Session:
    """Minutes are approved at a later session of the same body, which is in progress."""
    _require(by, "parliament.run_session", in_session)
    session = Session.objects.get(pk=session.pk)
    in_session = Session.objects.get(pk=in_session.pk)
    if session.minutes_status != MinutesStatus.DRAFT:
        raise Conflict(_("Only draft minutes can be approved."))
    if in_session.body_id != session.body_id or in_session.starts_at <= session.starts_at:
        raise Conflict(_("Minutes are approved at a later session of the same body."))
    if in_session.status != SessionStatus.OPEN:
        raise Conflict(_("Minutes are approved while the next session is in progress."))
    with transaction.atomic():
        session.minutes_status = MinutesStatus.APPROVED
        session.minutes_approved_in = in_session
        session.save(update_fields=["minutes_status", "minutes_approved_in"])
        _log(
            by=by,
            subject=session,
            change="minutes",
            from_state="draft",
            to_state="approved",
            reason=str(in_session.pk),
        )
    return session


# --- Advice to the city --------------------------------------------------------------------


def advice_answer(
    *, advice: Advice, by: Any, answer: str, reasons: str, actions: str = ""
) -> Advice:
    """Record the city's answer. Reasons are required; so the public sees why."""
    _require(by, "parliament.answer_advice", advice)
    if answer not in (Advice.Answer.ACCEPTED, Advice.Answer.PARTLY, Advice.Answer.NOT_ACCEPTED):
        message = _("Choose: accepted, partly accepted or not accepted.")
        raise Invalid(message, fields={"answer": [message]})
    reasons = str(reasons or "").strip()
    if not reasons:
        message = _("Give the reasons for the answer. The public tracker shows them.")
        raise Invalid(message, fields={"reasons": [message]})
    reasons = _text(reasons, "reasons", limit=10000)
    actions = _text(actions, "actions", limit=10000, required=False)
    with transaction.atomic():
        advice = Advice.objects.select_for_update().get(pk=advice.pk)
        before = advice.answer
        advice.answer = answer
        advice.answer_reasons = reasons
        advice.answer_actions = actions
        advice.answered_on = advice.answered_on or timezone.localdate()
        advice.answered_by = by
        advice.save()
        _log(
            by=by,
            subject=advice,
            change="answer",
            from_state=before,
            to_state=answer,
            reason=reasons[:2000],
        )
        motion = advice.motion
        if motion is not None:
            timeline_record(
                organisation=motion.organisation,
                kind="parliament.advice_answered",
                actor=by,
                subject=advice,
                data={"number": advice.number},
            )
    return advice


# --- Signals -------------------------------------------------------------------------------


def signal_file(
    *,
    organisation: Organisation,
    by: Any,
    title: str,
    text: str,
    theme: str,
    district: Any = None,
) -> Signal:
    _require(by, "parliament.act_for", organisation)
    if theme not in Theme.values:
        message = _("Choose a theme from the list.")
        raise Invalid(message, fields={"theme": [message]})
    with transaction.atomic():
        signal = Signal.objects.create(
            organisation=organisation,
            filed_by=by,
            title=_text(title, "title", limit=200),
            text=_text(text, "text", limit=5000),
            theme=theme,
            district=district,
        )
        timeline_record(
            organisation=organisation,
            kind="parliament.signal",
            actor=by,
            subject=signal,
            data={"title": signal.title},
        )
    return signal


def signal_sort(
    *,
    signal: Signal,
    by: Any,
    tags: Sequence[str] = (),
    group: SignalGroup | None = None,
) -> Signal:
    """Staff tag a signal and put it in a group (or take it out with ``group=None``)."""
    _require(by, "parliament.manage_signals", signal)
    names: list[str] = []
    for name in tags:
        clean = " ".join(str(name).split())[:80]
        if clean and clean.casefold() not in {n.casefold() for n in names}:
            names.append(clean)
    if len(names) > 10:
        message = _("Use at most 10 tags.")
        raise Invalid(message, fields={"tags": [message]})
    if group is not None and group.year != timezone.localtime(signal.filed_at).year:
        message = _("Choose a group of the year the signal was filed in.")
        raise Invalid(message, fields={"group": [message]})
    with transaction.atomic():
        found = []
        for name in names:
            tag = SignalTag.objects.filter(name__iexact=name).first()
            if tag is None:
                tag, _created = SignalTag.objects.get_or_create(name=name)
            found.append(tag)
        signal.tags.set(found)
        signal.group = group
        signal.save(update_fields=["group"])
        _log(
            by=by,
            subject=signal,
            change="sorted",
            to_state=str(group.pk) if group else "",
            reason=", ".join(names),
        )
    return signal


def signal_group_create(*, by: Any, title: str, year: int, summary: str = "") -> SignalGroup:
    _require(by, "parliament.manage_signals")
    if not 2000 <= year <= timezone.localdate().year + 1:
        message = _("Choose a year between 2000 and next year.")
        raise Invalid(message, fields={"year": [message]})
    with transaction.atomic():
        group = SignalGroup.objects.create(
            title=_text(title, "title", limit=200),
            summary=_text(summary, "summary", limit=5000, required=False),
            year=year,
        )
        _log(by=by, subject=group, change="created")
    return group


def signals_of_year(year: int) -> Any:
    return Signal.objects.filter(filed_at__year=year)


def advice_overdue_filter(today: date | None = None) -> Q:
    today = today or timezone.localdate()
    return Q(answer=Advice.Answer.WAITING, answer_due__lt=today)


# --- Seats drawn by lot --------------------------------------------------------------------


@dataclass(frozen=True)
class Stratum:
    """One stratum of a draw: its name, how many seats, and the candidate organisations."""

    name: str
    seats: int
    candidates: list[Organisation]


def lot_rank(seed: str, stratum: str, organisation_ids: list[int]) -> list[int]:
    """The candidates in drawn order: sorted by SHA-256 of "seed|stratum|id" (hex), ties
    (which cannot happen in practice) by id. Anyone can redo this with the published seed."""
    import hashlib

    def key(organisation_id: int) -> tuple[str, int]:
        text = f"{seed}|{stratum}|{organisation_id}".encode()
        return hashlib.sha256(text).hexdigest(), organisation_id

    return sorted(organisation_ids, key=key)


def _draw_result(seed: str, inputs: dict[str, Any]) -> dict[str, Any]:
    return {
        "strata": [
            {
                "name": stratum["name"],
                "drawn": lot_rank(seed, stratum["name"], [c["id"] for c in stratum["candidates"]])[
                    : stratum["seats"]
                ],
            }
            for stratum in inputs["strata"]
        ]
    }


def lot_draw(*, term: Any, by: Any, seed: str, strata: list[Stratum]) -> Any:
    """Draw seats by lot: per stratum, the first ``seats`` candidates in ``lot_rank`` order
    get a new seat of kind "lot" with a mandate for the whole term. Everything the draw used
    is stored and published with it."""
    from middenveld.parliament.models import LotDraw, SeatKind

    _require(by, "parliament.manage", term)
    seed = _text(seed, "seed", limit=100)
    if not strata:
        message = _("Add at least one stratum with candidates.")
        raise Invalid(message, fields={"strata": [message]})
    names = [s.name.strip() for s in strata]
    if any(not n for n in names) or len(set(names)) != len(names):
        message = _("Every stratum needs its own name.")
        raise Invalid(message, fields={"strata": [message]})
    for stratum in strata:
        ids = [c.pk for c in stratum.candidates]
        if len(set(ids)) != len(ids):
            message = _("An organisation is a candidate twice in %(stratum)s.") % {
                "stratum": stratum.name
            }
            raise Invalid(message, fields={"strata": [message]})
        if stratum.seats < 1 or stratum.seats > len(ids):
            message = _(
                "%(stratum)s has %(candidates)s candidates for %(seats)s seats. "
                "Draw at least one seat and no more seats than candidates."
            ) % {"stratum": stratum.name, "candidates": len(ids), "seats": stratum.seats}
            raise Invalid(message, fields={"strata": [message]})
    inputs = {
        "strata": [
            {
                "name": stratum.name.strip(),
                "seats": stratum.seats,
                "candidates": [{"id": c.pk, "name": c.name} for c in stratum.candidates],
            }
            for stratum in strata
        ]
    }
    result = _draw_result(seed, inputs)
    with transaction.atomic():
        draw = LotDraw.objects.create(
            term=term, seed=seed, inputs=inputs, result=result, drawn_by=by
        )
        last = Seat.objects.filter(term=term).order_by("-number").values_list("number", flat=True)
        number = last.first() or 0
        organisations = {c.pk: c for stratum in strata for c in stratum.candidates}
        for stratum in result["strata"]:
            for organisation_id in stratum["drawn"]:
                number += 1
                seat = Seat.objects.create(term=term, number=number, kind=SeatKind.LOT)
                mandate_grant(
                    seat=seat,
                    organisation=organisations[organisation_id],
                    by=by,
                    starts_on=term.starts_on,
                    ends_on=term.ends_on,
                )
        _log(by=by, subject=draw, change="drawn", reason=f"seed={seed}")
    return draw


def lot_draw_verify(draw: Any) -> bool:
    """Redo the draw from its stored seed and inputs: the same result?"""
    return bool(_draw_result(draw.seed, draw.inputs) == draw.result)
