"""Departments and teams in the back office: administrators manage, staff can look."""

from __future__ import annotations

import pytest

from middenveld.accounts.tests.factories import StaffFactory
from middenveld.city.models import Team, TeamMember
from middenveld.support.tests.factories import DepartmentFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db


def test_staff_can_view_teams_but_not_change_them(client, teams):
    client.force_login(teams.member_a)

    listing = client.get("/beheer/city/team/")
    assert listing.status_code == 200
    assert "Team A" in listing.content.decode()
    assert client.get(f"/beheer/city/team/{teams.a.pk}/change/").status_code == 200
    assert client.get("/beheer/city/team/add/").status_code == 403
    response = client.post(
        f"/beheer/city/team/{teams.a.pk}/change/",
        {"name": "Renamed", "slug": teams.a.slug, "department": teams.a.department_id},
    )
    assert response.status_code == 403
    teams.a.refresh_from_db()
    assert teams.a.name == "Team A"


def test_a_citizen_cannot_open_the_team_pages(client, citizen):
    client.force_login(citizen)
    assert client.get("/beheer/city/team/", follow=True).status_code == 403


def test_an_administrator_adds_a_team_with_a_lead(client, administrator):
    department = DepartmentFactory()
    person = StaffFactory()
    client.force_login(administrator)

    response = client.post(
        "/beheer/city/team/add/",
        {
            "name": "Vrijetijdsloket",
            "slug": "vrijetijdsloket",
            "department": department.pk,
            "email": "",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
            "memberships-0-user": person.pk,
            "memberships-0-is_lead": "on",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    team = Team.objects.get(slug="vrijetijdsloket")
    assert TeamMember.objects.get(team=team).is_lead
    assert TeamMember.objects.get(team=team).user == person


def test_the_team_list_names_the_leads(client, administrator):
    lead = TeamMemberFactory(is_lead=True, user__name="Lea Lead")
    TeamMemberFactory(team=lead.team)
    client.force_login(administrator)
    html = client.get("/beheer/city/team/").content.decode()
    assert "Lea Lead" in html
    assert client.get("/beheer/city/department/").status_code == 200
