"""Who may see and tick which checklist: every role × page × own or other organisation.

Organisation A's checklist is for A's members only (any role, also while A is a
draft). Everyone else who is signed in gets a 404 — also city staff, who have
the back office — and an anonymous visitor is sent to sign in. A refusal
changes nothing.
"""

from __future__ import annotations

import pytest

from middenveld.accounts.tests.factories import AdministratorFactory, StaffFactory, UserFactory
from middenveld.core import rules
from middenveld.guide.models import Tick
from middenveld.guide.owners import ChecklistOwner
from middenveld.guide.tests.factories import TickFactory
from middenveld.organisations.models import MemberRole, Status
from middenveld.organisations.tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member_a", "admin_a", "member_b", "admin_b", "staff", "administrator"]
A_MEMBERS = {"member_a", "admin_a"}


@pytest.fixture
def users(org_a, org_b):
    return {
        "anonymous": None,
        "member_a": org_a.member,
        "admin_a": org_a.admin,
        "member_b": org_b.member,
        "admin_b": org_b.admin,
        "staff": StaffFactory(),
        "administrator": AdministratorFactory(),
    }


def _as(client, users, role):
    if users[role] is not None:
        client.force_login(users[role])
    return client


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "path",
    [
        "/wegwijzer/checklist/?voor=buurtwerk-rabot",
        "/wegwijzer/checklist.pdf?voor=buurtwerk-rabot",
        "/wegwijzer/vereniging-of-vzw/?voor=buurtwerk-rabot",
        "/en/wegwijzer/checklist/?voor=buurtwerk-rabot",
    ],
)
def test_only_members_of_a_see_as_checklist(client, guide, users, role, path):
    response = _as(client, users, role).get(path)
    if role in A_MEMBERS:
        assert response.status_code == 200
    elif role == "anonymous":
        if "/checklist" in path:
            assert response.status_code == 302
            assert "/aanmelden/" in response["Location"] or "login" in response["Location"]
        else:
            # The public step page ignores ?voor= for an anonymous visitor.
            assert response.status_code == 200
            assert b"Buurtwerk Rabot" not in response.content
    else:
        assert response.status_code == 404
        assert b"Buurtwerk Rabot" not in response.content


@pytest.mark.parametrize("role", ROLES)
def test_only_members_of_a_tick_as_checklist(client, guide, users, org_a, role):
    TickFactory(task=guide.tasks[1], organisation=org_a.organisation, done_by=org_a.admin)
    before = sorted(Tick.objects.values_list("task_id", "organisation_id", "user_id"))
    client = _as(client, users, role)
    tick = client.post(
        "/wegwijzer/checklist/afvinken/",
        {"task": guide.tasks[0].pk, "voor": "buurtwerk-rabot", "done": "1"},
    )
    untick = client.post(
        "/wegwijzer/checklist/afvinken/",
        {"task": guide.tasks[1].pk, "voor": "buurtwerk-rabot", "done": "0"},
    )
    after = sorted(Tick.objects.values_list("task_id", "organisation_id", "user_id"))
    if role in A_MEMBERS:
        assert (tick.status_code, untick.status_code) == (302, 302)
        assert after == [(guide.tasks[0].pk, org_a.organisation.pk, None)]
    else:
        expected = 302 if role == "anonymous" else 404
        assert (tick.status_code, untick.status_code) == (expected, expected)
        assert after == before


def test_an_unknown_organisation_is_the_same_404_as_someone_elses(client, guide, org_a, org_b):
    client.force_login(org_b.member)
    unknown = client.get("/wegwijzer/checklist/?voor=bestaat-niet")
    other = client.get("/wegwijzer/checklist/?voor=buurtwerk-rabot")
    assert unknown.status_code == other.status_code == 404


def test_a_persons_own_checklist_is_theirs_alone(client, guide, outsider, org_a):
    TickFactory(task=guide.tasks[0], user=outsider, done_by=outsider)
    client.force_login(org_a.member)
    html = client.get("/en/wegwijzer/checklist/?voor=mij").content.decode()
    assert "0 of 5 tasks done" in html  # their own, not the outsider's
    assert outsider.name not in html


def test_the_members_of_a_draft_registration_share_its_checklist(client, guide):
    draft = OrganisationFactory(name="Nieuwe groep", slug="nieuwe-groep", status=Status.DRAFT)
    person = MembershipFactory(organisation=draft, role=MemberRole.ADMIN).user
    client.force_login(person)
    assert client.get("/wegwijzer/checklist/?voor=nieuwe-groep").status_code == 200
    assert client.get("/wegwijzer/checklist.pdf?voor=nieuwe-groep").status_code == 200


def test_without_a_choice_a_member_sees_their_organisation_and_others_their_own(
    client, guide, org_a, outsider
):
    client.force_login(org_a.member)
    assert "Checklist of Buurtwerk Rabot" in client.get("/en/wegwijzer/checklist/").content.decode()
    client.force_login(outsider)
    html = client.get("/en/wegwijzer/checklist/").content.decode()
    assert f"Checklist of {outsider.name}" in html


def test_the_rules_say_the_same(guide, org_a, org_b, outsider):
    owner_a = ChecklistOwner(organisation=org_a.organisation)
    assert rules.check("guide.view_checklist", org_a.member, owner_a)
    assert rules.check("guide.tick", org_a.admin, owner_a)
    assert not rules.check("guide.view_checklist", org_b.admin, owner_a)
    assert not rules.check("guide.tick", StaffFactory(), owner_a)
    own = ChecklistOwner(user=outsider)
    assert rules.check("guide.tick", outsider, own)
    assert not rules.check("guide.view_checklist", UserFactory(), own)
    assert rules.check("guide.manage", StaffFactory())
    assert not rules.check("guide.manage", outsider)


def test_a_checklist_owner_is_exactly_one_organisation_or_one_person(org_a, outsider):
    with pytest.raises(ValueError):
        ChecklistOwner()
    with pytest.raises(ValueError):
        ChecklistOwner(organisation=org_a.organisation, user=outsider)


@pytest.mark.parametrize(
    "voor", ["\x00", "a\x00b", "<script>", "x" * 5000, "../../etc/passwd", "buurtwerk rabot", "é"]
)
def test_an_odd_owner_value_is_a_plain_404(client, guide, org_a, voor):
    client.force_login(org_a.member)
    assert client.get("/wegwijzer/checklist/", {"voor": voor}).status_code == 404
    assert client.get("/wegwijzer/checklist.pdf", {"voor": voor}).status_code == 404
    response = client.post(
        "/wegwijzer/checklist/afvinken/", {"task": guide.tasks[0].pk, "voor": voor, "done": "1"}
    )
    assert response.status_code == 404
    assert not Tick.objects.exists()
