"""The parliament's pages: the parliament (/middenveldparlement/), another body (a thematic
table, a working group), a session with its agenda, motions, votes and minutes, a vote
(the page a delegate opens on a phone) and its live tally.

Views translate HTTP; ``services`` decide. Every action on a session page is a POST to the
same address with an ``action`` field; the service checks the rule and raises a
``DomainError``, which the page shows as a message (or next to the field). Ids in a POST
that are not on this session (a person, a motion, an organisation) give a clear message.

Anonymous answers are cached (``@public_page``): the overview pages as long as the
content holds (at most 5 minutes, sessions move from "upcoming" to "past" with the
clock), the session and vote pages and the tally also under the ``"parliament"``
version that every attendance change, cast and close bumps.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from middenveld.core import rules
from middenveld.core.cache import public_page
from middenveld.core.errors import DomainError
from middenveld.organisations.forms import add_domain_error
from middenveld.organisations.models import Membership, Organisation, Status
from middenveld.parliament import services
from middenveld.parliament.forms import (
    ApproveMinutesForm,
    AttendanceForm,
    ConfirmationForm,
    MinutesForm,
    MotionForm,
    OrganisationForm,
    VoteOpenForm,
)
from middenveld.parliament.models import (
    AgendaItem,
    Attendance,
    Body,
    BodyKind,
    Confirmation,
    CoSigner,
    Mandate,
    MandatePerson,
    MandateRole,
    MinutesStatus,
    Motion,
    MotionKind,
    MotionStatus,
    Seat,
    SecretTurn,
    Session,
    SessionStatus,
    Vote,
    VoteCast,
    VoteStatus,
)

PAST_SESSIONS = 30
#: Anonymous overview pages: sessions move from "upcoming" to "past" with the clock.
OVERVIEW_SECONDS = 300


# --- Small helpers ------------------------------------------------------------------------


def _never_cache_if_signed_in(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    if request.user.is_authenticated:
        add_never_cache_headers(response)
    return response


def _posted_int(request: HttpRequest, name: str) -> int | None:
    value = str(request.POST.get(name, "")).strip()
    return int(value) if value.isdigit() and len(value) < 19 else None


def _public_link(organisation: Organisation) -> str:
    """The directory page of an organisation, only when everyone may see it."""
    if organisation.status == Status.VERIFIED and hasattr(organisation, "get_absolute_url"):
        return str(organisation.get_absolute_url())
    return ""


# --- The parliament and the other bodies ---------------------------------------------------


@dataclass
class SeatRow:
    seat: Seat
    mandate: Mandate | None
    organisation_url: str = ""


def _seat_description(seat: Seat) -> str:
    parts = [str(seat.get_kind_display())]
    if seat.theme:
        parts.append(str(seat.get_theme_display()))
    if seat.district_id and seat.district is not None:
        parts.append(str(seat.district))
    if seat.size:
        parts.append(str(seat.get_size_display()))
    if seat.stratum:
        parts.append(seat.stratum)
    if len(parts) == 1:
        return parts[0]
    return f"{parts[0]}: {', '.join(parts[1:])}"


def _body_context(body: Body) -> dict[str, Any]:
    now = timezone.now()
    term = body.current_term()
    seats = list(term.seats.select_related("district")) if term else []
    holders = {m.seat_id: m for m in services.current_mandates(body)}
    rows = []
    for seat in seats:
        mandate = holders.get(seat.pk)
        seat.description = _seat_description(seat)  # type: ignore[attr-defined]
        rows.append(SeatRow(seat, mandate, _public_link(mandate.organisation) if mandate else ""))
    upcoming = list(body.sessions.filter(ends_at__gte=now).order_by("starts_at")[:20])
    past = list(body.sessions.filter(ends_at__lt=now).order_by("-starts_at")[:PAST_SESSIONS])
    return {
        "body": body,
        "term": term,
        "seats": rows,
        "held": sum(1 for row in rows if row.mandate is not None),
        "upcoming": upcoming,
        "past": past,
    }


def _body_tools(request: HttpRequest, body: Body) -> dict[str, bool]:
    """Links to the pages that change the body, for whom may use them (never cached:
    signed-in people get uncached pages)."""
    if not request.user.is_authenticated:
        return {"may_run": False, "may_manage": False}
    return {
        "may_run": bool(rules.check("parliament.run_session", request.user, body)),
        "may_manage": bool(rules.check("parliament.manage", request.user, body)),
    }


@public_page(seconds=OVERVIEW_SECONDS)
@require_http_methods(["GET", "HEAD"])
def home(request: HttpRequest) -> HttpResponse:
    body = (
        Body.objects.filter(kind=BodyKind.PARLIAMENT, published=True)
        .order_by("created_at", "id")
        .first()
    )
    if body is None:
        raise Http404
    context = _body_context(body)
    context.update(_body_tools(request, body))
    context["documents"] = list(body.documents.all()[:100])
    context["other_bodies"] = list(
        Body.objects.filter(published=True).exclude(pk=body.pk).order_by("kind", "name")
    )
    return _never_cache_if_signed_in(request, render(request, "parliament/home.html", context))


@public_page(seconds=OVERVIEW_SECONDS)
@require_http_methods(["GET", "HEAD"])
def body_detail(request: HttpRequest, slug: str) -> HttpResponse:
    body = Body.objects.filter(slug=slug).first()
    if body is None or not rules.check("parliament.view_body", request.user, body):
        raise Http404
    context = _body_context(body)
    context.update(_body_tools(request, body))
    # Tables and working groups meet as participation events; their documents.
    context["meetings"] = list(body.events.filter(published=True).order_by("-starts_at")[:50])
    context["documents"] = list(body.documents.all()[:100])
    return _never_cache_if_signed_in(request, render(request, "parliament/body.html", context))


# --- A session ----------------------------------------------------------------------------


@dataclass
class Viewer:
    """What the person looking at a session is: officer or staff (``runner``), named on a
    current mandate, member of organisations holding a seat."""

    runner: bool = False
    named: list[tuple[Mandate, str]] = field(default_factory=list)
    member_of: set[int] = field(default_factory=set)
    organisations: list[Organisation] = field(default_factory=list)
    mandates: list[Mandate] = field(default_factory=list)
    all_mandates: list[Mandate] = field(default_factory=list)

    @property
    def sees_link(self) -> bool:
        return self.runner or bool(self.named)


def _viewer(user: Any, session: Session) -> Viewer:
    runner = bool(rules.check("parliament.run_session", user, session))
    if not user.is_authenticated:
        return Viewer(runner=runner)
    day = timezone.localdate(session.starts_at)
    all_mandates = list(services.current_mandates(session.body, day))
    member_of = set(
        Membership.objects.filter(user_id=user.pk).values_list("organisation_id", flat=True)
    )
    mine = [m for m in all_mandates if m.organisation_id in member_of]
    organisations: dict[int, Organisation] = {}
    for mandate in mine:
        organisations.setdefault(mandate.organisation_id, mandate.organisation)
    named_ids = set(
        MandatePerson.objects.filter(
            user_id=user.pk, mandate__in=[m.pk for m in all_mandates]
        ).values_list("mandate_id", "role")
    )
    by_id = {m.pk: m for m in all_mandates}
    return Viewer(
        runner=runner,
        named=[(by_id[pk], role) for pk, role in named_ids],
        member_of=member_of,
        organisations=sorted(organisations.values(), key=lambda o: o.name),
        mandates=mine,
        all_mandates=all_mandates,
    )


def _session(request: HttpRequest, pk: int) -> Session:
    session = Session.objects.select_related("body").filter(pk=pk).first()
    if session is None or not rules.check("parliament.view_body", request.user, session.body):
        raise Http404
    return session


def _items(session: Session) -> list[AgendaItem]:
    return list(
        session.items.prefetch_related(
            "documents",
            Prefetch(
                "motions",
                queryset=Motion.objects.select_related("organisation").prefetch_related(
                    Prefetch(
                        "cosigners",
                        queryset=CoSigner.objects.select_related("organisation").order_by(
                            "signed_at", "id"
                        ),
                    )
                ),
            ),
            Prefetch(
                "votes",
                queryset=Vote.objects.select_related("motion").prefetch_related(
                    Prefetch(
                        "casts",
                        queryset=VoteCast.objects.select_related("seat", "organisation").order_by(
                            "seat__number"
                        ),
                    )
                ),
            ),
        )
    )


@dataclass
class MotionRow:
    motion: Motion
    organisation_url: str
    cosigners: list[CoSigner]
    amendments: list[MotionRow] = field(default_factory=list)
    may_withdraw: bool = False
    cosign_form: OrganisationForm | None = None


@dataclass
class ItemRow:
    item: AgendaItem
    motions: list[MotionRow]
    votes: list[Vote]
    vote_form: VoteOpenForm | None = None


def _motion_row(motion: Motion, viewer: Viewer, session: Session) -> MotionRow:
    cosigners = list(motion.cosigners.all())
    row = MotionRow(motion, _public_link(motion.organisation), cosigners)
    open_for_changes = (
        motion.status == MotionStatus.TABLED and session.status != SessionStatus.CLOSED
    )
    if open_for_changes and motion.organisation_id in viewer.member_of:
        row.may_withdraw = True
    if open_for_changes:
        signed = {c.organisation_id for c in cosigners} | {motion.organisation_id}
        may_sign = [o for o in viewer.organisations if o.pk not in signed]
        if may_sign:
            row.cosign_form = OrganisationForm(prefix=f"cosign-{motion.pk}", organisations=may_sign)
    return row


def _item_rows(
    session: Session, items: list[AgendaItem], viewer: Viewer, bound: dict[str, Any]
) -> list[ItemRow]:
    rows = []
    for item in items:
        motions = list(item.motions.all())
        by_id = {m.pk: _motion_row(m, viewer, session) for m in motions}
        top = []
        for motion in motions:
            if motion.amends_id and motion.amends_id in by_id:
                by_id[motion.amends_id].amendments.append(by_id[motion.pk])
            else:
                top.append(by_id[motion.pk])
        row = ItemRow(item, top, list(item.votes.all()))
        if viewer.runner and session.status == SessionStatus.OPEN:
            row.vote_form = bound.get(f"vote-{item.pk}") or VoteOpenForm(
                prefix=f"vote-{item.pk}",
                item=item,
                motions=[m for m in motions if m.status == MotionStatus.TABLED],
            )
        rows.append(row)
    return rows


def _people_on_mandates(session: Session, exclude: Collection[int] = ()) -> list[MandatePerson]:
    day = timezone.localdate(session.starts_at)
    return list(
        MandatePerson.objects.filter(mandate__in=services.current_mandates(session.body, day))
        .exclude(user_id__in=exclude)
        .select_related("user", "mandate__organisation", "mandate__seat")
        .order_by("mandate__seat__number", "role", "id")
    )


def _earlier_drafts(session: Session) -> list[Session]:
    return list(
        Session.objects.filter(
            body_id=session.body_id,
            minutes_status=MinutesStatus.DRAFT,
            starts_at__lt=session.starts_at,
        ).order_by("-starts_at")[:20]
    )


def _amendable(items: list[AgendaItem]) -> list[Motion]:
    return [
        m
        for item in items
        for m in item.motions.all()
        if m.status == MotionStatus.TABLED and m.kind != MotionKind.AMENDMENT
    ]


def _confirmation_forms(
    session: Session, viewer: Viewer, bound: dict[str, Any]
) -> list[tuple[Mandate, Confirmation | None, ConfirmationForm]]:
    if not viewer.mandates or session.status not in (
        SessionStatus.PLANNED,
        SessionStatus.CONVENED,
    ):
        return []
    substitutes: dict[int, list[MandatePerson]] = {}
    for row in MandatePerson.objects.filter(
        mandate__in=[m.pk for m in viewer.mandates], role=MandateRole.SUBSTITUTE
    ).select_related("user"):
        substitutes.setdefault(row.mandate_id, []).append(row)
    answers = {
        c.mandate_id: c
        for c in Confirmation.objects.filter(
            session=session, mandate__in=[m.pk for m in viewer.mandates]
        )
    }
    result = []
    for mandate in viewer.mandates:
        answer = answers.get(mandate.pk)
        form = bound.get(f"confirm-{mandate.pk}") or ConfirmationForm(
            prefix=f"confirm-{mandate.pk}",
            substitutes=substitutes.get(mandate.pk, []),
            initial={
                "answer": answer.answer if answer else "",
                "substitute": str(answer.substitute_id or "") if answer else "",
            },
        )
        result.append((mandate, answer, form))
    return result


def _render_session(
    request: HttpRequest,
    session: Session,
    viewer: Viewer | None = None,
    bound: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    bound = bound or {}
    viewer = viewer or _viewer(request.user, session)
    items = _items(session)
    attendance: list[Attendance] = []
    context: dict[str, Any] = {
        "session": session,
        "body": session.body,
        "viewer": viewer,
        "items": _item_rows(session, items, viewer, bound),
        "quorum": services.quorum(session),
        "minutes_public": session.minutes_status == MinutesStatus.APPROVED,
    }
    if viewer.runner:
        attendance = list(
            Attendance.objects.filter(session=session)
            .select_related("seat", "user", "mandate__organisation")
            .order_by("seat__number")
        )
        context["attendance"] = attendance
        if session.status != SessionStatus.CLOSED:
            context["overview"] = services.confirmation_overview(session, viewer.all_mandates)
        if session.status != SessionStatus.CLOSED:
            context["attendance_form"] = bound.get("attend") or AttendanceForm(
                people=_people_on_mandates(session, {a.user_id for a in attendance})
            )
        if session.status == SessionStatus.CLOSED and (
            session.minutes_status != MinutesStatus.APPROVED
        ):
            context["minutes_form"] = bound.get("minutes") or MinutesForm(
                initial={"minutes": session.minutes}
            )
        if session.status == SessionStatus.OPEN:
            drafts = _earlier_drafts(session)
            if drafts or "approve" in bound:
                context["approve_form"] = bound.get("approve") or ApproveMinutesForm(
                    sessions=drafts
                )
    if viewer.organisations and session.status != SessionStatus.CLOSED and items:
        context["motion_form"] = bound.get("table") or MotionForm(
            organisations=viewer.organisations, items=items, amendable=_amendable(items)
        )
    context["confirmations"] = _confirmation_forms(session, viewer, bound)
    response = render(request, "parliament/session.html", context, status=status)
    return _never_cache_if_signed_in(request, response)


def _done(request: HttpRequest, target: Any, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect(target.get_absolute_url())


def _refused(request: HttpRequest, target: Any, error: DomainError | str) -> HttpResponse:
    if isinstance(error, DomainError) and error.http_status == 401:
        return redirect_to_login(request.get_full_path())
    # Not theirs to do, or not there: the status says so, and the page says why.
    if isinstance(error, DomainError) and error.http_status in (403, 404):
        messages.error(request, str(error.message))
        template = "403.html" if error.http_status == 403 else "404.html"
        return render(request, template, status=error.http_status)
    messages.error(request, str(error.message if isinstance(error, DomainError) else error))
    return redirect(target.get_absolute_url())


def _form_refused(
    request: HttpRequest, session: Session, viewer: Viewer, key: str, form: Any, error: Any
) -> HttpResponse:
    if isinstance(error, DomainError):
        if error.http_status in (401, 403, 404, 409):
            return _refused(request, session, error)
        add_domain_error(form, error)
    return _render_session(request, session, viewer, {key: form}, status=422)


# The actions: each takes (request, session, viewer) and answers.
Action = Callable[[HttpRequest, Session, Viewer], HttpResponse]


def _convene(request: HttpRequest, session: Session, viewer: Viewer) -> HttpResponse:
    try:
        sent = services.session_convene(session=session, by=request.user)
    except DomainError as error:
        return _refused(request, session, error)
    return _done(
        request,
        session,
        ngettext(
            "The convocation is sent to %(count)s person.",
            "The convocation is sent to %(count)s people.",
            sent,
        )
        % {"count": sent},
    )


def _open(request: HttpRequest, session: Session, viewer: Viewer) -> HttpResponse:
    try:
        services.session_open(session=session, by=request.user)
    except DomainError as error:
        return _refused(request, session, error)
    return _done(request, session, _("The session is open."))


def _close(request: HttpRequest, session: Session, viewer: Viewer) -> HttpResponse:
    try:
        services.session_close(session=session, by=request.user)
    except DomainError as error:
        return _refused(request, session, error)
    return _done(request, session, _("The session is closed."))


def _attend(request: HttpRequest, session: Session, viewer: Viewer) -> HttpResponse:
    form = AttendanceForm(request.POST, people=_people_on_mandates(session))
    if not form.is_valid():
        return _form_refused(request, session, viewer, "attend", form, None)
    person = form.cleaned_data["person"]
    try:
        attendance = services.attendance_register(session=session, by=request.user, person=person)
    except DomainError as error:
        return _form_refused(request, session, viewer, "attend", form, error)
    return _done(
        request,
        session,
        _("%(name)s is present on seat %(seat)s.")
        % {"name": person.name or person.email, "seat": attendance.seat.number},
    )


def _unattend(request: HttpRequest, session: Session, viewer: Viewer) -> HttpResponse:
    pk = _posted_int(request, "person")
    person = get_user_model().objects.filter(pk=pk).first() if pk else None
    if person is None:
        return _refused(request, session, _("This person is not registered as present."))
    try:
        services.attendance_remove(session=session, by=request.user, person=person)
    except DomainError as error:
        return _refused(request, session, error)
    return _done(
        request,
        session,
        _("%(name)s is no longer registered as present.")
        % {"name": getattr(person, "name", "") or person.email},
    )


def _item_of(request: HttpRequest, session: Session) -> AgendaItem | None:
    pk = _posted_int(request, "item")
    return session.items.filter(pk=pk).first() if pk else None


def _vote_open(request: HttpRequest, session: Session, viewer: Viewer) -> HttpResponse:
    item = _item_of(request, session)
    if item is None:
        return _refused(request, session, _("This agenda item is not part of this session."))
    key = f"vote-{item.pk}"
    form = VoteOpenForm(
        request.POST,
        prefix=key,
        item=item,
        motions=list(item.motions.filter(status=MotionStatus.TABLED)),
    )
    if not form.is_valid():
        return _form_refused(request, session, viewer, key, form, None)
    data = form.cleaned_data
    try:
        vote = services.vote_open(
            item=item,
            by=request.user,
            question=data["question"],
            motion=data["motion"],
            secret=data["secret"],
            majority=data["majority"],
        )
    except DomainError as error:
        return _form_refused(request, session, viewer, key, form, error)
    return _done(request, vote, _("The vote is open. Delegates can vote now."))


def _minutes_save(request: HttpRequest, session: Session, viewer: Viewer) -> HttpResponse:
    form = MinutesForm(request.POST)
    if not form.is_valid():
        return _form_refused(request, session, viewer, "minutes", form, None)
    try:
        services.minutes_save(session=session, by=request.user, text=form.cleaned_data["minutes"])
    except DomainError as error:
        return _form_refused(request, session, viewer, "minutes", form, error)
    return _done(request, session, _("The draft minutes are saved."))


def _minutes_approve(request: HttpRequest, session: Session, viewer: Viewer) -> HttpResponse:
    form = ApproveMinutesForm(request.POST, sessions=_earlier_drafts(session))
    if not form.is_valid():
        return _form_refused(request, session, viewer, "approve", form, None)
    earlier = form.cleaned_data["earlier"]
    try:
        services.minutes_approve(session=earlier, by=request.user, in_session=session)
    except DomainError as error:
        return _form_refused(request, session, viewer, "approve", form, error)
    return _done(
        request, session, _("The minutes of “%(title)s” are approved.") % {"title": earlier.title}
    )


def _table(request: HttpRequest, session: Session, viewer: Viewer) -> HttpResponse:
    items = _items(session)
    form = MotionForm(
        request.POST,
        organisations=viewer.organisations,
        items=items,
        amendable=_amendable(items),
    )
    if not form.is_valid():
        return _form_refused(request, session, viewer, "table", form, None)
    data = form.cleaned_data
    try:
        services.motion_table(
            item=data["item"],
            by=request.user,
            organisation=data["organisation"],
            kind=data["kind"],
            title=data["title"],
            text=data["text"],
            amends=data["amends"],
        )
    except DomainError as error:
        if error.http_status in (403, 409):
            # Show the refusal next to the form, so the text typed is not lost.
            add_domain_error(form, error)
            return _render_session(request, session, viewer, {"table": form}, status=422)
        return _form_refused(request, session, viewer, "table", form, error)
    return _done(request, session, _("Your text is tabled. Everyone can read it on this page."))


def _motion_of(request: HttpRequest, session: Session) -> Motion | None:
    pk = _posted_int(request, "motion")
    if not pk:
        return None
    return (
        Motion.objects.select_related("organisation", "item__session__body")
        .filter(pk=pk, item__session=session)
        .first()
    )


def _cosign(request: HttpRequest, session: Session, viewer: Viewer) -> HttpResponse:
    motion = _motion_of(request, session)
    if motion is None:
        return _refused(request, session, _("This text is not on the agenda of this session."))
    form = OrganisationForm(
        request.POST, prefix=f"cosign-{motion.pk}", organisations=viewer.organisations
    )
    if not form.is_valid():
        return _refused(
            request,
            session,
            _("Choose one of your own organisations with a seat in this body."),
        )
    try:
        services.motion_cosign(
            motion=motion, by=request.user, organisation=form.cleaned_data["organisation"]
        )
    except DomainError as error:
        return _refused(request, session, error)
    return _done(
        request,
        session,
        _("%(organisation)s co-signs “%(title)s”.")
        % {"organisation": form.cleaned_data["organisation"].name, "title": motion.title},
    )


def _withdraw(request: HttpRequest, session: Session, viewer: Viewer) -> HttpResponse:
    motion = _motion_of(request, session)
    if motion is None:
        return _refused(request, session, _("This text is not on the agenda of this session."))
    try:
        services.motion_withdraw(motion=motion, by=request.user)
    except DomainError as error:
        return _refused(request, session, error)
    return _done(request, session, _("“%(title)s” is withdrawn.") % {"title": motion.title})


def _confirm(request: HttpRequest, session: Session, viewer: Viewer) -> HttpResponse:
    pk = _posted_int(request, "mandate")
    mandate = next((m for m in viewer.all_mandates if m.pk == pk), None)
    if mandate is None:
        return _refused(request, session, _("This seat does not sit in this session."))
    key = f"confirm-{mandate.pk}"
    form = ConfirmationForm(
        request.POST,
        prefix=key,
        substitutes=list(mandate.people.filter(role=MandateRole.SUBSTITUTE).select_related("user")),
    )
    if not form.is_valid():
        return _form_refused(request, session, viewer, key, form, None)
    try:
        services.confirmation_answer(
            session=session,
            mandate=mandate,
            by=request.user,
            answer=form.cleaned_data["answer"],
            substitute=form.cleaned_data["substitute"],
        )
    except DomainError as error:
        return _form_refused(request, session, viewer, key, form, error)
    return _done(request, session, _("Thank you. Your answer is saved."))


ACTIONS: dict[str, Action] = {
    "convene": _convene,
    "open": _open,
    "close": _close,
    "attend": _attend,
    "unattend": _unattend,
    "vote_open": _vote_open,
    "minutes_save": _minutes_save,
    "minutes_approve": _minutes_approve,
    "table": _table,
    "cosign": _cosign,
    "withdraw": _withdraw,
    "confirm": _confirm,
}


@public_page(seconds=60, also=(services.TALLY,))
@require_http_methods(["GET", "HEAD", "POST"])
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    if request.method != "POST":
        return _render_session(request, session)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    action = ACTIONS.get(str(request.POST.get("action", "")))
    if action is None:
        return _refused(request, session, _("This action is not known. Reload the page."))
    return action(request, session, _viewer(request.user, session))


@require_http_methods(["GET", "HEAD"])
def session_ics(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    # The online link is only for the people on a seat, officers and staff.
    with_link = _viewer(request.user, session).sees_link
    response = HttpResponse(
        services.session_calendar(session, with_link=with_link),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="zitting-{session.pk}.ics"'
    response["X-Content-Type-Options"] = "nosniff"
    return _never_cache_if_signed_in(request, response)


# --- A vote -------------------------------------------------------------------------------


def _vote(request: HttpRequest, pk: int) -> Vote:
    vote = (
        Vote.objects.select_related("item__session__body", "motion__organisation")
        .filter(pk=pk)
        .first()
    )
    if vote is None or not rules.check(
        "parliament.view_body", request.user, vote.item.session.body
    ):
        raise Http404
    return vote


def _result_sentence(vote: Vote) -> str:
    if vote.status != VoteStatus.CLOSED:
        return ""
    if not vote.quorum_met:
        return _("Not decided: not enough seats were present (no quorum).")
    return _("Adopted.") if vote.adopted else _("Rejected.")


def _tally_context(vote: Vote) -> dict[str, Any]:
    return {
        "vote": vote,
        "tally": services.vote_tally(vote),
        "result": _result_sentence(vote),
        "is_open": vote.status == VoteStatus.OPEN,
        # While a secret vote is open, running totals could tell who chose what.
        "show_counts": not (vote.secret and vote.status == VoteStatus.OPEN),
    }


def _cast(request: HttpRequest, vote: Vote) -> HttpResponse:
    try:
        outcome = services.vote_cast(
            vote=vote, by=request.user, choice=str(request.POST.get("choice", ""))
        )
    except DomainError as error:
        return _refused(request, vote, error)
    message = _("Your vote for seat %(seat)s is counted.") % {"seat": outcome.seat_number}
    return _done(request, vote, message)


def _close_vote(request: HttpRequest, vote: Vote) -> HttpResponse:
    try:
        closed = services.vote_close(vote=vote, by=request.user)
    except DomainError as error:
        return _refused(request, vote, error)
    return _done(request, vote, _("The vote is closed.") + " " + _result_sentence(closed))


@public_page(seconds=2, also=(services.TALLY,))
@require_http_methods(["GET", "HEAD", "POST"])
def vote_detail(request: HttpRequest, pk: int) -> HttpResponse:
    vote = _vote(request, pk)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        action = str(request.POST.get("action", ""))
        if action == "cast":
            return _cast(request, vote)
        if action == "close":
            return _close_vote(request, vote)
        return _refused(request, vote, _("This action is not known. Reload the page."))
    session = vote.item.session
    user = request.user
    seat = None
    my_choice = ""
    voted = False
    if user.is_authenticated:
        attendance = (
            Attendance.objects.filter(session=session, user_id=user.pk)
            .select_related("seat")
            .first()
        )
        seat = attendance.seat if attendance else None
        if seat is not None:
            if vote.secret:
                voted = SecretTurn.objects.filter(vote=vote, seat=seat).exists()
            else:
                cast = VoteCast.objects.filter(vote=vote, seat=seat).first()
                voted = cast is not None
                my_choice = cast.get_choice_display() if cast else ""
    casts: list[VoteCast] = []
    if vote.status == VoteStatus.CLOSED and not vote.secret:
        casts = list(vote.casts.select_related("seat", "organisation").order_by("seat__number"))
    context = {
        **_tally_context(vote),
        "session": session,
        "seat": seat,
        "voted": voted,
        "my_choice": my_choice,
        "runner": bool(rules.check("parliament.run_session", user, session)),
        "casts": casts,
    }
    response = render(request, "parliament/vote.html", context)
    return _never_cache_if_signed_in(request, response)


@public_page(seconds=2, also=(services.TALLY,))
@require_http_methods(["GET", "HEAD"])
def vote_tally(request: HttpRequest, pk: int) -> HttpResponse:
    vote = Vote.objects.select_related("item__session__body").filter(pk=pk).first()
    if vote is None or not rules.check(
        "parliament.view_body", request.user, vote.item.session.body
    ):
        raise Http404
    response = render(request, "parliament/_tally.html", _tally_context(vote))
    add_never_cache_headers(response)
    return response
