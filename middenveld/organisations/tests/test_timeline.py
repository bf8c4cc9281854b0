"""The 360° timeline: declared kinds, sentences, newest first, page by page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import translation

from middenveld.accounts.tests.factories import UserFactory
from middenveld.organisations.models import TimelineEvent
from middenveld.organisations.tests.factories import OrganisationFactory, RecognitionFactory
from middenveld.organisations.timeline import (
    event_kind,
    event_kinds,
    event_module,
    event_sentence,
    timeline_for,
    timeline_record,
)

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 3, 15, 12, 0, tzinfo=UTC)


@pytest.fixture
def organisation(db):
    return OrganisationFactory()


@pytest.fixture
def declare():
    """Declare kinds for one test; they are removed from the registry afterwards."""
    from middenveld.organisations import timeline

    declared: list[str] = []

    def _declare(kind, sentence, **options):
        declared.append(kind)
        return event_kind(kind, sentence, module="Tests", **options)

    yield _declare
    for kind in declared:
        timeline._KINDS.pop(kind, None)


@pytest.fixture
def hidden_kind(declare):
    """A kind for city staff only."""
    return declare("tests.staff_note", "Staff note: %(note)s", members_see=False)


# --- Recording ------------------------------------------------------------------------


def test_an_undeclared_kind_is_refused_and_nothing_is_written(organisation):
    with pytest.raises(ValueError, match="not declared"):
        timeline_record(organisation=organisation, kind="organisations.invented")

    assert not TimelineEvent.objects.exists()


def test_an_event_keeps_its_actor_subject_data_and_moment(organisation):
    actor = UserFactory()
    recognition = RecognitionFactory(organisation=organisation)

    event = timeline_record(
        organisation=organisation,
        kind="organisations.recognition_recorded",
        actor=actor,
        subject=recognition,
        data={"recognition": "Erkend basiswerk", "valid_from": "01/01/2026"},
        occurred_at=NOON,
    )

    event.refresh_from_db()
    assert event.actor == actor
    assert event.subject_type == ContentType.objects.get_for_model(recognition)
    assert event.subject_id == str(recognition.pk)
    assert event.data == {"recognition": "Erkend basiswerk", "valid_from": "01/01/2026"}
    assert event.occurred_at == NOON


def test_an_anonymous_actor_is_stored_as_no_actor(organisation):
    from django.contrib.auth.models import AnonymousUser

    event = timeline_record(
        organisation=organisation, kind="organisations.verified", actor=AnonymousUser()
    )

    assert event.actor is None


def test_every_kind_of_the_register_is_declared_with_a_module():
    kinds = event_kinds()

    for kind in ("registered", "submitted", "verified", "rejected", "member_joined", "invited"):
        assert f"organisations.{kind}" in kinds
        assert str(kinds[f"organisations.{kind}"].module) == "Organisations"


# --- Sentences ------------------------------------------------------------------------


def test_the_sentence_shows_the_data_in_its_placeholders(organisation):
    event = timeline_record(
        organisation=organisation,
        kind="organisations.member_joined",
        data={"person": "Amal Haddad", "person_id": 1, "role": "admin"},
    )

    assert event_sentence(event) == "Amal Haddad joined as admin"
    assert event_module(event) == "Organisations"


def test_a_sentence_without_placeholders_needs_no_data(organisation):
    event = timeline_record(organisation=organisation, kind="organisations.verified")

    assert event_sentence(event) == "Verified by the city"


def test_the_sentence_is_in_the_readers_language_not_the_writers(organisation):
    with translation.override("nl"):
        event = timeline_record(organisation=organisation, kind="organisations.verified")

    assert event_sentence(event) == "Verified by the city"


def test_missing_data_leaves_a_gap_instead_of_breaking_the_sentence(organisation):
    event = timeline_record(
        organisation=organisation, kind="organisations.member_joined", data={"role": "member"}
    )

    assert event_sentence(event) == "… joined as member"


def test_a_sentence_whose_data_is_missing_entirely_still_reads_as_a_sentence(organisation):
    event = timeline_record(organisation=organisation, kind="organisations.role_changed")

    assert event_sentence(event) == "… is now …"


def test_data_of_the_wrong_shape_falls_back_to_the_words_before_the_first_placeholder(
    organisation, declare
):
    event = timeline_record(organisation=organisation, kind="organisations.rejected")
    event.data = ["not", "a", "mapping"]
    assert event_sentence(event) == "Registration rejected: …"

    declare("tests.count", "Imported %(count)d rows")
    counted = TimelineEvent(organisation=organisation, kind="tests.count", data={"count": "x"})
    assert event_sentence(counted) == "Imported"


def test_an_event_of_a_kind_no_longer_declared_shows_its_code(organisation):
    event = TimelineEvent(organisation=organisation, kind="oldmodule.something", data={})

    assert event_sentence(event) == "oldmodule.something"
    assert event_module(event) == "oldmodule"


def test_the_names_in_the_data_are_not_read_as_placeholders(organisation):
    event = timeline_record(
        organisation=organisation,
        kind="organisations.member_left",
        data={"person": "100%(sure)s Jan", "person_id": 3},
    )

    assert event_sentence(event) == "100%(sure)s Jan left the organisation"


# --- Reading ----------------------------------------------------------------------------


def test_the_timeline_is_newest_first_and_only_of_this_organisation(organisation):
    for hours in (3, 1, 2):
        timeline_record(
            organisation=organisation,
            kind="organisations.invited",
            data={"email": f"{hours}@example.org"},
            occurred_at=NOON + timedelta(hours=hours),
        )
    timeline_record(
        organisation=OrganisationFactory(),
        kind="organisations.verified",
        occurred_at=NOON + timedelta(hours=9),
    )

    events = timeline_for(organisation)

    assert [e.data["email"] for e in events] == [
        "3@example.org",
        "2@example.org",
        "1@example.org",
    ]


def test_the_timeline_is_read_page_by_page_without_gaps_or_overlap(organisation):
    # Ten events, several at exactly the same moment (one import writes many at once).
    moments = [NOON] * 4 + [NOON + timedelta(minutes=1)] * 3 + [NOON - timedelta(minutes=5)] * 3
    for n, moment in enumerate(moments):
        timeline_record(
            organisation=organisation,
            kind="organisations.invited",
            data={"email": f"{n}@example.org"},
            occurred_at=moment,
        )
    everything = timeline_for(organisation, limit=100)

    pages, before = [], None
    while True:
        page = timeline_for(organisation, limit=3, before=before)
        if not page:
            break
        pages.append(page)
        before = (page[-1].occurred_at, page[-1].pk)

    assert [len(page) for page in pages] == [3, 3, 3, 1]
    seen = [event.pk for page in pages for event in page]
    assert seen == [event.pk for event in everything]
    assert len(set(seen)) == 10
    keys = [(e.occurred_at, e.pk) for e in everything]
    assert keys == sorted(keys, reverse=True)


def test_members_do_not_see_kinds_meant_for_city_staff(organisation, hidden_kind):
    timeline_record(organisation=organisation, kind="organisations.verified", occurred_at=NOON)
    timeline_record(
        organisation=organisation,
        kind="tests.staff_note",
        data={"note": "belde over subsidie"},
        occurred_at=NOON + timedelta(hours=1),
    )
    timeline_record(organisation=organisation, kind="organisations.imported", occurred_at=NOON)

    for_members = timeline_for(organisation, members_only=True)
    for_staff = timeline_for(organisation)

    assert [e.kind for e in for_members] == ["organisations.verified"]
    assert {e.kind for e in for_staff} == {
        "organisations.verified",
        "tests.staff_note",
        "organisations.imported",
    }


def test_members_do_not_see_events_of_kinds_that_are_no_longer_declared(organisation):
    TimelineEvent.objects.create(organisation=organisation, kind="oldmodule.something")

    assert timeline_for(organisation, members_only=True) == []
    assert len(timeline_for(organisation)) == 1
