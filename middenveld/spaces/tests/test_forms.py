"""The forms of the spaces pages on their own: what they accept, what they refuse and
what they hand to the services."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.utils import timezone

from middenveld.accounts.tests.factories import StaffFactory, UserFactory
from middenveld.organisations.tests.factories import DistrictFactory, OrganisationFactory
from middenveld.spaces.forms import BookingForm, CancelForm, CatalogueFilterForm, parse_dates
from middenveld.spaces.tests.conftest import book, next_weekday
from middenveld.spaces.tests.factories import BuildingFactory, FacilityFactory

pytestmark = pytest.mark.django_db


def _filter(data: dict) -> CatalogueFilterForm:
    return CatalogueFilterForm(data, districts=None, facilities=None)


# --- The catalogue filter -----------------------------------------------------------------


def test_an_empty_filter_is_valid_and_looks_for_no_free_time():
    form = _filter({})
    assert form.is_valid()
    assert form.free_filter is None


def test_the_district_choices_are_the_districts_with_published_buildings():
    shown = DistrictFactory(slug="rabot", name="Rabot")
    hidden = DistrictFactory(slug="oostakker", name="Oostakker")
    BuildingFactory(district=shown)
    BuildingFactory(district=hidden, published=False)
    choices = [value for value, _label in _filter({}).fields["wijk"].choices]
    assert choices == ["", "rabot"]


def test_a_full_free_filter_gives_day_and_times():
    day = next_weekday(2)
    form = _filter({"datum": day.isoformat(), "van": "19:00", "tot": "21:00"})
    assert form.free_filter == (day, time(19), time(21))


def test_a_wrong_district_keeps_the_other_filters():
    FacilityFactory(code="keuken")
    form = _filter({"wijk": "nergens", "personen": "12", "voorziening": ["keuken"]})
    assert not form.is_valid()
    assert form.valid_value("wijk") is None
    assert form.valid_value("personen") == 12
    assert form.valid_value("voorziening") == ["keuken"]


def test_a_wrong_time_keeps_the_capacity_and_drops_the_free_filter():
    form = _filter({"personen": "12", "datum": next_weekday(2).isoformat(), "van": "abc"})
    assert form.free_filter is None
    assert form.valid_value("personen") == 12
    assert "van" in form.errors


def test_the_free_filter_stops_at_the_planning_horizon():
    last = timezone.localdate() + timedelta(days=2 * 366)
    assert _filter({"datum": last.isoformat(), "van": "10:00", "tot": "11:00"}).is_valid()
    too_far = last + timedelta(days=1)
    form = _filter({"datum": too_far.isoformat(), "van": "10:00", "tot": "11:00"})
    assert "datum" in form.errors


# --- Dates as text ------------------------------------------------------------------------


def test_dates_can_be_written_in_several_ways_and_separated_by_lines_or_commas():
    assert parse_dates("24/12/2026, 2026-12-31\n01-01-2027; 02.01.2027\n\n") == [
        date(2026, 12, 24),
        date(2026, 12, 31),
        date(2027, 1, 1),
        date(2027, 1, 2),
    ]
    assert parse_dates("") == []
    assert parse_dates("24/12/2026, 24/12/2026") == [date(2026, 12, 24)]


@pytest.mark.parametrize("text", ["kerstmis", "31/02/2027", "2027-13-01", "24/12", "1" * 100])
def test_text_that_is_no_date_is_refused_with_what_was_wrong(text):
    from django import forms

    with pytest.raises(forms.ValidationError) as refused:
        parse_dates(f"24/12/2026, {text}")
    assert "These are not dates" in str(refused.value.messages[0])


def test_at_most_two_hundred_exception_dates():
    from django import forms

    first = date(2027, 1, 1)
    many = ", ".join((first + timedelta(days=n)).isoformat() for n in range(201))
    with pytest.raises(forms.ValidationError):
        parse_dates(many)


# --- The booking form ---------------------------------------------------------------------


def _booking_data(org, **extra) -> dict:
    day = next_weekday(1)
    return {
        "organisation": str(org.organisation.pk),
        "purpose": "Repetitie",
        "attendees": "12",
        "first_day": day.isoformat(),
        "start_time": "19:00",
        "end_time": "21:00",
        "repeat": "once",
        **extra,
    }


def test_a_once_booking_hands_no_series_fields_to_the_service(org_a):
    form = BookingForm(
        _booking_data(org_a, weekdays=["2"], until="2027-01-01", interval_weeks="3"),
        user=org_a.member,
    )
    assert form.is_valid(), form.errors
    kwargs = form.service_kwargs()
    assert kwargs["repeat"] == "once"
    assert kwargs["weekdays"] == [] and kwargs["until"] is None and kwargs["interval_weeks"] == 1
    assert kwargs["fold"] is None
    assert form.cleaned_data["organisation"] == org_a.organisation


def test_a_weekly_booking_round_trips_through_the_hidden_fields_of_step_two(org_a):
    until = next_weekday(1) + timedelta(weeks=6)
    form = BookingForm(
        _booking_data(
            org_a,
            repeat="weekly",
            interval_weeks="2",
            weekdays=["1", "3"],
            until=until.isoformat(),
            exceptions="24/12/2026\n31/12/2026",
            fold="1",
        ),
        user=org_a.member,
    )
    assert form.is_valid(), form.errors
    data: dict = {}
    for name, value in form.hidden_values():
        data.setdefault(name, []).append(value)
    again = BookingForm(
        {k: v if k == "weekdays" else v[0] for k, v in data.items()}, user=org_a.member
    )
    assert again.is_valid(), again.errors
    assert again.service_kwargs() == form.service_kwargs()
    assert form.service_kwargs()["weekdays"] == [1, 3]
    assert form.service_kwargs()["fold"] == 1
    assert form.service_kwargs()["exceptions"] == [date(2026, 12, 24), date(2026, 12, 31)]


def test_a_weekly_booking_needs_an_end(org_a):
    form = BookingForm(_booking_data(org_a, repeat="weekly"), user=org_a.member)
    assert not form.is_valid()
    assert "until" in form.errors


def test_only_the_persons_own_organisations_can_be_chosen(org_a, org_b):
    form = BookingForm(_booking_data(org_b), user=org_a.member)
    assert not form.is_valid()
    assert form.errors["organisation"] == ["Choose one of your organisations."]


def test_a_single_organisation_is_chosen_already(org_a):
    assert BookingForm(user=org_a.member).fields["organisation"].initial == str(
        org_a.organisation.pk
    )


def test_staff_may_choose_any_verified_organisation_but_not_a_draft(org_a):
    from middenveld.organisations.models import Status

    draft = OrganisationFactory(status=Status.DRAFT)
    staff = StaffFactory()
    form = BookingForm(_booking_data(org_a), user=staff)
    assert form.is_valid(), form.errors
    assert str(draft.pk) not in form.others
    refused = BookingForm({**_booking_data(org_a), "organisation": str(draft.pk)}, user=staff)
    assert not refused.is_valid()


def test_someone_without_organisations_has_nothing_to_choose():
    assert not BookingForm(user=UserFactory()).has_organisations


# --- The cancel form ----------------------------------------------------------------------


def test_the_cancel_form_offers_the_coming_dates_and_needs_a_date_for_one(space, org_a):
    first = next_weekday(1)
    booking = book(
        space, org_a, first, repeat="weekly", weekdays=[1], until=first + timedelta(weeks=1)
    )
    coming = list(booking.occurrences.order_by("starts_at"))
    form = CancelForm({"scope": "one", "reason": "Ziek"}, occurrences=coming)
    assert not form.is_valid()
    assert "occurrence" in form.errors
    assert len(form.fields["occurrence"].choices) == 3
    assert form.fields["occurrence"].choices[1][1] == f"{first:%d/%m/%Y} 19:00–21:00"
    ok = CancelForm(
        {"scope": "one", "occurrence": str(coming[0].pk), "reason": "Ziek"}, occurrences=coming
    )
    assert ok.is_valid()
    everything = CancelForm({"scope": "all", "reason": "Ziek"}, occurrences=coming)
    assert everything.is_valid()
