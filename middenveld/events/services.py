"""Events: registering, the waiting list, cancelling, checking in, reminders and the minutes.

Every page, API endpoint, admin screen and command calls these. They take keyword
arguments, check the rule (``rules.py``), change the data in one transaction and raise a
``DomainError`` with a sentence on refusal.

Places are counted while the event's row is locked (``SELECT … FOR NO KEY UPDATE`` on
PostgreSQL; on SQLite every transaction starts ``IMMEDIATE``, which serialises writers),
so 300 people registering at once for 100 places leave exactly 100 registered and 200
waiting, in the order they came. A registration's ``created_at`` is set under that lock:
it is the order of the waiting list.

Mails go to the person in their own language: a confirmation with an .ics file, the
place on the waiting list, the news that they moved up (with the .ics), a reminder.
Registrations on behalf of an organisation go into its 360° timeline.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from middenveld.core import rules
from middenveld.core.errors import Conflict, Forbidden, Invalid, NotFound
from middenveld.core.mail import send_templated_mail
from middenveld.core.uploads import document_check
from middenveld.events import timeline as _kinds  # noqa: F401  (declares the event kinds)
from middenveld.events.ics import CALENDAR_MIME, CalendarEntry, calendar_file
from middenveld.events.models import (
    ACTIVE_STATUSES,
    Event,
    EventDocument,
    EventStatus,
    Registration,
    RegistrationStatus,
)
from middenveld.organisations.models import Language, Organisation
from middenveld.organisations.text import text_tidy
from middenveld.organisations.timeline import timeline_record

DIETARY_MAX = 200
REPORT_MAX = 20_000
DOCUMENT_TITLE_MAX = 200
DEFAULT_REMINDER_HOURS = 24
# Organisers can check people in from this long before the start.
CHECK_IN_FROM = timedelta(hours=6)
# Interpreting is into another language than Dutch; sign language has its own box.
NOT_INTERPRETER_LANGUAGES = ("nl", "vgt")


def reminder_hours() -> int:
    return int(getattr(settings, "EVENT_REMINDER_HOURS", DEFAULT_REMINDER_HOURS))


# --- Helpers ------------------------------------------------------------------------------


def _require(user: Any, rule: str, obj: Any = None) -> None:
    decision = rules.check(rule, user, obj)
    if not decision:
        raise Forbidden(decision.reason or None)


def _text(value: Any, *, field: str, maximum: int, multiline: bool = True) -> str:
    if value is not None and not isinstance(value, str):
        message = _("This is not text.")
        raise Invalid(message, fields={field: [message]})
    cleaned = text_tidy(value or "", multiline=multiline)
    if len(cleaned) > maximum:
        message = _("This is too long: at most %(max)d characters, you wrote %(count)d.") % {
            "max": maximum,
            "count": len(cleaned),
        }
        raise Invalid(message, fields={field: [message]})
    return cleaned


def _link(value: Any, *, field: str) -> str:
    if value in (None, ""):
        return ""
    if not isinstance(value, str):
        message = _("This is not a web address.")
        raise Invalid(message, fields={field: [message]})
    value = value.strip()
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(value) > 500:
        message = _("Fill in a full web address that starts with https://.")
        raise Invalid(message, fields={field: [message]})
    return value


def interpreter_languages() -> Any:
    return Language.objects.exclude(code__in=NOT_INTERPRETER_LANGUAGES)


def _interpreter(language: Any) -> Language | None:
    if language in (None, ""):
        return None
    if isinstance(language, Language):
        found: Language | None = language
    elif isinstance(language, str) and language.isascii() and language.isalnum():
        found = interpreter_languages().filter(code=language[:10]).first()
    else:
        found = None
    if found is None or found.code in NOT_INTERPRETER_LANGUAGES:
        message = _("Choose the language of the interpreter from the list.")
        raise Invalid(message, fields={"interpreter_language": [message]})
    return found


def _locked(event: Event) -> Event:
    return Event.objects.select_for_update(no_key=True).get(pk=event.pk)


def _day(event: Event) -> str:
    return timezone.localtime(event.starts_at).strftime("%d/%m/%Y")


def _facts(registration: Registration, event: Event) -> dict[str, Any]:
    person = registration.person
    return {
        "person": person.get_full_name(),
        "person_id": person.pk,
        "event": getattr(event, "title_nl", "") or event.title,
        "event_id": event.pk,
        "day": _day(event),
    }


def _timeline(registration: Registration, event: Event, kind: str, actor: Any) -> None:
    if registration.organisation_id is None:
        return
    timeline_record(
        organisation=registration.organisation,  # type: ignore[arg-type]
        kind=kind,
        actor=actor,
        subject=registration,
        data=_facts(registration, event),
    )


def waiting_position(registration: Registration) -> int | None:
    """The place on the waiting list (1 is the next to move up), or None."""
    if registration.status != RegistrationStatus.WAITING:
        return None
    ahead = Registration.objects.filter(
        event_id=registration.event_id, status=RegistrationStatus.WAITING
    ).filter(
        Q(created_at__lt=registration.created_at)
        | Q(created_at=registration.created_at, id__lt=registration.pk)
    )
    return ahead.count() + 1


def registered_count(event: Event) -> int:
    return Registration.objects.filter(event=event, status=RegistrationStatus.REGISTERED).count()


# --- The .ics -----------------------------------------------------------------------------


def registration_ics(registration: Registration, *, language: str | None = None) -> bytes:
    """The registration as an iCalendar file, in ``language`` (default: the current one).

    The online link is in it only for people who have a place; on the waiting list the
    entry is TENTATIVE, and CANCELLED when the registration or the event is cancelled.
    """
    event = registration.event
    with translation.override(language or translation.get_language()):
        has_place = registration.status == RegistrationStatus.REGISTERED
        cancelled = event.is_cancelled or registration.status == RegistrationStatus.CANCELLED
        status = "CANCELLED" if cancelled else ("CONFIRMED" if has_place else "TENTATIVE")
        lines = [event.summary]
        if registration.status == RegistrationStatus.WAITING:
            lines.append(
                _("You are on the waiting list. We send you an e-mail when a place frees.")
            )
        if event.has_place and event.room:
            lines.append(_("Room: %(room)s") % {"room": event.room})
        if event.is_online and event.online_link and has_place and not cancelled:
            lines.append(_("Online: %(link)s") % {"link": event.online_link})
        url = settings.SITE_URL + event.get_absolute_url()
        lines.append(url)
        location = event.address_line() if event.has_place else ""
        if not location and event.is_online:
            location = _("Online")
        entry = CalendarEntry(
            uid=f"registration-{registration.pk}@{urlsplit(settings.SITE_URL).hostname or 'middenveld'}",
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            summary=event.title,
            description="\n\n".join(str(line) for line in lines if line),
            location=str(location),
            url=url,
            status=status,
            # waiting → a place → cancelled: each later file replaces the earlier one.
            sequence={"TENTATIVE": 0, "CONFIRMED": 1, "CANCELLED": 2}[status],
        )
        return calendar_file([entry], name=str(event.title))


def ics_filename(event: Event) -> str:
    return f"{event.slug[:60]}.ics"


def _mail(registration: Registration, template: str, *, ics: bool, **context: Any) -> None:
    person = registration.person
    if not person.email or not person.is_active:
        return
    attachments = []
    if ics:
        data = registration_ics(registration, language=person.language)
        attachments.append((ics_filename(registration.event), data, CALENDAR_MIME))
    send_templated_mail(
        to=person.email,
        template=f"events/mail/{template}",
        context={
            "name": person.name,
            "event": registration.event,
            "registration": registration,
            **context,
        },
        language=person.language,
        attachments=attachments,
    )


# --- Registering --------------------------------------------------------------------------


def registration_window_check(event: Event, now: datetime) -> None:
    if event.is_cancelled:
        raise Conflict(_("This event is cancelled. You cannot register any more."))
    if event.registration_opens_at and now < event.registration_opens_at:
        raise Conflict(
            _("Registration opens on %(day)s. Come back then, please.")
            % {"day": timezone.localtime(event.registration_opens_at).strftime("%d/%m/%Y %H:%M")}
        )
    if now >= event.registration_closes():  # type: ignore[operator]
        raise Conflict(_("Registration for this event is closed."))


def registration_create(
    *,
    event: Event,
    person: Any,
    organisation: Organisation | None = None,
    interpreter_language: Any = None,
    sign_language: bool = False,
    childcare: bool = False,
    step_free_access: bool = False,
    dietary_needs: str = "",
) -> Registration:
    """``person`` registers for ``event``, for themselves or on behalf of ``organisation``.

    When the event is full they join the waiting list. Refused when the person already
    has a registration (registered or waiting), when the organisation has used its
    places, or outside the registration window.
    """
    _require(person, "events.register", event)
    if not rules.check("events.view", person, event):
        raise NotFound(_("This event was not found."))
    if organisation is not None:
        decision = rules.check("events.register_for_organisation", person, organisation)
        if not decision:
            message = _("You can only register on behalf of an organisation you are a member of.")
            raise Forbidden(message, details={"fields": {"organisation": [message]}})
    language = _interpreter(interpreter_language)
    dietary = _text(dietary_needs, field="dietary_needs", maximum=DIETARY_MAX, multiline=False)
    for name, value in (
        ("sign_language", sign_language),
        ("childcare", childcare),
        ("step_free_access", step_free_access),
    ):
        if not isinstance(value, bool):
            message = _("Answer yes or no.")
            raise Invalid(message, fields={name: [message]})

    with transaction.atomic():
        event = _locked(event)
        now = timezone.now()
        registration_window_check(event, now)
        existing = (
            Registration.objects.filter(event=event, person=person, status__in=ACTIVE_STATUSES)
            .only("status")
            .first()
        )
        if existing is not None:
            if existing.status == RegistrationStatus.WAITING:
                raise Conflict(_("You are already on the waiting list for this event."))
            raise Conflict(_("You are already registered for this event."))
        if organisation is not None and event.capacity_per_organisation is not None:
            used = Registration.objects.filter(
                event=event, organisation=organisation, status__in=ACTIVE_STATUSES
            ).count()
            if used >= event.capacity_per_organisation:
                message = _(
                    "%(name)s has already registered %(count)d people for this event. "
                    "Each organisation can register at most %(max)d."
                ) % {
                    "name": organisation.name,
                    "count": used,
                    "max": event.capacity_per_organisation,
                }
                raise Conflict(message, details={"fields": {"organisation": [message]}})
        full = registered_count(event) >= event.capacity
        registration = Registration(
            event=event,
            person=person,
            organisation=organisation,
            status=RegistrationStatus.WAITING if full else RegistrationStatus.REGISTERED,
            created_at=now,
            interpreter_language=language,
            sign_language=sign_language,
            childcare=childcare,
            step_free_access=step_free_access,
            dietary_needs=dietary,
        )
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError:
            raise Conflict(_("You are already registered for this event.")) from None
        _timeline(
            registration, event, "events.waiting" if full else "events.registered", actor=person
        )
    if full:
        _mail(registration, "waiting", ics=False, position=waiting_position(registration))
    else:
        _mail(registration, "registered", ics=True)
    return registration


def _fill_places(event: Event, now: datetime) -> list[Registration]:
    """Move people up from the waiting list while there are free places (event locked)."""
    if event.is_cancelled or event.has_started(now):
        return []
    free = event.capacity - registered_count(event)
    if free <= 0:
        return []
    moving = list(
        Registration.objects.filter(event=event, status=RegistrationStatus.WAITING)
        .select_related("person", "organisation")
        .order_by("created_at", "id")[:free]
    )
    for registration in moving:
        registration.status = RegistrationStatus.REGISTERED
        registration.promoted_at = now
        registration.event = event
        registration.save(update_fields=["status", "promoted_at"])
        _timeline(registration, event, "events.promoted", actor=None)
    return moving


def _tell_promoted(moved: list[Registration]) -> None:
    for registration in moved:
        _mail(registration, "promoted", ics=True)


def event_fill_places(*, event: Event, by: Any = None) -> list[Registration]:
    """After staff add places: the first people waiting move up and get an e-mail."""
    if by is not None:
        _require(by, "events.manage", event)
    with transaction.atomic():
        locked = _locked(event)
        moved = _fill_places(locked, timezone.now())
    _tell_promoted(moved)
    return moved


def registration_cancel(*, registration: Registration, by: Any) -> Registration:
    """The person (or city staff) cancels a registration. A place that frees goes to the
    first person on the waiting list, who gets an e-mail with the .ics."""
    own = getattr(by, "pk", None) is not None and by.pk == registration.person_id
    if not own:
        _require(by, "events.manage", registration.event)
    with transaction.atomic():
        event = _locked(registration.event)
        current = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("person", "organisation")
            .get(pk=registration.pk)
        )
        if current.status == RegistrationStatus.CANCELLED:
            raise Conflict(_("This registration is already cancelled."))
        now = timezone.now()
        if event.has_started(now):
            raise Conflict(_("This event has already started. You cannot cancel any more."))
        had_place = current.status == RegistrationStatus.REGISTERED
        current.status = RegistrationStatus.CANCELLED
        current.cancelled_at = now
        current.checked_in_at = None
        current.save(update_fields=["status", "cancelled_at", "checked_in_at"])
        current.event = event
        _timeline(current, event, "events.cancelled", actor=by)
        moved = _fill_places(event, now) if had_place else []
    _tell_promoted(moved)
    registration.status = current.status
    registration.cancelled_at = current.cancelled_at
    return current


# --- At the door and afterwards -----------------------------------------------------------


def registration_check_in(
    *, registration: Registration, by: Any, undo: bool = False
) -> Registration:
    """Staff mark that the person came (or undo a mistake). Only people with a place."""
    _require(by, "events.manage", registration.event)
    with transaction.atomic():
        current = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("event", "person", "organisation")
            .get(pk=registration.pk)
        )
        event = current.event
        now = timezone.now()
        if undo:
            if current.checked_in_at is not None:
                current.checked_in_at = None
                current.save(update_fields=["checked_in_at"])
            return current
        if current.status != RegistrationStatus.REGISTERED:
            raise Conflict(_("Only people with a place can be checked in."))
        if event.is_cancelled:
            raise Conflict(_("This event is cancelled."))
        if now < event.starts_at - CHECK_IN_FROM:
            raise Conflict(_("Checking in opens on the day of the event."))
        if current.checked_in_at is None:
            current.checked_in_at = now
            current.save(update_fields=["checked_in_at"])
            _timeline(current, event, "events.checked_in", actor=by)
    return current


def event_report_publish(
    *,
    event: Event,
    by: Any,
    minutes: str = "",
    outcomes: str = "",
    recording_url: str = "",
    publish: bool = True,
) -> Event:
    """Staff write the minutes and outcomes (in Dutch; translations in the back office)
    and a link to the recording, and publish them on the event page."""
    _require(by, "events.manage", event)
    minutes = _text(minutes, field="minutes", maximum=REPORT_MAX)
    outcomes = _text(outcomes, field="outcomes", maximum=REPORT_MAX)
    recording = _link(recording_url, field="recording_url")
    if publish and not (minutes or outcomes or recording):
        message = _("Write the minutes or the outcomes, or add a recording, before publishing.")
        raise Invalid(message, fields={"minutes": [message]})
    with transaction.atomic():
        locked = _locked(event)
        if publish and not locked.has_started():
            raise Conflict(_("You can publish the minutes once the event has started."))
        locked.minutes_nl = minutes  # type: ignore[attr-defined]
        locked.outcomes_nl = outcomes  # type: ignore[attr-defined]
        locked.recording_url = recording
        locked.report_published = publish
        if publish and locked.report_published_at is None:
            locked.report_published_at = timezone.now()
        if not publish:
            locked.report_published_at = None
        locked.save()
    return locked


def event_document_add(*, event: Event, by: Any, title: str, upload: Any) -> EventDocument:
    """A document for the event, checked by its content (PDF, ODT or DOCX)."""
    _require(by, "events.manage", event)
    title = _text(title, field="title", maximum=DOCUMENT_TITLE_MAX, multiline=False)
    if not title:
        message = _("Give the document a title, please.")
        raise Invalid(message, fields={"title": [message]})
    kind = document_check(upload, field="file")
    document = EventDocument(event=event, title=title, kind=kind)
    document.file.save(getattr(upload, "name", "") or f"document.{kind}", upload, save=False)
    document.save()
    return document


def event_cancel(*, event: Event, by: Any) -> Event:
    """Staff cancel the event; everyone with a registration gets an e-mail (and an .ics
    that removes it from their agenda)."""
    _require(by, "events.manage", event)
    with transaction.atomic():
        locked = _locked(event)
        if locked.is_cancelled:
            raise Conflict(_("This event is already cancelled."))
        locked.status = EventStatus.CANCELLED
        locked.save(update_fields=["status"])
        people = list(
            Registration.objects.filter(event=locked, status__in=ACTIVE_STATUSES).select_related(
                "person"
            )
        )
    for registration in people:
        registration.event = locked
        _mail(registration, "event_cancelled", ics=True)
    return locked


# --- Reminders ----------------------------------------------------------------------------


def reminders_send(*, now: datetime | None = None, hours: int | None = None) -> int:
    """Remind everyone with a place of events that start within ``hours``.

    Idempotent: each registration is reminded once (``reminded_at``, set with a
    conditional update, so two runs at the same moment send one mail).
    """
    now = now or timezone.now()
    hours = reminder_hours() if hours is None else hours
    due = (
        Registration.objects.filter(
            status=RegistrationStatus.REGISTERED,
            reminded_at__isnull=True,
            event__published=True,
            event__status=EventStatus.SCHEDULED,
            event__starts_at__gt=now,
            event__starts_at__lte=now + timedelta(hours=hours),
        )
        .select_related("event", "person")
        .order_by("event__starts_at", "id")
    )
    sent = 0
    for registration in due.iterator(chunk_size=500):
        claimed = Registration.objects.filter(
            pk=registration.pk, reminded_at__isnull=True, status=RegistrationStatus.REGISTERED
        ).update(reminded_at=now)
        if claimed:
            _mail(registration, "reminder", ics=True)
            sent += 1
    return sent
