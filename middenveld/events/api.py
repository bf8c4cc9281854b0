"""Events in the API: the list, one event, registering and cancelling, the .ics, and the
organisers' registrations, needs and check-in.

Who sees what
    Published events are public (anonymous answers come from the page cache and
    never show registrations or places left). The online link is only in the answer
    for people registered for the event (not those waiting) and city staff;
    ``GET /events/{slug}/online-link`` says clearly why it is refused.

Registering
    ``POST /events/{slug}/registrations`` registers the caller, for themselves or on
    behalf of an organisation they are a member of (``organisation_id``); when the
    event is full they join the waiting list (``status: waiting`` with
    ``waiting_position``). A second registration is a 409; someone else's
    registration is a 404. Every write goes through the same service as the pages.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
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
from middenveld.core.errors import Forbidden, Invalid, NotFound
from middenveld.events import selectors, services
from middenveld.events.models import Event, Registration
from middenveld.organisations.models import Organisation
from middenveld.participation.models import Process
from middenveld.trajectory.models import Workstream

router = Router(tags=["events"])


# --- schemas ------------------------------------------------------------------------------


class PlaceOut(Schema):
    name: str
    street: str
    postal_code: str
    municipality: str
    room: str


class DocumentOut(Schema):
    title: str
    kind: str = Field(..., description="pdf, odt or docx.")
    url: str

    @staticmethod
    def resolve_url(obj: Any, context: Any) -> str:
        return absolute_url(context, obj.file.url)


class EventOut(TranslatedOut):
    slug: str
    title: str
    summary: str
    format: str = Field(..., description="in_person, online or hybrid.")
    status: str = Field(..., description="scheduled or cancelled.")
    starts_at: datetime
    ends_at: datetime
    place: PlaceOut | None = Field(None, description="Where, for in_person and hybrid events.")
    capacity: int
    capacity_per_organisation: int | None
    registration_opens_at: datetime | None
    registration_closes_at: datetime | None = Field(
        None, description="Registration closes then, or when the event starts."
    )
    workstream: str | None = Field(None, description="The workstream's slug.")
    process: str | None = Field(None, description="The participatory process's slug.")
    report_published: bool
    url: str = Field(..., description="The event's page.")

    @staticmethod
    def resolve_place(obj: Event) -> dict[str, str] | None:
        if not obj.has_place:
            return None
        return {
            "name": obj.place_name,
            "street": obj.street,
            "postal_code": obj.postal_code,
            "municipality": obj.municipality,
            "room": obj.room,
        }

    @staticmethod
    def resolve_registration_closes_at(obj: Event) -> datetime:
        return obj.registration_closes()  # type: ignore[return-value]

    @staticmethod
    def resolve_workstream(obj: Event) -> str | None:
        return obj.workstream.slug if obj.workstream_id else None  # type: ignore[union-attr]

    @staticmethod
    def resolve_process(obj: Event) -> str | None:
        return obj.process.slug if obj.process_id else None  # type: ignore[union-attr]

    @staticmethod
    def resolve_url(obj: Event, context: Any) -> str:
        return absolute_url(context, obj.get_absolute_url())

    @staticmethod
    def resolve_untranslated(obj: Event) -> bool:
        from middenveld.core.i18n import missing_translation

        return missing_translation(obj, ("title", "summary"))


class NeedsIn(Schema):
    interpreter_language: str | None = Field(
        None,
        description="Language code of the interpreter (GET /events/{slug} lists none; "
        "codes as in the organisations register: tr, ar, bg, …).",
    )
    sign_language: bool = False
    childcare: bool = False
    step_free_access: bool = False
    dietary_needs: str = Field("", description="At most 200 characters.")


class NeedsOut(Schema):
    interpreter_language: str | None
    sign_language: bool
    childcare: bool
    step_free_access: bool
    dietary_needs: str


class RegistrationOut(Schema):
    id: int
    event: str = Field(..., description="The event's slug.")
    status: str = Field(..., description="registered, waiting or cancelled.")
    waiting_position: int | None = Field(None, description="1 is the next to move up.")
    organisation_id: int | None
    created_at: datetime
    promoted_at: datetime | None
    cancelled_at: datetime | None
    checked_in_at: datetime | None
    needs: NeedsOut

    @staticmethod
    def resolve_event(obj: Registration) -> str:
        return obj.event.slug

    @staticmethod
    def resolve_waiting_position(obj: Registration) -> int | None:
        if obj.status != "waiting":
            return None
        ahead = getattr(obj, "waiting_ahead", None)
        return ahead + 1 if ahead is not None else services.waiting_position(obj)

    @staticmethod
    def resolve_needs(obj: Registration) -> dict[str, Any]:
        language = obj.interpreter_language
        return {
            "interpreter_language": language.code if language is not None else None,
            "sign_language": obj.sign_language,
            "childcare": obj.childcare,
            "step_free_access": obj.step_free_access,
            "dietary_needs": obj.dietary_needs,
        }


class StaffRegistrationOut(RegistrationOut):
    person: str
    email: str

    @staticmethod
    def resolve_person(obj: Registration) -> str:
        return obj.person.get_full_name()

    @staticmethod
    def resolve_email(obj: Registration) -> str:
        return obj.person.email


class EventDetailOut(EventOut):
    agenda: str
    accessibility: str
    documents: list[DocumentOut]
    minutes: str = Field("", description="Once the minutes are published.")
    outcomes: str = Field("", description="Once the minutes are published.")
    recording_url: str = Field("", description="Once the minutes are published.")
    online_link: str | None = Field(
        None, description="Only for people registered for the event, and city staff."
    )
    places_left: int | None = Field(None, description="For signed-in callers.")
    my_registration: RegistrationOut | None = Field(None, description="The caller's, if any.")

    @staticmethod
    def resolve_documents(obj: Event) -> list[Any]:
        return list(obj.documents.all())

    @staticmethod
    def resolve_minutes(obj: Event) -> str:
        return obj.minutes if obj.report_published else ""

    @staticmethod
    def resolve_outcomes(obj: Event) -> str:
        return obj.outcomes if obj.report_published else ""

    @staticmethod
    def resolve_recording_url(obj: Event) -> str:
        return obj.recording_url if obj.report_published else ""

    @staticmethod
    def resolve_online_link(obj: Event, context: Any) -> str | None:
        request = (context or {}).get("request")
        if request is None or not obj.is_online:
            return None
        if not rules.check("events.see_online_link", request.user, obj):
            return None
        return obj.online_link or None

    @staticmethod
    def resolve_places_left(obj: Event, context: Any) -> int | None:
        request = (context or {}).get("request")
        if request is None or not request.user.is_authenticated:
            return None
        return selectors.places_left(obj)

    @staticmethod
    def resolve_my_registration(obj: Event, context: Any) -> Any:
        request = (context or {}).get("request")
        if request is None:
            return None
        return selectors.registration_of(obj, request.user)


class OnlineLinkOut(Schema):
    online_link: str


class NeedsSummaryOut(Schema):
    sentences: list[str] = Field(..., description="In the request's language.")
    dietary_needs: list[str]
    registered: int


class EventFilters(Schema):
    when: Literal["upcoming", "past"] = "upcoming"
    workstream: str = Field("", max_length=80, description="A workstream's slug.")
    process: str = Field("", max_length=80, description="A participatory process's slug.")


class RegistrationIn(NeedsIn):
    organisation_id: int | None = Field(
        None, description="Register on behalf of this organisation (you must be a member)."
    )


# --- helpers ------------------------------------------------------------------------------


def _event(request: HttpRequest, slug: str) -> Event:
    staff = bool(rules.check("events.manage", request.user))
    try:
        return selectors.event_get(slug, include_unpublished=staff)
    except Event.DoesNotExist:
        raise NotFound(_("There is no event at this address.")) from None


def _registration(request: HttpRequest, event: Event, registration_id: int) -> Registration:
    registration = (
        selectors.registrations_with_position(Registration.objects.filter(event=event))
        .filter(pk=registration_id)
        .first()
    )
    staff = bool(rules.check("events.manage", request.user, event))
    if registration is None or (registration.person_id != request.user.pk and not staff):
        raise NotFound(_("This registration was not found."))
    registration.event = event
    return registration


def _organisation(request: HttpRequest, organisation_id: int | None) -> Organisation | None:
    if organisation_id is None:
        return None
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None or not rules.check(
        "events.register_for_organisation", request.user, organisation
    ):
        message = _("You can only register on behalf of an organisation you are a member of.")
        raise Forbidden(message, details={"fields": {"organisation_id": [message]}})
    return organisation


# --- endpoints ----------------------------------------------------------------------------


@router.get("/events", response=list[EventOut], summary="Published events")
@decorate_view(public_read)
@paginate
def event_list(request: HttpRequest, filters: Query[EventFilters]) -> Any:
    """Upcoming events soonest first (``when=upcoming``, the default), or past events
    latest first. An unknown workstream or process is a 422."""
    workstream = process = None
    if filters.workstream:
        workstream = Workstream.objects.filter(slug=filters.workstream).first()
        if workstream is None:
            message = _("This workstream does not exist.")
            raise Invalid(message, fields={"workstream": [message]})
    if filters.process:
        process = Process.objects.filter(slug=filters.process, published=True).first()
        if process is None:
            message = _("This participatory process does not exist.")
            raise Invalid(message, fields={"process": [message]})
    return selectors.event_list(when=filters.when, workstream=workstream, process=process)


@router.get("/events/{slug}", response=EventDetailOut, summary="One event")
@decorate_view(public_read)
def event_detail(request: HttpRequest, slug: str) -> Event:
    return _event(request, slug)


@router.get(
    "/events/{slug}/online-link",
    response=OnlineLinkOut,
    auth=AUTH_REQUIRED,
    summary="The online link, for people registered",
)
def event_online_link(request: HttpRequest, slug: str) -> dict[str, str]:
    event = _event(request, slug)
    require_rule(request, "events.see_online_link", event)
    if not event.is_online or not event.online_link:
        raise NotFound(_("This event has no online link (yet)."))
    return {"online_link": event.online_link}


@router.post(
    "/events/{slug}/registrations",
    response={201: RegistrationOut},
    auth=AUTH_REQUIRED,
    summary="Register (yourself or on behalf of your organisation)",
)
def registration_create(request: HttpRequest, slug: str, payload: RegistrationIn) -> Answer:
    event = _event(request, slug)
    registration = services.registration_create(
        event=event,
        person=request.user,
        organisation=_organisation(request, payload.organisation_id),
        interpreter_language=payload.interpreter_language,
        sign_language=payload.sign_language,
        childcare=payload.childcare,
        step_free_access=payload.step_free_access,
        dietary_needs=payload.dietary_needs,
    )
    return Answer(201, registration)


@router.delete(
    "/events/{slug}/registrations/{registration_id}",
    response=RegistrationOut,
    auth=AUTH_REQUIRED,
    summary="Cancel a registration",
)
def registration_cancel(request: HttpRequest, slug: str, registration_id: int) -> Registration:
    """The person cancels (or city staff do). A freed place goes to the first one waiting."""
    event = _event(request, slug)
    registration = _registration(request, event, registration_id)
    return services.registration_cancel(registration=registration, by=request.user)


@router.get(
    "/events/{slug}/registrations/{registration_id}/ics",
    auth=AUTH_REQUIRED,
    summary="The registration as an iCalendar file",
    response={200: None},
)
def registration_ics(request: HttpRequest, slug: str, registration_id: int) -> HttpResponse:
    event = _event(request, slug)
    registration = _registration(request, event, registration_id)
    response = HttpResponse(
        services.registration_ics(registration), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{services.ics_filename(event)}"'
    return response


@router.get(
    "/me/registrations",
    response=list[RegistrationOut],
    auth=AUTH_REQUIRED,
    summary="My registrations",
)
@paginate
def my_registrations(request: HttpRequest) -> QuerySet[Registration]:
    """The caller's registrations, latest event first."""
    return selectors.registrations_with_position(selectors.registrations_of(request.user))


# --- organisers ---------------------------------------------------------------------------


@router.get(
    "/events/{slug}/registrations",
    response=list[StaffRegistrationOut],
    auth=AUTH_REQUIRED,
    summary="Everyone registered or waiting (city staff)",
)
@paginate
def registration_list(request: HttpRequest, slug: str) -> Any:
    event = _event(request, slug)
    require_rule(request, "events.manage", event)
    return selectors.registrations_with_position(
        selectors.registrations_for_door(event).select_related("event")
    )


@router.get(
    "/events/{slug}/needs",
    response=NeedsSummaryOut,
    auth=AUTH_REQUIRED,
    summary="What the people with a place need (city staff)",
)
def event_needs(request: HttpRequest, slug: str) -> dict[str, Any]:
    event = _event(request, slug)
    require_rule(request, "events.manage", event)
    summary = selectors.needs_summary(event)
    return {
        "sentences": summary.sentences,
        "dietary_needs": summary.dietary,
        "registered": summary.total,
    }


@router.post(
    "/events/{slug}/registrations/{registration_id}/check-in",
    response=RegistrationOut,
    auth=AUTH_REQUIRED,
    summary="Check someone in at the door (city staff)",
)
def registration_check_in(request: HttpRequest, slug: str, registration_id: int) -> Registration:
    event = _event(request, slug)
    require_rule(request, "events.manage", event)
    registration = _registration(request, event, registration_id)
    return services.registration_check_in(registration=registration, by=request.user)
