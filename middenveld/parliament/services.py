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
from middenveld.core.uploads import document_check
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
            # Free seats of this stratum made from the composition rules come first.
            free = list(
                Seat.objects.filter(
                    term=term, kind=SeatKind.LOT, stratum=stratum["name"], mandates__isnull=True
                ).order_by("number")
            )
            for organisation_id in stratum["drawn"]:
                if free:
                    seat = free.pop(0)
                else:
                    number += 1
                    seat = Seat.objects.create(
                        term=term, number=number, kind=SeatKind.LOT, stratum=stratum["name"][:100]
                    )
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


# --- Composition: seats from rules ---------------------------------------------------------

#: Seats one rule may ask for (per theme, wijk or size for an "each" rule).
MAX_RULE_SEATS = 200
#: Seats all the rules of a mandate period may ask for together.
MAX_TERM_SEATS = 1000


@dataclass(frozen=True)
class Target:
    """One group of seats a rule asks for: a kind and what it is for (a theme code, a wijk
    slug, a size code, a stratum, or "" for open seats)."""

    kind: str
    key: str
    label: str
    wanted: int


@dataclass(frozen=True)
class TargetCheck:
    target: Target
    existing: int
    #: Verified organisations in the register that fit; ``None`` when the register does
    #: not record it (themes and sizes of organisations).
    candidates: int | None
    #: Set by a rule for this one value, which overrules the "each" rule.
    overruled: bool = False

    @property
    def missing(self) -> int:
        return max(0, self.target.wanted - self.existing)

    @property
    def short(self) -> bool:
        return (
            not self.overruled
            and self.candidates is not None
            and self.candidates < self.target.wanted
        )


@dataclass(frozen=True)
class RuleCheck:
    rule: Any
    description: str
    targets: list[TargetCheck]

    @property
    def wanted(self) -> int:
        return sum(t.target.wanted for t in self.targets if not t.overruled)

    @property
    def existing(self) -> int:
        return sum(t.existing for t in self.targets if not t.overruled)

    @property
    def candidates(self) -> int | None:
        counts = [t.candidates for t in self.targets if not t.overruled]
        if not counts or any(c is None for c in counts):
            return None
        return sum(c for c in counts if c is not None)

    @property
    def short(self) -> bool:
        return any(t.short for t in self.targets)


@dataclass(frozen=True)
class CompositionCheck:
    term: Any
    rules: list[RuleCheck]
    #: Seats of the period that no rule asks for (made by hand, or a rule was removed).
    outside: list[Seat]

    @property
    def wanted(self) -> int:
        return sum(r.wanted for r in self.rules)

    @property
    def existing(self) -> int:
        return sum(r.existing for r in self.rules)

    @property
    def missing(self) -> int:
        return sum(t.missing for r in self.rules for t in r.targets if not t.overruled)

    @property
    def short(self) -> list[RuleCheck]:
        return [r for r in self.rules if r.short]


@dataclass(frozen=True)
class CompositionResult:
    created: list[int]
    removed: list[int]
    #: Seats the rules no longer ask for but that hold (or held) a mandate: kept.
    kept: list[int]


def _each_values(kind: str) -> list[tuple[str, str]]:
    """(key, label) of every value an "each" rule of ``kind`` stands for."""
    from middenveld.core.models import District
    from middenveld.parliament.models import OrganisationSize, SeatKind

    if kind == SeatKind.THEME:
        return [(value, str(label)) for value, label in Theme.choices if value != Theme.OTHER]
    if kind == SeatKind.DISTRICT:
        return list(District.objects.order_by("name").values_list("slug", "name"))
    if kind == SeatKind.SIZE:
        return [(value, str(label)) for value, label in OrganisationSize.choices]
    return []


def _value_label(kind: str, value: str, districts: dict[str, str]) -> str:
    from middenveld.parliament.models import OrganisationSize, SeatKind

    if kind == SeatKind.THEME:
        return str(dict(Theme.choices).get(value, value))
    if kind == SeatKind.DISTRICT:
        return districts.get(value, value)
    if kind == SeatKind.SIZE:
        return str(dict(OrganisationSize.choices).get(value, value))
    return value


def composition_rule_describe(rule: Any, districts: dict[str, str] | None = None) -> str:
    """The rule in a sentence: "2 seats for each theme", "4 seats drawn by lot in …"."""
    from django.utils.translation import ngettext

    from middenveld.parliament.models import CompositionRule, SeatKind

    n = rule.seats
    each = rule.value == CompositionRule.EACH
    if rule.kind == SeatKind.LOT:
        return ngettext(
            "%(count)s seat drawn by lot in the stratum “%(stratum)s”",
            "%(count)s seats drawn by lot in the stratum “%(stratum)s”",
            n,
        ) % {"count": n, "stratum": rule.stratum}
    if rule.kind == SeatKind.OPEN:
        return ngettext("%(count)s open seat", "%(count)s open seats", n) % {"count": n}
    if each:
        sentences = {
            SeatKind.THEME: ngettext(
                "%(count)s seat for each theme", "%(count)s seats for each theme", n
            ),
            SeatKind.DISTRICT: ngettext(
                "%(count)s seat for each wijk", "%(count)s seats for each wijk", n
            ),
            SeatKind.SIZE: ngettext(
                "%(count)s seat for each size of organisation",
                "%(count)s seats for each size of organisation",
                n,
            ),
        }
        return sentences[rule.kind] % {"count": n}
    if districts is None and rule.kind == SeatKind.DISTRICT:
        from middenveld.core.models import District

        districts = dict(District.objects.filter(slug=rule.value).values_list("slug", "name"))
    label = _value_label(rule.kind, rule.value, districts or {})
    sentences = {
        SeatKind.THEME: ngettext(
            "%(count)s seat for the theme %(name)s", "%(count)s seats for the theme %(name)s", n
        ),
        SeatKind.DISTRICT: ngettext(
            "%(count)s seat for the wijk %(name)s", "%(count)s seats for the wijk %(name)s", n
        ),
        SeatKind.SIZE: ngettext(
            "%(count)s seat for %(name)s organisations",
            "%(count)s seats for %(name)s organisations",
            n,
        ),
    }
    return sentences[rule.kind] % {"count": n, "name": label}


def _rule_targets(rules_: list[Any], districts: dict[str, str]) -> list[tuple[Any, list[Target]]]:
    """Every rule with the groups of seats it asks for."""
    from middenveld.parliament.models import CompositionRule, SeatKind

    out = []
    for rule in rules_:
        if rule.kind == SeatKind.LOT:
            targets = [Target(rule.kind, rule.stratum, rule.stratum, rule.seats)]
        elif rule.kind == SeatKind.OPEN:
            targets = [Target(rule.kind, "", str(SeatKind.OPEN.label), rule.seats)]
        elif rule.value == CompositionRule.EACH:
            targets = [
                Target(rule.kind, key, label, rule.seats) for key, label in _each_values(rule.kind)
            ]
        else:
            label = _value_label(rule.kind, rule.value, districts)
            targets = [Target(rule.kind, rule.value, label, rule.seats)]
        out.append((rule, targets))
    return out


def _wanted(
    with_targets: list[tuple[Any, list[Target]]],
) -> tuple[dict[tuple[str, str], Target], set[tuple[int, str, str]]]:
    """What the rules ask for per (kind, key): a rule for one value overrules "each"."""
    from middenveld.parliament.models import CompositionRule

    wanted: dict[tuple[str, str], Target] = {}
    overruled: set[tuple[int, str, str]] = set()
    for rule, targets in with_targets:
        if rule.value != CompositionRule.EACH:
            for target in targets:
                wanted[(target.kind, target.key)] = target
    for rule, targets in with_targets:
        if rule.value == CompositionRule.EACH:
            for target in targets:
                if (target.kind, target.key) in wanted:
                    overruled.add((rule.pk, target.kind, target.key))
                else:
                    wanted[(target.kind, target.key)] = target
    return wanted, overruled


def _seat_key(seat: Seat, district_slugs: dict[int, str]) -> tuple[str, str]:
    from middenveld.parliament.models import SeatKind

    if seat.kind == SeatKind.THEME:
        return seat.kind, seat.theme
    if seat.kind == SeatKind.DISTRICT:
        return seat.kind, district_slugs.get(int(seat.district_id or 0), "")
    if seat.kind == SeatKind.SIZE:
        return seat.kind, seat.size
    if seat.kind == SeatKind.LOT:
        return seat.kind, seat.stratum
    return seat.kind, ""


def _district_maps() -> tuple[dict[str, str], dict[int, str]]:
    from middenveld.core.models import District

    rows = list(District.objects.values_list("pk", "slug", "name"))
    return {slug: name for _pk, slug, name in rows}, {pk: slug for pk, slug, _name in rows}


def _candidates(with_targets: list[tuple[Any, list[Target]]]) -> dict[tuple[str, str], int | None]:
    """Verified organisations in the register per group of seats, as eligibility counts
    them (``organisations.eligibility``): for a wijk, those active in it; for open seats
    and seats drawn by lot, every verified organisation. The register does not record an
    organisation's theme or size: those are ``None`` (not known), never a guess."""
    from django.db.models import Count

    from middenveld.organisations.eligibility import Requirement, eligible_organisations
    from middenveld.parliament.models import SeatKind

    kinds = {t.kind for _rule, targets in with_targets for t in targets}
    verified: int | None = None
    if kinds & {SeatKind.OPEN, SeatKind.LOT}:
        verified = eligible_organisations(Requirement()).count()
    per_district: dict[str, int] = {}
    if SeatKind.DISTRICT in kinds:
        per_district = dict(
            eligible_organisations(Requirement())
            .filter(districts__isnull=False)
            .values_list("districts__slug")
            .annotate(n=Count("id", distinct=True))
            .values_list("districts__slug", "n")
        )
    found: dict[tuple[str, str], int | None] = {}
    for _rule, targets in with_targets:
        for t in targets:
            if t.kind == SeatKind.DISTRICT:
                found[(t.kind, t.key)] = per_district.get(t.key, 0)
            elif t.kind in (SeatKind.OPEN, SeatKind.LOT):
                found[(t.kind, t.key)] = verified
            else:
                found[(t.kind, t.key)] = None
    return found


def composition_check(term: Any) -> CompositionCheck:
    """Per rule: the seats it asks for, the seats there are, and how many organisations in
    the register could take them (``short`` when fewer than the seats)."""
    from collections import Counter

    rules_ = list(term.composition_rules.all())
    districts, district_slugs = _district_maps()
    with_targets = _rule_targets(rules_, districts)
    wanted, overruled = _wanted(with_targets)
    seats = list(term.seats.order_by("number"))
    existing = Counter(_seat_key(seat, district_slugs) for seat in seats)
    candidates = _candidates(with_targets)
    checks = [
        RuleCheck(
            rule=rule,
            description=composition_rule_describe(rule, districts),
            targets=[
                TargetCheck(
                    target=t,
                    existing=existing.get((t.kind, t.key), 0),
                    candidates=candidates.get((t.kind, t.key)),
                    overruled=(rule.pk, t.kind, t.key) in overruled,
                )
                for t in targets
            ],
        )
        for rule, targets in with_targets
    ]
    outside = [seat for seat in seats if _seat_key(seat, district_slugs) not in wanted]
    return CompositionCheck(term=term, rules=checks, outside=outside)


def _term_open(term: Any) -> None:
    if term.ends_on < timezone.localdate():
        raise Conflict(
            _("This mandate period has ended; its seats can no longer change."),
            code="term_ended",
        )


def _rule_invalid(field: str, message: str) -> Invalid:
    return Invalid(message, fields={field: [message]})


def composition_rule_validate(
    *, term: Any, kind: str, value: str = "", seats: Any, stratum: str = ""
) -> tuple[str, str, int, str]:
    """Check a rule without saving it (the admin's form uses this too). Returns the
    cleaned (kind, value, seats, stratum)."""
    from middenveld.core.models import District
    from middenveld.parliament.models import CompositionRule, OrganisationSize, SeatKind

    _term_open(term)
    kind = str(kind or "").strip()
    value = str(value or "").strip()
    stratum = " ".join(str(stratum or "").split())
    if kind not in SeatKind.values:
        raise _rule_invalid("kind", _("Choose a kind of seat from the list."))
    try:
        number = int(seats)
    except (TypeError, ValueError):
        number = 0
    if isinstance(seats, bool) or number < 1 or number > MAX_RULE_SEATS:
        raise _rule_invalid(
            "seats",
            _("Give a number of seats from 1 to %(max)s.") % {"max": MAX_RULE_SEATS},
        )
    if kind == SeatKind.LOT:
        if value:
            raise _rule_invalid(
                "value", _("Seats drawn by lot are not for a theme, a wijk or a size.")
            )
        if not stratum:
            raise _rule_invalid("stratum", _("Name the stratum these seats are drawn in."))
        if len(stratum) > 100:
            raise _rule_invalid("stratum", _("Keep the stratum under 100 characters."))
    elif stratum:
        raise _rule_invalid("stratum", _("Only seats drawn by lot have a stratum."))
    elif kind == SeatKind.OPEN:
        if value:
            raise _rule_invalid("value", _("Open seats are not for a theme, a wijk or a size."))
    elif value != CompositionRule.EACH:
        if kind == SeatKind.THEME and value not in Theme.values:
            raise _rule_invalid("value", _("Choose a theme from the list."))
        if kind == SeatKind.SIZE and value not in OrganisationSize.values:
            raise _rule_invalid("value", _("Choose a size of organisation from the list."))
        if kind == SeatKind.DISTRICT and (
            not value or not District.objects.filter(slug=value[:120]).exists()
        ):
            raise _rule_invalid("value", _("Choose a wijk from the list."))
    duplicate = CompositionRule.objects.filter(
        term=term, kind=kind, value=value, stratum=stratum
    ).exists()
    if duplicate:
        raise _rule_invalid(
            "kind",
            _(
                "This mandate period already has a rule for these seats. Remove it first "
                "to change its number of seats."
            ),
        )
    rule = CompositionRule(term=term, kind=kind, value=value, seats=number, stratum=stratum)
    districts, _slugs = _district_maps()
    planned = _wanted(_rule_targets([*term.composition_rules.all(), rule], districts))[0]
    total = sum(t.wanted for t in planned.values())
    if total > MAX_TERM_SEATS:
        raise _rule_invalid(
            "seats",
            _(
                "With this rule the mandate period would have %(count)s seats; "
                "a body has at most %(max)s."
            )
            % {"count": total, "max": MAX_TERM_SEATS},
        )
    return kind, value, number, stratum


def composition_rule_add(
    *, term: Any, by: Any, kind: str, seats: Any, value: str = "", stratum: str = ""
) -> Any:
    """Staff add a rule to a mandate period; nothing changes when it is refused."""
    from middenveld.parliament.models import CompositionRule

    _require(by, "parliament.manage", term)
    kind, value, number, stratum = composition_rule_validate(
        term=term, kind=kind, value=value, seats=seats, stratum=stratum
    )
    rule = CompositionRule(
        term=term, kind=kind, value=value, seats=number, stratum=stratum, created_by=by
    )
    try:
        with transaction.atomic():
            rule.save()
            _log(
                by=by,
                subject=rule,
                change="added",
                to_state=f"{kind}:{value or stratum}"[:20],
                reason=f"term={term.pk} seats={number} value={value} stratum={stratum}",
            )
    except IntegrityError:
        raise _rule_invalid(
            "kind",
            _(
                "This mandate period already has a rule for these seats. Remove it first "
                "to change its number of seats."
            ),
        ) from None
    return rule


def composition_rule_remove(*, rule: Any, by: Any) -> None:
    """Remove a rule. Its seats stay until ``composition_apply`` (which keeps seats that
    hold a mandate)."""
    _require(by, "parliament.manage", rule.term)
    _term_open(rule.term)
    with transaction.atomic():
        _log(
            by=by,
            subject=rule,
            change="removed",
            from_state=f"{rule.kind}:{rule.value or rule.stratum}"[:20],
            reason=f"term={rule.term_id} seats={rule.seats}",
        )
        rule.delete()


def composition_apply(*, term: Any, by: Any) -> CompositionResult:
    """Make the seats the rules ask for and that are missing; remove surplus seats of a
    rule that never held a mandate. Seats that hold (or held) a mandate are never removed,
    and seats no rule speaks about are left alone (the check lists them). Running it again
    changes nothing."""
    from collections import defaultdict

    from middenveld.parliament.models import SeatKind, Term

    _require(by, "parliament.manage", term)
    _term_open(term)
    created: list[int] = []
    removed: list[int] = []
    kept: list[int] = []
    with transaction.atomic():
        # One run at a time per period: the seat numbers and counts stay right.
        term = Term.objects.select_for_update().get(pk=term.pk)
        districts, district_slugs = _district_maps()
        district_ids = {slug: pk for pk, slug in district_slugs.items()}
        with_targets = _rule_targets(list(term.composition_rules.all()), districts)
        wanted, _overruled = _wanted(with_targets)
        seats = list(Seat.objects.filter(term=term).order_by("number"))
        held = set(
            Mandate.objects.filter(seat__term=term).values_list("seat_id", flat=True).distinct()
        )
        by_key: dict[tuple[str, str], list[Seat]] = defaultdict(list)
        for seat in seats:
            by_key[_seat_key(seat, district_slugs)].append(seat)
        number = max((seat.number for seat in seats), default=0)
        for (kind, key), target in wanted.items():
            have = by_key.get((kind, key), [])
            for _i in range(target.wanted - len(have)):
                number += 1
                seat = Seat(term=term, number=number, kind=kind)
                if kind == SeatKind.THEME:
                    seat.theme = key
                elif kind == SeatKind.DISTRICT:
                    seat.district_id = district_ids[key]
                elif kind == SeatKind.SIZE:
                    seat.size = key
                elif kind == SeatKind.LOT:
                    seat.stratum = key
                seat.save()
                _log(by=by, subject=seat, change="created", to_state=kind, reason=key)
                created.append(seat.number)
            surplus = len(have) - target.wanted
            if surplus > 0:
                newest_first = sorted(have, key=lambda s: -s.number)
                free = [seat for seat in newest_first if seat.pk not in held]
                for seat in free[:surplus]:
                    _log(by=by, subject=seat, change="removed", from_state=kind, reason=key)
                    removed.append(seat.number)
                    seat.delete()
                if surplus > len(free):
                    holding = [seat.number for seat in newest_first if seat.pk in held]
                    kept.extend(holding[: surplus - len(free)])
        _log(
            by=by,
            subject=term,
            change="composition",
            reason=f"created={created} removed={removed} kept={sorted(kept)}",
        )
    return CompositionResult(created=created, removed=sorted(removed), kept=sorted(kept))


# --- Confirmations and the reminder --------------------------------------------------------

#: No reminder within this time after the convocation: it would only repeat it.
REMINDER_AFTER_CONVOCATION = timedelta(hours=12)


@dataclass(frozen=True)
class ConfirmationRow:
    mandate: Mandate
    delegate: Any
    confirmation: Confirmation | None

    @property
    def answer(self) -> str:
        return self.confirmation.answer if self.confirmation else ""


@dataclass(frozen=True)
class ConfirmationOverview:
    rows: list[ConfirmationRow]

    def _count(self, answer: str) -> int:
        return sum(1 for row in self.rows if row.answer == answer)

    @property
    def coming(self) -> int:
        return self._count(ConfirmationAnswer.COMING)

    @property
    def substitute(self) -> int:
        return self._count(ConfirmationAnswer.SUBSTITUTE)

    @property
    def absent(self) -> int:
        return self._count(ConfirmationAnswer.ABSENT)

    @property
    def unanswered(self) -> int:
        return self._count("")


def confirmation_overview(
    session: Session, mandates: Sequence[Mandate] | None = None
) -> ConfirmationOverview:
    """Every seat held on the session's day with its organisation's answer (or none yet).
    ``mandates``: those current mandates, when the caller has them already."""
    if mandates is None:
        mandates = current_mandates(session.body, timezone.localdate(session.starts_at))
    mandates = sorted(mandates, key=lambda m: (m.seat.number, m.pk))
    ids = [m.pk for m in mandates]
    answers = {
        c.mandate_id: c
        for c in Confirmation.objects.filter(session=session, mandate_id__in=ids).select_related(
            "substitute"
        )
    }
    delegates = {
        row.mandate_id: row.user
        for row in MandatePerson.objects.filter(
            mandate_id__in=ids, role=MandateRole.DELEGATE
        ).select_related("user")
    }
    return ConfirmationOverview(
        rows=[ConfirmationRow(m, delegates.get(m.pk), answers.get(m.pk)) for m in mandates]
    )


def sessions_to_remind(now: Any = None) -> list[Session]:
    """Convened sessions whose reminder is due (the body's ``reminder_days`` before; 0:
    never), not yet sent, and not right after the convocation."""
    now = now or timezone.now()
    due = []
    for session in Session.objects.filter(
        status__in=(SessionStatus.PLANNED, SessionStatus.CONVENED),
        convocation_sent_at__isnull=False,
        convocation_sent_at__lte=now - REMINDER_AFTER_CONVOCATION,
        reminder_sent_at__isnull=True,
        starts_at__gt=now,
        body__reminder_days__gt=0,
    ).select_related("body"):
        if session.starts_at - timedelta(days=session.body.reminder_days) <= now:
            due.append(session)
    return due


def session_remind(*, session: Session, by: Any) -> int:
    """Remind the delegates and substitutes of every seat that has not answered whether it
    comes. Once per session (``Session.reminder_sent_at``, set under a row lock); returns
    the number of mails. ``by=None`` is the platform (``send_convocations``)."""
    if by is not None:
        _require(by, "parliament.run_session", session)
    with transaction.atomic():
        session = Session.objects.select_for_update().select_related("body").get(pk=session.pk)
        if session.reminder_sent_at is not None:
            raise Conflict(_("The reminder for this session was already sent."))
        if session.status not in (SessionStatus.PLANNED, SessionStatus.CONVENED):
            raise Conflict(_("This session has already started."))
        session.reminder_sent_at = timezone.now()
        session.save(update_fields=["reminder_sent_at"])
        answered = Confirmation.objects.filter(session=session).values("mandate_id")
        people = (
            MandatePerson.objects.filter(
                mandate__in=current_mandates(session.body, timezone.localdate(session.starts_at))
            )
            .exclude(mandate_id__in=answered)
            .select_related("user", "mandate__organisation", "mandate__seat")
            .order_by("mandate__seat__number", "role", "id")
        )
        sent = 0
        seats: set[int] = set()
        for row in people:
            person = row.user
            if not person.email or not person.is_active:
                continue
            send_templated_mail(
                to=person.email,
                template="parliament/mail/confirmation_reminder",
                context={
                    "name": person.name,
                    "session": session,
                    "role": row.get_role_display(),
                    "organisation": row.mandate.organisation.name,
                    "seat": row.mandate.seat.number,
                },
                language=person.language,
            )
            seats.add(row.mandate_id)
            sent += 1
        _log(
            by=by,
            subject=session,
            change="reminded",
            reason=f"seats={len(seats)} mails={sent}",
        )
    return sent


# --- Documents -----------------------------------------------------------------------------

DOCUMENT_KINDS = ("pdf", "odt", "docx")


def _document_name(title: str, kind: str) -> str:
    from django.utils.text import slugify

    return f"{(slugify(title) or 'document')[:80]}.{kind}"


def _document_title(title: Any) -> str:
    title = " ".join(str(title or "").split())
    if not title:
        raise _rule_invalid("title", _("Give the document a title."))
    if len(title) > 200:
        raise _rule_invalid("title", _("Keep the title under 200 characters."))
    return title


def body_document_add(
    *, body: Body, by: Any, title: str, upload: Any = None, link: str = ""
) -> Any:
    """A document for a body: a file (PDF, ODT or DOCX, checked by its content) or a link.
    The secretary, the chair or city staff add them."""
    from django.core.exceptions import ValidationError
    from django.core.validators import URLValidator

    from middenveld.parliament.models import BodyDocument

    _require(by, "parliament.run_session", body)
    title = _document_title(title)
    link = str(link or "").strip()
    if upload is None and not link:
        raise _rule_invalid("file", _("Choose a file or give a link."))
    if upload is not None and link:
        raise _rule_invalid("link", _("Give a file or a link, not both."))
    if link:
        try:
            URLValidator(schemes=["http", "https"])(link)
        except ValidationError:
            raise _rule_invalid(
                "link", _("Give a web address that starts with https://.")
            ) from None
        if len(link) > 500:
            raise _rule_invalid("link", _("Keep the link under 500 characters."))
    kind = document_check(upload, field="file", kinds=DOCUMENT_KINDS) if upload else ""
    with transaction.atomic():
        document = BodyDocument(body=body, title=title, link=link, kind=kind, uploaded_by=by)
        if upload is not None:
            document.file.save(_document_name(title, kind), upload, save=False)
        document.save()
        _log(by=by, subject=document, change="added", to_state=kind or "link")
    return document


def body_document_remove(*, document: Any, by: Any) -> None:
    _require(by, "parliament.run_session", document.body)
    with transaction.atomic():
        _log(by=by, subject=document, change="removed", from_state=document.kind or "link")
        name = document.file.name if document.file else ""
        storage = document.file.storage
        document.delete()
        if name:
            transaction.on_commit(lambda: storage.delete(name))


def agenda_document_add(*, item: AgendaItem, by: Any, title: str, upload: Any) -> Any:
    """A document on an agenda item (PDF, ODT or DOCX, checked by its content)."""
    from middenveld.parliament.models import AgendaDocument

    _require(by, "parliament.run_session", item.session)
    title = _document_title(title)
    if upload is None:
        raise _rule_invalid("file", _("Choose a file."))
    kind = document_check(upload, field="file", kinds=DOCUMENT_KINDS)
    with transaction.atomic():
        document = AgendaDocument(item=item, title=title, kind=kind, uploaded_by=by)
        document.file.save(_document_name(title, kind), upload, save=False)
        document.save()
        _log(by=by, subject=document, change="added", to_state=kind, reason=str(item.pk))
    return document


def agenda_document_remove(*, document: Any, by: Any) -> None:
    _require(by, "parliament.run_session", document.item.session)
    with transaction.atomic():
        _log(by=by, subject=document, change="removed", from_state=document.kind)
        name = document.file.name
        storage = document.file.storage
        document.delete()
        if name:
            transaction.on_commit(lambda: storage.delete(name))
