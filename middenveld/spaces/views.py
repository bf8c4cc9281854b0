"""The pages of spaces: the catalogue (/ruimtes/), a building, a space with its rules and
availability, booking it, and the person's bookings (/mijn/boekingen/).

Only the unfiltered catalogue and the building pages are cached for anonymous
visitors (``@public_page``): they show the catalogue alone, which invalidates the
cache when it changes. Everything that depends on bookings (free spaces on a date,
availability, a booking) is read live.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import OuterRef, Q, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from middenveld.core import rules
from middenveld.core.cache import public_page
from middenveld.core.errors import DomainError, Forbidden, Invalid
from middenveld.core.i18n import missing_translation
from middenveld.organisations.eligibility import eligibility_check
from middenveld.organisations.forms import add_domain_error
from middenveld.spaces import selectors, services, times
from middenveld.spaces.forms import BookingForm, CancelForm, CatalogueFilterForm
from middenveld.spaces.models import (
    ACTIVE_STATUSES,
    Booking,
    BookingStatus,
    Building,
    Closure,
    Occurrence,
    Space,
    Weekday,
)
from middenveld.spaces.rules import requirement_from

PER_PAGE = 20
#: How far back and ahead the availability may be looked at.
AVAILABILITY_PAST_DAYS = 366


# --- Small helpers ------------------------------------------------------------------------


def _forbidden(request: HttpRequest, reason: str) -> HttpResponse:
    return render(request, "spaces/forbidden.html", {"reason": reason}, status=403)


def _language_prefix() -> str:
    language = get_language() or settings.LANGUAGE_CODE
    return "" if language == settings.LANGUAGE_CODE else f"/{language}"


def _my_feeds_url() -> str:
    try:
        return reverse("spaces:my_feeds")
    except NoReverseMatch:
        return f"{_language_prefix()}/mijn/boekingen/agenda/"


def _duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    hours_text = ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    minutes_text = ngettext("%(count)d minute", "%(count)d minutes", rest) % {"count": rest}
    if not hours:
        return minutes_text
    if not rest:
        return hours_text
    return _("%(hours)s and %(minutes)s") % {"hours": hours_text, "minutes": minutes_text}


def _clock(value: datetime, day: date) -> str:
    """A time of ``day`` in Brussels; the midnight that ends the day is 24:00."""
    local = times.to_local(value)
    if local.date() > day:
        return "24:00"
    return local.strftime("%H:%M")


# --- The catalogue ------------------------------------------------------------------------


def _catalogue(request: HttpRequest) -> HttpResponse:
    form = CatalogueFilterForm(request.GET)
    form.is_valid()
    district = form.valid_value("wijk") or None
    capacity = form.valid_value("personen")
    facilities = form.valid_value("voorziening") or []
    free = form.free_filter
    spaces: Any
    if free is not None:
        day, start, end = free
        try:
            spaces = selectors.free_spaces(
                day=day,
                start=start,
                end=end,
                attendees=capacity,
                district=district,
                facilities=facilities,
            )
        except Invalid as error:
            add_domain_error(form, error)
            free = None
    if free is None:
        spaces = selectors.space_list(district=district, capacity=capacity, facilities=facilities)
    page = Paginator(spaces, PER_PAGE).get_page(request.GET.get("pagina"))
    page.object_list = list(page.object_list)
    kept = request.GET.copy()
    kept.pop("pagina", None)
    return render(
        request,
        "spaces/list.html",
        {
            "form": form,
            "page": page,
            "free": free,
            "filtered": any(value for key, value in request.GET.items() if key != "pagina"),
            "query_string": kept.urlencode(),
            "untranslated": any(
                missing_translation(space, ("description",)) for space in page.object_list
            ),
        },
    )


_catalogue_cached = public_page(_catalogue)
# Filtered answers (free spaces) change with every booking: keyed on the bookings'
# version too, and kept at most 5 minutes (a day passes, a time begins).
_catalogue_filtered_cached = public_page(_catalogue, seconds=300, also=(services.AVAILABILITY,))


@require_http_methods(["GET", "HEAD"])
def space_list(request: HttpRequest) -> HttpResponse:
    if set(request.GET) <= {"pagina"}:
        return _catalogue_cached(request)
    return _catalogue_filtered_cached(request)


# --- A building ---------------------------------------------------------------------------


def _visible_building(request: HttpRequest, slug: str) -> Building:
    building = (
        Building.objects.select_related("district")
        .prefetch_related("photos", "opening_hours")
        .filter(slug=slug)
        .first()
    )
    if building is None or not rules.check("spaces.view", request.user, building):
        raise Http404
    return building


def _opening_table(building: Building) -> list[tuple[str, list[str]]]:
    hours = list(building.opening_hours.all())
    if not hours:
        return []
    return [
        (
            str(label),
            [f"{row.opens:%H:%M}–{row.closes:%H:%M}" for row in hours if row.weekday == weekday],
        )
        for weekday, label in Weekday.choices
    ]


@public_page
@require_http_methods(["GET", "HEAD"])
def building_detail(request: HttpRequest, building: str) -> HttpResponse:
    place = _visible_building(request, building)
    spaces = list(
        Space.objects.filter(building=place)
        .select_related("building", "parent")
        .prefetch_related("facilities")
        .order_by("name")
    )
    parts: dict[int, list[Space]] = {}
    for space in spaces:
        if space.parent_id:
            parts.setdefault(space.parent_id, []).append(space)
    top = [
        (space, parts.get(space.pk, []))
        for space in spaces
        if space.parent_id is None or space.parent_id not in {s.pk for s in spaces}
    ]
    return render(
        request,
        "spaces/building.html",
        {
            "building": place,
            "photos": list(place.photos.all()),
            "opening": _opening_table(place),
            "spaces": top,
            "untranslated": missing_translation(place, Building.TRANSLATED),
            "fallback": {name: missing_translation(place, [name]) for name in Building.TRANSLATED},
            "source_language": settings.LANGUAGE_CODE,
        },
    )


# --- A space ------------------------------------------------------------------------------


def _visible_space(request: HttpRequest, building: str, space: str) -> Space:
    found = selectors.space_get(building, space)
    if found is None or not rules.check("spaces.view", request.user, found):
        raise Http404
    return found


def _rules_in_words(space: Space) -> list[str]:
    sentences = []
    if space.min_days_ahead:
        sentences.append(
            _(
                "You can book at the earliest %(earliest)d days and at the latest %(latest)d days "
                "before the day."
            )
            % {"earliest": space.max_days_ahead, "latest": space.min_days_ahead}
        )
    else:
        sentences.append(
            _(
                "You can book at the earliest %(earliest)d days before the day, up to the day itself."
            )
            % {"earliest": space.max_days_ahead}
        )
    sentences.append(
        _("A booking lasts at least %(shortest)s and at most %(longest)s.")
        % {
            "shortest": _duration(space.min_duration_minutes),
            "longest": _duration(space.max_duration_minutes),
        }
    )
    sentences.append(
        _("The start and the end go in steps of %(step)s.")
        % {"step": space.get_granularity_minutes_display()}
    )
    if space.buffer_before_minutes or space.buffer_after_minutes:
        sentences.append(
            _(
                "Before each booking %(before)s stay free and after it %(after)s, for setting up "
                "and cleaning."
            )
            % {
                "before": _duration(space.buffer_before_minutes),
                "after": _duration(space.buffer_after_minutes),
            }
        )
    if space.needs_approval:
        sentences.append(_("A staff member of the city approves each request."))
    else:
        sentences.append(_("Your booking is confirmed at once."))
    sentences.append(
        ngettext(
            "A weekly series runs at most %(count)d week.",
            "A weekly series runs at most %(count)d weeks.",
            space.max_series_weeks,
        )
        % {"count": space.max_series_weeks}
    )
    return sentences


@dataclass
class TariffRow:
    label: str
    hourly_rate: Any
    applies_to: list[str]


def _tariffs(space: Space) -> list[TariffRow]:
    rows = []
    for tariff in space.tariffs.all():
        who = (
            [str(line) for line in requirement_from(tariff.applies_to).describe()]
            if tariff.applies_to
            else []
        )
        rows.append(TariffRow(tariff.get_category_display(), tariff.hourly_rate, who))
    return rows


@dataclass
class DayRow:
    day: date
    opening: list[str]
    taken: list[str] = field(default_factory=list)
    free: list[str] = field(default_factory=list)
    around_the_clock: bool = False


def _day_rows(days: list[selectors.DayAvailability]) -> list[DayRow]:
    rows = []
    for item in days:
        around = item.opening == [(time(0), time(0))]
        opening = (
            [] if around else [f"{opens:%H:%M}–{closes:%H:%M}" for opens, closes in item.opening]
        )
        row = DayRow(day=item.day, opening=opening, around_the_clock=around)
        for interval in item.taken:
            span = f"{_clock(interval.starts_at, item.day)}–{_clock(interval.ends_at, item.day)}"
            if interval.kind == "booked":
                row.taken.append(_("%(span)s booked") % {"span": span})
            elif interval.kind == "requested":
                row.taken.append(_("%(span)s waiting for approval") % {"span": span})
            else:
                row.taken.append(
                    _("%(span)s closed: %(reason)s") % {"span": span, "reason": interval.label}
                )
        row.free = [
            f"{_clock(interval.starts_at, item.day)}–{_clock(interval.ends_at, item.day)}"
            for interval in item.free
        ]
        rows.append(row)
    return rows


_WEEK = re.compile(r"^(\d{4})-W(\d{1,2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


@dataclass
class Period:
    mode: str  # "week" or "month"
    first: date
    last: date
    error: str = ""


def _week_value(day: date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def _month_value(day: date) -> str:
    return f"{day.year}-{day.month:02d}"


def _period(request: HttpRequest, today: date) -> Period:
    earliest = today - timedelta(days=AVAILABILITY_PAST_DAYS)
    latest = today + timedelta(days=services.HORIZON_DAYS)
    this_week = today - timedelta(days=today.weekday())
    default = Period("week", this_week, this_week + timedelta(days=6))
    week = request.GET.get("week", "").strip()[:20]
    month = request.GET.get("maand", "").strip()[:20]
    out_of_range = _("Choose a period between %(first)s and %(last)s. You see this week.") % {
        "first": earliest.strftime("%d/%m/%Y"),
        "last": latest.strftime("%d/%m/%Y"),
    }
    if month:
        match = _MONTH.match(month)
        if not match or not 1 <= int(match.group(2)) <= 12:
            default.error = _(
                "“%(value)s” is not a month. Write it as year-month, for example 2026-12. "
                "You see this week."
            ) % {"value": month}
            return default
        first = date(int(match.group(1)), int(match.group(2)), 1)
        if not earliest - timedelta(days=31) <= first <= latest:
            default.error = out_of_range
            return default
        following = (first + timedelta(days=32)).replace(day=1)
        return Period("month", first, following - timedelta(days=1))
    if week:
        match = _WEEK.match(week)
        try:
            if not match:
                raise ValueError
            monday = date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
        except ValueError:
            default.error = _(
                "“%(value)s” is not a week. Write it as year-W-number, for example 2026-W49. "
                "You see this week."
            ) % {"value": week}
            return default
        if not earliest - timedelta(days=7) <= monday <= latest:
            default.error = out_of_range
            return default
        return Period("week", monday, monday + timedelta(days=6))
    return default


def _period_links(period: Period, today: date) -> dict[str, str]:
    earliest = today - timedelta(days=AVAILABILITY_PAST_DAYS)
    latest = today + timedelta(days=services.HORIZON_DAYS)
    links: dict[str, str] = {}
    if period.mode == "week":
        previous, following = period.first - timedelta(days=7), period.first + timedelta(days=7)
        if previous + timedelta(days=6) >= earliest:
            links["previous"] = f"?week={_week_value(previous)}"
        if following <= latest:
            links["next"] = f"?week={_week_value(following)}"
        links["other"] = f"?maand={_month_value(period.first)}"
    else:
        previous = (period.first - timedelta(days=1)).replace(day=1)
        following = period.last + timedelta(days=1)
        if period.first - timedelta(days=1) >= earliest:
            links["previous"] = f"?maand={_month_value(previous)}"
        if following <= latest:
            links["next"] = f"?maand={_month_value(following)}"
        shown = today if period.first <= today <= period.last else period.first
        links["other"] = f"?week={_week_value(shown)}"
    return links


@require_http_methods(["GET", "HEAD"])
def space_detail(request: HttpRequest, building: str, space: str) -> HttpResponse:
    return _space_detail_cached(request, building, space)


def _space_detail(request: HttpRequest, building: str, space: str) -> HttpResponse:
    found = _visible_space(request, building, space)
    now = timezone.now()
    today = times.local_day(now)
    period = _period(request, today)
    days = selectors.space_availability(found, period.first, period.last)
    closures = list(
        Closure.objects.filter(
            Q(building_id=found.building_id) | Q(space_id__in=services.related_space_ids(found)),
            ends_at__gt=now,
        ).order_by("starts_at")[:10]
    )
    return render(
        request,
        "spaces/space.html",
        {
            "space": found,
            "building": found.building,
            "facilities": list(found.facilities.all()),
            "parts": list(found.parts.all()),
            "rules_in_words": _rules_in_words(found),
            "who_may_book": [str(line) for line in found.requirement().describe()],
            "tariffs": _tariffs(found),
            "closures": closures,
            "period": period,
            "links": _period_links(period, today),
            "week_number": period.first.isocalendar()[1],
            "days": _day_rows(days),
            "bookable": found.bookable and found.building.published,
            "untranslated": missing_translation(found, Space.TRANSLATED),
            "fallback": {name: missing_translation(found, [name]) for name in Space.TRANSLATED},
            "source_language": settings.LANGUAGE_CODE,
        },
    )


# Anonymous visitors get the page from the cache until a booking or the catalogue
# changes, and at most 5 minutes (the current week moves on with the clock).
_space_detail_cached = public_page(_space_detail, seconds=300, also=(services.AVAILABILITY,))


# --- Booking ------------------------------------------------------------------------------


def _not_eligible(form: BookingForm, space: Space) -> list[tuple[Any, list[str]]]:
    """Each of the person's own organisations that may not book this space, with why."""
    requirement = space.requirement()
    today = timezone.localdate()
    found = []
    for organisation in form.own.values():
        result = eligibility_check(organisation, requirement, on=today)
        if not result:
            found.append((organisation, [str(reason) for reason in result.reasons]))
    return found


def _book_page(
    request: HttpRequest,
    space: Space,
    form: BookingForm,
    *,
    plan: Any = None,
    status: int = 200,
    show_fold: bool = False,
) -> HttpResponse:
    bound = form.is_bound
    show_fold = (
        show_fold or "fold" in form.errors or (bound and form.data.get("fold") in ("0", "1"))
    )
    organisation_choices = [
        (value, label)
        for value, label in form.fields["organisation"].choices  # type: ignore[attr-defined]
    ]
    return render(
        request,
        "spaces/book.html",
        {
            "space": space,
            "building": space.building,
            "form": form,
            "plan": plan,
            "plan_rows": _plan_rows(plan) if plan is not None else [],
            "hidden_values": form.hidden_values() if plan is not None else [],
            "show_fold": show_fold,
            "not_eligible": _not_eligible(form, space),
            "organisation_choices": organisation_choices,
            "selected_organisation": str(form["organisation"].value() or ""),
            "bookable": space.bookable and space.building.published,
            "rules_in_words": _rules_in_words(space),
        },
        status=status,
    )


@dataclass
class PlanRow:
    day: date
    hours: str
    ok: bool
    reasons: list[str]
    price: Any


def _plan_rows(plan: services.Plan) -> list[PlanRow]:
    rows = []
    for slot in plan.slots:
        if slot.starts_at is not None and slot.ends_at is not None:
            hours = f"{times.to_local(slot.starts_at):%H:%M}–{times.to_local(slot.ends_at):%H:%M}"
        else:
            hours = f"{plan.start_time:%H:%M}–{plan.end_time:%H:%M}"
        rows.append(PlanRow(slot.day, hours, slot.ok, [str(r) for r in slot.reasons], slot.price))
    return rows


def _plan(
    space: Space, form: BookingForm, user: Any
) -> tuple[services.Plan | None, DomainError | None]:
    try:
        plan = services.booking_plan(
            space=space,
            organisation=form.cleaned_data["organisation"],
            by=user,
            **form.service_kwargs(),
        )
    except DomainError as error:
        return None, error
    return plan, None


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def book(request: HttpRequest, building: str, space: str) -> HttpResponse:
    found = _visible_space(request, building, space)
    user = request.user
    if request.method != "POST":
        return _book_page(request, found, BookingForm(user=user))
    form = BookingForm(request.POST, user=user)
    if not form.is_valid():
        return _book_page(request, found, form, status=422)
    if request.POST.get("step") != "request":
        plan, error = _plan(found, form, user)
        if error is None:
            return _book_page(request, found, form, plan=plan)
        if isinstance(error, Forbidden):
            return _forbidden(request, str(error.message))
        add_domain_error(form, error)
        return _book_page(
            request,
            found,
            form,
            status=error.http_status if error.http_status in (404, 409) else 422,
            show_fold=error.code == "time_ambiguous",
        )
    try:
        booking = services.booking_request(
            space=found,
            organisation=form.cleaned_data["organisation"],
            by=user,
            skip_refused=bool(form.cleaned_data.get("skip_refused")),
            expected_count=form.cleaned_data.get("expected_count"),
            **form.service_kwargs(),
        )
    except Forbidden as error:
        return _forbidden(request, str(error.message))
    except DomainError as error:
        add_domain_error(form, error)
        status = 409 if error.http_status == 409 else 422
        # Show the dates as they are now, so the person can look again and send.
        plan = _plan(found, form, user)[0] if status == 409 else None
        return _book_page(
            request,
            found,
            form,
            plan=plan,
            status=status,
            show_fold=error.code == "time_ambiguous",
        )
    if booking.status == BookingStatus.CONFIRMED:
        messages.success(
            request,
            _("Your booking is confirmed. We sent you an e-mail with the dates for your agenda."),
        )
    else:
        messages.success(
            request,
            _(
                "Your request is sent. A staff member of the city looks at it; you get an e-mail "
                "with the answer."
            ),
        )
    return redirect("spaces:booking", pk=booking.pk)


# --- My bookings --------------------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "HEAD"])
def my_bookings(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    next_start = (
        Occurrence.objects.filter(
            booking=OuterRef("pk"), status__in=ACTIVE_STATUSES, starts_at__gt=now
        )
        .order_by("starts_at")
        .values("starts_at")[:1]
    )
    bookings = selectors.bookings_for_user(request.user).annotate(next_start=Subquery(next_start))
    page = Paginator(bookings, PER_PAGE).get_page(request.GET.get("pagina"))
    page.object_list = list(page.object_list)
    return render(
        request,
        "spaces/mine.html",
        {"page": page, "feeds_url": _my_feeds_url()},
    )


def _visible_booking(request: HttpRequest, pk: int) -> Booking:
    booking = (
        Booking.objects.select_related(
            "space__building", "space__parent", "organisation", "requested_by", "decided_by"
        )
        .filter(pk=pk)
        .first()
    )
    if booking is None or not rules.check("spaces.view_booking", request.user, booking):
        raise Http404
    return booking


def _who(actor: Any, viewer: Any) -> str:
    if actor is None:
        return _("The platform")
    if actor.is_city_staff and not viewer.is_city_staff:
        return _("The city")
    return str(actor.name or actor.email)


def _dates_text(values: list[str]) -> str:
    shown = []
    for value in values[:10]:
        try:
            shown.append(date.fromisoformat(value).strftime("%d/%m/%Y"))
        except (TypeError, ValueError):
            continue
    text = ", ".join(shown)
    if len(values) > 10:
        text += " " + _("and %(count)d more") % {"count": len(values) - 10}
    return text


def _log_sentence(entry: Any, viewer: Any) -> str:
    who = _who(entry.actor, viewer)
    details = entry.details or {}
    raw = details.get("dates")
    dates = _dates_text(raw) if isinstance(raw, list) else ""
    number = len(raw) if isinstance(raw, list) else raw if isinstance(raw, int) else 0
    if entry.action == "requested":
        sentence = ngettext(
            "%(who)s asked to book %(count)d date.",
            "%(who)s asked to book %(count)d dates.",
            number,
        ) % {"who": who, "count": number}
    elif entry.action == "confirmed":
        sentence = ngettext(
            "%(who)s booked %(count)d date; it was confirmed at once.",
            "%(who)s booked %(count)d dates; they were confirmed at once.",
            number,
        ) % {"who": who, "count": number}
    elif entry.action == "approved":
        sentence = _("%(who)s approved the request.") % {"who": who}
    elif entry.action == "denied":
        sentence = _("%(who)s denied the request.") % {"who": who}
    elif entry.action == "cancelled_one":
        sentence = _("%(who)s cancelled one date: %(dates)s.") % {"who": who, "dates": dates}
    elif entry.action == "cancelled_following":
        sentence = _("%(who)s cancelled a date and all dates after it: %(dates)s.") % {
            "who": who,
            "dates": dates,
        }
    elif entry.action == "cancelled_all":
        sentence = _("%(who)s cancelled all coming dates: %(dates)s.") % {
            "who": who,
            "dates": dates,
        }
    elif entry.from_status != entry.to_status and entry.to_status:
        sentence = _("%(who)s changed the status from “%(old)s” to “%(new)s”.") % {
            "who": who,
            "old": _status_label(entry.from_status) or "—",
            "new": _status_label(entry.to_status),
        }
    else:
        sentence = _("%(who)s changed the booking.") % {"who": who}
    left_out = details.get("left_out")
    if isinstance(left_out, list) and left_out:
        sentence += " " + _("Left out because they could not be booked: %(dates)s.") % {
            "dates": _dates_text(left_out)
        }
    return sentence


def _status_label(value: str) -> str:
    try:
        return str(BookingStatus(value).label)
    except ValueError:
        return value


def _booking_page(
    request: HttpRequest, booking: Booking, form: CancelForm | None = None, status: int = 200
) -> HttpResponse:
    user = request.user
    now = timezone.now()
    occurrences = list(booking.occurrences.all())
    coming = [o for o in occurrences if o.status in ACTIVE_STATUSES and o.starts_at > now]
    can_cancel = bool(coming) and bool(rules.check("spaces.cancel_booking", user, booking))
    if can_cancel and form is None:
        form = CancelForm(occurrences=coming)
    log = [
        (entry, _log_sentence(entry, user))
        for entry in booking.log.select_related("actor").order_by("at", "pk")
    ]
    next_date = coming[0] if coming else None
    return render(
        request,
        "spaces/booking.html",
        {
            "booking": booking,
            "space": booking.space,
            "occurrences": occurrences,
            "next_date": next_date,
            "log": log,
            "form": form if can_cancel else None,
            "exceptions": _dates_text(booking.exceptions or []),
        },
        status=status,
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def booking_detail(request: HttpRequest, pk: int) -> HttpResponse:
    booking = _visible_booking(request, pk)
    if request.method != "POST":
        return _booking_page(request, booking)
    coming = list(selectors.coming_occurrences(booking, now=timezone.now()))
    form = CancelForm(request.POST, occurrences=coming)
    if not form.is_valid():
        return _booking_page(request, booking, form, status=422)
    data = form.cleaned_data
    try:
        cancelled = services.booking_cancel(
            booking=booking,
            by=request.user,
            reason=data["reason"],
            scope=data["scope"],
            occurrence=int(data["occurrence"]) if data.get("occurrence") else None,
        )
    except Forbidden as error:
        return _forbidden(request, str(error.message))
    except DomainError as error:
        add_domain_error(form, error)
        return _booking_page(
            request, booking, form, status=409 if error.http_status == 409 else 422
        )
    messages.success(
        request,
        ngettext(
            "%(count)d date is cancelled. We let the other side know.",
            "%(count)d dates are cancelled. We let the other side know.",
            len(cancelled),
        )
        % {"count": len(cancelled)},
    )
    return redirect("spaces:booking", pk=booking.pk)


@never_cache
@login_required
@require_http_methods(["GET", "HEAD"])
def booking_ics(request: HttpRequest, pk: int) -> HttpResponse:
    booking = _visible_booking(request, pk)
    response = HttpResponse(
        services.booking_ics(booking), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="boeking-{booking.pk}.ics"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
