"""The staff inbox: sources merged and sorted by due date, three scopes, who may see it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from middenveld.accounts.tests.factories import AdministratorFactory, StaffFactory
from middenveld.city.inbox import (
    COUNT_CAP,
    EVERYTHING,
    MINE,
    TEAMS,
    InboxItem,
    inbox_for,
    inbox_source,
    may_see_everything,
)
from middenveld.city.tests.conftest import make_kept_aside, make_question, make_submitted
from middenveld.core import rules
from middenveld.core.errors import Forbidden

pytestmark = pytest.mark.django_db

URL = "/en/beheer/inbox/"  # English pages: the tests read the words


def _keys(inbox):
    return [(item.source, item.title) for item in inbox.items]


def test_the_inbox_merges_every_source_soonest_due_first(teams):
    now = timezone.now()
    make_question(team=teams.a, subject="in three days", due=now + timedelta(days=3))
    make_question(team=teams.a, subject="late", due=now - timedelta(hours=3))
    make_kept_aside(received=now - timedelta(days=30))  # due long ago: first
    make_submitted(submitted=now - timedelta(days=1))  # due in ~10 working days: last

    inbox = inbox_for(teams.lead_a, kind=TEAMS)

    assert [item.source for item in inbox.items] == [
        "support.quarantine",
        "support.questions",
        "support.questions",
        "organisations.verification",
    ]
    assert inbox.items[1].title.endswith("late")
    assert inbox.items[1].state() == "late"
    dues = [item.due for item in inbox.items]
    assert dues == sorted(dues)
    counts = {s.key: n for s, n in inbox.counts}
    assert counts["support.questions"] == 2
    assert counts["support.quarantine"] == 1
    assert counts["organisations.verification"] == 1
    assert inbox.total == 4


def test_mine_holds_what_is_assigned_to_me_and_organisations_i_am_contact_for(teams):
    mine = make_question(team=teams.a, assignee=teams.member_a, subject="for member a")
    make_question(team=teams.a, assignee=teams.lead_a, subject="for the lead")
    make_question(team=teams.a, subject="nobody yet")
    make_submitted(contact_person=teams.member_a, name="Buurtwerk Mijn")
    make_submitted(contact_person=teams.lead_a, name="Buurtwerk Ander")
    make_kept_aside()

    inbox = inbox_for(teams.member_a, kind=MINE)

    assert [(i.source, i.organisation or i.title) for i in inbox.items] == [
        ("support.questions", f"{mine.reference} for member a"),
        ("organisations.verification", "Buurtwerk Mijn"),
    ]
    # Mails kept aside belong to nobody: not under "for me".
    assert ("support.quarantine", 0) in [(s.key, n) for s, n in inbox.counts]


def test_a_member_of_team_a_does_not_see_team_b_questions_in_for_my_teams(teams):
    make_question(team=teams.a, subject="for A")
    make_question(team=teams.b, subject="for B")

    titles = [i.title for i in inbox_for(teams.member_a, kind=TEAMS).items]

    assert any(t.endswith("for A") for t in titles)
    assert not any(t.endswith("for B") for t in titles)


def test_closed_and_merged_questions_are_not_waiting(teams):
    make_question(team=teams.a, status="closed")
    make_question(team=teams.a, status="waiting", subject="waiting for the asker")

    inbox = inbox_for(teams.lead_a, kind=TEAMS, source="support.questions")

    assert [i.title.split(" ", 1)[1] for i in inbox.items] == ["waiting for the asker"]


def test_everything_is_for_team_leads_and_administrators_only(teams):
    make_question(team=teams.b, subject="for B")
    plain = StaffFactory()

    assert may_see_everything(teams.lead_a)
    assert may_see_everything(AdministratorFactory())
    assert not may_see_everything(teams.member_a)
    assert not may_see_everything(plain)
    assert not rules.check("city.view_everything", plain)
    assert rules.check("city.view_everything", teams.lead_a)
    with pytest.raises(Forbidden):
        inbox_for(plain, kind=EVERYTHING)
    # A lead of team A sees team B's work under "everything".
    assert inbox_for(teams.lead_a, kind=EVERYTHING).total == 1


def test_a_source_filter_keeps_the_counts_of_every_source(teams):
    make_question(team=teams.a)
    make_kept_aside()

    inbox = inbox_for(teams.lead_a, kind=TEAMS, source="support.quarantine")

    assert {i.source for i in inbox.items} == {"support.quarantine"}
    assert inbox.total == 2
    assert inbox.shown_total == 1
    # An unknown source shows everything rather than failing.
    assert len(inbox_for(teams.lead_a, kind=TEAMS, source="nope").items) == 2


def test_a_source_is_hidden_from_people_without_its_rule(teams, citizen):
    make_question(team=teams.a)
    inbox = inbox_for(citizen, kind=MINE)
    assert inbox.counts == []


def test_counts_stop_at_the_cap(teams, monkeypatch):
    monkeypatch.setattr("middenveld.city.inbox.COUNT_CAP", 2)
    for _ in range(4):
        make_question(team=teams.a)
    counts = {s.key: n for s, n in inbox_for(teams.lead_a, kind=TEAMS).counts}
    assert counts["support.questions"] == 3


def test_a_new_module_plugs_in_a_source(teams, monkeypatch):
    from middenveld.city import inbox as registry

    monkeypatch.setattr(registry, "_SOURCES", dict(registry._SOURCES))
    soon = timezone.now() + timedelta(minutes=5)

    def bookings(scope, limit):
        items = [InboxItem(title="Zaal 1", url="/beheer/", since=timezone.now(), due=soon)]
        return items[:limit], 1

    inbox_source("spaces.approvals", label="Booking requests", items=bookings, order=5)
    make_question(team=teams.a)

    inbox = inbox_for(teams.lead_a, kind=TEAMS)

    assert inbox.items[0].source == "spaces.approvals"
    assert inbox.items[0].state() == "soon"
    assert len(inbox.items) == 2


# --- the page -----------------------------------------------------------------------


def test_anonymous_people_are_sent_to_sign_in(client):
    from django.urls import reverse

    response = client.get(URL, follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))
    assert "Waiting" not in response.content.decode()


def test_a_citizen_is_refused(client, citizen):
    client.force_login(citizen)
    response = client.get(URL, follow=True)
    assert response.status_code == 403


def test_the_page_lists_items_with_due_words_not_only_colour(client, teams):
    now = timezone.now()
    make_question(team=teams.a, assignee=teams.member_a, subject="Late one", due=now - timedelta(1))
    make_question(
        team=teams.a, assignee=teams.member_a, subject="Soon one", due=now + timedelta(hours=5)
    )
    client.force_login(teams.member_a)

    response = client.get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Late one" in html and "Soon one" in html
    assert html.index("Late one") < html.index("Soon one")
    assert ">Late<" in html
    assert "Due within a day" in html
    assert "For my teams" in html
    assert "?scope=all" not in html  # no "Everything" tab for a plain member


def test_everything_is_refused_on_the_page_for_a_member_who_leads_no_team(client, teams):
    client.force_login(teams.member_a)
    assert client.get(URL + "?scope=all").status_code == 403


def test_a_lead_gets_the_everything_tab(client, teams):
    make_question(team=teams.b, subject="Team B question")
    client.force_login(teams.lead_a)

    response = client.get(URL + "?scope=all")

    assert response.status_code == 200
    assert "Team B question" in response.content.decode()


def test_nonsense_in_the_query_string_is_no_error(client, teams):
    client.force_login(teams.member_a)
    assert client.get(URL + "?scope=%00x&source=<b>").status_code == 200


def test_unread_notifications_show_at_the_top_and_can_be_marked_read(client, teams):
    from middenveld.city.services import notify

    note = notify(recipient=teams.member_a, kind="test", sentence="Something for you")
    client.force_login(teams.member_a)

    assert "Something for you" in client.get(URL).content.decode()

    response = client.post("/mijn/meldingen/gelezen/", {"id": note.pk, "next": URL})
    assert response.status_code == 302
    assert response["Location"] == URL
    note.refresh_from_db()
    assert note.read_at is not None
    assert "Something for you" not in client.get(URL).content.decode()


def test_the_back_office_start_page_shows_the_inbox_counts(client, teams):
    make_question(team=teams.a, assignee=teams.member_a)
    make_question(team=teams.a)
    client.force_login(teams.member_a)

    response = client.get("/en/beheer/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Waiting in your inbox" in html
    assert '/en/beheer/inbox/?scope=teams&amp;source=support.questions">2<' in html
    assert '/en/beheer/inbox/?scope=mine&amp;source=support.questions">1<' in html


def test_the_count_filter_says_999_plus():
    from middenveld.city.templatetags.city_inbox import inbox_count

    assert inbox_count(COUNT_CAP + 1) == f"{COUNT_CAP}+"
    assert inbox_count(5) == "5"


# --- the API ------------------------------------------------------------------------


def test_the_api_gives_the_same_inbox_and_refuses_everything_to_a_plain_member(client, teams):
    make_question(team=teams.a, assignee=teams.member_a, subject="Via the API")

    client.force_login(teams.member_a)
    mine = client.get("/api/v1/inbox?scope=mine")
    assert mine.status_code == 200
    assert mine.json()["items"][0]["title"].endswith("Via the API")
    assert client.get("/api/v1/inbox?scope=all").status_code == 403

    client.force_login(teams.lead_a)
    assert client.get("/api/v1/inbox?scope=all").json()["total"] == 1
