"""Recording the city's recognitions of an organisation, with their decision documents."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from middenveld.core.errors import Forbidden, Invalid
from middenveld.organisations.models import (
    MemberRole,
    Recognition,
    RecognitionDocument,
    RecognitionState,
    TimelineEvent,
)
from middenveld.organisations.recognitions import recognition_record
from middenveld.organisations.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    RecognitionTypeFactory,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Buurtwerk De Pit")


@pytest.fixture
def basiswerk(db):
    return RecognitionTypeFactory(code="basiswerk", name_nl="Erkend basiswerk", name_en="")


def _record(organisation, by, kind, **overrides):
    values = {
        "valid_from": date(2026, 1, 1),
        "valid_until": date(2028, 12, 31),
        "decision_reference": "2025_CBS_01234",
        "decision_date": date(2025, 12, 1),
        **overrides,
    }
    return recognition_record(organisation=organisation, by=by, type=kind, **values)


def test_staff_record_a_recognition_with_its_decision_document(organisation, basiswerk, staff):
    recognition = _record(
        organisation,
        staff,
        basiswerk,
        decision_reference="  2025_CBS_01234 ",
        note=" Voor drie jaar.\x00 ",
        documents=[("Collegebesluit", SimpleUploadedFile("besluit.pdf", PDF))],
    )

    recognition.refresh_from_db()
    assert recognition.decision_reference == "2025_CBS_01234"
    assert recognition.note == "Voor drie jaar."
    assert recognition.recorded_by == staff
    assert recognition.state_on(date(2027, 6, 1)) == RecognitionState.VALID
    (document,) = recognition.documents.all()
    assert document.title == "Collegebesluit"
    assert document.file.read().startswith(b"%PDF-1.4")


def test_a_document_without_a_title_is_named_after_its_file(organisation, basiswerk, staff):
    recognition = _record(
        organisation,
        staff,
        basiswerk,
        documents=[("  ", SimpleUploadedFile("besluit-2025.pdf", PDF))],
    )

    assert recognition.documents.get().title == "besluit-2025.pdf"


def test_recording_writes_the_timeline(organisation, basiswerk, staff):
    recognition = _record(organisation, staff, basiswerk)

    event = TimelineEvent.objects.get(organisation=organisation)
    assert event.kind == "organisations.recognition_recorded"
    assert event.actor == staff
    assert event.subject_id == str(recognition.pk)
    assert event.data == {"recognition": "Erkend basiswerk", "valid_from": "01/01/2026"}


@pytest.mark.parametrize("who", ["citizen", "admin"])
def test_only_city_staff_record_recognitions(organisation, basiswerk, citizen, who):
    person = citizen
    if who == "admin":
        MembershipFactory(organisation=organisation, user=citizen, role=MemberRole.ADMIN)

    with pytest.raises(Forbidden):
        _record(organisation, person, basiswerk)

    assert not Recognition.objects.exists()
    assert not TimelineEvent.objects.exists()


def test_an_end_before_the_start_is_refused(organisation, basiswerk, staff):
    with pytest.raises(Invalid) as caught:
        _record(organisation, staff, basiswerk, valid_until=date(2025, 12, 31))

    assert "valid_until" in caught.value.details["fields"]
    assert "end date" in str(caught.value)
    assert not Recognition.objects.exists()


def test_a_recognition_of_one_day_is_fine(organisation, basiswerk, staff):
    recognition = _record(
        organisation, staff, basiswerk, valid_from=date(2026, 5, 1), valid_until=date(2026, 5, 1)
    )

    assert recognition.state_on(date(2026, 5, 1)) == RecognitionState.VALID


def test_an_open_ended_recognition_is_fine(organisation, basiswerk, staff):
    recognition = _record(organisation, staff, basiswerk, valid_until=None)

    assert recognition.state_on(date(2099, 1, 1)) == RecognitionState.VALID


@pytest.mark.parametrize("reference", ["", "   ", "\x00", "x" * 101])
def test_a_decision_reference_is_needed_and_short(organisation, basiswerk, staff, reference):
    with pytest.raises(Invalid) as caught:
        _record(organisation, staff, basiswerk, decision_reference=reference)

    assert "decision_reference" in caught.value.details["fields"]
    assert not Recognition.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("besluit.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32),
        ("besluit.pdf", b"MZ\x90\x00 a program"),
        ("besluit.docx", b"PK\x03\x04 not really a zip"),
        ("besluit.pdf", b""),
    ],
)
def test_a_document_that_is_not_really_a_document_is_refused_and_nothing_is_saved(
    organisation, basiswerk, staff, name, content
):
    documents = [
        ("Besluit", SimpleUploadedFile("echt.pdf", PDF)),
        ("Bijlage", SimpleUploadedFile(name, content)),
    ]

    with pytest.raises(Invalid) as caught:
        _record(organisation, staff, basiswerk, documents=documents)

    assert "documents" in caught.value.details["fields"]
    assert not Recognition.objects.exists()
    assert not RecognitionDocument.objects.exists()
    assert not TimelineEvent.objects.exists()


def test_a_renewal_is_a_new_period_and_the_old_one_stays(organisation, basiswerk, staff):
    first = _record(
        organisation, staff, basiswerk, valid_from=date(2023, 1, 1), valid_until=date(2025, 12, 31)
    )
    second = _record(
        organisation,
        staff,
        basiswerk,
        valid_from=date(2026, 1, 1),
        valid_until=date(2028, 12, 31),
        decision_reference="2025_CBS_09999",
    )

    assert list(organisation.recognitions.all()) == [second, first]  # newest period first
    on = date(2026, 6, 1)
    assert [r.state_on(on) for r in organisation.recognitions.all()] == [
        RecognitionState.VALID,
        RecognitionState.EXPIRED,
    ]
    assert TimelineEvent.objects.filter(kind="organisations.recognition_recorded").count() == 2
