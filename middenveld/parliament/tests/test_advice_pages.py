"""The advice tracker, the advice page with the city's answer, the signals pages and the
yearly signals report (page and PDF)."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import count

import pytest
from django.urls import reverse
from django.utils import timezone

from middenveld.accounts.tests.factories import StaffFactory, UserFactory
from middenveld.core.models import District
from middenveld.organisations.tests.factories import MembershipFactory, OrganisationFactory
from middenveld.parliament.models import (
    Advice,
    Body,
    BodyKind,
    ParliamentLog,
    Signal,
    SignalGroup,
    Theme,
)
from middenveld.parliament.tests.factories import build_parliament

pytestmark = pytest.mark.django_db

_numbers = count(1)
TRACKER_QUERIES = 5


def _body(slug: str = "tafel") -> Body:
    return Body.objects.create(kind=BodyKind.TABLE, name="Tafel welzijn", slug=slug)


def make_advice(
    body: Body,
    *,
    sent_days_ago: int,
    due_in: int,
    answer: str = Advice.Answer.WAITING,
    theme: str = Theme.WELFARE,
    title: str = "",
    sent_on: date | None = None,
    due_on: date | None = None,
) -> Advice:
    today = timezone.localdate()
    sent = sent_on or today - timedelta(days=sent_days_ago)
    number = next(_numbers)
    answered = answer != Advice.Answer.WAITING
    return Advice.objects.create(
        body=body,
        number=f"T{sent.year}-{number:04d}",
        title=title or f"Advies {number}",
        text="De stad moet meer doen.",
        theme=theme,
        adopted_on=sent,
        sent_on=sent,
        answer_due=due_on or max(sent, today + timedelta(days=due_in)),
        answer=answer,
        answer_reasons="Omdat het kan." if answered else "",
        answered_on=today if answered else None,
    )


def tracker_url(**params: str) -> str:
    url = reverse("parliament:advice_list")
    if params:
        from urllib.parse import urlencode

        url += "?" + urlencode(params)
    return url


# --- The tracker ---------------------------------------------------------------------------


def test_the_tracker_shows_days_overdue_days_left_and_answers(client):
    body = _body()
    make_advice(body, sent_days_ago=80, due_in=-20, title="Te laat advies")
    make_advice(body, sent_days_ago=10, due_in=5, title="Nog tijd advies")
    make_advice(body, sent_days_ago=5, due_in=0, title="Vandaag advies")
    make_advice(
        body, sent_days_ago=90, due_in=-30, answer=Advice.Answer.PARTLY, title="Beantwoord advies"
    )

    response = client.get(tracker_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert "Waiting, 20 days overdue" in html
    assert "Waiting, answer due in 5 days" in html
    assert "Waiting, the answer is due today" in html
    assert "Partly accepted" in html
    assert "Tafel welzijn" in html
    counts = response.context["counts"]
    assert (counts.total, counts.waiting, counts.overdue, counts.answered) == (4, 3, 1, 1)


def test_the_tracker_filters_by_answer_overdue_year_and_theme(client):
    body = _body()
    today = timezone.localdate()
    late = make_advice(body, sent_days_ago=80, due_in=-20, title="Te laat")
    make_advice(body, sent_days_ago=10, due_in=5, title="Op tijd", theme=Theme.SPORT)
    accepted = make_advice(
        body, sent_days_ago=90, due_in=-30, answer=Advice.Answer.ACCEPTED, title="Aanvaard"
    )
    old = make_advice(
        body,
        sent_days_ago=0,
        due_in=0,
        title="Oud advies",
        sent_on=date(today.year - 3, 3, 1),
        due_on=date(today.year - 3, 5, 1),
    )

    def shown(**params: str) -> set[str]:
        response = client.get(tracker_url(**params))
        assert response.status_code == 200
        return {row.advice.number for row in response.context["rows"]}

    assert shown(antwoord="overdue") == {late.number, old.number}
    assert shown(antwoord="accepted") == {accepted.number}
    assert shown(jaar=str(today.year - 3)) == {old.number}
    assert len(shown(thema=Theme.SPORT)) == 1
    assert shown(antwoord="overdue", jaar=str(today.year - 3)) == {old.number}


def test_the_counts_follow_the_year_and_theme_but_not_the_answer_filter(client):
    body = _body()
    make_advice(body, sent_days_ago=80, due_in=-20)
    make_advice(body, sent_days_ago=80, due_in=-2, theme=Theme.SPORT)
    make_advice(body, sent_days_ago=10, due_in=5, answer=Advice.Answer.NOT_ACCEPTED)

    response = client.get(tracker_url(antwoord="overdue", thema=Theme.WELFARE))

    counts = response.context["counts"]
    assert (counts.total, counts.overdue, counts.not_accepted) == (2, 1, 1)
    assert response.context["page"].paginator.count == 1
    assert "Overdue (1)" in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"antwoord": "nonsense"},
        {"jaar": "abc"},
        {"jaar": "1850"},
        {"jaar": "99999999999999999999"},
        {"thema": "<script>"},
        {"pagina": "-1"},
        {"pagina": "999"},
    ],
)
def test_odd_filters_never_break_the_tracker(client, params):
    make_advice(_body(), sent_days_ago=80, due_in=-20)
    response = client.get(tracker_url(**params))
    assert response.status_code == 200


def test_the_tracker_is_paginated(client):
    body = _body()
    for _ in range(55):
        make_advice(body, sent_days_ago=3, due_in=10)

    first = client.get(tracker_url())
    second = client.get(tracker_url(pagina="2"))

    assert len(first.context["rows"]) == 50
    assert len(second.context["rows"]) == 5
    assert "Page 2 of 2" in second.content.decode()


def _bulk_advice(body: Body, how_many: int) -> None:
    today = timezone.localdate()
    rows = []
    for index in range(how_many):
        sent = today - timedelta(days=index * 3)
        waiting = index % 3 != 0
        rows.append(
            Advice(
                body=body,
                number=f"B-{index:05d}",
                title=f"Advies {index}",
                text="Tekst " * 50,
                theme=Theme.values[index % len(Theme.values)],
                adopted_on=sent,
                sent_on=sent,
                answer_due=sent + timedelta(days=60),
                answer=Advice.Answer.WAITING if waiting else Advice.Answer.ACCEPTED,
                answer_reasons="" if waiting else "Reden",
                answered_on=None if waiting else sent + timedelta(days=30),
            )
        )
    Advice.objects.bulk_create(rows)


@pytest.mark.parametrize("how_many", [5, 400])
def test_the_tracker_stays_within_a_fixed_query_budget(
    client, django_assert_max_num_queries, how_many
):
    _bulk_advice(_body(), how_many)
    # The page cache's version lookups, the counts, the rows of the page, the footer.
    with django_assert_max_num_queries(TRACKER_QUERIES):
        response = client.get(tracker_url())
    assert response.status_code == 200
    with django_assert_max_num_queries(TRACKER_QUERIES):
        response = client.get(tracker_url(antwoord="overdue", jaar=str(timezone.now().year)))
    assert response.status_code == 200


def test_the_tracker_is_cached_for_anonymous_visitors_for_at_most_an_hour(client):
    make_advice(_body(), sent_days_ago=80, due_in=-20)
    assert client.get(tracker_url())["X-Cache"] == "miss"
    assert client.get(tracker_url())["X-Cache"] == "hit"


# --- One advice and the city's answer ------------------------------------------------------


def test_the_advice_page_shows_the_session_and_the_deadline(client):
    parliament = build_parliament()
    advice = make_advice(parliament.body, sent_days_ago=70, due_in=-10)
    advice.motion = parliament.motion
    advice.save()

    response = client.get(advice.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("parliament:session", args=[parliament.session.pk]) in html
    assert parliament.motion.title in html
    assert "Waiting, 10 days overdue" in html
    assert 'name="reasons"' not in html


def test_an_unknown_advice_number_is_a_404(client):
    assert client.get(reverse("parliament:advice", args=["A1999-999"])).status_code == 404


def test_staff_answer_an_advice_on_its_page(client):
    advice = make_advice(_body(), sent_days_ago=70, due_in=-10)
    staff = StaffFactory()
    client.force_login(staff)

    page = client.get(advice.get_absolute_url())
    assert 'name="reasons"' in page.content.decode()
    response = client.post(
        advice.get_absolute_url(),
        {
            "answer": "partly",
            "reasons": "Deels, want het budget is op.",
            "actions": "Volgend jaar.",
        },
    )

    assert response.status_code == 302
    advice.refresh_from_db()
    assert advice.answer == Advice.Answer.PARTLY
    assert advice.answer_reasons == "Deels, want het budget is op."
    assert advice.answer_actions == "Volgend jaar."
    assert advice.answered_on == timezone.localdate()
    shown = client.get(advice.get_absolute_url()).content.decode()
    assert "Deels, want het budget is op." in shown
    assert "The answer is saved." in shown


def test_an_answer_without_reasons_is_refused_with_the_services_message(client):
    advice = make_advice(_body(), sent_days_ago=70, due_in=-10)
    client.force_login(StaffFactory())

    response = client.post(
        advice.get_absolute_url(), {"answer": "accepted", "reasons": "   ", "actions": ""}
    )

    assert response.status_code == 422
    assert "Give the reasons for the answer." in response.content.decode()
    advice.refresh_from_db()
    assert advice.answer == Advice.Answer.WAITING
    assert advice.answered_on is None
    assert not ParliamentLog.objects.filter(change="answer").exists()


def test_an_answer_without_a_choice_is_refused(client):
    advice = make_advice(_body(), sent_days_ago=70, due_in=-10)
    client.force_login(StaffFactory())

    response = client.post(advice.get_absolute_url(), {"answer": "", "reasons": "Omdat."})

    assert response.status_code == 422
    assert "Choose: accepted, partly accepted or not accepted." in response.content.decode()
    advice.refresh_from_db()
    assert advice.answer == Advice.Answer.WAITING


def test_people_who_are_not_city_staff_cannot_answer(client):
    parliament = build_parliament()
    advice = make_advice(parliament.body, sent_days_ago=70, due_in=-10)
    data = {"answer": "accepted", "reasons": "Ja."}

    assert client.post(advice.get_absolute_url(), data).status_code == 302  # to the sign-in
    for person in (UserFactory(), parliament.secretary, parliament.members[0].delegate):
        client.force_login(person)
        assert client.post(advice.get_absolute_url(), data).status_code == 403

    advice.refresh_from_db()
    assert advice.answer == Advice.Answer.WAITING


# --- Signals -------------------------------------------------------------------------------


@pytest.fixture
def district():
    return District.objects.create(code="X1", name="Brugse Poort", slug="brugse-poort")


def test_a_member_files_a_signal_for_their_organisation(client, district):
    membership = MembershipFactory()
    client.force_login(membership.user)

    assert client.get(reverse("parliament:signal_new")).status_code == 200
    response = client.post(
        reverse("parliament:signal_new"),
        {
            "organisation": str(membership.organisation_id),
            "title": "Te weinig speelpleinen",
            "text": "Kinderen spelen op straat.",
            "theme": Theme.YOUTH,
            "district": district.slug,
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("parliament:signals")
    signal = Signal.objects.get()
    assert signal.organisation == membership.organisation
    assert signal.district == district
    assert signal.filed_by == membership.user
    listing = client.get(reverse("parliament:signals")).content.decode()
    assert "Your signal is sent." in listing
    assert "Te weinig speelpleinen" in listing


def test_a_signal_for_someone_elses_organisation_is_refused(client):
    membership = MembershipFactory()
    other = OrganisationFactory()
    client.force_login(membership.user)

    response = client.post(
        reverse("parliament:signal_new"),
        {"organisation": str(other.pk), "title": "Vals", "text": "Vals.", "theme": Theme.OTHER},
    )

    assert response.status_code == 422
    assert "Choose one of your own organisations." in response.content.decode()
    assert not Signal.objects.exists()


def test_signing_in_comes_before_the_signal_pages(client):
    for name in ("parliament:signal_new", "parliament:signals"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]


def test_a_person_without_an_organisation_is_told_so(client):
    client.force_login(UserFactory())
    response = client.get(reverse("parliament:signal_new"))
    assert response.status_code == 200
    assert "You are not a member of an organisation yet." in response.content.decode()


def _signal(organisation, title: str, **kwargs) -> Signal:
    return Signal.objects.create(
        organisation=organisation, title=title, text="Wat we zien.", theme=Theme.POVERTY, **kwargs
    )


def test_members_see_only_the_signals_of_their_own_organisations(client):
    mine = MembershipFactory()
    _signal(mine.organisation, "Mijn signaal")
    _signal(OrganisationFactory(), "Ander signaal")
    client.force_login(mine.user)

    response = client.get(reverse("parliament:signals"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Mijn signaal" in html
    assert "Ander signaal" not in html
    assert 'name="new_group"' not in html


def test_members_cannot_sort_signals(client):
    mine = MembershipFactory()
    signal = _signal(mine.organisation, "Mijn signaal")
    client.force_login(mine.user)

    response = client.post(
        reverse("parliament:signals"), {"signal": signal.pk, "tags": "x", "new_group": "G"}
    )

    assert response.status_code == 403
    assert not SignalGroup.objects.exists()


def test_staff_see_all_signals_and_filter_them(client, district):
    a = _signal(OrganisationFactory(), "Signaal in de wijk", district=district)
    _signal(OrganisationFactory(), "Signaal elders")
    client.force_login(StaffFactory())

    everything = client.get(reverse("parliament:signals"))
    in_district = client.get(reverse("parliament:signals") + "?wijk=brugse-poort")
    ungrouped = client.get(reverse("parliament:signals") + "?groep=geen")
    odd = client.get(reverse("parliament:signals") + "?groep=999&label=abc&jaar=1")

    assert len(everything.context["signals"]) == 2
    assert [s.pk for s in in_district.context["signals"]] == [a.pk]
    assert len(ungrouped.context["signals"]) == 2
    assert odd.status_code == 200
    assert odd.context["unknown_filter"]


def test_staff_tag_and_group_a_signal(client):
    signal = _signal(OrganisationFactory(), "Lange wachtlijsten")
    other = _signal(OrganisationFactory(), "Nog een wachtlijst")
    client.force_login(StaffFactory())
    url = reverse("parliament:signals") + "?thema=poverty"

    response = client.post(
        url, {"signal": signal.pk, "tags": "wachtlijst, zorg, Zorg", "new_group": "Wachtlijsten"}
    )

    assert response.status_code == 302
    assert response["Location"].startswith(url)
    signal.refresh_from_db()
    group = SignalGroup.objects.get()
    assert signal.group == group
    assert group.year == timezone.localdate().year
    assert sorted(t.name for t in signal.tags.all()) == ["wachtlijst", "zorg"]

    client.post(url, {"signal": other.pk, "tags": "", "group": str(group.pk)})
    other.refresh_from_db()
    assert other.group == group
    grouped = client.get(reverse("parliament:signals") + f"?groep={group.pk}")
    assert {s.pk for s in grouped.context["signals"]} == {signal.pk, other.pk}


def test_a_group_of_another_year_is_refused(client):
    signal = _signal(OrganisationFactory(), "Signaal")
    old = SignalGroup.objects.create(title="Oud", year=timezone.localdate().year - 2)
    client.force_login(StaffFactory())

    response = client.post(reverse("parliament:signals"), {"signal": signal.pk, "group": old.pk})

    assert response.status_code == 302
    signal.refresh_from_db()
    assert signal.group is None
    assert "Choose a group of the same year." in client.get(response["Location"]).content.decode()


def test_too_many_tags_are_refused_and_no_group_is_made(client):
    signal = _signal(OrganisationFactory(), "Signaal")
    client.force_login(StaffFactory())

    client.post(
        reverse("parliament:signals"),
        {"signal": signal.pk, "tags": ",".join(f"t{i}" for i in range(12)), "new_group": "G"},
    )

    signal.refresh_from_db()
    assert signal.group is None
    assert not SignalGroup.objects.exists()


# --- The yearly report ---------------------------------------------------------------------


def test_the_report_counts_per_theme_and_wijk_and_lists_groups_without_names(client, district):
    year = timezone.localdate().year
    first, second = OrganisationFactory(name="Vzw Eerste"), OrganisationFactory(name="Vzw Tweede")
    person = MembershipFactory(organisation=first).user
    group = SignalGroup.objects.create(title="Speelruimte", summary="Te weinig plek.", year=year)
    _signal(first, "Geen speelplein", district=district, group=group, filed_by=person)
    _signal(second, "Speelplein te klein", group=group)
    _signal(second, "Dure huur")

    response = client.get(reverse("parliament:signal_report", args=[year]))

    html = response.content.decode()
    assert response.status_code == 200
    report = response.context["report"]
    assert (report.total, report.organisations) == (3, 2)
    assert report.per_district == [("Brugse Poort", 1), (None, 2)]
    assert "Speelruimte" in html and "Te weinig plek." in html
    assert "Filed by 2 organisations." in html
    assert "Dure huur" in html
    assert "<caption>Signals per theme</caption>" in html
    assert '<th scope="row">Brugse Poort</th>' in html
    for secret in ("Vzw Eerste", "Vzw Tweede", person.name, person.email):
        assert secret not in html
    assert reverse("parliament:signal_report_pdf", args=[year]) in html


def test_a_year_without_signals_says_so(client):
    year = timezone.localdate().year - 5
    response = client.get(reverse("parliament:signal_report", args=[year]))
    assert response.status_code == 200
    assert f"No signals were filed in {year}." in response.content.decode()


@pytest.mark.parametrize("offset", [None, 2])
def test_a_year_out_of_range_is_a_404(client, offset):
    year = 1999 if offset is None else timezone.localdate().year + offset
    assert client.get(reverse("parliament:signal_report", args=[year])).status_code == 404
    assert client.get(reverse("parliament:signal_report_pdf", args=[year])).status_code == 404


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_report_as_pdf(client, language):
    year = timezone.localdate().year
    group = SignalGroup.objects.create(title="Speelruimte", summary="Te weinig plek.", year=year)
    _signal(OrganisationFactory(), "Geen speelplein", group=group)
    _signal(OrganisationFactory(), "Dure huur")
    url = reverse("parliament:signal_report_pdf", args=[year])
    if language != "en":
        url = url.replace("/en/", f"/{language}/", 1)

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == f'attachment; filename="signalenbundel-{year}.pdf"'
    again = client.get(url)
    assert again.content == response.content


def test_an_empty_year_as_pdf(client):
    response = client.get(reverse("parliament:signal_report_pdf", args=[2001]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize("language", ["nl", "ar", "bg"])
def test_the_public_pages_render_in_every_language(client, language):
    from django.utils import translation

    body = _body()
    advice = make_advice(body, sent_days_ago=80, due_in=-20)
    make_advice(body, sent_days_ago=80, due_in=-20, answer=Advice.Answer.ACCEPTED)
    _signal(OrganisationFactory(), "Signaal")
    year = timezone.localdate().year
    with translation.override(language):
        urls = [
            reverse("parliament:advice_list"),
            reverse("parliament:advice", args=[advice.number]),
            reverse("parliament:signal_report", args=[year]),
        ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'lang="{language}"' in response.content.decode()


SIGNAL_LIST_QUERIES = 11


@pytest.mark.parametrize("how_many", [3, 60])
def test_the_signal_list_stays_within_a_fixed_query_budget(
    client, district, django_assert_max_num_queries, how_many
):
    year = timezone.localdate().year
    membership = MembershipFactory()
    groups = [SignalGroup.objects.create(title=f"Groep {i}", year=year) for i in range(3)]
    for index in range(how_many):
        signal = _signal(
            membership.organisation if index % 2 else OrganisationFactory(),
            f"Signaal {index}",
            district=district if index % 3 else None,
            group=groups[index % 3] if index % 4 else None,
        )
        signal.tags.set([])
    staff = StaffFactory()
    client.force_login(staff)
    client.post(
        reverse("parliament:signals"), {"signal": Signal.objects.first().pk, "tags": "a, b"}
    )
    client.get(reverse("parliament:signals"))  # the message is shown once

    with django_assert_max_num_queries(SIGNAL_LIST_QUERIES):
        assert client.get(reverse("parliament:signals")).status_code == 200
    client.force_login(membership.user)
    with django_assert_max_num_queries(SIGNAL_LIST_QUERIES):
        assert client.get(reverse("parliament:signals")).status_code == 200
