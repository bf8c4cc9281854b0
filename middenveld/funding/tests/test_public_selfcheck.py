"""The eligibility self-check on /subsidies/zelftest/: every failing rule in plain words in
the reader's language, "you can apply" with the call when all is fine, a member may check
for their own organisation, and bad answers never give an error page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation

from middenveld.funding.models import Award, Regulation
from middenveld.funding.tests.factories import RULES, RegulationVersionFactory
from middenveld.organisations.models import LegalForm, Status
from middenveld.organisations.tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_cache():
    cache.clear()


def _day(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


GOOD = {
    "instrument": "basiswerking",
    "legal_form": "VZW",
    "verified": "ja",
    "recognised": "nee",
    "self_organisation": "nee",
    "category": "klein",
    "activity_type": "buurtactiviteit",
    "amount": "1.500",
    "cost_catering": "100",
    "total_budget": "2000",
}


def _check(client, **answers):
    data = {**GOOD, "activity_date": _day(70), **answers}
    return client.get(reverse("funding:check"), data)


def _problems(response) -> list[str]:
    return list(response.context["result"].problems)


def test_answers_that_meet_every_rule_say_you_can_apply_with_the_open_call(client, funding):
    response = _check(client)
    html = response.content.decode()
    assert response.status_code == 200
    assert _problems(response) == []
    assert "You can apply." in html
    assert reverse("funding:call", args=[funding.call.slug]) in html


def test_every_failing_rule_is_listed_in_english_on_the_english_page(client, funding):
    response = _check(
        client,
        legal_form=LegalForm.OTHER.value,
        verified="nee",
        amount="3000",
        activity_type="partijpolitiek",
        activity_date=_day(10),
        cost_catering="400",
        total_budget="1000",
    )
    assert response.status_code == 200
    problems = _problems(response)
    html = response.content.decode()
    expected = [
        "The organisation is not yet verified by the city.",
        "This is only open to: Non-profit association (vzw) or Informal association "
        "(feitelijke vereniging). Your organisation is: Other legal form.",
        "You ask for €3,000.00; this category allows at most €2,500.00.",
        "This regulation does not fund this kind of activity: Party politics.",
        "Your request comes in 10 days before the activity; this regulation asks for at "
        "least 6 weeks.",
        "Catering is 40% of your budget; at most 15% is allowed.",
    ]
    assert problems == expected
    for sentence in expected:
        assert sentence.replace("(", "(") in html.replace("&#x27;", "'")
    assert "6 rules are not met:" in html
    assert "You can apply." not in html


def test_the_self_check_speaks_dutch_on_the_dutch_page(client, funding):
    with translation.override("nl"):
        url = reverse("funding:check")
    assert url == "/subsidies/zelftest/"
    response = client.get(url, {**GOOD, "activity_date": _day(70), "amount": "3000"})
    assert response.status_code == 200
    assert len(_problems(response)) == 1
    assert "€ 3.000,00" in _problems(response)[0]


def test_applicant_rules_of_the_regulation_are_checked_from_the_answers(client, funding):
    district = DistrictFactory(slug="brugse-poort", name="Brugse Poort")
    DistrictFactory(slug="rabot", name="Rabot")
    rules = {
        **RULES,
        "applicants": {
            "legal_forms": ["VZW"],
            "verified": True,
            "recognitions": [],
            "districts": [district.slug],
            "self_organisation": True,
        },
    }
    RegulationVersionFactory(
        regulation=funding.version.regulation,
        number=2,
        valid_from=timezone.localdate(),
        rules=rules,
    )
    response = _check(client, wijk="rabot", self_organisation="nee")
    assert _problems(response) == [
        "This is only open to organisations active in: Brugse Poort.",
        "This is only open to self-organisations.",
    ]
    assert _problems(_check(client, wijk="brugse-poort", self_organisation="ja")) == []


def test_a_member_can_check_for_their_own_organisation_with_what_the_register_knows(
    client, funding
):
    organisation = funding.organisation
    organisation.legal_form = LegalForm.FOUNDATION
    organisation.status = Status.SUBMITTED
    organisation.save()
    client.force_login(funding.member)
    # The answers about the organisation are ignored: the register answers.
    response = _check(client, organisation=str(organisation.pk))
    problems = _problems(response)
    assert "The organisation is not yet verified by the city." in problems
    assert any("Your organisation is: Foundation." in p for p in problems)
    assert response.context["result"].organisation == organisation


def test_a_member_cannot_check_for_an_organisation_they_do_not_belong_to(client, funding):
    client.force_login(funding.member)
    response = _check(client, organisation=str(funding.other.pk))
    assert response.status_code == 400
    assert "result" not in response.context


def test_the_grants_already_received_this_year_count_for_a_member(client, funding):
    for index in range(2):
        Award.objects.create(
            identifier=f"360G-test-{index}",
            organisation=funding.organisation,
            line=funding.line,
            title="Eerdere toekenning",
            amount="100.00",
            decision_reference=f"B-{index}",
            decided_on=timezone.localdate(),
        )
    client.force_login(funding.member)
    problems = _problems(_check(client, organisation=str(funding.organisation.pk)))
    assert any("at most 2 grants per calendar year" in p for p in problems)


@pytest.mark.parametrize(
    "answers",
    [
        {"amount": "abc"},
        {"amount": "-5"},
        {"amount": "1" * 39},
        {"amount": "2,500"},
        {"activity_date": "31/02/2026"},
        {"activity_date": "morgen"},
        {"category": "\x00"},
        {"cost_catering": "veel"},
        {"total_budget": "10", "cost_catering": "100"},
        {"legal_form": "XYZ"},
        {"wijk": "nergens"},
    ],
)
def test_answers_that_cannot_be_read_give_a_clear_message_not_an_error(client, funding, answers):
    response = _check(client, **answers)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Some answers need your attention" in html
    assert 'href="#zelftest-' in html  # the summary links to the field


def test_an_unknown_instrument_says_so(client, funding):
    response = client.get(reverse("funding:check"), {"instrument": "bestaat-niet"})
    assert response.status_code == 404
    assert "We do not know this funding instrument." in response.content.decode()


def test_without_an_instrument_the_check_asks_which_one(client, funding):
    other = Regulation.objects.create(
        instrument=funding.instrument.__class__.objects.create(
            slug="projecten", name="Projectsubsidie", kind="regulation"
        )
    )
    RegulationVersionFactory(regulation=other)
    response = client.get(reverse("funding:check"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="instrument"' in html and "Projectsubsidie" in html
    # With two regulations the home page asks the same first question.
    assert 'id="check-instrument"' in client.get(reverse("funding:home")).content.decode()
