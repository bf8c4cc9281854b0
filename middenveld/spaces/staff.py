"""The staff pages for booking requests, in the back office (/beheer/spaces/aanvragen/).

* ``spaces_requests``: the requests waiting for a decision, oldest first, with the
  building, the organisation, the dates and whether a date now clashes with a
  closure or the opening hours (set after the request came in); filter by building
  and by "the buildings of my teams" (``Building.team``).
* ``spaces_request``: one booking with every date and what stands in its way, the
  organisation (its 360° view), who asked, the log; approve (with a note) or deny
  (with a reason) a waiting request, and cancel dates (one, this and the following,
  or all) with a reason. Everything goes through ``services``; a refusal (decided
  already, nothing left to cancel, a missing reason) is shown on the page and
  changes nothing. The space's private calendar address is shown here too.

Both pages are registered on ``staff_site`` (signed-in city staff) and check the
rule ``spaces.decide`` themselves.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from middenveld.core import rules
from middenveld.core.admin_site import staff_site
from middenveld.core.errors import DomainError
from middenveld.organisations.forms import add_domain_error
from middenveld.organisations.privacy import personal_data_access_log
from middenveld.spaces import selectors, services, times
from middenveld.spaces.feeds import feed_for_space, feed_url
from middenveld.spaces.models import (
    ACTIVE_STATUSES,
    Booking,
    BookingStatus,
    Building,
    Closure,
    Occurrence,
    OpeningHours,
    Space,
)

REQUESTS_PER_PAGE = 50
RULE = "spaces.decide"


#: The log's actions in words (other modules' actions show as they are).
LOG_ACTIONS = {
    "requested": gettext_lazy("Asked"),
    "confirmed": gettext_lazy("Confirmed at once"),
    "approved": gettext_lazy("Approved"),
    "denied": gettext_lazy("Denied"),
    "cancelled_one": gettext_lazy("One date cancelled"),
    "cancelled_following": gettext_lazy("A date and all dates after it cancelled"),
    "cancelled_all": gettext_lazy("All coming dates cancelled"),
}


@dataclass
class LogLine:
    at: datetime
    who: str
    what: str
    reason: str


def _log_lines(booking: Booking) -> list[LogLine]:
    statuses = dict(BookingStatus.choices)
    lines = []
    for entry in booking.log.select_related("actor").order_by("at", "pk"):
        what = str(LOG_ACTIONS.get(entry.action, entry.action))
        if entry.to_status and entry.from_status != entry.to_status:
            before = statuses.get(entry.from_status, entry.from_status) or "—"
            after = statuses.get(entry.to_status, entry.to_status)
            what += f" ({before} → {after})"
        who = entry.actor.get_full_name() if entry.actor is not None else ""
        lines.append(LogLine(entry.at, who, what, entry.reason))
    return lines


def _require(request: HttpRequest) -> None:
    if not rules.check(RULE, request.user):
        raise PermissionDenied


def _local_text(value: datetime) -> str:
    return times.to_local(value).strftime("%d/%m/%Y %H:%M")


# --- What stands in the way of a date now ---------------------------------------------------


def date_problems(rows: Iterable[tuple[int, int, datetime, datetime]]) -> dict[int, list[str]]:
    """For dates ``(occurrence id, space id, starts_at, ends_at)``: what stands in their
    way now (a closure of the building, the space, a part or the whole; the opening
    hours), by occurrence id. Three queries, whatever the number of dates."""
    rows = list(rows)
    problems: dict[int, list[str]] = defaultdict(list)
    if not rows:
        return problems
    space_ids = {space_id for _pk, space_id, _s, _e in rows}
    buildings = dict(
        Space.objects.filter(pk__in=space_ids).values_list("pk", "building_id")
    )  # space → building
    family = list(
        Space.objects.filter(building_id__in=set(buildings.values())).values_list("pk", "parent_id")
    )
    parent_of = dict(family)
    children: dict[int, list[int]] = defaultdict(list)
    for pk, parent in family:
        if parent is not None:
            children[parent].append(pk)

    def related(space_id: int) -> set[int]:
        found = {space_id}
        parent = parent_of.get(space_id)
        while parent is not None and parent not in found:
            found.add(parent)
            parent = parent_of.get(parent)
        level = [space_id]
        while level:
            level = [kid for pk in level for kid in children.get(pk, ()) if kid not in found]
            found.update(level)
        return found

    low = min(starts for _pk, _space, starts, _end in rows)
    high = max(ends for _pk, _space, _start, ends in rows)
    all_spaces = set(parent_of)
    closures = list(
        Closure.objects.filter(
            Q(building_id__in=set(buildings.values())) | Q(space_id__in=all_spaces),
            starts_at__lt=high,
            ends_at__gt=low,
        ).values_list("building_id", "space_id", "starts_at", "ends_at", "reason")
    )
    hours: dict[int, dict[int, list[tuple[Any, Any]]]] = defaultdict(lambda: defaultdict(list))
    for building_id, weekday, opens, closes in OpeningHours.objects.filter(
        building_id__in=set(buildings.values())
    ).values_list("building_id", "weekday", "opens", "closes"):
        hours[building_id][weekday].append((opens, closes))

    family_of: dict[int, set[int]] = {}
    for pk, space_id, starts, ends in rows:
        home = buildings.get(space_id)
        if space_id not in family_of:
            family_of[space_id] = related(space_id)
        for closed_building, closed_space, closed_from, closed_to, reason in closures:
            if closed_from >= ends or closed_to <= starts:
                continue
            if closed_building == home or closed_space in family_of[space_id]:
                problems[pk].append(
                    _("Closed from %(start)s to %(end)s: %(reason)s")
                    % {
                        "start": _local_text(closed_from),
                        "end": _local_text(closed_to),
                        "reason": reason,
                    }
                )
        if home is not None and home in hours:
            local_start, local_end = times.to_local(starts), times.to_local(ends)
            today = hours[home].get(local_start.weekday(), [])
            start_clock, end_clock = local_start.time(), local_end.time()
            if local_end.date() != local_start.date() or not any(
                opens <= start_clock and end_clock <= closes for opens, closes in today
            ):
                problems[pk].append(_("This date is outside the opening hours of the building."))
    return problems


# --- The list of waiting requests -----------------------------------------------------------


class RequestFilterForm(forms.Form):
    gebouw: forms.ModelChoiceField[Building] = forms.ModelChoiceField(
        label=gettext_lazy("Building"),
        queryset=Building.objects.order_by("name"),
        required=False,
        empty_label=gettext_lazy("All buildings"),
        error_messages={"invalid_choice": gettext_lazy("Choose a building from the list.")},
    )
    mijn_teams = forms.BooleanField(
        label=gettext_lazy("Only the buildings my teams manage"), required=False
    )


@dataclass
class RequestRow:
    booking: Booking
    first: datetime | None = None
    last: datetime | None = None
    dates: int = 0
    clashing: int = 0
    reasons: list[str] = field(default_factory=list)

    @property
    def first_text(self) -> str:
        return _local_text(self.first) if self.first else "—"

    @property
    def last_text(self) -> str:
        return times.to_local(self.last).strftime("%d/%m/%Y") if self.last else "—"


def requests_view(request: HttpRequest) -> HttpResponse:
    _require(request)
    form = RequestFilterForm(request.GET or None)
    waiting = selectors.bookings_waiting()
    if form.is_bound and form.is_valid():
        if form.cleaned_data["mijn_teams"]:
            waiting = selectors.bookings_waiting(person=request.user)
        if form.cleaned_data["gebouw"] is not None:
            waiting = waiting.filter(space__building=form.cleaned_data["gebouw"])
    page = Paginator(waiting, REQUESTS_PER_PAGE).get_page(request.GET.get("pagina"))
    bookings = list(page.object_list)
    rows = {booking.pk: RequestRow(booking) for booking in bookings}
    dates = list(
        Occurrence.objects.filter(booking_id__in=list(rows), status__in=ACTIVE_STATUSES)
        .order_by("booking_id", "starts_at")
        .values_list("pk", "booking_id", "space_id", "starts_at", "ends_at")
    )
    problems = date_problems((pk, space, start, end) for pk, _b, space, start, end in dates)
    for pk, booking_id, _space, starts, _ends in dates:
        row = rows[booking_id]
        row.first = row.first or starts
        row.last = starts
        row.dates += 1
        if problems.get(pk):
            row.clashing += 1
            for reason in problems[pk]:
                if reason not in row.reasons:
                    row.reasons.append(reason)
    query = request.GET.copy()
    query.pop("pagina", None)
    return TemplateResponse(
        request,
        "spaces/staff/requests.html",
        {
            **staff_site.page_context(request),
            "title": _("Booking requests waiting for a decision"),
            "form": form,
            "page": page,
            "rows": [rows[booking.pk] for booking in bookings],
            "query": query.urlencode(),
        },
    )


# --- One booking ----------------------------------------------------------------------------


class ApproveForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Note for the organisation"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DenyForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why is the request denied?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("The organisation reads this reason in its e-mail."),
        error_messages={"required": gettext_lazy("Say why the request is denied.")},
    )


SCOPE_CHOICES = (
    ("one", gettext_lazy("Only the chosen date")),
    ("following", gettext_lazy("The chosen date and all dates after it")),
    ("all", gettext_lazy("All coming dates")),
)


class CancelForm(forms.Form):
    scope = forms.ChoiceField(
        label=gettext_lazy("Which dates?"),
        choices=SCOPE_CHOICES,
        initial="all",
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": gettext_lazy("Choose which dates to cancel.")},
    )
    occurrence = forms.TypedChoiceField(
        label=gettext_lazy("The chosen date"),
        coerce=int,
        required=False,
        help_text=gettext_lazy(
            "Needed for “only the chosen date” and “the chosen date and after”."
        ),
        error_messages={"invalid_choice": gettext_lazy("Choose a coming date of this booking.")},
    )
    reason = forms.CharField(
        label=gettext_lazy("Why are the dates cancelled?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("The organisation reads this reason in its e-mail."),
        error_messages={"required": gettext_lazy("Say why the dates are cancelled.")},
    )

    def __init__(self, *args: Any, coming: list[Occurrence], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["occurrence"].choices = [("", _("Choose a date"))] + [  # type: ignore[attr-defined]
            (str(item.pk), _local_text(item.starts_at)) for item in coming
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("scope") in ("one", "following") and data.get("occurrence") in (None, ""):
            self.add_error("occurrence", _("Choose the date to cancel."))
        return data


def _booking(pk: int) -> Booking:
    booking = (
        Booking.objects.select_related(
            "space__building", "organisation", "requested_by", "decided_by", "allocation_round"
        )
        .filter(pk=pk)
        .first()
    )
    if booking is None:
        raise Http404
    return booking


def request_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request)
    booking = _booking(pk)
    now = timezone.now()
    occurrences = list(booking.occurrences.select_related("cancelled_by").order_by("starts_at"))
    coming = [item for item in occurrences if item.is_active and item.starts_at > now]
    approve_form = ApproveForm(prefix="approve")
    deny_form = DenyForm(prefix="deny")
    cancel_form = CancelForm(prefix="cancel", coming=coming)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        done: str | None = None
        try:
            if action == "approve":
                approve_form = ApproveForm(request.POST, prefix="approve")
                current: forms.Form = approve_form
                if approve_form.is_valid():
                    services.booking_approve(
                        booking=booking, by=request.user, reason=approve_form.cleaned_data["reason"]
                    )
                    done = _("The request is approved. The organisation got an e-mail.")
            elif action == "deny":
                deny_form = DenyForm(request.POST, prefix="deny")
                current = deny_form
                if deny_form.is_valid():
                    services.booking_deny(
                        booking=booking, by=request.user, reason=deny_form.cleaned_data["reason"]
                    )
                    done = _(
                        "The request is denied. The organisation got an e-mail with the reason."
                    )
            elif action == "cancel":
                cancel_form = CancelForm(request.POST, prefix="cancel", coming=coming)
                current = cancel_form
                if cancel_form.is_valid():
                    data = cancel_form.cleaned_data
                    cancelled = services.booking_cancel(
                        booking=booking,
                        by=request.user,
                        reason=data["reason"],
                        scope=data["scope"],
                        occurrence=data["occurrence"] if data["scope"] != "all" else None,
                    )
                    done = _(
                        "%(count)d dates are cancelled. The organisation got one e-mail about it."
                    ) % {"count": len(cancelled)}
            else:
                messages.error(request, _("Choose what to do: approve, deny or cancel."))
                return _request_page(
                    request, booking, occurrences, coming, approve_form, deny_form, cancel_form, 400
                )
        except DomainError as error:
            # A refusal about a field goes next to it; any other refusal on top of the page.
            if error.details.get("fields"):
                add_domain_error(current, error)
            else:
                messages.error(request, str(error.message))
            status = error.http_status
        else:
            if done is not None:
                messages.success(request, done)
                return HttpResponseRedirect(request.path)
            status = 422
    return _request_page(
        request, booking, occurrences, coming, approve_form, deny_form, cancel_form, status
    )


def _request_page(
    request: HttpRequest,
    booking: Booking,
    occurrences: list[Occurrence],
    coming: list[Occurrence],
    approve_form: ApproveForm,
    deny_form: DenyForm,
    cancel_form: CancelForm,
    status: int,
) -> HttpResponse:
    problems = date_problems(
        (item.pk, item.space_id, item.starts_at, item.ends_at)
        for item in occurrences
        if item.is_active
    )
    dates = [(item, problems.get(item.pk, [])) for item in occurrences]
    log = _log_lines(booking)
    if booking.requested_by_id is not None or any(line.who for line in log):
        personal_data_access_log(
            viewer=request.user,
            organisation=booking.organisation,
            what="booking request",
            path=request.get_full_path(),
        )
    return TemplateResponse(
        request,
        "spaces/staff/request.html",
        {
            **staff_site.page_context(request),
            "title": _("Booking: %(purpose)s") % {"purpose": booking.purpose},
            "booking": booking,
            "dates": dates,
            "clashing": sum(1 for _item, reasons in dates if reasons),
            "coming": coming,
            "log": log,
            "waiting": booking.status == BookingStatus.REQUESTED,
            "approve_form": approve_form,
            "deny_form": deny_form,
            "cancel_form": cancel_form,
            "feed_url": feed_url(feed_for_space(booking.space)),
        },
        status=status,
    )


staff_site.register_view("spaces/aanvragen/", requests_view, "spaces_requests")
staff_site.register_view("spaces/aanvragen/<int:pk>/", request_view, "spaces_request")
