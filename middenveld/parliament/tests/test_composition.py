"""Composition rules: staff say how many seats per theme, wijk, size, open or by lot; the
check compares the rules with the seats and the register; applying makes the missing seats
once, removes empty surplus seats and never a seat that holds a mandate; bad rules are
refused with a sentence and change nothing. Also the staff page and the API."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from middenveld.accounts.tests.factories import StaffFactory
from middenveld.api.tests.helpers import error_of
from middenveld.core.errors import Conflict, Forbidden, Invalid
from middenveld.core.models import District
from middenveld.organisations.models import Status
from middenveld.organisations.tests.factories import DistrictFactory, OrganisationFactory
from middenveld.parliament import services
from middenveld.parliament.models import (
    CompositionRule,
    LotDraw,
    Mandate,
    ParliamentLog,
    Seat,
    Term,
    Theme,
)
from middenveld.parliament.tests.factories import build_parliament

pytestmark = pytest.mark.django_db

THEMES = len(Theme.values) - 1  # "each theme" leaves out "Other"


@pytest.fixture
def staff(db):
    return StaffFactory()


@pytest.fixture
def term(parliament):
    """A fresh period of the factory's body (the current one has its five open seats)."""
    today = timezone.localdate()
    return Term.objects.create(
        body=parliament.body,
        starts_on=today + timedelta(days=600),
        ends_on=today + timedelta(days=1400),
    )


def _state():
    return (
        sorted(CompositionRule.objects.values_list("id", "seats")),
        sorted(Seat.objects.values_list("id", "term_id", "kind", "theme", "stratum")),
        ParliamentLog.objects.count(),
    )


def _add(term, by, **kwargs):
    return services.composition_rule_add(term=term, by=by, **kwargs)


# --- adding rules ---------------------------------------------------------------------------


def test_staff_add_rules_of_every_kind_and_each_is_logged(term, staff):
    wijk = DistrictFactory(name="Brugse Poort", slug="brugse-poort")
    rules_ = [
        _add(term, staff, kind="theme", value="each", seats=2),
        _add(term, staff, kind="district", value=wijk.slug, seats=1),
        _add(term, staff, kind="size", value="small", seats=3),
        _add(term, staff, kind="lot", stratum="Jonge organisaties", seats=4),
        _add(term, staff, kind="open", seats=1),
    ]
    assert [r.seats for r in rules_] == [2, 1, 3, 4, 1]
    assert ParliamentLog.objects.filter(subject="compositionrule", change="added").count() == 5
    described = [services.composition_rule_describe(r) for r in rules_]
    assert described == [
        "2 seats for each theme",
        "1 seat for the wijk Brugse Poort",
        "3 seats for Small (no paid staff) organisations",
        "4 seats drawn by lot in the stratum “Jonge organisaties”",
        "1 open seat",
    ]


@pytest.mark.parametrize(
    ("kwargs", "field", "words"),
    [
        ({"kind": "theme", "value": "youth", "seats": 0}, "seats", "from 1 to"),
        ({"kind": "theme", "value": "youth", "seats": -3}, "seats", "from 1 to"),
        ({"kind": "theme", "value": "youth", "seats": "twee"}, "seats", "from 1 to"),
        ({"kind": "theme", "value": "youth", "seats": 10_000}, "seats", "from 1 to"),
        ({"kind": "theme", "value": "astrology", "seats": 1}, "value", "theme from the list"),
        ({"kind": "district", "value": "atlantis", "seats": 1}, "value", "wijk from the list"),
        ({"kind": "size", "value": "huge", "seats": 1}, "value", "size of organisation"),
        ({"kind": "chair", "seats": 1}, "kind", "kind of seat"),
        ({"kind": "lot", "seats": 2}, "stratum", "Name the stratum"),
        ({"kind": "theme", "value": "youth", "seats": 1, "stratum": "x"}, "stratum", "Only"),
        ({"kind": "open", "value": "youth", "seats": 1}, "value", "Open seats"),
    ],
)
def test_a_bad_rule_is_refused_with_a_sentence_and_changes_nothing(
    term, staff, kwargs, field, words
):
    before = _state()
    with pytest.raises(Invalid) as refused:
        _add(term, staff, **kwargs)
    assert words in str(refused.value.details["fields"][field][0])
    assert _state() == before


def test_the_same_rule_twice_is_refused(term, staff):
    _add(term, staff, kind="theme", value="youth", seats=1)
    before = _state()
    with pytest.raises(Invalid) as refused:
        _add(term, staff, kind="theme", value="youth", seats=2)
    assert "already has a rule" in str(refused.value.message)
    assert _state() == before


def test_too_many_seats_together_are_refused(term, staff):
    _add(term, staff, kind="open", seats=200)
    _add(term, staff, kind="size", value="small", seats=200)
    _add(term, staff, kind="size", value="medium", seats=200)
    _add(term, staff, kind="size", value="large", seats=200)
    before = _state()
    with pytest.raises(Invalid) as refused:
        _add(term, staff, kind="theme", value="each", seats=200)
    assert "at most 1000" in str(refused.value.message)
    assert _state() == before


def test_only_staff_add_rules(parliament, term):
    before = _state()
    for person in (parliament.secretary, parliament.members[0].delegate):
        with pytest.raises(Forbidden):
            _add(term, person, kind="open", seats=1)
    assert _state() == before


def test_an_ended_period_cannot_change(parliament, staff):
    today = timezone.localdate()
    old = Term.objects.create(
        body=parliament.body,
        starts_on=today - timedelta(days=2000),
        ends_on=today - timedelta(days=1000),
    )
    with pytest.raises(Conflict):
        _add(old, staff, kind="open", seats=1)
    with pytest.raises(Conflict):
        services.composition_apply(term=old, by=staff)


# --- applying -------------------------------------------------------------------------------


def test_apply_makes_the_seats_once(term, staff):
    wijken = [DistrictFactory(), DistrictFactory()]
    _add(term, staff, kind="theme", value="each", seats=2)
    _add(term, staff, kind="district", value="each", seats=1)
    _add(term, staff, kind="lot", stratum="Nieuwkomers", seats=4)
    _add(term, staff, kind="open", seats=1)
    districts = District.objects.count()
    assert districts >= len(wijken)

    result = services.composition_apply(term=term, by=staff)

    expected = 2 * THEMES + districts + 4 + 1
    assert len(result.created) == expected
    assert result.removed == [] and result.kept == []
    seats = Seat.objects.filter(term=term)
    assert [s.number for s in seats.order_by("number")] == list(range(1, expected + 1))
    assert seats.filter(kind="theme", theme="youth").count() == 2
    assert seats.filter(kind="theme", theme="other").count() == 0
    assert seats.filter(kind="district", district=wijken[0]).count() == 1
    assert seats.filter(kind="lot", stratum="Nieuwkomers").count() == 4
    assert ParliamentLog.objects.filter(subject="seat", change="created").count() == expected
    assert ParliamentLog.objects.filter(subject="term", change="composition").count() == 1

    again = services.composition_apply(term=term, by=staff)
    assert again.created == [] and again.removed == []
    assert Seat.objects.filter(term=term).count() == expected


def test_a_rule_for_one_value_overrules_each(term, staff):
    _add(term, staff, kind="theme", value="each", seats=2)
    _add(term, staff, kind="theme", value="poverty", seats=3)
    services.composition_apply(term=term, by=staff)
    seats = Seat.objects.filter(term=term, kind="theme")
    assert seats.filter(theme="poverty").count() == 3
    assert seats.filter(theme="youth").count() == 2
    assert seats.count() == 2 * (THEMES - 1) + 3


def test_fewer_seats_removes_empty_ones_and_keeps_those_with_a_mandate(term, staff):
    rule = _add(term, staff, kind="size", value="small", seats=3)
    services.composition_apply(term=term, by=staff)
    first = Seat.objects.filter(term=term).order_by("number").first()
    assert first is not None
    services.mandate_grant(
        seat=first,
        organisation=OrganisationFactory(),
        by=staff,
        starts_on=term.starts_on,
        ends_on=term.ends_on,
    )
    services.composition_rule_remove(rule=rule, by=staff)
    _add(term, staff, kind="size", value="small", seats=1)
    result = services.composition_apply(term=term, by=staff)
    assert result.removed == [2, 3] and result.kept == []
    assert list(Seat.objects.filter(term=term).values_list("number", flat=True)) == [1]

    # Asking for none of them: the seat with a mandate stays, and the check says so.
    CompositionRule.objects.filter(term=term).delete()
    _add(term, staff, kind="size", value="medium", seats=1)
    services.composition_apply(term=term, by=staff)
    assert Seat.objects.filter(pk=first.pk).exists()
    assert Mandate.objects.filter(seat=first).exists()
    assert [s.pk for s in services.composition_check(term).outside] == [first.pk]


def test_a_draw_fills_the_free_seats_of_its_stratum(term, staff):
    _add(term, staff, kind="lot", stratum="Jong", seats=2)
    services.composition_apply(term=term, by=staff)
    candidates = [OrganisationFactory() for _ in range(4)]
    services.lot_draw(
        term=term,
        by=staff,
        seed="zaad",
        strata=[services.Stratum("Jong", 2, candidates)],
    )
    seats = Seat.objects.filter(term=term)
    assert seats.count() == 2  # the draw used the seats the rule made
    assert Mandate.objects.filter(seat__term=term).count() == 2
    assert LotDraw.objects.count() == 1
    assert services.composition_apply(term=term, by=staff).created == []


# --- the check ------------------------------------------------------------------------------


def test_the_check_counts_seats_and_candidates_and_flags_too_few(term, staff):
    wijk = DistrictFactory()
    other = DistrictFactory()
    for _ in range(2):
        OrganisationFactory(districts=[wijk.slug])
    OrganisationFactory(districts=[wijk.slug], status=Status.DRAFT)  # not verified: not counted
    _add(term, staff, kind="district", value=wijk.slug, seats=3)
    _add(term, staff, kind="district", value=other.slug, seats=1)
    _add(term, staff, kind="theme", value="youth", seats=2)
    _add(term, staff, kind="open", seats=1)

    check = services.composition_check(term)
    rows = {(r.rule.kind, r.rule.value): r for r in check.rules}
    in_wijk = rows[("district", wijk.slug)]
    assert (in_wijk.wanted, in_wijk.existing, in_wijk.candidates) == (3, 0, 2)
    assert in_wijk.short
    empty = rows[("district", other.slug)]
    assert (empty.candidates, empty.short) == (0, True)
    youth = rows[("theme", "youth")]
    assert youth.candidates is None and not youth.short  # the register does not say
    verified = OrganisationFactory._meta.model.objects.filter(status=Status.VERIFIED).count()
    assert rows[("open", "")].candidates == verified
    assert check.wanted == 7 and check.missing == 7

    services.composition_apply(term=term, by=staff)
    check = services.composition_check(term)
    assert check.existing == 7 and check.missing == 0


# --- the staff page -------------------------------------------------------------------------


def _page(parliament):
    return f"/en/middenveldparlement/organen/{parliament.body.slug}/samenstelling/"


def test_the_page_adds_checks_and_applies(client, parliament, term, staff):
    client.force_login(staff)
    url = _page(parliament)
    response = client.get(url, {"periode": term.pk})
    assert response.status_code == 200
    assert "This mandate period has no rules yet." in response.content.decode()

    response = client.post(
        url,
        {"action": "add", "term": term.pk, "kind": "theme", "theme": "youth", "seats": "2"},
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "2 seats for the theme Children and youth" in page
    assert "Not known: the register does not record this." in page
    assert '<label for="id_seats">' in page

    response = client.post(url, {"action": "apply", "term": term.pk}, follow=True)
    assert "2 seats are made." in response.content.decode()
    assert Seat.objects.filter(term=term, theme="youth").count() == 2

    rule = CompositionRule.objects.get(term=term)
    response = client.post(url, {"action": "remove", "term": term.pk, "rule": rule.pk})
    assert response.status_code == 302
    assert not CompositionRule.objects.filter(term=term).exists()


def test_the_page_shows_a_bad_rule_next_to_its_field(client, parliament, term, staff):
    client.force_login(staff)
    before = _state()
    for data, words in [
        ({"kind": "theme", "theme": "youth", "seats": "0"}, "Give a number of seats from 1 to"),
        ({"kind": "theme", "theme": "", "seats": "1"}, "Choose a theme from the list."),
        ({"kind": "theme", "theme": "astrology", "seats": "1"}, "Choose an option from the list."),
        ({"kind": "lot", "stratum": "", "seats": "1"}, "Name the stratum"),
    ]:
        response = client.post(_page(parliament), {"action": "add", "term": term.pk, **data})
        assert response.status_code == 422
        assert words in response.content.decode()
    assert _state() == before


def test_the_page_is_for_staff_only(client, parliament, term):
    assert client.get(_page(parliament)).status_code == 302  # to sign in
    client.force_login(parliament.secretary)
    assert client.get(_page(parliament)).status_code == 403
    before = _state()
    client.post(_page(parliament), {"action": "apply", "term": term.pk})
    assert _state() == before


def test_a_period_of_another_body_is_not_found(client, parliament, staff):
    other = build_parliament(seats=1, slug="ander")
    client.force_login(staff)
    response = client.get(_page(parliament), {"periode": other.term.pk})
    assert response.status_code == 404


# --- the API --------------------------------------------------------------------------------

API = "/api/v1/parliament"


def test_the_api_adds_checks_applies_and_removes(client, term, staff):
    client.force_login(staff)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # the test reads the English sentences
    response = client.post(
        f"{API}/terms/{term.pk}/composition/rules",
        {"kind": "open", "seats": 3},
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["wanted"] == 3 and body["missing"] == 3
    (rule,) = body["rules"]
    assert rule["description"] == "3 open seats" and rule["candidates"] is not None

    response = client.post(f"{API}/terms/{term.pk}/composition/apply", {}, "application/json")
    assert response.status_code == 200 and response.json()["created"] == [1, 2, 3]
    response = client.post(f"{API}/terms/{term.pk}/composition/apply", {}, "application/json")
    assert response.json()["created"] == []

    assert client.get(f"{API}/terms/{term.pk}/composition").json()["existing"] == 3
    response = client.delete(f"{API}/composition-rules/{rule['id']}")
    assert response.status_code == 204
    assert not CompositionRule.objects.exists()


def test_the_api_refuses_bad_rules_with_the_field(client, term, staff):
    client.force_login(staff)
    before = _state()
    for payload, field in [
        ({"kind": "theme", "value": "astrology", "seats": 1}, "value"),
        ({"kind": "theme", "value": "youth", "seats": 0}, "seats"),
        ({"kind": "open", "seats": -1}, "seats"),
    ]:
        response = client.post(
            f"{API}/terms/{term.pk}/composition/rules", payload, content_type="application/json"
        )
        assert response.status_code == 422
        assert field in error_of(response)["details"]["fields"]
    assert _state() == before
    assert client.get(f"{API}/terms/999999/composition").status_code == 404
