"""Registering, the waiting list, cancelling, checking in, the minutes and documents."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from middenveld.accounts.tests.factories import StaffFactory, UserFactory
from middenveld.core.errors import Conflict, Forbidden, Invalid, NotFound
from middenveld.events import services
from middenveld.events.models import EventStatus, Registration, RegistrationStatus
from middenveld.events.tests.factories import EventFactory
from middenveld.organisations.models import TimelineEvent

pytestmark = pytest.mark.django_db


def register(event, person, **extra):
    return services.registration_create(event=event, person=person, **extra)


def test_a_person_registers_with_their_needs_and_gets_a_mail_with_the_ics(mailbox, turkish):
    event = EventFactory()
    person = UserFactory(language="nl")

    registration = register(
        event,
        person,
        interpreter_language=turkish,
        childcare=True,
        dietary_needs="  halal  ",
    )

    assert registration.status == RegistrationStatus.REGISTERED
    assert registration.interpreter_language == turkish
    assert registration.childcare and registration.dietary_needs == "halal"
    assert len(mailbox) == 1
    message = mailbox[0]
    assert message.to == [person.email]
    assert event.title_nl in message.subject
    name, content, mimetype = message.attachments[0]
    assert name.endswith(".ics") and mimetype.startswith("text/calendar")
    assert "BEGIN:VCALENDAR" in content and "TZID=Europe/Brussels" in content
    # The link is in the mail for someone with a place.
    assert "https://meet.example.org/geheim-123" in message.body


def test_when_the_event_is_full_the_next_person_waits_with_a_place_number(mailbox):
    event = EventFactory(capacity=1)
    first, second, third = UserFactory(), UserFactory(), UserFactory()

    register(event, first)
    waiting = register(event, second)
    last = register(event, third)

    assert waiting.status == RegistrationStatus.WAITING
    assert services.waiting_position(waiting) == 1
    assert services.waiting_position(last) == 2
    assert "place 2" in mailbox[-1].body or "2" in mailbox[-1].body
    # No link and no .ics for the waiting list.
    assert not mailbox[-1].attachments
    assert "geheim-123" not in mailbox[-1].body


def test_cancelling_a_place_moves_the_first_waiting_person_up_with_a_mail_in_their_language(
    mailbox,
):
    event = EventFactory(capacity=1)
    first = UserFactory()
    turkish_speaker = UserFactory(language="tr")
    later = UserFactory()
    taken = register(event, first)
    moving = register(event, turkish_speaker)
    register(event, later)
    mailbox.clear()

    services.registration_cancel(registration=taken, by=first)

    moving.refresh_from_db()
    assert moving.status == RegistrationStatus.REGISTERED and moving.promoted_at is not None
    assert Registration.objects.get(person=later).status == RegistrationStatus.WAITING
    assert len(mailbox) == 1
    assert mailbox[0].to == [turkish_speaker.email]
    assert mailbox[0].attachments and mailbox[0].attachments[0][0].endswith(".ics")
    # Rendered in Turkish: the site's own link is under /tr/.
    assert f"/tr/activiteiten/{event.slug}/" in mailbox[0].body


def test_leaving_the_waiting_list_moves_nobody(mailbox):
    event = EventFactory(capacity=1)
    register(event, UserFactory())
    waiting = register(event, person := UserFactory())
    third = register(event, UserFactory())

    services.registration_cancel(registration=waiting, by=person)

    third.refresh_from_db()
    assert third.status == RegistrationStatus.WAITING
    assert services.waiting_position(third) == 1


def test_registering_twice_is_refused_and_changes_nothing():
    event = EventFactory()
    person = UserFactory()
    register(event, person)

    with pytest.raises(Conflict, match="already registered"):
        register(event, person)

    assert Registration.objects.count() == 1


def test_after_cancelling_a_person_may_register_again():
    event = EventFactory()
    person = UserFactory()
    first = register(event, person)
    services.registration_cancel(registration=first, by=person)

    again = register(event, person)

    assert again.status == RegistrationStatus.REGISTERED
    assert Registration.objects.filter(person=person).count() == 2


def test_registering_on_behalf_of_an_organisation_is_for_its_members_only(org_a, org_b):
    event = EventFactory()

    registration = register(event, org_a.member, organisation=org_a.organisation)
    assert registration.organisation == org_a.organisation

    with pytest.raises(Forbidden, match="member of"):
        register(event, org_b.member, organisation=org_a.organisation)
    assert Registration.objects.count() == 1


def test_an_organisation_cannot_register_more_people_than_its_places(org_a):
    event = EventFactory(capacity=10, capacity_per_organisation=1)
    register(event, org_a.admin, organisation=org_a.organisation)

    with pytest.raises(Conflict, match="at most 1"):
        register(event, org_a.member, organisation=org_a.organisation)

    # For themselves they can still register.
    assert register(event, org_a.member).organisation is None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"status": EventStatus.CANCELLED}, "cancelled"),
        ({"registration_opens_at": timezone.now() + timedelta(days=1)}, "opens on"),
        ({"registration_closes_at": timezone.now() - timedelta(minutes=1)}, "closed"),
        (
            {
                "starts_at": timezone.now() - timedelta(minutes=5),
                "ends_at": timezone.now() + timedelta(hours=1),
            },
            "closed",
        ),
    ],
)
def test_registering_outside_the_window_is_refused(changes, message):
    event = EventFactory(**changes)

    with pytest.raises(Conflict, match=message):
        register(event, UserFactory())
    assert not Registration.objects.exists()


def test_an_unpublished_event_does_not_exist_for_people():
    event = EventFactory(published=False)

    with pytest.raises(NotFound):
        register(event, UserFactory())


@pytest.mark.parametrize(
    "extra",
    [
        {"interpreter_language": "xx"},
        {"interpreter_language": "nl"},
        {"dietary_needs": "x" * 201},
        {"dietary_needs": 12},
        {"childcare": "yes"},
    ],
)
def test_bad_needs_are_refused_with_a_message(extra):
    with pytest.raises(Invalid) as raised:
        register(EventFactory(), UserFactory(), **extra)
    assert str(raised.value.message).endswith(".")
    assert not Registration.objects.exists()


def test_an_anonymous_visitor_cannot_register():
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(Forbidden):
        register(EventFactory(), AnonymousUser())


def test_someone_else_cannot_cancel_my_registration_but_staff_can():
    event = EventFactory()
    mine = register(event, UserFactory())

    with pytest.raises(Forbidden):
        services.registration_cancel(registration=mine, by=UserFactory())
    services.registration_cancel(registration=mine, by=StaffFactory())

    mine.refresh_from_db()
    assert mine.status == RegistrationStatus.CANCELLED


def test_cancelling_twice_says_it_is_already_cancelled():
    person = UserFactory()
    registration = register(EventFactory(), person)
    services.registration_cancel(registration=registration, by=person)

    with pytest.raises(Conflict, match="already cancelled"):
        services.registration_cancel(registration=registration, by=person)


def test_raising_the_capacity_moves_people_up():
    event = EventFactory(capacity=1)
    register(event, UserFactory())
    waiting = [register(event, UserFactory()) for _ in range(3)]
    event.capacity = 3
    event.save()

    moved = services.event_fill_places(event=event, by=StaffFactory())

    assert [r.pk for r in moved] == [waiting[0].pk, waiting[1].pk]
    waiting[2].refresh_from_db()
    assert waiting[2].status == RegistrationStatus.WAITING


def test_staff_check_people_in_on_the_day_only_if_they_have_a_place():
    staff = StaffFactory()
    event = EventFactory(
        capacity=1,
        starts_at=timezone.now() + timedelta(hours=1),
        ends_at=timezone.now() + timedelta(hours=3),
    )
    registered = register(event, UserFactory())
    waiting = register(event, UserFactory())

    done = services.registration_check_in(registration=registered, by=staff)
    assert done.checked_in_at is not None
    again = services.registration_check_in(registration=registered, by=staff)
    assert again.checked_in_at == done.checked_in_at  # a double click changes nothing
    with pytest.raises(Conflict, match="Only people with a place"):
        services.registration_check_in(registration=waiting, by=staff)
    with pytest.raises(Forbidden):
        services.registration_check_in(registration=registered, by=UserFactory())
    undone = services.registration_check_in(registration=registered, by=staff, undo=True)
    assert undone.checked_in_at is None


def test_check_in_does_not_open_days_before_the_event():
    registration = register(EventFactory(), UserFactory())

    with pytest.raises(Conflict, match="day of the event"):
        services.registration_check_in(registration=registration, by=StaffFactory())


def test_check_in_of_an_organisation_registration_goes_into_its_timeline(org_a):
    event = EventFactory(
        starts_at=timezone.now() + timedelta(hours=1), ends_at=timezone.now() + timedelta(hours=2)
    )
    registration = register(event, org_a.member, organisation=org_a.organisation)

    services.registration_check_in(registration=registration, by=StaffFactory())

    kinds = list(
        TimelineEvent.objects.filter(organisation=org_a.organisation)
        .filter(kind__startswith="events.")
        .values_list("kind", flat=True)
    )
    assert sorted(kinds) == ["events.checked_in", "events.registered"]


def test_minutes_are_published_after_the_event_only():
    staff = StaffFactory()
    coming = EventFactory()
    with pytest.raises(Conflict, match="once the event has started"):
        services.event_report_publish(event=coming, by=staff, minutes="Verslag")

    past = EventFactory(
        starts_at=timezone.now() - timedelta(days=2),
        ends_at=timezone.now() - timedelta(days=2, hours=-2),
    )
    done = services.event_report_publish(
        event=past,
        by=staff,
        minutes="Wat we bespraken.",
        outcomes="Drie afspraken.",
        recording_url="https://video.example.org/opname",
    )
    assert done.report_published and done.report_published_at is not None
    assert done.minutes_nl == "Wat we bespraken."


@pytest.mark.parametrize(
    "changes",
    [
        {"recording_url": "javascript:alert(1)"},
        {"recording_url": "ftp://example.org/x"},
        {"minutes": "x" * 20_001},
        {"minutes": "", "outcomes": "", "recording_url": ""},
        {"minutes": "\u200b\u200b"},
    ],
)
def test_bad_minutes_are_refused_and_change_nothing(changes):
    past = EventFactory(
        starts_at=timezone.now() - timedelta(days=2), ends_at=timezone.now() - timedelta(days=1)
    )
    values = {"minutes": "Verslag", **changes}
    with pytest.raises(Invalid):
        services.event_report_publish(event=past, by=StaffFactory(), **values)
    past.refresh_from_db()
    assert not past.report_published


def test_only_staff_publish_minutes():
    past = EventFactory(
        starts_at=timezone.now() - timedelta(days=2), ends_at=timezone.now() - timedelta(days=1)
    )
    with pytest.raises(Forbidden):
        services.event_report_publish(event=past, by=UserFactory(), minutes="Verslag")


def test_documents_are_checked_by_their_content():
    staff = StaffFactory()
    event = EventFactory()
    fake = SimpleUploadedFile("agenda.pdf", b"MZ\x90\x00 this is a program", "application/pdf")

    with pytest.raises(Invalid, match="not a real"):
        services.event_document_add(event=event, by=staff, title="Agenda", upload=fake)

    real = SimpleUploadedFile("agenda.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    document = services.event_document_add(event=event, by=staff, title="Agenda", upload=real)
    assert document.kind == "pdf"
    assert event.documents.count() == 1


def test_cancelling_the_event_tells_everyone_with_a_cancelling_ics(mailbox):
    event = EventFactory(capacity=1)
    register(event, UserFactory())
    register(event, UserFactory())
    mailbox.clear()

    services.event_cancel(event=event, by=StaffFactory())

    assert len(mailbox) == 2
    assert all("STATUS:CANCELLED" in m.attachments[0][1] for m in mailbox)
    with pytest.raises(Conflict, match="cancelled"):
        register(event, UserFactory())
