"""Recognition periods and eligibility, for one organisation and for many at once."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest

from middenveld.organisations.eligibility import (
    Requirement,
    eligibility_check,
    eligible_organisations,
)
from middenveld.organisations.models import LegalForm, Organisation, RecognitionState, Status
from middenveld.organisations.tests.factories import (
    DistrictFactory,
    OrganisationFactory,
    RecognitionFactory,
    RecognitionTypeFactory,
)

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 15)
YESTERDAY = DAY - timedelta(days=1)
TOMORROW = DAY + timedelta(days=1)


@pytest.fixture
def basiswerk(db):
    return RecognitionTypeFactory(code="basiswerk", name_nl="Erkend basiswerk", name_en="")


@pytest.fixture
def districts(db):
    return [
        DistrictFactory(slug="rabot", name="Rabot"),
        DistrictFactory(slug="ledeberg", name="Ledeberg"),
        DistrictFactory(slug="zwijnaarde", name="Zwijnaarde"),
    ]


REQUIREMENT = Requirement(
    legal_forms=(LegalForm.NONPROFIT, LegalForm.INFORMAL),
    recognitions=("basiswerk",),
    districts=("rabot", "ledeberg"),
    self_organisation=True,
)


def _eligible_org(basiswerk, **overrides):
    values = {
        "legal_form": LegalForm.NONPROFIT,
        "is_self_organisation": True,
        "districts": ["rabot"],
        **overrides,
    }
    organisation = OrganisationFactory(**values)
    RecognitionFactory(
        organisation=organisation,
        type=basiswerk,
        valid_from=DAY - timedelta(days=100),
        valid_until=DAY + timedelta(days=100),
    )
    return organisation


# --- Recognition periods --------------------------------------------------------------


@pytest.mark.parametrize(
    ("valid_from", "valid_until", "state"),
    [
        (TOMORROW, None, RecognitionState.UPCOMING),
        (TOMORROW, TOMORROW, RecognitionState.UPCOMING),
        (DAY, DAY, RecognitionState.VALID),  # a one-day recognition is valid on that day
        (YESTERDAY, DAY, RecognitionState.VALID),  # the last day still counts
        (DAY, TOMORROW, RecognitionState.VALID),  # so does the first
        (date(2020, 1, 1), None, RecognitionState.VALID),  # open-ended
        (date(2020, 1, 1), YESTERDAY, RecognitionState.EXPIRED),
    ],
)
def test_the_state_of_a_recognition_follows_from_its_period(valid_from, valid_until, state):
    recognition = RecognitionFactory(valid_from=valid_from, valid_until=valid_until)

    assert recognition.state_on(DAY) == state


def test_the_state_without_a_day_is_the_state_today():
    today = date.today()
    recognition = RecognitionFactory(valid_from=today, valid_until=today)

    assert recognition.state == RecognitionState.VALID


# --- One organisation -------------------------------------------------------------------


def test_an_organisation_that_meets_everything_is_eligible(basiswerk, districts):
    organisation = _eligible_org(basiswerk)

    result = eligibility_check(organisation, REQUIREMENT, on=DAY)

    assert result
    assert result.eligible is True
    assert result.reasons == []


def test_every_failing_requirement_is_given_as_a_reason(basiswerk, districts):
    organisation = OrganisationFactory(
        status=Status.SUBMITTED,
        legal_form=LegalForm.FOUNDATION,
        is_self_organisation=False,
        districts=["zwijnaarde"],
    )
    RecognitionFactory(
        organisation=organisation,
        type=basiswerk,
        valid_from=date(2025, 1, 1),
        valid_until=YESTERDAY,
    )

    result = eligibility_check(organisation, REQUIREMENT, on=DAY)

    assert not result
    assert len(result.reasons) == 5
    verified, legal, recognition, district, self_org = result.reasons
    assert "not yet verified" in verified
    assert "Non-profit association (vzw)" in legal
    assert "Informal association" in legal
    assert "Foundation" in legal
    assert "15/03/2026" in recognition
    assert "Erkend basiswerk" in recognition
    assert "Rabot or Ledeberg" in district
    assert "self-organisations" in self_org


@pytest.mark.parametrize(
    ("overrides", "words"),
    [
        ({"status": Status.DRAFT}, "not yet verified"),
        ({"status": Status.REJECTED}, "not yet verified"),
        ({"legal_form": LegalForm.FOUNDATION}, "only open to"),
        ({"districts": ["zwijnaarde"]}, "active in"),
        ({"is_self_organisation": False}, "self-organisations"),
    ],
)
def test_one_failing_requirement_gives_exactly_that_reason(basiswerk, districts, overrides, words):
    organisation = _eligible_org(basiswerk, **overrides)

    result = eligibility_check(organisation, REQUIREMENT, on=DAY)

    assert not result
    assert len(result.reasons) == 1
    assert words in result.reasons[0]


def test_a_recognition_that_ended_yesterday_is_not_valid_today(basiswerk, districts):
    organisation = _eligible_org(basiswerk)
    organisation.recognitions.update(valid_until=YESTERDAY)

    assert eligibility_check(organisation, REQUIREMENT, on=YESTERDAY)
    result = eligibility_check(organisation, REQUIREMENT, on=DAY)
    assert not result
    assert result.reasons == [
        "This needs a recognition that is valid on 15/03/2026: Erkend basiswerk."
    ]


def test_a_recognition_that_starts_tomorrow_is_not_valid_today(basiswerk, districts):
    organisation = _eligible_org(basiswerk)
    organisation.recognitions.update(valid_from=TOMORROW, valid_until=None)

    assert not eligibility_check(organisation, REQUIREMENT, on=DAY)
    assert eligibility_check(organisation, REQUIREMENT, on=TOMORROW)


def test_an_open_ended_recognition_stays_valid(basiswerk, districts):
    organisation = _eligible_org(basiswerk)
    organisation.recognitions.update(valid_until=None)

    assert eligibility_check(organisation, REQUIREMENT, on=date(2099, 1, 1))


def test_a_valid_recognition_of_another_type_does_not_count(basiswerk, districts):
    organisation = _eligible_org(basiswerk)
    organisation.recognitions.update(type=RecognitionTypeFactory(code="jeugdwerk"))

    assert not eligibility_check(organisation, REQUIREMENT, on=DAY)


def test_an_expired_recognition_next_to_a_renewed_one_is_no_problem(basiswerk, districts):
    organisation = _eligible_org(basiswerk)
    RecognitionFactory(
        organisation=organisation,
        type=basiswerk,
        valid_from=date(2020, 1, 1),
        valid_until=YESTERDAY,
    )

    assert eligibility_check(organisation, REQUIREMENT, on=DAY)


def test_an_empty_requirement_only_asks_for_verification(db):
    assert eligibility_check(OrganisationFactory(), Requirement(), on=DAY)
    assert not eligibility_check(OrganisationFactory(status=Status.DRAFT), Requirement(), on=DAY)
    assert eligibility_check(
        OrganisationFactory(status=Status.DRAFT), Requirement(verified=False), on=DAY
    )


# --- Many organisations ------------------------------------------------------------------


def test_the_eligible_organisations_are_exactly_those_that_pass_the_check(basiswerk, districts):
    other_type = RecognitionTypeFactory(code="jeugdwerk")
    periods = {
        "valid": (DAY - timedelta(days=10), DAY + timedelta(days=10)),
        "open": (DAY - timedelta(days=10), None),
        "ended yesterday": (DAY - timedelta(days=10), YESTERDAY),
        "ends today": (DAY - timedelta(days=10), DAY),
        "starts today": (DAY, None),
        "starts tomorrow": (TOMORROW, None),
        "none": None,
        "other type": "other",
    }
    combinations = itertools.product(
        (Status.VERIFIED, Status.SUBMITTED),
        (LegalForm.NONPROFIT, LegalForm.FOUNDATION),
        (["rabot"], ["zwijnaarde"], ["zwijnaarde", "ledeberg"], []),
        (True, False),
        periods.values(),
    )
    for status, legal_form, where, self_org, period in combinations:
        organisation = OrganisationFactory(
            status=status, legal_form=legal_form, districts=where, is_self_organisation=self_org
        )
        if period == "other":
            RecognitionFactory(organisation=organisation, type=other_type)
        elif period is not None:
            RecognitionFactory(
                organisation=organisation,
                type=basiswerk,
                valid_from=period[0],
                valid_until=period[1],
            )
    assert Organisation.objects.count() == 2 * 2 * 4 * 2 * len(periods)

    for requirement in (
        REQUIREMENT,
        Requirement(),
        Requirement(verified=False, recognitions=("basiswerk", "jeugdwerk")),
        Requirement(districts=("ledeberg",), self_organisation=False),
        Requirement(legal_forms=(LegalForm.FOUNDATION,), recognitions=("basiswerk",)),
    ):
        expected = {
            o.pk for o in Organisation.objects.all() if eligibility_check(o, requirement, on=DAY)
        }
        found = set(eligible_organisations(requirement, on=DAY).values_list("pk", flat=True))
        assert found == expected
        assert expected  # every requirement above is met by someone

    strict = {o.pk for o in eligible_organisations(REQUIREMENT, on=DAY)}
    assert len(strict) == 1 * 1 * 2 * 1 * 4  # rabot or ledeberg; valid, open, ends or starts today


def test_the_eligible_organisations_are_listed_once_each(basiswerk, districts):
    organisation = _eligible_org(basiswerk, districts=["rabot", "ledeberg"])
    RecognitionFactory(organisation=organisation, type=basiswerk, valid_from=YESTERDAY)

    assert list(eligible_organisations(REQUIREMENT, on=DAY)) == [organisation]


def test_the_eligible_organisations_can_be_narrowed_down_first(basiswerk, districts):
    first = _eligible_org(basiswerk)
    _eligible_org(basiswerk)

    narrowed = eligible_organisations(
        REQUIREMENT, on=DAY, queryset=Organisation.objects.filter(pk=first.pk)
    )

    assert list(narrowed) == [first]


# --- The requirement in words ------------------------------------------------------------


def test_a_requirement_describes_itself_in_words(basiswerk, districts):
    assert REQUIREMENT.describe() == [
        "The organisation is verified by the city.",
        "Legal form: Non-profit association (vzw) or Informal association (feitelijke vereniging).",
        "A valid recognition: Erkend basiswerk.",
        "Active in: Rabot or Ledeberg.",
        "The organisation is a self-organisation.",
    ]


def test_an_unknown_code_is_described_by_the_code_itself(db):
    requirement = Requirement(
        verified=False, recognitions=("bestaat-niet",), districts=("nergens",)
    )

    assert requirement.describe() == [
        "A valid recognition: bestaat-niet.",
        "Active in: nergens.",
    ]


def test_an_empty_requirement_without_verification_describes_nothing(db):
    assert Requirement(verified=False).describe() == []
