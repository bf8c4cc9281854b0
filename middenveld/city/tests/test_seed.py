"""The city's demo organisation (city/seed.py): departments, teams, staff, and idempotence."""

from __future__ import annotations

import pytest

from middenveld.accounts.models import Role, User
from middenveld.accounts.seed import seed_accounts
from middenveld.city import seed
from middenveld.city.models import Department, Team, TeamMember
from middenveld.core.seeding import SeedContext

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        "departments": Department.objects.count(),
        "teams": Team.objects.count(),
        "members": TeamMember.objects.count(),
        "staff": User.objects.filter(role=Role.STAFF).count(),
    }


@pytest.fixture
def seeded() -> SeedContext:
    ctx = SeedContext(scale=1, write=lambda text: None)
    seed_accounts(ctx)
    seed.seed_city(ctx)
    return ctx


def test_ghent_departments_with_teams_that_answer_civil_society(seeded):
    names = set(Department.objects.values_list("name", flat=True))
    assert {
        "Dienst Welzijn en Gelijke Kansen",
        "Jeugddienst",
        "Dienst Beleidsparticipatie",
    } <= names
    assert Team.objects.count() >= 10
    assert not Department.objects.filter(teams__isnull=True).exists()
    assert seeded.counts["teams"] == Team.objects.count()


def test_every_team_has_one_lead_and_members_who_are_city_staff(seeded):
    for team in Team.objects.all():
        memberships = list(team.memberships.select_related("user"))
        assert len(memberships) >= 3, team
        assert sum(m.is_lead for m in memberships) == 1, team
        assert all(m.user.is_city_staff for m in memberships)


def test_staff_accounts_have_example_org_addresses_and_can_sign_in(seeded, client):
    staff = User.objects.filter(role=Role.STAFF).exclude(email="medewerker@example.org")
    assert staff.count() >= 30
    assert all(email.endswith("@example.org") for email in staff.values_list("email", flat=True))
    person = staff.order_by("email").first()
    assert person.check_password("middenveld-demo")
    assert person.email_verified_at is not None
    client.force_login(person)
    assert client.get("/beheer/").status_code == 200


def test_the_staff_demo_account_leads_a_team_and_works_in_another(seeded):
    lotte = User.objects.get(email="medewerker@example.org")
    memberships = {m.team.slug: m.is_lead for m in lotte.team_memberships.select_related("team")}
    assert memberships == {"middenveld": True, "buurtregie-noord": False}
    admin = User.objects.get(email="beheerder@example.org")
    assert admin.team_memberships.filter(is_lead=True).exists()


def test_a_second_run_creates_nothing(seeded):
    before = _counts()
    ctx = SeedContext(scale=1, write=lambda text: None)
    seed.seed_city(ctx)
    assert _counts() == before
    assert not any(ctx.counts.values())


def test_seeding_without_demo_accounts_still_gives_teams():
    seed.seed_city(SeedContext(scale=1, write=lambda text: None))
    assert Team.objects.count() >= 10
    assert not TeamMember.objects.filter(user__email="medewerker@example.org").exists()
